/*
 * cpsql_leads.c - campaign counts and attribution input derived from lead
 * handles: their stage histories (funnel module) and the campaign named on
 * their events (qualification module).
 */
#include "attribution_internal.h"
#include "funnel_internal.h"
#include "lead_internal.h"

#include <string.h>

/* 1 when the history has a record entering stage (including a record of
 * passing through it in a skipping move), with its first time in *first. */
static int leads_reached(const struct sqlscore__stage_history *h, int32_t stage,
                         int64_t *first)
{
    size_t i;
    if (h == NULL || stage < 0)
        return 0;
    for (i = 0; i < h->n; i++)
        if (h->moves[i].to == stage) {
            if (first != NULL)
                *first = h->moves[i].time;
            return 1;
        }
    return 0;
}

/* A main stage of a built funnel by name, for fn's detail messages. */
static int leads_main_stage(const sqlscore_funnel *f, const char *name, const char *fn,
                            const char *what, int32_t *index)
{
    int32_t i, kind;
    int rc;
    if ((rc = sqlscore__check_text(name, fn, what)) != SQLSCORE_OK)
        return rc;
    if ((rc = sqlscore_funnel_stage_find(f, name, &i)) != SQLSCORE_OK)
        return sqlscore__fail(rc, "%s: %s '%.64s': %s", fn, what, name,
                              rc == SQLSCORE_ENOTFOUND ? "no such stage in the funnel"
                                                       : sqlscore_error_message());
    (void)sqlscore_funnel_stage_kind(f, i, &kind, NULL);
    if (kind != SQLSCORE_STAGE_KIND_MAIN && kind != SQLSCORE_STAGE_KIND_WON)
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: %s '%.64s' is a side stage", fn, what,
                              name);
    *index = i;
    return SQLSCORE_OK;
}

static int leads_check_funnel(const sqlscore_funnel *f, const char *fn, int32_t *sql)
{
    int rc;
    SQLSCORE__CHECK_NULL(f, fn, "funnel");
    if ((rc = sqlscore_funnel_info(f, sql, NULL, NULL)) != SQLSCORE_OK)
        return sqlscore__fail(rc, "%s: the funnel is not built", fn);
    return SQLSCORE_OK;
}

static int leads_check_history(const sqlscore_lead *lead, const sqlscore_funnel *f,
                               const char *fn, size_t i)
{
    const struct sqlscore__stage_history *h = sqlscore__lead_stages_const(lead);
    if (h != NULL && strcmp(h->funnel, f->name) != 0)
        return sqlscore__fail(SQLSCORE_EINCOMPATIBLE,
                              "%s: lead %zu ('%s'): its stages belong to funnel '%s', not "
                              "'%s'", fn, i, lead->id, h->funnel, f->name);
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_campaign_count_leads(sqlscore_campaign *campaign,
                                               const sqlscore_funnel *funnel,
                                               const char *mql_stage,
                                               const char *opportunity_stage,
                                               const sqlscore_lead *const *leads, size_t n)
{
    static const char fn[] = "sqlscore_campaign_count_leads";
    int32_t sql, mql, opp;
    int64_t nm = 0, ns = 0, no = 0;
    size_t i;
    int rc;
    SQLSCORE__CHECK_NULL(campaign, fn, "campaign");
    if ((rc = leads_check_funnel(funnel, fn, &sql)) != SQLSCORE_OK)
        return rc;
    if (n > 0)
        SQLSCORE__CHECK_NULL(leads, fn, "leads");
    if ((rc = leads_main_stage(funnel, mql_stage != NULL ? mql_stage : "mql", fn,
                               "MQL stage", &mql)) != SQLSCORE_OK ||
        (rc = leads_main_stage(funnel, opportunity_stage != NULL ? opportunity_stage
                                                                 : "opportunity",
                               fn, "opportunity stage", &opp)) != SQLSCORE_OK)
        return rc;
    if (n > (uint64_t)INT64_MAX)
        return sqlscore__fail(SQLSCORE_ERANGE, "%s: too many leads", fn);
    for (i = 0; i < n; i++) {
        const struct sqlscore__stage_history *h;
        if (leads[i] == NULL)
            return sqlscore__fail(SQLSCORE_EINVAL, "%s: lead %zu is NULL", fn, i);
        if ((rc = leads_check_history(leads[i], funnel, fn, i)) != SQLSCORE_OK)
            return rc;
        h = sqlscore__lead_stages_const(leads[i]);
        nm += leads_reached(h, mql, NULL);
        ns += leads_reached(h, sql, NULL);
        no += leads_reached(h, opp, NULL);
    }
    return sqlscore_campaign_set_counts(campaign, (int64_t)n, nm, ns, no);
}

SQLSCORE_API int sqlscore_attribution_add_lead(sqlscore_attribution *attribution,
                                               const sqlscore_lead *lead,
                                               const sqlscore_funnel *funnel)
{
    static const char fn[] = "sqlscore_attribution_add_lead";
    const struct sqlscore__stage_history *h;
    int32_t sql, *camp = NULL, *leadv = NULL, *flags = NULL, li, kind = -1;
    int64_t *time = NULL, sql_time = 0, opp_time = 0;
    size_t i, nt = 0, first = SIZE_MAX, opp_touch = SIZE_MAX;
    struct sqlscore__attribution_mark before;
    int has_sql, has_opp = 0, rc;

    SQLSCORE__CHECK_NULL(attribution, fn, "attribution");
    SQLSCORE__CHECK_NULL(lead, fn, "lead");
    if ((rc = leads_check_funnel(funnel, fn, &sql)) != SQLSCORE_OK ||
        (rc = leads_check_history(lead, funnel, fn, 0)) != SQLSCORE_OK)
        return rc;
    h = sqlscore__lead_stages_const(lead);
    has_sql = leads_reached(h, sql, &sql_time);
    /* The opportunity stage is the main stage right after the SQL stage
     * (which is never the won stage, so it exists). */
    (void)sqlscore_funnel_stage_kind(funnel, sql + 1, &kind, NULL);
    if (kind == SQLSCORE_STAGE_KIND_MAIN || kind == SQLSCORE_STAGE_KIND_WON)
        has_opp = leads_reached(h, sql + 1, &opp_time);

    for (i = 0; i < lead->nevents; i++)
        if (lead->events[i].campaign != NULL)
            nt++;
    /* Remember the sizes: a failure below rolls the whole lead back. */
    sqlscore__attribution_mark(attribution, &before);
    if (nt > 0) {
        camp = sqlscore__reallocarray(NULL, nt, sizeof *camp);
        leadv = sqlscore__reallocarray(NULL, nt, sizeof *leadv);
        time = sqlscore__reallocarray(NULL, nt, sizeof *time);
        flags = sqlscore__calloc(nt, sizeof *flags);
        if (camp == NULL || leadv == NULL || time == NULL || flags == NULL) {
            rc = SQLSCORE_ENOMEM;
            goto done;
        }
    }
    if (nt == 0 && !has_sql) {
        rc = SQLSCORE_OK;   /* nothing to add */
        goto done;
    }
    if ((rc = sqlscore_attribution_lead(attribution, lead->id, &li)) != SQLSCORE_OK)
        goto done;
    nt = 0;
    for (i = 0; i < lead->nevents; i++) {
        const struct sqlscore__event *e = &lead->events[i];
        if (e->campaign == NULL)
            continue;
        if ((rc = sqlscore_attribution_campaign(attribution, e->campaign, &camp[nt])) !=
            SQLSCORE_OK)
            goto done;
        leadv[nt] = li;
        time[nt] = e->time;
        /* Events are kept in time order: the first is the touch that
         * brought the lead in; the last at or before the opportunity was
         * created is the opportunity-creation touch. */
        if (first == SIZE_MAX)
            first = nt;
        if (has_opp && e->time <= opp_time)
            opp_touch = nt;
        nt++;
    }
    if (first != SIZE_MAX)
        flags[first] |= SQLSCORE_TOUCH_LEAD_CREATION;
    if (opp_touch != SIZE_MAX)
        flags[opp_touch] |= SQLSCORE_TOUCH_OPPORTUNITY_CREATION;
    if (nt > 0 && (rc = sqlscore_attribution_add_touches(attribution, nt, leadv, camp, time,
                                                         flags)) != SQLSCORE_OK)
        goto done;
    if (has_sql && (rc = sqlscore_attribution_add_conversions(attribution, 1, &li,
                                                              &sql_time)) != SQLSCORE_OK)
        goto done;
    rc = SQLSCORE_OK;
done:
    if (rc != SQLSCORE_OK)
        sqlscore__attribution_rollback(attribution, &before);
    sqlscore__free(camp);
    sqlscore__free(leadv);
    sqlscore__free(time);
    sqlscore__free(flags);
    return rc;
}
