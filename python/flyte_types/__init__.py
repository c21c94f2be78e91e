"""flyte_types: Flyte 2's TypeEngine conversions done in Rust, byte for byte.

    import flyte_types
    flyte_types.install()      # TypeEngine.to_literal / to_python_value take the fast path
    flyte_types.uninstall()    # back to the SDK alone

    data = flyte_types.to_literal_bytes([1, 2, 3], list[int])   # Literal bytes (deterministic)
    flyte_types.from_literal_bytes(data, list[int])             # [1, 2, 3]

What is converted here: int / float / str / bool / None / datetime / date / timedelta, enums,
`list[...]`, `dict[str, ...]`, `Optional` / `Union` of those, plain dataclasses (mashumaro's
msgpack), plain pydantic models (`model_dump_json()`'s msgpack) and untyped `dict`s, nested in
any way. Everything else (File, Dir, DataFrame, pydantic models with validators, serializers or
other fields, pickles, custom transformers, `Annotated[...]`, unknown annotations), and any value or
literal outside the exact forms the SDK writes, goes to the SDK's own transformer, which
converts it or raises its own error: installing never changes a byte or a result, only speed.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
from typing import Any, Optional

from flyteidl2.core.literals_pb2 import Literal

from flyte.types import _type_engine as te

from . import _native
from ._plan import literal_spec

__all__ = ["install", "uninstall", "installed", "to_literal_bytes", "from_literal_bytes"]

Unsupported = _native.Unsupported


class _Entry:
    """A type's compiled plan, with the registry size it was compiled against."""

    __slots__ = ("plan", "kind", "simple", "stamp", "owner", "struct")

    def __init__(self, plan: Any, lt: Any, stamp: int, owner: Any, struct: bool) -> None:
        self.plan = plan
        self.kind = lt.WhichOneof("type")
        self.simple = lt.simple if self.kind == "simple" else None
        self.stamp = stamp
        # The SDK transformer that owns the type: a wrapped transformer takes the fast path only
        # for a type it owns (a transformer called for another type does what it does).
        self.owner = owner
        # The literal is a msgpack payload in `Scalar.binary` (dataclass, model, untyped dict).
        self.struct = struct

    def matches(self, expected: Any) -> bool:
        """The caller's LiteralType is the one the plan writes (checked at the top level)."""
        if expected is None:
            return True
        kind = expected.WhichOneof("type")
        return kind == self.kind and (kind != "simple" or expected.simple == self.simple)


_PLANS: dict = {}


def _entry(python_type: Any) -> Optional[_Entry]:
    """The plan of `python_type` (cached per type), None when the SDK keeps the type."""
    registry = te.TypeEngine._REGISTRY
    try:
        e = _PLANS.get(python_type, False)
    except TypeError:  # an unhashable annotation
        return None
    if e is not False and (e is None or e.stamp == len(registry)):
        return e
    spec = literal_spec(python_type)
    e = None
    if spec is not None:
        e = _Entry(
            _native.Plan(spec),
            te.TypeEngine.to_literal_type(python_type),
            len(registry),
            te.TypeEngine.get_transformer(python_type),
            spec[0] in ("struct", "untyped"),
        )
    _PLANS[python_type] = e
    return e


def _note(err: BaseException, unsupported: Optional[BaseException]) -> None:
    if unsupported is not None and hasattr(err, "add_note"):
        path, reason = unsupported.args
        err.add_note(f"flyte_types: at {path}: {reason}")


async def _fast_or_sdk(fast: Any, sdk: Any) -> Any:
    """`fast()` (the Rust path), or the SDK's coroutine `sdk()` if there is no fast path or it
    declines (then the path where it stopped is added to any error the SDK raises)."""
    unsupported = None
    if fast is not None:
        try:
            return fast()
        except Unsupported as u:
            unsupported = u
    try:
        return await sdk()
    except Exception as err:
        _note(err, unsupported)
        raise


def _to_literal(e: Optional[_Entry], python_val: Any, expected: Any, sdk: Any) -> Any:
    """The `Literal` from the Rust path under plan `e`, else from the SDK's coroutine `sdk()`."""
    fast = None
    if e is not None and e.matches(expected):
        def fast():
            return Literal.FromString(_native.encode(python_val, e.plan, False))
    return _fast_or_sdk(fast, sdk)


def _to_python_value(e: Optional[_Entry], lv: Any, sdk: Any) -> Any:
    """The value from the Rust path under plan `e`, else from the SDK's coroutine `sdk()`."""
    fast = None
    if e is not None:
        def fast():
            return _native.decode(lv.SerializeToString(), e.plan)
    return _fast_or_sdk(fast, sdk)


def _sdk_transformers() -> list:
    """The SDK's own transformer objects that a plan can stand for (the ones `_plan` checks)."""
    import datetime
    import typing

    from pydantic import BaseModel

    TE = te.TypeEngine
    TE.lazy_import_transformers()
    keys = (int, float, str, bool, type(None), datetime.datetime, datetime.date, datetime.timedelta, list, dict,
            typing.Union, BaseModel)
    out = []
    for tr in [TE._REGISTRY.get(k) for k in keys] + [TE._ENUM_TRANSFORMER, TE._DATACLASS_TRANSFORMER]:
        if tr is not None and all(tr is not o for o in out):
            out.append(tr)
    return out


def _wrap_transformer(tr: Any) -> dict:
    """Puts the fast path in front of one transformer object's `to_literal` / `to_python_value`
    (and, for msgpack payloads, its synchronous `from_binary_idl`), for the types it owns; each
    delegates to the method it replaced. Returns the replaced instance attributes."""
    sdk_to_literal = tr.to_literal
    sdk_to_python = tr.to_python_value
    sdk_from_binary = getattr(tr, "from_binary_idl", None)

    def owned(python_type):
        e = _entry(python_type)
        return e if e is not None and e.owner is tr else None

    async def to_literal(python_val, python_type, expected):
        return await _to_literal(owned(python_type), python_val, expected,
                                 lambda: sdk_to_literal(python_val, python_type, expected))

    async def to_python_value(lv, expected_python_type):
        return await _to_python_value(owned(expected_python_type), lv,
                                      lambda: sdk_to_python(lv, expected_python_type))

    def from_binary_idl(binary_idl_object, expected_python_type):
        e = _entry(expected_python_type)
        unsupported = None
        if e is not None and e.owner is tr and e.struct and binary_idl_object.tag == "msgpack":
            try:
                return _native.decode_payload(binary_idl_object.value, e.plan)
            except Unsupported as u:
                unsupported = u
        try:
            return sdk_from_binary(binary_idl_object, expected_python_type)
        except Exception as err:
            _note(err, unsupported)
            raise

    replaced = {"to_literal": to_literal, "to_python_value": to_python_value}
    if sdk_from_binary is not None:
        replaced["from_binary_idl"] = from_binary_idl
    for name, fn in replaced.items():
        fn.__doc__ = getattr(tr, name).__doc__
    saved = {name: tr.__dict__.get(name, _ABSENT) for name in replaced}
    for name, fn in replaced.items():
        setattr(tr, name, fn)
    return saved


_ABSENT = object()
_ORIGINAL: Optional[dict] = None
_WRAPPED: list = []


def install() -> None:
    """Puts the fast path into Flyte 2's `TypeEngine`: in front of `TypeEngine.to_literal` and
    `TypeEngine.to_python_value`, and in front of the same methods (and the synchronous
    `from_binary_idl`) of the SDK's own transformer objects, which the union transformer and
    user code call directly.

    A type with a plan is converted in Rust; a value or literal the plan does not cover exactly,
    and every other type, goes to the SDK's transformer (with the path the fast path stopped at
    added as a note to any error it raises). Idempotent.
    """
    global _ORIGINAL
    if _ORIGINAL is not None:
        return
    TE = te.TypeEngine
    original = {"to_literal": TE.__dict__["to_literal"], "to_python_value": TE.__dict__["to_python_value"]}
    sdk_to_literal = original["to_literal"].__func__
    sdk_to_python = original["to_python_value"].__func__

    # The entry points convert a planned type without looking up its transformer (and without
    # `assert_type`, which walks a whole list): the plan checks the value's exact type itself.
    async def to_literal(cls, python_val, python_type, expected):
        return await _to_literal(_entry(python_type), python_val, expected,
                                 lambda: sdk_to_literal(cls, python_val, python_type, expected))

    async def to_python_value(cls, lv, expected_python_type):
        return await _to_python_value(_entry(expected_python_type), lv,
                                      lambda: sdk_to_python(cls, lv, expected_python_type))

    to_literal.__doc__ = sdk_to_literal.__doc__
    to_python_value.__doc__ = sdk_to_python.__doc__
    for tr in _sdk_transformers():
        _WRAPPED.append((tr, _wrap_transformer(tr)))
    TE.to_literal = classmethod(to_literal)
    TE.to_python_value = classmethod(to_python_value)
    _ORIGINAL = original


def uninstall() -> None:
    """Restores the SDK's `TypeEngine` methods and transformer objects. Idempotent."""
    global _ORIGINAL
    if _ORIGINAL is None:
        return
    for name, fn in _ORIGINAL.items():
        setattr(te.TypeEngine, name, fn)
    while _WRAPPED:
        tr, saved = _WRAPPED.pop()
        for name, value in saved.items():
            if value is _ABSENT:
                delattr(tr, name)
            else:
                setattr(tr, name, value)
    _ORIGINAL = None


def installed() -> bool:
    """Whether `install()` is in effect."""
    return _ORIGINAL is not None


def _run(coro: Any) -> Any:
    """Runs an SDK coroutine from synchronous code (in a worker thread if a loop is running)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


def _sdk(name: str) -> Any:
    method = (_ORIGINAL or te.TypeEngine.__dict__)[name]
    return method.__get__(None, te.TypeEngine)


def _with_path(err: BaseException, unsupported: Optional[BaseException]) -> BaseException:
    if unsupported is not None and err.args and isinstance(err.args[0], str):
        path, _ = unsupported.args
        err.args = (f"{err.args[0]} (at {path})", *err.args[1:])
    return err


def to_literal_bytes(value: Any, python_type: Any) -> bytes:
    """The `Literal` bytes the SDK writes for `value` as `python_type`
    (`SerializeToString(deterministic=True)` of `TypeEngine.to_literal`).

    Raises what the SDK raises for a value it refuses (`TypeTransformerFailedError`, ...), with
    the value path in the message.
    """
    e = _entry(python_type)
    unsupported = None
    if e is not None:
        try:
            return _native.encode(value, e.plan, True)
        except Unsupported as u:
            unsupported = u
    try:
        lt = te.TypeEngine.to_literal_type(python_type)
        lit = _run(_sdk("to_literal")(value, python_type, lt))
    except Exception as err:
        raise _with_path(err, unsupported)
    return lit.SerializeToString(deterministic=True)


def from_literal_bytes(data: bytes, python_type: Any) -> Any:
    """The Python value the SDK reads from the `Literal` bytes `data` as `python_type`."""
    e = _entry(python_type)
    unsupported = None
    if e is not None:
        try:
            return _native.decode(data, e.plan)
        except Unsupported as u:
            unsupported = u
    try:
        return _run(_sdk("to_python_value")(Literal.FromString(data), python_type))
    except Exception as err:
        raise _with_path(err, unsupported)
