//! Castability on the golden corpus: every type is castable to itself, every literal's inferred
//! type (propeller's `LiteralTypeForLiteral`) is castable to its declared type, except two cases
//! that propeller itself rejects, and flytekit v1 ↔ Flyte 2 counterparts behave as propeller
//! would judge them.

use crate::cast_support;

use cast_support::*;
use flyte_types::cast::CastErrorKind;
use flyte_types::cast::{describe_type, is_castable, literal_type_of};
use flyte_types::idl::core::literal;
use std::collections::BTreeMap;

/// The castability detail of a result of the `cast` functions.
fn cast<T>(r: Result<T, flyte_types::Error>) -> Result<T, CastErrorKind> {
    r.map_err(|e| match e.kind() {
        flyte_types::ErrorKind::Cast(kind) => kind.clone(),
        other => panic!("not a castability error: {other:?}"),
    })
}

#[test]
fn every_corpus_type_is_castable_to_itself() {
    let cases = corpus_cases();
    assert_eq!(cases.len(), 99);
    for case in cases {
        let t = read_type(&case.join("type.pb"));
        assert_eq!(cast(is_castable(&t, &t)), Ok(()), "{}", case_name(&case));
    }
}

/// Cases whose literal propeller would reject against their own declared type.
fn expected_rejections() -> BTreeMap<&'static str, &'static str> {
    BTreeMap::from([
        // `{"outer": {...}, "empty": {}}`: the empty inner dict infers `map<NONE>`, the other
        // `map<FLOAT>`, so the values' type is a union of both. The empty-collection rule that
        // drops `[]` elements (literalTypeForLiterals) only applies to *collections*, not maps,
        // and a union is not castable to `map<FLOAT>`. Propeller rejects this execution input.
        (
            "flyte2/dict_nested",
            "map_value_type: union{map<FLOAT> | map<NONE>} is not castable to map<FLOAT>",
        ),
        // `Annotated[pandas.DataFrame, "csv"]`: the type says csv, the literal's dataset metadata
        // says parquet (the SDK ignores the annotation when writing). Both formats are non-empty
        // and differ, so propeller's structured-dataset check fails.
        (
            "flyte2/df_pandas_csv_annotated",
            "structured_dataset_type: dataset format \"parquet\" is not castable to format \"csv\"",
        ),
    ])
}

#[test]
fn every_corpus_literal_type_is_castable_to_its_type() {
    let rejections = expected_rejections();
    let mut seen_rejections = Vec::new();
    for case in corpus_cases() {
        let name = case_name(&case);
        let declared = read_type(&case.join("type.pb"));
        let lit = read_literal(&case.join("literal.pb"));
        let inferred = cast(literal_type_of(&lit)).unwrap_or_else(|e| panic!("{name}: {e}"));
        let result = cast(is_castable(&inferred, &declared)).map_err(|e| e.to_string());
        match rejections.get(name.as_str()) {
            Some(reason) => {
                assert_eq!(result, Err(reason.to_string()), "{name}");
                seen_rejections.push(name);
            }
            None => assert_eq!(
                result,
                Ok(()),
                "{name}: inferred {}",
                describe_type(&inferred)
            ),
        }
    }
    assert_eq!(seen_rejections.len(), rejections.len());
}

#[test]
fn offloaded_literal_uses_its_inferred_type_and_so_does_the_stored_literal() {
    let case = corpus_root().join("flyte2/offloaded_list_int");
    let lit = read_literal(&case.join("literal.pb"));
    let Some(literal::Value::OffloadedMetadata(meta)) = &lit.value else {
        panic!("not offloaded");
    };
    let inferred = cast(literal_type_of(&lit)).unwrap();
    assert_eq!(Some(&inferred), meta.inferred_type.as_ref());
    assert_eq!(describe_type(&inferred), "list<INTEGER>");
    // The literal stored at the uri (copied under data/) infers the same type.
    let rel = meta.uri.strip_prefix("/tmp/flyte-golden/").unwrap();
    let inner = read_literal(&case.join("data").join(rel));
    assert_eq!(cast(literal_type_of(&inner)).unwrap(), inferred);
}

#[test]
fn inferred_types_of_corpus_literals() {
    let expect = [
        ("flyte2/int_42", "INTEGER"),
        ("flyte2/none_value", "NONE"),
        ("flyte2/enum_color", "STRING"),
        ("flyte2/dc_flat", "STRUCT"),
        ("flyte2/dict_untyped_mixed", "STRUCT"),
        ("flyte2/bytes_pickle_small", "BINARY"),
        ("flyte2/pickle_large_blob", "blob(SINGLE, \"PythonPickle\")"),
        ("flyte2/file_remote_csv", "blob(SINGLE, \"csv\")"),
        ("flyte2/dir_remote", "blob(MULTIPART, \"csv\")"),
        ("flyte2/list_empty", "list<NONE>"),
        ("flyte2/dict_empty", "map<NONE>"),
        // `[[1.5, 2.0], [], [-0.25]]`: the empty inner list does not count.
        ("flyte2/list_list_float", "list<list<FLOAT>>"),
        // Two distinct singular unions, sorted by Go text (`simple:INTEGER` < `simple:NONE`).
        (
            "flyte2/list_optional_int",
            "list<union{union{INTEGER (tag \"int\")} | union{NONE (tag \"none\")}}>",
        ),
        ("flyte2/optional_int_value", "union{INTEGER (tag \"int\")}"),
        (
            "flyte2/df_flyte_columns",
            "structured_dataset(\"parquet\"; a: INTEGER, b: STRING)",
        ),
    ];
    for (name, want) in expect {
        let lit = read_literal(&corpus_root().join(name).join("literal.pb"));
        assert_eq!(
            describe_type(&cast(literal_type_of(&lit)).unwrap()),
            want,
            "{name}"
        );
    }
}

/// flytekit v1 type → its Flyte 2 counterpart's type, and back. `None` = castable.
#[test]
fn flytekit1_and_flyte2_counterparts() {
    let root = corpus_root();
    let rows: [(&str, &str, Option<&str>, Option<&str>); 8] = [
        (
            "dc_flat",
            "dc_flat",
            None,
            Some(
                "STRUCT(Flat) (tag \"Object-Dataclass-Transformer\") is not castable to STRUCT(Flat): structure tag \"Object-Dataclass-Transformer\" differs from \"\"",
            ),
        ),
        (
            "pyd_flat",
            "pyd_flat",
            None,
            Some(
                "STRUCT(PFlat) (tag \"Pydantic Transformer\") is not castable to STRUCT(PFlat): structure tag \"Pydantic Transformer\" differs from \"\"",
            ),
        ),
        // v1 writes enum values into the schema, Flyte 2 names.
        (
            "pyd_complex",
            "pyd_complex",
            Some(
                "STRUCT schema is not castable: at #/$defs/Color: enum value \"red\" is not allowed downstream",
            ),
            Some(
                "STRUCT(PComplex) (tag \"Pydantic Transformer\") is not castable to STRUCT(PComplex): structure tag \"Pydantic Transformer\" differs from \"\"",
            ),
        ),
        (
            "enum_color",
            "enum_color",
            Some("enum{red, green, blue} is not castable to enum{RED, GREEN, BLUE}"),
            Some("enum{RED, GREEN, BLUE} is not castable to enum{red, green, blue}"),
        ),
        // v1 pickles are plain blobs; a Flyte 2 pickle union cannot feed a plain blob.
        (
            "pickle_user_class",
            "pickle_user_class",
            None,
            Some(
                "union{blob(SINGLE, \"PythonPickle\") (tag \"FlytePickle\") | BINARY (tag \"FlytePickle\")} is not castable to blob(SINGLE, \"PythonPickle\")",
            ),
        ),
        // "" is a blob-format wildcard both ways.
        ("flytefile_remote_csv", "file_remote_csv", None, None),
        ("union_dataclasses_cat", "union_dataclasses_cat", None, None),
        ("list_list_float", "list_list_float", None, None),
    ];
    for (v1, v2, v1_to_v2, v2_to_v1) in rows {
        let t1 = read_type(&root.join("flytekit1").join(v1).join("type.pb"));
        let t2 = read_type(&root.join("flyte2").join(v2).join("type.pb"));
        let err = |r: Result<(), flyte_types::cast::CastErrorKind>| r.err().map(|e| e.to_string());
        assert_eq!(
            err(cast(is_castable(&t1, &t2))).as_deref(),
            v1_to_v2,
            "{v1} → {v2}"
        );
        assert_eq!(
            err(cast(is_castable(&t2, &t1))).as_deref(),
            v2_to_v1,
            "{v2} → {v1}"
        );
    }
}
