/*
 * test_survey_serial.c - the portable byte format: exact layout, round
 * trips, every truncation and every corrupted byte of a small aggregate,
 * inconsistent content with a valid checksum, allocation failures.
 */
#include "testutil.h"
#include "survey_internal.h"

#include <stdlib.h>

static sqlscore_survey *sample(void)
{
    /* Two teams over two ISO weeks, de-duplication on, a skipped answer. */
    sqlscore_survey *s = NULL;
    ck_assert_ok(sqlscore_survey_new(&s));
    ck_assert_ok(sqlscore_survey_set_period(s, SQLSCORE_PERIOD_ISO_WEEK, 0));
    ck_assert_ok(sqlscore_survey_set_dedup(s, 1));
    ck_assert_ok(sqlscore_survey_add(s, 9, "Sales", 1766966400, "ann"));
    ck_assert_ok(sqlscore_survey_add(s, 3, "Ops", 1766966500, "bo"));
    ck_assert_ok(sqlscore_survey_add(s, 7, "Ops", 1767571300, NULL));
    ck_assert_ok(sqlscore_survey_add_missing(s, "Sales", 1767571300, "ann"));
    return s;
}

static void put32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
    p[2] = (unsigned char)(v >> 16);
    p[3] = (unsigned char)(v >> 24);
}

static uint32_t get32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Recompute the trailing checksum after editing the content. */
static void reseal(unsigned char *b, size_t n)
{
    put32(b + n - 4, sqlscore__crc32(b, n - 4));
}

static void expect_bad(unsigned char *b, size_t n, const char *detail);

START_TEST(crc32_check_value)
{
    /* The CRC-32 check value of "123456789" (ISO-HDLC, as zlib). */
    ck_assert_uint_eq(sqlscore__crc32("123456789", 9), 0xCBF43926u);
    ck_assert_uint_eq(sqlscore__crc32("", 0), 0);
    ck_assert_uint_eq(sqlscore__crc32("a", 1), 0xE8B7BE43u);
}
END_TEST

START_TEST(layout_of_an_empty_default_aggregate)
{
    sqlscore_survey *s = NULL;
    unsigned char *b = NULL;
    size_t n = 0;
    /* 64-byte header and configuration, three u32 counts, the checksum. */
    static const unsigned char head[64] = {
        'S', 'Q', 'S', 'V', 1, 0, 0, 0,             /* magic, version 1, flags 0 */
        80, 0, 0, 0, 0, 0, 0, 0,                    /* total length 80 */
        0, 0, 0, 0, 10, 0, 0, 0, 6, 0, 0, 0, 9, 0, 0, 0, /* scale 0..10, cuts 6 / 9 */
        5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,         /* threshold 5, skip, half-even */
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,         /* no periods, 0 days, no dedup */
        0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0xEE, 0x3F, /* 0.95 = 0x3FEE666666666666 */
    };
    ck_assert_ok(sqlscore_survey_new(&s));
    ck_assert_ok(sqlscore_survey_serialize(s, (void **)&b, &n));
    ck_assert_uint_eq(n, 80);
    ck_assert(memcmp(b, head, 64) == 0);
    ck_assert_uint_eq(get32(b + 64), 0); /* segments */
    ck_assert_uint_eq(get32(b + 68), 0); /* buckets */
    ck_assert_uint_eq(get32(b + 72), 0); /* records */
    ck_assert_uint_eq(get32(b + 76), sqlscore__crc32(b, 76));
    sqlscore_buffer_free(b);
    /* One segment "A" with answer 10: +4 +1 +12 x 8 bytes. */
    ck_assert_ok(sqlscore_survey_add(s, 10, "A", SQLSCORE_SURVEY_ALL_TIME, NULL));
    ck_assert_ok(sqlscore_survey_serialize(s, (void **)&b, &n));
    ck_assert_uint_eq(n, 80 + 4 + 1 + 12 * 8);
    ck_assert_uint_eq(get32(b + 64), 1);
    ck_assert_uint_eq(get32(b + 68), 1);        /* name length */
    ck_assert_int_eq(b[72], 'A');
    ck_assert_uint_eq(get32(b + 73 + 10 * 8), 1); /* count of answer 10 */
    ck_assert_uint_eq(get32(b + 73), 0);          /* count of answer 0 */
    sqlscore_buffer_free(b);
    /* A count past 2^53 is refused even with a valid checksum. */
    ck_assert_ok(sqlscore_survey_serialize(s, (void **)&b, &n));
    put32(b + 73 + 10 * 8, 1);
    put32(b + 73 + 10 * 8 + 4, 1u << 21); /* 2^53 + 1 */
    expect_bad(b, n, "more than 2^53 answers");
    sqlscore_buffer_free(b);
    ck_assert_status(sqlscore_survey_serialize(s, NULL, &n), SQLSCORE_EINVAL, "out is NULL");
    ck_assert_status(sqlscore_survey_serialize(NULL, (void **)&b, &n), SQLSCORE_EINVAL, "survey is NULL");
    sqlscore_survey_free(s);
}
END_TEST

START_TEST(round_trip_is_exact)
{
    sqlscore_survey *s = sample(), *t = NULL;
    void *b1, *b2;
    size_t n1, n2, np;
    sqlscore_enps_result *r = NULL;
    uint64_t n, sk;
    ck_assert_ok(sqlscore_survey_serialize(s, &b1, &n1));
    ck_assert_ok(sqlscore_survey_parse(&t, b1, n1));
    ck_assert_ok(sqlscore_survey_serialize(t, &b2, &n2));
    ck_assert_uint_eq(n1, n2);
    ck_assert(memcmp(b1, b2, n1) == 0);
    ck_assert_ok(sqlscore_survey_period_count(t, &np));
    ck_assert_uint_eq(np, 2);
    ck_assert_ok(sqlscore_survey_result(t, "Sales", 1767571300, &r));
    ck_assert_ok(sqlscore_enps_result_n(r, &n, &sk, NULL));
    ck_assert_uint_eq(n, 0);
    ck_assert_uint_eq(sk, 1);
    sqlscore_enps_result_free(r);
    /* The parsed copy is frozen and keeps de-duplicating: ann's later 10 in
     * week 1 replaces her 9. */
    ck_assert_status(sqlscore_survey_set_threshold(t, 3), SQLSCORE_ESTATE, "fixed");
    ck_assert_ok(sqlscore_survey_add(t, 10, "Sales", 1766966401, "ann"));
    ck_assert_ok(sqlscore_survey_result(t, "Sales", 1766966400, &r));
    ck_assert_ok(sqlscore_enps_result_n(r, &n, NULL, NULL));
    ck_assert_uint_eq(n, 1);
    sqlscore_enps_result_free(r);
    sqlscore_buffer_free(b1);
    sqlscore_buffer_free(b2);
    sqlscore_survey_free(s);
    sqlscore_survey_free(t);
}
END_TEST

START_TEST(every_truncation_and_every_flip_is_a_parse_error)
{
    sqlscore_survey *s = sample(), *t;
    unsigned char *b;
    size_t n, i;
    long live0 = sqlscore_test_alloc_live();
    ck_assert_ok(sqlscore_survey_serialize(s, (void **)&b, &n));
    live0 = sqlscore_test_alloc_live();
    for (i = 0; i < n; i++) {
        t = (sqlscore_survey *)&i; /* must stay untouched */
        ck_assert_status(sqlscore_survey_parse(&t, b, i), SQLSCORE_EPARSE, "offset");
        ck_assert_ptr_eq(t, (sqlscore_survey *)&i);
    }
    for (i = 0; i < n; i++) {
        unsigned bit;
        for (bit = 0; bit < 8; bit++) {
            b[i] ^= (unsigned char)(1u << bit);
            t = NULL;
            ck_assert_status(sqlscore_survey_parse(&t, b, n), SQLSCORE_EPARSE, "offset");
            ck_assert_ptr_null(t);
            b[i] ^= (unsigned char)(1u << bit);
        }
        b[i] ^= 0xFF;
        ck_assert_status(sqlscore_survey_parse(&t, b, n), SQLSCORE_EPARSE, "offset");
        b[i] ^= 0xFF;
    }
    ck_assert_int_eq(sqlscore_test_alloc_live(), live0);
    /* Undamaged, it still parses. */
    ck_assert_ok(sqlscore_survey_parse(&t, b, n));
    sqlscore_survey_free(t);
    ck_assert_status(sqlscore_survey_parse(&t, NULL, 0), SQLSCORE_EPARSE, "truncated");
    ck_assert_status(sqlscore_survey_parse(&t, NULL, 5), SQLSCORE_EINVAL, "data is NULL");
    ck_assert_status(sqlscore_survey_parse(NULL, b, n), SQLSCORE_EINVAL, "out is NULL");
    sqlscore_buffer_free(b);
    sqlscore_survey_free(s);
}
END_TEST

/* Parse a resealed edit and expect a specific complaint. */
static void expect_bad(unsigned char *b, size_t n, const char *detail)
{
    sqlscore_survey *t = NULL;
    reseal(b, n);
    ck_assert_status(sqlscore_survey_parse(&t, b, n), SQLSCORE_EPARSE, detail);
    ck_assert_ptr_null(t);
}

START_TEST(consistent_checksum_inconsistent_content)
{
    sqlscore_survey *s = sample();
    unsigned char *b, *c;
    size_t n;
    ck_assert_ok(sqlscore_survey_serialize(s, (void **)&b, &n));
    c = malloc(n + 8);

#define FRESH() memcpy(c, b, n)
    FRESH();
    c[0] = 'X';
    expect_bad(c, n, "offset 0: not a survey aggregate");
    FRESH();
    c[4] = 2;
    expect_bad(c, n, "offset 4: unsupported version 2");
    FRESH();
    c[6] = 1;
    expect_bad(c, n, "offset 6: unknown flags");
    FRESH();
    put32(c + 32, 2); /* threshold 2 */
    expect_bad(c, n, "invalid threshold");
    FRESH();
    put32(c + 16, 7); /* min 7 > detractor_max 6 */
    expect_bad(c, n, "invalid cut points");
    FRESH();
    c[63] = 0x7F; /* level becomes a NaN-ish huge value */
    expect_bad(c, n, "invalid confidence level");
    /* Segment count too large: the data ends early. */
    FRESH();
    put32(c + 64, 1000);
    expect_bad(c, n, "sqlscore_survey_parse: offset");
    /* Name length past the end. */
    FRESH();
    put32(c + 68, 100000);
    expect_bad(c, n, "runs past the end");
    /* Invalid UTF-8 in a segment name ("Sales" is the first). */
    FRESH();
    c[72] = 0xFF;
    expect_bad(c, n, "not valid UTF-8");
    /* An embedded NUL would cut the name short: rejected too. */
    FRESH();
    c[72 + 3] = 0;
    expect_bad(c, n, "not valid UTF-8");
    /* Extra bytes before the checksum. */
    memcpy(c, b, n - 4);
    memset(c + n - 4, 0, 4);
    c[8] = (unsigned char)(n + 4);
    c[9] = (unsigned char)((n + 4) >> 8);
    expect_bad(c, n + 4, "unexpected bytes");
    /* Totals that disagree with the buckets: bump the first total count. */
    FRESH();
    c[72 + 5 + 9 * 8] ^= 2; /* Sales' count of answer 9 */
    expect_bad(c, n, "disagree");
    /* A bucket whose period is not a week start. */
    {
        /* Find the bucket section: after the two segments. */
        size_t at = 64 + 4 + (4 + 5 + 12 * 8) + (4 + 3 + 12 * 8);
        ck_assert_uint_eq(get32(b + at), 4); /* 4 buckets */
        FRESH();
        c[at + 4 + 4] ^= 1;                  /* period start + 1 second */
        expect_bad(c, n, "is not a period start");
        FRESH();
        put32(c + at + 4, 9);                /* segment 9 */
        expect_bad(c, n, "segment 9 does not exist");
    }
    /* Length field disagreeing with the size. */
    FRESH();
    c[8] ^= 1;
    {
        sqlscore_survey *t = NULL;
        ck_assert_status(sqlscore_survey_parse(&t, c, n), SQLSCORE_EPARSE, "offset 8: length field");
    }
    free(c);
    sqlscore_buffer_free(b);
    sqlscore_survey_free(s);
#undef FRESH
}
END_TEST

START_TEST(records_must_match_counts)
{
    sqlscore_survey *s = sample();
    unsigned char *b, *c;
    size_t n, at;
    ck_assert_ok(sqlscore_survey_serialize(s, (void **)&b, &n));
    c = malloc(n);
    /* Records come last: u32 count, then per record u32 len, id, i64 period,
     * i64 time, u32 seg, i32 value.  The first is ann / week 1 / Sales / 9. */
    at = n - 4;
    {
        /* Walk back over the three records from the end is awkward; find
         * the count by scanning for "ann" followed by the week-1 start. */
        size_t i;
        for (i = 0; i + 3 < n; i++)
            if (memcmp(b + i, "ann", 3) == 0 && get32(b + i - 4) == 3)
                break;
        at = i - 4; /* start of the first record */
        ck_assert_uint_eq(get32(b + at - 4), 3); /* three records: ann x2, bo */
    }
    memcpy(c, b, n);
    put32(c + at + 4 + 3 + 16 + 4, 2); /* value 9 -> 2: never counted */
    expect_bad(c, n, "record not counted");
    /* Two records on one count: bo's record (after ann's 31 bytes) claims
     * Sales' single 9 of week 1 as well. */
    memcpy(c, b, n);
    ck_assert_int_eq(c[at + 31 + 4], 'b');
    put32(c + at + 31 + 4 + 2 + 16, 0);     /* segment Sales */
    put32(c + at + 31 + 4 + 2 + 16 + 4, 9); /* value 9 */
    expect_bad(c, n, "record not counted");
    memcpy(c, b, n);
    put32(c + at + 4 + 3 + 16 + 4, 11); /* beyond the scale */
    expect_bad(c, n, "bad segment or value");
    memcpy(c, b, n);
    c[at + 4 + 3 + 8 + 2] ^= 0x10; /* time moved 2^20 s (12 days) out of its week */
    expect_bad(c, n, "record time and period disagree");
    memcpy(c, b, n);
    c[at + 4 + 1] = 'o'; /* "ann" -> "aon": a consistent edit parses */
    {
        sqlscore_survey *t = NULL;
        reseal(c, n);
        ck_assert_ok(sqlscore_survey_parse(&t, c, n));
        sqlscore_survey_free(t);
    }
    free(c);
    sqlscore_buffer_free(b);
    sqlscore_survey_free(s);
}
END_TEST

START_TEST(shards_through_bytes_merge_like_shards)
{
    sqlscore_survey *a = sample(), *b = NULL, *pa = NULL, *pb = NULL, *m1 = NULL;
    void *x, *y, *z1, *z2;
    size_t nx, ny, n1, n2;
    ck_assert_ok(sqlscore_survey_new(&b));
    ck_assert_ok(sqlscore_survey_set_period(b, SQLSCORE_PERIOD_ISO_WEEK, 0));
    ck_assert_ok(sqlscore_survey_set_dedup(b, 1));
    ck_assert_ok(sqlscore_survey_add(b, 10, "Ops", 1766966600, "bo"));  /* beats bo's 3 */
    ck_assert_ok(sqlscore_survey_add(b, 4, "Legal", 1766966600, "cy"));
    ck_assert_ok(sqlscore_survey_serialize(a, &x, &nx));
    ck_assert_ok(sqlscore_survey_serialize(b, &y, &ny));
    ck_assert_ok(sqlscore_survey_parse(&pa, x, nx));
    ck_assert_ok(sqlscore_survey_parse(&pb, y, ny));
    ck_assert_ok(sqlscore_survey_merge(pa, pb));
    ck_assert_ok(sqlscore_survey_merge(a, b));
    ck_assert_ok(sqlscore_survey_serialize(a, &z1, &n1));
    ck_assert_ok(sqlscore_survey_serialize(pa, &z2, &n2));
    ck_assert_uint_eq(n1, n2);
    ck_assert(memcmp(z1, z2, n1) == 0);
    {
        /* Week 1: ann 9 (Sales), bo 10 (Ops, replacing his 3), cy 4 (Legal);
         * all time adds the anonymous 7 and ann's skip in week 2. */
        uint64_t nn, sk;
        int32_t sup;
        sqlscore_enps_result *r = NULL;
        ck_assert_ok(sqlscore_survey_parse(&m1, z1, n1));
        ck_assert_ok(sqlscore_survey_result(m1, NULL, 1766966400, &r));
        ck_assert_ok(sqlscore_enps_result_n(r, &nn, &sk, &sup));
        ck_assert(nn == 3 && sk == 0 && sup == 1);
        sqlscore_enps_result_free(r);
        ck_assert_ok(sqlscore_survey_result(m1, "Ops", SQLSCORE_SURVEY_ALL_TIME, &r));
        ck_assert_ok(sqlscore_enps_result_n(r, &nn, &sk, &sup));
        ck_assert(nn == 2 && sk == 0);
        sqlscore_enps_result_free(r);
        ck_assert_ok(sqlscore_survey_result(m1, NULL, SQLSCORE_SURVEY_ALL_TIME, &r));
        ck_assert_ok(sqlscore_enps_result_n(r, &nn, &sk, &sup));
        ck_assert(nn == 4 && sk == 1);
        sqlscore_enps_result_free(r);
    }
    sqlscore_buffer_free(x);
    sqlscore_buffer_free(y);
    sqlscore_buffer_free(z1);
    sqlscore_buffer_free(z2);
    sqlscore_survey_free(a);
    sqlscore_survey_free(b);
    sqlscore_survey_free(pa);
    sqlscore_survey_free(pb);
    sqlscore_survey_free(m1);
}
END_TEST

START_TEST(duplicate_segment_is_refused)
{
    sqlscore_survey *s = NULL, *t = NULL;
    unsigned char *b;
    size_t n;
    ck_assert_ok(sqlscore_survey_new(&s));
    ck_assert_ok(sqlscore_survey_segment(s, "ab", NULL));
    ck_assert_ok(sqlscore_survey_segment(s, "ac", NULL));
    ck_assert_ok(sqlscore_survey_serialize(s, (void **)&b, &n));
    /* Second name at 68 + 4 + 2 + 12 x 8 + 4 = 174, its last letter at 175. */
    ck_assert_int_eq(b[175], 'c');
    b[175] = 'b';
    reseal(b, n);
    ck_assert_status(sqlscore_survey_parse(&t, b, n), SQLSCORE_EPARSE, "offset 170: duplicate segment");
    sqlscore_buffer_free(b);
    sqlscore_survey_free(s);
}
END_TEST

START_TEST(resealed_random_mutations_never_crash)
{
    /* Random edits with a valid checksum reach the structural checks; the
     * parser must refuse them or produce an aggregator that works. */
    sqlscore_survey *s = sample(), *t, *u = sample();
    unsigned char *b, *c;
    size_t n, i;
    uint64_t x = 12345;
    int ok = 0, bad = 0;
    long live0;
    ck_assert_ok(sqlscore_survey_serialize(s, (void **)&b, &n));
    c = malloc(n);
    live0 = sqlscore_test_alloc_live();
    for (i = 0; i < 3000; i++) {
        int k, edits;
        memcpy(c, b, n);
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        edits = 1 + (int)(x % 3);
        for (k = 0; k < edits; k++) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            /* Mostly small values in the body, where counts and indices live. */
            c[16 + (x >> 8) % (n - 20)] = (unsigned char)((x >> 40) % 4 == 0 ? x >> 48 : (x >> 48) % 4);
        }
        reseal(c, n);
        t = NULL;
        if (sqlscore_survey_parse(&t, c, n) == SQLSCORE_OK) {
            sqlscore_enps_result *r = NULL;
            void *again;
            size_t m;
            ok++;
            ck_assert_ok(sqlscore_survey_result(t, NULL, SQLSCORE_SURVEY_ALL_TIME, &r));
            sqlscore_enps_result_free(r);
            ck_assert_ok(sqlscore_survey_serialize(t, &again, &m));
            sqlscore_buffer_free(again);
            /* Merging works or is refused cleanly. */
            (void)sqlscore_survey_merge(t, u);
            (void)sqlscore_survey_add(t, 10, "Sales", 1766966400, "ann");
            sqlscore_survey_free(t);
        } else {
            bad++;
            ck_assert_int_eq(sqlscore_error_code(), SQLSCORE_EPARSE);
            ck_assert_ptr_null(t);
        }
    }
    ck_assert_int_eq(sqlscore_test_alloc_live(), live0);
    ck_assert_int_gt(ok, 10);
    ck_assert_int_gt(bad, 1000);
    free(c);
    sqlscore_buffer_free(b);
    sqlscore_survey_free(s);
    sqlscore_survey_free(u);
}
END_TEST

START_TEST(alloc_failures_serialize_parse)
{
    sqlscore_survey *s = sample(), *t;
    void *b = NULL;
    size_t n = 0;
    long k, live0 = sqlscore_test_alloc_live();
    int rc;
    for (k = 1;; k++) {
        sqlscore_test_fail_after(k);
        rc = sqlscore_survey_serialize(s, &b, &n);
        sqlscore_test_alloc_reset();
        if (rc == SQLSCORE_OK)
            break;
        ck_assert_int_eq(rc, SQLSCORE_ENOMEM);
        ck_assert_int_eq(sqlscore_test_alloc_live(), live0);
    }
    live0 = sqlscore_test_alloc_live();
    for (k = 1;; k++) {
        t = NULL;
        sqlscore_test_fail_after(k);
        rc = sqlscore_survey_parse(&t, b, n);
        sqlscore_test_alloc_reset();
        if (rc == SQLSCORE_OK)
            break;
        ck_assert_int_eq(rc, SQLSCORE_ENOMEM);
        ck_assert_ptr_null(t);
        ck_assert_int_eq(sqlscore_test_alloc_live(), live0);
    }
    ck_assert_int_gt(k, 8);
    sqlscore_survey_free(t);
    sqlscore_buffer_free(b);
    sqlscore_survey_free(s);
}
END_TEST

Suite *sqlscore_test_suite(void)
{
    Suite *s = suite_create("survey_serial");
    TCase *tc = tcase_create("survey_serial");
    tcase_add_test(tc, crc32_check_value);
    tcase_add_test(tc, layout_of_an_empty_default_aggregate);
    tcase_add_test(tc, round_trip_is_exact);
    tcase_add_test(tc, every_truncation_and_every_flip_is_a_parse_error);
    tcase_add_test(tc, consistent_checksum_inconsistent_content);
    tcase_add_test(tc, records_must_match_counts);
    tcase_add_test(tc, shards_through_bytes_merge_like_shards);
    tcase_add_test(tc, duplicate_segment_is_refused);
    tcase_add_test(tc, resealed_random_mutations_never_crash);
    tcase_add_test(tc, alloc_failures_serialize_parse);
    suite_add_tcase(s, tc);
    return s;
}
