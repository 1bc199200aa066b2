/*
 * money_internal.h - currency table and money text helpers shared by the
 * modules (campaigns, CLI support).  Never installed.
 */
#ifndef SQLSCORE_MONEY_INTERNAL_H
#define SQLSCORE_MONEY_INTERNAL_H

#include "internal.h"

/* Minor-unit digits (0..4) of an active ISO 4217 code such as "USD", or -1
 * when code is NULL, malformed (not exactly three ASCII capital letters) or
 * not in the table.  Never records an error. */
SQLSCORE__INTERNAL int sqlscore__currency_digits(const char *code);

/* Validate a currency argument for function fn and return its digits in
 * *digits: NULL or malformed -> SQLSCORE_EINVAL, well-formed but unknown ->
 * SQLSCORE_ENOTFOUND, each with a detail naming fn. */
SQLSCORE__INTERNAL int sqlscore__currency_check(const char *code, const char *fn,
                                                int32_t *digits);

/* 10^n for 0 <= n <= 18. */
SQLSCORE__INTERNAL int64_t sqlscore__pow10_i64(int n);

#endif
