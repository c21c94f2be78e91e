//! `FlyteType` for standard Rust types.

use super::FlyteType;
use super::LiteralSink;
use super::field::{
    SchemaGen, StructField, StructStyle, UnionKind, datetime_of, duration_of, read_document_with,
    timedelta_of, timestamp_of,
};
use super::sink::MsgBody;
use super::source::{self, Form, LiteralSource, literal_msgpack};
use super::structs::{
    FieldErrors, FieldSchema, msgpack_annotation, object_schema, read_fields_header,
};
use crate::idl::core::{
    Literal, LiteralType, Primitive, Scalar, SimpleType, TypeStructure, Union, UnionType, literal,
    literal_type::Type, primitive, scalar,
};
use crate::msgpack::read::{EnumWire, Head, MsgReader};
use crate::msgpack::write::MsgSink;
use crate::value::time::Timestamp;
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

pub(crate) fn primitive_literal(p: primitive::Value) -> Literal {
    scalar_literal(scalar::Value::Primitive(Primitive { value: Some(p) }))
}

/// An integer as Flyte's int64, or the error that says it is beyond it.
#[inline(always)]
fn int64<T: TryInto<i64> + Copy + std::fmt::Display>(v: T) -> Result<i64, Error> {
    v.try_into()
        .map_err(|_| ErrorKind::OutOfRange(format!("integer {v} (beyond int64)")).into())
}

/// An integer type's read of any literal but a canonical one in range (which `read_literal`
/// reads inline): out of line, so the inline part stays small.
#[inline(never)]
fn read_int<'a, T: TryFrom<i64>, R: LiteralSource<'a>>(r: R) -> Result<T, Error> {
    match source::primitive(r)? {
        Some(source::Primitive::Integer(i)) => T::try_from(i).map_err(|_| {
            let name = std::any::type_name::<T>();
            ErrorKind::OutOfRange(format!("{i} for {name}")).into()
        }),
        _ => Err(Error::mismatch("INTEGER", source::describe(r))),
    }
}

macro_rules! int_type {
    ($($t:ty),*) => {$(
        impl FlyteType for $t {
            fn literal_type() -> LiteralType {
                simple(SimpleType::Integer)
            }
            #[inline]
            fn write_literal<S: LiteralSink>(&self, s: &mut S) -> Result<(), Error> {
                s.integer(int64(*self)?);
                Ok(())
            }
            #[inline]
            fn write_literal_list<'a, S: LiteralSink, I>(items: I, s: &mut S) -> Result<(), Error>
            where
                I: ExactSizeIterator<Item = &'a Self>,
            {
                s.integers(items.map(|v| int64(*v)))
            }
            #[inline(always)]
            fn read_literal<'a, R: LiteralSource<'a>>(r: R) -> Result<Self, Error> {
                if let Some(i) = source::canonical_integer(r)
                    && let Ok(v) = <$t>::try_from(i)
                {
                    return Ok(v);
                }
                read_int(r)
            }
            fn union_tag() -> &'static str {
                "int"
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
            fn write_literal<S: LiteralSink>(&self, s: &mut S) -> Result<(), Error> {
                T::write_literal(self, s)
            }
            fn write_literal_list<'a, S: LiteralSink, I>(items: I, s: &mut S) -> Result<(), Error>
            where
                Self: 'a,
                I: ExactSizeIterator<Item = &'a Self>,
            {
                T::write_literal_list(items.map(|p| &**p), s)
            }
            fn read_literal<'a, R: LiteralSource<'a>>(r: R) -> Result<Self, Error> {
                T::read_literal(r).map($p::new)
            }
            fn union_tag() -> &'static str {
                T::union_tag()
            }
        }
    )*};
}
pointer_type!(Box, Rc, Arc);

/// `f64`'s read of any literal but a canonical float, out of line.
#[inline(never)]
fn read_float<'a, R: LiteralSource<'a>>(r: R) -> Result<f64, Error> {
    match source::primitive(r)? {
        Some(source::Primitive::Float(f)) => Ok(f),
        Some(source::Primitive::Integer(i)) => Ok(i as f64),
        _ => Err(Error::mismatch("FLOAT", source::describe(r))),
    }
}

impl FlyteType for f64 {
    fn literal_type() -> LiteralType {
        simple(SimpleType::Float)
    }
    #[inline]
    fn write_literal<S: LiteralSink>(&self, s: &mut S) -> Result<(), Error> {
        s.float(*self);
        Ok(())
    }
    #[inline]
    fn write_literal_list<'a, S: LiteralSink, I>(items: I, s: &mut S) -> Result<(), Error>
    where
        I: ExactSizeIterator<Item = &'a Self>,
    {
        s.floats(items.copied());
        Ok(())
    }
    #[inline(always)]
    fn read_literal<'a, R: LiteralSource<'a>>(r: R) -> Result<Self, Error> {
        match source::canonical_float(r) {
            Some(f) => Ok(f),
            None => read_float(r),
        }
    }
    fn union_tag() -> &'static str {
        "float"
    }
}

impl FlyteType for f32 {
    fn literal_type() -> LiteralType {
        f64::literal_type()
    }
    fn write_literal<S: LiteralSink>(&self, s: &mut S) -> Result<(), Error> {
        s.float(f64::from(*self));
        Ok(())
    }
    fn write_literal_list<'a, S: LiteralSink, I>(items: I, s: &mut S) -> Result<(), Error>
    where
        I: ExactSizeIterator<Item = &'a Self>,
    {
        s.floats(items.map(|f| f64::from(*f)));
        Ok(())
    }
    fn read_literal<'a, R: LiteralSource<'a>>(r: R) -> Result<Self, Error> {
        f64::read_literal(r).map(|f| f as f32)
    }
    fn union_tag() -> &'static str {
        "float"
    }
}

impl FlyteType for str {
    fn literal_type() -> LiteralType {
        simple(SimpleType::String)
    }
    #[inline]
    fn write_literal<S: LiteralSink>(&self, s: &mut S) -> Result<(), Error> {
        s.string(self);
        Ok(())
    }
    fn union_tag() -> &'static str {
        "str"
    }
}

/// `String`'s read of any literal but a short canonical string, out of line.
#[inline(never)]
fn read_string<'a, R: LiteralSource<'a>>(r: R) -> Result<String, Error> {
    match source::primitive(r)? {
        Some(source::Primitive::String(s)) => Ok(s.to_owned()),
        _ => Err(Error::mismatch("STRING", source::describe(r))),
    }
}

impl FlyteType for String {
    fn literal_type() -> LiteralType {
        str::literal_type()
    }
    #[inline]
    fn write_literal<S: LiteralSink>(&self, s: &mut S) -> Result<(), Error> {
        s.string(self);
        Ok(())
    }
    #[inline(always)]
    fn read_literal<'a, R: LiteralSource<'a>>(r: R) -> Result<Self, Error> {
        match source::canonical_string(r) {
            Some(s) => Ok(s.to_owned()),
            None => read_string(r),
        }
    }
    fn union_tag() -> &'static str {
        "str"
    }
}

impl FlyteType for bool {
    fn literal_type() -> LiteralType {
        simple(SimpleType::Boolean)
    }
    fn write_literal<S: LiteralSink>(&self, s: &mut S) -> Result<(), Error> {
        s.boolean(*self);
        Ok(())
    }
    fn read_literal<'a, R: LiteralSource<'a>>(r: R) -> Result<Self, Error> {
        match source::primitive(r)? {
            Some(source::Primitive::Boolean(b)) => Ok(b),
            _ => Err(Error::mismatch("BOOLEAN", source::describe(r))),
        }
    }
    fn union_tag() -> &'static str {
        "bool"
    }
}

impl FlyteType for () {
    fn literal_type() -> LiteralType {
        simple(SimpleType::None)
    }
    fn write_literal<S: LiteralSink>(&self, s: &mut S) -> Result<(), Error> {
        s.none();
        Ok(())
    }
    fn read_literal<'a, R: LiteralSource<'a>>(r: R) -> Result<Self, Error> {
        if source::is_none(r)? {
            Ok(())
        } else {
            Err(Error::mismatch("NONE", source::describe(r)))
        }
    }
    fn union_tag() -> &'static str {
        "none"
    }
}

// ---------------------------------------------------------------- chrono

pub(crate) fn datetime_literal(seconds: i64, nanos: i32) -> Literal {
    primitive_literal(primitive::Value::Datetime(prost_types::Timestamp {
        seconds,
        nanos,
    }))
}

fn timestamp_from_literal<'a, R: LiteralSource<'a>>(r: R) -> Result<Timestamp, Error> {
    match source::primitive(r)? {
        Some(source::Primitive::Datetime(seconds, nanos)) => Timestamp::new(seconds, nanos)
            .ok_or_else(|| ErrorKind::OutOfRange(format!("timestamp {seconds}s {nanos}ns")).into()),
        _ => Err(Error::mismatch("DATETIME", source::describe(r))),
    }
}

impl FlyteType for chrono::DateTime<chrono::Utc> {
    fn literal_type() -> LiteralType {
        simple(SimpleType::Datetime)
    }
    fn write_literal<S: LiteralSink>(&self, s: &mut S) -> Result<(), Error> {
        let t = timestamp_of(self)?;
        s.datetime(t.seconds, t.nanos);
        Ok(())
    }
    fn read_literal<'a, R: LiteralSource<'a>>(r: R) -> Result<Self, Error> {
        datetime_of(timestamp_from_literal(r)?)
    }
    fn union_tag() -> &'static str {
        "datetime"
    }
}

/// A naive datetime is taken as UTC, as Flyte does.
impl FlyteType for chrono::NaiveDateTime {
    fn literal_type() -> LiteralType {
        simple(SimpleType::Datetime)
    }
    fn write_literal<S: LiteralSink>(&self, s: &mut S) -> Result<(), Error> {
        self.and_utc().write_literal(s)
    }
    fn read_literal<'a, R: LiteralSource<'a>>(r: R) -> Result<Self, Error> {
        chrono::DateTime::<chrono::Utc>::read_literal(r).map(|t| t.naive_utc())
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
    fn write_literal<S: LiteralSink>(&self, s: &mut S) -> Result<(), Error> {
        self.and_time(chrono::NaiveTime::MIN).write_literal(s)
    }
    fn read_literal<'a, R: LiteralSource<'a>>(r: R) -> Result<Self, Error> {
        chrono::NaiveDateTime::read_literal(r).map(|t| t.date())
    }
    fn union_tag() -> &'static str {
        "date"
    }
}

impl FlyteType for chrono::TimeDelta {
    fn literal_type() -> LiteralType {
        simple(SimpleType::Duration)
    }
    fn write_literal<S: LiteralSink>(&self, s: &mut S) -> Result<(), Error> {
        let d = duration_of(self)?;
        s.duration(d.seconds, d.nanos);
        Ok(())
    }
    fn read_literal<'a, R: LiteralSource<'a>>(r: R) -> Result<Self, Error> {
        match source::primitive(r)? {
            Some(source::Primitive::Duration(seconds, nanos)) => {
                timedelta_of(crate::value::Duration::new(seconds, nanos).ok_or_else(|| {
                    Error::new(ErrorKind::OutOfRange(format!("duration {seconds}s")))
                })?)
            }
            _ => Err(Error::mismatch("DURATION", source::describe(r))),
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
    #[inline]
    fn write_literal<S: LiteralSink>(&self, s: &mut S) -> Result<(), Error> {
        T::write_literal_list(self.iter(), s)
    }
    fn read_literal<'a, R: LiteralSource<'a>>(r: R) -> Result<Self, Error> {
        match r.form()? {
            Form::Collection(items) => {
                let mut out = Vec::with_capacity(items.size_hint().0);
                // Each item read pushes one value: the next index is `out.len()`.
                for item in items {
                    let i = out.len();
                    T::read_literal_into(item.map_err(|e| e.at_index(i))?, &mut out)
                        .map_err(|e| e.at_index(i))?;
                }
                Ok(out)
            }
            _ => Err(Error::mismatch("a collection", source::describe(r))),
        }
    }
    fn union_tag() -> &'static str {
        "Typed List"
    }
}

/// A map's entries read into `insert`, each value at its key's path. Of two entries with one
/// key the later counts, as protobuf's map reader keeps it: an error in the earlier one is
/// forgotten, and of the errors left the first by key is the one reported (the tree's order).
fn map_entries<'a, T: FlyteType, R: LiteralSource<'a>>(
    r: R,
    mut insert: impl FnMut(String, T),
) -> Result<(), Error> {
    let Form::Map(entries) = r.form()? else {
        return Err(Error::mismatch("a map", source::describe(r)));
    };
    let mut failed: Vec<(&str, Error)> = Vec::new();
    for entry in entries {
        let (k, v) = entry?;
        if !failed.is_empty() {
            failed.retain(|(f, _)| *f != k);
        }
        match T::read_literal(v) {
            Ok(v) => insert(k.to_owned(), v),
            Err(e) => failed.push((k, e.at_key(k))),
        }
    }
    match failed.into_iter().min_by(|a, b| a.0.cmp(b.0)) {
        Some((_, e)) => Err(e),
        None => Ok(()),
    }
}

fn map_type<T: FlyteType>() -> LiteralType {
    LiteralType {
        r#type: Some(Type::MapValueType(Box::new(T::literal_type()))),
        ..Default::default()
    }
}

impl<T: FlyteType, H: std::hash::BuildHasher + Default> FlyteType for HashMap<String, T, H> {
    fn literal_type() -> LiteralType {
        map_type::<T>()
    }
    fn write_literal<S: LiteralSink>(&self, s: &mut S) -> Result<(), Error> {
        s.map(self.iter().map(|(k, v)| (k.as_str(), v)), false)
    }
    fn read_literal<'a, R: LiteralSource<'a>>(r: R) -> Result<Self, Error> {
        // Later duplicates replace earlier ones, as protobuf's map reader does.
        let mut map = HashMap::default();
        map_entries(r, |k, v| {
            map.insert(k, v);
        })?;
        Ok(map)
    }
    fn union_tag() -> &'static str {
        "Typed Dict"
    }
}

impl<T: FlyteType> FlyteType for BTreeMap<String, T> {
    fn literal_type() -> LiteralType {
        map_type::<T>()
    }
    fn write_literal<S: LiteralSink>(&self, s: &mut S) -> Result<(), Error> {
        s.map(self.iter().map(|(k, v)| (k.as_str(), v)), true)
    }
    fn read_literal<'a, R: LiteralSource<'a>>(r: R) -> Result<Self, Error> {
        let mut entries = Vec::new();
        map_entries(r, |k, v| entries.push((k, v)))?;
        // Built in bulk (sorted once, the last of equal keys kept, as protobuf keeps it).
        Ok(entries.into_iter().collect())
    }
    fn union_tag() -> &'static str {
        "Typed Dict"
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

/// The msgpack map of a map with non-string keys: its entries sorted by key.
struct KeyedEntries<'a, K, V>(Vec<(&'a K, &'a V)>);

impl<'a, K: MsgpackKey + 'a, V: StructField + 'a> KeyedEntries<'a, K, V> {
    fn new(entries: impl Iterator<Item = (&'a K, &'a V)>) -> Self {
        let mut entries: Vec<_> = entries.collect();
        entries.sort_by(|a, b| a.0.cmp(b.0));
        Self(entries)
    }
}

impl<K: MsgpackKey, V: StructField> MsgBody for KeyedEntries<'_, K, V> {
    fn write_body<S: MsgSink>(&self, w: &mut S) -> Result<(), Error> {
        w.map(self.0.len())?;
        for (i, (k, v)) in self.0.iter().enumerate() {
            k.write(StructStyle::Dataclass, w)?;
            v.write(StructStyle::Dataclass, w)
                .map_err(|e| e.at_index(i))?;
        }
        Ok(())
    }
}

fn keyed_entries<'a, K: MsgpackKey, V: StructField, M: FromIterator<(K, V)>>(
    r: impl LiteralSource<'a>,
) -> Result<M, Error> {
    read_document_with(literal_msgpack(r)?, EnumWire::default(), |r| {
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
            fn write_literal<S: LiteralSink>(&self, s: &mut S) -> Result<(), Error> {
                s.msgpack(&KeyedEntries::new(self.iter()))
            }
            fn read_literal<'a, R: LiteralSource<'a>>(r: R) -> Result<Self, Error> {
                keyed_entries(r)
            }
            fn union_tag() -> &'static str {
                "Typed Dict"
            }
        }
    )*};
}
keyed_map_type!(HashMap<K, V, H> => [H: std::hash::BuildHasher + Default], BTreeMap<K, V> => []);

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

impl<T: FlyteType + 'static> FlyteType for Option<T> {
    fn literal_type() -> LiteralType {
        let variants = vec![cached_union_variant::<T>(), cached_union_variant::<()>()];
        LiteralType {
            r#type: Some(Type::UnionType(UnionType { variants })),
            ..Default::default()
        }
    }
    fn write_literal<S: LiteralSink>(&self, s: &mut S) -> Result<(), Error> {
        match self {
            Some(v) => s.union(v),
            None => s.union(&()),
        }
    }
    fn read_literal<'a, R: LiteralSource<'a>>(r: R) -> Result<Self, Error> {
        if source::is_none(r)? {
            return Ok(None);
        }
        match r.form()? {
            Form::Union {
                value: Some(inner), ..
            } => T::read_literal(inner).map(Some),
            Form::Union { value: None, .. } => {
                Err(Error::mismatch("a union value", "an empty union"))
            }
            _ => T::read_literal(r).map(Some),
        }
    }
    fn union_tag() -> &'static str {
        "Typed Union"
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
            fn union_kind() -> UnionKind {
                UnionKind::Tuple([$($n),+].len())
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

        /// The wrapper model's document: its fields by name.
        impl<$($t: StructField),+> MsgBody for ($($t,)+) {
            fn write_body<S: MsgSink>(&self, w: &mut S) -> Result<(), Error> {
                const N: usize = [$($n),+].len();
                w.map(N)?;
                $(
                    w.str(ITEM_NAMES[$n])?;
                    self.$n.write(StructStyle::Pydantic, w).map_err(|e| e.at_index($n))?;
                )+
                Ok(())
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
            fn write_literal<S: LiteralSink>(&self, s: &mut S) -> Result<(), Error> {
                s.msgpack(self)
            }
            /// The wrapper model's fields by name, as a struct's are read (any order, others
            /// ignored, a repeated key's last occurrence).
            fn read_literal<'a, R: LiteralSource<'a>>(r: R) -> Result<Self, Error> {
                const N: usize = [$($n),+].len();
                read_document_with(literal_msgpack(r)?, EnumWire::NamesOrValues, |r| {
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
