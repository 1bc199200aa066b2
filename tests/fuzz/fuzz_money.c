/*
 * fuzz_money.c - libFuzzer harness for sqlscore_money_parse() and
 * sqlscore_money_format(), which read amounts from spend exports and
 * users' command lines.
 *
 * Input: byte 0 picks the currency (and an invalid or unknown code now and
 * then), byte 1 the rounding mode; the rest, up to the first NUL, is the
 * amount text.  Properties checked (abort() on violation):
 * - the status is one the header documents, and *minor is written only on
 *   success;
 * - EPARSE exactly when the text breaks the documented grammar (checked by
 *   an independent recogniser below), for a valid currency and mode;
 * - well-formed text whose integer part has at most 14 significant digits
 *   always fits (10^14 * 10^4 < 2^63);
 * - formatting the parsed amount and parsing that text gives it back, in
 *   both rounding modes, and the reported size matches the text;
 * - the two rounding modes differ by at most one minor unit, and not at all
 *   when no digit beyond the minor units was given;
 * - a leading '-' negates the amount exactly.
 */
#include "sqlscore.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz_check.h"

static const char *const money_currencies[] = {
    "USD", "EUR", "JPY", "KWD", "BHD", "CLF", "UYW", "KRW", "GBP", "CHF",
    "XXX",   /* well formed, not money: ENOTFOUND */
    "QQQ",   /* well formed, unknown: ENOTFOUND */
    "usd",   /* malformed: EINVAL */
    "US",    /* malformed: EINVAL */
};
#define MONEY_NCUR (sizeof money_currencies / sizeof money_currencies[0])
#define MONEY_SENTINEL INT64_C(0x5A5A5A5A5A5A5A5A)

static int money_is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* The grammar of the header, written independently:
 *   amount  = [ "+" | "-" ] integer [ "." digit { digit } ]
 *   integer = digit { digit } | lead { "," digit digit digit }
 *   lead    = one to three digits, not starting with 0
 * Returns 1 when text is an amount; *sig gets the significant digits of
 * the integer part, *frac the number of fraction digits. */
static int money_grammar(const char *t, size_t *sig, size_t *frac)
{
    const char *p = t, *start;
    size_t n = 0, lead = 0;
    int seen_nonzero = 0;

    *sig = 0;
    *frac = 0;
    if (*p == '+' || *p == '-')
        p++;
    start = p;
    while (money_is_digit(*p)) {
        if (*p != '0')
            seen_nonzero = 1;
        if (seen_nonzero)
            (*sig)++;
        p++;
        n++;
    }
    if (n == 0)
        return 0;
    if (*p == ',') {
        lead = n;
        if (lead > 3 || *start == '0')
            return 0;
        while (*p == ',') {
            if (!money_is_digit(p[1]) || !money_is_digit(p[2]) ||
                !money_is_digit(p[3]))
                return 0;
            *sig += 3;
            p += 4;
        }
        if (money_is_digit(*p))
            return 0;
    }
    if (*p == '.') {
        p++;
        while (money_is_digit(*p)) {
            p++;
            (*frac)++;
        }
        if (*frac == 0)
            return 0;
    }
    return *p == '\0';
}

static void money_roundtrip(int64_t minor, const char *cur)
{
    char buf[32];
    size_t needed = 0, needed0 = 0;
    int64_t back = MONEY_SENTINEL;

    FUZZ_CHECK(sqlscore_money_format(NULL, 0, &needed0, minor, cur) == SQLSCORE_EBUFSIZE);
    FUZZ_CHECK(sqlscore_money_format(buf, sizeof buf, &needed, minor, cur) == SQLSCORE_OK);
    FUZZ_CHECK(needed == needed0 && needed == strlen(buf) + 1 && needed <= 23);
    FUZZ_CHECK(sqlscore_money_parse(&back, buf, cur, SQLSCORE_ROUND_HALF_EVEN) == SQLSCORE_OK);
    FUZZ_CHECK(back == minor);
    back = MONEY_SENTINEL;
    FUZZ_CHECK(sqlscore_money_parse(&back, buf, cur, SQLSCORE_ROUND_HALF_UP) == SQLSCORE_OK);
    FUZZ_CHECK(back == minor);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *cur;
    int32_t rounding, digits = -1;
    char *text, *neg;
    size_t len, sig, frac;
    int64_t minor = MONEY_SENTINEL, even = MONEY_SENTINEL, up = MONEY_SENTINEL;
    int rc, known, grammatical;

    if (size < 2)
        return 0;
    cur = money_currencies[data[0] % MONEY_NCUR];
    rounding = (int32_t)(data[1] % 3);        /* 2 is not a mode: EINVAL */
    data += 2;
    size -= 2;
    len = size;
    if (size > 0 && memchr(data, '\0', size) != NULL)
        len = strlen((const char *)data);
    text = malloc(len + 2);
    if (text == NULL)
        return 0;
    if (len > 0)
        memcpy(text, data, len);
    text[len] = '\0';

    rc = sqlscore_money_parse(&minor, text, cur, rounding);
    FUZZ_CHECK(rc == SQLSCORE_OK || rc == SQLSCORE_EINVAL || rc == SQLSCORE_ENOTFOUND ||
               rc == SQLSCORE_EPARSE || rc == SQLSCORE_ERANGE);
    if (rc != SQLSCORE_OK) {
        FUZZ_CHECK(minor == MONEY_SENTINEL);
        FUZZ_CHECK(sqlscore_error_code() == rc);
        FUZZ_CHECK(sqlscore_error_message()[0] != '\0');
    }

    known = sqlscore_currency_digits(cur, &digits) == SQLSCORE_OK;
    grammatical = money_grammar(text, &sig, &frac);
    if (!known || rounding > 1) {
        FUZZ_CHECK(rc == SQLSCORE_EINVAL || rc == SQLSCORE_ENOTFOUND);
        free(text);
        return 0;
    }
    FUZZ_CHECK(digits >= 0 && digits <= 4);
    FUZZ_CHECK((rc == SQLSCORE_EPARSE) == !grammatical);
    if (grammatical && sig <= 14)
        FUZZ_CHECK(rc == SQLSCORE_OK);
    if (rc != SQLSCORE_OK) {
        free(text);
        return 0;
    }

    money_roundtrip(minor, cur);
    FUZZ_CHECK(sqlscore_money_parse(&even, text, cur, SQLSCORE_ROUND_HALF_EVEN) == SQLSCORE_OK);
    if (sqlscore_money_parse(&up, text, cur, SQLSCORE_ROUND_HALF_UP) == SQLSCORE_OK) {
        FUZZ_CHECK(even - up <= 1 && up - even <= 1);
        if (frac <= (size_t)digits)
            FUZZ_CHECK(even == up);
    }

    /* Negating the text negates the amount (both modes are symmetric). */
    if (text[0] != '-' && text[0] != '+') {
        neg = malloc(len + 2);
        if (neg != NULL) {
            int64_t m2 = MONEY_SENTINEL;
            neg[0] = '-';
            memcpy(neg + 1, text, len + 1);
            FUZZ_CHECK(sqlscore_money_parse(&m2, neg, cur, rounding) == SQLSCORE_OK);
            FUZZ_CHECK(m2 == -minor);
            free(neg);
        }
    }
    free(text);
    return 0;
}
