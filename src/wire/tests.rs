//! Expected bytes are derived by hand from the wire format (tag = number << 3 | wire type) and,
//! for upb's map behaviour, checked against the SDK's protobuf 7.36.2 (upb) in the venv.

use std::collections::BTreeMap;

use proptest::prelude::*;
use prost::Message;
use prost_types::{Struct, Value as PbValue, value::Kind};

use super::table::{self, Source};
use super::{MAX_DEPTH, WireErrorKind, canonicalize, encode_canonical};
use crate::idl::core::{
    Literal, LiteralCollection, LiteralMap, LiteralOffloadedMetadata, LiteralType, SimpleType,
    UnionType, literal::Value, literal_type::Type,
};

fn offloaded_with_hash() -> Literal {
    Literal {
        hash: "h".into(),
        value: Some(Value::OffloadedMetadata(Box::new(
            LiteralOffloadedMetadata {
                uri: "u".into(),
                ..Default::default()
            },
        ))),
        ..Default::default()
    }
}

fn collection_of(literals: Vec<Literal>) -> Literal {
    Literal {
        value: Some(Value::Collection(LiteralCollection { literals })),
        ..Default::default()
    }
}

fn with_metadata(pairs: &[(&str, &str)]) -> Literal {
    let metadata = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    Literal {
        metadata,
        ..Default::default()
    }
}

fn canon_literal(bytes: &[u8]) -> Vec<u8> {
    canonicalize(bytes, "flyteidl2.core.Literal").unwrap()
}

/// A rejection by `canonicalize`: where, and why.
struct Failure(crate::Error);

impl Failure {
    fn parts(&self) -> (&str, usize, &WireErrorKind) {
        match self.0.kind() {
            crate::ErrorKind::Wire {
                message_path,
                offset,
                kind,
            } => (message_path, *offset, kind),
            other => panic!("not a wire error: {other:?}"),
        }
    }
    fn path(&self) -> &str {
        self.parts().0
    }
    fn offset(&self) -> usize {
        self.parts().1
    }
    fn kind(&self) -> &WireErrorKind {
        self.parts().2
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

fn literal_error(bytes: &[u8]) -> Failure {
    Failure(canonicalize(bytes, "flyteidl2.core.Literal").unwrap_err())
}

#[test]
fn literal_hash_comes_before_offloaded_metadata() {
    // hash = 4 (LEN): 22 01 'h'; offloaded_metadata = 8 (LEN): 42 03 { uri = 1: 0a 01 'u' }.
    let canonical = [0x22, 0x01, b'h', 0x42, 0x03, 0x0a, 0x01, b'u'];
    let prost_order = [0x42, 0x03, 0x0a, 0x01, b'u', 0x22, 0x01, b'h'];
    let lit = offloaded_with_hash();
    assert_eq!(lit.encode_to_vec(), prost_order);
    assert_eq!(encode_canonical(&lit), canonical);
    assert_eq!(canon_literal(&prost_order), canonical);
}

#[test]
fn literal_type_metadata_comes_before_union_type() {
    let fields = BTreeMap::from([(
        "k".to_string(),
        PbValue {
            kind: Some(Kind::BoolValue(true)),
        },
    )]);
    let ty = LiteralType {
        metadata: Some(Struct { fields }),
        r#type: Some(Type::UnionType(UnionType {
            variants: vec![LiteralType {
                r#type: Some(Type::Simple(SimpleType::Integer as i32)),
                ..Default::default()
            }],
        })),
        ..Default::default()
    };
    // metadata = 6: 32 09 { fields = 1: 0a 07 { key: 0a 01 'k', value: 12 02 { bool_value = 4: 20 01 } } }
    // union_type = 10: 52 04 { variants = 1: 0a 02 { simple = 1: 08 01 } }
    let metadata = [
        0x32, 0x09, 0x0a, 0x07, 0x0a, 0x01, b'k', 0x12, 0x02, 0x20, 0x01,
    ];
    let union_type = [0x52, 0x04, 0x0a, 0x02, 0x08, 0x01];
    assert_eq!(encode_canonical(&ty), [&metadata[..], &union_type].concat());
    assert_eq!(ty.encode_to_vec(), [&union_type[..], &metadata].concat());
}

#[test]
fn reorders_inside_a_collection() {
    let lit = collection_of(vec![offloaded_with_hash()]);
    // collection = 2: 12 0a { literals = 1: 0a 08 { the 8 bytes of the first test } }
    let expected = [
        0x12, 0x0a, 0x0a, 0x08, 0x22, 0x01, b'h', 0x42, 0x03, 0x0a, 0x01, b'u',
    ];
    assert_eq!(encode_canonical(&lit), expected);
    assert_eq!(canon_literal(&lit.encode_to_vec()), expected);
}

#[test]
fn map_entries_follow_upb_key_order() {
    // upb: "ab" before "a" (a prefix sorts after its extensions), "" last. BTreeMap: "", "a", "ab".
    // metadata = 5: 2a LEN { key = 1: 0a LEN .., value = 2: 12 LEN .. }
    let lit = with_metadata(&[("a", "1"), ("ab", "2"), ("", "3")]);
    let expected = [
        &[0x2a, 0x07, 0x0a, 0x02, b'a', b'b', 0x12, 0x01, b'2'][..],
        &[0x2a, 0x06, 0x0a, 0x01, b'a', 0x12, 0x01, b'1'],
        &[0x2a, 0x05, 0x0a, 0x00, 0x12, 0x01, b'3'],
    ]
    .concat();
    assert_eq!(encode_canonical(&lit), expected);
}

/// One `LiteralMap.literals` entry with an empty `Literal` value, as upb writes it.
fn empty_literal_entry(key: &str) -> Vec<u8> {
    let mut entry = vec![0x0a, (key.len() + 4) as u8, 0x0a, key.len() as u8];
    entry.extend_from_slice(key.as_bytes());
    entry.extend_from_slice(&[0x12, 0x00]);
    entry
}

#[test]
fn map_order_with_shared_prefixes() {
    let keys = ["abc", "ab", "a", "abd", "b", "ba"];
    let map = LiteralMap {
        literals: keys
            .iter()
            .map(|k| (k.to_string(), Literal::default()))
            .collect(),
    };
    // Order printed by the SDK for these keys.
    let upb_order = ["abc", "abd", "ab", "a", "ba", "b"];
    let expected: Vec<u8> = upb_order
        .iter()
        .flat_map(|k| empty_literal_entry(k))
        .collect();
    assert_eq!(encode_canonical(&map), expected);
}

#[test]
fn default_map_key_and_value_are_written() {
    // SDK: LiteralMap(literals={"": Literal()}) -> 0a04 0a00 1200; prost omits both: 0a00.
    let map = LiteralMap {
        literals: BTreeMap::from([(String::new(), Literal::default())]),
    };
    assert_eq!(map.encode_to_vec(), [0x0a, 0x00]);
    assert_eq!(encode_canonical(&map), [0x0a, 0x04, 0x0a, 0x00, 0x12, 0x00]);
    // SDK: Literal(metadata={"": ""}) -> 2a04 0a00 1200; {"a": ""} -> 2a05 0a0161 1200.
    assert_eq!(
        encode_canonical(&with_metadata(&[("", "")])),
        [0x2a, 0x04, 0x0a, 0x00, 0x12, 0x00]
    );
    assert_eq!(
        encode_canonical(&with_metadata(&[("a", "")])),
        [0x2a, 0x05, 0x0a, 0x01, b'a', 0x12, 0x00]
    );
    assert_eq!(
        encode_canonical(&with_metadata(&[("", "b")])),
        [0x2a, 0x05, 0x0a, 0x00, 0x12, 0x01, b'b']
    );
}

#[test]
fn filled_in_defaults_grow_every_enclosing_length() {
    // Literal{hash: 121 x, metadata {"": ""}}: 22 79 x*121 (123 B), then prost's entry 2a 00 (2 B)
    // or upb's 2a 04 0a 00 12 00 (6 B): 125 B -> 129 B, so both length prefixes above it go
    // from one byte to two.
    let hash = "x".repeat(121);
    let inner = Literal {
        hash: hash.clone(),
        ..with_metadata(&[("", "")])
    };
    let lit = collection_of(vec![inner]);
    let mut inner_bytes = vec![0x22, 121];
    inner_bytes.extend_from_slice(hash.as_bytes());
    inner_bytes.extend_from_slice(&[0x2a, 0x04, 0x0a, 0x00, 0x12, 0x00]);
    assert_eq!(inner_bytes.len(), 129);
    // literals = 1: 0a 81 01 (129); collection = 2: 12 84 01 (132 = 3 + 129).
    let expected = [&[0x12, 0x84, 0x01, 0x0a, 0x81, 0x01][..], &inner_bytes].concat();
    let prost_bytes = lit.encode_to_vec();
    assert_eq!(&prost_bytes[..4], [0x12, 0x7f, 0x0a, 0x7d]);
    assert_eq!(encode_canonical(&lit), expected);
    assert_eq!(canon_literal(&prost_bytes), expected);
}

#[test]
fn arbitrary_field_order_is_sorted() {
    // hash (4) before scalar (1): 22 01 'h' 0a 00 -> 0a 00 22 01 'h'.
    assert_eq!(
        canon_literal(&[0x22, 0x01, b'h', 0x0a, 0x00]),
        [0x0a, 0x00, 0x22, 0x01, b'h']
    );
    // A map entry with its value first, and entries out of key order.
    let input = [
        &[0x2a, 0x06, 0x12, 0x01, b'2', 0x0a, 0x01, b'b'][..],
        &[0x2a, 0x06, 0x0a, 0x01, b'a', 0x12, 0x01, b'1'],
    ]
    .concat();
    let expected = [
        &[0x2a, 0x06, 0x0a, 0x01, b'a', 0x12, 0x01, b'1'][..],
        &[0x2a, 0x06, 0x0a, 0x01, b'b', 0x12, 0x01, b'2'],
    ]
    .concat();
    assert_eq!(canon_literal(&input), expected);
    assert_eq!(canon_literal(&expected), expected);
}

#[test]
fn unknown_fields_go_last_in_input_order() {
    // SDK: Literal.FromString(7801 220168) re-serializes as 220168 7801.
    // 15 (varint): 78 01; hash: 22 01 'h'; 16 (varint): 80 01 02; scalar: 0a 00.
    let input = [0x78, 0x01, 0x22, 0x01, b'h', 0x80, 0x01, 0x02, 0x0a, 0x00];
    let expected = [0x0a, 0x00, 0x22, 0x01, b'h', 0x78, 0x01, 0x80, 0x01, 0x02];
    assert_eq!(canon_literal(&input), expected);
    // An unknown group (15: 7b .. 7c) is one opaque field.
    assert_eq!(
        canon_literal(&[0x7b, 0x08, 0x01, 0x7c, 0x0a, 0x00]),
        [0x0a, 0x00, 0x7b, 0x08, 0x01, 0x7c]
    );
}

#[test]
fn malformed_input_is_an_error_with_offset_and_path() {
    let cases: [(&[u8], usize, WireErrorKind); 7] = [
        (
            &[0x0a, 0x05, 0x0a],
            2,
            WireErrorKind::UnexpectedEof {
                what: "length-delimited field",
                needed: 5,
                available: 1,
            },
        ),
        (
            &[0x0a],
            1,
            WireErrorKind::UnexpectedEof {
                what: "varint",
                needed: 1,
                available: 0,
            },
        ),
        (
            &[0x08, 0x00],
            0,
            WireErrorKind::WireTypeMismatch {
                field: 1,
                expected: 2,
                found: 0,
            },
        ),
        (&[0x0e], 0, WireErrorKind::InvalidWireType { found: 6 }),
        (
            &[0x02, 0x00],
            0,
            WireErrorKind::InvalidFieldNumber { found: 0 },
        ),
        (&[0xff; 11], 0, WireErrorKind::InvalidVarint),
        (
            &[0x7b, 0x08, 0x01],
            0,
            WireErrorKind::UnclosedGroup { field: 15 },
        ),
    ];
    for (input, offset, kind) in cases {
        let e = literal_error(input);
        assert_eq!(
            (e.offset(), e.path(), e.kind()),
            (offset, "flyteidl2.core.Literal", &kind),
            "{input:02x?}"
        );
    }
    // Group 15 closed by an end tag of 16 (84 01).
    assert_eq!(
        literal_error(&[0x7b, 0x84, 0x01]).kind(),
        &WireErrorKind::UnclosedGroup { field: 15 }
    );
    // collection = 2 { literals = 1 { scalar = 1 as a varint } }
    let e = literal_error(&[0x12, 0x04, 0x0a, 0x02, 0x08, 0x00]);
    assert_eq!(e.path(), "flyteidl2.core.Literal.collection.literals");
    assert_eq!(e.offset(), 4);
    assert_eq!(
        e.to_string(),
        "flyteidl2.core.Literal.collection.literals at byte 4: field 1: expected wire type 2, found 0"
    );
    let e = Failure(canonicalize(&[], "flyteidl2.core.Nope").unwrap_err());
    assert_eq!(
        (e.kind(), e.path()),
        (&WireErrorKind::UnknownMessage, "flyteidl2.core.Nope")
    );
}

/// A Literal nested `wraps` times as `collection { literals [ .. ] }`, built back to front so
/// that 100,000 levels take linear time.
fn nested_collections(wraps: usize) -> Vec<u8> {
    let mut reversed: Vec<u8> = Vec::new();
    for _ in 0..wraps {
        for tag in [0x0a, 0x12] {
            // reversed.len() is the length of everything inside this field.
            let mut varint = Vec::new();
            super::scan::write_varint(reversed.len() as u64, &mut varint);
            reversed.extend(varint.iter().rev());
            reversed.push(tag);
        }
    }
    reversed.reverse();
    reversed
}

#[test]
fn depth_is_bounded() {
    // Each wrap is two levels (LiteralCollection, Literal): 50 wraps reach depth 100.
    let ok = nested_collections(MAX_DEPTH / 2);
    assert_eq!(canon_literal(&ok), ok);
    let e = literal_error(&nested_collections(MAX_DEPTH / 2 + 1));
    assert_eq!(e.kind(), &WireErrorKind::DepthLimit { limit: MAX_DEPTH });
    let e = literal_error(&nested_collections(100_000));
    assert_eq!(e.kind(), &WireErrorKind::DepthLimit { limit: MAX_DEPTH });
}

#[test]
fn encode_canonical_has_no_depth_limit() {
    let mut lit = offloaded_with_hash();
    for _ in 0..MAX_DEPTH {
        lit = collection_of(vec![lit]);
    }
    let bytes = encode_canonical(&lit);
    // 100 wraps of 12 LEN 0a LEN around the 8 canonical bytes; only the innermost is reordered.
    assert_eq!(
        &bytes[bytes.len() - 8..],
        [0x22, 0x01, b'h', 0x42, 0x03, 0x0a, 0x01, b'u']
    );
    assert_eq!(bytes.len(), lit.encoded_len());
}

#[test]
fn every_map_in_the_descriptor_set_has_string_keys() {
    let entries: Vec<_> = table::get()
        .messages()
        .iter()
        .filter_map(|m| m.map_entry.as_ref())
        .collect();
    assert_eq!(entries.len(), 10);
    assert!(entries.iter().all(|e| e.string_keys));
}

#[test]
fn walk_flags() {
    let t = table::get();
    let flags = |name: &str| {
        let id = t.id(name).unwrap();
        (
            t.needs_walk(id, Source::Any),
            t.needs_walk(id, Source::Prost),
        )
    };
    // prost writes seconds, nanos in order; any encoder might not.
    assert_eq!(flags("google.protobuf.Timestamp"), (true, false));
    assert_eq!(flags("flyteidl2.core.Primitive"), (true, false));
    // An empty message never needs walking.
    assert_eq!(flags("flyteidl2.core.Void"), (false, false));
    // Maps always do: key order and default keys / values.
    assert_eq!(flags("google.protobuf.Struct"), (true, true));
    assert_eq!(flags("flyteidl2.core.Literal"), (true, true));
    assert_eq!(flags("flyteidl2.core.LiteralType"), (true, true));
}

proptest! {
    /// The SDK's non-deterministic `SerializeToString()` writes map entries in any order:
    /// canonicalizing any permutation gives the deterministic bytes.
    #[test]
    fn map_entry_order_does_not_matter(
        keys in proptest::collection::btree_set("[ab]{0,3}", 0..8),
        seed in any::<u64>(),
    ) {
        let metadata: BTreeMap<String, String> = keys.iter().map(|k| (k.clone(), format!("v{k}"))).collect();
        let lit = Literal { metadata, ..Default::default() };
        let canonical = encode_canonical(&lit);
        // Split prost's bytes into entries (each `2a LEN ..`, LEN < 128 here) and shuffle them.
        let bytes = lit.encode_to_vec();
        let mut entries = Vec::new();
        let mut pos = 0;
        while pos < bytes.len() {
            let end = pos + 2 + bytes[pos + 1] as usize;
            entries.push(&bytes[pos..end]);
            pos = end;
        }
        let mut state = seed;
        for i in (1..entries.len()).rev() {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            entries.swap(i, (state >> 33) as usize % (i + 1));
        }
        let shuffled = entries.concat();
        prop_assert_eq!(canon_literal(&shuffled), canonical);
    }
}
