/*
 * test_campaign.c - exact ratios, exchange rates, the campaign handle and
 * its metrics, and the directly counted portfolio.
 */
#include "testutil.h"
#include "cpsql_internal.h"

#include <stdint.h>
#include <stdio.h>

#define EVEN SQLSCORE_ROUND_HALF_EVEN
#define UP SQLSCORE_ROUND_HALF_UP
#define DAY INT64_C(86400)

/* ---- a tiny exact rational for checking identities a second way -------- */

struct q {
    int64_t n, d;   /* lowest terms, d > 0 */
};

static int64_t t_gcd(int64_t a, int64_t b)
{
    if (a < 0) a = -a;
    if (b < 0) b = -b;
    while (b) {
        int64_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

static struct q q_make(int64_t n, int64_t d)
{
    struct q r;
    int64_t g = t_gcd(n, d);
    if (g == 0) g = 1;
    if (d < 0) { n = -n; d = -d; }
    r.n = n / g;
    r.d = d / g;
    return r;
}

/* Cross-cancel before multiplying, so a product whose reduced form fits
 * never overflows on the way. */
static struct q q_mul(struct q a, struct q b)
{
    int64_t g1 = t_gcd(a.n, b.d), g2 = t_gcd(b.n, a.d);
    if (g1 == 0) g1 = 1;
    if (g2 == 0) g2 = 1;
    return q_make((a.n / g1) * (b.n / g2), (a.d / g2) * (b.d / g1));
}

static struct q q_div(struct q a, struct q b)
{
    return q_mul(a, q_make(b.d, b.n));
}

/* ---- ratio helpers ----------------------------------------------------- */

START_TEST(ratio_round_ties_and_signs)
{
    int64_t v = 99;
    ck_assert_ok(sqlscore_ratio_round(5, 2, 1, EVEN, &v)); ck_assert_int_eq(v, 2);
    ck_assert_ok(sqlscore_ratio_round(5, 2, 1, UP, &v));   ck_assert_int_eq(v, 3);
    ck_assert_ok(sqlscore_ratio_round(7, 2, 1, EVEN, &v)); ck_assert_int_eq(v, 4);
    ck_assert_ok(sqlscore_ratio_round(7, 2, 1, UP, &v));   ck_assert_int_eq(v, 4);
    ck_assert_ok(sqlscore_ratio_round(-5, 2, 1, EVEN, &v)); ck_assert_int_eq(v, -2);
    ck_assert_ok(sqlscore_ratio_round(-5, 2, 1, UP, &v));   ck_assert_int_eq(v, -3);
    ck_assert_ok(sqlscore_ratio_round(5, -2, 1, UP, &v));   ck_assert_int_eq(v, -3);
    ck_assert_ok(sqlscore_ratio_round(-5, -2, 1, EVEN, &v)); ck_assert_int_eq(v, 2);
    ck_assert_ok(sqlscore_ratio_round(0, -7, 1, UP, &v));   ck_assert_int_eq(v, 0);
    /* 1/8 in ppm is exactly 125000; 1/3 is 333333.33 -> 333333; 2/3 -> 666667. */
    ck_assert_ok(sqlscore_ratio_round(1, 8, 1000000, EVEN, &v)); ck_assert_int_eq(v, 125000);
    ck_assert_ok(sqlscore_ratio_round(1, 3, 1000000, UP, &v));   ck_assert_int_eq(v, 333333);
    ck_assert_ok(sqlscore_ratio_round(2, 3, 1000000, EVEN, &v)); ck_assert_int_eq(v, 666667);
    /* 1/2000000 ppm = 0.5 -> 0 (even) or 1 (up). */
    ck_assert_ok(sqlscore_ratio_round(1, 2000000, 1000000, EVEN, &v)); ck_assert_int_eq(v, 0);
    ck_assert_ok(sqlscore_ratio_round(1, 2000000, 1000000, UP, &v));   ck_assert_int_eq(v, 1);
    /* 128-bit intermediate: INT64_MAX * 1000000 / 1000000. */
    ck_assert_ok(sqlscore_ratio_round(INT64_MAX, 1000000, 1000000, EVEN, &v));
    ck_assert_int_eq(v, INT64_MAX);
    ck_assert_ok(sqlscore_ratio_round(INT64_MIN, 1, 1, EVEN, &v));
    ck_assert_int_eq(v, INT64_MIN);
    v = 99;
    ck_assert_status(sqlscore_ratio_round(INT64_MIN, -1, 1, EVEN, &v), SQLSCORE_ERANGE, "does not fit");
    ck_assert_status(sqlscore_ratio_round(INT64_MAX, 1, 2, EVEN, &v), SQLSCORE_ERANGE, "does not fit");
    ck_assert_status(sqlscore_ratio_round(1, 0, 1, EVEN, &v), SQLSCORE_EUNDEFINED, "zero");
    ck_assert_status(sqlscore_ratio_round(1, 1, 0, EVEN, &v), SQLSCORE_EINVAL, "scale");
    ck_assert_status(sqlscore_ratio_round(1, 1, 1, 7, &v), SQLSCORE_EINVAL, "rounding mode 7");
    ck_assert_status(sqlscore_ratio_round(1, 1, 1, EVEN, NULL), SQLSCORE_EINVAL, "out is NULL");
    ck_assert_int_eq(v, 99);
}
END_TEST

START_TEST(ratio_compare_exact)
{
    int32_t c = 5;
    ck_assert_ok(sqlscore_ratio_compare(1, 3, 2, 6, &c)); ck_assert_int_eq(c, 0);
    ck_assert_ok(sqlscore_ratio_compare(1, 3, -2, -6, &c)); ck_assert_int_eq(c, 0);
    ck_assert_ok(sqlscore_ratio_compare(1, 3, 1, 2, &c)); ck_assert_int_eq(c, -1);
    ck_assert_ok(sqlscore_ratio_compare(-1, 3, -1, 2, &c)); ck_assert_int_eq(c, 1);
    ck_assert_ok(sqlscore_ratio_compare(-1, 3, 0, 2, &c)); ck_assert_int_eq(c, -1);
    ck_assert_ok(sqlscore_ratio_compare(0, 3, 0, -2, &c)); ck_assert_int_eq(c, 0);
    /* M/(M-1) = 1 + 1/(M-1) < (M-1)/(M-2) = 1 + 1/(M-2): products need 126 bits. */
    ck_assert_ok(sqlscore_ratio_compare(INT64_MAX, INT64_MAX - 1, INT64_MAX - 1,
                                        INT64_MAX - 2, &c));
    ck_assert_int_eq(c, -1);
    ck_assert_ok(sqlscore_ratio_compare(INT64_MIN, 1, INT64_MAX, -1, &c));
    ck_assert_int_eq(c, -1);
    c = 5;
    ck_assert_status(sqlscore_ratio_compare(1, 0, 1, 1, &c), SQLSCORE_EUNDEFINED, "zero");
    ck_assert_int_eq(c, 5);
}
END_TEST

START_TEST(u128_portable_paths)
{
    sqlscore__u128 p = sqlscore__u128_mul(UINT64_MAX, UINT64_MAX), r;
    uint64_t q, rem;
    /* (2^64-1)^2 = 2^128 - 2^65 + 1 */
    ck_assert(p.hi == UINT64_MAX - 1 && p.lo == 1);
    ck_assert_int_eq(sqlscore__u128_divmod(p, UINT64_MAX, &q, &rem), 0);
    ck_assert(q == UINT64_MAX && rem == 0);
    ck_assert_int_eq(sqlscore__u128_divmod(p, 3, &q, &rem), 1);   /* quotient too big */
    p = sqlscore__u128_mul(UINT64_C(1) << 63, 4);
    ck_assert(p.hi == 2 && p.lo == 0);
    ck_assert_int_eq(sqlscore__u128_mul128(p, UINT64_C(1) << 62, &r), 0);
    ck_assert(r.hi == UINT64_C(1) << 63 && r.lo == 0);
    ck_assert_int_eq(sqlscore__u128_mul128(p, UINT64_C(1) << 63, &r), 1);
    ck_assert_int_eq(sqlscore__gcd_u64(0, 0), 0);
    ck_assert_int_eq(sqlscore__gcd_u64(12, 18), 6);
}
END_TEST

/* ---- exchange rates ---------------------------------------------------- */

START_TEST(rates_convert_exactly)
{
    sqlscore_rates *r;
    int64_t v = 7;
    ck_assert_ok(sqlscore_rates_new(&r));
    ck_assert_ok(sqlscore_rates_set_text(r, "EUR", "USD", 1000, "1.0843"));
    ck_assert_ok(sqlscore_rates_set(r, "EUR", "USD", 2000, 11, 10));   /* 1.1 from t=2000 */
    /* 100.00 EUR at t=1500 = 108.43 USD exactly (10000 * 10843 / 10000). */
    ck_assert_ok(sqlscore_rates_convert(r, 10000, "EUR", "USD", 1500, EVEN, &v));
    ck_assert_int_eq(v, 10843);
    /* From t=2000 on (inclusive) the later entry applies: 110.00. */
    ck_assert_ok(sqlscore_rates_convert(r, 10000, "EUR", "USD", 2000, EVEN, &v));
    ck_assert_int_eq(v, 11000);
    /* Inverse direction: 110.00 USD at 1.1 = 100.00 EUR. */
    ck_assert_ok(sqlscore_rates_convert(r, 11000, "USD", "EUR", 5000, EVEN, &v));
    ck_assert_int_eq(v, 10000);
    /* Before the first entry there is no rate. */
    v = 7;
    ck_assert_status(sqlscore_rates_convert(r, 100, "EUR", "USD", 999, EVEN, &v),
                     SQLSCORE_EINCOMPATIBLE, "no exchange rate for time 999");
    ck_assert_status(sqlscore_rates_convert(r, 100, "GBP", "USD", 5000, EVEN, &v),
                     SQLSCORE_EINCOMPATIBLE, "GBP");
    ck_assert_status(sqlscore_rates_convert(NULL, 100, "GBP", "USD", 5000, EVEN, &v),
                     SQLSCORE_EINCOMPATIBLE, "no exchange rate");
    ck_assert_int_eq(v, 7);
    ck_assert_ok(sqlscore_rates_convert(NULL, 123, "GBP", "GBP", 0, EVEN, &v));
    ck_assert_int_eq(v, 123);

    /* Ties: 1 EUR = 0.5 USD, so 1 cent -> 0.5 cent. */
    ck_assert_ok(sqlscore_rates_set(r, "USD", "EUR", 3000, 2, 1));  /* replaces nothing: new since */
    ck_assert_ok(sqlscore_rates_convert(r, 1, "EUR", "USD", 3000, EVEN, &v)); ck_assert_int_eq(v, 0);
    ck_assert_ok(sqlscore_rates_convert(r, 1, "EUR", "USD", 3000, UP, &v));   ck_assert_int_eq(v, 1);
    ck_assert_ok(sqlscore_rates_convert(r, 3, "EUR", "USD", 3000, EVEN, &v)); ck_assert_int_eq(v, 2);
    ck_assert_ok(sqlscore_rates_convert(r, -1, "EUR", "USD", 3000, EVEN, &v)); ck_assert_int_eq(v, 0);
    ck_assert_ok(sqlscore_rates_convert(r, -1, "EUR", "USD", 3000, UP, &v)); ck_assert_int_eq(v, -1);
    ck_assert_ok(sqlscore_rates_convert(r, -3, "EUR", "USD", 3000, UP, &v)); ck_assert_int_eq(v, -2);

    /* Digits differ: 1 USD = 151.27 JPY; 10000 JPY = 66.107... USD -> 6611 cents
     * (10000 * 100 * 100 / 15127 = 6610.69). */
    ck_assert_ok(sqlscore_rates_set_text(r, "USD", "JPY", 0, "151.27"));
    ck_assert_ok(sqlscore_rates_convert(r, 10000, "JPY", "USD", 10, EVEN, &v));
    ck_assert_int_eq(v, 6611);
    ck_assert_ok(sqlscore_rates_convert(r, 6611, "USD", "JPY", 10, EVEN, &v));
    ck_assert_int_eq(v, 10000);   /* 66.11 * 151.27 = 10000.4597 */
    /* 1 KWD = 3.25 USD: 1.000 KWD (1000 fils) -> 325 cents. */
    ck_assert_ok(sqlscore_rates_set_text(r, "KWD", "USD", 0, "3.25"));
    ck_assert_ok(sqlscore_rates_convert(r, 1000, "KWD", "USD", 10, EVEN, &v));
    ck_assert_int_eq(v, 325);
    /* Overflow of the result. */
    ck_assert_status(sqlscore_rates_convert(r, INT64_MAX, "EUR", "USD", 2500, EVEN, &v),
                     SQLSCORE_ERANGE, "does not fit");
    sqlscore_rates_free(r);
}
END_TEST

START_TEST(rates_bad_input)
{
    sqlscore_rates *r;
    int64_t v = 3;
    ck_assert_ok(sqlscore_rates_new(&r));
    ck_assert_status(sqlscore_rates_set(r, "EUR", "EUR", 0, 1, 1), SQLSCORE_EINVAL, "itself");
    ck_assert_status(sqlscore_rates_set(r, "EUR", "USD", 0, 0, 1), SQLSCORE_EINVAL, "not positive");
    ck_assert_status(sqlscore_rates_set(r, "EUR", "USD", 0, 1, -1), SQLSCORE_EINVAL, "not positive");
    ck_assert_status(sqlscore_rates_set(r, "EUR", "ABC", 0, 1, 1), SQLSCORE_ENOTFOUND, "'ABC'");
    ck_assert_status(sqlscore_rates_set(r, "eur", "USD", 0, 1, 1), SQLSCORE_EINVAL, "three capital");
    ck_assert_status(sqlscore_rates_set(NULL, "EUR", "USD", 0, 1, 1), SQLSCORE_EINVAL, "rates is NULL");
    /* 2 * 10^12 / 3 is in lowest terms with a numerator above 10^12. */
    ck_assert_status(sqlscore_rates_set(r, "EUR", "USD", 0, INT64_C(2000000000000), 3),
                     SQLSCORE_ERANGE, "10^12");
    /* ...but 4 * 10^12 / 4 reduces to 10^12 / 1 and is fine. */
    ck_assert_ok(sqlscore_rates_set(r, "EUR", "USD", 0, INT64_C(4000000000000), 4));
    ck_assert_status(sqlscore_rates_set_text(r, "EUR", "USD", 0, "1,2"), SQLSCORE_EPARSE, "position 2");
    ck_assert_status(sqlscore_rates_set_text(r, "EUR", "USD", 0, "-1"), SQLSCORE_EPARSE, "position 1");
    ck_assert_status(sqlscore_rates_set_text(r, "EUR", "USD", 0, ".5"), SQLSCORE_EPARSE, "position 1");
    ck_assert_status(sqlscore_rates_set_text(r, "EUR", "USD", 0, "1."), SQLSCORE_EPARSE, "position 2");
    ck_assert_status(sqlscore_rates_set_text(r, "EUR", "USD", 0, ""), SQLSCORE_EPARSE, "position 1");
    ck_assert_status(sqlscore_rates_set_text(r, "EUR", "USD", 0, "0.000"), SQLSCORE_EINVAL, "zero");
    ck_assert_status(sqlscore_rates_set_text(r, "EUR", "USD", 0, "12345678901234567890"),
                     SQLSCORE_ERANGE, "too many digits");
    ck_assert_status(sqlscore_rates_convert(r, 1, "EUR", "USD", 0, 9, &v), SQLSCORE_EINVAL, "rounding");
    ck_assert_int_eq(v, 3);
    /* A replaced entry (same pair either way, same since) changes the rate. */
    ck_assert_ok(sqlscore_rates_set(r, "USD", "EUR", 0, 1, 2));   /* 1 USD = 0.5 EUR */
    ck_assert_ok(sqlscore_rates_convert(r, 100, "EUR", "USD", 0, EVEN, &v));
    ck_assert_int_eq(v, 200);
    sqlscore_rates_free(r);
    sqlscore_rates_free(NULL);
}
END_TEST

/* ---- campaigns --------------------------------------------------------- */

static sqlscore_campaign *make_campaign(void)
{
    sqlscore_campaign *c;
    ck_assert_ok(sqlscore_campaign_new(&c, "webinar-q3", "Q3 webinar", "USD"));
    ck_assert_ok(sqlscore_campaign_add_spend(c, 60000, NULL, SQLSCORE_SPEND_MARKETING, 10));
    ck_assert_ok(sqlscore_campaign_add_spend(c, 40000, "USD", SQLSCORE_SPEND_SALES, 20));
    ck_assert_ok(sqlscore_campaign_set_counts(c, 400, 100, 30, 12));
    return c;
}

START_TEST(campaign_basics)
{
    sqlscore_campaign *c = make_campaign(), *d = NULL;
    const char *s;
    int64_t amount, l, m, q, o, total;
    int32_t cat;
    size_t n;
    ck_assert_ok(sqlscore_campaign_id(c, &s)); ck_assert_str_eq(s, "webinar-q3");
    ck_assert_ok(sqlscore_campaign_name(c, &s)); ck_assert_str_eq(s, "Q3 webinar");
    ck_assert_ok(sqlscore_campaign_currency(c, &s)); ck_assert_str_eq(s, "USD");
    ck_assert_ok(sqlscore_campaign_spend_count(c, &n)); ck_assert_uint_eq(n, 2);
    ck_assert_ok(sqlscore_campaign_spend_get(c, 1, &amount, &s, &cat, &total));
    ck_assert_int_eq(amount, 40000); ck_assert_str_eq(s, "USD");
    ck_assert_int_eq(cat, SQLSCORE_SPEND_SALES); ck_assert_int_eq(total, 20);
    ck_assert_status(sqlscore_campaign_spend_get(c, 2, NULL, NULL, NULL, NULL),
                     SQLSCORE_ENOTFOUND, "entry 2 of 2");
    ck_assert_ok(sqlscore_campaign_counts(c, &l, &m, &q, &o));
    ck_assert_int_eq(l, 400); ck_assert_int_eq(m, 100); ck_assert_int_eq(q, 30); ck_assert_int_eq(o, 12);
    ck_assert_ok(sqlscore_campaign_spend(c, SQLSCORE_SPEND_MARKETING, NULL, EVEN, &total));
    ck_assert_int_eq(total, 60000);
    ck_assert_ok(sqlscore_campaign_spend(c, SQLSCORE_SPEND_SALES, NULL, EVEN, &total));
    ck_assert_int_eq(total, 40000);
    ck_assert_ok(sqlscore_campaign_spend(c, SQLSCORE_SPEND_ALL, NULL, EVEN, &total));
    ck_assert_int_eq(total, 100000);

    /* A clone is deep: changing the original leaves it alone. */
    ck_assert_ok(sqlscore_campaign_clone(&d, c));
    ck_assert_ok(sqlscore_campaign_add_spend(c, 1, NULL, SQLSCORE_SPEND_SALES, 30));
    ck_assert_ok(sqlscore_campaign_spend(d, SQLSCORE_SPEND_ALL, NULL, EVEN, &total));
    ck_assert_int_eq(total, 100000);
    ck_assert_ok(sqlscore_campaign_name(d, &s)); ck_assert_str_eq(s, "Q3 webinar");
    sqlscore_campaign_free(d);

    /* Bad input changes nothing. */
    ck_assert_status(sqlscore_campaign_add_spend(c, 5, NULL, 4, 0), SQLSCORE_EINVAL, "category 4");
    ck_assert_status(sqlscore_campaign_add_spend(c, 5, NULL, SQLSCORE_SPEND_ALL, 0), SQLSCORE_EINVAL, "category 3");
    ck_assert_status(sqlscore_campaign_add_spend(c, 5, "XYZ", SQLSCORE_SPEND_SALES, 0), SQLSCORE_ENOTFOUND, "'XYZ'");
    ck_assert_status(sqlscore_campaign_set_counts(c, 1, -1, 0, 0), SQLSCORE_EINVAL, "negative");
    ck_assert_status(sqlscore_campaign_spend(c, 0, NULL, EVEN, &total), SQLSCORE_EINVAL, "categories 0");
    ck_assert_status(sqlscore_campaign_spend(c, 4, NULL, EVEN, &total), SQLSCORE_EINVAL, "categories 4");
    ck_assert_ok(sqlscore_campaign_spend_count(c, &n)); ck_assert_uint_eq(n, 3);
    ck_assert_ok(sqlscore_campaign_counts(c, &l, NULL, NULL, NULL)); ck_assert_int_eq(l, 400);
    sqlscore_campaign_free(c);
    sqlscore_campaign_free(NULL);

    ck_assert_status(sqlscore_campaign_new(&d, "", "x", "USD"), SQLSCORE_EINVAL, "id is empty");
    ck_assert_status(sqlscore_campaign_new(&d, NULL, "x", "USD"), SQLSCORE_EINVAL, "id");
    ck_assert_status(sqlscore_campaign_new(&d, "a\xff", "x", "USD"), SQLSCORE_EINVAL, "id");
    ck_assert_status(sqlscore_campaign_new(&d, "a", "x", "usd"), SQLSCORE_EINVAL, "three capital");
    ck_assert_status(sqlscore_campaign_new(&d, "a", "x", "ZZZ"), SQLSCORE_ENOTFOUND, "'ZZZ'");
    ck_assert_ok(sqlscore_campaign_new(&d, "a", NULL, "JPY"));
    ck_assert_ok(sqlscore_campaign_name(d, &s)); ck_assert_str_eq(s, "");
    sqlscore_campaign_free(d);
}
END_TEST

START_TEST(campaign_metrics_exact_and_rounded)
{
    sqlscore_campaign *c = make_campaign();
    int64_t n, d, v;
    /* Spend 1000.00 USD = 100000 cents; 400 leads, 100 MQLs, 30 SQLs, 12 opps. */
    ck_assert_ok(sqlscore_campaign_metric(c, SQLSCORE_METRIC_CPL, NULL, EVEN, &n, &d));
    ck_assert_int_eq(n, 250); ck_assert_int_eq(d, 1);             /* 100000/400 */
    ck_assert_ok(sqlscore_campaign_metric(c, SQLSCORE_METRIC_CPMQL, NULL, EVEN, &n, &d));
    ck_assert_int_eq(n, 1000); ck_assert_int_eq(d, 1);
    ck_assert_ok(sqlscore_campaign_metric(c, SQLSCORE_METRIC_CPSQL, NULL, EVEN, &n, &d));
    ck_assert_int_eq(n, 10000); ck_assert_int_eq(d, 3);           /* 100000/30 */
    ck_assert_ok(sqlscore_campaign_metric(c, SQLSCORE_METRIC_CPO, NULL, EVEN, &n, &d));
    ck_assert_int_eq(n, 25000); ck_assert_int_eq(d, 3);           /* 100000/12 */
    ck_assert_ok(sqlscore_campaign_metric(c, SQLSCORE_METRIC_LEAD_TO_MQL, NULL, EVEN, &n, &d));
    ck_assert_int_eq(n, 1); ck_assert_int_eq(d, 4);
    ck_assert_ok(sqlscore_campaign_metric(c, SQLSCORE_METRIC_MQL_TO_SQL, NULL, EVEN, &n, &d));
    ck_assert_int_eq(n, 3); ck_assert_int_eq(d, 10);
    ck_assert_ok(sqlscore_campaign_metric(c, SQLSCORE_METRIC_LEAD_TO_SQL, NULL, EVEN, &n, &d));
    ck_assert_int_eq(n, 3); ck_assert_int_eq(d, 40);
    ck_assert_ok(sqlscore_campaign_metric(c, SQLSCORE_METRIC_SQL_TO_OPP, NULL, EVEN, &n, &d));
    ck_assert_int_eq(n, 2); ck_assert_int_eq(d, 5);
    /* Identity: CPL / (1/4 * 3/10) = 250 * 40 / 3 = 10000/3 = CPSQL. */
    {
        struct q cpl = q_make(250, 1), r1 = q_make(1, 4), r2 = q_make(3, 10);
        struct q x = q_div(cpl, q_mul(r1, r2));
        ck_assert_int_eq(x.n, 10000);
        ck_assert_int_eq(x.d, 3);
    }
    /* Rounded: 3333.33 -> 333333 cents, 8333.33 -> 833333, rates in ppm. */
    ck_assert_ok(sqlscore_campaign_metric_rounded(c, SQLSCORE_METRIC_CPSQL, NULL, EVEN, &v));
    ck_assert_int_eq(v, 3333);
    ck_assert_ok(sqlscore_campaign_metric_rounded(c, SQLSCORE_METRIC_CPO, NULL, UP, &v));
    ck_assert_int_eq(v, 8333);
    ck_assert_ok(sqlscore_campaign_metric_rounded(c, SQLSCORE_METRIC_LEAD_TO_MQL, NULL, EVEN, &v));
    ck_assert_int_eq(v, 250000);
    ck_assert_ok(sqlscore_campaign_metric_rounded(c, SQLSCORE_METRIC_LEAD_TO_SQL, NULL, EVEN, &v));
    ck_assert_int_eq(v, 75000);

    /* A tie in minor units: 100001 cents / 2 SQLs = 50000.5 cents. */
    ck_assert_ok(sqlscore_campaign_add_spend(c, 1, NULL, SQLSCORE_SPEND_SALES, 30));
    ck_assert_ok(sqlscore_campaign_set_counts(c, 4, 2, 2, 2));
    ck_assert_ok(sqlscore_campaign_metric_rounded(c, SQLSCORE_METRIC_CPSQL, NULL, EVEN, &v));
    ck_assert_int_eq(v, 50000);
    ck_assert_ok(sqlscore_campaign_metric_rounded(c, SQLSCORE_METRIC_CPSQL, NULL, UP, &v));
    ck_assert_int_eq(v, 50001);
    /* 100003 / 2 = 50001.5 -> 50002 both ways. */
    ck_assert_ok(sqlscore_campaign_add_spend(c, 2, NULL, SQLSCORE_SPEND_SALES, 30));
    ck_assert_ok(sqlscore_campaign_metric_rounded(c, SQLSCORE_METRIC_CPSQL, NULL, EVEN, &v));
    ck_assert_int_eq(v, 50002);
    /* Refunds make spend negative: -1 cent / 2 = -0.5 -> 0 or -1. */
    ck_assert_ok(sqlscore_campaign_add_spend(c, -100004, NULL, SQLSCORE_SPEND_SALES, 30));
    ck_assert_ok(sqlscore_campaign_metric_rounded(c, SQLSCORE_METRIC_CPSQL, NULL, EVEN, &v));
    ck_assert_int_eq(v, 0);
    ck_assert_ok(sqlscore_campaign_metric_rounded(c, SQLSCORE_METRIC_CPSQL, NULL, UP, &v));
    ck_assert_int_eq(v, -1);
    sqlscore_campaign_free(c);
}
END_TEST

START_TEST(campaign_zero_and_overflow)
{
    sqlscore_campaign *c;
    int64_t n = 11, d = 13, v = 17;
    ck_assert_ok(sqlscore_campaign_new(&c, "c", "c", "EUR"));
    /* No SQLs: undefined, even with no spend either. */
    ck_assert_status(sqlscore_campaign_metric(c, SQLSCORE_METRIC_CPSQL, NULL, EVEN, &n, &d),
                     SQLSCORE_EUNDEFINED, "cost per SQL is undefined");
    ck_assert_status(sqlscore_campaign_metric_rounded(c, SQLSCORE_METRIC_CPSQL, NULL, EVEN, &v),
                     SQLSCORE_EUNDEFINED, "undefined");
    ck_assert_status(sqlscore_campaign_metric(c, SQLSCORE_METRIC_LEAD_TO_MQL, NULL, EVEN, &n, &d),
                     SQLSCORE_EUNDEFINED, "lead->MQL");
    ck_assert_int_eq(n, 11); ck_assert_int_eq(d, 13); ck_assert_int_eq(v, 17);
    /* No spend, 5 SQLs: a cost of exactly 0. */
    ck_assert_ok(sqlscore_campaign_set_counts(c, 10, 5, 5, 0));
    ck_assert_ok(sqlscore_campaign_metric(c, SQLSCORE_METRIC_CPSQL, NULL, EVEN, &n, &d));
    ck_assert_int_eq(n, 0); ck_assert_int_eq(d, 1);
    ck_assert_status(sqlscore_campaign_metric(c, SQLSCORE_METRIC_CPO, NULL, EVEN, &n, &d),
                     SQLSCORE_EUNDEFINED, "opportunity");
    ck_assert_status(sqlscore_campaign_metric(c, 8, NULL, EVEN, &n, &d), SQLSCORE_EINVAL, "metric 8");
    ck_assert_status(sqlscore_campaign_metric(c, -1, NULL, EVEN, &n, &d), SQLSCORE_EINVAL, "metric -1");
    /* Spend that sums past INT64_MAX is out of range, never wrapped. */
    ck_assert_ok(sqlscore_campaign_add_spend(c, INT64_MAX, NULL, SQLSCORE_SPEND_MARKETING, 0));
    ck_assert_ok(sqlscore_campaign_metric(c, SQLSCORE_METRIC_CPSQL, NULL, EVEN, &n, &d));
    /* INT64_MAX = 7^2 x 73 x 127 x 337 x 92737 x 649657 has no factor 5. */
    ck_assert_int_eq(n, INT64_MAX);
    ck_assert_int_eq(d, 5);
    ck_assert_ok(sqlscore_campaign_add_spend(c, 1, NULL, SQLSCORE_SPEND_SALES, 0));
    ck_assert_status(sqlscore_campaign_metric(c, SQLSCORE_METRIC_CPSQL, NULL, EVEN, &n, &d),
                     SQLSCORE_ERANGE, "overflows");
    ck_assert_status(sqlscore_campaign_spend(c, SQLSCORE_SPEND_ALL, NULL, EVEN, &v),
                     SQLSCORE_ERANGE, "total spend overflows");
    /* Each category alone still fits. */
    ck_assert_ok(sqlscore_campaign_spend(c, SQLSCORE_SPEND_MARKETING, NULL, EVEN, &v));
    ck_assert_int_eq(v, INT64_MAX);
    sqlscore_campaign_free(c);
}
END_TEST

START_TEST(campaign_currency_mixing)
{
    sqlscore_campaign *c;
    sqlscore_rates *r;
    int64_t n = 1, d = 1, v = 5;
    ck_assert_ok(sqlscore_campaign_new(&c, "eu-fair", NULL, "USD"));
    ck_assert_ok(sqlscore_campaign_set_counts(c, 10, 5, 2, 1));
    ck_assert_ok(sqlscore_campaign_add_spend(c, 50000, NULL, SQLSCORE_SPEND_MARKETING, 100));
    ck_assert_ok(sqlscore_campaign_add_spend(c, 10000, "EUR", SQLSCORE_SPEND_SALES, 1500));
    ck_assert_status(sqlscore_campaign_metric(c, SQLSCORE_METRIC_CPSQL, NULL, EVEN, &n, &d),
                     SQLSCORE_EINCOMPATIBLE, "amount in EUR, wanted USD");
    ck_assert_status(sqlscore_campaign_spend(c, SQLSCORE_SPEND_ALL, NULL, EVEN, &v),
                     SQLSCORE_EINCOMPATIBLE, "EUR");
    ck_assert_int_eq(v, 5);
    /* Marketing alone is all USD and needs no rate. */
    ck_assert_ok(sqlscore_campaign_spend(c, SQLSCORE_SPEND_MARKETING, NULL, EVEN, &v));
    ck_assert_int_eq(v, 50000);
    ck_assert_ok(sqlscore_rates_new(&r));
    ck_assert_ok(sqlscore_rates_set_text(r, "EUR", "USD", 2000, "1.0843"));
    /* The rate starts after the entry's time: still no rate at t=1500. */
    ck_assert_status(sqlscore_campaign_spend(c, SQLSCORE_SPEND_ALL, r, EVEN, &v),
                     SQLSCORE_EINCOMPATIBLE, "time 1500");
    ck_assert_ok(sqlscore_rates_set_text(r, "EUR", "USD", 1000, "1.0843"));
    /* 500.00 USD + 100.00 EUR * 1.0843 = 608.43 USD; CPSQL = 60843 / 2. */
    ck_assert_ok(sqlscore_campaign_spend(c, SQLSCORE_SPEND_ALL, r, EVEN, &v));
    ck_assert_int_eq(v, 60843);
    ck_assert_ok(sqlscore_campaign_metric(c, SQLSCORE_METRIC_CPSQL, r, EVEN, &n, &d));
    ck_assert_int_eq(n, 60843); ck_assert_int_eq(d, 2);
    ck_assert_ok(sqlscore_campaign_metric_rounded(c, SQLSCORE_METRIC_CPSQL, r, EVEN, &v));
    ck_assert_int_eq(v, 30422);   /* 30421.5 -> even 30422 */
    ck_assert_ok(sqlscore_campaign_metric_rounded(c, SQLSCORE_METRIC_CPSQL, r, UP, &v));
    ck_assert_int_eq(v, 30422);
    sqlscore_rates_free(r);
    sqlscore_campaign_free(c);
}
END_TEST

/* Fixed-seed generator (64-bit LCG, Knuth's MMIX constants). */
static uint64_t lcg_state;
static uint64_t lcg(void)
{
    lcg_state = lcg_state * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
    return lcg_state >> 33;
}
static int64_t lcg_range(int64_t lo, int64_t hi)
{
    uint64_t r = (lcg() << 31) ^ lcg();
    return lo + (int64_t)(r % (uint64_t)(hi - lo + 1));
}

START_TEST(cpsql_identity_random)
{
    int i;
    lcg_state = 20261128;
    for (i = 0; i < 400; i++) {
        sqlscore_campaign *c;
        int64_t spend = lcg_range(0, INT64_C(1000000000000));
        int64_t leads = lcg_range(1, 1000000), mqls = lcg_range(1, leads);
        int64_t sqls = lcg_range(1, mqls);
        int64_t a, b, cn, cd, en, ed, gn, gd, v, q0, r0;
        struct q x;
        ck_assert_ok(sqlscore_campaign_new(&c, "r", NULL, "USD"));
        ck_assert_ok(sqlscore_campaign_add_spend(c, spend / 3, NULL, SQLSCORE_SPEND_MARKETING, 0));
        ck_assert_ok(sqlscore_campaign_add_spend(c, spend - spend / 3, NULL, SQLSCORE_SPEND_SALES, 0));
        ck_assert_ok(sqlscore_campaign_set_counts(c, leads, mqls, sqls, 0));
        ck_assert_ok(sqlscore_campaign_metric(c, SQLSCORE_METRIC_CPL, NULL, EVEN, &a, &b));
        ck_assert_ok(sqlscore_campaign_metric(c, SQLSCORE_METRIC_LEAD_TO_MQL, NULL, EVEN, &cn, &cd));
        ck_assert_ok(sqlscore_campaign_metric(c, SQLSCORE_METRIC_MQL_TO_SQL, NULL, EVEN, &en, &ed));
        ck_assert_ok(sqlscore_campaign_metric(c, SQLSCORE_METRIC_CPSQL, NULL, EVEN, &gn, &gd));
        /* CPL / (lead->MQL x MQL->SQL), computed with the test's rational. */
        x = q_div(q_make(a, b), q_mul(q_make(cn, cd), q_make(en, ed)));
        ck_assert_int_eq(x.n, gn);
        ck_assert_int_eq(x.d, gd);
        /* And CPSQL is spend / SQLs in lowest terms. */
        x = q_make(spend, sqls);
        ck_assert_int_eq(x.n, gn);
        ck_assert_int_eq(x.d, gd);
        /* Rounded half-up by plain int64 division: q + (2r >= d). */
        q0 = spend / sqls;
        r0 = spend % sqls;
        ck_assert_ok(sqlscore_campaign_metric_rounded(c, SQLSCORE_METRIC_CPSQL, NULL, UP, &v));
        ck_assert_int_eq(v, q0 + (2 * r0 >= sqls ? 1 : 0));
        ck_assert_ok(sqlscore_campaign_metric_rounded(c, SQLSCORE_METRIC_CPSQL, NULL, EVEN, &v));
        ck_assert_int_eq(v, q0 + (2 * r0 > sqls || (2 * r0 == sqls && (q0 & 1)) ? 1 : 0));
        sqlscore_campaign_free(c);
    }
}
END_TEST

START_TEST(campaign_alloc_failures)
{
    long k, before;
    int rc;
    sqlscore_campaign *base = make_campaign(), *c = NULL;
    sqlscore_rates *r = NULL;
    size_t n;

    for (k = 1;; k++) {   /* campaign_new */
        before = sqlscore_test_alloc_live();
        sqlscore_test_fail_after(k);
        rc = sqlscore_campaign_new(&c, "id", "name", "EUR");
        sqlscore_test_alloc_reset();
        if (rc == SQLSCORE_OK)
            break;
        ck_assert_int_eq(rc, SQLSCORE_ENOMEM);
        ck_assert_int_eq(sqlscore_test_alloc_live(), before);
    }
    sqlscore_campaign_free(c);
    for (k = 1;; k++) {   /* clone */
        before = sqlscore_test_alloc_live();
        sqlscore_test_fail_after(k);
        rc = sqlscore_campaign_clone(&c, base);
        sqlscore_test_alloc_reset();
        if (rc == SQLSCORE_OK)
            break;
        ck_assert_int_eq(rc, SQLSCORE_ENOMEM);
        ck_assert_int_eq(sqlscore_test_alloc_live(), before);
    }
    sqlscore_campaign_free(c);
    /* add_spend: grow the array past its first capacity (8). */
    {
        int i;
        for (i = 0; i < 6; i++)
            ck_assert_ok(sqlscore_campaign_add_spend(base, 1, NULL, SQLSCORE_SPEND_SALES, i));
        for (k = 1;; k++) {
            before = sqlscore_test_alloc_live();
            sqlscore_test_fail_after(k);
            rc = sqlscore_campaign_add_spend(base, 5, "EUR", SQLSCORE_SPEND_SALES, 99);
            sqlscore_test_alloc_reset();
            if (rc == SQLSCORE_OK)
                break;
            ck_assert_int_eq(rc, SQLSCORE_ENOMEM);
            ck_assert_int_eq(sqlscore_test_alloc_live(), before);
            ck_assert_ok(sqlscore_campaign_spend_count(base, &n));
            ck_assert_uint_eq(n, 8);
        }
        ck_assert_ok(sqlscore_campaign_spend_count(base, &n));
        ck_assert_uint_eq(n, 9);
    }
    ck_assert_ok(sqlscore_rates_new(&r));
    for (k = 1;; k++) {
        int64_t v = 0;
        before = sqlscore_test_alloc_live();
        sqlscore_test_fail_after(k);
        rc = sqlscore_rates_set(r, "EUR", "USD", 0, 2, 1);
        sqlscore_test_alloc_reset();
        if (rc == SQLSCORE_OK)
            break;
        ck_assert_int_eq(rc, SQLSCORE_ENOMEM);
        ck_assert_int_eq(sqlscore_test_alloc_live(), before);
        ck_assert_status(sqlscore_rates_convert(r, 1, "EUR", "USD", 0, EVEN, &v),
                         SQLSCORE_EINCOMPATIBLE, "no exchange rate");
    }
    sqlscore_rates_free(r);
    sqlscore_campaign_free(base);
}
END_TEST

/* ---- portfolio, direct counting --------------------------------------- */

START_TEST(portfolio_direct)
{
    sqlscore_portfolio *p;
    sqlscore_campaign *a, *b;
    sqlscore_rates *r;
    const char *id;
    int64_t spend, leads, sqls, credit, n, d;
    size_t sz;
    ck_assert_ok(sqlscore_rates_new(&r));
    ck_assert_ok(sqlscore_rates_set(r, "EUR", "USD", 0, 11, 10));
    ck_assert_ok(sqlscore_campaign_new(&a, "A", NULL, "USD"));
    ck_assert_ok(sqlscore_campaign_add_spend(a, 30000, NULL, SQLSCORE_SPEND_MARKETING, 5));
    ck_assert_ok(sqlscore_campaign_set_counts(a, 100, 20, 4, 1));
    ck_assert_ok(sqlscore_campaign_new(&b, "B", NULL, "EUR"));
    ck_assert_ok(sqlscore_campaign_add_spend(b, 10000, NULL, SQLSCORE_SPEND_SALES, 5));
    ck_assert_ok(sqlscore_campaign_set_counts(b, 50, 10, 0, 0));
    ck_assert_ok(sqlscore_portfolio_new(&p, "USD"));
    ck_assert_status(sqlscore_portfolio_total(p, &spend, NULL, NULL, NULL), SQLSCORE_ESTATE, "compute");
    ck_assert_ok(sqlscore_portfolio_add(p, a));
    ck_assert_ok(sqlscore_portfolio_add(p, b));
    ck_assert_status(sqlscore_portfolio_add(p, a), SQLSCORE_EEXIST, "'A'");
    ck_assert_ok(sqlscore_portfolio_size(p, &sz)); ck_assert_uint_eq(sz, 2);
    ck_assert_status(sqlscore_portfolio_compute(p, NULL, NULL, SQLSCORE_COUNT_DIRECT, 0, 0, NULL, EVEN),
                     SQLSCORE_EINCOMPATIBLE, "EUR");
    ck_assert_ok(sqlscore_portfolio_compute(p, NULL, NULL, SQLSCORE_COUNT_DIRECT, 0, 0, r, EVEN));
    /* Row B: 100.00 EUR = 110.00 USD, 50 leads, no SQLs. */
    ck_assert_ok(sqlscore_portfolio_row(p, 1, &id, &spend, &leads, &sqls, &credit));
    ck_assert_str_eq(id, "B");
    ck_assert_int_eq(spend, 11000); ck_assert_int_eq(leads, 50);
    ck_assert_int_eq(sqls, 0); ck_assert_int_eq(credit, 0);
    ck_assert_status(sqlscore_portfolio_cpsql(p, 1, 0, &n, &d), SQLSCORE_EUNDEFINED, "'B' has no SQLs");
    ck_assert_ok(sqlscore_portfolio_cpsql(p, 0, 0, &n, &d));
    ck_assert_int_eq(n, 7500); ck_assert_int_eq(d, 1);          /* 30000 / 4 */
    /* Totals: 410.00 USD over 4 SQLs = 102.50. */
    ck_assert_ok(sqlscore_portfolio_total(p, &spend, &leads, &sqls, &credit));
    ck_assert_int_eq(spend, 41000); ck_assert_int_eq(leads, 150);
    ck_assert_int_eq(sqls, 4); ck_assert_int_eq(credit, 4000000);
    ck_assert_ok(sqlscore_portfolio_cpsql(p, SIZE_MAX, 0, &n, &d));
    ck_assert_int_eq(n, 10250); ck_assert_int_eq(d, 1);
    ck_assert_status(sqlscore_portfolio_cpsql(p, SIZE_MAX, 5000000, &n, &d), SQLSCORE_EUNDEFINED, "below the floor");
    ck_assert_status(sqlscore_portfolio_row(p, 2, NULL, NULL, NULL, NULL, NULL), SQLSCORE_ENOTFOUND, "row 2");
    ck_assert_status(sqlscore_portfolio_compute(p, NULL, NULL, 3, 0, 1, r, EVEN), SQLSCORE_EINVAL, "counting 3");
    ck_assert_status(sqlscore_portfolio_compute(p, NULL, NULL, SQLSCORE_COUNT_PERIOD, 0, 1, r, EVEN),
                     SQLSCORE_EINVAL, "attribution is NULL");
    /* The portfolio holds copies. */
    sqlscore_campaign_free(a);
    sqlscore_campaign_free(b);
    ck_assert_ok(sqlscore_portfolio_row(p, 0, &id, NULL, NULL, NULL, NULL));
    ck_assert_str_eq(id, "A");
    sqlscore_portfolio_free(p);
    sqlscore_rates_free(r);
}
END_TEST

Suite *sqlscore_test_suite(void)
{
    Suite *s = suite_create("campaign");
    TCase *tc = tcase_create("campaign");
    tcase_add_test(tc, ratio_round_ties_and_signs);
    tcase_add_test(tc, ratio_compare_exact);
    tcase_add_test(tc, u128_portable_paths);
    tcase_add_test(tc, rates_convert_exactly);
    tcase_add_test(tc, rates_bad_input);
    tcase_add_test(tc, campaign_basics);
    tcase_add_test(tc, campaign_metrics_exact_and_rounded);
    tcase_add_test(tc, campaign_zero_and_overflow);
    tcase_add_test(tc, campaign_currency_mixing);
    tcase_add_test(tc, cpsql_identity_random);
    tcase_add_test(tc, campaign_alloc_failures);
    tcase_add_test(tc, portfolio_direct);
    suite_add_tcase(s, tc);
    return s;
}
