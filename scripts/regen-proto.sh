#!/usr/bin/env bash
# Re-export proto/flyteidl2.fds.bin from the flyteidl2 wheel (needs the project venv:
# scripts/setup-python.sh). Run after bumping flyteidl2; build.rs compiles the result.
set -euo pipefail
cd "$(dirname "$0")/.."
venv="$(bash scripts/setup-python.sh --print-venv)"
"$venv/bin/python" proto/export_fds.py proto/flyteidl2.fds.bin
