#!/bin/sh
# man-pages.sh - every exported function has a man page (a page of its own or
# a .so link to its family's page), and every page renders without warnings.
set -u
want="$top_srcdir/tests/exported-symbols.txt"
mandir="$top_srcdir/man"
echo "1..2"

missing=
for f in $(grep -v '^#' "$want" | sed '/^$/d'); do
  [ -f "$mandir/$f.3" ] || missing="$missing $f"
done
if [ -z "$missing" ]; then
  echo "ok 1 - every exported function has a man page"
else
  echo "not ok 1 - every exported function has a man page"
  for f in $missing; do echo "# no man/$f.3"; done
fi

if [ -z "${GROFF:-}" ]; then
  echo "ok 2 # SKIP groff not found"; exit 0
fi
# ".so man3/page.3" links are resolved against the current directory, as
# man(1) does from the top of an installed man tree.
tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
for s in 1 3 5 7; do ln -s "$mandir" "$tree/man$s"; done
bad=
for p in "$mandir"/*.[0-9]; do
  w=$(cd "$tree" && "$GROFF" -man -Tutf8 -ww -z "$p" 2>&1)
  if [ -n "$w" ]; then bad="$bad $p"; echo "$w" | sed 's/^/# /'; fi
done
if [ -z "$bad" ]; then
  echo "ok 2 - every page renders without warnings"
else
  echo "not ok 2 - every page renders without warnings:$bad"
fi
