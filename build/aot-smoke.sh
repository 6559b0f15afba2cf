#!/usr/bin/env bash
# Native AOT smoke check: publishes build/aot-smoke (every vendor client through DI) as a native binary, which must
# produce no trim/AOT warning, runs it against the standalone emulator, and checks that all five vendors (and all
# three VCC Live formats) report the same talk time for the same agent-day. Needs clang or gcc for the native link.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'kill "${emulator_pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT

dotnet publish "$root/build/aot-smoke/CallCenterStats.Sdk.AotSmoke.csproj" -c Release -r linux-x64 -o "$work/bin" >"$work/publish.log" 2>&1 \
  || { cat "$work/publish.log"; exit 1; }
if grep -E "warning (IL|CS|CA|AOT)[0-9]+" "$work/publish.log"; then
  echo "Native AOT publish produced warnings" >&2
  exit 1
fi
echo "native binary: $(du -h "$work/bin/CallCenterStats.Sdk.AotSmoke" | cut -f1)"

dotnet build "$root/src/CallCenterStats.Sdk.Emulator" -c Release >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
dotnet "$root/src/CallCenterStats.Sdk.Emulator/bin/Release/net10.0/CallCenterStats.Sdk.Emulator.dll" \
  --port "$port" --agents 5 --days 1 --voximplant-credentials "$work/voximplant.json" >"$work/emulator.log" 2>&1 &
emulator_pid=$!
for _ in $(seq 1 60); do grep -q "Press Ctrl+C" "$work/emulator.log" 2>/dev/null && break; sleep 0.5; done

"$work/bin/CallCenterStats.Sdk.AotSmoke" "http://127.0.0.1:$port/" "$work/voximplant.json" | tee "$work/out.txt"
[ "$(wc -l <"$work/out.txt")" -eq 7 ] || { echo "expected 7 vendor lines" >&2; exit 1; }
[ "$(awk '{print $2}' "$work/out.txt" | sort -u | wc -l)" -eq 1 ] || { echo "vendors disagree" >&2; exit 1; }
echo "aot smoke: ok"
