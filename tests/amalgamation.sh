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

if [ -f "$amal_c" ] && [ -f "$amal_h" ]; then
  echo "ok 1 - make amalgamation wrote sqlscore.c and sqlscore.h"
else
  echo "not ok 1 - make amalgamation wrote sqlscore.c and sqlscore.h"
  echo "1..1"
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
    $CC -std=c99 -Wall -Wextra -Werror -c sqlscore.c -o sqlscore.o) 2> "$work/err"; then
  echo "ok 3 - sqlscore.c compiles with -std=c99 -Wall -Wextra -Werror"
else
  echo "not ok 3 - sqlscore.c compiles with -std=c99 -Wall -Wextra -Werror"
  sed 's/^/# /' "$work/err"
fi

# Global (external) defined symbols: only functions the header documents as
# SQLSCORE_API, and at least every function of tests/exported-symbols.txt.
if [ -f "$work/vendor/sqlscore.o" ]; then
  $NM -g --defined-only "$work/vendor/sqlscore.o" | awk 'NF == 3 { print $3 }' |
    sort > "$work/got"
  grep 'SQLSCORE_API' "$top_builddir/include/sqlscore.h" | grep '(' |
    sed -n 's/.*[^a-z0-9_]\(sqlscore_[a-z0-9_]*\)[[:space:]]*(.*/\1/p' | sort -u > "$work/api"
  grep -v '^#' "$want" | sed '/^$/d' | sort > "$work/want"
  extra=$(comm -23 "$work/got" "$work/api")
  missing=$(comm -13 "$work/got" "$work/want")
  if [ -s "$work/api" ] && [ -z "$extra" ] && [ -z "$missing" ]; then
    echo "ok 4 - the only global symbols are documented sqlscore_ functions"
  else
    echo "not ok 4 - the only global symbols are documented sqlscore_ functions"
    for f in $extra; do echo "# global but not an SQLSCORE_API function: $f"; done
    for f in $missing; do echo "# exported by the library but missing here: $f"; done
  fi
else
  echo "not ok 4 - the only global symbols are documented sqlscore_ functions # no object"
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

# Every other example program, built the same way and run: the demo and
# qualify with their data, the benchmarks on small inputs, the others
# without arguments.
n=6
for src in "$top_srcdir"/examples/*.c; do
  name=$(basename "$src" .c)
  [ "$name" = hello ] && continue
  n=$((n + 1))
  case $name in
    demo) set -- "$top_srcdir/examples/data" ;;
    qualify) set -- "$top_srcdir/examples/data/criteria.rules" ;;
    qualify_bench) set -- 2000 ;;
    attribution_bench) set -- 2000 200 ;;
    *) set -- ;;
  esac
  if build "$name" "$src" && "$work/vendor/$name" "$@" > "$work/$name.out" 2>&1; then
    echo "ok $n - examples/$name.c builds from the amalgamation alone and runs"
  else
    echo "not ok $n - examples/$name.c builds from the amalgamation alone and runs"
    sed 's/^/# /' "$work/err.$name" "$work/$name.out" 2>/dev/null
  fi
done
# Optimizing the whole library as one file lets the compiler inline across
# what were separate files, which can surface new -Wmaybe-uninitialized
# findings.  A vendoring project building with -O2 -Werror would stop on
# them, so they are shown here; known ones are reported as TODO (XFAIL).
n=$((n + 1))
if (cd "$work/vendor" &&
    $CC -std=c99 -O2 -Wall -Wextra -Werror -c sqlscore.c -o sqlscore-O2.o) 2> "$work/err.O2"; then
  echo "ok $n - sqlscore.c compiles with -O2 -Wall -Wextra -Werror"
else
  echo "not ok $n - sqlscore.c compiles with -O2 -Wall -Wextra -Werror # TODO warnings after cross-file inlining"
  grep -E 'error:|warning:' "$work/err.O2" | sed 's/^/# /'
fi
echo "1..$n"
