#!/usr/bin/env bash
# The scaled profile's long-running Python services under supervisord (daemonised): the action
# server (ACTION_SANIC_WORKERS workers) and one Rasa process per port. The same restart policy
# as `make run` (scripts/supervise/supervisord.conf): restart at once, back off on failed
# starts, crash_watch writes RUN_DIR/logs/crash_watch.log and RUN_DIR/supervision.json.
# Usage: supervisor.sh start RUN_DIR MODEL RASA_PORT...   (writes RUN_DIR/pids/{actions,rasa-PORT}.pid)
#        supervisor.sh stop RUN_DIR
set -euo pipefail
action=$1 run_dir=$2
here="$(cd "$(dirname "$0")" && pwd)"
conf="$run_dir/supervisord.conf"
ctl() { supervisorctl -c "$conf" "$@"; }
case "$action" in
start)
  model=$3; shift 3
  mkdir -p "$run_dir/logs" "$run_dir/pids"
  python3 - "$here/../supervise/supervisord.conf" "$conf" "$run_dir" "$model" "$@" <<'PY'
import configparser, sys
base, out, run_dir, model, *ports = sys.argv[1:]
# The default profile's program sections are the policy; only paths, ports and workers differ.
source = configparser.RawConfigParser()
source.read(base)
def program(name, command, log, extra=()):
    section = dict(source["program:actions" if name == "actions" else "program:rasa"])
    section.update({"command": command, "stdout_logfile": log, **dict(extra)})
    return f"[program:{name}]\n" + "".join(f"{k}={v}\n" for k, v in section.items())
parts = [f"""[supervisord]
directory=%(ENV_ROOT)s
logfile={run_dir}/logs/supervisord.log
pidfile={run_dir}/pids/supervisord.pid
childlogdir={run_dir}/logs
umask=077
[unix_http_server]
file={run_dir}/supervisor.sock
chmod=0700
[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface
[supervisorctl]
serverurl=unix://{run_dir}/supervisor.sock
""", program("actions", "python -m rasa_sdk --port %(ENV_ACTION_PORT)s --actions actions", f"{run_dir}/logs/actions.log",
             {"environment": 'SANIC_HOST="127.0.0.1",SANIC_WORKERS="%(ENV_ACTION_SANIC_WORKERS)s"'})]
for port in ports:
    parts.append(program(f"rasa-{port}", f"python -m isobot.serve --model {model} --port {port} --interface 127.0.0.1",
                         f"{run_dir}/logs/rasa-{port}.log"))
watch = dict(source["eventlistener:crash_watch"])
watch.update({"stderr_logfile": f"{run_dir}/logs/crash_watch.log", "stderr_logfile_maxbytes": "10MB"})
parts.append("[eventlistener:crash_watch]\n" + "".join(f"{k}={v}\n" for k, v in watch.items()))
open(out, "w").write("\n".join(parts))
PY
  export ACTION_SANIC_WORKERS="${ACTION_SANIC_WORKERS:-2}"
  export SUPERVISION_STATUS_FILE="$run_dir/supervision.json"   # crash_watch writes, readiness reads
  supervisord -c "$conf"
  # Pid files for the tests and bench (each program is its own process group: kill -- -PID).
  for name in actions "${@/#/rasa-}"; do
    for _ in $(seq 100); do
      pid="$(ctl pid "$name" 2>/dev/null || true)"
      [ -n "$pid" ] && [ "$pid" != 0 ] && break; sleep 0.1
    done
    echo "$pid" > "$run_dir/pids/$name.pid"
  done
  ;;
stop)
  pidfile="$run_dir/pids/supervisord.pid"
  [ -s "$pidfile" ] || exit 0
  pid=$(cat "$pidfile")
  kill -TERM "$pid" 2>/dev/null || exit 0
  # supervisord stops each service (TERM, then KILL after its stopwaitsecs) before it exits.
  for _ in $(seq 600); do kill -0 "$pid" 2>/dev/null || exit 0; sleep 0.1; done
  echo "supervisord ($pid) did not stop within 60 s" >&2; exit 1
  ;;
*) echo "usage: $0 start RUN_DIR MODEL RASA_PORT... | stop RUN_DIR" >&2; exit 2 ;;
esac
