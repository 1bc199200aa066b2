/*
 * portfolio.c - totals and a per-campaign table over many campaigns, with
 * directly set, period-based or cohort-based counting.
 */
#include "attribution_internal.h"

#include <string.h>

struct portfolio_row {
    sqlscore_campaign *campaign;   /* owned copy */
    int64_t spend, leads, sqls, credit;
};

struct sqlscore_portfolio {
    char currency[4];
    struct portfolio_row *rows;
    size_t n, cap;
    int computed;
    int64_t t_spend, t_leads, t_sqls, t_credit;
};

SQLSCORE_API int sqlscore_portfolio_new(sqlscore_portfolio **out, const char *currency)
{
    static const char fn[] = "sqlscore_portfolio_new";
    sqlscore_portfolio *p;
    int32_t d;
    int rc;
    SQLSCORE__CHECK_NULL(out, fn, "out");
    if ((rc = sqlscore__currency_check(currency, fn, &d)) != SQLSCORE_OK)
        return rc;
    p = sqlscore__calloc(1, sizeof *p);
    if (p == NULL)
        return SQLSCORE_ENOMEM;
    memcpy(p->currency, currency, 4);
    *out = p;
    return SQLSCORE_OK;
}

SQLSCORE_API void sqlscore_portfolio_free(sqlscore_portfolio *portfolio)
{
    size_t i;
    if (portfolio == NULL)
        return;
    for (i = 0; i < portfolio->n; i++)
        sqlscore_campaign_free(portfolio->rows[i].campaign);
    sqlscore__free(portfolio->rows);
    sqlscore__free(portfolio);
}

SQLSCORE_API int sqlscore_portfolio_add(sqlscore_portfolio *portfolio,
                                        const sqlscore_campaign *campaign)
{
    static const char fn[] = "sqlscore_portfolio_add";
    sqlscore_campaign *copy;
    size_t i;
    int rc;
    SQLSCORE__CHECK_NULL(portfolio, fn, "portfolio");
    SQLSCORE__CHECK_NULL(campaign, fn, "campaign");
    for (i = 0; i < portfolio->n; i++)
        if (strcmp(sqlscore__campaign_id(portfolio->rows[i].campaign),
                   sqlscore__campaign_id(campaign)) == 0)
            return sqlscore__fail(SQLSCORE_EEXIST, "%s: campaign '%s' is already in the "
                                  "portfolio", fn, sqlscore__campaign_id(campaign));
    /* Copy first: a failed grow then frees the copy and leaves nothing
     * allocated behind. */
    if ((rc = sqlscore_campaign_clone(&copy, campaign)) != SQLSCORE_OK)
        return rc;
    rc = sqlscore__grow((void **)&portfolio->rows, &portfolio->cap, portfolio->n + 1,
                        sizeof *portfolio->rows);
    if (rc != SQLSCORE_OK) {
        sqlscore_campaign_free(copy);
        return rc;
    }
    memset(&portfolio->rows[portfolio->n], 0, sizeof *portfolio->rows);
    portfolio->rows[portfolio->n++].campaign = copy;
    /* The table no longer covers every campaign. */
    portfolio->computed = 0;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_portfolio_size(const sqlscore_portfolio *portfolio, size_t *n)
{
    SQLSCORE__CHECK_NULL(portfolio, "sqlscore_portfolio_size", "portfolio");
    SQLSCORE__CHECK_NULL(n, "sqlscore_portfolio_size", "n");
    *n = portfolio->n;
    return SQLSCORE_OK;
}

/* Key of touch i for portfolio_group: exactly one of key32 and keyu is set;
 * keyu gives the conversion a touch was credited to. */
static size_t portfolio_key(const int32_t *key32, const struct sqlscore__touch_credit *keyu,
                            size_t i)
{
    if (key32 != NULL)
        return (size_t)key32[i];
    return keyu != NULL ? (size_t)keyu[i].conversion : SIZE_MAX;
}

/* Stable counting sort of the touches with key[i] < nkeys (others skipped);
 * start has nkeys + 1 entries. */
static void portfolio_group(const int32_t *key32, const struct sqlscore__touch_credit *keyu,
                            size_t nt, size_t nkeys, size_t *start, uint32_t *order)
{
    size_t i;
    memset(start, 0, (nkeys + 1) * sizeof *start);
    for (i = 0; i < nt; i++) {
        size_t k = portfolio_key(key32, keyu, i);
        if (k < nkeys)
            start[k + 1]++;
    }
    for (i = 0; i < nkeys; i++)
        start[i + 1] += start[i];
    for (i = 0; i < nt; i++) {
        size_t k = portfolio_key(key32, keyu, i);
        if (k < nkeys)
            order[start[k]++] = (uint32_t)i;
    }
    for (i = nkeys; i > 0; i--)
        start[i] = start[i - 1];
    start[0] = 0;
}

SQLSCORE_API int sqlscore_portfolio_compute(sqlscore_portfolio *portfolio,
                                            const sqlscore_attribution *attribution,
                                            const sqlscore_attribution_result *result,
                                            int32_t counting, int64_t from, int64_t to,
                                            const sqlscore_rates *rates, int32_t rounding)
{
    static const char fn[] = "sqlscore_portfolio_compute";
    sqlscore_portfolio *p = portfolio;
    struct sqlscore__attribution_view v;
    int64_t *spend = NULL, *leads = NULL, *sqls = NULL, *credit = NULL, *created = NULL;
    int64_t t_spend = 0, t_leads = 0, t_sqls = 0, t_credit = 0, window[2];
    int32_t *row_of = NULL;
    size_t *start = NULL, i, nrows;
    uint32_t *order = NULL, *stamp = NULL;
    int rc;

    SQLSCORE__CHECK_NULL(p, fn, "portfolio");
    if ((rc = sqlscore__check_rounding(rounding, fn)) != SQLSCORE_OK)
        return rc;
    if (counting != SQLSCORE_COUNT_DIRECT && counting != SQLSCORE_COUNT_PERIOD &&
        counting != SQLSCORE_COUNT_COHORT)
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: unknown counting %d", fn, (int)counting);
    if (counting != SQLSCORE_COUNT_DIRECT) {
        if ((rc = sqlscore__attribution_check(attribution, result, fn)) != SQLSCORE_OK)
            return rc;
        if (from >= to)
            return sqlscore__fail(SQLSCORE_EINVAL, "%s: empty period [%lld, %lld)", fn,
                                  (long long)from, (long long)to);
    }
    nrows = p->n;
    window[0] = from;
    window[1] = to;
    spend = sqlscore__calloc(nrows + 1, sizeof *spend);
    leads = sqlscore__calloc(nrows + 1, sizeof *leads);
    sqls = sqlscore__calloc(nrows + 1, sizeof *sqls);
    credit = sqlscore__calloc(nrows + 1, sizeof *credit);
    if (spend == NULL || leads == NULL || sqls == NULL || credit == NULL) {
        rc = SQLSCORE_ENOMEM;
        goto done;
    }
    for (i = 0; i < nrows; i++) {
        rc = sqlscore__campaign_spend_in(p->rows[i].campaign, SQLSCORE_SPEND_ALL,
                                         counting == SQLSCORE_COUNT_DIRECT ? NULL : window,
                                         p->currency, rates, rounding, fn, &spend[i]);
        if (rc != SQLSCORE_OK)
            goto done;
        if (sqlscore__add_i64(t_spend, spend[i], &t_spend)) {
            rc = sqlscore__fail(SQLSCORE_ERANGE, "%s: total spend overflows int64", fn);
            goto done;
        }
    }

    if (counting == SQLSCORE_COUNT_DIRECT) {
        for (i = 0; i < nrows; i++) {
            int64_t l = 0, s = 0;
            /* Cannot fail: the campaign handle was checked when it was added
             * and the counts are plain reads; the status is still honoured. */
            if ((rc = sqlscore_campaign_counts(p->rows[i].campaign, &l, NULL, &s, NULL)) !=
                SQLSCORE_OK)
                goto done;
            leads[i] = l;
            sqls[i] = s;
            if (sqlscore__mul_i64(s, 1000000, &credit[i]) ||
                sqlscore__add_i64(t_leads, l, &t_leads) ||
                sqlscore__add_i64(t_sqls, s, &t_sqls) ||
                sqlscore__add_i64(t_credit, credit[i], &t_credit)) {
                rc = sqlscore__fail(SQLSCORE_ERANGE, "%s: counts overflow int64", fn);
                goto done;
            }
        }
    } else {
        size_t nk, l;
        sqlscore__attribution_view(attribution, result, &v);
        /* Campaign index in the attribution -> row, -1 when not here. */
        row_of = sqlscore__reallocarray(NULL, v.n_campaigns + 1, sizeof *row_of);
        stamp = sqlscore__reallocarray(NULL, nrows + 1, sizeof *stamp);
        nk = v.n_leads > v.n_conversions ? v.n_leads : v.n_conversions;
        start = sqlscore__reallocarray(NULL, nk + 1, sizeof *start);
        order = sqlscore__reallocarray(NULL, v.n_touches + 1, sizeof *order);
        if (counting == SQLSCORE_COUNT_COHORT)
            created = sqlscore__reallocarray(NULL, v.n_leads + 1, sizeof *created);
        if (row_of == NULL || stamp == NULL || start == NULL || order == NULL ||
            (counting == SQLSCORE_COUNT_COHORT && created == NULL)) {
            rc = SQLSCORE_ENOMEM;
            goto done;
        }
        for (i = 0; i < v.n_campaigns; i++)
            row_of[i] = -1;
        for (i = 0; i < nrows; i++) {
            int32_t ci = sqlscore__attribution_campaign_index(attribution,
                                                              sqlscore__campaign_id(
                                                                  p->rows[i].campaign));
            if (ci >= 0)
                row_of[ci] = (int32_t)i;
        }
        if (created != NULL) {
            /* A lead is created at its earliest lead-creation touch, or
             * failing one at its earliest touch (INT64_MAX: no touch). */
            int64_t *first_any = sqlscore__reallocarray(NULL, v.n_leads + 1,
                                                        sizeof *first_any);
            if (first_any == NULL) {
                rc = SQLSCORE_ENOMEM;
                goto done;
            }
            for (l = 0; l < v.n_leads; l++)
                created[l] = first_any[l] = INT64_MAX;
            for (i = 0; i < v.n_touches; i++) {
                int32_t ld = v.t_lead[i];
                if (v.t_time[i] < first_any[ld])
                    first_any[ld] = v.t_time[i];
                if ((v.t_flags[i] & SQLSCORE_TOUCH_LEAD_CREATION) && v.t_time[i] < created[ld])
                    created[ld] = v.t_time[i];
            }
            for (l = 0; l < v.n_leads; l++)
                if (created[l] == INT64_MAX)
                    created[l] = first_any[l];
            sqlscore__free(first_any);
        }

        /* Leads: group the touches by lead, count each (row, lead) once and
         * each lead once for the total. */
        portfolio_group(v.t_lead, NULL, v.n_touches, v.n_leads, start, order);
        for (i = 0; i < nrows; i++)
            stamp[i] = UINT32_MAX;
        for (l = 0; l < v.n_leads; l++) {
            size_t k;
            int any = 0;
            if (created != NULL && (created[l] < from || created[l] >= to))
                continue;
            for (k = start[l]; k < start[l + 1]; k++) {
                uint32_t ti = order[k];
                int32_t row = row_of[v.t_campaign[ti]];
                if (row < 0)
                    continue;
                if (created == NULL && (v.t_time[ti] < from || v.t_time[ti] >= to))
                    continue;
                if (stamp[row] != (uint32_t)l) {
                    stamp[row] = (uint32_t)l;
                    leads[row]++;
                }
                any = 1;
            }
            t_leads += any;
        }

        /* SQLs: group the credited touches by conversion. */
        portfolio_group(NULL, v.touch, v.n_touches, v.n_conversions, start, order);
        for (i = 0; i < nrows; i++)
            stamp[i] = UINT32_MAX;
        for (l = 0; l < v.n_conversions; l++) {
            size_t k;
            int any = 0;
            if (start[l] == start[l + 1])
                continue;
            if (created != NULL) {
                int64_t ct = created[v.c_lead[l]];
                if (ct < from || ct >= to)
                    continue;
            } else if (v.c_time[l] < from || v.c_time[l] >= to) {
                continue;
            }
            for (k = start[l]; k < start[l + 1]; k++) {
                uint32_t ti = order[k];
                int32_t row = row_of[v.t_campaign[ti]];
                if (row < 0)
                    continue;
                credit[row] += v.touch[ti].ppm;
                t_credit += v.touch[ti].ppm;
                if (stamp[row] != (uint32_t)l) {
                    stamp[row] = (uint32_t)l;
                    sqls[row]++;
                }
                any = 1;
            }
            t_sqls += any;
        }
    }

    for (i = 0; i < nrows; i++) {
        p->rows[i].spend = spend[i];
        p->rows[i].leads = leads[i];
        p->rows[i].sqls = sqls[i];
        p->rows[i].credit = credit[i];
    }
    p->t_spend = t_spend;
    p->t_leads = t_leads;
    p->t_sqls = t_sqls;
    p->t_credit = t_credit;
    p->computed = 1;
    rc = SQLSCORE_OK;
done:
    sqlscore__free(spend);
    sqlscore__free(leads);
    sqlscore__free(sqls);
    sqlscore__free(credit);
    sqlscore__free(created);
    sqlscore__free(row_of);
    sqlscore__free(stamp);
    sqlscore__free(start);
    sqlscore__free(order);
    return rc;
}

static int portfolio_ready(const sqlscore_portfolio *p, const char *fn)
{
    SQLSCORE__CHECK_NULL(p, fn, "portfolio");
    if (!p->computed)
        return sqlscore__fail(SQLSCORE_ESTATE, "%s: call sqlscore_portfolio_compute() "
                              "after the last sqlscore_portfolio_add()", fn);
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_portfolio_row(const sqlscore_portfolio *portfolio, size_t i,
                                        const char **campaign_id, int64_t *spend,
                                        int64_t *leads, int64_t *sqls,
                                        int64_t *sql_credit_ppm)
{
    static const char fn[] = "sqlscore_portfolio_row";
    const struct portfolio_row *r;
    int rc;
    if ((rc = portfolio_ready(portfolio, fn)) != SQLSCORE_OK)
        return rc;
    if (i >= portfolio->n)
        return sqlscore__fail(SQLSCORE_ENOTFOUND, "%s: no row %zu (%zu rows)", fn, i,
                              portfolio->n);
    r = &portfolio->rows[i];
    if (campaign_id != NULL)
        *campaign_id = sqlscore__campaign_id(r->campaign);
    if (spend != NULL)
        *spend = r->spend;
    if (leads != NULL)
        *leads = r->leads;
    if (sqls != NULL)
        *sqls = r->sqls;
    if (sql_credit_ppm != NULL)
        *sql_credit_ppm = r->credit;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_portfolio_total(const sqlscore_portfolio *portfolio, int64_t *spend,
                                          int64_t *leads, int64_t *sqls,
                                          int64_t *sql_credit_ppm)
{
    static const char fn[] = "sqlscore_portfolio_total";
    int rc;
    if ((rc = portfolio_ready(portfolio, fn)) != SQLSCORE_OK)
        return rc;
    if (spend != NULL)
        *spend = portfolio->t_spend;
    if (leads != NULL)
        *leads = portfolio->t_leads;
    if (sqls != NULL)
        *sqls = portfolio->t_sqls;
    if (sql_credit_ppm != NULL)
        *sql_credit_ppm = portfolio->t_credit;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_portfolio_cpsql(const sqlscore_portfolio *portfolio, size_t i,
                                          int64_t min_credit_ppm, int64_t *num, int64_t *den)
{
    static const char fn[] = "sqlscore_portfolio_cpsql";
    int64_t spend, credit, n, d;
    const char *what;
    int rc;
    if ((rc = portfolio_ready(portfolio, fn)) != SQLSCORE_OK)
        return rc;
    SQLSCORE__CHECK_NULL(num, fn, "num");
    SQLSCORE__CHECK_NULL(den, fn, "den");
    if (min_credit_ppm < 0)
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: negative minimum credit %lld", fn,
                              (long long)min_credit_ppm);
    if (i == SIZE_MAX) {
        spend = portfolio->t_spend;
        credit = portfolio->t_credit;
        what = "the portfolio total";
    } else if (i < portfolio->n) {
        spend = portfolio->rows[i].spend;
        credit = portfolio->rows[i].credit;
        what = sqlscore__campaign_id(portfolio->rows[i].campaign);
    } else {
        return sqlscore__fail(SQLSCORE_ENOTFOUND, "%s: no row %zu (%zu rows)", fn, i,
                              portfolio->n);
    }
    if (credit == 0)
        return sqlscore__fail(SQLSCORE_EUNDEFINED, "%s: '%s' has no SQLs", fn, what);
    if (credit < min_credit_ppm)
        return sqlscore__fail(SQLSCORE_EUNDEFINED, "%s: '%s' has %lld ppm of SQL credit, "
                              "below the floor of %lld ppm", fn, what, (long long)credit,
                              (long long)min_credit_ppm);
    if ((rc = sqlscore__cost_per_credit(spend, credit, fn, &n, &d)) != SQLSCORE_OK)
        return rc;
    *num = n;
    *den = d;
    return SQLSCORE_OK;
}
