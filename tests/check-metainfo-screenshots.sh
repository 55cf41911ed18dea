#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Every screenshot in the metainfo is a URL pinned to the newest release's tag
# that names a PNG in data/screenshots/, so what the software centres show
# exists in the tree the tag points at.
set -eu
srcdir="$1"
cd "$srcdir"
metainfo=data/io.github.dipcc.Companion.metainfo.xml.in
prefix=https://raw.githubusercontent.com/dipcc/companion

version=$(sed -n 's/.*<release version="\([^"]*\)".*/\1/p' "$metainfo" | head -n 1)
[ -n "$version" ] || { echo "no <release> in $metainfo"; exit 1; }

urls=$(sed -n 's/.*<image[^>]*>\([^<]*\)<\/image>.*/\1/p' "$metainfo")
[ -n "$urls" ] || { echo "no screenshots in $metainfo"; exit 1; }

status=0
n=0
png_magic=$(printf '\211PNG\r\n\032\n' | od -An -tx1)
for url in $urls; do
  n=$((n + 1))
  case "$url" in
    "$prefix/v$version/data/screenshots/"*.png) ;;
    *)
      echo "not ok: $url is not $prefix/v$version/data/screenshots/NAME.png"
      status=1
      continue
      ;;
  esac
  file=${url#"$prefix/v$version/"}
  if [ ! -f "$file" ]; then
    echo "not ok: $file does not exist ($url)"
    status=1
  elif [ "$(head -c 8 "$file" | od -An -tx1)" != "$png_magic" ]; then
    echo "not ok: $file is not a PNG"
    status=1
  fi
done
[ $status -eq 0 ] && echo "ok: $n screenshots, pinned to v$version, all in data/screenshots/"
exit $status
