//! Where tables are written and read: a thin synchronous seam over storage.
//!
//! [`TableStore`] is all the parquet layer needs: a fresh folder under the raw-data prefix,
//! a streaming writer for one object, the objects under a folder, and random-access reads of
//! one object (parquet reads its footer first, then column chunks). [`LocalTableStore`] serves
//! local paths and `file://` uris. The object-store backed `flyte_types::io::Store` (local,
//! memory, S3) plugs in behind the same trait.

use std::fs;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use bytes::Bytes;
use flyte_types::storage::{LocalFiles, StoreError};
use parquet::file::reader::{ChunkReader, Length};

/// One object being written. Dropping it without [`ObjectSink::finish`] may leave a partial object.
pub trait ObjectSink: Write + Send {
    /// Completes the object (flush, close, commit an upload) and returns its size in bytes.
    fn finish(self: Box<Self>) -> Result<u64, StoreError>;
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
        format!(
            "{}/{}",
            self.raw_data_prefix().trim_end_matches('/'),
            random_hex32()
        )
    }
    /// Starts writing the object at `uri` (creating parent folders as needed).
    fn create(&self, uri: &str) -> Result<Box<dyn ObjectSink>, StoreError>;
    /// The objects under the folder `uri`, sorted by uri; empty when it is not a folder.
    fn list(&self, uri: &str) -> Result<Vec<ObjectEntry>, StoreError>;
    /// Opens the object at `uri` for random-access reads.
    fn open(&self, uri: &str) -> Result<Arc<dyn RandomAccess>, StoreError>;
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

/// 32 random hex digits, like Flyte's random raw-data folder names. Not for cryptography:
/// std's per-process random hash keys, the time and a counter.
pub fn random_hex32() -> String {
    use std::collections::hash_map::RandomState;
    use std::hash::{BuildHasher, Hasher};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let half = |salt: u64| {
        let mut h = RandomState::new().build_hasher();
        h.write_u64(salt);
        h.write_u64(n);
        h.write_u128(now);
        h.write_u32(std::process::id());
        h.finish()
    };
    format!("{:016x}{:016x}", half(1), half(2))
}

/// Local files: absolute paths and `file://` uris, with the prefix rewrites of
/// [`LocalFiles`] (tests map the corpus's `/tmp/flyte-golden` to a case's `data/`).
#[derive(Debug, Clone)]
pub struct LocalTableStore {
    raw_data_prefix: String,
    files: LocalFiles,
}

impl LocalTableStore {
    /// New tables go under the local folder `raw_data_dir`.
    pub fn new(raw_data_dir: impl AsRef<Path>) -> Self {
        Self {
            raw_data_prefix: raw_data_dir.as_ref().to_string_lossy().into_owned(),
            files: LocalFiles::new(),
        }
    }

    /// Reads and writes uris under `prefix` in `dir` instead.
    pub fn with_rewrite(mut self, prefix: impl Into<String>, dir: impl Into<PathBuf>) -> Self {
        self.files = self.files.with_rewrite(prefix, dir);
        self
    }

    /// The local path of a uri.
    pub fn path(&self, uri: &str) -> Result<PathBuf, StoreError> {
        self.files.resolve(uri)
    }
}

fn io_err(uri: &str, source: io::Error) -> StoreError {
    match source.kind() {
        io::ErrorKind::NotFound => StoreError::NotFound(uri.to_string()),
        _ => StoreError::Io {
            uri: uri.to_string(),
            source,
        },
    }
}

struct LocalSink {
    uri: String,
    file: io::BufWriter<fs::File>,
}

impl Write for LocalSink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file.write(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

impl ObjectSink for LocalSink {
    fn finish(self: Box<Self>) -> Result<u64, StoreError> {
        let uri = self.uri;
        let file = self
            .file
            .into_inner()
            .map_err(|e| io_err(&uri, e.into_error()))?;
        file.metadata()
            .map(|m| m.len())
            .map_err(|e| io_err(&uri, e))
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

impl TableStore for LocalTableStore {
    fn raw_data_prefix(&self) -> &str {
        &self.raw_data_prefix
    }

    fn create(&self, uri: &str) -> Result<Box<dyn ObjectSink>, StoreError> {
        let path = self.path(uri)?;
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| io_err(uri, e))?;
        }
        let file = fs::File::create(&path).map_err(|e| io_err(uri, e))?;
        Ok(Box::new(LocalSink {
            uri: uri.to_string(),
            file: io::BufWriter::with_capacity(1 << 20, file),
        }))
    }

    fn list(&self, uri: &str) -> Result<Vec<ObjectEntry>, StoreError> {
        let root = self.path(uri)?;
        if !root.is_dir() {
            return Ok(Vec::new());
        }
        let mut out = Vec::new();
        let mut stack = vec![(root, uri.trim_end_matches('/').to_string())];
        while let Some((dir, dir_uri)) = stack.pop() {
            for entry in fs::read_dir(&dir).map_err(|e| io_err(&dir_uri, e))? {
                let entry = entry.map_err(|e| io_err(&dir_uri, e))?;
                let name = entry.file_name().to_string_lossy().into_owned();
                let child_uri = format!("{dir_uri}/{name}");
                let meta = entry.metadata().map_err(|e| io_err(&child_uri, e))?;
                if meta.is_dir() {
                    stack.push((entry.path(), child_uri));
                } else {
                    out.push(ObjectEntry {
                        uri: child_uri,
                        size: meta.len(),
                    });
                }
            }
        }
        out.sort_by(|a, b| a.uri.cmp(&b.uri));
        Ok(out)
    }

    fn open(&self, uri: &str) -> Result<Arc<dyn RandomAccess>, StoreError> {
        let path = self.path(uri)?;
        let file = fs::File::open(&path).map_err(|e| io_err(uri, e))?;
        let len = file.metadata().map_err(|e| io_err(uri, e))?.len();
        Ok(Arc::new(LocalObject(file, len)))
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
