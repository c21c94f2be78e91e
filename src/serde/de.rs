//! The msgpack tree ([`Msg`], from the crate's one decoder, under its limits) as a serde value
//! tree to read from. It reads what Python's `msgpack` writes for the equivalent value: `bin`
//! for a `Vec<u8>` or a byte buffer, an int where a float is asked for, a string for a unit
//! variant, `{variant: value}` for a variant with data. The walk over serde's data model is
//! `value::serde_tree`'s, shared with `value::from_value`.

use crate::msgpack::Msg;
use crate::value::serde_tree::{DeTree, SerdeError, View, from_tree, seed_node};
use serde::de::{self, Visitor};

/// A value of `T` from the tree.
pub(super) fn from_msg<T: de::DeserializeOwned>(msg: &Msg) -> Result<T, SerdeError> {
    from_tree(msg)
}

impl DeTree for Msg {
    type Key = Msg;
    fn view(&self) -> View<'_, Self> {
        match self {
            Msg::Nil => View::Nil,
            Msg::Str(s) => View::Str(s),
            Msg::Array(items) => View::List(items),
            Msg::Map(entries) => View::Map(entries),
            _ => View::Leaf,
        }
    }
    fn visit_leaf<'de, V: Visitor<'de>>(&'de self, visitor: V) -> Result<V::Value, SerdeError> {
        match self {
            Msg::Bool(b) => visitor.visit_bool(*b),
            Msg::Int(i) => visitor.visit_i64(*i),
            Msg::UInt(u) => visitor.visit_u64(*u),
            Msg::F32(f) => visitor.visit_f32(*f),
            Msg::F64(f) => visitor.visit_f64(*f),
            Msg::Bin(b) => visitor.visit_borrowed_bytes(b),
            // An extension (the rest are not leaves).
            _ => Err(SerdeError::mismatch(
                "a msgpack value serde can read",
                "an extension",
            )),
        }
    }
    fn key_seed<'de, S: de::DeserializeSeed<'de>>(
        key: &'de Msg,
        seed: S,
    ) -> Result<S::Value, SerdeError> {
        seed_node(key, seed)
    }
    fn key_str(key: &Msg) -> Option<&str> {
        match key {
            Msg::Str(s) => Some(s),
            _ => None,
        }
    }
    fn key_path(key: &Msg) -> String {
        match key {
            Msg::Str(s) => s.clone(),
            Msg::Int(i) => i.to_string(),
            Msg::UInt(u) => u.to_string(),
            other => format!("<{} key>", other.kind_name()),
        }
    }
    fn kind_name(&self) -> &'static str {
        Msg::kind_name(self)
    }
    /// A `bin` read as a sequence is its bytes: Python `bytes` into a `Vec<u8>`.
    fn bytes_as_seq(&self) -> Option<&[u8]> {
        match self {
            Msg::Bin(b) => Some(b),
            _ => None,
        }
    }
}
