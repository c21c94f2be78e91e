//! Facts about a `LiteralType` that the decoder and the encoder both need: its name in
//! messages, whether it is a pickle, the msgpack shape of a STRUCT, the text of a DataFrame
//! column type. (Kept here so that `decode` and `encode` need nothing from each other.)

use super::schema::{Shapes, StructStyle};
use super::union::tag;
use crate::idl::core::{
    LiteralType, SimpleType, StructuredDatasetType, literal_type::Type,
    structured_dataset_type::DatasetColumn,
};
use crate::{Error, ErrorKind};
use serde_json::Value as Json;

/// A type named in messages: the one bounded describer, [`crate::cast::describe_type`]
/// (`list<INTEGER>`, `STRUCT(Order)`, `union{…}`).
pub(crate) fn type_name(ty: &LiteralType) -> String {
    crate::cast::describe_type(ty)
}

/// Flyte 2's pickle type (a union of `FlytePickle` variants) or flytekit v1's (a blob of format
/// `PythonPickle`).
pub(crate) fn is_pickle(ty: &LiteralType) -> bool {
    match &ty.r#type {
        Some(Type::UnionType(u)) => {
            !u.variants.is_empty() && u.variants.iter().all(|v| tag(v) == "FlytePickle")
        }
        Some(Type::Blob(b)) => b.format == "PythonPickle",
        _ => false,
    }
}

/// The compiled msgpack shape of a STRUCT LiteralType (schema-less for an untyped dict).
pub(crate) fn struct_type_shapes(ty: &LiteralType) -> Result<Shapes, Error> {
    let style = style_of(ty);
    match &ty.metadata {
        Some(st) if !st.fields.is_empty() => Shapes::compile(&struct_json(st, 0)?, style),
        _ => Ok(Shapes::any(style)),
    }
}

fn style_of(ty: &LiteralType) -> StructStyle {
    match tag(ty) {
        "Object-Dataclass-Transformer" => StructStyle::Dataclass,
        "Pydantic Transformer" => StructStyle::Pydantic,
        // flytekit v1 carries no tag: pydantic's schema titles every property, mashumaro's not.
        _ => {
            let titled = ty.metadata.as_ref().and_then(|m| m.fields.get("properties")).is_some_and(|p| {
                matches!(&p.kind, Some(prost_types::value::Kind::StructValue(props))
                    if props.fields.values().any(|f| matches!(&f.kind,
                        Some(prost_types::value::Kind::StructValue(s)) if s.fields.contains_key("title"))))
            });
            if titled {
                StructStyle::Pydantic
            } else {
                StructStyle::Dataclass
            }
        }
    }
}

/// A generic protobuf `Struct` (a schema in `LiteralType.metadata`, or a struct value) is read
/// at most this deep.
pub const MAX_STRUCT_DEPTH: usize = 128;

/// A protobuf `Struct` at literal depth `depth` as JSON ([`crate::idl::struct_to_json`]'s
/// rules), nested at most [`MAX_STRUCT_DEPTH`] deep in all.
pub(crate) fn struct_json(st: &prost_types::Struct, depth: usize) -> Result<Json, Error> {
    crate::idl::struct_to_json(st, MAX_STRUCT_DEPTH.saturating_sub(depth))
        .ok_or_else(|| ErrorKind::DepthLimit(MAX_STRUCT_DEPTH).into())
}

/// The README's `type_text` of a DataFrame column.
pub(crate) fn column_type_text(ty: Option<&LiteralType>) -> String {
    match ty.and_then(|t| t.r#type.as_ref()) {
        Some(Type::Simple(s)) => {
            SimpleType::try_from(*s).map_or_else(|_| s.to_string(), |s| s.as_str_name().to_string())
        }
        Some(Type::CollectionType(e)) => format!("list<{}>", column_type_text(Some(e))),
        Some(Type::MapValueType(v)) => format!("map<{}>", column_type_text(Some(v))),
        _ => ty.map(|t| format!("{t:?}")).unwrap_or_default(),
    }
}

/// The LiteralType of a DataFrame column: the declared column of that name when its text
/// matches, else parsed from `type_text`.
pub(crate) fn column_literal_type(
    sdt: &StructuredDatasetType,
    name: &str,
    text: &str,
) -> Result<DatasetColumn, Error> {
    if let Some(c) = sdt
        .columns
        .iter()
        .find(|c| c.name == name && column_type_text(c.literal_type.as_ref()) == text)
    {
        return Ok(c.clone());
    }
    let literal_type = parse_type_text(text)
        .ok_or_else(|| Error::mismatch("a column type (INTEGER, list<…>, …)", text))?;
    Ok(DatasetColumn {
        name: name.to_string(),
        literal_type: Some(literal_type),
    })
}

fn parse_type_text(text: &str) -> Option<LiteralType> {
    let wrap = |t: Type| LiteralType {
        r#type: Some(t),
        ..Default::default()
    };
    if let Some(inner) = text.strip_prefix("list<").and_then(|t| t.strip_suffix('>')) {
        return Some(wrap(Type::CollectionType(Box::new(parse_type_text(
            inner,
        )?))));
    }
    if let Some(inner) = text.strip_prefix("map<").and_then(|t| t.strip_suffix('>')) {
        return Some(wrap(Type::MapValueType(Box::new(parse_type_text(inner)?))));
    }
    SimpleType::from_str_name(text).map(|s| wrap(Type::Simple(s as i32)))
}
