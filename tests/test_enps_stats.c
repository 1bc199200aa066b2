/*
 * test_enps_stats.c - the normal quantile, exact rounding, variance, SE,
 * Wald and adjusted-Wald intervals, comparisons and the suppression rule.
 *
 * Expected values are worked out from the definitions (GUIDE.md section 3)
 * by hand or with an independent arbitrary-precision computation, noted in
 * the comments; they are not outputs of this library.
 */
#include "testutil.h"
#include "survey_internal.h"

#include <math.h>
#include <stdio.h>

#define ck_close(x, want, tol)                                                          \
    ck_assert_msg(fabs((x) - (want)) <= (tol), "%s = %.17g, expected %.17g", #x, (double)(x), \
                  (double)(want))

/* z_{0.975} = 1.959963984540054235524594430520551527955550... */
START_TEST(normal_quantile_full_precision)
{
    char buf[32];
    double z = sqlscore__z_for_level(0.95);
    ck_close(z, 1.959963984540054235524594430520551527955550, 2.3e-16); /* within 1 ulp */
    snprintf(buf, sizeof buf, "%.15f", z);
    ck_assert_str_eq(buf, "1.959963984540054");
    ck_close(sqlscore__norm_quantile(0.975), z, 0);
    /* Reference values to 30+ digits (so that 1 ulp is a fair tolerance):
     * z_0.95, z_0.995, z_0.90, the far tail. */
    ck_close(sqlscore__z_for_level(0.90), 1.644853626951472714863848907991632, 2.3e-16);
    ck_close(sqlscore__z_for_level(0.99), 2.575829303548900384158745153699, 4.5e-16);
    /* The double 0.9 is 0.90000000000000002220446...; its quantile is
     * 1.28155156554460059 (1.2815515655446004670 for the real 0.9 plus
     * 2.2e-17 / phi(z)); allow one ulp either side of it. */
    ck_close(sqlscore__norm_quantile(0.9), 1.28155156554460059, 2.3e-16);
    ck_close(sqlscore__norm_quantile(1e-10), -6.3613409024040557, 2e-15);
    ck_close(sqlscore__norm_quantile(0.5), 0.0, 1e-300);
    ck_close(sqlscore__norm_quantile(0.1586552539314571), -1.0, 4.5e-16); /* Phi(-1) */
    /* Symmetry, and Phi(quantile(p)) = p through erfc (a second method). */
    {
        static const double ps[] = { 1e-300, 1e-20, 1e-5, 0.01, 0.02425, 0.1, 0.3, 0.499,
                                     0.7, 0.97575, 0.99, 0.999999 };
        size_t i;
        for (i = 0; i < sizeof ps / sizeof ps[0]; i++) {
            double x = sqlscore__norm_quantile(ps[i]);
            double back = 0.5 * erfc(-x / sqrt(2.0));
            /* One ulp of x moves Phi(x) by a relative |x| ulp in the tail. */
            double tol = 4e-15 * ps[i] * (fabs(x) > 1 ? fabs(x) : 1);
            ck_assert_msg(fabs(back - ps[i]) <= tol, "p=%g x=%.17g back=%.17g", ps[i], x, back);
            if (ps[i] < 0.5 && ps[i] > 1e-16) {
                /* u in [0.5, 1): 1 - u is exact, so the two must mirror. */
                double u = 1 - ps[i];
                ck_close(sqlscore__norm_quantile(u), -sqlscore__norm_quantile(1 - u),
                         1e-15 * fabs(x) + 1e-15);
            }
        }
    }
}
END_TEST

static sqlscore_enps_result *mk(uint64_t d, uint64_t p, uint64_t q, int32_t rounding)
{
    sqlscore_enps_result *r = NULL;
    ck_assert_ok(sqlscore_enps_result_new(&r, d, p, q, 0.95, rounding));
    return r;
}

START_TEST(score_variance_and_intervals_by_hand)
{
    /* 2 detractors, 3 passives, 5 promoters: p = .5, d = .2, eNPS = 30;
     * var = .5 + .2 - .3^2 = .61; SE = 100 sqrt(.061) = 24.698178070456937;
     * margin = z SE = 48.407539501852554; Wald 30 -/+ margin.
     * Adjusted: 2.75 / 4.5 / 5.75 of 13: e = 3/13 = 23.076923..., var =
     * .60059171597633, SE = 21.494037025977720, bounds -19.05061537636366 and
     * 65.20446153020981. */
    sqlscore_enps_result *r = mk(2, 3, 5, SQLSCORE_ROUND_HALF_EVEN);
    double e, v, se, m, lo, hi;
    int32_t rd;
    uint64_t n, sk, d, p, q;
    int32_t sup;
    ck_assert_ok(sqlscore_enps_result_n(r, &n, &sk, &sup));
    ck_assert_uint_eq(n, 10);
    ck_assert_uint_eq(sk, 0);
    ck_assert_int_eq(sup, 0);
    ck_assert_ok(sqlscore_enps_result_counts(r, &d, &p, &q));
    ck_assert_uint_eq(d, 2);
    ck_assert_uint_eq(p, 3);
    ck_assert_uint_eq(q, 5);
    ck_assert_ok(sqlscore_enps_result_score(r, &e, &rd));
    ck_close(e, 30.0, 1e-12);
    ck_assert_int_eq(rd, 30);
    ck_assert_ok(sqlscore_enps_result_spread(r, &v, &se, &m));
    ck_close(v, 0.61, 1e-15);
    ck_close(se, 24.69817807045694, 1e-12);
    ck_close(m, 48.407539501852554, 1e-12);
    ck_assert_ok(sqlscore_enps_result_interval(r, SQLSCORE_ENPS_WALD, &lo, &hi));
    ck_close(lo, -18.407539501852554, 1e-12);
    ck_close(hi, 78.40753950185255, 1e-12);
    ck_assert_ok(sqlscore_enps_result_interval(r, SQLSCORE_ENPS_ADJUSTED_WALD, &lo, &hi));
    ck_close(lo, -19.05061537636366, 1e-12);
    ck_close(hi, 65.20446153020981, 1e-12);
    ck_assert_status(sqlscore_enps_result_interval(r, 7, &lo, &hi), SQLSCORE_EINVAL, "method 7");
    /* NULL out-parameters are allowed. */
    ck_assert_ok(sqlscore_enps_result_score(r, NULL, NULL));
    sqlscore_enps_result_free(r);
}
END_TEST

START_TEST(degenerate_groups)
{
    double e, v, se, lo, hi;
    int32_t rd;
    /* All passives: eNPS 0, variance 0, Wald [0, 0]; adjusted 0.75/8.5/0.75
     * of 10: var = .15, SE = 100 sqrt(.015), bounds -/+ 24.004558381776544. */
    sqlscore_enps_result *r = mk(0, 7, 0, SQLSCORE_ROUND_HALF_EVEN);
    ck_assert_ok(sqlscore_enps_result_score(r, &e, &rd));
    ck_close(e, 0, 0);
    ck_assert_int_eq(rd, 0);
    ck_assert_ok(sqlscore_enps_result_spread(r, &v, &se, NULL));
    ck_close(v, 0, 0);
    ck_close(se, 0, 0);
    ck_assert_ok(sqlscore_enps_result_interval(r, SQLSCORE_ENPS_WALD, &lo, &hi));
    ck_close(lo, 0, 0);
    ck_close(hi, 0, 0);
    ck_assert_ok(sqlscore_enps_result_interval(r, SQLSCORE_ENPS_ADJUSTED_WALD, &lo, &hi));
    ck_close(lo, -24.004558381776544, 1e-12);
    ck_close(hi, 24.004558381776544, 1e-12);
    sqlscore_enps_result_free(r);

    /* All promoters (6): eNPS 100, zero-width Wald at 100; adjusted 0.75 /
     * 1.5 / 6.75 of 9: centre 66.67, SE 20.78698548207745, upper bound
     * 107.4 clamped to 100, lower 25.924923774637893. */
    r = mk(0, 0, 6, SQLSCORE_ROUND_HALF_EVEN);
    ck_assert_ok(sqlscore_enps_result_score(r, &e, &rd));
    ck_close(e, 100, 0);
    ck_assert_int_eq(rd, 100);
    ck_assert_ok(sqlscore_enps_result_interval(r, SQLSCORE_ENPS_WALD, &lo, &hi));
    ck_close(lo, 100, 0);
    ck_close(hi, 100, 0);
    ck_assert_ok(sqlscore_enps_result_interval(r, SQLSCORE_ENPS_ADJUSTED_WALD, &lo, &hi));
    ck_close(lo, 25.924923774637893, 1e-12);
    ck_close(hi, 100, 0);
    sqlscore_enps_result_free(r);

    /* One detractor: -100; adjusted 1.75 / 1.5 / 0.75 of 4: centre -25,
     * var .5625, SE 37.5, bounds -98.49864942025202 .. 48.498649420252015. */
    r = mk(1, 0, 0, SQLSCORE_ROUND_HALF_EVEN);
    ck_assert_ok(sqlscore_enps_result_score(r, &e, &rd));
    ck_close(e, -100, 0);
    ck_assert_int_eq(rd, -100);
    ck_assert_ok(sqlscore_enps_result_spread(r, &v, &se, NULL));
    ck_close(se, 0, 0);
    ck_assert_ok(sqlscore_enps_result_interval(r, SQLSCORE_ENPS_ADJUSTED_WALD, &lo, &hi));
    ck_close(lo, -98.49864942025202, 1e-12);
    ck_close(hi, 48.498649420252015, 1e-12);
    sqlscore_enps_result_free(r);

    /* A huge all-detractor group is exactly -100 (computing 100 (q - d)
     * before dividing would round to -100.00000000000001 here; found by
     * fuzzing the byte format). */
    r = mk(UINT64_C(844424930132086), 0, 0, SQLSCORE_ROUND_HALF_EVEN);
    ck_assert_ok(sqlscore_enps_result_score(r, &e, &rd));
    ck_assert(e == -100.0);
    ck_assert_int_eq(rd, -100);
    ck_assert_ok(sqlscore_enps_result_interval(r, SQLSCORE_ENPS_ADJUSTED_WALD, &lo, &hi));
    ck_assert(lo == -100.0 && hi > -100.0 && hi < -99.999);
    sqlscore_enps_result_free(r);

    /* n = 0: every score getter says undefined; counts are fine. */
    r = mk(0, 0, 0, SQLSCORE_ROUND_HALF_EVEN);
    ck_assert_status(sqlscore_enps_result_score(r, &e, &rd), SQLSCORE_EUNDEFINED, "n = 0");
    ck_assert_status(sqlscore_enps_result_spread(r, &v, NULL, NULL), SQLSCORE_EUNDEFINED, "n = 0");
    ck_assert_status(sqlscore_enps_result_interval(r, SQLSCORE_ENPS_WALD, &lo, &hi),
                     SQLSCORE_EUNDEFINED, "n = 0");
    ck_assert_ok(sqlscore_enps_result_counts(r, NULL, NULL, NULL));
    sqlscore_enps_result_free(r);
}
END_TEST

START_TEST(rounding_ties_are_exact)
{
    /* 101 promoters, 99 passives: 100 x 101 / 200 = 50.5 exactly. */
    static const struct {
        uint64_t d, p, q;
        int32_t even, up;
    } cases[] = {
        { 0, 99, 101, 50, 51 },    /* 50.5 */
        { 101, 99, 0, -50, -51 },  /* -50.5: half away from zero */
        { 0, 97, 103, 52, 52 },    /* 51.5 -> 52 both ways */
        { 0, 195, 5, 2, 3 },       /* 2.5 */
        { 1, 197, 2, 0, 1 },       /* 0.5 */
        { 2, 197, 1, 0, -1 },      /* -0.5 */
        { 0, 2, 1, 33, 33 },       /* 33.33... */
        { 0, 1, 2, 67, 67 },       /* 66.66... */
        { 1, 1, 0, -50, -50 },     /* exactly -50 */
        /* 100 x 1 / 3 would round differently if computed through a
         * rounded double near .5: 1/6 x 100 = 16.666... */
        { 0, 5, 1, 17, 17 },
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sqlscore_enps_result *a = mk(cases[i].d, cases[i].p, cases[i].q, SQLSCORE_ROUND_HALF_EVEN);
        sqlscore_enps_result *b = mk(cases[i].d, cases[i].p, cases[i].q, SQLSCORE_ROUND_HALF_UP);
        int32_t ra, rb;
        ck_assert_ok(sqlscore_enps_result_score(a, NULL, &ra));
        ck_assert_ok(sqlscore_enps_result_score(b, NULL, &rb));
        ck_assert_msg(ra == cases[i].even && rb == cases[i].up, "case %zu: %d/%d, expected %d/%d", i,
                      ra, rb, cases[i].even, cases[i].up);
        sqlscore_enps_result_free(a);
        sqlscore_enps_result_free(b);
    }
}
END_TEST

START_TEST(result_new_validates)
{
    sqlscore_enps_result *r = NULL;
    ck_assert_status(sqlscore_enps_result_new(NULL, 1, 1, 1, 0.95, 0), SQLSCORE_EINVAL, "out is NULL");
    ck_assert_status(sqlscore_enps_result_new(&r, 1, 1, 1, NAN, 0), SQLSCORE_EINVAL, "NaN");
    ck_assert_status(sqlscore_enps_result_new(&r, 1, 1, 1, 1.0, 0), SQLSCORE_ERANGE, "between 0 and 1");
    ck_assert_status(sqlscore_enps_result_new(&r, 1, 1, 1, 0.0, 0), SQLSCORE_ERANGE, "between 0 and 1");
    ck_assert_status(sqlscore_enps_result_new(&r, 1, 1, 1, 0.95, 2), SQLSCORE_EINVAL, "rounding");
    ck_assert_status(sqlscore_enps_result_new(&r, UINT64_C(1) << 53, 1, 0, 0.95, 0), SQLSCORE_ERANGE,
                     "2^53");
    ck_assert_ptr_null(r);
    ck_assert_status(sqlscore_enps_result_n(NULL, NULL, NULL, NULL), SQLSCORE_EINVAL, "NULL");
    ck_assert_status(sqlscore_enps_result_score(NULL, NULL, NULL), SQLSCORE_EINVAL, "NULL");
    sqlscore_enps_result_free(NULL);
}
END_TEST

START_TEST(confidence_level_changes_margin)
{
    sqlscore_enps_result *r = NULL;
    double m;
    /* 2/3/5 at 90 %: z = 1.64485362695147271, SE 24.69817807045694. */
    ck_assert_ok(sqlscore_enps_result_new(&r, 2, 3, 5, 0.90, SQLSCORE_ROUND_HALF_EVEN));
    ck_assert_ok(sqlscore_enps_result_spread(r, NULL, NULL, &m));
    ck_close(m, 1.6448536269514727 * 24.69817807045694, 1e-11);
    sqlscore_enps_result_free(r);
}
END_TEST

START_TEST(compare_two_results)
{
    /* a = 2/3/5 (eNPS 30, var .61), b = 4/4/2 (eNPS -20, var .56), n 10 each:
     * diff 50, SE 100 sqrt(.061 + .056) = 34.20526275297414, interval
     * -17.04108307755868 .. 117.04108307755868, p = erfc(50 / SE / sqrt 2)
     * = 0.14380606632000253. */
    sqlscore_enps_result *a = mk(2, 3, 5, 0), *b = mk(4, 4, 2, 0), *c = NULL, *z = mk(0, 0, 0, 0);
    sqlscore_enps_result *allp = mk(0, 0, 5, 0), *alld = mk(7, 0, 0, 0);
    double d, se, lo, hi, p;
    ck_assert_ok(sqlscore_enps_compare(a, b, &d, &se, &lo, &hi, &p));
    ck_close(d, 50, 1e-12);
    ck_close(se, 34.20526275297414, 1e-12);
    ck_close(lo, -17.04108307755868, 1e-11);
    ck_close(hi, 117.04108307755868, 1e-11);
    ck_close(p, 0.14380606632000253, 1e-14);
    /* Swapping the arguments flips the sign and keeps SE and p. */
    ck_assert_ok(sqlscore_enps_compare(b, a, &d, &se, NULL, NULL, &p));
    ck_close(d, -50, 1e-12);
    ck_close(p, 0.14380606632000253, 1e-14);
    /* Zero SE: equal scores give p = 1, different ones p = 0; the
     * interval of -200 is clamped at -200. */
    ck_assert_ok(sqlscore_enps_compare(allp, allp, &d, &se, &lo, &hi, &p));
    ck_close(d, 0, 0);
    ck_close(p, 1, 0);
    ck_assert_ok(sqlscore_enps_compare(alld, allp, &d, &se, &lo, &hi, &p));
    ck_close(d, -200, 0);
    ck_close(lo, -200, 0);
    ck_close(hi, -200, 0);
    ck_close(p, 0, 0);
    ck_assert_status(sqlscore_enps_compare(a, z, &d, NULL, NULL, NULL, NULL), SQLSCORE_EUNDEFINED, "n = 0");
    ck_assert_ok(sqlscore_enps_result_new(&c, 2, 3, 5, 0.9, 0));
    ck_assert_status(sqlscore_enps_compare(a, c, &d, NULL, NULL, NULL, NULL), SQLSCORE_EINCOMPATIBLE,
                     "levels differ");
    ck_assert_status(sqlscore_enps_compare(a, NULL, &d, NULL, NULL, NULL, NULL), SQLSCORE_EINVAL,
                     "b is NULL");
    sqlscore_enps_result_free(a);
    sqlscore_enps_result_free(b);
    sqlscore_enps_result_free(c);
    sqlscore_enps_result_free(z);
    sqlscore_enps_result_free(allp);
    sqlscore_enps_result_free(alld);
}
END_TEST

START_TEST(suppressed_result_reports_n_only)
{
    sqlscore_enps_result *r = NULL;
    uint64_t n;
    int32_t sup;
    double e;
    ck_assert_ok(sqlscore__enps_result_make(&r, 1, 1, 1, 2, 1, 0.95, 0));
    ck_assert_ok(sqlscore_enps_result_n(r, &n, NULL, &sup));
    ck_assert_uint_eq(n, 3);
    ck_assert_int_eq(sup, 1);
    ck_assert_status(sqlscore_enps_result_counts(r, NULL, NULL, NULL), SQLSCORE_ESUPPRESSED, "anonymity");
    ck_assert_status(sqlscore_enps_result_score(r, &e, NULL), SQLSCORE_ESUPPRESSED, "anonymity");
    ck_assert_status(sqlscore_enps_result_spread(r, &e, NULL, NULL), SQLSCORE_ESUPPRESSED, "anonymity");
    ck_assert_status(sqlscore_enps_result_interval(r, 0, &e, NULL), SQLSCORE_ESUPPRESSED, "anonymity");
    sqlscore_enps_result_free(r);
}
END_TEST

START_TEST(suppression_rule)
{
    unsigned char h[5];
    /* One small group (3) next to a shown total: the next-smallest (8) goes too. */
    {
        const uint64_t n[] = { 10, 3, 8, 20 };
        sqlscore__suppress(n, 4, 5, 1, h);
        ck_assert(!h[0] && h[1] && h[2] && !h[3]);
        /* Total hidden: nothing can be subtracted, no complement. */
        sqlscore__suppress(n, 4, 5, 0, h);
        ck_assert(!h[0] && h[1] && !h[2] && !h[3]);
    }
    /* Two small groups: only their sum is derivable, no complement. */
    {
        const uint64_t n[] = { 10, 3, 2, 20 };
        sqlscore__suppress(n, 4, 5, 1, h);
        ck_assert(!h[0] && h[1] && h[2] && !h[3]);
    }
    /* Empty groups are never hidden nor picked as the complement. */
    {
        const uint64_t n[] = { 10, 3, 0, 20 };
        sqlscore__suppress(n, 4, 5, 1, h);
        ck_assert(h[0] && h[1] && !h[2] && !h[3]);
    }
    /* Ties: the lower index is the complement. */
    {
        const uint64_t n[] = { 3, 7, 7, 9, 0 };
        sqlscore__suppress(n, 5, 5, 1, h);
        ck_assert(h[0] && h[1] && !h[2] && !h[3] && !h[4]);
    }
    /* A single group: nothing else to hide. Threshold boundary: n == k shows. */
    {
        const uint64_t n[] = { 4 };
        const uint64_t m[] = { 5, 5 };
        sqlscore__suppress(n, 1, 5, 0, h);
        ck_assert(h[0]);
        sqlscore__suppress(m, 2, 5, 1, h);
        ck_assert(!h[0] && !h[1]);
    }
}
END_TEST

Suite *sqlscore_test_suite(void)
{
    Suite *s = suite_create("enps_stats");
    TCase *tc = tcase_create("enps_stats");
    tcase_add_test(tc, normal_quantile_full_precision);
    tcase_add_test(tc, score_variance_and_intervals_by_hand);
    tcase_add_test(tc, degenerate_groups);
    tcase_add_test(tc, rounding_ties_are_exact);
    tcase_add_test(tc, result_new_validates);
    tcase_add_test(tc, confidence_level_changes_margin);
    tcase_add_test(tc, compare_two_results);
    tcase_add_test(tc, suppressed_result_reports_n_only);
    tcase_add_test(tc, suppression_rule);
    suite_add_tcase(s, tc);
    return s;
}
