#!/usr/bin/env python
"""The native call alone, for instruction counts and A/B timing of two builds of `_native`.

    python python/bench/native_ab.py once WL enc|dec [REPS]
        one workload's `_native.encode` / `_native.decode`, REPS times (default 1): run it under
        valgrind --tool=callgrind --toggle-collect='flyte_types_native::__pyfunction_decode_py'
        (or `..._encode_py`; an encode run also counts the one encode that makes the input)
    python python/bench/native_ab.py ab WL enc|dec BASE_SO [ROUNDS]
        CPU time (`time.process_time`) of the installed `_native` against another build of it
        (BASE_SO, a copy of `flyte_types/_native.abi3.so`), alternating in one process, each
        sample after `gc.collect()`; first checks that both give the same bytes and values
"""

from __future__ import annotations

import gc
import importlib.util
import os
import statistics
import sys
import time

from flyte_types import _native
from flyte_types._plan import literal_spec
from parts import WORKLOADS  # parts.py, next to this file: the same five workloads

INNER = {"W2": 1, "W3": 10, "W4": 10, "W6": 10, "W7": 200}


def run(mod, plan, value, data, op: str, reps: int) -> list:
    if op == "enc":
        return [mod.encode(value, plan, False) for _ in range(reps)]
    return [mod.decode(data, plan) for _ in range(reps)]


def main() -> None:
    mode, wl, op = sys.argv[1:4]
    make, typ = WORKLOADS[wl]
    value = make()
    spec = literal_spec(typ)
    plan = _native.Plan(spec)
    data = _native.encode(value, plan, False)
    if mode == "once":
        reps = int(sys.argv[4]) if len(sys.argv) > 4 else 1
        for _ in range(reps):
            del run(_native, plan, value, data, op, 1)[0]
        return
    loader = importlib.util.spec_from_file_location("flyte_types_base._native", sys.argv[4])
    base = importlib.util.module_from_spec(loader)
    loader.loader.exec_module(base)
    rounds = int(sys.argv[5]) if len(sys.argv) > 5 else 15
    mods = {"base": (base, base.Plan(spec)), "new": (_native, plan)}
    assert base.encode(value, mods["base"][1], False) == data
    assert base.decode(data, mods["base"][1]) == _native.decode(data, plan)
    inner = INNER[wl]
    res: dict = {k: [] for k in mods}
    for r in range(rounds):
        for k in ("base", "new") if r % 2 == 0 else ("new", "base"):
            mod, p = mods[k]
            gc.collect()
            t0 = time.process_time()
            out = run(mod, p, value, data, op, inner)
            res[k].append((time.process_time() - t0) / inner)
            del out
    for k, xs in res.items():
        print(f"{wl} {op} {k}: min {min(xs) * 1e3:.3f} ms  median {statistics.median(xs) * 1e3:.3f} ms")
    new, old = res["new"], res["base"]
    print(
        f"new / base: min {min(new) / min(old):.3f}  median {statistics.median(new) / statistics.median(old):.3f}"
        f"  (load {os.getloadavg()[0]:.2f})"
    )


if __name__ == "__main__":
    main()
