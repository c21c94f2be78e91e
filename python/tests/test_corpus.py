"""Every Flyte 2 case of the golden corpus and of tests/data/extra-cases whose Python type resolves:
the SDK's TypeEngine gives the same bytes and the same Python values with `flyte_types.install()`
as without it, and so do `to_literal_bytes` / `from_literal_bytes`.

The SDK without the extension is the reference: each case's value is what the SDK itself decodes
from the case's literal.pb, then encoded again by both.
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import sys
from pathlib import Path

import pytest
from flyteidl2.core import literals_pb2, types_pb2

import flyte_types
from flyte.types import TypeEngine

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("FLYTE_TYPES_SHARED", ROOT.parent / "shared")).resolve()
sys.path.insert(0, str(SHARED / "interop"))
import py_decode  # noqa: E402  (the corpus's own type resolution)

DIRS = [SHARED / "interop" / "flyte2", ROOT / "tests" / "data" / "extra-cases"]


def cases():
    out = []
    for d in DIRS:
        for case in sorted(p.parent for p in d.rglob("case.json")):
            info = json.loads((case / "case.json").read_text())
            if not info.get("sdk", "").startswith("flyte 2"):
                continue
            out.append(pytest.param(case, info, id=f"{d.name}/{case.relative_to(d)}"))
    return out


def resolve(case: Path, info: dict):
    lt = types_pb2.LiteralType.FromString((case / "type.pb").read_bytes())
    try:
        cands = py_decode.resolve_candidates(info, lt)
    except Exception:  # noqa: BLE001
        return None, lt
    t, label = cands[0]
    return (t if label == "python_type" else None), lt


def same(a, b) -> bool:
    """Equal values of equal types all the way down (NaN equal to NaN, -0.0 apart from 0.0)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        return (math.isnan(a) and math.isnan(b)) or (a == b and math.copysign(1, a) == math.copysign(1, b))
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if hasattr(a, "__dataclass_fields__"):
        return all(same(getattr(a, f), getattr(b, f)) for f in a.__dataclass_fields__)
    try:
        return bool(a == b)
    except ValueError:  # a pandas DataFrame has no truth value: compare what it shows
        return repr(a) == repr(b)


def run(coro):
    return asyncio.run(coro)


FAST = {"encode": 0, "decode": 0, "planned": 0}

# Pydantic cases the Rust path converts both ways (plain models: scalars, bytes, enums by name
# and by value, Optional, lists, dicts and nested models). The others keep to the SDK's
# transformer: datetime / timedelta fields (pydantic's own ISO formats), constraints (`ge=0`),
# aliases, `Union[int, str]`, `Literal[...]`, File / Dir fields, NaN / inf (unreadable).
PYDANTIC_FAST = {
    "pyd_flat", "pyd_defaults_omitted", "list_pydantic", "pyd_nested_defs", "pyd_optional_none",
    "pyd_enum_fields", "pyd_enum_optional_none", "pyd_bytes_utf8", "list_pydantic_nested",
    "dict_str_pydantic",
}
PYDANTIC_SEEN: set = set()


@pytest.fixture(autouse=True)
def _uninstalled():
    flyte_types.uninstall()
    yield
    flyte_types.uninstall()


@pytest.mark.parametrize("case,info", cases())
def test_case_identical_with_and_without_install(case, info):
    t, lt = resolve(case, info)
    if t is None:
        pytest.skip("python_type does not resolve to the case's LiteralType")
    lit = literals_pb2.Literal.FromString((case / "literal.pb").read_bytes())
    try:
        value = run(TypeEngine.to_python_value(lit, t))
    except Exception as e:  # noqa: BLE001
        pytest.skip(f"the SDK itself cannot read this case: {type(e).__name__}")
    entry = flyte_types._entry(t)
    try:
        expected = run(TypeEngine.to_literal(value, t, lt)).SerializeToString(deterministic=True)
    except Exception:  # noqa: BLE001
        # Files, dirs and dataframes need a raw-data context to be written; those types have no
        # plan, so only the read side is compared here.
        assert entry is None
        flyte_types.install()
        got_value = run(TypeEngine.to_python_value(lit, t))
        flyte_types.uninstall()
        assert same(got_value, value)
        return

    flyte_types.install()
    before = flyte_types._native.finished()
    got_value = run(TypeEngine.to_python_value(lit, t))
    between = flyte_types._native.finished()
    got = run(TypeEngine.to_literal(value, t, lt)).SerializeToString(deterministic=True)
    after = flyte_types._native.finished()
    flyte_types.uninstall()
    decoded_fast = between[1] > before[1]
    encoded_fast = after[0] > between[0]

    assert same(got_value, value), f"{got_value!r} != {value!r}"
    assert got == expected
    assert flyte_types.to_literal_bytes(value, t) == expected
    assert same(flyte_types.from_literal_bytes(expected, t), value)

    if case.name in PYDANTIC_FAST:
        # These went through Rust inside the installed TypeEngine, not to the SDK's transformer.
        assert entry is not None, "no plan"
        assert encoded_fast and decoded_fast, (encoded_fast, decoded_fast)
        PYDANTIC_SEEN.add(case.name)
    if entry is not None:
        FAST["planned"] += 1
        # The Rust path itself (not the SDK fallback) gives these bytes and values, when it
        # takes the value at all; and the installed TypeEngine took it whenever it does.
        try:
            direct = flyte_types._native.encode(value, entry.plan)
        except flyte_types.Unsupported:
            pass  # (the SDK's transformer may still call the fast path for a part of it)
        else:
            FAST["encode"] += 1
            assert direct == expected
            assert encoded_fast
        try:
            back = flyte_types._native.decode(expected, entry.plan)
        except flyte_types.Unsupported:
            pass
        else:
            FAST["decode"] += 1
            assert same(back, value)
        # The installed path read the case's own literal (which may carry more than `expected`).
        try:
            flyte_types._native.decode(lit.SerializeToString(), entry.plan)
        except flyte_types.Unsupported:
            pass
        else:
            assert decoded_fast


def test_the_fast_path_took_most_planned_cases():
    """Guards against a plan that silently sends everything to the SDK (runs after the cases)."""
    print(FAST)
    assert FAST["planned"] >= 60, FAST
    assert FAST["encode"] >= FAST["planned"] * 0.9, FAST
    assert FAST["decode"] >= FAST["planned"] * 0.9, FAST


def test_every_listed_pydantic_case_took_the_fast_path():
    """Runs after the cases: none of PYDANTIC_FAST was skipped or missing from the corpus."""
    assert PYDANTIC_SEEN == PYDANTIC_FAST, PYDANTIC_FAST - PYDANTIC_SEEN
