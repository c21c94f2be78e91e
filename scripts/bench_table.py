#!/usr/bin/env python3
"""Prints the W1-W9 comparison table: the Python baseline JSON next to our criterion results.

    bench_table.py --python PY.json --criterion TARGET/criterion [--only W1,W2] [--markdown]

Ours are read from criterion's raw samples (`<group>/<bench>/new/sample.json`): per-iteration
time of each sample, then min and median over samples. Bench ids are `W<n>/<path>_<enc|dec>`
(path: direct, tree, value, prost) and `W<n>/memcpy`; any other `W<n>/…` id (for example the
W8 / W9 benches of other engineers) is listed as it is. Ratios are Python / ours (how many times
faster we are) and ours / floor (how far above the floor), on medians, with mins in brackets.
"""
import argparse
import json
import os
import re
import statistics
import sys


def ours(criterion_dir):
    """{(workload, bench): (min_s, median_s)}"""
    out = {}
    if not os.path.isdir(criterion_dir):
        return out
    for group in sorted(os.listdir(criterion_dir)):
        if not re.fullmatch(r"W\d+", group):
            continue
        gdir = os.path.join(criterion_dir, group)
        for bench in sorted(os.listdir(gdir)):
            f = os.path.join(gdir, bench, "new", "sample.json")
            if not os.path.exists(f):
                continue
            s = json.load(open(f))
            per = [t / i / 1e9 for t, i in zip(s["times"], s["iters"])]
            out[(group, bench)] = (min(per), statistics.median(per))
    return out


def python(path):
    """{workload: [(variant, enc(min,med), dec(min,med), bytes)]} in seconds."""
    if not path or not os.path.exists(path):
        return {}
    d = json.load(open(path))
    out = {}
    for r in d.get("results", []):
        scale = {"s": 1.0, "ns/op": 1e-9, "ms": 1e-3, "us/op": 1e-6}.get(r["unit"], 1.0)
        enc = (r["encode"]["min"] * scale, r["encode"]["median"] * scale)
        dec = (r["decode"]["min"] * scale, r["decode"]["median"] * scale)
        out.setdefault(r["workload"], []).append((r["variant"], enc, dec, r.get("literal_bytes")))
    return out


def fmt(s):
    if s is None:
        return "–"
    for unit, f in (("s", 1), ("ms", 1e-3), ("µs", 1e-6), ("ns", 1e-9)):
        if s >= f or unit == "ns":
            v = s / f
            return f"{v:,.3g} {unit}" if v < 1000 else f"{v:,.0f} {unit}"


def ratio(a, b):
    if a is None or b is None or b == 0:
        return "–"
    r = a / b
    return f"{r:,.0f}x" if r >= 100 else f"{r:,.1f}x" if r >= 10 else f"{r:,.2f}x"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--python")
    ap.add_argument("--criterion", required=True)
    ap.add_argument("--only")
    args = ap.parse_args()
    our = ours(args.criterion)
    py = python(args.python)
    workloads = sorted({w for w, _ in our} | set(py), key=lambda w: int(w[1:]))
    if args.only:
        keep = set(args.only.split(","))
        workloads = [w for w in workloads if w in keep]

    print("| WL | dir | Python min / med | path | ours min / med | Python ÷ ours (med [min]) | ours ÷ prost floor (med) | ours ÷ memcpy (med) |")
    print("|---|---|---|---|---|---|---|---|")
    for w in workloads:
        pyrows = py.get(w, [])
        memcpy = our.get((w, "memcpy"))
        for d, pyi in (("enc", 1), ("dec", 2)):
            pyv = pyrows[0][pyi] if pyrows else None
            floor = our.get((w, f"prost_{d}"))
            paths = [b for (g, b) in our if g == w and b.endswith("_" + d)]
            order = {"direct": 0, "direct-buf": 1, "tree": 2, "value": 3, "prost": 4}
            paths.sort(key=lambda b: (order.get(b.rsplit("_", 1)[0], 9), b))
            if not paths and pyv:
                paths = [None]
            for b in paths:
                o = our.get((w, b)) if b else None
                name = b.rsplit("_", 1)[0] if b else "–"
                print(
                    f"| {w} | {d} | {fmt(pyv[0]) if pyv else '–'} / {fmt(pyv[1]) if pyv else '–'} "
                    f"| {name} | {fmt(o[0]) if o else '–'} / {fmt(o[1]) if o else '–'} "
                    f"| {ratio(pyv[1], o[1]) if pyv and o else '–'} [{ratio(pyv[0], o[0]) if pyv and o else '–'}] "
                    f"| {ratio(o[1], floor[1]) if o and floor and name != 'prost' else '–'} "
                    f"| {ratio(o[1], memcpy[1]) if o and memcpy else '–'} |"
                )
        if memcpy:
            print(f"| {w} | – | | memcpy | {fmt(memcpy[0])} / {fmt(memcpy[1])} | | | |")
        others = [b for (g, b) in our if g == w and not re.search(r"_(enc|dec)$|^memcpy$", b)]
        for b in sorted(others):
            o = our[(w, b)]
            print(f"| {w} | – | | {b} | {fmt(o[0])} / {fmt(o[1])} | | | |")


if __name__ == "__main__":
    sys.exit(main())
