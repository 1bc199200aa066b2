/*
 * enps_stats.c - the statistics of eNPS results: the normal quantile,
 * exact rounding, standard errors, Wald and adjusted-Wald intervals, the
 * comparison of two results, and anonymity suppression.
 */
#include "survey_internal.h"

#include <math.h>

/* ---- normal quantile ------------------------------------------------------ */

/* A rational first guess (Acklam's published minimax fit, relative error
 * about 1e-9) refined by Halley steps on Phi(x) - p, with Phi from erfc, so
 * the result is correct to the last bit or two of a double.  The tail uses
 * the complementary probability to keep relative precision near 0 and 1. */
static const double stats_qa[6] = { -3.969683028665376e+01, 2.209460984245205e+02,
                                    -2.759285104469687e+02, 1.383577518672690e+02,
                                    -3.066479806614716e+01, 2.506628277459239e+00 };
static const double stats_qb[5] = { -5.447609879822406e+01, 1.615858368580409e+02,
                                    -1.556989798598866e+02, 6.680131188771972e+01,
                                    -1.328068155288572e+01 };
static const double stats_qc[6] = { -7.784894002430293e-03, -3.223964580411365e-01,
                                    -2.400758277161838e+00, -2.549732539343734e+00,
                                    4.374664141464968e+00, 2.938163982698783e+00 };
static const double stats_qd[4] = { 7.784695709041462e-03, 3.224671290700398e-01,
                                    2.445134137142996e+00, 3.754408661907416e+00 };

static double stats_quantile_guess(double p)
{
    double q, r;
    if (p < 0.02425) {
        q = sqrt(-2 * log(p));
        return (((((stats_qc[0] * q + stats_qc[1]) * q + stats_qc[2]) * q + stats_qc[3]) * q +
                 stats_qc[4]) * q + stats_qc[5]) /
               ((((stats_qd[0] * q + stats_qd[1]) * q + stats_qd[2]) * q + stats_qd[3]) * q + 1);
    }
    if (p > 1 - 0.02425)
        return -stats_quantile_guess(1 - p);
    q = p - 0.5;
    r = q * q;
    return (((((stats_qa[0] * r + stats_qa[1]) * r + stats_qa[2]) * r + stats_qa[3]) * r +
             stats_qa[4]) * r + stats_qa[5]) * q /
           (((((stats_qb[0] * r + stats_qb[1]) * r + stats_qb[2]) * r + stats_qb[3]) * r +
             stats_qb[4]) * r + 1);
}

double sqlscore__norm_quantile(double p)
{
    /* Work in the lower half (p <= 0.5), where Phi(x) = erfc(-x/sqrt2)/2 is
     * computed without cancellation, and mirror. */
    int upper = p > 0.5;
    double pl = upper ? 1 - p : p;
    double x = stats_quantile_guess(pl);
    int i;
    for (i = 0; i < 2; i++) {
        double e = 0.5 * erfc(-x / sqrt(2.0)) - pl;
        double u = e * sqrt(2 * 3.14159265358979323846) * exp(x * x / 2);
        x = x - u / (1 + x * u / 2);
    }
    return upper ? -x : x;
}

double sqlscore__z_for_level(double level)
{
    /* Upper quantile 1 - (1 - level)/2 = -quantile((1 - level)/2). */
    return -sqlscore__norm_quantile((1 - level) / 2);
}

/* ---- results --------------------------------------------------------------- */

int sqlscore__enps_result_make(sqlscore_enps_result **out, uint64_t det, uint64_t pas,
                               uint64_t pro, uint64_t skipped, int32_t suppressed, double level,
                               int32_t rounding)
{
    sqlscore_enps_result *r = sqlscore__malloc(sizeof *r);
    if (r == NULL)
        return SQLSCORE_ENOMEM;
    r->det = det;
    r->pas = pas;
    r->pro = pro;
    r->skipped = skipped;
    r->suppressed = suppressed;
    r->level = level;
    r->rounding = rounding;
    *out = r;
    return SQLSCORE_OK;
}

/* 2^53: up to here every count is exact as a double. */
#define STATS_EXACT_MAX (UINT64_C(1) << 53)

SQLSCORE_API int sqlscore_enps_result_new(sqlscore_enps_result **out, uint64_t detractors,
                                          uint64_t passives, uint64_t promoters, double level,
                                          int32_t rounding)
{
    static const char fn[] = "sqlscore_enps_result_new";
    SQLSCORE__CHECK_NULL(out, fn, "out");
    if (isnan(level))
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: level is NaN", fn);
    if (!(level > 0 && level < 1))
        return sqlscore__fail(SQLSCORE_ERANGE, "%s: level %g is not between 0 and 1", fn, level);
    if (rounding != SQLSCORE_ROUND_HALF_EVEN && rounding != SQLSCORE_ROUND_HALF_UP)
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: unknown rounding mode %d", fn, (int)rounding);
    if (detractors > STATS_EXACT_MAX || passives > STATS_EXACT_MAX ||
        promoters > STATS_EXACT_MAX || detractors + passives + promoters > STATS_EXACT_MAX)
        return sqlscore__fail(SQLSCORE_ERANGE, "%s: counts sum past 2^53", fn);
    return sqlscore__enps_result_make(out, detractors, passives, promoters, 0, 0, level, rounding);
}

SQLSCORE_API void sqlscore_enps_result_free(sqlscore_enps_result *r)
{
    sqlscore__free(r);
}

SQLSCORE_API int sqlscore_enps_result_n(const sqlscore_enps_result *r, uint64_t *n,
                                        uint64_t *skipped, int32_t *suppressed)
{
    SQLSCORE__CHECK_NULL(r, "sqlscore_enps_result_n", "result");
    if (n)
        *n = r->det + r->pas + r->pro;
    if (skipped)
        *skipped = r->skipped;
    if (suppressed)
        *suppressed = r->suppressed;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_enps_result_counts(const sqlscore_enps_result *r, uint64_t *detractors,
                                             uint64_t *passives, uint64_t *promoters)
{
    SQLSCORE__CHECK_NULL(r, "sqlscore_enps_result_counts", "result");
    if (r->suppressed)
        return sqlscore__fail(SQLSCORE_ESUPPRESSED,
                              "sqlscore_enps_result_counts: n = %llu is withheld by the "
                              "anonymity threshold",
                              (unsigned long long)(r->det + r->pas + r->pro));
    if (detractors)
        *detractors = r->det;
    if (passives)
        *passives = r->pas;
    if (promoters)
        *promoters = r->pro;
    return SQLSCORE_OK;
}

/* The shared preconditions of every score getter. */
static int stats_usable(const sqlscore_enps_result *r, const char *fn)
{
    uint64_t n;
    SQLSCORE__CHECK_NULL(r, fn, "result");
    n = r->det + r->pas + r->pro;
    if (n == 0)
        return sqlscore__fail(SQLSCORE_EUNDEFINED, "%s: n = 0, the eNPS is undefined", fn);
    if (r->suppressed)
        return sqlscore__fail(SQLSCORE_ESUPPRESSED,
                              "%s: n = %llu is withheld by the anonymity threshold", fn,
                              (unsigned long long)n);
    return SQLSCORE_OK;
}

/* Exact rounding of 100 (pro - det) / n: counts are below 2^53 (they come
 * from uint64 counters that never reach 2^57 in practice; the product is
 * checked anyway). */
static int stats_round(const sqlscore_enps_result *r, int32_t *out)
{
    uint64_t n = r->det + r->pas + r->pro;
    uint64_t a = r->pro >= r->det ? r->pro - r->det : r->det - r->pro;
    uint64_t q, rem;
    int neg = r->det > r->pro;
    if (a > UINT64_MAX / 100)
        return sqlscore__fail(SQLSCORE_ERANGE, "sqlscore_enps_result_score: counts too large");
    a *= 100;
    q = a / n;
    rem = a % n;
    /* Compare the remainder with n/2 without overflow: rem vs n - rem. */
    if (rem > n - rem || (rem == n - rem && (r->rounding == SQLSCORE_ROUND_HALF_UP || (q & 1))))
        q++;
    *out = neg ? -(int32_t)q : (int32_t)q;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_enps_result_score(const sqlscore_enps_result *r, double *enps,
                                            int32_t *rounded)
{
    int rc = stats_usable(r, "sqlscore_enps_result_score");
    int32_t rd = 0;
    if (rc)
        return rc;
    rc = stats_round(r, &rd);
    if (rc)
        return rc;
    if (enps) {
        /* Divide first: (q - d) / n rounds to within [-1, 1], and times 100
         * stays within [-100, 100]; 100 (q - d) first can round past it for
         * n beyond 2^53 / 100. */
        double e = 100.0 * (((double)r->pro - (double)r->det) / (double)(r->det + r->pas + r->pro));
        *enps = e < -100 ? -100 : e > 100 ? 100 : e;
    }
    if (rounded)
        *rounded = rd;
    return SQLSCORE_OK;
}

/* Proportions, score and variance from (possibly fractional) counts. */
static void stats_moments(double det, double pas, double pro, double *e, double *var, double *n)
{
    double nn = det + pas + pro;
    double p = pro / nn, d = det / nn;
    double v = p + d - (p - d) * (p - d);
    *e = p - d;
    /* Rounding can push an exact 0 a hair below zero (all passives). */
    *var = v < 0 ? 0 : v;
    *n = nn;
}

SQLSCORE_API int sqlscore_enps_result_spread(const sqlscore_enps_result *r, double *variance,
                                             double *se, double *margin)
{
    double e, v, n, s;
    int rc = stats_usable(r, "sqlscore_enps_result_spread");
    if (rc)
        return rc;
    stats_moments((double)r->det, (double)r->pas, (double)r->pro, &e, &v, &n);
    s = 100 * sqrt(v / n);
    if (variance)
        *variance = v;
    if (se)
        *se = s;
    if (margin)
        *margin = sqlscore__z_for_level(r->level) * s;
    return SQLSCORE_OK;
}

static double stats_clamp(double x, double lim)
{
    return x < -lim ? -lim : x > lim ? lim : x;
}

SQLSCORE_API int sqlscore_enps_result_interval(const sqlscore_enps_result *r, int32_t method,
                                               double *low, double *high)
{
    static const char fn[] = "sqlscore_enps_result_interval";
    double e, v, n, h;
    int rc = stats_usable(r, fn);
    if (rc)
        return rc;
    if (method == SQLSCORE_ENPS_WALD)
        stats_moments((double)r->det, (double)r->pas, (double)r->pro, &e, &v, &n);
    else if (method == SQLSCORE_ENPS_ADJUSTED_WALD)
        stats_moments((double)r->det + 0.75, (double)r->pas + 1.5, (double)r->pro + 0.75, &e, &v,
                      &n);
    else
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: unknown interval method %d", fn, (int)method);
    h = sqlscore__z_for_level(r->level) * sqrt(v / n);
    if (low)
        *low = stats_clamp(100 * (e - h), 100);
    if (high)
        *high = stats_clamp(100 * (e + h), 100);
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_enps_compare(const sqlscore_enps_result *a, const sqlscore_enps_result *b,
                                       double *diff, double *se, double *low, double *high,
                                       double *p_value)
{
    static const char fn[] = "sqlscore_enps_compare";
    double ea, va, na, eb, vb, nb, dd, s, z, pv;
    int rc;
    SQLSCORE__CHECK_NULL(a, fn, "a");
    SQLSCORE__CHECK_NULL(b, fn, "b");
    if (a->level != b->level)
        return sqlscore__fail(SQLSCORE_EINCOMPATIBLE,
                              "%s: confidence levels differ (%g and %g)", fn, a->level, b->level);
    if ((rc = stats_usable(a, fn)) != 0 || (rc = stats_usable(b, fn)) != 0)
        return rc;
    stats_moments((double)a->det, (double)a->pas, (double)a->pro, &ea, &va, &na);
    stats_moments((double)b->det, (double)b->pas, (double)b->pro, &eb, &vb, &nb);
    dd = 100 * (ea - eb);
    s = 100 * sqrt(va / na + vb / nb);
    z = sqlscore__z_for_level(a->level);
    if (s > 0)
        pv = erfc(fabs(dd / s) / sqrt(2.0));
    else
        pv = dd == 0 ? 1.0 : 0.0;
    if (diff)
        *diff = dd;
    if (se)
        *se = s;
    if (low)
        *low = stats_clamp(dd - z * s, 200);
    if (high)
        *high = stats_clamp(dd + z * s, 200);
    if (p_value)
        *p_value = pv;
    return SQLSCORE_OK;
}

/* ---- anonymity -------------------------------------------------------------- */

void sqlscore__suppress(const uint64_t *n, size_t count, uint64_t threshold, int total_shown,
                        unsigned char *hidden)
{
    size_t i, nhidden = 0, best = count;
    for (i = 0; i < count; i++) {
        hidden[i] = n[i] > 0 && n[i] < threshold;
        nhidden += hidden[i];
    }
    /* One hidden group next to a published total and published siblings is
     * total minus the others: hide the smallest other non-empty group too.
     * With two or more hidden groups only their sum can be derived. */
    if (nhidden != 1 || !total_shown)
        return;
    for (i = 0; i < count; i++)
        if (!hidden[i] && n[i] > 0 && (best == count || n[i] < n[best]))
            best = i;
    if (best < count)
        hidden[best] = 1;
}
