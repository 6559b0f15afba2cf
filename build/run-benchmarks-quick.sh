#!/usr/bin/env bash
# The benchmarks' short mode (issue 15): proves every benchmark still builds, runs and checks its results (each setup
# compares the SDK's rows with the floor's), without judging any figure: timing assertions do not belong in CI.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet run -c Release --project benchmarks/CallCenterStats.Sdk.Benchmarks -- quick
