/*
 * test_u128_portable.c - the portable 128-bit code of lib/cpsql.c, which
 * compilers with unsigned __int128 never use: this program compiles that
 * file itself with SQLSCORE_NO_INT128 and checks it against exact
 * identities (the library's own copy stays out of the link, since every
 * symbol of cpsql.o is then defined here).
 */
#define SQLSCORE_NO_INT128 1
#include "../lib/cpsql.c"

#include "testutil.h"

#if defined(CPSQL_HAVE_INT128)
#  error "the portable 128-bit code is not what this test compiles"
#endif

/* Fixed-seed generator (64-bit LCG). */
static uint64_t lcg_state;
static uint64_t lcg64(void)
{
    uint64_t hi, lo;
    lcg_state = lcg_state * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
    hi = lcg_state >> 32;
    lcg_state = lcg_state * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
    lo = lcg_state >> 32;
    return (hi << 32) | lo;
}

START_TEST(portable_mul_known_values)
{
    sqlscore__u128 p = sqlscore__u128_mul(UINT64_MAX, UINT64_MAX);
    /* (2^64 - 1)^2 = 2^128 - 2^65 + 1 */
    ck_assert(p.hi == UINT64_MAX - 1 && p.lo == 1);
    p = sqlscore__u128_mul(UINT64_C(0xFFFFFFFF), UINT64_C(0x100000001));
    /* (2^32 - 1)(2^32 + 1) = 2^64 - 1 */
    ck_assert(p.hi == 0 && p.lo == UINT64_MAX);
    p = sqlscore__u128_mul(UINT64_C(1) << 63, 2);
    ck_assert(p.hi == 1 && p.lo == 0);
    p = sqlscore__u128_mul(0, UINT64_MAX);
    ck_assert(p.hi == 0 && p.lo == 0);
}
END_TEST

/* For random a, b, d: (a * b) = q * d + r with r < d, checked by
 * multiplying back with the same portable code and adding r. */
START_TEST(portable_divmod_inverts_mul)
{
    int i;
    lcg_state = 128;
    for (i = 0; i < 20000; i++) {
        uint64_t a = lcg64(), b = lcg64() >> (lcg64() % 64), d = lcg64() >> (lcg64() % 64);
        sqlscore__u128 p, back;
        uint64_t q, r;
        if (d == 0)
            d = 1;
        p = sqlscore__u128_mul(a, b);
        if (sqlscore__u128_divmod(p, d, &q, &r)) {
            ck_assert(p.hi >= d);
            continue;
        }
        ck_assert(r < d);
        back = sqlscore__u128_mul(q, d);
        back.lo += r;
        if (back.lo < r)
            back.hi++;
        ck_assert(back.hi == p.hi && back.lo == p.lo);
    }
}
END_TEST

START_TEST(portable_rounding_matches_int64)
{
    int i;
    int64_t v;
    lcg_state = 7;
    for (i = 0; i < 20000; i++) {
        int64_t n = (int64_t)(lcg64() >> 2) * ((lcg64() & 1) ? 1 : -1);
        int64_t d = (int64_t)(lcg64() >> (1 + lcg64() % 62));
        int64_t q, r, want;
        if (d == 0)
            d = 3;
        q = n / d;
        r = n % d;
        /* Half-up (away from zero) by plain int64 arithmetic. */
        want = q;
        if (r != 0 && (r > 0 ? r : -r) >= d - (r > 0 ? r : -r))
            want += n < 0 ? -1 : 1;
        ck_assert_ok(sqlscore_ratio_round(n, d, 1, SQLSCORE_ROUND_HALF_UP, &v));
        ck_assert_int_eq(v, want);
    }
    /* Ties through the 128-bit path: (2^62 + 1) * 3 / 6 = 2^61 + 0.5. */
    ck_assert_ok(sqlscore_ratio_round((INT64_C(1) << 62) + 1, 6, 3, SQLSCORE_ROUND_HALF_EVEN, &v));
    ck_assert_int_eq(v, INT64_C(1) << 61);
    ck_assert_ok(sqlscore_ratio_round((INT64_C(1) << 62) + 1, 6, 3, SQLSCORE_ROUND_HALF_UP, &v));
    ck_assert_int_eq(v, (INT64_C(1) << 61) + 1);
    ck_assert_ok(sqlscore_ratio_round(INT64_MAX, 1000000, 1000000, SQLSCORE_ROUND_HALF_EVEN, &v));
    ck_assert_int_eq(v, INT64_MAX);
}
END_TEST

Suite *sqlscore_test_suite(void)
{
    Suite *s = suite_create("u128_portable");
    TCase *tc = tcase_create("u128_portable");
    tcase_add_test(tc, portable_mul_known_values);
    tcase_add_test(tc, portable_divmod_inverts_mul);
    tcase_add_test(tc, portable_rounding_matches_int64);
    suite_add_tcase(s, tc);
    return s;
}
