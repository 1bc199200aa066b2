#!/bin/sh
# exported-symbols.sh - the shared library exports exactly the functions in
# tests/exported-symbols.txt, each in the SQLSCORE_1.0 version node, the
# linker map lists the same names, and no internal helper leaks out.
set -u
lib="$top_builddir/lib/.libs/libsqlscore.so"
want="$top_srcdir/tests/exported-symbols.txt"
tmp=${TMPDIR:-/tmp}/sqlscore-syms.$$
trap 'rm -f "$tmp".*' EXIT
echo "1..4"

if [ ! -f "$lib" ]; then
  echo "not ok 1 - shared library $lib exists"; exit 0
fi
echo "ok 1 - shared library exists"

# Defined dynamic symbols with their version, e.g. sqlscore_strerror@@SQLSCORE_1.0
$NM -D --defined-only --with-symbol-versions "$lib" 2>/dev/null |
  awk '$2 ~ /^[TtWiDdBbRrV]$/ { print $3 }' | grep -v '@@*SQLSCORE_[0-9.]*$' |
  grep -v '^SQLSCORE_' | sort > "$tmp.unversioned"
$NM -D --defined-only --with-symbol-versions "$lib" |
  awk '$2 ~ /^[TtWiDdBbRrV]$/ { print $3 }' | grep '@@SQLSCORE_1\.0$' |
  sed 's/@@.*//' | sort > "$tmp.got"
grep -v '^#' "$want" | sed '/^$/d' | sort > "$tmp.want"

if diff -u "$tmp.want" "$tmp.got" > "$tmp.diff"; then
  echo "ok 2 - exported functions match tests/exported-symbols.txt"
else
  echo "not ok 2 - exported functions match tests/exported-symbols.txt"
  sed 's/^/# /' "$tmp.diff"
fi

if [ -s "$tmp.unversioned" ]; then
  echo "not ok 3 - every exported symbol is versioned and public"
  sed 's/^/# unexpected: /' "$tmp.unversioned"
else
  echo "ok 3 - every exported symbol is versioned and public"
fi

sed -n 's/^[[:space:]]*\(sqlscore_[a-z0-9_]*\);.*/\1/p' \
  "$top_srcdir/lib/libsqlscore.map" | sort > "$tmp.map"
if diff -u "$tmp.want" "$tmp.map" > "$tmp.diff2"; then
  echo "ok 4 - lib/libsqlscore.map lists the same functions"
else
  echo "not ok 4 - lib/libsqlscore.map lists the same functions"
  sed 's/^/# /' "$tmp.diff2"
fi
