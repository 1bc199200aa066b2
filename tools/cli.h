/*
 * cli.h - what the subcommands of the sqlscore program share: option
 * parsing, the common options (--format, --encoding, --quiet), and error
 * reporting with the exit statuses of sqlscore(1).
 */
#ifndef SQLSCORE_TOOLS_CLI_H
#define SQLSCORE_TOOLS_CLI_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* One long option.  A value option stores its argument in *value (the last
 * one given wins); a flag sets *flag to 1. */
struct cli_opt {
    const char *name;       /* without the leading "--" */
    const char **value;     /* NULL for a flag */
    int *flag;
};

/* Options every subcommand that reads CSV understands. */
struct cli_common {
    const char *format;     /* --format, default "table" */
    const char *encoding;   /* --encoding, default "utf-8" */
    int quiet;              /* --quiet */
    int help;               /* --help / -h */
    int fmt;                /* parsed format, CLI_FMT_* */
    int enc;                /* parsed encoding, CSVIN_* */
};

/* Parse argv[1..argc-1] of subcommand `cmd` ("enps", "rules check").
 * Options may come before or after operands; "--opt=value" and
 * "--opt value" both work; "--" ends the options; "-" is an operand
 * (standard input).  Operands are stored in pos[] (at most maxpos).
 * Returns 0, or CLI_EXIT_USAGE after printing the reason. */
int cli_opts_parse(const char *cmd, int argc, char **argv, const struct cli_opt *opts,
                   size_t nopts, const char **pos, int maxpos, int *npos);

/* Check --format and --encoding after parsing; CLI_EXIT_USAGE on a bad
 * value (printed). */
int cli_common_check(const char *cmd, struct cli_common *c);

/* Print "sqlscore CMD: MESSAGE" and a hint to use --help; returns
 * CLI_EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) CLI_PRINTF(2, 3);

/* Print a data error as given (it already names FILE:LINE) and return
 * CLI_EXIT_DATA. */
int cli_data_error(const char *fmt, ...) CLI_PRINTF(1, 2);

/* Whether to show a progress line: standard error is a terminal and
 * --quiet was not given. */
int cli_progress_wanted(const struct cli_common *c);

/* Parse option values. */
int cli_parse_int(const char *s, long min, long max, long *out);
int cli_parse_double(const char *s, double *out);
int cli_parse_time_opt(const char *cmd, const char *opt, const char *s, int64_t *out);

/* Read a whole (small) file, "-" being standard input, into a NUL-terminated
 * buffer the caller frees.  Returns 0, or -1 after printing "PATH: reason". */
int cli_slurp(const char *path, char **buf, size_t *len);

/* Points and scores: up to six decimals, trailing zeros dropped ("12.5",
 * "-3", "0.333333"); never "-0". */
void cli_format_points(double v, char *buf, size_t size);

/* Subcommands: argv[0] is the subcommand name. */
int cli_cmd_enps(int argc, char **argv);
int cli_cmd_cpsql(int argc, char **argv);
int cli_cmd_score(int argc, char **argv);
int cli_cmd_funnel(int argc, char **argv);
int cli_cmd_rules(int argc, char **argv);

#endif
