/*
 * test_funnel_metrics.c - funnel metrics over an event log, checked by hand;
 * merge == one pass; batch == one at a time; failures change nothing.
 */
#include "testutil.h"
#include "funnel_internal.h"

#include <math.h>
#include <stdlib.h>

#define D 86400
enum { INQ, MQL, SAL, SQL, OPP, CUS, NUR, DIS, LOS };

/* The default waterfall with SLAs: mql 5 days, sal 3 days. */
static sqlscore_funnel *demand_funnel(void)
{
    static const char *const names[6] = { "inquiry", "mql", "sal", "sql", "opportunity",
                                          "customer" };
    static const int64_t sla[6] = { 0, 5 * D, 3 * D, 0, 0, 0 };
    sqlscore_funnel *f;
    int i;
    ck_assert_ok(sqlscore_funnel_new(&f, "demand"));
    for (i = 0; i < 6; i++)
        ck_assert_ok(sqlscore_funnel_add_stage(f, names[i], sla[i]));
    ck_assert_ok(sqlscore_funnel_build(f));
    return f;
}

/*
 * The example (times in days; window [10, 20), as of 25):
 *   L0: inquiry 11, mql 12, sal 14, sql 15, opportunity 22
 *   L1: inquiry 5, mql 8, nurture 12, mql 13, disqualified 16
 *   L2: inquiry 10, sql 13 (skips mql, sal), customer 19 (skips opportunity)
 *   L3: mql 18 (enters at mql: passes inquiry at 18)
 *   L4: inquiry 20, mql 21          (entirely outside the window)
 *   L5: inquiry 6, mql 10, sal 11, lost 12
 * Listed interleaved by time, as a CRM export would be.
 */
static const int64_t ex_entity[] = { 1, 5, 1, 0, 5, 2, 5, 0, 1, 5, 1, 2, 1, 0, 0, 1, 3, 2,
                                     4, 4, 0 };
static const int32_t ex_stage[] = { INQ, INQ, MQL, INQ, MQL, INQ, SAL, MQL, NUR, LOS, MQL,
                                    SQL, DIS, SAL, SQL, -1, MQL, CUS, INQ, MQL, OPP };
static const int64_t ex_day[] = { 5, 6, 8, 11, 10, 10, 11, 12, 12, 12, 13, 13, 16, 14, 15,
                                  -1, 18, 19, 20, 21, 22 };
#define EX_N (sizeof ex_entity / sizeof ex_entity[0])

/* Copy the example without the placeholder at index 15, optionally only the
 * entities in `keep` (bit mask), times in seconds. */
static size_t example(int64_t *ent, int32_t *stg, int64_t *tm, unsigned keep)
{
    size_t i, n = 0;
    for (i = 0; i < EX_N; i++) {
        if (ex_stage[i] < 0 || !(keep & (1u << ex_entity[i])))
            continue;
        ent[n] = ex_entity[i];
        stg[n] = ex_stage[i];
        tm[n] = ex_day[i] * D;
        n++;
    }
    return n;
}

static sqlscore_funnel_metrics *new_metrics(const sqlscore_funnel *f)
{
    sqlscore_funnel_metrics *m;
    ck_assert_ok(sqlscore_funnel_metrics_new(&m, f, 10 * D, 20 * D, 25 * D));
    return m;
}

static int64_t count_of(const sqlscore_funnel_metrics *m, int32_t s, int32_t what)
{
    int64_t v = -1;
    ck_assert_ok(sqlscore_funnel_metrics_count(m, s, what, &v));
    return v;
}

static void expect_conv(const sqlscore_funnel_metrics *m, int32_t a, int32_t b,
                        int64_t cohort, int64_t period, int64_t base)
{
    int64_t c, bs;
    double r;
    ck_assert_ok(sqlscore_funnel_metrics_conversion(m, a, b, SQLSCORE_FUNNEL_COHORT, &c, &bs, &r));
    ck_assert_int_eq(c, cohort);
    ck_assert_int_eq(bs, base);
    ck_assert(r == (double)cohort / (double)base);
    ck_assert_ok(sqlscore_funnel_metrics_conversion(m, a, b, SQLSCORE_FUNNEL_PERIOD, &c, &bs, &r));
    ck_assert_int_eq(c, period);
    ck_assert_int_eq(bs, base);
}

static void expect_time(const sqlscore_funnel_metrics *m, int32_t s, int64_t n, double median,
                        double mean, double p90)
{
    int64_t c;
    double md, mn, p;
    ck_assert_ok(sqlscore_funnel_metrics_time_in_stage(m, s, &c, &md, &mn, &p));
    ck_assert_int_eq(c, n);
    ck_assert_double_eq_tol(md, median, 1e-9);
    ck_assert_double_eq_tol(mn, mean, 1e-6);
    ck_assert_double_eq_tol(p, p90, 1e-9);
}

static void check_example(const sqlscore_funnel_metrics *m)
{
    /* Per-stage entered (entries at a time in [10, 20)), counted record by record:
     *   inquiry: L0@11, L2@10, L3@18 (passed)            = 3
     *   mql:     L0@12, L1@13, L2@13 (skip), L3@18, L5@10 = 5   (L1@8, L4@21 outside)
     *   sal:     L0@14, L2@13 (skip), L5@11               = 3
     *   sql:     L0@15, L2@13                             = 2
     *   opportunity: L2@19 (skip) = 1 (L0@22 outside); customer L2@19 = 1
     *   nurture L1@12, disqualified L1@16, lost L5@12     = 1 each */
    static const int64_t entered[9] = { 3, 5, 3, 2, 1, 1, 1, 1, 1 };
    /* Forward exits in the window: inquiry: L0@12, L2@13, L3@18, L5@10 = 4;
     * mql: L0@14, L2@13 (skip), L5@11 = 3; sal: L0@15, L2@13 = 2;
     * sql: L2@19 = 1 (L0 leaves at 22); opportunity: L2@19 = 1;
     * nurture: L1 back to mql @13 = 1. */
    static const int64_t forward[9] = { 4, 3, 2, 1, 1, 0, 1, 0, 0 };
    /* In the stage at 20: L0 sql (left at 22), L1 disqualified, L2 customer,
     * L3 mql, L5 lost; L4 entered at 20, not before. */
    static const int64_t in_end[9] = { 0, 1, 0, 1, 0, 1, 0, 1, 1 };
    int32_t s;
    int64_t c, b;
    double r, md, mn, p;

    for (s = 0; s < 9; s++) {
        ck_assert_int_eq(count_of(m, s, SQLSCORE_FUNNEL_METRIC_ENTERED), entered[s]);
        ck_assert_int_eq(count_of(m, s, SQLSCORE_FUNNEL_METRIC_FORWARD), forward[s]);
        ck_assert_int_eq(count_of(m, s, SQLSCORE_FUNNEL_METRIC_IN_AT_END), in_end[s]);
        ck_assert_int_eq(count_of(m, s, SQLSCORE_FUNNEL_METRIC_RESET), 0);
        ck_assert_int_eq(count_of(m, s, SQLSCORE_FUNNEL_METRIC_REOPENED), 0);
        /* Every lead enters a stage at most once in the window here, so the
         * cohort equals the entries. */
        ck_assert_int_eq(count_of(m, s, SQLSCORE_FUNNEL_METRIC_COHORT), entered[s]);
        /* Stale at 25: only L3, in mql since 18: 7 days > 5.  L4 in mql
         * since 21 (4 days) is not; L5 left sal (3-day SLA) long ago. */
        ck_assert_int_eq(count_of(m, s, SQLSCORE_FUNNEL_METRIC_STALE), s == MQL);
        /* L1 recycled out of mql @12 and was disqualified from mql @16; L5
         * was lost from sal @12. */
        ck_assert_int_eq(count_of(m, s, SQLSCORE_FUNNEL_METRIC_RECYCLED), s == MQL);
        ck_assert_int_eq(count_of(m, s, SQLSCORE_FUNNEL_METRIC_DISQUALIFIED), s == MQL);
        ck_assert_int_eq(count_of(m, s, SQLSCORE_FUNNEL_METRIC_LOST), s == SAL);
    }

    /* Conversions.  inquiry cohort {L0, L2, L3}: all reach mql (L3 at 18);
     * L0 (15) and L2 (13) reach sql; opportunity: L0 at 22 (after the
     * window: cohort only), L2 at 19. */
    expect_conv(m, INQ, MQL, 3, 3, 3);
    expect_conv(m, INQ, SQL, 2, 2, 3);
    expect_conv(m, INQ, OPP, 2, 1, 3);
    /* mql cohort {L0, L1 (from its entry at 13), L2, L3, L5}: sal by L0, L2,
     * L5; sql by L0, L2; disqualified by L1; nurture by nobody (L1's recycle
     * at 12 came before its entry at 13). */
    expect_conv(m, MQL, SAL, 3, 3, 5);
    expect_conv(m, MQL, SQL, 2, 2, 5);
    expect_conv(m, MQL, DIS, 1, 1, 5);
    expect_conv(m, MQL, NUR, 0, 0, 5);
    expect_conv(m, SAL, SQL, 2, 2, 3);
    expect_conv(m, SQL, OPP, 2, 1, 2);
    ck_assert_ok(sqlscore_funnel_metrics_lead_to_sql(m, SQLSCORE_FUNNEL_COHORT, &c, &b, &r));
    ck_assert_int_eq(c, 2);
    ck_assert_int_eq(b, 3);
    ck_assert_double_eq_tol(r, 2.0 / 3.0, 1e-15);

    /* Time in stage, completed stays that ended in [10, 20), skips excluded:
     *   inquiry: L0 11->12 = 1, L2 10->13 = 3, L5 6->10 = 4 days
     *            sorted 1 3 4: median 3, mean 8/3, p90 rank ceil(2.7) = 3 -> 4
     *   mql: L0 12->14 = 2, L1 8->12 = 4, L1 13->16 = 3, L5 10->11 = 1
     *            sorted 1 2 3 4: median (2+3)/2 = 2.5, mean 10/4, p90 rank 4 -> 4
     *   sal: L0 1, L5 1; sql: L2 13->19 = 6; nurture: L1 12->13 = 1 */
    expect_time(m, INQ, 3, 3.0 * D, 8.0 * D / 3.0, 4.0 * D);
    expect_time(m, MQL, 4, 2.5 * D, 2.5 * D, 4.0 * D);
    expect_time(m, SAL, 2, 1.0 * D, 1.0 * D, 1.0 * D);
    expect_time(m, SQL, 1, 6.0 * D, 6.0 * D, 6.0 * D);
    expect_time(m, NUR, 1, 1.0 * D, 1.0 * D, 1.0 * D);
    ck_assert_status(sqlscore_funnel_metrics_time_in_stage(m, OPP, &c, &md, &mn, &p),
                     SQLSCORE_EUNDEFINED, "no durations for opportunity");

    /* Velocity: inquiry cohort members reaching sql: L0 11->15 = 4, L2 10->13
     * = 3: median 3.5, mean 3.5, p90 rank ceil(1.8) = 2 -> 4. */
    ck_assert_ok(sqlscore_funnel_metrics_velocity(m, &c, &md, &mn, &p));
    ck_assert_int_eq(c, 2);
    ck_assert_double_eq_tol(md, 3.5 * D, 1e-9);
    ck_assert_double_eq_tol(mn, 3.5 * D, 1e-9);
    ck_assert_double_eq_tol(p, 4.0 * D, 1e-9);
}

START_TEST(hand_checked_example)
{
    sqlscore_funnel *f = demand_funnel();
    sqlscore_funnel_metrics *m = new_metrics(f);
    int64_t ent[EX_N], tm[EX_N];
    int32_t stg[EX_N];
    size_t n = example(ent, stg, tm, 0x3f);
    ck_assert_uint_eq(n, 20);
    sqlscore_funnel_free(f);          /* the metrics keep their own copy */
    ck_assert_ok(sqlscore_funnel_metrics_add_log(m, ent, stg, tm, n, 0, NULL));
    check_example(m);
    sqlscore_funnel_metrics_free(m);
    ck_assert_int_eq(sqlscore_test_alloc_live(), 0);
}
END_TEST

START_TEST(log_sorted_by_entity_same_numbers)
{
    sqlscore_funnel *f = demand_funnel();
    sqlscore_funnel_metrics *m = new_metrics(f);
    int64_t ent[EX_N], tm[EX_N];
    int32_t stg[EX_N];
    size_t n = 0, k;
    unsigned e;
    /* Entity by entity, as a CRM export sorted by deal: no regrouping. */
    for (e = 0; e < 6; e++)
        n += example(ent + n, stg + n, tm + n, 1u << e);
    ck_assert_uint_eq(n, 20);
    for (k = 1; k < n; k++)
        ck_assert_int_le(ent[k - 1], ent[k]);
    ck_assert_ok(sqlscore_funnel_metrics_add_log(m, ent, stg, tm, n, 0, NULL));
    check_example(m);
    sqlscore_funnel_metrics_free(m);
    sqlscore_funnel_free(f);
}
END_TEST

START_TEST(sparse_entities_same_numbers)
{
    sqlscore_funnel *f = demand_funnel();
    sqlscore_funnel_metrics *m = new_metrics(f);
    int64_t ent[EX_N], tm[EX_N];
    int32_t stg[EX_N];
    size_t i, n = example(ent, stg, tm, 0x3f);
    /* Deal ids like a CRM's: far too sparse for the counting sort. */
    for (i = 0; i < n; i++)
        ent[i] = 881836 + ent[i] * 1000003;
    ck_assert_ok(sqlscore_funnel_metrics_add_log(m, ent, stg, tm, n, 0, NULL));
    check_example(m);
    sqlscore_funnel_metrics_free(m);
    sqlscore_funnel_free(f);
}
END_TEST

START_TEST(one_at_a_time_equals_batch)
{
    sqlscore_funnel *f = demand_funnel();
    sqlscore_funnel_metrics *m = new_metrics(f);
    int64_t ent[EX_N], tm[EX_N];
    int32_t stg[EX_N];
    unsigned e;
    /* Entities in a different order, each in its own call. */
    for (e = 6; e-- > 0;) {
        size_t n = example(ent, stg, tm, 1u << e);
        ck_assert_ok(sqlscore_funnel_metrics_add_log(m, ent, stg, tm, n, 0, NULL));
    }
    check_example(m);
    sqlscore_funnel_metrics_free(m);
    sqlscore_funnel_free(f);
}
END_TEST

START_TEST(merge_equals_one_pass)
{
    sqlscore_funnel *f = demand_funnel();
    sqlscore_funnel_metrics *a = new_metrics(f), *b = new_metrics(f), *empty = new_metrics(f);
    int64_t ent[EX_N], tm[EX_N];
    int32_t stg[EX_N];
    size_t n;
    n = example(ent, stg, tm, 0x15);          /* L0, L2, L4 */
    ck_assert_ok(sqlscore_funnel_metrics_add_log(a, ent, stg, tm, n, 0, NULL));
    n = example(ent, stg, tm, 0x2a);          /* L1, L3, L5 */
    ck_assert_ok(sqlscore_funnel_metrics_add_log(b, ent, stg, tm, n, 0, NULL));
    ck_assert_ok(sqlscore_funnel_metrics_merge(a, b));
    check_example(a);
    /* Merging into an empty accumulator copies; b is untouched and reusable. */
    ck_assert_ok(sqlscore_funnel_metrics_merge(empty, a));
    check_example(empty);
    check_example(a);
    ck_assert_status(sqlscore_funnel_metrics_merge(a, a), SQLSCORE_EINVAL, "themselves");
    ck_assert_status(sqlscore_funnel_metrics_merge(a, NULL), SQLSCORE_EINVAL, "other is NULL");
    sqlscore_funnel_metrics_free(a);
    sqlscore_funnel_metrics_free(b);
    sqlscore_funnel_metrics_free(empty);
    sqlscore_funnel_free(f);
}
END_TEST

START_TEST(merge_refuses_incompatible)
{
    sqlscore_funnel *f = demand_funnel(), *g;
    sqlscore_funnel_metrics *a = new_metrics(f), *b;
    ck_assert_ok(sqlscore_funnel_metrics_new(&b, f, 10 * D, 20 * D, 26 * D));
    ck_assert_status(sqlscore_funnel_metrics_merge(a, b), SQLSCORE_EINCOMPATIBLE, "windows differ");
    sqlscore_funnel_metrics_free(b);
    ck_assert_ok(sqlscore_funnel_new_default(&g));
    ck_assert_ok(sqlscore_funnel_metrics_new(&b, g, 10 * D, 20 * D, 25 * D));
    ck_assert_status(sqlscore_funnel_metrics_merge(a, b), SQLSCORE_EINCOMPATIBLE, "funnels differ");
    sqlscore_funnel_metrics_free(b);
    sqlscore_funnel_free(g);
    sqlscore_funnel_metrics_free(a);
    sqlscore_funnel_free(f);
}
END_TEST

START_TEST(empty_metrics_are_undefined)
{
    sqlscore_funnel *f = demand_funnel();
    sqlscore_funnel_metrics *m = new_metrics(f);
    int64_t c = 7;
    double r = 7;
    ck_assert_int_eq(count_of(m, INQ, SQLSCORE_FUNNEL_METRIC_ENTERED), 0);
    ck_assert_status(sqlscore_funnel_metrics_lead_to_sql(m, SQLSCORE_FUNNEL_COHORT, &c, NULL, &r),
                     SQLSCORE_EUNDEFINED, "no lead entered 'inquiry'");
    ck_assert_int_eq(c, 7);
    ck_assert(r == 7);
    ck_assert_status(sqlscore_funnel_metrics_velocity(m, &c, NULL, NULL, NULL),
                     SQLSCORE_EUNDEFINED, "velocity");
    ck_assert_ok(sqlscore_funnel_metrics_add_log(m, NULL, NULL, NULL, 0, 0, NULL));
    sqlscore_funnel_metrics_free(m);
    sqlscore_funnel_free(f);
}
END_TEST

START_TEST(bad_arguments)
{
    sqlscore_funnel *f = demand_funnel(), *u;
    sqlscore_funnel_metrics *m = NULL;
    int64_t v;
    ck_assert_status(sqlscore_funnel_metrics_new(NULL, f, 0, 1, 1), SQLSCORE_EINVAL, "out is NULL");
    ck_assert_status(sqlscore_funnel_metrics_new(&m, NULL, 0, 1, 1), SQLSCORE_EINVAL, "funnel is NULL");
    ck_assert_status(sqlscore_funnel_metrics_new(&m, f, 5, 5, 5), SQLSCORE_EINVAL, "empty window");
    ck_assert_status(sqlscore_funnel_metrics_new(&m, f, 0, 5, 4), SQLSCORE_EINVAL, "as_of 4 is before");
    ck_assert_ok(sqlscore_funnel_new(&u, "unbuilt"));
    ck_assert_status(sqlscore_funnel_metrics_new(&m, u, 0, 5, 5), SQLSCORE_ESTATE, "not built");
    sqlscore_funnel_free(u);
    ck_assert_ptr_null(m);
    m = new_metrics(f);
    ck_assert_status(sqlscore_funnel_metrics_count(m, 9, SQLSCORE_FUNNEL_METRIC_ENTERED, &v),
                     SQLSCORE_ENOTFOUND, "stage 9 is not a stage");
    ck_assert_status(sqlscore_funnel_metrics_count(m, 0, 10, &v), SQLSCORE_EINVAL, "unknown metric 10");
    ck_assert_status(sqlscore_funnel_metrics_count(m, 0, 0, NULL), SQLSCORE_EINVAL, "value is NULL");
    ck_assert_status(sqlscore_funnel_metrics_conversion(m, 1, 1, 0, NULL, NULL, NULL),
                     SQLSCORE_EINVAL, "both 1");
    ck_assert_status(sqlscore_funnel_metrics_conversion(m, 1, 2, 2, NULL, NULL, NULL),
                     SQLSCORE_EINVAL, "unknown basis");
    ck_assert_status(sqlscore_funnel_metrics_conversion(m, 1, -1, 0, NULL, NULL, NULL),
                     SQLSCORE_ENOTFOUND, "to_stage -1");
    ck_assert_status(sqlscore_funnel_metrics_time_in_stage(NULL, 0, NULL, NULL, NULL, NULL),
                     SQLSCORE_EINVAL, "metrics is NULL");
    ck_assert_status(sqlscore_funnel_metrics_add_log(m, NULL, NULL, NULL, 1, 0, NULL),
                     SQLSCORE_EINVAL, "entity is NULL");
    ck_assert_status(sqlscore_funnel_metrics_add_log(m, NULL, NULL, NULL, 0, 4, NULL),
                     SQLSCORE_EINVAL, "only SQLSCORE_MOVE_RESET");
    sqlscore_funnel_metrics_free(m);
    sqlscore_funnel_free(f);
}
END_TEST

/* Run one bad log on metrics that already hold the example; the call must
 * fail with `want`, name event `bad`, and leave the numbers as they were. */
static void bad_log(const int64_t *ent, const int32_t *stg, const int64_t *tm, size_t n,
                    int32_t flags, int want, size_t bad, const char *detail)
{
    sqlscore_funnel *f = demand_funnel();
    sqlscore_funnel_metrics *m = new_metrics(f);
    int64_t e2[EX_N], t2[EX_N];
    int32_t s2[EX_N];
    size_t got = 999, k = example(e2, s2, t2, 0x3f);
    ck_assert_ok(sqlscore_funnel_metrics_add_log(m, e2, s2, t2, k, 0, NULL));
    ck_assert_status(sqlscore_funnel_metrics_add_log(m, ent, stg, tm, n, flags, &got), want, detail);
    ck_assert_uint_eq(got, bad);
    check_example(m);
    sqlscore_funnel_metrics_free(m);
    sqlscore_funnel_free(f);
}

START_TEST(illegal_log_events_are_reported_by_index)
{
    /* Entities 10 and 11; the bad event is always the last one. */
    static const int64_t e[] = { 10, 11, 10, 11, 10 };
    {   /* 10: mql, sql, then back to mql without a reset */
        static const int32_t s[] = { MQL, INQ, SQL, MQL, MQL };
        static const int64_t t[] = { 1, 1, 2, 3, 4 };
        bad_log(e, s, t, 5, 0, SQLSCORE_ETRANSITION, 4,
                "event 4 (entity 10): moving back from 'sql' to 'mql' needs SQLSCORE_MOVE_RESET");
    }
    {   /* the same stage twice */
        static const int32_t s[] = { MQL, INQ, SQL, MQL, SQL };
        static const int64_t t[] = { 1, 1, 2, 3, 4 };
        bad_log(e, s, t, 5, 0, SQLSCORE_ETRANSITION, 4, "event 4 (entity 10): the lead is already in 'sql'");
    }
    {   /* time going backwards for entity 10 */
        static const int32_t s[] = { MQL, INQ, SQL, MQL, OPP };
        static const int64_t t[] = { 1, 1, 5, 3, 4 };
        bad_log(e, s, t, 5, 0, SQLSCORE_ESTATE, 4, "event 4 (entity 10): time 4 is before");
    }
    {   /* leaving customer without reopen */
        static const int32_t s[] = { INQ, INQ, CUS, MQL, SQL };
        static const int64_t t[] = { 1, 1, 2, 3, 4 };
        bad_log(e, s, t, 5, SQLSCORE_MOVE_RESET, SQLSCORE_ETRANSITION, 4, "'customer' is terminal");
    }
    {   /* entering at a side stage */
        static const int32_t s[] = { INQ, NUR, SQL, MQL, DIS };
        static const int64_t t[] = { 1, 1, 2, 3, 4 };
        bad_log(e, s, t, 5, 0, SQLSCORE_ETRANSITION, 1,
                "event 1 (entity 11): a lead enters the funnel at a main stage, not at 'nurture'");
    }
    {   /* a stage index out of range, and a negative entity */
        static const int32_t s[] = { INQ, MQL, SQL, 9, MQL };
        static const int64_t t[] = { 1, 1, 2, 3, 4 };
        static const int64_t eneg[] = { 10, 11, 10, 11, -1 };
        bad_log(e, s, t, 5, 0, SQLSCORE_EINVAL, 3, "event 3: no stage index 9");
        {
            static const int32_t s3[] = { INQ, MQL, SQL, MQL, MQL };
            bad_log(eneg, s3, t, 5, 0, SQLSCORE_EINVAL, 4, "event 4: entity -1 is negative");
        }
    }
}
END_TEST

START_TEST(log_flags_permit_resets_and_reopens)
{
    sqlscore_funnel *f = demand_funnel();
    sqlscore_funnel_metrics *m;
    static const int64_t e[] = { 0, 0, 0, 0, 0 };
    static const int32_t s[] = { INQ, SQL, MQL, CUS, SAL };
    static const int64_t t[] = { 11 * D, 12 * D, 13 * D, 14 * D, 15 * D };
    size_t bad = 999;
    ck_assert_ok(sqlscore_funnel_metrics_new(&m, f, 10 * D, 20 * D, 20 * D));
    ck_assert_status(sqlscore_funnel_metrics_add_log(m, e, s, t, 5, 0, &bad),
                     SQLSCORE_ETRANSITION, "event 2 (entity 0)");
    ck_assert_uint_eq(bad, 2);
    ck_assert_status(sqlscore_funnel_metrics_add_log(m, e, s, t, 5, SQLSCORE_MOVE_RESET, &bad),
                     SQLSCORE_ETRANSITION, "event 4 (entity 0): 'customer' is terminal");
    ck_assert_uint_eq(bad, 4);
    ck_assert_ok(sqlscore_funnel_metrics_add_log(m, e, s, t, 5,
                                                 SQLSCORE_MOVE_RESET | SQLSCORE_MOVE_REOPEN, &bad));
    /* sql was left by a reset at 13, customer reopened at 15; mql entered
     * at 12 (skipped on the way to sql) and at 13 (the reset); the cohort
     * counts the lead once. */
    ck_assert_int_eq(count_of(m, SQL, SQLSCORE_FUNNEL_METRIC_RESET), 1);
    ck_assert_int_eq(count_of(m, CUS, SQLSCORE_FUNNEL_METRIC_REOPENED), 1);
    ck_assert_int_eq(count_of(m, MQL, SQLSCORE_FUNNEL_METRIC_ENTERED), 2);
    ck_assert_int_eq(count_of(m, MQL, SQLSCORE_FUNNEL_METRIC_COHORT), 1);
    ck_assert_int_eq(count_of(m, SAL, SQLSCORE_FUNNEL_METRIC_IN_AT_END), 1);
    sqlscore_funnel_metrics_free(m);
    sqlscore_funnel_free(f);
}
END_TEST

START_TEST(allocation_failures)
{
    sqlscore_funnel *f = demand_funnel();
    int64_t ent[EX_N], tm[EX_N];
    int32_t stg[EX_N];
    long k, before = sqlscore_test_alloc_live();
    int rc, done;
    for (k = 1, done = 0; !done; k++) {
        sqlscore_funnel_metrics *m = NULL;
        sqlscore_test_fail_after(k);
        rc = sqlscore_funnel_metrics_new(&m, f, 10 * D, 20 * D, 25 * D);
        sqlscore_test_alloc_reset();
        if (rc == SQLSCORE_OK)
            done = 1;
        else {
            ck_assert_int_eq(rc, SQLSCORE_ENOMEM);
            ck_assert_ptr_null(m);
        }
        sqlscore_funnel_metrics_free(m);
        ck_assert_int_eq(sqlscore_test_alloc_live(), before);
    }
    /* add_log into metrics that hold half of the leads already; merge. */
    for (k = 1, done = 0; !done; k++) {
        sqlscore_funnel_metrics *m = new_metrics(f), *o = new_metrics(f);
        size_t h = example(ent, stg, tm, 0x15);
        ck_assert_ok(sqlscore_funnel_metrics_add_log(m, ent, stg, tm, h, 0, NULL));
        h = example(ent, stg, tm, 0x2a);
        ck_assert_ok(sqlscore_funnel_metrics_add_log(o, ent, stg, tm, h, 0, NULL));
        sqlscore_test_fail_after(k);
        rc = sqlscore_funnel_metrics_merge(m, o);
        sqlscore_test_alloc_reset();
        if (rc == SQLSCORE_OK) {
            done = 1;
        } else {
            ck_assert_int_eq(rc, SQLSCORE_ENOMEM);
            ck_assert_ok(sqlscore_funnel_metrics_merge(m, o));   /* unchanged: merge again */
        }
        check_example(m);
        sqlscore_funnel_metrics_free(m);
        sqlscore_funnel_metrics_free(o);
        ck_assert_int_eq(sqlscore_test_alloc_live(), before);
    }
    for (k = 1, done = 0; !done; k++) {
        /* Sparse entity ids take the sorting path. */
        sqlscore_funnel_metrics *m = new_metrics(f);
        size_t h = example(ent, stg, tm, 0x3f), i;
        for (i = 0; i < h; i++)
            ent[i] = ent[i] * 1000003 + 881836;
        sqlscore_test_fail_after(k);
        rc = sqlscore_funnel_metrics_add_log(m, ent, stg, tm, h, 0, NULL);
        sqlscore_test_alloc_reset();
        if (rc == SQLSCORE_OK) {
            done = 1;
            check_example(m);
        } else {
            ck_assert_int_eq(rc, SQLSCORE_ENOMEM);
            ck_assert_int_eq(count_of(m, INQ, SQLSCORE_FUNNEL_METRIC_ENTERED), 0);
        }
        sqlscore_funnel_metrics_free(m);
        ck_assert_int_eq(sqlscore_test_alloc_live(), before);
    }
    for (k = 1, done = 0; !done; k++) {
        sqlscore_funnel_metrics *m = new_metrics(f);
        size_t h = example(ent, stg, tm, 0x15);
        ck_assert_ok(sqlscore_funnel_metrics_add_log(m, ent, stg, tm, h, 0, NULL));
        h = example(ent, stg, tm, 0x2a);
        sqlscore_test_fail_after(k);
        rc = sqlscore_funnel_metrics_add_log(m, ent, stg, tm, h, 0, NULL);
        sqlscore_test_alloc_reset();
        if (rc == SQLSCORE_OK) {
            done = 1;
        } else {
            ck_assert_int_eq(rc, SQLSCORE_ENOMEM);
            ck_assert_ok(sqlscore_funnel_metrics_add_log(m, ent, stg, tm, h, 0, NULL));
        }
        check_example(m);
        sqlscore_funnel_metrics_free(m);
        ck_assert_int_eq(sqlscore_test_alloc_live(), before);
    }
    sqlscore_funnel_free(f);
}
END_TEST

/* The example's leads as lead handles, moved by name through the lead API. */
static void example_leads(const sqlscore_funnel *f, sqlscore_lead *leads[6])
{
    static const char *const ids[6] = { "L0", "L1", "L2", "L3", "L4", "L5" };
    size_t i;
    int e;
    for (e = 0; e < 6; e++)
        ck_assert_ok(sqlscore_lead_new(&leads[e], ids[e]));
    for (i = 0; i < EX_N; i++) {
        const char *name;
        if (ex_stage[i] < 0)
            continue;
        ck_assert_ok(sqlscore_funnel_stage_name(f, ex_stage[i], &name));
        ck_assert_ok(sqlscore_lead_stage_move(leads[ex_entity[i]], f, name, ex_day[i] * D, 0, 0,
                                              "from the example"));
    }
}

START_TEST(leads_give_the_same_numbers_as_the_log)
{
    sqlscore_funnel *f = demand_funnel(), *g;
    sqlscore_funnel_metrics *one = new_metrics(f), *batch = new_metrics(f);
    sqlscore_lead *leads[6], *fresh, *alien;
    const sqlscore_lead *with_null[3];
    int e;
    example_leads(f, leads);
    ck_assert_ok(sqlscore_lead_new(&fresh, "never moved"));
    for (e = 5; e >= 0; e--)
        ck_assert_ok(sqlscore_funnel_metrics_add_lead(one, leads[e]));
    ck_assert_ok(sqlscore_funnel_metrics_add_lead(one, fresh));      /* adds nothing */
    check_example(one);
    ck_assert_ok(sqlscore_funnel_metrics_add_leads(batch, (const sqlscore_lead *const *)leads, 6));
    check_example(batch);
    ck_assert_ok(sqlscore_funnel_metrics_add_leads(batch, NULL, 0));

    /* A lead of another funnel, or a NULL in the batch: nothing is added. */
    ck_assert_ok(sqlscore_funnel_new_default(&g));
    ck_assert_ok(sqlscore_lead_new(&alien, "A-1"));
    ck_assert_ok(sqlscore_lead_stage_move(alien, g, "mql", 12 * D, 0, 0, NULL));
    with_null[0] = leads[0];
    with_null[1] = alien;
    with_null[2] = NULL;
    ck_assert_status(sqlscore_funnel_metrics_add_leads(batch, with_null, 2), SQLSCORE_EINCOMPATIBLE,
                     "lead 'A-1': its stages belong to funnel 'default', not 'demand'");
    with_null[1] = NULL;
    ck_assert_status(sqlscore_funnel_metrics_add_leads(batch, with_null, 2), SQLSCORE_EINVAL,
                     "leads[1] is NULL");
    ck_assert_status(sqlscore_funnel_metrics_add_lead(batch, alien), SQLSCORE_EINCOMPATIBLE,
                     "belong to funnel 'default'");
    ck_assert_status(sqlscore_funnel_metrics_add_lead(batch, NULL), SQLSCORE_EINVAL, "lead is NULL");
    ck_assert_status(sqlscore_funnel_metrics_add_leads(batch, NULL, 1), SQLSCORE_EINVAL,
                     "leads is NULL");
    check_example(batch);

    for (e = 0; e < 6; e++)
        sqlscore_lead_free(leads[e]);
    sqlscore_lead_free(fresh);
    sqlscore_lead_free(alien);
    sqlscore_funnel_free(g);
    sqlscore_funnel_metrics_free(one);
    sqlscore_funnel_metrics_free(batch);
    sqlscore_funnel_free(f);
    ck_assert_int_eq(sqlscore_test_alloc_live(), 0);
}
END_TEST

START_TEST(adding_leads_under_allocation_failures)
{
    sqlscore_funnel *f = demand_funnel();
    sqlscore_lead *leads[6];
    long k, before;
    int e, rc, done;
    example_leads(f, leads);
    before = sqlscore_test_alloc_live();
    for (k = 1, done = 0; !done; k++) {
        sqlscore_funnel_metrics *m = new_metrics(f);
        ck_assert_ok(sqlscore_funnel_metrics_add_lead(m, leads[0]));
        sqlscore_test_fail_after(k);
        rc = sqlscore_funnel_metrics_add_leads(m, (const sqlscore_lead *const *)leads + 1, 5);
        sqlscore_test_alloc_reset();
        if (rc == SQLSCORE_OK) {
            done = 1;
        } else {
            ck_assert_int_eq(rc, SQLSCORE_ENOMEM);
            ck_assert_ok(sqlscore_funnel_metrics_add_leads(m, (const sqlscore_lead *const *)leads + 1, 5));
        }
        check_example(m);
        sqlscore_funnel_metrics_free(m);
        ck_assert_int_eq(sqlscore_test_alloc_live(), before);
    }
    for (k = 1, done = 0; !done; k++) {
        sqlscore_funnel_metrics *m = new_metrics(f);
        ck_assert_ok(sqlscore_funnel_metrics_add_leads(m, (const sqlscore_lead *const *)leads, 5));
        sqlscore_test_fail_after(k);
        rc = sqlscore_funnel_metrics_add_lead(m, leads[5]);
        sqlscore_test_alloc_reset();
        if (rc == SQLSCORE_OK) {
            done = 1;
        } else {
            ck_assert_int_eq(rc, SQLSCORE_ENOMEM);
            ck_assert_ok(sqlscore_funnel_metrics_add_lead(m, leads[5]));
        }
        check_example(m);
        sqlscore_funnel_metrics_free(m);
        ck_assert_int_eq(sqlscore_test_alloc_live(), before);
    }
    for (e = 0; e < 6; e++)
        sqlscore_lead_free(leads[e]);
    sqlscore_funnel_free(f);
}
END_TEST

START_TEST(extreme_times)
{
    sqlscore_funnel *f = demand_funnel();
    sqlscore_funnel_metrics *m;
    static const int64_t e[] = { 0, 0, 1 };
    static const int32_t s[] = { INQ, MQL, MQL };
    static const int64_t t[] = { INT64_MIN, INT64_MAX - 1, INT64_MIN };
    size_t bad = 99;
    /* The window covers all of time but its last second. */
    ck_assert_ok(sqlscore_funnel_metrics_new(&m, f, INT64_MIN, INT64_MAX, INT64_MAX));
    /* Entity 0 stays in inquiry for more than INT64_MAX seconds. */
    ck_assert_status(sqlscore_funnel_metrics_add_log(m, e, s, t, 2, 0, &bad), SQLSCORE_ERANGE,
                     "time in stage overflows");
    ck_assert_uint_eq(bad, 99);
    ck_assert_int_eq(count_of(m, INQ, SQLSCORE_FUNNEL_METRIC_ENTERED), 0);
    /* Entity 1 has sat in mql (SLA 5 days) since the beginning of time:
     * stale, without overflowing. */
    ck_assert_ok(sqlscore_funnel_metrics_add_log(m, e + 2, s + 2, t + 2, 1, 0, &bad));
    ck_assert_int_eq(count_of(m, MQL, SQLSCORE_FUNNEL_METRIC_STALE), 1);
    ck_assert_int_eq(count_of(m, INQ, SQLSCORE_FUNNEL_METRIC_ENTERED), 1);
    sqlscore_funnel_metrics_free(m);
    sqlscore_funnel_free(f);
}
END_TEST

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Many stays (the summaries switch to a radix sort past a few hundred),
 * durations spread over all 64-bit digits; checked against qsort. */
START_TEST(large_summaries_match_a_plain_sort)
{
    enum { N = 3001 };
    sqlscore_funnel *f = demand_funnel();
    sqlscore_funnel_metrics *m;
    static int64_t ent[2 * N], tm[2 * N], dur[N];
    static int32_t stg[2 * N];
    uint64_t x = 88172645463325252u;
    size_t i, k;
    int64_t c;
    double md, mn, p, sum = 0;
    for (i = 0; i < N; i++) {
        /* xorshift: independent of the library */
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        dur[i] = (int64_t)(x >> (i % 3 == 0 ? 2 : i % 3 == 1 ? 30 : 50));
        ent[2 * i] = ent[2 * i + 1] = (int64_t)i;
        stg[2 * i] = INQ;
        stg[2 * i + 1] = MQL;
        tm[2 * i] = 0;
        tm[2 * i + 1] = dur[i];
        sum += (double)dur[i];
    }
    ck_assert_ok(sqlscore_funnel_metrics_new(&m, f, 0, INT64_MAX, INT64_MAX));
    ck_assert_ok(sqlscore_funnel_metrics_add_log(m, ent, stg, tm, 2 * N, 0, NULL));
    qsort(dur, N, sizeof dur[0], cmp_i64);
    ck_assert_ok(sqlscore_funnel_metrics_time_in_stage(m, INQ, &c, &md, &mn, &p));
    ck_assert_int_eq(c, N);
    ck_assert(md == (double)dur[N / 2]);                 /* odd count */
    k = (9 * N + 9) / 10;                                /* ceil(0.9 * 3001) = 2701 */
    ck_assert_uint_eq(k, 2701);
    ck_assert(p == (double)dur[k - 1]);
    ck_assert_double_eq_tol(mn, sum / N, sum / N * 1e-12);
    /* Velocity: inquiry -> sql is not reached by anyone. */
    ck_assert_status(sqlscore_funnel_metrics_velocity(m, &c, NULL, NULL, NULL), SQLSCORE_EUNDEFINED,
                     "velocity");
    /* The summary sorts a copy: allocation failures change nothing. */
    {
        long kk, before = sqlscore_test_alloc_live();
        int rc = SQLSCORE_ENOMEM;
        for (kk = 1; rc != SQLSCORE_OK; kk++) {
            double md2 = -1;
            sqlscore_test_fail_after(kk);
            rc = sqlscore_funnel_metrics_time_in_stage(m, INQ, NULL, &md2, NULL, NULL);
            sqlscore_test_alloc_reset();
            if (rc != SQLSCORE_OK) {
                ck_assert_int_eq(rc, SQLSCORE_ENOMEM);
                ck_assert(md2 == -1);
            } else {
                ck_assert(md2 == md);
            }
            ck_assert_int_eq(sqlscore_test_alloc_live(), before);
        }
    }
    sqlscore_funnel_metrics_free(m);
    sqlscore_funnel_free(f);
}
END_TEST

Suite *sqlscore_test_suite(void)
{
    Suite *s = suite_create("funnel_metrics");
    TCase *tc = tcase_create("funnel_metrics");
    tcase_add_test(tc, hand_checked_example);
    tcase_add_test(tc, sparse_entities_same_numbers);
    tcase_add_test(tc, log_sorted_by_entity_same_numbers);
    tcase_add_test(tc, one_at_a_time_equals_batch);
    tcase_add_test(tc, merge_equals_one_pass);
    tcase_add_test(tc, merge_refuses_incompatible);
    tcase_add_test(tc, empty_metrics_are_undefined);
    tcase_add_test(tc, bad_arguments);
    tcase_add_test(tc, illegal_log_events_are_reported_by_index);
    tcase_add_test(tc, log_flags_permit_resets_and_reopens);
    tcase_add_test(tc, allocation_failures);
    tcase_add_test(tc, leads_give_the_same_numbers_as_the_log);
    tcase_add_test(tc, extreme_times);
    tcase_add_test(tc, large_summaries_match_a_plain_sort);
    tcase_add_test(tc, adding_leads_under_allocation_failures);
    suite_add_tcase(s, tc);
    return s;
}
