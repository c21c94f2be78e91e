//! Propeller's `LiteralTypeForLiteral` (`flytepropeller/pkg/compiler/validators/utils.go`).

use super::MAX_DEPTH;
use super::error::{CastErrorKind, Path};
use crate::idl::core::{
    BlobType, Literal, LiteralType, Scalar, SimpleType, StructuredDatasetType, UnionType, literal,
    literal_type::Type, primitive, scalar,
};
use std::collections::HashSet;
use std::fmt::Write;

/// The binary tag of msgpack-encoded structs (Go `coreutils.MESSAGEPACK`).
const MESSAGEPACK: &str = "msgpack";

pub(crate) fn literal_type_of(lit: &Literal) -> Result<LiteralType, CastErrorKind> {
    let mut path = Path::default();
    infer(lit, &mut path, 0)
}

/// `literalTypeForScalar` for a bound scalar.
pub(crate) fn scalar_type_of(s: &Scalar) -> Result<LiteralType, CastErrorKind> {
    let mut path = Path::default();
    scalar_type(s, &mut path, 0)
}

fn simple(s: SimpleType) -> LiteralType {
    LiteralType {
        r#type: Some(Type::Simple(s as i32)),
        ..Default::default()
    }
}

fn of(t: Type) -> LiteralType {
    LiteralType {
        r#type: Some(t),
        ..Default::default()
    }
}

fn unrecognized(path: &Path, what: &str) -> CastErrorKind {
    CastErrorKind::UnrecognizedLiteral {
        path: path.render(),
        what: what.to_string(),
    }
}

fn too_deep(path: &Path) -> CastErrorKind {
    CastErrorKind::TooDeep {
        path: path.render(),
        limit: MAX_DEPTH,
    }
}

fn infer(lit: &Literal, path: &mut Path, depth: usize) -> Result<LiteralType, CastErrorKind> {
    if depth > MAX_DEPTH {
        return Err(too_deep(path));
    }
    match &lit.value {
        Some(literal::Value::Scalar(s)) => {
            path.push("scalar");
            let r = scalar_type(s, path, depth);
            path.pop();
            r
        }
        Some(literal::Value::Collection(c)) => {
            let inner = types_of(
                c.literals
                    .iter()
                    .enumerate()
                    .map(|(i, l)| (format!("collection.literals[{i}]"), l)),
                path,
                depth,
            )?;
            Ok(of(Type::CollectionType(Box::new(inner))))
        }
        Some(literal::Value::Map(m)) => {
            let inner = types_of(
                m.literals
                    .iter()
                    .map(|(k, l)| (format!("map.literals[{k:?}]"), l)),
                path,
                depth,
            )?;
            Ok(of(Type::MapValueType(Box::new(inner))))
        }
        Some(literal::Value::OffloadedMetadata(o)) => match &o.inferred_type {
            Some(t) => {
                check_type_depth(t, depth).map_err(|()| too_deep(path))?;
                Ok(t.clone())
            }
            None => Err(unrecognized(
                path,
                "offloaded literal without inferred_type",
            )),
        },
        None => Err(unrecognized(path, "literal has no value")),
    }
}

/// `literalTypeForScalar`.
fn scalar_type(s: &Scalar, path: &mut Path, depth: usize) -> Result<LiteralType, CastErrorKind> {
    Ok(match &s.value {
        Some(scalar::Value::Primitive(p)) => simple(match &p.value {
            Some(primitive::Value::Integer(_)) => SimpleType::Integer,
            Some(primitive::Value::FloatValue(_)) => SimpleType::Float,
            Some(primitive::Value::StringValue(_)) => SimpleType::String,
            Some(primitive::Value::Boolean(_)) => SimpleType::Boolean,
            Some(primitive::Value::Datetime(_)) => SimpleType::Datetime,
            Some(primitive::Value::Duration(_)) => SimpleType::Duration,
            // A primitive with no value is NONE, as in propeller.
            None => SimpleType::None,
        }),
        Some(scalar::Value::Blob(b)) => match &b.metadata {
            // Propeller: `blob = metadata.type` (an empty BlobType when the type is missing).
            Some(m) => of(Type::Blob(
                m.r#type.clone().unwrap_or_else(BlobType::default),
            )),
            None => return Err(unrecognized(path, "blob without metadata")),
        },
        Some(scalar::Value::Binary(b)) if b.tag == MESSAGEPACK => simple(SimpleType::Struct),
        Some(scalar::Value::Binary(_)) => simple(SimpleType::Binary),
        Some(scalar::Value::Schema(sc)) => of(Type::Schema(sc.r#type.clone().unwrap_or_default())),
        Some(scalar::Value::StructuredDataset(sd)) => {
            match sd
                .metadata
                .as_ref()
                .and_then(|m| m.structured_dataset_type.as_ref())
            {
                Some(t) => {
                    check_sd_depth(t, depth).map_err(|()| too_deep(path))?;
                    of(Type::StructuredDatasetType(t.clone()))
                }
                // No metadata: an empty structured dataset type, as in propeller.
                None => of(Type::StructuredDatasetType(StructuredDatasetType::default())),
            }
        }
        Some(scalar::Value::NoneType(_)) => simple(SimpleType::None),
        Some(scalar::Value::Error(_)) => simple(SimpleType::Error),
        // A generic Struct is a STRUCT without a schema: it passes any STRUCT check.
        Some(scalar::Value::Generic(_)) => simple(SimpleType::Struct),
        Some(scalar::Value::Union(u)) => match &u.r#type {
            // A singular union of the stored variant type; `AreTypesCastable` unwraps it.
            Some(t) => {
                check_type_depth(t, depth).map_err(|()| too_deep(path))?;
                of(Type::UnionType(UnionType {
                    variants: vec![t.clone()],
                }))
            }
            None => return Err(unrecognized(path, "union literal without a type")),
        },
        None => return Err(unrecognized(path, "scalar has no value")),
    })
}

/// `literalTypeForLiterals`: the element type of a collection or map.
fn types_of<'a>(
    elements: impl Iterator<Item = (String, &'a Literal)>,
    path: &mut Path,
    depth: usize,
) -> Result<LiteralType, CastErrorKind> {
    let mut inner: Vec<(String, LiteralType)> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut none_type: Option<LiteralType> = None;
    for (segment, lit) in elements {
        path.push(segment);
        let t = infer(lit, path, depth + 1);
        path.pop();
        let t = t?;
        // Empty collections count only when nothing else was seen (Go: `literals == nil`,
        // which is what an empty repeated field decodes to).
        if let Some(literal::Value::Collection(c)) = &lit.value
            && c.literals.is_empty()
        {
            none_type = Some(t);
            continue;
        }
        let key = go_text(&t);
        if seen.insert(key.clone()) {
            inner.push((key, t));
        }
    }
    if inner.is_empty()
        && let Some(t) = none_type
    {
        return Ok(t);
    }
    match inner.len() {
        0 => Ok(simple(SimpleType::None)),
        1 => Ok(inner.pop().map(|(_, t)| t).unwrap_or_default()),
        _ => {
            inner.sort_by(|a, b| a.0.cmp(&b.0));
            Ok(build_multiple_type_union(inner.into_iter().map(|(_, t)| t)))
        }
    }
}

/// `buildMultipleTypeUnion`: variants of `collection(union(...))` element types are flattened
/// and the result is then itself wrapped as `collection(union(...))`.
fn build_multiple_type_union(types: impl Iterator<Item = LiteralType>) -> LiteralType {
    let mut variants = Vec::new();
    let mut nested = false;
    for t in types {
        match t.r#type {
            Some(Type::CollectionType(inner))
                if matches!(inner.r#type, Some(Type::UnionType(_))) =>
            {
                nested = true;
                if let Some(Type::UnionType(u)) = inner.r#type {
                    variants.extend(u.variants);
                }
            }
            r#type => variants.push(LiteralType { r#type, ..t }),
        }
    }
    let union = of(Type::UnionType(UnionType { variants }));
    if nested {
        of(Type::CollectionType(Box::new(union)))
    } else {
        union
    }
}

/// Checks that a LiteralType (including its metadata Structs) nests at most `MAX_DEPTH` levels
/// below `depth`, without recursing deeper than that.
pub(crate) fn check_type_depth(t: &LiteralType, depth: usize) -> Result<(), ()> {
    if depth > MAX_DEPTH {
        return Err(());
    }
    let d = depth + 1;
    if let Some(m) = &t.metadata {
        check_struct_depth(m, d)?;
    }
    if let Some(a) = t.annotation.as_ref().and_then(|a| a.annotations.as_ref()) {
        check_struct_depth(a, d)?;
    }
    if let Some(s) = &t.structure {
        for v in s.dataclass_type.values() {
            check_type_depth(v, d)?;
        }
    }
    match &t.r#type {
        Some(Type::CollectionType(i)) | Some(Type::MapValueType(i)) => check_type_depth(i, d),
        Some(Type::UnionType(u)) => u.variants.iter().try_for_each(|v| check_type_depth(v, d)),
        Some(Type::StructuredDatasetType(sd)) => check_sd_depth(sd, d),
        _ => Ok(()),
    }
}

fn check_sd_depth(sd: &StructuredDatasetType, depth: usize) -> Result<(), ()> {
    sd.columns
        .iter()
        .filter_map(|c| c.literal_type.as_ref())
        .try_for_each(|t| check_type_depth(t, depth + 1))
}

fn check_struct_depth(s: &prost_types::Struct, depth: usize) -> Result<(), ()> {
    if depth > MAX_DEPTH {
        return Err(());
    }
    s.fields
        .values()
        .try_for_each(|v| check_value_depth(v, depth + 1))
}

fn check_value_depth(v: &prost_types::Value, depth: usize) -> Result<(), ()> {
    use prost_types::value::Kind;
    if depth > MAX_DEPTH {
        return Err(());
    }
    match &v.kind {
        Some(Kind::StructValue(s)) => check_struct_depth(s, depth + 1),
        Some(Kind::ListValue(l)) => l
            .values
            .iter()
            .try_for_each(|x| check_value_depth(x, depth + 1)),
        _ => Ok(()),
    }
}

/// Go's `proto.Message.String()` of a LiteralType in compact form (`simple:INTEGER`,
/// `collection_type:{simple:FLOAT}`), without protobuf-go's randomized extra spaces: fields in
/// declaration order, map entries by key. Propeller sorts the element types of a mixed
/// collection by this text before building the union.
pub(crate) fn go_text(t: &LiteralType) -> String {
    let mut out = String::new();
    write_literal_type(&mut out, t);
    out
}

fn sep(out: &mut String) {
    if !out.is_empty() && !out.ends_with('{') {
        out.push(' ');
    }
}

fn field(out: &mut String, name: &str) {
    sep(out);
    out.push_str(name);
    out.push(':');
}

fn quoted(out: &mut String, s: &[u8]) {
    out.push('"');
    match std::str::from_utf8(s) {
        Ok(text) => {
            for c in text.chars() {
                match c {
                    '"' => out.push_str("\\\""),
                    '\\' => out.push_str("\\\\"),
                    '\n' => out.push_str("\\n"),
                    '\r' => out.push_str("\\r"),
                    '\t' => out.push_str("\\t"),
                    c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                        let _ = write!(out, "\\x{:02x}", c as u32);
                    }
                    c => out.push(c),
                }
            }
        }
        Err(_) => {
            for &b in s {
                match b {
                    b'"' => out.push_str("\\\""),
                    b'\\' => out.push_str("\\\\"),
                    0x20..=0x7e => out.push(b as char),
                    _ => {
                        let _ = write!(out, "\\{b:03o}");
                    }
                }
            }
        }
    }
    out.push('"');
}

fn message(out: &mut String, name: &str, body: impl FnOnce(&mut String)) {
    field(out, name);
    out.push('{');
    body(out);
    out.push('}');
}

fn write_literal_type(out: &mut String, t: &LiteralType) {
    use crate::idl::core::{
        blob_type::BlobDimensionality, schema_type::schema_column::SchemaColumnType,
    };
    match &t.r#type {
        Some(Type::Simple(s)) => {
            field(out, "simple");
            match SimpleType::try_from(*s) {
                Ok(v) => out.push_str(v.as_str_name()),
                Err(_) => {
                    let _ = write!(out, "{s}");
                }
            }
        }
        Some(Type::Schema(s)) => message(out, "schema", |out| {
            for c in &s.columns {
                message(out, "columns", |out| {
                    if !c.name.is_empty() {
                        field(out, "name");
                        quoted(out, c.name.as_bytes());
                    }
                    if c.r#type != 0 {
                        field(out, "type");
                        match SchemaColumnType::try_from(c.r#type) {
                            Ok(v) => out.push_str(v.as_str_name()),
                            Err(_) => {
                                let _ = write!(out, "{}", c.r#type);
                            }
                        }
                    }
                });
            }
        }),
        Some(Type::CollectionType(i)) => {
            message(out, "collection_type", |out| write_literal_type(out, i))
        }
        Some(Type::MapValueType(i)) => {
            message(out, "map_value_type", |out| write_literal_type(out, i))
        }
        Some(Type::Blob(b)) => message(out, "blob", |out| {
            if !b.format.is_empty() {
                field(out, "format");
                quoted(out, b.format.as_bytes());
            }
            if b.dimensionality != 0 {
                field(out, "dimensionality");
                match BlobDimensionality::try_from(b.dimensionality) {
                    Ok(v) => out.push_str(v.as_str_name()),
                    Err(_) => {
                        let _ = write!(out, "{}", b.dimensionality);
                    }
                }
            }
        }),
        Some(Type::EnumType(e)) => message(out, "enum_type", |out| {
            for v in &e.values {
                field(out, "values");
                quoted(out, v.as_bytes());
            }
        }),
        Some(Type::StructuredDatasetType(sd)) => message(out, "structured_dataset_type", |out| {
            for c in &sd.columns {
                message(out, "columns", |out| {
                    if !c.name.is_empty() {
                        field(out, "name");
                        quoted(out, c.name.as_bytes());
                    }
                    if let Some(ct) = &c.literal_type {
                        message(out, "literal_type", |out| write_literal_type(out, ct));
                    }
                });
            }
            if !sd.format.is_empty() {
                field(out, "format");
                quoted(out, sd.format.as_bytes());
            }
            if !sd.external_schema_type.is_empty() {
                field(out, "external_schema_type");
                quoted(out, sd.external_schema_type.as_bytes());
            }
            if !sd.external_schema_bytes.is_empty() {
                field(out, "external_schema_bytes");
                quoted(out, &sd.external_schema_bytes);
            }
        }),
        Some(Type::UnionType(u)) => message(out, "union_type", |out| {
            for v in &u.variants {
                message(out, "variants", |out| write_literal_type(out, v));
            }
        }),
        None => {}
    }
    if let Some(m) = &t.metadata {
        message(out, "metadata", |out| write_struct(out, m));
    }
    if let Some(a) = &t.annotation {
        message(out, "annotation", |out| {
            if let Some(s) = &a.annotations {
                message(out, "annotations", |out| write_struct(out, s));
            }
        });
    }
    if let Some(s) = &t.structure {
        message(out, "structure", |out| {
            if !s.tag.is_empty() {
                field(out, "tag");
                quoted(out, s.tag.as_bytes());
            }
            for (k, v) in &s.dataclass_type {
                message(out, "dataclass_type", |out| {
                    field(out, "key");
                    quoted(out, k.as_bytes());
                    message(out, "value", |out| write_literal_type(out, v));
                });
            }
        });
    }
}

fn write_struct(out: &mut String, s: &prost_types::Struct) {
    for (k, v) in &s.fields {
        message(out, "fields", |out| {
            field(out, "key");
            quoted(out, k.as_bytes());
            message(out, "value", |out| write_value(out, v));
        });
    }
}

fn write_value(out: &mut String, v: &prost_types::Value) {
    use prost_types::value::Kind;
    match &v.kind {
        None => {}
        Some(Kind::NullValue(_)) => {
            field(out, "null_value");
            out.push_str("NULL_VALUE");
        }
        Some(Kind::NumberValue(n)) => {
            field(out, "number_value");
            out.push_str(&go_float(*n));
        }
        Some(Kind::StringValue(s)) => {
            field(out, "string_value");
            quoted(out, s.as_bytes());
        }
        Some(Kind::BoolValue(b)) => {
            field(out, "bool_value");
            out.push_str(if *b { "true" } else { "false" });
        }
        Some(Kind::StructValue(s)) => message(out, "struct_value", |out| write_struct(out, s)),
        Some(Kind::ListValue(l)) => message(out, "list_value", |out| {
            for x in &l.values {
                message(out, "values", |out| write_value(out, x));
            }
        }),
    }
}

/// Go's `strconv.FormatFloat(v, 'g', -1, 64)` as protobuf's text format uses it.
fn go_float(v: f64) -> String {
    if v.is_nan() {
        return "nan".into();
    }
    if v.is_infinite() {
        return if v > 0.0 { "inf".into() } else { "-inf".into() };
    }
    if v == 0.0 {
        return if v.is_sign_negative() {
            "-0".into()
        } else {
            "0".into()
        };
    }
    // Shortest round-trip digits and the decimal exponent, from Rust's `{:e}`.
    let e = format!("{:e}", v.abs());
    let (mantissa, exp) = e.split_once('e').unwrap_or((&e, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let sign = if v < 0.0 { "-" } else { "" };
    // Shortest formatting switches to %e for exponents < -4 or >= 6 (eprec = 6).
    if !(-4..6).contains(&exp) {
        let (first, rest) = digits.split_at(1);
        let frac = if rest.is_empty() {
            String::new()
        } else {
            format!(".{rest}")
        };
        let esign = if exp < 0 { '-' } else { '+' };
        return format!("{sign}{first}{frac}e{esign}{:02}", exp.abs());
    }
    let n = digits.len() as i32;
    let body = if exp >= n - 1 {
        format!("{digits}{}", "0".repeat((exp - (n - 1)) as usize))
    } else if exp >= 0 {
        let (int, frac) = digits.split_at((exp + 1) as usize);
        format!("{int}.{frac}")
    } else {
        format!("0.{}{digits}", "0".repeat((-exp - 1) as usize))
    };
    format!("{sign}{body}")
}

#[cfg(test)]
mod tests {
    use super::go_float;

    #[test]
    fn go_float_formatting() {
        assert_eq!(go_float(1.0), "1");
        assert_eq!(go_float(0.5), "0.5");
        assert_eq!(go_float(-2.25), "-2.25");
        assert_eq!(go_float(123456.0), "123456");
        assert_eq!(go_float(1e6), "1e+06");
        assert_eq!(go_float(1234567.0), "1.234567e+06");
        assert_eq!(go_float(1e21), "1e+21");
        assert_eq!(go_float(0.0001), "0.0001");
        assert_eq!(go_float(0.00001), "1e-05");
        assert_eq!(go_float(f64::NAN), "nan");
    }
}
