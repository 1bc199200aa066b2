/*
 * opts.c - option parsing and error reporting shared by the subcommands.
 *
 * Hand-rolled rather than getopt_long(): subcommands take only long
 * options, options may follow operands (as users type them), and the
 * messages must name the subcommand.
 */
#define _POSIX_C_SOURCE 200809L

#include "cli.h"
#include "csvin.h"
#include "output.h"
#include "timeparse.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "sqlscore %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'sqlscore %s --help'.\n", cmd);
    return CLI_EXIT_USAGE;
}

int cli_data_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return CLI_EXIT_DATA;
}

int cli_opts_parse(const char *cmd, int argc, char **argv, const struct cli_opt *opts,
                   size_t nopts, const char **pos, int maxpos, int *npos)
{
    int i, only_operands = 0;

    *npos = 0;
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *eq, *name;
        size_t k, namelen;

        if (only_operands || a[0] != '-' || strcmp(a, "-") == 0) {
            if (*npos >= maxpos)
                return cli_usage_error(cmd, "unexpected operand '%s'", a);
            pos[(*npos)++] = a;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            only_operands = 1;
            continue;
        }
        if (strcmp(a, "-h") == 0)
            a = "--help";
        if (a[1] != '-')
            return cli_usage_error(cmd, "unknown option '%s'", a);
        name = a + 2;
        eq = strchr(name, '=');
        namelen = eq ? (size_t)(eq - name) : strlen(name);
        for (k = 0; k < nopts; k++)
            if (strlen(opts[k].name) == namelen && strncmp(opts[k].name, name, namelen) == 0)
                break;
        if (k == nopts)
            return cli_usage_error(cmd, "unknown option '--%.*s'", (int)namelen, name);
        if (!opts[k].value) {
            if (eq)
                return cli_usage_error(cmd, "option '--%s' takes no value", opts[k].name);
            *opts[k].flag = 1;
        } else if (eq) {
            *opts[k].value = eq + 1;
        } else {
            if (i + 1 >= argc)
                return cli_usage_error(cmd, "option '--%s' needs a value", opts[k].name);
            *opts[k].value = argv[++i];
        }
    }
    return 0;
}

int cli_common_check(const char *cmd, struct cli_common *c)
{
    c->fmt = cli_format_parse(c->format ? c->format : "table");
    if (c->fmt < 0)
        return cli_usage_error(cmd, "--format must be table, csv or json, not '%s'", c->format);
    if (!c->encoding || cli_strcaseeq(c->encoding, "utf-8") || cli_strcaseeq(c->encoding, "utf8"))
        c->enc = CSVIN_UTF8;
    else if (cli_strcaseeq(c->encoding, "latin1") || cli_strcaseeq(c->encoding, "latin-1") ||
             cli_strcaseeq(c->encoding, "iso-8859-1"))
        c->enc = CSVIN_LATIN1;
    else
        return cli_usage_error(cmd, "--encoding must be utf-8 or latin1, not '%s'", c->encoding);
    return 0;
}

int cli_progress_wanted(const struct cli_common *c)
{
    return !c->quiet && isatty(STDERR_FILENO);
}

int cli_parse_int(const char *s, long min, long max, long *out)
{
    char *end;
    long v;

    errno = 0;
    v = strtol(s, &end, 10);
    if (end == s || *end || errno || v < min || v > max)
        return -1;
    *out = v;
    return 0;
}

int cli_parse_double(const char *s, double *out)
{
    char *end;
    double v;

    errno = 0;
    v = strtod(s, &end);
    if (end == s || *end || errno || isnan(v) || isinf(v))
        return -1;
    *out = v;
    return 0;
}

int cli_parse_time_opt(const char *cmd, const char *opt, const char *s, int64_t *out)
{
    const char *why;
    if (cli_time_parse(s, out, &why) != 0)
        return cli_usage_error(cmd, "--%s '%s': %s", opt, s, why);
    return 0;
}

int cli_slurp(const char *path, char **buf, size_t *len)
{
    /* A flag rather than fp != stdin: gcc's -fanalyzer cannot tell that
     * fopen() never returns stdin and reports the file as leaked. */
    int from_stdin = strcmp(path, "-") == 0;
    FILE *fp = from_stdin ? stdin : fopen(path, "rb");
    char *b = NULL;
    size_t n = 0, cap = 0, got;

    if (!fp) {
        fprintf(stderr, "%s: %s\n", path, strerror(errno));
        return -1;
    }
    do {
        cli_reserve(&b, &cap, n + 65536 + 1);
        got = fread(b + n, 1, cap - n - 1, fp);
        n += got;
    } while (got > 0);
    if (ferror(fp)) {
        fprintf(stderr, "%s: read error: %s\n", path, strerror(errno));
        if (!from_stdin)
            fclose(fp);
        free(b);
        return -1;
    }
    if (!from_stdin)
        fclose(fp);
    b[n] = '\0';
    *buf = b;
    *len = n;
    return 0;
}

void cli_format_points(double v, char *buf, size_t size)
{
    size_t n;

    snprintf(buf, size, "%.6f", v);
    n = strlen(buf);
    if (strchr(buf, '.')) {
        while (n > 0 && buf[n - 1] == '0')
            buf[--n] = '\0';
        if (n > 0 && buf[n - 1] == '.')
            buf[--n] = '\0';
    }
    if (strcmp(buf, "-0") == 0)
        strcpy(buf, "0");
}
