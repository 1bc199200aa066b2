#!/bin/sh
# cli.sh - the sqlscore program as a user runs it: fixtures under
# tests/data/, exact output compared with expected files, exit statuses and
# error messages naming FILE:LINE.
set -u
prog="$top_builddir/tools/sqlscore"
data="$top_srcdir/tests/data"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
fails=0

ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); fails=$((fails + 1)); echo "not ok $n - $1"; }

# run NAME STATUS ARGS...: run the program from the fixture directory (so
# messages name files as the user typed them); keep stdout and stderr.
run() {
  name=$1; want=$2; shift 2
  (cd "$data" && "$prog" "$@") > "$tmp/out" 2> "$tmp/err"
  got=$?
  if [ "$got" -eq "$want" ]; then
    return 0
  fi
  echo "# $name: exit status $got, expected $want"; sed 's/^/#   stderr: /' "$tmp/err"
  return 1
}

# check_out NAME STATUS EXPECTED-FILE ARGS...: exit status and exact stdout.
check_out() {
  name=$1; want=$2; exp=$3; shift 3
  if run "$name" "$want" "$@" && diff -u "$data/$exp" "$tmp/out" > "$tmp/diff"; then
    ok "$name"
  else
    [ -f "$tmp/diff" ] && sed 's/^/# /' "$tmp/diff"
    not_ok "$name"
  fi
  rm -f "$tmp/diff"
}

# check_err NAME STATUS MESSAGE ARGS...: exit status, and stderr's first
# line is exactly MESSAGE.
check_err() {
  name=$1; want=$2; msg=$3; shift 3
  if run "$name" "$want" "$@" && [ "$(head -n1 "$tmp/err")" = "$msg" ]; then
    ok "$name"
  else
    echo "# expected stderr: $msg"; sed 's/^/#   got: /' "$tmp/err"
    not_ok "$name"
  fi
}

# ---- program-wide -------------------------------------------------------
if run "--version" 0 --version && [ "$(cat "$tmp/out")" = "sqlscore (libsqlscore) $PACKAGE_VERSION" ]; then
  ok "--version prints the library version"
else
  not_ok "--version prints the library version"
fi
if run "--help" 0 --help && grep -q '^Usage: sqlscore COMMAND' "$tmp/out" && [ ! -s "$tmp/err" ]; then
  ok "--help on stdout, exit 0"
else
  not_ok "--help on stdout, exit 0"
fi
check_err "no arguments is a usage error" 2 "Usage: sqlscore COMMAND [OPTIONS] FILE"
check_err "unknown command" 2 "sqlscore: unknown command 'frobnicate'" frobnicate
check_err "unknown global option" 2 "sqlscore: unknown option '--frob'" --frob

# ---- CSV input (through enps, which reads one or three columns) ----------
check_err "malformed quote names file, line and byte column" 1 \
  "bad-quote.csv:3:6: malformed field: a quote inside an unquoted field, or text after a closing quote" \
  enps bad-quote.csv
check_err "a record with an extra field names its line" 1 \
  "bad-fields.csv:3: 3 fields, but the header has 2" enps bad-fields.csv
check_err "an unterminated quote names the line it opens on" 1 \
  "unterminated.csv:3: unterminated quoted field (no closing quote before the end of the file)" \
  enps --score id unterminated.csv
check_err "a missing file" 1 "no-such.csv: No such file or directory" enps no-such.csv
check_err "Latin-1 bytes read as UTF-8 name line and column" 1 \
  "enps-latin1.csv:2: column 'team': invalid UTF-8 (byte 0xF6 at offset 1); use --encoding latin1 for a Latin-1 file" \
  enps --by team enps-latin1.csv
check_out "bytes in an unused column are no error" 0 enps-latin1-all.expected.csv \
  enps --format csv enps-latin1.csv
check_out "--encoding latin1 converts to UTF-8" 0 enps-latin1.expected.csv \
  enps --by team --encoding latin1 --format csv enps-latin1.csv
if (cd "$data" && "$prog" enps --by team --format csv - < enps.csv) > "$tmp/out" 2> "$tmp/err" &&
   diff -u "$data/enps-team.expected.csv" "$tmp/out" > /dev/null; then
  ok "- reads standard input"
else
  not_ok "- reads standard input"
fi

# ---- enps ----------------------------------------------------------------
# enps.csv: UTF-8 BOM, CRLF, a quoted team name with a comma, a comment with
# a quoted line break, NA answers, a trailing empty column; 14 answers.
check_out "enps by team: counts, Wald interval, complementary suppression" 0 \
  enps-team.expected.csv enps --by team --format csv enps.csv
check_out "enps by month: adjusted Wald at 90 %, threshold 3" 0 enps-month.expected.csv \
  enps --by team --time submitted --period month --min-group 3 --ci adjusted-wald \
  --confidence 90 --format csv enps.csv
check_out "enps table output" 0 enps-team.expected.txt enps --by team enps.csv
check_out "enps json output" 0 enps.expected.json enps --format=json enps.csv
check_err "enps: an answer that is not a number" 1 \
  "enps-bad.csv:3: column 'score': not a number: 'eleven'" enps enps-bad.csv
check_err "enps: 0 is outside the 1-10 scale" 1 \
  "enps-zero.csv:3: column 'score': answer 0 is not a whole number from 1 to 10" \
  enps --scale 1-10 enps-zero.csv
check_err "enps: unknown column is a usage error" 2 \
  "sqlscore enps: enps.csv:1: no column 'nope' in the header" enps --by nope enps.csv
check_err "enps: bad --period" 2 \
  "sqlscore enps: --period must be week, month or quarter, not 'year'" \
  enps --time submitted --period year enps.csv
check_err "enps: --period without --time" 2 "sqlscore enps: --period needs --time COL" \
  enps --period month enps.csv
check_err "enps: --min-group below 3" 2 \
  "sqlscore enps: --min-group must be a whole number of at least 3, not '2'" \
  enps --min-group 2 enps.csv
check_err "enps: unknown option" 2 "sqlscore enps: unknown option '--bogus'" enps --bogus enps.csv
check_err "enps: no file" 2 "sqlscore enps: expected one FILE (or - for standard input)" enps
if run "enps --help" 0 enps --help && grep -q '^Usage: sqlscore enps' "$tmp/out"; then
  ok "enps --help"
else
  not_ok "enps --help"
fi

# ---- cpsql ---------------------------------------------------------------
# cpsql.csv: a campaign name with doubled quotes, one with a comma, "1,000.255"
# (thousands separator, and a third decimal rounded half to even: 1000.26),
# a refund, NA counts, a campaign with no SQL and one with nothing at all.
# Expected values from Python's decimal module.
check_out "cpsql: sums per campaign, exact money, empty cells for undefined ratios" 0 \
  cpsql.expected.csv cpsql --campaign campaign --spend spend --sales-spend sales --leads leads \
  --mqls mqls --sqls sqls --currency EUR --format csv cpsql.csv
check_out "cpsql: JPY has no minor unit; columns not given are empty" 0 cpsql-jpy.expected.json \
  cpsql --campaign campaign --spend spend --sqls sqls --currency JPY --format json cpsql.csv
check_out "cpsql: table" 0 cpsql.expected.txt cpsql --campaign campaign --spend spend \
  --sales-spend sales --leads leads --mqls mqls --sqls sqls --currency EUR cpsql.csv
check_err "cpsql: money the library cannot parse names line and column" 1 \
  "cpsql-bad.csv:3: column 'spend': sqlscore_money_parse: '12,34': position 6: digit groups after a comma must have exactly three digits" \
  cpsql --campaign campaign --spend spend --sqls sqls cpsql-bad.csv
check_err "cpsql: required options" 2 "sqlscore cpsql: --campaign, --spend and --sqls are required" \
  cpsql --campaign campaign cpsql-bad.csv
check_err "cpsql: unknown currency" 2 \
  "sqlscore cpsql: --currency 'EURO': sqlscore_currency_digits: currency must be three capital letters (ISO 4217), got 'EURO'" \
  cpsql --campaign campaign --spend spend --sqls sqls --currency EURO cpsql-bad.csv

echo "1..$n"
[ "$fails" -eq 0 ]
