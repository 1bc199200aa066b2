/*
 * rules_lex.h - the tokenizer of the rules file format (sqlscore-rules(5)),
 * shared by the criteria parser (rules_parse.c) and the funnel parser.
 * Never installed.
 *
 * The lexer walks a text of known length and tracks line and column (both
 * 1-based; columns count code points, so an error under a UTF-8 name points
 * at the right character).  A newline is a token (the format is line
 * oriented) except inside parentheses, so a long condition can be wrapped
 * in ( ... ) over several lines.  '#' starts a comment to the end of the
 * line; '\r' counts as white space so CRLF files read the same.
 *
 * Tokens:
 *   IDENT     [A-Za-z_][A-Za-z0-9_.-]* with an optional trailing '+'
 *             (so grades read "A+", "B-"; keywords like "half-life" are one
 *             token).  tok.text holds it.
 *   STRING    "..." UTF-8 with escapes \" \\ \n \t \uXXXX; no raw control
 *             characters, no NUL.  tok.text holds the decoded text.
 *   NUMBER    [+-]?digits[.digits][e[+-]digits]; tok.number, tok.text (raw).
 *   DURATION  digits followed directly by s, m, h, d or w (seconds, minutes,
 *             hours, days, weeks): 14d, 2w, 36h; tok.seconds.
 *   PERCENT   a number followed directly by '%': tok.number (10% -> 10).
 *   MONEY     a number followed by optional blanks and an ISO 4217 code
 *             (3 uppercase letters): "50000 USD", "99.90EUR"; tok.text is the
 *             number as written, tok.currency the code.
 *   OP        = == != <> < <= > >= ; tok.op is a SQLSCORE__OP_* value.
 *   LPAREN, RPAREN, COMMA, COLON.
 *   NEWLINE   end of a logical line; EOF at the end.
 *
 * tok.text points into a buffer the lexer owns and reuses: copy what you
 * keep before asking for the next token.
 */
#ifndef SQLSCORE_RULES_LEX_H
#define SQLSCORE_RULES_LEX_H

#include "internal.h"

#define SQLSCORE__TOK_EOF      0
#define SQLSCORE__TOK_NEWLINE  1
#define SQLSCORE__TOK_IDENT    2
#define SQLSCORE__TOK_STRING   3
#define SQLSCORE__TOK_NUMBER   4
#define SQLSCORE__TOK_DURATION 5
#define SQLSCORE__TOK_PERCENT  6
#define SQLSCORE__TOK_MONEY    7
#define SQLSCORE__TOK_OP       8
#define SQLSCORE__TOK_LPAREN   9
#define SQLSCORE__TOK_RPAREN  10
#define SQLSCORE__TOK_COMMA   11
#define SQLSCORE__TOK_COLON   12

#define SQLSCORE__OP_EQ 1
#define SQLSCORE__OP_NE 2
#define SQLSCORE__OP_LT 3
#define SQLSCORE__OP_LE 4
#define SQLSCORE__OP_GT 5
#define SQLSCORE__OP_GE 6

struct sqlscore__token {
    int kind;
    int line, col;          /* where the token starts */
    const char *start;      /* raw source span */
    size_t len;
    const char *text;       /* see above; "" when the kind has no text */
    double number;
    int64_t seconds;
    char currency[4];
    int op;
};

struct sqlscore__lexer {
    const char *src;
    size_t len, pos;
    int line, col;
    const char *filename;   /* "rules" when the caller gave none */
    int depth;              /* open parentheses */
    char *buf;              /* decoded text of the current token */
    size_t cap;
};

/* Start lexing len bytes of src (no NUL terminator needed); filename is
 * used in error messages, NULL means "rules".  Never fails. */
SQLSCORE__INTERNAL void sqlscore__lex_init(struct sqlscore__lexer *lx, const char *src, size_t len,
                                           const char *filename);

/* Release the lexer's buffer. */
SQLSCORE__INTERNAL void sqlscore__lex_done(struct sqlscore__lexer *lx);

/* Read the next token.  Returns SQLSCORE_OK, SQLSCORE_EPARSE (detail
 * "FILE:LINE:COL: message" recorded) or SQLSCORE_ENOMEM. */
SQLSCORE__INTERNAL int sqlscore__lex_next(struct sqlscore__lexer *lx, struct sqlscore__token *tok);

/* Record "FILE:LINE:COL: message" and return SQLSCORE_EPARSE. */
SQLSCORE__INTERNAL int sqlscore__lex_error(const struct sqlscore__lexer *lx, int line, int col,
                                           const char *fmt, ...) SQLSCORE__PRINTF(4, 5);

/* Skip raw lines: the rest of the current line, then whole lines up to and
 * including the first one whose only word is end_word (blanks and a
 * trailing comment allowed).  Used to step over blocks another parser owns
 * (funnel ... end).  At the end of the text without end_word it records an
 * error at (line, col), the start of the block, and returns SQLSCORE_EPARSE. */
SQLSCORE__INTERNAL int sqlscore__lex_skip_block(struct sqlscore__lexer *lx, const char *end_word,
                                                int line, int col);

/* A short description of a token for "expected X, found Y" messages, e.g.
 * "'tresh'", "string \"abc\"", "end of line".  Writes into buf. */
SQLSCORE__INTERNAL const char *sqlscore__tok_describe(const struct sqlscore__token *tok, char *buf,
                                                      size_t size);

#endif
