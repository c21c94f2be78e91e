//! `FlyteType` for standard Rust types.

use super::FlyteType;
use super::field::{
    SchemaGen, StructField, StructStyle, datetime_of, duration_of, timedelta_of, timestamp_of,
};
use super::structs::{
    FieldSchema, literal_msg, msgpack_annotation, msgpack_literal, object_schema,
};
use crate::idl::core::{
    Literal, LiteralCollection, LiteralMap, LiteralType, Primitive, Scalar, SimpleType,
    TypeStructure, Union, UnionType, Void, literal, literal_type::Type, primitive, scalar,
};
use crate::msgpack::Msg;
use crate::value::time::Timestamp;
use crate::value::{ValueError, ValueErrorKind};
use std::collections::{BTreeMap, HashMap};
use std::hash::Hash;

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
            fn to_literal(&self) -> Result<Literal, ValueError> {
                let i = i64::try_from(*self)
                    .map_err(|_| ValueErrorKind::OutOfRange(format!("integer {self} (beyond int64)")))?;
                Ok(primitive_literal(primitive::Value::Integer(i)))
            }
            fn from_literal(lit: &Literal) -> Result<Self, ValueError> {
                match primitive_of(lit) {
                    Some(primitive::Value::Integer(i)) => <$t>::try_from(*i)
                        .map_err(|_| ValueErrorKind::OutOfRange(format!("{i} for {}", stringify!($t))).into()),
                    _ => Err(ValueError::mismatch("INTEGER", describe(lit))),
                }
            }
            fn union_tag() -> &'static str {
                "int"
            }
        }
    )*};
}
int_type!(i64, i32, i16, i8, u64, u32, u16, u8, isize, usize);

impl FlyteType for f64 {
    fn literal_type() -> LiteralType {
        simple(SimpleType::Float)
    }
    fn to_literal(&self) -> Result<Literal, ValueError> {
        Ok(primitive_literal(primitive::Value::FloatValue(*self)))
    }
    fn from_literal(lit: &Literal) -> Result<Self, ValueError> {
        match primitive_of(lit) {
            Some(primitive::Value::FloatValue(f)) => Ok(*f),
            Some(primitive::Value::Integer(i)) => Ok(*i as f64),
            _ => Err(ValueError::mismatch("FLOAT", describe(lit))),
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
    fn to_literal(&self) -> Result<Literal, ValueError> {
        f64::from(*self).to_literal()
    }
    fn from_literal(lit: &Literal) -> Result<Self, ValueError> {
        f64::from_literal(lit).map(|f| f as f32)
    }
    fn union_tag() -> &'static str {
        "float"
    }
}

impl FlyteType for str {
    fn literal_type() -> LiteralType {
        simple(SimpleType::String)
    }
    fn to_literal(&self) -> Result<Literal, ValueError> {
        Ok(primitive_literal(primitive::Value::StringValue(
            self.to_string(),
        )))
    }
    fn union_tag() -> &'static str {
        "str"
    }
}

impl FlyteType for String {
    fn literal_type() -> LiteralType {
        str::literal_type()
    }
    fn to_literal(&self) -> Result<Literal, ValueError> {
        self.as_str().to_literal()
    }
    fn from_literal(lit: &Literal) -> Result<Self, ValueError> {
        match primitive_of(lit) {
            Some(primitive::Value::StringValue(s)) => Ok(s.clone()),
            _ => Err(ValueError::mismatch("STRING", describe(lit))),
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
    fn to_literal(&self) -> Result<Literal, ValueError> {
        Ok(primitive_literal(primitive::Value::Boolean(*self)))
    }
    fn from_literal(lit: &Literal) -> Result<Self, ValueError> {
        match primitive_of(lit) {
            Some(primitive::Value::Boolean(b)) => Ok(*b),
            _ => Err(ValueError::mismatch("BOOLEAN", describe(lit))),
        }
    }
    fn union_tag() -> &'static str {
        "bool"
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
    fn to_literal(&self) -> Result<Literal, ValueError> {
        Ok(scalar_literal(scalar::Value::NoneType(Void {})))
    }
    fn from_literal(lit: &Literal) -> Result<Self, ValueError> {
        if is_none_literal(lit) {
            Ok(())
        } else {
            Err(ValueError::mismatch("NONE", describe(lit)))
        }
    }
    fn union_tag() -> &'static str {
        "none"
    }
}

// ---------------------------------------------------------------- chrono

fn datetime_literal(t: Timestamp) -> Literal {
    primitive_literal(primitive::Value::Datetime(prost_types::Timestamp {
        seconds: t.seconds,
        nanos: t.nanos,
    }))
}

fn timestamp_from_literal(lit: &Literal) -> Result<Timestamp, ValueError> {
    match primitive_of(lit) {
        Some(primitive::Value::Datetime(t)) => {
            Timestamp::new(t.seconds, t.nanos).ok_or_else(|| {
                ValueErrorKind::OutOfRange(format!("timestamp {}s {}ns", t.seconds, t.nanos)).into()
            })
        }
        _ => Err(ValueError::mismatch("DATETIME", describe(lit))),
    }
}

impl FlyteType for chrono::DateTime<chrono::Utc> {
    fn literal_type() -> LiteralType {
        simple(SimpleType::Datetime)
    }
    fn to_literal(&self) -> Result<Literal, ValueError> {
        Ok(datetime_literal(timestamp_of(self)?))
    }
    fn from_literal(lit: &Literal) -> Result<Self, ValueError> {
        datetime_of(timestamp_from_literal(lit)?)
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
    fn to_literal(&self) -> Result<Literal, ValueError> {
        self.and_utc().to_literal()
    }
    fn from_literal(lit: &Literal) -> Result<Self, ValueError> {
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
    fn to_literal(&self) -> Result<Literal, ValueError> {
        self.and_time(chrono::NaiveTime::MIN).to_literal()
    }
    fn from_literal(lit: &Literal) -> Result<Self, ValueError> {
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
    fn to_literal(&self) -> Result<Literal, ValueError> {
        let d = duration_of(self)?;
        Ok(primitive_literal(primitive::Value::Duration(
            prost_types::Duration {
                seconds: d.seconds,
                nanos: d.nanos,
            },
        )))
    }
    fn from_literal(lit: &Literal) -> Result<Self, ValueError> {
        match primitive_of(lit) {
            Some(primitive::Value::Duration(d)) => timedelta_of(
                crate::value::Duration::new(d.seconds, d.nanos).ok_or_else(|| {
                    ValueError::new(ValueErrorKind::OutOfRange(format!(
                        "duration {}s",
                        d.seconds
                    )))
                })?,
            ),
            _ => Err(ValueError::mismatch("DURATION", describe(lit))),
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
    fn to_literal(&self) -> Result<Literal, ValueError> {
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
    fn from_literal(lit: &Literal) -> Result<Self, ValueError> {
        match &lit.value {
            Some(literal::Value::Collection(c)) => c
                .literals
                .iter()
                .enumerate()
                .map(|(i, l)| T::from_literal(l).map_err(|e| e.at_index(i)))
                .collect(),
            _ => Err(ValueError::mismatch("a collection", describe(lit))),
        }
    }
    fn union_tag() -> &'static str {
        "Typed List"
    }
}

fn map_literal<'a, T: FlyteType + 'a>(
    entries: impl Iterator<Item = (&'a String, &'a T)>,
) -> Result<Literal, ValueError> {
    let literals = entries
        .map(|(k, v)| Ok((k.clone(), v.to_literal().map_err(|e| e.at_key(k))?)))
        .collect::<Result<_, ValueError>>()?;
    Ok(Literal {
        value: Some(literal::Value::Map(LiteralMap { literals })),
        ..Default::default()
    })
}

fn map_entries<T: FlyteType, M: FromIterator<(String, T)>>(lit: &Literal) -> Result<M, ValueError> {
    match &lit.value {
        Some(literal::Value::Map(m)) => m
            .literals
            .iter()
            .map(|(k, l)| Ok((k.clone(), T::from_literal(l).map_err(|e| e.at_key(k))?)))
            .collect(),
        _ => Err(ValueError::mismatch("a map", describe(lit))),
    }
}

fn map_type<T: FlyteType>() -> LiteralType {
    LiteralType {
        r#type: Some(Type::MapValueType(Box::new(T::literal_type()))),
        ..Default::default()
    }
}

/// `dict[str, T]` is a `LiteralMap` whatever the Rust map.
macro_rules! string_map_type {
    ($($map:ty => [$($bounds:tt)*]),*) => {$(
        impl<T: FlyteType, $($bounds)*> FlyteType for $map {
            fn literal_type() -> LiteralType {
                map_type::<T>()
            }
            fn to_literal(&self) -> Result<Literal, ValueError> {
                map_literal(self.iter())
            }
            fn from_literal(lit: &Literal) -> Result<Self, ValueError> {
                map_entries(lit)
            }
            fn union_tag() -> &'static str {
                "Typed Dict"
            }
        }
    )*};
}
string_map_type!(HashMap<String, T, S> => [S: std::hash::BuildHasher + Default], BTreeMap<String, T> => []);

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
) -> Result<Msg, ValueError> {
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
        .collect::<Result<_, ValueError>>()
        .map(Msg::Map)
}

fn keyed_entries<K: MsgpackKey, V: StructField, M: FromIterator<(K, V)>>(
    lit: &Literal,
) -> Result<M, ValueError> {
    match literal_msg(lit)? {
        Msg::Map(entries) => entries
            .iter()
            .enumerate()
            .map(|(i, (k, v))| {
                Ok((
                    K::from_msg(k).map_err(|e| e.at_index(i))?,
                    V::from_msg(v).map_err(|e| e.at_index(i))?,
                ))
            })
            .collect(),
        other => Err(ValueError::mismatch("a msgpack map", other.kind_name())),
    }
}

/// Maps with non-string keys are msgpack (`dict[int, str]`); entries are written sorted by
/// key (a `HashMap` has no insertion order to keep).
macro_rules! keyed_map_type {
    ($($map:ty => [$($bounds:tt)*]),*) => {$(
        impl<K: MsgpackKey, V: StructField, $($bounds)*> FlyteType for $map {
            fn literal_type() -> LiteralType {
                untyped_dict_type()
            }
            fn to_literal(&self) -> Result<Literal, ValueError> {
                Ok(msgpack_literal(&keyed_msg(self.iter())?))
            }
            fn from_literal(lit: &Literal) -> Result<Self, ValueError> {
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

/// A union literal: the value with the selected variant's type.
pub fn union_literal(value: Literal, variant: LiteralType) -> Literal {
    scalar_literal(scalar::Value::Union(Box::new(Union {
        value: Some(Box::new(value)),
        r#type: Some(variant),
    })))
}

impl<T: FlyteType> FlyteType for Option<T> {
    fn literal_type() -> LiteralType {
        let variants = vec![union_variant::<T>(), union_variant::<()>()];
        LiteralType {
            r#type: Some(Type::UnionType(UnionType { variants })),
            ..Default::default()
        }
    }
    fn to_literal(&self) -> Result<Literal, ValueError> {
        Ok(match self {
            Some(v) => union_literal(v.to_literal()?, union_variant::<T>()),
            None => union_literal(().to_literal()?, union_variant::<()>()),
        })
    }
    fn from_literal(lit: &Literal) -> Result<Self, ValueError> {
        if is_none_literal(lit) {
            return Ok(None);
        }
        match &lit.value {
            Some(literal::Value::Scalar(s)) => match &s.value {
                Some(scalar::Value::Union(u)) => match u.value.as_deref() {
                    Some(inner) => T::from_literal(inner).map(Some),
                    None => Err(ValueError::mismatch("a union value", "an empty union")),
                },
                _ => T::from_literal(lit).map(Some),
            },
            _ => T::from_literal(lit).map(Some),
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
            fn to_msg(&self, style: StructStyle) -> Result<Msg, ValueError> {
                Ok(Msg::Array(vec![$(self.$n.to_msg(style).map_err(|e| e.at_index($n))?),+]))
            }
            fn from_msg(msg: &Msg) -> Result<Self, ValueError> {
                const N: usize = [$($n),+].len();
                match msg {
                    Msg::Array(items) if items.len() == N => {
                        Ok(($($t::from_msg(&items[$n]).map_err(|e| e.at_index($n))?,)+))
                    }
                    other => Err(ValueError::mismatch(format!("an array of {N} items"), other.kind_name())),
                }
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
                }),+];
                let schema = object_schema(&mut sg, "TupleWrapper_tuple", fields);
                super::structs::struct_literal_type(StructStyle::Pydantic, sg.finish(schema))
            }
            fn to_literal(&self) -> Result<Literal, ValueError> {
                let entries = vec![$((
                    Msg::Str(ITEM_NAMES[$n].into()),
                    self.$n.to_msg(StructStyle::Pydantic).map_err(|e| e.at_index($n))?,
                )),+];
                Ok(msgpack_literal(&Msg::Map(entries)))
            }
            fn from_literal(lit: &Literal) -> Result<Self, ValueError> {
                let msg = literal_msg(lit)?;
                let reader = super::structs::MapReader::new(&msg, &ITEM_NAMES[..[$($n),+].len()])?;
                Ok(($(reader.field::<$t>(ITEM_NAMES[$n], None).map_err(|e| e.at_index($n))?,)+))
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
