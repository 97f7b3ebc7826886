#!/usr/bin/env bash
# Runs qc's whole default test suite. Installs what is missing first (scripts/setup.sh).
# Ends with the line "N passed, N failed[, N skipped]" computed from the TRX results.
# Usage: scripts/test.sh [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Onnx]
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/setup.sh || { echo "setup failed"; echo "0 passed, 1 failed"; exit 1; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
results="$ROOT/TestResults"
rm -rf "$results"
echo "[test] building" >&2
mkdir -p "$results"
if ! dotnet build Compiler.sln -c Release -nologo > "$results/build.log" 2>&1; then
  grep -E " error " "$results/build.log" | sort -u | head -40
  echo "0 passed, 1 failed"; exit 1
fi
echo "[test] running tests" >&2
dotnet test Compiler.sln -c Release --no-build --logger trx --results-directory "$results" "$@"
rc=$?
passed=0; failed=0; skipped=0; files=0
for f in "$results"/*.trx; do
  [ -f "$f" ] || continue
  files=$((files + 1))
  c=$(grep -o '<Counters [^>]*>' "$f")
  get() { sed -nE "s/.* $1=\"([0-9]+)\".*/\1/p" <<<"$c"; }
  passed=$((passed + $(get passed))); failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  # xunit reports skipped tests as total - executed (its notExecuted counter stays 0).
  skipped=$((skipped + $(get total) - $(get executed)))
done
if [ "$files" -eq 0 ]; then failed=$((failed + 1)); rc=1; fi
if [ "$skipped" -gt 0 ]; then echo "$passed passed, $failed failed, $skipped skipped"; else echo "$passed passed, $failed failed"; fi
exit $rc
