#!/usr/bin/env bash
# Start the scaled profile in the background and return when every process answers:
# PostgreSQL (tracker store) + Redis (lock store) + action server (SANIC_WORKERS) +
# N Rasa processes + nginx on the public port. scripts/scaled/stop.sh RUN_DIR stops it all.
# Usage: scripts/scaled/start.sh RUN_DIR MODEL_PATH
# Environment (defaults): RASA_PORT=5005 (nginx), SCALED_RASA_PORTS="5011 5012", ACTION_PORT=5055,
#   SCALED_PG_PORT=5433, SCALED_PG_DATA=RUN_DIR/pgdata, SCALED_REDIS_PORT=6380,
#   ACTION_SANIC_WORKERS=2, RASA_API_TOKEN, RASA_JWT_SECRET, ACTION_SERVER_TOKEN and SCALED_DB_PASSWORD
#   (else generated in $DATA_DIR/secrets).
# Writes RUN_DIR/scaled.env (the URLs the processes use) and RUN_DIR/pids/*.pid.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../env.sh"
source "$here/../secrets.sh"
cd "$ROOT"
run_dir="$(mkdir -p "$1" && cd "$1" && pwd)" model=$2
rasa_ports=(${SCALED_RASA_PORTS:-5011 5012})
pg_port=${SCALED_PG_PORT:-5433} redis_port=${SCALED_REDIS_PORT:-6380}
mkdir -p "$run_dir/logs" "$run_dir/pids"
ensure_secret RASA_API_TOKEN
ensure_secret RASA_JWT_SECRET
ensure_secret SCALED_DB_PASSWORD
ensure_secret ACTION_SERVER_TOKEN   # Rasa sends it (endpoints.yml); the action server checks it

trap 'echo "Start failed; stopping what started (logs in $run_dir/logs)." >&2; "$here/stop.sh" "$run_dir"' ERR

"$here/postgres.sh" start "${SCALED_PG_DATA:-$run_dir/pgdata}" "$pg_port" "$SCALED_DB_PASSWORD"
echo "${SCALED_PG_DATA:-$run_dir/pgdata}" > "$run_dir/pids/pgdata"
"$here/redis.sh" start "$run_dir" "$redis_port"

export DB_URL="postgresql://isobot:$SCALED_DB_PASSWORD@127.0.0.1:$pg_port/isobot"
export TRACKER_DIALECT=postgresql LOCK_STORE_TYPE=isobot.lock_store.AtomicRedisLockStore LOCK_STORE_HOST=127.0.0.1 LOCK_STORE_PORT=$redis_port
export ACTION_ENDPOINT_URL="http://127.0.0.1:$ACTION_PORT/webhook"
# The tests read the events table and the URLs from here (mode 600: it holds the DB password).
(umask 077 && cat > "$run_dir/scaled.env" <<ENV
DB_URL=$DB_URL
LOCK_STORE_PORT=$redis_port
ACTION_URL=http://127.0.0.1:$ACTION_PORT
RASA_URLS=$(printf 'http://127.0.0.1:%s ' "${rasa_ports[@]}")
PUBLIC_URL=http://127.0.0.1:${RASA_PORT##*:}
ENV
)

# Each long-running process gets its own session (setsid) so stop.sh can end it with its children.
SANIC_WORKERS=${ACTION_SANIC_WORKERS:-2} SANIC_HOST=127.0.0.1 \
  setsid rasa run actions --port "$ACTION_PORT" --actions actions >"$run_dir/logs/actions.log" 2>&1 &
echo $! > "$run_dir/pids/actions.pid"
for port in "${rasa_ports[@]}"; do
  setsid rasa run --model "$model" --port "$port" --interface 127.0.0.1 \
    --credentials credentials.yml --endpoints endpoints.yml \
    --enable-api --auth-token="$RASA_API_TOKEN" --jwt-secret="$RASA_JWT_SECRET" --jwt-method HS256 \
    --cors "${CORS_ORIGINS:-http://localhost:$WEB_PORT}" >"$run_dir/logs/rasa-$port.log" 2>&1 &
  echo $! > "$run_dir/pids/rasa-$port.pid"
done
"$here/nginx.sh" start "$run_dir" "$RASA_PORT" "${rasa_ports[@]}"

for port in "${rasa_ports[@]}"; do
  python scripts/wait_ready.py "http://127.0.0.1:$port" "http://127.0.0.1:$ACTION_PORT" 240
  python "$here/check_ready.py" "http://127.0.0.1:$port/webhooks/health/ready"
done
trap - ERR
