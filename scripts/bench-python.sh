#!/usr/bin/env bash
# W1-W7 through Flyte 2's TypeEngine, without and with the flyte_types extension, in one process
# (python/bench/bench_typeengine.py), then the peak RSS of one W2 / W6 operation per process.
#   scripts/bench-python.sh                 ONLY=W1,W5 scripts/bench-python.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/flyte-types/target}"
export FLYTE_TYPES_SHARED="$(cd "${FLYTE_TYPES_SHARED:-../shared}" && pwd)"
py="$(bash scripts/setup-python.sh)/bin/python"
echo "== load before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$py" python/bench/bench_typeengine.py --only "${ONLY:-W1,W2,W3,W4,W5,W6,W7,P6}" --json "${JSON:-/tmp/flyte_types_bench.json}"
echo "== load after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| WL | op | SDK peak RSS | with flyte_types peak RSS |"
echo "|---|---|---|---|"
for wl in W2 W6; do
  for op in gen enc dec; do
    sdk="$("$py" python/bench/bench_typeengine.py --rss "$wl" "$op" sdk | tail -1 | "$py" -c 'import json,sys; print(json.load(sys.stdin)["peak_kib"])')"
    ext="$("$py" python/bench/bench_typeengine.py --rss "$wl" "$op" ext | tail -1 | "$py" -c 'import json,sys; print(json.load(sys.stdin)["peak_kib"])')"
    echo "| $wl | $op | $((sdk / 1024)) MB | $((ext / 1024)) MB |"
  done
done
