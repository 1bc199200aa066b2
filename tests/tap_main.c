/*
 * tap_main.c - runs a test program's Check suite with TAP output, and the
 * counting/failing allocator the allocation-failure tests install.
 */
#include "testutil.h"

#include <stdlib.h>

static long fail_at = -1;   /* allocation number that starts failing */
static long count;          /* allocations attempted since the reset */
static long live;           /* blocks handed out and not yet freed */

/* A header in front of each block remembers that it came from here. */
#define HDR 16

static void *t_malloc(size_t n)
{
    unsigned char *p;
    count++;
    if (fail_at > 0 && count >= fail_at)
        return NULL;
    p = malloc(n + HDR);
    if (!p)
        return NULL;
    live++;
    return p + HDR;
}

static void t_free(void *q)
{
    if (!q)
        return;
    live--;
    free((unsigned char *)q - HDR);
}

static void *t_realloc(void *q, size_t n)
{
    unsigned char *p;
    if (!q)
        return t_malloc(n);
    count++;
    if (fail_at > 0 && count >= fail_at)
        return NULL;
    p = realloc((unsigned char *)q - HDR, n + HDR);
    return p ? p + HDR : NULL;
}

void sqlscore_test_fail_after(long k)
{
    count = 0;
    fail_at = k;
    sqlscore_allocator_set(t_malloc, t_realloc, t_free);
}

void sqlscore_test_alloc_reset(void)
{
    fail_at = -1;
}

long sqlscore_test_alloc_live(void)
{
    return live;
}

long sqlscore_test_alloc_count(void)
{
    return count;
}

int main(void)
{
    SRunner *sr = srunner_create(sqlscore_test_suite());
    int failed;

    /* Always count through the test allocator so leaks show up as live
     * blocks; it only fails when a test asks it to. */
    sqlscore_test_fail_after(-1);
    srunner_set_tap(sr, "-");
    srunner_run_all(sr, CK_SILENT);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
