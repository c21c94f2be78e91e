//! A small msgpack codec with the exact byte behaviour of Python's `msgpack` 1.2.4, which the
//! SDK uses for dataclasses, pydantic models and untyped dicts (`Binary(tag="msgpack")`).
//!
//! Encoding is `msgpack.packb(obj)` with its defaults (`use_bin_type=True`): every integer in the
//! smallest encoding (unsigned types for non-negative values, signed ones for negative), every
//! [`Msg::F64`] as float64 (`cb`), strings as `str`, bytes as `bin`, map entries in the given
//! order. Decoding accepts every valid encoding (non-minimal widths included) of exactly one
//! document, under [`Limits`].
//!
//! This is a pure codec: map keys of any type and duplicate keys are kept as they are, and
//! extension types (including the timestamp extension, -1) are carried as raw bytes. What a
//! map or an extension means is for the layers above.
//!
//! ```
//! use flyte_types::msgpack::{Msg, decode, to_vec};
//! let doc = Msg::Map(vec![(Msg::Str("a".into()), Msg::Int(1))]);
//! let bytes = to_vec(&doc).unwrap();
//! assert_eq!(bytes, [0x81, 0xa1, b'a', 0x01]);
//! assert_eq!(decode(&bytes).unwrap(), doc);
//! ```

mod decode;
mod encode;
pub mod read;
pub mod write;

pub use decode::{decode, decode_with};
pub(crate) use encode::length_fits;
pub use encode::{encode, to_vec};

/// A msgpack value.
#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    /// `nil` (Python `None`).
    Nil,
    /// `true` / `false`.
    Bool(bool),
    /// Any integer that fits `i64`, whatever width it was encoded with.
    Int(i64),
    /// An unsigned integer above `i64::MAX` (only `uint64` can hold one). The decoder never
    /// produces smaller values here; the encoder writes any value in its smallest form.
    UInt(u64),
    /// float32 (`ca`). Python never writes it (it packs floats as float64) but reads it.
    F32(f32),
    /// float64 (`cb`).
    F64(f64),
    /// `str`: valid UTF-8.
    Str(String),
    /// `bin` (Python `bytes`).
    Bin(Vec<u8>),
    /// An array.
    Array(Vec<Msg>),
    /// A map, entries in wire order.
    Map(Vec<(Msg, Msg)>),
    /// An extension: type code and raw data.
    Ext(i8, Vec<u8>),
}

/// Bounds on what [`decode_with`] accepts, beyond well-formedness.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Most containers (arrays, maps, empty ones too) nested in each other.
    pub max_depth: usize,
    /// Most values in the document (every value counts: containers, their elements, map keys
    /// and map values).
    pub max_total_items: usize,
}

impl Msg {
    /// The msgpack family of the value, for messages: `nil`, `bool`, `int`, `float`, `str`,
    /// `bin`, `array`, `map`, `ext`.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Msg::Nil => "nil",
            Msg::Bool(_) => "bool",
            Msg::Int(_) | Msg::UInt(_) => "int",
            Msg::F32(_) | Msg::F64(_) => "float",
            Msg::Str(_) => "str",
            Msg::Bin(_) => "bin",
            Msg::Array(_) => "array",
            Msg::Map(_) => "map",
            Msg::Ext(..) => "ext",
        }
    }
}

impl Limits {
    /// Python's C unpacker nests at most 1024 containers (1025 raises `StackError`): the
    /// `max_depth` that accepts exactly what the SDK accepts.
    pub const PYTHON_MAX_DEPTH: usize = 1024;
}

impl Default for Limits {
    /// `max_depth` 256: far beyond any real payload (a dataclass nested 256 levels deep), while
    /// consumers of a decoded [`Msg`] that recurse (the value layer, hashing, `Drop`) stay far
    /// inside a 2 MiB thread stack. Documents nested 257 to 1024 levels, which Python reads,
    /// are rejected; use [`Limits::PYTHON_MAX_DEPTH`] for full parity.
    ///
    /// `max_total_items` 2^24 (16,777,216): more than the 10 MiB inline I/O limit can hold
    /// (every value takes at least one byte), at about 32 bytes of memory per value.
    fn default() -> Self {
        Limits {
            max_depth: 256,
            max_total_items: 1 << 24,
        }
    }
}

/// What is wrong with msgpack bytes (or a value too long for msgpack): the detail of
/// [`ErrorKind::Msgpack`](crate::ErrorKind::Msgpack), which also carries the byte offset.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum MsgpackErrorKind {
    /// The input ends inside the value. For an array or map, `needed` counts one byte for
    /// each element still announced by it and by the containers around it.
    UnexpectedEof {
        /// Bytes the value needs from the point where reading stopped.
        needed: u64,
        /// Bytes left there.
        available: usize,
    },
    /// A `str` whose bytes are not UTF-8 (Python raises `UnicodeDecodeError`).
    InvalidUtf8,
    /// Containers nested deeper than the limit.
    DepthLimit(usize),
    /// More values than the limit.
    TooManyItems(usize),
    /// Bytes after the end of the document (Python raises `ExtraData`).
    TrailingBytes,
    /// The byte `0xc1`, which msgpack never uses.
    ReservedByte,
    /// Encoding: a `str`, `bin`, array, map or extension longer than msgpack can say (its
    /// lengths are 32-bit); the offset is where it would have started in the output.
    TooLong {
        /// `str`, `bin`, `array`, `map` or `ext`.
        kind: &'static str,
        /// Its length: bytes, elements or entries.
        len: usize,
    },
}

impl std::fmt::Display for MsgpackErrorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MsgpackErrorKind::UnexpectedEof { needed, available } => write!(
                f,
                "unexpected end of input: needed {needed} bytes, {available} available"
            ),
            MsgpackErrorKind::InvalidUtf8 => f.write_str("invalid UTF-8 in str"),
            MsgpackErrorKind::DepthLimit(x0) => write!(f, "containers nested deeper than {x0}"),
            MsgpackErrorKind::TooManyItems(x0) => write!(f, "more than {x0} values"),
            MsgpackErrorKind::TrailingBytes => f.write_str("trailing bytes after the document"),
            MsgpackErrorKind::ReservedByte => f.write_str("reserved byte 0xc1"),
            MsgpackErrorKind::TooLong { kind, len } => write!(
                f,
                "{kind} of length {len}: msgpack lengths are at most 2^32 - 1"
            ),
        }
    }
}

#[cfg(test)]
mod tests;
