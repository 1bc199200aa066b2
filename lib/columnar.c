/*
 * columnar.c - scoring a whole table given as column arrays, one call per
 * table, without a lead handle per row.
 *
 * Rows are processed in blocks of 32 (small blocks keep every column's
 * slice and the accumulators in L1; 256-row blocks were a third slower).
 * The rules are planned once per call (struct qcol_step): a fit rule that
 * compares a number column with constants becomes one fused loop that
 * adds its points where it holds; any other rule evaluates each predicate
 * node for the whole block into a mask of doubles (a tight loop over one
 * column the compiler can vectorise) and adds points through it.
 * qcol_finish() then applies caps and thresholds a step at a time over the
 * block.  All memory is allocated once per call, never per row.  The
 * additions happen in the same order as in eval.c, except where
 * qcol_exact() proves that no addition can round (then the rules on one
 * coded column are merged, and without caps negative points share the
 * positive accumulator), so a row scores exactly what the equivalent lead
 * handle scores.
 *
 * Text columns come either as strings, one per cell, or dictionary-encoded
 * (an int32 code per cell into a per-column dictionary, as Arrow, pandas
 * Categorical and R factors hold them).  For a coded column each text
 * predicate is decided once per dictionary entry, before the rows are
 * read; a row then costs a table lookup per predicate.
 */
#include "criteria_internal.h"
#include "eval_internal.h"
#include "rules_lex.h"

#include <math.h>
#include <string.h>

#define QCOL_BLOCK 32

/* Masks are doubles, 1.0 where a test holds and 0.0 where not, so every
 * block loop (compare, and, or, add points) handles one element type and
 * compilers vectorise it at plain -O2.  QCOL_FOR runs a loop over a block
 * with the constant QCOL_BLOCK as its trip count when the block is full
 * (all but the last), which is what lets -O2 vectorise without a scalar
 * epilogue. */
#define QCOL_FOR(i, n, body)                      \
    do {                                          \
        if ((n) == QCOL_BLOCK) {                  \
            for (i = 0; i < QCOL_BLOCK; i++) {    \
                body;                             \
            }                                     \
        } else {                                  \
            for (i = 0; i < (n); i++) {           \
                body;                             \
            }                                     \
        }                                         \
    } while (0)

struct qcol_ctx {
    const sqlscore_criteria *c;
    /* per slot: column index, >= 0 number column, <= -2 text column
     * (-2 - index), -1 absent */
    const int32_t *slotcol;
    const double *const *nums;
    const uint8_t *const *miss;
    const char *const *const *texts;
    const int32_t *const *codes;     /* coded text columns, or NULL */
    int32_t *code_min;               /* per coded column, its smallest code */
    struct qcol_leaftab *tabs;       /* coded leaves: open addressing by pred */
    size_t tabmask;                  /* tabs has tabmask + 1 slots */
    struct qcol_merged *merged;      /* exact sums: coded rules merged */
    size_t nmerged;
    struct qcol_lookup *lk;          /* the merged tables, by accumulator */
    size_t nlk;
    int onepos;                      /* negative points go to upos */
    struct qcol_step *steps;         /* the rules to run on each block */
    size_t nsteps;
    uint8_t *absorbed;               /* per rule: added through merged */
    double *stack;                   /* QCOL_BLOCK masks per nesting level */
};

/* A text leaf over a coded column, decided for every dictionary entry:
 * res[0] is the answer (1.0 or 0.0) for a missing cell, res[1 + j] for
 * entry j. */
struct qcol_leaftab {
    const struct sqlscore__pred *p;
    double *res;
};

/* The fit rules that test one coded column and add to one accumulator,
 * merged: sum[1 + j] is what they add together for dictionary entry j
 * (sum[0] for a missing cell).  Only when sums are exact in any order
 * (see qcol_exact), so the result equals adding rule by rule. */
struct qcol_merged {
    size_t col;                      /* text column */
    int32_t dst;                     /* group >= 0, or a QCOL_DST_* */
    int planned;                     /* in a qcol_lookup already */
    double *sum;
};

/* Up to 4 merged tables that add to one accumulator, applied in one pass
 * over the block (their sums are exact, so the order of the additions
 * does not matter).  A column with codes below -1 gets a lookup of its
 * own, which maps every negative code to the missing entry. */
struct qcol_lookup {
    int32_t dst;
    int k;                           /* tables, 1 to 4 */
    int clamp;                       /* codes below -1: test each (k is 1) */
    size_t col[4];
    const double *sum[4];            /* merged sums + 1: sum[-1] is missing */
};

/* A rule as the block loop runs it, decided once per call.  A fit rule
 * that compares a number column without missing cells with constants (the
 * usual fit rule) is one fused loop over the block: QCOL_S_EQ .. _BETWEEN
 * add pts to dst where it holds; QCOL_S_BOTH adds grade steps and points.
 * Any other rule is QCOL_S_RULE and goes through qcol_rule_block(). */
enum {
    QCOL_S_RULE, QCOL_S_EQ, QCOL_S_NE, QCOL_S_LT, QCOL_S_LE, QCOL_S_GT, QCOL_S_GE,
    QCOL_S_BETWEEN, QCOL_S_BOTH
};

struct qcol_step {
    int op;
    const struct sqlscore__rule *rule;
    const double *v;                 /* the number column */
    double t, hi;                    /* the constant; BETWEEN t AND hi */
    double *dst, *dst2;              /* accumulators; dst2 for QCOL_S_BOTH */
    double pts, pts2;
};

#define QCOL_DST_UPOS  (-1)
#define QCOL_DST_NEG   (-2)
#define QCOL_DST_STEPS (-3)

static int qcol_depth(const struct sqlscore__pred *p)
{
    int a, b;
    if (p == NULL)
        return 0;
    a = qcol_depth(p->a);
    b = qcol_depth(p->b);
    return 1 + (a > b ? a : b);
}

/* Leaf over a number column. */
static void qcol_leaf_num(const struct sqlscore__pred *p, const double *restrict x,
                         const uint8_t *restrict m, size_t n, double *restrict out)
{
    size_t i;
    switch (p->kind) {
    case SQLSCORE__P_SET:
        if (m)
            QCOL_FOR(i, n, out[i] = m[i] ? 0.0 : 1.0);
        else
            QCOL_FOR(i, n, out[i] = 1.0);
        return;
    case SQLSCORE__P_EMPTY:
        if (m)
            QCOL_FOR(i, n, out[i] = m[i] ? 1.0 : 0.0);
        else
            QCOL_FOR(i, n, out[i] = 0.0);
        return;
    case SQLSCORE__P_CMP:
        if (p->lits[0].kind == SQLSCORE__LIT_NUMBER) {
            double v = p->lits[0].num;
            switch (p->op) {
            case SQLSCORE__OP_EQ: QCOL_FOR(i, n, out[i] = x[i] == v ? 1.0 : 0.0); break;
            case SQLSCORE__OP_NE: QCOL_FOR(i, n, out[i] = x[i] != v ? 1.0 : 0.0); break;
            case SQLSCORE__OP_LT: QCOL_FOR(i, n, out[i] = x[i] < v ? 1.0 : 0.0); break;
            case SQLSCORE__OP_LE: QCOL_FOR(i, n, out[i] = x[i] <= v ? 1.0 : 0.0); break;
            case SQLSCORE__OP_GT: QCOL_FOR(i, n, out[i] = x[i] > v ? 1.0 : 0.0); break;
            default: QCOL_FOR(i, n, out[i] = x[i] >= v ? 1.0 : 0.0); break;
            }
            break;
        }
        QCOL_FOR(i, n, out[i] = 0.0);
        return;
    case SQLSCORE__P_BETWEEN:
        if (p->lits[0].kind == SQLSCORE__LIT_NUMBER && p->lits[1].kind == SQLSCORE__LIT_NUMBER) {
            double lo = p->lits[0].num, hi = p->lits[1].num;
            QCOL_FOR(i, n, out[i] = x[i] >= lo ? (x[i] <= hi ? 1.0 : 0.0) : 0.0);
            break;
        }
        QCOL_FOR(i, n, out[i] = 0.0);
        return;
    case SQLSCORE__P_IN: {
        size_t k;
        QCOL_FOR(i, n, out[i] = 0.0);
        for (k = 0; k < p->nlits; k++) {
            double v = p->lits[k].num;
            if (p->lits[k].kind != SQLSCORE__LIT_NUMBER)
                continue;
            QCOL_FOR(i, n, out[i] = x[i] == v ? 1.0 : out[i]);
        }
        break;
    }
    default:          /* text and time tests never hold on numbers */
        QCOL_FOR(i, n, out[i] = 0.0);
        return;
    }
    if (m)
        QCOL_FOR(i, n, out[i] = m[i] ? 0.0 : out[i]);
}

/* ASCII fast paths of the case-insensitive text tests.  They answer only
 * when every byte they look at is ASCII (then simple case folding is plain
 * A-Z -> a-z and the answer equals the UTF-8 helpers'); otherwise they
 * return -1 and the caller uses sqlscore__eval_leaf. */
static int qcol_lower(int c)
{
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int qcol_ascii_eq(const char *s, const char *t)
{
    for (;; s++, t++) {
        unsigned char a = (unsigned char)*s, b = (unsigned char)*t;
        if ((a | b) & 0x80)
            return -1;
        if (qcol_lower(a) != qcol_lower(b))
            return 0;
        if (a == 0)
            return 1;
    }
}

static int qcol_ascii_starts(const char *s, const char *t)
{
    for (;; s++, t++) {
        unsigned char a = (unsigned char)*s, b = (unsigned char)*t;
        if (b == 0)
            return 1;
        if ((a | b) & 0x80)
            return -1;
        if (qcol_lower(a) != qcol_lower(b))
            return 0;
    }
}

static int qcol_ascii_ends(const char *s, const char *t)
{
    size_t ns = strlen(s), nt = strlen(t), i;
    for (i = 0; i < nt; i++)
        if ((unsigned char)t[i] & 0x80)
            return -1;
    if (nt > ns)          /* an ASCII suffix has more code points than s */
        return 0;
    /* all-ASCII last nt bytes are exactly the last nt code points */
    for (i = ns - nt; i < ns; i++)
        if ((unsigned char)s[i] & 0x80)
            return -1;
    for (i = 0; i < nt; i++)
        if (qcol_lower((unsigned char)s[ns - nt + i]) != qcol_lower((unsigned char)t[i]))
            return 0;
    return 1;
}

static int qcol_ascii_contains(const char *s, const char *t)
{
    size_t i;
    int found = 0;
    for (i = 0; t[i]; i++)
        if ((unsigned char)t[i] & 0x80)
            return -1;
    for (; *s; s++) {
        if ((unsigned char)*s & 0x80)
            return -1;
        if (!found && qcol_ascii_starts(s, t) == 1)
            found = 1;
    }
    return found || *t == 0;
}

/* One text cell (not NULL) against a leaf; -1 when the fast path cannot
 * decide. */
static int qcol_text_fast(const struct sqlscore__pred *p, const char *s)
{
    size_t k;
    int r, any = 0;
    switch (p->kind) {
    case SQLSCORE__P_CMP:
        if (p->lits[0].kind != SQLSCORE__LIT_STRING ||
            (p->op != SQLSCORE__OP_EQ && p->op != SQLSCORE__OP_NE))
            return -1;
        r = qcol_ascii_eq(s, p->lits[0].str);
        return r < 0 ? -1 : p->op == SQLSCORE__OP_EQ ? r : !r;
    case SQLSCORE__P_IN:
        for (k = 0; k < p->nlits; k++) {
            if (p->lits[k].kind != SQLSCORE__LIT_STRING)
                continue;
            r = qcol_ascii_eq(s, p->lits[k].str);
            if (r < 0)
                return -1;
            any |= r;
        }
        return any;
    case SQLSCORE__P_CONTAINS:
        return qcol_ascii_contains(s, p->lits[0].str);
    case SQLSCORE__P_STARTS:
        return qcol_ascii_starts(s, p->lits[0].str);
    case SQLSCORE__P_ENDS:
        return qcol_ascii_ends(s, p->lits[0].str);
    default:
        return -1;
    }
}

/* One text cell (NULL: missing) against a text-column leaf. */
static int qcol_text_one(const struct sqlscore__pred *p, const char *s)
{
    struct sqlscore__attr a;
    int r = s ? qcol_text_fast(p, s) : -1;
    if (r >= 0)
        return r;
    memset(&a, 0, sizeof a);
    a.type = SQLSCORE_ATTR_TEXT;
    a.text = (char *)(uintptr_t)s;
    return sqlscore__eval_leaf(p, s ? &a : NULL, 0);
}

static size_t qcol_tab_hash(const struct sqlscore__pred *p, size_t mask)
{
    return (size_t)(((uintptr_t)p >> 4) * (uintptr_t)0x9E3779B1u) & mask;
}

/* The table of a coded leaf; qcol_tabs_build put every such leaf in. */
static const struct qcol_leaftab *qcol_tab_find(const struct qcol_ctx *x,
                                                const struct sqlscore__pred *p)
{
    size_t h = qcol_tab_hash(p, x->tabmask);
    while (x->tabs[h].p != p)
        h = (h + 1) & x->tabmask;
    return &x->tabs[h];
}

static void qcol_eval(const struct qcol_ctx *x, const struct sqlscore__pred *p, size_t r0,
                     size_t n, double *restrict out, int level)
{
    size_t i;
    int32_t col;
    switch (p->kind) {
    case SQLSCORE__P_AND:
    case SQLSCORE__P_OR: {
        double *restrict tmp = x->stack + (size_t)level * QCOL_BLOCK;
        qcol_eval(x, p->a, r0, n, out, level + 1);
        qcol_eval(x, p->b, r0, n, tmp, level + 1);
        if (p->kind == SQLSCORE__P_AND)
            QCOL_FOR(i, n, out[i] *= tmp[i]);
        else
            QCOL_FOR(i, n, out[i] = out[i] > tmp[i] ? out[i] : tmp[i]);
        return;
    }
    case SQLSCORE__P_NOT:
        qcol_eval(x, p->a, r0, n, out, level + 1);
        QCOL_FOR(i, n, out[i] = 1.0 - out[i]);
        return;
    case SQLSCORE__P_CHECK: {
        /* a table row is a lead whose checklist items are all unknown */
        double v = p->state == SQLSCORE_CHECK_UNKNOWN ? 1.0 : 0.0;
        QCOL_FOR(i, n, out[i] = v);
        return;
    }
    default:
        break;
    }
    col = x->slotcol[p->slot];
    if (col >= 0) {
        qcol_leaf_num(p, x->nums[col] + r0, x->miss && x->miss[col] ? x->miss[col] + r0 : NULL, n,
                     out);
    } else if (col <= -2 && x->codes != NULL) {
        const int32_t *restrict cd = x->codes[-2 - col] + r0;
        const double *restrict res = qcol_tab_find(x, p)->res + 1;
        /* any negative code is a missing cell, res[-1] */
        QCOL_FOR(i, n, out[i] = res[cd[i] < 0 ? -1 : cd[i]]);
    } else if (col <= -2) {
        const char *const *t = x->texts[-2 - col] + r0;
        for (i = 0; i < n; i++)
            out[i] = qcol_text_one(p, t[i]) ? 1.0 : 0.0;
    } else {
        double v = p->kind == SQLSCORE__P_EMPTY ? 1.0 : 0.0;
        QCOL_FOR(i, n, out[i] = v);
    }
}

/* dst[k] += points where the mask is 1.0.  Multiplying instead of
 * branching avoids a misprediction per row on random data; the result is
 * the same bit for bit as adding only where the rule fired (x + 0 and
 * x + -0 are x for the accumulators, which are never -0), so rows still
 * score exactly like lead handles. */
static void qcol_add(double *restrict dst, const double *restrict mask, double pts, size_t n)
{
    size_t k;
    QCOL_FOR(k, n, dst[k] += pts * mask[k]);
}

/* dst[k] += pts (and dst2[k] += pts2 when dst2 is not NULL) where a
 * text test on a coded column fires, in one pass over the column; the mask
 * is never stored.  Returns 0, having done nothing, for any other
 * predicate.  (Comparisons on number columns are QCOL_S_* steps.) */
static int qcol_leaf_add(const struct qcol_ctx *x, const struct sqlscore__pred *p, size_t r0,
                         size_t n, double *restrict dst, double pts, double *restrict dst2,
                         double pts2)
{
    size_t i;
    int32_t col;
    if (p->kind != SQLSCORE__P_CMP && p->kind != SQLSCORE__P_BETWEEN &&
        p->kind != SQLSCORE__P_IN && p->kind != SQLSCORE__P_CONTAINS &&
        p->kind != SQLSCORE__P_STARTS && p->kind != SQLSCORE__P_ENDS)
        return 0;
    col = x->slotcol[p->slot];
    if (col <= -2 && x->codes != NULL) {
        const int32_t *restrict cd = x->codes[-2 - col] + r0;
        const double *restrict res = qcol_tab_find(x, p)->res;
        /* res[0] answers for missing cells; when the column has no code
         * below -1, code + 1 indexes res without a test */
        if (x->code_min[-2 - col] >= -1) {
            if (dst2 == NULL)
                QCOL_FOR(i, n, dst[i] += pts * res[cd[i] + 1]);
            else
                QCOL_FOR(i, n, { double m = res[cd[i] + 1]; dst[i] += pts * m; dst2[i] += pts2 * m; });
        } else {
            if (dst2 == NULL)
                QCOL_FOR(i, n, dst[i] += pts * res[cd[i] < 0 ? 0 : cd[i] + 1]);
            else
                QCOL_FOR(i, n, {
                    double m = res[cd[i] < 0 ? 0 : cd[i] + 1];
                    dst[i] += pts * m;
                    dst2[i] += pts2 * m;
                });
        }
        return 1;
    }
    return 0;
}

/* The step for rule r, whose points go to dst and grade steps to steps. */
static void qcol_plan_step(const struct qcol_ctx *x, const struct sqlscore__rule *r,
                           double *dst, double *steps, struct qcol_step *st)
{
    const struct sqlscore__pred *p = r->pred;
    int32_t col = x->slotcol[p->slot];
    memset(st, 0, sizeof *st);
    st->op = QCOL_S_RULE;
    st->rule = r;
    st->dst = dst;
    if (r->kind != SQLSCORE__R_FIT || col < 0 || (x->miss && x->miss[col]))
        return;
    if (p->kind == SQLSCORE__P_CMP && p->lits[0].kind == SQLSCORE__LIT_NUMBER) {
        switch (p->op) {
        case SQLSCORE__OP_EQ: st->op = QCOL_S_EQ; break;
        case SQLSCORE__OP_NE: st->op = QCOL_S_NE; break;
        case SQLSCORE__OP_LT: st->op = QCOL_S_LT; break;
        case SQLSCORE__OP_LE: st->op = QCOL_S_LE; break;
        case SQLSCORE__OP_GT: st->op = QCOL_S_GT; break;
        default: st->op = QCOL_S_GE; break;
        }
        st->t = p->lits[0].num;
    } else if (p->kind == SQLSCORE__P_BETWEEN && p->lits[0].kind == SQLSCORE__LIT_NUMBER &&
               p->lits[1].kind == SQLSCORE__LIT_NUMBER) {
        st->op = QCOL_S_BETWEEN;
        st->t = p->lits[0].num;
        st->hi = p->lits[1].num;
    } else {
        return;
    }
    st->v = x->nums[col];
    /* adding 0 points or 0 steps changes nothing, so it is left out */
    if (r->steps == 0) {
        st->pts = r->points;
    } else if (r->points == 0) {
        st->dst = steps;
        st->pts = (double)r->steps;
    } else {
        /* steps first, then points, as qcol_rule_block() adds them */
        st->op = QCOL_S_BOTH;
        st->dst = steps;
        st->pts = (double)r->steps;
        st->dst2 = dst;
        st->pts2 = r->points;
    }
}

/* Runs a QCOL_S_RULE step on the block of n rows from r0. */
static void qcol_rule_block(const struct qcol_ctx *x, const struct sqlscore__rule *r, size_t r0,
                            size_t n, double *restrict dst, double *restrict steps,
                            double *restrict gates, double *restrict disq, double *restrict mask)
{
    size_t k;
    double pts = r->points;
    /* A fit rule adds points and grade steps (adding 0 points or 0 steps
     * changes nothing, so it is left out). */
    if (r->kind == SQLSCORE__R_FIT &&
        qcol_leaf_add(x, r->pred, r0, n, r->steps == 0 ? dst : steps,
                      r->steps == 0 ? pts : (double)r->steps,
                      r->steps != 0 && pts != 0 ? dst : NULL, pts))
        return;
    qcol_eval(x, r->pred, r0, n, mask, 0);
    if (r->kind == SQLSCORE__R_DISQUALIFY) {
        qcol_add(disq, mask, 1.0, n);
        return;
    }
    if (r->kind == SQLSCORE__R_GATE) {
        QCOL_FOR(k, n, mask[k] = 1.0 - mask[k]);
        qcol_add(gates, mask, 1.0, n);
        return;
    }
    if (r->steps != 0)
        qcol_add(steps, mask, (double)r->steps, n);
    qcol_add(dst, mask, pts, n);
}

/* Runs a number step (not QCOL_S_RULE) on the n rows of column v; mask
 * is scratch. */
static void qcol_num_block(const struct qcol_step *st, const double *restrict v, size_t n,
                           double *restrict mask)
{
    double *restrict dst = st->dst, t = st->t, hi = st->hi, pts = st->pts;
    size_t i;
    switch (st->op) {
    case QCOL_S_EQ: QCOL_FOR(i, n, dst[i] += v[i] == t ? pts : 0.0); break;
    case QCOL_S_NE: QCOL_FOR(i, n, dst[i] += v[i] != t ? pts : 0.0); break;
    case QCOL_S_LT: QCOL_FOR(i, n, dst[i] += v[i] < t ? pts : 0.0); break;
    case QCOL_S_LE: QCOL_FOR(i, n, dst[i] += v[i] <= t ? pts : 0.0); break;
    case QCOL_S_GT: QCOL_FOR(i, n, dst[i] += v[i] > t ? pts : 0.0); break;
    case QCOL_S_GE: QCOL_FOR(i, n, dst[i] += v[i] >= t ? pts : 0.0); break;
    case QCOL_S_BETWEEN: QCOL_FOR(i, n, dst[i] += v[i] >= t ? (v[i] <= hi ? pts : 0.0) : 0.0); break;
    default: {        /* QCOL_S_BOTH */
        double *restrict dst2 = st->dst2, pts2 = st->pts2;
        qcol_leaf_num(st->rule->pred, v, NULL, n, mask);
        QCOL_FOR(i, n, {
            dst[i] += pts * mask[i];
            dst2[i] += pts2 * mask[i];
        });
        break;
    }
    }
}

/* sqlscore__totals_finish() for a block of rows, one step at a time over
 * the block so that each step is a loop the compiler vectorises.  The
 * arithmetic is that function's, in the same order (capped group points
 * summed from 0 in group order, then the ungrouped points, the total cap,
 * then the negative points), so scores are identical bit for bit; the
 * tests compare every row with the lead-handle path.  upos is
 * overwritten. */
static void qcol_finish(const sqlscore_criteria *c, size_t n, const double *restrict gpos,
                        double *restrict upos, const double *restrict neg,
                        const double *restrict steps, const double *restrict gates,
                        const double *restrict disq, double *restrict score,
                        int32_t *restrict grade, int32_t *restrict verdict)
{
    double *restrict pos = upos;
    double gd[QCOL_BLOCK], mq[QCOL_BLOCK], sq[QCOL_BLOCK];
    double mql = c->mql, sql = c->sql;
    /* no grade condition: every grade passes */
    double mg = c->mql_grade == SQLSCORE_GRADE_NONE ? -1.0 : (double)c->mql_grade;
    double sg = c->sql_grade == SQLSCORE_GRADE_NONE ? -1.0 : (double)c->sql_grade;
    size_t k, g;
    if (c->ngroups > 0) {
        double first[QCOL_BLOCK];
        QCOL_FOR(k, n, first[k] = 0.0);
        for (g = 0; g < c->ngroups; g++) {
            const double *restrict gp = gpos + g * QCOL_BLOCK;
            double cap = c->groups[g].cap;
            QCOL_FOR(k, n, first[k] += gp[k] > cap ? cap : gp[k]);
        }
        QCOL_FOR(k, n, pos[k] = first[k] + upos[k]);
    }
    /* without groups pos is 0 + upos, which is upos (never -0) */
    if (c->has_total_cap) {
        double tc = c->total_cap;
        QCOL_FOR(k, n, pos[k] = pos[k] > tc ? tc : pos[k]);
    }
    QCOL_FOR(k, n, score[k] = pos[k] + neg[k]);
    /* grades and verdicts in doubles (small integers, exact), so that
     * the loops hold one element type and vectorise; steps are integers */
    QCOL_FOR(k, n, gd[k] = (double)SQLSCORE_GRADE_D + steps[k]);
    QCOL_FOR(k, n, gd[k] = gd[k] < (double)SQLSCORE_GRADE_F ? (double)SQLSCORE_GRADE_F : gd[k]);
    QCOL_FOR(k, n, gd[k] = gd[k] > (double)SQLSCORE_GRADE_A_PLUS ? (double)SQLSCORE_GRADE_A_PLUS
                                                                 : gd[k]);
    QCOL_FOR(k, n, grade[k] = (int32_t)gd[k]);
    QCOL_FOR(k, n, mq[k] = score[k] >= mql ? (gd[k] >= mg ? 1.0 : 0.0) : 0.0);
    QCOL_FOR(k, n, sq[k] = score[k] >= sql ? (gd[k] >= sg ? mq[k] : 0.0) : 0.0);
    QCOL_FOR(k, n, sq[k] = gates[k] == 0.0 ? sq[k] : 0.0);
    /* UNQUALIFIED 0, MQL 1, SQL 2 (an SQL is an MQL), DISQUALIFIED 3 */
    QCOL_FOR(k, n, mq[k] += sq[k]);
    /* a separate loop: an addition inside the select would keep it scalar
     * (gcc does not speculate floating-point operations by default) */
    QCOL_FOR(k, n, mq[k] = disq[k] != 0.0 ? (double)SQLSCORE_VERDICT_DISQUALIFIED : mq[k]);
    QCOL_FOR(k, n, verdict[k] = (int32_t)mq[k]);
}

static int qcol_find(const char *const *names, size_t n, const char *name)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (strcmp(names[i], name) == 0)
            return (int)i;
    return -1;
}

/* Counts the leaves of p that read a coded text column (an upper bound:
 * a leaf shared by two rules is counted twice). */
static size_t qcol_count_coded(const struct sqlscore__pred *p, const int32_t *slotcol)
{
    if (p == NULL)
        return 0;
    if (p->kind == SQLSCORE__P_AND || p->kind == SQLSCORE__P_OR || p->kind == SQLSCORE__P_NOT)
        return qcol_count_coded(p->a, slotcol) + qcol_count_coded(p->b, slotcol);
    return p->kind != SQLSCORE__P_CHECK && slotcol[p->slot] <= -2;
}

/* Decides every coded leaf of p for each entry of its column's
 * dictionary.  Returns SQLSCORE_ENOMEM (tables made so far stay in tabs,
 * for the caller to free). */
static int qcol_tabs_add(struct qcol_ctx *x, const struct sqlscore__pred *p,
                         const size_t *dict_sizes, const char *const *const *dicts)
{
    size_t h, j, k, nd;
    int rc;
    if (p == NULL)
        return SQLSCORE_OK;
    if (p->kind == SQLSCORE__P_AND || p->kind == SQLSCORE__P_OR || p->kind == SQLSCORE__P_NOT) {
        if ((rc = qcol_tabs_add(x, p->a, dict_sizes, dicts)) != SQLSCORE_OK)
            return rc;
        return qcol_tabs_add(x, p->b, dict_sizes, dicts);
    }
    if (p->kind == SQLSCORE__P_CHECK || x->slotcol[p->slot] > -2)
        return SQLSCORE_OK;
    h = qcol_tab_hash(p, x->tabmask);
    while (x->tabs[h].p != NULL) {
        if (x->tabs[h].p == p)
            return SQLSCORE_OK;
        h = (h + 1) & x->tabmask;
    }
    k = (size_t)(-2 - x->slotcol[p->slot]);
    nd = dict_sizes[k];
    x->tabs[h].res = sqlscore__reallocarray(NULL, nd + 1, sizeof *x->tabs[h].res);
    if (x->tabs[h].res == NULL)
        return SQLSCORE_ENOMEM;
    x->tabs[h].p = p;
    x->tabs[h].res[0] = qcol_text_one(p, NULL) ? 1.0 : 0.0;
    for (j = 0; j < nd; j++)
        x->tabs[h].res[1 + j] = qcol_text_one(p, dicts[k][j]) ? 1.0 : 0.0;
    return SQLSCORE_OK;
}

static void qcol_tabs_free(struct qcol_ctx *x)
{
    size_t i;
    if (x->tabs == NULL)
        return;
    for (i = 0; i <= x->tabmask; i++)
        sqlscore__free(x->tabs[i].res);
    sqlscore__free(x->tabs);
    x->tabs = NULL;
}

/* Builds the tables of every coded leaf the rules evaluate (engagement
 * rules are not evaluated on table rows). */
static int qcol_tabs_build(struct qcol_ctx *x, const size_t *dict_sizes,
                           const char *const *const *dicts)
{
    const sqlscore_criteria *c = x->c;
    size_t i, nleaves = 0, cap = 4;
    for (i = 0; i < c->nrules; i++)
        if (c->rules[i].kind != SQLSCORE__R_ENGAGEMENT)
            nleaves += qcol_count_coded(c->rules[i].pred, x->slotcol);
    if (nleaves == 0)
        return SQLSCORE_OK;
    while (cap < 2 * nleaves)
        cap *= 2;
    x->tabs = sqlscore__calloc(cap, sizeof *x->tabs);
    if (x->tabs == NULL)
        return SQLSCORE_ENOMEM;
    x->tabmask = cap - 1;
    for (i = 0; i < c->nrules; i++) {
        if (c->rules[i].kind == SQLSCORE__R_ENGAGEMENT)
            continue;
        if (qcol_tabs_add(x, c->rules[i].pred, dict_sizes, dicts) != SQLSCORE_OK) {
            qcol_tabs_free(x);
            return SQLSCORE_ENOMEM;
        }
    }
    return SQLSCORE_OK;
}

/* Whether the fit points add up exactly in any order: every point value
 * is a multiple of 2^-k for some k <= 32, and the sum of all their
 * magnitudes, in units of the finest such 2^-k, is below 2^53.  Then every
 * partial sum of any subset is an integer number of units below 2^53,
 * hence exactly representable: no addition rounds, and the order of
 * additions cannot change a score.  Grade steps are integers and count
 * the same way. */
static int qcol_exact(const sqlscore_criteria *c)
{
    double total = 0, steps = 0;
    int kmax = 0;
    size_t i;
    for (i = 0; i < c->nrules; i++) {
        const struct sqlscore__rule *r = &c->rules[i];
        double p = r->points;
        int k = 0;
        if (r->kind != SQLSCORE__R_FIT)
            continue;
        steps += fabs((double)r->steps);
        if (p == 0)
            continue;
        while (k <= 32 && ldexp(p, k) != floor(ldexp(p, k)))
            k++;
        if (k > 32)
            return 0;
        if (k > kmax)
            kmax = k;
        total += fabs(p);
    }
    return ldexp(total, kmax) < 9007199254740992.0 && steps < 9007199254740992.0;
}

static int qcol_is_text_leaf(const struct sqlscore__pred *p)
{
    return p->kind == SQLSCORE__P_CMP || p->kind == SQLSCORE__P_BETWEEN ||
           p->kind == SQLSCORE__P_IN || p->kind == SQLSCORE__P_CONTAINS ||
           p->kind == SQLSCORE__P_STARTS || p->kind == SQLSCORE__P_ENDS;
}

/* Adds val * (the leaf's answers) to the merged table of (col, dst). */
static int qcol_merge_add(struct qcol_ctx *x, size_t col, int32_t dst, size_t nd,
                          const double *res, double val)
{
    struct qcol_merged *m = NULL;
    size_t i;
    for (i = 0; i < x->nmerged; i++)
        if (x->merged[i].col == col && x->merged[i].dst == dst)
            m = &x->merged[i];
    if (m == NULL) {
        m = &x->merged[x->nmerged];
        m->sum = sqlscore__calloc(nd + 1, sizeof *m->sum);
        if (m->sum == NULL)
            return SQLSCORE_ENOMEM;
        m->col = col;
        m->dst = dst;
        x->nmerged++;
    }
    for (i = 0; i <= nd; i++)
        m->sum[i] += val * res[i];
    return SQLSCORE_OK;
}

static void qcol_merged_free(struct qcol_ctx *x)
{
    size_t i;
    for (i = 0; i < x->nmerged; i++)
        sqlscore__free(x->merged[i].sum);
    sqlscore__free(x->merged);
    sqlscore__free(x->absorbed);
    sqlscore__free(x->lk);
    x->merged = NULL;
    x->absorbed = NULL;
    x->lk = NULL;
    x->nmerged = 0;
    x->nlk = 0;
}

/* Groups the merged tables by accumulator into lookups of up to 4. */
static int qcol_lookup_build(struct qcol_ctx *x)
{
    size_t i, j;
    if (x->nmerged == 0)
        return SQLSCORE_OK;
    x->lk = sqlscore__calloc(x->nmerged, sizeof *x->lk);
    if (x->lk == NULL)
        return SQLSCORE_ENOMEM;
    for (i = 0; i < x->nmerged; i++) {
        struct qcol_merged *m = &x->merged[i];
        struct qcol_lookup *l = &x->lk[x->nlk];
        if (m->planned)
            continue;
        x->nlk++;
        l->dst = m->dst;
        l->clamp = x->code_min[m->col] < -1;
        for (j = i; j < x->nmerged && l->k < 4; j++) {
            struct qcol_merged *o = &x->merged[j];
            if (o->planned || o->dst != m->dst ||
                (j > i && (l->clamp || x->code_min[o->col] < -1)))
                continue;
            o->planned = 1;
            l->col[l->k] = o->col;
            l->sum[l->k] = o->sum + 1;
            l->k++;
        }
    }
    return SQLSCORE_OK;
}

/* When sums are exact, merges the fit rules that are a text test on a
 * coded column into one table per (column, accumulator): a row then costs
 * one lookup per table instead of one per rule. */
static int qcol_merge_build(struct qcol_ctx *x, const size_t *dict_sizes)
{
    const sqlscore_criteria *c = x->c;
    size_t i;
    if (x->tabs == NULL || !qcol_exact(c))
        return SQLSCORE_OK;
    x->merged = sqlscore__calloc(2 * c->nrules + 1, sizeof *x->merged);
    x->absorbed = sqlscore__calloc(c->nrules + 1, 1);
    if (x->merged == NULL || x->absorbed == NULL) {
        qcol_merged_free(x);
        return SQLSCORE_ENOMEM;
    }
    for (i = 0; i < c->nrules; i++) {
        const struct sqlscore__rule *r = &c->rules[i];
        const double *res;
        size_t col, nd;
        int rc = SQLSCORE_OK;
        if (r->kind != SQLSCORE__R_FIT || !qcol_is_text_leaf(r->pred) ||
            x->slotcol[r->pred->slot] > -2)
            continue;
        col = (size_t)(-2 - x->slotcol[r->pred->slot]);
        nd = dict_sizes[col];
        res = qcol_tab_find(x, r->pred)->res;
        if (r->points != 0)
            rc = qcol_merge_add(x, col, r->points < 0 && !x->onepos ? QCOL_DST_NEG
                                        : r->group >= 0 ? r->group : QCOL_DST_UPOS,
                                nd, res, r->points);
        if (rc == SQLSCORE_OK && r->steps != 0)
            rc = qcol_merge_add(x, col, QCOL_DST_STEPS, nd, res, (double)r->steps);
        if (rc != SQLSCORE_OK) {
            qcol_merged_free(x);
            return rc;
        }
        x->absorbed[i] = 1;
    }
    return SQLSCORE_OK;
}

/* The first row from `from` on whose code is at or above size (the
 * caller knows there is one). */
static size_t qcol_first_bad_code(const int32_t *cd, size_t from, size_t size)
{
    while (cd[from] < 0 || (size_t)cd[from] < size)
        from++;
    return from;
}

/* Checks the text column k the criteria reads: every cell valid UTF-8
 * (string columns), or every entry valid UTF-8 and every code inside the
 * dictionary (coded columns). */
static int qcol_check_text(const char *fn, const char *name, size_t k, size_t rows,
                           const char *const *const *texts, const int32_t *const *codes,
                           const size_t *dict_sizes, const char *const *const *dicts,
                           int32_t *code_min)
{
    size_t r, i;
    int32_t lo = -1;
    if (codes == NULL) {
        for (r = 0; r < rows; r++) {
            const char *s = texts[k][r];
            if (s != NULL && !sqlscore__utf8_valid(s, strlen(s)))
                return sqlscore__fail(SQLSCORE_EINVAL, "%s: column '%s' row %zu: value is not "
                                      "valid UTF-8", fn, name, r);
        }
        return SQLSCORE_OK;
    }
    if (dict_sizes[k] > 0 && dicts[k] == NULL)
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: column '%s' has %zu dictionary entries but "
                              "no dictionary", fn, name, dict_sizes[k]);
    for (r = 0; r < dict_sizes[k]; r++) {
        const char *s = dicts[k][r];
        if (s != NULL && !sqlscore__utf8_valid(s, strlen(s)))
            return sqlscore__fail(SQLSCORE_EINVAL, "%s: column '%s' dictionary entry %zu: value "
                                  "is not valid UTF-8", fn, name, r);
    }
    /* the largest and smallest code of each block (loops that vectorise);
     * the row of a bad code is looked for only when there is one */
    for (r = 0; r < rows; r += QCOL_BLOCK) {
        size_t n = rows - r < QCOL_BLOCK ? rows - r : QCOL_BLOCK;
        const int32_t *restrict cd = codes[k] + r;
        int32_t hi = -1, mn = 0;
        QCOL_FOR(i, n, {
            hi = cd[i] > hi ? cd[i] : hi;
            mn = cd[i] < mn ? cd[i] : mn;
        });
        lo = mn < lo ? mn : lo;
        if (hi >= 0 && (size_t)hi >= dict_sizes[k]) {
            r = qcol_first_bad_code(codes[k], r, dict_sizes[k]);
            return sqlscore__fail(SQLSCORE_EINVAL, "%s: column '%s' row %zu: code %ld is outside "
                                  "the dictionary (%zu entries)", fn, name, r, (long)codes[k][r],
                                  dict_sizes[k]);
        }
    }
    code_min[k] = lo;
    return SQLSCORE_OK;
}

/* Checks a number column the criteria reads: every cell not marked
 * missing is finite.  x * 0 is +-0 for a finite x and NaN otherwise;
 * summing it per position of a block across the column is a loop without
 * a branch or a reduction, which compilers vectorise, and the sums are
 * NaN exactly where some block had a bad cell.  Only then is the column
 * scanned again for the row. */
static int qcol_check_number(const char *fn, const char *name, size_t rows,
                             const double *v, const uint8_t *m)
{
    double chk[QCOL_BLOCK];
    size_t r, i;
    int bad = 0;
    for (i = 0; i < QCOL_BLOCK; i++)
        chk[i] = 0.0;
    for (r = 0; r < rows; r += QCOL_BLOCK) {
        size_t n = rows - r < QCOL_BLOCK ? rows - r : QCOL_BLOCK;
        const double *restrict x = v + r;
        if (m == NULL) {
            QCOL_FOR(i, n, chk[i] += x[i] * 0.0);
        } else {
            const uint8_t *restrict mm = m + r;
            QCOL_FOR(i, n, chk[i] += mm[i] ? 0.0 : x[i] * 0.0);
        }
    }
    for (i = 0; i < QCOL_BLOCK; i++)
        bad |= chk[i] != 0.0 || chk[i] != chk[i];
    if (!bad)
        return SQLSCORE_OK;
    for (r = 0; r < rows; r++)
        if ((m == NULL || !m[r]) && !isfinite(v[r]))
            break;
    return sqlscore__fail(SQLSCORE_EINVAL, "%s: column '%s' row %zu: value is %s", fn, name, r,
                          isnan(v[r]) ? "NaN" : "infinite");
}

/* Both entry points: texts (string columns) or, when coded, codes +
 * dictionaries. */
static int qcol_run(const char *fn, int coded, const sqlscore_criteria *c, size_t rows, size_t number_count,
                    const char *const *number_names, const double *const *numbers,
                    const uint8_t *const *missing, size_t text_count,
                    const char *const *text_names, const char *const *const *texts,
                    const int32_t *const *codes, const size_t *dict_sizes,
                    const char *const *const *dicts, double *scores, int32_t *grades,
                    int32_t *verdicts)
{
    struct qcol_ctx x;
    int32_t *slotcol = NULL, *code_min;
    double *mask = NULL, *acc = NULL, *gpos, *upos, *neg, *steps, *gates, *disq;
    size_t i, j, r0, ng, maxdepth = 1;
    int rc;

    SQLSCORE__CHECK_NULL(c, fn, "criteria");
    if (!c->built)
        return sqlscore__fail(SQLSCORE_ESTATE, "%s: criteria '%s' is not built yet", fn, c->name);
    if (number_count > 0) {
        SQLSCORE__CHECK_NULL(number_names, fn, "number_names");
        SQLSCORE__CHECK_NULL(numbers, fn, "numbers");
    }
    if (text_count > 0) {
        SQLSCORE__CHECK_NULL(text_names, fn, "text_names");
        if (!coded) {
            SQLSCORE__CHECK_NULL(texts, fn, "texts");
        } else {
            SQLSCORE__CHECK_NULL(codes, fn, "codes");
            SQLSCORE__CHECK_NULL(dict_sizes, fn, "dictionary_sizes");
            SQLSCORE__CHECK_NULL(dicts, fn, "dictionaries");
        }
    }
    for (i = 0; i < number_count + text_count; i++) {
        const char *nm = i < number_count ? number_names[i] : text_names[i - number_count];
        const void *data;
        if ((rc = sqlscore__check_text(nm, fn, "column name")) != SQLSCORE_OK)
            return rc;
        for (j = 0; j < i; j++) {
            const char *o = j < number_count ? number_names[j] : text_names[j - number_count];
            if (strcmp(o, nm) == 0)
                return sqlscore__fail(SQLSCORE_EEXIST, "%s: column '%s' is given twice", fn, nm);
        }
        data = i < number_count ? (const void *)numbers[i]
             : !coded ? (const void *)texts[i - number_count]
                             : (const void *)codes[i - number_count];
        if (data == NULL && rows > 0)
            return sqlscore__fail(SQLSCORE_EINVAL, "%s: column '%s' has no data", fn, nm);
    }
    /* slotcol, then the smallest code of each text column */
    slotcol = sqlscore__calloc(c->nslots + 1 + text_count, sizeof *slotcol);
    if (slotcol == NULL)
        return SQLSCORE_ENOMEM;
    code_min = slotcol + c->nslots + 1;
    /* Only the columns the criteria reads are validated (and read). */
    for (i = 0; i < c->nslots; i++) {
        int k = number_count ? qcol_find(number_names, number_count, c->slots[i]) : -1;
        slotcol[i] = -1;
        if (k >= 0) {
            slotcol[i] = k;
            rc = qcol_check_number(fn, c->slots[i], rows, numbers[k], missing ? missing[k] : NULL);
            if (rc != SQLSCORE_OK) {
                sqlscore__free(slotcol);
                return rc;
            }
            continue;
        }
        k = text_count ? qcol_find(text_names, text_count, c->slots[i]) : -1;
        if (k >= 0) {
            slotcol[i] = -2 - k;
            rc = qcol_check_text(fn, c->slots[i], (size_t)k, rows, coded ? NULL : texts,
                                 coded ? codes : NULL, dict_sizes, dicts, code_min);
            if (rc != SQLSCORE_OK) {
                sqlscore__free(slotcol);
                return rc;
            }
        }
    }
    for (i = 0; i < c->nrules; i++) {
        size_t d = (size_t)qcol_depth(c->rules[i].pred);
        if (d > maxdepth)
            maxdepth = d;
    }
    memset(&x, 0, sizeof x);
    x.c = c;
    x.slotcol = slotcol;
    x.nums = numbers;
    x.miss = missing;
    x.texts = texts;
    x.codes = coded ? codes : NULL;
    x.code_min = code_min;
    /* With exact sums and no caps the score is simply the sum of all
     * points, so negative points can share the positive accumulator. */
    x.onepos = c->ngroups == 0 && !c->has_total_cap && qcol_exact(c);
    ng = c->ngroups;
    mask = sqlscore__calloc((maxdepth + 2) * QCOL_BLOCK, sizeof *mask);
    /* per row: gpos[ng], upos, neg, steps, gates failed, disqualified */
    acc = sqlscore__calloc((ng + 5) * QCOL_BLOCK, sizeof *acc);
    x.steps = sqlscore__calloc(c->nrules + 1, sizeof *x.steps);
    rc = mask == NULL || acc == NULL || x.steps == NULL ? SQLSCORE_ENOMEM : SQLSCORE_OK;
    if (rc == SQLSCORE_OK && coded)
        rc = qcol_tabs_build(&x, dict_sizes, dicts);
    if (rc == SQLSCORE_OK && coded)
        rc = qcol_merge_build(&x, dict_sizes);
    if (rc == SQLSCORE_OK && coded)
        rc = qcol_lookup_build(&x);
    if (rc != SQLSCORE_OK) {
        qcol_merged_free(&x);
        qcol_tabs_free(&x);
        sqlscore__free(x.steps);
        sqlscore__free(mask);
        sqlscore__free(acc);
        sqlscore__free(slotcol);
        return rc;
    }
    x.stack = mask + QCOL_BLOCK;

    /* the accumulators of a block: gpos[ng], upos, neg, steps, gates
     * failed, disqualified */
    gpos = acc;
    upos = acc + ng * QCOL_BLOCK;
    neg = upos + QCOL_BLOCK;
    steps = neg + QCOL_BLOCK;
    gates = steps + QCOL_BLOCK;
    disq = gates + QCOL_BLOCK;
    for (i = 0; i < c->nrules; i++) {
        const struct sqlscore__rule *r = &c->rules[i];
        if (r->kind == SQLSCORE__R_ENGAGEMENT)
            continue;            /* a table row has no events */
        if (x.absorbed != NULL && x.absorbed[i])
            continue;            /* added with the merged tables */
        qcol_plan_step(&x, r,
                       r->points < 0 && !x.onepos ? neg
                       : r->group >= 0 ? gpos + (size_t)r->group * QCOL_BLOCK : upos,
                       steps, &x.steps[x.nsteps++]);
    }

    for (r0 = 0; r0 < rows; r0 += QCOL_BLOCK) {
        size_t n = rows - r0 < QCOL_BLOCK ? rows - r0 : QCOL_BLOCK, k;
        double sc[QCOL_BLOCK];
        int32_t gr[QCOL_BLOCK], vd[QCOL_BLOCK];
        memset(acc, 0, (ng + 5) * QCOL_BLOCK * sizeof *acc);
        for (i = 0; i < x.nsteps; i++) {
            const struct qcol_step *st = &x.steps[i];
            if (st->op == QCOL_S_RULE)
                qcol_rule_block(&x, st->rule, r0, n, st->dst, steps, gates, disq, mask);
            else
                qcol_num_block(st, st->v + r0, n, mask);
        }
        for (i = 0; i < x.nlk; i++) {
            const struct qcol_lookup *l = &x.lk[i];
            const int32_t *restrict c0 = codes[l->col[0]] + r0;
            const double *restrict s0 = l->sum[0];
            double *restrict dst = l->dst >= 0 ? gpos + (size_t)l->dst * QCOL_BLOCK
                                 : l->dst == QCOL_DST_UPOS ? upos
                                 : l->dst == QCOL_DST_NEG ? neg : steps;
            if (l->clamp) {
                QCOL_FOR(k, n, dst[k] += s0[c0[k] < 0 ? -1 : c0[k]]);
            } else if (l->k == 1) {
                QCOL_FOR(k, n, dst[k] += s0[c0[k]]);
            } else {
                const int32_t *restrict c1 = codes[l->col[1]] + r0;
                const double *restrict s1 = l->sum[1];
                if (l->k == 2) {
                    QCOL_FOR(k, n, dst[k] += s0[c0[k]] + s1[c1[k]]);
                } else {
                    const int32_t *restrict c2 = codes[l->col[2]] + r0;
                    const double *restrict s2 = l->sum[2];
                    if (l->k == 3) {
                        QCOL_FOR(k, n, dst[k] += (s0[c0[k]] + s1[c1[k]]) + s2[c2[k]]);
                    } else {
                        const int32_t *restrict c3 = codes[l->col[3]] + r0;
                        const double *restrict s3 = l->sum[3];
                        QCOL_FOR(k, n, dst[k] += (s0[c0[k]] + s1[c1[k]]) +
                                                 (s2[c2[k]] + s3[c3[k]]));
                    }
                }
            }
        }
        qcol_finish(c, n, gpos, upos, neg, steps, gates, disq, scores ? scores + r0 : sc,
                    grades ? grades + r0 : gr, verdicts ? verdicts + r0 : vd);
    }
    qcol_merged_free(&x);
    qcol_tabs_free(&x);
    sqlscore__free(x.steps);
    sqlscore__free(mask);
    sqlscore__free(acc);
    sqlscore__free(slotcol);
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_criteria_evaluate_columns(
    const sqlscore_criteria *c, size_t rows, size_t number_count,
    const char *const *number_names, const double *const *numbers,
    const uint8_t *const *missing, size_t text_count, const char *const *text_names,
    const char *const *const *texts, double *scores, int32_t *grades, int32_t *verdicts)
{
    return qcol_run("sqlscore_criteria_evaluate_columns", 0, c, rows, number_count, number_names,
                    numbers, missing, text_count, text_names, texts, NULL, NULL, NULL, scores,
                    grades, verdicts);
}

SQLSCORE_API int sqlscore_criteria_evaluate_coded(
    const sqlscore_criteria *c, size_t rows, size_t number_count,
    const char *const *number_names, const double *const *numbers,
    const uint8_t *const *missing, size_t text_count, const char *const *text_names,
    const int32_t *const *codes, const size_t *dictionary_sizes,
    const char *const *const *dictionaries, double *scores, int32_t *grades, int32_t *verdicts)
{
    return qcol_run("sqlscore_criteria_evaluate_coded", 1, c, rows, number_count, number_names, numbers, missing, text_count,
                    text_names, NULL, codes, dictionary_sizes, dictionaries, scores, grades,
                    verdicts);
}
