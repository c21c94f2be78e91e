//! Property tests: for every family, `Value → Literal → bytes → Literal → Value` and
//! `Value → canonical JSON → Value` give back the same canonical value.

use flyte_types::idl::core::{
    BlobType, EnumType, Literal, LiteralType, SimpleType, TypeStructure, UnionType,
    blob_type::BlobDimensionality, literal_type::Type,
};
use flyte_types::value::{
    self, BlobRef, Duration, PickleData, PickleRef, Timestamp, Value, canonical_diff,
};
use flyte_types::wire;
use proptest::prelude::*;
use prost::Message;

fn simple(s: SimpleType) -> LiteralType {
    LiteralType {
        r#type: Some(Type::Simple(s as i32)),
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
fn corpus_type(case: &str) -> LiteralType {
    let path = format!(
        "{}/../shared/interop/flyte2/{case}/type.pb",
        env!("CARGO_MANIFEST_DIR")
    );
    LiteralType::decode(std::fs::read(path).unwrap().as_slice()).unwrap()
}

fn leaf() -> impl Strategy<Value = (LiteralType, Value)> {
    prop_oneof![
        any::<i64>().prop_map(|i| (simple(SimpleType::Integer), Value::Int(i))),
        any::<f64>().prop_map(|f| (simple(SimpleType::Float), Value::Float(f))),
        ".*".prop_map(|s| (simple(SimpleType::String), Value::String(s))),
        any::<bool>().prop_map(|b| (simple(SimpleType::Boolean), Value::Bool(b))),
        Just((simple(SimpleType::None), Value::None)),
        (-62_135_596_800i64..253_402_300_799, 0i32..1_000_000).prop_map(|(s, us)| {
            (
                simple(SimpleType::Datetime),
                Value::Datetime(Timestamp::new(s, us * 1000).unwrap()),
            )
        }),
        (
            -1_000_000_000_000i64..1_000_000_000_000,
            0i32..1_000_000_000
        )
            .prop_map(|(s, n)| {
                let n = if s < 0 { -n } else { n };
                (
                    simple(SimpleType::Duration),
                    Value::Duration(Duration::new(s, n).unwrap()),
                )
            }),
        prop::collection::vec("[A-Z]{1,6}", 1..5).prop_flat_map(|values| {
            let ty = LiteralType {
                r#type: Some(Type::EnumType(EnumType {
                    values: values.clone(),
                })),
                ..Default::default()
            };
            prop::sample::select(values).prop_map(move |v| (ty.clone(), Value::String(v)))
        }),
        (
            "[a-z0-9/._-]{1,20}",
            "[a-z]{0,4}",
            prop::option::of("[0-9a-f]{8}"),
            any::<bool>()
        )
            .prop_map(|(uri, format, hash, dir)| {
                let blob = BlobRef { uri, format, hash };
                let dims = if dir {
                    BlobDimensionality::Multipart
                } else {
                    BlobDimensionality::Single
                };
                let ty = LiteralType {
                    r#type: Some(Type::Blob(BlobType {
                        format: String::new(),
                        dimensionality: dims as i32,
                    })),
                    ..Default::default()
                };
                (
                    ty,
                    if dir {
                        Value::Dir(Box::new(blob))
                    } else {
                        Value::File(Box::new(blob))
                    },
                )
            }),
        (
            prop::collection::vec(any::<u8>(), 0..64),
            prop::option::of("[0-9a-f]{32}")
        )
            .prop_map(|(bytes, hash)| {
                (
                    corpus_type("pickle_any"),
                    Value::Pickle(Box::new(PickleRef {
                        data: PickleData::Inline(bytes),
                        hash,
                    })),
                )
            }),
        (any::<i64>(), any::<f64>(), ".*", any::<bool>()).prop_map(|(i, f, s, b)| {
            let fields = vec![
                ("i".to_string(), Value::Int(i)),
                ("f".to_string(), Value::Float(f)),
                ("s".to_string(), Value::String(s)),
                ("b".to_string(), Value::Bool(b)),
            ];
            (
                corpus_type(if b { "dc_flat" } else { "pyd_flat" }),
                Value::Map(fields),
            )
        }),
        json_like(3).prop_map(|v| (corpus_type("dict_untyped_mixed"), v)),
    ]
}

/// The values an untyped dict can hold (keys are strings: int keys are lossy by design).
fn json_like(depth: u32) -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::None),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::Int),
        any::<f64>().prop_map(Value::Float),
        ".{0,8}".prop_map(Value::String),
        prop::collection::vec(any::<u8>(), 0..8).prop_map(Value::Bytes),
    ];
    leaf.prop_recursive(depth, 32, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::List),
            prop::collection::btree_map("[a-z]{1,4}", inner, 0..4)
                .prop_map(|m| Value::Map(m.into_iter().collect())),
        ]
    })
    .prop_map(|v| Value::Map(vec![("root".into(), v)]))
}

fn typed_value() -> impl Strategy<Value = (LiteralType, Value)> {
    leaf().prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            // list[T]: all elements share the element type.
            inner.clone().prop_flat_map(|(ty, v)| {
                prop::collection::vec(Just(v), 0..4).prop_map(move |items| {
                    let list = LiteralType {
                        r#type: Some(Type::CollectionType(Box::new(ty.clone()))),
                        ..Default::default()
                    };
                    (list, Value::List(items))
                })
            }),
            // dict[str, T]: entries sorted by key, as LiteralMap keeps them.
            (
                inner.clone(),
                prop::collection::btree_set("[a-z]{0,5}", 0..4)
            )
                .prop_map(|((ty, v), keys)| {
                    let map = LiteralType {
                        r#type: Some(Type::MapValueType(Box::new(ty))),
                        ..Default::default()
                    };
                    (
                        map,
                        Value::Map(keys.into_iter().map(|k| (k, v.clone())).collect()),
                    )
                }),
            // Optional[T] with a value or None.
            (inner, any::<bool>()).prop_map(|((ty, v), none)| {
                if matches!(ty.r#type, Some(Type::UnionType(_))) || value_is_none(&v) {
                    return (ty, v);
                }
                let union = LiteralType {
                    r#type: Some(Type::UnionType(UnionType {
                        variants: vec![tagged(ty, "T"), tagged(simple(SimpleType::None), "none")],
                    })),
                    ..Default::default()
                };
                (union, if none { Value::None } else { v })
            }),
        ]
    })
}

fn value_is_none(v: &Value) -> bool {
    matches!(v, Value::None | Value::Pickle(_))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn value_literal_bytes_round_trip((ty, v) in typed_value()) {
        let literal = v.to_literal(&ty).unwrap();
        let bytes = wire::encode_canonical(&literal);
        let back = value::decode(&ty, &Literal::decode(bytes.as_slice()).unwrap()).unwrap();
        prop_assert_eq!(canonical_diff(&v.to_json(), &back.to_json()), None);
    }

    #[test]
    fn canonical_json_round_trip((ty, v) in typed_value()) {
        let json = v.to_json();
        let again = Value::from_json(&ty, &json).unwrap();
        prop_assert_eq!(canonical_diff(&json, &again.to_json()), None);
        // And encoding from JSON gives the bytes of encoding the value directly.
        let a = wire::encode_canonical(&value::encode(&ty, &json).unwrap());
        let b = wire::encode_canonical(&v.to_literal(&ty).unwrap());
        prop_assert_eq!(a, b);
    }
}
