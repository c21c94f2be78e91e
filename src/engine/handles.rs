//! Handles to values that live outside the literal: files, directories, tables, pickles.

use super::field::{SchemaGen, StructField, StructStyle};
use super::structs::{FieldSchema, nested_schema, object_schema};
use super::{FlyteType, LiteralSink, LiteralSource};
use crate::idl::core::{
    Binary, BlobType, Literal, LiteralType, Scalar, SimpleType, StructuredDatasetType,
    TypeStructure, UnionType, blob_type::BlobDimensionality, literal, literal_type::Type, scalar,
};
use crate::msgpack::Msg;
use crate::msgpack::read::MsgReader;
use crate::msgpack::write::{MsgSink, write_msg};
use crate::value::PickleData;
use crate::value::handle::blob_literal;
pub use crate::value::handle::{Dir, File};
use crate::{Error, ErrorKind};
use serde_json::{Value as Json, json};

fn scalar_of(lit: &Literal) -> Option<&scalar::Value> {
    match &lit.value {
        Some(literal::Value::Scalar(s)) => s.value.as_ref(),
        _ => None,
    }
}

fn scalar_literal(v: scalar::Value, hash: &Option<String>) -> Literal {
    Literal {
        value: Some(literal::Value::Scalar(Box::new(Scalar { value: Some(v) }))),
        hash: hash.clone().unwrap_or_default(),
        ..Default::default()
    }
}

fn hash_of(lit: &Literal) -> Option<String> {
    (!lit.hash.is_empty()).then(|| lit.hash.clone())
}

fn blob_type(dims: BlobDimensionality) -> LiteralType {
    LiteralType {
        r#type: Some(Type::Blob(BlobType {
            format: String::new(),
            dimensionality: dims as i32,
        })),
        ..Default::default()
    }
}

fn blob_field_schema(sg: &mut SchemaGen, title: &str, description: &str) -> Json {
    let optional_string = json!({"anyOf": [{"type": "string"}, {"type": "null"}]});
    let pydantic_like = |sg: &mut SchemaGen| {
        // The File / Dir models are pydantic models: titled properties in both styles.
        let mut schema = object_schema_pydantic(
            sg,
            title,
            vec![
                FieldSchema {
                    name: "path",
                    schema: json!({"type": "string"}),
                    default: None,
                    required: true,
                    description: None,
                },
                FieldSchema {
                    name: "name",
                    schema: optional_string.clone(),
                    default: Some(Json::Null),
                    required: false,
                    description: None,
                },
                FieldSchema {
                    name: "format",
                    schema: json!({"type": "string"}),
                    default: Some(json!("")),
                    required: false,
                    description: None,
                },
                FieldSchema {
                    name: "hash",
                    schema: optional_string.clone(),
                    default: Some(Json::Null),
                    required: false,
                    description: None,
                },
            ],
        );
        schema["description"] = json!(description);
        schema
    };
    nested_schema(sg, title, pydantic_like)
}

/// A pydantic-style object schema whatever the generator's style (Flyte's File, Dir and
/// DataFrame are pydantic models even inside a dataclass).
fn object_schema_pydantic(sg: &mut SchemaGen, title: &str, fields: Vec<FieldSchema>) -> Json {
    let mut inner = SchemaGen::new(StructStyle::Pydantic);
    let schema = object_schema(&mut inner, title, fields);
    let _ = sg;
    schema
}

fn string_entry(entries: &[(Msg, Msg)], key: &str) -> Result<Option<String>, Error> {
    match entries
        .iter()
        .find(|(k, _)| matches!(k, Msg::Str(s) if s == key))
    {
        None | Some((_, Msg::Nil)) => Ok(None),
        Some((_, Msg::Str(s))) => Ok(Some(s.clone())),
        Some((_, other)) => Err(Error::mismatch("a string", other.kind_name()).at_key(key)),
    }
}

/// The typed API of the one File / Dir type (defined with its wire forms in `value::handle`).
macro_rules! blob_handle {
    ($name:ident, $dims:expr, $tag:literal, $desc:literal) => {
        impl FlyteType for $name {
            fn literal_type() -> LiteralType {
                blob_type($dims)
            }
            fn write_literal<S: LiteralSink>(&self, s: &mut S) -> Result<(), Error> {
                s.literal(|| Ok(self.blob_literal()))
            }
            fn read_literal<'a, R: LiteralSource<'a>>(r: R) -> Result<Self, Error> {
                Self::from_blob_literal(r.tree()?.as_ref())
            }
            fn union_tag() -> &'static str {
                $tag
            }
        }

        impl StructField for $name {
            fn schema(sg: &mut SchemaGen) -> Json {
                blob_field_schema(sg, $tag, $desc)
            }
            fn write<S: MsgSink>(&self, _: StructStyle, w: &mut S) -> Result<(), Error> {
                write_msg(&$name::to_msg(self), w)
            }
            fn read(r: &mut MsgReader<'_>) -> Result<Self, Error> {
                // The handle's object reader works on the tree (any key order, extras).
                $name::from_msg(&r.msg()?)
            }
        }
    };
}

blob_handle!(
    File,
    BlobDimensionality::Single,
    "File",
    "A file reference with an optional format type."
);
blob_handle!(
    Dir,
    BlobDimensionality::Multipart,
    "Dir",
    "A directory reference with an optional format type."
);

/// The typed API's DataFrame is the one [`crate::value::handle::DataFrame`]; this module adds
/// its `FlyteType` and `StructField` impls.
pub use crate::value::handle::DataFrame;

impl FlyteType for DataFrame {
    fn literal_type() -> LiteralType {
        LiteralType {
            r#type: Some(Type::StructuredDatasetType(StructuredDatasetType::default())),
            ..Default::default()
        }
    }
    fn write_literal<S: LiteralSink>(&self, s: &mut S) -> Result<(), Error> {
        s.literal(|| Ok(self.literal()))
    }
    fn read_literal<'a, R: LiteralSource<'a>>(r: R) -> Result<Self, Error> {
        let lit = r.tree()?;
        match scalar_of(&lit) {
            Some(scalar::Value::StructuredDataset(sd)) => Ok(Self::from_dataset(sd, &lit)),
            _ => Err(Error::mismatch("a structured dataset", "another literal")),
        }
    }
    fn union_tag() -> &'static str {
        "DataFrame Transformer"
    }
}

impl StructField for DataFrame {
    fn schema(sg: &mut SchemaGen) -> Json {
        let optional_string = json!({"anyOf": [{"type": "string"}, {"type": "null"}]});
        nested_schema(sg, "DataFrame", |sg| {
            let mut schema = object_schema_pydantic(
                sg,
                "DataFrame",
                vec![
                    FieldSchema {
                        name: "uri",
                        schema: optional_string.clone(),
                        default: Some(Json::Null),
                        required: false,
                        description: None,
                    },
                    FieldSchema {
                        name: "format",
                        schema: optional_string.clone(),
                        default: Some(json!("")),
                        required: false,
                        description: None,
                    },
                    FieldSchema {
                        name: "hash",
                        schema: optional_string.clone(),
                        default: Some(Json::Null),
                        required: false,
                        description: None,
                    },
                ],
            );
            schema["description"] = json!("A tabular data reference backed by a remote file.");
            schema
        })
    }
    fn write<S: MsgSink>(&self, _: StructStyle, w: &mut S) -> Result<(), Error> {
        write_msg(&DataFrame::to_msg(self), w)
    }
    fn read(r: &mut MsgReader<'_>) -> Result<Self, Error> {
        let msg = r.msg()?;
        let Msg::Map(entries) = &msg else {
            return Err(Error::mismatch("a map {uri, format}", msg.kind_name()));
        };
        let mut df = DataFrame::from_existing_remote(
            string_entry(entries, "uri")?.unwrap_or_default(),
            string_entry(entries, "format")?.unwrap_or_default(),
        );
        df.hash = string_entry(entries, "hash")?;
        Ok(df)
    }
}

/// The typed API's pickle is the one [`crate::value::Pickled`]; this module adds its
/// `FlyteType` impl and the constructors for Python `bytes` ([`Pickled::from_bytes`]).
pub use crate::value::Pickled;

/// Flyte 2 keeps a pickle inline when `sys.getsizeof(value)` is at most 10 KiB.
pub const PICKLE_INLINE_LIMIT: usize = 10 * 1024;
/// `sys.getsizeof(b"")` on CPython 3.11 (64-bit): a bytes object's header.
const PY_BYTES_HEADER: usize = 33;

impl Pickled {
    /// The pickle Flyte 2 writes for a Python `bytes` value (cloudpickle, protocol 5).
    /// Values whose `sys.getsizeof` exceeds 10 KiB go to a blob in Python: that needs a store,
    /// so here they are an error.
    pub fn from_bytes(data: &[u8]) -> Result<Self, Error> {
        if data.len() + PY_BYTES_HEADER > PICKLE_INLINE_LIMIT {
            return Err(ErrorKind::Unsupported(format!(
                "{} bytes pickle to a blob above the 10 KiB inline limit: write it through a store",
                data.len()
            ))
            .into());
        }
        // PROTO 5, FRAME n, SHORT_BINBYTES / BINBYTES, MEMOIZE, STOP.
        let mut body = Vec::with_capacity(data.len() + 8);
        if data.len() < 256 {
            body.push(b'C');
            body.push(data.len() as u8);
        } else {
            body.push(b'B');
            body.extend((data.len() as u32).to_le_bytes());
        }
        body.extend_from_slice(data);
        body.extend([0x94, b'.']);
        let mut pickle = vec![0x80, 0x05, 0x95];
        pickle.extend((body.len() as u64).to_le_bytes());
        pickle.extend(body);
        Ok(Self {
            data: PickleData::Inline(pickle),
            hash: None,
        })
    }

    /// The bytes of a pickled Python `bytes` value (the form [`Pickled::from_bytes`] writes).
    pub fn to_bytes(&self) -> Result<Vec<u8>, Error> {
        let not_bytes = || Error::mismatch("a pickled bytes object", "another pickle");
        let PickleData::Inline(p) = &self.data else {
            return Err(ErrorKind::Unsupported(
                "a pickle in a blob: read it through a store".into(),
            )
            .into());
        };
        let body = match p.as_slice() {
            [0x80, 0x05, 0x95, rest @ ..] if rest.len() >= 8 => &rest[8..],
            [0x80, 0x05, rest @ ..] => rest,
            _ => return Err(not_bytes()),
        };
        let (len, start) = match body {
            [b'C', n, ..] => (usize::from(*n), 2),
            [b'B', a, b, c, d, ..] => (u32::from_le_bytes([*a, *b, *c, *d]) as usize, 5),
            _ => return Err(not_bytes()),
        };
        match body.get(start..start + len) {
            Some(data) if body[start + len..] == [0x94, b'.'] => Ok(data.to_vec()),
            _ => Err(not_bytes()),
        }
    }
}

impl FlyteType for Pickled {
    /// Flyte 2's pickle type for Python `bytes` (`python_class_name: <class 'bytes'>`).
    fn literal_type() -> LiteralType {
        let tag = || {
            Some(TypeStructure {
                tag: "FlytePickle".into(),
                ..Default::default()
            })
        };
        let variants = vec![
            LiteralType {
                r#type: Some(Type::Blob(BlobType {
                    format: "PythonPickle".into(),
                    dimensionality: 0,
                })),
                structure: tag(),
                ..Default::default()
            },
            LiteralType {
                r#type: Some(Type::Simple(SimpleType::Binary as i32)),
                structure: tag(),
                ..Default::default()
            },
        ];
        LiteralType {
            r#type: Some(Type::UnionType(UnionType { variants })),
            metadata: Some(super::structs::json_struct(
                &json!({"python_class_name": "<class 'bytes'>"}),
            )),
            ..Default::default()
        }
    }
    fn write_literal<S: LiteralSink>(&self, s: &mut S) -> Result<(), Error> {
        s.literal(|| Ok(self.literal()))
    }
    fn read_literal<'a, R: LiteralSource<'a>>(r: R) -> Result<Self, Error> {
        let lit = r.tree()?;
        let data = match scalar_of(&lit) {
            Some(scalar::Value::Binary(b)) => PickleData::Inline(b.value.clone()),
            Some(scalar::Value::Blob(b)) => PickleData::Uri(b.uri.clone()),
            _ => {
                return Err(Error::mismatch(
                    "a pickle (binary or blob)",
                    "another literal",
                ));
            }
        };
        Ok(Self {
            data,
            hash: hash_of(&lit),
        })
    }
    fn union_tag() -> &'static str {
        "FlytePickle"
    }
}

impl Pickled {
    /// The literal Flyte 2 writes for this pickle: inline bytes, or a blob.
    fn literal(&self) -> Literal {
        match &self.data {
            PickleData::Inline(bytes) => scalar_literal(
                scalar::Value::Binary(Binary {
                    value: bytes.clone(),
                    tag: String::new(),
                }),
                &self.hash,
            ),
            PickleData::Uri(uri) => {
                let mut lit =
                    blob_literal(uri, "PythonPickle", &self.hash, BlobDimensionality::Single);
                lit.hash = self.hash.clone().unwrap_or_default();
                lit
            }
        }
    }
}
