/*
 * money.c - ISO 4217 minor units, and exact money text parsing/formatting.
 *
 * Money is an int64_t count of minor units; nothing here uses floating
 * point.  Parsing accumulates the magnitude in uint64_t so that INT64_MIN
 * (whose magnitude is INT64_MAX + 1) is reachable.
 */
#include "money_internal.h"

#include <string.h>

/* ISO 4217 list one, active codes with a defined minor unit, sorted by
 * code for binary search.  Codes whose minor unit is "N.A." in the standard
 * (precious metals XAU/XAG/XPD/XPT, XDR, XSU, XUA, the bond units XBA..XBD,
 * XTS, XXX) have no minor unit to count in and are deliberately absent.
 * ANG is kept alongside its successor XCG while both circulate. */
static const struct money_currency {
    char code[4];
    signed char digits;
} money_currencies[] = {
    {"AED", 2}, {"AFN", 2}, {"ALL", 2}, {"AMD", 2}, {"ANG", 2}, {"AOA", 2},
    {"ARS", 2}, {"AUD", 2}, {"AWG", 2}, {"AZN", 2}, {"BAM", 2}, {"BBD", 2},
    {"BDT", 2}, {"BGN", 2}, {"BHD", 3}, {"BIF", 0}, {"BMD", 2}, {"BND", 2},
    {"BOB", 2}, {"BOV", 2}, {"BRL", 2}, {"BSD", 2}, {"BTN", 2}, {"BWP", 2},
    {"BYN", 2}, {"BZD", 2}, {"CAD", 2}, {"CDF", 2}, {"CHE", 2}, {"CHF", 2},
    {"CHW", 2}, {"CLF", 4}, {"CLP", 0}, {"CNY", 2}, {"COP", 2}, {"COU", 2},
    {"CRC", 2}, {"CUP", 2}, {"CVE", 2}, {"CZK", 2}, {"DJF", 0}, {"DKK", 2},
    {"DOP", 2}, {"DZD", 2}, {"EGP", 2}, {"ERN", 2}, {"ETB", 2}, {"EUR", 2},
    {"FJD", 2}, {"FKP", 2}, {"GBP", 2}, {"GEL", 2}, {"GHS", 2}, {"GIP", 2},
    {"GMD", 2}, {"GNF", 0}, {"GTQ", 2}, {"GYD", 2}, {"HKD", 2}, {"HNL", 2},
    {"HTG", 2}, {"HUF", 2}, {"IDR", 2}, {"ILS", 2}, {"INR", 2}, {"IQD", 3},
    {"IRR", 2}, {"ISK", 0}, {"JMD", 2}, {"JOD", 3}, {"JPY", 0}, {"KES", 2},
    {"KGS", 2}, {"KHR", 2}, {"KMF", 0}, {"KPW", 2}, {"KRW", 0}, {"KWD", 3},
    {"KYD", 2}, {"KZT", 2}, {"LAK", 2}, {"LBP", 2}, {"LKR", 2}, {"LRD", 2},
    {"LSL", 2}, {"LYD", 3}, {"MAD", 2}, {"MDL", 2}, {"MGA", 2}, {"MKD", 2},
    {"MMK", 2}, {"MNT", 2}, {"MOP", 2}, {"MRU", 2}, {"MUR", 2}, {"MVR", 2},
    {"MWK", 2}, {"MXN", 2}, {"MXV", 2}, {"MYR", 2}, {"MZN", 2}, {"NAD", 2},
    {"NGN", 2}, {"NIO", 2}, {"NOK", 2}, {"NPR", 2}, {"NZD", 2}, {"OMR", 3},
    {"PAB", 2}, {"PEN", 2}, {"PGK", 2}, {"PHP", 2}, {"PKR", 2}, {"PLN", 2},
    {"PYG", 0}, {"QAR", 2}, {"RON", 2}, {"RSD", 2}, {"RUB", 2}, {"RWF", 0},
    {"SAR", 2}, {"SBD", 2}, {"SCR", 2}, {"SDG", 2}, {"SEK", 2}, {"SGD", 2},
    {"SHP", 2}, {"SLE", 2}, {"SOS", 2}, {"SRD", 2}, {"SSP", 2}, {"STN", 2},
    {"SVC", 2}, {"SYP", 2}, {"SZL", 2}, {"THB", 2}, {"TJS", 2}, {"TMT", 2},
    {"TND", 3}, {"TOP", 2}, {"TRY", 2}, {"TTD", 2}, {"TWD", 2}, {"TZS", 2},
    {"UAH", 2}, {"UGX", 0}, {"USD", 2}, {"USN", 2}, {"UYI", 0}, {"UYU", 2},
    {"UYW", 4}, {"UZS", 2}, {"VED", 2}, {"VES", 2}, {"VND", 0}, {"VUV", 0},
    {"WST", 2}, {"XAF", 0}, {"XCD", 2}, {"XCG", 2}, {"XOF", 0}, {"XPF", 0},
    {"YER", 2}, {"ZAR", 2}, {"ZMW", 2}, {"ZWG", 2},
};

static int money_code_wellformed(const char *code)
{
    int i;
    for (i = 0; i < 3; i++)
        if (code[i] < 'A' || code[i] > 'Z')
            return 0;
    return code[3] == '\0';
}

int sqlscore__currency_digits(const char *code)
{
    size_t lo = 0, hi = sizeof money_currencies / sizeof money_currencies[0];
    if (code == NULL || !money_code_wellformed(code))
        return -1;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = memcmp(code, money_currencies[mid].code, 3);
        if (c == 0)
            return money_currencies[mid].digits;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return -1;
}

int sqlscore__currency_check(const char *code, const char *fn, int32_t *digits)
{
    int d;
    SQLSCORE__CHECK_NULL(code, fn, "currency");
    if (!money_code_wellformed(code))
        return sqlscore__fail(SQLSCORE_EINVAL,
                              "%s: currency must be three capital letters "
                              "(ISO 4217), got '%.16s'", fn, code);
    d = sqlscore__currency_digits(code);
    if (d < 0)
        return sqlscore__fail(SQLSCORE_ENOTFOUND,
                              "%s: unknown currency '%s' (not an active ISO "
                              "4217 code with minor units)", fn, code);
    *digits = d;
    return SQLSCORE_OK;
}

int64_t sqlscore__pow10_i64(int n)
{
    int64_t p = 1;
    while (n-- > 0)
        p *= 10;
    return p;
}

SQLSCORE_API int sqlscore_currency_digits(const char *currency, int32_t *digits)
{
    int32_t d;
    int rc;
    SQLSCORE__CHECK_NULL(digits, "sqlscore_currency_digits", "digits");
    rc = sqlscore__currency_check(currency, "sqlscore_currency_digits", &d);
    if (rc != SQLSCORE_OK)
        return rc;
    *digits = d;
    return SQLSCORE_OK;
}

/* Report a parse error at 1-based byte position pos of text. */
static int money_parse_fail(const char *text, size_t pos, const char *what)
{
    return sqlscore__fail(SQLSCORE_EPARSE,
                          "sqlscore_money_parse: '%.40s': position %zu: %s",
                          text, pos, what);
}

/* mag = mag * 10 + digit, bounded by limit; 1 on overflow. */
static int money_push_digit(uint64_t *mag, unsigned digit, uint64_t limit)
{
    if (*mag > (limit - digit) / 10)
        return 1;
    *mag = *mag * 10 + digit;
    return 0;
}

SQLSCORE_API int sqlscore_money_parse(int64_t *minor, const char *text,
                                      const char *currency, int32_t rounding)
{
    static const char fn[] = "sqlscore_money_parse";
    const char *p;
    int32_t digits;
    int rc, neg = 0, grouped = 0, kept = 0, over = 0;
    uint64_t mag = 0, limit;
    unsigned first_dropped = 0;   /* first digit beyond the currency's */
    int dropped_any = 0, rest_nonzero = 0;
    size_t run;                   /* digits since the start or last comma */

    SQLSCORE__CHECK_NULL(minor, fn, "minor");
    SQLSCORE__CHECK_NULL(text, fn, "text");
    rc = sqlscore__currency_check(currency, fn, &digits);
    if (rc != SQLSCORE_OK)
        return rc;
    if (rounding != SQLSCORE_ROUND_HALF_EVEN && rounding != SQLSCORE_ROUND_HALF_UP)
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: unknown rounding mode %d",
                              fn, (int)rounding);
    if (text[0] == '\0')
        return sqlscore__fail(SQLSCORE_EPARSE, "%s: empty text", fn);

    p = text;
    if (*p == '-' || *p == '+') {
        neg = *p == '-';
        p++;
    }
    limit = neg ? (uint64_t)INT64_MAX + 1u : (uint64_t)INT64_MAX;

    /* Integer part: at least one digit; commas only between groups of
     * exactly three, and the first group of a grouped number neither empty
     * nor starting with 0 (so a European "0,500" is not read as 500). */
    if (*p < '0' || *p > '9')
        return money_parse_fail(text, (size_t)(p - text) + 1,
                                *p == '\0' ? "expected a digit, found the end"
                                           : "expected a digit");
    run = 0;
    for (;; p++) {
        if (*p >= '0' && *p <= '9') {
            if (!over && money_push_digit(&mag, (unsigned)(*p - '0'), limit))
                over = 1;
            run++;
            if (grouped && run > 3)
                return money_parse_fail(text, (size_t)(p - text) + 1,
                                        "digit groups after a comma must have "
                                        "exactly three digits");
        } else if (*p == ',') {
            if (!grouped) {
                const char *start = (*text == '-' || *text == '+') ? text + 1 : text;
                if (run > 3)
                    return money_parse_fail(text, (size_t)(p - text) + 1,
                                            "the first group before a comma has "
                                            "more than three digits");
                if (*start == '0')
                    return money_parse_fail(text, (size_t)(start - text) + 1,
                                            "a grouped number cannot start "
                                            "with 0");
            } else if (run != 3) {
                return money_parse_fail(text, (size_t)(p - text) + 1,
                                        "digit groups after a comma must have "
                                        "exactly three digits");
            }
            grouped = 1;
            run = 0;
        } else {
            break;
        }
    }
    if (grouped && run != 3)
        return money_parse_fail(text, (size_t)(p - text) + 1,
                                "digit groups after a comma must have "
                                "exactly three digits");

    if (*p == '.') {
        p++;
        if (*p < '0' || *p > '9')
            return money_parse_fail(text, (size_t)(p - text) + 1,
                                    "expected a digit after the decimal point");
        for (; *p >= '0' && *p <= '9'; p++) {
            unsigned dg = (unsigned)(*p - '0');
            if (kept < digits) {
                if (!over && money_push_digit(&mag, dg, limit))
                    over = 1;
                kept++;
            } else if (!dropped_any) {
                first_dropped = dg;
                dropped_any = 1;
            } else if (dg != 0) {
                rest_nonzero = 1;
            }
        }
    }
    if (*p != '\0')
        return money_parse_fail(text, (size_t)(p - text) + 1,
                                "unexpected character");

    /* Scale to minor units: the digits not written count as zeros. */
    for (; kept < digits && !over; kept++)
        if (money_push_digit(&mag, 0, limit))
            over = 1;
    /* Overflow is reported only once the whole text is known to be well
     * formed, so malformed text is always a parse error. */
    if (over)
        return sqlscore__fail(SQLSCORE_ERANGE,
                                  "%s: '%.40s': amount does not fit in int64 "
                                  "minor units", fn, text);

    /* Round the magnitude; since the sign is applied afterwards, half-up is
     * "half away from zero" and half-even is symmetric. */
    if (dropped_any) {
        int up;
        if (first_dropped > 5 || (first_dropped == 5 && rest_nonzero))
            up = 1;
        else if (first_dropped < 5)
            up = 0;
        else
            up = rounding == SQLSCORE_ROUND_HALF_UP || (mag & 1u);
        if (up) {
            if (mag == limit)
                return sqlscore__fail(SQLSCORE_ERANGE,
                                      "%s: '%.40s': amount does not fit in "
                                      "int64 minor units after rounding", fn, text);
            mag++;
        }
    }

    if (neg)
        *minor = mag == (uint64_t)INT64_MAX + 1u ? INT64_MIN : -(int64_t)mag;
    else
        *minor = (int64_t)mag;
    return SQLSCORE_OK;
}

SQLSCORE_API int sqlscore_money_format(char *buf, size_t size, size_t *needed,
                                       int64_t minor, const char *currency)
{
    static const char fn[] = "sqlscore_money_format";
    char tmp[32];   /* "-9223372036854775808" plus a point: 22 bytes */
    char *end = tmp + sizeof tmp, *q = end;
    uint64_t mag;
    int32_t digits;
    int rc, i;
    size_t len;

    rc = sqlscore__currency_check(currency, fn, &digits);
    if (rc != SQLSCORE_OK)
        return rc;
    if (buf == NULL && size > 0)
        return sqlscore__fail(SQLSCORE_EINVAL, "%s: buf is NULL but size is %zu",
                              fn, size);

    mag = minor < 0 ? (uint64_t)0 - (uint64_t)minor : (uint64_t)minor;
    *--q = '\0';
    for (i = 0; i < digits; i++) {
        *--q = (char)('0' + (int)(mag % 10));
        mag /= 10;
    }
    if (digits > 0)
        *--q = '.';
    do {
        *--q = (char)('0' + (int)(mag % 10));
        mag /= 10;
    } while (mag > 0);
    if (minor < 0)
        *--q = '-';
    len = (size_t)(end - q);   /* including the NUL */

    if (len > size) {
        if (needed != NULL)
            *needed = len;
        return sqlscore__fail(SQLSCORE_EBUFSIZE,
                              "%s: buffer of %zu bytes, %zu needed", fn, size, len);
    }
    memcpy(buf, q, len);
    if (needed != NULL)
        *needed = len;
    return SQLSCORE_OK;
}
