/*
 * rules_write.c - a criteria written back as rules text, and the text
 * buffer the writer and the explanations share.
 *
 * The output is canonical: one statement per line, groups and thresholds
 * in a fixed place, numbers in the shortest form that reads back exactly,
 * so parse(write(c)) equals c.
 */
#include "criteria_internal.h"
#include "rules_lex.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void rwrite_reserve(struct sqlscore__sb *sb, size_t extra)
{
    if (sb->failed)
        return;
    if (sqlscore__grow((void **)&sb->p, &sb->cap, sb->n + extra + 1, 1) != SQLSCORE_OK)
        sb->failed = 1;
}

void sqlscore__sb_puts(struct sqlscore__sb *sb, const char *s)
{
    size_t k = strlen(s);
    rwrite_reserve(sb, k);
    if (sb->failed)
        return;
    memcpy(sb->p + sb->n, s, k + 1);
    sb->n += k;
}

void sqlscore__sb_printf(struct sqlscore__sb *sb, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    int k;
    va_start(ap, fmt);
    k = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (k < 0) {
        sb->failed = 1;
        return;
    }
    if ((size_t)k < sizeof small) {
        sqlscore__sb_puts(sb, small);
        return;
    }
    rwrite_reserve(sb, (size_t)k);
    if (sb->failed)
        return;
    va_start(ap, fmt);
    vsnprintf(sb->p + sb->n, (size_t)k + 1, fmt, ap);
    va_end(ap);
    sb->n += (size_t)k;
}

void sqlscore__sb_number(struct sqlscore__sb *sb, double x)
{
    char buf[40];
    int prec;
    x += 0.0;             /* -0 + 0 is +0: never write "-0" */
    if (x == floor(x) && fabs(x) < 1e15) {
        snprintf(buf, sizeof buf, "%.0f", x);
        sqlscore__sb_puts(sb, buf);
        return;
    }
    for (prec = 1; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*g", prec, x);
        if (strtod(buf, NULL) == x)
            break;
    }
    sqlscore__sb_puts(sb, buf);
}

void sqlscore__sb_quote(struct sqlscore__sb *sb, const char *s)
{
    sqlscore__sb_puts(sb, "\"");
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"')
            sqlscore__sb_puts(sb, "\\\"");
        else if (c == '\\')
            sqlscore__sb_puts(sb, "\\\\");
        else if (c == '\n')
            sqlscore__sb_puts(sb, "\\n");
        else if (c == '\t')
            sqlscore__sb_puts(sb, "\\t");
        else if (c < 0x20 || c == 0x7F)
            sqlscore__sb_printf(sb, "\\u%04X", (unsigned)c);
        else {
            char one[2] = { (char)c, 0 };
            sqlscore__sb_puts(sb, one);
        }
    }
    sqlscore__sb_puts(sb, "\"");
}

static int rwrite_bare_ok(const char *s)
{
    static const char *const words[] = {
        "not", "and", "or", "in", "is", "between", "contains", "starts", "ends", "with",
        "within", "older", "than", "true", "false", "set", "empty", "met", "unknown", "if",
        "then", NULL
    };
    const char *q;
    size_t i;
    if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || *s == '_'))
        return 0;
    for (q = s + 1; *q; q++) {
        int c = (unsigned char)*q;
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '.' || c == '-'))
            return 0;
    }
    for (i = 0; words[i]; i++)
        if (strcmp(words[i], s) == 0)
            return 0;
    return 1;
}

void sqlscore__sb_name(struct sqlscore__sb *sb, const char *s)
{
    if (rwrite_bare_ok(s))
        sqlscore__sb_puts(sb, s);
    else
        sqlscore__sb_quote(sb, s);
}

void sqlscore__sb_duration(struct sqlscore__sb *sb, int64_t seconds)
{
    static const struct { int64_t s; char u; } units[] = {
        { 604800, 'w' }, { 86400, 'd' }, { 3600, 'h' }, { 60, 'm' }, { 1, 's' }
    };
    size_t i;
    for (i = 0; i < 5; i++)
        if (seconds % units[i].s == 0) {
            sqlscore__sb_printf(sb, "%lld%c", (long long)(seconds / units[i].s), units[i].u);
            return;
        }
}

void sqlscore__sb_lit(struct sqlscore__sb *sb, const struct sqlscore__lit *l)
{
    switch (l->kind) {
    case SQLSCORE__LIT_NUMBER:
        sqlscore__sb_number(sb, l->num);
        break;
    case SQLSCORE__LIT_STRING:
        sqlscore__sb_quote(sb, l->str);
        break;
    case SQLSCORE__LIT_BOOL:
        sqlscore__sb_puts(sb, l->num != 0 ? "true" : "false");
        break;
    case SQLSCORE__LIT_MONEY: {
        /* minor units with the currency's digits: 5000000 USD -> 50000.00 USD */
        uint64_t mag = l->minor < 0 ? (uint64_t)(-(l->minor + 1)) + 1 : (uint64_t)l->minor;
        uint64_t scale = 1;
        int d;
        for (d = 0; d < l->digits; d++)
            scale *= 10;
        if (l->digits > 0)
            sqlscore__sb_printf(sb, "%s%llu.%0*llu %s", l->minor < 0 ? "-" : "",
                                (unsigned long long)(mag / scale), l->digits,
                                (unsigned long long)(mag % scale), l->currency);
        else
            sqlscore__sb_printf(sb, "%s%llu %s", l->minor < 0 ? "-" : "",
                                (unsigned long long)mag, l->currency);
        break;
    }
    default:
        break;
    }
}

static const char *rwrite_op(int op)
{
    switch (op) {
    case SQLSCORE__OP_EQ: return "=";
    case SQLSCORE__OP_NE: return "!=";
    case SQLSCORE__OP_LT: return "<";
    case SQLSCORE__OP_LE: return "<=";
    case SQLSCORE__OP_GT: return ">";
    default: return ">=";
    }
}

static int rwrite_prec(const struct sqlscore__pred *p)
{
    return p->kind == SQLSCORE__P_OR ? 1 : p->kind == SQLSCORE__P_AND ? 2 : 3;
}

static void rwrite_sub(struct sqlscore__sb *sb, const struct sqlscore__pred *p, int paren)
{
    if (paren)
        sqlscore__sb_puts(sb, "(");
    sqlscore__sb_pred(sb, p);
    if (paren)
        sqlscore__sb_puts(sb, ")");
}

void sqlscore__sb_pred(struct sqlscore__sb *sb, const struct sqlscore__pred *p)
{
    size_t i;
    switch (p->kind) {
    case SQLSCORE__P_AND:
    case SQLSCORE__P_OR:
        /* left-associative: a right operand of equal precedence needs parentheses */
        rwrite_sub(sb, p->a, rwrite_prec(p->a) < rwrite_prec(p));
        sqlscore__sb_puts(sb, p->kind == SQLSCORE__P_AND ? " and " : " or ");
        rwrite_sub(sb, p->b, rwrite_prec(p->b) <= rwrite_prec(p));
        return;
    case SQLSCORE__P_NOT:
        if (p->a->kind == SQLSCORE__P_IN) {
            sqlscore__sb_name(sb, p->a->name);
            sqlscore__sb_puts(sb, " not in (");
            for (i = 0; i < p->a->nlits; i++) {
                if (i > 0)
                    sqlscore__sb_puts(sb, ", ");
                sqlscore__sb_lit(sb, &p->a->lits[i]);
            }
            sqlscore__sb_puts(sb, ")");
            return;
        }
        if (p->a->kind == SQLSCORE__P_SET || p->a->kind == SQLSCORE__P_EMPTY) {
            sqlscore__sb_name(sb, p->a->name);
            sqlscore__sb_puts(sb, p->a->kind == SQLSCORE__P_SET ? " is not set" : " is not empty");
            return;
        }
        sqlscore__sb_puts(sb, "not ");
        rwrite_sub(sb, p->a, p->a->kind == SQLSCORE__P_AND || p->a->kind == SQLSCORE__P_OR);
        return;
    default:
        break;
    }
    sqlscore__sb_name(sb, p->name);
    switch (p->kind) {
    case SQLSCORE__P_CMP:
        sqlscore__sb_printf(sb, " %s ", rwrite_op(p->op));
        sqlscore__sb_lit(sb, &p->lits[0]);
        break;
    case SQLSCORE__P_BETWEEN:
        sqlscore__sb_puts(sb, " between ");
        sqlscore__sb_lit(sb, &p->lits[0]);
        sqlscore__sb_puts(sb, " and ");
        sqlscore__sb_lit(sb, &p->lits[1]);
        break;
    case SQLSCORE__P_IN:
        sqlscore__sb_puts(sb, " in (");
        for (i = 0; i < p->nlits; i++) {
            if (i > 0)
                sqlscore__sb_puts(sb, ", ");
            sqlscore__sb_lit(sb, &p->lits[i]);
        }
        sqlscore__sb_puts(sb, ")");
        break;
    case SQLSCORE__P_CONTAINS:
    case SQLSCORE__P_STARTS:
    case SQLSCORE__P_ENDS:
        sqlscore__sb_puts(sb, p->kind == SQLSCORE__P_CONTAINS ? " contains "
                              : p->kind == SQLSCORE__P_STARTS ? " starts with " : " ends with ");
        sqlscore__sb_lit(sb, &p->lits[0]);
        break;
    case SQLSCORE__P_SET:
        sqlscore__sb_puts(sb, " is set");
        break;
    case SQLSCORE__P_EMPTY:
        sqlscore__sb_puts(sb, " is empty");
        break;
    case SQLSCORE__P_CHECK:
        sqlscore__sb_puts(sb, p->state == SQLSCORE_CHECK_MET ? " is met"
                              : p->state == SQLSCORE_CHECK_NOT_MET ? " is not met" : " is unknown");
        break;
    case SQLSCORE__P_WITHIN:
        sqlscore__sb_puts(sb, " within ");
        sqlscore__sb_duration(sb, p->seconds);
        break;
    case SQLSCORE__P_OLDER:
        sqlscore__sb_puts(sb, " older than ");
        sqlscore__sb_duration(sb, p->seconds);
        break;
    default:
        break;
    }
}

static void rwrite_signed(struct sqlscore__sb *sb, double v)
{
    if (v >= 0)
        sqlscore__sb_puts(sb, "+");
    sqlscore__sb_number(sb, v);
}

static void rwrite_rule(struct sqlscore__sb *sb, const sqlscore_criteria *c,
                    const struct sqlscore__rule *r)
{
    static const char *const kw[] = { "", "fit", "engagement", "disqualify", "gate" };
    sqlscore__sb_printf(sb, "%s ", kw[r->kind]);
    sqlscore__sb_quote(sb, r->name);
    if (r->group >= 0) {
        sqlscore__sb_puts(sb, " in group ");
        sqlscore__sb_quote(sb, c->groups[r->group].name);
    }
    if (r->kind == SQLSCORE__R_ENGAGEMENT) {
        sqlscore__sb_puts(sb, " on ");
        sqlscore__sb_quote(sb, r->event);
    }
    if (r->pred != NULL) {
        sqlscore__sb_puts(sb, " if ");
        sqlscore__sb_pred(sb, r->pred);
    }
    if (r->kind == SQLSCORE__R_FIT || r->kind == SQLSCORE__R_ENGAGEMENT) {
        sqlscore__sb_puts(sb, " then ");
        if (r->points != 0) {
            rwrite_signed(sb, r->points);
            sqlscore__sb_puts(sb, " points");
        }
        if (r->steps != 0) {
            if (r->points != 0)
                sqlscore__sb_puts(sb, " and ");
            sqlscore__sb_printf(sb, "%+d grade%s", (int)r->steps,
                                r->steps == 1 || r->steps == -1 ? "" : "s");
        }
    }
    if (r->kind == SQLSCORE__R_ENGAGEMENT) {
        if (r->limit == 1 && r->limit_window == 0)
            sqlscore__sb_puts(sb, " once");
        else if (r->limit > 0) {
            sqlscore__sb_printf(sb, " max %ld", (long)r->limit);
            if (r->limit_window > 0) {
                sqlscore__sb_puts(sb, " per ");
                sqlscore__sb_duration(sb, r->limit_window);
            }
        }
        if (r->decay == SQLSCORE_DECAY_HALF_LIFE) {
            sqlscore__sb_puts(sb, " decay half-life ");
            sqlscore__sb_duration(sb, r->period);
        } else if (r->decay == SQLSCORE_DECAY_WINDOW) {
            sqlscore__sb_puts(sb, " decay window ");
            sqlscore__sb_duration(sb, r->period);
        } else if (r->decay == SQLSCORE_DECAY_LINEAR) {
            sqlscore__sb_puts(sb, " decay linear ");
            sqlscore__sb_number(sb, r->percent);
            sqlscore__sb_puts(sb, "% per ");
            sqlscore__sb_duration(sb, r->period);
        }
    }
    sqlscore__sb_puts(sb, "\n");
}

static void rwrite_threshold(struct sqlscore__sb *sb, const char *kw, double score, int32_t grade)
{
    sqlscore__sb_printf(sb, "%s at score ", kw);
    sqlscore__sb_number(sb, score);
    if (grade != SQLSCORE_GRADE_NONE)
        sqlscore__sb_printf(sb, " and grade %s", sqlscore__grade_name(grade));
    sqlscore__sb_puts(sb, "\n");
}

SQLSCORE_API int sqlscore_criteria_write(const sqlscore_criteria *c, char **text)
{
    static const char fn[] = "sqlscore_criteria_write";
    struct sqlscore__sb sb;
    size_t i;
    SQLSCORE__CHECK_NULL(c, fn, "criteria");
    SQLSCORE__CHECK_NULL(text, fn, "text");
    if (!c->built)
        return sqlscore__fail(SQLSCORE_ESTATE, "%s: criteria '%s' is not built yet", fn, c->name);
    memset(&sb, 0, sizeof sb);
    sqlscore__sb_puts(&sb, "criteria ");
    sqlscore__sb_quote(&sb, c->name);
    sqlscore__sb_printf(&sb, " version %ld\n", (long)c->version);
    if (c->framework != NULL) {
        sqlscore__sb_puts(&sb, "framework ");
        sqlscore__sb_quote(&sb, c->framework);
        sqlscore__sb_puts(&sb, " items ");
        for (i = 0; i < c->nitems; i++) {
            if (i > 0)
                sqlscore__sb_puts(&sb, ", ");
            sqlscore__sb_quote(&sb, c->items[i]);
        }
        sqlscore__sb_puts(&sb, "\n");
    }
    for (i = 0; i < c->ngroups; i++) {
        sqlscore__sb_puts(&sb, "group ");
        sqlscore__sb_quote(&sb, c->groups[i].name);
        sqlscore__sb_puts(&sb, " cap ");
        sqlscore__sb_number(&sb, c->groups[i].cap);
        sqlscore__sb_puts(&sb, "\n");
    }
    if (c->has_total_cap) {
        sqlscore__sb_puts(&sb, "total cap ");
        sqlscore__sb_number(&sb, c->total_cap);
        sqlscore__sb_puts(&sb, "\n");
    }
    for (i = 0; i < c->nrules; i++)
        rwrite_rule(&sb, c, &c->rules[i]);
    rwrite_threshold(&sb, "mql", c->mql, c->mql_grade);
    rwrite_threshold(&sb, "sql", c->sql, c->sql_grade);
    if (sb.failed) {
        sqlscore__free(sb.p);
        return SQLSCORE_ENOMEM;
    }
    *text = sb.p;
    return SQLSCORE_OK;
}
