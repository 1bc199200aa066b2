/*
 * campaign.c - the campaign handle: spend entries, funnel counts and the
 * exact cost and conversion metrics.
 */
#include "cpsql_internal.h"

#include <string.h>

struct campaign_spend {
    int64_t amount;      /* minor units of currency */
    int64_t time;
    int32_t category;    /* SQLSCORE_SPEND_MARKETING or _SALES */
    char currency[4];
};

struct sqlscore_campaign {
    char *id, *name;
    char currency[4];
    struct campaign_spend *spend;
    size_t n_spend, cap_spend;
    int64_t leads, mqls, sqls, opportunities;
};

const char *sqlscore__campaign_id(const sqlscore_campaign *c)
{
    return c->id;
}

SQLSCORE_API int sqlscore_campaign_new(sqlscore_campaign **out, const char *id,
                                       const char *name, const char *currency)
{
    static const char fn[] = "sqlscore_campaign_new";
    sqlscore_campaign *c;
    int32_t d;
    int rc;
    SQLSCORE__CHECK_NULL(out, fn, "out");
    if ((rc = sqlscore__check_text(id, fn, "id")) != SQLSCORE_OK)
        return rc;
    if (id[0] == '\0')
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: id is empty", fn);
    if (name != NULL && (rc = sqlscore__check_text(name, fn, "name")) != SQLSCORE_OK)
        return rc;
    if ((rc = sqlscore__currency_check(currency, fn, &d)) != SQLSCORE_OK)
        return rc;
    c = sqlscore__calloc(1, sizeof *c);
    if (c == NULL)
        return SQLSCORE_ENOMEM;
    c->id = sqlscore__strdup(id);
    c->name = sqlscore__strdup(name != NULL ? name : "");
    if (c->id == NULL || c->name == NULL) {
        sqlscore_campaign_free(c);
        return SQLSCORE_ENOMEM;
    }
    memcpy(c->currency, currency, 4);
    *out = c;
    return SQLSCORE_OK;
}

SQLSCORE_API void sqlscore_campaign_free(sqlscore_campaign *campaign)
{
    if (campaign == NULL)
        return;
    sqlscore__free(campaign->id);
    sqlscore__free(campaign->name);
    sqlscore__free(campaign->spend);
    sqlscore__free(campaign);
}

SQLSCORE_API int sqlscore_campaign_clone(sqlscore_campaign **out,
                                         const sqlscore_campaign *campaign)
{
    static const char fn[] = "sqlscore_campaign_clone";
    sqlscore_campaign *c;
    int rc;
    SQLSCORE__CHECK_NULL(out, fn, "out");
    SQLSCORE__CHECK_NULL(campaign, fn, "campaign");
    rc = sqlscore_campaign_new(&c, campaign->id, campaign->name, campaign->currency);
    if (rc != SQLSCORE_OK)
        return rc;
    if (campaign->n_spend > 0) {
        c->spend = sqlscore__reallocarray(NULL, campaign->n_spend, sizeof *c->spend);
        if (c->spend == NULL) {
            sqlscore_campaign_free(c);
            return SQLSCORE_ENOMEM;
        }
        memcpy(c->spend, campaign->spend, campaign->n_spend * sizeof *c->spend);
        c->n_spend = c->cap_spend = campaign->n_spend;
    }
    c->leads = campaign->leads;
    c->mqls = campaign->mqls;
    c->sqls = campaign->sqls;
    c->opportunities = campaign->opportunities;
    *out = c;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_campaign_id(const sqlscore_campaign *campaign, const char **id)
{
    SQLSCORE__CHECK_NULL(campaign, "sqlscore_campaign_id", "campaign");
    SQLSCORE__CHECK_NULL(id, "sqlscore_campaign_id", "id");
    *id = campaign->id;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_campaign_name(const sqlscore_campaign *campaign, const char **name)
{
    SQLSCORE__CHECK_NULL(campaign, "sqlscore_campaign_name", "campaign");
    SQLSCORE__CHECK_NULL(name, "sqlscore_campaign_name", "name");
    *name = campaign->name;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_campaign_currency(const sqlscore_campaign *campaign,
                                            const char **currency)
{
    SQLSCORE__CHECK_NULL(campaign, "sqlscore_campaign_currency", "campaign");
    SQLSCORE__CHECK_NULL(currency, "sqlscore_campaign_currency", "currency");
    *currency = campaign->currency;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_campaign_add_spend(sqlscore_campaign *campaign, int64_t amount,
                                             const char *currency, int32_t category,
                                             int64_t time)
{
    static const char fn[] = "sqlscore_campaign_add_spend";
    struct campaign_spend *e;
    int32_t d;
    int rc;
    SQLSCORE__CHECK_NULL(campaign, fn, "campaign");
    if (currency == NULL)
        currency = campaign->currency;
    else if ((rc = sqlscore__currency_check(currency, fn, &d)) != SQLSCORE_OK)
        return rc;
    if (category != SQLSCORE_SPEND_MARKETING && category != SQLSCORE_SPEND_SALES)
        return sqlscore__fail(SQLSCORE_EINVAL,
                              "%s: category %d is neither SQLSCORE_SPEND_MARKETING nor "
                              "SQLSCORE_SPEND_SALES", fn, (int)category);
    rc = sqlscore__grow((void **)&campaign->spend, &campaign->cap_spend,
                        campaign->n_spend + 1, sizeof *campaign->spend);
    if (rc != SQLSCORE_OK)
        return rc;
    e = &campaign->spend[campaign->n_spend++];
    e->amount = amount;
    e->time = time;
    e->category = category;
    memcpy(e->currency, currency, 4);
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_campaign_spend_count(const sqlscore_campaign *campaign, size_t *n)
{
    SQLSCORE__CHECK_NULL(campaign, "sqlscore_campaign_spend_count", "campaign");
    SQLSCORE__CHECK_NULL(n, "sqlscore_campaign_spend_count", "n");
    *n = campaign->n_spend;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_campaign_spend_get(const sqlscore_campaign *campaign, size_t i,
                                             int64_t *amount, const char **currency,
                                             int32_t *category, int64_t *time)
{
    static const char fn[] = "sqlscore_campaign_spend_get";
    const struct campaign_spend *e;
    SQLSCORE__CHECK_NULL(campaign, fn, "campaign");
    if (i >= campaign->n_spend)
        return sqlscore__fail(SQLSCORE_ENOTFOUND, "%s: entry %zu of %zu", fn, i,
                              campaign->n_spend);
    e = &campaign->spend[i];
    if (amount != NULL)
        *amount = e->amount;
    if (currency != NULL)
        *currency = e->currency;
    if (category != NULL)
        *category = e->category;
    if (time != NULL)
        *time = e->time;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_campaign_set_counts(sqlscore_campaign *campaign, int64_t leads,
                                              int64_t mqls, int64_t sqls,
                                              int64_t opportunities)
{
    static const char fn[] = "sqlscore_campaign_set_counts";
    SQLSCORE__CHECK_NULL(campaign, fn, "campaign");
    if (leads < 0 || mqls < 0 || sqls < 0 || opportunities < 0)
        return sqlscore__fail(SQLSCORE_EINVAL,
                              "%s: counts must not be negative (leads %lld, MQLs %lld, "
                              "SQLs %lld, opportunities %lld)", fn, (long long)leads,
                              (long long)mqls, (long long)sqls, (long long)opportunities);
    campaign->leads = leads;
    campaign->mqls = mqls;
    campaign->sqls = sqls;
    campaign->opportunities = opportunities;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_campaign_counts(const sqlscore_campaign *campaign, int64_t *leads,
                                          int64_t *mqls, int64_t *sqls,
                                          int64_t *opportunities)
{
    SQLSCORE__CHECK_NULL(campaign, "sqlscore_campaign_counts", "campaign");
    if (leads != NULL)
        *leads = campaign->leads;
    if (mqls != NULL)
        *mqls = campaign->mqls;
    if (sqls != NULL)
        *sqls = campaign->sqls;
    if (opportunities != NULL)
        *opportunities = campaign->opportunities;
    return SQLSCORE_OK;
}

int sqlscore__campaign_spend_in(const sqlscore_campaign *c, int32_t categories,
                                const int64_t *window, const char *currency,
                                const sqlscore_rates *rates, int32_t rounding,
                                const char *fn, int64_t *total)
{
    int64_t sum = 0, v;
    size_t i;
    int rc;
    for (i = 0; i < c->n_spend; i++) {
        const struct campaign_spend *e = &c->spend[i];
        if ((e->category & categories) == 0 ||
            (window != NULL && (e->time < window[0] || e->time >= window[1])))
            continue;
        rc = sqlscore__rates_convert(rates, e->amount, e->currency, currency, e->time,
                                     rounding, fn, &v);
        if (rc != SQLSCORE_OK)
            return rc;
        if (sqlscore__add_i64(sum, v, &sum))
            return sqlscore__fail(SQLSCORE_ERANGE,
                                  "%s: campaign '%s': total spend overflows int64", fn,
                                  c->id);
    }
    *total = sum;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_campaign_spend(const sqlscore_campaign *campaign,
                                         int32_t categories, const sqlscore_rates *rates,
                                         int32_t rounding, int64_t *total)
{
    static const char fn[] = "sqlscore_campaign_spend";
    int64_t sum;
    int rc;
    SQLSCORE__CHECK_NULL(campaign, fn, "campaign");
    SQLSCORE__CHECK_NULL(total, fn, "total");
    if (categories <= 0 || (categories & ~SQLSCORE_SPEND_ALL) != 0)
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: categories %d is not a mask of "
                              "SQLSCORE_SPEND_MARKETING and SQLSCORE_SPEND_SALES", fn,
                              (int)categories);
    if ((rc = sqlscore__check_rounding(rounding, fn)) != SQLSCORE_OK)
        return rc;
    rc = sqlscore__campaign_spend_in(campaign, categories, NULL, campaign->currency,
                                     rates, rounding, fn, &sum);
    if (rc != SQLSCORE_OK)
        return rc;
    *total = sum;
    return SQLSCORE_OK;
}

static const char *campaign_metric_name(int32_t metric)
{
    switch (metric) {
    case SQLSCORE_METRIC_CPL:         return "cost per lead";
    case SQLSCORE_METRIC_CPMQL:       return "cost per MQL";
    case SQLSCORE_METRIC_CPSQL:       return "cost per SQL";
    case SQLSCORE_METRIC_CPO:         return "cost per opportunity";
    case SQLSCORE_METRIC_LEAD_TO_MQL: return "lead->MQL rate";
    case SQLSCORE_METRIC_MQL_TO_SQL:  return "MQL->SQL rate";
    case SQLSCORE_METRIC_LEAD_TO_SQL: return "lead->SQL rate";
    case SQLSCORE_METRIC_SQL_TO_OPP:  return "SQL->opportunity rate";
    default:                          return NULL;
    }
}

/* The exact metric; fn names the public function in error details. */
static int campaign_metric_in(const sqlscore_campaign *campaign, int32_t metric,
                              const sqlscore_rates *rates, int32_t rounding,
                              int64_t *num, int64_t *den, const char *fn)
{
    const char *name = campaign_metric_name(metric);
    int64_t n = 0, d;
    int rc;
    SQLSCORE__CHECK_NULL(campaign, fn, "campaign");
    SQLSCORE__CHECK_NULL(num, fn, "num");
    SQLSCORE__CHECK_NULL(den, fn, "den");
    if (name == NULL)
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: unknown metric %d", fn, (int)metric);
    if ((rc = sqlscore__check_rounding(rounding, fn)) != SQLSCORE_OK)
        return rc;
    switch (metric) {
    case SQLSCORE_METRIC_CPL:         d = campaign->leads; break;
    case SQLSCORE_METRIC_CPMQL:       d = campaign->mqls; break;
    case SQLSCORE_METRIC_CPSQL:       d = campaign->sqls; break;
    case SQLSCORE_METRIC_CPO:         d = campaign->opportunities; break;
    case SQLSCORE_METRIC_LEAD_TO_MQL: n = campaign->mqls; d = campaign->leads; break;
    case SQLSCORE_METRIC_MQL_TO_SQL:  n = campaign->sqls; d = campaign->mqls; break;
    case SQLSCORE_METRIC_LEAD_TO_SQL: n = campaign->sqls; d = campaign->leads; break;
    default:                          n = campaign->opportunities; d = campaign->sqls; break;
    }
    /* The denominator is checked before the spend, so zero SQLs is
     * undefined even when there is no spend either. */
    if (d == 0)
        return sqlscore__fail(SQLSCORE_EUNDEFINED, "%s: campaign '%s': %s is undefined "
                              "(denominator count is 0)", fn, campaign->id, name);
    if (metric <= SQLSCORE_METRIC_CPO) {
        rc = sqlscore__campaign_spend_in(campaign, SQLSCORE_SPEND_ALL, NULL, campaign->currency,
                                         rates, rounding, fn, &n);
        if (rc != SQLSCORE_OK)
            return rc;
    }
    sqlscore__ratio_reduce(&n, &d);
    *num = n;
    *den = d;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_campaign_metric(const sqlscore_campaign *campaign, int32_t metric,
                                          const sqlscore_rates *rates, int32_t rounding,
                                          int64_t *num, int64_t *den)
{
    return campaign_metric_in(campaign, metric, rates, rounding, num, den,
                              "sqlscore_campaign_metric");
}

SQLSCORE_API int sqlscore_campaign_metric_rounded(const sqlscore_campaign *campaign,
                                                  int32_t metric,
                                                  const sqlscore_rates *rates,
                                                  int32_t rounding, int64_t *value)
{
    static const char fn[] = "sqlscore_campaign_metric_rounded";
    int64_t n, d, v;
    int rc;
    SQLSCORE__CHECK_NULL(value, fn, "value");
    rc = campaign_metric_in(campaign, metric, rates, rounding, &n, &d, fn);
    if (rc != SQLSCORE_OK)
        return rc;
    /* Costs in minor units, rates in parts per million. */
    rc = sqlscore_ratio_round(n, d, metric <= SQLSCORE_METRIC_CPO ? 1 : 1000000, rounding,
                              &v);
    if (rc != SQLSCORE_OK)
        return rc;
    *value = v;
    return SQLSCORE_OK;
}
