//! W8 of shared/bench: the exact data (column sha256 fingerprints), written as Flyte 2 writes
//! it (one SNAPPY row group, PLAIN after the dictionary gives up), within 5 % of pyarrow's file
//! size, and read back unchanged.

use crate::common;
use flyte_types::engine::FlyteType;
#[path = "common/w8.rs"]
mod workload;

use std::sync::Arc;

use arrow::array::AsArray;
use arrow::datatypes::{Float64Type, Int64Type};
use flyte_types::io::Store;
use flyte_types_dataframe::{ArrowTable, Context, DataFrameType, Registry};
use parquet::basic::{Compression, Encoding};
use parquet::file::reader::{FileReader, SerializedFileReader};
use sha2::{Digest, Sha256};

fn hex(d: impl AsRef<[u8]>) -> String {
    d.as_ref().iter().map(|b| format!("{b:02x}")).collect()
}

#[test]
fn w8_data_matches_the_fingerprints() {
    assert_eq!(
        [
            workload::sm64(0, 0),
            workload::sm64(0, 1),
            workload::sm64(0, 2)
        ],
        [0xe220a8397b1dcdaf, 0x6e789e6aa1b965f4, 0x06c45d188009454f]
    );
    let t = workload::table(workload::ROWS);
    let i = t.column(0).as_primitive::<Int64Type>();
    let f = t.column(1).as_primitive::<Float64Type>();
    let s = t.column(2).as_string::<i32>();
    let b = t.column(3).as_boolean();
    assert_eq!(
        (i.value(0), f.value(0), s.value(0), b.value(0)),
        (
            -4783243616791654021,
            0.5686350084173731,
            "EQaAdWrLQGVrbD94",
            false
        )
    );
    let mut h = Sha256::new();
    for v in i.values() {
        h.update(v.to_le_bytes());
    }
    assert_eq!(
        hex(h.finalize()),
        "29eff49b148ac3525ac0ee29bcf37e36761121bc788b46a76ad398833209488e"
    );
    let mut h = Sha256::new();
    for v in f.values() {
        h.update(v.to_le_bytes());
    }
    assert_eq!(
        hex(h.finalize()),
        "5602a0f20e6f7f747e2e3b0685b725c91724fa55f29d1e04584b72477bb546b8"
    );
    assert_eq!(
        hex(Sha256::digest(s.values())),
        "4ecee42e1f8e70bb49e4fa837cfd62ef7d876fbc1bbe4a86f84329ee75372c81"
    );
    let bools: Vec<u8> = (0..b.len()).map(|k| u8::from(b.value(k))).collect();
    assert_eq!(
        hex(Sha256::digest(&bools)),
        "ef12b605320a74837ef8409d147662997beecb64db0ce4bbe4d5c018c1ae4093"
    );
}

#[test]
fn w8_is_written_like_pyarrow_and_read_back() {
    let tmp = common::TempDir::new("w8");
    let cx = Context::new(Arc::new(Store::local(tmp.0.join("raw")).unwrap()));
    let reg = Registry::with_defaults();
    let batch = workload::table(workload::ROWS);
    let lt = DataFrameType::new().tag("pyarrow.lib.Table").literal_type();
    let lit = reg
        .to_literal(&ArrowTable::from(batch.clone()), &lt, &cx)
        .unwrap();
    let df = flyte_types_dataframe::DataFrame::from_literal(&lit).unwrap();
    let path = std::path::Path::new(&df.uri).join("00000");
    let size = std::fs::metadata(&path).unwrap().len();
    let ratio = size as f64 / workload::PYARROW_FILE_BYTES as f64;
    eprintln!(
        "W8 file: {size} B, pyarrow {} B, ratio {ratio:.4}",
        workload::PYARROW_FILE_BYTES
    );
    assert!(
        (0.95..=1.05).contains(&ratio),
        "{size} B vs pyarrow's {}",
        workload::PYARROW_FILE_BYTES
    );
    let r = SerializedFileReader::new(std::fs::File::open(&path).unwrap()).unwrap();
    let md = r.metadata();
    assert_eq!(md.num_row_groups(), 1);
    assert_eq!(md.row_group(0).num_rows(), 1_000_000);
    for c in md.row_group(0).columns() {
        assert_eq!(c.compression(), Compression::SNAPPY);
        // Dictionary tried, then PLAIN: random data.
        assert!(
            c.encodings().any(|e| e == Encoding::PLAIN),
            "{:?}",
            c.column_path()
        );
    }
    let back: ArrowTable = reg.to_value(&lit, &lt, &cx).unwrap();
    assert_eq!(back.concat().unwrap(), batch);
}
