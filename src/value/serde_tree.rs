//! serde's data model walked once, into any value tree: [`SerTree`] is what a tree says about
//! itself (how it holds bytes, which map keys it takes), [`to_tree`] is the one `Serializer`.
//! Two trees use it: [`Value`](super::Value) for [`super::to_value`], and the msgpack `Msg` tree
//! for the `serde` module's literals (Python's choices: `bin` for bytes, integer keys kept).
//!
//! [`SerdeError`] is the error of both directions of both bridges: a crate [`Error`] that
//! keeps the path inside the value, with serde's own messages as [`ErrorKind::Serde`].

use crate::{Error, ErrorKind};
use serde::ser::{self, Serialize};
use std::fmt;
use std::marker::PhantomData;

/// The error of this crate's serde `Serializer`s and `Deserializer`s: an [`Error`], so serde's
/// messages keep their path.
#[derive(Debug)]
pub(crate) struct SerdeError(pub(crate) Error);

impl SerdeError {
    pub(crate) fn mismatch(expected: impl Into<String>, found: impl Into<String>) -> Self {
        Self(Error::mismatch(expected, found))
    }
    pub(crate) fn at_key(self, key: &str) -> Self {
        Self(self.0.at_key(key))
    }
    pub(crate) fn at_index(self, i: usize) -> Self {
        Self(self.0.at_index(i))
    }
}

impl From<SerdeError> for Error {
    fn from(e: SerdeError) -> Self {
        e.0
    }
}

impl fmt::Display for SerdeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for SerdeError {}

impl ser::Error for SerdeError {
    fn custom<M: fmt::Display>(msg: M) -> Self {
        Self(ErrorKind::Serde(msg.to_string()).into())
    }
}

impl serde::de::Error for SerdeError {
    fn custom<M: fmt::Display>(msg: M) -> Self {
        Self(ErrorKind::Serde(msg.to_string()).into())
    }
}

/// A value tree that serde values are written into ([`to_tree`]).
pub(crate) trait SerTree: Sized {
    /// What its maps are keyed by.
    type Key;
    /// `None`, `()`, a unit struct.
    fn nil() -> Self;
    /// A boolean.
    fn bool(v: bool) -> Self;
    /// An integer in the int64 range.
    fn int(v: i64) -> Self;
    /// An integer above `i64::MAX`.
    fn uint(v: u64) -> Self;
    /// A float (an `f32` widened: Python has only float64).
    fn float(v: f64) -> Self;
    /// A string (a `char` too, and a unit variant's name).
    fn str(v: String) -> Self;
    /// serde bytes (`serde_bytes`, [`crate::engine::Bytes`]).
    fn bytes(v: &[u8]) -> Self;
    /// A sequence, tuple or tuple struct.
    fn list(items: Vec<Self>) -> Self;
    /// A map or struct, entries in their order.
    fn map(entries: Vec<(Self::Key, Self)>) -> Self;
    /// A map key written by the key's own `Serialize`, if the tree takes such a key.
    fn key(key: Self) -> Result<Self::Key, SerdeError>;
    /// A struct field's or a variant's name as a key.
    fn name(name: &'static str) -> Self::Key;
    /// A key as a path segment, if it has a text.
    fn key_text(key: &Self::Key) -> Option<String>;
}

/// `value` as a `T` tree. Structs and maps are maps in field order, sequences and tuples
/// lists, `Option::None` and `()` nil, unit enum variants their name, other variants
/// `{variant: value}` (serde's external tagging).
pub(crate) fn to_tree<T: SerTree, V: Serialize + ?Sized>(value: &V) -> Result<T, SerdeError> {
    value.serialize(TreeSerializer(PhantomData))
}

/// An integer as the trees hold it: int64, then uint64.
pub(crate) fn int_of_i128<T: SerTree>(i: i128) -> Result<T, SerdeError> {
    if let Ok(i) = i64::try_from(i) {
        Ok(T::int(i))
    } else if let Ok(u) = u64::try_from(i) {
        Ok(T::uint(u))
    } else {
        Err(SerdeError(
            ErrorKind::OutOfRange(format!("integer {i} (beyond int64 and uint64)")).into(),
        ))
    }
}

/// `{variant: value}` when `variant` is set.
fn tagged<T: SerTree>(variant: Option<&'static str>, value: T) -> T {
    match variant {
        Some(name) => T::map(vec![(T::name(name), value)]),
        None => value,
    }
}

struct TreeSerializer<T>(PhantomData<T>);

impl<T: SerTree> ser::Serializer for TreeSerializer<T> {
    type Ok = T;
    type Error = SerdeError;
    type SerializeSeq = SeqBuilder<T>;
    type SerializeTuple = SeqBuilder<T>;
    type SerializeTupleStruct = SeqBuilder<T>;
    type SerializeTupleVariant = SeqBuilder<T>;
    type SerializeMap = MapBuilder<T>;
    type SerializeStruct = MapBuilder<T>;
    type SerializeStructVariant = MapBuilder<T>;

    fn serialize_bool(self, v: bool) -> Result<T, SerdeError> {
        Ok(T::bool(v))
    }
    fn serialize_i8(self, v: i8) -> Result<T, SerdeError> {
        Ok(T::int(v.into()))
    }
    fn serialize_i16(self, v: i16) -> Result<T, SerdeError> {
        Ok(T::int(v.into()))
    }
    fn serialize_i32(self, v: i32) -> Result<T, SerdeError> {
        Ok(T::int(v.into()))
    }
    fn serialize_i64(self, v: i64) -> Result<T, SerdeError> {
        Ok(T::int(v))
    }
    fn serialize_i128(self, v: i128) -> Result<T, SerdeError> {
        int_of_i128(v)
    }
    fn serialize_u8(self, v: u8) -> Result<T, SerdeError> {
        Ok(T::int(v.into()))
    }
    fn serialize_u16(self, v: u16) -> Result<T, SerdeError> {
        Ok(T::int(v.into()))
    }
    fn serialize_u32(self, v: u32) -> Result<T, SerdeError> {
        Ok(T::int(v.into()))
    }
    fn serialize_u64(self, v: u64) -> Result<T, SerdeError> {
        int_of_i128(v.into())
    }
    fn serialize_u128(self, v: u128) -> Result<T, SerdeError> {
        int_of_i128(i128::try_from(v).unwrap_or(i128::MAX))
    }
    fn serialize_f32(self, v: f32) -> Result<T, SerdeError> {
        Ok(T::float(v.into()))
    }
    fn serialize_f64(self, v: f64) -> Result<T, SerdeError> {
        Ok(T::float(v))
    }
    fn serialize_char(self, v: char) -> Result<T, SerdeError> {
        Ok(T::str(v.to_string()))
    }
    fn serialize_str(self, v: &str) -> Result<T, SerdeError> {
        Ok(T::str(v.into()))
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<T, SerdeError> {
        Ok(T::bytes(v))
    }
    fn serialize_none(self) -> Result<T, SerdeError> {
        Ok(T::nil())
    }
    fn serialize_some<V: Serialize + ?Sized>(self, value: &V) -> Result<T, SerdeError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<T, SerdeError> {
        Ok(T::nil())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<T, SerdeError> {
        Ok(T::nil())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<T, SerdeError> {
        Ok(T::str(variant.into()))
    }
    fn serialize_newtype_struct<V: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &V,
    ) -> Result<T, SerdeError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<V: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &V,
    ) -> Result<T, SerdeError> {
        let inner = to_tree(value).map_err(|e| e.at_key(variant))?;
        Ok(tagged(Some(variant), inner))
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<SeqBuilder<T>, SerdeError> {
        Ok(SeqBuilder::new(len, None))
    }
    fn serialize_tuple(self, len: usize) -> Result<SeqBuilder<T>, SerdeError> {
        Ok(SeqBuilder::new(Some(len), None))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        len: usize,
    ) -> Result<SeqBuilder<T>, SerdeError> {
        Ok(SeqBuilder::new(Some(len), None))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<SeqBuilder<T>, SerdeError> {
        Ok(SeqBuilder::new(Some(len), Some(variant)))
    }
    fn serialize_map(self, len: Option<usize>) -> Result<MapBuilder<T>, SerdeError> {
        Ok(MapBuilder::new(len, None))
    }
    fn serialize_struct(self, _: &'static str, len: usize) -> Result<MapBuilder<T>, SerdeError> {
        Ok(MapBuilder::new(Some(len), None))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<MapBuilder<T>, SerdeError> {
        Ok(MapBuilder::new(Some(len), Some(variant)))
    }
}

/// A list being built: a sequence, tuple or tuple struct, or a tuple variant's data.
struct SeqBuilder<T> {
    items: Vec<T>,
    variant: Option<&'static str>,
}

impl<T: SerTree> SeqBuilder<T> {
    fn new(len: Option<usize>, variant: Option<&'static str>) -> Self {
        // A hint from the value's own `Serialize`, not from untrusted bytes; still capped.
        let items = Vec::with_capacity(len.unwrap_or(0).min(4096));
        Self { items, variant }
    }
    fn push<V: Serialize + ?Sized>(&mut self, value: &V) -> Result<(), SerdeError> {
        let i = self.items.len();
        self.items.push(to_tree(value).map_err(|e| e.at_index(i))?);
        Ok(())
    }
    fn finish(self) -> Result<T, SerdeError> {
        Ok(tagged(self.variant, T::list(self.items)))
    }
}

macro_rules! seq_impl {
    ($($tr:ident :: $method:ident),*) => {$(
        impl<T: SerTree> ser::$tr for SeqBuilder<T> {
            type Ok = T;
            type Error = SerdeError;
            fn $method<V: Serialize + ?Sized>(&mut self, value: &V) -> Result<(), SerdeError> {
                self.push(value)
            }
            fn end(self) -> Result<T, SerdeError> {
                self.finish()
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

/// A map being built: a map or struct, or a struct variant's fields.
struct MapBuilder<T: SerTree> {
    entries: Vec<(T::Key, T)>,
    key: Option<T::Key>,
    variant: Option<&'static str>,
}

impl<T: SerTree> MapBuilder<T> {
    fn new(len: Option<usize>, variant: Option<&'static str>) -> Self {
        Self {
            entries: Vec::with_capacity(len.unwrap_or(0).min(4096)),
            key: None,
            variant,
        }
    }
    fn entry<V: Serialize + ?Sized>(&mut self, key: T::Key, value: &V) -> Result<(), SerdeError> {
        let value = to_tree(value).map_err(|e| match T::key_text(&key) {
            Some(k) => e.at_key(&k),
            None => e,
        })?;
        self.entries.push((key, value));
        Ok(())
    }
    fn finish(self) -> Result<T, SerdeError> {
        Ok(tagged(self.variant, T::map(self.entries)))
    }
}

impl<T: SerTree> ser::SerializeMap for MapBuilder<T> {
    type Ok = T;
    type Error = SerdeError;
    fn serialize_key<V: Serialize + ?Sized>(&mut self, key: &V) -> Result<(), SerdeError> {
        self.key = Some(T::key(to_tree(key)?)?);
        Ok(())
    }
    fn serialize_value<V: Serialize + ?Sized>(&mut self, value: &V) -> Result<(), SerdeError> {
        let key = self
            .key
            .take()
            .ok_or_else(|| SerdeError::mismatch("a map key before its value", "a value"))?;
        self.entry(key, value)
    }
    fn end(self) -> Result<T, SerdeError> {
        self.finish()
    }
}

macro_rules! struct_impl {
    ($($tr:ident),*) => {$(
        impl<T: SerTree> ser::$tr for MapBuilder<T> {
            type Ok = T;
            type Error = SerdeError;
            fn serialize_field<V: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &V,
            ) -> Result<(), SerdeError> {
                self.entry(T::name(key), value)
            }
            fn end(self) -> Result<T, SerdeError> {
                self.finish()
            }
        }
    )*};
}
struct_impl!(SerializeStruct, SerializeStructVariant);

// ---------------------------------------------------------------- reading

/// A value tree that serde values are read from ([`from_tree`]): its leaves it hands to a
/// visitor itself; its lists, maps and enum forms are read here.
pub(crate) trait DeTree: Sized {
    /// What its maps are keyed by.
    type Key;
    /// What the node is to the reader.
    fn view(&self) -> View<'_, Self>;
    /// A leaf (neither nil, a list nor a map) handed to `visitor`.
    fn visit_leaf<'de, V: serde::de::Visitor<'de>>(
        &'de self,
        visitor: V,
    ) -> Result<V::Value, SerdeError>;
    /// A key handed to `seed` (a struct's field name, a map's key).
    fn key_seed<'de, S: serde::de::DeserializeSeed<'de>>(
        key: &'de Self::Key,
        seed: S,
    ) -> Result<S::Value, SerdeError>;
    /// A key's text, if it is text (a variant's name).
    fn key_str(key: &Self::Key) -> Option<&str>;
    /// A key as a path segment.
    fn key_path(key: &Self::Key) -> String;
    /// The node's kind, for messages.
    fn kind_name(&self) -> &'static str;
    /// The bytes a node holds that a sequence reads as its items (msgpack `bin`).
    fn bytes_as_seq(&self) -> Option<&[u8]> {
        None
    }
}

/// A node as [`DeTree::view`] shows it.
pub(crate) enum View<'a, T: DeTree> {
    /// `None`, `()`.
    Nil,
    /// A string, which is also a unit variant's name.
    Str(&'a str),
    /// A list.
    List(&'a [T]),
    /// A map, entries in their order.
    Map(&'a [(T::Key, T)]),
    /// Anything else.
    Leaf,
}

/// A `V` read from the tree `node`.
pub(crate) fn from_tree<'de, T: DeTree, V: serde::Deserialize<'de>>(
    node: &'de T,
) -> Result<V, SerdeError> {
    V::deserialize(TreeDe(node))
}

/// `node` handed to `seed` (a key that is itself a node: the msgpack tree's).
#[cfg(feature = "serde-types")]
pub(crate) fn seed_node<'de, T: DeTree, S: serde::de::DeserializeSeed<'de>>(
    node: &'de T,
    seed: S,
) -> Result<S::Value, SerdeError> {
    seed.deserialize(TreeDe(node))
}

struct TreeDe<'de, T>(&'de T);

impl<T> Clone for TreeDe<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for TreeDe<'_, T> {}

impl<'de, T: DeTree> serde::de::Deserializer<'de> for TreeDe<'de, T> {
    type Error = SerdeError;

    fn deserialize_any<V: serde::de::Visitor<'de>>(
        self,
        visitor: V,
    ) -> Result<V::Value, SerdeError> {
        match self.0.view() {
            View::Nil => visitor.visit_unit(),
            View::Str(s) => visitor.visit_borrowed_str(s),
            View::List(items) => visitor.visit_seq(SeqReader {
                items: items.iter().enumerate(),
            }),
            View::Map(entries) => visitor.visit_map(MapReader::<T> {
                entries: entries.iter(),
                value: None,
            }),
            View::Leaf => self.0.visit_leaf(visitor),
        }
    }

    fn deserialize_option<V: serde::de::Visitor<'de>>(
        self,
        visitor: V,
    ) -> Result<V::Value, SerdeError> {
        match self.0.view() {
            View::Nil => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_seq<V: serde::de::Visitor<'de>>(
        self,
        visitor: V,
    ) -> Result<V::Value, SerdeError> {
        match self.0.bytes_as_seq() {
            Some(b) => visitor.visit_seq(serde::de::value::SeqDeserializer::new(b.iter().copied())),
            None => self.deserialize_any(visitor),
        }
    }

    fn deserialize_tuple<V: serde::de::Visitor<'de>>(
        self,
        _: usize,
        visitor: V,
    ) -> Result<V::Value, SerdeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: serde::de::Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        visitor: V,
    ) -> Result<V::Value, SerdeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_newtype_struct<V: serde::de::Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, SerdeError> {
        visitor.visit_newtype_struct(self)
    }

    /// A string is a unit variant, a map with one text key `{variant: value}` a variant with
    /// data (serde's external tagging).
    fn deserialize_enum<V: serde::de::Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, SerdeError> {
        use serde::de::IntoDeserializer;
        const EXPECTED: &str = "an enum: a string, or a map with one string key";
        match self.0.view() {
            View::Str(s) => visitor.visit_enum(s.into_deserializer()),
            View::Map([(key, value)]) => match T::key_str(key) {
                Some(variant) => visitor.visit_enum(VariantReader {
                    variant,
                    value: TreeDe(value),
                }),
                None => Err(SerdeError::mismatch(
                    EXPECTED,
                    "a map with a key of another kind",
                )),
            },
            View::Map(entries) => Err(SerdeError::mismatch(
                EXPECTED,
                format!("a map of {} entries", entries.len()),
            )),
            _ => Err(SerdeError::mismatch(EXPECTED, self.0.kind_name())),
        }
    }

    fn deserialize_ignored_any<V: serde::de::Visitor<'de>>(
        self,
        visitor: V,
    ) -> Result<V::Value, SerdeError> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct map struct identifier
    }
}

impl<'de, T: DeTree> serde::de::IntoDeserializer<'de, SerdeError> for TreeDe<'de, T> {
    type Deserializer = Self;
    fn into_deserializer(self) -> Self {
        self
    }
}

struct SeqReader<'de, T> {
    items: std::iter::Enumerate<std::slice::Iter<'de, T>>,
}

impl<'de, T: DeTree> serde::de::SeqAccess<'de> for SeqReader<'de, T> {
    type Error = SerdeError;
    fn next_element_seed<S: serde::de::DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, SerdeError> {
        match self.items.next() {
            Some((i, node)) => seed
                .deserialize(TreeDe(node))
                .map(Some)
                .map_err(|e| e.at_index(i)),
            None => Ok(None),
        }
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct MapReader<'de, T: DeTree> {
    entries: std::slice::Iter<'de, (T::Key, T)>,
    value: Option<&'de (T::Key, T)>,
}

impl<'de, T: DeTree> serde::de::MapAccess<'de> for MapReader<'de, T> {
    type Error = SerdeError;
    fn next_key_seed<K: serde::de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, SerdeError> {
        match self.entries.next() {
            Some(entry) => {
                self.value = Some(entry);
                T::key_seed(&entry.0, seed)
                    .map(Some)
                    .map_err(|e| e.at_key(&T::key_path(&entry.0)))
            }
            None => Ok(None),
        }
    }
    fn next_value_seed<S: serde::de::DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<S::Value, SerdeError> {
        let (k, v) = self
            .value
            .take()
            .ok_or_else(|| SerdeError::mismatch("a map key before its value", "a value"))?;
        seed.deserialize(TreeDe(v))
            .map_err(|e| e.at_key(&T::key_path(k)))
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// `{variant: value}`.
struct VariantReader<'de, T> {
    variant: &'de str,
    value: TreeDe<'de, T>,
}

impl<'de, T: DeTree> serde::de::EnumAccess<'de> for VariantReader<'de, T> {
    type Error = SerdeError;
    type Variant = Self;
    fn variant_seed<S: serde::de::DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> Result<(S::Value, Self), SerdeError> {
        use serde::de::IntoDeserializer;
        let v = seed.deserialize(self.variant.into_deserializer())?;
        Ok((v, self))
    }
}

impl<'de, T: DeTree> serde::de::VariantAccess<'de> for VariantReader<'de, T> {
    type Error = SerdeError;
    fn unit_variant(self) -> Result<(), SerdeError> {
        match self.value.0.view() {
            View::Nil => Ok(()),
            _ => Err(
                SerdeError::mismatch("nil for a unit variant", self.value.0.kind_name())
                    .at_key(self.variant),
            ),
        }
    }
    fn newtype_variant_seed<S: serde::de::DeserializeSeed<'de>>(
        self,
        seed: S,
    ) -> Result<S::Value, SerdeError> {
        seed.deserialize(self.value)
            .map_err(|e| e.at_key(self.variant))
    }
    fn tuple_variant<V: serde::de::Visitor<'de>>(
        self,
        _: usize,
        visitor: V,
    ) -> Result<V::Value, SerdeError> {
        serde::de::Deserializer::deserialize_seq(self.value, visitor)
            .map_err(|e| e.at_key(self.variant))
    }
    fn struct_variant<V: serde::de::Visitor<'de>>(
        self,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, SerdeError> {
        serde::de::Deserializer::deserialize_any(self.value, visitor)
            .map_err(|e| e.at_key(self.variant))
    }
}
