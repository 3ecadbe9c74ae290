#!/usr/bin/env bash
# Start the action server, the Rasa server and (when present) the web page; Ctrl-C stops all.
# Usage: scripts/run.sh MODEL_PATH
set -euo pipefail
source "$(dirname "$0")/env.sh"
cd "$ROOT"
model="$1"
mkdir -p "$DATA_DIR" "$DATA_DIR/logs"
source "$(dirname "$0")/secrets.sh"
# The HTTP API (/conversations, /model/parse...) is only ever enabled behind a token or a JWT
# signed with RASA_JWT_SECRET (role "user": its own conversation only; python -m isobot.api_token).
ensure_secret RASA_API_TOKEN
ensure_secret RASA_JWT_SECRET
ensure_secret STAFF_PASSWORD
ensure_secret ACTION_SERVER_TOKEN

pids=()
stop_all() {
  trap - INT TERM EXIT
  echo; echo "Stopping..."
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop_all INT TERM EXIT

SANIC_HOST=127.0.0.1 rasa run actions --port "$ACTION_PORT" --actions actions \
  >"$DATA_DIR/logs/actions.log" 2>&1 &
pids+=($!)

rasa run --model "$model" --port "$RASA_PORT" --interface "$BIND" \
  --credentials credentials.yml --endpoints endpoints.yml \
  --enable-api --auth-token="$RASA_API_TOKEN" --jwt-secret="$RASA_JWT_SECRET" --jwt-method HS256 \
  --cors "${CORS_ORIGINS:-http://localhost:$WEB_PORT}" \
  >"$DATA_DIR/logs/rasa.log" 2>&1 &
pids+=($!)

if [ -f web/server.py ]; then
  python web/server.py --port "$WEB_PORT" --bind "$BIND" >"$DATA_DIR/logs/web.log" 2>&1 &
  pids+=($!)
fi

echo "Starting (logs in $DATA_DIR/logs)..."
python scripts/wait_ready.py "http://127.0.0.1:$RASA_PORT" "http://127.0.0.1:$ACTION_PORT" 180
cat <<MSG

  The assistant is up.
    REST:      curl -XPOST localhost:$RASA_PORT/webhooks/rest/webhook -d '{"sender":"u1","message":"how does isotretinoin cause back pain?"}'
    Socket.io: http://localhost:$RASA_PORT/socket.io
MSG
[ -f web/server.py ] && echo "    Web chat:  http://localhost:$WEB_PORT/"
echo; echo "  Press Ctrl-C to stop."
# Exit (and stop the others) as soon as any service dies.
wait -n "${pids[@]}"
echo "A service stopped unexpectedly; see $DATA_DIR/logs/." >&2
exit 1
