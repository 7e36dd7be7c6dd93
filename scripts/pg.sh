#!/usr/bin/env bash
# A throwaway PostgreSQL server on loopback. Usage: source scripts/pg.sh; pg_start; …; pg_stop
PG_PORT=${PG_PORT:-55432}
pg_start() {
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
  PG_ROOT=$(mktemp -d /tmp/bimkemas-pg.XXXXXX)
  PG_DATA=$PG_ROOT/data; PG_SOCK=$PG_ROOT/sock
  mkdir -p "$PG_DATA" "$PG_SOCK"
  if [ "$(id -u)" -eq 0 ]; then
    chown -R postgres:postgres "$PG_ROOT"; RUN=(runuser -u postgres --)
  else
    RUN=()
  fi
  # pick a free port
  while (exec 3<>/dev/tcp/127.0.0.1/$PG_PORT) 2>/dev/null; do PG_PORT=$((PG_PORT+1)); done
  "${RUN[@]}" "$PGBIN/initdb" -D "$PG_DATA" -U postgres -A trust -E UTF8 --no-locale >/dev/null
  "${RUN[@]}" "$PGBIN/pg_ctl" -D "$PG_DATA" -l "$PG_ROOT/log" -w \
    -o "-k $PG_SOCK -p $PG_PORT -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null
  export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
  export PG_ROOT PG_DATA PGBIN
}
pg_stop() {
  [ -n "${PG_DATA:-}" ] || return 0
  "${RUN[@]}" "$PGBIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_ROOT"
}
