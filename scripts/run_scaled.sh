#!/usr/bin/env bash
# The scaled profile in the foreground: PostgreSQL + Redis + 2 Rasa processes + action server
# (2 workers) behind nginx on the same URLs as `make run`. Ctrl-C stops everything it started.
# Usage: scripts/run_scaled.sh MODEL_PATH   (state in var/scaled/; ports: see scripts/scaled/start.sh)
set -euo pipefail
umask 077
source "$(dirname "$0")/env.sh"
run_dir="$DATA_DIR/scaled"
stop() { trap - INT TERM EXIT; echo; echo "Stopping..."; "$ROOT/scripts/scaled/stop.sh" "$run_dir"; }
# Never exits 0, so `PROFILE=scaled make run` cannot fall through to the single profile.
trap 'stop; exit 130' INT TERM
trap stop EXIT
echo "Starting the scaled profile (logs in $run_dir/logs)..."
"$ROOT/scripts/scaled/start.sh" "$run_dir" "$1"
cat <<MSG

  The assistant is up (scaled: nginx -> Rasa on ports ${SCALED_RASA_PORTS:-5011 5012}, PostgreSQL, Redis).
    REST:      curl -XPOST localhost:$RASA_PORT/webhooks/rest/webhook -d '{"sender":"u1","message":"how does isotretinoin cause back pain?"}'
    Socket.io: http://localhost:$RASA_PORT/socket.io
    Readiness: curl localhost:${SCALED_RASA_PORTS%% *}/webhooks/health/ready   (per Rasa process)
    Services:  supervisorctl -c $run_dir/supervisord.conf status

  Press Ctrl-C to stop.
MSG
# supervisord restarts a Rasa process or the action server that dies (scripts/scaled/supervisor.sh);
# its crash_watch reports exits and crash loops here and in each process's readiness route.
tail -n 0 -F "$run_dir/logs/crash_watch.log" 2>/dev/null &
wait $!
