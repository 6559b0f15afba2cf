#!/usr/bin/env bash
# Checks every package in artifacts/packages: README and XML docs (a tool: its settings and assembly) inside the
# .nupkg, and a .snupkg beside it; then its provenance with build/inspect-package.py: license, tags and the repository
# with its commit in the .nuspec, a deterministic assembly whose symbols are the .snupkg's PDB, and SourceLink in that
# PDB pointing at the commit (on CI, CI=true: paths mapped to /_/ by ContinuousIntegrationBuild too).
set -euo pipefail
dir=${1:-artifacts/packages}
shopt -s nullglob
ci_flag=()
[ "${CI:-}" = true ] && ci_flag=(--ci)
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
  # Prints "ok <id>: ..." or the problems.
  python3 "$(dirname "$0")/inspect-package.py" "$pkg" ${ci_flag[@]+"${ci_flag[@]}"} || exit 1
done
