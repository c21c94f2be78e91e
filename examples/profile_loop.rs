//! A decode (or encode) loop for profilers, timing each call on its own:
//!
//! ```sh
//! cargo build --profile bench --example profile_loop
//! target/release/examples/profile_loop W6 dec 300       # min / median of 300 decodes
//! valgrind --tool=callgrind --toggle-collect='*read_literal_bytes*' \
//!     target/release/examples/profile_loop W6 dec 4     # instructions (divide by 4 x 10,000)
//! ```
//!
//! Workloads W1 (`i64`), W2 (`Vec<i64>`), W3 (`Vec<String>`), W4 (`BTreeMap<String, f64>`), W5
//! (`Record`) and W6 (`Vec<Record>`); `enc` writes into a reused buffer, `dec` reads the direct
//! encoder's bytes, `tree-enc` is `to_literal` and the canonical encoder, `tree-dec` prost and
//! `from_literal`, `value-dec` the dynamic path (`value::decode_bytes` with the Rust type's
//! `LiteralType`). Each output is dropped before the next call, untimed, as the criterion
//! benches do. The timed operation is the one function `timed` (never inlined): count only it
//! with `valgrind --tool=callgrind --toggle-collect='*timed*'`, whatever the library's own
//! function names.

#[path = "../benches/common/mod.rs"]
mod common;

use flyte_types::engine::FlyteType;
use flyte_types::idl::core::LiteralType;
use flyte_types::value::Value;
use std::hint::black_box;
use std::time::Instant;

/// What an op made, dropped after the clock stops.
#[expect(dead_code, reason = "only dropped, after the clock stops")]
enum Out<T> {
    Nothing,
    Typed(T),
    Dynamic(Value),
}

/// The timed operation: one never-inlined function per op, so one op's code does not change
/// another's frame (the `*timed*` callgrind toggle counts exactly the op).
fn timed<T: FlyteType>(
    value: &T,
    ty: &LiteralType,
    bytes: &[u8],
    op: &str,
    buf: &mut Vec<u8>,
) -> Out<T> {
    match op {
        "enc" => {
            timed_enc(value, buf);
            Out::Nothing
        }
        "dec" => Out::Typed(timed_dec(bytes)),
        "tree-enc" => {
            timed_tree_enc(value, buf);
            Out::Nothing
        }
        "tree-dec" => Out::Typed(timed_tree_dec(bytes)),
        "value-dec" => Out::Dynamic(timed_value_dec(ty, bytes)),
        other => panic!("unknown op {other}"),
    }
}

#[inline(never)]
fn timed_enc<T: FlyteType>(value: &T, buf: &mut Vec<u8>) {
    buf.clear();
    black_box(value).write_literal_bytes(buf).unwrap();
}

#[inline(never)]
fn timed_dec<T: FlyteType>(bytes: &[u8]) -> T {
    T::read_literal_bytes(black_box(bytes)).unwrap()
}

#[inline(never)]
fn timed_tree_enc<T: FlyteType>(value: &T, buf: &mut Vec<u8>) {
    *buf = flyte_types::wire::encode_canonical(&black_box(value).to_literal().unwrap());
}

#[inline(never)]
fn timed_tree_dec<T: FlyteType>(bytes: &[u8]) -> T {
    let lit =
        <flyte_types::idl::core::Literal as prost::Message>::decode(black_box(bytes)).unwrap();
    T::from_literal(&lit).unwrap()
}

#[inline(never)]
fn timed_value_dec(ty: &LiteralType, bytes: &[u8]) -> Value {
    flyte_types::value::decode_bytes(ty, black_box(bytes)).unwrap()
}

fn run<T: FlyteType>(value: &T, op: &str, n: usize) -> Vec<f64> {
    let bytes = value.to_literal_bytes().unwrap();
    let ty = T::literal_type();
    let mut buf = Vec::new();
    // Grown as it goes, not reserved: glibc returns the top of the heap to the system when a
    // drop frees it and nothing live sits above, and the next call then faults all its pages in
    // again (W6 decode: ~1,500 faults, +2 ms per call). The benches' own bookkeeping keeps the
    // heap from shrinking; a vector that reallocates as it grows does the same here.
    let mut times = Vec::new();
    for _ in 0..n {
        let start = Instant::now();
        let out = timed(value, &ty, &bytes, op, &mut buf);
        times.push(start.elapsed().as_secs_f64() * 1e3);
        drop(black_box(out));
    }
    times
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [workload, op, n] = args.as_slice() else {
        eprintln!("usage: profile_loop W1|W2|W3|W4|W5|W6 enc|dec|tree-enc|tree-dec|value-dec N");
        std::process::exit(2);
    };
    let n: usize = n.parse().expect("N: a count");
    let mut times = match workload.as_str() {
        "W1" => run(&common::W1, op, n),
        "W2" => run(&common::w2(), op, n),
        "W3" => run(&common::w3(), op, n),
        "W4" => run(&common::w4(), op, n),
        "W5" => run(&common::record(0), op, n),
        "W6" => run(&common::w6(), op, n),
        other => panic!("unknown workload {other}"),
    };
    times.sort_by(f64::total_cmp);
    println!(
        "{workload} {op}: min {:.3} ms, median {:.3} ms over {n}",
        times[0],
        times[n / 2]
    );
}
