#!/usr/bin/env bash
# Creates, once, the Python venv with the real Flyte 2 SDK that the reverse interop check
# (shared/interop/py_decode.py) runs in, and prints its path. Idempotent: a stamp file records
# what was installed; a matching venv is reused as it is.
#   scripts/setup-python.sh                 create if needed, print the venv path
#   scripts/setup-python.sh --print-venv    print the path only
set -euo pipefail
cache="${FLYTE_TYPES_CACHE:-$HOME/.cache/flyte-types}"
venv="$cache/venv"
if [ "${1:-}" = "--print-venv" ]; then
  echo "$venv"
  exit 0
fi
requirements="flyte==2.12.1 pyarrow==26.0.1 pandas==3.1.1"
stamp="$venv/.flyte-types-requirements"
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$requirements" ]; then
  mkdir -p "$cache"
  python3 -m venv "$venv" >&2
  # shellcheck disable=SC2086 # the list is meant to split into arguments
  "$venv/bin/pip" install --quiet --disable-pip-version-check $requirements >&2
  echo "$requirements" > "$stamp"
fi
echo "$venv"
