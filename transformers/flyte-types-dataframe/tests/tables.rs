//! Writing and reading tables: exact round trips of every column type, the folder layout,
//! folders of several files, single files, streaming, the registry's lookup rules, and the
//! column typing.

use crate::common;
use flyte_types::engine::FlyteType;
use flyte_types_dataframe::DataFrameExt;

use std::sync::Arc;

use arrow::array::{Int64Array, RecordBatch, StringArray};
use arrow::datatypes::{DataType, Field, Fields, Schema, TimeUnit};
use flyte_types::idl::core::{
    LiteralType, SimpleType, StructuredDataset, StructuredDatasetMetadata, StructuredDatasetType,
};
use flyte_types::io::Store;
use flyte_types_dataframe::rows::table_rows;
use flyte_types_dataframe::schema::{
    arrow_schema_of, arrow_schema_text, arrow_type_of, check_column, column, columns_of, fits,
    literal_type_of, simple, type_text,
};
use flyte_types_dataframe::{
    ArrowTable, Context, DataFrame, DataFrameError, DataFrameType, Decoder, Encoder,
    ParquetHandler, ReadOptions, Registration, Registry, TableReader, TableStore, TableWriter,
    WriteOptions, write_table,
};
use parquet::file::reader::{FileReader, SerializedFileReader};
use serde_json::json;

use common::{TempDir, all_types_batch, col};

fn store(tmp: &TempDir) -> Arc<Store> {
    Arc::new(Store::local(tmp.0.join("raw")).unwrap())
}

fn ids(range: std::ops::Range<i64>) -> RecordBatch {
    let names: Vec<String> = range.clone().map(|i| format!("n{i}")).collect();
    RecordBatch::try_from_iter([
        ("id", col(Int64Array::from(range.collect::<Vec<_>>()))),
        ("name", col(StringArray::from(names))),
    ])
    .unwrap()
}

#[test]
fn every_column_type_round_trips_exactly() {
    let tmp = TempDir::new("rt");
    let s = store(&tmp);
    let batch = all_types_batch();
    let written = write_table(
        s.as_ref(),
        &ArrowTable::from(batch.clone()),
        &WriteOptions::default(),
    )
    .unwrap();
    assert_eq!(written.rows, 4);
    assert_eq!(written.row_groups, 1);
    let back = TableReader::open(s.clone(), &written.uri, &[], ReadOptions::default())
        .unwrap()
        .read_all()
        .unwrap();
    assert_eq!(back.concat().unwrap(), batch);
    // Rows in the canonical form.
    let rows = table_rows(&back).unwrap();
    assert_eq!(
        rows[0],
        json!({
            "i64": 1, "i32": 1, "u8": 0, "f64": 0.5, "f32": 1.5, "s": "ü", "ls": "a", "b": true,
            "ts_utc": "1970-01-01T00:00:00Z", "ts_naive": "2024-01-01T00:00:00Z",
            "ts_ns": "1970-01-01T00:00:01.000002Z", "date": "2022-01-08T00:00:00Z",
            "dur": {"seconds": 1, "nanos": 500000000}, "li": [1, 2], "lstr": ["a"],
            "m": [["x", 1.0]], "st": {"x": 1, "y": "p"}, "bin": {"$bytes": "AP8="}
        })
    );
    assert_eq!(
        rows[1],
        json!({
            "i64": null, "i32": 2, "u8": 255, "f64": "NaN", "f32": null, "s": null, "ls": "b",
            "b": false, "ts_utc": "2023-11-14T22:13:20.123456Z", "ts_naive": null,
            "ts_ns": "2023-11-14T22:13:20Z", "date": null,
            "dur": {"seconds": -1, "nanos": -500000000}, "li": null, "lstr": [], "m": [],
            "st": {"x": 2, "y": null}, "bin": null
        })
    );
    assert_eq!(rows[2]["f64"], json!(-0.0));
    assert_eq!(rows[2]["ts_naive"], json!("1970-01-02T00:00:00.000001Z"));
    assert_eq!(rows[2]["st"], json!(null));
    assert_eq!(rows[3]["ts_utc"], json!("1969-12-31T23:59:59.999999Z"));
    assert_eq!(rows[3]["date"], json!("1969-12-31T00:00:00Z"));
    assert_eq!(rows[3]["m"], json!([["y", 2.5], ["z", -1.0]]));
    assert_eq!(rows[3]["li"], json!([null, 3]));
    assert_eq!(rows[0]["i64"], json!(1));
    assert_eq!(rows[2]["i64"], json!(i64::MIN));
}

#[test]
fn tables_go_to_a_fresh_folder_as_00000_with_pyarrow_settings() {
    let tmp = TempDir::new("layout");
    let s = store(&tmp);
    let a = write_table(
        s.as_ref(),
        &ArrowTable::from(ids(0..10)),
        &WriteOptions::default(),
    )
    .unwrap();
    let b = write_table(
        s.as_ref(),
        &ArrowTable::from(ids(0..10)),
        &WriteOptions::default(),
    )
    .unwrap();
    assert_ne!(a.uri, b.uri);
    let raw = tmp.0.join("raw");
    let folder = a.uri.strip_prefix(&format!("{}/", raw.display())).unwrap();
    assert_eq!(folder.len(), 32);
    assert_eq!(a.files, [format!("{}/00000", a.uri)]);
    let file = std::fs::File::open(raw.join(folder).join("00000")).unwrap();
    assert_eq!(file.metadata().unwrap().len(), a.bytes);
    let r = SerializedFileReader::new(file).unwrap();
    let md = r.metadata();
    assert_eq!(md.num_row_groups(), 1);
    let schema = md.file_metadata().schema_descr();
    assert_eq!(schema.root_schema().name(), "schema");
    for c in md.row_group(0).columns() {
        assert_eq!(c.compression(), parquet::basic::Compression::SNAPPY);
        assert!(c.statistics().is_some());
        // Dictionary first, as pyarrow.
        assert!(c.dictionary_page_offset().is_some());
        // No page index (pyarrow's write_page_index=False).
        assert!(c.offset_index_offset().is_none() && c.column_index_offset().is_none());
    }
    // The Arrow schema is stored as pyarrow stores it.
    let kv = md.file_metadata().key_value_metadata().unwrap();
    assert!(kv.iter().any(|k| k.key == "ARROW:schema"));
}

#[test]
fn an_explicit_destination_is_used_as_the_folder() {
    let tmp = TempDir::new("dest");
    let s = store(&tmp);
    let dest = format!("{}/my/table/", tmp.0.display());
    let mut w = TableWriter::create_at(
        s.as_ref(),
        &dest,
        ids(0..1).schema(),
        &WriteOptions::default(),
    )
    .unwrap();
    w.write(&ids(0..3)).unwrap();
    let written = w.finish().unwrap();
    assert_eq!(written.uri, format!("{}/my/table", tmp.0.display()));
    assert!(tmp.0.join("my/table/00000").is_file());
}

#[test]
fn folders_of_several_files_and_single_files_are_read() {
    let tmp = TempDir::new("folder");
    let s = store(&tmp);
    let folder = format!("{}/multi", tmp.0.display());
    // Two files written by us in one folder, plus files readers skip.
    let one = write_table(
        s.as_ref(),
        &ArrowTable::from(ids(0..3)),
        &WriteOptions::default(),
    )
    .unwrap();
    let two = write_table(
        s.as_ref(),
        &ArrowTable::from(ids(3..5)),
        &WriteOptions::default(),
    )
    .unwrap();
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::copy(format!("{}/00000", one.uri), format!("{folder}/00000")).unwrap();
    std::fs::copy(format!("{}/00000", two.uri), format!("{folder}/00001")).unwrap();
    std::fs::write(format!("{folder}/_SUCCESS"), b"").unwrap();
    std::fs::write(format!("{folder}/.00000.crc"), b"junk").unwrap();
    let t = DataFrame::from_existing_remote(&folder, "parquet")
        .read_all(s.clone())
        .unwrap();
    let got: Vec<i64> = t
        .batches()
        .iter()
        .flat_map(|b| {
            b.column(0)
                .as_any()
                .downcast_ref::<Int64Array>()
                .unwrap()
                .values()
                .to_vec()
        })
        .collect();
    assert_eq!(got, [0, 1, 2, 3, 4]);
    // A single file as the uri.
    let t = DataFrame::from_existing_remote(format!("{folder}/00001"), "parquet")
        .read_all(s.clone())
        .unwrap();
    assert_eq!(t.num_rows(), 2);
    // A folder with only skipped files.
    let empty = format!("{}/empty", tmp.0.display());
    std::fs::create_dir_all(&empty).unwrap();
    std::fs::write(format!("{empty}/_SUCCESS"), b"").unwrap();
    let err = DataFrame::from_existing_remote(&empty, "parquet")
        .read_all(s.clone())
        .unwrap_err();
    assert_eq!(err.to_string(), format!("{empty} holds no parquet files"));
    // A file that differs in its columns.
    let other = RecordBatch::try_from_iter([("zz", col(Int64Array::from(vec![1])))]).unwrap();
    let odd = write_table(
        s.as_ref(),
        &ArrowTable::from(other),
        &WriteOptions::default(),
    )
    .unwrap();
    std::fs::copy(format!("{}/00000", odd.uri), format!("{folder}/00002")).unwrap();
    let err = DataFrame::from_existing_remote(&folder, "parquet")
        .read_all(s.clone())
        .unwrap_err();
    assert!(
        matches!(err, DataFrameError::SchemaMismatch { .. }),
        "{err}"
    );
    // Missing objects name the uri.
    let err = DataFrame::from_existing_remote(format!("{}/nope", tmp.0.display()), "parquet")
        .read_all(s)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("no object at {}/nope", tmp.0.display())
    );
}

#[test]
fn streams_write_row_groups_and_read_in_bounded_batches() {
    let tmp = TempDir::new("stream");
    let s = store(&tmp);
    let opts = WriteOptions {
        max_row_group_rows: 10_000,
        ..WriteOptions::default()
    };
    // 25 batches of 1,000 rows, written as they come.
    let mut w = TableWriter::create(s.as_ref(), ids(0..1).schema(), &opts).unwrap();
    for k in 0..25 {
        w.write(&ids(k * 1000..(k + 1) * 1000)).unwrap();
    }
    let written = w.finish().unwrap();
    assert_eq!(written.rows, 25_000);
    assert_eq!(written.row_groups, 3);
    // Read back 4,096 rows at a time: no batch is larger, and every row comes back in order.
    let reader = TableReader::open(
        s.clone(),
        &written.uri,
        &[],
        ReadOptions {
            batch_size: 4096,
            check_types: true,
        },
    )
    .unwrap();
    let mut next = 0i64;
    let mut batches = 0;
    for b in reader {
        let b = b.unwrap();
        assert!(b.num_rows() <= 4096);
        let col = b.column(0).as_any().downcast_ref::<Int64Array>().unwrap();
        for v in col.values() {
            assert_eq!(*v, next);
            next += 1;
        }
        batches += 1;
    }
    assert_eq!(next, 25_000);
    // Batches run across row groups: ceil(25,000 / 4,096).
    assert_eq!(batches, 7);
    // A byte limit also closes row groups.
    let opts = WriteOptions {
        max_row_group_bytes: Some(16 * 1024),
        ..WriteOptions::default()
    };
    let mut w = TableWriter::create(s.as_ref(), ids(0..1).schema(), &opts).unwrap();
    for k in 0..25 {
        w.write(&ids(k * 1000..(k + 1) * 1000)).unwrap();
    }
    assert!(w.finish().unwrap().row_groups > 3);
}

#[test]
fn nested_fields_are_selected_by_dotted_names() {
    let tmp = TempDir::new("nested");
    let s = store(&tmp);
    let batch = all_types_batch();
    let w = write_table(
        s.as_ref(),
        &ArrowTable::from(batch),
        &WriteOptions::default(),
    )
    .unwrap();
    let cols = vec![
        column("st.y", simple(SimpleType::String)),
        column("i64", simple(SimpleType::Integer)),
    ];
    let t = TableReader::open(s, &w.uri, &cols, ReadOptions::default())
        .unwrap()
        .read_all()
        .unwrap();
    // pyarrow names a selected nested field by its last part; under a null struct the field is
    // null (as parquet stores it).
    assert_eq!(t.column_names(), ["y", "i64"]);
    assert_eq!(
        table_rows(&t).unwrap(),
        [
            json!({"y": "p", "i64": 1}),
            json!({"y": null, "i64": null}),
            json!({"y": null, "i64": i64::MIN}),
            json!({"y": "q", "i64": i64::MAX}),
        ]
    );
}

#[test]
fn tables_go_through_any_store_backend() {
    // memory:// : written through the Store's object writer, listed, fetched whole.
    let mem: Arc<dyn TableStore> =
        Arc::new(Store::new(flyte_types::io::StoreConfig::new("memory://bucket/raw")).unwrap());
    let cx = Context::new(mem.clone());
    let reg = Registry::with_defaults();
    let lt = DataFrameType::new().literal_type();
    let batch = all_types_batch();
    let lit = reg
        .to_literal(&ArrowTable::from(batch.clone()), &lt, &cx)
        .unwrap();
    let df = DataFrame::from_literal(&lit).unwrap();
    assert!(df.uri.starts_with("memory://bucket/raw/"), "{}", df.uri);
    assert_eq!(
        mem.list(&df.uri)
            .unwrap()
            .iter()
            .map(|o| o.uri.clone())
            .collect::<Vec<_>>(),
        [format!("{}/00000", df.uri)]
    );
    let back: ArrowTable = reg.to_value(&lit, &lt, &cx).unwrap();
    assert_eq!(back.concat().unwrap(), batch);
    // A writer dropped before it finishes leaves nothing behind.
    let folder = mem.new_folder();
    let mut w = TableWriter::create_at(
        mem.as_ref(),
        &folder,
        batch.schema(),
        &WriteOptions::default(),
    )
    .unwrap();
    w.write(&batch).unwrap();
    drop(w);
    assert!(mem.list(&folder).unwrap().is_empty());
    assert_eq!(
        flyte_types_dataframe::protocol_of("memory://bucket/raw"),
        "memory"
    );
}

#[test]
fn column_types_map_both_ways() {
    let lt = |dt: DataType| literal_type_of("c", &dt).unwrap().map(|t| type_text(&t));
    assert_eq!(lt(DataType::Int8).as_deref(), Some("INTEGER"));
    assert_eq!(lt(DataType::UInt64).as_deref(), Some("INTEGER"));
    assert_eq!(lt(DataType::Float16).as_deref(), Some("FLOAT"));
    assert_eq!(lt(DataType::Utf8View).as_deref(), Some("STRING"));
    assert_eq!(lt(DataType::LargeBinary).as_deref(), Some("STRING"));
    assert_eq!(lt(DataType::Boolean).as_deref(), Some("BOOLEAN"));
    assert_eq!(lt(DataType::Date32).as_deref(), Some("DATETIME"));
    assert_eq!(
        lt(DataType::Timestamp(
            TimeUnit::Nanosecond,
            Some("+02:00".into())
        ))
        .as_deref(),
        Some("DATETIME")
    );
    assert_eq!(
        lt(DataType::Duration(TimeUnit::Second)).as_deref(),
        Some("DURATION")
    );
    assert_eq!(
        lt(DataType::new_large_list(DataType::Int32, true)).as_deref(),
        Some("list<INTEGER>")
    );
    assert_eq!(
        lt(DataType::Dictionary(
            Box::new(DataType::Int32),
            Box::new(DataType::Utf8)
        ))
        .as_deref(),
        Some("STRING")
    );
    assert_eq!(lt(DataType::Null), None);
    let err = literal_type_of("price", &DataType::Decimal128(10, 2)).unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"column "price": Arrow type Decimal128(10, 2) has no Flyte column type"#
    );
    // Struct columns flatten to dotted names, as Flyte 2 flattens dataclass annotations.
    let schema = Schema::new(vec![
        Field::new("id", DataType::Int64, false),
        Field::new(
            "s",
            DataType::Struct(Fields::from(vec![
                Field::new("x", DataType::Float64, true),
                Field::new(
                    "inner",
                    DataType::Struct(Fields::from(vec![Field::new("t", DataType::Utf8, true)])),
                    true,
                ),
            ])),
            true,
        ),
        Field::new("nothing", DataType::Null, true),
    ]);
    let cols = columns_of(&schema).unwrap();
    let named: Vec<(String, String)> = cols
        .iter()
        .map(|c| (c.name.clone(), type_text(c.literal_type.as_ref().unwrap())))
        .collect();
    assert_eq!(
        named,
        [
            ("id".to_string(), "INTEGER".to_string()),
            ("s.x".into(), "FLOAT".into()),
            ("s.inner.t".into(), "STRING".into()),
        ]
    );
    // And back: dotted names rebuild the structs.
    let rebuilt = arrow_schema_of(&cols).unwrap();
    assert_eq!(
        arrow_schema_text(&rebuilt),
        "id: int64\ns: struct<x: double, inner: struct<t: string>>\n  child 0, x: double\n  \
         child 1, inner: struct<t: string>\n      child 0, t: string"
    );
    let map_t = LiteralType {
        r#type: Some(flyte_types::idl::core::literal_type::Type::MapValueType(
            Box::new(simple(SimpleType::Float)),
        )),
        ..Default::default()
    };
    assert_eq!(
        arrow_type_of("m", &map_t).unwrap().to_string(),
        r#"Map("entries": non-null Struct("key": non-null Utf8, "value": Float64), unsorted)"#
    );
    assert_eq!(
        arrow_type_of("t", &simple(SimpleType::Datetime)).unwrap(),
        DataType::Timestamp(TimeUnit::Microsecond, None)
    );
    let err = arrow_type_of("u", &simple(SimpleType::Binary)).unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"column "u": BINARY cannot be a DataFrame column type"#
    );
    // Fit checks: widths and string kinds do not matter, the kind does.
    assert!(fits(&simple(SimpleType::Integer), &DataType::UInt16));
    assert!(fits(&simple(SimpleType::String), &DataType::LargeUtf8));
    assert!(fits(&simple(SimpleType::Datetime), &DataType::Null));
    assert!(!fits(&simple(SimpleType::Integer), &DataType::Float64));
    let err = check_column("n", &simple(SimpleType::Float), &DataType::Utf8).unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"column "n": declared FLOAT, the table has Utf8"#
    );
}

#[test]
fn arrow_schema_text_is_pyarrows_to_string() {
    // Expected strings printed by pyarrow 26.0.1's Schema.to_string().
    let schema = Schema::new(vec![
        Field::new("a", DataType::Int64, true),
        Field::new("b", DataType::Utf8, false),
        Field::new_list("c", Field::new("item", DataType::Int32, true), true),
        Field::new_map(
            "d",
            "entries",
            Field::new("key", DataType::Utf8, false),
            Field::new("value", DataType::Float64, true),
            false,
            true,
        ),
        Field::new(
            "e",
            DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into())),
            true,
        ),
        Field::new("f", DataType::Timestamp(TimeUnit::Nanosecond, None), true),
        Field::new("g", DataType::Duration(TimeUnit::Microsecond), true),
        Field::new(
            "h",
            DataType::Struct(Fields::from(vec![
                Field::new("x", DataType::Int64, true),
                Field::new("y", DataType::Utf8, true),
            ])),
            true,
        ),
        Field::new("i", DataType::Date32, true),
        Field::new("j", DataType::LargeUtf8, true),
        Field::new("k", DataType::Boolean, true),
        Field::new("l", DataType::Float32, true),
        Field::new("m", DataType::Binary, true),
        Field::new("n", DataType::UInt8, true),
        Field::new("o", DataType::Utf8View, true),
        Field::new_large_list("p", Field::new("item", DataType::Utf8, true), true),
        Field::new(
            "q",
            DataType::Dictionary(Box::new(DataType::Int32), Box::new(DataType::Utf8)),
            true,
        ),
        Field::new("r", DataType::Null, true),
        Field::new("s", DataType::Date64, true),
        Field::new("t", DataType::Float16, true),
        Field::new_list("u", Field::new("x", DataType::Int64, false), true),
    ]);
    let want = "a: int64\nb: string not null\nc: list<item: int32>\n  child 0, item: int32\nd: map<string, double>\n  child 0, entries: struct<key: string not null, value: double> not null\n      child 0, key: string not null\n      child 1, value: double\ne: timestamp[us, tz=UTC]\nf: timestamp[ns]\ng: duration[us]\nh: struct<x: int64, y: string>\n  child 0, x: int64\n  child 1, y: string\ni: date32[day]\nj: large_string\nk: bool\nl: float\nm: binary\nn: uint8\no: string_view\np: large_list<item: string>\n  child 0, item: string\nq: dictionary<values=string, indices=int32, ordered=0>\nr: null\ns: date64[ms]\nt: halffloat\nu: list<x: int64 not null>\n  child 0, x: int64 not null";
    assert_eq!(arrow_schema_text(&schema), want);
    let with_meta = Schema::new(vec![Field::new("a", DataType::Int64, true)]).with_metadata(
        std::collections::HashMap::from([
            ("zz".to_string(), "1".to_string()),
            ("aa".to_string(), "x".repeat(200)),
        ]),
    );
    assert_eq!(
        arrow_schema_text(&with_meta),
        format!(
            "a: int64\n-- schema metadata --\naa: '{}' + 132\nzz: '1'",
            "x".repeat(68)
        )
    );
    // As the SDK stores an `Annotated[..., pa.schema(...)]`.
    let t = DataFrameType::new().arrow_schema(&Schema::new(vec![Field::new(
        "a",
        DataType::Int64,
        true,
    )]));
    let sdt = t.structured_dataset_type();
    assert_eq!(sdt.external_schema_type, "arrow");
    assert_eq!(sdt.external_schema_bytes, b"a: int64");
}

struct CsvLike(&'static str, Option<&'static str>);

impl Encoder<ArrowTable> for CsvLike {
    fn protocol(&self) -> Option<&str> {
        self.1
    }
    fn format(&self) -> &str {
        self.0
    }
    fn encode(
        &self,
        _: &ArrowTable,
        _: Option<&str>,
        sdt: &StructuredDatasetType,
        _: &Context,
    ) -> flyte_types_dataframe::Result<StructuredDataset> {
        Ok(StructuredDataset {
            uri: format!("{}://{}", self.1.unwrap_or("any"), self.0),
            metadata: Some(StructuredDatasetMetadata {
                structured_dataset_type: Some(sdt.clone()),
            }),
        })
    }
}

#[test]
fn handlers_are_found_as_flyte_finds_them() {
    let reg = Registry::with_defaults();
    let enc = |r: &Registry, p: &str, f: &str| {
        r.encoder::<ArrowTable>(p, f).map(|e| {
            let cx = Context::new(Arc::new(Store::local("/nowhere").unwrap()));
            let sd = e
                .encode(
                    &ArrowTable::from(ids(0..1)),
                    None,
                    &StructuredDatasetType::default(),
                    &cx,
                )
                .ok()
                .map(|s| s.uri);
            (e.format().to_string(), sd)
        })
    };
    // The parquet handler serves every protocol; "" (generic) finds the default format.
    assert_eq!(reg.default_format::<ArrowTable>(), "parquet");
    assert_eq!(
        reg.decoder::<ArrowTable>("s3", "parquet").unwrap().format(),
        "parquet"
    );
    assert_eq!(
        reg.decoder::<ArrowTable>("file", "").unwrap().format(),
        "parquet"
    );
    let err = reg.decoder::<ArrowTable>("s3", "csv").err().unwrap();
    assert_eq!(
        err.to_string(),
        r#"no decoder for flyte_types_dataframe::table::ArrowTable, protocol [s3], format ["csv"]"#
    );
    // Protocol-specific and generic-format handlers.
    let mut r = Registry::with_defaults();
    r.register_encoder::<ArrowTable>(
        Arc::new(CsvLike("csv", Some("s3"))),
        Registration::default(),
    )
    .unwrap();
    assert_eq!(enc(&r, "s3", "csv").unwrap().1.as_deref(), Some("s3://csv"));
    // Another format on that protocol: the any-protocol handler for the format wins over the
    // protocol's only handler (Flyte's `protocol_specific or fsspec or single`).
    assert_eq!(enc(&r, "s3", "parquet").unwrap().0, "parquet");
    assert_eq!(enc(&r, "gs", "parquet").unwrap().0, "parquet");
    r.register_encoder::<ArrowTable>(Arc::new(CsvLike("", None)), Registration::default())
        .unwrap();
    assert_eq!(enc(&r, "gs", "orc").unwrap().0, "");
    // Duplicates are refused unless overwritten.
    let err = r
        .register_encoder::<ArrowTable>(
            Arc::new(CsvLike("csv", Some("s3"))),
            Registration::default(),
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        r#"a encoder for flyte_types_dataframe::table::ArrowTable, protocol [s3], format ["csv"] is already registered"#
    );
    r.register_encoder::<ArrowTable>(
        Arc::new(CsvLike("csv", Some("s3"))),
        Registration {
            overwrite: true,
            default_format: false,
        },
    )
    .unwrap();
    // A type with no handlers.
    assert!(
        Registry::empty()
            .decoder::<ArrowTable>("file", "parquet")
            .is_err()
    );
    // The built-in handler works through the traits too.
    let tmp = TempDir::new("reg");
    let cx = Context::new(store(&tmp));
    let sd = Encoder::<RecordBatch>::encode(
        &ParquetHandler,
        &ids(0..2),
        None,
        &StructuredDatasetType::default(),
        &cx,
    )
    .unwrap();
    let back: RecordBatch = Decoder::<RecordBatch>::decode(
        &ParquetHandler,
        &sd,
        &StructuredDatasetMetadata::default(),
        &cx,
    )
    .unwrap();
    assert_eq!(back, ids(0..2));
}

#[test]
fn encode_writes_the_literal_as_flyte_2_does() {
    let tmp = TempDir::new("encode");
    let cx = Context::new(store(&tmp));
    let reg = Registry::with_defaults();
    // Declared columns, a csv format annotation (ignored for raw dataframes) and a hash.
    let lt = DataFrameType::new()
        .columns(vec![column("id", simple(SimpleType::Integer))])
        .format("csv")
        .tag("pyarrow.lib.Table")
        .literal_type();
    let lit = reg
        .encode(&ArrowTable::from(ids(0..3)), &lt, None, Some("h1"), &cx)
        .unwrap();
    let df = DataFrame::from_literal(&lit).unwrap();
    assert_eq!(df.format(), "parquet");
    assert_eq!(df.columns().len(), 1);
    assert_eq!(df.hash.as_deref(), Some("h1"));
    assert_eq!(lit.hash, "h1");
    // Read as the declared type: only `id`.
    let t = reg.to_value::<ArrowTable>(&lit, &lt, &cx).unwrap();
    assert_eq!(t.column_names(), ["id"]);
    // To an explicit folder.
    let dest = format!("{}/out", tmp.0.display());
    let lit = reg
        .encode(
            &ids(0..2),
            &DataFrameType::new().literal_type(),
            Some(&dest),
            None,
            &cx,
        )
        .unwrap();
    assert_eq!(DataFrame::from_literal(&lit).unwrap().uri, dest);
    // A literal that is not a dataset, and a type that is not one.
    let not = flyte_types::engine::FlyteType::to_literal(&5i64).unwrap();
    assert!(matches!(
        reg.to_value::<ArrowTable>(&not, &lt, &cx),
        Err(DataFrameError::NotADataFrame { .. })
    ));
    assert!(
        reg.to_literal(&ids(0..1), &simple(SimpleType::Integer), &cx)
            .is_err()
    );
    assert_eq!(cx.store.protocol("s3://b/k"), "s3");
    assert_eq!(cx.store.protocol("/tmp/x"), "file");
}

#[test]
fn handles_travel_inside_structs_as_uri_and_format() {
    use flyte_types::engine::StructField;
    let df = DataFrame::from_existing_remote("s3://b/t", "parquet").with_hash("h");
    let msg = df
        .to_msg(flyte_types::engine::StructStyle::Dataclass)
        .unwrap();
    let back = <DataFrame as StructField>::from_msg(&msg).unwrap();
    assert_eq!(back.uri, "s3://b/t");
    assert_eq!(back.format(), "parquet");
    // Only {uri, format} travel inside a struct.
    assert_eq!(back.hash, None);
    assert_eq!(
        <DataFrame as flyte_types::engine::FlyteType>::literal_type(),
        DataFrameType::new().literal_type()
    );
    assert!(
        DataFrame::default()
            .open(Arc::new(Store::local("/tmp").unwrap()) as Arc<dyn TableStore>)
            .is_err()
    );
}
