/*
 * test_lead.c - the lead handle: identifier, typed attributes, checklist,
 * event ledger, clone, bad input and allocation failures.
 */
#include "testutil.h"
#include "internal.h"
#include "lead_internal.h"

#include <math.h>
#include <stdint.h>

START_TEST(new_has_bant_and_nothing_else)
{
    sqlscore_lead *l = NULL;
    const char *s;
    size_t n;
    int32_t st;
    ck_assert_ok(sqlscore_lead_new(&l, "L-1"));
    ck_assert_ok(sqlscore_lead_id(l, &s));
    ck_assert_str_eq(s, "L-1");
    ck_assert_ok(sqlscore_lead_attr_count(l, &n));
    ck_assert_uint_eq(n, 0);
    ck_assert_ok(sqlscore_lead_event_count(l, &n));
    ck_assert_uint_eq(n, 0);
    ck_assert_ok(sqlscore_lead_checklist_framework(l, &s));
    ck_assert_str_eq(s, "BANT");
    ck_assert_ok(sqlscore_lead_checklist_count(l, &n));
    ck_assert_uint_eq(n, 4);
    ck_assert_ok(sqlscore_lead_checklist_at(l, 0, &s, &st));
    ck_assert_str_eq(s, "budget");
    ck_assert_int_eq(st, SQLSCORE_CHECK_UNKNOWN);
    ck_assert_ok(sqlscore_lead_checklist_at(l, 3, &s, NULL));
    ck_assert_str_eq(s, "timeline");
    ck_assert_ptr_null(sqlscore__lead_stages_const(l));
    ck_assert_ptr_null(*sqlscore__lead_stages(l));
    sqlscore_lead_free(l);
    sqlscore_lead_free(NULL);
    ck_assert_int_eq(sqlscore_test_alloc_live(), 0);
}
END_TEST

START_TEST(new_rejects_bad_input)
{
    sqlscore_lead *l = (sqlscore_lead *)0x1;
    ck_assert_status(sqlscore_lead_new(NULL, "x"), SQLSCORE_EINVAL, "out is NULL");
    ck_assert_status(sqlscore_lead_new(&l, NULL), SQLSCORE_EINVAL, "id is NULL");
    ck_assert_status(sqlscore_lead_new(&l, ""), SQLSCORE_EINVAL, "id is empty");
    ck_assert_status(sqlscore_lead_new(&l, "a\xC3"), SQLSCORE_EINVAL, "not valid UTF-8");
    ck_assert_ptr_eq(l, (sqlscore_lead *)0x1);   /* untouched on failure */
}
END_TEST

START_TEST(attributes_of_every_type)
{
    sqlscore_lead *l;
    const char *s, *cur;
    double d;
    int64_t i;
    int32_t b, t;
    ck_assert_ok(sqlscore_lead_new(&l, "L"));
    ck_assert_ok(sqlscore_lead_set_text(l, "title", "VP Sales \xC3\xA9"));
    ck_assert_ok(sqlscore_lead_set_number(l, "score_hint", -2.5));
    ck_assert_ok(sqlscore_lead_set_integer(l, "employees", INT64_MAX));
    ck_assert_ok(sqlscore_lead_set_boolean(l, "do_not_contact", 1));
    ck_assert_ok(sqlscore_lead_set_time(l, "signup", -86400));
    ck_assert_ok(sqlscore_lead_set_money(l, "budget", 5000000, "EUR"));
    ck_assert_ok(sqlscore_lead_get_text(l, "title", &s));
    ck_assert_str_eq(s, "VP Sales \xC3\xA9");
    ck_assert_ok(sqlscore_lead_get_number(l, "score_hint", &d));
    ck_assert(d == -2.5);
    ck_assert_ok(sqlscore_lead_get_integer(l, "employees", &i));
    ck_assert(i == INT64_MAX);
    ck_assert_ok(sqlscore_lead_get_boolean(l, "do_not_contact", &b));
    ck_assert_int_eq(b, 1);
    ck_assert_ok(sqlscore_lead_get_time(l, "signup", &i));
    ck_assert(i == -86400);
    ck_assert_ok(sqlscore_lead_get_money(l, "budget", &i, &cur));
    ck_assert(i == 5000000);
    ck_assert_str_eq(cur, "EUR");
    ck_assert_ok(sqlscore_lead_attr_type(l, "budget", &t));
    ck_assert_int_eq(t, SQLSCORE_ATTR_MONEY);
    ck_assert_ok(sqlscore_lead_attr_type(l, "signup", &t));
    ck_assert_int_eq(t, SQLSCORE_ATTR_TIME);
    /* Empty text is a value, not a missing attribute. */
    ck_assert_ok(sqlscore_lead_set_text(l, "empty", ""));
    ck_assert_ok(sqlscore_lead_get_text(l, "empty", &s));
    ck_assert_str_eq(s, "");
    sqlscore_lead_free(l);
}
END_TEST

START_TEST(getters_check_type_and_presence)
{
    sqlscore_lead *l;
    double d = 42.0;
    int64_t i = 7;
    const char *s = "keep";
    ck_assert_ok(sqlscore_lead_new(&l, "L"));
    ck_assert_ok(sqlscore_lead_set_integer(l, "employees", 120));
    ck_assert_status(sqlscore_lead_get_number(l, "employees", &d), SQLSCORE_ETYPE,
                     "attribute 'employees' is integer, not number");
    ck_assert(d == 42.0);
    ck_assert_status(sqlscore_lead_get_text(l, "employees", &s), SQLSCORE_ETYPE, "not text");
    ck_assert_str_eq(s, "keep");
    ck_assert_status(sqlscore_lead_get_integer(l, "missing", &i), SQLSCORE_ENOTFOUND,
                     "no attribute 'missing'");
    ck_assert(i == 7);
    ck_assert_status(sqlscore_lead_get_integer(NULL, "x", &i), SQLSCORE_EINVAL, "lead is NULL");
    ck_assert_status(sqlscore_lead_get_integer(l, NULL, &i), SQLSCORE_EINVAL, "name is NULL");
    ck_assert_status(sqlscore_lead_get_integer(l, "employees", NULL), SQLSCORE_EINVAL,
                     "value is NULL");
    ck_assert_status(sqlscore_lead_get_money(l, "employees", &i, NULL), SQLSCORE_EINVAL,
                     "currency is NULL");
    /* Setting another type replaces the value and its type. */
    ck_assert_ok(sqlscore_lead_set_text(l, "employees", "many"));
    ck_assert_ok(sqlscore_lead_get_text(l, "employees", &s));
    ck_assert_str_eq(s, "many");
    ck_assert_ok(sqlscore_lead_set_number(l, "employees", 3.0));
    ck_assert_ok(sqlscore_lead_get_number(l, "employees", &d));
    ck_assert(d == 3.0);
    sqlscore_lead_free(l);
    ck_assert_int_eq(sqlscore_test_alloc_live(), 0);
}
END_TEST

START_TEST(setters_reject_bad_values_and_change_nothing)
{
    sqlscore_lead *l;
    double d;
    size_t n;
    ck_assert_ok(sqlscore_lead_new(&l, "L"));
    ck_assert_ok(sqlscore_lead_set_number(l, "revenue", 1.0));
    ck_assert_status(sqlscore_lead_set_number(l, "revenue", NAN), SQLSCORE_EINVAL,
                     "attribute 'revenue': value is NaN");
    ck_assert_status(sqlscore_lead_set_number(l, "revenue", -INFINITY), SQLSCORE_EINVAL,
                     "infinite");
    ck_assert_status(sqlscore_lead_set_text(l, "revenue", "\xFF"), SQLSCORE_EINVAL,
                     "not valid UTF-8");
    ck_assert_status(sqlscore_lead_set_text(l, "revenue", NULL), SQLSCORE_EINVAL,
                     "value is NULL");
    ck_assert_status(sqlscore_lead_set_text(l, "", "x"), SQLSCORE_EINVAL,
                     "attribute name is empty");
    ck_assert_status(sqlscore_lead_set_text(l, "\xC0\x80", "x"), SQLSCORE_EINVAL,
                     "attribute name is not valid UTF-8");
    ck_assert_status(sqlscore_lead_set_boolean(l, "revenue", 2), SQLSCORE_EINVAL,
                     "neither 0 nor 1");
    ck_assert_status(sqlscore_lead_set_money(l, "revenue", 1, "eur"), SQLSCORE_EINVAL,
                     "ISO 4217");
    ck_assert_status(sqlscore_lead_set_money(l, "revenue", 1, "EURO"), SQLSCORE_EINVAL,
                     "ISO 4217");
    ck_assert_status(sqlscore_lead_set_money(l, "revenue", 1, "QQQ"), SQLSCORE_ENOTFOUND,
                     "unknown currency 'QQQ'");
    ck_assert_status(sqlscore_lead_set_money(l, "revenue", 1, NULL), SQLSCORE_EINVAL,
                     "currency is NULL");
    ck_assert_status(sqlscore_lead_set_integer(NULL, "x", 1), SQLSCORE_EINVAL, "lead is NULL");
    ck_assert_ok(sqlscore_lead_get_number(l, "revenue", &d));
    ck_assert(d == 1.0);
    ck_assert_ok(sqlscore_lead_attr_count(l, &n));
    ck_assert_uint_eq(n, 1);
    sqlscore_lead_free(l);
}
END_TEST

START_TEST(unset_and_iterate_in_name_order)
{
    sqlscore_lead *l;
    const char *names[] = { "title", "Country", "employees", "arr", "zeta" };
    const char *s;
    int32_t t;
    size_t i, n;
    ck_assert_ok(sqlscore_lead_new(&l, "L"));
    for (i = 0; i < 5; i++)
        ck_assert_ok(sqlscore_lead_set_integer(l, names[i], (int64_t)i));
    ck_assert_ok(sqlscore_lead_attr_count(l, &n));
    ck_assert_uint_eq(n, 5);
    /* Bytewise: uppercase sorts before lowercase. */
    ck_assert_ok(sqlscore_lead_attr_at(l, 0, &s, &t));
    ck_assert_str_eq(s, "Country");
    ck_assert_int_eq(t, SQLSCORE_ATTR_INTEGER);
    ck_assert_ok(sqlscore_lead_attr_at(l, 1, &s, NULL));
    ck_assert_str_eq(s, "arr");
    ck_assert_ok(sqlscore_lead_attr_at(l, 4, &s, NULL));
    ck_assert_str_eq(s, "zeta");
    ck_assert_status(sqlscore_lead_attr_at(l, 5, &s, NULL), SQLSCORE_ENOTFOUND, "index 5");
    ck_assert_ok(sqlscore_lead_unset(l, "employees"));
    ck_assert_status(sqlscore_lead_unset(l, "employees"), SQLSCORE_ENOTFOUND,
                     "no attribute 'employees'");
    ck_assert_status(sqlscore_lead_attr_type(l, "employees", &t), SQLSCORE_ENOTFOUND,
                     "employees");
    ck_assert_ok(sqlscore_lead_attr_count(l, &n));
    ck_assert_uint_eq(n, 4);
    ck_assert_ok(sqlscore_lead_attr_at(l, 2, &s, NULL));
    ck_assert_str_eq(s, "title");
    sqlscore_lead_free(l);
    ck_assert_int_eq(sqlscore_test_alloc_live(), 0);
}
END_TEST

START_TEST(checklist_states_and_frameworks)
{
    sqlscore_lead *l;
    const char *meddic[] = { "metrics", "economic_buyer", "decision_criteria",
                             "decision_process", "identify_pain", "champion" };
    const char *anum[] = { "authority", "need", "urgency", "money" };
    const char *dup[] = { "a", "b", "a" };
    const char *s;
    int32_t st = 99;
    size_t n;
    ck_assert_ok(sqlscore_lead_new(&l, "L"));
    ck_assert_ok(sqlscore_lead_check_set(l, "budget", SQLSCORE_CHECK_MET));
    ck_assert_ok(sqlscore_lead_check_set(l, "authority", SQLSCORE_CHECK_NOT_MET));
    ck_assert_ok(sqlscore_lead_check_get(l, "budget", &st));
    ck_assert_int_eq(st, SQLSCORE_CHECK_MET);
    ck_assert_status(sqlscore_lead_check_set(l, "budget", 3), SQLSCORE_EINVAL, "state 3");
    ck_assert_status(sqlscore_lead_check_set(l, "champion", 1), SQLSCORE_ENOTFOUND,
                     "framework 'BANT' has no item 'champion'");
    ck_assert_status(sqlscore_lead_check_get(l, "Budget", &st), SQLSCORE_ENOTFOUND, "Budget");
    /* Switching keeps the states of items present in both lists. */
    ck_assert_ok(sqlscore_lead_checklist_set(l, "ANUM", anum, 4));
    ck_assert_ok(sqlscore_lead_check_get(l, "authority", &st));
    ck_assert_int_eq(st, SQLSCORE_CHECK_NOT_MET);
    ck_assert_ok(sqlscore_lead_check_get(l, "money", &st));
    ck_assert_int_eq(st, SQLSCORE_CHECK_UNKNOWN);
    ck_assert_status(sqlscore_lead_check_get(l, "budget", &st), SQLSCORE_ENOTFOUND, "budget");
    ck_assert_ok(sqlscore_lead_checklist_set(l, "MEDDIC", meddic, 6));
    ck_assert_ok(sqlscore_lead_checklist_count(l, &n));
    ck_assert_uint_eq(n, 6);
    ck_assert_ok(sqlscore_lead_checklist_framework(l, &s));
    ck_assert_str_eq(s, "MEDDIC");
    ck_assert_ok(sqlscore_lead_checklist_at(l, 5, &s, &st));
    ck_assert_str_eq(s, "champion");
    ck_assert_status(sqlscore_lead_checklist_at(l, 6, &s, &st), SQLSCORE_ENOTFOUND, "index 6");
    ck_assert_status(sqlscore_lead_checklist_set(l, "X", dup, 3), SQLSCORE_EEXIST,
                     "item 'a' twice");
    ck_assert_status(sqlscore_lead_checklist_set(l, "X", dup, 0), SQLSCORE_EINVAL, "no items");
    ck_assert_status(sqlscore_lead_checklist_set(l, "", dup, 1), SQLSCORE_EINVAL,
                     "framework is empty");
    ck_assert_status(sqlscore_lead_checklist_set(l, "X", NULL, 1), SQLSCORE_EINVAL,
                     "items is NULL");
    ck_assert_ok(sqlscore_lead_checklist_framework(l, &s));
    ck_assert_str_eq(s, "MEDDIC");
    sqlscore_lead_free(l);
    ck_assert_int_eq(sqlscore_test_alloc_live(), 0);
}
END_TEST

START_TEST(event_ledger_is_ordered_and_stable)
{
    sqlscore_lead *l;
    double v = 90.0, bad = NAN;
    const char *type, *camp;
    int64_t t;
    int32_t hv;
    double val;
    size_t n;
    ck_assert_ok(sqlscore_lead_new(&l, "L"));
    ck_assert_ok(sqlscore_lead_event_add(l, "page_view", 300, &v, "spring"));
    ck_assert_ok(sqlscore_lead_event_add(l, "email_open", 100, NULL, NULL));
    ck_assert_ok(sqlscore_lead_event_add(l, "webinar", 300, NULL, NULL));
    ck_assert_ok(sqlscore_lead_event_add(l, "form_fill", 200, NULL, NULL));
    ck_assert_ok(sqlscore_lead_event_add(l, "demo_request", 300, NULL, NULL));
    ck_assert_ok(sqlscore_lead_event_add(l, "first", -5, NULL, NULL));
    ck_assert_ok(sqlscore_lead_event_count(l, &n));
    ck_assert_uint_eq(n, 6);
    {
        /* by time, equal times (300) in insertion order */
        const char *want[] = { "first", "email_open", "form_fill", "page_view", "webinar",
                               "demo_request" };
        size_t i;
        for (i = 0; i < 6; i++) {
            ck_assert_ok(sqlscore_lead_event_at(l, i, &type, NULL, NULL, NULL, NULL));
            ck_assert_str_eq(type, want[i]);
        }
    }
    ck_assert_ok(sqlscore_lead_event_at(l, 3, &type, &t, &hv, &val, &camp));
    ck_assert(t == 300);
    ck_assert_int_eq(hv, 1);
    ck_assert(val == 90.0);
    ck_assert_str_eq(camp, "spring");
    ck_assert_ok(sqlscore_lead_event_at(l, 1, NULL, &t, &hv, &val, &camp));
    ck_assert_int_eq(hv, 0);
    ck_assert_ptr_null(camp);
    ck_assert_status(sqlscore_lead_event_at(l, 6, &type, NULL, NULL, NULL, NULL),
                     SQLSCORE_ENOTFOUND, "index 6");
    ck_assert_status(sqlscore_lead_event_add(l, "x", 1, &bad, NULL), SQLSCORE_EINVAL,
                     "event 'x': value is NaN");
    ck_assert_status(sqlscore_lead_event_add(l, "", 1, NULL, NULL), SQLSCORE_EINVAL,
                     "event type is empty");
    ck_assert_status(sqlscore_lead_event_add(l, "x", 1, NULL, "\xFF"), SQLSCORE_EINVAL,
                     "campaign is not valid UTF-8");
    ck_assert_ok(sqlscore_lead_event_count(l, &n));
    ck_assert_uint_eq(n, 6);
    sqlscore_lead_free(l);
    ck_assert_int_eq(sqlscore_test_alloc_live(), 0);
}
END_TEST

static sqlscore_lead *make_full_lead(void)
{
    sqlscore_lead *l;
    double v = 1.5;
    const char *items[] = { "need", "pain" };
    ck_assert_ok(sqlscore_lead_new(&l, "full"));
    ck_assert_ok(sqlscore_lead_set_text(l, "title", "CTO"));
    ck_assert_ok(sqlscore_lead_set_money(l, "arr", 1234, "USD"));
    ck_assert_ok(sqlscore_lead_set_number(l, "n", 2.0));
    ck_assert_ok(sqlscore_lead_check_set(l, "need", SQLSCORE_CHECK_MET));
    ck_assert_ok(sqlscore_lead_checklist_set(l, "Custom", items, 2));
    ck_assert_ok(sqlscore_lead_event_add(l, "visit", 10, &v, "c1"));
    ck_assert_ok(sqlscore_lead_event_add(l, "visit", 5, NULL, NULL));
    return l;
}

START_TEST(clone_is_deep_and_independent)
{
    sqlscore_lead *a = make_full_lead(), *b;
    const char *s, *cur;
    int64_t m;
    int32_t st;
    size_t n;
    ck_assert_ok(sqlscore_lead_clone(&b, a));
    sqlscore_lead_free(a);        /* the copy must not share memory */
    ck_assert_ok(sqlscore_lead_id(b, &s));
    ck_assert_str_eq(s, "full");
    ck_assert_ok(sqlscore_lead_get_text(b, "title", &s));
    ck_assert_str_eq(s, "CTO");
    ck_assert_ok(sqlscore_lead_get_money(b, "arr", &m, &cur));
    ck_assert(m == 1234);
    ck_assert_str_eq(cur, "USD");
    ck_assert_ok(sqlscore_lead_checklist_framework(b, &s));
    ck_assert_str_eq(s, "Custom");
    ck_assert_ok(sqlscore_lead_check_get(b, "need", &st));
    ck_assert_int_eq(st, SQLSCORE_CHECK_MET);
    ck_assert_ok(sqlscore_lead_event_count(b, &n));
    ck_assert_uint_eq(n, 2);
    ck_assert_ok(sqlscore_lead_event_at(b, 1, NULL, NULL, NULL, NULL, &s));
    ck_assert_str_eq(s, "c1");
    ck_assert_status(sqlscore_lead_clone(NULL, b), SQLSCORE_EINVAL, "out is NULL");
    ck_assert_status(sqlscore_lead_clone(&a, NULL), SQLSCORE_EINVAL, "lead is NULL");
    sqlscore_lead_free(b);
    ck_assert_int_eq(sqlscore_test_alloc_live(), 0);
}
END_TEST

START_TEST(allocation_failures_leak_nothing_and_change_nothing)
{
    long k, before;
    sqlscore_lead *base = make_full_lead();
    size_t n;
    before = sqlscore_test_alloc_live();
    /* new */
    for (k = 1;; k++) {
        sqlscore_lead *l = NULL;
        int rc;
        sqlscore_test_fail_after(k);
        rc = sqlscore_lead_new(&l, "x");
        sqlscore_test_alloc_reset();
        if (rc == SQLSCORE_OK) {
            sqlscore_lead_free(l);
            break;
        }
        ck_assert_int_eq(rc, SQLSCORE_ENOMEM);
        ck_assert_ptr_null(l);
        ck_assert_int_eq(sqlscore_test_alloc_live(), before);
    }
    /* clone */
    for (k = 1;; k++) {
        sqlscore_lead *l = NULL;
        int rc;
        sqlscore_test_fail_after(k);
        rc = sqlscore_lead_clone(&l, base);
        sqlscore_test_alloc_reset();
        if (rc == SQLSCORE_OK) {
            sqlscore_lead_free(l);
            break;
        }
        ck_assert_int_eq(rc, SQLSCORE_ENOMEM);
        ck_assert_int_eq(sqlscore_test_alloc_live(), before);
    }
    /* setters, checklist, events on a lead that must stay as it was */
    for (k = 1;; k++) {
        int rc;
        const char *items[] = { "x", "need" };
        double v = 3.0;
        sqlscore_test_fail_after(k);
        rc = sqlscore_lead_set_text(base, "new_attr", "value");
        if (rc == SQLSCORE_OK)
            rc = sqlscore_lead_set_text(base, "title", "CEO");
        if (rc == SQLSCORE_OK)
            rc = sqlscore_lead_checklist_set(base, "Other", items, 2);
        if (rc == SQLSCORE_OK)
            rc = sqlscore_lead_event_add(base, "visit", 7, &v, "camp");
        sqlscore_test_alloc_reset();
        if (rc == SQLSCORE_OK)
            break;
        ck_assert_int_eq(rc, SQLSCORE_ENOMEM);
        /* each step either fully happened or not at all */
        ck_assert_ok(sqlscore_lead_event_count(base, &n));
        ck_assert_uint_eq(n, 2);
    }
    ck_assert_ok(sqlscore_lead_event_count(base, &n));
    ck_assert_uint_eq(n, 3);
    ck_assert_ok(sqlscore_lead_attr_count(base, &n));
    ck_assert_uint_eq(n, 4);
    sqlscore_lead_free(base);
    ck_assert_int_eq(sqlscore_test_alloc_live(), 0);
}
END_TEST

Suite *sqlscore_test_suite(void)
{
    Suite *s = suite_create("lead");
    TCase *tc = tcase_create("lead");
    tcase_add_test(tc, new_has_bant_and_nothing_else);
    tcase_add_test(tc, new_rejects_bad_input);
    tcase_add_test(tc, attributes_of_every_type);
    tcase_add_test(tc, getters_check_type_and_presence);
    tcase_add_test(tc, setters_reject_bad_values_and_change_nothing);
    tcase_add_test(tc, unset_and_iterate_in_name_order);
    tcase_add_test(tc, checklist_states_and_frameworks);
    tcase_add_test(tc, event_ledger_is_ordered_and_stable);
    tcase_add_test(tc, clone_is_deep_and_independent);
    tcase_add_test(tc, allocation_failures_leak_nothing_and_change_nothing);
    suite_add_tcase(s, tc);
    return s;
}
