//! How a Rust type is written *inside* a struct's msgpack payload, and its JSON schema, in the
//! two shapes Flyte 2 uses: mashumaro's (dataclasses) and pydantic's (models).

use crate::msgpack::Msg;
use crate::msgpack::read::{EnumWire, Head, MsgReader};
use crate::msgpack::write::{MsgBuilder, MsgSink, write_msg};
pub use crate::value::StructStyle;
use crate::value::time::{Duration, Timestamp, parse_date_string};
pub use crate::value::union::UnionKind;
use crate::{Error, ErrorKind};
use serde_json::{Value as Json, json};
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;
use std::sync::Arc;

/// Collects a JSON schema: the style and the `$defs` seen so far (pydantic's nested models and
/// enums; a struct that contains itself, in either style).
#[derive(Debug)]
pub struct SchemaGen {
    style: StructStyle,
    defs: serde_json::Map<String, Json>,
    /// The structs whose schemas are being built, outermost first.
    building: Vec<String>,
    /// Those of them found inside themselves.
    recursive: Vec<String>,
}

impl SchemaGen {
    /// A generator for one root schema.
    pub fn new(style: StructStyle) -> Self {
        Self {
            style,
            defs: serde_json::Map::new(),
            building: Vec::new(),
            recursive: Vec::new(),
        }
    }

    /// The style being generated.
    pub fn style(&self) -> StructStyle {
        self.style
    }

    fn ref_to(name: &str) -> Json {
        json!({ "$ref": format!("#/$defs/{name}") })
    }

    /// A named definition (pydantic's `$defs`), built once; returns its `$ref` schema.
    pub fn reference(&mut self, name: &str, build: impl FnOnce(&mut SchemaGen) -> Json) -> Json {
        if self.building.iter().any(|b| b == name) {
            self.recursive.push(name.to_string());
        } else if !self.defs.contains_key(name) {
            // Placeholder first, so a recursive type refers to itself instead of looping.
            self.defs.insert(name.to_string(), Json::Null);
            let schema = build(self);
            self.defs.insert(name.to_string(), schema);
        }
        Self::ref_to(name)
    }

    /// A struct's schema written in place (the root, a mashumaro dataclass) unless the struct
    /// contains itself: then, as mashumaro and pydantic write it, the schema goes under
    /// `$defs` and every use of it, the root's too, is a `$ref`.
    pub fn inline(&mut self, name: &str, build: impl FnOnce(&mut SchemaGen) -> Json) -> Json {
        if self.building.iter().any(|b| b == name) {
            self.recursive.push(name.to_string());
            return Self::ref_to(name);
        }
        if self.defs.contains_key(name) {
            return Self::ref_to(name);
        }
        self.building.push(name.to_string());
        let schema = build(self);
        self.building.pop();
        if self.recursive.iter().any(|r| r == name) {
            self.defs.insert(name.to_string(), schema);
            return Self::ref_to(name);
        }
        schema
    }

    /// The root schema with the collected `$defs`.
    pub fn finish(self, mut root: Json) -> Json {
        if !self.defs.is_empty()
            && let Json::Object(obj) = &mut root
        {
            obj.insert("$defs".into(), Json::Object(self.defs));
        }
        root
    }
}

/// A type that can be a field of a struct (or an element inside one) in its msgpack payload.
///
/// Each type states its mapping once: [`Self::write`] into any [`MsgSink`] (the size counter,
/// the byte writer and the `Msg` tree builder are sinks, so sizing, writing and building cannot
/// disagree), and [`Self::read`] from the pull reader, which takes every form the SDK's readers
/// take (either struct style's shape, fields in any order, an `int` for a float, …) in one
/// pass.
pub trait StructField: Sized {
    /// The field's JSON schema.
    fn schema(sg: &mut SchemaGen) -> Json;

    /// Writes the value into `w`, in `style`'s shape.
    ///
    /// # Errors
    ///
    /// A value the shape cannot hold (an integer beyond int64, a datetime out of range, a
    /// string longer than msgpack can say, …), at its path.
    fn write<S: MsgSink>(&self, style: StructStyle, w: &mut S) -> Result<(), Error>;

    /// Reads the next value. Enum members take the forms [`MsgReader::enums`] allows (the
    /// innermost struct's rule, see [`EnumWire`]).
    ///
    /// # Errors
    ///
    /// A value of another shape, at its path; for bytes that are not msgpack, the tree
    /// decoder's error for the whole document ([`MsgReader::malformed`]).
    fn read(r: &mut MsgReader<'_>) -> Result<Self, Error>;

    /// The value as a [`Msg`] tree ([`Self::write`] into a [`MsgBuilder`]).
    ///
    /// # Errors
    ///
    /// As [`Self::write`].
    fn to_msg(&self, style: StructStyle) -> Result<Msg, Error> {
        let mut b = MsgBuilder::new();
        self.write(style, &mut b)?;
        Ok(b.finish())
    }

    /// What the SDK's union readers see in this type when it is a union variant (the kinds
    /// their rule treats apart: scalars, dicts, lists, models).
    #[doc(hidden)]
    fn union_kind() -> UnionKind {
        UnionKind::Other
    }

    /// A struct's keys on the wire, for [`UnionKind::Model`]: pydantic's union rule prefers the
    /// model that sets the most of a map's keys.
    #[doc(hidden)]
    fn field_names() -> &'static [&'static str] {
        &[]
    }

    /// The value from a [`Msg`] tree ([`Self::read`] of its encoding; either style's shape).
    ///
    /// # Errors
    ///
    /// As [`Self::read`].
    fn from_msg(msg: &Msg) -> Result<Self, Error> {
        read_msg_in(msg, EnumWire::default())
    }
}

/// Reads one whole msgpack document as `T`, its enum members in the `enums` forms. A document
/// that is not well-formed msgpack (cut short, trailing bytes, past the decoder's limits)
/// gives the tree decoder's error, whatever `T` made of the part before: what reading the
/// `Msg` tree first would give.
pub(crate) fn read_document<T: StructField>(bytes: &[u8], enums: EnumWire) -> Result<T, Error> {
    read_document_with(bytes, enums, T::read)
}

/// [`read_document`] with `read` reading the root value.
pub(crate) fn read_document_with<'a, T>(
    bytes: &'a [u8],
    enums: EnumWire,
    read: impl FnOnce(&mut MsgReader<'a>) -> Result<T, Error>,
) -> Result<T, Error> {
    let mut r = MsgReader::with_decoder_limits(bytes);
    r.set_enums(enums);
    match read(&mut r) {
        Ok(v) if r.is_done() => Ok(v),
        other => {
            // The error path only: the decoder's verdict on the whole document comes first.
            crate::msgpack::decode(bytes)?;
            other.and_then(|_| {
                Err(Error::msgpack(
                    bytes.len(),
                    crate::msgpack::MsgpackErrorKind::TrailingBytes,
                ))
            })
        }
    }
}

/// [`StructField::read`] of a [`Msg`] tree, its enum members in the `enums` forms.
pub(crate) fn read_msg_in<T: StructField>(msg: &Msg, enums: EnumWire) -> Result<T, Error> {
    read_document(&crate::msgpack::to_vec(msg)?, enums)
}

/// Whether an error says the bytes are not msgpack: no other reading of them can succeed.
#[inline]
pub(crate) fn is_malformed(e: &Error) -> bool {
    matches!(e.kind(), ErrorKind::Msgpack { .. })
}

/// A `Head` that is not the one a reader wants: the mismatch error, named as the tree
/// reader names a `Msg`'s kind.
#[cold]
fn mismatch(expected: &str, h: Head<'_>) -> Error {
    Error::mismatch(expected, h.kind_name())
}

/// A `str`'s text, UTF-8 checked as the decoder checks it.
#[inline]
pub(crate) fn text<'a>(r: &MsgReader<'a>, s: &'a [u8]) -> Result<&'a str, Error> {
    std::str::from_utf8(s).map_err(|_| r.malformed())
}

/// The next value as a `str`, or a mismatch error naming `expected`.
#[inline]
fn read_str<'a>(r: &mut MsgReader<'a>, expected: &str) -> Result<&'a str, Error> {
    // `str_bytes` gives up (`None`) after consuming another kind's head (or on bad bytes):
    // the value is read again from the mark for its exact error.
    let mark = r.mark();
    if let Some(s) = r.str_bytes() {
        return text(r, s);
    }
    r.reset(mark);
    match r.take_head()? {
        Head::Str(s) => text(r, s),
        h => Err(mismatch(expected, h)),
    }
}

macro_rules! int_field {
    ($($t:ty),*) => {$(
        impl StructField for $t {
            fn schema(_: &mut SchemaGen) -> Json {
                json!({"type": "integer"})
            }
            #[inline]
            fn write<S: MsgSink>(&self, _: StructStyle, w: &mut S) -> Result<(), Error> {
                let i = i64::try_from(*self).map_err(|_| {
                    Error::new(ErrorKind::OutOfRange(format!("integer {self} (beyond int64)")))
                })?;
                w.int(i);
                Ok(())
            }
            fn union_kind() -> UnionKind {
                UnionKind::Int
            }
            #[inline(always)]
            fn read(r: &mut MsgReader<'_>) -> Result<Self, Error> {
                #[cold]
                fn out_of_range(v: &dyn std::fmt::Display) -> Error {
                    Error::new(ErrorKind::OutOfRange(format!("{v} for {}", stringify!($t))))
                }
                if let Some(i) = r.int() {
                    return <$t>::try_from(i).map_err(|_| out_of_range(&i));
                }
                match r.take_head()? {
                    Head::Int(i) => <$t>::try_from(i).map_err(|_| out_of_range(&i)),
                    Head::UInt(u) => <$t>::try_from(u).map_err(|_| out_of_range(&u)),
                    h => Err(mismatch("an integer", h)),
                }
            }
        }
    )*};
}
int_field!(i64, i32, i16, i8, u32, u16, u8, isize, usize);

/// `u64`: above `i64::MAX` it is msgpack `uint64`, as Python's msgpack writes a large `int`
/// inside a struct (a top-level Flyte INTEGER stays int64).
impl StructField for u64 {
    fn schema(_: &mut SchemaGen) -> Json {
        json!({"type": "integer"})
    }
    #[inline]
    fn write<S: MsgSink>(&self, _: StructStyle, w: &mut S) -> Result<(), Error> {
        w.uint(*self);
        Ok(())
    }
    fn union_kind() -> UnionKind {
        UnionKind::Int
    }
    #[inline(always)]
    fn read(r: &mut MsgReader<'_>) -> Result<Self, Error> {
        match r.take_head()? {
            Head::Int(i) => u64::try_from(i)
                .map_err(|_| Error::new(ErrorKind::OutOfRange(format!("{i} for u64")))),
            Head::UInt(u) => Ok(u),
            h => Err(mismatch("an integer", h)),
        }
    }
}

/// `Box<T>`, `Rc<T>`, `Arc<T>` are `T` inside a struct (recursive types: a tree of nodes).
macro_rules! pointer_field {
    ($($p:ident),*) => {$(
        impl<T: StructField> StructField for $p<T> {
            fn schema(sg: &mut SchemaGen) -> Json {
                T::schema(sg)
            }
            fn write<S: MsgSink>(&self, style: StructStyle, w: &mut S) -> Result<(), Error> {
                T::write(self, style, w)
            }
            fn union_kind() -> UnionKind {
                T::union_kind()
            }
            fn field_names() -> &'static [&'static str] {
                T::field_names()
            }
            fn read(r: &mut MsgReader<'_>) -> Result<Self, Error> {
                T::read(r).map($p::new)
            }
        }
    )*};
}
pointer_field!(Box, Rc, Arc);

impl StructField for f64 {
    fn schema(_: &mut SchemaGen) -> Json {
        json!({"type": "number"})
    }
    #[inline]
    fn write<S: MsgSink>(&self, _: StructStyle, w: &mut S) -> Result<(), Error> {
        w.f64(*self);
        Ok(())
    }
    fn union_kind() -> UnionKind {
        UnionKind::Float
    }
    #[inline(always)]
    fn read(r: &mut MsgReader<'_>) -> Result<Self, Error> {
        if let Some(f) = r.f64() {
            return Ok(f);
        }
        // An int where a float is declared: the SDK reads `1` as `1.0`.
        match r.take_head()? {
            Head::F64(f) => Ok(f),
            Head::F32(f) => Ok(f64::from(f)),
            Head::Int(i) => Ok(i as f64),
            h => Err(mismatch("a number", h)),
        }
    }
}

impl StructField for f32 {
    fn schema(sg: &mut SchemaGen) -> Json {
        f64::schema(sg)
    }
    fn write<S: MsgSink>(&self, style: StructStyle, w: &mut S) -> Result<(), Error> {
        f64::from(*self).write(style, w)
    }
    fn union_kind() -> UnionKind {
        UnionKind::Float
    }
    fn read(r: &mut MsgReader<'_>) -> Result<Self, Error> {
        f64::read(r).map(|f| f as f32)
    }
}

impl StructField for String {
    fn schema(_: &mut SchemaGen) -> Json {
        json!({"type": "string"})
    }
    #[inline]
    fn write<S: MsgSink>(&self, _: StructStyle, w: &mut S) -> Result<(), Error> {
        w.str(self)
    }
    fn union_kind() -> UnionKind {
        UnionKind::Str
    }
    #[inline(always)]
    fn read(r: &mut MsgReader<'_>) -> Result<Self, Error> {
        read_str(r, "a string").map(str::to_owned)
    }
}

impl StructField for bool {
    fn schema(_: &mut SchemaGen) -> Json {
        json!({"type": "boolean"})
    }
    #[inline]
    fn write<S: MsgSink>(&self, _: StructStyle, w: &mut S) -> Result<(), Error> {
        w.bool(*self);
        Ok(())
    }
    fn union_kind() -> UnionKind {
        UnionKind::Bool
    }
    #[inline(always)]
    fn read(r: &mut MsgReader<'_>) -> Result<Self, Error> {
        if let Some(b) = r.bool() {
            return Ok(b);
        }
        Err(mismatch("a boolean", r.take_head()?))
    }
}

impl<T: StructField> StructField for Option<T> {
    fn schema(sg: &mut SchemaGen) -> Json {
        json!({"anyOf": [T::schema(sg), {"type": "null"}]})
    }
    #[inline]
    fn write<S: MsgSink>(&self, style: StructStyle, w: &mut S) -> Result<(), Error> {
        match self {
            Some(v) => v.write(style, w),
            None => {
                w.nil();
                Ok(())
            }
        }
    }
    #[inline(always)]
    fn read(r: &mut MsgReader<'_>) -> Result<Self, Error> {
        if r.nil() == Some(true) {
            return Ok(None);
        }
        T::read(r).map(Some)
    }
}

impl<T: StructField> StructField for Vec<T> {
    fn schema(sg: &mut SchemaGen) -> Json {
        json!({"type": "array", "items": T::schema(sg)})
    }
    fn union_kind() -> UnionKind {
        UnionKind::List
    }
    fn write<S: MsgSink>(&self, style: StructStyle, w: &mut S) -> Result<(), Error> {
        w.array(self.len())?;
        for (i, v) in self.iter().enumerate() {
            v.write(style, w).map_err(|e| e.at_index(i))?;
        }
        Ok(())
    }
    fn read(r: &mut MsgReader<'_>) -> Result<Self, Error> {
        let mark = r.mark();
        let n = match r.array() {
            Some(n) => n,
            None => match r.reset(mark).take_head()? {
                Head::Array(n) => n,
                h => return Err(mismatch("an array", h)),
            },
        };
        // `n` is bounded by the bytes left (the reader refuses more): no claimed length is
        // allocated for.
        let mut out = Vec::with_capacity(n);
        for i in 0..n {
            out.push(T::read(r).map_err(|e| e.at_index(i))?);
        }
        r.close();
        Ok(out)
    }
}

fn string_map_schema(sg: &mut SchemaGen, value: Json) -> Json {
    match sg.style() {
        StructStyle::Dataclass => {
            json!({"type": "object", "additionalProperties": value, "propertyNames": {"type": "string"}})
        }
        StructStyle::Pydantic => json!({"type": "object", "additionalProperties": value}),
    }
}

/// Writes map entries sorted by key: a Rust `HashMap` has no insertion order to keep, and
/// sorted output is deterministic (use a `BTreeMap` to say so in the type).
fn write_map<'a, T: StructField + 'a, S: MsgSink>(
    n: usize,
    sorted_entries: impl Iterator<Item = (&'a String, &'a T)>,
    style: StructStyle,
    w: &mut S,
) -> Result<(), Error> {
    w.map(n)?;
    for (k, v) in sorted_entries {
        w.str(k)?;
        v.write(style, w).map_err(|e| e.at_key(k))?;
    }
    Ok(())
}

/// Reads a map with string keys into `push`, in wire order (a repeated key: `push` decides,
/// and the maps keep the last one, as Python's `msgpack.loads` does).
fn read_map<T: StructField, M>(
    r: &mut MsgReader<'_>,
    new: impl FnOnce(usize) -> M,
    mut push: impl FnMut(&mut M, String, T),
) -> Result<M, Error> {
    let mark = r.mark();
    let n = match r.map() {
        Some(n) => n,
        None => match r.reset(mark).take_head()? {
            Head::Map(n) => n,
            h => return Err(mismatch("a map", h)),
        },
    };
    // `n` is bounded by the bytes left, as for arrays.
    let mut map = new(n);
    for _ in 0..n {
        let key = read_str(r, "a string key")?.to_owned();
        let v = T::read(r).map_err(|e| e.at_key(&key))?;
        push(&mut map, key, v);
    }
    r.close();
    Ok(map)
}

impl<T: StructField> StructField for HashMap<String, T> {
    fn schema(sg: &mut SchemaGen) -> Json {
        let value = T::schema(sg);
        string_map_schema(sg, value)
    }
    fn write<S: MsgSink>(&self, style: StructStyle, w: &mut S) -> Result<(), Error> {
        let mut entries: Vec<_> = self.iter().collect();
        entries.sort_by(|a, b| a.0.cmp(b.0));
        write_map(self.len(), entries.into_iter(), style, w)
    }
    fn union_kind() -> UnionKind {
        UnionKind::Map
    }
    fn read(r: &mut MsgReader<'_>) -> Result<Self, Error> {
        read_map(r, HashMap::with_capacity, |m, k, v| {
            m.insert(k, v);
        })
    }
}

impl<T: StructField> StructField for BTreeMap<String, T> {
    fn schema(sg: &mut SchemaGen) -> Json {
        let value = T::schema(sg);
        string_map_schema(sg, value)
    }
    fn write<S: MsgSink>(&self, style: StructStyle, w: &mut S) -> Result<(), Error> {
        write_map(self.len(), self.iter(), style, w)
    }
    fn union_kind() -> UnionKind {
        UnionKind::Map
    }
    fn read(r: &mut MsgReader<'_>) -> Result<Self, Error> {
        // Staged in a `Vec` for `from_iter`, whose sort-then-bulk-build beats inserting one by
        // one (measured on W6: inserting in order, or from the last key, costs 2-5 % more);
        // a repeated key: the last one wins.
        let entries = read_map(r, Vec::with_capacity, |e, k, v| e.push((k, v)))?;
        Ok(entries.into_iter().collect())
    }
}

// ---------------------------------------------------------------- dates and times (chrono)

pub(crate) fn timestamp_of(t: &chrono::DateTime<chrono::Utc>) -> Result<Timestamp, Error> {
    Timestamp::new(t.timestamp(), t.timestamp_subsec_nanos() as i32)
        .ok_or_else(|| ErrorKind::OutOfRange(format!("datetime {t}")).into())
}

pub(crate) fn datetime_of(t: Timestamp) -> Result<chrono::DateTime<chrono::Utc>, Error> {
    chrono::DateTime::from_timestamp(t.seconds, t.nanos as u32)
        .ok_or_else(|| ErrorKind::OutOfRange(format!("timestamp {}s", t.seconds)).into())
}

pub(crate) fn duration_of(d: &chrono::TimeDelta) -> Result<Duration, Error> {
    // TimeDelta keeps non-negative subsecond nanos; protobuf wants both parts with one sign.
    let (mut s, mut n) = (d.num_seconds(), d.subsec_nanos());
    if s < 0 && n > 0 {
        s += 1;
        n -= 1_000_000_000;
    }
    Duration::new(s, n).ok_or_else(|| ErrorKind::OutOfRange(format!("duration {d}")).into())
}

pub(crate) fn timedelta_of(d: Duration) -> Result<chrono::TimeDelta, Error> {
    chrono::TimeDelta::new(d.seconds, 0)
        .and_then(|s| s.checked_add(&chrono::TimeDelta::nanoseconds(i64::from(d.nanos))))
        .ok_or_else(|| ErrorKind::OutOfRange(format!("duration {}s", d.seconds)).into())
}

impl StructField for chrono::DateTime<chrono::Utc> {
    fn schema(_: &mut SchemaGen) -> Json {
        json!({"type": "string", "format": "date-time"})
    }
    fn write<S: MsgSink>(&self, style: StructStyle, w: &mut S) -> Result<(), Error> {
        // The text `style.datetime_text` gives, written from the fields without a `String`.
        let t = timestamp_of(self)?;
        let z = style == StructStyle::Pydantic;
        w.str_with(t.iso_len(z), |out| t.write_iso(z, out))
    }
    fn read(r: &mut MsgReader<'_>) -> Result<Self, Error> {
        let mark = r.mark();
        let bytes = match r.str_bytes() {
            Some(b) => b,
            None => match r.reset(mark).take_head()? {
                Head::Str(s) => s,
                h => return Err(mismatch("a string", h)),
            },
        };
        // The canonical forms, straight from the fields; anything else (and every error)
        // through the general ISO 8601 parser.
        if let Some(p) = crate::value::time::IsoParts::parse(bytes) {
            if p.offset == 0 {
                // UTC: straight from the fields (what chrono gets from seconds since the epoch
                // after a round trip through days; the date is already validated).
                let (h, m, s) = p.time;
                if let (Ok(year), Ok(nanos)) = (i32::try_from(p.year), u32::try_from(p.nanos))
                    && let Some(t) = chrono::NaiveDate::from_ymd_opt(year, p.month, p.day)
                        .and_then(|d| d.and_hms_nano_opt(h, m, s, nanos))
                {
                    return Ok(t.and_utc());
                }
            } else if let Some(Ok(t)) = p.timestamp().map(datetime_of) {
                return Ok(t);
            }
        }
        let s = text(r, bytes)?;
        let (t, _) =
            Timestamp::parse_iso(s).ok_or_else(|| Error::mismatch("an ISO 8601 datetime", s))?;
        datetime_of(t)
    }
}

impl StructField for chrono::NaiveDateTime {
    fn schema(sg: &mut SchemaGen) -> Json {
        chrono::DateTime::<chrono::Utc>::schema(sg)
    }
    fn write<S: MsgSink>(&self, _: StructStyle, w: &mut S) -> Result<(), Error> {
        // Both serializers write a naive datetime without an offset.
        let text = timestamp_of(&self.and_utc())?.to_isoformat_utc();
        w.str(text.trim_end_matches("+00:00"))
    }
    fn read(r: &mut MsgReader<'_>) -> Result<Self, Error> {
        chrono::DateTime::<chrono::Utc>::read(r).map(|t| t.naive_utc())
    }
}

impl StructField for chrono::NaiveDate {
    fn schema(_: &mut SchemaGen) -> Json {
        json!({"type": "string", "format": "date"})
    }
    fn write<S: MsgSink>(&self, _: StructStyle, w: &mut S) -> Result<(), Error> {
        w.str(&self.format("%Y-%m-%d").to_string())
    }
    fn read(r: &mut MsgReader<'_>) -> Result<Self, Error> {
        let s = read_str(r, "a string")?;
        let t = parse_date_string(s).ok_or_else(|| Error::mismatch("a YYYY-MM-DD date", s))?;
        Ok(datetime_of(t)?.date_naive())
    }
}

impl StructField for chrono::TimeDelta {
    fn schema(sg: &mut SchemaGen) -> Json {
        sg.style().duration_schema()
    }
    fn write<S: MsgSink>(&self, style: StructStyle, w: &mut S) -> Result<(), Error> {
        write_msg(&style.duration_msg(duration_of(self)?)?, w)
    }
    fn read(r: &mut MsgReader<'_>) -> Result<Self, Error> {
        // Either style's form: ISO 8601 text (pydantic), float seconds (mashumaro), or an int.
        let (d, seen) = match r.take_head()? {
            Head::Str(s) => {
                let s = text(r, s)?;
                (Duration::parse_iso8601(s), Msg::Str(s.to_owned()))
            }
            Head::F64(f) => (Duration::from_float_seconds(f), Msg::F64(f)),
            Head::Int(i) => (Duration::from_float_seconds(i as f64), Msg::Int(i)),
            h => return Err(mismatch("a duration", h)),
        };
        timedelta_of(d.ok_or_else(|| Error::mismatch("a duration", format!("{seen:?}")))?)
    }
}

/// Raw bytes inside a struct (`bytes` in Python): msgpack bin in a dataclass, a UTF-8 string
/// in a pydantic model (which cannot carry non-UTF-8 bytes).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Bytes(pub Vec<u8>);

impl StructField for Bytes {
    fn schema(sg: &mut SchemaGen) -> Json {
        sg.style().bytes_schema()
    }
    fn write<S: MsgSink>(&self, style: StructStyle, w: &mut S) -> Result<(), Error> {
        match style {
            StructStyle::Dataclass => w.bin(&self.0),
            // The style's rule (and its error) for text, without copying the bytes.
            StructStyle::Pydantic => match std::str::from_utf8(&self.0) {
                Ok(s) => w.str(s),
                Err(_) => write_msg(&style.bytes_msg(&self.0)?, w),
            },
        }
    }
    fn union_kind() -> UnionKind {
        UnionKind::Bytes
    }
    fn read(r: &mut MsgReader<'_>) -> Result<Self, Error> {
        match r.take_head()? {
            Head::Bin(b) => Ok(Bytes(b.to_vec())),
            Head::Str(s) => Ok(Bytes(text(r, s)?.as_bytes().to_vec())),
            h => Err(mismatch("bytes", h)),
        }
    }
}

/// Python's `Any` inside a struct (schema `{}`, mashumaro's): the JSON-like value written as
/// the SDK's msgpack writes it, with the untyped-dict mapping (`Bytes` as `bin`).
impl StructField for crate::value::Value {
    fn schema(_: &mut SchemaGen) -> Json {
        json!({})
    }
    fn write<S: MsgSink>(&self, _: StructStyle, w: &mut S) -> Result<(), Error> {
        write_msg(&crate::value::msgpack_shape::encode_generic(self)?, w)
    }
    fn read(r: &mut MsgReader<'_>) -> Result<Self, Error> {
        // The untyped mapping works on the tree: the value's bytes are decoded once, here.
        crate::value::msgpack_shape::generic(&r.msg()?, &mut Vec::new())
    }
}

/// Python's `Any` inside a struct, as `serde_json::Value`: what JSON can hold. bytes (msgpack
/// `bin`) and NaN / infinite floats cannot be held: they are refused (use
/// [`crate::value::Value`] for such fields).
impl StructField for Json {
    fn schema(_: &mut SchemaGen) -> Json {
        json!({})
    }
    fn write<S: MsgSink>(&self, style: StructStyle, w: &mut S) -> Result<(), Error> {
        crate::value::msgpack_shape::generic_json(self)?.write(style, w)
    }
    fn read(r: &mut MsgReader<'_>) -> Result<Self, Error> {
        let v = crate::value::Value::read(r)?;
        json_only(&v)?;
        Ok(v.to_json())
    }
}

/// Refuses what `serde_json::Value` cannot hold: bytes and NaN / infinite floats.
fn json_only(v: &crate::value::Value) -> Result<(), Error> {
    use crate::value::Value;
    let refuse = |what: &str| {
        Err(Error::mismatch(
            "a JSON value (serde_json::Value; use flyte_types::value::Value to hold more)",
            what,
        ))
    };
    match v {
        Value::Bytes(_) => refuse("bytes"),
        Value::Float(f) if !f.is_finite() => refuse(&format!("the float {f}")),
        Value::List(items) => items
            .iter()
            .enumerate()
            .try_for_each(|(i, v)| json_only(v).map_err(|e| e.at_index(i))),
        Value::Map(entries) => entries
            .iter()
            .try_for_each(|(k, v)| json_only(v).map_err(|e| e.at_key(k))),
        _ => Ok(()),
    }
}

/// msgpack as JSON (schema defaults): integers and floats become JSON numbers.
pub(crate) fn msg_to_json(msg: &Msg) -> Json {
    match msg {
        Msg::Nil => Json::Null,
        Msg::Bool(b) => json!(b),
        Msg::Int(i) => json!(i),
        Msg::UInt(u) => json!(u),
        Msg::F32(f) => json!(f),
        Msg::F64(f) => json!(f),
        Msg::Str(s) => json!(s),
        Msg::Bin(b) => json!(b),
        Msg::Array(a) => Json::Array(a.iter().map(msg_to_json).collect()),
        Msg::Map(m) => Json::Object(
            m.iter()
                .map(|(k, v)| {
                    (
                        match k {
                            Msg::Str(s) => s.clone(),
                            other => msg_to_json(other).to_string(),
                        },
                        msg_to_json(v),
                    )
                })
                .collect(),
        ),
        Msg::Ext(..) => Json::Null,
    }
}
