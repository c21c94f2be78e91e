//! Where tables are written and read: a thin synchronous seam over storage.
//!
//! [`TableStore`] is all the parquet layer needs: a fresh folder under the raw-data prefix,
//! a streaming writer for one object, the objects under a folder, and random-access reads of
//! one object (parquet reads its footer first, then column chunks). The object-store backed
//! [`Store`] of flyte-types (local files, `memory://`, `s3://`) implements it.

use flyte_types::Error;
use std::fs;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::sync::Arc;

use bytes::Bytes;
use flyte_types::io::{ObjectWriter, Store, uri};
use flyte_types::storage::{LocalFiles, StoreErrorKind};
use parquet::file::reader::{ChunkReader, Length};
use tokio::io::AsyncWriteExt;

/// One object being written. Dropping it without [`ObjectSink::finish`] may leave a partial object.
pub trait ObjectSink: Write + Send {
    /// Completes the object (flush, close, commit an upload) and returns its size in bytes.
    fn finish(self: Box<Self>) -> Result<u64, Error>;
}

/// Random access to one stored object.
pub trait RandomAccess: Send + Sync {
    /// The object's size in bytes.
    fn len(&self) -> u64;
    /// Whether the object is empty.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Fills `buf` with the bytes at `offset`; an error if the object is shorter.
    fn read_exact_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<()>;
}

/// An object listed under a folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectEntry {
    /// Its uri.
    pub uri: String,
    /// Its size in bytes.
    pub size: u64,
}

/// Storage for tables: what the parquet encoders and decoders need, nothing more.
pub trait TableStore: Send + Sync {
    /// The raw-data prefix (`/tmp/raw`, `s3://bucket/raw`): new tables go under it.
    fn raw_data_prefix(&self) -> &str;
    /// A fresh, unused folder uri under the raw-data prefix (Flyte 2:
    /// `ctx.raw_data.get_random_remote_path()`, a 32-hex-digit name).
    fn new_folder(&self) -> String {
        uri::random_path(self.raw_data_prefix(), None)
    }
    /// Starts writing the object at `uri` (creating parent folders as needed).
    fn create(&self, uri: &str) -> Result<Box<dyn ObjectSink>, Error>;
    /// The objects under the folder `uri`, sorted by uri; empty when it is not a folder.
    fn list(&self, uri: &str) -> Result<Vec<ObjectEntry>, Error>;
    /// Opens the object at `uri` for random-access reads.
    fn open(&self, uri: &str) -> Result<Arc<dyn RandomAccess>, Error>;
    /// The storage protocol of a uri (`file` for local paths), the registry's key.
    fn protocol(&self, uri: &str) -> String {
        protocol_of(uri)
    }
}

/// The protocol of a uri as fsspec's `get_protocol` gives it: the scheme, or `file` for paths.
pub fn protocol_of(uri: &str) -> String {
    match uri.split_once("://") {
        Some((scheme, _)) if !scheme.is_empty() && !scheme.contains('/') => scheme.to_string(),
        _ => "file".to_string(),
    }
}

/// A flyte-types [`Store`] (local paths, `memory://`, `s3://` with the `s3` feature) as table
/// storage. Writes stream through the Store's object writer (parts uploaded as they fill on
/// S3), on a private single-threaded runtime per object. Local objects are read in place with
/// random access; other objects are fetched whole when opened (the Store has no ranged reads
/// yet), so the batch-bounded memory of streaming reads holds for local tables.
///
/// The methods block: call them from synchronous code (from async code, in `spawn_blocking`).
impl TableStore for Store {
    fn raw_data_prefix(&self) -> &str {
        Store::raw_data_prefix(self)
    }

    fn new_folder(&self) -> String {
        self.random_uri(None)
    }

    fn create(&self, uri: &str) -> Result<Box<dyn ObjectSink>, Error> {
        let rt = runtime()?;
        let writer = {
            let _guard = rt.enter();
            self.writer(uri, None)?
        };
        Ok(Box::new(StoreSink {
            rt,
            writer: Some(writer),
        }))
    }

    fn list(&self, uri: &str) -> Result<Vec<ObjectEntry>, Error> {
        let listed = runtime()?.block_on(Store::list(self, uri))?;
        Ok(listed
            .into_iter()
            .map(|o| ObjectEntry {
                uri: o.uri,
                size: o.size,
            })
            .collect())
    }

    fn open(&self, uri: &str) -> Result<Arc<dyn RandomAccess>, Error> {
        if uri::is_local(uri) {
            let mut files = LocalFiles::new();
            for (prefix, dir) in &self.config().rewrites {
                files = files.with_rewrite(prefix.clone(), dir.clone());
            }
            let path = files.resolve(uri)?;
            let file = fs::File::open(&path).map_err(|e| Error::from_io(uri, e))?;
            let len = file.metadata().map_err(|e| Error::from_io(uri, e))?.len();
            return Ok(Arc::new(LocalObject(file, len)));
        }
        let bytes = runtime()?.block_on(self.read_bytes(uri, u64::MAX))?;
        Ok(Arc::new(InMemoryObject(Bytes::from(bytes))))
    }
}

fn runtime() -> Result<tokio::runtime::Runtime, Error> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| StoreErrorKind::Config(format!("cannot start a tokio runtime: {e}")).into())
}

/// An object being written through the Store, with the runtime its upload tasks run on.
struct StoreSink {
    rt: tokio::runtime::Runtime,
    writer: Option<ObjectWriter>,
}

impl Write for StoreSink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let w = self
            .writer
            .as_mut()
            .ok_or_else(|| io::Error::other("the object writer is closed"))?;
        self.rt.block_on(w.write_all(buf))?;
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        // Parts are uploaded as they fill; the object appears on `finish`.
        Ok(())
    }
}

impl ObjectSink for StoreSink {
    fn finish(mut self: Box<Self>) -> Result<u64, Error> {
        let w = self
            .writer
            .take()
            .ok_or_else(|| StoreErrorKind::Config("the object writer is closed".into()))?;
        Ok(self.rt.block_on(w.finish())?.size)
    }
}

impl Drop for StoreSink {
    fn drop(&mut self) {
        // Not finished: abort, so that nothing is left at the uri.
        if let Some(w) = self.writer.take() {
            let _ = self.rt.block_on(w.abort());
        }
    }
}

/// An object fetched whole.
struct InMemoryObject(Bytes);

impl RandomAccess for InMemoryObject {
    fn len(&self) -> u64 {
        self.0.len() as u64
    }
    fn read_exact_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<()> {
        let start = usize::try_from(offset).map_err(|_| io::ErrorKind::UnexpectedEof)?;
        let end = start
            .checked_add(buf.len())
            .filter(|&e| e <= self.0.len())
            .ok_or(io::ErrorKind::UnexpectedEof)?;
        buf.copy_from_slice(&self.0[start..end]);
        Ok(())
    }
}

struct LocalObject(fs::File, u64);

impl RandomAccess for LocalObject {
    fn len(&self) -> u64 {
        self.1
    }
    fn read_exact_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<()> {
        #[cfg(unix)]
        {
            std::os::unix::fs::FileExt::read_exact_at(&self.0, buf, offset)
        }
        #[cfg(not(unix))]
        {
            let mut f = &self.0;
            f.seek(SeekFrom::Start(offset))?;
            f.read_exact(buf)
        }
    }
}

/// A stored object as parquet's [`ChunkReader`].
#[derive(Clone)]
pub struct ObjectChunks {
    uri: String,
    object: Arc<dyn RandomAccess>,
}

impl ObjectChunks {
    /// Wraps an opened object.
    pub fn new(uri: impl Into<String>, object: Arc<dyn RandomAccess>) -> Self {
        Self {
            uri: uri.into(),
            object,
        }
    }

    /// The object's uri.
    pub fn uri(&self) -> &str {
        &self.uri
    }
}

impl Length for ObjectChunks {
    fn len(&self) -> u64 {
        self.object.len()
    }
}

/// A sequential reader over an object from an offset (parquet reads pages through it).
pub struct ObjectRead {
    object: Arc<dyn RandomAccess>,
    pos: u64,
}

impl Read for ObjectRead {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let left = self.object.len().saturating_sub(self.pos);
        let n = (buf.len() as u64).min(left) as usize;
        if n == 0 {
            return Ok(0);
        }
        self.object.read_exact_at(self.pos, &mut buf[..n])?;
        self.pos += n as u64;
        Ok(n)
    }
}

impl Seek for ObjectRead {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let new = match to {
            SeekFrom::Start(p) => Some(p),
            SeekFrom::End(d) => self.object.len().checked_add_signed(d),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d),
        };
        self.pos = new.ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "bad seek"))?;
        Ok(self.pos)
    }
}

impl ChunkReader for ObjectChunks {
    type T = io::BufReader<ObjectRead>;

    fn get_read(&self, start: u64) -> parquet::errors::Result<Self::T> {
        Ok(io::BufReader::with_capacity(
            64 * 1024,
            ObjectRead {
                object: self.object.clone(),
                pos: start,
            },
        ))
    }

    fn get_bytes(&self, start: u64, length: usize) -> parquet::errors::Result<Bytes> {
        let mut buf = vec![0u8; length];
        self.object
            .read_exact_at(start, &mut buf)
            .map_err(|e| parquet::errors::ParquetError::External(Box::new(e)))?;
        Ok(Bytes::from(buf))
    }
}
