#!/usr/bin/env bash
# Runs the unit and integration tests and the browser tests at the same time, one on each core. The browser tests
# use their own SQLite file, their own provider and their own ports, so the two runs share nothing but the machine,
# and the suite takes the time of the longer one. A failing run, or one that collected no tests (pytest's exit
# code 5), fails the whole.
set -uo pipefail
cd "$(dirname "$0")/.."

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
.venv/bin/pytest e2e --durations=20 >"$log" 2>&1 &
e2e_pid=$!
.venv/bin/pytest tests --durations=20
unit=$?
wait "$e2e_pid"
e2e=$?
echo
echo "---------------------------------------- browser tests ----------------------------------------"
cat "$log"
echo "Unit and integration tests: exit code $unit. Browser tests: exit code $e2e."
[ "$unit" -eq 0 ] && [ "$e2e" -eq 0 ]
