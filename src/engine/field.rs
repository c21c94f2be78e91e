//! How a Rust type is written *inside* a struct's msgpack payload, and its JSON schema, in the
//! two shapes Flyte 2 uses: mashumaro's (dataclasses) and pydantic's (models).

use crate::msgpack::length_fits;
use crate::msgpack::read::{EnumWire, Head, MsgReader};
use crate::msgpack::{Msg, write};
pub use crate::value::StructStyle;
use crate::value::time::{Duration, Timestamp, parse_date_string};
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
pub trait StructField: Sized {
    /// The field's JSON schema.
    fn schema(sg: &mut SchemaGen) -> Json;

    /// The value as msgpack, in `style`'s shape.
    fn to_msg(&self, style: StructStyle) -> Result<Msg, Error>;

    /// The value from msgpack (either style's shape is accepted where they differ).
    fn from_msg(msg: &Msg) -> Result<Self, Error>;

    /// [`Self::from_msg`] inside a struct that decides which enum forms are accepted (see
    /// [`EnumWire`]): containers pass `enums` on to their elements, enums obey it, structs
    /// read their own fields by their own style. By default: `from_msg`.
    #[doc(hidden)]
    fn from_msg_in(msg: &Msg, enums: EnumWire) -> Result<Self, Error> {
        let _ = enums;
        Self::from_msg(msg)
    }

    /// Direct path: the size of the msgpack [`Self::to_msg`] gives, encoded, with the same
    /// checks (by default, computed through `to_msg`).
    #[doc(hidden)]
    fn msgpack_len(&self, style: StructStyle) -> Result<usize, Error> {
        Ok(crate::msgpack::to_vec(&self.to_msg(style)?)?.len())
    }

    /// Direct path: appends the msgpack of [`Self::to_msg`], encoded, to `out`. Called only
    /// after [`Self::msgpack_len`] succeeded on the same value.
    #[doc(hidden)]
    fn write_msgpack(&self, style: StructStyle, out: &mut Vec<u8>) {
        // Both steps succeeded in `msgpack_len` on this value: neither fails here.
        if let Ok(m) = self.to_msg(style) {
            let _ = crate::msgpack::encode(&m, out);
        }
    }

    /// Direct path: reads the next msgpack value as `Self`, or `None` when [`Self::from_msg`]
    /// might not accept it or might read it otherwise (by default: the value's bytes decoded
    /// and given to `from_msg`).
    #[doc(hidden)]
    fn read_msgpack(r: &mut MsgReader<'_>) -> Option<Self> {
        let enums = r.enums();
        let raw = r.raw_value()?;
        Self::from_msg_in(&crate::msgpack::decode(raw).ok()?, enums).ok()
    }
}

macro_rules! int_field {
    ($($t:ty),*) => {$(
        impl StructField for $t {
            fn schema(_: &mut SchemaGen) -> Json {
                json!({"type": "integer"})
            }
            fn to_msg(&self, _: StructStyle) -> Result<Msg, Error> {
                i64::try_from(*self)
                    .map(Msg::Int)
                    .map_err(|_| ErrorKind::OutOfRange(format!("integer {self} (beyond int64)")).into())
            }
            fn from_msg(msg: &Msg) -> Result<Self, Error> {
                let out_of_range = |v: &dyn std::fmt::Display| {
                    Error::new(ErrorKind::OutOfRange(format!("{v} for {}", stringify!($t))))
                };
                match msg {
                    Msg::Int(i) => <$t>::try_from(*i).map_err(|_| out_of_range(i)),
                    Msg::UInt(u) => <$t>::try_from(*u).map_err(|_| out_of_range(u)),
                    other => Err(Error::mismatch("an integer", other.kind_name())),
                }
            }
            #[inline]
            fn msgpack_len(&self, _: StructStyle) -> Result<usize, Error> {
                i64::try_from(*self)
                    .map(write::int_len)
                    .map_err(|_| ErrorKind::OutOfRange(format!("integer {self} (beyond int64)")).into())
            }
            #[inline]
            fn write_msgpack(&self, _: StructStyle, out: &mut Vec<u8>) {
                write::put_int(out, *self as i64);
            }
            #[inline(always)]
            fn read_msgpack(r: &mut MsgReader<'_>) -> Option<Self> {
                if let Some(i) = r.int() {
                    return <$t>::try_from(i).ok();
                }
                match r.head()? {
                    Head::Int(i) => <$t>::try_from(i).ok(),
                    Head::UInt(u) => <$t>::try_from(u).ok(),
                    _ => None,
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
    fn to_msg(&self, _: StructStyle) -> Result<Msg, Error> {
        Ok(i64::try_from(*self).map_or(Msg::UInt(*self), Msg::Int))
    }
    fn from_msg(msg: &Msg) -> Result<Self, Error> {
        match msg {
            Msg::Int(i) => u64::try_from(*i)
                .map_err(|_| Error::new(ErrorKind::OutOfRange(format!("{i} for u64")))),
            Msg::UInt(u) => Ok(*u),
            other => Err(Error::mismatch("an integer", other.kind_name())),
        }
    }
    #[inline]
    fn msgpack_len(&self, _: StructStyle) -> Result<usize, Error> {
        Ok(write::uint_len(*self))
    }
    #[inline]
    fn write_msgpack(&self, _: StructStyle, out: &mut Vec<u8>) {
        write::put_uint(out, *self);
    }
    #[inline(always)]
    fn read_msgpack(r: &mut MsgReader<'_>) -> Option<Self> {
        match r.head()? {
            Head::Int(i) => u64::try_from(i).ok(),
            Head::UInt(u) => Some(u),
            _ => None,
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
            fn to_msg(&self, style: StructStyle) -> Result<Msg, Error> {
                T::to_msg(self, style)
            }
            fn from_msg(msg: &Msg) -> Result<Self, Error> {
                T::from_msg(msg).map($p::new)
            }
            fn from_msg_in(msg: &Msg, enums: EnumWire) -> Result<Self, Error> {
                T::from_msg_in(msg, enums).map($p::new)
            }
            fn msgpack_len(&self, style: StructStyle) -> Result<usize, Error> {
                T::msgpack_len(self, style)
            }
            fn write_msgpack(&self, style: StructStyle, out: &mut Vec<u8>) {
                T::write_msgpack(self, style, out)
            }
            fn read_msgpack(r: &mut MsgReader<'_>) -> Option<Self> {
                T::read_msgpack(r).map($p::new)
            }
        }
    )*};
}
pointer_field!(Box, Rc, Arc);

impl StructField for f64 {
    fn schema(_: &mut SchemaGen) -> Json {
        json!({"type": "number"})
    }
    fn to_msg(&self, _: StructStyle) -> Result<Msg, Error> {
        Ok(Msg::F64(*self))
    }
    fn from_msg(msg: &Msg) -> Result<Self, Error> {
        match msg {
            Msg::F64(f) => Ok(*f),
            Msg::F32(f) => Ok(f64::from(*f)),
            Msg::Int(i) => Ok(*i as f64),
            other => Err(Error::mismatch("a number", other.kind_name())),
        }
    }
    #[inline]
    fn msgpack_len(&self, _: StructStyle) -> Result<usize, Error> {
        Ok(9)
    }
    #[inline]
    fn write_msgpack(&self, _: StructStyle, out: &mut Vec<u8>) {
        write::put_f64(out, *self);
    }
    #[inline(always)]
    fn read_msgpack(r: &mut MsgReader<'_>) -> Option<Self> {
        if let Some(f) = r.f64() {
            return Some(f);
        }
        match r.head()? {
            Head::F64(f) => Some(f),
            Head::F32(f) => Some(f64::from(f)),
            Head::Int(i) => Some(i as f64),
            _ => None,
        }
    }
}

impl StructField for f32 {
    fn schema(sg: &mut SchemaGen) -> Json {
        f64::schema(sg)
    }
    fn to_msg(&self, _: StructStyle) -> Result<Msg, Error> {
        Ok(Msg::F64(f64::from(*self)))
    }
    fn from_msg(msg: &Msg) -> Result<Self, Error> {
        f64::from_msg(msg).map(|f| f as f32)
    }
    fn msgpack_len(&self, _: StructStyle) -> Result<usize, Error> {
        Ok(9)
    }
    fn write_msgpack(&self, _: StructStyle, out: &mut Vec<u8>) {
        write::put_f64(out, f64::from(*self));
    }
    fn read_msgpack(r: &mut MsgReader<'_>) -> Option<Self> {
        f64::read_msgpack(r).map(|f| f as f32)
    }
}

impl StructField for String {
    fn schema(_: &mut SchemaGen) -> Json {
        json!({"type": "string"})
    }
    fn to_msg(&self, _: StructStyle) -> Result<Msg, Error> {
        Ok(Msg::Str(self.clone()))
    }
    fn from_msg(msg: &Msg) -> Result<Self, Error> {
        match msg {
            Msg::Str(s) => Ok(s.clone()),
            other => Err(Error::mismatch("a string", other.kind_name())),
        }
    }
    #[inline]
    fn msgpack_len(&self, _: StructStyle) -> Result<usize, Error> {
        length_fits("str", self.len(), 0)?;
        Ok(write::str_len(self.len()))
    }
    #[inline]
    fn write_msgpack(&self, _: StructStyle, out: &mut Vec<u8>) {
        write::put_str(out, self);
    }
    #[inline(always)]
    fn read_msgpack(r: &mut MsgReader<'_>) -> Option<Self> {
        r.str().map(str::to_owned)
    }
}

impl StructField for bool {
    fn schema(_: &mut SchemaGen) -> Json {
        json!({"type": "boolean"})
    }
    fn to_msg(&self, _: StructStyle) -> Result<Msg, Error> {
        Ok(Msg::Bool(*self))
    }
    fn from_msg(msg: &Msg) -> Result<Self, Error> {
        match msg {
            Msg::Bool(b) => Ok(*b),
            other => Err(Error::mismatch("a boolean", other.kind_name())),
        }
    }
    fn msgpack_len(&self, _: StructStyle) -> Result<usize, Error> {
        Ok(1)
    }
    fn write_msgpack(&self, _: StructStyle, out: &mut Vec<u8>) {
        out.push(if *self { 0xc3 } else { 0xc2 });
    }
    #[inline(always)]
    fn read_msgpack(r: &mut MsgReader<'_>) -> Option<Self> {
        r.bool()
    }
}

impl<T: StructField> StructField for Option<T> {
    fn schema(sg: &mut SchemaGen) -> Json {
        json!({"anyOf": [T::schema(sg), {"type": "null"}]})
    }
    fn to_msg(&self, style: StructStyle) -> Result<Msg, Error> {
        self.as_ref().map_or(Ok(Msg::Nil), |v| v.to_msg(style))
    }
    fn from_msg(msg: &Msg) -> Result<Self, Error> {
        Self::from_msg_in(msg, EnumWire::default())
    }
    fn from_msg_in(msg: &Msg, enums: EnumWire) -> Result<Self, Error> {
        match msg {
            Msg::Nil => Ok(None),
            other => T::from_msg_in(other, enums).map(Some),
        }
    }
    #[inline]
    fn msgpack_len(&self, style: StructStyle) -> Result<usize, Error> {
        self.as_ref().map_or(Ok(1), |v| v.msgpack_len(style))
    }
    #[inline]
    fn write_msgpack(&self, style: StructStyle, out: &mut Vec<u8>) {
        match self {
            Some(v) => v.write_msgpack(style, out),
            None => out.push(0xc0),
        }
    }
    #[inline(always)]
    fn read_msgpack(r: &mut MsgReader<'_>) -> Option<Self> {
        if r.nil()? {
            return Some(None);
        }
        T::read_msgpack(r).map(Some)
    }
}

impl<T: StructField> StructField for Vec<T> {
    fn schema(sg: &mut SchemaGen) -> Json {
        json!({"type": "array", "items": T::schema(sg)})
    }
    fn to_msg(&self, style: StructStyle) -> Result<Msg, Error> {
        self.iter()
            .enumerate()
            .map(|(i, v)| v.to_msg(style).map_err(|e| e.at_index(i)))
            .collect::<Result<_, _>>()
            .map(Msg::Array)
    }
    fn from_msg(msg: &Msg) -> Result<Self, Error> {
        Self::from_msg_in(msg, EnumWire::default())
    }
    fn from_msg_in(msg: &Msg, enums: EnumWire) -> Result<Self, Error> {
        match msg {
            Msg::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, m)| T::from_msg_in(m, enums).map_err(|e| e.at_index(i)))
                .collect(),
            other => Err(Error::mismatch("an array", other.kind_name())),
        }
    }
    fn msgpack_len(&self, style: StructStyle) -> Result<usize, Error> {
        length_fits("array", self.len(), 0)?;
        let mut n = write::container_header_len(self.len());
        for (i, v) in self.iter().enumerate() {
            n += v.msgpack_len(style).map_err(|e| e.at_index(i))?;
        }
        Ok(n)
    }
    fn write_msgpack(&self, style: StructStyle, out: &mut Vec<u8>) {
        write::put_container_header(out, self.len(), false);
        for v in self {
            v.write_msgpack(style, out);
        }
    }
    fn read_msgpack(r: &mut MsgReader<'_>) -> Option<Self> {
        let n = r.array()?;
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            out.push(T::read_msgpack(r)?);
        }
        r.close();
        Some(out)
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
fn map_to_msg<'a, T: StructField + 'a>(
    entries: impl Iterator<Item = (&'a String, &'a T)>,
    style: StructStyle,
) -> Result<Msg, Error> {
    let mut entries: Vec<_> = entries.collect();
    entries.sort_by(|a, b| a.0.cmp(b.0));
    entries
        .into_iter()
        .map(|(k, v)| {
            Ok((
                Msg::Str(k.clone()),
                v.to_msg(style).map_err(|e| e.at_key(k))?,
            ))
        })
        .collect::<Result<_, Error>>()
        .map(Msg::Map)
}

fn map_from_msg<T: StructField, M: FromIterator<(String, T)>>(
    msg: &Msg,
    enums: EnumWire,
) -> Result<M, Error> {
    match msg {
        Msg::Map(entries) => entries
            .iter()
            .map(|(k, v)| match k {
                Msg::Str(k) => Ok((
                    k.clone(),
                    T::from_msg_in(v, enums).map_err(|e| e.at_key(k))?,
                )),
                other => Err(Error::mismatch("a string key", other.kind_name())),
            })
            .collect(),
        other => Err(Error::mismatch("a map", other.kind_name())),
    }
}

fn map_msgpack_len<'a, T: StructField + 'a>(
    n: usize,
    entries: impl Iterator<Item = (&'a String, &'a T)>,
    style: StructStyle,
) -> Result<usize, Error> {
    length_fits("map", n, 0)?;
    let mut len = write::container_header_len(n);
    for (k, v) in entries {
        length_fits("str", k.len(), 0)?;
        len += write::str_len(k.len()) + v.msgpack_len(style).map_err(|e| e.at_key(k))?;
    }
    Ok(len)
}

fn write_map_msgpack<'a, T: StructField + 'a>(
    n: usize,
    sorted_entries: impl Iterator<Item = (&'a String, &'a T)>,
    style: StructStyle,
    out: &mut Vec<u8>,
) {
    write::put_container_header(out, n, true);
    for (k, v) in sorted_entries {
        write::put_str(out, k);
        v.write_msgpack(style, out);
    }
}

impl<T: StructField> StructField for HashMap<String, T> {
    fn schema(sg: &mut SchemaGen) -> Json {
        let value = T::schema(sg);
        string_map_schema(sg, value)
    }
    fn to_msg(&self, style: StructStyle) -> Result<Msg, Error> {
        map_to_msg(self.iter(), style)
    }
    fn from_msg(msg: &Msg) -> Result<Self, Error> {
        map_from_msg(msg, EnumWire::default())
    }
    fn from_msg_in(msg: &Msg, enums: EnumWire) -> Result<Self, Error> {
        map_from_msg(msg, enums)
    }
    fn msgpack_len(&self, style: StructStyle) -> Result<usize, Error> {
        map_msgpack_len(self.len(), self.iter(), style)
    }
    fn write_msgpack(&self, style: StructStyle, out: &mut Vec<u8>) {
        let mut entries: Vec<_> = self.iter().collect();
        entries.sort_by(|a, b| a.0.cmp(b.0));
        write_map_msgpack(self.len(), entries.into_iter(), style, out)
    }
    fn read_msgpack(r: &mut MsgReader<'_>) -> Option<Self> {
        let n = r.map()?;
        let mut map = HashMap::with_capacity(n);
        for _ in 0..n {
            let key = r.str()?.to_owned();
            // A repeated key: the last one wins, as in `from_msg`.
            map.insert(key, T::read_msgpack(r)?);
        }
        r.close();
        Some(map)
    }
}

impl<T: StructField> StructField for BTreeMap<String, T> {
    fn schema(sg: &mut SchemaGen) -> Json {
        let value = T::schema(sg);
        string_map_schema(sg, value)
    }
    fn to_msg(&self, style: StructStyle) -> Result<Msg, Error> {
        map_to_msg(self.iter(), style)
    }
    fn from_msg(msg: &Msg) -> Result<Self, Error> {
        map_from_msg(msg, EnumWire::default())
    }
    fn from_msg_in(msg: &Msg, enums: EnumWire) -> Result<Self, Error> {
        map_from_msg(msg, enums)
    }
    fn msgpack_len(&self, style: StructStyle) -> Result<usize, Error> {
        map_msgpack_len(self.len(), self.iter(), style)
    }
    fn write_msgpack(&self, style: StructStyle, out: &mut Vec<u8>) {
        write_map_msgpack(self.len(), self.iter(), style, out)
    }
    fn read_msgpack(r: &mut MsgReader<'_>) -> Option<Self> {
        // Staged in a `Vec` for `from_iter`, whose sort-then-bulk-build beats inserting one by
        // one (measured on W6: inserting in order, or from the last key, costs 2-5 % more);
        // a repeated key: the last one wins, as in `from_msg`.
        let n = r.map()?;
        let mut entries = Vec::with_capacity(n);
        for _ in 0..n {
            let key = r.str()?.to_owned();
            entries.push((key, T::read_msgpack(r)?));
        }
        r.close();
        Some(entries.into_iter().collect())
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

fn expect_str(msg: &Msg) -> Result<&str, Error> {
    match msg {
        Msg::Str(s) => Ok(s),
        other => Err(Error::mismatch("a string", other.kind_name())),
    }
}

impl StructField for chrono::DateTime<chrono::Utc> {
    fn schema(_: &mut SchemaGen) -> Json {
        json!({"type": "string", "format": "date-time"})
    }
    fn to_msg(&self, style: StructStyle) -> Result<Msg, Error> {
        Ok(Msg::Str(style.datetime_text(timestamp_of(self)?)))
    }
    fn from_msg(msg: &Msg) -> Result<Self, Error> {
        let s = expect_str(msg)?;
        let (t, _) =
            Timestamp::parse_iso(s).ok_or_else(|| Error::mismatch("an ISO 8601 datetime", s))?;
        datetime_of(t)
    }
    fn msgpack_len(&self, style: StructStyle) -> Result<usize, Error> {
        let t = timestamp_of(self)?;
        Ok(write::str_len(t.iso_len(style == StructStyle::Pydantic)))
    }
    fn write_msgpack(&self, style: StructStyle, out: &mut Vec<u8>) {
        // `msgpack_len` checked the range.
        if let Ok(t) = timestamp_of(self) {
            let z = style == StructStyle::Pydantic;
            write::put_str_header(out, t.iso_len(z));
            t.write_iso(z, out);
        }
    }
    fn read_msgpack(r: &mut MsgReader<'_>) -> Option<Self> {
        let p = crate::value::time::IsoParts::parse(r.str_bytes()?)?;
        if p.offset == 0 {
            // UTC: straight from the fields (what chrono gets from seconds since the epoch
            // after a round trip through days; the date is already validated).
            let (h, m, s) = p.time;
            return chrono::NaiveDate::from_ymd_opt(i32::try_from(p.year).ok()?, p.month, p.day)?
                .and_hms_nano_opt(h, m, s, u32::try_from(p.nanos).ok()?)
                .map(|t| t.and_utc());
        }
        datetime_of(p.timestamp()?).ok()
    }
}

impl StructField for chrono::NaiveDateTime {
    fn schema(sg: &mut SchemaGen) -> Json {
        chrono::DateTime::<chrono::Utc>::schema(sg)
    }
    fn to_msg(&self, _: StructStyle) -> Result<Msg, Error> {
        // Both serializers write a naive datetime without an offset.
        let text = timestamp_of(&self.and_utc())?.to_isoformat_utc();
        Ok(Msg::Str(text.trim_end_matches("+00:00").to_string()))
    }
    fn from_msg(msg: &Msg) -> Result<Self, Error> {
        chrono::DateTime::<chrono::Utc>::from_msg(msg).map(|t| t.naive_utc())
    }
}

impl StructField for chrono::NaiveDate {
    fn schema(_: &mut SchemaGen) -> Json {
        json!({"type": "string", "format": "date"})
    }
    fn to_msg(&self, _: StructStyle) -> Result<Msg, Error> {
        Ok(Msg::Str(self.format("%Y-%m-%d").to_string()))
    }
    fn from_msg(msg: &Msg) -> Result<Self, Error> {
        let s = expect_str(msg)?;
        let t = parse_date_string(s).ok_or_else(|| Error::mismatch("a YYYY-MM-DD date", s))?;
        Ok(datetime_of(t)?.date_naive())
    }
}

impl StructField for chrono::TimeDelta {
    fn schema(sg: &mut SchemaGen) -> Json {
        sg.style().duration_schema()
    }
    fn to_msg(&self, style: StructStyle) -> Result<Msg, Error> {
        style.duration_msg(duration_of(self)?)
    }
    fn from_msg(msg: &Msg) -> Result<Self, Error> {
        let d = match msg {
            Msg::Str(s) => Duration::parse_iso8601(s),
            Msg::F64(f) => Duration::from_float_seconds(*f),
            Msg::Int(i) => Duration::from_float_seconds(*i as f64),
            other => return Err(Error::mismatch("a duration", other.kind_name())),
        };
        timedelta_of(d.ok_or_else(|| Error::mismatch("a duration", format!("{msg:?}")))?)
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
    fn to_msg(&self, style: StructStyle) -> Result<Msg, Error> {
        style.bytes_msg(&self.0)
    }
    fn from_msg(msg: &Msg) -> Result<Self, Error> {
        match msg {
            Msg::Bin(b) => Ok(Bytes(b.clone())),
            Msg::Str(s) => Ok(Bytes(s.as_bytes().to_vec())),
            other => Err(Error::mismatch("bytes", other.kind_name())),
        }
    }
}

/// Python's `Any` inside a struct (schema `{}`, mashumaro's): the JSON-like value written as
/// the SDK's msgpack writes it, with the untyped-dict mapping (`Bytes` as `bin`).
impl StructField for crate::value::Value {
    fn schema(_: &mut SchemaGen) -> Json {
        json!({})
    }
    fn to_msg(&self, _: StructStyle) -> Result<Msg, Error> {
        crate::value::msgpack_shape::encode_generic(self)
    }
    fn from_msg(msg: &Msg) -> Result<Self, Error> {
        crate::value::msgpack_shape::generic(msg, &mut Vec::new())
    }
}

/// Python's `Any` inside a struct, as `serde_json::Value`: what JSON can hold. bytes (msgpack
/// `bin`) and NaN / infinite floats cannot be held: they are refused (use
/// [`crate::value::Value`] for such fields).
impl StructField for Json {
    fn schema(_: &mut SchemaGen) -> Json {
        json!({})
    }
    fn to_msg(&self, style: StructStyle) -> Result<Msg, Error> {
        crate::value::msgpack_shape::generic_json(self)?.to_msg(style)
    }
    fn from_msg(msg: &Msg) -> Result<Self, Error> {
        let v = crate::value::Value::from_msg(msg)?;
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
