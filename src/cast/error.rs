//! What the `cast` layer reports: [`CastErrorKind`], the detail of
//! [`ErrorKind::Cast`](crate::ErrorKind::Cast).

use std::fmt;

/// Why a type is not castable, or why a literal's type could not be inferred.
///
/// Every variant carries `path`: where in the `LiteralType` (or `Literal`) the first mismatch was
/// found, in protobuf field names joined by `.` (`collection_type.map_value_type`,
/// `union_type.variants[1]`, `structured_dataset_type.columns["a"]`). The path follows the
/// downstream type; `union_type.variants[i]` names the variant of an *upstream* union that no
/// downstream variant accepts. An empty path means the top level, and the message then has no
/// `path: ` prefix.
///
/// ```
/// use flyte_types::cast::{is_castable, CastErrorKind};
/// use flyte_types::ErrorKind;
/// use flyte_types::idl::core::{literal_type::Type, LiteralType, SimpleType};
///
/// let simple = |s: SimpleType| LiteralType { r#type: Some(Type::Simple(s as i32)), ..Default::default() };
/// let map_of = |t: LiteralType| LiteralType { r#type: Some(Type::MapValueType(Box::new(t))), ..Default::default() };
/// let list_of = |t: LiteralType| LiteralType { r#type: Some(Type::CollectionType(Box::new(t))), ..Default::default() };
///
/// let err = is_castable(
///     &list_of(map_of(simple(SimpleType::Integer))),
///     &list_of(map_of(simple(SimpleType::Float))),
/// )
/// .unwrap_err();
/// assert_eq!(err.to_string(), "collection_type.map_value_type: INTEGER is not castable to FLOAT");
/// let ErrorKind::Cast(kind) = err.kind() else { panic!("{err:?}") };
/// assert_eq!(kind.path(), "collection_type.map_value_type");
/// assert!(matches!(kind, CastErrorKind::NotCastable { .. }));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CastErrorKind {
    /// The two types are of kinds, or values, that propeller never casts (INTEGER → FLOAT,
    /// a list to a scalar, two different enums, …).
    NotCastable {
        /// Where the mismatch is.
        path: String,
        /// Short description of the upstream type.
        upstream: String,
        /// Short description of the downstream type.
        downstream: String,
    },
    /// NONE was offered to a type that propeller does not treat as nullable (anything but NONE,
    /// a structured dataset, or a union with a NONE variant).
    NotNullable {
        /// Where the mismatch is.
        path: String,
        /// Short description of the downstream type.
        downstream: String,
    },
    /// The upstream type carries a `structure.tag` that differs from the downstream's tag.
    TagMismatch {
        /// Where the mismatch is.
        path: String,
        /// Short description of the upstream type.
        upstream: String,
        /// Short description of the downstream type.
        downstream: String,
        /// The upstream tag (never empty: an untagged upstream skips the check).
        up_tag: String,
        /// The downstream tag.
        down_tag: String,
    },
    /// Two non-empty blob formats that differ (the comparison is case-sensitive).
    BlobFormat {
        /// Where the mismatch is.
        path: String,
        /// The upstream format.
        upstream: String,
        /// The downstream format.
        downstream: String,
    },
    /// Two dataset formats that differ ignoring case, or a non-parquet format where a legacy
    /// schema is involved (schemas are always parquet).
    DatasetFormat {
        /// Where the mismatch is.
        path: String,
        /// The upstream format.
        upstream: String,
        /// The downstream format (`"parquet"` when the downstream is a legacy schema).
        downstream: String,
    },
    /// A column that the downstream schema / structured dataset declares is not in the upstream.
    MissingColumn {
        /// Where the mismatch is (the columns' parent type).
        path: String,
        /// The column name.
        column: String,
    },
    /// Upstream matches no variant of the downstream union.
    NoUnionVariant {
        /// Where the mismatch is.
        path: String,
        /// Short description of the upstream type (or of the unmatched upstream variant).
        upstream: String,
        /// Short description of the downstream union.
        downstream: String,
    },
    /// A non-union upstream matches more than one variant of the downstream union: propeller
    /// requires exactly one.
    AmbiguousUnion {
        /// Where the mismatch is.
        path: String,
        /// Short description of the upstream type.
        upstream: String,
        /// Short description of the downstream union.
        downstream: String,
        /// Indices of the matching downstream variants (at least two).
        variants: Vec<usize>,
    },
    /// Two STRUCT types whose JSON schemas (`metadata`) are neither equal nor in a child → parent
    /// (superset → subset) relation.
    StructSchema {
        /// Where the STRUCT type is.
        path: String,
        /// JSON pointer into the downstream schema (`#/properties/b`).
        pointer: String,
        /// What is wrong there.
        detail: String,
    },
    /// A literal whose type cannot be inferred (propeller's `LiteralTypeForLiteral` gives nil,
    /// which its callers reject with "got unknown literal type").
    UnrecognizedLiteral {
        /// Where in the literal (`collection.literals[2]`, `map.literals["k"]`).
        path: String,
        /// What is missing.
        what: String,
    },
    /// The type (or literal, or JSON schema) nests deeper than [`MAX_DEPTH`](super::MAX_DEPTH).
    TooDeep {
        /// Where the limit was reached.
        path: String,
        /// The limit.
        limit: usize,
    },
    /// The check needed more than [`MAX_STEPS`](super::MAX_STEPS) steps (pathological nesting of
    /// unions or schema combinators).
    TooComplex {
        /// Where the budget ran out.
        path: String,
        /// The step budget.
        limit: usize,
    },
}

impl std::fmt::Display for CastErrorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CastErrorKind::NotCastable {
                path,
                upstream,
                downstream,
            } => write!(f, "{}{upstream} is not castable to {downstream}", At(path)),
            CastErrorKind::NotNullable { path, downstream } => write!(
                f,
                "{}NONE is not castable to {downstream}: it is not nullable",
                At(path)
            ),
            CastErrorKind::TagMismatch {
                path,
                upstream,
                downstream,
                up_tag,
                down_tag,
            } => write!(
                f,
                "{}{upstream} is not castable to {downstream}: structure tag {up_tag:?} differs from {down_tag:?}",
                At(path)
            ),
            CastErrorKind::BlobFormat {
                path,
                upstream,
                downstream,
            } => write!(
                f,
                "{}blob format {upstream:?} is not castable to blob format {downstream:?}",
                At(path)
            ),
            CastErrorKind::DatasetFormat {
                path,
                upstream,
                downstream,
            } => write!(
                f,
                "{}dataset format {upstream:?} is not castable to format {downstream:?}",
                At(path)
            ),
            CastErrorKind::MissingColumn { path, column } => {
                write!(f, "{}column {column:?} is missing upstream", At(path))
            }
            CastErrorKind::NoUnionVariant {
                path,
                upstream,
                downstream,
            } => write!(
                f,
                "{}{upstream} matches no variant of {downstream}",
                At(path)
            ),
            CastErrorKind::AmbiguousUnion {
                path,
                upstream,
                downstream,
                variants,
            } => write!(
                f,
                "{}{upstream} is ambiguous for {downstream}: it matches variants {} and exactly one must match",
                At(path),
                Indices(variants)
            ),
            CastErrorKind::StructSchema {
                path,
                pointer,
                detail,
            } => write!(
                f,
                "{}STRUCT schema is not castable: at {pointer}: {detail}",
                At(path)
            ),
            CastErrorKind::UnrecognizedLiteral { path, what } => {
                write!(f, "{}unknown literal type: {what}", At(path))
            }
            CastErrorKind::TooDeep { path, limit } => {
                write!(f, "{}nesting deeper than {limit} levels", At(path))
            }
            CastErrorKind::TooComplex { path, limit } => write!(
                f,
                "{}castability check gave up after {limit} steps",
                At(path)
            ),
        }
    }
}

impl CastErrorKind {
    /// The path of the mismatch (empty at the top level).
    pub fn path(&self) -> &str {
        match self {
            CastErrorKind::NotCastable { path, .. }
            | CastErrorKind::NotNullable { path, .. }
            | CastErrorKind::TagMismatch { path, .. }
            | CastErrorKind::BlobFormat { path, .. }
            | CastErrorKind::DatasetFormat { path, .. }
            | CastErrorKind::MissingColumn { path, .. }
            | CastErrorKind::NoUnionVariant { path, .. }
            | CastErrorKind::AmbiguousUnion { path, .. }
            | CastErrorKind::StructSchema { path, .. }
            | CastErrorKind::UnrecognizedLiteral { path, .. }
            | CastErrorKind::TooDeep { path, .. }
            | CastErrorKind::TooComplex { path, .. } => path,
        }
    }

    /// Whether the error is a resource limit ([`CastErrorKind::TooDeep`], [`CastErrorKind::TooComplex`])
    /// rather than an answer about the types.
    pub fn is_limit(&self) -> bool {
        matches!(
            self,
            CastErrorKind::TooDeep { .. } | CastErrorKind::TooComplex { .. }
        )
    }
}

/// `path: ` prefix, or nothing at the top level.
struct At<'a>(&'a str);

impl fmt::Display for At<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            Ok(())
        } else {
            write!(f, "{}: ", self.0)
        }
    }
}

/// `0 and 2`, `0, 1 and 3`.
struct Indices<'a>(&'a [usize]);

impl fmt::Display for Indices<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.0.len();
        for (i, v) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(if i + 1 == n { " and " } else { ", " })?;
            }
            write!(f, "{v}")?;
        }
        Ok(())
    }
}

/// A path being built while the checker walks two types.
#[derive(Debug, Default, Clone)]
pub(crate) struct Path {
    segments: Vec<String>,
}

impl Path {
    pub(crate) fn push(&mut self, segment: impl Into<String>) {
        self.segments.push(segment.into());
    }

    pub(crate) fn pop(&mut self) {
        self.segments.pop();
    }

    pub(crate) fn render(&self) -> String {
        self.segments.join(".")
    }
}
