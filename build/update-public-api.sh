#!/usr/bin/env bash
# Records the public API of one or more packages in their PublicAPI.Unshipped.txt (Microsoft.CodeAnalysis.PublicApiAnalyzers):
# builds each project, collects the symbols the analyzer reports as undeclared (RS0016) and appends them, and removes the
# lines it reports as gone (RS0017). Review the diff: it is the API change.
# Usage: bash build/update-public-api.sh src/CallCenterStats.Sdk.Core [src/...]
set -euo pipefail
cd "$(dirname "$0")/.."
script=$(mktemp)
trap 'rm -f "$script"' EXIT
cat > "$script" <<'PY'
import re, sys
path, log_path = sys.argv[1], sys.argv[2]
log = open(log_path).read()
added = set(re.findall(r"RS0016: Symbol '(.+?)' is not part of the declared public API", log))
removed = set(re.findall(r"RS0017: Symbol '(.+?)' is part of the declared API", log))
lines = [l for l in open(path).read().splitlines() if l.strip()]
header = [l for l in lines if l.startswith('#')] or ['#nullable enable']
body = {l for l in lines if not l.startswith('#')}
gone = body & removed
body = sorted((body - removed) | added, key=lambda s: (s.lower(), s))
open(path, 'w').write('\n'.join(header + body) + '\n')
print(f"{path}: +{len(added - set(lines))} -{len(gone)}")
PY
for project in "$@"; do
  unshipped="$project/PublicAPI.Unshipped.txt"
  [ -f "$project/PublicAPI.Shipped.txt" ] || printf '#nullable enable\n' > "$project/PublicAPI.Shipped.txt"
  [ -f "$unshipped" ] || printf '#nullable enable\n' > "$unshipped"
  for pass in 1 2; do
    log=$(mktemp)
    dotnet build "$project" --no-incremental -p:TreatWarningsAsErrors=false -p:WarningsAsErrors= > "$log" 2>&1 || true
    python3 "$script" "$unshipped" "$log"
    rm -f "$log"
  done
done
