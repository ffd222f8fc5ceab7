#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the team tests: initdb into a temp folder, 127.0.0.1 only.
#   scripts/pg-test-cluster.sh start   → prints the superuser URL (also written to .tmp/pg-test/url)
#   scripts/pg-test-cluster.sh stop    → stops the cluster and deletes its folder
# Port: NIANBAO_PG_PORT (default 55431); state folder: NIANBAO_PG_STATE (default .tmp/pg-test). As root, the server runs as the `postgres` user.
set -eu
cd "$(dirname "$0")/.."
PORT=${NIANBAO_PG_PORT:-55431}
STATE=${NIANBAO_PG_STATE:-.tmp/pg-test}
PASS=nianbao-test
BIN=${PG_BIN:-}
if [ -z "$BIN" ]; then
  for v in 17 16 15 14 13; do [ -x /usr/lib/postgresql/$v/bin/initdb ] && { BIN=/usr/lib/postgresql/$v/bin; break; }; done
fi
[ -n "$BIN" ] || { echo "PostgreSQL not installed (apt-get install postgresql)" >&2; exit 1; }
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "${1:-}" in
start)
  mkdir -p "$STATE"
  if [ -f "$STATE/dir" ] && as_pg "$BIN/pg_ctl" -D "$(cat "$STATE/dir")/data" status >/dev/null 2>&1; then cat "$STATE/url"; exit 0; fi
  dir=$(mktemp -d /tmp/nianbao-pg.XXXXXX)
  chmod 755 "$dir"
  echo "$PASS" > "$dir/pw"
  [ "$(id -u)" -eq 0 ] && chown -R postgres:postgres "$dir"
  as_pg "$BIN/initdb" -D "$dir/data" -U postgres --pwfile="$dir/pw" --auth=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  as_pg "$BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories=$dir -c max_connections=200 -c fsync=on" start >/dev/null \
    || { cat "$dir/server.log" >&2; exit 1; }
  echo "$dir" > "$STATE/dir"
  echo "postgres://postgres:$PASS@127.0.0.1:$PORT/postgres" > "$STATE/url"
  cat "$STATE/url"
  ;;
stop)
  [ -f "$STATE/dir" ] || exit 0
  dir=$(cat "$STATE/dir")
  as_pg "$BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$dir" "$STATE/dir" "$STATE/url"
  ;;
# For the tests that kill the server mid-push: stop hard / start again on the same data.
kill)
  dir=$(cat "$STATE/dir"); as_pg "$BIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null ;;
restart)
  dir=$(cat "$STATE/dir"); as_pg "$BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
    -o "-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories=$dir -c max_connections=200" start >/dev/null ;;
*) echo "usage: $0 start|stop|kill|restart" >&2; exit 2 ;;
esac
