/*
 * stage_gate.c - the qualification gate on the SQL stage: a lead enters it
 * only with an SQL verdict from the criteria, or with a recorded override.
 */
#include "funnel_internal.h"

#include <string.h>

static const char *gate_verdict_name(int32_t v)
{
    switch (v) {
    case SQLSCORE_VERDICT_UNQUALIFIED:  return "unqualified";
    case SQLSCORE_VERDICT_MQL:          return "MQL";
    case SQLSCORE_VERDICT_SQL:          return "SQL";
    case SQLSCORE_VERDICT_DISQUALIFIED: return "disqualified";
    default:                            return "unknown";
    }
}

/* Does this line of the explanation say what is missing? */
static int gate_line_matters(const char *line, size_t n)
{
    static const char *const words[] = { "failed", "missing" };
    size_t i, k;
    for (k = 0; k < 2; k++) {
        size_t wl = strlen(words[k]);
        for (i = 0; i + wl <= n; i++)
            if (memcmp(line + i, words[k], wl) == 0)
                return 1;
    }
    return 0;
}

/* The explanation is several lines; a detail message is one.  Keep the
 * lines that say what is missing (failed gates, missing points), joined by
 * "; ", or every line when none does.  NULL when out of memory. */
static char *gate_condense(const char *text)
{
    size_t len = strlen(text), w = 0;
    char *out = sqlscore__malloc(2 * len + 1);
    int pass;
    if (out == NULL)
        return NULL;
    for (pass = 0; pass < 2 && w == 0; pass++) {
        const char *r = text;
        while (*r != '\0') {
            const char *eol = strchr(r, '\n');
            size_t n = eol != NULL ? (size_t)(eol - r) : strlen(r);
            if (n > 0 && (pass == 1 || gate_line_matters(r, n))) {
                if (w > 0) {
                    memcpy(out + w, "; ", 2);
                    w += 2;
                }
                memcpy(out + w, r, n);
                w += n;
            }
            r += n + (eol != NULL);
        }
    }
    out[w] = '\0';
    return out;
}

static int gate_check(const void *ctx, const sqlscore_lead *lead, const sqlscore_funnel *f,
                      int64_t time, const char *fn)
{
    const sqlscore_criteria *criteria = ctx;
    sqlscore_result *res;
    int32_t verdict = SQLSCORE_VERDICT_UNQUALIFIED;
    char *why = NULL, *short_why;
    int rc;

    if ((rc = sqlscore_criteria_evaluate(&res, criteria, lead, time)) != SQLSCORE_OK)
        return rc;
    if ((rc = sqlscore_result_verdict(res, &verdict)) != SQLSCORE_OK) {
        sqlscore_result_free(res);
        return rc;
    }
    if (verdict == SQLSCORE_VERDICT_SQL) {
        sqlscore_result_free(res);
        return SQLSCORE_OK;
    }
    rc = sqlscore_result_explain(res, &why);
    sqlscore_result_free(res);
    if (rc != SQLSCORE_OK)
        return rc;
    short_why = gate_condense(why);
    sqlscore_buffer_free(why);
    if (short_why == NULL)
        return SQLSCORE_ENOMEM;
    /* The refusal comes first: the detail may be cut at its size limit. */
    rc = sqlscore__fail(SQLSCORE_ETRANSITION,
                        "%s: entering '%s' needs the verdict SQL (or SQLSCORE_MOVE_OVERRIDE "
                        "with a reason), the lead is %s: %s", fn, f->stages[f->sql].name,
                        gate_verdict_name(verdict), short_why);
    sqlscore__free(short_why);
    return rc;
}

SQLSCORE_API int sqlscore_lead_stage_move_gated(sqlscore_lead *lead,
                                                const sqlscore_funnel *funnel,
                                                const sqlscore_criteria *criteria,
                                                const char *stage, int64_t time,
                                                int32_t flags, int32_t reason_code,
                                                const char *reason)
{
    static const char fn[] = "sqlscore_lead_stage_move_gated";
    SQLSCORE__CHECK_NULL(criteria, fn, "criteria");
    return sqlscore__lead_stage_move(lead, funnel, stage, time, flags, reason_code, reason,
                                     gate_check, criteria, fn);
}
