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
umask 077   # conversations, logs and secrets: this user only
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../env.sh"
source "$here/../secrets.sh"
source "$here/../private_data_dir.sh"
cd "$ROOT"
private_data_dir "$DATA_DIR"
run_dir="$(mkdir -p "$1" && cd "$1" && pwd)" model=$2
private_data_dir "$run_dir"
if [ "$(id -u)" = 0 ]; then
  # As root, PostgreSQL runs as "postgres" and nginx's workers as "www-data": they must be able
  # to pass through (never list or read) the folders above their own data.
  chmod 711 "$DATA_DIR" "$run_dir"
fi
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
export TRACKER_DIALECT=postgresql LOCK_STORE_TYPE=isobot.stores.lock_store.AtomicRedisLockStore LOCK_STORE_HOST=127.0.0.1 LOCK_STORE_PORT=$redis_port
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

# The action server and the Rasa processes run under supervisord (restarted when they die;
# scripts/scaled/supervisor.sh), Rasa through isobot.serve: no secret on any command line.
"$here/supervisor.sh" start "$run_dir" "$model" "${rasa_ports[@]}"
"$here/nginx.sh" start "$run_dir" "$RASA_PORT" "${rasa_ports[@]}"

for port in "${rasa_ports[@]}"; do
  python scripts/wait_ready.py "http://127.0.0.1:$port" "http://127.0.0.1:$ACTION_PORT" 240
  python "$here/check_ready.py" "http://127.0.0.1:$port/webhooks/health/ready"
done
trap - ERR
