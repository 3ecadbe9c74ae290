#!/usr/bin/env bash
# Start the action server, the Rasa server and the web page under supervisord (in the
# foreground: scripts/supervise/supervisord.conf). A service that dies is restarted; the others
# keep serving. Ctrl-C stops all.
# Usage: scripts/run.sh MODEL_PATH
set -euo pipefail
# Everything this starts writes conversations, logs or secrets: only this user may read them.
umask 077
source "$(dirname "$0")/env.sh"
cd "$ROOT"
export RUN_MODEL="$1"
source "$(dirname "$0")/private_data_dir.sh"
private_data_dir "$DATA_DIR"
mkdir -p "$DATA_DIR/logs" "$DATA_DIR/run"
source "$(dirname "$0")/secrets.sh"
# The HTTP API (/conversations, /model/parse...) is only ever enabled behind a token or a JWT
# signed with RASA_JWT_SECRET (role "user": its own conversation only; python -m isobot.security.api_token).
# isobot.serve reads both from the environment: never on a command line (/proc/<pid>/cmdline).
ensure_secret RASA_API_TOKEN
ensure_secret RASA_JWT_SECRET
ensure_secret STAFF_PASSWORD
ensure_secret ACTION_SERVER_TOKEN
export SUPERVISION_STATUS_FILE="$DATA_DIR/run/supervision.json"
rm -f "$SUPERVISION_STATUS_FILE"

supervisord -n -c scripts/supervise/supervisord.conf &
supervisor_pid=$!
stop_all() {
  trap - INT TERM EXIT
  echo; echo "Stopping..."
  kill -TERM "$supervisor_pid" 2>/dev/null || true
  wait "$supervisor_pid" 2>/dev/null || true
}
trap stop_all INT TERM EXIT

echo "Starting (logs in $DATA_DIR/logs)..."
# Only the Rasa server must be up to serve: red flags need nothing else. A missing action
# server or web page is reported by crash_watch (terminal) and the readiness route.
if python scripts/wait_ready.py "http://127.0.0.1:$RASA_PORT" "" 240; then
  cat <<MSG

  The assistant is up.
    REST:      curl -XPOST localhost:$RASA_PORT/webhooks/rest/webhook -d '{"sender":"u1","message":"how does isotretinoin cause back pain?"}'
    Socket.io: http://localhost:$RASA_PORT/socket.io
    Web chat:  http://localhost:$WEB_PORT/
    Readiness: curl localhost:$RASA_PORT/webhooks/health/ready
    Services:  make ctl   (or make ctl CMD="restart actions", CMD="tail -f rasa")

  Press Ctrl-C to stop.
MSG
else
  echo "The Rasa server is not answering yet; supervisord keeps trying. See $DATA_DIR/logs/rasa.log." >&2
fi
# supervisord exits only when told to (Ctrl-C) or when it cannot run at all.
wait "$supervisor_pid"
