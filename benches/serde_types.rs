//! `flyte_types::serde` next to `#[derive(FlyteType)]` for the same record (a dataclass with a
//! nested struct, a list, a dict, an optional and bytes): one literal's wire bytes
//! written (`enc`) and read back (`dec`). Both write the same bytes (asserted).
//!
//! `cargo bench --bench serde_types --features serde-types`

use criterion::{Criterion, criterion_group, criterion_main};
use flyte_types::engine::{Bytes, FlyteType};
use flyte_types::idl::core::Literal;
use flyte_types::serde as flyte_serde;
use flyte_types::wire;
use prost::Message;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::hint::black_box;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema, FlyteType)]
struct Inner {
    a: i64,
    label: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema, FlyteType)]
struct Record {
    inner: Inner,
    items: Vec<i64>,
    scores: BTreeMap<String, f64>,
    raw: Bytes,
    note: Option<String>,
}

fn record() -> Record {
    Record {
        inner: Inner {
            a: 7,
            label: "inner label".into(),
        },
        items: (0..32).collect(),
        scores: (0..8)
            .map(|i| (format!("key{i}"), f64::from(i) / 3.0))
            .collect(),
        raw: Bytes(vec![7; 64]),
        note: Some("a note".into()),
    }
}

fn bench(c: &mut Criterion) {
    let r = record();
    let derived = r.to_literal_bytes().unwrap();
    let serde_bytes = wire::encode_canonical(&flyte_serde::to_literal(&r).unwrap());
    assert_eq!(derived, serde_bytes, "the two paths write different bytes");
    let mut g = c.benchmark_group("serde_record");
    g.bench_function("derive_direct_enc", |b| {
        b.iter(|| black_box(&r).to_literal_bytes().unwrap())
    });
    g.bench_function("derive_tree_enc", |b| {
        b.iter(|| wire::encode_canonical(&black_box(&r).to_literal().unwrap()))
    });
    g.bench_function("serde_enc", |b| {
        b.iter(|| wire::encode_canonical(&flyte_serde::to_literal(black_box(&r)).unwrap()))
    });
    g.bench_function("derive_direct_dec", |b| {
        b.iter(|| Record::read_literal_bytes(black_box(&derived)).unwrap())
    });
    g.bench_function("derive_tree_dec", |b| {
        b.iter(|| Record::from_literal(&Literal::decode(black_box(&derived[..])).unwrap()).unwrap())
    });
    g.bench_function("serde_dec", |b| {
        b.iter(|| {
            flyte_serde::from_literal::<Record>(&Literal::decode(black_box(&derived[..])).unwrap())
                .unwrap()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
