//! A compiled conversion plan: what `flyte_types._plan` decided, per Python type, that the
//! SDK's transformers do with a value of that type. The Python side builds the plan from the
//! type annotation (once per type) as nested tuples; [`Plan::compile`] turns them into this tree.
//!
//! Two levels, as in the SDK: [`Node`] is a `Literal` (what `TypeEngine` transformers write),
//! [`Field`] a value inside a msgpack payload (what mashumaro writes for a dataclass field).

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyString, PyTuple, PyType};
use std::collections::HashMap;
use std::sync::atomic::AtomicUsize;

/// A `Literal` the SDK writes for one Python type.
pub enum Node {
    /// `int`: `Primitive.integer`.
    Int,
    /// `float`: `Primitive.float_value`.
    Float,
    /// `str`: `Primitive.string_value`.
    Str,
    /// `bool`: `Primitive.boolean`.
    Bool,
    /// `None`: `Scalar.none_type`.
    NoneType,
    /// `datetime.datetime`: `Primitive.datetime` (naive taken as UTC), read back aware in UTC.
    Datetime,
    /// `datetime.date`: `Primitive.datetime` at midnight UTC, read back as a date.
    Date,
    /// `datetime.timedelta`: `Primitive.duration`.
    Timedelta,
    /// An `enum.Enum` class: the member's name as `Primitive.string_value`.
    Enum {
        /// The enum class (an instance's type must be exactly this).
        class: Py<PyType>,
        /// name -> member, to read back.
        by_name: Py<PyDict>,
    },
    /// `list[T]`: `LiteralCollection`.
    List(Box<Node>),
    /// `dict[str, T]`: `LiteralMap`.
    Map(Box<Node>),
    /// `Union[...]` / `Optional[...]`: `Scalar.union` with the variant's tagged type.
    Union(Vec<Variant>),
    /// A dataclass: mashumaro's msgpack in `Scalar.binary` (tag `msgpack`).
    Struct(Field),
    /// A bare `dict`: `msgpack.packb` of it in `Scalar.binary` (tag `msgpack`).
    Untyped,
}

/// One variant of a union: chosen when the value's type is exactly `py_type`.
pub struct Variant {
    /// The variant's Python type (`type(value) is py_type` selects it).
    pub py_type: Py<PyAny>,
    /// How that variant is written.
    pub node: Node,
    /// `_add_tag_to_type(transformer.get_literal_type(t), transformer.name)`, serialized
    /// deterministically: the `Union.type` the SDK writes for this variant.
    pub type_bytes: Vec<u8>,
}

/// A value inside a msgpack payload, as mashumaro 3 packs and unpacks it.
pub enum Field {
    /// `int`, `float`, `str`, `bool`, `bytes`: packed as the value is (mashumaro does not
    /// convert on the way out), unpacked with the constructor (`int(v)`, `float(v)`, ...).
    Scalar(ScalarKind),
    /// `typing.Any`: packed and unpacked as msgpack-python does.
    Any,
    /// `datetime.datetime` / `datetime.date`: `isoformat()` out, `fromisoformat()` in.
    IsoFormat(Py<PyType>),
    /// `datetime.timedelta`: `total_seconds()` out, `timedelta(seconds=v)` in.
    Timedelta,
    /// An enum: its `value` out, `Class(value)` in.
    Enum {
        /// The enum class.
        class: Py<PyType>,
        /// value -> member (`Class._value2member_map_`), to read back without a call.
        by_value: Py<PyDict>,
        /// The same for the `str` values, keyed by their UTF-8: found without making a `str`.
        by_text: MemberMap,
    },
    /// `list[T]`: an array.
    List(Box<Field>),
    /// `dict[str, T]`: a map with string keys.
    Map(Box<Field>),
    /// `Optional[T]`: nil or the value.
    Optional(Box<Field>),
    /// A dataclass: a map of its fields in declaration order.
    Dataclass(Dataclass),
    /// A pydantic model's field of `int`, `float`, `str`, `bool` or `bytes`, as it comes out of
    /// `model_dump_json()` and `json.loads` (exactly that type only; a non-finite float as nil,
    /// bytes as a UTF-8 str) and goes back through `model_validate(strict=False)`.
    Json(ScalarKind),
    /// A pydantic model's enum field where the SDK writes the member's name (`_walk_enum_fields`)
    /// and reads the member of that name.
    EnumName {
        /// The enum class.
        class: Py<PyType>,
        /// name -> member.
        by_name: MemberMap,
    },
    /// A pydantic model: a map of its fields in declaration order.
    Model(Model),
}

/// A plain pydantic model (no validators, serializers, aliases, constraints, computed fields or
/// private attributes: `flyte_types._plan` checks), read back as `model_validate` builds it:
/// `__dict__` the fields in declaration order, every field in `__pydantic_fields_set__`, no
/// extra, no private state.
pub struct Model {
    /// The class.
    pub class: Py<PyType>,
    /// The fields, in declaration order.
    pub fields: Vec<StructField>,
}

/// A dataclass as mashumaro packs it (a map of the fields in declaration order) and unpacks it
/// (`Class(**fields)`).
pub struct Dataclass {
    /// The class.
    pub class: Py<PyType>,
    /// The fields, in declaration order.
    pub fields: Vec<StructField>,
    /// The class's `__init__` is the one `@dataclass` generated, with no `__new__`,
    /// `__post_init__`, `__slots__`, custom `__setattr__` or descriptor fields: so
    /// `Class(**fields)` is exactly `object.__new__(Class)` then `object.__setattr__` of each
    /// field in declaration order, which is how it is built here (a call of the generated
    /// `__init__` costs more than the rest of the read).
    pub plain: bool,
}

/// One field of a [`Dataclass`] or a [`Model`].
pub struct StructField {
    /// The field name (the msgpack key, the keyword).
    pub name: Py<PyString>,
    /// The same name, to compare with msgpack keys.
    pub text: String,
    /// How the value is packed.
    pub how: Field,
}

/// The scalar types mashumaro passes through on the way out and converts on the way in.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum ScalarKind {
    /// `int`
    Int,
    /// `float`
    Float,
    /// `str`
    Str,
    /// `bool`
    Bool,
    /// `bytes`
    Bytes,
}

impl ScalarKind {
    /// "an int", "a float", ...: for messages.
    pub fn python_name(self) -> &'static str {
        match self {
            ScalarKind::Int => "an int",
            ScalarKind::Float => "a float",
            ScalarKind::Str => "a str",
            ScalarKind::Bool => "a bool",
            ScalarKind::Bytes => "bytes",
        }
    }
}

/// A compiled plan, held by the Python side per type.
#[pyclass(frozen, module = "flyte_types._native")]
pub struct Plan {
    pub(crate) root: Node,
    /// How many bytes the last literal written under this plan took: the next write's buffer
    /// starts that large (values of one type tend to be alike), instead of growing to it by
    /// doubling, a copy of the bytes each time.
    pub(crate) last_len: AtomicUsize,
}

#[pymethods]
impl Plan {
    /// Compiles the nested-tuple description built by `flyte_types._plan`.
    #[new]
    fn compile(spec: &Bound<'_, PyAny>) -> PyResult<Self> {
        Ok(Plan {
            root: node(spec)?,
            last_len: AtomicUsize::new(0),
        })
    }
}

fn parts<'py>(spec: &Bound<'py, PyAny>) -> PyResult<(String, Bound<'py, PyTuple>)> {
    let tuple = spec.cast::<PyTuple>()?.clone();
    let kind: String = tuple.get_item(0)?.extract()?;
    Ok((kind, tuple))
}

fn node(spec: &Bound<'_, PyAny>) -> PyResult<Node> {
    let (kind, t) = parts(spec)?;
    Ok(match kind.as_str() {
        "int" => Node::Int,
        "float" => Node::Float,
        "str" => Node::Str,
        "bool" => Node::Bool,
        "none" => Node::NoneType,
        "datetime" => Node::Datetime,
        "date" => Node::Date,
        "timedelta" => Node::Timedelta,
        "enum" => Node::Enum {
            class: t.get_item(1)?.cast::<PyType>()?.clone().unbind(),
            by_name: t.get_item(2)?.cast::<PyDict>()?.clone().unbind(),
        },
        "list" => Node::List(Box::new(node(&t.get_item(1)?)?)),
        "map" => Node::Map(Box::new(node(&t.get_item(1)?)?)),
        "union" => {
            let mut variants = Vec::new();
            for v in t.get_item(1)?.try_iter()? {
                let v = v?;
                let v = v.cast::<PyTuple>()?;
                variants.push(Variant {
                    py_type: v.get_item(0)?.unbind(),
                    node: node(&v.get_item(1)?)?,
                    type_bytes: v.get_item(2)?.extract()?,
                });
            }
            Node::Union(variants)
        }
        "struct" => Node::Struct(field(&t.get_item(1)?)?),
        "untyped" => Node::Untyped,
        other => {
            return Err(PyValueError::new_err(format!(
                "unknown plan node {other:?}"
            )));
        }
    })
}

fn field(spec: &Bound<'_, PyAny>) -> PyResult<Field> {
    let (kind, t) = parts(spec)?;
    Ok(match kind.as_str() {
        "int" => Field::Scalar(ScalarKind::Int),
        "float" => Field::Scalar(ScalarKind::Float),
        "str" => Field::Scalar(ScalarKind::Str),
        "bool" => Field::Scalar(ScalarKind::Bool),
        "bytes" => Field::Scalar(ScalarKind::Bytes),
        "any" => Field::Any,
        "isoformat" => Field::IsoFormat(t.get_item(1)?.cast::<PyType>()?.clone().unbind()),
        "timedelta" => Field::Timedelta,
        "enum" => {
            let by_value = t.get_item(2)?.cast::<PyDict>()?.clone();
            Field::Enum {
                class: t.get_item(1)?.cast::<PyType>()?.clone().unbind(),
                by_text: member_map(&by_value)?,
                by_value: by_value.unbind(),
            }
        }
        "list" => Field::List(Box::new(field(&t.get_item(1)?)?)),
        "map" => Field::Map(Box::new(field(&t.get_item(1)?)?)),
        "optional" => Field::Optional(Box::new(field(&t.get_item(1)?)?)),
        "dataclass" => Field::Dataclass(Dataclass {
            class: t.get_item(1)?.cast::<PyType>()?.clone().unbind(),
            fields: struct_fields(&t.get_item(2)?)?,
            plain: t.get_item(3)?.is_truthy()?,
        }),
        "json_int" => Field::Json(ScalarKind::Int),
        "json_float" => Field::Json(ScalarKind::Float),
        "json_str" => Field::Json(ScalarKind::Str),
        "json_bool" => Field::Json(ScalarKind::Bool),
        "json_bytes" => Field::Json(ScalarKind::Bytes),
        "enum_name" => Field::EnumName {
            class: t.get_item(1)?.cast::<PyType>()?.clone().unbind(),
            by_name: member_map(t.get_item(2)?.cast::<PyDict>()?)?,
        },
        "model" => Field::Model(Model {
            class: t.get_item(1)?.cast::<PyType>()?.clone().unbind(),
            fields: struct_fields(&t.get_item(2)?)?,
        }),
        other => {
            return Err(PyValueError::new_err(format!(
                "unknown field plan {other:?}"
            )));
        }
    })
}

/// Enum members by the UTF-8 of a `str` key (a name, or a `str` value).
pub type MemberMap = HashMap<Box<[u8]>, Py<PyAny>>;

/// The `str`-keyed entries of `members` (other keys are left to the `dict`).
fn member_map(members: &Bound<'_, PyDict>) -> PyResult<MemberMap> {
    let mut out = MemberMap::new();
    for (k, v) in members.iter() {
        if let Ok(k) = k.cast_exact::<PyString>() {
            out.insert(k.to_str()?.as_bytes().into(), v.unbind());
        }
    }
    Ok(out)
}

/// `(name, field plan)` pairs, in declaration order.
fn struct_fields(spec: &Bound<'_, PyAny>) -> PyResult<Vec<StructField>> {
    let mut fields = Vec::new();
    for f in spec.try_iter()? {
        let f = f?;
        let f = f.cast::<PyTuple>()?;
        let name = f.get_item(0)?.cast::<PyString>()?.clone();
        fields.push(StructField {
            text: name.to_str()?.to_owned(),
            name: name.unbind(),
            how: field(&f.get_item(1)?)?,
        });
    }
    Ok(fields)
}
