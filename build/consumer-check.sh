#!/usr/bin/env bash
# The consumer check: build/consumer (an app as a user writes it) copied out of the repository, restored from a local
# package folder plus the registry, run with the JIT, then published with Native AOT (no trim or AOT warning allowed:
# any IL2xxx/IL3xxx fails the check) and the native binary run. The app registers all five vendor clients from its
# appsettings.json (two VCC Live accounts), starts the embedded emulator, lays the emulator's endpoints and credentials
# over the configuration, and checks every figure it pulls against the simulation (see Program.cs).
#
#   build/consumer-check.sh <package-folder>     (e.g. artifacts/packages, as written by dotnet pack)
#
# The CallCenterStats.* folders are removed from the NuGet package cache first (NuGet caches an id and version
# forever, and every local pack has the same version), so the packages checked are the ones given. Native AOT needs
# clang and zlib1g-dev: installed with apt-get when missing.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
[ $# -eq 1 ] || { echo "usage: $0 <package-folder>" >&2; exit 2; }
packages=$(cd "$1" && pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export HOME=${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)} # the NuGet cache, the tools and the kernels live there

if ! command -v clang >/dev/null || ! dpkg -s zlib1g-dev >/dev/null 2>&1; then
  echo "installing clang and zlib1g-dev for Native AOT"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang zlib1g-dev >/dev/null
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$root/build/consumer" "$work/app"
rm -rf "$work/app/bin" "$work/app/obj"
rm -rf "${NUGET_PACKAGES:-$HOME/.nuget/packages}"/callcenterstats.*
version=$(sed -n 's:.*<CallCenterStatsVersion>\(.*\)</CallCenterStatsVersion>.*:\1:p' "$work/app/CallCenterStats.ConsumerCheck.csproj")
# The local folder is added to the sources the machine already has (its NuGet.config), as a user would add one.
sources=(-p:RestoreAdditionalProjectSources="$packages")

step() { echo "--- $1 ($((SECONDS - started)) s)"; }
started=$SECONDS

# The install lines of the READMEs, run as written in a new console app (and the tool's into a folder instead of the
# global tools): each must be `dotnet add package CallCenterStats.Sdk.X --prerelease` while versions are previews.
step "the READMEs' install lines"
mkdir -p "$work/install" && cd "$work/install"
dotnet new console --framework net10.0 >/dev/null
cat >NuGet.config <<CONFIG
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="local packages" value="$packages" />
  </packageSources>
</configuration>
CONFIG
mapfile -t lines < <(grep -hE '^\s*dotnet (add package|tool install)' "$root"/README.md "$root"/src/*/README.md | sed 's/^ *//' | sort -u)
[ ${#lines[@]} -ge 9 ] || { echo "expected an install line in every package README, found ${#lines[@]}" >&2; exit 1; }
for line in "${lines[@]}"; do
  if [[ $line =~ ^dotnet\ add\ package\ (CallCenterStats\.Sdk\.[A-Za-z]+)\ --prerelease$ ]]; then
    $line >"$work/add.log" 2>&1 || { cat "$work/add.log"; echo "failed: $line" >&2; exit 1; }
    grep -q "Include=\"${BASH_REMATCH[1]}\" Version=\"$version\"" install.csproj || { echo "$line did not add version $version" >&2; exit 1; }
  elif [[ $line =~ ^dotnet\ tool\ install\ (--global|-g)\ CallCenterStats\.Cli\ --prerelease$ ]]; then
    dotnet tool install --tool-path "$work/tools" CallCenterStats.Cli --prerelease >"$work/add.log" 2>&1 || { cat "$work/add.log"; echo "failed: $line" >&2; exit 1; }
    "$work/tools/ccstats" --version
  else
    echo "an install line that does not work with preview versions: $line" >&2
    exit 1
  fi
  echo "ok: $line"
done
dotnet build -warnaserror >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }

step "restore and run (JIT)"
cd "$work/app"
dotnet build -c Release "${sources[@]}" -warnaserror >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
dotnet bin/Release/net10.0/CallCenterStats.ConsumerCheck.dll

step "publish with Native AOT"
if ! dotnet publish -c Release -r linux-x64 -p:PublishAot=true "${sources[@]}" -o "$work/native" >"$work/publish.log" 2>&1; then
  cat "$work/publish.log"
  exit 1
fi
if grep -E "warning (IL[23][0-9]{3}|CS|CA|NU|NETSDK)[0-9]*" "$work/publish.log"; then
  echo "the Native AOT publish produced warnings" >&2
  exit 1
fi
echo "native binary: $(du -h "$work/native/CallCenterStats.ConsumerCheck" | cut -f1)"

step "run the native binary"
"$work/native/CallCenterStats.ConsumerCheck"
step "consumer check passed"
