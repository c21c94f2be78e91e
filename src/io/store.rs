//! [`Store`]: one storage abstraction over `object_store`, addressed by uri.

use super::config::StoreConfig;
use super::hash::ContentHasher;
use super::multipart::{PartSizes, PartWriter};
use super::uri::{self, ParsedUri, Scheme};
use crate::storage::StoreErrorKind;
use crate::{Error, ErrorKind};
use bytes::{Buf, Bytes};
use futures::StreamExt;
use futures::stream::BoxStream;
use object_store::local::LocalFileSystem;
use object_store::memory::InMemory;
use object_store::path::Path as ObjPath;
use object_store::{GetOptions, GetResultPayload, ObjectStore, ObjectStoreExt, PutPayload};
use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, ready};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};

/// Buffer size of the copy loops.
const COPY_BUF: usize = 1024 * 1024;

/// What a store knows about one object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectInfo {
    /// Its uri.
    pub uri: String,
    /// Its size in bytes.
    pub size: u64,
    /// Its version tag, when the backend has one (used to detect changes during reads).
    pub e_tag: Option<String>,
}

/// The result of a finished write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    /// Where the bytes are.
    pub uri: String,
    /// How many bytes.
    pub size: u64,
    /// The content hash, when a hasher was given.
    pub hash: Option<String>,
}

/// Where a uri resolves to.
pub(crate) struct Location {
    pub(crate) uri: String,
    pub(crate) store: Arc<dyn ObjectStore>,
    pub(crate) path: ObjPath,
    /// For local uris: the file-system path (after rewrites).
    pub(crate) local: Option<PathBuf>,
}

/// Storage addressed by uri: local files, `memory://`, and with their features `s3://` (`s3`),
/// `gs://` (`gcs`), `abfs://` / `abfss://` / `az://` (`azure`), plus any `ObjectStore` the caller
/// hands in ([`Store::from_object_store`], [`StoreConfig::with_object_store`]); with the
/// raw-data prefix new objects go to. Cheap to clone; all methods are async and take `&self`.
///
/// A cloud client is built on the first use of its bucket, from [`StoreConfig::options`]: a
/// store never needs settings for uris it does not read or write.
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

struct Inner {
    config: StoreConfig,
    local: Arc<dyn ObjectStore>,
    memory: Arc<dyn ObjectStore>,
    /// Cloud clients by `scheme://bucket`.
    clients: Mutex<HashMap<String, Arc<dyn ObjectStore>>>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("raw_data_prefix", &self.inner.config.raw_data_prefix)
            .finish_non_exhaustive()
    }
}

impl Store {
    /// A store with `config`. Fails when the raw-data prefix is not a uri this build serves or
    /// a setting is unknown.
    pub fn new(mut config: StoreConfig) -> Result<Self, Error> {
        config.check()?;
        // Longest prefix first: the most specific store wins.
        config
            .object_stores
            .sort_by_key(|(prefix, _)| std::cmp::Reverse(prefix.len()));
        let store = Self {
            inner: Arc::new(Inner {
                config,
                local: Arc::new(LocalFileSystem::new()),
                memory: Arc::new(InMemory::new()),
                clients: Mutex::new(HashMap::new()),
            }),
        };
        if store.mounted(store.raw_data_prefix()).is_none() {
            uri::parse(store.raw_data_prefix())?;
        }
        Ok(store)
    }

    /// A store configured from the environment the way Flyte 2 is
    /// ([`StoreConfig::from_env`]): the one call a task runtime or a command-line tool needs.
    pub fn from_env(raw_data_prefix: Option<&str>) -> Result<Self, Error> {
        Self::new(StoreConfig::from_env(raw_data_prefix)?)
    }

    /// A store whose raw-data prefix `prefix` (e.g. `s3://bucket/raw`) is served by `store`, a
    /// client the caller already configured (its own retry or throttle wrappers, another
    /// backend): keys are the uri after `prefix`. Local paths and `memory://` work as usual.
    pub fn from_object_store(
        prefix: impl Into<String>,
        store: Arc<dyn ObjectStore>,
    ) -> Result<Self, Error> {
        let prefix: String = prefix.into();
        Self::new(StoreConfig::new(prefix.clone()).with_object_store(prefix, store))
    }

    /// A store whose raw-data prefix is a local folder.
    pub fn local(raw_data_dir: impl AsRef<Path>) -> Result<Self, Error> {
        Self::new(StoreConfig::new(
            raw_data_dir.as_ref().display().to_string(),
        ))
    }

    /// The configuration.
    pub fn config(&self) -> &StoreConfig {
        &self.inner.config
    }

    /// The raw-data prefix.
    pub fn raw_data_prefix(&self) -> &str {
        &self.inner.config.raw_data_prefix
    }

    /// Whether the raw-data prefix is local (then `File::from_local`-style uploads do not copy).
    pub fn raw_data_is_local(&self) -> bool {
        uri::is_local(self.raw_data_prefix())
    }

    /// A fresh `<raw-data prefix>/<32 hex>/<name>` uri (Flyte 2's `get_random_remote_path`).
    pub fn random_uri(&self, name: Option<&str>) -> String {
        uri::random_path(self.raw_data_prefix(), name)
    }

    /// The caller's store serving `uri`, and the key inside it.
    fn mounted<'u>(&self, uri: &'u str) -> Option<(Arc<dyn ObjectStore>, &'u str)> {
        self.inner
            .config
            .object_stores
            .iter()
            .find_map(|(prefix, store)| {
                let rest = uri.strip_prefix(prefix.as_str())?;
                (rest.is_empty() || rest.starts_with('/'))
                    .then(|| (store.clone(), rest.trim_matches('/')))
            })
    }

    /// Resolves a uri to its backend and key.
    pub(crate) fn locate(&self, uri: &str) -> Result<Location, Error> {
        let bad_path = |e: object_store::path::Error| StoreErrorKind::InvalidUri {
            uri: uri.to_string(),
            reason: e.to_string(),
        };
        if let Some((store, key)) = self.mounted(uri) {
            return Ok(Location {
                uri: uri.to_string(),
                store,
                path: ObjPath::parse(key).map_err(bad_path)?,
                local: None,
            });
        }
        let parsed = uri::parse(uri)?;
        let store = match parsed.scheme {
            Scheme::Local => {
                let path = self.rewrite(&parsed);
                let obj = ObjPath::from_absolute_path(&path).map_err(bad_path)?;
                return Ok(Location {
                    uri: uri.to_string(),
                    store: self.inner.local.clone(),
                    path: obj,
                    local: Some(path),
                });
            }
            Scheme::Memory => {
                return Ok(Location {
                    uri: uri.to_string(),
                    store: self.inner.memory.clone(),
                    path: ObjPath::parse(format!("{}/{}", parsed.bucket, parsed.key))
                        .map_err(bad_path)?,
                    local: None,
                });
            }
            Scheme::S3 | Scheme::Gcs | Scheme::Azure => self.cloud(uri, &parsed)?,
        };
        Ok(Location {
            uri: uri.to_string(),
            store,
            path: ObjPath::parse(&parsed.key).map_err(bad_path)?,
            local: None,
        })
    }

    fn rewrite(&self, parsed: &ParsedUri) -> PathBuf {
        normalize(self.rewrite_raw(parsed))
    }

    fn rewrite_raw(&self, parsed: &ParsedUri) -> PathBuf {
        let path = format!("/{}", parsed.key);
        for (prefix, dir) in &self.inner.config.rewrites {
            let prefix = prefix.trim_end_matches('/');
            if let Some(rest) = path.strip_prefix(prefix)
                && (rest.is_empty() || rest.starts_with('/'))
            {
                return dir.join(rest.trim_start_matches('/'));
            }
        }
        PathBuf::from(path)
    }

    /// The client of a cloud bucket, built on first use from the settings.
    fn cloud(&self, uri: &str, parsed: &ParsedUri) -> Result<Arc<dyn ObjectStore>, Error> {
        let scheme = uri.split_once("://").map_or("", |(s, _)| s);
        let bucket_url = format!("{scheme}://{}", parsed.bucket);
        let mut cache = self
            .inner
            .clients
            .lock()
            .map_err(|_| StoreErrorKind::Config("the client cache was poisoned".into()))?;
        if let Some(s) = cache.get(&bucket_url) {
            return Ok(s.clone());
        }
        let client = super::backends::build(&self.inner.config, parsed.scheme, &bucket_url)
            .map_err(|e| match e.kind() {
                ErrorKind::Store(StoreErrorKind::UnsupportedScheme { .. }) => {
                    Error::from(StoreErrorKind::UnsupportedScheme {
                        uri: uri.to_string(),
                        supported: uri::supported(),
                    })
                }
                _ => e,
            })?;
        cache.insert(bucket_url, client.clone());
        Ok(client)
    }

    /// Size and version of the object at `uri`.
    pub async fn head(&self, uri: &str) -> Result<ObjectInfo, Error> {
        let loc = self.locate(uri)?;
        let meta = loc
            .store
            .head(&loc.path)
            .await
            .map_err(|e| map_err(uri, e))?;
        Ok(ObjectInfo {
            uri: uri.to_string(),
            size: meta.size,
            e_tag: meta.e_tag,
        })
    }

    /// Whether an object exists at `uri`.
    pub async fn exists(&self, uri: &str) -> Result<bool, Error> {
        match self.head(uri).await {
            Ok(_) => Ok(true),
            Err(e) if matches!(e.kind(), ErrorKind::Store(StoreErrorKind::NotFound { .. })) => {
                Ok(false)
            }
            Err(e) => Err(e),
        }
    }

    /// The whole object, refusing objects larger than `limit` bytes before reading them.
    pub async fn read_bytes(&self, uri: &str, limit: u64) -> Result<Vec<u8>, Error> {
        let info = self.head(uri).await?;
        if info.size > limit {
            return Err(StoreErrorKind::TooLarge {
                uri: uri.to_string(),
                size: info.size,
                limit,
            }
            .into());
        }
        let mut reader = self.reader_for(&info).await?;
        let mut out = Vec::with_capacity(usize::try_from(info.size).unwrap_or(0));
        reader
            .read_to_end(&mut out)
            .await
            .map_err(|e| unwrap_io(uri, e))?;
        Ok(out)
    }

    /// Writes `bytes` as the object at `uri`, all or nothing.
    pub async fn write_bytes(&self, uri: &str, bytes: impl Into<Bytes>) -> Result<Written, Error> {
        let loc = self.locate(uri)?;
        let bytes: Bytes = bytes.into();
        let size = bytes.len() as u64;
        loc.store
            .put(&loc.path, PutPayload::from(bytes))
            .await
            .map_err(|e| map_err(uri, e))?;
        Ok(Written {
            uri: uri.to_string(),
            size,
            hash: None,
        })
    }

    /// Deletes the object at `uri` (missing objects are not an error).
    pub async fn delete(&self, uri: &str) -> Result<(), Error> {
        let loc = self.locate(uri)?;
        match loc.store.delete(&loc.path).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(map_err(uri, e)),
        }
    }

    /// Every object under the folder `prefix` (recursively), sorted by uri.
    pub async fn list(&self, prefix: &str) -> Result<Vec<ObjectInfo>, Error> {
        let loc = self.locate(prefix)?;
        let base = prefix.trim_end_matches('/');
        let root = loc.path.as_ref().to_string();
        let mut stream = loc.store.list(Some(&loc.path));
        let mut out = Vec::new();
        while let Some(meta) = stream.next().await {
            let meta = meta.map_err(|e| map_err(prefix, e))?;
            let key = meta.location.as_ref();
            let rel = if root.is_empty() {
                key
            } else {
                key.strip_prefix(root.as_str())
                    .and_then(|r| r.strip_prefix('/'))
                    .unwrap_or(key)
            };
            out.push(ObjectInfo {
                uri: format!("{base}/{rel}"),
                size: meta.size,
                e_tag: meta.e_tag,
            });
        }
        out.sort_by(|a, b| a.uri.cmp(&b.uri));
        Ok(out)
    }

    /// A streaming reader of the object at `uri`.
    pub async fn reader(&self, uri: &str) -> Result<ObjectReader, Error> {
        let info = self.head(uri).await?;
        self.reader_for(&info).await
    }

    /// A streaming reader of exactly the version `info` describes: if the object was replaced
    /// since (another version tag) or its size moves during the read, reading fails with
    /// [`StoreErrorKind::Changed`].
    pub async fn reader_for(&self, info: &ObjectInfo) -> Result<ObjectReader, Error> {
        let uri = info.uri.as_str();
        let loc = self.locate(uri)?;
        let options = GetOptions {
            if_match: info.e_tag.clone(),
            ..Default::default()
        };
        let got = loc
            .store
            .get_opts(&loc.path, options)
            .await
            .map_err(|e| map_err(uri, e))?;
        // The request asked for this version (`If-Match`); a server that ignores the condition
        // (fake-gcs-server does) still tells which version it sent.
        if info.e_tag.is_some() && got.meta.e_tag.is_some() && got.meta.e_tag != info.e_tag {
            return Err(StoreErrorKind::Changed {
                uri: uri.to_string(),
                detail: "the object's version no longer matches".into(),
            }
            .into());
        }
        if got.meta.size != info.size {
            return Err(StoreErrorKind::Changed {
                uri: uri.to_string(),
                detail: format!("expected {} bytes, found {}", info.size, got.meta.size),
            }
            .into());
        }
        let inner = match got.payload {
            GetResultPayload::File(file, _) => ReadInner::File(tokio::fs::File::from_std(file)),
            GetResultPayload::Stream(stream) => ReadInner::Stream {
                stream,
                chunk: Bytes::new(),
            },
        };
        Ok(ObjectReader {
            uri: uri.to_string(),
            expected: info.size,
            seen: 0,
            inner,
        })
    }

    /// A streaming writer to `uri` for an object of unknown length. Nothing appears at `uri`
    /// until [`ObjectWriter::finish`] succeeds; an aborted or dropped writer leaves no object
    /// (local: a staged file is removed; cloud: the multipart upload is aborted). Parts start
    /// at [`StoreConfig::part_size`] and double every `max_parts / 10` parts, so any object up
    /// to about 4.9 TiB fits (with the defaults).
    pub fn writer(
        &self,
        uri: &str,
        hasher: Option<Box<dyn ContentHasher>>,
    ) -> Result<ObjectWriter, Error> {
        self.writer_sized(uri, hasher, None)
    }

    /// [`Store::writer`] for an object of `size` bytes when known: parts of one size, the
    /// smallest that fits it in `max_parts` parts ([`StoreConfig::part_size_for`]).
    pub fn writer_sized(
        &self,
        uri: &str,
        hasher: Option<Box<dyn ContentHasher>>,
        size: Option<u64>,
    ) -> Result<ObjectWriter, Error> {
        let loc = self.locate(uri)?;
        let cfg = &self.inner.config;
        let sizes = PartSizes {
            base: cfg.part_size_for(size)?,
            grow: size.is_none(),
            max_parts: cfg.max_parts,
            max_part: super::config::MAX_PART_SIZE,
        };
        let inner = PartWriter::new(loc.store, loc.path, sizes, cfg.part_concurrency);
        Ok(ObjectWriter {
            uri: uri.to_string(),
            inner: Some(inner),
            hasher,
            written: 0,
        })
    }

    /// Streams everything `reader` yields to `uri`, all or nothing: on any read or write error
    /// the upload is aborted and nothing is left at `uri`.
    pub async fn put_reader<R: AsyncRead + Unpin>(
        &self,
        uri: &str,
        reader: R,
        hasher: Option<Box<dyn ContentHasher>>,
    ) -> Result<Written, Error> {
        self.put_reader_sized(uri, reader, hasher, None).await
    }

    /// [`Store::put_reader`] knowing the length (`size`), which sets the part size.
    pub(super) async fn put_reader_sized<R: AsyncRead + Unpin>(
        &self,
        uri: &str,
        mut reader: R,
        hasher: Option<Box<dyn ContentHasher>>,
        size: Option<u64>,
    ) -> Result<Written, Error> {
        let mut writer = self.writer_sized(uri, hasher, size)?;
        let mut buf = vec![0u8; COPY_BUF.min(self.inner.config.part_size.max(64 * 1024))];
        loop {
            let n = match reader.read(&mut buf).await {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) => {
                    let _ = writer.abort().await;
                    return Err(unwrap_io(uri, e));
                }
            };
            if let Err(e) = writer.write_all(&buf[..n]).await {
                let _ = writer.abort().await;
                return Err(unwrap_io(uri, e));
            }
        }
        writer.finish().await
    }

    /// Copies a local file to `uri`, all or nothing, hashing the bytes on the way when a hasher
    /// is given. Local to local is a file-system copy to a temporary name, then a rename.
    pub async fn upload_path(
        &self,
        src: &Path,
        uri: &str,
        hasher: Option<Box<dyn ContentHasher>>,
    ) -> Result<Written, Error> {
        let loc = self.locate(uri)?;
        if let Some(dst) = loc.local {
            let src = src.to_path_buf();
            let uri = uri.to_string();
            return tokio::task::spawn_blocking(move || copy_local(&src, &dst, &uri, hasher))
                .await
                .map_err(|e| backend_error(loc.uri.clone(), e))?;
        }
        let src_err = |e| Error::from_io(src.display().to_string(), e);
        let file = tokio::fs::File::open(src).await.map_err(src_err)?;
        let size = file.metadata().await.map_err(src_err)?.len();
        self.put_reader_sized(uri, file, hasher, Some(size)).await
    }

    /// Downloads the object `info` describes to the local path `dst`, all or nothing: the bytes
    /// go to a temporary file beside `dst`, renamed into place only when complete; a failed
    /// download leaves no file at `dst` (an existing one is left untouched).
    pub async fn download_to(&self, info: &ObjectInfo, dst: &Path) -> Result<u64, Error> {
        let loc = self.locate(&info.uri)?;
        if let Some(src) = loc.local {
            if info.e_tag.is_some() {
                let now = self.head(&info.uri).await?;
                if now.e_tag != info.e_tag {
                    return Err(StoreErrorKind::Changed {
                        uri: info.uri.clone(),
                        detail: "the object's version no longer matches".into(),
                    }
                    .into());
                }
            }
            let dst = dst.to_path_buf();
            let info = info.clone();
            return tokio::task::spawn_blocking(move || download_local(&src, &dst, &info))
                .await
                .map_err(|e| backend_error(loc.uri.clone(), e))?;
        }
        let (tmp, file) = temp_beside(dst).await?;
        let result = async {
            let mut reader = self.reader_for(info).await?;
            let mut out = tokio::io::BufWriter::with_capacity(COPY_BUF, file);
            let n = tokio::io::copy(&mut reader, &mut out)
                .await
                .map_err(|e| unwrap_io(&info.uri, e))?;
            out.flush()
                .await
                .map_err(|e| Error::from_io(dst.display().to_string(), e))?;
            Ok::<u64, Error>(n)
        }
        .await;
        finish_temp(result, &tmp, dst).await
    }
}

/// Resolves `.` and `..` lexically (rewrite targets such as `repo/../shared/...`; uris themselves
/// may not contain them).
fn normalize(path: PathBuf) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Creates the parent folder of `dst` and a temporary file beside it.
async fn temp_beside(dst: &Path) -> Result<(PathBuf, tokio::fs::File), Error> {
    let tmp = temp_name(dst);
    let io = |e| Error::from_io(dst.display().to_string(), e);
    if let Some(parent) = dst.parent() {
        tokio::fs::create_dir_all(parent).await.map_err(io)?;
    }
    let file = tokio::fs::File::create(&tmp).await.map_err(io)?;
    Ok((tmp, file))
}

/// Renames `tmp` to `dst` when `result` is Ok, else removes `tmp`.
async fn finish_temp<T>(result: Result<T, Error>, tmp: &Path, dst: &Path) -> Result<T, Error> {
    match result {
        Ok(v) => match tokio::fs::rename(tmp, dst).await {
            Ok(()) => Ok(v),
            Err(e) => {
                let _ = tokio::fs::remove_file(tmp).await;
                Err(Error::from_io(dst.display().to_string(), e))
            }
        },
        Err(e) => {
            let _ = tokio::fs::remove_file(tmp).await;
            Err(e)
        }
    }
}

/// `.<name>.<16 hex>.flyte-tmp` beside `dst`.
pub(crate) fn temp_name(dst: &Path) -> PathBuf {
    let name = dst
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tag = &uri::random_hex()[..16];
    dst.with_file_name(format!(".{name}.{tag}.flyte-tmp"))
}

/// Local to local copy through a temporary file and a rename.
fn copy_local(
    src: &Path,
    dst: &Path,
    uri: &str,
    hasher: Option<Box<dyn ContentHasher>>,
) -> Result<Written, Error> {
    use std::io::{Read, Write};
    let src_err = |e| Error::from_io(src.display().to_string(), e);
    let dst_err = |e| Error::from_io(uri, e);
    if let Some(parent) = dst.parent() {
        std::fs::create_dir_all(parent).map_err(dst_err)?;
    }
    let tmp = temp_name(dst);
    let result = (|| {
        let (size, hash) = match hasher {
            None => (
                std::fs::copy(src, &tmp).map_err(|e| copy_err(src, uri, e))?,
                None,
            ),
            Some(mut h) => {
                let mut input = std::fs::File::open(src).map_err(src_err)?;
                let mut out = std::fs::File::create(&tmp).map_err(dst_err)?;
                let mut buf = vec![0u8; COPY_BUF];
                let mut size = 0u64;
                loop {
                    let n = input.read(&mut buf).map_err(src_err)?;
                    if n == 0 {
                        break;
                    }
                    h.update(&buf[..n]);
                    out.write_all(&buf[..n]).map_err(dst_err)?;
                    size += n as u64;
                }
                (size, Some(h.finish()))
            }
        };
        std::fs::rename(&tmp, dst).map_err(dst_err)?;
        Ok(Written {
            uri: uri.to_string(),
            size,
            hash,
        })
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// `std::fs::copy` errors: blame the source when it cannot be opened.
fn copy_err(src: &Path, uri: &str, e: io::Error) -> Error {
    if std::fs::metadata(src).is_err() {
        Error::from_io(src.display().to_string(), e)
    } else {
        Error::from_io(uri, e)
    }
}

/// Local object to a local path, checking that the source did not change meanwhile.
fn download_local(src: &Path, dst: &Path, info: &ObjectInfo) -> Result<u64, Error> {
    let dst_err = |e| Error::from_io(dst.display().to_string(), e);
    let before = std::fs::metadata(src).map_err(|e| Error::from_io(&info.uri, e))?;
    if before.len() != info.size {
        return Err(StoreErrorKind::Changed {
            uri: info.uri.clone(),
            detail: format!("expected {} bytes, found {}", info.size, before.len()),
        }
        .into());
    }
    if let Some(parent) = dst.parent() {
        std::fs::create_dir_all(parent).map_err(dst_err)?;
    }
    let tmp = temp_name(dst);
    let result = (|| {
        let n = std::fs::copy(src, &tmp).map_err(|e| copy_err(src, &info.uri, e))?;
        let after = std::fs::metadata(src).map_err(|e| Error::from_io(&info.uri, e))?;
        if n != info.size
            || after.len() != before.len()
            || after.modified().ok() != before.modified().ok()
        {
            return Err(StoreErrorKind::Changed {
                uri: info.uri.clone(),
                detail: format!(
                    "{} bytes expected, {n} copied, source modified meanwhile",
                    info.size
                ),
            }
            .into());
        }
        std::fs::rename(&tmp, dst).map_err(dst_err)?;
        Ok(n)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// A [`StoreErrorKind::Backend`] about `uri`, caused by `source`.
pub(crate) fn backend_error(
    uri: impl Into<String>,
    source: impl std::error::Error + Send + Sync + 'static,
) -> Error {
    Error::from(StoreErrorKind::Backend { uri: uri.into() }).with_source(source)
}

/// Maps an object_store error about `uri` to the layer's error.
pub(crate) fn map_err(uri: &str, e: object_store::Error) -> Error {
    use object_store::Error as E;
    let uri = uri.to_string();
    let kind = match &e {
        E::NotFound { .. } => StoreErrorKind::NotFound { uri },
        E::PermissionDenied { .. } | E::Unauthenticated { .. } => {
            StoreErrorKind::PermissionDenied {
                uri,
                message: e.to_string(),
            }
        }
        E::Precondition { .. } => StoreErrorKind::Changed {
            uri,
            detail: "the object's version no longer matches".into(),
        },
        E::InvalidPath { source } => StoreErrorKind::InvalidUri {
            uri,
            reason: source.to_string(),
        },
        E::Generic { source, .. }
            if source
                .downcast_ref::<io::Error>()
                .is_some_and(|io| io.kind() == io::ErrorKind::PermissionDenied) =>
        {
            StoreErrorKind::PermissionDenied {
                uri,
                message: e.to_string(),
            }
        }
        _ => return backend_error(uri, e),
    };
    kind.into()
}

/// An `io::Error` from our readers / writers back to the layer's error.
pub(crate) fn unwrap_io(uri: &str, e: io::Error) -> Error {
    if e.get_ref().is_some_and(|inner| inner.is::<Error>()) {
        match e.into_inner().map(|b| b.downcast::<Error>()) {
            Some(Ok(err)) => return *err,
            Some(Err(other)) => return Error::from_io(uri, io::Error::other(other)),
            None => {}
        }
        return backend_error(uri, io::Error::other("unknown I/O error"));
    }
    if e.get_ref()
        .is_some_and(|inner| inner.is::<object_store::Error>())
    {
        return backend_error(uri, e);
    }
    Error::from_io(uri, e)
}

enum ReadInner {
    File(tokio::fs::File),
    Stream {
        stream: BoxStream<'static, object_store::Result<Bytes>>,
        chunk: Bytes,
    },
}

/// Streams one object version ([`tokio::io::AsyncRead`]) with bounded memory. Fails with
/// [`StoreErrorKind::Changed`] (inside the `io::Error`; see [`ObjectReader::into_store_error`]) when
/// the object yields more or fewer bytes than its size when it was opened.
pub struct ObjectReader {
    uri: String,
    expected: u64,
    seen: u64,
    inner: ReadInner,
}

impl std::fmt::Debug for ObjectReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ObjectReader")
            .field("uri", &self.uri)
            .field("expected", &self.expected)
            .field("seen", &self.seen)
            .finish_non_exhaustive()
    }
}

impl ObjectReader {
    /// The object's uri.
    pub fn uri(&self) -> &str {
        &self.uri
    }

    /// The object's size when the reader was opened.
    pub fn size(&self) -> u64 {
        self.expected
    }

    /// The storage error inside an `io::Error` this reader returned.
    pub fn into_store_error(&self, e: io::Error) -> Error {
        unwrap_io(&self.uri, e)
    }

    fn changed(&self, detail: String) -> io::Error {
        io::Error::other(Error::from(StoreErrorKind::Changed {
            uri: self.uri.clone(),
            detail,
        }))
    }
}

impl AsyncRead for ObjectReader {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        if buf.remaining() == 0 {
            return Poll::Ready(Ok(()));
        }
        let this = &mut *self;
        let before = buf.filled().len();
        match &mut this.inner {
            ReadInner::File(file) => ready!(Pin::new(file).poll_read(cx, buf))?,
            ReadInner::Stream { stream, chunk } => {
                while chunk.is_empty() {
                    match ready!(stream.poll_next_unpin(cx)) {
                        Some(Ok(next)) => *chunk = next,
                        Some(Err(e)) => {
                            return Poll::Ready(Err(io::Error::other(map_err(&this.uri, e))));
                        }
                        None => break,
                    }
                }
                let n = chunk.len().min(buf.remaining());
                buf.put_slice(&chunk[..n]);
                chunk.advance(n);
            }
        }
        let n = buf.filled().len() - before;
        this.seen += n as u64;
        if this.seen > this.expected {
            return Poll::Ready(Err(this.changed(format!(
                "more than the {} bytes it had when opened",
                this.expected
            ))));
        }
        if n == 0 && this.seen != this.expected {
            return Poll::Ready(Err(this.changed(format!(
                "ended after {} of {} bytes",
                this.seen, this.expected
            ))));
        }
        Poll::Ready(Ok(()))
    }
}

/// Streams bytes to one object ([`tokio::io::AsyncWrite`]), part by part: memory stays at about
/// part size × (`part_concurrency` + 1). Call [`ObjectWriter::finish`] to publish the object; dropping
/// or [`ObjectWriter::abort`]ing it publishes nothing.
pub struct ObjectWriter {
    uri: String,
    inner: Option<PartWriter>,
    hasher: Option<Box<dyn ContentHasher>>,
    written: u64,
}

impl std::fmt::Debug for ObjectWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ObjectWriter")
            .field("uri", &self.uri)
            .field("written", &self.written)
            .finish_non_exhaustive()
    }
}

impl ObjectWriter {
    /// The target uri.
    pub fn uri(&self) -> &str {
        &self.uri
    }

    /// Completes the upload: the object appears at the uri, whole.
    pub async fn finish(mut self) -> Result<Written, Error> {
        let Some(mut inner) = self.inner.take() else {
            return Err(backend_error(
                self.uri.clone(),
                io::Error::other("the writer was already closed"),
            ));
        };
        // On failure the multipart upload is aborted: no object at the uri, no parts kept.
        inner
            .shutdown()
            .await
            .map_err(|e| unwrap_io(&self.uri, e))?;
        Ok(Written {
            uri: self.uri.clone(),
            size: self.written,
            hash: self.hasher.take().map(|h| h.finish()),
        })
    }

    /// Abandons the upload: nothing appears at the uri and partial parts are deleted.
    pub async fn abort(mut self) -> Result<(), Error> {
        match self.inner.take() {
            Some(mut inner) => inner.abort().await.map_err(|e| map_err(&self.uri, e)),
            None => Ok(()),
        }
    }

    fn closed(&self) -> io::Error {
        io::Error::other(backend_error(
            self.uri.clone(),
            io::Error::other("the writer was already closed"),
        ))
    }
}

impl Drop for ObjectWriter {
    fn drop(&mut self) {
        if let Some(mut upload) = self.inner.as_mut().and_then(PartWriter::take_open_upload)
            && let Ok(handle) = tokio::runtime::Handle::try_current()
        {
            handle.spawn(async move {
                let _ = upload.abort().await;
            });
        }
    }
}

impl AsyncWrite for ObjectWriter {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        let Some(inner) = this.inner.as_mut() else {
            return Poll::Ready(Err(this.closed()));
        };
        let n = ready!(Pin::new(inner).poll_write(cx, buf))?;
        if let Some(h) = this.hasher.as_mut() {
            h.update(&buf[..n]);
        }
        this.written += n as u64;
        Poll::Ready(Ok(n))
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        match this.inner.as_mut() {
            Some(inner) => Pin::new(inner).poll_flush(cx),
            None => Poll::Ready(Ok(())),
        }
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        match this.inner.as_mut() {
            Some(inner) => Pin::new(inner).poll_shutdown(cx),
            None => Poll::Ready(Ok(())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_kinds() {
        let denied = object_store::Error::PermissionDenied {
            path: "k".into(),
            source: "no".into(),
        };
        assert!(matches!(
            map_err("s3://b/k", denied).kind(),
            ErrorKind::Store(StoreErrorKind::PermissionDenied { uri, .. }) if uri == "s3://b/k"
        ));
        let precondition = object_store::Error::Precondition {
            path: "k".into(),
            source: "etag".into(),
        };
        assert!(matches!(
            map_err("s3://b/k", precondition).kind(),
            ErrorKind::Store(StoreErrorKind::Changed { uri, .. }) if uri == "s3://b/k"
        ));
        let io = io::Error::from(io::ErrorKind::PermissionDenied);
        assert!(matches!(
            Error::from_io("/x", io).kind(),
            ErrorKind::Store(StoreErrorKind::PermissionDenied { uri, .. }) if uri == "/x"
        ));
        let wrapped = io::Error::other(Error::from(StoreErrorKind::NotFound { uri: "m".into() }));
        assert!(
            matches!(unwrap_io("other", wrapped).kind(), ErrorKind::Store(StoreErrorKind::NotFound { uri }) if uri == "m")
        );
    }

    #[test]
    fn rewrites_are_normalized() {
        let store = Store::new(
            StoreConfig::new("memory://b/raw")
                .with_rewrite("/tmp/golden", "/repo/../shared/case/data"),
        )
        .unwrap();
        let loc = store.locate("/tmp/golden/src/a.txt").unwrap();
        assert_eq!(
            loc.local,
            Some(PathBuf::from("/shared/case/data/src/a.txt"))
        );
        let loc = store.locate("file:///tmp/goldenx/a").unwrap();
        assert_eq!(loc.local, Some(PathBuf::from("/tmp/goldenx/a")));
        // A relative folder is taken from the current folder, `..` included.
        let store =
            Store::new(StoreConfig::new("memory://b/raw").with_rewrite("/tmp/golden", "../rel"))
                .unwrap();
        let loc = store.locate("/tmp/golden/a").unwrap();
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(loc.local, Some(cwd.parent().unwrap().join("rel/a")));
        assert!(matches!(
            Store::new(StoreConfig {
                part_size: 0,
                ..StoreConfig::new("memory://b")
            })
            .as_ref()
            .map_err(crate::Error::kind),
            Err(crate::ErrorKind::Store(StoreErrorKind::Config(_)))
        ));
    }
}
