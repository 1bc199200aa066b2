#!/bin/sh
# qualify-example.sh - the example program reads the bundled B2B rules,
# scores its four leads and reports each verdict with its reasons.
set -u
out=$("$top_builddir/examples/qualify" "$top_srcdir/examples/data/criteria.rules" 2>&1)
rc=$?
echo "1..6"
if [ $rc -eq 0 ]; then echo "ok 1 - qualify exits 0"; else echo "not ok 1 - qualify exits 0"; echo "$out" | sed 's/^/# /'; fi
n=$(printf '%s\n' "$out" | grep -c '^verdict: ')
if [ "$n" -eq 4 ]; then echo "ok 2 - four verdicts"; else echo "not ok 2 - four verdicts (got $n)"; fi
if printf '%s\n' "$out" | grep -q '^== SQL ' && printf '%s\n' "$out" | grep -q '^== MQL ' &&
   printf '%s\n' "$out" | grep -q '^== disqualified ' && printf '%s\n' "$out" | grep -q '^== unqualified '; then
  echo "ok 3 - every verdict appears"
else
  echo "not ok 3 - every verdict appears"
fi
if printf '%s\n' "$out" | grep -q '^gate "Budget confirmed" failed$' &&
   printf '%s\n' "$out" | grep -q '^SQL threshold 85 and grade C: 23.88 points missing, 2 gates failed$'; then
  echo "ok 4 - reasons name failed gates and missing points"
else
  echo "not ok 4 - reasons name failed gates and missing points"
fi
if printf '%s\n' "$out" | grep -q '^  row 0: MQL          score   55.00  grade B$' &&
   printf '%s\n' "$out" | grep -q '^  row 3: disqualified score   10.00  grade D+$'; then
  echo "ok 5 - the table is scored in one call"
else
  echo "not ok 5 - the table is scored in one call"
fi
# The complete example of sqlscore-rules(5) is a valid rules file.
tmp=${TMPDIR:-/tmp}/sqlscore-rules-example.$$
trap 'rm -f "$tmp"' EXIT
sed -n '/^\.SH EXAMPLE/,/^\.EE/p' "$top_srcdir/man/sqlscore-rules.5" | sed '1,2d;$d' |
  sed 's/\\-/-/g' > "$tmp"
if [ -s "$tmp" ] && "$top_builddir/examples/qualify" "$tmp" > /dev/null 2>"$tmp.err"; then
  echo "ok 6 - the example in sqlscore-rules(5) parses and scores"
else
  echo "not ok 6 - the example in sqlscore-rules(5) parses and scores"; sed 's/^/# /' "$tmp.err"
fi
rm -f "$tmp.err"
