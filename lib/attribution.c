/*
 * attribution.c - multi-touch attribution of SQL conversions to campaigns.
 *
 * Touches and conversions are kept as parallel arrays indexed by interned
 * lead and campaign numbers.  A run groups the touches by lead (a two-pass
 * radix sort: partitions of 1024 leads, then each partition in cache),
 * sorts each lead's touches by time, walks its conversions in time order
 * and splits one conversion's credit of 1,000,000 ppm over its eligible
 * touches with exact integer quotas and largest-remainder rounding.  A run
 * on millions of touches is bound by memory: every pass streams, each
 * partition is credited while it is in cache, and credits go back to the
 * touches' places in cache-sized buckets (see sqlscore_attribution_run()).
 */
#include "attribution_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define ATTR_ONE 1000000
#define ATTR_DEFAULT_HALF_LIFE INT64_C(604800)   /* 7 days */
/* Custom weights are at most this, so that weight x middle-count sums
 * stay far inside int64 (see attr_anchor_weights). */
#define ATTR_WEIGHT_MAX 1000000
/* Up to this many touches, quadratic branch-free loops beat sorting. */
#define ATTR_SMALL 16

/* ---- interned strings ------------------------------------------------------ */

struct attr_intern {
    char **names;          /* index -> owned string */
    size_t n, cap;
    int32_t *slots;        /* open addressing: index + 1, 0 = empty */
    size_t nslots;         /* power of two, or 0 */
};

static uint64_t attr_hash(const char *s)
{
    uint64_t h = UINT64_C(1469598103934665603);
    while (*s != '\0') {
        h ^= (unsigned char)*s++;
        h *= UINT64_C(1099511628211);
    }
    return h;
}

static int32_t attr_intern_find(const struct attr_intern *t, const char *s)
{
    size_t mask, i;
    if (t->nslots == 0)
        return -1;
    mask = t->nslots - 1;
    for (i = (size_t)attr_hash(s) & mask; t->slots[i] != 0; i = (i + 1) & mask)
        if (strcmp(t->names[t->slots[i] - 1], s) == 0)
            return t->slots[i] - 1;
    return -1;
}

/* Make room for one more name (capacity only: nothing visible changes). */
static int attr_intern_reserve(struct attr_intern *t)
{
    int rc;
    if (t->n >= INT32_MAX - 1)
        return sqlscore__fail(SQLSCORE_ERANGE, "attribution: more than %d identifiers",
                              (int)(INT32_MAX - 1));
    rc = sqlscore__grow((void **)&t->names, &t->cap, t->n + 1, sizeof *t->names);
    if (rc != SQLSCORE_OK)
        return rc;
    if ((t->n + 1) * 2 > t->nslots) {
        size_t ns = t->nslots ? t->nslots * 2 : 64, i, j, mask = ns - 1;
        int32_t *slots = sqlscore__calloc(ns, sizeof *slots);
        if (slots == NULL)
            return SQLSCORE_ENOMEM;
        for (i = 0; i < t->n; i++) {
            for (j = (size_t)attr_hash(t->names[i]) & mask; slots[j] != 0; j = (j + 1) & mask)
                ;
            slots[j] = (int32_t)i + 1;
        }
        sqlscore__free(t->slots);
        t->slots = slots;
        t->nslots = ns;
    }
    return SQLSCORE_OK;
}

/* Insert an owned copy after attr_intern_reserve() succeeded. */
static int32_t attr_intern_commit(struct attr_intern *t, char *owned)
{
    size_t mask = t->nslots - 1, j;
    int32_t idx = (int32_t)t->n;
    for (j = (size_t)attr_hash(owned) & mask; t->slots[j] != 0; j = (j + 1) & mask)
        ;
    t->slots[j] = idx + 1;
    t->names[t->n++] = owned;
    return idx;
}

static void attr_intern_free(struct attr_intern *t)
{
    size_t i;
    for (i = 0; i < t->n; i++)
        sqlscore__free(t->names[i]);
    sqlscore__free(t->names);
    sqlscore__free(t->slots);
}

/* After a failed reservation: a table that is still empty gives back what
 * the reservation allocated, so a failed call leaves no allocation behind
 * (a table with entries just keeps its larger capacity). */
static int attr_intern_release_empty(struct attr_intern *t, int rc)
{
    if (t->n == 0) {
        sqlscore__free(t->names);
        sqlscore__free(t->slots);
        memset(t, 0, sizeof *t);
    }
    return rc;
}

/* ---- the handle ------------------------------------------------------------ */

struct sqlscore_attribution {
    struct attr_intern leads, campaigns;
    /* touches, in insertion order */
    int32_t *t_lead, *t_campaign;
    int64_t *t_time;
    unsigned char *t_flags;
    size_t n_touches, cap_lead, cap_campaign, cap_time, cap_flags;
    /* conversions, in insertion order */
    int32_t *c_lead;
    int64_t *c_time;
    size_t n_conversions, cap_clead, cap_ctime;
    /* model */
    int32_t model;
    int64_t half_life, lookback;
    int64_t weights[5];   /* first, lead creation, opportunity creation, last, middle */
    uint64_t generation;  /* bumped by every change to the data */
};

struct sqlscore_attribution_result {
    uint64_t generation;
    size_t n_touches, n_conversions, n_campaigns;
    struct sqlscore__touch_credit *touch;  /* per touch */
    int64_t *campaign_credit;    /* ppm per campaign */
    unsigned char *converted;    /* per conversion: 1 when it had touches */
    size_t attributed;
};

SQLSCORE_API int sqlscore_attribution_new(sqlscore_attribution **out)
{
    sqlscore_attribution *a;
    SQLSCORE__CHECK_NULL(out, "sqlscore_attribution_new", "out");
    a = sqlscore__calloc(1, sizeof *a);
    if (a == NULL)
        return SQLSCORE_ENOMEM;
    a->model = SQLSCORE_MODEL_LINEAR;
    a->half_life = ATTR_DEFAULT_HALF_LIFE;
    *out = a;
    return SQLSCORE_OK;
}

SQLSCORE_API void sqlscore_attribution_free(sqlscore_attribution *attribution)
{
    sqlscore_attribution *a = attribution;
    if (a == NULL)
        return;
    attr_intern_free(&a->leads);
    attr_intern_free(&a->campaigns);
    sqlscore__free(a->t_lead);
    sqlscore__free(a->t_campaign);
    sqlscore__free(a->t_time);
    sqlscore__free(a->t_flags);
    sqlscore__free(a->c_lead);
    sqlscore__free(a->c_time);
    sqlscore__free(a);
}

/* which: 0 interns a campaign id, 1 a lead id. */
static int attr_intern_public(sqlscore_attribution *a, int which, const char *id,
                              const char *fn, int32_t *index)
{
    struct attr_intern *t;
    int32_t idx;
    int rc;
    SQLSCORE__CHECK_NULL(a, fn, "attribution");
    if ((rc = sqlscore__check_text(id, fn, "id")) != SQLSCORE_OK)
        return rc;
    t = which ? &a->leads : &a->campaigns;
    idx = attr_intern_find(t, id);
    if (idx < 0) {
        char *dup;
        if ((rc = attr_intern_reserve(t)) != SQLSCORE_OK)
            return attr_intern_release_empty(t, rc);
        if ((dup = sqlscore__strdup(id)) == NULL)
            return attr_intern_release_empty(t, SQLSCORE_ENOMEM);
        idx = attr_intern_commit(t, dup);
    }
    if (index != NULL)
        *index = idx;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_attribution_campaign(sqlscore_attribution *attribution,
                                               const char *id, int32_t *index)
{
    return attr_intern_public(attribution, 0, id,
                              "sqlscore_attribution_campaign", index);
}

SQLSCORE_API int sqlscore_attribution_lead(sqlscore_attribution *attribution, const char *id,
                                           int32_t *index)
{
    return attr_intern_public(attribution, 1, id,
                              "sqlscore_attribution_lead", index);
}

static int attr_find_public(const sqlscore_attribution *a, int campaigns, const char *id,
                            const char *fn, int32_t *index)
{
    int32_t idx;
    int rc;
    SQLSCORE__CHECK_NULL(a, fn, "attribution");
    SQLSCORE__CHECK_NULL(index, fn, "index");
    if ((rc = sqlscore__check_text(id, fn, "id")) != SQLSCORE_OK)
        return rc;
    idx = attr_intern_find(campaigns ? &a->campaigns : &a->leads, id);
    if (idx < 0)
        return sqlscore__fail(SQLSCORE_ENOTFOUND, "%s: no %s '%.60s'", fn,
                              campaigns ? "campaign" : "lead", id);
    *index = idx;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_attribution_find_campaign(const sqlscore_attribution *attribution,
                                                    const char *id, int32_t *index)
{
    return attr_find_public(attribution, 1, id, "sqlscore_attribution_find_campaign", index);
}

SQLSCORE_API int sqlscore_attribution_find_lead(const sqlscore_attribution *attribution,
                                                const char *id, int32_t *index)
{
    return attr_find_public(attribution, 0, id, "sqlscore_attribution_find_lead", index);
}

SQLSCORE_API int sqlscore_attribution_campaign_id(const sqlscore_attribution *attribution,
                                                  int32_t index, const char **id)
{
    static const char fn[] = "sqlscore_attribution_campaign_id";
    SQLSCORE__CHECK_NULL(attribution, fn, "attribution");
    SQLSCORE__CHECK_NULL(id, fn, "id");
    if (index < 0 || (size_t)index >= attribution->campaigns.n)
        return sqlscore__fail(SQLSCORE_ENOTFOUND, "%s: no campaign %d (%zu interned)", fn,
                              (int)index, attribution->campaigns.n);
    *id = attribution->campaigns.names[index];
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_attribution_sizes(const sqlscore_attribution *attribution,
                                            size_t *campaigns, size_t *leads,
                                            size_t *touches, size_t *conversions)
{
    SQLSCORE__CHECK_NULL(attribution, "sqlscore_attribution_sizes", "attribution");
    if (campaigns != NULL)
        *campaigns = attribution->campaigns.n;
    if (leads != NULL)
        *leads = attribution->leads.n;
    if (touches != NULL)
        *touches = attribution->n_touches;
    if (conversions != NULL)
        *conversions = attribution->n_conversions;
    return SQLSCORE_OK;
}

/* Grow each of k arrays to hold need elements.  On failure an array that
 * did not exist before is released again, so a failed call leaves no new
 * allocation behind (grown existing arrays just keep their capacity). */
static int attr_grow_all(void **arrays[], size_t *caps[], const size_t *elems, int k,
                         size_t need)
{
    int i, rc = SQLSCORE_OK;
    int was_null[4];
    for (i = 0; i < k; i++)
        was_null[i] = *arrays[i] == NULL;
    for (i = 0; i < k && rc == SQLSCORE_OK; i++)
        rc = sqlscore__grow(arrays[i], caps[i], need, elems[i]);
    if (rc != SQLSCORE_OK)
        for (i = 0; i < k; i++)
            if (was_null[i] && *arrays[i] != NULL) {
                void *fresh = *arrays[i];
                *arrays[i] = NULL;
                sqlscore__free(fresh);
                *caps[i] = 0;
            }
    return rc;
}

/* Capacity for n more touches in all four arrays (capacity only). */
static int attr_reserve_touches(sqlscore_attribution *a, size_t more)
{
    void **arrays[4];
    size_t *caps[4], elems[4];
    if (more > (size_t)INT32_MAX - a->n_touches)
        return sqlscore__fail(SQLSCORE_ERANGE, "attribution: more than %d touches",
                              (int)INT32_MAX);
    arrays[0] = (void **)&a->t_lead;     caps[0] = &a->cap_lead;     elems[0] = sizeof *a->t_lead;
    arrays[1] = (void **)&a->t_campaign; caps[1] = &a->cap_campaign; elems[1] = sizeof *a->t_campaign;
    arrays[2] = (void **)&a->t_time;     caps[2] = &a->cap_time;     elems[2] = sizeof *a->t_time;
    arrays[3] = (void **)&a->t_flags;    caps[3] = &a->cap_flags;    elems[3] = sizeof *a->t_flags;
    return attr_grow_all(arrays, caps, elems, 4, a->n_touches + more);
}

static int attr_reserve_conversions(sqlscore_attribution *a, size_t more)
{
    void **arrays[2];
    size_t *caps[2], elems[2];
    if (more > (size_t)INT32_MAX - a->n_conversions)
        return sqlscore__fail(SQLSCORE_ERANGE, "attribution: more than %d conversions",
                              (int)INT32_MAX);
    arrays[0] = (void **)&a->c_lead; caps[0] = &a->cap_clead; elems[0] = sizeof *a->c_lead;
    arrays[1] = (void **)&a->c_time; caps[1] = &a->cap_ctime; elems[1] = sizeof *a->c_time;
    return attr_grow_all(arrays, caps, elems, 2, a->n_conversions + more);
}

static void attr_release_touches_if_empty(sqlscore_attribution *a)
{
    if (a->n_touches != 0)
        return;
    sqlscore__free(a->t_lead);
    sqlscore__free(a->t_campaign);
    sqlscore__free(a->t_time);
    sqlscore__free(a->t_flags);
    a->t_lead = a->t_campaign = NULL;
    a->t_time = NULL;
    a->t_flags = NULL;
    a->cap_lead = a->cap_campaign = a->cap_time = a->cap_flags = 0;
}

static void attr_release_conversions_if_empty(sqlscore_attribution *a)
{
    if (a->n_conversions != 0)
        return;
    sqlscore__free(a->c_lead);
    sqlscore__free(a->c_time);
    a->c_lead = NULL;
    a->c_time = NULL;
    a->cap_clead = a->cap_ctime = 0;
}

#define ATTR_FLAGS_ALL (SQLSCORE_TOUCH_LEAD_CREATION | SQLSCORE_TOUCH_OPPORTUNITY_CREATION)

SQLSCORE_API int sqlscore_attribution_add_touch(sqlscore_attribution *attribution,
                                                const char *lead, const char *campaign,
                                                int64_t time, int32_t flags)
{
    static const char fn[] = "sqlscore_attribution_add_touch";
    sqlscore_attribution *a = attribution;
    int32_t li, ci;
    char *ldup = NULL, *cdup = NULL;
    int rc;
    SQLSCORE__CHECK_NULL(a, fn, "attribution");
    if ((rc = sqlscore__check_text(lead, fn, "lead")) != SQLSCORE_OK ||
        (rc = sqlscore__check_text(campaign, fn, "campaign")) != SQLSCORE_OK)
        return rc;
    if ((flags & ~ATTR_FLAGS_ALL) != 0)
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: unknown flags 0x%x", fn, (unsigned)flags);
    li = attr_intern_find(&a->leads, lead);
    ci = attr_intern_find(&a->campaigns, campaign);
    /* Everything that can fail happens before anything visible changes. */
    if ((li < 0 && (rc = attr_intern_reserve(&a->leads)) != SQLSCORE_OK) ||
        (ci < 0 && (rc = attr_intern_reserve(&a->campaigns)) != SQLSCORE_OK) ||
        (rc = attr_reserve_touches(a, 1)) != SQLSCORE_OK)
        return attr_intern_release_empty(&a->campaigns,
                                         attr_intern_release_empty(&a->leads, rc));
    if ((li < 0 && (ldup = sqlscore__strdup(lead)) == NULL) ||
        (ci < 0 && (cdup = sqlscore__strdup(campaign)) == NULL)) {
        sqlscore__free(ldup);
        attr_release_touches_if_empty(a);
        return attr_intern_release_empty(&a->campaigns,
                                         attr_intern_release_empty(&a->leads,
                                                                   SQLSCORE_ENOMEM));
    }
    if (li < 0)
        li = attr_intern_commit(&a->leads, ldup);
    if (ci < 0)
        ci = attr_intern_commit(&a->campaigns, cdup);
    a->t_lead[a->n_touches] = li;
    a->t_campaign[a->n_touches] = ci;
    a->t_time[a->n_touches] = time;
    a->t_flags[a->n_touches] = (unsigned char)flags;
    a->n_touches++;
    a->generation++;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_attribution_add_touches(sqlscore_attribution *attribution, size_t n,
                                                  const int32_t *lead, const int32_t *campaign,
                                                  const int64_t *time, const int32_t *flags)
{
    static const char fn[] = "sqlscore_attribution_add_touches";
    sqlscore_attribution *a = attribution;
    size_t i;
    int rc;
    SQLSCORE__CHECK_NULL(a, fn, "attribution");
    if (n == 0)
        return SQLSCORE_OK;
    SQLSCORE__CHECK_NULL(lead, fn, "lead");
    SQLSCORE__CHECK_NULL(campaign, fn, "campaign");
    SQLSCORE__CHECK_NULL(time, fn, "time");
    for (i = 0; i < n; i++) {
        if (lead[i] < 0 || (size_t)lead[i] >= a->leads.n)
            return sqlscore__fail(SQLSCORE_EINVAL, "%s: touch %zu: lead index %d not "
                                  "interned (%zu leads)", fn, i, (int)lead[i], a->leads.n);
        if (campaign[i] < 0 || (size_t)campaign[i] >= a->campaigns.n)
            return sqlscore__fail(SQLSCORE_EINVAL, "%s: touch %zu: campaign index %d not "
                                  "interned (%zu campaigns)", fn, i, (int)campaign[i],
                                  a->campaigns.n);
        if (flags != NULL && (flags[i] & ~ATTR_FLAGS_ALL) != 0)
            return sqlscore__fail(SQLSCORE_EINVAL, "%s: touch %zu: unknown flags 0x%x", fn,
                                  i, (unsigned)flags[i]);
    }
    if ((rc = attr_reserve_touches(a, n)) != SQLSCORE_OK)
        return rc;
    memcpy(a->t_lead + a->n_touches, lead, n * sizeof *lead);
    memcpy(a->t_campaign + a->n_touches, campaign, n * sizeof *campaign);
    memcpy(a->t_time + a->n_touches, time, n * sizeof *time);
    for (i = 0; i < n; i++)
        a->t_flags[a->n_touches + i] = flags != NULL ? (unsigned char)flags[i] : 0;
    a->n_touches += n;
    a->generation++;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_attribution_add_conversion(sqlscore_attribution *attribution,
                                                     const char *lead, int64_t time)
{
    static const char fn[] = "sqlscore_attribution_add_conversion";
    sqlscore_attribution *a = attribution;
    int32_t li;
    char *dup = NULL;
    int rc;
    SQLSCORE__CHECK_NULL(a, fn, "attribution");
    if ((rc = sqlscore__check_text(lead, fn, "lead")) != SQLSCORE_OK)
        return rc;
    li = attr_intern_find(&a->leads, lead);
    if ((li < 0 && (rc = attr_intern_reserve(&a->leads)) != SQLSCORE_OK) ||
        (rc = attr_reserve_conversions(a, 1)) != SQLSCORE_OK)
        return attr_intern_release_empty(&a->leads, rc);
    if (li < 0) {
        if ((dup = sqlscore__strdup(lead)) == NULL) {
            attr_release_conversions_if_empty(a);
            return attr_intern_release_empty(&a->leads, SQLSCORE_ENOMEM);
        }
        li = attr_intern_commit(&a->leads, dup);
    }
    a->c_lead[a->n_conversions] = li;
    a->c_time[a->n_conversions] = time;
    a->n_conversions++;
    a->generation++;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_attribution_add_conversions(sqlscore_attribution *attribution,
                                                      size_t n, const int32_t *lead,
                                                      const int64_t *time)
{
    static const char fn[] = "sqlscore_attribution_add_conversions";
    sqlscore_attribution *a = attribution;
    size_t i;
    int rc;
    SQLSCORE__CHECK_NULL(a, fn, "attribution");
    if (n == 0)
        return SQLSCORE_OK;
    SQLSCORE__CHECK_NULL(lead, fn, "lead");
    SQLSCORE__CHECK_NULL(time, fn, "time");
    for (i = 0; i < n; i++)
        if (lead[i] < 0 || (size_t)lead[i] >= a->leads.n)
            return sqlscore__fail(SQLSCORE_EINVAL, "%s: conversion %zu: lead index %d not "
                                  "interned (%zu leads)", fn, i, (int)lead[i], a->leads.n);
    if ((rc = attr_reserve_conversions(a, n)) != SQLSCORE_OK)
        return rc;
    memcpy(a->c_lead + a->n_conversions, lead, n * sizeof *lead);
    memcpy(a->c_time + a->n_conversions, time, n * sizeof *time);
    a->n_conversions += n;
    a->generation++;
    return SQLSCORE_OK;
}

/* Anchor weights of the built-in models: first, lead creation, opportunity
 * creation, last, middle (in units of 0.5 %). */
static const int64_t attr_model_weights[][5] = {
    /* POSITION_BASED 40/20/40 */ {80, 0, 0, 80, 40},
    /* U_SHAPED 50/50          */ {100, 100, 0, 0, 0},
    /* W_SHAPED 30/30/30 + 10  */ {60, 60, 60, 0, 20},
    /* FULL_PATH 22.5 x 4 + 10 */ {45, 45, 45, 45, 20},
};

SQLSCORE_API int sqlscore_attribution_set_model(sqlscore_attribution *attribution,
                                                int32_t model)
{
    static const char fn[] = "sqlscore_attribution_set_model";
    SQLSCORE__CHECK_NULL(attribution, fn, "attribution");
    if (model < SQLSCORE_MODEL_FIRST_TOUCH || model > SQLSCORE_MODEL_CUSTOM)
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: unknown model %d", fn, (int)model);
    if (model == SQLSCORE_MODEL_CUSTOM) {
        const int64_t *w = attribution->weights;
        if (w[0] + w[1] + w[2] + w[3] + w[4] == 0)
            return sqlscore__fail(SQLSCORE_ESTATE, "%s: set custom weights with "
                                  "sqlscore_attribution_set_weights() first", fn);
    }
    attribution->model = model;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_attribution_set_weights(sqlscore_attribution *attribution,
                                                  int64_t first, int64_t lead_creation,
                                                  int64_t opportunity_creation, int64_t last,
                                                  int64_t middle)
{
    static const char fn[] = "sqlscore_attribution_set_weights";
    int64_t w[5];
    int i;
    SQLSCORE__CHECK_NULL(attribution, fn, "attribution");
    w[0] = first;
    w[1] = lead_creation;
    w[2] = opportunity_creation;
    w[3] = last;
    w[4] = middle;
    for (i = 0; i < 5; i++)
        if (w[i] < 0 || w[i] > ATTR_WEIGHT_MAX)
            return sqlscore__fail(SQLSCORE_EINVAL, "%s: weight %d is %lld, not in 0..%d",
                                  fn, i + 1, (long long)w[i], ATTR_WEIGHT_MAX);
    if (w[0] + w[1] + w[2] + w[3] + w[4] == 0)
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: all weights are 0", fn);
    memcpy(attribution->weights, w, sizeof w);
    attribution->model = SQLSCORE_MODEL_CUSTOM;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_attribution_set_half_life(sqlscore_attribution *attribution,
                                                    int64_t seconds)
{
    static const char fn[] = "sqlscore_attribution_set_half_life";
    SQLSCORE__CHECK_NULL(attribution, fn, "attribution");
    if (seconds <= 0)
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: half-life must be positive, got %lld",
                              fn, (long long)seconds);
    attribution->half_life = seconds;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_attribution_set_lookback(sqlscore_attribution *attribution,
                                                   int64_t seconds)
{
    static const char fn[] = "sqlscore_attribution_set_lookback";
    SQLSCORE__CHECK_NULL(attribution, fn, "attribution");
    if (seconds < 0)
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: lookback must not be negative, got "
                              "%lld", fn, (long long)seconds);
    attribution->lookback = seconds;
    return SQLSCORE_OK;
}

/* ---- sorting ----------------------------------------------------------------- */

/* A touch or conversion copied next to its lead's others, so that sorting
 * and crediting read contiguous memory instead of chasing indices.  16
 * bytes: a run moves every touch through memory twice in these. */
struct attr_ev {
    int64_t time;
    uint32_t idx;        /* touch or conversion number */
    uint32_t lf;         /* the lead's offset in its partition (while
                          * grouping) << 2 | the touch's flags, carried
                          * along so that crediting never reads
                          * t_flags[idx] at random */
};
#define ATTR_EV_FLAGS(e) ((e).lf & 3u)

/* Stable sort of e[0..n) by time; tmp has room for n. */
static void attr_sort_by_time(struct attr_ev *e, size_t n, struct attr_ev *tmp)
{
    size_t i, width;
    struct attr_ev *src = e, *dst = tmp;
    for (i = 1; i < n; i++)
        if (e[i].time < e[i - 1].time)
            break;
    if (i >= n)
        return;   /* already in order: the common case */
    if (n <= 24) {
        for (i = 1; i < n; i++) {
            struct attr_ev v = e[i];
            size_t j = i;
            while (j > 0 && e[j - 1].time > v.time) {
                e[j] = e[j - 1];
                j--;
            }
            e[j] = v;
        }
        return;
    }
    for (width = 1; width < n; width *= 2) {
        size_t lo;
        for (lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n;
            size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            size_t x = lo, y = mid, k = lo;
            while (x < mid && y < hi)
                dst[k++] = src[y].time < src[x].time ? src[y++] : src[x++];
            while (x < mid)
                dst[k++] = src[x++];
            while (y < hi)
                dst[k++] = src[y++];
        }
        {
            struct attr_ev *t = src;
            src = dst;
            dst = t;
        }
    }
    if (src != e)
        memcpy(e, src, n * sizeof *e);
}

/* Leads per partition of attr_group_by_lead(): 1024 leads' counters and
 * the partitions' write heads stay in cache. */
#define ATTR_PART_SHIFT 10
#define ATTR_PART_LEADS ((size_t)1 << ATTR_PART_SHIFT)

/* Stable grouping of m conversions by lead into ev, with start[0..nleads]
 * the offsets of each lead's run (insertion order kept within a lead).
 *
 * A single counting sort by lead scatters every item to a random place
 * among millions (a cache miss per item, twice over with the counts).  So
 * this is a two-pass radix sort: items are first streamed into partitions
 * of ATTR_PART_LEADS consecutive leads (few write heads, all in cache),
 * then each partition, small enough for the cache, is counting-sorted by
 * lead.  part has room for m items; pstart for (nleads >> shift) + 2
 * counters.  (Touches take the same two passes, fused with crediting, in
 * sqlscore_attribution_run().) */
static void attr_group_by_lead(const int32_t *lead, const int64_t *time, size_t m,
                               size_t nleads, uint32_t *start, struct attr_ev *ev,
                               struct attr_ev *part, uint32_t *pstart)
{
    size_t np = (nleads >> ATTR_PART_SHIFT) + 1, i, p, out = 0;
    uint32_t count[ATTR_PART_LEADS];
    for (i = 1; i < m && lead[i - 1] <= lead[i]; i++)
        ;
    if (i >= m) {
        /* Already in lead order (the usual shape of an export): a stable
         * grouping keeps that order, so one sequential pass does. */
        size_t l = 0;
        for (i = 0; i < m; i++) {
            while (l <= (size_t)lead[i])
                start[l++] = (uint32_t)i;
            ev[i].time = time[i];
            ev[i].idx = (uint32_t)i;
            ev[i].lf = 0;
        }
        while (l <= nleads)
            start[l++] = (uint32_t)m;
        return;
    }
    memset(pstart, 0, (np + 1) * sizeof *pstart);
    for (i = 0; i < m; i++)
        pstart[((uint32_t)lead[i] >> ATTR_PART_SHIFT) + 1]++;
    for (p = 0; p < np; p++)
        pstart[p + 1] += pstart[p];
    for (i = 0; i < m; i++) {
        struct attr_ev *e = &part[pstart[(uint32_t)lead[i] >> ATTR_PART_SHIFT]++];
        e->time = time[i];
        e->idx = (uint32_t)i;
        e->lf = ((uint32_t)lead[i] & (ATTR_PART_LEADS - 1)) << 2;
    }
    /* pstart[p] is now the end of partition p, the start of p + 1. */
    for (p = 0; p < np; p++) {
        size_t lo = p << ATTR_PART_SHIFT, hi = lo + ATTR_PART_LEADS, k;
        size_t from = p ? pstart[p - 1] : 0, to = pstart[p];
        uint32_t sum;
        if (hi > nleads)
            hi = nleads;
        if (lo >= hi)
            break;
        memset(count, 0, (hi - lo) * sizeof *count);
        for (k = from; k < to; k++)
            count[part[k].lf >> 2]++;
        sum = (uint32_t)out;
        for (k = 0; k < hi - lo; k++) {
            uint32_t c = count[k];
            start[lo + k] = sum;
            count[k] = sum;
            sum += c;
        }
        for (k = from; k < to; k++)
            ev[count[part[k].lf >> 2]++] = part[k];
        out = sum;
    }
    start[nleads] = (uint32_t)out;
}

/* ---- credit split ------------------------------------------------------------ */

struct attr_rem {
    uint64_t rem;
    uint32_t pos;
};

static int attr_rem_cmp(const void *pa, const void *pb)
{
    const struct attr_rem *a = pa, *b = pb;
    if (a->rem != b->rem)
        return a->rem > b->rem ? -1 : 1;
    return a->pos < b->pos ? -1 : a->pos > b->pos;
}

struct attr_scratch {
    uint64_t *w;             /* integer weight per position */
    struct attr_rem *rem;    /* remainders */
    int32_t *credit;         /* ppm per position */
    size_t cap;
};

/* credit[i] = largest-remainder split of ATTR_ONE by weights w[0..n), total
 * W > 0: floor quotas, then the leftover ppm one each to the largest
 * remainders, ties to the earlier position. */
static void attr_split(struct attr_scratch *s, size_t n, uint64_t total)
{
    size_t i;
    uint64_t sum = 0, extra;
    uint64_t lastw = UINT64_MAX, q = 0, r = 0;
    for (i = 0; i < n; i++) {
        uint64_t w = s->w[i];
        /* Neighbours often weigh the same (middle touches, equal decay):
         * one division serves them all.  A weight below 2^64 / 10^6 (every
         * time-decay weight, and anchor weights but for huge middles) takes
         * a plain 64-bit division instead of the 128-bit one. */
        if (w != lastw) {
            if (w <= UINT64_MAX / ATTR_ONE) {
                uint64_t p = w * ATTR_ONE;
                q = p / total;
                r = p % total;
            } else {
                /* w[i] <= total, so the quotient is at most ATTR_ONE. */
                (void)sqlscore__u128_divmod(sqlscore__u128_mul(w, ATTR_ONE), total, &q, &r);
            }
            lastw = w;
        }
        s->credit[i] = (int32_t)q;
        s->rem[i].rem = r;
        s->rem[i].pos = (uint32_t)i;
        sum += q;
    }
    extra = ATTR_ONE - sum;   /* < n, since each floor loses less than 1 */
    if (extra == 0)
        return;
    if (n <= ATTR_SMALL) {
        /* The extra ppm go to the positions ranked below extra in that
         * order (larger remainder first, then the earlier position):
         * counting each one's rank is branch-free and cheaper than sorting
         * a handful. */
        for (i = 0; i < n; i++) {
            uint64_t ri = s->rem[i].rem;
            size_t j, rank = 0;
            for (j = 0; j < i; j++)
                rank += s->rem[j].rem >= ri;
            for (j = i + 1; j < n; j++)
                rank += s->rem[j].rem > ri;
            s->credit[i] += rank < extra;
        }
        return;
    }
    qsort(s->rem, n, sizeof *s->rem, attr_rem_cmp);
    for (i = 0; i < extra; i++)
        s->credit[s->rem[i].pos]++;
}

/* Fill s->w for the anchor models over touches e[0..n); returns total. */
static uint64_t attr_anchor_weights(struct attr_scratch *s, const struct attr_ev *e, size_t n,
                                    const int64_t *wt)
{
    size_t i, lc = SIZE_MAX, oc = SIZE_MAX, middle = 0;
    uint64_t total = 0;
    for (i = 0; i < n; i++) {
        unsigned f = ATTR_EV_FLAGS(e[i]);
        if (lc == SIZE_MAX && (f & SQLSCORE_TOUCH_LEAD_CREATION))
            lc = i;
        if (oc == SIZE_MAX && (f & SQLSCORE_TOUCH_OPPORTUNITY_CREATION))
            oc = i;
    }
    {
        /* A role with weight 0 holds no touch, so that touch stays
         * "middle"; a touch holding several roles adds their weights. */
        size_t pos[4], roles = 0, mult;
        int k;
        pos[0] = 0;
        pos[1] = lc;
        pos[2] = oc;
        pos[3] = n - 1;
        for (i = 0; i < n; i++)
            s->w[i] = 0;
        for (k = 0; k < 4; k++)
            if (wt[k] > 0 && pos[k] != SIZE_MAX) {
                roles += s->w[pos[k]] == 0;
                s->w[pos[k]] += (uint64_t)wt[k];
            }
        middle = n - roles;
        /* Scaling role weights by the middle count keeps each middle
         * touch's share wt[4] / middle an integer. */
        mult = middle ? middle : 1;
        for (i = 0; i < n; i++) {
            s->w[i] = s->w[i] != 0 ? s->w[i] * mult : (uint64_t)wt[4];
            total += s->w[i];
        }
    }
    if (total == 0) {
        /* Every role with a weight is absent and the middle weighs 0 (custom
         * weights such as lead creation only, on a path without a
         * lead-creation touch): fall back to an even split. */
        for (i = 0; i < n; i++)
            s->w[i] = 1;
        total = n;
    }
    return total;
}

static int attr_scratch_reserve(struct attr_scratch *s, size_t n)
{
    uint64_t *w;
    struct attr_rem *rem;
    int32_t *credit;
    if (n <= s->cap)
        return SQLSCORE_OK;
    w = sqlscore__reallocarray(s->w, n, sizeof *w);
    if (w == NULL)
        return SQLSCORE_ENOMEM;
    s->w = w;
    rem = sqlscore__reallocarray(s->rem, n, sizeof *rem);
    if (rem == NULL)
        return SQLSCORE_ENOMEM;
    s->rem = rem;
    credit = sqlscore__reallocarray(s->credit, n, sizeof *credit);
    if (credit == NULL)
        return SQLSCORE_ENOMEM;
    s->credit = credit;
    s->cap = n;
    return SQLSCORE_OK;
}

/* Split one conversion over the touches e[0..n) (chronological). */
static void attr_credit_conversion(struct attr_scratch *s, const sqlscore_attribution *a,
                                   const struct attr_ev *e, size_t n)
{
    size_t i;
    uint64_t total;
    switch (a->model) {
    case SQLSCORE_MODEL_FIRST_TOUCH:
    case SQLSCORE_MODEL_LAST_TOUCH:
        for (i = 0; i < n; i++)
            s->credit[i] = 0;
        s->credit[a->model == SQLSCORE_MODEL_FIRST_TOUCH ? 0 : n - 1] = ATTR_ONE;
        return;
    case SQLSCORE_MODEL_LINEAR:
        /* Equal quotas: the leftover goes to the earliest touches, which is
         * what the largest-remainder rule gives for equal remainders. */
        for (i = 0; i < n; i++)
            s->credit[i] = (int32_t)(ATTR_ONE / n + (i < ATTR_ONE % n ? 1 : 0));
        return;
    case SQLSCORE_MODEL_TIME_DECAY: {
        /* Weights relative to the latest touch, 2^(-(t_last - t)/H), so
         * the largest is exactly 2^shift and n of them stay below 2^62. */
        int64_t tl = e[n - 1].time;
        int shift = 40;
        while (shift > 1 && (uint64_t)n > (UINT64_C(1) << (62 - shift)))
            shift--;
        total = 0;
        /* Scaling by a power of two is exact (what ldexp() would do, without
         * the call), and w + 0.5 >= 0 truncates to its floor. */
        double scale = (double)(UINT64_C(1) << shift), h = (double)a->half_life;
        for (i = 0; i < n; i++) {
            double dt = (double)((uint64_t)tl - (uint64_t)e[i].time);
            double w = exp2(-dt / h) * scale;
            s->w[i] = (uint64_t)(w + 0.5);
            total += s->w[i];
        }
        break;
    }
    case SQLSCORE_MODEL_CUSTOM:
        total = attr_anchor_weights(s, e, n, a->weights);
        break;
    default:
        total = attr_anchor_weights(s, e, n,
                                    attr_model_weights[a->model -
                                                       SQLSCORE_MODEL_POSITION_BASED]);
        break;
    }
    attr_split(s, n, total);
}

SQLSCORE_API void sqlscore_attribution_result_free(sqlscore_attribution_result *result)
{
    if (result == NULL)
        return;
    sqlscore__free(result->touch);
    sqlscore__free(result->campaign_credit);
    sqlscore__free(result->converted);
    sqlscore__free(result);
}

/* Stable sort of a few touches by time from in[0..n) into out[0..n): each
 * lands at its rank (the earlier ones, and the equal ones added before
 * it).  Quadratic but free of unpredictable branches, which is what costs
 * on the handful of touches a lead has in random order. */
static void attr_rank_sort(const struct attr_ev *in, size_t n, struct attr_ev *out)
{
    size_t i, j;
    for (i = 0; i < n; i++) {
        int64_t ti = in[i].time;
        size_t r = 0;
        for (j = 0; j < i; j++)
            r += in[j].time <= ti;
        for (j = i + 1; j < n; j++)
            r += in[j].time < ti;
        out[r] = in[i];
    }
}

/* A credited touch on its way back to its place in the result travels as
 * 64 bits: its number within its write-back bucket (shift bits), its ppm
 * (20 bits: at most 1,000,000) and its conversion (the remaining 44 -
 * shift bits, at least 31).
 *
 * Bucket b holds the credited touches numbered b << shift on, at most
 * 1 << shift of them: exactly the room that their slice of the result
 * has, 8 bytes a touch.  So the records wait right there (fresh memory
 * costs a page fault per 4 kB, the time of several touches) until the
 * bucket is applied, its slice of the result and of t_campaign in cache.
 * They are moved as bytes: the memory changes type on the way. */
#define ATTR_WB_PPM_BITS 20

/* How many touches ahead the first pass of a run asks for a lead's last
 * conversion time. */
#define ATTR_PREFETCH 32
#define ATTR_WB_SHIFT_MIN 13   /* 13 + 20 + 31 = 64 */
#define ATTR_WB_SHIFT_MAX 16   /* fewer, larger buckets: fewer write heads,
                                * slices still in cache */
struct attr_wbq {
    unsigned char *mem;   /* the result's touch array */
    uint32_t *end;        /* records per bucket */
    unsigned shift;
};

static void attr_wb_put(struct attr_wbq *q, uint32_t idx, int32_t ppm, uint32_t conversion)
{
    size_t b = idx >> q->shift;
    uint64_t rec = (uint64_t)(idx & ((UINT32_C(1) << q->shift) - 1)) |
                   (uint64_t)(uint32_t)ppm << q->shift |
                   (uint64_t)conversion << (q->shift + ATTR_WB_PPM_BITS);
    memcpy(q->mem + ((b << q->shift) + q->end[b]++) * sizeof rec, &rec, sizeof rec);
}

/* Credit one lead: its touches t[0..nt) and conversions c[0..nc), each in
 * chronological order (equal times in the order added).  Each credited
 * touch goes to the write-back buckets wb (see attr_wb_put()). */
static void attr_credit_lead(struct attr_scratch *s, const sqlscore_attribution *a,
                             sqlscore_attribution_result *r, const struct attr_ev *t,
                             size_t nt, const struct attr_ev *c, size_t nc,
                             struct attr_wbq *wb)
{
    size_t k, i, pos = 0;
    int have_prev = 0;
    int64_t prev = 0;
    for (k = 0; k < nc; k++) {
        int64_t tc = c[k].time;
        size_t lo, hi;
        /* Touches at or before an earlier conversion belong to it. */
        while (have_prev && pos < nt && t[pos].time <= prev)
            pos++;
        lo = pos;
        while (pos < nt && t[pos].time <= tc)
            pos++;
        hi = pos;
        if (a->lookback > 0) {
            /* tc - lookback can only overflow for times near INT64_MIN;
             * then every touch is inside the window. */
            int64_t from;
            if (!sqlscore__add_i64(tc, -a->lookback, &from))
                while (lo < hi && t[lo].time < from)
                    lo++;
        }
        have_prev = 1;
        prev = tc;
        if (lo == hi)
            continue;   /* no eligible touch: unattributed */
        attr_credit_conversion(s, a, t + lo, hi - lo);
        for (i = lo; i < hi; i++)
            attr_wb_put(wb, t[i].idx, s->credit[i - lo], c[k].idx);
        r->converted[c[k].idx] = 1;
        r->attributed++;
    }
}

SQLSCORE_API int sqlscore_attribution_run(const sqlscore_attribution *attribution,
                                          sqlscore_attribution_result **out)
{
    static const char fn[] = "sqlscore_attribution_run";
    const sqlscore_attribution *a = attribution;
    sqlscore_attribution_result *r = NULL;
    size_t nl, np, nt1, nc1, nb, l, i, p, b, maxpart = 1, maxc = 1;
    uint32_t *cstart = NULL, *pstart = NULL, *pend = NULL, *wbend = NULL;
    int64_t *last = NULL;
    struct attr_ev *cev = NULL, *part = NULL, *ev = NULL, *tmp = NULL;
    struct attr_wbq wb;
    uint64_t *wbuf = NULL;
    struct attr_scratch s;
    int rc = SQLSCORE_ENOMEM;

    SQLSCORE__CHECK_NULL(a, fn, "attribution");
    SQLSCORE__CHECK_NULL(out, fn, "out");
    memset(&s, 0, sizeof s);
    nl = a->leads.n;
    np = (nl >> ATTR_PART_SHIFT) + 1;
    nt1 = a->n_touches ? a->n_touches : 1;
    nc1 = a->n_conversions ? a->n_conversions : 1;
    /* Buckets as large as the conversion numbers leave room for. */
    wb.shift = ATTR_WB_SHIFT_MAX;
    while (wb.shift > ATTR_WB_SHIFT_MIN &&
           (uint64_t)(nc1 - 1) >> (64 - ATTR_WB_PPM_BITS - wb.shift) != 0)
        wb.shift--;
    nb = ((nt1 - 1) >> wb.shift) + 1;

    r = sqlscore__calloc(1, sizeof *r);
    if (r == NULL)
        goto done;
    r->generation = a->generation;
    r->n_touches = a->n_touches;
    r->n_conversions = a->n_conversions;
    r->n_campaigns = a->campaigns.n;
    r->touch = sqlscore__reallocarray(NULL, nt1, sizeof *r->touch);
    r->campaign_credit = sqlscore__calloc(a->campaigns.n ? a->campaigns.n : 1,
                                          sizeof *r->campaign_credit);
    r->converted = sqlscore__calloc(nc1, 1);
    cstart = sqlscore__reallocarray(NULL, nl + 1, sizeof *cstart);
    cev = sqlscore__reallocarray(NULL, nc1, sizeof *cev);
    last = sqlscore__reallocarray(NULL, nl + 1, sizeof *last);
    part = sqlscore__reallocarray(NULL, nt1 > nc1 ? nt1 : nc1, sizeof *part);
    pstart = sqlscore__reallocarray(NULL, np + 2, sizeof *pstart);
    pend = sqlscore__reallocarray(NULL, np + 1, sizeof *pend);
    wbend = sqlscore__calloc(nb, sizeof *wbend);
    wbuf = sqlscore__reallocarray(NULL, (size_t)1 << wb.shift, sizeof *wbuf);
    if (r->touch == NULL || r->campaign_credit == NULL || r->converted == NULL ||
        cstart == NULL || cev == NULL || last == NULL || part == NULL || pstart == NULL ||
        pend == NULL || wbend == NULL || wbuf == NULL)
        goto done;
    wb.mem = (unsigned char *)r->touch;
    wb.end = wbend;

    for (l = 0; l < nl; l++)
        last[l] = INT64_MIN;
    for (i = 0; i < a->n_conversions; i++)
        if (a->c_time[i] > last[a->c_lead[i]])
            last[a->c_lead[i]] = a->c_time[i];
    attr_group_by_lead(a->c_lead, a->c_time, a->n_conversions, nl, cstart, cev, part, pstart);
    for (l = 0; l < nl; l++)
        if (cstart[l + 1] - cstart[l] > maxc)
            maxc = cstart[l + 1] - cstart[l];

    /* Touches, first pass: stream them into partitions of ATTR_PART_LEADS
     * consecutive leads (few write heads, all in cache).  A touch after
     * its lead's last conversion can never be eligible (nor can any touch
     * of a lead that never converts, whose last is INT64_MIN): it is
     * written but not kept (the next one overwrites it), without a branch
     * to mispredict, so that half the touches of the benchmark never reach
     * memory.  A touch at exactly INT64_MIN of such a lead is kept,
     * harmlessly: the lead has nothing to credit.  last[] is a random read
     * in 8 bytes a lead, asked for ATTR_PREFETCH touches ahead. */
    memset(pstart, 0, (np + 1) * sizeof *pstart);
    for (i = 0; i < a->n_touches; i++)
        pstart[((uint32_t)a->t_lead[i] >> ATTR_PART_SHIFT) + 1]++;
    for (p = 0; p < np; p++) {
        if (pstart[p + 1] > maxpart)
            maxpart = pstart[p + 1];
        pstart[p + 1] += pstart[p];
    }
    memcpy(pend, pstart, np * sizeof *pend);
    for (i = 0; i < a->n_touches; i++) {
        uint32_t ld = (uint32_t)a->t_lead[i];
        uint32_t *head = &pend[ld >> ATTR_PART_SHIFT];
        struct attr_ev *e = &part[*head];
        int64_t tt = a->t_time[i];
#if defined(__GNUC__)
        if (i + ATTR_PREFETCH < a->n_touches)
            __builtin_prefetch(&last[a->t_lead[i + ATTR_PREFETCH]]);
#endif
        e->time = tt;
        e->idx = (uint32_t)i;
        e->lf = (ld & (ATTR_PART_LEADS - 1)) << 2 | a->t_flags[i];
        *head += tt <= last[ld];
    }
    ev = sqlscore__reallocarray(NULL, maxpart, sizeof *ev);
    tmp = sqlscore__reallocarray(NULL, maxpart > maxc ? maxpart : maxc, sizeof *tmp);
    if (ev == NULL || tmp == NULL || attr_scratch_reserve(&s, maxpart) != SQLSCORE_OK)
        goto done;
    /* Second pass, one partition at a time while it is in cache: group its
     * touches by lead, sort each lead's by time and credit its
     * conversions. */
    for (p = 0; p < np; p++) {
        uint32_t lstart[ATTR_PART_LEADS + 1], cur[ATTR_PART_LEADS];
        size_t lo = p << ATTR_PART_SHIFT, hi = lo + ATTR_PART_LEADS, k;
        size_t from = pstart[p], to = pend[p];
        uint32_t sum = 0;
        if (hi > nl)
            hi = nl;
        if (lo >= hi)
            break;
        memset(cur, 0, (hi - lo) * sizeof *cur);
        for (k = from; k < to; k++)
            cur[part[k].lf >> 2]++;
        for (k = 0; k < hi - lo; k++) {
            uint32_t c = cur[k];
            lstart[k] = sum;
            cur[k] = sum;
            sum += c;
        }
        lstart[hi - lo] = sum;
        for (k = from; k < to; k++)
            ev[cur[part[k].lf >> 2]++] = part[k];
        for (l = lo; l < hi; l++) {
            struct attr_ev *t = ev + lstart[l - lo], *c = cev + cstart[l];
            size_t nt = lstart[l - lo + 1] - lstart[l - lo], nc = cstart[l + 1] - cstart[l];
            if (nt == 0 || nc == 0)
                continue;
            attr_sort_by_time(c, nc, tmp);
            if (nt <= ATTR_SMALL) {
                attr_rank_sort(t, nt, tmp);
                t = tmp;
            } else {
                attr_sort_by_time(t, nt, tmp);
            }
            attr_credit_lead(&s, a, r, t, nt, c, nc, &wb);
        }
    }

    /* Write the credits back one bucket at a time: its slice of the result
     * and of the campaigns stays in cache, instead of a cache miss per
     * credited touch. */
    for (b = 0; b < nb; b++) {
        size_t lo = b << wb.shift, hi = lo + ((size_t)1 << wb.shift), k;
        if (hi > nt1)
            hi = nt1;
        memcpy(wbuf, wb.mem + lo * sizeof *wbuf, wbend[b] * sizeof *wbuf);
        for (i = lo; i < hi; i++) {
            r->touch[i].ppm = 0;
            r->touch[i].conversion = UINT32_MAX;
        }
        for (k = 0; k < wbend[b]; k++) {
            uint64_t rec = wbuf[k];
            size_t ti = lo + (size_t)(rec & ((UINT64_C(1) << wb.shift) - 1));
            int32_t ppm = (int32_t)(rec >> wb.shift & ((UINT64_C(1) << ATTR_WB_PPM_BITS) - 1));
            r->touch[ti].ppm = ppm;
            r->touch[ti].conversion = (uint32_t)(rec >> (wb.shift + ATTR_WB_PPM_BITS));
            r->campaign_credit[a->t_campaign[ti]] += ppm;
        }
    }
    *out = r;
    r = NULL;
    rc = SQLSCORE_OK;
done:
    sqlscore_attribution_result_free(r);
    sqlscore__free(cstart);
    sqlscore__free(cev);
    sqlscore__free(last);
    sqlscore__free(part);
    sqlscore__free(pstart);
    sqlscore__free(pend);
    sqlscore__free(wbuf);
    sqlscore__free(wbend);
    sqlscore__free(ev);
    sqlscore__free(tmp);
    sqlscore__free(s.w);
    sqlscore__free(s.rem);
    sqlscore__free(s.credit);
    return rc;
}

/* ---- results ----------------------------------------------------------------- */

SQLSCORE_API int sqlscore_attribution_result_summary(const sqlscore_attribution_result *result,
                                                     size_t *conversions, size_t *attributed)
{
    SQLSCORE__CHECK_NULL(result, "sqlscore_attribution_result_summary", "result");
    if (conversions != NULL)
        *conversions = result->n_conversions;
    if (attributed != NULL)
        *attributed = result->attributed;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_attribution_result_credit(const sqlscore_attribution_result *result,
                                                    int32_t campaign, int64_t *ppm)
{
    static const char fn[] = "sqlscore_attribution_result_credit";
    SQLSCORE__CHECK_NULL(result, fn, "result");
    SQLSCORE__CHECK_NULL(ppm, fn, "ppm");
    if (campaign < 0 || (size_t)campaign >= result->n_campaigns)
        return sqlscore__fail(SQLSCORE_ENOTFOUND, "%s: no campaign %d (%zu in the result)",
                              fn, (int)campaign, result->n_campaigns);
    *ppm = result->campaign_credit[campaign];
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_attribution_result_credits(const sqlscore_attribution_result *result,
                                                     size_t n, int64_t *ppm)
{
    static const char fn[] = "sqlscore_attribution_result_credits";
    size_t i;
    SQLSCORE__CHECK_NULL(result, fn, "result");
    if (n > 0)
        SQLSCORE__CHECK_NULL(ppm, fn, "ppm");
    for (i = 0; i < n; i++)
        ppm[i] = i < result->n_campaigns ? result->campaign_credit[i] : 0;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_attribution_result_touch(const sqlscore_attribution_result *result,
                                                   size_t touch, int64_t *ppm,
                                                   int64_t *conversion)
{
    static const char fn[] = "sqlscore_attribution_result_touch";
    SQLSCORE__CHECK_NULL(result, fn, "result");
    if (touch >= result->n_touches)
        return sqlscore__fail(SQLSCORE_ENOTFOUND, "%s: no touch %zu (%zu in the result)",
                              fn, touch, result->n_touches);
    if (ppm != NULL)
        *ppm = result->touch[touch].ppm;
    if (conversion != NULL)
        *conversion = result->touch[touch].conversion == UINT32_MAX
                          ? -1 : (int64_t)result->touch[touch].conversion;
    return SQLSCORE_OK;
}

int sqlscore__attribution_check(const sqlscore_attribution *a,
                                const sqlscore_attribution_result *r, const char *fn)
{
    SQLSCORE__CHECK_NULL(a, fn, "attribution");
    SQLSCORE__CHECK_NULL(r, fn, "result");
    if (r->generation != a->generation || r->n_touches != a->n_touches ||
        r->n_conversions != a->n_conversions)
        return sqlscore__fail(SQLSCORE_ESTATE, "%s: the result was not computed from this "
                              "attribution's current data (run it again)", fn);
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_attribution_cpsql(const sqlscore_attribution *attribution,
                                            const sqlscore_attribution_result *result,
                                            const sqlscore_campaign *campaign,
                                            const sqlscore_rates *rates, int32_t rounding,
                                            int64_t min_credit_ppm, int64_t *num,
                                            int64_t *den)
{
    static const char fn[] = "sqlscore_attribution_cpsql";
    const char *cur;
    int32_t ci;
    int64_t spend, credit, n, d;
    int rc;
    if ((rc = sqlscore__attribution_check(attribution, result, fn)) != SQLSCORE_OK)
        return rc;
    SQLSCORE__CHECK_NULL(campaign, fn, "campaign");
    SQLSCORE__CHECK_NULL(num, fn, "num");
    SQLSCORE__CHECK_NULL(den, fn, "den");
    if ((rc = sqlscore__check_rounding(rounding, fn)) != SQLSCORE_OK)
        return rc;
    if (min_credit_ppm < 0)
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: negative minimum credit %lld", fn,
                              (long long)min_credit_ppm);
    ci = attr_intern_find(&attribution->campaigns, sqlscore__campaign_id(campaign));
    credit = ci < 0 ? 0 : result->campaign_credit[ci];
    if (credit == 0)
        return sqlscore__fail(SQLSCORE_EUNDEFINED, "%s: campaign '%s' has no SQL credit",
                              fn, sqlscore__campaign_id(campaign));
    if (credit < min_credit_ppm)
        return sqlscore__fail(SQLSCORE_EUNDEFINED, "%s: campaign '%s' has %lld ppm of SQL "
                              "credit, below the floor of %lld ppm", fn,
                              sqlscore__campaign_id(campaign), (long long)credit,
                              (long long)min_credit_ppm);
    (void)sqlscore_campaign_currency(campaign, &cur);
    rc = sqlscore__campaign_spend_in(campaign, SQLSCORE_SPEND_ALL, NULL, cur, rates, rounding,
                                     fn, &spend);
    if (rc != SQLSCORE_OK)
        return rc;
    if ((rc = sqlscore__cost_per_credit(spend, credit, fn, &n, &d)) != SQLSCORE_OK)
        return rc;
    *num = n;
    *den = d;
    return SQLSCORE_OK;
}

/* Distinct leads a campaign touched, and distinct conversions it has an
 * eligible (credited or not) touch in.  Uses a per-lead / per-conversion
 * "last seen" mark so each is counted once. */
SQLSCORE_API int sqlscore_attribution_campaign_counts(const sqlscore_attribution *attribution,
                                                      const sqlscore_attribution_result *result,
                                                      int32_t campaign, int64_t *leads,
                                                      int64_t *sqls)
{
    static const char fn[] = "sqlscore_attribution_campaign_counts";
    const sqlscore_attribution *a = attribution;
    unsigned char *seen_lead, *seen_conv;
    int64_t nlead = 0, nsql = 0;
    size_t i;
    int rc;
    if ((rc = sqlscore__attribution_check(a, result, fn)) != SQLSCORE_OK)
        return rc;
    if (campaign < 0 || (size_t)campaign >= a->campaigns.n)
        return sqlscore__fail(SQLSCORE_ENOTFOUND, "%s: no campaign %d", fn, (int)campaign);
    seen_lead = sqlscore__calloc(a->leads.n ? a->leads.n : 1, 1);
    seen_conv = sqlscore__calloc(a->n_conversions ? a->n_conversions : 1, 1);
    if (seen_lead == NULL || seen_conv == NULL) {
        sqlscore__free(seen_lead);
        sqlscore__free(seen_conv);
        return SQLSCORE_ENOMEM;
    }
    for (i = 0; i < a->n_touches; i++) {
        uint32_t cv;
        if (a->t_campaign[i] != campaign)
            continue;
        if (!seen_lead[a->t_lead[i]]) {
            seen_lead[a->t_lead[i]] = 1;
            nlead++;
        }
        cv = result->touch[i].conversion;
        if (cv != UINT32_MAX && !seen_conv[cv]) {
            seen_conv[cv] = 1;
            nsql++;
        }
    }
    sqlscore__free(seen_lead);
    sqlscore__free(seen_conv);
    if (leads != NULL)
        *leads = nlead;
    if (sqls != NULL)
        *sqls = nsql;
    return SQLSCORE_OK;
}

/* ---- undo for multi-step additions ------------------------------------------ */

void sqlscore__attribution_mark(const sqlscore_attribution *a,
                                struct sqlscore__attribution_mark *m)
{
    m->campaigns = a->campaigns.n;
    m->leads = a->leads.n;
    m->touches = a->n_touches;
    m->conversions = a->n_conversions;
    m->generation = a->generation;
}

/* Drop the names from index keep on and rebuild the probe table in place
 * (removing from open addressing would break the probe chains). */
static void attr_intern_truncate(struct attr_intern *t, size_t keep)
{
    size_t i, j, mask;
    if (keep >= t->n)
        return;
    for (i = keep; i < t->n; i++)
        sqlscore__free(t->names[i]);
    t->n = keep;
    if (t->nslots == 0)
        return;
    mask = t->nslots - 1;
    memset(t->slots, 0, t->nslots * sizeof *t->slots);
    for (i = 0; i < t->n; i++) {
        for (j = (size_t)attr_hash(t->names[i]) & mask; t->slots[j] != 0; j = (j + 1) & mask)
            ;
        t->slots[j] = (int32_t)i + 1;
    }
}

void sqlscore__attribution_rollback(sqlscore_attribution *a,
                                    const struct sqlscore__attribution_mark *m)
{
    attr_intern_truncate(&a->campaigns, m->campaigns);
    attr_intern_truncate(&a->leads, m->leads);
    (void)attr_intern_release_empty(&a->campaigns, SQLSCORE_OK);
    (void)attr_intern_release_empty(&a->leads, SQLSCORE_OK);
    if (m->touches < a->n_touches)
        a->n_touches = m->touches;
    if (m->conversions < a->n_conversions)
        a->n_conversions = m->conversions;
    attr_release_touches_if_empty(a);
    attr_release_conversions_if_empty(a);
    a->generation = m->generation;
}

/* ---- internal accessors for the portfolio ------------------------------------ */

void sqlscore__attribution_view(const sqlscore_attribution *a,
                                const sqlscore_attribution_result *r,
                                struct sqlscore__attribution_view *v)
{
    v->n_leads = a->leads.n;
    v->n_campaigns = a->campaigns.n;
    v->n_touches = a->n_touches;
    v->n_conversions = a->n_conversions;
    v->t_lead = a->t_lead;
    v->t_campaign = a->t_campaign;
    v->t_time = a->t_time;
    v->t_flags = a->t_flags;
    v->c_lead = a->c_lead;
    v->c_time = a->c_time;
    v->touch = r->touch;
    v->campaign_names = (const char *const *)a->campaigns.names;
}

int32_t sqlscore__attribution_campaign_index(const sqlscore_attribution *a, const char *id)
{
    return attr_intern_find(&a->campaigns, id);
}
