//! The W1-W7 inputs of `../shared/bench/README.md`, bit for bit (splitmix64; no other RNG), and
//! the hand-built prost floors. Shared by the benches and by `tests/bench_data.rs`, which checks
//! the generators against the README's sha256 fingerprints.
//!
//! `FLYTE_BENCH_SCALE=k` divides every element count by `k` (CI compiles and smoke-runs the
//! benches cheaply with it); fingerprints hold at scale 1 only.

#![allow(dead_code)]

use chrono::{DateTime, Utc};
use flyte_types::engine::FlyteType;
use flyte_types::value::Value;
use std::collections::BTreeMap;

/// `sm64(seed)[k]`.
pub fn sm64(seed: u64, k: u64) -> u64 {
    let mut z = seed.wrapping_add((k + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A float64 in [0, 1).
pub fn u01(u: u64) -> f64 {
    (u >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// An integer in [0, 2^32).
pub fn u32_of(u: u64) -> u64 {
    u >> 32
}

const ALPH62: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// `str16(seed, j)`.
pub fn str16(seed: u64, j: u64) -> String {
    (0..16)
        .map(|k| ALPH62[(sm64(seed, 16 * j + k) % 62) as usize] as char)
        .collect()
}

/// Element counts are divided by this (`FLYTE_BENCH_SCALE`, default 1).
pub fn scale() -> usize {
    std::env::var("FLYTE_BENCH_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .filter(|&s: &usize| s > 0)
        .unwrap_or(1)
}

fn n(full: usize) -> usize {
    (full / scale()).max(1)
}

/// W1: the single int.
pub const W1: i64 = 123_456_789;

/// W2: 1,000,000 ints.
pub fn w2() -> Vec<i64> {
    (0..n(1_000_000) as u64)
        .map(|i| u32_of(sm64(20, i)) as i64)
        .collect()
}

/// W3: 100,000 strings.
pub fn w3() -> Vec<String> {
    (0..n(100_000) as u64).map(|j| str16(30, j)).collect()
}

/// W4: 100,000 entries in insertion order.
pub fn w4_entries() -> Vec<(String, f64)> {
    (0..n(100_000) as u64)
        .map(|i| (format!("key_{i:07}"), u01(sm64(40, i))))
        .collect()
}

/// W4 as the typed API holds it.
pub fn w4() -> BTreeMap<String, f64> {
    w4_entries().into_iter().collect()
}

/// W5 / W6 `Color`.
#[derive(Debug, Clone, PartialEq, FlyteType)]
pub enum Color {
    /// "red"
    Red,
    /// "green"
    Green,
    /// "blue"
    Blue,
}

/// W5 / W6 `Inner`.
#[derive(Debug, Clone, PartialEq, FlyteType)]
pub struct Inner {
    pub x: i64,
    pub y: f64,
    pub label: String,
}

/// W5 / W6 `Record` (a Flyte 2 dataclass).
#[derive(Debug, Clone, PartialEq, FlyteType)]
pub struct Record {
    pub id: i64,
    pub score: f64,
    pub name: String,
    pub active: bool,
    pub values: Vec<i64>,
    pub tags: BTreeMap<String, i64>,
    pub inner: Inner,
    pub note: Option<String>,
    pub created: DateTime<Utc>,
    pub color: Color,
}

/// `Record(i)`.
pub fn record(i: u64) -> Record {
    let base = DateTime::<Utc>::from_timestamp(1_704_067_200, 0).expect("2024-01-01");
    Record {
        id: i as i64,
        score: u01(sm64(61, i)),
        name: str16(62, i),
        active: i.is_multiple_of(2),
        values: (0..10)
            .map(|k| u32_of(sm64(64, 10 * i + k)) as i64)
            .collect(),
        tags: (0..5)
            .map(|k| (format!("tag{k}"), (sm64(65, 5 * i + k) >> 48) as i64))
            .collect(),
        inner: Inner {
            x: 3 * i as i64,
            y: 0.25 * i as f64,
            label: format!("inner-{i:06}"),
        },
        note: (i % 3 != 2).then(|| format!("note-{i:06}")),
        created: base
            + chrono::TimeDelta::seconds(i as i64)
            + chrono::TimeDelta::microseconds(((i * 7919) % 1_000_000) as i64),
        color: [Color::Red, Color::Green, Color::Blue][(i % 3) as usize].clone(),
    }
}

/// W6: 10,000 records.
pub fn w6() -> Vec<Record> {
    (0..n(10_000) as u64).map(record).collect()
}

/// W7: the untyped dict, as a dynamic `Value` in insertion order.
pub fn w7() -> Value {
    let entries = (0..n(10_000) as u64)
        .map(|i| {
            let x = sm64(70, i);
            let v = match i % 7 {
                0 => Value::Int((x >> 33) as i64),
                1 => Value::Float(u01(x)),
                2 => Value::String(str16(71, i)),
                3 => Value::Bool((x >> 63) == 1),
                4 => Value::None,
                5 => Value::List(
                    (0..3)
                        .map(|k| Value::Int((sm64(72, 3 * i + k) >> 48) as i64))
                        .collect(),
                ),
                _ => Value::Map(vec![
                    ("a".into(), Value::Int((x >> 48) as i64)),
                    ("b".into(), Value::String(format!("v{i}"))),
                    (
                        "c".into(),
                        Value::List(vec![Value::Float(0.5), Value::Float(1.5)]),
                    ),
                ]),
            };
            (format!("k{i:05}"), v)
        })
        .collect();
    Value::Map(entries)
}

/// W7's `LiteralType`: the bare `dict` (STRUCT, msgpack annotation, no schema).
pub fn w7_type() -> flyte_types::idl::core::LiteralType {
    use flyte_types::idl::core::{LiteralType, SimpleType, literal_type::Type};
    LiteralType {
        r#type: Some(Type::Simple(SimpleType::Struct as i32)),
        annotation: Some(flyte_types::engine::structs::msgpack_annotation()),
        ..Default::default()
    }
}

/// The prost floors: `Literal`s built by hand (no engine) and what a decoder extracts.
pub mod floor {
    use flyte_types::idl::core::{
        Binary, Literal, LiteralCollection, LiteralMap, Primitive, Scalar, literal, primitive,
        scalar,
    };
    use std::collections::BTreeMap;

    fn scalar(v: scalar::Value) -> Literal {
        Literal {
            value: Some(literal::Value::Scalar(Box::new(Scalar { value: Some(v) }))),
            ..Default::default()
        }
    }

    fn prim(p: primitive::Value) -> Literal {
        scalar(scalar::Value::Primitive(Primitive { value: Some(p) }))
    }

    /// W1.
    pub fn int(v: i64) -> Literal {
        prim(primitive::Value::Integer(v))
    }

    fn collection(literals: Vec<Literal>) -> Literal {
        Literal {
            value: Some(literal::Value::Collection(LiteralCollection { literals })),
            ..Default::default()
        }
    }

    /// W2.
    pub fn ints(v: &[i64]) -> Literal {
        collection(v.iter().map(|&i| int(i)).collect())
    }

    /// W3 (the strings are copied into the tree, as any builder from borrowed data must).
    pub fn strings(v: &[String]) -> Literal {
        collection(
            v.iter()
                .map(|s| prim(primitive::Value::StringValue(s.clone())))
                .collect(),
        )
    }

    /// W4.
    pub fn float_map(m: &BTreeMap<String, f64>) -> Literal {
        let literals = m
            .iter()
            .map(|(k, &f)| (k.clone(), prim(primitive::Value::FloatValue(f))))
            .collect();
        Literal {
            value: Some(literal::Value::Map(LiteralMap { literals })),
            ..Default::default()
        }
    }

    /// W5 / W7: a msgpack binary around an already encoded payload (the msgpack work is not
    /// part of this floor).
    pub fn msgpack(payload: &[u8]) -> Literal {
        scalar(scalar::Value::Binary(Binary {
            value: payload.to_vec(),
            tag: "msgpack".into(),
        }))
    }

    /// W6.
    pub fn msgpacks(payloads: &[Vec<u8>]) -> Literal {
        collection(payloads.iter().map(|p| msgpack(p)).collect())
    }

    fn take_prim(l: Literal) -> Option<primitive::Value> {
        match l.value? {
            literal::Value::Scalar(s) => match s.value? {
                scalar::Value::Primitive(p) => p.value,
                _ => None,
            },
            _ => None,
        }
    }

    fn take_items(l: Literal) -> Vec<Literal> {
        match l.value {
            Some(literal::Value::Collection(c)) => c.literals,
            _ => Vec::new(),
        }
    }

    /// W1 / W2 extraction.
    pub fn take_int(l: Literal) -> i64 {
        match take_prim(l) {
            Some(primitive::Value::Integer(i)) => i,
            _ => 0,
        }
    }

    /// W2.
    pub fn take_ints(l: Literal) -> Vec<i64> {
        take_items(l).into_iter().map(take_int).collect()
    }

    /// W3.
    pub fn take_strings(l: Literal) -> Vec<String> {
        take_items(l)
            .into_iter()
            .map(|l| match take_prim(l) {
                Some(primitive::Value::StringValue(s)) => s,
                _ => String::new(),
            })
            .collect()
    }

    /// W4.
    pub fn take_float_map(l: Literal) -> BTreeMap<String, f64> {
        match l.value {
            Some(literal::Value::Map(m)) => m
                .literals
                .into_iter()
                .map(|(k, v)| {
                    let f = match take_prim(v) {
                        Some(primitive::Value::FloatValue(f)) => f,
                        _ => 0.0,
                    };
                    (k, f)
                })
                .collect(),
            _ => BTreeMap::new(),
        }
    }

    /// W5 / W7: the payload bytes (not parsed).
    pub fn take_msgpack(l: Literal) -> Vec<u8> {
        match l.value {
            Some(literal::Value::Scalar(s)) => match s.value {
                Some(scalar::Value::Binary(b)) => b.value,
                _ => Vec::new(),
            },
            _ => Vec::new(),
        }
    }

    /// W6.
    pub fn take_msgpacks(l: Literal) -> Vec<Vec<u8>> {
        take_items(l).into_iter().map(take_msgpack).collect()
    }
}
