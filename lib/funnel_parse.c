/*
 * funnel_parse.c - the funnel section of the rules file format
 * (sqlscore-rules(5)): finding and parsing the `funnel ... end` block, and
 * writing a funnel back as such a block.
 *
 *   funnel "demand"
 *     stage inquiry
 *     stage mql sla 5d
 *     stage sql
 *     stage customer
 *     side nurture disqualified lost
 *     skip allowed
 *     sql_stage sql
 *   end
 *
 * The tokens come from the shared rules lexer (rules_lex.c); everything
 * outside the block belongs to the criteria parser and is only stepped over.
 */
#include "funnel_internal.h"
#include "rules_lex.h"

#include <stdio.h>
#include <string.h>

struct fp_parser {
    struct sqlscore__lexer lx;
    struct sqlscore__token tok;
};

static int fp_next(struct fp_parser *p)
{
    return sqlscore__lex_next(&p->lx, &p->tok);
}

static int fp_is(const struct fp_parser *p, const char *word)
{
    return p->tok.kind == SQLSCORE__TOK_IDENT && strcmp(p->tok.text, word) == 0;
}

static int fp_expected(struct fp_parser *p, const char *what)
{
    char d[100];
    return sqlscore__lex_error(&p->lx, p->tok.line, p->tok.col, "expected %s, found %s", what,
                               sqlscore__tok_describe(&p->tok, d, sizeof d));
}

/* The detail of the last failure without its "function: " prefix, to be
 * re-reported at a place in the file. */
static const char *fp_detail(void)
{
    const char *m = sqlscore_error_message(), *c = strstr(m, ": ");
    return c != NULL ? c + 2 : m;
}

/* Re-report a failure of the funnel API at (line, col); ENOMEM stays. */
static int fp_api_error(struct fp_parser *p, int rc, int line, int col)
{
    char msg[512];          /* the size of the error buffer */
    if (rc == SQLSCORE_ENOMEM)
        return rc;
    snprintf(msg, sizeof msg, "%s", fp_detail());
    return sqlscore__lex_error(&p->lx, line, col, "%s", msg);
}

/* A stage or funnel name: a bare word or a quoted string (needed for names
 * in other scripts, which the lexer's bare words do not cover).  The text
 * is in p->tok.text until the next token. */
static int fp_name(struct fp_parser *p, const char *what)
{
    if (p->tok.kind != SQLSCORE__TOK_IDENT && p->tok.kind != SQLSCORE__TOK_STRING)
        return fp_expected(p, what);
    return SQLSCORE_OK;
}

static int fp_end_of_line(struct fp_parser *p)
{
    if (p->tok.kind != SQLSCORE__TOK_NEWLINE && p->tok.kind != SQLSCORE__TOK_EOF)
        return fp_expected(p, "the end of the line");
    return SQLSCORE_OK;
}

static int fp_stage(struct fp_parser *p, sqlscore_funnel *f)
{
    char name[SQLSCORE__STAGE_NAME_MAX * 4 + 1];
    int line, col, rc;
    int64_t sla = 0;
    if ((rc = fp_next(p)) != SQLSCORE_OK || (rc = fp_name(p, "a stage name")) != SQLSCORE_OK)
        return rc;
    line = p->tok.line;
    col = p->tok.col;
    if (strlen(p->tok.text) >= sizeof name)
        return sqlscore__lex_error(&p->lx, line, col, "stage name longer than %d bytes",
                                   SQLSCORE__STAGE_NAME_MAX);
    strcpy(name, p->tok.text);
    if ((rc = fp_next(p)) != SQLSCORE_OK)
        return rc;
    if (fp_is(p, "sla")) {
        if ((rc = fp_next(p)) != SQLSCORE_OK)
            return rc;
        if (p->tok.kind != SQLSCORE__TOK_DURATION || p->tok.seconds <= 0)
            return fp_expected(p, "a maximum dwell time like 14d, 36h or 2w");
        sla = p->tok.seconds;
        if ((rc = fp_next(p)) != SQLSCORE_OK)
            return rc;
    }
    if ((rc = fp_end_of_line(p)) != SQLSCORE_OK)
        return rc;
    if ((rc = sqlscore_funnel_add_stage(f, name, sla)) != SQLSCORE_OK)
        return fp_api_error(p, rc, line, col);
    return SQLSCORE_OK;
}

static int fp_side(struct fp_parser *p, sqlscore_funnel *f)
{
    static const char *const names[3] = { "nurture", "disqualified", "lost" };
    int32_t mask = 0;
    int i, none = 0, any = 0;
    for (;;) {
        int rc;
        if ((rc = fp_next(p)) != SQLSCORE_OK)
            return rc;
        if (p->tok.kind == SQLSCORE__TOK_NEWLINE || p->tok.kind == SQLSCORE__TOK_EOF)
            break;
        if (fp_is(p, "none") && !any) {
            none = any = 1;
            continue;
        }
        for (i = 0; i < 3; i++)
            if (!none && fp_is(p, names[i]))
                break;
        if (i == 3)
            return fp_expected(p, none ? "the end of the line after 'none'"
                                       : "nurture, disqualified, lost or none");
        if (mask & (1 << i))
            return sqlscore__lex_error(&p->lx, p->tok.line, p->tok.col,
                                       "side stage '%s' listed twice", names[i]);
        mask |= 1 << i;
        any = 1;
    }
    if (!any)
        return fp_expected(p, "nurture, disqualified, lost or none");
    return sqlscore_funnel_set_side_stages(f, mask);
}

static int fp_block(struct fp_parser *p, sqlscore_funnel **out)
{
    sqlscore_funnel *f = NULL;
    int fline = p->tok.line, fcol = p->tok.col, rc;
    int seen_side = 0, seen_skip = 0, seen_sql = 0;

    if ((rc = fp_next(p)) != SQLSCORE_OK || (rc = fp_name(p, "the funnel name")) != SQLSCORE_OK)
        return rc;
    if ((rc = sqlscore_funnel_new(&f, p->tok.text)) != SQLSCORE_OK)
        return fp_api_error(p, rc, p->tok.line, p->tok.col);
    if ((rc = fp_next(p)) != SQLSCORE_OK || (rc = fp_end_of_line(p)) != SQLSCORE_OK)
        goto fail;
    for (;;) {
        int line, col;
        if ((rc = fp_next(p)) != SQLSCORE_OK)
            goto fail;
        line = p->tok.line;
        col = p->tok.col;
        if (p->tok.kind == SQLSCORE__TOK_NEWLINE)
            continue;
        if (p->tok.kind == SQLSCORE__TOK_EOF) {
            rc = sqlscore__lex_error(&p->lx, fline, fcol, "funnel block not closed by a line 'end'");
            goto fail;
        }
        if (fp_is(p, "end")) {
            if ((rc = fp_next(p)) != SQLSCORE_OK || (rc = fp_end_of_line(p)) != SQLSCORE_OK)
                goto fail;
            break;
        }
        if (fp_is(p, "stage")) {
            rc = fp_stage(p, f);
        } else if (fp_is(p, "side") || fp_is(p, "skip") || fp_is(p, "sql_stage")) {
            int *seen = fp_is(p, "side") ? &seen_side : fp_is(p, "skip") ? &seen_skip : &seen_sql;
            if (*seen) {
                rc = sqlscore__lex_error(&p->lx, line, col, "a second '%s' line", p->tok.text);
                goto fail;
            }
            *seen = 1;
            if (seen == &seen_side) {
                rc = fp_side(p, f);
            } else if (seen == &seen_skip) {
                if ((rc = fp_next(p)) != SQLSCORE_OK)
                    goto fail;
                if (fp_is(p, "allowed") || fp_is(p, "forbidden")) {
                    rc = sqlscore_funnel_set_skip(f, fp_is(p, "allowed")
                                                         ? SQLSCORE_FUNNEL_SKIP_ALLOWED
                                                         : SQLSCORE_FUNNEL_SKIP_FORBIDDEN);
                    if (rc == SQLSCORE_OK && (rc = fp_next(p)) == SQLSCORE_OK)
                        rc = fp_end_of_line(p);
                } else {
                    rc = fp_expected(p, "'allowed' or 'forbidden'");
                }
            } else {
                if ((rc = fp_next(p)) != SQLSCORE_OK || (rc = fp_name(p, "a stage name")) != SQLSCORE_OK)
                    goto fail;
                if ((rc = sqlscore_funnel_set_sql_stage(f, p->tok.text)) != SQLSCORE_OK) {
                    rc = fp_api_error(p, rc, p->tok.line, p->tok.col);
                    goto fail;
                }
                if ((rc = fp_next(p)) == SQLSCORE_OK)
                    rc = fp_end_of_line(p);
            }
        } else {
            char d[100];
            rc = sqlscore__lex_error(&p->lx, line, col,
                                     "unknown funnel statement %s (expected stage, side, skip, "
                                     "sql_stage or end)",
                                     sqlscore__tok_describe(&p->tok, d, sizeof d));
        }
        if (rc != SQLSCORE_OK)
            goto fail;
    }
    if ((rc = sqlscore_funnel_build(f)) != SQLSCORE_OK) {
        rc = fp_api_error(p, rc, fline, fcol);
        goto fail;
    }
    *out = f;
    return SQLSCORE_OK;
fail:
    sqlscore_funnel_free(f);
    return rc;
}

SQLSCORE_API int sqlscore_funnel_parse(sqlscore_funnel **out, const char *text, size_t len,
                                       const char *filename)
{
    static const char fn[] = "sqlscore_funnel_parse";
    struct fp_parser p;
    sqlscore_funnel *found = NULL;
    int rc, line_start = 1;

    SQLSCORE__CHECK_NULL(out, fn, "out");
    if (text == NULL && len > 0)
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: text is NULL", fn);
    if (filename != NULL && (rc = sqlscore__check_text(filename, fn, "filename")) != SQLSCORE_OK)
        return rc;
    if (text != NULL && !sqlscore__utf8_valid(text, len))
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: text is not valid UTF-8", fn);
    sqlscore__lex_init(&p.lx, text != NULL ? text : "", len, filename);
    for (;;) {
        if ((rc = fp_next(&p)) != SQLSCORE_OK)
            goto out;
        if (p.tok.kind == SQLSCORE__TOK_EOF)
            break;
        if (p.tok.kind == SQLSCORE__TOK_NEWLINE) {
            line_start = 1;
            continue;
        }
        if (line_start && fp_is(&p, "funnel")) {
            sqlscore_funnel *f = NULL;
            int line = p.tok.line, col = p.tok.col;
            if (found != NULL) {
                rc = sqlscore__lex_error(&p.lx, line, col, "a second funnel block (a rules "
                                         "file holds at most one)");
                goto out;
            }
            if ((rc = fp_block(&p, &f)) != SQLSCORE_OK)
                goto out;
            found = f;
            line_start = 1;         /* fp_block stops on the end line's newline */
            continue;
        }
        line_start = 0;
    }
    if (found == NULL) {
        rc = sqlscore__fail(SQLSCORE_ENOTFOUND, "%s: %s has no funnel block", fn,
                            filename != NULL ? filename : "rules");
        goto out;
    }
    *out = found;
    found = NULL;
    rc = SQLSCORE_OK;
out:
    sqlscore_funnel_free(found);
    sqlscore__lex_done(&p.lx);
    return rc;
}

/* ---- writing ------------------------------------------------------------- */

struct fw_buf {
    char *s;
    size_t n, cap;
    int failed;
};

static void fw_puts(struct fw_buf *b, const char *s)
{
    size_t k = strlen(s);
    if (b->failed)
        return;
    if (sqlscore__grow((void **)&b->s, &b->cap, b->n + k + 1, 1) != SQLSCORE_OK) {
        b->failed = 1;
        return;
    }
    memcpy(b->s + b->n, s, k + 1);
    b->n += k;
}

/* Bare when the lexer reads it back as one word, else quoted (identifiers
 * never contain quotes, backslashes or control characters). */
static void fw_name(struct fw_buf *b, const char *name)
{
    const char *c;
    int bare = !(name[0] >= '0' && name[0] <= '9');
    for (c = name; *c && bare; c++)
        bare = (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || *c == '_' ||
               (*c >= '0' && *c <= '9');
    if (bare) {
        fw_puts(b, name);
    } else {
        fw_puts(b, "\"");
        fw_puts(b, name);
        fw_puts(b, "\"");
    }
}

static void fw_duration(struct fw_buf *b, int64_t s)
{
    static const struct { int64_t secs; const char *unit; } units[] = {
        { 604800, "w" }, { 86400, "d" }, { 3600, "h" }, { 60, "m" }, { 1, "s" } };
    char num[32];
    size_t i;
    for (i = 0; i < 4 && s % units[i].secs != 0; i++)
        ;
    snprintf(num, sizeof num, "%lld%s", (long long)(s / units[i].secs), units[i].unit);
    fw_puts(b, num);
}

SQLSCORE_API int sqlscore_funnel_write(const sqlscore_funnel *funnel, char **text)
{
    static const char fn[] = "sqlscore_funnel_write";
    static const char *const side_names[3] = { "nurture", "disqualified", "lost" };
    struct fw_buf b = { NULL, 0, 0, 0 };
    int32_t i;
    SQLSCORE__CHECK_NULL(funnel, fn, "funnel");
    SQLSCORE__CHECK_NULL(text, fn, "text");
    if (!funnel->built)
        return sqlscore__fail(SQLSCORE_ESTATE, "%s: funnel '%s' is not built", fn, funnel->name);
    fw_puts(&b, "funnel \"");
    fw_puts(&b, funnel->name);
    fw_puts(&b, "\"\n");
    for (i = 0; i < funnel->n_main; i++) {
        fw_puts(&b, "  stage ");
        fw_name(&b, funnel->stages[i].name);
        if (funnel->stages[i].max_dwell > 0) {
            fw_puts(&b, " sla ");
            fw_duration(&b, funnel->stages[i].max_dwell);
        }
        fw_puts(&b, "\n");
    }
    fw_puts(&b, "  side");
    if (funnel->side_mask == 0)
        fw_puts(&b, " none");
    for (i = 0; i < 3; i++)
        if (funnel->side_mask & (1 << i)) {
            fw_puts(&b, " ");
            fw_puts(&b, side_names[i]);
        }
    fw_puts(&b, funnel->skip == SQLSCORE_FUNNEL_SKIP_ALLOWED ? "\n  skip allowed\n"
                                                             : "\n  skip forbidden\n");
    fw_puts(&b, "  sql_stage ");
    fw_name(&b, funnel->stages[funnel->sql].name);
    fw_puts(&b, "\nend\n");
    if (b.failed) {
        sqlscore__free(b.s);
        return SQLSCORE_ENOMEM;
    }
    *text = b.s;
    return SQLSCORE_OK;
}
