/*
 * test_pulse.c - pulse surveys: the question limit, validation, response
 * rates, per-question figures, the eNPS question, cadences, anonymity.
 */
#include "testutil.h"

#include <math.h>

#define SK SQLSCORE_PULSE_SKIPPED
/* Monday 2026-01-05 and the Mondays after it (UTC). */
#define W1 INT64_C(1767571200)
#define W2 INT64_C(1768176000)
#define W3 INT64_C(1768780800)

static sqlscore_pulse *two_questions(int32_t cadence)
{
    sqlscore_pulse *p = NULL;
    ck_assert_ok(sqlscore_pulse_new(&p, cadence));
    ck_assert_ok(sqlscore_pulse_add_question(p, "enps", "How likely are you to recommend us as a place to work?",
                                             SQLSCORE_PULSE_QUESTION_ENPS));
    ck_assert_ok(sqlscore_pulse_add_question(p, "growth", "I see a path to grow here.",
                                             SQLSCORE_PULSE_QUESTION_LIKERT));
    return p;
}

static void respond(sqlscore_pulse *p, const char *seg, int64_t t, int32_t e, int32_t g)
{
    int32_t a[2];
    a[0] = e;
    a[1] = g;
    ck_assert_ok(sqlscore_pulse_add_response(p, seg, t, a, 2));
}

START_TEST(at_most_ten_questions)
{
    sqlscore_pulse *p = NULL;
    char id[8];
    int i;
    ck_assert_status(sqlscore_pulse_new(&p, 9), SQLSCORE_EINVAL, "unknown cadence");
    ck_assert_status(sqlscore_pulse_new(NULL, 0), SQLSCORE_EINVAL, "out is NULL");
    ck_assert_ok(sqlscore_pulse_new(&p, SQLSCORE_PULSE_WEEKLY));
    for (i = 0; i < 10; i++) {
        id[0] = 'q';
        id[1] = (char)('0' + i);
        id[2] = 0;
        ck_assert_ok(sqlscore_pulse_add_question(p, id, "text", i == 0 ? SQLSCORE_PULSE_QUESTION_ENPS
                                                                        : SQLSCORE_PULSE_QUESTION_LIKERT));
    }
    ck_assert_status(sqlscore_pulse_add_question(p, "q10", "one too many", SQLSCORE_PULSE_QUESTION_LIKERT),
                     SQLSCORE_ERANGE, "at most 10 questions");
    {
        size_t n = 0;
        const char *qid = NULL, *text = NULL;
        int32_t type = -1;
        ck_assert_ok(sqlscore_pulse_question_count(p, &n));
        ck_assert_uint_eq(n, 10);
        ck_assert_ok(sqlscore_pulse_question_at(p, 0, &qid, &text, &type));
        ck_assert_str_eq(qid, "q0");
        ck_assert_str_eq(text, "text");
        ck_assert_int_eq(type, SQLSCORE_PULSE_QUESTION_ENPS);
        ck_assert_ok(sqlscore_pulse_question_at(p, 9, &qid, NULL, &type));
        ck_assert_str_eq(qid, "q9");
        ck_assert_int_eq(type, SQLSCORE_PULSE_QUESTION_LIKERT);
        ck_assert_status(sqlscore_pulse_question_at(p, 10, &qid, NULL, NULL), SQLSCORE_ENOTFOUND,
                         "index 10 of 10");
        ck_assert_status(sqlscore_pulse_question_count(p, NULL), SQLSCORE_EINVAL, "count is NULL");
    }
    sqlscore_pulse_free(p);

    ck_assert_ok(sqlscore_pulse_new(&p, SQLSCORE_PULSE_MONTHLY));
    ck_assert_ok(sqlscore_pulse_add_question(p, "a", "text", SQLSCORE_PULSE_QUESTION_LIKERT));
    ck_assert_status(sqlscore_pulse_add_question(p, "a", "again", SQLSCORE_PULSE_QUESTION_LIKERT),
                     SQLSCORE_EEXIST, "'a' exists");
    ck_assert_status(sqlscore_pulse_add_question(p, "", "t", SQLSCORE_PULSE_QUESTION_LIKERT), SQLSCORE_EINVAL,
                     "id is empty");
    ck_assert_status(sqlscore_pulse_add_question(p, "b", "t", 2), SQLSCORE_EINVAL, "unknown question type");
    ck_assert_status(sqlscore_pulse_add_question(p, "b", "\xC3", 0), SQLSCORE_EINVAL, "text is not valid UTF-8");
    ck_assert_status(sqlscore_pulse_add_question(p, "b", NULL, 0), SQLSCORE_EINVAL, "text is NULL");
    sqlscore_pulse_free(p);
    sqlscore_pulse_free(NULL);
}
END_TEST

START_TEST(responses_are_validated_whole)
{
    sqlscore_pulse *p = two_questions(SQLSCORE_PULSE_WEEKLY), *q = NULL;
    int32_t a[3] = { 5, 6, 1 };
    int64_t n;
    ck_assert_status(sqlscore_pulse_add_response(p, "A", W1, a, 3), SQLSCORE_EINVAL, "3 answers for 2 questions");
    ck_assert_status(sqlscore_pulse_add_response(p, "A", W1, a, 2), SQLSCORE_EINVAL,
                     "answer 6 to question 'growth' is outside 1..5");
    a[0] = 11;
    a[1] = 3;
    ck_assert_status(sqlscore_pulse_add_response(p, "A", W1, a, 2), SQLSCORE_EINVAL, "outside 0..10");
    a[0] = 9;
    a[1] = 0;
    ck_assert_status(sqlscore_pulse_add_response(p, "A", W1, a, 2), SQLSCORE_EINVAL, "outside 1..5");
    ck_assert_status(sqlscore_pulse_add_response(p, "A", W1, NULL, 2), SQLSCORE_EINVAL, "answers is NULL");
    /* Nothing was counted: no segment "A" exists. */
    ck_assert_status(sqlscore_pulse_question(p, "enps", "A", W1, &n, NULL, NULL), SQLSCORE_ENOTFOUND,
                     "no segment named 'A'");
    /* Structure is frozen by the first response. */
    respond(p, "A", W1, 9, SK);
    ck_assert_status(sqlscore_pulse_add_question(p, "late", "t", 1), SQLSCORE_ESTATE, "responses");
    ck_assert_status(sqlscore_pulse_set_threshold(p, 6), SQLSCORE_ESTATE, "responses");
    ck_assert_ok(sqlscore_pulse_new(&q, SQLSCORE_PULSE_WEEKLY));
    ck_assert_status(sqlscore_pulse_add_response(q, "A", W1, a, 0), SQLSCORE_ESTATE, "no questions");
    ck_assert_status(sqlscore_pulse_set_threshold(q, 2), SQLSCORE_ERANGE, "below 3");
    sqlscore_pulse_free(q);
    sqlscore_pulse_free(p);
}
END_TEST

START_TEST(question_figures_by_hand)
{
    sqlscore_pulse *p = two_questions(SQLSCORE_PULSE_WEEKLY);
    int64_t n;
    double mean, fav, e;
    int32_t r;
    sqlscore_enps_result *res = NULL;
    uint64_t d, ps, pr, nn, sk;
    /* Sales, week of Jan 5: eNPS 10, 9, 7, 3, 6, 8 and growth 5, 4, 3, 4, 2,
     * skip.  eNPS question: n 6, mean 43 / 6, favorable (9-10) 2 / 6 =
     * 33.33 %, 2 detractors, 2 passives, 2 promoters, eNPS 0.  Growth: n 5,
     * mean 18 / 5 = 3.6, favorable (4-5) 3 / 5 = 60 %. */
    respond(p, "Sales", W1 + 10, 10, 5);
    respond(p, "Sales", W1 + 20, 9, 4);
    respond(p, "Sales", W1 + 30, 7, 3);
    respond(p, "Sales", W1 + 40, 3, 4);
    respond(p, "Sales", W2 - 1, 6, 2);
    respond(p, "Sales", W1 + 50, 8, SK);
    respond(p, "Sales", W2, 8, 1);          /* next week: not included */
    ck_assert_ok(sqlscore_pulse_question(p, "enps", "Sales", W1 + 3600, &n, &mean, &fav));
    ck_assert_int_eq(n, 6);
    ck_assert(fabs(mean - 43.0 / 6) < 1e-12);
    ck_assert(fabs(fav - 100.0 / 3) < 1e-12);
    ck_assert_ok(sqlscore_pulse_question(p, "growth", "Sales", W1, &n, &mean, &fav));
    ck_assert_int_eq(n, 5);
    ck_assert(fabs(mean - 3.6) < 1e-12);
    ck_assert(fabs(fav - 60.0) < 1e-12);
    ck_assert_ok(sqlscore_pulse_enps(p, "enps", "Sales", W1, &res));
    ck_assert_ok(sqlscore_enps_result_counts(res, &d, &ps, &pr));
    ck_assert(d == 2 && ps == 2 && pr == 2);
    ck_assert_ok(sqlscore_enps_result_score(res, &e, &r));
    ck_assert_int_eq(r, 0);
    sqlscore_enps_result_free(res);
    /* Total (segment NULL) is the same here: one segment. */
    ck_assert_ok(sqlscore_pulse_question(p, "growth", NULL, W1, &n, NULL, NULL));
    ck_assert_int_eq(n, 5);
    ck_assert_status(sqlscore_pulse_enps(p, "growth", NULL, W1, &res), SQLSCORE_ETYPE, "Likert");
    ck_assert_status(sqlscore_pulse_question(p, "nope", NULL, W1, &n, NULL, NULL), SQLSCORE_ENOTFOUND,
                     "no question 'nope'");
    /* The week after: one response -> under the threshold of 5. */
    ck_assert_status(sqlscore_pulse_question(p, "enps", "Sales", W2, &n, NULL, NULL), SQLSCORE_ESUPPRESSED,
                     "under the anonymity threshold");
    ck_assert_ok(sqlscore_pulse_enps(p, "enps", "Sales", W2, &res));
    ck_assert_ok(sqlscore_enps_result_n(res, &nn, &sk, NULL));
    ck_assert_uint_eq(nn, 1);
    ck_assert_status(sqlscore_enps_result_score(res, &e, NULL), SQLSCORE_ESUPPRESSED, "anonymity");
    sqlscore_enps_result_free(res);
    /* No answers at all in a week: undefined. */
    ck_assert_status(sqlscore_pulse_question(p, "enps", NULL, W3, &n, NULL, NULL), SQLSCORE_EUNDEFINED,
                     "no answers");
    sqlscore_pulse_free(p);
}
END_TEST

START_TEST(response_rates_and_suppression)
{
    sqlscore_pulse *p = two_questions(SQLSCORE_PULSE_WEEKLY);
    int64_t resp, inv;
    double rate;
    int i;
    ck_assert_ok(sqlscore_pulse_set_invited(p, "Sales", W1, 20));
    ck_assert_ok(sqlscore_pulse_set_invited(p, "Ops", W1 + 86400, 4));
    ck_assert_status(sqlscore_pulse_set_invited(p, "Ops", W1, -1), SQLSCORE_ERANGE, "negative");
    for (i = 0; i < 6; i++)
        respond(p, "Sales", W1 + i, 9, 4);
    /* Sales alone: 6 / 20. */
    ck_assert_ok(sqlscore_pulse_response_rate(p, "Sales", W1, &resp, &inv, &rate));
    ck_assert(resp == 6 && inv == 20 && fabs(rate - 0.3) < 1e-15);
    /* Ops answers 3 times: Ops is hidden, and Sales with it (the total of 9
     * would give Ops away). The total 9 / 24 = 0.375 is shown. */
    for (i = 0; i < 3; i++)
        respond(p, "Ops", W1 + 100, 3, 2);
    ck_assert_status(sqlscore_pulse_response_rate(p, "Ops", W1, &resp, &inv, &rate), SQLSCORE_ESUPPRESSED,
                     "3 responses");
    ck_assert_status(sqlscore_pulse_response_rate(p, "Sales", W1, &resp, &inv, &rate), SQLSCORE_ESUPPRESSED,
                     "6 responses");
    ck_assert_ok(sqlscore_pulse_response_rate(p, NULL, W1, &resp, &inv, &rate));
    ck_assert(resp == 9 && inv == 24 && fabs(rate - 0.375) < 1e-15);
    /* Same rule for the question figures. */
    ck_assert_status(sqlscore_pulse_question(p, "growth", "Sales", W1, NULL, NULL, NULL), SQLSCORE_ESUPPRESSED,
                     "threshold");
    ck_assert_ok(sqlscore_pulse_question(p, "growth", NULL, W1, NULL, &rate, NULL));
    ck_assert(fabs(rate - (6 * 4 + 3 * 2) / 9.0) < 1e-12);
    /* Invitations replace, and a week without invitations is undefined. */
    ck_assert_ok(sqlscore_pulse_set_invited(p, "Sales", W1, 30));
    ck_assert_ok(sqlscore_pulse_response_rate(p, NULL, W1, NULL, &inv, NULL));
    ck_assert_int_eq(inv, 34);
    respond(p, "Sales", W2, 9, 4);
    ck_assert_status(sqlscore_pulse_response_rate(p, NULL, W2, &resp, &inv, &rate), SQLSCORE_EUNDEFINED,
                     "nobody was recorded as invited");
    ck_assert_status(sqlscore_pulse_response_rate(p, "Nope", W2, &resp, &inv, &rate), SQLSCORE_ENOTFOUND,
                     "no segment");
    /* Zero responses out of invitations is a rate of 0, not suppressed. */
    ck_assert_ok(sqlscore_pulse_set_invited(p, "Legal", W3, 7));
    ck_assert_ok(sqlscore_pulse_response_rate(p, "Legal", W3, &resp, &inv, &rate));
    ck_assert(resp == 0 && inv == 7 && rate == 0);
    sqlscore_pulse_free(p);
}
END_TEST

START_TEST(cadences)
{
    /* Biweekly fortnights start on Mondays counted from 1969-12-29:
     * Jan 5 2026 belongs to the fortnight of Dec 29 2025, Jan 12 and Jan 19
     * to the one starting Jan 12 (Python datetime). */
    sqlscore_pulse *p = two_questions(SQLSCORE_PULSE_BIWEEKLY);
    int64_t resp;
    int i;
    ck_assert_ok(sqlscore_pulse_set_invited(p, NULL, W2, 10));
    for (i = 0; i < 3; i++) {
        respond(p, NULL, W1 + i, 9, 5);         /* previous fortnight */
        respond(p, NULL, W2 + i, 9, 5);         /* Jan 12 */
        respond(p, NULL, W3 + 6 * 86400, 9, 5); /* Sunday Jan 25: same fortnight */
    }
    ck_assert_ok(sqlscore_pulse_response_rate(p, "", W3, &resp, NULL, NULL));
    ck_assert_int_eq(resp, 6);
    sqlscore_pulse_free(p);

    /* Monthly and quarterly: all of January together. */
    p = two_questions(SQLSCORE_PULSE_QUARTERLY);
    ck_assert_ok(sqlscore_pulse_set_invited(p, "x", INT64_C(1772323200), 10)); /* 2026-03-01 */
    for (i = 0; i < 5; i++)
        respond(p, "x", W1 + i * 7 * 86400, 9, 5);
    ck_assert_ok(sqlscore_pulse_response_rate(p, "x", W1, &resp, NULL, NULL));
    ck_assert_int_eq(resp, 5);
    sqlscore_pulse_free(p);
    p = two_questions(SQLSCORE_PULSE_MONTHLY);
    ck_assert_ok(sqlscore_pulse_set_invited(p, "x", W1, 10));
    for (i = 0; i < 5; i++)
        respond(p, "x", W1 + i * 7 * 86400, 9, 5); /* the 5th is Feb 2 */
    ck_assert_status(sqlscore_pulse_response_rate(p, "x", W1, &resp, NULL, NULL), SQLSCORE_ESUPPRESSED,
                     "4 responses");
    sqlscore_pulse_free(p);
}
END_TEST

START_TEST(alloc_failures)
{
    sqlscore_pulse *p = two_questions(SQLSCORE_PULSE_WEEKLY);
    int32_t a[2] = { 9, 4 };
    long k, live0;
    int rc;
    int64_t resp;
    respond(p, "old", W1, 9, 4);
    live0 = sqlscore_test_alloc_live();
    for (k = 1;; k++) {
        sqlscore_test_fail_after(k);
        rc = sqlscore_pulse_add_response(p, "new", W1, a, 2);
        sqlscore_test_alloc_reset();
        if (rc == SQLSCORE_OK)
            break;
        ck_assert_int_eq(rc, SQLSCORE_ENOMEM);
        ck_assert_int_eq(sqlscore_test_alloc_live(), live0);
        ck_assert_status(sqlscore_pulse_response_rate(p, "new", W1, &resp, NULL, NULL), SQLSCORE_ENOTFOUND,
                         "no segment");
    }
    ck_assert_int_gt(k, 1);
    live0 = sqlscore_test_alloc_live();
    for (k = 1;; k++) {
        sqlscore_test_fail_after(k);
        rc = sqlscore_pulse_set_invited(p, "newer", W2, 3);
        sqlscore_test_alloc_reset();
        if (rc == SQLSCORE_OK)
            break;
        ck_assert_int_eq(rc, SQLSCORE_ENOMEM);
        ck_assert_int_eq(sqlscore_test_alloc_live(), live0);
    }
    live0 = sqlscore_test_alloc_live();
    for (k = 1;; k++) {
        sqlscore_test_fail_after(k);
        rc = sqlscore_pulse_question(p, "enps", NULL, W1, NULL, NULL, NULL);
        sqlscore_test_alloc_reset();
        ck_assert_int_eq(sqlscore_test_alloc_live(), live0);
        if (rc != SQLSCORE_ENOMEM)
            break;
    }
    ck_assert_int_eq(rc, SQLSCORE_ESUPPRESSED);
    sqlscore_pulse_free(p);
    ck_assert_ok(sqlscore_pulse_new(&p, SQLSCORE_PULSE_WEEKLY));
    for (k = 1;; k++) {
        sqlscore_test_fail_after(k);
        rc = sqlscore_pulse_add_question(p, "q", "text", SQLSCORE_PULSE_QUESTION_LIKERT);
        sqlscore_test_alloc_reset();
        if (rc == SQLSCORE_OK)
            break;
        ck_assert_int_eq(rc, SQLSCORE_ENOMEM);
    }
    ck_assert_ok(sqlscore_pulse_add_question(p, "r", "text", SQLSCORE_PULSE_QUESTION_LIKERT));
    sqlscore_pulse_free(p);
}
END_TEST

Suite *sqlscore_test_suite(void)
{
    Suite *s = suite_create("pulse");
    TCase *tc = tcase_create("pulse");
    tcase_add_test(tc, at_most_ten_questions);
    tcase_add_test(tc, responses_are_validated_whole);
    tcase_add_test(tc, question_figures_by_hand);
    tcase_add_test(tc, response_rates_and_suppression);
    tcase_add_test(tc, cadences);
    tcase_add_test(tc, alloc_failures);
    suite_add_tcase(s, tc);
    return s;
}
