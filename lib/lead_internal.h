/*
 * lead_internal.h - the lead handle's layout, shared by lead.c and the
 * evaluator (eval.c) so that scoring reads attributes, checklist items and
 * events without going through the public getters.  Never installed.
 */
#ifndef SQLSCORE_LEAD_INTERNAL_H
#define SQLSCORE_LEAD_INTERNAL_H

#include "internal.h"

struct sqlscore__stage_history;

/* One named attribute.  Which value member is meaningful depends on type
 * (SQLSCORE_ATTR_*): text -> text; number -> num; integer, time, boolean
 * (0/1) -> i; money -> i (minor units) and currency. */
struct sqlscore__attr {
    char *name;
    int32_t type;
    char currency[4];
    int64_t i;
    double num;
    char *text;
};

struct sqlscore__check_item {
    char *name;
    int32_t state;         /* SQLSCORE_CHECK_* */
};

struct sqlscore__event {
    char *type;
    char *campaign;        /* NULL when none */
    int64_t time;
    double value;
    int has_value;
};

struct sqlscore_lead {
    char *id;
    struct sqlscore__attr *attrs;     /* sorted by name (bytewise) */
    size_t nattrs, capattrs;
    char *framework;
    struct sqlscore__check_item *items; /* in framework order */
    size_t nitems;
    struct sqlscore__event *events;   /* by time; equal times in insertion order */
    size_t nevents, capevents;
    struct sqlscore__stage_history *stages;  /* owned by the funnel module */
};

/* The attribute called name, or NULL. */
SQLSCORE__INTERNAL const struct sqlscore__attr *
sqlscore__lead_find_attr(const sqlscore_lead *lead, const char *name);

/* The state of checklist item name, or -1 when the lead's framework has no
 * such item. */
SQLSCORE__INTERNAL int32_t sqlscore__lead_check_state(const sqlscore_lead *lead,
                                                      const char *name);

/* The funnel module's access to the stage history the lead carries. */
SQLSCORE__INTERNAL struct sqlscore__stage_history **sqlscore__lead_stages(sqlscore_lead *lead);
SQLSCORE__INTERNAL const struct sqlscore__stage_history *
sqlscore__lead_stages_const(const sqlscore_lead *lead);

#endif
