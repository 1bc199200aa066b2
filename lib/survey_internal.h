/*
 * survey_internal.h - shared between the survey module's translation units
 * (enps.c, enps_stats.c, period.c, survey_serial.c, pulse.c).  Never
 * installed.
 */
#ifndef SQLSCORE_SURVEY_INTERNAL_H
#define SQLSCORE_SURVEY_INTERNAL_H

#include "internal.h"

/* ---- calendar (period.c) -------------------------------------------------- */

/* Days since 1970-01-01 of the proleptic Gregorian date y-m-d (m 1..12). */
SQLSCORE__INTERNAL int64_t sqlscore__days_from_civil(int64_t y, int m, int d);
/* Inverse of sqlscore__days_from_civil. */
SQLSCORE__INTERNAL void sqlscore__civil_from_days(int64_t days, int64_t *y, int *m, int *d);

/* The period (kind as SQLSCORE_PERIOD_*, days for SQLSCORE_PERIOD_DAYS)
 * containing Unix time t: writes its first second and the first second
 * after it.  SQLSCORE_ERANGE (with detail naming fn) when a bound does not
 * fit in int64_t; kind must not be SQLSCORE_PERIOD_NONE.  The biweekly pulse
 * cadence is kind SQLSCORE__PERIOD_BIWEEK. */
#define SQLSCORE__PERIOD_BIWEEK 100
SQLSCORE__INTERNAL int sqlscore__period_bounds(int32_t kind, int32_t days, int64_t t,
                                               const char *fn, int64_t *start, int64_t *end);

/* ---- statistics (enps_stats.c) -------------------------------------------- */

/* The standard normal quantile: x with Phi(x) = p, 0 < p < 1, to full double
 * precision. */
SQLSCORE__INTERNAL double sqlscore__norm_quantile(double p);
/* z for a two-sided interval of confidence level (0 < level < 1). */
SQLSCORE__INTERNAL double sqlscore__z_for_level(double level);

struct sqlscore_enps_result {
    uint64_t det, pas, pro;   /* n = det + pas + pro */
    uint64_t skipped;
    int32_t suppressed;
    int32_t rounding;
    double level;
};

/* Allocate a result (never fails except ENOMEM). */
SQLSCORE__INTERNAL int sqlscore__enps_result_make(sqlscore_enps_result **out, uint64_t det,
                                                  uint64_t pas, uint64_t pro, uint64_t skipped,
                                                  int32_t suppressed, double level,
                                                  int32_t rounding);

/* Anonymity with complementary suppression over the groups of one table.
 * n[i] is the size of group i (0 = empty, never hidden, and never used as the
 * complement); total_shown says whether the total is published.  Sets
 * hidden[i] to 1 for every suppressed group. */
SQLSCORE__INTERNAL void sqlscore__suppress(const uint64_t *n, size_t count, uint64_t threshold,
                                           int total_shown, unsigned char *hidden);

/* ---- CRC-32 (survey_serial.c) --------------------------------------------- */

/* CRC-32 as in ISO-HDLC / zlib (reflected polynomial 0xEDB88320, initial and
 * final XOR 0xFFFFFFFF); crc of "123456789" is 0xCBF43926. */
SQLSCORE__INTERNAL uint32_t sqlscore__crc32(const void *data, size_t n);

/* ---- the aggregator (enps.c) ------------------------------------------------ */

struct sqlscore__survey_config {
    int32_t min, max;       /* answer scale */
    int32_t dmax, pmin;     /* detractors min..dmax, promoters pmin..max */
    int32_t threshold;      /* anonymity */
    int32_t missing;        /* SQLSCORE_SURVEY_MISSING_* */
    int32_t rounding;       /* SQLSCORE_ROUND_* */
    int32_t pkind, pdays;   /* SQLSCORE_PERIOD_*, window length */
    int32_t dedup;          /* 0 or 1 */
    double level;           /* confidence level */
};

/* Histogram length: one slot per answer value, then one for missing. */
static inline size_t sqlscore__survey_hlen(const struct sqlscore__survey_config *c)
{
    return (size_t)(c->max - c->min) + 2;
}

struct sqlscore__survey_seg {
    char *name;
    uint64_t *total;        /* histogram over all periods */
};

struct sqlscore__survey_bucket {
    uint32_t seg;
    int64_t period;         /* start of the period, Unix seconds */
    uint64_t *hist;
};

/* A de-duplication record: the answer counted for (respondent, period). */
struct sqlscore__survey_rec {
    char *resp;
    int64_t period;
    int64_t time;
    uint32_t seg;
    int32_t value;          /* histogram index, -1 for missing */
};

struct sqlscore__survey_index {
    uint32_t *slots;        /* item index + 1, 0 = empty */
    size_t cap;             /* power of two, >= 2 x items */
};

struct sqlscore_survey {
    struct sqlscore__survey_config cfg;
    int started;            /* an answer was added: configuration frozen */
    uint64_t count;         /* the sum of all totals, at most SQLSCORE__SURVEY_MAX_COUNT */
    struct sqlscore__survey_seg *segs;
    size_t nseg, segcap, names_borrowed;
    struct sqlscore__survey_bucket *buckets;
    size_t nbuck, buckcap;
    int64_t *periods;       /* distinct bucket periods, ascending */
    size_t nper, percap;
    struct sqlscore__survey_rec *recs;
    size_t nrec, reccap;
    struct sqlscore__survey_index segidx, buckidx, recidx;
};

SQLSCORE__INTERNAL void sqlscore__survey_config_default(struct sqlscore__survey_config *c);
SQLSCORE__INTERNAL int sqlscore__survey_config_equal(const struct sqlscore__survey_config *a,
                                                     const struct sqlscore__survey_config *b);
SQLSCORE__INTERNAL uint64_t sqlscore__survey_seg_hash(const char *name);
/* 1 and *idx if a segment has that name, else 0. */
SQLSCORE__INTERNAL int sqlscore__survey_find_seg(const sqlscore_survey *s, const char *name,
                                                 uint32_t *idx);
SQLSCORE__INTERNAL uint64_t *sqlscore__survey_find_bucket(const sqlscore_survey *s, uint32_t seg,
                                                          int64_t period);
/* Find or create a segment / a (segment, period) bucket; on failure nothing
 * changed. */
SQLSCORE__INTERNAL int sqlscore__survey_intern(sqlscore_survey *s, const char *name, uint32_t *idx);
SQLSCORE__INTERNAL int sqlscore__survey_bucket(sqlscore_survey *s, uint32_t seg, int64_t period,
                                               uint64_t **out);
SQLSCORE__INTERNAL int sqlscore__survey_beats(int64_t t1, int32_t v1, const char *n1, int64_t t2,
                                              int32_t v2, const char *n2);
SQLSCORE__INTERNAL void sqlscore__survey_count(sqlscore_survey *s, uint32_t seg, int64_t period,
                                               size_t v, int sign);
/* Append a de-duplication record taking ownership of resp (on success);
 * *dup = 1 and SQLSCORE_EEXIST when (resp, period) is already recorded. */
SQLSCORE__INTERNAL int sqlscore__survey_insert_rec(sqlscore_survey *s, char *resp, int64_t period,
                                                   int64_t time, uint32_t seg, int32_t value,
                                                   int *dup);
/* Answers an aggregator may hold in all: up to 2^53 every count and sum
 * of counts is exact as a double and far from uint64 overflow. */
#define SQLSCORE__SURVEY_MAX_COUNT (UINT64_C(1) << 53)
/* All counts of s (answers and missing), saturating at UINT64_MAX. */
SQLSCORE__INTERNAL uint64_t sqlscore__survey_total(const sqlscore_survey *s);
/* Merge src into c (a private copy, discarded by the caller on failure). */
SQLSCORE__INTERNAL int sqlscore__survey_merge_into(sqlscore_survey *c, const sqlscore_survey *src);

#endif
