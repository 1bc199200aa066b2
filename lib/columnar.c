/*
 * columnar.c - scoring a whole table given as column arrays, one call per
 * table, without a lead handle per row.
 *
 * Rows are processed in blocks.  Each predicate node is evaluated for the
 * whole block into a byte mask (a tight loop over one column the compiler
 * can vectorise); rules then add points to per-row accumulators.  All
 * memory is allocated once per call, never per row.  The additions happen
 * in the same order as in eval.c, so a row scores exactly what the
 * equivalent lead handle scores.
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

#define QCOL_BLOCK 256

struct qcol_ctx {
    const sqlscore_criteria *c;
    /* per slot: column index, >= 0 number column, <= -2 text column
     * (-2 - index), -1 absent */
    const int32_t *slotcol;
    const double *const *nums;
    const uint8_t *const *miss;
    const char *const *const *texts;
    const int32_t *const *codes;     /* coded text columns, or NULL */
    struct qcol_leaftab *tabs;       /* coded leaves: open addressing by pred */
    size_t tabmask;                  /* tabs has tabmask + 1 slots */
    uint8_t *stack;                  /* QCOL_BLOCK bytes per nesting level */
};

/* A text leaf over a coded column, decided for every dictionary entry:
 * res[0] is the answer for a missing cell, res[1 + j] for entry j. */
struct qcol_leaftab {
    const struct sqlscore__pred *p;
    uint8_t *res;
};

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
                         const uint8_t *restrict m, size_t n, uint8_t *restrict out)
{
    size_t i;
    switch (p->kind) {
    case SQLSCORE__P_SET:
        for (i = 0; i < n; i++)
            out[i] = m ? !m[i] : 1;
        return;
    case SQLSCORE__P_EMPTY:
        for (i = 0; i < n; i++)
            out[i] = m ? m[i] != 0 : 0;
        return;
    case SQLSCORE__P_CMP:
        if (p->lits[0].kind == SQLSCORE__LIT_NUMBER) {
            double v = p->lits[0].num;
            switch (p->op) {
            case SQLSCORE__OP_EQ: for (i = 0; i < n; i++) out[i] = x[i] == v; break;
            case SQLSCORE__OP_NE: for (i = 0; i < n; i++) out[i] = x[i] != v; break;
            case SQLSCORE__OP_LT: for (i = 0; i < n; i++) out[i] = x[i] < v; break;
            case SQLSCORE__OP_LE: for (i = 0; i < n; i++) out[i] = x[i] <= v; break;
            case SQLSCORE__OP_GT: for (i = 0; i < n; i++) out[i] = x[i] > v; break;
            default: for (i = 0; i < n; i++) out[i] = x[i] >= v; break;
            }
            break;
        }
        memset(out, 0, n);
        return;
    case SQLSCORE__P_BETWEEN:
        if (p->lits[0].kind == SQLSCORE__LIT_NUMBER && p->lits[1].kind == SQLSCORE__LIT_NUMBER) {
            double lo = p->lits[0].num, hi = p->lits[1].num;
            for (i = 0; i < n; i++)
                out[i] = (x[i] >= lo) & (x[i] <= hi);
            break;
        }
        memset(out, 0, n);
        return;
    case SQLSCORE__P_IN: {
        size_t k;
        memset(out, 0, n);
        for (k = 0; k < p->nlits; k++) {
            double v = p->lits[k].num;
            if (p->lits[k].kind != SQLSCORE__LIT_NUMBER)
                continue;
            for (i = 0; i < n; i++)
                out[i] |= x[i] == v;
        }
        break;
    }
    default:          /* text and time tests never hold on numbers */
        memset(out, 0, n);
        return;
    }
    if (m)
        for (i = 0; i < n; i++)
            out[i] &= !m[i];
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
                     size_t n, uint8_t *out, int level)
{
    size_t i;
    int32_t col;
    switch (p->kind) {
    case SQLSCORE__P_AND:
    case SQLSCORE__P_OR: {
        uint8_t *tmp = x->stack + (size_t)level * QCOL_BLOCK;
        qcol_eval(x, p->a, r0, n, out, level + 1);
        qcol_eval(x, p->b, r0, n, tmp, level + 1);
        if (p->kind == SQLSCORE__P_AND)
            for (i = 0; i < n; i++)
                out[i] &= tmp[i];
        else
            for (i = 0; i < n; i++)
                out[i] |= tmp[i];
        return;
    }
    case SQLSCORE__P_NOT:
        qcol_eval(x, p->a, r0, n, out, level + 1);
        for (i = 0; i < n; i++)
            out[i] ^= 1;
        return;
    case SQLSCORE__P_CHECK:
        /* a table row is a lead whose checklist items are all unknown */
        memset(out, p->state == SQLSCORE_CHECK_UNKNOWN, n);
        return;
    default:
        break;
    }
    col = x->slotcol[p->slot];
    if (col >= 0) {
        qcol_leaf_num(p, x->nums[col] + r0, x->miss && x->miss[col] ? x->miss[col] + r0 : NULL, n,
                     out);
    } else if (col <= -2 && x->codes != NULL) {
        const int32_t *restrict cd = x->codes[-2 - col] + r0;
        const uint8_t *restrict res = qcol_tab_find(x, p)->res;
        for (i = 0; i < n; i++) {
            /* any negative code is a missing cell, res[0] */
            int32_t v = cd[i];
            out[i] = res[(v + 1) & ~(v >> 31)];
        }
    } else if (col <= -2) {
        const char *const *t = x->texts[-2 - col] + r0;
        for (i = 0; i < n; i++)
            out[i] = (uint8_t)qcol_text_one(p, t[i]);
    } else {
        memset(out, p->kind == SQLSCORE__P_EMPTY, n);
    }
}

/* dst[k] += points where the mask (0 or 1) is set.  Multiplying instead
 * of branching avoids a misprediction per row on random data; the result
 * is the same bit for bit as adding only where the rule fired (x + 0 and
 * x + -0 are x), so rows still score exactly like lead handles.  restrict
 * lets the compiler vectorise (a uint8_t store could alias anything). */
static void qcol_add(double *restrict dst, const uint8_t *restrict mask, double pts, size_t n)
{
    size_t k;
    for (k = 0; k < n; k++)
        dst[k] += pts * (double)mask[k];
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
    x->tabs[h].res = sqlscore__malloc(nd + 1);
    if (x->tabs[h].res == NULL)
        return SQLSCORE_ENOMEM;
    x->tabs[h].p = p;
    x->tabs[h].res[0] = (uint8_t)qcol_text_one(p, NULL);
    for (j = 0; j < nd; j++)
        x->tabs[h].res[1 + j] = (uint8_t)qcol_text_one(p, dicts[k][j]);
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

/* Checks the text column k the criteria reads: every cell valid UTF-8
 * (string columns), or every entry valid UTF-8 and every code inside the
 * dictionary (coded columns). */
static int qcol_check_text(const char *fn, const char *name, size_t k, size_t rows,
                           const char *const *const *texts, const int32_t *const *codes,
                           const size_t *dict_sizes, const char *const *const *dicts)
{
    size_t r;
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
    for (r = 0; r < rows; r++) {
        int32_t v = codes[k][r];
        if (v >= 0 && (size_t)v >= dict_sizes[k])
            return sqlscore__fail(SQLSCORE_EINVAL, "%s: column '%s' row %zu: code %ld is outside "
                                  "the dictionary (%zu entries)", fn, name, r, (long)v,
                                  dict_sizes[k]);
    }
    return SQLSCORE_OK;
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
    int32_t *slotcol = NULL;
    uint8_t *mask = NULL;
    double *acc = NULL, *grow = NULL;
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
    slotcol = sqlscore__calloc(c->nslots + 1, sizeof *slotcol);
    if (slotcol == NULL)
        return SQLSCORE_ENOMEM;
    /* Only the columns the criteria reads are validated (and read). */
    for (i = 0; i < c->nslots; i++) {
        int k = number_count ? qcol_find(number_names, number_count, c->slots[i]) : -1;
        slotcol[i] = -1;
        if (k >= 0) {
            size_t r;
            const double *v = numbers[k];
            const uint8_t *m = missing ? missing[k] : NULL;
            slotcol[i] = k;
            for (r = 0; r < rows; r++)
                if ((m == NULL || !m[r]) && !isfinite(v[r])) {
                    rc = sqlscore__fail(SQLSCORE_EINVAL, "%s: column '%s' row %zu: value is %s",
                                        fn, c->slots[i], r, isnan(v[r]) ? "NaN" : "infinite");
                    sqlscore__free(slotcol);
                    return rc;
                }
            continue;
        }
        k = text_count ? qcol_find(text_names, text_count, c->slots[i]) : -1;
        if (k >= 0) {
            slotcol[i] = -2 - k;
            rc = qcol_check_text(fn, c->slots[i], (size_t)k, rows, coded ? NULL : texts,
                                 coded ? codes : NULL, dict_sizes, dicts);
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
    ng = c->ngroups;
    mask = sqlscore__calloc((maxdepth + 2) * QCOL_BLOCK, 1);
    /* per row: gpos[ng], upos, neg, steps, gates failed, disqualified */
    acc = sqlscore__calloc((ng + 5) * QCOL_BLOCK, sizeof *acc);
    grow = sqlscore__calloc(ng + 1, sizeof *grow);
    rc = mask == NULL || acc == NULL || grow == NULL ? SQLSCORE_ENOMEM : SQLSCORE_OK;
    if (rc == SQLSCORE_OK && coded)
        rc = qcol_tabs_build(&x, dict_sizes, dicts);
    if (rc != SQLSCORE_OK) {
        sqlscore__free(grow);
        sqlscore__free(mask);
        sqlscore__free(acc);
        sqlscore__free(slotcol);
        return rc;
    }
    x.stack = mask + QCOL_BLOCK;

    for (r0 = 0; r0 < rows; r0 += QCOL_BLOCK) {
        size_t n = rows - r0 < QCOL_BLOCK ? rows - r0 : QCOL_BLOCK, k;
        double *gpos = acc, *upos = acc + ng * QCOL_BLOCK, *neg = upos + QCOL_BLOCK;
        double *steps = neg + QCOL_BLOCK, *gates = steps + QCOL_BLOCK, *disq = gates + QCOL_BLOCK;
        memset(acc, 0, (ng + 5) * QCOL_BLOCK * sizeof *acc);
        for (i = 0; i < c->nrules; i++) {
            const struct sqlscore__rule *r = &c->rules[i];
            double pts = r->points, *dst;
            if (r->kind == SQLSCORE__R_ENGAGEMENT)
                continue;            /* a table row has no events */
            qcol_eval(&x, r->pred, r0, n, mask, 0);
            if (r->kind == SQLSCORE__R_DISQUALIFY) {
                qcol_add(disq, mask, 1.0, n);
                continue;
            }
            if (r->kind == SQLSCORE__R_GATE) {
                for (k = 0; k < n; k++)
                    mask[k] ^= 1;
                qcol_add(gates, mask, 1.0, n);
                continue;
            }
            if (r->steps != 0)
                qcol_add(steps, mask, (double)r->steps, n);
            dst = pts < 0 ? neg : r->group >= 0 ? gpos + (size_t)r->group * QCOL_BLOCK : upos;
            qcol_add(dst, mask, pts, n);
        }
        for (k = 0; k < n; k++) {
            struct sqlscore__totals t;
            size_t gi;
            memset(&t, 0, sizeof t);
            t.steps = (int32_t)steps[k];
            t.gates_failed = (int)gates[k];
            t.disqualified = disq[k] != 0;
            for (gi = 0; gi < ng; gi++)
                grow[gi] = gpos[gi * QCOL_BLOCK + k];
            sqlscore__totals_finish(c, &t, grow, upos[k], neg[k]);
            if (scores)
                scores[r0 + k] = t.score;
            if (grades)
                grades[r0 + k] = t.grade;
            if (verdicts)
                verdicts[r0 + k] = t.verdict;
        }
    }
    qcol_tabs_free(&x);
    sqlscore__free(grow);
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
