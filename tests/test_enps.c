/*
 * test_enps.c - the eNPS aggregator: configuration, single and batch adds,
 * periods and calendar arithmetic, de-duplication, results and anonymity,
 * trends, merging on random splits, allocation failures.
 */
#include "testutil.h"
#include "survey_internal.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#define NT SQLSCORE_SURVEY_ALL_TIME
#define DAY INT64_C(86400)

static sqlscore_survey *fresh(void)
{
    sqlscore_survey *s = NULL;
    ck_assert_ok(sqlscore_survey_new(&s));
    return s;
}

/* Counts of a segment (NULL = total) in a period (NT = all). */
static void counts(const sqlscore_survey *s, const char *seg, int64_t period, uint64_t *d, uint64_t *p,
                   uint64_t *q, uint64_t *skipped)
{
    sqlscore_enps_result *r = NULL;
    ck_assert_ok(sqlscore_survey_result(s, seg, period, &r));
    ck_assert_ok(sqlscore_enps_result_n(r, NULL, skipped, NULL));
    ck_assert_ok(sqlscore_enps_result_counts(r, d, p, q));
    sqlscore_enps_result_free(r);
}

static int32_t rounded(const sqlscore_survey *s, const char *seg, int64_t period)
{
    sqlscore_enps_result *r = NULL;
    int32_t v = 9999;
    ck_assert_ok(sqlscore_survey_result(s, seg, period, &r));
    ck_assert_ok(sqlscore_enps_result_score(r, NULL, &v));
    sqlscore_enps_result_free(r);
    return v;
}

/* Serialized bytes as an exact picture of the state ("unchanged" checks). */
static void *snapshot(const sqlscore_survey *s, size_t *n)
{
    void *b = NULL;
    ck_assert_ok(sqlscore_survey_serialize(s, &b, n));
    return b;
}

static void assert_same_state(const sqlscore_survey *s, const void *b, size_t n)
{
    size_t m;
    void *c = snapshot(s, &m);
    ck_assert_uint_eq(m, n);
    ck_assert(memcmp(b, c, n) == 0);
    sqlscore_buffer_free(c);
}

START_TEST(default_scale_counts_every_value)
{
    sqlscore_survey *s = fresh();
    uint64_t d, p, q, sk;
    int v;
    /* One answer per value 0..10: detractors 0-6 (7), passives 7-8 (2),
     * promoters 9-10 (2); eNPS = 100 (2 - 7) / 11 = -45.45 -> -45. */
    for (v = 0; v <= 10; v++)
        ck_assert_ok(sqlscore_survey_add(s, v, "Sales", NT, NULL));
    counts(s, "Sales", NT, &d, &p, &q, &sk);
    ck_assert_uint_eq(d, 7);
    ck_assert_uint_eq(p, 2);
    ck_assert_uint_eq(q, 2);
    ck_assert_uint_eq(sk, 0);
    ck_assert_int_eq(rounded(s, "Sales", NT), -45);
    ck_assert_int_eq(rounded(s, NULL, NT), -45);
    sqlscore_survey_free(s);
    sqlscore_survey_free(NULL);
}
END_TEST

START_TEST(bad_answers_counted_nowhere)
{
    sqlscore_survey *s = fresh();
    uint64_t n;
    sqlscore_enps_result *r = NULL;
    ck_assert_ok(sqlscore_survey_add(s, 9, "A", NT, NULL));
    ck_assert_status(sqlscore_survey_add(s, 7.5, "A", NT, NULL), SQLSCORE_EINVAL, "not an integer");
    ck_assert_status(sqlscore_survey_add(s, 11, "A", NT, NULL), SQLSCORE_EINVAL, "outside the scale 0..10");
    ck_assert_status(sqlscore_survey_add(s, -1, "A", NT, NULL), SQLSCORE_EINVAL, "outside");
    ck_assert_status(sqlscore_survey_add(s, NAN, "A", NT, NULL), SQLSCORE_EINVAL, "NaN");
    ck_assert_status(sqlscore_survey_add(s, INFINITY, "A", NT, NULL), SQLSCORE_EINVAL, "infinite");
    ck_assert_status(sqlscore_survey_add(s, 5, "\xC3", NT, NULL), SQLSCORE_EINVAL, "segment is not valid UTF-8");
    ck_assert_status(sqlscore_survey_add(s, 5, "B", NT, "\xFF"), SQLSCORE_EINVAL, "respondent");
    ck_assert_status(sqlscore_survey_add(NULL, 5, "A", NT, NULL), SQLSCORE_EINVAL, "survey is NULL");
    ck_assert_ok(sqlscore_survey_result(s, NULL, NT, &r));
    ck_assert_ok(sqlscore_enps_result_n(r, &n, NULL, NULL));
    ck_assert_uint_eq(n, 1);
    sqlscore_enps_result_free(r);
    /* The failed calls created no segment either. */
    ck_assert_status(sqlscore_survey_result(s, "B", NT, &r), SQLSCORE_ENOTFOUND, "no segment named 'B'");
    sqlscore_survey_free(s);
}
END_TEST

START_TEST(other_scales)
{
    sqlscore_survey *s = fresh();
    uint64_t d, p, q, sk;
    int v;
    /* 1-10: detractors 1-6 (6), passives 2, promoters 2 -> -40; 0 refused. */
    ck_assert_ok(sqlscore_survey_set_scale(s, 1, 10, 6, 9));
    ck_assert_status(sqlscore_survey_add(s, 0, NULL, NT, NULL), SQLSCORE_EINVAL, "outside the scale 1..10");
    for (v = 1; v <= 10; v++)
        ck_assert_ok(sqlscore_survey_add(s, v, NULL, NT, NULL));
    counts(s, "", NT, &d, &p, &q, &sk);
    ck_assert_uint_eq(d, 6);
    ck_assert_uint_eq(p, 2);
    ck_assert_uint_eq(q, 2);
    ck_assert_int_eq(rounded(s, NULL, NT), -40);
    sqlscore_survey_free(s);

    /* 5-point: 1-2 detractors, 3-4 passives, 5 promoters. 1,2,3,4,5,5 ->
     * 2/2/2, eNPS 0. */
    s = fresh();
    ck_assert_ok(sqlscore_survey_set_scale(s, 1, 5, 2, 5));
    for (v = 1; v <= 5; v++)
        ck_assert_ok(sqlscore_survey_add(s, v, "x", NT, NULL));
    ck_assert_ok(sqlscore_survey_add(s, 5, "x", NT, NULL));
    counts(s, "x", NT, &d, &p, &q, &sk);
    ck_assert_uint_eq(d, 2);
    ck_assert_uint_eq(p, 2);
    ck_assert_uint_eq(q, 2);
    ck_assert_int_eq(rounded(s, "x", NT), 0);
    sqlscore_survey_free(s);

    /* A scale with no passives: 0-1, 0 = detractor, 1 = promoter. */
    s = fresh();
    ck_assert_ok(sqlscore_survey_set_scale(s, 0, 1, 0, 1));
    ck_assert_ok(sqlscore_survey_set_threshold(s, 3));
    for (v = 0; v < 3; v++)
        ck_assert_ok(sqlscore_survey_add(s, 1, NULL, NT, NULL));
    counts(s, NULL, NT, &d, &p, &q, &sk);
    ck_assert_uint_eq(q, 3);
    ck_assert_uint_eq(p, 0);
    sqlscore_survey_free(s);
}
END_TEST

START_TEST(configuration_rules)
{
    sqlscore_survey *s = fresh();
    uint32_t idx;
    ck_assert_status(sqlscore_survey_set_scale(s, 5, 5, 5, 5), SQLSCORE_ERANGE, "min < max");
    ck_assert_status(sqlscore_survey_set_scale(s, -1, 10, 6, 9), SQLSCORE_ERANGE, "0 <= min");
    ck_assert_status(sqlscore_survey_set_scale(s, 0, 101, 6, 9), SQLSCORE_ERANGE, "<= 100");
    ck_assert_status(sqlscore_survey_set_scale(s, 0, 10, 9, 9), SQLSCORE_ERANGE, "cut points 9/9");
    ck_assert_status(sqlscore_survey_set_scale(s, 0, 10, 6, 11), SQLSCORE_ERANGE, "cut points");
    ck_assert_status(sqlscore_survey_set_threshold(s, 2), SQLSCORE_ERANGE, "below 3");
    ck_assert_ok(sqlscore_survey_set_threshold(s, 3));
    ck_assert_status(sqlscore_survey_set_missing(s, 2), SQLSCORE_EINVAL, "unknown mode");
    ck_assert_status(sqlscore_survey_set_rounding(s, 5), SQLSCORE_EINVAL, "unknown mode");
    ck_assert_status(sqlscore_survey_set_confidence(s, NAN), SQLSCORE_EINVAL, "NaN");
    ck_assert_status(sqlscore_survey_set_confidence(s, INFINITY), SQLSCORE_EINVAL, "infinite");
    ck_assert_status(sqlscore_survey_set_confidence(s, 1.0), SQLSCORE_ERANGE, "between 0 and 1");
    ck_assert_status(sqlscore_survey_set_period(s, 9, 0), SQLSCORE_EINVAL, "unknown period kind");
    ck_assert_status(sqlscore_survey_set_period(s, SQLSCORE_PERIOD_DAYS, 0), SQLSCORE_ERANGE, "1..3660");
    ck_assert_status(sqlscore_survey_set_period(s, SQLSCORE_PERIOD_MONTH, 3), SQLSCORE_EINVAL, "days must be 0");
    ck_assert_status(sqlscore_survey_set_dedup(s, 2), SQLSCORE_EINVAL, "0 or 1");
    ck_assert_status(sqlscore_survey_set_dedup(NULL, 1), SQLSCORE_EINVAL, "survey is NULL");
    /* Interning segments before configuring is fine, even a new scale size. */
    ck_assert_ok(sqlscore_survey_segment(s, "Ops", &idx));
    ck_assert_uint_eq(idx, 0);
    ck_assert_ok(sqlscore_survey_set_scale(s, 1, 5, 2, 5));
    ck_assert_ok(sqlscore_survey_add(s, 5, "Ops", NT, NULL));
    ck_assert_status(sqlscore_survey_set_scale(s, 0, 10, 6, 9), SQLSCORE_ESTATE, "fixed once answers");
    ck_assert_status(sqlscore_survey_set_threshold(s, 5), SQLSCORE_ESTATE, "fixed");
    ck_assert_status(sqlscore_survey_set_missing(s, 1), SQLSCORE_ESTATE, "fixed");
    ck_assert_status(sqlscore_survey_set_confidence(s, 0.9), SQLSCORE_ESTATE, "fixed");
    ck_assert_status(sqlscore_survey_set_rounding(s, 1), SQLSCORE_ESTATE, "fixed");
    ck_assert_status(sqlscore_survey_set_period(s, 1, 0), SQLSCORE_ESTATE, "fixed");
    ck_assert_status(sqlscore_survey_set_dedup(s, 1), SQLSCORE_ESTATE, "fixed");
    ck_assert_status(sqlscore_survey_new(NULL), SQLSCORE_EINVAL, "out is NULL");
    sqlscore_survey_free(s);
}
END_TEST

START_TEST(missing_answers_both_modes)
{
    sqlscore_survey *s = fresh();
    uint64_t d, p, q, sk;
    /* 9, 10, 3, 8, 7 plus two skips: skip mode n = 5 (1 det, 2 pas, 2 pro),
     * eNPS 20; passive mode n = 7 (1/4/2), eNPS 100/7 = 14.29 -> 14. */
    static const int a[] = { 9, 10, 3, 8, 7 };
    int i;
    for (i = 0; i < 5; i++)
        ck_assert_ok(sqlscore_survey_add(s, a[i], "T", NT, NULL));
    ck_assert_ok(sqlscore_survey_add_missing(s, "T", NT, NULL));
    ck_assert_ok(sqlscore_survey_add_missing(s, "T", NT, NULL));
    counts(s, "T", NT, &d, &p, &q, &sk);
    ck_assert_uint_eq(d, 1);
    ck_assert_uint_eq(p, 2);
    ck_assert_uint_eq(q, 2);
    ck_assert_uint_eq(sk, 2);
    ck_assert_int_eq(rounded(s, "T", NT), 20);
    ck_assert_status(sqlscore_survey_add_missing(NULL, "T", NT, NULL), SQLSCORE_EINVAL, "NULL");
    sqlscore_survey_free(s);

    s = fresh();
    ck_assert_ok(sqlscore_survey_set_missing(s, SQLSCORE_SURVEY_MISSING_PASSIVE));
    for (i = 0; i < 5; i++)
        ck_assert_ok(sqlscore_survey_add(s, a[i], "T", NT, NULL));
    ck_assert_ok(sqlscore_survey_add_missing(s, "T", NT, NULL));
    ck_assert_ok(sqlscore_survey_add_missing(s, "T", NT, NULL));
    counts(s, "T", NT, &d, &p, &q, &sk);
    ck_assert_uint_eq(d, 1);
    ck_assert_uint_eq(p, 4);
    ck_assert_uint_eq(q, 2);
    ck_assert_uint_eq(sk, 0);
    ck_assert_int_eq(rounded(s, "T", NT), 14);
    sqlscore_survey_free(s);
}
END_TEST

START_TEST(rounding_mode_on_the_aggregator)
{
    /* 101 promoters and 99 passives: 50.5 -> 50 (half-even), 51 (half-up). */
    sqlscore_survey *a = fresh(), *b = fresh();
    int i;
    ck_assert_ok(sqlscore_survey_set_rounding(b, SQLSCORE_ROUND_HALF_UP));
    for (i = 0; i < 200; i++) {
        ck_assert_ok(sqlscore_survey_add(a, i < 101 ? 10 : 8, NULL, NT, NULL));
        ck_assert_ok(sqlscore_survey_add(b, i < 101 ? 10 : 8, NULL, NT, NULL));
    }
    ck_assert_int_eq(rounded(a, NULL, NT), 50);
    ck_assert_int_eq(rounded(b, NULL, NT), 51);
    sqlscore_survey_free(a);
    sqlscore_survey_free(b);
}
END_TEST

static uint64_t rng_state;
static uint32_t rng(void)
{
    /* xorshift64*, fixed seeds per test: reproducible "random" data. */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return (uint32_t)((rng_state * UINT64_C(2685821657736338717)) >> 32);
}

START_TEST(batch_matches_single_adds)
{
    enum { N = 5003, SEGS = 7 };
    sqlscore_survey *a = fresh(), *b = fresh();
    uint8_t *ans = malloc(N);
    uint32_t *seg = malloc(N * sizeof *seg);
    char name[16];
    size_t i, bad = 77;
    uint32_t idx;
    rng_state = 42;
    for (i = 0; i < SEGS; i++) {
        snprintf(name, sizeof name, "team-%zu", i);
        ck_assert_ok(sqlscore_survey_segment(a, name, &idx));
        ck_assert_uint_eq(idx, i);
    }
    for (i = 0; i < N; i++) {
        uint32_t r = rng();
        ans[i] = r % 13 == 12 ? SQLSCORE_SURVEY_MISSING_U8 : (uint8_t)(r % 11);
        seg[i] = (r >> 8) % SEGS;
        snprintf(name, sizeof name, "team-%u", seg[i]);
        if (ans[i] == SQLSCORE_SURVEY_MISSING_U8)
            ck_assert_ok(sqlscore_survey_add_missing(b, name, NT, NULL));
        else
            ck_assert_ok(sqlscore_survey_add(b, ans[i], name, NT, NULL));
    }
    ck_assert_ok(sqlscore_survey_add_batch(a, ans, N, seg, NULL, NULL, &bad));
    ck_assert_uint_eq(bad, 77); /* untouched on success */
    for (i = 0; i < SEGS; i++) {
        uint64_t c1[4], c2[4];
        snprintf(name, sizeof name, "team-%zu", i);
        counts(a, name, NT, &c1[0], &c1[1], &c1[2], &c1[3]);
        counts(b, name, NT, &c2[0], &c2[1], &c2[2], &c2[3]);
        ck_assert(memcmp(c1, c2, sizeof c1) == 0);
        ck_assert_uint_gt(c1[0] + c1[1] + c1[2], 500);
        ck_assert_uint_gt(c1[3], 10);
    }
    free(ans);
    free(seg);
    sqlscore_survey_free(a);
    sqlscore_survey_free(b);
}
END_TEST

/* Sets element i of a width-byte index array. */
static void set_index(void *seg, size_t width, size_t i, uint32_t v)
{
    if (width == 1)
        ((uint8_t *)seg)[i] = (uint8_t)v;
    else if (width == 2)
        ((uint16_t *)seg)[i] = (uint16_t)v;
    else
        ((uint32_t *)seg)[i] = v;
}

/* sqlscore_survey_add_batch_width: 1-, 2- and 4-byte segment indices
 * count what per-answer adds count (with and without periods, with 7
 * segments and with 5,000, where the kernel counts into one table), a bad
 * index or answer is reported at its position under this function's name
 * and counts nothing, and a width other than 1, 2 or 4 is refused. */
START_TEST(batch_width_one_two_four)
{
    enum { N = 5003 };
    static const size_t widths[3] = { 1, 2, 4 };
    static const uint32_t nsegs[2] = { 7, 5000 };
    uint8_t *ans = malloc(N);
    void *seg[3];
    int64_t *tm = malloc(N * sizeof *tm);
    char name[16];
    size_t i, w, g, bad;
    seg[0] = malloc(N);
    seg[1] = malloc(N * 2);
    seg[2] = malloc(N * 4);
    for (g = 0; g < 2; g++) {
        uint32_t segs = nsegs[g];
        int periods;
        rng_state = 4242 + g;
        for (i = 0; i < N; i++) {
            uint32_t r = rng();
            ans[i] = r % 13 == 12 ? SQLSCORE_SURVEY_MISSING_U8 : (uint8_t)(r % 11);
            for (w = 0; w < 3; w++)
                set_index(seg[w], widths[w], i, (r >> 8) % segs);
            tm[i] = 1767225600 + (int64_t)(r % 90) * DAY;    /* 2026-01-01 + 0..89 days */
        }
        for (periods = 0; periods < 2; periods++) {
            /* the reference: one answer at a time */
            sqlscore_survey *ref = fresh();
            if (periods)
                ck_assert_ok(sqlscore_survey_set_period(ref, SQLSCORE_PERIOD_MONTH, 0));
            for (i = 0; i < segs; i++) {
                snprintf(name, sizeof name, "t%zu", i);
                ck_assert_ok(sqlscore_survey_segment(ref, name, NULL));
            }
            for (i = 0; i < N; i++) {
                int64_t t = periods ? tm[i] : NT;
                snprintf(name, sizeof name, "t%u", ((const uint32_t *)seg[2])[i]);
                if (ans[i] == SQLSCORE_SURVEY_MISSING_U8)
                    ck_assert_ok(sqlscore_survey_add_missing(ref, name, t, NULL));
                else
                    ck_assert_ok(sqlscore_survey_add(ref, ans[i], name, t, NULL));
            }
            for (w = segs > 256; w < 3; w++) {      /* 1 byte holds 256 segments */
                sqlscore_survey *s = fresh();
                void *before, *got, *exp;
                size_t n0, ng, ne;
                uint8_t keep_ans = ans[4500];
                uint32_t keep_seg = ((const uint32_t *)seg[2])[4000];
                if (periods)
                    ck_assert_ok(sqlscore_survey_set_period(s, SQLSCORE_PERIOD_MONTH, 0));
                for (i = 0; i < segs; i++) {
                    snprintf(name, sizeof name, "t%zu", i);
                    ck_assert_ok(sqlscore_survey_segment(s, name, NULL));
                }
                before = snapshot(s, &n0);
                /* an index never interned at 4000 (in the spare row of 8
                 * for 7 segments, 8192 rows for 5000), an answer of 11 at
                 * 4500: the counting path reports a bad answer first, the
                 * path with periods the first bad element; then the index */
                set_index(seg[w], widths[w], 4000, segs);
                ans[4500] = 11;
                bad = 0;
                if (!periods) {
                    ck_assert_status(sqlscore_survey_add_batch_width(s, ans, N, seg[w], widths[w],
                                                                     NULL, NULL, &bad),
                                     SQLSCORE_EINVAL,
                                     "sqlscore_survey_add_batch_width: answer 11 at index 4500 is "
                                     "outside the scale 0..10");
                    ck_assert_uint_eq(bad, 4500);
                }
                ans[4500] = keep_ans;
                ck_assert_status(sqlscore_survey_add_batch_width(s, ans, N, seg[w], widths[w],
                                                                 periods ? tm : NULL, NULL, &bad),
                                 SQLSCORE_EINVAL, "sqlscore_survey_add_batch_width: segment index");
                ck_assert_uint_eq(bad, 4000);
                ck_assert_msg(strstr(sqlscore_error_message(), segs == 7 ? "index 7 at index 4000"
                                                                         : "index 5000 at index 4000")
                                  != NULL, "%s", sqlscore_error_message());
                set_index(seg[w], widths[w], 4000, keep_seg);
                assert_same_state(s, before, n0);
                sqlscore_buffer_free(before);
                /* the good batch counts what the reference counted */
                ck_assert_ok(sqlscore_survey_add_batch_width(s, ans, N, seg[w], widths[w],
                                                             periods ? tm : NULL, NULL, &bad));
                got = snapshot(s, &ng);
                exp = snapshot(ref, &ne);
                ck_assert_uint_eq(ng, ne);
                ck_assert(memcmp(got, exp, ng) == 0);
                sqlscore_buffer_free(got);
                sqlscore_buffer_free(exp);
                sqlscore_survey_free(s);
            }
            sqlscore_survey_free(ref);
        }
    }
    {
        /* widths other than 1, 2, 4: refused even for an empty batch */
        sqlscore_survey *s = fresh();
        static const size_t nope[] = { 0, 3, 8 };
        for (w = 0; w < 3; w++) {
            char want[64];
            snprintf(want, sizeof want, "index width %zu is not 1, 2 or 4", nope[w]);
            ck_assert_status(sqlscore_survey_add_batch_width(s, ans, N, seg[0], nope[w], NULL, NULL,
                                                             NULL),
                             SQLSCORE_EINVAL, want);
            ck_assert_status(sqlscore_survey_add_batch_width(s, NULL, 0, NULL, nope[w], NULL, NULL,
                                                             NULL),
                             SQLSCORE_EINVAL, want);
        }
        /* NULL indices: all in the "" segment, any valid width */
        ck_assert_ok(sqlscore_survey_add_batch_width(s, ans, N, NULL, 1, NULL, NULL, NULL));
        {
            uint64_t d, p, q, sk;
            counts(s, "", NT, &d, &p, &q, &sk);
            ck_assert_uint_eq(d + p + q + sk, N);
        }
        sqlscore_survey_free(s);
    }
    free(ans);
    free(tm);
    for (w = 0; w < 3; w++)
        free(seg[w]);
}
END_TEST

/* The 4 partial tables count in 16 bits and are added into the totals
 * every 261,824 answers: 1,048,583 answers all in one slot (segment 1,
 * answer 9), then one slot of each table in turn, must count exactly,
 * with every index width. */
START_TEST(batch_one_slot_crosses_the_16_bit_chunks)
{
    enum { N = (1 << 20) + 7 };
    uint8_t *ans = malloc(N), *s8 = malloc(N);
    size_t i, w;
    ck_assert_ptr_nonnull(ans);
    ck_assert_ptr_nonnull(s8);
    memset(ans, 9, N);
    memset(s8, 1, N);
    for (w = 0; w < 2; w++) {
        sqlscore_survey *s = fresh();
        uint64_t d, p, q, sk;
        ck_assert_ok(sqlscore_survey_segment(s, "A", NULL));
        ck_assert_ok(sqlscore_survey_segment(s, "B", NULL));
        if (w == 1)   /* every 4th answer a detractor in A: one table's slot */
            for (i = 0; i < N; i += 4) {
                ans[i] = 0;
                s8[i] = 0;
            }
        ck_assert_ok(sqlscore_survey_add_batch_width(s, ans, N, s8, 1, NULL, NULL, NULL));
        counts(s, "B", NT, &d, &p, &q, &sk);
        ck_assert_uint_eq(d, 0);
        ck_assert_uint_eq(p, 0);
        ck_assert_uint_eq(q, w == 0 ? (uint64_t)N : (uint64_t)N - (N + 3) / 4);
        counts(s, "A", NT, &d, &p, &q, &sk);
        ck_assert_uint_eq(d, w == 0 ? 0 : (uint64_t)(N + 3) / 4);
        ck_assert_uint_eq(p + q + sk, 0);
        sqlscore_survey_free(s);
    }
    free(ans);
    free(s8);
}
END_TEST

START_TEST(batch_many_segments_single_table)
{
    /* 5000 segments x 16 slots exceed the 4-partial-table limit: the kernel
     * counts into one table, and must count every answer once. */
    enum { N = 30011, SEGS = 5000 };
    sqlscore_survey *a = fresh();
    uint8_t *ans = malloc(N);
    uint32_t *seg = malloc(N * sizeof *seg);
    uint64_t want[SEGS][3], d, p, q, sk;
    char name[16];
    size_t i;
    rng_state = 99;
    memset(want, 0, sizeof want);
    for (i = 0; i < SEGS; i++) {
        snprintf(name, sizeof name, "g%zu", i);
        ck_assert_ok(sqlscore_survey_segment(a, name, NULL));
    }
    ck_assert_ok(sqlscore_survey_set_threshold(a, 3));
    for (i = 0; i < N; i++) {
        uint32_t r = rng();
        ans[i] = (uint8_t)(r % 11);
        seg[i] = (r >> 8) % 7 == 0 ? SEGS - 1 : (r >> 8) % SEGS;
        want[seg[i]][ans[i] <= 6 ? 0 : ans[i] <= 8 ? 1 : 2]++;
    }
    ck_assert_ok(sqlscore_survey_add_batch(a, ans, N, seg, NULL, NULL, NULL));
    counts(a, "g4999", NT, &d, &p, &q, &sk);
    ck_assert(d == want[SEGS - 1][0] && p == want[SEGS - 1][1] && q == want[SEGS - 1][2]);
    ck_assert_uint_gt(d + p + q, N / 7);
    counts(a, NULL, NT, &d, &p, &q, &sk);
    ck_assert_uint_eq(d + p + q, N);
    {
        /* bad input in the one-table loop: an answer in an unused slot
         * (13), then an index in a spare row (8192 rows for 5000
         * segments); neither batch counts anything */
        size_t bad = 0;
        ans[N - 2] = 13;
        ck_assert_status(sqlscore_survey_add_batch(a, ans, N, seg, NULL, NULL, &bad),
                         SQLSCORE_EINVAL, "answer 13 at index 30009 is outside the scale 0..10");
        ck_assert_uint_eq(bad, N - 2);
        ans[N - 2] = 0;
        seg[N - 3] = 6000;
        ck_assert_status(sqlscore_survey_add_batch(a, ans, N, seg, NULL, NULL, &bad),
                         SQLSCORE_EINVAL, "segment index 6000 at index 30008 was never interned");
        ck_assert_uint_eq(bad, N - 3);
        counts(a, NULL, NT, &d, &p, &q, &sk);
        ck_assert_uint_eq(d + p + q, N);
    }
    free(ans);
    free(seg);
    sqlscore_survey_free(a);
}
END_TEST

START_TEST(batch_is_all_or_nothing)
{
    sqlscore_survey *s = fresh();
    uint8_t ans[9] = { 9, 10, 3, 255, 11, 7, 200, 0, 1 };
    uint32_t seg[9] = { 0, 0, 1, 1, 0, 0, 1, 5, 0 };
    size_t bad = 0, n0;
    void *before;
    uint32_t idx;
    ck_assert_ok(sqlscore_survey_set_threshold(s, 3));
    ck_assert_ok(sqlscore_survey_segment(s, "A", &idx));
    ck_assert_ok(sqlscore_survey_segment(s, "B", &idx));
    ck_assert_ok(sqlscore_survey_add(s, 9, "A", NT, NULL));
    before = snapshot(s, &n0);
    /* Answer 11 at index 4 is the first bad element. */
    ck_assert_status(sqlscore_survey_add_batch(s, ans, 9, seg, NULL, NULL, &bad), SQLSCORE_EINVAL,
                     "answer 11 at index 4 is outside");
    ck_assert_uint_eq(bad, 4);
    assert_same_state(s, before, n0);
    /* Fix the answers: now segment 5 at index 7 was never interned. */
    ans[4] = 8;
    ans[6] = 2;
    ck_assert_status(sqlscore_survey_add_batch(s, ans, 9, seg, NULL, NULL, &bad), SQLSCORE_EINVAL,
                     "segment index 5 at index 7");
    ck_assert_uint_eq(bad, 7);
    assert_same_state(s, before, n0);
    /* Also with the index in the unrolled part of the loop. */
    seg[7] = 1;
    seg[1] = 9;
    ck_assert_status(sqlscore_survey_add_batch(s, ans, 9, seg, NULL, NULL, &bad), SQLSCORE_EINVAL,
                     "segment index 9 at index 1");
    ck_assert_uint_eq(bad, 1);
    assert_same_state(s, before, n0);
    seg[1] = 0;
    ck_assert_ok(sqlscore_survey_add_batch(s, ans, 9, seg, NULL, NULL, NULL));
    {
        /* A: 9 (earlier) + 9, 10, 8, 7, 1 -> det 1, pas 2, pro 3; B: 3, skip,
         * 2, 0 -> det 3, skipped 1. */
        uint64_t d, p, q, sk;
        counts(s, "A", NT, &d, &p, &q, &sk);
        ck_assert_uint_eq(d, 1);
        ck_assert_uint_eq(p, 2);
        ck_assert_uint_eq(q, 3);
        ck_assert_uint_eq(sk, 0);
        counts(s, "B", NT, &d, &p, &q, &sk);
        ck_assert_uint_eq(d, 3);
        ck_assert_uint_eq(q, 0);
        ck_assert_uint_eq(sk, 1);
    }
    ck_assert_ok(sqlscore_survey_add_batch(s, NULL, 0, NULL, NULL, NULL, NULL));
    ck_assert_status(sqlscore_survey_add_batch(s, NULL, 3, NULL, NULL, NULL, NULL), SQLSCORE_EINVAL,
                     "answers is NULL");
    sqlscore_buffer_free(before);
    sqlscore_survey_free(s);
}
END_TEST

START_TEST(batch_wide_scale_and_no_segments)
{
    /* Scale 0..100 (stride 128): 100 is a promoter (>= 90), 255 missing;
     * without segment indices everything goes to the "" segment. */
    sqlscore_survey *s = fresh();
    uint8_t ans[6] = { 100, 0, 255, 95, 60, 89 };
    size_t bad = 0;
    uint64_t d, p, q, sk;
    ck_assert_ok(sqlscore_survey_set_scale(s, 0, 100, 60, 90));
    ck_assert_ok(sqlscore_survey_add_batch(s, ans, 6, NULL, NULL, NULL, NULL));
    counts(s, "", NT, &d, &p, &q, &sk);
    ck_assert_uint_eq(d, 2);
    ck_assert_uint_eq(p, 1);
    ck_assert_uint_eq(q, 2);
    ck_assert_uint_eq(sk, 1);
    ans[1] = 101;
    ck_assert_status(sqlscore_survey_add_batch(s, ans, 6, NULL, NULL, NULL, &bad), SQLSCORE_EINVAL,
                     "index 1");
    ck_assert_uint_eq(bad, 1);
    sqlscore_survey_free(s);

    /* A scale starting above 0: 0 is below it. */
    s = fresh();
    ck_assert_ok(sqlscore_survey_set_scale(s, 1, 10, 6, 9));
    ans[0] = 5;
    ans[1] = 0;
    ck_assert_status(sqlscore_survey_add_batch(s, ans, 2, NULL, NULL, NULL, &bad), SQLSCORE_EINVAL,
                     "answer 0 at index 1");
    sqlscore_survey_free(s);
}
END_TEST

/* The batch counts blocks of 64 answers and checks the scale afterwards
 * from the largest answer + 1 and the slots no valid answer uses: a bad
 * answer at every position of the first blocks and of the tail, with and
 * without segments, with every out-of-scale value class (an unused slot
 * 11..14, 15 on the missing slot, 16 and more aliasing a valid slot
 * under the mask, 127, 128, 254), must be found,
 * reported at its index, and leave the survey unchanged; a bad answer
 * anywhere is reported before a bad segment index. */
START_TEST(batch_scale_check_finds_every_bad_answer)
{
    enum { N = 203 };
    static const uint8_t bads[] = { 11, 12, 14, 15, 16, 26, 31, 126, 127, 128, 200, 254 };
    uint8_t ans[N];
    uint32_t seg[N];
    size_t i, pos, b, bad;
    uint32_t idx;
    for (i = 0; i < N; i++) {
        ans[i] = i % 13 == 0 ? 255 : (uint8_t)(i % 11);
        seg[i] = (uint32_t)(i % 2);
    }
    for (pos = 0; pos < N; pos += (pos < 24 || pos > N - 10) ? 1 : 17) {
        for (b = 0; b < sizeof bads; b++) {
            int withseg;
            for (withseg = 0; withseg < 2; withseg++) {
                sqlscore_survey *s = fresh();
                void *before;
                size_t n0;
                uint8_t keep = ans[pos];
                char want[64];
                ck_assert_ok(sqlscore_survey_segment(s, "A", &idx));
                ck_assert_ok(sqlscore_survey_segment(s, "B", &idx));
                before = snapshot(s, &n0);
                ans[pos] = bads[b];
                snprintf(want, sizeof want, "answer %u at index %zu is outside", bads[b], pos);
                bad = 9999;
                ck_assert_status(sqlscore_survey_add_batch(s, ans, N, withseg ? seg : NULL, NULL,
                                                           NULL, &bad),
                                 SQLSCORE_EINVAL, want);
                ck_assert_uint_eq(bad, pos);
                assert_same_state(s, before, n0);
                ans[pos] = keep;
                sqlscore_buffer_free(before);
                sqlscore_survey_free(s);
            }
        }
    }
    {
        /* all valid: 203 answers, 16 missing (i % 13 == 0); the others
         * i % 11: detractors 0..6, passives 7..8, promoters 9..10 */
        sqlscore_survey *s = fresh();
        uint64_t d, p, q, sk, wd = 0, wp = 0, wq = 0, wsk = 0;
        for (i = 0; i < N; i++) {
            if (ans[i] == 255)
                wsk++;
            else if (ans[i] <= 6)
                wd++;
            else if (ans[i] <= 8)
                wp++;
            else
                wq++;
        }
        ck_assert_uint_eq(wsk, 16);
        ck_assert_ok(sqlscore_survey_add_batch(s, ans, N, NULL, NULL, NULL, NULL));
        counts(s, "", NT, &d, &p, &q, &sk);
        ck_assert_uint_eq(d, wd);
        ck_assert_uint_eq(p, wp);
        ck_assert_uint_eq(q, wq);
        ck_assert_uint_eq(sk, wsk);
        ck_assert_uint_eq(d + p + q + sk, N);
        sqlscore_survey_free(s);
    }
    {
        /* a bad segment index early, a bad answer late: the answer */
        sqlscore_survey *s = fresh();
        ck_assert_ok(sqlscore_survey_segment(s, "A", &idx));
        ck_assert_ok(sqlscore_survey_segment(s, "B", &idx));
        seg[3] = 7;
        ans[180] = 99;
        ck_assert_status(sqlscore_survey_add_batch(s, ans, N, seg, NULL, NULL, &bad),
                         SQLSCORE_EINVAL, "answer 99 at index 180");
        ck_assert_uint_eq(bad, 180);
        ans[180] = 5;
        ck_assert_status(sqlscore_survey_add_batch(s, ans, N, seg, NULL, NULL, &bad),
                         SQLSCORE_EINVAL, "segment index 7 at index 3");
        ck_assert_uint_eq(bad, 3);
        seg[3] = 1;
        sqlscore_survey_free(s);
    }
    {
        /* no segment interned yet: a bad answer is still reported first */
        sqlscore_survey *s = fresh();
        ans[150] = 130;
        ck_assert_status(sqlscore_survey_add_batch(s, ans, N, seg, NULL, NULL, &bad),
                         SQLSCORE_EINVAL, "answer 130 at index 150");
        ans[150] = 5;
        ck_assert_status(sqlscore_survey_add_batch(s, ans, N, seg, NULL, NULL, &bad),
                         SQLSCORE_EINVAL, "segment index 0 at index 0 was never interned");
        sqlscore_survey_free(s);
    }
    {
        /* the widest scale (0..100) in the word test; a scale from 1 is
         * checked by its own pass: 0 is below it */
        sqlscore_survey *s = fresh();
        ck_assert_ok(sqlscore_survey_set_scale(s, 0, 100, 60, 90));
        ans[100] = 101;
        ck_assert_status(sqlscore_survey_add_batch(s, ans, N, NULL, NULL, NULL, &bad),
                         SQLSCORE_EINVAL, "answer 101 at index 100 is outside the scale 0..100");
        ans[100] = 100;
        ck_assert_ok(sqlscore_survey_add_batch(s, ans, N, NULL, NULL, NULL, &bad));
        sqlscore_survey_free(s);
        s = fresh();
        ck_assert_ok(sqlscore_survey_set_scale(s, 1, 10, 7, 9));
        ans[100] = 5;
        ck_assert_status(sqlscore_survey_add_batch(s, ans, N, NULL, NULL, NULL, &bad),
                         SQLSCORE_EINVAL, "answer 0 at index 11 is outside the scale 1..10");
        ck_assert_uint_eq(bad, 11);    /* ans[0] is 255 (missing), ans[11] is 11 % 11 */
        sqlscore_survey_free(s);
    }
}
END_TEST

/* With 3 segments the counting tables have 4 rows: index 3 passes the
 * loop's range test and lands in the spare row, which is checked after;
 * it must be reported like any index never interned, first one first,
 * and count nothing.  141 answers: two blocks of 64 and a tail. */
START_TEST(batch_segment_index_in_the_spare_row)
{
    enum { N = 141 };
    uint8_t ans[N];
    uint32_t seg[N], idx;
    size_t i, pos, bad;
    for (i = 0; i < N; i++) {
        ans[i] = (uint8_t)(i % 11);
        seg[i] = (uint32_t)(i % 3);
    }
    for (pos = 0; pos < N; pos++) {
        sqlscore_survey *s = fresh();
        void *before;
        size_t n0;
        char want[64];
        ck_assert_ok(sqlscore_survey_segment(s, "A", &idx));
        ck_assert_ok(sqlscore_survey_segment(s, "B", &idx));
        ck_assert_ok(sqlscore_survey_segment(s, "C", &idx));
        before = snapshot(s, &n0);
        seg[pos] = 3;
        if (pos + 5 < N)
            seg[pos + 5] = 4;   /* beyond the tables, later: not the one reported */
        snprintf(want, sizeof want, "segment index 3 at index %zu was never interned", pos);
        ck_assert_status(sqlscore_survey_add_batch(s, ans, N, seg, NULL, NULL, &bad),
                         SQLSCORE_EINVAL, want);
        ck_assert_uint_eq(bad, pos);
        assert_same_state(s, before, n0);
        seg[pos] = (uint32_t)(pos % 3);
        if (pos + 5 < N)
            seg[pos + 5] = (uint32_t)((pos + 5) % 3);
        sqlscore_buffer_free(before);
        sqlscore_survey_free(s);
    }
    {
        /* an index beyond the tables first, then a spare-row one */
        sqlscore_survey *s = fresh();
        ck_assert_ok(sqlscore_survey_segment(s, "A", &idx));
        ck_assert_ok(sqlscore_survey_segment(s, "B", &idx));
        ck_assert_ok(sqlscore_survey_segment(s, "C", &idx));
        seg[10] = 1000;
        seg[30] = 3;
        ck_assert_status(sqlscore_survey_add_batch(s, ans, N, seg, NULL, NULL, &bad),
                         SQLSCORE_EINVAL, "segment index 1000 at index 10");
        ck_assert_uint_eq(bad, 10);
        seg[10] = 1;
        seg[30] = 0;
        ck_assert_ok(sqlscore_survey_add_batch(s, ans, N, seg, NULL, NULL, &bad));
        sqlscore_survey_free(s);
    }
}
END_TEST

/* A batch of 49,157 answers (not a multiple of the counting loop's
 * blocks): a bad answer far after a bad segment
 * index is still the one reported, a bad answer at the very end is found
 * with and without segments, nothing refused is counted, and the counts
 * of the good batch match a count by hand. */
START_TEST(batch_large_bad_input_reported_in_order)
{
    enum { STEP = 16384, N = 3 * STEP + 5 };   /* 49,157 */
    uint8_t *ans = malloc(N);
    uint32_t *seg = malloc(N * sizeof *seg), idx;
    size_t i, bad, n0;
    sqlscore_survey *s = fresh();
    void *before;
    uint64_t d, p, q, sk;
    ck_assert_ptr_nonnull(ans);
    ck_assert_ptr_nonnull(seg);
    for (i = 0; i < N; i++) {
        ans[i] = (uint8_t)(i % 11);
        seg[i] = (uint32_t)(i % 2);
    }
    ck_assert_ok(sqlscore_survey_segment(s, "A", &idx));
    ck_assert_ok(sqlscore_survey_segment(s, "B", &idx));
    before = snapshot(s, &n0);
    seg[100] = 2;
    ans[2 * STEP + 7] = 11;
    ck_assert_status(sqlscore_survey_add_batch(s, ans, N, seg, NULL, NULL, &bad),
                     SQLSCORE_EINVAL, "answer 11 at index 32775 is outside");
    ck_assert_uint_eq(bad, 2 * STEP + 7);
    assert_same_state(s, before, n0);
    ans[2 * STEP + 7] = 0;
    ck_assert_status(sqlscore_survey_add_batch(s, ans, N, seg, NULL, NULL, &bad),
                     SQLSCORE_EINVAL, "segment index 2 at index 100");
    seg[100] = 0;
    ans[N - 1] = 200;               /* the very last answer */
    ck_assert_status(sqlscore_survey_add_batch(s, ans, N, seg, NULL, NULL, &bad),
                     SQLSCORE_EINVAL, "answer 200 at index 49156");
    ck_assert_uint_eq(bad, N - 1);
    ck_assert_status(sqlscore_survey_add_batch(s, ans, N, NULL, NULL, NULL, &bad),
                     SQLSCORE_EINVAL, "answer 200 at index 49156");
    assert_same_state(s, before, n0);
    ans[N - 1] = (uint8_t)((N - 1) % 11);
    ck_assert_ok(sqlscore_survey_add_batch(s, ans, N, seg, NULL, NULL, &bad));
    /* A gets the even indices, B the odd ones: count each by hand */
    {
        uint64_t wd = 0, wp = 0, wq = 0;
        for (i = 0; i < N; i += 2) {
            unsigned v = (unsigned)(i % 11);
            wd += v <= 6;
            wp += v == 7 || v == 8;
            wq += v >= 9;
        }
        counts(s, "A", NT, &d, &p, &q, &sk);
        ck_assert_uint_eq(d, wd);
        ck_assert_uint_eq(p, wp);
        ck_assert_uint_eq(q, wq);
        ck_assert_uint_eq(sk, 0);
        ck_assert_uint_eq(d + p + q, (N + 1) / 2);
    }
    sqlscore_buffer_free(before);
    sqlscore_survey_free(s);
    free(ans);
    free(seg);
}
END_TEST

START_TEST(civil_dates)
{
    int64_t d, y;
    int m, dd;
    ck_assert_int_eq(sqlscore__days_from_civil(1970, 1, 1), 0);
    ck_assert_int_eq(sqlscore__days_from_civil(1969, 12, 31), -1);
    ck_assert_int_eq(sqlscore__days_from_civil(2000, 3, 1), 11017);
    ck_assert_int_eq(sqlscore__days_from_civil(2400, 2, 29), 157113);
    ck_assert_int_eq(sqlscore__days_from_civil(1, 1, 1), -719162);
    /* Round trip over +-2200 years, stepping through every month length. */
    for (d = -800000; d <= 800000; d += 13) {
        sqlscore__civil_from_days(d, &y, &m, &dd);
        ck_assert(m >= 1 && m <= 12 && dd >= 1 && dd <= 31);
        ck_assert_int_eq(sqlscore__days_from_civil(y, m, dd), d);
    }
    sqlscore__civil_from_days(-1, &y, &m, &dd);
    ck_assert(y == 1969 && m == 12 && dd == 31);
    sqlscore__civil_from_days(11016, &y, &m, &dd); /* the day before 2000-03-01 */
    ck_assert(y == 2000 && m == 2 && dd == 29);
    sqlscore__civil_from_days(-25508, &y, &m, &dd); /* 1900 is not a leap year */
    ck_assert(y == 1900 && m == 3 && dd == 1);
}
END_TEST

static void period_is(sqlscore_survey *s, int64_t t, int64_t start, int64_t end)
{
    int64_t a = 1, b = 1;
    ck_assert_ok(sqlscore_survey_period_of(s, t, &a, &b));
    ck_assert_msg(a == start && b == end, "t=%lld: [%lld, %lld), expected [%lld, %lld)", (long long)t,
                  (long long)a, (long long)b, (long long)start, (long long)end);
}

START_TEST(periods_utc)
{
    /* Expected bounds from Python's datetime (an independent calendar). */
    sqlscore_survey *s = fresh();
    ck_assert_status(sqlscore_survey_period_of(s, 0, NULL, NULL), SQLSCORE_EINVAL, "no periods");
    ck_assert_ok(sqlscore_survey_set_period(s, SQLSCORE_PERIOD_ISO_WEEK, 0));
    period_is(s, 1767225600, 1766966400, 1767571200);     /* Thu 2026-01-01 -> Mon 2025-12-29 */
    period_is(s, 1766966400, 1766966400, 1767571200);     /* the Monday itself */
    period_is(s, 1766966399, 1766361600, 1766966400);     /* one second before */
    period_is(s, 1609668000, 1609113600, 1609718400);     /* Sun 2021-01-03, ISO 2020-W53 */
    period_is(s, -3600, -259200, 345600);                 /* 1969-12-31 23:00 */
    sqlscore_survey_free(s);

    s = fresh();
    ck_assert_ok(sqlscore_survey_set_period(s, SQLSCORE_PERIOD_MONTH, 0));
    period_is(s, 1709208000, 1706745600, 1709251200);     /* 2024-02-29 12:00: leap February */
    period_is(s, -1, -2678400, 0);                        /* December 1969 */
    sqlscore_survey_free(s);

    s = fresh();
    ck_assert_ok(sqlscore_survey_set_period(s, SQLSCORE_PERIOD_QUARTER, 0));
    period_is(s, 1795878000, 1790812800, 1798761600);     /* 2026-11-28 -> Q4 */
    sqlscore_survey_free(s);

    s = fresh();
    ck_assert_ok(sqlscore_survey_set_period(s, SQLSCORE_PERIOD_DAYS, 7));
    period_is(s, 0, 0, 7 * DAY);
    period_is(s, -1, -7 * DAY, 0);
    period_is(s, 20 * DAY + 5, 14 * DAY, 21 * DAY);
    /* The last period does not fit in int64 seconds. */
    ck_assert_status(sqlscore_survey_period_of(s, INT64_MAX, NULL, NULL), SQLSCORE_ERANGE, "outside the int64");
    ck_assert_status(sqlscore_survey_add(s, 5, NULL, INT64_MAX, NULL), SQLSCORE_ERANGE, "outside");
    ck_assert_status(sqlscore_survey_add(s, 5, NULL, NT, NULL), SQLSCORE_EINVAL, "need a time");
    sqlscore_survey_free(s);
}
END_TEST

START_TEST(results_per_period_and_listing)
{
    sqlscore_survey *s = fresh();
    const int64_t w1 = 1766966400, w2 = w1 + 7 * DAY, w3 = w1 + 14 * DAY;
    size_t n;
    int64_t st;
    uint64_t d, p, q, sk;
    const char *name;
    ck_assert_ok(sqlscore_survey_set_period(s, SQLSCORE_PERIOD_ISO_WEEK, 0));
    ck_assert_ok(sqlscore_survey_set_threshold(s, 3));
    /* Added out of order: the period list is sorted. */
    ck_assert_ok(sqlscore_survey_add(s, 10, "A", w3 + 100, NULL));
    ck_assert_ok(sqlscore_survey_add(s, 0, "A", w1 + 5, NULL));
    ck_assert_ok(sqlscore_survey_add(s, 9, "B", w1 + 6 * DAY, NULL));
    ck_assert_ok(sqlscore_survey_add(s, 9, "B", w1 + 6 * DAY, NULL));
    ck_assert_ok(sqlscore_survey_add(s, 9, "B", w1 + 6 * DAY, NULL));
    ck_assert_ok(sqlscore_survey_add(s, 8, "A", w1 + 1, NULL));
    ck_assert_ok(sqlscore_survey_period_count(s, &n));
    ck_assert_uint_eq(n, 2);
    ck_assert_ok(sqlscore_survey_period_at(s, 0, &st));
    ck_assert_int_eq(st, w1);
    ck_assert_ok(sqlscore_survey_period_at(s, 1, &st));
    ck_assert_int_eq(st, w3);
    ck_assert_status(sqlscore_survey_period_at(s, 2, &st), SQLSCORE_ENOTFOUND, "index 2 of 2");
    ck_assert_ok(sqlscore_survey_segment_count(s, &n));
    ck_assert_uint_eq(n, 2);
    ck_assert_ok(sqlscore_survey_segment_name(s, 1, &name));
    ck_assert_str_eq(name, "B");
    ck_assert_status(sqlscore_survey_segment_name(s, 2, &name), SQLSCORE_ENOTFOUND, "index 2");
    /* Week 1 overall: A 0, 8 and B 9, 9, 9 -> 1/1/3; any time inside the
     * week selects it.  (A, 2 answers, is hidden there, and B with it.) */
    counts(s, NULL, w1 + 3 * DAY, &d, &p, &q, &sk);
    ck_assert(d == 1 && p == 1 && q == 3);
    /* Week 2 has no answers: n = 0 and an undefined score. */
    {
        sqlscore_enps_result *r = NULL;
        uint64_t nn;
        ck_assert_ok(sqlscore_survey_result(s, NULL, w2, &r));
        ck_assert_ok(sqlscore_enps_result_n(r, &nn, NULL, NULL));
        ck_assert_uint_eq(nn, 0);
        ck_assert_status(sqlscore_enps_result_score(r, NULL, NULL), SQLSCORE_EUNDEFINED, "n = 0");
        sqlscore_enps_result_free(r);
    }
    /* All time: A has 10, 0, 8. */
    counts(s, "A", NT, &d, &p, &q, &sk);
    ck_assert(d == 1 && p == 1 && q == 1);
    ck_assert_status(sqlscore_survey_result(s, "Z", NT, NULL), SQLSCORE_EINVAL, "out is NULL");
    sqlscore_survey_free(s);

    s = fresh();
    {
        sqlscore_enps_result *r = NULL;
        ck_assert_status(sqlscore_survey_result(s, NULL, 12345, &r), SQLSCORE_EINVAL, "no periods");
        ck_assert_ok(sqlscore_survey_period_count(s, &n));
        ck_assert_uint_eq(n, 0);
    }
    sqlscore_survey_free(s);
}
END_TEST

START_TEST(rolling_windows_over_daily_periods)
{
    /* Daily periods from M = 2026-01-05 00:00 UTC; on day i one answer:
     * promoter if i % 3 == 0, detractor if 1, passive if 2; plus one extra
     * promoter on day 5.
     * Days 10..39: 10 / 10 / 10 -> eNPS 0.
     * Days 0..29: 10 detractors, 10 passives, 11 promoters -> 100 / 31.
     * A window starting one second after day 10's midnight skips day 10 (a
     * detractor): 9 / 10 / 10 -> 100 / 29. */
    sqlscore_survey *s = fresh();
    const int64_t M = 1767571200;
    sqlscore_enps_result *r = NULL;
    uint64_t d, p, q;
    double e;
    int i;
    ck_assert_ok(sqlscore_survey_set_period(s, SQLSCORE_PERIOD_DAYS, 1));
    for (i = 0; i < 40; i++)
        ck_assert_ok(sqlscore_survey_add(s, i % 3 == 0 ? 10 : i % 3 == 1 ? 2 : 7, "T", M + i * DAY + 3600, NULL));
    ck_assert_ok(sqlscore_survey_add(s, 9, "T", M + 5 * DAY, NULL));
    ck_assert_ok(sqlscore_survey_result_range(s, "T", M + 10 * DAY, M + 40 * DAY, &r));
    ck_assert_ok(sqlscore_enps_result_counts(r, &d, &p, &q));
    ck_assert(d == 10 && p == 10 && q == 10);
    sqlscore_enps_result_free(r);
    ck_assert_ok(sqlscore_survey_result_range(s, NULL, M, M + 30 * DAY, &r));
    ck_assert_ok(sqlscore_enps_result_score(r, &e, NULL));
    ck_assert(fabs(e - 100.0 / 31) < 1e-12);
    sqlscore_enps_result_free(r);
    ck_assert_ok(sqlscore_survey_result_range(s, "T", M + 10 * DAY + 1, M + 40 * DAY, &r));
    ck_assert_ok(sqlscore_enps_result_counts(r, &d, &p, &q));
    ck_assert(d == 9 && p == 10 && q == 10);
    sqlscore_enps_result_free(r);
    ck_assert_status(sqlscore_survey_result_range(s, "T", M, M, &r), SQLSCORE_EINVAL, "empty range");
    ck_assert_status(sqlscore_survey_result_range(s, "X", M, M + 1, &r), SQLSCORE_ENOTFOUND, "no segment");
    sqlscore_survey_free(s);
    s = fresh();
    ck_assert_status(sqlscore_survey_result_range(s, NULL, 0, 1, &r), SQLSCORE_EINVAL, "no periods");
    sqlscore_survey_free(s);
}
END_TEST

/* Add `n` copies of answer a to segment seg. */
static void add_n(sqlscore_survey *s, const char *seg, int a, int n, int64_t t)
{
    while (n-- > 0)
        ck_assert_ok(sqlscore_survey_add(s, a, seg, t, NULL));
}

static int32_t is_suppressed(const sqlscore_survey *s, const char *seg, int64_t period, uint64_t *n)
{
    sqlscore_enps_result *r = NULL;
    int32_t sup = -1;
    ck_assert_ok(sqlscore_survey_result(s, seg, period, &r));
    ck_assert_ok(sqlscore_enps_result_n(r, n, NULL, &sup));
    if (sup)
        ck_assert_status(sqlscore_enps_result_score(r, NULL, NULL), SQLSCORE_ESUPPRESSED, "anonymity");
    sqlscore_enps_result_free(r);
    return sup;
}

START_TEST(anonymity_with_complementary_suppression)
{
    sqlscore_survey *s = fresh();
    uint64_t n;
    /* Sales 10, Legal 3, Support 8 (threshold 5): Legal is hidden, and
     * Support too, or Legal = total - Sales - Support. */
    add_n(s, "Sales", 9, 10, NT);
    add_n(s, "Legal", 0, 3, NT);
    add_n(s, "Support", 7, 8, NT);
    ck_assert_int_eq(is_suppressed(s, "Sales", NT, &n), 0);
    ck_assert_uint_eq(n, 10);
    ck_assert_int_eq(is_suppressed(s, "Legal", NT, &n), 1);
    ck_assert_uint_eq(n, 3); /* n is still reported */
    ck_assert_int_eq(is_suppressed(s, "Support", NT, &n), 1);
    ck_assert_uint_eq(n, 8);
    ck_assert_int_eq(is_suppressed(s, NULL, NT, &n), 0);
    ck_assert_uint_eq(n, 21);
    ck_assert_int_eq(rounded(s, NULL, NT), 33); /* (10 - 3) / 21 = 33.3 */
    /* A second small group: two hidden, their sum is all that leaks; the
     * complement is no longer needed. */
    add_n(s, "HR", 10, 2, NT);
    ck_assert_int_eq(is_suppressed(s, "Support", NT, &n), 0);
    ck_assert_int_eq(is_suppressed(s, "HR", NT, &n), 1);
    ck_assert_int_eq(is_suppressed(s, "Legal", NT, &n), 1);
    sqlscore_survey_free(s);

    /* The total itself under the threshold. */
    s = fresh();
    add_n(s, "A", 9, 4, NT);
    ck_assert_int_eq(is_suppressed(s, NULL, NT, &n), 1);
    ck_assert_int_eq(is_suppressed(s, "A", NT, &n), 1);
    sqlscore_survey_free(s);

    /* Per period: a team that is large over the quarter can be small in a
     * week. */
    s = fresh();
    ck_assert_ok(sqlscore_survey_set_period(s, SQLSCORE_PERIOD_ISO_WEEK, 0));
    add_n(s, "A", 9, 6, 1766966400);
    add_n(s, "B", 9, 2, 1766966400);
    add_n(s, "B", 9, 6, 1767571200);
    add_n(s, "C", 3, 9, 1766966400);
    ck_assert_int_eq(is_suppressed(s, "B", 1766966400, &n), 1);
    ck_assert_int_eq(is_suppressed(s, "A", 1766966400, &n), 1); /* the complement (6 < 9) */
    ck_assert_int_eq(is_suppressed(s, "C", 1766966400, &n), 0);
    ck_assert_int_eq(is_suppressed(s, "B", NT, &n), 0);
    ck_assert_uint_eq(n, 8);
    sqlscore_survey_free(s);
}
END_TEST

START_TEST(dedup_keeps_latest_per_period)
{
    sqlscore_survey *s = fresh();
    const int64_t w = 1766966400;
    uint64_t d, p, q, sk;
    ck_assert_ok(sqlscore_survey_set_period(s, SQLSCORE_PERIOD_ISO_WEEK, 0));
    ck_assert_ok(sqlscore_survey_set_dedup(s, 1));
    ck_assert_ok(sqlscore_survey_set_threshold(s, 3));
    ck_assert_ok(sqlscore_survey_add(s, 3, "A", w + 100, "alice"));
    ck_assert_ok(sqlscore_survey_add(s, 10, "A", w + 200, "alice"));  /* replaces the 3 */
    ck_assert_ok(sqlscore_survey_add(s, 0, "A", w + 150, "alice"));   /* older: ignored */
    ck_assert_ok(sqlscore_survey_add(s, 8, "B", w + 300, "bob"));
    ck_assert_ok(sqlscore_survey_add(s, 7, "B", w + 7 * DAY, "bob")); /* next week: its own */
    add_n(s, "A", 1, 3, w + 10);                                      /* anonymous: always */
    add_n(s, "B", 7, 2, w + 10);
    /* Week w: A 10, 1, 1, 1 and B 8, 7, 7. */
    counts(s, NULL, w, &d, &p, &q, &sk);
    ck_assert(d == 3 && p == 3 && q == 1);
    counts(s, NULL, NT, &d, &p, &q, &sk);
    ck_assert(d == 3 && p == 4 && q == 1);
    /* A respondent moving team in the same week: the answer moves too. */
    ck_assert_ok(sqlscore_survey_add(s, 9, "B", w + 400, "alice"));
    counts(s, "B", w, &d, &p, &q, &sk);
    ck_assert(d == 0 && p == 3 && q == 1);
    counts(s, "A", w, &d, &p, &q, &sk);
    ck_assert(d == 3 && p == 0 && q == 0);
    /* A later skip replaces an answer (counted as skipped). */
    ck_assert_ok(sqlscore_survey_add_missing(s, "B", w + 500, "bob"));
    {
        sqlscore_enps_result *r = NULL;
        uint64_t n;
        ck_assert_ok(sqlscore_survey_result(s, "B", w, &r));
        ck_assert_ok(sqlscore_enps_result_n(r, &n, &sk, NULL));
        ck_assert_uint_eq(n, 3); /* 7, 7, 9 */
        ck_assert_uint_eq(sk, 1);
        sqlscore_enps_result_free(r);
    }
    sqlscore_survey_free(s);

    /* Without periods, de-duplicated answers need a time. */
    s = fresh();
    ck_assert_ok(sqlscore_survey_set_dedup(s, 1));
    ck_assert_ok(sqlscore_survey_set_threshold(s, 3));
    ck_assert_status(sqlscore_survey_add(s, 5, NULL, NT, "x"), SQLSCORE_EINVAL, "need a time");
    ck_assert_ok(sqlscore_survey_add(s, 5, NULL, NT, NULL));
    ck_assert_ok(sqlscore_survey_add(s, 5, NULL, NT, NULL));
    ck_assert_ok(sqlscore_survey_add(s, 5, NULL, 10, "x"));
    ck_assert_ok(sqlscore_survey_add(s, 9, NULL, 5, "x"));
    counts(s, NULL, NT, &d, &p, &q, &sk);
    ck_assert(d == 3 && q == 0); /* x's 9 at t = 5 lost to its 5 at t = 10 */
    sqlscore_survey_free(s);
}
END_TEST

START_TEST(batch_with_periods_and_respondents)
{
    enum { N = 400 };
    sqlscore_survey *a = fresh(), *b = fresh();
    uint8_t ans[N];
    uint32_t seg[N];
    int64_t t[N];
    char ids[N][8];
    const char *resp[N];
    size_t i, bad = 0, n0;
    void *snap;
    rng_state = 7;
    ck_assert_ok(sqlscore_survey_set_period(a, SQLSCORE_PERIOD_MONTH, 0));
    ck_assert_ok(sqlscore_survey_set_period(b, SQLSCORE_PERIOD_MONTH, 0));
    ck_assert_ok(sqlscore_survey_set_dedup(a, 1));
    ck_assert_ok(sqlscore_survey_set_dedup(b, 1));
    ck_assert_ok(sqlscore_survey_segment(a, "x", NULL));
    ck_assert_ok(sqlscore_survey_segment(a, "y", NULL));
    for (i = 0; i < N; i++) {
        uint32_t r = rng();
        ans[i] = (uint8_t)(r % 11);
        seg[i] = (r >> 4) & 1;
        t[i] = 1700000000 + (int64_t)(r >> 8) % (200 * DAY);
        snprintf(ids[i], sizeof ids[i], "p%u", (r >> 20) % 60);
        resp[i] = (r >> 12) % 5 == 0 ? NULL : ids[i];
        ck_assert_ok(sqlscore_survey_add(b, ans[i], seg[i] ? "y" : "x", t[i], resp[i]));
    }
    ck_assert_status(sqlscore_survey_add_batch(a, ans, N, seg, NULL, resp, &bad), SQLSCORE_EINVAL,
                     "times are required");
    snap = snapshot(a, &n0);
    ans[N - 1] = 12;
    ck_assert_status(sqlscore_survey_add_batch(a, ans, N, seg, t, resp, &bad), SQLSCORE_EINVAL,
                     "answer 12 at index 399");
    ck_assert_uint_eq(bad, N - 1);
    ans[N - 1] = 2;
    t[5] = INT64_MAX;
    ck_assert_status(sqlscore_survey_add_batch(a, ans, N, seg, t, resp, &bad), SQLSCORE_ERANGE,
                     "at index 5");
    ck_assert_uint_eq(bad, 5);
    assert_same_state(a, snap, n0);
    t[5] = 1700000000 + 100;
    /* Redo b's element 5 and 399 the way a sees them now. */
    sqlscore_survey_free(b);
    b = fresh();
    ck_assert_ok(sqlscore_survey_set_period(b, SQLSCORE_PERIOD_MONTH, 0));
    ck_assert_ok(sqlscore_survey_set_dedup(b, 1));
    for (i = 0; i < N; i++)
        ck_assert_ok(sqlscore_survey_add(b, ans[i], seg[i] ? "y" : "x", t[i], resp[i]));
    ck_assert_ok(sqlscore_survey_add_batch(a, ans, N, seg, t, resp, &bad));
    {
        size_t np, k;
        ck_assert_ok(sqlscore_survey_period_count(a, &np));
        ck_assert_uint_ge(np, 6);
        for (k = 0; k < np; k++) {
            int64_t st;
            uint64_t c1[4], c2[4];
            ck_assert_ok(sqlscore_survey_period_at(a, k, &st));
            sqlscore_enps_result *r1 = NULL, *r2 = NULL;
            ck_assert_ok(sqlscore_survey_result(a, "x", st, &r1));
            ck_assert_ok(sqlscore_survey_result(b, "x", st, &r2));
            ck_assert_ok(sqlscore_enps_result_n(r1, &c1[0], &c1[1], NULL));
            ck_assert_ok(sqlscore_enps_result_n(r2, &c2[0], &c2[1], NULL));
            ck_assert_uint_eq(c1[0], c2[0]);
            sqlscore_enps_result_free(r1);
            sqlscore_enps_result_free(r2);
            counts(a, NULL, st, &c1[0], &c1[1], &c1[2], &c1[3]);
            counts(b, NULL, st, &c2[0], &c2[1], &c2[2], &c2[3]);
            ck_assert(memcmp(c1, c2, sizeof c1) == 0);
        }
    }
    sqlscore_buffer_free(snap);
    sqlscore_survey_free(a);
    sqlscore_survey_free(b);
}
END_TEST

START_TEST(trend_between_periods)
{
    sqlscore_survey *s = fresh();
    const int64_t m1 = 1790812800, m2 = 1793491200, m3 = 1796083200; /* Oct, Nov, Dec 2026 */
    double ch, p, d2, p2;
    int32_t sig;
    sqlscore_enps_result *a = NULL, *b = NULL;
    ck_assert_ok(sqlscore_survey_set_period(s, SQLSCORE_PERIOD_MONTH, 0));
    /* Oct: 2/3/5 (30); Nov: 4/4/2 (-20); Dec: 10 promoters + 1 passive. */
    add_n(s, "T", 0, 2, m1);
    add_n(s, "T", 7, 3, m1);
    add_n(s, "T", 9, 5, m1);
    add_n(s, "T", 0, 4, m2);
    add_n(s, "T", 7, 4, m2);
    add_n(s, "T", 9, 2, m2);
    add_n(s, "T", 9, 10, m3 + 5);
    add_n(s, "T", 8, 1, m3 + 5);
    ck_assert_status(sqlscore_survey_trend(s, "T", 0, &ch, &p, &sig), SQLSCORE_EUNDEFINED, "no previous");
    ck_assert_status(sqlscore_survey_trend(s, "T", 3, &ch, &p, &sig), SQLSCORE_ENOTFOUND, "index 3 of 3");
    ck_assert_status(sqlscore_survey_trend(s, "Q", 1, &ch, &p, &sig), SQLSCORE_ENOTFOUND, "no segment");
    /* Nov vs Oct: -50 points, p = 0.14380606632000253 (see test_enps_stats). */
    ck_assert_ok(sqlscore_survey_trend(s, "T", 1, &ch, &p, &sig));
    ck_assert(fabs(ch + 50) < 1e-12);
    ck_assert(fabs(p - 0.14380606632000253) < 1e-14);
    ck_assert_int_eq(sig, 0);
    /* Dec vs Nov equals the comparison of the two monthly results. */
    ck_assert_ok(sqlscore_survey_trend(s, NULL, 2, &ch, &p, &sig));
    ck_assert_ok(sqlscore_survey_result(s, NULL, m3, &a));
    ck_assert_ok(sqlscore_survey_result(s, NULL, m2, &b));
    ck_assert_ok(sqlscore_enps_compare(a, b, &d2, NULL, NULL, NULL, &p2));
    ck_assert(ch == d2 && p == p2);
    ck_assert(fabs(ch - (100.0 * 10 / 11 + 20)) < 1e-12);
    ck_assert(p < 0.05);
    ck_assert_int_eq(sig, 1);
    sqlscore_enps_result_free(a);
    sqlscore_enps_result_free(b);
    /* A suppressed month blocks the trend. */
    add_n(s, "U", 9, 2, m1);
    add_n(s, "U", 9, 6, m2);
    ck_assert_status(sqlscore_survey_trend(s, "U", 1, &ch, &p, &sig), SQLSCORE_ESUPPRESSED, "anonymity");
    ck_assert_status(sqlscore_survey_trend(s, "U", 2, &ch, &p, &sig), SQLSCORE_EUNDEFINED, "n = 0");
    sqlscore_survey_free(s);
}
END_TEST

/* ---- merging -------------------------------------------------------------------- */

struct ans {
    int a;          /* -1 = missing */
    char seg[8];
    int64_t t;
    char resp[8];
    int has_resp;
};

static void feed(sqlscore_survey *s, const struct ans *x)
{
    const char *r = x->has_resp ? x->resp : NULL;
    if (x->a < 0)
        ck_assert_ok(sqlscore_survey_add_missing(s, x->seg, x->t, r));
    else
        ck_assert_ok(sqlscore_survey_add(s, x->a, x->seg, x->t, r));
}

static sqlscore_survey *configured(int dedup)
{
    sqlscore_survey *s = fresh();
    ck_assert_ok(sqlscore_survey_set_period(s, SQLSCORE_PERIOD_ISO_WEEK, 0));
    ck_assert_ok(sqlscore_survey_set_dedup(s, dedup));
    return s;
}

/* Every segment x period figure of a and b is the same. */
static void assert_same_results(const sqlscore_survey *a, const sqlscore_survey *b)
{
    size_t ns, np, i, k;
    size_t nsb, npb;
    ck_assert_ok(sqlscore_survey_segment_count(a, &ns));
    ck_assert_ok(sqlscore_survey_period_count(a, &np));
    ck_assert_ok(sqlscore_survey_segment_count(b, &nsb));
    ck_assert_ok(sqlscore_survey_period_count(b, &npb));
    ck_assert_uint_eq(ns, nsb);
    ck_assert_uint_eq(np, npb);
    for (i = 0; i <= ns; i++) {
        const char *name = NULL;
        if (i < ns)
            ck_assert_ok(sqlscore_survey_segment_name(a, i, &name));
        for (k = 0; k <= np; k++) {
            int64_t st = NT, st2;
            sqlscore_enps_result *r1 = NULL, *r2 = NULL;
            uint64_t n1, n2, s1, s2, c1[3] = { 0 }, c2[3] = { 0 };
            int32_t u1, u2;
            if (k < np) {
                ck_assert_ok(sqlscore_survey_period_at(a, k, &st));
                ck_assert_ok(sqlscore_survey_period_at(b, k, &st2));
                ck_assert_int_eq(st, st2);
            }
            ck_assert_ok(sqlscore_survey_result(a, name, st, &r1));
            ck_assert_ok(sqlscore_survey_result(b, name, st, &r2));
            ck_assert_ok(sqlscore_enps_result_n(r1, &n1, &s1, &u1));
            ck_assert_ok(sqlscore_enps_result_n(r2, &n2, &s2, &u2));
            ck_assert(n1 == n2 && s1 == s2 && u1 == u2);
            if (!u1) {
                ck_assert_ok(sqlscore_enps_result_counts(r1, &c1[0], &c1[1], &c1[2]));
                ck_assert_ok(sqlscore_enps_result_counts(r2, &c2[0], &c2[1], &c2[2]));
                ck_assert(memcmp(c1, c2, sizeof c1) == 0);
            }
            sqlscore_enps_result_free(r1);
            sqlscore_enps_result_free(r2);
        }
    }
}

static void merge_random_splits(int dedup)
{
    enum { N = 1500, SHARDS = 3 };
    struct ans *xs = malloc(N * sizeof *xs);
    sqlscore_survey *all = configured(dedup), *sh[SHARDS], *m1, *m2, *m3;
    size_t i;
    int k;
    rng_state = 20261128u + (unsigned)dedup;
    for (k = 0; k < SHARDS; k++)
        sh[k] = configured(dedup);
    for (i = 0; i < N; i++) {
        uint32_t r = rng();
        xs[i].a = r % 12 == 11 ? -1 : (int)(r % 11);
        snprintf(xs[i].seg, sizeof xs[i].seg, "s%u", (r >> 4) % 6);
        xs[i].t = 1766966400 + (int64_t)((r >> 8) % (60 * 86400));
        snprintf(xs[i].resp, sizeof xs[i].resp, "r%u", (r >> 16) % 150);
        xs[i].has_resp = (r >> 28) != 0;
        feed(all, &xs[i]);
        feed(sh[rng() % SHARDS], &xs[i]);
    }
    /* (0 + 1) + 2 */
    m1 = configured(dedup);
    ck_assert_ok(sqlscore_survey_merge(m1, sh[0]));
    ck_assert_ok(sqlscore_survey_merge(m1, sh[1]));
    ck_assert_ok(sqlscore_survey_merge(m1, sh[2]));
    /* 2 + (1 + 0), built from a copy of shard 2 (through the byte format) */
    {
        void *b;
        size_t n;
        sqlscore_survey *t = configured(dedup);
        ck_assert_ok(sqlscore_survey_merge(t, sh[1]));
        ck_assert_ok(sqlscore_survey_merge(t, sh[0]));
        ck_assert_ok(sqlscore_survey_serialize(sh[2], &b, &n));
        ck_assert_ok(sqlscore_survey_parse(&m2, b, n));
        sqlscore_buffer_free(b);
        ck_assert_ok(sqlscore_survey_merge(m2, t));
        sqlscore_survey_free(t);
    }
    /* 1 + 2 + 0 directly into shard 1 */
    m3 = sh[1];
    ck_assert_ok(sqlscore_survey_merge(m3, sh[2]));
    ck_assert_ok(sqlscore_survey_merge(m3, sh[0]));
    assert_same_results(all, m1);
    assert_same_results(all, m2);
    assert_same_results(all, m3);
    sqlscore_survey_free(m1);
    sqlscore_survey_free(m2);
    for (k = 0; k < SHARDS; k++)
        sqlscore_survey_free(sh[k]);
    sqlscore_survey_free(all);
    free(xs);
}

START_TEST(merge_random_splits_plain)
{
    merge_random_splits(0);
}
END_TEST

START_TEST(merge_random_splits_dedup)
{
    merge_random_splits(1);
}
END_TEST

START_TEST(merge_incompatible_leaves_target)
{
    sqlscore_survey *a = fresh(), *b = fresh();
    void *snap;
    size_t n;
    add_n(a, "A", 9, 3, NT);
    add_n(b, "B", 2, 3, NT);
    ck_assert_status(sqlscore_survey_set_threshold(b, 4), SQLSCORE_ESTATE, "fixed");
    sqlscore_survey_free(b);
    b = fresh();
    ck_assert_ok(sqlscore_survey_set_threshold(b, 4));
    add_n(b, "B", 2, 3, NT);
    snap = snapshot(a, &n);
    ck_assert_status(sqlscore_survey_merge(a, b), SQLSCORE_EINCOMPATIBLE, "configured differently");
    assert_same_state(a, snap, n);
    ck_assert_status(sqlscore_survey_merge(a, a), SQLSCORE_EINVAL, "same aggregator");
    {
        /* More than 2^53 answers together (counts set directly: adding
         * that many would take years). */
        sqlscore_survey *c = fresh();
        add_n(c, "A", 9, 3, NT);
        c->segs[0].total[9] = SQLSCORE__SURVEY_MAX_COUNT - 2;
        ck_assert_status(sqlscore_survey_merge(a, c), SQLSCORE_ERANGE, "more than 2^53");
        assert_same_state(a, snap, n);
        sqlscore_survey_free(c);
    }
    ck_assert_status(sqlscore_survey_merge(a, NULL), SQLSCORE_EINVAL, "src is NULL");
    assert_same_state(a, snap, n);
    sqlscore_buffer_free(snap);
    sqlscore_survey_free(a);
    sqlscore_survey_free(b);
}
END_TEST

/* An aggregator holding (almost) 2^53 answers, as parsed from bytes or
 * made by a merge: adding past 2^53 fails with SQLSCORE_ERANGE and changes
 * nothing, so whatever is serialized always parses back (found by
 * fuzz_survey: an answer added at the bound made bytes parse refused). */
static sqlscore_survey *near_bound(uint64_t missing)
{
    sqlscore_survey *c = fresh(), *out = NULL;
    void *b;
    size_t n;
    add_n(c, "A", 9, 3, NT);
    /* counts set directly (adding that many would take years), then
     * carried through bytes so that the parser sets the running count */
    c->segs[0].total[9] = SQLSCORE__SURVEY_MAX_COUNT - missing;
    b = snapshot(c, &n);
    ck_assert_ok(sqlscore_survey_parse(&out, b, n));
    sqlscore_buffer_free(b);
    sqlscore_survey_free(c);
    return out;
}

START_TEST(totals_never_pass_2_to_the_53)
{
    static const uint8_t one[2] = { 9, 9 };
    sqlscore_survey *s = near_bound(0), *t, *u;
    void *snap, *b;
    size_t n, m, bad = 7;
    snap = snapshot(s, &n);
    ck_assert_status(sqlscore_survey_add(s, 9, "A", NT, NULL), SQLSCORE_ERANGE,
                     "sqlscore_survey_add: the aggregator already holds 2^53 answers");
    ck_assert_status(sqlscore_survey_add_missing(s, "B", NT, NULL), SQLSCORE_ERANGE,
                     "sqlscore_survey_add_missing: the aggregator already holds 2^53 answers");
    ck_assert_status(sqlscore_survey_add_batch(s, one, 1, NULL, NULL, NULL, &bad), SQLSCORE_ERANGE,
                     "sqlscore_survey_add_batch: 1 answers would make the aggregator hold more "
                     "than 2^53");
    ck_assert_uint_eq(bad, 7);
    assert_same_state(s, snap, n);
    ck_assert_ok(sqlscore_survey_add_batch(s, one, 0, NULL, NULL, NULL, NULL));
    sqlscore_buffer_free(snap);
    sqlscore_survey_free(s);

    /* one below: one more fits, by any call, and the bytes parse back */
    s = near_bound(1);
    ck_assert_status(sqlscore_survey_add_batch_width(s, one, 2, NULL, 1, NULL, NULL, NULL),
                     SQLSCORE_ERANGE, "2 answers would make");
    ck_assert_ok(sqlscore_survey_add_batch_width(s, one, 1, NULL, 1, NULL, NULL, NULL));
    ck_assert_status(sqlscore_survey_add(s, 9, "A", NT, NULL), SQLSCORE_ERANGE, "2^53");
    b = snapshot(s, &m);
    t = NULL;
    ck_assert_ok(sqlscore_survey_parse(&t, b, m));
    sqlscore_survey_free(t);
    sqlscore_buffer_free(b);
    sqlscore_survey_free(s);

    /* a merge up to the bound: the merged aggregator is full */
    s = near_bound(1);
    t = fresh();
    ck_assert_ok(sqlscore_survey_add(t, 9, "A", NT, NULL));
    ck_assert_ok(sqlscore_survey_merge(s, t));
    ck_assert_status(sqlscore_survey_add(s, 9, "A", NT, NULL), SQLSCORE_ERANGE, "2^53");
    u = fresh();
    ck_assert_ok(sqlscore_survey_add(u, 9, "A", NT, NULL));
    ck_assert_status(sqlscore_survey_merge(s, u), SQLSCORE_ERANGE, "more than 2^53");
    sqlscore_survey_free(u);
    sqlscore_survey_free(t);
    sqlscore_survey_free(s);
}
END_TEST

/* The running count that keeps aggregators below 2^53 must equal the sum
 * of all totals after every kind of change: single adds, both batch paths
 * (counting, and one at a time with months and de-duplication, where a
 * later answer replaces an earlier one and an older one is ignored), a
 * refused batch, merges with and without de-duplication, and parsing. */
static void assert_count(const sqlscore_survey *s, uint64_t want)
{
    ck_assert_uint_eq(s->count, sqlscore__survey_total(s));
    ck_assert_uint_eq(s->count, want);
}

static sqlscore_survey *parsed_copy(const sqlscore_survey *s)
{
    sqlscore_survey *out = NULL;
    size_t n;
    void *b = snapshot(s, &n);
    ck_assert_ok(sqlscore_survey_parse(&out, b, n));
    sqlscore_buffer_free(b);
    return out;
}

START_TEST(running_count_follows_every_change)
{
    static const uint8_t ans[6] = { 9, 10, 255, 3, 7, 9 };
    static const uint8_t ans_bad[3] = { 9, 42, 9 };
    static const uint8_t seg8[6] = { 0, 1, 0, 1, 0, 1 };
    const int64_t jan = 1767225600;    /* 2026-01-01 */
    const int64_t tm[6] = { jan, jan + DAY, jan + 2 * DAY, jan + 40 * DAY, jan + 41 * DAY,
                            jan + 42 * DAY };
    static const char *const resp[6] = { "r1", "r2", "r1", "r3", "r1", NULL };
    sqlscore_survey *a = fresh(), *b = fresh(), *c;
    ck_assert_ok(sqlscore_survey_segment(a, "A", NULL));
    ck_assert_ok(sqlscore_survey_segment(a, "B", NULL));
    add_n(a, "A", 9, 2, NT);
    ck_assert_ok(sqlscore_survey_add_missing(a, "B", NT, NULL));
    assert_count(a, 3);
    ck_assert_ok(sqlscore_survey_add_batch_width(a, ans, 6, seg8, 1, NULL, NULL, NULL));
    assert_count(a, 9);
    ck_assert_status(sqlscore_survey_add_batch(a, ans_bad, 3, NULL, NULL, NULL, NULL),
                     SQLSCORE_EINVAL, "answer 42");
    assert_count(a, 9);
    c = parsed_copy(a);
    assert_count(c, 9);
    ck_assert_ok(sqlscore_survey_merge(a, c));
    assert_count(a, 18);
    sqlscore_survey_free(c);

    /* Months and de-duplication.  January: r1 on day 1 and again on day 3
     * (the later, a skip, replaces the first), r2; February: r3, r1 (its
     * own period), one anonymous answer: 5 counted. */
    ck_assert_ok(sqlscore_survey_set_period(b, SQLSCORE_PERIOD_MONTH, 0));
    ck_assert_ok(sqlscore_survey_set_dedup(b, 1));
    ck_assert_ok(sqlscore_survey_segment(b, "A", NULL));
    ck_assert_ok(sqlscore_survey_segment(b, "B", NULL));
    ck_assert_ok(sqlscore_survey_add_batch_width(b, ans, 6, seg8, 1, tm, resp, NULL));
    assert_count(b, 5);
    ck_assert_ok(sqlscore_survey_add(b, 0, "A", jan + 3600, "r1"));     /* older: ignored */
    assert_count(b, 5);
    ck_assert_ok(sqlscore_survey_add(b, 0, "A", jan + 3 * DAY, "r1")); /* replaces */
    assert_count(b, 5);
    /* merging a copy: every respondent is already there, only the
     * anonymous answer counts again */
    c = parsed_copy(b);
    assert_count(c, 5);
    ck_assert_ok(sqlscore_survey_merge(b, c));
    assert_count(b, 6);
    sqlscore_survey_free(c);
    sqlscore_survey_free(a);
    sqlscore_survey_free(b);
}
END_TEST

/* ---- concurrent readers -------------------------------------------------------- */

struct reader_job {
    const sqlscore_survey *s;
    int64_t sum;        /* of rounded scores over many queries */
    int failures;
};

static void *reader(void *arg)
{
    struct reader_job *j = arg;
    int i;
    for (i = 0; i < 300; i++) {
        sqlscore_enps_result *r = NULL;
        int32_t v = 0;
        void *b;
        size_t n;
        if (sqlscore_survey_result(j->s, i % 2 ? "A" : NULL, 1766966400, &r) != SQLSCORE_OK ||
            sqlscore_enps_result_score(r, NULL, &v) != SQLSCORE_OK)
            j->failures++;
        sqlscore_enps_result_free(r);
        if (sqlscore_survey_serialize(j->s, &b, &n) != SQLSCORE_OK)
            j->failures++;
        else
            sqlscore_buffer_free(b);
        j->sum += v;
    }
    return NULL;
}

START_TEST(concurrent_readers_agree)
{
    /* Results and serialization only read the aggregator: four threads
     * querying it at once all see the same figures. A: 6 promoters, 2
     * detractors (50); total adds B's 5 passives (4 / 13 = 30.77 -> 31). */
    sqlscore_survey *s = configured(0);
    struct reader_job jobs[4];
    pthread_t th[4];
    int i;
    add_n(s, "A", 10, 6, 1766966400);
    add_n(s, "A", 1, 2, 1766966400);
    add_n(s, "B", 8, 5, 1766966400);
    /* The test's counting allocator keeps plain global counters: use libc's
     * while threads run (everything they allocate they also free). */
    ck_assert_ok(sqlscore_allocator_set(NULL, NULL, NULL));
    for (i = 0; i < 4; i++) {
        jobs[i].s = s;
        jobs[i].sum = 0;
        jobs[i].failures = 0;
        ck_assert_int_eq(pthread_create(&th[i], NULL, reader, &jobs[i]), 0);
    }
    for (i = 0; i < 4; i++) {
        ck_assert_int_eq(pthread_join(th[i], NULL), 0);
        ck_assert_int_eq(jobs[i].failures, 0);
        ck_assert_int_eq(jobs[i].sum, 150 * 50 + 150 * 31);
    }
    sqlscore_test_fail_after(-1); /* back to the counting allocator */
    sqlscore_survey_free(s);
}
END_TEST

/* ---- allocation failures ------------------------------------------------------- */

START_TEST(alloc_failures_add_and_batch)
{
    long k, live0;
    int rc;
    sqlscore_survey *s = configured(1);
    void *snap;
    size_t n;
    uint8_t ans[5] = { 1, 2, 3, 9, 255 };
    uint32_t seg[5] = { 0, 1, 0, 1, 0 };
    int64_t t[5] = { 1766966400, 1767571200, 1768176000, 1766966400, 1766966400 };
    const char *resp[5] = { "a", "b", "c", "a", NULL };
    add_n(s, "old", 9, 3, 1766966400);
    ck_assert_ok(sqlscore_survey_add(s, 9, "old", 1766966400, "zed"));
    snap = snapshot(s, &n);
    live0 = sqlscore_test_alloc_live();
    /* A new segment, a new period, a new respondent: several allocations. */
    for (k = 1;; k++) {
        sqlscore_test_fail_after(k);
        rc = sqlscore_survey_add(s, 4, "new team", 1776966400, "newcomer");
        sqlscore_test_alloc_reset();
        if (rc == SQLSCORE_OK)
            break;
        ck_assert_int_eq(rc, SQLSCORE_ENOMEM);
        ck_assert_int_eq(sqlscore_test_alloc_live(), live0);
        assert_same_state(s, snap, n);
    }
    ck_assert_int_gt(k, 3);
    sqlscore_buffer_free(snap);
    snap = snapshot(s, &n);
    ck_assert_ok(sqlscore_survey_segment(s, "old", &seg[0]));
    ck_assert_ok(sqlscore_survey_segment(s, "new team", &seg[1]));
    seg[2] = seg[0];
    seg[3] = seg[1];
    seg[4] = seg[0];
    live0 = sqlscore_test_alloc_live();
    for (k = 1;; k++) {
        sqlscore_test_fail_after(k);
        rc = sqlscore_survey_add_batch(s, ans, 5, seg, t, resp, NULL);
        sqlscore_test_alloc_reset();
        if (rc == SQLSCORE_OK)
            break;
        ck_assert_int_eq(rc, SQLSCORE_ENOMEM);
        ck_assert_int_eq(sqlscore_test_alloc_live(), live0);
        assert_same_state(s, snap, n);
    }
    sqlscore_buffer_free(snap);
    sqlscore_survey_free(s);

    /* The fast path. */
    s = fresh();
    ck_assert_ok(sqlscore_survey_add(s, 3, "x", NT, NULL));
    snap = snapshot(s, &n);
    live0 = sqlscore_test_alloc_live();
    for (k = 1;; k++) {
        sqlscore_test_fail_after(k);
        rc = sqlscore_survey_add_batch(s, ans, 5, NULL, NULL, NULL, NULL);
        sqlscore_test_alloc_reset();
        if (rc == SQLSCORE_OK)
            break;
        ck_assert_int_eq(rc, SQLSCORE_ENOMEM);
        ck_assert_int_eq(sqlscore_test_alloc_live(), live0);
        assert_same_state(s, snap, n);
    }
    ck_assert_int_gt(k, 1);
    sqlscore_buffer_free(snap);
    sqlscore_survey_free(s);
}
END_TEST

START_TEST(alloc_failures_merge_and_results)
{
    long k, live0;
    int rc;
    sqlscore_survey *a = configured(1), *b = configured(1);
    sqlscore_enps_result *r;
    void *snap;
    size_t n;
    double ch;
    ck_assert_ok(sqlscore_survey_add(a, 9, "A", 1766966400, "p"));
    ck_assert_ok(sqlscore_survey_add(a, 9, "A", 1766966400 + 7 * DAY, "p"));
    ck_assert_ok(sqlscore_survey_add(b, 3, "A", 1766966400 + 5, "p"));
    ck_assert_ok(sqlscore_survey_add(b, 3, "B", 1766966400 + 5, "q"));
    ck_assert_ok(sqlscore_survey_add(b, 6, "C", 1776966400, NULL));
    snap = snapshot(a, &n);
    live0 = sqlscore_test_alloc_live();
    for (k = 1;; k++) {
        sqlscore_test_fail_after(k);
        rc = sqlscore_survey_merge(a, b);
        sqlscore_test_alloc_reset();
        if (rc == SQLSCORE_OK)
            break;
        ck_assert_int_eq(rc, SQLSCORE_ENOMEM);
        ck_assert_int_eq(sqlscore_test_alloc_live(), live0);
        assert_same_state(a, snap, n);
    }
    ck_assert_int_gt(k, 5);
    live0 = sqlscore_test_alloc_live();
    for (k = 1;; k++) {
        r = NULL;
        sqlscore_test_fail_after(k);
        rc = sqlscore_survey_result(a, "A", 1766966400, &r);
        sqlscore_test_alloc_reset();
        if (rc == SQLSCORE_OK)
            break;
        ck_assert_int_eq(rc, SQLSCORE_ENOMEM);
        ck_assert_ptr_null(r);
        ck_assert_int_eq(sqlscore_test_alloc_live(), live0);
    }
    sqlscore_enps_result_free(r);
    live0 = sqlscore_test_alloc_live();
    for (k = 1;; k++) {
        sqlscore_test_fail_after(k);
        rc = sqlscore_survey_trend(a, NULL, 1, &ch, NULL, NULL);
        sqlscore_test_alloc_reset();
        ck_assert_int_eq(sqlscore_test_alloc_live(), live0);
        if (rc != SQLSCORE_ENOMEM)
            break;
    }
    ck_assert_int_eq(rc, SQLSCORE_ESUPPRESSED);
    sqlscore_buffer_free(snap);
    sqlscore_survey_free(a);
    sqlscore_survey_free(b);
}
END_TEST

Suite *sqlscore_test_suite(void)
{
    Suite *s = suite_create("enps");
    TCase *tc = tcase_create("enps");
    tcase_add_test(tc, default_scale_counts_every_value);
    tcase_add_test(tc, bad_answers_counted_nowhere);
    tcase_add_test(tc, other_scales);
    tcase_add_test(tc, configuration_rules);
    tcase_add_test(tc, missing_answers_both_modes);
    tcase_add_test(tc, rounding_mode_on_the_aggregator);
    tcase_add_test(tc, batch_matches_single_adds);
    tcase_add_test(tc, batch_many_segments_single_table);
    tcase_add_test(tc, batch_is_all_or_nothing);
    tcase_add_test(tc, batch_wide_scale_and_no_segments);
    tcase_add_test(tc, batch_scale_check_finds_every_bad_answer);
    tcase_add_test(tc, batch_segment_index_in_the_spare_row);
    tcase_add_test(tc, batch_large_bad_input_reported_in_order);
    tcase_add_test(tc, batch_width_one_two_four);
    tcase_add_test(tc, batch_one_slot_crosses_the_16_bit_chunks);
    tcase_add_test(tc, civil_dates);
    tcase_add_test(tc, periods_utc);
    tcase_add_test(tc, results_per_period_and_listing);
    tcase_add_test(tc, anonymity_with_complementary_suppression);
    tcase_add_test(tc, dedup_keeps_latest_per_period);
    tcase_add_test(tc, batch_with_periods_and_respondents);
    tcase_add_test(tc, trend_between_periods);
    tcase_add_test(tc, rolling_windows_over_daily_periods);
    tcase_add_test(tc, merge_random_splits_plain);
    tcase_add_test(tc, merge_random_splits_dedup);
    tcase_add_test(tc, merge_incompatible_leaves_target);
    tcase_add_test(tc, totals_never_pass_2_to_the_53);
    tcase_add_test(tc, running_count_follows_every_change);
    tcase_add_test(tc, concurrent_readers_agree);
    tcase_add_test(tc, alloc_failures_add_and_batch);
    tcase_add_test(tc, alloc_failures_merge_and_results);
    suite_add_tcase(s, tc);
    return s;
}
