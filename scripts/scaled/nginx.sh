#!/usr/bin/env bash
# nginx load-balancing the Rasa processes. Usage:
#   nginx.sh start RUN_DIR LISTEN BACKEND_PORT...   (LISTEN: port or addr:port)
#   nginx.sh stop RUN_DIR
set -euo pipefail
action=$1 run_dir=$2
nginx=$(command -v nginx || echo /usr/sbin/nginx)
[ -x "$nginx" ] || { echo "nginx not installed: run 'make scale-deps'." >&2; exit 1; }
conf="$run_dir/nginx.conf"
case "$action" in
start)
  listen=$3; shift 3
  case "$listen" in *:*) ;; *) listen="127.0.0.1:$listen" ;; esac
  mkdir -p "$run_dir/logs" "$run_dir/pids" "$run_dir/nginx-tmp"
  user_directive=""
  if [ "$(id -u)" = 0 ]; then   # workers drop root; they only need their temp dirs
    user_directive="user www-data;"; chown www-data: "$run_dir/nginx-tmp"
  fi
  servers=""
  for port in "$@"; do
    servers+="        server 127.0.0.1:$port max_fails=2 fail_timeout=10s;"$'\n'
  done
  template="$(dirname "$0")/nginx.conf.template"
  python3 - "$template" "$conf" "$run_dir" "$listen" "$user_directive" "$servers" <<'PY'
import sys
template, out, run_dir, listen, user, servers = sys.argv[1:]
text = open(template).read()
for key, value in {"@RUN_DIR@": run_dir, "@LISTEN@": listen, "@USER_DIRECTIVE@": user,
                   "@REST_SERVERS@": servers.rstrip("\n"), "@SOCKETIO_SERVERS@": servers.rstrip("\n")}.items():
    text = text.replace(key, value)
open(out, "w").write(text)
PY
  "$nginx" -t -q -c "$conf" -p "$run_dir" -e "$run_dir/logs/nginx-error.log"
  "$nginx" -c "$conf" -p "$run_dir" -e "$run_dir/logs/nginx-error.log"
  ;;
stop)
  pidfile="$run_dir/pids/nginx.pid"
  [ -s "$pidfile" ] && kill -QUIT "$(cat "$pidfile")" 2>/dev/null || true
  ;;
*) echo "usage: $0 start RUN_DIR LISTEN BACKEND_PORT... | stop RUN_DIR" >&2; exit 2 ;;
esac
