/*
 * testutil.h - shared helpers for the Check unit tests.
 *
 * Each test program defines sqlscore_test_suite(); tap_main.c runs it and
 * prints TAP for automake's driver.
 */
#ifndef SQLSCORE_TESTUTIL_H
#define SQLSCORE_TESTUTIL_H

#include <check.h>
#include <stddef.h>
#include <string.h>

#include "sqlscore.h"

Suite *sqlscore_test_suite(void);

/* Assert a failure status and that the detail message recorded contains
 * `needle` (a string literal). */
#define ck_assert_status(expr, want, needle)                                   \
    do {                                                                       \
        int got_ = (expr);                                                     \
        ck_assert_msg(got_ == (want), "%s returned %d (%s), expected %d (%s)", \
                      #expr, got_, sqlscore_strerror(got_), (want),            \
                      sqlscore_strerror(want));                                \
        ck_assert_msg(strstr(sqlscore_error_message(), (needle)) != NULL, \
                          "detail '%s' lacks '%s'", sqlscore_error_message(),  \
                          (const char *)(needle));                             \
    } while (0)

#define ck_assert_ok(expr)                                                     \
    do {                                                                       \
        int got_ = (expr);                                                     \
        ck_assert_msg(got_ == SQLSCORE_OK, "%s returned %d (%s): %s", #expr,   \
                      got_, sqlscore_strerror(got_), sqlscore_error_message());\
    } while (0)

/* Failing allocator for allocation-failure tests: after
 * sqlscore_test_fail_after(k), the k-th allocation from now on (1-based)
 * and every later one fails until sqlscore_test_alloc_reset().  Counts live
 * allocations so tests can assert that nothing leaked. */
void sqlscore_test_fail_after(long k);
void sqlscore_test_alloc_reset(void);
long sqlscore_test_alloc_live(void);
long sqlscore_test_alloc_count(void);

#endif
