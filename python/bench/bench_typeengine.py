#!/usr/bin/env python
"""W1-W7 through Flyte 2's own TypeEngine, without and with `flyte_types.install()`, same process.

Run by scripts/bench-python.sh. The workloads and the timed operations are the shared baseline's
(../shared/bench/python_baseline.py, whose generators are imported):
  encode = TypeEngine.to_literal(value, type, literal_type) + Literal.SerializeToString()
  decode = Literal.ParseFromString(bytes) + TypeEngine.to_python_value(literal, type)
Each rep checks the two modes' bytes (deterministic serialization) and values are equal.

    bench_typeengine.py [--only W1,W2,...,P6] [--json OUT]   (P6: W6's records as pydantic models)
    bench_typeengine.py --rss W2|W6 gen|enc|dec sdk|ext  (one operation, prints peak RSS in KiB)
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("FLYTE_TYPES_SHARED", ROOT.parent / "shared")).resolve()
sys.path.insert(0, str(SHARED / "bench"))
import python_baseline as pb  # noqa: E402  (the shared workload generators)

from typing import Optional  # noqa: E402

from flyteidl2.core.literals_pb2 import Literal  # noqa: E402
from pydantic import BaseModel  # noqa: E402

import flyte_types  # noqa: E402
from flyte.types import TypeEngine as TE  # noqa: E402

pc = time.perf_counter

class PInner(BaseModel):
    x: int
    y: float
    label: str


class PRecord(BaseModel):
    """W6's `Record` as a pydantic model (no datetime: a model with one keeps to the SDK)."""

    id: int
    score: float
    name: str
    active: bool
    values: list[int]
    tags: dict[str, int]
    inner: PInner
    note: Optional[str]
    color: pb.Color


def make_p6() -> list[PRecord]:
    """P6: W6's 10,000 records as pydantic models (the same field values)."""
    return [
        PRecord(id=r.id, score=r.score, name=r.name, active=r.active, values=r.values, tags=r.tags,
                inner=PInner(x=r.inner.x, y=r.inner.y, label=r.inner.label), note=r.note, color=r.color)
        for r in pb.make_records(10_000)
    ]


# name: (make value, python type, bulk?, reps without, reps with)
WORKLOADS = {
    "W1": (lambda: 123456789, int, False, 7, 7),
    "W2": (pb.make_w2, list[int], True, 1, 7),
    "W3": (pb.make_w3, list[str], True, 3, 11),
    "W4": (pb.make_w4, dict[str, float], True, 3, 11),
    "W5": (lambda: pb.make_records(1)[0], pb.Record, False, 7, 7),
    "W6": (lambda: pb.make_records(10_000), list[pb.Record], True, 7, 15),
    "W7": (pb.make_w7, dict, True, 15, 15),
    "P6": (make_p6, list[PRecord], True, 3, 15),
}


async def encode_kept(value, typ, lt):
    """(literal, bytes): the literal is released by the caller, after the timed region (as in
    the baseline, whose `del lv` follows the timing)."""
    lit = await TE.to_literal(value, typ, lt)
    return lit, lit.SerializeToString()


async def decode_kept(data: bytes, typ):
    """(literal, value), likewise released after the timed region."""
    lit = Literal()
    lit.ParseFromString(data)
    return lit, await TE.to_python_value(lit, typ)


async def encode(value, typ, lt) -> bytes:
    return (await encode_kept(value, typ, lt))[1]


async def decode(data: bytes, typ):
    return (await decode_kept(data, typ))[1]


async def bulk(value, typ, lt, reps: int):
    enc, dec = [], []
    out = None
    for _ in range(reps):
        gc.collect()
        t0 = pc()
        kept, data = await encode_kept(value, typ, lt)
        t1 = pc()
        del kept
        gc.collect()
        t2 = pc()
        kept, out = await decode_kept(data, typ)
        t3 = pc()
        del kept
        enc.append(t1 - t0)
        dec.append(t3 - t2)
    return enc, dec, out


async def per_op(value, typ, lt, reps: int, n: int = 2000):
    data = await encode(value, typ, lt)
    enc, dec = [], []
    for _ in range(reps):
        t0 = pc()
        for _ in range(n):
            await encode(value, typ, lt)
        t1 = pc()
        for _ in range(n):
            await decode(data, typ)
        t2 = pc()
        enc.append((t1 - t0) / n)
        dec.append((t2 - t1) / n)
    return enc, dec, await decode(data, typ)


def stats(xs):
    return {"min": min(xs), "median": statistics.median(xs), "reps": len(xs)}


async def one(name: str) -> dict:
    make, typ, is_bulk, reps_sdk, reps_ext = WORKLOADS[name]
    value = make()
    lt = TE.to_literal_type(typ)
    row = {"workload": name, "type": str(typ)}
    outs = {}
    for mode, reps in (("sdk", reps_sdk), ("ext", reps_ext)):
        flyte_types.install() if mode == "ext" else flyte_types.uninstall()
        # warm-up: transformer and plan caches
        await decode(await encode(value if not is_bulk else value[:10] if isinstance(value, list) else value, typ, lt), typ)
        fn = bulk if is_bulk else per_op
        enc, dec, out = await fn(value, typ, lt, reps)
        outs[mode] = ((await TE.to_literal(value, typ, lt)).SerializeToString(deterministic=True), out)
        row[mode] = {"encode": stats(enc), "decode": stats(dec)}
        print(f"  {name} {mode}: enc med {statistics.median(enc) * 1e3:.4f} ms, dec med {statistics.median(dec) * 1e3:.4f} ms", flush=True)
    flyte_types.uninstall()
    row["bytes_identical"] = outs["sdk"][0] == outs["ext"][0]
    row["values_equal"] = outs["sdk"][1] == outs["ext"][1] == value
    row["literal_bytes"] = len(outs["sdk"][0])
    return row


async def run_all(names: list[str]) -> list[dict]:
    """As the baseline does: flyte.init (local) and a local raw-data path around every workload."""
    import flyte
    from flyte._context import internal_ctx
    from flyte.models import RawDataPath

    os.makedirs(pb.RAW_DATA, exist_ok=True)
    await flyte.init.aio()
    with internal_ctx().new_raw_data_path(RawDataPath.from_local_folder(pb.RAW_DATA)):
        return [await one(name) for name in names]


def rss(name: str, op: str, mode: str) -> None:
    make, typ, _, _, _ = WORKLOADS[name]
    value = make()
    lt = TE.to_literal_type(typ)
    # A decode process gets its input from the extension's direct writer (the same bytes, and a
    # small peak of its own); "gen" only generates the value.
    data = flyte_types.to_literal_bytes(value, typ) if op == "dec" else None
    if op == "dec":
        del value
    gc.collect()
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if mode == "ext":
        flyte_types.install()
    if op == "enc":
        asyncio.run(encode(value, typ, lt))
    elif op == "dec":
        asyncio.run(decode(data, typ))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"workload": name, "op": op, "mode": mode, "peak_kib": peak, "before_kib": base}))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", default="W1,W2,W3,W4,W5,W6,W7,P6")
    ap.add_argument("--json")
    ap.add_argument("--rss", nargs=3)
    args = ap.parse_args()
    if args.rss:
        rss(*args.rss)
        return
    rows = asyncio.run(run_all([n.strip() for n in args.only.split(",")]))
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1))
    print()
    print("| WL | dir | SDK min / med | with flyte_types min / med | SDK ÷ ext (med [min]) | bytes identical |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        for d in ("encode", "decode"):
            s, e = r["sdk"][d], r["ext"][d]
            print(
                f"| {r['workload']} | {d[:3]} | {fmt(s['min'])} / {fmt(s['median'])} | {fmt(e['min'])} / {fmt(e['median'])} "
                f"| {s['median'] / e['median']:,.1f}x [{s['min'] / e['min']:,.1f}x] | {r['bytes_identical'] and r['values_equal']} |"
            )


def fmt(s: float) -> str:
    if s < 1e-3:
        return f"{s * 1e6:,.2f} µs"
    if s < 1:
        return f"{s * 1e3:,.2f} ms"
    return f"{s:,.2f} s"


if __name__ == "__main__":
    main()
