/*
 * criteria.c - the criteria handle: builder API, validation, freezing and
 * structural equality.
 *
 * A criteria is mutable until sqlscore_criteria_build() (or the parser)
 * freezes it; afterwards it is only read, so any number of threads may
 * evaluate it at once.
 */
#include "criteria_internal.h"
#include "rules_lex.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *const crit_grade_names[13] = {
    "F", "D-", "D", "D+", "C-", "C", "C+", "B-", "B", "B+", "A-", "A", "A+"
};

const char *sqlscore__grade_name(int32_t grade)
{
    return grade >= 0 && grade <= 12 ? crit_grade_names[grade] : "?";
}

int32_t sqlscore__grade_from_name(const char *name)
{
    int32_t i;
    for (i = 0; i < 13; i++)
        if (strcmp(crit_grade_names[i], name) == 0)
            return i;
    return -1;
}

void sqlscore__pred_free(struct sqlscore__pred *p)
{
    size_t i;
    if (p == NULL)
        return;
    sqlscore__pred_free(p->a);
    sqlscore__pred_free(p->b);
    for (i = 0; i < p->nlits; i++)
        sqlscore__free(p->lits[i].str);
    sqlscore__free(p->lits);
    sqlscore__free(p->name);
    sqlscore__free(p);
}

static int crit_lit_equal(const struct sqlscore__lit *a, const struct sqlscore__lit *b)
{
    if (a->kind != b->kind)
        return 0;
    switch (a->kind) {
    case SQLSCORE__LIT_STRING:
        return strcmp(a->str, b->str) == 0;
    case SQLSCORE__LIT_MONEY:
        return a->minor == b->minor && strcmp(a->currency, b->currency) == 0;
    default:
        return a->num == b->num;
    }
}

int sqlscore__pred_equal(const struct sqlscore__pred *a, const struct sqlscore__pred *b)
{
    size_t i;
    if (a == NULL || b == NULL)
        return a == b;
    if (a->kind != b->kind || a->op != b->op || a->state != b->state ||
        a->seconds != b->seconds || a->nlits != b->nlits)
        return 0;
    if ((a->name == NULL) != (b->name == NULL) ||
        (a->name != NULL && strcmp(a->name, b->name) != 0))
        return 0;
    for (i = 0; i < a->nlits; i++)
        if (!crit_lit_equal(&a->lits[i], &b->lits[i]))
            return 0;
    return sqlscore__pred_equal(a->a, b->a) && sqlscore__pred_equal(a->b, b->b);
}

static int crit_str_eq(const char *a, const char *b)
{
    if (a == NULL || b == NULL)
        return a == b;
    return strcmp(a, b) == 0;
}

int sqlscore__criteria_equal(const sqlscore_criteria *a, const sqlscore_criteria *b)
{
    size_t i;
    if (!crit_str_eq(a->name, b->name) || a->version != b->version ||
        !crit_str_eq(a->framework ? a->framework : "BANT", b->framework ? b->framework : "BANT") ||
        a->nitems != b->nitems || a->ngroups != b->ngroups || a->nrules != b->nrules ||
        a->has_total_cap != b->has_total_cap || a->has_mql != b->has_mql ||
        a->has_sql != b->has_sql || a->mql != b->mql || a->sql != b->sql ||
        a->mql_grade != b->mql_grade || a->sql_grade != b->sql_grade)
        return 0;
    if (a->has_total_cap && a->total_cap != b->total_cap)
        return 0;
    for (i = 0; i < a->nitems; i++)
        if (strcmp(a->items[i], b->items[i]) != 0)
            return 0;
    for (i = 0; i < a->ngroups; i++)
        if (strcmp(a->groups[i].name, b->groups[i].name) != 0 ||
            a->groups[i].cap != b->groups[i].cap)
            return 0;
    for (i = 0; i < a->nrules; i++) {
        const struct sqlscore__rule *x = &a->rules[i], *y = &b->rules[i];
        if (x->kind != y->kind || strcmp(x->name, y->name) != 0 || x->points != y->points ||
            x->steps != y->steps || x->group != y->group || !crit_str_eq(x->event, y->event) ||
            x->limit != y->limit || x->limit_window != y->limit_window ||
            x->decay != y->decay || x->period != y->period || x->percent != y->percent ||
            !sqlscore__pred_equal(x->pred, y->pred))
            return 0;
    }
    return 1;
}

static void crit_rule_clear(struct sqlscore__rule *r)
{
    sqlscore__free(r->name);
    sqlscore__free(r->event);
    sqlscore__pred_free(r->pred);
}

SQLSCORE_API void sqlscore_criteria_free(sqlscore_criteria *c)
{
    size_t i;
    if (c == NULL)
        return;
    for (i = 0; i < c->nrules; i++)
        crit_rule_clear(&c->rules[i]);
    sqlscore__free(c->rules);
    sqlscore__free(c->rule_index);
    for (i = 0; i < c->ngroups; i++)
        sqlscore__free(c->groups[i].name);
    sqlscore__free(c->groups);
    for (i = 0; i < c->nitems; i++)
        sqlscore__free(c->items[i]);
    sqlscore__free(c->items);
    for (i = 0; i < c->nslots; i++)
        sqlscore__free(c->slots[i]);
    sqlscore__free(c->slots);
    sqlscore__free(c->framework);
    sqlscore__free(c->name);
    sqlscore__free(c);
}

SQLSCORE_API int sqlscore_criteria_new(sqlscore_criteria **out, const char *name, int32_t version)
{
    static const char fn[] = "sqlscore_criteria_new";
    sqlscore_criteria *c;
    int rc;
    SQLSCORE__CHECK_NULL(out, fn, "out");
    if ((rc = sqlscore__check_name(name, fn, "name")) != SQLSCORE_OK)
        return rc;
    if (version < 0)
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: version %ld is negative", fn, (long)version);
    c = sqlscore__calloc(1, sizeof *c);
    if (c == NULL)
        return SQLSCORE_ENOMEM;
    if ((c->name = sqlscore__strdup(name)) == NULL) {
        sqlscore__free(c);
        return SQLSCORE_ENOMEM;
    }
    c->version = version;
    c->mql_grade = SQLSCORE_GRADE_NONE;
    c->sql_grade = SQLSCORE_GRADE_NONE;
    *out = c;
    return SQLSCORE_OK;
}

static int crit_mutable(const sqlscore_criteria *c, const char *fn)
{
    SQLSCORE__CHECK_NULL(c, fn, "criteria");
    if (c->built)
        return sqlscore__fail(SQLSCORE_ESTATE, "%s: criteria '%s' is built and cannot change",
                              fn, c->name);
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_criteria_set_framework(sqlscore_criteria *c, const char *name,
                                                 const char *const *items, size_t count)
{
    static const char fn[] = "sqlscore_criteria_set_framework";
    char **nitems, *fw;
    size_t i;
    int rc;
    if ((rc = crit_mutable(c, fn)) != SQLSCORE_OK)
        return rc;
    if ((rc = sqlscore__check_name(name, fn, "framework")) != SQLSCORE_OK)
        return rc;
    if ((rc = sqlscore__check_item_list(name, items, count, fn)) != SQLSCORE_OK)
        return rc;
    if ((fw = sqlscore__strdup(name)) == NULL)
        return SQLSCORE_ENOMEM;
    if ((nitems = sqlscore__calloc(count, sizeof *nitems)) == NULL) {
        sqlscore__free(fw);
        return SQLSCORE_ENOMEM;
    }
    for (i = 0; i < count; i++) {
        if ((nitems[i] = sqlscore__strdup(items[i])) == NULL) {
            while (i-- > 0)
                sqlscore__free(nitems[i]);
            sqlscore__free(nitems);
            sqlscore__free(fw);
            return SQLSCORE_ENOMEM;
        }
    }
    for (i = 0; i < c->nitems; i++)
        sqlscore__free(c->items[i]);
    sqlscore__free(c->items);
    sqlscore__free(c->framework);
    c->framework = fw;
    c->items = nitems;
    c->nitems = count;
    return SQLSCORE_OK;
}

static int crit_check_cap(double cap, const char *fn, const char *what)
{
    if (isnan(cap))
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: %s cap is NaN", fn, what);
    if (isinf(cap))
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: %s cap is infinite", fn, what);
    if (cap < 0)
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: %s cap is negative (a cap limits the points "
                              "a group can gain)", fn, what);
    if (cap > SQLSCORE__MAX_POINTS)
        return sqlscore__fail(SQLSCORE_ERANGE, "%s: %s cap is above 1e12", fn, what);
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_criteria_add_group(sqlscore_criteria *c, const char *name, double cap)
{
    static const char fn[] = "sqlscore_criteria_add_group";
    char *nm;
    size_t i;
    int rc;
    if ((rc = crit_mutable(c, fn)) != SQLSCORE_OK)
        return rc;
    if ((rc = sqlscore__check_name(name, fn, "group name")) != SQLSCORE_OK)
        return rc;
    if ((rc = crit_check_cap(cap, fn, "group")) != SQLSCORE_OK)
        return rc;
    for (i = 0; i < c->ngroups; i++)
        if (strcmp(c->groups[i].name, name) == 0)
            return sqlscore__fail(SQLSCORE_EEXIST, "%s: group '%s' already exists", fn, name);
    if ((nm = sqlscore__strdup(name)) == NULL)
        return SQLSCORE_ENOMEM;
    if (sqlscore__grow((void **)&c->groups, &c->capgroups, c->ngroups + 1,
                       sizeof *c->groups) != SQLSCORE_OK) {
        sqlscore__free(nm);
        return SQLSCORE_ENOMEM;
    }
    c->groups[c->ngroups].name = nm;
    c->groups[c->ngroups].cap = cap;
    c->ngroups++;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_criteria_set_total_cap(sqlscore_criteria *c, double cap)
{
    static const char fn[] = "sqlscore_criteria_set_total_cap";
    int rc;
    if ((rc = crit_mutable(c, fn)) != SQLSCORE_OK)
        return rc;
    if ((rc = crit_check_cap(cap, fn, "total")) != SQLSCORE_OK)
        return rc;
    c->has_total_cap = 1;
    c->total_cap = cap;
    return SQLSCORE_OK;
}

static size_t crit_name_hash(const char *s)
{
    uint64_t h = UINT64_C(14695981039346656037);   /* FNV-1a */
    while (*s) {
        h ^= (unsigned char)*s++;
        h *= UINT64_C(1099511628211);
    }
    return (size_t)(h ^ (h >> 32));
}

/* Slot for name in a table of `slots` entries over rules: the slot holding
 * it, or the empty slot where it would go. */
static size_t crit_rule_slot(const uint32_t *table, size_t slots,
                             const struct sqlscore__rule *rules, const char *name)
{
    size_t mask = slots - 1, i = crit_name_hash(name) & mask;
    while (table[i] != 0 && strcmp(rules[table[i] - 1].name, name) != 0)
        i = (i + 1) & mask;
    return i;
}

long sqlscore__criteria_find_rule(const sqlscore_criteria *c, const char *name)
{
    size_t i;
    if (c->rule_slots == 0)
        return -1;
    i = crit_rule_slot(c->rule_index, c->rule_slots, c->rules, name);
    return c->rule_index[i] ? (long)c->rule_index[i] - 1 : -1;
}

int sqlscore__criteria_add_rule(sqlscore_criteria *c, struct sqlscore__rule *r, const char *fn)
{
    uint32_t *table = NULL;
    size_t slots = c->rule_slots, i;
    if (sqlscore__criteria_find_rule(c, r->name) >= 0) {
        int rc = sqlscore__fail(SQLSCORE_EEXIST, "%s: a rule named '%s' already exists", fn,
                                r->name);
        crit_rule_clear(r);
        return rc;
    }
    if (c->nrules >= UINT32_MAX - 1) {
        crit_rule_clear(r);
        return sqlscore__fail(SQLSCORE_ERANGE, "%s: too many rules", fn);
    }
    /* Build a larger index first, so that a failure changes nothing. */
    if ((c->nrules + 1) * 2 > slots) {
        slots = slots ? slots * 2 : 16;
        if ((table = sqlscore__calloc(slots, sizeof *table)) == NULL) {
            crit_rule_clear(r);
            return SQLSCORE_ENOMEM;
        }
        for (i = 0; i < c->nrules; i++)
            table[crit_rule_slot(table, slots, c->rules, c->rules[i].name)] = (uint32_t)i + 1;
    }
    if (sqlscore__grow((void **)&c->rules, &c->caprules, c->nrules + 1, sizeof *c->rules) !=
        SQLSCORE_OK) {
        sqlscore__free(table);
        crit_rule_clear(r);
        return SQLSCORE_ENOMEM;
    }
    if (table != NULL) {
        sqlscore__free(c->rule_index);
        c->rule_index = table;
        c->rule_slots = slots;
    }
    c->rules[c->nrules] = *r;
    c->rule_index[crit_rule_slot(c->rule_index, c->rule_slots, c->rules, r->name)] =
        (uint32_t)c->nrules + 1;
    c->nrules++;
    return SQLSCORE_OK;
}

static int crit_find_group(const sqlscore_criteria *c, const char *group, const char *fn,
                           int32_t *out)
{
    size_t i;
    int rc;
    if (group == NULL) {
        *out = -1;
        return SQLSCORE_OK;
    }
    if ((rc = sqlscore__check_name(group, fn, "group")) != SQLSCORE_OK)
        return rc;
    for (i = 0; i < c->ngroups; i++)
        if (strcmp(c->groups[i].name, group) == 0) {
            *out = (int32_t)i;
            return SQLSCORE_OK;
        }
    return sqlscore__fail(SQLSCORE_ENOTFOUND, "%s: no group '%s' (add it first)", fn, group);
}

static int crit_check_points(double points, const char *fn, const char *rule)
{
    if (isnan(points))
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: rule '%s': points are NaN", fn, rule);
    if (isinf(points))
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: rule '%s': points are infinite", fn, rule);
    if (fabs(points) > SQLSCORE__MAX_POINTS)
        return sqlscore__fail(SQLSCORE_ERANGE, "%s: rule '%s': points are outside -1e12..1e12",
                              fn, rule);
    return SQLSCORE_OK;
}

/* Common start of the add_* functions: state, name, optional predicate. */
static int crit_rule_begin(sqlscore_criteria *c, struct sqlscore__rule *r, int kind,
                           const char *name, const char *predicate, int value_only,
                           const char *fn)
{
    int rc;
    memset(r, 0, sizeof *r);
    r->kind = kind;
    r->group = -1;
    if ((rc = crit_mutable(c, fn)) != SQLSCORE_OK)
        return rc;
    if ((rc = sqlscore__check_name(name, fn, "rule name")) != SQLSCORE_OK)
        return rc;
    if (predicate != NULL) {
        char where[200];
        if (!sqlscore__utf8_valid(predicate, strlen(predicate)))
            return sqlscore__fail(SQLSCORE_EINVAL, "%s: rule '%s': predicate is not valid UTF-8",
                                  fn, name);
        if (*predicate == '\0')   /* as documented: an empty string is EINVAL, not EPARSE */
            return sqlscore__fail(SQLSCORE_EINVAL, "%s: rule '%s': predicate is empty", fn, name);
        snprintf(where, sizeof where, "%s: rule '%.80s': predicate", fn, name);
        if ((rc = sqlscore__pred_parse(&r->pred, predicate, value_only, where)) != SQLSCORE_OK)
            return rc;
    }
    if ((r->name = sqlscore__strdup(name)) == NULL) {
        sqlscore__pred_free(r->pred);
        r->pred = NULL;
        return SQLSCORE_ENOMEM;
    }
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_criteria_add_fit(sqlscore_criteria *c, const char *name,
                                           const char *predicate, double points,
                                           int32_t grade_steps, const char *group)
{
    static const char fn[] = "sqlscore_criteria_add_fit";
    struct sqlscore__rule r;
    int32_t g;
    int rc;
    if ((rc = crit_mutable(c, fn)) != SQLSCORE_OK)
        return rc;
    if ((rc = sqlscore__check_name(name, fn, "rule name")) != SQLSCORE_OK)
        return rc;
    SQLSCORE__CHECK_NULL(predicate, fn, "predicate");
    if ((rc = crit_check_points(points, fn, name)) != SQLSCORE_OK)
        return rc;
    if (grade_steps < -12 || grade_steps > 12)
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: rule '%s': %ld grade steps is outside "
                              "-12..12", fn, name, (long)grade_steps);
    if (points == 0 && grade_steps == 0)
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: rule '%s' gives neither points nor grade "
                              "steps", fn, name);
    if ((rc = crit_find_group(c, group, fn, &g)) != SQLSCORE_OK)
        return rc;
    if ((rc = crit_rule_begin(c, &r, SQLSCORE__R_FIT, name, predicate, 0, fn)) != SQLSCORE_OK)
        return rc;
    r.points = points;
    r.steps = grade_steps;
    r.group = g;
    return sqlscore__criteria_add_rule(c, &r, fn);
}

SQLSCORE_API int sqlscore_criteria_add_engagement(sqlscore_criteria *c, const char *name,
                                                  const char *event_type,
                                                  const char *value_predicate, double points,
                                                  int32_t limit, int64_t limit_window,
                                                  int32_t decay, int64_t decay_period,
                                                  double decay_percent, const char *group)
{
    static const char fn[] = "sqlscore_criteria_add_engagement";
    struct sqlscore__rule r;
    char *ev;
    int32_t g;
    int rc;
    if ((rc = crit_mutable(c, fn)) != SQLSCORE_OK)
        return rc;
    if ((rc = sqlscore__check_name(name, fn, "rule name")) != SQLSCORE_OK)
        return rc;
    if ((rc = sqlscore__check_name(event_type, fn, "event type")) != SQLSCORE_OK)
        return rc;
    if ((rc = crit_check_points(points, fn, name)) != SQLSCORE_OK)
        return rc;
    if (points == 0)
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: rule '%s' gives no points", fn, name);
    if (limit < 0)
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: rule '%s': limit %ld is negative", fn, name,
                              (long)limit);
    if (limit_window < 0)
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: rule '%s': limit window is negative", fn,
                              name);
    if (limit_window > 0 && limit == 0)
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: rule '%s': a limit window needs a limit",
                              fn, name);
    if (isnan(decay_percent) || isinf(decay_percent))
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: rule '%s': decay percent is %s", fn, name,
                              isnan(decay_percent) ? "NaN" : "infinite");
    switch (decay) {
    case SQLSCORE_DECAY_NONE:
        if (decay_period != 0 || decay_percent != 0)
            return sqlscore__fail(SQLSCORE_EINVAL, "%s: rule '%s': no decay takes no period "
                                  "or percent", fn, name);
        break;
    case SQLSCORE_DECAY_LINEAR:
        if (!(decay_percent > 0 && decay_percent <= 100))
            return sqlscore__fail(SQLSCORE_EINVAL, "%s: rule '%s': linear decay percent must be "
                                  "in (0, 100]", fn, name);
        /* fall through */
    case SQLSCORE_DECAY_HALF_LIFE:
    case SQLSCORE_DECAY_WINDOW:
        if (decay_period <= 0)
            return sqlscore__fail(SQLSCORE_EINVAL, "%s: rule '%s': decay period must be "
                                  "positive", fn, name);
        if (decay != SQLSCORE_DECAY_LINEAR && decay_percent != 0)
            return sqlscore__fail(SQLSCORE_EINVAL, "%s: rule '%s': only linear decay takes a "
                                  "percent", fn, name);
        break;
    default:
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: rule '%s': decay %ld is not a "
                              "SQLSCORE_DECAY_ value", fn, name, (long)decay);
    }
    if ((rc = crit_find_group(c, group, fn, &g)) != SQLSCORE_OK)
        return rc;
    if ((ev = sqlscore__strdup(event_type)) == NULL)
        return SQLSCORE_ENOMEM;
    if ((rc = crit_rule_begin(c, &r, SQLSCORE__R_ENGAGEMENT, name, value_predicate, 1, fn)) !=
        SQLSCORE_OK) {
        sqlscore__free(ev);
        return rc;
    }
    r.event = ev;
    r.points = points;
    r.group = g;
    r.limit = limit;
    r.limit_window = limit_window;
    r.decay = decay;
    r.period = decay_period;
    r.percent = decay_percent;
    return sqlscore__criteria_add_rule(c, &r, fn);
}

static int crit_add_condition(sqlscore_criteria *c, int kind, const char *name,
                              const char *predicate, const char *fn)
{
    struct sqlscore__rule r;
    int rc;
    if ((rc = crit_mutable(c, fn)) != SQLSCORE_OK)
        return rc;
    if ((rc = sqlscore__check_name(name, fn, "rule name")) != SQLSCORE_OK)
        return rc;
    SQLSCORE__CHECK_NULL(predicate, fn, "predicate");
    if ((rc = crit_rule_begin(c, &r, kind, name, predicate, 0, fn)) != SQLSCORE_OK)
        return rc;
    return sqlscore__criteria_add_rule(c, &r, fn);
}

SQLSCORE_API int sqlscore_criteria_add_disqualifier(sqlscore_criteria *c, const char *name,
                                                    const char *predicate)
{
    return crit_add_condition(c, SQLSCORE__R_DISQUALIFY, name, predicate,
                              "sqlscore_criteria_add_disqualifier");
}

SQLSCORE_API int sqlscore_criteria_add_gate(sqlscore_criteria *c, const char *name,
                                            const char *predicate)
{
    return crit_add_condition(c, SQLSCORE__R_GATE, name, predicate, "sqlscore_criteria_add_gate");
}

static int crit_set_threshold(sqlscore_criteria *c, double score, int32_t grade, int sql,
                              const char *fn)
{
    int rc;
    if ((rc = crit_mutable(c, fn)) != SQLSCORE_OK)
        return rc;
    if (isnan(score) || isinf(score))
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: threshold is %s", fn,
                              isnan(score) ? "NaN" : "infinite");
    if (fabs(score) > SQLSCORE__MAX_POINTS)
        return sqlscore__fail(SQLSCORE_ERANGE, "%s: threshold is outside -1e12..1e12", fn);
    if (grade != SQLSCORE_GRADE_NONE && (grade < SQLSCORE_GRADE_F || grade > SQLSCORE_GRADE_A_PLUS))
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: grade %ld is not a SQLSCORE_GRADE_ value", fn,
                              (long)grade);
    if (sql) {
        c->has_sql = 1;
        c->sql = score;
        c->sql_grade = grade;
    } else {
        c->has_mql = 1;
        c->mql = score;
        c->mql_grade = grade;
    }
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_criteria_set_mql(sqlscore_criteria *c, double score, int32_t min_grade)
{
    return crit_set_threshold(c, score, min_grade, 0, "sqlscore_criteria_set_mql");
}

SQLSCORE_API int sqlscore_criteria_set_sql(sqlscore_criteria *c, double score, int32_t min_grade)
{
    return crit_set_threshold(c, score, min_grade, 1, "sqlscore_criteria_set_sql");
}

/* ---- freezing ------------------------------------------------------------ */

static int crit_slot_add(char ***slots, size_t *n, size_t *cap, const char *name, int32_t *idx)
{
    size_t i;
    char *nm;
    for (i = 0; i < *n; i++)
        if (strcmp((*slots)[i], name) == 0) {
            *idx = (int32_t)i;
            return SQLSCORE_OK;
        }
    if ((nm = sqlscore__strdup(name)) == NULL)
        return SQLSCORE_ENOMEM;
    if (sqlscore__grow((void **)slots, cap, *n + 1, sizeof **slots) != SQLSCORE_OK) {
        sqlscore__free(nm);
        return SQLSCORE_ENOMEM;
    }
    (*slots)[*n] = nm;
    *idx = (int32_t)(*n)++;
    return SQLSCORE_OK;
}

/* Walk a predicate: check checklist items against the framework, collect
 * attribute names into slots (stored in the nodes only when assign). */
static int crit_walk(const sqlscore_criteria *c, struct sqlscore__pred *p, char ***slots,
                     size_t *n, size_t *cap, int assign, const char **bad_item)
{
    int rc;
    int32_t idx;
    if (p == NULL)
        return SQLSCORE_OK;
    if (p->kind == SQLSCORE__P_CHECK) {
        static const char *const bant[] = { "budget", "authority", "need", "timeline" };
        size_t i, ni = c->framework ? c->nitems : 4;
        for (i = 0; i < ni; i++)
            if (strcmp(c->framework ? c->items[i] : bant[i], p->name) == 0)
                return SQLSCORE_OK;
        *bad_item = p->name;
        return SQLSCORE_ENOTFOUND;
    }
    if (p->name != NULL) {
        if ((rc = crit_slot_add(slots, n, cap, p->name, &idx)) != SQLSCORE_OK)
            return rc;
        if (assign)
            p->slot = idx;
    }
    if ((rc = crit_walk(c, p->a, slots, n, cap, assign, bad_item)) != SQLSCORE_OK)
        return rc;
    return crit_walk(c, p->b, slots, n, cap, assign, bad_item);
}

/* Errors found when the whole text is read point at the rule's line, or
 * for whole-criteria problems at the end of the text. */
static int crit_fail_at(const char *where_file, int eof_line, const struct sqlscore__rule *r,
                        int code, const char *msg)
{
    if (where_file != NULL)     /* the text is at fault: a parse error */
        return sqlscore__fail(SQLSCORE_EPARSE, "%s:%d:1: %s", where_file,
                              r != NULL && r->line > 0 ? r->line : eof_line, msg);
    return sqlscore__fail(code, "sqlscore_criteria_build: %s", msg);
}

int sqlscore__criteria_finish(sqlscore_criteria *c, const char *where_file, int eof_line)
{
    char msg[300];
    char **slots = NULL;
    size_t nslots = 0, cap = 0, i, nscored = 0;
    int rc = SQLSCORE_OK, pass;

    for (i = 0; i < c->nrules; i++)
        if (c->rules[i].kind == SQLSCORE__R_FIT || c->rules[i].kind == SQLSCORE__R_ENGAGEMENT)
            nscored++;
    if (nscored == 0) {
        snprintf(msg, sizeof msg, "criteria '%.100s' has no fit or engagement rules", c->name);
        return crit_fail_at(where_file, eof_line, NULL, SQLSCORE_EINVAL, msg);
    }
    if (!c->has_mql || !c->has_sql) {
        snprintf(msg, sizeof msg, "criteria '%.100s' has no %s threshold", c->name,
                 !c->has_mql ? "MQL" : "SQL");
        return crit_fail_at(where_file, eof_line, NULL, SQLSCORE_EINVAL, msg);
    }
    if (c->sql < c->mql) {
        snprintf(msg, sizeof msg, "contradictory thresholds: SQL at %.17g is below MQL at %.17g",
                 c->sql, c->mql);
        return crit_fail_at(where_file, eof_line, NULL, SQLSCORE_EINVAL, msg);
    }
    if (c->sql_grade != SQLSCORE_GRADE_NONE && c->mql_grade != SQLSCORE_GRADE_NONE &&
        c->sql_grade < c->mql_grade) {
        snprintf(msg, sizeof msg, "contradictory thresholds: SQL grade %s is below MQL grade %s",
                 sqlscore__grade_name(c->sql_grade), sqlscore__grade_name(c->mql_grade));
        return crit_fail_at(where_file, eof_line, NULL, SQLSCORE_EINVAL, msg);
    }
    /* Pass 0 checks and collects without touching the nodes, so a failure
     * leaves the criteria as it was; pass 1 assigns the slots. */
    for (pass = 0; pass < 2; pass++) {
        for (i = 0; i < c->nrules; i++) {
            const char *bad = NULL;
            struct sqlscore__rule *r = &c->rules[i];
            if (r->kind == SQLSCORE__R_ENGAGEMENT)
                continue;     /* value predicates name no attributes */
            rc = crit_walk(c, r->pred, &slots, &nslots, &cap, pass, &bad);
            if (rc == SQLSCORE_ENOTFOUND) {
                snprintf(msg, sizeof msg, "rule '%.80s': checklist item '%.80s' is not in "
                         "framework '%.60s'", r->name, bad, c->framework ? c->framework : "BANT");
                rc = crit_fail_at(where_file, eof_line, r, SQLSCORE_EINVAL, msg);
            }
            if (rc != SQLSCORE_OK)
                goto fail;
        }
    }
    c->slots = slots;
    c->nslots = nslots;
    c->built = 1;
    return SQLSCORE_OK;
fail:
    for (i = 0; i < nslots; i++)
        sqlscore__free(slots[i]);
    sqlscore__free(slots);
    return rc;
}

SQLSCORE_API int sqlscore_criteria_build(sqlscore_criteria *c)
{
    int rc;
    if ((rc = crit_mutable(c, "sqlscore_criteria_build")) != SQLSCORE_OK)
        return rc;
    return sqlscore__criteria_finish(c, NULL, 0);
}

SQLSCORE_API int sqlscore_criteria_name(const sqlscore_criteria *c, const char **name,
                                        int32_t *version)
{
    static const char fn[] = "sqlscore_criteria_name";
    SQLSCORE__CHECK_NULL(c, fn, "criteria");
    if (name)
        *name = c->name;
    if (version)
        *version = c->version;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_criteria_framework(const sqlscore_criteria *c, const char **name,
                                             size_t *count)
{
    static const char fn[] = "sqlscore_criteria_framework";
    SQLSCORE__CHECK_NULL(c, fn, "criteria");
    if (name)
        *name = c->framework ? c->framework : "BANT";
    if (count)
        *count = c->framework ? c->nitems : 4;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_criteria_framework_item(const sqlscore_criteria *c, size_t index,
                                                  const char **item)
{
    static const char fn[] = "sqlscore_criteria_framework_item";
    static const char *const bant[] = { "budget", "authority", "need", "timeline" };
    size_t n;
    SQLSCORE__CHECK_NULL(c, fn, "criteria");
    SQLSCORE__CHECK_NULL(item, fn, "item");
    n = c->framework ? c->nitems : 4;
    if (index >= n)
        return sqlscore__fail(SQLSCORE_ENOTFOUND, "%s: index %zu is past the %zu items", fn,
                              index, n);
    *item = c->framework ? c->items[index] : bant[index];
    return SQLSCORE_OK;
}
