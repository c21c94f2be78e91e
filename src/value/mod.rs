//! The dynamic [`Value`]: a Flyte value whose Rust type is not known, as the corpus's canonical
//! JSON describes it (shared/interop/README.md, "Canonical JSON form").
//!
//! | direction | function |
//! | --- | --- |
//! | `(LiteralType, Literal)` → `Value` | [`decode`], [`Decoder`] |
//! | `(LiteralType, canonical JSON)` → `Value` | [`Value::from_json`] |
//! | `(LiteralType, Value)` → `Literal` | [`Value::to_literal`], [`encode`] |
//! | `Value` → canonical JSON | [`Value::to_json`] |
//!
//! ```
//! use flyte_types::idl::core::{LiteralType, SimpleType, literal_type::Type};
//! use flyte_types::value::{self, Value};
//!
//! let list_of_ints = LiteralType {
//!     r#type: Some(Type::CollectionType(Box::new(LiteralType {
//!         r#type: Some(Type::Simple(SimpleType::Integer as i32)),
//!         ..Default::default()
//!     }))),
//!     ..Default::default()
//! };
//! let literal = value::encode(&list_of_ints, &serde_json::json!([1, 2, 3])).unwrap();
//! let back = value::decode(&list_of_ints, &literal).unwrap();
//! assert_eq!(back, Value::List(vec![Value::Int(1), Value::Int(2), Value::Int(3)]));
//! assert_eq!(back.to_json().to_string(), "[1,2,3]");
//! ```
//!
//! # Limits
//!
//! Every decoder here takes bytes from other processes, so each bound is checked before the
//! work or the allocation it guards; the defaults accept every real case (the golden corpus
//! and the SDK's own limits) and refuse the hostile ones with a typed error:
//!
//! | what | limit | error |
//! | --- | --- | --- |
//! | protobuf nesting (`Literal`, `LiteralType` bytes) | 100 messages (prost's and upb's limit; [`crate::wire::MAX_DEPTH`] for the rewriter) | [`crate::ErrorKind::Protobuf`] / [`crate::wire::WireErrorKind::DepthLimit`] |
//! | protobuf lengths (strings, bytes, messages, repeated) | checked against the bytes present before allocating | [`crate::ErrorKind::Protobuf`] |
//! | literal nesting (collections, maps, unions, offloads) | [`MAX_LITERAL_DEPTH`] (128) | [`crate::ErrorKind::DepthLimit`] |
//! | msgpack nesting / values | [`crate::msgpack::Limits`]: 256 levels, 2^24 values, lengths checked against the bytes present ([`Decoder::with_msgpack_limits`]) | [`crate::ErrorKind::Msgpack`] |
//! | generic `Struct` nesting (schemas, struct values) | [`MAX_STRUCT_DEPTH`] (128) | [`crate::ErrorKind::DepthLimit`] |
//! | JSON schema nesting at compile time (`$ref` hops included) | [`MAX_SCHEMA_DEPTH`] (64) | [`crate::ErrorKind::DepthLimit`] |
//! | `$ref` / union cycles that never reach an object or array | refused at compile time | [`crate::ErrorKind::SchemaCycle`] |
//! | walking a value against a schema | [`MAX_SHAPE_DEPTH`] (256) nested steps | [`crate::ErrorKind::DepthLimit`] |
//! | union backtracking against a schema | [`SHAPE_STEPS_BASE`] + [`SHAPE_STEPS_PER_NODE`] × input size steps | [`crate::ErrorKind::WorkLimit`] |
//! | offloaded literal size | [`MAX_OFFLOADED_BYTES`] (1000 MiB, propeller's), checked before reading ([`Decoder::with_max_offloaded_bytes`]) | [`crate::ErrorKind::Offloaded`] |
//! | offloaded literals pointing at each other | refused | [`crate::ErrorKind::OffloadCycle`] |
//! | datetimes / durations | years 1–9999; protobuf's same-sign parts, nanos below 1e9 in magnitude; struct durations exact in whole microseconds | [`crate::ErrorKind::OutOfRange`] |
//! | integers | int64 (a msgpack `uint64` above `i64::MAX` is refused) | [`crate::ErrorKind::OutOfRange`] |
//!
//! The total decoded size is bounded by the input: every value takes at least one input byte
//! (msgpack, protobuf), a msgpack document holds at most 2^24 values, and an offloaded literal
//! at most [`MAX_OFFLOADED_BYTES`]. Canonical JSON arrives parsed (serde_json stops at 128
//! levels when it parses text).

#[doc(hidden)]
#[path = "fuzz.rs"]
pub mod __fuzz;
mod decode;
mod encode;

pub(crate) mod handle;
mod json;
mod msgpack_generic;
pub(crate) mod msgpack_shape;
mod schema;
mod serde_impls;
pub(crate) mod serde_tree;
mod style;
pub mod time;
mod types;
pub(crate) mod union;

pub use decode::{Decoder, MAX_LITERAL_DEPTH, MAX_OFFLOADED_BYTES, decode, decode_bytes};
pub use encode::encode;

pub use json::canonical_diff;
pub use schema::{
    MAX_SCHEMA_DEPTH, MAX_SHAPE_DEPTH, SHAPE_STEPS_BASE, SHAPE_STEPS_PER_NODE, StructStyle,
};
pub use serde_impls::{from_value, to_value};
pub use time::{Duration, Timestamp};
pub use types::MAX_STRUCT_DEPTH;

use handle::{DataFrame, Dir, File};

/// A Flyte value without a Rust type: what the canonical JSON form describes.
///
/// Enums are their wire string, unions the selected variant's value, offloaded literals the
/// value stored behind them: the tree holds exactly what a decoder can know from the
/// `LiteralType` and the `Literal`.
///
/// The handles are boxed so that a `Value` stays 32 bytes: lists and maps of plain values
/// (the common case) move and allocate a third of what an inline 96-byte handle would cost.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Python `None`.
    None,
    /// A boolean.
    Bool(bool),
    /// An integer in the int64 range.
    Int(i64),
    /// An integer above int64's range (up to 2^64 - 1), as Python's msgpack writes one (uint64)
    /// in an untyped dict or an `Any` field. Flyte's INTEGER literals are int64: no other place
    /// carries one.
    UInt(u64),
    /// A float64 (NaN and the infinities included).
    Float(f64),
    /// A string, or an enum member's wire string.
    String(String),
    /// Raw bytes.
    Bytes(Vec<u8>),
    /// A UTC instant (`datetime`, and `date` as midnight UTC).
    Datetime(Timestamp),
    /// A `timedelta`.
    Duration(Duration),
    /// A list or tuple.
    List(Vec<Value>),
    /// A map, dataclass, pydantic model, NamedTuple or TypedDict: entries in wire order.
    Map(Vec<(String, Value)>),
    /// A `flyte.io.File` handle: the typed API's [`crate::engine::File`].
    File(Box<File>),
    /// A `flyte.io.Dir` handle: the typed API's [`crate::engine::Dir`].
    Dir(Box<Dir>),
    /// A `flyte.io.DataFrame` handle: the typed API's [`crate::engine::DataFrame`].
    DataFrame(Box<DataFrame>),
    /// An opaque pickle, carried unchanged.
    Pickle(Box<Pickled>),
}

/// A pickled Python object, carried unchanged: inline cloudpickle bytes or a blob uri, never
/// interpreted. The one type of it: held by [`Value::Pickle`], and the typed API's
/// [`crate::engine::Pickled`] (where it is also how Python `bytes` travel).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pickled {
    /// Where the bytes are.
    pub data: PickleData,
    /// `Literal.hash`, when set.
    pub hash: Option<String>,
}

/// The two places a pickle can be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PickleData {
    /// The cloudpickle bytes, inline in `Scalar.binary`.
    Inline(Vec<u8>),
    /// A `Scalar.blob` uri with format `PythonPickle`.
    Uri(String),
}

impl Value {
    /// A short name of the value's kind, for error messages.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Value::None => "none",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::UInt(_) => "uint64",
            Value::Float(_) => "float",
            Value::String(_) => "string",
            Value::Bytes(_) => "bytes",
            Value::Datetime(_) => "datetime",
            Value::Duration(_) => "duration",
            Value::List(_) => "list",
            Value::Map(_) => "map",
            Value::File(_) => "file",
            Value::Dir(_) => "dir",
            Value::DataFrame(_) => "dataframe",
            Value::Pickle(_) => "pickle",
        }
    }
}
