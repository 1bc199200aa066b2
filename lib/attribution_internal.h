/*
 * attribution_internal.h - read-only access to an attribution's data and a
 * result for the portfolio.  Never installed.
 */
#ifndef SQLSCORE_ATTRIBUTION_INTERNAL_H
#define SQLSCORE_ATTRIBUTION_INTERNAL_H

#include "cpsql_internal.h"

/* The credit of one touch and the conversion it went to, side by side: a
 * run writes both for touches scattered over memory, so one cache line. */
struct sqlscore__touch_credit {
    int32_t ppm;          /* 0 when not credited */
    uint32_t conversion;  /* conversion index, UINT32_MAX when none */
};

struct sqlscore__attribution_view {
    size_t n_leads, n_campaigns, n_touches, n_conversions;
    const int32_t *t_lead, *t_campaign;
    const int64_t *t_time;
    const unsigned char *t_flags;
    const int32_t *c_lead;
    const int64_t *c_time;
    const struct sqlscore__touch_credit *touch;  /* per touch */
    const char *const *campaign_names;
};

/* SQLSCORE_ESTATE (with a detail naming fn) unless r was computed from a's
 * current data; EINVAL for NULL. */
SQLSCORE__INTERNAL int sqlscore__attribution_check(const sqlscore_attribution *a,
                                                   const sqlscore_attribution_result *r,
                                                   const char *fn);
SQLSCORE__INTERNAL void sqlscore__attribution_view(const sqlscore_attribution *a,
                                                   const sqlscore_attribution_result *r,
                                                   struct sqlscore__attribution_view *v);
/* Index of an interned campaign id, or -1. */
SQLSCORE__INTERNAL int32_t sqlscore__attribution_campaign_index(const sqlscore_attribution *a,
                                                                const char *id);

/* The sizes of an attribution's data, to undo a multi-step addition. */
struct sqlscore__attribution_mark {
    size_t campaigns, leads, touches, conversions;
    uint64_t generation;
};
SQLSCORE__INTERNAL void sqlscore__attribution_mark(const sqlscore_attribution *a,
                                                   struct sqlscore__attribution_mark *m);
/* Forget everything added since m was taken (interned identifiers
 * included), and give back storage that an empty table no longer needs.
 * Never fails, never allocates. */
SQLSCORE__INTERNAL void sqlscore__attribution_rollback(sqlscore_attribution *a,
                                                       const struct sqlscore__attribution_mark *m);

#endif
