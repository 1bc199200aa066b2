/*
 * funnel_metrics.c - funnel metrics over many leads for a window [from, to)
 * seen as of a time.
 *
 * Each lead's history is reduced on its own (fm_add_moves) into counters,
 * a stage-by-stage conversion matrix and lists of durations.  Because leads
 * never interact, adding them one at a time, in a batch, or in two halves
 * that are merged gives the same numbers.  The durations are kept whole (not
 * sketched) so that medians and percentiles of merged metrics are exact.
 *
 * A call that can fail reduces into a scratch accumulator first and folds it
 * into the handle with fm_merge, which reserves every array before touching
 * anything: a failed call leaves the handle as it was.
 */
#include "funnel_internal.h"
#include "lead_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FM_NCOUNT 10               /* SQLSCORE_FUNNEL_METRIC_* values */

struct fm_durs {
    int64_t *v;
    size_t n, cap;
};

struct sqlscore_funnel_metrics {
    sqlscore_funnel *funnel;       /* private copy */
    int64_t from, to, as_of;
    int32_t ns;                    /* stages */
    int64_t *count;                /* ns * FM_NCOUNT */
    int64_t *conv;                 /* ns * ns * 2: [a][b][basis] */
    struct fm_durs *dur;           /* ns: completed stays that ended in the window */
    struct fm_durs velocity;       /* first stage -> SQL, cohort of the first stage */
};

static int64_t *fm_count(sqlscore_funnel_metrics *m, int32_t s, int what)
{
    return &m->count[(size_t)s * FM_NCOUNT + (size_t)what];
}

static int64_t *fm_conv(sqlscore_funnel_metrics *m, int32_t a, int32_t b, int basis)
{
    return &m->conv[((size_t)a * (size_t)m->ns + (size_t)b) * 2 + (size_t)basis];
}

static int fm_push(struct fm_durs *d, int64_t v)
{
    if (d->n == d->cap &&
        sqlscore__grow((void **)&d->v, &d->cap, d->n + 1, sizeof *d->v) != SQLSCORE_OK)
        return SQLSCORE_ENOMEM;
    d->v[d->n++] = v;
    return SQLSCORE_OK;
}

SQLSCORE_API void sqlscore_funnel_metrics_free(sqlscore_funnel_metrics *metrics)
{
    if (metrics == NULL)
        return;
    if (metrics->dur != NULL) {
        int32_t i;
        for (i = 0; i < metrics->ns; i++)
            sqlscore__free(metrics->dur[i].v);
    }
    sqlscore__free(metrics->dur);
    sqlscore__free(metrics->velocity.v);
    sqlscore__free(metrics->count);
    sqlscore__free(metrics->conv);
    sqlscore_funnel_free(metrics->funnel);
    sqlscore__free(metrics);
}

/* An empty accumulator for funnel f (already a private copy when own). */
static int fm_alloc(sqlscore_funnel_metrics **out, const sqlscore_funnel *f, int own,
                    int64_t from, int64_t to, int64_t as_of)
{
    sqlscore_funnel_metrics *m = sqlscore__calloc(1, sizeof *m);
    size_t ns = (size_t)f->n_stages;
    if (m == NULL)
        return SQLSCORE_ENOMEM;
    m->ns = f->n_stages;
    m->from = from;
    m->to = to;
    m->as_of = as_of;
    if (own)
        m->funnel = (sqlscore_funnel *)f;
    if ((!own && sqlscore__funnel_clone(&m->funnel, f) != SQLSCORE_OK) ||
        (m->count = sqlscore__calloc(ns * FM_NCOUNT, sizeof *m->count)) == NULL ||
        (m->conv = sqlscore__calloc(ns * ns * 2, sizeof *m->conv)) == NULL ||
        (m->dur = sqlscore__calloc(ns, sizeof *m->dur)) == NULL) {
        if (own)
            m->funnel = NULL;
        sqlscore_funnel_metrics_free(m);
        return SQLSCORE_ENOMEM;
    }
    *out = m;
    return SQLSCORE_OK;
}

/* A scratch accumulator sharing m's funnel (freed with fm_scratch_free). */
static int fm_scratch(sqlscore_funnel_metrics **out, const sqlscore_funnel_metrics *m)
{
    return fm_alloc(out, m->funnel, 1, m->from, m->to, m->as_of);
}

static void fm_scratch_free(sqlscore_funnel_metrics *t)
{
    if (t != NULL) {
        t->funnel = NULL;
        sqlscore_funnel_metrics_free(t);
    }
}

SQLSCORE_API int sqlscore_funnel_metrics_new(sqlscore_funnel_metrics **out,
                                             const sqlscore_funnel *funnel,
                                             int64_t from, int64_t to, int64_t as_of)
{
    static const char fn[] = "sqlscore_funnel_metrics_new";
    SQLSCORE__CHECK_NULL(out, fn, "out");
    SQLSCORE__CHECK_NULL(funnel, fn, "funnel");
    if (!funnel->built)
        return sqlscore__fail(SQLSCORE_ESTATE, "%s: funnel '%s' is not built", fn,
                              funnel->name);
    if (from >= to)
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: empty window: from %lld is not before "
                              "to %lld", fn, (long long)from, (long long)to);
    if (as_of < to)
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: as_of %lld is before the end of the "
                              "window %lld", fn, (long long)as_of, (long long)to);
    return fm_alloc(out, funnel, 0, from, to, as_of);
}

/* d = x - e; 1 when that overflows int64 (times at opposite ends of the
 * range), else 0. */
static int fm_sub(int64_t x, int64_t e, int64_t *d)
{
    if ((e < 0 && x > INT64_MAX + e) || (e > 0 && x < INT64_MIN + e))
        return 1;
    *d = x - e;
    return 0;
}

static int fm_range(const char *what)
{
    return sqlscore__fail(SQLSCORE_ERANGE, "funnel metrics: a %s overflows 64 bits "
                          "(times far apart)", what);
}

/* Fold one lead's history (n records, times non-decreasing, stage indexes
 * of m's funnel) into m.  ENOMEM (growing duration lists) and ERANGE (a
 * duration beyond int64) can happen halfway, so callers fold into a scratch
 * accumulator and merge it afterwards. */
static int fm_add_moves(sqlscore_funnel_metrics *m, const struct sqlscore__stage_move *mv,
                        size_t n)
{
    const sqlscore_funnel *f = m->funnel;
    const int64_t from = m->from, to = m->to, as_of = m->as_of;
    uint64_t cohort = 0;
    size_t firstpos[SQLSCORE_FUNNEL_MAX_STAGES + 3];
    size_t i, k;
    int32_t a;

    /* What happened after as_of is not known yet. */
    while (n > 0 && mv[n - 1].time > as_of)
        n--;
    for (i = 0; i < n; i++) {
        int32_t s = mv[i].to;
        int64_t e = mv[i].time;
        if (e >= from && e < to) {
            (*fm_count(m, s, SQLSCORE_FUNNEL_METRIC_ENTERED))++;
            if (!(cohort & ((uint64_t)1 << s))) {
                cohort |= (uint64_t)1 << s;
                firstpos[s] = i;
                (*fm_count(m, s, SQLSCORE_FUNNEL_METRIC_COHORT))++;
            }
        }
        if (i + 1 < n) {
            int64_t x = mv[i + 1].time;
            if (x >= from && x < to) {
                /* An entry's skipped stages are left by an ENTER record:
                 * the lead passed through them forwards. */
                static const int by_kind[7] = {
                    SQLSCORE_FUNNEL_METRIC_FORWARD, SQLSCORE_FUNNEL_METRIC_FORWARD, SQLSCORE_FUNNEL_METRIC_RECYCLED,
                    SQLSCORE_FUNNEL_METRIC_RESET, SQLSCORE_FUNNEL_METRIC_DISQUALIFIED,
                    SQLSCORE_FUNNEL_METRIC_LOST, SQLSCORE_FUNNEL_METRIC_REOPENED };
                int32_t kind = mv[i + 1].kind;
                if (kind >= 0 && kind < 7)
                    (*fm_count(m, s, by_kind[kind]))++;
                /* A skipped stage was passed through, not stayed in. */
                if (!(mv[i].flags & SQLSCORE_MOVE_SKIPPED)) {
                    int64_t d;
                    if (fm_sub(x, e, &d))
                        return fm_range("time in stage");
                    if (fm_push(&m->dur[s], d) != SQLSCORE_OK)
                        return SQLSCORE_ENOMEM;
                }
            }
            if (e < to && x >= to)
                (*fm_count(m, s, SQLSCORE_FUNNEL_METRIC_IN_AT_END))++;
        } else {
            int64_t sla = f->stages[s].max_dwell, dwell;
            if (e < to)
                (*fm_count(m, s, SQLSCORE_FUNNEL_METRIC_IN_AT_END))++;
            /* An overflowing dwell time is beyond any SLA. */
            if (sla > 0 && (fm_sub(as_of, e, &dwell) || dwell > sla))
                (*fm_count(m, s, SQLSCORE_FUNNEL_METRIC_STALE))++;
        }
    }
    for (a = 0; a < m->ns && cohort != 0; a++) {
        uint64_t seen;
        if (!(cohort & ((uint64_t)1 << a)))
            continue;
        seen = (uint64_t)1 << a;
        for (k = firstpos[a] + 1; k < n; k++) {
            int32_t b = mv[k].to;
            if (seen & ((uint64_t)1 << b))
                continue;
            seen |= (uint64_t)1 << b;
            (*fm_conv(m, a, b, SQLSCORE_FUNNEL_COHORT))++;
            if (mv[k].time < to)
                (*fm_conv(m, a, b, SQLSCORE_FUNNEL_PERIOD))++;
            if (a == 0 && b == f->sql) {
                int64_t d;
                if (fm_sub(mv[k].time, mv[firstpos[0]].time, &d))
                    return fm_range("lead-to-SQL time");
                if (fm_push(&m->velocity, d) != SQLSCORE_OK)
                    return SQLSCORE_ENOMEM;
            }
        }
    }
    return SQLSCORE_OK;
}

static int fm_compatible(const sqlscore_funnel_metrics *a, const sqlscore_funnel_metrics *b,
                         const char *fn)
{
    const sqlscore_funnel *fa = a->funnel, *fb = b->funnel;
    int32_t i;
    if (a->from != b->from || a->to != b->to || a->as_of != b->as_of)
        return sqlscore__fail(SQLSCORE_EINCOMPATIBLE,
                              "%s: windows differ: [%lld, %lld) as of %lld vs [%lld, %lld) "
                              "as of %lld", fn, (long long)a->from, (long long)a->to,
                              (long long)a->as_of, (long long)b->from, (long long)b->to,
                              (long long)b->as_of);
    if (sqlscore__utf8_casecmp(fa->name, fb->name) != 0 || fa->n_stages != fb->n_stages ||
        fa->n_main != fb->n_main || fa->sql != fb->sql)
        return sqlscore__fail(SQLSCORE_EINCOMPATIBLE, "%s: funnels differ ('%s' vs '%s')",
                              fn, fa->name, fb->name);
    for (i = 0; i < fa->n_stages; i++)
        if (fa->stages[i].max_dwell != fb->stages[i].max_dwell ||
            strcmp(fa->stages[i].name, fb->stages[i].name) != 0)
            return sqlscore__fail(SQLSCORE_EINCOMPATIBLE,
                                  "%s: funnels '%s' differ at stage %d", fn, fa->name, (int)i);
    return SQLSCORE_OK;
}

/* Reserve room for src's durations in dst; changes no content. */
static int fm_reserve(struct fm_durs *dst, const struct fm_durs *src)
{
    if (src->n == 0 || dst->n == 0)     /* nothing to add, or adopted whole */
        return SQLSCORE_OK;
    if (dst->n > SIZE_MAX - src->n)
        return sqlscore__fail(SQLSCORE_ENOMEM, "funnel metrics: too many durations");
    return sqlscore__grow((void **)&dst->v, &dst->cap, dst->n + src->n, sizeof *dst->v);
}

/* dst += src (compatible).  When `steal`, src's lists may be taken over
 * (src is a scratch accumulator about to be freed).  All or nothing. */
static int fm_merge(sqlscore_funnel_metrics *dst, sqlscore_funnel_metrics *src, int steal)
{
    size_t ns = (size_t)dst->ns, i;
    struct fm_durs *pairs[SQLSCORE_FUNNEL_MAX_STAGES + 4][2];
    size_t np = 0;

    for (i = 0; i < ns; i++) {
        pairs[np][0] = &dst->dur[i];
        pairs[np++][1] = &src->dur[i];
    }
    pairs[np][0] = &dst->velocity;
    pairs[np++][1] = &src->velocity;
    for (i = 0; i < np; i++) {
        struct fm_durs *d = pairs[i][0], *s = pairs[i][1];
        if (d->n == 0 && s->n > 0 && !steal) {
            if (sqlscore__grow((void **)&d->v, &d->cap, s->n, sizeof *d->v) != SQLSCORE_OK)
                return SQLSCORE_ENOMEM;
        } else if (fm_reserve(d, s) != SQLSCORE_OK) {
            return SQLSCORE_ENOMEM;
        }
    }
    /* Nothing below fails. */
    for (i = 0; i < ns * FM_NCOUNT; i++)
        dst->count[i] += src->count[i];
    for (i = 0; i < ns * ns * 2; i++)
        dst->conv[i] += src->conv[i];
    for (i = 0; i < np; i++) {
        struct fm_durs *d = pairs[i][0], *s = pairs[i][1];
        if (s->n == 0)
            continue;
        if (d->n == 0 && steal) {
            struct fm_durs t = *d;
            *d = *s;
            *s = t;
        } else {
            memcpy(d->v + d->n, s->v, s->n * sizeof *s->v);
            d->n += s->n;
        }
    }
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_funnel_metrics_merge(sqlscore_funnel_metrics *metrics,
                                               const sqlscore_funnel_metrics *other)
{
    static const char fn[] = "sqlscore_funnel_metrics_merge";
    int rc;
    SQLSCORE__CHECK_NULL(metrics, fn, "metrics");
    SQLSCORE__CHECK_NULL(other, fn, "other");
    if (metrics == other)
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: cannot merge metrics into themselves "
                              "(the sets of leads would not be disjoint)", fn);
    if ((rc = fm_compatible(metrics, other, fn)) != SQLSCORE_OK)
        return rc;
    return fm_merge(metrics, (sqlscore_funnel_metrics *)other, 0);
}

/* ---- event logs ---------------------------------------------------------- */

struct fm_order_key {
    int64_t entity;
    size_t index;
};

static int fm_order_cmp(const void *pa, const void *pb)
{
    const struct fm_order_key *a = pa, *b = pb;
    if (a->entity != b->entity)
        return a->entity < b->entity ? -1 : 1;
    return a->index < b->index ? -1 : a->index > b->index;
}

/* order[] receives 0..n-1 grouped by entity, keeping array order within an
 * entity.  A counting sort when entity indexes are dense enough, else a
 * comparison sort. */
static int fm_order(size_t **out, const int64_t *entity, size_t n, int64_t max_entity)
{
    size_t *order = sqlscore__reallocarray(NULL, n, sizeof *order);
    size_t i;
    if (order == NULL)
        return SQLSCORE_ENOMEM;
    if ((uint64_t)max_entity < (uint64_t)n * 4 + 1024) {
        size_t ne = (size_t)max_entity + 1;
        size_t *start = sqlscore__calloc(ne + 1, sizeof *start);
        if (start == NULL) {
            sqlscore__free(order);
            return SQLSCORE_ENOMEM;
        }
        for (i = 0; i < n; i++)
            start[(size_t)entity[i] + 1]++;
        for (i = 1; i <= ne; i++)
            start[i] += start[i - 1];
        for (i = 0; i < n; i++)
            order[start[(size_t)entity[i]]++] = i;
        sqlscore__free(start);
    } else {
        struct fm_order_key *keys = sqlscore__reallocarray(NULL, n, sizeof *keys);
        if (keys == NULL) {
            sqlscore__free(order);
            return SQLSCORE_ENOMEM;
        }
        for (i = 0; i < n; i++) {
            keys[i].entity = entity[i];
            keys[i].index = i;
        }
        qsort(keys, n, sizeof *keys, fm_order_cmp);
        for (i = 0; i < n; i++)
            order[i] = keys[i].index;
        sqlscore__free(keys);
    }
    *out = order;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_funnel_metrics_add_log(sqlscore_funnel_metrics *metrics,
                                                 const int64_t *entity, const int32_t *stage,
                                                 const int64_t *time, size_t n, int32_t flags,
                                                 size_t *bad_index)
{
    static const char fn[] = "sqlscore_funnel_metrics_add_log";
    sqlscore_funnel_metrics *t = NULL;
    struct sqlscore__stage_move *rec = NULL;
    size_t *order = NULL, nrec = 0, cap = 0, i, j;
    const sqlscore_funnel *f;
    int64_t max_entity = 0;
    int rc, sorted = 1;

    SQLSCORE__CHECK_NULL(metrics, fn, "metrics");
    if (flags & ~(SQLSCORE_MOVE_RESET | SQLSCORE_MOVE_REOPEN))
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: flags 0x%x: only SQLSCORE_MOVE_RESET and "
                              "SQLSCORE_MOVE_REOPEN apply to a log", fn, (unsigned)flags);
    if (n == 0)
        return SQLSCORE_OK;
    SQLSCORE__CHECK_NULL(entity, fn, "entity");
    SQLSCORE__CHECK_NULL(stage, fn, "stage");
    SQLSCORE__CHECK_NULL(time, fn, "time");
    f = metrics->funnel;
    for (i = 0; i < n; i++) {
        if (entity[i] < 0 || stage[i] < 0 || stage[i] >= f->n_stages) {
            if (bad_index != NULL)
                *bad_index = i;
            if (entity[i] < 0)
                return sqlscore__fail(SQLSCORE_EINVAL, "%s: event %zu: entity %lld is "
                                      "negative", fn, i, (long long)entity[i]);
            return sqlscore__fail(SQLSCORE_EINVAL, "%s: event %zu: no stage index %d in "
                                  "funnel '%s'", fn, i, (int)stage[i], f->name);
        }
        if (entity[i] > max_entity)
            max_entity = entity[i];
        if (i > 0 && entity[i] < entity[i - 1])
            sorted = 0;
    }
    /* A log sorted by entity (the usual export) is grouped already. */
    if (!sorted && (rc = fm_order(&order, entity, n, max_entity)) != SQLSCORE_OK)
        return rc;
    if ((rc = fm_scratch(&t, metrics)) != SQLSCORE_OK)
        goto out;
    for (i = 0; i < n; i = j) {
        int32_t cur = -1;
        int64_t last = 0;
        size_t first = order != NULL ? order[i] : i;
        nrec = 0;
        for (j = i; j < n && entity[order != NULL ? order[j] : j] == entity[first]; j++) {
            size_t ev = order != NULL ? order[j] : j;
            struct sqlscore__stage_plan p;
            int32_t s;
            rc = sqlscore__stage_plan_move(&p, f, cur, last, stage[ev], time[ev], flags, 1, fn);
            if (rc != SQLSCORE_OK) {
                char where[96];
                /* Say which event, in the words of the same rule. */
                snprintf(where, sizeof where, "%s: event %zu (entity %lld)", fn, ev,
                         (long long)entity[ev]);
                sqlscore__stage_plan_move(&p, f, cur, last, stage[ev], time[ev], flags, 1,
                                          where);
                if (bad_index != NULL)
                    *bad_index = ev;
                goto out;
            }
            if ((rc = sqlscore__grow((void **)&rec, &cap,
                                     nrec + (size_t)(p.to - p.first) + 1,
                                     sizeof *rec)) != SQLSCORE_OK)
                goto out;
            for (s = p.first; s <= p.to; s++) {
                struct sqlscore__stage_move *r = &rec[nrec++];
                r->from = cur;
                r->to = s;
                r->time = time[ev];
                r->kind = p.kind;
                r->flags = s < p.to ? SQLSCORE_MOVE_SKIPPED : 0;
                r->reason_code = 0;
                r->reason = NULL;
                cur = s;
            }
            last = time[ev];
        }
        if ((rc = fm_add_moves(t, rec, nrec)) != SQLSCORE_OK)
            goto out;
    }
    rc = fm_merge(metrics, t, 1);
out:
    fm_scratch_free(t);
    sqlscore__free(rec);
    sqlscore__free(order);
    return rc;
}

/* ---- results ------------------------------------------------------------- */

static int fm_check_stage(const sqlscore_funnel_metrics *m, int32_t s, const char *fn,
                          const char *what)
{
    if (s < 0 || s >= m->ns)
        return sqlscore__fail(SQLSCORE_ENOTFOUND, "%s: %s %d is not a stage of funnel '%s'",
                              fn, what, (int)s, m->funnel->name);
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_funnel_metrics_count(const sqlscore_funnel_metrics *metrics,
                                               int32_t stage, int32_t what, int64_t *value)
{
    static const char fn[] = "sqlscore_funnel_metrics_count";
    int rc;
    SQLSCORE__CHECK_NULL(metrics, fn, "metrics");
    SQLSCORE__CHECK_NULL(value, fn, "value");
    if ((rc = fm_check_stage(metrics, stage, fn, "stage")) != SQLSCORE_OK)
        return rc;
    if (what < 0 || what >= FM_NCOUNT)
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: unknown metric %d", fn, (int)what);
    *value = metrics->count[(size_t)stage * FM_NCOUNT + (size_t)what];
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_funnel_metrics_conversion(const sqlscore_funnel_metrics *metrics,
                                                    int32_t from_stage, int32_t to_stage,
                                                    int32_t basis, int64_t *converted,
                                                    int64_t *base, double *rate)
{
    static const char fn[] = "sqlscore_funnel_metrics_conversion";
    int64_t c, b;
    int rc;
    SQLSCORE__CHECK_NULL(metrics, fn, "metrics");
    if ((rc = fm_check_stage(metrics, from_stage, fn, "from_stage")) != SQLSCORE_OK ||
        (rc = fm_check_stage(metrics, to_stage, fn, "to_stage")) != SQLSCORE_OK)
        return rc;
    if (from_stage == to_stage)
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: from_stage and to_stage are both %d", fn,
                              (int)from_stage);
    if (basis != SQLSCORE_FUNNEL_COHORT && basis != SQLSCORE_FUNNEL_PERIOD)
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: unknown basis %d", fn, (int)basis);
    b = metrics->count[(size_t)from_stage * FM_NCOUNT + SQLSCORE_FUNNEL_METRIC_COHORT];
    c = metrics->conv[((size_t)from_stage * (size_t)metrics->ns + (size_t)to_stage) * 2 +
                      (size_t)basis];
    if (b == 0)
        return sqlscore__fail(SQLSCORE_EUNDEFINED, "%s: no lead entered '%s' in the window",
                              fn, metrics->funnel->stages[from_stage].name);
    if (converted != NULL)
        *converted = c;
    if (base != NULL)
        *base = b;
    if (rate != NULL)
        *rate = (double)c / (double)b;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_funnel_metrics_lead_to_sql(const sqlscore_funnel_metrics *metrics,
                                                     int32_t basis, int64_t *converted,
                                                     int64_t *base, double *rate)
{
    static const char fn[] = "sqlscore_funnel_metrics_lead_to_sql";
    SQLSCORE__CHECK_NULL(metrics, fn, "metrics");
    /* Checked here too so the detail names this function. */
    if (basis != SQLSCORE_FUNNEL_COHORT && basis != SQLSCORE_FUNNEL_PERIOD)
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: unknown basis %d", fn, (int)basis);
    return sqlscore_funnel_metrics_conversion(metrics, 0, metrics->funnel->sql, basis,
                                              converted, base, rate);
}

static int fm_cmp_i64(const void *pa, const void *pb)
{
    int64_t a = *(const int64_t *)pa, b = *(const int64_t *)pb;
    return (a > b) - (a < b);
}

/* Sort durations (all >= 0: a lead's times never go backwards).  Large
 * lists use an LSD radix sort on 16-bit digits, skipping digits every value
 * shares, so summaries of millions of stays stay linear; small ones qsort.
 * Returns SQLSCORE_OK or SQLSCORE_ENOMEM (v unchanged). */
static int fm_sort(int64_t *v, size_t n)
{
    int64_t *tmp, *src = v, *dst;
    size_t *cnt, i;
    int shift;
    if (n < 512) {
        qsort(v, n, sizeof *v, fm_cmp_i64);
        return SQLSCORE_OK;
    }
    if ((tmp = sqlscore__reallocarray(NULL, n, sizeof *tmp)) == NULL)
        return SQLSCORE_ENOMEM;
    if ((cnt = sqlscore__calloc(65536, sizeof *cnt)) == NULL) {
        sqlscore__free(tmp);
        return SQLSCORE_ENOMEM;
    }
    dst = tmp;
    for (shift = 0; shift < 64; shift += 16) {
        size_t sum = 0;
        memset(cnt, 0, 65536 * sizeof *cnt);
        for (i = 0; i < n; i++)
            cnt[((uint64_t)src[i] >> shift) & 0xFFFF]++;
        if (cnt[((uint64_t)src[0] >> shift) & 0xFFFF] == n)
            continue;                       /* every value has this digit */
        for (i = 0; i < 65536; i++) {
            size_t c = cnt[i];
            cnt[i] = sum;
            sum += c;
        }
        for (i = 0; i < n; i++)
            dst[cnt[((uint64_t)src[i] >> shift) & 0xFFFF]++] = src[i];
        dst = src;
        src = (src == v) ? tmp : v;
    }
    if (src != v)
        memcpy(v, src, n * sizeof *v);
    sqlscore__free(cnt);
    sqlscore__free(tmp);
    return SQLSCORE_OK;
}

/* Median (mean of the two middle values for an even count), mean and the
 * nearest-rank 90th percentile of a list of durations. */
static int fm_summary(const struct fm_durs *d, const char *fn, const char *what,
                      int64_t *count, double *median, double *mean, double *p90)
{
    int64_t *v;
    uint64_t hi = 0, lo = 0;
    size_t i, n = d->n, k;
    double med, avg, p;
    if (n == 0)
        return sqlscore__fail(SQLSCORE_EUNDEFINED, "%s: no durations for %s", fn, what);
    /* An exact 128-bit sum of the (non-negative) durations: the mean then
     * does not depend on the order leads were added or merged in. */
    for (i = 0; i < n; i++) {
        uint64_t x = (uint64_t)d->v[i];
        lo += x;
        hi += lo < x;
    }
    if ((v = sqlscore__reallocarray(NULL, n, sizeof *v)) == NULL)
        return SQLSCORE_ENOMEM;
    memcpy(v, d->v, n * sizeof *v);
    if (fm_sort(v, n) != SQLSCORE_OK) {
        sqlscore__free(v);
        return SQLSCORE_ENOMEM;
    }
    med = (n % 2) ? (double)v[n / 2]
                  : ((double)v[n / 2 - 1] + (double)v[n / 2]) / 2.0;
    avg = ((double)hi * 18446744073709551616.0 + (double)lo) / (double)n;
    k = (9 * (n / 10)) + ((9 * (n % 10)) + 9) / 10;   /* ceil(0.9 n) without overflow */
    p = (double)v[k - 1];
    sqlscore__free(v);
    if (count != NULL)
        *count = (int64_t)n;
    if (median != NULL)
        *median = med;
    if (mean != NULL)
        *mean = avg;
    if (p90 != NULL)
        *p90 = p;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_funnel_metrics_time_in_stage(const sqlscore_funnel_metrics *metrics,
                                                       int32_t stage, int64_t *count,
                                                       double *median, double *mean,
                                                       double *p90)
{
    static const char fn[] = "sqlscore_funnel_metrics_time_in_stage";
    int rc;
    SQLSCORE__CHECK_NULL(metrics, fn, "metrics");
    if ((rc = fm_check_stage(metrics, stage, fn, "stage")) != SQLSCORE_OK)
        return rc;
    return fm_summary(&metrics->dur[stage], fn, metrics->funnel->stages[stage].name, count,
                      median, mean, p90);
}

SQLSCORE_API int sqlscore_funnel_metrics_velocity(const sqlscore_funnel_metrics *metrics,
                                                  int64_t *count, double *median,
                                                  double *mean, double *p90)
{
    static const char fn[] = "sqlscore_funnel_metrics_velocity";
    SQLSCORE__CHECK_NULL(metrics, fn, "metrics");
    return fm_summary(&metrics->velocity, fn, "lead-to-SQL velocity", count, median, mean,
                      p90);
}

/* ---- leads --------------------------------------------------------------- */

static int fm_add_lead_to(sqlscore_funnel_metrics *t, const sqlscore_funnel_metrics *m,
                          const sqlscore_lead *lead, const char *fn, size_t at, int many)
{
    const struct sqlscore__stage_history *h;
    size_t k;
    if (lead == NULL) {
        if (many)
            return sqlscore__fail(SQLSCORE_EINVAL, "%s: leads[%zu] is NULL", fn, at);
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: lead is NULL", fn);
    }
    h = sqlscore__lead_stages_const(lead);
    if (h == NULL || h->n == 0)
        return SQLSCORE_OK;             /* never entered: nothing to count */
    if (sqlscore__utf8_casecmp(h->funnel, m->funnel->name) != 0) {
        const char *id = "?";
        sqlscore_lead_id(lead, &id);
        return sqlscore__fail(SQLSCORE_EINCOMPATIBLE,
                              "%s: lead '%s': its stages belong to funnel '%s', not '%s'",
                              fn, id, h->funnel, m->funnel->name);
    }
    /* Two different funnels given the same name must not index past the
     * end of this one. */
    for (k = 0; k < h->n; k++)
        if (h->moves[k].to >= m->ns) {
            const char *id = "?";
            sqlscore_lead_id(lead, &id);
            return sqlscore__fail(SQLSCORE_EINCOMPATIBLE,
                                  "%s: lead '%s': stage %d does not exist in funnel '%s'", fn,
                                  id, (int)h->moves[k].to, m->funnel->name);
        }
    return fm_add_moves(t, h->moves, h->n);
}

SQLSCORE_API int sqlscore_funnel_metrics_add_leads(sqlscore_funnel_metrics *metrics,
                                                   const sqlscore_lead *const *leads,
                                                   size_t n)
{
    static const char fn[] = "sqlscore_funnel_metrics_add_leads";
    sqlscore_funnel_metrics *t;
    size_t i;
    int rc;
    SQLSCORE__CHECK_NULL(metrics, fn, "metrics");
    if (n == 0)
        return SQLSCORE_OK;
    SQLSCORE__CHECK_NULL(leads, fn, "leads");
    if ((rc = fm_scratch(&t, metrics)) != SQLSCORE_OK)
        return rc;
    for (i = 0; i < n && rc == SQLSCORE_OK; i++)
        rc = fm_add_lead_to(t, metrics, leads[i], fn, i, 1);
    if (rc == SQLSCORE_OK)
        rc = fm_merge(metrics, t, 1);
    fm_scratch_free(t);
    return rc;
}

SQLSCORE_API int sqlscore_funnel_metrics_add_lead(sqlscore_funnel_metrics *metrics,
                                                  const sqlscore_lead *lead)
{
    static const char fn[] = "sqlscore_funnel_metrics_add_lead";
    sqlscore_funnel_metrics *t;
    int rc;
    SQLSCORE__CHECK_NULL(metrics, fn, "metrics");
    SQLSCORE__CHECK_NULL(lead, fn, "lead");
    if ((rc = fm_scratch(&t, metrics)) != SQLSCORE_OK)
        return rc;
    rc = fm_add_lead_to(t, metrics, lead, fn, 0, 0);
    if (rc == SQLSCORE_OK)
        rc = fm_merge(metrics, t, 1);
    fm_scratch_free(t);
    return rc;
}
