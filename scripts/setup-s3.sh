#!/usr/bin/env bash
# Installs, once, moto's S3 server (PyPI `moto[server]`) into its own venv and prints the path of
# its `moto_server` executable. The storage tests (cargo test --features s3) start and stop it
# themselves on a free 127.0.0.1 port; they find it through FLYTE_TYPES_MOTO_SERVER or at the
# path printed here. Idempotent: a stamp file records what was installed.
set -euo pipefail
cache="${FLYTE_TYPES_CACHE:-$HOME/.cache/flyte-types}"
venv="$cache/moto-venv"
requirements="moto[server]==5.2.5"
stamp="$venv/.flyte-types-requirements"
if [ ! -x "$venv/bin/moto_server" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$requirements" ]; then
  mkdir -p "$cache"
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check "$requirements" >&2
  echo "$requirements" > "$stamp"
fi
echo "$venv/bin/moto_server"
