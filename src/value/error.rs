//! The error of the value layer: what went wrong, and where inside the value.

use std::fmt;

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

/// What went wrong while converting a value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ValueErrorKind {
    /// The literal (or JSON) does not have the shape the type asks for.
    #[error("expected {expected}, found {found}")]
    Mismatch {
        /// What the type asks for.
        expected: String,
        /// What was there.
        found: String,
    },
    /// An enum string not in `EnumType.values` (or the schema's `enum`).
    #[error("{value:?} is not one of the enum values {allowed:?}")]
    UnknownEnumValue {
        /// The string that was given.
        value: String,
        /// The allowed strings.
        allowed: Vec<String>,
    },
    /// A union literal whose variant type is not one of the union's variants.
    #[error("union variant {found} is not one of the declared variants [{declared}]")]
    UnknownUnionVariant {
        /// The literal's variant type, summarised.
        found: String,
        /// The union's variants, summarised.
        declared: String,
    },
    /// No union variant accepts the value.
    #[error("no union variant accepts the value: {}", .attempts.join("; "))]
    NoMatchingVariant {
        /// One `variant: reason` line per variant tried.
        attempts: Vec<String>,
    },
    /// More than one union variant accepts the value.
    #[error("the value matches several union variants: {}", .candidates.join(", "))]
    AmbiguousVariant {
        /// The variants that accepted it.
        candidates: Vec<String>,
    },
    /// A struct field the schema does not declare.
    #[error("unknown field {0:?}")]
    UnknownField(String),
    /// A required struct field is absent.
    #[error("missing required field {0:?}")]
    MissingField(String),
    /// A number, date or duration outside what Flyte can carry.
    #[error("{0} is out of range")]
    OutOfRange(String),
    /// The msgpack payload is malformed.
    #[error("invalid msgpack: {0}")]
    Msgpack(String),
    /// Protobuf bytes are malformed.
    #[error("invalid protobuf: {0}")]
    Protobuf(String),
    /// The value nests deeper than the limit.
    #[error("nesting deeper than {0} levels")]
    DepthLimit(usize),
    /// A JSON schema whose `$ref`s (or unions) lead back to themselves without an object or
    /// array in between: it describes no value.
    #[error("schema {0} refers to itself without nesting")]
    SchemaCycle(String),
    /// Reading or writing a value against its schema took more steps than the budget
    /// (exponential backtracking through unions); the number is the fixed part of the budget.
    #[error("more than {0} steps (plus a fixed number per input node) to match the schema")]
    WorkLimit(u64),
    /// An offloaded literal could not be read.
    #[error("cannot read offloaded literal {uri}: {message}")]
    Storage {
        /// The `offloaded_metadata.uri`.
        uri: String,
        /// Why.
        message: String,
    },
    /// Offloaded literals that point back at one another.
    #[error("offloaded literal {0} refers to itself")]
    OffloadCycle(String),
    /// The type is one this layer cannot handle.
    #[error("unsupported type: {0}")]
    Unsupported(String),
    /// A serde `Serialize` / `Deserialize` impl refused the value (`value::to_value`,
    /// `value::from_value`): serde's message.
    #[error("serde: {0}")]
    Serde(String),
}

/// An error with the path inside the value where it happened (`[3].inner.x`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueError {
    kind: Box<ValueErrorKind>,
    /// Innermost segment first: segments are pushed while the error unwinds.
    path_rev: Vec<PathSegment>,
}

impl ValueError {
    /// An error at the root of the value.
    pub fn new(kind: ValueErrorKind) -> Self {
        Self {
            kind: Box::new(kind),
            path_rev: Vec::new(),
        }
    }

    /// A [`ValueErrorKind::Mismatch`].
    pub fn mismatch(expected: impl Into<String>, found: impl Into<String>) -> Self {
        Self::new(ValueErrorKind::Mismatch {
            expected: expected.into(),
            found: found.into(),
        })
    }

    /// What went wrong.
    pub fn kind(&self) -> &ValueErrorKind {
        &self.kind
    }

    /// The path from the root, outermost first.
    pub fn path(&self) -> impl Iterator<Item = &PathSegment> {
        self.path_rev.iter().rev()
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

    /// A limit that ends the whole walk: union alternatives are not tried after it.
    pub(crate) fn is_limit(&self) -> bool {
        matches!(
            *self.kind,
            ValueErrorKind::DepthLimit(_) | ValueErrorKind::WorkLimit(_)
        )
    }

    /// Prepends a segment (called by each level as the error unwinds).
    pub(crate) fn at(mut self, seg: PathSegment) -> Self {
        self.path_rev.push(seg);
        self
    }

    pub(crate) fn at_index(self, i: usize) -> Self {
        self.at(PathSegment::Index(i))
    }

    pub(crate) fn at_key(self, k: &str) -> Self {
        self.at(PathSegment::Key(k.to_string()))
    }
}

impl From<crate::msgpack::MsgpackError> for ValueError {
    fn from(e: crate::msgpack::MsgpackError) -> Self {
        Self::new(match e.kind() {
            crate::msgpack::MsgpackErrorKind::TooLong { kind, len } => ValueErrorKind::OutOfRange(
                format!("{kind} of length {len} (msgpack lengths are at most 2^32 - 1)"),
            ),
            _ => ValueErrorKind::Msgpack(e.to_string()),
        })
    }
}

fn is_identifier(k: &str) -> bool {
    !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

impl fmt::Display for ValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path_rev.is_empty() {
            write!(f, "{}", self.kind)
        } else {
            write!(f, "at {}: {}", self.path_string(), self.kind)
        }
    }
}

impl std::error::Error for ValueError {}

impl From<ValueErrorKind> for ValueError {
    fn from(kind: ValueErrorKind) -> Self {
        Self::new(kind)
    }
}
