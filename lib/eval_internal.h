/*
 * eval_internal.h - pieces of the evaluator the columnar entry point
 * (columnar.c) shares with eval.c, so both compute identical numbers.
 * Never installed.
 */
#ifndef SQLSCORE_EVAL_INTERNAL_H
#define SQLSCORE_EVAL_INTERNAL_H

#include "criteria_internal.h"
#include "lead_internal.h"

struct sqlscore__totals {
    double fit, engagement, score;   /* fit and engagement before caps */
    int32_t steps, grade, verdict;
    int gates_failed, disqualified, mql_ok, sql_ok;
};

/* Given the positive points per group (gpos, in group order, before
 * caps), ungrouped positive points and all negative points, apply the
 * caps and thresholds: fills score, grade, mql_ok, sql_ok and verdict from
 * steps, gates_failed and disqualified. */
SQLSCORE__INTERNAL void sqlscore__totals_finish(const sqlscore_criteria *c,
                                                struct sqlscore__totals *t, const double *gpos,
                                                double upos, double neg);

/* A leaf predicate on one attribute (NULL when missing). */
SQLSCORE__INTERNAL int sqlscore__eval_leaf(const struct sqlscore__pred *p,
                                           const struct sqlscore__attr *a, int64_t as_of);

/* Decay factor of rule r for an occurrence age seconds old. */
SQLSCORE__INTERNAL double sqlscore__decay_factor(const struct sqlscore__rule *r, uint64_t age);

#endif
