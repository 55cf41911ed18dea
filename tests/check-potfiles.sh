#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Fails when a source file with translatable strings is missing from
# po/POTFILES.in (or listed in po/POTFILES.skip), or a listed file is gone.
set -eu
srcdir="$1"
cd "$srcdir"
status=0
listed=$(grep -v '^#' po/POTFILES.in | sed '/^$/d')
skipped=$(grep -v '^#' po/POTFILES.skip 2>/dev/null | sed '/^$/d' || true)
for f in $(find src data \( -name '*.c' -o -name '*.ui' -o -name '*.in' \) 2>/dev/null | sort); do
  if grep -qE '(^|[^A-Za-z0-9_])(_|N_|C_|NC_|ngettext)\(|translatable="yes"' "$f"; then
    if ! printf '%s\n' "$listed" "$skipped" | grep -qx "$f"; then
      echo "missing from po/POTFILES.in: $f"
      status=1
    fi
  fi
done
for f in $listed; do
  [ -f "$f" ] || { echo "listed in po/POTFILES.in but missing: $f"; status=1; }
done
[ $status -eq 0 ] && echo "ok: po/POTFILES.in lists all $(printf '%s\n' "$listed" | wc -l) files with translatable strings"
exit $status
