/*
 * test_funnel_parse.c - the funnel block of the rules file: parsing, errors
 * with FILE:LINE:COL, skipping the criteria around it, and round trips.
 */
#include "testutil.h"
#include "funnel_internal.h"

static int parse(sqlscore_funnel **f, const char *text)
{
    return sqlscore_funnel_parse(f, text, strlen(text), "t.rules");
}

START_TEST(parses_a_block_among_criteria)
{
    static const char text[] =
        "# criteria and a funnel in one file\n"
        "criteria \"b2b\" version 2\n"
        "fit \"senior\" if (title contains \"director\"\n"
        "                 or title contains \"vp\") then +10 points\n"
        "sql at score 60\n"
        "\n"
        "funnel \"demand\"   # the waterfall\n"
        "  stage inquiry\n"
        "  stage MQL sla 5d\n"
        "  stage sal sla 36h\n"
        "  stage qualified\n"
        "  stage \"\xD0\xA1\xD0\xB4\xD0\xB5\xD0\xBB\xD0\xBA\xD0\xB0\" sla 2w\n"   /* Сделка */
        "  stage won\n"
        "\n"
        "  side nurture lost\n"
        "  skip forbidden\n"
        "  sql_stage qualified\n"
        "end\n"
        "mql at score 30\n";
    sqlscore_funnel *f = NULL;
    const char *name;
    int32_t n, idx, sql, skip, mask, kind;
    int64_t dwell;
    sqlscore_criteria *c;
    ck_assert_ok(parse(&f, text));
    ck_assert_ok(sqlscore_funnel_name(f, &name));
    ck_assert_str_eq(name, "demand");
    /* The criteria parser reads the same file and steps over the block. */
    ck_assert_ok(sqlscore_criteria_parse(&c, text, strlen(text), "t.rules"));
    sqlscore_criteria_free(c);
    ck_assert_ok(sqlscore_funnel_stage_count(f, &n));
    ck_assert_int_eq(n, 8);
    ck_assert_ok(sqlscore_funnel_stage_name(f, 1, &name));
    ck_assert_str_eq(name, "MQL");
    ck_assert_ok(sqlscore_funnel_stage_kind(f, 1, &kind, &dwell));
    ck_assert_int_eq(dwell, 5 * 86400);
    ck_assert_ok(sqlscore_funnel_stage_kind(f, 2, NULL, &dwell));
    ck_assert_int_eq(dwell, 36 * 3600);
    ck_assert_ok(sqlscore_funnel_stage_find(f, "\xD1\x81\xD0\xB4\xD0\xB5\xD0\xBB\xD0\xBA\xD0\xB0", &idx));
    ck_assert_int_eq(idx, 4);
    ck_assert_ok(sqlscore_funnel_stage_kind(f, 4, NULL, &dwell));
    ck_assert_int_eq(dwell, 14 * 86400);
    ck_assert_ok(sqlscore_funnel_info(f, &sql, &skip, &mask));
    ck_assert_int_eq(sql, 3);
    ck_assert_int_eq(skip, SQLSCORE_FUNNEL_SKIP_FORBIDDEN);
    ck_assert_int_eq(mask, SQLSCORE_FUNNEL_SIDE_NURTURE | SQLSCORE_FUNNEL_SIDE_LOST);
    ck_assert_ok(sqlscore_funnel_stage_find(f, "lost", &idx));
    ck_assert_int_eq(idx, 7);
    sqlscore_funnel_free(f);
}
END_TEST

START_TEST(defaults_and_bare_names)
{
    sqlscore_funnel *f;
    int32_t sql, skip, mask, n;
    ck_assert_ok(parse(&f, "funnel simple\nstage a\nstage sql\nstage b\nend"));
    ck_assert_ok(sqlscore_funnel_info(f, &sql, &skip, &mask));
    ck_assert_int_eq(sql, 1);
    ck_assert_int_eq(skip, SQLSCORE_FUNNEL_SKIP_ALLOWED);
    ck_assert_int_eq(mask, SQLSCORE_FUNNEL_SIDE_ALL);
    sqlscore_funnel_free(f);
    ck_assert_ok(parse(&f, "funnel x\r\n stage a\r\n stage sql\r\n stage b\r\n side none\r\nend\r\n"));
    ck_assert_ok(sqlscore_funnel_stage_count(f, &n));
    ck_assert_int_eq(n, 3);
    sqlscore_funnel_free(f);
}
END_TEST

static void bad(const char *text, int want, const char *detail)
{
    sqlscore_funnel *f = NULL;
    ck_assert_status(parse(&f, text), want, detail);
    ck_assert_ptr_null(f);
}

START_TEST(errors_name_file_line_and_column)
{
    bad("criteria \"x\"\nsql 50\n", SQLSCORE_ENOTFOUND, "t.rules has no funnel block");
    bad("funnel f\nstage a\nstage sql\n", SQLSCORE_EPARSE,
        "t.rules:1:1: funnel block not closed by a line 'end'");
    bad("funnel f\n  stage a\n  stgae sql\nend\n", SQLSCORE_EPARSE,
        "t.rules:3:3: unknown funnel statement 'stgae' (expected stage, side, skip, sql_stage or end)");
    bad("funnel f\n  stage a sla 14\nend\n", SQLSCORE_EPARSE,
        "t.rules:2:15: expected a maximum dwell time like 14d, 36h or 2w, found");
    bad("funnel f\n  stage a\n  stage A\nend\n", SQLSCORE_EPARSE,
        "t.rules:3:9: funnel 'f' already has a stage 'A'");
    bad("funnel f\n  stage lost\nend\n", SQLSCORE_EPARSE, "t.rules:2:9: 'lost' is reserved");
    bad("funnel f\n  stage a-b\nend\n", SQLSCORE_EPARSE, "t.rules:2:9: stage name 'a-b' is not an identifier");
    bad("funnel f\n  stage a extra\nend\n", SQLSCORE_EPARSE,
        "t.rules:2:11: expected the end of the line, found 'extra'");
    bad("funnel f\n  stage a\n  stage b\nend\n", SQLSCORE_EPARSE,
        "t.rules:1:1: funnel 'f' has no stage 'sql' to be its SQL stage");
    bad("funnel f\n  stage a\n  stage sql\n  stage c\n  side nurture maybe\nend\n", SQLSCORE_EPARSE,
        "t.rules:5:16: expected nurture, disqualified, lost or none, found 'maybe'");
    bad("funnel f\n  stage a\n  stage sql\n  stage c\n  side lost lost\nend\n", SQLSCORE_EPARSE,
        "t.rules:5:13: side stage 'lost' listed twice");
    bad("funnel f\n  stage a\n  stage sql\n  stage c\n  side\nend\n", SQLSCORE_EPARSE,
        "t.rules:5:7: expected nurture, disqualified, lost or none");
    bad("funnel f\n  stage a\n  stage sql\n  stage c\n  skip sometimes\nend\n", SQLSCORE_EPARSE,
        "t.rules:5:8: expected 'allowed' or 'forbidden', found 'sometimes'");
    bad("funnel f\n  stage a\n  stage sql\n  stage c\n  skip allowed\n  skip allowed\nend\n",
        SQLSCORE_EPARSE, "t.rules:6:3: a second 'skip' line");
    bad("funnel f\n  stage a\n  stage sql\n  stage c\nend\nfunnel g\n  stage a\nend\n",
        SQLSCORE_EPARSE, "t.rules:6:1: a second funnel block");
    bad("funnel 12\nend\n", SQLSCORE_EPARSE, "t.rules:1:8: expected the funnel name, found");
    bad("funnel f\n  stage a\n  stage sql\n  stage c\n  sql_stage c\nend\n", SQLSCORE_EPARSE,
        "t.rules:1:1: funnel 'f': the SQL stage 'c' cannot be the last");
    bad("funnel f\n  stage \"a\n", SQLSCORE_EPARSE, "t.rules:2:");
    bad("funnel \"two words\"\n  stage a\nend\n", SQLSCORE_EPARSE,
        "t.rules:1:8: name 'two words' is not an identifier");
    {
        char text[400];
        memset(text, 'x', sizeof text);
        memcpy(text, "funnel f\n  stage ", 17);
        memcpy(text + 17 + 300, "\nend\n", 6);
        text[17 + 300 + 6] = '\0';
        bad(text, SQLSCORE_EPARSE, "t.rules:2:9: stage name longer than 64 bytes");
        text[17 + 65] = '\n';                 /* 65 bytes: the identifier check */
        memcpy(text + 17 + 66, "end\n", 5);
        bad(text, SQLSCORE_EPARSE, "t.rules:2:9: stage name");
    }
}
END_TEST

START_TEST(bad_arguments)
{
    sqlscore_funnel *f;
    char *text;
    ck_assert_status(sqlscore_funnel_parse(NULL, "x", 1, NULL), SQLSCORE_EINVAL, "out is NULL");
    ck_assert_status(sqlscore_funnel_parse(&f, NULL, 1, NULL), SQLSCORE_EINVAL, "text is NULL");
    ck_assert_status(sqlscore_funnel_parse(&f, "\xC3", 1, NULL), SQLSCORE_EINVAL, "not valid UTF-8");
    ck_assert_status(sqlscore_funnel_parse(&f, NULL, 0, NULL), SQLSCORE_ENOTFOUND,
                     "rules has no funnel block");
    /* len is honoured: the block is cut before its end. */
    ck_assert_status(sqlscore_funnel_parse(&f, "funnel f\nstage a\nstage sql\nend\n", 26, NULL),
                     SQLSCORE_EPARSE, "rules:1:1: funnel block not closed");
    ck_assert_status(sqlscore_funnel_write(NULL, &text), SQLSCORE_EINVAL, "funnel is NULL");
    ck_assert_ok(sqlscore_funnel_new(&f, "u"));
    ck_assert_status(sqlscore_funnel_write(f, &text), SQLSCORE_ESTATE, "not built");
    ck_assert_status(sqlscore_funnel_write(f, NULL), SQLSCORE_EINVAL, "text is NULL");
    sqlscore_funnel_free(f);
}
END_TEST

static void same_funnel(const sqlscore_funnel *a, const sqlscore_funnel *b)
{
    int32_t na, nb, i, x[3], y[3];
    ck_assert_ok(sqlscore_funnel_stage_count(a, &na));
    ck_assert_ok(sqlscore_funnel_stage_count(b, &nb));
    ck_assert_int_eq(na, nb);
    for (i = 0; i < na; i++) {
        const char *sa, *sb;
        int32_t ka, kb;
        int64_t da, db;
        ck_assert_ok(sqlscore_funnel_stage_name(a, i, &sa));
        ck_assert_ok(sqlscore_funnel_stage_name(b, i, &sb));
        ck_assert_str_eq(sa, sb);
        ck_assert_ok(sqlscore_funnel_stage_kind(a, i, &ka, &da));
        ck_assert_ok(sqlscore_funnel_stage_kind(b, i, &kb, &db));
        ck_assert_int_eq(ka, kb);
        ck_assert_int_eq(da, db);
    }
    ck_assert_ok(sqlscore_funnel_info(a, &x[0], &x[1], &x[2]));
    ck_assert_ok(sqlscore_funnel_info(b, &y[0], &y[1], &y[2]));
    ck_assert_int_eq(x[0], y[0]);
    ck_assert_int_eq(x[1], y[1]);
    ck_assert_int_eq(x[2], y[2]);
}

START_TEST(write_round_trips)
{
    sqlscore_funnel *d, *f, *back;
    char *text, *again;
    ck_assert_ok(sqlscore_funnel_new_default(&d));
    ck_assert_ok(sqlscore_funnel_write(d, &text));
    ck_assert_str_eq(text,
                     "funnel \"default\"\n"
                     "  stage inquiry\n"
                     "  stage mql\n"
                     "  stage sal\n"
                     "  stage sql\n"
                     "  stage opportunity\n"
                     "  stage customer\n"
                     "  side nurture disqualified lost\n"
                     "  skip allowed\n"
                     "  sql_stage sql\n"
                     "end\n");
    ck_assert_ok(parse(&back, text));
    same_funnel(d, back);
    sqlscore_funnel_free(back);
    sqlscore_buffer_free(text);

    ck_assert_ok(sqlscore_funnel_new(&f, "custom_1"));
    ck_assert_ok(sqlscore_funnel_add_stage(f, "Lead", 90));
    ck_assert_ok(sqlscore_funnel_add_stage(f, "\xD0\x9A\xD0\xB2\xD0\xB0\xD0\xBB", 3 * 86400));
    ck_assert_ok(sqlscore_funnel_add_stage(f, "deal_2", 2 * 604800));
    ck_assert_ok(sqlscore_funnel_add_stage(f, "won", 7200));
    ck_assert_ok(sqlscore_funnel_set_side_stages(f, 0));
    ck_assert_ok(sqlscore_funnel_set_skip(f, SQLSCORE_FUNNEL_SKIP_FORBIDDEN));
    ck_assert_ok(sqlscore_funnel_set_sql_stage(f, "\xD0\xBA\xD0\xB2\xD0\xB0\xD0\xBB"));
    ck_assert_ok(sqlscore_funnel_build(f));
    ck_assert_ok(sqlscore_funnel_write(f, &text));
    ck_assert_str_eq(text,
                     "funnel \"custom_1\"\n"
                     "  stage Lead sla 90s\n"
                     "  stage \"\xD0\x9A\xD0\xB2\xD0\xB0\xD0\xBB\" sla 3d\n"
                     "  stage deal_2 sla 2w\n"
                     "  stage won sla 2h\n"
                     "  side none\n"
                     "  skip forbidden\n"
                     "  sql_stage \"\xD0\x9A\xD0\xB2\xD0\xB0\xD0\xBB\"\n"
                     "end\n");
    ck_assert_ok(parse(&back, text));
    same_funnel(f, back);
    ck_assert_ok(sqlscore_funnel_write(back, &again));
    ck_assert_str_eq(again, text);
    sqlscore_buffer_free(again);
    sqlscore_buffer_free(text);
    sqlscore_funnel_free(back);
    sqlscore_funnel_free(f);
    sqlscore_funnel_free(d);
    ck_assert_int_eq(sqlscore_test_alloc_live(), 0);
}
END_TEST

START_TEST(allocation_failures)
{
    static const char text[] = "fit x = 1 : 1\nfunnel \"f\"\n stage a sla 1d\n stage sql\n stage won\n"
                               " side lost\nend\n";
    sqlscore_funnel *d;
    long k, before = sqlscore_test_alloc_live();
    int rc, done;
    for (k = 1, done = 0; !done; k++) {
        sqlscore_funnel *f = NULL;
        sqlscore_test_fail_after(k);
        rc = parse(&f, text);
        sqlscore_test_alloc_reset();
        if (rc == SQLSCORE_OK)
            done = 1;
        else {
            ck_assert_int_eq(rc, SQLSCORE_ENOMEM);
            ck_assert_ptr_null(f);
        }
        sqlscore_funnel_free(f);
        ck_assert_int_eq(sqlscore_test_alloc_live(), before);
    }
    ck_assert_ok(sqlscore_funnel_new_default(&d));
    before = sqlscore_test_alloc_live();
    for (k = 1, done = 0; !done; k++) {
        char *out = NULL;
        sqlscore_test_fail_after(k);
        rc = sqlscore_funnel_write(d, &out);
        sqlscore_test_alloc_reset();
        if (rc == SQLSCORE_OK)
            done = 1;
        else {
            ck_assert_int_eq(rc, SQLSCORE_ENOMEM);
            ck_assert_ptr_null(out);
        }
        sqlscore_buffer_free(out);
        ck_assert_int_eq(sqlscore_test_alloc_live(), before);
    }
    sqlscore_funnel_free(d);
}
END_TEST

Suite *sqlscore_test_suite(void)
{
    Suite *s = suite_create("funnel_parse");
    TCase *tc = tcase_create("funnel_parse");
    tcase_add_test(tc, parses_a_block_among_criteria);
    tcase_add_test(tc, defaults_and_bare_names);
    tcase_add_test(tc, errors_name_file_line_and_column);
    tcase_add_test(tc, bad_arguments);
    tcase_add_test(tc, write_round_trips);
    tcase_add_test(tc, allocation_failures);
    suite_add_tcase(s, tc);
    return s;
}
