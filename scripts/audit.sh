#!/usr/bin/env bash
# `make audit`: pip-audit over exactly what .venv has installed (pip freeze --all), against PyPI's
# vulnerability service. pip-audit lives in its own venv (.venv-audit, from requirements-audit.txt)
# because its dependencies conflict with Rasa 3.6's pins. Accepted vulnerabilities: SECURITY.md.
# Usage: scripts/audit.sh [--unreachable fail|warn] [--service pypi|osv]   (default fail: an audit that could not ask is no pass)
set -euo pipefail
source "$(dirname "$0")/env.sh"
audit_venv="${AUDIT_VENV:-$ROOT/.venv-audit}"
stamp="$audit_venv/.requirements.sha"
wanted="$(sha256sum < "$ROOT/requirements-audit.txt" | cut -c1-16)"
quiet() { { "$@" 2>&1; } | { grep -v "^WARNING: Location" || true; }; }

if [ ! -x "$audit_venv/bin/pip-audit" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  # The Python 3.10 that scripts/setup_venv.sh found for .venv: one search, one interpreter.
  python="$("$VENV/bin/python" -c 'import sys; print(sys.base_prefix)')/bin/python3"
  echo "Creating $audit_venv for pip-audit..."
  rm -rf "$audit_venv"
  "$python" -m venv "$audit_venv"
  quiet "$audit_venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$ROOT/requirements-audit.txt"
  "$audit_venv/bin/python" -m pip check >/dev/null
  echo "$wanted" > "$stamp"
fi

mkdir -p "$ROOT/build/audit"
frozen="$ROOT/build/audit/frozen.txt"
# --all: pip, setuptools and wheel are installed in .venv too (setuptools is not in constraints.txt).
"$VENV/bin/python" -m pip freeze --all --exclude-editable --disable-pip-version-check 2>/dev/null > "$frozen.all"
# pip-audit --no-deps needs name==version; say so if anything else (a URL or path install) is there.
grep -E '^[A-Za-z0-9._-]+==' "$frozen.all" > "$frozen"
if unpinned="$(grep -vE '^[A-Za-z0-9._-]+==' "$frozen.all")"; then
  echo "Not audited (not installed from PyPI by name==version): $unpinned" >&2
fi
exec "$audit_venv/bin/python" "$ROOT/scripts/audit.py" "$frozen" --security "$ROOT/SECURITY.md" \
  --pip-audit "$audit_venv/bin/pip-audit" --report "$ROOT/build/audit/pip-audit.json" "$@"
