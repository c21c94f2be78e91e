//! Flyte 2's UI rendering of literals, `flyte.types.literal_string_repr`
//! (`flyte/types/_string_literals.py`, notes §3.5), as used by `flyte get io` and
//! `ActionInputs.__repr__`.
//!
//! The result is a typed tree, [`Rendered`], rather than a `serde_json::Value`: the SDK returns
//! Python objects, some of which JSON cannot hold as such (the `bytes` of a non-msgpack binary,
//! non-finite floats) and some of which are turned into text with Python's `str()` (artifact
//! annotations). [`Rendered::to_json`] gives the JSON form used by the golden file
//! `literal_string_repr.json` and by `flyte-types render`:
//!
//! * `bytes` → `{"python_bytes_value": "<base64 text>"}`;
//! * NaN / ±infinity → the strings `"NaN"`, `"Infinity"`, `"-Infinity"`;
//! * everything else as the obvious JSON value (a Python `float` stays a JSON float: `2.0`).
//!
//! Where Python raises, [`render_literal`] returns an error of kind
//! [`ErrorKind::Render`](crate::ErrorKind::Render).
//!
//! Map order: the SDK iterates protobuf maps in upb's internal order, which is unspecified; here
//! map entries (`LiteralMap`, `Struct`) come in key order. Named literals (`Inputs` / `Outputs`)
//! keep their stored order, a repeated name keeping its first position and last value (a Python
//! dict built in order).

use crate::Error;
use crate::hash::py::{self, Py};
use crate::idl::core::{
    Literal, LiteralMap, LiteralOffloadedMetadata, LiteralType, literal, primitive, scalar,
};
use crate::idl::task::{Inputs, NamedLiteral, Outputs};
use crate::taskio::TaskIoFile;
use base64::Engine as _;

/// A rendered value: the Python object `literal_string_repr` returns.
#[derive(Debug, Clone, PartialEq)]
pub enum Rendered {
    /// `None`.
    None,
    /// `bool`.
    Bool(bool),
    /// `int`.
    Int(i64),
    /// `float`.
    Float(f64),
    /// `str`.
    Str(String),
    /// `bytes` holding base64 text (a non-msgpack `Binary`).
    Bytes(String),
    /// `list`.
    List(Vec<Rendered>),
    /// `dict`, in insertion order.
    Dict(Vec<(String, Rendered)>),
}

/// Why a literal cannot be rendered (the SDK raises in the same places): the detail of
/// [`ErrorKind::Render`](crate::ErrorKind::Render).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RenderErrorKind {
    /// A literal, scalar or primitive with no value set.
    Empty {
        /// Where in the input (`inputs.x[2]`).
        path: String,
        /// `literal`, `scalar` or `primitive`.
        what: &'static str,
    },
    /// A datetime outside what Python's `datetime` can hold.
    TimestampOutOfRange {
        /// Where in the input.
        path: String,
        /// `Timestamp.seconds`.
        seconds: i64,
        /// `Timestamp.nanos`.
        nanos: i32,
    },
    /// A msgpack binary that Python's `json.dumps(msgpack.unpackb(v))` cannot render.
    Msgpack {
        /// Where in the input.
        path: String,
        /// What is wrong.
        reason: String,
    },
    /// A `Struct` (`generic`) holding NaN or infinity, which `MessageToDict` refuses.
    NonFiniteStruct {
        /// Where in the input.
        path: String,
    },
}

impl std::fmt::Display for RenderErrorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RenderErrorKind::Empty { path, what } => write!(
                f,
                "cannot render {path}: the {what} has no value set (an empty message); the SDK raises 'Unknown {what} type'"
            ),
            RenderErrorKind::TimestampOutOfRange {
                path,
                seconds,
                nanos,
            } => write!(
                f,
                "cannot render {path}: timestamp seconds={seconds} nanos={nanos} is outside 0001-01-01..9999-12-31 (seconds in [-62135596800, 253402300799], nanos in [0, 999999999])"
            ),
            RenderErrorKind::Msgpack { path, reason } => {
                write!(f, "cannot render {path}: msgpack binary {reason}")
            }
            RenderErrorKind::NonFiniteStruct { path } => write!(
                f,
                "cannot render {path}: generic Struct holds a non-finite number_value, which MessageToDict refuses"
            ),
        }
    }
}

/// `literal_string_repr(Literal)`: the rendering of one literal.
pub fn render_literal(lit: &Literal) -> Result<Rendered, Error> {
    Ok(literal_repr(lit, "literal")?)
}

/// `literal_string_repr(Inputs)`: `{name: rendering}` in stored order (context not shown).
pub fn render_inputs(inputs: &Inputs) -> Result<Rendered, Error> {
    Ok(named(&inputs.literals, "inputs")?)
}

/// `literal_string_repr(Outputs)`: like inputs, plus ` (produced artifact: name[@version])` after
/// each output that a `produced_artifacts` entry with a name declares.
pub fn render_outputs(outputs: &Outputs) -> Result<Rendered, Error> {
    let mut rendered = named(&outputs.literals, "outputs")?;
    if let Rendered::Dict(entries) = &mut rendered {
        for decl in &outputs.produced_artifacts {
            if decl.name.is_empty() {
                continue;
            }
            let mut name = decl.name.clone();
            if !decl.version.is_empty() {
                name = format!("{name}@{}", decl.version);
            }
            if let Some((_, v)) = entries.iter_mut().find(|(k, _)| *k == decl.output) {
                *v = Rendered::Str(format!("{} (produced artifact: {name})", v.py_str()));
            }
        }
    }
    Ok(rendered)
}

/// `literal_string_repr(LiteralMap)`: `{key: rendering}` in key order.
pub fn render_literal_map(map: &LiteralMap) -> Result<Rendered, Error> {
    let mut out = Vec::with_capacity(map.literals.len());
    for (k, v) in &map.literals {
        out.push((k.clone(), literal_repr(v, &format!("map.{k}"))?));
    }
    Ok(Rendered::Dict(out))
}

/// `literal_string_repr(NamedLiteral)`: `{name: rendering}`.
pub fn render_named_literal(nl: &NamedLiteral) -> Result<Rendered, Error> {
    Ok(named(std::slice::from_ref(nl), "literal")?)
}

/// The rendering of a task I/O file.
pub fn render_file(file: &TaskIoFile) -> Result<Rendered, Error> {
    match file {
        TaskIoFile::Inputs(i) => render_inputs(i),
        TaskIoFile::Outputs(o) => render_outputs(o),
        TaskIoFile::LiteralMap(m) => render_literal_map(m),
    }
}

fn named(literals: &[NamedLiteral], root: &str) -> Result<Rendered, RenderErrorKind> {
    let empty = Literal::default();
    let mut out: Vec<(String, Rendered)> = Vec::new();
    for nl in literals {
        let r = literal_repr(
            nl.value.as_ref().unwrap_or(&empty),
            &format!("{root}.{}", nl.name),
        )?;
        match out.iter_mut().find(|(k, _)| *k == nl.name) {
            Some(slot) => slot.1 = r,
            None => out.push((nl.name.clone(), r)),
        }
    }
    Ok(Rendered::Dict(out))
}

fn literal_repr(lit: &Literal, path: &str) -> Result<Rendered, RenderErrorKind> {
    let rendered = match &lit.value {
        Some(literal::Value::Scalar(s)) => scalar_repr(&s.value, path)?,
        Some(literal::Value::Collection(c)) => Rendered::List(
            c.literals
                .iter()
                .enumerate()
                .map(|(i, l)| literal_repr(l, &format!("{path}[{i}]")))
                .collect::<Result<_, _>>()?,
        ),
        Some(literal::Value::Map(m)) => Rendered::Dict(
            m.literals
                .iter()
                .map(|(k, v)| Ok((k.clone(), literal_repr(v, &format!("{path}.{k}"))?)))
                .collect::<Result<_, _>>()?,
        ),
        Some(literal::Value::OffloadedMetadata(m)) => {
            Rendered::Str(format!("Offloaded literal metadata: {}", offloaded_text(m)))
        }
        None => {
            return Err(RenderErrorKind::Empty {
                path: path.into(),
                what: "literal",
            });
        }
    };
    match &lit.artifact_id {
        Some(a) => {
            let key = a.key.clone().unwrap_or_default();
            Ok(Rendered::Str(format!(
                "{} (artifact: {}/{}/{}/{}@{})",
                rendered.py_str(),
                key.org,
                key.project,
                key.domain,
                key.name,
                a.version
            )))
        }
        None => Ok(rendered),
    }
}

fn scalar_repr(value: &Option<scalar::Value>, path: &str) -> Result<Rendered, RenderErrorKind> {
    Ok(match value {
        Some(scalar::Value::Primitive(p)) => match &p.value {
            Some(primitive::Value::Integer(i)) => Rendered::Int(*i),
            Some(primitive::Value::FloatValue(f)) => Rendered::Float(*f),
            Some(primitive::Value::Boolean(b)) => Rendered::Bool(*b),
            Some(primitive::Value::StringValue(s)) => Rendered::Str(s.clone()),
            Some(primitive::Value::Datetime(ts)) => Rendered::Str(
                isoformat(ts.seconds, ts.nanos).ok_or(RenderErrorKind::TimestampOutOfRange {
                    path: path.into(),
                    seconds: ts.seconds,
                    nanos: ts.nanos,
                })?,
            ),
            // `Duration.ToSeconds()` is `self.seconds`: truncated toward zero.
            Some(primitive::Value::Duration(d)) => Rendered::Int(d.seconds),
            None => {
                return Err(RenderErrorKind::Empty {
                    path: path.into(),
                    what: "primitive",
                });
            }
        },
        Some(scalar::Value::NoneType(_)) => Rendered::None,
        Some(scalar::Value::Error(e)) => Rendered::Str(e.message.clone()),
        Some(scalar::Value::StructuredDataset(sd)) => Rendered::Str(sd.uri.clone()),
        Some(scalar::Value::Schema(s)) => Rendered::Str(s.uri.clone()),
        Some(scalar::Value::Blob(b)) => Rendered::Str(b.uri.clone()),
        Some(scalar::Value::Binary(b)) if b.tag == crate::hash::MSGPACK_TAG => Rendered::Str(
            msgpack_json(&b.value).map_err(|reason| RenderErrorKind::Msgpack {
                path: path.into(),
                reason,
            })?,
        ),
        Some(scalar::Value::Binary(b)) => {
            Rendered::Bytes(base64::engine::general_purpose::STANDARD.encode(&b.value))
        }
        Some(scalar::Value::Generic(s)) => {
            struct_dict(s).ok_or(RenderErrorKind::NonFiniteStruct { path: path.into() })?
        }
        Some(scalar::Value::Union(u)) => match &u.value {
            Some(inner) => literal_repr(inner, path)?,
            None => {
                return Err(RenderErrorKind::Empty {
                    path: path.into(),
                    what: "literal",
                });
            }
        },
        None => {
            return Err(RenderErrorKind::Empty {
                path: path.into(),
                what: "scalar",
            });
        }
    })
}

/// `Timestamp.ToDatetime().isoformat()` (naive UTC); `None` outside Python's range.
fn isoformat(seconds: i64, nanos: i32) -> Option<String> {
    if !(-62_135_596_800..=253_402_300_799).contains(&seconds)
        || !(0..=999_999_999).contains(&nanos)
    {
        return None;
    }
    let days = seconds.div_euclid(86_400);
    let secs = seconds.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    let micros = nanos / 1000;
    let mut s = format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}",
        secs / 3600,
        (secs / 60) % 60,
        secs % 60
    );
    if micros != 0 {
        s.push_str(&format!(".{micros:06}"));
    }
    Some(s)
}

/// Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// `MessageToDict(Struct)`: numbers are always floats; `None` on NaN / infinity.
fn struct_dict(s: &prost_types::Struct) -> Option<Rendered> {
    s.fields
        .iter()
        .map(|(k, v)| Some((k.clone(), struct_value(v)?)))
        .collect::<Option<Vec<_>>>()
        .map(Rendered::Dict)
}

fn struct_value(v: &prost_types::Value) -> Option<Rendered> {
    use prost_types::value::Kind;
    Some(match &v.kind {
        None | Some(Kind::NullValue(_)) => Rendered::None,
        Some(Kind::NumberValue(n)) if !n.is_finite() => return None,
        Some(Kind::NumberValue(n)) => Rendered::Float(*n),
        Some(Kind::StringValue(s)) => Rendered::Str(s.clone()),
        Some(Kind::BoolValue(b)) => Rendered::Bool(*b),
        Some(Kind::StructValue(s)) => struct_dict(s)?,
        Some(Kind::ListValue(l)) => {
            Rendered::List(l.values.iter().map(struct_value).collect::<Option<_>>()?)
        }
    })
}

// ---------------------------------------------------------------------------------------------
// msgpack → json.dumps text

/// `json.dumps(msgpack.unpackb(data))` with Python's defaults (`strict_map_key=True`, `", "` and
/// `": "` separators, `ensure_ascii`, `allow_nan`, float `repr`).
pub fn msgpack_json(data: &[u8]) -> Result<String, String> {
    let obj = py::unpack(data).ok_or_else(|| {
        "cannot be decoded (malformed msgpack, trailing bytes, invalid UTF-8 or an unhashable map key)".to_string()
    })?;
    let mut out = String::new();
    json_dumps(&obj, &mut out)?;
    Ok(out)
}

fn json_dumps(obj: &Py, out: &mut String) -> Result<(), String> {
    match obj {
        Py::Nil => out.push_str("null"),
        Py::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Py::Int(i) => out.push_str(&i.to_string()),
        Py::Float(f) => out.push_str(&json_float(*f)),
        Py::Str(s) => json_string(s, out),
        Py::Bytes(_) => return Err("holds bytes, which json.dumps cannot serialize".into()),
        Py::Ext(code, _) => {
            return Err(format!(
                "holds extension type {code}, which json.dumps cannot serialize"
            ));
        }
        Py::Timestamp(..) => {
            return Err("holds a msgpack Timestamp, which json.dumps cannot serialize".into());
        }
        Py::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                json_dumps(item, out)?;
            }
            out.push(']');
        }
        Py::Dict(pairs) => {
            // strict_map_key=True: unpackb accepts only str / bytes keys; json.dumps only str.
            for (k, _) in pairs {
                match k {
                    Py::Str(_) => {}
                    Py::Bytes(_) => {
                        return Err("has a bytes map key, which json.dumps cannot serialize".into());
                    }
                    _ => {
                        return Err(
                            "has a map key that is not a string (unpackb's strict_map_key)".into(),
                        );
                    }
                }
            }
            out.push('{');
            for (i, (k, v)) in pairs.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                if let Py::Str(s) = k {
                    json_string(s, out);
                }
                out.push_str(": ");
                json_dumps(v, out)?;
            }
            out.push('}');
        }
    }
    Ok(())
}

fn json_float(f: f64) -> String {
    if f.is_nan() {
        "NaN".into()
    } else if f.is_infinite() {
        if f > 0.0 {
            "Infinity".into()
        } else {
            "-Infinity".into()
        }
    } else {
        py_float_repr(f)
    }
}

/// `json.dumps` string with `ensure_ascii=True`.
fn json_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            ' '..='~' => out.push(c),
            _ => {
                let mut buf = [0u16; 2];
                for unit in c.encode_utf16(&mut buf) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
        }
    }
    out.push('"');
}

/// Python's `repr(float)`: the shortest digits that round-trip, in fixed notation when the
/// decimal exponent is in [-4, 16), else `d.ddde±XX`; integral values get `.0`.
pub fn py_float_repr(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if f == 0.0 {
        return if f.is_sign_negative() {
            "-0.0".into()
        } else {
            "0.0".into()
        };
    }
    // Rust's `{:e}` gives the shortest round-trip digits: "-1.2345e-7".
    let sci = format!("{f:e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => ("-", m),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let n = digits.len() as i32;
    if (-4..16).contains(&exp) {
        let point = exp + 1; // digits before the decimal point
        let body = if point <= 0 {
            format!("0.{}{digits}", "0".repeat((-point) as usize))
        } else if point >= n {
            format!("{digits}{}.0", "0".repeat((point - n) as usize))
        } else {
            format!(
                "{}.{}",
                &digits[..point as usize],
                &digits[point as usize..]
            )
        };
        format!("{sign}{body}")
    } else {
        let frac = if n > 1 {
            format!(".{}", &digits[1..])
        } else {
            String::new()
        };
        let esign = if exp < 0 { '-' } else { '+' };
        format!("{sign}{}{frac}e{esign}{:02}", &digits[..1], exp.abs())
    }
}

// ---------------------------------------------------------------------------------------------
// Python str() / repr() of a rendered value (artifact annotations)

impl Rendered {
    /// Python `str(value)`: a `str` as itself, everything else as `repr`.
    pub fn py_str(&self) -> String {
        match self {
            Rendered::Str(s) => s.clone(),
            other => other.py_repr(),
        }
    }

    /// Python `repr(value)`. Non-printable characters are escaped following `str.isprintable`
    /// for the control, format, separator and private-use ranges; unassigned code points are not
    /// known here and are kept.
    pub fn py_repr(&self) -> String {
        match self {
            Rendered::None => "None".into(),
            Rendered::Bool(true) => "True".into(),
            Rendered::Bool(false) => "False".into(),
            Rendered::Int(i) => i.to_string(),
            Rendered::Float(f) => py_float_repr(*f),
            Rendered::Str(s) => py_str_repr(s),
            Rendered::Bytes(b) => format!("b{}", py_str_repr(b)),
            Rendered::List(items) => {
                format!(
                    "[{}]",
                    items
                        .iter()
                        .map(Rendered::py_repr)
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            }
            Rendered::Dict(pairs) => format!(
                "{{{}}}",
                pairs
                    .iter()
                    .map(|(k, v)| format!("{}: {}", py_str_repr(k), v.py_repr()))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }

    /// The JSON form (see the module docs) as a `serde_json::Value`: a dict's entries in the
    /// order of `serde_json`'s map (sorted, unless the final build turns on its
    /// `preserve_order`); serializing the [`Rendered`] itself keeps their order.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value;
        match self {
            Rendered::None => Value::Null,
            Rendered::Bool(b) => Value::Bool(*b),
            Rendered::Int(i) => Value::from(*i),
            Rendered::Float(f) => match serde_json::Number::from_f64(*f) {
                Some(n) => Value::Number(n),
                None => Value::String(json_float(*f)),
            },
            Rendered::Str(s) => Value::String(s.clone()),
            Rendered::Bytes(b) => {
                let mut m = serde_json::Map::new();
                m.insert("python_bytes_value".into(), Value::String(b.clone()));
                Value::Object(m)
            }
            Rendered::List(items) => Value::Array(items.iter().map(Rendered::to_json).collect()),
            Rendered::Dict(pairs) => Value::Object(
                pairs
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_json()))
                    .collect(),
            ),
        }
    }
}

/// The JSON form of [`Rendered::to_json`], written straight to a serde serializer: a dict's
/// entries in their order whatever `serde_json`'s map type is in the final build.
impl serde::Serialize for Rendered {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        match self {
            Rendered::List(items) => {
                let mut s = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    s.serialize_element(item)?;
                }
                s.end()
            }
            Rendered::Dict(pairs) => {
                let mut m = serializer.serialize_map(Some(pairs.len()))?;
                for (k, v) in pairs {
                    m.serialize_entry(k, v)?;
                }
                m.end()
            }
            // Scalars and the one-key bytes object: no order to keep.
            _ => self.to_json().serialize(serializer),
        }
    }
}

fn py_printable(c: char) -> bool {
    let u = c as u32;
    !(u < 0x20
        || (0x7f..=0xa0).contains(&u)
        || u == 0xad
        || u == 0x1680
        || u == 0x180e
        || (0x2000..=0x200f).contains(&u)
        || (0x2028..=0x202f).contains(&u)
        || (0x205f..=0x2064).contains(&u)
        || (0x2066..=0x206f).contains(&u)
        || u == 0x3000
        || (0xe000..=0xf8ff).contains(&u)
        || u == 0xfeff
        || (0xfff9..=0xfffb).contains(&u)
        || u == 0xfffe
        || u == 0xffff
        || (0xf0000..=0x10ffff).contains(&u))
}

/// Python `repr(str)`.
fn py_str_repr(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if py_printable(c) => out.push(c),
            c if (c as u32) < 0x100 => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push(quote);
    out
}

// ---------------------------------------------------------------------------------------------
// Protobuf text format of LiteralOffloadedMetadata (Python `str(message)`)

fn offloaded_text(m: &LiteralOffloadedMetadata) -> String {
    let mut t = Text::default();
    if !m.uri.is_empty() {
        t.string("uri", m.uri.as_bytes());
    }
    if m.size_bytes != 0 {
        t.scalar("size_bytes", &m.size_bytes.to_string());
    }
    if let Some(ty) = &m.inferred_type {
        t.open("inferred_type");
        literal_type_text(&mut t, ty);
        t.close();
    }
    t.out
}

/// A protobuf text-format writer with Python's `text_format.MessageToString` layout.
#[derive(Default)]
struct Text {
    out: String,
    indent: usize,
}

impl Text {
    fn line(&mut self, s: &str) {
        self.out.push_str(&" ".repeat(self.indent));
        self.out.push_str(s);
        self.out.push('\n');
    }
    fn scalar(&mut self, name: &str, v: &str) {
        self.line(&format!("{name}: {v}"));
    }
    fn string(&mut self, name: &str, v: &[u8]) {
        let mut e = String::new();
        for &b in v {
            match b {
                b'\n' => e.push_str("\\n"),
                b'\r' => e.push_str("\\r"),
                b'\t' => e.push_str("\\t"),
                b'"' => e.push_str("\\\""),
                b'\'' => e.push_str("\\'"),
                b'\\' => e.push_str("\\\\"),
                0x20..=0x7e => e.push(b as char),
                _ => e.push_str(&format!("\\{b:03o}")),
            }
        }
        self.line(&format!("{name}: \"{e}\""));
    }
    fn open(&mut self, name: &str) {
        self.line(&format!("{name} {{"));
        self.indent += 2;
    }
    fn close(&mut self) {
        self.indent -= 2;
        self.line("}");
    }
}

fn literal_type_text(t: &mut Text, ty: &LiteralType) {
    use crate::idl::core::literal_type::Type;
    match &ty.r#type {
        Some(Type::Simple(s)) => {
            let name = crate::idl::core::SimpleType::try_from(*s)
                .map(|s| s.as_str_name().to_string())
                .unwrap_or_else(|_| s.to_string());
            t.scalar("simple", &name);
        }
        Some(Type::Schema(s)) => {
            t.open("schema");
            for c in &s.columns {
                t.open("columns");
                if !c.name.is_empty() {
                    t.string("name", c.name.as_bytes());
                }
                if c.r#type != 0 {
                    let name =
                        crate::idl::core::schema_type::schema_column::SchemaColumnType::try_from(
                            c.r#type,
                        )
                        .map(|s| s.as_str_name().to_string())
                        .unwrap_or_else(|_| c.r#type.to_string());
                    t.scalar("type", &name);
                }
                t.close();
            }
            t.close();
        }
        Some(Type::CollectionType(inner)) => {
            t.open("collection_type");
            literal_type_text(t, inner);
            t.close();
        }
        Some(Type::MapValueType(inner)) => {
            t.open("map_value_type");
            literal_type_text(t, inner);
            t.close();
        }
        Some(Type::Blob(b)) => {
            t.open("blob");
            if !b.format.is_empty() {
                t.string("format", b.format.as_bytes());
            }
            if b.dimensionality == 1 {
                t.scalar("dimensionality", "MULTIPART");
            } else if b.dimensionality != 0 {
                t.scalar("dimensionality", &b.dimensionality.to_string());
            }
            t.close();
        }
        _ => {}
    }
    if let Some(md) = &ty.metadata {
        t.open("metadata");
        struct_text(t, md);
        t.close();
    }
    if let Some(Type::EnumType(e)) = &ty.r#type {
        t.open("enum_type");
        for v in &e.values {
            t.string("values", v.as_bytes());
        }
        t.close();
    }
    if let Some(Type::StructuredDatasetType(sd)) = &ty.r#type {
        t.open("structured_dataset_type");
        for c in &sd.columns {
            t.open("columns");
            if !c.name.is_empty() {
                t.string("name", c.name.as_bytes());
            }
            if let Some(lt) = &c.literal_type {
                t.open("literal_type");
                literal_type_text(t, lt);
                t.close();
            }
            t.close();
        }
        if !sd.format.is_empty() {
            t.string("format", sd.format.as_bytes());
        }
        if !sd.external_schema_type.is_empty() {
            t.string("external_schema_type", sd.external_schema_type.as_bytes());
        }
        if !sd.external_schema_bytes.is_empty() {
            t.string("external_schema_bytes", &sd.external_schema_bytes);
        }
        t.close();
    }
    if let Some(a) = &ty.annotation {
        t.open("annotation");
        if let Some(s) = &a.annotations {
            t.open("annotations");
            struct_text(t, s);
            t.close();
        }
        t.close();
    }
    if let Some(Type::UnionType(u)) = &ty.r#type {
        t.open("union_type");
        for v in &u.variants {
            t.open("variants");
            literal_type_text(t, v);
            t.close();
        }
        t.close();
    }
    if let Some(s) = &ty.structure {
        t.open("structure");
        if !s.tag.is_empty() {
            t.string("tag", s.tag.as_bytes());
        }
        for (k, v) in &s.dataclass_type {
            t.open("dataclass_type");
            t.string("key", k.as_bytes());
            t.open("value");
            literal_type_text(t, v);
            t.close();
            t.close();
        }
        t.close();
    }
}

fn struct_text(t: &mut Text, s: &prost_types::Struct) {
    for (k, v) in &s.fields {
        t.open("fields");
        t.string("key", k.as_bytes());
        t.open("value");
        value_text(t, v);
        t.close();
        t.close();
    }
}

fn value_text(t: &mut Text, v: &prost_types::Value) {
    use prost_types::value::Kind;
    match &v.kind {
        None => {}
        Some(Kind::NullValue(_)) => t.scalar("null_value", "NULL_VALUE"),
        Some(Kind::NumberValue(n)) => t.scalar("number_value", &py_float_repr(*n)),
        Some(Kind::StringValue(s)) => t.string("string_value", s.as_bytes()),
        Some(Kind::BoolValue(b)) => t.scalar("bool_value", if *b { "true" } else { "false" }),
        Some(Kind::StructValue(s)) => {
            t.open("struct_value");
            struct_text(t, s);
            t.close();
        }
        Some(Kind::ListValue(l)) => {
            t.open("list_value");
            for x in &l.values {
                t.open("values");
                value_text(t, x);
                t.close();
            }
            t.close();
        }
    }
}
