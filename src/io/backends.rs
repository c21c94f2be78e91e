//! The cloud backends (features `s3`, `gcs`, `azure`): one object_store client per bucket, built
//! from [`StoreConfig`]'s options and retry settings.

use super::config::StoreConfig;
use super::uri::Scheme;
use crate::Error;
use crate::storage::StoreErrorKind;
use object_store::ObjectStore;
use std::sync::Arc;

/// The client of the bucket `bucket_url` (`s3://bucket`, `gs://bucket`, `abfs://container`, …).
pub(crate) fn build(
    config: &StoreConfig,
    scheme: Scheme,
    bucket_url: &str,
) -> Result<Arc<dyn ObjectStore>, Error> {
    match scheme {
        #[cfg(feature = "s3")]
        Scheme::S3 => {
            use object_store::aws::AmazonS3Builder;
            let b = configured(AmazonS3Builder::new(), config, "aws_", |b, k, v| {
                b.with_config(k, v)
            })?;
            let built = b.with_url(bucket_url).with_retry(retry(config)).build();
            Ok(Arc::new(built.map_err(|e| client_error(bucket_url, e))?))
        }
        #[cfg(feature = "gcs")]
        Scheme::Gcs => {
            use object_store::gcp::GoogleCloudStorageBuilder;
            let b = configured(
                GoogleCloudStorageBuilder::new(),
                config,
                "google_",
                |b, k, v| b.with_config(k, v),
            )?;
            let built = b.with_url(bucket_url).with_retry(retry(config)).build();
            Ok(Arc::new(built.map_err(|e| client_error(bucket_url, e))?))
        }
        #[cfg(feature = "azure")]
        Scheme::Azure => {
            use object_store::azure::MicrosoftAzureBuilder;
            let b = configured(MicrosoftAzureBuilder::new(), config, "azure_", |b, k, v| {
                b.with_config(k, v)
            })?;
            let built = b.with_url(bucket_url).with_retry(retry(config)).build();
            Ok(Arc::new(built.map_err(|e| client_error(bucket_url, e))?))
        }
        _ => {
            let _ = config;
            Err(StoreErrorKind::UnsupportedScheme {
                uri: bucket_url.to_string(),
                supported: super::uri::supported(),
            }
            .into())
        }
    }
}

#[cfg(any(feature = "s3", feature = "gcs", feature = "azure"))]
fn client_error(bucket_url: &str, e: object_store::Error) -> Error {
    StoreErrorKind::Config(format!("client for {bucket_url}: {e}")).into()
}

/// `builder` with every setting of the backend whose options start with `prefix`.
#[cfg(any(feature = "s3", feature = "gcs", feature = "azure"))]
fn configured<B, K: std::str::FromStr>(
    mut builder: B,
    config: &StoreConfig,
    prefix: &str,
    set: impl Fn(B, K, String) -> B,
) -> Result<B, Error> {
    for (k, v) in settings(config, prefix) {
        let key = k
            .parse()
            .map_err(|_| StoreErrorKind::Config(format!("unknown option {k:?}")))?;
        builder = set(builder, key, v);
    }
    Ok(builder)
}

/// The options of one backend: Flyte 2's client defaults (`allow_http`, a request timeout of
/// 99999 s: large parts on slow links must not time out), then the configured ones over them.
#[cfg(any(feature = "s3", feature = "gcs", feature = "azure"))]
fn settings(config: &StoreConfig, prefix: &str) -> Vec<(String, String)> {
    let mut out: std::collections::BTreeMap<String, String> = [
        (format!("{prefix}allow_http"), "true".to_string()),
        (format!("{prefix}timeout"), "99999s".to_string()),
    ]
    .into_iter()
    .collect();
    for (k, v) in &config.options {
        if k.starts_with(prefix) {
            out.insert(k.clone(), v.clone());
        }
    }
    out.into_iter().collect()
}

/// Flyte 2's retry policy (`Storage.get_fsspec_kwargs`): `retries` tries more, waits from
/// `backoff` doubling up to `max_backoff`, none after `retry_timeout`.
#[cfg(any(feature = "s3", feature = "gcs", feature = "azure"))]
fn retry(config: &StoreConfig) -> object_store::RetryConfig {
    object_store::RetryConfig {
        backoff: object_store::BackoffConfig {
            init_backoff: config.backoff,
            max_backoff: config.max_backoff,
            base: 2.0,
        },
        max_retries: config.retries,
        retry_timeout: config.retry_timeout,
    }
}
