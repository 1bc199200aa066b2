/*
 * funnel.c - funnel stages with libsqlscore: a custom funnel with an SLA
 * stage, lawful and refused moves of one lead with its history, the
 * qualification gate on the SQL stage (criteria and funnel read from one
 * rules text), and funnel metrics over an event log.
 *
 *   cc -o funnel funnel.c $(pkg-config --cflags --libs sqlscore)
 */
#include <sqlscore.h>

#include <stdio.h>

#define DAY 86400

static const char *const kind_names[] = { "enter", "forward", "recycle", "reset",
                                          "disqualify", "lose", "reopen" };

/* Walk one lead through the funnel and print its history. */
static int one_lead(const sqlscore_funnel *funnel)
{
    sqlscore_lead *lead;
    size_t i, n;
    int rc;

    if (sqlscore_lead_new(&lead, "L-1001") != SQLSCORE_OK)
        return 1;
    sqlscore_lead_stage_move(lead, funnel, "inquiry", 1 * DAY, 0, 0, NULL);
    sqlscore_lead_stage_move(lead, funnel, "mql", 2 * DAY, 0, 1, "downloaded the whitepaper");
    /* Straight to sql: sal is recorded as passed through. */
    sqlscore_lead_stage_move(lead, funnel, "sql", 4 * DAY, 0, 2, "demo booked");
    /* Backwards without saying so is refused, and changes nothing. */
    rc = sqlscore_lead_stage_move(lead, funnel, "mql", 5 * DAY, 0, 0, NULL);
    printf("sql -> mql: %s: %s\n", sqlscore_strerror(rc), sqlscore_error_message());
    /* An explicit recycle with a reason is fine. */
    sqlscore_lead_stage_move(lead, funnel, "nurture", 5 * DAY, 0, 3, "budget frozen until Q3");

    sqlscore_lead_stage_history_count(lead, &n);
    for (i = 0; i < n; i++) {
        int32_t from, to, kind, flags, code;
        int64_t t;
        const char *reason, *from_name = "-", *to_name;
        sqlscore_lead_stage_history_get(lead, i, &from, &to, &t, &kind, &flags, &code, &reason);
        if (from >= 0)
            sqlscore_funnel_stage_name(funnel, from, &from_name);
        sqlscore_funnel_stage_name(funnel, to, &to_name);
        printf("  day %lld: %-8s -> %-8s %-8s%s %s\n", (long long)(t / DAY), from_name, to_name,
               kind_names[kind], (flags & SQLSCORE_MOVE_SKIPPED) ? " (skipped)" : "", reason);
    }
    sqlscore_lead_free(lead);
    return 0;
}

/* Criteria and funnel in one rules file (sqlscore-rules(5)). */
static const char rules[] =
    "criteria \"b2b\" version 1\n"
    "fit \"mid-market\" if employees >= 200 then +40 points\n"
    "gate \"decision maker\" if authority is met\n"
    "mql at score 20\n"
    "sql at score 40\n"
    "\n"
    "funnel \"demand\"\n"
    "  stage inquiry\n"
    "  stage mql sla 5d\n"
    "  stage sal sla 2d\n"
    "  stage sql\n"
    "  stage opportunity\n"
    "  stage customer\n"
    "  side nurture disqualified lost\n"
    "  skip allowed\n"
    "  sql_stage sql\n"
    "end\n";

/* The SQL stage admits a lead only with the verdict SQL, or an override
 * with a reason, which the history keeps. */
static int gated(void)
{
    sqlscore_criteria *criteria = NULL;
    sqlscore_funnel *funnel = NULL;
    sqlscore_lead *lead = NULL;
    int32_t flags = 0;
    size_t n = 0;
    int rc, ok = 1;

    if (sqlscore_criteria_parse(&criteria, rules, sizeof rules - 1, "example.rules") != SQLSCORE_OK ||
        sqlscore_funnel_parse(&funnel, rules, sizeof rules - 1, "example.rules") != SQLSCORE_OK ||
        sqlscore_lead_new(&lead, "L-2002") != SQLSCORE_OK) {
        fprintf(stderr, "%s\n", sqlscore_error_message());
        ok = 0;
        goto out;
    }
    sqlscore_lead_set_integer(lead, "employees", 350);
    sqlscore_lead_stage_move_gated(lead, funnel, criteria, "sal", 1 * DAY, 0, 0, NULL);
    rc = sqlscore_lead_stage_move_gated(lead, funnel, criteria, "sql", 2 * DAY, 0, 0, NULL);
    printf("sal -> sql: %s: %s\n", sqlscore_strerror(rc), sqlscore_error_message());
    rc = sqlscore_lead_stage_move_gated(lead, funnel, criteria, "sql", 2 * DAY,
                                        SQLSCORE_MOVE_OVERRIDE, 0, "CFO asked for a call");
    sqlscore_lead_stage_history_count(lead, &n);
    if (rc == SQLSCORE_OK && n > 0)
        sqlscore_lead_stage_history_get(lead, n - 1, NULL, NULL, NULL, NULL, &flags, NULL, NULL);
    printf("with an override: %s, recorded as override: %s\n", sqlscore_strerror(rc),
           (flags & SQLSCORE_MOVE_OVERRIDE) ? "yes" : "no");
out:
    sqlscore_lead_free(lead);
    sqlscore_funnel_free(funnel);
    sqlscore_criteria_free(criteria);
    return ok ? 0 : 1;
}

static int check(int rc, const char *what)
{
    if (rc != SQLSCORE_OK)
        fprintf(stderr, "%s: %s: %s\n", what, sqlscore_strerror(rc), sqlscore_error_message());
    return rc;
}

int main(void)
{
    /* A demand waterfall where marketing must hand an MQL over within 5 days. */
    static const char *const stages[] = { "inquiry", "mql", "sal", "sql", "opportunity",
                                          "customer" };
    /* An event log: entity, stage index, day.  Entity 2 skips mql and sal. */
    static const int64_t entity[] = { 0, 1, 0, 2, 1, 0, 2, 0, 3, 1 };
    static const int32_t stage[] = { 0, 0, 1, 0, 1, 2, 3, 3, 1, 7 };
    static const int64_t day[] = { 1, 2, 3, 3, 4, 6, 7, 9, 9, 12 };
    int64_t when[10];
    sqlscore_funnel *funnel = NULL;
    sqlscore_funnel_metrics *metrics = NULL;
    int32_t n, s;
    size_t i, bad;
    int64_t conv, base;
    double rate, median, mean, p90;
    int rc;

    if (check(sqlscore_funnel_new(&funnel, "demand"), "funnel") != SQLSCORE_OK)
        return 1;
    for (i = 0; i < sizeof stages / sizeof stages[0]; i++)
        if (check(sqlscore_funnel_add_stage(funnel, stages[i], i == 1 ? 5 * DAY : 0),
                  "add_stage") != SQLSCORE_OK)
            goto fail;
    if (check(sqlscore_funnel_build(funnel), "build") != SQLSCORE_OK)
        goto fail;

    if (one_lead(funnel) != 0 || gated() != 0)
        goto fail;

    for (i = 0; i < 10; i++)
        when[i] = day[i] * DAY;
    /* Window: days [0, 10); seen as of day 15. */
    if (check(sqlscore_funnel_metrics_new(&metrics, funnel, 0, 10 * DAY, 15 * DAY),
              "metrics") != SQLSCORE_OK)
        goto fail;
    rc = sqlscore_funnel_metrics_add_log(metrics, entity, stage, when, 10, 0, &bad);
    if (rc != SQLSCORE_OK) {
        fprintf(stderr, "event %zu: %s\n", bad, sqlscore_error_message());
        goto fail;
    }

    sqlscore_funnel_stage_count(funnel, &n);
    printf("%-13s %7s %7s %7s %7s\n", "stage", "entered", "forward", "in@end", "stale");
    for (s = 0; s < n; s++) {
        const char *name;
        int64_t e, f, in, st;
        sqlscore_funnel_stage_name(funnel, s, &name);
        sqlscore_funnel_metrics_count(metrics, s, SQLSCORE_FUNNEL_METRIC_ENTERED, &e);
        sqlscore_funnel_metrics_count(metrics, s, SQLSCORE_FUNNEL_METRIC_FORWARD, &f);
        sqlscore_funnel_metrics_count(metrics, s, SQLSCORE_FUNNEL_METRIC_IN_AT_END, &in);
        sqlscore_funnel_metrics_count(metrics, s, SQLSCORE_FUNNEL_METRIC_STALE, &st);
        printf("%-13s %7lld %7lld %7lld %7lld\n", name, (long long)e, (long long)f,
               (long long)in, (long long)st);
    }
    if (sqlscore_funnel_metrics_lead_to_sql(metrics, SQLSCORE_FUNNEL_COHORT, &conv, &base,
                                            &rate) == SQLSCORE_OK)
        printf("lead -> SQL (cohort): %lld of %lld = %.1f %%\n", (long long)conv,
               (long long)base, 100.0 * rate);
    if (sqlscore_funnel_metrics_time_in_stage(metrics, 1, NULL, &median, &mean, &p90)
        == SQLSCORE_OK)
        printf("time in mql: median %.1f d, mean %.1f d, p90 %.1f d\n", median / DAY,
               mean / DAY, p90 / DAY);
    if (sqlscore_funnel_metrics_velocity(metrics, NULL, &median, &mean, NULL) == SQLSCORE_OK)
        printf("velocity to SQL: median %.1f d, mean %.1f d\n", median / DAY, mean / DAY);

    sqlscore_funnel_metrics_free(metrics);
    sqlscore_funnel_free(funnel);
    return 0;
fail:
    sqlscore_funnel_metrics_free(metrics);
    sqlscore_funnel_free(funnel);
    return 1;
}
