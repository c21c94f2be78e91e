//! Support code for `#[derive(FlyteType)]`: what the generated impls call. Not a stable API.

use super::field::{SchemaGen, StructField, StructStyle, UnionKind, msg_to_json};
use super::field::{is_malformed, read_document, read_document_with};
use super::source::{Form, Primitive};
use crate::idl::core::{
    Binary, Literal, LiteralType, Scalar, SimpleType, TypeAnnotation, TypeStructure, literal,
    literal_type::Type, scalar,
};
use crate::msgpack::read::{EnumWire, Head, Mark, MsgReader};
use crate::msgpack::write::{MsgSink, MsgWriter};
use crate::msgpack::{self, Msg};
use crate::value::{msgpack_shape, union};
use crate::{Error, ErrorKind};
use serde_json::{Value as Json, json};

pub use serde_json::Map as __JsonMap;
pub use serde_json::Value as __Json;

/// One field of a derived struct, for its schema.
pub struct FieldSchema {
    /// The wire name.
    pub name: &'static str,
    /// The field type's schema.
    pub schema: Json,
    /// The schema `default` (Python `x: T = value`), if any.
    pub default: Option<Json>,
    /// Whether the field has no default at all (Python: required).
    pub required: bool,
    /// The field's `description` (its doc comment; Python's `Field(description=...)` or
    /// `field(metadata={"description": ...})`), if any.
    pub description: Option<&'static str>,
}

/// The JSON schema of a struct, in the generator's style: mashumaro inlines a closed object,
/// pydantic titles each property and puts nested models under `$defs`.
pub fn object_schema(sg: &mut SchemaGen, title: &str, fields: Vec<FieldSchema>) -> Json {
    let pydantic = sg.style() == StructStyle::Pydantic;
    let mut properties = serde_json::Map::new();
    let mut required = Vec::new();
    for f in fields {
        let mut schema = f.schema;
        if let Json::Object(obj) = &mut schema {
            if pydantic && !is_reference(obj) {
                obj.insert("title".into(), json!(python_title(f.name)));
            }
            if let Some(d) = f.default {
                obj.insert("default".into(), d);
            }
            if let Some(d) = f.description {
                obj.insert("description".into(), json!(d));
            }
        }
        if f.required {
            required.push(json!(f.name));
        }
        properties.insert(f.name.to_string(), schema);
    }
    let mut obj = serde_json::Map::new();
    if !pydantic {
        obj.insert("additionalProperties".into(), json!(false));
    }
    obj.insert("properties".into(), Json::Object(properties));
    if !required.is_empty() {
        obj.insert("required".into(), Json::Array(required));
    }
    obj.insert("title".into(), json!(title));
    obj.insert("type".into(), json!("object"));
    Json::Object(obj)
}

/// A nested struct's schema where it is used: inline (dataclass) or a `$ref` (pydantic); a
/// struct that contains itself is a `$ref` in both (see [`SchemaGen::inline`]).
pub fn nested_schema(
    sg: &mut SchemaGen,
    title: &str,
    build: impl FnOnce(&mut SchemaGen) -> Json,
) -> Json {
    match sg.style() {
        StructStyle::Dataclass => sg.inline(title, build),
        StructStyle::Pydantic => sg.reference(title, build),
    }
}

/// pydantic's default property title: `maybe_missing` → `Maybe Missing` (Python `str.title()`
/// after replacing `_` with a space).
pub fn python_title(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut prev_cased = false;
    for c in name.replace('_', " ").chars() {
        if prev_cased {
            out.extend(c.to_lowercase())
        } else {
            out.extend(c.to_uppercase())
        }
        prev_cased = c.is_alphabetic();
    }
    out
}

/// A default value's schema JSON.
pub fn default_json<T: StructField>(value: &T, style: StructStyle) -> Option<Json> {
    value.to_msg(style).ok().map(|m| msg_to_json(&m))
}

/// The LiteralType of a struct with this root schema.
pub fn struct_literal_type(style: StructStyle, schema: Json) -> LiteralType {
    let tag = match style {
        StructStyle::Dataclass => "Object-Dataclass-Transformer",
        StructStyle::Pydantic => "Pydantic Transformer",
    };
    LiteralType {
        r#type: Some(Type::Simple(SimpleType::Struct as i32)),
        metadata: Some(json_struct(&schema)),
        annotation: Some(msgpack_annotation()),
        structure: Some(TypeStructure {
            tag: tag.into(),
            ..Default::default()
        }),
    }
}

/// `{"cache-key-metadata": {"serialization-format": "msgpack"}}`.
pub fn msgpack_annotation() -> TypeAnnotation {
    TypeAnnotation {
        annotations: Some(json_struct(
            &json!({"cache-key-metadata": {"serialization-format": "msgpack"}}),
        )),
    }
}

/// A JSON object as a protobuf Struct ([`crate::idl::json_to_struct`]); anything else is an
/// empty one.
pub fn json_struct(j: &Json) -> prost_types::Struct {
    j.as_object()
        .map(crate::idl::json_to_struct)
        .unwrap_or_default()
}

/// A msgpack payload as the literal Flyte 2 writes: `Scalar.binary{value, tag: "msgpack"}`.
///
/// # Errors
///
/// A string, binary or container in `msg` longer than msgpack can say (`u32::MAX`).
pub fn msgpack_literal(msg: &Msg) -> Result<Literal, Error> {
    Ok(msgpack_bytes_literal(msgpack::to_vec(msg)?))
}

/// msgpack bytes as the literal Flyte 2 writes: `Scalar.binary{value, tag: "msgpack"}`.
pub(crate) fn msgpack_bytes_literal(value: Vec<u8>) -> Literal {
    Literal {
        value: Some(literal::Value::Scalar(Box::new(Scalar {
            value: Some(scalar::Value::Binary(Binary {
                value,
                tag: "msgpack".into(),
            })),
        }))),
        ..Default::default()
    }
}

/// `read_literal` of a derived struct: the msgpack binary (also inside union wrappers) read
/// straight into the value, in one pass.
#[inline]
pub fn struct_read<'a, T: StructField, R: LiteralSource<'a>>(r: R) -> Result<T, Error> {
    read_document(literal_msgpack(r)?, EnumWire::default())
}

/// `read_literal_into` of a derived struct: the value goes from the reader into `out` with
/// no `Result` in between (a struct can be hundreds of bytes, and each move of it is a
/// memcpy). On any error the document is read again, for the error [`struct_read`] gives.
#[inline(always)]
pub fn struct_read_into<'a, T: StructField, R: LiteralSource<'a>>(
    r: R,
    out: &mut Vec<T>,
) -> Result<(), Error> {
    let bytes = literal_msgpack(r)?;
    let mut reader = MsgReader::with_decoder_limits(bytes);
    if let Ok(v) = T::read(&mut reader)
        && reader.is_done()
    {
        out.push(v);
        return Ok(());
    }
    read_document::<T>(bytes, EnumWire::default()).map(|v| out.push(v))
}

pub use super::source::literal_msgpack;

/// The msgpack document of a struct literal (also accepts a union literal wrapping it).
pub fn literal_msg<'a>(r: impl LiteralSource<'a>) -> Result<Msg, Error> {
    msgpack::decode(literal_msgpack(r)?)
}

/// The header of a derived struct's map: its entry count.
#[inline(always)]
pub fn read_fields_header(r: &mut MsgReader<'_>) -> Result<usize, Error> {
    // `map` gives up (`None`) after consuming another kind's head: read again from the mark.
    let mark = r.mark();
    if let Some(n) = r.map() {
        return Ok(n);
    }
    match r.reset(mark).take_head()? {
        Head::Map(n) => Ok(n),
        h => Err(Error::mismatch("a map of fields", h.kind_name())),
    }
}

/// What reading a derived struct's fields found wrong, kept until every entry is read so the
/// error is the one the SDK's rules give: a key the struct refuses first, then the fields in
/// declared order, each by its last occurrence (a key written twice: the last one wins, as in
/// Python's `msgpack.loads`). Empty, it costs nothing.
#[derive(Default)]
pub struct FieldErrors {
    unknown: Option<Error>,
    /// The field index and error of each field whose last occurrence failed.
    fields: Vec<(usize, Error)>,
}

impl FieldErrors {
    /// No errors yet.
    #[inline(always)]
    pub fn new() -> Self {
        Self::default()
    }

    /// The key at field position `i` is not the declared one: reads the key and returns the
    /// index of the field it names (`names`: the wire names), or `None` when it names none; its
    /// value is then skipped (refused at the end with `deny_unknown`).
    pub fn other_key(
        &mut self,
        r: &mut MsgReader<'_>,
        names: &[&str],
        deny_unknown: bool,
    ) -> Result<Option<usize>, Error> {
        let mark = r.mark();
        let refused = match r.take_head()? {
            Head::Str(s) => {
                if let Some(i) = names.iter().position(|n| n.as_bytes() == s) {
                    return Ok(Some(i));
                }
                Error::new(ErrorKind::UnknownField(
                    super::field::text(r, s)?.to_string(),
                ))
            }
            // Python's msgpack cannot hash a container key: the SDK reads no such document.
            h @ (Head::Map(_) | Head::Array(_)) => {
                return Err(Error::mismatch(msgpack_shape::CONTAINER_KEY, h.kind_name()));
            }
            h => {
                let e = Error::mismatch("a field name", h.kind_name());
                r.reset(mark);
                r.skip_value()?;
                e
            }
        };
        r.skip_value()?;
        if deny_unknown && self.unknown.is_none() {
            self.unknown = Some(refused);
        }
        Ok(None)
    }

    /// Field `i` read: an earlier occurrence's error no longer counts.
    #[inline(always)]
    pub fn read(&mut self, i: usize) {
        if !self.fields.is_empty() {
            self.fields.retain(|(j, _)| *j != i);
        }
    }

    /// Field `i` failed with `e`: kept (the value skipped, from `mark`) unless the bytes are
    /// not msgpack, which ends the read.
    #[cold]
    pub fn failed(
        &mut self,
        r: &mut MsgReader<'_>,
        mark: Mark,
        i: usize,
        e: Error,
    ) -> Result<(), Error> {
        if is_malformed(&e) {
            return Err(e);
        }
        r.reset(mark);
        r.skip_value()?;
        self.read(i);
        self.fields.push((i, e));
        Ok(())
    }

    /// After the last entry: the refused key, if any.
    #[inline(always)]
    pub fn check_unknown(&mut self) -> Result<(), Error> {
        match self.unknown.take() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// Field `i` (wire name `name`) has no value: its error, else its default, else
    /// missing.
    #[cold]
    pub fn missing<T>(
        &mut self,
        i: usize,
        name: &str,
        default: Option<fn() -> T>,
    ) -> Result<T, Error> {
        if let Some(k) = self.fields.iter().position(|(j, _)| *j == i) {
            return Err(self.fields.swap_remove(k).1.at_key(name));
        }
        default
            .map(|d| d())
            .ok_or_else(|| ErrorKind::MissingField(name.to_string()).into())
    }
}

/// For unit enums: the variant whose name (Flyte 2) or value (flytekit v1, dataclasses) is `s`.
pub fn enum_index(s: &str, names: &[&str], values: &[Json]) -> Result<usize, Error> {
    names
        .iter()
        .position(|n| *n == s)
        .or_else(|| values.iter().position(|v| v.as_str() == Some(s)))
        .ok_or_else(|| {
            ErrorKind::UnknownEnumValue {
                value: s.to_string(),
                allowed: names.iter().map(|n| n.to_string()).collect(),
            }
            .into()
        })
}

/// The variant of a msgpack enum value, by the SDK's rule for where it sits (`enums`): by
/// value only in a dataclass; by name, then by value, in a pydantic model. The error lists what
/// the wire carries there: the values, or the names.
pub fn enum_from_msg(
    msg: &Msg,
    names: &[&str],
    values: &[Json],
    enums: EnumWire,
) -> Result<usize, Error> {
    let by_name = enums == EnumWire::NamesOrValues;
    let found = match msg {
        Msg::Str(s) => by_name
            .then(|| names.iter().position(|n| n == s))
            .flatten()
            .or_else(|| values.iter().position(|v| v.as_str() == Some(s))),
        Msg::Int(i) => values.iter().position(|v| v.as_i64() == Some(*i)),
        other => return Err(Error::mismatch("an enum value", other.kind_name())),
    };
    found.ok_or_else(|| {
        let allowed = if by_name {
            names.iter().map(|n| n.to_string()).collect()
        } else {
            values
                .iter()
                .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
                .collect()
        };
        let value = match msg {
            Msg::Str(s) => s.clone(),
            other => format!("{}", msg_to_json(other)),
        };
        ErrorKind::UnknownEnumValue { value, allowed }.into()
    })
}

/// What the derive calls to read one input: the literal named `name`, converted, with the
/// input's name in the error.
#[doc(hidden)]
pub fn named_input<T: super::FlyteType>(
    literals: &[(String, Literal)],
    name: &str,
) -> Result<T, Error> {
    let (_, lit) = literals
        .iter()
        .rev()
        .find(|(n, _)| n == name)
        .ok_or_else(|| Error::new(ErrorKind::MissingField(name.to_string())))?;
    <T as super::FlyteType>::from_literal(lit).map_err(|e| e.at_key(name))
}

/// What the derive calls to refuse inputs the struct does not declare.
#[doc(hidden)]
pub fn check_known(literals: &[(String, Literal)], known: &[&str]) -> Result<(), Error> {
    match literals.iter().find(|(n, _)| !known.contains(&n.as_str())) {
        Some((n, _)) => Err(ErrorKind::UnknownField(n.clone()).into()),
        None => Ok(()),
    }
}

/// The error with a key (field or input name) in front of its path.
pub fn with_key(e: Error, key: &str) -> Error {
    e.at_key(key)
}

/// A union variant as the derive lists it: its type, and how it reads a literal.
pub type VariantReader<R, T> = (LiteralType, fn(R) -> Result<T, Error>);

/// Reads a union literal into one of several Rust variants: the variant whose type equals the
/// literal's variant type, else the only one of that tag that accepts the value; a plain
/// literal must be accepted by exactly one variant.
pub fn union_select<'a, T, R: LiteralSource<'a>>(
    r: R,
    variants: &[VariantReader<R, T>],
) -> Result<T, Error> {
    if let Form::Union { value, ty } = r.form()? {
        let (Some(inner), Some(ty)) = (value, ty) else {
            return Err(Error::mismatch(
                "a union value and type",
                "an incomplete union",
            ));
        };
        let ty = ty.decode()?;
        let candidates =
            union::tagged_variants(variants, |(v, _)| v, &ty, |t| union::tag(t).to_string())?;
        if let [only] = candidates.as_slice() {
            return (variants[*only].1)(inner);
        }
        return union::exactly_one(
            candidates.iter().map(|&i| attempt(i, &variants[i], inner)),
            |_| false,
        )
        .map(|(_, v)| v);
    }
    union::exactly_one(
        variants
            .iter()
            .enumerate()
            .map(|(i, variant)| attempt(i, variant, r)),
        |_| false,
    )
    .map(|(_, v)| v)
}

fn attempt<R, T>(i: usize, (ty, read): &VariantReader<R, T>, r: R) -> union::Attempt<T> {
    union::Attempt {
        index: i,
        label: union::label(i, ty, |t| union::tag(t).to_string()),
        outcome: read(r),
    }
}

/// A union variant as the derive lists it inside a struct: its label, its kind to the SDK's
/// union readers, its keys when it is a struct ([`StructField::field_names`]), and its reader.
pub type FieldVariant<T> = (
    &'static str,
    UnionKind,
    &'static [&'static str],
    fn(&mut MsgReader<'_>) -> Result<T, Error>,
);

/// A union-typed struct field, read as the SDK's reader of the struct around it reads it: the
/// variant by `value::union::struct_field`, the rule the dynamic path applies too. The struct's
/// style is the reader's enum setting ([`EnumWire::Values`]: a dataclass, mashumaro). Each
/// variant reads from the same place.
pub fn field_union_read<T>(
    r: &mut MsgReader<'_>,
    variants: &[FieldVariant<T>],
) -> Result<T, Error> {
    let mark = r.mark();
    let value = UnionKind::of_head(&r.take_head()?);
    r.reset(mark);
    let style = match r.enums() {
        EnumWire::Values => StructStyle::Dataclass,
        _ => StructStyle::Pydantic,
    };
    // pydantic prefers, among the models that read a map, the one that sets most of its keys.
    let keys = if style == StructStyle::Pydantic
        && value == UnionKind::Map
        && variants.iter().any(|v| v.1 == UnionKind::Model)
    {
        let keys = map_keys(r)?;
        r.reset(mark);
        keys
    } else {
        Vec::new()
    };
    // Enum members: values in a dataclass (mashumaro), names or values in a model (pydantic
    // writes values in a union field, names elsewhere).
    let outer = r.set_enums(match style {
        StructStyle::Dataclass => EnumWire::Values,
        StructStyle::Pydantic => EnumWire::NamesOrValues,
    });
    let mut attempts = Vec::new();
    let chosen = union::struct_field(
        style,
        value,
        variants.iter().map(|v| v.1),
        |_| false,
        |i| keys.iter().filter(|k| variants[i].2.contains(k)).count(),
        |i, trial| {
            let (label, _, _, read) = &variants[i];
            r.reset(mark);
            let outcome = match trial {
                union::Trial::Read => read(r),
                union::Trial::Iterated => match iterated(r, variants[i].1, *read)? {
                    Some(v) => Ok(v),
                    None => return Ok(None),
                },
                union::Trial::Lax => match pydantic_lax(r, variants[i].1, *read)? {
                    Some(v) => Ok(v),
                    None => return Ok(None),
                },
            };
            match outcome {
                Ok(v) => Ok(Some(v)),
                Err(e) if e.is_limit() || is_malformed(&e) => Err(e),
                Err(e) => {
                    attempts.push(format!("{label}: {e}"));
                    Ok(None)
                }
            }
        },
    );
    r.set_enums(outer);
    match chosen? {
        Some(v) => {
            // Every variant that reads ends at the value's end; an iterated one read a copy.
            r.reset(mark).skip_value()?;
            Ok(v)
        }
        None => Err(ErrorKind::NoMatchingVariant { attempts }.into()),
    }
}

/// The text keys of the map at the reader (other keys are no field's).
fn map_keys<'a>(r: &mut MsgReader<'a>) -> Result<Vec<&'a str>, Error> {
    let Head::Map(n) = r.take_head()? else {
        return Ok(Vec::new());
    };
    // `n` is bounded by the bytes left; the vector grows past a small start as keys are read.
    let mut keys = Vec::with_capacity(n.min(64));
    for _ in 0..n {
        if let Head::Str(k) = r.take_head()?
            && let Ok(k) = std::str::from_utf8(k)
        {
            keys.push(k);
        }
        r.skip_value()?;
    }
    Ok(keys)
}

/// pydantic's lax reading ([`union::Trial::Lax`]) where the variant's reader refused: `0` / `1`
/// for a bool, a whole float for an int (as the dynamic path's `pydantic_lax`).
fn pydantic_lax<T>(
    r: &mut MsgReader<'_>,
    kind: UnionKind,
    read: fn(&mut MsgReader<'_>) -> Result<T, Error>,
) -> Result<Option<T>, Error> {
    let lax = match (kind, r.take_head()?) {
        (UnionKind::Bool, Head::Int(i @ (0 | 1))) => Msg::Bool(i == 1),
        (UnionKind::Int, Head::F64(f)) if f.fract() == 0.0 && f.abs() < 9.0e15 => {
            Msg::Int(f as i64)
        }
        _ => return Ok(None),
    };
    let bytes = msgpack::to_vec(&lax)?;
    let mut sub = MsgReader::with_decoder_limits(&bytes);
    sub.set_enums(r.enums());
    Ok(read(&mut sub).ok())
}

/// mashumaro's reading of a str or a map for a list or tuple variant
/// ([`union::Trial::Iterated`]): the str's characters or the map's keys as the items, as they
/// are, else each text as an integer, else as a float (the item type converts them:
/// `int("1")`). `None` when no form reads.
fn iterated<T>(
    r: &mut MsgReader<'_>,
    kind: UnionKind,
    read: fn(&mut MsgReader<'_>) -> Result<T, Error>,
) -> Result<Option<T>, Error> {
    let mut items: Vec<Msg> = match r.msg()? {
        Msg::Str(s) => s.chars().map(|c| Msg::Str(c.to_string())).collect(),
        Msg::Map(entries) => entries.into_iter().map(|(k, _)| k).collect(),
        _ => return Ok(None),
    };
    // A tuple of `n` takes the first `n` characters (`value[0]`, … `value[n - 1]`).
    if let UnionKind::Tuple(n) = kind {
        if items.len() < n {
            return Ok(None);
        }
        items.truncate(n);
    }
    let texts: Option<Vec<&str>> = items
        .iter()
        .map(|m| match m {
            Msg::Str(s) => Some(s.as_str()),
            _ => None,
        })
        .collect();
    let mut forms = vec![items.clone()];
    if let Some(texts) = texts {
        if let Some(ints) = texts.iter().map(|t| t.parse().ok().map(Msg::Int)).collect() {
            forms.push(ints);
        }
        if let Some(floats) = texts.iter().map(|t| t.parse().ok().map(Msg::F64)).collect() {
            forms.push(floats);
        }
    }
    for form in forms {
        let bytes = msgpack::to_vec(&Msg::Array(form))?;
        let mut sub = MsgReader::with_decoder_limits(&bytes);
        sub.set_enums(r.enums());
        if let Ok(v) = read(&mut sub) {
            return Ok(Some(v));
        }
    }
    Ok(None)
}

pub use super::sink::{LiteralSink, MsgBody, Styled};
pub use super::source::LiteralSource;
pub use super::std_types::{cached_union_variant, union_literal, union_variant};

/// pydantic's `$defs` entry of an enum: its member names (Flyte's schema generator), and the
/// type of its values (pydantic's: `integer` for an `IntEnum`).
pub fn pydantic_enum_schema(title: &str, names: &[&str], values: &[Json]) -> Json {
    let mut obj = serde_json::Map::new();
    obj.insert("enum".into(), json!(names));
    obj.insert("title".into(), json!(title));
    if values.iter().all(Json::is_string) {
        obj.insert("type".into(), json!("string"));
    } else if values.iter().all(|v| v.is_i64() || v.is_u64()) {
        obj.insert("type".into(), json!("integer"));
    }
    Json::Object(obj)
}

/// Whether a property schema is a reference, or an `Optional` of one: pydantic gives such a
/// property no `title` (its `field_title_should_be_set` looks through `nullable`).
fn is_reference(obj: &serde_json::Map<String, Json>) -> bool {
    if obj.contains_key("$ref") {
        return true;
    }
    match obj.get("anyOf").and_then(Json::as_array).map(Vec::as_slice) {
        Some([a, b]) if *b == json!({"type": "null"}) => a.get("$ref").is_some(),
        _ => false,
    }
}

/// A NamedTuple nested in a struct: `{"type": "array", "prefixItems": [...], …}`. Inside a
/// pydantic model it sits under `$defs` and each item is titled as pydantic titles the field
/// (the only place the field names appear); mashumaro inlines it, untitled.
pub fn named_tuple_schema(
    sg: &mut SchemaGen,
    name: &str,
    fields: impl FnOnce(&mut SchemaGen) -> Vec<FieldSchema>,
) -> Json {
    let pydantic = sg.style() == StructStyle::Pydantic;
    let build = |sg: &mut SchemaGen| {
        let fields = fields(sg);
        let n = fields.len();
        let items: Vec<Json> = fields
            .into_iter()
            .map(|f| {
                let mut schema = f.schema;
                if let Json::Object(obj) = &mut schema
                    && pydantic
                    && !is_reference(obj)
                {
                    obj.insert("title".into(), json!(python_title(f.name)));
                }
                schema
            })
            .collect();
        json!({"type": "array", "prefixItems": items, "maxItems": n, "minItems": n})
    };
    if pydantic {
        sg.reference(name, build)
    } else {
        build(sg)
    }
}

/// A TypedDict nested in a struct: pydantic's `$defs` entry, or mashumaro's inlined object,
/// which has no `title`.
pub fn typed_dict_schema(
    sg: &mut SchemaGen,
    title: &str,
    build: impl FnOnce(&mut SchemaGen) -> Json,
) -> Json {
    let mut schema = nested_schema(sg, title, build);
    if sg.style() == StructStyle::Dataclass
        && let Json::Object(obj) = &mut schema
    {
        obj.remove("title");
    }
    schema
}

/// The header of a nested NamedTuple's array of `n` items.
pub fn tuple_header(r: &mut MsgReader<'_>, n: usize) -> Result<(), Error> {
    let expected = || format!("an array of {n} items");
    match r.take_head()? {
        Head::Array(len) if len == n => Ok(()),
        Head::Array(len) => Err(Error::mismatch(expected(), format!("{len} items"))),
        h => Err(Error::mismatch(expected(), h.kind_name())),
    }
}

/// A unit enum member: the variant index `lookup` finds for a string in the forms the struct
/// around it accepts ([`MsgReader::enums`]), else [`enum_from_msg`]'s rule and error.
#[inline]
pub fn enum_read(
    r: &mut MsgReader<'_>,
    lookup: impl Fn(&[u8], EnumWire) -> Option<usize>,
    names: &[&str],
    values: impl FnOnce() -> Vec<Json>,
) -> Result<usize, Error> {
    let enums = r.enums();
    // The canonical form (a member's string), matched as bytes.
    let mark = r.mark();
    if let Some(s) = r.str_bytes()
        && let Some(i) = lookup(s, enums)
    {
        return Ok(i);
    }
    let msg = match r.reset(mark).take_head()? {
        Head::Str(s) => {
            if let Some(i) = lookup(s, enums) {
                return Ok(i);
            }
            Msg::Str(super::field::text(r, s)?.to_owned())
        }
        Head::Int(i) => Msg::Int(i),
        h => return Err(Error::mismatch("an enum value", h.kind_name())),
    };
    enum_from_msg(&msg, names, &values(), enums)
}

/// A NamedTuple from its wrapper model's literal: each field by name (a key the tuple does not
/// know is ignored, as pydantic ignores it; a repeated key: the last one). The fields' bytes are
/// found in one pass and read as the nested form's array, in order, by the tuple's one `read`.
pub fn named_tuple_read<'a, T: StructField, R: LiteralSource<'a>>(
    r: R,
    names: &[&str],
) -> Result<T, Error> {
    let bytes = literal_msgpack(r)?;
    let items = read_document_with(bytes, EnumWire::default(), |r| {
        let n = match r.take_head()? {
            Head::Map(n) => n,
            h => return Err(Error::mismatch("a map", h.kind_name())),
        };
        let mut items: Vec<Option<&[u8]>> = vec![None; names.len()];
        for _ in 0..n {
            let mark = r.mark();
            let field = match r.take_head()? {
                Head::Str(s) => names.iter().position(|n| n.as_bytes() == s),
                _ => {
                    // A key that is not a string (a container, even) names no field.
                    r.reset(mark);
                    r.skip_value()?;
                    None
                }
            };
            let value = r.skip_value()?;
            if let Some(i) = field {
                items[i] = Some(value);
            }
        }
        r.close();
        Ok(items)
    })?;
    let mut array = Vec::with_capacity(5 + items.iter().flatten().map(|b| b.len()).sum::<usize>());
    MsgWriter::new(&mut array).array(names.len())?;
    for (item, name) in items.iter().zip(names) {
        let item = item.ok_or_else(|| Error::new(ErrorKind::MissingField((*name).into())))?;
        array.extend_from_slice(item);
    }
    read_document(&array, EnumWire::default())
}

/// `read_literal` of a derived unit enum: the index of the member a string literal names
/// (`lookup`: the wire strings; else a member's name or value, as [`enum_index`] reads it).
pub fn enum_literal_read<'a, R: LiteralSource<'a>>(
    r: R,
    lookup: fn(&[u8]) -> Option<usize>,
    names: &[&str],
    values: fn() -> Vec<Json>,
) -> Result<usize, Error> {
    if let Some(i) = super::source::canonical_string(r).and_then(|s| lookup(s.as_bytes())) {
        return Ok(i);
    }
    match super::source::primitive(r)? {
        Some(Primitive::String(s)) => match lookup(s.as_bytes()) {
            Some(i) => Ok(i),
            None => enum_index(s, names, &values()),
        },
        _ => Err(Error::mismatch("STRING", super::source::describe(r))),
    }
}

/// A unit enum member's value (`#[flyte(value = ...)]`), as a dataclass writes it: what
/// `serde_json::Value::from` of it is, as msgpack.
pub trait EnumValue {
    /// Writes the value into `w`.
    ///
    /// # Errors
    ///
    /// A string longer than msgpack can say.
    fn write_value<S: MsgSink>(&self, w: &mut S) -> Result<(), Error>;
}

impl EnumValue for &str {
    fn write_value<S: MsgSink>(&self, w: &mut S) -> Result<(), Error> {
        w.str(self)
    }
}

impl EnumValue for bool {
    fn write_value<S: MsgSink>(&self, w: &mut S) -> Result<(), Error> {
        w.bool(*self);
        Ok(())
    }
}

impl EnumValue for f64 {
    fn write_value<S: MsgSink>(&self, w: &mut S) -> Result<(), Error> {
        // JSON has no NaN: `Value::from` makes it null.
        if self.is_finite() {
            w.f64(*self);
        } else {
            w.nil();
        }
        Ok(())
    }
}

macro_rules! int_enum_value {
    ($($t:ty),*) => {$(
        impl EnumValue for $t {
            fn write_value<S: MsgSink>(&self, w: &mut S) -> Result<(), Error> {
                w.int(i64::from(*self));
                Ok(())
            }
        }
    )*};
}
int_enum_value!(i8, i16, i32, i64, u8, u16, u32);
