/*
 * test_badinput.c - the bad-input catalogue, across every exported function.
 *
 * For each exported function: NULL for every pointer parameter, empty
 * strings, invalid UTF-8, INT64 (and int) extremes, NaN and infinities
 * where a double is taken, oversized input.  Each bad input must give its
 * documented status and a detail message naming the function and the
 * parameter, and must leave everything already stored as it was.
 *
 * Sections follow the header: common, qualification (the lead), cpsql
 * (money), and one per further module as it lands (each module's own test
 * file holds its specific cases; this one sweeps the whole API uniformly).
 */
#include "hardutil.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
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

/* Adding context to the current detail by passing it back in. */
START_TEST(badinput_detail_wraps_itself)
{
    char want[600];
    size_t i;
    sqlscore__fail(SQLSCORE_EPARSE, "rules:3:14: unknown keyword 'tresh'");
    sqlscore__fail(SQLSCORE_EPARSE, "batch: at index %d: %s", 7, sqlscore_error_message());
    ck_assert_str_eq(sqlscore_error_message(),
                     "batch: at index 7: rules:3:14: unknown keyword 'tresh'");
    /* Again and again, until it is cut at the buffer size. */
    for (i = 0; i < 60; i++)
        sqlscore__fail(SQLSCORE_EPARSE, "outer %zu: %s", i, sqlscore_error_message());
    ck_assert_uint_lt(strlen(sqlscore_error_message()), 512);
    snprintf(want, sizeof want, "outer 59: outer 58: ");
    ck_assert_int_eq(strncmp(sqlscore_error_message(), want, strlen(want)), 0);
    ck_assert_str_eq(sqlscore_error_message() + strlen(sqlscore_error_message()) - 3, "...");
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

/* ======================================================================== */
/* qualification: the lead handle                                          */
/* ======================================================================== */

/* Every call below gets one bad argument and must fail with EINVAL, a
 * detail naming the function, no out-parameter written and the lead (a
 * full fixture) unchanged. */
#define BAD_SENT ((void *)&bad_utf8)   /* an address no call may write */

/* The checks every catalogue row shares: the documented status, the same
 * status recorded for the thread, a detail naming the function called, and
 * no memory left behind.  Callers then compare their handles' dumps. */
static void bad_assert_refused(int i, const char *fn, int rc, int want, long live)
{
    ck_assert_msg(rc == want, "case %d (%s): returned %d (%s), expected %d (%s)", i, fn, rc,
                  sqlscore_strerror(rc), want, sqlscore_strerror(want));
    ck_assert_int_eq(sqlscore_error_code(), want);
    ck_assert_msg(strstr(sqlscore_error_message(), fn) != NULL,
                  "case %d: detail '%s' does not name %s", i, sqlscore_error_message(), fn);
    ck_assert_int_eq(sqlscore_test_alloc_live(), live);
}

static int bad_lead_call(int which, sqlscore_lead *l, const char **fn)
{
    static const char *const items1[] = { "need" };
    static const char *const items_null[] = { "need", NULL };
    static const char *const items_empty[] = { "need", "" };
    static const char *const items_bad[] = { "\xC0\x80" };
    sqlscore_lead *out = BAD_SENT;
    const char *str = BAD_SENT, *cur = BAD_SENT;
    double d = 7.0, nan_v = NAN, inf_v = INFINITY;
    int64_t i64 = 7;
    int32_t i32 = 7;
    size_t n = 7;
    int rc;

#define BAD_CASE(k, name, call) case k: *fn = name; rc = (call); break
    switch (which) {
    BAD_CASE(0, "sqlscore_lead_new", sqlscore_lead_new(NULL, "x"));
    BAD_CASE(1, "sqlscore_lead_new", sqlscore_lead_new(&out, NULL));
    BAD_CASE(2, "sqlscore_lead_new", sqlscore_lead_new(&out, ""));
    BAD_CASE(3, "sqlscore_lead_new", sqlscore_lead_new(&out, "lead\xFF"));
    BAD_CASE(4, "sqlscore_lead_clone", sqlscore_lead_clone(NULL, l));
    BAD_CASE(5, "sqlscore_lead_clone", sqlscore_lead_clone(&out, NULL));
    BAD_CASE(6, "sqlscore_lead_id", sqlscore_lead_id(NULL, &str));
    BAD_CASE(7, "sqlscore_lead_id", sqlscore_lead_id(l, NULL));
    BAD_CASE(8, "sqlscore_lead_set_text", sqlscore_lead_set_text(NULL, "a", "b"));
    BAD_CASE(9, "sqlscore_lead_set_text", sqlscore_lead_set_text(l, NULL, "b"));
    BAD_CASE(10, "sqlscore_lead_set_text", sqlscore_lead_set_text(l, "title", NULL));
    BAD_CASE(11, "sqlscore_lead_set_text", sqlscore_lead_set_text(l, "", "b"));
    BAD_CASE(12, "sqlscore_lead_set_text", sqlscore_lead_set_text(l, "ti\xED\xA0\x80", "b"));
    BAD_CASE(13, "sqlscore_lead_set_text", sqlscore_lead_set_text(l, "title", "VP\xC3"));
    BAD_CASE(14, "sqlscore_lead_set_number", sqlscore_lead_set_number(NULL, "fit", 1));
    BAD_CASE(15, "sqlscore_lead_set_number", sqlscore_lead_set_number(l, NULL, 1));
    BAD_CASE(16, "sqlscore_lead_set_number", sqlscore_lead_set_number(l, "fit", nan_v));
    BAD_CASE(17, "sqlscore_lead_set_number", sqlscore_lead_set_number(l, "fit", inf_v));
    BAD_CASE(18, "sqlscore_lead_set_number", sqlscore_lead_set_number(l, "fit", -inf_v));
    BAD_CASE(19, "sqlscore_lead_set_integer", sqlscore_lead_set_integer(NULL, "employees", 1));
    BAD_CASE(20, "sqlscore_lead_set_integer", sqlscore_lead_set_integer(l, NULL, 1));
    BAD_CASE(21, "sqlscore_lead_set_boolean", sqlscore_lead_set_boolean(NULL, "opt_in", 1));
    BAD_CASE(22, "sqlscore_lead_set_boolean", sqlscore_lead_set_boolean(l, NULL, 1));
    BAD_CASE(23, "sqlscore_lead_set_boolean", sqlscore_lead_set_boolean(l, "opt_in", 2));
    BAD_CASE(24, "sqlscore_lead_set_boolean", sqlscore_lead_set_boolean(l, "opt_in", INT32_MIN));
    BAD_CASE(25, "sqlscore_lead_set_time", sqlscore_lead_set_time(NULL, "created", 1));
    BAD_CASE(26, "sqlscore_lead_set_time", sqlscore_lead_set_time(l, NULL, 1));
    BAD_CASE(27, "sqlscore_lead_set_money", sqlscore_lead_set_money(NULL, "budget", 1, "EUR"));
    BAD_CASE(28, "sqlscore_lead_set_money", sqlscore_lead_set_money(l, NULL, 1, "EUR"));
    BAD_CASE(29, "sqlscore_lead_set_money", sqlscore_lead_set_money(l, "budget", 1, NULL));
    BAD_CASE(30, "sqlscore_lead_set_money", sqlscore_lead_set_money(l, "budget", 1, "eur"));
    BAD_CASE(31, "sqlscore_lead_set_money", sqlscore_lead_set_money(l, "budget", 1, "EURO"));
    BAD_CASE(32, "sqlscore_lead_set_money", sqlscore_lead_set_money(l, "budget", 1, ""));
    BAD_CASE(33, "sqlscore_lead_get_text", sqlscore_lead_get_text(NULL, "title", &str));
    BAD_CASE(34, "sqlscore_lead_get_text", sqlscore_lead_get_text(l, NULL, &str));
    BAD_CASE(35, "sqlscore_lead_get_text", sqlscore_lead_get_text(l, "title", NULL));
    BAD_CASE(36, "sqlscore_lead_get_number", sqlscore_lead_get_number(NULL, "fit", &d));
    BAD_CASE(37, "sqlscore_lead_get_number", sqlscore_lead_get_number(l, NULL, &d));
    BAD_CASE(38, "sqlscore_lead_get_number", sqlscore_lead_get_number(l, "fit", NULL));
    BAD_CASE(39, "sqlscore_lead_get_integer", sqlscore_lead_get_integer(NULL, "employees", &i64));
    BAD_CASE(40, "sqlscore_lead_get_integer", sqlscore_lead_get_integer(l, NULL, &i64));
    BAD_CASE(41, "sqlscore_lead_get_integer", sqlscore_lead_get_integer(l, "employees", NULL));
    BAD_CASE(42, "sqlscore_lead_get_boolean", sqlscore_lead_get_boolean(NULL, "opt_in", &i32));
    BAD_CASE(43, "sqlscore_lead_get_boolean", sqlscore_lead_get_boolean(l, NULL, &i32));
    BAD_CASE(44, "sqlscore_lead_get_boolean", sqlscore_lead_get_boolean(l, "opt_in", NULL));
    BAD_CASE(45, "sqlscore_lead_get_time", sqlscore_lead_get_time(NULL, "created", &i64));
    BAD_CASE(46, "sqlscore_lead_get_time", sqlscore_lead_get_time(l, NULL, &i64));
    BAD_CASE(47, "sqlscore_lead_get_time", sqlscore_lead_get_time(l, "created", NULL));
    BAD_CASE(48, "sqlscore_lead_get_money", sqlscore_lead_get_money(NULL, "budget", &i64, &cur));
    BAD_CASE(49, "sqlscore_lead_get_money", sqlscore_lead_get_money(l, NULL, &i64, &cur));
    BAD_CASE(50, "sqlscore_lead_get_money", sqlscore_lead_get_money(l, "budget", NULL, &cur));
    BAD_CASE(51, "sqlscore_lead_get_money", sqlscore_lead_get_money(l, "budget", &i64, NULL));
    BAD_CASE(52, "sqlscore_lead_attr_type", sqlscore_lead_attr_type(NULL, "fit", &i32));
    BAD_CASE(53, "sqlscore_lead_attr_type", sqlscore_lead_attr_type(l, NULL, &i32));
    BAD_CASE(54, "sqlscore_lead_attr_type", sqlscore_lead_attr_type(l, "fit", NULL));
    BAD_CASE(55, "sqlscore_lead_unset", sqlscore_lead_unset(NULL, "fit"));
    BAD_CASE(56, "sqlscore_lead_unset", sqlscore_lead_unset(l, NULL));
    BAD_CASE(57, "sqlscore_lead_attr_count", sqlscore_lead_attr_count(NULL, &n));
    BAD_CASE(58, "sqlscore_lead_attr_count", sqlscore_lead_attr_count(l, NULL));
    BAD_CASE(59, "sqlscore_lead_attr_at", sqlscore_lead_attr_at(NULL, 0, &str, &i32));
    BAD_CASE(60, "sqlscore_lead_checklist_set", sqlscore_lead_checklist_set(NULL, "X", items1, 1));
    BAD_CASE(61, "sqlscore_lead_checklist_set", sqlscore_lead_checklist_set(l, NULL, items1, 1));
    BAD_CASE(62, "sqlscore_lead_checklist_set", sqlscore_lead_checklist_set(l, "X", NULL, 1));
    BAD_CASE(63, "sqlscore_lead_checklist_set", sqlscore_lead_checklist_set(l, "X", items_null, 2));
    BAD_CASE(64, "sqlscore_lead_checklist_set", sqlscore_lead_checklist_set(l, "X", items_empty, 2));
    BAD_CASE(65, "sqlscore_lead_checklist_set", sqlscore_lead_checklist_set(l, "X", items_bad, 1));
    BAD_CASE(66, "sqlscore_lead_checklist_set", sqlscore_lead_checklist_set(l, "", items1, 1));
    BAD_CASE(67, "sqlscore_lead_checklist_set", sqlscore_lead_checklist_set(l, "X", items1, 0));
    BAD_CASE(68, "sqlscore_lead_checklist_framework", sqlscore_lead_checklist_framework(NULL, &str));
    BAD_CASE(69, "sqlscore_lead_checklist_framework", sqlscore_lead_checklist_framework(l, NULL));
    BAD_CASE(70, "sqlscore_lead_checklist_count", sqlscore_lead_checklist_count(NULL, &n));
    BAD_CASE(71, "sqlscore_lead_checklist_count", sqlscore_lead_checklist_count(l, NULL));
    BAD_CASE(72, "sqlscore_lead_checklist_at", sqlscore_lead_checklist_at(NULL, 0, &str, &i32));
    BAD_CASE(73, "sqlscore_lead_check_set", sqlscore_lead_check_set(NULL, "need", SQLSCORE_CHECK_MET));
    BAD_CASE(74, "sqlscore_lead_check_set", sqlscore_lead_check_set(l, NULL, SQLSCORE_CHECK_MET));
    BAD_CASE(75, "sqlscore_lead_check_set", sqlscore_lead_check_set(l, "need", 3));
    BAD_CASE(76, "sqlscore_lead_check_set", sqlscore_lead_check_set(l, "need", -1));
    BAD_CASE(77, "sqlscore_lead_check_get", sqlscore_lead_check_get(NULL, "need", &i32));
    BAD_CASE(78, "sqlscore_lead_check_get", sqlscore_lead_check_get(l, NULL, &i32));
    BAD_CASE(79, "sqlscore_lead_check_get", sqlscore_lead_check_get(l, "need", NULL));
    BAD_CASE(80, "sqlscore_lead_event_add", sqlscore_lead_event_add(NULL, "visit", 1, NULL, NULL));
    BAD_CASE(81, "sqlscore_lead_event_add", sqlscore_lead_event_add(l, NULL, 1, NULL, NULL));
    BAD_CASE(82, "sqlscore_lead_event_add", sqlscore_lead_event_add(l, "", 1, NULL, NULL));
    BAD_CASE(83, "sqlscore_lead_event_add", sqlscore_lead_event_add(l, "vis\x80t", 1, NULL, NULL));
    BAD_CASE(84, "sqlscore_lead_event_add", sqlscore_lead_event_add(l, "visit", 1, NULL, ""));
    BAD_CASE(85, "sqlscore_lead_event_add", sqlscore_lead_event_add(l, "visit", 1, NULL, "\xFE"));
    BAD_CASE(86, "sqlscore_lead_event_add", sqlscore_lead_event_add(l, "visit", 1, &nan_v, NULL));
    BAD_CASE(87, "sqlscore_lead_event_add", sqlscore_lead_event_add(l, "visit", 1, &inf_v, NULL));
    BAD_CASE(88, "sqlscore_lead_event_count", sqlscore_lead_event_count(NULL, &n));
    BAD_CASE(89, "sqlscore_lead_event_count", sqlscore_lead_event_count(l, NULL));
    BAD_CASE(90, "sqlscore_lead_event_at", sqlscore_lead_event_at(NULL, 0, &str, &i64, &i32, &d, &cur));
    default:
        ck_abort_msg("no bad-input case %d", which);
        return 0;
    }
#undef BAD_CASE
    /* Out-parameters are written only on success. */
    ck_assert_ptr_eq(out, BAD_SENT);
    ck_assert_ptr_eq(str, BAD_SENT);
    ck_assert_ptr_eq(cur, BAD_SENT);
    ck_assert(d == 7.0 && i64 == 7 && i32 == 7 && n == 7);
    return rc;
}
#define BAD_LEAD_N 91

START_TEST(badinput_lead)
{
    sqlscore_lead *l = hard_full_lead();
    char before[HARD_DUMP_SIZE], after[HARD_DUMP_SIZE];
    const char *fn = "?";
    long live = sqlscore_test_alloc_live();
    int rc;

    hard_lead_dump(l, before);
    sqlscore_error_clear();
    rc = bad_lead_call(_i, l, &fn);
    bad_assert_refused(_i, fn, rc, SQLSCORE_EINVAL, live);
    hard_lead_dump(l, after);
    ck_assert_str_eq(after, before);
    sqlscore_lead_free(l);
}
END_TEST

/* Lookups of what is not there, and of the wrong type: the documented
 * status, the detail, nothing written, nothing changed. */
START_TEST(badinput_lead_missing_and_mistyped)
{
    sqlscore_lead *l = hard_full_lead();
    char before[HARD_DUMP_SIZE], after[HARD_DUMP_SIZE];
    const char *str = BAD_SENT;
    int32_t st = 7;
    double d = 7.0;

    hard_lead_dump(l, before);
    ck_assert_status(sqlscore_lead_get_text(l, "no_such", &str), SQLSCORE_ENOTFOUND, "no_such");
    ck_assert_status(sqlscore_lead_get_number(l, "title", &d), SQLSCORE_ETYPE, "title");
    ck_assert_status(sqlscore_lead_unset(l, "no_such"), SQLSCORE_ENOTFOUND, "no_such");
    ck_assert_status(sqlscore_lead_check_get(l, "champion", &st), SQLSCORE_ENOTFOUND, "champion");
    ck_assert_status(sqlscore_lead_check_set(l, "champion", SQLSCORE_CHECK_MET),
                     SQLSCORE_ENOTFOUND, "champion");
    ck_assert_status(sqlscore_lead_attr_at(l, 7, &str, NULL), SQLSCORE_ENOTFOUND,
                     "sqlscore_lead_attr_at");
    ck_assert_status(sqlscore_lead_attr_at(l, SIZE_MAX, NULL, NULL), SQLSCORE_ENOTFOUND,
                     "sqlscore_lead_attr_at");
    ck_assert_status(sqlscore_lead_checklist_at(l, 4, &str, &st), SQLSCORE_ENOTFOUND,
                     "sqlscore_lead_checklist_at");
    ck_assert_status(sqlscore_lead_event_at(l, 2, &str, NULL, NULL, NULL, NULL),
                     SQLSCORE_ENOTFOUND, "sqlscore_lead_event_at");
    ck_assert_ptr_eq(str, BAD_SENT);
    ck_assert(st == 7 && d == 7.0);
    hard_lead_dump(l, after);
    ck_assert_str_eq(after, before);
    sqlscore_lead_free(l);
}
END_TEST

/* INT64 extremes and huge text are values like any other: stored exactly. */
START_TEST(badinput_lead_extremes_stored_exactly)
{
    sqlscore_lead *l = hard_full_lead();
    size_t n = 1024 * 1024, i;
    char *big = malloc(n + 1);
    const char *got, *cur;
    int64_t v;

    ck_assert_ptr_nonnull(big);
    for (i = 0; i < n; i++)
        big[i] = (char)('a' + i % 26);
    big[n] = '\0';
    ck_assert_ok(sqlscore_lead_set_integer(l, "employees", INT64_MIN));
    ck_assert_ok(sqlscore_lead_get_integer(l, "employees", &v));
    ck_assert(v == INT64_MIN);
    ck_assert_ok(sqlscore_lead_set_time(l, "created", INT64_MAX));
    ck_assert_ok(sqlscore_lead_get_time(l, "created", &v));
    ck_assert(v == INT64_MAX);
    ck_assert_ok(sqlscore_lead_set_money(l, "budget", INT64_MIN, "JPY"));
    ck_assert_ok(sqlscore_lead_get_money(l, "budget", &v, &cur));
    ck_assert(v == INT64_MIN);
    ck_assert_str_eq(cur, "JPY");
    ck_assert_ok(sqlscore_lead_set_text(l, "notes", big));
    ck_assert_ok(sqlscore_lead_get_text(l, "notes", &got));
    ck_assert_uint_eq(strlen(got), n);
    ck_assert_int_eq(memcmp(got, big, n), 0);
    ck_assert_ok(sqlscore_lead_event_add(l, "t_min", INT64_MIN, NULL, NULL));
    ck_assert_ok(sqlscore_lead_event_add(l, "t_max", INT64_MAX, NULL, NULL));
    ck_assert_ok(sqlscore_lead_event_at(l, 0, &got, &v, NULL, NULL, NULL));
    ck_assert_str_eq(got, "t_min");
    ck_assert(v == INT64_MIN);
    free(big);
    sqlscore_lead_free(l);
}
END_TEST

/* ======================================================================== */
/* qualification: criteria and results                                      */
/* ======================================================================== */

/* The same rule set twice: as text (parsed, so built) and through the
 * builder (left unbuilt, so the builder's checks are reachable).  Building
 * the builder copy and writing it must give the parsed copy's text, so a
 * failed call that changed anything in either shows up as a text diff. */
static const char bad_rules_text[] =
    "criteria \"hard\" version 3\n"
    "group \"web\" cap 50\n"
    "fit \"VP\" if title contains \"VP\" then +20 points and +1 grades\n"
    "fit \"Big\" if employees >= 100 then +10 points\n"
    "fit \"Town\" if company = \"K\xC3\xB6ln Widgets GmbH\" then +5 points\n"
    "engagement \"Demo\" in group \"web\" on demo_request then +10 points\n"
    "disqualify \"No opt-in\" if opt_in = false\n"
    "gate \"Budget\" if budget is met\n"
    "mql at score 10\n"
    "sql at score 30\n";

static sqlscore_criteria *bad_criteria_builder(void)
{
    sqlscore_criteria *c = NULL;
    ck_assert_ok(sqlscore_criteria_new(&c, "hard", 3));
    ck_assert_ok(sqlscore_criteria_add_group(c, "web", 50));
    ck_assert_ok(sqlscore_criteria_add_fit(c, "VP", "title contains \"VP\"", 20, 1, NULL));
    ck_assert_ok(sqlscore_criteria_add_fit(c, "Big", "employees >= 100", 10, 0, NULL));
    ck_assert_ok(sqlscore_criteria_add_fit(c, "Town", "company = \"K\xC3\xB6ln Widgets GmbH\"",
                                           5, 0, NULL));
    ck_assert_ok(sqlscore_criteria_add_engagement(c, "Demo", "demo_request", NULL, 10, 0, 0,
                                                  SQLSCORE_DECAY_NONE, 0, 0, "web"));
    ck_assert_ok(sqlscore_criteria_add_disqualifier(c, "No opt-in", "opt_in = false"));
    ck_assert_ok(sqlscore_criteria_add_gate(c, "Budget", "budget is met"));
    ck_assert_ok(sqlscore_criteria_set_mql(c, 10, SQLSCORE_GRADE_NONE));
    ck_assert_ok(sqlscore_criteria_set_sql(c, 30, SQLSCORE_GRADE_NONE));
    return c;
}

static sqlscore_criteria *bad_criteria_built(void)
{
    sqlscore_criteria *c = NULL;
    ck_assert_ok(sqlscore_criteria_parse(&c, bad_rules_text, strlen(bad_rules_text), "hard.rules"));
    return c;
}

/* The written text of a built criteria; of an unbuilt one, the text it
 * writes once built (which builds it: call last). */
static char *bad_criteria_text(sqlscore_criteria *c, int build)
{
    char *t = NULL;
    if (build)
        ck_assert_ok(sqlscore_criteria_build(c));
    ck_assert_ok(sqlscore_criteria_write(c, &t));
    return t;
}

/* Everything a result's getters show. */
static void bad_result_dump(const sqlscore_result *r, char *buf)
{
    const char *crit, *lead, *name;
    int32_t v, g, gf, version, kind, fired, steps;
    double s, fp, ep, ps, pts;
    int64_t as_of;
    size_t i, n;
    char *text;

    buf[0] = '\0';
    ck_assert_ok(sqlscore_result_verdict(r, &v));
    ck_assert_ok(sqlscore_result_grade(r, &g));
    ck_assert_ok(sqlscore_result_score(r, &s));
    ck_assert_ok(sqlscore_result_fit_points(r, &fp));
    ck_assert_ok(sqlscore_result_engagement_points(r, &ep));
    ck_assert_ok(sqlscore_result_gates_failed(r, &gf));
    ck_assert_ok(sqlscore_result_points_to_sql(r, &ps));
    ck_assert_ok(sqlscore_result_source(r, &crit, &version, &lead, &as_of));
    hard_cat(buf, "%d %d %.17g %.17g %.17g %d %.17g %s/%d %s@%lld;", (int)v, (int)g, s, fp, ep,
             (int)gf, ps, crit, (int)version, lead, (long long)as_of);
    ck_assert_ok(sqlscore_result_rule_count(r, &n));
    for (i = 0; i < n; i++) {
        ck_assert_ok(sqlscore_result_rule_at(r, i, &name, &kind, &fired, &pts, &steps));
        hard_cat(buf, "[%s %d %d %.17g %d]", name, (int)kind, (int)fired, pts, (int)steps);
    }
    ck_assert_ok(sqlscore_result_explain(r, &text));
    hard_cat(buf, "%s", text);
    sqlscore_buffer_free(text);
    ck_assert_uint_lt(strlen(buf), HARD_DUMP_SIZE - 1);
}

#define BAD_AS_OF 1767398400  /* 3 January 2026, after the fixture's events */

/* One bad argument per call.  b is the unbuilt builder copy, c the built
 * criteria, l the full lead, r a result of c for l.  *want receives the
 * documented status (EINVAL unless the row says otherwise). */
static int bad_criteria_call(int which, sqlscore_criteria *b, sqlscore_criteria *c,
                             sqlscore_lead *l, sqlscore_result *r, const char **fn, int *want)
{
    static const char *const items1[] = { "need" };
    static const char *const items_null[] = { "need", NULL };
    static const char *const items_empty[] = { "need", "" };
    static const char *const items_bad[] = { "ne\xC3" };
    static const char *const nnames[] = { "employees" };
    static const char *const nnames_bad[] = { "employ\xFF" };
    static const char *const nnames_null[] = { NULL };
    static const char *const tnames[] = { "title" };
    static const char *const tnames_dup[] = { "employees" };
    static const double col_ok[] = { 250, 50 };
    static const double col_nan[] = { 250, NAN };
    static const double col_inf[] = { -INFINITY, 1 };
    static const double *const nums_ok[] = { col_ok };
    static const double *const nums_nan[] = { col_nan };
    static const double *const nums_inf[] = { col_inf };
    static const double *const nums_null[] = { NULL };
    static const char *const tcol_ok[] = { "VP of Sales", NULL };
    static const char *const tcol_bad[] = { "VP of Sales", "VP\xC3" };
    static const char *const *const texts_ok[] = { tcol_ok };
    static const char *const *const texts_bad[] = { tcol_bad };
    static const char *const *const texts_null[] = { NULL };
    static const int32_t code_ok[] = { 0, -1 };
    static const int32_t code_out[] = { 0, 2 };
    static const int32_t *const codes_ok[] = { code_ok };
    static const int32_t *const codes_out[] = { code_out };
    static const int32_t *const codes_null[] = { NULL };
    static const size_t dsize[] = { 2 };
    static const char *const dict_ok[] = { "VP of Sales", NULL };
    static const char *const dict_bad[] = { "VP of Sales", "VP\xC3" };
    static const char *const *const dicts_ok[] = { dict_ok };
    static const char *const *const dicts_bad[] = { dict_bad };
    static const char *const *const dicts_null[] = { NULL };
    const sqlscore_lead *leads_null[2];
    sqlscore_criteria *cout = BAD_SENT;
    sqlscore_result *rout = BAD_SENT;
    const char *str = BAD_SENT;
    char *text = BAD_SENT;
    double d = 7.0, nan_v = NAN, inf_v = INFINITY;
    double scores[2] = { 7.0, 7.0 };
    int32_t grades[2] = { 7, 7 }, verdicts[2] = { 7, 7 }, i32 = 7;
    size_t n = 7;
    int rc;

    leads_null[0] = l;
    leads_null[1] = NULL;
    *want = SQLSCORE_EINVAL;
#define BAD_CASE(k, name, call) case k: *fn = name; rc = (call); break
#define BAD_CASE_S(k, name, st, call) case k: *fn = name; *want = (st); rc = (call); break
    switch (which) {
    BAD_CASE(0, "sqlscore_criteria_new", sqlscore_criteria_new(NULL, "x", 1));
    BAD_CASE(1, "sqlscore_criteria_new", sqlscore_criteria_new(&cout, NULL, 1));
    BAD_CASE(2, "sqlscore_criteria_new", sqlscore_criteria_new(&cout, "", 1));
    BAD_CASE(3, "sqlscore_criteria_new", sqlscore_criteria_new(&cout, "x\xC3", 1));
    BAD_CASE(4, "sqlscore_criteria_new", sqlscore_criteria_new(&cout, "x", -1));
    BAD_CASE(5, "sqlscore_criteria_new", sqlscore_criteria_new(&cout, "x", INT32_MIN));
    BAD_CASE(6, "sqlscore_criteria_set_framework", sqlscore_criteria_set_framework(NULL, "X", items1, 1));
    BAD_CASE(7, "sqlscore_criteria_set_framework", sqlscore_criteria_set_framework(b, NULL, items1, 1));
    BAD_CASE(8, "sqlscore_criteria_set_framework", sqlscore_criteria_set_framework(b, "X", NULL, 1));
    BAD_CASE(9, "sqlscore_criteria_set_framework", sqlscore_criteria_set_framework(b, "", items1, 1));
    BAD_CASE(10, "sqlscore_criteria_set_framework", sqlscore_criteria_set_framework(b, "X\x80", items1, 1));
    BAD_CASE(11, "sqlscore_criteria_set_framework", sqlscore_criteria_set_framework(b, "X", items_null, 2));
    BAD_CASE(12, "sqlscore_criteria_set_framework", sqlscore_criteria_set_framework(b, "X", items_empty, 2));
    BAD_CASE(13, "sqlscore_criteria_set_framework", sqlscore_criteria_set_framework(b, "X", items_bad, 1));
    BAD_CASE(14, "sqlscore_criteria_set_framework", sqlscore_criteria_set_framework(b, "X", items1, 0));
    BAD_CASE_S(15, "sqlscore_criteria_set_framework", SQLSCORE_ESTATE,
               sqlscore_criteria_set_framework(c, "X", items1, 1));
    BAD_CASE(16, "sqlscore_criteria_add_group", sqlscore_criteria_add_group(NULL, "g", 1));
    BAD_CASE(17, "sqlscore_criteria_add_group", sqlscore_criteria_add_group(b, NULL, 1));
    BAD_CASE(18, "sqlscore_criteria_add_group", sqlscore_criteria_add_group(b, "", 1));
    BAD_CASE(19, "sqlscore_criteria_add_group", sqlscore_criteria_add_group(b, "g\xFE", 1));
    BAD_CASE(20, "sqlscore_criteria_add_group", sqlscore_criteria_add_group(b, "g", nan_v));
    BAD_CASE(21, "sqlscore_criteria_add_group", sqlscore_criteria_add_group(b, "g", inf_v));
    BAD_CASE(22, "sqlscore_criteria_add_group", sqlscore_criteria_add_group(b, "g", -inf_v));
    BAD_CASE(23, "sqlscore_criteria_add_group", sqlscore_criteria_add_group(b, "g", -1));
    BAD_CASE_S(24, "sqlscore_criteria_add_group", SQLSCORE_ERANGE,
               sqlscore_criteria_add_group(b, "g", 1e12 * 2));
    BAD_CASE_S(25, "sqlscore_criteria_add_group", SQLSCORE_EEXIST,
               sqlscore_criteria_add_group(b, "web", 1));
    BAD_CASE_S(26, "sqlscore_criteria_add_group", SQLSCORE_ESTATE,
               sqlscore_criteria_add_group(c, "g", 1));
    BAD_CASE(27, "sqlscore_criteria_set_total_cap", sqlscore_criteria_set_total_cap(NULL, 1));
    BAD_CASE(28, "sqlscore_criteria_set_total_cap", sqlscore_criteria_set_total_cap(b, nan_v));
    BAD_CASE(29, "sqlscore_criteria_set_total_cap", sqlscore_criteria_set_total_cap(b, inf_v));
    BAD_CASE(30, "sqlscore_criteria_set_total_cap", sqlscore_criteria_set_total_cap(b, -inf_v));
    BAD_CASE(31, "sqlscore_criteria_set_total_cap", sqlscore_criteria_set_total_cap(b, -0.5));
    BAD_CASE_S(32, "sqlscore_criteria_set_total_cap", SQLSCORE_ERANGE,
               sqlscore_criteria_set_total_cap(b, 1e300));
    BAD_CASE_S(33, "sqlscore_criteria_set_total_cap", SQLSCORE_ESTATE,
               sqlscore_criteria_set_total_cap(c, 1));
    BAD_CASE(34, "sqlscore_criteria_add_fit", sqlscore_criteria_add_fit(NULL, "r", "x > 1", 1, 0, NULL));
    BAD_CASE(35, "sqlscore_criteria_add_fit", sqlscore_criteria_add_fit(b, NULL, "x > 1", 1, 0, NULL));
    BAD_CASE(36, "sqlscore_criteria_add_fit", sqlscore_criteria_add_fit(b, "r", NULL, 1, 0, NULL));
    BAD_CASE(37, "sqlscore_criteria_add_fit", sqlscore_criteria_add_fit(b, "", "x > 1", 1, 0, NULL));
    BAD_CASE(38, "sqlscore_criteria_add_fit", sqlscore_criteria_add_fit(b, "r\xED\xA0\x80", "x > 1", 1, 0, NULL));
    BAD_CASE(39, "sqlscore_criteria_add_fit", sqlscore_criteria_add_fit(b, "r", "x = \"\xC3\"", 1, 0, NULL));
    BAD_CASE(40, "sqlscore_criteria_add_fit", sqlscore_criteria_add_fit(b, "r", "x > 1", nan_v, 0, NULL));
    BAD_CASE(41, "sqlscore_criteria_add_fit", sqlscore_criteria_add_fit(b, "r", "x > 1", inf_v, 0, NULL));
    BAD_CASE(42, "sqlscore_criteria_add_fit", sqlscore_criteria_add_fit(b, "r", "x > 1", -inf_v, 0, NULL));
    BAD_CASE(43, "sqlscore_criteria_add_fit", sqlscore_criteria_add_fit(b, "r", "x > 1", 1, 13, NULL));
    BAD_CASE(44, "sqlscore_criteria_add_fit", sqlscore_criteria_add_fit(b, "r", "x > 1", 1, -13, NULL));
    BAD_CASE(45, "sqlscore_criteria_add_fit", sqlscore_criteria_add_fit(b, "r", "x > 1", 1, INT32_MIN, NULL));
    BAD_CASE(46, "sqlscore_criteria_add_fit", sqlscore_criteria_add_fit(b, "r", "x > 1", 0, 0, NULL));
    BAD_CASE_S(47, "sqlscore_criteria_add_fit", SQLSCORE_ERANGE,
               sqlscore_criteria_add_fit(b, "r", "x > 1", 1e13, 0, NULL));
    BAD_CASE_S(48, "sqlscore_criteria_add_fit", SQLSCORE_EEXIST,
               sqlscore_criteria_add_fit(b, "VP", "x > 1", 1, 0, NULL));
    BAD_CASE_S(49, "sqlscore_criteria_add_fit", SQLSCORE_ENOTFOUND,
               sqlscore_criteria_add_fit(b, "r", "x > 1", 1, 0, "nogroup"));
    BAD_CASE_S(50, "sqlscore_criteria_add_fit", SQLSCORE_ESTATE,
               sqlscore_criteria_add_fit(c, "r", "x > 1", 1, 0, NULL));
    BAD_CASE(51, "sqlscore_criteria_add_engagement", sqlscore_criteria_add_engagement(NULL, "e", "visit", NULL, 1, 0, 0, SQLSCORE_DECAY_NONE, 0, 0, NULL));
    BAD_CASE(52, "sqlscore_criteria_add_engagement", sqlscore_criteria_add_engagement(b, NULL, "visit", NULL, 1, 0, 0, SQLSCORE_DECAY_NONE, 0, 0, NULL));
    BAD_CASE(53, "sqlscore_criteria_add_engagement", sqlscore_criteria_add_engagement(b, "e", NULL, NULL, 1, 0, 0, SQLSCORE_DECAY_NONE, 0, 0, NULL));
    BAD_CASE(54, "sqlscore_criteria_add_engagement", sqlscore_criteria_add_engagement(b, "", "visit", NULL, 1, 0, 0, SQLSCORE_DECAY_NONE, 0, 0, NULL));
    BAD_CASE(55, "sqlscore_criteria_add_engagement", sqlscore_criteria_add_engagement(b, "e", "", NULL, 1, 0, 0, SQLSCORE_DECAY_NONE, 0, 0, NULL));
    BAD_CASE(56, "sqlscore_criteria_add_engagement", sqlscore_criteria_add_engagement(b, "e", "vis\x80t", NULL, 1, 0, 0, SQLSCORE_DECAY_NONE, 0, 0, NULL));
    BAD_CASE(57, "sqlscore_criteria_add_engagement", sqlscore_criteria_add_engagement(b, "e\xFF", "visit", NULL, 1, 0, 0, SQLSCORE_DECAY_NONE, 0, 0, NULL));
    BAD_CASE(58, "sqlscore_criteria_add_engagement", sqlscore_criteria_add_engagement(b, "e", "visit", NULL, nan_v, 0, 0, SQLSCORE_DECAY_NONE, 0, 0, NULL));
    BAD_CASE(59, "sqlscore_criteria_add_engagement", sqlscore_criteria_add_engagement(b, "e", "visit", NULL, inf_v, 0, 0, SQLSCORE_DECAY_NONE, 0, 0, NULL));
    BAD_CASE(60, "sqlscore_criteria_add_engagement", sqlscore_criteria_add_engagement(b, "e", "visit", NULL, 0, 0, 0, SQLSCORE_DECAY_NONE, 0, 0, NULL));
    BAD_CASE(61, "sqlscore_criteria_add_engagement", sqlscore_criteria_add_engagement(b, "e", "visit", NULL, 1, -1, 0, SQLSCORE_DECAY_NONE, 0, 0, NULL));
    BAD_CASE(62, "sqlscore_criteria_add_engagement", sqlscore_criteria_add_engagement(b, "e", "visit", NULL, 1, 1, INT64_MIN, SQLSCORE_DECAY_NONE, 0, 0, NULL));
    BAD_CASE(63, "sqlscore_criteria_add_engagement", sqlscore_criteria_add_engagement(b, "e", "visit", NULL, 1, 0, 0, 4, 0, 0, NULL));
    BAD_CASE(64, "sqlscore_criteria_add_engagement", sqlscore_criteria_add_engagement(b, "e", "visit", NULL, 1, 0, 0, -1, 0, 0, NULL));
    BAD_CASE(65, "sqlscore_criteria_add_engagement", sqlscore_criteria_add_engagement(b, "e", "visit", NULL, 1, 0, 0, SQLSCORE_DECAY_HALF_LIFE, INT64_MIN, 0, NULL));
    BAD_CASE(66, "sqlscore_criteria_add_engagement", sqlscore_criteria_add_engagement(b, "e", "visit", NULL, 1, 0, 0, SQLSCORE_DECAY_LINEAR, 86400, nan_v, NULL));
    BAD_CASE(67, "sqlscore_criteria_add_engagement", sqlscore_criteria_add_engagement(b, "e", "visit", NULL, 1, 0, 0, SQLSCORE_DECAY_LINEAR, 86400, inf_v, NULL));
    BAD_CASE(68, "sqlscore_criteria_add_engagement", sqlscore_criteria_add_engagement(b, "e", "visit", NULL, 1, 0, 0, SQLSCORE_DECAY_NONE, 86400, 0, NULL));
    BAD_CASE_S(69, "sqlscore_criteria_add_engagement", SQLSCORE_ESTATE,
               sqlscore_criteria_add_engagement(c, "e", "visit", NULL, 1, 0, 0, SQLSCORE_DECAY_NONE, 0, 0, NULL));
    BAD_CASE(70, "sqlscore_criteria_add_disqualifier", sqlscore_criteria_add_disqualifier(NULL, "d", "x > 1"));
    BAD_CASE(71, "sqlscore_criteria_add_disqualifier", sqlscore_criteria_add_disqualifier(b, NULL, "x > 1"));
    BAD_CASE(72, "sqlscore_criteria_add_disqualifier", sqlscore_criteria_add_disqualifier(b, "d", NULL));
    BAD_CASE(73, "sqlscore_criteria_add_disqualifier", sqlscore_criteria_add_disqualifier(b, "", "x > 1"));
    BAD_CASE(74, "sqlscore_criteria_add_disqualifier", sqlscore_criteria_add_disqualifier(b, "d\xC0\x80", "x > 1"));
    BAD_CASE(75, "sqlscore_criteria_add_disqualifier", sqlscore_criteria_add_disqualifier(b, "d", "x > \xF5"));
    BAD_CASE_S(76, "sqlscore_criteria_add_disqualifier", SQLSCORE_ESTATE,
               sqlscore_criteria_add_disqualifier(c, "d", "x > 1"));
    BAD_CASE(77, "sqlscore_criteria_add_gate", sqlscore_criteria_add_gate(NULL, "g", "x > 1"));
    BAD_CASE(78, "sqlscore_criteria_add_gate", sqlscore_criteria_add_gate(b, NULL, "x > 1"));
    BAD_CASE(79, "sqlscore_criteria_add_gate", sqlscore_criteria_add_gate(b, "g", NULL));
    BAD_CASE(80, "sqlscore_criteria_add_gate", sqlscore_criteria_add_gate(b, "", "x > 1"));
    BAD_CASE(81, "sqlscore_criteria_add_gate", sqlscore_criteria_add_gate(b, "g\xE2\x82", "x > 1"));
    BAD_CASE(82, "sqlscore_criteria_add_gate", sqlscore_criteria_add_gate(b, "g", "\xF8\x88\x80\x80\x80"));
    BAD_CASE_S(83, "sqlscore_criteria_add_gate", SQLSCORE_ESTATE,
               sqlscore_criteria_add_gate(c, "g", "x > 1"));
    BAD_CASE(84, "sqlscore_criteria_set_mql", sqlscore_criteria_set_mql(NULL, 1, SQLSCORE_GRADE_NONE));
    BAD_CASE(85, "sqlscore_criteria_set_mql", sqlscore_criteria_set_mql(b, nan_v, SQLSCORE_GRADE_NONE));
    BAD_CASE(86, "sqlscore_criteria_set_mql", sqlscore_criteria_set_mql(b, inf_v, SQLSCORE_GRADE_NONE));
    BAD_CASE(87, "sqlscore_criteria_set_mql", sqlscore_criteria_set_mql(b, -inf_v, SQLSCORE_GRADE_NONE));
    BAD_CASE(88, "sqlscore_criteria_set_mql", sqlscore_criteria_set_mql(b, 1, 13));
    BAD_CASE(89, "sqlscore_criteria_set_mql", sqlscore_criteria_set_mql(b, 1, -2));
    BAD_CASE(90, "sqlscore_criteria_set_mql", sqlscore_criteria_set_mql(b, 1, INT32_MAX));
    BAD_CASE_S(91, "sqlscore_criteria_set_mql", SQLSCORE_ERANGE,
               sqlscore_criteria_set_mql(b, -1e13, SQLSCORE_GRADE_NONE));
    BAD_CASE_S(92, "sqlscore_criteria_set_mql", SQLSCORE_ESTATE,
               sqlscore_criteria_set_mql(c, 1, SQLSCORE_GRADE_NONE));
    BAD_CASE(93, "sqlscore_criteria_set_sql", sqlscore_criteria_set_sql(NULL, 1, SQLSCORE_GRADE_NONE));
    BAD_CASE(94, "sqlscore_criteria_set_sql", sqlscore_criteria_set_sql(b, nan_v, SQLSCORE_GRADE_NONE));
    BAD_CASE(95, "sqlscore_criteria_set_sql", sqlscore_criteria_set_sql(b, inf_v, SQLSCORE_GRADE_NONE));
    BAD_CASE(96, "sqlscore_criteria_set_sql", sqlscore_criteria_set_sql(b, -inf_v, SQLSCORE_GRADE_NONE));
    BAD_CASE(97, "sqlscore_criteria_set_sql", sqlscore_criteria_set_sql(b, 40, 13));
    BAD_CASE(98, "sqlscore_criteria_set_sql", sqlscore_criteria_set_sql(b, 40, INT32_MIN));
    BAD_CASE_S(99, "sqlscore_criteria_set_sql", SQLSCORE_ERANGE,
               sqlscore_criteria_set_sql(b, 1e300, SQLSCORE_GRADE_NONE));
    BAD_CASE_S(100, "sqlscore_criteria_set_sql", SQLSCORE_ESTATE,
               sqlscore_criteria_set_sql(c, 40, SQLSCORE_GRADE_NONE));
    BAD_CASE(101, "sqlscore_criteria_build", sqlscore_criteria_build(NULL));
    BAD_CASE_S(102, "sqlscore_criteria_build", SQLSCORE_ESTATE, sqlscore_criteria_build(c));
    BAD_CASE(103, "sqlscore_criteria_parse", sqlscore_criteria_parse(NULL, bad_rules_text, strlen(bad_rules_text), NULL));
    BAD_CASE(104, "sqlscore_criteria_parse", sqlscore_criteria_parse(&cout, NULL, 10, NULL));
    BAD_CASE(105, "sqlscore_criteria_parse", sqlscore_criteria_parse(&cout, bad_rules_text, strlen(bad_rules_text), "r\xC3.rules"));
    BAD_CASE(106, "sqlscore_criteria_write", sqlscore_criteria_write(NULL, &text));
    BAD_CASE(107, "sqlscore_criteria_write", sqlscore_criteria_write(c, NULL));
    BAD_CASE_S(108, "sqlscore_criteria_write", SQLSCORE_ESTATE, sqlscore_criteria_write(b, &text));
    BAD_CASE(109, "sqlscore_criteria_name", sqlscore_criteria_name(NULL, &str, &i32));
    BAD_CASE(110, "sqlscore_criteria_framework", sqlscore_criteria_framework(NULL, &str, &n));
    BAD_CASE(111, "sqlscore_criteria_framework_item", sqlscore_criteria_framework_item(NULL, 0, &str));
    BAD_CASE(112, "sqlscore_criteria_framework_item", sqlscore_criteria_framework_item(c, 0, NULL));
    BAD_CASE_S(113, "sqlscore_criteria_framework_item", SQLSCORE_ENOTFOUND,
               sqlscore_criteria_framework_item(c, SIZE_MAX, &str));
    BAD_CASE(114, "sqlscore_criteria_evaluate", sqlscore_criteria_evaluate(NULL, c, l, BAD_AS_OF));
    BAD_CASE(115, "sqlscore_criteria_evaluate", sqlscore_criteria_evaluate(&rout, NULL, l, BAD_AS_OF));
    BAD_CASE(116, "sqlscore_criteria_evaluate", sqlscore_criteria_evaluate(&rout, c, NULL, BAD_AS_OF));
    BAD_CASE_S(117, "sqlscore_criteria_evaluate", SQLSCORE_ESTATE,
               sqlscore_criteria_evaluate(&rout, b, l, BAD_AS_OF));
    BAD_CASE(118, "sqlscore_criteria_evaluate_batch", sqlscore_criteria_evaluate_batch(NULL, leads_null, 1, BAD_AS_OF, scores, grades, verdicts));
    BAD_CASE(119, "sqlscore_criteria_evaluate_batch", sqlscore_criteria_evaluate_batch(c, NULL, 1, BAD_AS_OF, scores, grades, verdicts));
    BAD_CASE(120, "sqlscore_criteria_evaluate_batch", sqlscore_criteria_evaluate_batch(c, leads_null, 2, BAD_AS_OF, scores, grades, verdicts));
    BAD_CASE_S(121, "sqlscore_criteria_evaluate_batch", SQLSCORE_ESTATE,
               sqlscore_criteria_evaluate_batch(b, leads_null, 1, BAD_AS_OF, scores, grades, verdicts));
    BAD_CASE(122, "sqlscore_criteria_evaluate_columns", sqlscore_criteria_evaluate_columns(NULL, 2, 1, nnames, nums_ok, NULL, 1, tnames, texts_ok, scores, grades, verdicts));
    BAD_CASE(123, "sqlscore_criteria_evaluate_columns", sqlscore_criteria_evaluate_columns(c, 2, 1, NULL, nums_ok, NULL, 1, tnames, texts_ok, scores, grades, verdicts));
    BAD_CASE(124, "sqlscore_criteria_evaluate_columns", sqlscore_criteria_evaluate_columns(c, 2, 1, nnames, NULL, NULL, 1, tnames, texts_ok, scores, grades, verdicts));
    BAD_CASE(125, "sqlscore_criteria_evaluate_columns", sqlscore_criteria_evaluate_columns(c, 2, 1, nnames, nums_ok, NULL, 1, NULL, texts_ok, scores, grades, verdicts));
    BAD_CASE(126, "sqlscore_criteria_evaluate_columns", sqlscore_criteria_evaluate_columns(c, 2, 1, nnames, nums_ok, NULL, 1, tnames, NULL, scores, grades, verdicts));
    BAD_CASE(127, "sqlscore_criteria_evaluate_columns", sqlscore_criteria_evaluate_columns(c, 2, 1, nnames_null, nums_ok, NULL, 1, tnames, texts_ok, scores, grades, verdicts));
    BAD_CASE(128, "sqlscore_criteria_evaluate_columns", sqlscore_criteria_evaluate_columns(c, 2, 1, nnames, nums_null, NULL, 1, tnames, texts_ok, scores, grades, verdicts));
    BAD_CASE(129, "sqlscore_criteria_evaluate_columns", sqlscore_criteria_evaluate_columns(c, 2, 1, nnames, nums_ok, NULL, 1, tnames, texts_null, scores, grades, verdicts));
    BAD_CASE(130, "sqlscore_criteria_evaluate_columns", sqlscore_criteria_evaluate_columns(c, 2, 1, nnames, nums_nan, NULL, 1, tnames, texts_ok, scores, grades, verdicts));
    BAD_CASE(131, "sqlscore_criteria_evaluate_columns", sqlscore_criteria_evaluate_columns(c, 2, 1, nnames, nums_inf, NULL, 1, tnames, texts_ok, scores, grades, verdicts));
    BAD_CASE(132, "sqlscore_criteria_evaluate_columns", sqlscore_criteria_evaluate_columns(c, 2, 1, nnames, nums_ok, NULL, 1, tnames, texts_bad, scores, grades, verdicts));
    BAD_CASE(133, "sqlscore_criteria_evaluate_columns", sqlscore_criteria_evaluate_columns(c, 2, 1, nnames_bad, nums_ok, NULL, 1, tnames, texts_ok, scores, grades, verdicts));
    BAD_CASE_S(134, "sqlscore_criteria_evaluate_columns", SQLSCORE_EEXIST,
               sqlscore_criteria_evaluate_columns(c, 2, 1, nnames, nums_ok, NULL, 1, tnames_dup, texts_ok, scores, grades, verdicts));
    BAD_CASE_S(135, "sqlscore_criteria_evaluate_columns", SQLSCORE_ESTATE,
               sqlscore_criteria_evaluate_columns(b, 2, 1, nnames, nums_ok, NULL, 1, tnames, texts_ok, scores, grades, verdicts));
    BAD_CASE(136, "sqlscore_result_verdict", sqlscore_result_verdict(NULL, &i32));
    BAD_CASE(137, "sqlscore_result_verdict", sqlscore_result_verdict(r, NULL));
    BAD_CASE(138, "sqlscore_result_score", sqlscore_result_score(NULL, &d));
    BAD_CASE(139, "sqlscore_result_score", sqlscore_result_score(r, NULL));
    BAD_CASE(140, "sqlscore_result_grade", sqlscore_result_grade(NULL, &i32));
    BAD_CASE(141, "sqlscore_result_grade", sqlscore_result_grade(r, NULL));
    BAD_CASE(142, "sqlscore_result_fit_points", sqlscore_result_fit_points(NULL, &d));
    BAD_CASE(143, "sqlscore_result_fit_points", sqlscore_result_fit_points(r, NULL));
    BAD_CASE(144, "sqlscore_result_engagement_points", sqlscore_result_engagement_points(NULL, &d));
    BAD_CASE(145, "sqlscore_result_engagement_points", sqlscore_result_engagement_points(r, NULL));
    BAD_CASE(146, "sqlscore_result_gates_failed", sqlscore_result_gates_failed(NULL, &i32));
    BAD_CASE(147, "sqlscore_result_gates_failed", sqlscore_result_gates_failed(r, NULL));
    BAD_CASE(148, "sqlscore_result_points_to_sql", sqlscore_result_points_to_sql(NULL, &d));
    BAD_CASE(149, "sqlscore_result_points_to_sql", sqlscore_result_points_to_sql(r, NULL));
    BAD_CASE(150, "sqlscore_result_source", sqlscore_result_source(NULL, &str, &i32, NULL, NULL));
    BAD_CASE(151, "sqlscore_result_rule_count", sqlscore_result_rule_count(NULL, &n));
    BAD_CASE(152, "sqlscore_result_rule_count", sqlscore_result_rule_count(r, NULL));
    BAD_CASE(153, "sqlscore_result_rule_at", sqlscore_result_rule_at(NULL, 0, &str, &i32, NULL, &d, NULL));
    BAD_CASE_S(154, "sqlscore_result_rule_at", SQLSCORE_ENOTFOUND,
               sqlscore_result_rule_at(r, SIZE_MAX, &str, &i32, NULL, &d, NULL));
    BAD_CASE(155, "sqlscore_result_explain", sqlscore_result_explain(NULL, &text));
    BAD_CASE(156, "sqlscore_result_explain", sqlscore_result_explain(r, NULL));
    BAD_CASE(157, "sqlscore_result_crossings", sqlscore_result_crossings(r, NULL, &i32));
    BAD_CASE(158, "sqlscore_result_crossings", sqlscore_result_crossings(NULL, r, NULL));
    BAD_CASE(159, "sqlscore_grade_name", sqlscore_grade_name(SQLSCORE_GRADE_A, NULL));
    BAD_CASE(160, "sqlscore_grade_name", sqlscore_grade_name(SQLSCORE_GRADE_NONE, &str));
    BAD_CASE(161, "sqlscore_grade_name", sqlscore_grade_name(13, &str));
    BAD_CASE(162, "sqlscore_grade_name", sqlscore_grade_name(INT32_MIN, &str));
    BAD_CASE(163, "sqlscore_verdict_name", sqlscore_verdict_name(SQLSCORE_VERDICT_SQL, NULL));
    BAD_CASE(164, "sqlscore_verdict_name", sqlscore_verdict_name(-1, &str));
    BAD_CASE(165, "sqlscore_verdict_name", sqlscore_verdict_name(4, &str));
    BAD_CASE(166, "sqlscore_verdict_name", sqlscore_verdict_name(INT32_MAX, &str));
    BAD_CASE(167, "sqlscore_criteria_evaluate_coded", sqlscore_criteria_evaluate_coded(NULL, 2, 1, nnames, nums_ok, NULL, 1, tnames, codes_ok, dsize, dicts_ok, scores, grades, verdicts));
    BAD_CASE(168, "sqlscore_criteria_evaluate_coded", sqlscore_criteria_evaluate_coded(c, 2, 1, nnames, nums_ok, NULL, 1, tnames, NULL, dsize, dicts_ok, scores, grades, verdicts));
    BAD_CASE(169, "sqlscore_criteria_evaluate_coded", sqlscore_criteria_evaluate_coded(c, 2, 1, nnames, nums_ok, NULL, 1, tnames, codes_ok, NULL, dicts_ok, scores, grades, verdicts));
    BAD_CASE(170, "sqlscore_criteria_evaluate_coded", sqlscore_criteria_evaluate_coded(c, 2, 1, nnames, nums_ok, NULL, 1, tnames, codes_ok, dsize, NULL, scores, grades, verdicts));
    BAD_CASE(171, "sqlscore_criteria_evaluate_coded", sqlscore_criteria_evaluate_coded(c, 2, 1, nnames, nums_ok, NULL, 1, tnames, codes_null, dsize, dicts_ok, scores, grades, verdicts));
    BAD_CASE(172, "sqlscore_criteria_evaluate_coded", sqlscore_criteria_evaluate_coded(c, 2, 1, nnames, nums_ok, NULL, 1, tnames, codes_out, dsize, dicts_ok, scores, grades, verdicts));
    BAD_CASE(173, "sqlscore_criteria_evaluate_coded", sqlscore_criteria_evaluate_coded(c, 2, 1, nnames, nums_ok, NULL, 1, tnames, codes_ok, dsize, dicts_bad, scores, grades, verdicts));
    BAD_CASE(174, "sqlscore_criteria_evaluate_coded", sqlscore_criteria_evaluate_coded(c, 2, 1, nnames, nums_ok, NULL, 1, tnames, codes_ok, dsize, dicts_null, scores, grades, verdicts));
    BAD_CASE(175, "sqlscore_criteria_evaluate_coded", sqlscore_criteria_evaluate_coded(c, 2, 1, nnames, nums_nan, NULL, 1, tnames, codes_ok, dsize, dicts_ok, scores, grades, verdicts));
    BAD_CASE(176, "sqlscore_criteria_evaluate_coded", sqlscore_criteria_evaluate_coded(c, 2, 1, nnames, nums_ok, NULL, 1, NULL, codes_ok, dsize, dicts_ok, scores, grades, verdicts));
    BAD_CASE_S(177, "sqlscore_criteria_evaluate_coded", SQLSCORE_EEXIST,
               sqlscore_criteria_evaluate_coded(c, 2, 1, nnames, nums_ok, NULL, 1, tnames_dup, codes_ok, dsize, dicts_ok, scores, grades, verdicts));
    BAD_CASE_S(178, "sqlscore_criteria_evaluate_coded", SQLSCORE_ESTATE,
               sqlscore_criteria_evaluate_coded(b, 2, 1, nnames, nums_ok, NULL, 1, tnames, codes_ok, dsize, dicts_ok, scores, grades, verdicts));
    default:
        ck_abort_msg("no bad-input case %d", which);
        return 0;
    }
#undef BAD_CASE
#undef BAD_CASE_S
    ck_assert_ptr_eq(cout, BAD_SENT);
    ck_assert_ptr_eq(rout, BAD_SENT);
    ck_assert_ptr_eq(str, BAD_SENT);
    ck_assert_ptr_eq(text, BAD_SENT);
    ck_assert(d == 7.0 && i32 == 7 && n == 7);
    ck_assert(scores[0] == 7.0 && scores[1] == 7.0 && grades[0] == 7 && grades[1] == 7);
    ck_assert(verdicts[0] == 7 && verdicts[1] == 7);
    return rc;
}
#define BAD_CRITERIA_N 179

START_TEST(badinput_criteria)
{
    sqlscore_criteria *b = bad_criteria_builder(), *c = bad_criteria_built();
    sqlscore_criteria *ref = bad_criteria_builder();
    sqlscore_lead *l = hard_full_lead();
    sqlscore_result *r = NULL;
    char lb[HARD_DUMP_SIZE], la[HARD_DUMP_SIZE], rb[HARD_DUMP_SIZE], ra[HARD_DUMP_SIZE];
    char *cb, *ca, *bb, *ba;
    const char *fn = "?";
    long live;
    int rc, want = SQLSCORE_EINVAL;

    ck_assert_ok(sqlscore_criteria_evaluate(&r, c, l, BAD_AS_OF));
    hard_lead_dump(l, lb);
    bad_result_dump(r, rb);
    cb = bad_criteria_text(c, 0);
    bb = bad_criteria_text(ref, 1);
    live = sqlscore_test_alloc_live();
    sqlscore_error_clear();
    rc = bad_criteria_call(_i, b, c, l, r, &fn, &want);
    bad_assert_refused(_i, fn, rc, want, live);
    hard_lead_dump(l, la);
    ck_assert_str_eq(la, lb);
    bad_result_dump(r, ra);
    ck_assert_str_eq(ra, rb);
    ca = bad_criteria_text(c, 0);
    ck_assert_str_eq(ca, cb);
    /* The builder copy builds to the same rule set as an untouched one,
     * and that is the parsed text's rule set too. */
    ba = bad_criteria_text(b, 1);
    ck_assert_str_eq(ba, bb);
    ck_assert_str_eq(ba, cb);
    sqlscore_buffer_free(cb);
    sqlscore_buffer_free(ca);
    sqlscore_buffer_free(bb);
    sqlscore_buffer_free(ba);
    sqlscore_result_free(r);
    sqlscore_lead_free(l);
    sqlscore_criteria_free(ref);
    sqlscore_criteria_free(c);
    sqlscore_criteria_free(b);
}
END_TEST

/* Results of different leads or criteria cannot be compared; a criteria
 * never built refuses what needs a built one; rule text that is not
 * UTF-8 is refused with its position.  Nothing changes. */
START_TEST(badinput_criteria_mismatch)
{
    sqlscore_criteria *c = bad_criteria_built(), *other = NULL, *out = BAD_SENT;
    sqlscore_lead *l = hard_full_lead(), *l2 = NULL;
    sqlscore_result *r = NULL, *r2 = NULL, *r3 = NULL;
    char rb[HARD_DUMP_SIZE], ra[HARD_DUMP_SIZE];
    static const char renamed[] = "criteria \"other\" version 3\n"
                                  "fit \"VP\" if title contains \"VP\" then +20 points\n"
                                  "mql at score 10\nsql at score 30\n";
    static const char broken[] = "criteria \"hard\" version 3\n"
                                 "fit \"V\xC3\" if title contains \"VP\" then +20 points\n";
    int32_t crossed = 7;

    ck_assert_ok(sqlscore_lead_new(&l2, "lead-0043"));
    ck_assert_ok(sqlscore_criteria_parse(&other, renamed, strlen(renamed), NULL));
    ck_assert_ok(sqlscore_criteria_evaluate(&r, c, l, BAD_AS_OF));
    ck_assert_ok(sqlscore_criteria_evaluate(&r2, c, l2, BAD_AS_OF));
    ck_assert_ok(sqlscore_criteria_evaluate(&r3, other, l, BAD_AS_OF));
    bad_result_dump(r, rb);
    ck_assert_status(sqlscore_result_crossings(r, r2, &crossed), SQLSCORE_EINCOMPATIBLE,
                     "sqlscore_result_crossings");
    ck_assert_status(sqlscore_result_crossings(r3, r, &crossed), SQLSCORE_EINCOMPATIBLE,
                     "sqlscore_result_crossings");
    ck_assert_int_eq(crossed, 7);
    ck_assert_status(sqlscore_criteria_parse(&out, broken, strlen(broken), "b.rules"),
                     SQLSCORE_EPARSE, "b.rules:2:");
    ck_assert_status(sqlscore_criteria_parse(&out, "", 0, NULL), SQLSCORE_EPARSE, "rules:");
    ck_assert_ptr_eq(out, BAD_SENT);
    bad_result_dump(r, ra);
    ck_assert_str_eq(ra, rb);
    sqlscore_result_free(r);
    sqlscore_result_free(r2);
    sqlscore_result_free(r3);
    sqlscore_criteria_free(other);
    sqlscore_criteria_free(c);
    sqlscore_lead_free(l);
    sqlscore_lead_free(l2);
}
END_TEST

/* ======================================================================== */
/* funnel: definitions, stage moves, metrics                                */
/* ======================================================================== */

#define BAD_T0 1767225600          /* 1 January 2026 */
#define BAD_DAY 86400

/* A custom funnel left unbuilt; building it and writing it must give the
 * same text as an untouched copy, so a failed call that changed it shows. */
static sqlscore_funnel *bad_funnel_builder(void)
{
    sqlscore_funnel *f = NULL;
    ck_assert_ok(sqlscore_funnel_new(&f, "pipe"));
    ck_assert_ok(sqlscore_funnel_add_stage(f, "lead", 0));
    ck_assert_ok(sqlscore_funnel_add_stage(f, "mql", 14 * BAD_DAY));
    ck_assert_ok(sqlscore_funnel_add_stage(f, "sql", 0));
    ck_assert_ok(sqlscore_funnel_add_stage(f, "won", 0));
    ck_assert_ok(sqlscore_funnel_set_side_stages(f, SQLSCORE_FUNNEL_SIDE_NURTURE |
                                                    SQLSCORE_FUNNEL_SIDE_LOST));
    ck_assert_ok(sqlscore_funnel_set_skip(f, SQLSCORE_FUNNEL_SKIP_FORBIDDEN));
    return f;
}

static char *bad_funnel_text(sqlscore_funnel *f, int build)
{
    char *t = NULL;
    if (build)
        ck_assert_ok(sqlscore_funnel_build(f));
    ck_assert_ok(sqlscore_funnel_write(f, &t));
    return t;
}

/* The lead's stage history, appended to its attribute dump. */
static void bad_stage_dump(const sqlscore_lead *l, char *buf)
{
    size_t i, n;
    int32_t from, to, kind, flags, code, cur;
    int64_t t, since;
    const char *reason;
    hard_lead_dump(l, buf);
    ck_assert_ok(sqlscore_lead_stage_history_count(l, &n));
    for (i = 0; i < n; i++) {
        ck_assert_ok(sqlscore_lead_stage_history_get(l, i, &from, &to, &t, &kind, &flags, &code,
                                                     &reason));
        hard_cat(buf, "<%d>%d@%lld k%d f%d c%d '%s'", (int)from, (int)to, (long long)t, (int)kind,
                 (int)flags, (int)code, reason);
    }
    if (n > 0) {
        ck_assert_ok(sqlscore_lead_stage_current(l, &cur, &since));
        hard_cat(buf, " now %d since %lld", (int)cur, (long long)since);
    }
    ck_assert_uint_lt(strlen(buf), HARD_DUMP_SIZE - 1);
}

/* Every counter of every stage and every summary's status and values. */
static void bad_metrics_dump(const sqlscore_funnel_metrics *m, int32_t stages, char *buf)
{
    int32_t s, w;
    int64_t v, cnt, conv, base;
    double med, mean, p90, rate;
    int rc;
    buf[0] = '\0';
    for (s = 0; s < stages; s++) {
        for (w = SQLSCORE_FUNNEL_METRIC_ENTERED; w <= SQLSCORE_FUNNEL_METRIC_COHORT; w++) {
            ck_assert_ok(sqlscore_funnel_metrics_count(m, s, w, &v));
            hard_cat(buf, "%lld,", (long long)v);
        }
        cnt = -1;
        med = mean = p90 = -1;
        rc = sqlscore_funnel_metrics_time_in_stage(m, s, &cnt, &med, &mean, &p90);
        hard_cat(buf, "t%d %lld %.17g %.17g %.17g;", rc, (long long)cnt, med, mean, p90);
    }
    conv = base = -1;
    rate = -1;
    rc = sqlscore_funnel_metrics_lead_to_sql(m, SQLSCORE_FUNNEL_COHORT, &conv, &base, &rate);
    hard_cat(buf, "l2s%d %lld/%lld %.17g;", rc, (long long)conv, (long long)base, rate);
    cnt = -1;
    med = mean = p90 = -1;
    rc = sqlscore_funnel_metrics_velocity(m, &cnt, &med, &mean, &p90);
    hard_cat(buf, "v%d %lld %.17g %.17g %.17g", rc, (long long)cnt, med, mean, p90);
    ck_assert_uint_lt(strlen(buf), HARD_DUMP_SIZE - 1);
}

/* One bad argument per call.  fb: unbuilt custom funnel; f: the built
 * default funnel; l: the full lead moved to inquiry (T0) then mql (T0 + 1
 * day) in f; c: a built criteria; m: metrics over f with l added; m2:
 * metrics over f with another window. */
static int bad_funnel_call(int which, sqlscore_funnel *fb, sqlscore_funnel *f, sqlscore_lead *l,
                           const sqlscore_criteria *c, sqlscore_funnel_metrics *m,
                           const sqlscore_funnel_metrics *m2, const char **fn, int *want)
{
    static const char no_block[] = "criteria \"x\" version 1\n";
    static const char bad_block[] = "funnel f\nstage a\nstgae b\nend\n";
    static const char bad_utf8_block[] = "funnel f\nstage a\nstage b\xC3\nend\n";
    static const int64_t ent1[] = { 0 }, ent_neg[] = { -1 }, ent2[] = { 0, 0 };
    static const int32_t st1[] = { 0 }, st_big[] = { 9 }, st_neg[] = { -1 }, st2[] = { 0, 1 };
    static const int64_t tm1[] = { BAD_T0 }, tm_back[] = { BAD_T0, BAD_T0 - 1 };
    const sqlscore_lead *leads_null[2];
    sqlscore_funnel *fout = BAD_SENT;
    sqlscore_funnel_metrics *mout = BAD_SENT;
    const char *str = BAD_SENT;
    char *text = BAD_SENT;
    int32_t i32 = 7, j32 = 7, k32 = 7;
    int64_t i64 = 7, j64 = 7;
    double d = 7.0, e = 7.0, g = 7.0;
    size_t n = 7;
    int64_t t = BAD_T0 + 2 * BAD_DAY;
    int rc;

    leads_null[0] = l;
    leads_null[1] = NULL;
    *want = SQLSCORE_EINVAL;
#define BAD_CASE(k, name, call) case k: *fn = name; rc = (call); break
#define BAD_CASE_S(k, name, st, call) case k: *fn = name; *want = (st); rc = (call); break
    switch (which) {
    BAD_CASE(0, "sqlscore_funnel_new", sqlscore_funnel_new(NULL, "x"));
    BAD_CASE(1, "sqlscore_funnel_new", sqlscore_funnel_new(&fout, NULL));
    BAD_CASE(2, "sqlscore_funnel_new", sqlscore_funnel_new(&fout, ""));
    BAD_CASE(3, "sqlscore_funnel_new", sqlscore_funnel_new(&fout, "x\xC3"));
    BAD_CASE(4, "sqlscore_funnel_new", sqlscore_funnel_new(&fout, "1st"));
    BAD_CASE(5, "sqlscore_funnel_new", sqlscore_funnel_new(&fout, "two words"));
    BAD_CASE(6, "sqlscore_funnel_new_default", sqlscore_funnel_new_default(NULL));
    BAD_CASE(7, "sqlscore_funnel_add_stage", sqlscore_funnel_add_stage(NULL, "x", 0));
    BAD_CASE(8, "sqlscore_funnel_add_stage", sqlscore_funnel_add_stage(fb, NULL, 0));
    BAD_CASE(9, "sqlscore_funnel_add_stage", sqlscore_funnel_add_stage(fb, "", 0));
    BAD_CASE(10, "sqlscore_funnel_add_stage", sqlscore_funnel_add_stage(fb, "x\xED\xA0\x80", 0));
    BAD_CASE(11, "sqlscore_funnel_add_stage", sqlscore_funnel_add_stage(fb, "x-y", 0));
    BAD_CASE(12, "sqlscore_funnel_add_stage", sqlscore_funnel_add_stage(fb, "Nurture", 0));
    BAD_CASE(13, "sqlscore_funnel_add_stage", sqlscore_funnel_add_stage(fb, "lost", 0));
    BAD_CASE(14, "sqlscore_funnel_add_stage", sqlscore_funnel_add_stage(fb, "x", -1));
    BAD_CASE(15, "sqlscore_funnel_add_stage", sqlscore_funnel_add_stage(fb, "x", INT64_MIN));
    BAD_CASE_S(16, "sqlscore_funnel_add_stage", SQLSCORE_EEXIST,
               sqlscore_funnel_add_stage(fb, "MQL", 0));
    BAD_CASE_S(17, "sqlscore_funnel_add_stage", SQLSCORE_ESTATE,
               sqlscore_funnel_add_stage(f, "x", 0));
    BAD_CASE(18, "sqlscore_funnel_set_side_stages", sqlscore_funnel_set_side_stages(NULL, 1));
    BAD_CASE(19, "sqlscore_funnel_set_side_stages", sqlscore_funnel_set_side_stages(fb, 8));
    BAD_CASE(20, "sqlscore_funnel_set_side_stages", sqlscore_funnel_set_side_stages(fb, -1));
    BAD_CASE(21, "sqlscore_funnel_set_side_stages", sqlscore_funnel_set_side_stages(fb, INT32_MIN));
    BAD_CASE_S(22, "sqlscore_funnel_set_side_stages", SQLSCORE_ESTATE,
               sqlscore_funnel_set_side_stages(f, 1));
    BAD_CASE(23, "sqlscore_funnel_set_skip", sqlscore_funnel_set_skip(NULL, 0));
    BAD_CASE(24, "sqlscore_funnel_set_skip", sqlscore_funnel_set_skip(fb, 2));
    BAD_CASE(25, "sqlscore_funnel_set_skip", sqlscore_funnel_set_skip(fb, -1));
    BAD_CASE(26, "sqlscore_funnel_set_skip", sqlscore_funnel_set_skip(fb, INT32_MAX));
    BAD_CASE_S(27, "sqlscore_funnel_set_skip", SQLSCORE_ESTATE, sqlscore_funnel_set_skip(f, 0));
    BAD_CASE(28, "sqlscore_funnel_set_sql_stage", sqlscore_funnel_set_sql_stage(NULL, "sql"));
    BAD_CASE(29, "sqlscore_funnel_set_sql_stage", sqlscore_funnel_set_sql_stage(fb, NULL));
    BAD_CASE(30, "sqlscore_funnel_set_sql_stage", sqlscore_funnel_set_sql_stage(fb, ""));
    BAD_CASE(31, "sqlscore_funnel_set_sql_stage", sqlscore_funnel_set_sql_stage(fb, "s\xC3"));
    BAD_CASE(32, "sqlscore_funnel_set_sql_stage", sqlscore_funnel_set_sql_stage(fb, "9sql"));
    BAD_CASE_S(33, "sqlscore_funnel_set_sql_stage", SQLSCORE_ESTATE,
               sqlscore_funnel_set_sql_stage(f, "sql"));
    BAD_CASE(34, "sqlscore_funnel_build", sqlscore_funnel_build(NULL));
    BAD_CASE(35, "sqlscore_funnel_name", sqlscore_funnel_name(NULL, &str));
    BAD_CASE(36, "sqlscore_funnel_name", sqlscore_funnel_name(f, NULL));
    BAD_CASE(37, "sqlscore_funnel_stage_count", sqlscore_funnel_stage_count(NULL, &i32));
    BAD_CASE(38, "sqlscore_funnel_stage_count", sqlscore_funnel_stage_count(f, NULL));
    BAD_CASE_S(39, "sqlscore_funnel_stage_count", SQLSCORE_ESTATE,
               sqlscore_funnel_stage_count(fb, &i32));
    BAD_CASE(40, "sqlscore_funnel_stage_find", sqlscore_funnel_stage_find(NULL, "mql", &i32));
    BAD_CASE(41, "sqlscore_funnel_stage_find", sqlscore_funnel_stage_find(f, NULL, &i32));
    BAD_CASE(42, "sqlscore_funnel_stage_find", sqlscore_funnel_stage_find(f, "mql", NULL));
    BAD_CASE(43, "sqlscore_funnel_stage_find", sqlscore_funnel_stage_find(f, "mq\xC3", &i32));
    BAD_CASE_S(44, "sqlscore_funnel_stage_find", SQLSCORE_ENOTFOUND,
               sqlscore_funnel_stage_find(f, "nosuch", &i32));
    BAD_CASE_S(45, "sqlscore_funnel_stage_find", SQLSCORE_ESTATE,
               sqlscore_funnel_stage_find(fb, "lead", &i32));
    BAD_CASE(46, "sqlscore_funnel_stage_name", sqlscore_funnel_stage_name(NULL, 0, &str));
    BAD_CASE(47, "sqlscore_funnel_stage_name", sqlscore_funnel_stage_name(f, 0, NULL));
    BAD_CASE_S(48, "sqlscore_funnel_stage_name", SQLSCORE_ENOTFOUND,
               sqlscore_funnel_stage_name(f, -1, &str));
    BAD_CASE_S(49, "sqlscore_funnel_stage_name", SQLSCORE_ENOTFOUND,
               sqlscore_funnel_stage_name(f, 9, &str));
    BAD_CASE_S(50, "sqlscore_funnel_stage_name", SQLSCORE_ENOTFOUND,
               sqlscore_funnel_stage_name(f, INT32_MIN, &str));
    BAD_CASE_S(51, "sqlscore_funnel_stage_name", SQLSCORE_ESTATE,
               sqlscore_funnel_stage_name(fb, 0, &str));
    BAD_CASE(52, "sqlscore_funnel_stage_kind", sqlscore_funnel_stage_kind(NULL, 0, &i32, &i64));
    BAD_CASE_S(53, "sqlscore_funnel_stage_kind", SQLSCORE_ENOTFOUND,
               sqlscore_funnel_stage_kind(f, -1, &i32, &i64));
    BAD_CASE_S(54, "sqlscore_funnel_stage_kind", SQLSCORE_ENOTFOUND,
               sqlscore_funnel_stage_kind(f, INT32_MAX, &i32, &i64));
    BAD_CASE_S(55, "sqlscore_funnel_stage_kind", SQLSCORE_ESTATE,
               sqlscore_funnel_stage_kind(fb, 0, &i32, &i64));
    BAD_CASE(56, "sqlscore_funnel_info", sqlscore_funnel_info(NULL, &i32, &j32, &k32));
    BAD_CASE_S(57, "sqlscore_funnel_info", SQLSCORE_ESTATE,
               sqlscore_funnel_info(fb, &i32, &j32, &k32));
    BAD_CASE(58, "sqlscore_funnel_parse", sqlscore_funnel_parse(NULL, bad_block, strlen(bad_block), NULL));
    BAD_CASE(59, "sqlscore_funnel_parse", sqlscore_funnel_parse(&fout, NULL, 5, NULL));
    BAD_CASE(60, "sqlscore_funnel_parse", sqlscore_funnel_parse(&fout, bad_utf8_block, strlen(bad_utf8_block), NULL));
    BAD_CASE_S(61, "sqlscore_funnel_parse", SQLSCORE_ENOTFOUND,
               sqlscore_funnel_parse(&fout, no_block, strlen(no_block), NULL));
    BAD_CASE_S(62, "rules:3:", SQLSCORE_EPARSE,
               sqlscore_funnel_parse(&fout, bad_block, strlen(bad_block), NULL));
    BAD_CASE(63, "sqlscore_funnel_write", sqlscore_funnel_write(NULL, &text));
    BAD_CASE(64, "sqlscore_funnel_write", sqlscore_funnel_write(f, NULL));
    BAD_CASE_S(65, "sqlscore_funnel_write", SQLSCORE_ESTATE, sqlscore_funnel_write(fb, &text));
    BAD_CASE(66, "sqlscore_lead_stage_move", sqlscore_lead_stage_move(NULL, f, "sal", t, 0, 0, NULL));
    BAD_CASE(67, "sqlscore_lead_stage_move", sqlscore_lead_stage_move(l, NULL, "sal", t, 0, 0, NULL));
    BAD_CASE(68, "sqlscore_lead_stage_move", sqlscore_lead_stage_move(l, f, NULL, t, 0, 0, NULL));
    BAD_CASE(69, "sqlscore_lead_stage_move", sqlscore_lead_stage_move(l, f, "sa\xC3", t, 0, 0, NULL));
    BAD_CASE(70, "sqlscore_lead_stage_move", sqlscore_lead_stage_move(l, f, "sal", t, 0, 0, "why\xFF"));
    BAD_CASE(71, "sqlscore_lead_stage_move", sqlscore_lead_stage_move(l, f, "sal", t, 16, 0, NULL));
    BAD_CASE(72, "sqlscore_lead_stage_move", sqlscore_lead_stage_move(l, f, "sal", t, INT32_MIN, 0, NULL));
    BAD_CASE_S(73, "sqlscore_lead_stage_move", SQLSCORE_ENOTFOUND,
               sqlscore_lead_stage_move(l, f, "nosuch", t, 0, 0, NULL));
    /* Time going backwards: one second before the last move, and the
     * earliest time there is. */
    BAD_CASE_S(74, "sqlscore_lead_stage_move", SQLSCORE_ESTATE,
               sqlscore_lead_stage_move(l, f, "sal", BAD_T0 + BAD_DAY - 1, 0, 0, NULL));
    BAD_CASE_S(75, "sqlscore_lead_stage_move", SQLSCORE_ESTATE,
               sqlscore_lead_stage_move(l, f, "sal", INT64_MIN, 0, 0, NULL));
    BAD_CASE_S(76, "sqlscore_lead_stage_move", SQLSCORE_ESTATE,
               sqlscore_lead_stage_move(l, fb, "sql", t, 0, 0, NULL));
    BAD_CASE_S(77, "sqlscore_lead_stage_move", SQLSCORE_ETRANSITION,
               sqlscore_lead_stage_move(l, f, "mql", t, 0, 0, NULL));
    BAD_CASE_S(78, "sqlscore_lead_stage_move", SQLSCORE_ETRANSITION,
               sqlscore_lead_stage_move(l, f, "inquiry", t, 0, 0, NULL));
    BAD_CASE_S(79, "sqlscore_lead_stage_move", SQLSCORE_ETRANSITION,
               sqlscore_lead_stage_move(l, f, "inquiry", t, SQLSCORE_MOVE_RESET, 0, ""));
    BAD_CASE_S(80, "sqlscore_lead_stage_move", SQLSCORE_ETRANSITION,
               sqlscore_lead_stage_move(l, f, "nurture", t, 0, 0, NULL));
    BAD_CASE(81, "sqlscore_lead_stage_move_gated", sqlscore_lead_stage_move_gated(NULL, f, c, "sal", t, 0, 0, NULL));
    BAD_CASE(82, "sqlscore_lead_stage_move_gated", sqlscore_lead_stage_move_gated(l, NULL, c, "sal", t, 0, 0, NULL));
    BAD_CASE(83, "sqlscore_lead_stage_move_gated", sqlscore_lead_stage_move_gated(l, f, NULL, "sal", t, 0, 0, NULL));
    BAD_CASE(84, "sqlscore_lead_stage_move_gated", sqlscore_lead_stage_move_gated(l, f, c, NULL, t, 0, 0, NULL));
    BAD_CASE(85, "sqlscore_lead_stage_move_gated", sqlscore_lead_stage_move_gated(l, f, c, "s\x80l", t, 0, 0, NULL));
    BAD_CASE(86, "sqlscore_lead_stage_move_gated", sqlscore_lead_stage_move_gated(l, f, c, "sal", t, 0, 0, "\xC0\x80"));
    BAD_CASE(87, "sqlscore_lead_stage_move_gated", sqlscore_lead_stage_move_gated(l, f, c, "sal", t, 32, 0, NULL));
    BAD_CASE_S(88, "sqlscore_lead_stage_move_gated", SQLSCORE_ESTATE,
               sqlscore_lead_stage_move_gated(l, f, c, "sal", BAD_T0, 0, 0, NULL));
    BAD_CASE_S(89, "sqlscore_lead_stage_move_gated", SQLSCORE_ENOTFOUND,
               sqlscore_lead_stage_move_gated(l, f, c, "nosuch", t, 0, 0, NULL));
    BAD_CASE(90, "sqlscore_lead_stage_current", sqlscore_lead_stage_current(NULL, &i32, &i64));
    BAD_CASE(91, "sqlscore_lead_stage_history_count", sqlscore_lead_stage_history_count(NULL, &n));
    BAD_CASE(92, "sqlscore_lead_stage_history_count", sqlscore_lead_stage_history_count(l, NULL));
    BAD_CASE(93, "sqlscore_lead_stage_history_get", sqlscore_lead_stage_history_get(NULL, 0, &i32, &j32, &i64, &k32, NULL, NULL, &str));
    BAD_CASE_S(94, "sqlscore_lead_stage_history_get", SQLSCORE_ENOTFOUND,
               sqlscore_lead_stage_history_get(l, 2, &i32, &j32, &i64, &k32, NULL, NULL, &str));
    BAD_CASE_S(95, "sqlscore_lead_stage_history_get", SQLSCORE_ENOTFOUND,
               sqlscore_lead_stage_history_get(l, SIZE_MAX, &i32, &j32, &i64, &k32, NULL, NULL, &str));
    BAD_CASE(96, "sqlscore_lead_stage_stale", sqlscore_lead_stage_stale(NULL, f, t, &i32));
    BAD_CASE(97, "sqlscore_lead_stage_stale", sqlscore_lead_stage_stale(l, NULL, t, &i32));
    BAD_CASE(98, "sqlscore_lead_stage_stale", sqlscore_lead_stage_stale(l, f, t, NULL));
    BAD_CASE_S(99, "sqlscore_lead_stage_stale", SQLSCORE_ESTATE,
               sqlscore_lead_stage_stale(l, fb, t, &i32));
    BAD_CASE(100, "sqlscore_funnel_metrics_new", sqlscore_funnel_metrics_new(NULL, f, BAD_T0, BAD_T0 + 1, BAD_T0 + 1));
    BAD_CASE(101, "sqlscore_funnel_metrics_new", sqlscore_funnel_metrics_new(&mout, NULL, BAD_T0, BAD_T0 + 1, BAD_T0 + 1));
    BAD_CASE(102, "sqlscore_funnel_metrics_new", sqlscore_funnel_metrics_new(&mout, f, BAD_T0, BAD_T0, BAD_T0));
    BAD_CASE(103, "sqlscore_funnel_metrics_new", sqlscore_funnel_metrics_new(&mout, f, INT64_MAX, INT64_MIN, INT64_MAX));
    BAD_CASE(104, "sqlscore_funnel_metrics_new", sqlscore_funnel_metrics_new(&mout, f, BAD_T0, BAD_T0 + 10, BAD_T0 + 9));
    BAD_CASE_S(105, "sqlscore_funnel_metrics_new", SQLSCORE_ESTATE,
               sqlscore_funnel_metrics_new(&mout, fb, BAD_T0, BAD_T0 + 1, BAD_T0 + 1));
    BAD_CASE(106, "sqlscore_funnel_metrics_add_lead", sqlscore_funnel_metrics_add_lead(NULL, l));
    BAD_CASE(107, "sqlscore_funnel_metrics_add_lead", sqlscore_funnel_metrics_add_lead(m, NULL));
    BAD_CASE(108, "sqlscore_funnel_metrics_add_leads", sqlscore_funnel_metrics_add_leads(NULL, leads_null, 1));
    BAD_CASE(109, "sqlscore_funnel_metrics_add_leads", sqlscore_funnel_metrics_add_leads(m, NULL, 1));
    BAD_CASE(110, "sqlscore_funnel_metrics_add_leads", sqlscore_funnel_metrics_add_leads(m, leads_null, 2));
    BAD_CASE(111, "sqlscore_funnel_metrics_add_log", sqlscore_funnel_metrics_add_log(NULL, ent1, st1, tm1, 1, 0, NULL));
    BAD_CASE(112, "sqlscore_funnel_metrics_add_log", sqlscore_funnel_metrics_add_log(m, NULL, st1, tm1, 1, 0, NULL));
    BAD_CASE(113, "sqlscore_funnel_metrics_add_log", sqlscore_funnel_metrics_add_log(m, ent1, NULL, tm1, 1, 0, NULL));
    BAD_CASE(114, "sqlscore_funnel_metrics_add_log", sqlscore_funnel_metrics_add_log(m, ent1, st1, NULL, 1, 0, NULL));
    BAD_CASE(115, "sqlscore_funnel_metrics_add_log", sqlscore_funnel_metrics_add_log(m, ent1, st1, tm1, 1, SQLSCORE_MOVE_OVERRIDE, NULL));
    BAD_CASE(116, "sqlscore_funnel_metrics_add_log", sqlscore_funnel_metrics_add_log(m, ent_neg, st1, tm1, 1, 0, NULL));
    BAD_CASE(117, "sqlscore_funnel_metrics_add_log", sqlscore_funnel_metrics_add_log(m, ent1, st_big, tm1, 1, 0, NULL));
    BAD_CASE(118, "sqlscore_funnel_metrics_add_log", sqlscore_funnel_metrics_add_log(m, ent1, st_neg, tm1, 1, 0, NULL));
    BAD_CASE_S(119, "sqlscore_funnel_metrics_add_log", SQLSCORE_ESTATE,
               sqlscore_funnel_metrics_add_log(m, ent2, st2, tm_back, 2, 0, NULL));
    BAD_CASE(120, "sqlscore_funnel_metrics_merge", sqlscore_funnel_metrics_merge(NULL, m2));
    BAD_CASE(121, "sqlscore_funnel_metrics_merge", sqlscore_funnel_metrics_merge(m, NULL));
    BAD_CASE(122, "sqlscore_funnel_metrics_merge", sqlscore_funnel_metrics_merge(m, m));
    BAD_CASE_S(123, "sqlscore_funnel_metrics_merge", SQLSCORE_EINCOMPATIBLE,
               sqlscore_funnel_metrics_merge(m, m2));
    BAD_CASE(124, "sqlscore_funnel_metrics_count", sqlscore_funnel_metrics_count(NULL, 0, 0, &i64));
    BAD_CASE(125, "sqlscore_funnel_metrics_count", sqlscore_funnel_metrics_count(m, 0, 0, NULL));
    BAD_CASE(126, "sqlscore_funnel_metrics_count", sqlscore_funnel_metrics_count(m, 0, 10, &i64));
    BAD_CASE(127, "sqlscore_funnel_metrics_count", sqlscore_funnel_metrics_count(m, 0, -1, &i64));
    BAD_CASE_S(128, "sqlscore_funnel_metrics_count", SQLSCORE_ENOTFOUND,
               sqlscore_funnel_metrics_count(m, -1, 0, &i64));
    BAD_CASE_S(129, "sqlscore_funnel_metrics_count", SQLSCORE_ENOTFOUND,
               sqlscore_funnel_metrics_count(m, 9, 0, &i64));
    BAD_CASE(130, "sqlscore_funnel_metrics_conversion", sqlscore_funnel_metrics_conversion(NULL, 0, 1, 0, &i64, &j64, &d));
    BAD_CASE(131, "sqlscore_funnel_metrics_conversion", sqlscore_funnel_metrics_conversion(m, 0, 1, 2, &i64, &j64, &d));
    BAD_CASE(132, "sqlscore_funnel_metrics_conversion", sqlscore_funnel_metrics_conversion(m, 0, 1, INT32_MIN, &i64, &j64, &d));
    BAD_CASE(133, "sqlscore_funnel_metrics_conversion", sqlscore_funnel_metrics_conversion(m, 1, 1, 0, &i64, &j64, &d));
    BAD_CASE_S(134, "sqlscore_funnel_metrics_conversion", SQLSCORE_ENOTFOUND,
               sqlscore_funnel_metrics_conversion(m, -1, 1, 0, &i64, &j64, &d));
    BAD_CASE_S(135, "sqlscore_funnel_metrics_conversion", SQLSCORE_ENOTFOUND,
               sqlscore_funnel_metrics_conversion(m, 0, 99, 0, &i64, &j64, &d));
    BAD_CASE(136, "sqlscore_funnel_metrics_lead_to_sql", sqlscore_funnel_metrics_lead_to_sql(NULL, 0, &i64, &j64, &d));
    BAD_CASE(137, "sqlscore_funnel_metrics_time_in_stage", sqlscore_funnel_metrics_time_in_stage(NULL, 0, &i64, &d, &e, &g));
    BAD_CASE_S(138, "sqlscore_funnel_metrics_time_in_stage", SQLSCORE_ENOTFOUND,
               sqlscore_funnel_metrics_time_in_stage(m, -1, &i64, &d, &e, &g));
    BAD_CASE_S(139, "sqlscore_funnel_metrics_time_in_stage", SQLSCORE_ENOTFOUND,
               sqlscore_funnel_metrics_time_in_stage(m, 9, &i64, &d, &e, &g));
    BAD_CASE(140, "sqlscore_funnel_metrics_velocity", sqlscore_funnel_metrics_velocity(NULL, &i64, &d, &e, &g));
    default:
        ck_abort_msg("no bad-input case %d", which);
        return 0;
    }
#undef BAD_CASE
#undef BAD_CASE_S
    ck_assert_ptr_eq(fout, BAD_SENT);
    ck_assert_ptr_eq(mout, BAD_SENT);
    ck_assert_ptr_eq(str, BAD_SENT);
    ck_assert_ptr_eq(text, BAD_SENT);
    ck_assert(i32 == 7 && j32 == 7 && k32 == 7 && i64 == 7 && j64 == 7 && n == 7);
    ck_assert(d == 7.0 && e == 7.0 && g == 7.0);
    return rc;
}
#define BAD_FUNNEL_N 141

START_TEST(badinput_funnel)
{
    sqlscore_funnel *fb = bad_funnel_builder(), *ref = bad_funnel_builder(), *f = NULL;
    sqlscore_criteria *c = bad_criteria_built();
    sqlscore_lead *l = hard_full_lead();
    sqlscore_funnel_metrics *m = NULL, *m2 = NULL;
    char lb[HARD_DUMP_SIZE], la[HARD_DUMP_SIZE], mb[HARD_DUMP_SIZE], ma[HARD_DUMP_SIZE];
    char *fbt, *fat, *bbt, *bat, *cb, *ca;
    const char *fn = "?";
    long live;
    int rc, want = SQLSCORE_EINVAL;

    ck_assert_ok(sqlscore_funnel_new_default(&f));
    ck_assert_ok(sqlscore_lead_stage_move(l, f, "inquiry", BAD_T0, 0, 0, NULL));
    ck_assert_ok(sqlscore_lead_stage_move(l, f, "mql", BAD_T0 + BAD_DAY, 0, 0, "scored"));
    ck_assert_ok(sqlscore_funnel_metrics_new(&m, f, BAD_T0 - 30 * BAD_DAY, BAD_T0 + 30 * BAD_DAY,
                                             BAD_T0 + 30 * BAD_DAY));
    ck_assert_ok(sqlscore_funnel_metrics_new(&m2, f, BAD_T0 - 30 * BAD_DAY, BAD_T0 + 31 * BAD_DAY,
                                             BAD_T0 + 31 * BAD_DAY));
    ck_assert_ok(sqlscore_funnel_metrics_add_lead(m, l));
    bad_stage_dump(l, lb);
    bad_metrics_dump(m, 9, mb);
    fbt = bad_funnel_text(f, 0);
    bbt = bad_funnel_text(ref, 1);
    cb = bad_criteria_text(c, 0);
    live = sqlscore_test_alloc_live();
    sqlscore_error_clear();
    rc = bad_funnel_call(_i, fb, f, l, c, m, m2, &fn, &want);
    bad_assert_refused(_i, fn, rc, want, live);
    bad_stage_dump(l, la);
    ck_assert_str_eq(la, lb);
    bad_metrics_dump(m, 9, ma);
    ck_assert_str_eq(ma, mb);
    fat = bad_funnel_text(f, 0);
    ck_assert_str_eq(fat, fbt);
    ca = bad_criteria_text(c, 0);
    ck_assert_str_eq(ca, cb);
    bat = bad_funnel_text(fb, 1);
    ck_assert_str_eq(bat, bbt);
    sqlscore_buffer_free(fbt);
    sqlscore_buffer_free(fat);
    sqlscore_buffer_free(bbt);
    sqlscore_buffer_free(bat);
    sqlscore_buffer_free(cb);
    sqlscore_buffer_free(ca);
    sqlscore_funnel_metrics_free(m);
    sqlscore_funnel_metrics_free(m2);
    sqlscore_lead_free(l);
    sqlscore_criteria_free(c);
    sqlscore_funnel_free(f);
    sqlscore_funnel_free(ref);
    sqlscore_funnel_free(fb);
}
END_TEST

/* ======================================================================== */
/* cpsql: money                                                             */
/* ======================================================================== */

START_TEST(badinput_money)
{
    int64_t minor = 7;
    int32_t digits = 7;
    char buf[8] = "unset";
    size_t needed = 7;

    ck_assert_status(sqlscore_money_parse(NULL, "1", "USD", 0), SQLSCORE_EINVAL, "sqlscore_money_parse");
    ck_assert_status(sqlscore_money_parse(&minor, NULL, "USD", 0), SQLSCORE_EINVAL, "sqlscore_money_parse");
    ck_assert_status(sqlscore_money_parse(&minor, "1", NULL, 0), SQLSCORE_EINVAL, "sqlscore_money_parse");
    ck_assert_status(sqlscore_money_parse(&minor, "1", "USD", 2), SQLSCORE_EINVAL, "sqlscore_money_parse");
    ck_assert_status(sqlscore_money_parse(&minor, "1", "USD", -1), SQLSCORE_EINVAL, "sqlscore_money_parse");
    ck_assert_status(sqlscore_money_parse(&minor, "1", "usd", 0), SQLSCORE_EINVAL, "sqlscore_money_parse");
    ck_assert_status(sqlscore_money_parse(&minor, "1", "", 0), SQLSCORE_EINVAL, "sqlscore_money_parse");
    ck_assert_status(sqlscore_money_parse(&minor, "1", "QQQ", 0), SQLSCORE_ENOTFOUND, "QQQ");
    ck_assert_status(sqlscore_money_parse(&minor, "", "USD", 0), SQLSCORE_EPARSE, "sqlscore_money_parse");
    ck_assert_status(sqlscore_money_parse(&minor, "1\xC3", "USD", 0), SQLSCORE_EPARSE, "position 2");
    ck_assert_status(sqlscore_money_parse(&minor, "92233720368547758.08", "USD", 0),
                     SQLSCORE_ERANGE, "sqlscore_money_parse");
    ck_assert_status(sqlscore_money_parse(&minor, "-92233720368547758.09", "USD", 0),
                     SQLSCORE_ERANGE, "sqlscore_money_parse");
    ck_assert(minor == 7);
    ck_assert_ok(sqlscore_money_parse(&minor, "-92233720368547758.08", "USD", 0));
    ck_assert(minor == INT64_MIN);
    ck_assert_ok(sqlscore_money_parse(&minor, "92233720368547758.07", "USD", 0));
    ck_assert(minor == INT64_MAX);

    ck_assert_status(sqlscore_currency_digits(NULL, &digits), SQLSCORE_EINVAL, "sqlscore_currency_digits");
    ck_assert_status(sqlscore_currency_digits("USD", NULL), SQLSCORE_EINVAL, "sqlscore_currency_digits");
    ck_assert_status(sqlscore_currency_digits("US\xC3", &digits), SQLSCORE_EINVAL, "sqlscore_currency_digits");
    ck_assert_status(sqlscore_currency_digits("XXX", &digits), SQLSCORE_ENOTFOUND, "XXX");
    ck_assert_int_eq(digits, 7);

    ck_assert_status(sqlscore_money_format(NULL, 8, &needed, 1, "USD"), SQLSCORE_EINVAL, "sqlscore_money_format");
    ck_assert_status(sqlscore_money_format(buf, sizeof buf, &needed, 1, NULL), SQLSCORE_EINVAL, "sqlscore_money_format");
    ck_assert_status(sqlscore_money_format(buf, sizeof buf, &needed, 1, "QQQ"), SQLSCORE_ENOTFOUND, "QQQ");
    ck_assert_str_eq(buf, "unset");
    /* "-92233720368547758.08" is 21 characters: 22 bytes with the NUL. */
    ck_assert_status(sqlscore_money_format(buf, sizeof buf, &needed, INT64_MIN, "USD"),
                     SQLSCORE_EBUFSIZE, "sqlscore_money_format");
    ck_assert_uint_eq(needed, 22);
    ck_assert_str_eq(buf, "unset");
    ck_assert_status(sqlscore_money_format(NULL, 0, &needed, INT64_MAX, "CLF"), SQLSCORE_EBUFSIZE,
                     "sqlscore_money_format");
    ck_assert_uint_eq(needed, 21);                     /* 922337203685477.5807 */
}
END_TEST

/* ======================================================================== */
/* cpsql: campaigns, rates, attribution, portfolio, ratios                  */
/* ======================================================================== */

struct bad_cpsql {
    sqlscore_rates *rates;
    sqlscore_campaign *camp;
    sqlscore_attribution *attr;
    sqlscore_attribution_result *res;
    sqlscore_portfolio *port;
    sqlscore_funnel *funnel, *unbuilt;
    sqlscore_lead *lead;
};

static void bad_cpsql_setup(struct bad_cpsql *x)
{
    ck_assert_ok(sqlscore_rates_new(&x->rates));
    ck_assert_ok(sqlscore_rates_set(x->rates, "EUR", "USD", BAD_T0, 108, 100));
    ck_assert_ok(sqlscore_campaign_new(&x->camp, "spring", "Spring launch", "EUR"));
    ck_assert_ok(sqlscore_campaign_add_spend(x->camp, 100000, NULL, SQLSCORE_SPEND_MARKETING,
                                             BAD_T0));
    ck_assert_ok(sqlscore_campaign_add_spend(x->camp, 50000, "USD", SQLSCORE_SPEND_SALES,
                                             BAD_T0 + 1));
    ck_assert_ok(sqlscore_campaign_set_counts(x->camp, 100, 40, 10, 4));
    ck_assert_ok(sqlscore_attribution_new(&x->attr));
    ck_assert_ok(sqlscore_attribution_add_touch(x->attr, "lead-1", "spring", BAD_T0,
                                                SQLSCORE_TOUCH_LEAD_CREATION));
    ck_assert_ok(sqlscore_attribution_add_touch(x->attr, "lead-1", "summer", BAD_T0 + 10, 0));
    ck_assert_ok(sqlscore_attribution_add_touch(x->attr, "lead-2", "spring", BAD_T0 + 20, 0));
    ck_assert_ok(sqlscore_attribution_add_conversion(x->attr, "lead-1", BAD_T0 + 100));
    ck_assert_ok(sqlscore_attribution_add_conversion(x->attr, "lead-2", BAD_T0 + 200));
    ck_assert_ok(sqlscore_attribution_run(x->attr, &x->res));
    ck_assert_ok(sqlscore_portfolio_new(&x->port, "EUR"));
    ck_assert_ok(sqlscore_portfolio_add(x->port, x->camp));
    ck_assert_ok(sqlscore_portfolio_compute(x->port, x->attr, x->res, SQLSCORE_COUNT_PERIOD,
                                            BAD_T0, BAD_T0 + 1000, x->rates,
                                            SQLSCORE_ROUND_HALF_EVEN));
    ck_assert_ok(sqlscore_funnel_new_default(&x->funnel));
    ck_assert_ok(sqlscore_funnel_new(&x->unbuilt, "draft"));
    x->lead = hard_full_lead();
    ck_assert_ok(sqlscore_lead_stage_move(x->lead, x->funnel, "inquiry", BAD_T0, 0, 0, NULL));
}

static void bad_cpsql_teardown(struct bad_cpsql *x)
{
    sqlscore_lead_free(x->lead);
    sqlscore_funnel_free(x->unbuilt);
    sqlscore_funnel_free(x->funnel);
    sqlscore_portfolio_free(x->port);
    sqlscore_attribution_result_free(x->res);
    sqlscore_attribution_free(x->attr);
    sqlscore_campaign_free(x->camp);
    sqlscore_rates_free(x->rates);
}

/* Everything the getters show of every handle of the fixture.  The rates
 * are seen through conversions around the one entry; the attribution
 * through its sizes, identifiers and a fresh run (so a changed model or
 * setting shows as changed credit). */
static void bad_cpsql_dump(const struct bad_cpsql *x, char *buf)
{
    const char *s1, *s2, *s3;
    size_t i, n, n2, n3, n4;
    int64_t a, b, c, d, t;
    int32_t cat, k;
    sqlscore_attribution_result *run = NULL;
    int rc;

    buf[0] = '\0';
    ck_assert_ok(sqlscore_campaign_id(x->camp, &s1));
    ck_assert_ok(sqlscore_campaign_name(x->camp, &s2));
    ck_assert_ok(sqlscore_campaign_currency(x->camp, &s3));
    hard_cat(buf, "%s|%s|%s;", s1, s2, s3);
    ck_assert_ok(sqlscore_campaign_spend_count(x->camp, &n));
    for (i = 0; i < n; i++) {
        ck_assert_ok(sqlscore_campaign_spend_get(x->camp, i, &a, &s1, &cat, &t));
        hard_cat(buf, "(%lld %s %d @%lld)", (long long)a, s1, (int)cat, (long long)t);
    }
    ck_assert_ok(sqlscore_campaign_counts(x->camp, &a, &b, &c, &d));
    hard_cat(buf, "%lld/%lld/%lld/%lld;", (long long)a, (long long)b, (long long)c, (long long)d);
    for (t = BAD_T0 - 1; t <= BAD_T0 + 1; t++) {
        a = b = -1;
        rc = sqlscore_rates_convert(x->rates, 100000, "EUR", "USD", t, 0, &a);
        hard_cat(buf, "r%d %lld,", rc, (long long)a);
        rc = sqlscore_rates_convert(x->rates, 100000, "USD", "EUR", t, 0, &b);
        hard_cat(buf, "r%d %lld,", rc, (long long)b);
        rc = sqlscore_rates_convert(x->rates, 100000, "EUR", "GBP", t, 0, &b);
        hard_cat(buf, "r%d;", rc);
    }
    ck_assert_ok(sqlscore_attribution_sizes(x->attr, &n, &n2, &n3, &n4));
    hard_cat(buf, "sizes %zu %zu %zu %zu;", n, n2, n3, n4);
    for (k = 0; (size_t)k < n; k++) {
        ck_assert_ok(sqlscore_attribution_campaign_id(x->attr, k, &s1));
        hard_cat(buf, "c%d=%s,", (int)k, s1);
    }
    ck_assert_ok(sqlscore_attribution_run(x->attr, &run));
    for (k = 0; (size_t)k < n; k++) {
        ck_assert_ok(sqlscore_attribution_result_credit(run, k, &a));
        ck_assert_ok(sqlscore_attribution_result_credit(x->res, k, &b));
        ck_assert_ok(sqlscore_attribution_campaign_counts(x->attr, x->res, k, &c, &d));
        hard_cat(buf, "cr%lld/%lld n%lld/%lld,", (long long)a, (long long)b, (long long)c,
                 (long long)d);
    }
    for (i = 0; i < n3; i++) {
        ck_assert_ok(sqlscore_attribution_result_touch(x->res, i, &a, &b));
        hard_cat(buf, "t%lld/%lld,", (long long)a, (long long)b);
    }
    ck_assert_ok(sqlscore_attribution_result_summary(x->res, &n, &n2));
    hard_cat(buf, "sum %zu %zu;", n, n2);
    sqlscore_attribution_result_free(run);
    ck_assert_ok(sqlscore_portfolio_size(x->port, &n));
    for (i = 0; i < n; i++) {
        ck_assert_ok(sqlscore_portfolio_row(x->port, i, &s1, &a, &b, &c, &d));
        hard_cat(buf, "row %s %lld %lld %lld %lld;", s1, (long long)a, (long long)b,
                 (long long)c, (long long)d);
    }
    ck_assert_ok(sqlscore_portfolio_total(x->port, &a, &b, &c, &d));
    hard_cat(buf, "total %lld %lld %lld %lld;", (long long)a, (long long)b, (long long)c,
             (long long)d);
    rc = sqlscore_portfolio_cpsql(x->port, SIZE_MAX, 0, &a, &b);
    hard_cat(buf, "cpsql%d %lld/%lld;", rc, (long long)a, (long long)b);
    bad_stage_dump(x->lead, buf + strlen(buf));
    ck_assert_uint_lt(strlen(buf), HARD_DUMP_SIZE - 1);
}

static int bad_cpsql_call(int which, struct bad_cpsql *x, const char **fn, int *want)
{
    static const int32_t li[] = { 0 }, li_bad[] = { 99 }, li_neg[] = { -1 };
    static const int32_t ci[] = { 0 }, ci_bad[] = { 99 }, ci_neg[] = { -1 };
    static const int32_t fl_bad[] = { 8 };
    static const int64_t ti[] = { BAD_T0 };
    const sqlscore_lead *leads[1], *leads_null[2];
    sqlscore_rates *r = x->rates;
    sqlscore_campaign *cp = x->camp;
    sqlscore_attribution *a = x->attr;
    const sqlscore_attribution_result *ar = x->res;
    sqlscore_portfolio *p = x->port;
    const sqlscore_funnel *f = x->funnel;
    sqlscore_lead *l = x->lead;
    sqlscore_rates *rout = BAD_SENT;
    sqlscore_campaign *cout = BAD_SENT;
    sqlscore_attribution *aout = BAD_SENT;
    sqlscore_attribution_result *arout = BAD_SENT;
    sqlscore_portfolio *pout = BAD_SENT;
    const char *str = BAD_SENT;
    int64_t o1 = 7, o2 = 7, o3 = 7, o4 = 7, arr[4] = { 7, 7, 7, 7 };
    int32_t i32 = 7, j32 = 7;
    size_t n = 7, n2 = 7;
    int rc;

    leads[0] = l;
    leads_null[0] = l;
    leads_null[1] = NULL;
    *want = SQLSCORE_EINVAL;
#define BAD_CASE(k, name, call) case k: *fn = name; rc = (call); break
#define BAD_CASE_S(k, name, st, call) case k: *fn = name; *want = (st); rc = (call); break
    switch (which) {
    BAD_CASE(0, "sqlscore_ratio_round", sqlscore_ratio_round(1, 3, 1, 0, NULL));
    BAD_CASE(1, "sqlscore_ratio_round", sqlscore_ratio_round(1, 3, 0, 0, &o1));
    BAD_CASE(2, "sqlscore_ratio_round", sqlscore_ratio_round(1, 3, -1, 0, &o1));
    BAD_CASE(3, "sqlscore_ratio_round", sqlscore_ratio_round(1, 3, INT64_MIN, 0, &o1));
    BAD_CASE(4, "sqlscore_ratio_round", sqlscore_ratio_round(1, 3, 1, 2, &o1));
    BAD_CASE(5, "sqlscore_ratio_round", sqlscore_ratio_round(1, 3, 1, -1, &o1));
    BAD_CASE_S(6, "sqlscore_ratio_round", SQLSCORE_EUNDEFINED, sqlscore_ratio_round(1, 0, 1, 0, &o1));
    BAD_CASE_S(7, "sqlscore_ratio_round", SQLSCORE_ERANGE,
               sqlscore_ratio_round(INT64_MAX, 1, INT64_MAX, 0, &o1));
    BAD_CASE_S(8, "sqlscore_ratio_round", SQLSCORE_ERANGE,
               sqlscore_ratio_round(INT64_MIN, -1, 1, 0, &o1));
    BAD_CASE(9, "sqlscore_ratio_compare", sqlscore_ratio_compare(1, 2, 1, 3, NULL));
    BAD_CASE_S(10, "sqlscore_ratio_compare", SQLSCORE_EUNDEFINED,
               sqlscore_ratio_compare(1, 0, 1, 3, &i32));
    BAD_CASE_S(11, "sqlscore_ratio_compare", SQLSCORE_EUNDEFINED,
               sqlscore_ratio_compare(INT64_MIN, 1, INT64_MAX, 0, &i32));
    BAD_CASE(12, "sqlscore_rates_new", sqlscore_rates_new(NULL));
    BAD_CASE(13, "sqlscore_rates_set", sqlscore_rates_set(NULL, "EUR", "USD", BAD_T0, 1, 1));
    BAD_CASE(14, "sqlscore_rates_set", sqlscore_rates_set(r, NULL, "USD", BAD_T0, 1, 1));
    BAD_CASE(15, "sqlscore_rates_set", sqlscore_rates_set(r, "EUR", NULL, BAD_T0, 1, 1));
    BAD_CASE(16, "sqlscore_rates_set", sqlscore_rates_set(r, "eur", "USD", BAD_T0, 1, 1));
    BAD_CASE(17, "sqlscore_rates_set", sqlscore_rates_set(r, "EUR", "", BAD_T0, 1, 1));
    BAD_CASE(18, "sqlscore_rates_set", sqlscore_rates_set(r, "EU\xC3", "USD", BAD_T0, 1, 1));
    BAD_CASE(19, "sqlscore_rates_set", sqlscore_rates_set(r, "EUR", "EUR", BAD_T0, 1, 1));
    BAD_CASE(20, "sqlscore_rates_set", sqlscore_rates_set(r, "EUR", "USD", BAD_T0, 0, 1));
    BAD_CASE(21, "sqlscore_rates_set", sqlscore_rates_set(r, "EUR", "USD", BAD_T0, -1, 1));
    BAD_CASE(22, "sqlscore_rates_set", sqlscore_rates_set(r, "EUR", "USD", BAD_T0, 1, 0));
    BAD_CASE(23, "sqlscore_rates_set", sqlscore_rates_set(r, "EUR", "USD", BAD_T0, 1, INT64_MIN));
    BAD_CASE(24, "sqlscore_rates_set", sqlscore_rates_set(r, "EUR", "USD", BAD_T0, INT64_MIN, -1));
    BAD_CASE_S(25, "QQQ", SQLSCORE_ENOTFOUND, sqlscore_rates_set(r, "QQQ", "USD", BAD_T0, 1, 1));
    BAD_CASE_S(26, "sqlscore_rates_set", SQLSCORE_ERANGE,
               sqlscore_rates_set(r, "EUR", "USD", BAD_T0, 1000000000001, 1));
    BAD_CASE_S(27, "sqlscore_rates_set", SQLSCORE_ERANGE,
               sqlscore_rates_set(r, "EUR", "USD", BAD_T0, 1, INT64_MAX));
    BAD_CASE(28, "sqlscore_rates_set_text", sqlscore_rates_set_text(NULL, "EUR", "USD", BAD_T0, "1.1"));
    BAD_CASE(29, "sqlscore_rates_set_text", sqlscore_rates_set_text(r, "EUR", "USD", BAD_T0, NULL));
    BAD_CASE(30, "sqlscore_rates_set_text", sqlscore_rates_set_text(r, "EUR", "USD", BAD_T0, "0"));
    BAD_CASE(31, "sqlscore_rates_set_text", sqlscore_rates_set_text(r, "EUR", "USD", BAD_T0, "0.000"));
    BAD_CASE_S(32, "sqlscore_rates_set_text", SQLSCORE_EPARSE,
               sqlscore_rates_set_text(r, "EUR", "USD", BAD_T0, ""));
    BAD_CASE_S(33, "sqlscore_rates_set_text", SQLSCORE_EPARSE,
               sqlscore_rates_set_text(r, "EUR", "USD", BAD_T0, "-1.2"));
    BAD_CASE_S(34, "sqlscore_rates_set_text", SQLSCORE_EPARSE,
               sqlscore_rates_set_text(r, "EUR", "USD", BAD_T0, "1e3"));
    BAD_CASE_S(35, "sqlscore_rates_set_text", SQLSCORE_EPARSE,
               sqlscore_rates_set_text(r, "EUR", "USD", BAD_T0, "1.\xC3"));
    BAD_CASE_S(36, "sqlscore_rates_set_text", SQLSCORE_EPARSE,
               sqlscore_rates_set_text(r, "EUR", "USD", BAD_T0, "1.2.3"));
    BAD_CASE_S(37, "sqlscore_rates_set_text", SQLSCORE_ERANGE,
               sqlscore_rates_set_text(r, "EUR", "USD", BAD_T0, "1.234567890123456789012345"));
    BAD_CASE_S(38, "QQQ", SQLSCORE_ENOTFOUND,
               sqlscore_rates_set_text(r, "EUR", "QQQ", BAD_T0, "1.1"));
    BAD_CASE(39, "sqlscore_rates_convert", sqlscore_rates_convert(r, 100, "EUR", "USD", BAD_T0, 0, NULL));
    BAD_CASE(40, "sqlscore_rates_convert", sqlscore_rates_convert(r, 100, NULL, "USD", BAD_T0, 0, &o1));
    BAD_CASE(41, "sqlscore_rates_convert", sqlscore_rates_convert(r, 100, "EUR", NULL, BAD_T0, 0, &o1));
    BAD_CASE(42, "sqlscore_rates_convert", sqlscore_rates_convert(r, 100, "Eur", "USD", BAD_T0, 0, &o1));
    BAD_CASE(43, "sqlscore_rates_convert", sqlscore_rates_convert(r, 100, "EUR", "USD\xC3", BAD_T0, 0, &o1));
    BAD_CASE(44, "sqlscore_rates_convert", sqlscore_rates_convert(r, 100, "EUR", "USD", BAD_T0, 2, &o1));
    BAD_CASE(45, "sqlscore_rates_convert", sqlscore_rates_convert(r, 100, "EUR", "USD", BAD_T0, INT32_MIN, &o1));
    BAD_CASE_S(46, "QQQ", SQLSCORE_ENOTFOUND,
               sqlscore_rates_convert(r, 100, "EUR", "QQQ", BAD_T0, 0, &o1));
    BAD_CASE_S(47, "sqlscore_rates_convert", SQLSCORE_EINCOMPATIBLE,
               sqlscore_rates_convert(r, 100, "EUR", "USD", BAD_T0 - 1, 0, &o1));
    BAD_CASE_S(48, "sqlscore_rates_convert", SQLSCORE_EINCOMPATIBLE,
               sqlscore_rates_convert(r, 100, "EUR", "USD", INT64_MIN, 0, &o1));
    BAD_CASE_S(49, "sqlscore_rates_convert", SQLSCORE_EINCOMPATIBLE,
               sqlscore_rates_convert(NULL, 100, "EUR", "USD", BAD_T0, 0, &o1));
    BAD_CASE_S(50, "sqlscore_rates_convert", SQLSCORE_ERANGE,
               sqlscore_rates_convert(r, INT64_MAX, "EUR", "USD", BAD_T0, 0, &o1));
    BAD_CASE(51, "sqlscore_campaign_new", sqlscore_campaign_new(NULL, "x", NULL, "EUR"));
    BAD_CASE(52, "sqlscore_campaign_new", sqlscore_campaign_new(&cout, NULL, NULL, "EUR"));
    BAD_CASE(53, "sqlscore_campaign_new", sqlscore_campaign_new(&cout, "", NULL, "EUR"));
    BAD_CASE(54, "sqlscore_campaign_new", sqlscore_campaign_new(&cout, "x\xC3", NULL, "EUR"));
    BAD_CASE(55, "sqlscore_campaign_new", sqlscore_campaign_new(&cout, "x", "n\xFF", "EUR"));
    BAD_CASE(56, "sqlscore_campaign_new", sqlscore_campaign_new(&cout, "x", NULL, NULL));
    BAD_CASE(57, "sqlscore_campaign_new", sqlscore_campaign_new(&cout, "x", NULL, "eur"));
    BAD_CASE(58, "sqlscore_campaign_new", sqlscore_campaign_new(&cout, "x", NULL, "EURO"));
    BAD_CASE(59, "sqlscore_campaign_new", sqlscore_campaign_new(&cout, "x", NULL, ""));
    BAD_CASE_S(60, "QQQ", SQLSCORE_ENOTFOUND, sqlscore_campaign_new(&cout, "x", NULL, "QQQ"));
    BAD_CASE(61, "sqlscore_campaign_clone", sqlscore_campaign_clone(NULL, cp));
    BAD_CASE(62, "sqlscore_campaign_clone", sqlscore_campaign_clone(&cout, NULL));
    BAD_CASE(63, "sqlscore_campaign_id", sqlscore_campaign_id(NULL, &str));
    BAD_CASE(64, "sqlscore_campaign_id", sqlscore_campaign_id(cp, NULL));
    BAD_CASE(65, "sqlscore_campaign_name", sqlscore_campaign_name(NULL, &str));
    BAD_CASE(66, "sqlscore_campaign_name", sqlscore_campaign_name(cp, NULL));
    BAD_CASE(67, "sqlscore_campaign_currency", sqlscore_campaign_currency(NULL, &str));
    BAD_CASE(68, "sqlscore_campaign_currency", sqlscore_campaign_currency(cp, NULL));
    BAD_CASE(69, "sqlscore_campaign_add_spend", sqlscore_campaign_add_spend(NULL, 1, NULL, SQLSCORE_SPEND_SALES, BAD_T0));
    BAD_CASE(70, "sqlscore_campaign_add_spend", sqlscore_campaign_add_spend(cp, 1, "eur", SQLSCORE_SPEND_SALES, BAD_T0));
    BAD_CASE(71, "sqlscore_campaign_add_spend", sqlscore_campaign_add_spend(cp, 1, "", SQLSCORE_SPEND_SALES, BAD_T0));
    BAD_CASE(72, "sqlscore_campaign_add_spend", sqlscore_campaign_add_spend(cp, 1, "\xFF\xFF\xFF", SQLSCORE_SPEND_SALES, BAD_T0));
    BAD_CASE(73, "sqlscore_campaign_add_spend", sqlscore_campaign_add_spend(cp, 1, NULL, 0, BAD_T0));
    BAD_CASE(74, "sqlscore_campaign_add_spend", sqlscore_campaign_add_spend(cp, 1, NULL, SQLSCORE_SPEND_ALL, BAD_T0));
    BAD_CASE(75, "sqlscore_campaign_add_spend", sqlscore_campaign_add_spend(cp, 1, NULL, -1, BAD_T0));
    BAD_CASE_S(76, "QQQ", SQLSCORE_ENOTFOUND,
               sqlscore_campaign_add_spend(cp, 1, "QQQ", SQLSCORE_SPEND_SALES, BAD_T0));
    BAD_CASE(77, "sqlscore_campaign_spend_count", sqlscore_campaign_spend_count(NULL, &n));
    BAD_CASE(78, "sqlscore_campaign_spend_count", sqlscore_campaign_spend_count(cp, NULL));
    BAD_CASE(79, "sqlscore_campaign_spend_get", sqlscore_campaign_spend_get(NULL, 0, &o1, &str, &i32, &o2));
    BAD_CASE_S(80, "sqlscore_campaign_spend_get", SQLSCORE_ENOTFOUND,
               sqlscore_campaign_spend_get(cp, 2, &o1, &str, &i32, &o2));
    BAD_CASE_S(81, "sqlscore_campaign_spend_get", SQLSCORE_ENOTFOUND,
               sqlscore_campaign_spend_get(cp, SIZE_MAX, &o1, &str, &i32, &o2));
    BAD_CASE(82, "sqlscore_campaign_set_counts", sqlscore_campaign_set_counts(NULL, 1, 1, 1, 1));
    BAD_CASE(83, "sqlscore_campaign_set_counts", sqlscore_campaign_set_counts(cp, -1, 0, 0, 0));
    BAD_CASE(84, "sqlscore_campaign_set_counts", sqlscore_campaign_set_counts(cp, 0, -1, 0, 0));
    BAD_CASE(85, "sqlscore_campaign_set_counts", sqlscore_campaign_set_counts(cp, 0, 0, INT64_MIN, 0));
    BAD_CASE(86, "sqlscore_campaign_set_counts", sqlscore_campaign_set_counts(cp, 9, 9, 9, -1));
    BAD_CASE(87, "sqlscore_campaign_counts", sqlscore_campaign_counts(NULL, &o1, &o2, &o3, &o4));
    BAD_CASE(88, "sqlscore_campaign_spend", sqlscore_campaign_spend(NULL, SQLSCORE_SPEND_ALL, r, 0, &o1));
    BAD_CASE(89, "sqlscore_campaign_spend", sqlscore_campaign_spend(cp, 0, r, 0, &o1));
    BAD_CASE(90, "sqlscore_campaign_spend", sqlscore_campaign_spend(cp, 4, r, 0, &o1));
    BAD_CASE(91, "sqlscore_campaign_spend", sqlscore_campaign_spend(cp, -1, r, 0, &o1));
    BAD_CASE(92, "sqlscore_campaign_spend", sqlscore_campaign_spend(cp, SQLSCORE_SPEND_ALL, r, 2, &o1));
    BAD_CASE(93, "sqlscore_campaign_spend", sqlscore_campaign_spend(cp, SQLSCORE_SPEND_ALL, r, 0, NULL));
    BAD_CASE_S(94, "sqlscore_campaign_spend", SQLSCORE_EINCOMPATIBLE,
               sqlscore_campaign_spend(cp, SQLSCORE_SPEND_ALL, NULL, 0, &o1));
    BAD_CASE(95, "sqlscore_campaign_metric", sqlscore_campaign_metric(NULL, SQLSCORE_METRIC_CPSQL, r, 0, &o1, &o2));
    BAD_CASE(96, "sqlscore_campaign_metric", sqlscore_campaign_metric(cp, 8, r, 0, &o1, &o2));
    BAD_CASE(97, "sqlscore_campaign_metric", sqlscore_campaign_metric(cp, -1, r, 0, &o1, &o2));
    BAD_CASE(98, "sqlscore_campaign_metric", sqlscore_campaign_metric(cp, SQLSCORE_METRIC_CPSQL, r, 5, &o1, &o2));
    BAD_CASE(99, "sqlscore_campaign_metric", sqlscore_campaign_metric(cp, SQLSCORE_METRIC_CPSQL, r, 0, NULL, &o2));
    BAD_CASE(100, "sqlscore_campaign_metric", sqlscore_campaign_metric(cp, SQLSCORE_METRIC_CPSQL, r, 0, &o1, NULL));
    BAD_CASE(101, "sqlscore_campaign_metric_rounded", sqlscore_campaign_metric_rounded(cp, SQLSCORE_METRIC_CPSQL, r, 0, NULL));
    BAD_CASE(102, "sqlscore_campaign_count_leads", sqlscore_campaign_count_leads(NULL, f, NULL, NULL, leads, 1));
    BAD_CASE(103, "sqlscore_campaign_count_leads", sqlscore_campaign_count_leads(cp, NULL, NULL, NULL, leads, 1));
    BAD_CASE(104, "sqlscore_campaign_count_leads", sqlscore_campaign_count_leads(cp, f, NULL, NULL, NULL, 1));
    BAD_CASE(105, "sqlscore_campaign_count_leads", sqlscore_campaign_count_leads(cp, f, NULL, NULL, leads_null, 2));
    BAD_CASE(106, "sqlscore_campaign_count_leads", sqlscore_campaign_count_leads(cp, f, "mq\xC3", NULL, leads, 1));
    BAD_CASE(107, "sqlscore_campaign_count_leads", sqlscore_campaign_count_leads(cp, f, NULL, "op\xFF", leads, 1));
    BAD_CASE_S(108, "sqlscore_campaign_count_leads", SQLSCORE_ENOTFOUND,
               sqlscore_campaign_count_leads(cp, f, "nosuch", NULL, leads, 1));
    BAD_CASE_S(109, "sqlscore_campaign_count_leads", SQLSCORE_ESTATE,
               sqlscore_campaign_count_leads(cp, x->unbuilt, NULL, NULL, leads, 1));
    BAD_CASE(110, "sqlscore_attribution_new", sqlscore_attribution_new(NULL));
    BAD_CASE(111, "sqlscore_attribution_campaign", sqlscore_attribution_campaign(NULL, "x", &i32));
    BAD_CASE(112, "sqlscore_attribution_campaign", sqlscore_attribution_campaign(a, NULL, &i32));
    BAD_CASE(113, "sqlscore_attribution_campaign", sqlscore_attribution_campaign(a, "x\xC3", &i32));
    BAD_CASE(114, "sqlscore_attribution_lead", sqlscore_attribution_lead(NULL, "x", &i32));
    BAD_CASE(115, "sqlscore_attribution_lead", sqlscore_attribution_lead(a, NULL, &i32));
    BAD_CASE(116, "sqlscore_attribution_lead", sqlscore_attribution_lead(a, "\xED\xBF\xBF", &i32));
    BAD_CASE(117, "sqlscore_attribution_find_campaign", sqlscore_attribution_find_campaign(NULL, "spring", &i32));
    BAD_CASE(118, "sqlscore_attribution_find_campaign", sqlscore_attribution_find_campaign(a, NULL, &i32));
    BAD_CASE(119, "sqlscore_attribution_find_campaign", sqlscore_attribution_find_campaign(a, "spring", NULL));
    BAD_CASE(120, "sqlscore_attribution_find_campaign", sqlscore_attribution_find_campaign(a, "spr\x80", &i32));
    BAD_CASE_S(121, "sqlscore_attribution_find_campaign", SQLSCORE_ENOTFOUND,
               sqlscore_attribution_find_campaign(a, "nosuch", &i32));
    BAD_CASE(122, "sqlscore_attribution_find_lead", sqlscore_attribution_find_lead(NULL, "lead-1", &i32));
    BAD_CASE(123, "sqlscore_attribution_find_lead", sqlscore_attribution_find_lead(a, NULL, &i32));
    BAD_CASE(124, "sqlscore_attribution_find_lead", sqlscore_attribution_find_lead(a, "lead-1", NULL));
    BAD_CASE(125, "sqlscore_attribution_find_lead", sqlscore_attribution_find_lead(a, "lead\xC3", &i32));
    BAD_CASE_S(126, "sqlscore_attribution_find_lead", SQLSCORE_ENOTFOUND,
               sqlscore_attribution_find_lead(a, "lead-9", &i32));
    BAD_CASE(127, "sqlscore_attribution_campaign_id", sqlscore_attribution_campaign_id(NULL, 0, &str));
    BAD_CASE(128, "sqlscore_attribution_campaign_id", sqlscore_attribution_campaign_id(a, 0, NULL));
    BAD_CASE_S(129, "sqlscore_attribution_campaign_id", SQLSCORE_ENOTFOUND,
               sqlscore_attribution_campaign_id(a, -1, &str));
    BAD_CASE_S(130, "sqlscore_attribution_campaign_id", SQLSCORE_ENOTFOUND,
               sqlscore_attribution_campaign_id(a, 2, &str));
    BAD_CASE_S(131, "sqlscore_attribution_campaign_id", SQLSCORE_ENOTFOUND,
               sqlscore_attribution_campaign_id(a, INT32_MIN, &str));
    BAD_CASE(132, "sqlscore_attribution_sizes", sqlscore_attribution_sizes(NULL, &n, &n2, NULL, NULL));
    BAD_CASE(133, "sqlscore_attribution_add_touch", sqlscore_attribution_add_touch(NULL, "l", "c", BAD_T0, 0));
    BAD_CASE(134, "sqlscore_attribution_add_touch", sqlscore_attribution_add_touch(a, NULL, "c", BAD_T0, 0));
    BAD_CASE(135, "sqlscore_attribution_add_touch", sqlscore_attribution_add_touch(a, "l", NULL, BAD_T0, 0));
    BAD_CASE(136, "sqlscore_attribution_add_touch", sqlscore_attribution_add_touch(a, "l\xC3", "c", BAD_T0, 0));
    BAD_CASE(137, "sqlscore_attribution_add_touch", sqlscore_attribution_add_touch(a, "l", "c\xFE", BAD_T0, 0));
    BAD_CASE(138, "sqlscore_attribution_add_touch", sqlscore_attribution_add_touch(a, "l", "c", BAD_T0, 4));
    BAD_CASE(139, "sqlscore_attribution_add_touch", sqlscore_attribution_add_touch(a, "l", "c", BAD_T0, -1));
    BAD_CASE(140, "sqlscore_attribution_add_touches", sqlscore_attribution_add_touches(NULL, 1, li, ci, ti, NULL));
    BAD_CASE(141, "sqlscore_attribution_add_touches", sqlscore_attribution_add_touches(a, 1, NULL, ci, ti, NULL));
    BAD_CASE(142, "sqlscore_attribution_add_touches", sqlscore_attribution_add_touches(a, 1, li, NULL, ti, NULL));
    BAD_CASE(143, "sqlscore_attribution_add_touches", sqlscore_attribution_add_touches(a, 1, li, ci, NULL, NULL));
    BAD_CASE(144, "sqlscore_attribution_add_touches", sqlscore_attribution_add_touches(a, 1, li_bad, ci, ti, NULL));
    BAD_CASE(145, "sqlscore_attribution_add_touches", sqlscore_attribution_add_touches(a, 1, li_neg, ci, ti, NULL));
    BAD_CASE(146, "sqlscore_attribution_add_touches", sqlscore_attribution_add_touches(a, 1, li, ci_bad, ti, NULL));
    BAD_CASE(147, "sqlscore_attribution_add_touches", sqlscore_attribution_add_touches(a, 1, li, ci_neg, ti, NULL));
    BAD_CASE(148, "sqlscore_attribution_add_touches", sqlscore_attribution_add_touches(a, 1, li, ci, ti, fl_bad));
    BAD_CASE(149, "sqlscore_attribution_add_conversion", sqlscore_attribution_add_conversion(NULL, "l", BAD_T0));
    BAD_CASE(150, "sqlscore_attribution_add_conversion", sqlscore_attribution_add_conversion(a, NULL, BAD_T0));
    BAD_CASE(151, "sqlscore_attribution_add_conversion", sqlscore_attribution_add_conversion(a, "\xC3", BAD_T0));
    BAD_CASE(152, "sqlscore_attribution_add_conversions", sqlscore_attribution_add_conversions(NULL, 1, li, ti));
    BAD_CASE(153, "sqlscore_attribution_add_conversions", sqlscore_attribution_add_conversions(a, 1, NULL, ti));
    BAD_CASE(154, "sqlscore_attribution_add_conversions", sqlscore_attribution_add_conversions(a, 1, li, NULL));
    BAD_CASE(155, "sqlscore_attribution_add_conversions", sqlscore_attribution_add_conversions(a, 1, li_bad, ti));
    BAD_CASE(156, "sqlscore_attribution_add_conversions", sqlscore_attribution_add_conversions(a, 1, li_neg, ti));
    BAD_CASE(157, "sqlscore_attribution_add_lead", sqlscore_attribution_add_lead(NULL, l, f));
    BAD_CASE(158, "sqlscore_attribution_add_lead", sqlscore_attribution_add_lead(a, NULL, f));
    BAD_CASE(159, "sqlscore_attribution_add_lead", sqlscore_attribution_add_lead(a, l, NULL));
    BAD_CASE_S(160, "sqlscore_attribution_add_lead", SQLSCORE_ESTATE,
               sqlscore_attribution_add_lead(a, l, x->unbuilt));
    BAD_CASE(161, "sqlscore_attribution_set_model", sqlscore_attribution_set_model(NULL, 0));
    BAD_CASE(162, "sqlscore_attribution_set_model", sqlscore_attribution_set_model(a, 9));
    BAD_CASE(163, "sqlscore_attribution_set_model", sqlscore_attribution_set_model(a, -1));
    BAD_CASE(164, "sqlscore_attribution_set_model", sqlscore_attribution_set_model(a, INT32_MIN));
    BAD_CASE_S(165, "sqlscore_attribution_set_model", SQLSCORE_ESTATE,
               sqlscore_attribution_set_model(a, SQLSCORE_MODEL_CUSTOM));
    BAD_CASE(166, "sqlscore_attribution_set_weights", sqlscore_attribution_set_weights(NULL, 1, 1, 1, 1, 1));
    BAD_CASE(167, "sqlscore_attribution_set_weights", sqlscore_attribution_set_weights(a, -1, 1, 1, 1, 1));
    BAD_CASE(168, "sqlscore_attribution_set_weights", sqlscore_attribution_set_weights(a, 1, 1000001, 1, 1, 1));
    BAD_CASE(169, "sqlscore_attribution_set_weights", sqlscore_attribution_set_weights(a, 0, 0, 0, 0, 0));
    BAD_CASE(170, "sqlscore_attribution_set_weights", sqlscore_attribution_set_weights(a, 1, 1, INT64_MIN, 1, 1));
    BAD_CASE(171, "sqlscore_attribution_set_weights", sqlscore_attribution_set_weights(a, 1, 1, 1, 1, INT64_MAX));
    BAD_CASE(172, "sqlscore_attribution_set_half_life", sqlscore_attribution_set_half_life(NULL, 1));
    BAD_CASE(173, "sqlscore_attribution_set_half_life", sqlscore_attribution_set_half_life(a, 0));
    BAD_CASE(174, "sqlscore_attribution_set_half_life", sqlscore_attribution_set_half_life(a, INT64_MIN));
    BAD_CASE(175, "sqlscore_attribution_set_lookback", sqlscore_attribution_set_lookback(NULL, 0));
    BAD_CASE(176, "sqlscore_attribution_set_lookback", sqlscore_attribution_set_lookback(a, -1));
    BAD_CASE(177, "sqlscore_attribution_set_lookback", sqlscore_attribution_set_lookback(a, INT64_MIN));
    BAD_CASE(178, "sqlscore_attribution_run", sqlscore_attribution_run(NULL, &arout));
    BAD_CASE(179, "sqlscore_attribution_run", sqlscore_attribution_run(a, NULL));
    BAD_CASE(180, "sqlscore_attribution_result_summary", sqlscore_attribution_result_summary(NULL, &n, &n2));
    BAD_CASE(181, "sqlscore_attribution_result_credit", sqlscore_attribution_result_credit(NULL, 0, &o1));
    BAD_CASE(182, "sqlscore_attribution_result_credit", sqlscore_attribution_result_credit(ar, 0, NULL));
    BAD_CASE_S(183, "sqlscore_attribution_result_credit", SQLSCORE_ENOTFOUND,
               sqlscore_attribution_result_credit(ar, -1, &o1));
    BAD_CASE_S(184, "sqlscore_attribution_result_credit", SQLSCORE_ENOTFOUND,
               sqlscore_attribution_result_credit(ar, INT32_MAX, &o1));
    BAD_CASE(185, "sqlscore_attribution_result_credits", sqlscore_attribution_result_credits(NULL, 4, arr));
    BAD_CASE(186, "sqlscore_attribution_result_credits", sqlscore_attribution_result_credits(ar, 4, NULL));
    BAD_CASE(187, "sqlscore_attribution_result_touch", sqlscore_attribution_result_touch(NULL, 0, &o1, &o2));
    BAD_CASE_S(188, "sqlscore_attribution_result_touch", SQLSCORE_ENOTFOUND,
               sqlscore_attribution_result_touch(ar, 3, &o1, &o2));
    BAD_CASE_S(189, "sqlscore_attribution_result_touch", SQLSCORE_ENOTFOUND,
               sqlscore_attribution_result_touch(ar, SIZE_MAX, &o1, &o2));
    BAD_CASE(190, "sqlscore_attribution_cpsql", sqlscore_attribution_cpsql(NULL, ar, cp, r, 0, 0, &o1, &o2));
    BAD_CASE(191, "sqlscore_attribution_cpsql", sqlscore_attribution_cpsql(a, NULL, cp, r, 0, 0, &o1, &o2));
    BAD_CASE(192, "sqlscore_attribution_cpsql", sqlscore_attribution_cpsql(a, ar, NULL, r, 0, 0, &o1, &o2));
    BAD_CASE(193, "sqlscore_attribution_cpsql", sqlscore_attribution_cpsql(a, ar, cp, r, 0, 0, NULL, &o2));
    BAD_CASE(194, "sqlscore_attribution_cpsql", sqlscore_attribution_cpsql(a, ar, cp, r, 0, 0, &o1, NULL));
    BAD_CASE(195, "sqlscore_attribution_cpsql", sqlscore_attribution_cpsql(a, ar, cp, r, 2, 0, &o1, &o2));
    BAD_CASE(196, "sqlscore_attribution_cpsql", sqlscore_attribution_cpsql(a, ar, cp, r, 0, -1, &o1, &o2));
    BAD_CASE(197, "sqlscore_attribution_cpsql", sqlscore_attribution_cpsql(a, ar, cp, r, 0, INT64_MIN, &o1, &o2));
    BAD_CASE_S(198, "sqlscore_attribution_cpsql", SQLSCORE_EUNDEFINED,
               sqlscore_attribution_cpsql(a, ar, cp, r, 0, INT64_MAX, &o1, &o2));
    BAD_CASE_S(199, "sqlscore_attribution_cpsql", SQLSCORE_EINCOMPATIBLE,
               sqlscore_attribution_cpsql(a, ar, cp, NULL, 0, 0, &o1, &o2));
    BAD_CASE(200, "sqlscore_attribution_campaign_counts", sqlscore_attribution_campaign_counts(NULL, ar, 0, &o1, &o2));
    BAD_CASE(201, "sqlscore_attribution_campaign_counts", sqlscore_attribution_campaign_counts(a, NULL, 0, &o1, &o2));
    BAD_CASE_S(202, "sqlscore_attribution_campaign_counts", SQLSCORE_ENOTFOUND,
               sqlscore_attribution_campaign_counts(a, ar, -1, &o1, &o2));
    BAD_CASE_S(203, "sqlscore_attribution_campaign_counts", SQLSCORE_ENOTFOUND,
               sqlscore_attribution_campaign_counts(a, ar, 2, &o1, &o2));
    BAD_CASE(204, "sqlscore_portfolio_new", sqlscore_portfolio_new(NULL, "EUR"));
    BAD_CASE(205, "sqlscore_portfolio_new", sqlscore_portfolio_new(&pout, NULL));
    BAD_CASE(206, "sqlscore_portfolio_new", sqlscore_portfolio_new(&pout, "eur"));
    BAD_CASE(207, "sqlscore_portfolio_new", sqlscore_portfolio_new(&pout, ""));
    BAD_CASE(208, "sqlscore_portfolio_new", sqlscore_portfolio_new(&pout, "E\xC3\xA9"));
    BAD_CASE_S(209, "QQQ", SQLSCORE_ENOTFOUND, sqlscore_portfolio_new(&pout, "QQQ"));
    BAD_CASE(210, "sqlscore_portfolio_add", sqlscore_portfolio_add(NULL, cp));
    BAD_CASE(211, "sqlscore_portfolio_add", sqlscore_portfolio_add(p, NULL));
    BAD_CASE_S(212, "sqlscore_portfolio_add", SQLSCORE_EEXIST, sqlscore_portfolio_add(p, cp));
    BAD_CASE(213, "sqlscore_portfolio_size", sqlscore_portfolio_size(NULL, &n));
    BAD_CASE(214, "sqlscore_portfolio_size", sqlscore_portfolio_size(p, NULL));
    BAD_CASE(215, "sqlscore_portfolio_compute", sqlscore_portfolio_compute(NULL, a, ar, SQLSCORE_COUNT_PERIOD, BAD_T0, BAD_T0 + 1000, r, 0));
    BAD_CASE(216, "sqlscore_portfolio_compute", sqlscore_portfolio_compute(p, NULL, ar, SQLSCORE_COUNT_PERIOD, BAD_T0, BAD_T0 + 1000, r, 0));
    BAD_CASE(217, "sqlscore_portfolio_compute", sqlscore_portfolio_compute(p, a, NULL, SQLSCORE_COUNT_COHORT, BAD_T0, BAD_T0 + 1000, r, 0));
    BAD_CASE(218, "sqlscore_portfolio_compute", sqlscore_portfolio_compute(p, a, ar, 3, BAD_T0, BAD_T0 + 1000, r, 0));
    BAD_CASE(219, "sqlscore_portfolio_compute", sqlscore_portfolio_compute(p, a, ar, -1, BAD_T0, BAD_T0 + 1000, r, 0));
    BAD_CASE(220, "sqlscore_portfolio_compute", sqlscore_portfolio_compute(p, a, ar, SQLSCORE_COUNT_PERIOD, BAD_T0, BAD_T0, r, 0));
    BAD_CASE(221, "sqlscore_portfolio_compute", sqlscore_portfolio_compute(p, a, ar, SQLSCORE_COUNT_PERIOD, INT64_MAX, INT64_MIN, r, 0));
    BAD_CASE(222, "sqlscore_portfolio_compute", sqlscore_portfolio_compute(p, a, ar, SQLSCORE_COUNT_PERIOD, BAD_T0, BAD_T0 + 1000, r, 2));
    BAD_CASE_S(223, "sqlscore_portfolio_compute", SQLSCORE_EINCOMPATIBLE,
               sqlscore_portfolio_compute(p, a, ar, SQLSCORE_COUNT_PERIOD, BAD_T0, BAD_T0 + 1000, NULL, 0));
    BAD_CASE(224, "sqlscore_portfolio_row", sqlscore_portfolio_row(NULL, 0, &str, &o1, &o2, &o3, &o4));
    BAD_CASE_S(225, "sqlscore_portfolio_row", SQLSCORE_ENOTFOUND,
               sqlscore_portfolio_row(p, 1, &str, &o1, &o2, &o3, &o4));
    BAD_CASE_S(226, "sqlscore_portfolio_row", SQLSCORE_ENOTFOUND,
               sqlscore_portfolio_row(p, SIZE_MAX, &str, &o1, &o2, &o3, &o4));
    BAD_CASE(227, "sqlscore_portfolio_total", sqlscore_portfolio_total(NULL, &o1, &o2, &o3, &o4));
    BAD_CASE(228, "sqlscore_portfolio_cpsql", sqlscore_portfolio_cpsql(NULL, 0, 0, &o1, &o2));
    BAD_CASE(229, "sqlscore_portfolio_cpsql", sqlscore_portfolio_cpsql(p, 0, -1, &o1, &o2));
    BAD_CASE(230, "sqlscore_portfolio_cpsql", sqlscore_portfolio_cpsql(p, 0, INT64_MIN, &o1, &o2));
    BAD_CASE(231, "sqlscore_portfolio_cpsql", sqlscore_portfolio_cpsql(p, 0, 0, NULL, &o2));
    BAD_CASE(232, "sqlscore_portfolio_cpsql", sqlscore_portfolio_cpsql(p, 0, 0, &o1, NULL));
    BAD_CASE_S(233, "sqlscore_portfolio_cpsql", SQLSCORE_ENOTFOUND,
               sqlscore_portfolio_cpsql(p, 5, 0, &o1, &o2));
    BAD_CASE_S(234, "sqlscore_portfolio_cpsql", SQLSCORE_EUNDEFINED,
               sqlscore_portfolio_cpsql(p, 0, INT64_MAX, &o1, &o2));
    default:
        ck_abort_msg("no bad-input case %d", which);
        return 0;
    }
#undef BAD_CASE
#undef BAD_CASE_S
    ck_assert_ptr_eq(rout, BAD_SENT);
    ck_assert_ptr_eq(cout, BAD_SENT);
    ck_assert_ptr_eq(aout, BAD_SENT);
    ck_assert_ptr_eq(arout, BAD_SENT);
    ck_assert_ptr_eq(pout, BAD_SENT);
    ck_assert_ptr_eq(str, BAD_SENT);
    ck_assert(o1 == 7 && o2 == 7 && o3 == 7 && o4 == 7 && i32 == 7 && j32 == 7);
    ck_assert(n == 7 && n2 == 7);
    ck_assert(arr[0] == 7 && arr[1] == 7 && arr[2] == 7 && arr[3] == 7);
    return rc;
}
#define BAD_CPSQL_N 235

START_TEST(badinput_cpsql)
{
    struct bad_cpsql x;
    char before[HARD_DUMP_SIZE], after[HARD_DUMP_SIZE];
    const char *fn = "?";
    long live;
    int rc, want = SQLSCORE_EINVAL;

    memset(&x, 0, sizeof x);
    bad_cpsql_setup(&x);
    bad_cpsql_dump(&x, before);
    live = sqlscore_test_alloc_live();
    sqlscore_error_clear();
    rc = bad_cpsql_call(_i, &x, &fn, &want);
    bad_assert_refused(_i, fn, rc, want, live);
    bad_cpsql_dump(&x, after);
    ck_assert_str_eq(after, before);
    bad_cpsql_teardown(&x);
}
END_TEST

/* ======================================================================== */
/* survey: eNPS aggregators, results, pulse surveys                         */
/* ======================================================================== */

#define BAD_FEB 1769904000          /* 1 February 2026 */

struct bad_survey {
    sqlscore_survey *s;     /* monthly periods, answers in January and February */
    sqlscore_survey *fresh; /* default configuration, no answers */
    sqlscore_enps_result *r, *r90;
    sqlscore_pulse *p;      /* two questions and responses */
    sqlscore_pulse *pq;     /* two questions, no responses */
};

static void bad_survey_setup(struct bad_survey *x)
{
    static const int32_t resp[6][2] = { { 10, 5 }, { 9, 4 }, { 3, 2 }, { 7, 4 },
                                        { 10, SQLSCORE_PULSE_SKIPPED }, { 0, 1 } };
    int i;
    ck_assert_ok(sqlscore_survey_new(&x->s));
    ck_assert_ok(sqlscore_survey_set_period(x->s, SQLSCORE_PERIOD_MONTH, 0));
    for (i = 0; i < 11; i++) {
        ck_assert_ok(sqlscore_survey_add(x->s, i % 11, "Sales", BAD_T0 + i * BAD_DAY, NULL));
        ck_assert_ok(sqlscore_survey_add(x->s, 10 - i % 4, "K\xC3\xB6ln", BAD_FEB + i * BAD_DAY,
                                         NULL));
    }
    ck_assert_ok(sqlscore_survey_add_missing(x->s, "Sales", BAD_FEB, NULL));
    ck_assert_ok(sqlscore_survey_new(&x->fresh));
    ck_assert_ok(sqlscore_enps_result_new(&x->r, 3, 4, 5, 0.95, SQLSCORE_ROUND_HALF_EVEN));
    ck_assert_ok(sqlscore_enps_result_new(&x->r90, 2, 2, 8, 0.90, SQLSCORE_ROUND_HALF_UP));
    ck_assert_ok(sqlscore_pulse_new(&x->p, SQLSCORE_PULSE_MONTHLY));
    ck_assert_ok(sqlscore_pulse_add_question(x->p, "enps", "How likely are you to recommend us?",
                                             SQLSCORE_PULSE_QUESTION_ENPS));
    ck_assert_ok(sqlscore_pulse_add_question(x->p, "heard", "I feel heard",
                                             SQLSCORE_PULSE_QUESTION_LIKERT));
    ck_assert_ok(sqlscore_pulse_set_invited(x->p, "Sales", BAD_T0, 10));
    for (i = 0; i < 6; i++)
        ck_assert_ok(sqlscore_pulse_add_response(x->p, "Sales", BAD_T0 + i * BAD_DAY, resp[i], 2));
    ck_assert_ok(sqlscore_pulse_new(&x->pq, SQLSCORE_PULSE_WEEKLY));
    ck_assert_ok(sqlscore_pulse_add_question(x->pq, "enps", "Recommend?",
                                             SQLSCORE_PULSE_QUESTION_ENPS));
    ck_assert_ok(sqlscore_pulse_add_question(x->pq, "heard", "Heard?",
                                             SQLSCORE_PULSE_QUESTION_LIKERT));
}

static void bad_survey_teardown(struct bad_survey *x)
{
    sqlscore_survey_free(x->s);
    sqlscore_survey_free(x->fresh);
    sqlscore_enps_result_free(x->r);
    sqlscore_enps_result_free(x->r90);
    sqlscore_pulse_free(x->p);
    sqlscore_pulse_free(x->pq);
}

static void bad_enps_dump(const sqlscore_enps_result *r, char *buf)
{
    uint64_t n, sk, d, pa, pr;
    int32_t sup, rounded;
    double e, v, se, m, lo, hi, lo2, hi2;
    ck_assert_ok(sqlscore_enps_result_n(r, &n, &sk, &sup));
    ck_assert_ok(sqlscore_enps_result_counts(r, &d, &pa, &pr));
    ck_assert_ok(sqlscore_enps_result_score(r, &e, &rounded));
    ck_assert_ok(sqlscore_enps_result_spread(r, &v, &se, &m));
    ck_assert_ok(sqlscore_enps_result_interval(r, SQLSCORE_ENPS_WALD, &lo, &hi));
    ck_assert_ok(sqlscore_enps_result_interval(r, SQLSCORE_ENPS_ADJUSTED_WALD, &lo2, &hi2));
    hard_cat(buf, "[%llu %llu %d %llu/%llu/%llu %.17g %d %.17g %.17g %.17g %.17g %.17g %.17g %.17g]",
             (unsigned long long)n, (unsigned long long)sk, (int)sup, (unsigned long long)d,
             (unsigned long long)pa, (unsigned long long)pr, e, (int)rounded, v, se, m, lo, hi,
             lo2, hi2);
}

/* A survey as its serialized bytes (configuration, segments, counts), in hex. */
static void bad_survey_bytes(const sqlscore_survey *s, char *buf)
{
    void *bytes = NULL;
    size_t size = 0, i;
    ck_assert_ok(sqlscore_survey_serialize(s, &bytes, &size));
    hard_cat(buf, "%zu:", size);
    for (i = 0; i < size && strlen(buf) + 8 < HARD_DUMP_SIZE; i++)
        hard_cat(buf, "%02x", ((const unsigned char *)bytes)[i]);
    hard_cat(buf, ";");
    sqlscore_buffer_free(bytes);
}

static void bad_pulse_dump(const sqlscore_pulse *p, char *buf)
{
    size_t i, n;
    const char *id, *text;
    int32_t type;
    int64_t resp = -1, inv = -1, qn;
    double rate = -1, mean, fav;
    int rc;
    ck_assert_ok(sqlscore_pulse_question_count(p, &n));
    for (i = 0; i < n; i++) {
        ck_assert_ok(sqlscore_pulse_question_at(p, i, &id, &text, &type));
        hard_cat(buf, "q%s|%s|%d;", id, text, (int)type);
        qn = -1;
        mean = fav = -1;
        rc = sqlscore_pulse_question(p, id, NULL, BAD_T0, &qn, &mean, &fav);
        hard_cat(buf, "%d %lld %.17g %.17g;", rc, (long long)qn, mean, fav);
    }
    rc = sqlscore_pulse_response_rate(p, NULL, BAD_T0, &resp, &inv, &rate);
    hard_cat(buf, "rate%d %lld/%lld %.17g;", rc, (long long)resp, (long long)inv, rate);
}

static void bad_survey_dump(const struct bad_survey *x, char *buf)
{
    buf[0] = '\0';
    bad_survey_bytes(x->s, buf);
    bad_survey_bytes(x->fresh, buf);
    bad_enps_dump(x->r, buf);
    bad_enps_dump(x->r90, buf);
    bad_pulse_dump(x->p, buf);
    bad_pulse_dump(x->pq, buf);
    ck_assert_uint_lt(strlen(buf), HARD_DUMP_SIZE - 1);
}

static int bad_survey_call(int which, struct bad_survey *x, const char **fn, int *want)
{
    static const uint8_t ans[] = { 9, 10 }, ans_bad[] = { 9, 11 };
    static const uint32_t seg_bad[] = { 0, 99 };
    static const uint8_t seg8[] = { 0, 0 }, seg8_bad[] = { 0, 200 };
    static const uint16_t seg16_bad[] = { 300, 0 };
    static const int64_t tms[] = { BAD_T0, BAD_T0 };
    static const int32_t pans[] = { 9, 4 }, pans_bad_enps[] = { 11, 4 };
    static const int32_t pans_bad_lik[] = { 9, 6 }, pans_bad_lik0[] = { 9, 0 };
    static const int32_t pans_neg[] = { -2, 4 };
    static const unsigned char junk[] = { 'n', 'o', 't', ' ', 'a', ' ', 's', 'u', 'r', 'v' };
    sqlscore_survey *s = x->s, *fr = x->fresh;
    sqlscore_pulse *p = x->p, *pq = x->pq;
    const sqlscore_enps_result *r = x->r;
    sqlscore_survey *sout = BAD_SENT;
    sqlscore_enps_result *rout = BAD_SENT;
    sqlscore_pulse *pout = BAD_SENT;
    void *bytes = BAD_SENT;
    const char *str = BAD_SENT, *str2 = BAD_SENT;
    uint32_t u32 = 7;
    uint64_t u1 = 7, u2 = 7, u3 = 7;
    int64_t i1 = 7, i2 = 7;
    int32_t i32 = 7;
    double d1 = 7.0, d2 = 7.0, d3 = 7.0, d4 = 7.0, d5 = 7.0;
    size_t n = 7, bad = 7;
    int rc;

    *want = SQLSCORE_EINVAL;
#define BAD_CASE(k, name, call) case k: *fn = name; rc = (call); break
#define BAD_CASE_S(k, name, st, call) case k: *fn = name; *want = (st); rc = (call); break
    switch (which) {
    BAD_CASE(0, "sqlscore_survey_new", sqlscore_survey_new(NULL));
    BAD_CASE(1, "sqlscore_survey_set_scale", sqlscore_survey_set_scale(NULL, 0, 10, 6, 9));
    BAD_CASE_S(2, "sqlscore_survey_set_scale", SQLSCORE_ERANGE, sqlscore_survey_set_scale(fr, -1, 10, 6, 9));
    BAD_CASE_S(3, "sqlscore_survey_set_scale", SQLSCORE_ERANGE, sqlscore_survey_set_scale(fr, 0, 101, 6, 9));
    BAD_CASE_S(4, "sqlscore_survey_set_scale", SQLSCORE_ERANGE, sqlscore_survey_set_scale(fr, 5, 5, 5, 5));
    BAD_CASE_S(5, "sqlscore_survey_set_scale", SQLSCORE_ERANGE, sqlscore_survey_set_scale(fr, 0, 10, 9, 9));
    BAD_CASE_S(6, "sqlscore_survey_set_scale", SQLSCORE_ERANGE, sqlscore_survey_set_scale(fr, 0, 10, 6, 11));
    BAD_CASE_S(7, "sqlscore_survey_set_scale", SQLSCORE_ERANGE, sqlscore_survey_set_scale(fr, INT32_MIN, INT32_MAX, 0, 1));
    BAD_CASE_S(8, "sqlscore_survey_set_scale", SQLSCORE_ESTATE, sqlscore_survey_set_scale(s, 0, 10, 6, 9));
    BAD_CASE(9, "sqlscore_survey_set_threshold", sqlscore_survey_set_threshold(NULL, 5));
    BAD_CASE_S(10, "sqlscore_survey_set_threshold", SQLSCORE_ERANGE, sqlscore_survey_set_threshold(fr, 2));
    BAD_CASE_S(11, "sqlscore_survey_set_threshold", SQLSCORE_ERANGE, sqlscore_survey_set_threshold(fr, INT32_MIN));
    BAD_CASE_S(12, "sqlscore_survey_set_threshold", SQLSCORE_ESTATE, sqlscore_survey_set_threshold(s, 5));
    BAD_CASE(13, "sqlscore_survey_set_missing", sqlscore_survey_set_missing(NULL, 0));
    BAD_CASE(14, "sqlscore_survey_set_missing", sqlscore_survey_set_missing(fr, 2));
    BAD_CASE(15, "sqlscore_survey_set_missing", sqlscore_survey_set_missing(fr, -1));
    BAD_CASE_S(16, "sqlscore_survey_set_missing", SQLSCORE_ESTATE, sqlscore_survey_set_missing(s, 0));
    BAD_CASE(17, "sqlscore_survey_set_confidence", sqlscore_survey_set_confidence(NULL, 0.9));
    BAD_CASE(18, "sqlscore_survey_set_confidence", sqlscore_survey_set_confidence(fr, NAN));
    BAD_CASE(19, "sqlscore_survey_set_confidence", sqlscore_survey_set_confidence(fr, INFINITY));
    BAD_CASE(20, "sqlscore_survey_set_confidence", sqlscore_survey_set_confidence(fr, -INFINITY));
    BAD_CASE_S(21, "sqlscore_survey_set_confidence", SQLSCORE_ERANGE, sqlscore_survey_set_confidence(fr, 0));
    BAD_CASE_S(22, "sqlscore_survey_set_confidence", SQLSCORE_ERANGE, sqlscore_survey_set_confidence(fr, 1));
    BAD_CASE_S(23, "sqlscore_survey_set_confidence", SQLSCORE_ERANGE, sqlscore_survey_set_confidence(fr, -0.5));
    BAD_CASE_S(24, "sqlscore_survey_set_confidence", SQLSCORE_ESTATE, sqlscore_survey_set_confidence(s, 0.9));
    BAD_CASE(25, "sqlscore_survey_set_rounding", sqlscore_survey_set_rounding(NULL, 0));
    BAD_CASE(26, "sqlscore_survey_set_rounding", sqlscore_survey_set_rounding(fr, 2));
    BAD_CASE(27, "sqlscore_survey_set_rounding", sqlscore_survey_set_rounding(fr, INT32_MIN));
    BAD_CASE_S(28, "sqlscore_survey_set_rounding", SQLSCORE_ESTATE, sqlscore_survey_set_rounding(s, 0));
    BAD_CASE(29, "sqlscore_survey_set_period", sqlscore_survey_set_period(NULL, SQLSCORE_PERIOD_MONTH, 0));
    BAD_CASE(30, "sqlscore_survey_set_period", sqlscore_survey_set_period(fr, 5, 0));
    BAD_CASE(31, "sqlscore_survey_set_period", sqlscore_survey_set_period(fr, -1, 0));
    BAD_CASE(32, "sqlscore_survey_set_period", sqlscore_survey_set_period(fr, SQLSCORE_PERIOD_MONTH, 7));
    BAD_CASE_S(33, "sqlscore_survey_set_period", SQLSCORE_ERANGE, sqlscore_survey_set_period(fr, SQLSCORE_PERIOD_DAYS, 0));
    BAD_CASE_S(34, "sqlscore_survey_set_period", SQLSCORE_ERANGE, sqlscore_survey_set_period(fr, SQLSCORE_PERIOD_DAYS, 3661));
    BAD_CASE_S(35, "sqlscore_survey_set_period", SQLSCORE_ERANGE, sqlscore_survey_set_period(fr, SQLSCORE_PERIOD_DAYS, INT32_MIN));
    BAD_CASE_S(36, "sqlscore_survey_set_period", SQLSCORE_ESTATE, sqlscore_survey_set_period(s, SQLSCORE_PERIOD_NONE, 0));
    BAD_CASE(37, "sqlscore_survey_set_dedup", sqlscore_survey_set_dedup(NULL, 1));
    BAD_CASE(38, "sqlscore_survey_set_dedup", sqlscore_survey_set_dedup(fr, 2));
    BAD_CASE(39, "sqlscore_survey_set_dedup", sqlscore_survey_set_dedup(fr, -1));
    BAD_CASE_S(40, "sqlscore_survey_set_dedup", SQLSCORE_ESTATE, sqlscore_survey_set_dedup(s, 1));
    BAD_CASE(41, "sqlscore_survey_segment", sqlscore_survey_segment(NULL, "x", &u32));
    BAD_CASE(42, "sqlscore_survey_segment", sqlscore_survey_segment(s, NULL, &u32));
    BAD_CASE(43, "sqlscore_survey_segment", sqlscore_survey_segment(s, "Ops\xC3", &u32));
    BAD_CASE(44, "sqlscore_survey_add", sqlscore_survey_add(NULL, 9, "Sales", BAD_T0, NULL));
    BAD_CASE(45, "sqlscore_survey_add", sqlscore_survey_add(s, NAN, "Sales", BAD_T0, NULL));
    BAD_CASE(46, "sqlscore_survey_add", sqlscore_survey_add(s, INFINITY, "Sales", BAD_T0, NULL));
    BAD_CASE(47, "sqlscore_survey_add", sqlscore_survey_add(s, -INFINITY, "Sales", BAD_T0, NULL));
    BAD_CASE(48, "sqlscore_survey_add", sqlscore_survey_add(s, 11, "Sales", BAD_T0, NULL));
    BAD_CASE(49, "sqlscore_survey_add", sqlscore_survey_add(s, -1, "Sales", BAD_T0, NULL));
    BAD_CASE(50, "sqlscore_survey_add", sqlscore_survey_add(s, 8.5, "Sales", BAD_T0, NULL));
    BAD_CASE(51, "sqlscore_survey_add", sqlscore_survey_add(s, 9, "Sa\xC3", BAD_T0, NULL));
    BAD_CASE(52, "sqlscore_survey_add", sqlscore_survey_add(s, 9, "Sales", BAD_T0, "r\xFF"));
    BAD_CASE(53, "sqlscore_survey_add", sqlscore_survey_add(s, 9, "Sales", SQLSCORE_SURVEY_ALL_TIME, NULL));
    BAD_CASE(54, "sqlscore_survey_add_missing", sqlscore_survey_add_missing(NULL, "Sales", BAD_T0, NULL));
    BAD_CASE(55, "sqlscore_survey_add_missing", sqlscore_survey_add_missing(s, "\x80", BAD_T0, NULL));
    BAD_CASE(56, "sqlscore_survey_add_missing", sqlscore_survey_add_missing(s, "Sales", BAD_T0, "\xC0\x80"));
    BAD_CASE(57, "sqlscore_survey_add_missing", sqlscore_survey_add_missing(s, "Sales", SQLSCORE_SURVEY_ALL_TIME, NULL));
    BAD_CASE(58, "sqlscore_survey_add_batch", sqlscore_survey_add_batch(NULL, ans, 2, NULL, tms, NULL, NULL));
    BAD_CASE(59, "sqlscore_survey_add_batch", sqlscore_survey_add_batch(s, NULL, 2, NULL, tms, NULL, NULL));
    BAD_CASE(60, "sqlscore_survey_add_batch", sqlscore_survey_add_batch(s, ans_bad, 2, NULL, tms, NULL, NULL));
    BAD_CASE(61, "sqlscore_survey_add_batch", sqlscore_survey_add_batch(s, ans, 2, seg_bad, tms, NULL, NULL));
    BAD_CASE(62, "sqlscore_survey_add_batch", sqlscore_survey_add_batch(s, ans, 2, NULL, NULL, NULL, NULL));
    BAD_CASE(63, "sqlscore_survey_segment_count", sqlscore_survey_segment_count(NULL, &n));
    BAD_CASE(64, "sqlscore_survey_segment_count", sqlscore_survey_segment_count(s, NULL));
    BAD_CASE(65, "sqlscore_survey_segment_name", sqlscore_survey_segment_name(NULL, 0, &str));
    BAD_CASE(66, "sqlscore_survey_segment_name", sqlscore_survey_segment_name(s, 0, NULL));
    BAD_CASE_S(67, "sqlscore_survey_segment_name", SQLSCORE_ENOTFOUND, sqlscore_survey_segment_name(s, SIZE_MAX, &str));
    BAD_CASE(68, "sqlscore_survey_period_count", sqlscore_survey_period_count(NULL, &n));
    BAD_CASE(69, "sqlscore_survey_period_count", sqlscore_survey_period_count(s, NULL));
    BAD_CASE(70, "sqlscore_survey_period_at", sqlscore_survey_period_at(NULL, 0, &i1));
    BAD_CASE(71, "sqlscore_survey_period_at", sqlscore_survey_period_at(s, 0, NULL));
    BAD_CASE_S(72, "sqlscore_survey_period_at", SQLSCORE_ENOTFOUND, sqlscore_survey_period_at(s, 2, &i1));
    BAD_CASE(73, "sqlscore_survey_period_of", sqlscore_survey_period_of(NULL, BAD_T0, &i1, &i2));
    BAD_CASE(74, "sqlscore_survey_period_of", sqlscore_survey_period_of(fr, BAD_T0, &i1, &i2));
    BAD_CASE_S(75, "sqlscore_survey_period_of", SQLSCORE_ERANGE, sqlscore_survey_period_of(s, INT64_MAX, &i1, &i2));
    BAD_CASE(76, "sqlscore_survey_result", sqlscore_survey_result(NULL, NULL, BAD_T0, &rout));
    BAD_CASE(77, "sqlscore_survey_result", sqlscore_survey_result(s, NULL, BAD_T0, NULL));
    BAD_CASE(78, "sqlscore_survey_result", sqlscore_survey_result(s, "Sa\xC3", BAD_T0, &rout));
    BAD_CASE(79, "sqlscore_survey_result", sqlscore_survey_result(fr, NULL, BAD_T0, &rout));
    BAD_CASE_S(80, "sqlscore_survey_result", SQLSCORE_ENOTFOUND, sqlscore_survey_result(s, "Ops", BAD_T0, &rout));
    BAD_CASE(81, "sqlscore_survey_result_range", sqlscore_survey_result_range(NULL, NULL, BAD_T0, BAD_FEB, &rout));
    BAD_CASE(82, "sqlscore_survey_result_range", sqlscore_survey_result_range(s, NULL, BAD_T0, BAD_FEB, NULL));
    BAD_CASE(83, "sqlscore_survey_result_range", sqlscore_survey_result_range(s, "\xFF", BAD_T0, BAD_FEB, &rout));
    BAD_CASE(84, "sqlscore_survey_result_range", sqlscore_survey_result_range(fr, NULL, BAD_T0, BAD_FEB, &rout));
    BAD_CASE(85, "sqlscore_survey_result_range", sqlscore_survey_result_range(s, NULL, BAD_FEB, BAD_FEB, &rout));
    BAD_CASE(86, "sqlscore_survey_result_range", sqlscore_survey_result_range(s, NULL, INT64_MAX, INT64_MIN, &rout));
    BAD_CASE_S(87, "sqlscore_survey_result_range", SQLSCORE_ENOTFOUND, sqlscore_survey_result_range(s, "Ops", BAD_T0, BAD_FEB, &rout));
    BAD_CASE(88, "sqlscore_survey_trend", sqlscore_survey_trend(NULL, NULL, 1, &d1, &d2, &i32));
    BAD_CASE(89, "sqlscore_survey_trend", sqlscore_survey_trend(s, "S\xC3", 1, &d1, &d2, &i32));
    BAD_CASE_S(90, "sqlscore_survey_trend", SQLSCORE_ENOTFOUND, sqlscore_survey_trend(s, "Ops", 1, &d1, &d2, &i32));
    BAD_CASE_S(91, "sqlscore_survey_trend", SQLSCORE_ENOTFOUND, sqlscore_survey_trend(s, NULL, 2, &d1, &d2, &i32));
    BAD_CASE_S(92, "sqlscore_survey_trend", SQLSCORE_ENOTFOUND, sqlscore_survey_trend(s, NULL, SIZE_MAX, &d1, &d2, &i32));
    BAD_CASE_S(93, "sqlscore_survey_trend", SQLSCORE_EUNDEFINED, sqlscore_survey_trend(s, NULL, 0, &d1, &d2, &i32));
    BAD_CASE(94, "sqlscore_survey_merge", sqlscore_survey_merge(NULL, fr));
    BAD_CASE(95, "sqlscore_survey_merge", sqlscore_survey_merge(s, NULL));
    BAD_CASE(96, "sqlscore_survey_merge", sqlscore_survey_merge(s, s));
    /* Different configurations: monthly periods against none, and back. */
    BAD_CASE_S(97, "sqlscore_survey_merge", SQLSCORE_EINCOMPATIBLE, sqlscore_survey_merge(s, fr));
    BAD_CASE_S(98, "sqlscore_survey_merge", SQLSCORE_EINCOMPATIBLE, sqlscore_survey_merge(fr, s));
    BAD_CASE(99, "sqlscore_survey_serialize", sqlscore_survey_serialize(NULL, &bytes, &n));
    BAD_CASE(100, "sqlscore_survey_serialize", sqlscore_survey_serialize(s, NULL, &n));
    BAD_CASE(101, "sqlscore_survey_serialize", sqlscore_survey_serialize(s, &bytes, NULL));
    BAD_CASE(102, "sqlscore_survey_parse", sqlscore_survey_parse(NULL, junk, sizeof junk));
    BAD_CASE(103, "sqlscore_survey_parse", sqlscore_survey_parse(&sout, NULL, 10));
    BAD_CASE_S(104, "sqlscore_survey_parse", SQLSCORE_EPARSE, sqlscore_survey_parse(&sout, junk, sizeof junk));
    BAD_CASE_S(105, "sqlscore_survey_parse", SQLSCORE_EPARSE, sqlscore_survey_parse(&sout, junk, 0));
    BAD_CASE(106, "sqlscore_enps_result_new", sqlscore_enps_result_new(NULL, 1, 1, 1, 0.95, 0));
    BAD_CASE(107, "sqlscore_enps_result_new", sqlscore_enps_result_new(&rout, 1, 1, 1, NAN, 0));
    BAD_CASE(108, "sqlscore_enps_result_new", sqlscore_enps_result_new(&rout, 1, 1, 1, 0.95, 2));
    BAD_CASE(109, "sqlscore_enps_result_new", sqlscore_enps_result_new(&rout, 1, 1, 1, 0.95, -1));
    BAD_CASE_S(110, "sqlscore_enps_result_new", SQLSCORE_ERANGE, sqlscore_enps_result_new(&rout, 1, 1, 1, 0, 0));
    BAD_CASE_S(111, "sqlscore_enps_result_new", SQLSCORE_ERANGE, sqlscore_enps_result_new(&rout, 1, 1, 1, 1, 0));
    BAD_CASE_S(112, "sqlscore_enps_result_new", SQLSCORE_ERANGE, sqlscore_enps_result_new(&rout, 1, 1, 1, INFINITY, 0));
    BAD_CASE_S(113, "sqlscore_enps_result_new", SQLSCORE_ERANGE, sqlscore_enps_result_new(&rout, UINT64_MAX, 1, 1, 0.95, 0));
    BAD_CASE(114, "sqlscore_enps_result_n", sqlscore_enps_result_n(NULL, &u1, &u2, &i32));
    BAD_CASE(115, "sqlscore_enps_result_counts", sqlscore_enps_result_counts(NULL, &u1, &u2, &u3));
    BAD_CASE(116, "sqlscore_enps_result_score", sqlscore_enps_result_score(NULL, &d1, &i32));
    BAD_CASE(117, "sqlscore_enps_result_spread", sqlscore_enps_result_spread(NULL, &d1, &d2, &d3));
    BAD_CASE(118, "sqlscore_enps_result_interval", sqlscore_enps_result_interval(NULL, 0, &d1, &d2));
    BAD_CASE(119, "sqlscore_enps_result_interval", sqlscore_enps_result_interval(r, 2, &d1, &d2));
    BAD_CASE(120, "sqlscore_enps_result_interval", sqlscore_enps_result_interval(r, -1, &d1, &d2));
    BAD_CASE(121, "sqlscore_enps_compare", sqlscore_enps_compare(NULL, r, &d1, &d2, &d3, &d4, &d5));
    BAD_CASE(122, "sqlscore_enps_compare", sqlscore_enps_compare(r, NULL, &d1, &d2, &d3, &d4, &d5));
    BAD_CASE_S(123, "sqlscore_enps_compare", SQLSCORE_EINCOMPATIBLE,
               sqlscore_enps_compare(r, x->r90, &d1, &d2, &d3, &d4, &d5));
    BAD_CASE(124, "sqlscore_pulse_new", sqlscore_pulse_new(NULL, SQLSCORE_PULSE_WEEKLY));
    BAD_CASE(125, "sqlscore_pulse_new", sqlscore_pulse_new(&pout, 4));
    BAD_CASE(126, "sqlscore_pulse_new", sqlscore_pulse_new(&pout, -1));
    BAD_CASE(127, "sqlscore_pulse_set_threshold", sqlscore_pulse_set_threshold(NULL, 5));
    BAD_CASE_S(128, "sqlscore_pulse_set_threshold", SQLSCORE_ERANGE, sqlscore_pulse_set_threshold(pq, 2));
    BAD_CASE_S(129, "sqlscore_pulse_set_threshold", SQLSCORE_ERANGE, sqlscore_pulse_set_threshold(pq, INT32_MIN));
    BAD_CASE_S(130, "sqlscore_pulse_set_threshold", SQLSCORE_ESTATE, sqlscore_pulse_set_threshold(p, 5));
    BAD_CASE(131, "sqlscore_pulse_add_question", sqlscore_pulse_add_question(NULL, "q", "t", 0));
    BAD_CASE(132, "sqlscore_pulse_add_question", sqlscore_pulse_add_question(pq, NULL, "t", 0));
    BAD_CASE(133, "sqlscore_pulse_add_question", sqlscore_pulse_add_question(pq, "q", NULL, 0));
    BAD_CASE(134, "sqlscore_pulse_add_question", sqlscore_pulse_add_question(pq, "", "t", 0));
    BAD_CASE(135, "sqlscore_pulse_add_question", sqlscore_pulse_add_question(pq, "q\xC3", "t", 0));
    BAD_CASE(136, "sqlscore_pulse_add_question", sqlscore_pulse_add_question(pq, "q", "t\xE2\x82", 0));
    BAD_CASE(137, "sqlscore_pulse_add_question", sqlscore_pulse_add_question(pq, "q", "t", 2));
    BAD_CASE(138, "sqlscore_pulse_add_question", sqlscore_pulse_add_question(pq, "q", "t", -1));
    BAD_CASE_S(139, "sqlscore_pulse_add_question", SQLSCORE_EEXIST, sqlscore_pulse_add_question(pq, "heard", "t", 1));
    BAD_CASE_S(140, "sqlscore_pulse_add_question", SQLSCORE_ESTATE, sqlscore_pulse_add_question(p, "q", "t", 1));
    BAD_CASE(141, "sqlscore_pulse_question_count", sqlscore_pulse_question_count(NULL, &n));
    BAD_CASE(142, "sqlscore_pulse_question_count", sqlscore_pulse_question_count(p, NULL));
    BAD_CASE(143, "sqlscore_pulse_question_at", sqlscore_pulse_question_at(NULL, 0, &str, &str2, &i32));
    BAD_CASE_S(144, "sqlscore_pulse_question_at", SQLSCORE_ENOTFOUND, sqlscore_pulse_question_at(p, 2, &str, &str2, &i32));
    BAD_CASE_S(145, "sqlscore_pulse_question_at", SQLSCORE_ENOTFOUND, sqlscore_pulse_question_at(p, SIZE_MAX, &str, &str2, &i32));
    BAD_CASE(146, "sqlscore_pulse_set_invited", sqlscore_pulse_set_invited(NULL, "Sales", BAD_T0, 5));
    BAD_CASE(147, "sqlscore_pulse_set_invited", sqlscore_pulse_set_invited(p, "Sa\xC3", BAD_T0, 5));
    BAD_CASE_S(148, "sqlscore_pulse_set_invited", SQLSCORE_ERANGE, sqlscore_pulse_set_invited(p, "Sales", BAD_T0, -1));
    BAD_CASE_S(149, "sqlscore_pulse_set_invited", SQLSCORE_ERANGE, sqlscore_pulse_set_invited(p, "Sales", BAD_T0, INT64_MIN));
    BAD_CASE_S(150, "sqlscore_pulse_set_invited", SQLSCORE_ERANGE, sqlscore_pulse_set_invited(p, "Sales", INT64_MAX, 5));
    BAD_CASE(151, "sqlscore_pulse_add_response", sqlscore_pulse_add_response(NULL, "Sales", BAD_T0, pans, 2));
    BAD_CASE(152, "sqlscore_pulse_add_response", sqlscore_pulse_add_response(p, "Sales", BAD_T0, NULL, 2));
    BAD_CASE(153, "sqlscore_pulse_add_response", sqlscore_pulse_add_response(p, "Sales", BAD_T0, pans, 1));
    BAD_CASE(154, "sqlscore_pulse_add_response", sqlscore_pulse_add_response(p, "Sales", BAD_T0, pans, 3));
    BAD_CASE(155, "sqlscore_pulse_add_response", sqlscore_pulse_add_response(p, "Sales", BAD_T0, pans_bad_enps, 2));
    BAD_CASE(156, "sqlscore_pulse_add_response", sqlscore_pulse_add_response(p, "Sales", BAD_T0, pans_bad_lik, 2));
    BAD_CASE(157, "sqlscore_pulse_add_response", sqlscore_pulse_add_response(p, "Sales", BAD_T0, pans_bad_lik0, 2));
    BAD_CASE(158, "sqlscore_pulse_add_response", sqlscore_pulse_add_response(p, "Sales", BAD_T0, pans_neg, 2));
    BAD_CASE(159, "sqlscore_pulse_add_response", sqlscore_pulse_add_response(p, "S\xC3", BAD_T0, pans, 2));
    BAD_CASE_S(160, "sqlscore_pulse_add_response", SQLSCORE_ERANGE, sqlscore_pulse_add_response(p, "Sales", INT64_MAX, pans, 2));
    BAD_CASE(161, "sqlscore_pulse_response_rate", sqlscore_pulse_response_rate(NULL, NULL, BAD_T0, &i1, &i2, &d1));
    BAD_CASE(162, "sqlscore_pulse_response_rate", sqlscore_pulse_response_rate(p, "\xC3", BAD_T0, &i1, &i2, &d1));
    BAD_CASE_S(163, "sqlscore_pulse_response_rate", SQLSCORE_ENOTFOUND, sqlscore_pulse_response_rate(p, "Ops", BAD_T0, &i1, &i2, &d1));
    BAD_CASE_S(164, "sqlscore_pulse_response_rate", SQLSCORE_ERANGE, sqlscore_pulse_response_rate(p, NULL, INT64_MAX, &i1, &i2, &d1));
    BAD_CASE(165, "sqlscore_pulse_question", sqlscore_pulse_question(NULL, "heard", NULL, BAD_T0, &i1, &d1, &d2));
    BAD_CASE(166, "sqlscore_pulse_question", sqlscore_pulse_question(p, NULL, NULL, BAD_T0, &i1, &d1, &d2));
    BAD_CASE(167, "sqlscore_pulse_question", sqlscore_pulse_question(p, "he\xC3", NULL, BAD_T0, &i1, &d1, &d2));
    BAD_CASE(168, "sqlscore_pulse_question", sqlscore_pulse_question(p, "heard", "\xFF", BAD_T0, &i1, &d1, &d2));
    BAD_CASE_S(169, "sqlscore_pulse_question", SQLSCORE_ENOTFOUND, sqlscore_pulse_question(p, "nosuch", NULL, BAD_T0, &i1, &d1, &d2));
    BAD_CASE_S(170, "sqlscore_pulse_question", SQLSCORE_ENOTFOUND, sqlscore_pulse_question(p, "heard", "Ops", BAD_T0, &i1, &d1, &d2));
    BAD_CASE_S(171, "sqlscore_pulse_question", SQLSCORE_ERANGE, sqlscore_pulse_question(p, "heard", NULL, INT64_MAX, &i1, &d1, &d2));
    BAD_CASE(172, "sqlscore_pulse_enps", sqlscore_pulse_enps(NULL, "enps", NULL, BAD_T0, &rout));
    BAD_CASE(173, "sqlscore_pulse_enps", sqlscore_pulse_enps(p, NULL, NULL, BAD_T0, &rout));
    BAD_CASE(174, "sqlscore_pulse_enps", sqlscore_pulse_enps(p, "enps", NULL, BAD_T0, NULL));
    BAD_CASE(175, "sqlscore_pulse_enps", sqlscore_pulse_enps(p, "en\xC3", NULL, BAD_T0, &rout));
    BAD_CASE(176, "sqlscore_pulse_enps", sqlscore_pulse_enps(p, "enps", "\xC3", BAD_T0, &rout));
    BAD_CASE_S(177, "sqlscore_pulse_enps", SQLSCORE_ENOTFOUND, sqlscore_pulse_enps(p, "nosuch", NULL, BAD_T0, &rout));
    BAD_CASE_S(178, "sqlscore_pulse_enps", SQLSCORE_ETYPE, sqlscore_pulse_enps(p, "heard", NULL, BAD_T0, &rout));
    BAD_CASE_S(179, "sqlscore_pulse_enps", SQLSCORE_ERANGE, sqlscore_pulse_enps(p, "enps", NULL, INT64_MAX, &rout));
    BAD_CASE(180, "sqlscore_survey_add_batch_width", sqlscore_survey_add_batch_width(NULL, ans, 2, NULL, 1, tms, NULL, NULL));
    BAD_CASE(181, "sqlscore_survey_add_batch_width", sqlscore_survey_add_batch_width(s, NULL, 2, NULL, 1, tms, NULL, NULL));
    BAD_CASE(182, "sqlscore_survey_add_batch_width", sqlscore_survey_add_batch_width(s, ans_bad, 2, seg8, 1, tms, NULL, NULL));
    BAD_CASE(183, "sqlscore_survey_add_batch_width", sqlscore_survey_add_batch_width(s, ans, 2, seg8_bad, 1, tms, NULL, NULL));
    BAD_CASE(184, "sqlscore_survey_add_batch_width", sqlscore_survey_add_batch_width(s, ans, 2, seg16_bad, 2, tms, NULL, NULL));
    BAD_CASE(185, "sqlscore_survey_add_batch_width", sqlscore_survey_add_batch_width(s, ans, 2, seg8, 3, tms, NULL, NULL));
    BAD_CASE(186, "sqlscore_survey_add_batch_width", sqlscore_survey_add_batch_width(s, ans, 0, seg8, 0, tms, NULL, NULL));
    BAD_CASE(187, "sqlscore_survey_add_batch_width", sqlscore_survey_add_batch_width(s, ans, 2, NULL, 2, NULL, NULL, NULL));
    default:
        ck_abort_msg("no bad-input case %d", which);
        return 0;
    }
#undef BAD_CASE
#undef BAD_CASE_S
    ck_assert_ptr_eq(sout, BAD_SENT);
    ck_assert_ptr_eq(rout, BAD_SENT);
    ck_assert_ptr_eq(pout, BAD_SENT);
    ck_assert_ptr_eq(bytes, BAD_SENT);
    ck_assert_ptr_eq(str, BAD_SENT);
    ck_assert_ptr_eq(str2, BAD_SENT);
    ck_assert(u32 == 7 && u1 == 7 && u2 == 7 && u3 == 7 && i1 == 7 && i2 == 7 && i32 == 7);
    ck_assert(d1 == 7.0 && d2 == 7.0 && d3 == 7.0 && d4 == 7.0 && d5 == 7.0);
    ck_assert(n == 7);
    (void)bad;
    return rc;
}
#define BAD_SURVEY_N 188

START_TEST(badinput_survey)
{
    struct bad_survey x;
    char before[HARD_DUMP_SIZE], after[HARD_DUMP_SIZE];
    const char *fn = "?";
    long live;
    int rc, want = SQLSCORE_EINVAL;

    memset(&x, 0, sizeof x);
    bad_survey_setup(&x);
    bad_survey_dump(&x, before);
    live = sqlscore_test_alloc_live();
    sqlscore_error_clear();
    rc = bad_survey_call(_i, &x, &fn, &want);
    bad_assert_refused(_i, fn, rc, want, live);
    bad_survey_dump(&x, after);
    ck_assert_str_eq(after, before);
    bad_survey_teardown(&x);
}
END_TEST

/* Merging shards configured differently in one respect each: refused with
 * EINCOMPATIBLE, and neither the target nor the source changes. */
START_TEST(badinput_survey_merge_configs)
{
    struct bad_survey x;
    sqlscore_survey *src = NULL;
    char before[HARD_DUMP_SIZE], after[HARD_DUMP_SIZE];
    char sb[HARD_DUMP_SIZE], sa[HARD_DUMP_SIZE];
    long live;

    memset(&x, 0, sizeof x);
    bad_survey_setup(&x);
    ck_assert_ok(sqlscore_survey_new(&src));
    ck_assert_ok(sqlscore_survey_set_period(src, SQLSCORE_PERIOD_MONTH, 0));
    switch (_i) {
    case 0: ck_assert_ok(sqlscore_survey_set_threshold(src, 6)); break;
    case 1: ck_assert_ok(sqlscore_survey_set_scale(src, 0, 10, 5, 9)); break;
    case 2: ck_assert_ok(sqlscore_survey_set_scale(src, 1, 5, 2, 5)); break;
    case 3: ck_assert_ok(sqlscore_survey_set_missing(src, SQLSCORE_SURVEY_MISSING_PASSIVE)); break;
    case 4: ck_assert_ok(sqlscore_survey_set_confidence(src, 0.9)); break;
    case 5: ck_assert_ok(sqlscore_survey_set_rounding(src, SQLSCORE_ROUND_HALF_UP)); break;
    case 6: ck_assert_ok(sqlscore_survey_set_period(src, SQLSCORE_PERIOD_QUARTER, 0)); break;
    case 7: ck_assert_ok(sqlscore_survey_set_period(src, SQLSCORE_PERIOD_DAYS, 30)); break;
    case 8: ck_assert_ok(sqlscore_survey_set_dedup(src, 1)); break;
    default: ck_abort_msg("no merge case %d", _i);
    }
    ck_assert_ok(sqlscore_survey_add(src, 5, "Sales", BAD_T0 + 3600, "r-1"));
    ck_assert_ok(sqlscore_survey_add(src, 5, "Ops", BAD_FEB + 3600, "r-2"));
    bad_survey_dump(&x, before);
    sb[0] = '\0';
    bad_survey_bytes(src, sb);
    live = sqlscore_test_alloc_live();
    ck_assert_status(sqlscore_survey_merge(x.s, src), SQLSCORE_EINCOMPATIBLE,
                     "sqlscore_survey_merge");
    ck_assert_status(sqlscore_survey_merge(src, x.s), SQLSCORE_EINCOMPATIBLE,
                     "sqlscore_survey_merge");
    ck_assert_int_eq(sqlscore_test_alloc_live(), live);
    bad_survey_dump(&x, after);
    ck_assert_str_eq(after, before);
    sa[0] = '\0';
    bad_survey_bytes(src, sa);
    ck_assert_str_eq(sa, sb);
    sqlscore_survey_free(src);
    bad_survey_teardown(&x);
}
END_TEST
#define BAD_MERGE_N 9

/* A lead whose history belongs to another funnel: every function that
 * reads or extends the history refuses it, and nothing changes. */
START_TEST(badinput_funnel_other_history)
{
    sqlscore_funnel *pipe = bad_funnel_builder(), *def = NULL;
    sqlscore_funnel_metrics *m = NULL;
    sqlscore_attribution *a = NULL;
    sqlscore_lead *l = hard_full_lead();
    const sqlscore_lead *leads[1];
    char lb[HARD_DUMP_SIZE], la[HARD_DUMP_SIZE], mb[HARD_DUMP_SIZE], ma[HARD_DUMP_SIZE];
    size_t sz[4];
    int32_t stale = 7;
    long live;

    ck_assert_ok(sqlscore_funnel_build(pipe));
    ck_assert_ok(sqlscore_funnel_new_default(&def));
    ck_assert_ok(sqlscore_lead_stage_move(l, pipe, "lead", BAD_T0, 0, 0, NULL));
    ck_assert_ok(sqlscore_funnel_metrics_new(&m, def, BAD_T0 - BAD_DAY, BAD_T0 + BAD_DAY,
                                             BAD_T0 + BAD_DAY));
    ck_assert_ok(sqlscore_attribution_new(&a));
    leads[0] = l;
    bad_stage_dump(l, lb);
    bad_metrics_dump(m, 9, mb);
    live = sqlscore_test_alloc_live();
    ck_assert_status(sqlscore_lead_stage_move(l, def, "mql", BAD_T0 + 1, 0, 0, NULL),
                     SQLSCORE_EINCOMPATIBLE, "sqlscore_lead_stage_move");
    ck_assert_status(sqlscore_lead_stage_stale(l, def, BAD_T0 + 1, &stale),
                     SQLSCORE_EINCOMPATIBLE, "sqlscore_lead_stage_stale");
    ck_assert_int_eq(stale, 7);
    ck_assert_status(sqlscore_funnel_metrics_add_lead(m, l), SQLSCORE_EINCOMPATIBLE,
                     "sqlscore_funnel_metrics_add_lead");
    ck_assert_status(sqlscore_funnel_metrics_add_leads(m, leads, 1), SQLSCORE_EINCOMPATIBLE,
                     "sqlscore_funnel_metrics_add_leads");
    ck_assert_status(sqlscore_attribution_add_lead(a, l, def), SQLSCORE_EINCOMPATIBLE,
                     "sqlscore_attribution_add_lead");
    ck_assert_int_eq(sqlscore_test_alloc_live(), live);
    ck_assert_ok(sqlscore_attribution_sizes(a, &sz[0], &sz[1], &sz[2], &sz[3]));
    ck_assert(sz[0] == 0 && sz[1] == 0 && sz[2] == 0 && sz[3] == 0);
    bad_stage_dump(l, la);
    ck_assert_str_eq(la, lb);
    bad_metrics_dump(m, 9, ma);
    ck_assert_str_eq(ma, mb);
    sqlscore_attribution_free(a);
    sqlscore_funnel_metrics_free(m);
    sqlscore_lead_free(l);
    sqlscore_funnel_free(def);
    sqlscore_funnel_free(pipe);
}
END_TEST

/* Batch calls name the first bad element through bad_index (documented to
 * be written on those failures) and count nothing. */
START_TEST(badinput_batch_bad_index)
{
    static const uint8_t ans_bad[] = { 9, 10, 11, 12 };
    static const uint32_t seg_bad[] = { 0, 0, 7, 0 };
    static const uint8_t ans[] = { 9, 10, 8, 0 };
    static const int64_t tms[] = { BAD_T0, BAD_T0, BAD_T0, BAD_T0 };
    static const int64_t ent[] = { 0, 0, 1, 1 };
    static const int32_t stg[] = { 0, 1, 0, 99 };
    static const int64_t back[] = { BAD_T0, BAD_T0 - 1, BAD_T0, BAD_T0 };
    struct bad_survey x;
    sqlscore_funnel *f = NULL;
    sqlscore_funnel_metrics *m = NULL;
    char before[HARD_DUMP_SIZE], after[HARD_DUMP_SIZE];
    size_t bad = 77;

    memset(&x, 0, sizeof x);
    bad_survey_setup(&x);
    bad_survey_dump(&x, before);
    ck_assert_status(sqlscore_survey_add_batch(x.s, ans_bad, 4, NULL, tms, NULL, &bad),
                     SQLSCORE_EINVAL, "sqlscore_survey_add_batch");
    ck_assert_uint_eq(bad, 2);
    bad = 77;
    ck_assert_status(sqlscore_survey_add_batch(x.s, ans, 4, seg_bad, tms, NULL, &bad),
                     SQLSCORE_EINVAL, "sqlscore_survey_add_batch");
    ck_assert_uint_eq(bad, 2);
    bad_survey_dump(&x, after);
    ck_assert_str_eq(after, before);
    bad_survey_teardown(&x);

    ck_assert_ok(sqlscore_funnel_new_default(&f));
    ck_assert_ok(sqlscore_funnel_metrics_new(&m, f, BAD_T0 - BAD_DAY, BAD_T0 + BAD_DAY,
                                             BAD_T0 + BAD_DAY));
    bad_metrics_dump(m, 9, before);
    bad = 77;
    ck_assert_status(sqlscore_funnel_metrics_add_log(m, ent, stg, tms, 4, 0, &bad),
                     SQLSCORE_EINVAL, "sqlscore_funnel_metrics_add_log");
    ck_assert_uint_eq(bad, 3);
    bad = 77;
    ck_assert_status(sqlscore_funnel_metrics_add_log(m, ent, stg, back, 2, 0, &bad),
                     SQLSCORE_ESTATE, "sqlscore_funnel_metrics_add_log");
    ck_assert_uint_eq(bad, 1);
    bad_metrics_dump(m, 9, after);
    ck_assert_str_eq(after, before);
    sqlscore_funnel_metrics_free(m);
    sqlscore_funnel_free(f);
}
END_TEST

/* Empty conditions and group names are EINVAL (as documented), not a parse
 * error or "no such group"; an empty pulse question text is refused too.
 * Nothing is added by any of these calls. */
START_TEST(documented_empty_arguments)
{
    sqlscore_criteria *b;
    sqlscore_pulse *p;
    size_t n = 99;
    char *text;
    ck_assert_ok(sqlscore_criteria_new(&b, "empty-args", 1));
    ck_assert_ok(sqlscore_criteria_add_group(b, "web", 10));
    ck_assert_status(sqlscore_criteria_add_fit(b, "r", "", 1, 0, NULL), SQLSCORE_EINVAL,
                     "sqlscore_criteria_add_fit: rule 'r': predicate is empty");
    ck_assert_status(sqlscore_criteria_add_fit(b, "r", "x > 1", 1, 0, ""), SQLSCORE_EINVAL,
                     "sqlscore_criteria_add_fit: group is empty");
    ck_assert_status(sqlscore_criteria_add_fit(b, "r", "x > 1", 1, 0, "web\xC3"),
                     SQLSCORE_EINVAL, "sqlscore_criteria_add_fit: group is not valid UTF-8");
    ck_assert_status(sqlscore_criteria_add_engagement(b, "e", "page_view", "", 1, 0, 0,
                                                      SQLSCORE_DECAY_NONE, 0, 0, NULL),
                     SQLSCORE_EINVAL, "predicate is empty");
    ck_assert_status(sqlscore_criteria_add_disqualifier(b, "d", ""), SQLSCORE_EINVAL,
                     "sqlscore_criteria_add_disqualifier: rule 'd': predicate is empty");
    ck_assert_status(sqlscore_criteria_add_gate(b, "g", ""), SQLSCORE_EINVAL,
                     "sqlscore_criteria_add_gate: rule 'g': predicate is empty");
    /* Still usable, and none of the refused rules is in it. */
    ck_assert_ok(sqlscore_criteria_add_fit(b, "r", "x > 1", 1, 0, "web"));
    ck_assert_ok(sqlscore_criteria_set_mql(b, 1, SQLSCORE_GRADE_NONE));
    ck_assert_ok(sqlscore_criteria_set_sql(b, 2, SQLSCORE_GRADE_NONE));
    ck_assert_ok(sqlscore_criteria_build(b));
    ck_assert_ok(sqlscore_criteria_write(b, &text));
    ck_assert_ptr_null(strstr(text, "\"e\""));
    ck_assert_ptr_null(strstr(text, "\"d\""));
    ck_assert_ptr_null(strstr(text, "\"g\""));
    ck_assert_ptr_nonnull(strstr(text, "fit \"r\""));
    sqlscore_buffer_free(text);
    sqlscore_criteria_free(b);

    ck_assert_ok(sqlscore_pulse_new(&p, SQLSCORE_PULSE_MONTHLY));
    ck_assert_status(sqlscore_pulse_add_question(p, "q", "", SQLSCORE_PULSE_QUESTION_LIKERT),
                     SQLSCORE_EINVAL, "sqlscore_pulse_add_question: text is empty");
    ck_assert_ok(sqlscore_pulse_question_count(p, &n));
    ck_assert_uint_eq(n, 0);
    sqlscore_pulse_free(p);
}
END_TEST

/* Errors from the metric functions name the function the caller called,
 * even when the failure is found in the spend conversion underneath. */
START_TEST(metric_errors_name_the_called_function)
{
    sqlscore_campaign *c;
    int64_t n = 7, d = 7, v = 7;
    ck_assert_ok(sqlscore_campaign_new(&c, "c1", "Webinar", "EUR"));
    ck_assert_ok(sqlscore_campaign_add_spend(c, 10000, "USD", SQLSCORE_SPEND_MARKETING, 0));
    ck_assert_ok(sqlscore_campaign_set_counts(c, 10, 5, 2, 1));
    sqlscore_error_clear();
    ck_assert_int_eq(sqlscore_campaign_metric(c, SQLSCORE_METRIC_CPSQL, NULL,
                                              SQLSCORE_ROUND_HALF_EVEN, &n, &d),
                     SQLSCORE_EINCOMPATIBLE);
    ck_assert_msg(strncmp(sqlscore_error_message(), "sqlscore_campaign_metric: ", 26) == 0,
                  "detail '%s'", sqlscore_error_message());
    ck_assert_int_eq(sqlscore_campaign_metric_rounded(c, SQLSCORE_METRIC_CPSQL, NULL,
                                                      SQLSCORE_ROUND_HALF_EVEN, &v),
                     SQLSCORE_EINCOMPATIBLE);
    ck_assert_msg(strncmp(sqlscore_error_message(), "sqlscore_campaign_metric_rounded: ", 34) == 0,
                  "detail '%s'", sqlscore_error_message());
    ck_assert_status(sqlscore_campaign_metric_rounded(NULL, SQLSCORE_METRIC_CPSQL, NULL,
                                                      SQLSCORE_ROUND_HALF_EVEN, &v),
                     SQLSCORE_EINVAL, "sqlscore_campaign_metric_rounded: campaign is NULL");
    ck_assert_status(sqlscore_campaign_metric_rounded(c, 8, NULL, SQLSCORE_ROUND_HALF_EVEN, &v),
                     SQLSCORE_EINVAL, "sqlscore_campaign_metric_rounded: unknown metric 8");
    ck_assert_int_eq(n, 7);
    ck_assert_int_eq(d, 7);
    ck_assert_int_eq(v, 7);
    sqlscore_campaign_free(c);
}
END_TEST

/* Wrappers report under their own name: the decimal-rate setter and the
 * lead-to-SQL conversion used to name the function they delegate to. */
START_TEST(wrappers_name_themselves)
{
    sqlscore_rates *r;
    sqlscore_funnel *f;
    sqlscore_funnel_metrics *m;
    int64_t conv = 7, base = 7;
    double rate = 7;
    ck_assert_ok(sqlscore_rates_new(&r));
    sqlscore_error_clear();
    ck_assert_int_eq(sqlscore_rates_set_text(r, NULL, "EUR", 0, "1.08"), SQLSCORE_EINVAL);
    ck_assert_msg(strncmp(sqlscore_error_message(), "sqlscore_rates_set_text: ", 25) == 0,
                  "detail '%s'", sqlscore_error_message());
    ck_assert_status(sqlscore_rates_set_text(r, "EUR", "EUR", 0, "1.08"), SQLSCORE_EINVAL,
                     "sqlscore_rates_set_text: rate from EUR to itself");
    sqlscore_rates_free(r);

    ck_assert_ok(sqlscore_funnel_new_default(&f));
    ck_assert_ok(sqlscore_funnel_metrics_new(&m, f, 0, 86400, 86400));
    ck_assert_status(sqlscore_funnel_metrics_lead_to_sql(m, 2, &conv, &base, &rate),
                     SQLSCORE_EINVAL, "sqlscore_funnel_metrics_lead_to_sql: unknown basis 2");
    ck_assert_status(sqlscore_funnel_metrics_lead_to_sql(m, -1, &conv, &base, &rate),
                     SQLSCORE_EINVAL, "sqlscore_funnel_metrics_lead_to_sql: unknown basis -1");
    ck_assert_int_eq(conv, 7);
    ck_assert_int_eq(base, 7);
    ck_assert(rate == 7);
    sqlscore_funnel_metrics_free(m);
    sqlscore_funnel_free(f);
}
END_TEST

/* A respondent id must be valid UTF-8 whether or not de-duplication uses
 * it, in the single and the batch call alike; nothing is counted. */
START_TEST(respondent_ids_are_checked_without_dedup)
{
    sqlscore_survey *s;
    sqlscore_enps_result *r;
    const uint8_t answers[3] = { 10, 9, 3 };
    const char *resp[3] = { "a", NULL, "b\xC3" };
    size_t bad = 99;
    uint64_t n = 0, skipped = 9;
    int32_t suppressed = 9;
    ck_assert_ok(sqlscore_survey_new(&s));
    ck_assert_status(sqlscore_survey_add(s, 10, NULL, SQLSCORE_SURVEY_ALL_TIME, "x\xC3"),
                     SQLSCORE_EINVAL, "not valid UTF-8");
    ck_assert_status(sqlscore_survey_add_batch(s, answers, 3, NULL, NULL, resp, &bad),
                     SQLSCORE_EINVAL,
                     "sqlscore_survey_add_batch: respondent at index 2 is not valid UTF-8");
    ck_assert_uint_eq(bad, 2);
    ck_assert_ok(sqlscore_survey_add_batch(s, answers, 2, NULL, NULL, resp, &bad));
    ck_assert_ok(sqlscore_survey_result(s, NULL, SQLSCORE_SURVEY_ALL_TIME, &r));
    ck_assert_ok(sqlscore_enps_result_n(r, &n, &skipped, &suppressed));
    ck_assert_uint_eq(n, 2);   /* only the accepted batch of two */
    ck_assert_uint_eq(skipped, 0);
    sqlscore_enps_result_free(r);
    sqlscore_survey_free(s);
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
    tcase_add_test(tc, badinput_detail_wraps_itself);
    suite_add_tcase(s, tc);
    tc = tcase_create("qualification");
    tcase_add_loop_test(tc, badinput_lead, 0, BAD_LEAD_N);
    tcase_add_test(tc, badinput_lead_missing_and_mistyped);
    tcase_add_test(tc, badinput_lead_extremes_stored_exactly);
    tcase_add_loop_test(tc, badinput_criteria, 0, BAD_CRITERIA_N);
    tcase_add_test(tc, badinput_criteria_mismatch);
    suite_add_tcase(s, tc);
    tc = tcase_create("funnel");
    tcase_add_loop_test(tc, badinput_funnel, 0, BAD_FUNNEL_N);
    tcase_add_test(tc, badinput_funnel_other_history);
    suite_add_tcase(s, tc);
    tc = tcase_create("cpsql");
    tcase_add_test(tc, badinput_money);
    tcase_add_loop_test(tc, badinput_cpsql, 0, BAD_CPSQL_N);
    suite_add_tcase(s, tc);
    tc = tcase_create("survey");
    tcase_add_loop_test(tc, badinput_survey, 0, BAD_SURVEY_N);
    tcase_add_loop_test(tc, badinput_survey_merge_configs, 0, BAD_MERGE_N);
    tcase_add_test(tc, badinput_batch_bad_index);
    tcase_add_test(tc, documented_empty_arguments);
    tcase_add_test(tc, metric_errors_name_the_called_function);
    tcase_add_test(tc, wrappers_name_themselves);
    tcase_add_test(tc, respondent_ids_are_checked_without_dedup);
    suite_add_tcase(s, tc);
    return s;
}
