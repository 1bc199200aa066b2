/*
 * stage.c - a lead's funnel-stage history and the rules for moving it.
 *
 * The rule table lives in sqlscore__stage_plan_move(), shared by the lead API
 * and the event-log metrics entry point, so both accept and refuse exactly
 * the same moves.
 */
#include "funnel_internal.h"
#include "lead_internal.h"

#include <string.h>

void sqlscore__stage_history_free(struct sqlscore__stage_history *h)
{
    size_t i;
    if (h == NULL)
        return;
    for (i = 0; i < h->n; i++)
        sqlscore__free(h->moves[i].reason);
    sqlscore__free(h->moves);
    sqlscore__free(h->funnel);
    sqlscore__free(h);
}

int sqlscore__stage_history_clone(struct sqlscore__stage_history **out,
                                  const struct sqlscore__stage_history *src)
{
    struct sqlscore__stage_history *h;
    size_t i;
    if (src == NULL) {
        *out = NULL;
        return SQLSCORE_OK;
    }
    h = sqlscore__calloc(1, sizeof *h);
    if (h == NULL)
        return SQLSCORE_ENOMEM;
    if ((h->funnel = sqlscore__strdup(src->funnel)) == NULL) {
        sqlscore__free(h);
        return SQLSCORE_ENOMEM;
    }
    if (src->n > 0) {
        h->moves = sqlscore__calloc(src->n, sizeof *h->moves);
        if (h->moves == NULL) {
            sqlscore__stage_history_free(h);
            return SQLSCORE_ENOMEM;
        }
        h->cap = src->n;
    }
    for (i = 0; i < src->n; i++) {
        h->moves[i] = src->moves[i];
        h->moves[i].reason = NULL;
        h->n = i + 1;
        if (src->moves[i].reason != NULL &&
            (h->moves[i].reason = sqlscore__strdup(src->moves[i].reason)) == NULL) {
            sqlscore__stage_history_free(h);
            return SQLSCORE_ENOMEM;
        }
    }
    *out = h;
    return SQLSCORE_OK;
}

static const char *stage_nm(const sqlscore_funnel *f, int32_t i)
{
    return f->stages[i].name;
}

static int stage_need_reason(int has_reason, const char *fn, const char *what)
{
    if (!has_reason)
        return sqlscore__fail(SQLSCORE_ETRANSITION, "%s: %s needs a reason", fn, what);
    return SQLSCORE_OK;
}

static int stage_is_main(int32_t kind)
{
    return kind == SQLSCORE_STAGE_KIND_MAIN || kind == SQLSCORE_STAGE_KIND_WON;
}

int sqlscore__stage_plan_move(struct sqlscore__stage_plan *plan, const sqlscore_funnel *f,
                              int32_t cur, int64_t last, int32_t to, int64_t time,
                              int32_t flags, int has_reason, const char *fn)
{
    int32_t ck, tk, first = to, kind;
    int forbid = f->skip == SQLSCORE_FUNNEL_SKIP_FORBIDDEN;
    int rc;

    tk = f->stages[to].kind;
    if (cur < 0) {
        if (!stage_is_main(tk))
            return sqlscore__fail(SQLSCORE_ETRANSITION,
                                  "%s: a lead enters the funnel at a main stage, not at '%s'",
                                  fn, stage_nm(f, to));
        if (to > 0 && forbid)
            return sqlscore__fail(SQLSCORE_ETRANSITION,
                                  "%s: funnel '%s' forbids skipping: a lead enters at '%s', "
                                  "not at '%s'", fn, f->name, stage_nm(f, 0), stage_nm(f, to));
        first = 0;
        kind = SQLSCORE_MOVE_KIND_ENTER;
        goto done;
    }
    if (time < last)
        return sqlscore__fail(SQLSCORE_ESTATE,
                              "%s: time %lld is before the lead's last move at %lld",
                              fn, (long long)time, (long long)last);
    if (to == cur)
        return sqlscore__fail(SQLSCORE_ETRANSITION, "%s: the lead is already in '%s'", fn,
                              stage_nm(f, to));
    ck = f->stages[cur].kind;
    if (ck == SQLSCORE_STAGE_KIND_WON || ck == SQLSCORE_STAGE_KIND_LOST) {
        if (!(flags & SQLSCORE_MOVE_REOPEN))
            return sqlscore__fail(SQLSCORE_ETRANSITION,
                                  "%s: '%s' is terminal: leaving it for '%s' needs "
                                  "SQLSCORE_MOVE_REOPEN and a reason", fn, stage_nm(f, cur),
                                  stage_nm(f, to));
        if (!stage_is_main(tk) && tk != SQLSCORE_STAGE_KIND_NURTURE)
            return sqlscore__fail(SQLSCORE_ETRANSITION,
                                  "%s: a lead reopened from '%s' goes to a main stage or "
                                  "nurture, not to '%s'", fn, stage_nm(f, cur), stage_nm(f, to));
        if ((rc = stage_need_reason(has_reason, fn, "reopening")) != SQLSCORE_OK)
            return rc;
        kind = SQLSCORE_MOVE_KIND_REOPEN;
    } else if (ck == SQLSCORE_STAGE_KIND_DISQUALIFIED) {
        if (tk == SQLSCORE_STAGE_KIND_NURTURE) {
            if ((rc = stage_need_reason(has_reason, fn, "recycling to nurture")) != SQLSCORE_OK)
                return rc;
            kind = SQLSCORE_MOVE_KIND_RECYCLE;
        } else if (stage_is_main(tk)) {
            if (!(flags & (SQLSCORE_MOVE_RESET | SQLSCORE_MOVE_REOPEN)))
                return sqlscore__fail(SQLSCORE_ETRANSITION,
                                      "%s: leaving '%s' for '%s' needs SQLSCORE_MOVE_RESET or "
                                      "SQLSCORE_MOVE_REOPEN and a reason", fn,
                                      stage_nm(f, cur), stage_nm(f, to));
            if ((rc = stage_need_reason(has_reason, fn, "leaving disqualified")) != SQLSCORE_OK)
                return rc;
            kind = (flags & SQLSCORE_MOVE_REOPEN) ? SQLSCORE_MOVE_KIND_REOPEN
                                                  : SQLSCORE_MOVE_KIND_RESET;
        } else {
            return sqlscore__fail(SQLSCORE_ETRANSITION,
                                  "%s: no move from '%s' to '%s'", fn, stage_nm(f, cur),
                                  stage_nm(f, to));
        }
    } else if (tk == SQLSCORE_STAGE_KIND_DISQUALIFIED) {
        kind = SQLSCORE_MOVE_KIND_DISQUALIFY;
    } else if (tk == SQLSCORE_STAGE_KIND_LOST) {
        kind = SQLSCORE_MOVE_KIND_LOSE;
    } else if (tk == SQLSCORE_STAGE_KIND_NURTURE) {
        if ((rc = stage_need_reason(has_reason, fn, "recycling to nurture")) != SQLSCORE_OK)
            return rc;
        kind = SQLSCORE_MOVE_KIND_RECYCLE;
    } else if (ck == SQLSCORE_STAGE_KIND_NURTURE) {
        /* A recycled lead re-enters the main stages just after the first one:
         * whatever it passes on the way to `to` counts as entered again. */
        kind = SQLSCORE_MOVE_KIND_FORWARD;
        if (to > 1) {
            if (forbid)
                return sqlscore__fail(SQLSCORE_ETRANSITION,
                                      "%s: funnel '%s' forbids skipping: from '%s' a lead goes "
                                      "to '%s', not to '%s'", fn, f->name, stage_nm(f, cur),
                                      stage_nm(f, 1), stage_nm(f, to));
            first = 1;
        }
    } else if (to > cur) {
        kind = SQLSCORE_MOVE_KIND_FORWARD;
        if (to > cur + 1) {
            if (forbid)
                return sqlscore__fail(SQLSCORE_ETRANSITION,
                                      "%s: funnel '%s' forbids skipping: from '%s' the next "
                                      "stage is '%s', not '%s'", fn, f->name, stage_nm(f, cur),
                                      stage_nm(f, cur + 1), stage_nm(f, to));
            first = cur + 1;
        }
    } else {
        if (!(flags & SQLSCORE_MOVE_RESET))
            return sqlscore__fail(SQLSCORE_ETRANSITION,
                                  "%s: moving back from '%s' to '%s' needs SQLSCORE_MOVE_RESET "
                                  "and a reason (or recycle to nurture)", fn, stage_nm(f, cur),
                                  stage_nm(f, to));
        if ((rc = stage_need_reason(has_reason, fn, "a reset")) != SQLSCORE_OK)
            return rc;
        kind = SQLSCORE_MOVE_KIND_RESET;
    }
done:
    plan->from = cur;
    plan->first = first;
    plan->to = to;
    plan->kind = kind;
    plan->enters_sql = stage_is_main(tk) && first <= f->sql && f->sql <= to;
    return SQLSCORE_OK;
}

int sqlscore__stage_history_apply(struct sqlscore__stage_history **hp,
                                  const sqlscore_funnel *f,
                                  const struct sqlscore__stage_plan *p, int64_t time,
                                  int32_t flags, int32_t reason_code, const char *reason)
{
    struct sqlscore__stage_history *h = *hp, *fresh = NULL;
    size_t add = (size_t)(p->to - p->first) + 1, i;
    char *copy = NULL;
    int32_t prev = p->from, s;

    if (h == NULL) {
        if ((fresh = sqlscore__calloc(1, sizeof *fresh)) == NULL)
            return SQLSCORE_ENOMEM;
        if ((fresh->funnel = sqlscore__strdup(f->name)) == NULL) {
            sqlscore__free(fresh);
            return SQLSCORE_ENOMEM;
        }
        h = fresh;
    }
    if (reason != NULL && reason[0] != '\0' && (copy = sqlscore__strdup(reason)) == NULL) {
        sqlscore__stage_history_free(fresh);
        return SQLSCORE_ENOMEM;
    }
    if (sqlscore__grow((void **)&h->moves, &h->cap, h->n + add, sizeof *h->moves)
        != SQLSCORE_OK) {
        sqlscore__free(copy);
        sqlscore__stage_history_free(fresh);
        return SQLSCORE_ENOMEM;
    }
    if (p->kind == SQLSCORE_MOVE_KIND_RESET)
        flags |= SQLSCORE_MOVE_RESET;
    if (p->kind == SQLSCORE_MOVE_KIND_REOPEN)
        flags |= SQLSCORE_MOVE_REOPEN;
    for (i = 0, s = p->first; i < add; i++, s++) {
        struct sqlscore__stage_move *mv = &h->moves[h->n + i];
        int last = (i + 1 == add);
        mv->from = prev;
        mv->to = last ? p->to : s;
        mv->time = time;
        mv->kind = p->kind;
        mv->reason_code = reason_code;
        mv->reason = last ? copy : NULL;
        /* The override belongs to the record that enters the SQL stage,
         * which may be a skipped one. */
        mv->flags = (flags & ~SQLSCORE_MOVE_OVERRIDE) | (last ? 0 : SQLSCORE_MOVE_SKIPPED);
        if (mv->to == f->sql)
            mv->flags |= flags & SQLSCORE_MOVE_OVERRIDE;
        prev = mv->to;
    }
    h->n += add;
    *hp = h;
    return SQLSCORE_OK;
}

/* ---- the lead API -------------------------------------------------------- */

static int stage_check_lead_funnel(const struct sqlscore__stage_history *h,
                                   const sqlscore_funnel *f, const char *fn)
{
    if (h != NULL && sqlscore__utf8_casecmp(h->funnel, f->name) != 0)
        return sqlscore__fail(SQLSCORE_EINCOMPATIBLE,
                              "%s: the lead's stages belong to funnel '%s', not '%s'", fn,
                              h->funnel, f->name);
    return SQLSCORE_OK;
}

int sqlscore__lead_stage_move(sqlscore_lead *lead, const sqlscore_funnel *funnel,
                              const char *stage, int64_t time, int32_t flags,
                              int32_t reason_code, const char *reason,
                              sqlscore__stage_gate_fn gate, const void *gate_ctx,
                              const char *fn)
{
    struct sqlscore__stage_history **hp, *h;
    struct sqlscore__stage_plan p;
    int32_t to, cur = -1, record = 0;
    int64_t last = 0;
    int has_reason, rc;

    SQLSCORE__CHECK_NULL(lead, fn, "lead");
    SQLSCORE__CHECK_NULL(funnel, fn, "funnel");
    if (!funnel->built)
        return sqlscore__fail(SQLSCORE_ESTATE, "%s: funnel '%s' is not built", fn,
                              funnel->name);
    if ((rc = sqlscore__check_text(stage, fn, "stage")) != SQLSCORE_OK)
        return rc;
    if (reason != NULL && (rc = sqlscore__check_text(reason, fn, "reason")) != SQLSCORE_OK)
        return rc;
    if (flags & ~(SQLSCORE_MOVE_RESET | SQLSCORE_MOVE_REOPEN | SQLSCORE_MOVE_OVERRIDE))
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: flags 0x%x has unknown bits", fn,
                              (unsigned)flags);
    if ((to = sqlscore__funnel_find(funnel, stage)) < 0)
        return sqlscore__fail(SQLSCORE_ENOTFOUND, "%s: funnel '%s' has no stage '%s'", fn,
                              funnel->name, stage);
    hp = sqlscore__lead_stages(lead);
    h = *hp;
    if ((rc = stage_check_lead_funnel(h, funnel, fn)) != SQLSCORE_OK)
        return rc;
    if (h != NULL && h->n > 0) {
        cur = h->moves[h->n - 1].to;
        last = h->moves[h->n - 1].time;
        if (cur >= funnel->n_stages)     /* another funnel of the same name */
            return sqlscore__fail(SQLSCORE_EINCOMPATIBLE,
                                  "%s: the lead is in stage %d, which funnel '%s' does not "
                                  "have", fn, (int)cur, funnel->name);
    }
    has_reason = reason != NULL && reason[0] != '\0';
    if ((rc = sqlscore__stage_plan_move(&p, funnel, cur, last, to, time, flags, has_reason,
                                        fn)) != SQLSCORE_OK)
        return rc;
    if (p.enters_sql && gate != NULL) {
        rc = gate(gate_ctx, lead, funnel, time, fn);
        if (rc == SQLSCORE_ETRANSITION && (flags & SQLSCORE_MOVE_OVERRIDE)) {
            if (!has_reason)
                return sqlscore__fail(SQLSCORE_ETRANSITION,
                                      "%s: overriding the qualification gate of '%s' needs a "
                                      "reason", fn, funnel->stages[funnel->sql].name);
            record = SQLSCORE_MOVE_OVERRIDE;
        } else if (rc != SQLSCORE_OK) {
            return rc;
        }
    }
    return sqlscore__stage_history_apply(hp, funnel, &p, time, record, reason_code, reason);
}

SQLSCORE_API int sqlscore_lead_stage_move(sqlscore_lead *lead, const sqlscore_funnel *funnel,
                                          const char *stage, int64_t time, int32_t flags,
                                          int32_t reason_code, const char *reason)
{
    return sqlscore__lead_stage_move(lead, funnel, stage, time, flags, reason_code, reason,
                                     NULL, NULL, "sqlscore_lead_stage_move");
}

SQLSCORE_API int sqlscore_lead_stage_current(const sqlscore_lead *lead, int32_t *stage,
                                             int64_t *since)
{
    static const char fn[] = "sqlscore_lead_stage_current";
    const struct sqlscore__stage_history *h;
    SQLSCORE__CHECK_NULL(lead, fn, "lead");
    h = sqlscore__lead_stages_const(lead);
    if (h == NULL || h->n == 0)
        return sqlscore__fail(SQLSCORE_ENOTFOUND, "%s: the lead has not entered a funnel", fn);
    if (stage != NULL)
        *stage = h->moves[h->n - 1].to;
    if (since != NULL)
        *since = h->moves[h->n - 1].time;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_lead_stage_history_count(const sqlscore_lead *lead, size_t *count)
{
    static const char fn[] = "sqlscore_lead_stage_history_count";
    const struct sqlscore__stage_history *h;
    SQLSCORE__CHECK_NULL(lead, fn, "lead");
    SQLSCORE__CHECK_NULL(count, fn, "count");
    h = sqlscore__lead_stages_const(lead);
    *count = h != NULL ? h->n : 0;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_lead_stage_history_get(const sqlscore_lead *lead, size_t index,
                                                 int32_t *from, int32_t *to, int64_t *time,
                                                 int32_t *kind, int32_t *flags,
                                                 int32_t *reason_code, const char **reason)
{
    static const char fn[] = "sqlscore_lead_stage_history_get";
    const struct sqlscore__stage_history *h;
    const struct sqlscore__stage_move *mv;
    SQLSCORE__CHECK_NULL(lead, fn, "lead");
    h = sqlscore__lead_stages_const(lead);
    if (h == NULL || index >= h->n)
        return sqlscore__fail(SQLSCORE_ENOTFOUND, "%s: no move %zu (the lead has %zu)", fn,
                              index, h != NULL ? h->n : (size_t)0);
    mv = &h->moves[index];
    if (from != NULL)
        *from = mv->from;
    if (to != NULL)
        *to = mv->to;
    if (time != NULL)
        *time = mv->time;
    if (kind != NULL)
        *kind = mv->kind;
    if (flags != NULL)
        *flags = mv->flags;
    if (reason_code != NULL)
        *reason_code = mv->reason_code;
    if (reason != NULL)
        *reason = mv->reason != NULL ? mv->reason : "";
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_lead_stage_stale(const sqlscore_lead *lead,
                                           const sqlscore_funnel *funnel, int64_t as_of,
                                           int32_t *stale)
{
    static const char fn[] = "sqlscore_lead_stage_stale";
    const struct sqlscore__stage_history *h;
    const struct sqlscore__stage_move *mv;
    int64_t sla;
    int rc;
    SQLSCORE__CHECK_NULL(lead, fn, "lead");
    SQLSCORE__CHECK_NULL(funnel, fn, "funnel");
    SQLSCORE__CHECK_NULL(stale, fn, "stale");
    if (!funnel->built)
        return sqlscore__fail(SQLSCORE_ESTATE, "%s: funnel '%s' is not built", fn,
                              funnel->name);
    h = sqlscore__lead_stages_const(lead);
    if (h == NULL || h->n == 0)
        return sqlscore__fail(SQLSCORE_ENOTFOUND, "%s: the lead has not entered a funnel", fn);
    if ((rc = stage_check_lead_funnel(h, funnel, fn)) != SQLSCORE_OK)
        return rc;
    mv = &h->moves[h->n - 1];
    if (mv->to >= funnel->n_stages)
        return sqlscore__fail(SQLSCORE_EINCOMPATIBLE, "%s: funnel '%s' has no stage %d", fn,
                              funnel->name, (int)mv->to);
    sla = funnel->stages[mv->to].max_dwell;
    /* Overflow-safe: as_of - time > sla  <=>  as_of > time + sla. */
    *stale = sla > 0 && as_of > mv->time && (uint64_t)as_of - (uint64_t)mv->time > (uint64_t)sla;
    return SQLSCORE_OK;
}
