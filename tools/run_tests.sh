#!/usr/bin/env bash
# `make test`: the two passes side by side. Every test on SQLite (the embedded default) in the foreground, and the
# integration and GUI tests again with every desk on the throwaway PostgreSQL server (server mode, issue 15) in the
# background, its output shown when it ends. Each pass is one Python process, so on a machine with two or more
# cores running them together takes about the longer pass instead of the sum (CI's 25-minute budget).
# Usage: tools/run_tests.sh PYTHON [pytest arguments for both passes]
set -uo pipefail
PY=${1:?the venv python}
shift
PG=$(bash tools/pg_test_server.sh) || exit 1
export ARREARS_DESK_TEST_PG=$PG QT_QPA_PLATFORM=offscreen
# the two passes share the cores: a GUI wait gives up after 3x its timeout (tests/conftest.py), a pass still ends
# as soon as its conditions hold
export ARREARS_DESK_TEST_PATIENCE=${ARREARS_DESK_TEST_PATIENCE:-3}
LOG=$(mktemp -t arrears-desk-server-pass.XXXXXX)
ARREARS_DESK_TEST_BACKEND=postgresql "$PY" -m pytest -q --durations=10 "$@" tests/integration tests/gui >"$LOG" 2>&1 &
server_pass=$!
trap 'kill "$server_pass" 2>/dev/null; rm -f "$LOG"' EXIT
echo "== SQLite pass (the PostgreSQL pass runs beside it; its output follows) =="
"$PY" -m pytest -q --durations=10 "$@"
sqlite_rc=$?
wait "$server_pass"
server_rc=$?
echo
echo "== PostgreSQL pass (ARREARS_DESK_TEST_BACKEND=postgresql: tests/integration tests/gui) =="
cat "$LOG"
echo
echo "SQLite pass: $([ $sqlite_rc = 0 ] && echo passed || echo "FAILED ($sqlite_rc)");" \
     "PostgreSQL pass: $([ $server_rc = 0 ] && echo passed || echo "FAILED ($server_rc)")"
[ $sqlite_rc = 0 ] && [ $server_rc = 0 ]
