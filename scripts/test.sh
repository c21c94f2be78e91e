#!/usr/bin/env bash
# The project's test command (README, .ci/run): formatting, lints, every test, the conformance
# run over the golden corpus, and the reverse interop check with the real Flyte 2 SDK.
# Set-up it needs (the Python venv) is installed by scripts/setup-python.sh, idempotently.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/flyte-types/target}"
shared="${FLYTE_TYPES_SHARED:-../shared}"

echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== cargo clippy"
cargo clippy --locked --all-targets -- -D warnings
echo "== cargo test"
cargo test --locked
echo "== benches: one untimed pass at 1/1000 size (debug build; timed runs: scripts/bench.sh)"
FLYTE_BENCH_SCALE=1000 cargo test --locked --benches
echo "== conformance: golden corpus"
"$CARGO_TARGET_DIR/debug/flyte-types" conformance "$shared/interop/flyte2" "$shared/interop/flytekit1" tests/data/extra-cases
echo "== reverse interop: our Flyte 2 encodings read by the real SDK"
bash scripts/reverse-interop.sh
