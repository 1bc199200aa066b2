#!/bin/sh
# amalgamation.sh - the single-file distribution (make amalgamation) builds
# with a C99 compiler alone, exports nothing but the documented functions,
# and example programs built from it run.
set -u
amal_c="$top_builddir/sqlscore.c"
amal_h="$top_builddir/sqlscore.h"
want="$top_srcdir/tests/exported-symbols.txt"
work=$(mktemp -d "${TMPDIR:-/tmp}/sqlscore-amal.XXXXXX")
trap 'rm -rf "$work"' EXIT
echo "1..7"

if [ -f "$amal_c" ] && [ -f "$amal_h" ]; then
  echo "ok 1 - make amalgamation wrote sqlscore.c and sqlscore.h"
else
  echo "not ok 1 - make amalgamation wrote sqlscore.c and sqlscore.h"
  exit 0
fi

# A directory holding sqlscore.c and nothing else: no config.h, no header.
mkdir "$work/alone" "$work/vendor"
cp "$amal_c" "$work/alone/"
if (cd "$work/alone" && $CC -std=c99 -c sqlscore.c -o sqlscore.o) 2> "$work/err"; then
  echo "ok 2 - cc -std=c99 -c sqlscore.c needs no other file"
else
  echo "not ok 2 - cc -std=c99 -c sqlscore.c needs no other file"; sed 's/^/# /' "$work/err"
fi

cp "$amal_c" "$amal_h" "$work/vendor/"
if (cd "$work/vendor" &&
    $CC -std=c99 -pedantic -Wall -Wextra -Werror -O2 -c sqlscore.c -o sqlscore.o) 2> "$work/err"; then
  echo "ok 3 - sqlscore.c compiles with -std=c99 -pedantic -Wall -Wextra -Werror"
else
  echo "not ok 3 - sqlscore.c compiles with -std=c99 -pedantic -Wall -Wextra -Werror"
  sed 's/^/# /' "$work/err"
fi

# Global (external) defined symbols must be exactly the documented API.
if [ -f "$work/vendor/sqlscore.o" ]; then
  $NM -g --defined-only "$work/vendor/sqlscore.o" | awk 'NF == 3 { print $3 }' |
    sort > "$work/got"
  grep -v '^#' "$want" | sed '/^$/d' | sort > "$work/want"
  if diff -u "$work/want" "$work/got" > "$work/diff"; then
    echo "ok 4 - the only global symbols are the functions in tests/exported-symbols.txt"
  else
    echo "not ok 4 - the only global symbols are the functions in tests/exported-symbols.txt"
    sed 's/^/# /' "$work/diff"
  fi
else
  echo "not ok 4 - the only global symbols are the functions in tests/exported-symbols.txt # no object"
fi

# The amalgamated header is the installed header plus a leading comment.
start=$(grep -n '^#ifndef SQLSCORE_H$' "$amal_h" | head -n1 | cut -d: -f1)
if [ -n "$start" ] &&
   tail -n +"$start" "$amal_h" > "$work/h.tail" &&
   grep -n '^#ifndef SQLSCORE_H$' "$top_builddir/include/sqlscore.h" | head -n1 | cut -d: -f1 > "$work/hs" &&
   tail -n +"$(cat "$work/hs")" "$top_builddir/include/sqlscore.h" | cmp -s - "$work/h.tail" &&
   grep -q 'SQLSCORE_STATIC' "$amal_h"; then
  echo "ok 5 - sqlscore.h is include/sqlscore.h with SQLSCORE_STATIC documented"
else
  echo "not ok 5 - sqlscore.h is include/sqlscore.h with SQLSCORE_STATIC documented"
fi

# Example programs built from the vendored pair alone (-I only the vendor
# directory), as a project that copies the two files would build them.
build() { # name source...
  name=$1; shift
  (cd "$work/vendor" &&
   $CC -std=c99 -Wall -Wextra -Werror -DSQLSCORE_STATIC -I. -o "$name" "$@" sqlscore.o -lm) \
    2> "$work/err.$name"
}
if build hello "$top_srcdir/examples/hello.c" &&
   out=$("$work/vendor/hello") &&
   [ "$out" = "libsqlscore $PACKAGE_VERSION" ]; then
  echo "ok 6 - examples/hello.c builds from the amalgamation alone and runs"
else
  echo "not ok 6 - examples/hello.c builds from the amalgamation alone and runs"
  sed 's/^/# /' "$work/err.hello"
fi

if build demo "$top_srcdir/examples/demo.c" &&
   "$work/vendor/demo" "$top_srcdir/examples/data" > "$work/demo.out" 2>&1; then
  echo "ok 7 - examples/demo.c builds from the amalgamation alone and runs"
else
  echo "not ok 7 - examples/demo.c builds from the amalgamation alone and runs"
  sed 's/^/# /' "$work/err.demo" "$work/demo.out" 2>/dev/null
fi
