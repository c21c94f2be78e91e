//! The W8 workload of shared/bench (1,000,000 rows × 4 columns), bit for bit.
#![allow(dead_code)]

use std::sync::Arc;

use arrow::array::{BooleanArray, Float64Array, Int64Array, RecordBatch, StringArray};
use arrow::buffer::{Buffer, OffsetBuffer, ScalarBuffer};
use arrow::datatypes::{DataType, Field, Schema};

/// Rows of W8.
pub const ROWS: usize = 1_000_000;

/// The k-th output of splitmix64 seeded with `seed`.
pub fn sm64(seed: u64, k: u64) -> u64 {
    let mut z = seed.wrapping_add((k + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn u01(u: u64) -> f64 {
    (u >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

const ALPH62: &[u8; 62] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// The W8 table: `i64`, `f64`, `str` (16 ASCII chars), `bool`, all nullable as pyarrow makes
/// them, no nulls.
pub fn table(rows: usize) -> RecordBatch {
    let i64s: Vec<i64> = (0..rows as u64).map(|r| sm64(80, r) as i64).collect();
    let f64s: Vec<f64> = (0..rows as u64).map(|r| u01(sm64(81, r))).collect();
    let mut chars = Vec::with_capacity(rows * 16);
    for j in 0..(rows * 16) as u64 {
        chars.push(ALPH62[(sm64(82, j) % 62) as usize]);
    }
    let offsets = OffsetBuffer::new(ScalarBuffer::from(
        (0..=rows as i32).map(|r| r * 16).collect::<Vec<i32>>(),
    ));
    let strs = StringArray::try_new(offsets, Buffer::from_vec(chars), None).unwrap();
    let bools: Vec<bool> = (0..rows as u64).map(|r| sm64(83, r) >> 63 == 1).collect();
    let schema = Arc::new(Schema::new(vec![
        Field::new("i64", DataType::Int64, true),
        Field::new("f64", DataType::Float64, true),
        Field::new("str", DataType::Utf8, true),
        Field::new("bool", DataType::Boolean, true),
    ]));
    RecordBatch::try_new(
        schema,
        vec![
            Arc::new(Int64Array::from(i64s)),
            Arc::new(Float64Array::from(f64s)),
            Arc::new(strs),
            Arc::new(BooleanArray::from(bools)),
        ],
    )
    .unwrap()
}

/// The size of the file pyarrow 26.0.1 writes for W8 (shared/bench/README.md).
pub const PYARROW_FILE_BYTES: u64 = 34_976_751;
