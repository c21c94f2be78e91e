//! The typed API: Rust values to Flyte literals and back, with the bytes a Python task writes
//! for the equivalent type.
//!
//! | Rust | Flyte `LiteralType` | Python (Flyte 2) |
//! | --- | --- | --- |
//! | `i64`, `i32`, `u32`, … (range-checked) | `INTEGER` | `int` |
//! | `f64`, `f32` | `FLOAT` | `float` |
//! | `String`, `str` | `STRING` | `str` |
//! | `bool` | `BOOLEAN` | `bool` |
//! | `()` | `NONE` | `None` |
//! | `chrono::DateTime<Utc>`, `NaiveDateTime`, `NaiveDate` | `DATETIME` | `datetime`, `date` |
//! | `chrono::TimeDelta` | `DURATION` | `timedelta` |
//! | `Vec<T>` | collection | `list[T]` |
//! | `HashMap<String, T>`, `BTreeMap<String, T>` | map | `dict[str, T]` |
//! | `HashMap<i64, T>`, `BTreeMap<i64, T>` (any non-string key) | `STRUCT` + msgpack | `dict[int, T]` |
//! | `Option<T>` | union of `T` and `NONE` | `Optional[T]` |
//! | `(A, B, …)` | `STRUCT` + msgpack (`TupleWrapper_tuple`) | `tuple[A, B, …]` |
//! | [`Pickled`] | the `FlytePickle` union | `bytes` and anything without a transformer |
//! | [`File`], [`Dir`], [`DataFrame`] | blob, multipart blob, structured dataset | `flyte.io.File`, `Dir`, `DataFrame` |
//! | `#[derive(FlyteType)] struct` | `STRUCT` + msgpack + JSON schema | `@dataclass` (default) or pydantic `BaseModel` (`#[flyte(pydantic)]`) |
//! | `#[derive(FlyteType)] enum` with unit variants | enum (member names) | `enum.Enum` |
//! | `#[derive(FlyteType)] enum` with one-field variants | union of the variants | `Union[A, B]` |
//!
//! Datetimes use `chrono`: it is what arrow, parquet and polars use, so table columns and scalar
//! values share one type without glue.

mod field;
mod handles;
mod interface;
mod registry;
mod std_types;
#[doc(hidden)]
pub mod structs;

pub use field::{Bytes, SchemaGen, StructField, StructStyle};
#[cfg(feature = "derive")]
pub use flyte_types_derive::{FlyteInputs, FlyteType};
pub use handles::{DataFrame, Dir, File, Pickled};
pub use interface::{FlyteInputs, typed_interface};
pub use registry::{Transformer, TypeEngine};

use crate::idl::core::{Literal, LiteralType};
use crate::value::ValueError;

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
    fn to_literal(&self) -> Result<Literal, ValueError>;

    /// A value from a literal of this type.
    fn from_literal(literal: &Literal) -> Result<Self, ValueError>
    where
        Self: Sized;

    /// The transformer name Flyte 2 puts in `structure.tag` when this type is a union variant
    /// (`int`, `str`, `Typed List`, `Object-Dataclass-Transformer`, …).
    fn union_tag() -> &'static str;
}
