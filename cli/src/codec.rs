//! `flyte-types decode` / `flyte-types encode`: literal bytes ↔ canonical JSON, given the type.

use flyte_types::idl::core::{Literal, LiteralType};
use flyte_types::storage::LocalFiles;
use flyte_types::value::{self, Decoder};
use flyte_types::wire;
use prost::Message;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Print a literal as canonical JSON.
///
/// Example: `flyte-types decode --type type.pb literal.pb`
#[derive(clap::Args)]
pub struct DecodeArgs {
    /// The `LiteralType` (binary protobuf; `-` reads standard input).
    #[arg(long = "type", value_name = "TYPE.pb")]
    type_path: PathBuf,
    /// The `Literal` (binary protobuf; `-` reads standard input).
    #[arg(value_name = "LITERAL.pb")]
    literal: PathBuf,
    /// LITERAL.pb is an inputs / outputs file: decode its entry of this name (`o0`).
    #[arg(long, value_name = "NAME")]
    name: Option<String>,
    /// Read uris under PREFIX from DIR (offloaded literals), as PREFIX=DIR.
    #[arg(long, value_name = "PREFIX=DIR")]
    map_uri: Vec<String>,
}

/// Encode canonical JSON as a literal (deterministic protobuf, as Flyte 2 writes it).
///
/// Example: `echo '[1, 2, 3]' | flyte-types encode --type list_int.pb - > literal.pb`
#[derive(clap::Args)]
pub struct EncodeArgs {
    /// The `LiteralType` (binary protobuf).
    #[arg(long = "type", value_name = "TYPE.pb")]
    type_path: PathBuf,
    /// The value as canonical JSON; `-` reads standard input.
    #[arg(value_name = "VALUE.json", default_value = "-")]
    value: PathBuf,
    /// Write the literal here instead of standard output.
    #[arg(long, short, value_name = "LITERAL.pb")]
    output: Option<PathBuf>,
}

/// A file's bytes; `-` reads standard input.
pub fn read_input(path: &Path) -> Result<Vec<u8>, String> {
    if path == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| format!("reading stdin: {e}"))?;
        return Ok(bytes);
    }
    std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// Why `bytes` do not decode as `message`: "truncated" when the top-level fields run past the
/// end (a cut-off file always shows there), else the decoder's error.
pub fn not_a(path: &Path, message: &str, bytes: &[u8], e: &prost::DecodeError) -> String {
    match truncated_at(bytes) {
        Some(offset) => format!(
            "{} is truncated: its last field (at byte {offset}) runs past the end of the file ({} bytes); re-download or re-write it",
            path.display(),
            bytes.len()
        ),
        None => format!("{} is not a {message}: {e}", path.display()),
    }
}

/// The offset of the top-level field that runs past the end of `bytes`, if one does.
fn truncated_at(bytes: &[u8]) -> Option<usize> {
    fn varint(b: &[u8], at: &mut usize) -> Option<u64> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = *b.get(*at)?;
            *at += 1;
            v |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Some(v);
            }
        }
        None
    }
    let mut at = 0;
    while at < bytes.len() {
        let start = at;
        let Some(key) = varint(bytes, &mut at) else {
            return Some(start);
        };
        let need = match key & 7 {
            0 => match varint(bytes, &mut at) {
                Some(_) => 0,
                None => return Some(start),
            },
            1 => 8,
            2 => match varint(bytes, &mut at) {
                Some(len) => len,
                None => return Some(start),
            },
            5 => 4,
            _ => return None, // not protobuf at all: let the decoder say so
        };
        if need > (bytes.len() - at) as u64 {
            return Some(start);
        }
        at += need as usize;
    }
    None
}

fn read_type(path: &Path) -> Result<LiteralType, String> {
    let bytes = read_input(path)?;
    LiteralType::decode(bytes.as_slice()).map_err(|e| not_a(path, "LiteralType", &bytes, &e))
}

pub fn decode(args: DecodeArgs) -> ExitCode {
    let run = || -> Result<String, String> {
        let ty = read_type(&args.type_path)?;
        let path = &args.literal;
        let bytes = read_input(path)?;
        let lit = match &args.name {
            Some(name) => {
                let file = flyte_types::taskio::read(&bytes, None)
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                let entries = file.named_literals();
                flyte_types::taskio::lookup(&entries, name)
                    .cloned()
                    .ok_or_else(|| {
                        let names: Vec<&str> = entries.iter().map(|n| n.name.as_str()).collect();
                        format!(
                            "{} has no entry {name:?} (it has {})",
                            path.display(),
                            names.join(", ")
                        )
                    })?
            }
            None => {
                Literal::decode(bytes.as_slice()).map_err(|e| not_a(path, "Literal", &bytes, &e))?
            }
        };
        let mut store = LocalFiles::new();
        for m in &args.map_uri {
            let (prefix, dir) = m
                .split_once('=')
                .ok_or_else(|| format!("--map-uri {m:?}: expected PREFIX=DIR"))?;
            store = store.with_rewrite(prefix, dir);
        }
        let value = Decoder::with_store(&store)
            .decode(&ty, &lit)
            .map_err(|e| e.to_string())?;
        serde_json::to_string_pretty(&value.to_json()).map_err(|e| e.to_string())
    };
    finish(run().and_then(|text| write_stdout(format!("{text}\n").as_bytes())))
}

pub fn encode(args: EncodeArgs) -> ExitCode {
    let run = || -> Result<(), String> {
        let ty = read_type(&args.type_path)?;
        let text = read_input(&args.value)?;
        let json: serde_json::Value =
            serde_json::from_slice(&text).map_err(|e| format!("invalid JSON: {e}"))?;
        let literal = value::encode(&ty, &json).map_err(|e| format!("cannot encode: {e}"))?;
        let bytes = wire::encode_canonical(&literal);
        match &args.output {
            Some(path) => std::fs::write(path, &bytes)
                .map_err(|e| format!("cannot write {}: {e}", path.display())),
            None => write_stdout(&bytes),
        }
    };
    finish(run())
}

/// Writes to stdout; a closed pipe (`| head`) is not an error.
fn write_stdout(bytes: &[u8]) -> Result<(), String> {
    match std::io::stdout().write_all(bytes) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.to_string()),
        _ => Ok(()),
    }
}

fn finish(result: Result<(), String>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
