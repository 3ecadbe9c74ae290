#!/usr/bin/env bash
# Redis for the scaled profile's lock store: loopback only, no persistence (locks are short-lived).
# Usage: redis.sh start RUN_DIR PORT | redis.sh stop RUN_DIR
set -euo pipefail
action=$1 run_dir=$2
command -v redis-server >/dev/null || { echo "Redis not installed: run 'make scale-deps'." >&2; exit 1; }
case "$action" in
start)
  port=$3
  mkdir -p "$run_dir/logs" "$run_dir/pids"
  echo "$port" > "$run_dir/redis-port"
  redis-server --port "$port" --bind 127.0.0.1 --protected-mode yes --save '' --appendonly no \
    --daemonize yes --pidfile "$run_dir/pids/redis.pid" --logfile "$run_dir/logs/redis.log" --dir "$run_dir"
  for _ in $(seq 50); do redis-cli -p "$port" ping 2>/dev/null | grep -q PONG && exit 0; sleep 0.1; done
  echo "Redis did not start; see $run_dir/logs/redis.log" >&2; exit 1
  ;;
stop)
  pidfile="$run_dir/pids/redis.pid"
  [ -s "$pidfile" ] || exit 0
  pid=$(cat "$pidfile")
  kill "$pid" 2>/dev/null || exit 0
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || exit 0; sleep 0.1; done
  ;;
*) echo "usage: $0 start RUN_DIR PORT | stop RUN_DIR" >&2; exit 2 ;;
esac
