/*
 * hardutil.h - helpers shared by the cross-cutting hardening tests
 * (test_oom.c, test_badinput.c, test_threads.c): a fully populated fixture
 * per handle type and a dump of everything its public getters show, so a
 * test can assert that a failed call changed nothing.
 */
#ifndef SQLSCORE_HARDUTIL_H
#define SQLSCORE_HARDUTIL_H

#include "testutil.h"
#include "internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#define HARD_DUMP_SIZE 8192

static void hard_cat(char *buf, const char *fmt, ...) SQLSCORE__PRINTF(2, 3);
static void hard_cat(char *buf, const char *fmt, ...)
{
    size_t len = strlen(buf);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + len, HARD_DUMP_SIZE - len, fmt, ap);
    va_end(ap);
}

static void hard_lead_dump(const sqlscore_lead *l, char *buf)
{
    const char *str, *name, *cur, *type, *camp;
    size_t i, n;
    int32_t t, st, has;
    int64_t iv, tm;
    double dv;

    buf[0] = '\0';
    ck_assert_ok(sqlscore_lead_id(l, &str));
    hard_cat(buf, "id=%s;", str);
    ck_assert_ok(sqlscore_lead_attr_count(l, &n));
    for (i = 0; i < n; i++) {
        ck_assert_ok(sqlscore_lead_attr_at(l, i, &name, &t));
        hard_cat(buf, "%s:%d=", name, (int)t);
        switch (t) {
        case SQLSCORE_ATTR_TEXT:
            ck_assert_ok(sqlscore_lead_get_text(l, name, &str));
            hard_cat(buf, "%s;", str);
            break;
        case SQLSCORE_ATTR_NUMBER:
            ck_assert_ok(sqlscore_lead_get_number(l, name, &dv));
            hard_cat(buf, "%.17g;", dv);
            break;
        case SQLSCORE_ATTR_INTEGER:
            ck_assert_ok(sqlscore_lead_get_integer(l, name, &iv));
            hard_cat(buf, "%lld;", (long long)iv);
            break;
        case SQLSCORE_ATTR_BOOLEAN:
            ck_assert_ok(sqlscore_lead_get_boolean(l, name, &st));
            hard_cat(buf, "%d;", (int)st);
            break;
        case SQLSCORE_ATTR_TIME:
            ck_assert_ok(sqlscore_lead_get_time(l, name, &iv));
            hard_cat(buf, "%lld;", (long long)iv);
            break;
        case SQLSCORE_ATTR_MONEY:
            ck_assert_ok(sqlscore_lead_get_money(l, name, &iv, &cur));
            hard_cat(buf, "%lld %s;", (long long)iv, cur);
            break;
        default:
            ck_abort_msg("attribute %s has unknown type %d", name, (int)t);
        }
    }
    ck_assert_ok(sqlscore_lead_checklist_framework(l, &str));
    hard_cat(buf, "framework=%s;", str);
    ck_assert_ok(sqlscore_lead_checklist_count(l, &n));
    for (i = 0; i < n; i++) {
        ck_assert_ok(sqlscore_lead_checklist_at(l, i, &name, &st));
        hard_cat(buf, "[%s=%d]", name, (int)st);
    }
    ck_assert_ok(sqlscore_lead_event_count(l, &n));
    for (i = 0; i < n; i++) {
        ck_assert_ok(sqlscore_lead_event_at(l, i, &type, &tm, &has, &dv, &camp));
        hard_cat(buf, "{%s@%lld", type, (long long)tm);
        if (has)
            hard_cat(buf, " v=%.17g", dv);
        hard_cat(buf, " c=%s}", camp ? camp : "-");
    }
    ck_assert_uint_lt(strlen(buf), HARD_DUMP_SIZE - 1);
}

static sqlscore_lead *hard_full_lead(void)
{
    sqlscore_lead *lead = NULL;
    const char *items[] = { "authority", "need", "timeline", "budget" };
    double v = 12.5;
    ck_assert_ok(sqlscore_lead_new(&lead, "lead-0042"));
    ck_assert_ok(sqlscore_lead_set_text(lead, "title", "VP of Sales"));
    ck_assert_ok(sqlscore_lead_set_text(lead, "company", "K\xC3\xB6ln Widgets GmbH"));
    ck_assert_ok(sqlscore_lead_set_number(lead, "fit", 0.75));
    ck_assert_ok(sqlscore_lead_set_integer(lead, "employees", 250));
    ck_assert_ok(sqlscore_lead_set_boolean(lead, "opt_in", 1));
    ck_assert_ok(sqlscore_lead_set_time(lead, "created", 1767225600));
    ck_assert_ok(sqlscore_lead_set_money(lead, "budget", 1500000, "EUR"));
    ck_assert_ok(sqlscore_lead_checklist_set(lead, "BANT", items, 4));
    ck_assert_ok(sqlscore_lead_check_set(lead, "budget", SQLSCORE_CHECK_MET));
    ck_assert_ok(sqlscore_lead_event_add(lead, "page_view", 1767225600, NULL, "spring"));
    ck_assert_ok(sqlscore_lead_event_add(lead, "demo_request", 1767312000, &v, NULL));
    return lead;
}

#endif
