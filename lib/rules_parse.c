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
/* Tests per condition.  "a or b or c ..." builds a left-deep tree that the
 * evaluator, writer and destructor walk recursively: bounding its size
 * bounds their stack use too. */
#define SQLSCORE__PARSE_TESTS 1024

struct rparse_parser {
    struct sqlscore__lexer lx;
    struct sqlscore__token tok;
    int value_only;      /* predicate names must be "value" */
    int depth;
    int tests;           /* tests in the current condition */
    const sqlscore_criteria *crit;
};

static int rparse_next(struct rparse_parser *p)
{
    return sqlscore__lex_next(&p->lx, &p->tok);
}

static int rparse_is(const struct rparse_parser *p, const char *word)
{
    return p->tok.kind == SQLSCORE__TOK_IDENT && strcmp(p->tok.text, word) == 0;
}

static int rparse_expected(struct rparse_parser *p, const char *what)
{
    char d[100];
    return sqlscore__lex_error(&p->lx, p->tok.line, p->tok.col, "expected %s, found %s", what,
                               sqlscore__tok_describe(&p->tok, d, sizeof d));
}

static int rparse_expect_kw(struct rparse_parser *p, const char *word)
{
    if (!rparse_is(p, word)) {
        char what[64];
        snprintf(what, sizeof what, "'%s'", word);
        return rparse_expected(p, what);
    }
    return rparse_next(p);
}

/* Words that cannot be bare attribute names (the writer quotes them). */
static const char *const rparse_reserved[] = {
    "not", "and", "or", "in", "is", "between", "contains", "starts", "ends", "with",
    "within", "older", "than", "true", "false", "set", "empty", "met", "unknown", "if",
    "then", NULL
};

static int rparse_reserved_word(const char *s)
{
    size_t i;
    for (i = 0; rparse_reserved[i]; i++)
        if (strcmp(rparse_reserved[i], s) == 0)
            return 1;
    return 0;
}

/* A name: a quoted string or a plain word; copied to *out. */
static int rparse_name(struct rparse_parser *p, char **out, const char *what)
{
    if (p->tok.kind == SQLSCORE__TOK_STRING ||
        (p->tok.kind == SQLSCORE__TOK_IDENT && !rparse_reserved_word(p->tok.text))) {
        if (p->tok.kind == SQLSCORE__TOK_STRING && p->tok.text[0] == '\0')
            return sqlscore__lex_error(&p->lx, p->tok.line, p->tok.col, "%s is empty", what);
        char *copy = sqlscore__strdup(p->tok.text);
        int rc;
        if (copy == NULL)
            return SQLSCORE_ENOMEM;
        if ((rc = rparse_next(p)) != SQLSCORE_OK) {
            sqlscore__free(copy);
            return rc;
        }
        *out = copy;
        return SQLSCORE_OK;
    }
    return rparse_expected(p, what);
}

/* Money literal: the number as written, converted exactly into the
 * currency's minor units by the money module.  More decimals than the
 * currency has would be rounded silently, so they are an error instead. */
static int rparse_money(struct rparse_parser *p, struct sqlscore__lit *l)
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

static int rparse_literal(struct rparse_parser *p, struct sqlscore__lit *l)
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
        if ((rc = rparse_money(p, l)) != SQLSCORE_OK)
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
        return rparse_expected(p, "a value (number, \"text\", money like 5000 USD, true or false)");
    }
    if ((rc = rparse_next(p)) != SQLSCORE_OK) {
        sqlscore__free(l->str);
        l->str = NULL;
    }
    return rc;
}

static int rparse_node(struct sqlscore__pred **out, int kind)
{
    struct sqlscore__pred *n = sqlscore__calloc(1, sizeof *n);
    if (n == NULL)
        return SQLSCORE_ENOMEM;
    n->kind = kind;
    *out = n;
    return SQLSCORE_OK;
}

static int rparse_or(struct rparse_parser *p, struct sqlscore__pred **out);

static int rparse_add_lit(struct sqlscore__pred *n, size_t *cap, struct sqlscore__lit *l)
{
    if (sqlscore__grow((void **)&n->lits, cap, n->nlits + 1, sizeof *n->lits) != SQLSCORE_OK) {
        sqlscore__free(l->str);
        return SQLSCORE_ENOMEM;
    }
    n->lits[n->nlits++] = *l;
    return SQLSCORE_OK;
}

static int rparse_text_lit(struct rparse_parser *p, struct sqlscore__pred *n, size_t *cap)
{
    struct sqlscore__lit l;
    int rc;
    if (p->tok.kind != SQLSCORE__TOK_STRING)
        return rparse_expected(p, "a quoted text");
    if ((rc = rparse_literal(p, &l)) != SQLSCORE_OK)
        return rc;
    return rparse_add_lit(n, cap, &l);
}

static int rparse_term(struct rparse_parser *p, struct sqlscore__pred **out)
{
    struct sqlscore__pred *n = NULL;
    struct sqlscore__lit l;
    size_t cap = 0;
    char *name = NULL;
    int rc, line = p->tok.line, col = p->tok.col, negate = 0;

    if (++p->tests > SQLSCORE__PARSE_TESTS)
        return sqlscore__lex_error(&p->lx, line, col, "condition has more than %d tests",
                                   SQLSCORE__PARSE_TESTS);
    if ((rc = rparse_name(p, &name, "an attribute name")) != SQLSCORE_OK)
        return rc;
    if (p->value_only && strcmp(name, "value") != 0) {
        sqlscore__free(name);
        return sqlscore__lex_error(&p->lx, line, col,
                                   "an engagement condition tests only 'value' (the event's "
                                   "number)");
    }
    if ((rc = rparse_node(&n, SQLSCORE__P_CMP)) != SQLSCORE_OK) {
        sqlscore__free(name);
        return rc;
    }
    n->name = name;
    if (p->tok.kind == SQLSCORE__TOK_OP) {
        n->op = p->tok.op;
        if ((rc = rparse_next(p)) != SQLSCORE_OK || (rc = rparse_literal(p, &l)) != SQLSCORE_OK ||
            (rc = rparse_add_lit(n, &cap, &l)) != SQLSCORE_OK)
            goto fail;
    } else if (rparse_is(p, "between")) {
        n->kind = SQLSCORE__P_BETWEEN;
        if ((rc = rparse_next(p)) != SQLSCORE_OK || (rc = rparse_literal(p, &l)) != SQLSCORE_OK ||
            (rc = rparse_add_lit(n, &cap, &l)) != SQLSCORE_OK ||
            (rc = rparse_expect_kw(p, "and")) != SQLSCORE_OK ||
            (rc = rparse_literal(p, &l)) != SQLSCORE_OK || (rc = rparse_add_lit(n, &cap, &l)) != SQLSCORE_OK)
            goto fail;
    } else if (rparse_is(p, "in") || rparse_is(p, "not")) {
        if (rparse_is(p, "not")) {
            negate = 1;
            if ((rc = rparse_next(p)) != SQLSCORE_OK)
                goto fail;
            if (!rparse_is(p, "in")) {
                rc = rparse_expected(p, "'in' after 'not'");
                goto fail;
            }
        }
        n->kind = SQLSCORE__P_IN;
        if ((rc = rparse_next(p)) != SQLSCORE_OK)
            goto fail;
        if (p->tok.kind != SQLSCORE__TOK_LPAREN) {
            rc = rparse_expected(p, "'(' starting the list of values");
            goto fail;
        }
        if ((rc = rparse_next(p)) != SQLSCORE_OK)
            goto fail;
        for (;;) {
            if ((rc = rparse_literal(p, &l)) != SQLSCORE_OK || (rc = rparse_add_lit(n, &cap, &l)) != SQLSCORE_OK)
                goto fail;
            if (p->tok.kind == SQLSCORE__TOK_COMMA) {
                if ((rc = rparse_next(p)) != SQLSCORE_OK)
                    goto fail;
                continue;
            }
            if (p->tok.kind == SQLSCORE__TOK_RPAREN)
                break;
            rc = rparse_expected(p, "',' or ')' in the list of values");
            goto fail;
        }
        if ((rc = rparse_next(p)) != SQLSCORE_OK)
            goto fail;
    } else if (rparse_is(p, "contains")) {
        n->kind = SQLSCORE__P_CONTAINS;
        if ((rc = rparse_next(p)) != SQLSCORE_OK || (rc = rparse_text_lit(p, n, &cap)) != SQLSCORE_OK)
            goto fail;
    } else if (rparse_is(p, "starts") || rparse_is(p, "ends")) {
        n->kind = rparse_is(p, "starts") ? SQLSCORE__P_STARTS : SQLSCORE__P_ENDS;
        if ((rc = rparse_next(p)) != SQLSCORE_OK || (rc = rparse_expect_kw(p, "with")) != SQLSCORE_OK ||
            (rc = rparse_text_lit(p, n, &cap)) != SQLSCORE_OK)
            goto fail;
    } else if (rparse_is(p, "within") || rparse_is(p, "older")) {
        n->kind = rparse_is(p, "within") ? SQLSCORE__P_WITHIN : SQLSCORE__P_OLDER;
        if ((rc = rparse_next(p)) != SQLSCORE_OK)
            goto fail;
        if (n->kind == SQLSCORE__P_OLDER && (rc = rparse_expect_kw(p, "than")) != SQLSCORE_OK)
            goto fail;
        if (p->tok.kind != SQLSCORE__TOK_DURATION) {
            rc = rparse_expected(p, "a duration like 14d");
            goto fail;
        }
        n->seconds = p->tok.seconds;
        if ((rc = rparse_next(p)) != SQLSCORE_OK)
            goto fail;
    } else if (rparse_is(p, "is")) {
        int neg = 0;
        if ((rc = rparse_next(p)) != SQLSCORE_OK)
            goto fail;
        if (rparse_is(p, "not")) {
            neg = 1;
            if ((rc = rparse_next(p)) != SQLSCORE_OK)
                goto fail;
        }
        if (rparse_is(p, "set") || rparse_is(p, "empty")) {
            n->kind = rparse_is(p, "set") ? SQLSCORE__P_SET : SQLSCORE__P_EMPTY;
            negate = neg;
        } else if (rparse_is(p, "met") || (!neg && rparse_is(p, "unknown"))) {
            if (p->value_only) {
                rc = sqlscore__lex_error(&p->lx, p->tok.line, p->tok.col,
                                         "an engagement condition cannot test checklist items");
                goto fail;
            }
            n->kind = SQLSCORE__P_CHECK;
            n->state = rparse_is(p, "unknown") ? SQLSCORE_CHECK_UNKNOWN
                       : neg ? SQLSCORE_CHECK_NOT_MET : SQLSCORE_CHECK_MET;
        } else if (!neg && (rparse_is(p, "true") || rparse_is(p, "false"))) {
            memset(&l, 0, sizeof l);
            l.kind = SQLSCORE__LIT_BOOL;
            l.num = rparse_is(p, "true");
            n->op = SQLSCORE__OP_EQ;
            if ((rc = rparse_add_lit(n, &cap, &l)) != SQLSCORE_OK)
                goto fail;
        } else {
            rc = rparse_expected(p, neg ? "set, empty or met after 'is not'"
                                    : "set, empty, met, unknown, true or false after 'is'");
            goto fail;
        }
        if ((rc = rparse_next(p)) != SQLSCORE_OK)
            goto fail;
    } else {
        rc = rparse_expected(p, "a comparison (= != < <= > >=), between, in, contains, starts with, "
                            "ends with, within, older than or is");
        goto fail;
    }
    if (negate) {
        struct sqlscore__pred *m;
        if ((rc = rparse_node(&m, SQLSCORE__P_NOT)) != SQLSCORE_OK)
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

static int rparse_unary(struct rparse_parser *p, struct sqlscore__pred **out)
{
    int rc;
    if (++p->depth > SQLSCORE__PARSE_DEPTH) {
        return sqlscore__lex_error(&p->lx, p->tok.line, p->tok.col,
                                   "condition nested more than %d deep", SQLSCORE__PARSE_DEPTH);
    }
    if (rparse_is(p, "not")) {
        struct sqlscore__pred *n, *a;
        if ((rc = rparse_next(p)) != SQLSCORE_OK || (rc = rparse_unary(p, &a)) != SQLSCORE_OK)
            goto done;
        if ((rc = rparse_node(&n, SQLSCORE__P_NOT)) != SQLSCORE_OK) {
            sqlscore__pred_free(a);
            goto done;
        }
        n->a = a;
        *out = n;
    } else if (p->tok.kind == SQLSCORE__TOK_LPAREN) {
        struct sqlscore__pred *a;
        if ((rc = rparse_next(p)) != SQLSCORE_OK || (rc = rparse_or(p, &a)) != SQLSCORE_OK)
            goto done;
        if (p->tok.kind != SQLSCORE__TOK_RPAREN) {
            sqlscore__pred_free(a);
            rc = rparse_expected(p, "')'");
            goto done;
        }
        if ((rc = rparse_next(p)) != SQLSCORE_OK) {
            sqlscore__pred_free(a);
            goto done;
        }
        *out = a;
    } else {
        rc = rparse_term(p, out);
    }
done:
    p->depth--;
    return rc;
}

static int rparse_binary(struct rparse_parser *p, struct sqlscore__pred **out, int kind)
{
    struct sqlscore__pred *left, *right, *n;
    const char *word = kind == SQLSCORE__P_OR ? "or" : "and";
    int rc = kind == SQLSCORE__P_OR ? rparse_binary(p, &left, SQLSCORE__P_AND) : rparse_unary(p, &left);
    if (rc != SQLSCORE_OK)
        return rc;
    while (rparse_is(p, word)) {
        if ((rc = rparse_next(p)) != SQLSCORE_OK)
            goto fail;
        rc = kind == SQLSCORE__P_OR ? rparse_binary(p, &right, SQLSCORE__P_AND) : rparse_unary(p, &right);
        if (rc != SQLSCORE_OK)
            goto fail;
        if ((rc = rparse_node(&n, kind)) != SQLSCORE_OK) {
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

static int rparse_or(struct rparse_parser *p, struct sqlscore__pred **out)
{
    return rparse_binary(p, out, SQLSCORE__P_OR);
}

/* A whole condition (after "if"). */
static int rparse_condition(struct rparse_parser *p, struct sqlscore__pred **out)
{
    p->tests = 0;
    return rparse_or(p, out);
}

int sqlscore__pred_parse(struct sqlscore__pred **out, const char *text, int value_only,
                         const char *where)
{
    struct rparse_parser p;
    struct sqlscore__pred *pred = NULL;
    int rc;
    memset(&p, 0, sizeof p);
    sqlscore__lex_init(&p.lx, text, strlen(text), where);
    p.value_only = value_only;
    if ((rc = rparse_next(&p)) == SQLSCORE_OK && (rc = rparse_condition(&p, &pred)) == SQLSCORE_OK &&
        p.tok.kind != SQLSCORE__TOK_EOF) {
        rc = rparse_expected(&p, "the end of the condition (or 'and', 'or')");
        sqlscore__pred_free(pred);
    }
    sqlscore__lex_done(&p.lx);
    if (rc == SQLSCORE_OK)
        *out = pred;
    return rc;
}

/* ---- statements ---------------------------------------------------------- */

static int rparse_number(struct rparse_parser *p, double *out, const char *what)
{
    if (p->tok.kind != SQLSCORE__TOK_NUMBER)
        return rparse_expected(p, what);
    *out = p->tok.number;
    return rparse_next(p);
}

/* Points, caps and thresholds: a number within +-SQLSCORE__MAX_POINTS. */
static int rparse_points(struct rparse_parser *p, double *out, const char *what)
{
    if (p->tok.kind == SQLSCORE__TOK_NUMBER && fabs(p->tok.number) > SQLSCORE__MAX_POINTS)
        return sqlscore__lex_error(&p->lx, p->tok.line, p->tok.col,
                                   "%s is outside -1e12..1e12", p->tok.text);
    return rparse_number(p, out, what);
}

static int rparse_integer(struct rparse_parser *p, int64_t lo, int64_t hi, int64_t *out, const char *what)
{
    double v = p->tok.number;
    if (p->tok.kind != SQLSCORE__TOK_NUMBER || v != floor(v))
        return rparse_expected(p, what);
    if (v < (double)lo || v > (double)hi)
        return sqlscore__lex_error(&p->lx, p->tok.line, p->tok.col, "%s must be %lld..%lld",
                                   what, (long long)lo, (long long)hi);
    *out = (int64_t)v;
    return rparse_next(p);
}

static int rparse_end_of_statement(struct rparse_parser *p)
{
    if (p->tok.kind == SQLSCORE__TOK_NEWLINE || p->tok.kind == SQLSCORE__TOK_EOF)
        return SQLSCORE_OK;
    return rparse_expected(p, "end of line");
}

static int rparse_rule_name(struct rparse_parser *p, sqlscore_criteria *c, char **out)
{
    int line = p->tok.line, col = p->tok.col, rc;
    char *name = NULL;
    long i;
    if ((rc = rparse_name(p, &name, "a rule name in quotes")) != SQLSCORE_OK)
        return rc;
    if (name == NULL)     /* not reached; tells static analysers name is set */
        return SQLSCORE_ENOMEM;
    if ((i = sqlscore__criteria_find_rule(c, name)) >= 0) {
        rc = sqlscore__lex_error(&p->lx, line, col,
                                 "duplicate rule name '%s' (first used on line %d)", name,
                                 c->rules[i].line);
        sqlscore__free(name);
        return rc;
    }
    *out = name;
    return SQLSCORE_OK;
}

static int rparse_group_ref(struct rparse_parser *p, const sqlscore_criteria *c, int32_t *group)
{
    char *name = NULL;
    int line, col, rc;
    size_t i;
    *group = -1;
    if (!rparse_is(p, "in"))
        return SQLSCORE_OK;
    if ((rc = rparse_next(p)) != SQLSCORE_OK || (rc = rparse_expect_kw(p, "group")) != SQLSCORE_OK)
        return rc;
    line = p->tok.line;
    col = p->tok.col;
    if ((rc = rparse_name(p, &name, "a group name")) != SQLSCORE_OK)
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

static int rparse_is_unit(const struct rparse_parser *p, const char *one, const char *many)
{
    return rparse_is(p, one) || rparse_is(p, many);
}

/* EFFECT := N points [and N grades] | N grades [and N points] */
static int rparse_effect(struct rparse_parser *p, struct sqlscore__rule *r)
{
    int have_points = 0, have_steps = 0;
    for (;;) {
        double v = 0;
        int line = p->tok.line, col = p->tok.col, rc;
        if ((rc = rparse_points(p, &v, "a number of points or grades, like +10 points")) != SQLSCORE_OK)
            return rc;
        if (!have_points && rparse_is_unit(p, "point", "points")) {
            have_points = 1;
            r->points = v;
        } else if (!have_steps && rparse_is_unit(p, "grade", "grades")) {
            if (v != floor(v) || v < -12 || v > 12)
                return sqlscore__lex_error(&p->lx, line, col,
                                           "grade steps must be a whole number in -12..12");
            have_steps = 1;
            r->steps = (int32_t)v;
        } else {
            return rparse_expected(p, have_points ? "'grades'" : have_steps ? "'points'"
                                                                        : "'points' or 'grades'");
        }
        if ((rc = rparse_next(p)) != SQLSCORE_OK)
            return rc;
        if (!rparse_is(p, "and") || (have_points && have_steps))
            break;
        if ((rc = rparse_next(p)) != SQLSCORE_OK)
            return rc;
    }
    if (r->points == 0 && r->steps == 0)
        return sqlscore__lex_error(&p->lx, r->line, 1, "rule '%s' gives neither points nor "
                                   "grade steps", r->name);
    return SQLSCORE_OK;
}

static int rparse_duration(struct rparse_parser *p, int64_t *out)
{
    if (p->tok.kind != SQLSCORE__TOK_DURATION)
        return rparse_expected(p, "a duration like 14d, 2w or 36h");
    if (p->tok.seconds <= 0)
        return sqlscore__lex_error(&p->lx, p->tok.line, p->tok.col, "duration must be positive");
    *out = p->tok.seconds;
    return rparse_next(p);
}

static int rparse_engagement_tail(struct rparse_parser *p, struct sqlscore__rule *r)
{
    int rc;
    int64_t v;
    /* occurrences */
    if (rparse_is(p, "once")) {
        r->limit = 1;
        if ((rc = rparse_next(p)) != SQLSCORE_OK)
            return rc;
    } else if (rparse_is(p, "each")) {
        if ((rc = rparse_next(p)) != SQLSCORE_OK)
            return rc;
    } else if (rparse_is(p, "max")) {
        if ((rc = rparse_next(p)) != SQLSCORE_OK ||
            (rc = rparse_integer(p, 1, INT32_MAX, &v, "a maximum count")) != SQLSCORE_OK)
            return rc;
        r->limit = (int32_t)v;
        if (rparse_is(p, "times") && (rc = rparse_next(p)) != SQLSCORE_OK)
            return rc;
        if (rparse_is(p, "per")) {
            if ((rc = rparse_next(p)) != SQLSCORE_OK || (rc = rparse_duration(p, &r->limit_window)) != SQLSCORE_OK)
                return rc;
        }
    }
    if (rparse_is(p, "decay")) {
        if ((rc = rparse_next(p)) != SQLSCORE_OK)
            return rc;
        if (rparse_is(p, "half-life")) {
            r->decay = SQLSCORE_DECAY_HALF_LIFE;
            if ((rc = rparse_next(p)) != SQLSCORE_OK || (rc = rparse_duration(p, &r->period)) != SQLSCORE_OK)
                return rc;
        } else if (rparse_is(p, "window")) {
            r->decay = SQLSCORE_DECAY_WINDOW;
            if ((rc = rparse_next(p)) != SQLSCORE_OK || (rc = rparse_duration(p, &r->period)) != SQLSCORE_OK)
                return rc;
        } else if (rparse_is(p, "linear")) {
            r->decay = SQLSCORE_DECAY_LINEAR;
            if ((rc = rparse_next(p)) != SQLSCORE_OK)
                return rc;
            if (p->tok.kind != SQLSCORE__TOK_PERCENT)
                return rparse_expected(p, "a percentage like 10%");
            if (!(p->tok.number > 0 && p->tok.number <= 100))
                return sqlscore__lex_error(&p->lx, p->tok.line, p->tok.col,
                                           "linear decay must be more than 0%% and at most 100%% "
                                           "per period");
            r->percent = p->tok.number;
            if ((rc = rparse_next(p)) != SQLSCORE_OK || (rc = rparse_expect_kw(p, "per")) != SQLSCORE_OK ||
                (rc = rparse_duration(p, &r->period)) != SQLSCORE_OK)
                return rc;
        } else {
            return rparse_expected(p, "half-life, linear or window after 'decay'");
        }
    }
    return SQLSCORE_OK;
}

static int rparse_rule(struct rparse_parser *p, sqlscore_criteria *c, int kind)
{
    struct sqlscore__rule r;
    int rc;
    memset(&r, 0, sizeof r);
    r.kind = kind;
    r.group = -1;
    r.line = p->tok.line;
    if ((rc = rparse_next(p)) != SQLSCORE_OK || (rc = rparse_rule_name(p, c, &r.name)) != SQLSCORE_OK)
        goto fail;
    if ((kind == SQLSCORE__R_FIT || kind == SQLSCORE__R_ENGAGEMENT) &&
        (rc = rparse_group_ref(p, c, &r.group)) != SQLSCORE_OK)
        goto fail;
    if (kind == SQLSCORE__R_ENGAGEMENT) {
        if ((rc = rparse_expect_kw(p, "on")) != SQLSCORE_OK)
            goto fail;
        if (rparse_is(p, "event") && (rc = rparse_next(p)) != SQLSCORE_OK)
            goto fail;
        if ((rc = rparse_name(p, &r.event, "an event type")) != SQLSCORE_OK)
            goto fail;
        if (rparse_is(p, "if")) {
            p->value_only = 1;
            rc = rparse_next(p);
            if (rc == SQLSCORE_OK)
                rc = rparse_condition(p, &r.pred);
            p->value_only = 0;
            if (rc != SQLSCORE_OK)
                goto fail;
        }
    } else {
        if ((rc = rparse_expect_kw(p, "if")) != SQLSCORE_OK ||
            (rc = rparse_condition(p, &r.pred)) != SQLSCORE_OK)
            goto fail;
    }
    if (kind == SQLSCORE__R_FIT || kind == SQLSCORE__R_ENGAGEMENT) {
        int line = p->tok.line, col = p->tok.col;
        if ((rc = rparse_expect_kw(p, "then")) != SQLSCORE_OK || (rc = rparse_effect(p, &r)) != SQLSCORE_OK)
            goto fail;
        if (kind == SQLSCORE__R_ENGAGEMENT) {
            if (r.steps != 0) {
                rc = sqlscore__lex_error(&p->lx, line, col,
                                         "engagement rules give points, not grades");
                goto fail;
            }
            if ((rc = rparse_engagement_tail(p, &r)) != SQLSCORE_OK)
                goto fail;
        }
    }
    if ((rc = rparse_end_of_statement(p)) != SQLSCORE_OK)
        goto fail;
    return sqlscore__criteria_add_rule(c, &r, "rules");
fail:
    sqlscore__free(r.name);
    sqlscore__free(r.event);
    sqlscore__pred_free(r.pred);
    return rc;
}

static int rparse_threshold(struct rparse_parser *p, sqlscore_criteria *c, int sql)
{
    int line = p->tok.line, col = p->tok.col, rc;
    double score = 0;
    int32_t grade = SQLSCORE_GRADE_NONE;
    if (sql ? c->has_sql : c->has_mql)
        return sqlscore__lex_error(&p->lx, line, col, "the %s threshold is set twice",
                                   sql ? "SQL" : "MQL");
    if ((rc = rparse_next(p)) != SQLSCORE_OK || (rc = rparse_expect_kw(p, "at")) != SQLSCORE_OK ||
        (rc = rparse_expect_kw(p, "score")) != SQLSCORE_OK ||
        (rc = rparse_points(p, &score, "a score")) != SQLSCORE_OK)
        return rc;
    if (rparse_is(p, "and")) {
        if ((rc = rparse_next(p)) != SQLSCORE_OK || (rc = rparse_expect_kw(p, "grade")) != SQLSCORE_OK)
            return rc;
        if (p->tok.kind != SQLSCORE__TOK_IDENT || (grade = sqlscore__grade_from_name(p->tok.text)) < 0)
            return rparse_expected(p, "a grade from A+ to F");
        if ((rc = rparse_next(p)) != SQLSCORE_OK)
            return rc;
    }
    if ((rc = rparse_end_of_statement(p)) != SQLSCORE_OK)
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

static int rparse_statement(struct rparse_parser *p, sqlscore_criteria *c)
{
    int line = p->tok.line, col = p->tok.col, rc;
    char d[100];
    if (p->tok.kind != SQLSCORE__TOK_IDENT)
        return rparse_expected(p, "a statement (criteria, framework, group, total, fit, engagement, "
                              "disqualify, gate, mql, sql or funnel)");
    if (rparse_is(p, "fit"))
        return rparse_rule(p, c, SQLSCORE__R_FIT);
    if (rparse_is(p, "engagement"))
        return rparse_rule(p, c, SQLSCORE__R_ENGAGEMENT);
    if (rparse_is(p, "disqualify"))
        return rparse_rule(p, c, SQLSCORE__R_DISQUALIFY);
    if (rparse_is(p, "gate"))
        return rparse_rule(p, c, SQLSCORE__R_GATE);
    if (rparse_is(p, "mql") || rparse_is(p, "sql"))
        return rparse_threshold(p, c, rparse_is(p, "sql"));
    if (rparse_is(p, "funnel"))
        return sqlscore__lex_skip_block(&p->lx, "end", line, col) != SQLSCORE_OK
                   ? SQLSCORE_EPARSE
                   : rparse_next(p);
    if (rparse_is(p, "criteria")) {
        char *name = NULL;
        int64_t version = 1;
        if (c->name != NULL)
            return sqlscore__lex_error(&p->lx, line, col, "a second 'criteria' line");
        if ((rc = rparse_next(p)) != SQLSCORE_OK || (rc = rparse_name(p, &name, "the criteria name in quotes")) != SQLSCORE_OK)
            return rc;
        if (rparse_is(p, "version") &&
            ((rc = rparse_next(p)) != SQLSCORE_OK ||
             (rc = rparse_integer(p, 0, INT32_MAX, &version, "a version number")) != SQLSCORE_OK)) {
            sqlscore__free(name);
            return rc;
        }
        if ((rc = rparse_end_of_statement(p)) != SQLSCORE_OK) {
            sqlscore__free(name);
            return rc;
        }
        c->name = name;
        c->version = (int32_t)version;
        return SQLSCORE_OK;
    }
    if (rparse_is(p, "framework")) {
        char *name = NULL, **items = NULL;
        size_t n = 0, cap = 0, i;
        if (c->framework != NULL)
            return sqlscore__lex_error(&p->lx, line, col, "a second 'framework' line");
        if ((rc = rparse_next(p)) != SQLSCORE_OK || (rc = rparse_name(p, &name, "the framework name")) != SQLSCORE_OK)
            return rc;
        if ((rc = rparse_expect_kw(p, "items")) != SQLSCORE_OK)
            goto fw_fail;
        for (;;) {
            char *item = NULL;
            int il = p->tok.line, ic = p->tok.col;
            if ((rc = rparse_name(p, &item, "an item name")) != SQLSCORE_OK)
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
            if ((rc = rparse_next(p)) != SQLSCORE_OK)
                goto fw_fail;
        }
        if ((rc = rparse_end_of_statement(p)) != SQLSCORE_OK)
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
    if (rparse_is(p, "group") || rparse_is(p, "total")) {
        int total = rparse_is(p, "total");
        char *name = NULL;
        double cap = 0;
        if (total && c->has_total_cap)
            return sqlscore__lex_error(&p->lx, line, col, "a second 'total cap' line");
        if ((rc = rparse_next(p)) != SQLSCORE_OK)
            return rc;
        if (!total) {
            int gl = p->tok.line, gc = p->tok.col;
            size_t i;
            if ((rc = rparse_name(p, &name, "a group name")) != SQLSCORE_OK)
                return rc;
            for (i = 0; i < c->ngroups; i++)
                if (strcmp(c->groups[i].name, name) == 0) {
                    rc = sqlscore__lex_error(&p->lx, gl, gc, "group '%s' declared twice", name);
                    sqlscore__free(name);
                    return rc;
                }
        }
        if ((rc = rparse_expect_kw(p, "cap")) != SQLSCORE_OK) {
            sqlscore__free(name);
            return rc;
        }
        if (p->tok.kind == SQLSCORE__TOK_NUMBER && p->tok.number < 0) {
            sqlscore__free(name);
            return sqlscore__lex_error(&p->lx, p->tok.line, p->tok.col, "a cap cannot be negative");
        }
        if ((rc = rparse_points(p, &cap, "a cap (points)")) != SQLSCORE_OK ||
            (rc = rparse_end_of_statement(p)) != SQLSCORE_OK) {
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
    struct rparse_parser p;
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
    rc = rparse_next(&p);
    while (rc == SQLSCORE_OK) {
        if (p.tok.kind == SQLSCORE__TOK_EOF)
            break;
        if (p.tok.kind == SQLSCORE__TOK_NEWLINE) {
            rc = rparse_next(&p);
            continue;
        }
        rc = rparse_statement(&p, c);
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
