/*
 * stage.c - a lead's funnel-stage history: the moves it made, in order.
 */
#include "funnel_internal.h"

#include <string.h>

struct sqlscore__stage_move {
    int32_t from;          /* stage index before the move, -1 for none */
    int32_t to;            /* stage index after the move */
    int64_t time;          /* Unix seconds */
    int32_t reason_code;
    char *reason;          /* owned, may be NULL */
    int32_t flags;
};

struct sqlscore__stage_history {
    struct sqlscore__stage_move *moves;
    size_t n, cap;
};

void sqlscore__stage_history_free(struct sqlscore__stage_history *h)
{
    size_t i;
    if (h == NULL)
        return;
    for (i = 0; i < h->n; i++)
        sqlscore__free(h->moves[i].reason);
    sqlscore__free(h->moves);
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
    if (src->n > 0) {
        h->moves = sqlscore__calloc(src->n, sizeof *h->moves);
        if (h->moves == NULL) {
            sqlscore__free(h);
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
