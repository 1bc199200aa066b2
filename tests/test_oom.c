/*
 * test_oom.c - allocation failures, walked exhaustively.
 *
 * For each operation in the table below the test fails the k-th allocation
 * for k = 1, 2, ... (sqlscore_test_fail_after) until the operation succeeds.
 * Every failing step must return SQLSCORE_ENOMEM with an "out of memory"
 * detail, leak nothing (the counting allocator's live blocks are back to
 * their value before the step) and leave the fixture exactly as it was,
 * so that the handle is still usable and cleanly freeable.  The successful
 * step proves the walk reached the end.
 *
 * The table holds the allocation helpers every module builds on and the
 * public operations on main: the lead handle (new, clone, setters,
 * checklist, events, unset), rules (parse, write, evaluate), surveys
 * (parse, serialize, merge, result), money parsing/formatting and campaign
 * metrics (which must not allocate at all).  The other operations are
 * walked the same way next to their modules' tests: stage moves in
 * test_stage.c and test_stage_gate.c, funnels in test_funnel.c and
 * test_funnel_parse.c, funnel metrics (new, add_log, add_lead(s), merge,
 * time_in_stage) in test_funnel_metrics.c, campaigns and rates in
 * test_campaign.c, counting from leads in test_cpsql_leads.c, attribution
 * and portfolios in test_attribution.c, batch evaluation in
 * test_criteria.c, pulses in test_pulse.c; the bindings' entry points in
 * bindings/python/tests/test_oom.py and bindings/ruby/test/test_oom.rb.
 */
#include "testutil.h"
#include "internal.h"
#include "funnel_internal.h"
#include "hardutil.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

/* One operation under test.  setup() builds the fixture with allocations
 * succeeding; run() is the step walked; unchanged() says whether a failed
 * run left the fixture as setup() made it; done() releases what a
 * successful run produced; teardown() frees the fixture. */
struct oom_case {
    const char *name;
    long min_allocs;                  /* a successful run needs at least this many */
    void *(*setup)(void);
    int (*run)(void *fx);
    int (*unchanged)(void *fx);
    void (*done)(void *fx);
    void (*teardown)(void *fx);
};

/* ---- the walker's own check: an operation making exactly 5 allocations
 * and releasing everything it got when one fails. */
struct oom_five {
    void *blocks[5];
    int untouched;
};

static void *oom_five_setup(void)
{
    struct oom_five *f = calloc(1, sizeof *f);
    ck_assert_ptr_nonnull(f);
    f->untouched = 1;
    return f;
}

static int oom_five_run(void *fx)
{
    struct oom_five *f = fx;
    void *tmp[5];
    int i, j;
    for (i = 0; i < 5; i++) {
        tmp[i] = sqlscore__malloc((size_t)(i + 1) * 24);
        if (tmp[i] == NULL) {
            for (j = 0; j < i; j++)
                sqlscore__free(tmp[j]);
            return SQLSCORE_ENOMEM;
        }
    }
    for (i = 0; i < 5; i++)
        f->blocks[i] = tmp[i];
    f->untouched = 0;
    return SQLSCORE_OK;
}

static int oom_five_unchanged(void *fx)
{
    struct oom_five *f = fx;
    int i;
    for (i = 0; i < 5; i++)
        if (f->blocks[i] != NULL)
            return 0;
    return f->untouched;
}

static void oom_five_done(void *fx)
{
    struct oom_five *f = fx;
    int i;
    for (i = 0; i < 5; i++)
        sqlscore__free(f->blocks[i]);
}

static void oom_plain_teardown(void *fx)
{
    free(fx);
}

/* ---- sqlscore__strdup / strndup: every name a handle stores is copied
 * through them. */
struct oom_str {
    char *out;
};

static void *oom_str_setup(void)
{
    struct oom_str *s = calloc(1, sizeof *s);
    ck_assert_ptr_nonnull(s);
    return s;
}

static int oom_strdup_run(void *fx)
{
    struct oom_str *s = fx;
    char *p = sqlscore__strdup("K\xC3\xB6ln Widgets GmbH");
    if (p == NULL)
        return SQLSCORE_ENOMEM;
    s->out = p;
    return SQLSCORE_OK;
}

static int oom_strndup_run(void *fx)
{
    struct oom_str *s = fx;
    char *p = sqlscore__strndup("campaign-2026-q1 trailing", 16);
    if (p == NULL)
        return SQLSCORE_ENOMEM;
    ck_assert_str_eq(p, "campaign-2026-q1");
    s->out = p;
    return SQLSCORE_OK;
}

static int oom_str_unchanged(void *fx)
{
    return ((struct oom_str *)fx)->out == NULL;
}

static void oom_str_done(void *fx)
{
    struct oom_str *s = fx;
    sqlscore__free(s->out);
    s->out = NULL;
}

/* ---- sqlscore__grow: every dynamic array (leads' attributes, events,
 * touches, responses) grows through it.  The fixture holds 8 ints; a
 * failed grow must keep pointer, capacity and contents. */
struct oom_arr {
    int *items;
    size_t cap;
    int *items_before;
};

static void *oom_arr_setup(void)
{
    struct oom_arr *a = calloc(1, sizeof *a);
    void *items = NULL;
    int i;
    ck_assert_ptr_nonnull(a);
    ck_assert_ok(sqlscore__grow(&items, &a->cap, 8, sizeof(int)));
    a->items = items;
    for (i = 0; i < 8; i++)
        a->items[i] = 100 + i;
    a->items_before = a->items;
    return a;
}

static int oom_grow_run(void *fx)
{
    struct oom_arr *a = fx;
    void *items = a->items;
    int rc;
    /* 8 -> 1024 in one reallocation; on failure the helper promises to
     * leave *items and *cap alone, which unchanged() verifies. */
    rc = sqlscore__grow(&items, &a->cap, 1000, sizeof(int));
    if (rc != SQLSCORE_OK)
        return rc;
    a->items = items;
    return SQLSCORE_OK;
}

static int oom_arr_unchanged(void *fx)
{
    struct oom_arr *a = fx;
    int i;
    if (a->items != a->items_before || a->cap != 8)
        return 0;
    for (i = 0; i < 8; i++)
        if (a->items[i] != 100 + i)
            return 0;
    return 1;
}

static void oom_arr_done(void *fx)
{
    struct oom_arr *a = fx;
    int i;
    ck_assert_uint_eq(a->cap, 1024);
    for (i = 0; i < 8; i++)
        ck_assert_int_eq(a->items[i], 100 + i);
}

static void oom_arr_teardown(void *fx)
{
    struct oom_arr *a = fx;
    sqlscore__free(a->items);
    free(a);
}

/* ---- sqlscore__calloc of an array of records. */
static int oom_calloc_run(void *fx)
{
    struct oom_str *s = fx;
    char *p = sqlscore__calloc(37, 11);
    size_t i;
    if (p == NULL)
        return SQLSCORE_ENOMEM;
    for (i = 0; i < 37 * 11; i++)
        ck_assert_int_eq(p[i], 0);
    s->out = p;
    return SQLSCORE_OK;
}

/* ---- the lead handle (qualification module) -------------------------------
 * The fixture is a lead with every kind of attribute, a checklist and
 * events; "unchanged" compares a dump of everything the public getters
 * show with the dump taken before the step. */
struct oom_lead {
    sqlscore_lead *lead;
    sqlscore_lead *out;          /* what new/clone produced */
    char before[HARD_DUMP_SIZE];
};

static void *oom_lead_setup(void)
{
    struct oom_lead *f = calloc(1, sizeof *f);
    ck_assert_ptr_nonnull(f);
    f->lead = hard_full_lead();
    hard_lead_dump(f->lead, f->before);
    return f;
}

static int oom_lead_unchanged(void *fx)
{
    struct oom_lead *f = fx;
    char now[HARD_DUMP_SIZE];
    hard_lead_dump(f->lead, now);
    return f->out == NULL && strcmp(now, f->before) == 0;
}

static void oom_lead_teardown(void *fx)
{
    struct oom_lead *f = fx;
    sqlscore_lead_free(f->out);
    sqlscore_lead_free(f->lead);
    free(f);
}

static int oom_lead_new_run(void *fx)
{
    return sqlscore_lead_new(&((struct oom_lead *)fx)->out, "lead-\xC3\xA9t\xC3\xA9");
}

static void oom_lead_new_done(void *fx)
{
    struct oom_lead *f = fx;
    const char *id;
    size_t n;
    ck_assert_ok(sqlscore_lead_id(f->out, &id));
    ck_assert_str_eq(id, "lead-\xC3\xA9t\xC3\xA9");
    ck_assert_ok(sqlscore_lead_attr_count(f->out, &n));
    ck_assert_uint_eq(n, 0);
}

static int oom_lead_clone_run(void *fx)
{
    struct oom_lead *f = fx;
    return sqlscore_lead_clone(&f->out, f->lead);
}

static void oom_lead_clone_done(void *fx)
{
    struct oom_lead *f = fx;
    char copy[HARD_DUMP_SIZE];
    hard_lead_dump(f->out, copy);
    ck_assert_str_eq(copy, f->before);
}

static int oom_lead_set_new_text_run(void *fx)
{
    return sqlscore_lead_set_text(((struct oom_lead *)fx)->lead, "industry", "Manufacturing");
}

static int oom_lead_replace_text_run(void *fx)
{
    return sqlscore_lead_set_text(((struct oom_lead *)fx)->lead, "title",
                                  "Chief Revenue Officer, EMEA and APAC");
}

static int oom_lead_set_money_run(void *fx)
{
    return sqlscore_lead_set_money(((struct oom_lead *)fx)->lead, "deal_size", -250, "JPY");
}

static int oom_lead_checklist_run(void *fx)
{
    const char *items[] = { "metrics", "economic_buyer", "decision_criteria",
                            "decision_process", "identify_pain", "champion", "budget" };
    return sqlscore_lead_checklist_set(((struct oom_lead *)fx)->lead, "MEDDIC+B", items, 7);
}

static int oom_lead_event_run(void *fx)
{
    double v = -3;
    /* Earlier than both events: lands first in the ledger. */
    return sqlscore_lead_event_add(((struct oom_lead *)fx)->lead, "unsubscribe",
                                   1700000000, &v, "newsletter");
}

static int oom_lead_unset_run(void *fx)
{
    return sqlscore_lead_unset(((struct oom_lead *)fx)->lead, "company");
}

static void oom_lead_changed_done(void *fx)
{
    struct oom_lead *f = fx;
    char now[HARD_DUMP_SIZE];
    hard_lead_dump(f->lead, now);
    ck_assert_str_ne(now, f->before);
}

/* ---- money (cpsql module): parsing and formatting never allocate. */
static int oom_money_run(void *fx)
{
    int64_t minor = 0;
    char buf[32];
    int rc;
    (void)fx;
    if ((rc = sqlscore_money_parse(&minor, "1,234,567.125", "USD", SQLSCORE_ROUND_HALF_EVEN)) != 0)
        return rc;
    ck_assert_int_eq(minor, 123456712);
    if ((rc = sqlscore_money_format(buf, sizeof buf, NULL, minor, "KWD")) != 0)
        return rc;
    ck_assert_str_eq(buf, "123456.712");
    return SQLSCORE_OK;
}

static int oom_none_unchanged(void *fx)
{
    (void)fx;
    return 1;
}

static void oom_none_done(void *fx)
{
    (void)fx;
}

static void *oom_none_setup(void)
{
    return NULL;
}

static void oom_none_teardown(void *fx)
{
    (void)fx;
}

/* ---- campaign metrics (cpsql module): exact ratios, spend converted through
 * exchange rates.  They read the campaign and the rates and allocate
 * nothing, so the walk ends at its first step; the row proves that no
 * allocation crept in (a failure there could not be reported by these
 * functions' documented statuses) and that the values are right.  The
 * allocating cpsql operations are walked in their own tests:
 * campaign_new/clone/add_spend and rates_set in test_campaign.c,
 * campaign_count_leads in test_cpsql_leads.c, attribution add/run and
 * portfolio_add/compute in test_attribution.c. */
struct oom_campaign {
    sqlscore_campaign *c;
    sqlscore_rates *rates;
};

static void *oom_campaign_setup(void)
{
    struct oom_campaign *f = calloc(1, sizeof *f);
    ck_assert_ptr_nonnull(f);
    ck_assert_ok(sqlscore_campaign_new(&f->c, "spring", "Spring launch", "EUR"));
    ck_assert_ok(sqlscore_campaign_add_spend(f->c, 150000, NULL, SQLSCORE_SPEND_MARKETING,
                                             1767225600));
    ck_assert_ok(sqlscore_campaign_add_spend(f->c, 9900, "USD", SQLSCORE_SPEND_SALES,
                                             1767225600 + 86400));
    ck_assert_ok(sqlscore_campaign_set_counts(f->c, 10, 5, 3, 0));
    ck_assert_ok(sqlscore_rates_new(&f->rates));
    ck_assert_ok(sqlscore_rates_set_text(f->rates, "USD", "EUR", 0, "0.9222"));
    return f;
}

static int oom_campaign_metric_run(void *fx)
{
    struct oom_campaign *f = fx;
    int64_t n = 0, d = 0, v = 0;
    int rc;
    /* Spend in EUR cents: 150000 + 9900 x 0.9222 = 150000 + 9129.78, the
     * USD entry rounded half-even to 9130: 159130. */
    if ((rc = sqlscore_campaign_metric(f->c, SQLSCORE_METRIC_CPSQL, f->rates,
                                       SQLSCORE_ROUND_HALF_EVEN, &n, &d)) != SQLSCORE_OK)
        return rc;
    ck_assert_int_eq(n, 159130);                 /* 1+5+9+1+3+0 = 19: no factor 3 */
    ck_assert_int_eq(d, 3);
    if ((rc = sqlscore_campaign_metric_rounded(f->c, SQLSCORE_METRIC_CPSQL, f->rates,
                                               SQLSCORE_ROUND_HALF_EVEN, &v)) != SQLSCORE_OK)
        return rc;
    ck_assert_int_eq(v, 53043);                  /* 53043.33 */
    if ((rc = sqlscore_campaign_metric(f->c, SQLSCORE_METRIC_CPL, f->rates,
                                       SQLSCORE_ROUND_HALF_EVEN, &n, &d)) != SQLSCORE_OK)
        return rc;
    ck_assert_int_eq(n, 15913);                  /* 159130 / 10 */
    ck_assert_int_eq(d, 1);
    if ((rc = sqlscore_campaign_metric_rounded(f->c, SQLSCORE_METRIC_LEAD_TO_SQL, NULL,
                                               SQLSCORE_ROUND_HALF_EVEN, &v)) != SQLSCORE_OK)
        return rc;
    ck_assert_int_eq(v, 300000);                 /* 3 / 10 in ppm */
    return SQLSCORE_OK;
}

static int oom_campaign_unchanged(void *fx)
{
    struct oom_campaign *f = fx;
    int64_t leads, mqls, sqls, opps;
    size_t n;
    ck_assert_ok(sqlscore_campaign_counts(f->c, &leads, &mqls, &sqls, &opps));
    ck_assert_ok(sqlscore_campaign_spend_count(f->c, &n));
    return leads == 10 && mqls == 5 && sqls == 3 && opps == 0 && n == 2;
}

static void oom_campaign_teardown(void *fx)
{
    struct oom_campaign *f = fx;
    sqlscore_campaign_free(f->c);
    sqlscore_rates_free(f->rates);
    free(f);
}

/* ---- surveys (survey module): parse, serialize, merge, result ----------
 * The fixture is a configured survey with answers in two segments; its
 * serialization is the "unchanged" witness (the format is canonical). */
struct oom_survey {
    sqlscore_survey *s, *other, *out;
    void *bytes;                 /* serialization taken at setup */
    size_t size;
    void *produced;              /* what a successful serialize produced */
    size_t produced_size;
    sqlscore_enps_result *result;
};

static sqlscore_survey *oom_make_survey(int salt)
{
    sqlscore_survey *s = NULL;
    int i;
    ck_assert_ok(sqlscore_survey_new(&s));
    ck_assert_ok(sqlscore_survey_set_period(s, SQLSCORE_PERIOD_MONTH, 0));
    for (i = 0; i < 30; i++)
        ck_assert_ok(sqlscore_survey_add(s, (i * 7 + salt) % 11, i % 2 ? "Sales" : "Engineering",
                                         1767225600 + (int64_t)i * 86400 * 3, NULL));
    return s;
}

static void *oom_survey_setup(void)
{
    struct oom_survey *f = calloc(1, sizeof *f);
    ck_assert_ptr_nonnull(f);
    f->s = oom_make_survey(0);
    f->other = oom_make_survey(5);
    ck_assert_ok(sqlscore_survey_add(f->other, 10, "Support", 1767225600, NULL));
    ck_assert_ok(sqlscore_survey_serialize(f->s, &f->bytes, &f->size));
    return f;
}

static int oom_survey_unchanged(void *fx)
{
    struct oom_survey *f = fx;
    void *now = NULL;
    size_t n = 0;
    int same;
    ck_assert_ok(sqlscore_survey_serialize(f->s, &now, &n));
    same = n == f->size && memcmp(now, f->bytes, n) == 0;
    sqlscore_buffer_free(now);
    return same && f->out == NULL && f->produced == NULL && f->result == NULL;
}

static void oom_survey_teardown(void *fx)
{
    struct oom_survey *f = fx;
    sqlscore_survey_free(f->s);
    sqlscore_survey_free(f->other);
    sqlscore_survey_free(f->out);
    sqlscore_buffer_free(f->bytes);
    sqlscore_buffer_free(f->produced);
    sqlscore_enps_result_free(f->result);
    free(f);
}

static int oom_survey_parse_run(void *fx)
{
    struct oom_survey *f = fx;
    return sqlscore_survey_parse(&f->out, f->bytes, f->size);
}

static void oom_survey_parse_done(void *fx)
{
    struct oom_survey *f = fx;
    void *again = NULL;
    size_t n = 0;
    ck_assert_ok(sqlscore_survey_serialize(f->out, &again, &n));
    ck_assert_uint_eq(n, f->size);
    ck_assert_int_eq(memcmp(again, f->bytes, n), 0);
    sqlscore_buffer_free(again);
}

static int oom_survey_serialize_run(void *fx)
{
    struct oom_survey *f = fx;
    return sqlscore_survey_serialize(f->s, &f->produced, &f->produced_size);
}

static void oom_survey_serialize_done(void *fx)
{
    struct oom_survey *f = fx;
    ck_assert_uint_eq(f->produced_size, f->size);
    ck_assert_int_eq(memcmp(f->produced, f->bytes, f->size), 0);
}

static int oom_survey_merge_run(void *fx)
{
    struct oom_survey *f = fx;
    return sqlscore_survey_merge(f->s, f->other);
}

static void oom_survey_merge_done(void *fx)
{
    struct oom_survey *f = fx;
    sqlscore_enps_result *r = NULL;
    uint64_t n = 0;
    ck_assert_ok(sqlscore_survey_result(f->s, NULL, SQLSCORE_SURVEY_ALL_TIME, &r));
    ck_assert_ok(sqlscore_enps_result_n(r, &n, NULL, NULL));
    ck_assert_uint_eq(n, 61);                   /* 30 + 30 + 1 answers */
    sqlscore_enps_result_free(r);
}

static int oom_survey_result_run(void *fx)
{
    struct oom_survey *f = fx;
    return sqlscore_survey_result(f->s, "Sales", 1767225600 + 86400 * 10, &f->result);
}

static void oom_survey_result_done(void *fx)
{
    struct oom_survey *f = fx;
    uint64_t n = 0;
    ck_assert_ok(sqlscore_enps_result_n(f->result, &n, NULL, NULL));
    /* Sales answers are the odd i, every 3 days from 1 January 2026: in
     * January i = 1, 3, ..., 9 (days 3..27), 5 answers. */
    ck_assert_uint_eq(n, 5);
}

/* ---- rules (qualification): parse and write a criteria --------------------- */
static const char oom_rules_text[] =
    "criteria \"oom\" version 3\n"
    "group \"web\" cap 10\n"
    "fit \"Big\" if employees >= 1000 or title contains \"chief\" then +30 points and +2 grades\n"
    "fit \"Region\" if country in (\"DE\", \"FR\", \"K\xC3\x96ln\") then +5 points\n"
    "engagement \"View\" in group \"web\" on page_view if value >= 30 then +1 points max 5 per 7d\n"
    "disqualify \"Student\" if title contains \"student\"\n"
    "gate \"Budget\" if budget is met\n"
    "mql at score 10 and grade D\n"
    "sql at score 40\n";

struct oom_rules {
    sqlscore_criteria *c, *out;
    char *text;
};

static void *oom_rules_setup(void)
{
    struct oom_rules *f = calloc(1, sizeof *f);
    ck_assert_ptr_nonnull(f);
    ck_assert_ok(sqlscore_criteria_parse(&f->c, oom_rules_text, strlen(oom_rules_text), NULL));
    return f;
}

static int oom_rules_unchanged(void *fx)
{
    const struct oom_rules *f = fx;
    return f->out == NULL && f->text == NULL;
}

static void oom_rules_teardown(void *fx)
{
    struct oom_rules *f = fx;
    sqlscore_criteria_free(f->c);
    sqlscore_criteria_free(f->out);
    sqlscore_buffer_free(f->text);
    free(f);
}

static int oom_rules_parse_run(void *fx)
{
    struct oom_rules *f = fx;
    return sqlscore_criteria_parse(&f->out, oom_rules_text, strlen(oom_rules_text), "oom.rules");
}

static void oom_rules_parse_done(void *fx)
{
    struct oom_rules *f = fx;
    const char *name = NULL;
    int32_t version = 0;
    ck_assert_ok(sqlscore_criteria_name(f->out, &name, &version));
    ck_assert_str_eq(name, "oom");
    ck_assert_int_eq(version, 3);
}

static int oom_rules_write_run(void *fx)
{
    struct oom_rules *f = fx;
    return sqlscore_criteria_write(f->c, &f->text);
}

static void oom_rules_write_done(void *fx)
{
    struct oom_rules *f = fx;
    sqlscore_criteria *again = NULL;
    char *text2 = NULL;
    ck_assert_ok(sqlscore_criteria_parse(&again, f->text, strlen(f->text), "written"));
    ck_assert_ok(sqlscore_criteria_write(again, &text2));
    ck_assert_str_eq(text2, f->text);
    sqlscore_buffer_free(text2);
    sqlscore_criteria_free(again);
}

static int oom_rules_evaluate_run(void *fx)
{
    struct oom_rules *f = fx;
    sqlscore_lead *l = NULL;
    sqlscore_result *r = NULL;
    int rc;
    /* The lead is built inside the failing window too, as a caller would:
     * each step fails in new, set or evaluate, and all must clean up. */
    if ((rc = sqlscore_lead_new(&l, "e")) != SQLSCORE_OK)
        return rc;
    if ((rc = sqlscore_lead_set_integer(l, "employees", 5000)) == SQLSCORE_OK &&
        (rc = sqlscore_criteria_evaluate(&r, f->c, l, 1767225600)) == SQLSCORE_OK) {
        double score = 0;
        ck_assert_ok(sqlscore_result_score(r, &score));
        ck_assert(score == 30.0);
    }
    sqlscore_result_free(r);
    sqlscore_lead_free(l);
    return rc;
}

static const struct oom_case oom_cases[] = {
    { "walker: five allocations", 5, oom_five_setup, oom_five_run,
      oom_five_unchanged, oom_five_done, oom_plain_teardown },
    { "sqlscore__strdup", 1, oom_str_setup, oom_strdup_run,
      oom_str_unchanged, oom_str_done, oom_plain_teardown },
    { "sqlscore__strndup", 1, oom_str_setup, oom_strndup_run,
      oom_str_unchanged, oom_str_done, oom_plain_teardown },
    { "sqlscore__calloc", 1, oom_str_setup, oom_calloc_run,
      oom_str_unchanged, oom_str_done, oom_plain_teardown },
    { "sqlscore__grow", 1, oom_arr_setup, oom_grow_run,
      oom_arr_unchanged, oom_arr_done, oom_arr_teardown },
    { "sqlscore_lead_new", 1, oom_lead_setup, oom_lead_new_run,
      oom_lead_unchanged, oom_lead_new_done, oom_lead_teardown },
    { "sqlscore_lead_clone", 2, oom_lead_setup, oom_lead_clone_run,
      oom_lead_unchanged, oom_lead_clone_done, oom_lead_teardown },
    { "sqlscore_lead_set_text (new)", 1, oom_lead_setup, oom_lead_set_new_text_run,
      oom_lead_unchanged, oom_lead_changed_done, oom_lead_teardown },
    { "sqlscore_lead_set_text (replace)", 1, oom_lead_setup, oom_lead_replace_text_run,
      oom_lead_unchanged, oom_lead_changed_done, oom_lead_teardown },
    { "sqlscore_lead_set_money", 1, oom_lead_setup, oom_lead_set_money_run,
      oom_lead_unchanged, oom_lead_changed_done, oom_lead_teardown },
    { "sqlscore_lead_checklist_set", 1, oom_lead_setup, oom_lead_checklist_run,
      oom_lead_unchanged, oom_lead_changed_done, oom_lead_teardown },
    { "sqlscore_lead_event_add", 1, oom_lead_setup, oom_lead_event_run,
      oom_lead_unchanged, oom_lead_changed_done, oom_lead_teardown },
    { "sqlscore_lead_unset", 0, oom_lead_setup, oom_lead_unset_run,
      oom_lead_unchanged, oom_lead_changed_done, oom_lead_teardown },
    { "sqlscore_money_parse/format", 0, oom_none_setup, oom_money_run,
      oom_none_unchanged, oom_none_done, oom_none_teardown },
    { "sqlscore_campaign_metric/metric_rounded", 0, oom_campaign_setup, oom_campaign_metric_run,
      oom_campaign_unchanged, oom_none_done, oom_campaign_teardown },
    { "sqlscore_survey_parse", 1, oom_survey_setup, oom_survey_parse_run,
      oom_survey_unchanged, oom_survey_parse_done, oom_survey_teardown },
    { "sqlscore_survey_serialize", 1, oom_survey_setup, oom_survey_serialize_run,
      oom_survey_unchanged, oom_survey_serialize_done, oom_survey_teardown },
    { "sqlscore_survey_merge", 1, oom_survey_setup, oom_survey_merge_run,
      oom_survey_unchanged, oom_survey_merge_done, oom_survey_teardown },
    { "sqlscore_survey_result", 1, oom_survey_setup, oom_survey_result_run,
      oom_survey_unchanged, oom_survey_result_done, oom_survey_teardown },
    { "sqlscore_criteria_parse", 2, oom_rules_setup, oom_rules_parse_run,
      oom_rules_unchanged, oom_rules_parse_done, oom_rules_teardown },
    { "sqlscore_criteria_write", 1, oom_rules_setup, oom_rules_write_run,
      oom_rules_unchanged, oom_rules_write_done, oom_rules_teardown },
    { "sqlscore_criteria_evaluate", 2, oom_rules_setup, oom_rules_evaluate_run,
      oom_rules_unchanged, oom_none_done, oom_rules_teardown },
};

#define OOM_NCASES ((int)(sizeof oom_cases / sizeof oom_cases[0]))
#define OOM_MAX_STEPS 100000L

START_TEST(oom_walk_every_operation)
{
    const struct oom_case *c = &oom_cases[_i];
    long k, live0 = sqlscore_test_alloc_live(), allocs = 0;
    int rc = SQLSCORE_ENOMEM;

    for (k = 1; k <= OOM_MAX_STEPS; k++) {
        void *fx = c->setup();
        long live_fx = sqlscore_test_alloc_live();

        sqlscore_error_clear();
        sqlscore_test_fail_after(k);
        rc = c->run(fx);
        allocs = sqlscore_test_alloc_count();
        sqlscore_test_alloc_reset();
        if (rc == SQLSCORE_OK) {
            c->done(fx);
            c->teardown(fx);
            ck_assert_msg(sqlscore_test_alloc_live() == live0,
                          "%s: %ld blocks leaked after success",
                          c->name, sqlscore_test_alloc_live() - live0);
            break;
        }
        ck_assert_msg(rc == SQLSCORE_ENOMEM, "%s, allocation %ld failing: "
                      "returned %d (%s), expected SQLSCORE_ENOMEM", c->name, k,
                      rc, sqlscore_strerror(rc));
        ck_assert_int_eq(sqlscore_error_code(), SQLSCORE_ENOMEM);
        ck_assert_msg(strstr(sqlscore_error_message(), "out of memory") != NULL,
                      "%s: detail '%s'", c->name, sqlscore_error_message());
        ck_assert_msg(sqlscore_test_alloc_live() == live_fx,
                      "%s, allocation %ld failing: %ld blocks leaked", c->name,
                      k, sqlscore_test_alloc_live() - live_fx);
        ck_assert_msg(c->unchanged(fx), "%s, allocation %ld failing: the "
                      "fixture changed", c->name, k);
        c->teardown(fx);
        ck_assert_int_eq(sqlscore_test_alloc_live(), live0);
    }
    ck_assert_msg(rc == SQLSCORE_OK, "%s never succeeded in %ld steps", c->name,
                  OOM_MAX_STEPS);
    /* The successful step k counted k allocations at most (the failing
     * threshold is not reached); it must have made at least min_allocs, or
     * the walk never exercised anything. */
    ck_assert_msg(allocs >= c->min_allocs, "%s made %ld allocations, expected "
                  "at least %ld", c->name, allocs, c->min_allocs);
    ck_assert_int_eq(k, allocs + 1);
}
END_TEST

/* The walker's arithmetic, checked by hand on the five-allocation case:
 * steps k = 1..5 fail (after 0..4 successful allocations), step 6 succeeds
 * having made exactly 5 allocations. */
START_TEST(oom_walker_counts_steps)
{
    struct oom_five *f;
    long k;
    for (k = 1; k <= 6; k++) {
        f = oom_five_setup();
        sqlscore_test_fail_after(k);
        ck_assert_int_eq(oom_five_run(f), k <= 5 ? SQLSCORE_ENOMEM : SQLSCORE_OK);
        ck_assert_int_eq(sqlscore_test_alloc_count(), k <= 5 ? k : 5);
        sqlscore_test_alloc_reset();
        if (k == 6)
            oom_five_done(f);
        free(f);
    }
    ck_assert_int_eq(sqlscore_test_alloc_live(), 0);
}
END_TEST

/* A clone of "no history" allocates nothing and cannot fail. */
START_TEST(oom_stage_history_clone_of_none)
{
    struct sqlscore__stage_history *h = (struct sqlscore__stage_history *)&h;
    sqlscore_test_fail_after(1);
    ck_assert_ok(sqlscore__stage_history_clone(&h, NULL));
    ck_assert_ptr_null(h);
    ck_assert_int_eq(sqlscore_test_alloc_count(), 0);
    sqlscore_test_alloc_reset();
    sqlscore__stage_history_free(NULL);
}
END_TEST

Suite *sqlscore_test_suite(void)
{
    Suite *s = suite_create("oom");
    TCase *tc = tcase_create("oom");
    tcase_add_loop_test(tc, oom_walk_every_operation, 0, OOM_NCASES);
    tcase_add_test(tc, oom_walker_counts_steps);
    tcase_add_test(tc, oom_stage_history_clone_of_none);
    suite_add_tcase(s, tc);
    return s;
}
