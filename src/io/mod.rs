//! Storage-backed values (feature `store`): files, folders, pickles and offloaded literals
//! living outside the literal, on the local disk, in memory, on S3 (feature `s3`), Google Cloud
//! Storage (`gcs`), Azure Blob Storage / ADLS Gen2 (`azure`), or in any `ObjectStore` the caller
//! already holds ([`Store::from_object_store`]).
//!
//! | Flyte 2 configuration | here |
//! | --- | --- |
//! | `Storage.auto()`, `S3.auto()`, `GCS.auto()`, `ABFS.auto()` (`flyte/storage/_config.py`) | [`Store::from_env`], [`StoreConfig::from_env`]: the standard `AWS_*` / `GOOGLE_*` / `AZURE_*` variables (IRSA web identity, container credentials, instance / managed identity as each backend's chain), then `FLYTE_AWS_*` over them |
//! | `FLYTE_STORAGE_RETRIES`, `FLYTE_STORAGE_BACKOFF_SECONDS` (max backoff 16 s, 3 min timeout) | [`StoreConfig::retries`], [`StoreConfig::backoff`], [`StoreConfig::max_backoff`], [`StoreConfig::retry_timeout`] |
//! | explicit settings | [`StoreConfig::with_option`] (object_store's configuration keys), over the environment |
//!
//! | Flyte | here |
//! | --- | --- |
//! | raw-data path | [`StoreConfig::raw_data_prefix`] of a [`Store`] |
//! | `flyte.io.File` / `Dir` | [`crate::engine::File`] / [`crate::engine::Dir`] (the one handle type of each; the store adds the transfers) |
//! | `File.from_local`, `Dir.from_local` | [`Store::upload_file`], [`Store::upload_dir`] |
//! | `download`, `open("rb")`, `new_remote` + `open("wb")`, `Dir.walk` | [`Store::download_file`] / [`Store::download_dir`], [`Store::open_file`], [`Store::new_file`], [`Store::walk_dir`] |
//! | pickle fallback (`FlytePickleTransformer`) | [`Store::put_pickle`], [`Store::read_pickle`], [`pickle_literal_type`] |
//! | flytekit v1 / propeller offloading | [`Store::offload_output`], [`Store::load_offloaded`], [`OffloadPolicy`] |
//! | Flyte 2's `InlineIOMaxBytesBreached` | [`check_inline_outputs`], [`check_inline_literal`] |
//! | `HashMethod`, `HashlibAccumulator` | [`HashMethod`], [`ContentHasher`], [`with_hash`] |
//!
//! Every failure is a [`Error`](crate::Error).
//!
//! Guarantees: uploads are all or nothing (local: a temporary name, then a rename; cloud:
//! multipart, aborted on any error, on [`ObjectWriter::abort`] or on drop; a folder upload that
//! fails starts no further file and deletes what it wrote); downloads go to a temporary file or
//! folder beside the target and are renamed into place only when complete; readers check the
//! object's version and size ([`StoreErrorKind::Changed`](crate::storage::StoreErrorKind::Changed));
//! failed requests (HTTP 5xx, throttling, connection errors) are retried with bounded backoff.
//! No size cap: parts grow with the object ([`StoreConfig::part_size_for`]: a known size gets
//! the smallest part that fits 10,000 parts; an unknown length doubles the part size every 1,000
//! parts), so objects up to S3's 5 TiB fit; memory stays at about part size ×
//! (`part_concurrency` + 1) per transfer, and `max_concurrency` transfers run at once. A cloud
//! client is built on a bucket's first use: passing a handle along never needs settings.
//!
//! Where this differs from Flyte 2, knowingly:
//! - pickles: Flyte 2 inlines when `sys.getsizeof(value) <= 10 KiB`; only bytes are known here,
//!   so [`Store::put_pickle`] compares their length ([`Store::put_pickle_sized`] takes the
//!   Python size when known). Blob names match: `<raw>/<random>/<md5 hex of the bytes>`.
//! - offloaded literals: `inferred_type` is the declared type the caller passes (what flytekit v1
//!   does); the default stub hash is [`literal_digest`] (sha256 of the deterministic protobuf
//!   bytes), not flytekit's JSON-based `compute_hash_string` (settable via
//!   [`OffloadPolicy::hash_fn`]).
//! - `Dir` uploads never follow symlinked folders, and refuse symlinks out of the tree (Flyte 2's
//!   `rglob` follows them).
//!
//! ```
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
//! use flyte_types::io::{Store, StoreConfig, UploadOptions, HashMethod};
//! let store = Store::new(StoreConfig::new("memory://bucket/raw")).unwrap();
//! let src = std::env::temp_dir().join(format!("doc-{}.csv", std::process::id()));
//! std::fs::write(&src, "a,b\n1,2\n").unwrap();
//! let file = store
//!     .upload_file(&src, UploadOptions::default().with_hash(HashMethod::sha256()))
//!     .await
//!     .unwrap();
//! assert!(file.uri.starts_with("memory://bucket/raw/") && file.uri.ends_with(".csv"));
//! assert_eq!(store.read_bytes(&file.uri, 1024).await.unwrap(), b"a,b\n1,2\n");
//! std::fs::remove_file(&src).unwrap();
//! # });
//! ```

#[cfg(feature = "s3")]
mod aws_profile;
mod backends;
mod blocking;
mod config;
mod file;
mod hash;
mod multipart;
mod offload;
mod pickle;
mod store;
pub mod uri;

pub use blocking::BlockingStore;
pub use config::{
    DEFAULT_MAX_CONCURRENCY, DEFAULT_MAX_PARTS, DEFAULT_PART_CONCURRENCY, DEFAULT_PART_SIZE,
    MAX_PART_SIZE, StoreConfig,
};
pub use file::UploadOptions;
pub use hash::{ContentHasher, HashMethod, Md5Hex, Sha256Hex, literal_digest, with_hash};
pub use offload::{
    DEFAULT_MAX_INLINE_IO_BYTES, DEFAULT_OFFLOAD_MAX_BYTES, DEFAULT_OFFLOAD_MIN_BYTES,
    MAX_OFFLOAD_DEPTH, OffloadPolicy, check_inline_literal, check_inline_outputs, offloaded_uri,
};
pub use pickle::{MAX_PICKLE_BYTES, PICKLE_FORMAT, PICKLE_INLINE_LIMIT, pickle_literal_type};
pub use store::{ObjectInfo, ObjectReader, ObjectWriter, Store, Written};
