/*
 * test_common.c - version, status codes, error detail, allocator hook, UTF-8
 * and checked-integer helpers.
 */
#include "testutil.h"
#include "internal.h"

#include <limits.h>
#include <pthread.h>
#include <stdio.h>

START_TEST(version_header_library_configure_agree)
{
    unsigned maj, min, pat;
    char buf[32];

    ck_assert_uint_eq(sqlscore_version_number(), SQLSCORE_VERSION_NUMBER);
    ck_assert_str_eq(sqlscore_version_string(), SQLSCORE_VERSION_STRING);
    ck_assert_str_eq(sqlscore_version_string(), PACKAGE_VERSION_FROM_CONFIGURE);
    /* The number is 0xMMmmpp of the string, computed a second way. */
    ck_assert_int_eq(sscanf(SQLSCORE_VERSION_STRING, "%u.%u.%u", &maj, &min, &pat), 3);
    ck_assert_uint_eq(sqlscore_version_number(), (maj << 16) | (min << 8) | pat);
    ck_assert_uint_eq(maj, SQLSCORE_VERSION_MAJOR);
    ck_assert_uint_eq(min, SQLSCORE_VERSION_MINOR);
    ck_assert_uint_eq(pat, SQLSCORE_VERSION_PATCH);
    snprintf(buf, sizeof buf, "%d.%d.%d", SQLSCORE_VERSION_MAJOR,
             SQLSCORE_VERSION_MINOR, SQLSCORE_VERSION_PATCH);
    ck_assert_str_eq(buf, SQLSCORE_VERSION_STRING);
}
END_TEST

START_TEST(version_at_least)
{
    ck_assert(SQLSCORE_VERSION_AT_LEAST(SQLSCORE_VERSION_MAJOR,
                                        SQLSCORE_VERSION_MINOR,
                                        SQLSCORE_VERSION_PATCH));
    ck_assert(SQLSCORE_VERSION_AT_LEAST(0, 99, 99));
    ck_assert(!SQLSCORE_VERSION_AT_LEAST(SQLSCORE_VERSION_MAJOR + 1, 0, 0));
    ck_assert(!SQLSCORE_VERSION_AT_LEAST(SQLSCORE_VERSION_MAJOR,
                                         SQLSCORE_VERSION_MINOR,
                                         SQLSCORE_VERSION_PATCH + 1));
}
END_TEST

START_TEST(strerror_names_every_code)
{
    static const int codes[] = {
        SQLSCORE_OK, SQLSCORE_EINVAL, SQLSCORE_ENOMEM, SQLSCORE_ERANGE,
        SQLSCORE_EPARSE, SQLSCORE_EUNDEFINED, SQLSCORE_ETRANSITION,
        SQLSCORE_ESUPPRESSED, SQLSCORE_ENOTFOUND, SQLSCORE_EINCOMPATIBLE,
        SQLSCORE_EBUFSIZE, SQLSCORE_ETYPE, SQLSCORE_EEXIST, SQLSCORE_ESTATE,
    };
    size_t i, j, n = sizeof codes / sizeof codes[0];

    /* Frozen values: a change here is an ABI break. */
    ck_assert_int_eq(SQLSCORE_EINVAL, -1);
    ck_assert_int_eq(SQLSCORE_ENOMEM, -2);
    ck_assert_int_eq(SQLSCORE_EUNDEFINED, -5);
    ck_assert_int_eq(SQLSCORE_EBUFSIZE, -10);
    ck_assert_int_eq(SQLSCORE_ESTATE, -13);
    for (i = 0; i < n; i++) {
        ck_assert_ptr_nonnull(sqlscore_strerror(codes[i]));
        ck_assert_str_ne(sqlscore_strerror(codes[i]), "unknown error");
        for (j = 0; j < i; j++)
            ck_assert_str_ne(sqlscore_strerror(codes[i]), sqlscore_strerror(codes[j]));
    }
    ck_assert_str_eq(sqlscore_strerror(SQLSCORE_ENOMEM), "out of memory");
    ck_assert_str_eq(sqlscore_strerror(1), "unknown error");
    ck_assert_str_eq(sqlscore_strerror(-14), "unknown error");
    ck_assert_str_eq(sqlscore_strerror(INT_MIN), "unknown error");
    ck_assert_str_eq(sqlscore_strerror(INT_MAX), "unknown error");
}
END_TEST

static int dummy_free_called;
static void *dummy_malloc(size_t n) { (void)n; return NULL; }
static void dummy_free(void *p) { (void)p; dummy_free_called++; }

START_TEST(error_detail_set_and_clear)
{
    sqlscore_error_clear();
    ck_assert_int_eq(sqlscore_error_code(), SQLSCORE_OK);
    ck_assert_str_eq(sqlscore_error_message(), "");
    /* A partial allocator is refused and leaves the current one in place. */
    ck_assert_status(sqlscore_allocator_set(dummy_malloc, NULL, dummy_free),
                     SQLSCORE_EINVAL, "all three");
    ck_assert_int_eq(sqlscore_error_code(), SQLSCORE_EINVAL);
    ck_assert_ptr_nonnull(strstr(sqlscore_error_message(), "sqlscore_allocator_set"));
    /* A success does not clear the record (like errno). */
    ck_assert_ok(sqlscore_allocator_set(NULL, NULL, NULL));
    ck_assert_int_eq(sqlscore_error_code(), SQLSCORE_EINVAL);
    sqlscore_error_clear();
    ck_assert_int_eq(sqlscore_error_code(), SQLSCORE_OK);
    ck_assert_str_eq(sqlscore_error_message(), "");
    ck_assert_int_eq(dummy_free_called, 0);
    /* Reinstall the counting allocator: with CK_FORK=no (make
     * check-valgrind) the later tests run in this same process. */
    sqlscore_test_fail_after(-1);
}
END_TEST

START_TEST(error_detail_truncates_on_utf8_boundary)
{
    char big[2000];
    const char *m;
    size_t i;
    /* 2-byte characters so that a plain cut could land mid-sequence. */
    for (i = 0; i + 2 < sizeof big; i += 2) {
        big[i] = (char)0xC3;
        big[i + 1] = (char)0xA9;
    }
    big[i] = '\0';
    ck_assert_int_eq(sqlscore__fail(SQLSCORE_EPARSE, "x%s", big), SQLSCORE_EPARSE);
    m = sqlscore_error_message();
    ck_assert_uint_lt(strlen(m), 512);
    ck_assert_uint_gt(strlen(m), 400);
    ck_assert_str_eq(m + strlen(m) - 3, "...");
    ck_assert(sqlscore__utf8_valid(m, strlen(m)));
}
END_TEST

static void *other_thread(void *arg)
{
    int *seen = arg;
    seen[0] = sqlscore_error_code();
    seen[1] = (int)strlen(sqlscore_error_message());
    sqlscore__fail(SQLSCORE_ERANGE, "from the other thread");
    return NULL;
}

START_TEST(error_detail_is_per_thread)
{
    pthread_t t;
    int seen[2] = { 99, 99 };
    sqlscore__fail(SQLSCORE_EPARSE, "rules:3:14: unknown keyword 'tresh'");
    ck_assert_int_eq(pthread_create(&t, NULL, other_thread, seen), 0);
    ck_assert_int_eq(pthread_join(t, NULL), 0);
    ck_assert_int_eq(seen[0], SQLSCORE_OK);
    ck_assert_int_eq(seen[1], 0);
    ck_assert_int_eq(sqlscore_error_code(), SQLSCORE_EPARSE);
    ck_assert_str_eq(sqlscore_error_message(), "rules:3:14: unknown keyword 'tresh'");
}
END_TEST

START_TEST(allocator_hook_fails_and_counts)
{
    char *p, *q;
    long before = sqlscore_test_alloc_live();

    p = sqlscore__strdup("hello");
    ck_assert_str_eq(p, "hello");
    ck_assert_int_eq(sqlscore_test_alloc_live(), before + 1);
    sqlscore_buffer_free(p);
    ck_assert_int_eq(sqlscore_test_alloc_live(), before);
    sqlscore_buffer_free(NULL);

    sqlscore_test_fail_after(2);
    p = sqlscore__malloc(10);
    ck_assert_ptr_nonnull(p);
    sqlscore_error_clear();
    q = sqlscore__malloc(10);
    ck_assert_ptr_null(q);
    ck_assert_int_eq(sqlscore_error_code(), SQLSCORE_ENOMEM);
    ck_assert_ptr_nonnull(strstr(sqlscore_error_message(), "10 bytes"));
    sqlscore_test_alloc_reset();
    sqlscore__free(p);
    ck_assert_int_eq(sqlscore_test_alloc_live(), before);
}
END_TEST

START_TEST(calloc_and_grow_detect_overflow)
{
    void *items = NULL;
    size_t cap = 0;
    ck_assert_ptr_null(sqlscore__calloc(SIZE_MAX / 2, 4));
    ck_assert_int_eq(sqlscore_error_code(), SQLSCORE_ENOMEM);
    ck_assert_ptr_null(sqlscore__reallocarray(NULL, SIZE_MAX / 8 + 1, 8));
    ck_assert_int_eq(sqlscore__grow(&items, &cap, 3, sizeof(int)), SQLSCORE_OK);
    ck_assert_uint_eq(cap, 8);
    ck_assert_int_eq(sqlscore__grow(&items, &cap, 9, sizeof(int)), SQLSCORE_OK);
    ck_assert_uint_eq(cap, 16);
    ck_assert_int_eq(sqlscore__grow(&items, &cap, SIZE_MAX, sizeof(int)), SQLSCORE_ENOMEM);
    ck_assert_uint_eq(cap, 16);
    sqlscore__free(items);
    ck_assert_int_eq(sqlscore_test_alloc_live(), 0);
}
END_TEST

START_TEST(utf8_validation)
{
    ck_assert(sqlscore__utf8_valid("plain", 5));
    ck_assert(sqlscore__utf8_valid("K\xC3\xB6ln", 5));              /* Köln */
    ck_assert(sqlscore__utf8_valid("\xF0\x9F\x98\x80", 4));          /* U+1F600 */
    ck_assert(sqlscore__utf8_valid("\xF4\x8F\xBF\xBF", 4));          /* U+10FFFF */
    ck_assert(!sqlscore__utf8_valid("\xC0\x80", 2));                 /* overlong NUL */
    ck_assert(!sqlscore__utf8_valid("\xE0\x80\xAF", 3));             /* overlong '/' */
    ck_assert(!sqlscore__utf8_valid("\xED\xA0\x80", 3));             /* surrogate */
    ck_assert(!sqlscore__utf8_valid("\xF4\x90\x80\x80", 4));         /* > U+10FFFF */
    ck_assert(!sqlscore__utf8_valid("K\xC3", 2));                    /* truncated */
    ck_assert(!sqlscore__utf8_valid("\x80", 1));                     /* lone continuation */
    ck_assert(!sqlscore__utf8_valid("\xFF", 1));
    ck_assert_status(sqlscore__check_text("K\xC3", "fn", "name"), SQLSCORE_EINVAL,
                     "fn: name is not valid UTF-8");
    ck_assert_status(sqlscore__check_text(NULL, "fn", "name"), SQLSCORE_EINVAL,
                     "fn: name is NULL");
    ck_assert_ok(sqlscore__check_text("", "fn", "name"));
}
END_TEST

START_TEST(utf8_case_insensitive_matching)
{
    ck_assert_int_eq(sqlscore__utf8_casecmp("\xC3\x84RGER", "\xC3\xA4rger"), 0); /* ÄRGER */
    ck_assert_int_eq(sqlscore__utf8_casecmp("\xD0\x9C\xD0\x9E\xD0\xA1\xD0\x9A\xD0\x92\xD0\x90",
                                            "\xD0\xBC\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0"), 0);
    ck_assert_int_eq(sqlscore__utf8_casecmp("\xC5\x81\xC3\x93\x44\xC5\xB9", /* ŁÓDŹ */
                                            "\xC5\x82\xC3\xB3\x64\xC5\xBA"), 0);
    ck_assert_int_lt(sqlscore__utf8_casecmp("abc", "abd"), 0);
    ck_assert_int_gt(sqlscore__utf8_casecmp("abcd", "ABC"), 0);
    ck_assert(sqlscore__utf8_icontains("Acme Widgets GmbH", "gmbh"));
    ck_assert(sqlscore__utf8_icontains("x", ""));
    ck_assert(!sqlscore__utf8_icontains("Acme", "acmex"));
    ck_assert(sqlscore__utf8_istarts("\xC3\x89" "clair", "\xC3\xA9"));   /* Éclair / é */
    ck_assert(!sqlscore__utf8_istarts("clair", "\xC3\xA9"));
    ck_assert(sqlscore__utf8_iends("jane@Example.COM", "@example.com"));
    ck_assert(!sqlscore__utf8_iends("om", "@example.com"));
    ck_assert(sqlscore__utf8_iends("\xC3\x9C" "BER", "\xC3\xBC" "ber"));  /* ÜBER */
    ck_assert_uint_eq(sqlscore__casefold(0x3A3), 0x3C3);               /* Σ */
    ck_assert_uint_eq(sqlscore__casefold(0x3C2), 0x3C3);               /* ς */
    ck_assert_uint_eq(sqlscore__casefold(0xD7), 0xD7);                 /* × */
    ck_assert_uint_eq(sqlscore__casefold(0x178), 0xFF);                /* Ÿ */
}
END_TEST

START_TEST(checked_integers)
{
    int64_t r = 7;
    ck_assert_int_eq(sqlscore__add_i64(INT64_MAX, 1, &r), 1);
    ck_assert_int_eq(r, 7);
    ck_assert_int_eq(sqlscore__add_i64(INT64_MIN, -1, &r), 1);
    ck_assert_int_eq(sqlscore__add_i64(INT64_MAX, -1, &r), 0);
    ck_assert_int_eq(r, INT64_MAX - 1);
    ck_assert_int_eq(sqlscore__mul_i64(INT64_MIN, -1, &r), 1);
    ck_assert_int_eq(sqlscore__mul_i64(INT64_MAX / 2 + 1, 2, &r), 1);
    ck_assert_int_eq(sqlscore__mul_i64(-3, 4, &r), 0);
    ck_assert_int_eq(r, -12);
}
END_TEST

Suite *sqlscore_test_suite(void)
{
    Suite *s = suite_create("common");
    TCase *tc = tcase_create("common");
    tcase_add_test(tc, version_header_library_configure_agree);
    tcase_add_test(tc, version_at_least);
    tcase_add_test(tc, strerror_names_every_code);
    tcase_add_test(tc, error_detail_set_and_clear);
    tcase_add_test(tc, error_detail_truncates_on_utf8_boundary);
    tcase_add_test(tc, error_detail_is_per_thread);
    tcase_add_test(tc, allocator_hook_fails_and_counts);
    tcase_add_test(tc, calloc_and_grow_detect_overflow);
    tcase_add_test(tc, utf8_validation);
    tcase_add_test(tc, utf8_case_insensitive_matching);
    tcase_add_test(tc, checked_integers);
    suite_add_tcase(s, tc);
    return s;
}
