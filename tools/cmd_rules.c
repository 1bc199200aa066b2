/*
 * cmd_rules.c - `sqlscore rules check FILE`: validate a rules file
 * (sqlscore-rules(5)) with the library's parser and summarise it.
 */
#include "cli.h"

#include <sqlscore.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char rules_help[] =
    "Usage: sqlscore rules check FILE\n"
    "\n"
    "Check a rules file (sqlscore-rules(5)).  When it is valid, print a one-line\n"
    "summary and exit 0; otherwise print FILE:LINE:COLUMN: message and exit 1.\n"
    "FILE '-' is standard input.\n";

/* Count the statements of each kind in the canonical text the library
 * writes back (one statement per line), for the summary. */
static void rules_summary(const char *path, const sqlscore_criteria *crit)
{
    const char *name, *framework;
    int32_t version;
    size_t items, i;
    char *text = NULL;
    int fit = 0, eng = 0, dq = 0, gate = 0;
    char mql[128] = "", sql[128] = "";

    sqlscore_criteria_name(crit, &name, &version);
    sqlscore_criteria_framework(crit, &framework, &items);
    if (sqlscore_criteria_write(crit, &text) == SQLSCORE_OK) {
        const char *line;
        for (line = text; *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : "") {
            size_t len = strcspn(line, "\n");
            if (strncmp(line, "fit ", 4) == 0)
                fit++;
            else if (strncmp(line, "engagement ", 11) == 0)
                eng++;
            else if (strncmp(line, "disqualify ", 11) == 0)
                dq++;
            else if (strncmp(line, "gate ", 5) == 0)
                gate++;
            else if (strncmp(line, "mql ", 4) == 0 && len < sizeof mql)
                snprintf(mql, sizeof mql, "%.*s", (int)len, line);
            else if (strncmp(line, "sql ", 4) == 0 && len < sizeof sql)
                snprintf(sql, sizeof sql, "%.*s", (int)len, line);
        }
        sqlscore_buffer_free(text);
    }
    printf("%s: valid: criteria \"%s\" version %ld, framework %s (", path, name, (long)version,
           framework);
    for (i = 0; i < items; i++) {
        const char *item;
        if (sqlscore_criteria_framework_item(crit, i, &item) == SQLSCORE_OK)
            printf("%s%s", i ? ", " : "", item);
    }
    printf("); %d fit rule%s, %d engagement rule%s, %d disqualifier%s, %d gate%s",
           fit, fit == 1 ? "" : "s", eng, eng == 1 ? "" : "s", dq, dq == 1 ? "" : "s",
           gate, gate == 1 ? "" : "s");
    if (mql[0])
        printf("; %s", mql);
    if (sql[0])
        printf("; %s", sql);
    printf("\n");
}

int cli_cmd_rules(int argc, char **argv)
{
    int help = 0, npos, rc;
    const struct cli_opt opts[] = {{"help", NULL, &help}};
    const char *pos[2];
    sqlscore_criteria *crit;
    char *text;
    size_t len;

    if ((rc = cli_opts_parse("rules", argc, argv, opts, 1, pos, 2, &npos)))
        return rc;
    if (help) {
        fputs(rules_help, stdout);
        return CLI_EXIT_OK;
    }
    if (npos < 1 || strcmp(pos[0], "check") != 0)
        return cli_usage_error("rules", "expected 'check FILE'");
    if (npos != 2)
        return cli_usage_error("rules", "expected one FILE after 'check'");
    if (cli_slurp(pos[1], &text, &len) != 0)
        return CLI_EXIT_DATA;
    rc = sqlscore_criteria_parse(&crit, text, len, strcmp(pos[1], "-") ? pos[1] : "<stdin>");
    free(text);
    if (rc != SQLSCORE_OK)
        return cli_data_error("%s", sqlscore_error_message());
    rules_summary(pos[1], crit);
    sqlscore_criteria_free(crit);
    return CLI_EXIT_OK;
}
