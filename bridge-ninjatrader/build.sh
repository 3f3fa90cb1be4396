#!/usr/bin/env bash
# Builds the copygate NinjaTrader bridge under Mono, into bridge-ninjatrader/build/:
#   NinjaTrader.Stub.dll     stubs/  - test stand-in for NinjaTrader's own assemblies
#   CopygateBridge.dll       src/    - the add-on traders import (C# 5, .NET Framework 4.8 API only)
#   CopygateBridgeHost.exe   host/   - runs the add-on over the stub for the gateway's tests
#   CopygateBridgeTests.exe  tests/  - the C# unit tests
# Usage: ./build.sh [--test [name-filter]]
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/build"

if ! command -v mcs >/dev/null 2>&1 || ! command -v mono >/dev/null 2>&1; then
  echo "build.sh: the Mono C# compiler (mcs) and runtime (mono) are required but were not found." >&2
  echo "          Install them with:  apt-get update && apt-get install -y mono-devel" >&2
  exit 2
fi

# The add-on must compile inside NinjaTrader, where none of the stub-only control types exist.
if grep -rn "NinjaTrader\.Stub" "$here/src" >/dev/null; then
  echo "build.sh: src/ references NinjaTrader.Stub (test-only); the add-on would not compile in NinjaTrader:" >&2
  grep -rn "NinjaTrader\.Stub" "$here/src" >&2
  exit 1
fi

mkdir -p "$out"
flags=(-nologo -debug -warnaserror+ -nowarn:1591)

mcs "${flags[@]}" -target:library -out:"$out/NinjaTrader.Stub.dll" "$here"/stubs/*.cs

# -sdk:4.8 compiles against the .NET Framework 4.8 reference assemblies NinjaTrader 8 runs on;
# -langversion:5 keeps the files acceptable to NinjaScript's compiler.
mcs "${flags[@]}" -sdk:4.8 -langversion:5 -target:library -out:"$out/CopygateBridge.dll" \
  -r:"$out/NinjaTrader.Stub.dll" "$here"/src/*.cs

mcs "${flags[@]}" -target:exe -out:"$out/CopygateBridgeHost.exe" \
  -r:"$out/NinjaTrader.Stub.dll" -r:"$out/CopygateBridge.dll" -r:Mono.Posix "$here"/host/*.cs

mcs "${flags[@]}" -target:exe -out:"$out/CopygateBridgeTests.exe" \
  -r:"$out/NinjaTrader.Stub.dll" -r:"$out/CopygateBridge.dll" -r:System.Net.Http -r:Mono.Posix "$here"/tests/*.cs

echo "build.sh: built $out"

if [ "${1:-}" = "--test" ]; then
  shift
  cd "$out"
  exec mono --debug CopygateBridgeTests.exe "$@"
fi
