//! A canonical encoder for `Literal` trees: what `prost` encoding and the re-ordering walk give,
//! written in two passes over the tree instead (sizes first, recorded in pre-order; then the
//! bytes, front to back, into one buffer of the exact size).
//!
//! prost computes a nested message's length again at every level above it (each leaf of a
//! `list[int]` literal is measured five times), and the walk then re-reads every byte; here each
//! node is measured once and written once. The hot messages (`Literal`, `Scalar`, `Primitive`,
//! `Binary`, `Union`, `LiteralCollection`, `LiteralMap`) are written here; the rest (blobs,
//! schemas, structured datasets, errors, generic structs, offloaded metadata, artifact ids and
//! union variant types) are encoded by the general path ([`super::encode_canonical`]) once, in
//! the first pass, and copied in the second.

use super::raw::{field_len, put_header, put_timestamp, put_varint, timestamp_len, vlen};
use super::walk::upb_key_order;
use crate::idl::core::{
    Binary, Literal, LiteralCollection, LiteralMap, Primitive, Scalar, Union, literal, primitive,
    scalar,
};
use std::collections::BTreeMap;

/// Encodes `lit` as `super::encode_canonical` does.
pub(crate) fn encode(lit: &Literal) -> Vec<u8> {
    let mut m = Measure::default();
    let len = m.literal(lit);
    let mut w = Write {
        sizes: &m.sizes,
        side: &m.side,
        next: 1, // the root's own slot
        next_side: 0,
        out: Vec::with_capacity(len),
    };
    w.literal_body(lit);
    debug_assert_eq!(w.out.len(), len);
    w.out
}

/// Sizes of the fields that are not messages measured here.
fn string_len(tag_field: &str) -> usize {
    if tag_field.is_empty() {
        0
    } else {
        field_len(tag_field.len())
    }
}

fn primitive_len(p: &Primitive) -> usize {
    match &p.value {
        None => 0,
        Some(primitive::Value::Integer(i)) => 1 + vlen(*i as u64),
        Some(primitive::Value::FloatValue(_)) => 9,
        Some(primitive::Value::StringValue(s)) => field_len(s.len()),
        Some(primitive::Value::Boolean(_)) => 2,
        Some(primitive::Value::Datetime(t)) => field_len(timestamp_len(t.seconds, t.nanos)),
        Some(primitive::Value::Duration(d)) => field_len(timestamp_len(d.seconds, d.nanos)),
    }
}

fn binary_len(b: &Binary) -> usize {
    (if b.value.is_empty() {
        0
    } else {
        field_len(b.value.len())
    }) + string_len(&b.tag)
}

/// Whether bytewise-sorted keys (a `BTreeMap`) are in upb's order too.
fn upb_ordered<'a>(keys: impl Iterator<Item = &'a String>) -> bool {
    let mut prev: Option<&str> = None;
    for k in keys {
        if let Some(p) = prev
            && k.len() > p.len()
            && k.starts_with(p)
        {
            return false;
        }
        prev = Some(k);
    }
    true
}

/// A map's entries in upb's order.
fn upb_entries<V>(m: &BTreeMap<String, V>) -> Vec<(&String, &V)> {
    let mut v: Vec<_> = m.iter().collect();
    if !upb_ordered(m.keys()) {
        v.sort_by(|a, b| upb_key_order(a.0.as_bytes(), b.0.as_bytes()));
    }
    v
}

/// First pass: message sizes in pre-order, and the bytes of the messages encoded elsewhere.
#[derive(Default)]
struct Measure {
    sizes: Vec<usize>,
    side: Vec<Vec<u8>>,
}

impl Measure {
    fn slot(&mut self) -> usize {
        self.sizes.push(0);
        self.sizes.len() - 1
    }

    fn other<M: prost::Message + prost::Name + 'static>(&mut self, m: &M) -> usize {
        let b = super::encode_canonical(m);
        let n = b.len();
        self.side.push(b);
        n
    }

    /// A `Literal` (its slot, then its fields'); returns its size.
    fn literal(&mut self, lit: &Literal) -> usize {
        let slot = self.slot();
        let mut n = 0;
        match &lit.value {
            None => {}
            Some(literal::Value::Scalar(s)) => n += field_len(self.scalar(s)),
            Some(literal::Value::Collection(c)) => n += field_len(self.collection(c)),
            Some(literal::Value::Map(m)) => n += field_len(self.map(m)),
            Some(literal::Value::OffloadedMetadata(_)) => {}
        }
        n += string_len(&lit.hash);
        for (k, v) in &lit.metadata {
            n += field_len(field_len(k.len()) + field_len(v.len()));
        }
        if let Some(literal::Value::OffloadedMetadata(o)) = &lit.value {
            n += field_len(self.other(o.as_ref()));
        }
        if let Some(a) = &lit.artifact_id {
            n += field_len(self.other(a.as_ref()));
        }
        self.sizes[slot] = n;
        n
    }

    fn scalar(&mut self, s: &Scalar) -> usize {
        let slot = self.slot();
        let n = match &s.value {
            None => 0,
            Some(scalar::Value::Primitive(p)) => field_len(primitive_len(p)),
            Some(scalar::Value::Binary(b)) => field_len(binary_len(b)),
            Some(scalar::Value::NoneType(_)) => 2,
            Some(scalar::Value::Union(u)) => field_len(self.union(u)),
            Some(scalar::Value::Blob(b)) => field_len(self.other(b)),
            Some(scalar::Value::Schema(x)) => field_len(self.other(x)),
            Some(scalar::Value::Error(x)) => field_len(self.other(x)),
            Some(scalar::Value::Generic(x)) => {
                // prost-types' Struct has no `prost::Name`: re-order its bytes by name.
                let b = super::canonicalize(
                    &prost::Message::encode_to_vec(x),
                    "google.protobuf.Struct",
                )
                .expect("prost output is valid protobuf of the embedded descriptors");
                let n = b.len();
                self.side.push(b);
                field_len(n)
            }
            Some(scalar::Value::StructuredDataset(x)) => field_len(self.other(x.as_ref())),
        };
        self.sizes[slot] = n;
        n
    }

    fn union(&mut self, u: &Union) -> usize {
        let slot = self.slot();
        let mut n = 0;
        if let Some(v) = &u.value {
            n += field_len(self.literal(v));
        }
        if let Some(t) = &u.r#type {
            n += field_len(self.other(t));
        }
        self.sizes[slot] = n;
        n
    }

    fn collection(&mut self, c: &LiteralCollection) -> usize {
        let slot = self.slot();
        let mut n = 0;
        for l in &c.literals {
            n += field_len(self.literal(l));
        }
        self.sizes[slot] = n;
        n
    }

    fn map(&mut self, m: &LiteralMap) -> usize {
        let slot = self.slot();
        let mut n = 0;
        // Sizes in the order the entries are written.
        for (k, v) in upb_entries(&m.literals) {
            let entry = self.slot();
            let e = field_len(k.len()) + field_len(self.literal(v));
            self.sizes[entry] = e;
            n += field_len(e);
        }
        self.sizes[slot] = n;
        n
    }
}

/// Second pass.
struct Write<'a> {
    sizes: &'a [usize],
    side: &'a [Vec<u8>],
    next: usize,
    next_side: usize,
    out: Vec<u8>,
}

impl Write<'_> {
    fn take(&mut self) -> usize {
        let s = self.sizes[self.next];
        self.next += 1;
        s
    }

    fn other(&mut self, tag: u8) {
        let b = &self.side[self.next_side];
        self.next_side += 1;
        put_header(&mut self.out, tag, b.len());
        self.out.extend_from_slice(b);
    }

    fn string(&mut self, tag: u8, s: &str) {
        if !s.is_empty() {
            put_header(&mut self.out, tag, s.len());
            self.out.extend_from_slice(s.as_bytes());
        }
    }

    /// A `Literal`'s fields (its slot was taken by the caller).
    fn literal_body(&mut self, lit: &Literal) {
        match &lit.value {
            Some(literal::Value::Scalar(s)) => {
                let n = self.take();
                put_header(&mut self.out, 0x0a, n);
                self.scalar_body(s);
            }
            Some(literal::Value::Collection(c)) => {
                let n = self.take();
                put_header(&mut self.out, 0x12, n);
                for l in &c.literals {
                    let n = self.take();
                    put_header(&mut self.out, 0x0a, n);
                    self.literal_body(l);
                }
            }
            Some(literal::Value::Map(m)) => {
                let n = self.take();
                put_header(&mut self.out, 0x1a, n);
                for (k, v) in upb_entries(&m.literals) {
                    let e = self.take();
                    put_header(&mut self.out, 0x0a, e);
                    put_header(&mut self.out, 0x0a, k.len());
                    self.out.extend_from_slice(k.as_bytes());
                    let n = self.take();
                    put_header(&mut self.out, 0x12, n);
                    self.literal_body(v);
                }
            }
            None | Some(literal::Value::OffloadedMetadata(_)) => {}
        }
        self.string(0x22, &lit.hash);
        for (k, v) in upb_entries(&lit.metadata) {
            put_header(&mut self.out, 0x2a, field_len(k.len()) + field_len(v.len()));
            put_header(&mut self.out, 0x0a, k.len());
            self.out.extend_from_slice(k.as_bytes());
            put_header(&mut self.out, 0x12, v.len());
            self.out.extend_from_slice(v.as_bytes());
        }
        if let Some(literal::Value::OffloadedMetadata(_)) = &lit.value {
            self.other(0x42);
        }
        if lit.artifact_id.is_some() {
            self.other(0x4a);
        }
    }

    fn scalar_body(&mut self, s: &Scalar) {
        let out = &mut self.out;
        match &s.value {
            None => {}
            Some(scalar::Value::Primitive(p)) => {
                put_header(out, 0x0a, primitive_len(p));
                match &p.value {
                    None => {}
                    Some(primitive::Value::Integer(i)) => {
                        out.push(0x08);
                        put_varint(out, *i as u64);
                    }
                    Some(primitive::Value::FloatValue(f)) => {
                        out.push(0x11);
                        out.extend_from_slice(&f.to_le_bytes());
                    }
                    Some(primitive::Value::StringValue(v)) => {
                        put_header(out, 0x1a, v.len());
                        out.extend_from_slice(v.as_bytes());
                    }
                    Some(primitive::Value::Boolean(b)) => {
                        out.extend_from_slice(&[0x20, u8::from(*b)])
                    }
                    Some(primitive::Value::Datetime(t)) => {
                        put_header(out, 0x2a, timestamp_len(t.seconds, t.nanos));
                        put_timestamp(out, t.seconds, t.nanos);
                    }
                    Some(primitive::Value::Duration(d)) => {
                        put_header(out, 0x32, timestamp_len(d.seconds, d.nanos));
                        put_timestamp(out, d.seconds, d.nanos);
                    }
                }
            }
            Some(scalar::Value::Binary(b)) => {
                put_header(out, 0x1a, binary_len(b));
                if !b.value.is_empty() {
                    put_header(out, 0x0a, b.value.len());
                    out.extend_from_slice(&b.value);
                }
                self.string(0x12, &b.tag);
            }
            Some(scalar::Value::NoneType(_)) => out.extend_from_slice(&[0x2a, 0x00]),
            Some(scalar::Value::Union(u)) => {
                let n = self.take();
                put_header(&mut self.out, 0x4a, n);
                if let Some(v) = &u.value {
                    let n = self.take();
                    put_header(&mut self.out, 0x0a, n);
                    self.literal_body(v);
                }
                if u.r#type.is_some() {
                    self.other(0x12);
                }
            }
            Some(scalar::Value::Blob(_)) => self.other(0x12),
            Some(scalar::Value::Schema(_)) => self.other(0x22),
            Some(scalar::Value::Error(_)) => self.other(0x32),
            Some(scalar::Value::Generic(_)) => self.other(0x3a),
            Some(scalar::Value::StructuredDataset(_)) => self.other(0x42),
        }
    }
}
