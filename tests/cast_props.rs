//! Property tests: every generated LiteralType (bounded depth) is castable to itself, and
//! neither castability nor inference panics on arbitrary pairs.

use crate::cast_support;

use cast_support::*;
use flyte_types::cast::{describe_type, is_castable};
use flyte_types::idl::core::{
    LiteralType, SimpleType, blob_type::BlobDimensionality,
    schema_type::schema_column::SchemaColumnType,
};
use proptest::prelude::*;
use serde_json::json;

fn leaf() -> impl Strategy<Value = LiteralType> {
    prop_oneof![
        (0i32..=9).prop_map(|s| of(flyte_types::idl::core::literal_type::Type::Simple(s))),
        Just(LiteralType::default()),
        proptest::collection::vec("[A-Z]{1,3}", 0..4).prop_map(|v| {
            let refs: Vec<&str> = v.iter().map(String::as_str).collect();
            enm(&refs)
        }),
        (prop_oneof![Just(""), Just("csv"), Just("PythonPickle")], any::<bool>()).prop_map(
            |(f, multi)| blob(f, if multi { BlobDimensionality::Multipart } else { BlobDimensionality::Single })
        ),
        proptest::collection::btree_map("[a-d]", 0i32..=5, 0..3).prop_map(|cols| {
            schema(
                cols.iter()
                    .map(|(n, t)| (n.as_str(), SchemaColumnType::try_from(*t).unwrap()))
                    .collect(),
            )
        }),
        prop_oneof![
            Just(json!({"type": "object", "properties": {"a": {"type": "integer"}}, "required": ["a"]})),
            Just(json!({"$defs": {"I": {"type": "object", "properties": {"x": {"type": "string"}}}},
                        "type": "object", "properties": {"i": {"$ref": "#/$defs/I"}}})),
            Just(json!({"title": "Empty"})),
        ]
        .prop_map(struct_with),
    ]
}

fn literal_type() -> impl Strategy<Value = LiteralType> {
    leaf().prop_recursive(5, 48, 4, |inner| {
        prop_oneof![
            inner.clone().prop_map(list),
            inner.clone().prop_map(map),
            proptest::collection::vec(inner.clone(), 0..4).prop_map(union),
            (inner.clone(), "[a-z ]{1,6}").prop_map(|(t, tag)| tagged(t, &tag)),
            (
                prop_oneof![Just(""), Just("parquet"), Just("CSV")],
                proptest::collection::btree_map("[a-d]", inner, 0..3)
            )
                .prop_map(|(f, cols)| sd(
                    f,
                    cols.into_iter()
                        .map(|(n, t)| (Box::leak(n.into_boxed_str()) as &str, t))
                        .collect()
                )),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn every_type_is_castable_to_itself(t in literal_type()) {
        prop_assert_eq!(is_castable(&t, &t), Ok(()), "{}", describe_type(&t));
    }

    #[test]
    fn arbitrary_pairs_never_panic(a in literal_type(), b in literal_type()) {
        let _ = is_castable(&a, &b).map_err(|e| e.to_string());
        let _ = describe_type(&a);
    }

    #[test]
    fn optional_accepts_its_type_and_none(t in literal_type()) {
        // Skip types that are NONE themselves or unions (Optional of those is not exactly-one).
        prop_assume!(!matches!(t.r#type, Some(flyte_types::idl::core::literal_type::Type::Simple(0))
            | Some(flyte_types::idl::core::literal_type::Type::UnionType(_))
            | Some(flyte_types::idl::core::literal_type::Type::StructuredDatasetType(_))));
        let opt = union(vec![t.clone(), tagged(none(), "none")]);
        prop_assert_eq!(is_castable(&t, &opt), Ok(()));
        prop_assert_eq!(is_castable(&simple(SimpleType::None), &opt), Ok(()));
    }
}
