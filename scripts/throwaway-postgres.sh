#!/usr/bin/env bash
# A throwaway PostgreSQL server (Debian's postgresql 15) for tests and benchmarks: initdb into a new temporary folder,
# its own socket folder and a free 127.0.0.1 port, no system service, nothing outside that folder.
#
#   scripts/throwaway-postgres.sh start [--durable] [--owner PID]
#                                                     prints two lines for eval:
#                                                        STREAMLAB_TEST_PG=postgres://postgres:PASSWORD@127.0.0.1:PORT/postgres
#                                                        STREAMLAB_TEST_PG_DIR=/tmp/streamlab-pg.XXXX
#   scripts/throwaway-postgres.sh stop DIR            stops that server (fast shutdown) and deletes DIR
#
# With --owner PID the server is also stopped (and its folder deleted) when process PID is gone, however it ended
# (a test run killed by a timeout); a trap in the caller is still the normal way to stop it.
# Without --durable the server runs with fsync, full-page writes and synchronous commit off: a test database that a
# crash may lose is fine, and every commit would otherwise wait for the disk. Benchmarks pass --durable.
# TCP connections need the password (scram-sha-256), so tests see real authentication; the socket trusts postgres.
set -euo pipefail
bin=/usr/lib/postgresql/15/bin

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  # Any port the kernel would hand out now; PostgreSQL cannot bind port 0 itself.
  local port
  for _ in $(seq 1 50); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
  echo "throwaway-postgres: no free port found" >&2; return 1
}

start() {
  local durable=0 owner=""
  while [ $# -gt 0 ]; do
    case "$1" in
      --durable) durable=1 ;;
      --owner) owner=${2:?--owner needs a pid}; shift ;;
      *) echo "throwaway-postgres: unknown option $1" >&2; exit 2 ;;
    esac
    shift
  done
  [ -x "$bin/initdb" ] || { echo "throwaway-postgres: $bin/initdb missing (apt-get install postgresql)" >&2; exit 1; }
  local dir
  dir=$(mktemp -d /tmp/streamlab-pg.XXXXXX)
  # mktemp makes it 0700; the server runs as postgres and must reach its data and socket folders.
  chmod 755 "$dir"
  mkdir -p "$dir/data" "$dir/sock"
  local password
  password=$(head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 20)
  printf '%s\n' "$password" >"$dir/pwfile"
  if [ "$(id -u)" -eq 0 ]; then chown -R postgres "$dir"; fi
  as_postgres "$bin/initdb" -D "$dir/data" -U postgres --pwfile="$dir/pwfile" --auth-local=trust --auth-host=scram-sha-256 \
    --no-sync -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; rm -rf "$dir"; exit 1; }
  rm -f "$dir/pwfile"
  local fast=()
  [ "$durable" -eq 1 ] || fast=(-c fsync=off -c full_page_writes=off -c synchronous_commit=off)
  local port
  for attempt in 1 2 3; do
    port=$(free_port)
    if as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/data/server.log" -w -t 60 \
         -o "-p $port -k $dir/sock -c listen_addresses=127.0.0.1 -c max_connections=300 ${fast[*]}" start >/dev/null 2>&1; then
      [ -z "$owner" ] || watch_owner "$owner" "$dir"
      echo "STREAMLAB_TEST_PG=postgres://postgres:$password@127.0.0.1:$port/postgres"
      echo "STREAMLAB_TEST_PG_DIR=$dir"
      return 0
    fi
    # The port was taken between the check and the bind: try another.
    tail -3 "$dir/data/server.log" >&2 || true
  done
  rm -rf "$dir"
  echo "throwaway-postgres: the server did not start" >&2
  exit 1
}

watch_owner() {
  # A detached watcher in its own session, its output nowhere, so that it outlives neither the server nor the owner.
  setsid bash -c 'while kill -0 "$1" 2>/dev/null && [ -d "$2/data" ]; do sleep 2; done; [ -d "$2" ] && "$0" stop "$2"' \
    "$(readlink -f "$0")" "$1" "$2" </dev/null >/dev/null 2>&1 &
}

stop() {
  local dir=${1:?usage: throwaway-postgres.sh stop DIR}
  case "$dir" in /tmp/streamlab-pg.*) ;; *) echo "throwaway-postgres: not a throwaway server folder: $dir" >&2; exit 1 ;; esac
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_postgres "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null 2>&1 \
      || as_postgres "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) shift; stop "$@" ;;
  *) echo "usage: $0 start [--durable] | stop DIR" >&2; exit 2 ;;
esac
