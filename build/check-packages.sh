#!/usr/bin/env bash
# Checks every package in artifacts/packages: README and XML docs inside the .nupkg, and a .snupkg beside it.
set -euo pipefail
dir=${1:-artifacts/packages}
shopt -s nullglob
packages=("$dir"/*.nupkg)
[ ${#packages[@]} -gt 0 ] || { echo "no packages in $dir" >&2; exit 1; }
for pkg in "${packages[@]}"; do
  case "$pkg" in *.symbols.nupkg) continue ;; esac
  id=$(basename "$pkg" .nupkg)
  listing=$(python3 -c 'import sys, zipfile; print("\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))' "$pkg")
  grep -qx 'README.md' <<<"$listing" || { echo "$id: README.md missing" >&2; exit 1; }
  grep -qE '^lib/net10.0/.+\.xml$' <<<"$listing" || { echo "$id: XML docs missing" >&2; exit 1; }
  [ -f "$dir/$id.snupkg" ] || { echo "$id: symbol package missing" >&2; exit 1; }
  echo "ok $id"
done
