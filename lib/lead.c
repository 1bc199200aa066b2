/*
 * lead.c - the lead handle: identifier, typed attributes, qualification
 * checklist and the engagement-event ledger.
 *
 * Every mutator validates and allocates before it touches the handle, so a
 * failed call leaves the lead exactly as it was.
 */
#include "lead_internal.h"
#include "funnel_internal.h"
#include "money_internal.h"

#include <math.h>
#include <string.h>

static const char *const leadh_bant_items[] = { "budget", "authority", "need", "timeline" };

static int leadh_check_name(const char *s, const char *fn, const char *what)
{
    int rc = sqlscore__check_text(s, fn, what);
    if (rc != SQLSCORE_OK)
        return rc;
    if (*s == '\0')
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: %s is empty", fn, what);
    return SQLSCORE_OK;
}

/* Index of name in the sorted attribute array, or the insertion point
 * encoded as -(pos + 1). */
static long leadh_attr_search(const sqlscore_lead *lead, const char *name)
{
    size_t lo = 0, hi = lead->nattrs;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(lead->attrs[mid].name, name);
        if (c == 0)
            return (long)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -(long)lo - 1;
}

const struct sqlscore__attr *sqlscore__lead_find_attr(const sqlscore_lead *lead,
                                                      const char *name)
{
    long k = leadh_attr_search(lead, name);
    return k >= 0 ? &lead->attrs[k] : NULL;
}

int32_t sqlscore__lead_check_state(const sqlscore_lead *lead, const char *name)
{
    size_t i;
    for (i = 0; i < lead->nitems; i++)
        if (strcmp(lead->items[i].name, name) == 0)
            return lead->items[i].state;
    return -1;
}

struct sqlscore__stage_history **sqlscore__lead_stages(sqlscore_lead *lead)
{
    return &lead->stages;
}

const struct sqlscore__stage_history *sqlscore__lead_stages_const(const sqlscore_lead *lead)
{
    return lead->stages;
}

static void leadh_free_items(struct sqlscore__check_item *items, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        sqlscore__free(items[i].name);
    sqlscore__free(items);
}

/* A fresh item list: names copied from names[], states taken from the
 * lead's current items of the same name (unknown otherwise). */
static int leadh_make_items(struct sqlscore__check_item **out, const sqlscore_lead *lead,
                           const char *const *names, size_t n)
{
    struct sqlscore__check_item *items;
    size_t i;
    items = sqlscore__calloc(n, sizeof *items);
    if (items == NULL)
        return SQLSCORE_ENOMEM;
    for (i = 0; i < n; i++) {
        int32_t st = lead ? sqlscore__lead_check_state(lead, names[i]) : -1;
        items[i].state = st < 0 ? SQLSCORE_CHECK_UNKNOWN : st;
        if ((items[i].name = sqlscore__strdup(names[i])) == NULL) {
            leadh_free_items(items, i);
            return SQLSCORE_ENOMEM;
        }
    }
    *out = items;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_lead_new(sqlscore_lead **out, const char *id)
{
    static const char fn[] = "sqlscore_lead_new";
    sqlscore_lead *lead;
    int rc;
    SQLSCORE__CHECK_NULL(out, fn, "out");
    if ((rc = leadh_check_name(id, fn, "id")) != SQLSCORE_OK)
        return rc;
    lead = sqlscore__calloc(1, sizeof *lead);
    if (lead == NULL)
        return SQLSCORE_ENOMEM;
    if ((lead->id = sqlscore__strdup(id)) == NULL ||
        (lead->framework = sqlscore__strdup("BANT")) == NULL ||
        leadh_make_items(&lead->items, NULL, leadh_bant_items, 4) != SQLSCORE_OK) {
        sqlscore_lead_free(lead);
        return SQLSCORE_ENOMEM;
    }
    lead->nitems = 4;
    *out = lead;
    return SQLSCORE_OK;
}

static void leadh_attr_clear(struct sqlscore__attr *a)
{
    sqlscore__free(a->name);
    sqlscore__free(a->text);
}

static void leadh_event_clear(struct sqlscore__event *e)
{
    sqlscore__free(e->type);
    sqlscore__free(e->campaign);
}

SQLSCORE_API void sqlscore_lead_free(sqlscore_lead *lead)
{
    size_t i;
    if (lead == NULL)
        return;
    for (i = 0; i < lead->nattrs; i++)
        leadh_attr_clear(&lead->attrs[i]);
    sqlscore__free(lead->attrs);
    for (i = 0; i < lead->nevents; i++)
        leadh_event_clear(&lead->events[i]);
    sqlscore__free(lead->events);
    if (lead->items)
        leadh_free_items(lead->items, lead->nitems);
    sqlscore__free(lead->framework);
    sqlscore__stage_history_free(lead->stages);
    sqlscore__free(lead->id);
    sqlscore__free(lead);
}

static char *leadh_dup_opt(const char *s, int *fail)
{
    char *p;
    if (s == NULL)
        return NULL;
    p = sqlscore__strdup(s);
    if (p == NULL)
        *fail = 1;
    return p;
}

SQLSCORE_API int sqlscore_lead_clone(sqlscore_lead **out, const sqlscore_lead *lead)
{
    static const char fn[] = "sqlscore_lead_clone";
    sqlscore_lead *c;
    size_t i;
    int fail = 0;
    SQLSCORE__CHECK_NULL(out, fn, "out");
    SQLSCORE__CHECK_NULL(lead, fn, "lead");
    c = sqlscore__calloc(1, sizeof *c);
    if (c == NULL)
        return SQLSCORE_ENOMEM;
    c->id = leadh_dup_opt(lead->id, &fail);
    c->framework = leadh_dup_opt(lead->framework, &fail);
    if (!fail && lead->nattrs > 0) {
        c->attrs = sqlscore__calloc(lead->nattrs, sizeof *c->attrs);
        if (c->attrs == NULL)
            fail = 1;
        else
            c->capattrs = lead->nattrs;
        for (i = 0; !fail && i < lead->nattrs; i++) {
            c->attrs[i] = lead->attrs[i];
            c->attrs[i].name = NULL;
            c->attrs[i].text = NULL;
            c->nattrs = i + 1;
            c->attrs[i].name = leadh_dup_opt(lead->attrs[i].name, &fail);
            c->attrs[i].text = leadh_dup_opt(lead->attrs[i].text, &fail);
        }
    }
    if (!fail) {
        const char **names = sqlscore__calloc(lead->nitems ? lead->nitems : 1, sizeof *names);
        if (names == NULL)
            fail = 1;
        else {
            for (i = 0; i < lead->nitems; i++)
                names[i] = lead->items[i].name;
            if (leadh_make_items(&c->items, lead, names, lead->nitems) != SQLSCORE_OK)
                fail = 1;
            else
                c->nitems = lead->nitems;
            sqlscore__free((void *)names);
        }
    }
    if (!fail && lead->nevents > 0) {
        c->events = sqlscore__calloc(lead->nevents, sizeof *c->events);
        if (c->events == NULL)
            fail = 1;
        else
            c->capevents = lead->nevents;
        for (i = 0; !fail && i < lead->nevents; i++) {
            c->events[i] = lead->events[i];
            c->events[i].type = NULL;
            c->events[i].campaign = NULL;
            c->nevents = i + 1;
            c->events[i].type = leadh_dup_opt(lead->events[i].type, &fail);
            c->events[i].campaign = leadh_dup_opt(lead->events[i].campaign, &fail);
        }
    }
    if (!fail && sqlscore__stage_history_clone(&c->stages, lead->stages) != SQLSCORE_OK)
        fail = 1;
    if (fail) {
        sqlscore_lead_free(c);
        return SQLSCORE_ENOMEM;
    }
    *out = c;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_lead_id(const sqlscore_lead *lead, const char **id)
{
    SQLSCORE__CHECK_NULL(lead, "sqlscore_lead_id", "lead");
    SQLSCORE__CHECK_NULL(id, "sqlscore_lead_id", "id");
    *id = lead->id;
    return SQLSCORE_OK;
}

/* ---- attributes ---------------------------------------------------------- */

/* Store a prepared value under name; takes ownership of text (freed on
 * failure too). */
static int leadh_attr_store(sqlscore_lead *lead, const char *name, struct sqlscore__attr *v)
{
    long k = leadh_attr_search(lead, name);
    if (k >= 0) {
        struct sqlscore__attr *a = &lead->attrs[k];
        sqlscore__free(a->text);
        v->name = a->name;
        *a = *v;
        return SQLSCORE_OK;
    } else {
        size_t pos = (size_t)(-k - 1);
        char *nm = sqlscore__strdup(name);
        if (nm == NULL ||
            sqlscore__grow((void **)&lead->attrs, &lead->capattrs, lead->nattrs + 1,
                           sizeof *lead->attrs) != SQLSCORE_OK) {
            sqlscore__free(nm);
            sqlscore__free(v->text);
            return SQLSCORE_ENOMEM;
        }
        memmove(&lead->attrs[pos + 1], &lead->attrs[pos],
                (lead->nattrs - pos) * sizeof *lead->attrs);
        v->name = nm;
        lead->attrs[pos] = *v;
        lead->nattrs++;
        return SQLSCORE_OK;
    }
}

static int leadh_set_prologue(const sqlscore_lead *lead, const char *name, const char *fn)
{
    SQLSCORE__CHECK_NULL(lead, fn, "lead");
    return leadh_check_name(name, fn, "attribute name");
}

SQLSCORE_API int sqlscore_lead_set_text(sqlscore_lead *lead, const char *name, const char *value)
{
    static const char fn[] = "sqlscore_lead_set_text";
    struct sqlscore__attr v;
    int rc;
    if ((rc = leadh_set_prologue(lead, name, fn)) != SQLSCORE_OK)
        return rc;
    if (value == NULL)
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: attribute '%s': value is NULL", fn, name);
    if (!sqlscore__utf8_valid(value, strlen(value)))
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: attribute '%s': value is not valid UTF-8",
                              fn, name);
    memset(&v, 0, sizeof v);
    v.type = SQLSCORE_ATTR_TEXT;
    if ((v.text = sqlscore__strdup(value)) == NULL)
        return SQLSCORE_ENOMEM;
    return leadh_attr_store(lead, name, &v);
}

SQLSCORE_API int sqlscore_lead_set_number(sqlscore_lead *lead, const char *name, double value)
{
    static const char fn[] = "sqlscore_lead_set_number";
    struct sqlscore__attr v;
    int rc;
    if ((rc = leadh_set_prologue(lead, name, fn)) != SQLSCORE_OK)
        return rc;
    if (isnan(value))
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: attribute '%s': value is NaN", fn, name);
    if (isinf(value))
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: attribute '%s': value is infinite", fn, name);
    memset(&v, 0, sizeof v);
    v.type = SQLSCORE_ATTR_NUMBER;
    v.num = value;
    return leadh_attr_store(lead, name, &v);
}

static int leadh_set_i64(sqlscore_lead *lead, const char *name, int64_t value, int32_t type,
                        const char *fn)
{
    struct sqlscore__attr v;
    int rc;
    if ((rc = leadh_set_prologue(lead, name, fn)) != SQLSCORE_OK)
        return rc;
    memset(&v, 0, sizeof v);
    v.type = type;
    v.i = value;
    return leadh_attr_store(lead, name, &v);
}

SQLSCORE_API int sqlscore_lead_set_integer(sqlscore_lead *lead, const char *name, int64_t value)
{
    return leadh_set_i64(lead, name, value, SQLSCORE_ATTR_INTEGER, "sqlscore_lead_set_integer");
}

SQLSCORE_API int sqlscore_lead_set_time(sqlscore_lead *lead, const char *name, int64_t value)
{
    return leadh_set_i64(lead, name, value, SQLSCORE_ATTR_TIME, "sqlscore_lead_set_time");
}

SQLSCORE_API int sqlscore_lead_set_boolean(sqlscore_lead *lead, const char *name, int32_t value)
{
    static const char fn[] = "sqlscore_lead_set_boolean";
    if (lead != NULL && name != NULL && value != 0 && value != 1)
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: attribute '%s': value %ld is neither 0 nor 1",
                              fn, name, (long)value);
    return leadh_set_i64(lead, name, value, SQLSCORE_ATTR_BOOLEAN, fn);
}

SQLSCORE_API int sqlscore_lead_set_money(sqlscore_lead *lead, const char *name, int64_t minor,
                                         const char *currency)
{
    static const char fn[] = "sqlscore_lead_set_money";
    struct sqlscore__attr v;
    int32_t digits;
    int rc;
    if ((rc = leadh_set_prologue(lead, name, fn)) != SQLSCORE_OK)
        return rc;
    if ((rc = sqlscore__currency_check(currency, fn, &digits)) != SQLSCORE_OK)
        return rc;
    memset(&v, 0, sizeof v);
    v.type = SQLSCORE_ATTR_MONEY;
    v.i = minor;
    memcpy(v.currency, currency, 4);
    return leadh_attr_store(lead, name, &v);
}

static const char *leadh_type_name(int32_t t)
{
    switch (t) {
    case SQLSCORE_ATTR_TEXT: return "text";
    case SQLSCORE_ATTR_NUMBER: return "number";
    case SQLSCORE_ATTR_INTEGER: return "integer";
    case SQLSCORE_ATTR_BOOLEAN: return "boolean";
    case SQLSCORE_ATTR_TIME: return "time";
    case SQLSCORE_ATTR_MONEY: return "money";
    default: return "unknown";
    }
}

/* Find name and check that it has type want. */
static int leadh_get(const sqlscore_lead *lead, const char *name, const void *out, int32_t want,
                    const char *fn, const struct sqlscore__attr **found)
{
    const struct sqlscore__attr *a;
    SQLSCORE__CHECK_NULL(lead, fn, "lead");
    SQLSCORE__CHECK_NULL(name, fn, "name");
    SQLSCORE__CHECK_NULL(out, fn, "value");
    a = sqlscore__lead_find_attr(lead, name);
    if (a == NULL)
        return sqlscore__fail(SQLSCORE_ENOTFOUND, "%s: lead '%s' has no attribute '%s'", fn,
                              lead->id, name);
    if (a->type != want)
        return sqlscore__fail(SQLSCORE_ETYPE, "%s: attribute '%s' is %s, not %s", fn, name,
                              leadh_type_name(a->type), leadh_type_name(want));
    *found = a;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_lead_get_text(const sqlscore_lead *lead, const char *name,
                                        const char **value)
{
    const struct sqlscore__attr *a;
    int rc = leadh_get(lead, name, value, SQLSCORE_ATTR_TEXT, "sqlscore_lead_get_text", &a);
    if (rc == SQLSCORE_OK)
        *value = a->text;
    return rc;
}

SQLSCORE_API int sqlscore_lead_get_number(const sqlscore_lead *lead, const char *name,
                                          double *value)
{
    const struct sqlscore__attr *a;
    int rc = leadh_get(lead, name, value, SQLSCORE_ATTR_NUMBER, "sqlscore_lead_get_number", &a);
    if (rc == SQLSCORE_OK)
        *value = a->num;
    return rc;
}

SQLSCORE_API int sqlscore_lead_get_integer(const sqlscore_lead *lead, const char *name,
                                           int64_t *value)
{
    const struct sqlscore__attr *a;
    int rc = leadh_get(lead, name, value, SQLSCORE_ATTR_INTEGER, "sqlscore_lead_get_integer", &a);
    if (rc == SQLSCORE_OK)
        *value = a->i;
    return rc;
}

SQLSCORE_API int sqlscore_lead_get_time(const sqlscore_lead *lead, const char *name,
                                        int64_t *value)
{
    const struct sqlscore__attr *a;
    int rc = leadh_get(lead, name, value, SQLSCORE_ATTR_TIME, "sqlscore_lead_get_time", &a);
    if (rc == SQLSCORE_OK)
        *value = a->i;
    return rc;
}

SQLSCORE_API int sqlscore_lead_get_boolean(const sqlscore_lead *lead, const char *name,
                                           int32_t *value)
{
    const struct sqlscore__attr *a;
    int rc = leadh_get(lead, name, value, SQLSCORE_ATTR_BOOLEAN, "sqlscore_lead_get_boolean", &a);
    if (rc == SQLSCORE_OK)
        *value = (int32_t)a->i;
    return rc;
}

SQLSCORE_API int sqlscore_lead_get_money(const sqlscore_lead *lead, const char *name,
                                         int64_t *minor, const char **currency)
{
    static const char fn[] = "sqlscore_lead_get_money";
    const struct sqlscore__attr *a;
    int rc;
    SQLSCORE__CHECK_NULL(currency, fn, "currency");
    rc = leadh_get(lead, name, minor, SQLSCORE_ATTR_MONEY, fn, &a);
    if (rc == SQLSCORE_OK) {
        *minor = a->i;
        *currency = a->currency;
    }
    return rc;
}

SQLSCORE_API int sqlscore_lead_attr_type(const sqlscore_lead *lead, const char *name,
                                         int32_t *type)
{
    static const char fn[] = "sqlscore_lead_attr_type";
    const struct sqlscore__attr *a;
    SQLSCORE__CHECK_NULL(lead, fn, "lead");
    SQLSCORE__CHECK_NULL(name, fn, "name");
    SQLSCORE__CHECK_NULL(type, fn, "type");
    a = sqlscore__lead_find_attr(lead, name);
    if (a == NULL)
        return sqlscore__fail(SQLSCORE_ENOTFOUND, "%s: lead '%s' has no attribute '%s'", fn,
                              lead->id, name);
    *type = a->type;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_lead_unset(sqlscore_lead *lead, const char *name)
{
    static const char fn[] = "sqlscore_lead_unset";
    long k;
    SQLSCORE__CHECK_NULL(lead, fn, "lead");
    SQLSCORE__CHECK_NULL(name, fn, "name");
    k = leadh_attr_search(lead, name);
    if (k < 0)
        return sqlscore__fail(SQLSCORE_ENOTFOUND, "%s: lead '%s' has no attribute '%s'", fn,
                              lead->id, name);
    leadh_attr_clear(&lead->attrs[k]);
    memmove(&lead->attrs[k], &lead->attrs[k + 1],
            (lead->nattrs - (size_t)k - 1) * sizeof *lead->attrs);
    lead->nattrs--;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_lead_attr_count(const sqlscore_lead *lead, size_t *count)
{
    SQLSCORE__CHECK_NULL(lead, "sqlscore_lead_attr_count", "lead");
    SQLSCORE__CHECK_NULL(count, "sqlscore_lead_attr_count", "count");
    *count = lead->nattrs;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_lead_attr_at(const sqlscore_lead *lead, size_t index,
                                       const char **name, int32_t *type)
{
    static const char fn[] = "sqlscore_lead_attr_at";
    SQLSCORE__CHECK_NULL(lead, fn, "lead");
    if (index >= lead->nattrs)
        return sqlscore__fail(SQLSCORE_ENOTFOUND, "%s: index %zu is past the %zu attributes",
                              fn, index, lead->nattrs);
    if (name)
        *name = lead->attrs[index].name;
    if (type)
        *type = lead->attrs[index].type;
    return SQLSCORE_OK;
}

/* ---- checklist ----------------------------------------------------------- */

SQLSCORE_API int sqlscore_lead_checklist_set(sqlscore_lead *lead, const char *framework,
                                             const char *const *items, size_t count)
{
    static const char fn[] = "sqlscore_lead_checklist_set";
    struct sqlscore__check_item *nitems;
    char *fw;
    size_t i, j;
    int rc;
    SQLSCORE__CHECK_NULL(lead, fn, "lead");
    if ((rc = leadh_check_name(framework, fn, "framework")) != SQLSCORE_OK)
        return rc;
    SQLSCORE__CHECK_NULL(items, fn, "items");
    if (count == 0)
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: framework '%s' has no items", fn, framework);
    for (i = 0; i < count; i++) {
        if ((rc = leadh_check_name(items[i], fn, "item name")) != SQLSCORE_OK)
            return rc;
        for (j = 0; j < i; j++)
            if (strcmp(items[i], items[j]) == 0)
                return sqlscore__fail(SQLSCORE_EEXIST, "%s: framework '%s' lists item '%s' twice",
                                      fn, framework, items[i]);
    }
    if ((fw = sqlscore__strdup(framework)) == NULL)
        return SQLSCORE_ENOMEM;
    if ((rc = leadh_make_items(&nitems, lead, items, count)) != SQLSCORE_OK) {
        sqlscore__free(fw);
        return rc;
    }
    leadh_free_items(lead->items, lead->nitems);
    sqlscore__free(lead->framework);
    lead->items = nitems;
    lead->nitems = count;
    lead->framework = fw;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_lead_checklist_framework(const sqlscore_lead *lead, const char **name)
{
    SQLSCORE__CHECK_NULL(lead, "sqlscore_lead_checklist_framework", "lead");
    SQLSCORE__CHECK_NULL(name, "sqlscore_lead_checklist_framework", "name");
    *name = lead->framework;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_lead_checklist_count(const sqlscore_lead *lead, size_t *count)
{
    SQLSCORE__CHECK_NULL(lead, "sqlscore_lead_checklist_count", "lead");
    SQLSCORE__CHECK_NULL(count, "sqlscore_lead_checklist_count", "count");
    *count = lead->nitems;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_lead_checklist_at(const sqlscore_lead *lead, size_t index,
                                            const char **item, int32_t *state)
{
    static const char fn[] = "sqlscore_lead_checklist_at";
    SQLSCORE__CHECK_NULL(lead, fn, "lead");
    if (index >= lead->nitems)
        return sqlscore__fail(SQLSCORE_ENOTFOUND, "%s: index %zu is past the %zu items", fn,
                              index, lead->nitems);
    if (item)
        *item = lead->items[index].name;
    if (state)
        *state = lead->items[index].state;
    return SQLSCORE_OK;
}

static long leadh_item_index(const sqlscore_lead *lead, const char *item)
{
    size_t i;
    for (i = 0; i < lead->nitems; i++)
        if (strcmp(lead->items[i].name, item) == 0)
            return (long)i;
    return -1;
}

SQLSCORE_API int sqlscore_lead_check_set(sqlscore_lead *lead, const char *item, int32_t state)
{
    static const char fn[] = "sqlscore_lead_check_set";
    long k;
    SQLSCORE__CHECK_NULL(lead, fn, "lead");
    SQLSCORE__CHECK_NULL(item, fn, "item");
    if (state != SQLSCORE_CHECK_UNKNOWN && state != SQLSCORE_CHECK_MET &&
        state != SQLSCORE_CHECK_NOT_MET)
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: item '%s': state %ld is not a SQLSCORE_CHECK_ value",
                              fn, item, (long)state);
    if ((k = leadh_item_index(lead, item)) < 0)
        return sqlscore__fail(SQLSCORE_ENOTFOUND, "%s: framework '%s' has no item '%s'", fn,
                              lead->framework, item);
    lead->items[k].state = state;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_lead_check_get(const sqlscore_lead *lead, const char *item,
                                         int32_t *state)
{
    static const char fn[] = "sqlscore_lead_check_get";
    long k;
    SQLSCORE__CHECK_NULL(lead, fn, "lead");
    SQLSCORE__CHECK_NULL(item, fn, "item");
    SQLSCORE__CHECK_NULL(state, fn, "state");
    if ((k = leadh_item_index(lead, item)) < 0)
        return sqlscore__fail(SQLSCORE_ENOTFOUND, "%s: framework '%s' has no item '%s'", fn,
                              lead->framework, item);
    *state = lead->items[k].state;
    return SQLSCORE_OK;
}

/* ---- events -------------------------------------------------------------- */

SQLSCORE_API int sqlscore_lead_event_add(sqlscore_lead *lead, const char *type, int64_t time,
                                         const double *value, const char *campaign)
{
    static const char fn[] = "sqlscore_lead_event_add";
    struct sqlscore__event e;
    size_t lo, hi;
    int rc, fail = 0;
    SQLSCORE__CHECK_NULL(lead, fn, "lead");
    if ((rc = leadh_check_name(type, fn, "event type")) != SQLSCORE_OK)
        return rc;
    if (value != NULL && !isfinite(*value))
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: event '%s': value is %s", fn, type,
                              isnan(*value) ? "NaN" : "infinite");
    if (campaign != NULL && (rc = leadh_check_name(campaign, fn, "campaign")) != SQLSCORE_OK)
        return rc;
    memset(&e, 0, sizeof e);
    e.time = time;
    e.has_value = value != NULL;
    e.value = value ? *value : 0.0;
    e.type = leadh_dup_opt(type, &fail);
    e.campaign = leadh_dup_opt(campaign, &fail);
    if (fail || sqlscore__grow((void **)&lead->events, &lead->capevents, lead->nevents + 1,
                               sizeof *lead->events) != SQLSCORE_OK) {
        leadh_event_clear(&e);
        return SQLSCORE_ENOMEM;
    }
    /* Upper bound: after every event at the same time, so equal times keep
     * their insertion order. */
    lo = 0;
    hi = lead->nevents;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (lead->events[mid].time <= time)
            lo = mid + 1;
        else
            hi = mid;
    }
    memmove(&lead->events[lo + 1], &lead->events[lo],
            (lead->nevents - lo) * sizeof *lead->events);
    lead->events[lo] = e;
    lead->nevents++;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_lead_event_count(const sqlscore_lead *lead, size_t *count)
{
    SQLSCORE__CHECK_NULL(lead, "sqlscore_lead_event_count", "lead");
    SQLSCORE__CHECK_NULL(count, "sqlscore_lead_event_count", "count");
    *count = lead->nevents;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_lead_event_at(const sqlscore_lead *lead, size_t index,
                                        const char **type, int64_t *time, int32_t *has_value,
                                        double *value, const char **campaign)
{
    static const char fn[] = "sqlscore_lead_event_at";
    const struct sqlscore__event *e;
    SQLSCORE__CHECK_NULL(lead, fn, "lead");
    if (index >= lead->nevents)
        return sqlscore__fail(SQLSCORE_ENOTFOUND, "%s: index %zu is past the %zu events", fn,
                              index, lead->nevents);
    e = &lead->events[index];
    if (type)
        *type = e->type;
    if (time)
        *time = e->time;
    if (has_value)
        *has_value = e->has_value;
    if (value)
        *value = e->value;
    if (campaign)
        *campaign = e->campaign;
    return SQLSCORE_OK;
}
