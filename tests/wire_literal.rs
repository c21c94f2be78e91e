//! The dedicated `Literal` encoder behind `wire::encode_canonical` against the general path
//! (prost, then the re-ordering walk) on arbitrary `Literal` trees: every scalar kind, hashes,
//! metadata, offloaded literals, unions with types, maps whose keys are prefixes of each other,
//! empty keys and values.

use flyte_types::idl::core::{
    Binary, Blob, BlobMetadata, BlobType, Error, Literal, LiteralCollection, LiteralMap,
    LiteralOffloadedMetadata, LiteralType, Primitive, Scalar, SimpleType, StructuredDataset, Union,
    Void, literal, literal_type, primitive, scalar,
};
use flyte_types::wire::{encode_canonical, encode_general};
use proptest::prelude::*;

fn key() -> impl Strategy<Value = String> {
    prop_oneof!["[ab]{0,3}", ".{0,4}"]
}

fn primitive() -> impl Strategy<Value = Option<primitive::Value>> {
    prop::option::of(prop_oneof![
        any::<i64>().prop_map(primitive::Value::Integer),
        any::<f64>().prop_map(primitive::Value::FloatValue),
        ".{0,8}".prop_map(primitive::Value::StringValue),
        any::<bool>().prop_map(primitive::Value::Boolean),
        (any::<i64>(), any::<i32>()).prop_map(|(seconds, nanos)| primitive::Value::Datetime(
            prost_types::Timestamp { seconds, nanos }
        )),
        (any::<i64>(), any::<i32>()).prop_map(|(seconds, nanos)| primitive::Value::Duration(
            prost_types::Duration { seconds, nanos }
        )),
    ])
}

fn literal_type() -> impl Strategy<Value = LiteralType> {
    (0i32..10, ".{0,3}").prop_map(|(s, tag)| LiteralType {
        r#type: Some(literal_type::Type::Simple(s)),
        structure: (!tag.is_empty()).then(|| flyte_types::idl::core::TypeStructure {
            tag,
            ..Default::default()
        }),
        metadata: Some(prost_types::Struct::default()),
        ..Default::default()
    })
}

fn leaf_scalar() -> impl Strategy<Value = Option<scalar::Value>> {
    prop::option::of(prop_oneof![
        primitive().prop_map(|value| scalar::Value::Primitive(Primitive { value })),
        (prop::collection::vec(any::<u8>(), 0..6), ".{0,4}")
            .prop_map(|(value, tag)| scalar::Value::Binary(Binary { value, tag })),
        Just(scalar::Value::NoneType(Void {})),
        (".{0,4}", ".{0,3}").prop_map(|(uri, format)| scalar::Value::Blob(Blob {
            uri,
            metadata: Some(BlobMetadata {
                r#type: Some(BlobType {
                    format,
                    dimensionality: 1
                })
            }),
        })),
        ".{0,4}".prop_map(|message| scalar::Value::Error(Error {
            message,
            ..Default::default()
        })),
        ".{0,4}".prop_map(
            |uri| scalar::Value::StructuredDataset(Box::new(StructuredDataset {
                uri,
                metadata: None
            }))
        ),
        prop::collection::btree_map(key(), any::<f64>(), 0..3).prop_map(
            |m| scalar::Value::Generic(prost_types::Struct {
                fields: m
                    .into_iter()
                    .map(|(k, v)| (
                        k,
                        prost_types::Value {
                            kind: Some(prost_types::value::Kind::NumberValue(v))
                        }
                    ))
                    .collect(),
            })
        ),
    ])
}

fn decorate(lit: Literal) -> impl Strategy<Value = Literal> {
    (
        Just(lit),
        prop_oneof![Just(String::new()), ".{0,4}"],
        prop::collection::btree_map(key(), ".{0,3}", 0..3),
    )
        .prop_map(|(mut lit, hash, metadata)| {
            lit.hash = hash;
            lit.metadata = metadata;
            lit
        })
}

fn literal() -> impl Strategy<Value = Literal> {
    let leaf = prop_oneof![
        leaf_scalar().prop_map(|value| Literal {
            value: Some(literal::Value::Scalar(Box::new(Scalar { value }))),
            ..Default::default()
        }),
        ".{0,4}".prop_map(|uri| Literal {
            value: Some(literal::Value::OffloadedMetadata(Box::new(
                LiteralOffloadedMetadata {
                    uri,
                    ..Default::default()
                }
            ))),
            ..Default::default()
        }),
        Just(Literal::default()),
    ]
    .prop_flat_map(decorate);
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(|literals| Literal {
                value: Some(literal::Value::Collection(LiteralCollection { literals })),
                ..Default::default()
            }),
            prop::collection::btree_map(key(), inner.clone(), 0..5).prop_map(|literals| Literal {
                value: Some(literal::Value::Map(LiteralMap { literals })),
                ..Default::default()
            }),
            (prop::option::of(inner), prop::option::of(literal_type())).prop_map(|(v, t)| {
                Literal {
                    value: Some(literal::Value::Scalar(Box::new(Scalar {
                        value: Some(scalar::Value::Union(Box::new(Union {
                            value: v.map(Box::new),
                            r#type: t,
                        }))),
                    }))),
                    ..Default::default()
                }
            }),
        ]
        .prop_flat_map(decorate)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn the_literal_encoder_writes_what_the_general_path_writes(lit in literal()) {
        prop_assert_eq!(encode_canonical(&lit), encode_general(&lit));
    }
}

#[test]
fn simple_types_are_covered() {
    // A LiteralType through the generic entry point still takes the general path.
    let t = LiteralType {
        r#type: Some(literal_type::Type::Simple(SimpleType::Integer as i32)),
        ..Default::default()
    };
    assert_eq!(encode_canonical(&t), encode_general(&t));
}
