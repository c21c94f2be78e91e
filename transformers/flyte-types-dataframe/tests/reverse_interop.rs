//! Tables we write, read by the real Flyte 2 SDK: cases in the corpus layout are written to a
//! temporary folder, then `shared/interop/py_decode.py` (handles and `table_rows` through
//! pyarrow) and `scripts/check_dtypes.py` (pyarrow schema and pandas dtypes) run on them.
//!
//! Python: `$FLYTE_TYPES_PYTHON`, else `~/.cache/flyte-types/venv/bin/python` (made by
//! scripts/setup-python.sh). Without it the Python step is skipped, except under `CI`, where it
//! is an error.

use crate::common;
use flyte_types::engine::FlyteType;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

use arrow::array::{Float64Array, Int64Array, RecordBatch, StringArray};
use arrow::datatypes::Schema;
use flyte_types::idl::core::SimpleType;
use flyte_types_dataframe::interop::{CaseFiles, CaseSpec, case_store, write_case};
use flyte_types_dataframe::rows::table_rows;
use flyte_types_dataframe::schema::{column, columns_of, simple};
use flyte_types_dataframe::{
    ArrowTable, Context, DataFrame, DataFrameType, PANDAS_TAG, PYARROW_TABLE_TAG, Registry,
    WriteOptions,
};
use parquet::file::reader::{FileReader, SerializedFileReader};
use serde_json::{Map, Value as Json, json};

use common::{TempDir, all_types_batch, col};

fn shared() -> PathBuf {
    std::env::var_os("FLYTE_TYPES_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared"))
}

fn python() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("FLYTE_TYPES_PYTHON") {
        return Some(PathBuf::from(p));
    }
    let home = std::env::var_os("HOME")?;
    let p = PathBuf::from(home).join(".cache/flyte-types/venv/bin/python");
    p.exists().then_some(p)
}

struct Emitted {
    name: String,
    table: ArrowTable,
    read_back: ArrowTable,
}

/// Encodes `table` through the registry into a new case folder `out/name`.
#[allow(clippy::too_many_arguments)]
fn emit<T: flyte_types_dataframe::TableType>(
    out: &Path,
    name: &str,
    python_type: &str,
    lt: &DataFrameType,
    value: &T,
    table: ArrowTable,
    write: WriteOptions,
    extra: Map<String, Json>,
) -> Emitted {
    let dir = out.join(name);
    let mut cx = Context::new(case_store(&dir).unwrap());
    cx.write = write;
    let lit = Registry::with_defaults()
        .to_literal(value, &lt.literal_type(), &cx)
        .unwrap();
    // Read it back ourselves with the declared columns, as the SDK will.
    let read_back = Registry::with_defaults()
        .to_value::<ArrowTable>(&lit, &lt.literal_type(), &cx)
        .unwrap();
    let rows = table_rows(&read_back).unwrap();
    let spec = CaseSpec {
        name: name.into(),
        python_type: python_type.into(),
        notes: "written by flyte-types-dataframe".into(),
        extra,
    };
    write_case(&dir, &spec, &lt.literal_type(), &lit, Some(&rows)).unwrap();
    Emitted {
        name: name.into(),
        table,
        read_back,
    }
}

fn extra(pairs: &[(&str, Json)]) -> Map<String, Json> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

fn emit_all(out: &Path) -> Vec<Emitted> {
    let mut cases = Vec::new();

    // Every supported column type, as a pyarrow.Table.
    let all = ArrowTable::from(all_types_batch());
    cases.push(emit(
        out,
        "rs_arrow_all_types",
        "pyarrow.Table",
        &DataFrameType::new().tag(PYARROW_TABLE_TAG),
        &all,
        all.clone(),
        WriteOptions::default(),
        extra(&[("arrow_schema_like_pyarrow", json!(true))]),
    ));

    // A pandas.DataFrame task input.
    let pandas = RecordBatch::try_from_iter([
        ("i", col(Int64Array::from(vec![1, -2, 3]))),
        (
            "f",
            col(Float64Array::from(vec![Some(0.5), None, Some(2.0)])),
        ),
        (
            "s",
            col(StringArray::from(vec![Some("x"), None, Some("zé")])),
        ),
        (
            "b",
            col(arrow::array::BooleanArray::from(vec![true, false, true])),
        ),
        (
            "ts",
            col(arrow::array::TimestampMicrosecondArray::from(vec![
                0,
                1_700_000_000_123_456,
                -1,
            ])),
        ),
    ])
    .unwrap();
    let pandas = ArrowTable::from(pandas);
    cases.push(emit(
        out,
        "rs_pandas_frame",
        "pandas.DataFrame",
        &DataFrameType::new().tag(PANDAS_TAG),
        &pandas,
        pandas.clone(),
        WriteOptions::default(),
        extra(&[
            (
                "pandas_dtypes",
                json!({"i": "int64", "f": "float64", "s": "str", "b": "bool", "ts": "datetime64[us]"}),
            ),
            (
                "pandas_rows",
                json!([
                    {"i": 1, "f": 0.5, "s": "x", "b": true, "ts": "1970-01-01T00:00:00.000000"},
                    {"i": -2, "f": null, "s": null, "b": false, "ts": "2023-11-14T22:13:20.123456"},
                    {"i": 3, "f": 2.0, "s": "zé", "b": true, "ts": "1969-12-31T23:59:59.999999"}
                ]),
            ),
        ]),
    ));

    // Annotated columns: the file has one more column than declared; readers see two.
    let abc = RecordBatch::try_from_iter([
        ("a", col(Int64Array::from(vec![1, 2, 3]))),
        ("b", col(StringArray::from(vec!["x", "y", "z"]))),
        ("c", col(Float64Array::from(vec![0.1, 0.2, 0.3]))),
    ])
    .unwrap();
    let abc = ArrowTable::from(abc);
    cases.push(emit(
        out,
        "rs_annotated_subset",
        r#"Annotated[DataFrame, {"a": int, "b": str}]"#,
        &DataFrameType::new().columns(vec![
            column("a", simple(SimpleType::Integer)),
            column("b", simple(SimpleType::String)),
        ]),
        &abc,
        abc.clone(),
        WriteOptions::default(),
        Map::new(),
    ));

    // Collection and map columns, declared from the Arrow schema.
    let lm = all.concat().unwrap().project(&[0, 14, 15]).unwrap();
    let renamed = RecordBatch::try_new(
        Arc::new(Schema::new(vec![
            lm.schema().field(0).clone().with_name("id"),
            lm.schema().field(1).clone().with_name("tags"),
            lm.schema().field(2).clone().with_name("scores"),
        ])),
        lm.columns().to_vec(),
    )
    .unwrap();
    let lm = ArrowTable::from(renamed);
    let cols = columns_of(&lm.schema()).unwrap();
    cases.push(emit(
        out,
        "rs_list_map_columns",
        r#"Annotated[DataFrame, {"id": int, "tags": list[str], "scores": dict[str, float]}]"#,
        &DataFrameType::new().columns(cols),
        &lm,
        lm.clone(),
        WriteOptions::default(),
        extra(&[
            ("arrow_schema_like_pyarrow", json!(true)),
            (
                "arrow_schema",
                json!(
                    "id: int64\ntags: list<element: string>\n  child 0, element: string\n\
                     scores: map<string, double ('scores')>\n  \
                     child 0, scores: struct<key: string not null, value: double> not null\n      \
                     child 0, key: string not null\n      child 1, value: double"
                ),
            ),
        ]),
    ));

    // A stream of batches in several row groups.
    let batches: Vec<RecordBatch> = (0..4)
        .map(|k| {
            let ids: Vec<i64> = (k * 700..(k + 1) * 700).collect();
            let names: Vec<String> = ids.iter().map(|i| format!("row-{i:05}")).collect();
            RecordBatch::try_from_iter([
                ("id", col(Int64Array::from(ids))),
                ("name", col(StringArray::from(names))),
            ])
            .unwrap()
        })
        .collect();
    let streamed = ArrowTable::try_new(batches[0].schema(), batches).unwrap();
    let small_groups = WriteOptions {
        max_row_group_rows: 1000,
        ..WriteOptions::default()
    };
    cases.push(emit(
        out,
        "rs_row_groups",
        "pyarrow.Table",
        &DataFrameType::new().tag(PYARROW_TABLE_TAG),
        &streamed,
        streamed.clone(),
        small_groups,
        extra(&[(
            "arrow_schema",
            json!("id: int64 not null\nname: string not null"),
        )]),
    ));

    #[cfg(feature = "polars")]
    {
        let batch = all_types_batch()
            .project(&[0, 3, 5, 7, 8, 11, 12, 13, 16])
            .unwrap();
        let table = ArrowTable::from(batch);
        let pl = flyte_types_dataframe::polars_ffi::to_polars(&table).unwrap();
        cases.push(emit(
            out,
            "rs_polars_frame",
            "pyarrow.Table",
            &DataFrameType::new().tag(PYARROW_TABLE_TAG),
            &pl,
            table,
            WriteOptions::default(),
            extra(&[
                (
                    "arrow_schema",
                    json!(
                        "i64: int64\nf64: double\ns: large_string\nb: bool\n\
                         ts_utc: timestamp[us, tz=UTC]\ndate: date32[day]\ndur: duration[us]\n\
                         li: large_list<element: int64>\n  child 0, element: int64\n\
                         st: struct<x: int64, y: large_string>\n  child 0, x: int64\n  \
                         child 1, y: large_string"
                    ),
                ),
                ("arrow_schema_like_pyarrow", json!(true)),
            ]),
        ));
    }
    cases
}

#[test]
fn emitted_cases_round_trip_and_decode_with_the_real_sdk() {
    let tmp = TempDir::new("reverse");
    let out = tmp.0.join("cases");
    let cases = emit_all(&out);

    for c in &cases {
        let dir = out.join(&c.name);
        // Our own reader gives back what was written (declared columns only).
        let declared = CaseFiles::read(&dir).unwrap();
        let df = DataFrame::from_literal(&declared.literal).unwrap();
        if df.columns().is_empty() && c.name != "rs_polars_frame" {
            assert_eq!(
                c.read_back.concat().unwrap(),
                c.table.concat().unwrap(),
                "{}",
                c.name
            );
        }
        // Layout: <prefix>/raw/<32 hex>/00000, the folder as the uri.
        let (prefix, hex) = df.uri.rsplit_once('/').unwrap();
        assert_eq!(prefix, "/tmp/flyte-golden-rs/raw", "{}", c.name);
        assert_eq!(hex.len(), 32);
        assert!(hex.chars().all(|ch| ch.is_ascii_hexdigit()));
        assert_eq!(
            declared.info["data_files"],
            json!([format!("data/raw/{hex}/00000")])
        );
    }
    // The subset case: the reader sees only the declared columns.
    let subset = cases
        .iter()
        .find(|c| c.name == "rs_annotated_subset")
        .unwrap();
    assert_eq!(subset.read_back.column_names(), ["a", "b"]);
    // The row-group case: 2,800 rows in row groups of at most 1,000.
    let dir = out.join("rs_row_groups");
    let case = CaseFiles::read(&dir).unwrap();
    let df = DataFrame::from_literal(&case.literal).unwrap();
    let path = case.local_path(&format!("{}/00000", df.uri)).unwrap();
    let md = SerializedFileReader::new(std::fs::File::open(path).unwrap())
        .unwrap()
        .metadata()
        .clone();
    let groups: Vec<i64> = md.row_groups().iter().map(|g| g.num_rows()).collect();
    assert_eq!(groups, [1000, 1000, 800]);

    let Some(py) = python() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI needs the Flyte 2 venv (scripts/setup-python.sh)"
        );
        eprintln!("no Flyte 2 venv: skipping the Python side");
        return;
    };
    let run = |args: &[&std::ffi::OsStr]| {
        let o = Command::new(&py)
            .args(args)
            .current_dir(&tmp.0)
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&o.stdout).into_owned();
        assert!(
            o.status.success(),
            "{stdout}\n{}",
            String::from_utf8_lossy(&o.stderr)
        );
        stdout
    };
    let decoded = run(&[
        shared().join("interop/py_decode.py").as_os_str(),
        out.as_os_str(),
    ]);
    eprintln!("{decoded}");
    assert!(
        decoded.contains(&format!("{} passed, 0 failed", cases.len())),
        "{decoded}"
    );
    assert_eq!(
        decoded.matches("(+table rows)").count(),
        cases.len(),
        "{decoded}"
    );
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scripts/check_dtypes.py");
    let typed = run(&[
        script.as_os_str(),
        shared().join("interop").as_os_str(),
        out.as_os_str(),
    ]);
    eprintln!("{typed}");
    let with_types = cases.len() - 1; // rs_annotated_subset has no type expectations
    assert!(
        typed.contains(&format!("{with_types} passed, 0 failed")),
        "{typed}"
    );
}
