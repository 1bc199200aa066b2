/* readme.c - the C example shown in README.md: rules in, verdict and reasons out. */
#include <sqlscore.h>
#include <stdio.h>
#include <string.h>

static const char rules[] =
    "criteria \"Inbound\" version 1\n"
    "fit \"Mid-market\" if employees between 100 and 999 then +30 points\n"
    "engagement \"Demo request\" on demo_request then +40 points once decay half-life 30d\n"
    "gate \"Budget confirmed\" if budget is met\n"
    "mql at score 30\n"
    "sql at score 60\n";

int main(void)
{
    sqlscore_criteria *c; sqlscore_lead *lead; sqlscore_result *r;
    int64_t now = 1793577600;                  /* 2026-11-02, passed in: no clock */
    int32_t verdict; const char *name; char *why;

    if (sqlscore_criteria_parse(&c, rules, strlen(rules), "inline.rules") != SQLSCORE_OK) {
        fprintf(stderr, "%s\n", sqlscore_error_message());   /* inline.rules:LINE:COL: ... */
        return 1;
    }
    sqlscore_lead_new(&lead, "lead-42");
    sqlscore_lead_set_integer(lead, "employees", 250);
    sqlscore_lead_event_add(lead, "demo_request", now - 2 * 86400, NULL, "webinar-q4");
    sqlscore_lead_check_set(lead, "budget", SQLSCORE_CHECK_MET);

    sqlscore_criteria_evaluate(&r, c, lead, now);
    sqlscore_result_verdict(r, &verdict);
    sqlscore_verdict_name(verdict, &name);
    sqlscore_result_explain(r, &why);
    printf("%s: %s\n%s", "lead-42", name, why);

    sqlscore_buffer_free(why);
    sqlscore_result_free(r);
    sqlscore_lead_free(lead);
    sqlscore_criteria_free(c);
    return verdict == SQLSCORE_VERDICT_SQL ? 0 : 1;
}
