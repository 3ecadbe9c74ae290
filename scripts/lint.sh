#!/usr/bin/env bash
# `make lint`: ruff check, ruff format --check and mypy (strict on isobot/; see pyproject.toml).
# ruff and mypy live in their own venv (.venv-lint, from requirements-lint.txt): Rasa 3.6's pins
# hold back typing_extensions and friends. mypy still has to see Rasa, sanic, SQLAlchemy..., so
# .venv-lint gets a .pth file that appends .venv's site-packages after its own: the tools and the
# stubs come from .venv-lint, the project's dependencies from .venv, and .venv is never written.
# Usage: scripts/lint.sh          check, all three, and fail if any failed
#        scripts/lint.sh --fix    ruff check --fix, then ruff format (rewrites files)
set -euo pipefail
source "$(dirname "$0")/env.sh"
lint_venv="${LINT_VENV:-$ROOT/.venv-lint}"
site="$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
stamp="$lint_venv/.requirements.sha"
wanted="$({ cat "$ROOT/requirements-lint.txt"; echo "$site"; } | sha256sum | cut -c1-16)"
quiet() { { "$@" 2>&1; } | { grep -v "^WARNING: Location" || true; }; }

if [ ! -x "$lint_venv/bin/mypy" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  # The Python 3.10 that scripts/setup_venv.sh found for .venv: mypy then reads .venv's
  # site-packages with the interpreter version they were installed for.
  python="$("$VENV/bin/python" -c 'import sys; print(sys.base_prefix)')/bin/python3"
  echo "Creating $lint_venv for ruff and mypy..."
  rm -rf "$lint_venv"
  "$python" -m venv "$lint_venv"
  quiet "$lint_venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$ROOT/requirements-lint.txt"
  "$lint_venv/bin/python" -m pip check >/dev/null
  own_site="$("$lint_venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
  echo "$site" > "$own_site/isobot_project_venv.pth"
  echo "$wanted" > "$stamp"
fi

cd "$ROOT"
export RUFF_CACHE_DIR="$ROOT/build/ruff_cache"
if [ "${1:-}" = "--fix" ]; then
  # Fixes first (they move imports and rewrite annotations), the formatter last, over the result.
  status=0
  "$lint_venv/bin/ruff" check --fix --output-format concise . || status=$?
  "$lint_venv/bin/ruff" format .
  exit "$status"
fi
failed=()
"$lint_venv/bin/ruff" check --output-format concise . || failed+=("ruff check")
"$lint_venv/bin/ruff" format --check --output-format concise . || failed+=("ruff format --check (make lint-fix rewrites)")
"$lint_venv/bin/mypy" --cache-dir "$ROOT/build/mypy_cache" || failed+=("mypy")
if [ "${#failed[@]}" -gt 0 ]; then
  printf 'lint failed: %s\n' "${failed[@]}" >&2
  exit 1
fi
echo "lint: ruff check, ruff format and mypy passed"
