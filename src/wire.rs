//! Deterministic protobuf encoding, byte for byte what the Python SDK writes with
//! `SerializeToString(deterministic=True)` (upb).
//!
//! prost and upb agree on how each field is encoded but not on three things, which this
//! module fixes after the fact by rewriting prost's (or anyone's) bytes, driven by the
//! embedded descriptor set (`proto/flyteidl2.fds.bin`):
//!
//! 1. **Field order.** upb writes the fields of a message in ascending field-number order.
//!    prost-derive writes a `oneof` as one unit at the position of its smallest tag, so
//!    `Literal{hash: 4, offloaded_metadata: 8}` comes out as 8, 4 and
//!    `LiteralType{metadata: 6, union_type: 10}` as 10, 6. Fields whose number the descriptor
//!    does not know go last, in input order (upb keeps them apart and writes them after the
//!    known fields).
//! 2. **Map entry order.** upb sorts string keys by their bytes, but when one key is a proper
//!    prefix of the other the *longer* key comes first: `"ab"`, `"a"`, `"b"`, `""`. (upb sorts
//!    with a negated `memcmp` and ascending length, then emits the sorted entries in reverse
//!    because it builds the buffer back to front.) prost's `BTreeMap` order is `""`, `"a"`,
//!    `"ab"`, `"b"`: the two agree unless a key is a prefix of another.
//! 3. **Default key / value in map entries.** prost leaves a default key (`""`) or value (`""`,
//!    an empty message) out of the entry; upb always writes both (`{"": ""}` is the entry
//!    `0a00 1200`). The rewriter adds the missing field, so an entry, and every message around
//!    it, can grow; this is the only case in which the output is longer than the input.
//!
//! Everything else (tags, lengths, varints, scalar payloads) is copied as it is. The rewriter is
//! not a general normalizer: it does not merge repeated occurrences of a singular field, drop
//! explicitly encoded defaults or re-pack repeated scalars, which upb would do when parsing and
//! re-serializing arbitrary bytes. prost never produces those, nor does the SDK.

mod literal;
pub(crate) mod raw;
pub(crate) mod scan;
mod table;
mod walk;

use crate::Error;
use table::Source;
pub use walk::upb_key_order;

/// How deep [`canonicalize`] follows nested messages: 100, the default recursion limit of
/// prost's decoder and of upb, so everything either of them can decode is accepted.
pub const MAX_DEPTH: usize = 100;

/// Encodes `msg` exactly as the Python SDK's `SerializeToString(deterministic=True)` does.
///
/// ```
/// use flyte_types::idl::core::{Literal, LiteralOffloadedMetadata, literal::Value};
/// let lit = Literal {
///     hash: "h".into(),
///     value: Some(Value::OffloadedMetadata(Box::new(LiteralOffloadedMetadata {
///         uri: "u".into(),
///         ..Default::default()
///     }))),
///     ..Default::default()
/// };
/// // hash (field 4) before offloaded_metadata (field 8); prost alone writes 8 first.
/// assert_eq!(
///     flyte_types::wire::encode_canonical(&lit),
///     [0x22, 0x01, b'h', 0x42, 0x03, 0x0a, 0x01, b'u']
/// );
/// ```
///
/// # Panics
///
/// If `M` is not a message of the embedded descriptor set, a programming error: every type in
/// [`crate::idl`] is, and so are the well-known types they use (`prost_types::Timestamp`,
/// `prost_types::Duration`).
///
/// A `Literal` is written by a dedicated encoder (each node measured once, no re-ordering pass
/// over the bytes); every other message is encoded by prost, then re-ordered where its type
/// needs it.
#[must_use]
pub fn encode_canonical<M: prost::Message + prost::Name + 'static>(msg: &M) -> Vec<u8> {
    if let Some(lit) = (msg as &dyn std::any::Any).downcast_ref::<crate::idl::core::Literal>() {
        return literal::encode(lit);
    }
    encode_general(msg)
}

/// [`encode_canonical`] through prost and the re-ordering walk, for every message type
/// (the reference the dedicated `Literal` encoder is tested against).
#[doc(hidden)]
#[must_use]
pub fn encode_general<M: prost::Message + prost::Name>(msg: &M) -> Vec<u8> {
    let bytes = msg.encode_to_vec();
    let name = M::full_name();
    let table = table::get();
    let Some(id) = table.id(&name) else {
        panic!("{name} is not in the embedded flyteidl2 descriptor set");
    };
    if !table.needs_walk(id, Source::Prost) {
        return bytes;
    }
    let mut out = Vec::with_capacity(bytes.len());
    // prost writes well-formed bytes for the same descriptors the table is built from, and
    // the walker keeps its stack on the heap, so no depth limit is needed.
    walk::run(table, &bytes, id, Source::Prost, usize::MAX, &mut out)
        .expect("prost output is valid protobuf of the embedded descriptors");
    out
}

/// Rewrites the encoding of a `message_full_name` message (e.g. `"flyteidl2.core.Literal"`, no
/// leading dot) into the SDK's deterministic form; see the module documentation.
///
/// Bytes that arrive in another field or map-entry order (another encoder, the SDK's own
/// non-deterministic `SerializeToString()`) come out in canonical order. Subtrees whose message
/// type cannot contain anything to rewrite (no two fields that could be out of order, no map)
/// are copied without being parsed, so malformed bytes inside them are not reported. Messages
/// nested deeper than [`MAX_DEPTH`] are an error.
///
/// # Errors
///
/// An unknown message name, or bytes that are not a well-formed encoding of the message (see
/// [`ErrorKind::Wire`](crate::ErrorKind::Wire)).
pub fn canonicalize(bytes: &[u8], message_full_name: &str) -> Result<Vec<u8>, Error> {
    let table = table::get();
    let Some(id) = table.id(message_full_name) else {
        return Err(Error::wire(
            message_full_name.to_owned(),
            0,
            WireErrorKind::UnknownMessage,
        ));
    };
    let mut out = Vec::with_capacity(bytes.len());
    walk::run(table, bytes, id, Source::Any, MAX_DEPTH, &mut out)?;
    Ok(out)
}

/// What is wrong with protobuf bytes given to [`canonicalize`]: the detail of
/// [`ErrorKind::Wire`](crate::ErrorKind::Wire), which also says where.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum WireErrorKind {
    /// The message name is not in the embedded descriptor set.
    UnknownMessage,
    /// The input ends inside a field.
    UnexpectedEof {
        /// The part being read: `"varint"`, `"fixed64"`, `"length-delimited field"`, ….
        what: &'static str,
        /// Bytes the part needs.
        needed: u64,
        /// Bytes left in the enclosing message.
        available: usize,
    },
    /// A varint longer than 10 bytes, or a 10th byte above 1 (more than 64 bits).
    InvalidVarint,
    /// A field number of 0 or above 2^29 - 1.
    InvalidFieldNumber {
        /// The number in the tag.
        found: u64,
    },
    /// Wire type 6 or 7, or an end-group tag with no open group.
    InvalidWireType {
        /// The wire type in the tag.
        found: u8,
    },
    /// A known field arrives with a wire type its declared type cannot have.
    WireTypeMismatch {
        /// The field number.
        field: u32,
        /// The wire type of the declared type.
        expected: u8,
        /// The wire type in the tag.
        found: u8,
    },
    /// A group that is never closed, or closed with another field number.
    UnclosedGroup {
        /// The field number of the group.
        field: u32,
    },
    /// A string field whose bytes are not UTF-8.
    InvalidUtf8 {
        /// The field number.
        field: u32,
    },
    /// Messages (or groups) nested deeper than the limit.
    DepthLimit {
        /// The limit.
        limit: usize,
    },
}

impl std::fmt::Display for WireErrorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WireErrorKind::UnknownMessage => f.write_str("unknown message type"),
            WireErrorKind::UnexpectedEof {
                what,
                needed,
                available,
            } => write!(
                f,
                "truncated {what}: needed {needed} bytes, {available} available"
            ),
            WireErrorKind::InvalidVarint => f.write_str("invalid varint"),
            WireErrorKind::InvalidFieldNumber { found } => {
                write!(f, "invalid field number {found}")
            }
            WireErrorKind::InvalidWireType { found } => write!(f, "invalid wire type {found}"),
            WireErrorKind::WireTypeMismatch {
                field,
                expected,
                found,
            } => write!(
                f,
                "field {field}: expected wire type {expected}, found {found}"
            ),
            WireErrorKind::UnclosedGroup { field } => {
                write!(f, "group {field} not closed properly")
            }
            WireErrorKind::InvalidUtf8 { field } => write!(f, "field {field}: a string not UTF-8"),
            WireErrorKind::DepthLimit { limit } => write!(f, "nested deeper than {limit}"),
        }
    }
}

#[cfg(test)]
mod tests;
