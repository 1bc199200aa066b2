/*
 * test_rules.c - the rules text format: tokenizer, parser errors with
 * line:column, funnel blocks, writer and round trip, hostile input.
 */
#include "testutil.h"
#include "internal.h"
#include "criteria_internal.h"
#include "rules_lex.h"

#include <stdio.h>
#include <stdlib.h>

static int lex_all(const char *text, struct sqlscore__token *toks, char texts[][64], int max)
{
    struct sqlscore__lexer lx;
    int n = 0, rc;
    sqlscore__lex_init(&lx, text, strlen(text), "t");
    for (;;) {
        rc = sqlscore__lex_next(&lx, &toks[n]);
        if (rc != SQLSCORE_OK) {
            sqlscore__lex_done(&lx);
            return rc;
        }
        snprintf(texts[n], 64, "%s", toks[n].text);
        if (toks[n].kind == SQLSCORE__TOK_EOF || ++n == max)
            break;
    }
    sqlscore__lex_done(&lx);
    return n;
}

START_TEST(lexer_tokens_and_positions)
{
    struct sqlscore__token t[40];
    char tx[40][64];
    int n = lex_all("fit \"K\\u00F6ln \\\"x\\\"\" 14d 2w 36h 90m 5s # note\n"
                    "  (a >= -1.5e2, 50000.50 USD, 10%, A+ half-life <> != <= == <)\n"
                    "\"\xC3\xA9t\xC3\xA9\" x", t, tx, 40);
    ck_assert_int_eq(n, 28);
    ck_assert_int_eq(t[0].kind, SQLSCORE__TOK_IDENT);
    ck_assert_str_eq(tx[0], "fit");
    ck_assert_int_eq(t[1].kind, SQLSCORE__TOK_STRING);
    ck_assert_str_eq(tx[1], "K\xC3\xB6ln \"x\"");
    ck_assert_int_eq(t[1].col, 5);
    ck_assert_int_eq(t[2].kind, SQLSCORE__TOK_DURATION);
    ck_assert(t[2].seconds == 14 * 86400);
    ck_assert(t[3].seconds == 2 * 604800);
    ck_assert(t[4].seconds == 36 * 3600);
    ck_assert(t[5].seconds == 90 * 60);
    ck_assert(t[6].seconds == 5);
    ck_assert_int_eq(t[7].kind, SQLSCORE__TOK_NEWLINE);     /* comment skipped */
    ck_assert_int_eq(t[8].kind, SQLSCORE__TOK_LPAREN);
    ck_assert_int_eq(t[8].line, 2);
    ck_assert_int_eq(t[8].col, 3);
    ck_assert_int_eq(t[10].kind, SQLSCORE__TOK_OP);
    ck_assert_int_eq(t[10].op, SQLSCORE__OP_GE);
    ck_assert_int_eq(t[11].kind, SQLSCORE__TOK_NUMBER);
    ck_assert(t[11].number == -150.0);
    ck_assert_int_eq(t[13].kind, SQLSCORE__TOK_MONEY);
    ck_assert_str_eq(tx[13], "50000.50");
    ck_assert_str_eq(t[13].currency, "USD");
    ck_assert_int_eq(t[15].kind, SQLSCORE__TOK_PERCENT);
    ck_assert(t[15].number == 10.0);
    ck_assert_str_eq(tx[17], "A+");
    ck_assert_str_eq(tx[18], "half-life");
    ck_assert_int_eq(t[19].op, SQLSCORE__OP_NE);
    ck_assert_int_eq(t[20].op, SQLSCORE__OP_NE);
    ck_assert_int_eq(t[21].op, SQLSCORE__OP_LE);
    ck_assert_int_eq(t[22].op, SQLSCORE__OP_EQ);
    ck_assert_int_eq(t[23].op, SQLSCORE__OP_LT);
    ck_assert_int_eq(t[24].kind, SQLSCORE__TOK_RPAREN);
    ck_assert_int_eq(t[25].kind, SQLSCORE__TOK_NEWLINE);
    ck_assert_int_eq(t[26].kind, SQLSCORE__TOK_STRING);
    /* columns count characters: "été" is 5 characters wide with quotes */
    ck_assert_int_eq(t[27].line, 3);
    ck_assert_int_eq(t[27].col, 7);
    ck_assert_str_eq(tx[27], "x");
}
END_TEST

START_TEST(lexer_newlines_inside_parentheses_and_crlf)
{
    struct sqlscore__token t[20];
    char tx[20][64];
    int n = lex_all("a (b\r\n  c) d\r\ne", t, tx, 20);
    /* a ( b c ) d NEWLINE e EOF */
    ck_assert_int_eq(n, 8);
    ck_assert_int_eq(t[6].kind, SQLSCORE__TOK_NEWLINE);
    ck_assert_str_eq(tx[7], "e");
    ck_assert_int_eq(t[7].line, 3);
}
END_TEST

START_TEST(lexer_errors_have_positions)
{
    struct sqlscore__token t[10];
    char tx[10][64];
    ck_assert_status(lex_all("x \"abc", t, tx, 10), SQLSCORE_EPARSE,
                     "t:1:3: string not closed");
    ck_assert_status(lex_all("\n  \"a\\qb\"", t, tx, 10), SQLSCORE_EPARSE,
                     "t:2:5: unknown escape");
    ck_assert_status(lex_all("x \xFF", t, tx, 10), SQLSCORE_EPARSE, "t:1:3: invalid UTF-8");
    ck_assert_status(lex_all("\xC3\xA9", t, tx, 10), SQLSCORE_EPARSE, "U+00E9");
    ck_assert_status(lex_all("a ! b", t, tx, 10), SQLSCORE_EPARSE, "t:1:3: unexpected '!'");
    ck_assert_status(lex_all("14x", t, tx, 10), SQLSCORE_EPARSE, "unexpected 'x' after number 14");
    ck_assert_status(lex_all("1.5d", t, tx, 10), SQLSCORE_EPARSE, "whole number of units");
    ck_assert_status(lex_all("99999999999999999999w", t, tx, 10), SQLSCORE_EPARSE,
                     "duration is out of range");
    ck_assert_status(lex_all("1e999", t, tx, 10), SQLSCORE_EPARSE, "out of range");
    ck_assert_status(lex_all("\"a\\u0000\"", t, tx, 10), SQLSCORE_EPARSE, "\\u0000");
    ck_assert_status(lex_all("\"a\x01\"", t, tx, 10), SQLSCORE_EPARSE, "control character");
    ck_assert_status(lex_all("# \xC3", t, tx, 10), SQLSCORE_EPARSE, "invalid UTF-8 in comment");
    ck_assert_status(lex_all("a ;", t, tx, 10), SQLSCORE_EPARSE, "t:1:3: unexpected character ';'");
}
END_TEST

static int parse_str(sqlscore_criteria **c, const char *text)
{
    return sqlscore_criteria_parse(c, text, strlen(text), "b2b.rules");
}

#define HEAD "criteria \"x\" version 1\n"
#define TAIL "mql at score 10\nsql at score 20\n"

START_TEST(parse_errors_say_where_and_what)
{
    sqlscore_criteria *c = (sqlscore_criteria *)0x1;
    ck_assert_status(parse_str(&c, HEAD "tresh 5\n"), SQLSCORE_EPARSE,
                     "b2b.rules:2:1: unknown keyword 'tresh' (expected criteria");
    ck_assert_status(parse_str(&c, HEAD "fit \"a\" if x > 1 thn +5 points\n"), SQLSCORE_EPARSE,
                     "b2b.rules:2:18: expected 'then', found 'thn'");
    ck_assert_status(parse_str(&c, HEAD "fit \"a\" if x > 1 then +5 pts\n"), SQLSCORE_EPARSE,
                     "b2b.rules:2:26: expected 'points' or 'grades', found 'pts'");
    ck_assert_status(parse_str(&c, HEAD "fit \"a\" if x >\n"), SQLSCORE_EPARSE,
                     "2:15: expected a value");
    ck_assert_status(parse_str(&c, HEAD "fit \"a\" if x is maybe then +1 points\n"),
                     SQLSCORE_EPARSE, "expected set, empty, met, unknown, true or false after 'is'");
    ck_assert_status(parse_str(&c, HEAD "fit \"a\" if x = 1 then +1 points\nfit \"a\" if y = 1 then +1 points\n"),
                     SQLSCORE_EPARSE, "b2b.rules:3:5: duplicate rule name 'a' (first used on line 2)");
    ck_assert_status(parse_str(&c, HEAD "fit \"a\" in group \"web\" if x = 1 then +1 points\n"),
                     SQLSCORE_EPARSE, "2:18: unknown group 'web'");
    ck_assert_status(parse_str(&c, HEAD "fit \"a\" if x = 1 then +1 points\nmql at score 30\nsql at score 20\n"),
                     SQLSCORE_EPARSE, "contradictory thresholds: SQL at 20 is below MQL at 30");
    ck_assert_status(parse_str(&c, HEAD TAIL), SQLSCORE_EPARSE, "has no fit or engagement rules");
    ck_assert_status(parse_str(&c, "fit \"a\" if x = 1 then +1 points\n" TAIL), SQLSCORE_EPARSE,
                     "b2b.rules:1:1: missing the line 'criteria");
    ck_assert_status(parse_str(&c, HEAD "fit \"a\" if x = 1 then +1 points\n"), SQLSCORE_EPARSE,
                     "no MQL threshold");
    ck_assert_status(parse_str(&c, HEAD "\n\ngate \"g\" if champion is met\nfit \"a\" if x = 1 then +1 points\n" TAIL),
                     SQLSCORE_EPARSE, "b2b.rules:4:1: rule 'g': checklist item 'champion' is not in framework 'BANT'");
    ck_assert_status(parse_str(&c, HEAD "funnel \"f\"\n stage a\n" TAIL), SQLSCORE_EPARSE,
                     "b2b.rules:2:1: block not closed by a line 'end'");
    ck_assert_status(parse_str(&c, HEAD "fit \"a\" if arr > 5 XYZ then +1 points\n" TAIL),
                     SQLSCORE_EPARSE, "2:18: unknown currency 'XYZ'");
    ck_assert_status(parse_str(&c, HEAD "fit \"a\" if arr > 5.001 USD then +1 points\n" TAIL),
                     SQLSCORE_EPARSE, "more than the 2 decimal places of USD");
    ck_assert_status(parse_str(&c, HEAD "engagement \"e\" on visit if title = \"x\" then +1 points\n" TAIL),
                     SQLSCORE_EPARSE, "2:28: an engagement condition tests only 'value'");
    ck_assert_status(parse_str(&c, HEAD "engagement \"e\" on visit then +1 grade\n" TAIL),
                     SQLSCORE_EPARSE, "engagement rules give points, not grades");
    ck_assert_status(parse_str(&c, HEAD "engagement \"e\" on visit then +1 points decay linear 0% per 1d\n" TAIL),
                     SQLSCORE_EPARSE, "more than 0% and at most 100%");
    ck_assert_status(parse_str(&c, HEAD "engagement \"e\" on visit then +1 points decay half-life 0d\n" TAIL),
                     SQLSCORE_EPARSE, "duration must be positive");
    ck_assert_status(parse_str(&c, HEAD "engagement \"e\" on visit then +1 points decay fast\n" TAIL),
                     SQLSCORE_EPARSE, "expected half-life, linear or window after 'decay'");
    ck_assert_status(parse_str(&c, HEAD "fit \"a\" if x = 1 then +1 points extra\n" TAIL),
                     SQLSCORE_EPARSE, "2:33: expected end of line, found 'extra'");
    ck_assert_status(parse_str(&c, HEAD "mql at score 1 and grade E\n"), SQLSCORE_EPARSE,
                     "expected a grade from A+ to F, found 'E'");
    ck_assert_status(parse_str(&c, HEAD "mql at score 1\nmql at score 2\n"), SQLSCORE_EPARSE,
                     "3:1: the MQL threshold is set twice");
    ck_assert_status(parse_str(&c, HEAD "criteria \"y\"\n"), SQLSCORE_EPARSE, "a second 'criteria' line");
    ck_assert_status(parse_str(&c, HEAD "fit \"a\" if x = 1 then +1e300 points\n"), SQLSCORE_EPARSE,
                     "2:23: +1e300 is outside -1e12..1e12");
    ck_assert_status(parse_str(&c, HEAD "sql at score 1e13\n"), SQLSCORE_EPARSE,
                     "2:14: 1e13 is outside");
    ck_assert_status(parse_str(&c, HEAD "group \"g\" cap -1\n"), SQLSCORE_EPARSE, "cannot be negative");
    ck_assert_status(parse_str(&c, HEAD "fit \"a\" if x = 1 then +1.5 grades\n"), SQLSCORE_EPARSE,
                     "grade steps must be a whole number");
    ck_assert_status(sqlscore_criteria_parse(&c, "x", 1, NULL), SQLSCORE_EPARSE, "rules:1:1:");
    ck_assert_status(sqlscore_criteria_parse(NULL, "x", 1, NULL), SQLSCORE_EINVAL, "out is NULL");
    ck_assert_status(sqlscore_criteria_parse(&c, NULL, 1, NULL), SQLSCORE_EINVAL, "text is NULL");
    ck_assert_status(sqlscore_criteria_parse(&c, "", 0, "\xFF"), SQLSCORE_EINVAL, "filename");
    ck_assert_ptr_eq(c, (sqlscore_criteria *)0x1);
    ck_assert_int_eq(sqlscore_test_alloc_live(), 0);
}
END_TEST

START_TEST(deep_nesting_is_refused_not_crashing)
{
    sqlscore_criteria *c;
    size_t n = 100000, i;
    char *text = malloc(n * 4 + 200);
    char *p = text;
    p += sprintf(p, HEAD "fit \"a\" if ");
    for (i = 0; i < n; i++)
        *p++ = '(';
    strcpy(p, "x = 1");
    ck_assert_status(sqlscore_criteria_parse(&c, text, strlen(text), NULL), SQLSCORE_EPARSE,
                     "nested more than 64 deep");
    p = text + sprintf(text, HEAD "fit \"a\" if ");
    for (i = 0; i < n; i++)
        p += sprintf(p, "not ");
    ck_assert_status(sqlscore_criteria_parse(&c, text, strlen(text), NULL), SQLSCORE_EPARSE,
                     "nested more than 64 deep");
    /* a flat chain is not nested but is bounded too */
    p = text + sprintf(text, HEAD "fit \"a\" if x = 0");
    for (i = 1; i < 5000; i++)
        p += sprintf(p, " or x = %zu", i);
    ck_assert_status(sqlscore_criteria_parse(&c, text, strlen(text), NULL), SQLSCORE_EPARSE,
                     "condition has more than 1024 tests");
    /* 1024 tests are fine, and they evaluate */
    p = text + sprintf(text, HEAD "fit \"a\" if x = 0");
    for (i = 1; i < 1024; i++)
        p += sprintf(p, " or x = %zu", i);
    sprintf(p, " then +1 points\n" TAIL);
    ck_assert_ok(sqlscore_criteria_parse(&c, text, strlen(text), NULL));
    {
        sqlscore_lead *l;
        sqlscore_result *r;
        double sc;
        ck_assert_ok(sqlscore_lead_new(&l, "L"));
        ck_assert_ok(sqlscore_lead_set_number(l, "x", 1023));
        ck_assert_ok(sqlscore_criteria_evaluate(&r, c, l, 0));
        ck_assert_ok(sqlscore_result_score(r, &sc));
        ck_assert(sc == 1.0);
        sqlscore_result_free(r);
        sqlscore_lead_free(l);
    }
    sqlscore_criteria_free(c);
    free(text);
    ck_assert_int_eq(sqlscore_test_alloc_live(), 0);
}
END_TEST

START_TEST(funnel_blocks_are_skipped)
{
    static const char text[] =
        "funnel Inbound\n"
        "  fit \"not a rule\" if x then y\n"
        "  end  \t\n"
        "criteria \"x\" version 1\n"
        "fit \"a\" if x = 1 then +1 points\n"
        "funnel \"Outbound\" # a comment\n"
        "\"unterminated string is fine here\n"
        "end";
    sqlscore_criteria *c;
    char *t;
    /* no thresholds yet: the error comes after both blocks were skipped */
    ck_assert_status(sqlscore_criteria_parse(&c, text, sizeof text - 1, NULL), SQLSCORE_EPARSE,
                     "rules:8:1: criteria 'x' has no MQL threshold");
    {
        char buf[512];
        snprintf(buf, sizeof buf, "%s\n" TAIL, text);
        ck_assert_ok(sqlscore_criteria_parse(&c, buf, strlen(buf), NULL));
    }
    ck_assert_uint_eq(c->nrules, 1);
    ck_assert_ok(sqlscore_criteria_write(c, &t));
    ck_assert_ptr_null(strstr(t, "funnel"));
    sqlscore_buffer_free(t);
    sqlscore_criteria_free(c);
}
END_TEST

static const char full_rules[] =
    "# A rule set using every kind of statement.\n"
    "criteria \"B2B \\\"SaaS\\\" inbound\" version 12\n"
    "framework \"MEDDIC\" items metrics, economic_buyer, \"decision criteria\", champion\n"
    "group \"web\" cap 40\n"
    "group product cap 25.5\n"
    "total cap 150\n"
    "\n"
    "fit \"Enterprise\" in group product if employees >= 1000 then +20 points and +2 grades\n"
    "fit Mid if employees between 100 and 999 then +10 points\n"
    "fit \"Region\" if country in (\"DE\", \"AT\") or country not in (\"KP\") then +1 grade\n"
    "fit \"Title\" if (title contains \"VP\" or title starts with \"Head\") and not title ends with \"Assistant\" then +15 points\n"
    "fit \"Free mail\" if email ends with \"@gmail.com\" then -10 points and -1 grade\n"
    "fit \"Budget size\" if arr >= 50000.00 USD and arr < 1000000 USD then +5.25 points\n"
    "fit \"JPY\" if arr > 5000000 JPY then +0.1 points\n"
    "fit \"Known\" if phone is set and notes is not set and fax is empty and web is not empty then +1e-3 points\n"
    "fit \"Fresh\" if signup within 2w or signup older than 36h then +2 points\n"
    "fit \"Flags\" if partner = true and churned != false and \"odd name\" <= 3 then +1 points\n"
    "fit \"Champion\" if champion is met and metrics is not met and economic_buyer is unknown then +12 points\n"
    "fit \"not\" if \"not\" = \"a\\nb\\t\\u00E9\" then -0.5 points\n"
    "engagement \"Demo\" on demo_request then +30 points once\n"
    "engagement \"Views\" in group \"web\" on event \"page_view\" if value >= 30 and value < 600 then +2 points max 10 per 1w decay half-life 14d\n"
    "engagement \"Mail\" in group \"web\" on email_open then +1 points max 5 decay linear 12.5% per 1w\n"
    "engagement \"Webinar\" on webinar then +8 points each decay window 90d\n"
    "engagement \"Unsub\" on unsubscribe then -20 points\n"
    "funnel \"Inbound\"\n"
    "  stage inquiry \"strings; and 'anything' here\" ((\n"
    "  end of nothing\n"
    "end # closes the block\n"
    "disqualify \"Competitor\" if email ends with \"@rival.example\"\n"
    "disqualify Student if title contains \"student\"\n"
    "gate \"Has champion\" if champion is met\n"
    "gate Value if (metrics is met\n"
    "               or \"decision criteria\" is met)\n"
    "mql at score 40 and grade C-\n"
    "sql at score 80 and grade B\n";

START_TEST(round_trip_every_rule_kind)
{
    sqlscore_criteria *a, *b, *c;
    char *ta, *tb;
    ck_assert_ok(sqlscore_criteria_parse(&a, full_rules, sizeof full_rules - 1, "full.rules"));
    ck_assert_uint_eq(a->nrules, 21);
    ck_assert_uint_eq(a->ngroups, 2);
    ck_assert_ok(sqlscore_criteria_write(a, &ta));
    ck_assert_ok(sqlscore_criteria_parse(&b, ta, strlen(ta), "written"));
    ck_assert(sqlscore__criteria_equal(a, b));
    ck_assert_ok(sqlscore_criteria_write(b, &tb));
    ck_assert_str_eq(ta, tb);
    /* the canonical form of some lines */
    ck_assert_ptr_nonnull(strstr(ta, "criteria \"B2B \\\"SaaS\\\" inbound\" version 12\n"));
    ck_assert_ptr_nonnull(strstr(ta, "framework \"MEDDIC\" items \"metrics\", \"economic_buyer\", \"decision criteria\", \"champion\"\n"));
    ck_assert_ptr_nonnull(strstr(ta, "group \"product\" cap 25.5\n"));
    ck_assert_ptr_nonnull(strstr(ta, "fit \"Enterprise\" in group \"product\" if employees >= 1000 then +20 points and +2 grades\n"));
    ck_assert_ptr_nonnull(strstr(ta, "if country in (\"DE\", \"AT\") or country not in (\"KP\") then +1 grade\n"));
    ck_assert_ptr_nonnull(strstr(ta, "if (title contains \"VP\" or title starts with \"Head\") and not title ends with \"Assistant\" then"));
    ck_assert_ptr_nonnull(strstr(ta, "arr >= 50000.00 USD and arr < 1000000.00 USD then +5.25 points\n"));
    ck_assert_ptr_nonnull(strstr(ta, "arr > 5000000 JPY"));
    ck_assert_ptr_nonnull(strstr(ta, "then +0.001 points\n"));
    ck_assert_ptr_nonnull(strstr(ta, "signup within 2w or signup older than 36h"));
    ck_assert_ptr_nonnull(strstr(ta, "\"odd name\" <= 3"));
    ck_assert_ptr_nonnull(strstr(ta, "if \"not\" = \"a\\nb\\t\xC3\xA9\" then -0.5 points\n"));
    ck_assert_ptr_nonnull(strstr(ta, "engagement \"Demo\" on \"demo_request\" then +30 points once\n"));
    ck_assert_ptr_nonnull(strstr(ta, "on \"page_view\" if value >= 30 and value < 600 then +2 points max 10 per 1w decay half-life 2w\n"));
    ck_assert_ptr_nonnull(strstr(ta, "then +1 points max 5 decay linear 12.5% per 1w\n"));
    ck_assert_ptr_nonnull(strstr(ta, "then +8 points decay window 90d\n"));
    ck_assert_ptr_nonnull(strstr(ta, "then -20 points\n"));
    ck_assert_ptr_nonnull(strstr(ta, "gate \"Value\" if metrics is met or \"decision criteria\" is met\n"));
    ck_assert_ptr_nonnull(strstr(ta, "mql at score 40 and grade C-\nsql at score 80 and grade B\n"));
    ck_assert_ptr_null(strstr(ta, "funnel"));
    /* a changed criteria is not equal */
    ck_assert_ok(parse_str(&c, HEAD "fit \"a\" if x = 1 then +1 points\n" TAIL));
    ck_assert(!sqlscore__criteria_equal(a, c));
    sqlscore_criteria_free(c);
    sqlscore_buffer_free(ta);
    sqlscore_buffer_free(tb);
    sqlscore_criteria_free(a);
    sqlscore_criteria_free(b);
    ck_assert_int_eq(sqlscore_test_alloc_live(), 0);
}
END_TEST

START_TEST(round_trip_of_a_built_criteria_and_odd_numbers)
{
    sqlscore_criteria *a, *b;
    char *t;
    ck_assert_ok(sqlscore_criteria_new(&a, "built in C", 0));
    ck_assert_ok(sqlscore_criteria_add_group(a, "g", 0.1 + 0.2));
    ck_assert_ok(sqlscore_criteria_add_fit(a, "third", "x > 0.3333333333333333", 1.0 / 3.0, -12, "g"));
    ck_assert_ok(sqlscore_criteria_add_fit(a, "big", "x < 1e300 and y >= -2.5e-300", 123456789012.345678, 0, NULL));
    ck_assert_ok(sqlscore_criteria_add_fit(a, "and", "a = 1 or (b = 2 or c = 3) and not (d = 4 and e = 5)", 1, 0, NULL));
    ck_assert_ok(sqlscore_criteria_add_engagement(a, "e", "visit", "value between -1 and 1", 0.5, 7, 3661,
                                                  SQLSCORE_DECAY_LINEAR, 90061, 33.3, "g"));
    ck_assert_ok(sqlscore_criteria_set_mql(a, -0.0, SQLSCORE_GRADE_F));
    ck_assert_ok(sqlscore_criteria_set_sql(a, 1e-9, SQLSCORE_GRADE_A_PLUS));
    ck_assert_ok(sqlscore_criteria_build(a));
    ck_assert_ok(sqlscore_criteria_write(a, &t));
    ck_assert_ok(sqlscore_criteria_parse(&b, t, strlen(t), NULL));
    ck_assert_msg(sqlscore__criteria_equal(a, b), "%s", t);
    ck_assert_ptr_nonnull(strstr(t, "a = 1 or (b = 2 or c = 3) and not (d = 4 and e = 5)"));
    ck_assert_ptr_nonnull(strstr(t, "max 7 per 3661s decay linear 33.3% per 90061s"));
    ck_assert_ptr_nonnull(strstr(t, "group \"g\" cap 0.30000000000000004\n"));
    sqlscore_buffer_free(t);
    sqlscore_criteria_free(a);
    sqlscore_criteria_free(b);
}
END_TEST

START_TEST(hostile_input_never_crashes_or_leaks)
{
    size_t len = sizeof full_rules - 1, i;
    char *buf = malloc(len + 1);
    unsigned seed = 7;
    int ok = 0, bad = 0, k;
    const char alphabet[] = "\"\\()#\n\r ,:=<>!+-.%05dwUSDfit if then and or not is in \xC3\xA9\xFF\x00";
    for (k = 0; k < 3000; k++) {
        sqlscore_criteria *c = NULL;
        int rc, m;
        size_t n = len;
        memcpy(buf, full_rules, len);
        for (m = 0; m < 1 + k % 4; m++) {
            seed = seed * 1103515245u + 12345u;
            i = (seed >> 8) % len;
            seed = seed * 1103515245u + 12345u;
            buf[i] = alphabet[(seed >> 8) % (sizeof alphabet - 1)];
        }
        if (k % 5 == 0)
            n = (seed >> 4) % len;        /* truncated text */
        rc = sqlscore_criteria_parse(&c, buf, n, "fuzz");
        if (rc == SQLSCORE_OK) {
            char *t;
            sqlscore_criteria *d;
            ok++;
            ck_assert_ok(sqlscore_criteria_write(c, &t));
            ck_assert_ok(sqlscore_criteria_parse(&d, t, strlen(t), NULL));
            ck_assert(sqlscore__criteria_equal(c, d));
            sqlscore_criteria_free(d);
            sqlscore_buffer_free(t);
            sqlscore_criteria_free(c);
        } else {
            bad++;
            ck_assert_int_eq(rc, SQLSCORE_EPARSE);
            ck_assert_ptr_nonnull(strstr(sqlscore_error_message(), "fuzz:"));
            ck_assert(sqlscore__utf8_valid(sqlscore_error_message(), strlen(sqlscore_error_message())));
        }
    }
    ck_assert_int_gt(ok, 0);
    ck_assert_int_gt(bad, 0);
    /* random bytes */
    for (k = 0; k < 2000; k++) {
        sqlscore_criteria *c = NULL;
        size_t n = (size_t)k % 200;
        for (i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            buf[i] = (char)(seed >> 16);
        }
        ck_assert_int_eq(sqlscore_criteria_parse(&c, buf, n, NULL), SQLSCORE_EPARSE);
    }
    free(buf);
    ck_assert_int_eq(sqlscore_test_alloc_live(), 0);
}
END_TEST

START_TEST(allocation_failures_in_parse_and_write)
{
    long k;
    for (k = 1;; k++) {
        sqlscore_criteria *c = NULL;
        char *t = NULL;
        int rc;
        sqlscore_test_fail_after(k);
        rc = sqlscore_criteria_parse(&c, full_rules, sizeof full_rules - 1, NULL);
        if (rc == SQLSCORE_OK)
            rc = sqlscore_criteria_write(c, &t);
        sqlscore_test_alloc_reset();
        sqlscore_buffer_free(t);
        sqlscore_criteria_free(c);
        if (rc == SQLSCORE_OK)
            break;
        ck_assert_msg(rc == SQLSCORE_ENOMEM, "k=%ld rc=%d %s", k, rc, sqlscore_error_message());
        ck_assert_int_eq(sqlscore_test_alloc_live(), 0);
    }
    ck_assert_int_gt(k, 50);
    ck_assert_int_eq(sqlscore_test_alloc_live(), 0);
}
END_TEST

/* Rule names are looked up through a hash index: thousands of rules parse,
 * every name is found at its own index, and a duplicate far down the file
 * is still reported with the line of its first use. */
START_TEST(many_rules_and_late_duplicates)
{
    enum { N = 5000 };
    size_t cap = (size_t)N * 64 + 256, len = 0, i;
    char *text = malloc(cap), name[32];
    sqlscore_criteria *c = NULL;
    ck_assert_ptr_nonnull(text);
    len += (size_t)snprintf(text + len, cap - len, "criteria \"big\" version 1\n");
    for (i = 0; i < N; i++)
        len += (size_t)snprintf(text + len, cap - len,
                                "fit \"r%zu\" if employees >= %zu then +1 points\n", i, i);
    len += (size_t)snprintf(text + len, cap - len, "mql at score 10\nsql at score 20\n");
    ck_assert_ok(sqlscore_criteria_parse(&c, text, len, "big.rules"));
    ck_assert_uint_eq(c->nrules, N);
    for (i = 0; i < N; i += 7) {
        snprintf(name, sizeof name, "r%zu", i);
        ck_assert_int_eq(sqlscore__criteria_find_rule(c, name), (long)i);
    }
    ck_assert_int_eq(sqlscore__criteria_find_rule(c, "r5000"), -1);
    ck_assert_int_eq(sqlscore__criteria_find_rule(c, "R1"), -1);   /* names are case-sensitive */
    sqlscore_criteria_free(c);
    c = NULL;

    /* The same file with rule "r1234" (line 1236) declared again last. */
    len -= strlen("mql at score 10\nsql at score 20\n");
    len += (size_t)snprintf(text + len, cap - len,
                            "fit \"r1234\" if employees >= 1 then +2 points\n"
                            "mql at score 10\nsql at score 20\n");
    ck_assert_status(sqlscore_criteria_parse(&c, text, len, "big.rules"), SQLSCORE_EPARSE,
                     "big.rules:5002:5: duplicate rule name 'r1234' (first used on line 1236)");
    ck_assert_ptr_null(c);
    free(text);
}
END_TEST

Suite *sqlscore_test_suite(void)
{
    Suite *s = suite_create("rules");
    TCase *tc = tcase_create("rules");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, lexer_tokens_and_positions);
    tcase_add_test(tc, lexer_newlines_inside_parentheses_and_crlf);
    tcase_add_test(tc, lexer_errors_have_positions);
    tcase_add_test(tc, parse_errors_say_where_and_what);
    tcase_add_test(tc, deep_nesting_is_refused_not_crashing);
    tcase_add_test(tc, funnel_blocks_are_skipped);
    tcase_add_test(tc, round_trip_every_rule_kind);
    tcase_add_test(tc, round_trip_of_a_built_criteria_and_odd_numbers);
    tcase_add_test(tc, hostile_input_never_crashes_or_leaks);
    tcase_add_test(tc, allocation_failures_in_parse_and_write);
    tcase_add_test(tc, many_rules_and_late_duplicates);
    suite_add_tcase(s, tc);
    return s;
}
