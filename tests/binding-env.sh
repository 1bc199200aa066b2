# binding-env.sh - sourced by tests/python-bindings.sh and
# tests/ruby-bindings.sh: point the bindings at this build's library.
SQLSCORE_LIBRARY="$top_builddir/lib/.libs/libsqlscore.so"
export SQLSCORE_LIBRARY

# A library built with --enable-sanitizers needs its sanitizer runtimes
# loaded before anything else, which an uninstrumented interpreter does not
# do: preload them.  The interpreter's own allocations are not ours to
# judge, so leak checking is off here (the C tests check the library's).
sqlscore_runtimes=
for sqlscore_rt in $( (readelf -d "$SQLSCORE_LIBRARY" 2>/dev/null || objdump -p "$SQLSCORE_LIBRARY" 2>/dev/null) |
                      grep -o 'lib[a-z]*san\.so[.0-9]*' | sort -u); do
  sqlscore_path=$($CC -print-file-name="$sqlscore_rt" 2>/dev/null)
  case $sqlscore_path in /*) ;; *) sqlscore_path=$sqlscore_rt ;; esac
  sqlscore_runtimes="$sqlscore_runtimes${sqlscore_runtimes:+ }$sqlscore_path"
done
if [ -n "$sqlscore_runtimes" ]; then
  LD_PRELOAD="$sqlscore_runtimes${LD_PRELOAD:+ $LD_PRELOAD}"
  ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
  export LD_PRELOAD ASAN_OPTIONS
fi
unset sqlscore_rt sqlscore_path sqlscore_runtimes
