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
        annotation: Some(flyte_types::engine::msgpack_annotation()),
        ..Default::default()
    }
}

/// The prost floors: `Literal`s built by hand (no engine) and what a decoder extracts.
pub mod floor {
    use flyte_types::idl::core::{
        Binary, Literal, LiteralCollection, LiteralMap, Primitive, Scalar, literal, primitive,
        scalar,
    };
    use flyte_types::value::Value;
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

    /// A msgpack binary around a payload.
    fn msgpack(value: Vec<u8>) -> Literal {
        scalar(scalar::Value::Binary(Binary {
            value,
            tag: "msgpack".into(),
        }))
    }

    /// W5: the payload written by hand ([`mp::record`]) in a hand-built `Literal`.
    pub fn record(r: &super::Record) -> Literal {
        let mut out = Vec::new();
        mp::record(r, &mut out);
        msgpack(out)
    }

    /// W6.
    pub fn records(rs: &[super::Record]) -> Literal {
        collection(rs.iter().map(record).collect())
    }

    /// W7: the payload written by hand ([`mp::value`]).
    pub fn dict(v: &Value) -> Literal {
        let mut out = Vec::new();
        mp::value(v, &mut out);
        msgpack(out)
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

    /// W5: the payload read by hand ([`mp::Reader::record`]).
    pub fn take_record(l: Literal) -> Option<super::Record> {
        let bytes = take_msgpack(l);
        let mut r = mp::Reader(&bytes);
        r.record()
    }

    /// W6.
    pub fn take_records(l: Literal) -> Option<Vec<super::Record>> {
        take_items(l).into_iter().map(take_record).collect()
    }

    /// W7: the payload read by hand ([`mp::Reader::value`]).
    pub fn take_dict(l: Literal) -> Option<Value> {
        let bytes = take_msgpack(l);
        mp::Reader(&bytes).value()
    }

    /// The payload bytes.
    pub fn take_msgpack(l: Literal) -> Vec<u8> {
        match l.value {
            Some(literal::Value::Scalar(s)) => match s.value {
                Some(scalar::Value::Binary(b)) => b.value,
                _ => Vec::new(),
            },
            _ => Vec::new(),
        }
    }

    /// msgpack written and read by hand for the floors: std only, exactly the forms the
    /// workloads use (Python's minimal encodings), no limits, no error detail.
    pub mod mp {
        use super::super::{Color, Inner, Record};
        use chrono::{DateTime, Utc};
        use flyte_types::value::Value;
        use std::collections::BTreeMap;

        fn head(out: &mut Vec<u8>, n: usize, fix: u8, fix_max: usize, w8: u8, w16: u8, w32: u8) {
            if n <= fix_max {
                out.push(fix | n as u8);
            } else if w8 != 0 && n <= 0xff {
                out.extend_from_slice(&[w8, n as u8]);
            } else if n <= 0xffff {
                out.push(w16);
                out.extend_from_slice(&(n as u16).to_be_bytes());
            } else {
                out.push(w32);
                out.extend_from_slice(&(n as u32).to_be_bytes());
            }
        }

        fn str(out: &mut Vec<u8>, s: &str) {
            head(out, s.len(), 0xa0, 31, 0xd9, 0xda, 0xdb);
            out.extend_from_slice(s.as_bytes());
        }

        fn map(out: &mut Vec<u8>, n: usize) {
            head(out, n, 0x80, 15, 0, 0xde, 0xdf);
        }

        fn array(out: &mut Vec<u8>, n: usize) {
            head(out, n, 0x90, 15, 0, 0xdc, 0xdd);
        }

        fn int(out: &mut Vec<u8>, i: i64) {
            match i {
                -32..=0x7f => out.push(i as u8),
                0x80..=0xff => out.extend_from_slice(&[0xcc, i as u8]),
                0x100..=0xffff => {
                    out.push(0xcd);
                    out.extend_from_slice(&(i as u16).to_be_bytes());
                }
                0x1_0000..=0xffff_ffff => {
                    out.push(0xce);
                    out.extend_from_slice(&(i as u32).to_be_bytes());
                }
                -0x80..=-33 => out.extend_from_slice(&[0xd0, i as u8]),
                -0x8000..=-0x81 => {
                    out.push(0xd1);
                    out.extend_from_slice(&(i as i16).to_be_bytes());
                }
                -0x8000_0000..=-0x8001 => {
                    out.push(0xd2);
                    out.extend_from_slice(&(i as i32).to_be_bytes());
                }
                i if i > 0 => {
                    out.push(0xcf);
                    out.extend_from_slice(&(i as u64).to_be_bytes());
                }
                i => {
                    out.push(0xd3);
                    out.extend_from_slice(&i.to_be_bytes());
                }
            }
        }

        fn float(out: &mut Vec<u8>, f: f64) {
            out.push(0xcb);
            out.extend_from_slice(&f.to_be_bytes());
        }

        /// Python's `datetime.isoformat()` of an aware UTC datetime, digit by digit.
        fn iso(t: &DateTime<Utc>, out: &mut Vec<u8>) {
            use chrono::{Datelike, Timelike};
            let micros = t.timestamp_subsec_micros();
            // 25 characters (fixstr), or 32 with microseconds (str8).
            out.extend_from_slice(if micros == 0 {
                &[0xa0 | 25][..]
            } else {
                &[0xd9, 32]
            });
            let mut digits = |v: u32, n: u32, sep: u8| {
                for k in (0..n).rev() {
                    out.push(b'0' + (v / 10u32.pow(k) % 10) as u8);
                }
                if sep != 0 {
                    out.push(sep);
                }
            };
            digits(t.year() as u32, 4, b'-');
            digits(t.month(), 2, b'-');
            digits(t.day(), 2, b'T');
            digits(t.hour(), 2, b':');
            digits(t.minute(), 2, b':');
            if micros == 0 {
                digits(t.second(), 2, 0);
            } else {
                digits(t.second(), 2, b'.');
                digits(micros, 6, 0);
            }
            out.extend_from_slice(b"+00:00");
        }

        /// The inverse of [`iso`], for exactly those forms.
        fn parse_iso(s: &[u8]) -> Option<DateTime<Utc>> {
            let num = |r: std::ops::Range<usize>| -> Option<u32> {
                s.get(r)?.iter().try_fold(0u32, |a, &c| {
                    c.is_ascii_digit().then(|| a * 10 + u32::from(c - b'0'))
                })
            };
            let micros = match s.len() {
                25 => 0,
                32 => num(20..26)?,
                _ => return None,
            };
            chrono::NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)?
                .and_hms_micro_opt(num(11..13)?, num(14..16)?, num(17..19)?, micros)
                .map(|t| t.and_utc())
        }

        /// A `Record` as mashumaro writes it.
        pub fn record(r: &Record, out: &mut Vec<u8>) {
            map(out, 10);
            str(out, "id");
            int(out, r.id);
            str(out, "score");
            float(out, r.score);
            str(out, "name");
            str(out, &r.name);
            str(out, "active");
            out.push(if r.active { 0xc3 } else { 0xc2 });
            str(out, "values");
            array(out, r.values.len());
            for &v in &r.values {
                int(out, v);
            }
            str(out, "tags");
            map(out, r.tags.len());
            for (k, &v) in &r.tags {
                str(out, k);
                int(out, v);
            }
            str(out, "inner");
            map(out, 3);
            str(out, "x");
            int(out, r.inner.x);
            str(out, "y");
            float(out, r.inner.y);
            str(out, "label");
            str(out, &r.inner.label);
            str(out, "note");
            match &r.note {
                Some(n) => str(out, n),
                None => out.push(0xc0),
            }
            str(out, "created");
            iso(&r.created, out);
            str(out, "color");
            str(
                out,
                match r.color {
                    Color::Red => "red",
                    Color::Green => "green",
                    Color::Blue => "blue",
                },
            );
        }

        /// A JSON-like `Value` (W7's kinds).
        pub fn value(v: &Value, out: &mut Vec<u8>) {
            match v {
                Value::None => out.push(0xc0),
                Value::Bool(b) => out.push(if *b { 0xc3 } else { 0xc2 }),
                Value::Int(i) => int(out, *i),
                Value::Float(f) => float(out, *f),
                Value::String(s) => str(out, s),
                Value::List(items) => {
                    array(out, items.len());
                    items.iter().for_each(|v| value(v, out));
                }
                Value::Map(entries) => {
                    map(out, entries.len());
                    for (k, v) in entries {
                        str(out, k);
                        value(v, out);
                    }
                }
                other => panic!("W7 has no {}", other.kind_name()),
            }
        }

        /// A cursor that reads the forms above.
        pub struct Reader<'a>(pub &'a [u8]);

        impl<'a> Reader<'a> {
            fn take(&mut self, n: usize) -> Option<&'a [u8]> {
                let (a, b) = (self.0.get(..n)?, self.0.get(n..)?);
                self.0 = b;
                Some(a)
            }

            fn byte(&mut self) -> Option<u8> {
                Some(self.take(1)?[0])
            }

            fn be(&mut self, n: usize) -> Option<u64> {
                Some(
                    self.take(n)?
                        .iter()
                        .fold(0, |a, &b| (a << 8) | u64::from(b)),
                )
            }

            fn len(
                &mut self,
                b: u8,
                fix: u8,
                fix_mask: u8,
                w8: u8,
                w16: u8,
                w32: u8,
            ) -> Option<usize> {
                Some(match b {
                    _ if b & !fix_mask == fix => usize::from(b & fix_mask),
                    _ if w8 != 0 && b == w8 => self.be(1)? as usize,
                    _ if b == w16 => self.be(2)? as usize,
                    _ if b == w32 => self.be(4)? as usize,
                    _ => return None,
                })
            }

            fn str(&mut self) -> Option<&'a str> {
                let b = self.byte()?;
                let n = self.len(b, 0xa0, 0x1f, 0xd9, 0xda, 0xdb)?;
                std::str::from_utf8(self.take(n)?).ok()
            }

            fn key(&mut self, k: &str) -> Option<()> {
                (self.str()? == k).then_some(())
            }

            fn map(&mut self) -> Option<usize> {
                let b = self.byte()?;
                self.len(b, 0x80, 0x0f, 0, 0xde, 0xdf)
            }

            fn array(&mut self) -> Option<usize> {
                let b = self.byte()?;
                self.len(b, 0x90, 0x0f, 0, 0xdc, 0xdd)
            }

            fn int_of(&mut self, b: u8) -> Option<i64> {
                Some(match b {
                    0x00..=0x7f => i64::from(b),
                    0xe0..=0xff => i64::from(b as i8),
                    0xcc => self.be(1)? as i64,
                    0xcd => self.be(2)? as i64,
                    0xce => self.be(4)? as i64,
                    0xcf => self.be(8)? as i64,
                    0xd0 => self.be(1)? as u8 as i8 as i64,
                    0xd1 => self.be(2)? as u16 as i16 as i64,
                    0xd2 => self.be(4)? as u32 as i32 as i64,
                    0xd3 => self.be(8)? as i64,
                    _ => return None,
                })
            }

            fn int(&mut self) -> Option<i64> {
                let b = self.byte()?;
                self.int_of(b)
            }

            fn float(&mut self) -> Option<f64> {
                (self.byte()? == 0xcb).then_some(())?;
                Some(f64::from_bits(self.be(8)?))
            }

            /// A `Record`, fields in mashumaro's order.
            pub fn record(&mut self) -> Option<Record> {
                (self.map()? == 10).then_some(())?;
                self.key("id")?;
                let id = self.int()?;
                self.key("score")?;
                let score = self.float()?;
                self.key("name")?;
                let name = self.str()?.to_owned();
                self.key("active")?;
                let active = match self.byte()? {
                    0xc2 => false,
                    0xc3 => true,
                    _ => return None,
                };
                self.key("values")?;
                let n = self.array()?;
                let values = (0..n).map(|_| self.int()).collect::<Option<Vec<_>>>()?;
                self.key("tags")?;
                let n = self.map()?;
                let tags = (0..n)
                    .map(|_| Some((self.str()?.to_owned(), self.int()?)))
                    .collect::<Option<BTreeMap<_, _>>>()?;
                self.key("inner")?;
                (self.map()? == 3).then_some(())?;
                self.key("x")?;
                let x = self.int()?;
                self.key("y")?;
                let y = self.float()?;
                self.key("label")?;
                let label = self.str()?.to_owned();
                self.key("note")?;
                let note = if self.0.first() == Some(&0xc0) {
                    self.byte()?;
                    None
                } else {
                    Some(self.str()?.to_owned())
                };
                self.key("created")?;
                let created = parse_iso(self.str()?.as_bytes())?;
                self.key("color")?;
                let color = match self.str()? {
                    "red" => Color::Red,
                    "green" => Color::Green,
                    "blue" => Color::Blue,
                    _ => return None,
                };
                Some(Record {
                    id,
                    score,
                    name,
                    active,
                    values,
                    tags,
                    inner: Inner { x, y, label },
                    note,
                    created,
                    color,
                })
            }

            /// A JSON-like `Value`.
            pub fn value(&mut self) -> Option<Value> {
                let b = *self.0.first()?;
                Some(match b {
                    0xc0 => {
                        self.byte()?;
                        Value::None
                    }
                    0xc2 | 0xc3 => {
                        self.byte()?;
                        Value::Bool(b == 0xc3)
                    }
                    0xcb => Value::Float(self.float()?),
                    0xa0..=0xbf | 0xd9..=0xdb => Value::String(self.str()?.to_owned()),
                    0x90..=0x9f | 0xdc | 0xdd => {
                        let n = self.array()?;
                        Value::List((0..n).map(|_| self.value()).collect::<Option<_>>()?)
                    }
                    0x80..=0x8f | 0xde | 0xdf => {
                        let n = self.map()?;
                        Value::Map(
                            (0..n)
                                .map(|_| Some((self.str()?.to_owned(), self.value()?)))
                                .collect::<Option<_>>()?,
                        )
                    }
                    _ => {
                        self.byte()?;
                        Value::Int(self.int_of(b)?)
                    }
                })
            }
        }
    }
}
