/*
 * eval.c - scoring a lead against a built criteria: predicates, engagement
 * occurrences and decay, caps, grade, verdict, the explanation, threshold
 * crossings, and the batch entry point over lead handles.
 *
 * Everything is computed in a fixed order (rules in declaration order,
 * events newest first) so the same inputs give the same result bit for bit.
 */
#include "criteria_internal.h"
#include "eval_internal.h"
#include "lead_internal.h"
#include "rules_lex.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* What one rule did for a result (sqlscore_result_rule_at()). */
struct qeval_rule_out {
    const char *name;      /* points into the result's names block */
    int32_t kind, fired, steps;
    double points;
};

struct sqlscore_result {
    struct qeval_rule_out *rules;
    size_t nrules;
    char *names;           /* every rule name, NUL-separated, one block */
    char *criteria;
    int32_t version;
    char *lead_id;
    int64_t as_of;
    struct sqlscore__totals t;
    double sql_threshold;
    char *explain;
};

/* ---- predicates ------------------------------------------------------------ */

static int qeval_blank(const char *s)
{
    for (; *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return 0;
    return 1;
}

/* Order of attribute a against literal l: 1 and *ord set when comparable. */
static int qeval_order(const struct sqlscore__attr *a, const struct sqlscore__lit *l, int *ord)
{
    double x;
    switch (a->type) {
    case SQLSCORE_ATTR_NUMBER:
        x = a->num;
        break;
    case SQLSCORE_ATTR_INTEGER:
    case SQLSCORE_ATTR_TIME:
        x = (double)a->i;
        break;
    case SQLSCORE_ATTR_TEXT:
        if (l->kind != SQLSCORE__LIT_STRING)
            return 0;
        *ord = sqlscore__utf8_casecmp(a->text, l->str);
        *ord = *ord < 0 ? -1 : *ord > 0;
        return 1;
    case SQLSCORE_ATTR_BOOLEAN:
        if (l->kind != SQLSCORE__LIT_BOOL)
            return 0;
        x = (double)a->i;
        *ord = x < l->num ? -1 : x > l->num;
        return 2;          /* equality only */
    case SQLSCORE_ATTR_MONEY:
        if (l->kind != SQLSCORE__LIT_MONEY || strcmp(a->currency, l->currency) != 0)
            return 0;
        *ord = a->i < l->minor ? -1 : a->i > l->minor;
        return 1;
    default:
        return 0;
    }
    if (l->kind != SQLSCORE__LIT_NUMBER)
        return 0;
    *ord = x < l->num ? -1 : x > l->num;
    return 1;
}

static int qeval_op(int op, int ord)
{
    switch (op) {
    case SQLSCORE__OP_EQ: return ord == 0;
    case SQLSCORE__OP_NE: return ord != 0;
    case SQLSCORE__OP_LT: return ord < 0;
    case SQLSCORE__OP_LE: return ord <= 0;
    case SQLSCORE__OP_GT: return ord > 0;
    default: return ord >= 0;
    }
}

static int64_t qeval_sat_add(int64_t a, int64_t b)
{
    int64_t r;
    if (sqlscore__add_i64(a, b, &r))
        return b > 0 ? INT64_MAX : INT64_MIN;
    return r;
}

/* A leaf test on attribute a (NULL: the lead lacks it). */
int sqlscore__eval_leaf(const struct sqlscore__pred *p, const struct sqlscore__attr *a,
                        int64_t as_of)
{
    int ord, k;
    size_t i;
    if (p->kind == SQLSCORE__P_SET)
        return a != NULL;
    if (p->kind == SQLSCORE__P_EMPTY)
        return a == NULL || (a->type == SQLSCORE_ATTR_TEXT && qeval_blank(a->text));
    if (a == NULL)
        return 0;
    switch (p->kind) {
    case SQLSCORE__P_CMP:
        k = qeval_order(a, &p->lits[0], &ord);
        if (k == 0 || (k == 2 && p->op != SQLSCORE__OP_EQ && p->op != SQLSCORE__OP_NE))
            return 0;
        return qeval_op(p->op, ord);
    case SQLSCORE__P_BETWEEN: {
        int o2;
        if (qeval_order(a, &p->lits[0], &ord) != 1 || qeval_order(a, &p->lits[1], &o2) != 1)
            return 0;
        return ord >= 0 && o2 <= 0;
    }
    case SQLSCORE__P_IN:
        for (i = 0; i < p->nlits; i++)
            if (qeval_order(a, &p->lits[i], &ord) != 0 && ord == 0)
                return 1;
        return 0;
    case SQLSCORE__P_CONTAINS:
        return a->type == SQLSCORE_ATTR_TEXT && sqlscore__utf8_icontains(a->text, p->lits[0].str);
    case SQLSCORE__P_STARTS:
        return a->type == SQLSCORE_ATTR_TEXT && sqlscore__utf8_istarts(a->text, p->lits[0].str);
    case SQLSCORE__P_ENDS:
        return a->type == SQLSCORE_ATTR_TEXT && sqlscore__utf8_iends(a->text, p->lits[0].str);
    case SQLSCORE__P_WITHIN:
        return a->type == SQLSCORE_ATTR_TIME && a->i >= qeval_sat_add(as_of, -p->seconds) &&
               a->i <= qeval_sat_add(as_of, p->seconds);
    case SQLSCORE__P_OLDER:
        return a->type == SQLSCORE_ATTR_TIME && a->i < qeval_sat_add(as_of, -p->seconds);
    default:
        return 0;
    }
}

/* lead NULL: an engagement condition, tested on value (NULL: no value). */
static int qeval_pred(const struct sqlscore__pred *p, const sqlscore_lead *lead,
                   const struct sqlscore__attr *value, int64_t as_of)
{
    switch (p->kind) {
    case SQLSCORE__P_AND:
        return qeval_pred(p->a, lead, value, as_of) && qeval_pred(p->b, lead, value, as_of);
    case SQLSCORE__P_OR:
        return qeval_pred(p->a, lead, value, as_of) || qeval_pred(p->b, lead, value, as_of);
    case SQLSCORE__P_NOT:
        return !qeval_pred(p->a, lead, value, as_of);
    case SQLSCORE__P_CHECK:
        return lead != NULL && sqlscore__lead_check_state(lead, p->name) == p->state;
    default:
        return sqlscore__eval_leaf(p, lead ? sqlscore__lead_find_attr(lead, p->name) : value,
                                   as_of);
    }
}

/* ---- engagement ------------------------------------------------------------ */

double sqlscore__decay_factor(const struct sqlscore__rule *r, uint64_t age)
{
    switch (r->decay) {
    case SQLSCORE_DECAY_HALF_LIFE:
        return exp2(-((double)age / (double)r->period));
    case SQLSCORE_DECAY_LINEAR: {
        double f = 1.0 - r->percent / 100.0 * (double)(age / (uint64_t)r->period);
        return f > 0 ? f : 0.0;
    }
    case SQLSCORE_DECAY_WINDOW:
        return age < (uint64_t)r->period ? 1.0 : 0.0;
    default:
        return 1.0;
    }
}

/* Number of counted times (descending in times[0..nc)) in [t, t + w),
 * advancing *head past those at or beyond t + w for good. */
static size_t qeval_in_window(const int64_t *times, size_t nc, size_t *head, int64_t t, int64_t w)
{
    while (*head < nc && (uint64_t)times[*head] - (uint64_t)t >= (uint64_t)w)
        (*head)++;
    return nc - *head;
}

/* Points of one engagement rule.  scratch holds at least nevents times. */
static double qeval_engagement(const struct sqlscore__rule *r, const sqlscore_lead *lead,
                            int64_t as_of, int64_t *scratch, size_t *matched, size_t *counted)
{
    double total = 0;
    size_t i = lead->nevents, nc = 0, nm = 0, head = 0;
    while (i-- > 0) {
        const struct sqlscore__event *e = &lead->events[i];
        if (e->time > as_of || strcmp(e->type, r->event) != 0)
            continue;
        if (r->pred != NULL) {
            struct sqlscore__attr v;
            memset(&v, 0, sizeof v);
            v.type = SQLSCORE_ATTR_NUMBER;
            v.num = e->value;
            if (!qeval_pred(r->pred, NULL, e->has_value ? &v : NULL, as_of))
                continue;
        }
        nm++;
        if (r->limit > 0) {
            if (r->limit_window == 0) {
                if (nc >= (size_t)r->limit)
                    continue;
            } else {
                /* Counted occurrences in [t, t + window).  scratch holds
                 * the counted times in descending order; those at or past
                 * t + window stay out of every later (older) window, so
                 * the first in-window index only moves forward: linear
                 * time overall. */
                if (qeval_in_window(scratch, nc, &head, e->time, r->limit_window) >=
                    (size_t)r->limit)
                    continue;
            }
        }
        scratch[nc++] = e->time;
        total += r->points * sqlscore__decay_factor(r, (uint64_t)as_of - (uint64_t)e->time);
    }
    if (matched)
        *matched = nm;
    if (counted)
        *counted = nc;
    return total;
}

/* ---- the whole evaluation ------------------------------------------------------ */

static void qeval_num(struct sqlscore__sb *sb, double x)
{
    char buf[64];
    size_t n;
    snprintf(buf, sizeof buf, "%.2f", x);
    n = strlen(buf);
    if (strchr(buf, '.')) {
        while (n > 0 && buf[n - 1] == '0')
            buf[--n] = '\0';
        if (n > 0 && buf[n - 1] == '.')
            buf[--n] = '\0';
    }
    if (strcmp(buf, "-0") == 0)
        strcpy(buf, "0");
    sqlscore__sb_puts(sb, buf);
}

static void qeval_signed(struct sqlscore__sb *sb, double x)
{
    if (x >= 0)
        sqlscore__sb_puts(sb, "+");
    qeval_num(sb, x);
}

static const char *const qeval_verdict_names[4] = { "unqualified", "MQL", "SQL", "disqualified" };

/* gpos: ngroups doubles of scratch; events: nevents int64 of scratch. */
static void qeval_core(const sqlscore_criteria *c, const sqlscore_lead *lead, int64_t as_of,
                    double *gpos, int64_t *events, struct sqlscore__sb *sb,
                    struct qeval_rule_out *ro, struct sqlscore__totals *t)
{
    double upos = 0, neg = 0, gsum = 0;
    size_t i, g;
    memset(t, 0, sizeof *t);
    for (g = 0; g < c->ngroups; g++)
        gpos[g] = 0;
    if (sb) {
        sqlscore__sb_puts(sb, "lead ");
        sqlscore__sb_quote(sb, lead->id);
        sqlscore__sb_puts(sb, " scored by ");
        sqlscore__sb_quote(sb, c->name);
        sqlscore__sb_printf(sb, " version %ld as of %lld\n", (long)c->version, (long long)as_of);
    }
    for (i = 0; i < c->nrules; i++) {
        const struct sqlscore__rule *r = &c->rules[i];
        double pts;
        size_t matched = 0, counted = 0;
        switch (r->kind) {
        case SQLSCORE__R_FIT:
            if (!qeval_pred(r->pred, lead, NULL, as_of))
                continue;
            pts = r->points;
            if (ro) {
                ro[i].fired = 1;
                ro[i].points = pts;
                ro[i].steps = r->steps;
            }
            t->fit += pts;
            t->steps += r->steps;
            if (sb) {
                sqlscore__sb_puts(sb, "fit ");
                sqlscore__sb_quote(sb, r->name);
                sqlscore__sb_puts(sb, ":");
                if (r->points != 0) {
                    sqlscore__sb_puts(sb, " ");
                    qeval_signed(sb, r->points);
                    sqlscore__sb_puts(sb, " points");
                }
                if (r->steps != 0)
                    sqlscore__sb_printf(sb, " %+d grade step%s", (int)r->steps,
                                        r->steps == 1 || r->steps == -1 ? "" : "s");
                sqlscore__sb_puts(sb, "\n");
            }
            break;
        case SQLSCORE__R_ENGAGEMENT:
            pts = qeval_engagement(r, lead, as_of, events, &matched, &counted);
            if (counted == 0)
                continue;
            if (ro) {
                ro[i].fired = 1;
                ro[i].points = pts;
            }
            t->engagement += pts;
            if (sb) {
                sqlscore__sb_puts(sb, "engagement ");
                sqlscore__sb_quote(sb, r->name);
                sqlscore__sb_puts(sb, ": ");
                qeval_signed(sb, pts);
                sqlscore__sb_printf(sb, " points from %zu of %zu occurrence%s", counted, matched,
                                    matched == 1 ? "" : "s");
                if (r->decay != SQLSCORE_DECAY_NONE && pts != r->points * (double)counted) {
                    sqlscore__sb_puts(sb, " (");
                    qeval_signed(sb, r->points * (double)counted);
                    sqlscore__sb_puts(sb, " before decay)");
                }
                sqlscore__sb_puts(sb, "\n");
            }
            break;
        case SQLSCORE__R_DISQUALIFY:
            if (qeval_pred(r->pred, lead, NULL, as_of)) {
                t->disqualified = 1;
                if (ro)
                    ro[i].fired = 1;
                if (sb) {
                    sqlscore__sb_puts(sb, "disqualifier ");
                    sqlscore__sb_quote(sb, r->name);
                    sqlscore__sb_puts(sb, " fired\n");
                }
            }
            continue;
        default:
            if (!qeval_pred(r->pred, lead, NULL, as_of)) {
                t->gates_failed++;
                if (sb) {
                    sqlscore__sb_puts(sb, "gate ");
                    sqlscore__sb_quote(sb, r->name);
                    sqlscore__sb_puts(sb, " failed\n");
                }
            } else {
                if (ro)
                    ro[i].fired = 1;
                if (sb) {
                    sqlscore__sb_puts(sb, "gate ");
                    sqlscore__sb_quote(sb, r->name);
                    sqlscore__sb_puts(sb, " held\n");
                }
            }
            continue;
        }
        if (pts < 0)
            neg += pts;
        else if (r->group >= 0)
            gpos[r->group] += pts;
        else
            upos += pts;
    }
    sqlscore__totals_finish(c, t, gpos, upos, neg);
    if (sb == NULL)
        return;
    for (g = 0; g < c->ngroups; g++) {
        if (gpos[g] > c->groups[g].cap) {
            sqlscore__sb_puts(sb, "group ");
            sqlscore__sb_quote(sb, c->groups[g].name);
            sqlscore__sb_puts(sb, ": ");
            qeval_num(sb, gpos[g]);
            sqlscore__sb_puts(sb, " points capped at ");
            qeval_num(sb, c->groups[g].cap);
            sqlscore__sb_puts(sb, "\n");
        }
        gsum += gpos[g] > c->groups[g].cap ? c->groups[g].cap : gpos[g];
    }
    if (c->has_total_cap && gsum + upos > c->total_cap) {
        sqlscore__sb_puts(sb, "total: ");
        qeval_num(sb, gsum + upos);
        sqlscore__sb_puts(sb, " points capped at ");
        qeval_num(sb, c->total_cap);
        sqlscore__sb_puts(sb, "\n");
    }
    sqlscore__sb_puts(sb, "score ");
    qeval_num(sb, t->score);
    sqlscore__sb_puts(sb, " (fit ");
    qeval_num(sb, t->fit);
    sqlscore__sb_puts(sb, ", engagement ");
    qeval_num(sb, t->engagement);
    sqlscore__sb_printf(sb, "), grade %s\n", sqlscore__grade_name(t->grade));
    sqlscore__sb_puts(sb, "MQL threshold ");
    qeval_num(sb, c->mql);
    if (c->mql_grade != SQLSCORE_GRADE_NONE)
        sqlscore__sb_printf(sb, " and grade %s", sqlscore__grade_name(c->mql_grade));
    if (t->mql_ok) {
        sqlscore__sb_puts(sb, ": reached\n");
    } else {
        sqlscore__sb_puts(sb, ":");
        if (t->score < c->mql) {
            sqlscore__sb_puts(sb, " ");
            qeval_num(sb, c->mql - t->score);
            sqlscore__sb_puts(sb, " points missing");
        }
        if (c->mql_grade != SQLSCORE_GRADE_NONE && t->grade < c->mql_grade)
            sqlscore__sb_printf(sb, "%s grade %s below %s", t->score < c->mql ? "," : "",
                                sqlscore__grade_name(t->grade), sqlscore__grade_name(c->mql_grade));
        sqlscore__sb_puts(sb, "\n");
    }
    sqlscore__sb_puts(sb, "SQL threshold ");
    qeval_num(sb, c->sql);
    if (c->sql_grade != SQLSCORE_GRADE_NONE)
        sqlscore__sb_printf(sb, " and grade %s", sqlscore__grade_name(c->sql_grade));
    if (t->score >= c->sql) {
        sqlscore__sb_puts(sb, ": score reached");
    } else {
        sqlscore__sb_puts(sb, ": ");
        qeval_num(sb, c->sql - t->score);
        sqlscore__sb_puts(sb, " points missing");
    }
    if (c->sql_grade != SQLSCORE_GRADE_NONE && t->grade < c->sql_grade)
        sqlscore__sb_printf(sb, ", grade %s below %s", sqlscore__grade_name(t->grade),
                            sqlscore__grade_name(c->sql_grade));
    if (t->gates_failed > 0)
        sqlscore__sb_printf(sb, ", %d gate%s failed", t->gates_failed,
                            t->gates_failed == 1 ? "" : "s");
    sqlscore__sb_puts(sb, "\n");
    sqlscore__sb_printf(sb, "verdict: %s\n", qeval_verdict_names[t->verdict]);
}

static int qeval_check_criteria(const sqlscore_criteria *c, const char *fn)
{
    SQLSCORE__CHECK_NULL(c, fn, "criteria");
    if (!c->built)
        return sqlscore__fail(SQLSCORE_ESTATE, "%s: criteria '%s' is not built yet", fn, c->name);
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_criteria_evaluate(sqlscore_result **out, const sqlscore_criteria *c,
                                            const sqlscore_lead *lead, int64_t as_of)
{
    static const char fn[] = "sqlscore_criteria_evaluate";
    struct sqlscore__sb sb;
    sqlscore_result *res;
    double *gpos;
    int64_t *events;
    size_t i, namelen = 0;
    int rc;
    SQLSCORE__CHECK_NULL(out, fn, "out");
    if ((rc = qeval_check_criteria(c, fn)) != SQLSCORE_OK)
        return rc;
    SQLSCORE__CHECK_NULL(lead, fn, "lead");
    res = sqlscore__calloc(1, sizeof *res);
    gpos = sqlscore__calloc(c->ngroups + 1, sizeof *gpos);
    events = sqlscore__calloc(lead->nevents + 1, sizeof *events);
    memset(&sb, 0, sizeof sb);
    if (res == NULL || gpos == NULL || events == NULL ||
        (res->criteria = sqlscore__strdup(c->name)) == NULL ||
        (res->lead_id = sqlscore__strdup(lead->id)) == NULL)
        goto oom;
    /* Rule names are copied: a result may outlive its criteria. */
    for (i = 0; i < c->nrules; i++)
        namelen += strlen(c->rules[i].name) + 1;
    if ((res->rules = sqlscore__calloc(c->nrules + 1, sizeof *res->rules)) == NULL ||
        (res->names = sqlscore__malloc(namelen + 1)) == NULL)
        goto oom;
    res->nrules = c->nrules;
    for (i = 0, namelen = 0; i < c->nrules; i++) {
        size_t k = strlen(c->rules[i].name) + 1;
        memcpy(res->names + namelen, c->rules[i].name, k);
        res->rules[i].name = res->names + namelen;
        res->rules[i].kind = c->rules[i].kind;
        namelen += k;
    }
    qeval_core(c, lead, as_of, gpos, events, &sb, res->rules, &res->t);
    if (sb.failed)
        goto oom;
    res->explain = sb.p;
    res->version = c->version;
    res->as_of = as_of;
    res->sql_threshold = c->sql;
    sqlscore__free(gpos);
    sqlscore__free(events);
    *out = res;
    return SQLSCORE_OK;
oom:
    sqlscore__free(sb.p);
    sqlscore__free(gpos);
    sqlscore__free(events);
    sqlscore_result_free(res);
    return SQLSCORE_ENOMEM;
}

SQLSCORE_API int sqlscore_criteria_evaluate_batch(const sqlscore_criteria *c,
                                                  const sqlscore_lead *const *leads, size_t count,
                                                  int64_t as_of, double *scores, int32_t *grades,
                                                  int32_t *verdicts)
{
    static const char fn[] = "sqlscore_criteria_evaluate_batch";
    double *gpos;
    int64_t *events;
    size_t i, maxev = 0;
    int rc;
    if ((rc = qeval_check_criteria(c, fn)) != SQLSCORE_OK)
        return rc;
    if (count > 0)
        SQLSCORE__CHECK_NULL(leads, fn, "leads");
    for (i = 0; i < count; i++) {
        if (leads[i] == NULL)
            return sqlscore__fail(SQLSCORE_EINVAL, "%s: leads[%zu] is NULL", fn, i);
        if (leads[i]->nevents > maxev)
            maxev = leads[i]->nevents;
    }
    gpos = sqlscore__calloc(c->ngroups + 1, sizeof *gpos);
    events = sqlscore__calloc(maxev + 1, sizeof *events);
    if (gpos == NULL || events == NULL) {
        sqlscore__free(gpos);
        sqlscore__free(events);
        return SQLSCORE_ENOMEM;
    }
    for (i = 0; i < count; i++) {
        struct sqlscore__totals t;
        qeval_core(c, leads[i], as_of, gpos, events, NULL, NULL, &t);
        if (scores)
            scores[i] = t.score;
        if (grades)
            grades[i] = t.grade;
        if (verdicts)
            verdicts[i] = t.verdict;
    }
    sqlscore__free(gpos);
    sqlscore__free(events);
    return SQLSCORE_OK;
}

/* ---- results ------------------------------------------------------------- */

SQLSCORE_API void sqlscore_result_free(sqlscore_result *r)
{
    if (r == NULL)
        return;
    sqlscore__free(r->criteria);
    sqlscore__free(r->lead_id);
    sqlscore__free(r->explain);
    sqlscore__free(r->rules);
    sqlscore__free(r->names);
    sqlscore__free(r);
}

#define QEVAL_GETTER(fname, type, expr)                                                  \
    SQLSCORE_API int fname(const sqlscore_result *r, type *out)                       \
    {                                                                                 \
        SQLSCORE__CHECK_NULL(r, #fname, "result");                                    \
        SQLSCORE__CHECK_NULL(out, #fname, #type " out-parameter");                    \
        *out = (expr);                                                                \
        return SQLSCORE_OK;                                                           \
    }

QEVAL_GETTER(sqlscore_result_verdict, int32_t, r->t.verdict)
QEVAL_GETTER(sqlscore_result_score, double, r->t.score)
QEVAL_GETTER(sqlscore_result_grade, int32_t, r->t.grade)
QEVAL_GETTER(sqlscore_result_fit_points, double, r->t.fit)
QEVAL_GETTER(sqlscore_result_engagement_points, double, r->t.engagement)
QEVAL_GETTER(sqlscore_result_gates_failed, int32_t, (int32_t)r->t.gates_failed)
QEVAL_GETTER(sqlscore_result_points_to_sql, double,
          r->t.score >= r->sql_threshold ? 0.0 : r->sql_threshold - r->t.score)

SQLSCORE_API int sqlscore_result_rule_count(const sqlscore_result *r, size_t *count)
{
    SQLSCORE__CHECK_NULL(r, "sqlscore_result_rule_count", "result");
    SQLSCORE__CHECK_NULL(count, "sqlscore_result_rule_count", "count");
    *count = r->nrules;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_result_rule_at(const sqlscore_result *r, size_t index, const char **name,
                                         int32_t *kind, int32_t *fired, double *points,
                                         int32_t *grade_steps)
{
    static const char fn[] = "sqlscore_result_rule_at";
    const struct qeval_rule_out *o;
    SQLSCORE__CHECK_NULL(r, fn, "result");
    if (index >= r->nrules)
        return sqlscore__fail(SQLSCORE_ENOTFOUND, "%s: index %zu is past the %zu rules", fn, index,
                              r->nrules);
    o = &r->rules[index];
    if (name)
        *name = o->name;
    if (kind)
        *kind = o->kind;
    if (fired)
        *fired = o->fired;
    if (points)
        *points = o->points;
    if (grade_steps)
        *grade_steps = o->steps;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_result_explain(const sqlscore_result *r, char **text)
{
    static const char fn[] = "sqlscore_result_explain";
    char *s;
    SQLSCORE__CHECK_NULL(r, fn, "result");
    SQLSCORE__CHECK_NULL(text, fn, "text");
    if ((s = sqlscore__strdup(r->explain)) == NULL)
        return SQLSCORE_ENOMEM;
    *text = s;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_result_source(const sqlscore_result *r, const char **criteria,
                                        int32_t *version, const char **lead_id, int64_t *as_of)
{
    SQLSCORE__CHECK_NULL(r, "sqlscore_result_source", "result");
    if (criteria)
        *criteria = r->criteria;
    if (version)
        *version = r->version;
    if (lead_id)
        *lead_id = r->lead_id;
    if (as_of)
        *as_of = r->as_of;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_result_crossings(const sqlscore_result *before,
                                           const sqlscore_result *after, int32_t *crossed)
{
    static const char fn[] = "sqlscore_result_crossings";
    int32_t v0, v1, f = 0;
    int m0, m1, s0, s1, d0, d1;
    SQLSCORE__CHECK_NULL(after, fn, "after");
    SQLSCORE__CHECK_NULL(crossed, fn, "crossed");
    if (before != NULL) {
        if (strcmp(before->criteria, after->criteria) != 0)
            return sqlscore__fail(SQLSCORE_EINCOMPATIBLE,
                                  "%s: results come from different criteria ('%s' and '%s')", fn,
                                  before->criteria, after->criteria);
        if (strcmp(before->lead_id, after->lead_id) != 0)
            return sqlscore__fail(SQLSCORE_EINCOMPATIBLE,
                                  "%s: results are for different leads ('%s' and '%s')", fn,
                                  before->lead_id, after->lead_id);
    }
    v0 = before ? before->t.verdict : SQLSCORE_VERDICT_UNQUALIFIED;
    v1 = after->t.verdict;
    m0 = v0 == SQLSCORE_VERDICT_MQL || v0 == SQLSCORE_VERDICT_SQL;
    m1 = v1 == SQLSCORE_VERDICT_MQL || v1 == SQLSCORE_VERDICT_SQL;
    s0 = v0 == SQLSCORE_VERDICT_SQL;
    s1 = v1 == SQLSCORE_VERDICT_SQL;
    d0 = v0 == SQLSCORE_VERDICT_DISQUALIFIED;
    d1 = v1 == SQLSCORE_VERDICT_DISQUALIFIED;
    if (!m0 && m1) f |= SQLSCORE_CROSS_MQL_UP;
    if (m0 && !m1) f |= SQLSCORE_CROSS_MQL_DOWN;
    if (!s0 && s1) f |= SQLSCORE_CROSS_SQL_UP;
    if (s0 && !s1) f |= SQLSCORE_CROSS_SQL_DOWN;
    if (!d0 && d1) f |= SQLSCORE_CROSS_DISQUALIFIED;
    if (d0 && !d1) f |= SQLSCORE_CROSS_REQUALIFIED;
    *crossed = f;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_grade_name(int32_t grade, const char **name)
{
    SQLSCORE__CHECK_NULL(name, "sqlscore_grade_name", "name");
    if (grade < SQLSCORE_GRADE_F || grade > SQLSCORE_GRADE_A_PLUS)
        return sqlscore__fail(SQLSCORE_EINVAL, "sqlscore_grade_name: %ld is not a grade (0..12)",
                              (long)grade);
    *name = sqlscore__grade_name(grade);
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_verdict_name(int32_t verdict, const char **name)
{
    SQLSCORE__CHECK_NULL(name, "sqlscore_verdict_name", "name");
    if (verdict < SQLSCORE_VERDICT_UNQUALIFIED || verdict > SQLSCORE_VERDICT_DISQUALIFIED)
        return sqlscore__fail(SQLSCORE_EINVAL, "sqlscore_verdict_name: %ld is not a verdict "
                              "(0..3)", (long)verdict);
    *name = qeval_verdict_names[verdict];
    return SQLSCORE_OK;
}
