/*
 * fuzz_survey.c - libFuzzer harness for sqlscore_survey_parse(), which
 * reads eNPS aggregates shipped between machines (see the byte format in
 * sqlscore_survey_serialize(3)).
 *
 * Input: byte 0 is a mode; the rest is the aggregate.  With mode bit 0 set
 * the harness first writes the right length into bytes 8..15 and reseals
 * the trailing CRC-32 (computed here independently of the library), so the
 * fuzzer gets past the checksum and explores the structural checks; without
 * it the bytes are parsed as given.
 * Properties checked (abort() on violation):
 * - the status is OK, EPARSE or ENOMEM, and *out is written only on success;
 * - an accepted aggregate serializes back to exactly the accepted bytes;
 * - every documented query on it returns a documented status;
 * - merging a second parse of the same bytes works (or reports an overflow),
 *   adding an answer works or is refused cleanly, and the result still
 *   serializes and parses.
 */
#include "sqlscore.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "fuzz_check.h"

static uint32_t fuzz_survey_crc32(const unsigned char *p, size_t n)
{
    uint32_t table[256], crc = 0xFFFFFFFFu;
    uint32_t i, k;
    for (i = 0; i < 256; i++) {
        uint32_t c = i;
        for (k = 0; k < 8; k++)
            c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        table[i] = c;
    }
    for (i = 0; i < n; i++)
        crc = table[(crc ^ p[i]) & 0xFF] ^ (crc >> 8);
    return crc ^ 0xFFFFFFFFu;
}

static void fuzz_survey_queries(const sqlscore_survey *s)
{
    size_t nseg = 0, nper = 0, i;
    sqlscore_enps_result *r = NULL;
    int rc;
    FUZZ_CHECK(sqlscore_survey_segment_count(s, &nseg) == SQLSCORE_OK);
    FUZZ_CHECK(sqlscore_survey_period_count(s, &nper) == SQLSCORE_OK);
    rc = sqlscore_survey_result(s, NULL, SQLSCORE_SURVEY_ALL_TIME, &r);
    FUZZ_CHECK(rc == SQLSCORE_OK || rc == SQLSCORE_ENOMEM);
    if (rc == SQLSCORE_OK) {
        double e, lo, hi;
        rc = sqlscore_enps_result_score(r, &e, NULL);
        FUZZ_CHECK(rc == SQLSCORE_OK || rc == SQLSCORE_EUNDEFINED || rc == SQLSCORE_ESUPPRESSED ||
                   rc == SQLSCORE_ERANGE);
        if (rc == SQLSCORE_OK) {
            FUZZ_CHECK(e >= -100 && e <= 100);
            FUZZ_CHECK(sqlscore_enps_result_interval(r, SQLSCORE_ENPS_ADJUSTED_WALD, &lo, &hi) ==
                       SQLSCORE_OK);
            FUZZ_CHECK(lo >= -100 && hi <= 100 && lo <= hi);
        }
        sqlscore_enps_result_free(r);
    }
    for (i = 0; i < nseg && i < 8; i++) {
        const char *name = NULL;
        FUZZ_CHECK(sqlscore_survey_segment_name(s, i, &name) == SQLSCORE_OK && name != NULL);
        r = NULL;
        rc = sqlscore_survey_result(s, name, SQLSCORE_SURVEY_ALL_TIME, &r);
        FUZZ_CHECK(rc == SQLSCORE_OK || rc == SQLSCORE_ENOMEM);
        sqlscore_enps_result_free(r);
    }
    for (i = 0; i < nper && i < 8; i++) {
        int64_t start;
        double ch;
        FUZZ_CHECK(sqlscore_survey_period_at(s, i, &start) == SQLSCORE_OK);
        r = NULL;
        rc = sqlscore_survey_result(s, NULL, start, &r);
        FUZZ_CHECK(rc == SQLSCORE_OK || rc == SQLSCORE_ENOMEM);
        sqlscore_enps_result_free(r);
        rc = sqlscore_survey_trend(s, NULL, i, &ch, NULL, NULL);
        FUZZ_CHECK(rc == SQLSCORE_OK || rc == SQLSCORE_EUNDEFINED || rc == SQLSCORE_ESUPPRESSED ||
                   rc == SQLSCORE_ENOMEM || rc == SQLSCORE_ERANGE);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned char *buf;
    sqlscore_survey *s = (sqlscore_survey *)&size, *t = NULL;
    void *again = NULL;
    size_t n, m = 0, k;
    int rc;

    if (size == 0)
        return 0;
    n = size - 1;
    buf = malloc(n ? n : 1);
    if (buf == NULL)
        return 0;
    if (n)
        memcpy(buf, data + 1, n);
    if ((data[0] & 1) && n >= 20) {
        for (k = 0; k < 8; k++)
            buf[8 + k] = (unsigned char)((uint64_t)n >> (8 * k));
        {
            uint32_t crc = fuzz_survey_crc32(buf, n - 4);
            for (k = 0; k < 4; k++)
                buf[n - 4 + k] = (unsigned char)(crc >> (8 * k));
        }
    }
    rc = sqlscore_survey_parse(&s, buf, n);
    if (rc != SQLSCORE_OK) {
        FUZZ_CHECK(rc == SQLSCORE_EPARSE || rc == SQLSCORE_ENOMEM);
        FUZZ_CHECK(s == (sqlscore_survey *)&size);
        free(buf);
        return 0;
    }
    rc = sqlscore_survey_serialize(s, &again, &m);
    FUZZ_CHECK(rc == SQLSCORE_OK || rc == SQLSCORE_ENOMEM);
    if (rc == SQLSCORE_OK) {
        FUZZ_CHECK(m == n && memcmp(again, buf, n) == 0);
        sqlscore_buffer_free(again);
    }
    fuzz_survey_queries(s);
    rc = sqlscore_survey_parse(&t, buf, n);
    FUZZ_CHECK(rc == SQLSCORE_OK || rc == SQLSCORE_ENOMEM);
    if (rc == SQLSCORE_OK) {
        rc = sqlscore_survey_merge(s, t);
        FUZZ_CHECK(rc == SQLSCORE_OK || rc == SQLSCORE_ERANGE || rc == SQLSCORE_ENOMEM);
        sqlscore_survey_free(t);
    }
    rc = sqlscore_survey_add(s, 9, "fuzz", 1766966400, "fuzz");
    FUZZ_CHECK(rc == SQLSCORE_OK || rc == SQLSCORE_EINVAL || rc == SQLSCORE_ERANGE ||
               rc == SQLSCORE_ENOMEM);
    fuzz_survey_queries(s);
    rc = sqlscore_survey_serialize(s, &again, &m);
    FUZZ_CHECK(rc == SQLSCORE_OK || rc == SQLSCORE_ENOMEM);
    if (rc == SQLSCORE_OK) {
        t = NULL;
        rc = sqlscore_survey_parse(&t, again, m);
        FUZZ_CHECK(rc == SQLSCORE_OK || rc == SQLSCORE_ENOMEM);
        sqlscore_survey_free(t);
        sqlscore_buffer_free(again);
    }
    sqlscore_survey_free(s);
    free(buf);
    return 0;
}
