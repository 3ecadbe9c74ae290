#!/usr/bin/env bash
# Stop everything scripts/scaled/start.sh started in RUN_DIR (by recorded pid, never by name).
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
run_dir=$1
"$here/nginx.sh" stop "$run_dir"
"$here/supervisor.sh" stop "$run_dir"
rm -f "$run_dir"/pids/rasa-*.pid "$run_dir/pids/actions.pid"
"$here/redis.sh" stop "$run_dir"
[ -s "$run_dir/pids/pgdata" ] && "$here/postgres.sh" stop "$(cat "$run_dir/pids/pgdata")"
exit 0
