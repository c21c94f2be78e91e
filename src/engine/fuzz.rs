//! The fuzz target `typed_literal`: a selector byte, then bytes read as a `Literal` of the
//! selected Rust type. The bytes reader (`read_literal_bytes`) must never panic, and where
//! prost decodes the bytes and `from_literal` reads the tree, it must read the same value.
//! `tests/fuzz_regressions.rs` replays the kept inputs and the corpus seeds in plain
//! `cargo test`.

use super::FlyteType;
use crate::idl::core::Literal;
use chrono::{DateTime, TimeDelta, Utc};
use prost::Message;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Debug;

/// Reads `data[1..]` as the type `data[0]` selects, from the bytes and from the tree.
///
/// # Panics
///
/// Where the bytes reader reads another value than the tree, or refuses what the tree reads.
pub fn check_typed_literal(data: &[u8]) {
    let Some((&select, bytes)) = data.split_first() else {
        return;
    };
    match select % 12 {
        0 => same::<i64, _>(bytes, |v| *v),
        1 => same::<u8, _>(bytes, |v| *v),
        // Floats by their bits: NaN is not equal to itself.
        2 => same::<f64, _>(bytes, |v| v.to_bits()),
        3 => same::<String, _>(bytes, Clone::clone),
        4 => same::<bool, _>(bytes, |v| *v),
        5 => same::<Vec<i64>, _>(bytes, Clone::clone),
        6 => same::<Vec<Option<String>>, _>(bytes, Clone::clone),
        7 => same::<BTreeMap<String, Vec<i32>>, _>(bytes, Clone::clone),
        8 => same::<HashMap<String, Option<bool>>, _>(bytes, Clone::clone),
        9 => same::<Option<Option<i64>>, _>(bytes, |v| *v),
        10 => same::<(DateTime<Utc>, TimeDelta), _>(bytes, |v| *v),
        _ => same::<Vec<Vec<f64>>, _>(bytes, |v| {
            v.iter()
                .map(|r| r.iter().map(|f| f.to_bits()).collect::<Vec<_>>())
                .collect::<Vec<_>>()
        }),
    }
}

/// The bytes reader against prost + `from_literal`, compared by `key`.
fn same<T: FlyteType, K: PartialEq + Debug>(bytes: &[u8], key: impl Fn(&T) -> K) {
    let direct = T::read_literal_bytes(bytes);
    let Ok(lit) = Literal::decode(bytes) else {
        return;
    };
    if let Ok(tree) = T::from_literal(&lit) {
        match direct {
            Ok(d) => assert_eq!(key(&d), key(&tree)),
            Err(e) => panic!("the tree reads {:?}, the bytes reader: {e}", key(&tree)),
        }
    }
}
