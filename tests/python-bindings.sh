#!/bin/sh
# python-bindings.sh - run the Python binding's unittest suite (TAP) against
# the shared library of this build tree.
set -u
PYTHON=${PYTHON:-python3}
if ! command -v "$PYTHON" >/dev/null 2>&1; then
  echo "1..0 # SKIP $PYTHON not found"; exit 0
fi
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 9))' 2>/dev/null; then
  echo "1..0 # SKIP the bindings need Python 3.9 or newer"; exit 0
fi
. "$top_srcdir/tests/binding-env.sh"
# The source tree is read-only under distcheck: never write bytecode there.
PYTHONDONTWRITEBYTECODE=1
PYTHONPATH="$top_srcdir/bindings/python${PYTHONPATH:+:$PYTHONPATH}"
export PYTHONDONTWRITEBYTECODE PYTHONPATH
exec "$PYTHON" -B "$top_srcdir/bindings/python/tests/tap.py"
