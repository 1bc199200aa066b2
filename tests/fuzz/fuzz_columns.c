/*
 * fuzz_columns.c - differential libFuzzer harness for the table entry
 * points: sqlscore_criteria_evaluate_columns() (text as strings) and
 * sqlscore_criteria_evaluate_coded() (text dictionary-encoded), against
 * sqlscore_criteria_evaluate() on one lead handle per row.
 *
 * Input: bytes choose a criteria (rules built from a small vocabulary of
 * predicates, point values, grade steps, groups and caps, written as rules
 * text and parsed) and a table (two number and two text columns, cells
 * from small value sets, some missing).  Point values include binary
 * fractions, where the columnar code may merge rules per column, and
 * values like 0.1 and 1e12, where the order of additions matters.
 * Properties checked (abort() on violation):
 * - all three paths succeed on a table of finite numbers and valid text;
 * - every row's score is the same bit for bit, and its grade and verdict
 *   the same, in all three paths.
 */
#include "sqlscore.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz_check.h"

#define COLS_MAXROWS 48
#define COLS_MAXRULES 10
#define COLS_N(a) (sizeof(a) / sizeof(a)[0])

static const char *const cols_numlit[] = { "0", "1", "-1", "5", "10", "100", "2.5", "1e6" };
static const char *const cols_strlit[] = { "vp", "VP Sales", "chief", "\xC3\xA4", "\xC3\x84RZTIN",
                                           "x", "sales", " " };
static const char *const cols_points[] = { "1", "-1", "0.5", "0.1", "1e12", "-1e12", "2.25",
                                           "-7.5", "3", "0" };
static const double cols_numval[] = { 0, 1, -1, 5, 10, 100, 2.5, 1e6, 499.5, 1e-3 };
static const char *const cols_textval[] = { "vp", "VP Sales", "Chief Data", "",
                                            "\xC3\xA4rztin vp", "\xC3\x84RZTIN", "x",
                                            "sales VP", "  " };

/* Reads bytes in turn; 0 once the input is used up. */
struct cols_in {
    const uint8_t *p;
    size_t n;
};

static unsigned cols_byte(struct cols_in *in)
{
    if (in->n == 0)
        return 0;
    in->n--;
    return *in->p++;
}

/* One simple predicate on n1, n2, t1 or t2. */
static void cols_leaf(struct cols_in *in, char *out, size_t size)
{
    unsigned k = cols_byte(in), a = cols_byte(in), b = cols_byte(in);
    const char *nl = cols_numlit[a % COLS_N(cols_numlit)];
    const char *nl2 = cols_numlit[b % COLS_N(cols_numlit)];
    const char *sl = cols_strlit[a % COLS_N(cols_strlit)];
    const char *sl2 = cols_strlit[b % COLS_N(cols_strlit)];
    const char *num = k & 16 ? "n2" : "n1", *txt = k & 16 ? "t2" : "t1";
    switch (k % 13) {
    case 0: snprintf(out, size, "%s >= %s", num, nl); break;
    case 1: snprintf(out, size, "%s < %s", num, nl); break;
    case 2: snprintf(out, size, "%s = %s", num, nl); break;
    case 3: snprintf(out, size, "%s != %s", num, nl); break;
    case 4: snprintf(out, size, "%s between %s and %s", num, nl, nl2); break;
    case 5: snprintf(out, size, "%s in (%s, %s)", num, nl, nl2); break;
    case 6: snprintf(out, size, "%s = \"%s\"", txt, sl); break;
    case 7: snprintf(out, size, "%s in (\"%s\", \"%s\")", txt, sl, sl2); break;
    case 8: snprintf(out, size, "%s starts with \"%s\"", txt, sl); break;
    case 9: snprintf(out, size, "%s contains \"%s\"", txt, sl); break;
    case 10: snprintf(out, size, "%s ends with \"%s\"", txt, sl); break;
    case 11: snprintf(out, size, "%s is empty", a & 1 ? txt : num); break;
    default: snprintf(out, size, "%s is set", a & 1 ? txt : num); break;
    }
}

/* A predicate: a leaf, or two leaves combined, or a negated leaf. */
static void cols_pred(struct cols_in *in, char *out, size_t size)
{
    char x[128], y[128];
    unsigned shape = cols_byte(in) % 6;
    cols_leaf(in, x, sizeof x);
    if (shape < 3) {
        snprintf(out, size, "%s", x);
        return;
    }
    if (shape == 3) {
        snprintf(out, size, "not (%s)", x);
        return;
    }
    cols_leaf(in, y, sizeof y);
    snprintf(out, size, "(%s) %s (%s)", x, shape == 4 ? "and" : "or", y);
}

/* Rules text from the input; returns its length. */
static size_t cols_rules(struct cols_in *in, char *out, size_t size)
{
    size_t len = 0;
    unsigned nr = 1 + cols_byte(in) % COLS_MAXRULES, r, g = cols_byte(in);
    len += (size_t)snprintf(out + len, size - len, "criteria fuzz version 1\n");
    if (g & 1)
        len += (size_t)snprintf(out + len, size - len, "group g cap %s\n", g & 2 ? "2.5" : "10.1");
    if (g & 4)
        len += (size_t)snprintf(out + len, size - len, "total cap %s\n", g & 8 ? "12" : "1e11");
    for (r = 0; r < nr && len < size - 512; r++) {
        char pred[300];
        unsigned kind = cols_byte(in), pts = cols_byte(in);
        cols_pred(in, pred, sizeof pred);
        if (kind % 8 == 0)
            len += (size_t)snprintf(out + len, size - len, "disqualify r%u if %s\n", r, pred);
        else if (kind % 8 == 1)
            len += (size_t)snprintf(out + len, size - len, "gate r%u if %s\n", r, pred);
        else
            len += (size_t)snprintf(out + len, size - len, "fit r%u%s if %s then %s points%s\n", r,
                                    (g & 1) && (kind & 8) ? " in group g" : "", pred,
                                    cols_points[pts % COLS_N(cols_points)],
                                    kind & 16 ? " and 1 grade" : kind & 32 ? " and -2 grades" : "");
    }
    len += (size_t)snprintf(out + len, size - len, "mql at score %s\nsql at score %s\n",
                            g & 16 ? "1" : "0.5", g & 32 ? "1e11" : "5");
    return len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const nnames[] = { "n1", "n2" }, *const tnames[] = { "t1", "t2" };
    struct cols_in in = { data, size };
    char rules[4096];
    size_t len = cols_rules(&in, rules, sizeof rules), rows = 0, r, k;
    sqlscore_criteria *c;
    double num[2][COLS_MAXROWS], s1[COLS_MAXROWS], s2[COLS_MAXROWS], s3[COLS_MAXROWS];
    uint8_t miss[2][COLS_MAXROWS];
    const char *txt[2][COLS_MAXROWS];
    int32_t code[2][COLS_MAXROWS], g1[COLS_MAXROWS], g2[COLS_MAXROWS], g3[COLS_MAXROWS];
    int32_t v1[COLS_MAXROWS], v2[COLS_MAXROWS], v3[COLS_MAXROWS];
    /* the values, then a duplicate of the first and a NULL entry */
    const char *dict[COLS_N(cols_textval) + 2];
    const size_t nval = COLS_N(cols_textval), dsize[2] = { nval + 2, nval + 2 };

    if (sqlscore_criteria_parse(&c, rules, len, "fuzz") != SQLSCORE_OK)
        return 0;     /* the vocabulary can make a rule the parser refuses */
    for (k = 0; k < nval; k++)
        dict[k] = cols_textval[k];
    dict[nval] = cols_textval[0];
    dict[nval + 1] = NULL;
    while (in.n >= 5 && rows < COLS_MAXROWS) {
        unsigned b[4], m;
        for (k = 0; k < 4; k++)
            b[k] = cols_byte(&in);
        m = cols_byte(&in);
        for (k = 0; k < 2; k++) {
            unsigned tv = b[2 + k] % nval;
            num[k][rows] = cols_numval[b[k] % COLS_N(cols_numval)];
            miss[k][rows] = (m >> k) & 1;
            txt[k][rows] = (m >> (2 + k)) & 1 ? NULL : cols_textval[tv];
            /* a missing cell as -1, another negative code or the NULL
             * entry; the first value as itself or its duplicate */
            if (txt[k][rows] == NULL)
                code[k][rows] = m & 64 ? -1 : m & 128 ? INT32_MIN : (int32_t)nval + 1;
            else
                code[k][rows] = tv == 0 && (m & 16) ? (int32_t)nval : (int32_t)tv;
        }
        rows++;
    }
    for (r = 0; r < rows; r++) {
        sqlscore_lead *l;
        sqlscore_result *res;
        FUZZ_CHECK(sqlscore_lead_new(&l, "row") == SQLSCORE_OK);
        for (k = 0; k < 2; k++) {
            if (!miss[k][r])
                FUZZ_CHECK(sqlscore_lead_set_number(l, nnames[k], num[k][r]) == SQLSCORE_OK);
            if (txt[k][r] != NULL)
                FUZZ_CHECK(sqlscore_lead_set_text(l, tnames[k], txt[k][r]) == SQLSCORE_OK);
        }
        FUZZ_CHECK(sqlscore_criteria_evaluate(&res, c, l, 0) == SQLSCORE_OK);
        FUZZ_CHECK(sqlscore_result_score(res, &s1[r]) == SQLSCORE_OK);
        FUZZ_CHECK(sqlscore_result_grade(res, &g1[r]) == SQLSCORE_OK);
        FUZZ_CHECK(sqlscore_result_verdict(res, &v1[r]) == SQLSCORE_OK);
        sqlscore_result_free(res);
        sqlscore_lead_free(l);
    }
    {
        const double *ncols[] = { num[0], num[1] };
        const uint8_t *masks[] = { miss[0], miss[1] };
        const char *const *tcols[] = { txt[0], txt[1] };
        const int32_t *codes[] = { code[0], code[1] };
        const char *const *dicts[] = { dict, dict };
        FUZZ_CHECK(sqlscore_criteria_evaluate_columns(c, rows, 2, nnames, ncols, masks, 2, tnames,
                                                      tcols, s2, g2, v2) == SQLSCORE_OK);
        FUZZ_CHECK(sqlscore_criteria_evaluate_coded(c, rows, 2, nnames, ncols, masks, 2, tnames,
                                                    codes, dsize, dicts, s3, g3, v3) ==
                   SQLSCORE_OK);
    }
    for (r = 0; r < rows; r++) {
        FUZZ_CHECK(memcmp(&s1[r], &s2[r], sizeof s1[r]) == 0);
        FUZZ_CHECK(memcmp(&s1[r], &s3[r], sizeof s1[r]) == 0);
        FUZZ_CHECK(g1[r] == g2[r] && g1[r] == g3[r]);
        FUZZ_CHECK(v1[r] == v2[r] && v1[r] == v3[r]);
    }
    sqlscore_criteria_free(c);
    return 0;
}
