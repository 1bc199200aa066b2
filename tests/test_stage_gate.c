/*
 * test_stage_gate.c - the qualification gate on the SQL stage: enforcement
 * with the evaluator's explanation, override with a recorded reason, skips
 * through SQL, resets and reopens into SQL, and allocation failures.
 */
#include "testutil.h"

#include <pthread.h>

enum { INQ, MQL, SAL, SQL, OPP, CUS, NUR, DIS, LOS };

/* SQL needs 40 points and the authority gate; 'employees' gives the points. */
static const char rules[] =
    "criteria \"gatekeeper\" version 1\n"
    "fit \"big company\" if employees >= 100 then +50 points\n"
    "gate \"decision maker\" if authority is met\n"
    "mql at score 20\n"
    "sql at score 40\n"
    "funnel \"demand\"\n"
    "  stage inquiry\n  stage mql\n  stage sal\n  stage sql\n  stage opportunity\n"
    "  stage customer\n"
    "end\n";

static sqlscore_criteria *crit;
static sqlscore_funnel *fun;

static void setup(void)
{
    ck_assert_ok(sqlscore_criteria_parse(&crit, rules, strlen(rules), "gate.rules"));
    ck_assert_ok(sqlscore_funnel_parse(&fun, rules, strlen(rules), "gate.rules"));
}

static void teardown(void)
{
    sqlscore_criteria_free(crit);
    sqlscore_funnel_free(fun);
}

static size_t hist_n(const sqlscore_lead *l)
{
    size_t n = 99;
    ck_assert_ok(sqlscore_lead_stage_history_count(l, &n));
    return n;
}

static int32_t flags_at(const sqlscore_lead *l, size_t i, int32_t *to)
{
    int32_t fl = -1;
    ck_assert_ok(sqlscore_lead_stage_history_get(l, i, NULL, to, NULL, NULL, &fl, NULL, NULL));
    return fl;
}

START_TEST(gate_refuses_without_sql_verdict)
{
    sqlscore_lead *l;
    int32_t to;
    ck_assert_ok(sqlscore_lead_new(&l, "L"));
    ck_assert_ok(sqlscore_lead_set_integer(l, "employees", 500));
    ck_assert_ok(sqlscore_lead_stage_move_gated(l, fun, crit, "sal", 10, 0, 0, NULL));
    /* 50 points but the gate fails: verdict MQL. */
    ck_assert_status(sqlscore_lead_stage_move_gated(l, fun, crit, "sql", 20, 0, 0, NULL),
                     SQLSCORE_ETRANSITION, "entering 'sql' needs the verdict SQL (or SQLSCORE_MOVE_OVERRIDE with a reason), the lead is MQL: gate \"decision maker\" failed; SQL threshold 40");
    ck_assert_msg(strstr(sqlscore_error_message(), "decision maker") != NULL,
                  "detail names the failed gate: %s", sqlscore_error_message());
    /* Skipping through sql is entering it too. */
    ck_assert_status(sqlscore_lead_stage_move_gated(l, fun, crit, "opportunity", 20, 0, 0, NULL),
                     SQLSCORE_ETRANSITION, "entering 'sql'");
    ck_assert_uint_eq(hist_n(l), 3);
    /* Moves that do not enter sql are not gated. */
    ck_assert_ok(sqlscore_lead_stage_move_gated(l, fun, crit, "nurture", 25, 0, 0, "wait"));
    /* Once the gate holds, the move passes, with no override recorded. */
    ck_assert_ok(sqlscore_lead_check_set(l, "authority", SQLSCORE_CHECK_MET));
    ck_assert_ok(sqlscore_lead_stage_move_gated(l, fun, crit, "opportunity", 30, 0, 0, NULL));
    ck_assert_uint_eq(hist_n(l), 8);            /* nurture, mql, sal, sql (skipped), opportunity */
    ck_assert_int_eq(flags_at(l, 6, &to), SQLSCORE_MOVE_SKIPPED);
    ck_assert_int_eq(to, SQL);
    ck_assert_int_eq(flags_at(l, 7, &to), 0);
    sqlscore_lead_free(l);
}
END_TEST

START_TEST(gate_names_missing_points)
{
    sqlscore_lead *l;
    ck_assert_ok(sqlscore_lead_new(&l, "L"));
    ck_assert_ok(sqlscore_lead_check_set(l, "authority", SQLSCORE_CHECK_MET));
    ck_assert_status(sqlscore_lead_stage_move_gated(l, fun, crit, "sql", 20, 0, 0, NULL),
                     SQLSCORE_ETRANSITION, "the lead is unqualified: ");
    ck_assert_msg(strstr(sqlscore_error_message(), "SQL threshold 40: 40 points missing") != NULL,
                  "detail names the missing points: %s", sqlscore_error_message());
    ck_assert_msg(strchr(sqlscore_error_message(), '\n') == NULL, "one line: %s",
                  sqlscore_error_message());
    ck_assert_uint_eq(hist_n(l), 0);
    sqlscore_lead_free(l);
}
END_TEST

START_TEST(override_is_recorded_with_its_reason)
{
    sqlscore_lead *l;
    int32_t to, code, fl;
    const char *reason;
    ck_assert_ok(sqlscore_lead_new(&l, "L"));
    ck_assert_ok(sqlscore_lead_stage_move_gated(l, fun, crit, "mql", 10, 0, 0, NULL));
    ck_assert_status(sqlscore_lead_stage_move_gated(l, fun, crit, "sql", 20,
                                                    SQLSCORE_MOVE_OVERRIDE, 0, NULL),
                     SQLSCORE_ETRANSITION, "overriding the qualification gate of 'sql' needs a reason");
    ck_assert_uint_eq(hist_n(l), 2);
    /* mql -> opportunity with an override: sal and sql skipped; the
     * override sits on the record entering sql. */
    ck_assert_ok(sqlscore_lead_stage_move_gated(l, fun, crit, "opportunity", 20,
                                                SQLSCORE_MOVE_OVERRIDE, 77, "CEO referral"));
    ck_assert_uint_eq(hist_n(l), 5);
    ck_assert_int_eq(flags_at(l, 2, &to), SQLSCORE_MOVE_SKIPPED);
    ck_assert_int_eq(to, SAL);
    ck_assert_int_eq(flags_at(l, 3, &to), SQLSCORE_MOVE_SKIPPED | SQLSCORE_MOVE_OVERRIDE);
    ck_assert_int_eq(to, SQL);
    ck_assert_ok(sqlscore_lead_stage_history_get(l, 4, NULL, &to, NULL, NULL, &fl, &code, &reason));
    ck_assert_int_eq(to, OPP);
    ck_assert_int_eq(fl, 0);
    ck_assert_int_eq(code, 77);
    ck_assert_str_eq(reason, "CEO referral");
    /* A reset back into sql is gated too; the override lands on it. */
    ck_assert_status(sqlscore_lead_stage_move_gated(l, fun, crit, "sql", 30, SQLSCORE_MOVE_RESET, 0,
                                                    "wrong stage"),
                     SQLSCORE_ETRANSITION, "needs the verdict SQL");
    ck_assert_ok(sqlscore_lead_stage_move_gated(l, fun, crit, "sql", 30,
                                                SQLSCORE_MOVE_RESET | SQLSCORE_MOVE_OVERRIDE, 0,
                                                "wrong stage"));
    ck_assert_int_eq(flags_at(l, 5, &to), SQLSCORE_MOVE_RESET | SQLSCORE_MOVE_OVERRIDE);
    ck_assert_int_eq(to, SQL);
    sqlscore_lead_free(l);
}
END_TEST

START_TEST(bad_arguments)
{
    sqlscore_lead *l;
    ck_assert_ok(sqlscore_lead_new(&l, "L"));
    ck_assert_status(sqlscore_lead_stage_move_gated(l, fun, NULL, "sql", 1, 0, 0, NULL),
                     SQLSCORE_EINVAL, "sqlscore_lead_stage_move_gated: criteria is NULL");
    ck_assert_status(sqlscore_lead_stage_move_gated(NULL, fun, crit, "sql", 1, 0, 0, NULL),
                     SQLSCORE_EINVAL, "sqlscore_lead_stage_move_gated: lead is NULL");
    ck_assert_status(sqlscore_lead_stage_move_gated(l, fun, crit, "won", 1, 0, 0, NULL),
                     SQLSCORE_ENOTFOUND, "no stage 'won'");
    sqlscore_lead_free(l);
}
END_TEST

START_TEST(allocation_failures)
{
    long k, before;
    int rc, done;
    before = sqlscore_test_alloc_live();
    for (k = 1, done = 0; !done; k++) {
        sqlscore_lead *l;
        ck_assert_ok(sqlscore_lead_new(&l, "L"));
        ck_assert_ok(sqlscore_lead_stage_move_gated(l, fun, crit, "sal", 1, 0, 0, NULL));
        sqlscore_test_fail_after(k);
        rc = sqlscore_lead_stage_move_gated(l, fun, crit, "sql", 2, SQLSCORE_MOVE_OVERRIDE, 0,
                                            "exec sponsor");
        sqlscore_test_alloc_reset();
        if (rc == SQLSCORE_OK) {
            done = 1;
            ck_assert_uint_eq(hist_n(l), 4);
        } else {
            ck_assert_int_eq(rc, SQLSCORE_ENOMEM);
            ck_assert_uint_eq(hist_n(l), 3);
        }
        sqlscore_lead_free(l);
        ck_assert_int_eq(sqlscore_test_alloc_live(), before);
    }
}
END_TEST

/* A built funnel and a built criteria are shared by threads that move their
 * own leads and count them; every thread must see the same numbers. */
struct gate_thread {
    int64_t sql_entered;
    int failures;
};

static void *gate_worker(void *arg)
{
    struct gate_thread *t = arg;
    sqlscore_funnel_metrics *m;
    int i;
    if (sqlscore_funnel_metrics_new(&m, fun, 0, 1000, 1000) != SQLSCORE_OK) {
        t->failures++;
        return NULL;
    }
    for (i = 0; i < 200; i++) {
        sqlscore_lead *l;
        int qualified = i % 4 == 0;
        if (sqlscore_lead_new(&l, "T") != SQLSCORE_OK) {
            t->failures++;
            continue;
        }
        sqlscore_lead_set_integer(l, "employees", 500);
        if (qualified)
            sqlscore_lead_check_set(l, "authority", SQLSCORE_CHECK_MET);
        if (sqlscore_lead_stage_move_gated(l, fun, crit, "sal", 10, 0, 0, NULL) != SQLSCORE_OK ||
            sqlscore_lead_stage_move_gated(l, fun, crit, "sql", 20, 0, 0, NULL) !=
                (qualified ? SQLSCORE_OK : SQLSCORE_ETRANSITION) ||
            sqlscore_funnel_metrics_add_lead(m, l) != SQLSCORE_OK)
            t->failures++;
        sqlscore_lead_free(l);
    }
    if (sqlscore_funnel_metrics_count(m, SQL, SQLSCORE_FUNNEL_METRIC_ENTERED, &t->sql_entered)
        != SQLSCORE_OK)
        t->failures++;
    sqlscore_funnel_metrics_free(m);
    return NULL;
}

START_TEST(shared_funnel_and_criteria_across_threads)
{
    pthread_t th[4];
    struct gate_thread st[4];
    int i;
    /* The counting test allocator is not thread-safe: use libc's, and make
     * the shared handles with it (this test case has no fixture). */
    ck_assert_ok(sqlscore_allocator_set(NULL, NULL, NULL));
    setup();
    memset(st, 0, sizeof st);
    for (i = 0; i < 4; i++)
        ck_assert_int_eq(pthread_create(&th[i], NULL, gate_worker, &st[i]), 0);
    for (i = 0; i < 4; i++) {
        ck_assert_int_eq(pthread_join(th[i], NULL), 0);
        ck_assert_int_eq(st[i].failures, 0);
        ck_assert_int_eq(st[i].sql_entered, 50);        /* every fourth of 200 */
    }
    teardown();
}
END_TEST

Suite *sqlscore_test_suite(void)
{
    Suite *s = suite_create("stage_gate");
    TCase *tc = tcase_create("stage_gate");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, gate_refuses_without_sql_verdict);
    tcase_add_test(tc, gate_names_missing_points);
    tcase_add_test(tc, override_is_recorded_with_its_reason);
    tcase_add_test(tc, bad_arguments);
    tcase_add_test(tc, allocation_failures);
    suite_add_tcase(s, tc);
    tc = tcase_create("stage_gate_threads");
    tcase_add_test(tc, shared_funnel_and_criteria_across_threads);
    suite_add_tcase(s, tc);
    return s;
}
