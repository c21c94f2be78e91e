//! `Value` speaks serde in its canonical JSON shape, and any serde type converts to and from a
//! `Value` ([`to_value`], [`from_value`]), so a runtime can hand a decoded literal to the
//! user's own types.
//!
//! None of these goes through a `serde_json::Map`: map entries keep their order (and a
//! repeated key stays repeated) whatever features the final build turns on for `serde_json`
//! (its `preserve_order` changes that map's order for every crate of a build; this crate does
//! not turn it on).

use super::Value;
use crate::{Error, ErrorKind};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use serde::de::{
    self, DeserializeOwned, Error as _, IntoDeserializer, MapAccess, SeqAccess, Visitor,
};
use serde::ser::{self, SerializeMap, SerializeSeq};
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
        int_value(i).map_err(E::custom)
    }
    fn visit_u128<E: de::Error>(self, u: u128) -> Result<Value, E> {
        int_value(i128::try_from(u).unwrap_or(i128::MAX)).map_err(E::custom)
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

fn int_value(i: i128) -> Result<Value, Error> {
    if let Ok(i) = i64::try_from(i) {
        Ok(Value::Int(i))
    } else if let Ok(u) = u64::try_from(i) {
        Ok(Value::UInt(u))
    } else {
        Err(ErrorKind::OutOfRange(format!("integer {i}")).into())
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
    value.serialize(ValueSerializer).map_err(|e| e.0)
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
/// [`ErrorKind::Serde`] with serde's message when the type does not accept the value.
pub fn from_value<T: DeserializeOwned>(value: Value) -> Result<T, Error> {
    T::deserialize(ValueDe(value)).map_err(|e| e.0)
}

/// The error of [`ValueSerializer`] and of reading a [`Value`] as a serde `Deserializer`:
/// serde's own messages as [`ErrorKind::Serde`].
#[derive(Debug)]
struct SerError(Error);

impl fmt::Display for SerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for SerError {}

impl ser::Error for SerError {
    fn custom<M: fmt::Display>(msg: M) -> Self {
        SerError(ErrorKind::Serde(msg.to_string()).into())
    }
}

impl de::Error for SerError {
    fn custom<M: fmt::Display>(msg: M) -> Self {
        SerError(ErrorKind::Serde(msg.to_string()).into())
    }
}

/// A [`Value`] as a serde `Deserializer` (for [`from_value`]): each value hands itself to the
/// visitor as its canonical JSON would, without building that JSON.
struct ValueDe(Value);

impl<'de> Deserializer<'de> for ValueDe {
    type Error = SerError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, SerError> {
        match self.0 {
            Value::None => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(b),
            Value::Int(i) => visitor.visit_i64(i),
            Value::UInt(u) => visitor.visit_u64(u),
            Value::Float(f) if f.is_finite() => visitor.visit_f64(f),
            Value::String(s) => visitor.visit_string(s),
            Value::Datetime(t) => visitor.visit_string(t.to_canonical()),
            Value::List(items) => {
                let mut seq = de::value::SeqDeserializer::new(items.into_iter().map(ValueDe));
                let out = visitor.visit_seq(&mut seq)?;
                seq.end()?;
                Ok(out)
            }
            Value::Map(entries) => {
                let mut map = de::value::MapDeserializer::new(
                    entries.into_iter().map(|(k, v)| (k, ValueDe(v))),
                );
                let out = visitor.visit_map(&mut map)?;
                map.end()?;
                Ok(out)
            }
            // Bytes, durations, non-finite floats and handles: small canonical JSON objects or
            // strings.
            other => other
                .to_json()
                .deserialize_any(visitor)
                .map_err(<SerError as de::Error>::custom),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, SerError> {
        match self.0 {
            Value::None => visitor.visit_none(),
            other => visitor.visit_some(ValueDe(other)),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, SerError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, SerError> {
        match self.0 {
            Value::String(variant) => visitor.visit_enum(variant.into_deserializer()),
            Value::Map(mut entries) if entries.len() == 1 => {
                let (variant, value) = entries.pop().expect("one entry");
                visitor.visit_enum(Variant {
                    variant,
                    value: ValueDe(value),
                })
            }
            other => Err(de::Error::invalid_type(
                de::Unexpected::Other(other.kind_name()),
                &"a string or a map with one entry",
            )),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

impl<'de> de::IntoDeserializer<'de, SerError> for ValueDe {
    type Deserializer = ValueDe;
    fn into_deserializer(self) -> ValueDe {
        self
    }
}

/// An enum variant with data: `{variant: value}`.
struct Variant {
    variant: String,
    value: ValueDe,
}

impl<'de> de::EnumAccess<'de> for Variant {
    type Error = SerError;
    type Variant = ValueDe;
    fn variant_seed<S: de::DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> Result<(S::Value, ValueDe), SerError> {
        let name = seed.deserialize(self.variant.into_deserializer())?;
        Ok((name, self.value))
    }
}

impl<'de> de::VariantAccess<'de> for ValueDe {
    type Error = SerError;
    fn unit_variant(self) -> Result<(), SerError> {
        match self.0 {
            Value::None => Ok(()),
            other => Err(de::Error::invalid_type(
                de::Unexpected::Other(other.kind_name()),
                &"a unit variant",
            )),
        }
    }
    fn newtype_variant_seed<S: de::DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> Result<S::Value, SerError> {
        seed.deserialize(self)
    }
    fn tuple_variant<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value, SerError> {
        self.deserialize_seq(visitor)
    }
    fn struct_variant<V: Visitor<'de>>(
        self,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, SerError> {
        self.deserialize_map(visitor)
    }
}

fn key_must_be_a_string() -> SerError {
    SerError(ErrorKind::Serde("key must be a string".into()).into())
}

/// A serde `Serializer` into a [`Value`] (see [`to_value`]).
struct ValueSerializer;

/// A list being built: a sequence or tuple, or the data of a tuple variant.
struct SeqBuilder {
    items: Vec<Value>,
    variant: Option<&'static str>,
}

/// A map being built: a map or struct, or the fields of a struct variant.
struct MapBuilder {
    entries: Vec<(String, Value)>,
    key: Option<String>,
    variant: Option<&'static str>,
}

/// `{variant: value}`: serde's externally tagged form of a variant with data.
fn tagged(variant: Option<&'static str>, value: Value) -> Value {
    match variant {
        Some(name) => Value::Map(vec![(name.to_owned(), value)]),
        None => value,
    }
}

macro_rules! scalars {
    ($($method:ident($t:ty) => $conv:expr;)*) => {$(
        fn $method(self, v: $t) -> Result<Value, SerError> {
            #[allow(clippy::redundant_closure_call)]
            Ok(($conv)(v))
        }
    )*};
}

impl ser::Serializer for ValueSerializer {
    type Ok = Value;
    type Error = SerError;
    type SerializeSeq = SeqBuilder;
    type SerializeTuple = SeqBuilder;
    type SerializeTupleStruct = SeqBuilder;
    type SerializeTupleVariant = SeqBuilder;
    type SerializeMap = MapBuilder;
    type SerializeStruct = MapBuilder;
    type SerializeStructVariant = MapBuilder;

    scalars! {
        serialize_bool(bool) => Value::Bool;
        serialize_i8(i8) => |v| Value::Int(i64::from(v));
        serialize_i16(i16) => |v| Value::Int(i64::from(v));
        serialize_i32(i32) => |v| Value::Int(i64::from(v));
        serialize_i64(i64) => Value::Int;
        serialize_u8(u8) => |v| Value::Int(i64::from(v));
        serialize_u16(u16) => |v| Value::Int(i64::from(v));
        serialize_u32(u32) => |v| Value::Int(i64::from(v));
        serialize_u64(u64) => |v| i64::try_from(v).map_or(Value::UInt(v), Value::Int);
        serialize_f32(f32) => |v| Value::Float(f64::from(v));
        serialize_f64(f64) => Value::Float;
        serialize_char(char) => |v: char| Value::String(v.to_string());
        serialize_str(&str) => |v: &str| Value::String(v.to_owned());
    }
    fn serialize_i128(self, v: i128) -> Result<Value, SerError> {
        int_value(v).map_err(SerError)
    }
    fn serialize_u128(self, v: u128) -> Result<Value, SerError> {
        int_value(i128::try_from(v).unwrap_or(i128::MAX)).map_err(SerError)
    }
    /// As `serde_json` writes bytes: a list of integers.
    fn serialize_bytes(self, v: &[u8]) -> Result<Value, SerError> {
        Ok(Value::List(
            v.iter().map(|b| Value::Int(i64::from(*b))).collect(),
        ))
    }
    fn serialize_none(self) -> Result<Value, SerError> {
        Ok(Value::None)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<Value, SerError> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<Value, SerError> {
        Ok(Value::None)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<Value, SerError> {
        Ok(Value::None)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<Value, SerError> {
        Ok(Value::String(variant.to_owned()))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<Value, SerError> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        v: &T,
    ) -> Result<Value, SerError> {
        Ok(tagged(Some(variant), v.serialize(self)?))
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<SeqBuilder, SerError> {
        Ok(SeqBuilder {
            items: Vec::with_capacity(len.unwrap_or(0)),
            variant: None,
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<SeqBuilder, SerError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<SeqBuilder, SerError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<SeqBuilder, SerError> {
        Ok(SeqBuilder {
            items: Vec::with_capacity(len),
            variant: Some(variant),
        })
    }
    fn serialize_map(self, len: Option<usize>) -> Result<MapBuilder, SerError> {
        Ok(MapBuilder {
            entries: Vec::with_capacity(len.unwrap_or(0)),
            key: None,
            variant: None,
        })
    }
    fn serialize_struct(self, _: &'static str, len: usize) -> Result<MapBuilder, SerError> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<MapBuilder, SerError> {
        Ok(MapBuilder {
            entries: Vec::with_capacity(len),
            key: None,
            variant: Some(variant),
        })
    }
}

impl SeqBuilder {
    fn push<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), SerError> {
        let i = self.items.len();
        let item = v
            .serialize(ValueSerializer)
            .map_err(|e| SerError(e.0.at_index(i)))?;
        self.items.push(item);
        Ok(())
    }
    fn finish(self) -> Result<Value, SerError> {
        Ok(tagged(self.variant, Value::List(self.items)))
    }
}

macro_rules! seq_impls {
    ($($tr:ident :: $method:ident),*) => {$(
        impl ser::$tr for SeqBuilder {
            type Ok = Value;
            type Error = SerError;
            fn $method<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), SerError> {
                self.push(v)
            }
            fn end(self) -> Result<Value, SerError> {
                self.finish()
            }
        }
    )*};
}
seq_impls!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl MapBuilder {
    fn value<T: Serialize + ?Sized>(&mut self, key: String, v: &T) -> Result<(), SerError> {
        let value = v
            .serialize(ValueSerializer)
            .map_err(|e| SerError(e.0.at_key(&key)))?;
        self.entries.push((key, value));
        Ok(())
    }
    fn finish(self) -> Result<Value, SerError> {
        Ok(tagged(self.variant, Value::Map(self.entries)))
    }
}

impl ser::SerializeMap for MapBuilder {
    type Ok = Value;
    type Error = SerError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), SerError> {
        self.key = Some(match key.serialize(ValueSerializer)? {
            Value::String(s) => s,
            Value::Int(i) => i.to_string(),
            Value::UInt(u) => u.to_string(),
            Value::Bool(b) => b.to_string(),
            _ => return Err(key_must_be_a_string()),
        });
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), SerError> {
        let key = self
            .key
            .take()
            .ok_or_else(|| <SerError as ser::Error>::custom("a map value without its key"))?;
        self.value(key, v)
    }
    fn end(self) -> Result<Value, SerError> {
        self.finish()
    }
}

macro_rules! struct_impls {
    ($($tr:ident),*) => {$(
        impl ser::$tr for MapBuilder {
            type Ok = Value;
            type Error = SerError;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                v: &T,
            ) -> Result<(), SerError> {
                self.value(key.to_owned(), v)
            }
            fn end(self) -> Result<Value, SerError> {
                self.finish()
            }
        }
    )*};
}
struct_impls!(SerializeStruct, SerializeStructVariant);
