//! The msgpack tree ([`Msg`]) as a serde value tree, with the choices Python's `msgpack` makes
//! for the equivalent Python value (the tree is then written by the crate's one encoder): every
//! float as float64, integers as they are (the encoder picks the smallest form), bytes as
//! `bin`, `None` / `()` as `nil`, structs as maps with string keys in field order, map keys
//! strings or integers (`dict[int, ...]`). The walk over serde's data model is
//! `value::serde_tree`'s, shared with `value::to_value`.
//!
//! rmp-serde is not used: it writes an `f32` as float32, which Python never does.

use crate::msgpack::Msg;
use crate::value::serde_tree::{SerTree, SerdeError, to_tree};
use serde::Serialize;

/// The value as a msgpack tree.
pub(super) fn to_msg<T: Serialize + ?Sized>(value: &T) -> Result<Msg, SerdeError> {
    to_tree(value)
}

impl SerTree for Msg {
    type Key = Msg;
    fn nil() -> Self {
        Msg::Nil
    }
    fn bool(v: bool) -> Self {
        Msg::Bool(v)
    }
    fn int(v: i64) -> Self {
        Msg::Int(v)
    }
    fn uint(v: u64) -> Self {
        Msg::UInt(v)
    }
    fn float(v: f64) -> Self {
        Msg::F64(v)
    }
    fn str(v: String) -> Self {
        Msg::Str(v)
    }
    fn bytes(v: &[u8]) -> Self {
        Msg::Bin(v.into())
    }
    fn list(items: Vec<Self>) -> Self {
        Msg::Array(items)
    }
    fn map(entries: Vec<(Msg, Self)>) -> Self {
        Msg::Map(entries)
    }
    /// Python dict keys of a struct field: strings (and ints, for `dict[int, ...]`).
    fn key(key: Self) -> Result<Msg, SerdeError> {
        match key {
            k @ (Msg::Str(_) | Msg::Int(_) | Msg::UInt(_)) => Ok(k),
            other => Err(SerdeError::mismatch(
                "a string or integer map key",
                other.kind_name(),
            )),
        }
    }
    fn name(name: &'static str) -> Msg {
        Msg::Str(name.into())
    }
    fn key_text(key: &Msg) -> Option<String> {
        match key {
            Msg::Str(k) => Some(k.clone()),
            Msg::Int(i) => Some(i.to_string()),
            Msg::UInt(u) => Some(u.to_string()),
            _ => None,
        }
    }
}
