#!/usr/bin/env bash
# Runs the unit and integration tests and the browser tests at the same time. With TEST_DATABASE_URL set, the unit
# and integration tests run as two processes, one on SQLite (with the tests that use no database) and one on
# PostgreSQL, so the machine's two cores share three runs and the suite takes about the time of the longest. The
# browser tests use their own SQLite file, their own provider and their own ports; the PostgreSQL tests a schema
# of their own; Redis keys carry a prefix of each test's own. The unit runs are niced: the browser tests wait on
# Chromium step by step, so they lose the most when they wait for a core, and are otherwise the last to finish. A
# failing run, or one that collected no tests (pytest's exit code 5), fails the whole.
set -uo pipefail
cd "$(dirname "$0")/.."

logs="$(mktemp -d)"
trap 'rm -rf "$logs"' EXIT
.venv/bin/pytest e2e --durations=20 >"$logs/e2e" 2>&1 &
e2e_pid=$!
postgresql=0
if [ -n "${TEST_DATABASE_URL:-}" ]; then
  TEST_BACKEND=postgresql nice -n 10 .venv/bin/pytest tests --durations=20 >"$logs/postgresql" 2>&1 &
  postgresql_pid=$!
  TEST_BACKEND=sqlite nice -n 10 .venv/bin/pytest tests --durations=20
  sqlite=$?
  wait "$postgresql_pid"
  postgresql=$?
  echo
  echo "------------------------------------ PostgreSQL unit tests ------------------------------------"
  cat "$logs/postgresql"
else
  nice -n 10 .venv/bin/pytest tests --durations=20
  sqlite=$?
fi
wait "$e2e_pid"
e2e=$?
echo
echo "---------------------------------------- browser tests ----------------------------------------"
cat "$logs/e2e"
echo "Unit and integration tests: exit code $sqlite (SQLite), $postgresql (PostgreSQL). Browser tests: exit code $e2e."
[ "$sqlite" -eq 0 ] && [ "$postgresql" -eq 0 ] && [ "$e2e" -eq 0 ]
