/*
 * enps.c - the eNPS aggregator: configuration, segments, answers (one at a
 * time and the batch fast path), periods, de-duplication, results with
 * anonymity suppression, trends and merging.
 *
 * Counts are kept as histograms (one uint64 per answer value plus one for
 * missing answers): per segment over all time, and per (segment, period)
 * bucket when periods are on.  Memory therefore grows with segments x
 * periods, never with answers, except for the de-duplication records.
 */
#include "survey_internal.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* ---- hashing ---------------------------------------------------------------- */

static uint64_t survey_hash_bytes(const char *s, uint64_t seed)
{
    /* FNV-1a, then a final mix so the low bits used for slots are good. */
    uint64_t h = UINT64_C(14695981039346656037) ^ seed;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= UINT64_C(1099511628211);
    }
    h ^= h >> 31;
    h *= UINT64_C(0x9E3779B97F4A7C15);
    return h ^ (h >> 29);
}

static uint64_t survey_hash_pair(uint64_t a, uint64_t b)
{
    uint64_t h = a * UINT64_C(0x9E3779B97F4A7C15) ^ (b + UINT64_C(0xBF58476D1CE4E5B9));
    h ^= h >> 30;
    h *= UINT64_C(0xBF58476D1CE4E5B9);
    h ^= h >> 27;
    h *= UINT64_C(0x94D049BB133111EB);
    return h ^ (h >> 31);
}

uint64_t sqlscore__survey_seg_hash(const char *name)
{
    return survey_hash_bytes(name, 0);
}

static uint64_t survey_bucket_hash(uint32_t seg, int64_t period)
{
    return survey_hash_pair(seg, (uint64_t)period);
}

static uint64_t survey_rec_hash(const char *resp, int64_t period)
{
    return survey_hash_pair(survey_hash_bytes(resp, 1), (uint64_t)period);
}

/* Open addressing with linear probing; slots hold item index + 1, 0 = empty.
 * The capacity is a power of two and at least twice the item count. */
static size_t survey_index_probe_seg(const sqlscore_survey *s, const char *name)
{
    size_t mask = s->segidx.cap - 1, i = (size_t)sqlscore__survey_seg_hash(name) & mask;
    while (s->segidx.slots[i] && strcmp(s->segs[s->segidx.slots[i] - 1].name, name) != 0)
        i = (i + 1) & mask;
    return i;
}

static size_t survey_index_probe_bucket(const sqlscore_survey *s, uint32_t seg, int64_t period)
{
    size_t mask = s->buckidx.cap - 1, i = (size_t)survey_bucket_hash(seg, period) & mask;
    for (;;) {
        uint32_t k = s->buckidx.slots[i];
        if (k == 0 || (s->buckets[k - 1].seg == seg && s->buckets[k - 1].period == period))
            return i;
        i = (i + 1) & mask;
    }
}

static size_t survey_index_probe_rec(const sqlscore_survey *s, const char *resp, int64_t period)
{
    size_t mask = s->recidx.cap - 1, i = (size_t)survey_rec_hash(resp, period) & mask;
    for (;;) {
        uint32_t k = s->recidx.slots[i];
        if (k == 0 || (s->recs[k - 1].period == period && strcmp(s->recs[k - 1].resp, resp) == 0))
            return i;
        i = (i + 1) & mask;
    }
}

int sqlscore__survey_find_seg(const sqlscore_survey *s, const char *name, uint32_t *idx)
{
    size_t i;
    if (s->segidx.cap == 0)
        return 0;
    i = survey_index_probe_seg(s, name);
    if (s->segidx.slots[i] == 0)
        return 0;
    *idx = s->segidx.slots[i] - 1;
    return 1;
}

uint64_t *sqlscore__survey_find_bucket(const sqlscore_survey *s, uint32_t seg, int64_t period)
{
    size_t i;
    if (s->buckidx.cap == 0)
        return NULL;
    i = survey_index_probe_bucket(s, seg, period);
    return s->buckidx.slots[i] ? s->buckets[s->buckidx.slots[i] - 1].hist : NULL;
}

static struct sqlscore__survey_rec *survey_find_rec(const sqlscore_survey *s, const char *resp,
                                                    int64_t period)
{
    size_t i;
    if (s->recidx.cap == 0)
        return NULL;
    i = survey_index_probe_rec(s, resp, period);
    return s->recidx.slots[i] ? &s->recs[s->recidx.slots[i] - 1] : NULL;
}

/* Make room for `need` items in an index, rehashing into a fresh table.
 * Only capacity changes, so a later failure leaves nothing observable. */
static int survey_index_reserve(sqlscore_survey *s, int which, size_t need)
{
    struct sqlscore__survey_index *ix =
        which == 0 ? &s->segidx : which == 1 ? &s->buckidx : &s->recidx;
    size_t cap = ix->cap ? ix->cap : 16, k, n;
    uint32_t *slots;
    if (need > UINT32_MAX - 1)
        return sqlscore__fail(SQLSCORE_ERANGE, "survey: more than 2^32 - 2 items");
    while (cap / 2 < need)
        cap *= 2;
    if (cap == ix->cap)
        return SQLSCORE_OK;
    slots = sqlscore__calloc(cap, sizeof *slots);
    if (slots == NULL)
        return SQLSCORE_ENOMEM;
    n = which == 0 ? s->nseg : which == 1 ? s->nbuck : s->nrec;
    for (k = 0; k < n; k++) {
        size_t i;
        if (which == 0)
            i = (size_t)sqlscore__survey_seg_hash(s->segs[k].name);
        else if (which == 1)
            i = (size_t)survey_bucket_hash(s->buckets[k].seg, s->buckets[k].period);
        else
            i = (size_t)survey_rec_hash(s->recs[k].resp, s->recs[k].period);
        i &= cap - 1;
        while (slots[i])
            i = (i + 1) & (cap - 1);
        slots[i] = (uint32_t)(k + 1);
    }
    sqlscore__free(ix->slots);
    ix->slots = slots;
    ix->cap = cap;
    return SQLSCORE_OK;
}

int sqlscore__survey_insert_rec(sqlscore_survey *s, char *resp, int64_t period, int64_t time,
                                uint32_t seg, int32_t value, int *dup)
{
    size_t i;
    if (survey_find_rec(s, resp, period) != NULL) {
        *dup = 1;
        return SQLSCORE_EEXIST;
    }
    if (sqlscore__grow((void **)&s->recs, &s->reccap, s->nrec + 1, sizeof *s->recs) ||
        survey_index_reserve(s, 2, s->nrec + 1))
        return sqlscore_error_code() == SQLSCORE_ERANGE ? SQLSCORE_ERANGE : SQLSCORE_ENOMEM;
    i = survey_index_probe_rec(s, resp, period);
    s->recs[s->nrec].resp = resp;
    s->recs[s->nrec].period = period;
    s->recs[s->nrec].time = time;
    s->recs[s->nrec].seg = seg;
    s->recs[s->nrec].value = value;
    s->recidx.slots[i] = (uint32_t)(s->nrec + 1);
    s->nrec++;
    return SQLSCORE_OK;
}

/* ---- life cycle --------------------------------------------------------------- */

void sqlscore__survey_config_default(struct sqlscore__survey_config *c)
{
    memset(c, 0, sizeof *c);
    c->min = 0;
    c->max = 10;
    c->dmax = 6;
    c->pmin = 9;
    c->threshold = 5;
    c->missing = SQLSCORE_SURVEY_MISSING_SKIP;
    c->rounding = SQLSCORE_ROUND_HALF_EVEN;
    c->pkind = SQLSCORE_PERIOD_NONE;
    c->pdays = 0;
    c->dedup = 0;
    c->level = 0.95;
}

int sqlscore__survey_config_equal(const struct sqlscore__survey_config *a,
                                  const struct sqlscore__survey_config *b)
{
    return a->min == b->min && a->max == b->max && a->dmax == b->dmax && a->pmin == b->pmin &&
           a->threshold == b->threshold && a->missing == b->missing &&
           a->rounding == b->rounding && a->pkind == b->pkind && a->pdays == b->pdays &&
           a->dedup == b->dedup && a->level == b->level;
}

SQLSCORE_API int sqlscore_survey_new(sqlscore_survey **out)
{
    sqlscore_survey *s;
    SQLSCORE__CHECK_NULL(out, "sqlscore_survey_new", "out");
    s = sqlscore__calloc(1, sizeof *s);
    if (s == NULL)
        return SQLSCORE_ENOMEM;
    sqlscore__survey_config_default(&s->cfg);
    *out = s;
    return SQLSCORE_OK;
}

/* Free the contents; segment names before index `s->names_borrowed` belong
 * to another aggregator (see survey_clone). */
static void survey_release(sqlscore_survey *s)
{
    size_t i;
    for (i = 0; i < s->nseg; i++) {
        if (i >= s->names_borrowed)
            sqlscore__free(s->segs[i].name);
        sqlscore__free(s->segs[i].total);
    }
    for (i = 0; i < s->nbuck; i++)
        sqlscore__free(s->buckets[i].hist);
    for (i = 0; i < s->nrec; i++)
        sqlscore__free(s->recs[i].resp);
    sqlscore__free(s->segs);
    sqlscore__free(s->buckets);
    sqlscore__free(s->recs);
    sqlscore__free(s->periods);
    sqlscore__free(s->segidx.slots);
    sqlscore__free(s->buckidx.slots);
    sqlscore__free(s->recidx.slots);
}

SQLSCORE_API void sqlscore_survey_free(sqlscore_survey *s)
{
    if (s == NULL)
        return;
    survey_release(s);
    sqlscore__free(s);
}

static void *survey_dup(const void *src, size_t n, size_t elem)
{
    void *p = sqlscore__calloc(n ? n : 1, elem);
    if (p && n)
        memcpy(p, src, n * elem);
    return p;
}

/* A deep copy whose segment names are borrowed from src (they never move
 * and a committed copy takes them over), so that a batch or merge can work
 * on the copy and swap it in only when everything succeeded. */
static int survey_clone(const sqlscore_survey *src, sqlscore_survey **out)
{
    size_t H = sqlscore__survey_hlen(&src->cfg), i;
    sqlscore_survey *c = sqlscore__calloc(1, sizeof *c);
    if (c == NULL)
        return SQLSCORE_ENOMEM;
    c->cfg = src->cfg;
    c->started = src->started;
    c->count = src->count;
    c->names_borrowed = src->nseg;
    if ((c->segs = survey_dup(src->segs, src->nseg, sizeof *c->segs)) == NULL)
        goto fail;
    c->segcap = src->nseg ? src->nseg : 1;
    for (i = 0; i < src->nseg; i++)
        c->segs[i].total = NULL;
    c->nseg = src->nseg;
    for (i = 0; i < src->nseg; i++)
        if ((c->segs[i].total = survey_dup(src->segs[i].total, H, sizeof(uint64_t))) == NULL)
            goto fail;
    if ((c->buckets = survey_dup(src->buckets, src->nbuck, sizeof *c->buckets)) == NULL)
        goto fail;
    c->buckcap = src->nbuck ? src->nbuck : 1;
    for (i = 0; i < src->nbuck; i++)
        c->buckets[i].hist = NULL;
    c->nbuck = src->nbuck;
    for (i = 0; i < src->nbuck; i++)
        if ((c->buckets[i].hist = survey_dup(src->buckets[i].hist, H, sizeof(uint64_t))) == NULL)
            goto fail;
    if ((c->recs = survey_dup(src->recs, src->nrec, sizeof *c->recs)) == NULL)
        goto fail;
    c->reccap = src->nrec ? src->nrec : 1;
    for (i = 0; i < src->nrec; i++)
        c->recs[i].resp = NULL;
    c->nrec = src->nrec;
    for (i = 0; i < src->nrec; i++)
        if ((c->recs[i].resp = sqlscore__strdup(src->recs[i].resp)) == NULL)
            goto fail;
    if ((c->periods = survey_dup(src->periods, src->nper, sizeof *c->periods)) == NULL)
        goto fail;
    c->percap = src->nper ? src->nper : 1;
    c->nper = src->nper;
    if (src->segidx.cap) {
        if ((c->segidx.slots = survey_dup(src->segidx.slots, src->segidx.cap, sizeof(uint32_t))) == NULL)
            goto fail;
        c->segidx.cap = src->segidx.cap;
    }
    if (src->buckidx.cap) {
        if ((c->buckidx.slots = survey_dup(src->buckidx.slots, src->buckidx.cap, sizeof(uint32_t))) == NULL)
            goto fail;
        c->buckidx.cap = src->buckidx.cap;
    }
    if (src->recidx.cap) {
        if ((c->recidx.slots = survey_dup(src->recidx.slots, src->recidx.cap, sizeof(uint32_t))) == NULL)
            goto fail;
        c->recidx.cap = src->recidx.cap;
    }
    *out = c;
    return SQLSCORE_OK;
fail:
    sqlscore_survey_free(c);
    return SQLSCORE_ENOMEM;
}

/* Put the finished copy in place of s; s's old contents are released
 * except the segment names the copy borrowed. */
static void survey_commit(sqlscore_survey *s, sqlscore_survey *c)
{
    sqlscore_survey old = *s;
    *s = *c;
    s->names_borrowed = 0;
    old.names_borrowed = old.nseg;
    survey_release(&old);
    sqlscore__free(c);
}

/* ---- configuration -------------------------------------------------------------- */

static int survey_configurable(sqlscore_survey *s, const char *fn)
{
    SQLSCORE__CHECK_NULL(s, fn, "survey");
    if (s->started)
        return sqlscore__fail(SQLSCORE_ESTATE,
                              "%s: the configuration is fixed once answers were added", fn);
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_survey_set_scale(sqlscore_survey *s, int32_t min, int32_t max,
                                           int32_t detractor_max, int32_t promoter_min)
{
    static const char fn[] = "sqlscore_survey_set_scale";
    int rc = survey_configurable(s, fn);
    if (rc)
        return rc;
    if (min < 0 || max > 100 || min >= max)
        return sqlscore__fail(SQLSCORE_ERANGE, "%s: scale %d..%d must satisfy 0 <= min < max <= 100",
                              fn, (int)min, (int)max);
    if (detractor_max < min || promoter_min <= detractor_max || promoter_min > max)
        return sqlscore__fail(SQLSCORE_ERANGE,
                              "%s: cut points %d/%d must satisfy min <= detractor_max < "
                              "promoter_min <= max",
                              fn, (int)detractor_max, (int)promoter_min);
    if (max - min != s->cfg.max - s->cfg.min) {
        /* Interned segments hold histograms sized for the old scale. */
        size_t H = (size_t)(max - min) + 2, i;
        uint64_t **fresh = sqlscore__calloc(s->nseg ? s->nseg : 1, sizeof *fresh);
        if (fresh == NULL)
            return SQLSCORE_ENOMEM;
        for (i = 0; i < s->nseg; i++)
            if ((fresh[i] = sqlscore__calloc(H, sizeof(uint64_t))) == NULL) {
                while (i-- > 0)
                    sqlscore__free(fresh[i]);
                sqlscore__free(fresh);
                return SQLSCORE_ENOMEM;
            }
        for (i = 0; i < s->nseg; i++) {
            sqlscore__free(s->segs[i].total);
            s->segs[i].total = fresh[i];
        }
        sqlscore__free(fresh);
    }
    s->cfg.min = min;
    s->cfg.max = max;
    s->cfg.dmax = detractor_max;
    s->cfg.pmin = promoter_min;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_survey_set_threshold(sqlscore_survey *s, int32_t threshold)
{
    int rc = survey_configurable(s, "sqlscore_survey_set_threshold");
    if (rc)
        return rc;
    if (threshold < 3)
        return sqlscore__fail(SQLSCORE_ERANGE,
                              "sqlscore_survey_set_threshold: threshold %d is below 3",
                              (int)threshold);
    s->cfg.threshold = threshold;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_survey_set_missing(sqlscore_survey *s, int32_t mode)
{
    int rc = survey_configurable(s, "sqlscore_survey_set_missing");
    if (rc)
        return rc;
    if (mode != SQLSCORE_SURVEY_MISSING_SKIP && mode != SQLSCORE_SURVEY_MISSING_PASSIVE)
        return sqlscore__fail(SQLSCORE_EINVAL, "sqlscore_survey_set_missing: unknown mode %d",
                              (int)mode);
    s->cfg.missing = mode;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_survey_set_confidence(sqlscore_survey *s, double level)
{
    static const char fn[] = "sqlscore_survey_set_confidence";
    int rc = survey_configurable(s, fn);
    if (rc)
        return rc;
    if (isnan(level) || isinf(level))
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: level is %s", fn, isnan(level) ? "NaN" : "infinite");
    if (!(level > 0 && level < 1))
        return sqlscore__fail(SQLSCORE_ERANGE, "%s: level %g is not between 0 and 1", fn, level);
    s->cfg.level = level;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_survey_set_rounding(sqlscore_survey *s, int32_t mode)
{
    int rc = survey_configurable(s, "sqlscore_survey_set_rounding");
    if (rc)
        return rc;
    if (mode != SQLSCORE_ROUND_HALF_EVEN && mode != SQLSCORE_ROUND_HALF_UP)
        return sqlscore__fail(SQLSCORE_EINVAL, "sqlscore_survey_set_rounding: unknown mode %d",
                              (int)mode);
    s->cfg.rounding = mode;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_survey_set_period(sqlscore_survey *s, int32_t kind, int32_t days)
{
    static const char fn[] = "sqlscore_survey_set_period";
    int rc = survey_configurable(s, fn);
    if (rc)
        return rc;
    if (kind < SQLSCORE_PERIOD_NONE || kind > SQLSCORE_PERIOD_DAYS)
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: unknown period kind %d", fn, (int)kind);
    if (kind == SQLSCORE_PERIOD_DAYS) {
        if (days < 1 || days > 3660)
            return sqlscore__fail(SQLSCORE_ERANGE, "%s: %d days is outside 1..3660", fn, (int)days);
    } else if (days != 0) {
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: days must be 0 for this period kind", fn);
    }
    s->cfg.pkind = kind;
    s->cfg.pdays = days;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_survey_set_dedup(sqlscore_survey *s, int32_t enabled)
{
    int rc = survey_configurable(s, "sqlscore_survey_set_dedup");
    if (rc)
        return rc;
    if (enabled != 0 && enabled != 1)
        return sqlscore__fail(SQLSCORE_EINVAL, "sqlscore_survey_set_dedup: enabled must be 0 or 1");
    s->cfg.dedup = enabled;
    return SQLSCORE_OK;
}

/* ---- segments, buckets, periods ----------------------------------------------------- */

/* Insert a prepared segment (name and histogram already allocated); the
 * arrays and index must have room (survey_seg_reserve). */
static uint32_t survey_seg_insert(sqlscore_survey *s, char *name, uint64_t *hist)
{
    size_t i = survey_index_probe_seg(s, name);
    s->segs[s->nseg].name = name;
    s->segs[s->nseg].total = hist;
    s->segidx.slots[i] = (uint32_t)(s->nseg + 1);
    return (uint32_t)s->nseg++;
}

static int survey_seg_reserve(sqlscore_survey *s, size_t extra)
{
    int rc = sqlscore__grow((void **)&s->segs, &s->segcap, s->nseg + extra, sizeof *s->segs);
    return rc ? rc : survey_index_reserve(s, 0, s->nseg + extra);
}

int sqlscore__survey_intern(sqlscore_survey *s, const char *name, uint32_t *idx)
{
    char *copy;
    uint64_t *hist;
    int rc;
    if (sqlscore__survey_find_seg(s, name, idx))
        return SQLSCORE_OK;
    if (s->nseg >= UINT32_MAX - 1)
        return sqlscore__fail(SQLSCORE_ERANGE, "sqlscore_survey_segment: too many segments");
    copy = sqlscore__strdup(name);
    hist = sqlscore__calloc(sqlscore__survey_hlen(&s->cfg), sizeof *hist);
    rc = copy == NULL || hist == NULL ? SQLSCORE_ENOMEM : survey_seg_reserve(s, 1);
    if (rc != SQLSCORE_OK) {
        sqlscore__free(copy);
        sqlscore__free(hist);
        return rc;
    }
    *idx = survey_seg_insert(s, copy, hist);
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_survey_segment(sqlscore_survey *s, const char *name, uint32_t *index)
{
    static const char fn[] = "sqlscore_survey_segment";
    uint32_t idx;
    int rc;
    SQLSCORE__CHECK_NULL(s, fn, "survey");
    if ((rc = sqlscore__check_text(name, fn, "name")) != 0)
        return rc;
    if ((rc = sqlscore__survey_intern(s, name, &idx)) != 0)
        return rc;
    if (index)
        *index = idx;
    return SQLSCORE_OK;
}

/* Position of period start p in the sorted list (or where it would go). */
static size_t survey_period_pos(const sqlscore_survey *s, int64_t p)
{
    size_t lo = 0, hi = s->nper;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->periods[mid] < p)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Get the histogram of (seg, period), creating bucket and period entry.
 * Allocation happens before anything is inserted. */
int sqlscore__survey_bucket(sqlscore_survey *s, uint32_t seg, int64_t period, uint64_t **out)
{
    uint64_t *hist = sqlscore__survey_find_bucket(s, seg, period);
    size_t pos, i;
    int newper;
    if (hist) {
        *out = hist;
        return SQLSCORE_OK;
    }
    pos = survey_period_pos(s, period);
    newper = pos == s->nper || s->periods[pos] != period;
    hist = sqlscore__calloc(sqlscore__survey_hlen(&s->cfg), sizeof *hist);
    if (hist == NULL ||
        sqlscore__grow((void **)&s->buckets, &s->buckcap, s->nbuck + 1, sizeof *s->buckets) ||
        survey_index_reserve(s, 1, s->nbuck + 1) ||
        (newper && sqlscore__grow((void **)&s->periods, &s->percap, s->nper + 1, sizeof *s->periods))) {
        sqlscore__free(hist);
        return sqlscore_error_code() == SQLSCORE_ERANGE ? SQLSCORE_ERANGE : SQLSCORE_ENOMEM;
    }
    i = survey_index_probe_bucket(s, seg, period);
    s->buckets[s->nbuck].seg = seg;
    s->buckets[s->nbuck].period = period;
    s->buckets[s->nbuck].hist = hist;
    s->buckidx.slots[i] = (uint32_t)(s->nbuck + 1);
    s->nbuck++;
    if (newper) {
        memmove(s->periods + pos + 1, s->periods + pos, (s->nper - pos) * sizeof *s->periods);
        s->periods[pos] = period;
        s->nper++;
    }
    *out = hist;
    return SQLSCORE_OK;
}

/* ---- adding answers ----------------------------------------------------------------- */

/* Does answer (t1, v1, segment name n1) replace (t2, v2, n2)?  A total
 * order, so the survivor is the same whatever the order of adds and merges. */
int sqlscore__survey_beats(int64_t t1, int32_t v1, const char *n1, int64_t t2, int32_t v2,
                           const char *n2)
{
    if (t1 != t2)
        return t1 > t2;
    if (v1 != v2)
        return v1 > v2;
    return strcmp(n1, n2) > 0;
}

/* Move one count of value v (index into the histogram, H - 1 = missing) in
 * or out of segment seg's totals and its bucket for period. */
void sqlscore__survey_count(sqlscore_survey *s, uint32_t seg, int64_t period, size_t v, int sign)
{
    if (sign > 0) {
        s->segs[seg].total[v]++;
        s->count++;
    } else {
        s->segs[seg].total[v]--;
        s->count--;
    }
    if (s->cfg.pkind != SQLSCORE_PERIOD_NONE) {
        uint64_t *b = sqlscore__survey_find_bucket(s, seg, period);
        if (sign > 0)
            b[v]++;
        else
            b[v]--;
    }
}

/* The checks every added answer passes; writes the period start. */
static int survey_check_time(const sqlscore_survey *s, int64_t time, int has_resp, const char *fn,
                             int64_t *period)
{
    int64_t end;
    if (s->cfg.pkind == SQLSCORE_PERIOD_NONE) {
        if (s->cfg.dedup && has_resp && time == SQLSCORE_SURVEY_ALL_TIME)
            return sqlscore__fail(SQLSCORE_EINVAL,
                                  "%s: de-duplicated answers need a time (latest wins)", fn);
        *period = 0;
        return SQLSCORE_OK;
    }
    if (time == SQLSCORE_SURVEY_ALL_TIME)
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: answers need a time when periods are configured",
                              fn);
    return sqlscore__period_bounds(s->cfg.pkind, s->cfg.pdays, time, fn, period, &end);
}

/* Add one validated answer.  v is the histogram index (H - 1 = missing);
 * seg is an existing segment.  Everything that can fail (the record's
 * memory, then the bucket, which becomes visible only once it exists) comes
 * before anything is counted. */
static int survey_add_one(sqlscore_survey *s, size_t v, uint32_t seg, int64_t time, int64_t period,
                          const char *resp)
{
    struct sqlscore__survey_rec *r = NULL;
    char *copy = NULL;
    uint64_t *hist;
    size_t H = sqlscore__survey_hlen(&s->cfg);
    int32_t val = v == H - 1 ? -1 : (int32_t)v;
    int rc;

    if (s->cfg.dedup && resp != NULL) {
        r = survey_find_rec(s, resp, period);
        if (r == NULL) {
            copy = sqlscore__strdup(resp);
            if (copy == NULL ||
                sqlscore__grow((void **)&s->recs, &s->reccap, s->nrec + 1, sizeof *s->recs) ||
                survey_index_reserve(s, 2, s->nrec + 1)) {
                sqlscore__free(copy);
                return sqlscore_error_code() == SQLSCORE_ERANGE ? SQLSCORE_ERANGE : SQLSCORE_ENOMEM;
            }
        }
    }
    if (s->cfg.pkind != SQLSCORE_PERIOD_NONE &&
        (rc = sqlscore__survey_bucket(s, seg, period, &hist)) != 0) {
        sqlscore__free(copy);
        return rc;
    }
    s->started = 1;
    if (copy != NULL) {
        size_t i = survey_index_probe_rec(s, copy, period);
        r = &s->recs[s->nrec];
        r->resp = copy;
        r->period = period;
        r->time = time;
        r->seg = seg;
        r->value = val;
        s->recidx.slots[i] = (uint32_t)(s->nrec + 1);
        s->nrec++;
    } else if (r != NULL) {
        if (!sqlscore__survey_beats(time, val, s->segs[seg].name, r->time, r->value,
                                    s->segs[r->seg].name))
            return SQLSCORE_OK; /* an older answer: the record keeps the newer one */
        sqlscore__survey_count(s, r->seg, period, r->value < 0 ? H - 1 : (size_t)r->value, -1);
        r->time = time;
        r->seg = seg;
        r->value = val;
    }
    sqlscore__survey_count(s, seg, period, v, +1);
    return SQLSCORE_OK;
}

/* Shared by add and add_missing: validate, resolve the segment, add. */
static int survey_add_common(sqlscore_survey *s, size_t v, const char *segment, int64_t time,
                             const char *respondent, const char *fn)
{
    int64_t period;
    uint32_t seg;
    int rc, newseg;
    size_t before;
    if (segment != NULL && (rc = sqlscore__check_text(segment, fn, "segment")) != 0)
        return rc;
    if (respondent != NULL && (rc = sqlscore__check_text(respondent, fn, "respondent")) != 0)
        return rc;
    if ((rc = survey_check_time(s, time, respondent != NULL, fn, &period)) != 0)
        return rc;
    /* Totals stay at most 2^53, so that every sum is exact and anything
     * serialized parses back. */
    if (s->count >= SQLSCORE__SURVEY_MAX_COUNT)
        return sqlscore__fail(SQLSCORE_ERANGE, "%s: the aggregator already holds 2^53 answers", fn);
    before = s->nseg;
    if ((rc = sqlscore__survey_intern(s, segment ? segment : "", &seg)) != 0)
        return rc;
    newseg = s->nseg != before;
    rc = survey_add_one(s, v, seg, time, period, respondent);
    if (rc && newseg) {
        /* Undo the segment this failed call created: it is the last one. */
        size_t i = survey_index_probe_seg(s, s->segs[seg].name);
        size_t mask = s->segidx.cap - 1, j;
        sqlscore__free(s->segs[seg].name);
        sqlscore__free(s->segs[seg].total);
        s->nseg--;
        /* Deleting from linear probing: re-insert the rest of the cluster. */
        s->segidx.slots[i] = 0;
        for (j = (i + 1) & mask; s->segidx.slots[j]; j = (j + 1) & mask) {
            uint32_t k = s->segidx.slots[j];
            s->segidx.slots[j] = 0;
            s->segidx.slots[survey_index_probe_seg(s, s->segs[k - 1].name)] = k;
        }
    }
    return rc;
}

SQLSCORE_API int sqlscore_survey_add(sqlscore_survey *s, double answer, const char *segment,
                                     int64_t time, const char *respondent)
{
    static const char fn[] = "sqlscore_survey_add";
    SQLSCORE__CHECK_NULL(s, fn, "survey");
    if (isnan(answer) || isinf(answer))
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: answer is %s", fn,
                              isnan(answer) ? "NaN" : "infinite");
    if (answer != floor(answer))
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: answer %g is not an integer", fn, answer);
    if (answer < s->cfg.min || answer > s->cfg.max)
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: answer %g is outside the scale %d..%d", fn,
                              answer, (int)s->cfg.min, (int)s->cfg.max);
    return survey_add_common(s, (size_t)(answer - s->cfg.min), segment, time, respondent, fn);
}

SQLSCORE_API int sqlscore_survey_add_missing(sqlscore_survey *s, const char *segment, int64_t time,
                                             const char *respondent)
{
    static const char fn[] = "sqlscore_survey_add_missing";
    SQLSCORE__CHECK_NULL(s, fn, "survey");
    return survey_add_common(s, sqlscore__survey_hlen(&s->cfg) - 1, segment, time, respondent, fn);
}

/* ---- the batch fast path -------------------------------------------------------------- */

/* Answers per block of the counting loop. */
#define SURVEY_BLOCK 64
/* Answers per counting chunk, after which the partial tables are added
 * into 64-bit totals.  The 4 partial tables (parts = 4) hold uint16_t
 * counters (half the cache footprint of uint32_t, about 12 % faster): each
 * gets a quarter of a chunk's blocks, plus at most SURVEY_BLOCK - 1 answers
 * of the tail in the first table, which must stay below 65536.  The one
 * table for very many segments (parts = 1) holds uint32_t counters. */
#define SURVEY_CHUNK16 ((65535 - SURVEY_BLOCK) / (SURVEY_BLOCK / 4) * SURVEY_BLOCK)
#define SURVEY_CHUNK32 ((size_t)1 << 30)
#define SURVEY_PARTS_MAX_SLOTS 65536

/* Find the first answer outside the scale (the slow path after the fast
 * check failed). */
static size_t survey_first_bad(const uint8_t *a, size_t n, int32_t min, int32_t max)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (a[i] != SQLSCORE_SURVEY_MISSING_U8 && (a[i] < min || a[i] > max))
            return i;
    return n;
}

/* Segment index i of an array of unsigned indices of width bytes (1, 2
 * or 4). */
static uint32_t survey_seg_at(const void *seg, size_t width, size_t i)
{
    return width == 1   ? ((const uint8_t *)seg)[i]
           : width == 2 ? ((const uint16_t *)seg)[i]
                        : ((const uint32_t *)seg)[i];
}

/* Counting answers into per-segment histograms.
 *
 * Answer a in segment s goes to slot (s << shift) | (a & mask) of a table
 * of nrows rows of 2^shift slots: nrows is a power of two at least the
 * number of segments, 2^shift is above max + 1, and the missing marker
 * 255 lands in the last slot of its row.  Nothing is checked per answer:
 * the loop keeps the OR of the segment indices of a block (an index of
 * nrows or more stops the loop before it is counted; one from nseg to
 * nrows is counted in a spare row, which the caller checks) and the
 * largest answer + 1 (mod 256, so that missing is 0).  An answer of mask
 * or more other than missing shows in that maximum; one below min or
 * between max and mask lands in a slot no valid answer uses, which the
 * caller checks too.  Bad input therefore costs nothing until the end,
 * where the caller looks for the first bad item the slow way.
 *
 * Each block of SURVEY_BLOCK answers first gets its indices computed as
 * 16-bit values (a loop compilers vectorise at -O2, checks included), then
 * counted from 64-bit words of 4 indices into 4 partial tables (which
 * breaks the dependency between increments of one slot): one load for 4
 * answers where reading the answers and segments directly takes 8.  That
 * needs the 4 tables (parts = 4) and indices below 65536; otherwise (very
 * many segments) the plain loop counts into the one table.  The shift is
 * a macro argument so that the eNPS scale gets a constant one, and TYPE
 * (the type of the indices) so that narrow indices are checked and
 * combined in narrow vector lanes. */
#define SURVEY_COUNT_BLOCKS(TYPE, SEG, SHIFT, MASK)                            \
    do {                                                                       \
        for (; i + SURVEY_BLOCK <= end; i += SURVEY_BLOCK) {                   \
            TYPE o = 0;                                                        \
            uint8_t m = 0;                                                     \
            size_t j;                                                          \
            for (j = 0; j < SURVEY_BLOCK; j++) {                               \
                TYPE sj = (SEG);                                               \
                uint8_t v = a[i + j], u = (uint8_t)(v + 1);                    \
                o |= sj;                                                       \
                m = u > m ? u : m;                                             \
                ix.h[j] = (uint16_t)(((unsigned)sj << (SHIFT)) | (v & (MASK)));\
            }                                                                  \
            if (o >= nrows)                                                    \
                break;                                                         \
            top = m > top ? m : top;                                           \
            for (j = 0; j < SURVEY_BLOCK / 4; j++) {                           \
                uint64_t w = ix.w[j];                                          \
                h0[w & 0xffff]++;                                              \
                h1[(w >> 16) & 0xffff]++;                                      \
                h2[(w >> 32) & 0xffff]++;                                      \
                h3[w >> 48]++;                                                 \
            }                                                                  \
        }                                                                      \
    } while (0)

/* SURVEY_COUNT_BLOCKS over indices of TYPE, with a constant shift for the
 * eNPS scale. */
#define SURVEY_COUNT_WIDTH(TYPE)                                               \
    do {                                                                       \
        const TYPE *sx = seg;                                                  \
        if (shift == 4)                                                        \
            SURVEY_COUNT_BLOCKS(TYPE, sx[i + j], 4, 15u);                      \
        else                                                                   \
            SURVEY_COUNT_BLOCKS(TYPE, sx[i + j], shift, mask);                 \
    } while (0)

/* Count the n answers (segments seg, indices of width bytes, or all in
 * row 0 when seg is NULL) into acc (nrows << shift slots, zeroed by the
 * caller), using t as scratch: parts = 4 tables of uint16_t counters of
 * that size, or one table of uint32_t (parts = 1).  Sets *umax to the largest
 * (uint8_t)(answer + 1) counted.  Returns SQLSCORE_EINVAL with *bad set
 * at the first segment index of nrows or more, if the loop reached one
 * (some answers are then left uncounted: the caller refuses the batch). */
static int survey_count_fast(const uint8_t *a, const void *seg, size_t width, size_t n,
                             size_t nrows, unsigned shift, unsigned parts, void *t,
                             uint64_t *acc, unsigned *umax, size_t *bad)
{
    const uint32_t mask = (1u << shift) - 1;
    const size_t tsz = nrows << shift, chunk = parts > 1 ? SURVEY_CHUNK16 : SURVEY_CHUNK32;
    /* parts = 4: four uint16_t tables; parts = 1: one uint32_t table */
    uint16_t *h0 = t, *h1 = parts > 1 ? h0 + tsz : h0, *h2 = parts > 1 ? h1 + tsz : h0,
             *h3 = parts > 1 ? h2 + tsz : h0;
    uint32_t *w0 = t;
    union {
        uint16_t h[SURVEY_BLOCK];
        uint64_t w[SURVEY_BLOCK / 4];
    } ix;
    size_t done = 0, k;
    uint8_t top = 0;
    while (done < n) {
        size_t end = n - done > chunk ? done + chunk : n;
        size_t i = done;
        memset(t, 0, parts > 1 ? parts * tsz * sizeof *h0 : tsz * sizeof *w0);
        if (parts > 1 && seg == NULL) {
            SURVEY_COUNT_BLOCKS(uint8_t, 0u, shift, mask);
        } else if (parts > 1 && width == 1) {
            SURVEY_COUNT_WIDTH(uint8_t);
        } else if (parts > 1 && width == 2) {
            SURVEY_COUNT_WIDTH(uint16_t);
        } else if (parts > 1) {
            SURVEY_COUNT_WIDTH(uint32_t);
        }
        for (; i < end; i++) {
            uint32_t si = seg ? survey_seg_at(seg, width, i) : 0;
            uint8_t u = (uint8_t)(a[i] + 1);
            if (si >= nrows) {
                *bad = i;
                return SQLSCORE_EINVAL;
            }
            top = u > top ? u : top;
            if (parts > 1)
                h0[((size_t)si << shift) | (a[i] & mask)]++;
            else
                w0[((size_t)si << shift) | (a[i] & mask)]++;
        }
        if (parts > 1)
            for (k = 0; k < tsz; k++)
                acc[k] += (uint64_t)h0[k] + h1[k] + h2[k] + h3[k];
        else
            for (k = 0; k < tsz; k++)
                acc[k] += w0[k];
        done = end;
    }
    *umax = top;
    return SQLSCORE_OK;
}

/* Whether the counts in acc can only come from answers inside the scale
 * and segment indices below nseg (see survey_count_fast). */
static int survey_counts_valid(const struct sqlscore__survey_config *c, const uint64_t *acc,
                               size_t nseg, size_t nrows, unsigned shift, unsigned umax)
{
    const unsigned mask = (1u << shift) - 1;
    size_t g, v;
    if (umax > mask)
        return 0;
    for (g = 0; g < nrows; g++)
        for (v = 0; v <= mask; v++)
            if (acc[(g << shift) | v] != 0 &&
                (g >= nseg || (v < mask && (v < (size_t)c->min || v > (size_t)c->max))))
                return 0;
    return 1;
}

static int survey_batch_fast(const char *fn, sqlscore_survey *s, const uint8_t *answers,
                             size_t n, const void *segment_index, size_t width,
                             size_t *bad_index)
{
    const struct sqlscore__survey_config *c = &s->cfg;
    unsigned umax = 0, shift = 1, parts;
    uint32_t nseg = segment_index ? (uint32_t)s->nseg : 1, seg0 = 0;
    size_t H = sqlscore__survey_hlen(c), bad = n, tsz, g, v, nrows = 1;
    void *t;
    uint64_t *acc;
    int rc;

    while ((1u << shift) <= (unsigned)c->max + 1)
        shift++;
    while (nrows < nseg)
        nrows *= 2;
    tsz = nrows << shift;
    /* Four partial tables while they fit in a typical L1/L2 cache. */
    parts = tsz <= SURVEY_PARTS_MAX_SLOTS ? 4 : 1;
    t = sqlscore__calloc(parts * tsz, parts > 1 ? sizeof(uint16_t) : sizeof(uint32_t));
    acc = sqlscore__calloc(tsz, sizeof *acc);
    if (t == NULL || acc == NULL) {
        rc = SQLSCORE_ENOMEM;
        goto out;
    }
    rc = survey_count_fast(answers, segment_index, width, n, nrows, shift, parts, t, acc, &umax,
                           &bad);
    if (rc != SQLSCORE_OK || !survey_counts_valid(c, acc, nseg, nrows, shift, umax)) {
        /* Bad input somewhere: a bad answer anywhere is reported before a
         * bad segment index, each the first of its kind. */
        bad = survey_first_bad(answers, n, c->min, c->max);
        if (bad < n) {
            rc = sqlscore__fail(SQLSCORE_EINVAL,
                                "%s: answer %u at index %zu is outside the scale %d..%d", fn,
                                answers[bad], bad, (int)c->min, (int)c->max);
        } else {
            for (bad = 0; bad < n && segment_index && survey_seg_at(segment_index, width, bad) < nseg;
                 bad++)
                ;
            rc = sqlscore__fail(SQLSCORE_EINVAL, "%s: segment index %u at index %zu was never interned",
                                fn, bad < n && segment_index ? survey_seg_at(segment_index, width, bad)
                                                             : 0u,
                                bad);
        }
        if (bad_index)
            *bad_index = bad;
        goto out;
    }
    if (segment_index == NULL && (rc = sqlscore__survey_intern(s, "", &seg0)) != 0)
        goto out;
    for (g = 0; g < nseg; g++) {
        uint64_t *tot = s->segs[segment_index ? g : seg0].total;
        const uint64_t *row = acc + (g << shift);
        for (v = 0; v + 1 < H; v++)
            tot[v] += row[v + (size_t)c->min];
        tot[H - 1] += row[(1u << shift) - 1];
    }
    s->count += n;
    if (n > 0)
        s->started = 1;
out:
    sqlscore__free(t);
    sqlscore__free(acc);
    return rc;
}

/* Both batch entry points: segment indices of width bytes. */
static int survey_add_batch(const char *fn, sqlscore_survey *s, const uint8_t *answers, size_t n,
                            const void *segment_index, size_t width, const int64_t *times,
                            const char *const *respondents, size_t *bad_index)
{
    sqlscore_survey *c;
    size_t i, H;
    int rc;
    uint32_t seg0 = 0;

    SQLSCORE__CHECK_NULL(s, fn, "survey");
    if (width != 1 && width != 2 && width != 4)
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: index width %zu is not 1, 2 or 4", fn, width);
    if (n == 0)
        return SQLSCORE_OK;
    SQLSCORE__CHECK_NULL(answers, fn, "answers");
    if (s->cfg.pkind != SQLSCORE_PERIOD_NONE && times == NULL)
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: times are required when periods are configured",
                              fn);
    /* as in sqlscore_survey_add (an answer that replaces another under
     * de-duplication is counted as one more: the bound is conservative) */
    if (n > SQLSCORE__SURVEY_MAX_COUNT - s->count)
        return sqlscore__fail(SQLSCORE_ERANGE, "%s: %zu answers would make the aggregator hold more "
                              "than 2^53", fn, n);
    /* Like sqlscore_survey_add: a respondent id given must be valid UTF-8
     * even when de-duplication is off and the id is not used. */
    if (respondents != NULL)
        for (i = 0; i < n; i++)
            if (respondents[i] != NULL &&
                !sqlscore__utf8_valid(respondents[i], strlen(respondents[i]))) {
                if (bad_index)
                    *bad_index = i;
                return sqlscore__fail(SQLSCORE_EINVAL,
                                      "%s: respondent at index %zu is not valid UTF-8", fn, i);
            }
    if (s->cfg.pkind == SQLSCORE_PERIOD_NONE && (!s->cfg.dedup || respondents == NULL))
        return survey_batch_fast(fn, s, answers, n, segment_index, width, bad_index);

    /* Periods or de-duplication: validate everything, then add one by one
     * into a copy that replaces the aggregator only if all went well. */
    H = sqlscore__survey_hlen(&s->cfg);
    for (i = 0; i < n; i++) {
        int64_t period;
        const char *resp = respondents ? respondents[i] : NULL;
        if (answers[i] != SQLSCORE_SURVEY_MISSING_U8 &&
            (answers[i] < s->cfg.min || answers[i] > s->cfg.max)) {
            rc = sqlscore__fail(SQLSCORE_EINVAL, "%s: answer %u at index %zu is outside the scale %d..%d",
                                fn, answers[i], i, (int)s->cfg.min, (int)s->cfg.max);
            goto bad;
        }
        if (segment_index && survey_seg_at(segment_index, width, i) >= s->nseg) {
            rc = sqlscore__fail(SQLSCORE_EINVAL, "%s: segment index %u at index %zu was never interned",
                                fn, survey_seg_at(segment_index, width, i), i);
            goto bad;
        }
        if (resp && s->cfg.dedup && !sqlscore__utf8_valid(resp, strlen(resp))) {
            rc = sqlscore__fail(SQLSCORE_EINVAL, "%s: respondent at index %zu is not valid UTF-8", fn, i);
            goto bad;
        }
        rc = survey_check_time(s, times ? times[i] : SQLSCORE_SURVEY_ALL_TIME, resp != NULL, fn,
                               &period);
        if (rc) {
            /* The detail lives in the buffer being rewritten: copy it first. */
            char why[512]; /* the size of the thread's error buffer */
            snprintf(why, sizeof why, "%s", sqlscore_error_message());
            sqlscore__fail(rc, "%s: at index %zu: %s", fn, i, why);
            goto bad;
        }
    }
    if ((rc = survey_clone(s, &c)) != 0)
        return rc;
    if (segment_index == NULL && (rc = sqlscore__survey_intern(c, "", &seg0)) != 0) {
        sqlscore_survey_free(c);
        return rc;
    }
    for (i = 0; i < n; i++) {
        int64_t t = times ? times[i] : SQLSCORE_SURVEY_ALL_TIME, period;
        size_t v = answers[i] == SQLSCORE_SURVEY_MISSING_U8 ? H - 1 : (size_t)(answers[i] - c->cfg.min);
        survey_check_time(c, t, 0, fn, &period);
        rc = survey_add_one(c, v, segment_index ? survey_seg_at(segment_index, width, i) : seg0, t,
                            period, respondents ? respondents[i] : NULL);
        if (rc) {
            sqlscore_survey_free(c);
            return rc;
        }
    }
    survey_commit(s, c);
    return SQLSCORE_OK;
bad:
    if (bad_index)
        *bad_index = i;
    return rc;
}

SQLSCORE_API int sqlscore_survey_add_batch(sqlscore_survey *s, const uint8_t *answers, size_t n,
                                           const uint32_t *segment_index, const int64_t *times,
                                           const char *const *respondents, size_t *bad_index)
{
    return survey_add_batch("sqlscore_survey_add_batch", s, answers, n, segment_index, 4, times,
                            respondents, bad_index);
}

SQLSCORE_API int sqlscore_survey_add_batch_width(sqlscore_survey *s, const uint8_t *answers,
                                                 size_t n, const void *segment_index,
                                                 size_t index_width, const int64_t *times,
                                                 const char *const *respondents,
                                                 size_t *bad_index)
{
    return survey_add_batch("sqlscore_survey_add_batch_width", s, answers, n, segment_index,
                            index_width, times, respondents, bad_index);
}

/* ---- listing ---------------------------------------------------------------------------- */

SQLSCORE_API int sqlscore_survey_segment_count(const sqlscore_survey *s, size_t *count)
{
    SQLSCORE__CHECK_NULL(s, "sqlscore_survey_segment_count", "survey");
    SQLSCORE__CHECK_NULL(count, "sqlscore_survey_segment_count", "count");
    *count = s->nseg;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_survey_segment_name(const sqlscore_survey *s, size_t index,
                                              const char **name)
{
    SQLSCORE__CHECK_NULL(s, "sqlscore_survey_segment_name", "survey");
    SQLSCORE__CHECK_NULL(name, "sqlscore_survey_segment_name", "name");
    if (index >= s->nseg)
        return sqlscore__fail(SQLSCORE_ENOTFOUND, "sqlscore_survey_segment_name: index %zu of %zu",
                              index, s->nseg);
    *name = s->segs[index].name;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_survey_period_count(const sqlscore_survey *s, size_t *count)
{
    SQLSCORE__CHECK_NULL(s, "sqlscore_survey_period_count", "survey");
    SQLSCORE__CHECK_NULL(count, "sqlscore_survey_period_count", "count");
    *count = s->nper;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_survey_period_at(const sqlscore_survey *s, size_t index, int64_t *start)
{
    SQLSCORE__CHECK_NULL(s, "sqlscore_survey_period_at", "survey");
    SQLSCORE__CHECK_NULL(start, "sqlscore_survey_period_at", "start");
    if (index >= s->nper)
        return sqlscore__fail(SQLSCORE_ENOTFOUND, "sqlscore_survey_period_at: index %zu of %zu",
                              index, s->nper);
    *start = s->periods[index];
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_survey_period_of(const sqlscore_survey *s, int64_t time, int64_t *start,
                                           int64_t *end)
{
    int64_t a, b;
    int rc;
    SQLSCORE__CHECK_NULL(s, "sqlscore_survey_period_of", "survey");
    rc = sqlscore__period_bounds(s->cfg.pkind, s->cfg.pdays, time, "sqlscore_survey_period_of", &a, &b);
    if (rc)
        return rc;
    if (start)
        *start = a;
    if (end)
        *end = b;
    return SQLSCORE_OK;
}

/* ---- results -------------------------------------------------------------------------- */

/* Split a histogram into detractors, passives, promoters and skipped. */
static void survey_split(const struct sqlscore__survey_config *c, const uint64_t *h, uint64_t *det,
                         uint64_t *pas, uint64_t *pro, uint64_t *skipped)
{
    size_t H = sqlscore__survey_hlen(c), v;
    uint64_t d = 0, p = 0, q = 0;
    for (v = 0; v + 1 < H; v++) {
        int32_t a = (int32_t)v + c->min;
        if (a <= c->dmax)
            d += h[v];
        else if (a >= c->pmin)
            q += h[v];
        else
            p += h[v];
    }
    if (c->missing == SQLSCORE_SURVEY_MISSING_PASSIVE) {
        p += h[H - 1];
        *skipped = 0;
    } else {
        *skipped = h[H - 1];
    }
    *det = d;
    *pas = p;
    *pro = q;
}

/* Which counts a result covers. */
enum survey_span { SURVEY_ALL_TIME, SURVEY_ONE_PERIOD, SURVEY_RANGE };

/* The result of one segment (seg < nseg) or of the total (seg == nseg) over
 * all time, one period (starting at from), or the periods starting in
 * [from, to).  Suppression is decided on the counts of that span. */
static int survey_result_at(const sqlscore_survey *s, uint32_t seg, enum survey_span span,
                            int64_t from, int64_t to, sqlscore_enps_result **out)
{
    size_t g, b, nseg = s->nseg;
    uint64_t (*c)[4] = NULL, tot[4] = { 0, 0, 0, 0 }, mine[4] = { 0, 0, 0, 0 }, ntotal, *n = NULL;
    unsigned char *hidden = NULL;
    int suppressed, rc;

    c = sqlscore__calloc(nseg ? nseg : 1, sizeof *c);
    n = sqlscore__calloc(nseg ? nseg : 1, sizeof *n);
    hidden = sqlscore__calloc(nseg ? nseg : 1, 1);
    if (c == NULL || n == NULL || hidden == NULL) {
        rc = SQLSCORE_ENOMEM;
        goto out;
    }
    if (span == SURVEY_RANGE) {
        for (b = 0; b < s->nbuck; b++) {
            const struct sqlscore__survey_bucket *k = &s->buckets[b];
            uint64_t x[4];
            if (k->period < from || k->period >= to)
                continue;
            survey_split(&s->cfg, k->hist, &x[0], &x[1], &x[2], &x[3]);
            for (g = 0; g < 4; g++)
                c[k->seg][g] += x[g];
        }
    } else {
        for (g = 0; g < nseg; g++) {
            const uint64_t *h = span == SURVEY_ALL_TIME
                                    ? s->segs[g].total
                                    : sqlscore__survey_find_bucket(s, (uint32_t)g, from);
            if (h)
                survey_split(&s->cfg, h, &c[g][0], &c[g][1], &c[g][2], &c[g][3]);
        }
    }
    for (g = 0; g < nseg; g++) {
        n[g] = c[g][0] + c[g][1] + c[g][2];
        for (b = 0; b < 4; b++)
            tot[b] += c[g][b];
    }
    ntotal = tot[0] + tot[1] + tot[2];
    sqlscore__suppress(n, nseg, (uint64_t)s->cfg.threshold, ntotal >= (uint64_t)s->cfg.threshold,
                       hidden);
    if (seg == nseg) {
        memcpy(mine, tot, sizeof mine);
        suppressed = ntotal > 0 && ntotal < (uint64_t)s->cfg.threshold;
    } else {
        memcpy(mine, c[seg], sizeof mine);
        suppressed = hidden[seg];
    }
    rc = sqlscore__enps_result_make(out, mine[0], mine[1], mine[2], mine[3], suppressed,
                                    s->cfg.level, s->cfg.rounding);
out:
    sqlscore__free(c);
    sqlscore__free(n);
    sqlscore__free(hidden);
    return rc;
}

/* Resolve the segment name and period of a query. */
static int survey_query(const sqlscore_survey *s, const char *segment, int64_t period,
                        const char *fn, uint32_t *seg, int64_t *start)
{
    int64_t end;
    if (segment == NULL) {
        *seg = (uint32_t)s->nseg;
    } else {
        int rc;
        if ((rc = sqlscore__check_text(segment, fn, "segment")) != 0)
            return rc;
        if (!sqlscore__survey_find_seg(s, segment, seg))
            return sqlscore__fail(SQLSCORE_ENOTFOUND, "%s: no segment named '%s'", fn, segment);
    }
    if (period == SQLSCORE_SURVEY_ALL_TIME) {
        *start = 0;
        return SQLSCORE_OK;
    }
    if (s->cfg.pkind == SQLSCORE_PERIOD_NONE)
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: no periods configured; pass SQLSCORE_SURVEY_ALL_TIME",
                              fn);
    return sqlscore__period_bounds(s->cfg.pkind, s->cfg.pdays, period, fn, start, &end);
}

SQLSCORE_API int sqlscore_survey_result(const sqlscore_survey *s, const char *segment, int64_t period,
                                        sqlscore_enps_result **out)
{
    static const char fn[] = "sqlscore_survey_result";
    uint32_t seg;
    int64_t start;
    int rc;
    SQLSCORE__CHECK_NULL(s, fn, "survey");
    SQLSCORE__CHECK_NULL(out, fn, "out");
    if ((rc = survey_query(s, segment, period, fn, &seg, &start)) != 0)
        return rc;
    return survey_result_at(s, seg, period == SQLSCORE_SURVEY_ALL_TIME ? SURVEY_ALL_TIME : SURVEY_ONE_PERIOD,
                            start, start, out);
}

SQLSCORE_API int sqlscore_survey_result_range(const sqlscore_survey *s, const char *segment,
                                              int64_t from, int64_t to, sqlscore_enps_result **out)
{
    static const char fn[] = "sqlscore_survey_result_range";
    uint32_t seg = 0;
    int64_t dummy;
    int rc;
    SQLSCORE__CHECK_NULL(s, fn, "survey");
    SQLSCORE__CHECK_NULL(out, fn, "out");
    if ((rc = survey_query(s, segment, SQLSCORE_SURVEY_ALL_TIME, fn, &seg, &dummy)) != 0)
        return rc;
    if (s->cfg.pkind == SQLSCORE_PERIOD_NONE)
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: no periods configured", fn);
    if (from >= to)
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: empty range [%lld, %lld)", fn, (long long)from,
                              (long long)to);
    return survey_result_at(s, seg, SURVEY_RANGE, from, to, out);
}

SQLSCORE_API int sqlscore_survey_trend(const sqlscore_survey *s, const char *segment, size_t index,
                                       double *change, double *p_value, int32_t *significant)
{
    static const char fn[] = "sqlscore_survey_trend";
    sqlscore_enps_result *cur = NULL, *prev = NULL;
    uint32_t seg;
    int64_t dummy;
    double d, p;
    int rc;
    SQLSCORE__CHECK_NULL(s, fn, "survey");
    if ((rc = survey_query(s, segment, SQLSCORE_SURVEY_ALL_TIME, fn, &seg, &dummy)) != 0)
        return rc;
    if (index >= s->nper)
        return sqlscore__fail(SQLSCORE_ENOTFOUND, "%s: period index %zu of %zu", fn, index, s->nper);
    if (index == 0)
        return sqlscore__fail(SQLSCORE_EUNDEFINED, "%s: the first period has no previous period", fn);
    if ((rc = survey_result_at(s, seg, SURVEY_ONE_PERIOD, s->periods[index], 0, &cur)) != 0 ||
        (rc = survey_result_at(s, seg, SURVEY_ONE_PERIOD, s->periods[index - 1], 0, &prev)) != 0)
        goto out;
    if ((rc = sqlscore_enps_compare(cur, prev, &d, NULL, NULL, NULL, &p)) != 0)
        goto out;
    if (change)
        *change = d;
    if (p_value)
        *p_value = p;
    if (significant)
        *significant = p < 1 - s->cfg.level;
out:
    sqlscore_enps_result_free(cur);
    sqlscore_enps_result_free(prev);
    return rc;
}

/* ---- merge -------------------------------------------------------------------------------- */

static int survey_add_hist(uint64_t *dst, const uint64_t *src, size_t H)
{
    size_t v;
    for (v = 0; v < H; v++)
        if (dst[v] > UINT64_MAX - src[v])
            return sqlscore__fail(SQLSCORE_ERANGE, "sqlscore_survey_merge: a count would overflow");
    for (v = 0; v < H; v++)
        dst[v] += src[v];
    return SQLSCORE_OK;
}

uint64_t sqlscore__survey_total(const sqlscore_survey *s)
{
    size_t H = sqlscore__survey_hlen(&s->cfg), i, v;
    uint64_t sum = 0;
    for (i = 0; i < s->nseg; i++)
        for (v = 0; v < H; v++) {
            if (s->segs[i].total[v] > UINT64_MAX - sum)
                return UINT64_MAX;
            sum += s->segs[i].total[v];
        }
    return sum;
}

/* Add src's counts and records into c (a private copy): no rollback
 * needed, a failure just discards c. */
int sqlscore__survey_merge_into(sqlscore_survey *c, const sqlscore_survey *src)
{
    size_t H = sqlscore__survey_hlen(&c->cfg), i;
    uint32_t *map;
    int rc = SQLSCORE_OK;
    map = sqlscore__calloc(src->nseg ? src->nseg : 1, sizeof *map);
    if (map == NULL)
        return SQLSCORE_ENOMEM;
    for (i = 0; i < src->nseg && rc == 0; i++)
        if ((rc = sqlscore__survey_intern(c, src->segs[i].name, &map[i])) == 0)
            rc = survey_add_hist(c->segs[map[i]].total, src->segs[i].total, H);
    for (i = 0; i < src->nbuck && rc == 0; i++) {
        uint64_t *h;
        if ((rc = sqlscore__survey_bucket(c, map[src->buckets[i].seg], src->buckets[i].period, &h)) == 0)
            rc = survey_add_hist(h, src->buckets[i].hist, H);
    }
    for (i = 0; i < src->nrec && rc == 0; i++) {
        const struct sqlscore__survey_rec *r = &src->recs[i];
        struct sqlscore__survey_rec *mine = survey_find_rec(c, r->resp, r->period);
        uint32_t seg = map[r->seg];
        if (mine == NULL) {
            char *copy = sqlscore__strdup(r->resp);
            size_t slot;
            if (copy == NULL ||
                sqlscore__grow((void **)&c->recs, &c->reccap, c->nrec + 1, sizeof *c->recs) ||
                survey_index_reserve(c, 2, c->nrec + 1)) {
                sqlscore__free(copy);
                rc = sqlscore_error_code() == SQLSCORE_ERANGE ? SQLSCORE_ERANGE : SQLSCORE_ENOMEM;
                break;
            }
            slot = survey_index_probe_rec(c, copy, r->period);
            c->recs[c->nrec] = *r;
            c->recs[c->nrec].resp = copy;
            c->recs[c->nrec].seg = seg;
            c->recidx.slots[slot] = (uint32_t)(c->nrec + 1);
            c->nrec++;
            continue;
        }
        /* Both counted an answer for this respondent: take the loser out. */
        if (sqlscore__survey_beats(r->time, r->value, c->segs[seg].name, mine->time,
                                   mine->value, c->segs[mine->seg].name)) {
            sqlscore__survey_count(c, mine->seg, mine->period,
                                   mine->value < 0 ? H - 1 : (size_t)mine->value, -1);
            mine->time = r->time;
            mine->value = r->value;
            mine->seg = seg;
        } else {
            sqlscore__survey_count(c, seg, r->period, r->value < 0 ? H - 1 : (size_t)r->value, -1);
        }
    }
    sqlscore__free(map);
    return rc;
}

SQLSCORE_API int sqlscore_survey_merge(sqlscore_survey *dst, const sqlscore_survey *src)
{
    static const char fn[] = "sqlscore_survey_merge";
    sqlscore_survey *c;
    int rc;
    SQLSCORE__CHECK_NULL(dst, fn, "dst");
    SQLSCORE__CHECK_NULL(src, fn, "src");
    if (dst == src)
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: src and dst are the same aggregator", fn);
    if (!sqlscore__survey_config_equal(&dst->cfg, &src->cfg))
        return sqlscore__fail(SQLSCORE_EINCOMPATIBLE, "%s: the two aggregators are configured differently",
                              fn);
    {
        uint64_t a = sqlscore__survey_total(dst), b = sqlscore__survey_total(src);
        if (a > SQLSCORE__SURVEY_MAX_COUNT || b > SQLSCORE__SURVEY_MAX_COUNT - a)
            return sqlscore__fail(SQLSCORE_ERANGE, "%s: together more than 2^53 answers", fn);
    }
    if ((rc = survey_clone(dst, &c)) != 0)
        return rc;
    if ((rc = sqlscore__survey_merge_into(c, src)) != 0) {
        sqlscore_survey_free(c);
        return rc;
    }
    c->count = sqlscore__survey_total(c);
    c->started = 1;
    survey_commit(dst, c);
    return SQLSCORE_OK;
}
