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

section "The rules sales and marketing agreed on" \
  "sqlscore rules check criteria.rules"
(cd "$data" && "$sqlscore" rules check criteria.rules)

section "Leads to call today (sql) and leads never to call (disqualified), with the reasons" \
  "sqlscore score --rules criteria.rules --events events.csv --as-of 2026-10-01 --verdict sql,disqualified leads.csv"
"$sqlscore" score --rules "$data/criteria.rules" --events "$data/events.csv" \
  --as-of 2026-10-01 --verdict sql,disqualified "$data/leads.csv"

section "The funnel from April to September: where leads stall past their SLA; two moves the CRM should have refused" \
  "sqlscore funnel --funnel funnel.rules --from 2026-04-01 --to 2026-10-01 stages.csv"
(cd "$data" && "$sqlscore" funnel --funnel funnel.rules --from 2026-04-01 --to 2026-10-01 \
  stages.csv 2>&1)

section "Cost per SQL per campaign: two campaigns bought clicks, not SQLs" \
  "sqlscore cpsql --campaign campaign_name --spend spend --sales-spend sales_spend --leads leads --mqls mqls --sqls sqls --currency EUR spend.csv"
"$sqlscore" cpsql --campaign campaign_name --spend spend --sales-spend sales_spend \
  --leads leads --mqls mqls --sqls sqls --currency EUR "$data/spend.csv"

section "eNPS per team and quarter: Legal has three people, so it is withheld (and Finance with it)" \
  "sqlscore enps --by team --time submitted --period quarter survey.csv"
"$sqlscore" enps --by team --time submitted --period quarter "$data/survey.csv"
