/*
 * test_cli.c - internals of the sqlscore program: the CSV reader on the
 * fixtures in tests/data/, the civil-date time parser, and the output
 * writers.  The program as a whole is tested by tests/cli.sh.
 */
#include "testutil.h"

#include "csvin.h"
#include "keymap.h"
#include "output.h"
#include "timeparse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- CSV reader --------------------------------------------------------- */

static char fixture_path[1024];

static const char *fixture(const char *name)
{
    const char *top = getenv("top_srcdir");
    snprintf(fixture_path, sizeof fixture_path, "%s/tests/data/%s", top ? top : ".", name);
    return fixture_path;
}

/* Collects "LINE:cell|cell|..." per record, missing cells as <NA>. */
struct collect {
    char text[2048];
};

static int collect_record(csvin *r, void *vctx)
{
    struct collect *c = vctx;
    size_t i, len = strlen(c->text);

    len += (size_t)snprintf(c->text + len, sizeof c->text - len, "%ld:", csvin_line(r));
    for (i = 0; i < csvin_ncols(r); i++) {
        const char *s;
        if (csvin_get(r, i, &s) != 0)
            return -1;
        len += (size_t)snprintf(c->text + len, sizeof c->text - len, "%s%s", i ? "|" : "",
                                s ? s : "<NA>");
    }
    snprintf(c->text + len, sizeof c->text - len, "\n");
    return 0;
}

START_TEST(csv_bom_crlf_quotes_na_trailing_column)
{
    struct collect c = {{0}};
    csvin *r = csvin_open(fixture("quoted.csv"), CSVIN_UTF8, 0);
    size_t col;

    ck_assert_msg(r != NULL, "%s", csvin_error());
    /* The BOM is not part of the first name; the trailing comma of the
     * header is a fourth, empty column. */
    ck_assert_uint_eq(csvin_ncols(r), 4);
    ck_assert_str_eq(csvin_colname(r, 0), "id");
    ck_assert_str_eq(csvin_colname(r, 3), "");
    ck_assert_int_eq(csvin_run(r, collect_record, &c), 0);
    /* Record 1 starts on line 2 and spans two physical lines; a blank line
     * follows, so record 2 starts on line 5. */
    ck_assert_str_eq(c.text,
                     "2:1|Smith, Jo|first line\r\nsecond \"quoted\" line|<NA>\n"
                     "5:2|<NA>|plain|<NA>\n"
                     "6:3|<NA>|<NA>|<NA>\n");
    ck_assert_uint_eq(csvin_rows(r), 3);
    ck_assert_int_eq(csvin_find(r, "NAME", &col), 0);
    ck_assert_uint_eq(col, 1);
    ck_assert_int_eq(csvin_find(r, "3", &col), 0);
    ck_assert_uint_eq(col, 2);
    ck_assert_int_eq(csvin_find(r, "missing", &col), -1);
    ck_assert_msg(strstr(csvin_error(), "quoted.csv:1: no column 'missing' in the header"),
                  "%s", csvin_error());
    csvin_close(r);
}
END_TEST

START_TEST(csv_lone_cr_line_ends)
{
    struct collect c = {{0}};
    csvin *r = csvin_open(fixture("cr-only.csv"), CSVIN_UTF8, 0);

    ck_assert_ptr_nonnull(r);
    ck_assert_int_eq(csvin_run(r, collect_record, &c), 0);
    /* The header shares no read with lost records; the quoted CR stays in
     * the field and counts as a line break. */
    ck_assert_str_eq(c.text, "2:1|a\rb\n4:2|plain\n");
    csvin_close(r);
}
END_TEST

START_TEST(csv_latin1_is_converted)
{
    struct collect c = {{0}};
    csvin *r = csvin_open(fixture("latin1.csv"), CSVIN_LATIN1, 0);

    ck_assert_ptr_nonnull(r);
    ck_assert_int_eq(csvin_run(r, collect_record, &c), 0);
    ck_assert_str_eq(c.text, "2:1|K\xc3\xb6ln\n3:2|Malm\xc3\xb6\n");
    csvin_close(r);
}
END_TEST

START_TEST(csv_latin1_read_as_utf8_fails_with_line_and_column)
{
    struct collect c = {{0}};
    csvin *r = csvin_open(fixture("latin1.csv"), CSVIN_UTF8, 0);

    ck_assert_ptr_nonnull(r);
    ck_assert_int_eq(csvin_run(r, collect_record, &c), -1);
    ck_assert_msg(strstr(csvin_error(), "latin1.csv:2: column 'city': invalid UTF-8 (byte 0xF6 at offset 1)"),
                  "%s", csvin_error());
    csvin_close(r);
}
END_TEST

/* Reading only column 0 never looks at the bytes of the others. */
static int first_column_only(csvin *r, void *vctx)
{
    const char *s;
    (void)vctx;
    return csvin_get(r, 0, &s);
}

START_TEST(csv_bad_bytes_in_unused_column_are_fine)
{
    csvin *r = csvin_open(fixture("latin1.csv"), CSVIN_UTF8, 0);
    ck_assert_ptr_nonnull(r);
    ck_assert_int_eq(csvin_run(r, first_column_only, NULL), 0);
    ck_assert_uint_eq(csvin_rows(r), 2);
    csvin_close(r);
}
END_TEST

static void expect_error(const char *file, const char *want)
{
    struct collect c = {{0}};
    csvin *r = csvin_open(fixture(file), CSVIN_UTF8, 0);
    ck_assert_ptr_nonnull(r);
    ck_assert_int_eq(csvin_run(r, collect_record, &c), -1);
    ck_assert_msg(strstr(csvin_error(), want), "'%s' lacks '%s'", csvin_error(), want);
    csvin_close(r);
}

START_TEST(csv_errors_name_file_line_column)
{
    expect_error("bad-fields.csv", "bad-fields.csv:3: 3 fields, but the header has 2");
    /* "2,"7"x": the x after the closing quote is byte 6 of line 3. */
    expect_error("bad-quote.csv", "bad-quote.csv:3:6: malformed field");
    /* The quote opens on line 3; the file ends inside it. */
    expect_error("unterminated.csv", "unterminated.csv:3: unterminated quoted field");
}
END_TEST

START_TEST(csv_missing_and_empty_files)
{
    ck_assert_ptr_null(csvin_open(fixture("no-such-file.csv"), CSVIN_UTF8, 0));
    ck_assert_ptr_nonnull(strstr(csvin_error(), "no-such-file.csv: No such file"));
    ck_assert_ptr_null(csvin_open("/dev/null", CSVIN_UTF8, 0));
    ck_assert_str_eq(csvin_error(), "/dev/null: empty file: no header row");
}
END_TEST

/* ---- time parser -------------------------------------------------------- */

static int64_t t_ok(const char *s)
{
    int64_t t = 0;
    const char *why = "";
    ck_assert_msg(cli_time_parse(s, &t, &why) == 0, "'%s': %s", s, why);
    return t;
}

static void t_bad(const char *s, const char *want)
{
    int64_t t = 12345;
    const char *why = "";
    ck_assert_msg(cli_time_parse(s, &t, &why) == -1, "'%s' accepted", s);
    ck_assert_int_eq(t, 12345);
    ck_assert_msg(strstr(why, want), "'%s': '%s' lacks '%s'", s, why, want);
}

START_TEST(time_dates_and_timestamps)
{
    /* 2026-03-01: 56 years after 1970 with 14 leap days (1972..2024):
     * 56*365 + 14 = 20454 days, + Jan 31 + Feb 28 = 20513 days. */
    ck_assert_int_eq(t_ok("2026-03-01"), INT64_C(20513) * 86400);
    ck_assert_int_eq(t_ok("20260301"), INT64_C(20513) * 86400);
    ck_assert_int_eq(t_ok("1970-01-01T00:00:00Z"), 0);
    ck_assert_int_eq(t_ok("1970-01-01T01:02:03"), 3723);
    ck_assert_int_eq(t_ok("1970-01-01 01:02"), 3720);
    /* A zone east of Greenwich is earlier in UTC. */
    ck_assert_int_eq(t_ok("1970-01-02T02:00:00+02:00"), 86400);
    ck_assert_int_eq(t_ok("1970-01-01T00:00:00-0530"), 5 * 3600 + 1800);
    ck_assert_int_eq(t_ok("1970-01-01T00:00:00+01"), -3600);
    ck_assert_int_eq(t_ok("1970-01-01T00:00:07.999Z"), 7);
    /* 2024-02-29 is a leap day; 1704067200 is 2024-01-01 (date -u -d). */
    ck_assert_int_eq(t_ok("2024-02-29"), INT64_C(1704067200) + 59 * 86400);
    ck_assert_int_eq(t_ok("2000-03-01") - t_ok("2000-02-28"), 2 * 86400);
    ck_assert_int_eq(t_ok("1900-03-01") - t_ok("1900-02-28"), 86400);
    ck_assert_int_eq(t_ok("1969-12-31"), -86400);
    ck_assert_int_eq(t_ok("2024-01-01T24:00"), t_ok("2024-01-02"));
}
END_TEST

START_TEST(time_unix_seconds)
{
    ck_assert_int_eq(t_ok("1700000000"), INT64_C(1700000000));
    ck_assert_int_eq(t_ok("0"), 0);
    ck_assert_int_eq(t_ok("-1"), -1);
    ck_assert_int_eq(t_ok("1700000000.75"), INT64_C(1700000000));
    ck_assert_int_eq(t_ok("-1.5"), -2);
}
END_TEST

START_TEST(time_rejects)
{
    t_bad("2023-02-29", "no such date");
    t_bad("2024-13-01", "no such date");
    t_bad("2024-1-1", "YYYY-MM-DD");
    t_bad("2024-01-01T25:00", "out of range");
    t_bad("2024-01-01T10", "HH:MM");
    t_bad("2024-01-01T10:00+25:00", "offset out of range");
    t_bad("2024-01-01T10:00 UTC", "unexpected text");
    t_bad("yesterday", "not a time");
    t_bad("", "not a time");
    t_bad("12abc", "not a time");
    t_bad("99999999999999999999", "out of range");
}
END_TEST

START_TEST(time_civil_round_trip)
{
    int64_t d, y;
    int m, dd;
    char buf[40];

    /* Every day over ±1000 years maps back to itself, one day apart. */
    for (d = -365243; d <= 365243; d += 7) {
        cli_civil_from_days(d, &y, &m, &dd);
        ck_assert_int_eq(cli_days_from_civil(y, m, dd), d);
    }
    cli_time_format(-1, buf, sizeof buf);
    ck_assert_str_eq(buf, "1969-12-31T23:59:59Z");
    cli_time_format(INT64_C(1709243999), buf, sizeof buf);
    ck_assert_str_eq(buf, "2024-02-29T21:59:59Z");
}
END_TEST

/* ---- output ------------------------------------------------------------- */

static const char *const out_names[] = {"segment", "n", "enps"};
static const int out_kinds[] = {CLI_COL_TEXT, CLI_COL_NUMBER, CLI_COL_NUMBER};

static char *render(int format)
{
    static char buf[1024];
    FILE *fp = tmpfile();
    cli_out *o;
    size_t n;

    ck_assert_ptr_nonnull(fp);
    o = cli_out_new(fp, format, 3, out_names, out_kinds);
    cli_out_cell(o, "Sales, \"EMEA\"");
    cli_out_int(o, 12);
    cli_out_double(o, 100.0 / 3.0, 6);
    cli_out_row(o);
    cli_out_cell(o, "Kundendienst K\xc3\xb6ln\n2");
    cli_out_int(o, 3);
    cli_out_cell(o, NULL);
    cli_out_row(o);
    ck_assert_int_eq(cli_out_finish(o), 0);
    rewind(fp);
    n = fread(buf, 1, sizeof buf - 1, fp);
    buf[n] = '\0';
    fclose(fp);
    return buf;
}

START_TEST(output_three_formats)
{
    ck_assert_str_eq(render(CLI_FMT_CSV),
                     "segment,n,enps\n"
                     "\"Sales, \"\"EMEA\"\"\",12,33.333333\n"
                     "\"Kundendienst K\xc3\xb6ln\n2\",3,\n");
    ck_assert_str_eq(render(CLI_FMT_JSON),
                     "[\n"
                     "  {\"segment\": \"Sales, \\\"EMEA\\\"\", \"n\": 12, \"enps\": 33.333333},\n"
                     "  {\"segment\": \"Kundendienst K\xc3\xb6ln\\n2\", \"n\": 3, \"enps\": null}\n"
                     "]\n");
    /* Widths count code points: "Kundendienst Köln 2" is 19 wide. */
    ck_assert_str_eq(render(CLI_FMT_TABLE),
                     "segment               n       enps\n"
                     "Sales, \"EMEA\"        12  33.333333\n"
                     "Kundendienst K\xc3\xb6ln 2   3          -\n");
}
END_TEST

START_TEST(output_money_and_numbers)
{
    FILE *fp = tmpfile();
    static const char *const names[] = {"a", "b", "c", "d", "e"};
    char buf[256];
    size_t n;
    cli_out *o = cli_out_new(fp, CLI_FMT_CSV, 5, names, NULL);

    cli_out_money(o, -1234, 2);
    cli_out_money(o, 5, 3);
    cli_out_money(o, 1500, 0);
    cli_out_money(o, INT64_MIN, 2);
    cli_out_double(o, -0.0000001, 6);
    cli_out_row(o);
    ck_assert_int_eq(cli_out_finish(o), 0);
    rewind(fp);
    n = fread(buf, 1, sizeof buf - 1, fp);
    buf[n] = '\0';
    fclose(fp);
    ck_assert_str_eq(buf, "a,b,c,d,e\n-12.34,0.005,1500,-92233720368547758.08,0.000000\n");
    ck_assert_int_eq(cli_format_parse("json"), CLI_FMT_JSON);
    ck_assert_int_eq(cli_format_parse("xml"), -1);
}
END_TEST

/* ---- key map ------------------------------------------------------------ */

START_TEST(keymap_keeps_first_appearance_order)
{
    cli_keymap *m = cli_keymap_new();
    char key[32];
    int added;
    size_t i;

    /* Enough keys to rehash several times (the table starts at 64 slots). */
    for (i = 0; i < 5000; i++) {
        snprintf(key, sizeof key, "campaign %zu", (i * 7919) % 5000);
        ck_assert_uint_eq(cli_keymap_intern(m, key, &added), i);
        ck_assert_int_eq(added, 1);
    }
    ck_assert_uint_eq(cli_keymap_intern(m, "campaign 0", &added), 0);
    ck_assert_int_eq(added, 0);
    /* 7919 * 1 mod 5000 = 2919 was the second key. */
    ck_assert_uint_eq(cli_keymap_find(m, "campaign 2919"), 1);
    ck_assert_str_eq(cli_keymap_key(m, 1), "campaign 2919");
    ck_assert_uint_eq(cli_keymap_find(m, "campaign 5000"), (size_t)-1);
    ck_assert_uint_eq(cli_keymap_count(m), 5000);
    ck_assert_ptr_null(cli_keymap_key(m, 5000));
    cli_keymap_free(m);
}
END_TEST

Suite *sqlscore_test_suite(void)
{
    Suite *s = suite_create("cli");
    TCase *tc = tcase_create("csv");
    tcase_add_test(tc, csv_bom_crlf_quotes_na_trailing_column);
    tcase_add_test(tc, csv_lone_cr_line_ends);
    tcase_add_test(tc, csv_latin1_is_converted);
    tcase_add_test(tc, csv_latin1_read_as_utf8_fails_with_line_and_column);
    tcase_add_test(tc, csv_bad_bytes_in_unused_column_are_fine);
    tcase_add_test(tc, csv_errors_name_file_line_column);
    tcase_add_test(tc, csv_missing_and_empty_files);
    suite_add_tcase(s, tc);
    tc = tcase_create("time");
    tcase_add_test(tc, time_dates_and_timestamps);
    tcase_add_test(tc, time_unix_seconds);
    tcase_add_test(tc, time_rejects);
    tcase_add_test(tc, time_civil_round_trip);
    suite_add_tcase(s, tc);
    tc = tcase_create("keymap");
    tcase_add_test(tc, keymap_keeps_first_appearance_order);
    suite_add_tcase(s, tc);
    tc = tcase_create("output");
    tcase_add_test(tc, output_three_formats);
    tcase_add_test(tc, output_money_and_numbers);
    suite_add_tcase(s, tc);
    return s;
}
