#!/usr/bin/env python3
"""Random nested shapes written by the real Flyte 2 SDK, as corpus cases: a search for the shapes
the hand-written cases (gen_extra_cases.py) do not cover.

Each case is a random Python type (scalars, datetimes, enums, lists, dicts, Optional, Union,
dataclasses, pydantic models, NamedTuples, TypedDicts, untyped dicts, nested up to a few levels)
with a random value of it, built exactly as gen_extra_cases.py builds its cases (same `build`,
same canonical JSON from py_decode.py). The seed decides everything, so a failing case can be
rebuilt by name.

    VENV=$(bash scripts/setup-python.sh)
    $VENV/bin/python tests/data/random_shapes.py --seed 1 --count 200 --out /tmp/random-shapes
    target/debug/flyte-types conformance /tmp/random-shapes/wire

What the SDK itself refuses (to encode, or to read back) is listed in OUT/UNENCODABLE.md and
left out.
"""

import argparse
import asyncio
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import gen_extra_cases as gen  # noqa: E402

ENUMS = '''class Color(enum.Enum):
    RED = "red"
    GREEN = "green"


class Level(enum.IntEnum):
    LOW = 1
    HIGH = 10


class Status(str, enum.Enum):
    ACTIVE = "active"
    ON_HOLD = "on-hold"
'''

TEXTS = ["", "a", "naïve ✓", "🚀", "line\nbreak", "x" * 40, "0", "null"]
FLOATS = [0.0, -0.0, 1.5, -2.25, 1e-300, 1e300, 3.0, 0.1]
SPECIAL_FLOATS = ["math.nan", "math.inf", "-math.inf"]
INTS = [0, 1, -1, 127, 128, -33, 65536, 2**31, -(2**31) - 1, 2**63 - 1, -(2**63)]


class Shapes:
    """One case's type and value, as source text, with the classes it defines."""

    def __init__(self, rng: random.Random, name: str):
        self.rng = rng
        self.name = name
        self.defs: list[str] = []
        self.classes = 0

    def class_name(self, kind: str) -> str:
        self.classes += 1
        return f"{kind}{self.classes}"

    # ---- types: (source text, value generator) -------------------------------------------

    def leaf(self, inside_struct: bool):
        r = self.rng
        kinds = ["int", "float", "str", "bool", "datetime", "date", "timedelta", "Color", "Level"]
        if inside_struct:
            kinds += ["Status", "bytes"]
        k = r.choice(kinds)
        if k == "int":
            return "int", lambda: repr(r.choice(INTS))
        if k == "float":
            # NaN and the infinities only inside structs (the SDK writes them there; at the top
            # level they are covered by the corpus).
            pool = [repr(f) for f in FLOATS] + (SPECIAL_FLOATS if inside_struct else [])
            return "float", lambda: r.choice(pool)
        if k == "str":
            return "str", lambda: repr(r.choice(TEXTS))
        if k == "bool":
            return "bool", lambda: r.choice(["True", "False"])
        if k == "datetime":

            def dt():
                y, mo, d = r.randint(1970, 2100), r.randint(1, 12), r.randint(1, 28)
                h, mi, s, us = r.randint(0, 23), r.randint(0, 59), r.randint(0, 59), r.choice([0, 1, 500000, 999999])
                tz = r.choice(["", ", tzinfo=datetime.timezone.utc"])
                return f"datetime.datetime({y}, {mo}, {d}, {h}, {mi}, {s}, {us}{tz})"

            return "datetime.datetime", dt
        if k == "date":
            return "datetime.date", lambda: f"datetime.date({r.randint(1900, 2200)}, {r.randint(1, 12)}, {r.randint(1, 28)})"
        if k == "timedelta":
            return "datetime.timedelta", lambda: f"datetime.timedelta(microseconds={r.choice([0, 1, -1, 1500000, -86400000001, 123456789])})"
        if k == "bytes":
            return "bytes", lambda: repr(r.choice([b"", b"\x00\xff", b"abc", bytes(range(40))]))
        if k == "Color":
            return "Color", lambda: r.choice(["Color.RED", "Color.GREEN"])
        if k == "Level":
            return "Level", lambda: r.choice(["Level.LOW", "Level.HIGH"])
        return "Status", lambda: r.choice(["Status.ACTIVE", "Status.ON_HOLD"])

    def any_type(self, depth: int, inside_struct: bool, style: str = "dataclass"):
        r = self.rng
        if depth <= 0:
            return self.leaf(inside_struct)
        kind = r.choice(
            ["leaf", "leaf", "list", "dict", "optional", "union", "dataclass", "pydantic", "untyped"]
            + (["tuple"] if inside_struct else [])
            # A NamedTuple under a pydantic model has its field names in the schema (an object);
            # under dataclasses only it is a plain array (the README's rule, which `wire_fixup`
            # applies to every array on the wire): generated only there.
            + (["namedtuple"] if inside_struct and style == "dataclass" else [])
            # typing.TypedDict cannot sit anywhere under a pydantic model on Python < 3.12.
            + (["typeddict"] if inside_struct and style == "dataclass" else [])
        )
        if kind == "leaf":
            return self.leaf(inside_struct)
        if kind == "list":
            t, v = self.any_type(depth - 1, inside_struct, style)
            return f"list[{t}]", lambda: "[" + ", ".join(v() for _ in range(r.randint(0, 3))) + "]"
        if kind == "dict":
            t, v = self.any_type(depth - 1, inside_struct, style)
            keys = ["a", "b", "", "ключ", "Z"]

            def d():
                ks = r.sample(keys, r.randint(0, 3))
                return "{" + ", ".join(f"{k!r}: {v()}" for k in ks) + "}"

            return f"dict[str, {t}]", d
        if kind == "optional":
            t, v = self.any_type(depth - 1, inside_struct, style)
            if t.startswith("Optional["):
                return t, v
            return f"Optional[{t}]", lambda: "None" if r.random() < 0.3 else v()
        if kind == "union":
            a, va = self.any_type(depth - 1, inside_struct, style)
            b, vb = self.any_type(depth - 1, inside_struct, style)
            if a == b or "Optional" in a or "Optional" in b:
                return a, va
            return f"Union[{a}, {b}]", lambda: va() if r.random() < 0.5 else vb()
        if kind == "untyped":

            def u(d=2):
                c = r.random()
                if d == 0 or c < 0.5:
                    return r.choice(["1", "-7", "2.5", "'s'", "None", "True", "b'\\x01'", "[]", "{}"])
                if c < 0.75:
                    return "[" + ", ".join(u(d - 1) for _ in range(r.randint(0, 3))) + "]"
                return "{" + ", ".join(f"{k!r}: {u(d - 1)}" for k in r.sample(["x", "y", "z"], r.randint(0, 3))) + "}"

            return "dict", lambda: "{" + ", ".join(f"{k!r}: {u()}" for k in r.sample(["k", "m", "n"], r.randint(0, 3))) + "}"
        if kind in ("dataclass", "pydantic"):
            return self.struct(depth, kind, "pydantic" if kind == "pydantic" else style)
        if kind == "tuple":
            items = [self.any_type(depth - 1, True, style) for _ in range(r.randint(1, 3))]
            return "tuple[" + ", ".join(t for t, _ in items) + "]", lambda: "(" + "".join(v() + ", " for _, v in items) + ")"
        if kind == "namedtuple":
            name = self.class_name("NT")
            fields = [(f"f{i}", *self.any_type(depth - 1, True, style)) for i in range(r.randint(1, 3))]
            self.defs.append(f"class {name}(NamedTuple):\n" + "".join(f"    {f}: {t}\n" for f, t, _ in fields))
            return name, lambda: f"{name}(" + ", ".join(v() for _, _, v in fields) + ")"
        name = self.class_name("TD")
        fields = [(f"f{i}", *self.any_type(depth - 1, True, style)) for i in range(r.randint(1, 3))]
        self.defs.append(f"class {name}(TypedDict):\n" + "".join(f"    {f}: {t}\n" for f, t, _ in fields))
        return name, lambda: "{" + ", ".join(f"{f!r}: {v()}" for f, _, v in fields) + "}"

    def struct(self, depth: int, kind: str, style: str):
        r = self.rng
        name = self.class_name("DC" if kind == "dataclass" else "PM")
        fields = []
        for i in range(r.randint(1, 4)):
            t, v = self.any_type(depth - 1, True, style)
            default = None
            if r.random() < 0.25 and t in ("int", "str", "float", "bool"):
                default = v()
            elif r.random() < 0.4 and t.startswith("Optional["):
                default = "None"
            fields.append((f"f{i}", t, v, default))
        # Fields with defaults after those without (a dataclass requires it).
        fields.sort(key=lambda f: f[3] is not None)
        header = "@dataclass\nclass {}:\n" if kind == "dataclass" else "class {}(BaseModel):\n"
        body = "".join(f"    {f}: {t}" + (f" = {d}" if d is not None else "") + "\n" for f, t, _, d in fields)
        self.defs.append(header.format(name) + body)

        def value():
            parts = []
            for f, _, v, d in fields:
                if d is not None and r.random() < 0.5:
                    continue  # left to its default
                parts.append(f"{f}={v()}")
            return f"{name}(" + ", ".join(parts) + ")"

        return name, value


def random_case(seed: int, i: int) -> gen.Case:
    name = f"rand_{seed}_{i}"
    rng = random.Random(name)
    s = Shapes(rng, name)
    t, v = s.any_type(rng.randint(1, 4), False)
    value = v()
    defs = ENUMS + "\n\n" + "\n\n".join(s.defs)
    # value.json as the wire carries it where the README says so (a NamedTuple inside a
    # dataclass is an array, enums by value where the wire has values): `wire_fixup`.
    return gen.Case(name, "random", t, value, defs=defs, wire_canon=True)


async def main_async(args):
    import logging
    import shutil

    import flyte

    pyd = gen.load_py_decode(Path(args.shared))
    logging.getLogger("flyte").setLevel(logging.ERROR)
    flyte.init(log_level=logging.ERROR)
    out_dir = Path(args.out)
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    gen.make_fixtures()
    refused, ok = [], 0
    for case in (random_case(args.seed, i) for i in range(args.count)):
        try:
            await gen.build(case, pyd, out_dir, False)
            ok += 1
        except gen.Refused as r:
            refused.append((case, r))
        except Exception as e:  # noqa: BLE001  (the defs themselves: a shape Python refuses)
            refused.append((case, gen.Refused("defs", f"{type(e).__name__}: {str(e)[:300]}")))
    gen.write_unencodable(out_dir, refused)
    print(f"{ok} cases written, {len(refused)} refused -> {out_dir}/wire")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=100)
    ap.add_argument("--out", default="/tmp/random-shapes")
    ap.add_argument("--shared", default="/work/shared")
    args = ap.parse_args()
    asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
