#!/usr/bin/env bash
# The project's test command (README, .ci/run): formatting, lints, every test, the conformance
# run over the golden corpus, and the reverse interop check with the real Flyte 2 SDK.
# Set-up it needs (the Python venv) is installed by scripts/setup-python.sh, idempotently.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/flyte-types/target}"
shared="$(cd "${FLYTE_TYPES_SHARED:-../shared}" && pwd)"

echo "== cargo fmt --check"
cargo fmt --all -- --check
echo "== cargo clippy"
cargo clippy --locked --all-targets -- -D warnings
echo "== cargo clippy --no-default-features (the library without the derive)"
cargo clippy --locked --no-default-features --lib -- -D warnings
echo "== dependency guard: the default build has no storage, runtime, CLI, Python, dataframe or schemars crates"
heavy="$(cargo tree --locked -e normal -p flyte-types --prefix none | awk '{print $1}' | sort -u \
  | grep -E '^(tokio|object_store|futures|reqwest|clap|pyo3|arrow.*|parquet|polars.*|schemars)$' || true)"
if [ -n "$heavy" ]; then echo "heavy dependencies in the default build: $heavy"; exit 1; fi
# The tests that hold our bytes against the real Flyte 2 SDK run it from the project's venv
# (installed, with the extension built into it, by setup-python.sh, idempotently).
export FLYTE_TYPES_PYTHON="${FLYTE_TYPES_PYTHON:-$(bash scripts/setup-python.sh)/bin/python}"
echo "== cargo test"
FLYTE_TYPES_SHARED="$shared" cargo test --locked
echo "== cargo clippy --workspace --all-targets --all-features (storage with its cloud backends, task runtime, serde types, CLI, dataframes with polars, Python bindings)"
cargo clippy --locked --workspace --all-targets --all-features -- -D warnings
echo "== cargo test --workspace --all-features (storage on local files, memory, moto's S3, fake-gcs-server's GCS and Azurite on 127.0.0.1; the task runtime, serde types, the CLI and dataframes against the Flyte 2 SDK)"
# One build of every crate with every feature: each feature set is built once (the default
# features above, everything here). The storage tests start and stop moto_server,
# fake-gcs-server and Azurite themselves; FLYTE_TYPES_NO_S3=1 / FLYTE_TYPES_NO_GCS=1 /
# FLYTE_TYPES_NO_AZURE=1 skip them loudly.
if [ "${FLYTE_TYPES_NO_S3:-}" != "1" ]; then
  export FLYTE_TYPES_MOTO_SERVER="${FLYTE_TYPES_MOTO_SERVER:-$(bash scripts/setup-s3.sh)}"
fi
if [ "${FLYTE_TYPES_NO_GCS:-}" != "1" ]; then
  export FLYTE_TYPES_FAKE_GCS_SERVER="${FLYTE_TYPES_FAKE_GCS_SERVER:-$(bash scripts/setup-gcs.sh)}"
fi
if [ "${FLYTE_TYPES_NO_AZURE:-}" != "1" ]; then
  export FLYTE_TYPES_AZURITE_BLOB="${FLYTE_TYPES_AZURITE_BLOB:-$(bash scripts/setup-azure.sh)}"
fi
FLYTE_TYPES_SHARED="$shared" cargo test --locked --workspace --all-features
echo "== benches: one untimed pass at 1/1000 size (debug build; timed runs: scripts/bench.sh)"
FLYTE_BENCH_SCALE=1000 cargo test --locked --benches
echo "== conformance: golden corpus"
"$CARGO_TARGET_DIR/debug/flyte-types" conformance "$shared/interop/flyte2" "$shared/interop/flytekit1" tests/data/extra-cases tests/data/extra-cases/wire
echo "== random shapes: nested types and values written by the real SDK (tests/data/random_shapes.py, fixed seeds)"
random_dir="$(mktemp -d)"
for seed in 3 4 5 6 7; do
  "$FLYTE_TYPES_PYTHON" tests/data/random_shapes.py --shared "$shared" --seed "$seed" --count 200 --out "$random_dir/$seed"
  "$CARGO_TARGET_DIR/debug/flyte-types" conformance "$random_dir/$seed/wire" | tail -1
done
rm -rf "$random_dir"
echo "== reverse interop: our Flyte 2 encodings read by the real SDK"
bash scripts/reverse-interop.sh
echo "== python: flyte_types inside Flyte 2's TypeEngine (pytest python/tests in the project venv)"
# setup-python.sh builds and installs the extension (release, only when its sources changed).
# pytest's exit 5 (nothing collected) fails this step like any other failure.
FLYTE_TYPES_SHARED="$shared" "$FLYTE_TYPES_PYTHON" -m pytest -q -p no:cacheprovider python/tests
echo "== fuzz smoke: every target, bounded (FUZZ_SECONDS, default 30 s each)"
FLYTE_TYPES_SHARED="$shared" bash scripts/fuzz-smoke.sh
