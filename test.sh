#!/usr/bin/env bash
# Set up (as ./run.sh does), then run every test: unit, integration with real processes,
# real SQLite files and a real PostgreSQL server. Extra arguments go to `dotnet test` (e.g. --filter "Category!=Slow").
set -euo pipefail
root="$(cd "$(dirname "$0")" && pwd)"
cd "$root"
SETUP_FORCE_BUILD=1 "$root/scripts/setup.sh"
# A throwaway PostgreSQL server for the tests that run on both stores (initdb in a temp folder, its own port and
# socket), stopped however this script ends; its watcher stops it too should this script be killed outright.
if [ -z "${STREAMLAB_TEST_PG:-}" ]; then
  eval "$("$root/scripts/throwaway-postgres.sh" start --owner $$)"
  export STREAMLAB_TEST_PG
  stop_pg() { "$root/scripts/throwaway-postgres.sh" stop "$STREAMLAB_TEST_PG_DIR"; }
  trap stop_pg EXIT
  trap 'exit 130' INT TERM
fi
out=$(mktemp)
set +e
dotnet test StreamLab.sln -c Release --no-build --nologo \
  --blame-hang-timeout 5m --results-directory "$root/TestResults" "$@" 2>&1 | tee "$out"
status=${PIPESTATUS[0]}
set -e
# One plain closing line: "N passed, N failed".
passed=$(grep -oE 'Passed: +[0-9]+' "$out" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$out" | awk '{s+=$2} END {print s+0}')
rm -f "$out"
echo "tests: $passed passed, $failed failed"
if [ "$status" -eq 0 ] && [ "$passed" -eq 0 ]; then
  echo "no test ran" >&2; exit 1
fi
exit "$status"
