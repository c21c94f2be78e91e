//! Polars `DataFrame` ↔ Arrow through the C data interface (feature `polars`).
#![cfg(feature = "polars")]

use crate::common;

use std::sync::Arc;

use arrow::array::{Array, RecordBatch, StringViewArray};
use arrow::datatypes::{DataType, Schema};
use flyte_types_dataframe::polars_ffi::{PolarsCompat, from_polars, to_polars};
use flyte_types_dataframe::rows::table_rows;
use flyte_types_dataframe::{
    ArrowTable, Context, DataFrameError, DataFrameType, POLARS_TAG, Registry,
};
use polars::prelude::{AnyValue, DataType as PlType, TimeUnit as PlUnit};

use common::{TempDir, all_types_batch, col};

/// Every column of `all_types_batch` polars can hold (not the map).
fn polars_batch() -> RecordBatch {
    let b = all_types_batch();
    let keep: Vec<usize> = (0..b.num_columns())
        .filter(|&i| !matches!(b.schema().field(i).data_type(), DataType::Map(_, _)))
        .collect();
    b.project(&keep).unwrap()
}

#[test]
fn every_supported_type_round_trips_through_polars() {
    let batch = polars_batch();
    let table = ArrowTable::from(batch.clone());
    let df = to_polars(&table).unwrap();
    assert_eq!(df.height(), 4);
    let dtypes: Vec<String> = df.dtypes().iter().map(|d| d.to_string()).collect();
    assert_eq!(
        dtypes,
        [
            "i64",
            "i32",
            "u8",
            "f64",
            "f32",
            "str",
            "str",
            "bool",
            "datetime[μs, UTC]",
            "datetime[μs]",
            "datetime[ns, UTC]",
            "date",
            "duration[μs]",
            "list[i64]",
            "list[str]",
            "struct[2]",
            "binary",
        ]
    );
    // Values as polars sees them: nulls, a time-zoned timestamp, non-ASCII text.
    let s = df.column("s").unwrap();
    assert_eq!(s.get(0).unwrap(), AnyValue::String("ü"));
    assert_eq!(s.get(1).unwrap(), AnyValue::Null);
    assert_eq!(s.null_count(), 1);
    let ts = df.column("ts_utc").unwrap();
    assert_eq!(
        ts.dtype(),
        &PlType::Datetime(PlUnit::Microseconds, Some(polars::prelude::TimeZone::UTC))
    );
    assert_eq!(df.column("i64").unwrap().null_count(), 1);

    for compat in [PolarsCompat::Oldest, PolarsCompat::Newest] {
        let back = from_polars(&df, compat).unwrap();
        let types: Vec<String> = back
            .schema()
            .fields()
            .iter()
            .filter(|f| ["s", "ls", "lstr", "bin"].contains(&f.name().as_str()))
            .map(|f| format!("{}: {}", f.name(), f.data_type()))
            .collect();
        match compat {
            PolarsCompat::Oldest => assert_eq!(
                types,
                [
                    "s: LargeUtf8",
                    "ls: LargeUtf8",
                    "lstr: LargeList(LargeUtf8)",
                    "bin: LargeBinary"
                ]
            ),
            PolarsCompat::Newest => assert_eq!(
                types,
                [
                    "s: Utf8View",
                    "ls: Utf8View",
                    "lstr: LargeList(Utf8View)",
                    "bin: BinaryView"
                ]
            ),
        }
        // Same rows, and after casting back to the original schema, the same batch.
        assert_eq!(
            table_rows(&back).unwrap(),
            table_rows(&table).unwrap(),
            "{compat:?}"
        );
        let restored = back.cast_to(batch.schema()).unwrap();
        assert_eq!(restored.concat().unwrap(), batch, "{compat:?}");
    }
}

#[test]
fn strings_views_and_chunks_are_handed_over_without_copies() {
    // Two batches become two polars chunks; Utf8View comes back as it went.
    let a = RecordBatch::try_from_iter_with_nullable([(
        "v",
        col(StringViewArray::from(vec![
            Some("a string longer than twelve bytes"),
            None,
        ])),
        true,
    )])
    .unwrap();
    let b = RecordBatch::try_from_iter_with_nullable([(
        "v",
        col(StringViewArray::from(vec![Some("short")])),
        true,
    )])
    .unwrap();
    let table = ArrowTable::try_new(a.schema(), vec![a.clone(), b.clone()]).unwrap();
    let df = to_polars(&table).unwrap();
    assert_eq!(df.column("v").unwrap().n_chunks(), 2);
    let back = from_polars(&df, PolarsCompat::Newest).unwrap();
    assert_eq!(back.batches().len(), 2);
    assert_eq!(back.batches()[0].column(0).data_type(), &DataType::Utf8View);
    assert_eq!(
        back.concat().unwrap(),
        arrow::compute::concat_batches(&a.schema(), &[a.clone(), b]).unwrap()
    );
    // The buffers are shared: the long string's data buffer is the one we handed over.
    let original = a
        .column(0)
        .as_any()
        .downcast_ref::<StringViewArray>()
        .unwrap();
    let got = back.batches()[0]
        .column(0)
        .as_any()
        .downcast_ref::<StringViewArray>()
        .unwrap();
    assert_eq!(
        original.data_buffers()[0].as_ptr(),
        got.data_buffers()[0].as_ptr()
    );
    // Empty tables keep their schema.
    let empty = ArrowTable::try_new(a.schema(), vec![]).unwrap();
    let df = to_polars(&empty).unwrap();
    assert_eq!(df.height(), 0);
    assert_eq!(
        from_polars(&df, PolarsCompat::Oldest)
            .unwrap()
            .column_names(),
        ["v"]
    );
}

#[test]
fn types_polars_lacks_are_refused_with_the_column_name() {
    let half = RecordBatch::try_from_iter([(
        "h",
        col(arrow::array::Float16Array::from(vec![<arrow::datatypes::Float16Type as arrow::datatypes::ArrowPrimitiveType>::Native::from_f32(1.5)])),
    )])
    .unwrap();
    let err = to_polars(&ArrowTable::from(half)).unwrap_err();
    assert!(
        err.to_string()
            .starts_with(r#"column "h": Arrow type Float16 ("#),
        "{err}"
    );
}

#[test]
fn map_columns_are_refused_with_their_name() {
    let b = all_types_batch();
    let i = b.schema().index_of("m").unwrap();
    let only_map = b.project(&[i]).unwrap();
    let err = to_polars(&ArrowTable::from(only_map)).unwrap_err();
    assert!(matches!(err, DataFrameError::UnsupportedArrowType { .. }));
    assert!(
        err.to_string()
            .starts_with(r#"column "m": Arrow type Map("#)
    );
}

#[test]
fn polars_frames_are_written_and_read_through_the_registry() {
    let tmp = TempDir::new("polars");
    let cx = Context::new(Arc::new(
        flyte_types::io::Store::local(tmp.0.join("raw")).unwrap(),
    ));
    let reg = Registry::with_defaults();
    assert_eq!(
        reg.default_format::<polars::prelude::DataFrame>(),
        "parquet"
    );
    let batch = polars_batch();
    let df = to_polars(&ArrowTable::from(batch.clone())).unwrap();
    let lt = DataFrameType::new().tag(POLARS_TAG).literal_type();
    let lit = reg.to_literal(&df, &lt, &cx).unwrap();
    let back: polars::prelude::DataFrame = reg.to_value(&lit, &lt, &cx).unwrap();
    assert!(back.equals_missing(&df));
    // And as Arrow: strings were written as LargeUtf8, the values are the original ones.
    let t: ArrowTable = reg.to_value(&lit, &lt, &cx).unwrap();
    let original = Arc::new(Schema::new(batch.schema().fields().clone()));
    assert_eq!(t.cast_to(original).unwrap().concat().unwrap(), batch);
}
