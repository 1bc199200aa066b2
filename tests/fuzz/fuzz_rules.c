/*
 * fuzz_rules.c - libFuzzer harness for the rules parser
 * (sqlscore_criteria_parse, sqlscore-rules(5)): rules files come from
 * users and CRM administrators and are the largest text format the library
 * reads.
 *
 * The input is the rules text as is (not NUL-terminated, in a buffer of
 * exactly its size).  Properties checked (abort() on violation):
 * - the status is OK, EPARSE or ENOMEM, *out is written only on success,
 *   and an EPARSE detail reads "rules:LINE:COL: ...";
 * - an accepted criteria written back as text (sqlscore_criteria_write)
 *   parses again, and writing that gives the very same text;
 * - both criteria evaluate a fixed lead to the same verdict, score and
 *   grade.
 * Leaks are findings too (LeakSanitizer in make fuzz, valgrind and ASan in
 * the replay test).
 */
#include "sqlscore.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond)                                                      \
    do {                                                                      \
        if (!(cond))                                                          \
            abort();                                                          \
    } while (0)

/* A lead touching every kind of attribute and event a rules file can test. */
static sqlscore_lead *rules_lead(void)
{
    static const char *const items[] = { "budget", "authority", "need", "timeline" };
    sqlscore_lead *l = NULL;
    double v = 45;
    if (sqlscore_lead_new(&l, "fuzz-lead") != SQLSCORE_OK)
        return NULL;
    if (sqlscore_lead_set_integer(l, "employees", 1200) != SQLSCORE_OK ||
        sqlscore_lead_set_text(l, "title", "VP of Sales") != SQLSCORE_OK ||
        sqlscore_lead_set_text(l, "email", "jane@example.com") != SQLSCORE_OK ||
        sqlscore_lead_set_text(l, "industry", "Software") != SQLSCORE_OK ||
        sqlscore_lead_set_number(l, "value", 3.5) != SQLSCORE_OK ||
        sqlscore_lead_set_boolean(l, "do_not_contact", 0) != SQLSCORE_OK ||
        sqlscore_lead_set_time(l, "signed_up", 1767225600) != SQLSCORE_OK ||
        sqlscore_lead_set_money(l, "annual_revenue", 2500000000, "USD") != SQLSCORE_OK ||
        sqlscore_lead_checklist_set(l, "BANT", items, 4) != SQLSCORE_OK ||
        sqlscore_lead_check_set(l, "budget", SQLSCORE_CHECK_MET) != SQLSCORE_OK ||
        sqlscore_lead_event_add(l, "page_view", 1767225600, &v, "spring") != SQLSCORE_OK ||
        sqlscore_lead_event_add(l, "demo_request", 1767312000, NULL, NULL) != SQLSCORE_OK) {
        sqlscore_lead_free(l);
        return NULL;
    }
    return l;
}

static int rules_eval(const sqlscore_criteria *c, const sqlscore_lead *l, int32_t *verdict,
                      double *score, int32_t *grade)
{
    sqlscore_result *r = NULL;
    int rc = sqlscore_criteria_evaluate(&r, c, l, 1767398400);
    if (rc != SQLSCORE_OK)
        return rc;
    FUZZ_CHECK(sqlscore_result_verdict(r, verdict) == SQLSCORE_OK);
    FUZZ_CHECK(sqlscore_result_score(r, score) == SQLSCORE_OK);
    FUZZ_CHECK(sqlscore_result_grade(r, grade) == SQLSCORE_OK);
    sqlscore_result_free(r);
    return SQLSCORE_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sqlscore_criteria *c = (sqlscore_criteria *)&c, *c2 = NULL;
    char *text = NULL, *text2 = NULL, *buf;
    int rc;

    buf = malloc(size ? size : 1);
    if (buf == NULL)
        return 0;
    if (size > 0)
        memcpy(buf, data, size);
    sqlscore_error_clear();
    rc = sqlscore_criteria_parse(&c, buf, size, NULL);
    FUZZ_CHECK(rc == SQLSCORE_OK || rc == SQLSCORE_EPARSE || rc == SQLSCORE_ENOMEM);
    if (rc != SQLSCORE_OK) {
        FUZZ_CHECK(c == (sqlscore_criteria *)&c);
        FUZZ_CHECK(sqlscore_error_code() == rc);
        if (rc == SQLSCORE_EPARSE)
            FUZZ_CHECK(strncmp(sqlscore_error_message(), "rules:", 6) == 0);
        free(buf);
        return 0;
    }
    FUZZ_CHECK(c != NULL && c != (sqlscore_criteria *)&c);

    FUZZ_CHECK(sqlscore_criteria_write(c, &text) == SQLSCORE_OK);
    rc = sqlscore_criteria_parse(&c2, text, strlen(text), "written");
    if (rc != SQLSCORE_OK) {
        fprintf(stderr, "written text does not parse: %s\n---\n%s---\n",
                sqlscore_error_message(), text);
        abort();
    }
    FUZZ_CHECK(sqlscore_criteria_write(c2, &text2) == SQLSCORE_OK);
    if (strcmp(text, text2) != 0) {
        fprintf(stderr, "writing is not stable:\n---\n%s---\n%s---\n", text, text2);
        abort();
    }

    {
        sqlscore_lead *l = rules_lead();
        int32_t v1 = -1, v2 = -2, g1 = -1, g2 = -2;
        double s1 = -1, s2 = -2;
        if (l != NULL) {
            int r1 = rules_eval(c, l, &v1, &s1, &g1);
            int r2 = rules_eval(c2, l, &v2, &s2, &g2);
            FUZZ_CHECK(r1 == r2);
            if (r1 == SQLSCORE_OK)
                FUZZ_CHECK(v1 == v2 && g1 == g2 && (s1 == s2 || (s1 != s1 && s2 != s2)));
            sqlscore_lead_free(l);
        }
    }
    sqlscore_buffer_free(text);
    sqlscore_buffer_free(text2);
    sqlscore_criteria_free(c);
    sqlscore_criteria_free(c2);
    free(buf);
    return 0;
}
