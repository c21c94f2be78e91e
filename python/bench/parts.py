#!/usr/bin/env python
"""Where a `TypeEngine` call with flyte_types spends its time, part by part, for the bulk
workloads: the native write and read, upb's `Literal.FromString` and `SerializeToString` of the
same bytes (the parts no extension can skip: `to_literal` must return a upb `Literal`,
`to_python_value` receives one), and the cyclic GC's one pass over a read's new objects (held
off during the read, it runs at the next allocation after it). Min / median wall time of 9 reps,
each after `gc.collect()`, as the bench does.

    python python/bench/parts.py [W2,W3,W4,W6,W7]
"""

from __future__ import annotations

import gc
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("FLYTE_TYPES_SHARED", ROOT.parent / "shared")).resolve()
sys.path.insert(0, str(SHARED / "bench"))
import python_baseline as pb  # noqa: E402

from flyteidl2.core.literals_pb2 import Literal  # noqa: E402

import flyte_types  # noqa: E402
from flyte_types import _native  # noqa: E402

WORKLOADS = {
    "W2": (pb.make_w2, list[int]),
    "W3": (pb.make_w3, list[str]),
    "W4": (pb.make_w4, dict[str, float]),
    "W6": (lambda: pb.make_records(10_000), list[pb.Record]),
    "W7": (pb.make_w7, dict),
}


def timed(fn, reps: int = 9) -> str:
    xs = []
    for _ in range(reps):
        gc.collect()
        t0 = time.perf_counter()
        out = fn()
        xs.append(time.perf_counter() - t0)
        del out
    return f"{min(xs) * 1e3:.2f} / {statistics.median(xs) * 1e3:.2f} ms"


def gc_pass(data: bytes, plan, reps: int = 9) -> str:
    """The collection that follows a read: the first allocation after it, timed alone."""
    xs = []
    for _ in range(reps):
        gc.collect()
        out = _native.decode(data, plan)
        t0 = time.perf_counter()
        _ = [[] for _ in range(3)]
        xs.append(time.perf_counter() - t0)
        del out
    return f"{min(xs) * 1e3:.2f} / {statistics.median(xs) * 1e3:.2f} ms"


def main() -> None:
    names = (sys.argv[1] if len(sys.argv) > 1 else ",".join(WORKLOADS)).split(",")
    print(f"load {os.getloadavg()[0]:.2f}")
    print("| WL | native write | FromString | SerializeToString | native read | GC pass after the read |")
    print("|---|---|---|---|---|---|")
    for name in names:
        make, typ = WORKLOADS[name]
        value = make()
        plan = flyte_types._entry(typ).plan
        data = _native.encode(value, plan, False)
        lit = Literal.FromString(data)
        print(
            f"| {name} | {timed(lambda: _native.encode(value, plan, False))} | {timed(lambda: Literal.FromString(data))} "
            f"| {timed(lambda: lit.SerializeToString())} | {timed(lambda: _native.decode(data, plan))} "
            f"| {gc_pass(data, plan)} |",
            flush=True,
        )
    print(f"load {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
