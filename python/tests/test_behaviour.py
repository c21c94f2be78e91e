"""What install() keeps exactly as the SDK does it: errors, delegation, dataclass construction,
custom transformers; and the direct API's bytes and errors."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime
import enum
import typing
from typing import Optional

import pytest
from flyteidl2.core import literals_pb2

import flyte_types
from flyte.types import TypeEngine
from flyte.types._type_engine import TypeTransformer, TypeTransformerFailedError


@pytest.fixture(autouse=True)
def _uninstalled():
    flyte_types.uninstall()
    yield
    flyte_types.uninstall()


def to_literal(v, t):
    return asyncio.run(TypeEngine.to_literal(v, t, TypeEngine.to_literal_type(t))).SerializeToString(deterministic=True)


def to_python(data, t):
    return asyncio.run(TypeEngine.to_python_value(literals_pb2.Literal.FromString(data), t))


def both(fn):
    """fn() without and with install(): (result or exception) pairs."""
    out = []
    for on in (False, True):
        flyte_types.install() if on else flyte_types.uninstall()
        try:
            out.append(("ok", fn()))
        except Exception as e:  # noqa: BLE001
            out.append(("err", e))
    flyte_types.uninstall()
    return out


class Color(enum.Enum):
    RED = "red"
    GREEN = "green"


@dataclasses.dataclass
class Point:
    x: int
    y: float


@dataclasses.dataclass
class Posted:
    x: int
    seen: list = dataclasses.field(default_factory=list, compare=False)

    def __post_init__(self):
        self.seen.append("post_init")


@dataclasses.dataclass
class Tz:
    at: datetime.datetime
    day: datetime.date
    wait: datetime.timedelta


def test_exact_bytes_of_known_literals():
    # Literal.scalar.primitive.integer = 5; a collection of two; a map entry "a" -> 1.5
    assert flyte_types.to_literal_bytes(5, int) == bytes.fromhex("0a040a020805")
    assert flyte_types.to_literal_bytes([1, 2], list[int]) == bytes.fromhex("1210" "0a060a040a020801" "0a060a040a020802")
    assert to_literal([1, 2], list[int]) == bytes.fromhex("1210" "0a060a040a020801" "0a060a040a020802")
    assert flyte_types.to_literal_bytes(Color.GREEN, Color) == bytes.fromhex("0a090a071a05475245454e")


def test_errors_are_the_sdks_with_the_value_path():
    bad = [1, 2, "three"]
    (m0, e0), (m1, e1) = both(lambda: to_literal(bad, list[int]))
    assert m0 == m1 == "err"
    assert type(e0) is type(e1) is TypeTransformerFailedError
    assert str(e0) == str(e1)
    assert any("flyte_types: at value[2]: expected an int, found a str" in n for n in e1.__notes__)
    with pytest.raises(TypeTransformerFailedError, match=r"\(at value\[2\]\)"):
        flyte_types.to_literal_bytes(bad, list[int])


def test_nested_error_path_in_a_dataclass():
    recs = [Point(1, 2.0), Point(2, 3.0), dataclasses.replace(Point(3, 4.0), x="no")]
    (m0, e0), (m1, e1) = both(lambda: to_literal(recs, list[Point]))
    # mashumaro writes whatever a field holds: the SDK accepts this value, and so must we.
    assert m0 == m1 == "ok" and e0 == e1


def test_a_float_for_an_int_is_refused_as_the_sdk_refuses_it():
    (m0, e0), (m1, e1) = both(lambda: to_literal(1.5, int))
    assert m0 == m1 == "err" and type(e0) is type(e1) and str(e0) == str(e1)
    (m0, e0), (m1, e1) = both(lambda: to_literal(3, float))
    assert m0 == m1 == "err" and type(e0) is type(e1) and str(e0) == str(e1)


def test_values_outside_the_exact_forms_go_to_the_sdk():
    class MyInt(int):
        pass

    for v, t in [([MyInt(3)], list[int]), (2**70, int), ({"a": 2**64 - 1, "b": [1, (2, 3)]}, dict), ([True], list[int])]:
        (m0, r0), (m1, r1) = both(lambda: to_literal(v, t))
        assert (m0, r0 if m0 == "ok" else str(r0)) == (m1, r1 if m1 == "ok" else str(r1))


def test_delegated_types_have_no_plan():
    from flyte.io import File

    for t in [File, list[File], Optional[File], typing.Annotated[int, "x"], dict[int, str], typing.Any, tuple[int, str]]:
        assert flyte_types._entry(t) is None, t
    for t in [int, list[dict[str, Optional[Point]]], Color, dict, Optional[Tz]]:
        assert flyte_types._entry(t) is not None, t


def test_post_init_runs_as_mashumaro_runs_it():
    data = to_literal(Posted(3), Posted)
    (m0, v0), (m1, v1) = both(lambda: to_python(data, Posted))
    # Written with seen=["post_init"]; reading calls __init__, whose __post_init__ appends again.
    assert v0.seen == v1.seen == ["post_init", "post_init"]
    assert flyte_types.from_literal_bytes(data, Posted).seen == ["post_init", "post_init"]


def test_datetimes_in_dataclasses_all_offsets():
    tzs = [None, datetime.timezone.utc, datetime.timezone(datetime.timedelta(hours=5, minutes=30)),
           datetime.timezone(datetime.timedelta(hours=-8, seconds=7, microseconds=5))]
    for tz in tzs:
        for micro in (0, 7, 999_999):
            v = Tz(datetime.datetime(1, 1, 1, 0, 0, 0, micro, tzinfo=tz), datetime.date(9999, 12, 31),
                   datetime.timedelta(days=-3, microseconds=1))
            data = to_literal(v, Tz)
            assert flyte_types.to_literal_bytes(v, Tz) == data
            assert flyte_types.from_literal_bytes(data, Tz) == to_python(data, Tz)
            back = flyte_types.from_literal_bytes(data, Tz)
            assert back.at.tzinfo == to_python(data, Tz).at.tzinfo


def test_a_custom_transformer_registered_later_is_respected():
    class Celsius(float):
        pass

    class CelsiusTransformer(TypeTransformer[Celsius]):
        def __init__(self):
            super().__init__("celsius", Celsius)

        def get_literal_type(self, t):
            return TypeEngine.to_literal_type(str)

        async def to_literal(self, v, t, expected):
            return literals_pb2.Literal(scalar=literals_pb2.Scalar(primitive=literals_pb2.Primitive(string_value=f"{float(v)}C")))

        async def to_python_value(self, lv, t):
            return Celsius(lv.scalar.primitive.string_value[:-1])

    flyte_types.install()
    assert flyte_types._entry(list[Celsius]) is None
    TypeEngine.register(CelsiusTransformer())
    try:
        assert to_literal([Celsius(1.5)], list[Celsius]) == to_literal([Celsius(1.5)], list[Celsius])
        assert literals_pb2.Literal.FromString(to_literal([Celsius(1.5)], list[Celsius])).collection.literals[0].scalar.primitive.string_value == "1.5C"
    finally:
        del TypeEngine._REGISTRY[Celsius]


def test_install_is_idempotent_and_uninstall_restores():
    sdk = TypeEngine.__dict__["to_literal"]
    flyte_types.install()
    flyte_types.install()
    assert flyte_types.installed() and TypeEngine.__dict__["to_literal"] is not sdk
    flyte_types.uninstall()
    flyte_types.uninstall()
    assert not flyte_types.installed() and TypeEngine.__dict__["to_literal"] is sdk


def test_literals_with_extras_are_read_by_the_sdk():
    lit = literals_pb2.Literal.FromString(to_literal([1, 2], list[int]))
    lit.metadata["k"] = "v"
    lit.collection.literals[0].hash = "h"
    (m0, v0), (m1, v1) = both(lambda: asyncio.run(TypeEngine.to_python_value(lit, list[int])))
    assert v0 == v1 == [1, 2]
    floats = literals_pb2.Literal(scalar=literals_pb2.Scalar(primitive=literals_pb2.Primitive(float_value=2.0)))
    (m0, v0), (m1, v1) = both(lambda: asyncio.run(TypeEngine.to_python_value(floats, int)))
    assert v0 == v1 == 2 and type(v1) is int


# ---- pydantic models ------------------------------------------------------------------------
from pydantic import BaseModel, ConfigDict, Field, field_validator  # noqa: E402


class Level(enum.IntEnum):
    LOW = 1
    HIGH = 2


class PPart(BaseModel):
    sku: str
    qty: int = 1


class PModel(BaseModel):
    model_config = ConfigDict(frozen=True)
    ratio: float
    count: int
    raw: bytes
    color: Color
    levels: list[Level]
    color_pep604: Color | None  # below `X | None` the SDK writes the enum's value, not its name
    parts: list[PPart]
    by_sku: dict[str, PPart]
    maybe: Optional[PPart] = None


class PValidated(BaseModel):
    n: int

    @field_validator("n")
    @classmethod
    def _positive(cls, v):
        if v <= 0:
            raise ValueError("n must be positive")
        return v


class PConstrained(BaseModel):
    n: int = Field(ge=0)


def pmodel(**kw):
    base = dict(ratio=0.5, count=-7, raw="héllo".encode(), color=Color.GREEN, levels=[Level.HIGH, Level.LOW],
                color_pep604=Color.RED, parts=[PPart(sku="a"), PPart(sku="b", qty=3)], by_sku={"z": PPart(sku="z", qty=0)})
    base.update(kw)
    return PModel(**base)


def fast(fn):
    """fn()'s result and how many (encodes, decodes) the Rust path finished during it."""
    before = flyte_types._native.finished()
    out = fn()
    after = flyte_types._native.finished()
    return out, (after[0] - before[0], after[1] - before[1])


def test_pydantic_models_are_converted_in_rust_both_ways():
    for v in [pmodel(), pmodel(maybe=PPart(sku="m"), color_pep604=None, ratio=float("inf"), levels=[])]:
        expected = to_literal(v, PModel)
        flyte_types.install()
        got, n_enc = fast(lambda: to_literal(v, PModel))
        assert got == expected and n_enc == (1, 0)
        if v.ratio == 0.5:
            back_sdk = both(lambda: to_python(expected, PModel))[0][1]
            flyte_types.install()
            back, n_dec = fast(lambda: to_python(expected, PModel))
            assert n_dec == (0, 1)
            assert back == back_sdk and type(back) is PModel
            assert back.__pydantic_fields_set__ == back_sdk.__pydantic_fields_set__
            assert list(back.__dict__) == list(back_sdk.__dict__)
        flyte_types.uninstall()
    # The exact msgpack: enum names (also IntEnum), a value below `X | None`, bytes as a str.
    data = flyte_types.to_literal_bytes(pmodel(), PModel)
    assert b"\xa5GREEN" in data and b"\xa4HIGH\xa3LOW" in data and b"\xa3red" in data and b"\xa6h\xc3\xa9llo" in data


def test_pydantic_outside_the_exact_forms_goes_to_the_sdk():
    # Not UTF-8 bytes (pydantic cannot write them), an int where a float is declared (pydantic
    # would warn and guess), a dict for a model (the SDK validates it into the model).
    cases = [
        (pmodel(raw=b"\xff"), PModel),
        (PModel.model_construct(**{**pmodel().__dict__, "ratio": 1}), PModel),
        ({"sku": "d"}, PPart),
        (PValidated(n=3), PValidated),
    ]
    for v, t in cases:
        (m0, r0), (m1, r1) = both(lambda: to_literal(v, t))
        assert (m0, r0 if m0 == "ok" else str(r0)) == (m1, r1 if m1 == "ok" else str(r1))
    for t in [PValidated, PConstrained, list[PValidated]]:
        assert flyte_types._entry(t) is None, t
    for t in [PModel, PPart, list[PPart], dict[str, Optional[PPart]]]:
        assert flyte_types._entry(t) is not None, t
    # A validator runs on the SDK's read: a payload it refuses is refused the same way.
    data = to_literal(PConstrained.model_construct(n=-1), PConstrained)
    (m0, e0), (m1, e1) = both(lambda: to_python(data, PConstrained))
    assert m0 == m1 == "err" and type(e0) is type(e1) and str(e0) == str(e1)


# ---- transformer objects ----------------------------------------------------------------------
def test_transformer_objects_take_the_fast_path_and_delegate():
    """The SDK's union transformer calls its variants' transformer objects directly (not
    `TypeEngine`): with a variant that has no plan (PValidated), the union goes to the SDK, whose
    list variant then goes through Rust. So does a transformer called by user code, sync
    `from_binary_idl` included; uninstall() leaves the objects as they were."""
    t = typing.Union[PValidated, list[int]]
    assert flyte_types._entry(t) is None
    expected = to_literal([1, -2, 3], t)
    flyte_types.install()
    got, n = fast(lambda: to_literal([1, -2, 3], t))
    assert got == expected and n == (1, 0)
    back, n = fast(lambda: to_python(expected, t))
    assert back == [1, -2, 3] and n == (0, 1)
    # A value no variant takes: the SDK's error, unchanged.
    (m0, e0), (m1, e1) = both(lambda: to_literal(["x"], t))
    assert m0 == m1 == "err" and type(e0) is type(e1) and str(e0) == str(e1)

    flyte_types.install()
    lt = TypeEngine.to_literal_type(list[int])
    tr = TypeEngine.get_transformer(list[int])
    lit, n = fast(lambda: asyncio.run(tr.to_literal([4, 5], list[int], lt)))
    assert n == (1, 0) and lit.SerializeToString(deterministic=True) == to_literal([4, 5], list[int])
    point = Point(3, 0.5)
    binary = literals_pb2.Literal.FromString(to_literal(point, Point)).scalar.binary
    dc = TypeEngine.get_transformer(Point)
    value, n = fast(lambda: dc.from_binary_idl(binary, Point))
    assert value == point and n == (0, 1)
    flyte_types.uninstall()
    assert value == dc.from_binary_idl(binary, Point)
    for tr in flyte_types._sdk_transformers():
        assert not {"to_literal", "to_python_value", "from_binary_idl"} & tr.__dict__.keys(), tr


@dataclasses.dataclass
class Counted:
    x: int
    made: typing.ClassVar[list] = []

    def __new__(cls, *args, **kwargs):
        cls.made.append(cls.__name__)
        return super().__new__(cls)


def test_dataclasses_are_built_as_their_init_builds_them():
    """A plain dataclass read in Rust has the SDK's attributes in the SDK's order; a class with
    its own `__new__` is built by calling it, as mashumaro does."""
    data = to_literal(Tz(datetime.datetime(2024, 1, 2, 3, 4, 5, 6), datetime.date(2024, 1, 2), datetime.timedelta(seconds=-1.5)), Tz)
    (_, v0), (_, v1) = both(lambda: to_python(data, Tz))
    assert v0 == v1 and list(vars(v0).items()) == list(vars(v1).items())
    data = to_literal(Counted(4), Counted)
    Counted.made.clear()
    (_, v0), (_, v1) = both(lambda: to_python(data, Counted))
    assert v0 == v1 and Counted.made == ["Counted", "Counted"]


def test_lengths_of_every_width_in_any_order():
    """Field lengths are written with the room the previous sibling took, then widened or
    narrowed: elements of 1, 2 and 3 length bytes in every order give the SDK's bytes."""
    sizes = [200, 1, 20_000, 3, 130, 0, 127, 128, 16_383, 16_384, 5]
    value = {f"k{i}": ["x" * n, "y" * (n // 2)] for i, n in enumerate(sizes)}
    t = dict[str, list[str]]
    (m0, r0), (m1, r1) = both(lambda: to_literal(value, t))
    assert m0 == m1 == "ok" and r0 == r1
    assert flyte_types.to_literal_bytes(value, t) == r0
    points = [Posted(i, ["p" * n]) for i, n in enumerate(sizes)]
    assert flyte_types.to_literal_bytes(points, list[Posted]) == to_literal(points, list[Posted])
