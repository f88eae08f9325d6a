#!/usr/bin/env bash
# A throwaway PostgreSQL server on loopback for the grading tests (nbgrader's gradebook via db_url).
#
#   eval "$(bash .ci/postgres.sh start)"   # starts it (once) and prints: export COURSE_TEST_POSTGRES_URL=...
#   bash .ci/postgres.sh stop              # stops it
#
# Uses Debian's postgresql package (apt-get install postgresql) but not its system cluster: a
# private cluster in $COURSE_PG_DIR on port $COURSE_PG_PORT, trust auth on 127.0.0.1 only, no
# fsync (test data only). Run as root, the server runs as the `postgres` user the package creates.
# Diagnostics go to stderr; stdout carries only the export line.
set -euo pipefail

PORT="${COURSE_PG_PORT:-54329}"
DIR="${COURSE_PG_DIR:-/tmp/course-postgres-$PORT}"
URL="postgresql://postgres@127.0.0.1:$PORT/postgres"

bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
if [ -z "$bindir" ] || [ ! -x "$bindir/pg_ctl" ]; then
    echo "postgres.sh: no PostgreSQL server found (apt-get install postgresql)" >&2
    exit 1
fi

as_owner() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

case "${1:-start}" in
start)
    if [ ! -s "$DIR/PG_VERSION" ]; then
        mkdir -p "$DIR"
        [ "$(id -u)" = 0 ] && chown postgres: "$DIR"
        chmod 700 "$DIR"
        as_owner "$bindir/initdb" -D "$DIR" -U postgres --auth=trust --encoding=UTF8 \
            --no-instructions >"$DIR.initdb.log" 2>&1 \
            || { cat "$DIR.initdb.log" >&2; exit 1; }
    fi
    if ! as_owner "$bindir/pg_ctl" -D "$DIR" status >/dev/null 2>&1; then
        as_owner "$bindir/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w -t 60 \
            -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
            start >&2 || { tail -n 30 "$DIR/server.log" >&2; exit 1; }
    fi
    "$bindir/pg_isready" -h 127.0.0.1 -p "$PORT" -t 30 >&2
    echo "export COURSE_TEST_POSTGRES_URL=$URL"
    ;;
stop)
    if [ -s "$DIR/PG_VERSION" ]; then
        as_owner "$bindir/pg_ctl" -D "$DIR" -m fast -w stop >&2 || true
    fi
    ;;
*)
    echo "usage: $0 start|stop" >&2
    exit 2
    ;;
esac
