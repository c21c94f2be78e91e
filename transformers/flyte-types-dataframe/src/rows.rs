//! Table rows as canonical JSON objects: the corpus's `table_rows` (what pyarrow's
//! `Table.to_pylist()` gives, in the interop README's canonical form).
//!
//! | Arrow | JSON |
//! | --- | --- |
//! | null | `null` |
//! | integers | integer |
//! | floats | number with `.`/exponent; `"NaN"`, `"Infinity"`, `"-Infinity"` |
//! | strings | string |
//! | binary | `{"$bytes": base64}` |
//! | timestamp (any unit, any zone), date | RFC 3339 UTC text, microseconds (as a Python `datetime`) |
//! | duration | `{"seconds", "nanos"}`, whole microseconds (as a Python `timedelta`) |
//! | list | array |
//! | struct | object |
//! | map | array of `[key, value]` pairs (pyarrow gives a map as a list of tuples) |
//! | dictionary | the value |

use arrow::array::{Array, AsArray, RecordBatch};
use arrow::datatypes::{
    DataType, Date32Type, Date64Type, DurationMicrosecondType, DurationMillisecondType,
    DurationNanosecondType, DurationSecondType, Float16Type, Float32Type, Float64Type, Int8Type,
    Int16Type, Int32Type, Int64Type, TimeUnit, TimestampMicrosecondType, TimestampMillisecondType,
    TimestampNanosecondType, TimestampSecondType, UInt8Type, UInt16Type, UInt32Type, UInt64Type,
};
use base64::Engine;
use flyte_types::value::{Duration, Timestamp, Value};
use serde_json::{Map, Value as Json, json};

use crate::error::{DataFrameError, Result};
use crate::table::ArrowTable;

/// Every row of a table as a canonical JSON object (column name → value).
pub fn table_rows(table: &ArrowTable) -> Result<Vec<Json>> {
    let mut out = Vec::with_capacity(table.num_rows());
    for b in table.batches() {
        out.extend(batch_rows(b)?);
    }
    Ok(out)
}

/// The rows of one batch.
pub fn batch_rows(batch: &RecordBatch) -> Result<Vec<Json>> {
    let schema = batch.schema();
    let mut rows = vec![Map::new(); batch.num_rows()];
    for (field, col) in schema.fields().iter().zip(batch.columns()) {
        for (r, row) in rows.iter_mut().enumerate() {
            row.insert(field.name().clone(), cell(field.name(), col.as_ref(), r)?);
        }
    }
    Ok(rows.into_iter().map(Json::Object).collect())
}

fn ts_json(column: &str, seconds: i64, nanos: i64) -> Result<Json> {
    // Python datetimes hold microseconds: drop what is below.
    let nanos = nanos - nanos % 1000;
    Timestamp::new(seconds, nanos as i32)
        .map(|t| Value::Datetime(t).to_json())
        .ok_or_else(|| DataFrameError::Value {
            column: column.to_string(),
            message: format!("timestamp {seconds}s {nanos}ns is outside years 1..=9999"),
        })
}

fn timestamp(column: &str, v: i64, unit: &TimeUnit) -> Result<Json> {
    let per_sec: i64 = match unit {
        TimeUnit::Second => 1,
        TimeUnit::Millisecond => 1_000,
        TimeUnit::Microsecond => 1_000_000,
        TimeUnit::Nanosecond => 1_000_000_000,
    };
    let (s, frac) = (v.div_euclid(per_sec), v.rem_euclid(per_sec));
    ts_json(column, s, frac * (1_000_000_000 / per_sec))
}

fn duration(column: &str, v: i64, unit: &TimeUnit) -> Result<Json> {
    let micros: i128 = match unit {
        TimeUnit::Second => i128::from(v) * 1_000_000,
        TimeUnit::Millisecond => i128::from(v) * 1_000,
        TimeUnit::Microsecond => i128::from(v),
        TimeUnit::Nanosecond => i128::from(v).div_euclid(1000),
    };
    Duration::from_micros(micros)
        .map(|d| Value::Duration(d).to_json())
        .ok_or_else(|| DataFrameError::Value {
            column: column.to_string(),
            message: format!("duration {v} {unit:?} is out of range"),
        })
}

fn bytes_json(b: &[u8]) -> Json {
    json!({"$bytes": base64::engine::general_purpose::STANDARD.encode(b)})
}

/// One cell as canonical JSON.
pub fn cell(column: &str, a: &dyn Array, i: usize) -> Result<Json> {
    use DataType as D;
    if a.is_null(i) {
        return Ok(Json::Null);
    }
    let float = |f: f64| Value::Float(f).to_json();
    Ok(match a.data_type() {
        D::Null => Json::Null,
        D::Boolean => Json::Bool(a.as_boolean().value(i)),
        D::Int8 => json!(a.as_primitive::<Int8Type>().value(i)),
        D::Int16 => json!(a.as_primitive::<Int16Type>().value(i)),
        D::Int32 => json!(a.as_primitive::<Int32Type>().value(i)),
        D::Int64 => json!(a.as_primitive::<Int64Type>().value(i)),
        D::UInt8 => json!(a.as_primitive::<UInt8Type>().value(i)),
        D::UInt16 => json!(a.as_primitive::<UInt16Type>().value(i)),
        D::UInt32 => json!(a.as_primitive::<UInt32Type>().value(i)),
        D::UInt64 => json!(a.as_primitive::<UInt64Type>().value(i)),
        D::Float16 => float(f64::from(a.as_primitive::<Float16Type>().value(i).to_f32())),
        D::Float32 => float(f64::from(a.as_primitive::<Float32Type>().value(i))),
        D::Float64 => float(a.as_primitive::<Float64Type>().value(i)),
        D::Utf8 => json!(a.as_string::<i32>().value(i)),
        D::LargeUtf8 => json!(a.as_string::<i64>().value(i)),
        D::Utf8View => json!(a.as_string_view().value(i)),
        D::Binary => bytes_json(a.as_binary::<i32>().value(i)),
        D::LargeBinary => bytes_json(a.as_binary::<i64>().value(i)),
        D::BinaryView => bytes_json(a.as_binary_view().value(i)),
        D::FixedSizeBinary(_) => bytes_json(a.as_fixed_size_binary().value(i)),
        D::Date32 => {
            let days = i64::from(a.as_primitive::<Date32Type>().value(i));
            ts_json(column, days * 86_400, 0)?
        }
        D::Date64 => timestamp(
            column,
            a.as_primitive::<Date64Type>().value(i),
            &TimeUnit::Millisecond,
        )?,
        D::Timestamp(u, _) => {
            let v = match u {
                TimeUnit::Second => a.as_primitive::<TimestampSecondType>().value(i),
                TimeUnit::Millisecond => a.as_primitive::<TimestampMillisecondType>().value(i),
                TimeUnit::Microsecond => a.as_primitive::<TimestampMicrosecondType>().value(i),
                TimeUnit::Nanosecond => a.as_primitive::<TimestampNanosecondType>().value(i),
            };
            timestamp(column, v, u)?
        }
        D::Duration(u) => {
            let v = match u {
                TimeUnit::Second => a.as_primitive::<DurationSecondType>().value(i),
                TimeUnit::Millisecond => a.as_primitive::<DurationMillisecondType>().value(i),
                TimeUnit::Microsecond => a.as_primitive::<DurationMicrosecondType>().value(i),
                TimeUnit::Nanosecond => a.as_primitive::<DurationNanosecondType>().value(i),
            };
            duration(column, v, u)?
        }
        D::List(_) => list(column, a.as_list::<i32>().value(i).as_ref())?,
        D::LargeList(_) => list(column, a.as_list::<i64>().value(i).as_ref())?,
        D::ListView(_) => list(column, a.as_list_view::<i32>().value(i).as_ref())?,
        D::LargeListView(_) => list(column, a.as_list_view::<i64>().value(i).as_ref())?,
        D::FixedSizeList(_, _) => list(column, a.as_fixed_size_list().value(i).as_ref())?,
        D::Struct(fields) => {
            let s = a.as_struct();
            let mut obj = Map::new();
            for (f, c) in fields.iter().zip(s.columns()) {
                obj.insert(f.name().clone(), cell(column, c.as_ref(), i)?);
            }
            Json::Object(obj)
        }
        D::Map(_, _) => {
            let entries = a.as_map().value(i);
            let (k, v) = (entries.column(0), entries.column(1));
            let mut pairs = Vec::with_capacity(entries.len());
            for j in 0..entries.len() {
                pairs.push(json!([
                    cell(column, k.as_ref(), j)?,
                    cell(column, v.as_ref(), j)?
                ]));
            }
            Json::Array(pairs)
        }
        D::Dictionary(_, _) => {
            let d = a.as_any_dictionary();
            let key = d.normalized_keys()[i];
            cell(column, d.values().as_ref(), key)?
        }
        other => {
            return Err(DataFrameError::UnsupportedArrowType {
                column: column.to_string(),
                found: other.to_string(),
            });
        }
    })
}

fn list(column: &str, items: &dyn Array) -> Result<Json> {
    (0..items.len())
        .map(|j| cell(column, items, j))
        .collect::<Result<Vec<_>>>()
        .map(Json::Array)
}
