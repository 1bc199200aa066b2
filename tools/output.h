/*
 * output.h - result tables of the sqlscore program in three formats:
 * an aligned table for a terminal, CSV (RFC 4180 quoting, LF line ends)
 * for spreadsheets, JSON (an array of objects, one per row, keys in column
 * order, empty cells as null) for programs.
 */
#ifndef SQLSCORE_TOOLS_OUTPUT_H
#define SQLSCORE_TOOLS_OUTPUT_H

#include <stdint.h>
#include <stdio.h>

#include "util.h"

#define CLI_FMT_TABLE 0
#define CLI_FMT_CSV   1
#define CLI_FMT_JSON  2

/* Column kinds: text is left-aligned and a JSON string; a number is
 * right-aligned and a JSON number (the cell text must be a valid JSON
 * number). */
#define CLI_COL_TEXT   0
#define CLI_COL_NUMBER 1

typedef struct cli_out cli_out;

/* Parse "table", "csv" or "json"; -1 if none of them. */
int cli_format_parse(const char *s);

/* Start a result with ncols columns (names and kinds are copied). */
cli_out *cli_out_new(FILE *fp, int format, int ncols, const char *const *names,
                     const int *kinds);

/* Add the next cell of the current row; NULL is an empty cell. */
void cli_out_cell(cli_out *o, const char *text);
void cli_out_cellf(cli_out *o, const char *fmt, ...) CLI_PRINTF(2, 3);
void cli_out_int(cli_out *o, int64_t v);
/* A double with `decimals` digits after the point; NaN is an empty cell. */
void cli_out_double(cli_out *o, double v, int decimals);
/* Money: minor units with `digits` minor-unit digits, e.g. -1234, 2 -> -12.34. */
void cli_out_money(cli_out *o, int64_t minor, int digits);

/* Finish the current row (missing cells are empty). */
void cli_out_row(cli_out *o);

/* Print what is buffered (tables are aligned over all rows), close the
 * JSON array, free everything.  Returns 0, or -1 on a write error. */
int cli_out_finish(cli_out *o);

#endif
