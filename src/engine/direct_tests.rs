//! The direct path's writers held to the tree path (`FlyteType::to_literal` + the canonical
//! encoder) on lists of numbers.

use crate::engine::FlyteType;
use crate::wire::raw::{SMALL, SMALL_MAX_LEN, vlen};

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
