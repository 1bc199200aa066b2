/*
 * qualify_bench.c - the columnar scoring benchmark: 1M leads x 20 fit
 * rules in one sqlscore_criteria_evaluate_columns() call.
 *
 * Usage: qualify_bench [ROWS]   (default 1000000)
 *
 * The table is synthetic with a fixed seed: 10 number columns (10 % of the
 * cells missing) and 4 low-cardinality text columns (6 % missing).  The
 * rules are 16 numeric (ranges, between, not, in), and 4 text tests
 * (contains, in, ends with, equality), one SQL gate and a capped group.
 * Prints the CPU time of the call (clock(), so other processes do not
 * count) and the rate in leads per second, then cross-checks 1000 rows
 * against lead handles.
 */
#include <sqlscore.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static uint32_t bench_state = 2463534242u;
static uint32_t bench_rand(void)
{
    bench_state ^= bench_state << 13;
    bench_state ^= bench_state >> 17;
    bench_state ^= bench_state << 5;
    return bench_state;
}

static void bench_check(int rc, const char *what)
{
    if (rc != SQLSCORE_OK) {
        fprintf(stderr, "qualify_bench: %s: %s\n", what, sqlscore_error_message());
        exit(1);
    }
}

int main(int argc, char **argv)
{
    static const char *const num_names[10] = { "employees", "revenue_m", "visits", "fit_score",
                                               "age_days", "seats", "arr_k", "nps", "tickets",
                                               "logins" };
    static const char *const text_names[4] = { "title", "country", "email", "industry" };
    static const char *const titles[] = { "VP Sales", "Engineer", "CTO", "Head of IT",
                                          "Marketing Manager", "Student" };
    static const char *const countries[] = { "DE", "US", "FR", "AT", "GB", "JP" };
    static const char *const emails[] = { "a@gmail.com", "b@acme.example", "c@corp.example" };
    static const char *const industries[] = { "Software", "Retail", "Healthcare", "Logistics" };
    size_t rows = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 1000000, i, k;
    char text[8192], *p = text;
    sqlscore_criteria *c;
    double *num[10], *scores;
    uint8_t *miss[10];
    const char **txt[4];
    int32_t *grades, *verdicts;
    clock_t t0, t1;
    double secs;

    if (rows == 0)
        rows = 1;
    p += sprintf(p, "criteria \"bench\" version 1\ngroup \"size\" cap 50\ntotal cap 120\n");
    for (k = 0; k < 12; k++)
        p += sprintf(p, "fit \"n%zu\"%s if %s >= %zu and %s < %zu then +%zu points\n", k,
                     k % 3 == 0 ? " in group \"size\"" : "", num_names[k % 10], k * 40,
                     num_names[(k + 3) % 10], 500 + 20 * k, k + 1);
    p += sprintf(p, "fit \"b1\" if employees between 50 and 500 then +4 points and +1 grade\n");
    p += sprintf(p, "fit \"b2\" if not (revenue_m > 700) then -3 points\n");
    p += sprintf(p, "fit \"b3\" if seats in (10, 20, 50, 100) then +2 points\n");
    p += sprintf(p, "fit \"b4\" if nps > 900 or logins is empty then +1 points\n");
    p += sprintf(p, "fit \"t1\" if title contains \"vp\" or title starts with \"head\" then +10 points and +2 grades\n");
    p += sprintf(p, "fit \"t2\" if country in (\"DE\", \"AT\", \"US\") then +5 points\n");
    p += sprintf(p, "fit \"t3\" if email ends with \"@gmail.com\" then -5 points and -1 grade\n");
    p += sprintf(p, "fit \"t4\" if industry = \"software\" then +3 points\n");
    p += sprintf(p, "disqualify \"student\" if title contains \"student\"\n");
    p += sprintf(p, "gate \"size\" if employees > 50\nmql at score 20\nsql at score 60\n");
    bench_check(sqlscore_criteria_parse(&c, text, strlen(text), "bench"), "parse");

    for (k = 0; k < 10; k++) {
        num[k] = malloc(rows * sizeof *num[k]);
        miss[k] = malloc(rows);
        if (num[k] == NULL || miss[k] == NULL)
            return 1;
        for (i = 0; i < rows; i++) {
            num[k][i] = (double)(bench_rand() % 1000);
            miss[k][i] = bench_rand() % 10 == 0;
        }
    }
    for (k = 0; k < 4; k++) {
        txt[k] = malloc(rows * sizeof *txt[k]);
        if (txt[k] == NULL)
            return 1;
        for (i = 0; i < rows; i++) {
            uint32_t r = bench_rand();
            txt[k][i] = k == 0 ? titles[r % 6] : k == 1 ? countries[r % 6]
                        : k == 2 ? emails[r % 3] : industries[r % 4];
            if (r % 17 == 0)
                txt[k][i] = NULL;
        }
    }
    scores = malloc(rows * sizeof *scores);
    grades = malloc(rows * sizeof *grades);
    verdicts = malloc(rows * sizeof *verdicts);
    if (scores == NULL || grades == NULL || verdicts == NULL)
        return 1;

    t0 = clock();
    bench_check(sqlscore_criteria_evaluate_columns(c, rows, 10, num_names,
                                                   (const double *const *)num,
                                                   (const uint8_t *const *)miss, 4, text_names,
                                                   (const char *const *const *)txt, scores,
                                                   grades, verdicts),
                "evaluate columns");
    t1 = clock();
    secs = (double)(t1 - t0) / CLOCKS_PER_SEC;
    printf("%zu leads x 20 fit rules: %.3f s CPU, %.2f M leads/s\n", rows, secs,
           secs > 0 ? (double)rows / secs / 1e6 : 0.0);

    /* The same rows through lead handles must score identically. */
    for (i = 0; i < rows && i < 1000; i++) {
        sqlscore_lead *l;
        sqlscore_result *r;
        double s;
        int32_t g, v;
        bench_check(sqlscore_lead_new(&l, "row"), "lead");
        for (k = 0; k < 10; k++)
            if (!miss[k][i])
                bench_check(sqlscore_lead_set_number(l, num_names[k], num[k][i]), "set");
        for (k = 0; k < 4; k++)
            if (txt[k][i] != NULL)
                bench_check(sqlscore_lead_set_text(l, text_names[k], txt[k][i]), "set");
        bench_check(sqlscore_criteria_evaluate(&r, c, l, 0), "evaluate");
        bench_check(sqlscore_result_score(r, &s), "score");
        bench_check(sqlscore_result_grade(r, &g), "grade");
        bench_check(sqlscore_result_verdict(r, &v), "verdict");
        if (memcmp(&s, &scores[i], sizeof s) != 0 || g != grades[i] || v != verdicts[i]) {
            fprintf(stderr, "qualify_bench: row %zu differs from its lead handle\n", i);
            return 1;
        }
        sqlscore_result_free(r);
        sqlscore_lead_free(l);
    }
    printf("first %zu rows equal their lead handles\n", i);
    for (k = 0; k < 10; k++) {
        free(num[k]);
        free(miss[k]);
    }
    for (k = 0; k < 4; k++)
        free((void *)txt[k]);
    free(scores);
    free(grades);
    free(verdicts);
    sqlscore_criteria_free(c);
    return 0;
}
