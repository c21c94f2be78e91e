//! The two struct styles and the wire form of each kind of value in each, written once: the
//! typed path (`engine`) writes with these, the dynamic path (`value`) compiles schemas into them.
//!
//! | value | [`StructStyle::Dataclass`] (mashumaro) | [`StructStyle::Pydantic`] |
//! | --- | --- | --- |
//! | aware datetime | `isoformat()` in UTC: `2024-01-02T03:04:05+00:00` | `2024-01-02T03:04:05Z` |
//! | timedelta | float seconds; schema `{"type": "number", "format": "time-delta"}` | ISO 8601 text (`PT1.5S`); schema `{"type": "string", "format": "duration"}` |
//! | bytes | msgpack bin; schema `{"type": "string", "format": "base64"}` | the bytes as UTF-8 text; schema `{"type": "string", "format": "binary"}` |
//! | enum | the member's value | the member's name (values in places: see `msgpack_shape::check_enum`) |
//! | nested struct | inlined in the schema | under `$defs`, `$ref`'d |

use super::time::{Duration, Timestamp};
use crate::Error;
use crate::msgpack::Msg;
use serde_json::{Value as Json, json};

/// Which Python serializer a struct's msgpack and schema imitate (and whose reader reads them):
/// the one name for it, shared by the typed path (`engine`) and the dynamic one (`value`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StructStyle {
    /// A `@dataclass` through mashumaro: enums by value, datetimes `…+00:00`, durations as float
    /// seconds, bytes as msgpack bin, nested structs inlined in the schema.
    Dataclass,
    /// A pydantic `BaseModel`: enums by name, datetimes `…Z`, ISO 8601 durations, bytes as UTF-8
    /// strings, nested models and enums under `$defs`, a `title` on every property.
    Pydantic,
}

impl StructStyle {
    /// An aware UTC datetime as this style writes it.
    pub(crate) fn datetime_text(self, t: Timestamp) -> String {
        match self {
            StructStyle::Dataclass => t.to_isoformat_utc(),
            StructStyle::Pydantic => t.to_canonical(),
        }
    }

    /// The JSON schema of a timedelta field.
    pub(crate) fn duration_schema(self) -> Json {
        match self {
            StructStyle::Dataclass => json!({"type": "number", "format": "time-delta"}),
            StructStyle::Pydantic => json!({"type": "string", "format": "duration"}),
        }
    }

    /// A timedelta field's msgpack. A Python timedelta holds whole microseconds: a duration that
    /// would not read back as itself (nanoseconds, or beyond float precision) is refused, not
    /// rounded.
    pub(crate) fn duration_msg(self, d: Duration) -> Result<Msg, Error> {
        let (msg, back) = match self {
            StructStyle::Pydantic => {
                let text = d.to_iso8601();
                let back = Duration::parse_iso8601(&text);
                (Msg::Str(text), back)
            }
            StructStyle::Dataclass => {
                let secs = d.to_float_seconds();
                (Msg::F64(secs), Duration::from_float_seconds(secs))
            }
        };
        if back != Some(d) {
            return Err(crate::ErrorKind::OutOfRange(format!(
                "duration {}s {}ns in a struct field (whole microseconds within float precision)",
                d.seconds, d.nanos
            ))
            .into());
        }
        Ok(msg)
    }

    /// The JSON schema of a bytes field.
    pub(crate) fn bytes_schema(self) -> Json {
        match self {
            StructStyle::Dataclass => json!({"type": "string", "format": "base64"}),
            StructStyle::Pydantic => json!({"type": "string", "format": "binary"}),
        }
    }

    /// A bytes field's msgpack: bin, or (pydantic) the bytes as text, which must be UTF-8.
    pub(crate) fn bytes_msg(self, b: &[u8]) -> Result<Msg, Error> {
        match self {
            StructStyle::Dataclass => Ok(Msg::Bin(b.to_vec())),
            StructStyle::Pydantic => String::from_utf8(b.to_vec()).map(Msg::Str).map_err(|_| {
                Error::mismatch(
                    "UTF-8 bytes (pydantic writes bytes as a string)",
                    "non-UTF-8 bytes",
                )
            }),
        }
    }
}
