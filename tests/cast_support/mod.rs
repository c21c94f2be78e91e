//! Builders shared by the `cast_*` tests: LiteralTypes, literals and JSON-schema metadata.
#![allow(dead_code)]

use flyte_types::idl::core::{
    BlobMetadata, BlobType, EnumType, Literal, LiteralCollection, LiteralMap, LiteralType,
    Primitive, Scalar, SchemaType, SimpleType, StructuredDatasetType, TypeStructure, UnionType,
    Void, blob_type::BlobDimensionality, literal, literal_type::Type, primitive, scalar,
    schema_type::SchemaColumn, schema_type::schema_column::SchemaColumnType,
    structured_dataset_type::DatasetColumn,
};
use prost::Message;
use std::path::{Path, PathBuf};

pub fn of(t: Type) -> LiteralType {
    LiteralType {
        r#type: Some(t),
        ..Default::default()
    }
}
pub fn simple(s: SimpleType) -> LiteralType {
    of(Type::Simple(s as i32))
}
pub fn int() -> LiteralType {
    simple(SimpleType::Integer)
}
pub fn float() -> LiteralType {
    simple(SimpleType::Float)
}
pub fn string() -> LiteralType {
    simple(SimpleType::String)
}
pub fn none() -> LiteralType {
    simple(SimpleType::None)
}
pub fn strukt() -> LiteralType {
    simple(SimpleType::Struct)
}
pub fn tagged(mut t: LiteralType, tag: &str) -> LiteralType {
    t.structure = Some(TypeStructure {
        tag: tag.into(),
        ..Default::default()
    });
    t
}
pub fn list(t: LiteralType) -> LiteralType {
    of(Type::CollectionType(Box::new(t)))
}
pub fn map(t: LiteralType) -> LiteralType {
    of(Type::MapValueType(Box::new(t)))
}
pub fn union(variants: Vec<LiteralType>) -> LiteralType {
    of(Type::UnionType(UnionType { variants }))
}
pub fn enm(values: &[&str]) -> LiteralType {
    of(Type::EnumType(EnumType {
        values: values.iter().map(|s| s.to_string()).collect(),
    }))
}
pub fn blob(format: &str, dim: BlobDimensionality) -> LiteralType {
    of(Type::Blob(BlobType {
        format: format.into(),
        dimensionality: dim as i32,
    }))
}
pub fn file(format: &str) -> LiteralType {
    blob(format, BlobDimensionality::Single)
}
pub fn sd(format: &str, cols: Vec<(&str, LiteralType)>) -> LiteralType {
    of(Type::StructuredDatasetType(StructuredDatasetType {
        format: format.into(),
        columns: cols
            .into_iter()
            .map(|(n, t)| DatasetColumn {
                name: n.into(),
                literal_type: Some(t),
            })
            .collect(),
        ..Default::default()
    }))
}
pub fn schema(cols: Vec<(&str, SchemaColumnType)>) -> LiteralType {
    of(Type::Schema(SchemaType {
        columns: cols
            .into_iter()
            .map(|(n, t)| SchemaColumn {
                name: n.into(),
                r#type: t as i32,
            })
            .collect(),
    }))
}
/// A STRUCT with a JSON schema in `metadata`.
pub fn struct_with(schema: serde_json::Value) -> LiteralType {
    LiteralType {
        metadata: Some(json_struct(&schema)),
        ..strukt()
    }
}
pub fn json_struct(v: &serde_json::Value) -> prost_types::Struct {
    match json_value(v).kind {
        Some(prost_types::value::Kind::StructValue(s)) => s,
        _ => panic!("not a JSON object"),
    }
}
pub fn json_value(v: &serde_json::Value) -> prost_types::Value {
    use prost_types::value::Kind;
    let kind = match v {
        serde_json::Value::Null => Kind::NullValue(0),
        serde_json::Value::Bool(b) => Kind::BoolValue(*b),
        serde_json::Value::Number(n) => Kind::NumberValue(n.as_f64().unwrap()),
        serde_json::Value::String(s) => Kind::StringValue(s.clone()),
        serde_json::Value::Array(a) => Kind::ListValue(prost_types::ListValue {
            values: a.iter().map(json_value).collect(),
        }),
        serde_json::Value::Object(o) => Kind::StructValue(prost_types::Struct {
            fields: o.iter().map(|(k, v)| (k.clone(), json_value(v))).collect(),
        }),
    };
    prost_types::Value { kind: Some(kind) }
}

pub fn lit_scalar(v: scalar::Value) -> Literal {
    Literal {
        value: Some(literal::Value::Scalar(Box::new(Scalar { value: Some(v) }))),
        ..Default::default()
    }
}
pub fn lit_prim(v: primitive::Value) -> Literal {
    lit_scalar(scalar::Value::Primitive(Primitive { value: Some(v) }))
}
pub fn lit_int(i: i64) -> Literal {
    lit_prim(primitive::Value::Integer(i))
}
pub fn lit_float(f: f64) -> Literal {
    lit_prim(primitive::Value::FloatValue(f))
}
pub fn lit_str(s: &str) -> Literal {
    lit_prim(primitive::Value::StringValue(s.into()))
}
pub fn lit_none() -> Literal {
    lit_scalar(scalar::Value::NoneType(Void {}))
}
pub fn lit_list(items: Vec<Literal>) -> Literal {
    Literal {
        value: Some(literal::Value::Collection(LiteralCollection {
            literals: items,
        })),
        ..Default::default()
    }
}
pub fn lit_map(items: Vec<(&str, Literal)>) -> Literal {
    Literal {
        value: Some(literal::Value::Map(LiteralMap {
            literals: items.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
        })),
        ..Default::default()
    }
}
pub fn lit_union(value: Literal, t: LiteralType) -> Literal {
    lit_scalar(scalar::Value::Union(Box::new(
        flyte_types::idl::core::Union {
            value: Some(Box::new(value)),
            r#type: Some(t),
        },
    )))
}
pub fn lit_binary(tag: &str) -> Literal {
    lit_scalar(scalar::Value::Binary(flyte_types::idl::core::Binary {
        value: vec![0x80],
        tag: tag.into(),
    }))
}
pub fn lit_blob(t: Option<BlobType>) -> Literal {
    lit_scalar(scalar::Value::Blob(flyte_types::idl::core::Blob {
        metadata: t.map(|t| BlobMetadata { r#type: Some(t) }),
        uri: "s3://bucket/key".into(),
    }))
}

pub use crate::corpus::interop as corpus_root;

/// Every case folder of the Flyte 2 and flytekit1 corpus, sorted.
pub fn corpus_cases() -> Vec<PathBuf> {
    let mut cases = Vec::new();
    for sdk in ["flyte2", "flytekit1"] {
        for entry in std::fs::read_dir(corpus_root().join(sdk)).expect("corpus folder") {
            let p = entry.expect("corpus entry").path();
            if p.join("type.pb").exists() {
                cases.push(p);
            }
        }
    }
    cases.sort();
    cases
}

pub fn read_type(path: &Path) -> LiteralType {
    LiteralType::decode(std::fs::read(path).expect("read type.pb").as_slice()).expect("decode")
}
pub fn read_literal(path: &Path) -> Literal {
    Literal::decode(std::fs::read(path).expect("read literal.pb").as_slice()).expect("decode")
}
pub fn case_name(case: &Path) -> String {
    let sdk = case
        .parent()
        .and_then(|p| p.file_name())
        .unwrap()
        .to_string_lossy();
    format!("{sdk}/{}", case.file_name().unwrap().to_string_lossy())
}
