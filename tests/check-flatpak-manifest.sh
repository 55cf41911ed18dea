#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Checks the Flatpak manifest offline: flatpak-builder parses it without
# complaint, every local `path` source exists, archives carry a sha256, and
# finish-args are exactly the permissions the app may have. A real build needs
# the GNOME runtime from Flathub, which CI cannot reach.
# Exit 77 (skipped) without flatpak-builder.
set -eu
manifest="$1"

command -v flatpak-builder >/dev/null 2>&1 || { echo "skip: no flatpak-builder"; exit 77; }
[ -f "$manifest" ] || { echo "no manifest: $manifest"; exit 1; }

# --show-manifest leaves a .flatpak-builder/ state directory in the
# current directory: keep it out of the source tree.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
manifest=$(cd "$(dirname "$manifest")" && pwd)/$(basename "$manifest")

if ! (cd "$work" && flatpak-builder --show-manifest "$manifest" >parsed.json 2>err.txt); then
  cat "$work/err.txt"
  echo "flatpak-builder cannot parse $manifest"
  exit 1
fi
# Unknown keys (typos) are only warnings to flatpak-builder; they fail here.
if [ -s "$work/err.txt" ]; then
  cat "$work/err.txt"
  echo "flatpak-builder complained about $manifest"
  exit 1
fi

if [ -x /usr/bin/python3 ]; then python=/usr/bin/python3; else python=python3; fi
exec "$python" - "$manifest" "$work/parsed.json" <<'PY'
import json, os, re, sys

manifest, parsed = sys.argv[1], sys.argv[2]
allowed = {"--share=network", "--share=ipc", "--socket=wayland",
           "--socket=fallback-x11", "--device=dri"}
problems = []

with open(manifest, encoding="utf-8") as f:
    m = json.load(f)
with open(parsed, encoding="utf-8") as f:
    json.load(f)  # flatpak-builder's own view must be JSON too

app_id = m.get("id") or m.get("app-id")
if app_id + ".json" != os.path.basename(manifest):
    problems.append("the file is not named after the app id %r" % app_id)

finish = m.get("finish-args", [])
if len(finish) != len(set(finish)):
    problems.append("finish-args has duplicates")
if set(finish) != allowed:
    extra = sorted(set(finish) - allowed)
    missing = sorted(allowed - set(finish))
    problems.append("finish-args: not allowed %s, missing %s" % (extra, missing))

base = os.path.dirname(manifest)
n_paths = 0

def check_modules(modules, base):
    global n_paths
    for module in modules:
        if isinstance(module, str):  # a module in its own file
            n_paths += 1
            if not os.path.isfile(os.path.join(base, module)):
                problems.append("module file %s does not exist" % module)
            continue
        name = module.get("name", "?")
        for source in module.get("sources", []):
            if isinstance(source, str):
                n_paths += 1
                if not os.path.isfile(os.path.join(base, source)):
                    problems.append("%s: source file %s does not exist" % (name, source))
                continue
            if "path" in source:
                n_paths += 1
                if not os.path.exists(os.path.join(base, source["path"])):
                    problems.append("%s: path %s does not exist" % (name, source["path"]))
            if "url" in source and source.get("type") in ("archive", "file"):
                if not re.fullmatch(r"[0-9a-f]{64}", source.get("sha256", "")):
                    problems.append("%s: %s has no sha256" % (name, source["url"]))
        check_modules(module.get("modules", []), base)

check_modules(m.get("modules", []), base)

for p in problems:
    print("not ok:", p)
if problems:
    sys.exit(1)
print("ok: %s parses, %d local paths exist, finish-args are the %d allowed"
      % (os.path.basename(manifest), n_paths, len(allowed)))
PY
