//! The corpus's DataFrame cases (shared/interop/flyte2/df_* and the SDK-generated
//! tests/data/extra-cases/df_*): handles, literal types and literals byte for byte, and the
//! tables' rows exactly as `case.json`'s `table_rows`.

use flyte_types::engine::FlyteType;
use flyte_types_dataframe::DataFrameExt;
use std::path::PathBuf;
use std::sync::Arc;

use arrow::datatypes::DataType;
use flyte_types::idl::core::SimpleType;
use flyte_types::value::canonical_diff;
use flyte_types::wire::encode_canonical;
use flyte_types_dataframe::interop::CaseFiles;
use flyte_types_dataframe::rows::table_rows;
use flyte_types_dataframe::schema::{column, simple};
use flyte_types_dataframe::{
    ArrowTable, Context, DataFrame, DataFrameError, DataFrameType, ReadOptions, Registry,
};
use parquet::file::reader::{FileReader, SerializedFileReader};
use serde_json::json;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn shared() -> PathBuf {
    std::env::var_os("FLYTE_TYPES_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("../shared"))
}

fn df_cases() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in [
        shared().join("interop/flyte2"),
        repo().join("tests/data/extra-cases"),
    ] {
        let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.unwrap().path())
            .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("df_"))
            .collect();
        cases.sort();
        out.extend(cases);
    }
    out
}

fn case(name: &str) -> CaseFiles {
    let p = df_cases()
        .into_iter()
        .find(|p| p.file_name().unwrap() == name)
        .unwrap_or_else(|| panic!("no case {name}"));
    CaseFiles::read(p).unwrap()
}

#[test]
fn all_df_cases_are_found() {
    let names: Vec<String> = df_cases()
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        [
            "df_arrow_table",
            "df_flyte_columns",
            "df_pandas",
            "df_pandas_csv_annotated",
            "df_remote_ref",
            "df_local_annotated_columns",
            "df_local_arrow_nulls",
            "df_local_pandas_small",
            "df_remote_csv",
            "df_remote_hash",
            "df_remote_list_map_columns",
            "df_remote_time_columns",
        ]
    );
}

#[test]
fn handles_match_value_json_and_bytes() {
    for dir in df_cases() {
        let c = CaseFiles::read(&dir).unwrap();
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let df = DataFrame::from_literal(&c.literal).unwrap();
        // The handle as the value layer's canonical JSON.
        let got = flyte_types::value::Value::DataFrame(Box::new(df.clone())).to_json();
        assert_eq!(canonical_diff(&c.value, &got), None, "{name}");
        // Back to the literal: the same bytes.
        let lit_bytes = std::fs::read(dir.join("literal.pb")).unwrap();
        assert_eq!(
            encode_canonical(&df.to_literal().unwrap()),
            lit_bytes,
            "{name} literal"
        );
        // The value layer reads the same handle from the literal.
        let decoded = flyte_types::value::decode(&c.literal_type, &c.literal).unwrap();
        assert_eq!(
            decoded,
            flyte_types::value::Value::DataFrame(Box::new(df.clone())),
            "{name}"
        );
        // The literal type round-trips through DataFrameType byte for byte.
        let lt = DataFrameType::from_literal_type(&c.literal_type).unwrap();
        let type_bytes = std::fs::read(dir.join("type.pb")).unwrap();
        assert_eq!(
            encode_canonical(&lt.literal_type()),
            type_bytes,
            "{name} type"
        );
    }
}

#[test]
fn literal_types_are_built_as_the_sdk_builds_them() {
    let bytes = |name: &str| {
        let dir = df_cases()
            .into_iter()
            .find(|p| p.file_name().unwrap() == name)
            .unwrap();
        std::fs::read(dir.join("type.pb")).unwrap()
    };
    use SimpleType::*;
    let t = |d: DataFrameType| encode_canonical(&d.literal_type());
    assert_eq!(
        t(DataFrameType::new().tag("pyarrow.lib.Table")),
        bytes("df_arrow_table")
    );
    assert_eq!(
        t(DataFrameType::new().tag("pandas.DataFrame")),
        bytes("df_pandas")
    );
    assert_eq!(
        t(DataFrameType::new().format("csv").tag("pandas.DataFrame")),
        bytes("df_pandas_csv_annotated")
    );
    assert_eq!(t(DataFrameType::new()), bytes("df_remote_ref"));
    assert_eq!(
        t(DataFrameType::new().columns(vec![
            column("a", simple(Integer)),
            column("b", simple(String)),
        ])),
        bytes("df_flyte_columns")
    );
    // Column types from an Arrow schema, as the SDK types the annotation
    // {"id": int, "tags": list[str], "scores": dict[str, float]}.
    let schema = arrow::datatypes::Schema::new(vec![
        arrow::datatypes::Field::new("id", DataType::Int64, true),
        arrow::datatypes::Field::new_list(
            "tags",
            arrow::datatypes::Field::new("item", DataType::Utf8, true),
            true,
        ),
        arrow::datatypes::Field::new_map(
            "scores",
            "entries",
            arrow::datatypes::Field::new("key", DataType::Utf8, false),
            arrow::datatypes::Field::new("value", DataType::Float64, true),
            false,
            true,
        ),
    ]);
    let cols = flyte_types_dataframe::schema::columns_of(&schema).unwrap();
    assert_eq!(
        t(DataFrameType::new().columns(cols)),
        bytes("df_remote_list_map_columns")
    );
    let schema = arrow::datatypes::Schema::new(vec![
        arrow::datatypes::Field::new(
            "ts",
            DataType::Timestamp(arrow::datatypes::TimeUnit::Microsecond, Some("UTC".into())),
            true,
        ),
        arrow::datatypes::Field::new(
            "dur",
            DataType::Duration(arrow::datatypes::TimeUnit::Nanosecond),
            true,
        ),
        arrow::datatypes::Field::new("ok", DataType::Boolean, true),
        arrow::datatypes::Field::new("x", DataType::Float32, true),
    ]);
    let cols = flyte_types_dataframe::schema::columns_of(&schema).unwrap();
    assert_eq!(
        t(DataFrameType::new().columns(cols)),
        bytes("df_remote_time_columns")
    );
}

fn read(c: &CaseFiles) -> ArrowTable {
    let cx = Context::new(c.store().unwrap());
    Registry::with_defaults()
        .to_value::<ArrowTable>(&c.literal, &c.literal_type, &cx)
        .unwrap()
}

#[test]
fn tables_read_exactly_as_table_rows() {
    let mut checked = Vec::new();
    for dir in df_cases() {
        let c = CaseFiles::read(&dir).unwrap();
        let Some(rows) = c.table_rows() else { continue };
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let table = read(&c);
        let got = table_rows(&table).unwrap();
        assert_eq!(
            canonical_diff(&json!(rows), &json!(got)),
            None,
            "{name}: {got:?}"
        );
        // Column order too (canonical comparison ignores key order).
        let want_keys: Vec<String> = rows[0].as_object().unwrap().keys().cloned().collect();
        assert_eq!(table.column_names(), want_keys, "{name}");
        // Also straight from the handle, lazily, one-row batches.
        let df = DataFrame::from_literal(&c.literal).unwrap();
        let reader = df
            .open_with(
                c.store().unwrap(),
                ReadOptions {
                    batch_size: 1,
                    check_types: true,
                },
            )
            .unwrap();
        let batches: Vec<_> = reader.map(Result::unwrap).collect();
        assert_eq!(batches.len(), rows.len(), "{name}");
        assert!(batches.iter().all(|b| b.num_rows() == 1));
        checked.push(name);
    }
    assert_eq!(
        checked,
        [
            "df_arrow_table",
            "df_flyte_columns",
            "df_pandas",
            "df_pandas_csv_annotated",
            "df_local_annotated_columns",
            "df_local_arrow_nulls",
            "df_local_pandas_small",
        ]
    );
}

#[test]
fn corpus_tables_have_the_expected_arrow_types() {
    let types = |name: &str| -> Vec<String> {
        read(&case(name))
            .schema()
            .fields()
            .iter()
            .map(|f| format!("{}: {}", f.name(), f.data_type()))
            .collect()
    };
    assert_eq!(types("df_arrow_table"), ["a: Int64", "b: Utf8"]);
    // pandas 3 stores `str` columns as large_string.
    assert_eq!(
        types("df_pandas_csv_annotated"),
        ["k: LargeUtf8", "v: Int64"]
    );
    assert_eq!(types("df_pandas"), ["n: Float64", "flag: Boolean"]);
    assert_eq!(
        types("df_local_arrow_nulls"),
        ["i: Int64", "s: Utf8", "b: Boolean"]
    );
}

#[test]
fn corpus_files_are_snappy_single_row_group() {
    for name in ["df_arrow_table", "df_pandas", "df_local_arrow_nulls"] {
        let c = case(name);
        let df = DataFrame::from_literal(&c.literal).unwrap();
        let path = c.local_path(&format!("{}/00000", df.uri)).unwrap();
        let r = SerializedFileReader::new(std::fs::File::open(path).unwrap()).unwrap();
        let md = r.metadata();
        assert_eq!(md.num_row_groups(), 1, "{name}");
        for col in md.row_group(0).columns() {
            assert_eq!(
                col.compression(),
                parquet::basic::Compression::SNAPPY,
                "{name}"
            );
        }
        assert_eq!(
            md.file_metadata().created_by(),
            Some("parquet-cpp-arrow version 26.0.1")
        );
    }
}

#[test]
fn declared_columns_select_a_subset_in_declared_order() {
    use SimpleType::*;
    let c = case("df_local_pandas_small");
    let cx = Context::new(c.store().unwrap());
    let reg = Registry::with_defaults();
    // A reading task that declares fewer columns (and another order) gets only those.
    let expected = DataFrameType::new()
        .columns(vec![
            column("x", simple(Float)),
            column("name", simple(String)),
        ])
        .literal_type();
    let t = reg
        .to_value::<ArrowTable>(&c.literal, &expected, &cx)
        .unwrap();
    assert_eq!(t.column_names(), ["x", "name"]);
    assert_eq!(
        table_rows(&t).unwrap(),
        [
            json!({"x": 0.5, "name": "a"}),
            json!({"x": null, "name": "b"})
        ]
    );
    // The literal's own columns apply when the reader declares none.
    let c = case("df_flyte_columns");
    let cx = Context::new(c.store().unwrap());
    let t = reg
        .to_value::<ArrowTable>(&c.literal, &DataFrameType::new().literal_type(), &cx)
        .unwrap();
    assert_eq!(t.column_names(), ["a", "b"]);
    let only_b = DataFrameType::new()
        .columns(vec![column("b", simple(String))])
        .literal_type();
    let t = reg
        .to_value::<ArrowTable>(&c.literal, &only_b, &cx)
        .unwrap();
    assert_eq!(
        table_rows(&t).unwrap(),
        [json!({"b": "x"}), json!({"b": "y"}), json!({"b": "z"})]
    );
}

#[test]
fn declared_columns_that_do_not_fit_are_errors_naming_them() {
    use SimpleType::*;
    let c = case("df_local_pandas_small");
    let cx = Context::new(c.store().unwrap());
    let reg = Registry::with_defaults();
    let missing = DataFrameType::new()
        .columns(vec![column("nope", simple(Integer))])
        .literal_type();
    let err = reg
        .to_value::<ArrowTable>(&c.literal, &missing, &cx)
        .unwrap_err();
    assert!(matches!(err, DataFrameError::MissingColumn { .. }));
    assert_eq!(
        err.to_string(),
        r#"column "nope" is not in the table (it has ["name", "n", "x"])"#
    );
    let wrong = DataFrameType::new()
        .columns(vec![column("n", simple(String))])
        .literal_type();
    let err = reg
        .to_value::<ArrowTable>(&c.literal, &wrong, &cx)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"column "n": declared STRING, the table has Int64"#
    );
    // Without type checks (Flyte 2's behaviour) the column is read as it is.
    let mut cx = cx;
    cx.read.check_types = false;
    let t = reg.to_value::<ArrowTable>(&c.literal, &wrong, &cx).unwrap();
    assert_eq!(table_rows(&t).unwrap(), [json!({"n": 1}), json!({"n": -2})]);
}

#[test]
fn remote_handles_are_passed_along_without_reading() {
    let c = case("df_remote_list_map_columns");
    let df = DataFrame::from_literal(&c.literal).unwrap();
    assert_eq!(df.uri, "s3://bucket/tables/feat/");
    assert_eq!(df.format(), "parquet");
    assert_eq!(df.columns().len(), 3);
    // No store is touched to pass it on: the literal comes back unchanged.
    assert_eq!(df.to_literal().unwrap(), c.literal);
    // Opening it with a store that cannot reach it fails, naming the uri: without the `s3`
    // feature there is no S3 backend; with it, the endpoint refuses the connection.
    let mut config = flyte_types::io::StoreConfig::new("/tmp")
        .with_option("aws_endpoint", "http://127.0.0.1:9")
        .with_option("aws_skip_signature", "true");
    config.retries = 0;
    let err = df
        .open(Arc::new(flyte_types::io::Store::new(config).unwrap()))
        .unwrap_err()
        .to_string();
    let expected = if cfg!(feature = "s3") {
        "s3://bucket/tables/feat/: "
    } else {
        "no store for the scheme of s3://bucket/tables/feat/"
    };
    assert!(err.starts_with(expected), "{err}");
    let c = case("df_remote_hash");
    assert_eq!(
        DataFrame::from_literal(&c.literal).unwrap().hash.as_deref(),
        Some("df-h-1")
    );
}
