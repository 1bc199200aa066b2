#!/bin/sh
# demo.sh - what `make demo` runs: the sqlscore program over the sample data
# in examples/data/ (see examples/data/generate.py for the story).
#
# Usage: demo.sh SQLSCORE DATA-DIR
set -e
sqlscore=$1
data=$2

section() {
  printf '\n== %s ==\n$ %s\n\n' "$1" "$2"
}

"$sqlscore" --version

section "Cost per SQL per campaign: two campaigns bought clicks, not SQLs" \
  "sqlscore cpsql --campaign campaign_name --spend spend --sales-spend sales_spend --leads leads --mqls mqls --sqls sqls --currency EUR spend.csv"
"$sqlscore" cpsql --campaign campaign_name --spend spend --sales-spend sales_spend \
  --leads leads --mqls mqls --sqls sqls --currency EUR "$data/spend.csv"

section "eNPS per team and quarter: Legal has three people, so it is withheld (and Finance with it)" \
  "sqlscore enps --by team --time submitted --period quarter survey.csv"
"$sqlscore" enps --by team --time submitted --period quarter "$data/survey.csv"
