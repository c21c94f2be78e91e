//! The sinks of `FlyteType::write_literal` held to each other: the counter measures what the
//! byte writer writes, the writer's bytes are the canonical encoding of the tree builder's
//! `Literal`, and the bytes read back to the value.

use super::sink::LiteralCounter;
use crate::engine::{Dir, File, FlyteType};
use crate::wire::raw::{SMALL, SMALL_MAX_LEN, vlen};
use chrono::{DateTime, TimeDelta, Utc};
use proptest::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Debug;

/// One value through the three sinks: the counter's size is the length of the writer's bytes
/// (`None`: a list of numbers at the root, written in one pass unmeasured), those bytes are
/// `wire::encode_canonical(&to_literal())`, and they read back to `v`.
fn sinks_agree<T: FlyteType + PartialEq + Debug>(v: &T) -> Result<(), TestCaseError> {
    let mut c = LiteralCounter::default();
    v.write_literal(&mut c).unwrap();
    let mut bytes = vec![0xee];
    v.write_literal_bytes(&mut bytes).unwrap();
    let bytes = &bytes[1..];
    if let Some(len) = c.measured() {
        prop_assert_eq!(len, bytes.len(), "{:?}", v);
    }
    prop_assert_eq!(
        bytes,
        &crate::wire::encode_canonical(&v.to_literal().unwrap())[..],
        "{:?}",
        v
    );
    prop_assert_eq!(&T::read_literal_bytes(bytes).unwrap(), v);
    Ok(())
}

fn finite() -> impl Strategy<Value = f64> {
    any::<f64>().prop_filter("NaN != NaN", |f| !f.is_nan())
}

fn key() -> impl Strategy<Value = String> {
    // Many keys are prefixes of others: upb's order differs from bytewise.
    prop_oneof!["[ab]{0,3}", ".{0,5}"]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn counter_writer_and_tree_agree(
        ints in prop::collection::vec(any::<i64>(), 0..50),
        floats in prop::collection::vec(finite(), 0..50),
        nested in prop::collection::vec(prop::collection::vec(any::<i32>(), 0..4), 0..6),
        strs in prop::collection::vec(".{0,140}", 0..6),
        m in prop::collection::btree_map(key(), prop::collection::vec(finite(), 0..3), 0..8),
        h in prop::collection::hash_map(key(), prop::option::of(".{0,4}"), 0..8),
        opts in prop::collection::vec(prop::option::of(any::<u32>()), 0..5),
        secs in -62_135_596_800i64..253_402_300_799,
        nanos in 0u32..1_000_000_000,
        took in any::<i32>(),
        pair in (any::<i64>(), ".{0,8}"),
        keyed in prop::collection::btree_map(any::<i64>(), ".{0,4}", 0..4),
    ) {
        sinks_agree(&ints)?;
        sinks_agree(&floats)?;
        sinks_agree(&nested)?;
        sinks_agree(&strs)?;
        sinks_agree(&m)?;
        sinks_agree(&h)?;
        sinks_agree(&vec![h.clone(), HashMap::new()])?;
        sinks_agree(&opts)?;
        sinks_agree(&Some(opts.clone()))?;
        sinks_agree(&Some(Some(strs.clone())))?;
        let t = DateTime::<Utc>::from_timestamp(secs, nanos).unwrap();
        sinks_agree(&t)?;
        sinks_agree(&vec![t; 3])?;
        sinks_agree(&TimeDelta::milliseconds(i64::from(took)))?;
        sinks_agree(&pair)?;
        sinks_agree(&vec![pair.clone(), pair])?;
        sinks_agree(&keyed)?;
        sinks_agree(&vec![Box::new(ints.clone())])?;
        let handles: BTreeMap<String, File> = strs
            .iter()
            .map(|s| (s.clone(), File::new(format!("s3://b/{s}")).with_hash(format!("h{s}"))))
            .collect();
        sinks_agree(&handles)?;
        sinks_agree(&vec![Some(Dir::new("s3://b/d"))])?;
    }
}

/// Known bytes: an integer, a list of them at the root (one pass) and inside a union (sized).
#[test]
fn known_bytes() {
    assert_eq!(
        5i64.to_literal_bytes().unwrap(),
        [0x0a, 0x04, 0x0a, 0x02, 0x08, 0x05]
    );
    let list = [0x12, 0x10, 0x0a, 0x06, 0x0a, 0x04, 0x0a, 0x02, 0x08, 0x01];
    let mut want = list.to_vec();
    want.extend([0x0a, 0x06, 0x0a, 0x04, 0x0a, 0x02, 0x08, 0x02]);
    assert_eq!(vec![1u8, 2].to_literal_bytes().unwrap(), want);
    let opt = Some(vec![1u8, 2]).to_literal_bytes().unwrap();
    assert!(opt.windows(want.len()).any(|w| w == want), "{opt:x?}");
}

/// A list of numbers at the root, written in one pass, is byte for byte the tree path's
/// literal, whether its length varint fills the room left for it or the body moves back;
/// on an error (a `u64` beyond int64) `out` is left as it was.
#[test]
fn one_pass_lists_match_the_tree_path() {
    let mut moved = 0;
    for n in [0u64, 1, 9, 10, 15, 16, 1000, 7500, 20_000] {
        for shift in [0, 7, 30, 63] {
            let ints: Vec<i64> = (0..n)
                .map(|i| (i.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> shift) as i64)
                .collect();
            let floats: Vec<f64> = ints.iter().map(|&i| i as f64 / 3.0).collect();
            let mut out = vec![7, 7];
            ints.write_literal_bytes(&mut out).unwrap();
            let mut want = vec![7, 7];
            want.extend(crate::wire::encode_canonical(&ints.to_literal().unwrap()));
            assert_eq!(out, want, "{n} ints >> {shift}");
            // The literal is `12 <varint body> <body>`: did its varint take less room
            // than the longest body needs?
            let total = want.len() - 2;
            let body = (1..=10)
                .filter_map(|h| total.checked_sub(1 + h))
                .find(|&b| 1 + vlen(b as u64) + b == total);
            if vlen(body.unwrap() as u64) < vlen(n * SMALL_MAX_LEN as u64) {
                moved += 1;
            }
            let mut out = vec![7, 7];
            floats.write_literal_bytes(&mut out).unwrap();
            let mut want = vec![7, 7];
            want.extend(crate::wire::encode_canonical(&floats.to_literal().unwrap()));
            assert_eq!(out, want, "{n} floats");
        }
    }
    assert!(moved > 0, "no case moved its body back");
    let mut out = vec![7, 7];
    let err = vec![1u64, 2, 3, u64::MAX].write_literal_bytes(&mut out);
    assert!(err.is_err());
    assert_eq!(out, [7, 7]);
}

/// Lists of numbers inside a larger literal zero-fill only what their fields can take: the
/// output stays at the size the first pass reserved, not one 64 KiB chunk per list.
#[test]
fn short_nested_lists_fill_only_their_size() {
    let lists = vec![vec![1i64, 2, 3]; 100];
    let bytes = lists.to_literal_bytes().unwrap();
    assert_eq!(
        bytes,
        crate::wire::encode_canonical(&lists.to_literal().unwrap())
    );
    assert!(
        bytes.capacity() <= bytes.len() + SMALL,
        "{} for {}",
        bytes.capacity(),
        bytes.len()
    );
}
