/*
 * test_funnel.c - funnel definitions and the table of lawful moves.
 */
#include "testutil.h"
#include "funnel_internal.h"

#include <stdio.h>

START_TEST(default_funnel_layout)
{
    static const char *const names[9] = { "inquiry", "mql", "sal", "sql", "opportunity",
                                          "customer", "nurture", "disqualified", "lost" };
    static const int32_t kinds[9] = {
        SQLSCORE_STAGE_KIND_MAIN, SQLSCORE_STAGE_KIND_MAIN, SQLSCORE_STAGE_KIND_MAIN,
        SQLSCORE_STAGE_KIND_MAIN, SQLSCORE_STAGE_KIND_MAIN, SQLSCORE_STAGE_KIND_WON,
        SQLSCORE_STAGE_KIND_NURTURE, SQLSCORE_STAGE_KIND_DISQUALIFIED,
        SQLSCORE_STAGE_KIND_LOST };
    sqlscore_funnel *f;
    const char *name;
    int32_t n, i, idx, kind, sql, skip, mask;
    int64_t dwell;

    ck_assert_ok(sqlscore_funnel_new_default(&f));
    ck_assert_ok(sqlscore_funnel_name(f, &name));
    ck_assert_str_eq(name, "default");
    ck_assert_ok(sqlscore_funnel_stage_count(f, &n));
    ck_assert_int_eq(n, 9);
    for (i = 0; i < 9; i++) {
        ck_assert_ok(sqlscore_funnel_stage_name(f, i, &name));
        ck_assert_str_eq(name, names[i]);
        ck_assert_ok(sqlscore_funnel_stage_find(f, names[i], &idx));
        ck_assert_int_eq(idx, i);
        ck_assert_ok(sqlscore_funnel_stage_kind(f, i, &kind, &dwell));
        ck_assert_int_eq(kind, kinds[i]);
        ck_assert_int_eq(dwell, 0);
    }
    ck_assert_ok(sqlscore_funnel_stage_find(f, "MQL", &idx));
    ck_assert_int_eq(idx, 1);
    ck_assert_ok(sqlscore_funnel_stage_find(f, "Opportunity", &idx));
    ck_assert_int_eq(idx, 4);
    ck_assert_ok(sqlscore_funnel_info(f, &sql, &skip, &mask));
    ck_assert_int_eq(sql, 3);
    ck_assert_int_eq(skip, SQLSCORE_FUNNEL_SKIP_ALLOWED);
    ck_assert_int_eq(mask, SQLSCORE_FUNNEL_SIDE_ALL);
    ck_assert_ok(sqlscore_funnel_info(f, NULL, NULL, NULL));
    ck_assert_status(sqlscore_funnel_stage_find(f, "won", &idx), SQLSCORE_ENOTFOUND,
                     "no stage 'won'");
    ck_assert_status(sqlscore_funnel_stage_name(f, 9, &name), SQLSCORE_ENOTFOUND,
                     "no stage index 9");
    ck_assert_status(sqlscore_funnel_stage_kind(f, -1, &kind, NULL), SQLSCORE_ENOTFOUND,
                     "no stage index -1");
    /* Built: immutable. */
    ck_assert_status(sqlscore_funnel_add_stage(f, "renewal", 0), SQLSCORE_ESTATE,
                     "already built");
    ck_assert_status(sqlscore_funnel_set_skip(f, SQLSCORE_FUNNEL_SKIP_FORBIDDEN),
                     SQLSCORE_ESTATE, "already built");
    ck_assert_status(sqlscore_funnel_set_side_stages(f, 0), SQLSCORE_ESTATE, "already built");
    ck_assert_status(sqlscore_funnel_set_sql_stage(f, "sal"), SQLSCORE_ESTATE, "already built");
    ck_assert_ok(sqlscore_funnel_build(f));          /* no-op */
    ck_assert_ok(sqlscore_funnel_stage_count(f, &n));
    ck_assert_int_eq(n, 9);
    sqlscore_funnel_free(f);
    sqlscore_funnel_free(NULL);
}
END_TEST

START_TEST(custom_funnel)
{
    sqlscore_funnel *f;
    const char *name;
    int32_t n, idx, kind, sql, skip, mask;
    int64_t dwell;

    ck_assert_ok(sqlscore_funnel_new(&f, "Partner"));
    ck_assert_ok(sqlscore_funnel_add_stage(f, "Lead", 0));
    ck_assert_ok(sqlscore_funnel_add_stage(f, "Qualified", 14 * 86400));
    ck_assert_ok(sqlscore_funnel_add_stage(f, "Deal", 30 * 86400));
    ck_assert_ok(sqlscore_funnel_add_stage(f, "Won", 0));
    ck_assert_ok(sqlscore_funnel_set_side_stages(f, SQLSCORE_FUNNEL_SIDE_NURTURE |
                                                    SQLSCORE_FUNNEL_SIDE_LOST));
    ck_assert_ok(sqlscore_funnel_set_skip(f, SQLSCORE_FUNNEL_SKIP_FORBIDDEN));
    /* Getters wait for build. */
    ck_assert_status(sqlscore_funnel_stage_count(f, &n), SQLSCORE_ESTATE, "not built");
    ck_assert_status(sqlscore_funnel_stage_find(f, "Lead", &idx), SQLSCORE_ESTATE, "not built");
    ck_assert_status(sqlscore_funnel_info(f, &sql, NULL, NULL), SQLSCORE_ESTATE, "not built");
    /* The default SQL stage name "sql" does not exist here. */
    ck_assert_status(sqlscore_funnel_build(f), SQLSCORE_ENOTFOUND, "no stage 'sql'");
    ck_assert_status(sqlscore_funnel_set_sql_stage(f, "Won"), SQLSCORE_OK, "");
    ck_assert_status(sqlscore_funnel_build(f), SQLSCORE_ENOTFOUND, "cannot be the last");
    ck_assert_ok(sqlscore_funnel_set_sql_stage(f, "qualified"));
    ck_assert_ok(sqlscore_funnel_build(f));
    ck_assert_ok(sqlscore_funnel_stage_count(f, &n));
    ck_assert_int_eq(n, 6);                     /* 4 main + nurture + lost */
    ck_assert_ok(sqlscore_funnel_stage_find(f, "NURTURE", &idx));
    ck_assert_int_eq(idx, 4);
    ck_assert_ok(sqlscore_funnel_stage_find(f, "lost", &idx));
    ck_assert_int_eq(idx, 5);
    ck_assert_status(sqlscore_funnel_stage_find(f, "disqualified", &idx), SQLSCORE_ENOTFOUND,
                     "no stage 'disqualified'");
    ck_assert_ok(sqlscore_funnel_stage_kind(f, 1, &kind, &dwell));
    ck_assert_int_eq(kind, SQLSCORE_STAGE_KIND_MAIN);
    ck_assert_int_eq(dwell, 14 * 86400);
    ck_assert_ok(sqlscore_funnel_stage_kind(f, 3, &kind, &dwell));
    ck_assert_int_eq(kind, SQLSCORE_STAGE_KIND_WON);
    ck_assert_int_eq(dwell, 0);
    ck_assert_ok(sqlscore_funnel_stage_kind(f, 5, &kind, NULL));
    ck_assert_int_eq(kind, SQLSCORE_STAGE_KIND_LOST);
    ck_assert_ok(sqlscore_funnel_stage_name(f, 2, &name));
    ck_assert_str_eq(name, "Deal");
    ck_assert_ok(sqlscore_funnel_info(f, &sql, &skip, &mask));
    ck_assert_int_eq(sql, 1);
    ck_assert_int_eq(skip, SQLSCORE_FUNNEL_SKIP_FORBIDDEN);
    ck_assert_int_eq(mask, 5);
    sqlscore_funnel_free(f);
}
END_TEST

START_TEST(utf8_stage_names_fold_case)
{
    sqlscore_funnel *f;
    int32_t idx;
    ck_assert_ok(sqlscore_funnel_new(&f, "\xD0\x92\xD0\xBE\xD1\x80\xD0\xBE\xD0\xBD\xD0\xBA\xD0\xB0"));
    /* "Интерес", "Квалификация", "Сделка" */
    ck_assert_ok(sqlscore_funnel_add_stage(f, "\xD0\x98\xD0\xBD\xD1\x82\xD0\xB5\xD1\x80\xD0\xB5\xD1\x81", 0));
    ck_assert_ok(sqlscore_funnel_add_stage(f, "\xD0\x9A\xD0\xB2\xD0\xB0\xD0\xBB\xD0\xB8\xD1\x84", 0));
    ck_assert_ok(sqlscore_funnel_add_stage(f, "\xD0\xA1\xD0\xB4\xD0\xB5\xD0\xBB\xD0\xBA\xD0\xB0", 0));
    /* "КВАЛИФ" in capitals is the same name. */
    ck_assert_status(sqlscore_funnel_add_stage(f, "\xD0\x9A\xD0\x92\xD0\x90\xD0\x9B\xD0\x98\xD0\xA4", 0),
                     SQLSCORE_EEXIST, "already has a stage");
    ck_assert_ok(sqlscore_funnel_set_sql_stage(f, "\xD0\xBA\xD0\xB2\xD0\xB0\xD0\xBB\xD0\xB8\xD1\x84"));
    ck_assert_ok(sqlscore_funnel_build(f));
    ck_assert_ok(sqlscore_funnel_stage_find(f, "\xD0\xA1\xD0\x94\xD0\x95\xD0\x9B\xD0\x9A\xD0\x90", &idx));
    ck_assert_int_eq(idx, 2);
    ck_assert_ok(sqlscore_funnel_info(f, &idx, NULL, NULL));
    ck_assert_int_eq(idx, 1);
    sqlscore_funnel_free(f);
}
END_TEST

START_TEST(bad_definitions)
{
    sqlscore_funnel *f = NULL, *g;
    char longname[70];
    int i;
    memset(longname, 'a', 65);
    longname[65] = '\0';

    ck_assert_status(sqlscore_funnel_new(NULL, "x"), SQLSCORE_EINVAL, "out is NULL");
    ck_assert_status(sqlscore_funnel_new(&f, NULL), SQLSCORE_EINVAL, "name is NULL");
    ck_assert_status(sqlscore_funnel_new(&f, "two words"), SQLSCORE_EINVAL, "not an identifier");
    ck_assert_ptr_null(f);
    ck_assert_status(sqlscore_funnel_new_default(NULL), SQLSCORE_EINVAL, "out is NULL");
    ck_assert_ok(sqlscore_funnel_new(&f, "f"));
    ck_assert_status(sqlscore_funnel_add_stage(NULL, "a", 0), SQLSCORE_EINVAL, "funnel is NULL");
    ck_assert_status(sqlscore_funnel_add_stage(f, NULL, 0), SQLSCORE_EINVAL, "stage name is NULL");
    ck_assert_status(sqlscore_funnel_add_stage(f, "", 0), SQLSCORE_EINVAL, "not an identifier");
    ck_assert_status(sqlscore_funnel_add_stage(f, "1st", 0), SQLSCORE_EINVAL, "not an identifier");
    ck_assert_status(sqlscore_funnel_add_stage(f, "a-b", 0), SQLSCORE_EINVAL, "not an identifier");
    ck_assert_status(sqlscore_funnel_add_stage(f, longname, 0), SQLSCORE_EINVAL, "not an identifier");
    longname[64] = '\0';
    ck_assert_ok(sqlscore_funnel_add_stage(f, longname, 0));       /* 64 bytes is fine */
    ck_assert_status(sqlscore_funnel_add_stage(f, "K\xC3", 0), SQLSCORE_EINVAL, "not valid UTF-8");
    ck_assert_status(sqlscore_funnel_add_stage(f, "Nurture", 0), SQLSCORE_EINVAL, "reserved");
    ck_assert_status(sqlscore_funnel_add_stage(f, "LOST", 0), SQLSCORE_EINVAL, "reserved");
    ck_assert_status(sqlscore_funnel_add_stage(f, "x", -1), SQLSCORE_EINVAL, "negative");
    ck_assert_status(sqlscore_funnel_build(f), SQLSCORE_EINVAL, "needs at least 2");
    ck_assert_ok(sqlscore_funnel_add_stage(f, "second_1", 0));
    ck_assert_status(sqlscore_funnel_add_stage(f, "SECOND_1", 0), SQLSCORE_EEXIST, "already has");
    ck_assert_status(sqlscore_funnel_set_side_stages(f, 8), SQLSCORE_EINVAL, "unknown bits");
    ck_assert_status(sqlscore_funnel_set_side_stages(NULL, 0), SQLSCORE_EINVAL, "funnel is NULL");
    ck_assert_status(sqlscore_funnel_set_skip(f, 2), SQLSCORE_EINVAL, "unknown skip policy");
    ck_assert_status(sqlscore_funnel_set_sql_stage(f, "no way"), SQLSCORE_EINVAL, "not an identifier");
    ck_assert_status(sqlscore_funnel_build(NULL), SQLSCORE_EINVAL, "funnel is NULL");
    ck_assert_status(sqlscore_funnel_name(f, NULL), SQLSCORE_EINVAL, "name is NULL");
    sqlscore_funnel_free(f);

    /* At most SQLSCORE_FUNNEL_MAX_STAGES main stages. */
    ck_assert_ok(sqlscore_funnel_new(&g, "many"));
    for (i = 0; i < SQLSCORE_FUNNEL_MAX_STAGES; i++) {
        char nm[16];
        snprintf(nm, sizeof nm, "s%d", i);
        ck_assert_ok(sqlscore_funnel_add_stage(g, nm, 0));
    }
    ck_assert_status(sqlscore_funnel_add_stage(g, "one_more", 0), SQLSCORE_ERANGE, "already has 32");
    ck_assert_ok(sqlscore_funnel_set_sql_stage(g, "s30"));
    ck_assert_ok(sqlscore_funnel_build(g));
    ck_assert_ok(sqlscore_funnel_stage_count(g, &i));
    ck_assert_int_eq(i, 35);
    sqlscore_funnel_free(g);
    ck_assert_int_eq(sqlscore_test_alloc_live(), 0);
}
END_TEST

/* Build a small custom funnel, failing the k-th allocation. */
static int build_custom(sqlscore_funnel **out)
{
    sqlscore_funnel *f;
    int rc;
    if ((rc = sqlscore_funnel_new(&f, "alloc")) != SQLSCORE_OK)
        return rc;
    if ((rc = sqlscore_funnel_add_stage(f, "a", 0)) != SQLSCORE_OK ||
        (rc = sqlscore_funnel_add_stage(f, "sql", 10)) != SQLSCORE_OK ||
        (rc = sqlscore_funnel_add_stage(f, "won", 0)) != SQLSCORE_OK ||
        (rc = sqlscore_funnel_set_sql_stage(f, "SQL")) != SQLSCORE_OK ||
        (rc = sqlscore_funnel_build(f)) != SQLSCORE_OK) {
        sqlscore_funnel_free(f);
        return rc;
    }
    *out = f;
    return SQLSCORE_OK;
}

START_TEST(allocation_failures)
{
    long k, before = sqlscore_test_alloc_live();
    int rc, done = 0;
    for (k = 1; !done; k++) {
        sqlscore_funnel *f = NULL, *c = NULL;
        int32_t n = 0;
        sqlscore_test_fail_after(k);
        rc = build_custom(&f);
        if (rc == SQLSCORE_OK)
            rc = sqlscore__funnel_clone(&c, f);
        sqlscore_test_alloc_reset();
        if (rc == SQLSCORE_OK) {
            ck_assert_ok(sqlscore_funnel_stage_count(c, &n));
            ck_assert_int_eq(n, 6);
            done = 1;
        } else {
            ck_assert_int_eq(rc, SQLSCORE_ENOMEM);
            ck_assert_ptr_null(c);
        }
        sqlscore_funnel_free(c);
        sqlscore_funnel_free(f);
        ck_assert_int_eq(sqlscore_test_alloc_live(), before);
    }
    for (k = 1, done = 0; !done; k++) {
        sqlscore_funnel *f = NULL;
        sqlscore_test_fail_after(k);
        rc = sqlscore_funnel_new_default(&f);
        sqlscore_test_alloc_reset();
        if (rc == SQLSCORE_OK)
            done = 1;
        else
            ck_assert_int_eq(rc, SQLSCORE_ENOMEM);
        sqlscore_funnel_free(f);
        ck_assert_int_eq(sqlscore_test_alloc_live(), before);
    }
    /* A failed build leaves the funnel buildable. */
    for (k = 1, done = 0; !done; k++) {
        sqlscore_funnel *f;
        ck_assert_ok(sqlscore_funnel_new(&f, "b"));
        ck_assert_ok(sqlscore_funnel_add_stage(f, "a", 0));
        ck_assert_ok(sqlscore_funnel_add_stage(f, "sql", 0));
        ck_assert_ok(sqlscore_funnel_add_stage(f, "c", 0));
        sqlscore_test_fail_after(k);
        rc = sqlscore_funnel_build(f);
        sqlscore_test_alloc_reset();
        if (rc == SQLSCORE_OK) {
            done = 1;
        } else {
            int32_t n;
            ck_assert_int_eq(rc, SQLSCORE_ENOMEM);
            ck_assert_status(sqlscore_funnel_stage_count(f, &n), SQLSCORE_ESTATE, "not built");
            ck_assert_ok(sqlscore_funnel_build(f));
            ck_assert_ok(sqlscore_funnel_stage_count(f, &n));
            ck_assert_int_eq(n, 6);
        }
        sqlscore_funnel_free(f);
        ck_assert_int_eq(sqlscore_test_alloc_live(), before);
    }
}
END_TEST

/*
 * The whole move table of the default funnel, written out by hand from the
 * rules in the header (not computed from the code).  Rows: the current stage
 * ('-' = none yet, then inquiry mql sal sql opportunity customer nurture
 * disqualified lost); columns: the target stage in the same order.  Letters:
 * E enter, F forward, C recycle, R reset, D disqualify, L lose, O reopen,
 * x refused (ETRANSITION).
 */
static const char *const move_table_plain[10] = {
    /*         i m s q o c n d l */
    /* -  */  "EEEEEExxx",
    /* inq */ "xFFFFFCDL",
    /* mql */ "xxFFFFCDL",
    /* sal */ "xxxFFFCDL",
    /* sql */ "xxxxFFCDL",
    /* opp */ "xxxxxFCDL",
    /* cus */ "xxxxxxxxx",
    /* nur */ "FFFFFFxDL",
    /* dis */ "xxxxxxCxx",
    /* los */ "xxxxxxxxx",
};
static const char *const move_table_reset[10] = {
    "EEEEEExxx",
    "xFFFFFCDL",
    "RxFFFFCDL",
    "RRxFFFCDL",
    "RRRxFFCDL",
    "RRRRxFCDL",
    "xxxxxxxxx",
    "FFFFFFxDL",
    "RRRRRRCxx",
    "xxxxxxxxx",
};
static const char *const move_table_reopen[10] = {
    "EEEEEExxx",
    "xFFFFFCDL",
    "xxFFFFCDL",
    "xxxFFFCDL",
    "xxxxFFCDL",
    "xxxxxFCDL",
    "OOOOOxOxx",
    "FFFFFFxDL",
    "OOOOOOCxx",
    "OOOOOOOxx",
};

static char kind_letter(int32_t kind)
{
    return "EFCRDLO"[kind];
}

static void check_table(const sqlscore_funnel *f, const char *const *table, int32_t flags)
{
    int32_t from, to;
    for (from = -1; from < 9; from++) {
        for (to = 0; to < 9; to++) {
            struct sqlscore__stage_plan p;
            char want = table[from + 1][to];
            int rc = sqlscore__stage_plan_move(&p, f, from, 100, to, 200, flags, 1, "t");
            if (want == 'x') {
                ck_assert_msg(rc == SQLSCORE_ETRANSITION, "%d -> %d flags %d: got %d, want refusal",
                              (int)from, (int)to, (int)flags, rc);
            } else {
                ck_assert_msg(rc == SQLSCORE_OK, "%d -> %d flags %d: refused: %s", (int)from,
                              (int)to, (int)flags, sqlscore_error_message());
                ck_assert_msg(kind_letter(p.kind) == want, "%d -> %d flags %d: kind %c, want %c",
                              (int)from, (int)to, (int)flags, kind_letter(p.kind), want);
            }
        }
    }
}

START_TEST(every_move_of_the_default_funnel)
{
    sqlscore_funnel *f;
    ck_assert_ok(sqlscore_funnel_new_default(&f));
    check_table(f, move_table_plain, 0);
    check_table(f, move_table_reset, SQLSCORE_MOVE_RESET);
    check_table(f, move_table_reopen, SQLSCORE_MOVE_REOPEN);
    sqlscore_funnel_free(f);
}
END_TEST

START_TEST(skips_and_their_records)
{
    sqlscore_funnel *f;
    struct sqlscore__stage_plan p;
    ck_assert_ok(sqlscore_funnel_new_default(&f));
    /* mql -> opportunity passes sal and sql (the SQL stage). */
    ck_assert_ok(sqlscore__stage_plan_move(&p, f, 1, 0, 4, 0, 0, 0, "t"));
    ck_assert_int_eq(p.first, 2);
    ck_assert_int_eq(p.to, 4);
    ck_assert_int_eq(p.enters_sql, 1);
    /* mql -> sal does not touch sql. */
    ck_assert_ok(sqlscore__stage_plan_move(&p, f, 1, 0, 2, 0, 0, 0, "t"));
    ck_assert_int_eq(p.first, 2);
    ck_assert_int_eq(p.enters_sql, 0);
    /* Entering at sql records inquiry, mql, sal. */
    ck_assert_ok(sqlscore__stage_plan_move(&p, f, -1, 0, 3, 0, 0, 0, "t"));
    ck_assert_int_eq(p.first, 0);
    ck_assert_int_eq(p.enters_sql, 1);
    /* From nurture the lead re-enters after inquiry. */
    ck_assert_ok(sqlscore__stage_plan_move(&p, f, 6, 0, 4, 0, 0, 0, "t"));
    ck_assert_int_eq(p.first, 1);
    ck_assert_int_eq(p.enters_sql, 1);
    ck_assert_ok(sqlscore__stage_plan_move(&p, f, 6, 0, 0, 0, 0, 0, "t"));
    ck_assert_int_eq(p.first, 0);
    ck_assert_int_eq(p.enters_sql, 0);
    /* A reset to sql enters sql, a reset to sal does not. */
    ck_assert_ok(sqlscore__stage_plan_move(&p, f, 4, 0, 3, 0, SQLSCORE_MOVE_RESET, 1, "t"));
    ck_assert_int_eq(p.first, 3);
    ck_assert_int_eq(p.enters_sql, 1);
    ck_assert_ok(sqlscore__stage_plan_move(&p, f, 4, 0, 2, 0, SQLSCORE_MOVE_RESET, 1, "t"));
    ck_assert_int_eq(p.enters_sql, 0);
    /* Moving to a side stage never enters sql. */
    ck_assert_ok(sqlscore__stage_plan_move(&p, f, 3, 0, 7, 0, 0, 0, "t"));
    ck_assert_int_eq(p.enters_sql, 0);
    sqlscore_funnel_free(f);
}
END_TEST

START_TEST(refusals_say_why)
{
    sqlscore_funnel *f, *g;
    struct sqlscore__stage_plan p;
    ck_assert_ok(sqlscore_funnel_new_default(&f));
    ck_assert_status(sqlscore__stage_plan_move(&p, f, 3, 50, 4, 49, 0, 1, "fn"),
                     SQLSCORE_ESTATE, "fn: time 49 is before the lead's last move at 50");
    ck_assert_ok(sqlscore__stage_plan_move(&p, f, 3, 50, 4, 50, 0, 1, "fn")); /* equal is fine */
    ck_assert_status(sqlscore__stage_plan_move(&p, f, 3, 0, 3, 0, 0, 1, "fn"),
                     SQLSCORE_ETRANSITION, "already in 'sql'");
    ck_assert_status(sqlscore__stage_plan_move(&p, f, 3, 0, 1, 0, 0, 1, "fn"),
                     SQLSCORE_ETRANSITION, "moving back from 'sql' to 'mql' needs SQLSCORE_MOVE_RESET");
    ck_assert_status(sqlscore__stage_plan_move(&p, f, 3, 0, 1, 0, SQLSCORE_MOVE_RESET, 0, "fn"),
                     SQLSCORE_ETRANSITION, "a reset needs a reason");
    ck_assert_status(sqlscore__stage_plan_move(&p, f, 3, 0, 6, 0, 0, 0, "fn"),
                     SQLSCORE_ETRANSITION, "recycling to nurture needs a reason");
    ck_assert_status(sqlscore__stage_plan_move(&p, f, 5, 0, 4, 0, 0, 1, "fn"),
                     SQLSCORE_ETRANSITION, "'customer' is terminal");
    ck_assert_status(sqlscore__stage_plan_move(&p, f, 8, 0, 4, 0, SQLSCORE_MOVE_REOPEN, 0, "fn"),
                     SQLSCORE_ETRANSITION, "reopening needs a reason");
    ck_assert_status(sqlscore__stage_plan_move(&p, f, 8, 0, 7, 0, SQLSCORE_MOVE_REOPEN, 1, "fn"),
                     SQLSCORE_ETRANSITION, "goes to a main stage or nurture");
    ck_assert_status(sqlscore__stage_plan_move(&p, f, 7, 0, 6, 0, 0, 0, "fn"),
                     SQLSCORE_ETRANSITION, "recycling to nurture needs a reason");
    ck_assert_status(sqlscore__stage_plan_move(&p, f, 7, 0, 2, 0, 0, 1, "fn"),
                     SQLSCORE_ETRANSITION, "leaving 'disqualified' for 'sal' needs");
    ck_assert_status(sqlscore__stage_plan_move(&p, f, 7, 0, 2, 0, SQLSCORE_MOVE_RESET, 0, "fn"),
                     SQLSCORE_ETRANSITION, "leaving disqualified needs a reason");
    ck_assert_status(sqlscore__stage_plan_move(&p, f, -1, 0, 6, 0, 0, 1, "fn"),
                     SQLSCORE_ETRANSITION, "enters the funnel at a main stage, not at 'nurture'");

    ck_assert_ok(sqlscore_funnel_new(&g, "strict"));
    ck_assert_ok(sqlscore_funnel_add_stage(g, "new", 0));
    ck_assert_ok(sqlscore_funnel_add_stage(g, "sql", 0));
    ck_assert_ok(sqlscore_funnel_add_stage(g, "deal", 0));
    ck_assert_ok(sqlscore_funnel_add_stage(g, "won", 0));
    ck_assert_ok(sqlscore_funnel_set_skip(g, SQLSCORE_FUNNEL_SKIP_FORBIDDEN));
    ck_assert_ok(sqlscore_funnel_build(g));
    ck_assert_status(sqlscore__stage_plan_move(&p, g, 0, 0, 2, 0, 0, 1, "fn"),
                     SQLSCORE_ETRANSITION, "forbids skipping: from 'new' the next stage is 'sql', not 'deal'");
    ck_assert_status(sqlscore__stage_plan_move(&p, g, -1, 0, 1, 0, 0, 1, "fn"),
                     SQLSCORE_ETRANSITION, "forbids skipping: a lead enters at 'new'");
    ck_assert_status(sqlscore__stage_plan_move(&p, g, 4, 0, 2, 0, 0, 1, "fn"),
                     SQLSCORE_ETRANSITION, "from 'nurture' a lead goes to 'sql', not to 'deal'");
    ck_assert_ok(sqlscore__stage_plan_move(&p, g, 4, 0, 1, 0, 0, 1, "fn"));
    ck_assert_ok(sqlscore__stage_plan_move(&p, g, 0, 0, 1, 0, 0, 1, "fn"));
    ck_assert_int_eq(p.first, 1);
    /* Side moves and resets are not skips. */
    ck_assert_ok(sqlscore__stage_plan_move(&p, g, 0, 0, 6, 0, 0, 1, "fn"));
    ck_assert_ok(sqlscore__stage_plan_move(&p, g, 3 - 1, 0, 0, 0, SQLSCORE_MOVE_RESET, 1, "fn"));
    sqlscore_funnel_free(g);
    sqlscore_funnel_free(f);
}
END_TEST

Suite *sqlscore_test_suite(void)
{
    Suite *s = suite_create("funnel");
    TCase *tc = tcase_create("funnel");
    tcase_add_test(tc, default_funnel_layout);
    tcase_add_test(tc, custom_funnel);
    tcase_add_test(tc, utf8_stage_names_fold_case);
    tcase_add_test(tc, bad_definitions);
    tcase_add_test(tc, allocation_failures);
    tcase_add_test(tc, every_move_of_the_default_funnel);
    tcase_add_test(tc, skips_and_their_records);
    tcase_add_test(tc, refusals_say_why);
    suite_add_tcase(s, tc);
    return s;
}
