//! `Value` speaks serde in its canonical JSON shape, and any serde type converts to and from a
//! `Value` ([`to_value`], [`from_value`]), so a runtime can hand a decoded literal to the
//! user's own types.

use super::Value;
use super::msgpack_shape::generic_json;
use crate::{Error, ErrorKind};
use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value as Json;

/// The canonical JSON of the value ([`Value::to_json`]): datetimes as RFC 3339 strings,
/// durations as `{"seconds", "nanos"}`, bytes as `{"$bytes": base64}`, NaN and the infinities
/// as the strings `"NaN"`, `"Infinity"`, `"-Infinity"`, handles as `{"$file": …}` and so on.
impl Serialize for Value {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_json().serialize(serializer)
    }
}

/// A value read without a type: null, booleans, integers (int64), floats, strings, lists,
/// maps (`{"$bytes": …}` is bytes). A datetime or duration arrives as the string or object
/// its canonical JSON is: with the `LiteralType` at hand, `Value::from_json` reads them as such.
impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let json = Json::deserialize(deserializer)?;
        generic_json(&json).map_err(D::Error::custom)
    }
}

/// Any serde value as a [`Value`], through its JSON form (`serde_json::to_value`): structs
/// and maps become [`Value::Map`] in field order, sequences [`Value::List`], `Option::None`
/// and `()` [`Value::None`].
///
/// # Errors
///
/// [`ErrorKind::Serde`] when the type's `Serialize` fails (a map with non-string keys,
/// a NaN float, …); [`ErrorKind::OutOfRange`] for an integer beyond int64.
pub fn to_value<T: Serialize + ?Sized>(value: &T) -> Result<Value, Error> {
    let json = serde_json::to_value(value).map_err(|e| ErrorKind::Serde(e.to_string()))?;
    generic_json(&json)
}

/// A serde type from a [`Value`], through the value's canonical JSON: a datetime reads as its
/// RFC 3339 string (what `chrono`'s serde impls accept), bytes as `{"$bytes": …}`.
///
/// ```
/// use flyte_types::value::{self, Value};
///
/// #[derive(serde::Deserialize, Debug, PartialEq)]
/// struct Point { x: i64, label: String }
///
/// let v = Value::Map(vec![("x".into(), Value::Int(3)), ("label".into(), Value::String("a".into()))]);
/// assert_eq!(value::from_value::<Point>(v)?, Point { x: 3, label: "a".into() });
/// # Ok::<(), flyte_types::Error>(())
/// ```
///
/// # Errors
///
/// [`ErrorKind::Serde`] with serde's message when the type does not accept the value.
pub fn from_value<T: DeserializeOwned>(value: Value) -> Result<T, Error> {
    serde_json::from_value(value.to_json()).map_err(|e| ErrorKind::Serde(e.to_string()).into())
}
