/*
 * output.c - aligned table, CSV and JSON writers for the sqlscore program.
 *
 * CSV and JSON rows are written as they come so a long result streams; a
 * table needs the widest cell of each column first, so it is buffered.
 */
#include "output.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

struct cli_out {
    FILE *fp;
    int format;
    int ncols;
    char **names;
    int *kinds;
    char **row;          /* cells of the current row (NULL = empty) */
    int ncell;
    long nrows;
    /* table only: every row kept until cli_out_finish() */
    char ***rows;
    size_t nkept, capkept;
};

int cli_format_parse(const char *s)
{
    if (strcmp(s, "table") == 0)
        return CLI_FMT_TABLE;
    if (strcmp(s, "csv") == 0)
        return CLI_FMT_CSV;
    if (strcmp(s, "json") == 0)
        return CLI_FMT_JSON;
    return -1;
}

static void out_csv_field(FILE *fp, const char *s)
{
    const char *p;

    if (!s)
        return;
    /* Quote only when needed (RFC 4180), and when a spreadsheet would
     * otherwise trim leading or trailing spaces. */
    if (!strpbrk(s, ",\"\r\n") && s[0] != ' ' && (s[0] == '\0' || s[strlen(s) - 1] != ' ')) {
        fputs(s, fp);
        return;
    }
    fputc('"', fp);
    for (p = s; *p; p++) {
        if (*p == '"')
            fputc('"', fp);
        fputc(*p, fp);
    }
    fputc('"', fp);
}

static void out_json_string(FILE *fp, const char *s)
{
    const unsigned char *p;

    fputc('"', fp);
    for (p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': fputs("\\\"", fp); break;
        case '\\': fputs("\\\\", fp); break;
        case '\n': fputs("\\n", fp); break;
        case '\r': fputs("\\r", fp); break;
        case '\t': fputs("\\t", fp); break;
        default:
            if (*p < 0x20 || *p == 0x7F)
                fprintf(fp, "\\u%04x", (unsigned)*p);
            else
                fputc(*p, fp);
        }
    }
    fputc('"', fp);
}

cli_out *cli_out_new(FILE *fp, int format, int ncols, const char *const *names,
                     const int *kinds)
{
    cli_out *o = cli_xmalloc(sizeof *o);
    int i;

    memset(o, 0, sizeof *o);
    o->fp = fp;
    o->format = format;
    o->ncols = ncols;
    o->names = cli_xmalloc((size_t)ncols * sizeof *o->names);
    o->kinds = cli_xmalloc((size_t)ncols * sizeof *o->kinds);
    o->row = cli_xmalloc((size_t)ncols * sizeof *o->row);
    for (i = 0; i < ncols; i++) {
        o->names[i] = cli_xstrdup(names[i]);
        o->kinds[i] = kinds ? kinds[i] : CLI_COL_TEXT;
        o->row[i] = NULL;
    }
    if (format == CLI_FMT_CSV) {
        for (i = 0; i < ncols; i++) {
            if (i)
                fputc(',', fp);
            out_csv_field(fp, names[i]);
        }
        fputc('\n', fp);
    } else if (format == CLI_FMT_JSON) {
        fputc('[', fp);
    }
    return o;
}

void cli_out_cell(cli_out *o, const char *text)
{
    if (o->ncell >= o->ncols)
        return;
    o->row[o->ncell++] = text ? cli_xstrdup(text) : NULL;
}

void cli_out_cellf(cli_out *o, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    cli_out_cell(o, buf);
}

void cli_out_int(cli_out *o, int64_t v)
{
    cli_out_cellf(o, "%lld", (long long)v);
}

void cli_out_double(cli_out *o, double v, int decimals)
{
    if (isnan(v) || isinf(v)) {
        cli_out_cell(o, NULL);
        return;
    }
    /* Never print "-0.000000" (for -0.0 or a tiny negative that rounds
     * to zero): a spreadsheet would keep the sign. */
    v = fabs(v) == 0.0 ? fabs(v) : v;
    cli_out_cellf(o, "%.*f", decimals, v);
    if (o->row[o->ncell - 1] && strncmp(o->row[o->ncell - 1], "-0.", 3) == 0 &&
        strspn(o->row[o->ncell - 1] + 3, "0") == strlen(o->row[o->ncell - 1] + 3))
        memmove(o->row[o->ncell - 1], o->row[o->ncell - 1] + 1,
                strlen(o->row[o->ncell - 1]));
}

void cli_out_money(cli_out *o, int64_t minor, int digits)
{
    char buf[64];
    uint64_t mag = minor < 0 ? (uint64_t)0 - (uint64_t)minor : (uint64_t)minor;
    uint64_t scale = 1;
    int i;

    /* ISO 4217 minor units are 0 to 4 digits; 18 keeps scale in range. */
    if (digits > 18)
        digits = 18;
    for (i = 0; i < digits; i++)
        scale *= 10;
    if (digits <= 0)
        snprintf(buf, sizeof buf, "%s%llu", minor < 0 ? "-" : "", (unsigned long long)mag);
    else
        snprintf(buf, sizeof buf, "%s%llu.%0*llu", minor < 0 ? "-" : "",
                 (unsigned long long)(mag / scale), digits,
                 (unsigned long long)(mag % scale));
    cli_out_cell(o, buf);
}

static void out_free_cells(char **cells, int n)
{
    int i;
    for (i = 0; i < n; i++)
        free(cells[i]);
}

void cli_out_row(cli_out *o)
{
    int i;

    if (o->format == CLI_FMT_TABLE) {
        char **keep = cli_xmalloc((size_t)o->ncols * sizeof *keep);
        for (i = 0; i < o->ncols; i++) {
            keep[i] = i < o->ncell ? o->row[i] : NULL;
            o->row[i] = NULL;
        }
        if (o->nkept == o->capkept) {
            o->capkept = o->capkept ? 2 * o->capkept : 64;
            o->rows = cli_xrealloc(o->rows, o->capkept * sizeof *o->rows);
        }
        o->rows[o->nkept++] = keep;
    } else if (o->format == CLI_FMT_CSV) {
        for (i = 0; i < o->ncols; i++) {
            if (i)
                fputc(',', o->fp);
            out_csv_field(o->fp, i < o->ncell ? o->row[i] : NULL);
        }
        fputc('\n', o->fp);
        out_free_cells(o->row, o->ncell);
    } else {
        fputs(o->nrows ? ",\n  {" : "\n  {", o->fp);
        for (i = 0; i < o->ncols; i++) {
            const char *c = i < o->ncell ? o->row[i] : NULL;
            if (i)
                fputs(", ", o->fp);
            out_json_string(o->fp, o->names[i]);
            fputs(": ", o->fp);
            if (!c)
                fputs("null", o->fp);
            else if (o->kinds[i] == CLI_COL_NUMBER)
                fputs(c, o->fp);
            else
                out_json_string(o->fp, c);
        }
        fputc('}', o->fp);
        out_free_cells(o->row, o->ncell);
    }
    for (i = 0; i < o->ncols; i++)
        o->row[i] = NULL;
    o->ncell = 0;
    o->nrows++;
}

/* Table cells are shown on one line: a newline inside a cell (free text
 * from a CRM) would break the alignment, so it is shown as a space. */
static void out_table_cell(FILE *fp, const char *s, size_t width, int right, int last)
{
    size_t len = s ? cli_utf8_len(s) : 1, pad = width > len ? width - len : 0;

    if (right)
        fprintf(fp, "%*s", (int)pad, "");
    if (!s) {
        fputc('-', fp);
    } else {
        const char *p;
        for (p = s; *p; p++)
            fputc(*p == '\n' || *p == '\r' || *p == '\t' ? ' ' : *p, fp);
    }
    if (!right && !last)
        fprintf(fp, "%*s", (int)pad, "");
}

int cli_out_finish(cli_out *o)
{
    int i, rc;

    if (o->ncell)
        cli_out_row(o);
    if (o->format == CLI_FMT_TABLE) {
        size_t r;
        size_t *w = cli_xmalloc((size_t)o->ncols * sizeof *w);
        for (i = 0; i < o->ncols; i++) {
            w[i] = cli_utf8_len(o->names[i]);
            for (r = 0; r < o->nkept; r++) {
                size_t l = o->rows[r][i] ? cli_utf8_len(o->rows[r][i]) : 1;
                if (l > w[i])
                    w[i] = l;
            }
        }
        for (i = 0; i < o->ncols; i++) {
            if (i)
                fputs("  ", o->fp);
            out_table_cell(o->fp, o->names[i], w[i], o->kinds[i] == CLI_COL_NUMBER,
                           i == o->ncols - 1);
        }
        fputc('\n', o->fp);
        for (r = 0; r < o->nkept; r++) {
            for (i = 0; i < o->ncols; i++) {
                if (i)
                    fputs("  ", o->fp);
                out_table_cell(o->fp, o->rows[r][i], w[i], o->kinds[i] == CLI_COL_NUMBER,
                               i == o->ncols - 1);
            }
            fputc('\n', o->fp);
            out_free_cells(o->rows[r], o->ncols);
            free(o->rows[r]);
        }
        free(o->rows);
        free(w);
    } else if (o->format == CLI_FMT_JSON) {
        fputs(o->nrows ? "\n]\n" : "]\n", o->fp);
    }
    for (i = 0; i < o->ncols; i++)
        free(o->names[i]);
    free(o->names);
    free(o->kinds);
    free(o->row);
    rc = fflush(o->fp) == 0 && !ferror(o->fp) ? 0 : -1;
    free(o);
    return rc;
}
