//! Union selection, stated once. Which variant of a union a value takes, by the rule the SDK
//! applies in each place:
//!
//! | where | the SDK's rule | here |
//! | --- | --- | --- |
//! | a plain literal read as a union (typed and dynamic paths), a value written into a union | every variant is tried, exactly one may accept (Flyte 2 `UnionTransformer`: "Ambiguous choice of variant"); when writing, a variant of exactly the value's own type wins a tie (a `str` for `Union[str, Color]`) | [`exactly_one`] |
//! | a union literal (`Scalar.union`) | the declared variant equal to the literal's variant type, else the variants with its tag, of which exactly one may accept | [`tagged_variants`] then [`exactly_one`] |
//! | a union field inside a struct (a JSON-schema `anyOf`) | the struct reader's: mashumaro takes the first variant that reads, pydantic's smart union the exact type, then the model setting the most fields | `msgpack_shape::decode_union` (dynamic); `engine::structs::field_union_read` (typed: the same order of kinds, by the struct's style; a later model setting more fields, the date / enum text rules and mashumaro's iterated str are the dynamic path's only) |

use crate::idl::core::LiteralType;
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
