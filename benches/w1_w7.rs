//! W1-W7 of `../shared/bench/README.md`: encode (value to wire bytes) and decode (wire bytes to
//! value) through the typed direct path, the typed `Literal`-tree path and the dynamic `Value`
//! path, with two floors per workload: the `Literal` built by hand with prost and encoded
//! (decoded and extracted), and a memcpy of the output bytes.
//!
//! Bench ids: `W<n>/<path>_<enc|dec>` with path `direct`, `direct-buf` (into a reused buffer),
//! `tree`, `value`, `prost`, and the floors `W<n>/memcpy` (into a warm buffer) and
//! `W<n>/alloc-copy` (into a fresh `Vec`). `scripts/bench.sh` runs this next to the Python baseline and prints the table.
//! `FLYTE_BENCH_SCALE=k` divides the element counts by k (for smoke runs).
//!
//! Outputs are dropped outside the timed region (`iter_with_large_drop`), as in
//! `../shared/notes/perf-floors.md`; building them (allocation included) is timed.

mod common;

use common::*;
use criterion::{
    BenchmarkGroup, Criterion, criterion_group, criterion_main, measurement::WallTime,
};
use flyte_types::engine::FlyteType;
use flyte_types::idl::core::{Literal, LiteralType};
use flyte_types::value::{self, Value};
use flyte_types::wire;
use prost::Message;
use std::hint::black_box;
use std::time::Duration;

fn tree_enc<T: FlyteType>(v: &T) -> Vec<u8> {
    wire::encode_canonical(&v.to_literal().unwrap())
}

fn tree_dec<T: FlyteType>(b: &[u8]) -> T {
    T::from_literal(&Literal::decode(b).unwrap()).unwrap()
}

fn value_enc(v: &Value, ty: &LiteralType) -> Vec<u8> {
    wire::encode_canonical(&v.to_literal(ty).unwrap())
}

fn value_dec(ty: &LiteralType, b: &[u8]) -> Value {
    value::decode_bytes(ty, b).unwrap()
}

/// The typed direct and tree paths and the Value path for one typed value.
fn typed_paths<T: FlyteType + 'static>(g: &mut BenchmarkGroup<'_, WallTime>, v: &T) -> Vec<u8> {
    let bytes = v.to_literal_bytes().unwrap();
    assert_eq!(bytes, tree_enc(v), "direct and tree bytes differ");
    g.bench_function("direct_enc", |b| {
        b.iter_with_large_drop(|| black_box(v).to_literal_bytes().unwrap())
    });
    // Into a buffer kept from the previous iteration: what a caller that reuses its buffer
    // pays, and the like-for-like comparison with `memcpy` (which also writes into a warm
    // buffer); `direct_enc` includes the fresh allocation and its page faults.
    let mut buf = Vec::new();
    g.bench_function("direct-buf_enc", |b| {
        b.iter(|| {
            buf.clear();
            black_box(v).write_literal_bytes(&mut buf).unwrap();
        })
    });
    g.bench_function("direct_dec", |b| {
        b.iter_with_large_drop(|| T::read_literal_bytes(black_box(&bytes)).unwrap())
    });
    g.bench_function("tree_enc", |b| {
        b.iter_with_large_drop(|| tree_enc(black_box(v)))
    });
    g.bench_function("tree_dec", |b| {
        b.iter_with_large_drop(|| tree_dec::<T>(black_box(&bytes)))
    });
    let ty = T::literal_type();
    let val = value::decode(&ty, &v.to_literal().unwrap()).unwrap();
    value_paths(g, &val, &ty, &bytes);
    bytes
}

fn value_paths(g: &mut BenchmarkGroup<'_, WallTime>, val: &Value, ty: &LiteralType, bytes: &[u8]) {
    assert_eq!(value_enc(val, ty), bytes, "Value bytes differ");
    g.bench_function("value_enc", |b| {
        b.iter_with_large_drop(|| value_enc(black_box(val), ty))
    });
    g.bench_function("value_dec", |b| {
        b.iter_with_large_drop(|| value_dec(ty, black_box(bytes)))
    });
}

fn floors<D, B, X>(
    g: &mut BenchmarkGroup<'_, WallTime>,
    data: &D,
    build: B,
    extract: X,
    bytes: &[u8],
) where
    B: Fn(&D) -> Literal,
    X: Fn(Literal) -> Box<dyn std::any::Any>,
{
    assert_eq!(
        build(data).encoded_len(),
        bytes.len(),
        "prost floor size differs"
    );
    g.bench_function("prost_enc", |b| {
        b.iter_with_large_drop(|| build(black_box(data)).encode_to_vec())
    });
    g.bench_function("prost_dec", |b| {
        b.iter_with_large_drop(|| extract(Literal::decode(black_box(bytes)).unwrap()))
    });
    let mut dst = vec![0u8; bytes.len()];
    g.bench_function("memcpy", |b| {
        b.iter(|| dst.copy_from_slice(black_box(bytes)))
    });
    // The floor of any encoder that returns a fresh `Vec`: allocate and copy.
    g.bench_function("alloc-copy", |b| {
        b.iter_with_large_drop(|| black_box(bytes).to_vec())
    });
}

fn config<'a>(c: &'a mut Criterion, name: &str, bulk: bool) -> BenchmarkGroup<'a, WallTime> {
    let mut g = c.benchmark_group(name);
    if bulk {
        g.sample_size(10)
            .warm_up_time(Duration::from_millis(200))
            .measurement_time(Duration::from_secs(1));
    } else {
        g.sample_size(20)
            .warm_up_time(Duration::from_millis(200))
            .measurement_time(Duration::from_millis(500));
    }
    g
}

fn selected(name: &str) -> bool {
    // FLYTE_BENCH_ONLY=W2,W6 runs a subset (criterion's own filter matches bench ids).
    std::env::var("FLYTE_BENCH_ONLY").map_or(true, |only| only.split(',').any(|w| w == name))
}

fn bench_w1(c: &mut Criterion) {
    if !selected("W1") {
        return;
    }
    let mut g = config(c, "W1", false);
    let bytes = typed_paths(&mut g, &W1);
    floors(
        &mut g,
        &W1,
        |v| floor::int(*v),
        |l| Box::new(floor::take_int(l)),
        &bytes,
    );
    g.finish();
}

fn bench_w2(c: &mut Criterion) {
    if !selected("W2") {
        return;
    }
    let data = w2();
    let mut g = config(c, "W2", true);
    let bytes = typed_paths(&mut g, &data);
    floors(
        &mut g,
        &data,
        |v| floor::ints(v),
        |l| Box::new(floor::take_ints(l)),
        &bytes,
    );
    g.finish();
}

fn bench_w3(c: &mut Criterion) {
    if !selected("W3") {
        return;
    }
    let data = w3();
    let mut g = config(c, "W3", true);
    let bytes = typed_paths(&mut g, &data);
    floors(
        &mut g,
        &data,
        |v| floor::strings(v),
        |l| Box::new(floor::take_strings(l)),
        &bytes,
    );
    g.finish();
}

fn bench_w4(c: &mut Criterion) {
    if !selected("W4") {
        return;
    }
    let data = w4();
    let mut g = config(c, "W4", true);
    let bytes = typed_paths(&mut g, &data);
    floors(
        &mut g,
        &data,
        floor::float_map,
        |l| Box::new(floor::take_float_map(l)),
        &bytes,
    );
    g.finish();
}

fn payload(r: &Record) -> Vec<u8> {
    let mut out = Vec::new();
    flyte_types::engine::StructField::write_msgpack(
        r,
        flyte_types::engine::StructStyle::Dataclass,
        &mut out,
    );
    out
}

fn bench_w5(c: &mut Criterion) {
    if !selected("W5") {
        return;
    }
    let data = record(0);
    let mut g = config(c, "W5", false);
    let bytes = typed_paths(&mut g, &data);
    let p = payload(&data);
    floors(
        &mut g,
        &p,
        |p| floor::msgpack(p),
        |l| Box::new(floor::take_msgpack(l)),
        &bytes,
    );
    g.finish();
}

fn bench_w6(c: &mut Criterion) {
    if !selected("W6") {
        return;
    }
    let data = w6();
    let mut g = config(c, "W6", true);
    let bytes = typed_paths(&mut g, &data);
    let p: Vec<Vec<u8>> = data.iter().map(payload).collect();
    floors(
        &mut g,
        &p,
        |p| floor::msgpacks(p),
        |l| Box::new(floor::take_msgpacks(l)),
        &bytes,
    );
    g.finish();
}

fn bench_w7(c: &mut Criterion) {
    if !selected("W7") {
        return;
    }
    // No typed Rust type is an untyped `dict`: the dynamic Value path, and the msgpack codec's
    // own tree (`Msg`) as the "tree" path.
    let val = w7();
    let ty = w7_type();
    let lit = val.to_literal(&ty).unwrap();
    let bytes = wire::encode_canonical(&lit);
    let mut g = config(c, "W7", true);
    value_paths(&mut g, &val, &ty, &bytes);
    let p = floor::take_msgpack(lit);
    let msg = flyte_types::msgpack::decode(&p).unwrap();
    g.bench_function("tree_enc", |b| {
        b.iter_with_large_drop(|| {
            wire::encode_canonical(&flyte_types::engine::structs::msgpack_literal(black_box(
                &msg,
            )))
        })
    });
    g.bench_function("tree_dec", |b| {
        b.iter_with_large_drop(|| {
            flyte_types::engine::structs::literal_msg(
                &Literal::decode(black_box(&bytes[..])).unwrap(),
            )
            .unwrap()
        })
    });
    floors(
        &mut g,
        &p,
        |p| floor::msgpack(p),
        |l| Box::new(floor::take_msgpack(l)),
        &bytes,
    );
    g.finish();
}

criterion_group!(
    benches, bench_w1, bench_w2, bench_w3, bench_w4, bench_w5, bench_w6, bench_w7
);
criterion_main!(benches);
