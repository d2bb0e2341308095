#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests (issue 15): started once, reused while it runs, and its
# connection URL printed on stdout. The cluster lives in a temporary folder with fsync off (the tests
# check the program, not the server's durability). PostgreSQL refuses to run as root: as root (CI), the
# cluster belongs to the `postgres` user and is started through runuser; anyone else runs it as themselves.
# Trust authentication on 127.0.0.1 only: no password exists anywhere.
set -euo pipefail
DIR=${ARREARS_DESK_PG_DIR:-/tmp/arrears-desk-pg}
PORT=${ARREARS_DESK_PG_PORT:-54329}
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$BIN" ] || [ ! -x "$BIN/pg_ctl" ]; then
  echo "PostgreSQL is not installed (Debian package postgresql; .ci/install-system-deps.sh installs it)" >&2
  exit 1
fi
as_owner() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [ ! -f "$DIR/data/PG_VERSION" ]; then
  mkdir -p "$DIR"
  [ "$(id -u)" = "0" ] && chown postgres: "$DIR"
  as_owner "$BIN/initdb" -D "$DIR/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 || {
    cat "$DIR/initdb.log" >&2; exit 1; }
fi
if ! as_owner "$BIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; then
  as_owner "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 start \
    -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off \
        -c full_page_writes=off -c max_connections=300 -c shared_buffers=128MB" >/dev/null || {
    tail -n 20 "$DIR/server.log" >&2; exit 1; }
fi
# the port the cluster runs on: its postmaster.pid's 4th line (one already running from this folder may have been
# started with another port than PORT)
RUNNING_PORT=$(sed -n 4p "$DIR/data/postmaster.pid" 2>/dev/null || true)
echo "postgresql+psycopg://postgres@127.0.0.1:${RUNNING_PORT:-$PORT}/postgres"
