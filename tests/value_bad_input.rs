//! Bad input to the value layer: every case is a typed error with the path, what was expected
//! and what was found; nothing panics, overflows the stack or allocates what a length claims.

use flyte_types::ErrorKind;
use flyte_types::idl::core::{
    EnumType, Literal, LiteralCollection, LiteralOffloadedMetadata, LiteralType, Primitive, Scalar,
    SimpleType, TypeStructure, Union, literal, literal_type::Type, primitive, scalar,
};
use flyte_types::storage::LocalFiles;
use flyte_types::value::{self, Decoder};
use prost::Message;
use serde_json::json;

fn simple(s: SimpleType) -> LiteralType {
    LiteralType {
        r#type: Some(Type::Simple(s as i32)),
        ..Default::default()
    }
}
fn list_of(t: LiteralType) -> LiteralType {
    LiteralType {
        r#type: Some(Type::CollectionType(Box::new(t))),
        ..Default::default()
    }
}
fn map_of(t: LiteralType) -> LiteralType {
    LiteralType {
        r#type: Some(Type::MapValueType(Box::new(t))),
        ..Default::default()
    }
}
fn tagged(mut t: LiteralType, tag: &str) -> LiteralType {
    t.structure = Some(TypeStructure {
        tag: tag.into(),
        ..Default::default()
    });
    t
}
fn scalar_lit(v: scalar::Value) -> Literal {
    Literal {
        value: Some(literal::Value::Scalar(Box::new(Scalar { value: Some(v) }))),
        ..Default::default()
    }
}
fn string_lit(s: &str) -> Literal {
    scalar_lit(scalar::Value::Primitive(Primitive {
        value: Some(primitive::Value::StringValue(s.into())),
    }))
}
fn corpus(case: &str, file: &str) -> Vec<u8> {
    crate::corpus::read(
        crate::corpus::interop()
            .join("flyte2")
            .join(case)
            .join(file),
    )
}
fn corpus_type(case: &str) -> LiteralType {
    LiteralType::decode(corpus(case, "type.pb").as_slice()).unwrap()
}

#[test]
fn a_string_literal_for_an_integer_names_both() {
    let err = value::decode(&simple(SimpleType::Integer), &string_lit("x")).unwrap_err();
    assert_eq!(err.to_string(), r#"expected INTEGER, found string "x""#);
}

#[test]
fn errors_carry_the_path_inside_the_value() {
    let ty = list_of(map_of(simple(SimpleType::Integer)));
    let literal = value::encode(&ty, &json!([{"a": 1}, {"b": 2}])).unwrap();
    let mut bad = literal.clone();
    let Some(literal::Value::Collection(c)) = &mut bad.value else {
        unreachable!()
    };
    let Some(literal::Value::Map(m)) = &mut c.literals[1].value else {
        unreachable!()
    };
    m.literals.insert("b".into(), string_lit("two"));
    let err = value::decode(&ty, &bad).unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"at [1].b: expected INTEGER, found string "two""#
    );
    assert_eq!(err.path_string(), "[1].b");

    let err = value::encode(&ty, &json!([{"a": 1}, {"b": 2.5}])).unwrap_err();
    assert_eq!(err.to_string(), "at [1].b: expected an integer, found 2.5");
}

#[test]
fn truncated_or_garbage_protobuf_is_a_protobuf_error() {
    let bytes = corpus("list_int", "literal.pb");
    let ty = list_of(simple(SimpleType::Integer));
    for cut in [1, bytes.len() / 2, bytes.len() - 1] {
        let err = value::decode_bytes(&ty, &bytes[..cut]).unwrap_err();
        assert!(
            matches!(err.kind(), ErrorKind::Protobuf { .. }),
            "cut at {cut}: {err}"
        );
    }
    let err = value::decode_bytes(&ty, &[0xff; 16]).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Protobuf { .. }), "{err}");
}

#[test]
fn a_protobuf_length_claiming_gigabytes_fails_before_allocating() {
    // Literal.collection (field 2, LEN) with a length of 4 GiB - 1 and 3 bytes behind it.
    let bytes = [0x12, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x0a, 0x00, 0x00];
    let err = value::decode_bytes(&list_of(simple(SimpleType::Integer)), &bytes).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::Protobuf { .. })
            && err.to_string().contains("buffer underflow"),
        "{err}"
    );
}

#[test]
fn protobuf_nested_100000_deep_is_an_error_not_a_stack_overflow() {
    // Literal{collection(2){literals(1): [Literal{collection{…}}]}} 100,000 levels deep: the
    // lengths are computed from the inside out, then the headers written outermost first.
    let vlen = |n: u64| prost::encoding::encoded_len_varint(n) as u64;
    let mut literal_lens = vec![0u64]; // innermost: an empty Literal
    for _ in 0..100_000 {
        let m = *literal_lens.last().unwrap();
        let l = 1 + vlen(m) + m; // LiteralCollection{literals: [inner]}
        literal_lens.push(1 + vlen(l) + l); // Literal{collection}
    }
    let mut bytes = Vec::new();
    for m in literal_lens.iter().rev().skip(1) {
        bytes.push(0x12);
        prost::encoding::encode_varint(1 + vlen(*m) + m, &mut bytes);
        bytes.push(0x0a);
        prost::encoding::encode_varint(*m, &mut bytes);
    }
    let mut ty = simple(SimpleType::Integer);
    for _ in 0..200 {
        ty = list_of(ty);
    }
    let err = value::decode_bytes(&ty, &bytes).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::Protobuf { .. })
            && err.to_string().contains("recursion limit"),
        "{err}"
    );
}

#[test]
fn literals_nested_deeper_than_the_limit_are_refused() {
    let depth = 1000;
    let (mut ty, mut lit) = (
        simple(SimpleType::Integer),
        scalar_lit(scalar::Value::Primitive(Primitive {
            value: Some(primitive::Value::Integer(1)),
        })),
    );
    for _ in 0..depth {
        ty = list_of(ty);
        lit = Literal {
            value: Some(literal::Value::Collection(LiteralCollection {
                literals: vec![lit],
            })),
            ..Default::default()
        };
    }
    let err = value::decode(&ty, &lit).unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::DepthLimit(128));
}

#[test]
fn msgpack_nested_100000_deep_is_an_error() {
    let mut payload = vec![0x91; 100_000];
    payload.push(0x01);
    let lit = scalar_lit(scalar::Value::Binary(flyte_types::idl::core::Binary {
        value: payload,
        tag: "msgpack".into(),
    }));
    let err = value::decode(&corpus_type("dict_untyped_mixed"), &lit).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Msgpack { .. }), "{err}");
}

#[test]
fn a_msgpack_length_claiming_gigabytes_fails_before_allocating() {
    for payload in [
        vec![0xdd, 0xff, 0xff, 0xff, 0xff, 0x01],
        vec![0xdf, 0xff, 0xff, 0xff, 0xff],
        vec![0xdb, 0xff, 0xff, 0xff, 0xff, 0x61],
    ] {
        let lit = scalar_lit(scalar::Value::Binary(flyte_types::idl::core::Binary {
            value: payload,
            tag: "msgpack".into(),
        }));
        let err = value::decode(&corpus_type("dict_untyped_mixed"), &lit).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::Msgpack { .. }), "{err}");
    }
}

#[test]
fn msgpack_that_does_not_match_the_schema_names_the_field() {
    // dc_flat is Flat{i: int, f: float, s: str, b: bool}; here i is a string.
    let payload = [
        0x84, 0xa1, b'i', 0xa1, b'x', 0xa1, b'f', 0x01, 0xa1, b's', 0xa0, 0xa1, b'b', 0xc3,
    ];
    let lit = scalar_lit(scalar::Value::Binary(flyte_types::idl::core::Binary {
        value: payload.to_vec(),
        tag: "msgpack".into(),
    }));
    let err = value::decode(&corpus_type("dc_flat"), &lit).unwrap_err();
    assert_eq!(err.to_string(), "at i: expected an integer, found str");
}

#[test]
fn an_unknown_enum_name_is_refused_both_ways() {
    let ty = LiteralType {
        r#type: Some(Type::EnumType(EnumType {
            values: vec!["RED".into(), "GREEN".into()],
        })),
        ..Default::default()
    };
    let err = value::decode(&ty, &string_lit("green")).unwrap_err();
    assert_eq!(
        err.to_string(),
        r#""green" is not one of the enum values ["RED", "GREEN"]"#
    );
    let err = value::encode(&ty, &json!("BLUE")).unwrap_err();
    assert_eq!(
        err.to_string(),
        r#""BLUE" is not one of the enum values ["RED", "GREEN"]"#
    );
}

#[test]
fn a_union_variant_not_in_the_type_is_refused() {
    let ty = corpus_type("optional_int_value");
    let lit = scalar_lit(scalar::Value::Union(Box::new(Union {
        value: Some(Box::new(string_lit("x"))),
        r#type: Some(tagged(simple(SimpleType::String), "str")),
    })));
    let err = value::decode(&ty, &lit).unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"union variant STRING (tag "str") is not one of the declared variants [INTEGER (tag "int"), NONE (tag "none")]"#
    );
}

#[test]
fn union_encoding_needs_exactly_one_variant() {
    let ty = corpus_type("union_int_str_int");
    let err = value::encode(&ty, &json!(2.5)).unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"no union variant accepts the value: variant 0 (INTEGER (tag "int")): expected an integer, found 2.5; variant 1 (STRING (tag "str")): expected a string, found 2.5"#
    );
    // Two variants accept an object with the fields of both dataclasses' common shape: none here.
    let ty = corpus_type("union_dataclasses_cat");
    let err = value::encode(&ty, &json!({"name": "tom"})).unwrap_err();
    assert!(
        matches!(err.kind(), ErrorKind::NoMatchingVariant { attempts } if attempts.len() == 2),
        "{err}"
    );
}

#[test]
fn offloaded_literals_that_are_missing_or_cyclic_are_errors() {
    let dir = std::env::temp_dir().join(format!("flyte-types-offload-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let ty = list_of(simple(SimpleType::Integer));
    let stub = |uri: &str| Literal {
        value: Some(literal::Value::OffloadedMetadata(Box::new(
            LiteralOffloadedMetadata {
                uri: uri.into(),
                size_bytes: 10,
                inferred_type: Some(ty.clone()),
            },
        ))),
        ..Default::default()
    };
    let store = LocalFiles::new();
    let missing = dir.join("missing.pb").display().to_string();
    let err = Decoder::with_store(&store)
        .decode(&ty, &stub(&missing))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("cannot read offloaded literal {missing}: no object at {missing}")
    );

    let looped = dir.join("self.pb").display().to_string();
    std::fs::write(&looped, stub(&looped).encode_to_vec()).unwrap();
    let err = Decoder::with_store(&store)
        .decode(&ty, &stub(&looped))
        .unwrap_err();
    assert_eq!(err.kind(), &ErrorKind::OffloadCycle(looped.clone()));

    let err = value::decode(&ty, &stub(&looped)).unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Offloaded { .. }), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn timestamps_out_of_range_are_refused() {
    let lit = scalar_lit(scalar::Value::Primitive(Primitive {
        value: Some(primitive::Value::Datetime(prost_types::Timestamp {
            seconds: i64::MAX,
            nanos: 0,
        })),
    }));
    let err = value::decode(&simple(SimpleType::Datetime), &lit).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("timestamp {}s 0ns is out of range", i64::MAX)
    );
    let err = value::encode(
        &simple(SimpleType::Datetime),
        &json!("10000-01-01T00:00:00Z"),
    )
    .unwrap_err();
    assert!(matches!(err.kind(), ErrorKind::Mismatch { .. }), "{err}");
}

#[test]
fn ints_beyond_int64_and_ints_for_floats_are_refused_on_encode() {
    let err =
        value::encode(&simple(SimpleType::Integer), &json!(9223372036854775808u64)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "integer 9223372036854775808 (beyond int64) is out of range"
    );
    let err = value::encode(&simple(SimpleType::Float), &json!(42)).unwrap_err();
    assert_eq!(err.to_string(), "expected a float, found 42");
}
