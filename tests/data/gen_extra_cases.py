#!/usr/bin/env python3
"""Generate extra Flyte 2 interop cases (tests/data/extra-cases/) with the real Flyte 2 SDK.

These cases complement the golden corpus (shared/interop/flyte2): same transformer families,
other values and shapes, to test that the Rust type engine generalizes (the hidden hold-out set is
"same families, different values and shapes").  Every case folder has the corpus layout
(type.pb, literal.pb, value.json, case.json, data/), see shared/interop/README.md.

How a case is made (the way the corpus README describes its generator):
  * python_defs are exec'd in a fresh module (after py_decode.DEFS_PRELUDE), python_type is
    eval'd there (a typing.Literal case marked `via_interface` goes through
    flyte._interface.literal_to_enum like a task interface does);
  * inside a Flyte context whose raw-data path is /tmp/flyte-golden-extra/raw (uri_prefix
    /tmp/flyte-golden-extra; local source files live in /tmp/flyte-golden-extra/src) the value is
    encoded with TypeEngine.to_literal_type / TypeEngine.to_literal;
  * `random` is re-seeded per case (raw-data names), protobufs are written with
    SerializeToString(deterministic=True), so the output is byte-identical on every run
    (also across PYTHONHASHSEEDs: no str sets are pickled);
  * value.json is the canonical JSON of what the SDK decodes back (TypeEngine.to_python_value),
    computed with shared/interop/py_decode.py's own `Canon` class;
  * local files the literal points at are copied to CASE/data/ (same relative layout);
  * offloaded cases are built like the corpus' offloaded_list_int (inner literal from
    TypeEngine.to_literal written to the uri, inferred_type = the LiteralType, size_bytes filled);
  * values the SDK refuses (encode or decode) are listed in extra-cases/UNENCODABLE.md.

Run (python 3.11 venv with flyte==2.12.1, pyarrow, pandas; NOT from a folder that holds a `flyte/`
package):

    VENV=$(bash scripts/setup-python.sh)            # or /root/.cache/flyte-types/venv
    $VENV/bin/python tests/data/gen_extra_cases.py [--shared /work/shared] [--out DIR] [-v]

then check it with the SDK's reverse checker (must print "N passed, 0 failed"):

    $VENV/bin/python ../shared/interop/py_decode.py tests/data/extra-cases

The script wipes and rewrites its output folder and /tmp/flyte-golden-extra.
"""

import argparse
import asyncio
import base64
import enum
import importlib.util
import inspect
import json
import math
import os
import random
import shutil
import sys
import traceback
import types
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
PREFIX = "/tmp/flyte-golden-extra"
RAW = f"{PREFIX}/raw"
SRC = f"{PREFIX}/src"
SDK = "flyte 2.12.1"


# ------------------------------------------------------------------------------------------------
# case specs
# ------------------------------------------------------------------------------------------------


@dataclass
class Case:
    name: str
    family: str
    python_type: str
    value: object  # source text eval'd in the defs module, or a callable(ns) -> value / awaitable
    defs: str = ""
    notes: str = ""
    via_interface: bool = False  # typing.Literal through flyte._interface.literal_to_enum
    offload: bool = False  # wrap the literal in Literal.offloaded_metadata
    extra: dict = field(default_factory=dict)
    wire_canon: bool = False  # value.json as the wire carries it (wire_fixup), under extra-cases/wire/


COLOR = '''class Color(enum.Enum):
    RED = "red"
    GREEN = "green"
    BLUE = "blue"
'''

STATUS_LEVEL = '''class Status(str, enum.Enum):
    ACTIVE = "active"
    ON_HOLD = "on-hold"
    CLOSED = "closed"


class Level(enum.IntEnum):
    LOW = 1
    MID = 5
    HIGH = 10
'''

C = Case
CASES: list[Case] = []


def add(*cs):
    CASES.extend(cs)


# ---- primitives --------------------------------------------------------------------------------
add(
    C("int_negative", "int", "int", "-123456789"),
    C("int_minus_one", "int", "int", "-1", notes="-1 is a 10-byte varint on the wire."),
    C("int_int64_min", "int", "int", "-2**63", notes="Smallest int64."),
    C("int_large_positive", "int", "int", "2**53 + 1", notes="Not representable as a float64."),
    C("float_tiny", "float", "float", "1e-300"),
    C("float_subnormal", "float", "float", "5e-324", notes="Smallest positive subnormal double."),
    C("float_negative_zero", "float", "float", "-0.0", notes="-0.0 is written (sign bit set), unlike +0.0 it is not a default."),
    C("float_inf", "float", "float", "math.inf"),
    C("float_neg_inf", "float", "float", "-math.inf"),
    C("float_max", "float", "float", "1.7976931348623157e308"),
    C("float_whole", "float", "float", "-3.0", notes="A whole float stays a float (canonical -3.0)."),
    C("float_zero", "float", "float", "0.0", notes="+0.0: the oneof field is still written."),
    C("str_unicode", "str", "str", '"naïve café — Ünïcödé ✓ 日本語 Ωμέγα"'),
    C("str_emoji", "str", "str", '"🚀 flyte 👩\u200d💻 🇳🇱"', notes="Astral-plane code points and a ZWJ sequence."),
    C("str_control_chars", "str", "str", '"line1\\nline2\\t\\"quoted\\" back\\\\slash \\x00 nul \\x7f"'),
    C("str_long", "str", "str", '"abc" * 100', notes="300 bytes: a 2-byte length varint."),
    C("bool_false", "bool", "bool", "False", notes="false: the oneof field is still written (0a040a022800)."),
)

# ---- datetime / date / timedelta ---------------------------------------------------------------
add(
    C("datetime_naive_micros", "datetime", "datetime.datetime", "datetime.datetime(2024, 12, 31, 23, 59, 59, 999999)"),
    C("datetime_pre_1900", "datetime", "datetime.datetime",
      "datetime.datetime(1850, 6, 15, 12, 30, 0, 250000, tzinfo=datetime.timezone.utc)",
      notes="Negative Timestamp seconds with positive nanos."),
    C("datetime_year_1000", "datetime", "datetime.datetime", "datetime.datetime(1000, 1, 1, 0, 0, 0)",
      notes="Smallest year whose canonical string py_decode writes with 4 digits (see UNENCODABLE.md)."),
    C("datetime_far_future", "datetime", "datetime.datetime",
      "datetime.datetime(9999, 12, 31, 23, 59, 59, 999999, tzinfo=datetime.timezone.utc)"),
    C("datetime_aware_plus0530", "datetime", "datetime.datetime",
      "datetime.datetime(2024, 3, 10, 8, 15, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=5, minutes=30)))",
      notes="Aware non-UTC datetime: converted to UTC on the wire (the offset is lost)."),
    C("datetime_aware_minus0800_micros", "datetime", "datetime.datetime",
      "datetime.datetime(2023, 12, 31, 20, 0, 0, 1, tzinfo=datetime.timezone(datetime.timedelta(hours=-8)))",
      notes="Crosses a year boundary when converted to UTC."),
    C("date_pre_1900", "date", "datetime.date", "datetime.date(1899, 12, 31)"),
    C("date_epoch", "date", "datetime.date", "datetime.date(1970, 1, 1)",
      notes="Timestamp {} (seconds 0, nanos 0): an empty message."),
    C("date_far_future", "date", "datetime.date", "datetime.date(2500, 7, 4)"),
    C("timedelta_negative_fraction", "timedelta", "datetime.timedelta", "datetime.timedelta(seconds=-1.5)",
      notes="Duration seconds and nanos carry the same sign."),
    C("timedelta_negative_days", "timedelta", "datetime.timedelta", "datetime.timedelta(days=-3, hours=4)"),
    C("timedelta_one_micro", "timedelta", "datetime.timedelta", "datetime.timedelta(microseconds=1)"),
    C("timedelta_minus_one_micro", "timedelta", "datetime.timedelta", "datetime.timedelta(microseconds=-1)"),
    C("timedelta_multi_day", "timedelta", "datetime.timedelta", "datetime.timedelta(days=400, seconds=1, microseconds=999999)"),
    C("timedelta_zero", "timedelta", "datetime.timedelta", "datetime.timedelta(0)", notes="Duration {}: an empty message."),
)

# ---- lists / typed dicts -----------------------------------------------------------------------
add(
    C("list_nested3_int", "list", "list[list[list[int]]]", "[[[1, -2], []], [[3]], []]"),
    C("list_dict_str_list_int", "list", "list[dict[str, list[int]]]", '[{"a": [1, 2], "b": []}, {}, {"z": [-9]}]'),
    C("list_optional_str_none", "list", "list[Optional[str]]", '["a", None, "", None]'),
    C("list_empty_nested", "list", "list[list[str]]", "[[], []]"),
    C("list_bool", "list", "list[bool]", "[True, False, False]"),
    C("list_datetime_offsets", "list", "list[datetime.datetime]",
      "[datetime.datetime(2020, 2, 29, 12, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=-3))), "
      "datetime.datetime(1999, 12, 31, 23, 59, 59, 500)]"),
    C("list_timedelta", "list", "list[datetime.timedelta]",
      "[datetime.timedelta(seconds=-0.25), datetime.timedelta(weeks=2), datetime.timedelta(0)]"),
    C("list_enum", "enum", "list[Color]", "[Color.BLUE, Color.RED, Color.BLUE]", defs=COLOR,
      notes="Enums inside a list literal: member NAMES."),
    C("dict_str_optional_float", "dict", "dict[str, Optional[float]]",
      '{"x": 1.5, "y": None, "z": -0.0, "w": math.nan}'),
    C("dict_empty_nested", "dict", "dict[str, dict[str, list[int]]]", '{"a": {}, "b": {"c": []}}'),
    C("dict_nonascii_keys", "dict", "dict[str, int]",
      '{"zeta": 1, "Äpfel": 2, "apple": 3, "日本": 4, "Zebra": 5, "émoji🚀": 6, "": 7}',
      notes="Non-ASCII and empty keys. deterministic=True sorts map entries by the UTF-8 bytes of the key."),
    C("dict_str_list_dict", "dict", "dict[str, list[dict[str, str]]]",
      '{"rows": [{"k": "v"}, {}], "none": []}'),
    C("dict_str_date", "dict", "dict[str, datetime.date]",
      '{"start": datetime.date(2000, 1, 1), "end": datetime.date(1900, 3, 1)}'),
    C("dict_str_intenum", "enum", "dict[str, Level]", '{"a": Level.HIGH, "b": Level.LOW}', defs=STATUS_LEVEL,
      notes="An IntEnum in a map: member NAMES."),
    C("list_none", "none", "list[None]", "[None, None]",
      notes="The list transformer rejects list[None] (its argument is None, not NoneType)."),
)

# ---- untyped dict (msgpack) ----------------------------------------------------------------------
add(
    C("dict_untyped_bytes_none", "untyped_dict", "dict",
      '{"blob": b"\\x00\\xff", "nested": {"inner": b"abc", "none": None}, "tiny": 1e-300, "negz": -0.0, '
      '"mixed": [1, "x", None, [2.5, b"\\x01"]], "big": 2**63 - 1, "small": -2**63}',
      notes="bytes travel as msgpack bin; None as nil; int64 extremes."),
    C("dict_untyped_int_keys_mixed", "untyped_dict", "dict", '{1: "a", -2: [1, 2], 300: {"x": None}}',
      notes="Plain `dict` with int keys: msgpack integer keys (canonical: their JSON text)."),
    C("dict_int_float", "untyped_dict", "dict[int, float]", "{1: 0.5, -7: -0.0, 1000000: 1e300, 2: math.inf}",
      notes="dict[int, float] is the untyped STRUCT/msgpack form, not a LiteralMap."),
    C("dict_untyped_nested_lists", "untyped_dict", "dict",
      '{"matrix": [[1, 2], [3, 4]], "deep": [[[[]]]], "empty": {}, "floats": [1.0, -2.0, 0.1]}'),
    C("dict_untyped_unicode", "untyped_dict", "Dict", '{"ключ": "значение", "emoji": "🚀", "": ""}',
      notes="typing.Dict without parameters behaves like dict."),
    C("dict_untyped_empty", "untyped_dict", "dict", "{}", notes="msgpack fixmap of size 0 (0x80)."),
)

# ---- dataclasses --------------------------------------------------------------------------------
DC_ORDER = '''@dataclass
class LineItem:
    sku: str
    qty: int
    price: float


@dataclass
class Order:
    id: int
    items: List[LineItem]
    by_sku: Dict[str, LineItem]
    notes: List[str]
'''
DC_OPT = '''@dataclass
class Address:
    street: str
    zip: str


@dataclass
class Person:
    name: str
    address: Optional[Address]
    tags: Optional[List[str]] = None
'''
DC_ENUMS = STATUS_LEVEL + '''

@dataclass
class Ticket:
    status: Status
    level: Level
    history: List[Status]
    by_level: Dict[str, Level]
'''
DC_TIMES = '''@dataclass
class Timeline:
    aware: datetime.datetime
    naive: datetime.datetime
    utc: datetime.datetime
    day: datetime.date
    neg: datetime.timedelta
    frac: datetime.timedelta
    long: datetime.timedelta
'''
DC_SPANS = '''@dataclass
class Spans:
    one_us: datetime.timedelta
    neg_us: datetime.timedelta
    third: datetime.timedelta
    big: datetime.timedelta
    huge: datetime.timedelta
'''
DC_BYTES = '''@dataclass
class Blobs:
    empty: bytes
    binary: bytes
    text: bytes
    maybe: Optional[bytes] = None
'''
DC_DEFAULTS = '''@dataclass
class Config:
    zeta: str
    alpha: int = 3
    mid: float = -1.25
    flags: Dict[str, bool] = field(default_factory=lambda: {"x": True})
    ids: List[int] = field(default_factory=list)
    label: Optional[str] = "lbl"
'''
DC_UNION = '''@dataclass
class Token:
    value: Union[int, str]
    weight: float = 1.0
'''
DC_DEEP = '''@dataclass
class Cell:
    v: float


@dataclass
class Row:
    cells: List[Cell]
    meta: Dict[str, int]


@dataclass
class Grid:
    name: str
    rows: List[Row]
    spare: Optional[Row] = None
'''
DC_IO = '''@dataclass
class Artifacts:
    model: File
    data: Dir
    log: File
    extra: Optional[File] = None
'''
DC_FLOATS = '''@dataclass
class Floats:
    nan: float
    inf: float
    ninf: float
    negz: float
    tiny: float
'''
DC_FRAME = '''@dataclass
class Bundle:
    table: DataFrame
    files: List[File]
    dirs: Dict[str, Dir]
'''
DC_MISC = '''@dataclass
class Misc:
    pairs: Dict[int, str]
    maybe_ints: Optional[List[Optional[int]]]
    fixed: Tuple[int, str]
    nested: List[List[float]]
'''
add(
    C("dc_nested_lists_dicts", "dataclass", "Order",
      'Order(id=7, items=[LineItem("a-1", 2, 9.99), LineItem("b-2", 0, 0.0)], '
      'by_sku={"b-2": LineItem("b-2", 1, 1.5), "a-1": LineItem("a-1", 3, -2.0)}, notes=[])',
      defs=DC_ORDER, notes="List and dict of dataclasses inside a dataclass (msgpack map keys keep insertion order)."),
    C("dc_optional_set", "dataclass", "Person", 'Person(name="Ann", address=Address("Main St 1", "1234"), tags=["x"])',
      defs=DC_OPT),
    C("dc_optional_none", "dataclass", "Person", 'Person(name="Bob", address=None)', defs=DC_OPT,
      notes="Optional dataclass field None and a defaulted Optional list: both written as nil."),
    C("dc_enum_fields", "dataclass", "Ticket",
      'Ticket(status=Status.ON_HOLD, level=Level.HIGH, history=[Status.ACTIVE, Status.CLOSED], by_level={"x": Level.LOW})',
      defs=DC_ENUMS,
      notes="Inside a dataclass enums are member VALUES (mashumaro): str enum -> 'on-hold', IntEnum -> the int 10."),
    C("dc_datetimes", "dataclass", "Timeline",
      "Timeline(aware=datetime.datetime(2024, 7, 1, 9, 0, 0, 123000, tzinfo=datetime.timezone(datetime.timedelta(hours=9))), "
      "naive=datetime.datetime(1901, 1, 1, 0, 0, 1), "
      "utc=datetime.datetime(2030, 1, 1, tzinfo=datetime.timezone.utc), "
      "day=datetime.date(1812, 6, 24), neg=datetime.timedelta(hours=-1, microseconds=-500), "
      "frac=datetime.timedelta(milliseconds=1.5), long=datetime.timedelta(days=10000))",
      defs=DC_TIMES,
      notes="mashumaro isoformat keeps the +09:00 offset in msgpack; timedelta as float seconds."),
    C("dc_timedelta_precision", "dataclass", "Spans",
      "Spans(one_us=datetime.timedelta(microseconds=1), neg_us=datetime.timedelta(microseconds=-1), "
      "third=datetime.timedelta(seconds=1 / 3), big=datetime.timedelta(days=100000, microseconds=1), "
      "huge=datetime.timedelta(days=999999, seconds=86399, microseconds=999999))",
      defs=DC_SPANS,
      notes="Dataclass timedeltas are float seconds (total_seconds()); decoding rebuilds timedelta(seconds=f), "
            "rounding the float to the nearest microsecond. Lossy for large values: big (100000 days + 1 us) is "
            "8640000000.000002 on the wire and decodes to +2 us; huge (999999 days 86399.999999 s) is "
            "86400000000.0 and decodes to exactly 1000000 days. value.json is the decoded value."),
    C("dc_bytes_fields", "dataclass", "Blobs", 'Blobs(empty=b"", binary=bytes(range(250, 256)), text=b"hi", maybe=b"\\x00")',
      defs=DC_BYTES),
    C("dc_defaults_factory", "dataclass", "Config", 'Config(zeta="z")', defs=DC_DEFAULTS,
      notes="Field order not alphabetical; defaults and default_factory values are all written."),
    C("dc_defaults_overridden", "dataclass", "Config",
      'Config(zeta="", alpha=-1, mid=0.0, flags={}, ids=[5, 6], label=None)', defs=DC_DEFAULTS),
    C("dc_union_field_int", "dataclass", "Token", "Token(value=12)", defs=DC_UNION),
    C("dc_union_field_str", "dataclass", "Token", 'Token(value="12", weight=0.5)', defs=DC_UNION,
      notes="Union[int, str] field holding a digit string stays a string."),
    C("dc_deep_nesting", "dataclass", "Grid",
      'Grid(name="g", rows=[Row([Cell(1.0), Cell(-0.5)], {"n": 2}), Row([], {})], spare=Row([Cell(3.25)], {}))',
      defs=DC_DEEP, notes="Dataclass inside a list inside a dataclass."),
    C("dc_io_with_hash", "dataclass", "Artifacts",
      'Artifacts(model=File(path="s3://bucket/models/m.onnx", format="onnx", hash="sha256:0a1b2c"), '
      'data=Dir(path="s3://bucket/datasets/d1/", hash="dir-hash-42"), log=File(path="gs://logs/run 1/out.log"), '
      'extra=File(path="s3://bucket/x.bin", format="bin"))',
      defs=DC_IO, notes="File/Dir fields with and without hash: {path, name, format, hash} in msgpack."),
    C("dc_io_optional_none", "dataclass", "Artifacts",
      'Artifacts(model=File(path="s3://b/m"), data=Dir(path="s3://b/d"), log=File(path="s3://b/l.txt", format="txt"))',
      defs=DC_IO),
    C("dc_float_specials", "dataclass", "Floats",
      "Floats(nan=math.nan, inf=math.inf, ninf=-math.inf, negz=-0.0, tiny=5e-324)", defs=DC_FLOATS),
    C("dc_misc_containers", "dataclass", "Misc",
      'Misc(pairs={3: "c", -1: "m"}, maybe_ints=[1, None], fixed=(4, "four"), nested=[[0.5], []])',
      defs=DC_MISC, notes="dict[int, str] field: msgpack int keys; tuple field: msgpack array."),
    C("dc_dataframe_and_file_list", "dataclass", "Bundle",
      'Bundle(table=DataFrame.from_existing_remote("s3://bucket/tables/b/", format="parquet"), '
      'files=[File(path="s3://bucket/f1", hash="fh"), File(path="s3://bucket/f2.csv", format="csv")], '
      'dirs={"d": Dir(path="s3://bucket/dd/", format="csv")})',
      defs=DC_FRAME, notes="DataFrame field: {uri, format} only (columns []), list of File, dict of Dir."),
    C("dc_from_nested_dict", "dataclass", "Grid",
      '{"name": "from-dict", "rows": [{"cells": [{"v": 2.0}], "meta": {}}]}', defs=DC_DEEP,
      notes="A plain nested dict is coerced into the dataclass (defaults filled) before encoding."),
    C("list_dataclass_nested", "dataclass", "list[Row]",
      '[Row([Cell(0.0)], {"a": 1}), Row([], {"b": -1})]', defs=DC_DEEP),
    C("dict_str_dataclass_optional", "dataclass", "dict[str, Optional[Address]]",
      '{"home": Address("Elm 2", "9999"), "work": None}', defs=DC_OPT,
      notes="Map of unions: each value is a union literal, the dataclass variant carries its JSON schema."),
)

# ---- pydantic -----------------------------------------------------------------------------------
PYD_NESTED = '''class PItem(BaseModel):
    sku: str
    qty: int = 1


class PCart(BaseModel):
    owner: str
    items: List[PItem]
    by_sku: Dict[str, PItem]
    featured: Optional[PItem] = None
'''
PYD_ENUMS = STATUS_LEVEL + '''

class PTicket(BaseModel):
    status: Status
    level: Level
    history: List[Status]
    maybe: Optional[Level] = None
'''
PYD_TIMES = '''class PTimeline(BaseModel):
    aware: datetime.datetime
    naive: datetime.datetime
    utc: datetime.datetime
    day: datetime.date
    neg: datetime.timedelta
    frac: datetime.timedelta
    long: datetime.timedelta
'''
PYD_DURATIONS = '''class PDurations(BaseModel):
    d: List[datetime.timedelta]
'''
PYD_BYTES = '''class PBytes(BaseModel):
    text: bytes
    empty: bytes
    maybe: Optional[bytes] = None
'''
PYD_DEFAULTS = '''class PSettings(BaseModel):
    zeta: str
    alpha: int = Field(default=3)
    ratio: float = Field(default=0.25, ge=0)
    tags: List[str] = Field(default_factory=lambda: ["t"])
    extra: Dict[str, int] = Field(default_factory=dict)
'''
PYD_ALIAS = '''from pydantic import ConfigDict


class PAliased(BaseModel):
    model_config = ConfigDict(populate_by_name=True)
    user_name: str = Field(alias="userName")
    max_count: int = Field(default=5, alias="maxCount")
'''
PYD_ALIAS_STRICT = '''class PAliasStrict(BaseModel):
    user_name: str = Field(alias="userName")
'''
PYD_UNION = '''class PShape(BaseModel):
    id: Union[int, str]
    sides: Optional[int] = None
'''
PYD_IO = '''class PArtifacts(BaseModel):
    model: File
    data: Dir
    maybe: Optional[File] = None
'''
PYD_AB = '''class PA(BaseModel):
    a: int
    note: str = ""


class PB(BaseModel):
    b: List[str]
'''
PYD_FLOATS = '''class PFloats(BaseModel):
    nan: float
    inf: float
'''
PYD_LITERAL = '''class PMode(BaseModel):
    mode: Literal["fast", "slow"]
    level: int
'''
add(
    C("pyd_nested_defs", "pydantic", "PCart",
      'PCart(owner="ann", items=[PItem(sku="a"), PItem(sku="b", qty=-2)], by_sku={"z": PItem(sku="z", qty=0)}, '
      'featured=PItem(sku="f", qty=9))',
      defs=PYD_NESTED, notes="Nested models appear under $defs in the JSON schema."),
    C("pyd_optional_none", "pydantic", "PCart", 'PCart(owner="", items=[], by_sku={})', defs=PYD_NESTED),
    C("pyd_enum_fields", "pydantic", "PTicket",
      "PTicket(status=Status.ON_HOLD, level=Level.MID, history=[Status.CLOSED], maybe=Level.LOW)",
      defs=PYD_ENUMS, notes="Pydantic: enums by NAME on the wire (also IntEnum: 'MID', and inside the list)."),
    C("pyd_enum_optional_none", "pydantic", "PTicket",
      "PTicket(status=Status.ACTIVE, level=Level.HIGH, history=[])", defs=PYD_ENUMS),
    C("pyd_datetimes", "pydantic", "PTimeline",
      "PTimeline(aware=datetime.datetime(2024, 3, 10, 8, 15, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=5, minutes=30))), "
      "naive=datetime.datetime(1850, 1, 1, 12, 0), utc=datetime.datetime(2001, 9, 9, 1, 46, 40, 5, tzinfo=datetime.timezone.utc), "
      "day=datetime.date(2099, 12, 31), neg=datetime.timedelta(seconds=-1.5), frac=datetime.timedelta(microseconds=250), "
      "long=datetime.timedelta(days=400, hours=3))",
      defs=PYD_TIMES,
      notes="pydantic keeps a non-UTC offset ('+05:30') in msgpack; timedelta as ISO 8601 (negative: '-PT1.5S')."),
    C("pyd_durations_years", "pydantic", "PDurations",
      "PDurations(d=[datetime.timedelta(days=365), datetime.timedelta(days=730, seconds=0.5), datetime.timedelta(days=30), "
      "datetime.timedelta(days=-400), datetime.timedelta(days=1464), datetime.timedelta(days=-1, seconds=1), "
      "datetime.timedelta(weeks=1, microseconds=7)])",
      defs=PYD_DURATIONS,
      notes="pydantic's ISO 8601 durations use YEARS of 365 days ('P1Y', 'P2YT0.5S', 'P4Y4D'), never months or weeks, "
            "and a leading '-' for negative values ('-P1Y35D', '-PT23H59M59S')."),
    C("pyd_bytes_utf8", "pydantic", "PBytes", 'PBytes(text="héllo ✓".encode(), empty=b"", maybe=b"\\x7f")', defs=PYD_BYTES,
      notes="pydantic bytes are a UTF-8 msgpack str."),
    C("pyd_field_defaults", "pydantic", "PSettings", 'PSettings(zeta="z")', defs=PYD_DEFAULTS),
    C("pyd_field_defaults_overridden", "pydantic", "PSettings",
      'PSettings(zeta="q", alpha=0, ratio=1.0, tags=[], extra={"k": -1})', defs=PYD_DEFAULTS),
    C("pyd_alias_populate_by_name", "pydantic", "PAliased", 'PAliased(userName="neo")', defs=PYD_ALIAS,
      notes="Field aliases: the JSON schema lists the ALIASES (userName, maxCount) but model_dump_json() writes the "
            "field NAMES (user_name, max_count); decoding works only because populate_by_name=True."),
    C("pyd_alias_strict", "pydantic", "PAliasStrict", 'PAliasStrict(userName="trinity")', defs=PYD_ALIAS_STRICT,
      notes="Encodes {user_name: ...} (model_dump_json() writes field names, the schema lists the alias userName) "
            "but model_validate then wants the alias: the SDK cannot read its own literal without populate_by_name."),
    C("pyd_union_field_int", "pydantic", "PShape", "PShape(id=4, sides=4)", defs=PYD_UNION),
    C("pyd_union_field_str", "pydantic", "PShape", 'PShape(id="hex")', defs=PYD_UNION),
    C("pyd_io_fields", "pydantic", "PArtifacts",
      'PArtifacts(model=File(path="s3://bucket/m.pt", format="pt", hash="h-1"), data=Dir(path="s3://bucket/d/"), '
      'maybe=File(path="s3://bucket/n.txt"))',
      defs=PYD_IO),
    C("pyd_float_specials", "pydantic", "PFloats", "PFloats(nan=math.nan, inf=math.inf)", defs=PYD_FLOATS,
      notes="model_dump_json() writes NaN / inf as JSON null (pydantic's default ser_json_inf_nan='null'), so the "
            "msgpack is {nan: nil, inf: nil}, which does not validate back into float fields. Dataclasses and "
            "untyped dicts carry NaN / inf fine (dc_float_specials)."),
    C("pyd_literal_field", "pydantic", "PMode", 'PMode(mode="slow", level=2)', defs=PYD_LITERAL),
    C("list_pydantic_nested", "pydantic", "list[PCart]",
      '[PCart(owner="x", items=[PItem(sku="i")], by_sku={}), PCart(owner="y", items=[], by_sku={})]',
      defs=PYD_NESTED),
    C("dict_str_pydantic", "pydantic", "dict[str, PItem]", '{"one": PItem(sku="1"), "two": PItem(sku="2", qty=2)}',
      defs=PYD_NESTED),
    C("pyd_from_dict", "pydantic", "PSettings", '{"zeta": "from-dict", "alpha": 9}', defs=PYD_DEFAULTS,
      notes="A plain dict passed for a pydantic model is validated into the model (defaults filled)."),
)

# ---- typed tuple / NamedTuple / TypedDict --------------------------------------------------------
NT_DEFS = COLOR + '''

class Segment(NamedTuple):
    label: str
    bounds: Tuple[int, int]
    scores: List[float]
    meta: Dict[str, List[int]]
    color: Color
    when: datetime.datetime
    note: Optional[str] = None
'''
NT_NESTED = '''class Span(NamedTuple):
    start_at: int
    end_at: int


class Track(NamedTuple):
    name: str
    span: Span
'''
TD_DEFS = '''class Tags(TypedDict):
    key: str
    values: List[str]


class Record(TypedDict):
    id: int
    tags: List[Tags]
    when: datetime.datetime
    extra: Dict[str, Optional[int]]
'''
TD_PARTIAL = '''class Partial(TypedDict, total=False):
    a: int
    b: str
    c: List[float]
'''
DC_INNER = '''@dataclass
class Inner:
    a: int
    label: str
'''
add(
    C("tuple_nested_containers", "tuple", "tuple[list[int], dict[str, float], str]",
      '([1, 2, 3], {"x": -0.5}, "s")'),
    C("tuple_single", "tuple", "tuple[int]", "(-1,)"),
    C("tuple_optional_items", "tuple", "tuple[Optional[int], Optional[str], bool]", '(None, "x", False)'),
    C("typing_tuple_dataclass", "tuple", "Tuple[int, Inner]", '(5, Inner(a=1, label="in"))', defs=DC_INNER,
      notes="typing.Tuple: schema title TupleWrapper_Tuple; a dataclass item is a nested msgpack map."),
    C("tuple_time_enum", "tuple", "tuple[datetime.datetime, Color, datetime.timedelta, datetime.date]",
      "(datetime.datetime(2024, 1, 1, 12, tzinfo=datetime.timezone(datetime.timedelta(hours=-5))), Color.GREEN, "
      "datetime.timedelta(minutes=-90), datetime.date(1999, 1, 1))",
      defs=COLOR, notes="Typed tuple items use pydantic conventions: enum NAME, ISO durations."),
    C("namedtuple_nested", "namedtuple", "Segment",
      'Segment(label="s1", bounds=(3, 7), scores=[0.5, -1.0], meta={"k": [1], "e": []}, color=Color.RED, '
      'when=datetime.datetime(2024, 6, 1, 1, 2, 3, tzinfo=datetime.timezone(datetime.timedelta(hours=2))))',
      defs=NT_DEFS,
      notes="NamedTuple with a typed tuple field (msgpack array), a map of lists, an enum (NAME), an aware datetime "
            "(pydantic keeps the +02:00 offset) and a defaulted Optional."),
    C("namedtuple_in_namedtuple", "namedtuple", "Track", 'Track(name="t", span=Span(3, 7))', defs=NT_NESTED,
      notes="A NamedTuple nested in a NamedTuple is a msgpack ARRAY [3, 7] on the wire, and its JSON schema "
            "($defs.Span) is an array with prefixItems whose only names are pydantic titles ('Start At', 'End At'). "
            "The canonical value (py_decode) is still an object with the field names start_at / end_at, which a "
            "decoder can only recover from the titles (lowercase, space -> underscore)."),
    C("typeddict_nested", "typeddict", "Record",
      '{"id": 1, "tags": [{"key": "k", "values": ["v1", "v2"]}], '
      '"when": datetime.datetime(2022, 2, 22, 22, 22, 22, tzinfo=datetime.timezone.utc), "extra": {"n": None, "m": 3}}',
      defs=TD_DEFS),
    C("typeddict_total_false_partial", "typeddict", "Partial", '{"b": "only-b"}', defs=TD_PARTIAL,
      notes="The TypedDict wrapper model ignores total=False: every key is required, a partial dict is refused."),
    C("typeddict_total_false_full", "typeddict", "Partial", '{"a": 0, "b": "", "c": [1e-3]}', defs=TD_PARTIAL,
      notes="TypedDict(total=False) with every key present (a partial one is refused: see UNENCODABLE.md)."),
    C("list_tuple", "tuple", "list[tuple[str, int]]", '[("a", 1), ("b", -2)]',
      notes="Each element is its own TupleWrapper msgpack literal."),
)

# ---- unions -------------------------------------------------------------------------------------
add(
    C("optional_list_str_value", "union", "Optional[list[str]]", '["a", "b"]'),
    C("union_int_float_str_float", "union", "Union[int, float, str]", "2.5"),
    C("union_int_float_str_int", "union", "Union[int, float, str]", "7"),
    C("union_int_float_str_str", "union", "Union[int, float, str]", '"7"'),
    C("union_str_enum_str", "union", "Union[str, Color]", '"RED"', defs=COLOR,
      notes="A str that is also an enum member name: the str variant is chosen."),
    C("union_str_enum_enum", "union", "Union[str, Color]", "Color.BLUE", defs=COLOR),
    C("optional_dict_str_int_value", "union", "Optional[dict[str, int]]", '{"a": 1, "b": -1}'),
    C("optional_dict_str_int_none", "union", "Optional[dict[str, int]]", "None"),
    C("optional_file_value", "union", "Optional[File]", 'File(path="s3://bucket/in/data.csv", format="csv", hash="abc123")'),
    C("optional_file_none", "union", "Optional[File]", "None"),
    C("union_pydantic_a", "union", "Union[PA, PB]", 'PA(a=1, note="n")', defs=PYD_AB),
    C("union_pydantic_b", "union", "Union[PA, PB]", 'PB(b=["x", "y"])', defs=PYD_AB),
    C("union_pep604_three_str", "union", "int | None | str", '"s"'),
    C("union_pep604_three_none", "union", "int | None | str", "None"),
    C("union_list_or_dict", "union", "Union[list[int], dict[str, int]]", '{"k": 0}'),
    C("optional_datetime_aware", "union", "Optional[datetime.datetime]",
      "datetime.datetime(2015, 10, 21, 16, 29, tzinfo=datetime.timezone(datetime.timedelta(hours=-7)))"),
    C("optional_dataclass_none", "union", "Optional[Inner]", "None", defs=DC_INNER),
    C("union_file_dir_dir", "union", "Union[File, Dir]", 'Dir(path="s3://bucket/both/", hash="u-h")'),
    C("union_file_dir_file", "union", "Union[File, Dir]", 'File(path="s3://bucket/both.txt", format="txt")'),
    C("union_enum_in_optional", "union", "Optional[Color]", "Color.GREEN", defs=COLOR),
)

# ---- enums ------------------------------------------------------------------------------------------
add(
    C("enum_intenum_negative", "enum", "Temp", "Temp.FREEZING",
      defs="class Temp(enum.IntEnum):\n    FREEZING = -5\n    MILD = 15\n    HOT = 40\n"),
    C("enum_unicode_values", "enum", "Greek", "Greek.BETA",
      defs='class Greek(enum.Enum):\n    ALPHA = "α"\n    BETA = "β"\n'),
    C("literal_via_interface_spaces", "enum", 'typing.Literal["x-ray", "gamma ray", "ÄÖ"]', '"gamma ray"',
      via_interface=True,
      notes="typing.Literal via a task interface (literal_to_enum): EnumType.values are the literal VALUES."),
    C("literal_via_interface_first", "enum", 'typing.Literal["only"]', '"only"', via_interface=True),
    C("literal_via_interface_int", "pickle", "typing.Literal[1, 2, 3]", "2", via_interface=True,
      notes="literal_to_enum only handles all-str Literals; anything else becomes typing.Any -> pickle."),
    C("literal_via_interface_case_collision", "enum", 'typing.Literal["low", "Low"]', '"low"', via_interface=True,
      notes="literal_to_enum keys members by value.upper(): 'low' and 'Low' collide and only 'Low' survives."),
)

# ---- File / Dir ------------------------------------------------------------------------------------
add(
    C("file_remote_hash_format", "file", "File",
      'File(path="s3://bucket/data/train.parquet", format="parquet", hash="sha256:deadbeef")',
      notes="Literal.hash carries the File hash."),
    C("file_remote_gs_unicode", "file", "File", 'File(path="gs://bucket/dir with space/ünï.json", format="json")'),
    C("file_remote_cache_key", "file", "File", 'File.from_existing_remote("s3://b/k.txt", file_cache_key="ck-1")'),
    C("file_local_txt", "file", "File", lambda ns: ns["File"].from_local(f"{SRC}/report.txt"),
      notes="Local file under a local raw-data prefix: the literal keeps the absolute local path."),
    C("file_local_with_space", "file", "File", lambda ns: ns["File"].from_local(f"{SRC}/with space.csv")),
    C("file_local_format", "file", "File", f'File(path="{SRC}/data.json", format="json")'),
    C("dir_remote_hash", "dir", "Dir", 'Dir(path="s3://bucket/models/v1/", hash="dir-h-1")'),
    C("dir_remote_format", "dir", "Dir", 'Dir(path="gs://bucket/parts", format="parquet")'),
    C("dir_local_nested", "dir", "Dir", lambda ns: ns["Dir"].from_local(f"{SRC}/tree"),
      notes="Local folder with a subfolder; the literal is the absolute local path (MULTIPART)."),
    C("list_file_mixed", "file", "list[File]",
      '[File(path="s3://b/1.csv", format="csv", hash="h1"), File(path="s3://b/2.csv")]',
      notes="Per-element Literal.hash."),
    C("dict_str_dir", "dir", "dict[str, Dir]", '{"a": Dir(path="s3://b/a/"), "b": Dir(path="s3://b/b/", hash="hb")}'),
)

# ---- DataFrame --------------------------------------------------------------------------------------
add(
    C("df_remote_list_map_columns", "dataframe",
      'Annotated[DataFrame, {"id": int, "tags": list[str], "scores": dict[str, float]}]',
      'DataFrame.from_existing_remote("s3://bucket/tables/feat/", format="parquet")',
      notes="Column annotations with collection and map column types."),
    C("df_remote_time_columns", "dataframe",
      'Annotated[DataFrame, {"ts": datetime.datetime, "dur": datetime.timedelta, "ok": bool, "x": float}]',
      'DataFrame.from_existing_remote("gs://bucket/t2", format="parquet")'),
    C("df_remote_csv", "dataframe", "DataFrame", 'DataFrame.from_existing_remote("s3://bucket/t.csv", format="csv")'),
    C("df_remote_hash", "dataframe", "DataFrame", 'DataFrame(uri="s3://bucket/tables/h/", format="parquet", hash="df-h-1")'),
    C("df_local_pandas_small", "dataframe", "pandas.DataFrame",
      'pandas.DataFrame({"name": ["a", "b"], "n": [1, -2], "x": [0.5, None]})',
      notes="Raw pandas DataFrame written as parquet under the raw-data prefix."),
    C("df_local_arrow_nulls", "dataframe", "pyarrow.Table",
      'pyarrow.table({"i": [7, None], "s": ["ü", None], "b": [True, False]})',
      notes="pyarrow.Table with nulls and a non-ASCII string."),
    C("df_local_annotated_columns", "dataframe", 'Annotated[DataFrame, {"k": str, "v": int}]',
      'DataFrame.from_df(pandas.DataFrame({"k": ["p"], "v": [42]}))',
      notes="A local DataFrame with column annotations: columns in the type and in the literal metadata."),
)

# ---- pickles ---------------------------------------------------------------------------------------
add(
    C("pickle_money", "pickle", "interop_pyobjs.Money", 'interop_pyobjs.Money(1999, "EUR")'),
    C("pickle_complex", "pickle", "complex", "complex(1.5, -2)"),
    C("pickle_decimal", "pickle", "decimal.Decimal", 'decimal.Decimal("3.14159265358979323846")'),
    C("pickle_frozenset_hash", "pickle", "frozenset", "frozenset({3, 1, 2})",
      notes="frozenset pickles carry Literal.hash like sets (md5 of cloudpickle(sorted(...))): the same hash as "
            "the corpus' pickle_set {1, 2, 3}."),
    C("pickle_set_tuples_hash", "pickle", "set", "{(1, 2), (0, 5), (-3, 4)}"),
    C("pickle_any_dict", "pickle", "typing.Any", '{"a": 1, "b": [2, 3]}', notes="typing.Any always pickles."),
    C("pickle_time_tz", "pickle", "datetime.time", "datetime.time(1, 2, 3, 4, tzinfo=datetime.timezone.utc)"),
    C("pickle_bytes_inline_boundary", "pickle", "bytes", 'b"0123456789abcdef" * 637',
      notes="10192 bytes, sys.getsizeof = 10225 <= 10240: still inline (Scalar.binary)."),
    C("pickle_bytes_blob", "pickle", "bytes", 'b"flyte-" * 1717',
      notes="10302 bytes, sys.getsizeof = 10335 > 10240: written to a blob file under the raw-data prefix."),
)

# ---- offloaded ---------------------------------------------------------------------------------------
add(
    C("offloaded_dict_str_int", "offloaded", "dict[str, int]", '{f"k{i:03d}": i * i - 50 for i in range(40)}',
      offload=True),
    C("offloaded_dataclass", "offloaded", "Inner", 'Inner(a=-1, label="offloaded")', defs=DC_INNER, offload=True),
    C("offloaded_optional_str", "offloaded", "Optional[str]", '"behind the pointer"', offload=True,
      notes="An offloaded union literal: inferred_type is the union type."),
)


# ---- data model (issue 16): how the SDK's readers treat nested shapes --------------------------
DM_UNION_DC = '''@dataclass
class Card:
    last4: str
    holder: str


@dataclass
class Transfer:
    iban: str
    booked: datetime.datetime
    delay: datetime.timedelta


@dataclass
class Payment:
    method: Union[Card, Transfer]
    fallback: Optional[Union[Card, Transfer]]
    history: List[Union[Card, Transfer]]
    by_id: Dict[str, Union[Card, Transfer]]
'''

DM_UNION_DC_SUBSET = '''@dataclass
class Short:
    x: int


@dataclass
class Long:
    x: int
    label: str = "long"
    ratio: float = 0.5


@dataclass
class Pick:
    v: Union[Short, Long]
'''

DM_UNION_PYD = '''class PCard(BaseModel):
    last4: str


class PTransfer(BaseModel):
    last4: str
    booked: datetime.datetime
    delay: datetime.timedelta


class PPayment(BaseModel):
    method: Union[PCard, PTransfer]
    fallback: Optional[Union[PCard, PTransfer]] = None
    history: List[Union[PCard, PTransfer]] = []
'''

DM_FLOATS = '''@dataclass
class Ratios:
    ratio: float = 1
    weights: List[float] = field(default_factory=lambda: [1, 2.5, -3])
    by_key: Dict[str, float] = field(default_factory=lambda: {"a": 2})
    maybe: Optional[float] = 4
'''

DM_PYD_EXTRAS = '''from pydantic import computed_field


class Invoice(BaseModel):
    net: int
    secret: str = Field(default="redacted", exclude=True)
    note: Optional[str] = Field(default=None, exclude=True)

    @computed_field
    @property
    def gross(self) -> int:
        return self.net * 2
'''

DM_ENUMS = '''class Stage(enum.Enum):
    DONE = "done-ok"
    WAITING = "waiting"


class Prio(enum.IntEnum):
    LOW = 1
    HIGH = 3


@dataclass
class Step:
    stage: Stage
    prio: Prio


class Job(BaseModel):
    step: Step
    steps: List[Step]
    stage: Stage
    prio: Prio


class JobTuple(NamedTuple):
    stage: Stage
    step: Step


class JobDict(TypedDict):
    stage: Stage
    step: Step
'''

add(
    C("dm_dc_union_of_dataclasses", "dataclass", "Payment",
      'Payment(method=Transfer("NL91", datetime.datetime(2024, 5, 6, 7, 8, 9, tzinfo=datetime.timezone.utc), '
      'datetime.timedelta(seconds=90.5)), fallback=Transfer("DE89", datetime.datetime(2023, 1, 2, '
      'tzinfo=datetime.timezone.utc), datetime.timedelta(days=1)), history=[Card("4242", "ann"), Transfer("FR76", '
      'datetime.datetime(2022, 2, 3, 4, 5, 6, 7000, tzinfo=datetime.timezone.utc), datetime.timedelta(0))], '
      'by_id={"c": Card("0005", "bob"), "t": Transfer("BE68", datetime.datetime(2021, 1, 1, '
      'tzinfo=datetime.timezone.utc), datetime.timedelta(microseconds=1))})',
      defs=DM_UNION_DC,
      notes="Union of dataclasses in fields, Optional, list and dict: mashumaro tries the variants in order and "
            "the first that reads wins; Card needs last4 + holder, so a Transfer payload is read as Transfer "
            "(its datetime and float-seconds duration typed)."),
    C("dm_dc_union_subset_first_wins", "dataclass", "Pick", 'Pick(v=Long(x=7, label="kept?", ratio=2.0))',
      defs=DM_UNION_DC_SUBSET,
      notes="mashumaro writes a Union[Short, Long] field with the first variant that packs: Short takes Long's "
            "x and the rest is lost on the wire ({'v': {'x': 7}}); read back as Short."),
    C("dm_pyd_union_most_fields", "pydantic", "PPayment",
      'PPayment(method=PTransfer(last4="1111", booked=datetime.datetime(2024, 1, 2, 3, 4, 5, '
      'tzinfo=datetime.timezone.utc), delay=datetime.timedelta(seconds=3)), fallback=PCard(last4="2222"), '
      'history=[PCard(last4="3"), PTransfer(last4="4", booked=datetime.datetime(2020, 2, 29, '
      'tzinfo=datetime.timezone.utc), delay=datetime.timedelta(minutes=5))])',
      defs=DM_UNION_PYD,
      notes="pydantic's smart union: both PCard and PTransfer validate a PTransfer payload (extra keys are "
            "ignored); the model that sets the most fields wins, so it is read as PTransfer."),
    C("dm_dc_int_in_float_fields", "dataclass", "Ratios", "Ratios()", defs=DM_FLOATS,
      notes="Ints given for float fields travel as msgpack ints; mashumaro reads them with float(): 1 -> 1.0."),
    C("dm_pyd_computed_and_excluded", "pydantic", "Invoice", 'Invoice(net=21, secret="s3cr3t", note="n")',
      defs=DM_PYD_EXTRAS,
      notes="The computed_field `gross` is on the wire but not in the schema (dropped on read); the "
            "exclude=True fields never reach the wire and are read as their schema defaults."),
    C("dm_dict_untyped_nan_inf", "untyped_dict", "dict",
      '{"nan": math.nan, "inf": math.inf, "ninf": -math.inf, "list": [math.nan, 1.5]}',
      notes="NaN and infinities in an untyped dict: canonical JSON writes them as strings, which a reader "
            "without a schema takes as strings: decode only."),
    C("dm_dict_untyped_uint64", "untyped_dict", "dict",
      '{"max": 2**64 - 1, "first": 2**63, "int64_max": 2**63 - 1, "int64_min": -2**63, "in_list": [2**64 - 2]}',
      notes="Python's msgpack writes ints above int64 as uint64 (0xcf): carried as they are."),
    C("dm_pyd_dataclass_enum_values", "pydantic", "Job",
      'Job(step=Step(Stage.DONE, Prio.HIGH), steps=[Step(Stage.WAITING, Prio.LOW)], stage=Stage.WAITING, '
      'prio=Prio.LOW)',
      defs=DM_ENUMS,
      notes="A dataclass inside a pydantic model: mashumaro writes its enums by VALUE ('done-ok', 3) while the "
            "model's schema lists names (the IntEnum as names with type integer); the model's own fields carry "
            "names."),
    C("dm_namedtuple_dataclass_enum_values", "namedtuple", "JobTuple",
      "JobTuple(Stage.DONE, Step(Stage.WAITING, Prio.HIGH))", defs=DM_ENUMS,
      notes="The NamedTuple's own enum field carries the NAME, the nested dataclass's fields carry VALUES."),
    C("dm_typeddict_dataclass_enum_values", "typeddict", "JobDict",
      '{"stage": Stage.WAITING, "step": Step(Stage.DONE, Prio.LOW)}', defs=DM_ENUMS,
      notes="As in the NamedTuple: a name for the TypedDict's field, values inside the dataclass."),
)

# ---- data model, canonical value as the wire carries it (extra-cases/wire/) ---------------------
# shared/interop/README.md: where Flyte 2 writes an enum VALUE although the schema lists names
# (pydantic Tuple / Union fields, models inside a Union), and for a NamedTuple inside a
# dataclass (a plain msgpack array), "the canonical value is still what the wire carries".
# py_decode.py's Canon writes the member name / an object there, so these cases get their
# value.json from Canon with those spots replaced by the wire's value (wire_fixup), live in
# extra-cases/wire/ (py_decode does not look into it) and are checked by our conformance run,
# which encodes each byte for byte as the SDK did.
DM_WIRE_ENUMS = DM_ENUMS + '''

class Tagged(BaseModel):
    stage: Stage
    prio: Prio


class Mixed(BaseModel):
    pair: Tuple[Stage, int]
    either: Union[Stage, int]
    level: Union[Prio, str]
    item: Union[Tagged, int]
    stage: Stage
'''

DM_WIRE_NT = '''class Point(NamedTuple):
    x: int
    y: float


@dataclass
class Path2:
    start: Point
    points: List[Point]
    named: Dict[str, Point]
'''

add(
    C("dm_pyd_tuple_union_enum_values", "pydantic", "Mixed",
      'Mixed(pair=(Stage.WAITING, 2), either=Stage.DONE, level=Prio.HIGH, item=Tagged(stage=Stage.DONE, '
      'prio=Prio.LOW), stage=Stage.WAITING)',
      defs=DM_WIRE_ENUMS, wire_canon=True,
      notes="Enums inside a pydantic Tuple / Union field and inside a model that is a Union member travel by "
            "VALUE; the model's direct enum field by NAME; the schema lists names everywhere."),
    C("dm_dc_namedtuple_fields", "dataclass", "Path2",
      'Path2(start=Point(0, 0.5), points=[Point(1, 1.5), Point(-2, 0.0)], named={"end": Point(9, -9.25)})',
      defs=DM_WIRE_NT, wire_canon=True,
      notes="A NamedTuple inside a dataclass is a plain msgpack array (mashumaro), its schema prefixItems "
            "without names: canonically an array."),
)


def wire_fixup(got, doc, enums):
    """`got` (Canon's value) with the wire's form where the README's rule differs from Canon: an enum
    member name where the wire carries that member's value, an object where the wire carries an array
    of as many items (a NamedTuple inside a dataclass)."""
    if isinstance(got, dict) and isinstance(doc, dict):
        return {k: wire_fixup(v, doc[k], enums) if k in doc else v for k, v in got.items()}
    if isinstance(got, dict) and isinstance(doc, list) and len(got) == len(doc) and not any(
        k.startswith("$") for k in got
    ):
        return [wire_fixup(v, d, enums) for v, d in zip(got.values(), doc)]
    if isinstance(got, list) and isinstance(doc, list) and len(got) == len(doc):
        return [wire_fixup(v, d, enums) for v, d in zip(got, doc)]
    if isinstance(got, str) and (got, doc) in enums:
        return doc
    return got


def wire_fixup_literal(got, lit, pyd, enums):
    """`wire_fixup` of each msgpack document inside `lit`, at its place in `got` (a list, a dict
    literal or a union around documents: their own form is Canon's)."""
    import msgpack

    if lit.HasField("collection") and isinstance(got, list):
        return [wire_fixup_literal(g, x, pyd, enums) for g, x in zip(got, lit.collection.literals)]
    if lit.HasField("map") and isinstance(got, dict):
        return {k: wire_fixup_literal(v, lit.map.literals[k], pyd, enums) if k in lit.map.literals else v
                for k, v in got.items()}
    if lit.HasField("scalar"):
        sc = lit.scalar
        if sc.HasField("union"):
            return wire_fixup_literal(got, sc.union.value, pyd, enums)
        if sc.HasField("binary") and sc.binary.tag == "msgpack":
            doc = canon_msgpack(msgpack.unpackb(sc.binary.value, raw=False, strict_map_key=False), pyd)
            return wire_fixup(got, doc, enums)
    return got


def enum_pairs(ns):
    """(member name, member value) of every Enum class a case's defs define."""
    return {
        (m.name, m.value)
        for v in ns.values()
        if isinstance(v, type) and issubclass(v, enum.Enum) and v.__module__ == ns.get("__name__")
        for m in v
    }


# ---- File / Dir with a name of their own (issue 16 item 4; the `storage` helper's block) ----------
def add_named_handle_cases():
    """File(name=...) / Dir(name=...) inside structs: `name` rides beside `path` in msgpack and is not
    the path's last segment. The canonical JSON has no `name`, so these are decode-only in the
    conformance run; tests/value_handles.rs proves the byte-identical round trip from literal.pb."""
    dc = '''@dataclass
class Receipt:
    scan: File
    pages: Dir
    plain: File
'''
    pyd = '''class PReceipt(BaseModel):
    scan: File
    pages: Dir
    plain: File
'''
    value = ('{cls}(scan=File(path="s3://bucket/uploads/8f14e45fceea167a", name="receipt.pdf", format="pdf", '
             'hash="sha256:77af"), pages=Dir(path="s3://bucket/scans/2024/", name="receipt-pages"), '
             'plain=File(path="s3://bucket/uploads/notes.txt"))')
    add(
        C("dc_file_dir_named", "dataclass", "Receipt", value.format(cls="Receipt"), defs=dc,
          notes="File/Dir with an explicit name: {path, name, format, hash} keeps it (not the last segment)."),
        C("pyd_file_dir_named", "pydantic", "PReceipt", value.format(cls="PReceipt"), defs=pyd,
          notes="The same inside a pydantic model."),
    )


add_named_handle_cases()
# ---- typed path: schema evolution and enums inside structs (tests/engine_typed_sdk.rs) ----------
# Written by one version of a class and read in Rust by a struct of another version: a field the
# reader does not know (added on the Python side) and a field the writer did not know yet (the
# Rust type has a default for it). The enum cases pin what sits on the wire inside each struct
# style: mashumaro writes (and reads only) values, Flyte's pydantic transformer writes names.
TYPED_DC_CUSTOMER_V2 = STATUS_LEVEL + '''

@dataclass
class Customer:
    name: str
    visits: int
    status: Status
    loyalty_tier: str
'''
TYPED_DC_CUSTOMER_V0 = '''@dataclass
class Customer:
    name: str
'''
TYPED_PYD_CUSTOMER_V2 = STATUS_LEVEL + '''

class PCustomer(BaseModel):
    name: str
    visits: int
    status: Status
    loyalty_tier: str
'''
TYPED_PYD_CUSTOMER_V0 = '''class PCustomer(BaseModel):
    name: str
'''
TYPED_DC_ENUMS = STATUS_LEVEL + '''

@dataclass
class Step:
    status: Status


@dataclass
class Workflow:
    current: Optional[Status]
    levels: List[Level]
    by_name: Dict[str, Status]
    steps: List[Step]
'''
TYPED_PYD_ENUMS = STATUS_LEVEL + '''

class PStep(BaseModel):
    status: Status


class PWorkflow(BaseModel):
    current: Optional[Status]
    levels: List[Level]
    by_name: Dict[str, Status]
    steps: List[PStep]
'''
add(
    C("typed_dc_newer_writer", "dataclass", "Customer",
      'Customer(name="Ada", visits=3, status=Status.ON_HOLD, loyalty_tier="gold")', defs=TYPED_DC_CUSTOMER_V2,
      notes="Read in Rust by a Customer without loyalty_tier: mashumaro ignores unknown keys."),
    C("typed_dc_older_writer", "dataclass", "Customer", 'Customer(name="Ada")', defs=TYPED_DC_CUSTOMER_V0,
      notes="Read in Rust by a Customer that also has visits and status, with defaults."),
    C("typed_pyd_newer_writer", "pydantic", "PCustomer",
      'PCustomer(name="Ada", visits=3, status=Status.ON_HOLD, loyalty_tier="gold")', defs=TYPED_PYD_CUSTOMER_V2,
      notes="Read in Rust by a PCustomer without loyalty_tier: pydantic ignores extra keys by default."),
    C("typed_pyd_older_writer", "pydantic", "PCustomer", 'PCustomer(name="Ada")', defs=TYPED_PYD_CUSTOMER_V0),
    C("typed_dc_enum_containers", "dataclass", "Workflow",
      'Workflow(current=Status.ON_HOLD, levels=[Level.LOW, Level.HIGH], by_name={"a": Status.CLOSED}, '
      'steps=[Step(Status.ACTIVE)])', defs=TYPED_DC_ENUMS,
      notes="mashumaro: enum VALUES everywhere inside a dataclass (Optional, list, dict, nested dataclass)."),
    C("typed_pyd_enum_containers", "pydantic", "PWorkflow",
      'PWorkflow(current=Status.ON_HOLD, levels=[Level.LOW, Level.HIGH], by_name={"a": Status.CLOSED}, '
      'steps=[PStep(status=Status.ACTIVE)])', defs=TYPED_PYD_ENUMS,
      notes="Flyte's pydantic transformer: enum NAMES in fields, Optional, lists, dicts and nested models."),
)
# Shapes a Rust user writes with Box / generics / Any fields / u64 / newtypes (issue 20).
TYPED_DC_TREE = '''@dataclass
class Node:
    value: int
    children: List["Node"]
    parent_hint: Optional["Node"] = None
'''
TYPED_DC_PAGE = '''T = typing.TypeVar("T")


@dataclass
class Cursor:
    order_id: int
    label: str


@dataclass
class Page(typing.Generic[T]):
    items: List[T]
    total: int
'''
TYPED_DC_ANY = '''@dataclass
class Loose:
    anything: typing.Any
    blob: dict
    data: Dict[str, typing.Any]
    big: int
'''
add(
    C("typed_dc_recursive_tree", "dataclass", "Node",
      "Node(1, [Node(2, []), Node(3, [Node(4, [])])], Node(0, []))", defs=TYPED_DC_TREE,
      notes="A dataclass that contains itself: mashumaro puts it under $defs and the root is a $ref."),
    C("typed_dc_generic_page", "dataclass", "Page[Cursor]",
      'Page(items=[Cursor(7, "a"), Cursor(9, "b")], total=2)', defs=TYPED_DC_PAGE,
      notes="A parameterized dataclass: title 'Page', T's schema inlined."),
    C("typed_dc_any_fields", "dataclass", "Loose",
      'Loose(anything={"a": [1, 2.5, None, "x"]}, blob={"k": b"\\x00\\xff"}, data={"x": 1}, big=2**63 - 1)',
      defs=TYPED_DC_ANY,
      notes="Any is schema {}, dict is {type: object}. (big = 2**64-1 waits for the dynamic encoder: it refuses uint64 in an integer field.)"),
)

# serde types as Flyte structs (issue 20, flyte_types::serde): the dataclasses a Rust type with
# derive(Serialize, Deserialize, JsonSchema) stands for (tests/serde_types.rs). Optional fields
# are `= None` (serde reads a missing Option as None), so they come last.
SERDE_DC_ORDER = '''class Color(enum.Enum):
    RED = "red"
    GREEN = "green"


@dataclass
class Inner:
    a: int
    label: str


@dataclass
class Cat:
    name: str
    lives: int


@dataclass
class Dog:
    name: str
    good: bool


@dataclass
class Order:
    inner: Inner
    items: List[int]
    mapping: Dict[str, float]
    color: Color
    when: datetime.datetime
    raw: bytes
    small: int
    ratio: float
    pair: Tuple[int, str]
    tags: List[Optional[str]]
    pet: Union[Cat, Dog]
    by_day: Dict[str, List[Inner]]
    note: Optional[str] = None
    maybe_inner: Optional[Inner] = None


@dataclass
class Job:
    name: str
    order: Order
'''
SERDE_ORDER_VALUE = (
    'Order(inner=Inner(7, "in"), items=[1, 2, 3], mapping={"k1": 1.0, "k2": -0.5}, color=Color.GREEN, '
    "when=datetime.datetime(2024, 5, 6, 7, 8, 9, 10, tzinfo=datetime.timezone.utc), "
    'raw=b"\\x00\\x10\\xff", small=200, ratio=0.5, pair=(4, "four"), tags=["a", None], '
    'pet=Dog("rex", True), by_day={"mon": [Inner(1, "x")]}, note=None, maybe_inner=Inner(2, "y"))'
)
add(
    C("serde_dc_order", "dataclass", "Order", SERDE_ORDER_VALUE, defs=SERDE_DC_ORDER,
      notes="flyte_types::serde: nested, Optional = None, enum, dicts, datetime, bytes, tuple, Union of dataclasses."),
    C("serde_dc_inner", "dataclass", "Inner", 'Inner(7, "in")', defs=SERDE_DC_ORDER,
      notes="flyte_types::serde: castability of a documented Rust type against the plain dataclass."),
    C("serde_dc_job", "dataclass", "Job", f'Job(name="j1", order={SERDE_ORDER_VALUE})', defs=SERDE_DC_ORDER,
      notes="flyte_types::serde::Serde<Order> as a field of a derive(FlyteType) struct: inlined as a nested dataclass."),
)

# Field descriptions (issue 20): a Rust doc comment is the field's description, as pydantic's
# Field(description=...) and mashumaro's field(metadata={"description": ...}) write it.
DOC_DEFS = '''@dataclass
class DocPoint:
    x: int = field(metadata={"description": "Horizontal position."})
    label: Optional[str] = field(default=None, metadata={"description": "What it is called.\\nSecond line."})


class DocInner(BaseModel):
    a: int = Field(description="The a.")


class DocModel(BaseModel):
    name: str = Field(description="Who.")
    inner: DocInner = Field(description="Nested, by reference.")
    maybe: Optional[int] = Field(default=None, description="Maybe a number.")
    plain: int
'''
add(
    C("doc_dc_descriptions", "dataclass", "DocPoint", 'DocPoint(x=3, label="p")', defs=DOC_DEFS,
      notes="mashumaro writes field(metadata={'description': ...}) as the property's description."),
    C("doc_pyd_descriptions", "pydantic", "DocModel", 'DocModel(name="n", inner=DocInner(a=1), plain=2)',
      defs=DOC_DEFS, notes="pydantic writes Field(description=...) beside the title (beside the $ref of a nested model)."),
)

# NamedTuple / TypedDict fields of a dataclass (issue 20: #[flyte(named_tuple)] / #[flyte(typed_dict)]
# nested in a derived dataclass-style struct).
SHAPES_IN_DC = '''class Span(NamedTuple):
    start_at: int
    end_at: int


class Tags(TypedDict):
    key: str
    values: List[str]


@dataclass
class Annotated_:
    span: Span
    tags: Tags
'''
add(
    C("dc_namedtuple_typeddict_fields", "dataclass", "Annotated_",
      'Annotated_(span=Span(3, 7), tags={"key": "k", "values": ["v"]})', defs=SHAPES_IN_DC,
      notes="mashumaro: a NamedTuple field is a msgpack array, a TypedDict field a map.", wire_canon=True),
)

# ---- found by tests/data/random_shapes.py: how the SDK's readers pick union variants ----------------
SDK_QUIRKS = '''class Level(enum.IntEnum):
    LOW = 1
    HIGH = 10


class TD(TypedDict):
    f0: int


class Model(BaseModel):
    day: datetime.date
    at: datetime.datetime


@dataclass
class Spans:
    lag: Union[datetime.timedelta, bool]
    words: Union[list[str], str]
    digits: Union[list[int], str]
    keys: Union[list[str], TD]
    pair: Union[tuple[str, str], str]


@dataclass
class Shape3:
    color: str


class Wrap(NamedTuple):
    shape: Shape3


@dataclass
class Holder:
    wrap: Wrap


class PNum(BaseModel):
    ratio: Union[float, Level]
    when: dict[str, Union[datetime.datetime, Level]]


class PLevels(BaseModel):
    level: Union[Level, datetime.datetime]
    at: dict[str, Union[Level, datetime.datetime]]


class PTexts(BaseModel):
    stamp: dict[str, Union[datetime.datetime, bytes, str]]
    day: Union[Union[datetime.datetime, datetime.date], str]


class Status(str, enum.Enum):
    ACTIVE = "active"
    ON_HOLD = "on-hold"


class LevelOrFlag(TypedDict):
    level: Union[Level, bool]


@dataclass
class Mixed2:
    raw: Union[bytes, Status]
    flags: list[LevelOrFlag]


class PDay(BaseModel):
    day: Union[Status, datetime.date]
    status: Union[Status, datetime.date]


@dataclass
class Stamp:
    at: datetime.date


class PDictFirst(BaseModel):
    v: Union[dict, Stamp]


class Num(NamedTuple):
    n: Union[float, int]


@dataclass
class Nums:
    num: Num
'''
add(
    C("union_datetime_date_datetime", "union", "Union[datetime.datetime, datetime.date]",
      "datetime.datetime(2061, 6, 24, 6, 15, 50, 999999)",
      notes="Two DATETIME variants told apart by their tag: a time of day is only a datetime."),
    C("union_datetime_date_date", "union", "Union[datetime.datetime, datetime.date]", "datetime.date(2020, 1, 1)",
      notes="A date (midnight UTC) in the same union: the `date` variant."),
    C("union_datetime_date_midnight_datetime", "union", "Union[datetime.datetime, datetime.date]",
      "datetime.datetime(2020, 1, 1)",
      notes="A datetime at midnight: its canonical value is a date's (decode-only: re-encoding picks `date`)."),
    C("union_model_or_dict", "union", "Union[Model, dict]",
      "Model(day=datetime.date(2145, 5, 14), at=datetime.datetime(1984, 1, 13, 13, 12, 6, 1, tzinfo=datetime.timezone.utc))",
      defs=SDK_QUIRKS, notes="An object that reads as the model and as a plain dict: the model."),
    C("union_dict_or_datetime", "union", "Union[dict, datetime.datetime]",
      "datetime.datetime(2001, 2, 3, 4, 5, 6, tzinfo=datetime.timezone.utc)",
      notes="A plain dict variant takes only an object, not the datetime's string."),
    C("union_timedelta_or_dict", "union", "Union[datetime.timedelta, dict]", "datetime.timedelta(seconds=90)",
      notes="A duration's canonical object {seconds, nanos} is the duration, not a plain dict."),
    C("union_dict_or_list", "union", "Union[dict, list[int]]", "[1, 2]"),
    C("union_datetime_or_str_datetime", "union", "Union[datetime.datetime, str]",
      "datetime.datetime(2002, 8, 19, 10, 12, 30, tzinfo=datetime.timezone.utc)",
      notes="The canonical text of a datetime, where a variant takes a datetime: the datetime."),
    C("union_datetime_or_str_str", "union", "Union[datetime.datetime, str]", '"2002-08-19 10:12"',
      notes="Text that is not the canonical datetime form stays a str."),
    C("dc_union_sdk_reads", "dataclass", "Spans",
      'Spans(lag=False, words="abc", digits="123", keys={"f0": 127}, pair="xy")', defs=SDK_QUIRKS,
      notes="What mashumaro reads back from a union field: False for Union[timedelta, bool] is timedelta(0); a "
            "str for a list (or tuple) variant listed first is iterated (characters, int('1')), and so is a "
            "dict's keys. Decode-only: the canonical value is what the SDK reads, not the wire."),
    C("dc_namedtuple_of_dataclass", "dataclass", "list[Holder]",
      '[Holder(wrap=Wrap(shape=Shape3(color="red")))]', defs=SDK_QUIRKS, wire_canon=True,
      notes="A NamedTuple in a dataclass holding a dataclass: the item's schema title is its class's, not a field "
            "name; canonically an array."),
    C("pyd_union_intenum_or_datetime", "pydantic", "PLevels",
      'PLevels(level=Level.HIGH, at={"b": datetime.datetime(2024, 1, 9, 6, 52, 5, 500000)})', defs=SDK_QUIRKS,
      wire_canon=True,
      notes="An IntEnum variant (schema: names, type integer) takes an int, never a datetime's text."),
    C("pyd_union_text_first_string_variant", "pydantic", "PTexts",
      'PTexts(stamp={"a": "2072-02-03T10:16:01.999999"}, day=datetime.date(2143, 5, 22))', defs=SDK_QUIRKS,
      notes="pydantic reads both texts back as str; their canonical form is the first text variant's (datetime). "
            "Decode-only."),
    C("dc_union_bytes_enum_bool_enum", "dataclass", "Mixed2",
      'Mixed2(raw=Status.ON_HOLD, flags=[{"level": True}, {"level": Level.HIGH}])', defs=SDK_QUIRKS,
      notes="mashumaro: a bytes variant takes only bin, so the str enum's value is the enum; Level(True) is the "
            "member of value 1 (decode-only)."),
    C("pyd_union_enum_or_date", "pydantic", "PDay",
      'PDay(day=datetime.date(1935, 3, 18), status=Status.ACTIVE)', defs=SDK_QUIRKS, wire_canon=True,
      notes="A date's text is the date variant's, not the str enum's (whose schema lists names only)."),
    C("pyd_union_dict_before_dataclass", "pydantic", "PDictFirst",
      'PDictFirst(v=Stamp(at=datetime.date(2062, 11, 25)))', defs=SDK_QUIRKS,
      notes="pydantic reads the map back as the plain dict (an exact type), whose date text stays text."),
    C("dc_namedtuple_union_float_int", "dataclass", "Nums", "Nums(num=Num(n=1))", defs=SDK_QUIRKS, wire_canon=True,
      notes="The int 1 of a Union[float, int] stays an int."),
    C("pyd_union_float_enum_datetime", "pydantic", "PNum",
      'PNum(ratio=Level.LOW, when={"b": Level.LOW})', defs=SDK_QUIRKS,
      notes="pydantic's smart union: the IntEnum value 1 is read by the float variant (strict mode takes an int), "
            "and by the datetime variant as a unix time. Decode-only."),
)

# Union fields read by the struct's reader, for the typed path too (tests/engine_typed_sdk.rs).
UNION_ITER = '''@dataclass
class KeysAsInts:
    v: Union[list[int], dict[str, int]]


class PListOrStr(BaseModel):
    v: Union[list[int], str]
    w: Union[list[str], dict[str, int]]
'''
add(
    C("dc_union_dict_keys_as_ints", "dataclass", "KeysAsInts", 'KeysAsInts(v={"1": 5, "22": 6})', defs=UNION_ITER,
      notes="mashumaro tries list[int] first: a dict's keys are iterated and converted (int('22')). Decode-only: "
            "the canonical value is what the SDK reads, not the wire."),
    C("pyd_union_list_or_str_text", "pydantic", "PListOrStr", 'PListOrStr(v="123", w={"a": 1})', defs=UNION_ITER,
      notes="pydantic's smart union: a str is exactly the str variant and a dict the dict one; neither is iterated "
            "as mashumaro would."),
)


# ------------------------------------------------------------------------------------------------
# machinery
# ------------------------------------------------------------------------------------------------


def load_py_decode(shared: Path):
    path = shared / "interop" / "py_decode.py"
    spec = importlib.util.spec_from_file_location("py_decode", path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules["py_decode"] = mod
    spec.loader.exec_module(mod)
    return mod


def make_fixtures():
    """Local source files that File / Dir cases point at."""
    if os.path.exists(PREFIX):
        shutil.rmtree(PREFIX)
    src = Path(SRC)
    (src / "tree" / "sub").mkdir(parents=True)
    (src / "report.txt").write_text("quarterly report\n", encoding="utf-8")
    (src / "with space.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (src / "data.json").write_text('{"k": [1, 2]}\n', encoding="utf-8")
    (src / "tree" / "a.txt").write_text("A\n", encoding="utf-8")
    (src / "tree" / "sub" / "b.txt").write_text("B\n", encoding="utf-8")
    Path(RAW).mkdir(parents=True)


_MOD_COUNTER = [0]


def make_module(pyd, case: Case):
    _MOD_COUNTER[0] += 1
    mod = types.ModuleType(f"extra_defs_{_MOD_COUNTER[0]}_{case.name}")
    sys.modules[mod.__name__] = mod
    exec(pyd.DEFS_PRELUDE, mod.__dict__)
    import decimal
    import interop_pyobjs
    import pandas
    import pyarrow

    mod.__dict__.update(
        {"pyarrow": pyarrow, "pandas": pandas, "interop_pyobjs": interop_pyobjs, "math": math, "decimal": decimal}
    )
    if case.defs:
        exec(case.defs, mod.__dict__)
    return mod


def canon_msgpack(x, pyd):
    if isinstance(x, dict):
        return {pyd.key_text(k): canon_msgpack(v, pyd) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [canon_msgpack(v, pyd) for v in x]
    if isinstance(x, (bytes, bytearray)):
        return {"$bytes": base64.b64encode(bytes(x)).decode("ascii")}
    if isinstance(x, float):
        return pyd.canon_float(x)
    return x


def msgpack_docs(lit, pyd):
    import msgpack

    out = []

    def walk(x):
        if x.HasField("scalar"):
            sc = x.scalar
            if sc.HasField("binary") and sc.binary.tag == "msgpack":
                out.append(canon_msgpack(msgpack.unpackb(sc.binary.value, raw=False, strict_map_key=False), pyd))
            elif sc.HasField("union"):
                walk(sc.union.value)
        elif x.HasField("collection"):
            for i in x.collection.literals:
                walk(i)
        elif x.HasField("map"):
            for k in sorted(x.map.literals, key=lambda s: s.encode("utf-8")):
                walk(x.map.literals[k])

    walk(lit)
    if not out:
        return None
    return out[0] if len(out) == 1 and not lit.HasField("collection") and not lit.HasField("map") else out


def local_uris(lit, docs):
    """Every string under PREFIX that the literal (or its msgpack documents) names."""
    found = []

    def walk(x):
        if x.HasField("offloaded_metadata"):
            found.append(x.offloaded_metadata.uri)
        if x.HasField("scalar"):
            sc = x.scalar
            if sc.HasField("blob"):
                found.append(sc.blob.uri)
            elif sc.HasField("structured_dataset"):
                found.append(sc.structured_dataset.uri)
            elif sc.HasField("union"):
                walk(sc.union.value)
        elif x.HasField("collection"):
            for i in x.collection.literals:
                walk(i)
        elif x.HasField("map"):
            for k in x.map.literals:
                walk(x.map.literals[k])

    def walk_doc(d):
        if isinstance(d, str):
            found.append(d)
        elif isinstance(d, dict):
            for v in d.values():
                walk_doc(v)
        elif isinstance(d, list):
            for v in d:
                walk_doc(v)

    walk(lit)
    walk_doc(docs)
    return sorted({u for u in found if u.startswith(PREFIX + "/")})


def copy_data(uris, case_dir: Path):
    files = []
    for u in uris:
        p = Path(u)
        rel = p.relative_to(PREFIX)
        dst = case_dir / "data" / rel
        if p.is_dir():
            shutil.copytree(p, dst, dirs_exist_ok=True)
        elif p.is_file():
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(p, dst)
        else:
            raise FileNotFoundError(u)
    if (case_dir / "data").exists():
        for f in sorted((case_dir / "data").rglob("*")):
            if f.is_file():
                files.append(str(f.relative_to(case_dir)))
    return files


def sorted_canon(pyd):
    """py_decode's Canon, with LiteralMap entries in sorted key order (protobuf map iteration order depends
    on the process' hash seed); the values are py_decode's own."""

    class SortedCanon(pyd.Canon):
        def top(self, v, lt, lit, ctx="top"):
            r = super().top(v, lt, lit, ctx)
            if lit.HasField("map") and isinstance(r, dict):
                r = {k: r[k] for k in sorted(r, key=lambda s: s.encode("utf-8"))}
            return r

    return SortedCanon(lambda s: s)


def dump_value(v) -> str:
    """The corpus' value.json layout: a top-level object one key per line, everything else compact."""
    def one(x):
        return json.dumps(x, ensure_ascii=False, separators=(", ", ": "), allow_nan=False)

    if isinstance(v, dict) and v:
        return "{\n" + ",\n".join(f" {one(k)}: {one(x)}" for k, x in v.items()) + "\n}\n"
    return one(v) + "\n"


class Refused(Exception):
    def __init__(self, stage, err):
        super().__init__(f"{stage}: {err}")
        self.stage = stage
        self.err = err


async def build(case: Case, pyd, out_dir: Path, verbose: bool):
    from flyte._context import internal_ctx
    from flyte.models import RawDataPath
    from flyte.types import TypeEngine
    from flyteidl2.core import literals_pb2
    from google.protobuf import text_format

    random.seed(f"flyte-types-extra/{case.name}")
    mod = make_module(pyd, case)
    ns = mod.__dict__
    t = eval(case.python_type, ns)
    if t is None:
        t = type(None)
    if case.via_interface:
        from flyte._interface import literal_to_enum

        t = literal_to_enum(t)

    ctx = internal_ctx().new_raw_data_path(RawDataPath(path=RAW))
    with ctx:
        stage = "value"
        try:
            if isinstance(case.value, str):
                value = eval(case.value, ns)
            else:
                value = case.value(ns)
                if inspect.isawaitable(value):
                    value = await value
            value_repr = repr(value)
            stage = "to_literal_type"
            lt = TypeEngine.to_literal_type(t)
            stage = "to_literal"
            inner = await TypeEngine.to_literal(value, t, lt)
            lit = inner
            inner_text = None
            if case.offload:
                uri = f"{RAW}/offloaded/{case.name}/o0_offloaded_metadata.pb"
                Path(uri).parent.mkdir(parents=True, exist_ok=True)
                blob = inner.SerializeToString(deterministic=True)
                Path(uri).write_bytes(blob)
                lit = literals_pb2.Literal(
                    offloaded_metadata=literals_pb2.LiteralOffloadedMetadata(
                        uri=uri, size_bytes=len(blob), inferred_type=lt
                    )
                )
                inner_text = text_format.MessageToString(inner)
            stage = "to_python_value"
            decoded = await TypeEngine.to_python_value(lit, t)
            stage = "canonical"
            got = sorted_canon(pyd).top(decoded, lt, inner)
            if case.wire_canon:
                got = wire_fixup_literal(got, inner, pyd, enum_pairs(ns))
            json.dumps(got, allow_nan=False)
        except Exception as e:  # noqa: BLE001
            if verbose:
                traceback.print_exc()
            lines = [ln.strip() for ln in str(e).strip().splitlines() if ln.strip()]
            msg = " / ".join(ln for ln in lines if not ln.startswith("For further information"))
            raise Refused(stage, f"{type(e).__name__}: {msg[:600]}") from e

        # the value as given (not as decoded), for spotting encode-side transformations
        try:
            given = pyd.Canon(lambda s: s).top(value, lt, inner)
        except Exception:  # noqa: BLE001
            given = None

        case_dir = out_dir / ("wire" if case.wire_canon else "") / case.name
        case_dir.mkdir(parents=True)
        docs = msgpack_docs(inner, pyd)
        uris = local_uris(lit, docs) + (local_uris(inner, None) if case.offload else [])
        data_files = copy_data(sorted(set(uris)), case_dir)

        info = {
            "name": case.name,
            "python_type": case.python_type,
            "sdk": SDK,
            "family": case.family,
            "notes": case.notes,
            "python_value_repr": value_repr,
        }
        if case.defs:
            info["python_defs"] = case.defs
        if docs is not None:
            info["msgpack_documents"] = docs
        info["uri_prefix"] = PREFIX
        info["data_files"] = data_files
        sc = inner.scalar if inner.HasField("scalar") else None
        if sc is not None and sc.HasField("structured_dataset") and sc.structured_dataset.uri.startswith(PREFIX):
            import pyarrow as pa

            tbl = await TypeEngine.to_python_value(inner, pa.Table)
            info["table_rows"] = pyd.Canon(lambda s: s).py(tbl.to_pylist(), None, {}, "dataclass")
        if isinstance(got, dict) and "$pickle" in got:
            info["pickle_repr"] = repr(decoded)
        if inner_text is not None:
            info["offloaded_inner_literal_text"] = inner_text
        if case.via_interface:
            info["via_interface"] = "flyte._interface.literal_to_enum"
        if given is not None and pyd.first_diff(given, got) is not None:
            info["decoded_differs_from_input"] = pyd.first_diff(given, got)
        info["serialization"] = "SerializeToString(deterministic=True)"
        info["literal_type_text"] = text_format.MessageToString(lt)
        info["literal_text"] = text_format.MessageToString(lit)
        info.update(case.extra)

        (case_dir / "type.pb").write_bytes(lt.SerializeToString(deterministic=True))
        (case_dir / "literal.pb").write_bytes(lit.SerializeToString(deterministic=True))
        (case_dir / "value.json").write_text(dump_value(got), encoding="utf-8")
        (case_dir / "case.json").write_text(json.dumps(info, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        return info


def write_unencodable(out_dir: Path, refused):
    lines = [
        "# Extra cases the Flyte 2 SDK refuses",
        "",
        "Written by `tests/data/gen_extra_cases.py` (flyte 2.12.1). Each row is a case spec of the generator",
        "that failed at the given stage, so it has no case folder. `to_literal` = the SDK refuses to encode;",
        "`to_python_value` = it encodes but cannot decode its own literal.",
        "",
        "| case | python_type | value | stage | error | why |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for case, r in refused:
        v = case.value if isinstance(case.value, str) else "(callable)"

        def esc(s):
            return str(s).replace("|", "\\|").replace("\n", " ")

        lines.append(
            f"| `{case.name}` | `{esc(case.python_type)}` | `{esc(v)}` | {r.stage} | {esc(r.err)} | {esc(case.notes)} |"
        )
    lines += [
        "",
        "## Not generated: py_decode.py cannot check them",
        "",
        "A `str`-mixin enum (`class Status(str, enum.Enum)`) at the top level or inside a list / dict / union",
        "literal encodes fine (the member NAME, e.g. `string_value: \"ON_HOLD\"`, `EnumType.values` = names), but",
        "py_decode's `Canon.top` returns the decoded member itself for an enum literal whose value is a `str`",
        "instance, and `first_diff` then fails on the type (`got \"on-hold\" (Status), want ... (str)`) whatever",
        "value.json says. By the README's rule the canonical value would be the name (`\"ON_HOLD\"`), the same wire",
        "form as a plain enum (`enum_color`). Inside dataclasses (`dc_enum_fields`) and pydantic models",
        "(`pyd_enum_fields`) str-mixin enums are checked fine.",
        "",
        "Datetimes before year 1000 (e.g. `datetime.datetime(1, 1, 1)`, the smallest Timestamp, seconds",
        "-62135596800) encode and decode fine, but py_decode's `canon_datetime` uses `strftime('%Y')`, which glibc",
        "does not zero-pad: it expects `\"1-01-01T00:00:00Z\"` instead of the RFC 3339 `\"0001-01-01T00:00:00Z\"`.",
        "",
    ]
    for case, r in refused:
        if case.defs:
            lines += [f"`{case.name}` python_defs:", "", "```python", case.defs.rstrip(), "```", ""]
    (out_dir / "UNENCODABLE.md").write_text("\n".join(lines), encoding="utf-8")


async def main_async(args):
    pyd = load_py_decode(Path(args.shared))
    import flyte
    import logging

    logging.getLogger("flyte").setLevel(logging.ERROR)
    flyte.init(log_level=logging.ERROR)

    out_dir = Path(args.out)
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    make_fixtures()

    names = [c.name for c in CASES]
    dup = {n for n in names if names.count(n) > 1}
    if dup:
        raise SystemExit(f"duplicate case names: {sorted(dup)}")
    refused = []
    ok = 0
    for case in CASES:
        if args.only and case.name not in args.only:
            continue
        try:
            info = await build(case, pyd, out_dir, args.verbose)
            ok += 1
            d = info.get("decoded_differs_from_input")
            print(f"ok       {case.name}" + (f"   (decoded differs from input: {d})" if d else ""))
        except Refused as r:
            refused.append((case, r))
            print(f"REFUSED  {case.name}  {r.stage}: {r.err}")
    write_unencodable(out_dir, refused)
    print(f"{ok} cases written, {len(refused)} refused -> {out_dir}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    default_shared = os.environ.get("FLYTE_TYPES_SHARED") or str((HERE / "../../../shared").resolve())
    if not Path(default_shared, "interop", "py_decode.py").exists():
        default_shared = "/work/shared"
    ap.add_argument("--shared", default=default_shared, help="the shared/ folder (holds interop/py_decode.py)")
    ap.add_argument("--out", default=str(HERE / "extra-cases"))
    ap.add_argument("--only", nargs="*", help="build only these case names (debugging; output is still wiped)")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
