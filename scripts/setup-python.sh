#!/usr/bin/env bash
# Creates, once, the Python venv with the real Flyte 2 SDK that the reverse interop check
# (shared/interop/py_decode.py) runs in, and prints its path. Idempotent: a stamp file records
# what was installed; a matching venv is reused as it is.
#   scripts/setup-python.sh                 create if needed, print the venv path
#   scripts/setup-python.sh --print-venv    print the path only
# It also builds the `flyte_types` extension (python/, maturin, release) and installs it into the
# venv, again only when its sources changed (a hash of them is the stamp).
set -euo pipefail
cache="${FLYTE_TYPES_CACHE:-$HOME/.cache/flyte-types}"
venv="$cache/venv"
if [ "${1:-}" = "--print-venv" ]; then
  echo "$venv"
  exit 0
fi
requirements="flyte==2.12.1 pyarrow==26.0.1 pandas==3.1.1 maturin==1.16.0 pytest==8.4.2"
stamp="$venv/.flyte-types-requirements"
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$requirements" ]; then
  mkdir -p "$cache"
  python3 -m venv "$venv" >&2
  # shellcheck disable=SC2086 # the list is meant to split into arguments
  "$venv/bin/pip" install --quiet --disable-pip-version-check $requirements >&2
  echo "$requirements" > "$stamp"
fi

# The extension: rebuilt when anything it is built from changes (its crate, the library, the lock).
root="$(cd "$(dirname "$0")/.." && pwd)"
ext_stamp="$venv/.flyte-types-extension"
ext_hash="$(cd "$root" && find python/src python/flyte_types python/Cargo.toml python/pyproject.toml src build.rs proto Cargo.toml Cargo.lock -type f ! -name '*.pyc' -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$ext_stamp" 2>/dev/null)" != "$ext_hash" ]; then
  wheels="$(mktemp -d)"
  echo "== building the flyte_types extension (maturin build --release)" >&2
  (cd "$root/python" && CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$cache/target}" \
    "$venv/bin/maturin" build --release --quiet -o "$wheels" -i "$venv/bin/python") >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check --no-deps --force-reinstall "$wheels"/*.whl >&2
  rm -rf "$wheels"
  echo "$ext_hash" > "$ext_stamp"
fi
echo "$venv"
