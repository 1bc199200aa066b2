#!/bin/sh
# header-compile.sh - include/sqlscore.h compiles with -std=c99 -pedantic
# -Wall -Wextra -Werror, and as C++ (extern "C"), and the result links
# against the shared library.
set -u
src="$top_srcdir/tests/header-use.c"
inc="-I$top_builddir/include -I$top_srcdir/include"
out=${TMPDIR:-/tmp}/sqlscore-hdr.$$
trap 'rm -f "$out".*' EXIT
echo "1..3"

if $CC -std=c99 -pedantic -Wall -Wextra -Werror $inc -c "$src" -o "$out.c.o" 2> "$out.err"; then
  echo "ok 1 - header compiles as strict C99"
else
  echo "not ok 1 - header compiles as strict C99"; sed 's/^/# /' "$out.err"
fi

if $CXX -x c++ -std=c++11 -pedantic -Wall -Wextra -Werror $inc -c "$src" -o "$out.cc.o" 2> "$out.err"; then
  echo "ok 2 - header compiles as C++"
else
  echo "not ok 2 - header compiles as C++"; sed 's/^/# /' "$out.err"
fi

if $CXX "$out.cc.o" -o "$out.exe" -L"$top_builddir/lib/.libs" -lsqlscore 2> "$out.err" &&
   LD_LIBRARY_PATH="$top_builddir/lib/.libs" "$out.exe"; then
  echo "ok 3 - a C++ program links and runs against the library"
else
  echo "not ok 3 - a C++ program links and runs against the library"; sed 's/^/# /' "$out.err"
fi
