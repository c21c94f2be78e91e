//! Task I/O files: `inputs.pb` / `outputs.pb` as Flyte 2 writes them (`flyteidl2.task.Inputs` /
//! `flyteidl2.task.Outputs`), and flytekit v1's `LiteralMap` files.
//!
//! * **Writing** is byte-identical to the Python SDK: messages go through
//!   [`crate::wire::encode_canonical`] (upb `SerializeToString(deterministic=True)`); an empty
//!   `Outputs` (a task without a return value) is a 0-byte file.
//! * **Reading** is order-independent: [`lookup`] finds a literal by name (the last entry wins on a
//!   duplicate name, as in the SDK's `{n.name: n.value for n in literals}`).
//! * [`build_inputs`] builds `Inputs` from `(name, Literal)` pairs and the task's inputs in
//!   declaration order, writing defaults in the way `convert_from_native_to_inputs` does
//!   (`flyte/_internal/runtime/convert.py:386-462`).
//! * [`detect`] tells which message a file holds. `Inputs`, `Outputs` and `LiteralMap` share
//!   field 1 (`NamedLiteral{1 name, 2 value}` is shaped exactly like a map entry), so a file with
//!   only field 1 is ambiguous: see [`Detection`].
//!
//! This is the literal-level API; conversion from Rust values lives in other modules.

use crate::idl::core::{KeyValuePair, Literal, LiteralMap, Scalar, Void, literal, scalar};
use crate::idl::task::{Inputs, NamedLiteral, NamedParameter, Outputs};
use crate::{Error, ErrorKind};
use prost::Message;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

/// What went wrong in the task I/O layer: the detail of [`ErrorKind::TaskIo`]. Each message
/// names the input or file at fault and says what was expected; an underlying decoder, conversion
/// or OS error is the [`Error`]'s [`source`](std::error::Error::source).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TaskIoErrorKind {
    /// The bytes are not a valid protobuf encoding of the expected message (often a truncated
    /// file); the decoder's error is the source.
    Decode {
        /// Full protobuf name of the message that was expected.
        message: &'static str,
    },
    /// The bytes end in the middle of a field.
    Truncated,
    /// The bytes decode, but are some other message (a `Literal`, a `LiteralType`, an interface…).
    WrongMessage {
        /// What the file was expected to hold.
        expected: &'static str,
        /// What was found instead.
        found: String,
    },
    /// Required inputs (no default) were not given. Same text as the SDK's `Error`.
    MissingRequired {
        /// The missing inputs, in declaration order.
        names: Vec<String>,
    },
    /// More input values than the interface declares. Same text as the SDK's `Error`.
    TooManyInputs {
        /// Number of distinct input names received.
        given: usize,
        /// Number of inputs the interface declares.
        allowed: usize,
    },
    /// An input name that the interface does not declare.
    UnknownInput {
        /// The name that was given.
        name: String,
        /// The declared inputs, in declaration order.
        expected: Vec<String>,
    },
    /// The same input name was given twice.
    DuplicateInput {
        /// The repeated name.
        name: String,
    },
    /// The `a0` command line (or `_F_PATH_REWRITE`) cannot be used.
    Arguments {
        /// What is wrong, naming the option.
        message: String,
    },
    /// An inputs file longer than the inline limit (Flyte 2's `InlineIOMaxBytesBreached`, same
    /// text).
    InputsTooLarge {
        /// The file.
        uri: String,
        /// The limit in bytes.
        limit: u64,
    },
    /// Outputs longer than the inline limit (Flyte 2's `InlineIOMaxBytesBreached`, same text).
    OutputsTooLarge {
        /// The outputs prefix (writing) or file (reading).
        uri: String,
        /// The encoded size, when known before reading.
        size: Option<u64>,
        /// The limit in bytes.
        limit: u64,
    },
    /// Inputs (or outputs) whose literals do not convert to (or from) the task's types; the
    /// conversion error, with the input's name in its path, is the source.
    Convert,
    /// Reading or writing a file failed; the OS error is the source.
    Io {
        /// The file.
        path: PathBuf,
    },
}

impl std::fmt::Display for TaskIoErrorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TaskIoErrorKind::Decode { message } => write!(f, "cannot decode the file as {message}: it is truncated, corrupt or another message type; pass a complete {message} file"),
            TaskIoErrorKind::Truncated => f.write_str("the file ends in the middle of a field: it is truncated (re-download or re-write it) or not an Inputs/Outputs/LiteralMap file"),
            TaskIoErrorKind::WrongMessage { expected, found } => write!(f, "not a task inputs/outputs file ({expected}): {found}; pass an inputs.pb, outputs.pb or LiteralMap file"),
            TaskIoErrorKind::MissingRequired { names } => write!(f, "Missing required inputs: {}", names.join(", ")),
            TaskIoErrorKind::TooManyInputs { given, allowed } => write!(f, "Received more input values {given} than allowed by the input spec {allowed}"),
            TaskIoErrorKind::UnknownInput { name, expected } => write!(f, "unknown input '{name}': the task declares inputs [{}]", expected.join(", ")),
            TaskIoErrorKind::DuplicateInput { name } => write!(f, "input '{name}' is given more than once; give each input once"),
            TaskIoErrorKind::Arguments { message } => write!(f, "{message}"),
            TaskIoErrorKind::InputsTooLarge { uri, limit } => write!(f, "Input file at {uri} exceeds max_bytes limit of {limit}"),
            TaskIoErrorKind::OutputsTooLarge { uri, size, limit } => write!(f, "Output file at {uri} exceeds max_bytes limit of {limit}{}", size.map(|s| format!(", size: {s}")).unwrap_or_default()),
            TaskIoErrorKind::Convert => f.write_str("cannot convert between the task's values and their literals"),
            TaskIoErrorKind::Io { path } => write!(f, "{}", path.display()),
        }
    }
}

impl From<TaskIoErrorKind> for Error {
    fn from(kind: TaskIoErrorKind) -> Self {
        Error::new(ErrorKind::TaskIo(kind))
    }
}

/// A [`TaskIoErrorKind::Decode`] caused by the decoder's `source`.
pub(crate) fn decode_error(message: &'static str, source: prost::DecodeError) -> Error {
    Error::from(TaskIoErrorKind::Decode { message }).with_source(source)
}

/// A [`TaskIoErrorKind::Io`] about `path`, caused by `source`.
fn file_error(path: impl Into<PathBuf>, source: std::io::Error) -> Error {
    Error::from(TaskIoErrorKind::Io { path: path.into() }).with_source(source)
}

/// The three message types a task I/O file can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// `flyteidl2.task.Inputs` (Flyte 2 `inputs.pb`).
    Inputs,
    /// `flyteidl2.task.Outputs` (Flyte 2 `outputs.pb`).
    Outputs,
    /// `flyteidl2.core.LiteralMap` (flytekit v1 `inputs.pb` / `outputs.pb`).
    LiteralMap,
}

impl FileKind {
    /// Full protobuf message name.
    pub fn message_name(self) -> &'static str {
        match self {
            FileKind::Inputs => "flyteidl2.task.Inputs",
            FileKind::Outputs => "flyteidl2.task.Outputs",
            FileKind::LiteralMap => "flyteidl2.core.LiteralMap",
        }
    }
}

/// What [`detect`] could tell from the bytes alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detection {
    /// A field only that message has (`Inputs.context` = 2, `Outputs.produced_artifacts` = 3).
    Certain(FileKind),
    /// Only named literals (field 1), or an empty file: any of the three messages.
    Ambiguous,
}

/// A decoded task I/O file.
#[derive(Debug, Clone, PartialEq)]
pub enum TaskIoFile {
    /// Flyte 2 inputs.
    Inputs(Inputs),
    /// Flyte 2 outputs.
    Outputs(Outputs),
    /// flytekit v1 literal map.
    LiteralMap(LiteralMap),
}

impl TaskIoFile {
    /// Which message this is.
    pub fn kind(&self) -> FileKind {
        match self {
            TaskIoFile::Inputs(_) => FileKind::Inputs,
            TaskIoFile::Outputs(_) => FileKind::Outputs,
            TaskIoFile::LiteralMap(_) => FileKind::LiteralMap,
        }
    }

    /// The named literals: stored order for `Inputs` / `Outputs`, key order for a `LiteralMap`.
    pub fn named_literals(&self) -> Vec<NamedLiteral> {
        match self {
            TaskIoFile::Inputs(i) => i.literals.clone(),
            TaskIoFile::Outputs(o) => o.literals.clone(),
            TaskIoFile::LiteralMap(m) => m
                .literals
                .iter()
                .map(|(k, v)| NamedLiteral {
                    name: k.clone(),
                    value: Some(v.clone()),
                })
                .collect(),
        }
    }

    /// Canonical bytes of the message (see [`encode_inputs`] etc.).
    pub fn encode(&self) -> Vec<u8> {
        match self {
            TaskIoFile::Inputs(i) => encode_inputs(i),
            TaskIoFile::Outputs(o) => encode_outputs(o),
            TaskIoFile::LiteralMap(m) => encode_literal_map(m),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Encoding / decoding

/// Serializes `Inputs` exactly as the SDK does (`SerializeToString(deterministic=True)`).
pub fn encode_inputs(inputs: &Inputs) -> Vec<u8> {
    crate::hash::det(inputs)
}

/// Serializes `Outputs` exactly as the SDK does. An empty `Outputs` is 0 bytes.
pub fn encode_outputs(outputs: &Outputs) -> Vec<u8> {
    crate::hash::det(outputs)
}

/// Serializes a `LiteralMap` deterministically (entries sorted by key).
pub fn encode_literal_map(map: &LiteralMap) -> Vec<u8> {
    crate::hash::det(map)
}

/// Decodes a `flyteidl2.task.Inputs` file, after checking that it holds no field another message
/// would have.
pub fn decode_inputs(bytes: &[u8]) -> Result<Inputs, Error> {
    match read(bytes, Some(FileKind::Inputs))? {
        TaskIoFile::Inputs(i) => Ok(i),
        other => Err(wrong(FileKind::Inputs, other.kind())),
    }
}

/// Decodes a `flyteidl2.task.Outputs` file (0 bytes is an empty `Outputs`).
pub fn decode_outputs(bytes: &[u8]) -> Result<Outputs, Error> {
    match read(bytes, Some(FileKind::Outputs))? {
        TaskIoFile::Outputs(o) => Ok(o),
        other => Err(wrong(FileKind::Outputs, other.kind())),
    }
}

/// Decodes a flytekit v1 / `flyteidl2.core.LiteralMap` file.
pub fn decode_literal_map(bytes: &[u8]) -> Result<LiteralMap, Error> {
    match read(bytes, Some(FileKind::LiteralMap))? {
        TaskIoFile::LiteralMap(m) => Ok(m),
        other => Err(wrong(FileKind::LiteralMap, other.kind())),
    }
}

fn wrong(expected: FileKind, found: FileKind) -> Error {
    TaskIoErrorKind::WrongMessage {
        expected: expected.message_name(),
        found: format!("the file holds a {}", found.message_name()),
    }
    .into()
}

/// Tells which message the bytes hold, from the top-level field numbers and the shape of the
/// named literals; errors when they cannot be any of the three (another message, or corrupt).
pub fn detect(bytes: &[u8]) -> Result<Detection, Error> {
    let fields = top_level_fields(bytes)?;
    let has = |n: u32| fields.contains(&n);
    let kind = match (has(2), has(3)) {
        (true, true) => {
            return Err(TaskIoErrorKind::WrongMessage {
                expected: "Inputs, Outputs or LiteralMap",
                found: "both field 2 (Inputs.context) and field 3 (Outputs.produced_artifacts)"
                    .into(),
            }
            .into());
        }
        (true, false) => Detection::Certain(FileKind::Inputs),
        (false, true) => Detection::Certain(FileKind::Outputs),
        (false, false) => Detection::Ambiguous,
    };
    // Decoding checks the shapes of the entries.
    let msg = match kind {
        Detection::Certain(k) => k,
        Detection::Ambiguous => FileKind::Inputs,
    };
    decode_as(bytes, msg)?;
    Ok(kind)
}

/// Reads a task I/O file. With `hint`, the bytes are decoded as that message (an error if they
/// hold a field only another message has); without it, [`detect`] decides, and an ambiguous file
/// is read as `Outputs` when every name is `o0`, `o1`, … and as `Inputs` otherwise (a v1
/// `LiteralMap` reads the same way: same bytes, same names and literals).
pub fn read(bytes: &[u8], hint: Option<FileKind>) -> Result<TaskIoFile, Error> {
    let detected = detect(bytes)?;
    let kind = match (hint, detected) {
        (Some(h), Detection::Certain(d)) if h != d => {
            return Err(TaskIoErrorKind::WrongMessage {
                expected: h.message_name(),
                found: format!(
                    "field {} that only {} has",
                    if d == FileKind::Inputs { 2 } else { 3 },
                    d.message_name()
                ),
            }
            .into());
        }
        (Some(h), _) => h,
        (None, Detection::Certain(d)) => d,
        (None, Detection::Ambiguous) => {
            let probe = Inputs::decode(bytes)
                .map_err(|source| decode_error(FileKind::Inputs.message_name(), source))?;
            if !probe.literals.is_empty() && probe.literals.iter().all(|n| is_output_name(&n.name))
            {
                FileKind::Outputs
            } else {
                FileKind::Inputs
            }
        }
    };
    decode_as(bytes, kind)
}

fn is_output_name(name: &str) -> bool {
    name.strip_prefix('o')
        .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
}

/// Reads a file from disk; with no `hint`, a file named `inputs.pb` / `outputs.pb` whose content
/// is ambiguous is read as that message.
pub fn read_path(path: &Path, hint: Option<FileKind>) -> Result<TaskIoFile, Error> {
    let bytes = std::fs::read(path).map_err(|source| file_error(path.to_path_buf(), source))?;
    let hint = hint.or_else(|| match path.file_name().and_then(|n| n.to_str()) {
        Some("inputs.pb") if detect(&bytes).ok() == Some(Detection::Ambiguous) => {
            Some(FileKind::Inputs)
        }
        Some("outputs.pb") if detect(&bytes).ok() == Some(Detection::Ambiguous) => {
            Some(FileKind::Outputs)
        }
        _ => None,
    });
    read(&bytes, hint)
}

/// Writes the canonical bytes of `file` to `path` (0 bytes for an empty `Outputs`).
pub fn write_path(path: &Path, file: &TaskIoFile) -> Result<(), Error> {
    std::fs::write(path, file.encode()).map_err(|source| file_error(path.to_path_buf(), source))
}

fn decode_as(bytes: &[u8], kind: FileKind) -> Result<TaskIoFile, Error> {
    let dec = |source| decode_error(kind.message_name(), source);
    let file = match kind {
        FileKind::Inputs => TaskIoFile::Inputs(Inputs::decode(bytes).map_err(dec)?),
        FileKind::Outputs => TaskIoFile::Outputs(Outputs::decode(bytes).map_err(dec)?),
        FileKind::LiteralMap => {
            // Check entry shapes on the NamedLiteral view (same wire shape as a map entry).
            let probe = Inputs::decode(bytes).map_err(dec)?;
            check_names(&probe.literals, kind)?;
            TaskIoFile::LiteralMap(LiteralMap::decode(bytes).map_err(dec)?)
        }
    };
    match &file {
        TaskIoFile::Inputs(i) => {
            check_names(&i.literals, kind)?;
            for kv in &i.context {
                if !is_plain_text(&kv.key) {
                    return Err(TaskIoErrorKind::WrongMessage {
                        expected: kind.message_name(),
                        found: format!("a context key that is not text ({:?})", kv.key),
                    }
                    .into());
                }
            }
        }
        TaskIoFile::Outputs(o) => check_names(&o.literals, kind)?,
        TaskIoFile::LiteralMap(_) => {}
    }
    Ok(file)
}

/// Another message decoded as named literals shows up as names holding binary protobuf (control
/// characters), or entries without a value.
fn check_names(literals: &[NamedLiteral], kind: FileKind) -> Result<(), Error> {
    for (i, nl) in literals.iter().enumerate() {
        if nl.name.is_empty() || !is_plain_text(&nl.name) {
            return Err(TaskIoErrorKind::WrongMessage {
                expected: kind.message_name(),
                found: format!("entry {i} has no usable name ({:?})", nl.name),
            }
            .into());
        }
    }
    Ok(())
}

fn is_plain_text(s: &str) -> bool {
    !s.chars().any(char::is_control)
}

/// Top-level field numbers of a message; every one must be a length-delimited field 1, 2 or 3.
fn top_level_fields(mut bytes: &[u8]) -> Result<Vec<u32>, Error> {
    let truncated = || TaskIoErrorKind::Truncated;
    let mut fields = Vec::new();
    while !bytes.is_empty() {
        let key = prost::encoding::decode_varint(&mut bytes).map_err(|_| truncated())?;
        let field = (key >> 3) as u32;
        let wire_type = key & 7;
        if !(1..=3).contains(&field) || wire_type != 2 {
            return Err(TaskIoErrorKind::WrongMessage {
                expected: "flyteidl2.task.Inputs, Outputs or LiteralMap",
                found: format!(
                    "top-level field {field} with wire type {wire_type} (these messages have only length-delimited fields 1-3)"
                ),
            }.into());
        }
        let len = prost::encoding::decode_varint(&mut bytes).map_err(|_| truncated())?;
        if len > bytes.len() as u64 {
            return Err(truncated().into());
        }
        bytes = &bytes[len as usize..];
        if !fields.contains(&field) {
            fields.push(field);
        }
    }
    Ok(fields)
}

// ---------------------------------------------------------------------------------------------
// Reading helpers

/// The literal stored under `name`; on a duplicate name the last entry wins, as in the SDK.
pub fn lookup<'a>(literals: &'a [NamedLiteral], name: &str) -> Option<&'a Literal> {
    literals
        .iter()
        .rev()
        .find(|nl| nl.name == name)
        .and_then(|nl| nl.value.as_ref())
}

/// The in-memory `LiteralMap` the SDK builds from named literals (`convert.py:162-165`); an entry
/// without a value becomes an empty `Literal`.
pub fn to_literal_map(literals: &[NamedLiteral]) -> LiteralMap {
    LiteralMap {
        literals: literals
            .iter()
            .map(|nl| (nl.name.clone(), nl.value.clone().unwrap_or_default()))
            .collect::<BTreeMap<_, _>>(),
    }
}

/// The custom context of an `Inputs` as (key, value) pairs, in stored order.
pub fn context(inputs: &Inputs) -> Vec<(&str, &str)> {
    inputs
        .context
        .iter()
        .map(|kv| (kv.key.as_str(), kv.value.as_str()))
        .collect()
}

/// Checks read inputs against the declared input names, as `literal_map_to_kwargs` does
/// (`flyte/types/_type_engine.py:2065-2073`): "Received more input values N than allowed by the
/// input spec M", and no name the interface does not declare.
pub fn check_inputs(literals: &[NamedLiteral], declared: &[&str]) -> Result<(), Error> {
    let given: HashSet<&str> = literals.iter().map(|nl| nl.name.as_str()).collect();
    if given.len() > declared.len() {
        return Err(TaskIoErrorKind::TooManyInputs {
            given: given.len(),
            allowed: declared.len(),
        }
        .into());
    }
    for nl in literals {
        if !declared.contains(&nl.name.as_str()) {
            return Err(TaskIoErrorKind::UnknownInput {
                name: nl.name.clone(),
                expected: declared.iter().map(|s| s.to_string()).collect(),
            }
            .into());
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Typed values: a `#[derive(FlyteInputs)]` struct in, a `FlyteType` (or named outputs) out

/// What a task returns on success, as named outputs.
///
/// Any [`FlyteType`](crate::engine::FlyteType) is the single output `o0` (a Python function
/// with one return value); [`NamedOutputs`] holds a `#[derive(FlyteInputs)]` struct whose fields
/// are the outputs; [`NoOutputs`] is a task without outputs (an empty, 0-byte `outputs.pb`).
/// Note that `()` is a `FlyteType` (Python `None`): returning `()` gives one output `o0`
/// holding none.
pub trait IntoOutputs {
    /// The `(name, literal)` pairs, in order.
    fn into_named_literals(self) -> Result<Vec<(String, Literal)>, crate::Error>;
}

impl<T: crate::engine::FlyteType> IntoOutputs for T {
    fn into_named_literals(self) -> Result<Vec<(String, Literal)>, crate::Error> {
        Ok(vec![("o0".to_string(), self.to_literal()?)])
    }
}

/// Named outputs: each field of the `#[derive(FlyteInputs)]` struct is one output.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedOutputs<T>(pub T);

impl<T: crate::engine::FlyteInputs> IntoOutputs for NamedOutputs<T> {
    fn into_named_literals(self) -> Result<Vec<(String, Literal)>, crate::Error> {
        self.0.to_named_literals()
    }
}

/// A task without outputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoOutputs;

impl IntoOutputs for NoOutputs {
    fn into_named_literals(self) -> Result<Vec<(String, Literal)>, crate::Error> {
        Ok(Vec::new())
    }
}

/// The `Outputs` message of a returned value.
pub fn to_outputs<O: IntoOutputs>(value: O) -> Result<Outputs, Error> {
    let pairs = value
        .into_named_literals()
        .map_err(|source| Error::from(TaskIoErrorKind::Convert).with_source(source))?;
    Ok(Outputs {
        literals: pairs
            .into_iter()
            .map(|(name, value)| NamedLiteral {
                name,
                value: Some(value),
            })
            .collect(),
        ..Default::default()
    })
}

/// `Inputs` as a `#[derive(FlyteInputs)]` struct: every declared input must be there
/// ([`TaskIoErrorKind::MissingRequired`], in declaration order), none other
/// ([`TaskIoErrorKind::Convert`] with the unknown name), each of its type.
pub fn inputs_to_value<I: crate::engine::FlyteInputs>(inputs: &Inputs) -> Result<I, Error> {
    let missing: Vec<String> = I::variables()
        .into_iter()
        .map(|(name, _)| name)
        .filter(|name| !inputs.literals.iter().any(|nl| nl.name == *name))
        .map(str::to_string)
        .collect();
    if !missing.is_empty() {
        return Err(TaskIoErrorKind::MissingRequired { names: missing }.into());
    }
    let pairs: Vec<(String, Literal)> = inputs
        .literals
        .iter()
        .map(|nl| (nl.name.clone(), nl.value.clone().unwrap_or_default()))
        .collect();
    I::from_named_literals(&pairs)
        .map_err(|source| Error::from(TaskIoErrorKind::Convert).with_source(source))
}

/// A task's inputs from `inputs.pb` bytes, as a typed struct (serde_json's `from_slice` shape).
///
/// ```
/// use flyte_types::engine::FlyteInputs;
/// use flyte_types::taskio;
///
/// #[derive(FlyteInputs)]
/// struct Basic {
///     x: i64,
///     s: String,
///     xs: Vec<f64>,
/// }
/// // Inputs and Outputs files share their layout: these are the inputs.pb bytes too.
/// let bytes = taskio::to_vec(taskio::NamedOutputs(Basic { x: 42, s: "hello".into(), xs: vec![1.5, 2.0, -3.25] }))?;
/// let back: Basic = taskio::from_slice(&bytes)?;
/// assert_eq!((back.x, back.s.as_str(), back.xs), (42, "hello", vec![1.5, 2.0, -3.25]));
/// # Ok::<(), flyte_types::Error>(())
/// ```
pub fn from_slice<I: crate::engine::FlyteInputs>(bytes: &[u8]) -> Result<I, Error> {
    inputs_to_value(&decode_inputs(bytes)?)
}

/// [`from_slice`] from a reader (a file, stdin…).
pub fn from_reader<I: crate::engine::FlyteInputs>(
    mut reader: impl std::io::Read,
) -> Result<I, Error> {
    let mut bytes = Vec::new();
    reader
        .read_to_end(&mut bytes)
        .map_err(|source| file_error(PathBuf::from("<reader>"), source))?;
    from_slice(&bytes)
}

/// The `outputs.pb` bytes of a returned value, byte for byte as Flyte 2 writes them
/// (serde_json's `to_vec` shape).
pub fn to_vec<O: IntoOutputs>(value: O) -> Result<Vec<u8>, Error> {
    Ok(encode_outputs(&to_outputs(value)?))
}

/// [`to_vec`] into a writer.
pub fn to_writer<O: IntoOutputs>(mut writer: impl std::io::Write, value: O) -> Result<(), Error> {
    writer
        .write_all(&to_vec(value)?)
        .map_err(|source| file_error(PathBuf::from("<writer>"), source))
}

// ---------------------------------------------------------------------------------------------
// Writing helpers

/// What happens to one declared input when the call does not give it.
#[derive(Debug, Clone, PartialEq)]
pub enum InputDefault {
    /// No default (`inspect.Parameter.empty`): the input must be given.
    Required,
    /// A default that the SDK materializes into `Inputs.literals`: any default that is not
    /// `None`, `None` for an `Optional` type (pass [`none_literal`]), an input typed `None`
    /// (also [`none_literal`]), or a remote task's pre-built default literal.
    Value(Box<Literal>),
    /// `x: T = None` with a non-Optional `T`: the SDK does not convert the default but still
    /// emits the name with an **empty** `Literal` (verified quirk, notes §3.2).
    NoneNotOptional,
}

/// One declared input, in the task's declaration order.
#[derive(Debug, Clone, PartialEq)]
pub struct InputSpec {
    /// Input name.
    pub name: String,
    /// What to write when the call omits it.
    pub default: InputDefault,
}

impl InputSpec {
    /// A required input.
    pub fn required(name: impl Into<String>) -> Self {
        InputSpec {
            name: name.into(),
            default: InputDefault::Required,
        }
    }

    /// An input with a default literal.
    pub fn with_default(name: impl Into<String>, default: Literal) -> Self {
        InputSpec {
            name: name.into(),
            default: InputDefault::Value(Box::new(default)),
        }
    }
}

/// Input specs from the interface's input names in declaration order and the task's registered
/// defaults (`repeated flyteidl2.task.NamedParameter`, as `convert_upload_default_inputs` makes
/// them). A name without a `NamedParameter` carrying a default literal is required.
pub fn specs_from_defaults(names_in_order: &[&str], defaults: &[NamedParameter]) -> Vec<InputSpec> {
    names_in_order
        .iter()
        .map(|name| {
            let default = defaults
                .iter()
                .rev()
                .find(|p| p.name == *name)
                .and_then(|p| p.parameter.as_ref())
                .and_then(|p| match &p.behavior {
                    Some(crate::idl::core::parameter::Behavior::Default(l)) => Some(l.clone()),
                    _ => None,
                });
            InputSpec {
                name: name.to_string(),
                default: default
                    .map_or(InputDefault::Required, |l| InputDefault::Value(Box::new(l))),
            }
        })
        .collect()
}

/// The `None` literal (`scalar { none_type {} }`).
pub fn none_literal() -> Literal {
    Literal {
        value: Some(literal::Value::Scalar(Box::new(Scalar {
            value: Some(scalar::Value::NoneType(Void {})),
        }))),
        ..Default::default()
    }
}

/// Builds `Inputs` as `convert_from_native_to_inputs` does: the literals follow the declaration
/// order of `spec` whatever the order of `values`; omitted inputs with a default are written in;
/// `context` pairs are kept in the given order.
///
/// Errors: `Missing required inputs: a, b` (as the SDK), an unknown or repeated name, and more
/// values than declared.
pub fn build_inputs(
    spec: &[InputSpec],
    values: Vec<(String, Literal)>,
    context: Vec<(String, String)>,
) -> Result<Inputs, Error> {
    let declared: Vec<String> = spec.iter().map(|s| s.name.clone()).collect();
    if values.len() > spec.len() {
        return Err(TaskIoErrorKind::TooManyInputs {
            given: values.len(),
            allowed: spec.len(),
        }
        .into());
    }
    let mut given: BTreeMap<String, Literal> = BTreeMap::new();
    for (name, lit) in values {
        if !declared.contains(&name) {
            return Err(TaskIoErrorKind::UnknownInput {
                name,
                expected: declared,
            }
            .into());
        }
        if given.contains_key(&name) {
            return Err(TaskIoErrorKind::DuplicateInput { name }.into());
        }
        given.insert(name, lit);
    }
    let missing: Vec<String> = spec
        .iter()
        .filter(|s| s.default == InputDefault::Required && !given.contains_key(&s.name))
        .map(|s| s.name.clone())
        .collect();
    if !missing.is_empty() {
        return Err(TaskIoErrorKind::MissingRequired { names: missing }.into());
    }
    let context: Vec<KeyValuePair> = context
        .into_iter()
        .map(|(key, value)| KeyValuePair { key, value })
        .collect();
    let literals = spec
        .iter()
        .map(|s| {
            let value = match given.remove(&s.name) {
                Some(l) => l,
                None => match &s.default {
                    InputDefault::Value(l) => (**l).clone(),
                    InputDefault::NoneNotOptional | InputDefault::Required => Literal::default(),
                },
            };
            NamedLiteral {
                name: s.name.clone(),
                value: Some(value),
            }
        })
        .collect();
    Ok(Inputs { literals, context })
}

/// `Outputs` for a task returning `values` positionally: named `o0`, `o1`, … (`flyte/_interface.py`).
/// No values gives the empty `Outputs` (a 0-byte file).
pub fn outputs_positional(values: Vec<Literal>) -> Outputs {
    Outputs {
        literals: values
            .into_iter()
            .enumerate()
            .map(|(i, l)| NamedLiteral {
                name: format!("o{i}"),
                value: Some(l),
            })
            .collect(),
        produced_artifacts: Vec::new(),
    }
}

/// `Outputs` with explicit names (a `NamedTuple` return uses its field names), in the given order.
pub fn outputs_named(values: Vec<(String, Literal)>) -> Outputs {
    Outputs {
        literals: values
            .into_iter()
            .map(|(name, l)| NamedLiteral {
                name,
                value: Some(l),
            })
            .collect(),
        produced_artifacts: Vec::new(),
    }
}
