/*
 * fuzz_batch.c - differential libFuzzer harness for the survey batch
 * (sqlscore_survey_add_batch and sqlscore_survey_add_batch_width), whose
 * counting kernel checks nothing per answer and finds bad input from the
 * counts afterwards.
 *
 * Input: byte 0 picks the segment count (1 to 72), byte 1 the scale
 * (0..10, 1..5, 1..10 or 0..100) and whether months are configured (the
 * path that adds one answer at a time into a copy), byte 2 how many times
 * the rest is repeated (so that short inputs make long batches: blocks of
 * 64 answers and a tail).  The rest is answer/segment byte pairs; an index
 * reaches up to 3 past the segments.  (The one-table kernel for more than
 * 4,096 segments is left to test_enps: interning and serializing that
 * many segments would slow each run a hundredfold.)
 *
 * Properties checked (abort() on violation), for each index width that
 * can hold the indices and for sqlscore_survey_add_batch:
 * - a batch with a bad element fails with SQLSCORE_EINVAL at the index
 *   the definition gives (without periods the first bad answer, else the
 *   first bad index; with periods the first bad element) and leaves the
 *   aggregate byte for byte as it was;
 * - a good batch leaves exactly the aggregate that adding its answers one
 *   at a time builds (serialized forms compared).
 */
#include "sqlscore.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz_check.h"

#define FUZZ_BATCH_MAX 4096
#define FUZZ_BATCH_T0 INT64_C(1767225600)   /* 2026-01-01 */

static sqlscore_survey *fuzz_batch_survey(uint32_t nseg, int scale, int periods)
{
    static const int32_t sc[4][4] = { { 0, 10, 6, 9 }, { 1, 5, 2, 5 }, { 1, 10, 6, 9 },
                                      { 0, 100, 60, 90 } };
    sqlscore_survey *s = NULL;
    uint32_t k;
    char name[16];
    FUZZ_CHECK(sqlscore_survey_new(&s) == SQLSCORE_OK);
    if (scale != 0)
        FUZZ_CHECK(sqlscore_survey_set_scale(s, sc[scale][0], sc[scale][1], sc[scale][2],
                                             sc[scale][3]) == SQLSCORE_OK);
    if (periods)
        FUZZ_CHECK(sqlscore_survey_set_period(s, SQLSCORE_PERIOD_MONTH, 0) == SQLSCORE_OK);
    for (k = 0; k < nseg; k++) {
        snprintf(name, sizeof name, "s%u", (unsigned)k);
        FUZZ_CHECK(sqlscore_survey_segment(s, name, NULL) == SQLSCORE_OK);
    }
    return s;
}

static int fuzz_batch_same(const sqlscore_survey *a, const void *b, size_t nb)
{
    void *p = NULL;
    size_t n = 0;
    int same;
    FUZZ_CHECK(sqlscore_survey_serialize(a, &p, &n) == SQLSCORE_OK);
    same = n == nb && memcmp(p, b, n) == 0;
    sqlscore_buffer_free(p);
    return same;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const int32_t lo[4] = { 0, 1, 1, 0 }, hi[4] = { 10, 5, 10, 100 };
    static uint8_t ans[FUZZ_BATCH_MAX], s8[FUZZ_BATCH_MAX];
    static uint16_t s16[FUZZ_BATCH_MAX];
    static uint32_t s32[FUZZ_BATCH_MAX];
    static int64_t tm[FUZZ_BATCH_MAX];
    uint32_t nseg;
    int scale, periods, w;
    size_t reps, n = 0, r, i, bad_ans = SIZE_MAX, bad_seg = SIZE_MAX, want_bad;
    sqlscore_survey *ref, *empty;
    void *want = NULL, *before = NULL;
    size_t nwant = 0, nbefore = 0;

    if (size < 3)
        return 0;
    nseg = 1 + data[0] % 72;
    scale = data[1] & 3;
    periods = (data[1] >> 2) & 1;
    reps = 1 + data[2] % 64;
    data += 3;
    size -= 3;
    for (r = 0; r < reps && size >= 2; r++)
        for (i = 0; i + 2 <= size && n < FUZZ_BATCH_MAX; i += 2, n++) {
            uint32_t sg = data[i + 1];
            ans[n] = data[i];
            s32[n] = sg % (nseg + 3);
            s16[n] = (uint16_t)s32[n];
            s8[n] = (uint8_t)s32[n];
            tm[n] = FUZZ_BATCH_T0 + (int64_t)(data[i] % 90) * 86400;
        }
    if (n == 0)
        return 0;

    /* the reference: one answer at a time, up to the first bad element */
    ref = fuzz_batch_survey(nseg, scale, periods);
    for (i = 0; i < n; i++) {
        int ok_ans = ans[i] == SQLSCORE_SURVEY_MISSING_U8 || (ans[i] >= lo[scale] &&
                                                             ans[i] <= hi[scale]);
        if (!ok_ans && bad_ans == SIZE_MAX)
            bad_ans = i;
        if (s32[i] >= nseg && bad_seg == SIZE_MAX)
            bad_seg = i;
        if (bad_ans == SIZE_MAX && bad_seg == SIZE_MAX) {
            char name[16];
            int64_t t = periods ? tm[i] : SQLSCORE_SURVEY_ALL_TIME;
            snprintf(name, sizeof name, "s%u", (unsigned)s32[i]);
            if (ans[i] == SQLSCORE_SURVEY_MISSING_U8)
                FUZZ_CHECK(sqlscore_survey_add_missing(ref, name, t, NULL) == SQLSCORE_OK);
            else
                FUZZ_CHECK(sqlscore_survey_add(ref, ans[i], name, t, NULL) == SQLSCORE_OK);
        }
    }
    if (periods)
        want_bad = bad_ans < bad_seg ? bad_ans : bad_seg;
    else
        want_bad = bad_ans != SIZE_MAX ? bad_ans : bad_seg;
    FUZZ_CHECK(sqlscore_survey_serialize(ref, &want, &nwant) == SQLSCORE_OK);
    empty = fuzz_batch_survey(nseg, scale, periods);
    FUZZ_CHECK(sqlscore_survey_serialize(empty, &before, &nbefore) == SQLSCORE_OK);
    sqlscore_survey_free(empty);

    /* widths 1, 2, 4 through sqlscore_survey_add_batch_width, then 0:
     * sqlscore_survey_add_batch */
    for (w = 0; w < 4; w++) {
        static const size_t widths[4] = { 1, 2, 4, 4 };
        const void *seg = w == 0 ? (const void *)s8 : w == 1 ? (const void *)s16
                                                           : (const void *)s32;
        sqlscore_survey *s;
        size_t bad = SIZE_MAX - 1;
        int rc;
        s = fuzz_batch_survey(nseg, scale, periods);
        if (w < 3)
            rc = sqlscore_survey_add_batch_width(s, ans, n, seg, widths[w],
                                                 periods ? tm : NULL, NULL, &bad);
        else
            rc = sqlscore_survey_add_batch(s, ans, n, s32, periods ? tm : NULL, NULL, &bad);
        if (want_bad != SIZE_MAX) {
            FUZZ_CHECK(rc == SQLSCORE_EINVAL);
            FUZZ_CHECK(bad == want_bad);
            FUZZ_CHECK(fuzz_batch_same(s, before, nbefore));
        } else {
            FUZZ_CHECK(rc == SQLSCORE_OK);
            FUZZ_CHECK(bad == SIZE_MAX - 1);
            FUZZ_CHECK(fuzz_batch_same(s, want, nwant));
        }
        sqlscore_survey_free(s);
    }
    sqlscore_buffer_free(want);
    sqlscore_buffer_free(before);
    sqlscore_survey_free(ref);
    return 0;
}
