//! Tables used by several tests.
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::Arc;

use arrow::array::{
    ArrayRef, BinaryArray, BooleanArray, Date32Array, DurationMicrosecondArray, Float32Array,
    Float64Array, Float64Builder, Int32Array, Int64Array, Int64Builder, LargeStringArray,
    ListBuilder, MapBuilder, RecordBatch, StringArray, StringBuilder, StructArray,
    TimestampMicrosecondArray, TimestampNanosecondArray, UInt8Array,
};
use arrow::buffer::NullBuffer;
use arrow::datatypes::{DataType, Field, Fields};

/// A scratch folder, removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> Self {
        let p = std::env::temp_dir().join(format!(
            "flyte-df-{tag}-{}-{}",
            std::process::id(),
            flyte_types::io::uri::random_hex()
        ));
        std::fs::create_dir_all(&p).unwrap();
        Self(p)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        if std::env::var_os("FLYTE_DF_KEEP").is_none() {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

pub fn col<A: arrow::array::Array + 'static>(a: A) -> ArrayRef {
    Arc::new(a)
}

/// One column of every supported type, 4 rows, nulls in each nullable position.
pub fn all_types_batch() -> RecordBatch {
    let mut li = ListBuilder::new(Int64Builder::new());
    li.values().append_slice(&[1, 2]);
    li.append(true);
    li.append(false);
    li.append(true);
    li.values().append_null();
    li.values().append_value(3);
    li.append(true);

    let mut ls = ListBuilder::new(StringBuilder::new());
    ls.values().append_value("a");
    ls.append(true);
    ls.append(true);
    ls.append(false);
    ls.values().append_value("b");
    ls.values().append_value("c");
    ls.append(true);

    let mut m = MapBuilder::new(None, StringBuilder::new(), Float64Builder::new());
    m.keys().append_value("x");
    m.values().append_value(1.0);
    m.append(true).unwrap();
    m.append(true).unwrap();
    m.append(false).unwrap();
    m.keys().append_value("y");
    m.values().append_value(2.5);
    m.keys().append_value("z");
    m.values().append_value(-1.0);
    m.append(true).unwrap();

    let st = StructArray::new(
        Fields::from(vec![
            Field::new("x", DataType::Int64, true),
            Field::new("y", DataType::Utf8, true),
        ]),
        vec![
            col(Int64Array::from(vec![Some(1), Some(2), Some(3), Some(4)])),
            col(StringArray::from(vec![
                Some("p"),
                None,
                Some("r"),
                Some("q"),
            ])),
        ],
        Some(NullBuffer::from(vec![true, true, false, true])),
    );

    RecordBatch::try_from_iter_with_nullable([
        (
            "i64",
            col(Int64Array::from(vec![
                Some(1),
                None,
                Some(i64::MIN),
                Some(i64::MAX),
            ])),
            true,
        ),
        (
            "i32",
            col(Int32Array::from(vec![Some(1), Some(2), None, Some(-3)])),
            true,
        ),
        (
            "u8",
            col(UInt8Array::from(vec![Some(0), Some(255), None, Some(7)])),
            true,
        ),
        (
            "f64",
            col(Float64Array::from(vec![
                Some(0.5),
                Some(f64::NAN),
                Some(-0.0),
                None,
            ])),
            true,
        ),
        (
            "f32",
            col(Float32Array::from(vec![
                Some(1.5),
                None,
                Some(f32::INFINITY),
                Some(-2.25),
            ])),
            true,
        ),
        (
            "s",
            col(StringArray::from(vec![
                Some("ü"),
                None,
                Some(""),
                Some("flyte"),
            ])),
            true,
        ),
        (
            "ls",
            col(LargeStringArray::from(vec![
                Some("a"),
                Some("b"),
                None,
                Some("d"),
            ])),
            true,
        ),
        (
            "b",
            col(BooleanArray::from(vec![
                Some(true),
                Some(false),
                None,
                Some(true),
            ])),
            true,
        ),
        (
            "ts_utc",
            col(TimestampMicrosecondArray::from(vec![
                Some(0),
                Some(1_700_000_000_123_456),
                None,
                Some(-1),
            ])
            .with_timezone("UTC")),
            true,
        ),
        (
            "ts_naive",
            col(TimestampMicrosecondArray::from(vec![
                Some(1_704_067_200_000_000),
                None,
                Some(86_400_000_001),
                Some(-86_400_000_000),
            ])),
            true,
        ),
        (
            "ts_ns",
            col(TimestampNanosecondArray::from(vec![
                Some(1_000_002_000),
                Some(1_700_000_000_000_000_000),
                None,
                Some(0),
            ])
            .with_timezone("UTC")),
            true,
        ),
        (
            "date",
            col(Date32Array::from(vec![
                Some(19_000),
                None,
                Some(0),
                Some(-1),
            ])),
            true,
        ),
        (
            "dur",
            col(DurationMicrosecondArray::from(vec![
                Some(1_500_000),
                Some(-1_500_000),
                None,
                Some(0),
            ])),
            true,
        ),
        ("li", col(li.finish()), true),
        ("lstr", col(ls.finish()), true),
        ("m", col(m.finish()), true),
        ("st", col(st), true),
        (
            "bin",
            col(BinaryArray::from(vec![
                Some(&b"\x00\xff"[..]),
                None,
                Some(&b""[..]),
                Some(&b"abc"[..]),
            ])),
            true,
        ),
    ])
    .unwrap()
}
