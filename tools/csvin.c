/*
 * csvin.c - streaming CSV input for the sqlscore program, on top of libcsv.
 *
 * libcsv does the RFC 4180 tokenising (quotes, doubled quotes, CR/LF) in
 * strict mode, so a quote inside an unquoted field or text after a closing
 * quote is an error instead of silently shifting every later column.  It
 * reports neither positions nor a header, so this file feeds it one
 * physical line at a time: a record can end only where a line ends, which
 * makes the line counter exact for error messages.
 */
#define _POSIX_C_SOURCE 200809L

#include "csvin.h"
#include "util.h"

#include <csv.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define CSVIN_CHUNK (64 * 1024)
/* Files this big get a progress line (issue 7: "say over 50 MB"). */
#define CSVIN_PROGRESS_BYTES (50ULL * 1000 * 1000)

struct csvin {
    FILE *fp;
    int close_fp;
    char *name;
    int encoding;
    struct csv_parser parser;

    /* The record being assembled: field bytes, each NUL-terminated. */
    char *buf;
    size_t len, cap;
    size_t *off;
    size_t nfields, offcap;

    char **cols;          /* header names, UTF-8 */
    long header_line;
    size_t ncols;
    char **conv;          /* per-column scratch for Latin-1 conversion */
    size_t *convcap;

    long line;            /* physical line being fed, 1-based */
    long col_off;         /* bytes of that line already fed */
    long rec_line;        /* line where the record being assembled starts */
    long cur_line;        /* line of the record handed to the callback */
    int between;          /* no byte of the next record seen yet */
    int pending_cr;       /* the last segment ended with CR */
    int header_done;
    unsigned long rows;

    csvin_record_fn fn;
    void *ctx;
    int stop;             /* an error was recorded inside a callback */

    char *chunk;          /* input buffer: bytes [pos, avail) not fed yet */
    size_t pos, avail;
    int eof;

    /* progress line */
    int progress;
    unsigned long long bytes, total;
    double t0, tlast;
    size_t shown;         /* width of the line on screen, 0 if none */
};

static char csvin_errbuf[1024];

const char *csvin_error(void)
{
    return csvin_errbuf;
}

static int csvin_set_error(const char *fmt, ...) CLI_PRINTF(1, 2);
static int csvin_set_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(csvin_errbuf, sizeof csvin_errbuf, fmt, ap);
    va_end(ap);
    return -1;
}

const char *csvin_name(const csvin *r)
{
    return r->name;
}

size_t csvin_ncols(const csvin *r)
{
    return r->ncols;
}

const char *csvin_colname(const csvin *r, size_t col)
{
    return col < r->ncols ? r->cols[col] : "";
}

long csvin_line(const csvin *r)
{
    return r->cur_line;
}

unsigned long csvin_rows(const csvin *r)
{
    return r->rows;
}

int csvin_fail(csvin *r, size_t col, const char *fmt, ...)
{
    char msg[768];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (col < r->ncols)
        csvin_set_error("%s:%ld: column '%s': %s", r->name, r->cur_line,
                        r->cols[col], msg);
    else
        csvin_set_error("%s:%ld: %s", r->name, r->cur_line, msg);
    r->stop = 1;
    return -1;
}

/* ---- text conversion ---------------------------------------------------- */

/* Latin-1 maps byte b to code point b, so conversion never fails. */
static char *csvin_latin1_to_utf8(const char *s, char **dst, size_t *cap)
{
    size_t n = strlen(s), i, j = 0;
    cli_reserve(dst, cap, 2 * n + 1);
    for (i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            (*dst)[j++] = (char)c;
        } else {
            (*dst)[j++] = (char)(0xC0 | (c >> 6));
            (*dst)[j++] = (char)(0x80 | (c & 0x3F));
        }
    }
    (*dst)[j] = '\0';
    return *dst;
}

static int csvin_is_missing(const char *s)
{
    return s[0] == '\0' || strcmp(s, "NA") == 0;
}

int csvin_get(csvin *r, size_t col, const char **out)
{
    const char *s;
    size_t bad;

    if (col >= r->nfields || col >= r->ncols) {
        *out = NULL;
        return 0;
    }
    s = r->buf + r->off[col];
    if (csvin_is_missing(s)) {
        *out = NULL;
        return 0;
    }
    if (r->encoding == CSVIN_LATIN1) {
        *out = csvin_latin1_to_utf8(s, &r->conv[col], &r->convcap[col]);
        return 0;
    }
    if (!cli_utf8_valid(s, strlen(s), &bad))
        return csvin_fail(r, col, "invalid UTF-8 (byte 0x%02X at offset %zu); "
                          "use --encoding latin1 for a Latin-1 file",
                          (unsigned)(unsigned char)s[bad], bad);
    *out = s;
    return 0;
}

/* ---- libcsv callbacks --------------------------------------------------- */

static void csvin_on_field(void *data, size_t n, void *vr)
{
    csvin *r = vr;
    if (r->stop)
        return;
    if (r->nfields == r->offcap) {
        r->offcap = r->offcap ? 2 * r->offcap : 32;
        r->off = cli_xrealloc(r->off, r->offcap * sizeof *r->off);
    }
    cli_reserve(&r->buf, &r->cap, r->len + n + 1);
    r->off[r->nfields++] = r->len;
    if (n)
        memcpy(r->buf + r->len, data, n);
    r->len += n;
    r->buf[r->len++] = '\0';
}

static int csvin_take_header(csvin *r)
{
    size_t i, bad;

    r->ncols = r->nfields;
    r->header_line = r->cur_line;
    r->cols = cli_xmalloc(r->ncols * sizeof *r->cols);
    r->conv = cli_xcalloc(r->ncols, sizeof *r->conv);
    r->convcap = cli_xcalloc(r->ncols, sizeof *r->convcap);
    for (i = 0; i < r->ncols; i++) {
        const char *s = r->buf + r->off[i];
        if (r->encoding == CSVIN_LATIN1) {
            char *d = NULL;
            size_t c = 0;
            r->cols[i] = csvin_latin1_to_utf8(s, &d, &c);
        } else {
            r->cols[i] = cli_xstrdup(s);
            if (!cli_utf8_valid(s, strlen(s), &bad)) {
                r->ncols = i + 1;
                return csvin_set_error("%s:%ld: header column %zu: invalid UTF-8; "
                                       "use --encoding latin1 for a Latin-1 file",
                                       r->name, r->cur_line, i + 1);
            }
        }
    }
    r->header_done = 1;
    return 0;
}

static void csvin_on_record(int c, void *vr)
{
    csvin *r = vr;
    (void)c;
    r->between = 1;
    r->cur_line = r->rec_line;
    if (r->stop) {
        r->len = r->nfields = 0;
        return;
    }
    if (!r->header_done) {
        if (csvin_take_header(r) != 0)
            r->stop = 1;
    } else {
        size_t n = r->nfields;
        /* A trailing comma on data rows (or a header with fewer names) adds
         * empty fields that carry nothing: accept them. */
        while (n > r->ncols && r->buf[r->off[n - 1]] == '\0')
            n--;
        if (n != r->ncols) {
            csvin_fail(r, (size_t)-1, "%zu fields, but the header has %zu",
                       r->nfields, r->ncols);
        } else {
            r->nfields = n;
            r->rows++;
            if (r->fn && r->fn(r, r->ctx) != 0) {
                r->stop = 1;
                if (!csvin_errbuf[0])
                    csvin_fail(r, (size_t)-1, "record rejected");
            }
        }
    }
    r->len = r->nfields = 0;
}

/* ---- progress ----------------------------------------------------------- */

static double csvin_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void csvin_progress(csvin *r, int final)
{
    char line[200];
    double t, mb, rate;
    int n;

    if (!r->progress)
        return;
    if (r->total < CSVIN_PROGRESS_BYTES && r->bytes < CSVIN_PROGRESS_BYTES)
        return;
    t = csvin_now();
    if (!final && t - r->tlast < 0.25)
        return;
    r->tlast = t;
    mb = (double)r->bytes / 1e6;
    rate = t > r->t0 ? mb / (t - r->t0) : 0.0;
    if (final) {
        if (r->shown)
            fprintf(stderr, "\r%*s\r", (int)r->shown, "");
        r->shown = 0;
        return;
    }
    if (r->total)
        n = snprintf(line, sizeof line, "%s: %.1f of %.1f MB (%.0f%%), %lu rows, %.1f MB/s",
                     r->name, mb, (double)r->total / 1e6, 100.0 * (double)r->bytes / (double)r->total,
                     r->rows, rate);
    else
        n = snprintf(line, sizeof line, "%s: %.1f MB, %lu rows, %.1f MB/s", r->name, mb,
                     r->rows, rate);
    if (n < 0)
        return;
    fprintf(stderr, "\r%-*s", (int)r->shown, line);
    if ((size_t)n > r->shown)
        r->shown = (size_t)n;
}

/* ---- feeding ------------------------------------------------------------ */

static int csvin_blank(const char *s, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (s[i] != '\r' && s[i] != '\n' && s[i] != ' ' && s[i] != '\t')
            return 0;
    return 1;
}

/* Feed the rest of the current line (or of the chunk, when the line goes
 * on in the next one).  A line ends at LF or CR: a record can end only
 * there, so one call completes at most one record (old Mac files end lines
 * with a lone CR).  A CR counts as a line break once the next byte is
 * known not to be LF. */
static int csvin_feed_line(csvin *r)
{
    const char *data = r->chunk + r->pos;
    size_t n = r->avail - r->pos, seg, done;
    const char *end = data;
    int ends_cr = 0;

    while (end < data + n && *end != '\n' && *end != '\r')
        end++;
    seg = end < data + n ? (size_t)(end - data) + 1 : n;
    if (end < data + n)
        ends_cr = *end == '\r';
    if (r->pending_cr) {
        r->pending_cr = 0;
        if (data[0] != '\n') {
            r->line++;
            r->col_off = 0;
        }
    }

    if (r->between && !csvin_blank(data, seg)) {
        r->rec_line = r->line;
        r->between = 0;
    }
    done = csv_parse(&r->parser, data, seg, csvin_on_field, csvin_on_record, r);
    if (r->stop)
        return -1;
    if (done != seg) {
        if (csv_error(&r->parser) == CSV_ENOMEM) {
            fputs("sqlscore: out of memory\n", stderr);
            exit(CLI_EXIT_DATA);
        }
        return csvin_set_error("%s:%ld:%ld: malformed field: a quote inside an "
                               "unquoted field, or text after a closing quote",
                               r->name, r->line, r->col_off + (long)done + 1);
    }
    if (end < data + n && !ends_cr) {
        r->line++;
        r->col_off = 0;
    } else {
        r->col_off += (long)seg;
        r->pending_cr = ends_cr;
    }
    r->pos += seg;
    return 0;
}

/* Read and feed until the end of input, or (until_header) until the header
 * row is complete; the rest of the chunk stays for csvin_run(). */
static int csvin_pump(csvin *r, int until_header)
{
    for (;;) {
        if (until_header && r->header_done)
            return 0;
        if (r->pos == r->avail) {
            size_t n = fread(r->chunk, 1, CSVIN_CHUNK, r->fp);
            r->pos = 0;
            r->avail = n;
            if (n == 0) {
                if (ferror(r->fp))
                    return csvin_set_error("%s: read error: %s", r->name, strerror(errno));
                if (r->eof)
                    return 0;
                r->eof = 1;
                if (csv_fini(&r->parser, csvin_on_field, csvin_on_record, r) != 0)
                    return csvin_set_error("%s:%ld: unterminated quoted field (no closing "
                                           "quote before the end of the file)",
                                           r->name, r->rec_line);
                csvin_progress(r, 1);
                return r->stop ? -1 : 0;
            }
            if (r->bytes == 0 && r->encoding == CSVIN_UTF8 && n >= 3 &&
                memcmp(r->chunk, "\xEF\xBB\xBF", 3) == 0)
                r->pos = 3;
            r->bytes += n;
            csvin_progress(r, 0);
        }
        if (csvin_feed_line(r) != 0)
            return -1;
    }
}

int csvin_run(csvin *r, csvin_record_fn fn, void *ctx)
{
    r->fn = fn;
    r->ctx = ctx;
    return csvin_pump(r, 0);
}

int csvin_find(csvin *r, const char *name, size_t *col)
{
    size_t i, hit = (size_t)-1, nhits = 0;
    for (i = 0; i < r->ncols; i++)
        if (strcmp(r->cols[i], name) == 0) {
            *col = i;
            return 0;
        }
    for (i = 0; i < r->ncols; i++)
        if (cli_strcaseeq(r->cols[i], name)) {
            hit = i;
            nhits++;
        }
    if (nhits == 1) {
        *col = hit;
        return 0;
    }
    if (nhits > 1)
        return csvin_set_error("%s:%ld: column name '%s' is ambiguous (%zu columns match "
                               "ignoring case)", r->name, r->header_line, name, nhits);
    if (name[0] >= '1' && name[0] <= '9') {
        char *end;
        unsigned long num;
        errno = 0;
        num = strtoul(name, &end, 10);
        if (*end == '\0' && errno == 0 && num <= r->ncols) {
            *col = (size_t)num - 1;
            return 0;
        }
    }
    return csvin_set_error("%s:%ld: no column '%s' in the header", r->name,
                           r->header_line, name);
}

void csvin_close(csvin *r)
{
    size_t i;

    if (!r)
        return;
    if (r->shown)
        csvin_progress(r, 1);
    csv_free(&r->parser);
    if (r->close_fp && r->fp)
        fclose(r->fp);
    for (i = 0; i < r->ncols; i++) {
        free(r->cols ? r->cols[i] : NULL);
        free(r->conv ? r->conv[i] : NULL);
    }
    free(r->cols);
    free(r->conv);
    free(r->convcap);
    free(r->buf);
    free(r->off);
    free(r->chunk);
    free(r->name);
    free(r);
}

csvin *csvin_open(const char *path, int encoding, int progress)
{
    csvin *r;
    struct stat st;

    csvin_errbuf[0] = '\0';
    r = calloc(1, sizeof *r);
    if (!r) {
        csvin_set_error("sqlscore: out of memory");
        return NULL;
    }
    r->encoding = encoding;
    r->line = 1;
    r->rec_line = 1;
    r->cur_line = 1;
    r->between = 1;
    if (strcmp(path, "-") == 0) {
        r->fp = stdin;
        r->name = cli_xstrdup("<stdin>");
    } else {
        r->fp = fopen(path, "rb");
        r->name = cli_xstrdup(path);
        if (!r->fp) {
            csvin_set_error("%s: %s", path, strerror(errno));
            csvin_close(r);
            return NULL;
        }
        r->close_fp = 1;
    }
    if (fstat(fileno(r->fp), &st) == 0 && S_ISREG(st.st_mode))
        r->total = (unsigned long long)st.st_size;
    r->progress = progress;
    r->t0 = r->tlast = progress ? csvin_now() : 0.0;
    r->chunk = cli_xmalloc(CSVIN_CHUNK);
    if (csv_init(&r->parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
        csvin_set_error("sqlscore: out of memory");
        csvin_close(r);
        return NULL;
    }
    if (csvin_pump(r, 1) != 0) {
        csvin_close(r);
        return NULL;
    }
    if (!r->header_done) {
        csvin_set_error("%s: empty file: no header row", r->name);
        csvin_close(r);
        return NULL;
    }
    return r;
}
