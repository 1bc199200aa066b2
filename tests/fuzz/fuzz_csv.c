/*
 * fuzz_csv.c - libFuzzer harness for the sqlscore program's CSV reading
 * (tools/csvin.c over libcsv): exports from ad platforms, CRMs and survey
 * tools, with byte-order marks, CRLF, quotes and Latin-1.
 *
 * The reader works on files, so each input is written to one temporary
 * file per process.  Byte 0 picks the encoding (bit 0: Latin-1) and the
 * column to look up; the rest is the file.  Properties checked (abort()
 * on violation):
 * - a file that opens has at least one column, and every header name and
 *   every cell handed out is valid UTF-8 (Latin-1 input is converted);
 * - looking a header name up finds a column with that name (or the first
 *   of equal names);
 * - the callback sees exactly csvin_rows() records, each starting at a
 *   line number that never goes backwards.
 * The tool sources are compiled into this file so that the replay test
 * and make fuzz need nothing but this harness, the library and libcsv.
 */
#define _POSIX_C_SOURCE 200809L

#include "../../tools/util.c"
#include "../../tools/csvin.c"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "fuzz_check.h"

struct fuzz_csv_ctx {
    unsigned long records;
    long last_line;
};

static int fuzz_csv_record(csvin *r, void *ctx)
{
    struct fuzz_csv_ctx *c = ctx;
    size_t col, bad;
    long line = csvin_line(r);

    FUZZ_CHECK(line >= c->last_line && line >= 2);
    c->last_line = line;
    c->records++;
    for (col = 0; col < csvin_ncols(r); col++) {
        const char *cell = (const char *)&cell;
        if (csvin_get(r, col, &cell) != 0)
            return -1;           /* invalid UTF-8 reported: stop like the tool */
        FUZZ_CHECK(cell != (const char *)&cell);
        if (cell != NULL)
            FUZZ_CHECK(cli_utf8_valid(cell, strlen(cell), &bad));
    }
    return 0;
}

static char fuzz_csv_path[64];

static void fuzz_csv_cleanup(void)
{
    if (fuzz_csv_path[0] != '\0')
        unlink(fuzz_csv_path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *path = fuzz_csv_path;
    struct fuzz_csv_ctx ctx = { 0, 0 };
    FILE *f;
    csvin *r;
    size_t i, col, bad;
    int enc, rc;

    if (size < 1)
        return 0;
    if (path[0] == '\0') {
        int fd;
        snprintf(fuzz_csv_path, sizeof fuzz_csv_path, "/tmp/sqlscore-fuzz-csv-XXXXXX");
        fd = mkstemp(fuzz_csv_path);
        FUZZ_CHECK(fd >= 0);
        close(fd);
        atexit(fuzz_csv_cleanup);
    }
    enc = (data[0] & 1) ? CSVIN_LATIN1 : CSVIN_UTF8;
    f = fopen(path, "wb");
    FUZZ_CHECK(f != NULL);
    FUZZ_CHECK(fwrite(data + 1, 1, size - 1, f) == size - 1);
    FUZZ_CHECK(fclose(f) == 0);

    r = csvin_open(path, enc, 0);
    if (r == NULL) {
        FUZZ_CHECK(csvin_error()[0] != '\0');
        return 0;
    }
    FUZZ_CHECK(csvin_ncols(r) >= 1);
    for (i = 0; i < csvin_ncols(r); i++) {
        const char *name = csvin_colname(r, i);
        FUZZ_CHECK(name != NULL && cli_utf8_valid(name, strlen(name), &bad));
    }
    i = (size_t)(data[0] >> 1) % csvin_ncols(r);
    FUZZ_CHECK(csvin_find(r, csvin_colname(r, i), &col) == 0);
    FUZZ_CHECK(col < csvin_ncols(r) && strcmp(csvin_colname(r, col), csvin_colname(r, i)) == 0);
    rc = csvin_run(r, fuzz_csv_record, &ctx);
    FUZZ_CHECK(rc == 0 || rc == -1);
    if (rc == -1)
        FUZZ_CHECK(csvin_error()[0] != '\0');
    FUZZ_CHECK(csvin_rows(r) >= ctx.records);
    if (rc == 0)
        FUZZ_CHECK(csvin_rows(r) == ctx.records);
    csvin_close(r);
    return 0;
}
