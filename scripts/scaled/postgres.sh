#!/usr/bin/env bash
# A private PostgreSQL cluster for the scaled profile's tracker store, on loopback only.
# Usage: postgres.sh start PGDATA PORT PASSWORD   (creates cluster, role and db "isobot" if missing)
#        postgres.sh stop  PGDATA
# PostgreSQL refuses to run as root, so as root the cluster belongs to the "postgres" user.
# Local socket access is "trust" but the socket lives inside PGDATA (mode 700); TCP needs the password.
set -euo pipefail
action=$1 pgdata=$2
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
[ -x "$bin/pg_ctl" ] || { echo "PostgreSQL not installed: run 'make scale-deps'." >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$action" in
start)
  port=$3 password=$4
  if [ ! -s "$pgdata/PG_VERSION" ]; then
    mkdir -p "$pgdata"
    [ "$(id -u)" = 0 ] && chown postgres: "$pgdata"
    chmod 700 "$pgdata"
    as_owner "$bin/initdb" -D "$pgdata" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
      -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  as_owner "$bin/pg_ctl" -D "$pgdata" -l "$pgdata/server.log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $pgdata" >/dev/null
  psql=(as_owner "$bin/psql" -h "$pgdata" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA)
  # Idempotent: the role's password follows the caller's; the database is created once.
  # The statement with the password goes in on stdin (a here-string is bash's own, not a
  # process): psql's command line is readable by every local user in /proc/<pid>/cmdline.
  if [ -z "$("${psql[@]}" -c "select 1 from pg_roles where rolname='isobot'")" ]; then
    "${psql[@]}" <<< "create role isobot login password '$password'"
  else
    "${psql[@]}" <<< "alter role isobot password '$password'"
  fi
  if [ -z "$("${psql[@]}" -c "select 1 from pg_database where datname='isobot'")" ]; then
    "${psql[@]}" -c "create database isobot owner isobot"
  fi
  ;;
stop)
  [ -s "$pgdata/postmaster.pid" ] && as_owner "$bin/pg_ctl" -D "$pgdata" -m fast -w stop >/dev/null || true
  ;;
*) echo "usage: $0 start PGDATA PORT PASSWORD | stop PGDATA" >&2; exit 2 ;;
esac
