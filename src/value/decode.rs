//! `(LiteralType, Literal)` → [`Value`].

use super::encode::{canonical_datetime_text, chosen_variant};
use super::handle;
use super::handle::DataFrame;
use super::msgpack_generic;
use super::msgpack_shape::{self, Notes};
use super::schema::{Shape, Shapes, StructStyle};
use super::time::{Duration, Timestamp};
use super::types::{
    column_literal_type, column_type_text, is_pickle, struct_json, struct_type_shapes, type_name,
};
use super::union::{self, tag};
use super::{PickleData, Pickled, Value};
use crate::error::LITERAL;
use crate::idl::core::{
    Literal, LiteralType, SimpleType, StructuredDatasetType, blob_type::BlobDimensionality,
    literal, literal_type::Type, primitive, scalar,
};
use crate::msgpack::{self, Msg};
use crate::storage::BlobReader;
use crate::{Error, ErrorKind, PathSegment};
use prost::Message;
use serde_json::Value as Json;
use std::collections::HashMap;
use std::rc::Rc;

/// Literals nest at most this deep. Decoded bytes never come near it (protobuf decoding stops at
/// 100 nested messages, two per collection level); it bounds literals built in memory while
/// keeping the recursion well inside a 2 MiB thread stack in debug builds.
pub const MAX_LITERAL_DEPTH: usize = 128;
/// Offloaded literals larger than this are refused (propeller's default maximum: 1000 MB).
pub const MAX_OFFLOADED_BYTES: u64 = 1000 * 1024 * 1024;

/// Decodes a literal with its type. Offloaded literals need a store: see [`Decoder`].
pub fn decode(ty: &LiteralType, lit: &Literal) -> Result<Value, Error> {
    Decoder::new().decode(ty, lit)
}

/// Decodes serialized `Literal` bytes with their type; malformed bytes are a
/// [`ErrorKind::Protobuf`] error (prost stops at 100 nested messages and checks every length
/// against the bytes present).
pub fn decode_bytes(ty: &LiteralType, literal_pb: &[u8]) -> Result<Value, Error> {
    let lit = Literal::decode(literal_pb).map_err(|e| Error::protobuf(LITERAL, e))?;
    decode(ty, &lit)
}

/// A decoder with options: where offloaded literals are read from, and what the canonical value
/// left out (see [`Decoder::lossy_notes`]).
pub struct Decoder<'s> {
    store: Option<&'s dyn BlobReader>,
    msgpack_limits: msgpack::Limits,
    max_offloaded_bytes: u64,
    notes: Notes,
    offload_chain: Vec<String>,
    shapes: HashMap<*const LiteralType, Rc<Shapes>>,
}

impl Default for Decoder<'_> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'s> Decoder<'s> {
    /// A decoder without a store: offloaded literals are an error.
    pub fn new() -> Self {
        Self {
            store: None,
            msgpack_limits: msgpack::Limits::default(),
            max_offloaded_bytes: MAX_OFFLOADED_BYTES,
            notes: Vec::new(),
            offload_chain: Vec::new(),
            shapes: HashMap::new(),
        }
    }

    /// Reads offloaded literals through `store`.
    pub fn with_store(store: &'s dyn BlobReader) -> Self {
        Self {
            store: Some(store),
            ..Self::new()
        }
    }

    /// Reads msgpack payloads under `limits` instead of [`msgpack::Limits::default`] (e.g.
    /// [`msgpack::Limits::PYTHON_MAX_DEPTH`] for full parity with the SDK; deeper documents
    /// need a larger thread stack to walk).
    pub fn with_msgpack_limits(mut self, limits: msgpack::Limits) -> Self {
        self.msgpack_limits = limits;
        self
    }

    /// Refuses offloaded literals larger than `bytes` (default [`MAX_OFFLOADED_BYTES`]) before
    /// reading them.
    pub fn with_max_offloaded_bytes(mut self, bytes: u64) -> Self {
        self.max_offloaded_bytes = bytes;
        self
    }

    /// Where the literal's bytes carry more than its canonical value (a naive datetime, integer
    /// map keys, an int for a float, a generic Struct, an offloaded literal, …): re-encoding the
    /// value then gives other bytes. Empty when the canonical value determines the bytes.
    pub fn lossy_notes(&self) -> &[String] {
        &self.notes
    }

    /// Decodes `lit` as a value of type `ty`.
    pub fn decode(&mut self, ty: &LiteralType, lit: &Literal) -> Result<Value, Error> {
        self.shapes.clear();
        let result = self.literal(ty, lit, 0);
        self.shapes.clear();
        result
    }

    fn literal(&mut self, ty: &LiteralType, lit: &Literal, depth: usize) -> Result<Value, Error> {
        if depth > MAX_LITERAL_DEPTH {
            return Err(ErrorKind::DepthLimit(MAX_LITERAL_DEPTH).into());
        }
        let value = lit
            .value
            .as_ref()
            .ok_or_else(|| Error::mismatch(type_name(ty), "an empty literal"))?;
        if !lit.metadata.is_empty() || lit.artifact_id.is_some() {
            self.notes.push("literal metadata / artifact id".into());
        }
        if !lit.hash.is_empty() && !carries_hash(ty) {
            self.notes.push(format!(
                "Literal.hash {:?} on a value without a handle",
                lit.hash
            ));
        }
        if let literal::Value::OffloadedMetadata(meta) = value {
            return self.offloaded(ty, &meta.uri, depth);
        }
        if is_pickle(ty) {
            return pickle(lit);
        }
        let Some(kind) = ty.r#type.as_ref() else {
            return Err(ErrorKind::Unsupported("a LiteralType with no type set".into()).into());
        };
        match (kind, value) {
            (Type::Simple(s), _) => self.simple(ty, *s, lit, depth),
            (Type::CollectionType(elem), literal::Value::Collection(c)) => c
                .literals
                .iter()
                .enumerate()
                .map(|(i, l)| self.literal(elem, l, depth + 1).map_err(|e| e.at_index(i)))
                .collect::<Result<_, _>>()
                .map(Value::List),
            (Type::MapValueType(v), literal::Value::Map(m)) => m
                .literals
                .iter()
                .map(|(k, l)| {
                    Ok((
                        k.clone(),
                        self.literal(v, l, depth + 1).map_err(|e| e.at_key(k))?,
                    ))
                })
                .collect::<Result<_, Error>>()
                .map(Value::Map),
            (Type::CollectionType(_) | Type::MapValueType(_), literal::Value::Scalar(s)) => {
                match &s.value {
                    Some(scalar::Value::Binary(b)) if b.tag == "msgpack" => {
                        self.notes.push("whole-container msgpack binary".into());
                        let shapes =
                            Shapes::compile(&literal_type_schema(ty)?, StructStyle::Dataclass)?;
                        self.msgpack(&shapes, &b.value)
                    }
                    _ => Err(Error::mismatch(type_name(ty), scalar_name(&s.value))),
                }
            }
            (Type::Blob(bt), literal::Value::Scalar(s)) => match handle::read_blob_literal(lit) {
                Some((handle, dims)) => {
                    let dims = dims.unwrap_or(bt.dimensionality);
                    if dims != bt.dimensionality {
                        self.note_blob_dims(dims, bt.dimensionality);
                    }
                    Ok(if dims == BlobDimensionality::Multipart as i32 {
                        Value::Dir(Box::new(handle.into()))
                    } else {
                        Value::File(Box::new(handle.into()))
                    })
                }
                None => Err(Error::mismatch("a blob", scalar_name(&s.value))),
            },
            (Type::EnumType(e), literal::Value::Scalar(s)) => match &s.value {
                Some(scalar::Value::Primitive(p)) => match &p.value {
                    Some(primitive::Value::StringValue(v)) if e.values.contains(v) => {
                        Ok(Value::String(v.clone()))
                    }
                    Some(primitive::Value::StringValue(v)) => Err(ErrorKind::UnknownEnumValue {
                        value: v.clone(),
                        allowed: e.values.clone(),
                    }
                    .into()),
                    other => Err(Error::mismatch(
                        "an enum string",
                        primitive_name(other.as_ref()),
                    )),
                },
                other => Err(Error::mismatch("an enum string", scalar_name(other))),
            },
            (Type::StructuredDatasetType(declared), literal::Value::Scalar(s)) => match &s.value {
                Some(scalar::Value::StructuredDataset(sd)) => {
                    let df = DataFrame::from_dataset(sd, lit);
                    self.note_columns(declared, &df);
                    Ok(Value::DataFrame(Box::new(df)))
                }
                other => Err(Error::mismatch("a structured dataset", scalar_name(other))),
            },
            (Type::UnionType(u), literal::Value::Scalar(s)) => match &s.value {
                Some(scalar::Value::Union(un)) => {
                    let variant_ty = un
                        .r#type
                        .as_ref()
                        .ok_or_else(|| Error::mismatch("a union variant type", "none"))?;
                    let inner = un
                        .value
                        .as_deref()
                        .ok_or_else(|| Error::mismatch("a union value", "none"))?;
                    let candidates =
                        union::tagged_variants(&u.variants, |v| v, variant_ty, type_name)?;
                    let index = match candidates.as_slice() {
                        [only] => *only,
                        // Several declared variants share the literal's tag: as in the SDK,
                        // exactly one of them may read it.
                        _ => {
                            let mut attempts = Vec::with_capacity(candidates.len());
                            for &i in &candidates {
                                let mark = self.notes.len();
                                let outcome = self.literal(&u.variants[i], inner, depth + 1);
                                self.notes.truncate(mark);
                                attempts.push(union::Attempt {
                                    index: i,
                                    label: union::label(i, &u.variants[i], type_name),
                                    outcome: outcome.map(drop),
                                });
                            }
                            union::exactly_one(attempts, |_| false)?.0
                        }
                    };
                    let decode_ty = if &u.variants[index] == variant_ty {
                        &u.variants[index]
                    } else {
                        variant_ty
                    };
                    let value = self.literal(decode_ty, inner, depth + 1).map_err(|e| {
                        e.at(PathSegment::Variant(index, tag(variant_ty).to_string()))
                    })?;
                    let alternatives = u.variants.iter().filter(|v| !is_none_type(v)).count();
                    // Re-encoding selects among the declared variants: note when it would not
                    // select this one (another fits too, or the literal's own variant type
                    // differs from the declared one and the value fits neither).
                    let own_type = !std::ptr::eq(decode_ty, &u.variants[index]);
                    // A string in a datetime's canonical form is written back as the datetime
                    // when a variant takes one (see `Value::from_json`).
                    let text_as_datetime = matches!(&value, Value::String(s)
                        if canonical_datetime_text(&Json::String(s.clone())).is_some())
                        && u.variants.iter().enumerate().any(|(i, v)| {
                            i != index
                                && v.r#type == Some(Type::Simple(SimpleType::Datetime as i32))
                        });
                    // Read with the literal's own variant type, the value may be one the
                    // declared variant reads otherwise (an int where it declares a float): the
                    // SDK reads the declared type, so the value is what that reads.
                    let value = match own_type.then(|| as_declared(&u.variants[index], &value)) {
                        Some(Some(declared)) => {
                            self.notes.push(format!(
                                "the value read with the literal's own variant type {} differs from what the declared variant reads",
                                type_name(variant_ty)
                            ));
                            declared
                        }
                        _ => value,
                    };
                    if (alternatives > 1 || own_type)
                        && (text_as_datetime || chosen_variant(&u.variants, &value) != Some(index))
                    {
                        let name = type_name(variant_ty);
                        self.notes
                            .push(format!("the value also fits another variant than {name}"));
                    }
                    Ok(value)
                }
                _ => self.untagged_union(&u.variants, lit, depth),
            },
            (Type::UnionType(u), _) => self.untagged_union(&u.variants, lit, depth),
            (_, v) => Err(Error::mismatch(type_name(ty), literal_name(v))),
        }
    }

    // Out of line: `literal` recurses, so its stack frame is kept small.
    #[inline(never)]
    fn note_blob_dims(&mut self, dims: i32, declared: i32) {
        // The handle follows the literal; re-encoding follows the type.
        self.notes.push(format!(
            "blob dimensionality {dims} for a type of dimensionality {declared}"
        ));
    }

    /// Notes a column type the `type_text` cannot name (no type, a union, …) and the type does
    /// not declare: the canonical value cannot give the bytes back.
    #[inline(never)]
    fn note_columns(&mut self, declared: &StructuredDatasetType, df: &DataFrame) {
        for c in df.columns() {
            let (name, text) = (&c.name, column_type_text(c.literal_type.as_ref()));
            if column_literal_type(declared, name, &text).is_err() {
                self.notes.push(format!(
                    "column {name:?} has a type its type_text {text:?} cannot carry"
                ));
            }
        }
    }

    fn simple(
        &mut self,
        ty: &LiteralType,
        s: i32,
        lit: &Literal,
        depth: usize,
    ) -> Result<Value, Error> {
        let simple = SimpleType::try_from(s)
            .map_err(|_| ErrorKind::Unsupported(format!("simple type {s}")))?;
        let Some(literal::Value::Scalar(sc)) = &lit.value else {
            return Err(Error::mismatch(
                type_name(ty),
                literal_name(lit.value.as_ref().expect("checked by caller")),
            ));
        };
        let prim = match &sc.value {
            Some(scalar::Value::Primitive(p)) => p.value.as_ref(),
            _ => None,
        };
        use primitive::Value as P;
        match (simple, prim, &sc.value) {
            (SimpleType::None, _, Some(scalar::Value::NoneType(_))) => Ok(Value::None),
            (SimpleType::Integer, Some(P::Integer(i)), _) => Ok(Value::Int(*i)),
            (SimpleType::Float, Some(P::FloatValue(f)), _) => Ok(Value::Float(*f)),
            (SimpleType::Float, Some(P::Integer(i)), _) => {
                self.notes.push(format!("integer literal {i} for a FLOAT"));
                Ok(Value::Float(*i as f64))
            }
            (SimpleType::String, Some(P::StringValue(v)), _) => Ok(Value::String(v.clone())),
            (SimpleType::Boolean, Some(P::Boolean(b)), _) => Ok(Value::Bool(*b)),
            (SimpleType::Datetime, Some(P::Datetime(t)), _) => {
                let ts = Timestamp::new(t.seconds, t.nanos).ok_or_else(|| {
                    ErrorKind::OutOfRange(format!("timestamp {}s {}ns", t.seconds, t.nanos))
                })?;
                if t.nanos % 1000 != 0 {
                    self.notes
                        .push("timestamp below microsecond precision".into());
                }
                Ok(Value::Datetime(ts))
            }
            (SimpleType::Duration, Some(P::Duration(d)), _) => Duration::new(d.seconds, d.nanos)
                .map(Value::Duration)
                .ok_or_else(|| {
                    ErrorKind::OutOfRange(format!("duration {}s {}ns", d.seconds, d.nanos)).into()
                }),
            (SimpleType::Binary, _, Some(scalar::Value::Binary(b))) => {
                if !b.tag.is_empty() {
                    self.notes.push(format!("binary tag {:?}", b.tag));
                }
                Ok(Value::Bytes(b.value.clone()))
            }
            (SimpleType::Struct, _, Some(scalar::Value::Binary(b))) if b.tag == "msgpack" => {
                let shapes = self.struct_shapes(ty)?;
                self.msgpack(&shapes, &b.value)
            }
            (SimpleType::Struct, _, Some(scalar::Value::Generic(st))) => {
                self.notes.push("generic protobuf Struct".into());
                let shapes = self.struct_shapes(ty)?;
                let msg = json_to_msg(&struct_json(st, depth)?);
                let shapes = shapes.start(st.encoded_len());
                msgpack_shape::decode(shapes, shapes.root(), &msg, &mut self.notes)
            }
            (_, _, other) => Err(Error::mismatch(
                type_name(ty),
                match other {
                    Some(scalar::Value::Primitive(p)) => primitive_name(p.value.as_ref()),
                    other => scalar_name(other),
                },
            )),
        }
    }

    fn msgpack(&mut self, shapes: &Shapes, bytes: &[u8]) -> Result<Value, Error> {
        let untyped = matches!(shapes.get(shapes.root()), Shape::Any);
        // An untyped dict: straight from the bytes when they are plain (see msgpack_generic).
        let value = match untyped
            .then(|| msgpack_generic::read(bytes, &self.msgpack_limits))
            .flatten()
        {
            Some(v) => v,
            None => {
                let msg = msgpack::decode_with(bytes, &self.msgpack_limits)?;
                let shapes = shapes.start(bytes.len());
                msgpack_shape::decode(shapes, shapes.root(), &msg, &mut self.notes)?
            }
        };
        if untyped && !matches!(value, Value::Map(_)) {
            // Python writes a `dict` here; its canonical JSON is an object (and a union's
            // dict variant takes only one), so a payload of another kind is read, and noted.
            self.notes.push(format!(
                "a msgpack {} where a dict's map is",
                value.kind_name()
            ));
        }
        Ok(value)
    }

    /// The compiled schema of a STRUCT type, compiled once per type per decode call.
    fn struct_shapes(&mut self, ty: &LiteralType) -> Result<Rc<Shapes>, Error> {
        let key = ty as *const LiteralType;
        if let Some(s) = self.shapes.get(&key) {
            return Ok(s.clone());
        }
        let shapes = Rc::new(struct_type_shapes(ty)?);
        self.shapes.insert(key, shapes.clone());
        Ok(shapes)
    }

    /// A plain literal for a union type: as in the SDK, exactly one variant may read it.
    fn untagged_union(
        &mut self,
        variants: &[LiteralType],
        lit: &Literal,
        depth: usize,
    ) -> Result<Value, Error> {
        let mut attempts = Vec::with_capacity(variants.len());
        for (i, v) in variants.iter().enumerate() {
            let mark = self.notes.len();
            let outcome = self.literal(v, lit, depth + 1);
            let notes = self.notes.split_off(mark);
            let limit = matches!(&outcome, Err(e) if e.is_limit());
            attempts.push(union::Attempt {
                index: i,
                label: union::label(i, v, |t| tag(t).to_string()),
                outcome: outcome.map(|value| (value, notes)),
            });
            if limit {
                break;
            }
        }
        let (_, (value, notes)) = union::exactly_one(attempts, |_| false)?;
        self.notes.extend(notes);
        self.notes.push("a plain literal for a union type".into());
        Ok(value)
    }

    fn offloaded(&mut self, ty: &LiteralType, uri: &str, depth: usize) -> Result<Value, Error> {
        let offloaded = || {
            Error::new(ErrorKind::Offloaded {
                uri: uri.to_string(),
            })
        };
        if self.offload_chain.iter().any(|u| u == uri) {
            return Err(ErrorKind::OffloadCycle(uri.to_string()).into());
        }
        let store = self.store.ok_or_else(|| {
            offloaded().with_source(Error::from(crate::storage::StoreErrorKind::Config(
                "no store configured for offloaded literals".into(),
            )))
        })?;
        let bytes = store
            .read(uri, self.max_offloaded_bytes)
            .map_err(|e| offloaded().with_source(e))?;
        let inner = Literal::decode(bytes.as_slice())
            .map_err(|e| offloaded().with_source(Error::protobuf(LITERAL, e)))?;
        self.notes.push(format!("offloaded to {uri}"));
        self.offload_chain.push(uri.to_string());
        let result = self.literal(ty, &inner, depth + 1);
        self.offload_chain.pop();
        result
    }
}

fn is_none_type(ty: &LiteralType) -> bool {
    matches!(ty.r#type, Some(Type::Simple(s)) if s == SimpleType::None as i32)
}

/// Types whose canonical value carries `Literal.hash` (File, Dir, DataFrame, pickle).
fn carries_hash(ty: &LiteralType) -> bool {
    is_pickle(ty)
        || matches!(
            ty.r#type,
            Some(Type::Blob(_) | Type::StructuredDatasetType(_))
        )
}

fn hash_of(lit: &Literal) -> Option<String> {
    (!lit.hash.is_empty()).then(|| lit.hash.clone())
}

fn pickle(lit: &Literal) -> Result<Value, Error> {
    let data = match &lit.value {
        Some(literal::Value::Scalar(s)) => match &s.value {
            Some(scalar::Value::Binary(b)) => PickleData::Inline(b.value.clone()),
            Some(scalar::Value::Blob(b)) => PickleData::Uri(b.uri.clone()),
            other => {
                return Err(Error::mismatch(
                    "a pickle (binary or blob)",
                    scalar_name(other),
                ));
            }
        },
        Some(other) => {
            return Err(Error::mismatch(
                "a pickle (binary or blob)",
                literal_name(other),
            ));
        }
        None => {
            return Err(Error::mismatch(
                "a pickle (binary or blob)",
                "an empty literal",
            ));
        }
    };
    Ok(Value::Pickle(Box::new(Pickled {
        data,
        hash: hash_of(lit),
    })))
}

/// A JSON document as msgpack: the generic-Struct form of a struct goes through the same
/// schema-guided reading as msgpack. Integral numbers become ints (Struct has only doubles).
fn json_to_msg(j: &Json) -> Msg {
    match j {
        Json::Null => Msg::Nil,
        Json::Bool(b) => Msg::Bool(*b),
        Json::Number(n) => match n.as_f64() {
            Some(f) if f.fract() == 0.0 && f.abs() < 9.007_199_254_740_992e15 => Msg::Int(f as i64),
            Some(f) => Msg::F64(f),
            None => Msg::Nil,
        },
        Json::String(s) => Msg::Str(s.clone()),
        Json::Array(a) => Msg::Array(a.iter().map(json_to_msg).collect()),
        Json::Object(o) => Msg::Map(
            o.iter()
                .map(|(k, v)| (Msg::Str(k.clone()), json_to_msg(v)))
                .collect(),
        ),
    }
}

/// A JSON schema equivalent to a LiteralType, to read a whole-container msgpack payload.
fn literal_type_schema(ty: &LiteralType) -> Result<Json, Error> {
    use serde_json::json;
    let mut defs = serde_json::Map::new();
    let root = type_schema(ty, &mut defs, 0)?;
    let mut root = match root {
        Json::Object(o) => o,
        other => return Ok(other),
    };
    if !defs.is_empty() {
        root.insert("$defs".into(), Json::Object(defs));
    }
    let _ = json!(null);
    Ok(Json::Object(root))
}

fn type_schema(
    ty: &LiteralType,
    defs: &mut serde_json::Map<String, Json>,
    depth: usize,
) -> Result<Json, Error> {
    use serde_json::json;
    if depth > super::MAX_STRUCT_DEPTH {
        return Err(ErrorKind::DepthLimit(super::MAX_STRUCT_DEPTH).into());
    }
    Ok(match &ty.r#type {
        Some(Type::Simple(s)) => match SimpleType::try_from(*s) {
            Ok(SimpleType::Integer) => json!({"type": "integer"}),
            Ok(SimpleType::Float) => json!({"type": "number"}),
            Ok(SimpleType::String) => json!({"type": "string"}),
            Ok(SimpleType::Boolean) => json!({"type": "boolean"}),
            Ok(SimpleType::Datetime) => json!({"type": "string", "format": "date-time"}),
            Ok(SimpleType::Duration) => json!({"type": "number", "format": "time-delta"}),
            Ok(SimpleType::None) => json!({"type": "null"}),
            Ok(SimpleType::Struct) => match &ty.metadata {
                Some(st) if !st.fields.is_empty() => {
                    let mut schema = struct_json(st, depth)?;
                    for key in ["$defs", "definitions"] {
                        if let Some(Json::Object(d)) =
                            schema.as_object_mut().and_then(|o| o.remove(key))
                        {
                            defs.extend(d);
                        }
                    }
                    schema
                }
                _ => json!({}),
            },
            _ => json!({}),
        },
        Some(Type::CollectionType(e)) => {
            json!({"type": "array", "items": type_schema(e, defs, depth + 1)?})
        }
        Some(Type::MapValueType(v)) => {
            json!({"type": "object", "additionalProperties": type_schema(v, defs, depth + 1)?})
        }
        Some(Type::EnumType(e)) => json!({"enum": e.values}),
        Some(Type::UnionType(u)) => {
            json!({"anyOf": u.variants.iter().map(|v| type_schema(v, defs, depth + 1)).collect::<Result<Vec<_>, _>>()?})
        }
        _ => json!({}),
    })
}

fn literal_name(v: &literal::Value) -> String {
    match v {
        literal::Value::Scalar(s) => scalar_name(&s.value),
        literal::Value::Collection(_) => "a collection literal".into(),
        literal::Value::Map(_) => "a map literal".into(),
        literal::Value::OffloadedMetadata(_) => "an offloaded literal".into(),
    }
}

fn scalar_name(v: &Option<scalar::Value>) -> String {
    match v {
        Some(scalar::Value::Primitive(p)) => primitive_name(p.value.as_ref()),
        Some(scalar::Value::Blob(_)) => "a blob".into(),
        Some(scalar::Value::Binary(b)) if b.tag.is_empty() => "a binary".into(),
        Some(scalar::Value::Binary(b)) => format!("a binary tagged {:?}", b.tag),
        Some(scalar::Value::Schema(_)) => "a schema".into(),
        Some(scalar::Value::NoneType(_)) => "none".into(),
        Some(scalar::Value::Error(_)) => "an error".into(),
        Some(scalar::Value::Generic(_)) => "a generic Struct".into(),
        Some(scalar::Value::StructuredDataset(_)) => "a structured dataset".into(),
        Some(scalar::Value::Union(_)) => "a union".into(),
        None => "an empty scalar".into(),
    }
}

fn primitive_name(v: Option<&primitive::Value>) -> String {
    match v {
        Some(primitive::Value::Integer(i)) => format!("integer {i}"),
        Some(primitive::Value::FloatValue(f)) => format!("float {f}"),
        Some(primitive::Value::StringValue(s)) => format!("string {s:?}"),
        Some(primitive::Value::Boolean(b)) => format!("boolean {b}"),
        Some(primitive::Value::Datetime(_)) => "a datetime".into(),
        Some(primitive::Value::Duration(_)) => "a duration".into(),
        None => "an empty primitive".into(),
    }
}

/// What the declared variant `declared` reads from `value` written with it, when that differs
/// from `value` (an int read by a schema-less own type is a float in a declared `number`
/// field); `None` when it is the same or `value` does not fit `declared`.
#[inline(never)]
fn as_declared(declared: &LiteralType, value: &Value) -> Option<Value> {
    let back = decode(declared, &value.to_literal(declared).ok()?).ok()?;
    super::canonical_diff(&back.to_json(), &value.to_json()).map(|_| back)
}
