//! Reading the objects a literal points to (offloaded literals, pickles, tables) by uri.
//!
//! This is the small synchronous seam the value layer needs; the object-store backed store
//! (S3, memory, streaming uploads) builds on the same uris.

use std::path::{Path, PathBuf};

/// Why an object could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// No object at that uri.
    #[error("no object at {0}")]
    NotFound(String),
    /// The uri's scheme has no backend here.
    #[error("no store for the scheme of {0} (only local paths and file:// uris)")]
    UnsupportedScheme(String),
    /// The object is larger than the caller allows.
    #[error("{uri} has {size} bytes, more than the limit of {limit}")]
    TooLarge {
        /// The object.
        uri: String,
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// Any other I/O failure.
    #[error("reading {uri}: {source}")]
    Io {
        /// The object.
        uri: String,
        /// The underlying error.
        source: std::io::Error,
    },
}

/// Reads whole objects by uri.
pub trait BlobReader {
    /// The object's bytes, refusing objects larger than `limit` bytes before reading them.
    fn read(&self, uri: &str, limit: u64) -> Result<Vec<u8>, StoreError>;
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
    pub fn resolve(&self, uri: &str) -> Result<PathBuf, StoreError> {
        let path = uri.strip_prefix("file://").unwrap_or(uri);
        if !path.starts_with('/') {
            return Err(StoreError::UnsupportedScheme(uri.to_string()));
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
    fn read(&self, uri: &str, limit: u64) -> Result<Vec<u8>, StoreError> {
        let path = self.resolve(uri)?;
        let io = |source: std::io::Error| match source.kind() {
            std::io::ErrorKind::NotFound => StoreError::NotFound(uri.to_string()),
            _ => StoreError::Io {
                uri: uri.to_string(),
                source,
            },
        };
        let size = std::fs::metadata(&path).map_err(io)?.len();
        if size > limit {
            return Err(StoreError::TooLarge {
                uri: uri.to_string(),
                size,
                limit,
            });
        }
        std::fs::read(&path).map_err(io)
    }
}
