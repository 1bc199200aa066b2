/*
 * criteria_internal.h - the criteria handle's layout and the helpers shared
 * by criteria.c (builder), rules_parse.c, rules_write.c, eval.c and
 * columnar.c.  Never installed.
 */
#ifndef SQLSCORE_CRITERIA_INTERNAL_H
#define SQLSCORE_CRITERIA_INTERNAL_H

#include "internal.h"

/* Largest magnitude of points, caps and thresholds.  With it no sum of
 * contributions can overflow to infinity, so every score is finite. */
#define SQLSCORE__MAX_POINTS 1e12

/* ---- literals and predicates --------------------------------------------- */

#define SQLSCORE__LIT_NUMBER 1
#define SQLSCORE__LIT_STRING 2
#define SQLSCORE__LIT_BOOL   3
#define SQLSCORE__LIT_MONEY  4

struct sqlscore__lit {
    int kind;
    double num;            /* NUMBER; BOOL as 0/1 */
    char *str;             /* STRING (owned) */
    int64_t minor;         /* MONEY amount in minor units */
    char currency[4];      /* MONEY */
    int digits;            /* MONEY: minor-unit digits of the currency */
};

#define SQLSCORE__P_AND      1
#define SQLSCORE__P_OR       2
#define SQLSCORE__P_NOT      3
#define SQLSCORE__P_CMP      4   /* name op lits[0] */
#define SQLSCORE__P_BETWEEN  5   /* lits[0] <= name <= lits[1] */
#define SQLSCORE__P_IN       6   /* name = any of lits[] */
#define SQLSCORE__P_CONTAINS 7   /* text, case-insensitive, lits[0] a string */
#define SQLSCORE__P_STARTS   8
#define SQLSCORE__P_ENDS     9
#define SQLSCORE__P_SET     10   /* attribute present */
#define SQLSCORE__P_EMPTY   11   /* missing, or text of blanks only */
#define SQLSCORE__P_CHECK   12   /* checklist item name has state */
#define SQLSCORE__P_WITHIN  13   /* time attribute within seconds of as_of */
#define SQLSCORE__P_OLDER   14   /* time attribute older than seconds */

struct sqlscore__pred {
    int kind;
    int op;                        /* CMP: SQLSCORE__OP_* */
    char *name;                    /* attribute or checklist item (owned) */
    int32_t slot;                  /* index of name in criteria->slots after build */
    struct sqlscore__pred *a, *b;  /* AND, OR: a and b; NOT: a */
    struct sqlscore__lit *lits;
    size_t nlits;
    int32_t state;                 /* CHECK: SQLSCORE_CHECK_* */
    int64_t seconds;               /* WITHIN, OLDER */
};

/* ---- rules and the criteria ---------------------------------------------- */

/* The public SQLSCORE_RULE_* values, which results report. */
#define SQLSCORE__R_FIT        SQLSCORE_RULE_FIT
#define SQLSCORE__R_ENGAGEMENT SQLSCORE_RULE_ENGAGEMENT
#define SQLSCORE__R_DISQUALIFY SQLSCORE_RULE_DISQUALIFIER
#define SQLSCORE__R_GATE       SQLSCORE_RULE_GATE

struct sqlscore__rule {
    int kind;
    char *name;
    struct sqlscore__pred *pred;   /* ENGAGEMENT: value predicate or NULL */
    double points;
    int32_t steps;                 /* FIT: grade steps */
    int32_t group;                 /* index into groups, -1 for none */
    char *event;                   /* ENGAGEMENT: event type */
    int32_t limit;                 /* 0: every occurrence counts */
    int64_t limit_window;          /* seconds, 0: over the whole ledger */
    int32_t decay;                 /* SQLSCORE_DECAY_* */
    int64_t period;                /* half-life, linear period or window */
    double percent;                /* LINEAR: percent per period */
    int line;                      /* line in the rules text, 0 when built in C */
};

struct sqlscore__group {
    char *name;
    double cap;
};

struct sqlscore_criteria {
    char *name;
    int32_t version;
    int built;
    char *framework;               /* NULL: BANT */
    char **items;
    size_t nitems;
    struct sqlscore__group *groups;
    size_t ngroups, capgroups;
    int has_total_cap;
    double total_cap;
    struct sqlscore__rule *rules;  /* every kind, in declaration order */
    size_t nrules, caprules;
    uint32_t *rule_index;          /* open-addressing hash of rule names: index + 1, 0 = empty */
    size_t rule_slots;             /* power of two, at least twice nrules; 0 when empty */
    int has_mql, has_sql;
    double mql, sql;
    int32_t mql_grade, sql_grade;  /* SQLSCORE_GRADE_NONE or a grade */
    char **slots;                  /* distinct attribute names, after build */
    size_t nslots;
};

/* ---- shared helpers ------------------------------------------------------ */

SQLSCORE__INTERNAL void sqlscore__pred_free(struct sqlscore__pred *p);
SQLSCORE__INTERNAL int sqlscore__pred_equal(const struct sqlscore__pred *a,
                                            const struct sqlscore__pred *b);
SQLSCORE__INTERNAL int sqlscore__criteria_equal(const sqlscore_criteria *a,
                                                const sqlscore_criteria *b);

/* Parse text as one predicate (the part after "if" in a rule).  value_only
 * restricts names to "value" (engagement rules).  Errors read
 * "<where>:LINE:COL: message". */
SQLSCORE__INTERNAL int sqlscore__pred_parse(struct sqlscore__pred **out, const char *text,
                                            int value_only, const char *where);

/* Index of the rule called name, or -1.  Average O(1), so that a rules
 * file of many thousand rules parses in linear time. */
SQLSCORE__INTERNAL long sqlscore__criteria_find_rule(const sqlscore_criteria *c, const char *name);

/* Adds a rule, taking ownership of rule->name, pred and event (freed on
 * failure too).  Checks the name is unique. fn names the caller in errors. */
SQLSCORE__INTERNAL int sqlscore__criteria_add_rule(sqlscore_criteria *c, struct sqlscore__rule *r,
                                                   const char *fn);

/* Validate and freeze.  where_file is the rules file name when called by
 * the parser (errors then carry the rule's line, or eof_line for problems
 * of the whole criteria), NULL from the C API. */
SQLSCORE__INTERNAL int sqlscore__criteria_finish(sqlscore_criteria *c, const char *where_file,
                                                 int eof_line);

/* Grade names, index 0 (F) .. 12 (A+). */
SQLSCORE__INTERNAL const char *sqlscore__grade_name(int32_t grade);
SQLSCORE__INTERNAL int32_t sqlscore__grade_from_name(const char *name);

/* ---- a growing text buffer (rules_write.c) -------------------------------- */

struct sqlscore__sb {
    char *p;
    size_t n, cap;
    int failed;            /* an allocation failed; text is incomplete */
};

SQLSCORE__INTERNAL void sqlscore__sb_puts(struct sqlscore__sb *sb, const char *s);
SQLSCORE__INTERNAL void sqlscore__sb_printf(struct sqlscore__sb *sb, const char *fmt, ...)
    SQLSCORE__PRINTF(2, 3);
/* Shortest decimal that reads back as exactly x. */
SQLSCORE__INTERNAL void sqlscore__sb_number(struct sqlscore__sb *sb, double x);
/* A double-quoted rules string with escapes. */
SQLSCORE__INTERNAL void sqlscore__sb_quote(struct sqlscore__sb *sb, const char *s);
/* A name: bare when it reads back as the same word, else quoted. */
SQLSCORE__INTERNAL void sqlscore__sb_name(struct sqlscore__sb *sb, const char *s);
SQLSCORE__INTERNAL void sqlscore__sb_duration(struct sqlscore__sb *sb, int64_t seconds);
SQLSCORE__INTERNAL void sqlscore__sb_lit(struct sqlscore__sb *sb, const struct sqlscore__lit *l);
SQLSCORE__INTERNAL void sqlscore__sb_pred(struct sqlscore__sb *sb, const struct sqlscore__pred *p);

#endif
