/*
 * funnel_internal.h - the bridge between the lead handle (lead.c) and the
 * funnel module (funnel.c, stage.c, funnel_metrics.c, funnel_parse.c).
 * Never installed.
 *
 * A lead owns an optional stage history.  lead.c only frees and clones it
 * through the two functions below; everything else about stages lives in
 * the funnel module.
 */
#ifndef SQLSCORE_FUNNEL_INTERNAL_H
#define SQLSCORE_FUNNEL_INTERNAL_H

#include "internal.h"

struct sqlscore__stage_history;

/* Free a history; NULL is a no-op. */
SQLSCORE__INTERNAL void sqlscore__stage_history_free(struct sqlscore__stage_history *h);

/* Deep copy.  *out is NULL when src is NULL.  Returns SQLSCORE_OK or
 * SQLSCORE_ENOMEM (then *out is untouched). */
SQLSCORE__INTERNAL int sqlscore__stage_history_clone(struct sqlscore__stage_history **out,
                                  const struct sqlscore__stage_history *src);

/* ---- funnel definition (funnel.c) ---------------------------------------- */

#define SQLSCORE__STAGE_NAME_MAX 64

struct sqlscore__funnel_stage {
    char *name;            /* as spelled by the definer */
    int64_t max_dwell;     /* seconds, 0 = no SLA */
    int32_t kind;          /* SQLSCORE_STAGE_KIND_* (valid once built) */
};

struct sqlscore_funnel {
    char *name;
    struct sqlscore__funnel_stage *stages;   /* main stages, then side stages */
    int32_t n_main;        /* main stages */
    int32_t n_stages;      /* main + side (side ones exist once built) */
    size_t cap;
    int32_t side_mask;
    int32_t skip;
    char *sql_name;        /* until built */
    int32_t sql;           /* index of the SQL stage once built */
    int32_t nurture, disqualified, lost;   /* indexes, -1 when absent */
    int built;
};

/* 1 if s (valid UTF-8) is a stage identifier, else 0. */
SQLSCORE__INTERNAL int sqlscore__stage_ident_ok(const char *s, size_t n);

/* Index of the stage named name (case-insensitive) or -1. */
SQLSCORE__INTERNAL int32_t sqlscore__funnel_find(const sqlscore_funnel *f, const char *name);

/* ---- transitions (stage.c) ----------------------------------------------- */

/* One record of a history: the lead entered stage `to` at `time`. */
struct sqlscore__stage_move {
    int32_t from;          /* stage index before the move, -1 for none */
    int32_t to;            /* stage index after the move */
    int64_t time;          /* Unix seconds */
    int32_t kind;          /* SQLSCORE_MOVE_KIND_* */
    int32_t flags;         /* SQLSCORE_MOVE_* flags that applied, + SKIPPED */
    int32_t reason_code;
    char *reason;          /* owned, may be NULL */
};

struct sqlscore__stage_history {
    char *funnel;          /* name of the funnel the indexes refer to */
    struct sqlscore__stage_move *moves;
    size_t n, cap;
};

/* The records a move would append: `n` chained records (skipped stages
 * first, the target last) of kind `kind`.  enters_sql tells whether any of
 * them enters the funnel's SQL stage. */
struct sqlscore__stage_plan {
    int32_t from;          /* current stage or -1 */
    int32_t first;         /* first stage entered (== to when nothing skipped) */
    int32_t to;
    int32_t kind;
    int enters_sql;
};

/* Decide whether moving from `cur` (-1: no stage yet) at time `last` (the
 * time of the last record, ignored when cur == -1) to `to` at `time` with
 * `flags` is lawful in funnel f.  has_reason says whether a non-empty reason
 * text was given.  Returns SQLSCORE_OK and fills *plan, or fails with
 * ETRANSITION/ESTATE and a detail prefixed by `fn`.  Never allocates. */
SQLSCORE__INTERNAL int sqlscore__stage_plan_move(struct sqlscore__stage_plan *plan,
                                                 const sqlscore_funnel *f, int32_t cur,
                                                 int64_t last, int32_t to, int64_t time,
                                                 int32_t flags, int has_reason,
                                                 const char *fn);

/* Append the records of plan p (skipped stages, then the target) to *hp,
 * creating the history (remembering f's name) when *hp is NULL.  `flags` are
 * record flags to set on the move (SQLSCORE_MOVE_OVERRIDE); RESET/REOPEN are
 * added from the plan's kind.  The reason is copied onto the last record.
 * All or nothing: SQLSCORE_OK or SQLSCORE_ENOMEM with *hp as before. */
SQLSCORE__INTERNAL int sqlscore__stage_history_apply(struct sqlscore__stage_history **hp,
                                                     const sqlscore_funnel *f,
                                                     const struct sqlscore__stage_plan *p,
                                                     int64_t time, int32_t flags,
                                                     int32_t reason_code, const char *reason);

/* The qualification gate for entering the SQL stage: SQLSCORE_OK when the
 * lead may enter at `time`, SQLSCORE_ETRANSITION with a detail naming what
 * is missing when it may not, or another error. */
typedef int (*sqlscore__stage_gate_fn)(const void *ctx, const sqlscore_lead *lead,
                                       const sqlscore_funnel *f, int64_t time,
                                       const char *fn);

/* The whole of a move on a lead (checks, rules, gate, recording); gate may
 * be NULL.  fn names the public function in details. */
SQLSCORE__INTERNAL int sqlscore__lead_stage_move(sqlscore_lead *lead,
                                                 const sqlscore_funnel *funnel,
                                                 const char *stage, int64_t time,
                                                 int32_t flags, int32_t reason_code,
                                                 const char *reason,
                                                 sqlscore__stage_gate_fn gate,
                                                 const void *gate_ctx, const char *fn);

/* Deep copy of a built funnel. */
SQLSCORE__INTERNAL int sqlscore__funnel_clone(sqlscore_funnel **out, const sqlscore_funnel *f);

#endif
