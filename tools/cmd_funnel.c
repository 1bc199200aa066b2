/*
 * cmd_funnel.c - `sqlscore funnel`: funnel metrics per stage from a log of
 * stage changes (one row per lead entering a stage), with the funnel
 * metrics of libsqlscore.
 *
 * A lead's moves must be replayed in time order, and a log lists them in
 * any order, so every event is kept (16 bytes and a line number each)
 * until the file is read.
 */
#include "cli.h"
#include "csvin.h"
#include "keymap.h"
#include "output.h"
#include "timeparse.h"

#include <sqlscore.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char funnel_help[] =
    "Usage: sqlscore funnel [OPTIONS] EVENTS\n"
    "\n"
    "Funnel metrics from a log of stage changes: one row per stage with the\n"
    "leads that entered it, moved forward, were recycled, disqualified or lost,\n"
    "were still in it at the end, are stale, the cohort conversion to the next\n"
    "stage and to SQL, and the median days in the stage.\n"
    "\n"
    "Options:\n"
    "  --entity COL         lead column (default 'lead')\n"
    "  --stage COL          stage column (default 'stage')\n"
    "  --time COL           time column (default 'time')\n"
    "  --funnel FILE        rules file with a funnel block (default: inquiry, mql,\n"
    "                       sal, sql, opportunity, customer; nurture, disqualified,\n"
    "                       lost)\n"
    "  --from TIME          start of the window (default: the first event)\n"
    "  --to TIME            end of the window, exclusive (default: after the last)\n"
    "  --encoding E         utf-8 (default) or latin1\n"
    "  --format F           table (default), csv or json\n"
    "  --quiet              no progress line\n"
    "\n"
    "Moves the funnel does not allow (backward without a reset, out of a closed\n"
    "stage, into the stage a lead is already in) are reported on standard error\n"
    "as FILE:LINE: ... and skipped; the metrics count the lawful moves.\n";

struct funnel_event {
    int64_t entity;
    int64_t time;
    int32_t stage;
    long line;
};

/* A refused move, reported after all leads are replayed, in line order. */
struct funnel_warning {
    long line;
    char *text;
};

struct funnel_warnings {
    struct funnel_warning *w;
    size_t n, cap;
};

static void funnel_warn(struct funnel_warnings *ws, long line, const char *text)
{
    if (ws->n == ws->cap) {
        ws->cap = ws->cap ? 2 * ws->cap : 16;
        ws->w = cli_xrealloc(ws->w, ws->cap * sizeof *ws->w);
    }
    ws->w[ws->n].line = line;
    ws->w[ws->n].text = cli_xstrdup(text);
    ws->n++;
}

static int funnel_warning_cmp(const void *a, const void *b)
{
    const struct funnel_warning *x = a, *y = b;
    return (x->line > y->line) - (x->line < y->line);
}

struct funnel_ctx {
    const sqlscore_funnel *funnel;
    size_t entity_col, stage_col, time_col;
    cli_keymap *entities;
    struct funnel_event *ev;
    size_t n, cap;
};

static int funnel_record(csvin *r, void *vctx)
{
    struct funnel_ctx *c = vctx;
    const char *who, *stage, *when, *why;
    struct funnel_event e;

    if (csvin_get(r, c->entity_col, &who) != 0 || csvin_get(r, c->stage_col, &stage) != 0 ||
        csvin_get(r, c->time_col, &when) != 0)
        return -1;
    if (!who)
        return csvin_fail(r, c->entity_col, "missing lead");
    if (!stage)
        return csvin_fail(r, c->stage_col, "missing stage");
    if (!when)
        return csvin_fail(r, c->time_col, "missing time");
    if (sqlscore_funnel_stage_find(c->funnel, stage, &e.stage) != SQLSCORE_OK) {
        const char *fname;
        sqlscore_funnel_name(c->funnel, &fname);
        return csvin_fail(r, c->stage_col, "no stage '%s' in the funnel '%s'", stage, fname);
    }
    if (cli_time_parse(when, &e.time, &why) != 0)
        return csvin_fail(r, c->time_col, "'%s': %s", when, why);
    e.entity = (int64_t)cli_keymap_intern(c->entities, who, NULL);
    e.line = csvin_line(r);
    if (c->n == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 1024;
        c->ev = cli_xrealloc(c->ev, c->cap * sizeof *c->ev);
    }
    c->ev[c->n++] = e;
    return 0;
}

/* By lead, then time, then file order (equal times keep the order the
 * CRM wrote them in). */
static int funnel_cmp(const void *a, const void *b)
{
    const struct funnel_event *x = a, *y = b;
    if (x->entity != y->entity)
        return x->entity < y->entity ? -1 : 1;
    if (x->time != y->time)
        return x->time < y->time ? -1 : 1;
    return (x->line > y->line) - (x->line < y->line);
}

/* The library names the event by its array index; the user knows the line,
 * so keep only the reason after "(entity N): ". */
static const char *funnel_reason(const char *msg)
{
    const char *p = strstr(msg, "(entity ");
    if (p && (p = strstr(p, "): ")) != NULL)
        return p + 3;
    return msg;
}

/* Add one lead's moves, skipping (and reporting) the ones the funnel
 * refuses.  Returns the number skipped, or -1 on another failure. */
static long funnel_add_lead(sqlscore_funnel_metrics *m, struct funnel_event *ev, size_t n,
                            const char *file, const char *lead, struct funnel_warnings *ws)
{
    int64_t *entity = cli_xmalloc(n * sizeof *entity), *time = cli_xmalloc(n * sizeof *time);
    int32_t *stage = cli_xmalloc(n * sizeof *stage);
    long *line = cli_xmalloc(n * sizeof *line);
    long skipped = 0;
    size_t i, bad;
    int rc;

    for (i = 0; i < n; i++) {
        entity[i] = 0;
        time[i] = ev[i].time;
        stage[i] = ev[i].stage;
        line[i] = ev[i].line;
    }
    for (;;) {
        rc = sqlscore_funnel_metrics_add_log(m, entity, stage, time, n, 0, &bad);
        if (rc == SQLSCORE_OK || (rc != SQLSCORE_ETRANSITION && rc != SQLSCORE_ESTATE) || bad >= n)
            break;
        {
            char msg[1024];
            snprintf(msg, sizeof msg, "%s:%ld: lead '%s': %s; move skipped", file, line[bad],
                     lead, funnel_reason(sqlscore_error_message()));
            funnel_warn(ws, line[bad], msg);
        }
        skipped++;
        memmove(time + bad, time + bad + 1, (n - bad - 1) * sizeof *time);
        memmove(stage + bad, stage + bad + 1, (n - bad - 1) * sizeof *stage);
        memmove(line + bad, line + bad + 1, (n - bad - 1) * sizeof *line);
        n--;
    }
    if (rc != SQLSCORE_OK) {
        fprintf(stderr, "sqlscore funnel: lead '%s': %s\n", lead, sqlscore_error_message());
        skipped = -1;
    }
    free(entity);
    free(time);
    free(stage);
    free(line);
    return skipped;
}

static const char *const funnel_cols[] = {
    "stage", "entered", "moved_forward", "recycled", "disqualified", "lost", "in_at_end",
    "stale", "conversion_next", "conversion_to_sql", "median_days",
};
static const int funnel_kinds[] = {
    CLI_COL_TEXT, CLI_COL_NUMBER, CLI_COL_NUMBER, CLI_COL_NUMBER, CLI_COL_NUMBER,
    CLI_COL_NUMBER, CLI_COL_NUMBER, CLI_COL_NUMBER, CLI_COL_NUMBER, CLI_COL_NUMBER,
    CLI_COL_NUMBER,
};

static void funnel_rate(cli_out *o, const sqlscore_funnel_metrics *m, int32_t from, int32_t to)
{
    double rate;
    if (sqlscore_funnel_metrics_conversion(m, from, to, SQLSCORE_FUNNEL_COHORT, NULL, NULL,
                                           &rate) == SQLSCORE_OK)
        cli_out_double(o, rate, 6);
    else
        cli_out_cell(o, NULL);  /* nobody entered the stage in the window */
}

static int funnel_table(cli_out *o, const sqlscore_funnel *f, const sqlscore_funnel_metrics *m)
{
    static const int32_t counters[7] = {
        SQLSCORE_FUNNEL_METRIC_ENTERED, SQLSCORE_FUNNEL_METRIC_FORWARD,
        SQLSCORE_FUNNEL_METRIC_RECYCLED, SQLSCORE_FUNNEL_METRIC_DISQUALIFIED,
        SQLSCORE_FUNNEL_METRIC_LOST, SQLSCORE_FUNNEL_METRIC_IN_AT_END,
        SQLSCORE_FUNNEL_METRIC_STALE,
    };
    int32_t count, s, sql, kind;
    int k;

    sqlscore_funnel_stage_count(f, &count);
    sqlscore_funnel_info(f, &sql, NULL, NULL);
    for (s = 0; s < count; s++) {
        const char *name;
        double median;
        int64_t v;

        sqlscore_funnel_stage_name(f, s, &name);
        sqlscore_funnel_stage_kind(f, s, &kind, NULL);
        cli_out_cell(o, name);
        for (k = 0; k < 7; k++) {
            if (sqlscore_funnel_metrics_count(m, s, counters[k], &v) != SQLSCORE_OK) {
                fprintf(stderr, "sqlscore funnel: %s\n", sqlscore_error_message());
                return -1;
            }
            cli_out_int(o, v);
        }
        /* The next stage exists for main stages before the won stage; SQL
         * conversion is asked of the stages before the SQL stage. */
        if (kind == SQLSCORE_STAGE_KIND_MAIN)
            funnel_rate(o, m, s, s + 1);
        else
            cli_out_cell(o, NULL);
        if (kind == SQLSCORE_STAGE_KIND_MAIN && s < sql)
            funnel_rate(o, m, s, sql);
        else
            cli_out_cell(o, NULL);
        if (sqlscore_funnel_metrics_time_in_stage(m, s, NULL, &median, NULL, NULL) ==
            SQLSCORE_OK)
            cli_out_double(o, median / 86400.0, 6);
        else
            cli_out_cell(o, NULL);  /* no completed stay */
        cli_out_row(o);
    }
    return 0;
}

int cli_cmd_funnel(int argc, char **argv)
{
    static const char *cmd = "funnel";
    struct cli_common com = {0};
    const char *entity = "lead", *stagecol = "stage", *timecol = "time", *funnelfile = NULL;
    const char *from_s = NULL, *to_s = NULL;
    const struct cli_opt opts[] = {
        {"entity", &entity, NULL}, {"stage", &stagecol, NULL}, {"time", &timecol, NULL},
        {"funnel", &funnelfile, NULL}, {"from", &from_s, NULL}, {"to", &to_s, NULL},
        {"format", &com.format, NULL}, {"encoding", &com.encoding, NULL},
        {"quiet", NULL, &com.quiet}, {"help", NULL, &com.help},
    };
    const char *pos[1];
    int npos, rc = CLI_EXIT_OK;
    int64_t from = 0, to = 0;
    struct funnel_ctx ctx;
    sqlscore_funnel *funnel = NULL;
    sqlscore_funnel_metrics *m = NULL;
    csvin *in = NULL;
    cli_out *o;
    size_t i, j;
    long skipped = 0;
    struct funnel_warnings ws = {NULL, 0, 0};

    memset(&ctx, 0, sizeof ctx);
    if ((rc = cli_opts_parse(cmd, argc, argv, opts, sizeof opts / sizeof opts[0], pos, 1, &npos)))
        return rc;
    if (com.help) {
        fputs(funnel_help, stdout);
        return CLI_EXIT_OK;
    }
    if ((rc = cli_common_check(cmd, &com)))
        return rc;
    if (npos != 1)
        return cli_usage_error(cmd, "expected one EVENTS file (or - for standard input)");
    if ((from_s && (rc = cli_parse_time_opt(cmd, "from", from_s, &from))) ||
        (to_s && (rc = cli_parse_time_opt(cmd, "to", to_s, &to))))
        return rc;
    if (from_s && to_s && from >= to)
        return cli_usage_error(cmd, "--from must be before --to");

    if (funnelfile) {
        char *text;
        size_t len;
        if (cli_slurp(funnelfile, &text, &len) != 0)
            return CLI_EXIT_DATA;
        rc = sqlscore_funnel_parse(&funnel, text, len,
                                   strcmp(funnelfile, "-") ? funnelfile : "<stdin>");
        free(text);
        if (rc != SQLSCORE_OK)
            return cli_data_error("%s", sqlscore_error_message());
    } else if (sqlscore_funnel_new_default(&funnel) != SQLSCORE_OK) {
        return cli_data_error("sqlscore funnel: %s", sqlscore_error_message());
    }
    ctx.funnel = funnel;
    ctx.entities = cli_keymap_new();
    rc = CLI_EXIT_OK;

    in = csvin_open(pos[0], com.enc, cli_progress_wanted(&com));
    if (!in) {
        rc = cli_data_error("%s", csvin_error());
        goto out;
    }
    if (csvin_find(in, entity, &ctx.entity_col) != 0 ||
        csvin_find(in, stagecol, &ctx.stage_col) != 0 ||
        csvin_find(in, timecol, &ctx.time_col) != 0) {
        fprintf(stderr, "sqlscore funnel: %s\n", csvin_error());
        rc = CLI_EXIT_USAGE;
        goto out;
    }
    if (csvin_run(in, funnel_record, &ctx) != 0) {
        rc = cli_data_error("%s", csvin_error());
        goto out;
    }

    /* The default window holds every event. */
    if (!from_s || !to_s) {
        int64_t lo = 0, hi = 0;
        for (i = 0; i < ctx.n; i++) {
            if (i == 0 || ctx.ev[i].time < lo)
                lo = ctx.ev[i].time;
            if (i == 0 || ctx.ev[i].time > hi)
                hi = ctx.ev[i].time;
        }
        if (!from_s)
            from = lo;
        if (!to_s)
            to = hi < INT64_MAX ? hi + 1 : hi;
        if (from >= to)
            to = from + 1;
    }
    /* Stale is judged at the end of the window. */
    if (sqlscore_funnel_metrics_new(&m, funnel, from, to, to) != SQLSCORE_OK) {
        rc = cli_data_error("sqlscore funnel: %s", sqlscore_error_message());
        goto out;
    }
    if (ctx.n)
        qsort(ctx.ev, ctx.n, sizeof *ctx.ev, funnel_cmp);
    for (i = 0; i < ctx.n; i = j) {
        long s;
        for (j = i; j < ctx.n && ctx.ev[j].entity == ctx.ev[i].entity; j++)
            ;
        s = funnel_add_lead(m, ctx.ev + i, j - i, csvin_name(in),
                            cli_keymap_key(ctx.entities, (size_t)ctx.ev[i].entity), &ws);
        if (s < 0) {
            rc = CLI_EXIT_DATA;
            goto out;
        }
        skipped += s;
    }
    if (ws.n)
        qsort(ws.w, ws.n, sizeof *ws.w, funnel_warning_cmp);
    for (i = 0; i < ws.n; i++)
        fprintf(stderr, "%s\n", ws.w[i].text);
    if (skipped)
        fprintf(stderr, "sqlscore funnel: %s: %ld move%s the funnel does not allow skipped\n",
                csvin_name(in), skipped, skipped == 1 ? "" : "s");

    o = cli_out_new(stdout, com.fmt, 11, funnel_cols, funnel_kinds);
    if (funnel_table(o, funnel, m) != 0)
        rc = CLI_EXIT_DATA;
    if (cli_out_finish(o) != 0 && rc == CLI_EXIT_OK) {
        fputs("sqlscore funnel: write error on standard output\n", stderr);
        rc = CLI_EXIT_DATA;
    }
out:
    csvin_close(in);
    sqlscore_funnel_metrics_free(m);
    sqlscore_funnel_free(funnel);
    cli_keymap_free(ctx.entities);
    free(ctx.ev);
    for (i = 0; i < ws.n; i++)
        free(ws.w[i].text);
    free(ws.w);
    return rc;
}
