//! Reading the objects a literal points to (offloaded literals, pickles, tables) by uri.
//!
//! This is the small synchronous seam the value layer needs. [`LocalFiles`] serves local paths
//! in the default build; with the `store` feature, `flyte_types::io::BlockingStore` serves every
//! uri the object-store backed `io::Store` knows (local, `memory://`, `s3://`).

use crate::{Error, ErrorKind};
use std::path::{Path, PathBuf};

/// Why a storage operation failed (this module and, with the `store` feature, `io`): the detail
/// of [`ErrorKind::Store`]. Every variant names the uri (or output) it is about; an underlying
/// I/O error is the [`Error`]'s [`source`](std::error::Error::source).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum StoreErrorKind {
    /// No object at that uri.
    NotFound {
        /// The object.
        uri: String,
    },
    /// The backend refused access (permissions, credentials).
    PermissionDenied {
        /// The object.
        uri: String,
        /// What the backend said.
        message: String,
    },
    /// The uri's scheme has no backend here.
    UnsupportedScheme {
        /// The uri.
        uri: String,
        /// What this build supports.
        supported: String,
    },
    /// The uri cannot name an object (a relative path, an empty bucket, a `..` segment, …).
    InvalidUri {
        /// The uri.
        uri: String,
        /// Why.
        reason: String,
    },
    /// The object changed while it was read (its size or version moved under the reader).
    Changed {
        /// The object.
        uri: String,
        /// What differed.
        detail: String,
    },
    /// The object is larger than the caller allows.
    TooLarge {
        /// The object.
        uri: String,
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// Flyte 2's `InlineIOMaxBytesBreached`: an output's literal is larger than
    /// `max_inline_io_bytes`.
    InlineIoLimit {
        /// The output's name.
        output: String,
        /// Its encoded size in bytes.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// flytekit v1 / propeller: a literal at or above the offloading maximum.
    OffloadLimit {
        /// The output's name.
        output: String,
        /// Its encoded size in bytes.
        size: u64,
        /// The maximum.
        limit: u64,
    },
    /// A directory entry would land outside its tree (`..`, an absolute name, a symlink out of
    /// the tree) or has a name that cannot be carried.
    UnsafePath {
        /// The directory.
        root: String,
        /// The entry.
        entry: String,
        /// Why it is refused.
        reason: String,
    },
    /// The bytes at the uri are not what was expected (e.g. not a serialized `Literal`).
    Corrupt {
        /// The object.
        uri: String,
        /// What is wrong.
        message: String,
    },
    /// The store is misconfigured (an S3 uri without S3 settings, …).
    Config(String),
    /// A local I/O failure; the OS error is the source.
    Io {
        /// The object or local path.
        uri: String,
    },
    /// Any other failure of the storage backend; the backend's error is the source.
    Backend {
        /// The object.
        uri: String,
    },
}

impl std::fmt::Display for StoreErrorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreErrorKind::NotFound { uri } => write!(f, "no object at {uri}"),
            StoreErrorKind::PermissionDenied { uri, message } => {
                write!(f, "permission denied for {uri}: {message}")
            }
            StoreErrorKind::UnsupportedScheme { uri, supported } => {
                write!(f, "no store for the scheme of {uri} ({supported})")
            }
            StoreErrorKind::InvalidUri { uri, reason } => write!(f, "invalid uri {uri}: {reason}"),
            StoreErrorKind::Changed { uri, detail } => {
                write!(f, "{uri} changed during the read: {detail}")
            }
            StoreErrorKind::TooLarge { uri, size, limit } => {
                write!(f, "{uri} has {size} bytes, more than the limit of {limit}")
            }
            StoreErrorKind::InlineIoLimit {
                output,
                size,
                limit,
            } => write!(
                f,
                "InlineIOMaxBytesBreached: output {output} is {size} bytes, more than max_inline_io_bytes {limit}"
            ),
            StoreErrorKind::OffloadLimit {
                output,
                size,
                limit,
            } => write!(
                f,
                "literal {output} is too large to be offloaded: {size} bytes, the maximum is {limit}"
            ),
            StoreErrorKind::UnsafePath {
                root,
                entry,
                reason,
            } => write!(f, "unsafe entry {entry} in {root}: {reason}"),
            StoreErrorKind::Corrupt { uri, message } => write!(f, "{uri}: {message}"),
            StoreErrorKind::Config(x0) => write!(f, "store configuration: {x0}"),
            StoreErrorKind::Io { uri } => write!(f, "{uri}"),
            StoreErrorKind::Backend { uri } => write!(f, "{uri}"),
        }
    }
}

impl Error {
    /// A storage error about `uri` from a local I/O error: [`StoreErrorKind::NotFound`],
    /// [`StoreErrorKind::PermissionDenied`] or [`StoreErrorKind::Io`] (with `source` as its
    /// source).
    pub fn from_io(uri: impl Into<String>, source: std::io::Error) -> Self {
        let uri = uri.into();
        match source.kind() {
            std::io::ErrorKind::NotFound => StoreErrorKind::NotFound { uri }.into(),
            std::io::ErrorKind::PermissionDenied => StoreErrorKind::PermissionDenied {
                uri,
                message: source.to_string(),
            }
            .into(),
            _ => Error::from(StoreErrorKind::Io { uri }).with_source(source),
        }
    }
}

impl From<StoreErrorKind> for Error {
    fn from(kind: StoreErrorKind) -> Self {
        Error::new(ErrorKind::Store(kind))
    }
}

/// Reads whole objects by uri.
pub trait BlobReader {
    /// The object's bytes, refusing objects larger than `limit` bytes before reading them.
    fn read(&self, uri: &str, limit: u64) -> Result<Vec<u8>, Error>;
}

/// The local filesystem: absolute paths and `file://` uris, with optional prefix rewrites
/// (the corpus maps `/tmp/flyte-golden` to a case's `data/` folder this way).
#[derive(Debug, Clone, Default)]
pub struct LocalFiles {
    rewrites: Vec<(String, PathBuf)>,
}

impl LocalFiles {
    /// Reads paths as they are.
    pub fn new() -> Self {
        Self::default()
    }

    /// Reads uris under `prefix` from `dir` instead.
    pub fn with_rewrite(mut self, prefix: impl Into<String>, dir: impl Into<PathBuf>) -> Self {
        self.rewrites.push((prefix.into(), dir.into()));
        self
    }

    /// The local path a uri names.
    pub fn resolve(&self, uri: &str) -> Result<PathBuf, Error> {
        let path = uri.strip_prefix("file://").unwrap_or(uri);
        if !path.starts_with('/') {
            return Err(StoreErrorKind::UnsupportedScheme {
                uri: uri.to_string(),
                supported: "only local paths and file:// uris".into(),
            }
            .into());
        }
        for (prefix, dir) in &self.rewrites {
            if let Some(rest) = path.strip_prefix(prefix.as_str())
                && (rest.is_empty() || rest.starts_with('/'))
            {
                return Ok(dir.join(rest.trim_start_matches('/')));
            }
        }
        Ok(Path::new(path).to_path_buf())
    }
}

impl BlobReader for LocalFiles {
    fn read(&self, uri: &str, limit: u64) -> Result<Vec<u8>, Error> {
        let path = self.resolve(uri)?;
        let io = |source: std::io::Error| Error::from_io(uri, source);
        let size = std::fs::metadata(&path).map_err(io)?.len();
        if size > limit {
            return Err(StoreErrorKind::TooLarge {
                uri: uri.to_string(),
                size,
                limit,
            }
            .into());
        }
        std::fs::read(&path).map_err(io)
    }
}
