//! Propeller's castability rules, row by row: every case of flytepropeller's
//! `pkg/compiler/validators/typing_test.go` (our own test data, same shapes) and every worked
//! example of the reference notes' section C.3, plus the quirks of C.1-C.2.
//!
//! Each row names its source; failing rows assert the exact message.

use crate::cast_support;

use cast_support::*;
use flyte_types::cast::{CastErrorKind, is_castable};
use flyte_types::idl::core::{
    LiteralType, SimpleType,
    blob_type::BlobDimensionality::{Multipart, Single},
    schema_type::schema_column::SchemaColumnType as Col,
};
use serde_json::json;

/// The castability detail of a result of the `cast` functions.
fn cast<T>(r: Result<T, flyte_types::Error>) -> Result<T, CastErrorKind> {
    r.map_err(|e| match e.kind() {
        flyte_types::ErrorKind::Cast(kind) => kind.clone(),
        other => panic!("not a castability error: {other:?}"),
    })
}

struct Row {
    source: &'static str,
    up: LiteralType,
    down: LiteralType,
    expect: Result<(), &'static str>,
}

fn row(
    source: &'static str,
    up: LiteralType,
    down: LiteralType,
    expect: Result<(), &'static str>,
) -> Row {
    Row {
        source,
        up,
        down,
        expect,
    }
}

const OK: Result<(), &str> = Ok(());

/// `class A: a: int` (mashumaro, draft 2020-12, with propeller's test's "AdditionalProperties").
fn schema_a() -> serde_json::Value {
    json!({"required": ["a"], "title": "A", "type": "object", "AdditionalProperties": false,
           "properties": {"a": {"type": "integer"}}})
}
/// `class B: b: A`.
fn schema_b_of_a() -> serde_json::Value {
    json!({"required": ["b"], "title": "B", "type": "object", "AdditionalProperties": false,
           "properties": {"b": schema_a()}})
}
/// `class D: d: C` with `class C: c: str`.
fn schema_d_of_c() -> serde_json::Value {
    json!({"required": ["d"], "title": "D", "type": "object", "AdditionalProperties": false,
           "properties": {"d": {"required": ["c"], "title": "C", "type": "object",
                                "AdditionalProperties": false,
                                "properties": {"c": {"type": "string"}}}}})
}
/// `class B(A): b: Optional[str] = None`.
fn schema_child_of_a() -> serde_json::Value {
    json!({"required": ["a", "b"], "title": "B", "type": "object", "AdditionalProperties": false,
           "properties": {"a": {"type": "integer"},
                          "b": {"default": null, "anyOf": [{"type": "string"}, {"type": "null"}]}}})
}
/// Pydantic `class A(BaseModel): a: int`.
fn schema_pydantic_a() -> serde_json::Value {
    json!({"required": ["a"], "title": "A", "type": "object", "properties": {"a": {"type": "integer"}}})
}

fn rows() -> Vec<Row> {
    let generic_schema = schema(vec![]);
    let generic_sd = sd("", vec![]);
    let subset_int_schema = schema(vec![("a", Col::Integer)]);
    let superset_schema = schema(vec![("a", Col::Integer), ("b", Col::Float)]);
    let superset_sd_parquet = sd("parquet", vec![("a", int()), ("b", float())]);
    let mismatched_schema = schema(vec![("a", Col::Float)]);
    let generic_sd_parquet = sd("parquet", vec![]);
    let subset_sd = sd("parquet", vec![("a", int()), ("b", list(int()))]);
    let superset_sd = sd(
        "parquet",
        vec![("a", int()), ("b", list(int())), ("c", map(int()))],
    );
    let int_sd = sd("parquet", vec![("a", int())]);
    let mismatched_sd = sd("", vec![("a", float())]);
    let csv = file("csv");
    let empty_blob = file("");
    let pdf = file("pdf");
    let ambiguous_strings = union(vec![tagged(string(), "str1"), tagged(string(), "str2")]);

    vec![
        // --- typing_test.go: TestSimpleLiteralCasting
        row(
            "typing_test.go: TestSimpleLiteralCasting/BaseCase_Integer",
            int(),
            int(),
            OK,
        ),
        row(
            "typing_test.go: TestSimpleLiteralCasting/IntegerToFloat",
            int(),
            float(),
            Err("INTEGER is not castable to FLOAT"),
        ),
        row(
            "typing_test.go: TestSimpleLiteralCasting/FloatToInteger",
            float(),
            int(),
            Err("FLOAT is not castable to INTEGER"),
        ),
        row(
            "typing_test.go: TestSimpleLiteralCasting/VoidToInteger",
            none(),
            int(),
            Err("NONE is not castable to INTEGER: it is not nullable"),
        ),
        row(
            "typing_test.go: TestSimpleLiteralCasting/IgnoreMetadata",
            LiteralType {
                metadata: Some(json_struct(&json!({"a": null}))),
                ..int()
            },
            int(),
            OK,
        ),
        row(
            "typing_test.go: TestSimpleLiteralCasting/EnumToString",
            enm(&["x", "y"]),
            string(),
            OK,
        ),
        row(
            "typing_test.go: TestSimpleLiteralCasting/EnumToEnum (identical)",
            enm(&["x", "y"]),
            enm(&["x", "y"]),
            OK,
        ),
        row(
            "typing_test.go: TestSimpleLiteralCasting/EnumToEnum (different values)",
            enm(&["x", "y"]),
            enm(&["m", "n"]),
            Err("enum{x, y} is not castable to enum{m, n}"),
        ),
        row(
            "typing_test.go: TestSimpleLiteralCasting/StringToEnum",
            string(),
            enm(&["x", "y"]),
            OK,
        ),
        // --- typing_test.go: TestUnionCasting
        row(
            "typing_test.go: TestUnionCasting/StringToUnionUnambiguously",
            string(),
            union(vec![tagged(int(), "int"), tagged(string(), "str")]),
            OK,
        ),
        row(
            "typing_test.go: TestUnionCasting/StringToUnionAmbiguously",
            string(),
            ambiguous_strings.clone(),
            Err(
                "STRING is ambiguous for union{STRING (tag \"str1\") | STRING (tag \"str2\")}: it matches variants 0 and 1 and exactly one must match",
            ),
        ),
        row(
            "typing_test.go: TestUnionCasting/UnionToUnionSuperset",
            ambiguous_strings.clone(),
            union(vec![
                tagged(string(), "str1"),
                tagged(int(), "int1"),
                tagged(string(), "str2"),
            ]),
            OK,
        ),
        row(
            "typing_test.go: TestUnionCasting/UnionToUnionTagMismatch",
            ambiguous_strings.clone(),
            union(vec![tagged(int(), "str2"), tagged(string(), "str3")]),
            Err(
                "union_type.variants[0]: STRING (tag \"str1\") matches no variant of union{INTEGER (tag \"str2\") | STRING (tag \"str3\")}",
            ),
        ),
        row(
            "typing_test.go: TestUnionCasting/UnionToUnionTypeMismatch",
            union(vec![tagged(string(), "test")]),
            union(vec![tagged(int(), "test")]),
            Err(
                "union_type.variants[0]: STRING (tag \"test\") matches no variant of union{INTEGER (tag \"test\")}",
            ),
        ),
        row(
            "typing_test.go: TestUnionCasting/SingularUnionToUnderlyingType",
            union(vec![tagged(string(), "string")]),
            tagged(string(), "string"),
            OK,
        ),
        // --- typing_test.go: TestCollectionCasting
        row(
            "typing_test.go: TestCollectionCasting/BaseCase_SingleIntegerCollection",
            list(int()),
            list(int()),
            OK,
        ),
        row(
            "typing_test.go: TestCollectionCasting/Empty collection",
            list(none()),
            list(int()),
            OK,
        ),
        row(
            "typing_test.go: TestCollectionCasting/SingleIntegerCollectionToSingleFloatCollection",
            list(int()),
            list(float()),
            Err("collection_type: INTEGER is not castable to FLOAT"),
        ),
        row(
            "typing_test.go: TestCollectionCasting/MismatchedNestLevels_Scalar",
            list(int()),
            int(),
            Err("list<INTEGER> is not castable to INTEGER"),
        ),
        row(
            "typing_test.go: TestCollectionCasting/MismatchedNestLevels_Collections",
            list(int()),
            list(list(int())),
            Err("collection_type: INTEGER is not castable to list<INTEGER>"),
        ),
        row(
            "typing_test.go: TestCollectionCasting/Nullable_Collections",
            none(),
            list(list(int())),
            Err("NONE is not castable to list<list<INTEGER>>: it is not nullable"),
        ),
        // --- typing_test.go: TestMapCasting
        row(
            "typing_test.go: TestMapCasting/BaseCase_SingleIntegerMap",
            map(int()),
            map(int()),
            OK,
        ),
        row(
            "typing_test.go: TestMapCasting/ScalarIntegerMapToScalarFloatMap",
            map(int()),
            map(float()),
            Err("map_value_type: INTEGER is not castable to FLOAT"),
        ),
        row(
            "typing_test.go: TestMapCasting/ScalarIntegerMapToScalarFloatMap (empty map)",
            map(none()),
            map(float()),
            OK,
        ),
        row(
            "typing_test.go: TestMapCasting/ScalarStructToStruct",
            strukt(),
            strukt(),
            OK,
        ),
        row(
            "typing_test.go: TestMapCasting/SameDataclassOneLevel(draft 2020-12)",
            struct_with(schema_a()),
            struct_with(schema_a()),
            OK,
        ),
        row(
            "typing_test.go: TestMapCasting/SameDataclassTwoLevel(draft 2020-12)",
            struct_with(schema_b_of_a()),
            struct_with(schema_b_of_a()),
            OK,
        ),
        row(
            "typing_test.go: TestMapCasting/DiffDataclassTwoLevel(draft 2020-12)",
            struct_with(schema_b_of_a()),
            struct_with(schema_d_of_c()),
            Err(
                "STRUCT schema is not castable: at #/properties/d: property \"d\" is missing upstream",
            ),
        ),
        row(
            "typing_test.go: TestMapCasting/SameBaseModelOneLevel(draft 2020-12)",
            struct_with(schema_pydantic_a()),
            struct_with(schema_pydantic_a()),
            OK,
        ),
        row(
            "typing_test.go: TestMapCasting/BigToSmallAndChildToParent(dataclass draft 2020-12)",
            struct_with(schema_child_of_a()),
            struct_with(schema_a()),
            OK,
        ),
        row(
            "typing_test.go: TestMapCasting/SmallToBigAndParentToChild(dataclass draft 2020-12)",
            struct_with(schema_a()),
            struct_with(schema_child_of_a()),
            Err(
                "STRUCT schema is not castable: at #/properties/b: property \"b\" is missing upstream",
            ),
        ),
        row(
            "typing_test.go: TestMapCasting/MismatchedMapNestLevels_Scalar",
            map(int()),
            int(),
            Err("map<INTEGER> is not castable to INTEGER"),
        ),
        row(
            "typing_test.go: TestMapCasting/MismatchedMapNestLevels_Maps",
            map(int()),
            map(map(int())),
            Err("map_value_type: INTEGER is not castable to map<INTEGER>"),
        ),
        // --- typing_test.go: TestSchemaCasting
        row(
            "typing_test.go: TestSchemaCasting/BaseCase_GenericSchema",
            generic_schema.clone(),
            generic_schema.clone(),
            OK,
        ),
        row(
            "typing_test.go: TestSchemaCasting/GenericSchemaToNonGeneric",
            generic_schema.clone(),
            subset_int_schema.clone(),
            OK,
        ),
        row(
            "typing_test.go: TestSchemaCasting/NonGenericSchemaToGeneric",
            subset_int_schema.clone(),
            generic_schema.clone(),
            OK,
        ),
        row(
            "typing_test.go: TestSchemaCasting/SupersetToSubsetTypedSchema",
            superset_schema.clone(),
            subset_int_schema.clone(),
            OK,
        ),
        row(
            "typing_test.go: TestSchemaCasting/GenericToSubsetTypedSchema",
            generic_sd.clone(),
            subset_int_schema.clone(),
            OK,
        ),
        row(
            "typing_test.go: TestSchemaCasting/SubsetTypedSchemaToGeneric",
            subset_int_schema.clone(),
            generic_sd.clone(),
            OK,
        ),
        row(
            "typing_test.go: TestSchemaCasting/SupersetStructuredToSubsetTypedSchema",
            superset_sd_parquet.clone(),
            subset_int_schema.clone(),
            OK,
        ),
        row(
            "typing_test.go: TestSchemaCasting/SubsetToSupersetSchema",
            subset_int_schema.clone(),
            superset_schema.clone(),
            Err("schema: column \"b\" is missing upstream"),
        ),
        row(
            "typing_test.go: TestSchemaCasting/MismatchedColumns",
            subset_int_schema.clone(),
            mismatched_schema.clone(),
            Err("schema.columns[\"a\"]: INTEGER is not castable to FLOAT"),
        ),
        row(
            "typing_test.go: TestSchemaCasting/MismatchedColumnsFlipped",
            mismatched_schema.clone(),
            subset_int_schema.clone(),
            Err("schema.columns[\"a\"]: FLOAT is not castable to INTEGER"),
        ),
        row(
            "typing_test.go: TestSchemaCasting/SchemasAreNullable",
            none(),
            subset_int_schema.clone(),
            Err("NONE is not castable to schema(a: INTEGER): it is not nullable"),
        ),
        // --- typing_test.go: TestStructuredDatasetCasting
        row(
            "typing_test.go: TestStructuredDatasetCasting/BaseCase_GenericStructuredDataset",
            generic_sd_parquet.clone(),
            generic_sd_parquet.clone(),
            OK,
        ),
        row(
            "typing_test.go: TestStructuredDatasetCasting/GenericStructuredDatasetToNonGeneric",
            generic_sd_parquet.clone(),
            subset_sd.clone(),
            OK,
        ),
        row(
            "typing_test.go: TestStructuredDatasetCasting/NonGenericStructuredDatasetToGeneric",
            subset_sd.clone(),
            generic_sd_parquet.clone(),
            OK,
        ),
        row(
            "typing_test.go: TestStructuredDatasetCasting/SupersetToSubsetTypedStructuredDataset",
            superset_sd.clone(),
            subset_sd.clone(),
            OK,
        ),
        row(
            "typing_test.go: TestStructuredDatasetCasting/SubsetToSupersetStructuredDataset",
            subset_sd.clone(),
            superset_sd.clone(),
            Err("structured_dataset_type: column \"c\" is missing upstream"),
        ),
        row(
            "typing_test.go: TestStructuredDatasetCasting/SchemaToStructuredDataset",
            subset_int_schema.clone(),
            int_sd.clone(),
            OK,
        ),
        row(
            "typing_test.go: TestStructuredDatasetCasting/MismatchedSchemaColumns",
            subset_int_schema.clone(),
            mismatched_sd.clone(),
            Err("structured_dataset_type.columns[\"a\"]: INTEGER is not castable to FLOAT"),
        ),
        row(
            "typing_test.go: TestStructuredDatasetCasting/MismatchedColumns",
            subset_sd.clone(),
            mismatched_sd.clone(),
            Err("structured_dataset_type.columns[\"a\"]: INTEGER is not castable to FLOAT"),
        ),
        row(
            "typing_test.go: TestStructuredDatasetCasting/MismatchedColumnsFlipped",
            mismatched_sd.clone(),
            subset_sd.clone(),
            Err("structured_dataset_type.columns[\"a\"]: FLOAT is not castable to INTEGER"),
        ),
        row(
            "typing_test.go: TestStructuredDatasetCasting/GenericToEmptyFormat",
            generic_sd_parquet.clone(),
            generic_sd.clone(),
            OK,
        ),
        row(
            "typing_test.go: TestStructuredDatasetCasting/EmptyFormatToGeneric",
            generic_sd.clone(),
            generic_sd_parquet.clone(),
            OK,
        ),
        row(
            "typing_test.go: TestStructuredDatasetCasting/StructuredDatasetsAreNullable",
            none(),
            subset_sd.clone(),
            OK,
        ),
        // --- typing_test.go: TestBlobCasting
        row(
            "typing_test.go: TestBlobCasting/BaseCase_GenericBlob",
            csv.clone(),
            csv.clone(),
            OK,
        ),
        row(
            "typing_test.go: TestBlobCasting/GenericToEmptyFormat",
            csv.clone(),
            empty_blob.clone(),
            OK,
        ),
        row(
            "typing_test.go: TestBlobCasting/EmptyFormatToGeneric",
            empty_blob.clone(),
            csv.clone(),
            OK,
        ),
        row(
            "typing_test.go: TestBlobCasting/MismatchedFormat",
            csv.clone(),
            pdf.clone(),
            Err("blob format \"csv\" is not castable to blob format \"pdf\""),
        ),
        row(
            "typing_test.go: TestBlobCasting/BlobsAreNullable",
            none(),
            csv.clone(),
            Err("NONE is not castable to blob(SINGLE, \"csv\"): it is not nullable"),
        ),
        // --- reference notes C.3 (rows not already covered above)
        row(
            "C.3: STRING → union{STRING tag str, enum tag E} (ambiguous)",
            string(),
            union(vec![tagged(string(), "str"), tagged(enm(&["a", "b"]), "E")]),
            Err(
                "STRING is ambiguous for union{STRING (tag \"str\") | enum{a, b} (tag \"E\")}: it matches variants 0 and 1 and exactly one must match",
            ),
        ),
        row(
            "C.3: STRING → union{INTEGER, STRING}",
            string(),
            union(vec![int(), string()]),
            OK,
        ),
        row(
            "C.3: INTEGER → Optional[int]",
            int(),
            union(vec![tagged(int(), "int"), tagged(none(), "none")]),
            OK,
        ),
        row(
            "C.3: NONE → Optional[int]",
            none(),
            union(vec![tagged(int(), "int"), tagged(none(), "none")]),
            OK,
        ),
        row(
            "C.3: union{INT tag int, STR tag str} → union{INT int, STR str, FLOAT float}",
            union(vec![tagged(int(), "int"), tagged(string(), "str")]),
            union(vec![
                tagged(int(), "int"),
                tagged(string(), "str"),
                tagged(float(), "float"),
            ]),
            OK,
        ),
        row(
            "C.3: collection(union{INTEGER}) → collection(INTEGER): no unwrap when nested",
            list(union(vec![int()])),
            list(int()),
            Err("collection_type: union{INTEGER} is not castable to INTEGER"),
        ),
        row(
            "C.3: STRUCT{no metadata} (dict) → STRUCT{schema}: nil-metadata escape",
            strukt(),
            struct_with(schema_a()),
            OK,
        ),
        row(
            "C.3: STRUCT{schema} → STRUCT{no metadata}",
            struct_with(schema_a()),
            strukt(),
            OK,
        ),
        row(
            "C.3: blob{SINGLE, \"\"} → blob{MULTIPART, \"\"}: dimensionality ignored",
            file(""),
            blob("", Multipart),
            OK,
        ),
        row(
            "C.3: SD fmt parquet → SD fmt csv",
            sd("parquet", vec![]),
            sd("csv", vec![]),
            Err(
                "structured_dataset_type: dataset format \"parquet\" is not castable to format \"csv\"",
            ),
        ),
        row(
            "C.3: SD fmt parquet → SD fmt \"\"",
            sd("parquet", vec![]),
            sd("", vec![]),
            OK,
        ),
        row("C.3: NONE → SD", none(), sd("", vec![]), OK),
        row(
            "C.3: NONE → schema",
            none(),
            schema(vec![]),
            Err("NONE is not castable to schema(): it is not nullable"),
        ),
        // --- C.1 / C.2 quirks beyond the worked examples
        row(
            "C.2 R1.5: enum → enum needs the same order",
            enm(&["x", "y"]),
            enm(&["y", "x"]),
            Err("enum{x, y} is not castable to enum{y, x}"),
        ),
        row(
            "C.2 R1.5: ERROR → ERROR",
            simple(SimpleType::Error),
            simple(SimpleType::Error),
            OK,
        ),
        row(
            "C.2 R1.3: tagged upstream, different downstream tag",
            tagged(int(), "int"),
            tagged(int(), "other"),
            Err(
                "INTEGER (tag \"int\") is not castable to INTEGER (tag \"other\"): structure tag \"int\" differs from \"other\"",
            ),
        ),
        row(
            "C.2 R1.3: tagged upstream, untagged downstream",
            tagged(int(), "int"),
            int(),
            Err(
                "INTEGER (tag \"int\") is not castable to INTEGER: structure tag \"int\" differs from \"\"",
            ),
        ),
        row(
            "C.2 R1.3: untagged upstream skips the tag check",
            int(),
            tagged(int(), "int"),
            OK,
        ),
        row(
            "C.2 R1.1: tagged enum → STRING (enum rule before the tag check)",
            tagged(enm(&["a"]), "E"),
            string(),
            OK,
        ),
        row(
            "C.2 R1.4: STRUCT metadata ignored key order but not list order",
            struct_with(json!({"type": "object", "required": ["a", "b"],
                               "properties": {"a": {"type": "integer"}, "b": {"type": "string"}}})),
            struct_with(
                json!({"properties": {"b": {"type": "string"}, "a": {"type": "integer"}},
                               "required": ["b", "a"], "type": "object"}),
            ),
            OK,
        ),
        row(
            "C.2 R1.4: STRUCT field int → float is not a superset",
            struct_with(json!({"type": "object", "properties": {"x": {"type": "integer"}}})),
            struct_with(json!({"type": "object", "properties": {"x": {"type": "number"}}})),
            Err(
                "STRUCT schema is not castable: at #/properties/x: type integer is not castable to number",
            ),
        ),
        row(
            "C.2 R5: NONE → blob",
            none(),
            file(""),
            Err("NONE is not castable to blob(SINGLE): it is not nullable"),
        ),
        row(
            "C.2 R5: PythonPickle blob → FlyteFile without format",
            file("PythonPickle"),
            file(""),
            OK,
        ),
        row(
            "C.2 R5: formats are case-sensitive",
            file("CSV"),
            file("csv"),
            Err("blob format \"CSV\" is not castable to blob format \"csv\""),
        ),
        row(
            "C.2 R7: SD formats compare ignoring case",
            sd("PARQUET", vec![]),
            sd("parquet", vec![]),
            OK,
        ),
        row(
            "C.2 R6: SD csv → schema (schemas are parquet)",
            sd("csv", vec![]),
            schema(vec![]),
            Err("dataset format \"csv\" is not castable to format \"parquet\""),
        ),
        row(
            "C.2 R7: schema → SD csv",
            schema(vec![]),
            sd("csv", vec![]),
            Err("dataset format \"parquet\" is not castable to format \"csv\""),
        ),
        row(
            "C.2 R7: SD columns checked without singular-union unwrap",
            sd("", vec![("a", union(vec![int()]))]),
            sd("", vec![("a", int())]),
            Err(
                "structured_dataset_type.columns[\"a\"]: union{INTEGER} is not castable to INTEGER",
            ),
        ),
        row(
            "C.2 R3: NONE → map",
            none(),
            map(int()),
            Err("NONE is not castable to map<INTEGER>: it is not nullable"),
        ),
        row(
            "C.2 R4: list(NONE) → list(list(INTEGER))",
            list(none()),
            list(list(int())),
            OK,
        ),
        row(
            "C.2 R8: no downstream variant matches",
            float(),
            union(vec![tagged(int(), "int"), tagged(string(), "str")]),
            Err("FLOAT matches no variant of union{INTEGER (tag \"int\") | STRING (tag \"str\")}"),
        ),
        row(
            "C.2 R8: empty upstream union is vacuously castable",
            union(vec![]),
            union(vec![int()]),
            OK,
        ),
        row(
            "C.1: singular union → union it fits once",
            union(vec![tagged(int(), "int")]),
            union(vec![tagged(int(), "int"), tagged(none(), "none")]),
            OK,
        ),
        row(
            "C.1: singular union unwrap reports the variant's reason",
            union(vec![tagged(string(), "str")]),
            int(),
            Err(
                "STRING (tag \"str\") is not castable to INTEGER: structure tag \"str\" differs from \"\"",
            ),
        ),
        row(
            "C.1: two-variant union → scalar",
            union(vec![int(), string()]),
            int(),
            Err("union{INTEGER | STRING} is not castable to INTEGER"),
        ),
        row(
            "C.1: unset downstream type only takes an unset upstream type",
            LiteralType::default(),
            LiteralType::default(),
            OK,
        ),
        row(
            "C.1: map → list",
            map(int()),
            list(int()),
            Err("map<INTEGER> is not castable to list<INTEGER>"),
        ),
        row(
            "C.1: single file → dir format mismatch still checked",
            file("csv"),
            blob("json", Multipart),
            Err("blob format \"csv\" is not castable to blob format \"json\""),
        ),
        row(
            "C.1: nested path",
            list(map(int())),
            list(map(float())),
            Err("collection_type.map_value_type: INTEGER is not castable to FLOAT"),
        ),
        row(
            "C.1: path through an upstream union variant",
            union(vec![tagged(list(int()), "Typed List")]),
            union(vec![
                tagged(list(float()), "Typed List"),
                tagged(none(), "none"),
            ]),
            Err(
                "union_type.variants[0]: list<INTEGER> (tag \"Typed List\") matches no variant of union{list<FLOAT> (tag \"Typed List\") | NONE (tag \"none\")}",
            ),
        ),
        row(
            "C.1: blob single-variant dims",
            file(""),
            blob("", Single),
            OK,
        ),
    ]
}

#[test]
fn every_row_matches_propeller() {
    let rows = rows();
    assert_eq!(rows.len(), 102);
    let mut failures = Vec::new();
    for r in &rows {
        let got = cast(is_castable(&r.up, &r.down)).map_err(|e| e.to_string());
        let want = r.expect.map_err(str::to_string);
        if got != want {
            failures.push(format!("{}\n    want {want:?}\n    got  {got:?}", r.source));
        }
    }
    assert!(
        failures.is_empty(),
        "{} rows differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn error_variants_carry_paths() {
    let err = cast(is_castable(&list(map(int())), &list(map(float())))).unwrap_err();
    assert_eq!(
        err,
        CastErrorKind::NotCastable {
            path: "collection_type.map_value_type".into(),
            upstream: "INTEGER".into(),
            downstream: "FLOAT".into(),
        }
    );
    let err = cast(is_castable(&string(), &union(vec![string(), string()]))).unwrap_err();
    assert!(
        matches!(err, CastErrorKind::AmbiguousUnion { ref variants, .. } if variants == &[0, 1])
    );
    let err = cast(is_castable(
        &struct_with(schema_a()),
        &struct_with(schema_child_of_a()),
    ))
    .unwrap_err();
    assert_eq!(
        err,
        CastErrorKind::StructSchema {
            path: String::new(),
            pointer: "#/properties/b".into(),
            detail: "property \"b\" is missing upstream".into(),
        }
    );
}
