//! canonical JSON → [`Value`] → `Literal`, both guided by the `LiteralType`.

use super::msgpack_generic;
use super::msgpack_shape::{
    self, blob_handle, dataframe_handle, json_bytes, json_datetime, json_duration, json_float,
    json_int,
};
use super::schema::Shape;
use super::types::{is_pickle, struct_type_shapes, type_name};
use super::union;
use super::{PickleData, Pickled, Value};
use crate::idl::core::{
    Binary, Blob, BlobMetadata, BlobType, Literal, LiteralCollection, LiteralMap, LiteralType,
    Primitive, Scalar, SimpleType, Union, Void, blob_type::BlobDimensionality, literal,
    literal_type::Type, primitive, scalar,
};
use crate::{Error, ErrorKind};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use serde_json::Value as Json;

/// Encodes canonical JSON as a literal of type `ty`, byte for byte as Flyte 2 does once
/// serialized deterministically (see [`crate::wire`]).
pub fn encode(ty: &LiteralType, json: &Json) -> Result<Literal, Error> {
    Value::from_json(ty, json)?.to_literal(ty)
}

fn simple_of(ty: &LiteralType) -> Option<SimpleType> {
    match ty.r#type {
        Some(Type::Simple(s)) => SimpleType::try_from(s).ok(),
        _ => None,
    }
}

impl Value {
    /// Reads canonical JSON as a value of type `ty` (strictly: `1` is not a float, a union
    /// value must match exactly one variant).
    ///
    /// Map entries are read in the order of `j`'s objects: `serde_json`'s map keeps the order of
    /// the text only when the build turns on its `preserve_order` feature (README, "Canonical
    /// JSON").
    pub fn from_json(ty: &LiteralType, j: &Json) -> Result<Value, Error> {
        let kind = ty
            .r#type
            .as_ref()
            .ok_or_else(|| ErrorKind::Unsupported("a LiteralType with no type set".into()))?;
        if is_pickle(ty) {
            return pickle_from_json(j);
        }
        let expect = |what: &str| Error::mismatch(what, j.to_string());
        match kind {
            Type::Simple(_) => match simple_of(ty) {
                Some(SimpleType::None) if j.is_null() => Ok(Value::None),
                Some(SimpleType::Integer) => json_int(j).map(Value::Int).ok_or_else(|| match j {
                    Json::Number(n) if !n.is_f64() => {
                        ErrorKind::OutOfRange(format!("integer {n} (beyond int64)")).into()
                    }
                    _ => expect("an integer"),
                }),
                Some(SimpleType::Float) => json_float(j)
                    .map(Value::Float)
                    .ok_or_else(|| expect("a float")),
                Some(SimpleType::String) => j
                    .as_str()
                    .map(|s| Value::String(s.into()))
                    .ok_or_else(|| expect("a string")),
                Some(SimpleType::Boolean) => j
                    .as_bool()
                    .map(Value::Bool)
                    .ok_or_else(|| expect("a boolean")),
                Some(SimpleType::Datetime) => match json_datetime(j)? {
                    Value::Datetime(t) if is_date_variant(ty) && !t.is_midnight() => {
                        Err(expect("a date (midnight UTC)"))
                    }
                    v => Ok(v),
                },
                Some(SimpleType::Duration) => json_duration(j),
                Some(SimpleType::Binary) => json_bytes(j),
                Some(SimpleType::Struct) => {
                    if is_untyped_dict(ty) && !j.is_object() {
                        return Err(expect("an object (an untyped dict)"));
                    }
                    let shapes = struct_type_shapes(ty)?;
                    let shapes = shapes.start(msgpack_shape::json_nodes(j));
                    msgpack_shape::from_json(shapes, shapes.root(), j)
                }
                _ => Err(expect(&type_name(ty))),
            },
            Type::CollectionType(elem) => match j {
                Json::Array(items) => items
                    .iter()
                    .enumerate()
                    .map(|(i, j)| Value::from_json(elem, j).map_err(|e| e.at_index(i)))
                    .collect::<Result<_, _>>()
                    .map(Value::List),
                _ => Err(expect("an array")),
            },
            Type::MapValueType(v) => match j {
                Json::Object(map) => map
                    .iter()
                    .map(|(k, j)| Ok((k.clone(), Value::from_json(v, j).map_err(|e| e.at_key(k))?)))
                    .collect::<Result<_, Error>>()
                    .map(Value::Map),
                _ => Err(expect("an object")),
            },
            Type::Blob(b) if b.dimensionality == BlobDimensionality::Multipart as i32 => {
                blob_handle(j, "$dir").map(|h| Value::Dir(Box::new(h.into())))
            }
            Type::Blob(_) => blob_handle(j, "$file").map(|h| Value::File(Box::new(h.into()))),
            Type::EnumType(e) => match j.as_str() {
                Some(s) if e.values.iter().any(|v| v == s) => Ok(Value::String(s.into())),
                Some(s) => Err(ErrorKind::UnknownEnumValue {
                    value: s.into(),
                    allowed: e.values.clone(),
                }
                .into()),
                None => Err(expect("an enum string")),
            },
            Type::StructuredDatasetType(sdt) => {
                dataframe_handle(j, sdt).map(|h| Value::DataFrame(Box::new(h)))
            }
            Type::UnionType(u) => {
                let datetime_text = canonical_datetime_text(j);
                let midnight = datetime_text.is_some_and(|t| t.is_midnight());
                // A datetime's canonical text is a datetime where a variant takes one (a
                // `str` of exactly that text is far rarer; decoding one notes it).
                let natural = match datetime_text {
                    Some(_)
                        if u.variants
                            .iter()
                            .any(|v| simple_of(v) == Some(SimpleType::Datetime)) =>
                    {
                        Some(SimpleType::Datetime)
                    }
                    _ => natural_json_type(j),
                };
                select_variant(&u.variants, natural, midnight, |v| Value::from_json(v, j))
                    .map(|(_, value)| value)
            }
            Type::Schema(_) => Err(ErrorKind::Unsupported("the legacy schema type".into()).into()),
        }
    }

    /// The literal of this value as type `ty` (Flyte 2's shapes: union literals carry the
    /// selected variant's type, handles carry their hash in `Literal.hash`).
    pub fn to_literal(&self, ty: &LiteralType) -> Result<Literal, Error> {
        self.literal_with(ty, &mut ShapeCache::new())
    }

    /// The union variant this value is written as, and its literal: [`select_variant`] over
    /// the declared variants, where an untyped dict takes only a map (the SDK's dict
    /// transformer takes only a `dict`).
    fn select_variant_with(
        &self,
        variants: &[LiteralType],
        cache: &mut ShapeCache,
    ) -> Result<(usize, Literal), Error> {
        let midnight = matches!(self, Value::Datetime(t) if t.is_midnight());
        select_variant(variants, self.natural_type(), midnight, |variant| {
            if is_untyped_dict(variant) && !matches!(self, Value::Map(_)) {
                return Err(Error::mismatch("a map (an untyped dict)", self.kind_name()));
            }
            self.literal_with(variant, cache)
        })
    }

    /// [`Self::to_literal`], with the compiled struct schemas of this call kept by type (a list
    /// of structs compiles its element schema once, not once per element).
    fn literal_with(&self, ty: &LiteralType, cache: &mut ShapeCache) -> Result<Literal, Error> {
        let kind = ty
            .r#type
            .as_ref()
            .ok_or_else(|| ErrorKind::Unsupported("a LiteralType with no type set".into()))?;
        let mismatch = || Error::mismatch(type_name(ty), self.kind_name());
        if is_pickle(ty) {
            return match self {
                Value::Pickle(p) => Ok(pickle_literal(p)),
                _ => Err(mismatch()),
            };
        }
        match (kind, self) {
            (Type::Simple(_), v) => {
                let simple = simple_of(ty).ok_or_else(mismatch)?;
                let prim = |p: primitive::Value| {
                    Ok(scalar_literal(scalar::Value::Primitive(Primitive {
                        value: Some(p),
                    })))
                };
                match (simple, v) {
                    (SimpleType::None, Value::None) => {
                        Ok(scalar_literal(scalar::Value::NoneType(Void {})))
                    }
                    (SimpleType::Integer, Value::Int(i)) => prim(primitive::Value::Integer(*i)),
                    (SimpleType::Float, Value::Float(f)) => prim(primitive::Value::FloatValue(*f)),
                    (SimpleType::String, Value::String(s)) => {
                        prim(primitive::Value::StringValue(s.clone()))
                    }
                    (SimpleType::Boolean, Value::Bool(b)) => prim(primitive::Value::Boolean(*b)),
                    (SimpleType::Datetime, Value::Datetime(t))
                        if !is_date_variant(ty) || t.is_midnight() =>
                    {
                        prim(primitive::Value::Datetime(prost_types::Timestamp {
                            seconds: t.seconds,
                            nanos: t.nanos,
                        }))
                    }
                    (SimpleType::Duration, Value::Duration(d)) => {
                        prim(primitive::Value::Duration(prost_types::Duration {
                            seconds: d.seconds,
                            nanos: d.nanos,
                        }))
                    }
                    (SimpleType::Binary, Value::Bytes(b)) => {
                        Ok(scalar_literal(scalar::Value::Binary(Binary {
                            value: b.clone(),
                            tag: String::new(),
                        })))
                    }
                    (SimpleType::Struct, v) => {
                        let key = ty as *const LiteralType;
                        let shapes = match cache.get(&key) {
                            Some(s) => s.clone(),
                            None => {
                                let s = std::rc::Rc::new(struct_type_shapes(ty)?);
                                cache.insert(key, s.clone());
                                s
                            }
                        };
                        // An untyped dict: straight to bytes when it is plain (see
                        // msgpack_generic); otherwise, and for every error, the Msg tree.
                        let direct = matches!(shapes.get(shapes.root()), Shape::Any)
                            .then(|| msgpack_generic::to_vec(v))
                            .flatten();
                        let value = match direct {
                            Some(bytes) => bytes,
                            None => {
                                let shapes = shapes.start(msgpack_shape::value_nodes(v));
                                crate::msgpack::to_vec(&msgpack_shape::encode(
                                    shapes,
                                    shapes.root(),
                                    v,
                                )?)?
                            }
                        };
                        Ok(scalar_literal(scalar::Value::Binary(Binary {
                            value,
                            tag: "msgpack".into(),
                        })))
                    }
                    _ => Err(mismatch()),
                }
            }
            (Type::CollectionType(elem), Value::List(items)) => {
                let literals = items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| v.literal_with(elem, cache).map_err(|e| e.at_index(i)))
                    .collect::<Result<_, _>>()?;
                Ok(Literal {
                    value: Some(literal::Value::Collection(LiteralCollection { literals })),
                    ..Default::default()
                })
            }
            (Type::MapValueType(vt), Value::Map(entries)) => {
                let literals = entries
                    .iter()
                    .map(|(k, v)| {
                        Ok((
                            k.clone(),
                            v.literal_with(vt, cache).map_err(|e| e.at_key(k))?,
                        ))
                    })
                    .collect::<Result<_, Error>>()?;
                Ok(Literal {
                    value: Some(literal::Value::Map(LiteralMap { literals })),
                    ..Default::default()
                })
            }
            (Type::Blob(bt), Value::File(b))
                if bt.dimensionality != BlobDimensionality::Multipart as i32 =>
            {
                Ok(b.blob_literal())
            }
            (Type::Blob(bt), Value::Dir(b))
                if bt.dimensionality == BlobDimensionality::Multipart as i32 =>
            {
                Ok(b.blob_literal())
            }
            (Type::EnumType(e), Value::String(s)) => {
                if !e.values.contains(s) {
                    return Err(ErrorKind::UnknownEnumValue {
                        value: s.clone(),
                        allowed: e.values.clone(),
                    }
                    .into());
                }
                Ok(scalar_literal(scalar::Value::Primitive(Primitive {
                    value: Some(primitive::Value::StringValue(s.clone())),
                })))
            }
            (Type::StructuredDatasetType(_), Value::DataFrame(df)) => Ok(df.literal()),
            (Type::UnionType(u), v) => {
                let (index, inner) = v.select_variant_with(&u.variants, cache)?;
                let union = Union {
                    value: Some(Box::new(inner)),
                    r#type: Some(u.variants[index].clone()),
                };
                Ok(scalar_literal(scalar::Value::Union(Box::new(union))))
            }
            _ => Err(mismatch()),
        }
    }
}

/// Compiled struct schemas by the address of their `LiteralType` (alive for one call).
type ShapeCache = std::collections::HashMap<*const LiteralType, std::rc::Rc<super::schema::Shapes>>;

/// Flyte's union rule for a value written into a union (see `union`): every variant is tried,
/// exactly one may accept it, and a variant of exactly the value's own type wins a tie. A
/// `date` variant takes only midnight UTC (a Python `date`), and wins the tie with a
/// `datetime` variant there: the canonical value of a date and of a datetime at midnight is
/// the same, and a value at midnight is far more often a date (reading the other is a lossy
/// note).
fn select_variant<T>(
    variants: &[LiteralType],
    natural: Option<SimpleType>,
    midnight: bool,
    mut attempt: impl FnMut(&LiteralType) -> Result<T, Error>,
) -> Result<(usize, T), Error> {
    let attempts: Vec<_> = variants
        .iter()
        .enumerate()
        .map(|(i, v)| union::Attempt {
            index: i,
            label: union::label(i, v, type_name),
            outcome: attempt(v),
        })
        .collect();
    let date_wins = midnight && variants.iter().any(is_date_variant);
    let typed_wins = typed_over_untyped_dict(variants, &attempts);
    union::exactly_one(attempts, |i| {
        if date_wins {
            is_date_variant(&variants[i])
        } else if let Some(typed) = typed_wins {
            i == typed
        } else {
            natural.is_some() && simple_of(&variants[i]) == natural
        }
    })
}

/// When a value fits exactly one variant that is not an untyped dict (a dataclass, a model, a
/// duration, a handle, a typed dict) and otherwise only untyped dicts, that variant: an object
/// that reads as it is far more often one than a plain `dict` that happens to have its shape
/// (reading the other is a lossy note).
fn typed_over_untyped_dict<T>(
    variants: &[LiteralType],
    attempts: &[union::Attempt<T>],
) -> Option<usize> {
    let hits: Vec<usize> = attempts
        .iter()
        .filter(|a| a.outcome.is_ok())
        .map(|a| a.index)
        .collect();
    let typed: Vec<usize> = hits
        .iter()
        .copied()
        .filter(|&i| !is_untyped_dict(&variants[i]))
        .collect();
    match typed.as_slice() {
        [one] if hits.len() > 1 => Some(*one),
        _ => None,
    }
}

/// A schema-less STRUCT: a Python `dict`, written from an object only (the SDK's dict
/// transformer takes only a `dict`; reading another payload kind is a lossy note).
fn is_untyped_dict(ty: &LiteralType) -> bool {
    simple_of(ty) == Some(SimpleType::Struct)
        && ty.metadata.as_ref().is_none_or(|m| m.fields.is_empty())
}

/// A union variant of Python type `datetime.date`: a DATETIME tagged `date` (the SDK's
/// transformer name; a plain `datetime` variant is tagged `datetime`).
fn is_date_variant(ty: &LiteralType) -> bool {
    union::tag(ty) == "date" && simple_of(ty) == Some(SimpleType::Datetime)
}

/// The variant [`Value::to_literal`] selects for `value`, if any.
pub(crate) fn chosen_variant(variants: &[LiteralType], value: &Value) -> Option<usize> {
    value
        .select_variant_with(variants, &mut ShapeCache::new())
        .ok()
        .map(|(i, _)| i)
}

/// The instant of a string in exactly the canonical datetime form (`…Z`, as `to_canonical`
/// writes it), if it is one.
pub(crate) fn canonical_datetime_text(j: &Json) -> Option<super::time::Timestamp> {
    let s = j.as_str()?;
    let (t, _) = super::time::Timestamp::parse_iso(s)?;
    (t.to_canonical() == s).then_some(t)
}

fn natural_json_type(j: &Json) -> Option<SimpleType> {
    match j {
        Json::Null => Some(SimpleType::None),
        Json::Bool(_) => Some(SimpleType::Boolean),
        Json::Number(n) if n.is_f64() => Some(SimpleType::Float),
        Json::Number(_) => Some(SimpleType::Integer),
        Json::String(_) => Some(SimpleType::String),
        _ => None,
    }
}

impl Value {
    /// The simple type a Python value of this kind has (what the SDK's exact-type rule uses).
    fn natural_type(&self) -> Option<SimpleType> {
        match self {
            Value::None => Some(SimpleType::None),
            Value::Bool(_) => Some(SimpleType::Boolean),
            Value::Int(_) => Some(SimpleType::Integer),
            Value::Float(_) => Some(SimpleType::Float),
            Value::String(_) => Some(SimpleType::String),
            Value::Datetime(_) => Some(SimpleType::Datetime),
            Value::Duration(_) => Some(SimpleType::Duration),
            _ => None,
        }
    }
}

fn scalar_literal(v: scalar::Value) -> Literal {
    Literal {
        value: Some(literal::Value::Scalar(Box::new(Scalar { value: Some(v) }))),
        ..Default::default()
    }
}

fn with_hash(mut lit: Literal, hash: &Option<String>) -> Literal {
    if let Some(h) = hash {
        lit.hash = h.clone();
    }
    lit
}

fn pickle_literal(p: &Pickled) -> Literal {
    let lit = match &p.data {
        PickleData::Inline(bytes) => scalar_literal(scalar::Value::Binary(Binary {
            value: bytes.clone(),
            tag: String::new(),
        })),
        PickleData::Uri(uri) => {
            let blob = Blob {
                metadata: Some(BlobMetadata {
                    r#type: Some(BlobType {
                        format: "PythonPickle".into(),
                        dimensionality: 0,
                    }),
                }),
                uri: uri.clone(),
            };
            scalar_literal(scalar::Value::Blob(blob))
        }
    };
    with_hash(lit, &p.hash)
}

fn pickle_from_json(j: &Json) -> Result<Value, Error> {
    let body = j
        .get("$pickle")
        .and_then(Json::as_object)
        .ok_or_else(|| Error::mismatch("{\"$pickle\": {…}}", j.to_string()))?;
    let text = |k: &str| body.get(k).and_then(Json::as_str);
    let data = match (text("inline"), text("uri")) {
        (Some(b64), None) => PickleData::Inline(
            B64.decode(b64)
                .map_err(|e| Error::mismatch("base64", e.to_string()).at_key("inline"))?,
        ),
        (None, Some(uri)) => PickleData::Uri(uri.into()),
        _ => {
            return Err(Error::mismatch(
                "exactly one of \"inline\" and \"uri\"",
                Json::Object(body.clone()).to_string(),
            ));
        }
    };
    Ok(Value::Pickle(Box::new(Pickled {
        data,
        hash: text("hash").map(str::to_string),
    })))
}
