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

echo "1..$n"
[ "$fails" -eq 0 ]
