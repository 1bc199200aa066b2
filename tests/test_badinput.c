/*
 * test_badinput.c - the bad-input catalogue, across every exported function.
 *
 * For each exported function: NULL for every pointer parameter, empty
 * strings, invalid UTF-8, INT64 (and int) extremes, NaN and infinities
 * where a double is taken, oversized input.  Each bad input must give its
 * documented status and a detail message naming the function and the
 * parameter, and must leave everything already stored as it was.
 *
 * Sections follow the header: common (below), then one per module, added
 * when the module lands (its own test file holds the module-specific
 * cases; this one sweeps the whole API uniformly).
 */
#include "testutil.h"
#include "internal.h"

#include <limits.h>
#include <stdlib.h>

/* Invalid UTF-8, one reason each. */
static const char *const bad_utf8[] = {
    "\x80",                     /* lone continuation byte */
    "abc\xBF",                  /* continuation byte after ASCII */
    "\xC3",                     /* truncated two-byte sequence */
    "K\xC3" "x",                /* second byte not a continuation */
    "\xE2\x82",                 /* truncated three-byte sequence */
    "\xF0\x9F\x98",             /* truncated four-byte sequence */
    "\xC0\x80",                 /* overlong NUL */
    "\xC1\xBF",                 /* overlong U+007F */
    "\xE0\x80\xAF",             /* overlong '/' */
    "\xF0\x80\x80\xAF",         /* overlong '/' in four bytes */
    "\xED\xA0\x80",             /* high surrogate U+D800 */
    "\xED\xBF\xBF",             /* low surrogate U+DFFF */
    "\xF4\x90\x80\x80",         /* U+110000, past the last code point */
    "\xF5\x80\x80\x80",         /* lead byte never valid */
    "\xF8\x88\x80\x80\x80",     /* five-byte form */
    "\xFC\x84\x80\x80\x80\x80", /* six-byte form */
    "\xFE",
    "\xFF",
    "valid prefix \xE2\x82\xAC then \xE2\x28\xA1", /* € then a broken one */
};
#define BAD_UTF8_N ((int)(sizeof bad_utf8 / sizeof bad_utf8[0]))

/* ======================================================================== */
/* common                                                                   */
/* ======================================================================== */

START_TEST(badinput_strerror_any_int)
{
    static const int odd[] = { INT_MIN, INT_MIN + 1, -14, -100, 1, 2, 100,
                               INT_MAX };
    size_t i;
    int c;
    for (i = 0; i < sizeof odd / sizeof odd[0]; i++)
        ck_assert_str_eq(sqlscore_strerror(odd[i]), "unknown error");
    /* Never NULL, for any code in a wide band around the defined ones. */
    for (c = -1000; c <= 1000; c++)
        ck_assert_ptr_nonnull(sqlscore_strerror(c));
}
END_TEST

static void *bad_malloc(size_t n) { (void)n; return NULL; }
static void *bad_realloc(void *p, size_t n) { (void)p; (void)n; return NULL; }
static void bad_free(void *p) { (void)p; }

START_TEST(badinput_allocator_set_partial_null)
{
    /* Every combination with one or two NULLs: refused, and the counting
     * allocator installed by the test main stays in place. */
    static const int combos[6][3] = {
        { 0, 1, 1 }, { 1, 0, 1 }, { 1, 1, 0 }, { 0, 0, 1 }, { 0, 1, 0 }, { 1, 0, 0 },
    };
    int i;
    for (i = 0; i < 6; i++) {
        long live = sqlscore_test_alloc_live(), count;
        void *p;
        sqlscore_error_clear();
        ck_assert_status(sqlscore_allocator_set(combos[i][0] ? bad_malloc : NULL,
                                                combos[i][1] ? bad_realloc : NULL,
                                                combos[i][2] ? bad_free : NULL),
                         SQLSCORE_EINVAL, "sqlscore_allocator_set: pass all three");
        count = sqlscore_test_alloc_count();
        p = sqlscore__malloc(8);
        ck_assert_ptr_nonnull(p);
        ck_assert_int_eq(sqlscore_test_alloc_count(), count + 1);
        ck_assert_int_eq(sqlscore_test_alloc_live(), live + 1);
        sqlscore__free(p);
        ck_assert_int_eq(sqlscore_test_alloc_live(), live);
    }
}
END_TEST

START_TEST(badinput_null_frees_and_empty_state)
{
    sqlscore_buffer_free(NULL);
    sqlscore_error_clear();
    ck_assert_ptr_nonnull(sqlscore_error_message());
    ck_assert_str_eq(sqlscore_error_message(), "");
    ck_assert_int_eq(sqlscore_error_code(), SQLSCORE_OK);
    sqlscore_error_clear();      /* twice is harmless */
    ck_assert_str_eq(sqlscore_error_message(), "");
    ck_assert_ptr_nonnull(sqlscore_version_string());
    ck_assert_uint_eq(sqlscore_version_number() >> 16, SQLSCORE_VERSION_MAJOR);
}
END_TEST

START_TEST(badinput_text_checks)
{
    ck_assert_status(sqlscore__check_text(NULL, "sqlscore_x_new", "id"),
                     SQLSCORE_EINVAL, "sqlscore_x_new: id is NULL");
    ck_assert_status(sqlscore__check_text(bad_utf8[_i], "sqlscore_x_new", "id"),
                     SQLSCORE_EINVAL, "sqlscore_x_new: id is not valid UTF-8");
    ck_assert(!sqlscore__utf8_valid(bad_utf8[_i], strlen(bad_utf8[_i])));
    /* The empty string is valid text (a module decides whether an empty
     * name is allowed, and says so in its own catalogue). */
    ck_assert_ok(sqlscore__check_text("", "sqlscore_x_new", "id"));
}
END_TEST

START_TEST(badinput_decode_edges)
{
    uint32_t cp = 12345;
    ck_assert_uint_eq(sqlscore__utf8_decode("", 0, &cp), 0);
    ck_assert_uint_eq(cp, 12345);                       /* untouched */
    ck_assert_uint_eq(sqlscore__utf8_decode("\xE2\x82\xAC", 2, &cp), 0);
    ck_assert_uint_eq(cp, 12345);
    ck_assert_uint_eq(sqlscore__utf8_decode("\xE2\x82\xAC", 3, &cp), 3);
    ck_assert_uint_eq(cp, 0x20AC);
    ck_assert(sqlscore__utf8_valid("", 0));
    ck_assert(sqlscore__utf8_valid("a\0b", 3));         /* NUL is a code point */
}
END_TEST

/* One megabyte of text: valid, then with one bad byte at the very end. */
START_TEST(badinput_megabyte_text)
{
    size_t n = 1024 * 1024, i;
    char *big = malloc(n + 1);
    ck_assert_ptr_nonnull(big);
    for (i = 0; i + 2 <= n; i += 2) {
        big[i] = (char)0xC3;                            /* é */
        big[i + 1] = (char)0xA9;
    }
    big[n] = '\0';
    ck_assert_ok(sqlscore__check_text(big, "fn", "line"));
    ck_assert(sqlscore__utf8_iends(big, "\xC3\x89\xC3\x89"));
    big[n - 1] = (char)0xFF;
    ck_assert_status(sqlscore__check_text(big, "fn", "line"), SQLSCORE_EINVAL,
                     "fn: line is not valid UTF-8");
    /* The detail never grows with the input. */
    ck_assert_uint_lt(strlen(sqlscore_error_message()), 512);
    free(big);
}
END_TEST

START_TEST(badinput_int64_extremes)
{
    static const int64_t ext[] = { INT64_MIN, INT64_MIN + 1, -1, 0, 1,
                                   INT64_MAX - 1, INT64_MAX };
    size_t i, j, n = sizeof ext / sizeof ext[0];
    for (i = 0; i < n; i++) {
        for (j = 0; j < n; j++) {
            int64_t a = ext[i], b = ext[j], r = 42;
            /* Exact answer computed a second way, in 128-bit arithmetic
             * where available, else by the sign rules. */
#if defined(__SIZEOF_INT128__)
            __int128 s = (__int128)a + b, p = (__int128)a * b;
            int add_over = s > INT64_MAX || s < INT64_MIN;
            int mul_over = p > INT64_MAX || p < INT64_MIN;
#else
            int add_over = (b > 0 && a > INT64_MAX - b) || (b < 0 && a < INT64_MIN - b);
            int mul_over = -1;
#endif
            ck_assert_int_eq(sqlscore__add_i64(a, b, &r), add_over);
            if (add_over)
                ck_assert_int_eq(r, 42);
            else
                ck_assert_int_eq(r, (int64_t)((uint64_t)a + (uint64_t)b));
            r = 42;
            if (mul_over >= 0) {
                ck_assert_int_eq(sqlscore__mul_i64(a, b, &r), mul_over);
                if (mul_over)
                    ck_assert_int_eq(r, 42);
#if defined(__SIZEOF_INT128__)
                else
                    ck_assert_int_eq(r, (int64_t)p);
#endif
            }
        }
    }
}
END_TEST

START_TEST(badinput_allocation_sizes)
{
    /* Sizes whose product overflows size_t are refused, not wrapped. */
    ck_assert_ptr_null(sqlscore__calloc(SIZE_MAX, 2));
    ck_assert_int_eq(sqlscore_error_code(), SQLSCORE_ENOMEM);
    ck_assert_ptr_nonnull(strstr(sqlscore_error_message(), "out of memory"));
    ck_assert_ptr_null(sqlscore__reallocarray(NULL, 2, SIZE_MAX / 2 + 1));
    ck_assert_int_eq(sqlscore_test_alloc_live(), 0);
}
END_TEST

/* The allocator contract: the hook never sees a request for 0 bytes. */
static size_t zero_last_size;
static void *zero_malloc(size_t n) { zero_last_size = n; return malloc(n); }
static void *zero_realloc(void *p, size_t n) { zero_last_size = n; return realloc(p, n); }
static void zero_free(void *p) { free(p); }

START_TEST(badinput_zero_size_requests)
{
    void *p, *q;
    ck_assert_ok(sqlscore_allocator_set(zero_malloc, zero_realloc, zero_free));
    p = sqlscore__malloc(0);
    ck_assert_uint_eq(zero_last_size, 1);
    q = sqlscore__realloc(p, 0);
    ck_assert_uint_eq(zero_last_size, 1);
    ck_assert_ptr_nonnull(q);
    sqlscore__free(q);
    q = sqlscore__calloc(0, 16);
    ck_assert_uint_eq(zero_last_size, 1);
    sqlscore__free(q);
    sqlscore_test_fail_after(-1);   /* back to the counting allocator */
}
END_TEST

Suite *sqlscore_test_suite(void)
{
    Suite *s = suite_create("badinput");
    TCase *tc = tcase_create("common");
    tcase_add_test(tc, badinput_strerror_any_int);
    tcase_add_test(tc, badinput_allocator_set_partial_null);
    tcase_add_test(tc, badinput_null_frees_and_empty_state);
    tcase_add_loop_test(tc, badinput_text_checks, 0, BAD_UTF8_N);
    tcase_add_test(tc, badinput_decode_edges);
    tcase_add_test(tc, badinput_megabyte_text);
    tcase_add_test(tc, badinput_int64_extremes);
    tcase_add_test(tc, badinput_allocation_sizes);
    tcase_add_test(tc, badinput_zero_size_requests);
    suite_add_tcase(s, tc);
    return s;
}
