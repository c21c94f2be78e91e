//! Tables survive storage faults without half-written or half-read results: the core crate's
//! fault-injecting `ObjectStore` wrapper (tests/store/faulty.rs) under a flyte-types `Store`
//! fails the Nth part of a table's upload or cuts its download mid-stream, and each test checks
//! the error (which uri) and exactly what is stored afterwards.

#[path = "../../../tests/store/faulty.rs"]
mod faulty;

use std::sync::Arc;
use std::sync::atomic::Ordering;

use arrow::array::{ArrayRef, Int64Array, RecordBatch};
use faulty::{Fault, Faulty};
use flyte_types::engine::FlyteType;
use flyte_types::io::{Store, StoreConfig};
use flyte_types::storage::StoreErrorKind;
use flyte_types_dataframe::{
    ArrowTable, Context, DataFrame, DataFrameError, DataFrameType, Registry,
};

const MIB: usize = 1024 * 1024;
const PREFIX: &str = "faulty://bucket/raw";

/// A store over `faulty` with one part in flight at a time (deterministic order).
fn context(faulty: &Arc<Faulty>) -> Context {
    let mut config = StoreConfig::new(PREFIX).with_object_store("faulty://bucket", faulty.clone());
    config.part_concurrency = 1;
    Context::new(Arc::new(Store::new(config).unwrap()))
}

/// 1.5 M pseudo-random int64s: a parquet file of about 12 MiB (random values do not compress).
fn big_table() -> ArrowTable {
    let mut x = 0x9E37_79B9_7F4A_7C15u64;
    let values: Vec<i64> = (0..1_500_000)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as i64
        })
        .collect();
    let column: ArrayRef = Arc::new(Int64Array::from(values));
    ArrowTable::from(RecordBatch::try_from_iter([("v", column)]).unwrap())
}

fn keys(faulty: &Faulty) -> Vec<String> {
    tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
        .block_on(faulty.keys())
}

#[test]
fn a_table_upload_failing_at_a_part_leaves_nothing() {
    let faulty = Faulty::new(Fault::Part(2));
    let cx = context(&faulty);
    let lt = DataFrameType::new().literal_type();
    let err = Registry::with_defaults()
        .to_literal(&big_table(), &lt, &cx)
        .unwrap_err();
    match err {
        DataFrameError::Flyte(e) => match (e.kind(), std::error::Error::source(&e)) {
            (flyte_types::ErrorKind::Store(StoreErrorKind::Backend { uri }), Some(cause)) => {
                assert!(uri.starts_with(&format!("{PREFIX}/")), "{uri}");
                assert!(uri.ends_with("/00000"), "{uri}");
                assert_eq!(
                    cause.to_string(),
                    "Generic faulty error: injected fault: part 2"
                );
            }
            _ => panic!("expected the part's Backend error, got {e:?}"),
        },
        other => panic!("expected the part's Backend error, got {other:?}"),
    }
    assert_eq!(keys(&faulty), Vec::<String>::new());
    assert_eq!(faulty.counts.parts.load(Ordering::SeqCst), 2);
    assert_eq!(faulty.counts.aborts.load(Ordering::SeqCst), 1);
    assert_eq!(faulty.counts.completes.load(Ordering::SeqCst), 0);
}

#[test]
fn a_table_download_cut_mid_stream_is_an_error_not_a_partial_table() {
    let faulty = Faulty::new(Fault::None);
    let cx = context(&faulty);
    let lt = DataFrameType::new().literal_type();
    let reg = Registry::with_defaults();
    let table = big_table();
    let lit = reg.to_literal(&table, &lt, &cx).unwrap();
    let df = DataFrame::from_literal(&lit).unwrap();
    let file = format!("{}/00000", df.uri);
    assert_eq!(
        keys(&faulty),
        [file.strip_prefix("faulty://bucket/").unwrap()]
    );
    let back: ArrowTable = reg.to_value(&lit, &lt, &cx).unwrap();
    assert_eq!(back.concat().unwrap(), table.concat().unwrap());
    faulty.set_fault(Fault::ReadAfter(MIB));
    match reg.to_value::<ArrowTable>(&lit, &lt, &cx) {
        Err(DataFrameError::Flyte(e)) => match (e.kind(), std::error::Error::source(&e)) {
            (flyte_types::ErrorKind::Store(StoreErrorKind::Backend { uri }), Some(cause)) => {
                assert_eq!(uri, &file);
                assert_eq!(
                    cause.to_string(),
                    format!("Generic faulty error: injected fault: read after {MIB} bytes")
                );
            }
            _ => panic!("expected the read's Backend error, got {e:?}"),
        },
        other => panic!("expected the read's Backend error, got {other:?}"),
    }
}
