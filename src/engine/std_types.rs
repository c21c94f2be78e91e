//! `FlyteType` for standard Rust types.

use super::FlyteType;
use super::field::{
    SchemaGen, StructField, StructStyle, datetime_of, duration_of, read_document_with,
    timedelta_of, timestamp_of,
};
use super::structs::{
    FieldErrors, FieldSchema, literal_msgpack, msgpack_annotation, msgpack_bytes_literal,
    msgpack_literal, object_schema, read_fields_header,
};
use crate::idl::core::{
    Literal, LiteralCollection, LiteralMap, LiteralType, Primitive, Scalar, SimpleType,
    TypeStructure, Union, UnionType, Void, literal, literal_type::Type, primitive, scalar,
};
use crate::msgpack::Msg;
use crate::msgpack::read::{EnumWire, Head, MAX_DIRECT_DEPTH, MsgReader};
use crate::msgpack::write::{MsgSink, MsgWriter};
use crate::value::time::Timestamp;
use crate::wire::raw::{
    Pb, Sizes, Small, field_len, primitive_literal_len, put_header, put_primitive_headers,
    put_small_field, put_smalls, put_varint, read_primitive, read_str, small_int, utf8, vlen,
};
use crate::{Error, ErrorKind};
use std::any::TypeId;
use std::collections::{BTreeMap, HashMap};
use std::hash::Hash;
use std::rc::Rc;
use std::sync::{Arc, OnceLock, RwLock};

pub(crate) fn simple(s: SimpleType) -> LiteralType {
    LiteralType {
        r#type: Some(Type::Simple(s as i32)),
        ..Default::default()
    }
}

pub(crate) fn scalar_literal(v: scalar::Value) -> Literal {
    Literal {
        value: Some(literal::Value::Scalar(Box::new(Scalar { value: Some(v) }))),
        ..Default::default()
    }
}

fn primitive_literal(p: primitive::Value) -> Literal {
    scalar_literal(scalar::Value::Primitive(Primitive { value: Some(p) }))
}

/// The primitive inside a literal, looking through a union wrapper (an `Optional[int]` output
/// read as `i64`).
fn primitive_of(lit: &Literal) -> Option<&primitive::Value> {
    match &lit.value {
        Some(literal::Value::Scalar(s)) => match &s.value {
            Some(scalar::Value::Primitive(p)) => p.value.as_ref(),
            Some(scalar::Value::Union(u)) => u.value.as_deref().and_then(primitive_of),
            _ => None,
        },
        _ => None,
    }
}

fn describe(lit: &Literal) -> String {
    match primitive_of(lit) {
        Some(primitive::Value::Integer(i)) => format!("integer {i}"),
        Some(primitive::Value::FloatValue(f)) => format!("float {f}"),
        Some(primitive::Value::StringValue(s)) => format!("string {s:?}"),
        Some(primitive::Value::Boolean(b)) => format!("boolean {b}"),
        Some(primitive::Value::Datetime(_)) => "a datetime".into(),
        Some(primitive::Value::Duration(_)) => "a duration".into(),
        None => match &lit.value {
            Some(literal::Value::Collection(_)) => "a collection".into(),
            Some(literal::Value::Map(_)) => "a map".into(),
            Some(literal::Value::OffloadedMetadata(_)) => "an offloaded literal".into(),
            Some(literal::Value::Scalar(_)) => "a non-primitive scalar".into(),
            None => "an empty literal".into(),
        },
    }
}

macro_rules! int_type {
    ($($t:ty),*) => {$(
        impl FlyteType for $t {
            fn literal_type() -> LiteralType {
                simple(SimpleType::Integer)
            }
            fn to_literal(&self) -> Result<Literal, Error> {
                let i = i64::try_from(*self)
                    .map_err(|_| ErrorKind::OutOfRange(format!("integer {self} (beyond int64)")))?;
                Ok(primitive_literal(primitive::Value::Integer(i)))
            }
            fn from_literal(lit: &Literal) -> Result<Self, Error> {
                match primitive_of(lit) {
                    Some(primitive::Value::Integer(i)) => <$t>::try_from(*i)
                        .map_err(|_| ErrorKind::OutOfRange(format!("{i} for {}", stringify!($t))).into()),
                    _ => Err(Error::mismatch("INTEGER", describe(lit))),
                }
            }
            fn union_tag() -> &'static str {
                "int"
            }
            const DIRECT: bool = true;
            const DIRECT_COSTLY_LEN: bool = false;
            #[inline]
            fn direct_len(&self, _: &mut Sizes) -> Result<usize, Error> {
                let i = i64::try_from(*self)
                    .map_err(|_| ErrorKind::OutOfRange(format!("integer {self} (beyond int64)")))?;
                Ok(primitive_literal_len(1 + vlen(i as u64)))
            }
            #[inline]
            fn direct_write(&self, _: &mut Sizes, out: &mut Vec<u8>) {
                // direct_len checked the range.
                let v = *self as i64 as u64;
                put_primitive_headers(out, 1 + vlen(v));
                out.push(0x08);
                put_varint(out, v);
            }
            const DIRECT_SMALL: bool = true;
            #[inline(always)]
            fn direct_small(&self, tag: u8) -> Small {
                small_int(tag, *self as i64 as u64)
            }
            #[inline]
            fn direct_read(lit: &[u8], _: u32) -> Option<Self> {
                let mut p = Pb::new(read_primitive(lit)?);
                p.tag(0x08)?;
                let v = p.varint()? as i64;
                if !p.is_empty() {
                    return None;
                }
                <$t>::try_from(v).ok()
            }
        }
    )*};
}
int_type!(i64, i32, i16, i8, u64, u32, u16, u8, isize, usize);

/// `Box<T>`, `Rc<T>`, `Arc<T>` have `T`'s Flyte type and bytes.
macro_rules! pointer_type {
    ($($p:ident),*) => {$(
        impl<T: FlyteType> FlyteType for $p<T> {
            fn literal_type() -> LiteralType {
                T::literal_type()
            }
            fn to_literal(&self) -> Result<Literal, Error> {
                T::to_literal(self)
            }
            fn from_literal(lit: &Literal) -> Result<Self, Error> {
                T::from_literal(lit).map($p::new)
            }
            fn union_tag() -> &'static str {
                T::union_tag()
            }
            fn write_literal_bytes(&self, out: &mut Vec<u8>) -> Result<(), Error> {
                T::write_literal_bytes(self, out)
            }
            fn read_literal_bytes(bytes: &[u8]) -> Result<Self, Error> {
                T::read_literal_bytes(bytes).map($p::new)
            }
            const DIRECT: bool = T::DIRECT;
            const DIRECT_COSTLY_LEN: bool = T::DIRECT_COSTLY_LEN;
            fn direct_len(&self, sizes: &mut Sizes) -> Result<usize, Error> {
                T::direct_len(self, sizes)
            }
            fn direct_write(&self, sizes: &mut Sizes, out: &mut Vec<u8>) {
                T::direct_write(self, sizes, out)
            }
            const DIRECT_SMALL: bool = T::DIRECT_SMALL;
            fn direct_small(&self, tag: u8) -> Small {
                T::direct_small(self, tag)
            }
            fn direct_read(lit: &[u8], depth: u32) -> Option<Self> {
                T::direct_read(lit, depth).map($p::new)
            }
        }
    )*};
}
pointer_type!(Box, Rc, Arc);

impl FlyteType for f64 {
    fn literal_type() -> LiteralType {
        simple(SimpleType::Float)
    }
    fn to_literal(&self) -> Result<Literal, Error> {
        Ok(primitive_literal(primitive::Value::FloatValue(*self)))
    }
    fn from_literal(lit: &Literal) -> Result<Self, Error> {
        match primitive_of(lit) {
            Some(primitive::Value::FloatValue(f)) => Ok(*f),
            Some(primitive::Value::Integer(i)) => Ok(*i as f64),
            _ => Err(Error::mismatch("FLOAT", describe(lit))),
        }
    }
    fn union_tag() -> &'static str {
        "float"
    }
    const DIRECT: bool = true;
    const DIRECT_COSTLY_LEN: bool = false;
    #[inline]
    fn direct_len(&self, _: &mut Sizes) -> Result<usize, Error> {
        Ok(primitive_literal_len(9))
    }
    #[inline]
    fn direct_write(&self, _: &mut Sizes, out: &mut Vec<u8>) {
        // 0a 0b 0a 09 11 <f64 LE>
        out.extend_from_slice(&[0x0a, 0x0b, 0x0a, 0x09, 0x11]);
        out.extend_from_slice(&self.to_le_bytes());
    }
    const DIRECT_SMALL: bool = true;
    #[inline(always)]
    fn direct_small(&self, tag: u8) -> Small {
        // tag 0d 0a 0b 0a 09 11 <f64 LE>
        let header = u64::from_le_bytes([tag, 0x0d, 0x0a, 0x0b, 0x0a, 0x09, 0x11, 0]) as u128;
        Small {
            lo: header | (self.to_bits() as u128) << 56,
            hi: 0,
            len: 15,
        }
    }
    #[inline]
    fn direct_read(lit: &[u8], _: u32) -> Option<Self> {
        match lit {
            [0x0a, 0x0b, 0x0a, 0x09, 0x11, rest @ ..] => {
                Some(f64::from_le_bytes(<[u8; 8]>::try_from(rest).ok()?))
            }
            // An integer literal for a float (the tree path converts it too).
            _ => i64::direct_read(lit, 0).map(|i| i as f64),
        }
    }
}

impl FlyteType for f32 {
    fn literal_type() -> LiteralType {
        f64::literal_type()
    }
    fn to_literal(&self) -> Result<Literal, Error> {
        f64::from(*self).to_literal()
    }
    fn from_literal(lit: &Literal) -> Result<Self, Error> {
        f64::from_literal(lit).map(|f| f as f32)
    }
    fn union_tag() -> &'static str {
        "float"
    }
    const DIRECT: bool = true;
    const DIRECT_COSTLY_LEN: bool = false;
    fn direct_len(&self, s: &mut Sizes) -> Result<usize, Error> {
        f64::from(*self).direct_len(s)
    }
    fn direct_write(&self, s: &mut Sizes, out: &mut Vec<u8>) {
        f64::from(*self).direct_write(s, out)
    }
    fn direct_read(lit: &[u8], depth: u32) -> Option<Self> {
        f64::direct_read(lit, depth).map(|f| f as f32)
    }
}

impl FlyteType for str {
    fn literal_type() -> LiteralType {
        simple(SimpleType::String)
    }
    fn to_literal(&self) -> Result<Literal, Error> {
        Ok(primitive_literal(primitive::Value::StringValue(
            self.to_string(),
        )))
    }
    fn union_tag() -> &'static str {
        "str"
    }
    const DIRECT: bool = true;
    const DIRECT_COSTLY_LEN: bool = false;
    #[inline]
    fn direct_len(&self, _: &mut Sizes) -> Result<usize, Error> {
        Ok(primitive_literal_len(field_len(self.len())))
    }
    #[inline]
    fn direct_write(&self, _: &mut Sizes, out: &mut Vec<u8>) {
        put_primitive_headers(out, field_len(self.len()));
        put_header(out, 0x1a, self.len());
        out.extend_from_slice(self.as_bytes());
    }
}

impl FlyteType for String {
    fn literal_type() -> LiteralType {
        str::literal_type()
    }
    fn to_literal(&self) -> Result<Literal, Error> {
        self.as_str().to_literal()
    }
    fn from_literal(lit: &Literal) -> Result<Self, Error> {
        match primitive_of(lit) {
            Some(primitive::Value::StringValue(s)) => Ok(s.clone()),
            _ => Err(Error::mismatch("STRING", describe(lit))),
        }
    }
    fn union_tag() -> &'static str {
        "str"
    }
    const DIRECT: bool = true;
    const DIRECT_COSTLY_LEN: bool = false;
    #[inline]
    fn direct_len(&self, s: &mut Sizes) -> Result<usize, Error> {
        self.as_str().direct_len(s)
    }
    #[inline]
    fn direct_write(&self, s: &mut Sizes, out: &mut Vec<u8>) {
        self.as_str().direct_write(s, out)
    }
    #[inline]
    fn direct_read(lit: &[u8], _: u32) -> Option<Self> {
        read_str(lit).map(str::to_owned)
    }
}

impl FlyteType for bool {
    fn literal_type() -> LiteralType {
        simple(SimpleType::Boolean)
    }
    fn to_literal(&self) -> Result<Literal, Error> {
        Ok(primitive_literal(primitive::Value::Boolean(*self)))
    }
    fn from_literal(lit: &Literal) -> Result<Self, Error> {
        match primitive_of(lit) {
            Some(primitive::Value::Boolean(b)) => Ok(*b),
            _ => Err(Error::mismatch("BOOLEAN", describe(lit))),
        }
    }
    fn union_tag() -> &'static str {
        "bool"
    }
    const DIRECT: bool = true;
    const DIRECT_COSTLY_LEN: bool = false;
    fn direct_len(&self, _: &mut Sizes) -> Result<usize, Error> {
        Ok(primitive_literal_len(2))
    }
    fn direct_write(&self, _: &mut Sizes, out: &mut Vec<u8>) {
        out.extend_from_slice(&[0x0a, 0x04, 0x0a, 0x02, 0x20, u8::from(*self)]);
    }
    fn direct_read(lit: &[u8], _: u32) -> Option<Self> {
        let mut p = Pb::new(read_primitive(lit)?);
        p.tag(0x20)?;
        let v = p.varint()?;
        // prost reads any non-zero varint as true.
        p.is_empty().then_some(v != 0)
    }
}

fn is_none_literal(lit: &Literal) -> bool {
    match &lit.value {
        Some(literal::Value::Scalar(s)) => match &s.value {
            Some(scalar::Value::NoneType(_)) => true,
            Some(scalar::Value::Union(u)) => u.value.as_deref().is_some_and(is_none_literal),
            _ => false,
        },
        _ => false,
    }
}

impl FlyteType for () {
    fn literal_type() -> LiteralType {
        simple(SimpleType::None)
    }
    fn to_literal(&self) -> Result<Literal, Error> {
        Ok(scalar_literal(scalar::Value::NoneType(Void {})))
    }
    fn from_literal(lit: &Literal) -> Result<Self, Error> {
        if is_none_literal(lit) {
            Ok(())
        } else {
            Err(Error::mismatch("NONE", describe(lit)))
        }
    }
    fn union_tag() -> &'static str {
        "none"
    }
    const DIRECT: bool = true;
    const DIRECT_COSTLY_LEN: bool = false;
    fn direct_len(&self, _: &mut Sizes) -> Result<usize, Error> {
        Ok(NONE_LITERAL.len())
    }
    fn direct_write(&self, _: &mut Sizes, out: &mut Vec<u8>) {
        out.extend_from_slice(NONE_LITERAL);
    }
    fn direct_read(lit: &[u8], _: u32) -> Option<Self> {
        (lit == NONE_LITERAL).then_some(())
    }
}

/// `Literal{scalar{none_type{}}}`.
const NONE_LITERAL: &[u8] = &[0x0a, 0x02, 0x2a, 0x00];

// ---------------------------------------------------------------- chrono

fn datetime_literal(t: Timestamp) -> Literal {
    primitive_literal(primitive::Value::Datetime(prost_types::Timestamp {
        seconds: t.seconds,
        nanos: t.nanos,
    }))
}

fn timestamp_from_literal(lit: &Literal) -> Result<Timestamp, Error> {
    match primitive_of(lit) {
        Some(primitive::Value::Datetime(t)) => {
            Timestamp::new(t.seconds, t.nanos).ok_or_else(|| {
                ErrorKind::OutOfRange(format!("timestamp {}s {}ns", t.seconds, t.nanos)).into()
            })
        }
        _ => Err(Error::mismatch("DATETIME", describe(lit))),
    }
}

impl FlyteType for chrono::DateTime<chrono::Utc> {
    fn literal_type() -> LiteralType {
        simple(SimpleType::Datetime)
    }
    fn to_literal(&self) -> Result<Literal, Error> {
        Ok(datetime_literal(timestamp_of(self)?))
    }
    fn from_literal(lit: &Literal) -> Result<Self, Error> {
        datetime_of(timestamp_from_literal(lit)?)
    }
    fn union_tag() -> &'static str {
        "datetime"
    }
    const DIRECT: bool = true;
    const DIRECT_COSTLY_LEN: bool = false;
    fn direct_len(&self, _: &mut Sizes) -> Result<usize, Error> {
        let t = timestamp_of(self)?;
        Ok(primitive_literal_len(field_len(timestamp_len(
            t.seconds, t.nanos,
        ))))
    }
    fn direct_write(&self, _: &mut Sizes, out: &mut Vec<u8>) {
        let (s, n) = (self.timestamp(), self.timestamp_subsec_nanos() as i32);
        let t = timestamp_len(s, n);
        put_primitive_headers(out, field_len(t));
        put_header(out, 0x2a, t);
        put_timestamp(out, s, n);
    }
    fn direct_read(lit: &[u8], _: u32) -> Option<Self> {
        let mut p = Pb::new(read_primitive(lit)?);
        let ts = p.field(0x2a)?;
        if !p.is_empty() {
            return None;
        }
        let (s, n) = read_timestamp(ts)?;
        datetime_of(Timestamp::new(s, n)?).ok()
    }
}

/// Size of a `google.protobuf.Timestamp` (or `Duration`) message: zero fields are not written.
fn timestamp_len(seconds: i64, nanos: i32) -> usize {
    let f = |v: i64| if v == 0 { 0 } else { 1 + vlen(v as u64) };
    f(seconds) + f(i64::from(nanos))
}

fn put_timestamp(out: &mut Vec<u8>, seconds: i64, nanos: i32) {
    if seconds != 0 {
        out.push(0x08);
        put_varint(out, seconds as u64);
    }
    if nanos != 0 {
        out.push(0x10);
        put_varint(out, i64::from(nanos) as u64);
    }
}

/// `seconds` and `nanos` of a Timestamp in canonical layout (each at most once, in order).
fn read_timestamp(b: &[u8]) -> Option<(i64, i32)> {
    let mut p = Pb::new(b);
    let mut seconds = 0;
    let mut nanos = 0;
    if p.rest().first() == Some(&0x08) {
        p.tag(0x08)?;
        seconds = p.varint()? as i64;
    }
    if p.rest().first() == Some(&0x10) {
        p.tag(0x10)?;
        // prost reads an int32 from the low 32 bits of the varint.
        nanos = p.varint()? as i32;
    }
    p.is_empty().then_some((seconds, nanos))
}

/// A naive datetime is taken as UTC, as Flyte does.
impl FlyteType for chrono::NaiveDateTime {
    fn literal_type() -> LiteralType {
        simple(SimpleType::Datetime)
    }
    fn to_literal(&self) -> Result<Literal, Error> {
        self.and_utc().to_literal()
    }
    fn from_literal(lit: &Literal) -> Result<Self, Error> {
        chrono::DateTime::<chrono::Utc>::from_literal(lit).map(|t| t.naive_utc())
    }
    fn union_tag() -> &'static str {
        "datetime"
    }
}

/// A date is a DATETIME at midnight UTC (Flyte has no date type).
impl FlyteType for chrono::NaiveDate {
    fn literal_type() -> LiteralType {
        simple(SimpleType::Datetime)
    }
    fn to_literal(&self) -> Result<Literal, Error> {
        self.and_time(chrono::NaiveTime::MIN).to_literal()
    }
    fn from_literal(lit: &Literal) -> Result<Self, Error> {
        chrono::NaiveDateTime::from_literal(lit).map(|t| t.date())
    }
    fn union_tag() -> &'static str {
        "date"
    }
}

impl FlyteType for chrono::TimeDelta {
    fn literal_type() -> LiteralType {
        simple(SimpleType::Duration)
    }
    fn to_literal(&self) -> Result<Literal, Error> {
        let d = duration_of(self)?;
        Ok(primitive_literal(primitive::Value::Duration(
            prost_types::Duration {
                seconds: d.seconds,
                nanos: d.nanos,
            },
        )))
    }
    fn from_literal(lit: &Literal) -> Result<Self, Error> {
        match primitive_of(lit) {
            Some(primitive::Value::Duration(d)) => timedelta_of(
                crate::value::Duration::new(d.seconds, d.nanos).ok_or_else(|| {
                    Error::new(ErrorKind::OutOfRange(format!("duration {}s", d.seconds)))
                })?,
            ),
            _ => Err(Error::mismatch("DURATION", describe(lit))),
        }
    }
    fn union_tag() -> &'static str {
        "timedelta"
    }
}

// ---------------------------------------------------------------- containers

impl<T: FlyteType> FlyteType for Vec<T> {
    fn literal_type() -> LiteralType {
        LiteralType {
            r#type: Some(Type::CollectionType(Box::new(T::literal_type()))),
            ..Default::default()
        }
    }
    fn to_literal(&self) -> Result<Literal, Error> {
        let literals = self
            .iter()
            .enumerate()
            .map(|(i, v)| v.to_literal().map_err(|e| e.at_index(i)))
            .collect::<Result<_, _>>()?;
        Ok(Literal {
            value: Some(literal::Value::Collection(LiteralCollection { literals })),
            ..Default::default()
        })
    }
    fn from_literal(lit: &Literal) -> Result<Self, Error> {
        match &lit.value {
            Some(literal::Value::Collection(c)) => c
                .literals
                .iter()
                .enumerate()
                .map(|(i, l)| T::from_literal(l).map_err(|e| e.at_index(i)))
                .collect(),
            _ => Err(Error::mismatch("a collection", describe(lit))),
        }
    }
    fn union_tag() -> &'static str {
        "Typed List"
    }
    fn write_literal_bytes(&self, out: &mut Vec<u8>) -> Result<(), Error> {
        // At the root nothing needs the list's size before its bytes: a list of small values
        // is written in one pass, without the sizing pass over its elements.
        if T::DIRECT_SMALL {
            let mut sizes = Sizes::new();
            let fields = self.iter().enumerate().map(|(i, v)| {
                // The sizing pass's checks (an integer beyond int64); nothing for the types
                // that cannot fail, where the optimizer drops the call.
                v.direct_len(&mut sizes).map_err(|e| e.at_index(i))?;
                Ok(v.direct_small(0x0a))
            });
            return put_small_field(out, 0x12, self.len(), fields);
        }
        super::write_literal_bytes_of(self, out)
    }
    const DIRECT: bool = T::DIRECT;
    fn direct_len(&self, sizes: &mut Sizes) -> Result<usize, Error> {
        // Literal.collection (2) { literals (1): [Literal] }
        let slot = sizes.slot();
        let mut body = 0;
        for (i, v) in self.iter().enumerate() {
            body += field_len(element_len(v, sizes).map_err(|e| e.at_index(i))?);
        }
        sizes.set(slot, body);
        Ok(field_len(body))
    }
    fn direct_write(&self, sizes: &mut Sizes, out: &mut Vec<u8>) {
        let body = sizes.take();
        put_header(out, 0x12, body);
        if T::DIRECT_SMALL {
            put_smalls(out, body, self.iter().map(|v| v.direct_small(0x0a)));
            return;
        }
        for v in self {
            put_header(out, 0x0a, element_len_again(v, sizes));
            v.direct_write(sizes, out);
        }
    }
    fn direct_read(lit: &[u8], depth: u32) -> Option<Self> {
        if depth > MAX_DIRECT_DEPTH {
            return None;
        }
        let mut r = Pb::new(lit);
        let body = r.field(0x12)?;
        if !r.is_empty() {
            return None;
        }
        let mut r = Pb::new(body);
        let mut out = Vec::new();
        while !r.is_empty() {
            T::direct_read_into(r.field(0x0a)?, depth + 2, &mut out)?;
        }
        Some(out)
    }
}

/// First pass, for a container: an element's `Literal` size, recorded in `sizes` unless it is
/// cheap to compute again (see `FlyteType::DIRECT_COSTLY_LEN`).
#[inline(always)]
pub(crate) fn element_len<T: FlyteType + ?Sized>(v: &T, sizes: &mut Sizes) -> Result<usize, Error> {
    if T::DIRECT_COSTLY_LEN {
        let slot = sizes.slot();
        let len = v.direct_len(sizes)?;
        sizes.set(slot, len);
        Ok(len)
    } else {
        v.direct_len(sizes)
    }
}

/// Second pass: the size [`element_len`] gave, taken back or computed again.
#[inline(always)]
pub(crate) fn element_len_again<T: FlyteType + ?Sized>(v: &T, sizes: &mut Sizes) -> usize {
    if T::DIRECT_COSTLY_LEN {
        sizes.take()
    } else {
        // Cheap sizes record nothing, and succeeded on this value in the first pass.
        v.direct_len(sizes).unwrap_or(0)
    }
}

fn map_literal<'a, T: FlyteType + 'a>(
    entries: impl Iterator<Item = (&'a String, &'a T)>,
) -> Result<Literal, Error> {
    let literals = entries
        .map(|(k, v)| Ok((k.clone(), v.to_literal().map_err(|e| e.at_key(k))?)))
        .collect::<Result<_, Error>>()?;
    Ok(Literal {
        value: Some(literal::Value::Map(LiteralMap { literals })),
        ..Default::default()
    })
}

fn map_entries<T: FlyteType, M: FromIterator<(String, T)>>(lit: &Literal) -> Result<M, Error> {
    match &lit.value {
        Some(literal::Value::Map(m)) => m
            .literals
            .iter()
            .map(|(k, l)| Ok((k.clone(), T::from_literal(l).map_err(|e| e.at_key(k))?)))
            .collect(),
        _ => Err(Error::mismatch("a map", describe(lit))),
    }
}

fn map_type<T: FlyteType>() -> LiteralType {
    LiteralType {
        r#type: Some(Type::MapValueType(Box::new(T::literal_type()))),
        ..Default::default()
    }
}

/// First pass of a map: `Literal.map (3) { literals (1): [entry { key (1), value (2) }] }`.
/// Entry sizes do not depend on the order.
fn map_direct_len<'a, T: FlyteType + 'a>(
    entries: impl Iterator<Item = (&'a String, &'a T)>,
    sizes: &mut Sizes,
) -> Result<usize, Error> {
    let slot = sizes.slot();
    let count = sizes.slot();
    let mut body = 0;
    for (k, v) in entries {
        let value = element_len(v, sizes).map_err(|e| e.at_key(k))?;
        body += field_len(field_len(k.len()) + field_len(value));
    }
    sizes.set(slot, body);
    // How many sizes the values recorded, for a second pass that writes them in another order.
    sizes.set(count, sizes.len() - count - 1);
    Ok(field_len(body))
}

/// Second pass of a map, entries in upb's deterministic order (what `wire::encode_canonical`
/// writes). `sorted`: the iterator is in bytewise key order (a `BTreeMap`), which is upb's
/// order unless a key is a proper prefix of another.
fn map_direct_write<'a, T: FlyteType + 'a>(
    entries: impl Iterator<Item = (&'a String, &'a T)> + Clone,
    sorted: bool,
    sizes: &mut Sizes,
    out: &mut Vec<u8>,
) {
    put_header(out, 0x1a, sizes.take());
    let recorded = sizes.take();
    let mut write = |k: &String, v: &T, sizes: &mut Sizes| {
        let value = element_len_again(v, sizes);
        put_header(out, 0x0a, field_len(k.len()) + field_len(value));
        put_header(out, 0x0a, k.len());
        out.extend_from_slice(k.as_bytes());
        put_header(out, 0x12, value);
        v.direct_write(sizes, out);
    };
    if sorted && upb_ordered(entries.clone().map(|(k, _)| k.as_bytes())) {
        for (k, v) in entries {
            write(k, v, sizes);
        }
    } else {
        // The sizes the values recorded are in iteration order: skip them and measure each
        // value again, in the order it is written.
        sizes.skip(recorded);
        let mut all: Vec<(&String, &T)> = entries.collect();
        all.sort_by(|a, b| crate::wire::upb_key_order(a.0.as_bytes(), b.0.as_bytes()));
        let mut own = Sizes::new();
        for (k, v) in all {
            own.clear();
            // It succeeded on this value in the first pass.
            let _ = element_len(v, &mut own);
            write(k, v, &mut own);
        }
    }
}

/// Whether bytewise-sorted keys are also in upb's order: no key is a proper prefix of the next
/// one (if a key is a prefix of a later one, it is a prefix of the one right after it).
fn upb_ordered<'a>(keys: impl Iterator<Item = &'a [u8]>) -> bool {
    let mut prev: Option<&[u8]> = None;
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

/// Reads `Literal.map` in canonical layout: every entry exactly `key (1), value (2)`.
fn map_direct_read<T: FlyteType>(
    lit: &[u8],
    depth: u32,
    mut insert: impl FnMut(String, T),
) -> Option<()> {
    if depth > MAX_DIRECT_DEPTH {
        return None;
    }
    let mut r = Pb::new(lit);
    let body = r.field(0x1a)?;
    if !r.is_empty() {
        return None;
    }
    let mut r = Pb::new(body);
    while !r.is_empty() {
        let mut e = Pb::new(r.field(0x0a)?);
        let key = utf8(e.field(0x0a)?)?;
        let value = T::direct_read(e.field(0x12)?, depth + 3)?;
        if !e.is_empty() {
            return None;
        }
        insert(key.to_owned(), value);
    }
    Some(())
}

impl<T: FlyteType, S: std::hash::BuildHasher + Default> FlyteType for HashMap<String, T, S> {
    fn literal_type() -> LiteralType {
        map_type::<T>()
    }
    fn to_literal(&self) -> Result<Literal, Error> {
        map_literal(self.iter())
    }
    fn from_literal(lit: &Literal) -> Result<Self, Error> {
        map_entries(lit)
    }
    fn union_tag() -> &'static str {
        "Typed Dict"
    }
    const DIRECT: bool = T::DIRECT;
    fn direct_len(&self, sizes: &mut Sizes) -> Result<usize, Error> {
        map_direct_len(self.iter(), sizes)
    }
    fn direct_write(&self, sizes: &mut Sizes, out: &mut Vec<u8>) {
        map_direct_write(self.iter(), false, sizes, out)
    }
    fn direct_read(lit: &[u8], depth: u32) -> Option<Self> {
        // Later duplicates replace earlier ones, as prost's decoder does.
        let mut map = HashMap::default();
        map_direct_read(lit, depth, |k, v| {
            map.insert(k, v);
        })?;
        Some(map)
    }
}

impl<T: FlyteType> FlyteType for BTreeMap<String, T> {
    fn literal_type() -> LiteralType {
        map_type::<T>()
    }
    fn to_literal(&self) -> Result<Literal, Error> {
        map_literal(self.iter())
    }
    fn from_literal(lit: &Literal) -> Result<Self, Error> {
        map_entries(lit)
    }
    fn union_tag() -> &'static str {
        "Typed Dict"
    }
    const DIRECT: bool = T::DIRECT;
    fn direct_len(&self, sizes: &mut Sizes) -> Result<usize, Error> {
        map_direct_len(self.iter(), sizes)
    }
    fn direct_write(&self, sizes: &mut Sizes, out: &mut Vec<u8>) {
        map_direct_write(self.iter(), true, sizes, out)
    }
    fn direct_read(lit: &[u8], depth: u32) -> Option<Self> {
        let mut entries = Vec::new();
        map_direct_read(lit, depth, |k, v| entries.push((k, v)))?;
        // Sorts (upb order is not bytewise) and keeps the last of equal keys, as prost does.
        Some(entries.into_iter().collect())
    }
}

/// Keys of maps that Flyte 2 writes as msgpack (`dict[int, str]`): not strings.
pub trait MsgpackKey: StructField + Ord + Hash + Clone {}
impl MsgpackKey for i64 {}
impl MsgpackKey for i32 {}
impl MsgpackKey for u32 {}
impl MsgpackKey for u64 {}
impl MsgpackKey for bool {}

/// The LiteralType of an untyped `dict`: STRUCT with the msgpack annotation, no schema.
fn untyped_dict_type() -> LiteralType {
    LiteralType {
        r#type: Some(Type::Simple(SimpleType::Struct as i32)),
        annotation: Some(msgpack_annotation()),
        ..Default::default()
    }
}

fn keyed_msg<'a, K: MsgpackKey + 'a, V: StructField + 'a>(
    entries: impl Iterator<Item = (&'a K, &'a V)>,
) -> Result<Msg, Error> {
    let mut entries: Vec<_> = entries.collect();
    entries.sort_by(|a, b| a.0.cmp(b.0));
    entries
        .into_iter()
        .enumerate()
        .map(|(i, (k, v))| {
            Ok((
                k.to_msg(StructStyle::Dataclass)?,
                v.to_msg(StructStyle::Dataclass)
                    .map_err(|e| e.at_index(i))?,
            ))
        })
        .collect::<Result<_, Error>>()
        .map(Msg::Map)
}

fn keyed_entries<K: MsgpackKey, V: StructField, M: FromIterator<(K, V)>>(
    lit: &Literal,
) -> Result<M, Error> {
    read_document_with(literal_msgpack(lit)?, EnumWire::default(), |r| {
        let n = match r.take_head()? {
            Head::Map(n) => n,
            h => return Err(Error::mismatch("a msgpack map", h.kind_name())),
        };
        let entries = (0..n)
            .map(|i| {
                Ok((
                    K::read(r).map_err(|e| e.at_index(i))?,
                    V::read(r).map_err(|e| e.at_index(i))?,
                ))
            })
            .collect::<Result<Vec<_>, Error>>()?;
        r.close();
        Ok(entries.into_iter().collect())
    })
}

/// Maps with non-string keys are msgpack (`dict[int, str]`); entries are written sorted by
/// key (a `HashMap` has no insertion order to keep).
macro_rules! keyed_map_type {
    ($($map:ty => [$($bounds:tt)*]),*) => {$(
        impl<K: MsgpackKey, V: StructField, $($bounds)*> FlyteType for $map {
            fn literal_type() -> LiteralType {
                untyped_dict_type()
            }
            fn to_literal(&self) -> Result<Literal, Error> {
                msgpack_literal(&keyed_msg(self.iter())?)
            }
            fn from_literal(lit: &Literal) -> Result<Self, Error> {
                keyed_entries(lit)
            }
            fn union_tag() -> &'static str {
                "Typed Dict"
            }
        }
    )*};
}
keyed_map_type!(HashMap<K, V, S> => [S: std::hash::BuildHasher + Default], BTreeMap<K, V> => []);

// ---------------------------------------------------------------- Option (a union with NONE)

/// A union variant: the type with `structure.tag` set to its transformer name.
pub fn union_variant<T: FlyteType + ?Sized>() -> LiteralType {
    let mut t = T::literal_type();
    let structure = t.structure.get_or_insert_with(TypeStructure::default);
    structure.tag = T::union_tag().to_string();
    t
}

/// A union variant type and its canonical bytes, derived once per Rust type.
pub(crate) struct Variant {
    pub ty: LiteralType,
    pub bytes: Vec<u8>,
}

/// [`union_variant`] of `T`, computed on first use and kept for the life of the process (one
/// entry per Rust type): values of a union type carry their variant's type, and deriving it for
/// each value (a JSON schema for a struct) would dominate the cost of writing them.
pub(crate) fn cached_variant<T: FlyteType + ?Sized + 'static>() -> &'static Variant {
    type Cache = RwLock<HashMap<TypeId, &'static Variant>>;
    static CACHE: OnceLock<Cache> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let id = TypeId::of::<T>();
    if let Some(v) = cache.read().unwrap_or_else(|e| e.into_inner()).get(&id) {
        return v;
    }
    let ty = union_variant::<T>();
    let bytes = crate::wire::encode_canonical(&ty);
    let mut w = cache.write().unwrap_or_else(|e| e.into_inner());
    w.entry(id)
        .or_insert_with(|| Box::leak(Box::new(Variant { ty, bytes })))
}

/// [`union_variant`], from the per-type cache.
pub fn cached_union_variant<T: FlyteType + ?Sized + 'static>() -> LiteralType {
    cached_variant::<T>().ty.clone()
}

/// A union literal: the value with the selected variant's type.
pub fn union_literal(value: Literal, variant: LiteralType) -> Literal {
    scalar_literal(scalar::Value::Union(Box::new(Union {
        value: Some(Box::new(value)),
        r#type: Some(variant),
    })))
}

/// Whether a `Literal` message is (or starts as) a union literal.
fn is_union_bytes(lit: &[u8]) -> bool {
    Pb::new(lit)
        .field(0x0a)
        .is_some_and(|s| s.first() == Some(&0x4a))
}

impl<T: FlyteType + 'static> FlyteType for Option<T> {
    fn literal_type() -> LiteralType {
        let variants = vec![cached_union_variant::<T>(), cached_union_variant::<()>()];
        LiteralType {
            r#type: Some(Type::UnionType(UnionType { variants })),
            ..Default::default()
        }
    }
    fn to_literal(&self) -> Result<Literal, Error> {
        Ok(match self {
            Some(v) => union_literal(v.to_literal()?, cached_union_variant::<T>()),
            None => union_literal(().to_literal()?, cached_union_variant::<()>()),
        })
    }
    fn from_literal(lit: &Literal) -> Result<Self, Error> {
        if is_none_literal(lit) {
            return Ok(None);
        }
        match &lit.value {
            Some(literal::Value::Scalar(s)) => match &s.value {
                Some(scalar::Value::Union(u)) => match u.value.as_deref() {
                    Some(inner) => T::from_literal(inner).map(Some),
                    None => Err(Error::mismatch("a union value", "an empty union")),
                },
                _ => T::from_literal(lit).map(Some),
            },
            _ => T::from_literal(lit).map(Some),
        }
    }
    fn union_tag() -> &'static str {
        "Typed Union"
    }
    const DIRECT: bool = T::DIRECT;
    fn direct_len(&self, sizes: &mut Sizes) -> Result<usize, Error> {
        // Literal.scalar (1) { union (9) { value (1): Literal, type (2): LiteralType } }
        let (inner, variant) = match self {
            Some(v) => (element_len(v, sizes)?, cached_variant::<T>()),
            None => (NONE_LITERAL.len(), cached_variant::<()>()),
        };
        Ok(field_len(field_len(
            field_len(inner) + field_len(variant.bytes.len()),
        )))
    }
    fn direct_write(&self, sizes: &mut Sizes, out: &mut Vec<u8>) {
        let (inner, variant) = match self {
            Some(v) => (element_len_again(v, sizes), cached_variant::<T>()),
            None => (NONE_LITERAL.len(), cached_variant::<()>()),
        };
        let union = field_len(inner) + field_len(variant.bytes.len());
        put_header(out, 0x0a, field_len(union));
        put_header(out, 0x4a, union);
        put_header(out, 0x0a, inner);
        match self {
            Some(v) => v.direct_write(sizes, out),
            None => out.extend_from_slice(NONE_LITERAL),
        }
        put_header(out, 0x12, variant.bytes.len());
        out.extend_from_slice(&variant.bytes);
    }
    fn direct_read(lit: &[u8], depth: u32) -> Option<Self> {
        if depth > MAX_DIRECT_DEPTH {
            return None;
        }
        let mut r = Pb::new(lit);
        let scalar = r.field(0x0a)?;
        let mut s = Pb::new(scalar);
        let union = s.field(0x4a)?;
        let mut u = Pb::new(union);
        let inner = u.field(0x0a)?;
        let ty = u.field(0x12)?;
        if !(r.is_empty() && s.is_empty() && u.is_empty()) {
            return None;
        }
        // The type must decode (the tree path parses it): accept the two we write.
        if ty != cached_variant::<T>().bytes && ty != cached_variant::<()>().bytes {
            return None;
        }
        if inner == NONE_LITERAL {
            return Some(None);
        }
        // A union inside: the tree path looks through it for a None.
        if is_union_bytes(inner) {
            return None;
        }
        T::direct_read(inner, depth + 3).map(Some)
    }
}

// ---------------------------------------------------------------- tuples

macro_rules! tuple_types {
    ($(($($n:tt $t:ident),+))*) => {$(
        impl<$($t: StructField),+> StructField for ($($t,)+) {
            fn schema(sg: &mut SchemaGen) -> serde_json::Value {
                let items = vec![$($t::schema(sg)),+];
                let n = items.len();
                serde_json::json!({"type": "array", "prefixItems": items, "minItems": n, "maxItems": n})
            }
            fn write<S: MsgSink>(&self, style: StructStyle, w: &mut S) -> Result<(), Error> {
                const N: usize = [$($n),+].len();
                w.array(N)?;
                $(self.$n.write(style, w).map_err(|e| e.at_index($n))?;)+
                Ok(())
            }
            fn read(r: &mut MsgReader<'_>) -> Result<Self, Error> {
                const N: usize = [$($n),+].len();
                match r.take_head()? {
                    Head::Array(n) if n == N => {}
                    h => return Err(Error::mismatch(format!("an array of {N} items"), h.kind_name())),
                }
                let v = ($($t::read(r).map_err(|e| e.at_index($n))?,)+);
                r.close();
                Ok(v)
            }
        }

        /// Flyte 2's typed tuple: a pydantic wrapper model `TupleWrapper_tuple` with fields
        /// `item_0`, `item_1`, …
        impl<$($t: StructField),+> FlyteType for ($($t,)+) {
            fn literal_type() -> LiteralType {
                let mut sg = SchemaGen::new(StructStyle::Pydantic);
                let fields = vec![$(FieldSchema {
                    name: ITEM_NAMES[$n],
                    schema: $t::schema(&mut sg),
                    default: None,
                    required: true,
                    description: None,
                }),+];
                let schema = object_schema(&mut sg, "TupleWrapper_tuple", fields);
                super::structs::struct_literal_type(StructStyle::Pydantic, sg.finish(schema))
            }
            fn to_literal(&self) -> Result<Literal, Error> {
                const N: usize = [$($n),+].len();
                let mut bytes = Vec::new();
                let w = &mut MsgWriter::new(&mut bytes);
                w.map(N)?;
                $(
                    w.str(ITEM_NAMES[$n])?;
                    self.$n.write(StructStyle::Pydantic, w).map_err(|e| e.at_index($n))?;
                )+
                Ok(msgpack_bytes_literal(bytes))
            }
            /// The wrapper model's fields by name, as a struct's are read (any order, others
            /// ignored, a repeated key's last occurrence).
            fn from_literal(lit: &Literal) -> Result<Self, Error> {
                const N: usize = [$($n),+].len();
                read_document_with(literal_msgpack(lit)?, EnumWire::NamesOrValues, |r| {
                    let n = read_fields_header(r)?;
                    let mut slots: ($(Option<$t>,)+) = Default::default();
                    let mut errs = FieldErrors::new();
                    for _ in 0..n {
                        let Some(f) = errs.other_key(r, &ITEM_NAMES[..N], false)? else {
                            continue;
                        };
                        let mark = r.mark();
                        match f {
                            $($n => match $t::read(r) {
                                Ok(v) => {
                                    slots.$n = Some(v);
                                    errs.read($n);
                                }
                                Err(e) => {
                                    slots.$n = None;
                                    errs.failed(r, mark, $n, e)?;
                                }
                            },)+
                            _ => {}
                        }
                    }
                    r.close();
                    Ok(($(match slots.$n.take() {
                        Some(v) => v,
                        None => errs
                            .missing($n, ITEM_NAMES[$n], None)
                            .map_err(|e| e.at_index($n))?,
                    },)+))
                })
            }
            fn union_tag() -> &'static str {
                "Typed Tuple"
            }
        }
    )*};
}

const ITEM_NAMES: [&str; 8] = [
    "item_0", "item_1", "item_2", "item_3", "item_4", "item_5", "item_6", "item_7",
];

tuple_types! {
    (0 A)
    (0 A, 1 B)
    (0 A, 1 B, 2 C)
    (0 A, 1 B, 2 C, 3 D)
    (0 A, 1 B, 2 C, 3 D, 4 E)
    (0 A, 1 B, 2 C, 3 D, 4 E, 5 F)
    (0 A, 1 B, 2 C, 3 D, 4 E, 5 F, 6 G)
    (0 A, 1 B, 2 C, 3 D, 4 E, 5 F, 6 G, 7 H)
}
