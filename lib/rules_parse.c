/*
 * rules_parse.c - the rules file parser (sqlscore-rules(5)) and the
 * predicate parser the builder API uses.
 *
 * Recursive descent over the tokens of rules_lex.c, one statement per
 * logical line.  Predicates nest at most SQLSCORE__PARSE_DEPTH deep so
 * hostile input cannot exhaust the stack.  Every error carries
 * FILE:LINE:COL and what was expected.
 */
#include "criteria_internal.h"
#include "money_internal.h"
#include "rules_lex.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define SQLSCORE__PARSE_DEPTH 64

struct rp_parser {
    struct sqlscore__lexer lx;
    struct sqlscore__token tok;
    int value_only;      /* predicate names must be "value" */
    int depth;
    const sqlscore_criteria *crit;
};

static int rp_next(struct rp_parser *p)
{
    return sqlscore__lex_next(&p->lx, &p->tok);
}

static int rp_is(const struct rp_parser *p, const char *word)
{
    return p->tok.kind == SQLSCORE__TOK_IDENT && strcmp(p->tok.text, word) == 0;
}

static int rp_expected(struct rp_parser *p, const char *what)
{
    char d[100];
    return sqlscore__lex_error(&p->lx, p->tok.line, p->tok.col, "expected %s, found %s", what,
                               sqlscore__tok_describe(&p->tok, d, sizeof d));
}

static int rp_expect_kw(struct rp_parser *p, const char *word)
{
    char what[64];
    if (!rp_is(p, word)) {
        snprintf(what, sizeof what, "'%s'", word);
        return rp_expected(p, what);
    }
    return rp_next(p);
}

/* Words that cannot be bare attribute names (the writer quotes them). */
static const char *const rp_reserved[] = {
    "not", "and", "or", "in", "is", "between", "contains", "starts", "ends", "with",
    "within", "older", "than", "true", "false", "set", "empty", "met", "unknown", "if",
    "then", NULL
};

static int rp_reserved_word(const char *s)
{
    size_t i;
    for (i = 0; rp_reserved[i]; i++)
        if (strcmp(rp_reserved[i], s) == 0)
            return 1;
    return 0;
}

/* A name: a quoted string or a plain word; copied to *out. */
static int rp_name(struct rp_parser *p, char **out, const char *what)
{
    int rc;
    if (p->tok.kind == SQLSCORE__TOK_STRING ||
        (p->tok.kind == SQLSCORE__TOK_IDENT && !rp_reserved_word(p->tok.text))) {
        char *name;
        if (p->tok.kind == SQLSCORE__TOK_STRING && p->tok.text[0] == '\0')
            return sqlscore__lex_error(&p->lx, p->tok.line, p->tok.col, "%s is empty", what);
        if ((name = sqlscore__strdup(p->tok.text)) == NULL)
            return SQLSCORE_ENOMEM;
        /* The name is handed out only with success: callers free nothing
         * on failure (a bad token right after a name used to leak it). */
        if ((rc = rp_next(p)) != SQLSCORE_OK) {
            sqlscore__free(name);
            return rc;
        }
        *out = name;
        return SQLSCORE_OK;
    }
    return rp_expected(p, what);
}

/* Money literal: the number as written, converted exactly into the
 * currency's minor units by the money module.  More decimals than the
 * currency has would be rounded silently, so they are an error instead. */
static int rp_money(struct rp_parser *p, struct sqlscore__lit *l)
{
    const char *t = p->tok.text, *dot;
    int digits = sqlscore__currency_digits(p->tok.currency);
    int rc;
    if (digits < 0)
        return sqlscore__lex_error(&p->lx, p->tok.line, p->tok.col,
                                   "unknown currency '%s' (expected an ISO 4217 code like USD)",
                                   p->tok.currency);
    if (*t == '+')
        t++;
    if (strpbrk(t, "eE") != NULL)
        return sqlscore__lex_error(&p->lx, p->tok.line, p->tok.col,
                                   "write money as a plain decimal, like 1500.50 %s",
                                   p->tok.currency);
    dot = strchr(t, '.');
    if (dot != NULL && strlen(dot + 1) > (size_t)digits)
        return sqlscore__lex_error(&p->lx, p->tok.line, p->tok.col,
                                   "%s %s has more than the %d decimal places of %s", t,
                                   p->tok.currency, digits, p->tok.currency);
    rc = sqlscore_money_parse(&l->minor, t, p->tok.currency, SQLSCORE_ROUND_HALF_EVEN);
    if (rc == SQLSCORE_ENOMEM)
        return rc;
    if (rc != SQLSCORE_OK)
        return sqlscore__lex_error(&p->lx, p->tok.line, p->tok.col, "money amount %s %s is %s", t,
                                   p->tok.currency,
                                   rc == SQLSCORE_ERANGE ? "out of range" : "not valid");
    l->kind = SQLSCORE__LIT_MONEY;
    memcpy(l->currency, p->tok.currency, 4);
    l->digits = digits;
    return SQLSCORE_OK;
}

static int rp_literal(struct rp_parser *p, struct sqlscore__lit *l)
{
    int rc;
    memset(l, 0, sizeof *l);
    switch (p->tok.kind) {
    case SQLSCORE__TOK_NUMBER:
        l->kind = SQLSCORE__LIT_NUMBER;
        l->num = p->tok.number;
        break;
    case SQLSCORE__TOK_STRING:
        l->kind = SQLSCORE__LIT_STRING;
        if ((l->str = sqlscore__strdup(p->tok.text)) == NULL)
            return SQLSCORE_ENOMEM;
        break;
    case SQLSCORE__TOK_MONEY:
        if ((rc = rp_money(p, l)) != SQLSCORE_OK)
            return rc;
        break;
    case SQLSCORE__TOK_IDENT:
        if (strcmp(p->tok.text, "true") == 0 || strcmp(p->tok.text, "false") == 0) {
            l->kind = SQLSCORE__LIT_BOOL;
            l->num = p->tok.text[0] == 't';
            break;
        }
        /* fall through */
    default:
        return rp_expected(p, "a value (number, \"text\", money like 5000 USD, true or false)");
    }
    if ((rc = rp_next(p)) != SQLSCORE_OK) {
        sqlscore__free(l->str);
        l->str = NULL;
    }
    return rc;
}

static int rp_node(struct sqlscore__pred **out, int kind)
{
    struct sqlscore__pred *n = sqlscore__calloc(1, sizeof *n);
    if (n == NULL)
        return SQLSCORE_ENOMEM;
    n->kind = kind;
    *out = n;
    return SQLSCORE_OK;
}

static int rp_or(struct rp_parser *p, struct sqlscore__pred **out);

static int rp_add_lit(struct sqlscore__pred *n, size_t *cap, struct sqlscore__lit *l)
{
    if (sqlscore__grow((void **)&n->lits, cap, n->nlits + 1, sizeof *n->lits) != SQLSCORE_OK) {
        sqlscore__free(l->str);
        return SQLSCORE_ENOMEM;
    }
    n->lits[n->nlits++] = *l;
    return SQLSCORE_OK;
}

static int rp_text_lit(struct rp_parser *p, struct sqlscore__pred *n, size_t *cap)
{
    struct sqlscore__lit l;
    int rc;
    if (p->tok.kind != SQLSCORE__TOK_STRING)
        return rp_expected(p, "a quoted text");
    if ((rc = rp_literal(p, &l)) != SQLSCORE_OK)
        return rc;
    return rp_add_lit(n, cap, &l);
}

static int rp_term(struct rp_parser *p, struct sqlscore__pred **out)
{
    struct sqlscore__pred *n = NULL;
    struct sqlscore__lit l;
    size_t cap = 0;
    char *name = NULL;
    int rc, line = p->tok.line, col = p->tok.col, negate = 0;

    if ((rc = rp_name(p, &name, "an attribute name")) != SQLSCORE_OK)
        return rc;
    if (p->value_only && strcmp(name, "value") != 0) {
        sqlscore__free(name);
        return sqlscore__lex_error(&p->lx, line, col,
                                   "an engagement condition tests only 'value' (the event's "
                                   "number)");
    }
    if ((rc = rp_node(&n, SQLSCORE__P_CMP)) != SQLSCORE_OK) {
        sqlscore__free(name);
        return rc;
    }
    n->name = name;
    if (p->tok.kind == SQLSCORE__TOK_OP) {
        n->op = p->tok.op;
        if ((rc = rp_next(p)) != SQLSCORE_OK || (rc = rp_literal(p, &l)) != SQLSCORE_OK ||
            (rc = rp_add_lit(n, &cap, &l)) != SQLSCORE_OK)
            goto fail;
    } else if (rp_is(p, "between")) {
        n->kind = SQLSCORE__P_BETWEEN;
        if ((rc = rp_next(p)) != SQLSCORE_OK || (rc = rp_literal(p, &l)) != SQLSCORE_OK ||
            (rc = rp_add_lit(n, &cap, &l)) != SQLSCORE_OK ||
            (rc = rp_expect_kw(p, "and")) != SQLSCORE_OK ||
            (rc = rp_literal(p, &l)) != SQLSCORE_OK || (rc = rp_add_lit(n, &cap, &l)) != SQLSCORE_OK)
            goto fail;
    } else if (rp_is(p, "in") || rp_is(p, "not")) {
        if (rp_is(p, "not")) {
            negate = 1;
            if ((rc = rp_next(p)) != SQLSCORE_OK)
                goto fail;
            if (!rp_is(p, "in")) {
                rc = rp_expected(p, "'in' after 'not'");
                goto fail;
            }
        }
        n->kind = SQLSCORE__P_IN;
        if ((rc = rp_next(p)) != SQLSCORE_OK)
            goto fail;
        if (p->tok.kind != SQLSCORE__TOK_LPAREN) {
            rc = rp_expected(p, "'(' starting the list of values");
            goto fail;
        }
        if ((rc = rp_next(p)) != SQLSCORE_OK)
            goto fail;
        for (;;) {
            if ((rc = rp_literal(p, &l)) != SQLSCORE_OK || (rc = rp_add_lit(n, &cap, &l)) != SQLSCORE_OK)
                goto fail;
            if (p->tok.kind == SQLSCORE__TOK_COMMA) {
                if ((rc = rp_next(p)) != SQLSCORE_OK)
                    goto fail;
                continue;
            }
            if (p->tok.kind == SQLSCORE__TOK_RPAREN)
                break;
            rc = rp_expected(p, "',' or ')' in the list of values");
            goto fail;
        }
        if ((rc = rp_next(p)) != SQLSCORE_OK)
            goto fail;
    } else if (rp_is(p, "contains")) {
        n->kind = SQLSCORE__P_CONTAINS;
        if ((rc = rp_next(p)) != SQLSCORE_OK || (rc = rp_text_lit(p, n, &cap)) != SQLSCORE_OK)
            goto fail;
    } else if (rp_is(p, "starts") || rp_is(p, "ends")) {
        n->kind = rp_is(p, "starts") ? SQLSCORE__P_STARTS : SQLSCORE__P_ENDS;
        if ((rc = rp_next(p)) != SQLSCORE_OK || (rc = rp_expect_kw(p, "with")) != SQLSCORE_OK ||
            (rc = rp_text_lit(p, n, &cap)) != SQLSCORE_OK)
            goto fail;
    } else if (rp_is(p, "within") || rp_is(p, "older")) {
        n->kind = rp_is(p, "within") ? SQLSCORE__P_WITHIN : SQLSCORE__P_OLDER;
        if ((rc = rp_next(p)) != SQLSCORE_OK)
            goto fail;
        if (n->kind == SQLSCORE__P_OLDER && (rc = rp_expect_kw(p, "than")) != SQLSCORE_OK)
            goto fail;
        if (p->tok.kind != SQLSCORE__TOK_DURATION) {
            rc = rp_expected(p, "a duration like 14d");
            goto fail;
        }
        n->seconds = p->tok.seconds;
        if ((rc = rp_next(p)) != SQLSCORE_OK)
            goto fail;
    } else if (rp_is(p, "is")) {
        int neg = 0;
        if ((rc = rp_next(p)) != SQLSCORE_OK)
            goto fail;
        if (rp_is(p, "not")) {
            neg = 1;
            if ((rc = rp_next(p)) != SQLSCORE_OK)
                goto fail;
        }
        if (rp_is(p, "set") || rp_is(p, "empty")) {
            n->kind = rp_is(p, "set") ? SQLSCORE__P_SET : SQLSCORE__P_EMPTY;
            negate = neg;
        } else if (rp_is(p, "met") || (!neg && rp_is(p, "unknown"))) {
            if (p->value_only) {
                rc = sqlscore__lex_error(&p->lx, p->tok.line, p->tok.col,
                                         "an engagement condition cannot test checklist items");
                goto fail;
            }
            n->kind = SQLSCORE__P_CHECK;
            n->state = rp_is(p, "unknown") ? SQLSCORE_CHECK_UNKNOWN
                       : neg ? SQLSCORE_CHECK_NOT_MET : SQLSCORE_CHECK_MET;
        } else if (!neg && (rp_is(p, "true") || rp_is(p, "false"))) {
            memset(&l, 0, sizeof l);
            l.kind = SQLSCORE__LIT_BOOL;
            l.num = rp_is(p, "true");
            n->op = SQLSCORE__OP_EQ;
            if ((rc = rp_add_lit(n, &cap, &l)) != SQLSCORE_OK)
                goto fail;
        } else {
            rc = rp_expected(p, neg ? "set, empty or met after 'is not'"
                                    : "set, empty, met, unknown, true or false after 'is'");
            goto fail;
        }
        if ((rc = rp_next(p)) != SQLSCORE_OK)
            goto fail;
    } else {
        rc = rp_expected(p, "a comparison (= != < <= > >=), between, in, contains, starts with, "
                            "ends with, within, older than or is");
        goto fail;
    }
    if (negate) {
        struct sqlscore__pred *m;
        if ((rc = rp_node(&m, SQLSCORE__P_NOT)) != SQLSCORE_OK)
            goto fail;
        m->a = n;
        n = m;
    }
    *out = n;
    return SQLSCORE_OK;
fail:
    sqlscore__pred_free(n);
    return rc;
}

static int rp_unary(struct rp_parser *p, struct sqlscore__pred **out)
{
    int rc;
    if (++p->depth > SQLSCORE__PARSE_DEPTH) {
        return sqlscore__lex_error(&p->lx, p->tok.line, p->tok.col,
                                   "condition nested more than %d deep", SQLSCORE__PARSE_DEPTH);
    }
    if (rp_is(p, "not")) {
        struct sqlscore__pred *n, *a;
        if ((rc = rp_next(p)) != SQLSCORE_OK || (rc = rp_unary(p, &a)) != SQLSCORE_OK)
            goto done;
        if ((rc = rp_node(&n, SQLSCORE__P_NOT)) != SQLSCORE_OK) {
            sqlscore__pred_free(a);
            goto done;
        }
        n->a = a;
        *out = n;
    } else if (p->tok.kind == SQLSCORE__TOK_LPAREN) {
        struct sqlscore__pred *a;
        if ((rc = rp_next(p)) != SQLSCORE_OK || (rc = rp_or(p, &a)) != SQLSCORE_OK)
            goto done;
        if (p->tok.kind != SQLSCORE__TOK_RPAREN) {
            sqlscore__pred_free(a);
            rc = rp_expected(p, "')'");
            goto done;
        }
        if ((rc = rp_next(p)) != SQLSCORE_OK) {
            sqlscore__pred_free(a);
            goto done;
        }
        *out = a;
    } else {
        rc = rp_term(p, out);
    }
done:
    p->depth--;
    return rc;
}

static int rp_binary(struct rp_parser *p, struct sqlscore__pred **out, int kind)
{
    struct sqlscore__pred *left, *right, *n;
    const char *word = kind == SQLSCORE__P_OR ? "or" : "and";
    int rc = kind == SQLSCORE__P_OR ? rp_binary(p, &left, SQLSCORE__P_AND) : rp_unary(p, &left);
    if (rc != SQLSCORE_OK)
        return rc;
    while (rp_is(p, word)) {
        if ((rc = rp_next(p)) != SQLSCORE_OK)
            goto fail;
        rc = kind == SQLSCORE__P_OR ? rp_binary(p, &right, SQLSCORE__P_AND) : rp_unary(p, &right);
        if (rc != SQLSCORE_OK)
            goto fail;
        if ((rc = rp_node(&n, kind)) != SQLSCORE_OK) {
            sqlscore__pred_free(right);
            goto fail;
        }
        n->a = left;
        n->b = right;
        left = n;
    }
    *out = left;
    return SQLSCORE_OK;
fail:
    sqlscore__pred_free(left);
    return rc;
}

static int rp_or(struct rp_parser *p, struct sqlscore__pred **out)
{
    return rp_binary(p, out, SQLSCORE__P_OR);
}

int sqlscore__pred_parse(struct sqlscore__pred **out, const char *text, int value_only,
                         const char *where)
{
    struct rp_parser p;
    struct sqlscore__pred *pred = NULL;
    int rc;
    memset(&p, 0, sizeof p);
    sqlscore__lex_init(&p.lx, text, strlen(text), where);
    p.value_only = value_only;
    if ((rc = rp_next(&p)) == SQLSCORE_OK && (rc = rp_or(&p, &pred)) == SQLSCORE_OK &&
        p.tok.kind != SQLSCORE__TOK_EOF) {
        rc = rp_expected(&p, "the end of the condition (or 'and', 'or')");
        sqlscore__pred_free(pred);
    }
    sqlscore__lex_done(&p.lx);
    if (rc == SQLSCORE_OK)
        *out = pred;
    return rc;
}

/* ---- statements ---------------------------------------------------------- */

static int rp_number(struct rp_parser *p, double *out, const char *what)
{
    if (p->tok.kind != SQLSCORE__TOK_NUMBER)
        return rp_expected(p, what);
    *out = p->tok.number;
    return rp_next(p);
}

static int rp_integer(struct rp_parser *p, int64_t lo, int64_t hi, int64_t *out, const char *what)
{
    double v = p->tok.number;
    if (p->tok.kind != SQLSCORE__TOK_NUMBER || v != floor(v))
        return rp_expected(p, what);
    if (v < (double)lo || v > (double)hi)
        return sqlscore__lex_error(&p->lx, p->tok.line, p->tok.col, "%s must be %lld..%lld",
                                   what, (long long)lo, (long long)hi);
    *out = (int64_t)v;
    return rp_next(p);
}

static int rp_end_of_statement(struct rp_parser *p)
{
    if (p->tok.kind == SQLSCORE__TOK_NEWLINE || p->tok.kind == SQLSCORE__TOK_EOF)
        return SQLSCORE_OK;
    return rp_expected(p, "end of line");
}

/* gcc 12's -fanalyzer gives up on this file's call chains as too complex
 * and then reports a NULL name after rp_name() succeeded, which cannot
 * happen (rp_name sets *out on success); the sanitizer, valgrind and fuzz
 * runs exercise these paths for real.  Only this warning, only here. */
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 10
#  pragma GCC diagnostic push
#  pragma GCC diagnostic ignored "-Wanalyzer-null-argument"
#endif
static int rp_rule_name(struct rp_parser *p, sqlscore_criteria *c, char **out)
{
    int line = p->tok.line, col = p->tok.col, rc;
    size_t i;
    if ((rc = rp_name(p, out, "a rule name in quotes")) != SQLSCORE_OK)
        return rc;
    for (i = 0; i < c->nrules; i++)
        if (strcmp(c->rules[i].name, *out) == 0) {
            rc = sqlscore__lex_error(&p->lx, line, col,
                                     "duplicate rule name '%s' (first used on line %d)", *out,
                                     c->rules[i].line);
            sqlscore__free(*out);
            *out = NULL;
            return rc;
        }
    return SQLSCORE_OK;
}

static int rp_group_ref(struct rp_parser *p, const sqlscore_criteria *c, int32_t *group)
{
    char *name = NULL;
    int line, col, rc;
    size_t i;
    *group = -1;
    if (!rp_is(p, "in"))
        return SQLSCORE_OK;
    if ((rc = rp_next(p)) != SQLSCORE_OK || (rc = rp_expect_kw(p, "group")) != SQLSCORE_OK)
        return rc;
    line = p->tok.line;
    col = p->tok.col;
    if ((rc = rp_name(p, &name, "a group name")) != SQLSCORE_OK)
        return rc;
    for (i = 0; i < c->ngroups; i++)
        if (strcmp(c->groups[i].name, name) == 0) {
            *group = (int32_t)i;
            sqlscore__free(name);
            return SQLSCORE_OK;
        }
    rc = sqlscore__lex_error(&p->lx, line, col, "unknown group '%s' (declare it first with a "
                             "'group' line)", name);
    sqlscore__free(name);
    return rc;
}
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 10
#  pragma GCC diagnostic pop
#endif

static int rp_is_unit(const struct rp_parser *p, const char *one, const char *many)
{
    return rp_is(p, one) || rp_is(p, many);
}

/* EFFECT := N points [and N grades] | N grades [and N points] */
static int rp_effect(struct rp_parser *p, struct sqlscore__rule *r)
{
    int have_points = 0, have_steps = 0, rc;
    for (;;) {
        double v = 0;
        int line = p->tok.line, col = p->tok.col;
        if ((rc = rp_number(p, &v, "a number of points or grades, like +10 points")) != SQLSCORE_OK)
            return rc;
        if (!have_points && rp_is_unit(p, "point", "points")) {
            have_points = 1;
            r->points = v;
        } else if (!have_steps && rp_is_unit(p, "grade", "grades")) {
            if (v != floor(v) || v < -12 || v > 12)
                return sqlscore__lex_error(&p->lx, line, col,
                                           "grade steps must be a whole number in -12..12");
            have_steps = 1;
            r->steps = (int32_t)v;
        } else {
            return rp_expected(p, have_points ? "'grades'" : have_steps ? "'points'"
                                                                        : "'points' or 'grades'");
        }
        if ((rc = rp_next(p)) != SQLSCORE_OK)
            return rc;
        if (!rp_is(p, "and") || (have_points && have_steps))
            break;
        if ((rc = rp_next(p)) != SQLSCORE_OK)
            return rc;
    }
    if (r->points == 0 && r->steps == 0)
        return sqlscore__lex_error(&p->lx, r->line, 1, "rule '%s' gives neither points nor "
                                   "grade steps", r->name);
    return SQLSCORE_OK;
}

static int rp_duration(struct rp_parser *p, int64_t *out)
{
    if (p->tok.kind != SQLSCORE__TOK_DURATION)
        return rp_expected(p, "a duration like 14d, 2w or 36h");
    if (p->tok.seconds <= 0)
        return sqlscore__lex_error(&p->lx, p->tok.line, p->tok.col, "duration must be positive");
    *out = p->tok.seconds;
    return rp_next(p);
}

static int rp_engagement_tail(struct rp_parser *p, struct sqlscore__rule *r)
{
    int rc;
    int64_t v;
    /* occurrences */
    if (rp_is(p, "once")) {
        r->limit = 1;
        if ((rc = rp_next(p)) != SQLSCORE_OK)
            return rc;
    } else if (rp_is(p, "each")) {
        if ((rc = rp_next(p)) != SQLSCORE_OK)
            return rc;
    } else if (rp_is(p, "max")) {
        if ((rc = rp_next(p)) != SQLSCORE_OK ||
            (rc = rp_integer(p, 1, INT32_MAX, &v, "a maximum count")) != SQLSCORE_OK)
            return rc;
        r->limit = (int32_t)v;
        if (rp_is(p, "times") && (rc = rp_next(p)) != SQLSCORE_OK)
            return rc;
        if (rp_is(p, "per")) {
            if ((rc = rp_next(p)) != SQLSCORE_OK || (rc = rp_duration(p, &r->limit_window)) != SQLSCORE_OK)
                return rc;
        }
    }
    if (rp_is(p, "decay")) {
        if ((rc = rp_next(p)) != SQLSCORE_OK)
            return rc;
        if (rp_is(p, "half-life")) {
            r->decay = SQLSCORE_DECAY_HALF_LIFE;
            if ((rc = rp_next(p)) != SQLSCORE_OK || (rc = rp_duration(p, &r->period)) != SQLSCORE_OK)
                return rc;
        } else if (rp_is(p, "window")) {
            r->decay = SQLSCORE_DECAY_WINDOW;
            if ((rc = rp_next(p)) != SQLSCORE_OK || (rc = rp_duration(p, &r->period)) != SQLSCORE_OK)
                return rc;
        } else if (rp_is(p, "linear")) {
            r->decay = SQLSCORE_DECAY_LINEAR;
            if ((rc = rp_next(p)) != SQLSCORE_OK)
                return rc;
            if (p->tok.kind != SQLSCORE__TOK_PERCENT)
                return rp_expected(p, "a percentage like 10%");
            if (!(p->tok.number > 0 && p->tok.number <= 100))
                return sqlscore__lex_error(&p->lx, p->tok.line, p->tok.col,
                                           "linear decay must be more than 0%% and at most 100%% "
                                           "per period");
            r->percent = p->tok.number;
            if ((rc = rp_next(p)) != SQLSCORE_OK || (rc = rp_expect_kw(p, "per")) != SQLSCORE_OK ||
                (rc = rp_duration(p, &r->period)) != SQLSCORE_OK)
                return rc;
        } else {
            return rp_expected(p, "half-life, linear or window after 'decay'");
        }
    }
    return SQLSCORE_OK;
}

static int rp_rule(struct rp_parser *p, sqlscore_criteria *c, int kind)
{
    struct sqlscore__rule r;
    int rc;
    memset(&r, 0, sizeof r);
    r.kind = kind;
    r.group = -1;
    r.line = p->tok.line;
    if ((rc = rp_next(p)) != SQLSCORE_OK || (rc = rp_rule_name(p, c, &r.name)) != SQLSCORE_OK)
        goto fail;
    if ((kind == SQLSCORE__R_FIT || kind == SQLSCORE__R_ENGAGEMENT) &&
        (rc = rp_group_ref(p, c, &r.group)) != SQLSCORE_OK)
        goto fail;
    if (kind == SQLSCORE__R_ENGAGEMENT) {
        if ((rc = rp_expect_kw(p, "on")) != SQLSCORE_OK)
            goto fail;
        if (rp_is(p, "event") && (rc = rp_next(p)) != SQLSCORE_OK)
            goto fail;
        if ((rc = rp_name(p, &r.event, "an event type")) != SQLSCORE_OK)
            goto fail;
        if (rp_is(p, "if")) {
            p->value_only = 1;
            rc = rp_next(p);
            if (rc == SQLSCORE_OK)
                rc = rp_or(p, &r.pred);
            p->value_only = 0;
            if (rc != SQLSCORE_OK)
                goto fail;
        }
    } else {
        if ((rc = rp_expect_kw(p, "if")) != SQLSCORE_OK || (rc = rp_or(p, &r.pred)) != SQLSCORE_OK)
            goto fail;
    }
    if (kind == SQLSCORE__R_FIT || kind == SQLSCORE__R_ENGAGEMENT) {
        int line = p->tok.line, col = p->tok.col;
        if ((rc = rp_expect_kw(p, "then")) != SQLSCORE_OK || (rc = rp_effect(p, &r)) != SQLSCORE_OK)
            goto fail;
        if (kind == SQLSCORE__R_ENGAGEMENT) {
            if (r.steps != 0) {
                rc = sqlscore__lex_error(&p->lx, line, col,
                                         "engagement rules give points, not grades");
                goto fail;
            }
            if ((rc = rp_engagement_tail(p, &r)) != SQLSCORE_OK)
                goto fail;
        }
    }
    if ((rc = rp_end_of_statement(p)) != SQLSCORE_OK)
        goto fail;
    return sqlscore__criteria_add_rule(c, &r, "rules");
fail:
    sqlscore__free(r.name);
    sqlscore__free(r.event);
    sqlscore__pred_free(r.pred);
    return rc;
}

static int rp_threshold(struct rp_parser *p, sqlscore_criteria *c, int sql)
{
    int line = p->tok.line, col = p->tok.col, rc;
    double score = 0;
    int32_t grade = SQLSCORE_GRADE_NONE;
    if (sql ? c->has_sql : c->has_mql)
        return sqlscore__lex_error(&p->lx, line, col, "the %s threshold is set twice",
                                   sql ? "SQL" : "MQL");
    if ((rc = rp_next(p)) != SQLSCORE_OK || (rc = rp_expect_kw(p, "at")) != SQLSCORE_OK ||
        (rc = rp_expect_kw(p, "score")) != SQLSCORE_OK ||
        (rc = rp_number(p, &score, "a score")) != SQLSCORE_OK)
        return rc;
    if (rp_is(p, "and")) {
        if ((rc = rp_next(p)) != SQLSCORE_OK || (rc = rp_expect_kw(p, "grade")) != SQLSCORE_OK)
            return rc;
        if (p->tok.kind != SQLSCORE__TOK_IDENT || (grade = sqlscore__grade_from_name(p->tok.text)) < 0)
            return rp_expected(p, "a grade from A+ to F");
        if ((rc = rp_next(p)) != SQLSCORE_OK)
            return rc;
    }
    if ((rc = rp_end_of_statement(p)) != SQLSCORE_OK)
        return rc;
    if (sql) {
        c->has_sql = 1;
        c->sql = score;
        c->sql_grade = grade;
    } else {
        c->has_mql = 1;
        c->mql = score;
        c->mql_grade = grade;
    }
    return SQLSCORE_OK;
}

static int rp_statement(struct rp_parser *p, sqlscore_criteria *c)
{
    int line = p->tok.line, col = p->tok.col, rc;
    char d[100];
    if (p->tok.kind != SQLSCORE__TOK_IDENT)
        return rp_expected(p, "a statement (criteria, framework, group, total, fit, engagement, "
                              "disqualify, gate, mql, sql or funnel)");
    if (rp_is(p, "fit"))
        return rp_rule(p, c, SQLSCORE__R_FIT);
    if (rp_is(p, "engagement"))
        return rp_rule(p, c, SQLSCORE__R_ENGAGEMENT);
    if (rp_is(p, "disqualify"))
        return rp_rule(p, c, SQLSCORE__R_DISQUALIFY);
    if (rp_is(p, "gate"))
        return rp_rule(p, c, SQLSCORE__R_GATE);
    if (rp_is(p, "mql") || rp_is(p, "sql"))
        return rp_threshold(p, c, rp_is(p, "sql"));
    if (rp_is(p, "funnel"))
        return sqlscore__lex_skip_block(&p->lx, "end", line, col) != SQLSCORE_OK
                   ? SQLSCORE_EPARSE
                   : rp_next(p);
    if (rp_is(p, "criteria")) {
        char *name = NULL;
        int64_t version = 1;
        if (c->name != NULL)
            return sqlscore__lex_error(&p->lx, line, col, "a second 'criteria' line");
        if ((rc = rp_next(p)) != SQLSCORE_OK || (rc = rp_name(p, &name, "the criteria name in quotes")) != SQLSCORE_OK)
            return rc;
        if (rp_is(p, "version") &&
            ((rc = rp_next(p)) != SQLSCORE_OK ||
             (rc = rp_integer(p, 0, INT32_MAX, &version, "a version number")) != SQLSCORE_OK)) {
            sqlscore__free(name);
            return rc;
        }
        if ((rc = rp_end_of_statement(p)) != SQLSCORE_OK) {
            sqlscore__free(name);
            return rc;
        }
        c->name = name;
        c->version = (int32_t)version;
        return SQLSCORE_OK;
    }
    if (rp_is(p, "framework")) {
        char *name = NULL, **items = NULL;
        size_t n = 0, cap = 0, i;
        if (c->framework != NULL)
            return sqlscore__lex_error(&p->lx, line, col, "a second 'framework' line");
        if ((rc = rp_next(p)) != SQLSCORE_OK || (rc = rp_name(p, &name, "the framework name")) != SQLSCORE_OK)
            return rc;
        if ((rc = rp_expect_kw(p, "items")) != SQLSCORE_OK)
            goto fw_fail;
        for (;;) {
            char *item = NULL;
            int il = p->tok.line, ic = p->tok.col;
            if ((rc = rp_name(p, &item, "an item name")) != SQLSCORE_OK)
                goto fw_fail;
            for (i = 0; i < n; i++)
                if (strcmp(items[i], item) == 0) {
                    rc = sqlscore__lex_error(&p->lx, il, ic, "item '%s' listed twice", item);
                    sqlscore__free(item);
                    goto fw_fail;
                }
            if (sqlscore__grow((void **)&items, &cap, n + 1, sizeof *items) != SQLSCORE_OK) {
                sqlscore__free(item);
                rc = SQLSCORE_ENOMEM;
                goto fw_fail;
            }
            items[n++] = item;
            if (p->tok.kind != SQLSCORE__TOK_COMMA)
                break;
            if ((rc = rp_next(p)) != SQLSCORE_OK)
                goto fw_fail;
        }
        if ((rc = rp_end_of_statement(p)) != SQLSCORE_OK)
            goto fw_fail;
        c->framework = name;
        c->items = items;
        c->nitems = n;
        return SQLSCORE_OK;
fw_fail:
        for (i = 0; i < n; i++)
            sqlscore__free(items[i]);
        sqlscore__free(items);
        sqlscore__free(name);
        return rc;
    }
    if (rp_is(p, "group") || rp_is(p, "total")) {
        int total = rp_is(p, "total");
        char *name = NULL;
        double cap = 0;
        size_t i;
        if (total && c->has_total_cap)
            return sqlscore__lex_error(&p->lx, line, col, "a second 'total cap' line");
        if ((rc = rp_next(p)) != SQLSCORE_OK)
            return rc;
        if (!total) {
            int gl = p->tok.line, gc = p->tok.col;
            if ((rc = rp_name(p, &name, "a group name")) != SQLSCORE_OK)
                return rc;
            for (i = 0; i < c->ngroups; i++)
                if (strcmp(c->groups[i].name, name) == 0) {
                    rc = sqlscore__lex_error(&p->lx, gl, gc, "group '%s' declared twice", name);
                    sqlscore__free(name);
                    return rc;
                }
        }
        if ((rc = rp_expect_kw(p, "cap")) != SQLSCORE_OK) {
            sqlscore__free(name);
            return rc;
        }
        if (p->tok.kind == SQLSCORE__TOK_NUMBER && p->tok.number < 0) {
            sqlscore__free(name);
            return sqlscore__lex_error(&p->lx, p->tok.line, p->tok.col, "a cap cannot be negative");
        }
        if ((rc = rp_number(p, &cap, "a cap (points)")) != SQLSCORE_OK ||
            (rc = rp_end_of_statement(p)) != SQLSCORE_OK) {
            sqlscore__free(name);
            return rc;
        }
        if (total) {
            c->has_total_cap = 1;
            c->total_cap = cap;
            return SQLSCORE_OK;
        }
        if (sqlscore__grow((void **)&c->groups, &c->capgroups, c->ngroups + 1,
                           sizeof *c->groups) != SQLSCORE_OK) {
            sqlscore__free(name);
            return SQLSCORE_ENOMEM;
        }
        c->groups[c->ngroups].name = name;
        c->groups[c->ngroups].cap = cap;
        c->ngroups++;
        return SQLSCORE_OK;
    }
    return sqlscore__lex_error(&p->lx, line, col,
                               "unknown keyword %s (expected criteria, framework, group, total, "
                               "fit, engagement, disqualify, gate, mql, sql or funnel)",
                               sqlscore__tok_describe(&p->tok, d, sizeof d));
}

SQLSCORE_API int sqlscore_criteria_parse(sqlscore_criteria **out, const char *text, size_t len,
                                         const char *filename)
{
    static const char fn[] = "sqlscore_criteria_parse";
    struct rp_parser p;
    sqlscore_criteria *c;
    int rc;
    SQLSCORE__CHECK_NULL(out, fn, "out");
    SQLSCORE__CHECK_NULL(text, fn, "text");
    if (filename != NULL && !sqlscore__utf8_valid(filename, strlen(filename)))
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: filename is not valid UTF-8", fn);
    c = sqlscore__calloc(1, sizeof *c);
    if (c == NULL)
        return SQLSCORE_ENOMEM;
    c->mql_grade = SQLSCORE_GRADE_NONE;
    c->sql_grade = SQLSCORE_GRADE_NONE;
    memset(&p, 0, sizeof p);
    sqlscore__lex_init(&p.lx, text, len, filename);
    p.crit = c;
    rc = rp_next(&p);
    while (rc == SQLSCORE_OK) {
        if (p.tok.kind == SQLSCORE__TOK_EOF)
            break;
        if (p.tok.kind == SQLSCORE__TOK_NEWLINE) {
            rc = rp_next(&p);
            continue;
        }
        rc = rp_statement(&p, c);
    }
    if (rc == SQLSCORE_OK && c->name == NULL)
        rc = sqlscore__lex_error(&p.lx, 1, 1, "missing the line 'criteria \"NAME\" version N'");
    if (rc == SQLSCORE_OK)
        rc = sqlscore__criteria_finish(c, p.lx.filename, p.tok.line);
    sqlscore__lex_done(&p.lx);
    if (rc != SQLSCORE_OK) {
        sqlscore_criteria_free(c);
        return rc;
    }
    *out = c;
    return SQLSCORE_OK;
}
