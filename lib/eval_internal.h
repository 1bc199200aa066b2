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
 * steps, gates_failed and disqualified.  The columnar path does the same
 * a block of rows at a time (qcol_finish() in columnar.c, in the same
 * order of operations, so scores are bit-identical); a change here must be
 * made there too, and test_criteria and fuzz_columns compare the two. */
static inline void sqlscore__totals_finish(const sqlscore_criteria *c, struct sqlscore__totals *t,
                             const double *gpos, double upos, double neg)
{
    double pos = 0;
    size_t g;
    for (g = 0; g < c->ngroups; g++)
        pos += gpos[g] > c->groups[g].cap ? c->groups[g].cap : gpos[g];
    pos += upos;
    if (c->has_total_cap && pos > c->total_cap)
        pos = c->total_cap;
    t->score = pos + neg;
    t->grade = SQLSCORE_GRADE_D + t->steps;
    if (t->grade < SQLSCORE_GRADE_F)
        t->grade = SQLSCORE_GRADE_F;
    if (t->grade > SQLSCORE_GRADE_A_PLUS)
        t->grade = SQLSCORE_GRADE_A_PLUS;
    t->mql_ok = t->score >= c->mql &&
                (c->mql_grade == SQLSCORE_GRADE_NONE || t->grade >= c->mql_grade);
    t->sql_ok = t->mql_ok && t->score >= c->sql &&
                (c->sql_grade == SQLSCORE_GRADE_NONE || t->grade >= c->sql_grade) &&
                t->gates_failed == 0;
    t->verdict = t->disqualified ? SQLSCORE_VERDICT_DISQUALIFIED
                 : t->sql_ok     ? SQLSCORE_VERDICT_SQL
                 : t->mql_ok     ? SQLSCORE_VERDICT_MQL
                                 : SQLSCORE_VERDICT_UNQUALIFIED;
}

/* A leaf predicate on one attribute (NULL when missing). */
SQLSCORE__INTERNAL int sqlscore__eval_leaf(const struct sqlscore__pred *p,
                                           const struct sqlscore__attr *a, int64_t as_of);

/* Decay factor of rule r for an occurrence age seconds old. */
SQLSCORE__INTERNAL double sqlscore__decay_factor(const struct sqlscore__rule *r, uint64_t age);

#endif
