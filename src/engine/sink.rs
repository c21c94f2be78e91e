//! Where [`FlyteType::write_literal`] writes: each type states its `Literal` once, as calls on
//! a [`LiteralSink`], and three sinks read those calls.
//!
//! - [`LiteralCounter`] measures: the size of the value's `Literal` message, every check the
//!   writing needs (so the byte writer cannot fail), and, in pre-order, the sizes that are
//!   costly to compute again (a collection's or a map's body, a union's value, a struct's
//!   msgpack) in a [`Sizes`] ledger; a literal built as a tree (a handle) is encoded here once,
//!   into the ledger.
//! - [`LiteralWriter`] writes the canonical bytes (`wire::encode_canonical` of the tree) front to
//!   back, into a buffer reserved at their exact size, taking the recorded sizes back in the same
//!   order; the size of a cheap element (a number, a string) is computed again where its field
//!   header needs it ([`LiteralLen`]). A list of numbers is written a field per fixed-size
//!   register store (`raw::Small`); at the root, where nothing needs its size first, in one pass
//!   without the counter.
//! - [`LiteralBuilder`] builds the prost tree (`FlyteType::to_literal`).
//!
//! Each sink is a type, so every `write_literal` is monomorphized for it, as serde's
//! `Serializer`s are.

use super::FlyteType;
use super::field::{StructField, StructStyle};
use super::std_types::{cached_variant, datetime_literal, primitive_literal, scalar_literal};
use super::structs::msgpack_bytes_literal;
use crate::Error;
use crate::idl::core::{Literal, LiteralCollection, LiteralMap, Void, literal, primitive, scalar};
use crate::msgpack::length_fits;
use crate::msgpack::write::{MsgCounter, MsgSink, MsgWriter};
use crate::wire::raw::{
    MSGPACK_TAG, NONE_LITERAL, SMALL, Sizes, field_len, msgpack_literal_len, primitive_literal_len,
    put_header, put_msgpack_headers, put_primitive_headers, put_small_field, put_smalls,
    put_timestamp, put_varint, small_float, small_int, timestamp_len, vlen,
};

mod sealed {
    pub trait Sealed {}
}

/// What a [`FlyteType`] writes its `Literal` into: one call per literal, containers with their
/// elements (each written by its own type's `write_literal` into the same sink). Implemented by
/// this crate's sinks only.
pub trait LiteralSink: sealed::Sealed + Sized {
    /// `scalar.primitive.integer`.
    fn integer(&mut self, i: i64);
    /// `scalar.primitive.float_value`.
    fn float(&mut self, f: f64);
    /// `scalar.primitive.string_value`.
    fn string(&mut self, s: &str);
    /// `scalar.primitive.boolean`.
    fn boolean(&mut self, b: bool);
    /// `scalar.primitive.datetime` (a `google.protobuf.Timestamp`).
    fn datetime(&mut self, seconds: i64, nanos: i32);
    /// `scalar.primitive.duration` (a `google.protobuf.Duration`).
    fn duration(&mut self, seconds: i64, nanos: i32);
    /// `scalar.none_type`.
    fn none(&mut self);
    /// A collection of integer literals; an item's error is returned at its index.
    ///
    /// # Errors
    ///
    /// The first failing item's.
    fn integers<I: ExactSizeIterator<Item = Result<i64, Error>>>(
        &mut self,
        items: I,
    ) -> Result<(), Error>;
    /// A collection of float literals.
    fn floats<I: ExactSizeIterator<Item = f64>>(&mut self, items: I);
    /// A collection: each item's literal, an item's error at its index.
    ///
    /// # Errors
    ///
    /// The first failing item's.
    fn collection<'a, T, I>(&mut self, items: I) -> Result<(), Error>
    where
        T: FlyteType + ?Sized + 'a,
        I: ExactSizeIterator<Item = &'a T>;
    /// A map (string keys); `sorted`: the entries come in bytewise key order (a `BTreeMap`).
    /// An entry's error is returned at its key. Written in upb's key order whatever the order
    /// of `entries`.
    ///
    /// # Errors
    ///
    /// The first failing entry's.
    fn map<'a, T, I>(&mut self, entries: I, sorted: bool) -> Result<(), Error>
    where
        T: FlyteType + ?Sized + 'a,
        I: Iterator<Item = (&'a str, &'a T)> + Clone;
    /// A union literal: `value` with its type as the variant (`structure.tag` set to its
    /// union tag).
    ///
    /// # Errors
    ///
    /// `value`'s.
    fn union<T: FlyteType + ?Sized + 'static>(&mut self, value: &T) -> Result<(), Error>;
    /// `scalar.binary{value: <msgpack>, tag: "msgpack"}`: a struct, written by `body`.
    ///
    /// # Errors
    ///
    /// `body`'s, and a document longer than msgpack can say.
    fn msgpack<B: MsgBody + ?Sized>(&mut self, body: &B) -> Result<(), Error>;
    /// A literal built as a tree by `build` (handles, serde types): called by the sinks that
    /// need it (the byte writer reuses the counter's encoding).
    ///
    /// # Errors
    ///
    /// `build`'s.
    fn literal(&mut self, build: impl FnOnce() -> Result<Literal, Error>) -> Result<(), Error>;
}

/// A msgpack document: what [`LiteralSink::msgpack`] writes into each msgpack sink.
pub trait MsgBody {
    /// Writes the document into `w`.
    ///
    /// # Errors
    ///
    /// A value the document cannot hold, at its path.
    fn write_body<S: MsgSink>(&self, w: &mut S) -> Result<(), Error>;
}

/// A struct field value as a whole document, in a style.
pub struct Styled<'a, T: ?Sized>(pub &'a T, pub StructStyle);

impl<T: StructField> MsgBody for Styled<'_, T> {
    #[inline]
    fn write_body<S: MsgSink>(&self, w: &mut S) -> Result<(), Error> {
        self.0.write(self.1, w)
    }
}

/// [`FlyteType::write_literal_bytes`]: the counter's pass, then the writer's (or the writer's
/// alone, for a list of numbers at the root). On an error `out` is as it was.
pub(crate) fn write_literal_bytes<T: FlyteType + ?Sized>(
    v: &T,
    out: &mut Vec<u8>,
) -> Result<(), Error> {
    let mut c = LiteralCounter::default();
    v.write_literal(&mut c)?;
    // The slack lets lists of numbers write whole `raw::Small` blocks. (A list of numbers at
    // the root is not measured: `c.len` is 0, and the writer reserves as it goes.)
    out.reserve(c.len + SMALL);
    let start = out.len();
    // The counter made every check but those of a list of numbers at the root, whose writing
    // leaves `out` as it was on an error.
    let written = v.write_literal(&mut LiteralWriter {
        sizes: &mut c.sizes,
        out,
    });
    debug_assert!(written.is_err() || c.len == 0 || out.len() - start == c.len);
    written
}

/// [`FlyteType::to_literal`]: the tree builder.
pub(crate) fn to_literal<T: FlyteType + ?Sized>(v: &T) -> Result<Literal, Error> {
    let mut b = LiteralBuilder::default();
    v.write_literal(&mut b)?;
    Ok(b.take())
}

/// Visits map entries in upb's deterministic order (what `wire::encode_canonical` writes):
/// as they come when `ordered` says they are, else sorted.
fn in_upb_order<'a, T: ?Sized + 'a>(
    entries: impl Iterator<Item = (&'a str, &'a T)>,
    ordered: bool,
    mut f: impl FnMut(&'a str, &'a T) -> Result<(), Error>,
) -> Result<(), Error> {
    if ordered {
        for (k, v) in entries {
            f(k, v)?;
        }
    } else {
        let mut all: Vec<(&str, &T)> = entries.collect();
        all.sort_by(|a, b| crate::wire::upb_key_order(a.0.as_bytes(), b.0.as_bytes()));
        for (k, v) in all {
            f(k, v)?;
        }
    }
    Ok(())
}

/// Whether bytewise-sorted keys are also in upb's order: no key is a proper prefix of the next
/// one (if a key is a prefix of a later one, it is a prefix of the one right after it).
fn upb_ordered<'a>(keys: impl Iterator<Item = &'a str>) -> bool {
    let mut prev: Option<&str> = None;
    for k in keys {
        if let Some(p) = prev
            && k.starts_with(p)
            && k.len() > p.len()
        {
            return false;
        }
        prev = Some(k);
    }
    true
}

/// Size of a `Literal` holding a union of a `inner`-byte literal and a `variant`-byte type:
/// `scalar (1) { union (9) { value (1), type (2) } }`.
#[inline(always)]
fn union_literal_len(inner: usize, variant: usize) -> usize {
    field_len(field_len(field_len(inner) + field_len(variant)))
}

/// Size of the `Literal` of a `p`-byte `Timestamp` / `Duration` (`p` from `timestamp_len`).
#[inline(always)]
fn time_literal_len(p: usize) -> usize {
    primitive_literal_len(field_len(p))
}

// ---------------------------------------------------------------- the counter

/// The leaves of a sink that measures: each sets `self.len` to its literal's size (the
/// counter and the writer's look-ahead measure them alike).
macro_rules! leaf_lens {
    () => {
        #[inline(always)]
        fn integer(&mut self, i: i64) {
            self.len = primitive_literal_len(1 + vlen(i as u64));
        }
        #[inline(always)]
        fn float(&mut self, _: f64) {
            self.len = primitive_literal_len(9);
        }
        #[inline(always)]
        fn string(&mut self, s: &str) {
            self.len = primitive_literal_len(field_len(s.len()));
        }
        #[inline(always)]
        fn boolean(&mut self, _: bool) {
            self.len = primitive_literal_len(2);
        }
        #[inline(always)]
        fn datetime(&mut self, seconds: i64, nanos: i32) {
            self.len = time_literal_len(timestamp_len(seconds, nanos));
        }
        #[inline(always)]
        fn duration(&mut self, seconds: i64, nanos: i32) {
            self.len = time_literal_len(timestamp_len(seconds, nanos));
        }
        #[inline(always)]
        fn none(&mut self) {
            self.len = NONE_LITERAL.len();
        }
    };
}

/// The size sink (first pass): the literal's size and the ledger the writer takes back.
#[derive(Debug, Default)]
pub struct LiteralCounter {
    /// What the writer takes back, in pre-order (a literal built as a tree: its bytes). Nothing
    /// recorded yet: the value is the root (every container records a size before its
    /// elements).
    sizes: Sizes,
    /// The size of the literal written last (0: a list of numbers at the root, left
    /// unmeasured for the writer to write in one pass).
    len: usize,
}

impl LiteralCounter {
    /// The size of the literal measured last (`None` for a list of numbers at the root, which
    /// is not measured).
    #[cfg(test)]
    pub(crate) fn measured(&self) -> Option<usize> {
        (self.len != 0).then_some(self.len)
    }
}

impl sealed::Sealed for LiteralCounter {}

impl LiteralSink for LiteralCounter {
    leaf_lens!();
    #[inline]
    fn integers<I: ExactSizeIterator<Item = Result<i64, Error>>>(
        &mut self,
        items: I,
    ) -> Result<(), Error> {
        // Literal.collection (2) { literals (1): [Literal] }
        if self.sizes.is_empty() {
            return Ok(());
        }
        let mut body = 0;
        for (i, v) in items.enumerate() {
            let v = v.map_err(|e| e.at_index(i))?;
            body += field_len(primitive_literal_len(1 + vlen(v as u64)));
        }
        self.sizes.push(body);
        self.len = field_len(body);
        Ok(())
    }
    #[inline]
    fn floats<I: ExactSizeIterator<Item = f64>>(&mut self, items: I) {
        if self.sizes.is_empty() {
            return;
        }
        let body = items.len() * field_len(primitive_literal_len(9));
        self.sizes.push(body);
        self.len = field_len(body);
    }
    fn collection<'a, T, I>(&mut self, items: I) -> Result<(), Error>
    where
        T: FlyteType + ?Sized + 'a,
        I: ExactSizeIterator<Item = &'a T>,
    {
        // Literal.collection (2) { literals (1): [Literal] }
        let slot = self.sizes.slot();
        let mut body = 0;
        for (i, v) in items.enumerate() {
            v.write_literal(self).map_err(|e| e.at_index(i))?;
            body += field_len(self.len);
        }
        self.sizes.set(slot, body);
        self.len = field_len(body);
        Ok(())
    }
    fn map<'a, T, I>(&mut self, entries: I, sorted: bool) -> Result<(), Error>
    where
        T: FlyteType + ?Sized + 'a,
        I: Iterator<Item = (&'a str, &'a T)> + Clone,
    {
        // Literal.map (3) { literals (1): [entry { key (1), value (2) }] }, entries measured
        // in the order they are written (their values' sizes are recorded in that order).
        let slot = self.sizes.slot();
        let ordered = sorted && upb_ordered(entries.clone().map(|(k, _)| k));
        self.sizes.push(usize::from(ordered));
        let mut body = 0;
        in_upb_order(entries, ordered, |k, v| {
            v.write_literal(self).map_err(|e| e.at_key(k))?;
            body += field_len(field_len(k.len()) + field_len(self.len));
            Ok(())
        })?;
        self.sizes.set(slot, body);
        self.len = field_len(body);
        Ok(())
    }
    fn union<T: FlyteType + ?Sized + 'static>(&mut self, value: &T) -> Result<(), Error> {
        let slot = self.sizes.slot();
        value.write_literal(self)?;
        self.sizes.set(slot, self.len);
        self.len = union_literal_len(self.len, cached_variant::<T>().bytes.len());
        Ok(())
    }
    #[inline]
    fn msgpack<B: MsgBody + ?Sized>(&mut self, body: &B) -> Result<(), Error> {
        let mut c = MsgCounter::default();
        body.write_body(&mut c)?;
        length_fits("document", c.len, 0)?;
        self.sizes.push(c.len);
        self.len = msgpack_literal_len(c.len);
        Ok(())
    }
    fn literal(&mut self, build: impl FnOnce() -> Result<Literal, Error>) -> Result<(), Error> {
        let bytes = crate::wire::encode_canonical(&build()?);
        self.len = bytes.len();
        self.sizes.push_bytes(&bytes);
        Ok(())
    }
}

// ---------------------------------------------------------------- the byte writer

/// The byte sink (second pass): the canonical bytes, appended to a `Vec` reserved by the
/// counter's size.
#[derive(Debug)]
pub struct LiteralWriter<'a> {
    sizes: &'a mut Sizes,
    out: &'a mut Vec<u8>,
}

impl LiteralWriter<'_> {
    /// The size of `v`'s literal, before writing it (for its field header): computed again
    /// for a leaf, taken from the ledger (not consumed) for a container.
    #[inline(always)]
    fn len_of<T: FlyteType + ?Sized>(&self, v: &T) -> usize {
        let mut m = LiteralLen {
            sizes: self.sizes,
            len: 0,
        };
        // The counter's pass succeeded on this value.
        let _ = v.write_literal(&mut m);
        m.len
    }
}

impl sealed::Sealed for LiteralWriter<'_> {}

impl LiteralSink for LiteralWriter<'_> {
    #[inline(always)]
    fn integer(&mut self, i: i64) {
        let v = i as u64;
        put_primitive_headers(self.out, 1 + vlen(v));
        self.out.push(0x08);
        put_varint(self.out, v);
    }
    #[inline(always)]
    fn float(&mut self, f: f64) {
        // 0a 0b 0a 09 11 <f64 LE>
        self.out.extend_from_slice(&[0x0a, 0x0b, 0x0a, 0x09, 0x11]);
        self.out.extend_from_slice(&f.to_le_bytes());
    }
    #[inline(always)]
    fn string(&mut self, s: &str) {
        put_primitive_headers(self.out, field_len(s.len()));
        put_header(self.out, 0x1a, s.len());
        self.out.extend_from_slice(s.as_bytes());
    }
    #[inline(always)]
    fn boolean(&mut self, b: bool) {
        self.out
            .extend_from_slice(&[0x0a, 0x04, 0x0a, 0x02, 0x20, u8::from(b)]);
    }
    #[inline]
    fn datetime(&mut self, seconds: i64, nanos: i32) {
        let t = timestamp_len(seconds, nanos);
        put_primitive_headers(self.out, field_len(t));
        put_header(self.out, 0x2a, t);
        put_timestamp(self.out, seconds, nanos);
    }
    #[inline]
    fn duration(&mut self, seconds: i64, nanos: i32) {
        let t = timestamp_len(seconds, nanos);
        put_primitive_headers(self.out, field_len(t));
        put_header(self.out, 0x32, t);
        put_timestamp(self.out, seconds, nanos);
    }
    #[inline(always)]
    fn none(&mut self) {
        self.out.extend_from_slice(NONE_LITERAL);
    }
    #[inline]
    fn integers<I: ExactSizeIterator<Item = Result<i64, Error>>>(
        &mut self,
        items: I,
    ) -> Result<(), Error> {
        if self.sizes.is_empty() {
            // The root: unmeasured, written in one pass.
            let n = items.len();
            let fields = items.enumerate().map(|(i, v)| {
                v.map(|v| small_int(0x0a, v as u64))
                    .map_err(|e| e.at_index(i))
            });
            return put_small_field(self.out, 0x12, n, fields);
        }
        let body = self.sizes.take();
        put_header(self.out, 0x12, body);
        // The counter checked every item.
        put_smalls(
            self.out,
            body,
            items.map(|v| small_int(0x0a, v.map_or(0, |v| v as u64))),
        );
        Ok(())
    }
    #[inline]
    fn floats<I: ExactSizeIterator<Item = f64>>(&mut self, items: I) {
        if self.sizes.is_empty() {
            let n = items.len();
            let fields = items.map(|f| Ok::<_, std::convert::Infallible>(small_float(0x0a, f)));
            let Ok(()) = put_small_field(self.out, 0x12, n, fields);
            return;
        }
        let body = self.sizes.take();
        put_header(self.out, 0x12, body);
        put_smalls(self.out, body, items.map(|f| small_float(0x0a, f)));
    }
    fn collection<'a, T, I>(&mut self, items: I) -> Result<(), Error>
    where
        T: FlyteType + ?Sized + 'a,
        I: ExactSizeIterator<Item = &'a T>,
    {
        put_header(self.out, 0x12, self.sizes.take());
        for v in items {
            let len = self.len_of(v);
            put_header(self.out, 0x0a, len);
            v.write_literal(self)?;
        }
        Ok(())
    }
    fn map<'a, T, I>(&mut self, entries: I, _: bool) -> Result<(), Error>
    where
        T: FlyteType + ?Sized + 'a,
        I: Iterator<Item = (&'a str, &'a T)> + Clone,
    {
        put_header(self.out, 0x1a, self.sizes.take());
        let ordered = self.sizes.take() != 0;
        in_upb_order(entries, ordered, |k, v| {
            let value = self.len_of(v);
            put_header(self.out, 0x0a, field_len(k.len()) + field_len(value));
            put_header(self.out, 0x0a, k.len());
            self.out.extend_from_slice(k.as_bytes());
            put_header(self.out, 0x12, value);
            v.write_literal(self)
        })
    }
    fn union<T: FlyteType + ?Sized + 'static>(&mut self, value: &T) -> Result<(), Error> {
        let inner = self.sizes.take();
        let variant = &cached_variant::<T>().bytes;
        let union = field_len(inner) + field_len(variant.len());
        put_header(self.out, 0x0a, field_len(union));
        put_header(self.out, 0x4a, union);
        put_header(self.out, 0x0a, inner);
        value.write_literal(self)?;
        put_header(self.out, 0x12, variant.len());
        self.out.extend_from_slice(variant);
        Ok(())
    }
    #[inline]
    fn msgpack<B: MsgBody + ?Sized>(&mut self, body: &B) -> Result<(), Error> {
        let m = self.sizes.take();
        put_msgpack_headers(self.out, m);
        let start = self.out.len();
        body.write_body(&mut MsgWriter::new(self.out))?;
        debug_assert_eq!(self.out.len() - start, m);
        self.out.extend_from_slice(MSGPACK_TAG);
        Ok(())
    }
    fn literal(&mut self, _: impl FnOnce() -> Result<Literal, Error>) -> Result<(), Error> {
        self.sizes.take_bytes(self.out);
        Ok(())
    }
}

/// The writer's look-ahead: the size of the next literal, computed for a leaf, read from the
/// ledger for a container (what the counter recorded first for it).
struct LiteralLen<'s> {
    sizes: &'s Sizes,
    len: usize,
}

impl sealed::Sealed for LiteralLen<'_> {}

impl LiteralSink for LiteralLen<'_> {
    leaf_lens!();
    #[inline(always)]
    fn integers<I: ExactSizeIterator<Item = Result<i64, Error>>>(
        &mut self,
        _: I,
    ) -> Result<(), Error> {
        self.len = field_len(self.sizes.peek());
        Ok(())
    }
    #[inline(always)]
    fn floats<I: ExactSizeIterator<Item = f64>>(&mut self, _: I) {
        self.len = field_len(self.sizes.peek());
    }
    #[inline(always)]
    fn collection<'a, T, I>(&mut self, _: I) -> Result<(), Error>
    where
        T: FlyteType + ?Sized + 'a,
        I: ExactSizeIterator<Item = &'a T>,
    {
        self.len = field_len(self.sizes.peek());
        Ok(())
    }
    #[inline(always)]
    fn map<'a, T, I>(&mut self, _: I, _: bool) -> Result<(), Error>
    where
        T: FlyteType + ?Sized + 'a,
        I: Iterator<Item = (&'a str, &'a T)> + Clone,
    {
        self.len = field_len(self.sizes.peek());
        Ok(())
    }
    #[inline(always)]
    fn union<T: FlyteType + ?Sized + 'static>(&mut self, _: &T) -> Result<(), Error> {
        self.len = union_literal_len(self.sizes.peek(), cached_variant::<T>().bytes.len());
        Ok(())
    }
    #[inline(always)]
    fn msgpack<B: MsgBody + ?Sized>(&mut self, _: &B) -> Result<(), Error> {
        self.len = msgpack_literal_len(self.sizes.peek());
        Ok(())
    }
    #[inline(always)]
    fn literal(&mut self, _: impl FnOnce() -> Result<Literal, Error>) -> Result<(), Error> {
        self.len = self.sizes.peek();
        Ok(())
    }
}

// ---------------------------------------------------------------- the tree builder

/// The tree sink: the prost `Literal` ([`FlyteType::to_literal`]).
#[derive(Debug, Default)]
pub struct LiteralBuilder {
    /// The literal written last.
    lit: Option<Literal>,
}

impl LiteralBuilder {
    /// The literal written last.
    #[inline(always)]
    pub(crate) fn take(&mut self) -> Literal {
        self.lit.take().unwrap_or_default()
    }
}

fn collection_literal(literals: Vec<Literal>) -> Literal {
    Literal {
        value: Some(literal::Value::Collection(LiteralCollection { literals })),
        ..Default::default()
    }
}

impl sealed::Sealed for LiteralBuilder {}

impl LiteralSink for LiteralBuilder {
    fn integer(&mut self, i: i64) {
        self.lit = Some(primitive_literal(primitive::Value::Integer(i)));
    }
    fn float(&mut self, f: f64) {
        self.lit = Some(primitive_literal(primitive::Value::FloatValue(f)));
    }
    fn string(&mut self, s: &str) {
        self.lit = Some(primitive_literal(primitive::Value::StringValue(
            s.to_owned(),
        )));
    }
    fn boolean(&mut self, b: bool) {
        self.lit = Some(primitive_literal(primitive::Value::Boolean(b)));
    }
    fn datetime(&mut self, seconds: i64, nanos: i32) {
        self.lit = Some(datetime_literal(seconds, nanos));
    }
    fn duration(&mut self, seconds: i64, nanos: i32) {
        self.lit = Some(primitive_literal(primitive::Value::Duration(
            prost_types::Duration { seconds, nanos },
        )));
    }
    fn none(&mut self) {
        self.lit = Some(scalar_literal(scalar::Value::NoneType(Void {})));
    }
    fn integers<I: ExactSizeIterator<Item = Result<i64, Error>>>(
        &mut self,
        items: I,
    ) -> Result<(), Error> {
        let literals = items
            .enumerate()
            .map(|(i, v)| {
                v.map(|v| primitive_literal(primitive::Value::Integer(v)))
                    .map_err(|e| e.at_index(i))
            })
            .collect::<Result<_, _>>()?;
        self.lit = Some(collection_literal(literals));
        Ok(())
    }
    fn floats<I: ExactSizeIterator<Item = f64>>(&mut self, items: I) {
        let literals = items
            .map(|f| primitive_literal(primitive::Value::FloatValue(f)))
            .collect();
        self.lit = Some(collection_literal(literals));
    }
    fn collection<'a, T, I>(&mut self, items: I) -> Result<(), Error>
    where
        T: FlyteType + ?Sized + 'a,
        I: ExactSizeIterator<Item = &'a T>,
    {
        let mut literals = Vec::with_capacity(items.len());
        for (i, v) in items.enumerate() {
            v.write_literal(self).map_err(|e| e.at_index(i))?;
            literals.push(self.take());
        }
        self.lit = Some(collection_literal(literals));
        Ok(())
    }
    fn map<'a, T, I>(&mut self, entries: I, _: bool) -> Result<(), Error>
    where
        T: FlyteType + ?Sized + 'a,
        I: Iterator<Item = (&'a str, &'a T)> + Clone,
    {
        let mut literals = Vec::with_capacity(entries.size_hint().0);
        for (k, v) in entries {
            v.write_literal(self).map_err(|e| e.at_key(k))?;
            literals.push((k.to_owned(), self.take()));
        }
        // Collected (sorted, then built in bulk), not inserted one by one.
        self.lit = Some(Literal {
            value: Some(literal::Value::Map(LiteralMap {
                literals: literals.into_iter().collect(),
            })),
            ..Default::default()
        });
        Ok(())
    }
    fn union<T: FlyteType + ?Sized + 'static>(&mut self, value: &T) -> Result<(), Error> {
        value.write_literal(self)?;
        let value = self.take();
        self.lit = Some(super::std_types::union_literal(
            value,
            cached_variant::<T>().ty.clone(),
        ));
        Ok(())
    }
    fn msgpack<B: MsgBody + ?Sized>(&mut self, body: &B) -> Result<(), Error> {
        let mut c = MsgCounter::default();
        body.write_body(&mut c)?;
        length_fits("document", c.len, 0)?;
        let mut bytes = Vec::with_capacity(c.len);
        body.write_body(&mut MsgWriter::new(&mut bytes))?;
        debug_assert_eq!(bytes.len(), c.len);
        self.lit = Some(msgpack_bytes_literal(bytes));
        Ok(())
    }
    fn literal(&mut self, build: impl FnOnce() -> Result<Literal, Error>) -> Result<(), Error> {
        self.lit = Some(build()?);
        Ok(())
    }
}
