/*
 * fuzz_survey.c - libFuzzer harness for sqlscore_survey_parse(), which
 * reads survey shards written elsewhere (files, network, other processes).
 *
 * Input: byte 0 is a mode; the rest is the blob.  With mode bit 0 set, the
 * harness rewrites the trailing CRC-32 to match the bytes before it, so the
 * fuzzer gets past the checksum to the structural checks behind it (random
 * mutations almost never keep a CRC valid).  Properties checked (abort()
 * on violation):
 * - the status is one the header documents; *out is written only on
 *   success, and a failure carries an "offset" detail for EPARSE;
 * - an accepted blob gives an aggregator whose serialization parses back
 *   and serializes to the very same bytes (the format is canonical after
 *   one round);
 * - the aggregator is usable: its total result can be taken, and merging
 *   it into a copy of itself (same configuration) succeeds or reports an
 *   overflow, leaving the copy serializable.
 */
#include "survey_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond)                                                      \
    do {                                                                      \
        if (!(cond))                                                          \
            abort();                                                          \
    } while (0)

static void survey_use(sqlscore_survey *s)
{
    void *b1 = NULL, *b2 = NULL;
    size_t n1 = 0, n2 = 0;
    sqlscore_survey *again = NULL, *copy = NULL;
    sqlscore_enps_result *r = NULL;
    int rc;

    rc = sqlscore_survey_serialize(s, &b1, &n1);
    FUZZ_CHECK(rc == SQLSCORE_OK || rc == SQLSCORE_ERANGE);
    if (rc != SQLSCORE_OK)
        return;
    FUZZ_CHECK(sqlscore_survey_parse(&again, b1, n1) == SQLSCORE_OK);
    FUZZ_CHECK(sqlscore_survey_serialize(again, &b2, &n2) == SQLSCORE_OK);
    FUZZ_CHECK(n1 == n2 && memcmp(b1, b2, n1) == 0);

    rc = sqlscore_survey_result(s, NULL, SQLSCORE_SURVEY_ALL_TIME, &r);
    FUZZ_CHECK(rc == SQLSCORE_OK || rc == SQLSCORE_ERANGE);
    sqlscore_enps_result_free(r);

    FUZZ_CHECK(sqlscore_survey_parse(&copy, b1, n1) == SQLSCORE_OK);
    rc = sqlscore_survey_merge(copy, again);
    FUZZ_CHECK(rc == SQLSCORE_OK || rc == SQLSCORE_ERANGE);
    sqlscore_buffer_free(b2);
    b2 = NULL;
    rc = sqlscore_survey_serialize(copy, &b2, &n2);
    FUZZ_CHECK(rc == SQLSCORE_OK || rc == SQLSCORE_ERANGE);

    sqlscore_buffer_free(b1);
    sqlscore_buffer_free(b2);
    sqlscore_survey_free(again);
    sqlscore_survey_free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sqlscore_survey *s = (sqlscore_survey *)&s;   /* sentinel */
    uint8_t *blob;
    size_t n;
    int rc;

    if (size < 1)
        return 0;
    n = size - 1;
    /* An exact-size copy, so reading past the end is caught. */
    blob = malloc(n ? n : 1);
    if (blob == NULL)
        return 0;
    if (n > 0)
        memcpy(blob, data + 1, n);
    if ((data[0] & 1) && n >= 4) {
        uint32_t crc = sqlscore__crc32(blob, n - 4);
        blob[n - 4] = (uint8_t)crc;
        blob[n - 3] = (uint8_t)(crc >> 8);
        blob[n - 2] = (uint8_t)(crc >> 16);
        blob[n - 1] = (uint8_t)(crc >> 24);
    }

    sqlscore_error_clear();
    rc = sqlscore_survey_parse(&s, blob, n);
    FUZZ_CHECK(rc == SQLSCORE_OK || rc == SQLSCORE_EPARSE || rc == SQLSCORE_ENOMEM ||
               rc == SQLSCORE_ERANGE);
    if (rc == SQLSCORE_OK) {
        FUZZ_CHECK(s != (sqlscore_survey *)&s && s != NULL);
        survey_use(s);
        sqlscore_survey_free(s);
    } else {
        FUZZ_CHECK(s == (sqlscore_survey *)&s);
        FUZZ_CHECK(sqlscore_error_code() == rc);
        if (rc == SQLSCORE_EPARSE)
            FUZZ_CHECK(strstr(sqlscore_error_message(), "offset") != NULL);
    }
    free(blob);
    return 0;
}
