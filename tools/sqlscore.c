/*
 * sqlscore.c - the sqlscore program: dispatch to the subcommands, global
 * --help and --version.  Manual: sqlscore(1).
 */
#include "cli.h"

#include <sqlscore.h>

#include <stdio.h>
#include <string.h>

struct cli_command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
};

static const struct cli_command cli_commands[] = {
    {"score", cli_cmd_score, "score, grade and classify leads with a rules file"},
    {"funnel", cli_cmd_funnel, "stage counts, conversion and time in stage from stage changes"},
    {"cpsql", cli_cmd_cpsql, "cost per lead, per MQL and per SQL for each campaign"},
    {"enps", cli_cmd_enps, "employee Net Promoter Score per segment (and period)"},
    {"rules", cli_cmd_rules, "rules check FILE: validate a rules file"},
    {NULL, NULL, NULL}
};

static void cli_main_help(FILE *fp)
{
    size_t i;

    fputs("Usage: sqlscore COMMAND [OPTIONS] FILE\n"
          "       sqlscore --help | --version\n"
          "\n"
          "Score and classify leads, measure the funnel, cost per sales-qualified lead\n"
          "and eNPS from CSV exports, with libsqlscore.\n"
          "\n"
          "Commands:\n", fp);
    for (i = 0; cli_commands[i].name; i++)
        fprintf(fp, "  %-12s %s\n", cli_commands[i].name, cli_commands[i].summary);
    fputs("\n"
          "Options of every command that reads CSV:\n"
          "  --format table|csv|json   output format (default table)\n"
          "  --encoding utf-8|latin1   input encoding (default utf-8)\n"
          "  --quiet                   no progress line for big files\n"
          "  --help                    the command's own options\n"
          "\n"
          "FILE '-' is standard input.  Exit status: 0 success, 1 data error (the\n"
          "message names FILE:LINE), 2 usage error.  Manual: sqlscore(1).\n", fp);
}

int main(int argc, char **argv)
{
    size_t i;

    if (argc < 2) {
        cli_main_help(stderr);
        return CLI_EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        cli_main_help(stdout);
        return CLI_EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
        /* The library actually loaded, which may be newer than the header
         * this program was built with. */
        printf("sqlscore (libsqlscore) %s\n", sqlscore_version_string());
        return CLI_EXIT_OK;
    }
    for (i = 0; cli_commands[i].name; i++)
        if (strcmp(argv[1], cli_commands[i].name) == 0)
            return cli_commands[i].run(argc - 1, argv + 1);
    if (argv[1][0] == '-')
        fprintf(stderr, "sqlscore: unknown option '%s'\n", argv[1]);
    else
        fprintf(stderr, "sqlscore: unknown command '%s'\n", argv[1]);
    fputs("Try 'sqlscore --help'.\n", stderr);
    return CLI_EXIT_USAGE;
}
