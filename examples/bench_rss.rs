//! One operation per process, for peak-RSS measurement under `/usr/bin/time -v`
//! (`scripts/bench.sh` runs it):
//!
//! ```sh
//! cargo run --release --example bench_rss -- W2 direct_enc
//! ```
//!
//! Workloads W2 and W6; operations `gen` (generate the input only), `direct_enc`, `direct_dec`,
//! `tree_enc`, `tree_dec`. A decode first builds its input bytes with the direct encoder and
//! drops everything else; the figure then includes those bytes.

#[path = "../benches/common/mod.rs"]
mod common;

use flyte_types::engine::FlyteType;
use flyte_types::idl::core::Literal;
use prost::Message;
use std::hint::black_box;

fn run<T: FlyteType>(value: T, op: &str) {
    match op {
        "gen" => {
            black_box(&value);
        }
        "direct_enc" => {
            black_box(value.to_literal_bytes().unwrap());
        }
        "tree_enc" => {
            black_box(flyte_types::wire::encode_canonical(
                &value.to_literal().unwrap(),
            ));
        }
        "direct_dec" | "tree_dec" => {
            let bytes = value.to_literal_bytes().unwrap();
            drop(value);
            if op == "direct_dec" {
                black_box(T::read_literal_bytes(&bytes).unwrap());
            } else {
                black_box(T::from_literal(&Literal::decode(bytes.as_slice()).unwrap()).unwrap());
            }
        }
        other => panic!("unknown operation {other}"),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (w, op) = (
        args.get(1).map_or("W2", String::as_str),
        args.get(2).map_or("gen", String::as_str),
    );
    match w {
        "W2" => run(common::w2(), op),
        "W6" => run(common::w6(), op),
        other => panic!("unknown workload {other}"),
    }
}
