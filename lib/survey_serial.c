/*
 * survey_serial.c - the portable byte format of an eNPS aggregator, so that
 * shards counted on different machines can be shipped and merged.
 *
 * Layout (all integers little-endian, documented in sqlscore_survey_serialize(3)):
 *
 *   0  "SQSV"            magic
 *   4  u16 version       1
 *   6  u16 flags         0 (reserved)
 *   8  u64 length        total size in bytes, checksum included
 *  16  10 x i32 config   min, max, detractor_max, promoter_min, threshold,
 *                        missing, rounding, period kind, period days, dedup
 *  56  u64 level         IEEE 754 binary64 bits of the confidence level
 *  64  u32 nseg, then per segment: u32 name length, name bytes (UTF-8),
 *      H x u64 totals    (H = max - min + 2: one per answer, then missing)
 *      u32 nbuckets, per bucket: u32 segment, i64 period start, H x u64
 *      u32 nrecords, per record: u32 id length, id bytes, i64 period start,
 *      i64 time, u32 segment, i32 value (answer - min, or -1 = missing)
 *  end-4 u32 CRC-32 of every byte before it
 */
#include "survey_internal.h"

#include <math.h>
#include <string.h>

#define SERIAL_MAGIC "SQSV"
#define SERIAL_VERSION 1
#define SERIAL_HEADER 64

/* ---- CRC-32 --------------------------------------------------------------------- */

uint32_t sqlscore__crc32(const void *data, size_t n)
{
    /* Bitwise, table-free: serialized aggregates are small, and no table
     * means no global state to initialise. */
    const unsigned char *p = data;
    uint32_t crc = 0xFFFFFFFFu;
    size_t i;
    int k;
    for (i = 0; i < n; i++) {
        crc ^= p[i];
        for (k = 0; k < 8; k++)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return crc ^ 0xFFFFFFFFu;
}

/* ---- writing -------------------------------------------------------------------- */

struct serial_out {
    unsigned char *p;
    size_t pos;
};

static void serial_put(struct serial_out *o, uint64_t v, int bytes)
{
    int i;
    for (i = 0; i < bytes; i++)
        o->p[o->pos++] = (unsigned char)(v >> (8 * i));
}

static void serial_put_str(struct serial_out *o, const char *s)
{
    size_t n = strlen(s);
    serial_put(o, n, 4);
    memcpy(o->p + o->pos, s, n);
    o->pos += n;
}

/* Add b to *a, failing on size_t overflow. */
static int serial_add(size_t *a, size_t b)
{
    if (*a > SIZE_MAX - b)
        return 1;
    *a += b;
    return 0;
}

SQLSCORE_API int sqlscore_survey_serialize(const sqlscore_survey *s, void **out, size_t *size)
{
    static const char fn[] = "sqlscore_survey_serialize";
    size_t H, total = SERIAL_HEADER + 4 + 4 + 4 + 4, i, v;
    struct serial_out o;
    uint64_t bits;
    int over = 0;

    SQLSCORE__CHECK_NULL(s, fn, "survey");
    SQLSCORE__CHECK_NULL(out, fn, "out");
    SQLSCORE__CHECK_NULL(size, fn, "size");
    H = sqlscore__survey_hlen(&s->cfg);
    for (i = 0; i < s->nseg; i++) {
        size_t len = strlen(s->segs[i].name);
        over |= len > UINT32_MAX;
        over |= serial_add(&total, 4 + len) | serial_add(&total, 8 * H);
    }
    over |= serial_add(&total, s->nbuck * (4 + 8 + 8 * H));
    for (i = 0; i < s->nrec; i++) {
        size_t len = strlen(s->recs[i].resp);
        over |= len > UINT32_MAX;
        over |= serial_add(&total, 4 + len + 8 + 8 + 4 + 4);
    }
    if (over || s->nseg > UINT32_MAX || s->nbuck > UINT32_MAX || s->nrec > UINT32_MAX)
        return sqlscore__fail(SQLSCORE_ERANGE, "%s: the aggregate is too large for the format", fn);
    o.p = sqlscore__malloc(total);
    o.pos = 0;
    if (o.p == NULL)
        return SQLSCORE_ENOMEM;
    memcpy(o.p, SERIAL_MAGIC, 4);
    o.pos = 4;
    serial_put(&o, SERIAL_VERSION, 2);
    serial_put(&o, 0, 2);
    serial_put(&o, total, 8);
    serial_put(&o, (uint32_t)s->cfg.min, 4);
    serial_put(&o, (uint32_t)s->cfg.max, 4);
    serial_put(&o, (uint32_t)s->cfg.dmax, 4);
    serial_put(&o, (uint32_t)s->cfg.pmin, 4);
    serial_put(&o, (uint32_t)s->cfg.threshold, 4);
    serial_put(&o, (uint32_t)s->cfg.missing, 4);
    serial_put(&o, (uint32_t)s->cfg.rounding, 4);
    serial_put(&o, (uint32_t)s->cfg.pkind, 4);
    serial_put(&o, (uint32_t)s->cfg.pdays, 4);
    serial_put(&o, (uint32_t)s->cfg.dedup, 4);
    memcpy(&bits, &s->cfg.level, sizeof bits);
    serial_put(&o, bits, 8);
    serial_put(&o, s->nseg, 4);
    for (i = 0; i < s->nseg; i++) {
        serial_put_str(&o, s->segs[i].name);
        for (v = 0; v < H; v++)
            serial_put(&o, s->segs[i].total[v], 8);
    }
    serial_put(&o, s->nbuck, 4);
    for (i = 0; i < s->nbuck; i++) {
        serial_put(&o, s->buckets[i].seg, 4);
        serial_put(&o, (uint64_t)s->buckets[i].period, 8);
        for (v = 0; v < H; v++)
            serial_put(&o, s->buckets[i].hist[v], 8);
    }
    serial_put(&o, s->nrec, 4);
    for (i = 0; i < s->nrec; i++) {
        serial_put_str(&o, s->recs[i].resp);
        serial_put(&o, (uint64_t)s->recs[i].period, 8);
        serial_put(&o, (uint64_t)s->recs[i].time, 8);
        serial_put(&o, s->recs[i].seg, 4);
        serial_put(&o, (uint32_t)s->recs[i].value, 4);
    }
    serial_put(&o, sqlscore__crc32(o.p, o.pos), 4);
    *out = o.p;
    *size = total;
    return SQLSCORE_OK;
}

/* ---- reading -------------------------------------------------------------------- */

struct serial_in {
    const unsigned char *p;
    size_t pos, end;        /* end excludes the checksum */
};

static int serial_get(struct serial_in *in, int bytes, uint64_t *v)
{
    int i;
    uint64_t x = 0;
    *v = 0; /* defined even on failure, which keeps compilers' flow analysis quiet */
    if (in->end - in->pos < (size_t)bytes)
        return sqlscore__fail(SQLSCORE_EPARSE, "sqlscore_survey_parse: offset %zu: data ends early",
                              in->pos);
    for (i = 0; i < bytes; i++)
        x |= (uint64_t)in->p[in->pos + i] << (8 * i);
    in->pos += bytes;
    *v = x;
    return SQLSCORE_OK;
}

/* A length-prefixed UTF-8 string, copied into a new NUL-terminated buffer. */
static int serial_get_str(struct serial_in *in, char **out)
{
    uint64_t len;
    size_t at = in->pos;
    int rc = serial_get(in, 4, &len);
    if (rc)
        return rc;
    if (len > in->end - in->pos)
        return sqlscore__fail(SQLSCORE_EPARSE,
                              "sqlscore_survey_parse: offset %zu: string of %llu bytes runs past the end",
                              at, (unsigned long long)len);
    if (memchr(in->p + in->pos, 0, (size_t)len) != NULL ||
        !sqlscore__utf8_valid((const char *)in->p + in->pos, (size_t)len))
        return sqlscore__fail(SQLSCORE_EPARSE,
                              "sqlscore_survey_parse: offset %zu: string is not valid UTF-8", at + 4);
    *out = sqlscore__strndup((const char *)in->p + in->pos, (size_t)len);
    if (*out == NULL)
        return SQLSCORE_ENOMEM;
    in->pos += (size_t)len;
    return SQLSCORE_OK;
}

/* Check the configuration the same way the setters do. */
static int serial_check_config(const struct sqlscore__survey_config *c)
{
    const char *why = NULL;
    if (c->min < 0 || c->max > 100 || c->min >= c->max)
        why = "scale";
    else if (c->dmax < c->min || c->pmin <= c->dmax || c->pmin > c->max)
        why = "cut points";
    else if (c->threshold < 3)
        why = "threshold";
    else if (c->missing != SQLSCORE_SURVEY_MISSING_SKIP && c->missing != SQLSCORE_SURVEY_MISSING_PASSIVE)
        why = "missing mode";
    else if (c->rounding != SQLSCORE_ROUND_HALF_EVEN && c->rounding != SQLSCORE_ROUND_HALF_UP)
        why = "rounding mode";
    else if (c->pkind < SQLSCORE_PERIOD_NONE || c->pkind > SQLSCORE_PERIOD_DAYS ||
             (c->pkind == SQLSCORE_PERIOD_DAYS ? (c->pdays < 1 || c->pdays > 3660) : c->pdays != 0))
        why = "period";
    else if (c->dedup != 0 && c->dedup != 1)
        why = "dedup flag";
    else if (!(c->level > 0 && c->level < 1))
        why = "confidence level";
    if (why)
        return sqlscore__fail(SQLSCORE_EPARSE, "sqlscore_survey_parse: offset 16: invalid %s in the configuration",
                              why);
    return SQLSCORE_OK;
}

/* The counts a de-duplication record is part of. */
static uint64_t *serial_rec_hist(sqlscore_survey *s, uint32_t seg, int64_t period)
{
    return s->cfg.pkind == SQLSCORE_PERIOD_NONE ? s->segs[seg].total
                                                : sqlscore__survey_find_bucket(s, seg, period);
}

static int serial_body(struct serial_in *in, sqlscore_survey *s)
{
    size_t H = sqlscore__survey_hlen(&s->cfg), i, v, at;
    uint64_t n, x, nb, nr;
    int rc;

    /* Segments. */
    if ((rc = serial_get(in, 4, &n)) != 0)
        return rc;
    for (i = 0; i < n; i++) {
        char *name;
        uint32_t idx;
        at = in->pos;
        if ((rc = serial_get_str(in, &name)) != 0)
            return rc;
        if (sqlscore__survey_find_seg(s, name, &idx)) {
            sqlscore__free(name);
            return sqlscore__fail(SQLSCORE_EPARSE, "sqlscore_survey_parse: offset %zu: duplicate segment", at);
        }
        rc = sqlscore__survey_intern(s, name, &idx);
        sqlscore__free(name);
        if (rc)
            return rc;
        for (v = 0; v < H; v++) {
            if ((rc = serial_get(in, 8, &x)) != 0)
                return rc;
            s->segs[idx].total[v] = x;
        }
    }
    /* Bounded totals keep every later sum exact and overflow-free (the
     * buckets are checked against the totals below). */
    s->count = sqlscore__survey_total(s);
    if (s->count > SQLSCORE__SURVEY_MAX_COUNT)
        return sqlscore__fail(SQLSCORE_EPARSE, "sqlscore_survey_parse: offset %d: more than 2^53 answers",
                              SERIAL_HEADER);
    /* Buckets. */
    if ((rc = serial_get(in, 4, &nb)) != 0)
        return rc;
    if (nb > 0 && s->cfg.pkind == SQLSCORE_PERIOD_NONE)
        return sqlscore__fail(SQLSCORE_EPARSE, "sqlscore_survey_parse: offset %zu: period buckets without periods",
                              in->pos - 4);
    for (i = 0; i < nb; i++) {
        uint64_t seg, per, *h;
        int64_t start, end;
        at = in->pos;
        if ((rc = serial_get(in, 4, &seg)) != 0 || (rc = serial_get(in, 8, &per)) != 0)
            return rc;
        if (seg >= s->nseg)
            return sqlscore__fail(SQLSCORE_EPARSE, "sqlscore_survey_parse: offset %zu: segment %llu does not exist",
                                  at, (unsigned long long)seg);
        if (sqlscore__period_bounds(s->cfg.pkind, s->cfg.pdays, (int64_t)per, "sqlscore_survey_parse",
                                    &start, &end) != 0 || start != (int64_t)per)
            return sqlscore__fail(SQLSCORE_EPARSE, "sqlscore_survey_parse: offset %zu: %lld is not a period start",
                                  at + 4, (long long)per);
        if (sqlscore__survey_find_bucket(s, (uint32_t)seg, (int64_t)per) != NULL)
            return sqlscore__fail(SQLSCORE_EPARSE, "sqlscore_survey_parse: offset %zu: duplicate bucket", at);
        if ((rc = sqlscore__survey_bucket(s, (uint32_t)seg, (int64_t)per, &h)) != 0)
            return rc;
        for (v = 0; v < H; v++) {
            if ((rc = serial_get(in, 8, &x)) != 0)
                return rc;
            h[v] = x;
        }
    }
    /* With periods the totals must be the sums of the buckets. */
    if (s->cfg.pkind != SQLSCORE_PERIOD_NONE && s->nseg > 0) {
        uint64_t *sum = sqlscore__calloc(s->nseg, H * sizeof *sum);
        int bad = 0;
        size_t b;
        if (sum == NULL)
            return SQLSCORE_ENOMEM;
        for (b = 0; b < s->nbuck; b++)
            for (v = 0; v < H; v++) {
                uint64_t *t = &sum[s->buckets[b].seg * H + v];
                bad |= *t > UINT64_MAX - s->buckets[b].hist[v];
                *t += s->buckets[b].hist[v];
            }
        for (i = 0; i < s->nseg * H; i++)
            bad |= sum[i] != s->segs[i / H].total[i % H];
        sqlscore__free(sum);
        if (bad)
            return sqlscore__fail(SQLSCORE_EPARSE,
                                  "sqlscore_survey_parse: offset %d: segment totals disagree with "
                                  "their periods", SERIAL_HEADER);
    }
    /* Records. */
    if ((rc = serial_get(in, 4, &nr)) != 0)
        return rc;
    if (nr > 0 && !s->cfg.dedup)
        return sqlscore__fail(SQLSCORE_EPARSE, "sqlscore_survey_parse: offset %zu: records without de-duplication",
                              in->pos - 4);
    for (i = 0; i < nr; i++) {
        char *resp;
        uint64_t per, t, seg, val;
        int64_t start, end;
        at = in->pos;
        if ((rc = serial_get_str(in, &resp)) != 0)
            return rc;
        if ((rc = serial_get(in, 8, &per)) != 0 || (rc = serial_get(in, 8, &t)) != 0 ||
            (rc = serial_get(in, 4, &seg)) != 0 || (rc = serial_get(in, 4, &val)) != 0) {
            sqlscore__free(resp);
            return rc;
        }
        rc = SQLSCORE_EPARSE;
        if (seg >= s->nseg || ((int32_t)val < -1 || (int32_t)val >= (int32_t)H - 1))
            sqlscore__fail(rc, "sqlscore_survey_parse: offset %zu: record refers to a bad segment or value", at);
        else if (s->cfg.pkind == SQLSCORE_PERIOD_NONE
                     ? per != 0
                     : (sqlscore__period_bounds(s->cfg.pkind, s->cfg.pdays, (int64_t)t, "sqlscore_survey_parse",
                                                &start, &end) != 0 || start != (int64_t)per))
            sqlscore__fail(rc, "sqlscore_survey_parse: offset %zu: record time and period disagree", at);
        else
            rc = SQLSCORE_OK;
        if (rc == SQLSCORE_OK) {
            /* The record's answer must be among the counts it claims, once
             * per record: each record takes its count out (put back below),
             * so two records cannot share one count, and a later
             * replacement can never take a count below zero. */
            uint64_t *h = serial_rec_hist(s, (uint32_t)seg, (int64_t)per);
            if (h == NULL || h[(int32_t)val < 0 ? H - 1 : (size_t)val] == 0)
                rc = sqlscore__fail(SQLSCORE_EPARSE, "sqlscore_survey_parse: offset %zu: record not counted", at);
            else
                h[(int32_t)val < 0 ? H - 1 : (size_t)val]--;
        }
        if (rc == SQLSCORE_OK) {
            int dup = 0;
            rc = sqlscore__survey_insert_rec(s, resp, (int64_t)per, (int64_t)t, (uint32_t)seg,
                                             (int32_t)val, &dup);
            if (dup)
                rc = sqlscore__fail(SQLSCORE_EPARSE, "sqlscore_survey_parse: offset %zu: duplicate record", at);
        }
        if (rc) {
            sqlscore__free(resp);
            return rc;
        }
    }
    if (in->pos != in->end)
        return sqlscore__fail(SQLSCORE_EPARSE, "sqlscore_survey_parse: offset %zu: %zu unexpected bytes",
                              in->pos, in->end - in->pos);
    for (i = 0; i < s->nrec; i++) {
        const struct sqlscore__survey_rec *r = &s->recs[i];
        serial_rec_hist(s, r->seg, r->period)[r->value < 0 ? H - 1 : (size_t)r->value]++;
    }
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_survey_parse(sqlscore_survey **out, const void *data, size_t size)
{
    static const char fn[] = "sqlscore_survey_parse";
    const unsigned char *p = data;
    struct sqlscore__survey_config cfg;
    struct serial_in in;
    sqlscore_survey *s;
    uint64_t x, len, bits;
    uint32_t crc;
    int rc, i;
    int32_t *fields[10];

    SQLSCORE__CHECK_NULL(out, fn, "out");
    if (data == NULL && size > 0)
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: data is NULL", fn);
    if (size < SERIAL_HEADER + 16 + 4)
        return sqlscore__fail(SQLSCORE_EPARSE, "%s: offset %zu: truncated (%zu bytes, at least %d needed)", fn,
                              size, size, SERIAL_HEADER + 20);
    if (memcmp(p, SERIAL_MAGIC, 4) != 0)
        return sqlscore__fail(SQLSCORE_EPARSE, "%s: offset 0: not a survey aggregate (bad magic)", fn);
    in.p = p;
    in.pos = 4;
    in.end = size;
    serial_get(&in, 2, &x);
    if (x != SERIAL_VERSION)
        return sqlscore__fail(SQLSCORE_EPARSE, "%s: offset 4: unsupported version %llu", fn,
                              (unsigned long long)x);
    serial_get(&in, 2, &x);
    if (x != 0)
        return sqlscore__fail(SQLSCORE_EPARSE, "%s: offset 6: unknown flags 0x%llx", fn, (unsigned long long)x);
    serial_get(&in, 8, &len);
    if (len != size)
        return sqlscore__fail(SQLSCORE_EPARSE, "%s: offset 8: length field says %llu bytes, got %zu%s", fn,
                              (unsigned long long)len, size, len > size ? " (truncated)" : "");
    crc = (uint32_t)p[size - 4] | (uint32_t)p[size - 3] << 8 | (uint32_t)p[size - 2] << 16 |
          (uint32_t)p[size - 1] << 24;
    if (crc != sqlscore__crc32(p, size - 4))
        return sqlscore__fail(SQLSCORE_EPARSE, "%s: offset %zu: checksum mismatch (corrupted data)", fn,
                              size - 4);
    in.end = size - 4;
    fields[0] = &cfg.min;
    fields[1] = &cfg.max;
    fields[2] = &cfg.dmax;
    fields[3] = &cfg.pmin;
    fields[4] = &cfg.threshold;
    fields[5] = &cfg.missing;
    fields[6] = &cfg.rounding;
    fields[7] = &cfg.pkind;
    fields[8] = &cfg.pdays;
    fields[9] = &cfg.dedup;
    for (i = 0; i < 10; i++) {
        serial_get(&in, 4, &x);
        *fields[i] = (int32_t)(uint32_t)x;
    }
    serial_get(&in, 8, &bits);
    memcpy(&cfg.level, &bits, sizeof bits);
    if ((rc = serial_check_config(&cfg)) != 0)
        return rc;
    if ((rc = sqlscore_survey_new(&s)) != 0)
        return rc;
    s->cfg = cfg;
    if ((rc = serial_body(&in, s)) != 0) {
        sqlscore_survey_free(s);
        return rc;
    }
    s->started = 1;
    *out = s;
    return SQLSCORE_OK;
}
