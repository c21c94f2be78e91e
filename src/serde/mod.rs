//! Any serde type as a Flyte struct (feature `serde-types`): the literal Flyte 2 writes for the
//! equivalent Python `@dataclass`, from the type's `Serialize` / `Deserialize` and its
//! `schemars::JsonSchema`, with no second derive.
//!
//! Free functions, as serde_json has them: [`literal_type`], [`to_literal`], [`from_literal`];
//! [`Serde`] puts such a type inside a `#[derive(FlyteType)]` struct or a task's inputs.
//!
//! ```
//! use flyte_types::serde as flyte_serde;
//! use serde::{Deserialize, Serialize};
//!
//! #[derive(Serialize, Deserialize, schemars::JsonSchema, Debug, PartialEq)]
//! struct Point {
//!     x: i64,
//!     label: Option<String>,
//! }
//!
//! let p = Point { x: 3, label: None };
//! let literal = flyte_serde::to_literal(&p)?;
//! assert_eq!(flyte_serde::from_literal::<Point>(&literal)?, p);
//!
//! // The schema is mashumaro's for `@dataclass class Point: x: int; label: Optional[str] = None`.
//! let schema = flyte_serde::json_schema::<Point>();
//! assert_eq!(schema, serde_json::json!({
//!     "title": "Point",
//!     "type": "object",
//!     "properties": {
//!         "x": {"type": "integer"},
//!         "label": {"anyOf": [{"type": "string"}, {"type": "null"}], "default": null},
//!     },
//!     "required": ["x"],
//!     "additionalProperties": false,
//! }));
//! # Ok::<(), flyte_types::Error>(())
//! ```
//!
//! # The msgpack
//!
//! The value is written as Python's `msgpack.packb` writes the equivalent dataclass's
//! `to_dict()` (mashumaro), through the crate's one msgpack encoder: structs as maps with
//! string keys in field order, every float (`f32` too) as float64, integers in their smallest
//! form (`u64` above `i64::MAX` as uint64), `None` / `()` as nil, unit enum variants as their
//! (renamed) name, a variant with data as `{variant: value}` (serde's external tagging), and
//! bytes as `bin` when the type serializes them as bytes ([`Bytes`], `serde_bytes`): a plain
//! `Vec<u8>` is a serde sequence, so a list of ints (Python `list[int]`). rmp-serde is not used:
//! it writes `f32` as float32, which Python never does.
//!
//! Reading decodes the msgpack with the crate's decoder (its limits) and hands the tree to the
//! type's `Deserialize`: `bin` reads into a `Vec<u8>` too, an int into a float field. (Reading
//! through [`crate::value::Value`] would lose the bytes, whose canonical JSON is `{"$bytes"}`.)
//!
//! Datetimes: chrono's serde form (`2024-05-06T07:08:09.000010Z`) is what mashumaro reads
//! (`datetime.fromisoformat`), but not the text it writes (`…+00:00`); [`datetime`] writes
//! Python's text for a `DateTime<Utc>` field.
//!
//! # The schema
//!
//! schemars' schema (draft 2020-12) reshaped as mashumaro writes a dataclass's
//! ([`json_schema`]): nested structs inlined (a type that contains itself stays under `$defs`
//! and is `$ref`'d, the root too, as mashumaro writes it), `Option<T>` as
//! `anyOf: [T, {"type": "null"}]`, no `$schema`, no Rust integer formats (`int64`, `uint8`, …)
//! nor the bounds that come with them, `additionalProperties: false` on structs,
//! `propertyNames: {"type": "string"}` on maps, a unit-variant enum as `{"enum": [...]}`, every
//! field in `required` unless serde has a default for it, an `Option` field as Python's
//! `Optional[T] = None` (`"default": null`, not required: serde reads a missing `Option` as
//! `None`). Checked byte for byte against the SDK's `type.pb` for a nested, recursive and
//! everyday dataclass (`tests/serde_types.rs`). What stays different from mashumaro
//! (and is not what Flyte compares: propeller's castability ignores annotations and
//! validation keywords, see [`crate::cast::is_schema_castable`]): doc comments become
//! `description`s; serde's `default` values are written as schemars writes them; enums with data
//! are schemars' `oneOf` (Python has no such dataclass field).

mod de;
mod schema;
mod ser;

use crate::Error;
#[cfg(doc)]
use crate::ErrorKind;
use crate::engine::structs::{literal_msg, msgpack_literal, struct_literal_type};
use crate::engine::{Bytes, FlyteType, SchemaGen, StructField, StructStyle};
use crate::idl::core::{Literal, LiteralType};
use crate::msgpack::Msg;
use ::serde::de::DeserializeOwned;
use ::serde::{Deserialize, Serialize};
use schemars::JsonSchema;
use serde_json::Value as Json;
use std::fmt;

pub use schema::{json_schema, raw_schema};

/// The Flyte type of `T`: a STRUCT with the dataclass transformer's tag, the msgpack
/// annotation and `T`'s JSON schema ([`json_schema`]) as its metadata.
pub fn literal_type<T: JsonSchema>() -> LiteralType {
    struct_literal_type(StructStyle::Dataclass, json_schema::<T>())
}

/// `value` as the literal Flyte 2 writes for the equivalent dataclass: its msgpack in
/// `Scalar.binary` with the tag `msgpack`.
///
/// # Errors
///
/// [`ErrorKind::Serde`] when `T`'s `Serialize` fails, [`ErrorKind::Mismatch`] for a
/// value that is not a struct or map at the root (a Flyte struct is an object) or a map key that
/// is neither a string nor an integer, [`ErrorKind::OutOfRange`] for an integer beyond
/// int64 / uint64; each with the path inside the value.
pub fn to_literal<T: Serialize + ?Sized>(value: &T) -> Result<Literal, Error> {
    let msg = ser::to_msg(value).map_err(Error::from)?;
    if !matches!(msg, Msg::Map(_)) {
        return Err(Error::mismatch(
            "a struct or map (a Flyte struct is an object)",
            msg.kind_name(),
        ));
    }
    msgpack_literal(&msg)
}

/// A `T` from a struct literal (or a union literal holding one), as Flyte 2 writes the
/// equivalent dataclass.
///
/// # Errors
///
/// [`ErrorKind::Mismatch`] for a literal that is not a msgpack binary,
/// [`ErrorKind::Msgpack`] for bytes that are not one msgpack document (within
/// [`crate::msgpack::Limits`]), [`ErrorKind::Serde`] with serde's message and the path
/// when `T` does not accept the value.
pub fn from_literal<T: DeserializeOwned>(literal: &Literal) -> Result<T, Error> {
    de::from_msg(&literal_msg(literal)?).map_err(Error::from)
}

/// A serde type as a field of a `#[derive(FlyteType)]` struct or an input of a
/// `#[derive(FlyteInputs)]` one: inside a struct, the field is the equivalent dataclass (its
/// msgpack and schema as [`to_literal`] and [`json_schema`] make them); on its own, a Flyte
/// struct ([`literal_type`]).
///
/// ```
/// use flyte_types::engine::FlyteType;
/// use flyte_types::serde::Serde;
///
/// #[derive(serde::Serialize, serde::Deserialize, schemars::JsonSchema, Debug, PartialEq)]
/// struct Settings { retries: u32 }
///
/// #[derive(FlyteType, Debug, PartialEq)]
/// struct Job { name: String, settings: Serde<Settings> }
///
/// let job = Job { name: "a".into(), settings: Serde(Settings { retries: 2 }) };
/// assert_eq!(Job::from_literal(&job.to_literal()?)?, job);
/// assert_eq!(job.settings.retries, 2);
/// # Ok::<(), flyte_types::Error>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Serde<T>(pub T);

impl<T> std::ops::Deref for Serde<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> std::ops::DerefMut for Serde<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.0
    }
}

impl<T> From<T> for Serde<T> {
    fn from(value: T) -> Self {
        Serde(value)
    }
}

impl<T: Serialize + DeserializeOwned + JsonSchema> StructField for Serde<T> {
    /// `T`'s schema, inlined as mashumaro inlines a nested dataclass (its recursive parts under
    /// the outer `$defs`). Inside a pydantic-style struct too, and the value is written in the
    /// dataclass forms there: pydantic would put a nested dataclass under `$defs` with titled
    /// properties and write it with its own forms (`…Z` datetimes), which this does not match.
    fn schema(sg: &mut SchemaGen) -> Json {
        schema::nested(sg, json_schema::<T>())
    }
    fn write<S: crate::msgpack::write::MsgSink>(
        &self,
        _: StructStyle,
        w: &mut S,
    ) -> Result<(), Error> {
        // serde's data model goes through the tree: `T`'s `Serialize` builds the `Msg`.
        crate::msgpack::write::write_msg(&ser::to_msg(&self.0).map_err(Error::from)?, w)
    }
    fn read(r: &mut crate::msgpack::read::MsgReader<'_>) -> Result<Self, Error> {
        de::from_msg(&r.msg()?).map(Serde).map_err(Error::from)
    }
}

impl<T: Serialize + DeserializeOwned + JsonSchema> FlyteType for Serde<T> {
    fn literal_type() -> LiteralType {
        literal_type::<T>()
    }
    fn write_literal<S: crate::engine::LiteralSink>(&self, s: &mut S) -> Result<(), Error> {
        s.literal(|| to_literal(&self.0))
    }
    fn read_literal<'a, R: crate::engine::LiteralSource<'a>>(r: R) -> Result<Self, Error> {
        de::from_msg(&literal_msg(r)?)
            .map(Serde)
            .map_err(Error::from)
    }
    fn union_tag() -> &'static str {
        "Object-Dataclass-Transformer"
    }
}

/// [`Bytes`] (Python `bytes` inside a struct) speaks serde as bytes: msgpack `bin` here, where a
/// plain `Vec<u8>` is a serde sequence (Python's `list[int]`). Reads `bin`, a string's bytes, or
/// a sequence of bytes.
impl Serialize for Bytes {
    fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(&self.0)
    }
}

impl<'de> Deserialize<'de> for Bytes {
    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> ::serde::de::Visitor<'de> for V {
            type Value = Bytes;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("bytes")
            }
            fn visit_bytes<E>(self, v: &[u8]) -> Result<Bytes, E> {
                Ok(Bytes(v.to_vec()))
            }
            fn visit_byte_buf<E>(self, v: Vec<u8>) -> Result<Bytes, E> {
                Ok(Bytes(v))
            }
            fn visit_str<E>(self, v: &str) -> Result<Bytes, E> {
                Ok(Bytes(v.as_bytes().to_vec()))
            }
            fn visit_seq<A: ::serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Bytes, A::Error> {
                // The hint comes from the input: capped, the vector grows past it as needed.
                let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1 << 16));
                while let Some(b) = seq.next_element::<u8>()? {
                    out.push(b);
                }
                Ok(Bytes(out))
            }
        }
        deserializer.deserialize_byte_buf(V)
    }
}

/// mashumaro's schema of a `bytes` field: `{"type": "string", "format": "base64"}`.
impl JsonSchema for Bytes {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Bytes".into()
    }
    fn inline_schema() -> bool {
        true
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let schema = StructStyle::Dataclass.bytes_schema();
        schemars::Schema::try_from(schema).unwrap_or_default()
    }
}

/// `#[serde(with = "flyte_types::serde::datetime")]` on a `chrono::DateTime<Utc>` field: written
/// as Python's `isoformat()` writes an aware UTC datetime (`2024-05-06T07:08:09.000010+00:00`,
/// what mashumaro puts in a dataclass's msgpack), as a derived struct's `DateTime<Utc>` field,
/// read as a derived struct's datetime field reads. The schema is chrono's (`{"type": "string", "format":
/// "date-time"}`).
pub mod datetime {
    use crate::engine::{StructField, StructStyle};
    use crate::msgpack::Msg;
    use chrono::{DateTime, Utc};
    use serde::de::Error as _;
    use serde::ser::Error as _;
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes `t` as a datetime field of a derived dataclass-style struct writes it.
    pub fn serialize<S: Serializer>(t: &DateTime<Utc>, serializer: S) -> Result<S::Ok, S::Error> {
        match t.to_msg(StructStyle::Dataclass) {
            Ok(Msg::Str(text)) => serializer.serialize_str(&text),
            Ok(other) => Err(S::Error::custom(format!(
                "a datetime as {}",
                other.kind_name()
            ))),
            Err(e) => Err(S::Error::custom(e)),
        }
    }

    /// Reads ISO 8601 text as a datetime field of a derived struct reads it.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<DateTime<Utc>, D::Error> {
        let text = String::deserialize(deserializer)?;
        DateTime::<Utc>::from_msg(&Msg::Str(text)).map_err(D::Error::custom)
    }
}
