/*
 * test_attribution.c - attribution models on hand-computed paths, edge
 * cases, windows, exact credit sums on random inputs, CPSQL with fractional
 * SQLs, derived counts and period/cohort portfolios.
 */
#include "testutil.h"
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EVEN SQLSCORE_ROUND_HALF_EVEN
#define DAY INT64_C(86400)
#define LC SQLSCORE_TOUCH_LEAD_CREATION
#define OC SQLSCORE_TOUCH_OPPORTUNITY_CREATION
#define ONE SQLSCORE_CREDIT_ONE

/* One lead, touch i from campaign "c<i>" at times[i] with flags[i], one
 * conversion at conv; credits of each touch into got[]. */
static void run_path(int32_t model, size_t n, const int64_t *times, const int32_t *flags,
                     int64_t conv, int64_t *got)
{
    sqlscore_attribution *a;
    sqlscore_attribution_result *r;
    size_t i, conversions, attributed;
    int64_t sum = 0;
    ck_assert_ok(sqlscore_attribution_new(&a));
    for (i = 0; i < n; i++) {
        char name[32]; /* "c" and any size_t, so -Wformat-truncation stays quiet */
        snprintf(name, sizeof name, "c%zu", i);
        ck_assert_ok(sqlscore_attribution_add_touch(a, "L", name, times[i], flags ? flags[i] : 0));
    }
    ck_assert_ok(sqlscore_attribution_add_conversion(a, "L", conv));
    ck_assert_ok(sqlscore_attribution_set_half_life(a, DAY));
    ck_assert_ok(sqlscore_attribution_set_model(a, model));
    ck_assert_ok(sqlscore_attribution_run(a, &r));
    ck_assert_ok(sqlscore_attribution_result_summary(r, &conversions, &attributed));
    ck_assert_uint_eq(conversions, 1);
    for (i = 0; i < n; i++) {
        ck_assert_ok(sqlscore_attribution_result_touch(r, i, &got[i], NULL));
        sum += got[i];
    }
    ck_assert_int_eq(sum, attributed ? ONE : 0);
    sqlscore_attribution_result_free(r);
    sqlscore_attribution_free(a);
}

#define EXPECT5(got, a, b, c, d, e)                                            \
    do {                                                                       \
        ck_assert_int_eq((got)[0], (a)); ck_assert_int_eq((got)[1], (b));     \
        ck_assert_int_eq((got)[2], (c)); ck_assert_int_eq((got)[3], (d));     \
        ck_assert_int_eq((got)[4], (e));                                       \
    } while (0)

/* The standard path: five touches on days 0..4, lead created on day 1,
 * opportunity on day 3, conversion on day 5, and one touch on day 6 (after
 * the conversion, ignored). */
static const int64_t path_t[6] = {0, 1 * DAY, 2 * DAY, 3 * DAY, 4 * DAY, 6 * DAY};
static const int32_t path_f[6] = {0, LC, 0, OC, 0, 0};

START_TEST(model_first_last_linear)
{
    int64_t g[6];
    run_path(SQLSCORE_MODEL_FIRST_TOUCH, 6, path_t, path_f, 5 * DAY, g);
    EXPECT5(g, ONE, 0, 0, 0, 0);
    ck_assert_int_eq(g[5], 0);
    run_path(SQLSCORE_MODEL_LAST_TOUCH, 6, path_t, path_f, 5 * DAY, g);
    EXPECT5(g, 0, 0, 0, 0, ONE);   /* day 4, not the day-6 touch */
    ck_assert_int_eq(g[5], 0);
    /* 1000000 / 5 = 200000 each. */
    run_path(SQLSCORE_MODEL_LINEAR, 6, path_t, path_f, 5 * DAY, g);
    EXPECT5(g, 200000, 200000, 200000, 200000, 200000);
    /* Three touches: 333333.33 each; the one leftover ppm goes to the
     * earliest (equal remainders). */
    run_path(SQLSCORE_MODEL_LINEAR, 3, path_t, NULL, 5 * DAY, g);
    ck_assert_int_eq(g[0], 333334); ck_assert_int_eq(g[1], 333333); ck_assert_int_eq(g[2], 333333);
    /* Seven touches: 142857.14 each, 1000000 - 7 x 142857 = 1 leftover. */
    {
        int64_t t7[7] = {0, 1, 2, 3, 4, 5, 6}, g7[7];
        int i;
        run_path(SQLSCORE_MODEL_LINEAR, 7, t7, NULL, 10, g7);
        ck_assert_int_eq(g7[0], 142858);
        for (i = 1; i < 7; i++)
            ck_assert_int_eq(g7[i], 142857);
    }
}
END_TEST

START_TEST(model_time_decay)
{
    int64_t g[6];
    /* H = 1 day; ages at the conversion (day 5): 5, 4, 3, 2, 1 days, so
     * weights 1/32, 1/16, 1/8, 1/4, 1/2, i.e. 1 : 2 : 4 : 8 : 16 of 31.
     * Quotas 1e6 x k/31: 32258.06, 64516.13, 129032.26, 258064.52,
     * 516129.03; floors sum to 999999 and the largest remainder (.52) is
     * the day-3 touch. */
    run_path(SQLSCORE_MODEL_TIME_DECAY, 6, path_t, path_f, 5 * DAY, g);
    EXPECT5(g, 32258, 64516, 129032, 258065, 516129);
    ck_assert_int_eq(g[5], 0);
    /* Two touches at the same time: equal weights, leftover to the first
     * added. */
    {
        int64_t t2[2] = {100, 100}, g2[2];
        run_path(SQLSCORE_MODEL_TIME_DECAY, 2, t2, NULL, 200, g2);
        ck_assert_int_eq(g2[0], 500000); ck_assert_int_eq(g2[1], 500000);
    }
    /* Half a half-life apart: weights 2^-0.5 : 1 = 0.70711 : 1, quotas
     * 414213.56 and 585786.44 -> 414214, 585786. */
    {
        int64_t t2[2] = {0, DAY / 2}, g2[2];
        run_path(SQLSCORE_MODEL_TIME_DECAY, 2, t2, NULL, DAY, g2);
        ck_assert_int_eq(g2[0], 414214); ck_assert_int_eq(g2[1], 585786);
    }
}
END_TEST

START_TEST(model_position_u_w_full)
{
    int64_t g[6];
    /* Position-based: 40 % first, 40 % last, 20 % over the three middle
     * touches = 66666.67 each; 2 leftover ppm to the two earliest middle
     * touches (equal remainders). */
    run_path(SQLSCORE_MODEL_POSITION_BASED, 6, path_t, path_f, 5 * DAY, g);
    EXPECT5(g, 400000, 66667, 66667, 66666, 400000);
    /* U-shaped: 50 % first, 50 % lead creation (day 1), nothing else. */
    run_path(SQLSCORE_MODEL_U_SHAPED, 6, path_t, path_f, 5 * DAY, g);
    EXPECT5(g, 500000, 500000, 0, 0, 0);
    /* W-shaped: 30 % first, lead creation, opportunity creation (day 3);
     * 10 % over days 2 and 4 = 5 % each. */
    run_path(SQLSCORE_MODEL_W_SHAPED, 6, path_t, path_f, 5 * DAY, g);
    EXPECT5(g, 300000, 300000, 50000, 300000, 50000);
    /* Full path: 22.5 % first, LC, OC, last; 10 % to the one middle (day 2). */
    run_path(SQLSCORE_MODEL_FULL_PATH, 6, path_t, path_f, 5 * DAY, g);
    EXPECT5(g, 225000, 225000, 100000, 225000, 225000);
}
END_TEST

START_TEST(model_custom_weights)
{
    sqlscore_attribution *a;
    int64_t g[6];
    ck_assert_ok(sqlscore_attribution_new(&a));
    ck_assert_status(sqlscore_attribution_set_model(a, SQLSCORE_MODEL_CUSTOM), SQLSCORE_ESTATE, "weights");
    ck_assert_status(sqlscore_attribution_set_weights(a, 0, 0, 0, 0, 0), SQLSCORE_EINVAL, "all weights are 0");
    ck_assert_status(sqlscore_attribution_set_weights(a, -1, 0, 0, 0, 0), SQLSCORE_EINVAL, "weight 1 is -1");
    ck_assert_status(sqlscore_attribution_set_weights(a, 0, 0, 0, 0, 1000001), SQLSCORE_EINVAL, "weight 5");
    ck_assert_status(sqlscore_attribution_set_model(a, 9), SQLSCORE_EINVAL, "model 9");
    ck_assert_status(sqlscore_attribution_set_model(a, -1), SQLSCORE_EINVAL, "model -1");
    sqlscore_attribution_free(a);

    /* Custom (40, 0, 0, 40, 20) must equal position-based. */
    {
        size_t i;
        int64_t h[6];
        sqlscore_attribution_result *r;
        ck_assert_ok(sqlscore_attribution_new(&a));
        for (i = 0; i < 6; i++) {
            char name[8];
            snprintf(name, sizeof name, "c%zu", i);
            ck_assert_ok(sqlscore_attribution_add_touch(a, "L", name, path_t[i], path_f[i]));
        }
        ck_assert_ok(sqlscore_attribution_add_conversion(a, "L", 5 * DAY));
        ck_assert_ok(sqlscore_attribution_set_weights(a, 40, 0, 0, 40, 20));
        ck_assert_ok(sqlscore_attribution_run(a, &r));
        for (i = 0; i < 6; i++)
            ck_assert_ok(sqlscore_attribution_result_touch(r, i, &h[i], NULL));
        EXPECT5(h, 400000, 66667, 66667, 66666, 400000);
        sqlscore_attribution_result_free(r);
        /* (1, 1, 1, 1, 1): the four roles 1/5 each, the one middle 1/5. */
        ck_assert_ok(sqlscore_attribution_set_weights(a, 1, 1, 1, 1, 1));
        ck_assert_ok(sqlscore_attribution_run(a, &r));
        for (i = 0; i < 6; i++)
            ck_assert_ok(sqlscore_attribution_result_touch(r, i, &h[i], NULL));
        EXPECT5(h, 200000, 200000, 200000, 200000, 200000);
        sqlscore_attribution_result_free(r);
        /* Lead creation only, on a path without a lead-creation touch in
         * the lookback window (days 2..5): nothing weighs, split evenly
         * over days 2, 3, 4 (333334, 333333, 333333). */
        ck_assert_ok(sqlscore_attribution_set_weights(a, 0, 7, 0, 0, 0));
        ck_assert_ok(sqlscore_attribution_set_lookback(a, 3 * DAY));
        ck_assert_ok(sqlscore_attribution_run(a, &r));
        for (i = 0; i < 6; i++)
            ck_assert_ok(sqlscore_attribution_result_touch(r, i, &h[i], NULL));
        EXPECT5(h, 0, 0, 333334, 333333, 333333);
        sqlscore_attribution_result_free(r);
        sqlscore_attribution_free(a);
    }
    (void)g;
}
END_TEST

START_TEST(edge_one_and_two_touches)
{
    static const int32_t models[] = {
        SQLSCORE_MODEL_FIRST_TOUCH, SQLSCORE_MODEL_LAST_TOUCH, SQLSCORE_MODEL_LINEAR,
        SQLSCORE_MODEL_TIME_DECAY, SQLSCORE_MODEL_POSITION_BASED, SQLSCORE_MODEL_U_SHAPED,
        SQLSCORE_MODEL_W_SHAPED, SQLSCORE_MODEL_FULL_PATH,
    };
    int64_t t[2] = {10, 20}, g[2];
    size_t m;
    /* One touch: every model gives it everything (all roles on it). */
    for (m = 0; m < sizeof models / sizeof models[0]; m++) {
        run_path(models[m], 1, t, NULL, 30, g);
        ck_assert_int_eq(g[0], ONE);
    }
    /* Two touches, no flags.  Position-based: 40/40 and no middle -> 50/50. */
    run_path(SQLSCORE_MODEL_POSITION_BASED, 2, t, NULL, 30, g);
    ck_assert_int_eq(g[0], 500000); ck_assert_int_eq(g[1], 500000);
    /* Full path: first and last present, LC/OC absent -> 50/50. */
    run_path(SQLSCORE_MODEL_FULL_PATH, 2, t, NULL, 30, g);
    ck_assert_int_eq(g[0], 500000); ck_assert_int_eq(g[1], 500000);
    /* U-shaped without a lead-creation touch: all to the first. */
    run_path(SQLSCORE_MODEL_U_SHAPED, 2, t, NULL, 30, g);
    ck_assert_int_eq(g[0], ONE); ck_assert_int_eq(g[1], 0);
    /* W-shaped: first 30 and the second touch is middle 10 -> 75/25. */
    run_path(SQLSCORE_MODEL_W_SHAPED, 2, t, NULL, 30, g);
    ck_assert_int_eq(g[0], 750000); ck_assert_int_eq(g[1], 250000);
    /* U-shaped with the lead created on the second touch: 50/50. */
    {
        int32_t f[2] = {0, LC};
        run_path(SQLSCORE_MODEL_U_SHAPED, 2, t, f, 30, g);
        ck_assert_int_eq(g[0], 500000); ck_assert_int_eq(g[1], 500000);
    }
}
END_TEST

START_TEST(edge_anchors_on_same_touch)
{
    int64_t t[4] = {0, 10, 20, 30}, g[4];
    /* U-shaped, lead created on the first touch: first holds both roles. */
    {
        int32_t f[3] = {LC, 0, 0};
        run_path(SQLSCORE_MODEL_U_SHAPED, 3, t, f, 40, g);
        ck_assert_int_eq(g[0], ONE); ck_assert_int_eq(g[1], 0); ck_assert_int_eq(g[2], 0);
    }
    /* W-shaped, lead and opportunity created on touch 1 of 3: 30 / 60 / 10. */
    {
        int32_t f[3] = {0, LC | OC, 0};
        run_path(SQLSCORE_MODEL_W_SHAPED, 3, t, f, 40, g);
        ck_assert_int_eq(g[0], 300000); ck_assert_int_eq(g[1], 600000); ck_assert_int_eq(g[2], 100000);
    }
    /* Full path, four touches holding the four roles: no middle, so the
     * 10 % drops out and each gets 22.5 / 90 = 25 %. */
    {
        int32_t f[4] = {0, LC, OC, 0};
        run_path(SQLSCORE_MODEL_FULL_PATH, 4, t, f, 40, g);
        ck_assert_int_eq(g[0], 250000); ck_assert_int_eq(g[1], 250000);
        ck_assert_int_eq(g[2], 250000); ck_assert_int_eq(g[3], 250000);
    }
    /* W-shaped without an opportunity touch: 30 first, 30 LC, 10 over two
     * middles, of 70: 3/7, 3/7, 1/14, 1/14 = 428571.43, 428571.43,
     * 71428.57, 71428.57; the two leftover ppm go to the .57 remainders. */
    {
        int32_t f[4] = {0, LC, 0, 0};
        run_path(SQLSCORE_MODEL_W_SHAPED, 4, t, f, 40, g);
        ck_assert_int_eq(g[0], 428571); ck_assert_int_eq(g[1], 428571);
        ck_assert_int_eq(g[2], 71429); ck_assert_int_eq(g[3], 71429);
    }
    /* Full path with the last touch also the opportunity creator and the
     * first also the lead creator: roles 45 + 45 on touch 0, 45 + 45 on
     * touch 3, middles 1 and 2 share 10: 45 %, 5 %, 5 %, 45 %. */
    {
        int32_t f[4] = {LC, 0, 0, OC};
        run_path(SQLSCORE_MODEL_FULL_PATH, 4, t, f, 40, g);
        ck_assert_int_eq(g[0], 450000); ck_assert_int_eq(g[1], 50000);
        ck_assert_int_eq(g[2], 50000); ck_assert_int_eq(g[3], 450000);
    }
    /* Only the earliest flagged touch holds a role: two LC flags. */
    {
        int32_t f[3] = {0, LC, LC};
        run_path(SQLSCORE_MODEL_U_SHAPED, 3, t, f, 40, g);
        ck_assert_int_eq(g[0], 500000); ck_assert_int_eq(g[1], 500000); ck_assert_int_eq(g[2], 0);
    }
}
END_TEST

START_TEST(equal_times_keep_insertion_order)
{
    int64_t t[3] = {50, 50, 50}, g[3];
    run_path(SQLSCORE_MODEL_FIRST_TOUCH, 3, t, NULL, 50, g);
    ck_assert_int_eq(g[0], ONE);
    run_path(SQLSCORE_MODEL_LAST_TOUCH, 3, t, NULL, 50, g);   /* touch at t == conversion counts */
    ck_assert_int_eq(g[2], ONE);
    /* Out-of-order insertion is sorted by time, ties stay in order. */
    {
        int64_t t4[4] = {30, 10, 30, 10}, g4[4];
        run_path(SQLSCORE_MODEL_FIRST_TOUCH, 4, t4, NULL, 40, g4);
        ck_assert_int_eq(g4[1], ONE);
        run_path(SQLSCORE_MODEL_LAST_TOUCH, 4, t4, NULL, 40, g4);
        ck_assert_int_eq(g4[2], ONE);
        /* Linear: chronological order is 1, 3, 0, 2; the leftover of
         * 1000000 / 4 = 250000 is 0, so all equal. */
        run_path(SQLSCORE_MODEL_LINEAR, 4, t4, NULL, 40, g4);
        ck_assert_int_eq(g4[0], 250000); ck_assert_int_eq(g4[3], 250000);
    }
    /* Linear over three touches inserted 2, 0, 1 in time order: the
     * leftover ppm goes to the chronologically first (inserted second). */
    {
        int64_t t3[3] = {30, 10, 20}, g3[3];
        run_path(SQLSCORE_MODEL_LINEAR, 3, t3, NULL, 40, g3);
        ck_assert_int_eq(g3[1], 333334); ck_assert_int_eq(g3[2], 333333); ck_assert_int_eq(g3[0], 333333);
    }
}
END_TEST

START_TEST(lookback_and_multiple_conversions)
{
    sqlscore_attribution *a;
    sqlscore_attribution_result *r;
    int64_t p, cv;
    size_t conv, attr;
    ck_assert_ok(sqlscore_attribution_new(&a));
    ck_assert_status(sqlscore_attribution_set_lookback(a, -1), SQLSCORE_EINVAL, "negative");
    ck_assert_status(sqlscore_attribution_set_half_life(a, 0), SQLSCORE_EINVAL, "positive");
    /* Lead L: touches days 0, 7, 10, 12; conversion day 14 with a 7-day
     * lookback: the day-7 touch is exactly at 14 - 7 and counts. */
    ck_assert_ok(sqlscore_attribution_add_touch(a, "L", "A", 0, 0));        /* 0 */
    ck_assert_ok(sqlscore_attribution_add_touch(a, "L", "B", 7 * DAY, 0));  /* 1 */
    ck_assert_ok(sqlscore_attribution_add_touch(a, "L", "C", 10 * DAY, 0)); /* 2 */
    ck_assert_ok(sqlscore_attribution_add_touch(a, "L", "D", 12 * DAY, 0)); /* 3 */
    ck_assert_ok(sqlscore_attribution_add_conversion(a, "L", 14 * DAY));    /* conv 0 */
    /* Then a second conversion on day 20 after touches on 14 (belongs to
     * the first: at or before it) and 16. */
    ck_assert_ok(sqlscore_attribution_add_touch(a, "L", "E", 14 * DAY, 0)); /* 4 */
    ck_assert_ok(sqlscore_attribution_add_touch(a, "L", "F", 16 * DAY, 0)); /* 5 */
    ck_assert_ok(sqlscore_attribution_add_conversion(a, "L", 20 * DAY));    /* conv 1 */
    /* Same-time second conversion: no touches left for it. */
    ck_assert_ok(sqlscore_attribution_add_conversion(a, "L", 20 * DAY));    /* conv 2 */
    /* A lead with no touches at all. */
    ck_assert_ok(sqlscore_attribution_add_conversion(a, "M", 20 * DAY));    /* conv 3 */
    ck_assert_ok(sqlscore_attribution_set_lookback(a, 7 * DAY));
    ck_assert_ok(sqlscore_attribution_set_model(a, SQLSCORE_MODEL_LINEAR));
    ck_assert_ok(sqlscore_attribution_run(a, &r));
    ck_assert_ok(sqlscore_attribution_result_summary(r, &conv, &attr));
    ck_assert_uint_eq(conv, 4);
    ck_assert_uint_eq(attr, 2);
    /* conv 0: touches 1, 2, 3, 4 (day 14 = conversion time) -> 250000 each. */
    ck_assert_ok(sqlscore_attribution_result_touch(r, 0, &p, &cv));
    ck_assert_int_eq(p, 0); ck_assert_int_eq(cv, -1);
    ck_assert_ok(sqlscore_attribution_result_touch(r, 1, &p, &cv));
    ck_assert_int_eq(p, 250000); ck_assert_int_eq(cv, 0);
    ck_assert_ok(sqlscore_attribution_result_touch(r, 4, &p, &cv));
    ck_assert_int_eq(p, 250000); ck_assert_int_eq(cv, 0);
    /* conv 1: only touch 5. */
    ck_assert_ok(sqlscore_attribution_result_touch(r, 5, &p, &cv));
    ck_assert_int_eq(p, ONE); ck_assert_int_eq(cv, 1);
    ck_assert_status(sqlscore_attribution_result_touch(r, 6, &p, &cv), SQLSCORE_ENOTFOUND, "touch 6");
    /* Per campaign: A 0, B C D E 0.25 each, F 1. */
    {
        int64_t credits[7];
        ck_assert_ok(sqlscore_attribution_result_credits(r, 7, credits));
        ck_assert_int_eq(credits[0], 0);
        ck_assert_int_eq(credits[1], 250000);
        ck_assert_int_eq(credits[4], 250000);
        ck_assert_int_eq(credits[5], ONE);
        ck_assert_int_eq(credits[6], 0);   /* past the end */
        ck_assert_ok(sqlscore_attribution_result_credit(r, 5, &p));
        ck_assert_int_eq(p, ONE);
        ck_assert_status(sqlscore_attribution_result_credit(r, 6, &p), SQLSCORE_ENOTFOUND, "campaign 6");
    }
    sqlscore_attribution_result_free(r);
    /* Without the lookback, touch 0 joins conversion 0: 5 touches. */
    ck_assert_ok(sqlscore_attribution_set_lookback(a, 0));
    ck_assert_ok(sqlscore_attribution_run(a, &r));
    ck_assert_ok(sqlscore_attribution_result_touch(r, 0, &p, &cv));
    ck_assert_int_eq(p, 200000); ck_assert_int_eq(cv, 0);
    sqlscore_attribution_result_free(r);
    sqlscore_attribution_free(a);
}
END_TEST

START_TEST(bulk_and_string_apis_agree)
{
    sqlscore_attribution *a, *b;
    sqlscore_attribution_result *ra, *rb;
    int32_t lead[6], camp[6], flags[6] = {0, LC, 0, OC, 0, 0}, idx;
    int64_t time[6] = {5, 1, 3, 2, 4, 9}, ctime[2] = {6, 10};
    int32_t clead[2];
    size_t i, nc, nl, nt, nv;
    const char *id;
    static const char *leads[6] = {"x", "y", "x", "y", "x", "y"};
    static const char *camps[6] = {"A", "B", "C", "A", "B", "C"};
    ck_assert_ok(sqlscore_attribution_new(&a));
    ck_assert_ok(sqlscore_attribution_new(&b));
    for (i = 0; i < 6; i++) {
        ck_assert_ok(sqlscore_attribution_add_touch(a, leads[i], camps[i], time[i], flags[i]));
        ck_assert_ok(sqlscore_attribution_lead(b, leads[i], &lead[i]));
        ck_assert_ok(sqlscore_attribution_campaign(b, camps[i], &camp[i]));
    }
    ck_assert_ok(sqlscore_attribution_add_conversion(a, "x", 6));
    ck_assert_ok(sqlscore_attribution_add_conversion(a, "y", 10));
    clead[0] = lead[0];
    clead[1] = lead[1];
    ck_assert_int_eq(lead[2], lead[0]);
    ck_assert_int_eq(camp[3], camp[0]);
    ck_assert_ok(sqlscore_attribution_add_touches(b, 6, lead, camp, time, flags));
    ck_assert_ok(sqlscore_attribution_add_conversions(b, 2, clead, ctime));
    ck_assert_ok(sqlscore_attribution_sizes(b, &nc, &nl, &nt, &nv));
    ck_assert_uint_eq(nc, 3); ck_assert_uint_eq(nl, 2); ck_assert_uint_eq(nt, 6); ck_assert_uint_eq(nv, 2);
    ck_assert_ok(sqlscore_attribution_find_campaign(b, "C", &idx));
    ck_assert_int_eq(idx, 2);
    ck_assert_ok(sqlscore_attribution_campaign_id(b, 1, &id));
    ck_assert_str_eq(id, "B");
    ck_assert_status(sqlscore_attribution_find_campaign(b, "Z", &idx), SQLSCORE_ENOTFOUND, "'Z'");
    ck_assert_status(sqlscore_attribution_find_lead(b, "z", &idx), SQLSCORE_ENOTFOUND, "lead 'z'");
    ck_assert_ok(sqlscore_attribution_find_lead(b, "y", &idx));
    ck_assert_int_eq(idx, 1);
    ck_assert_status(sqlscore_attribution_campaign_id(b, 3, &id), SQLSCORE_ENOTFOUND, "campaign 3");
    for (i = 0; i <= SQLSCORE_MODEL_FULL_PATH; i++) {
        size_t t;
        ck_assert_ok(sqlscore_attribution_set_model(a, (int32_t)i));
        ck_assert_ok(sqlscore_attribution_set_model(b, (int32_t)i));
        ck_assert_ok(sqlscore_attribution_run(a, &ra));
        ck_assert_ok(sqlscore_attribution_run(b, &rb));
        for (t = 0; t < 6; t++) {
            int64_t pa, pb, ca, cb;
            ck_assert_ok(sqlscore_attribution_result_touch(ra, t, &pa, &ca));
            ck_assert_ok(sqlscore_attribution_result_touch(rb, t, &pb, &cb));
            ck_assert_int_eq(pa, pb);
            ck_assert_int_eq(ca, cb);
        }
        sqlscore_attribution_result_free(ra);
        sqlscore_attribution_result_free(rb);
    }
    /* Lead x, first touch: chronological 2 (t=3)? no: x has t=5, 3, 4 ->
     * first is touch 2 (t=3), last before 6 is touch 0 (t=5). */
    ck_assert_ok(sqlscore_attribution_set_model(b, SQLSCORE_MODEL_FIRST_TOUCH));
    ck_assert_ok(sqlscore_attribution_run(b, &rb));
    {
        int64_t p;
        ck_assert_ok(sqlscore_attribution_result_touch(rb, 2, &p, NULL));
        ck_assert_int_eq(p, ONE);
        /* Lead y: t=1, 2, 9; conversion 10 -> first is touch 1. */
        ck_assert_ok(sqlscore_attribution_result_touch(rb, 1, &p, NULL));
        ck_assert_int_eq(p, ONE);
    }
    sqlscore_attribution_result_free(rb);

    /* Bad bulk input adds nothing. */
    {
        int32_t badl[2] = {0, 7}, badf[2] = {0, 4};
        ck_assert_status(sqlscore_attribution_add_touches(b, 2, badl, camp, time, NULL),
                         SQLSCORE_EINVAL, "touch 1: lead index 7");
        ck_assert_status(sqlscore_attribution_add_touches(b, 2, lead, badl, time, NULL),
                         SQLSCORE_EINVAL, "touch 1: campaign index 7");
        ck_assert_status(sqlscore_attribution_add_touches(b, 2, lead, camp, time, badf),
                         SQLSCORE_EINVAL, "touch 1: unknown flags");
        ck_assert_status(sqlscore_attribution_add_touches(b, 2, lead, camp, NULL, NULL),
                         SQLSCORE_EINVAL, "time is NULL");
        ck_assert_status(sqlscore_attribution_add_conversions(b, 2, badl, ctime),
                         SQLSCORE_EINVAL, "conversion 1: lead index 7");
        ck_assert_status(sqlscore_attribution_add_touch(b, "x", "A", 0, 8),
                         SQLSCORE_EINVAL, "unknown flags");
        ck_assert_status(sqlscore_attribution_add_touch(b, "x\xc0", "A", 0, 0),
                         SQLSCORE_EINVAL, "lead");
        ck_assert_ok(sqlscore_attribution_add_touches(b, 0, NULL, NULL, NULL, NULL));
        ck_assert_ok(sqlscore_attribution_sizes(b, &nc, &nl, &nt, &nv));
        ck_assert_uint_eq(nt, 6); ck_assert_uint_eq(nv, 2); ck_assert_uint_eq(nl, 2);
    }
    sqlscore_attribution_free(a);
    sqlscore_attribution_free(b);
}
END_TEST

/* ---- random inputs: every conversion's credits sum to exactly 1 -------- */

static uint64_t lcg_state;
static uint32_t lcg(void)
{
    lcg_state = lcg_state * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
    return (uint32_t)(lcg_state >> 33);
}

START_TEST(random_credits_sum_exactly_one)
{
    int round;
    lcg_state = 5;
    for (round = 0; round < 300; round++) {
        sqlscore_attribution *a;
        sqlscore_attribution_result *r;
        /* Mostly small paths; every tenth round a long one (> 24 touches
         * per lead) to reach the merge sort and the sorted remainders. */
        int nleads = 1 + (int)(lcg() % 6), ncamp = 1 + (int)(lcg() % 5);
        int ntouch = (round % 10 == 9) ? 60 + (int)(lcg() % 200) : (int)(lcg() % 30);
        int nconv = (int)(lcg() % 8), i;
        int32_t model = (int32_t)(lcg() % 9);
        int64_t *sum, total = 0, credits[5];
        size_t conv, attributed, t;
        ck_assert_ok(sqlscore_attribution_new(&a));
        for (i = 0; i < nleads; i++)
            ck_assert_ok(sqlscore_attribution_lead(a, (const char *[]){"a", "b", "c", "d", "e", "f"}[i], NULL));
        for (i = 0; i < ncamp; i++)
            ck_assert_ok(sqlscore_attribution_campaign(a, (const char *[]){"P", "Q", "R", "S", "T"}[i], NULL));
        for (i = 0; i < ntouch; i++) {
            int32_t l = (int32_t)(lcg() % (uint32_t)nleads), c = (int32_t)(lcg() % (uint32_t)ncamp);
            int64_t tm = (int64_t)(lcg() % 40) * (DAY / 4);
            int32_t f = (int32_t)(lcg() % 4);
            ck_assert_ok(sqlscore_attribution_add_touches(a, 1, &l, &c, &tm, &f));
        }
        for (i = 0; i < nconv; i++) {
            int32_t l = (int32_t)(lcg() % (uint32_t)nleads);
            int64_t tm = (int64_t)(lcg() % 44) * (DAY / 4);
            ck_assert_ok(sqlscore_attribution_add_conversions(a, 1, &l, &tm));
        }
        if (model == SQLSCORE_MODEL_CUSTOM)
            ck_assert_ok(sqlscore_attribution_set_weights(a, lcg() % 5, lcg() % 5, lcg() % 5,
                                                          lcg() % 5, 1 + lcg() % 5));
        else
            ck_assert_ok(sqlscore_attribution_set_model(a, model));
        ck_assert_ok(sqlscore_attribution_set_half_life(a, 1 + (int64_t)(lcg() % (10 * DAY))));
        ck_assert_ok(sqlscore_attribution_set_lookback(a, (int64_t)(lcg() % 3) * 3 * DAY));
        ck_assert_ok(sqlscore_attribution_run(a, &r));
        ck_assert_ok(sqlscore_attribution_result_summary(r, &conv, &attributed));
        ck_assert_uint_eq(conv, (size_t)nconv);
        sum = calloc((size_t)nconv + 1, sizeof *sum);
        for (t = 0; t < (size_t)ntouch; t++) {
            int64_t p, cv;
            ck_assert_ok(sqlscore_attribution_result_touch(r, t, &p, &cv));
            ck_assert(p >= 0 && p <= ONE);
            if (cv < 0)
                ck_assert_int_eq(p, 0);
            else
                sum[cv] += p;
        }
        {
            size_t nonzero = 0;
            for (i = 0; i < nconv; i++) {
                ck_assert_msg(sum[i] == 0 || sum[i] == ONE, "round %d conversion %d sums to %lld",
                              round, i, (long long)sum[i]);
                nonzero += sum[i] == ONE;
            }
            ck_assert_uint_eq(nonzero, attributed);
        }
        ck_assert_ok(sqlscore_attribution_result_credits(r, 5, credits));
        for (i = 0; i < 5; i++)
            total += credits[i];
        ck_assert_int_eq(total, (int64_t)attributed * ONE);
        free(sum);
        sqlscore_attribution_result_free(r);
        sqlscore_attribution_free(a);
    }
}
END_TEST

/* ---- CPSQL with fractional SQLs, derived counts ------------------------ */

START_TEST(fractional_cpsql_and_counts)
{
    sqlscore_attribution *a;
    sqlscore_attribution_result *r;
    sqlscore_campaign *ca, *cb, *cz;
    int64_t n = 1, d = 1, leads, sqls;
    int32_t ia, ib;
    ck_assert_ok(sqlscore_attribution_new(&a));
    /* Lead 1: A then B, converts; lead 2: A only, converts; lead 3: B, no
     * conversion.  Linear: A gets 0.5 + 1 = 1.5 SQLs, B 0.5. */
    ck_assert_ok(sqlscore_attribution_add_touch(a, "l1", "A", 1, 0));
    ck_assert_ok(sqlscore_attribution_add_touch(a, "l1", "B", 2, 0));
    ck_assert_ok(sqlscore_attribution_add_touch(a, "l2", "A", 3, 0));
    ck_assert_ok(sqlscore_attribution_add_touch(a, "l3", "B", 4, 0));
    ck_assert_ok(sqlscore_attribution_add_conversion(a, "l1", 10));
    ck_assert_ok(sqlscore_attribution_add_conversion(a, "l2", 10));
    ck_assert_ok(sqlscore_attribution_run(a, &r));
    ck_assert_ok(sqlscore_attribution_find_campaign(a, "A", &ia));
    ck_assert_ok(sqlscore_attribution_find_campaign(a, "B", &ib));
    ck_assert_ok(sqlscore_attribution_campaign_counts(a, r, ia, &leads, &sqls));
    ck_assert_int_eq(leads, 2); ck_assert_int_eq(sqls, 2);
    ck_assert_ok(sqlscore_attribution_campaign_counts(a, r, ib, &leads, &sqls));
    ck_assert_int_eq(leads, 2); ck_assert_int_eq(sqls, 1);
    ck_assert_status(sqlscore_attribution_campaign_counts(a, r, 2, &leads, &sqls),
                     SQLSCORE_ENOTFOUND, "campaign 2");

    ck_assert_ok(sqlscore_campaign_new(&ca, "A", NULL, "USD"));
    ck_assert_ok(sqlscore_campaign_add_spend(ca, 100000, NULL, SQLSCORE_SPEND_MARKETING, 0));
    ck_assert_ok(sqlscore_campaign_new(&cb, "B", NULL, "USD"));
    ck_assert_ok(sqlscore_campaign_add_spend(cb, 30000, NULL, SQLSCORE_SPEND_SALES, 0));
    ck_assert_ok(sqlscore_campaign_new(&cz, "Z", NULL, "USD"));
    /* A: 1000.00 / 1.5 = 666.666... = 200000/3 cents. */
    ck_assert_ok(sqlscore_attribution_cpsql(a, r, ca, NULL, EVEN, 0, &n, &d));
    ck_assert_int_eq(n, 200000); ck_assert_int_eq(d, 3);
    /* B: 300.00 / 0.5 = 600.00. */
    ck_assert_ok(sqlscore_attribution_cpsql(a, r, cb, NULL, EVEN, 0, &n, &d));
    ck_assert_int_eq(n, 60000); ck_assert_int_eq(d, 1);
    /* Floor of one whole SQL: B's 0.5 is below it. */
    ck_assert_status(sqlscore_attribution_cpsql(a, r, cb, NULL, EVEN, ONE, &n, &d),
                     SQLSCORE_EUNDEFINED, "500000 ppm of SQL credit, below the floor of 1000000");
    ck_assert_ok(sqlscore_attribution_cpsql(a, r, cb, NULL, EVEN, 500000, &n, &d));
    ck_assert_status(sqlscore_attribution_cpsql(a, r, cz, NULL, EVEN, 0, &n, &d),
                     SQLSCORE_EUNDEFINED, "'Z' has no SQL credit");
    ck_assert_status(sqlscore_attribution_cpsql(a, r, ca, NULL, EVEN, -1, &n, &d),
                     SQLSCORE_EINVAL, "negative");
    /* Changing the data makes the old result stale. */
    ck_assert_ok(sqlscore_attribution_add_touch(a, "l3", "A", 5, 0));
    ck_assert_status(sqlscore_attribution_cpsql(a, r, ca, NULL, EVEN, 0, &n, &d),
                     SQLSCORE_ESTATE, "run it again");
    ck_assert_status(sqlscore_attribution_campaign_counts(a, r, ia, &leads, &sqls),
                     SQLSCORE_ESTATE, "run it again");
    ck_assert_int_eq(n, 60000);
    sqlscore_attribution_result_free(r);
    sqlscore_campaign_free(ca);
    sqlscore_campaign_free(cb);
    sqlscore_campaign_free(cz);
    sqlscore_attribution_free(a);
}
END_TEST

/* ---- portfolios: period vs cohort -------------------------------------- */

START_TEST(portfolio_period_and_cohort)
{
    sqlscore_attribution *a;
    sqlscore_attribution_result *r;
    sqlscore_campaign *ca, *cb;
    sqlscore_portfolio *p;
    int64_t spend, leads, sqls, credit, n, d;
    ck_assert_ok(sqlscore_attribution_new(&a));
    /* January = [0, 31 days), February = [31, 59 days).
     * l1: created by A on Jan 5, B touch Feb 2, SQL Feb 10.
     * l2: created by B on Jan 20, SQL Jan 25.
     * l3: A touch Feb 3 (no creation flag: created then), SQL Feb 20. */
    ck_assert_ok(sqlscore_attribution_add_touch(a, "l1", "A", 5 * DAY, LC));
    ck_assert_ok(sqlscore_attribution_add_touch(a, "l1", "B", 33 * DAY, 0));
    ck_assert_ok(sqlscore_attribution_add_conversion(a, "l1", 41 * DAY));
    ck_assert_ok(sqlscore_attribution_add_touch(a, "l2", "B", 20 * DAY, LC));
    ck_assert_ok(sqlscore_attribution_add_conversion(a, "l2", 25 * DAY));
    ck_assert_ok(sqlscore_attribution_add_touch(a, "l3", "A", 34 * DAY, 0));
    ck_assert_ok(sqlscore_attribution_add_conversion(a, "l3", 51 * DAY));
    ck_assert_ok(sqlscore_attribution_set_model(a, SQLSCORE_MODEL_LINEAR));
    ck_assert_ok(sqlscore_attribution_run(a, &r));
    /* Credits: l1 A 0.5 B 0.5; l2 B 1; l3 A 1. */
    ck_assert_ok(sqlscore_campaign_new(&ca, "A", NULL, "USD"));
    ck_assert_ok(sqlscore_campaign_add_spend(ca, 10000, NULL, SQLSCORE_SPEND_MARKETING, 1 * DAY));
    ck_assert_ok(sqlscore_campaign_add_spend(ca, 20000, NULL, SQLSCORE_SPEND_MARKETING, 32 * DAY));
    ck_assert_ok(sqlscore_campaign_new(&cb, "B", NULL, "USD"));
    ck_assert_ok(sqlscore_campaign_add_spend(cb, 40000, NULL, SQLSCORE_SPEND_SALES, 15 * DAY));
    ck_assert_ok(sqlscore_portfolio_new(&p, "USD"));
    ck_assert_ok(sqlscore_portfolio_add(p, ca));
    ck_assert_ok(sqlscore_portfolio_add(p, cb));

    /* Period = February.  A: spend 200.00; leads touched in Feb: l3 (l1's
     * A touch was in Jan) = 1; SQLs in Feb with an A touch: l1, l3 = 2;
     * credit 0.5 + 1 = 1.5.  B: spend 0; leads touched in Feb: l1; SQLs in
     * Feb: l1 (l2's was in Jan); credit 0.5. */
    ck_assert_ok(sqlscore_portfolio_compute(p, a, r, SQLSCORE_COUNT_PERIOD, 31 * DAY, 59 * DAY, NULL, EVEN));
    ck_assert_ok(sqlscore_portfolio_row(p, 0, NULL, &spend, &leads, &sqls, &credit));
    ck_assert_int_eq(spend, 20000); ck_assert_int_eq(leads, 1);
    ck_assert_int_eq(sqls, 2); ck_assert_int_eq(credit, 1500000);
    ck_assert_ok(sqlscore_portfolio_row(p, 1, NULL, &spend, &leads, &sqls, &credit));
    ck_assert_int_eq(spend, 0); ck_assert_int_eq(leads, 1);
    ck_assert_int_eq(sqls, 1); ck_assert_int_eq(credit, 500000);
    /* Totals: 200.00; distinct leads l1, l3 = 2; SQLs l1, l3 = 2; credit 2. */
    ck_assert_ok(sqlscore_portfolio_total(p, &spend, &leads, &sqls, &credit));
    ck_assert_int_eq(spend, 20000); ck_assert_int_eq(leads, 2);
    ck_assert_int_eq(sqls, 2); ck_assert_int_eq(credit, 2000000);
    ck_assert_ok(sqlscore_portfolio_cpsql(p, 0, 0, &n, &d));
    ck_assert_int_eq(n, 40000); ck_assert_int_eq(d, 3);   /* 20000 / 1.5 */
    ck_assert_ok(sqlscore_portfolio_cpsql(p, SIZE_MAX, 0, &n, &d));
    ck_assert_int_eq(n, 10000); ck_assert_int_eq(d, 1);

    /* Cohort = January: leads created in Jan are l1 (Jan 5) and l2 (Jan
     * 20).  A: spend in Jan 100.00; cohort leads with an A touch: l1; their
     * SQLs with an A touch: l1 (in Feb, still counted); credit 0.5.
     * B: spend 400.00; leads l1, l2; SQLs l1, l2; credit 0.5 + 1 = 1.5. */
    ck_assert_ok(sqlscore_portfolio_compute(p, a, r, SQLSCORE_COUNT_COHORT, 0, 31 * DAY, NULL, EVEN));
    ck_assert_ok(sqlscore_portfolio_row(p, 0, NULL, &spend, &leads, &sqls, &credit));
    ck_assert_int_eq(spend, 10000); ck_assert_int_eq(leads, 1);
    ck_assert_int_eq(sqls, 1); ck_assert_int_eq(credit, 500000);
    ck_assert_ok(sqlscore_portfolio_row(p, 1, NULL, &spend, &leads, &sqls, &credit));
    ck_assert_int_eq(spend, 40000); ck_assert_int_eq(leads, 2);
    ck_assert_int_eq(sqls, 2); ck_assert_int_eq(credit, 1500000);
    ck_assert_ok(sqlscore_portfolio_total(p, &spend, &leads, &sqls, &credit));
    ck_assert_int_eq(spend, 50000); ck_assert_int_eq(leads, 2);
    ck_assert_int_eq(sqls, 2); ck_assert_int_eq(credit, 2000000);
    /* Cohort February: only l3 (created Feb 3 by its first touch). */
    ck_assert_ok(sqlscore_portfolio_compute(p, a, r, SQLSCORE_COUNT_COHORT, 31 * DAY, 59 * DAY, NULL, EVEN));
    ck_assert_ok(sqlscore_portfolio_total(p, &spend, &leads, &sqls, &credit));
    ck_assert_int_eq(spend, 20000); ck_assert_int_eq(leads, 1);
    ck_assert_int_eq(sqls, 1); ck_assert_int_eq(credit, 1000000);
    ck_assert_status(sqlscore_portfolio_compute(p, a, r, SQLSCORE_COUNT_COHORT, 5, 5, NULL, EVEN),
                     SQLSCORE_EINVAL, "empty period");
    /* A failed compute keeps the previous table. */
    ck_assert_ok(sqlscore_portfolio_total(p, &spend, NULL, NULL, NULL));
    ck_assert_int_eq(spend, 20000);
    ck_assert_ok(sqlscore_attribution_add_conversion(a, "l9", 0));
    ck_assert_status(sqlscore_portfolio_compute(p, a, r, SQLSCORE_COUNT_PERIOD, 0, 1, NULL, EVEN),
                     SQLSCORE_ESTATE, "run it again");
    /* Adding a campaign invalidates the table. */
    {
        sqlscore_campaign *cc;
        ck_assert_ok(sqlscore_campaign_new(&cc, "C", NULL, "USD"));
        ck_assert_ok(sqlscore_portfolio_add(p, cc));
        ck_assert_status(sqlscore_portfolio_row(p, 0, NULL, NULL, NULL, NULL, NULL),
                         SQLSCORE_ESTATE, "compute");
        sqlscore_campaign_free(cc);
    }
    sqlscore_portfolio_free(p);
    sqlscore_campaign_free(ca);
    sqlscore_campaign_free(cb);
    sqlscore_attribution_result_free(r);
    sqlscore_attribution_free(a);
}
END_TEST

/* ---- allocation failures ------------------------------------------------ */

START_TEST(attribution_alloc_failures)
{
    sqlscore_attribution *a = NULL;
    sqlscore_attribution_result *r = NULL;
    sqlscore_portfolio *p;
    sqlscore_campaign *c;
    long k, before;
    int rc, i;
    size_t nc, nl, nt;

    for (k = 1;; k++) {
        before = sqlscore_test_alloc_live();
        sqlscore_test_fail_after(k);
        rc = sqlscore_attribution_new(&a);
        sqlscore_test_alloc_reset();
        if (rc == SQLSCORE_OK)
            break;
        ck_assert_int_eq(rc, SQLSCORE_ENOMEM);
        ck_assert_int_eq(sqlscore_test_alloc_live(), before);
    }
    /* The very first touch and conversion allocate every array and table:
     * a failure must give all of it back. */
    for (k = 1;; k++) {
        before = sqlscore_test_alloc_live();
        sqlscore_test_fail_after(k);
        rc = sqlscore_attribution_add_touch(a, "first-lead", "first-campaign", 1, 0);
        sqlscore_test_alloc_reset();
        if (rc == SQLSCORE_OK)
            break;
        ck_assert_int_eq(rc, SQLSCORE_ENOMEM);
        ck_assert_int_eq(sqlscore_test_alloc_live(), before);
        ck_assert_ok(sqlscore_attribution_sizes(a, &nc, &nl, &nt, NULL));
        ck_assert_uint_eq(nc + nl + nt, 0);
    }
    sqlscore_attribution_free(a);
    ck_assert_ok(sqlscore_attribution_new(&a));
    for (k = 1;; k++) {
        before = sqlscore_test_alloc_live();
        sqlscore_test_fail_after(k);
        rc = sqlscore_attribution_add_conversion(a, "first-lead", 1);
        sqlscore_test_alloc_reset();
        if (rc == SQLSCORE_OK)
            break;
        ck_assert_int_eq(rc, SQLSCORE_ENOMEM);
        ck_assert_int_eq(sqlscore_test_alloc_live(), before);
    }
    sqlscore_attribution_free(a);
    ck_assert_ok(sqlscore_attribution_new(&a));
    for (k = 1;; k++) {
        before = sqlscore_test_alloc_live();
        sqlscore_test_fail_after(k);
        rc = sqlscore_attribution_campaign(a, "first-campaign", NULL);
        sqlscore_test_alloc_reset();
        if (rc == SQLSCORE_OK)
            break;
        ck_assert_int_eq(rc, SQLSCORE_ENOMEM);
        ck_assert_int_eq(sqlscore_test_alloc_live(), before);
    }
    sqlscore_attribution_free(a);
    ck_assert_ok(sqlscore_attribution_new(&a));
    /* Fill to the edge of every capacity (8 touches, 64 hash slots / 2). */
    for (i = 0; i < 8; i++) {
        char l[8];
        snprintf(l, sizeof l, "l%d", i);
        ck_assert_ok(sqlscore_attribution_add_touch(a, l, i % 2 ? "A" : "B", i, i == 0 ? LC : 0));
        ck_assert_ok(sqlscore_attribution_add_conversion(a, l, 100));
    }
    for (i = 8; i < 32; i++) {
        char l[8];
        snprintf(l, sizeof l, "l%d", i);
        ck_assert_ok(sqlscore_attribution_lead(a, l, NULL));
    }
    /* A touch with two new ids that needs every array and table to grow. */
    for (k = 1;; k++) {
        before = sqlscore_test_alloc_live();
        sqlscore_test_fail_after(k);
        rc = sqlscore_attribution_add_touch(a, "new-lead", "new-campaign", 50, OC);
        sqlscore_test_alloc_reset();
        if (rc == SQLSCORE_OK)
            break;
        ck_assert_int_eq(rc, SQLSCORE_ENOMEM);
        ck_assert_int_eq(sqlscore_test_alloc_live(), before);
        ck_assert_ok(sqlscore_attribution_sizes(a, &nc, &nl, &nt, NULL));
        ck_assert_uint_eq(nc, 2); ck_assert_uint_eq(nl, 32); ck_assert_uint_eq(nt, 8);
        {
            int32_t idx;
            ck_assert_status(sqlscore_attribution_find_lead(a, "new-lead", &idx), SQLSCORE_ENOTFOUND, "new-lead");
            ck_assert_status(sqlscore_attribution_find_campaign(a, "new-campaign", &idx), SQLSCORE_ENOTFOUND, "new-campaign");
        }
    }
    ck_assert_int_gt(k, 4);
    for (k = 1;; k++) {
        before = sqlscore_test_alloc_live();
        sqlscore_test_fail_after(k);
        rc = sqlscore_attribution_add_conversion(a, "another", 60);
        sqlscore_test_alloc_reset();
        if (rc == SQLSCORE_OK)
            break;
        ck_assert_int_eq(rc, SQLSCORE_ENOMEM);
        ck_assert_int_eq(sqlscore_test_alloc_live(), before);
    }
    ck_assert_ok(sqlscore_attribution_set_model(a, SQLSCORE_MODEL_W_SHAPED));
    for (k = 1;; k++) {
        before = sqlscore_test_alloc_live();
        sqlscore_test_fail_after(k);
        rc = sqlscore_attribution_run(a, &r);
        sqlscore_test_alloc_reset();
        if (rc == SQLSCORE_OK)
            break;
        ck_assert_int_eq(rc, SQLSCORE_ENOMEM);
        ck_assert_int_eq(sqlscore_test_alloc_live(), before);
    }
    {
        int64_t p0;
        ck_assert_ok(sqlscore_attribution_result_touch(r, 0, &p0, NULL));
        ck_assert_int_eq(p0, ONE);
    }
    ck_assert_ok(sqlscore_portfolio_new(&p, "USD"));
    ck_assert_ok(sqlscore_campaign_new(&c, "A", NULL, "USD"));
    ck_assert_ok(sqlscore_campaign_add_spend(c, 700, NULL, SQLSCORE_SPEND_SALES, 3));
    for (k = 1;; k++) {
        size_t n;
        before = sqlscore_test_alloc_live();
        sqlscore_test_fail_after(k);
        rc = sqlscore_portfolio_add(p, c);
        sqlscore_test_alloc_reset();
        if (rc == SQLSCORE_OK)
            break;
        ck_assert_int_eq(rc, SQLSCORE_ENOMEM);
        ck_assert_int_eq(sqlscore_test_alloc_live(), before);
        ck_assert_ok(sqlscore_portfolio_size(p, &n));
        ck_assert_uint_eq(n, 0);
    }
    for (k = 1;; k++) {
        int32_t counting = (int32_t)(k % 2) + 1;   /* period and cohort in turn */
        before = sqlscore_test_alloc_live();
        sqlscore_test_fail_after(k);
        rc = sqlscore_portfolio_compute(p, a, r, counting, 0, 1000, NULL, EVEN);
        sqlscore_test_alloc_reset();
        if (rc == SQLSCORE_OK && counting == SQLSCORE_COUNT_COHORT)
            break;
        if (rc == SQLSCORE_OK)
            continue;
        ck_assert_int_eq(rc, SQLSCORE_ENOMEM);
        ck_assert_int_eq(sqlscore_test_alloc_live(), before);
    }
    {
        int64_t leads, credit, spend;
        /* A touched l1, l3, l5, l7 (odd i); its credit: their conversions
         * at 100, one touch each = 4 SQLs. */
        ck_assert_ok(sqlscore_portfolio_row(p, 0, NULL, &spend, &leads, NULL, &credit));
        ck_assert_int_eq(spend, 700); ck_assert_int_eq(leads, 4); ck_assert_int_eq(credit, 4 * ONE);
    }
    sqlscore_campaign_free(c);
    sqlscore_portfolio_free(p);
    sqlscore_attribution_result_free(r);
    sqlscore_attribution_free(a);
}
END_TEST

/* Grouping by lead works in partitions of 1024 leads: 3000 leads (three
 * partitions), touches added in an order that interleaves all of them.
 * Lead l has (l % 3) + 1 touches at times 30, 20, 10 (added newest first),
 * from campaign l % 7, the one at time 20 flagged lead creation; it
 * converts at 100.  W-shaped, by hand: one touch: 100 %; two touches
 * (times 20, 30 after sorting): the first is also the lead-creation touch
 * (30 + 30), the other is middle (10), opportunity creation is absent:
 * 60/70 and 10/70 -> 857143 and 142857; three touches (10, 20, 30): first
 * 30, lead creation 30, middle 10 -> 3/7, 3/7, 1/7 -> 428572, 428571,
 * 142857 (the leftover ppm to the earlier of the tied remainders). */
START_TEST(grouping_across_partitions)
{
    enum { NL = 3000 };
    static int32_t tl[3 * NL], tc[3 * NL], tf[3 * NL], cl[NL];
    static int64_t tt[3 * NL], ct[NL];
    static size_t first_touch[NL];
    sqlscore_attribution *a;
    sqlscore_attribution_result *r;
    size_t n = 0, i, conv, attributed;
    int64_t credits[7], want[7] = {0};
    int round;
    char id[16];
    ck_assert_ok(sqlscore_attribution_new(&a));
    for (i = 0; i < 7; i++) {
        snprintf(id, sizeof id, "c%zu", i);
        ck_assert_ok(sqlscore_attribution_campaign(a, id, NULL));
    }
    for (i = 0; i < NL; i++) {
        snprintf(id, sizeof id, "l%zu", i);
        ck_assert_ok(sqlscore_attribution_lead(a, id, NULL));
        cl[i] = (int32_t)i;
        ct[i] = 100;
    }
    /* round 0 adds every lead's time-30 touch, round 1 the time-20 ones
     * (leads with 2+ touches), round 2 the time-10 ones (3 touches); the
     * leads are visited from the last to the first */
    for (round = 0; round < 3; round++)
        for (i = NL; i-- > 0;) {
            size_t k = i % 3 + 1;
            if ((size_t)round >= k)
                continue;
            if (round == 0)
                first_touch[i] = n;
            tl[n] = (int32_t)i;
            tc[n] = (int32_t)(i % 7);
            tt[n] = 30 - 10 * round;
            tf[n] = round == 1 ? LC : 0;
            n++;
        }
    ck_assert_ok(sqlscore_attribution_add_touches(a, n, tl, tc, tt, tf));
    ck_assert_ok(sqlscore_attribution_add_conversions(a, NL, cl, ct));
    ck_assert_ok(sqlscore_attribution_set_model(a, SQLSCORE_MODEL_W_SHAPED));
    ck_assert_ok(sqlscore_attribution_run(a, &r));
    ck_assert_ok(sqlscore_attribution_result_summary(r, &conv, &attributed));
    ck_assert_uint_eq(conv, NL);
    ck_assert_uint_eq(attributed, NL);
    for (i = 0; i < n; i++) {
        int64_t p, cv, expect;
        size_t k = (size_t)tl[i] % 3 + 1;
        ck_assert_ok(sqlscore_attribution_result_touch(r, i, &p, &cv));
        ck_assert_int_eq(cv, tl[i]);
        if (k == 1)
            expect = ONE;
        else if (k == 2)
            expect = tt[i] == 20 ? 857143 : 142857;
        else
            expect = tt[i] == 10 ? 428572 : tt[i] == 20 ? 428571 : 142857;
        ck_assert_int_eq(p, expect);
        want[tc[i]] += p;
    }
    ck_assert_uint_eq(first_touch[0], n - 1 - 2 * (NL / 3) - (NL / 3));
    ck_assert_ok(sqlscore_attribution_result_credits(r, 7, credits));
    for (i = 0; i < 7; i++)
        ck_assert_int_eq(credits[i], want[i]);
    sqlscore_attribution_result_free(r);
    sqlscore_attribution_free(a);
}
END_TEST

/* Many touches (three write-back buckets of 65536), leads with a handful
 * of touches and leads with hundreds, equal times, touches after the last
 * conversion, leads that never convert and leads converting several
 * times: first touch, last touch and linear credits of every touch against
 * a reference computed here from the definitions, one touch at a time.  A
 * touch belongs to its lead's earliest conversion at or after it (ties:
 * the one added first); that conversion's touches, in time order (ties:
 * order added), share 1,000,000 ppm: linear gives 1000000 / m to each and
 * one more to the first 1000000 % m. */
START_TEST(many_touches_match_reference)
{
    enum { NL = 5000, NT = 150000, NC = 6000, NCAMP = 13 };
    static int32_t tl[NT], tc[NT], cl[NC];
    static int64_t tt[NT], ct[NC];
    static int64_t ref_conv[NT], ref_rank[NT], ref_m[NT];
    static size_t lead_conv_start[NL + 1], lead_convs[NC];
    const int32_t models[3] = {SQLSCORE_MODEL_FIRST_TOUCH, SQLSCORE_MODEL_LAST_TOUCH,
                               SQLSCORE_MODEL_LINEAR};
    sqlscore_attribution *a;
    size_t i, j, k, m;
    char id[16];
    lcg_state = 11;
    ck_assert_ok(sqlscore_attribution_new(&a));
    for (i = 0; i < NCAMP; i++) {
        snprintf(id, sizeof id, "c%zu", i);
        ck_assert_ok(sqlscore_attribution_campaign(a, id, NULL));
    }
    for (i = 0; i < NL; i++) {
        snprintf(id, sizeof id, "l%zu", i);
        ck_assert_ok(sqlscore_attribution_lead(a, id, NULL));
    }
    for (i = 0; i < NT; i++) {
        /* a quarter of the touches on leads 0..49: hundreds each */
        tl[i] = (int32_t)(lcg() % 4 == 0 ? lcg() % 50 : lcg() % NL);
        tc[i] = (int32_t)(lcg() % NCAMP);
        tt[i] = (int64_t)(lcg() % 1000);
    }
    for (i = 0; i < NC; i++) {
        /* leads 4000.. never convert */
        cl[i] = (int32_t)(lcg() % 4000);
        ct[i] = (int64_t)(lcg() % 1100);
    }
    ck_assert_ok(sqlscore_attribution_add_touches(a, NT, tl, tc, tt, NULL));
    ck_assert_ok(sqlscore_attribution_add_conversions(a, NC, cl, ct));

    /* Reference: each lead's conversions by (time, number). */
    for (i = 0; i < NC; i++)
        lead_conv_start[cl[i] + 1]++;
    for (i = 0; i < NL; i++)
        lead_conv_start[i + 1] += lead_conv_start[i];
    {
        size_t fill[NL];
        memcpy(fill, lead_conv_start, sizeof fill);
        for (i = 0; i < NC; i++)
            lead_convs[fill[cl[i]]++] = i;
    }
    for (i = 0; i < NL; i++)
        for (j = lead_conv_start[i] + 1; j < lead_conv_start[i + 1]; j++)
            for (k = j; k > lead_conv_start[i] && ct[lead_convs[k - 1]] > ct[lead_convs[k]]; k--) {
                size_t x = lead_convs[k];
                lead_convs[k] = lead_convs[k - 1];
                lead_convs[k - 1] = x;
            }
    /* Each touch's conversion, then its rank among that conversion's
     * touches and their number. */
    for (i = 0; i < NT; i++) {
        ref_conv[i] = -1;
        for (j = lead_conv_start[tl[i]]; j < lead_conv_start[tl[i] + 1]; j++)
            if (ct[lead_convs[j]] >= tt[i]) {
                ref_conv[i] = (int64_t)lead_convs[j];
                break;
            }
    }
    {
        /* touches of each conversion, in the order added */
        static size_t cstart[NC + 1], ctouch[NT];
        size_t fill[NC];
        for (i = 0; i < NT; i++)
            if (ref_conv[i] >= 0)
                cstart[ref_conv[i] + 1]++;
        for (i = 0; i < NC; i++)
            cstart[i + 1] += cstart[i];
        memcpy(fill, cstart, sizeof fill);
        for (i = 0; i < NT; i++)
            if (ref_conv[i] >= 0)
                ctouch[fill[ref_conv[i]]++] = i;
        for (i = 0; i < NC; i++)
            for (j = cstart[i]; j < cstart[i + 1]; j++) {
                size_t r = 0, ti = ctouch[j];
                for (k = cstart[i]; k < cstart[i + 1]; k++) {
                    size_t tk = ctouch[k];
                    r += tt[tk] < tt[ti] || (tt[tk] == tt[ti] && tk < ti);
                }
                ref_rank[ti] = (int64_t)r;
                ref_m[ti] = (int64_t)(cstart[i + 1] - cstart[i]);
            }
    }

    for (m = 0; m < 3; m++) {
        sqlscore_attribution_result *r;
        int64_t credits[NCAMP], want[NCAMP] = {0};
        size_t attributed, want_attributed = 0;
        ck_assert_ok(sqlscore_attribution_set_model(a, models[m]));
        ck_assert_ok(sqlscore_attribution_run(a, &r));
        for (i = 0; i < NT; i++) {
            int64_t p, cv, expect = 0;
            ck_assert_ok(sqlscore_attribution_result_touch(r, i, &p, &cv));
            ck_assert_msg(cv == ref_conv[i], "model %d touch %zu: conversion %lld, want %lld",
                          (int)models[m], i, (long long)cv, (long long)ref_conv[i]);
            if (cv >= 0) {
                int64_t n = ref_m[i], rank = ref_rank[i];
                if (models[m] == SQLSCORE_MODEL_FIRST_TOUCH)
                    expect = rank == 0 ? ONE : 0;
                else if (models[m] == SQLSCORE_MODEL_LAST_TOUCH)
                    expect = rank == n - 1 ? ONE : 0;
                else
                    expect = ONE / n + (rank < ONE % n ? 1 : 0);
                want_attributed += rank == 0;
            }
            ck_assert_msg(p == expect, "model %d touch %zu: %lld ppm, want %lld",
                          (int)models[m], i, (long long)p, (long long)expect);
            want[tc[i]] += p;
        }
        ck_assert_ok(sqlscore_attribution_result_summary(r, NULL, &attributed));
        ck_assert_uint_eq(attributed, want_attributed);
        ck_assert_ok(sqlscore_attribution_result_credits(r, NCAMP, credits));
        for (i = 0; i < NCAMP; i++)
            ck_assert_int_eq(credits[i], want[i]);
        sqlscore_attribution_result_free(r);
    }
    sqlscore_attribution_free(a);
}
END_TEST

Suite *sqlscore_test_suite(void)
{
    Suite *s = suite_create("attribution");
    TCase *tc = tcase_create("attribution");
    tcase_add_test(tc, model_first_last_linear);
    tcase_add_test(tc, model_time_decay);
    tcase_add_test(tc, model_position_u_w_full);
    tcase_add_test(tc, model_custom_weights);
    tcase_add_test(tc, edge_one_and_two_touches);
    tcase_add_test(tc, edge_anchors_on_same_touch);
    tcase_add_test(tc, equal_times_keep_insertion_order);
    tcase_add_test(tc, lookback_and_multiple_conversions);
    tcase_add_test(tc, bulk_and_string_apis_agree);
    tcase_add_test(tc, random_credits_sum_exactly_one);
    tcase_add_test(tc, grouping_across_partitions);
    tcase_add_test(tc, many_touches_match_reference);
    tcase_add_test(tc, fractional_cpsql_and_counts);
    tcase_add_test(tc, portfolio_period_and_cohort);
    tcase_add_test(tc, attribution_alloc_failures);
    suite_add_tcase(s, tc);
    return s;
}
