/*
 * cpsql_internal.h - exact ratio arithmetic and the pieces shared by the
 * campaign, attribution and portfolio files.  Never installed.
 */
#ifndef SQLSCORE_CPSQL_INTERNAL_H
#define SQLSCORE_CPSQL_INTERNAL_H

#include "money_internal.h"

/* ---- unsigned 128-bit arithmetic (cpsql.c) -------------------------------
 * Exact money and credit math multiplies int64 values before dividing;
 * the intermediate needs 128 bits.  Uses unsigned __int128 where the
 * compiler has it and a portable two-word version otherwise. */
typedef struct sqlscore__u128 {
    uint64_t hi, lo;
} sqlscore__u128;

SQLSCORE__INTERNAL sqlscore__u128 sqlscore__u128_mul(uint64_t a, uint64_t b);
/* a * b; 1 on overflow of 128 bits (r untouched). */
SQLSCORE__INTERNAL int sqlscore__u128_mul128(sqlscore__u128 a, uint64_t b, sqlscore__u128 *r);
/* n / d (d > 0) as quotient and remainder; 1 if the quotient needs more than
 * 64 bits (q, r untouched). */
SQLSCORE__INTERNAL int sqlscore__u128_divmod(sqlscore__u128 n, uint64_t d, uint64_t *q, uint64_t *r);
/* <0, 0, >0 */
SQLSCORE__INTERNAL int sqlscore__u128_cmp(sqlscore__u128 a, sqlscore__u128 b);

/* Round the exact quotient (neg ? -1 : 1) * n / d to an integer with the
 * rounding mode (d > 0).  SQLSCORE_ERANGE (no detail recorded) when the
 * result does not fit in int64. */
SQLSCORE__INTERNAL int sqlscore__round_quotient(int neg, sqlscore__u128 n, uint64_t d,
                                                int32_t rounding, int64_t *out);

SQLSCORE__INTERNAL uint64_t sqlscore__gcd_u64(uint64_t a, uint64_t b);

/* Reduce num/den to lowest terms with den > 0; den must be nonzero. */
SQLSCORE__INTERNAL void sqlscore__ratio_reduce(int64_t *num, int64_t *den);

/* Check a rounding-mode argument; EINVAL with a detail naming fn. */
SQLSCORE__INTERNAL int sqlscore__check_rounding(int32_t rounding, const char *fn);

/* ---- exchange rates (cpsql.c) -------------------------------------------- */

/* Convert amount (minor units of from) to minor units of to at the rate in
 * force at time.  Same currency: amount unchanged, rates may be NULL.
 * Different currency with no rate: SQLSCORE_EINCOMPATIBLE with a detail
 * naming fn.  Overflow: SQLSCORE_ERANGE. */
SQLSCORE__INTERNAL int sqlscore__rates_convert(const sqlscore_rates *rates, int64_t amount,
                                               const char *from, const char *to,
                                               int64_t time, int32_t rounding,
                                               const char *fn, int64_t *out);

/* ---- campaigns (campaign.c) ---------------------------------------------- */

/* Sum of the spend entries of c whose category is in the mask and, unless
 * window is NULL, whose time is in [window[0], window[1]), each converted to
 * currency and rounded on its own.  Records a detail naming fn on failure. */
SQLSCORE__INTERNAL int sqlscore__campaign_spend_in(const sqlscore_campaign *c, int32_t categories,
                                                   const int64_t *window,
                                                   const char *currency,
                                                   const sqlscore_rates *rates,
                                                   int32_t rounding, const char *fn,
                                                   int64_t *total);
SQLSCORE__INTERNAL const char *sqlscore__campaign_id(const sqlscore_campaign *c);

/* Cost per fractional unit: spend / (credit / 10^6) as a reduced ratio. */
SQLSCORE__INTERNAL int sqlscore__cost_per_credit(int64_t spend, int64_t credit_ppm,
                                                 const char *fn, int64_t *num, int64_t *den);

#endif
