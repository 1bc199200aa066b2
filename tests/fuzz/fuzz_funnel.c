/*
 * fuzz_funnel.c - libFuzzer harness for sqlscore_funnel_parse() and
 * sqlscore_funnel_write(), which read the funnel block of users' rules
 * files, and for the event-log entry point fed with the parsed funnel.
 *
 * Input: the whole input is rules text.  Properties checked (abort() on
 * violation):
 * - the status is one the header documents, and *out is written only on
 *   success;
 * - a parsed funnel writes to text that parses back, and writing that again
 *   gives the same text (the round trip is a fixed point);
 * - the bytes read as an event log (entity, stage, time) against the parsed
 *   funnel give a documented status, and a refused log names an event index
 *   inside the log.
 */
#include "sqlscore.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz_check.h"

static void funnel_fuzz_log(const sqlscore_funnel *f, const uint8_t *data, size_t size)
{
    enum { MAXEV = 64 };
    int64_t ent[MAXEV], tm[MAXEV];
    int32_t stg[MAXEV], n_stages;
    size_t n = 0, bad = (size_t)-1, i;
    sqlscore_funnel_metrics *m;
    int rc;
    FUZZ_CHECK(sqlscore_funnel_stage_count(f, &n_stages) == SQLSCORE_OK);
    for (i = 0; i + 3 <= size && n < MAXEV; i += 3) {
        ent[n] = data[i] % 4;
        stg[n] = (int32_t)(data[i + 1] % (n_stages + 1));   /* one past the end now and then */
        tm[n] = (int64_t)(data[i + 2] % 16) * 3600;
        n++;
    }
    if (sqlscore_funnel_metrics_new(&m, f, 0, 8 * 3600, 12 * 3600) != SQLSCORE_OK)
        return;
    rc = sqlscore_funnel_metrics_add_log(m, ent, stg, tm, n, data[0] & 3, &bad);
    FUZZ_CHECK(rc == SQLSCORE_OK || rc == SQLSCORE_EINVAL || rc == SQLSCORE_ETRANSITION ||
               rc == SQLSCORE_ESTATE || rc == SQLSCORE_ENOMEM);
    if (rc == SQLSCORE_ETRANSITION || rc == SQLSCORE_ESTATE || rc == SQLSCORE_EINVAL)
        FUZZ_CHECK(bad < n);
    if (rc == SQLSCORE_OK) {
        int64_t c;
        double md, mn, p;
        int32_t s;
        for (s = 0; s < n_stages; s++) {
            rc = sqlscore_funnel_metrics_time_in_stage(m, s, &c, &md, &mn, &p);
            FUZZ_CHECK(rc == SQLSCORE_OK || rc == SQLSCORE_EUNDEFINED || rc == SQLSCORE_ENOMEM);
            if (rc == SQLSCORE_OK)
                FUZZ_CHECK(c > 0 && md >= 0 && mn >= 0 && p >= md);
        }
    }
    sqlscore_funnel_metrics_free(m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sqlscore_funnel *f = (sqlscore_funnel *)&f, *g = NULL, *sentinel = (sqlscore_funnel *)&f;
    char *text = NULL, *again = NULL;
    int rc = sqlscore_funnel_parse(&f, (const char *)data, size, "fuzz");
    FUZZ_CHECK(rc == SQLSCORE_OK || rc == SQLSCORE_EPARSE || rc == SQLSCORE_ENOTFOUND ||
               rc == SQLSCORE_EINVAL || rc == SQLSCORE_ENOMEM);
    if (rc != SQLSCORE_OK) {
        FUZZ_CHECK(f == sentinel);
        return 0;
    }
    FUZZ_CHECK(sqlscore_funnel_write(f, &text) == SQLSCORE_OK);
    FUZZ_CHECK(sqlscore_funnel_parse(&g, text, strlen(text), "again") == SQLSCORE_OK);
    FUZZ_CHECK(sqlscore_funnel_write(g, &again) == SQLSCORE_OK);
    FUZZ_CHECK(strcmp(text, again) == 0);
    funnel_fuzz_log(f, data, size);
    sqlscore_buffer_free(again);
    sqlscore_buffer_free(text);
    sqlscore_funnel_free(g);
    sqlscore_funnel_free(f);
    return 0;
}
