//! The corpus runner: checks this implementation against a folder of cases in the corpus
//! layout (`type.pb`, `literal.pb`, `value.json`, `case.json`, `data/`), in both directions.
//!
//! Decode: `type.pb` + `literal.pb` must give exactly `value.json` (strict comparison).
//! Encode: `type.pb` + `value.json` must give exactly the bytes of `literal.pb`, for Flyte 2
//! cases whose canonical value determines the bytes; otherwise the case is checked on decode
//! only and the report says why.

use flyte_types::idl::core::{Literal, LiteralType};
use flyte_types::storage::LocalFiles;
use flyte_types::value::{self, Decoder, canonical_diff};
use flyte_types::wire;
use prost::Message;
use serde_json::Value as Json;
use std::path::{Path, PathBuf};

/// The outcome of one case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Passed; `decode_only` says why the encode direction was not checked.
    Passed {
        /// Why only decoding was checked, if it was.
        decode_only: Option<String>,
    },
    /// Failed, with the first difference.
    Failed(String),
}

/// The report of one case.
#[derive(Debug, Clone)]
pub struct CaseReport {
    /// The case folder's name.
    pub name: String,
    /// What happened.
    pub outcome: Outcome,
}

impl std::fmt::Display for CaseReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.outcome {
            Outcome::Passed { decode_only: None } => write!(f, "ok {}", self.name),
            Outcome::Passed {
                decode_only: Some(why),
            } => write!(f, "ok {} (decode only: {why})", self.name),
            Outcome::Failed(why) => write!(f, "FAIL {}: {why}", self.name),
        }
    }
}

/// The case folders under each path: the path itself when it holds `type.pb`, else its
/// subfolders that do, sorted by name.
pub fn find_cases(paths: &[PathBuf]) -> std::io::Result<Vec<PathBuf>> {
    let mut cases = Vec::new();
    for p in paths {
        if p.join("type.pb").is_file() {
            cases.push(p.clone());
            continue;
        }
        let mut found: Vec<PathBuf> = std::fs::read_dir(p)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|d| d.join("type.pb").is_file())
            .collect();
        found.sort();
        cases.extend(found);
    }
    Ok(cases)
}

/// Checks one case; with `emit`, also writes our encoding of it as a case folder under `emit`.
pub fn run_case(case: &Path, emit: Option<&Path>) -> CaseReport {
    let name = case
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let outcome = check(case, emit).unwrap_or_else(Outcome::Failed);
    CaseReport { name, outcome }
}

fn read(case: &Path, file: &str) -> Result<Vec<u8>, String> {
    std::fs::read(case.join(file)).map_err(|e| format!("cannot read {file}: {e}"))
}

fn check(case: &Path, emit: Option<&Path>) -> Result<Outcome, String> {
    let meta: Json = match std::fs::read(case.join("case.json")) {
        Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| format!("case.json: {e}"))?,
        Err(_) => Json::Null,
    };
    let ty_bytes = read(case, "type.pb")?;
    let lit_bytes = read(case, "literal.pb")?;
    let ty = LiteralType::decode(ty_bytes.as_slice()).map_err(|e| format!("type.pb: {e}"))?;
    let lit = Literal::decode(lit_bytes.as_slice()).map_err(|e| format!("literal.pb: {e}"))?;
    let expected: Json = serde_json::from_slice(&read(case, "value.json")?)
        .map_err(|e| format!("value.json: {e}"))?;

    let mut store = LocalFiles::new();
    if let Some(prefix) = meta.get("uri_prefix").and_then(Json::as_str) {
        store = store.with_rewrite(prefix, case.join("data"));
    }
    let mut decoder = Decoder::with_store(&store);
    let decoded = decoder
        .decode(&ty, &lit)
        .map_err(|e| format!("decode: {e}"))?;
    if let Some(diff) = canonical_diff(&expected, &decoded.to_json()) {
        return Err(format!("decode: {diff}"));
    }

    let sdk = meta.get("sdk").and_then(Json::as_str).unwrap_or("");
    let decode_only = if !sdk.is_empty() && !sdk.starts_with("flyte ") {
        Some(format!("written by {sdk}; encoding targets Flyte 2"))
    } else {
        decoder
            .lossy_notes()
            .first()
            .map(|note| format!("the canonical value does not determine the bytes: {note}"))
    };
    let ours = value::encode(&ty, &expected).map(|lit| wire::encode_canonical(&lit));
    if let Some(out) = emit {
        match &ours {
            Ok(bytes) => emit_case(case, &out.join(case.file_name().unwrap_or_default()), bytes)
                .map_err(|e| format!("emit: {e}"))?,
            Err(e) if decode_only.is_none() => return Err(format!("encode: {e}")),
            Err(_) => {}
        }
    }
    if let Some(why) = decode_only {
        return Ok(Outcome::Passed {
            decode_only: Some(why),
        });
    }
    let bytes = ours.map_err(|e| format!("encode: {e}"))?;
    match first_difference(&lit_bytes, &bytes) {
        None => Ok(Outcome::Passed { decode_only: None }),
        Some(at) => Err(format!(
            "encode: bytes differ at offset {at} (expected {} bytes, got {}): expected {}, got {}",
            lit_bytes.len(),
            bytes.len(),
            hex_window(&lit_bytes, at),
            hex_window(&bytes, at)
        )),
    }
}

fn first_difference(a: &[u8], b: &[u8]) -> Option<usize> {
    a.iter()
        .zip(b)
        .position(|(x, y)| x != y)
        .or_else(|| (a.len() != b.len()).then(|| a.len().min(b.len())))
}

fn hex_window(bytes: &[u8], at: usize) -> String {
    let end = (at + 8).min(bytes.len());
    let hex: String = bytes[at.min(end)..end]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    if hex.is_empty() {
        "<end>".into()
    } else {
        format!("{hex}…")
    }
}

fn emit_case(case: &Path, out: &Path, literal: &[u8]) -> std::io::Result<()> {
    std::fs::create_dir_all(out)?;
    std::fs::write(out.join("literal.pb"), literal)?;
    for file in ["type.pb", "value.json", "case.json"] {
        if case.join(file).is_file() {
            std::fs::copy(case.join(file), out.join(file))?;
        }
    }
    copy_tree(&case.join("data"), &out.join("data"))
}

fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    if !from.is_dir() {
        return Ok(());
    }
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}
