/*
 * cmd_cpsql.c - `sqlscore cpsql`: spend, cost per lead, per MQL and per
 * sales-qualified lead for each campaign of a spend export, with the
 * campaign handles of libsqlscore.
 *
 * Rows are summed per campaign while streaming (exact int64 minor units,
 * overflow is an error), so memory grows with the number of campaigns, not
 * of rows; the ratios are computed and rounded by the library.
 */
#include "cli.h"
#include "csvin.h"
#include "keymap.h"
#include "output.h"

#include <sqlscore.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char cpsql_help[] =
    "Usage: sqlscore cpsql --campaign COL --spend COL --sqls COL [OPTIONS] FILE\n"
    "\n"
    "Cost per lead, per MQL and per sales-qualified lead (CPSQL) per campaign.\n"
    "Rows are summed per campaign; one row per campaign in order of first\n"
    "appearance, then '(all)'.\n"
    "\n"
    "Options:\n"
    "  --campaign COL       campaign column (required)\n"
    "  --spend COL          marketing spend column (required)\n"
    "  --sales-spend COL    sales spend column, added to the spend\n"
    "  --leads COL          leads column\n"
    "  --mqls COL           marketing-qualified leads column\n"
    "  --sqls COL           sales-qualified leads column (required)\n"
    "  --currency CODE      ISO 4217 currency of the amounts (default USD)\n"
    "  --encoding E         utf-8 (default) or latin1\n"
    "  --format F           table (default), csv or json\n"
    "  --quiet              no progress line\n"
    "\n"
    "Columns: campaign,spend,leads,mqls,sqls,cpl,cpmql,cpsql.  Money has the\n"
    "currency's minor-unit digits, rounded half to even; a ratio with a zero\n"
    "denominator, or a count column not given, is an empty cell.\n";

/* Column roles, in the order of the options. */
enum { CP_SPEND, CP_SALES, CP_LEADS, CP_MQLS, CP_SQLS, CP_NCOLS };

struct cpsql_sum {
    int64_t v[CP_NCOLS];
};

struct cpsql_ctx {
    const char *currency;
    size_t campaign_col;
    size_t col[CP_NCOLS];
    int have[CP_NCOLS];
    cli_keymap *names;
    struct cpsql_sum *sums;     /* per campaign, plus the total at the end */
    size_t cap;
    struct cpsql_sum total;
};

static int cpsql_add(csvin *r, size_t col, int64_t *acc, int64_t v)
{
    if ((v > 0 && *acc > INT64_MAX - v) || (v < 0 && *acc < INT64_MIN - v))
        return csvin_fail(r, col, "the sum overflows 64-bit minor units");
    *acc += v;
    return 0;
}

static int cpsql_record(csvin *r, void *vctx)
{
    struct cpsql_ctx *c = vctx;
    const char *name, *cell;
    int64_t v[CP_NCOLS];
    size_t idx;
    int k, added;

    if (csvin_get(r, c->campaign_col, &name) != 0)
        return -1;
    if (!name)
        return csvin_fail(r, c->campaign_col, "missing campaign");
    for (k = 0; k < CP_NCOLS; k++) {
        v[k] = 0;
        if (!c->have[k])
            continue;
        if (csvin_get(r, c->col[k], &cell) != 0)
            return -1;
        if (!cell)
            continue;   /* nothing spent, nothing counted */
        if (k == CP_SPEND || k == CP_SALES) {
            if (sqlscore_money_parse(&v[k], cell, c->currency, SQLSCORE_ROUND_HALF_EVEN) !=
                SQLSCORE_OK)
                return csvin_fail(r, c->col[k], "%s", sqlscore_error_message());
        } else {
            char *end;
            long long n;
            errno = 0;
            n = strtoll(cell, &end, 10);
            if (end == cell || *end || errno || n < 0 || cell[0] == '+' || cell[0] == '-')
                return csvin_fail(r, c->col[k], "not a count (a whole number >= 0): '%s'",
                                  cell);
            v[k] = (int64_t)n;
        }
    }
    idx = cli_keymap_intern(c->names, name, &added);
    if (added) {
        if (idx == c->cap) {
            c->cap = c->cap ? 2 * c->cap : 32;
            c->sums = cli_xrealloc(c->sums, c->cap * sizeof *c->sums);
        }
        memset(&c->sums[idx], 0, sizeof c->sums[idx]);
    }
    for (k = 0; k < CP_NCOLS; k++)
        if (cpsql_add(r, c->col[k], &c->sums[idx].v[k], v[k]) != 0 ||
            cpsql_add(r, c->col[k], &c->total.v[k], v[k]) != 0)
            return -1;
    return 0;
}

static void cpsql_money_cell(cli_out *o, int64_t minor, const char *currency)
{
    char buf[32];
    if (sqlscore_money_format(buf, sizeof buf, NULL, minor, currency) == SQLSCORE_OK)
        cli_out_cell(o, buf);
    else
        cli_out_cell(o, NULL);
}

/* One output row through a campaign handle; -1 after printing an error. */
static int cpsql_row(cli_out *o, const struct cpsql_ctx *c, const char *name,
                     const struct cpsql_sum *s)
{
    static const int32_t metrics[3] = {SQLSCORE_METRIC_CPL, SQLSCORE_METRIC_CPMQL,
                                       SQLSCORE_METRIC_CPSQL};
    static const int needs[3] = {CP_LEADS, CP_MQLS, CP_SQLS};
    sqlscore_campaign *camp;
    int64_t spend, value;
    int k, rc;

    rc = sqlscore_campaign_new(&camp, name, NULL, c->currency);
    if (rc == SQLSCORE_OK && s->v[CP_SPEND])
        rc = sqlscore_campaign_add_spend(camp, s->v[CP_SPEND], NULL, SQLSCORE_SPEND_MARKETING, 0);
    if (rc == SQLSCORE_OK && s->v[CP_SALES])
        rc = sqlscore_campaign_add_spend(camp, s->v[CP_SALES], NULL, SQLSCORE_SPEND_SALES, 0);
    if (rc == SQLSCORE_OK)
        rc = sqlscore_campaign_set_counts(camp, s->v[CP_LEADS], s->v[CP_MQLS], s->v[CP_SQLS], 0);
    if (rc == SQLSCORE_OK)
        rc = sqlscore_campaign_spend(camp, SQLSCORE_SPEND_ALL, NULL, SQLSCORE_ROUND_HALF_EVEN,
                                     &spend);
    if (rc != SQLSCORE_OK) {
        fprintf(stderr, "sqlscore cpsql: campaign '%s': %s\n", name, sqlscore_error_message());
        sqlscore_campaign_free(camp);
        return -1;
    }
    cli_out_cell(o, name);
    cpsql_money_cell(o, spend, c->currency);
    for (k = CP_LEADS; k <= CP_SQLS; k++) {
        if (c->have[k])
            cli_out_int(o, s->v[k]);
        else
            cli_out_cell(o, NULL);
    }
    for (k = 0; k < 3; k++) {
        if (!c->have[needs[k]]) {
            cli_out_cell(o, NULL);
            continue;
        }
        rc = sqlscore_campaign_metric_rounded(camp, metrics[k], NULL, SQLSCORE_ROUND_HALF_EVEN,
                                              &value);
        if (rc == SQLSCORE_OK) {
            cpsql_money_cell(o, value, c->currency);
        } else if (rc == SQLSCORE_EUNDEFINED) {
            cli_out_cell(o, NULL);
        } else {
            fprintf(stderr, "sqlscore cpsql: campaign '%s': %s\n", name,
                    sqlscore_error_message());
            sqlscore_campaign_free(camp);
            return -1;
        }
    }
    cli_out_row(o);
    sqlscore_campaign_free(camp);
    return 0;
}

static const char *const cpsql_cols[] = {
    "campaign", "spend", "leads", "mqls", "sqls", "cpl", "cpmql", "cpsql",
};
static const int cpsql_kinds[] = {
    CLI_COL_TEXT, CLI_COL_NUMBER, CLI_COL_NUMBER, CLI_COL_NUMBER, CLI_COL_NUMBER,
    CLI_COL_NUMBER, CLI_COL_NUMBER, CLI_COL_NUMBER,
};

int cli_cmd_cpsql(int argc, char **argv)
{
    static const char *cmd = "cpsql";
    struct cli_common com = {0};
    const char *colname[CP_NCOLS] = {NULL, NULL, NULL, NULL, NULL};
    const char *campaign = NULL, *currency = "USD";
    const struct cli_opt opts[] = {
        {"campaign", &campaign, NULL}, {"spend", &colname[CP_SPEND], NULL},
        {"sales-spend", &colname[CP_SALES], NULL}, {"leads", &colname[CP_LEADS], NULL},
        {"mqls", &colname[CP_MQLS], NULL}, {"sqls", &colname[CP_SQLS], NULL},
        {"currency", &currency, NULL},
        {"format", &com.format, NULL}, {"encoding", &com.encoding, NULL},
        {"quiet", NULL, &com.quiet}, {"help", NULL, &com.help},
    };
    const char *pos[1];
    int npos, rc, k;
    int32_t digits;
    struct cpsql_ctx ctx;
    csvin *in = NULL;
    cli_out *o;
    size_t i;

    memset(&ctx, 0, sizeof ctx);
    if ((rc = cli_opts_parse(cmd, argc, argv, opts, sizeof opts / sizeof opts[0], pos, 1, &npos)))
        return rc;
    if (com.help) {
        fputs(cpsql_help, stdout);
        return CLI_EXIT_OK;
    }
    if ((rc = cli_common_check(cmd, &com)))
        return rc;
    if (npos != 1)
        return cli_usage_error(cmd, "expected one FILE (or - for standard input)");
    if (!campaign || !colname[CP_SPEND] || !colname[CP_SQLS])
        return cli_usage_error(cmd, "--campaign, --spend and --sqls are required");
    if (sqlscore_currency_digits(currency, &digits) != SQLSCORE_OK)
        return cli_usage_error(cmd, "--currency '%s': %s", currency, sqlscore_error_message());
    ctx.currency = currency;

    in = csvin_open(pos[0], com.enc, cli_progress_wanted(&com));
    if (!in)
        return cli_data_error("%s", csvin_error());
    if (csvin_find(in, campaign, &ctx.campaign_col) != 0)
        goto bad_column;
    for (k = 0; k < CP_NCOLS; k++) {
        if (!colname[k])
            continue;
        if (csvin_find(in, colname[k], &ctx.col[k]) != 0)
            goto bad_column;
        ctx.have[k] = 1;
    }
    ctx.names = cli_keymap_new();
    if (csvin_run(in, cpsql_record, &ctx) != 0) {
        rc = cli_data_error("%s", csvin_error());
        goto out;
    }
    o = cli_out_new(stdout, com.fmt, 8, cpsql_cols, cpsql_kinds);
    for (i = 0; rc == CLI_EXIT_OK && i < cli_keymap_count(ctx.names); i++)
        if (cpsql_row(o, &ctx, cli_keymap_key(ctx.names, i), &ctx.sums[i]) != 0)
            rc = CLI_EXIT_DATA;
    if (rc == CLI_EXIT_OK && cpsql_row(o, &ctx, "(all)", &ctx.total) != 0)
        rc = CLI_EXIT_DATA;
    if (cli_out_finish(o) != 0 && rc == CLI_EXIT_OK) {
        fputs("sqlscore cpsql: write error on standard output\n", stderr);
        rc = CLI_EXIT_DATA;
    }
    goto out;
bad_column:
    fprintf(stderr, "sqlscore cpsql: %s\n", csvin_error());
    rc = CLI_EXIT_USAGE;
out:
    csvin_close(in);
    cli_keymap_free(ctx.names);
    free(ctx.sums);
    return rc;
}
