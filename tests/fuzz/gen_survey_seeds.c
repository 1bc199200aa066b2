/*
 * gen_survey_seeds.c - writes the seed corpus of fuzz_survey (mode byte 0,
 * then a serialized survey) with the public API.  Not built by default:
 *   cc -Iinclude -Ilib -DSQLSCORE_STATIC tests/fuzz/gen_survey_seeds.c \
 *      (every .c file of lib/) -lm
 *   ./a.out tests/fuzz/corpus/survey
 * The "-crcfix" copies set mode bit 0 (the harness rewrites the CRC).
 */
#include "sqlscore.h"
#include <stdio.h>
#include <stdlib.h>
static void put(const char *dir, const char *name, sqlscore_survey *s)
{
    void *b; size_t n; char path[512]; FILE *f; unsigned char mode = 0;
    if (sqlscore_survey_serialize(s, &b, &n) != 0) { fprintf(stderr, "%s: %s\n", name, sqlscore_error_message()); exit(1); }
    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "wb"); fwrite(&mode, 1, 1, f); fwrite(b, 1, n, f); fclose(f);
    sqlscore_buffer_free(b); sqlscore_survey_free(s);
}
#define OK(x) do { if ((x) != 0) { fprintf(stderr, "%s: %s\n", #x, sqlscore_error_message()); exit(1); } } while (0)
int main(int argc, char **argv)
{
    sqlscore_survey *s; const char *d = argc > 1 ? argv[1] : ".";
    int i;
    OK(sqlscore_survey_new(&s)); put(d, "empty", s);
    OK(sqlscore_survey_new(&s));
    for (i = 0; i <= 10; i++) OK(sqlscore_survey_add(s, i, i % 2 ? "Sales" : "Engineering", 1767225600 + i * 86400, NULL));
    put(d, "two-segments", s);
    OK(sqlscore_survey_new(&s)); OK(sqlscore_survey_set_scale(s, 1, 10, 6, 9)); OK(sqlscore_survey_set_period(s, SQLSCORE_PERIOD_MONTH, 0));
    OK(sqlscore_survey_set_dedup(s, 1)); OK(sqlscore_survey_set_threshold(s, 3));
    for (i = 0; i < 12; i++) { char r[16]; snprintf(r, sizeof r, "emp-%d", i % 5); OK(sqlscore_survey_add(s, 1 + i % 10, "K\xC3\xB6ln", 1767225600 + i * 86400 * 9, r)); }
    OK(sqlscore_survey_add_missing(s, "K\xC3\xB6ln", 1767225600, "emp-9"));
    put(d, "monthly-dedup", s);
    OK(sqlscore_survey_new(&s)); OK(sqlscore_survey_set_period(s, SQLSCORE_PERIOD_DAYS, 7)); OK(sqlscore_survey_set_missing(s, SQLSCORE_SURVEY_MISSING_PASSIVE));
    OK(sqlscore_survey_add(s, 9, "A", -86400, NULL)); OK(sqlscore_survey_add_missing(s, "B", 0, NULL)); OK(sqlscore_survey_add(s, 3, "A", 86400 * 30, NULL));
    put(d, "seven-day-periods", s);
    return 0;
}
