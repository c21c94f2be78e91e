#!/usr/bin/env bash
# Installs, once, Azurite (Microsoft's Azure Storage emulator, npm `azurite`) into its own folder
# and prints the path of its blob server `azurite-blob`. The storage tests (cargo test --features
# azure) start and stop it themselves on a free 127.0.0.1 port; they find it through
# FLYTE_TYPES_AZURITE_BLOB or at the path printed here. 3.35.0 is the last release that runs on
# Node 20 (3.36 wants Node 21, 3.37 Node 22). Idempotent: a stamp file records what was installed.
set -euo pipefail
cache="${FLYTE_TYPES_CACHE:-$HOME/.cache/flyte-types}"
dir="$cache/azurite"
requirements="azurite@3.35.0"
stamp="$dir/.flyte-types-requirements"
if [ ! -x "$dir/node_modules/.bin/azurite-blob" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$requirements" ]; then
  command -v npm > /dev/null || { echo "setup-azure.sh: npm is needed (apt-get install nodejs npm)" >&2; exit 1; }
  mkdir -p "$dir"
  npm install --prefix "$dir" --no-audit --no-fund --silent "$requirements" >&2
  echo "$requirements" > "$stamp"
fi
echo "$dir/node_modules/.bin/azurite-blob"
