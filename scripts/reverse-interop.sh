#!/usr/bin/env bash
# The reverse interop check: our encoding of every Flyte 2 corpus case (and of the SDK-generated
# extra cases in tests/data/extra-cases), decoded by the real
# Flyte 2 SDK (shared/interop/py_decode.py). Needs a built `flyte-types` binary (BIN).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
shared="${FLYTE_TYPES_SHARED:-$repo/../shared}"
bin="${BIN:-${CARGO_TARGET_DIR:-$HOME/.cache/flyte-types/target}/debug/flyte-types}"
venv="$(bash "$repo/scripts/setup-python.sh")"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
"$bin" conformance --emit "$out/flyte2" "$shared/interop/flyte2" > "$out.log" || { cat "$out.log"; exit 1; }
"$bin" conformance --emit "$out/extra" "$repo/tests/data/extra-cases" > "$out.log" || { cat "$out.log"; exit 1; }
rm -f "$out.log"
# py_decode.py must not run from inside a folder that holds a `flyte/` package.
cd "$out" && "$venv/bin/python" "$shared/interop/py_decode.py" "$out/flyte2" "$out/extra"
