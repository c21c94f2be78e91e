//! The typed API: Rust values to Flyte literals and back, with the bytes a Python task writes
//! for the equivalent type.
//!
//! | Rust | Flyte `LiteralType` | Python (Flyte 2) | serde attributes honoured |
//! | --- | --- | --- | --- |
//! | `i64`, `i32`, `u32`, … (range-checked) | `INTEGER` | `int` | |
//! | `u64` | `INTEGER` (int64 range); inside a struct msgpack `uint64` above it, as Python writes a large `int` | `int` | |
//! | `f64`, `f32` | `FLOAT` (float64 inside structs) | `float` | |
//! | `String`, `str` | `STRING` | `str` | |
//! | `bool` | `BOOLEAN` | `bool` | |
//! | `()` | `NONE` | `None` | |
//! | `chrono::DateTime<Utc>`, `NaiveDateTime`, `NaiveDate` | `DATETIME` | `datetime`, `date` | |
//! | `chrono::TimeDelta` | `DURATION` | `timedelta` | |
//! | `Vec<T>` | collection | `list[T]` | |
//! | `Vec<u8>` | collection of `INTEGER` (inside a struct: an array of ints) | `list[int]` | |
//! | [`Bytes`] (inside a struct) | msgpack `bin` (dataclass), UTF-8 text (pydantic) | `bytes` | |
//! | `HashMap<String, T>`, `BTreeMap<String, T>` | map | `dict[str, T]` | |
//! | `HashMap<i64, T>`, `BTreeMap<i64, T>` (any non-string key) | `STRUCT` + msgpack | `dict[int, T]` | |
//! | `Option<T>` | union of `T` and `NONE` | `Optional[T]` | |
//! | `Box<T>`, `Rc<T>`, `Arc<T>` | `T`'s (recursive types: a struct that contains itself is a `$ref`, as mashumaro writes it) | `T`, `"Node"` forward references | |
//! | `(A, B, …)` | `STRUCT` + msgpack (`TupleWrapper_tuple`) | `tuple[A, B, …]` | |
//! | [`crate::value::Value`], `serde_json::Value` (inside a struct) | schema `{}`, the untyped-dict msgpack | `Any`, `dict` | |
//! | [`Pickled`] | the `FlytePickle` union | `bytes` and anything without a transformer | |
//! | [`File`], [`Dir`], [`DataFrame`] | blob, multipart blob, structured dataset | `flyte.io.File`, `Dir`, `DataFrame` | |
//! | `#[derive(FlyteType)] struct` (generic too: `Page<T>`) | `STRUCT` + msgpack + JSON schema | `@dataclass` (default, `Page[T]` generic), pydantic `BaseModel` (`#[flyte(pydantic)]`) | container `rename_all`, `default`, `deny_unknown_fields`, `rename`; field `rename`, `default`, `skip` |
//! | `#[derive(FlyteType)] struct OrderId(i64)`, or `#[serde(transparent)]` | the field's | the field's type | `transparent` |
//! | `#[derive(FlyteType)] enum` with unit variants | enum (member names) | `enum.Enum` | none: `#[flyte(name, value)]` |
//! | `#[derive(FlyteType)] enum` with one-field variants | union of the variants | `Union[A, B]` | none (a union is untagged) |
//!
//! Any other serde attribute on a derived type is a compile error that says what to write
//! instead. The derive's attributes, the enum name / value rule and the serde attributes are
//! documented on the [`FlyteType`](macro@FlyteType) derive macro. `Vec<u8>` stays a list of
//! ints (what `list[int]` is); a Python `bytes` field is [`Bytes`].
//!
//! Datetimes use `chrono`: it is what arrow, parquet and polars use, so table columns and scalar
//! values share one type without glue.

#[doc(hidden)]
#[path = "fuzz.rs"]
pub mod __fuzz;
mod field;
mod handles;
mod interface;
mod registry;
mod sink;
#[cfg(test)]
mod sink_tests;
mod source;
mod std_types;
pub(crate) mod structs;

pub use field::{Bytes, SchemaGen, StructField, StructStyle, UnionKind};
/// Derives [`FlyteInputs`](trait@crate::engine::FlyteInputs): each named field is one task
/// input (or output), its name the variable's (`#[flyte(rename = "x")]` or
/// `#[serde(rename = "x")]` to change it; `#[serde(rename_all = "...")]` on the struct;
/// `#[flyte(crate = path)]` as for [`FlyteType`](macro@crate::engine::FlyteType)). Reading
/// refuses an input the struct does not declare.
#[cfg(feature = "derive")]
pub use flyte_types_derive::FlyteInputs;
#[cfg(feature = "derive")]
#[doc = include_str!("derive.md")]
pub use flyte_types_derive::FlyteType;
pub use handles::{DataFrame, Dir, File, Pickled};
pub use interface::{FlyteInputs, typed_interface};
pub use registry::{Transformer, TypeEngine};
pub use sink::{LiteralSink, MsgBody};
pub use source::{Form, LiteralBytes, LiteralSource, Primitive, UnionType};
pub use structs::{literal_msg, msgpack_annotation, msgpack_literal};

use crate::Error;
use crate::idl::core::{Literal, LiteralType};

/// A Rust type with a Flyte representation.
///
/// # Contract
/// - `literal_type()` is exactly the `LiteralType` Flyte 2 derives for the equivalent Python
///   type (compare with `wire::encode_canonical`).
/// - `write_literal` writes the literal Flyte 2 writes for the equivalent value, and
///   `from_literal(&x.to_literal()?)` gives back `x`.
/// - `read_literal` also reads the other forms real systems send (flytekit v1 literals, a
///   plain literal for a union, …) and never panics on bad input; from a tree and from bytes
///   it gives the same value.
pub trait FlyteType {
    /// The Flyte type of every value of this Rust type.
    fn literal_type() -> LiteralType;

    /// Writes this value's literal into `s`: the one statement of this type's mapping, which
    /// [`Self::to_literal`] (a tree), [`Self::write_literal_bytes`] (the bytes, sized first)
    /// and the size pass before it all read.
    ///
    /// # Errors
    ///
    /// A value the literal cannot hold (an integer beyond int64, a datetime out of range, …),
    /// at its path.
    fn write_literal<S: LiteralSink>(&self, s: &mut S) -> Result<(), Error>;

    /// This value as a literal.
    fn to_literal(&self) -> Result<Literal, Error> {
        sink::to_literal(self)
    }

    /// Reads a value from a literal of this type: the one statement of how this type is read,
    /// which [`Self::from_literal`] (a decoded tree) and [`Self::read_literal_bytes`] (the
    /// serialized bytes, read in place) both call. It accepts the canonical layout and the
    /// other forms real systems send: flytekit v1 literals, a plain literal for a union, union
    /// wrappers, protobuf fields in any order.
    ///
    /// # Errors
    ///
    /// A literal of another type, a value out of this type's range, bytes that are not a
    /// `Literal`: at its path.
    fn read_literal<'a, R: LiteralSource<'a>>(r: R) -> Result<Self, Error>
    where
        Self: Sized;

    /// A value from a literal of this type.
    ///
    /// # Errors
    ///
    /// As [`Self::read_literal`].
    fn from_literal(literal: &Literal) -> Result<Self, Error>
    where
        Self: Sized,
    {
        Self::read_literal(literal)
    }

    /// The transformer name Flyte 2 puts in `structure.tag` when this type is a union variant
    /// (`int`, `str`, `Typed List`, `Object-Dataclass-Transformer`, …).
    fn union_tag() -> &'static str;

    /// Appends this value's serialized `Literal` to `out`: the bytes of
    /// `wire::encode_canonical(&self.to_literal()?)`, exactly.
    ///
    /// The protobuf (and, for structs, msgpack) bytes are written straight from the value into
    /// `out`, reserved once at the exact size (a list of numbers: in one pass, sized from its
    /// length), without building a `Literal` tree. On an error `out` is left as it was.
    fn write_literal_bytes(&self, out: &mut Vec<u8>) -> Result<(), Error> {
        sink::write_literal_bytes(self, out)
    }

    /// This value's serialized `Literal` (see [`Self::write_literal_bytes`]).
    fn to_literal_bytes(&self) -> Result<Vec<u8>, Error> {
        let mut out = Vec::new();
        self.write_literal_bytes(&mut out)?;
        Ok(out)
    }

    /// A list of values of this type: `items` as a collection (what `Vec<Self>` writes). Numbers
    /// hand the whole list to the sink ([`LiteralSink::integers`], [`LiteralSink::floats`]),
    /// which writes it with one register store per element.
    #[doc(hidden)]
    fn write_literal_list<'a, S: LiteralSink, I>(items: I, s: &mut S) -> Result<(), Error>
    where
        Self: 'a,
        I: ExactSizeIterator<Item = &'a Self>,
    {
        s.collection(items)
    }

    /// A value from a serialized `Literal`, read in place: what `prost` decoding and
    /// [`Self::from_literal`] give, without building the tree. (Fields the read never looks
    /// at are skipped by their wire type, not decoded: bytes prost refuses there still read.)
    ///
    /// # Errors
    ///
    /// As [`Self::read_literal`].
    fn read_literal_bytes(bytes: &[u8]) -> Result<Self, Error>
    where
        Self: Sized,
    {
        source::read_bytes(bytes)
    }

    /// [`Self::read_literal`], pushed onto `out`. (Structs push the value where the reader
    /// built it: a large struct would otherwise be copied from one temporary to the next on
    /// its way into a list.)
    #[doc(hidden)]
    #[inline(always)]
    fn read_literal_into<'a, R: LiteralSource<'a>>(r: R, out: &mut Vec<Self>) -> Result<(), Error>
    where
        Self: Sized,
    {
        out.push(Self::read_literal(r)?);
        Ok(())
    }
}
