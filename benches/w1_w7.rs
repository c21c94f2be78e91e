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
//! Outputs are dropped outside the timed region (see `op`), as in
//! `../shared/notes/perf-floors.md`; building them (allocation included) is timed.

mod common;

use common::*;
use criterion::{
    BatchSize, BenchmarkGroup, Criterion, criterion_group, criterion_main, measurement::WallTime,
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
fn typed_paths<T: FlyteType + 'static>(
    g: &mut BenchmarkGroup<'_, WallTime>,
    bulk: bool,
    v: &T,
) -> Vec<u8> {
    let bytes = v.to_literal_bytes().unwrap();
    assert_eq!(bytes, tree_enc(v), "direct and tree bytes differ");
    op(g, bulk, "direct_enc", || {
        black_box(v).to_literal_bytes().unwrap()
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
    op(g, bulk, "direct_dec", || {
        T::read_literal_bytes(black_box(&bytes)).unwrap()
    });
    op(g, bulk, "tree_enc", || tree_enc(black_box(v)));
    op(g, bulk, "tree_dec", || tree_dec::<T>(black_box(&bytes)));
    let ty = T::literal_type();
    let val = value::decode(&ty, &v.to_literal().unwrap()).unwrap();
    value_paths(g, bulk, &val, &ty, &bytes);
    bytes
}

fn value_paths(
    g: &mut BenchmarkGroup<'_, WallTime>,
    bulk: bool,
    val: &Value,
    ty: &LiteralType,
    bytes: &[u8],
) {
    assert_eq!(value_enc(val, ty), bytes, "Value bytes differ");
    op(g, bulk, "value_enc", || value_enc(black_box(val), ty));
    op(g, bulk, "value_dec", || value_dec(ty, black_box(bytes)));
}

fn floors<D, B, X>(
    g: &mut BenchmarkGroup<'_, WallTime>,
    bulk: bool,
    data: &D,
    build: B,
    extract: X,
    bytes: &[u8],
) where
    B: Fn(&D) -> Literal,
    X: Fn(Literal) -> Box<dyn std::any::Any>,
{
    assert!(
        build(data).encode_to_vec() == bytes,
        "the hand-built floor's bytes differ"
    );
    op(g, bulk, "prost_enc", || {
        build(black_box(data)).encode_to_vec()
    });
    op(g, bulk, "prost_dec", || {
        extract(Literal::decode(black_box(bytes)).unwrap())
    });
    let mut dst = vec![0u8; bytes.len()];
    g.bench_function("memcpy", |b| {
        b.iter(|| dst.copy_from_slice(black_box(bytes)))
    });
    // The floor of any encoder that returns a fresh `Vec`: allocate and copy.
    op(g, bulk, "alloc-copy", || black_box(bytes).to_vec());
}

/// Times `f`, its output dropped outside the timed region. Bulk workloads (milliseconds) time
/// each call on its own and drop its output before the next (`iter_batched`, one per batch), as
/// `../shared/notes/perf-floors.md` does: a batch of outputs kept alive together would grow the
/// heap by megabytes per sample, and the page faults of that growth would be timed. Per-op
/// workloads (nanoseconds) run in batches (`iter_with_large_drop`), where timing each call
/// alone would cost more than the call.
fn op<O>(g: &mut BenchmarkGroup<'_, WallTime>, bulk: bool, name: &str, mut f: impl FnMut() -> O) {
    g.bench_function(name, |b| {
        if bulk {
            b.iter_batched(|| (), |()| f(), BatchSize::PerIteration)
        } else {
            b.iter_with_large_drop(&mut f)
        }
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
    let bulk = false;
    let mut g = config(c, "W1", bulk);
    let bytes = typed_paths(&mut g, bulk, &W1);
    floors(
        &mut g,
        bulk,
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
    let bulk = true;
    let mut g = config(c, "W2", bulk);
    let bytes = typed_paths(&mut g, bulk, &data);
    floors(
        &mut g,
        bulk,
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
    let bulk = true;
    let mut g = config(c, "W3", bulk);
    let bytes = typed_paths(&mut g, bulk, &data);
    floors(
        &mut g,
        bulk,
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
    let bulk = true;
    let mut g = config(c, "W4", bulk);
    let bytes = typed_paths(&mut g, bulk, &data);
    floors(
        &mut g,
        bulk,
        &data,
        floor::float_map,
        |l| Box::new(floor::take_float_map(l)),
        &bytes,
    );
    g.finish();
}

fn bench_w5(c: &mut Criterion) {
    if !selected("W5") {
        return;
    }
    let data = record(0);
    let bulk = false;
    let mut g = config(c, "W5", bulk);
    let bytes = typed_paths(&mut g, bulk, &data);
    assert_eq!(
        floor::take_record(Literal::decode(&bytes[..]).unwrap()),
        Some(data.clone())
    );
    floors(
        &mut g,
        bulk,
        &data,
        floor::record,
        |l| Box::new(floor::take_record(l)),
        &bytes,
    );
    g.finish();
}

fn bench_w6(c: &mut Criterion) {
    if !selected("W6") {
        return;
    }
    let data = w6();
    let bulk = true;
    let mut g = config(c, "W6", bulk);
    let bytes = typed_paths(&mut g, bulk, &data);
    assert_eq!(
        floor::take_records(Literal::decode(&bytes[..]).unwrap()).as_ref(),
        Some(&data)
    );
    floors(
        &mut g,
        bulk,
        &data,
        |d| floor::records(d),
        |l| Box::new(floor::take_records(l)),
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
    let bulk = true;
    let mut g = config(c, "W7", bulk);
    value_paths(&mut g, bulk, &val, &ty, &bytes);
    let p = floor::take_msgpack(lit);
    let msg = flyte_types::msgpack::decode(&p).unwrap();
    op(&mut g, bulk, "tree_enc", || {
        wire::encode_canonical(&flyte_types::engine::msgpack_literal(black_box(&msg)).unwrap())
    });
    op(&mut g, bulk, "tree_dec", || {
        flyte_types::engine::literal_msg(&Literal::decode(black_box(&bytes[..])).unwrap()).unwrap()
    });
    assert_eq!(
        floor::take_dict(Literal::decode(&bytes[..]).unwrap()).as_ref(),
        Some(&val)
    );
    floors(
        &mut g,
        bulk,
        &val,
        floor::dict,
        |l| Box::new(floor::take_dict(l)),
        &bytes,
    );
    g.finish();
}

criterion_group!(
    benches, bench_w1, bench_w2, bench_w3, bench_w4, bench_w5, bench_w6, bench_w7
);
criterion_main!(benches);
