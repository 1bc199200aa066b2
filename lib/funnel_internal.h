/*
 * funnel_internal.h - the bridge between the lead handle (lead.c) and the
 * funnel module (stage.c, funnel.c).  Never installed.
 *
 * A lead owns an optional stage history.  lead.c only creates nothing, frees
 * and clones it through these functions; everything else about stages lives
 * in the funnel module.
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

#endif
