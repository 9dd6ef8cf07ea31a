#!/usr/bin/env bash
# A throwaway PostgreSQL server for the test run: `start` prints its URL, `stop` removes it.
#
# Installs nothing: it uses Debian's postgresql package (`apt-get install -y postgresql`), runs
# initdb in a temporary directory as the `postgres` user (or as the current user if not root),
# listens only on 127.0.0.1 with trust authentication, and prints
#   postgresql://postgres@127.0.0.1:PORT/quotetrail_test
# for QUOTETRAIL_TEST_PG. State lives in $PG_TEST_DIR (default /tmp/quotetrail-pg-test).
set -euo pipefail

dir="${PG_TEST_DIR:-/tmp/quotetrail-pg-test}"
port="${PG_TEST_PORT:-54329}"
db=quotetrail_test

bindir=""
for candidate in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
  if [ -x "$candidate/pg_ctl" ]; then bindir="$candidate"; break; fi
done
if [ -z "$bindir" ]; then
  echo "pg_test_server: no PostgreSQL found under /usr/lib/postgresql (apt-get install -y postgresql)" >&2
  exit 1
fi

as_owner() {
  if [ "$(id -u)" = 0 ]; then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

case "${1:-}" in
  start)
    if [ -f "$dir/data/postmaster.pid" ] && as_owner "$bindir/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
      echo "postgresql://postgres@127.0.0.1:$port/$db"
      exit 0
    fi
    rm -rf "$dir"
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres: "$dir"
    as_owner "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=100" start >/dev/null \
      || { cat "$dir/server.log" >&2; exit 1; }
    as_owner "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres "$db"
    echo "postgresql://postgres@127.0.0.1:$port/$db"
    ;;
  stop)
    if [ -d "$dir/data" ]; then
      as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
