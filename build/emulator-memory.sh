#!/usr/bin/env bash
# Measures what a large answer costs the standalone emulator: starts it with AGENTS agents over DAYS days, downloads
# a month of VCC Live 15-minute rows (project, user, date, time) in JSON and CSV with curl, and reports the answer
# sizes, the time taken and the emulator's peak resident memory (VmRSS, sampled every 0.2 s). Linux only.
# Usage: build/emulator-memory.sh [AGENTS=3000] [DAYS=31]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
agents=${1:-3000}
days=${2:-31}
work=$(mktemp -d)
trap 'kill "${emulator_pid:-}" "${sampler_pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT

dotnet build "$root/src/CallCenterStats.Sdk.Emulator" -c Release >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
dotnet "$root/src/CallCenterStats.Sdk.Emulator/bin/Release/net10.0/CallCenterStats.Sdk.Emulator.dll" \
  --port "$port" --agents "$agents" --days "$days" >"$work/emulator.log" 2>&1 &
emulator_pid=$!
for _ in $(seq 1 60); do grep -q "Press Ctrl+C" "$work/emulator.log" 2>/dev/null && break; sleep 0.5; done
idle=$(awk '/VmRSS/ {print $2}' "/proc/$emulator_pid/status")
( while kill -0 "$emulator_pid" 2>/dev/null; do awk '/VmRSS/ {print $2}' "/proc/$emulator_pid/status" >>"$work/rss"; sleep 0.2; done ) &
sampler_pid=$!

from=$(python3 -c "import datetime; print((datetime.date(2024,3,11)).strftime('%Y%m%d'))")
to=$(python3 -c "import datetime; print((datetime.date(2024,3,11)+datetime.timedelta(days=$days-1)).strftime('%Y%m%d'))")
echo "emulator: $agents agents, $days days; idle RSS $((idle / 1024)) MB"
for of in json cvs; do
  start=$(date +%s%N)
  bytes=$(curl -s -u emulator:vcc-emulator-token \
    "http://127.0.0.1:$port/vcclive/v2/statistics/userbased?from=$from&to=$to&dimensions=project,user,date,time&of=$of" | wc -c)
  echo "of=$of: $((bytes / 1024 / 1024)) MB in $(( ($(date +%s%N) - start) / 1000000 )) ms"
done
echo "peak RSS $(( $(sort -n "$work/rss" | tail -1) / 1024 )) MB"
