/* cpsql.c - campaigns, exact CPSQL and multi-touch attribution.
 *
 * Two campaigns (one paying partly in EUR), funnel counts set directly,
 * then the same SQLs attributed from touches with three models, and a
 * period-based portfolio.  Build against an installed library with
 *   cc -o cpsql cpsql.c $(pkg-config --cflags --libs sqlscore)          */
#include <sqlscore.h>

#include <stdint.h>
#include <stdio.h>

#define DAY INT64_C(86400)

static int check(int rc, const char *what)
{
    if (rc != SQLSCORE_OK)
        fprintf(stderr, "%s: %s (%s)\n", what, sqlscore_strerror(rc),
                sqlscore_error_message());
    return rc != SQLSCORE_OK;
}

/* Print num/den minor units of currency, rounded half-even. */
static void print_cost(const char *label, int64_t num, int64_t den, const char *currency)
{
    int64_t minor;
    char text[32];
    if (sqlscore_ratio_round(num, den, 1, SQLSCORE_ROUND_HALF_EVEN, &minor) == SQLSCORE_OK &&
        sqlscore_money_format(text, sizeof text, NULL, minor, currency) == SQLSCORE_OK)
        printf("  %-28s %s %s  (exactly %lld/%lld minor units)\n", label, text, currency,
               (long long)num, (long long)den);
}

int main(void)
{
    sqlscore_campaign *webinar = NULL, *fair = NULL;
    sqlscore_rates *rates = NULL;
    sqlscore_attribution *attr = NULL;
    sqlscore_attribution_result *res = NULL;
    sqlscore_portfolio *port = NULL;
    int64_t amount, num, den, cpl_n, cpl_d, r1_n, r1_d, r2_n, r2_d;
    int32_t cmp;
    int fail = 1;
    static const int32_t models[] = {SQLSCORE_MODEL_LINEAR, SQLSCORE_MODEL_W_SHAPED,
                                     SQLSCORE_MODEL_TIME_DECAY};
    static const char *model_names[] = {"linear", "W-shaped", "time decay (H = 7 d)"};
    size_t m;

    /* --- money and campaigns --------------------------------------------- */
    if (check(sqlscore_campaign_new(&webinar, "webinar", "Q3 webinar", "USD"), "campaign") ||
        check(sqlscore_money_parse(&amount, "6,000.00", "USD", SQLSCORE_ROUND_HALF_EVEN), "parse") ||
        check(sqlscore_campaign_add_spend(webinar, amount, NULL, SQLSCORE_SPEND_MARKETING, 1 * DAY), "spend") ||
        check(sqlscore_campaign_add_spend(webinar, 400000, NULL, SQLSCORE_SPEND_SALES, 2 * DAY), "spend") ||
        check(sqlscore_campaign_set_counts(webinar, 400, 100, 30, 12), "counts"))
        goto done;
    printf("Campaign 'webinar': 10,000.00 USD spend, 400 leads, 100 MQLs, 30 SQLs\n");
    if (check(sqlscore_campaign_metric(webinar, SQLSCORE_METRIC_CPL, NULL, 0, &cpl_n, &cpl_d), "CPL") ||
        check(sqlscore_campaign_metric(webinar, SQLSCORE_METRIC_LEAD_TO_MQL, NULL, 0, &r1_n, &r1_d), "rate") ||
        check(sqlscore_campaign_metric(webinar, SQLSCORE_METRIC_MQL_TO_SQL, NULL, 0, &r2_n, &r2_d), "rate") ||
        check(sqlscore_campaign_metric(webinar, SQLSCORE_METRIC_CPSQL, NULL, 0, &num, &den), "CPSQL"))
        goto done;
    print_cost("cost per lead", cpl_n, cpl_d, "USD");
    print_cost("cost per SQL", num, den, "USD");
    /* CPL / (r1 x r2) = (cpl_n r1_d r2_d) / (cpl_d r1_n r2_n); small here. */
    if (check(sqlscore_ratio_compare(cpl_n * r1_d * r2_d, cpl_d * r1_n * r2_n, num, den, &cmp),
              "compare"))
        goto done;
    printf("  CPL / (lead->MQL x MQL->SQL) %s CPSQL\n", cmp == 0 ? "==" : "!=");

    /* A campaign with EUR spend needs an exchange rate for its time. */
    if (check(sqlscore_campaign_new(&fair, "fair", "Berlin trade fair", "USD"), "campaign") ||
        check(sqlscore_campaign_add_spend(fair, 250000, "EUR", SQLSCORE_SPEND_MARKETING, 3 * DAY), "spend"))
        goto done;
    if (sqlscore_campaign_spend(fair, SQLSCORE_SPEND_ALL, NULL, 0, &amount) == SQLSCORE_EINCOMPATIBLE)
        printf("Campaign 'fair' without rates: %s\n", sqlscore_error_message());
    if (check(sqlscore_rates_new(&rates), "rates") ||
        check(sqlscore_rates_set_text(rates, "EUR", "USD", 0, "1.0843"), "rate") ||
        check(sqlscore_campaign_spend(fair, SQLSCORE_SPEND_ALL, rates, 0, &amount), "spend"))
        goto done;
    printf("Campaign 'fair' at 1.0843 USD/EUR: 2,500.00 EUR = %lld.%02lld USD\n\n",
           (long long)(amount / 100), (long long)(amount % 100));

    /* --- attribution ------------------------------------------------------ */
    if (check(sqlscore_attribution_new(&attr), "attribution") ||
        check(sqlscore_attribution_add_touch(attr, "ann", "fair", 3 * DAY, SQLSCORE_TOUCH_LEAD_CREATION), "touch") ||
        check(sqlscore_attribution_add_touch(attr, "ann", "webinar", 10 * DAY, 0), "touch") ||
        check(sqlscore_attribution_add_touch(attr, "ann", "webinar", 12 * DAY, SQLSCORE_TOUCH_OPPORTUNITY_CREATION), "touch") ||
        check(sqlscore_attribution_add_conversion(attr, "ann", 14 * DAY), "conversion") ||
        check(sqlscore_attribution_add_touch(attr, "bob", "webinar", 5 * DAY, SQLSCORE_TOUCH_LEAD_CREATION), "touch") ||
        check(sqlscore_attribution_add_touch(attr, "bob", "fair", 6 * DAY, 0), "touch") ||
        check(sqlscore_attribution_add_conversion(attr, "bob", 20 * DAY), "conversion"))
        goto done;
    for (m = 0; m < sizeof models / sizeof models[0]; m++) {
        int64_t credit[2];
        if (check(sqlscore_attribution_set_model(attr, models[m]), "model") ||
            check(sqlscore_attribution_run(attr, &res), "run") ||
            check(sqlscore_attribution_result_credits(res, 2, credit), "credits"))
            goto done;
        /* Campaign indices follow first appearance: fair 0, webinar 1. */
        printf("%s: fair %.6f SQLs, webinar %.6f SQLs\n", model_names[m],
               (double)credit[0] / SQLSCORE_CREDIT_ONE, (double)credit[1] / SQLSCORE_CREDIT_ONE);
        if (check(sqlscore_attribution_cpsql(attr, res, fair, rates, 0, 0, &num, &den), "cpsql"))
            goto done;
        print_cost("fair CPSQL (fractional SQLs)", num, den, "USD");
        sqlscore_attribution_result_free(res);
        res = NULL;
    }

    /* --- portfolio: what happened in the first two weeks ------------------- */
    if (check(sqlscore_attribution_set_model(attr, SQLSCORE_MODEL_LINEAR), "model") ||
        check(sqlscore_attribution_run(attr, &res), "run") ||
        check(sqlscore_portfolio_new(&port, "USD"), "portfolio") ||
        check(sqlscore_portfolio_add(port, webinar), "add") ||
        check(sqlscore_portfolio_add(port, fair), "add") ||
        check(sqlscore_portfolio_compute(port, attr, res, SQLSCORE_COUNT_PERIOD, 0, 15 * DAY,
                                         rates, SQLSCORE_ROUND_HALF_EVEN), "compute"))
        goto done;
    printf("\nPeriod [day 0, day 15), linear:\n");
    for (m = 0; m < 2; m++) {
        const char *id;
        int64_t spend, leads, sqls, credit;
        char text[32];
        if (check(sqlscore_portfolio_row(port, m, &id, &spend, &leads, &sqls, &credit), "row") ||
            check(sqlscore_money_format(text, sizeof text, NULL, spend, "USD"), "format"))
            goto done;
        printf("  %-8s spend %10s USD, %lld leads, %lld SQLs, credit %lld ppm\n", id, text,
               (long long)leads, (long long)sqls, (long long)credit);
    }
    fail = 0;
done:
    sqlscore_portfolio_free(port);
    sqlscore_attribution_result_free(res);
    sqlscore_attribution_free(attr);
    sqlscore_rates_free(rates);
    sqlscore_campaign_free(fair);
    sqlscore_campaign_free(webinar);
    return fail;
}
