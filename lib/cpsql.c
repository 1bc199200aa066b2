/*
 * cpsql.c - exact ratio arithmetic (128-bit intermediates, rounding of
 * quotients) and the exchange-rate table.
 */
#include "cpsql_internal.h"

#include <string.h>

/* ---- 128-bit helpers ------------------------------------------------------ */

/* SQLSCORE_NO_INT128 forces the portable code (its test builds it so). */
#if defined(__SIZEOF_INT128__) && !defined(SQLSCORE_NO_INT128)
#  define CPSQL_HAVE_INT128 1
#endif

#if defined(CPSQL_HAVE_INT128)
typedef unsigned __int128 cpsql_u128n;
static cpsql_u128n cpsql_to_n(sqlscore__u128 a) { return ((cpsql_u128n)a.hi << 64) | a.lo; }
static sqlscore__u128 cpsql_from_n(cpsql_u128n v)
{
    sqlscore__u128 r;
    r.hi = (uint64_t)(v >> 64);
    r.lo = (uint64_t)v;
    return r;
}
#endif

sqlscore__u128 sqlscore__u128_mul(uint64_t a, uint64_t b)
{
#if defined(CPSQL_HAVE_INT128)
    return cpsql_from_n((cpsql_u128n)a * b);
#else
    uint64_t al = a & 0xFFFFFFFFu, ah = a >> 32, bl = b & 0xFFFFFFFFu, bh = b >> 32;
    uint64_t ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
    uint64_t mid = (ll >> 32) + (lh & 0xFFFFFFFFu) + (hl & 0xFFFFFFFFu);
    sqlscore__u128 r;
    r.lo = (mid << 32) | (ll & 0xFFFFFFFFu);
    r.hi = hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
    return r;
#endif
}

int sqlscore__u128_mul128(sqlscore__u128 a, uint64_t b, sqlscore__u128 *r)
{
    sqlscore__u128 lo = sqlscore__u128_mul(a.lo, b);
    sqlscore__u128 hi = sqlscore__u128_mul(a.hi, b);
    if (hi.hi != 0 || lo.hi + hi.lo < lo.hi)
        return 1;
    r->hi = lo.hi + hi.lo;
    r->lo = lo.lo;
    return 0;
}

int sqlscore__u128_cmp(sqlscore__u128 a, sqlscore__u128 b)
{
    if (a.hi != b.hi)
        return a.hi < b.hi ? -1 : 1;
    if (a.lo != b.lo)
        return a.lo < b.lo ? -1 : 1;
    return 0;
}

int sqlscore__u128_divmod(sqlscore__u128 n, uint64_t d, uint64_t *q, uint64_t *r)
{
    if (n.hi >= d)
        return 1;   /* the quotient would need more than 64 bits */
#if defined(CPSQL_HAVE_INT128)
    {
        cpsql_u128n v = cpsql_to_n(n);
        *q = (uint64_t)(v / d);
        *r = (uint64_t)(v % d);
    }
#else
    {
        /* Restoring binary long division; hi < d keeps the quotient in 64
         * bits and the running remainder below 2d. */
        uint64_t rem = n.hi, quo = 0;
        int i;
        for (i = 63; i >= 0; i--) {
            int carry = (rem >> 63) != 0;
            rem = (rem << 1) | ((n.lo >> i) & 1u);
            quo <<= 1;
            if (carry || rem >= d) {
                rem -= d;
                quo |= 1u;
            }
        }
        *q = quo;
        *r = rem;
    }
#endif
    return 0;
}

int sqlscore__round_quotient(int neg, sqlscore__u128 n, uint64_t d, int32_t rounding,
                             int64_t *out)
{
    uint64_t q, r, limit = neg ? (uint64_t)INT64_MAX + 1u : (uint64_t)INT64_MAX;
    if (sqlscore__u128_divmod(n, d, &q, &r))
        return SQLSCORE_ERANGE;
    /* Compare 2r with d without overflowing: r >= d - r. */
    if (r > d - r || (r == d - r && (rounding == SQLSCORE_ROUND_HALF_UP || (q & 1u)))) {
        if (q == UINT64_MAX)
            return SQLSCORE_ERANGE;
        q++;
    }
    if (q > limit)
        return SQLSCORE_ERANGE;
    if (neg)
        *out = q == (uint64_t)INT64_MAX + 1u ? INT64_MIN : -(int64_t)q;
    else
        *out = (int64_t)q;
    return SQLSCORE_OK;
}

uint64_t sqlscore__gcd_u64(uint64_t a, uint64_t b)
{
    while (b != 0) {
        uint64_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

static uint64_t cpsql_abs_u64(int64_t v)
{
    return v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
}

void sqlscore__ratio_reduce(int64_t *num, int64_t *den)
{
    uint64_t g = sqlscore__gcd_u64(cpsql_abs_u64(*num), cpsql_abs_u64(*den));
    int neg = (*num < 0) != (*den < 0);
    uint64_t n, d;
    if (g == 0)
        return;
    n = cpsql_abs_u64(*num) / g;
    d = cpsql_abs_u64(*den) / g;
    /* A value of 2^63 can only remain as a numerator that is negative
     * (INT64_MIN / 1) or a denominator of INT64_MIN with an odd numerator;
     * the callers never pass INT64_MIN denominators. */
    *den = (int64_t)d;
    *num = neg ? (n == (uint64_t)INT64_MAX + 1u ? INT64_MIN : -(int64_t)n) : (int64_t)n;
}

int sqlscore__check_rounding(int32_t rounding, const char *fn)
{
    if (rounding != SQLSCORE_ROUND_HALF_EVEN && rounding != SQLSCORE_ROUND_HALF_UP)
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: unknown rounding mode %d", fn,
                              (int)rounding);
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_ratio_round(int64_t num, int64_t den, int64_t scale,
                                      int32_t rounding, int64_t *out)
{
    static const char fn[] = "sqlscore_ratio_round";
    sqlscore__u128 n;
    int rc;
    SQLSCORE__CHECK_NULL(out, fn, "out");
    rc = sqlscore__check_rounding(rounding, fn);
    if (rc != SQLSCORE_OK)
        return rc;
    if (scale <= 0)
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: scale must be positive, got %lld",
                              fn, (long long)scale);
    if (den == 0)
        return sqlscore__fail(SQLSCORE_EUNDEFINED, "%s: denominator is zero", fn);
    n = sqlscore__u128_mul(cpsql_abs_u64(num), (uint64_t)scale);
    rc = sqlscore__round_quotient((num < 0) != (den < 0) && num != 0, n, cpsql_abs_u64(den),
                                  rounding, out);
    if (rc != SQLSCORE_OK)
        return sqlscore__fail(rc, "%s: %lld * %lld / %lld does not fit in int64", fn,
                              (long long)num, (long long)scale, (long long)den);
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_ratio_compare(int64_t a_num, int64_t a_den, int64_t b_num,
                                        int64_t b_den, int32_t *cmp)
{
    static const char fn[] = "sqlscore_ratio_compare";
    int sa, sb, c;
    sqlscore__u128 l, r;
    SQLSCORE__CHECK_NULL(cmp, fn, "cmp");
    if (a_den == 0 || b_den == 0)
        return sqlscore__fail(SQLSCORE_EUNDEFINED, "%s: denominator is zero", fn);
    sa = a_num == 0 ? 0 : ((a_num < 0) != (a_den < 0) ? -1 : 1);
    sb = b_num == 0 ? 0 : ((b_num < 0) != (b_den < 0) ? -1 : 1);
    if (sa != sb) {
        *cmp = sa < sb ? -1 : 1;
        return SQLSCORE_OK;
    }
    if (sa == 0) {
        *cmp = 0;
        return SQLSCORE_OK;
    }
    /* Same sign: compare |a_num| * |b_den| with |b_num| * |a_den|. */
    l = sqlscore__u128_mul(cpsql_abs_u64(a_num), cpsql_abs_u64(b_den));
    r = sqlscore__u128_mul(cpsql_abs_u64(b_num), cpsql_abs_u64(a_den));
    c = sqlscore__u128_cmp(l, r);
    *cmp = sa > 0 ? c : -c;
    return SQLSCORE_OK;
}

int sqlscore__cost_per_credit(int64_t spend, int64_t credit_ppm, const char *fn,
                              int64_t *num, int64_t *den)
{
    /* spend / (credit / 10^6) = spend * 10^6 / credit, reduced before the
     * multiplication so that only irreducible results overflow. */
    uint64_t g1, g2, n, d, m;
    int neg = spend < 0;
    if (credit_ppm <= 0)
        return sqlscore__fail(SQLSCORE_EUNDEFINED, "%s: no SQL credit", fn);
    g1 = sqlscore__gcd_u64(1000000u, (uint64_t)credit_ppm);
    m = 1000000u / g1;
    d = (uint64_t)credit_ppm / g1;
    g2 = sqlscore__gcd_u64(cpsql_abs_u64(spend), d);
    if (g2 == 0)
        g2 = 1;
    n = cpsql_abs_u64(spend) / g2;
    d /= g2;
    if (n != 0 && m > (uint64_t)INT64_MAX / n)
        return sqlscore__fail(SQLSCORE_ERANGE,
                              "%s: cost per SQL numerator overflows int64", fn);
    *num = neg ? -(int64_t)(n * m) : (int64_t)(n * m);
    *den = (int64_t)d;
    return SQLSCORE_OK;
}

/* ---- exchange rates -------------------------------------------------------- */

/* The largest numerator or denominator of a rate.  With it, amount * num *
 * 10^4 stays below 2^117 and den * 10^4 below 2^64. */
#define CPSQL_RATE_MAX INT64_C(1000000000000)

struct cpsql_rate {
    char from[4], to[4];
    int64_t since;
    int64_t num, den;   /* 1 major unit of from = num/den major units of to */
};

struct sqlscore_rates {
    struct cpsql_rate *items;
    size_t n, cap;
};

SQLSCORE_API int sqlscore_rates_new(sqlscore_rates **out)
{
    sqlscore_rates *r;
    SQLSCORE__CHECK_NULL(out, "sqlscore_rates_new", "out");
    r = sqlscore__calloc(1, sizeof *r);
    if (r == NULL)
        return SQLSCORE_ENOMEM;
    *out = r;
    return SQLSCORE_OK;
}

SQLSCORE_API void sqlscore_rates_free(sqlscore_rates *rates)
{
    if (rates == NULL)
        return;
    sqlscore__free(rates->items);
    sqlscore__free(rates);
}

/* sqlscore_rates_set with fn naming the public function in error details. */
static int cpsql_rates_set_in(sqlscore_rates *rates, const char *from, const char *to,
                              int64_t since, int64_t num, int64_t den, const char *fn)
{
    int32_t d;
    int rc;
    size_t i;
    struct cpsql_rate *slot = NULL;
    SQLSCORE__CHECK_NULL(rates, fn, "rates");
    if ((rc = sqlscore__currency_check(from, fn, &d)) != SQLSCORE_OK ||
        (rc = sqlscore__currency_check(to, fn, &d)) != SQLSCORE_OK)
        return rc;
    if (strcmp(from, to) == 0)
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: rate from %s to itself", fn, from);
    if (num <= 0 || den <= 0)
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: %s->%s rate %lld/%lld is not positive",
                              fn, from, to, (long long)num, (long long)den);
    sqlscore__ratio_reduce(&num, &den);
    if (num > CPSQL_RATE_MAX || den > CPSQL_RATE_MAX)
        return sqlscore__fail(SQLSCORE_ERANGE,
                              "%s: %s->%s rate %lld/%lld: numerator and denominator "
                              "must be at most 10^12 in lowest terms", fn, from, to,
                              (long long)num, (long long)den);
    for (i = 0; i < rates->n; i++) {
        struct cpsql_rate *e = &rates->items[i];
        if (e->since == since &&
            ((strcmp(e->from, from) == 0 && strcmp(e->to, to) == 0) ||
             (strcmp(e->from, to) == 0 && strcmp(e->to, from) == 0))) {
            slot = e;
            break;
        }
    }
    if (slot == NULL) {
        rc = sqlscore__grow((void **)&rates->items, &rates->cap, rates->n + 1,
                            sizeof *rates->items);
        if (rc != SQLSCORE_OK)
            return rc;
        slot = &rates->items[rates->n++];
    }
    memcpy(slot->from, from, 4);
    memcpy(slot->to, to, 4);
    slot->since = since;
    slot->num = num;
    slot->den = den;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_rates_set(sqlscore_rates *rates, const char *from, const char *to,
                                    int64_t since, int64_t num, int64_t den)
{
    return cpsql_rates_set_in(rates, from, to, since, num, den, "sqlscore_rates_set");
}

SQLSCORE_API int sqlscore_rates_set_text(sqlscore_rates *rates, const char *from,
                                         const char *to, int64_t since, const char *rate)
{
    static const char fn[] = "sqlscore_rates_set_text";
    const char *p;
    int64_t num = 0, den = 1;
    int seen_point = 0, digits = 0, over = 0;
    SQLSCORE__CHECK_NULL(rates, fn, "rates");
    SQLSCORE__CHECK_NULL(rate, fn, "rate");
    for (p = rate; *p != '\0'; p++) {
        if (*p == '.' && !seen_point && digits > 0) {
            seen_point = 1;
            if (p[1] < '0' || p[1] > '9')
                break;
            continue;
        }
        if (*p < '0' || *p > '9')
            break;
        digits++;
        /* Trailing zeros of the fraction are harmless; anything that makes
         * the unreduced value exceed int64 is reported as out of range. */
        if (!over && (sqlscore__mul_i64(num, 10, &num) ||
                      sqlscore__add_i64(num, *p - '0', &num) ||
                      (seen_point && sqlscore__mul_i64(den, 10, &den))))
            over = 1;
    }
    if (*p != '\0' || digits == 0)
        return sqlscore__fail(SQLSCORE_EPARSE,
                              "%s: rate '%.40s': position %zu: expected a decimal like "
                              "1.0843", fn, rate, (size_t)(p - rate) + 1);
    if (over)
        return sqlscore__fail(SQLSCORE_ERANGE, "%s: rate '%.40s' has too many digits",
                              fn, rate);
    if (num == 0)
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: rate '%.40s' is zero", fn, rate);
    return cpsql_rates_set_in(rates, from, to, since, num, den, fn);
}

/* The entry for the pair {a, b} with the latest since <= time, or NULL. */
static const struct cpsql_rate *cpsql_rate_find(const sqlscore_rates *rates, const char *a,
                                                const char *b, int64_t time)
{
    const struct cpsql_rate *best = NULL;
    size_t i;
    if (rates == NULL)
        return NULL;
    for (i = 0; i < rates->n; i++) {
        const struct cpsql_rate *e = &rates->items[i];
        if (e->since > time || (best != NULL && e->since <= best->since))
            continue;
        if ((strcmp(e->from, a) == 0 && strcmp(e->to, b) == 0) ||
            (strcmp(e->from, b) == 0 && strcmp(e->to, a) == 0))
            best = e;
    }
    return best;
}

int sqlscore__rates_convert(const sqlscore_rates *rates, int64_t amount, const char *from,
                            const char *to, int64_t time, int32_t rounding, const char *fn,
                            int64_t *out)
{
    const struct cpsql_rate *e;
    uint64_t mul, div;
    sqlscore__u128 n;
    int rc, dfrom, dto;
    if (strcmp(from, to) == 0) {
        *out = amount;
        return SQLSCORE_OK;
    }
    e = cpsql_rate_find(rates, from, to, time);
    if (e == NULL)
        return sqlscore__fail(SQLSCORE_EINCOMPATIBLE,
                              "%s: amount in %s, wanted %s, and no exchange rate for "
                              "time %lld", fn, from, to, (long long)time);
    dfrom = sqlscore__currency_digits(from);
    dto = sqlscore__currency_digits(to);
    if (strcmp(e->from, from) == 0) {
        mul = (uint64_t)e->num;
        div = (uint64_t)e->den;
    } else {
        mul = (uint64_t)e->den;
        div = (uint64_t)e->num;
    }
    /* minor_to = minor_from * rate * 10^dto / 10^dfrom */
    mul *= (uint64_t)sqlscore__pow10_i64(dto);
    div *= (uint64_t)sqlscore__pow10_i64(dfrom);
    n = sqlscore__u128_mul(cpsql_abs_u64(amount), mul);
    rc = sqlscore__round_quotient(amount < 0, n, div, rounding, out);
    if (rc != SQLSCORE_OK)
        return sqlscore__fail(rc, "%s: %lld %s in %s does not fit in int64", fn,
                              (long long)amount, from, to);
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_rates_convert(const sqlscore_rates *rates, int64_t amount,
                                        const char *from, const char *to, int64_t time,
                                        int32_t rounding, int64_t *out)
{
    static const char fn[] = "sqlscore_rates_convert";
    int32_t d;
    int64_t v = 0; /* written on success; initialised for -fanalyzer */
    int rc;
    SQLSCORE__CHECK_NULL(out, fn, "out");
    if ((rc = sqlscore__currency_check(from, fn, &d)) != SQLSCORE_OK ||
        (rc = sqlscore__currency_check(to, fn, &d)) != SQLSCORE_OK ||
        (rc = sqlscore__check_rounding(rounding, fn)) != SQLSCORE_OK)
        return rc;
    rc = sqlscore__rates_convert(rates, amount, from, to, time, rounding, fn, &v);
    if (rc != SQLSCORE_OK)
        return rc;
    *out = v;
    return SQLSCORE_OK;
}
