/*
 * funnel.c - funnel definitions: ordered main stages with optional dwell-time
 * limits (SLA stages), side stages, skip policy and the SQL stage.
 *
 * A funnel is mutable until sqlscore_funnel_build() and immutable after, so
 * a built funnel can be shared between threads without locks.
 */
#include "funnel_internal.h"

#include <string.h>

static const char *const funnel_side_names[3] = { "nurture", "disqualified", "lost" };

int sqlscore__stage_ident_ok(const char *s, size_t n)
{
    size_t i = 0;
    if (n == 0 || n > SQLSCORE__STAGE_NAME_MAX)
        return 0;
    if (s[0] >= '0' && s[0] <= '9')
        return 0;
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        /* Any non-ASCII byte belongs to a letter of some script: the library
         * has no Unicode category tables and names in Cyrillic or Greek must
         * work. */
        if (c >= 0x80 || c == '_' || (c >= '0' && c <= '9') ||
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
            continue;
        return 0;
    }
    return sqlscore__utf8_valid(s, n);
}

int32_t sqlscore__funnel_find(const sqlscore_funnel *f, const char *name)
{
    int32_t i;
    for (i = 0; i < f->n_stages; i++)
        if (sqlscore__utf8_casecmp(f->stages[i].name, name) == 0)
            return i;
    return -1;
}

static int funnel_check_name(const char *name, const char *fn, const char *what)
{
    int rc = sqlscore__check_text(name, fn, what);
    if (rc != SQLSCORE_OK)
        return rc;
    if (!sqlscore__stage_ident_ok(name, strlen(name)))
        return sqlscore__fail(SQLSCORE_EINVAL,
                              "%s: %s '%s' is not an identifier (1 to %d bytes of "
                              "letters, digits and '_', not starting with a digit)",
                              fn, what, name, SQLSCORE__STAGE_NAME_MAX);
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_funnel_new(sqlscore_funnel **out, const char *name)
{
    static const char fn[] = "sqlscore_funnel_new";
    sqlscore_funnel *f;
    int rc;
    SQLSCORE__CHECK_NULL(out, fn, "out");
    if ((rc = funnel_check_name(name, fn, "name")) != SQLSCORE_OK)
        return rc;
    f = sqlscore__calloc(1, sizeof *f);
    if (f == NULL)
        return SQLSCORE_ENOMEM;
    f->name = sqlscore__strdup(name);
    f->sql_name = sqlscore__strdup("sql");
    if (f->name == NULL || f->sql_name == NULL) {
        sqlscore_funnel_free(f);
        return SQLSCORE_ENOMEM;
    }
    f->side_mask = SQLSCORE_FUNNEL_SIDE_ALL;
    f->skip = SQLSCORE_FUNNEL_SKIP_ALLOWED;
    f->sql = f->nurture = f->disqualified = f->lost = -1;
    *out = f;
    return SQLSCORE_OK;
}

SQLSCORE_API void sqlscore_funnel_free(sqlscore_funnel *funnel)
{
    int32_t i;
    if (funnel == NULL)
        return;
    for (i = 0; i < funnel->n_stages; i++)
        sqlscore__free(funnel->stages[i].name);
    sqlscore__free(funnel->stages);
    sqlscore__free(funnel->name);
    sqlscore__free(funnel->sql_name);
    sqlscore__free(funnel);
}

static int funnel_check_mutable(const sqlscore_funnel *f, const char *fn)
{
    SQLSCORE__CHECK_NULL(f, fn, "funnel");
    if (f->built)
        return sqlscore__fail(SQLSCORE_ESTATE, "%s: funnel '%s' is already built",
                              fn, f->name);
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_funnel_add_stage(sqlscore_funnel *funnel, const char *name,
                                           int64_t max_dwell)
{
    static const char fn[] = "sqlscore_funnel_add_stage";
    struct sqlscore__funnel_stage *st;
    char *copy;
    int rc, i;
    if ((rc = funnel_check_mutable(funnel, fn)) != SQLSCORE_OK)
        return rc;
    if ((rc = funnel_check_name(name, fn, "stage name")) != SQLSCORE_OK)
        return rc;
    for (i = 0; i < 3; i++)
        if (sqlscore__utf8_casecmp(name, funnel_side_names[i]) == 0)
            return sqlscore__fail(SQLSCORE_EINVAL,
                                  "%s: '%s' is reserved for the side stage", fn, name);
    if (max_dwell < 0)
        return sqlscore__fail(SQLSCORE_EINVAL,
                              "%s: stage '%s': max_dwell %lld is negative", fn, name,
                              (long long)max_dwell);
    if (sqlscore__funnel_find(funnel, name) >= 0)
        return sqlscore__fail(SQLSCORE_EEXIST, "%s: funnel '%s' already has a stage '%s'",
                              fn, funnel->name, name);
    if (funnel->n_main >= SQLSCORE_FUNNEL_MAX_STAGES)
        return sqlscore__fail(SQLSCORE_ERANGE, "%s: funnel '%s' already has %d stages",
                              fn, funnel->name, SQLSCORE_FUNNEL_MAX_STAGES);
    if ((copy = sqlscore__strdup(name)) == NULL)
        return SQLSCORE_ENOMEM;
    /* Room for the side stages too, so build never allocates. */
    if (sqlscore__grow((void **)&funnel->stages, &funnel->cap,
                       (size_t)funnel->n_main + 4, sizeof *funnel->stages) != SQLSCORE_OK) {
        sqlscore__free(copy);
        return SQLSCORE_ENOMEM;
    }
    st = &funnel->stages[funnel->n_main];
    st->name = copy;
    st->max_dwell = max_dwell;
    st->kind = SQLSCORE_STAGE_KIND_MAIN;
    funnel->n_main++;
    funnel->n_stages = funnel->n_main;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_funnel_set_side_stages(sqlscore_funnel *funnel, int32_t mask)
{
    static const char fn[] = "sqlscore_funnel_set_side_stages";
    int rc;
    if ((rc = funnel_check_mutable(funnel, fn)) != SQLSCORE_OK)
        return rc;
    if (mask & ~SQLSCORE_FUNNEL_SIDE_ALL)
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: mask 0x%x has unknown bits", fn,
                              (unsigned)mask);
    funnel->side_mask = mask;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_funnel_set_skip(sqlscore_funnel *funnel, int32_t policy)
{
    static const char fn[] = "sqlscore_funnel_set_skip";
    int rc;
    if ((rc = funnel_check_mutable(funnel, fn)) != SQLSCORE_OK)
        return rc;
    if (policy != SQLSCORE_FUNNEL_SKIP_ALLOWED && policy != SQLSCORE_FUNNEL_SKIP_FORBIDDEN)
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: unknown skip policy %d", fn,
                              (int)policy);
    funnel->skip = policy;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_funnel_set_sql_stage(sqlscore_funnel *funnel, const char *name)
{
    static const char fn[] = "sqlscore_funnel_set_sql_stage";
    char *copy;
    int rc;
    if ((rc = funnel_check_mutable(funnel, fn)) != SQLSCORE_OK)
        return rc;
    if ((rc = funnel_check_name(name, fn, "stage name")) != SQLSCORE_OK)
        return rc;
    if ((copy = sqlscore__strdup(name)) == NULL)
        return SQLSCORE_ENOMEM;
    sqlscore__free(funnel->sql_name);
    funnel->sql_name = copy;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_funnel_build(sqlscore_funnel *funnel)
{
    static const char fn[] = "sqlscore_funnel_build";
    static const int32_t kinds[3] = { SQLSCORE_STAGE_KIND_NURTURE,
                                      SQLSCORE_STAGE_KIND_DISQUALIFIED,
                                      SQLSCORE_STAGE_KIND_LOST };
    int32_t sql, i, n;
    char *side[3] = { NULL, NULL, NULL };
    SQLSCORE__CHECK_NULL(funnel, fn, "funnel");
    if (funnel->built)
        return SQLSCORE_OK;
    if (funnel->n_main < 2)
        return sqlscore__fail(SQLSCORE_EINVAL,
                              "%s: funnel '%s' has %d main stage(s), needs at least 2",
                              fn, funnel->name, (int)funnel->n_main);
    sql = sqlscore__funnel_find(funnel, funnel->sql_name);
    if (sql < 0)
        return sqlscore__fail(SQLSCORE_ENOTFOUND,
                              "%s: funnel '%s' has no stage '%s' to be its SQL stage",
                              fn, funnel->name, funnel->sql_name);
    if (sql == funnel->n_main - 1)
        return sqlscore__fail(SQLSCORE_ENOTFOUND,
                              "%s: funnel '%s': the SQL stage '%s' cannot be the last "
                              "(won) stage", fn, funnel->name, funnel->sql_name);
    for (i = 0; i < 3; i++) {
        if (!(funnel->side_mask & (1 << i)))
            continue;
        if ((side[i] = sqlscore__strdup(funnel_side_names[i])) == NULL) {
            sqlscore__free(side[0]);
            sqlscore__free(side[1]);
            return SQLSCORE_ENOMEM;
        }
    }
    /* Everything that can fail is done; commit. */
    n = funnel->n_main;
    funnel->stages[n - 1].kind = SQLSCORE_STAGE_KIND_WON;
    for (i = 0; i < 3; i++) {
        int32_t *slot = i == 0 ? &funnel->nurture : i == 1 ? &funnel->disqualified
                                                            : &funnel->lost;
        if (side[i] == NULL)
            continue;
        funnel->stages[n].name = side[i];
        funnel->stages[n].max_dwell = 0;
        funnel->stages[n].kind = kinds[i];
        *slot = n++;
    }
    funnel->n_stages = n;
    funnel->sql = sql;
    funnel->built = 1;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_funnel_new_default(sqlscore_funnel **out)
{
    static const char *const names[6] = { "inquiry", "mql", "sal", "sql",
                                          "opportunity", "customer" };
    sqlscore_funnel *f;
    int rc, i;
    SQLSCORE__CHECK_NULL(out, "sqlscore_funnel_new_default", "out");
    if ((rc = sqlscore_funnel_new(&f, "default")) != SQLSCORE_OK)
        return rc;
    for (i = 0; i < 6; i++)
        if ((rc = sqlscore_funnel_add_stage(f, names[i], 0)) != SQLSCORE_OK) {
            sqlscore_funnel_free(f);
            return rc;
        }
    if ((rc = sqlscore_funnel_build(f)) != SQLSCORE_OK) {
        sqlscore_funnel_free(f);
        return rc;
    }
    *out = f;
    return SQLSCORE_OK;
}

static int funnel_check_built(const sqlscore_funnel *f, const char *fn)
{
    SQLSCORE__CHECK_NULL(f, fn, "funnel");
    if (!f->built)
        return sqlscore__fail(SQLSCORE_ESTATE, "%s: funnel '%s' is not built yet "
                              "(call sqlscore_funnel_build)", fn, f->name);
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_funnel_name(const sqlscore_funnel *funnel, const char **name)
{
    SQLSCORE__CHECK_NULL(funnel, "sqlscore_funnel_name", "funnel");
    SQLSCORE__CHECK_NULL(name, "sqlscore_funnel_name", "name");
    *name = funnel->name;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_funnel_stage_count(const sqlscore_funnel *funnel, int32_t *count)
{
    static const char fn[] = "sqlscore_funnel_stage_count";
    int rc;
    if ((rc = funnel_check_built(funnel, fn)) != SQLSCORE_OK)
        return rc;
    SQLSCORE__CHECK_NULL(count, fn, "count");
    *count = funnel->n_stages;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_funnel_stage_find(const sqlscore_funnel *funnel, const char *name,
                                            int32_t *index)
{
    static const char fn[] = "sqlscore_funnel_stage_find";
    int32_t i;
    int rc;
    if ((rc = funnel_check_built(funnel, fn)) != SQLSCORE_OK)
        return rc;
    if ((rc = sqlscore__check_text(name, fn, "name")) != SQLSCORE_OK)
        return rc;
    SQLSCORE__CHECK_NULL(index, fn, "index");
    if ((i = sqlscore__funnel_find(funnel, name)) < 0)
        return sqlscore__fail(SQLSCORE_ENOTFOUND, "%s: funnel '%s' has no stage '%s'",
                              fn, funnel->name, name);
    *index = i;
    return SQLSCORE_OK;
}

static int funnel_check_index(const sqlscore_funnel *f, int32_t index, const char *fn)
{
    if (index < 0 || index >= f->n_stages)
        return sqlscore__fail(SQLSCORE_ENOTFOUND,
                              "%s: funnel '%s' has no stage index %d (it has %d stages)",
                              fn, f->name, (int)index, (int)f->n_stages);
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_funnel_stage_name(const sqlscore_funnel *funnel, int32_t index,
                                            const char **name)
{
    static const char fn[] = "sqlscore_funnel_stage_name";
    int rc;
    if ((rc = funnel_check_built(funnel, fn)) != SQLSCORE_OK)
        return rc;
    SQLSCORE__CHECK_NULL(name, fn, "name");
    if ((rc = funnel_check_index(funnel, index, fn)) != SQLSCORE_OK)
        return rc;
    *name = funnel->stages[index].name;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_funnel_stage_kind(const sqlscore_funnel *funnel, int32_t index,
                                            int32_t *kind, int64_t *max_dwell)
{
    static const char fn[] = "sqlscore_funnel_stage_kind";
    int rc;
    if ((rc = funnel_check_built(funnel, fn)) != SQLSCORE_OK)
        return rc;
    if ((rc = funnel_check_index(funnel, index, fn)) != SQLSCORE_OK)
        return rc;
    if (kind != NULL)
        *kind = funnel->stages[index].kind;
    if (max_dwell != NULL)
        *max_dwell = funnel->stages[index].max_dwell;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_funnel_info(const sqlscore_funnel *funnel, int32_t *sql_stage,
                                      int32_t *skip, int32_t *side_mask)
{
    int rc;
    if ((rc = funnel_check_built(funnel, "sqlscore_funnel_info")) != SQLSCORE_OK)
        return rc;
    if (sql_stage != NULL)
        *sql_stage = funnel->sql;
    if (skip != NULL)
        *skip = funnel->skip;
    if (side_mask != NULL)
        *side_mask = funnel->side_mask;
    return SQLSCORE_OK;
}

int sqlscore__funnel_clone(sqlscore_funnel **out, const sqlscore_funnel *f)
{
    sqlscore_funnel *c;
    int32_t i;
    c = sqlscore__calloc(1, sizeof *c);
    if (c == NULL)
        return SQLSCORE_ENOMEM;
    *c = *f;
    c->name = NULL;
    c->sql_name = NULL;
    c->stages = NULL;
    c->n_stages = 0;
    c->cap = (size_t)f->n_main + 4;
    if ((c->name = sqlscore__strdup(f->name)) == NULL ||
        (c->sql_name = sqlscore__strdup(f->sql_name)) == NULL ||
        (c->stages = sqlscore__calloc(c->cap, sizeof *c->stages)) == NULL) {
        sqlscore_funnel_free(c);
        return SQLSCORE_ENOMEM;
    }
    for (i = 0; i < f->n_stages; i++) {
        c->stages[i] = f->stages[i];
        if ((c->stages[i].name = sqlscore__strdup(f->stages[i].name)) == NULL) {
            sqlscore_funnel_free(c);
            return SQLSCORE_ENOMEM;
        }
        c->n_stages = i + 1;
    }
    *out = c;
    return SQLSCORE_OK;
}
