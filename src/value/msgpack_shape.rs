//! msgpack payloads (`Binary{tag: "msgpack"}`) read and written in the shape a [`Shapes`] tree
//! prescribes, and canonical JSON read into that shape.

use super::Value;
use super::handle::DataFrame;
use super::handle::{BlobParts, Dir, File};
use super::schema::{EnumType, Object, ObjectKind, Shape, ShapeId, Shapes, StructStyle};
use super::time::{Duration, Timestamp, parse_date_string};
use super::types::column_literal_type;
use super::union::{self, Trial, UnionKind};
use crate::idl::core::StructuredDatasetType;
use crate::msgpack::Msg;
use crate::{Error, ErrorKind};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use serde_json::Value as Json;

/// Facts the canonical value drops (a naive datetime, an integer map key, …): a value with such
/// a note cannot be re-encoded to the same bytes from its canonical form.
pub(crate) type Notes = Vec<String>;

fn json_kind(j: &Json) -> &'static str {
    match j {
        Json::Null => "null",
        Json::Bool(_) => "boolean",
        Json::Number(n) if n.is_f64() => "float",
        Json::Number(_) => "integer",
        Json::String(_) => "string",
        Json::Array(_) => "array",
        Json::Object(_) => "object",
    }
}

/// The number of nodes in a JSON document (the size a step budget is measured against).
pub(crate) fn json_nodes(j: &Json) -> usize {
    let (mut n, mut todo) = (0usize, vec![j]);
    while let Some(j) = todo.pop() {
        n += 1;
        match j {
            Json::Array(a) => todo.extend(a),
            Json::Object(o) => todo.extend(o.values()),
            _ => {}
        }
    }
    n
}

/// The number of nodes in a value (see [`json_nodes`]).
pub(crate) fn value_nodes(v: &Value) -> usize {
    let (mut n, mut todo) = (0usize, vec![v]);
    while let Some(v) = todo.pop() {
        n += 1;
        match v {
            Value::List(items) => todo.extend(items),
            Value::Map(entries) => todo.extend(entries.iter().map(|(_, v)| v)),
            _ => {}
        }
    }
    n
}

// ---------------------------------------------------------------- msgpack -> Value

/// A msgpack value read as the shape `id` says (the SDK's reader's rules; what it cannot
/// determine is a note). Recursive through containers, objects and unions, and bounded by
/// [`Shapes::enter`]; the leaf forms are read out of line, so each level's frame stays small
/// (256 levels fit a 512 KiB stack in a debug build: `hostile_inputs` holds it).
pub(crate) fn decode(
    sh: &Shapes,
    id: ShapeId,
    msg: &Msg,
    notes: &mut Notes,
) -> Result<Value, Error> {
    let _step = sh.enter()?;
    match (sh.get(id), msg) {
        (Shape::Array(item), Msg::Array(items)) => {
            decode_items(sh, items.iter().map(|_| *item), items, notes)
        }
        (Shape::Tuple(ids), Msg::Array(items)) if ids.len() == items.len() => {
            decode_items(sh, ids.iter().copied(), items, notes)
        }
        (Shape::NamedTuple(fields), Msg::Array(items)) if fields.len() == items.len() => {
            decode_named_tuple(sh, fields, items, notes)
        }
        (Shape::Dict(value), Msg::Map(entries)) => decode_dict(sh, *value, entries, notes),
        (Shape::Object(obj), m) if matches!(obj.kind, ObjectKind::File | ObjectKind::Dir) => {
            decode_handle(obj.kind, m, notes)
        }
        (Shape::Object(obj), Msg::Map(entries)) => decode_object(sh, obj, entries, notes),
        // A `$ref` (a one-variant union) reads as its target: the union's rules pick it
        // either way, and a chain of refs costs this frame per hop, not the union's.
        (Shape::AnyOf(ids), m) if ids.len() == 1 => decode(sh, ids[0], m, notes),
        (Shape::AnyOf(ids), m) => decode_union(sh, ids, m, notes),
        (shape, m) => decode_leaf(sh, shape, m, notes),
    }
}

/// [`decode`] of a value that holds no other: scalars, datetimes, durations, bytes, enums,
/// untyped values, or the mismatch.
#[inline(never)]
fn decode_leaf(sh: &Shapes, shape: &Shape, msg: &Msg, notes: &mut Notes) -> Result<Value, Error> {
    match (shape, msg) {
        (Shape::Any, m) => generic(m, notes),
        (Shape::Null, Msg::Nil)
        | (Shape::Bool, Msg::Bool(_))
        | (Shape::Int, Msg::Int(_) | Msg::UInt(_))
        | (Shape::Number, Msg::F32(_))
        | (Shape::Str, Msg::Str(_)) => generic(msg, notes),
        (Shape::Number, Msg::F64(f)) => Ok(Value::Float(*f)),
        // Python writes an int given for a float field as an int; both SDKs read it back as a
        // float (mashumaro `float(value)`, pydantic's lax mode): 1 comes back as 1.0.
        (Shape::Number, Msg::Int(_) | Msg::UInt(_)) => {
            let Value::Int(i) = generic(msg, notes)? else {
                return Err(Error::mismatch("a number in the int64 range", "uint64"));
            };
            notes.push(format!(
                "int {i} in a float field (the SDK reads {:?})",
                i as f64
            ));
            Ok(Value::Float(i as f64))
        }
        // mashumaro reads `Level(True)` as the member of value 1 (a bool is an int).
        (Shape::Enum(allowed, _), Msg::Bool(b))
            if sh.style == StructStyle::Dataclass
                && allowed
                    .iter()
                    .any(|a| a.as_f64() == Some(f64::from(u8::from(*b)))) =>
        {
            notes.push(format!("bool {b} read as the enum value {}", u8::from(*b)));
            Ok(Value::Int(i64::from(*b)))
        }
        (Shape::Enum(allowed, ty), m) => {
            let v = generic(m, notes)?;
            check_enum(sh.style, allowed, *ty, &v.to_json())?;
            Ok(v)
        }
        (Shape::DateTime, Msg::Str(s)) => {
            let (t, aware) = Timestamp::parse_iso(s)
                .ok_or_else(|| Error::mismatch("an ISO 8601 datetime", format!("{s:?}")))?;
            if !aware {
                notes.push(format!("naive datetime {s:?} (canonical form adds Z)"));
            } else if *s != sh.style.datetime_text(t) {
                notes.push(format!("datetime text {s:?} is not the UTC form we write"));
            }
            Ok(Value::Datetime(t))
        }
        // pydantic's lax mode reads a number as a unix time (seconds up to 2e10 in magnitude,
        // milliseconds beyond): how a `Union[datetime, IntEnum]` field's int comes back.
        (Shape::DateTime, Msg::Int(i)) if sh.style == StructStyle::Pydantic => {
            let (seconds, nanos) = if i.unsigned_abs() <= 20_000_000_000 {
                (*i, 0)
            } else {
                (i.div_euclid(1000), (i.rem_euclid(1000) * 1_000_000) as i32)
            };
            let t = Timestamp::new(seconds, nanos)
                .ok_or_else(|| Error::new(ErrorKind::OutOfRange(format!("unix time {i}"))))?;
            notes.push(format!("int {i} read as a unix time, as pydantic reads it"));
            Ok(Value::Datetime(t))
        }
        (Shape::Date, Msg::Str(s)) => parse_date_string(s)
            .map(Value::Datetime)
            .ok_or_else(|| Error::mismatch("a YYYY-MM-DD date", format!("{s:?}"))),
        (Shape::Duration(_), Msg::Str(s)) => {
            let d = Duration::parse_iso8601(s)
                .ok_or_else(|| Error::mismatch("an ISO 8601 duration", format!("{s:?}")))?;
            if d.to_iso8601() != *s {
                notes.push(format!("duration text {s:?} is not pydantic's form"));
            }
            Ok(Value::Duration(d))
        }
        // mashumaro reads a timedelta as `timedelta(seconds=value)`, a bool too: the `False`
        // of a `Union[timedelta, bool]` field comes back as `timedelta(0)`.
        (Shape::Duration(StructStyle::Dataclass), Msg::Bool(b)) => {
            notes.push(format!(
                "bool {b} read as a duration, as mashumaro reads it"
            ));
            Ok(Value::Duration(Duration {
                seconds: i64::from(*b),
                nanos: 0,
            }))
        }
        (Shape::Duration(_), Msg::F64(_) | Msg::F32(_) | Msg::Int(_)) => {
            let secs = match msg {
                Msg::F64(f) => *f,
                Msg::F32(f) => f64::from(*f),
                Msg::Int(i) => *i as f64,
                _ => unreachable!("matched above"),
            };
            let d = Duration::from_float_seconds(secs).ok_or_else(|| {
                Error::new(ErrorKind::OutOfRange(format!("duration of {secs} seconds")))
            })?;
            if !matches!(msg, Msg::F64(f) if f.to_bits() == d.to_float_seconds().to_bits()) {
                notes.push(format!(
                    "duration {secs} s is not the float of a microsecond count"
                ));
            }
            Ok(Value::Duration(d))
        }
        (Shape::Bytes(_), Msg::Bin(b)) => Ok(Value::Bytes(b.clone())),
        (Shape::Bytes(_), Msg::Str(s)) => Ok(Value::Bytes(s.as_bytes().to_vec())),
        (shape, m) => Err(Error::mismatch(shape_name(shape), m.kind_name())),
    }
}

/// A list or a tuple: item `i` read as the `i`-th of `shapes`.
#[inline(never)]
fn decode_items(
    sh: &Shapes,
    shapes: impl Iterator<Item = ShapeId>,
    items: &[Msg],
    notes: &mut Notes,
) -> Result<Value, Error> {
    let mut out = Vec::with_capacity(items.len());
    for (i, (s, m)) in shapes.zip(items).enumerate() {
        out.push(decode(sh, s, m, notes).map_err(|e| e.at_index(i))?);
    }
    Ok(Value::List(out))
}

/// A NamedTuple inside a struct: a plain array, read into its fields by position.
#[inline(never)]
fn decode_named_tuple(
    sh: &Shapes,
    fields: &[(String, ShapeId)],
    items: &[Msg],
    notes: &mut Notes,
) -> Result<Value, Error> {
    let mut out = Vec::with_capacity(items.len());
    for ((name, s), m) in fields.iter().zip(items) {
        out.push((
            name.clone(),
            decode(sh, *s, m, notes).map_err(|e| e.at_key(name))?,
        ));
    }
    Ok(Value::Map(out))
}

/// A `dict[str, V]`.
#[inline(never)]
fn decode_dict(
    sh: &Shapes,
    value: ShapeId,
    entries: &[(Msg, Msg)],
    notes: &mut Notes,
) -> Result<Value, Error> {
    let mut out = Vec::with_capacity(entries.len());
    for (k, v) in entries {
        let key = key_text(k, notes)?;
        let v = decode(sh, value, v, notes).map_err(|e| e.at_key(&key))?;
        out.push((key, v));
    }
    Ok(Value::Map(out))
}

fn accepts_null(sh: &Shapes, id: ShapeId) -> bool {
    sh.accepts_null(id)
}

fn single_or_all(mut errors: Vec<Error>) -> Error {
    if errors.len() == 1 {
        return errors.remove(0);
    }
    ErrorKind::NoMatchingVariant {
        attempts: errors.iter().map(ToString::to_string).collect(),
    }
    .into()
}

fn decode_object(
    sh: &Shapes,
    obj: &Object,
    entries: &[(Msg, Msg)],
    notes: &mut Notes,
) -> Result<Value, Error> {
    if obj.kind == ObjectKind::Plain {
        return decode_plain_object(sh, obj, entries, notes);
    }
    // File / Dir / DataFrame objects have Flyte's fixed shape ({path, name, format, hash} /
    // {uri, format}), whatever their schema says: read their fields as plain msgpack, as they
    // are written.
    let handle = obj.kind != ObjectKind::TupleWrapper;
    let mut fields = Vec::with_capacity(entries.len());
    for (k, v) in entries {
        let name = field_name(k)?;
        let value = match obj.fields.iter().find(|f| f.name == *name) {
            Some(f) if !handle => decode(sh, f.shape, v, notes),
            _ => generic(v, notes),
        }
        .map_err(|e| e.at_key(name))?;
        fields.push((name.clone(), value));
    }
    let take = |name: &str| fields.iter().find(|(k, _)| k == name).map(|(_, v)| v);
    let text = |name: &str| match take(name) {
        Some(Value::String(s)) => Some(s.clone()),
        _ => None,
    };
    match obj.kind {
        ObjectKind::Plain => unreachable!("read by decode_plain_object"),
        ObjectKind::TupleWrapper => {
            let mut items = Vec::with_capacity(fields.len());
            for (i, f) in obj.fields.iter().enumerate() {
                let v = take(&f.name)
                    .ok_or_else(|| Error::new(ErrorKind::MissingField(f.name.clone())))?;
                items.push(v.clone());
                if fields.get(i).map(|(k, _)| k) != Some(&f.name) {
                    notes.push("tuple items out of order".into());
                }
            }
            Ok(Value::List(items))
        }
        // Read before the fields are walked (`decode`).
        ObjectKind::File | ObjectKind::Dir => {
            Err(Error::mismatch("a File or Dir", "a plain object"))
        }
        ObjectKind::DataFrame => {
            let mut df = DataFrame::from_existing_remote(
                text("uri").unwrap_or_default(),
                text("format").unwrap_or_default(),
            );
            df.hash = text("hash");
            Ok(Value::DataFrame(Box::new(df)))
        }
    }
}

fn field_name(k: &Msg) -> Result<&String, Error> {
    match k {
        Msg::Str(name) => Ok(name),
        _ => Err(Error::mismatch("a field name", k.kind_name())),
    }
}

/// A dataclass or model, read as the SDK's readers read it:
///
/// - a key the schema does not know is dropped (mashumaro and pydantic ignore it: a field added
///   by a newer writer, a pydantic `computed_field`), except that in pydantic's style a key
///   that names an aliased property (`user_name` for the schema's `userName`, compared without
///   case and `_`) is that field: Flyte 2 writes field names and lists aliases;
/// - a field absent on the wire gets the schema's default (an older writer, a pydantic field
///   with `exclude=True`); a required one is an error (the SDK refuses the payload, which is
///   also how a union rejects a variant); any other stays absent.
fn decode_plain_object(
    sh: &Shapes,
    obj: &Object,
    entries: &[(Msg, Msg)],
    notes: &mut Notes,
) -> Result<Value, Error> {
    let mut present = vec![false; obj.fields.len()];
    let mut dropped = 0;
    let mut fields = Vec::with_capacity(entries.len());
    for (k, v) in entries {
        let name = match k {
            Msg::Str(name) => name,
            Msg::Map(_) | Msg::Array(_) => return Err(container_key(k)),
            // mashumaro and pydantic look their fields up by name: other keys are ignored.
            other => {
                notes.push(format!(
                    "a {} key is no field name: dropped, as the SDK's reader drops it",
                    other.kind_name()
                ));
                dropped += 1;
                continue;
            }
        };
        let index = field_index(sh.style, obj, name, &present, str_keys(entries));
        let Some(i) = index else {
            notes.push(format!(
                "field {name:?} is not in the schema: dropped, as the SDK's reader drops it"
            ));
            dropped += 1;
            continue;
        };
        present[i] = true;
        let value = decode(sh, obj.fields[i].shape, v, notes).map_err(|e| e.at_key(name))?;
        fields.push((name.clone(), value));
    }
    for (f, _) in obj.fields.iter().zip(&present).filter(|(_, p)| !**p) {
        match &f.default {
            Some(default) => {
                let v = from_json(sh, f.shape, default).map_err(|e| e.at_key(&f.name))?;
                notes.push(format!(
                    "field {:?} is absent on the wire: the schema's default is read",
                    f.name
                ));
                fields.push((f.name.clone(), v));
            }
            None if f.required && dropped > 0 => {
                // Keys it does not know and a field it needs: most likely another struct's
                // payload, which one stray field would not say.
                return Err(another_struct(obj, entries));
            }
            None if f.required => {
                return Err(ErrorKind::MissingField(f.name.clone()).into());
            }
            None => notes.push(format!("field {:?} is absent on the wire", f.name)),
        }
    }
    Ok(Value::Map(fields))
}

/// The string keys of a msgpack map, in order (the only keys a struct's fields can have).
fn str_keys(entries: &[(Msg, Msg)]) -> impl Iterator<Item = &String> + Clone {
    entries.iter().filter_map(|(k, _)| match k {
        Msg::Str(s) => Some(s),
        _ => None,
    })
}

/// `expected Order {id, total}, found an object with keys {sku, qty}`: a payload that lacks a
/// required field and has keys the schema does not know (at most eight of each shown).
#[cold]
fn another_struct(obj: &Object, entries: &[(Msg, Msg)]) -> Error {
    fn list<'a>(names: impl Iterator<Item = &'a str>) -> String {
        let names: Vec<&str> = names.collect();
        let shown = names.iter().take(8).copied().collect::<Vec<_>>().join(", ");
        if names.len() > 8 {
            format!("{shown}, …")
        } else {
            shown
        }
    }
    let title = if obj.title.is_empty() {
        "a struct"
    } else {
        &obj.title
    };
    let fields = list(obj.fields.iter().map(|f| f.name.as_str()));
    let keys = list(str_keys(entries).map(String::as_str));
    Error::mismatch(
        format!("{title} {{{fields}}}"),
        format!("an object with keys {{{keys}}}"),
    )
}

/// The field a key of a plain object names: the property of that name, or in pydantic's style
/// the aliased property it stands for (equal but for case and `_`, and not itself among `keys`).
fn field_index<'k>(
    style: StructStyle,
    obj: &Object,
    name: &str,
    present: &[bool],
    mut keys: impl Iterator<Item = &'k String>,
) -> Option<usize> {
    if let Some(i) = obj.fields.iter().position(|f| f.name == name) {
        return Some(i);
    }
    if style != StructStyle::Pydantic {
        return None;
    }
    let fold = |s: &str| -> String {
        s.chars()
            .filter(|c| *c != '_')
            .flat_map(char::to_lowercase)
            .collect()
    };
    let wanted = fold(name);
    let i = obj
        .fields
        .iter()
        .enumerate()
        .position(|(i, f)| !present[i] && fold(&f.name) == wanted)?;
    let alias = &obj.fields[i].name;
    (!keys.any(|k| k == alias)).then_some(i)
}

// ---------------------------------------------------------------- union selection

/// A union field (`anyOf`) of a struct, read as the struct's SDK reader reads it: the variant
/// by [`union::struct_field`], each read by [`decode`] (unknown keys ignored, a missing required
/// field fails; a timedelta takes a bool, an `IntEnum` `True` / `False`). `None` is taken by
/// any variant that accepts null. A text pydantic reads as `str` is canonically the form of
/// the union's first text variant.
fn decode_union(sh: &Shapes, ids: &[ShapeId], m: &Msg, notes: &mut Notes) -> Result<Value, Error> {
    if matches!(m, Msg::Nil) && ids.iter().any(|i| accepts_null(sh, *i)) {
        return Ok(Value::None);
    }
    let mut errors = Vec::new();
    let chosen = union::struct_field(
        sh.style,
        UnionKind::of_msg(m),
        ids.iter().map(|&i| variant_kind(sh.get(target(sh, i)))),
        |i| matches!(m, Msg::Str(s) if enum_yields_date_text(sh, ids[i], s)),
        |i| fields_set(sh, ids[i], m),
        |i, trial| {
            let shape = sh.get(target(sh, ids[i]));
            Ok(match trial {
                Trial::Read => {
                    let mut trial = Notes::new();
                    match decode(sh, ids[i], m, &mut trial) {
                        Ok(v) => Some((v, trial)),
                        Err(e) if e.is_limit() => return Err(e),
                        Err(e) => {
                            errors.push(e);
                            None
                        }
                    }
                }
                Trial::Iterated => mashumaro_iterated(sh, ids[i], m, 0).map(|v| {
                    let note = format!(
                        "a msgpack {} read as a list of its items, as mashumaro reads it",
                        m.kind_name()
                    );
                    (v, vec![note])
                }),
                Trial::Lax => pydantic_lax(shape, m),
            })
        },
    )?;
    match chosen {
        Some((Value::String(s), trial)) if sh.style == StructStyle::Pydantic => {
            notes.extend(trial);
            Ok(text_by_first_string_variant(sh, ids, s, notes))
        }
        Some((v, trial)) => {
            notes.extend(trial);
            Ok(v)
        }
        None => Err(single_or_all(errors)),
    }
}

/// A variant's kind to the union rule ([`union::struct_field`]).
fn variant_kind(shape: &Shape) -> UnionKind {
    match shape {
        Shape::Int => UnionKind::Int,
        Shape::Number => UnionKind::Float,
        Shape::Str => UnionKind::Str,
        Shape::Bool => UnionKind::Bool,
        Shape::Null => UnionKind::Null,
        Shape::Bytes(_) => UnionKind::Bytes,
        Shape::Dict(_) => UnionKind::Map,
        Shape::Array(_) => UnionKind::List,
        Shape::Tuple(ids) => UnionKind::Tuple(ids.len()),
        Shape::Object(_) => UnionKind::Model,
        _ => UnionKind::Other,
    }
}

/// Whether the union variant `id` is a pydantic enum that does not list the text `s`, an ISO
/// date or datetime. pydantic's schema lists an enum's names, not its values, so such an enum
/// takes any text (see `check_enum`); a date's text is far more often the date variant's than
/// an enum value, so such enums are tried last.
fn enum_yields_date_text(sh: &Shapes, id: ShapeId, s: &str) -> bool {
    match sh.get(target(sh, id)) {
        Shape::Enum(allowed, _) if sh.style == StructStyle::Pydantic => {
            !allowed.iter().any(|a| a.as_str() == Some(s))
                && (Timestamp::parse_iso(s).is_some() || parse_date_string(s).is_some())
        }
        _ => false,
    }
}

/// A text that a pydantic union read as `str`, in its canonical form: the form of the union's
/// first variant whose schema type is `"string"` (the README's canonical JSON, as py_decode's
/// `Canon` writes it: a `Union[datetime, str]` holding `"2072-02-03T10:16:01"` is that
/// datetime). The wire keeps the text, so this is a lossy note.
fn text_by_first_string_variant(
    sh: &Shapes,
    ids: &[ShapeId],
    s: String,
    notes: &mut Notes,
) -> Value {
    let first = ids.iter().map(|&i| sh.get(target(sh, i))).find(|shape| {
        matches!(
            shape,
            Shape::Str
                | Shape::DateTime
                | Shape::Date
                | Shape::Duration(StructStyle::Pydantic)
                | Shape::Bytes(_)
                | Shape::Enum(_, EnumType::String)
        )
    });
    let read = match first {
        Some(Shape::DateTime | Shape::Date) => Timestamp::parse_iso(&s)
            .or_else(|| parse_date_string(&s).map(|t| (t, false)))
            .map(|(t, _)| Value::Datetime(t)),
        Some(Shape::Duration(_)) => Duration::parse_iso8601(&s).map(Value::Duration),
        Some(Shape::Bytes(StructStyle::Pydantic)) => Some(Value::Bytes(s.as_bytes().to_vec())),
        _ => None,
    };
    match read {
        Some(v) => {
            notes.push(format!(
                "text {s:?} of a union whose first text variant is {}: canonically that",
                shape_name(first.unwrap_or(&Shape::Str))
            ));
            v
        }
        None => Value::String(s),
    }
}

/// pydantic's lax reading of a primitive where the strict one failed: `0` / `1` for a bool,
/// a whole float for an int.
fn pydantic_lax(shape: &Shape, m: &Msg) -> Option<(Value, Notes)> {
    let v = match (shape, m) {
        (Shape::Bool, Msg::Int(i @ (0 | 1))) => Value::Bool(*i == 1),
        (Shape::Int, Msg::F64(f)) if f.fract() == 0.0 && f.abs() < 9.0e15 => Value::Int(*f as i64),
        _ => return None,
    };
    Some((
        v,
        vec![format!("{} read by pydantic's lax mode", m.kind_name())],
    ))
}

/// mashumaro's reading of a string or a map for a list or tuple variant of a union: it
/// iterates the value (a string's characters, a map's keys; a tuple indexes a string) and
/// converts each item as its type says (`int("1")`, `float("2")`; a `str` as it is), so `"123"` for
/// `Union[list[int], str]` comes back as `[1, 2, 3]`. `None` when an item does not convert,
/// or the variant is not a list.
fn mashumaro_iterated(sh: &Shapes, id: ShapeId, m: &Msg, depth: usize) -> Option<Value> {
    if depth > MAX_REF_HOPS {
        return None;
    }
    let items: Vec<Msg> = match m {
        Msg::Str(s) => s.chars().map(|c| Msg::Str(c.to_string())).collect(),
        Msg::Map(entries) => entries.iter().map(|(k, _)| k.clone()).collect(),
        _ => return None,
    };
    let item = |id: ShapeId, m: &Msg| -> Option<Value> {
        match (sh.get(target(sh, id)), m) {
            (Shape::Str, Msg::Str(s)) => Some(Value::String(s.clone())),
            (Shape::Int, Msg::Int(i)) => Some(Value::Int(*i)),
            (Shape::Int, Msg::Str(s)) => s.parse().ok().map(Value::Int),
            (Shape::Number, Msg::Int(i)) => Some(Value::Float(*i as f64)),
            (Shape::Number, Msg::Str(s)) => s.parse().ok().map(Value::Float),
            (Shape::Any, m) => generic(m, &mut Notes::new()).ok(),
            _ => mashumaro_iterated(sh, id, m, depth + 1),
        }
    };
    match sh.get(target(sh, id)) {
        Shape::Array(of) => items
            .iter()
            .map(|m| item(*of, m))
            .collect::<Option<_>>()
            .map(Value::List),
        // A tuple indexes the value: a map's `[0]` is a key lookup, which fails.
        Shape::Tuple(ids) if matches!(m, Msg::Str(_)) && ids.len() <= items.len() => ids
            .iter()
            .zip(&items)
            .map(|(id, m)| item(*id, m))
            .collect::<Option<_>>()
            .map(Value::List),
        _ => None,
    }
}

/// The node a `$ref` (a one-variant union) stands for.
fn target(sh: &Shapes, mut id: ShapeId) -> ShapeId {
    for _ in 0..MAX_REF_HOPS {
        match sh.get(id) {
            Shape::AnyOf(ids) if ids.len() == 1 => id = ids[0],
            _ => break,
        }
    }
    id
}

/// `$ref` chains are followed this far when a union looks at its variants (a schema's chains are
/// one or two hops; a cycle of refs is refused when the schema is compiled).
const MAX_REF_HOPS: usize = 16;

/// How many of a plain object variant's fields the msgpack map sets (pydantic's
/// `fields_set`, the measure its smart union ranks models by).
fn fields_set(sh: &Shapes, variant: ShapeId, m: &Msg) -> usize {
    match (sh.get(target(sh, variant)), m) {
        (Shape::Object(obj), Msg::Map(entries)) => str_keys(entries)
            .filter(|name| obj.fields.iter().any(|f| f.name == **name))
            .count(),
        _ => 0,
    }
}

/// A File / Dir object `{path, name, format, hash}`, read as the typed path reads it. A name of
/// its own is noted: the canonical JSON (`{uri, format, hash}`) cannot carry it. (Out of line:
/// `decode` recurses, and its frame stays small.)
#[inline(never)]
fn decode_handle(kind: ObjectKind, m: &Msg, notes: &mut Notes) -> Result<Value, Error> {
    let (value, name) = if kind == ObjectKind::File {
        let file = File::from_msg(m)?;
        let name = file.name.clone();
        (Value::File(Box::new(file)), name)
    } else {
        let dir = Dir::from_msg(m)?;
        let name = dir.name.clone();
        (Value::Dir(Box::new(dir)), name)
    };
    if let Some(name) = name {
        notes.push(format!("name {name:?} differs from the path's base name"));
    }
    Ok(value)
}

/// What a map key may be: Python's msgpack (`strict_map_key=False`) cannot hash a map or an
/// array key, so the SDK reads no document that has one.
pub(crate) const CONTAINER_KEY: &str = "a map key that is a string, number, boolean, nil or bytes";

#[cold]
fn container_key(k: &Msg) -> Error {
    Error::mismatch(CONTAINER_KEY, k.kind_name())
}

fn key_text(k: &Msg, notes: &mut Notes) -> Result<String, Error> {
    match k {
        Msg::Str(s) => Ok(s.clone()),
        // Python cannot hash a dict key, and a container key's text would nest escaped JSON
        // in every level of keys-in-keys: the text doubles with each level.
        Msg::Map(_) | Msg::Array(_) => Err(container_key(k)),
        other => {
            // The key's own note says it all (a NaN key needs no float note as well).
            let text = generic(other, &mut Notes::new())?.to_json().to_string();
            notes.push(format!("map key {text} is not a string on the wire"));
            Ok(text)
        }
    }
}

/// The schema-less mapping (untyped dicts, fields without a schema).
pub(crate) fn generic(m: &Msg, notes: &mut Notes) -> Result<Value, Error> {
    Ok(match m {
        Msg::Nil => Value::None,
        Msg::Bool(b) => Value::Bool(*b),
        Msg::Int(i) => Value::Int(*i),
        Msg::UInt(u) => Value::UInt(*u),
        Msg::F32(f) => {
            notes.push("float32 on the wire".into());
            Value::Float(f64::from(*f))
        }
        Msg::F64(f) => {
            if !f.is_finite() {
                // Canonical JSON writes NaN / ±inf as strings, and a schema-less reading takes
                // a string back as a string: the float would come back as text.
                notes.push(format!(
                    "float {} without a schema (canonical JSON reads it back as a string)",
                    super::json::float_json(*f)
                ));
            }
            Value::Float(*f)
        }
        Msg::Str(s) => Value::String(s.clone()),
        Msg::Bin(b) => Value::Bytes(b.clone()),
        Msg::Array(items) => Value::List(
            items
                .iter()
                .enumerate()
                .map(|(i, m)| generic(m, notes).map_err(|e| e.at_index(i)))
                .collect::<Result<_, _>>()?,
        ),
        Msg::Map(entries) => {
            let mut out = Vec::with_capacity(entries.len());
            for (k, v) in entries {
                let key = key_text(k, notes)?;
                let v = generic(v, notes).map_err(|e| e.at_key(&key))?;
                out.push((key, v));
            }
            Value::Map(out)
        }
        Msg::Ext(t, _) => {
            return Err(ErrorKind::Unsupported(format!("msgpack ext type {t}")).into());
        }
    })
}

/// Whether `v` is a value the enum's schema admits on the wire.
///
/// mashumaro's schema lists the values that travel. Flyte 2's pydantic schema lists member
/// *names*, but values travel in places (a dataclass nested in a model, enums inside `Tuple`,
/// `Union` and `Set` fields, models inside a `Union`), and the schema alone cannot tell which
/// value belongs to which name: in that style any string, or any integer for an `IntEnum`, is
/// taken as it is on the wire.
/// Whether `v` is a value of the enum. A pydantic schema lists names where values may travel
/// (README), so there any text or int of the enum's declared type is taken.
fn check_enum(style: StructStyle, allowed: &[Json], ty: EnumType, v: &Json) -> Result<(), Error> {
    // Schema numbers come from a protobuf Struct, where every number is a double.
    let same = |a: &Json| a == v || (a.is_number() && v.is_number() && a.as_f64() == v.as_f64());
    let of_its_type = match ty {
        EnumType::Integer => v.is_i64(),
        EnumType::String => v.is_string(),
        EnumType::Any => v.is_string() || v.is_i64(),
    };
    if allowed.iter().any(same) || (style == StructStyle::Pydantic && of_its_type) {
        return Ok(());
    }
    let text = |j: &Json| {
        j.as_str()
            .map(str::to_string)
            .unwrap_or_else(|| j.to_string())
    };
    Err(ErrorKind::UnknownEnumValue {
        value: text(v),
        allowed: allowed.iter().map(text).collect(),
    }
    .into())
}

fn shape_name(shape: &Shape) -> &'static str {
    match shape {
        Shape::Any => "any value",
        Shape::Null => "null",
        Shape::Bool => "a boolean",
        Shape::Int => "an integer",
        Shape::Number => "a number",
        Shape::Str => "a string",
        Shape::Enum(..) => "an enum value",
        Shape::DateTime => "a datetime",
        Shape::Date => "a date",
        Shape::Duration(_) => "a duration",
        Shape::Bytes(_) => "bytes",
        Shape::Array(_) => "an array",
        Shape::Tuple(_) | Shape::NamedTuple(_) => "a tuple",
        Shape::Dict(_) => "a map",
        Shape::Object(o) => match o.kind {
            ObjectKind::File => "a File",
            ObjectKind::Dir => "a Dir",
            ObjectKind::DataFrame => "a DataFrame",
            ObjectKind::TupleWrapper => "a tuple",
            ObjectKind::Plain => "an object",
        },
        Shape::AnyOf(_) => "one of several shapes",
    }
}

// ---------------------------------------------------------------- Value -> msgpack

/// A value written as the shape `id` says. Recursive like [`decode`], with the leaf forms out
/// of line for the same reason.
pub(crate) fn encode(sh: &Shapes, id: ShapeId, v: &Value) -> Result<Msg, Error> {
    let _step = sh.enter()?;
    match (sh.get(id), v) {
        (Shape::AnyOf(_), Value::None) => Ok(Msg::Nil),
        // A `$ref` writes as its target (see `decode`).
        (Shape::AnyOf(ids), v) if ids.len() == 1 && !matches!(sh.get(ids[0]), Shape::Null) => {
            encode(sh, ids[0], v)
        }
        (Shape::AnyOf(ids), v) => encode_union(sh, ids, v),
        (Shape::Array(item), Value::List(items)) => {
            encode_items(sh, items.iter().map(|_| *item), items)
        }
        (Shape::Tuple(ids), Value::List(items)) if ids.len() == items.len() => {
            encode_items(sh, ids.iter().copied(), items)
        }
        (Shape::NamedTuple(fields), Value::Map(entries)) if fields.len() == entries.len() => {
            encode_named_tuple(sh, fields, entries)
        }
        (Shape::Dict(value), Value::Map(entries)) => encode_dict(sh, *value, entries),
        (Shape::Object(obj), v) if !matches!(v, Value::None) => encode_object(sh, obj, v),
        (shape, v) => encode_leaf(sh, shape, v),
    }
}

/// [`encode`] of a value that holds no other, `None`, or the mismatch.
#[inline(never)]
fn encode_leaf(sh: &Shapes, shape: &Shape, v: &Value) -> Result<Msg, Error> {
    match (shape, v) {
        (_, Value::None) => Ok(Msg::Nil),
        (Shape::DateTime, Value::Datetime(t)) => Ok(Msg::Str(sh.style.datetime_text(*t))),
        (Shape::Date, Value::Datetime(t)) if t.is_midnight() => Ok(Msg::Str(t.to_date_string())),
        (Shape::Duration(style), Value::Duration(d)) => style.duration_msg(*d),
        (Shape::Bytes(style), Value::Bytes(b)) => style.bytes_msg(b),
        (Shape::Enum(allowed, ty), v) => {
            check_enum(sh.style, allowed, *ty, &v.to_json())?;
            encode_generic(v)
        }
        // Primitive shapes accept exactly what their decoding accepts back.
        (Shape::Any, v)
        | (Shape::Bool, v @ Value::Bool(_))
        | (Shape::Int, v @ (Value::Int(_) | Value::UInt(_)))
        | (Shape::Number, v @ (Value::Int(_) | Value::UInt(_) | Value::Float(_)))
        | (Shape::Str, v @ Value::String(_)) => encode_generic(v),
        (shape, v) => Err(Error::mismatch(shape_name(shape), v.kind_name())),
    }
}

/// A union: `None` as nil (above), else the first variant that writes the value.
#[inline(never)]
fn encode_union(sh: &Shapes, ids: &[ShapeId], v: &Value) -> Result<Msg, Error> {
    let mut errors = Vec::new();
    for &variant in ids.iter().filter(|i| !matches!(sh.get(**i), Shape::Null)) {
        match encode(sh, variant, v) {
            Ok(m) => return Ok(m),
            Err(e) if e.is_limit() => return Err(e),
            Err(e) => errors.push(e),
        }
    }
    Err(single_or_all(errors))
}

/// A list or a tuple: item `i` written as the `i`-th of `shapes`.
#[inline(never)]
fn encode_items(
    sh: &Shapes,
    shapes: impl Iterator<Item = ShapeId>,
    items: &[Value],
) -> Result<Msg, Error> {
    let mut out = Vec::with_capacity(items.len());
    for (i, (s, v)) in shapes.zip(items).enumerate() {
        out.push(encode(sh, s, v).map_err(|e| e.at_index(i))?);
    }
    Ok(Msg::Array(out))
}

/// A NamedTuple inside a struct: its fields as a plain array, in the tuple's order.
#[inline(never)]
fn encode_named_tuple(
    sh: &Shapes,
    fields: &[(String, ShapeId)],
    entries: &[(String, Value)],
) -> Result<Msg, Error> {
    let mut out = Vec::with_capacity(fields.len());
    for (name, s) in fields {
        let v = entries
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v)
            .ok_or_else(|| Error::new(ErrorKind::MissingField(name.clone())))?;
        out.push(encode(sh, *s, v).map_err(|e| e.at_key(name))?);
    }
    Ok(Msg::Array(out))
}

/// A `dict[str, V]`.
#[inline(never)]
fn encode_dict(sh: &Shapes, value: ShapeId, entries: &[(String, Value)]) -> Result<Msg, Error> {
    let mut out = Vec::with_capacity(entries.len());
    for (k, v) in entries {
        out.push((
            Msg::Str(k.clone()),
            encode(sh, value, v).map_err(|e| e.at_key(k))?,
        ));
    }
    Ok(Msg::Map(out))
}

fn encode_object(sh: &Shapes, obj: &Object, v: &Value) -> Result<Msg, Error> {
    let s = |t: &str| Msg::Str(t.to_string());
    match (obj.kind, v) {
        (ObjectKind::File, Value::File(f)) => Ok(f.to_msg()),
        (ObjectKind::Dir, Value::Dir(d)) => Ok(d.to_msg()),
        (ObjectKind::DataFrame, Value::DataFrame(d)) => Ok(d.to_msg()),
        (ObjectKind::TupleWrapper, Value::List(items)) if items.len() == obj.fields.len() => obj
            .fields
            .iter()
            .zip(items)
            .enumerate()
            .map(|(i, (f, v))| {
                Ok((
                    s(&f.name),
                    encode(sh, f.shape, v).map_err(|e| e.at_index(i))?,
                ))
            })
            .collect::<Result<_, Error>>()
            .map(Msg::Map),
        (ObjectKind::Plain, Value::Map(entries)) => {
            let mut present = vec![false; obj.fields.len()];
            let mut out = Vec::with_capacity(entries.len());
            for (k, v) in entries {
                let i = field_index(sh.style, obj, k, &present, entries.iter().map(|(k, _)| k))
                    .ok_or_else(|| Error::new(ErrorKind::UnknownField(k.clone())))?;
                present[i] = true;
                out.push((
                    s(k),
                    encode(sh, obj.fields[i].shape, v).map_err(|e| e.at_key(k))?,
                ));
            }
            if let Some((f, _)) = obj
                .fields
                .iter()
                .zip(&present)
                .find(|(f, p)| f.required && !**p)
            {
                return Err(ErrorKind::MissingField(f.name.clone()).into());
            }
            Ok(Msg::Map(out))
        }
        (_, v) => Err(Error::mismatch(
            shape_name(&Shape::Object(obj.clone())),
            v.kind_name(),
        )),
    }
}

/// The schema-less mapping back to msgpack.
pub(crate) fn encode_generic(v: &Value) -> Result<Msg, Error> {
    Ok(match v {
        Value::None => Msg::Nil,
        Value::Bool(b) => Msg::Bool(*b),
        Value::Int(i) => Msg::Int(*i),
        Value::UInt(u) => Msg::UInt(*u),
        Value::Float(f) => Msg::F64(*f),
        Value::String(s) => Msg::Str(s.clone()),
        Value::Bytes(b) => Msg::Bin(b.clone()),
        Value::List(items) => Msg::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, v)| encode_generic(v).map_err(|e| e.at_index(i)))
                .collect::<Result<_, _>>()?,
        ),
        Value::Map(entries) => Msg::Map(
            entries
                .iter()
                .map(|(k, v)| {
                    Ok((
                        Msg::Str(k.clone()),
                        encode_generic(v).map_err(|e| e.at_key(k))?,
                    ))
                })
                .collect::<Result<_, Error>>()?,
        ),
        other => {
            return Err(Error::mismatch(
                "a JSON-like value (no schema says how to write it)",
                other.kind_name(),
            ));
        }
    })
}

// ---------------------------------------------------------------- canonical JSON -> Value

/// A JSON value (the canonical form) read as the shape `id` says. Recursive like [`decode`],
/// with the leaf forms out of line for the same reason.
pub(crate) fn from_json(sh: &Shapes, id: ShapeId, j: &Json) -> Result<Value, Error> {
    let _step = sh.enter()?;
    match (sh.get(id), j) {
        (Shape::Array(item), Json::Array(items)) => {
            from_json_items(sh, items.iter().map(|_| *item), items)
        }
        (Shape::Tuple(ids), Json::Array(items)) if items.len() == ids.len() => {
            from_json_items(sh, ids.iter().copied(), items)
        }
        (Shape::NamedTuple(fields), Json::Object(map)) if map.len() == fields.len() => {
            from_json_named_tuple(sh, fields, map)
        }
        (Shape::Dict(value), Json::Object(map)) => from_json_dict(sh, *value, map),
        (Shape::Object(obj), j) => object_from_json(sh, obj, j),
        // A `$ref` reads as its target (see `decode`).
        (Shape::AnyOf(ids), j) if ids.len() == 1 => from_json(sh, ids[0], j),
        (Shape::AnyOf(ids), j) => from_json_union(sh, ids, j),
        (shape, j) => from_json_leaf(sh, shape, j),
    }
}

/// [`from_json`] of a shape that holds no other, or a container given the wrong JSON.
#[inline(never)]
fn from_json_leaf(sh: &Shapes, shape: &Shape, j: &Json) -> Result<Value, Error> {
    let mismatch = |what: &str| Err(Error::mismatch(what, json_kind(j)));
    match shape {
        Shape::Any => generic_json(j),
        Shape::Null => {
            if j.is_null() {
                Ok(Value::None)
            } else {
                mismatch("null")
            }
        }
        Shape::Bool => j
            .as_bool()
            .map(Value::Bool)
            .map_or_else(|| mismatch("a boolean"), Ok),
        // A Python int has no bound: above int64 it travels as msgpack uint64.
        Shape::Int => match (json_int(j), j.as_u64()) {
            (Some(i), _) => Ok(Value::Int(i)),
            (None, Some(u)) if !j.is_f64() => Ok(Value::UInt(u)),
            _ => mismatch("an integer"),
        },
        // An integer for a float field is read as the float the SDK reads it as (1 -> 1.0), so
        // that JSON -> literal -> value gives the value back.
        Shape::Number => match json_int(j) {
            Some(i) => Ok(Value::Float(i as f64)),
            None => json_float(j)
                .map(Value::Float)
                .map_or_else(|| mismatch("a number"), Ok),
        },
        Shape::Str => j
            .as_str()
            .map(|s| Value::String(s.into()))
            .map_or_else(|| mismatch("a string"), Ok),
        Shape::Enum(allowed, ty) => {
            check_enum(sh.style, allowed, *ty, j)?;
            generic_json(j)
        }
        Shape::DateTime => json_datetime(j),
        Shape::Date => match j.as_str().and_then(parse_date_string) {
            Some(t) => Ok(Value::Datetime(t)),
            None => json_datetime(j),
        },
        Shape::Duration(_) => json_duration(j),
        Shape::Bytes(_) => json_bytes(j),
        Shape::Array(_) => mismatch("an array"),
        Shape::Tuple(ids) => mismatch(&format!("an array of {} items", ids.len())),
        Shape::NamedTuple(fields) => mismatch(&format!("an object of {} fields", fields.len())),
        Shape::Dict(_) => mismatch("an object"),
        Shape::Object(_) | Shape::AnyOf(_) => unreachable!("read by from_json"),
    }
}

/// A JSON array as a list or a tuple: item `i` read as the `i`-th of `shapes`.
#[inline(never)]
fn from_json_items(
    sh: &Shapes,
    shapes: impl Iterator<Item = ShapeId>,
    items: &[Json],
) -> Result<Value, Error> {
    let mut out = Vec::with_capacity(items.len());
    for (i, (s, j)) in shapes.zip(items).enumerate() {
        out.push(from_json(sh, s, j).map_err(|e| e.at_index(i))?);
    }
    Ok(Value::List(out))
}

/// A NamedTuple given as a JSON object of its fields.
#[inline(never)]
fn from_json_named_tuple(
    sh: &Shapes,
    fields: &[(String, ShapeId)],
    map: &serde_json::Map<String, Json>,
) -> Result<Value, Error> {
    let mut out = Vec::with_capacity(fields.len());
    for (name, s) in fields {
        let j = map
            .get(name)
            .ok_or_else(|| Error::new(ErrorKind::MissingField(name.clone())))?;
        out.push((
            name.clone(),
            from_json(sh, *s, j).map_err(|e| e.at_key(name))?,
        ));
    }
    Ok(Value::Map(out))
}

/// A `dict[str, V]` given as a JSON object.
#[inline(never)]
fn from_json_dict(
    sh: &Shapes,
    value: ShapeId,
    map: &serde_json::Map<String, Json>,
) -> Result<Value, Error> {
    let mut out = Vec::with_capacity(map.len());
    for (k, j) in map {
        out.push((k.clone(), from_json(sh, value, j).map_err(|e| e.at_key(k))?));
    }
    Ok(Value::Map(out))
}

/// A union given as JSON: `null` for a variant that takes it, else the first variant that
/// reads (the canonical JSON was written from a value of one of them).
#[inline(never)]
fn from_json_union(sh: &Shapes, ids: &[ShapeId], j: &Json) -> Result<Value, Error> {
    if j.is_null() && ids.iter().any(|i| accepts_null(sh, *i)) {
        return Ok(Value::None);
    }
    // An integer goes to an int variant before a float one (`1` of a `Union[float, int]`
    // holding an int; a float's canonical JSON has a fraction or exponent).
    let int_first = (j.is_i64() || j.is_u64())
        .then(|| {
            ids.iter()
                .find(|&&i| matches!(sh.get(target(sh, i)), Shape::Int))
        })
        .flatten();
    let last = |i: &ShapeId| j.as_str().is_some_and(|s| enum_yields_date_text(sh, *i, s));
    let order = int_first.into_iter().chain(
        ids.iter()
            .filter(|&i| Some(i) != int_first && !last(i))
            .chain(ids.iter().filter(|&i| last(i))),
    );
    let mut errors = Vec::new();
    for &variant in order {
        match from_json(sh, variant, j) {
            Ok(v) => return Ok(v),
            Err(e) if e.is_limit() => return Err(e),
            Err(e) => errors.push(e),
        }
    }
    Err(single_or_all(errors))
}

fn object_from_json(sh: &Shapes, obj: &Object, j: &Json) -> Result<Value, Error> {
    match obj.kind {
        ObjectKind::File => Ok(Value::File(Box::new(blob_handle(j, "$file")?.into()))),
        ObjectKind::Dir => Ok(Value::Dir(Box::new(blob_handle(j, "$dir")?.into()))),
        ObjectKind::DataFrame => Ok(Value::DataFrame(Box::new(dataframe_handle(
            j,
            &StructuredDatasetType::default(),
        )?))),
        ObjectKind::TupleWrapper => match j {
            Json::Array(items) if items.len() == obj.fields.len() => obj
                .fields
                .iter()
                .zip(items)
                .enumerate()
                .map(|(i, (f, j))| from_json(sh, f.shape, j).map_err(|e| e.at_index(i)))
                .collect::<Result<_, _>>()
                .map(Value::List),
            _ => Err(Error::mismatch(
                format!("an array of {} items", obj.fields.len()),
                json_kind(j),
            )),
        },
        ObjectKind::Plain => {
            let Json::Object(map) = j else {
                return Err(Error::mismatch("an object", json_kind(j)));
            };
            let mut out = Vec::with_capacity(obj.fields.len());
            let mut present = vec![false; obj.fields.len()];
            for (k, j) in map {
                let i = field_index(sh.style, obj, k, &present, map.keys())
                    .ok_or_else(|| Error::new(ErrorKind::UnknownField(k.clone())))?;
                present[i] = true;
                out.push((
                    k.clone(),
                    from_json(sh, obj.fields[i].shape, j).map_err(|e| e.at_key(k))?,
                ));
            }
            // mashumaro and pydantic write every field: fill in what the JSON left out.
            for (f, _) in obj.fields.iter().zip(&present).filter(|(_, p)| !**p) {
                match &f.default {
                    Some(d) => out.push((
                        f.name.clone(),
                        from_json(sh, f.shape, d).map_err(|e| e.at_key(&f.name))?,
                    )),
                    None if f.required => {
                        return Err(ErrorKind::MissingField(f.name.clone()).into());
                    }
                    None => {}
                }
            }
            Ok(Value::Map(out))
        }
    }
}

/// The schema-less reading of canonical JSON.
pub(crate) fn generic_json(j: &Json) -> Result<Value, Error> {
    Ok(match j {
        Json::Null => Value::None,
        Json::Bool(b) => Value::Bool(*b),
        Json::Number(n) if n.is_f64() => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
        Json::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => Value::Int(i),
            (None, Some(u)) => Value::UInt(u),
            _ => return Err(ErrorKind::OutOfRange(format!("integer {n}")).into()),
        },
        Json::String(s) => Value::String(s.clone()),
        Json::Array(items) => Value::List(
            items
                .iter()
                .enumerate()
                .map(|(i, j)| generic_json(j).map_err(|e| e.at_index(i)))
                .collect::<Result<_, _>>()?,
        ),
        Json::Object(map) if map.len() == 1 && map.contains_key("$bytes") => json_bytes(j)?,
        Json::Object(map) => Value::Map(
            map.iter()
                .map(|(k, j)| Ok((k.clone(), generic_json(j).map_err(|e| e.at_key(k))?)))
                .collect::<Result<_, Error>>()?,
        ),
    })
}

pub(crate) fn json_int(j: &Json) -> Option<i64> {
    match j {
        Json::Number(n) if !n.is_f64() => n.as_i64(),
        _ => None,
    }
}

/// A float in canonical JSON: a number written with `.` / exponent, or NaN / ±Infinity text.
pub(crate) fn json_float(j: &Json) -> Option<f64> {
    match j {
        Json::Number(n) if n.is_f64() => n.as_f64(),
        Json::String(s) => match s.as_str() {
            "NaN" => Some(f64::NAN),
            "Infinity" => Some(f64::INFINITY),
            "-Infinity" => Some(f64::NEG_INFINITY),
            _ => None,
        },
        _ => None,
    }
}

pub(crate) fn json_datetime(j: &Json) -> Result<Value, Error> {
    j.as_str()
        .and_then(Timestamp::parse_iso)
        .map(|(t, _)| Value::Datetime(t))
        .ok_or_else(|| Error::mismatch("an RFC 3339 datetime string", j.to_string()))
}

pub(crate) fn json_duration(j: &Json) -> Result<Value, Error> {
    let parts = j.as_object().filter(|o| o.len() == 2).and_then(|o| {
        let s = json_int(o.get("seconds")?)?;
        let n = i32::try_from(json_int(o.get("nanos")?)?).ok()?;
        Duration::new(s, n)
    });
    parts.map(Value::Duration).ok_or_else(|| {
        Error::mismatch(
            "{\"seconds\": S, \"nanos\": N} with one sign",
            j.to_string(),
        )
    })
}

pub(crate) fn json_bytes(j: &Json) -> Result<Value, Error> {
    j.get("$bytes")
        .and_then(Json::as_str)
        .and_then(|s| B64.decode(s).ok())
        .map(Value::Bytes)
        .ok_or_else(|| Error::mismatch("{\"$bytes\": base64}", json_kind(j)))
}

fn handle_body<'a>(j: &'a Json, key: &str) -> Result<&'a serde_json::Map<String, Json>, Error> {
    j.get(key)
        .and_then(Json::as_object)
        .filter(|_| j.as_object().is_some_and(|o| o.len() == 1))
        .ok_or_else(|| Error::mismatch(format!("{{\"{key}\": {{…}}}}"), json_kind(j)))
}

fn string_field(body: &serde_json::Map<String, Json>, key: &str) -> Result<Option<String>, Error> {
    match body.get(key) {
        None => Ok(None),
        Some(Json::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(Error::mismatch("a string", json_kind(other)).at_key(key)),
    }
}

pub(crate) fn blob_handle(j: &Json, key: &str) -> Result<BlobParts, Error> {
    let body = handle_body(j, key)?;
    Ok(BlobParts {
        name: None,
        uri: string_field(body, "uri")?
            .ok_or_else(|| Error::new(ErrorKind::MissingField("uri".into())))?,
        format: string_field(body, "format")?.unwrap_or_default(),
        hash: string_field(body, "hash")?,
    })
}

/// A `{"$dataframe": {uri, format, columns, hash}}` handle; each `[name, type_text]` column is
/// the declared column of that name when its text matches, else its text parsed.
pub(crate) fn dataframe_handle(
    j: &Json,
    declared: &StructuredDatasetType,
) -> Result<DataFrame, Error> {
    let body = handle_body(j, "$dataframe")?;
    let mut columns = Vec::new();
    if let Some(cols) = body.get("columns") {
        for (i, c) in cols.as_array().into_iter().flatten().enumerate() {
            let at = |e: Error| e.at_index(i).at_key("columns");
            match c.as_array().map(Vec::as_slice) {
                Some([Json::String(n), Json::String(t)]) => {
                    columns.push(column_literal_type(declared, n, t).map_err(at)?)
                }
                _ => return Err(at(Error::mismatch("[name, type_text]", json_kind(c)))),
            }
        }
    }
    let uri = string_field(body, "uri")?
        .ok_or_else(|| Error::new(ErrorKind::MissingField("uri".into())))?;
    let format = string_field(body, "format")?.unwrap_or_default();
    let mut df = DataFrame::from_existing_remote(uri, format).with_columns(columns);
    df.hash = string_field(body, "hash")?;
    Ok(df)
}
