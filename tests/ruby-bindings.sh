#!/bin/sh
# ruby-bindings.sh - run the Ruby binding's minitest suite (TAP) against the
# shared library of this build tree; reported as skipped, never passed, when
# ruby or the ffi gem is missing.
set -u
RUBY=${RUBY:-ruby}
if ! command -v "$RUBY" >/dev/null 2>&1 ||
   ! "$RUBY" -e 'require "ffi"; require "minitest"' >/dev/null 2>&1; then
  echo "1..0 # SKIP ruby/ffi not installed"; exit 0
fi
. "$top_srcdir/tests/binding-env.sh"
exec "$RUBY" -I"$top_srcdir/bindings/ruby/lib" "$top_srcdir/bindings/ruby/test/tap.rb"
