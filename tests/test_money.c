/*
 * test_money.c - ISO 4217 minor units, money parsing and formatting.
 */
#include "testutil.h"
#include "money_internal.h"

#include <limits.h>
#include <stdio.h>

#define EVEN SQLSCORE_ROUND_HALF_EVEN
#define UP SQLSCORE_ROUND_HALF_UP

START_TEST(currency_digits_table)
{
    int32_t d = -7;
    /* Values from the ISO 4217 list. */
    ck_assert_int_eq(sqlscore__currency_digits("JPY"), 0);
    ck_assert_int_eq(sqlscore__currency_digits("KRW"), 0);
    ck_assert_int_eq(sqlscore__currency_digits("CLP"), 0);
    ck_assert_int_eq(sqlscore__currency_digits("ISK"), 0);
    ck_assert_int_eq(sqlscore__currency_digits("XOF"), 0);
    ck_assert_int_eq(sqlscore__currency_digits("EUR"), 2);
    ck_assert_int_eq(sqlscore__currency_digits("USD"), 2);
    ck_assert_int_eq(sqlscore__currency_digits("GBP"), 2);
    ck_assert_int_eq(sqlscore__currency_digits("AED"), 2);   /* first entry */
    ck_assert_int_eq(sqlscore__currency_digits("ZWG"), 2);   /* last entry */
    ck_assert_int_eq(sqlscore__currency_digits("BHD"), 3);
    ck_assert_int_eq(sqlscore__currency_digits("JOD"), 3);
    ck_assert_int_eq(sqlscore__currency_digits("KWD"), 3);
    ck_assert_int_eq(sqlscore__currency_digits("OMR"), 3);
    ck_assert_int_eq(sqlscore__currency_digits("TND"), 3);
    ck_assert_int_eq(sqlscore__currency_digits("IQD"), 3);
    ck_assert_int_eq(sqlscore__currency_digits("LYD"), 3);
    ck_assert_int_eq(sqlscore__currency_digits("CLF"), 4);
    ck_assert_int_eq(sqlscore__currency_digits("UYW"), 4);
    ck_assert_int_eq(sqlscore__currency_digits("XAU"), -1); /* N.A. minor unit */
    ck_assert_int_eq(sqlscore__currency_digits("XXX"), -1);
    ck_assert_int_eq(sqlscore__currency_digits("AAA"), -1);
    ck_assert_int_eq(sqlscore__currency_digits("ZZZ"), -1);
    ck_assert_int_eq(sqlscore__currency_digits("usd"), -1);
    ck_assert_int_eq(sqlscore__currency_digits("USDX"), -1);
    ck_assert_int_eq(sqlscore__currency_digits("US"), -1);
    ck_assert_int_eq(sqlscore__currency_digits(""), -1);
    ck_assert_int_eq(sqlscore__currency_digits(NULL), -1);

    ck_assert_ok(sqlscore_currency_digits("KWD", &d));
    ck_assert_int_eq(d, 3);
    d = -7;
    ck_assert_status(sqlscore_currency_digits("ABC", &d), SQLSCORE_ENOTFOUND, "'ABC'");
    ck_assert_int_eq(d, -7);
    ck_assert_status(sqlscore_currency_digits("eur", &d), SQLSCORE_EINVAL, "three capital");
    ck_assert_status(sqlscore_currency_digits(NULL, &d), SQLSCORE_EINVAL, "currency is NULL");
    ck_assert_status(sqlscore_currency_digits("EUR", NULL), SQLSCORE_EINVAL, "digits is NULL");
    ck_assert_int_eq(d, -7);
}
END_TEST

/* The table is sorted (binary search relies on it): every code must be
 * found, which a sweep over all 17576 codes checks from the other side. */
START_TEST(currency_table_sorted_and_complete)
{
    char code[4] = "AAA";
    int n = 0, n3 = 0;
    for (code[0] = 'A'; code[0] <= 'Z'; code[0]++)
        for (code[1] = 'A'; code[1] <= 'Z'; code[1]++)
            for (code[2] = 'A'; code[2] <= 'Z'; code[2]++) {
                int d = sqlscore__currency_digits(code);
                if (d >= 0)
                    n++;
                if (d == 3)
                    n3++;
            }
    /* 166 entries in the table, seven of them with three digits. */
    ck_assert_int_eq(n, 166);
    ck_assert_int_eq(n3, 7);
}
END_TEST

static int64_t parse_ok(const char *text, const char *cur, int32_t mode)
{
    int64_t v = 0x5A5A;
    int rc = sqlscore_money_parse(&v, text, cur, mode);
    ck_assert_msg(rc == SQLSCORE_OK, "parse '%s' %s: %d %s", text, cur, rc,
                  sqlscore_error_message());
    return v;
}

START_TEST(parse_plain_forms)
{
    ck_assert_int_eq(parse_ok("1234.5", "USD", EVEN), 123450);
    ck_assert_int_eq(parse_ok("1,234.56", "USD", EVEN), 123456);
    ck_assert_int_eq(parse_ok("1,234,567", "USD", EVEN), 123456700);
    ck_assert_int_eq(parse_ok("-3", "USD", EVEN), -300);
    ck_assert_int_eq(parse_ok("+3", "USD", EVEN), 300);
    ck_assert_int_eq(parse_ok("0", "USD", EVEN), 0);
    ck_assert_int_eq(parse_ok("-0", "USD", EVEN), 0);
    ck_assert_int_eq(parse_ok("0.25", "USD", EVEN), 25);
    ck_assert_int_eq(parse_ok("007", "USD", EVEN), 700);
    ck_assert_int_eq(parse_ok("12", "JPY", EVEN), 12);
    ck_assert_int_eq(parse_ok("1.5", "KWD", EVEN), 1500);
    ck_assert_int_eq(parse_ok("0.001", "KWD", EVEN), 1);
    ck_assert_int_eq(parse_ok("2", "CLF", EVEN), 20000);
    ck_assert_int_eq(parse_ok("999,999.99", "EUR", EVEN), 99999999);
    ck_assert_int_eq(parse_ok("1.50000000000000000000000000", "USD", EVEN), 150);
}
END_TEST

START_TEST(parse_rounding_ties)
{
    /* Exactly half a cent: even neighbour vs away from zero. */
    ck_assert_int_eq(parse_ok("0.125", "USD", EVEN), 12);
    ck_assert_int_eq(parse_ok("0.125", "USD", UP), 13);
    ck_assert_int_eq(parse_ok("0.135", "USD", EVEN), 14);
    ck_assert_int_eq(parse_ok("0.135", "USD", UP), 14);
    ck_assert_int_eq(parse_ok("-0.125", "USD", EVEN), -12);
    ck_assert_int_eq(parse_ok("-0.125", "USD", UP), -13);
    ck_assert_int_eq(parse_ok("-0.135", "USD", EVEN), -14);
    ck_assert_int_eq(parse_ok("1234.567", "USD", EVEN), 123457);
    ck_assert_int_eq(parse_ok("1234.564", "USD", UP), 123456);
    /* A tie only when every later digit is 0. */
    ck_assert_int_eq(parse_ok("0.12500000", "USD", EVEN), 12);
    ck_assert_int_eq(parse_ok("0.12500001", "USD", EVEN), 13);
    ck_assert_int_eq(parse_ok("0.1249999999", "USD", UP), 12);
    /* JPY has no minor digits: 2.5 -> 2 (even) or 3, 3.5 -> 4 either way. */
    ck_assert_int_eq(parse_ok("2.5", "JPY", EVEN), 2);
    ck_assert_int_eq(parse_ok("2.5", "JPY", UP), 3);
    ck_assert_int_eq(parse_ok("3.5", "JPY", EVEN), 4);
    ck_assert_int_eq(parse_ok("-2.5", "JPY", EVEN), -2);
    ck_assert_int_eq(parse_ok("-2.5", "JPY", UP), -3);
    ck_assert_int_eq(parse_ok("0.5", "JPY", EVEN), 0);
    ck_assert_int_eq(parse_ok("-0.5", "JPY", EVEN), 0);
    ck_assert_int_eq(parse_ok("-0.004", "USD", UP), 0);
    /* Rounding carries through the integer part: 9.995 -> 10.00. */
    ck_assert_int_eq(parse_ok("9.995", "USD", UP), 1000);
    ck_assert_int_eq(parse_ok("9.995", "USD", EVEN), 1000);   /* 999.5 -> 1000 */
    ck_assert_int_eq(parse_ok("0.00045", "KWD", EVEN), 0);
    ck_assert_int_eq(parse_ok("0.00055", "KWD", EVEN), 1);
    ck_assert_int_eq(parse_ok("0.00015", "CLF", EVEN), 2);
}
END_TEST

START_TEST(parse_int64_extremes)
{
    int64_t v = 42;
    ck_assert_int_eq(parse_ok("9223372036854775807", "JPY", EVEN), INT64_MAX);
    ck_assert_int_eq(parse_ok("-9223372036854775808", "JPY", EVEN), INT64_MIN);
    ck_assert_int_eq(parse_ok("92233720368547758.07", "USD", EVEN), INT64_MAX);
    ck_assert_int_eq(parse_ok("-92,233,720,368,547,758.08", "USD", EVEN), INT64_MIN);
    ck_assert_int_eq(parse_ok("92233720368547758.0749", "USD", UP), INT64_MAX);
    ck_assert_status(sqlscore_money_parse(&v, "9223372036854775808", "JPY", EVEN),
                     SQLSCORE_ERANGE, "does not fit");
    ck_assert_status(sqlscore_money_parse(&v, "-9223372036854775809", "JPY", EVEN),
                     SQLSCORE_ERANGE, "does not fit");
    ck_assert_status(sqlscore_money_parse(&v, "92233720368547758.08", "USD", EVEN),
                     SQLSCORE_ERANGE, "does not fit");
    /* Fits before rounding, not after. */
    ck_assert_status(sqlscore_money_parse(&v, "92233720368547758.075", "USD", UP),
                     SQLSCORE_ERANGE, "after rounding");
    ck_assert_status(sqlscore_money_parse(&v, "-9223372036854775808.5", "JPY", UP),
                     SQLSCORE_ERANGE, "after rounding");
    /* ...but half-even keeps ...808 (even) in range. */
    ck_assert_int_eq(parse_ok("-9223372036854775808.5", "JPY", EVEN), INT64_MIN);
    ck_assert_status(sqlscore_money_parse(&v, "100000000000000000000000", "USD", EVEN),
                     SQLSCORE_ERANGE, "does not fit");
    /* Malformed beats too large. */
    ck_assert_status(sqlscore_money_parse(&v, "100000000000000000000000x", "USD", EVEN),
                     SQLSCORE_EPARSE, "position 25");
    ck_assert_int_eq(v, 42);
}
END_TEST

START_TEST(parse_errors_name_position)
{
    int64_t v = 42;
    ck_assert_status(sqlscore_money_parse(&v, "", "USD", EVEN), SQLSCORE_EPARSE, "empty");
    ck_assert_status(sqlscore_money_parse(&v, "1,23.4", "USD", EVEN), SQLSCORE_EPARSE,
                     "position 5: digit groups");
    ck_assert_status(sqlscore_money_parse(&v, "12,34", "USD", EVEN), SQLSCORE_EPARSE,
                     "position 6");
    ck_assert_status(sqlscore_money_parse(&v, "1,2345", "USD", EVEN), SQLSCORE_EPARSE,
                     "position 6");
    ck_assert_status(sqlscore_money_parse(&v, "1234,567", "USD", EVEN), SQLSCORE_EPARSE,
                     "position 5: the first group");
    ck_assert_status(sqlscore_money_parse(&v, "1,,234", "USD", EVEN), SQLSCORE_EPARSE,
                     "position 3");
    ck_assert_status(sqlscore_money_parse(&v, "1,234,", "USD", EVEN), SQLSCORE_EPARSE,
                     "position 7");
    ck_assert_status(sqlscore_money_parse(&v, ",123", "USD", EVEN), SQLSCORE_EPARSE,
                     "position 1: expected a digit");
    ck_assert_status(sqlscore_money_parse(&v, "0,500", "EUR", EVEN), SQLSCORE_EPARSE,
                     "position 1: a grouped number cannot start with 0");
    ck_assert_status(sqlscore_money_parse(&v, "-01,500", "EUR", EVEN), SQLSCORE_EPARSE,
                     "position 2: a grouped");
    ck_assert_status(sqlscore_money_parse(&v, ".5", "USD", EVEN), SQLSCORE_EPARSE,
                     "position 1: expected a digit");
    ck_assert_status(sqlscore_money_parse(&v, "5.", "USD", EVEN), SQLSCORE_EPARSE,
                     "position 3: expected a digit after the decimal point");
    ck_assert_status(sqlscore_money_parse(&v, "-", "USD", EVEN), SQLSCORE_EPARSE,
                     "position 2: expected a digit, found the end");
    ck_assert_status(sqlscore_money_parse(&v, "+-3", "USD", EVEN), SQLSCORE_EPARSE,
                     "position 2");
    ck_assert_status(sqlscore_money_parse(&v, " 5", "USD", EVEN), SQLSCORE_EPARSE,
                     "position 1");
    ck_assert_status(sqlscore_money_parse(&v, "5 ", "USD", EVEN), SQLSCORE_EPARSE,
                     "position 2: unexpected character");
    ck_assert_status(sqlscore_money_parse(&v, "1e3", "USD", EVEN), SQLSCORE_EPARSE,
                     "position 2");
    ck_assert_status(sqlscore_money_parse(&v, "1.2.3", "USD", EVEN), SQLSCORE_EPARSE,
                     "position 4");
    ck_assert_status(sqlscore_money_parse(&v, "1.234,5", "USD", EVEN), SQLSCORE_EPARSE,
                     "position 6");
    ck_assert_status(sqlscore_money_parse(&v, "$5", "USD", EVEN), SQLSCORE_EPARSE,
                     "position 1");
    ck_assert_status(sqlscore_money_parse(&v, "5\xc3\xa9", "USD", EVEN), SQLSCORE_EPARSE,
                     "position 2");
    ck_assert_int_eq(v, 42);
}
END_TEST

START_TEST(parse_bad_arguments)
{
    int64_t v = 42;
    ck_assert_status(sqlscore_money_parse(NULL, "1", "USD", EVEN), SQLSCORE_EINVAL, "minor is NULL");
    ck_assert_status(sqlscore_money_parse(&v, NULL, "USD", EVEN), SQLSCORE_EINVAL, "text is NULL");
    ck_assert_status(sqlscore_money_parse(&v, "1", NULL, EVEN), SQLSCORE_EINVAL, "currency is NULL");
    ck_assert_status(sqlscore_money_parse(&v, "1", "Usd", EVEN), SQLSCORE_EINVAL, "three capital");
    ck_assert_status(sqlscore_money_parse(&v, "1", "QQQ", EVEN), SQLSCORE_ENOTFOUND, "'QQQ'");
    ck_assert_status(sqlscore_money_parse(&v, "1", "USD", 2), SQLSCORE_EINVAL, "rounding mode 2");
    ck_assert_status(sqlscore_money_parse(&v, "1", "USD", -1), SQLSCORE_EINVAL, "rounding mode -1");
    ck_assert_int_eq(v, 42);
}
END_TEST

static void format_is(int64_t minor, const char *cur, const char *want)
{
    char buf[32];
    size_t needed = 0;
    int64_t back = 0;
    ck_assert_ok(sqlscore_money_format(buf, sizeof buf, &needed, minor, cur));
    ck_assert_str_eq(buf, want);
    ck_assert_uint_eq(needed, strlen(want) + 1);
    /* Round trip through the parser. */
    ck_assert_ok(sqlscore_money_parse(&back, buf, cur, EVEN));
    ck_assert_int_eq(back, minor);
}

START_TEST(format_values)
{
    format_is(-123456, "USD", "-1234.56");
    format_is(123456, "USD", "1234.56");
    format_is(5, "USD", "0.05");
    format_is(-5, "USD", "-0.05");
    format_is(0, "USD", "0.00");
    format_is(5, "JPY", "5");
    format_is(-5, "JPY", "-5");
    format_is(1, "KWD", "0.001");
    format_is(12345, "CLF", "1.2345");
    format_is(INT64_MAX, "USD", "92233720368547758.07");
    format_is(INT64_MIN, "USD", "-92233720368547758.08");
    format_is(INT64_MIN, "JPY", "-9223372036854775808");
    format_is(INT64_MIN, "UYW", "-922337203685477.5808");
}
END_TEST

START_TEST(format_buffer_size)
{
    char buf[8];
    size_t needed = 0;
    memset(buf, 'x', sizeof buf);
    ck_assert_status(sqlscore_money_format(buf, 7, &needed, 123456, "USD"),
                     SQLSCORE_EBUFSIZE, "8 needed");
    ck_assert_uint_eq(needed, 8);   /* "1234.56" is 7 characters + NUL */
    ck_assert_int_eq(buf[0], 'x');
    needed = 0;
    ck_assert_status(sqlscore_money_format(NULL, 0, &needed, -123456, "USD"),
                     SQLSCORE_EBUFSIZE, "0 bytes");
    ck_assert_uint_eq(needed, 9);   /* "-1234.56" is 8 characters + NUL */
    ck_assert_ok(sqlscore_money_format(buf, 8, NULL, 123456, "USD"));
    ck_assert_str_eq(buf, "1234.56");   /* exactly fits: 7 + NUL */
    ck_assert_status(sqlscore_money_format(NULL, 4, &needed, 1, "USD"),
                     SQLSCORE_EINVAL, "buf is NULL");
    ck_assert_status(sqlscore_money_format(buf, 8, &needed, 1, "XYZ"),
                     SQLSCORE_ENOTFOUND, "'XYZ'");
    ck_assert_status(sqlscore_money_format(buf, 8, &needed, 1, NULL),
                     SQLSCORE_EINVAL, "currency is NULL");
}
END_TEST

Suite *sqlscore_test_suite(void)
{
    Suite *s = suite_create("money");
    TCase *tc = tcase_create("money");
    tcase_add_test(tc, currency_digits_table);
    tcase_add_test(tc, currency_table_sorted_and_complete);
    tcase_add_test(tc, parse_plain_forms);
    tcase_add_test(tc, parse_rounding_ties);
    tcase_add_test(tc, parse_int64_extremes);
    tcase_add_test(tc, parse_errors_name_position);
    tcase_add_test(tc, parse_bad_arguments);
    tcase_add_test(tc, format_values);
    tcase_add_test(tc, format_buffer_size);
    suite_add_tcase(s, tc);
    return s;
}
