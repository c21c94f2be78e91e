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

#[cfg(test)]
mod direct_tests;
use crate::wire::raw;
mod field;
mod handles;
mod interface;
mod registry;
mod std_types;
pub(crate) mod structs;

pub use field::{Bytes, SchemaGen, StructField, StructStyle};
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
pub use structs::{literal_msg, msgpack_annotation, msgpack_literal};

use crate::Error;
use crate::idl::core::{Literal, LiteralType};

/// A Rust type with a Flyte representation.
///
/// # Contract
/// - `literal_type()` is exactly the `LiteralType` Flyte 2 derives for the equivalent Python
///   type (compare with `wire::encode_canonical`).
/// - `to_literal` gives the literal Flyte 2 writes for the equivalent value, and
///   `from_literal(&x.to_literal()?)` gives back `x`.
/// - `from_literal` also reads the other forms real systems send (flytekit v1 literals, a
///   plain literal for a union, …) and never panics on bad input.
pub trait FlyteType {
    /// The Flyte type of every value of this Rust type.
    fn literal_type() -> LiteralType;

    /// This value as a literal.
    fn to_literal(&self) -> Result<Literal, Error>;

    /// A value from a literal of this type.
    fn from_literal(literal: &Literal) -> Result<Self, Error>
    where
        Self: Sized;

    /// The transformer name Flyte 2 puts in `structure.tag` when this type is a union variant
    /// (`int`, `str`, `Typed List`, `Object-Dataclass-Transformer`, …).
    fn union_tag() -> &'static str;

    /// Appends this value's serialized `Literal` to `out`: the bytes of
    /// `wire::encode_canonical(&self.to_literal()?)`, exactly.
    ///
    /// Types with a direct path (see [`Self::DIRECT`]) write the protobuf (and, for structs,
    /// msgpack) bytes straight from the value into `out`, reserved once at the exact size
    /// (a list of numbers: in one pass, sized from its length), without building a `Literal`
    /// tree; the others go through `to_literal`.
    fn write_literal_bytes(&self, out: &mut Vec<u8>) -> Result<(), Error> {
        write_literal_bytes_of(self, out)
    }

    /// This value's serialized `Literal` (see [`Self::write_literal_bytes`]).
    fn to_literal_bytes(&self) -> Result<Vec<u8>, Error> {
        let mut out = Vec::new();
        self.write_literal_bytes(&mut out)?;
        Ok(out)
    }

    /// A value from a serialized `Literal`: the result of `prost` decoding and
    /// [`Self::from_literal`], exactly (the same value, or the same error).
    ///
    /// Types with a direct path read the canonical layout (what the SDK and
    /// [`Self::write_literal_bytes`] write) straight into the value; any other input (fields in
    /// another order, union wrappers, flytekit v1 forms, malformed bytes) is decoded again
    /// through the `Literal` tree, so what is accepted and every error are the tree path's.
    fn read_literal_bytes(bytes: &[u8]) -> Result<Self, Error>
    where
        Self: Sized,
    {
        if Self::DIRECT
            && let Some(v) = Self::direct_read(bytes, 0)
        {
            return Ok(v);
        }
        let lit = <Literal as prost::Message>::decode(bytes)
            .map_err(|e| Error::protobuf(crate::error::LITERAL, e))?;
        Self::from_literal(&lit)
    }

    /// Whether [`Self::direct_len`], [`Self::direct_write`] and [`Self::direct_read`] are
    /// implemented. Containers have a direct path when their elements do.
    #[doc(hidden)]
    const DIRECT: bool = false;

    /// Whether [`Self::direct_len`] costs enough that a container records each element's size
    /// in the first pass instead of computing it again in the second. Types that say `false`
    /// must record nothing in `direct_len` (scalars, strings).
    #[doc(hidden)]
    const DIRECT_COSTLY_LEN: bool = true;

    /// Direct path, first pass: the size of this value's `Literal` message; records costly
    /// sizes in `sizes` for [`Self::direct_write`] (see `wire::raw`). Does every check that
    /// `to_literal` does, so the write pass cannot fail.
    #[doc(hidden)]
    fn direct_len(&self, sizes: &mut raw::Sizes) -> Result<usize, Error> {
        let _ = sizes;
        Err(crate::ErrorKind::Unsupported("no direct path".into()).into())
    }

    /// Direct path, second pass: writes the `Literal` message measured by [`Self::direct_len`].
    #[doc(hidden)]
    fn direct_write(&self, sizes: &mut raw::Sizes, out: &mut Vec<u8>) {
        let _ = (sizes, out);
    }

    /// Whether [`Self::direct_small`] writes this value: scalars whose `Literal`, with the
    /// header of the field that holds it, fits in [`raw::SMALL`] bytes. Containers then write
    /// each element with one fixed-size store instead of byte by byte.
    #[doc(hidden)]
    const DIRECT_SMALL: bool = false;

    /// Direct path, second pass, for [`Self::DIRECT_SMALL`] types: this value's `Literal` as
    /// the length-delimited field `tag` (tag, length, message). Types that are not small
    /// return an empty field.
    #[doc(hidden)]
    fn direct_small(&self, tag: u8) -> raw::Small {
        let _ = tag;
        raw::Small::default()
    }

    /// Direct path, reading an element: [`Self::direct_read`], pushed onto `out`. (Structs
    /// push the value where the reader built it: a large struct would otherwise be copied
    /// from one temporary to the next on its way into the list.)
    #[doc(hidden)]
    #[inline(always)]
    fn direct_read_into(lit: &[u8], depth: u32, out: &mut Vec<Self>) -> Option<()>
    where
        Self: Sized,
    {
        out.push(Self::direct_read(lit, depth)?);
        Some(())
    }

    /// Direct path, reading: the value of a `Literal` message in exactly the canonical layout,
    /// or `None` (then the caller decodes through the tree). `depth`: messages around it.
    #[doc(hidden)]
    fn direct_read(lit: &[u8], depth: u32) -> Option<Self>
    where
        Self: Sized,
    {
        let _ = (lit, depth);
        None
    }
}

/// [`FlyteType::write_literal_bytes`]: both direct passes (sizes, then bytes), or through the
/// `Literal` tree for types without a direct path. (A type whose root can be written in one
/// pass overrides the method and calls this for the rest.)
pub(crate) fn write_literal_bytes_of<T: FlyteType + ?Sized>(
    v: &T,
    out: &mut Vec<u8>,
) -> Result<(), Error> {
    if T::DIRECT {
        let mut sizes = raw::Sizes::new();
        let len = v.direct_len(&mut sizes)?;
        // The slack lets containers of small values write whole `raw::Small` blocks.
        out.reserve(len + raw::SMALL);
        let start = out.len();
        v.direct_write(&mut sizes, out);
        debug_assert_eq!(out.len() - start, len);
    } else {
        out.extend_from_slice(&crate::wire::encode_canonical(&v.to_literal()?));
    }
    Ok(())
}
