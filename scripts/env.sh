# Sourced by every script: one place for defaults of the environment the services read.
# Anything already set in the environment wins.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export ROOT
export PYTHONPATH="$ROOT${PYTHONPATH:+:$PYTHONPATH}"
export RASA_TELEMETRY_ENABLED=false
export TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-3}"
export TF_ENABLE_ONEDNN_OPTS="${TF_ENABLE_ONEDNN_OPTS:-0}"
export ASSISTANT_REGION="${ASSISTANT_REGION:-}"
export DATA_DIR="${DATA_DIR:-$ROOT/var}"
export RASA_PORT="${RASA_PORT:-5005}"
export ACTION_PORT="${ACTION_PORT:-5055}"
export WEB_PORT="${WEB_PORT:-8080}"
export BIND="${BIND:-127.0.0.1}"
export ACTION_ENDPOINT_URL="${ACTION_ENDPOINT_URL:-http://127.0.0.1:$ACTION_PORT/webhook}"
export DB_URL="${DB_URL:-sqlite:///$DATA_DIR/rasa.db}"
export ACTION_SERVER_TOKEN="${ACTION_SERVER_TOKEN:-}"
case "$DB_URL" in
  postgresql*) export TRACKER_DIALECT="${TRACKER_DIALECT:-postgresql}" ;;
  *) export TRACKER_DIALECT="${TRACKER_DIALECT:-sqlite}" ;;
esac
export LOCK_STORE_TYPE="${LOCK_STORE_TYPE:-in_memory}"
export LOCK_STORE_HOST="${LOCK_STORE_HOST:-127.0.0.1}"
export LOCK_STORE_PORT="${LOCK_STORE_PORT:-6379}"
export VENV="${VENV:-$ROOT/.venv}"
export PATH="$VENV/bin:$PATH"
