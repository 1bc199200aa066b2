/*
 * cmd_score.c - `sqlscore score`: score, grade and classify the leads of a
 * CSV export with a rules file, optionally with their engagement events.
 *
 * Every lead is kept as a library lead handle until its events are read,
 * so memory grows with the number of leads and events (the events file may
 * list them in any order).
 */
#define _POSIX_C_SOURCE 200809L

#include "cli.h"
#include "csvin.h"
#include "keymap.h"
#include "output.h"
#include "timeparse.h"

#include <sqlscore.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char score_help[] =
    "Usage: sqlscore score --rules FILE [OPTIONS] LEADS\n"
    "\n"
    "Score, grade and classify every lead of LEADS (CSV, one lead per row) with\n"
    "a rules file (sqlscore-rules(5)).  Columns become lead attributes by header\n"
    "name; columns named like the criteria's checklist items (budget, authority,\n"
    "need, timeline for BANT) set those items (yes/no/unknown).\n"
    "\n"
    "Options:\n"
    "  --rules FILE         the rules file (required)\n"
    "  --events FILE        engagement events: columns lead (or lead_id), type,\n"
    "                       time, and optional value and campaign\n"
    "  --as-of TIME         evaluation time (default: now)\n"
    "  --id COL             lead identifier column (default 'id')\n"
    "  --verdict LIST       print only these verdicts, e.g. sql,disqualified\n"
    "  --lowercase          attribute names are the header names in lower case,\n"
    "                       spaces as underscores ('Annual Revenue' -> annual_revenue)\n"
    "  --encoding E         utf-8 (default) or latin1, for both CSV files\n"
    "  --format F           table (default), csv or json\n"
    "  --quiet              no progress line\n"
    "\n"
    "Columns: id,fit,grade,engagement,score,verdict,reasons.  The verdict is\n"
    "unqualified, mql, sql or disqualified; reasons lists the rules that fired\n"
    "with their points, the disqualifiers, the failed gates and the caps.\n";

struct score_ctx {
    const sqlscore_criteria *crit;
    size_t id_col;
    int *check_item;        /* per column: index of a checklist item, or -1 */
    char **attr;            /* per column: the attribute name */
    size_t nattr;
    const char **items;     /* the criteria's checklist items */
    size_t nitems;
    const char *framework;
    cli_keymap *ids;
    sqlscore_lead **leads;
    long *lines;            /* line of each lead, for duplicate ids */
    size_t cap;
    /* events */
    size_t ev_lead, ev_type, ev_time, ev_value, ev_campaign;
    int have_value, have_campaign;
    unsigned long unknown_events;
};

/* ---- cells to typed attributes ------------------------------------------ */

static int score_is_integer(const char *s)
{
    const char *p = s + (*s == '-');
    size_t n = strspn(p, "0123456789");
    return n > 0 && n <= 18 && p[n] == '\0' && (p[0] != '0' || n == 1);
}

static int score_is_decimal(const char *s)
{
    const char *p = s + (*s == '-');
    size_t a = strspn(p, "0123456789"), b;
    if (a == 0 || p[a] != '.')
        return 0;
    b = strspn(p + a + 1, "0123456789");
    return b > 0 && p[a + 1 + b] == '\0';
}

/* "1500.00 EUR": an amount, one space, an ISO 4217 code. */
static int score_money(const char *s, int64_t *minor, char code[4])
{
    size_t n = strlen(s);
    char amount[64];

    if (n < 5 || n - 4 >= sizeof amount || s[n - 4] != ' ')
        return 0;
    memcpy(code, s + n - 3, 3);
    code[3] = '\0';
    if (code[0] < 'A' || code[0] > 'Z' || code[1] < 'A' || code[1] > 'Z' || code[2] < 'A' ||
        code[2] > 'Z')
        return 0;
    memcpy(amount, s, n - 4);
    amount[n - 4] = '\0';
    return sqlscore_money_parse(minor, amount, code, SQLSCORE_ROUND_HALF_EVEN) == SQLSCORE_OK;
}

static int score_set_attr(sqlscore_lead *lead, const char *name, const char *v)
{
    int64_t t, minor;
    char code[4];
    const char *why;

    if (score_is_integer(v))
        return sqlscore_lead_set_integer(lead, name, (int64_t)strtoll(v, NULL, 10));
    if (score_is_decimal(v))
        return sqlscore_lead_set_number(lead, name, strtod(v, NULL));
    if (cli_strcaseeq(v, "true") || cli_strcaseeq(v, "false"))
        return sqlscore_lead_set_boolean(lead, name, cli_strcaseeq(v, "true"));
    if (strlen(v) >= 10 && v[4] == '-' && cli_time_parse(v, &t, &why) == 0)
        return sqlscore_lead_set_time(lead, name, t);
    if (score_money(v, &minor, code))
        return sqlscore_lead_set_money(lead, name, minor, code);
    return sqlscore_lead_set_text(lead, name, v);
}

static int score_check_state(const char *v, int32_t *state)
{
    static const char *const met[] = {"yes", "y", "true", "met", "1", NULL};
    static const char *const not_met[] = {"no", "n", "false", "not met", "0", NULL};
    size_t i;

    if (!v || cli_strcaseeq(v, "unknown")) {
        *state = SQLSCORE_CHECK_UNKNOWN;
        return 0;
    }
    for (i = 0; met[i]; i++)
        if (cli_strcaseeq(v, met[i])) {
            *state = SQLSCORE_CHECK_MET;
            return 0;
        }
    for (i = 0; not_met[i]; i++)
        if (cli_strcaseeq(v, not_met[i])) {
            *state = SQLSCORE_CHECK_NOT_MET;
            return 0;
        }
    return -1;
}

static int score_lead_record(csvin *r, void *vctx)
{
    struct score_ctx *c = vctx;
    const char *id, *v;
    sqlscore_lead *lead;
    size_t col, idx;
    int added, rc;

    if (csvin_get(r, c->id_col, &id) != 0)
        return -1;
    if (!id)
        return csvin_fail(r, c->id_col, "missing lead id");
    idx = cli_keymap_intern(c->ids, id, &added);
    if (!added)
        return csvin_fail(r, c->id_col, "duplicate lead id '%s' (first on line %ld)", id,
                          c->lines[idx]);
    if (idx == c->cap) {
        c->cap = c->cap ? 2 * c->cap : 256;
        c->leads = cli_xrealloc(c->leads, c->cap * sizeof *c->leads);
        c->lines = cli_xrealloc(c->lines, c->cap * sizeof *c->lines);
    }
    c->leads[idx] = NULL;
    c->lines[idx] = csvin_line(r);
    if (sqlscore_lead_new(&lead, id) != SQLSCORE_OK)
        return csvin_fail(r, c->id_col, "%s", sqlscore_error_message());
    c->leads[idx] = lead;
    if (c->nitems &&
        sqlscore_lead_checklist_set(lead, c->framework, c->items, c->nitems) != SQLSCORE_OK)
        return csvin_fail(r, (size_t)-1, "%s", sqlscore_error_message());
    for (col = 0; col < csvin_ncols(r); col++) {
        const char *name = c->attr[col];
        if (col == c->id_col || name[0] == '\0')
            continue;
        if (csvin_get(r, col, &v) != 0)
            return -1;
        if (c->check_item[col] >= 0) {
            int32_t state;
            if (score_check_state(v, &state) != 0)
                return csvin_fail(r, col, "expected yes, no or unknown for the %s item '%s', "
                                  "not '%s'", c->framework, c->items[c->check_item[col]], v);
            if (sqlscore_lead_check_set(lead, c->items[c->check_item[col]], state) !=
                SQLSCORE_OK)
                return csvin_fail(r, col, "%s", sqlscore_error_message());
        }
        if (!v)
            continue;
        rc = score_set_attr(lead, name, v);
        if (rc != SQLSCORE_OK)
            return csvin_fail(r, col, "%s", sqlscore_error_message());
    }
    return 0;
}

static int score_event_record(csvin *r, void *vctx)
{
    struct score_ctx *c = vctx;
    const char *id, *type, *when, *value = NULL, *campaign = NULL, *why;
    int64_t t;
    double val;
    size_t idx;

    if (csvin_get(r, c->ev_lead, &id) != 0 || csvin_get(r, c->ev_type, &type) != 0 ||
        csvin_get(r, c->ev_time, &when) != 0 ||
        (c->have_value && csvin_get(r, c->ev_value, &value) != 0) ||
        (c->have_campaign && csvin_get(r, c->ev_campaign, &campaign) != 0))
        return -1;
    if (!id)
        return csvin_fail(r, c->ev_lead, "missing lead id");
    if (!type)
        return csvin_fail(r, c->ev_type, "missing event type");
    if (!when)
        return csvin_fail(r, c->ev_time, "missing time");
    if (cli_time_parse(when, &t, &why) != 0)
        return csvin_fail(r, c->ev_time, "'%s': %s", when, why);
    if (value && cli_parse_double(value, &val) != 0)
        return csvin_fail(r, c->ev_value, "not a number: '%s'", value);
    idx = cli_keymap_find(c->ids, id);
    if (idx == (size_t)-1) {
        c->unknown_events++;
        return 0;
    }
    if (sqlscore_lead_event_add(c->leads[idx], type, t, value ? &val : NULL, campaign) !=
        SQLSCORE_OK)
        return csvin_fail(r, (size_t)-1, "%s", sqlscore_error_message());
    return 0;
}

/* The explanation lines a salesperson needs, joined by "; ": rules that
 * fired, disqualifiers, failed gates, caps.  The library writes one fact per
 * line in a documented order: a header line, rules, gates, caps, then the
 * score and threshold lines (from "score " on), which the other columns
 * already show. */
static char *score_reasons(const char *explain)
{
    size_t cap = strlen(explain) + 1, n = 0;
    char *out = cli_xmalloc(cap);
    const char *line = strchr(explain, '\n');

    out[0] = '\0';
    while (line && *++line) {
        size_t len = strcspn(line, "\n");
        if (strncmp(line, "score ", 6) == 0)
            break;
        if (!(strncmp(line, "gate ", 5) == 0 && len >= 5 &&
              strncmp(line + len - 5, " held", 5) == 0)) {
            if (n) {
                cli_reserve(&out, &cap, n + len + 3);
                memcpy(out + n, "; ", 2);
                n += 2;
            }
            cli_reserve(&out, &cap, n + len + 1);
            memcpy(out + n, line, len);
            n += len;
            out[n] = '\0';
        }
        line = strchr(line, '\n');
    }
    return out;
}

/* "sql,disqualified" -> show[] flags indexed by SQLSCORE_VERDICT_*. */
static int score_parse_verdicts(const char *cmd, const char *list, int show[4])
{
    static const char *const names[4] = {"unqualified", "mql", "sql", "disqualified"};
    const char *p = list;
    int k;

    for (k = 0; k < 4; k++)
        show[k] = 0;
    while (*p) {
        size_t len = strcspn(p, ",");
        for (k = 0; k < 4; k++)
            if (strlen(names[k]) == len && strncmp(p, names[k], len) == 0)
                break;
        if (k == 4) {
            cli_usage_error(cmd, "--verdict takes unqualified, mql, sql or disqualified "
                            "(comma-separated), not '%.*s'", (int)len, p);
            return -1;
        }
        show[k] = 1;
        p += len;
        if (*p == ',')
            p++;
    }
    return 0;
}

static const char *const score_cols[] = {
    "id", "fit", "grade", "engagement", "score", "verdict", "reasons",
};
static const int score_kinds[] = {
    CLI_COL_TEXT, CLI_COL_NUMBER, CLI_COL_TEXT, CLI_COL_NUMBER, CLI_COL_NUMBER, CLI_COL_TEXT,
    CLI_COL_TEXT,
};

static int score_find_event_cols(csvin *ev, struct score_ctx *c)
{
    static const char *const lead_names[] = {"lead", "lead_id", "id", NULL};
    size_t i;

    for (i = 0; lead_names[i]; i++)
        if (csvin_find(ev, lead_names[i], &c->ev_lead) == 0)
            break;
    if (!lead_names[i]) {
        csvin_find(ev, "lead", &c->ev_lead);
        return -1;
    }
    if (csvin_find(ev, "type", &c->ev_type) != 0 || csvin_find(ev, "time", &c->ev_time) != 0)
        return -1;
    c->have_value = csvin_find(ev, "value", &c->ev_value) == 0;
    c->have_campaign = csvin_find(ev, "campaign", &c->ev_campaign) == 0;
    return 0;
}

int cli_cmd_score(int argc, char **argv)
{
    static const char *cmd = "score";
    struct cli_common com = {0};
    const char *rules = NULL, *events = NULL, *asof = NULL, *idcol = "id", *only = NULL;
    int show[4] = {1, 1, 1, 1};
    int lowercase = 0;
    const struct cli_opt opts[] = {
        {"rules", &rules, NULL}, {"events", &events, NULL}, {"as-of", &asof, NULL},
        {"id", &idcol, NULL}, {"verdict", &only, NULL},
        {"lowercase", NULL, &lowercase},
        {"format", &com.format, NULL}, {"encoding", &com.encoding, NULL},
        {"quiet", NULL, &com.quiet}, {"help", NULL, &com.help},
    };
    const char *pos[1];
    int npos, rc = CLI_EXIT_OK;
    int64_t as_of;
    struct score_ctx ctx;
    sqlscore_criteria *crit = NULL;
    csvin *in = NULL;
    cli_out *o;
    char *text;
    size_t len, i, col;

    memset(&ctx, 0, sizeof ctx);
    if ((rc = cli_opts_parse(cmd, argc, argv, opts, sizeof opts / sizeof opts[0], pos, 1, &npos)))
        return rc;
    if (com.help) {
        fputs(score_help, stdout);
        return CLI_EXIT_OK;
    }
    if ((rc = cli_common_check(cmd, &com)))
        return rc;
    if (npos != 1)
        return cli_usage_error(cmd, "expected one LEADS file (or - for standard input)");
    if (!rules)
        return cli_usage_error(cmd, "--rules FILE is required");
    if (only && score_parse_verdicts(cmd, only, show) != 0)
        return CLI_EXIT_USAGE;
    if (events && strcmp(events, "-") == 0 && strcmp(pos[0], "-") == 0)
        return cli_usage_error(cmd, "only one of LEADS and --events can be standard input");
    if (asof) {
        if ((rc = cli_parse_time_opt(cmd, "as-of", asof, &as_of)))
            return rc;
    } else {
        /* The library never reads the clock; the program does, once. */
        as_of = (int64_t)time(NULL);
    }

    if (cli_slurp(rules, &text, &len) != 0)
        return CLI_EXIT_DATA;
    rc = sqlscore_criteria_parse(&crit, text, len, strcmp(rules, "-") ? rules : "<stdin>");
    free(text);
    if (rc != SQLSCORE_OK)
        return cli_data_error("%s", sqlscore_error_message());
    ctx.crit = crit;
    sqlscore_criteria_framework(crit, &ctx.framework, &ctx.nitems);
    ctx.items = cli_xcalloc(ctx.nitems ? ctx.nitems : 1, sizeof *ctx.items);
    for (i = 0; i < ctx.nitems; i++)
        sqlscore_criteria_framework_item(crit, i, &ctx.items[i]);
    ctx.ids = cli_keymap_new();
    rc = CLI_EXIT_OK;

    in = csvin_open(pos[0], com.enc, cli_progress_wanted(&com));
    if (!in) {
        rc = cli_data_error("%s", csvin_error());
        goto out;
    }
    if (csvin_find(in, idcol, &ctx.id_col) != 0) {
        fprintf(stderr, "sqlscore score: %s\n", csvin_error());
        rc = CLI_EXIT_USAGE;
        goto out;
    }
    ctx.check_item = cli_xmalloc(csvin_ncols(in) * sizeof *ctx.check_item + 1);
    ctx.attr = cli_xcalloc(csvin_ncols(in) + 1, sizeof *ctx.attr);
    ctx.nattr = csvin_ncols(in);
    for (col = 0; col < csvin_ncols(in); col++) {
        char *a = cli_xstrdup(csvin_colname(in, col)), *p;
        if (lowercase)
            for (p = a; *p; p++)
                *p = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p == ' ' ? '_' : *p);
        ctx.attr[col] = a;
        ctx.check_item[col] = -1;
        for (i = 0; i < ctx.nitems; i++)
            if (cli_strcaseeq(a, ctx.items[i]))
                ctx.check_item[col] = (int)i;
    }
    if (csvin_run(in, score_lead_record, &ctx) != 0) {
        rc = cli_data_error("%s", csvin_error());
        goto out;
    }
    csvin_close(in);
    in = NULL;

    if (events) {
        in = csvin_open(events, com.enc, cli_progress_wanted(&com));
        if (!in) {
            rc = cli_data_error("%s", csvin_error());
            goto out;
        }
        if (score_find_event_cols(in, &ctx) != 0) {
            fprintf(stderr, "sqlscore score: %s (events need lead, type and time columns)\n",
                    csvin_error());
            rc = CLI_EXIT_USAGE;
            goto out;
        }
        if (csvin_run(in, score_event_record, &ctx) != 0) {
            rc = cli_data_error("%s", csvin_error());
            goto out;
        }
        if (ctx.unknown_events)
            fprintf(stderr, "sqlscore score: %s: %lu event%s for leads not in %s ignored\n",
                    csvin_name(in), ctx.unknown_events, ctx.unknown_events == 1 ? "" : "s",
                    strcmp(pos[0], "-") ? pos[0] : "<stdin>");
    }

    o = cli_out_new(stdout, com.fmt, 7, score_cols, score_kinds);
    for (i = 0; i < cli_keymap_count(ctx.ids); i++) {
        sqlscore_result *res;
        double fit, eng, total;
        int32_t grade, verdict;
        const char *gname, *vname;
        char buf[64], vlow[32], *explain, *reasons;
        size_t k;

        if (sqlscore_criteria_evaluate(&res, crit, ctx.leads[i], as_of) != SQLSCORE_OK ||
            sqlscore_result_explain(res, &explain) != SQLSCORE_OK) {
            fprintf(stderr, "sqlscore score: lead '%s': %s\n", cli_keymap_key(ctx.ids, i),
                    sqlscore_error_message());
            rc = CLI_EXIT_DATA;
            break;
        }
        sqlscore_result_fit_points(res, &fit);
        sqlscore_result_engagement_points(res, &eng);
        sqlscore_result_score(res, &total);
        sqlscore_result_grade(res, &grade);
        sqlscore_result_verdict(res, &verdict);
        if (verdict < 0 || verdict > 3 || !show[verdict]) {
            sqlscore_buffer_free(explain);
            sqlscore_result_free(res);
            continue;
        }
        sqlscore_grade_name(grade, &gname);
        sqlscore_verdict_name(verdict, &vname);
        /* The output contract spells verdicts in lower case. */
        for (k = 0; vname[k] && k + 1 < sizeof vlow; k++)
            vlow[k] = (char)(vname[k] >= 'A' && vname[k] <= 'Z' ? vname[k] - 'A' + 'a'
                                                                : vname[k]);
        vlow[k] = '\0';
        reasons = score_reasons(explain);
        cli_out_cell(o, cli_keymap_key(ctx.ids, i));
        cli_format_points(fit, buf, sizeof buf);
        cli_out_cell(o, buf);
        cli_out_cell(o, gname);
        cli_format_points(eng, buf, sizeof buf);
        cli_out_cell(o, buf);
        cli_format_points(total, buf, sizeof buf);
        cli_out_cell(o, buf);
        cli_out_cell(o, vlow);
        cli_out_cell(o, reasons);
        cli_out_row(o);
        free(reasons);
        sqlscore_buffer_free(explain);
        sqlscore_result_free(res);
    }
    if (cli_out_finish(o) != 0 && rc == CLI_EXIT_OK) {
        fputs("sqlscore score: write error on standard output\n", stderr);
        rc = CLI_EXIT_DATA;
    }
out:
    csvin_close(in);
    for (i = 0; i < cli_keymap_count(ctx.ids); i++)
        sqlscore_lead_free(ctx.leads[i]);
    free(ctx.leads);
    free(ctx.lines);
    free(ctx.check_item);
    for (i = 0; i < ctx.nattr; i++)
        free(ctx.attr[i]);
    free(ctx.attr);
    free(ctx.items);
    cli_keymap_free(ctx.ids);
    sqlscore_criteria_free(crit);
    return rc;
}
