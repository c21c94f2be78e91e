//! Uris: which backend, which bucket, which key; Flyte 2's raw-data naming.

use crate::Error;
use crate::storage::StoreErrorKind;
use std::path::PathBuf;

/// The backend a uri names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// An absolute local path or a `file://` uri.
    Local,
    /// `memory://bucket/key`: a process-local in-memory store (tests).
    Memory,
    /// `s3://bucket/key` (feature `s3`).
    S3,
    /// `gs://bucket/key` (feature `gcs`).
    Gcs,
    /// `abfs://container/key`, `abfss://container@account.dfs.core.windows.net/key`,
    /// `az://container/key` (feature `azure`; the account from the settings when the uri has
    /// none).
    Azure,
}

/// A uri taken apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedUri {
    /// The backend.
    pub scheme: Scheme,
    /// The bucket (`""` for local paths; for Azure the uri's host part: `container` or
    /// `container@account.dfs.core.windows.net`).
    pub bucket: String,
    /// The key inside the bucket without leading or trailing `/` (for local paths: the absolute
    /// path without its leading `/`).
    pub key: String,
}

impl ParsedUri {
    /// The local path of a [`Scheme::Local`] uri.
    pub fn local_path(&self) -> Option<PathBuf> {
        (self.scheme == Scheme::Local).then(|| PathBuf::from(format!("/{}", self.key)))
    }
}

/// Takes a uri apart: `file:///abs`, `/abs`, `memory://bucket/key`, `s3://bucket/key`,
/// `gs://bucket/key`, `abfs://…`, `abfss://…`, `az://…`. Whether this build serves the scheme is
/// the store's question, not this one's.
pub fn parse(uri: &str) -> Result<ParsedUri, Error> {
    let invalid = |reason: &str| -> Error {
        StoreErrorKind::InvalidUri {
            uri: uri.to_string(),
            reason: reason.to_string(),
        }
        .into()
    };
    if let Some(rest) = uri.strip_prefix("file://") {
        if !rest.starts_with('/') {
            return Err(invalid("a file:// uri needs an absolute path (file:///…)"));
        }
        return local(uri, rest);
    }
    if uri.starts_with('/') {
        return local(uri, uri);
    }
    let Some((scheme, rest)) = uri.split_once("://") else {
        return Err(invalid("neither an absolute path nor a scheme://… uri"));
    };
    let scheme = match scheme {
        "memory" => Scheme::Memory,
        "s3" => Scheme::S3,
        "gs" => Scheme::Gcs,
        "abfs" | "abfss" | "az" => Scheme::Azure,
        _ => {
            return Err(StoreErrorKind::UnsupportedScheme {
                uri: uri.to_string(),
                supported: supported(),
            }
            .into());
        }
    };
    let (bucket, key) = rest.split_once('/').unwrap_or((rest, ""));
    if bucket.is_empty() {
        return Err(invalid("no bucket"));
    }
    check_segments(uri, key)?;
    Ok(ParsedUri {
        scheme,
        bucket: bucket.to_string(),
        key: key.trim_matches('/').to_string(),
    })
}

fn local(uri: &str, path: &str) -> Result<ParsedUri, Error> {
    check_segments(uri, path)?;
    Ok(ParsedUri {
        scheme: Scheme::Local,
        bucket: String::new(),
        key: path.trim_matches('/').to_string(),
    })
}

/// Refuses `.` / `..` and empty segments (other than a trailing `/`).
fn check_segments(uri: &str, key: &str) -> Result<(), Error> {
    let trimmed = key.trim_start_matches('/');
    let trimmed = trimmed.strip_suffix('/').unwrap_or(trimmed);
    if trimmed.is_empty() {
        return Ok(());
    }
    for seg in trimmed.split('/') {
        let reason = match seg {
            "" => "an empty path segment",
            "." | ".." => "a `.` or `..` segment",
            s if s.contains('\0') => "a NUL byte",
            _ => continue,
        };
        return Err(StoreErrorKind::InvalidUri {
            uri: uri.to_string(),
            reason: reason.into(),
        }
        .into());
    }
    Ok(())
}

/// The schemes this build serves, for error messages.
pub fn supported() -> String {
    let mut out = String::from("supported: local paths, file://, memory://");
    for (on, scheme) in [
        (cfg!(feature = "s3"), "s3://"),
        (cfg!(feature = "gcs"), "gs://"),
        (cfg!(feature = "azure"), "abfs://, abfss://, az://"),
    ] {
        if on {
            out.push_str(", ");
            out.push_str(scheme);
        }
    }
    let off: Vec<&str> = [
        (cfg!(feature = "s3"), "s3"),
        (cfg!(feature = "gcs"), "gcs"),
        (cfg!(feature = "azure"), "azure"),
    ]
    .into_iter()
    .filter(|(on, _)| !on)
    .map(|(_, feature)| feature)
    .collect();
    if !off.is_empty() {
        out.push_str(&format!(" (not built: features {})", off.join(", ")));
    }
    out
}

/// Whether a uri is a local path (`/abs` or `file://`), as Flyte's `"file" in protocol`.
pub fn is_local(uri: &str) -> bool {
    uri.starts_with('/') || uri.starts_with("file://")
}

/// The last path segment of a uri, as Python's `Path(uri).name`.
pub use crate::value::handle::base_name as file_name;

/// Joins a relative `/`-separated path under a prefix. Local prefixes give plain absolute paths
/// (Flyte 2 writes `str(Path(...).absolute())`, without `file://`).
pub fn join(prefix: &str, rel: &str) -> String {
    let base = prefix.strip_prefix("file://").unwrap_or(prefix);
    let base = base.trim_end_matches('/');
    let rel = rel.trim_start_matches('/');
    if rel.is_empty() {
        base.to_string()
    } else {
        format!("{base}/{rel}")
    }
}

/// 32 lowercase hex digits from 16 random bytes: Flyte's `UUID(int=random.getrandbits(128)).hex`.
pub fn random_hex() -> String {
    let mut bytes = [0u8; 16];
    if getrandom::fill(&mut bytes).is_err() {
        // No OS randomness: fall back to the clock and a counter (names only need to be unique).
        use std::sync::atomic::{AtomicU64, Ordering};
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        bytes[..8].copy_from_slice(&(nanos as u64).to_le_bytes());
        bytes[8..].copy_from_slice(&COUNTER.fetch_add(1, Ordering::Relaxed).to_le_bytes());
    }
    hex(&bytes)
}

/// Lowercase hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 15)] as char);
    }
    s
}

/// Flyte 2's `RawDataPath.get_random_remote_path(file_name)`: `<prefix>/<32 hex>/<file_name>`, or
/// `<prefix>/<32 hex>` without a name.
pub fn random_path(prefix: &str, file_name: Option<&str>) -> String {
    let folder = join(prefix, &random_hex());
    match file_name {
        Some(name) if !name.is_empty() => join(&folder, name),
        _ => folder,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_schemes() {
        let p = parse("s3://bucket/a/b.csv").unwrap();
        assert_eq!(
            (p.scheme, p.bucket.as_str(), p.key.as_str()),
            (Scheme::S3, "bucket", "a/b.csv")
        );
        for (uri, scheme, bucket) in [
            ("gs://b/k", Scheme::Gcs, "b"),
            ("abfs://c/k", Scheme::Azure, "c"),
            (
                "abfss://c@acct.dfs.core.windows.net/k",
                Scheme::Azure,
                "c@acct.dfs.core.windows.net",
            ),
            ("az://c/k", Scheme::Azure, "c"),
        ] {
            let p = parse(uri).unwrap();
            assert_eq!(
                (p.scheme, p.bucket.as_str(), p.key.as_str()),
                (scheme, bucket, "k")
            );
        }
        let p = parse("memory://m/dir/").unwrap();
        assert_eq!((p.scheme, p.key.as_str()), (Scheme::Memory, "dir"));
        let p = parse("file:///tmp/x").unwrap();
        assert_eq!(p.local_path().unwrap(), PathBuf::from("/tmp/x"));
        assert_eq!(parse("/tmp/x").unwrap(), p);
    }

    #[test]
    fn refuses_bad_uris() {
        assert!(matches!(
            parse("ftp://b/k").as_ref().map_err(crate::Error::kind),
            Err(crate::ErrorKind::Store(
                StoreErrorKind::UnsupportedScheme { .. }
            ))
        ));
        assert!(matches!(
            parse("relative/x").as_ref().map_err(crate::Error::kind),
            Err(crate::ErrorKind::Store(StoreErrorKind::InvalidUri { .. }))
        ));
        assert!(matches!(
            parse("file://host/x").as_ref().map_err(crate::Error::kind),
            Err(crate::ErrorKind::Store(StoreErrorKind::InvalidUri { .. }))
        ));
        assert!(matches!(
            parse("s3:///k").as_ref().map_err(crate::Error::kind),
            Err(crate::ErrorKind::Store(StoreErrorKind::InvalidUri { .. }))
        ));
        assert!(matches!(
            parse("/a/../b").as_ref().map_err(crate::Error::kind),
            Err(crate::ErrorKind::Store(StoreErrorKind::InvalidUri { .. }))
        ));
        assert!(matches!(
            parse("s3://b/a//b").as_ref().map_err(crate::Error::kind),
            Err(crate::ErrorKind::Store(StoreErrorKind::InvalidUri { .. }))
        ));
    }

    #[test]
    fn names_like_flyte() {
        assert_eq!(join("file:///raw/", "x/y"), "/raw/x/y");
        assert_eq!(join("s3://b/raw", "x"), "s3://b/raw/x");
        let p = random_path("s3://b/raw/", Some("hello.csv"));
        let rest = p.strip_prefix("s3://b/raw/").unwrap();
        let (folder, name) = rest.split_once('/').unwrap();
        assert_eq!(name, "hello.csv");
        assert_eq!(folder.len(), 32);
        assert!(
            folder
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        );
        assert_eq!(hex(&[0, 0xab, 0xff]), "00abff");
    }
}
