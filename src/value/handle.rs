//! `flyte.io.File`, `flyte.io.Dir` and `flyte.io.DataFrame`: the one Rust type of each (public
//! as [`crate::engine::File`] / [`crate::engine::Dir`] / [`crate::engine::DataFrame`], held by
//! [`super::Value`] too) and their wire forms, written once for the typed and the dynamic paths.
//! File and Dir:
//!
//! - a literal: `Scalar.blob {metadata.type {format, dimensionality}, uri}` with `Literal.hash`;
//! - inside a struct: the pydantic object `{path, name, format, hash}` in msgpack.
//!
//! Flyte 2's model (`flyte/io/_file.py`, `_dir.py`) has `path`, `name`, `format`, `hash`; a
//! `name` left out is filled with `Path(path).name` before anything is written, so inside a struct
//! the name is always a string. A top-level literal has no name: the SDK reads it back as the
//! uri's last segment.

use crate::idl::core::{
    Blob, BlobMetadata, BlobType, Literal, Scalar, StructuredDataset, StructuredDatasetMetadata,
    StructuredDatasetType, blob_type::BlobDimensionality, literal, scalar,
    structured_dataset_type::DatasetColumn,
};
use crate::msgpack::Msg;
use crate::{Error, ErrorKind};

macro_rules! blob_handle {
    ($name:ident, $dims:expr, $what:literal, $doc:literal) => {
        #[doc = $doc]
        ///
        /// The same type serves the typed API (`#[derive(FlyteType)]` fields), the dynamic
        /// [`Value`](crate::value::Value) and, with the `store` feature, the transfers of
        /// `io::Store`.
        #[derive(Debug, Clone, PartialEq, Eq, Default)]
        pub struct $name {
            /// Where it lives: `s3://…`, `gs://…`, an absolute local path, `file://…`.
            pub uri: String,
            /// Flyte's `name`, when it is not the uri's last segment (`None`: that segment, as
            /// Flyte 2 fills it). Only a File or Dir inside a struct carries it on the wire.
            pub name: Option<String>,
            /// The value's format (`""` when not given; Flyte 2 keeps it out of the type).
            pub format: String,
            /// A cache key for the content (`Literal.hash`, or `hash` inside a struct), when known.
            pub hash: Option<String>,
        }

        impl $name {
            /// A handle to `uri` with no explicit name, no format and no hash.
            pub fn new(uri: impl Into<String>) -> Self {
                Self {
                    uri: uri.into(),
                    ..Self::default()
                }
            }

            /// With a name other than the uri's last segment (`File(path=…, name=…)`).
            pub fn with_name(mut self, name: impl Into<String>) -> Self {
                let name = name.into();
                self.name = (name != base_name(&self.uri)).then_some(name);
                self
            }

            /// With a format.
            pub fn with_format(mut self, format: impl Into<String>) -> Self {
                self.format = format.into();
                self
            }

            /// With a cache hash (`Literal.hash`).
            pub fn with_hash(mut self, hash: impl Into<String>) -> Self {
                self.hash = Some(hash.into());
                self
            }

            /// Flyte's `name`: the explicit one, else the uri's last segment (Python's
            /// `Path(path).name`).
            pub fn name(&self) -> &str {
                self.name.as_deref().unwrap_or_else(|| base_name(&self.uri))
            }

            /// The literal Flyte 2 writes (the name is not part of it).
            pub(crate) fn blob_literal(&self) -> Literal {
                blob_literal(&self.uri, &self.format, &self.hash, $dims)
            }

            /// Reads a blob literal of this handle's dimensionality (Flyte 2 refuses the other).
            pub(crate) fn from_blob_literal(lit: &Literal) -> Result<Self, Error> {
                match read_blob_literal(lit) {
                    // No metadata reads as the protobuf default (single), as in Python.
                    Some((parts, dims)) if dims.unwrap_or(0) == $dims as i32 => Ok(parts.into()),
                    Some((_, dims)) => Err(Error::mismatch(
                        $what,
                        format!("a blob of dimensionality {}", dims.unwrap_or(0)),
                    )),
                    None => Err(Error::mismatch("a blob", "another literal")),
                }
            }

            /// The object Flyte 2 writes inside a struct: `{path, name, format, hash}`.
            pub(crate) fn to_msg(&self) -> Msg {
                let s = |t: &str| Msg::Str(t.to_string());
                Msg::Map(vec![
                    (s("path"), s(&self.uri)),
                    (s("name"), s(self.name())),
                    (s("format"), s(&self.format)),
                    (s("hash"), self.hash.as_deref().map_or(Msg::Nil, s)),
                ])
            }

            /// Reads `{path, name, format, hash}` (keys in any order, others ignored, as pydantic
            /// does; `name`, `format` and `hash` may be absent or nil).
            pub(crate) fn from_msg(msg: &Msg) -> Result<Self, Error> {
                let [path, name, format, hash] = object_fields(msg)?;
                let uri = path.ok_or_else(|| Error::new(ErrorKind::MissingField("path".into())))?;
                let name = name.filter(|n| n != base_name(&uri));
                Ok(Self {
                    uri,
                    name,
                    format: format.unwrap_or_default(),
                    hash,
                })
            }
        }
    };
}

blob_handle!(
    File,
    BlobDimensionality::Single,
    "a single-part blob (File)",
    "A `flyte.io.File`: a single object by uri."
);
blob_handle!(
    Dir,
    BlobDimensionality::Multipart,
    "a multipart blob (Dir)",
    "A `flyte.io.Dir`: a folder of objects by uri (a multipart blob)."
);

/// The fields both handles share, to read a blob before knowing which handle it is.
pub(crate) struct BlobParts {
    pub(crate) uri: String,
    pub(crate) name: Option<String>,
    pub(crate) format: String,
    pub(crate) hash: Option<String>,
}

macro_rules! from_parts {
    ($($t:ident),*) => {$(
        impl From<BlobParts> for $t {
            fn from(p: BlobParts) -> Self {
                Self { uri: p.uri, name: p.name, format: p.format, hash: p.hash }
            }
        }
    )*};
}
from_parts!(File, Dir);

/// The handle fields and the dimensionality (when the literal states one) of a blob literal
/// (`None`: not a blob).
pub(crate) fn read_blob_literal(lit: &Literal) -> Option<(BlobParts, Option<i32>)> {
    let Some(literal::Value::Scalar(s)) = &lit.value else {
        return None;
    };
    let Some(scalar::Value::Blob(b)) = &s.value else {
        return None;
    };
    let ty = b.metadata.as_ref().and_then(|m| m.r#type.as_ref());
    let parts = BlobParts {
        uri: b.uri.clone(),
        name: None,
        format: ty.map(|t| t.format.clone()).unwrap_or_default(),
        hash: (!lit.hash.is_empty()).then(|| lit.hash.clone()),
    };
    Some((parts, ty.map(|t| t.dimensionality)))
}

/// The name Flyte 2 gives a File / Dir without one: Python's `Path(path).name`, the last path
/// segment that is not empty or `.` (`name.csv` of `s3://b/x/name.csv`, `dir` of `…/dir/`).
pub fn base_name(uri: &str) -> &str {
    uri.rsplit('/')
        .find(|s| !s.is_empty() && *s != ".")
        .unwrap_or("")
}

/// A `Scalar.blob` literal (File, Dir, and the blob form of a pickle).
pub(crate) fn blob_literal(
    uri: &str,
    format: &str,
    hash: &Option<String>,
    dims: BlobDimensionality,
) -> Literal {
    let blob = Blob {
        metadata: Some(BlobMetadata {
            r#type: Some(BlobType {
                format: format.into(),
                dimensionality: dims as i32,
            }),
        }),
        uri: uri.into(),
    };
    Literal {
        value: Some(literal::Value::Scalar(Box::new(Scalar {
            value: Some(scalar::Value::Blob(blob)),
        }))),
        hash: hash.clone().unwrap_or_default(),
        ..Default::default()
    }
}

/// The string fields `path`, `name`, `format`, `hash` of a handle object (absent or nil: `None`).
fn object_fields(msg: &Msg) -> Result<[Option<String>; 4], Error> {
    const KEYS: [&str; 4] = ["path", "name", "format", "hash"];
    let Msg::Map(entries) = msg else {
        return Err(Error::mismatch(
            "a map {path, name, format, hash}",
            msg.kind_name(),
        ));
    };
    let mut out: [Option<String>; 4] = Default::default();
    for (k, v) in entries {
        let Msg::Str(k) = k else { continue };
        let Some(i) = KEYS.iter().position(|key| key == k) else {
            continue;
        };
        out[i] = match v {
            Msg::Nil => None,
            Msg::Str(s) => Some(s.clone()),
            other => return Err(Error::mismatch("a string", other.kind_name()).at_key(k)),
        };
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_name_is_pythons_path_name() {
        // Path(p).name for each p, from CPython 3.11.
        for (uri, name) in [
            ("s3://bucket/a/b.txt", "b.txt"),
            ("s3://bucket/dir/", "dir"),
            ("s3://bucket", "bucket"),
            ("/tmp/./x", "x"),
            ("a/.", "a"),
            ("/", ""),
            ("", ""),
            ("gs://b/dir with space/ünï.json", "ünï.json"),
        ] {
            assert_eq!(base_name(uri), name, "{uri}");
        }
    }

    #[test]
    fn an_explicit_name_survives_the_struct_form() {
        let f = File::new("s3://b/k/abc123").with_name("receipt.pdf");
        assert_eq!(f.name, Some("receipt.pdf".into()));
        assert_eq!(f.name(), "receipt.pdf");
        let msg = f.to_msg();
        let Msg::Map(entries) = &msg else {
            panic!("{msg:?}")
        };
        assert_eq!(entries[1].1, Msg::Str("receipt.pdf".into()));
        assert_eq!(File::from_msg(&msg).unwrap(), f);
        // A name equal to the last segment is no name at all, as in Flyte.
        let plain = File::new("s3://b/k/x.csv").with_name("x.csv");
        assert_eq!(plain.name, None);
        assert_eq!(
            File::from_msg(&plain.to_msg()).unwrap(),
            File::new("s3://b/k/x.csv")
        );
    }

    #[test]
    fn blob_literals_check_the_dimensionality() {
        let f = File::new("s3://b/k.csv").with_format("csv").with_hash("h");
        let lit = f.blob_literal();
        assert_eq!(lit.hash, "h");
        assert_eq!(File::from_blob_literal(&lit).unwrap(), f);
        assert_eq!(
            Dir::from_blob_literal(&lit).unwrap_err().to_string(),
            "expected a multipart blob (Dir), found a blob of dimensionality 0"
        );
        let d = Dir::new("/x/y");
        assert_eq!(Dir::from_blob_literal(&d.blob_literal()).unwrap(), d);
        assert!(File::from_blob_literal(&Literal::default()).is_err());
    }
}

/// A `flyte.io.DataFrame` handle: a table by uri, passed along without reading it. The one type
/// of it: the typed API's field and input type, the dynamic [`Value::DataFrame`](super::Value),
/// and what the `flyte-types-dataframe` crate reads and writes (it adds the reading and writing
/// through an extension trait, not a second type).
///
/// As a literal: `Scalar.structured_dataset {uri, metadata.structured_dataset_type}` with
/// `Literal.hash`; inside a struct, the pydantic object `{uri, format}`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DataFrame {
    /// The folder (or single file) holding the table.
    pub uri: String,
    /// The literal's metadata type: `format`, declared `columns`, `external_schema_*`.
    pub metadata: StructuredDatasetType,
    /// A cache key for the content (`Literal.hash`), when known.
    pub hash: Option<String>,
}

impl DataFrame {
    /// A parquet table at `uri`.
    pub fn new(uri: impl Into<String>) -> Self {
        Self::from_existing_remote(uri, "parquet")
    }

    /// A handle to an existing table (`DataFrame.from_existing_remote(uri, format)`).
    pub fn from_existing_remote(uri: impl Into<String>, format: impl Into<String>) -> Self {
        Self {
            uri: uri.into(),
            metadata: StructuredDatasetType {
                format: format.into(),
                ..Default::default()
            },
            hash: None,
        }
    }

    /// The storage format (`parquet`, or `""` when not given).
    pub fn format(&self) -> &str {
        &self.metadata.format
    }

    /// The declared columns (empty: all of them).
    pub fn columns(&self) -> &[DatasetColumn] {
        &self.metadata.columns
    }

    /// Sets the cache key.
    pub fn with_hash(mut self, hash: impl Into<String>) -> Self {
        self.hash = Some(hash.into());
        self
    }

    /// Sets the declared columns.
    pub fn with_columns(mut self, columns: Vec<DatasetColumn>) -> Self {
        self.metadata.columns = columns;
        self
    }

    /// The literal: `scalar.structured_dataset {uri, metadata}` and `hash`.
    pub(crate) fn literal(&self) -> Literal {
        Literal {
            value: Some(literal::Value::Scalar(Box::new(Scalar {
                value: Some(scalar::Value::StructuredDataset(Box::new(
                    StructuredDataset {
                        uri: self.uri.clone(),
                        metadata: Some(StructuredDatasetMetadata {
                            structured_dataset_type: Some(self.metadata.clone()),
                        }),
                    },
                ))),
            }))),
            hash: self.hash.clone().unwrap_or_default(),
            ..Default::default()
        }
    }

    /// The handle a structured-dataset literal holds (its metadata as the literal says it).
    pub(crate) fn from_dataset(sd: &StructuredDataset, lit: &Literal) -> Self {
        Self {
            uri: sd.uri.clone(),
            metadata: sd
                .metadata
                .as_ref()
                .and_then(|m| m.structured_dataset_type.clone())
                .unwrap_or_default(),
            hash: (!lit.hash.is_empty()).then(|| lit.hash.clone()),
        }
    }

    /// The object inside a struct: `{uri, format}` (Flyte 2 writes no more).
    pub(crate) fn to_msg(&self) -> Msg {
        let s = |t: &str| Msg::Str(t.to_string());
        Msg::Map(vec![
            (s("uri"), s(&self.uri)),
            (s("format"), s(self.format())),
        ])
    }
}
