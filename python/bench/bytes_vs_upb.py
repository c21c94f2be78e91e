#!/usr/bin/env python
"""Which is faster for the extension to hand back: Literal bytes + Literal.FromString, or upb
objects built from Python (the SDK's own idiom)? Timed on W1 (an int), W5 (a dataclass payload)
and W2 (a million ints). Run: python python/bench/bytes_vs_upb.py"""

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2].parent / "shared" / "bench"))
import python_baseline as pb  # noqa: E402
from flyteidl2.core.literals_pb2 import Binary, Literal, LiteralCollection, Primitive, Scalar  # noqa: E402

import flyte_types  # noqa: E402


def per_op(fn, n):
    best = float("inf")
    for _ in range(5):
        t0 = time.perf_counter()
        for _ in range(n):
            fn()
        best = min(best, (time.perf_counter() - t0) / n)
    return best


w1 = 123456789
p1 = flyte_types._entry(int).plan
print(f"W1 bytes+FromString {per_op(lambda: Literal.FromString(flyte_types._native.encode(w1, p1, False)), 100_000) * 1e9:,.0f} ns; "
      f"upb objects {per_op(lambda: Literal(scalar=Scalar(primitive=Primitive(integer=w1))), 100_000) * 1e9:,.0f} ns")
rec = pb.make_records(1)[0]
p5 = flyte_types._entry(pb.Record).plan
print(f"W5 bytes+FromString {per_op(lambda: Literal.FromString(flyte_types._native.encode(rec, p5, False)), 50_000) * 1e9:,.0f} ns; "
      f"the same Rust call + upb objects around its bytes {per_op(lambda: Literal(scalar=Scalar(binary=Binary(value=flyte_types._native.encode(rec, p5, False), tag='msgpack'))), 50_000) * 1e9:,.0f} ns")
w2 = pb.make_w2()
p2 = flyte_types._entry(list[int]).plan


def upb_w2():
    lit = Literal()
    lits = lit.collection.literals
    for v in w2:
        lits.add().scalar.primitive.integer = v
    return lit


print(f"W2 bytes+FromString {per_op(lambda: Literal.FromString(flyte_types._native.encode(w2, p2, False)), 1) * 1e3:,.1f} ms; "
      f"upb objects in place {per_op(upb_w2, 1) * 1e3:,.1f} ms")
