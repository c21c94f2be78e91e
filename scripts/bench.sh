#!/usr/bin/env bash
# The W1-W9 comparison in one run: the Python SDK baseline (../shared/bench/python_baseline.py,
# in the venv scripts/setup-python.sh creates once) and our criterion benches, on the same
# machine, then one table (scripts/bench_table.py) and the peak RSS of W2 / W6.
#
#   scripts/bench.sh                     W1-W7 and W9 (W8: its own bench in
#                                        transformers/flyte-types-dataframe, see BENCHMARKS.md)
#   BUDGET=5 ONLY=W2,W6 scripts/bench.sh a subset, Python budget 5 s per workload
#   NO_PYTHON=1 scripts/bench.sh         ours only (reuses nothing from an earlier Python run)
#
# Output: the table on stdout, raw files under $OUT (default /tmp/flyte-types-bench).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/flyte-types/target}"
shared="${FLYTE_TYPES_SHARED:-../shared}"
out="${OUT:-/tmp/flyte-types-bench}"
budget="${BUDGET:-3}"
mkdir -p "$out"

# Workloads: W1-W7, and W9 (with the `store` feature) when its bench is present.
only="${ONLY:-W1,W2,W3,W4,W5,W6,W7}"
benches=(--bench w1_w7)
if [ -z "${ONLY:-}" ]; then
  [ -e benches/w9_file.rs ] && only="$only,W9" && benches+=(--bench w9_file --features store)
fi

echo "== machine: $(nproc) cpu, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)" >&2
echo "== building benches (bench profile)" >&2
cargo bench --no-run "${benches[@]}" >&2
cargo build --profile bench --example bench_rss >&2

py_json=""
if [ -z "${NO_PYTHON:-}" ]; then
  venv="$(bash scripts/setup-python.sh)"
  py_json="$out/python_baseline.json"
  echo "== Python baseline ($only, budget ${budget}s), load $(cut -d' ' -f1 /proc/loadavg)" >&2
  # Run from $out: the installed flyte/types package shadows the stdlib `types` otherwise.
  (cd "$out" && "$venv/bin/python" "$OLDPWD/$shared/bench/python_baseline.py" \
      --only "$only" --budget "$budget" --no-anchors --json "$py_json" >"$out/python.txt")
fi

echo "== our benches, load $(cut -d' ' -f1 /proc/loadavg)" >&2
export CRITERION_HOME="$out/criterion"
rm -rf "$CRITERION_HOME"
FLYTE_BENCH_ONLY="$only" cargo bench "${benches[@]}" -- --noplot >"$out/criterion.txt" 2>&1
echo "== done, load $(cut -d' ' -f1 /proc/loadavg)" >&2

python3 scripts/bench_table.py ${py_json:+--python "$py_json"} --criterion "$CRITERION_HOME" --only "$only"

echo
echo "| WL | operation (one per process) | peak RSS |"
echo "|---|---|---|"
for w in W2 W6; do
  for op in gen direct_enc direct_dec tree_enc tree_dec; do
    rss=$(/usr/bin/time -f %M "$CARGO_TARGET_DIR/release/examples/bench_rss" "$w" "$op" 2>&1 >/dev/null | tail -1)
    echo "| $w | $op | $(awk -v k="$rss" 'BEGIN { printf "%.1f MB", k * 1024 / 1e6 }') |"
  done
done
