/*
 * qualify.c - score a few leads against a rules file and print why each is
 * (or is not) a sales-qualified lead.
 *
 * Usage: qualify [RULES-FILE]   (default: examples/data/criteria.rules)
 *
 * The leads are built in code the way a CRM plugin would fill them from its
 * records: attributes, the BANT checklist sales filled in, and the
 * engagement events the marketing system logged.
 */
#include <sqlscore.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define DAY 86400
/* A fixed "now" keeps the output reproducible: 2026-11-02 00:00 UTC. */
#define NOW ((int64_t)1793577600)

static int check(int rc, const char *what)
{
    if (rc != SQLSCORE_OK) {
        fprintf(stderr, "qualify: %s: %s: %s\n", what, sqlscore_strerror(rc),
                sqlscore_error_message());
        exit(1);
    }
    return rc;
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t cap = 0, n = 0, k;
    if (f == NULL) {
        perror(path);
        exit(1);
    }
    do {
        if (n == cap) {
            char *p;
            cap = cap ? cap * 2 : 4096;
            if ((p = realloc(buf, cap)) == NULL) {
                fprintf(stderr, "qualify: out of memory\n");
                exit(1);
            }
            buf = p;
        }
        k = fread(buf + n, 1, cap - n, f);
        n += k;
    } while (k > 0);
    fclose(f);
    *len = n;
    return buf;
}

static void event(sqlscore_lead *l, const char *type, int days_ago, double value, int has_value)
{
    check(sqlscore_lead_event_add(l, type, NOW - (int64_t)days_ago * DAY,
                                  has_value ? &value : NULL, "fall-campaign"),
          "event");
}

static sqlscore_lead *enterprise_vp(void)
{
    sqlscore_lead *l;
    check(sqlscore_lead_new(&l, "0031x00001 Dana Ortiz, Northwind Logistics"), "lead");
    check(sqlscore_lead_set_integer(l, "employees", 4200), "employees");
    check(sqlscore_lead_set_text(l, "industry", "Logistics"), "industry");
    check(sqlscore_lead_set_text(l, "country", "US"), "country");
    check(sqlscore_lead_set_money(l, "annual_revenue", 85000000000LL, "USD"), "revenue");
    check(sqlscore_lead_set_text(l, "title", "VP Operations"), "title");
    check(sqlscore_lead_set_text(l, "email", "dana.ortiz@northwind.example"), "email");
    check(sqlscore_lead_set_text(l, "phone", "+1 312 555 0142"), "phone");
    check(sqlscore_lead_set_time(l, "signed_up", NOW - 12 * DAY), "signed_up");
    check(sqlscore_lead_check_set(l, "budget", SQLSCORE_CHECK_MET), "budget");
    check(sqlscore_lead_check_set(l, "authority", SQLSCORE_CHECK_MET), "authority");
    check(sqlscore_lead_check_set(l, "need", SQLSCORE_CHECK_MET), "need");
    event(l, "page_view", 9, 45, 1);
    event(l, "page_view", 3, 120, 1);
    event(l, "content_download", 8, 0, 0);
    event(l, "demo_request", 2, 0, 0);
    return l;
}

static sqlscore_lead *curious_manager(void)
{
    sqlscore_lead *l;
    check(sqlscore_lead_new(&l, "0031x00002 Sam Lee, Brightleaf Health"), "lead");
    check(sqlscore_lead_set_integer(l, "employees", 350), "employees");
    check(sqlscore_lead_set_text(l, "industry", "Healthcare"), "industry");
    check(sqlscore_lead_set_text(l, "country", "GB"), "country");
    check(sqlscore_lead_set_text(l, "title", "IT Manager"), "title");
    check(sqlscore_lead_set_text(l, "email", "sam.lee@brightleaf.example"), "email");
    check(sqlscore_lead_check_set(l, "need", SQLSCORE_CHECK_MET), "need");
    event(l, "page_view", 20, 10, 1);
    event(l, "page_view", 6, 40, 1);
    event(l, "webinar", 15, 0, 0);
    event(l, "content_download", 30, 0, 0);
    return l;
}

static sqlscore_lead *student(void)
{
    sqlscore_lead *l;
    check(sqlscore_lead_new(&l, "0031x00003 Alex Kim"), "lead");
    check(sqlscore_lead_set_text(l, "title", "Graduate student"), "title");
    check(sqlscore_lead_set_text(l, "email", "akim@university.edu"), "email");
    event(l, "demo_request", 1, 0, 0);
    return l;
}

static sqlscore_lead *small_shop(void)
{
    sqlscore_lead *l;
    check(sqlscore_lead_new(&l, "0031x00004 Jo Rivera, Rivera Bakery"), "lead");
    check(sqlscore_lead_set_integer(l, "employees", 6), "employees");
    check(sqlscore_lead_set_text(l, "email", "jo.rivera@gmail.com"), "email");
    event(l, "page_view", 40, 5, 1);
    return l;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "examples/data/criteria.rules";
    sqlscore_lead *leads[4];
    sqlscore_criteria *criteria;
    const char *name;
    int32_t version;
    size_t len, i;
    char *text = read_file(path, &len);

    check(sqlscore_criteria_parse(&criteria, text, len, path), "parse");
    free(text);
    check(sqlscore_criteria_name(criteria, &name, &version), "name");
    printf("criteria \"%s\" version %d\n\n", name, (int)version);

    leads[0] = enterprise_vp();
    leads[1] = curious_manager();
    leads[2] = student();
    leads[3] = small_shop();
    for (i = 0; i < 4; i++) {
        sqlscore_result *before, *r;
        const char *verdict, *grade;
        int32_t v, g, crossed;
        double score;
        char *why;
        check(sqlscore_criteria_evaluate(&r, criteria, leads[i], NOW), "evaluate");
        check(sqlscore_result_verdict(r, &v), "verdict");
        check(sqlscore_result_score(r, &score), "score");
        check(sqlscore_result_grade(r, &g), "grade");
        check(sqlscore_verdict_name(v, &verdict), "verdict name");
        check(sqlscore_grade_name(g, &grade), "grade name");
        check(sqlscore_result_explain(r, &why), "explain");
        printf("== %s (score %.2f, grade %s)\n%s", verdict, score, grade, why);
        /* What a CRM workflow would have fired over the last two weeks. */
        check(sqlscore_criteria_evaluate(&before, criteria, leads[i], NOW - 14 * DAY),
              "evaluate two weeks ago");
        check(sqlscore_result_crossings(before, r, &crossed), "crossings");
        if (crossed & SQLSCORE_CROSS_SQL_UP)
            printf("-> crossed into SQL in the last two weeks: route to sales\n");
        else if (crossed & SQLSCORE_CROSS_MQL_UP)
            printf("-> crossed into MQL in the last two weeks: start nurture\n");
        else if (crossed & SQLSCORE_CROSS_DISQUALIFIED)
            printf("-> disqualified in the last two weeks\n");
        printf("\n");
        sqlscore_buffer_free(why);
        sqlscore_result_free(before);
        sqlscore_result_free(r);
    }
    for (i = 0; i < 4; i++)
        sqlscore_lead_free(leads[i]);

    /* A whole table in one call, as a Python or Ruby binding would pass a
     * data frame: number columns with a missing mask, text columns with
     * NULL for missing.  Rows have no events, so only fit rules count. */
    {
        static const double employees[] = { 1500, 120, 8, 0 };
        static const uint8_t employees_missing[] = { 0, 0, 0, 1 };
        static const char *const title[] = { "Chief Revenue Officer", "Marketing Manager",
                                             "Owner", NULL };
        static const char *const industry[] = { "Software", "Retail", "Software", "Healthcare" };
        static const char *const email[] = { "cro@bigco.example", "mm@shop.example",
                                             "owner@gmail.com", "x@rivalsoft.example" };
        const char *number_names[] = { "employees" };
        const double *numbers[] = { employees };
        const uint8_t *missing[] = { employees_missing };
        const char *text_names[] = { "title", "industry", "email" };
        const char *const *texts[] = { title, industry, email };
        double scores[4];
        int32_t grades[4], verdicts[4];
        check(sqlscore_criteria_evaluate_columns(criteria, 4, 1, number_names, numbers, missing,
                                                 3, text_names, texts, scores, grades, verdicts),
              "evaluate columns");
        printf("table of 4 rows scored in one call:\n");
        for (i = 0; i < 4; i++) {
            const char *verdict, *grade;
            check(sqlscore_verdict_name(verdicts[i], &verdict), "verdict name");
            check(sqlscore_grade_name(grades[i], &grade), "grade name");
            printf("  row %zu: %-12s score %7.2f  grade %s\n", i, verdict, scores[i], grade);
        }
    }
    sqlscore_criteria_free(criteria);
    return 0;
}
