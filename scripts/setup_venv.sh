#!/usr/bin/env bash
# Create .venv with Python 3.10 (Rasa 3.6 runs on nothing newer) and install the pinned
# requirements. Skips everything when the requirement files have not changed.
set -euo pipefail
source "$(dirname "$0")/env.sh"

find_python310() {
  local candidates=(python3.10)
  command -v pyenv >/dev/null 2>&1 && candidates+=("$(pyenv root)"/versions/3.10*/bin/python3.10)
  candidates+=("${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.10*/bin/python3.10 /root/.pyenv/versions/3.10*/bin/python3.10
               /usr/bin/python3.10 /usr/local/bin/python3.10)
  for candidate in "${candidates[@]}"; do
    if [ -x "$(command -v "$candidate" 2>/dev/null || echo "$candidate")" ] &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null; then
      command -v "$candidate" 2>/dev/null || echo "$candidate"
      return 0
    fi
  done
  return 1
}

stamp_file="$VENV/.requirements.sha"
# The files this venv is installed from, listed (not requirements*.txt): the tool venvs'
# requirements-lint.txt must not reinstall .venv. requirements-audit.txt stays in for now only so
# that this stamp, and so every existing .venv, stays valid.
wanted="$(cat "$ROOT/requirements-audit.txt" "$ROOT/requirements-dev.txt" "$ROOT/requirements.txt" \
          "$ROOT/constraints.txt" | sha256sum | cut -c1-16)"
if [ -x "$VENV/bin/python" ] && [ "$(cat "$stamp_file" 2>/dev/null)" = "$wanted" ]; then
  exit 0
fi

if [ ! -x "$VENV/bin/python" ]; then
  if ! python="$(find_python310)"; then
    echo "ERROR: Python 3.10 is required (Rasa 3.6 does not install on 3.11 or newer) and none was found." >&2
    echo "Install it, for example: 'pyenv install 3.10.13' or 'apt-get install python3.10 python3.10-venv'," >&2
    echo "then run 'make run' again." >&2
    exit 1
  fi
  echo "Creating $VENV with $python"
  "$python" -m venv "$VENV"
fi
echo "Installing pinned requirements (first time: about 2 minutes)..."
# This machine's pip config names extra local indexes that may not exist: drop that noise,
# keep pip's exit status (pipefail).
quiet() { { "$@" 2>&1; } | { grep -v "^WARNING: Location" || true; }; }
quiet "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip==24.0
quiet "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
  -r "$ROOT/requirements-dev.txt" -c "$ROOT/constraints.txt"
"$VENV/bin/python" -m pip check
echo "$wanted" > "$stamp_file"
