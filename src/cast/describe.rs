//! Short, bounded, human-readable descriptions of `LiteralType`s for error messages.

use crate::idl::core::{
    LiteralType, SimpleType, blob_type::BlobDimensionality, literal_type::Type,
    schema_type::schema_column::SchemaColumnType,
};
use std::fmt::Write;

/// Nesting shown before `…`.
const SHOWN_DEPTH: usize = 4;
/// Enum values, union variants and columns shown before `…`.
const SHOWN_ITEMS: usize = 6;

/// A short description of a `LiteralType`: `INTEGER`, `list<FLOAT>`, `map<STRING>`,
/// `enum{RED, GREEN}`, `blob(MULTIPART, "csv")`, `union{INTEGER (tag "int") | NONE (tag "none")}`,
/// `STRUCT(Flat)`, `structured_dataset("parquet"; a: INTEGER)`, `schema(a: INTEGER)`.
///
/// Bounded: deep nesting is cut with `…`, so the text stays short whatever the input.
///
/// ```
/// use flyte_types::cast::describe_type;
/// use flyte_types::idl::core::{literal_type::Type, LiteralType, SimpleType};
///
/// let t = LiteralType {
///     r#type: Some(Type::CollectionType(Box::new(LiteralType {
///         r#type: Some(Type::Simple(SimpleType::Integer as i32)),
///         ..Default::default()
///     }))),
///     ..Default::default()
/// };
/// assert_eq!(describe_type(&t), "list<INTEGER>");
/// ```
pub fn describe_type(t: &LiteralType) -> String {
    let mut out = String::new();
    write_type(&mut out, t, 0);
    out
}

/// The name of a `SimpleType` number (`INTEGER`), or `SimpleType(42)` for an unknown one.
pub(crate) fn simple_name(v: i32) -> String {
    match SimpleType::try_from(v) {
        Ok(s) => s.as_str_name().to_string(),
        Err(_) => format!("SimpleType({v})"),
    }
}

pub(crate) fn schema_column_name(v: i32) -> String {
    match SchemaColumnType::try_from(v) {
        Ok(s) => s.as_str_name().to_string(),
        Err(_) => format!("SchemaColumnType({v})"),
    }
}

fn write_type(out: &mut String, t: &LiteralType, depth: usize) {
    if depth > SHOWN_DEPTH {
        out.push('…');
        return;
    }
    match &t.r#type {
        None => out.push_str("<unset>"),
        Some(Type::Simple(s)) => {
            out.push_str(&simple_name(*s));
            if *s == SimpleType::Struct as i32
                && let Some(title) = t
                    .metadata
                    .as_ref()
                    .and_then(|m| m.fields.get("title"))
                    .and_then(|v| match &v.kind {
                        Some(prost_types::value::Kind::StringValue(s)) => Some(s),
                        _ => None,
                    })
            {
                let _ = write!(out, "({})", truncate(title));
            }
        }
        Some(Type::CollectionType(inner)) => {
            out.push_str("list<");
            write_type(out, inner, depth + 1);
            out.push('>');
        }
        Some(Type::MapValueType(inner)) => {
            out.push_str("map<");
            write_type(out, inner, depth + 1);
            out.push('>');
        }
        Some(Type::Blob(b)) => {
            let dim = match BlobDimensionality::try_from(b.dimensionality) {
                Ok(d) => d.as_str_name().to_string(),
                Err(_) => b.dimensionality.to_string(),
            };
            if b.format.is_empty() {
                let _ = write!(out, "blob({dim})");
            } else {
                let _ = write!(out, "blob({dim}, {:?})", truncate(&b.format));
            }
        }
        Some(Type::EnumType(e)) => {
            out.push_str("enum{");
            for (i, v) in e.values.iter().enumerate() {
                if i == SHOWN_ITEMS {
                    out.push_str(", …");
                    break;
                }
                if i > 0 {
                    out.push_str(", ");
                }
                out.push_str(&truncate(v));
            }
            out.push('}');
        }
        Some(Type::UnionType(u)) => {
            out.push_str("union{");
            for (i, v) in u.variants.iter().enumerate() {
                if i == SHOWN_ITEMS {
                    out.push_str(" | …");
                    break;
                }
                if i > 0 {
                    out.push_str(" | ");
                }
                write_type(out, v, depth + 1);
            }
            out.push('}');
        }
        Some(Type::Schema(s)) => {
            out.push_str("schema(");
            for (i, c) in s.columns.iter().enumerate() {
                if i == SHOWN_ITEMS {
                    out.push_str(", …");
                    break;
                }
                if i > 0 {
                    out.push_str(", ");
                }
                let _ = write!(
                    out,
                    "{}: {}",
                    truncate(&c.name),
                    schema_column_name(c.r#type)
                );
            }
            out.push(')');
        }
        Some(Type::StructuredDatasetType(sd)) => {
            out.push_str("structured_dataset(");
            if !sd.format.is_empty() {
                let _ = write!(out, "{:?}", truncate(&sd.format));
                if !sd.columns.is_empty() {
                    out.push_str("; ");
                }
            }
            for (i, c) in sd.columns.iter().enumerate() {
                if i == SHOWN_ITEMS {
                    out.push_str(", …");
                    break;
                }
                if i > 0 {
                    out.push_str(", ");
                }
                let _ = write!(out, "{}: ", truncate(&c.name));
                match &c.literal_type {
                    Some(ct) => write_type(out, ct, depth + 1),
                    None => out.push_str("<unset>"),
                }
            }
            out.push(')');
        }
    }
    if let Some(s) = &t.structure
        && !s.tag.is_empty()
    {
        let _ = write!(out, " (tag {:?})", truncate(&s.tag));
    }
}

fn truncate(s: &str) -> String {
    const MAX: usize = 40;
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(MAX).collect();
        t.push('…');
        t
    }
}
