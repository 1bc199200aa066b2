/*
 * csvin.h - streaming CSV input for the sqlscore program (not part of the
 * library).  Parsing is done by libcsv; this layer adds what exports need:
 * a header row, column lookup by name, a UTF-8 byte-order mark, Latin-1
 * conversion, "NA" and empty cells as missing, physical line numbers for
 * error messages, and a progress line for big files on a terminal.
 *
 * Memory stays bounded by the longest record, whatever the file size.
 */
#ifndef SQLSCORE_TOOLS_CSVIN_H
#define SQLSCORE_TOOLS_CSVIN_H

#include <stddef.h>

#define CSVIN_UTF8   0
#define CSVIN_LATIN1 1

typedef struct csvin csvin;

/* Called once per data record (the header is consumed by the reader).
 * Return 0 to go on, anything else to stop: csvin_run() then returns -1
 * with the error the callback recorded through csvin_fail(). */
typedef int (*csvin_record_fn)(csvin *r, void *ctx);

/* Open PATH ("-" is standard input) and read its header row.  Returns NULL
 * with an error recorded ("PATH: reason") when the file cannot be opened,
 * is empty, or its header is malformed.  `progress` enables the progress
 * line (the caller decides: a terminal and no --quiet). */
csvin *csvin_open(const char *path, int encoding, int progress);
void csvin_close(csvin *r);

/* The name to print in messages ("-" is shown as "<stdin>"). */
const char *csvin_name(const csvin *r);

size_t csvin_ncols(const csvin *r);
const char *csvin_colname(const csvin *r, size_t col);

/* Find a column by header name: an exact match, else the only
 * case-insensitive (ASCII) match, else a 1-based column number.  Returns
 * 0 and writes *col, or -1 with an error recorded ("no column 'x'"). */
int csvin_find(csvin *r, const char *name, size_t *col);

/* Stream every data record through fn.  Returns 0 at the end of input, or
 * -1 with an error recorded (malformed CSV, a record with another number
 * of fields than the header, read error, or fn failed).  Trailing empty
 * fields beyond the header are accepted (a trailing comma on data rows). */
int csvin_run(csvin *r, csvin_record_fn fn, void *ctx);

/* Inside the callback: the physical line where the record starts. */
long csvin_line(const csvin *r);

/* Inside the callback: the cell of column col as NUL-terminated UTF-8
 * (converted from Latin-1 if asked).  *out is NULL for a missing cell
 * (empty or "NA").  Returns 0, or -1 with an error
 * recorded for invalid UTF-8.  The text is valid until the next record. */
int csvin_get(csvin *r, size_t col, const char **out);

/* Record an error about the current record, "FILE:LINE: column 'NAME':
 * MESSAGE" (col == (size_t)-1 leaves the column out).  Always returns -1. */
int csvin_fail(csvin *r, size_t col, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* The last error recorded by any reader ("" if none).  The program is
 * single-threaded; one buffer is enough. */
const char *csvin_error(void);

/* Data records read so far. */
unsigned long csvin_rows(const csvin *r);

#endif
