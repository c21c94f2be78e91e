//! `literal_type_of`: propeller's `LiteralTypeForLiteral`, including the multiple-type union
//! building, the empty-collection NONE rule, and our errors for malformed literals.

use crate::cast_support;

use cast_support::*;
use flyte_types::cast::{
    CastErrorKind, describe_type, is_castable, is_literal_castable, literal_type_of,
};
use flyte_types::idl::core::{
    BlobType, Error, Literal, LiteralOffloadedMetadata, Primitive, Scalar, Union,
    blob_type::BlobDimensionality, literal, scalar,
};

/// The castability detail of a result of the `cast` functions.
fn cast<T>(r: Result<T, flyte_types::Error>) -> Result<T, CastErrorKind> {
    r.map_err(|e| match e.kind() {
        flyte_types::ErrorKind::Cast(kind) => kind.clone(),
        other => panic!("not a castability error: {other:?}"),
    })
}

fn inferred(lit: &Literal) -> String {
    describe_type(&cast(literal_type_of(lit)).expect("inferable"))
}

#[test]
fn scalars() {
    assert_eq!(inferred(&lit_int(1)), "INTEGER");
    assert_eq!(inferred(&lit_float(1.5)), "FLOAT");
    assert_eq!(inferred(&lit_str("x")), "STRING");
    assert_eq!(inferred(&lit_none()), "NONE");
    // A primitive with no value set is NONE.
    assert_eq!(
        inferred(&lit_scalar(scalar::Value::Primitive(Primitive {
            value: None
        }))),
        "NONE"
    );
    assert_eq!(inferred(&lit_binary("msgpack")), "STRUCT");
    assert_eq!(inferred(&lit_binary("")), "BINARY");
    assert_eq!(inferred(&lit_binary("MsgPack")), "BINARY");
    assert_eq!(
        inferred(&lit_scalar(scalar::Value::Generic(Default::default()))),
        "STRUCT"
    );
    assert_eq!(
        inferred(&lit_scalar(scalar::Value::Error(Error::default()))),
        "ERROR"
    );
    let dir = BlobType {
        format: "".into(),
        dimensionality: BlobDimensionality::Multipart as i32,
    };
    assert_eq!(inferred(&lit_blob(Some(dir))), "blob(MULTIPART)");
    assert_eq!(
        inferred(&lit_union(lit_int(3), tagged(int(), "int"))),
        "union{INTEGER (tag \"int\")}"
    );
}

#[test]
fn collections_and_maps() {
    assert_eq!(
        inferred(&lit_list(vec![lit_int(1), lit_int(2), lit_int(3)])),
        "list<INTEGER>"
    );
    assert_eq!(inferred(&lit_list(vec![])), "list<NONE>");
    assert_eq!(inferred(&lit_map(vec![])), "map<NONE>");
    // Distinct types become a union sorted by their Go text (`simple:INTEGER` < `simple:STRING`),
    // whatever the element order.
    assert_eq!(
        inferred(&lit_list(vec![lit_int(1), lit_str("a")])),
        "list<union{INTEGER | STRING}>"
    );
    assert_eq!(
        inferred(&lit_list(vec![lit_str("a"), lit_int(1)])),
        "list<union{INTEGER | STRING}>"
    );
    assert_eq!(
        inferred(&lit_map(vec![
            ("a", lit_int(1)),
            ("b", lit_float(2.0)),
            ("c", lit_int(3))
        ])),
        "map<union{FLOAT | INTEGER}>"
    );
    // Empty inner lists count only when there is nothing else.
    assert_eq!(
        inferred(&lit_list(vec![lit_list(vec![]), lit_list(vec![])])),
        "list<list<NONE>>"
    );
    assert_eq!(
        inferred(&lit_list(vec![
            lit_list(vec![]),
            lit_list(vec![lit_int(1)]),
            lit_list(vec![])
        ])),
        "list<list<INTEGER>>"
    );
    // ... but empty inner maps are ordinary elements.
    assert_eq!(
        inferred(&lit_list(vec![
            lit_map(vec![]),
            lit_map(vec![("a", lit_int(1))])
        ])),
        "list<union{map<INTEGER> | map<NONE>}>"
    );
}

#[test]
fn nested_collection_unions_are_flattened() {
    // [[1, "a"], [2.0]]: element types list<FLOAT> and list<union{INTEGER | STRING}>, sorted
    // (`collection_type:{simple:...` < `collection_type:{union_type:...`); the union one is
    // flattened into its variants and the whole wrapped as collection(union(...)).
    let lit = lit_list(vec![
        lit_list(vec![lit_int(1), lit_str("a")]),
        lit_list(vec![lit_float(2.0)]),
    ]);
    assert_eq!(
        inferred(&lit),
        "list<list<union{list<FLOAT> | INTEGER | STRING}>>"
    );
}

#[test]
fn union_elements_and_castability() {
    let optional_int = union(vec![tagged(int(), "int"), tagged(none(), "none")]);
    let lit = lit_list(vec![
        lit_union(lit_int(1), tagged(int(), "int")),
        lit_union(lit_none(), tagged(none(), "none")),
    ]);
    assert_eq!(
        inferred(&lit),
        "list<union{union{INTEGER (tag \"int\")} | union{NONE (tag \"none\")}}>"
    );
    assert_eq!(
        cast(is_literal_castable(&lit, &list(optional_int.clone()))),
        Ok(())
    );
    // A union literal whose stored type is not a variant.
    let bad = lit_union(lit_str("x"), tagged(string(), "str"));
    assert_eq!(
        cast(is_literal_castable(&bad, &optional_int))
            .unwrap_err()
            .to_string(),
        "union_type.variants[0]: STRING (tag \"str\") matches no variant of union{INTEGER (tag \"int\") | NONE (tag \"none\")}"
    );
    // A raw (non-union) string into a union with a string and an enum variant: ambiguous.
    let str_or_enum = union(vec![tagged(string(), "str"), tagged(enm(&["a"]), "E")]);
    assert!(matches!(
        cast(is_literal_castable(&lit_str("a"), &str_or_enum)),
        Err(CastErrorKind::AmbiguousUnion { .. })
    ));
    // An int literal for a float parameter: no widening.
    assert_eq!(
        cast(is_castable(
            &literal_type_of(&lit_int(42)).unwrap(),
            &float()
        ))
        .unwrap_err()
        .to_string(),
        "INTEGER is not castable to FLOAT"
    );
}

#[test]
fn offloaded_literals_use_their_inferred_type() {
    let lit = Literal {
        value: Some(literal::Value::OffloadedMetadata(Box::new(
            LiteralOffloadedMetadata {
                uri: "s3://x".into(),
                size_bytes: 10,
                inferred_type: Some(list(int())),
            },
        ))),
        ..Default::default()
    };
    assert_eq!(inferred(&lit), "list<INTEGER>");
}

#[test]
fn malformed_literals_are_errors_with_paths() {
    let cases: Vec<(Literal, &str)> = vec![
        (
            Literal::default(),
            "unknown literal type: literal has no value",
        ),
        (
            Literal {
                value: Some(literal::Value::Scalar(Box::new(Scalar { value: None }))),
                ..Default::default()
            },
            "scalar: unknown literal type: scalar has no value",
        ),
        (
            lit_blob(None),
            "scalar: unknown literal type: blob without metadata",
        ),
        (
            lit_scalar(scalar::Value::Union(Box::new(Union {
                value: None,
                r#type: None,
            }))),
            "scalar: unknown literal type: union literal without a type",
        ),
        (
            Literal {
                value: Some(literal::Value::OffloadedMetadata(Box::default())),
                ..Default::default()
            },
            "unknown literal type: offloaded literal without inferred_type",
        ),
        (
            lit_list(vec![lit_int(1), lit_map(vec![("k", Literal::default())])]),
            "collection.literals[1].map.literals[\"k\"]: unknown literal type: literal has no value",
        ),
    ];
    for (lit, want) in cases {
        let err = cast(literal_type_of(&lit)).unwrap_err();
        assert!(matches!(err, CastErrorKind::UnrecognizedLiteral { .. }));
        assert_eq!(err.to_string(), want);
    }
}
