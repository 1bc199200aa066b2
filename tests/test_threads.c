/*
 * test_threads.c - the library used from several threads at once.
 *
 * Run in every build and, in CI, under ThreadSanitizer (--enable-tsan),
 * which reports any data race these tests provoke.  What must hold:
 * - the error detail is per thread: concurrent failures never see each
 *   other's code or message;
 * - the allocation helpers and the read-only helpers (UTF-8 matching,
 *   status names, version) are safe to call concurrently;
 * - shared immutable data (here: strings several threads compare) is only
 *   read.
 * - one lead is read and cloned by many threads at once (readers are
 *   documented as safe together), each clone then changed privately;
 * - money parsing and formatting run concurrently;
 * - survey shards are merged, serialized and queried from many threads at
 *   once, each thread into its own total, which must match a hand count.
 * - one built criteria evaluates one lead from many threads at once.
 * Each further module adds its concurrent scenario as it lands.
 *
 * The counting allocator of tap_main.c keeps plain (non-atomic) counters,
 * so tests that allocate from several threads switch to the libc allocator
 * for their duration and free everything before switching back.
 */
#include "hardutil.h"

#include <pthread.h>
#include <stdio.h>

#define THR_N 8
#define THR_ITER 2000

struct thr_arg {
    int id;
    int failures;         /* checks that did not hold, reported by the main thread */
    char why[160];
};

static void thr_note(struct thr_arg *a, const char *what, int iter)
{
    if (a->failures++ == 0)
        snprintf(a->why, sizeof a->why, "thread %d, iteration %d: %s", a->id,
                 iter, what);
}

static void thr_run_all(void *(*fn)(void *))
{
    pthread_t t[THR_N];
    struct thr_arg args[THR_N];
    int i;

    memset(args, 0, sizeof args);
    for (i = 0; i < THR_N; i++) {
        args[i].id = i;
        ck_assert_int_eq(pthread_create(&t[i], NULL, fn, &args[i]), 0);
    }
    for (i = 0; i < THR_N; i++)
        ck_assert_int_eq(pthread_join(t[i], NULL), 0);
    for (i = 0; i < THR_N; i++)
        ck_assert_msg(args[i].failures == 0, "%d failures, first: %s",
                      args[i].failures, args[i].why);
}

/* ---- error detail ------------------------------------------------------- */

static const int thr_codes[] = {
    SQLSCORE_EINVAL, SQLSCORE_ENOMEM, SQLSCORE_ERANGE, SQLSCORE_EPARSE,
    SQLSCORE_EUNDEFINED, SQLSCORE_ETRANSITION, SQLSCORE_ESUPPRESSED,
    SQLSCORE_ENOTFOUND,
};

static void *thr_errors(void *p)
{
    struct thr_arg *a = p;
    char want[64];
    int i, code = thr_codes[a->id % 8];

    for (i = 0; i < THR_ITER; i++) {
        snprintf(want, sizeof want, "rules:%d:%d: thread %d", i, a->id, a->id);
        if (sqlscore__fail(code, "rules:%d:%d: thread %d", i, a->id, a->id) != code)
            thr_note(a, "sqlscore__fail returned another code", i);
        if (sqlscore_error_code() != code)
            thr_note(a, "error code of another thread", i);
        if (strcmp(sqlscore_error_message(), want) != 0)
            thr_note(a, "error message of another thread", i);
        if (strcmp(sqlscore_strerror(code), sqlscore_strerror(thr_codes[a->id % 8])) != 0)
            thr_note(a, "strerror unstable", i);
        sqlscore_error_clear();
        if (sqlscore_error_code() != SQLSCORE_OK || sqlscore_error_message()[0] != '\0')
            thr_note(a, "clear did not clear this thread", i);
    }
    return NULL;
}

START_TEST(threads_error_detail_is_private)
{
    sqlscore__fail(SQLSCORE_EEXIST, "main thread's own failure");
    thr_run_all(thr_errors);
    /* Eight threads failing thousands of times left this one alone. */
    ck_assert_int_eq(sqlscore_error_code(), SQLSCORE_EEXIST);
    ck_assert_str_eq(sqlscore_error_message(), "main thread's own failure");
}
END_TEST

/* ---- allocation helpers -------------------------------------------------- */

static void *thr_alloc(void *p)
{
    struct thr_arg *a = p;
    int i, j;

    for (i = 0; i < THR_ITER / 4; i++) {
        int *items = NULL;
        size_t cap = 0;
        char name[32], *copy;

        snprintf(name, sizeof name, "lead-%d-%d", a->id, i);
        copy = sqlscore__strdup(name);
        if (copy == NULL || strcmp(copy, name) != 0)
            thr_note(a, "strdup", i);
        for (j = 0; j < 100; j++) {
            void *v = items;
            if (sqlscore__grow(&v, &cap, (size_t)j + 1, sizeof *items) != SQLSCORE_OK) {
                thr_note(a, "grow", i);
                break;
            }
            items = v;
            items[j] = a->id * 1000 + j;
        }
        for (j = 0; j < 100 && items != NULL; j++)
            if (items[j] != a->id * 1000 + j) {
                thr_note(a, "another thread wrote into this array", i);
                break;
            }
        sqlscore__free(items);
        sqlscore_buffer_free(copy);
    }
    return NULL;
}

START_TEST(threads_allocate_concurrently)
{
    ck_assert_ok(sqlscore_allocator_set(NULL, NULL, NULL));
    thr_run_all(thr_alloc);
    sqlscore_test_fail_after(-1);   /* back to the counting allocator */
}
END_TEST

/* ---- shared read-only text ----------------------------------------------- */

static const char *const thr_names[] = {
    "K\xC3\xB6ln Widgets GmbH", "K\xC3\x96LN WIDGETS GMBH",
    "\xD0\x9C\xD0\x9E\xD0\xA1\xD0\x9A\xD0\x92\xD0\x90",
    "\xD0\xBC\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0",
    "jane@Example.COM", "\xCE\xA3\xCE\x9F\xCE\xA6\xCE\x99\xCE\x91",
};

static void *thr_text(void *p)
{
    struct thr_arg *a = p;
    int i;

    for (i = 0; i < THR_ITER; i++) {
        if (sqlscore__utf8_casecmp(thr_names[0], thr_names[1]) != 0 ||
            sqlscore__utf8_casecmp(thr_names[2], thr_names[3]) != 0)
            thr_note(a, "case-insensitive equality", i);
        if (!sqlscore__utf8_icontains(thr_names[0], "widgets") ||
            !sqlscore__utf8_iends(thr_names[4], "@example.com") ||
            !sqlscore__utf8_istarts(thr_names[5], "\xCF\x83\xCE\xBF")) /* σο */
            thr_note(a, "matching", i);
        if (sqlscore__check_text(thr_names[i % 6], "thr", "name") != SQLSCORE_OK)
            thr_note(a, "valid text rejected", i);
        if (sqlscore_version_number() != SQLSCORE_VERSION_NUMBER ||
            strcmp(sqlscore_version_string(), SQLSCORE_VERSION_STRING) != 0)
            thr_note(a, "version", i);
    }
    return NULL;
}

START_TEST(threads_read_shared_text)
{
    thr_run_all(thr_text);
}
END_TEST

/* ---- one lead read and cloned by many threads (qualification) ------------ */

static const sqlscore_lead *thr_lead;
static char thr_lead_dump[HARD_DUMP_SIZE];

static void *thr_lead_readers(void *p)
{
    struct thr_arg *a = p;
    char now[HARD_DUMP_SIZE];
    int i;

    for (i = 0; i < THR_ITER / 20; i++) {
        sqlscore_lead *copy = NULL;
        const char *title = NULL;
        int32_t st = -1;

        hard_lead_dump(thr_lead, now);
        if (strcmp(now, thr_lead_dump) != 0)
            thr_note(a, "a reader saw another lead", i);
        if (sqlscore_lead_get_text(thr_lead, "title", &title) != SQLSCORE_OK ||
            strcmp(title, "VP of Sales") != 0)
            thr_note(a, "get_text", i);
        if (sqlscore_lead_check_get(thr_lead, "budget", &st) != SQLSCORE_OK ||
            st != SQLSCORE_CHECK_MET)
            thr_note(a, "check_get", i);
        /* A clone is private to this thread: change it freely. */
        if (sqlscore_lead_clone(&copy, thr_lead) != SQLSCORE_OK) {
            thr_note(a, "clone", i);
            continue;
        }
        if (sqlscore_lead_set_integer(copy, "employees", a->id) != SQLSCORE_OK ||
            sqlscore_lead_event_add(copy, "thread", a->id, NULL, NULL) != SQLSCORE_OK)
            thr_note(a, "changing a clone", i);
        sqlscore_lead_free(copy);
    }
    return NULL;
}

START_TEST(threads_share_one_lead)
{
    sqlscore_lead *l;
    char after[HARD_DUMP_SIZE];

    ck_assert_ok(sqlscore_allocator_set(NULL, NULL, NULL));
    l = hard_full_lead();
    hard_lead_dump(l, thr_lead_dump);
    thr_lead = l;
    thr_run_all(thr_lead_readers);
    hard_lead_dump(l, after);
    ck_assert_str_eq(after, thr_lead_dump);
    sqlscore_lead_free(l);
    sqlscore_test_fail_after(-1);
}
END_TEST

/* ---- money parsing and formatting (cpsql) -------------------------------- */

static void *thr_money(void *p)
{
    static const char *const cur[] = { "USD", "JPY", "KWD", "CLF" };
    struct thr_arg *a = p;
    int i;

    for (i = 0; i < THR_ITER; i++) {
        char text[40], back[32];
        int64_t minor = 0, want = (int64_t)a->id * 1000003 + i;
        const char *c = cur[(a->id + i) % 4];

        if (sqlscore_money_format(back, sizeof back, NULL, want, c) != SQLSCORE_OK ||
            sqlscore_money_parse(&minor, back, c, SQLSCORE_ROUND_HALF_UP) != SQLSCORE_OK ||
            minor != want)
            thr_note(a, "format/parse round trip", i);
        snprintf(text, sizeof text, "%d.125", i);
        /* i.125 USD is i*100 + 12.5 cents: the tie goes to the even 12. */
        if (sqlscore_money_parse(&minor, text, "USD", SQLSCORE_ROUND_HALF_EVEN) != SQLSCORE_OK ||
            minor != (int64_t)i * 100 + 12)
            thr_note(a, "half-even tie", i);
    }
    return NULL;
}

START_TEST(threads_money)
{
    thr_run_all(thr_money);
}
END_TEST

/* ---- survey shards merged from several threads (survey) ------------------
 * THR_N shards are built first; then every thread merges all of them (read
 * concurrently by everyone) into a private total, serializes a shard and
 * takes a result from the shared shards.  Every total must equal the one
 * counted by hand: shard t holds answer (t + j) % 11 for j = 0..49, in
 * segment "team-(t % 3)". */
#define THR_SURVEY_ANSWERS 50

static sqlscore_survey *thr_shards[THR_N];
static uint64_t thr_want_d, thr_want_p, thr_want_r;

static void *thr_survey(void *p)
{
    struct thr_arg *a = p;
    int round, t;

    for (round = 0; round < 5; round++) {
        sqlscore_survey *total = NULL;
        sqlscore_enps_result *r = NULL;
        uint64_t d = 0, ps = 0, pr = 0;
        void *bytes = NULL;
        size_t size = 0;

        if (sqlscore_survey_new(&total) != SQLSCORE_OK) {
            thr_note(a, "survey_new", round);
            continue;
        }
        /* Merge in a thread-specific order: the result may not depend on it. */
        for (t = 0; t < THR_N; t++)
            if (sqlscore_survey_merge(total, thr_shards[(t + a->id) % THR_N]) != SQLSCORE_OK)
                thr_note(a, "merge", round);
        if (sqlscore_survey_result(total, NULL, SQLSCORE_SURVEY_ALL_TIME, &r) != SQLSCORE_OK ||
            sqlscore_enps_result_counts(r, &d, &ps, &pr) != SQLSCORE_OK)
            thr_note(a, "result", round);
        else if (d != thr_want_d || ps != thr_want_p || pr != thr_want_r)
            thr_note(a, "merged counts differ from the hand count", round);
        sqlscore_enps_result_free(r);
        r = NULL;
        if (sqlscore_survey_serialize(thr_shards[a->id], &bytes, &size) != SQLSCORE_OK)
            thr_note(a, "serialize a shared shard", round);
        sqlscore_buffer_free(bytes);
        if (sqlscore_survey_result(thr_shards[(a->id + 1) % THR_N], "team-0",
                                   SQLSCORE_SURVEY_ALL_TIME, &r) != SQLSCORE_OK &&
            sqlscore_error_code() != SQLSCORE_ENOTFOUND)
            thr_note(a, "result of a shared shard", round);
        sqlscore_enps_result_free(r);
        sqlscore_survey_free(total);
    }
    return NULL;
}

START_TEST(threads_merge_survey_shards)
{
    int t, j;
    char seg[16];

    ck_assert_ok(sqlscore_allocator_set(NULL, NULL, NULL));
    thr_want_d = thr_want_p = thr_want_r = 0;
    for (t = 0; t < THR_N; t++) {
        ck_assert_ok(sqlscore_survey_new(&thr_shards[t]));
        snprintf(seg, sizeof seg, "team-%d", t % 3);
        for (j = 0; j < THR_SURVEY_ANSWERS; j++) {
            int answer = (t + j) % 11;
            ck_assert_ok(sqlscore_survey_add(thr_shards[t], answer, seg, 1767225600 + j, NULL));
            if (answer <= 6)
                thr_want_d++;
            else if (answer <= 8)
                thr_want_p++;
            else
                thr_want_r++;
        }
    }
    /* 8 shards x 50 answers = 400 answers. */
    ck_assert_uint_eq(thr_want_d + thr_want_p + thr_want_r, 400);
    thr_run_all(thr_survey);
    for (t = 0; t < THR_N; t++)
        sqlscore_survey_free(thr_shards[t]);
    sqlscore_test_fail_after(-1);
}
END_TEST

/* ---- one built criteria evaluated from many threads (qualification) ------
 * A built criteria is immutable and documented as safe to share; every
 * thread evaluates the shared lead fixture and must get what the main
 * thread got. */
static const char thr_rules[] =
    "criteria \"threads\" version 1\n"
    "fit \"Mid-market\" if employees between 100 and 999 then +20 points and +2 grades\n"
    "fit \"Executive\" if title starts with \"vp\" then +15 points\n"
    "fit \"Budget\" if budget >= 10000.00 EUR then +5 points\n"
    "engagement \"Demo\" on demo_request then +40 points once decay half-life 30d\n"
    "engagement \"Views\" on page_view then +1 points max 20\n"
    "gate \"Budget confirmed\" if budget is met\n"
    "mql at score 20\n"
    "sql at score 60\n";

static const sqlscore_criteria *thr_criteria;
static int32_t thr_want_verdict, thr_want_grade;
static double thr_want_score;

static void *thr_evaluate(void *p)
{
    struct thr_arg *a = p;
    int i;

    for (i = 0; i < THR_ITER / 10; i++) {
        sqlscore_result *r = NULL;
        int32_t verdict = -1, grade = -1;
        double score = -1;
        if (sqlscore_criteria_evaluate(&r, thr_criteria, thr_lead, 1767398400) != SQLSCORE_OK ||
            sqlscore_result_verdict(r, &verdict) != SQLSCORE_OK ||
            sqlscore_result_score(r, &score) != SQLSCORE_OK ||
            sqlscore_result_grade(r, &grade) != SQLSCORE_OK)
            thr_note(a, "evaluate", i);
        else if (verdict != thr_want_verdict || score != thr_want_score || grade != thr_want_grade)
            thr_note(a, "another result than the main thread's", i);
        sqlscore_result_free(r);
    }
    return NULL;
}

START_TEST(threads_share_one_criteria)
{
    sqlscore_criteria *c = NULL;
    sqlscore_lead *l;
    sqlscore_result *r = NULL;

    ck_assert_ok(sqlscore_allocator_set(NULL, NULL, NULL));
    ck_assert_ok(sqlscore_criteria_parse(&c, thr_rules, strlen(thr_rules), "threads"));
    l = hard_full_lead();
    ck_assert_ok(sqlscore_criteria_evaluate(&r, c, l, 1767398400));
    ck_assert_ok(sqlscore_result_verdict(r, &thr_want_verdict));
    ck_assert_ok(sqlscore_result_score(r, &thr_want_score));
    ck_assert_ok(sqlscore_result_grade(r, &thr_want_grade));
    sqlscore_result_free(r);
    /* 250 employees +20, "VP of Sales" +15, 15000.00 EUR +5, one demo
     * request a day before as_of +40 decayed by 2^(-1/30), one page view +1:
     * fit 40 and engagement just under 41, so above the MQL threshold. */
    ck_assert(thr_want_score > 80.0 && thr_want_score < 81.0);
    thr_criteria = c;
    thr_lead = l;
    thr_run_all(thr_evaluate);
    sqlscore_lead_free(l);
    sqlscore_criteria_free(c);
    sqlscore_test_fail_after(-1);
}
END_TEST

Suite *sqlscore_test_suite(void)
{
    Suite *s = suite_create("threads");
    TCase *tc = tcase_create("threads");
    /* Under valgrind or TSan these run tens of times slower. */
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, threads_error_detail_is_private);
    tcase_add_test(tc, threads_allocate_concurrently);
    tcase_add_test(tc, threads_read_shared_text);
    tcase_add_test(tc, threads_share_one_lead);
    tcase_add_test(tc, threads_money);
    tcase_add_test(tc, threads_merge_survey_shards);
    tcase_add_test(tc, threads_share_one_criteria);
    suite_add_tcase(s, tc);
    return s;
}
