# Throwaway PostgreSQL cluster for the test suite (sourced by scripts/test.sh).
# postgres_start: installs Debian's postgresql if it is missing, creates a cluster in a temporary
# directory on a free port, listening on 127.0.0.1 only, and exports POSTGRES_URL.
# postgres_stop: stops it and deletes the directory.
# PG_OPTIONS: more server settings, e.g. "-c shared_buffers=2GB" (the benchmarks' cluster).

_pg_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

_as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

postgres_start() {
  local bin
  bin=$(_pg_bin)
  if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    echo "PostgreSQL not found: installing Debian's postgresql package"
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
    bin=$(_pg_bin)
  fi
  PG_DIR=$(mktemp -d /tmp/motcua-pg.XXXXXX)
  PG_PORT=$(python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  if [ "$(id -u)" = 0 ]; then chown postgres: "$PG_DIR"; fi
  _as_owner "$bin/initdb" -D "$PG_DIR/data" -U motcua -A trust -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 \
    || { cat "$PG_DIR/initdb.log"; return 1; }
  _as_owner "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 start \
    -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off ${PG_OPTIONS:-}" >/dev/null \
    || { cat "$PG_DIR/server.log"; return 1; }
  PG_BIN=$bin
  export POSTGRES_URL="postgres://motcua@127.0.0.1:$PG_PORT/postgres"
  echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') started on 127.0.0.1:$PG_PORT"
}

postgres_stop() {
  if [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR/data" ]; then
    _as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
    echo "PostgreSQL stopped"
  fi
}
