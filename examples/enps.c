/*
 * enps.c - eNPS by team over three months: scores with confidence
 * intervals, anonymity suppression (with the complementary group), and the
 * month-over-month trend of the whole company.
 *
 *   ./enps
 */
#include <sqlscore.h>
#include <stdio.h>

#define DAY 86400

/* Answers per team and month; the "Legal" team is small enough to be
 * hidden, which forces the next-smallest team to be hidden too. */
static const struct {
    const char *team;
    int month;              /* 0 = October, 1 = November, 2 = December 2026 */
    const char *answers;    /* digits; 'X' = 10, '-' = skipped */
} data[] = {
    { "Sales",       0, "9X87654X9X3" },
    { "Sales",       1, "9X8X9X7X96-" },
    { "Sales",       2, "XX9X98X9X7X9" },
    { "Engineering", 0, "78899X6578" },
    { "Engineering", 1, "8899X75X88" },
    { "Engineering", 2, "99X8X9X889" },
    { "Support",     0, "5646789" },
    { "Support",     1, "6789X65" },
    { "Support",     2, "789X9X8" },
    { "Legal",       0, "X9" },
    { "Legal",       1, "9X" },
    { "Legal",       2, "X8" },
};

static int check(int rc)
{
    if (rc != SQLSCORE_OK && rc != SQLSCORE_ESUPPRESSED && rc != SQLSCORE_EUNDEFINED) {
        fprintf(stderr, "error: %s: %s\n", sqlscore_strerror(rc), sqlscore_error_message());
        return 1;
    }
    return 0;
}

static void show(const sqlscore_survey *s, const char *team, int64_t period)
{
    sqlscore_enps_result *r;
    uint64_t n, skipped;
    double enps, lo, hi;
    int32_t rounded;
    int rc;

    if (check(sqlscore_survey_result(s, team, period, &r)))
        return;
    sqlscore_enps_result_n(r, &n, &skipped, NULL);
    rc = sqlscore_enps_result_score(r, &enps, &rounded);
    if (rc == SQLSCORE_ESUPPRESSED)
        printf("  %-12s n=%3llu  (hidden: fewer than 5 answers, or needed to protect such a team)\n",
               team ? team : "All", (unsigned long long)n);
    else if (rc == SQLSCORE_OK) {
        sqlscore_enps_result_interval(r, SQLSCORE_ENPS_ADJUSTED_WALD, &lo, &hi);
        printf("  %-12s n=%3llu  eNPS %+4d (%+.1f), 95%% CI %+.1f .. %+.1f, skipped %llu\n",
               team ? team : "All", (unsigned long long)n, rounded, enps, lo, hi,
               (unsigned long long)skipped);
    }
    sqlscore_enps_result_free(r);
}

int main(void)
{
    static const char *teams[] = { "Sales", "Engineering", "Support", "Legal" };
    static const int64_t month_start[] = { 1790812800, 1793491200, 1796083200 }; /* Oct-Dec 2026 */
    sqlscore_survey *s;
    size_t i, t, nper;
    int64_t start;

    if (check(sqlscore_survey_new(&s)) || check(sqlscore_survey_set_period(s, SQLSCORE_PERIOD_MONTH, 0)))
        return 1;
    for (i = 0; i < sizeof data / sizeof data[0]; i++) {
        const char *a;
        int64_t when = month_start[data[i].month] + 3 * DAY;
        for (a = data[i].answers; *a; a++) {
            int rc = *a == '-' ? sqlscore_survey_add_missing(s, data[i].team, when, NULL)
                               : sqlscore_survey_add(s, *a == 'X' ? 10 : *a - '0', data[i].team, when, NULL);
            if (check(rc))
                return 1;
        }
    }
    sqlscore_survey_period_count(s, &nper);
    for (i = 0; i < nper; i++) {
        sqlscore_survey_period_at(s, i, &start);
        printf("Month starting at %lld:\n", (long long)start);
        for (t = 0; t < sizeof teams / sizeof teams[0]; t++)
            show(s, teams[t], start);
        show(s, NULL, start);
    }
    printf("Whole quarter:\n");
    show(s, NULL, SQLSCORE_SURVEY_ALL_TIME);
    printf("Company trend:\n");
    for (i = 1; i < nper; i++) {
        double change, p;
        int32_t sig;
        if (sqlscore_survey_trend(s, NULL, i, &change, &p, &sig) == SQLSCORE_OK)
            printf("  month %zu vs %zu: %+.1f points, p = %.3f%s\n", i, i - 1, change, p,
                   sig ? " (significant at 95%)" : "");
    }
    sqlscore_survey_free(s);
    return 0;
}
