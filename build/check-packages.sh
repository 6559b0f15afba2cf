#!/usr/bin/env bash
# Checks every package in artifacts/packages: README and XML docs (a tool: its settings and assembly) inside the
# .nupkg, and a .snupkg beside it.
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
  if grep -qE '^tools/net10.0/any/DotnetToolSettings\.xml$' <<<"$listing"; then
    # A .NET tool (ccstats): its entry assembly must be inside; a tool has no API to document.
    grep -qE '^tools/net10.0/any/CallCenterStats\.Cli\.dll$' <<<"$listing" || { echo "$id: tool assembly missing" >&2; exit 1; }
  else
    grep -qE '^lib/net10.0/.+\.xml$' <<<"$listing" || { echo "$id: XML docs missing" >&2; exit 1; }
  fi
  [ -f "$dir/$id.snupkg" ] || { echo "$id: symbol package missing" >&2; exit 1; }
  echo "ok $id"
done
