//! `Value` speaks serde in its canonical JSON shape, and any serde type converts to and from a
//! `Value` ([`to_value`], [`from_value`]), so a runtime can hand a decoded literal to the
//! user's own types.
//!
//! None of these goes through a `serde_json::Map`: map entries keep their order (and a
//! repeated key stays repeated) whatever features the final build turns on for `serde_json`
//! (its `preserve_order` changes that map's order for every crate of a build; this crate does
//! not turn it on).

use super::Value;
use super::serde_tree::{DeTree, SerTree, SerdeError, View, from_tree, int_of_i128, to_tree};
use crate::{Error, ErrorKind};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use serde::de::{self, DeserializeOwned, Error as _, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// The canonical JSON of the value ([`Value::to_json`]): datetimes as RFC 3339 strings,
/// durations as `{"seconds", "nanos"}`, bytes as `{"$bytes": base64}`, NaN and the infinities
/// as the strings `"NaN"`, `"Infinity"`, `"-Infinity"`, handles as `{"$file": …}` and so on.
/// Map entries are written in their order.
impl Serialize for Value {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::None => serializer.serialize_unit(),
            Value::Bool(b) => serializer.serialize_bool(*b),
            Value::Int(i) => serializer.serialize_i64(*i),
            Value::UInt(u) => serializer.serialize_u64(*u),
            Value::Float(f) if f.is_finite() => serializer.serialize_f64(*f),
            Value::String(s) => serializer.serialize_str(s),
            Value::Bytes(b) => {
                let mut m = serializer.serialize_map(Some(1))?;
                m.serialize_entry("$bytes", &B64.encode(b))?;
                m.end()
            }
            Value::Datetime(t) => serializer.serialize_str(&t.to_canonical()),
            Value::Duration(d) => {
                let mut m = serializer.serialize_map(Some(2))?;
                m.serialize_entry("seconds", &d.seconds)?;
                m.serialize_entry("nanos", &d.nanos)?;
                m.end()
            }
            Value::List(items) => {
                let mut s = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    s.serialize_element(item)?;
                }
                s.end()
            }
            Value::Map(entries) => {
                let mut m = serializer.serialize_map(Some(entries.len()))?;
                for (k, v) in entries {
                    m.serialize_entry(k, v)?;
                }
                m.end()
            }
            // Non-finite floats are strings; handles are small objects whose key order carries
            // no meaning.
            Value::Float(_)
            | Value::File(_)
            | Value::Dir(_)
            | Value::DataFrame(_)
            | Value::Pickle(_) => self.to_json().serialize(serializer),
        }
    }
}

/// A value read without a type: null, booleans, integers (int64, then uint64), floats,
/// strings, lists, maps in their order (`{"$bytes": …}` is bytes). A datetime or duration
/// arrives as the string or object its canonical JSON is: with the `LiteralType` at hand,
/// `Value::from_json` reads them as such.
impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a canonical JSON value")
    }
    fn visit_bool<E>(self, b: bool) -> Result<Value, E> {
        Ok(Value::Bool(b))
    }
    fn visit_i64<E>(self, i: i64) -> Result<Value, E> {
        Ok(Value::Int(i))
    }
    fn visit_u64<E>(self, u: u64) -> Result<Value, E> {
        Ok(i64::try_from(u).map_or(Value::UInt(u), Value::Int))
    }
    fn visit_i128<E: de::Error>(self, i: i128) -> Result<Value, E> {
        int_of_i128(i).map_err(E::custom)
    }
    fn visit_u128<E: de::Error>(self, u: u128) -> Result<Value, E> {
        int_of_i128(i128::try_from(u).unwrap_or(i128::MAX)).map_err(E::custom)
    }
    fn visit_f64<E>(self, f: f64) -> Result<Value, E> {
        Ok(Value::Float(f))
    }
    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_owned()))
    }
    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::None)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Value::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        // The hint is the input's claim: capped, so that it cannot reserve what is not there.
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::List(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries: Vec<(String, Value)> =
            Vec::with_capacity(map.size_hint().unwrap_or(0).min(4096));
        while let Some((k, v)) = map.next_entry()? {
            entries.push((k, v));
        }
        if let [(k, v)] = entries.as_slice()
            && k == "$bytes"
        {
            return match v {
                Value::String(s) => B64
                    .decode(s)
                    .map(Value::Bytes)
                    .map_err(|_| A::Error::custom("{\"$bytes\": …} does not hold base64 text")),
                _ => Err(A::Error::custom("{\"$bytes\": …} does not hold a string")),
            };
        }
        Ok(Value::Map(entries))
    }
}

/// Any serde value as a [`Value`]: structs and maps become [`Value::Map`] in field order,
/// sequences and tuples [`Value::List`], `Option::None` and `()` [`Value::None`], unit enum
/// variants their name, other variants `{variant: value}` (serde's external tagging), integer
/// and boolean map keys their text (as `serde_json` writes them).
///
/// # Errors
///
/// [`ErrorKind::Serde`] when the type's `Serialize` fails or writes a map key that is not a
/// string, an integer or a boolean; [`ErrorKind::OutOfRange`] for an integer beyond uint64.
pub fn to_value<T: Serialize + ?Sized>(value: &T) -> Result<Value, Error> {
    to_tree(value).map_err(Error::from)
}

/// A serde type from a [`Value`], read as its canonical JSON reads: a datetime as its RFC 3339
/// string (what `chrono`'s serde impls accept), bytes as `{"$bytes": …}`, a duration as
/// `{"seconds", "nanos"}`, a map's entries in their order, a one-entry map as an enum variant
/// with data and a string as a unit variant (serde's external tagging).
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
/// [`ErrorKind::Serde`] with serde's message when the type does not accept the value,
/// [`ErrorKind::Mismatch`] for an enum that is neither a string nor a map with one entry; each
/// with the path inside the value.
pub fn from_value<T: DeserializeOwned>(value: Value) -> Result<T, Error> {
    from_tree(&value).map_err(Error::from)
}

/// A [`Value`] read by serde (for [`from_value`]): each value hands itself to the visitor as
/// its canonical JSON would, without building that JSON.
impl DeTree for Value {
    type Key = String;
    fn view(&self) -> View<'_, Self> {
        match self {
            Value::None => View::Nil,
            Value::String(s) => View::Str(s),
            Value::List(items) => View::List(items),
            Value::Map(entries) => View::Map(entries),
            _ => View::Leaf,
        }
    }
    fn visit_leaf<'de, V: Visitor<'de>>(&'de self, visitor: V) -> Result<V::Value, SerdeError> {
        match self {
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Int(i) => visitor.visit_i64(*i),
            Value::UInt(u) => visitor.visit_u64(*u),
            Value::Float(f) if f.is_finite() => visitor.visit_f64(*f),
            Value::Datetime(t) => visitor.visit_string(t.to_canonical()),
            // Bytes, durations, non-finite floats and handles: small canonical JSON objects or
            // strings.
            other => other
                .to_json()
                .deserialize_any(visitor)
                .map_err(<SerdeError as de::Error>::custom),
        }
    }
    fn key_seed<'de, S: de::DeserializeSeed<'de>>(
        key: &'de String,
        seed: S,
    ) -> Result<S::Value, SerdeError> {
        seed.deserialize(de::value::BorrowedStrDeserializer::new(key))
    }
    fn key_str(key: &String) -> Option<&str> {
        Some(key)
    }
    fn key_path(key: &String) -> String {
        key.clone()
    }
    fn kind_name(&self) -> &'static str {
        Value::kind_name(self)
    }
}

/// A [`Value`] as a serde value tree (see [`to_value`]): bytes as a list of integers (as
/// `serde_json` writes them), map keys as text (integer and boolean keys too, as `serde_json`
/// writes them).
impl SerTree for Value {
    type Key = String;
    fn nil() -> Self {
        Value::None
    }
    fn bool(v: bool) -> Self {
        Value::Bool(v)
    }
    fn int(v: i64) -> Self {
        Value::Int(v)
    }
    fn uint(v: u64) -> Self {
        Value::UInt(v)
    }
    fn float(v: f64) -> Self {
        Value::Float(v)
    }
    fn str(v: String) -> Self {
        Value::String(v)
    }
    fn bytes(v: &[u8]) -> Self {
        Value::List(v.iter().map(|b| Value::Int(i64::from(*b))).collect())
    }
    fn list(items: Vec<Self>) -> Self {
        Value::List(items)
    }
    fn map(entries: Vec<(String, Self)>) -> Self {
        Value::Map(entries)
    }
    fn key(key: Self) -> Result<String, SerdeError> {
        match key {
            Value::String(s) => Ok(s),
            Value::Int(i) => Ok(i.to_string()),
            Value::UInt(u) => Ok(u.to_string()),
            Value::Bool(b) => Ok(b.to_string()),
            _ => Err(SerdeError(
                ErrorKind::Serde("key must be a string".into()).into(),
            )),
        }
    }
    fn name(name: &'static str) -> String {
        name.to_owned()
    }
    fn key_text(key: &String) -> Option<String> {
        Some(key.clone())
    }
}
