//! The crate's one error type: [`Error`], with an [`ErrorKind`] to match on, the path inside the
//! value where it happened, and the underlying cause as [`std::error::Error::source`].
//!
//! Every fallible function of the crate returns this type, whatever the layer (values, msgpack,
//! protobuf, castability, storage, task I/O, rendering). The kind says which layer and what went
//! wrong; layers with many ways to fail have their own kind enum nested in it
//! ([`CastErrorKind`](crate::cast::CastErrorKind), …). The value path is a stack: each level of a
//! nested value pushes its segment while the error travels up, so the message reads
//! `at records[3].inner.x: expected int, found str`.
//!
//! ```
//! use flyte_types::engine::FlyteType;
//! use flyte_types::{ErrorKind, PathSegment};
//!
//! let lit = vec!["a".to_string()].to_literal().unwrap();
//! let err = Vec::<i64>::from_literal(&lit).unwrap_err();
//! assert!(matches!(err.kind(), ErrorKind::Mismatch { .. }));
//! assert_eq!(err.path().collect::<Vec<_>>(), [&PathSegment::Index(0)]);
//! assert_eq!(err.to_string(), r#"at [0]: expected INTEGER, found string "a""#);
//! ```

use std::fmt;
use std::sync::Arc;

use crate::cast::{CastErrorKind, InterfaceErrorKind};
use crate::msgpack::MsgpackErrorKind;
use crate::render::RenderErrorKind;
use crate::storage::StoreErrorKind;
use crate::taskio::TaskIoErrorKind;
use crate::wire::WireErrorKind;

/// The message name of [`ErrorKind::Protobuf`] for `Literal` bytes.
pub(crate) const LITERAL: &str = "flyteidl2.core.Literal";

/// One step of the path from the root of a value to the place an error happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathSegment {
    /// A list element.
    Index(usize),
    /// A map key or a struct field.
    Key(String),
    /// A union variant, by its position and tag.
    Variant(usize, String),
}

/// What went wrong: match on it to handle one case.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The literal (or JSON) does not have the shape the type asks for.
    Mismatch {
        /// What the type asks for.
        expected: String,
        /// What was there.
        found: String,
    },
    /// An enum string not in `EnumType.values` (or the schema's `enum`).
    UnknownEnumValue {
        /// The string that was given.
        value: String,
        /// The allowed strings.
        allowed: Vec<String>,
    },
    /// A union literal whose variant type is not one of the union's variants.
    UnknownUnionVariant {
        /// The literal's variant type, summarised.
        found: String,
        /// The union's variants, summarised.
        declared: String,
    },
    /// No union variant accepts the value.
    NoMatchingVariant {
        /// One `variant: reason` line per variant tried.
        attempts: Vec<String>,
    },
    /// More than one union variant accepts the value.
    AmbiguousVariant {
        /// The variants that accepted it.
        candidates: Vec<String>,
    },
    /// A struct field the schema does not declare.
    UnknownField(String),
    /// A required struct field is absent.
    MissingField(String),
    /// A number, date or duration outside what Flyte can carry.
    OutOfRange(String),
    /// The msgpack bytes are malformed (or a value is too long for msgpack to carry).
    Msgpack {
        /// Byte offset of the value at fault (its type byte), or of the first trailing byte;
        /// for an encoding error, the offset in the bytes written so far.
        offset: usize,
        /// What is wrong there.
        kind: MsgpackErrorKind,
    },
    /// Protobuf bytes that do not decode as the message named; the decoder's error is the
    /// [`source`](std::error::Error::source).
    Protobuf {
        /// The message that was expected (`flyteidl2.core.Literal`).
        message: &'static str,
    },
    /// Protobuf bytes that [`wire::canonicalize`](crate::wire::canonicalize) cannot read.
    Wire {
        /// The message being read: its full name, then the field names leading to it
        /// (`flyteidl2.core.Literal.collection.literals.scalar`).
        message_path: String,
        /// Byte offset in the input where the offending field (or value) starts.
        offset: usize,
        /// What is wrong there.
        kind: WireErrorKind,
    },
    /// The value nests deeper than the limit.
    DepthLimit(usize),
    /// A JSON schema whose `$ref`s (or unions) lead back to themselves without an object or
    /// array in between: it describes no value.
    SchemaCycle(String),
    /// Reading or writing a value against its schema took more steps than the budget
    /// (exponential backtracking through unions); the number is the fixed part of the budget.
    WorkLimit(u64),
    /// An offloaded literal could not be read; the storage error is the
    /// [`source`](std::error::Error::source).
    Offloaded {
        /// The `offloaded_metadata.uri`.
        uri: String,
    },
    /// Offloaded literals that point back at one another.
    OffloadCycle(String),
    /// The type is one this layer cannot handle.
    Unsupported(String),
    /// Two types that are not castable, or a literal whose type cannot be inferred
    /// ([`crate::cast`]).
    Cast(CastErrorKind),
    /// One problem of an input or binding against a task interface
    /// ([`crate::cast::validate_inputs`], …); a castability failure behind it is the
    /// [`source`](std::error::Error::source).
    Interface(InterfaceErrorKind),
    /// A storage operation failed ([`crate::storage`], `io`).
    Store(StoreErrorKind),
    /// A task inputs / outputs file, or the task's arguments, cannot be used ([`crate::taskio`],
    /// `crate::runtime`).
    TaskIo(TaskIoErrorKind),
    /// A literal that `literal_string_repr` cannot render ([`crate::render`]).
    Render(RenderErrorKind),
    /// A serde `Serialize` / `Deserialize` impl refused the value (`value::to_value`,
    /// `value::from_value`): serde's message.
    Serde(String),
}

impl std::fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ErrorKind::Mismatch { expected, found } => {
                write!(f, "expected {expected}, found {found}")
            }
            ErrorKind::UnknownEnumValue { value, allowed } => {
                write!(f, "{value:?} is not one of the enum values {allowed:?}")
            }
            ErrorKind::UnknownUnionVariant { found, declared } => write!(
                f,
                "union variant {found} is not one of the declared variants [{declared}]"
            ),
            ErrorKind::NoMatchingVariant { attempts } => write!(
                f,
                "no union variant accepts the value: {}",
                attempts.join("; ")
            ),
            ErrorKind::AmbiguousVariant { candidates } => write!(
                f,
                "the value matches several union variants: {}",
                candidates.join(", ")
            ),
            ErrorKind::UnknownField(x0) => write!(f, "unknown field {x0:?}"),
            ErrorKind::MissingField(x0) => write!(f, "missing required field {x0:?}"),
            ErrorKind::OutOfRange(x0) => write!(f, "{x0} is out of range"),
            ErrorKind::Msgpack { offset, kind } => write!(f, "msgpack at byte {offset}: {kind}"),
            ErrorKind::Protobuf { message } => write!(f, "invalid protobuf ({message})"),
            ErrorKind::Wire {
                message_path,
                offset,
                kind,
            } => write!(f, "{message_path} at byte {offset}: {kind}"),
            ErrorKind::DepthLimit(x0) => write!(f, "nesting deeper than {x0} levels"),
            ErrorKind::SchemaCycle(x0) => write!(f, "schema {x0} refers to itself without nesting"),
            ErrorKind::WorkLimit(x0) => write!(
                f,
                "more than {x0} steps (plus a fixed number per input node) to match the schema"
            ),
            ErrorKind::Offloaded { uri } => write!(f, "cannot read offloaded literal {uri}"),
            ErrorKind::OffloadCycle(x0) => write!(f, "offloaded literal {x0} refers to itself"),
            ErrorKind::Unsupported(x0) => write!(f, "unsupported type: {x0}"),
            ErrorKind::Cast(x0) => write!(f, "{x0}"),
            ErrorKind::Interface(x0) => write!(f, "{x0}"),
            ErrorKind::Store(x0) => write!(f, "{x0}"),
            ErrorKind::TaskIo(x0) => write!(f, "{x0}"),
            ErrorKind::Render(x0) => write!(f, "{x0}"),
            ErrorKind::Serde(x0) => write!(f, "serde: {x0}"),
        }
    }
}

/// The crate's error: an [`ErrorKind`], the path inside the value where it happened
/// (`[3].inner.x`), and the cause it wraps, if any.
///
/// Its `Display` is `at <path>: <kind>` (no prefix at the root), followed by `: <cause>` when
/// there is one. Two errors are equal when their kinds and paths are; causes are not compared.
#[derive(Clone)]
pub struct Error {
    inner: Box<Inner>,
}

#[derive(Clone)]
struct Inner {
    kind: ErrorKind,
    /// Innermost segment first: segments are pushed while the error unwinds.
    path_rev: Vec<PathSegment>,
    source: Option<Arc<dyn std::error::Error + Send + Sync + 'static>>,
}

impl Error {
    /// An error at the root of the value, with no cause.
    pub fn new(kind: ErrorKind) -> Self {
        Self {
            inner: Box::new(Inner {
                kind,
                path_rev: Vec::new(),
                source: None,
            }),
        }
    }

    /// An [`ErrorKind::Mismatch`].
    pub fn mismatch(expected: impl Into<String>, found: impl Into<String>) -> Self {
        Self::new(ErrorKind::Mismatch {
            expected: expected.into(),
            found: found.into(),
        })
    }

    /// The same error, caused by `source` (returned by [`std::error::Error::source`] and
    /// written after the kind's message).
    pub fn with_source(mut self, source: impl std::error::Error + Send + Sync + 'static) -> Self {
        self.inner.source = Some(Arc::new(source));
        self
    }

    /// An [`ErrorKind::Protobuf`] for bytes that do not decode as `message`.
    pub(crate) fn protobuf(message: &'static str, source: prost::DecodeError) -> Self {
        Self::new(ErrorKind::Protobuf { message }).with_source(source)
    }

    /// An [`ErrorKind::Msgpack`] at byte `offset`.
    pub(crate) fn msgpack(offset: usize, kind: MsgpackErrorKind) -> Self {
        Self::new(ErrorKind::Msgpack { offset, kind })
    }

    /// An [`ErrorKind::Wire`].
    pub(crate) fn wire(message_path: String, offset: usize, kind: WireErrorKind) -> Self {
        Self::new(ErrorKind::Wire {
            message_path,
            offset,
            kind,
        })
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.inner.kind
    }

    /// The path from the root, outermost first.
    pub fn path(&self) -> impl Iterator<Item = &PathSegment> {
        self.inner.path_rev.iter().rev()
    }

    /// The path as text: `[3].inner.x`, empty at the root.
    pub fn path_string(&self) -> String {
        let mut out = String::new();
        for seg in self.path() {
            match seg {
                PathSegment::Index(i) => out.push_str(&format!("[{i}]")),
                PathSegment::Key(k) if is_identifier(k) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(k);
                }
                PathSegment::Key(k) => out.push_str(&format!("[{k:?}]")),
                PathSegment::Variant(i, tag) => out.push_str(&format!("<variant {i}: {tag}>")),
            }
        }
        out
    }

    /// Whether the error is a resource limit (nesting depth, the work budget of a schema or
    /// castability check) rather than an answer about the input; the walks that try
    /// alternatives (union variants) stop at it instead of trying the next one.
    pub fn is_limit(&self) -> bool {
        match &self.inner.kind {
            ErrorKind::DepthLimit(_) | ErrorKind::WorkLimit(_) => true,
            ErrorKind::Cast(kind) => kind.is_limit(),
            _ => false,
        }
    }

    /// Prepends a segment (called by each level as the error unwinds).
    pub(crate) fn at(mut self, seg: PathSegment) -> Self {
        self.inner.path_rev.push(seg);
        self
    }

    pub(crate) fn at_index(self, i: usize) -> Self {
        self.at(PathSegment::Index(i))
    }

    pub(crate) fn at_key(self, k: &str) -> Self {
        self.at(PathSegment::Key(k.to_string()))
    }
}

fn is_identifier(k: &str) -> bool {
    !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.inner.path_rev.is_empty() {
            write!(f, "at {}: ", self.path_string())?;
        }
        write!(f, "{}", self.inner.kind)?;
        if let Some(source) = &self.inner.source {
            write!(f, ": {source}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Error");
        d.field("kind", &self.inner.kind);
        if !self.inner.path_rev.is_empty() {
            d.field("path", &self.path_string());
        }
        if let Some(source) = &self.inner.source {
            d.field("source", source);
        }
        d.finish()
    }
}

impl PartialEq for Error {
    fn eq(&self, other: &Self) -> bool {
        self.inner.kind == other.inner.kind && self.inner.path_rev == other.inner.path_rev
    }
}

impl Eq for Error {}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.inner
            .source
            .as_deref()
            .map(|s| s as &(dyn std::error::Error + 'static))
    }
}

impl From<CastErrorKind> for Error {
    fn from(kind: CastErrorKind) -> Self {
        Self::new(ErrorKind::Cast(kind))
    }
}

impl From<RenderErrorKind> for Error {
    fn from(kind: RenderErrorKind) -> Self {
        Self::new(ErrorKind::Render(kind))
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Self {
        Self::new(kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_has_path_kind_and_cause() {
        let io = std::io::Error::other("disk on fire");
        let err = Error::new(ErrorKind::Offloaded {
            uri: "s3://b/k".into(),
        })
        .with_source(io)
        .at_key("inner")
        .at_index(3);
        assert_eq!(
            err.to_string(),
            "at [3].inner: cannot read offloaded literal s3://b/k: disk on fire"
        );
        let source = std::error::Error::source(&err).unwrap();
        assert_eq!(source.to_string(), "disk on fire");
        assert_eq!(
            err.path().cloned().collect::<Vec<_>>(),
            [PathSegment::Index(3), PathSegment::Key("inner".into())]
        );
    }

    #[test]
    fn error_is_one_pointer_wide() {
        // `Result<T, Error>` stays small on the hot paths.
        assert_eq!(std::mem::size_of::<Error>(), std::mem::size_of::<usize>());
    }
}
