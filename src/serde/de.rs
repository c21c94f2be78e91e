//! A serde `Deserializer` over a decoded msgpack tree ([`Msg`], from the crate's one decoder,
//! under its limits). It reads what Python's `msgpack` writes for the equivalent value: `bin`
//! for a `Vec<u8>` or a byte buffer, an int where a float is asked for, a string for a unit
//! variant, `{variant: value}` for a variant with data.

use super::SerdeError;
use crate::msgpack::Msg;
use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};
use serde::forward_to_deserialize_any;

/// A value of `T` from the tree.
pub(super) fn from_msg<T: de::DeserializeOwned>(msg: &Msg) -> Result<T, SerdeError> {
    T::deserialize(MsgDeserializer(msg))
}

#[derive(Clone, Copy)]
struct MsgDeserializer<'de>(&'de Msg);

impl<'de> de::Deserializer<'de> for MsgDeserializer<'de> {
    type Error = SerdeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, SerdeError> {
        match self.0 {
            Msg::Nil => visitor.visit_unit(),
            Msg::Bool(b) => visitor.visit_bool(*b),
            Msg::Int(i) => visitor.visit_i64(*i),
            Msg::UInt(u) => visitor.visit_u64(*u),
            Msg::F32(f) => visitor.visit_f32(*f),
            Msg::F64(f) => visitor.visit_f64(*f),
            Msg::Str(s) => visitor.visit_borrowed_str(s),
            Msg::Bin(b) => visitor.visit_borrowed_bytes(b),
            Msg::Array(items) => visitor.visit_seq(SeqReader {
                items: items.iter().enumerate(),
            }),
            Msg::Map(entries) => visitor.visit_map(MapReader {
                entries: entries.iter(),
                value: None,
            }),
            Msg::Ext(..) => Err(SerdeError::mismatch(
                "a msgpack value serde can read",
                "an extension",
            )),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, SerdeError> {
        match self.0 {
            Msg::Nil => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    /// A `bin` read as a sequence is its bytes: Python `bytes` into a `Vec<u8>`.
    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, SerdeError> {
        match self.0 {
            Msg::Bin(b) => visitor.visit_seq(de::value::SeqDeserializer::new(b.iter().copied())),
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _: usize,
        visitor: V,
    ) -> Result<V::Value, SerdeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        visitor: V,
    ) -> Result<V::Value, SerdeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, SerdeError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, SerdeError> {
        match self.0 {
            Msg::Str(s) => visitor.visit_enum(s.as_str().into_deserializer()),
            Msg::Map(entries) => match entries.as_slice() {
                [(Msg::Str(variant), value)] => {
                    visitor.visit_enum(VariantReader { variant, value })
                }
                _ => Err(SerdeError::mismatch(
                    "an enum: a string, or a map with one string key",
                    format!("a map of {} entries", entries.len()),
                )),
            },
            other => Err(SerdeError::mismatch(
                "an enum: a string, or a map with one string key",
                other.kind_name(),
            )),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, SerdeError> {
        visitor.visit_unit()
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct map struct identifier
    }
}

impl<'de> IntoDeserializer<'de, SerdeError> for MsgDeserializer<'de> {
    type Deserializer = Self;
    fn into_deserializer(self) -> Self {
        self
    }
}

struct SeqReader<'de> {
    items: std::iter::Enumerate<std::slice::Iter<'de, Msg>>,
}

impl<'de> de::SeqAccess<'de> for SeqReader<'de> {
    type Error = SerdeError;
    fn next_element_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, SerdeError> {
        match self.items.next() {
            Some((i, m)) => seed
                .deserialize(MsgDeserializer(m))
                .map(Some)
                .map_err(|e| e.at_index(i)),
            None => Ok(None),
        }
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct MapReader<'de> {
    entries: std::slice::Iter<'de, (Msg, Msg)>,
    value: Option<(&'de Msg, &'de Msg)>,
}

/// A map key as a path segment.
fn key_text(key: &Msg) -> String {
    match key {
        Msg::Str(s) => s.clone(),
        Msg::Int(i) => i.to_string(),
        Msg::UInt(u) => u.to_string(),
        other => format!("<{} key>", other.kind_name()),
    }
}

impl<'de> de::MapAccess<'de> for MapReader<'de> {
    type Error = SerdeError;
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, SerdeError> {
        match self.entries.next() {
            Some((k, v)) => {
                self.value = Some((k, v));
                seed.deserialize(MsgDeserializer(k))
                    .map(Some)
                    .map_err(|e| e.at_key(&key_text(k)))
            }
            None => Ok(None),
        }
    }
    fn next_value_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<S::Value, SerdeError> {
        let (k, v) = self
            .value
            .take()
            .ok_or_else(|| SerdeError::mismatch("a map key before its value", "a value"))?;
        seed.deserialize(MsgDeserializer(v))
            .map_err(|e| e.at_key(&key_text(k)))
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// `{variant: value}`.
struct VariantReader<'de> {
    variant: &'de str,
    value: &'de Msg,
}

impl<'de> de::EnumAccess<'de> for VariantReader<'de> {
    type Error = SerdeError;
    type Variant = Self;
    fn variant_seed<S: DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> Result<(S::Value, Self), SerdeError> {
        let v = seed.deserialize(self.variant.into_deserializer())?;
        Ok((v, self))
    }
}

impl<'de> de::VariantAccess<'de> for VariantReader<'de> {
    type Error = SerdeError;
    fn unit_variant(self) -> Result<(), SerdeError> {
        match self.value {
            Msg::Nil => Ok(()),
            other => Err(
                SerdeError::mismatch("nil for a unit variant", other.kind_name())
                    .at_key(self.variant),
            ),
        }
    }
    fn newtype_variant_seed<S: DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> Result<S::Value, SerdeError> {
        seed.deserialize(MsgDeserializer(self.value))
            .map_err(|e| e.at_key(self.variant))
    }
    fn tuple_variant<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value, SerdeError> {
        de::Deserializer::deserialize_seq(MsgDeserializer(self.value), visitor)
            .map_err(|e| e.at_key(self.variant))
    }
    fn struct_variant<V: Visitor<'de>>(
        self,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, SerdeError> {
        de::Deserializer::deserialize_any(MsgDeserializer(self.value), visitor)
            .map_err(|e| e.at_key(self.variant))
    }
}
