/*
 * rules_lex.c - tokenizer of the rules file format; see rules_lex.h.
 *
 * The input may be anything (it is fuzzed): every byte is either consumed
 * by a rule below or reported with its line and column.
 */
#include "rules_lex.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sqlscore__lex_init(struct sqlscore__lexer *lx, const char *src, size_t len,
                        const char *filename)
{
    memset(lx, 0, sizeof *lx);
    lx->src = src;
    lx->len = len;
    lx->line = 1;
    lx->col = 1;
    lx->filename = filename ? filename : "rules";
}

void sqlscore__lex_done(struct sqlscore__lexer *lx)
{
    sqlscore__free(lx->buf);
    lx->buf = NULL;
    lx->cap = 0;
}

int sqlscore__lex_error(const struct sqlscore__lexer *lx, int line, int col, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return sqlscore__fail(SQLSCORE_EPARSE, "%s:%d:%d: %s", lx->filename, line, col, msg);
}

static int rlex_peekc(const struct sqlscore__lexer *lx, size_t ahead)
{
    return lx->pos + ahead < lx->len ? (unsigned char)lx->src[lx->pos + ahead] : -1;
}

/* Advance one byte, keeping line and column (columns count code points). */
static void rlex_adv(struct sqlscore__lexer *lx)
{
    unsigned char c = (unsigned char)lx->src[lx->pos++];
    if (c == '\n') {
        lx->line++;
        lx->col = 1;
    } else if ((c & 0xC0) != 0x80) {
        lx->col++;
    }
}

static int rlex_is_ident_start(int c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static int rlex_is_ident_char(int c)
{
    return rlex_is_ident_start(c) || (c >= '0' && c <= '9') || c == '.' || c == '-';
}

static int rlex_is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static int rlex_put(struct sqlscore__lexer *lx, size_t *n, const char *s, size_t k)
{
    if (sqlscore__grow((void **)&lx->buf, &lx->cap, *n + k + 1, 1) != SQLSCORE_OK)
        return SQLSCORE_ENOMEM;
    memcpy(lx->buf + *n, s, k);
    *n += k;
    lx->buf[*n] = '\0';
    return SQLSCORE_OK;
}

/* Encode code point cp as UTF-8 into out; returns the length. */
static size_t rlex_utf8_encode(uint32_t cp, char *out)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

static int rlex_hex(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static int rlex_string(struct sqlscore__lexer *lx, struct sqlscore__token *tok)
{
    size_t n = 0;
    rlex_adv(lx);                                  /* opening quote */
    if (rlex_put(lx, &n, "", 0) != SQLSCORE_OK)
        return SQLSCORE_ENOMEM;
    for (;;) {
        int c = rlex_peekc(lx, 0);
        int line = lx->line, col = lx->col;
        if (c < 0 || c == '\n')
            return sqlscore__lex_error(lx, tok->line, tok->col,
                                       "string not closed by '\"' before the end of the line");
        if (c == '"') {
            rlex_adv(lx);
            break;
        }
        if (c == '\\') {
            int e = rlex_peekc(lx, 1);
            char out[4];
            size_t k = 1;
            if (e == '"' || e == '\\') {
                out[0] = (char)e;
            } else if (e == 'n') {
                out[0] = '\n';
            } else if (e == 't') {
                out[0] = '\t';
            } else if (e == 'u') {
                uint32_t cp = 0;
                int i;
                for (i = 0; i < 4; i++) {
                    int h = rlex_hex(rlex_peekc(lx, 2 + (size_t)i));
                    if (h < 0)
                        return sqlscore__lex_error(lx, line, col,
                                                   "expected 4 hex digits after \\u");
                    cp = cp * 16 + (uint32_t)h;
                }
                if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF))
                    return sqlscore__lex_error(lx, line, col,
                                               "\\u%04X is not allowed in a string",
                                               (unsigned)cp);
                k = rlex_utf8_encode(cp, out);
                rlex_adv(lx);
                rlex_adv(lx);
                rlex_adv(lx);
                rlex_adv(lx);
            } else {
                return sqlscore__lex_error(lx, line, col,
                                           "unknown escape in string (use \\\" \\\\ \\n \\t "
                                           "or \\uXXXX)");
            }
            rlex_adv(lx);
            rlex_adv(lx);
            if (rlex_put(lx, &n, out, k) != SQLSCORE_OK)
                return SQLSCORE_ENOMEM;
            continue;
        }
        if (c < 0x20 || c == 0x7F) {
            if (c != '\t')
                return sqlscore__lex_error(lx, line, col,
                                           "control character 0x%02X in string (use an escape)",
                                           (unsigned)c);
        }
        if (c < 0x80) {
            char ch = (char)c;
            rlex_adv(lx);
            if (rlex_put(lx, &n, &ch, 1) != SQLSCORE_OK)
                return SQLSCORE_ENOMEM;
        } else {
            uint32_t cp;
            size_t k = sqlscore__utf8_decode(lx->src + lx->pos, lx->len - lx->pos, &cp);
            size_t i;
            if (k == 0)
                return sqlscore__lex_error(lx, line, col, "invalid UTF-8 in string");
            if (rlex_put(lx, &n, lx->src + lx->pos, k) != SQLSCORE_OK)
                return SQLSCORE_ENOMEM;
            for (i = 0; i < k; i++)
                rlex_adv(lx);
        }
    }
    tok->kind = SQLSCORE__TOK_STRING;
    tok->text = lx->buf;
    return SQLSCORE_OK;
}

static int rlex_number(struct sqlscore__lexer *lx, struct sqlscore__token *tok)
{
    size_t start = lx->pos, n = 0, ndig;
    int c, is_int = 1, signed_ = 0;
    char tmp[80];
    c = rlex_peekc(lx, 0);
    if (c == '+' || c == '-') {
        rlex_adv(lx);
        signed_ = 1;
    }
    while (rlex_is_digit(rlex_peekc(lx, 0)))
        rlex_adv(lx);
    if (rlex_peekc(lx, 0) == '.' && rlex_is_digit(rlex_peekc(lx, 1))) {
        is_int = 0;
        rlex_adv(lx);
        while (rlex_is_digit(rlex_peekc(lx, 0)))
            rlex_adv(lx);
    }
    c = rlex_peekc(lx, 0);
    if ((c == 'e' || c == 'E') &&
        (rlex_is_digit(rlex_peekc(lx, 1)) ||
         ((rlex_peekc(lx, 1) == '+' || rlex_peekc(lx, 1) == '-') && rlex_is_digit(rlex_peekc(lx, 2))))) {
        is_int = 0;
        rlex_adv(lx);
        rlex_adv(lx);
        while (rlex_is_digit(rlex_peekc(lx, 0)))
            rlex_adv(lx);
    }
    ndig = lx->pos - start;
    if (ndig >= sizeof tmp)
        return sqlscore__lex_error(lx, tok->line, tok->col, "number too long");
    memcpy(tmp, lx->src + start, ndig);
    tmp[ndig] = '\0';
    errno = 0;
    tok->number = strtod(tmp, NULL);
    if (!isfinite(tok->number))
        return sqlscore__lex_error(lx, tok->line, tok->col, "number %s is out of range", tmp);
    if (rlex_put(lx, &n, tmp, ndig) != SQLSCORE_OK)
        return SQLSCORE_ENOMEM;
    tok->text = lx->buf;
    tok->kind = SQLSCORE__TOK_NUMBER;

    c = rlex_peekc(lx, 0);
    if ((c == 's' || c == 'm' || c == 'h' || c == 'd' || c == 'w') &&
        !rlex_is_ident_char(rlex_peekc(lx, 1)) && rlex_peekc(lx, 1) != '+') {
        static const int64_t unit_s[] = { 1, 60, 3600, 86400, 604800 };
        int64_t count = 0, secs;
        size_t i;
        int u = c == 's' ? 0 : c == 'm' ? 1 : c == 'h' ? 2 : c == 'd' ? 3 : 4;
        if (!is_int || signed_)
            return sqlscore__lex_error(lx, tok->line, tok->col,
                                       "a duration is a whole number of units, like 14d");
        for (i = 0; i < ndig; i++)
            if (sqlscore__mul_i64(count, 10, &count) ||
                sqlscore__add_i64(count, tmp[i] - '0', &count))
                return sqlscore__lex_error(lx, tok->line, tok->col, "duration is out of range");
        if (sqlscore__mul_i64(count, unit_s[u], &secs))
            return sqlscore__lex_error(lx, tok->line, tok->col, "duration is out of range");
        rlex_adv(lx);
        tok->kind = SQLSCORE__TOK_DURATION;
        tok->seconds = secs;
        return SQLSCORE_OK;
    }
    if (c == '%') {
        rlex_adv(lx);
        tok->kind = SQLSCORE__TOK_PERCENT;
        return SQLSCORE_OK;
    }
    {
        /* "50000 USD": optional blanks then exactly three capitals. */
        size_t k = 0;
        while (rlex_peekc(lx, k) == ' ' || rlex_peekc(lx, k) == '\t')
            k++;
        if (rlex_peekc(lx, k) >= 'A' && rlex_peekc(lx, k) <= 'Z' &&
            rlex_peekc(lx, k + 1) >= 'A' && rlex_peekc(lx, k + 1) <= 'Z' &&
            rlex_peekc(lx, k + 2) >= 'A' && rlex_peekc(lx, k + 2) <= 'Z' &&
            !rlex_is_ident_char(rlex_peekc(lx, k + 3)) && rlex_peekc(lx, k + 3) != '+') {
            size_t i;
            for (i = 0; i < 3; i++)
                tok->currency[i] = (char)rlex_peekc(lx, k + i);
            tok->currency[3] = '\0';
            for (i = 0; i < k + 3; i++)
                rlex_adv(lx);
            tok->kind = SQLSCORE__TOK_MONEY;
            return SQLSCORE_OK;
        }
    }
    if (rlex_is_ident_char(c))
        return sqlscore__lex_error(lx, lx->line, lx->col,
                                   "unexpected '%c' after number %s (durations use s, m, h, d "
                                   "or w, as in 14d)", c, tmp);
    return SQLSCORE_OK;
}

int sqlscore__lex_next(struct sqlscore__lexer *lx, struct sqlscore__token *tok)
{
    int c;
    for (;;) {
        c = rlex_peekc(lx, 0);
        if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
            rlex_adv(lx);
        } else if (c == '#') {
            /* Comments may hold any UTF-8 but nothing else. */
            while ((c = rlex_peekc(lx, 0)) >= 0 && c != '\n') {
                if (c >= 0x80) {
                    uint32_t cp;
                    size_t k = sqlscore__utf8_decode(lx->src + lx->pos, lx->len - lx->pos, &cp);
                    if (k == 0)
                        return sqlscore__lex_error(lx, lx->line, lx->col,
                                                   "invalid UTF-8 in comment");
                    while (k-- > 0)
                        rlex_adv(lx);
                } else if (c == 0) {
                    return sqlscore__lex_error(lx, lx->line, lx->col, "NUL byte in comment");
                } else {
                    rlex_adv(lx);
                }
            }
        } else if (c == '\n' && lx->depth > 0) {
            rlex_adv(lx);
        } else {
            break;
        }
    }
    memset(tok, 0, sizeof *tok);
    tok->line = lx->line;
    tok->col = lx->col;
    tok->start = lx->src + lx->pos;
    tok->text = "";
    if (c < 0) {
        tok->kind = SQLSCORE__TOK_EOF;
        return SQLSCORE_OK;
    }
    if (c == '\n') {
        rlex_adv(lx);
        tok->kind = SQLSCORE__TOK_NEWLINE;
        tok->len = 1;
        return SQLSCORE_OK;
    }
    if (rlex_is_ident_start(c)) {
        size_t start = lx->pos, n = 0;
        while (rlex_is_ident_char(rlex_peekc(lx, 0)))
            rlex_adv(lx);
        if (rlex_peekc(lx, 0) == '+')
            rlex_adv(lx);
        if (rlex_put(lx, &n, lx->src + start, lx->pos - start) != SQLSCORE_OK)
            return SQLSCORE_ENOMEM;
        tok->kind = SQLSCORE__TOK_IDENT;
        tok->text = lx->buf;
    } else if (c == '"') {
        int rc = rlex_string(lx, tok);
        if (rc != SQLSCORE_OK)
            return rc;
    } else if (rlex_is_digit(c) ||
               ((c == '+' || c == '-') && rlex_is_digit(rlex_peekc(lx, 1)))) {
        int rc = rlex_number(lx, tok);
        if (rc != SQLSCORE_OK)
            return rc;
    } else if (c == '(' || c == ')' || c == ',' || c == ':') {
        if (c == '(') {
            tok->kind = SQLSCORE__TOK_LPAREN;
            lx->depth++;
        } else if (c == ')') {
            tok->kind = SQLSCORE__TOK_RPAREN;
            if (lx->depth > 0)
                lx->depth--;
        } else {
            tok->kind = c == ',' ? SQLSCORE__TOK_COMMA : SQLSCORE__TOK_COLON;
        }
        rlex_adv(lx);
    } else if (c == '=' || c == '!' || c == '<' || c == '>') {
        int d = rlex_peekc(lx, 1);
        tok->kind = SQLSCORE__TOK_OP;
        if (c == '=') {
            tok->op = SQLSCORE__OP_EQ;
            rlex_adv(lx);
            if (d == '=')
                rlex_adv(lx);
        } else if (c == '!') {
            if (d != '=')
                return sqlscore__lex_error(lx, tok->line, tok->col,
                                           "unexpected '!' (did you mean '!=' or 'not'?)");
            tok->op = SQLSCORE__OP_NE;
            rlex_adv(lx);
            rlex_adv(lx);
        } else if (c == '<') {
            rlex_adv(lx);
            if (d == '=') {
                tok->op = SQLSCORE__OP_LE;
                rlex_adv(lx);
            } else if (d == '>') {
                tok->op = SQLSCORE__OP_NE;
                rlex_adv(lx);
            } else {
                tok->op = SQLSCORE__OP_LT;
            }
        } else {
            rlex_adv(lx);
            if (d == '=') {
                tok->op = SQLSCORE__OP_GE;
                rlex_adv(lx);
            } else {
                tok->op = SQLSCORE__OP_GT;
            }
        }
    } else if (c >= 0x80) {
        uint32_t cp;
        if (sqlscore__utf8_decode(lx->src + lx->pos, lx->len - lx->pos, &cp) == 0)
            return sqlscore__lex_error(lx, tok->line, tok->col, "invalid UTF-8");
        return sqlscore__lex_error(lx, tok->line, tok->col,
                                   "unexpected character U+%04X (quote names that are not "
                                   "plain ASCII words)", (unsigned)cp);
    } else if (c < 0x20 || c == 0x7F) {
        return sqlscore__lex_error(lx, tok->line, tok->col, "unexpected control character 0x%02X",
                                   (unsigned)c);
    } else {
        return sqlscore__lex_error(lx, tok->line, tok->col, "unexpected character '%c'", c);
    }
    tok->len = (size_t)(lx->src + lx->pos - tok->start);
    return SQLSCORE_OK;
}

int sqlscore__lex_skip_block(struct sqlscore__lexer *lx, const char *end_word, int line, int col)
{
    size_t wl = strlen(end_word);
    /* rest of the opening line */
    while (lx->pos < lx->len && lx->src[lx->pos] != '\n')
        rlex_adv(lx);
    while (lx->pos < lx->len) {
        size_t p;
        rlex_adv(lx);                             /* the '\n' */
        p = lx->pos;
        while (p < lx->len && (lx->src[p] == ' ' || lx->src[p] == '\t' || lx->src[p] == '\r'))
            p++;
        if (lx->len - p >= wl && memcmp(lx->src + p, end_word, wl) == 0) {
            size_t q = p + wl;
            while (q < lx->len && (lx->src[q] == ' ' || lx->src[q] == '\t' || lx->src[q] == '\r'))
                q++;
            if (q >= lx->len || lx->src[q] == '\n' || lx->src[q] == '#') {
                while (lx->pos < lx->len && lx->src[lx->pos] != '\n')
                    rlex_adv(lx);
                lx->depth = 0;
                return SQLSCORE_OK;
            }
        }
        while (lx->pos < lx->len && lx->src[lx->pos] != '\n')
            rlex_adv(lx);
    }
    return sqlscore__lex_error(lx, line, col, "block not closed by a line '%s'", end_word);
}

/* Length of at most 40 bytes of s that does not split a UTF-8 sequence. */
static int rlex_cut(const char *s, size_t n)
{
    if (n <= 40)
        return (int)n;
    n = 40;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return (int)n;
}

const char *sqlscore__tok_describe(const struct sqlscore__token *tok, char *buf, size_t size)
{
    switch (tok->kind) {
    case SQLSCORE__TOK_EOF:
        snprintf(buf, size, "end of file");
        break;
    case SQLSCORE__TOK_NEWLINE:
        snprintf(buf, size, "end of line");
        break;
    case SQLSCORE__TOK_STRING:
        snprintf(buf, size, "string \"%.*s\"", rlex_cut(tok->text, strlen(tok->text)),
                 tok->text);
        break;
    default:
        snprintf(buf, size, "'%.*s'", rlex_cut(tok->start, tok->len), tok->start);
        break;
    }
    return buf;
}
