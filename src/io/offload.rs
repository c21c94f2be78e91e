//! Literals too large to travel inline: flytekit v1 / propeller offloading, and Flyte 2's
//! `max_inline_io_bytes` limit.

use super::hash::literal_digest;
use super::store::Store;
use crate::Error;
use crate::idl::core::{Literal, LiteralOffloadedMetadata, LiteralType, literal};
use crate::idl::task::Outputs;
use crate::storage::StoreErrorKind;
use prost::Message;

/// flytekit v1's default `_F_L_MIN_SIZE_MB` (10 MiB): literals at least this large are offloaded.
pub const DEFAULT_OFFLOAD_MIN_BYTES: u64 = 10 * 1024 * 1024;
/// flytekit v1's default `_F_L_MAX_SIZE_MB` (1000 MiB): literals at least this large are refused.
pub const DEFAULT_OFFLOAD_MAX_BYTES: u64 = 1000 * 1024 * 1024;
/// Flyte 2's `MAX_INLINE_IO_BYTES` (10 MiB).
pub const DEFAULT_MAX_INLINE_IO_BYTES: u64 = 10 * 1024 * 1024;
/// Nested offloaded literals are followed at most this deep.
pub const MAX_OFFLOAD_DEPTH: usize = 16;

/// flytekit v1 / propeller offloading thresholds, in bytes of the encoded literal.
pub struct OffloadPolicy {
    /// Literals of at least this size are offloaded.
    pub min_bytes: u64,
    /// Literals of at least this size are an error ([`StoreErrorKind::OffloadLimit`]).
    pub max_bytes: u64,
    /// `Literal.hash` of the stub when the literal has none; default [`literal_digest`].
    pub hash_fn: Box<dyn Fn(&Literal) -> String + Send + Sync>,
}

impl Default for OffloadPolicy {
    fn default() -> Self {
        Self {
            min_bytes: DEFAULT_OFFLOAD_MIN_BYTES,
            max_bytes: DEFAULT_OFFLOAD_MAX_BYTES,
            hash_fn: Box::new(literal_digest),
        }
    }
}

impl std::fmt::Debug for OffloadPolicy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OffloadPolicy")
            .field("min_bytes", &self.min_bytes)
            .field("max_bytes", &self.max_bytes)
            .finish_non_exhaustive()
    }
}

/// The uri flytekit v1 writes an offloaded output to: `<output_prefix>/<name>_offloaded_metadata.pb`
/// (the prefix kept as given, scheme included).
pub fn offloaded_uri(output_prefix: &str, name: &str) -> String {
    format!(
        "{}/{name}_offloaded_metadata.pb",
        output_prefix.trim_end_matches('/')
    )
}

/// Flyte 2's check: the task's `Outputs` message (deterministic bytes) may be at most
/// `max_inline_io_bytes` long (equal is allowed). The error names the largest output and the
/// total size. Files, folders and dataframes count only by their literal (the uri).
pub fn check_inline_outputs(outputs: &Outputs, max_inline_io_bytes: u64) -> Result<(), Error> {
    let size = crate::wire::encode_canonical(outputs).len() as u64;
    if size <= max_inline_io_bytes {
        return Ok(());
    }
    let largest = outputs
        .literals
        .iter()
        .max_by_key(|nl| nl.value.as_ref().map_or(0, Message::encoded_len))
        .map(|nl| nl.name.clone())
        .unwrap_or_default();
    Err(StoreErrorKind::InlineIoLimit {
        output: largest,
        size,
        limit: max_inline_io_bytes,
    }
    .into())
}

/// Flyte 2's check for one literal: its deterministic encoding may be at most
/// `max_inline_io_bytes` long.
pub fn check_inline_literal(
    name: &str,
    lit: &Literal,
    max_inline_io_bytes: u64,
) -> Result<(), Error> {
    let size = crate::wire::encode_canonical(lit).len() as u64;
    if size > max_inline_io_bytes {
        return Err(StoreErrorKind::InlineIoLimit {
            output: name.to_string(),
            size,
            limit: max_inline_io_bytes,
        }
        .into());
    }
    Ok(())
}

impl Store {
    /// flytekit v1's output offloading for one output: a literal whose encoded size is at least
    /// `policy.min_bytes` is written (deterministic bytes) to
    /// `<output_prefix>/<name>_offloaded_metadata.pb` and replaced by
    /// `offloaded_metadata {uri, size_bytes, inferred_type}` with `Literal.hash` (the literal's
    /// own, else `policy.hash_fn`). Smaller literals come back unchanged; literals of at least
    /// `policy.max_bytes` are an error.
    ///
    /// `inferred_type` is the declared output type, as flytekit v1 does (it takes the task
    /// interface's type; for map tasks, pass the collection's element type).
    ///
    /// The upload is all or nothing: on failure nothing is left at the uri, and the error names
    /// it.
    pub async fn offload_output(
        &self,
        name: &str,
        lit: Literal,
        declared_type: &LiteralType,
        output_prefix: &str,
        policy: &OffloadPolicy,
    ) -> Result<Literal, Error> {
        let bytes = crate::wire::encode_canonical(&lit);
        let size = bytes.len() as u64;
        if size >= policy.max_bytes {
            return Err(StoreErrorKind::OffloadLimit {
                output: name.to_string(),
                size,
                limit: policy.max_bytes,
            }
            .into());
        }
        if size < policy.min_bytes {
            return Ok(lit);
        }
        let uri = offloaded_uri(output_prefix, name);
        // Through the object writer: a large literal goes in parts (retried one by one), and a
        // failed upload is aborted, leaving nothing at `uri`.
        self.put_reader_sized(&uri, bytes.as_slice(), None, Some(size))
            .await?;
        let hash = if lit.hash.is_empty() {
            (policy.hash_fn)(&lit)
        } else {
            lit.hash.clone()
        };
        Ok(Literal {
            value: Some(literal::Value::OffloadedMetadata(Box::new(
                LiteralOffloadedMetadata {
                    uri,
                    size_bytes: size,
                    inferred_type: Some(declared_type.clone()),
                },
            ))),
            hash,
            ..Default::default()
        })
    }

    /// [`Store::offload_output`] for every output of a task.
    pub async fn offload_outputs(
        &self,
        outputs: &mut Outputs,
        types: &std::collections::HashMap<String, LiteralType>,
        output_prefix: &str,
        policy: &OffloadPolicy,
    ) -> Result<(), Error> {
        for nl in &mut outputs.literals {
            let (Some(lit), Some(ty)) = (nl.value.take(), types.get(&nl.name)) else {
                return Err(StoreErrorKind::Config(format!(
                    "output {} has no literal or no declared type",
                    nl.name
                ))
                .into());
            };
            nl.value = Some(
                self.offload_output(&nl.name, lit, ty, output_prefix, policy)
                    .await?,
            );
        }
        Ok(())
    }

    /// The literal with every offloaded part (at any depth, through collections and maps, and
    /// offloaded literals that are themselves offloaded) read back inline.
    pub async fn load_offloaded(&self, lit: &Literal) -> Result<Literal, Error> {
        let mut chain = Vec::new();
        self.inline(lit.clone(), &mut chain).await
    }

    fn inline<'a>(
        &'a self,
        mut lit: Literal,
        chain: &'a mut Vec<String>,
    ) -> futures::future::BoxFuture<'a, Result<Literal, Error>> {
        Box::pin(async move {
            match lit.value.take() {
                Some(literal::Value::OffloadedMetadata(meta)) => {
                    if chain.len() >= MAX_OFFLOAD_DEPTH || chain.contains(&meta.uri) {
                        return Err(StoreErrorKind::Corrupt {
                            uri: meta.uri,
                            message: "offloaded literals refer to each other in a cycle, or nest too deep".into(),
                        }.into());
                    }
                    let bytes = self
                        .read_bytes(&meta.uri, DEFAULT_OFFLOAD_MAX_BYTES)
                        .await?;
                    let inner =
                        Literal::decode(bytes.as_slice()).map_err(|e| StoreErrorKind::Corrupt {
                            uri: meta.uri.clone(),
                            message: format!("not a serialized Literal: {e}"),
                        })?;
                    chain.push(meta.uri);
                    let out = self.inline(inner, chain).await;
                    chain.pop();
                    out
                }
                Some(literal::Value::Collection(mut c)) => {
                    for l in &mut c.literals {
                        *l = self.inline(std::mem::take(l), chain).await?;
                    }
                    lit.value = Some(literal::Value::Collection(c));
                    Ok(lit)
                }
                Some(literal::Value::Map(mut m)) => {
                    for l in m.literals.values_mut() {
                        *l = self.inline(std::mem::take(l), chain).await?;
                    }
                    lit.value = Some(literal::Value::Map(m));
                    Ok(lit)
                }
                other => {
                    lit.value = other;
                    Ok(lit)
                }
            }
        })
    }
}
