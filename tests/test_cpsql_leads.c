/*
 * test_cpsql_leads.c - campaign counts and attribution input derived from
 * lead handles (stage histories and campaign events).
 */
#include "testutil.h"

#define ONE SQLSCORE_CREDIT_ONE

struct fixture {
    sqlscore_funnel *funnel;
    sqlscore_lead *l[4];
};

/* Default funnel: inquiry 0, mql 1, sal 2, sql 3, opportunity 4,
 * customer 5.
 * l1: events A@10, B@20, a page view without campaign @25, C@40;
 *     stages inquiry@5, mql@15, sql@30 (sal skipped), opportunity@50.
 * l2: event A@1; enters directly at sql@3 (inquiry, mql, sal skipped).
 * l3: no events; inquiry@1 only.
 * l4: event B@7; never in the funnel. */
static void fixture_make(struct fixture *f)
{
    int i;
    static const char *ids[4] = {"l1", "l2", "l3", "l4"};
    ck_assert_ok(sqlscore_funnel_new_default(&f->funnel));
    for (i = 0; i < 4; i++)
        ck_assert_ok(sqlscore_lead_new(&f->l[i], ids[i]));
    ck_assert_ok(sqlscore_lead_event_add(f->l[0], "ad_click", 10, NULL, "A"));
    ck_assert_ok(sqlscore_lead_event_add(f->l[0], "webinar", 20, NULL, "B"));
    ck_assert_ok(sqlscore_lead_event_add(f->l[0], "page_view", 25, NULL, NULL));
    ck_assert_ok(sqlscore_lead_event_add(f->l[0], "demo", 40, NULL, "C"));
    ck_assert_ok(sqlscore_lead_stage_move(f->l[0], f->funnel, "inquiry", 5, 0, 0, NULL));
    ck_assert_ok(sqlscore_lead_stage_move(f->l[0], f->funnel, "mql", 15, 0, 0, NULL));
    ck_assert_ok(sqlscore_lead_stage_move(f->l[0], f->funnel, "sql", 30, 0, 0, NULL));
    ck_assert_ok(sqlscore_lead_stage_move(f->l[0], f->funnel, "opportunity", 50, 0, 0, NULL));
    ck_assert_ok(sqlscore_lead_event_add(f->l[1], "ad_click", 1, NULL, "A"));
    ck_assert_ok(sqlscore_lead_stage_move(f->l[1], f->funnel, "sql", 3, 0, 0, NULL));
    ck_assert_ok(sqlscore_lead_stage_move(f->l[2], f->funnel, "inquiry", 1, 0, 0, NULL));
    ck_assert_ok(sqlscore_lead_event_add(f->l[3], "ad_click", 7, NULL, "B"));
}

static void fixture_free(struct fixture *f)
{
    int i;
    for (i = 0; i < 4; i++)
        sqlscore_lead_free(f->l[i]);
    sqlscore_funnel_free(f->funnel);
}

START_TEST(counts_from_stage_histories)
{
    struct fixture f;
    sqlscore_campaign *c;
    int64_t leads, mqls, sqls, opps;
    fixture_make(&f);
    ck_assert_ok(sqlscore_campaign_new(&c, "A", NULL, "USD"));
    /* 4 leads; MQL: l1 (entered) and l2 (skipped through) = 2; SQL: l1, l2;
     * opportunity: l1. */
    ck_assert_ok(sqlscore_campaign_count_leads(c, f.funnel, NULL, NULL,
                                               (const sqlscore_lead *const *)f.l, 4));
    ck_assert_ok(sqlscore_campaign_counts(c, &leads, &mqls, &sqls, &opps));
    ck_assert_int_eq(leads, 4); ck_assert_int_eq(mqls, 2);
    ck_assert_int_eq(sqls, 2); ck_assert_int_eq(opps, 1);
    /* "sal" as the MQL stage: l1 passed through it in a skip, l2 too. */
    ck_assert_ok(sqlscore_campaign_count_leads(c, f.funnel, "SAL", "customer",
                                               (const sqlscore_lead *const *)f.l, 3));
    ck_assert_ok(sqlscore_campaign_counts(c, &leads, &mqls, &sqls, &opps));
    ck_assert_int_eq(leads, 3); ck_assert_int_eq(mqls, 2);
    ck_assert_int_eq(sqls, 2); ck_assert_int_eq(opps, 0);
    /* Errors change nothing. */
    ck_assert_status(sqlscore_campaign_count_leads(c, f.funnel, "nurture", NULL,
                                                   (const sqlscore_lead *const *)f.l, 4),
                     SQLSCORE_EINVAL, "side stage");
    ck_assert_status(sqlscore_campaign_count_leads(c, f.funnel, "mql", "deal",
                                                   (const sqlscore_lead *const *)f.l, 4),
                     SQLSCORE_ENOTFOUND, "'deal'");
    ck_assert_status(sqlscore_campaign_count_leads(c, NULL, NULL, NULL, NULL, 0),
                     SQLSCORE_EINVAL, "funnel is NULL");
    ck_assert_status(sqlscore_campaign_count_leads(c, f.funnel, NULL, NULL, NULL, 2),
                     SQLSCORE_EINVAL, "leads is NULL");
    {
        const sqlscore_lead *some[2];
        some[0] = f.l[0];
        some[1] = NULL;
        ck_assert_status(sqlscore_campaign_count_leads(c, f.funnel, NULL, NULL, some, 2),
                         SQLSCORE_EINVAL, "lead 1 is NULL");
    }
    {
        sqlscore_funnel *other, *unbuilt;
        ck_assert_ok(sqlscore_funnel_new(&other, "other"));
        ck_assert_ok(sqlscore_funnel_add_stage(other, "mql", 0));
        ck_assert_ok(sqlscore_funnel_add_stage(other, "sql", 0));
        ck_assert_ok(sqlscore_funnel_add_stage(other, "opportunity", 0));
        ck_assert_ok(sqlscore_funnel_add_stage(other, "won", 0));
        ck_assert_ok(sqlscore_funnel_new(&unbuilt, "unbuilt"));
        ck_assert_status(sqlscore_campaign_count_leads(c, unbuilt, NULL, NULL, NULL, 0),
                         SQLSCORE_ESTATE, "not built");
        ck_assert_ok(sqlscore_funnel_build(other));
        ck_assert_status(sqlscore_campaign_count_leads(c, other, NULL, NULL,
                                                       (const sqlscore_lead *const *)f.l, 4),
                         SQLSCORE_EINCOMPATIBLE, "lead 0 ('l1')");
        /* l4 has no history: fine in any funnel, a lead but nothing more. */
        ck_assert_ok(sqlscore_campaign_count_leads(c, other, NULL, NULL,
                                                   (const sqlscore_lead *const *)&f.l[3], 1));
        ck_assert_ok(sqlscore_campaign_counts(c, &leads, &mqls, &sqls, &opps));
        ck_assert_int_eq(leads, 1); ck_assert_int_eq(mqls + sqls + opps, 0);
        sqlscore_funnel_free(other);
        sqlscore_funnel_free(unbuilt);
    }
    sqlscore_campaign_free(c);
    fixture_free(&f);
}
END_TEST

START_TEST(attribution_from_leads)
{
    struct fixture f;
    sqlscore_attribution *a;
    sqlscore_attribution_result *r;
    size_t nc, nl, nt, nv, conv, attributed;
    int64_t p, cv, credit[3];
    int i;
    fixture_make(&f);
    ck_assert_ok(sqlscore_attribution_new(&a));
    for (i = 0; i < 4; i++)
        ck_assert_ok(sqlscore_attribution_add_lead(a, f.l[i], f.funnel));
    /* Touches: l1 A@10 B@20 C@40, l2 A@1, l4 B@7 = 5; campaigns A, B, C;
     * leads l1, l2, l4 (l3 adds nothing); conversions l1@30, l2@3. */
    ck_assert_ok(sqlscore_attribution_sizes(a, &nc, &nl, &nt, &nv));
    ck_assert_uint_eq(nc, 3); ck_assert_uint_eq(nl, 3);
    ck_assert_uint_eq(nt, 5); ck_assert_uint_eq(nv, 2);
    /* U-shaped: l1's lead-creation touch is its first (A@10) -> 100 % A;
     * l2: A@1 alone -> 100 % A. */
    ck_assert_ok(sqlscore_attribution_set_model(a, SQLSCORE_MODEL_U_SHAPED));
    ck_assert_ok(sqlscore_attribution_run(a, &r));
    ck_assert_ok(sqlscore_attribution_result_summary(r, &conv, &attributed));
    ck_assert_uint_eq(conv, 2); ck_assert_uint_eq(attributed, 2);
    ck_assert_ok(sqlscore_attribution_result_credits(r, 3, credit));
    ck_assert_int_eq(credit[0], 2 * ONE); ck_assert_int_eq(credit[1], 0); ck_assert_int_eq(credit[2], 0);
    sqlscore_attribution_result_free(r);
    /* Linear: l1's conversion at 30 uses A@10 and B@20 (C@40 is later). */
    ck_assert_ok(sqlscore_attribution_set_model(a, SQLSCORE_MODEL_LINEAR));
    ck_assert_ok(sqlscore_attribution_run(a, &r));
    ck_assert_ok(sqlscore_attribution_result_credits(r, 3, credit));
    ck_assert_int_eq(credit[0], ONE + 500000); ck_assert_int_eq(credit[1], 500000);
    ck_assert_int_eq(credit[2], 0);
    ck_assert_ok(sqlscore_attribution_result_touch(r, 2, &p, &cv));   /* C@40 */
    ck_assert_int_eq(p, 0); ck_assert_int_eq(cv, -1);
    sqlscore_attribution_result_free(r);
    /* The opportunity flag (on C@40, the last campaign touch before the
     * opportunity at 50) only matters for a conversion after it: add one
     * at 60 by hand. */
    {
        sqlscore_attribution *b;
        int32_t li;
        int64_t t60 = 60;
        ck_assert_ok(sqlscore_attribution_new(&b));
        ck_assert_ok(sqlscore_attribution_add_lead(b, f.l[0], f.funnel));
        ck_assert_ok(sqlscore_attribution_find_lead(b, "l1", &li));
        ck_assert_ok(sqlscore_attribution_add_conversions(b, 1, &li, &t60));
        /* W-shaped.  Conversion 0 (at 30) has A@10 (first and lead
         * creation: 30 + 30) and B@20 (middle: 10); no opportunity touch,
         * so 60/70 and 10/70: 857142.86 -> 857143 and 142857.14 -> 142857.
         * Conversion 1 (at 60) has only C@40 after the first: 100 %. */
        ck_assert_ok(sqlscore_attribution_set_model(b, SQLSCORE_MODEL_W_SHAPED));
        ck_assert_ok(sqlscore_attribution_run(b, &r));
        ck_assert_ok(sqlscore_attribution_result_touch(r, 0, &p, NULL));
        ck_assert_int_eq(p, 857143);
        ck_assert_ok(sqlscore_attribution_result_touch(r, 1, &p, NULL));
        ck_assert_int_eq(p, 142857);
        ck_assert_ok(sqlscore_attribution_result_touch(r, 2, &p, &cv));
        ck_assert_int_eq(p, ONE); ck_assert_int_eq(cv, 1);
        sqlscore_attribution_result_free(r);
        /* Custom weights on the opportunity role only, and an unflagged
         * touch D@45 added by hand: conversion 1 (at 60) gives everything
         * to C (flagged), nothing to D (without the flag it would be an
         * even split); conversion 0 (no flagged touch) splits evenly. */
        ck_assert_ok(sqlscore_attribution_add_touch(b, "l1", "D", 45, 0));
        ck_assert_ok(sqlscore_attribution_set_weights(b, 0, 0, 1, 0, 0));
        ck_assert_ok(sqlscore_attribution_run(b, &r));
        ck_assert_ok(sqlscore_attribution_result_touch(r, 0, &p, NULL));
        ck_assert_int_eq(p, 500000);
        ck_assert_ok(sqlscore_attribution_result_touch(r, 2, &p, NULL));
        ck_assert_int_eq(p, ONE);
        ck_assert_ok(sqlscore_attribution_result_touch(r, 3, &p, &cv));
        ck_assert_int_eq(p, 0); ck_assert_int_eq(cv, 1);
        sqlscore_attribution_result_free(r);
        sqlscore_attribution_free(b);
    }
    ck_assert_status(sqlscore_attribution_add_lead(a, NULL, f.funnel), SQLSCORE_EINVAL, "lead is NULL");
    ck_assert_status(sqlscore_attribution_add_lead(a, f.l[0], NULL), SQLSCORE_EINVAL, "funnel is NULL");
    sqlscore_attribution_free(a);
    fixture_free(&f);
}
END_TEST

START_TEST(attribution_from_leads_alloc_failures)
{
    struct fixture f;
    sqlscore_attribution *a;
    long k, before;
    int rc;
    size_t nc, nl, nt, nv;
    fixture_make(&f);
    /* On an empty attribution (everything allocated by the call) and on a
     * filled one (the lead's identifiers are new). */
    ck_assert_ok(sqlscore_attribution_new(&a));
    for (k = 1;; k++) {
        before = sqlscore_test_alloc_live();
        sqlscore_test_fail_after(k);
        rc = sqlscore_attribution_add_lead(a, f.l[0], f.funnel);
        sqlscore_test_alloc_reset();
        if (rc == SQLSCORE_OK)
            break;
        ck_assert_int_eq(rc, SQLSCORE_ENOMEM);
        ck_assert_int_eq(sqlscore_test_alloc_live(), before);
        ck_assert_ok(sqlscore_attribution_sizes(a, &nc, &nl, &nt, &nv));
        ck_assert_uint_eq(nc + nl + nt + nv, 0);
    }
    ck_assert_int_gt(k, 3);
    for (k = 1;; k++) {
        int32_t idx;
        before = sqlscore_test_alloc_live();
        sqlscore_test_fail_after(k);
        rc = sqlscore_attribution_add_lead(a, f.l[1], f.funnel);
        sqlscore_test_alloc_reset();
        if (rc == SQLSCORE_OK)
            break;
        ck_assert_int_eq(rc, SQLSCORE_ENOMEM);
        ck_assert_int_eq(sqlscore_test_alloc_live(), before);
        ck_assert_ok(sqlscore_attribution_sizes(a, &nc, &nl, &nt, &nv));
        ck_assert_uint_eq(nc, 3); ck_assert_uint_eq(nl, 1);
        ck_assert_uint_eq(nt, 3); ck_assert_uint_eq(nv, 1);
        ck_assert_status(sqlscore_attribution_find_lead(a, "l2", &idx), SQLSCORE_ENOTFOUND, "'l2'");
    }
    ck_assert_ok(sqlscore_attribution_sizes(a, &nc, &nl, &nt, &nv));
    ck_assert_uint_eq(nl, 2); ck_assert_uint_eq(nt, 4); ck_assert_uint_eq(nv, 2);
    sqlscore_attribution_free(a);
    fixture_free(&f);
}
END_TEST

Suite *sqlscore_test_suite(void)
{
    Suite *s = suite_create("cpsql_leads");
    TCase *tc = tcase_create("cpsql_leads");
    tcase_add_test(tc, counts_from_stage_histories);
    tcase_add_test(tc, attribution_from_leads);
    tcase_add_test(tc, attribution_from_leads_alloc_failures);
    suite_add_tcase(s, tc);
    return s;
}
