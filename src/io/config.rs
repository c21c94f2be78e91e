//! [`StoreConfig`]: how a [`Store`](super::Store) reaches its backends, filled the way Flyte 2
//! fills it (`flyte/storage/_config.py`) or given explicitly.

use crate::Error;
use crate::storage::StoreErrorKind;
use object_store::ObjectStore;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// Default part size of multipart uploads: 5 MiB, S3's minimum and Flyte 2's default
/// (`FLYTE_IO_UPLOAD_CHUNK_SIZE`). Larger objects get larger parts; see
/// [`StoreConfig::part_size_for`].
pub const DEFAULT_PART_SIZE: usize = 5 * 1024 * 1024;
/// Default number of files transferred at once (Flyte 2's `FLYTE_IO_BATCH_SIZE`).
pub const DEFAULT_MAX_CONCURRENCY: usize = 32;
/// Default number of parts of one object in flight at once.
pub const DEFAULT_PART_CONCURRENCY: usize = 2;
/// The most parts one multipart upload may have (S3, GCS's XML API; Azure allows 50,000 blocks).
pub const DEFAULT_MAX_PARTS: u64 = 10_000;
/// The largest part S3 accepts: 5 GiB.
pub const MAX_PART_SIZE: u64 = 5 * 1024 * 1024 * 1024;

/// The environment prefixes whose variables are backend settings, as object_store's
/// `from_env` builders read them (`AWS_ENDPOINT` → `aws_endpoint`, …).
const BACKEND_PREFIXES: [&str; 3] = ["AWS_", "GOOGLE_", "AZURE_"];

/// The variables that locate a named AWS profile ([`super::aws_profile`]).
const PROFILE_VARS: [&str; 4] = [
    "AWS_PROFILE",
    "AWS_SHARED_CREDENTIALS_FILE",
    "AWS_CONFIG_FILE",
    "HOME",
];

/// Flyte 2's own variables (`flyte/storage/_config.py`) and the option each one sets. They
/// override the standard `AWS_*` ones, as in Flyte 2 (its `config` dict is applied over obstore's
/// environment).
const FLYTE_OPTIONS: [(&str, &str); 3] = [
    ("FLYTE_AWS_ENDPOINT", "aws_endpoint"),
    ("FLYTE_AWS_ACCESS_KEY_ID", "aws_access_key_id"),
    ("FLYTE_AWS_SECRET_ACCESS_KEY", "aws_secret_access_key"),
];

/// How a [`Store`](super::Store) is set up: the raw-data prefix (Flyte's `raw_data_path`), the
/// backends' settings, retries, transfer sizes and local path rewrites.
///
/// [`StoreConfig::new`] reads nothing from the environment; [`StoreConfig::from_env`] reads what
/// Flyte 2 reads. Either way, settings given with [`StoreConfig::with_option`] afterwards
/// override what came before.
///
/// ```
/// use flyte_types::io::StoreConfig;
/// let env = [
///     ("AWS_REGION", "eu-west-1"),
///     ("FLYTE_AWS_ENDPOINT", "http://minio:9000"),
///     ("FLYTE_STORAGE_RETRIES", "5"),
/// ];
/// let config = StoreConfig::from_env_vars("s3://bucket/raw", env)
///     .unwrap()
///     .with_option("aws_region", "us-east-2");
/// assert_eq!(config.options["aws_endpoint"], "http://minio:9000");
/// assert_eq!(config.options["aws_region"], "us-east-2");
/// assert_eq!(config.retries, 5);
/// ```
#[derive(Debug, Clone)]
pub struct StoreConfig {
    /// Where new files, folders and pickle blobs go: a local folder (`/abs` or `file:///abs`),
    /// `memory://bucket/prefix`, `s3://…`, `gs://…`, `abfs://…` / `abfss://…` / `az://…`, or a
    /// prefix served by one of [`StoreConfig::object_stores`].
    pub raw_data_prefix: String,
    /// Settings of the cloud backends as object_store's configuration keys, each with its
    /// backend's prefix: `aws_*` ([`object_store::aws::AmazonS3ConfigKey`]: `aws_endpoint`,
    /// `aws_region`, `aws_access_key_id`, `aws_web_identity_token_file`, …), `google_*`
    /// (`google_service_account`, `google_application_credentials`, `google_base_url`, …),
    /// `azure_*` (`azure_storage_account_name`, `azure_storage_account_key`,
    /// `azure_client_id`, `azure_endpoint`, `azure_use_emulator`, …). Credentials that are not
    /// given here come from each backend's chain (web identity, container credentials, instance
    /// or managed identity metadata) when a request needs them.
    pub options: BTreeMap<String, String>,
    /// Retries of a failed request (HTTP 5xx, throttling, connection errors): Flyte 2's
    /// `FLYTE_STORAGE_RETRIES`, 3 by default.
    pub retries: usize,
    /// The first wait before a retry, doubled each time up to [`StoreConfig::max_backoff`]:
    /// Flyte 2's `FLYTE_STORAGE_BACKOFF_SECONDS`, 5 s by default.
    pub backoff: Duration,
    /// The longest wait between two retries (16 s, as Flyte 2).
    pub max_backoff: Duration,
    /// No retry starts after this long since the first try (3 minutes, as Flyte 2).
    pub retry_timeout: Duration,
    /// Multipart part size (and write buffer) in bytes, at least this; see
    /// [`StoreConfig::part_size_for`].
    pub part_size: usize,
    /// Parts of one object in flight at once.
    pub part_concurrency: usize,
    /// The most parts of one upload ([`DEFAULT_MAX_PARTS`], the backends' limit).
    pub max_parts: u64,
    /// Files transferred at once by folder and batch operations.
    pub max_concurrency: usize,
    /// Local path prefixes read from another folder (the corpus maps `/tmp/flyte-golden` to a
    /// case's `data/` this way); applied to every local uri.
    pub rewrites: Vec<(String, PathBuf)>,
    /// Stores the caller built (`(prefix, store)`): a uri under `prefix` (`s3://bucket`,
    /// `gs://bucket/some/folder`, or any `scheme://name` of the caller's own) is the key after
    /// it in that store. Checked before the built-in backends, longest prefix first.
    pub object_stores: Vec<(String, Arc<dyn ObjectStore>)>,
}

impl StoreConfig {
    /// Defaults with the given raw-data prefix and nothing from the environment.
    pub fn new(raw_data_prefix: impl Into<String>) -> Self {
        Self {
            raw_data_prefix: raw_data_prefix.into(),
            options: BTreeMap::new(),
            retries: 3,
            backoff: Duration::from_secs(5),
            max_backoff: Duration::from_secs(16),
            retry_timeout: Duration::from_secs(3 * 60),
            part_size: DEFAULT_PART_SIZE,
            part_concurrency: DEFAULT_PART_CONCURRENCY,
            max_parts: DEFAULT_MAX_PARTS,
            max_concurrency: DEFAULT_MAX_CONCURRENCY,
            rewrites: Vec::new(),
            object_stores: Vec::new(),
        }
    }

    /// What Flyte 2 reads from this process's environment: the standard `AWS_*` variables
    /// (region, endpoint, keys, session token, `AWS_WEB_IDENTITY_TOKEN_FILE` + `AWS_ROLE_ARN`
    /// for IRSA, container credentials), `GOOGLE_*` (`GOOGLE_APPLICATION_CREDENTIALS`, …) and
    /// `SERVICE_ACCOUNT`, `AZURE_*` (`AZURE_STORAGE_ACCOUNT_NAME`, `AZURE_STORAGE_ACCOUNT_KEY`,
    /// `AZURE_TENANT_ID`, `AZURE_CLIENT_ID`, `AZURE_CLIENT_SECRET`, …), then Flyte's own
    /// `FLYTE_AWS_ENDPOINT`, `FLYTE_AWS_ACCESS_KEY_ID`, `FLYTE_AWS_SECRET_ACCESS_KEY`,
    /// `FLYTE_AWS_S3_ADDRESSING_STYLE`, `FLYTE_STORAGE_RETRIES` and
    /// `FLYTE_STORAGE_BACKOFF_SECONDS` over them. With `AWS_PROFILE` (feature `s3`), the static
    /// keys and region of that profile in the shared AWS files fill what the variables left
    /// unset (assume-role, SSO and `credential_process` profiles are refused: see
    /// `io::aws_profile`). The raw-data prefix is `raw_data_prefix` (a
    /// task gets it from `--raw-data-path`), or the system's temporary folder when `None`.
    pub fn from_env(raw_data_prefix: Option<&str>) -> Result<Self, Error> {
        let vars = std::env::vars_os()
            .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)));
        let prefix = raw_data_prefix.map_or_else(
            || std::env::temp_dir().display().to_string(),
            str::to_string,
        );
        Self::from_env_vars(prefix, vars)
    }

    /// [`StoreConfig::from_env`] with the variables given instead of the process's (tests,
    /// or a runtime that keeps its own environment map).
    pub fn from_env_vars<K: AsRef<str>, V: AsRef<str>>(
        raw_data_prefix: impl Into<String>,
        vars: impl IntoIterator<Item = (K, V)>,
    ) -> Result<Self, Error> {
        let mut config = Self::new(raw_data_prefix);
        let mut flyte = BTreeMap::new();
        // What finds a named AWS profile (not settings of object_store's).
        let mut profile_vars = BTreeMap::new();
        for (k, v) in vars {
            let (k, v) = (k.as_ref(), v.as_ref());
            if PROFILE_VARS.contains(&k) {
                profile_vars.insert(k.to_string(), v.to_string());
            }
            if BACKEND_PREFIXES.iter().any(|p| k.starts_with(p)) {
                let key = k.to_ascii_lowercase();
                // Only what the backends know, as their `from_env` does: AWS_PROFILE and
                // friends are not settings of theirs.
                if known_option(&key) {
                    config.options.insert(key, v.to_string());
                }
            } else if k == "SERVICE_ACCOUNT" {
                config
                    .options
                    .insert("google_service_account".into(), v.to_string());
            } else if k == "MSI_ENDPOINT" {
                config
                    .options
                    .insert("azure_msi_endpoint".into(), v.to_string());
            } else if k.starts_with("FLYTE_") {
                flyte.insert(k.to_string(), v.to_string());
            }
        }
        for (var, option) in FLYTE_OPTIONS {
            if let Some(v) = flyte.get(var) {
                config.options.insert(option.into(), v.clone());
            }
        }
        if let Some(style) = flyte.get("FLYTE_AWS_S3_ADDRESSING_STYLE") {
            config.options.insert(
                "aws_virtual_hosted_style_request".into(),
                (style == "virtual").to_string(),
            );
        }
        #[cfg(feature = "s3")]
        if let Some(name) = profile_vars.get("AWS_PROFILE") {
            config.add_aws_profile(name, &profile_vars)?;
        }
        #[cfg(not(feature = "s3"))]
        let _ = profile_vars;
        if let Some(v) = flyte.get("FLYTE_STORAGE_RETRIES") {
            config.retries = v.trim().parse().map_err(|_| {
                StoreErrorKind::Config(format!("FLYTE_STORAGE_RETRIES={v:?} is not a count"))
            })?;
        }
        if let Some(v) = flyte.get("FLYTE_STORAGE_BACKOFF_SECONDS") {
            config.backoff = v
                .trim()
                .parse::<f64>()
                .ok()
                .and_then(|s| Duration::try_from_secs_f64(s).ok())
                .ok_or_else(|| {
                    StoreErrorKind::Config(format!(
                        "FLYTE_STORAGE_BACKOFF_SECONDS={v:?} is not a number of seconds"
                    ))
                })?;
        }
        Ok(config)
    }

    /// The static keys and region of the AWS profile `name` (see [`super::aws_profile`]), under
    /// what the environment set: keys given as variables win over the profile's (as for the
    /// AWS CLI), and so does `AWS_REGION` / `AWS_DEFAULT_REGION`.
    #[cfg(feature = "s3")]
    fn add_aws_profile(
        &mut self,
        name: &str,
        vars: &BTreeMap<String, String>,
    ) -> Result<(), Error> {
        let has_keys = self.options.contains_key("aws_access_key_id");
        let Some(profile) = super::aws_profile::read(name, vars, !has_keys)? else {
            return Ok(());
        };
        for (k, v) in profile.credentials {
            self.options.insert(k.to_string(), v);
        }
        let has_region = ["aws_region", "aws_default_region"]
            .iter()
            .any(|k| self.options.contains_key(*k));
        if let (Some(region), false) = (profile.region, has_region) {
            self.options.insert("aws_region".into(), region);
        }
        Ok(())
    }

    /// With one backend setting (an object_store configuration key with its backend's prefix,
    /// see [`StoreConfig::options`]), over anything the environment gave.
    pub fn with_option(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.options.insert(key.into(), value.into());
        self
    }

    /// Uris under `prefix` are served by `store` (keys relative to the prefix).
    pub fn with_object_store(
        mut self,
        prefix: impl Into<String>,
        store: Arc<dyn ObjectStore>,
    ) -> Self {
        let prefix: String = prefix.into();
        self.object_stores
            .push((prefix.trim_end_matches('/').to_string(), store));
        self
    }

    /// Reads local uris under `prefix` from `dir` (a relative `dir` is taken from the current
    /// folder now, before any `..` in it could be normalized away).
    pub fn with_rewrite(mut self, prefix: impl Into<String>, dir: impl Into<PathBuf>) -> Self {
        let dir = dir.into();
        let dir = std::path::absolute(&dir).unwrap_or(dir);
        self.rewrites.push((prefix.into(), dir));
        self
    }

    /// The part size of an upload of `size` bytes (`None`: unknown): [`StoreConfig::part_size`],
    /// or, when [`StoreConfig::max_parts`] parts of it would not hold `size`, the smallest whole
    /// MiB that does (a 100 GiB file goes in 11 MiB parts, 5 TiB in 525 MiB parts). An upload of
    /// unknown length starts at `part_size` and doubles it every `max_parts / 10` parts: from
    /// 5 MiB, 10,000 parts hold 5 MiB × 1,000 × (2^10 − 1) ≈ 4.9 TiB. Memory per upload stays
    /// at about part size × ([`StoreConfig::part_concurrency`] + 1).
    pub fn part_size_for(&self, size: Option<u64>) -> Result<usize, Error> {
        let Some(size) = size else {
            return Ok(self.part_size);
        };
        let needed = size
            .div_ceil(self.max_parts.max(1))
            .next_multiple_of(1 << 20);
        let part = (self.part_size as u64).max(needed);
        if part > MAX_PART_SIZE {
            return Err(StoreErrorKind::TooLarge {
                uri: String::new(),
                size,
                limit: MAX_PART_SIZE.saturating_mul(self.max_parts),
            }
            .into());
        }
        usize::try_from(part).map_err(|_| {
            StoreErrorKind::Config(format!(
                "a part of {part} bytes does not fit in memory here"
            ))
            .into()
        })
    }

    pub(crate) fn check(&self) -> Result<(), Error> {
        if self.part_size == 0
            || self.part_concurrency == 0
            || self.max_concurrency == 0
            || self.max_parts == 0
        {
            return Err(StoreErrorKind::Config(
                "part_size, part_concurrency, max_parts and max_concurrency must be at least 1"
                    .into(),
            )
            .into());
        }
        if let Some(key) = self.options.keys().find(|k| !known_option(k)) {
            return Err(StoreErrorKind::Config(format!(
                "unknown option {key:?} (options are object_store configuration keys with an \
                 aws_, google_ or azure_ prefix)"
            ))
            .into());
        }
        Ok(())
    }
}

/// Whether `key` is a setting of a backend: one its object_store builder parses, when this
/// build has that backend; any key with the backend's prefix otherwise (a config written for a
/// fuller build is not an error in a smaller one, and its options are never used there).
fn known_option(key: &str) -> bool {
    if key.starts_with("aws_") {
        #[cfg(feature = "s3")]
        return key.parse::<object_store::aws::AmazonS3ConfigKey>().is_ok();
        #[cfg(not(feature = "s3"))]
        return true;
    }
    if key.starts_with("google_") {
        #[cfg(feature = "gcs")]
        return key.parse::<object_store::gcp::GoogleConfigKey>().is_ok();
        #[cfg(not(feature = "gcs"))]
        return true;
    }
    if key.starts_with("azure_") {
        #[cfg(feature = "azure")]
        return key.parse::<object_store::azure::AzureConfigKey>().is_ok();
        #[cfg(not(feature = "azure"))]
        return true;
    }
    false
}
