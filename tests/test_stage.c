/*
 * test_stage.c - stage moves on a lead: history records, skips, recycle,
 * reset, reopen, terminal stages, time order, stale SLA stages, refusals that
 * change nothing, clone, and allocation failures.
 */
#include "testutil.h"
#include "funnel_internal.h"
#include "lead_internal.h"

#define D 86400
enum { INQ, MQL, SAL, SQL, OPP, CUS, NUR, DIS, LOS };

struct rec {
    int32_t from, to;
    int64_t time;
    int32_t kind, flags, code;
    const char *reason;
};

static struct rec rec_at(const sqlscore_lead *l, size_t i)
{
    struct rec r;
    ck_assert_ok(sqlscore_lead_stage_history_get(l, i, &r.from, &r.to, &r.time, &r.kind,
                                                 &r.flags, &r.code, &r.reason));
    return r;
}

static void expect_rec(const sqlscore_lead *l, size_t i, int32_t from, int32_t to, int64_t time,
                       int32_t kind, int32_t flags, int32_t code, const char *reason)
{
    struct rec r = rec_at(l, i);
    ck_assert_msg(r.from == from && r.to == to && r.time == time && r.kind == kind &&
                  r.flags == flags && r.code == code,
                  "record %zu: got %d->%d @%lld kind %d flags %d code %d", i, (int)r.from,
                  (int)r.to, (long long)r.time, (int)r.kind, (int)r.flags, (int)r.code);
    ck_assert_str_eq(r.reason, reason);
}

static size_t hist_n(const sqlscore_lead *l)
{
    size_t n = 99;
    ck_assert_ok(sqlscore_lead_stage_history_count(l, &n));
    return n;
}

static int32_t current(const sqlscore_lead *l, int64_t *since)
{
    int32_t s = -9;
    ck_assert_ok(sqlscore_lead_stage_current(l, &s, since));
    return s;
}

START_TEST(forward_moves_and_skips_are_recorded)
{
    sqlscore_funnel *f;
    sqlscore_lead *l;
    int64_t since;
    ck_assert_ok(sqlscore_funnel_new_default(&f));
    ck_assert_ok(sqlscore_lead_new(&l, "L-1"));
    ck_assert_uint_eq(hist_n(l), 0);
    ck_assert_status(sqlscore_lead_stage_current(l, NULL, NULL), SQLSCORE_ENOTFOUND,
                     "has not entered a funnel");
    ck_assert_ok(sqlscore_lead_stage_move(l, f, "Inquiry", 100, 0, 0, NULL));
    ck_assert_ok(sqlscore_lead_stage_move(l, f, "mql", 200, 0, 17, "score 65"));
    /* mql -> sql skips sal: two records at the same time. */
    ck_assert_ok(sqlscore_lead_stage_move(l, f, "SQL", 300, 0, 0, "demo booked"));
    ck_assert_uint_eq(hist_n(l), 4);
    expect_rec(l, 0, -1, INQ, 100, SQLSCORE_MOVE_KIND_ENTER, 0, 0, "");
    expect_rec(l, 1, INQ, MQL, 200, SQLSCORE_MOVE_KIND_FORWARD, 0, 17, "score 65");
    expect_rec(l, 2, MQL, SAL, 300, SQLSCORE_MOVE_KIND_FORWARD, SQLSCORE_MOVE_SKIPPED, 0, "");
    expect_rec(l, 3, SAL, SQL, 300, SQLSCORE_MOVE_KIND_FORWARD, 0, 0, "demo booked");
    ck_assert_int_eq(current(l, &since), SQL);
    ck_assert_int_eq(since, 300);
    /* The same time again is fine; earlier is not. */
    ck_assert_ok(sqlscore_lead_stage_move(l, f, "opportunity", 300, 0, 0, NULL));
    ck_assert_status(sqlscore_lead_stage_move(l, f, "customer", 299, 0, 0, NULL),
                     SQLSCORE_ESTATE, "time 299 is before the lead's last move at 300");
    ck_assert_ok(sqlscore_lead_stage_move(l, f, "customer", 400, 0, 0, "signed"));
    ck_assert_uint_eq(hist_n(l), 6);
    ck_assert_int_eq(current(l, NULL), CUS);
    ck_assert_status(sqlscore_lead_stage_history_get(l, 6, NULL, NULL, NULL, NULL, NULL, NULL,
                                                     NULL), SQLSCORE_ENOTFOUND, "no move 6");
    ck_assert_ok(sqlscore_lead_stage_history_get(l, 5, NULL, NULL, NULL, NULL, NULL, NULL, NULL));
    sqlscore_lead_free(l);

    /* A lead created straight at sql passes inquiry, mql and sal. */
    ck_assert_ok(sqlscore_lead_new(&l, "L-2"));
    ck_assert_ok(sqlscore_lead_stage_move(l, f, "sql", 50, 0, 3, "imported"));
    ck_assert_uint_eq(hist_n(l), 4);
    expect_rec(l, 0, -1, INQ, 50, SQLSCORE_MOVE_KIND_ENTER, SQLSCORE_MOVE_SKIPPED, 3, "");
    expect_rec(l, 1, INQ, MQL, 50, SQLSCORE_MOVE_KIND_ENTER, SQLSCORE_MOVE_SKIPPED, 3, "");
    expect_rec(l, 2, MQL, SAL, 50, SQLSCORE_MOVE_KIND_ENTER, SQLSCORE_MOVE_SKIPPED, 3, "");
    expect_rec(l, 3, SAL, SQL, 50, SQLSCORE_MOVE_KIND_ENTER, 0, 3, "imported");
    sqlscore_lead_free(l);
    sqlscore_funnel_free(f);
    ck_assert_int_eq(sqlscore_test_alloc_live(), 0);
}
END_TEST

START_TEST(recycle_reset_and_reopen)
{
    sqlscore_funnel *f;
    sqlscore_lead *l;
    ck_assert_ok(sqlscore_funnel_new_default(&f));
    ck_assert_ok(sqlscore_lead_new(&l, "L"));
    ck_assert_ok(sqlscore_lead_stage_move(l, f, "sal", 10, 0, 0, NULL));      /* 3 records */
    /* Backward needs an explicit recycle or reset, each with a reason. */
    ck_assert_status(sqlscore_lead_stage_move(l, f, "mql", 20, 0, 0, "x"), SQLSCORE_ETRANSITION,
                     "moving back from 'sal' to 'mql' needs SQLSCORE_MOVE_RESET");
    ck_assert_status(sqlscore_lead_stage_move(l, f, "nurture", 20, 0, 0, NULL),
                     SQLSCORE_ETRANSITION, "recycling to nurture needs a reason");
    ck_assert_status(sqlscore_lead_stage_move(l, f, "nurture", 20, 0, 0, ""),
                     SQLSCORE_ETRANSITION, "needs a reason");
    ck_assert_uint_eq(hist_n(l), 3);
    ck_assert_ok(sqlscore_lead_stage_move(l, f, "nurture", 20, 0, 5, "no budget this year"));
    expect_rec(l, 3, SAL, NUR, 20, SQLSCORE_MOVE_KIND_RECYCLE, 0, 5, "no budget this year");
    /* Back from nurture to opportunity: re-enters after inquiry, passing
     * mql, sal and sql. */
    ck_assert_ok(sqlscore_lead_stage_move(l, f, "opportunity", 30, 0, 0, "re-engaged"));
    ck_assert_uint_eq(hist_n(l), 8);
    expect_rec(l, 4, NUR, MQL, 30, SQLSCORE_MOVE_KIND_FORWARD, SQLSCORE_MOVE_SKIPPED, 0, "");
    expect_rec(l, 6, SAL, SQL, 30, SQLSCORE_MOVE_KIND_FORWARD, SQLSCORE_MOVE_SKIPPED, 0, "");
    expect_rec(l, 7, SQL, OPP, 30, SQLSCORE_MOVE_KIND_FORWARD, 0, 0, "re-engaged");
    /* Reset: explicit flag and reason. */
    ck_assert_status(sqlscore_lead_stage_move(l, f, "sal", 40, SQLSCORE_MOVE_RESET, 0, NULL),
                     SQLSCORE_ETRANSITION, "a reset needs a reason");
    ck_assert_ok(sqlscore_lead_stage_move(l, f, "sal", 40, SQLSCORE_MOVE_RESET, 0, "wrong owner"));
    expect_rec(l, 8, OPP, SAL, 40, SQLSCORE_MOVE_KIND_RESET, SQLSCORE_MOVE_RESET, 0, "wrong owner");
    /* Won is terminal until reopened. */
    ck_assert_ok(sqlscore_lead_stage_move(l, f, "customer", 50, 0, 0, NULL));
    ck_assert_uint_eq(hist_n(l), 12);          /* sql, opportunity skipped */
    ck_assert_status(sqlscore_lead_stage_move(l, f, "lost", 60, 0, 0, NULL), SQLSCORE_ETRANSITION,
                     "'customer' is terminal");
    ck_assert_status(sqlscore_lead_stage_move(l, f, "disqualified", 60, SQLSCORE_MOVE_RESET, 0, "x"),
                     SQLSCORE_ETRANSITION, "'customer' is terminal");
    ck_assert_status(sqlscore_lead_stage_move(l, f, "opportunity", 60, SQLSCORE_MOVE_REOPEN, 0, NULL),
                     SQLSCORE_ETRANSITION, "reopening needs a reason");
    ck_assert_ok(sqlscore_lead_stage_move(l, f, "opportunity", 60, SQLSCORE_MOVE_REOPEN, 9,
                                          "upsell"));
    expect_rec(l, 12, CUS, OPP, 60, SQLSCORE_MOVE_KIND_REOPEN, SQLSCORE_MOVE_REOPEN, 9, "upsell");
    /* Lost from an open stage; terminal too. */
    ck_assert_ok(sqlscore_lead_stage_move(l, f, "LOST", 70, 0, 2, "competitor"));
    expect_rec(l, 13, OPP, LOS, 70, SQLSCORE_MOVE_KIND_LOSE, 0, 2, "competitor");
    ck_assert_status(sqlscore_lead_stage_move(l, f, "nurture", 80, 0, 0, "x"), SQLSCORE_ETRANSITION,
                     "'lost' is terminal");
    ck_assert_status(sqlscore_lead_stage_move(l, f, "disqualified", 80, SQLSCORE_MOVE_REOPEN, 0, "x"),
                     SQLSCORE_ETRANSITION, "goes to a main stage or nurture");
    ck_assert_ok(sqlscore_lead_stage_move(l, f, "nurture", 80, SQLSCORE_MOVE_REOPEN, 0, "new budget"));
    expect_rec(l, 14, LOS, NUR, 80, SQLSCORE_MOVE_KIND_REOPEN, SQLSCORE_MOVE_REOPEN, 0, "new budget");
    /* Disqualified from nurture; out of it by recycle or an explicit reset. */
    ck_assert_ok(sqlscore_lead_stage_move(l, f, "disqualified", 90, 0, 4, "student"));
    expect_rec(l, 15, NUR, DIS, 90, SQLSCORE_MOVE_KIND_DISQUALIFY, 0, 4, "student");
    ck_assert_status(sqlscore_lead_stage_move(l, f, "lost", 95, 0, 0, NULL), SQLSCORE_ETRANSITION,
                     "no move from 'disqualified' to 'lost'");
    ck_assert_status(sqlscore_lead_stage_move(l, f, "mql", 95, 0, 0, "x"), SQLSCORE_ETRANSITION,
                     "leaving 'disqualified' for 'mql' needs");
    ck_assert_ok(sqlscore_lead_stage_move(l, f, "mql", 95, SQLSCORE_MOVE_RESET, 0, "graduated"));
    expect_rec(l, 16, DIS, MQL, 95, SQLSCORE_MOVE_KIND_RESET, SQLSCORE_MOVE_RESET, 0, "graduated");
    ck_assert_int_eq(current(l, NULL), MQL);
    sqlscore_lead_free(l);
    sqlscore_funnel_free(f);
}
END_TEST

START_TEST(refused_moves_change_nothing)
{
    sqlscore_funnel *f, *g;
    sqlscore_lead *l;
    int64_t since;
    ck_assert_ok(sqlscore_funnel_new_default(&f));
    ck_assert_ok(sqlscore_funnel_new(&g, "other"));
    ck_assert_ok(sqlscore_funnel_add_stage(g, "a", 0));
    ck_assert_ok(sqlscore_funnel_add_stage(g, "sql", 0));
    ck_assert_ok(sqlscore_funnel_add_stage(g, "b", 0));
    ck_assert_ok(sqlscore_lead_new(&l, "L"));
    ck_assert_status(sqlscore_lead_stage_move(l, g, "a", 1, 0, 0, NULL), SQLSCORE_ESTATE,
                     "not built");
    ck_assert_ok(sqlscore_funnel_build(g));
    ck_assert_status(sqlscore_lead_stage_move(l, f, "nurture", 1, 0, 0, "x"),
                     SQLSCORE_ETRANSITION, "enters the funnel at a main stage");
    ck_assert_uint_eq(hist_n(l), 0);
    ck_assert_ok(sqlscore_lead_stage_move(l, f, "mql", 10, 0, 0, NULL));
    ck_assert_status(sqlscore_lead_stage_move(l, g, "b", 20, 0, 0, NULL), SQLSCORE_EINCOMPATIBLE,
                     "belong to funnel 'default', not 'other'");
    {   /* Funnel names, like stage names, ignore case. */
        sqlscore_funnel *h;
        int32_t stale = 9;
        ck_assert_ok(sqlscore_funnel_new(&h, "DEFAULT"));
        ck_assert_ok(sqlscore_funnel_add_stage(h, "inquiry", 0));
        ck_assert_ok(sqlscore_funnel_add_stage(h, "mql", 1));
        ck_assert_ok(sqlscore_funnel_add_stage(h, "sql", 0));
        ck_assert_ok(sqlscore_funnel_add_stage(h, "won", 0));
        ck_assert_ok(sqlscore_funnel_build(h));
        ck_assert_ok(sqlscore_lead_stage_stale(l, h, 12, &stale));
        ck_assert_int_eq(stale, 1);
        sqlscore_funnel_free(h);
    }
    {   /* A smaller funnel under the same name cannot be indexed past its end. */
        sqlscore_lead *big;
        sqlscore_funnel *small;
        sqlscore_funnel_metrics *m;
        int32_t stale = 9;
        ck_assert_ok(sqlscore_lead_new(&big, "B-7"));
        ck_assert_ok(sqlscore_lead_stage_move(big, f, "customer", 10, 0, 0, NULL));
        ck_assert_ok(sqlscore_funnel_new(&small, "default"));
        ck_assert_ok(sqlscore_funnel_add_stage(small, "a", 0));
        ck_assert_ok(sqlscore_funnel_add_stage(small, "sql", 0));
        ck_assert_ok(sqlscore_funnel_add_stage(small, "b", 0));
        ck_assert_ok(sqlscore_funnel_set_side_stages(small, 0));
        ck_assert_ok(sqlscore_funnel_build(small));
        ck_assert_status(sqlscore_lead_stage_move(big, small, "a", 20, SQLSCORE_MOVE_REOPEN, 0, "x"),
                         SQLSCORE_EINCOMPATIBLE, "the lead is in stage 5, which funnel 'default' does not have");
        ck_assert_status(sqlscore_lead_stage_stale(big, small, 20, &stale), SQLSCORE_EINCOMPATIBLE,
                         "has no stage 5");
        ck_assert_ok(sqlscore_funnel_metrics_new(&m, small, 0, 100, 100));
        ck_assert_status(sqlscore_funnel_metrics_add_lead(m, big), SQLSCORE_EINCOMPATIBLE,
                         "lead 'B-7': stage 3 does not exist in funnel 'default'");
        sqlscore_funnel_metrics_free(m);
        sqlscore_funnel_free(small);
        sqlscore_lead_free(big);
    }
    ck_assert_status(sqlscore_lead_stage_move(l, f, "won", 20, 0, 0, NULL), SQLSCORE_ENOTFOUND,
                     "no stage 'won'");
    ck_assert_status(sqlscore_lead_stage_move(l, f, "mql", 20, 0, 0, NULL), SQLSCORE_ETRANSITION,
                     "already in 'mql'");
    ck_assert_status(sqlscore_lead_stage_move(l, f, "sal", 5, 0, 0, NULL), SQLSCORE_ESTATE,
                     "before the lead's last move");
    ck_assert_status(sqlscore_lead_stage_move(l, f, "sal", 20, 16, 0, NULL), SQLSCORE_EINVAL,
                     "unknown bits");
    ck_assert_status(sqlscore_lead_stage_move(l, f, "sal", 20, 0, 0, "K\xC3"), SQLSCORE_EINVAL,
                     "reason is not valid UTF-8");
    ck_assert_status(sqlscore_lead_stage_move(l, f, NULL, 20, 0, 0, NULL), SQLSCORE_EINVAL,
                     "stage is NULL");
    ck_assert_status(sqlscore_lead_stage_move(NULL, f, "sal", 20, 0, 0, NULL), SQLSCORE_EINVAL,
                     "lead is NULL");
    ck_assert_status(sqlscore_lead_stage_move(l, NULL, "sal", 20, 0, 0, NULL), SQLSCORE_EINVAL,
                     "funnel is NULL");
    ck_assert_status(sqlscore_lead_stage_history_count(l, NULL), SQLSCORE_EINVAL, "count is NULL");
    ck_assert_uint_eq(hist_n(l), 2);
    ck_assert_int_eq(current(l, &since), MQL);
    ck_assert_int_eq(since, 10);
    /* The override flag without a gate is accepted and not recorded. */
    ck_assert_ok(sqlscore_lead_stage_move(l, f, "sql", 20, SQLSCORE_MOVE_OVERRIDE, 0, NULL));
    expect_rec(l, 3, SAL, SQL, 20, SQLSCORE_MOVE_KIND_FORWARD, 0, 0, "");
    sqlscore_lead_free(l);
    sqlscore_funnel_free(g);
    sqlscore_funnel_free(f);
}
END_TEST

START_TEST(skip_forbidden_funnel)
{
    sqlscore_funnel *f;
    sqlscore_lead *l;
    ck_assert_ok(sqlscore_funnel_new(&f, "strict"));
    ck_assert_ok(sqlscore_funnel_add_stage(f, "new", 0));
    ck_assert_ok(sqlscore_funnel_add_stage(f, "sql", 0));
    ck_assert_ok(sqlscore_funnel_add_stage(f, "won", 0));
    ck_assert_ok(sqlscore_funnel_set_skip(f, SQLSCORE_FUNNEL_SKIP_FORBIDDEN));
    ck_assert_ok(sqlscore_funnel_set_side_stages(f, SQLSCORE_FUNNEL_SIDE_LOST));
    ck_assert_ok(sqlscore_funnel_build(f));
    ck_assert_ok(sqlscore_lead_new(&l, "L"));
    ck_assert_status(sqlscore_lead_stage_move(l, f, "sql", 1, 0, 0, NULL), SQLSCORE_ETRANSITION,
                     "forbids skipping");
    ck_assert_ok(sqlscore_lead_stage_move(l, f, "new", 1, 0, 0, NULL));
    ck_assert_status(sqlscore_lead_stage_move(l, f, "won", 2, 0, 0, NULL), SQLSCORE_ETRANSITION,
                     "the next stage is 'sql', not 'won'");
    ck_assert_status(sqlscore_lead_stage_move(l, f, "nurture", 2, 0, 0, "x"), SQLSCORE_ENOTFOUND,
                     "no stage 'nurture'");
    ck_assert_ok(sqlscore_lead_stage_move(l, f, "sql", 2, 0, 0, NULL));
    ck_assert_ok(sqlscore_lead_stage_move(l, f, "lost", 3, 0, 0, NULL));
    ck_assert_uint_eq(hist_n(l), 3);
    sqlscore_lead_free(l);
    sqlscore_funnel_free(f);
}
END_TEST

START_TEST(stale_sla_stages)
{
    sqlscore_funnel *f, *d;
    sqlscore_lead *l, *empty;
    int32_t stale = 7;
    ck_assert_ok(sqlscore_funnel_new(&f, "sla"));
    ck_assert_ok(sqlscore_funnel_add_stage(f, "inquiry", 0));
    ck_assert_ok(sqlscore_funnel_add_stage(f, "mql", 5 * D));
    ck_assert_ok(sqlscore_funnel_add_stage(f, "sql", 0));
    ck_assert_ok(sqlscore_funnel_add_stage(f, "won", 0));
    ck_assert_ok(sqlscore_funnel_build(f));
    ck_assert_ok(sqlscore_lead_new(&l, "L"));
    ck_assert_ok(sqlscore_lead_new(&empty, "E"));
    ck_assert_status(sqlscore_lead_stage_stale(empty, f, 0, &stale), SQLSCORE_ENOTFOUND,
                     "has not entered");
    ck_assert_ok(sqlscore_lead_stage_move(l, f, "inquiry", 0, 0, 0, NULL));
    /* No SLA on inquiry: never stale. */
    ck_assert_ok(sqlscore_lead_stage_stale(l, f, 1000 * D, &stale));
    ck_assert_int_eq(stale, 0);
    ck_assert_ok(sqlscore_lead_stage_move(l, f, "mql", 10 * D, 0, 0, NULL));
    ck_assert_ok(sqlscore_lead_stage_stale(l, f, 15 * D, &stale));    /* exactly 5 days */
    ck_assert_int_eq(stale, 0);
    ck_assert_ok(sqlscore_lead_stage_stale(l, f, 15 * D + 1, &stale));
    ck_assert_int_eq(stale, 1);
    ck_assert_ok(sqlscore_lead_stage_stale(l, f, INT64_MAX, &stale));
    ck_assert_int_eq(stale, 1);
    ck_assert_ok(sqlscore_lead_stage_stale(l, f, 3 * D, &stale));     /* before the entry */
    ck_assert_int_eq(stale, 0);
    ck_assert_ok(sqlscore_lead_stage_move(l, f, "sql", 20 * D, 0, 0, NULL));
    ck_assert_ok(sqlscore_lead_stage_stale(l, f, 100 * D, &stale));
    ck_assert_int_eq(stale, 0);
    ck_assert_ok(sqlscore_funnel_new_default(&d));
    ck_assert_status(sqlscore_lead_stage_stale(l, d, 0, &stale), SQLSCORE_EINCOMPATIBLE,
                     "belong to funnel 'sla'");
    ck_assert_status(sqlscore_lead_stage_stale(l, f, 0, NULL), SQLSCORE_EINVAL, "stale is NULL");
    sqlscore_funnel_free(d);
    sqlscore_lead_free(empty);
    sqlscore_lead_free(l);
    sqlscore_funnel_free(f);
}
END_TEST

START_TEST(clone_copies_history)
{
    sqlscore_funnel *f;
    sqlscore_lead *l, *c;
    ck_assert_ok(sqlscore_funnel_new_default(&f));
    ck_assert_ok(sqlscore_lead_new(&l, "L"));
    ck_assert_ok(sqlscore_lead_stage_move(l, f, "sal", 10, 0, 1, "form"));
    ck_assert_ok(sqlscore_lead_clone(&c, l));
    ck_assert_ok(sqlscore_lead_stage_move(l, f, "nurture", 20, 0, 0, "later"));
    ck_assert_uint_eq(hist_n(c), 3);
    ck_assert_uint_eq(hist_n(l), 4);
    expect_rec(c, 2, MQL, SAL, 10, SQLSCORE_MOVE_KIND_ENTER, 0, 1, "form");
    ck_assert_ok(sqlscore_lead_stage_move(c, f, "sql", 30, 0, 0, NULL));
    ck_assert_int_eq(current(c, NULL), SQL);
    ck_assert_int_eq(current(l, NULL), NUR);
    sqlscore_lead_free(l);
    sqlscore_lead_free(c);
    sqlscore_funnel_free(f);
    ck_assert_int_eq(sqlscore_test_alloc_live(), 0);
}
END_TEST

START_TEST(allocation_failures)
{
    sqlscore_funnel *f;
    long k, before;
    int done, rc;
    ck_assert_ok(sqlscore_funnel_new_default(&f));
    before = sqlscore_test_alloc_live();
    /* The first move creates the history; a later skip grows it. */
    for (k = 1, done = 0; !done; k++) {
        sqlscore_lead *l;
        ck_assert_ok(sqlscore_lead_new(&l, "L"));
        sqlscore_test_fail_after(k);
        rc = sqlscore_lead_stage_move(l, f, "mql", 10, 0, 0, "first");
        sqlscore_test_alloc_reset();
        if (rc == SQLSCORE_OK) {
            done = 1;
            ck_assert_uint_eq(hist_n(l), 2);
        } else {
            ck_assert_int_eq(rc, SQLSCORE_ENOMEM);
            ck_assert_uint_eq(hist_n(l), 0);
            ck_assert_ptr_null(*sqlscore__lead_stages(l));
        }
        sqlscore_lead_free(l);
        ck_assert_int_eq(sqlscore_test_alloc_live(), before);
    }
    for (k = 1, done = 0; !done; k++) {
        sqlscore_lead *l, *c = NULL;
        size_t i;
        ck_assert_ok(sqlscore_lead_new(&l, "L"));
        ck_assert_ok(sqlscore_lead_stage_move(l, f, "inquiry", 10, 0, 0, NULL));
        for (i = 0; i < 6; i++)           /* fill the first block of records */
            ck_assert_ok(sqlscore_lead_stage_move(l, f, i % 2 ? "inquiry" : "nurture", 10 + (int64_t)i,
                                                  SQLSCORE_MOVE_REOPEN, 0, "again"));
        sqlscore_test_fail_after(k);
        rc = sqlscore_lead_stage_move(l, f, "customer", 50, 0, 0, "won it");
        if (rc == SQLSCORE_OK)
            rc = sqlscore_lead_clone(&c, l);
        sqlscore_test_alloc_reset();
        if (rc == SQLSCORE_OK) {
            done = 1;
            ck_assert_uint_eq(hist_n(c), 12);
            expect_rec(c, 11, OPP, CUS, 50, SQLSCORE_MOVE_KIND_FORWARD, 0, 0, "won it");
        } else {
            ck_assert_int_eq(rc, SQLSCORE_ENOMEM);
            ck_assert(hist_n(l) == 7 || hist_n(l) == 12);
            ck_assert_ptr_null(c);
        }
        sqlscore_lead_free(c);
        sqlscore_lead_free(l);
        ck_assert_int_eq(sqlscore_test_alloc_live(), before);
    }
    sqlscore_funnel_free(f);
}
END_TEST

Suite *sqlscore_test_suite(void)
{
    Suite *s = suite_create("stage");
    TCase *tc = tcase_create("stage");
    tcase_add_test(tc, forward_moves_and_skips_are_recorded);
    tcase_add_test(tc, recycle_reset_and_reopen);
    tcase_add_test(tc, refused_moves_change_nothing);
    tcase_add_test(tc, skip_forbidden_funnel);
    tcase_add_test(tc, stale_sla_stages);
    tcase_add_test(tc, clone_copies_history);
    tcase_add_test(tc, allocation_failures);
    suite_add_tcase(s, tc);
    return s;
}
