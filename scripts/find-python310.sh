#!/usr/bin/env bash
# Print the path of a Python 3.10 interpreter for the Rasa engine, or explain
# exactly what to install. Looks at $RASA_PYTHON, PATH, then pyenv's versions.
set -u

is_310() {
  local py=$1
  [ -n "$py" ] || return 1
  "$py" -c 'import sys, venv; sys.exit(0 if sys.version_info[:2] == (3, 10) else 1)' >/dev/null 2>&1
}

candidates=()
[ -n "${RASA_PYTHON:-}" ] && candidates+=("$RASA_PYTHON")
for name in python3.10; do
  p=$(command -v "$name" 2>/dev/null) && candidates+=("$p")
done
pyenv_root=${PYENV_ROOT:-}
if [ -z "$pyenv_root" ] && command -v pyenv >/dev/null 2>&1; then
  pyenv_root=$(pyenv root 2>/dev/null)
fi
[ -z "$pyenv_root" ] && pyenv_root="$HOME/.pyenv"
for dir in $(ls -d "$pyenv_root"/versions/3.10.* 2>/dev/null | sort -rV); do
  candidates+=("$dir/bin/python")
done
for p in /usr/bin/python3.10 /usr/local/bin/python3.10 /opt/python3.10/bin/python3.10; do
  candidates+=("$p")
done

for py in "${candidates[@]}"; do
  if is_310 "$py"; then
    # Resolve pyenv shims to the real interpreter so the venv does not depend on them.
    "$py" -c 'import sys; print(sys.executable)'
    exit 0
  fi
done

cat >&2 <<'MSG'
error: no Python 3.10 interpreter found for the Rasa engine.
Rasa Open Source 3.6.21 runs only on Python 3.8-3.10; this project uses 3.10.
Install one of these, then run the command again:
  - with pyenv:    pyenv install 3.10.13
  - on Debian/Ubuntu (deadsnakes or a release that ships it): apt-get install python3.10 python3.10-venv
  - or point RASA_PYTHON at an existing 3.10 interpreter: make run RASA_PYTHON=/path/to/python3.10
Looked in: $RASA_PYTHON, PATH (python3.10), pyenv versions under $PYENV_ROOT or ~/.pyenv, /usr/bin, /usr/local/bin.
MSG
exit 1
