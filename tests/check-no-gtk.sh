#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Fails when a binary linked only against libdipcc-core loads GTK or libadwaita.
set -eu
bin="$1"
[ -x "$bin" ] || { echo "not found: $bin" >&2; exit 1; }
if ldd "$bin" | grep -E 'libgtk|libadwaita|libgdk'; then
  echo "libdipcc-core pulls in GTK: see the lines above" >&2
  exit 1
fi
echo "ok: $(basename "$bin") links no GTK ($(ldd "$bin" | wc -l) libraries)"
