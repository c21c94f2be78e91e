//! A decode (or encode) loop for profilers, timing each call on its own:
//!
//! ```sh
//! cargo build --profile bench --example profile_loop
//! target/release/examples/profile_loop W6 dec 300       # min / median of 300 decodes
//! valgrind --tool=callgrind --toggle-collect='*read_literal_bytes*' \
//!     target/release/examples/profile_loop W6 dec 4     # instructions (divide by 4 x 10,000)
//! ```
//!
//! Workloads W2 (`Vec<i64>`) and W6 (`Vec<Record>`); `enc` writes into a reused buffer, `dec`
//! reads the direct encoder's bytes. Each output is dropped before the next call, untimed, as
//! the criterion benches do.

#[path = "../benches/common/mod.rs"]
mod common;

use flyte_types::engine::FlyteType;
use std::hint::black_box;
use std::time::Instant;

fn run<T: FlyteType>(value: &T, op: &str, n: usize) -> Vec<f64> {
    let bytes = value.to_literal_bytes().unwrap();
    let mut buf = Vec::new();
    // Grown as it goes, not reserved: glibc returns the top of the heap to the system when a
    // drop frees it and nothing live sits above, and the next call then faults all its pages in
    // again (W6 decode: ~1,500 faults, +2 ms per call). The benches' own bookkeeping keeps the
    // heap from shrinking; a vector that reallocates as it grows does the same here.
    let mut times = Vec::new();
    for _ in 0..n {
        let start = Instant::now();
        let out = if op == "enc" {
            buf.clear();
            black_box(value).write_literal_bytes(&mut buf).unwrap();
            None
        } else {
            Some(T::read_literal_bytes(black_box(&bytes)).unwrap())
        };
        times.push(start.elapsed().as_secs_f64() * 1e3);
        drop(black_box(out));
    }
    times
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [workload, op, n] = args.as_slice() else {
        eprintln!("usage: profile_loop W2|W6 enc|dec N");
        std::process::exit(2);
    };
    let n: usize = n.parse().expect("N: a count");
    let mut times = match workload.as_str() {
        "W2" => run(&common::w2(), op, n),
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
