/*
 * fuzz_rules.c - libFuzzer harness for the rules file parser and writer
 * (sqlscore_criteria_parse(), sqlscore_criteria_write()), which read text a
 * CRM administrator edits.
 *
 * Input: the whole buffer is rules text (any bytes, any length).
 * Properties checked (abort() on violation):
 * - parsing returns SQLSCORE_OK or SQLSCORE_EPARSE, and on EPARSE the
 *   detail starts with "fuzz:" and is valid UTF-8;
 * - a parsed criteria writes back to text that parses to an equal criteria
 *   and writes back to the same text (round trip);
 * - evaluating it against a lead with a few attributes and events gives a
 *   finite score, a grade in F..A+ and a verdict in range, and the same
 *   numbers through the batch and columnar entry points.
 */
#include "sqlscore.h"
#include "internal.h"
#include "criteria_internal.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz_check.h"

static sqlscore_lead *rules_fuzz_lead(void)
{
    sqlscore_lead *l;
    double v = 42;
    FUZZ_CHECK(sqlscore_lead_new(&l, "fuzz") == SQLSCORE_OK);
    FUZZ_CHECK(sqlscore_lead_set_number(l, "x", 1) == SQLSCORE_OK);
    FUZZ_CHECK(sqlscore_lead_set_number(l, "employees", 250) == SQLSCORE_OK);
    FUZZ_CHECK(sqlscore_lead_set_text(l, "title", "VP Sales") == SQLSCORE_OK);
    FUZZ_CHECK(sqlscore_lead_set_text(l, "email", "a@gmail.com") == SQLSCORE_OK);
    FUZZ_CHECK(sqlscore_lead_set_money(l, "arr", 5000000, "USD") == SQLSCORE_OK);
    FUZZ_CHECK(sqlscore_lead_set_time(l, "signup", 1000) == SQLSCORE_OK);
    FUZZ_CHECK(sqlscore_lead_event_add(l, "page_view", 900, &v, NULL) == SQLSCORE_OK);
    FUZZ_CHECK(sqlscore_lead_event_add(l, "demo_request", 500, NULL, NULL) == SQLSCORE_OK);
    return l;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sqlscore_criteria *c = NULL, *d = NULL;
    char *t1 = NULL, *t2 = NULL;
    int rc = sqlscore_criteria_parse(&c, (const char *)data, size, "fuzz");
    if (rc != SQLSCORE_OK) {
        const char *m = sqlscore_error_message();
        FUZZ_CHECK(rc == SQLSCORE_EPARSE);
        FUZZ_CHECK(strncmp(m, "fuzz:", 5) == 0);
        FUZZ_CHECK(sqlscore__utf8_valid(m, strlen(m)));
        return 0;
    }
    FUZZ_CHECK(sqlscore_criteria_write(c, &t1) == SQLSCORE_OK);
    FUZZ_CHECK(sqlscore_criteria_parse(&d, t1, strlen(t1), NULL) == SQLSCORE_OK);
    FUZZ_CHECK(sqlscore__criteria_equal(c, d));
    FUZZ_CHECK(sqlscore_criteria_write(d, &t2) == SQLSCORE_OK);
    FUZZ_CHECK(strcmp(t1, t2) == 0);
    {
        sqlscore_lead *l = rules_fuzz_lead();
        const sqlscore_lead *leads[1];
        sqlscore_result *r;
        double s, s2, s3, num[2] = { 1, 250 };
        int32_t g, v, g2, v2, g3, v3;
        const char *nn[] = { "x", "employees" };
        const double *nc[] = { &num[0], &num[1] };
        const char *tn[] = { "title", "email" };
        const char *title[] = { "VP Sales" }, *email[] = { "a@gmail.com" };
        const char *const *tc[] = { title, email };
        FUZZ_CHECK(sqlscore_criteria_evaluate(&r, c, l, 1000) == SQLSCORE_OK);
        FUZZ_CHECK(sqlscore_result_score(r, &s) == SQLSCORE_OK && isfinite(s));
        FUZZ_CHECK(sqlscore_result_grade(r, &g) == SQLSCORE_OK && g >= 0 && g <= 12);
        FUZZ_CHECK(sqlscore_result_verdict(r, &v) == SQLSCORE_OK && v >= 0 && v <= 3);
        sqlscore_result_free(r);
        leads[0] = l;
        FUZZ_CHECK(sqlscore_criteria_evaluate_batch(c, leads, 1, 1000, &s2, &g2, &v2) ==
                   SQLSCORE_OK);
        FUZZ_CHECK(memcmp(&s, &s2, sizeof s) == 0 && g == g2 && v == v2);
        /* a row with the same attributes except money, time and events */
        FUZZ_CHECK(sqlscore_criteria_evaluate_columns(c, 1, 2, nn, nc, NULL, 2, tn, tc, &s3, &g3,
                                                      &v3) == SQLSCORE_OK);
        FUZZ_CHECK(isfinite(s3) && g3 >= 0 && g3 <= 12 && v3 >= 0 && v3 <= 3);
        sqlscore_lead_free(l);
    }
    sqlscore_buffer_free(t1);
    sqlscore_buffer_free(t2);
    sqlscore_criteria_free(c);
    sqlscore_criteria_free(d);
    return 0;
}
