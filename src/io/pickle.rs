//! The pickle / opaque fallback: bytes carried unchanged, inline when small, else a blob.

use super::hash::{ContentHasher, Md5Hex};
use super::store::Store;
use crate::Error;
use crate::idl::core::{
    BlobType, LiteralType, SimpleType, TypeStructure, UnionType, literal_type::Type,
};
use crate::value::{PickleData, Pickled};

/// Flyte 2's `DEFAULT_PICKLE_BYTES_LIMIT`: values up to 10 KiB stay inline.
pub const PICKLE_INLINE_LIMIT: usize = 10 * 1024;

/// The blob format of pickle files.
pub const PICKLE_FORMAT: &str = "PythonPickle";

/// Pickles larger than this are refused when read back (the largest offloaded literal).
pub const MAX_PICKLE_BYTES: u64 = 1000 * 1024 * 1024;

/// Flyte 2's pickle `LiteralType`: a union of `blob {format: "PythonPickle"}` and `BINARY`, both
/// tagged `FlytePickle`, with `metadata.python_class_name` (e.g. `"<class 'list'>"`).
pub fn pickle_literal_type(python_class_name: &str) -> LiteralType {
    let tagged = |t: Type| LiteralType {
        r#type: Some(t),
        structure: Some(TypeStructure {
            tag: "FlytePickle".into(),
            ..Default::default()
        }),
        ..Default::default()
    };
    let mut fields = std::collections::BTreeMap::new();
    fields.insert(
        "python_class_name".to_string(),
        prost_types::Value {
            kind: Some(prost_types::value::Kind::StringValue(
                python_class_name.into(),
            )),
        },
    );
    LiteralType {
        r#type: Some(Type::UnionType(UnionType {
            variants: vec![
                tagged(Type::Blob(BlobType {
                    format: PICKLE_FORMAT.into(),
                    dimensionality: 0,
                })),
                tagged(Type::Simple(SimpleType::Binary as i32)),
            ],
        })),
        metadata: Some(prost_types::Struct { fields }),
        ..Default::default()
    }
}

impl Store {
    /// Stores pickled bytes the way Flyte 2 does: inline (`Scalar.binary`) when at most
    /// [`PICKLE_INLINE_LIMIT`] bytes, else a file `<raw-data prefix>/<random>/<md5 hex of the
    /// bytes>` referenced by a `PythonPickle` blob.
    ///
    /// Flyte 2 compares `sys.getsizeof(value)` (the Python object's in-memory size) with the
    /// limit; only the pickled bytes are known here, so their length is compared instead. The
    /// two differ (a 20 KiB `bytes` object pickles to about 20 KiB, but a list of 2000 small ints
    /// (`list(range(1300))`) has a getsizeof of 10456 bytes and pickles to 3662), so the same Python value can land inline
    /// here and in a blob there: both forms decode the same everywhere.
    pub async fn put_pickle(&self, bytes: Vec<u8>, hash: Option<String>) -> Result<Pickled, Error> {
        let size = bytes.len() as u64;
        self.put_pickle_sized(bytes, hash, size).await
    }

    /// [`Store::put_pickle`] deciding by `decision_size` instead of the byte length: pass the
    /// Python object's `sys.getsizeof` when it is known to reproduce Flyte 2's choice exactly.
    pub async fn put_pickle_sized(
        &self,
        bytes: Vec<u8>,
        hash: Option<String>,
        decision_size: u64,
    ) -> Result<Pickled, Error> {
        if decision_size <= PICKLE_INLINE_LIMIT as u64 {
            return Ok(Pickled {
                data: PickleData::Inline(bytes),
                hash,
            });
        }
        let mut md5: Box<dyn ContentHasher> = Box::<Md5Hex>::default();
        md5.update(&bytes);
        let uri = self.random_uri(Some(&md5.finish()));
        self.write_bytes(&uri, bytes).await?;
        Ok(Pickled {
            data: PickleData::Uri(uri),
            hash,
        })
    }

    /// The pickled bytes of either form (Flyte 2 inline or blob, flytekit v1's always-blob),
    /// unchanged.
    pub async fn read_pickle(&self, pickle: &Pickled) -> Result<Vec<u8>, Error> {
        match &pickle.data {
            PickleData::Inline(bytes) => Ok(bytes.clone()),
            PickleData::Uri(uri) => self.read_bytes(uri, MAX_PICKLE_BYTES).await,
        }
    }
}
