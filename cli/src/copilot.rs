//! `flyte-types download` / `upload`: the data movement of Flyte's CoPilot sidecar for raw
//! container tasks (`flytecopilot/data/download.go`, `upload.go`), with what CoPilot lacks:
//! offloaded literals, collections, maps and structs both ways.
//!
//! The layout under `--dir D` (README "Raw container tasks"):
//!
//! | input / output | on disk |
//! | --- | --- |
//! | str, int, float, bool, datetime, duration | `D/<name>`: the value as text (CoPilot's forms: `strconv` floats, RFC 3339 UTC datetimes, Go durations such as `1h2m3.5s`) |
//! | None | `D/<name>`: `null` |
//! | File | `D/<name>`: the file itself |
//! | Dir, DataFrame | `D/<name>/`: the folder's files, at their relative paths |
//! | list | `D/<name>/0`, `D/<name>/1`, …: each element laid out the same way |
//! | dict[str, T] | `D/<name>/<key>`: each entry laid out the same way |
//! | dataclass, pydantic model, enum, union, untyped dict, anything else | `D/<name>`: its canonical JSON |
//!
//! `download` also writes `D/inputs.pb` (the inputs with offloaded literals read back inline and
//! every downloaded File / Dir / DataFrame pointing at its local copy) and, with `--format json`
//! or `yaml`, `D/inputs.json` / `D/inputs.yaml` (every input's canonical JSON). `upload` reads
//! the same layout back by the task's interface and writes `outputs.pb`; a file `D/error` (the
//! task's own failure, as CoPilot's error file) becomes `error.pb` instead, a USER error.

use flyte_types::cast::literal_type_of;
use flyte_types::engine::{Dir, FlyteType};
use flyte_types::idl::core::literal_type::Type;
use flyte_types::idl::core::{
    Literal, LiteralCollection, LiteralMap, LiteralType, SimpleType, TypedInterface, blob_type,
    literal, primitive, scalar,
};
use flyte_types::idl::task::{Inputs, NamedLiteral, Outputs};
use flyte_types::io::{Store, UploadOptions, uri};
use flyte_types::runtime::{self, TaskError};
use flyte_types::storage::LocalFiles;
use flyte_types::taskio;
use flyte_types::value;
use flyte_types::value::Decoder;
use serde_json::{Map, Value as Json};
use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;

/// The metadata formats of CoPilot's `DataLoadingConfig`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// `inputs.json`, the inputs' canonical JSON (besides `inputs.pb`).
    Json,
    /// `inputs.yaml`, the same as YAML.
    Yaml,
    /// `inputs.pb` only.
    Proto,
}

/// Lay out a task's inputs as files, the way Flyte's CoPilot does.
#[derive(clap::Args)]
pub struct DownloadArgs {
    /// The inputs file (inputs.pb, or a flytekit v1 LiteralMap): a local path or a uri.
    #[arg(long, value_name = "URI")]
    inputs: String,
    /// The folder to lay the inputs out in (created if needed).
    #[arg(long, value_name = "D")]
    dir: PathBuf,
    /// Which metadata file to write besides the per-input files and inputs.pb.
    #[arg(long, value_enum, default_value = "json")]
    format: Format,
}

/// Downloads and lays out the inputs; returns one line per input.
pub fn download(args: DownloadArgs) -> Result<String, String> {
    let (rt, store) = runtime_and_store()?;
    rt.block_on(async {
        // A local path as an absolute, normalized one (the store takes no `..` segments).
        let source = match std::fs::canonicalize(&args.inputs) {
            Ok(path) if !args.inputs.contains("://") => path.display().to_string(),
            _ => args.inputs.clone(),
        };
        let inputs = runtime::load_inputs(&store, &source, None, None)
            .await
            .map_err(|e| format!("{}: {e}", args.inputs))?;
        std::fs::create_dir_all(&args.dir)
            .map_err(|e| format!("cannot create {}: {e}", args.dir.display()))?;
        let mut local = Inputs {
            context: inputs.context.clone(),
            ..Default::default()
        };
        let mut json = Map::new();
        let mut lines = Vec::new();
        for nl in &inputs.literals {
            let name = safe_name(&nl.name)?;
            let lit = nl.value.clone().unwrap_or_default();
            let target = args.dir.join(name);
            let placed = lay_out(&store, &lit, &target)
                .await
                .map_err(|e| format!("input {name}: {e}"))?;
            json.insert(
                name.to_string(),
                canonical_json(&placed).map_err(|e| format!("input {name}: {e}"))?,
            );
            lines.push(format!("{name} -> {}", target.display()));
            local.literals.push(NamedLiteral {
                name: name.to_string(),
                value: Some(placed),
            });
        }
        let write = |file: &str, bytes: &[u8]| {
            let path = args.dir.join(file);
            std::fs::write(&path, bytes)
                .map_err(|e| format!("cannot write {}: {e}", path.display()))
        };
        write("inputs.pb", &taskio::encode_inputs(&local))?;
        match args.format {
            Format::Json => {
                let text =
                    serde_json::to_string_pretty(&Json::Object(json)).map_err(|e| e.to_string())?;
                write("inputs.json", format!("{text}\n").as_bytes())?;
            }
            Format::Yaml => write("inputs.yaml", to_yaml(&Json::Object(json)).as_bytes())?,
            Format::Proto => {}
        }
        Ok(lines.join("\n"))
    })
}

/// Read a task's outputs back from files by its interface and write outputs.pb (or error.pb).
#[derive(clap::Args)]
pub struct UploadArgs {
    /// The task's interface (a `TypedInterface` file; `-` for stdin): which outputs to read,
    /// with their types.
    #[arg(long, value_name = "INTERFACE.pb")]
    interface: PathBuf,
    /// The folder the task wrote its outputs into, laid out as `download` lays out inputs.
    #[arg(long, value_name = "D")]
    dir: PathBuf,
    /// Where outputs.pb (or error.pb) goes: a local folder or a uri prefix.
    #[arg(long, value_name = "P")]
    outputs_path: String,
    /// Where output files and folders are uploaded, under `<R>/<output name>` (default: P).
    #[arg(long, value_name = "R")]
    raw_data_path: Option<String>,
    /// The task's error file in D: when present, its text becomes error.pb (a user error) and
    /// no outputs are read.
    #[arg(long, value_name = "NAME", default_value = "error")]
    error_file: String,
}

/// Text files larger than this are refused (Flyte's 10 MiB inline limit).
const MAX_TEXT_BYTES: u64 = 10 * 1024 * 1024;
/// CoPilot's limit for the error file.
const MAX_ERROR_BYTES: u64 = 1024 * 1024;

/// Reads the outputs back and writes outputs.pb, or error.pb from the error file.
pub fn upload(args: UploadArgs) -> Result<String, String> {
    let bytes = crate::codec::read_input(&args.interface)?;
    let iface = <TypedInterface as prost::Message>::decode(bytes.as_slice())
        .map_err(|e| format!("{} is not a TypedInterface: {e}", args.interface.display()))?;
    let (rt, store) = runtime_and_store()?;
    rt.block_on(async {
        let error_path = args.dir.join(safe_name(&args.error_file)?);
        if error_path.exists() {
            let text = read_text(&error_path, MAX_ERROR_BYTES)?;
            let error = TaskError::user("UserError", text);
            let uri = runtime::write_error(&store, &args.outputs_path, &error)
                .await
                .map_err(|e| e.to_string())?;
            return Ok(format!("{} -> {uri}", error_path.display()));
        }
        let raw = args.raw_data_path.as_deref().unwrap_or(&args.outputs_path);
        let mut outputs = Outputs::default();
        let variables = iface.outputs.map(|v| v.variables).unwrap_or_default();
        for entry in &variables {
            let name = safe_name(&entry.key)?;
            let ty = entry
                .value
                .as_ref()
                .and_then(|v| v.r#type.as_ref())
                .ok_or_else(|| format!("output {name} has no type in the interface"))?;
            let lit = read_back(&store, ty, &args.dir.join(name), &uri::join(raw, name))
                .await
                .map_err(|e| format!("output {name}: {e}"))?;
            outputs.literals.push(NamedLiteral {
                name: name.to_string(),
                value: Some(lit),
            });
        }
        let uri = runtime::write_outputs(&store, &args.outputs_path, &outputs, None)
            .await
            .map_err(|e| e.to_string())?;
        Ok(format!(
            "{} output{} -> {uri}",
            variables.len(),
            if variables.len() == 1 { "" } else { "s" }
        ))
    })
}

/// One output (or element, or entry) of type `ty` from `path`, its files uploaded under
/// `remote`.
fn read_back<'a>(
    store: &'a Store,
    ty: &'a LiteralType,
    path: &'a Path,
    remote: &'a str,
) -> Pin<Box<dyn Future<Output = Result<Literal, String>> + 'a>> {
    Box::pin(async move {
        let missing = || format!("{} is missing", path.display());
        match &ty.r#type {
            Some(Type::CollectionType(item)) => {
                let names = entries(path).ok_or_else(missing)?;
                let mut items = Vec::with_capacity(names.len());
                for i in 0..names.len() {
                    let name = i.to_string();
                    if !names.contains(&name) {
                        return Err(format!(
                            "{} holds {} entries but no {name}: a list is laid out as 0, 1, …",
                            path.display(),
                            names.len()
                        ));
                    }
                    items.push(
                        read_back(store, item, &path.join(&name), &uri::join(remote, &name))
                            .await?,
                    );
                }
                Ok(Literal {
                    value: Some(literal::Value::Collection(LiteralCollection {
                        literals: items,
                    })),
                    ..Default::default()
                })
            }
            Some(Type::MapValueType(value)) => {
                let names = entries(path).ok_or_else(missing)?;
                let mut map = std::collections::BTreeMap::new();
                for key in names {
                    let lit =
                        read_back(store, value, &path.join(&key), &uri::join(remote, &key)).await?;
                    map.insert(key, lit);
                }
                Ok(Literal {
                    value: Some(literal::Value::Map(LiteralMap { literals: map })),
                    ..Default::default()
                })
            }
            Some(Type::Blob(blob)) => {
                if !path.exists() {
                    return Err(missing());
                }
                let options = UploadOptions::to(remote).with_format(blob.format.clone());
                if blob.dimensionality == blob_type::BlobDimensionality::Multipart as i32 {
                    let dir = store
                        .upload_dir(path, options)
                        .await
                        .map_err(|e| e.to_string())?;
                    dir.to_literal().map_err(|e| e.to_string())
                } else {
                    let file = store
                        .upload_file(path, options)
                        .await
                        .map_err(|e| e.to_string())?;
                    file.to_literal().map_err(|e| e.to_string())
                }
            }
            Some(Type::Simple(simple)) if is_text(*simple) => {
                let text = read_text(path, MAX_TEXT_BYTES)?;
                primitive_literal(*simple, &text).map_err(|e| format!("{}: {e}", path.display()))
            }
            _ => {
                let text = read_text(path, MAX_TEXT_BYTES)?;
                let json: Json = serde_json::from_str(&text).map_err(|e| {
                    format!(
                        "{}: not JSON ({e}); this type is laid out as its canonical JSON",
                        path.display()
                    )
                })?;
                value::encode(ty, &json).map_err(|e| format!("{}: {e}", path.display()))
            }
        }
    })
}

/// The names in a folder, or `None` when it does not exist.
fn entries(path: &Path) -> Option<Vec<String>> {
    let mut names: Vec<String> = std::fs::read_dir(path)
        .ok()?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    names.sort();
    Some(names)
}

fn read_text(path: &Path, limit: u64) -> Result<String, String> {
    let size = std::fs::metadata(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?
        .len();
    if size > limit {
        return Err(format!(
            "{} has {size} bytes, more than the limit of {limit}",
            path.display()
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    String::from_utf8(bytes).map_err(|_| format!("{} is not UTF-8 text", path.display()))
}

/// The simple types that have a text form (`MakeLiteralForSimpleType`).
fn is_text(simple: i32) -> bool {
    [
        SimpleType::Integer,
        SimpleType::Float,
        SimpleType::String,
        SimpleType::Boolean,
        SimpleType::Datetime,
        SimpleType::Duration,
        SimpleType::None,
    ]
    .iter()
    .any(|t| *t as i32 == simple)
}

/// A primitive literal from its text form, as the Python SDK writes the value.
fn primitive_literal(simple: i32, text: &str) -> Result<Literal, String> {
    let t = text.trim();
    let lit = match SimpleType::try_from(simple).map_err(|e| e.to_string())? {
        SimpleType::Integer => t
            .parse::<i64>()
            .map_err(|e| format!("{t:?} is not an int64: {e}"))?
            .to_literal(),
        SimpleType::Float => parse_go_float(t)?.to_literal(),
        SimpleType::String => text.to_string().to_literal(),
        SimpleType::Boolean => parse_go_bool(t)?.to_literal(),
        SimpleType::Datetime => chrono::DateTime::parse_from_rfc3339(t)
            .map_err(|e| format!("{t:?} is not an RFC 3339 datetime: {e}"))?
            .to_utc()
            .to_literal(),
        SimpleType::Duration => chrono::TimeDelta::nanoseconds(
            i64::try_from(parse_go_duration(t)?).map_err(|_| format!("{t:?} is out of range"))?,
        )
        .to_literal(),
        _ => Ok(taskio::none_literal()),
    };
    lit.map_err(|e| e.to_string())
}

fn parse_go_float(t: &str) -> Result<f64, String> {
    match t {
        "+Inf" | "Inf" | "inf" | "+inf" => Ok(f64::INFINITY),
        "-Inf" | "-inf" => Ok(f64::NEG_INFINITY),
        "NaN" | "nan" => Ok(f64::NAN),
        _ => t
            .parse::<f64>()
            .map_err(|e| format!("{t:?} is not a float: {e}")),
    }
}

/// Go's `strconv.ParseBool`.
fn parse_go_bool(t: &str) -> Result<bool, String> {
    match t {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Ok(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Ok(false),
        _ => Err(format!("{t:?} is not a boolean (true / false)")),
    }
}

/// Go's `time.ParseDuration`: `[-+]` then one or more `<decimal><unit>` (ns, us, µs, ms, s, m,
/// h); `0` alone is zero. Returns nanoseconds.
pub fn parse_go_duration(t: &str) -> Result<i128, String> {
    let bad = || format!("{t:?} is not a duration (such as 1h2m3.5s)");
    let (sign, mut rest) = match t.as_bytes().first() {
        Some(b'-') => (-1, &t[1..]),
        Some(b'+') => (1, &t[1..]),
        _ => (1, t),
    };
    if rest == "0" {
        return Ok(0);
    }
    if rest.is_empty() {
        return Err(bad());
    }
    let mut total: i128 = 0;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .ok_or_else(bad)?;
        let (number, tail) = rest.split_at(digits);
        let unit_len = tail
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(tail.len());
        let (unit, tail) = tail.split_at(unit_len);
        let scale: i128 = match unit {
            "ns" => 1,
            "us" | "µs" | "μs" => 1_000,
            "ms" => 1_000_000,
            "s" => 1_000_000_000,
            "m" => 60_000_000_000,
            "h" => 3_600_000_000_000,
            _ => return Err(bad()),
        };
        let (whole, frac) = number.split_once('.').unwrap_or((number, ""));
        if whole.is_empty() && frac.is_empty() {
            return Err(bad());
        }
        let whole: i128 = if whole.is_empty() {
            0
        } else {
            whole.parse().map_err(|_| bad())?
        };
        let mut part = whole.checked_mul(scale).ok_or_else(bad)?;
        let mut unit_scale = scale;
        for d in frac.chars().take(20) {
            unit_scale /= 10;
            part += i128::from(d.to_digit(10).ok_or_else(bad)?) * unit_scale;
        }
        total = total.checked_add(part).ok_or_else(bad)?;
        rest = tail;
    }
    Ok(sign * total)
}

/// A single-threaded async runtime and the store configured from the environment.
fn runtime_and_store() -> Result<(tokio::runtime::Runtime, Store), String> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    Ok((rt, crate::download::store()?))
}

/// A name used as a file name: no separators, not `.`/`..`, not empty.
fn safe_name(name: &str) -> Result<&str, String> {
    if name.is_empty() || name == "." || name == ".." || name.contains('/') || name.contains('\0') {
        return Err(format!(
            "{name:?} cannot be a file name (empty, '.', '..', or with '/'): it cannot be laid out"
        ));
    }
    Ok(name)
}

/// Writes `lit` at `target` as the table in the module docs; returns the literal with every
/// blob pointing at its local copy.
fn lay_out<'a>(
    store: &'a Store,
    lit: &'a Literal,
    target: &'a Path,
) -> Pin<Box<dyn Future<Output = Result<Literal, String>> + 'a>> {
    Box::pin(async move {
        let mut out = lit.clone();
        match &mut out.value {
            Some(literal::Value::Collection(c)) => {
                mkdir(target)?;
                for (i, item) in c.literals.iter_mut().enumerate() {
                    *item = lay_out(store, item, &target.join(i.to_string())).await?;
                }
            }
            Some(literal::Value::Map(m)) => {
                mkdir(target)?;
                for (key, item) in m.literals.iter_mut() {
                    let key = safe_name(key)?;
                    *item = lay_out(store, item, &target.join(key)).await?;
                }
            }
            Some(literal::Value::Scalar(s)) => match &mut s.value {
                Some(scalar::Value::Primitive(p)) => {
                    write_text(target, &primitive_text(p.value.as_ref()))?
                }
                Some(scalar::Value::NoneType(_)) => write_text(target, "null")?,
                Some(scalar::Value::Error(e)) => write_text(target, &e.message)?,
                Some(scalar::Value::Blob(blob)) => {
                    let multipart = blob
                        .metadata
                        .as_ref()
                        .and_then(|m| m.r#type.as_ref())
                        .is_some_and(|t| {
                            t.dimensionality == blob_type::BlobDimensionality::Multipart as i32
                        });
                    fetch(store, &blob.uri, target, multipart).await?;
                    blob.uri = local_uri(target);
                }
                Some(scalar::Value::StructuredDataset(sd)) => {
                    fetch(store, &sd.uri, target, true).await?;
                    sd.uri = local_uri(target);
                }
                _ => write_json(target, lit)?,
            },
            _ => write_json(target, lit)?,
        }
        Ok(out)
    })
}

fn local_uri(path: &Path) -> String {
    std::path::absolute(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string()
}

fn mkdir(path: &Path) -> Result<(), String> {
    std::fs::create_dir_all(path).map_err(|e| format!("cannot create {}: {e}", path.display()))
}

fn write_text(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// A value CoPilot has no file form for: its canonical JSON.
fn write_json(path: &Path, lit: &Literal) -> Result<(), String> {
    let text = serde_json::to_string_pretty(&canonical_json(lit)?).map_err(|e| e.to_string())?;
    write_text(path, &text)
}

/// The canonical JSON of a literal, its type inferred from it (inputs files carry no types).
fn canonical_json(lit: &Literal) -> Result<Json, String> {
    let ty = literal_type_of(lit).map_err(|e| format!("cannot infer its type: {e}"))?;
    let files = LocalFiles::new();
    let value = Decoder::with_store(&files)
        .decode(&ty, lit)
        .map_err(|e| e.to_string())?;
    Ok(value.to_json())
}

/// Downloads a File (`multipart` false) or the files of a Dir / DataFrame folder.
async fn fetch(store: &Store, uri: &str, target: &Path, multipart: bool) -> Result<(), String> {
    if !multipart {
        let info = store.head(uri).await.map_err(|e| e.to_string())?;
        crate::download::fetch(store, &info, target).await?;
        return Ok(());
    }
    mkdir(target)?;
    for (info, to) in crate::download::folder(store, &Dir::new(uri), target).await? {
        crate::download::fetch(store, &info, &to).await?;
    }
    Ok(())
}

/// A primitive as CoPilot writes it (`handlePrimitive`).
fn primitive_text(p: Option<&primitive::Value>) -> String {
    match p {
        Some(primitive::Value::StringValue(s)) => s.clone(),
        Some(primitive::Value::Integer(i)) => i.to_string(),
        Some(primitive::Value::Boolean(b)) => b.to_string(),
        Some(primitive::Value::FloatValue(f)) => go_float(*f),
        Some(primitive::Value::Datetime(t)) => go_timestamp(t.seconds, t.nanos),
        Some(primitive::Value::Duration(d)) => {
            go_duration(i128::from(d.seconds) * 1_000_000_000 + i128::from(d.nanos))
        }
        None => "null".into(),
    }
}

/// Go's `strconv.FormatFloat(f, 'f', -1, 64)`: the shortest decimal that reads back, no
/// exponent; `+Inf`, `-Inf`, `NaN`.
pub fn go_float(f: f64) -> String {
    if f.is_nan() {
        "NaN".into()
    } else if f.is_infinite() {
        if f > 0.0 {
            "+Inf".into()
        } else {
            "-Inf".into()
        }
    } else {
        format!("{f}")
    }
}

/// Go's `ptypes.TimestampString`: RFC 3339 in UTC, the fraction without trailing zeros.
pub fn go_timestamp(seconds: i64, nanos: i32) -> String {
    let Some(t) = chrono::DateTime::from_timestamp(seconds, nanos.clamp(0, 999_999_999) as u32)
    else {
        return format!("{seconds}.{nanos:09}");
    };
    let mut out = t.format("%Y-%m-%dT%H:%M:%S").to_string();
    if nanos > 0 {
        let frac = format!("{nanos:09}");
        out.push('.');
        out.push_str(frac.trim_end_matches('0'));
    }
    out.push('Z');
    out
}

/// Go's `time.Duration.String()` for a duration in nanoseconds: `1h2m3.5s`, `1.5µs`, `0s`.
pub fn go_duration(nanos: i128) -> String {
    let sign = if nanos < 0 { "-" } else { "" };
    let u = nanos.unsigned_abs();
    let frac = |value: u128, digits: u32| {
        let unit = 10u128.pow(digits);
        let rest = format!("{:0width$}", value % unit, width = digits as usize);
        let rest = rest.trim_end_matches('0');
        if rest.is_empty() {
            (value / unit).to_string()
        } else {
            format!("{}.{rest}", value / unit)
        }
    };
    if u == 0 {
        return "0s".into();
    }
    if u < 1_000 {
        return format!("{sign}{u}ns");
    }
    if u < 1_000_000 {
        return format!("{sign}{}µs", frac(u, 3));
    }
    if u < 1_000_000_000 {
        return format!("{sign}{}ms", frac(u, 6));
    }
    let secs = u / 1_000_000_000;
    let (h, m) = (secs / 3600, (secs / 60) % 60);
    let s = frac(u % 60_000_000_000, 9);
    let mut out = sign.to_string();
    if h > 0 {
        out.push_str(&format!("{h}h"));
    }
    if h > 0 || m > 0 {
        out.push_str(&format!("{m}m"));
    }
    out.push_str(&format!("{s}s"));
    out
}

/// JSON as block YAML: maps and lists indented, scalars as JSON (a JSON string is a valid
/// YAML double-quoted scalar), empty containers as `{}` / `[]`.
fn to_yaml(value: &Json) -> String {
    fn scalar(v: &Json) -> Option<String> {
        match v {
            Json::Object(m) if m.is_empty() => Some("{}".into()),
            Json::Array(a) if a.is_empty() => Some("[]".into()),
            Json::Object(_) | Json::Array(_) => None,
            other => Some(other.to_string()),
        }
    }
    fn write(out: &mut String, v: &Json, indent: usize) {
        let pad = "  ".repeat(indent);
        match v {
            Json::Object(m) if !m.is_empty() => {
                for (k, item) in m {
                    let key = Json::String(k.clone()).to_string();
                    match scalar(item) {
                        Some(s) => out.push_str(&format!("{pad}{key}: {s}\n")),
                        None => {
                            out.push_str(&format!("{pad}{key}:\n"));
                            write(out, item, indent + 1);
                        }
                    }
                }
            }
            Json::Array(a) if !a.is_empty() => {
                for item in a {
                    match scalar(item) {
                        Some(s) => out.push_str(&format!("{pad}- {s}\n")),
                        None => {
                            out.push_str(&format!("{pad}-\n"));
                            write(out, item, indent + 1);
                        }
                    }
                }
            }
            other => out.push_str(&format!("{pad}{}\n", scalar(other).unwrap_or_default())),
        }
    }
    let mut out = String::new();
    write(&mut out, value, 0);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Go's `time.Duration.String()` and `time.ParseDuration` on the forms Go documents.
    #[test]
    fn go_durations_both_ways() {
        let cases: [(i128, &str); 8] = [
            (0, "0s"),
            (999, "999ns"),
            (1_500, "1.5µs"),
            (1_000_000, "1ms"),
            (2_500_000_000, "2.5s"),
            (3_600_000_000_000, "1h0m0s"),
            (-(3_723_500_000_000), "-1h2m3.5s"),
            (259_200_500_000_000, "72h0m0.5s"),
        ];
        for (nanos, text) in cases {
            assert_eq!(go_duration(nanos), text);
            assert_eq!(parse_go_duration(text), Ok(nanos), "{text}");
        }
        assert_eq!(parse_go_duration("1.5h"), Ok(5_400_000_000_000));
        assert_eq!(parse_go_duration("300us"), Ok(300_000));
        assert!(parse_go_duration("1x").is_err());
        assert!(parse_go_duration("").is_err());
    }

    #[test]
    fn go_floats_and_timestamps() {
        assert_eq!(go_float(2.0), "2");
        assert_eq!(go_float(1e21), "1000000000000000000000");
        assert_eq!(go_float(1e-7), "0.0000001");
        assert_eq!(go_float(f64::NEG_INFINITY), "-Inf");
        assert_eq!(go_timestamp(0, 0), "1970-01-01T00:00:00Z");
        assert_eq!(
            go_timestamp(1_764_756_000, 120_000_000),
            "2025-12-03T10:00:00.12Z"
        );
    }
}
