#!/usr/bin/env bash
# A/B of two builds of examples/profile_loop on a noisy machine: runs them alternately, ROUNDS
# times each, and prints each one's per-run mins and medians (ms), sorted. Build each variant
# with `cargo build --profile bench --example profile_loop` and copy the binary aside first.
#
#   scripts/ab-loop.sh /tmp/pl_base /tmp/pl_new 8 W6 dec 100
set -euo pipefail
if [ $# -lt 6 ]; then
    echo "usage: $0 BIN_A BIN_B ROUNDS W2|W6 enc|dec N" >&2
    exit 2
fi
a=$1 b=$2 rounds=$3
shift 3
runs=$(mktemp)
trap 'rm -f "$runs"' EXIT
# Each line of profile_loop: "W6 dec: min 3.601 ms, median 3.718 ms over 300".
for _ in $(seq "$rounds"); do
    "$a" "$@" | awk '{print "A", $4, $7}'
    "$b" "$@" | awk '{print "B", $4, $7}'
done >"$runs"
for v in A B; do
    mins=$(awk -v v="$v" '$1 == v {print $2}' "$runs" | sort -n | tr '\n' ' ')
    meds=$(awk -v v="$v" '$1 == v {print $3}' "$runs" | sort -n | tr '\n' ' ')
    echo "$v: mins $mins| medians $meds"
done
