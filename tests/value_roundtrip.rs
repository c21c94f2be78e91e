//! Property tests: for every family, `Value → Literal → bytes → Literal → Value` and
//! `Value → canonical JSON → Value` give back the same canonical value.

use flyte_types::engine::{Dir, File};
use flyte_types::idl::core::{
    BlobType, EnumType, Literal, LiteralType, SimpleType, TypeStructure, UnionType,
    blob_type::BlobDimensionality, literal_type::Type,
};
use flyte_types::value::{self, Duration, PickleData, Pickled, Timestamp, Value, canonical_diff};
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
    let path = crate::corpus::interop()
        .join("flyte2")
        .join(case)
        .join("type.pb");
    LiteralType::decode(crate::corpus::read(path).as_slice()).unwrap()
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
                        Value::Dir(Box::new(Dir {
                            uri,
                            format,
                            hash,
                            name: None,
                        }))
                    } else {
                        Value::File(Box::new(File {
                            uri,
                            format,
                            hash,
                            name: None,
                        }))
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
                    Value::Pickle(Box::new(Pickled {
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

// ---- how the SDK's readers treat nested shapes (the data model's reading rules) ----

/// A STRUCT type with `schema` as its metadata, tagged for mashumaro or pydantic.
fn struct_type(schema: serde_json::Value, pydantic: bool) -> LiteralType {
    let serde_json::Value::Object(o) = schema else {
        panic!("a schema is an object")
    };
    value::__fuzz::schema_type(&o, pydantic)
}

fn msgpack_literal(doc: &flyte_types::msgpack::Msg) -> Literal {
    value::__fuzz::msgpack_literal(flyte_types::msgpack::to_vec(doc).unwrap())
}

fn map(entries: &[(&str, flyte_types::msgpack::Msg)]) -> flyte_types::msgpack::Msg {
    use flyte_types::msgpack::Msg;
    Msg::Map(
        entries
            .iter()
            .map(|(k, v)| (Msg::Str(k.to_string()), v.clone()))
            .collect(),
    )
}

/// `{u: Union[A, B]}` where A = {x: int} and B = {x: int, when: datetime}.
fn union_of_subset_schema() -> serde_json::Value {
    serde_json::json!({
        "type": "object", "title": "H", "required": ["u"],
        "properties": {"u": {"anyOf": [
            {"type": "object", "title": "A", "required": ["x"],
             "properties": {"x": {"type": "integer"}}},
            {"type": "object", "title": "B", "required": ["x", "when"],
             "properties": {"x": {"type": "integer"},
                            "when": {"type": "string", "format": "date-time"}}}
        ]}}
    })
}

#[test]
fn a_union_of_structs_reads_as_each_sdk_reads_it() {
    use flyte_types::msgpack::Msg;
    let payload = msgpack_literal(&map(&[(
        "u",
        map(&[
            ("x", Msg::Int(1)),
            ("when", Msg::Str("2024-01-02T03:04:05Z".into())),
        ]),
    )]));
    // pydantic's smart union: both models validate, B sets more fields and wins (typed datetime).
    let pyd = value::decode(&struct_type(union_of_subset_schema(), true), &payload).unwrap();
    assert_eq!(
        pyd.to_json(),
        serde_json::json!({"u": {"x": 1, "when": "2024-01-02T03:04:05Z"}})
    );
    assert!(
        matches!(&pyd, Value::Map(f) if matches!(&f[0].1, Value::Map(u) if matches!(u[1].1, Value::Datetime(_))))
    );
    // mashumaro: the first variant that reads wins and ignores the key it does not know.
    let mut dec = value::Decoder::new();
    let dc = dec
        .decode(&struct_type(union_of_subset_schema(), false), &payload)
        .unwrap();
    assert_eq!(dc.to_json(), serde_json::json!({"u": {"x": 1}}));
    assert_eq!(
        dec.lossy_notes(),
        ["field \"when\" is not in the schema: dropped, as the SDK's reader drops it"]
    );
    // A variant missing a required field is not taken: B's payload without `x` fits neither.
    let neither = msgpack_literal(&map(&[(
        "u",
        map(&[("when", Msg::Str("2024-01-02T03:04:05Z".into()))]),
    )]));
    let err = value::decode(&struct_type(union_of_subset_schema(), false), &neither).unwrap_err();
    assert_eq!(
        err.to_string(),
        "at u: no union variant accepts the value: expected A {x}, found an object with keys {when}; \
         missing required field \"x\""
    );
}

#[test]
fn absent_fields_take_schema_defaults_and_ints_in_float_fields_read_as_floats() {
    use flyte_types::msgpack::Msg;
    let schema = serde_json::json!({
        "type": "object", "title": "R", "required": ["ratio"],
        "properties": {
            "ratio": {"type": "number"},
            "label": {"type": "string", "default": "dflt"},
            "maybe": {"anyOf": [{"type": "integer"}, {"type": "null"}], "default": null}
        }
    });
    let lit = msgpack_literal(&map(&[("ratio", Msg::Int(1)), ("extra", Msg::Bool(true))]));
    let mut dec = value::Decoder::new();
    let v = dec
        .decode(&struct_type(schema.clone(), true), &lit)
        .unwrap();
    assert_eq!(
        v.to_json(),
        serde_json::json!({"ratio": 1.0, "label": "dflt", "maybe": null})
    );
    assert_eq!(
        dec.lossy_notes(),
        [
            "int 1 in a float field (the SDK reads 1.0)",
            "field \"extra\" is not in the schema: dropped, as the SDK's reader drops it",
            "field \"label\" is absent on the wire: the schema's default is read",
            "field \"maybe\" is absent on the wire: the schema's default is read",
        ]
    );
    let missing = msgpack_literal(&map(&[("label", Msg::Str("x".into()))]));
    let err = value::decode(&struct_type(schema, true), &missing).unwrap_err();
    assert_eq!(err.to_string(), "missing required field \"ratio\"");
}

#[test]
fn untyped_dicts_carry_uint64_and_note_nan() {
    use flyte_types::msgpack::Msg;
    let untyped = struct_type(serde_json::json!({}), false);
    let doc = map(&[("big", Msg::UInt(u64::MAX)), ("nan", Msg::F64(f64::NAN))]);
    let lit = msgpack_literal(&doc);
    let mut dec = value::Decoder::new();
    let v = dec.decode(&untyped, &lit).unwrap();
    let Value::Map(entries) = &v else {
        panic!("an untyped dict reads as a map: {v:?}")
    };
    assert_eq!(entries[0], ("big".to_string(), Value::UInt(u64::MAX)));
    assert!(matches!(entries[1], (ref k, Value::Float(f)) if k == "nan" && f.is_nan()));
    assert_eq!(
        v.to_json(),
        serde_json::json!({"big": 18446744073709551615u64, "nan": "NaN"})
    );
    assert_eq!(
        dec.lossy_notes(),
        ["float \"NaN\" without a schema (canonical JSON reads it back as a string)"]
    );
    // uint64 goes back out as msgpack uint64 (0xcf), as Python's msgpack wrote it.
    let back = value::encode(
        &untyped,
        &serde_json::json!({"big": 18446744073709551615u64}),
    )
    .unwrap();
    assert_eq!(
        wire::encode_canonical(&back),
        wire::encode_canonical(&msgpack_literal(&map(&[("big", Msg::UInt(u64::MAX))])))
    );
}

#[test]
fn another_structs_payload_says_so() {
    use flyte_types::msgpack::Msg;
    let order = serde_json::json!({
        "type": "object", "title": "Order", "required": ["id", "total"],
        "properties": {"id": {"type": "integer"}, "total": {"type": "number"}}
    });
    let item = msgpack_literal(&map(&[("sku", Msg::Str("a".into())), ("qty", Msg::Int(2))]));
    let err = value::decode(&struct_type(order, false), &item).unwrap_err();
    assert_eq!(
        err.to_string(),
        "expected Order {id, total}, found an object with keys {sku, qty}"
    );
}
