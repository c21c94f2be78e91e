//! `flyte-types inspect FILE`: what a Flyte protobuf file holds, as a readable tree or as
//! canonical JSON.

use crate::typetree;
use flyte_types::cast::{describe_type, literal_type_of};
use flyte_types::idl::core::{
    Literal, LiteralType, TypedInterface, VariableEntry, VariableMap, literal,
};
use flyte_types::idl::task::NamedLiteral;
use flyte_types::storage::LocalFiles;
use flyte_types::taskio::{self, Detection, FileKind};
use flyte_types::value::{Decoder, PickleData, Value};
use prost::Message;
use serde_json::{Map, Value as Json};
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// What a file holds, when it cannot be told from its name or content.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum As {
    /// A `flyteidl2.core.Literal`.
    Literal,
    /// A `flyteidl2.core.LiteralType`.
    Type,
    /// A `flyteidl2.core.LiteralMap` (flytekit v1 inputs / outputs).
    LiteralMap,
    /// A `flyteidl2.task.Inputs` (Flyte 2 inputs.pb).
    Inputs,
    /// A `flyteidl2.task.Outputs` (Flyte 2 outputs.pb).
    Outputs,
    /// A `flyteidl2.core.TypedInterface`.
    Interface,
}

/// Show what a Flyte protobuf file holds.
#[derive(clap::Args)]
pub struct Args {
    /// The file: inputs.pb, outputs.pb, a literal, a type or an interface; `-` reads standard
    /// input.
    #[arg(value_name = "FILE")]
    file: PathBuf,
    /// What the file holds (detected from its name and content when not given).
    #[arg(long = "as", value_enum)]
    kind: Option<As>,
    /// Print JSON instead of the tree: canonical JSON of values, the type tree of types.
    #[arg(long)]
    json: bool,
    /// Only the entry of this name of an inputs / outputs file (`o0`).
    #[arg(long, value_name = "NAME")]
    name: Option<String>,
    /// Download the files, folders and tables the values point to into DIR (needs a build with
    /// the `store` feature; `s3` for s3:// uris).
    #[arg(long, value_name = "DIR")]
    download: Option<PathBuf>,
}

pub fn run(args: Args) -> Result<String, String> {
    let bytes = crate::codec::read_input(&args.file)?;
    let kind = match args.kind {
        Some(k) => k,
        None => detect(&args.file, &bytes)?,
    };
    let bad = |what: &str, e: &prost::DecodeError| crate::codec::not_a(&args.file, what, &bytes, e);
    match kind {
        As::Literal => {
            let lit = Literal::decode(bytes.as_slice()).map_err(|e| bad("Literal", &e))?;
            named(&args, "Literal", vec![(String::new(), lit)])
        }
        As::Type => {
            let ty = LiteralType::decode(bytes.as_slice()).map_err(|e| bad("LiteralType", &e))?;
            if args.json {
                return serde_json::to_string_pretty(&typetree::to_json(&ty))
                    .map_err(|e| e.to_string());
            }
            Ok(format!("LiteralType: {}", typetree::tree(&ty)))
        }
        As::Interface => {
            let iface =
                TypedInterface::decode(bytes.as_slice()).map_err(|e| bad("TypedInterface", &e))?;
            if args.json {
                return serde_json::to_string_pretty(&interface_json(&iface))
                    .map_err(|e| e.to_string());
            }
            Ok(interface_tree(&iface))
        }
        As::Inputs | As::Outputs | As::LiteralMap => {
            let hint = match kind {
                As::Inputs => FileKind::Inputs,
                As::Outputs => FileKind::Outputs,
                _ => FileKind::LiteralMap,
            };
            let file = taskio::read(&bytes, Some(hint)).map_err(|e| {
                format!(
                    "{} is not a {}: {e}",
                    args.file.display(),
                    hint.message_name()
                )
            })?;
            let mut pairs: Vec<(String, Literal)> = file
                .named_literals()
                .into_iter()
                .map(|NamedLiteral { name, value }| (name, value.unwrap_or_default()))
                .collect();
            if let Some(wanted) = &args.name {
                let names: Vec<String> = pairs.iter().map(|(n, _)| n.clone()).collect();
                // The last entry of a name wins, as in the SDK.
                let found = pairs
                    .iter()
                    .rposition(|(n, _)| n == wanted)
                    .ok_or_else(|| {
                        format!(
                            "{} has no entry {wanted:?} (it has {})",
                            args.file.display(),
                            names.join(", ")
                        )
                    })?;
                let one = pairs.swap_remove(found);
                pairs = vec![(String::new(), one.1)];
            }
            named(&args, hint.message_name(), pairs)
        }
    }
}

/// The file's kind from its name, then from its content.
fn detect(path: &Path, bytes: &[u8]) -> Result<As, String> {
    match path.file_name().and_then(|n| n.to_str()) {
        Some("inputs.pb") => return Ok(As::Inputs),
        Some("outputs.pb") => return Ok(As::Outputs),
        Some("literal.pb") => return Ok(As::Literal),
        Some("type.pb") => return Ok(As::Type),
        Some("interface.pb") => return Ok(As::Interface),
        _ => {}
    }
    if bytes.is_empty() {
        return Ok(As::Outputs); // a task without outputs writes a 0-byte outputs.pb
    }
    match taskio::detect(bytes) {
        Ok(Detection::Certain(FileKind::Inputs)) => return Ok(As::Inputs),
        Ok(Detection::Certain(FileKind::Outputs)) => return Ok(As::Outputs),
        _ => {}
    }
    if let Ok(file) = taskio::read(bytes, None)
        && file
            .named_literals()
            .iter()
            .all(|n| plausible_name(&n.name) && n.value.as_ref().is_some_and(|v| v.value.is_some()))
    {
        return Ok(if file.kind() == FileKind::Outputs {
            As::Outputs
        } else {
            As::Inputs
        });
    }
    if Literal::decode(bytes).is_ok_and(|l| l.value.is_some()) {
        return Ok(As::Literal);
    }
    if LiteralType::decode(bytes).is_ok_and(|t| t.r#type.is_some()) {
        return Ok(As::Type);
    }
    if TypedInterface::decode(bytes).is_ok_and(|i| i.inputs.is_some() || i.outputs.is_some()) {
        return Ok(As::Interface);
    }
    if let Some(e) = Literal::decode(bytes).err() {
        let message = crate::codec::not_a(path, "Literal", bytes, &e);
        if message.contains(" is truncated: ") {
            return Err(message);
        }
    }
    Err("cannot tell what the file holds: pass --as literal|type|literal-map|inputs|outputs|interface".into())
}

fn plausible_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == '-' || c == '.')
}

/// Decodes each literal with the type inferred from it (the file carries no types).
fn named(args: &Args, message: &str, literals: Vec<(String, Literal)>) -> Result<String, String> {
    let store = LocalFiles::new();
    let mut json = Map::new();
    let mut tree = format!(
        "{} ({message}, {} literal{})\n",
        args.file.display(),
        literals.len(),
        plural(literals.len())
    );
    let mut handles = Vec::new();
    for (name, lit) in &literals {
        let ty = literal_type_of(lit)
            .map_err(|e| format!("{}: cannot infer its type: {e}", label(name)))?;
        let value = Decoder::with_store(&store)
            .decode(&ty, lit)
            .map_err(|e| format!("{}: {e}", label(name)))?;
        collect_handles(label(name), &value, &mut handles);
        if args.json {
            json.insert(name.clone(), value.to_json());
            continue;
        }
        let mut head = format!("{} ({})", label(name), describe_type(&ty));
        if !lit.hash.is_empty() {
            let _ = write!(head, " [hash {:?}]", lit.hash);
        }
        if let Some(literal::Value::OffloadedMetadata(m)) = &lit.value {
            let _ = write!(head, " [offloaded to {}, {} bytes]", m.uri, m.size_bytes);
        }
        write_entry(&mut tree, "", &head, &value, 0);
    }
    if let Some(dir) = &args.download {
        let lines = download(dir, &handles)?;
        tree.push_str(&format!(
            "\ndownloaded {} object{}:\n{}",
            lines.len(),
            plural(lines.len()),
            lines.join("\n")
        ));
    }
    if args.json {
        let out = if literals.len() == 1 && literals[0].0.is_empty() {
            json.remove("").unwrap_or(Json::Null)
        } else {
            Json::Object(json)
        };
        return serde_json::to_string_pretty(&out).map_err(|e| e.to_string());
    }
    Ok(tree.trim_end().to_string())
}

#[cfg(feature = "store")]
fn collect_handles(name: &str, value: &Value, out: &mut Vec<(String, Value)>) {
    crate::download::handles(name, value, out);
}

#[cfg(not(feature = "store"))]
fn collect_handles(_: &str, _: &Value, _: &mut Vec<(String, Value)>) {}

#[cfg(feature = "store")]
fn download(dir: &Path, handles: &[(String, Value)]) -> Result<Vec<String>, String> {
    crate::download::download(dir, handles)
}

#[cfg(not(feature = "store"))]
fn download(_: &Path, _: &[(String, Value)]) -> Result<Vec<String>, String> {
    Err("--download needs flyte-types built with the `store` feature (cargo build --features store)".into())
}

fn label(name: &str) -> &str {
    if name.is_empty() { "value" } else { name }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// One value per line, nested values indented; scalars as canonical JSON.
fn write_value(out: &mut String, value: &Value, depth: usize) {
    let pad = "  ".repeat(depth);
    match value {
        Value::List(items) if !items.is_empty() => {
            for (i, item) in items.iter().enumerate() {
                write_entry(out, &pad, &format!("[{i}]"), item, depth);
            }
        }
        Value::Map(entries) if !entries.is_empty() => {
            for (k, v) in entries {
                write_entry(out, &pad, k, v, depth);
            }
        }
        other => {
            let _ = writeln!(out, "{pad}{}", leaf(other));
        }
    }
}

fn write_entry(out: &mut String, pad: &str, key: &str, value: &Value, depth: usize) {
    match value {
        Value::List(items) if !items.is_empty() => {
            let _ = writeln!(out, "{pad}{key}: ({} items)", items.len());
            write_value(out, value, depth + 1);
        }
        Value::Map(entries) if !entries.is_empty() => {
            let _ = writeln!(out, "{pad}{key}:");
            write_value(out, value, depth + 1);
        }
        other => {
            let _ = writeln!(out, "{pad}{key}: {}", leaf(other));
        }
    }
}

fn leaf(value: &Value) -> String {
    match value {
        Value::File(b) => format!("File {} (format {:?})", b.uri, b.format),
        Value::Dir(b) => format!("Dir {} (format {:?})", b.uri, b.format),
        Value::DataFrame(d) => format!(
            "DataFrame {} ({}, {} columns)",
            d.uri,
            d.format(),
            d.columns().len()
        ),
        Value::Pickle(p) => match &p.data {
            PickleData::Inline(bytes) => format!("pickle ({} bytes inline)", bytes.len()),
            PickleData::Uri(uri) => format!("pickle at {uri}"),
        },
        other => other.to_json().to_string(),
    }
}

fn interface_tree(iface: &TypedInterface) -> String {
    let mut out = String::new();
    for (side, vars) in sides(iface) {
        let _ = writeln!(
            out,
            "{side}: ({} variable{})",
            vars.len(),
            plural(vars.len())
        );
        for v in vars {
            let ty = v.value.as_ref().and_then(|var| var.r#type.as_ref());
            let text = ty.map(typetree::tree).unwrap_or_else(|| "<no type>".into());
            let _ = writeln!(out, "  {}: {}", v.key, text.replace('\n', "\n    "));
        }
    }
    out.trim_end().to_string()
}

fn interface_json(iface: &TypedInterface) -> Json {
    let mut out = Map::new();
    for (side, vars) in sides(iface) {
        let vars: Map<String, Json> = vars
            .iter()
            .map(|v| {
                let ty = v.value.as_ref().and_then(|var| var.r#type.as_ref());
                (
                    v.key.clone(),
                    ty.map(typetree::to_json).unwrap_or(Json::Null),
                )
            })
            .collect();
        out.insert(side.into(), Json::Object(vars));
    }
    Json::Object(out)
}

fn sides(iface: &TypedInterface) -> [(&'static str, &[VariableEntry]); 2] {
    fn vars(m: &Option<VariableMap>) -> &[VariableEntry] {
        m.as_ref()
            .map(|v| v.variables.as_slice())
            .unwrap_or_default()
    }
    [
        ("inputs", vars(&iface.inputs)),
        ("outputs", vars(&iface.outputs)),
    ]
}
