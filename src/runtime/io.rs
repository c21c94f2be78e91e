//! Task I/O by uri, over the [`Store`]: the files and bytes of Flyte 2's
//! `flyte/_internal/runtime/io.py` (2.12.1).
//!
//! | Flyte 2 | here |
//! | --- | --- |
//! | `load_inputs(path, max_bytes, path_rewrite_config)` | [`load_inputs`] (offloaded inputs are also read back inline, which the SDK's TypeEngine does later) |
//! | `upload_outputs(outputs, output_path, max_bytes)` | [`write_outputs`] |
//! | `upload_error(err, output_prefix, recoverable)` | [`write_error`] |
//! | `load_outputs(path, max_bytes)`, `load_error(path)` | [`load_outputs`], [`load_error`] |
//! | `PathRewrite`, `_F_PATH_REWRITE` | [`PathRewrite`] |
//! | `Inputs.context` without the reserved keys; the kickoff-time input | [`custom_context`], [`apply_kickoff_time`] |

use super::TaskError;
use crate::Error;
use crate::idl::core::{ErrorDocument, Literal, literal, scalar};
use crate::idl::task::{Inputs, NamedLiteral, Outputs};
use crate::io::Store;
use crate::io::uri;
use crate::taskio::{TaskIoErrorKind, decode_inputs, decode_outputs, encode_outputs};
use chrono::{DateTime, Utc};
use prost::Message;
use tokio::io::AsyncReadExt;

/// `inputs.pb`.
pub const INPUTS_FILE_NAME: &str = "inputs.pb";
/// `outputs.pb`, written under the outputs prefix.
pub const OUTPUTS_FILE_NAME: &str = "outputs.pb";
/// `error.pb`, written under the outputs prefix.
pub const ERROR_FILE_NAME: &str = "error.pb";
/// The reserved `Inputs.context` key naming the input a scheduled trigger fills with the run's
/// kickoff time (`convert.py:26`); that input is not in `inputs.pb`.
pub const KICKOFF_TIME_INPUT_ARG_CONTEXT_KEY: &str = "_u_kickoff_time_input_arg";
/// The reserved `Inputs.context` key of the caller's artifact declarations (`convert.py:33`).
pub const PRODUCED_ARTIFACTS_CONTEXT_KEY: &str = "_u_produced_artifacts";
/// Context keys that are plumbing, not the user's context (`RESERVED_CONTEXT_KEYS`).
pub const RESERVED_CONTEXT_KEYS: [&str; 2] = [
    KICKOFF_TIME_INPUT_ARG_CONTEXT_KEY,
    PRODUCED_ARTIFACTS_CONTEXT_KEY,
];

/// `<prefix>/outputs.pb` (Python `os.path.join(prefix, "outputs.pb")`).
pub fn outputs_uri(outputs_prefix: &str) -> String {
    uri::join(outputs_prefix, OUTPUTS_FILE_NAME)
}

/// `<prefix>/error.pb`.
pub fn error_uri(outputs_prefix: &str) -> String {
    uri::join(outputs_prefix, ERROR_FILE_NAME)
}

/// Flyte 2's `PathRewrite`: input blob uris that start with `old_prefix` are read from
/// `new_prefix` instead (a mounted copy of a bucket). Like the SDK, only top-level `File` /
/// `Dir` inputs are rewritten, and the first occurrence of the prefix replaced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathRewrite {
    /// The prefix as the inputs carry it (`s3://bucket/datasets`).
    pub old_prefix: String,
    /// What to read instead (`/mnt/datasets`).
    pub new_prefix: String,
}

impl PathRewrite {
    /// Parses `old_prefix->new_prefix` (the `_F_PATH_REWRITE` value); both non-empty and
    /// different, as the SDK requires.
    pub fn parse(pattern: &str) -> Result<Self, Error> {
        let bad = |why: &str| -> Error {
            TaskIoErrorKind::Arguments {
                message: format!(
                    "invalid path rewrite pattern {pattern:?}: {why} (expected 'old_prefix->new_prefix')"
                ),
            }
            .into()
        };
        let parts: Vec<&str> = pattern.split("->").collect();
        let [old, new] = parts[..] else {
            return Err(bad("not exactly one '->'"));
        };
        if old.is_empty() || new.is_empty() {
            return Err(bad("both prefixes must be non-empty"));
        }
        if old == new {
            return Err(bad("the prefixes must differ"));
        }
        Ok(PathRewrite {
            old_prefix: old.to_string(),
            new_prefix: new.to_string(),
        })
    }

    /// Rewrites the uri of every top-level blob input (`io.py:258-266`).
    pub fn apply(&self, inputs: &mut Inputs) {
        for nl in &mut inputs.literals {
            if let Some(Literal {
                value: Some(literal::Value::Scalar(s)),
                ..
            }) = &mut nl.value
                && let Some(scalar::Value::Blob(blob)) = &mut s.value
                && blob.uri.starts_with(&self.old_prefix)
            {
                blob.uri = blob.uri.replacen(&self.old_prefix, &self.new_prefix, 1);
            }
        }
    }
}

/// Reads `inputs.pb` at `uri`: at most `max_bytes` bytes (counted while streaming; more is
/// Flyte 2's `InlineIOMaxBytesBreached`, [`TaskIoErrorKind::InputsTooLarge`]), decoded, blob uris
/// rewritten by `rewrite`, then every offloaded literal read back inline (through collections
/// and maps, with the store's size cap and cycle check).
pub async fn load_inputs(
    store: &Store,
    uri: &str,
    max_bytes: Option<u64>,
    rewrite: Option<&PathRewrite>,
) -> Result<Inputs, Error> {
    let bytes = read_limited(store, uri, max_bytes)
        .await
        .map_err(|e| match e {
            Limited::TooLarge => TaskIoErrorKind::InputsTooLarge {
                uri: uri.to_string(),
                limit: max_bytes.unwrap_or_default(),
            }
            .into(),
            Limited::Store(e) => e,
        })?;
    let mut inputs = decode_inputs(&bytes)?;
    if let Some(rewrite) = rewrite {
        rewrite.apply(&mut inputs);
    }
    for nl in &mut inputs.literals {
        if let Some(lit) = &nl.value
            && holds_offloaded(lit)
        {
            nl.value = Some(store.load_offloaded(lit).await?);
        }
    }
    Ok(inputs)
}

/// A task's inputs read straight into a `#[derive(FlyteInputs)]` struct: [`load_inputs`]
/// (no path rewrite) then [`crate::taskio::inputs_to_value`]. `uri` is a local path or any uri
/// the store serves.
pub async fn read_inputs<I: crate::engine::FlyteInputs>(
    store: &Store,
    uri: &str,
    max_bytes: Option<u64>,
) -> Result<I, Error> {
    let inputs = load_inputs(store, uri, max_bytes, None).await?;
    crate::taskio::inputs_to_value(&inputs)
}

/// Reads an `outputs.pb` (Flyte 2's `load_outputs`), at most `max_bytes` bytes.
pub async fn load_outputs(
    store: &Store,
    uri: &str,
    max_bytes: Option<u64>,
) -> Result<Outputs, Error> {
    let bytes = read_limited(store, uri, max_bytes)
        .await
        .map_err(|e| match e {
            Limited::TooLarge => TaskIoErrorKind::OutputsTooLarge {
                uri: uri.to_string(),
                size: None,
                limit: max_bytes.unwrap_or_default(),
            }
            .into(),
            Limited::Store(e) => e,
        })?;
    decode_outputs(&bytes)
}

/// Writes `outputs` to `<outputs_prefix>/outputs.pb` (the SDK's deterministic bytes; an empty
/// `Outputs` is a 0-byte file) and returns that uri. With `max_bytes`, outputs whose encoding is
/// longer are refused before anything is written ([`TaskIoErrorKind::OutputsTooLarge`], the SDK's
/// `InlineIOMaxBytesBreached`); to move large literals out of line the way flytekit v1 and
/// propeller do, pass the outputs through [`Store::offload_outputs`] first.
pub async fn write_outputs(
    store: &Store,
    outputs_prefix: &str,
    outputs: &Outputs,
    max_bytes: Option<u64>,
) -> Result<String, Error> {
    let bytes = encode_outputs(outputs);
    let target = outputs_uri(outputs_prefix);
    if let Some(limit) = max_bytes
        && bytes.len() as u64 > limit
    {
        return Err(TaskIoErrorKind::OutputsTooLarge {
            uri: outputs_prefix.to_string(),
            size: Some(bytes.len() as u64),
            limit,
        }
        .into());
    }
    store.write_bytes(&target, bytes).await?;
    Ok(target)
}

/// Writes `error` as `<outputs_prefix>/error.pb`, the bytes of Flyte 2's `upload_error`, and
/// returns that uri.
pub async fn write_error(
    store: &Store,
    outputs_prefix: &str,
    error: &TaskError,
) -> Result<String, Error> {
    let target = error_uri(outputs_prefix);
    let bytes = crate::wire::encode_canonical(&error.to_error_document());
    store.write_bytes(&target, bytes).await?;
    Ok(target)
}

/// Reads an `error.pb` as Flyte 2's `load_error` does (see
/// [`TaskError::from_error_document`]).
pub async fn load_error(store: &Store, uri: &str) -> Result<TaskError, Error> {
    let bytes = read_limited(store, uri, None).await.map_err(|e| match e {
        Limited::TooLarge => unreachable!("no limit"),
        Limited::Store(e) => e,
    })?;
    let doc = ErrorDocument::decode(bytes.as_slice())
        .map_err(|source| crate::taskio::decode_error("flyteidl2.core.ErrorDocument", source))?;
    Ok(TaskError::from_error_document(&doc, uri))
}

/// The user's custom context: `Inputs.context` without the reserved keys, in stored order
/// (Flyte 2's `Inputs.context`).
pub fn custom_context(inputs: &Inputs) -> Vec<(&str, &str)> {
    inputs
        .context
        .iter()
        .filter(|kv| !RESERVED_CONTEXT_KEYS.contains(&kv.key.as_str()))
        .map(|kv| (kv.key.as_str(), kv.value.as_str()))
        .collect()
}

/// What `convert_inputs_to_native` does for a scheduled trigger: the input named by the
/// `_u_kickoff_time_input_arg` context key gets the run's start time (a datetime literal),
/// replacing any value of that name. Returns the input's name when one was filled.
pub fn apply_kickoff_time(inputs: &mut Inputs, run_start_time: DateTime<Utc>) -> Option<String> {
    let name = inputs
        .context
        .iter()
        .find(|kv| kv.key == KICKOFF_TIME_INPUT_ARG_CONTEXT_KEY)
        .map(|kv| kv.value.clone())
        .filter(|name| !name.is_empty())?;
    let value =
        crate::engine::FlyteType::to_literal(&run_start_time).expect("a datetime always converts");
    inputs.literals.retain(|nl| nl.name != name);
    inputs.literals.push(NamedLiteral {
        name: name.clone(),
        value: Some(value),
    });
    Some(name)
}

fn holds_offloaded(lit: &Literal) -> bool {
    match &lit.value {
        Some(literal::Value::OffloadedMetadata(_)) => true,
        Some(literal::Value::Collection(c)) => c.literals.iter().any(holds_offloaded),
        Some(literal::Value::Map(m)) => m.literals.values().any(holds_offloaded),
        _ => false,
    }
}

enum Limited {
    TooLarge,
    Store(crate::Error),
}

/// The object's bytes, stopping as soon as more than `max_bytes` have arrived (the object's
/// reported size is not trusted for the limit).
async fn read_limited(
    store: &Store,
    uri: &str,
    max_bytes: Option<u64>,
) -> Result<Vec<u8>, Limited> {
    let reader = store.reader(uri).await.map_err(Limited::Store)?;
    let limit = max_bytes.unwrap_or(u64::MAX);
    let capacity = reader.size().min(limit).min(64 << 20);
    let mut out = Vec::with_capacity(usize::try_from(capacity).unwrap_or(0));
    let mut limited = reader.take(limit.saturating_add(1));
    limited
        .read_to_end(&mut out)
        .await
        .map_err(|e| Limited::Store(limited.get_ref().into_store_error(e)))?;
    if out.len() as u64 > limit {
        return Err(Limited::TooLarge);
    }
    Ok(out)
}
