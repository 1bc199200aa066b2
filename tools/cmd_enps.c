/*
 * cmd_enps.c - `sqlscore enps`: employee Net Promoter Score per segment and
 * period from survey answers, through the survey aggregator of libsqlscore.
 *
 * The file is streamed: the aggregator keeps counts per segment and period,
 * so memory does not grow with the number of answers.
 */
#include "cli.h"
#include "csvin.h"
#include "output.h"
#include "timeparse.h"

#include <sqlscore.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The segment of answers whose --by cell is empty or NA. */
#define ENPS_NO_SEGMENT "(missing)"

static const char enps_help[] =
    "Usage: sqlscore enps [OPTIONS] FILE\n"
    "\n"
    "Employee Net Promoter Score per segment (and period) from survey answers:\n"
    "one row per segment, then the overall row '(all)'.\n"
    "\n"
    "Options:\n"
    "  --score COL          column of the 0-10 answers (default 'score')\n"
    "  --by COL             segment column (team, department)\n"
    "  --time COL           time column (ISO 8601 or Unix seconds), with --period\n"
    "  --period P           week (ISO), month or quarter, in UTC\n"
    "  --scale S            0-10 (default) or 1-10; detractors up to 6, promoters 9-10\n"
    "  --min-group N        anonymity threshold, at least 3 (default 5)\n"
    "  --ci M               wald (default) or adjusted-wald\n"
    "  --confidence C       confidence level, 0.95 or 95 (default 0.95)\n"
    "  --encoding E         utf-8 (default) or latin1\n"
    "  --format F           table (default), csv or json\n"
    "  --quiet              no progress line\n"
    "\n"
    "Columns: segment,period,n,detractors,passives,promoters,skipped,enps,se,\n"
    "ci_low,ci_high,suppressed.  Empty and NA answers are skipped.  A group under\n"
    "the threshold keeps n and skipped, shows no figures and has suppressed 1.\n";

struct enps_ctx {
    sqlscore_survey *survey;
    size_t score_col, by_col, time_col;
    int have_by, have_time;
    int32_t scale_min, scale_max;
};

static int enps_record(csvin *r, void *vctx)
{
    struct enps_ctx *c = vctx;
    const char *score, *seg = NULL, *when;
    int64_t t = SQLSCORE_SURVEY_ALL_TIME;
    int rc;

    if (csvin_get(r, c->score_col, &score) != 0)
        return -1;
    if (c->have_by) {
        if (csvin_get(r, c->by_col, &seg) != 0)
            return -1;
        if (!seg)
            seg = ENPS_NO_SEGMENT;
    }
    if (c->have_time) {
        const char *why;
        if (csvin_get(r, c->time_col, &when) != 0)
            return -1;
        if (!when)
            return csvin_fail(r, c->time_col, "missing time");
        if (cli_time_parse(when, &t, &why) != 0)
            return csvin_fail(r, c->time_col, "'%s': %s", when, why);
    }
    if (!score) {
        rc = sqlscore_survey_add_missing(c->survey, seg, t, NULL);
    } else {
        char *end;
        double v = strtod(score, &end);
        if (end == score || *end || isnan(v) || isinf(v))
            return csvin_fail(r, c->score_col, "not a number: '%s'", score);
        if (v != floor(v) || v < c->scale_min || v > c->scale_max)
            return csvin_fail(r, c->score_col, "answer %s is not a whole number from %d to %d",
                              score, (int)c->scale_min, (int)c->scale_max);
        rc = sqlscore_survey_add(c->survey, v, seg, t, NULL);
    }
    if (rc != SQLSCORE_OK)
        return csvin_fail(r, (size_t)-1, "%s", sqlscore_error_message());
    return 0;
}

/* "2026-W24", "2026-06", "2026-Q2" for a period starting at `start`. */
static void enps_period_label(int32_t kind, int64_t start, char *buf, size_t size)
{
    int64_t y;
    int m, d;

    if (kind == SQLSCORE_PERIOD_ISO_WEEK) {
        /* The ISO year of a week is the year of its Thursday. */
        int64_t thu = start / 86400 + 3 - (start % 86400 < 0 ? 1 : 0);
        int64_t jan1;
        cli_civil_from_days(thu, &y, &m, &d);
        jan1 = cli_days_from_civil(y, 1, 1);
        snprintf(buf, size, "%04lld-W%02d", (long long)y, (int)((thu - jan1) / 7 + 1));
        return;
    }
    cli_civil_from_days(start / 86400, &y, &m, &d);
    if (kind == SQLSCORE_PERIOD_MONTH)
        snprintf(buf, size, "%04lld-%02d", (long long)y, m);
    else
        snprintf(buf, size, "%04lld-Q%d", (long long)y, (m - 1) / 3 + 1);
}

/* One output row; returns 0, or -1 after printing an error. */
static int enps_row(cli_out *o, const sqlscore_survey *s, const char *segment, const char *label,
                    const char *period, int64_t when, int32_t ci, int always)
{
    sqlscore_enps_result *res;
    uint64_t n, skipped, det, pas, pro;
    int32_t suppressed;
    double enps, se, lo, hi;
    int rc = sqlscore_survey_result(s, segment, when, &res);

    if (rc != SQLSCORE_OK) {
        fprintf(stderr, "sqlscore enps: %s\n", sqlscore_error_message());
        return -1;
    }
    sqlscore_enps_result_n(res, &n, &skipped, &suppressed);
    if (n == 0 && skipped == 0 && !always) {
        sqlscore_enps_result_free(res);
        return 0;     /* the segment has no answer in this period */
    }
    cli_out_cell(o, label);
    cli_out_cell(o, period);
    cli_out_cellf(o, "%llu", (unsigned long long)n);
    if (suppressed || n == 0) {
        cli_out_cell(o, NULL);
        cli_out_cell(o, NULL);
        cli_out_cell(o, NULL);
        cli_out_cellf(o, "%llu", (unsigned long long)skipped);
        cli_out_cell(o, NULL);
        cli_out_cell(o, NULL);
        cli_out_cell(o, NULL);
        cli_out_cell(o, NULL);
    } else {
        sqlscore_enps_result_counts(res, &det, &pas, &pro);
        sqlscore_enps_result_score(res, &enps, NULL);
        sqlscore_enps_result_spread(res, NULL, &se, NULL);
        sqlscore_enps_result_interval(res, ci, &lo, &hi);
        cli_out_cellf(o, "%llu", (unsigned long long)det);
        cli_out_cellf(o, "%llu", (unsigned long long)pas);
        cli_out_cellf(o, "%llu", (unsigned long long)pro);
        cli_out_cellf(o, "%llu", (unsigned long long)skipped);
        cli_out_double(o, enps, 6);
        cli_out_double(o, se, 6);
        cli_out_double(o, lo, 6);
        cli_out_double(o, hi, 6);
    }
    cli_out_cell(o, suppressed ? "1" : "0");
    cli_out_row(o);
    sqlscore_enps_result_free(res);
    return 0;
}

static const char *const enps_cols[] = {
    "segment", "period", "n", "detractors", "passives", "promoters", "skipped",
    "enps", "se", "ci_low", "ci_high", "suppressed",
};
static const int enps_kinds[] = {
    CLI_COL_TEXT, CLI_COL_TEXT, CLI_COL_NUMBER, CLI_COL_NUMBER, CLI_COL_NUMBER,
    CLI_COL_NUMBER, CLI_COL_NUMBER, CLI_COL_NUMBER, CLI_COL_NUMBER, CLI_COL_NUMBER,
    CLI_COL_NUMBER, CLI_COL_NUMBER,
};

int cli_cmd_enps(int argc, char **argv)
{
    static const char *cmd = "enps";
    struct cli_common com = {0};
    const char *score = "score", *by = NULL, *timecol = NULL, *period = NULL;
    const char *scale = NULL, *ming = NULL, *cim = NULL, *conf = NULL;
    const struct cli_opt opts[] = {
        {"score", &score, NULL}, {"by", &by, NULL}, {"time", &timecol, NULL},
        {"period", &period, NULL}, {"scale", &scale, NULL}, {"min-group", &ming, NULL},
        {"ci", &cim, NULL}, {"confidence", &conf, NULL},
        {"format", &com.format, NULL}, {"encoding", &com.encoding, NULL},
        {"quiet", NULL, &com.quiet}, {"help", NULL, &com.help},
    };
    const char *pos[1];
    int npos, rc = CLI_EXIT_OK;
    int32_t kind = SQLSCORE_PERIOD_NONE, ci = SQLSCORE_ENPS_WALD;
    long threshold = 5;
    double level = 0.95;
    struct enps_ctx ctx;
    csvin *in = NULL;
    cli_out *o;
    size_t nseg, nper, p, i;

    memset(&ctx, 0, sizeof ctx);
    ctx.scale_min = 0;
    ctx.scale_max = 10;
    if ((rc = cli_opts_parse(cmd, argc, argv, opts, sizeof opts / sizeof opts[0], pos, 1, &npos)))
        return rc;
    if (com.help) {
        fputs(enps_help, stdout);
        return CLI_EXIT_OK;
    }
    if ((rc = cli_common_check(cmd, &com)))
        return rc;
    if (npos != 1)
        return cli_usage_error(cmd, "expected one FILE (or - for standard input)");
    if (period) {
        if (strcmp(period, "week") == 0)
            kind = SQLSCORE_PERIOD_ISO_WEEK;
        else if (strcmp(period, "month") == 0)
            kind = SQLSCORE_PERIOD_MONTH;
        else if (strcmp(period, "quarter") == 0)
            kind = SQLSCORE_PERIOD_QUARTER;
        else
            return cli_usage_error(cmd, "--period must be week, month or quarter, not '%s'", period);
        if (!timecol)
            return cli_usage_error(cmd, "--period needs --time COL");
    } else if (timecol) {
        return cli_usage_error(cmd, "--time needs --period week|month|quarter");
    }
    if (scale) {
        if (strcmp(scale, "1-10") == 0)
            ctx.scale_min = 1;
        else if (strcmp(scale, "0-10") != 0)
            return cli_usage_error(cmd, "--scale must be 0-10 or 1-10, not '%s'", scale);
    }
    if (ming && cli_parse_int(ming, 3, 1000000, &threshold) != 0)
        return cli_usage_error(cmd, "--min-group must be a whole number of at least 3, not '%s'",
                               ming);
    if (cim) {
        if (strcmp(cim, "adjusted-wald") == 0)
            ci = SQLSCORE_ENPS_ADJUSTED_WALD;
        else if (strcmp(cim, "wald") != 0)
            return cli_usage_error(cmd, "--ci must be wald or adjusted-wald, not '%s'", cim);
    }
    if (conf) {
        if (cli_parse_double(conf, &level) != 0 || level <= 0.0 || level >= 100.0)
            return cli_usage_error(cmd, "--confidence must be a level like 0.95 or 95, not '%s'",
                                   conf);
        if (level >= 1.0)
            level /= 100.0;
    }

    if (sqlscore_survey_new(&ctx.survey) != SQLSCORE_OK ||
        sqlscore_survey_set_scale(ctx.survey, ctx.scale_min, 10, 6, 9) != SQLSCORE_OK ||
        sqlscore_survey_set_threshold(ctx.survey, (int32_t)threshold) != SQLSCORE_OK ||
        sqlscore_survey_set_confidence(ctx.survey, level) != SQLSCORE_OK ||
        sqlscore_survey_set_period(ctx.survey, kind, 0) != SQLSCORE_OK) {
        rc = cli_usage_error(cmd, "%s", sqlscore_error_message());
        goto out;
    }

    in = csvin_open(pos[0], com.enc, cli_progress_wanted(&com));
    if (!in) {
        rc = cli_data_error("%s", csvin_error());
        goto out;
    }
    if (csvin_find(in, score, &ctx.score_col) != 0 ||
        (by && csvin_find(in, by, &ctx.by_col) != 0) ||
        (timecol && csvin_find(in, timecol, &ctx.time_col) != 0)) {
        fprintf(stderr, "sqlscore enps: %s\n", csvin_error());
        rc = CLI_EXIT_USAGE;
        goto out;
    }
    ctx.have_by = by != NULL;
    ctx.have_time = timecol != NULL;
    if (csvin_run(in, enps_record, &ctx) != 0) {
        rc = cli_data_error("%s", csvin_error());
        goto out;
    }

    sqlscore_survey_segment_count(ctx.survey, &nseg);
    sqlscore_survey_period_count(ctx.survey, &nper);
    o = cli_out_new(stdout, com.fmt, 12, enps_cols, enps_kinds);
    for (p = 0; p < (kind == SQLSCORE_PERIOD_NONE ? 1 : nper); p++) {
        int64_t when = SQLSCORE_SURVEY_ALL_TIME;
        char label[32] = "";
        if (kind != SQLSCORE_PERIOD_NONE) {
            sqlscore_survey_period_at(ctx.survey, p, &when);
            enps_period_label(kind, when, label, sizeof label);
        }
        for (i = 0; by && i < nseg; i++) {
            const char *name;
            sqlscore_survey_segment_name(ctx.survey, i, &name);
            if (enps_row(o, ctx.survey, name, name, kind ? label : NULL, when, ci, 0) != 0) {
                rc = CLI_EXIT_DATA;
                break;
            }
        }
        if (rc == CLI_EXIT_OK &&
            enps_row(o, ctx.survey, NULL, "(all)", kind ? label : NULL, when, ci, 1) != 0)
            rc = CLI_EXIT_DATA;
        if (rc != CLI_EXIT_OK)
            break;
    }
    if (cli_out_finish(o) != 0 && rc == CLI_EXIT_OK) {
        fputs("sqlscore enps: write error on standard output\n", stderr);
        rc = CLI_EXIT_DATA;
    }
out:
    csvin_close(in);
    sqlscore_survey_free(ctx.survey);
    return rc;
}
