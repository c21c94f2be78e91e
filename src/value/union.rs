//! Union selection, stated once. Which variant of a union a value takes, by the rule the SDK
//! applies in each place:
//!
//! | where | the SDK's rule | here |
//! | --- | --- | --- |
//! | a plain literal read as a union (typed and dynamic paths), a value written into a union | every variant is tried, exactly one may accept (Flyte 2 `UnionTransformer`: "Ambiguous choice of variant"); when writing, a variant of exactly the value's own type wins a tie (a `str` for `Union[str, Color]`) | [`exactly_one`] |
//! | a union literal (`Scalar.union`) | the declared variant equal to the literal's variant type, else the variants with its tag, of which exactly one may accept | [`tagged_variants`] then [`exactly_one`] |
//! | a union field inside a struct (a JSON-schema `anyOf`) | the struct reader's: mashumaro takes the first variant that reads (a scalar one only for its own kind, a list iterates a str or a map), pydantic's smart union the exact type, then the model setting the most fields | [`struct_field`], for the dynamic path (`msgpack_shape`) and the typed one (`engine::structs::field_union_read`) alike |

use super::StructStyle;
use crate::idl::core::LiteralType;
use crate::msgpack::Msg;
use crate::msgpack::read::Head;
use crate::{Error, ErrorKind};

/// One variant tried: its index, a label for messages (`variant 1 (File)`) and the outcome.
pub(crate) struct Attempt<T> {
    pub index: usize,
    pub label: String,
    pub outcome: Result<T, Error>,
}

/// The one variant of `attempts` that accepted the value, or the one of those that `preferred`
/// names when several did; else [`ErrorKind::NoMatchingVariant`] (with every reason) or
/// [`ErrorKind::AmbiguousVariant`]. A limit error (depth, work) ends the search at once.
pub(crate) fn exactly_one<T>(
    attempts: impl IntoIterator<Item = Attempt<T>>,
    preferred: impl Fn(usize) -> bool,
) -> Result<(usize, T), Error> {
    let mut hits: Vec<(usize, String, T)> = Vec::new();
    let mut failures = Vec::new();
    for a in attempts {
        match a.outcome {
            Ok(v) => hits.push((a.index, a.label, v)),
            Err(e) if e.is_limit() => return Err(e),
            Err(e) => failures.push(format!("{}: {e}", a.label)),
        }
    }
    if hits.len() > 1
        && let Some(pos) = hits.iter().position(|(i, _, _)| preferred(*i))
    {
        let (i, _, v) = hits.swap_remove(pos);
        return Ok((i, v));
    }
    match hits.len() {
        0 => Err(ErrorKind::NoMatchingVariant { attempts: failures }.into()),
        1 => {
            let (i, _, v) = hits.remove(0);
            Ok((i, v))
        }
        _ => Err(ErrorKind::AmbiguousVariant {
            candidates: hits.into_iter().map(|(_, l, _)| l).collect(),
        }
        .into()),
    }
}

/// The declared variants a union literal of variant type `found` may be: the one equal to it,
/// else those with its structure tag (flytekit v1 and Flyte 2 embed different schemas in the
/// same variant). None of them is [`ErrorKind::UnknownUnionVariant`].
pub(crate) fn tagged_variants<V>(
    declared: &[V],
    type_of: impl Fn(&V) -> &LiteralType,
    found: &LiteralType,
    describe: impl Fn(&LiteralType) -> String,
) -> Result<Vec<usize>, Error> {
    if let Some(i) = declared.iter().position(|v| type_of(v) == found) {
        return Ok(vec![i]);
    }
    let same_tag: Vec<usize> = (0..declared.len())
        .filter(|&i| tag(type_of(&declared[i])) == tag(found))
        .collect();
    if same_tag.is_empty() {
        return Err(ErrorKind::UnknownUnionVariant {
            found: describe(found),
            declared: declared
                .iter()
                .map(|v| describe(type_of(v)))
                .collect::<Vec<_>>()
                .join(", "),
        }
        .into());
    }
    Ok(same_tag)
}

/// A variant's structure tag (`""` when it has none).
pub(crate) fn tag(ty: &LiteralType) -> &str {
    ty.structure.as_ref().map_or("", |s| s.tag.as_str())
}

/// `variant 1 (File)`: a variant named in messages.
pub(crate) fn label(
    index: usize,
    ty: &LiteralType,
    describe: impl Fn(&LiteralType) -> String,
) -> String {
    format!("variant {index} ({})", describe(ty))
}

/// What a struct's SDK reader sees in a union variant, or in the msgpack value it reads: the
/// kinds its union rule ([`struct_field`]) treats apart.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnionKind {
    /// `int`: msgpack integers.
    Int,
    /// `float`: msgpack floats (an int converts).
    Float,
    /// `str`: msgpack str.
    Str,
    /// `bool`: msgpack booleans.
    Bool,
    /// `bytes`: msgpack bin.
    Bytes,
    /// `None`: msgpack nil.
    Null,
    /// `dict[str, T]`: msgpack maps.
    Map,
    /// A list: msgpack arrays (mashumaro also iterates a str or a map into one).
    List,
    /// A tuple of this many items: msgpack arrays (mashumaro also indexes a str).
    Tuple(usize),
    /// A dataclass or a model: a msgpack map of its fields (pydantic prefers the one that sets
    /// the most of the map's keys).
    Model,
    /// Anything else (a datetime's text, an enum, …).
    Other,
}

impl UnionKind {
    /// The kind of a msgpack value.
    pub(crate) fn of_msg(m: &Msg) -> Self {
        match m {
            Msg::Int(_) | Msg::UInt(_) => UnionKind::Int,
            Msg::F32(_) | Msg::F64(_) => UnionKind::Float,
            Msg::Str(_) => UnionKind::Str,
            Msg::Bool(_) => UnionKind::Bool,
            Msg::Bin(_) => UnionKind::Bytes,
            Msg::Nil => UnionKind::Null,
            Msg::Map(_) => UnionKind::Map,
            Msg::Array(_) => UnionKind::List,
            Msg::Ext(..) => UnionKind::Other,
        }
    }

    /// The kind of the msgpack value whose head is `h` (as [`Self::of_msg`] of its tree).
    pub(crate) fn of_head(h: &Head<'_>) -> Self {
        match h {
            Head::Int(_) | Head::UInt(_) => UnionKind::Int,
            Head::F32(_) | Head::F64(_) => UnionKind::Float,
            Head::Str(_) => UnionKind::Str,
            Head::Bool(_) => UnionKind::Bool,
            Head::Bin(_) => UnionKind::Bytes,
            Head::Nil => UnionKind::Null,
            Head::Map(_) => UnionKind::Map,
            Head::Array(_) => UnionKind::List,
            _ => UnionKind::Other,
        }
    }

    /// A scalar kind: one mashumaro tries before the others only for a value of its own kind.
    fn is_scalar(self) -> bool {
        matches!(
            self,
            UnionKind::Int
                | UnionKind::Float
                | UnionKind::Str
                | UnionKind::Bool
                | UnionKind::Bytes
                | UnionKind::Null
        )
    }

    /// A variant of this kind takes a value of kind `value` as it is (pydantic's strict mode).
    fn is_exactly(self, value: UnionKind) -> bool {
        self == value && (self.is_scalar() || self == UnionKind::Map)
    }
}

/// How [`struct_field`] asks the caller to read a variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Trial {
    /// As the variant's reader reads it.
    Read,
    /// mashumaro's reading of a str or a map for a list variant: the str's characters or the
    /// map's keys as the items, each converted as the item type says (`int("1")`); for a tuple
    /// variant of `n` items, a str's first `n` characters.
    Iterated,
    /// pydantic's lax mode where the reader refused: `0` / `1` for a bool, a whole float for
    /// an int.
    Lax,
}

/// The variant of a union field inside a struct that the struct's SDK reader takes, and its
/// value; `Ok(None)` when none does (the caller kept each variant's reason).
///
/// `value` is the kind of the msgpack value, `variants` each variant's kind. `read(i, trial)`
/// reads variant `i`: `Ok(None)` when it does not take the value, `Err` for what ends the
/// search (a limit, malformed bytes). `fields_set(i)` is how many of the map's keys model
/// variant `i` has as fields. `deferred(i)`: a variant tried only when no other reads (a
/// pydantic enum that would take a date's text).
///
/// | style | rule |
/// | --- | --- |
/// | dataclass (mashumaro 3.23) | the variants in order; a scalar one (`int`, `float`, `str`, `bool`, `bytes`, `None`) only for a value of exactly its kind; any other is read, and a list variant also iterates a str or a map ([`Trial::Iterated`]); the first that reads wins; then the scalar ones but `bytes` again (as a reader converts: an int for a float) |
/// | pydantic (2.14's smart union) | a variant of exactly the value's kind (a `dict` for a map) first, then a `float` for an int; else every variant in order, in lax mode ([`Trial::Lax`] where the reader refuses): the first that reads, unless a later model sets more of the map's fields |
pub(crate) fn struct_field<T>(
    style: StructStyle,
    value: UnionKind,
    variants: impl Iterator<Item = UnionKind> + Clone,
    deferred: impl Fn(usize) -> bool,
    fields_set: impl Fn(usize) -> usize,
    mut read: impl FnMut(usize, Trial) -> Result<Option<T>, Error>,
) -> Result<Option<T>, Error> {
    // Each variant is read as it is once (a second read gives the same refusal); past the
    // 64th, a variant may be read twice.
    let mut tried = 0u64;
    let mut attempt = |i: usize, trial: Trial| -> Result<Option<T>, Error> {
        if trial == Trial::Read && i < 64 {
            let bit = 1u64 << i;
            if tried & bit != 0 {
                return Ok(None);
            }
            tried |= bit;
        }
        read(i, trial)
    };
    let mut hit = None;
    match style {
        StructStyle::Dataclass => {
            for (i, kind) in variants.clone().enumerate() {
                if kind.is_scalar() && kind != value {
                    continue;
                }
                hit = attempt(i, Trial::Read)?;
                let iterable = match kind {
                    UnionKind::List => matches!(value, UnionKind::Str | UnionKind::Map),
                    // A tuple indexes the value: a map's `[0]` is a key lookup, which fails.
                    UnionKind::Tuple(_) => value == UnionKind::Str,
                    _ => false,
                };
                if hit.is_none() && iterable {
                    hit = attempt(i, Trial::Iterated)?;
                }
                if hit.is_some() {
                    break;
                }
            }
            // Then the scalar variants a value of another kind converts to.
            if hit.is_none() {
                for (i, kind) in variants.clone().enumerate() {
                    if kind.is_scalar() && kind != UnionKind::Bytes {
                        hit = attempt(i, Trial::Read)?;
                        if hit.is_some() {
                            break;
                        }
                    }
                }
            }
        }
        StructStyle::Pydantic => {
            let strict = variants
                .clone()
                .position(|k| k.is_exactly(value))
                .or_else(|| {
                    (value == UnionKind::Int)
                        .then(|| variants.clone().position(|k| k == UnionKind::Float))
                        .flatten()
                });
            if let Some(i) = strict {
                hit = attempt(i, Trial::Read)?;
            }
            if hit.is_none() {
                // The first that reads, unless a later model sets more of the map's fields.
                let mut best: Option<(Option<usize>, T)> = None;
                for (i, kind) in variants.clone().enumerate() {
                    if deferred(i) {
                        continue;
                    }
                    let Some(v) = (match attempt(i, Trial::Read)? {
                        Some(v) => Some(v),
                        None => attempt(i, Trial::Lax)?,
                    }) else {
                        continue;
                    };
                    let set = (kind == UnionKind::Model).then(|| fields_set(i));
                    let better = match &best {
                        None => true,
                        Some((Some(most), _)) => set.is_some_and(|s| s > *most),
                        Some((None, _)) => false,
                    };
                    if better {
                        best = Some((set, v));
                    }
                }
                hit = best.map(|(_, v)| v);
            }
        }
    }
    if hit.is_none() {
        for i in (0..variants.count()).filter(|&i| deferred(i)) {
            hit = attempt(i, Trial::Read)?;
            if hit.is_some() {
                break;
            }
        }
    }
    Ok(hit)
}
