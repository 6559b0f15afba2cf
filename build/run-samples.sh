#!/usr/bin/env bash
# Runs every sample the way a user would, against locally packed packages: each samples/scripts/*.cs with
# `dotnet run` (file-based apps, #:package directives) and each samples/notebooks/*.ipynb headless in Jupyter with the
# .NET Interactive kernel (#r "nuget: ..."). Every sample starts the embedded emulator and checks what it reads; a
# script fails by its exit code, a notebook by any error output or stderr stream. Prints one line per sample and
# exits non-zero when any failed.
#
#   build/run-samples.sh <package-folder> [name-filter]     (e.g. artifacts/packages, as written by dotnet pack)
#
# Installs what is missing: Debian's jupyter-nbconvert, python3-nbformat and python3-jupyter-client (apt-get), the
# .NET Interactive tool (dotnet tool install -g) and its Jupyter kernels. Uses Debian's /usr/bin/python3, which sees
# Debian's nbformat (another python3 on PATH may not).
#
# Packages: the samples ask for version $version of CallCenterStats.Sdk.*, the version every local pack produces.
# NuGet caches a package by id and version forever, so the CallCenterStats.* folders are removed from the NuGet
# package cache first: every run restores the packages it was given, never ones cached by an earlier run. Other
# packages (NodaTime, Microsoft.Extensions.*, ...) stay cached. Scripts run with `dotnet run --no-cache` (no
# build reused from an earlier run). Timeouts: SCRIPT_TIMEOUT (default 300 s) per script, NOTEBOOK_TIMEOUT (default
# 600 s) per notebook.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
[ $# -ge 1 ] && [ $# -le 2 ] || { echo "usage: $0 <package-folder> [name-filter]" >&2; exit 2; }
only=${2:-} # runs only the samples whose file name contains it
packages=$(cd "$1" && pwd)
version=$(sed -n 's:.*<VersionPrefix>\(.*\)</VersionPrefix>.*:\1:p' "$root/Directory.Build.props")-$(sed -n 's:.*<VersionSuffix>\(.*\)</VersionSuffix>.*:\1:p' "$root/Directory.Build.props")
ls "$packages"/CallCenterStats.Sdk.Core."$version".nupkg >/dev/null || { echo "no CallCenterStats.Sdk.Core $version in $packages" >&2; exit 1; }
script_timeout=${SCRIPT_TIMEOUT:-300}
notebook_timeout=${NOTEBOOK_TIMEOUT:-600}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export HOME=${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)} # the NuGet cache, the tools and the kernels live there
export PATH="$PATH:$HOME/.dotnet/tools"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# --- what the samples need -------------------------------------------------------------------------------------------
python=/usr/bin/python3
if ! "$python" -c 'import nbformat, jupyter_client, nbconvert' 2>/dev/null; then
  echo "installing Jupyter (Debian packages)"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq jupyter-nbconvert python3-nbformat python3-jupyter-client >/dev/null
fi
if ! dotnet tool list -g | grep -qi '^microsoft.dotnet-interactive '; then
  echo "installing .NET Interactive"
  dotnet tool install -g Microsoft.dotnet-interactive --version 1.0.712001 >/dev/null
fi
kernels=${JUPYTER_DATA_DIR:-$HOME/.local/share/jupyter}/kernels
if [ ! -f "$kernels/.net-csharp/kernel.json" ]; then
  mkdir -p "$kernels" # without it the kernel install fails
  dotnet interactive jupyter install >/dev/null
fi

# --- a clean start for our packages ----------------------------------------------------------------------------------
cache=${NUGET_PACKAGES:-$HOME/.nuget/packages}
rm -rf "$cache"/callcenterstats.*

passed=0
failed=0
report() { # name status seconds
  if [ "$2" = ok ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
  printf '%-40s %s (%s s)\n' "$1" "$2" "$3"
}

# --- scripts ---------------------------------------------------------------------------------------------------------
export CCSTATS_PACKAGES="$packages"
for script in "$root"/samples/scripts/*.cs; do
  name=samples/scripts/$(basename "$script")
  [[ $name == *"$only"* ]] || continue
  run="$work/$(basename "$script" .cs)"
  mkdir -p "$run"
  start=$SECONDS
  # Run from a folder of its own: the scripts write their output (a CSV, a SQLite file) to the current folder.
  if (cd "$run" && timeout "$script_timeout" dotnet run --no-cache --file "$script") >"$run.log" 2>&1; then
    report "$name" ok $((SECONDS - start))
  else
    status=$?
    cat "$run.log"
    report "$name" "FAILED (exit $status)" $((SECONDS - start))
  fi
done

# --- notebooks -------------------------------------------------------------------------------------------------------
# A copy of each notebook, with its #i line (a placeholder path) pointed at the package folder given, executed where the copy is. Every cell
# runs (--allow-errors), then build/check-notebook.py fails the notebook on any error output, naming the cells.
for notebook in "$root"/samples/notebooks/*.ipynb; do
  name=samples/notebooks/$(basename "$notebook")
  [[ $name == *"$only"* ]] || continue
  copy="$work/notebooks/$(basename "$notebook")"
  mkdir -p "$work/notebooks/out"
  sed "s|#i \\\\\"nuget: /path/to/CallCenterStats.Sdk/artifacts/packages\\\\\"|#i \\\\\"nuget: $packages\\\\\"|" "$notebook" >"$copy"
  grep -qF "nuget: $packages" "$copy" || { report "$name" "FAILED (no #i line to point at $packages)" 0; continue; }
  start=$SECONDS
  if ! timeout "$notebook_timeout" "$python" -m jupyter nbconvert --to notebook --execute --allow-errors \
       --ExecutePreprocessor.timeout="$notebook_timeout" --ExecutePreprocessor.kernel_name=.net-csharp \
       --output-dir "$work/notebooks/out" "$copy" >"$copy.log" 2>&1; then
    status=$?
    tail -n 40 "$copy.log"
    report "$name" "FAILED (nbconvert exit $status)" $((SECONDS - start))
  elif ! "$python" "$root/build/check-notebook.py" "$work/notebooks/out/$(basename "$notebook")"; then
    report "$name" "FAILED (error output)" $((SECONDS - start))
  else
    report "$name" ok $((SECONDS - start))
  fi
done

echo "samples: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
