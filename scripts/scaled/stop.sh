#!/usr/bin/env bash
# Stop everything scripts/scaled/start.sh started in RUN_DIR (by recorded pid, never by name).
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
run_dir=$1
"$here/nginx.sh" stop "$run_dir"
for pidfile in "$run_dir"/pids/rasa-*.pid "$run_dir"/pids/actions.pid; do
  [ -s "$pidfile" ] || continue
  pid=$(cat "$pidfile")
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL -- "-$pid" 2>/dev/null || true
  rm -f "$pidfile"
done
"$here/redis.sh" stop "$run_dir"
[ -s "$run_dir/pids/pgdata" ] && "$here/postgres.sh" stop "$(cat "$run_dir/pids/pgdata")"
exit 0
