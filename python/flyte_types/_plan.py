"""Which Python types the extension converts exactly, and how: a plan per type.

A plan is what Flyte 2's own transformers do with a value of the type, written down once per
type as nested tuples (compiled by `_native.Plan`). A type gets a plan only when every part of it
is handled by the SDK transformer this module knows (checked by identity against the
`TypeEngine` registry), so a custom or plugin transformer, a File, a DataFrame, a pickle, an
`Annotated[...]` or anything unknown gets no plan and stays with the SDK.
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
import inspect
import typing
from typing import Any, Optional

from flyte.types import _type_engine as te
from pydantic import BaseModel

# Field metadata keys through which mashumaro changes how a field is written.
_MASHUMARO_FIELD_KEYS = {"serialize", "deserialize", "serialization_strategy", "alias"}

_SIMPLE = {
    int: ("int", "IntTransformer"),
    float: ("float", "FloatTransformer"),
    str: ("str", "StrTransformer"),
    bool: ("bool", "BoolTransformer"),
    datetime.datetime: ("datetime", "DatetimeTransformer"),
    datetime.date: ("date", "DateTransformer"),
    datetime.timedelta: ("timedelta", "TimedeltaTransformer"),
    type(None): ("none", "NoneTransformer"),
}

_FIELD_SCALARS = {int: "int", float: "float", str: "str", bool: "bool", bytes: "bytes"}


def literal_spec(t: Any) -> Optional[tuple]:
    """The plan of a top-level Python type, or None when the SDK keeps it."""
    try:
        return _node(t)
    except Exception:  # noqa: BLE001 - a type the SDK itself cannot describe stays with the SDK
        return None


def _registered(t: Any, transformer: Any) -> bool:
    return te.TypeEngine.get_transformer(t) is transformer


def _node(t: Any) -> Optional[tuple]:
    TE = te.TypeEngine
    if t is None:
        t = type(None)
    if te.is_annotated(t):
        return None
    simple = _SIMPLE.get(t) if isinstance(t, type) else None
    if simple is not None:
        kind, name = simple
        return (kind,) if _registered(t, getattr(te, name)) else None
    if isinstance(t, type) and issubclass(t, enum.Enum):
        if t.__name__ == "LiteralEnum" or issubclass(t, enum.Flag):
            return None
        values = [m.value for m in t]
        if not values or not (isinstance(values[0], str) or issubclass(t, enum.IntEnum)):
            return None
        if not _registered(t, TE._ENUM_TRANSFORMER):
            return None
        return ("enum", t, dict(t.__members__))
    origin = typing.get_origin(t)
    args = typing.get_args(t)
    if origin is list and len(args) == 1:
        if not _registered(t, TE._REGISTRY.get(list)):
            return None
        inner = _node(args[0])
        return None if inner is None else ("list", inner)
    if t is dict or t is typing.Dict or (origin is dict and not args):
        return ("untyped",) if _registered(t, TE._REGISTRY.get(dict)) else None
    if origin is dict and len(args) == 2:
        if args[0] is not str or not _registered(t, TE._REGISTRY.get(dict)):
            return None
        inner = _node(args[1])
        return None if inner is None else ("map", inner)
    if te._is_union_type(t):
        return _union(t, args)
    if isinstance(t, type) and dataclasses.is_dataclass(t):
        if not _registered(t, TE._DATACLASS_TRANSFORMER):
            return None
        fields = _dataclass(t, set())
        return None if fields is None else ("struct", fields)
    if isinstance(t, type) and issubclass(t, BaseModel):
        if type(TE.get_transformer(t)) is not te.PydanticTransformer:
            return None
        model = _model(t, set(), True)
        return None if model is None else ("struct", model)
    return None


def _union(t: Any, args: tuple) -> Optional[tuple]:
    if not _registered(t, te.TypeEngine._REGISTRY.get(typing.Union)):
        return None
    variants = []
    tags = set()
    for arg in args:
        inner = _node(arg)
        if inner is None:
            return None
        trans = te.TypeEngine.get_transformer(arg)
        if trans.name in tags:
            # Two variants with one tag: the SDK picks by castability; leave that to it.
            return None
        tags.add(trans.name)
        tagged = te._add_tag_to_type(trans.get_literal_type(arg), trans.name)
        variants.append((arg, inner, tagged.SerializeToString(deterministic=True)))
    return ("union", variants)


def _dataclass(cls: type, seen: set) -> Optional[tuple]:
    """mashumaro's plan of a plain dataclass (no mashumaro mixins or field options)."""
    if cls in seen or typing.get_origin(cls) is not None:
        return None
    if any(getattr(b, "__module__", "").startswith("mashumaro") for b in cls.__mro__):
        return None
    if getattr(cls, "__parameters__", ()):
        return None
    try:
        hints = typing.get_type_hints(cls)
    except Exception:  # noqa: BLE001 - unresolvable annotations: mashumaro decides
        return None
    fields = []
    for f in dataclasses.fields(cls):
        if not f.init or f.metadata.keys() & _MASHUMARO_FIELD_KEYS or f.name not in hints:
            return None
        spec = _field(hints[f.name], seen | {cls})
        if spec is None:
            return None
        fields.append((f.name, spec))
    return ("dataclass", cls, fields, _plain(cls))


def _plain(cls: type) -> bool:
    """`cls(**fields)` is the same as `object.__new__(cls)` then `object.__setattr__` of each
    field in declaration order: its `__init__` is the one `@dataclass` generated (compiled from
    source text: `<string>`), its `__new__` is `object`'s, and nothing runs on assignment or
    after it."""
    init = cls.__dict__.get("__init__")
    code = getattr(init, "__code__", None)
    if code is None or code.co_filename != "<string>" or not cls.__dataclass_params__.init:
        return False
    if cls.__new__ is not object.__new__:
        return False
    if hasattr(cls, "__post_init__") or "__slots__" in cls.__dict__ or not hasattr(cls, "__dict__"):
        return False
    if not cls.__dataclass_params__.frozen and cls.__setattr__ is not object.__setattr__:
        return False
    if any(f._field_type is not dataclasses._FIELD for f in cls.__dataclass_fields__.values()):
        return False
    for f in dataclasses.fields(cls):
        attr = inspect.getattr_static(cls, f.name, None)
        if hasattr(type(attr), "__set__") or hasattr(type(attr), "__get__"):
            return False
    return True


def _field(t: Any, seen: set) -> Optional[tuple]:
    """How mashumaro packs and unpacks a dataclass field of type `t`."""
    if t is Any:
        return ("any",)
    if t in _FIELD_SCALARS:
        return (_FIELD_SCALARS[t],)
    if t is datetime.datetime or t is datetime.date:
        return ("isoformat", t)
    if t is datetime.timedelta:
        return ("timedelta",)
    if isinstance(t, type) and issubclass(t, enum.Enum):
        if issubclass(t, enum.Flag):
            return None
        return ("enum", t, dict(t._value2member_map_))
    origin = typing.get_origin(t)
    args = typing.get_args(t)
    if origin is list and len(args) == 1:
        inner = _field(args[0], seen)
        return None if inner is None else ("list", inner)
    if origin is dict and len(args) == 2 and args[0] is str:
        inner = _field(args[1], seen)
        return None if inner is None else ("map", inner)
    if te._is_union_type(t) and len(args) == 2 and type(None) in args:
        other = args[0] if args[1] is type(None) else args[1]
        inner = _field(other, seen)
        return None if inner is None else ("optional", inner)
    if isinstance(t, type) and dataclasses.is_dataclass(t):
        return _dataclass(t, seen)
    return None


# `model_config` keys that change nothing in `model_dump_json()` or in `model_validate` of the
# exact payload written here (every field present, under its own name, in declaration order).
_HARMLESS_CONFIG = {
    "title", "frozen", "arbitrary_types_allowed", "protected_namespaces", "from_attributes",
    "validate_assignment", "populate_by_name", "validate_by_name", "validate_by_alias",
    "json_schema_extra", "use_attribute_docstrings", "defer_build", "revalidate_instances",
    "validate_default", "hide_input_in_errors", "json_schema_mode_override", "plugin_settings",
}

_BASEMODEL_HOOKS = ("model_dump_json", "model_validate", "model_post_init", "__get_pydantic_core_schema__")


def _model(cls: type, seen: set, names: bool) -> Optional[tuple]:
    """How the SDK writes a pydantic model (`model_dump_json()` -> `json.loads` -> enum values
    to names -> `msgpack.dumps`) and reads it (`msgpack.loads` -> names to members ->
    `model_validate(strict=False)`), for a plain model only: no validators, serializers,
    computed fields, aliases, constraints, private attributes, extras or config that changes
    either direction. `names`: enums are written by name (False below a PEP 604 union, which
    the SDK's `_walk_enum_fields` does not look through)."""
    if cls in seen or not isinstance(cls, type) or not issubclass(cls, BaseModel):
        return None
    if getattr(cls, "__pydantic_root_model__", False) or cls.__pydantic_generic_metadata__.get("parameters"):
        return None
    if cls.__pydantic_generic_metadata__.get("origin") is not None:
        return None
    if any(_defined_by(cls, k) is not BaseModel for k in _BASEMODEL_HOOKS):
        return None
    if cls.__pydantic_post_init__ is not None or cls.__private_attributes__ or cls.__pydantic_computed_fields__:
        return None
    d = cls.__pydantic_decorators__
    if any((d.validators, d.field_validators, d.root_validators, d.field_serializers, d.model_serializers,
            d.model_validators, d.computed_fields)):
        return None
    config = dict(cls.model_config)
    if config.pop("extra", "ignore") not in ("ignore", "forbid") or config.keys() - _HARMLESS_CONFIG:
        return None
    try:
        # The SDK's enum walk follows these hints, and leaves every enum as it is without them.
        hints = typing.get_type_hints(cls)
    except Exception:  # noqa: BLE001
        return None
    fields = []
    for name, info in cls.model_fields.items():
        if hints.get(name) != info.annotation:
            return None
        if (info.alias is not None or info.validation_alias is not None or info.serialization_alias is not None
                or info.exclude or getattr(info, "exclude_if", None) is not None or info.discriminator is not None
                or info.metadata or info.deprecated or getattr(info, "init_var", False)):
            return None
        spec = _pyd_field(info.annotation, seen | {cls}, names)
        if spec is None:
            return None
        fields.append((name, spec))
    return ("model", cls, fields)


def _defined_by(cls: type, name: str) -> Optional[type]:
    """The class in `cls`'s MRO whose body defines `name`."""
    return next((c for c in cls.__mro__ if name in c.__dict__), None)


_PYD_SCALARS = {int: "json_int", float: "json_float", str: "json_str", bool: "json_bool", bytes: "json_bytes"}


def _pyd_field(t: Any, seen: set, names: bool) -> Optional[tuple]:
    """How a pydantic field of type `t` goes through JSON into msgpack and back."""
    if t in _PYD_SCALARS:
        return (_PYD_SCALARS[t],)
    if isinstance(t, type) and issubclass(t, enum.Enum):
        if issubclass(t, enum.Flag) or not len(t):
            return None
        values = [m.value for m in t]
        if not (all(type(v) is str for v in values) or all(type(v) is int for v in values)):
            return None
        if names:
            return ("enum_name", t, dict(t.__members__))
        return ("enum", t, dict(t._value2member_map_))
    origin = typing.get_origin(t)
    args = typing.get_args(t)
    if origin is list and len(args) == 1:
        inner = _pyd_field(args[0], seen, names)
        return None if inner is None else ("list", inner)
    if origin is dict and len(args) == 2 and args[0] is str:
        inner = _pyd_field(args[1], seen, names)
        return None if inner is None else ("map", inner)
    if te._is_union_type(t) and len(args) == 2 and type(None) in args:
        other = args[0] if args[1] is type(None) else args[1]
        # `X | None` is not `typing.Union`: the SDK's enum walk leaves everything below it as is.
        inner = _pyd_field(other, seen, names and origin is typing.Union)
        return None if inner is None else ("optional", inner)
    if isinstance(t, type) and issubclass(t, BaseModel):
        return _model(t, seen, names)
    return None
