#!/usr/bin/env bash
# Bounded fuzz smoke run (CI): installs cargo-fuzz if missing, writes the seed corpora from the
# golden corpus, builds every fuzz target on stable (`-s none`), replays the regression inputs
# in tests/data/fuzz-regressions/, then fuzzes each target for FUZZ_SECONDS (default 30).
# Exits non-zero on any crash; a crash input is left in fuzz/artifacts/<target>/.
# The smoke run is reproducible: a fixed seed (FUZZ_SEED, default 1) and a fixed number of runs
# (FUZZ_RUNS, default 300000), with FUZZ_SECONDS as a time cap, so CI does not fail at random;
# long exploratory runs pick another seed and more runs.
#
#   scripts/fuzz-smoke.sh                   # every target, seed 1, 300k runs, at most 30 s each
#   FUZZ_SEED=0 FUZZ_RUNS=10000000 FUZZ_SECONDS=900 scripts/fuzz-smoke.sh literal msgpack
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
seconds="${FUZZ_SECONDS:-30}"
shared="${FLYTE_TYPES_SHARED:-$root/../shared}"
export FLYTE_TYPES_SHARED="$shared"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/flyte-types/target}"
fuzz_target_dir="${FUZZ_TARGET_DIR:-$HOME/.cache/flyte-types/fuzz-target}"

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "== installing cargo-fuzz"
    cargo install cargo-fuzz --locked
fi

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    mapfile -t targets < <(sed -n 's/^name = "\(.*\)"$/\1/p' fuzz/Cargo.toml | grep -v '^flyte-types-fuzz$')
fi

echo "== seed corpora from $shared/interop"
FLYTE_TYPES_FUZZ_SEEDS="$root/fuzz/corpus" \
    cargo test --locked -q --test integration -- --ignored fuzz_regressions::write_seed_corpus --nocapture

echo "== cargo fuzz build -s none"
(cd fuzz && cargo fuzz build -s none --target-dir "$fuzz_target_dir")
bin_dir="$fuzz_target_dir/x86_64-unknown-linux-gnu/release"

status=0
for t in "${targets[@]}"; do
    regressions="$root/tests/data/fuzz-regressions/$t"
    if [ -d "$regressions" ] && [ -n "$(ls -A "$regressions")" ]; then
        echo "== $t: replaying $(ls "$regressions" | wc -l) regression inputs"
        "$bin_dir/$t" -rss_limit_mb=1024 -timeout=10 "$regressions"/* || status=1
    fi
    echo "== $t: fuzzing for ${seconds}s"
    mkdir -p "fuzz/corpus/$t" "fuzz/artifacts/$t"
    (cd fuzz && cargo fuzz run -s none --target-dir "$fuzz_target_dir" "$t" -- \
        -seed="${FUZZ_SEED:-1}" -runs="${FUZZ_RUNS:-300000}" -max_total_time="$seconds" \
        -rss_limit_mb=1024 -timeout=10 -print_final_stats=1) \
        >"fuzz/artifacts/$t/smoke.log" 2>&1 || { status=1; tail -40 "fuzz/artifacts/$t/smoke.log"; }
    grep -E '^(stat::number_of_executed_units|stat::average_exec_per_sec|#[0-9]+.*DONE)' \
        "fuzz/artifacts/$t/smoke.log" || true
done
exit $status
