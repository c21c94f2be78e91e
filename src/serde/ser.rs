//! A serde `Serializer` into the msgpack tree ([`Msg`]), with the choices Python's `msgpack`
//! makes for the equivalent Python value (the tree is then written by the crate's one encoder):
//! every float as float64, integers as they are (the encoder picks the smallest form), bytes as
//! `bin`, `None` / `()` as `nil`, structs as maps with string keys in field order.
//!
//! rmp-serde is not used: it writes an `f32` as float32, which Python never does.

use super::SerdeError;
use crate::msgpack::Msg;
use serde::ser::{self, Serialize};

/// The value as a msgpack tree.
pub(super) fn to_msg<T: Serialize + ?Sized>(value: &T) -> Result<Msg, SerdeError> {
    value.serialize(MsgSerializer)
}

struct MsgSerializer;

fn int(i: i128) -> Result<Msg, SerdeError> {
    if let Ok(i) = i64::try_from(i) {
        Ok(Msg::Int(i))
    } else if let Ok(u) = u64::try_from(i) {
        Ok(Msg::UInt(u))
    } else {
        Err(SerdeError::out_of_range(format!(
            "integer {i} (msgpack holds int64 and uint64)"
        )))
    }
}

/// `{variant: value}`: serde's externally tagged form of a variant with data.
fn tagged(variant: &str, value: Msg) -> Msg {
    Msg::Map(vec![(Msg::Str(variant.into()), value)])
}

impl ser::Serializer for MsgSerializer {
    type Ok = Msg;
    type Error = SerdeError;
    type SerializeSeq = SeqBuilder;
    type SerializeTuple = SeqBuilder;
    type SerializeTupleStruct = SeqBuilder;
    type SerializeTupleVariant = SeqBuilder;
    type SerializeMap = MapBuilder;
    type SerializeStruct = MapBuilder;
    type SerializeStructVariant = MapBuilder;

    fn serialize_bool(self, v: bool) -> Result<Msg, SerdeError> {
        Ok(Msg::Bool(v))
    }
    fn serialize_i8(self, v: i8) -> Result<Msg, SerdeError> {
        Ok(Msg::Int(v.into()))
    }
    fn serialize_i16(self, v: i16) -> Result<Msg, SerdeError> {
        Ok(Msg::Int(v.into()))
    }
    fn serialize_i32(self, v: i32) -> Result<Msg, SerdeError> {
        Ok(Msg::Int(v.into()))
    }
    fn serialize_i64(self, v: i64) -> Result<Msg, SerdeError> {
        Ok(Msg::Int(v))
    }
    fn serialize_i128(self, v: i128) -> Result<Msg, SerdeError> {
        int(v)
    }
    fn serialize_u8(self, v: u8) -> Result<Msg, SerdeError> {
        Ok(Msg::Int(v.into()))
    }
    fn serialize_u16(self, v: u16) -> Result<Msg, SerdeError> {
        Ok(Msg::Int(v.into()))
    }
    fn serialize_u32(self, v: u32) -> Result<Msg, SerdeError> {
        Ok(Msg::Int(v.into()))
    }
    fn serialize_u64(self, v: u64) -> Result<Msg, SerdeError> {
        int(v.into())
    }
    fn serialize_u128(self, v: u128) -> Result<Msg, SerdeError> {
        i128::try_from(v).map_or_else(
            |_| {
                Err(SerdeError::out_of_range(format!(
                    "integer {v} (msgpack holds int64 and uint64)"
                )))
            },
            int,
        )
    }
    fn serialize_f32(self, v: f32) -> Result<Msg, SerdeError> {
        Ok(Msg::F64(v.into()))
    }
    fn serialize_f64(self, v: f64) -> Result<Msg, SerdeError> {
        Ok(Msg::F64(v))
    }
    fn serialize_char(self, v: char) -> Result<Msg, SerdeError> {
        Ok(Msg::Str(v.to_string()))
    }
    fn serialize_str(self, v: &str) -> Result<Msg, SerdeError> {
        Ok(Msg::Str(v.into()))
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<Msg, SerdeError> {
        Ok(Msg::Bin(v.into()))
    }
    fn serialize_none(self) -> Result<Msg, SerdeError> {
        Ok(Msg::Nil)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Msg, SerdeError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Msg, SerdeError> {
        Ok(Msg::Nil)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<Msg, SerdeError> {
        Ok(Msg::Nil)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<Msg, SerdeError> {
        Ok(Msg::Str(variant.into()))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<Msg, SerdeError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Msg, SerdeError> {
        Ok(tagged(
            variant,
            to_msg(value).map_err(|e| e.at_key(variant))?,
        ))
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<SeqBuilder, SerdeError> {
        Ok(SeqBuilder::new(len, None))
    }
    fn serialize_tuple(self, len: usize) -> Result<SeqBuilder, SerdeError> {
        Ok(SeqBuilder::new(Some(len), None))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<SeqBuilder, SerdeError> {
        Ok(SeqBuilder::new(Some(len), None))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<SeqBuilder, SerdeError> {
        Ok(SeqBuilder::new(Some(len), Some(variant)))
    }
    fn serialize_map(self, len: Option<usize>) -> Result<MapBuilder, SerdeError> {
        Ok(MapBuilder::new(len, None))
    }
    fn serialize_struct(self, _: &'static str, len: usize) -> Result<MapBuilder, SerdeError> {
        Ok(MapBuilder::new(Some(len), None))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<MapBuilder, SerdeError> {
        Ok(MapBuilder::new(Some(len), Some(variant)))
    }
}

/// Arrays: sequences, tuples, tuple structs and tuple variants (then wrapped in their tag).
struct SeqBuilder {
    items: Vec<Msg>,
    variant: Option<&'static str>,
}

impl SeqBuilder {
    fn new(len: Option<usize>, variant: Option<&'static str>) -> Self {
        // A hint from the value's own `Serialize`, not from untrusted bytes; still capped.
        let items = Vec::with_capacity(len.unwrap_or(0).min(4096));
        Self { items, variant }
    }
    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), SerdeError> {
        let i = self.items.len();
        self.items.push(to_msg(value).map_err(|e| e.at_index(i))?);
        Ok(())
    }
    fn finish(self) -> Msg {
        let array = Msg::Array(self.items);
        match self.variant {
            Some(v) => tagged(v, array),
            None => array,
        }
    }
}

macro_rules! seq_impl {
    ($($tr:ident :: $method:ident),*) => {$(
        impl ser::$tr for SeqBuilder {
            type Ok = Msg;
            type Error = SerdeError;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), SerdeError> {
                self.push(value)
            }
            fn end(self) -> Result<Msg, SerdeError> {
                Ok(self.finish())
            }
        }
    )*};
}
seq_impl!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

/// Maps: maps, structs and struct variants (then wrapped in their tag).
struct MapBuilder {
    entries: Vec<(Msg, Msg)>,
    key: Option<Msg>,
    variant: Option<&'static str>,
}

impl MapBuilder {
    fn new(len: Option<usize>, variant: Option<&'static str>) -> Self {
        Self {
            entries: Vec::with_capacity(len.unwrap_or(0).min(4096)),
            key: None,
            variant,
        }
    }
    fn entry<T: Serialize + ?Sized>(&mut self, key: Msg, value: &T) -> Result<(), SerdeError> {
        let at = |e: SerdeError| match &key {
            Msg::Str(k) => e.at_key(k),
            Msg::Int(i) => e.at_key(&i.to_string()),
            Msg::UInt(u) => e.at_key(&u.to_string()),
            _ => e,
        };
        let value = to_msg(value).map_err(at)?;
        self.entries.push((key, value));
        Ok(())
    }
    fn finish(self) -> Msg {
        let map = Msg::Map(self.entries);
        match self.variant {
            Some(v) => tagged(v, map),
            None => map,
        }
    }
}

impl ser::SerializeMap for MapBuilder {
    type Ok = Msg;
    type Error = SerdeError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), SerdeError> {
        // Python dict keys of a struct field: strings (and ints, for `dict[int, ...]`).
        match to_msg(key)? {
            k @ (Msg::Str(_) | Msg::Int(_) | Msg::UInt(_)) => {
                self.key = Some(k);
                Ok(())
            }
            other => Err(SerdeError::mismatch(
                "a string or integer map key",
                other.kind_name(),
            )),
        }
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), SerdeError> {
        let key = self
            .key
            .take()
            .ok_or_else(|| SerdeError::mismatch("a map key before its value", "a value"))?;
        self.entry(key, value)
    }
    fn end(self) -> Result<Msg, SerdeError> {
        Ok(self.finish())
    }
}

macro_rules! struct_impl {
    ($($tr:ident),*) => {$(
        impl ser::$tr for MapBuilder {
            type Ok = Msg;
            type Error = SerdeError;
            fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), SerdeError> {
                self.entry(Msg::Str(key.into()), value)
            }
            fn end(self) -> Result<Msg, SerdeError> {
                Ok(self.finish())
            }
        }
    )*};
}
struct_impl!(SerializeStruct, SerializeStructVariant);
