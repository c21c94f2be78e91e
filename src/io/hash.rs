//! `Literal.hash`: content hashes computed while bytes stream (Flyte 2's `HashMethod` /
//! `HashlibAccumulator`), precomputed cache keys, and the hook to set a user hash on any literal.

use crate::idl::core::Literal;
use base64::Engine;
use md5::Md5;
use sha2::{Digest, Sha256};

/// Accumulates a hash over the bytes of a transfer, chunk by chunk.
pub trait ContentHasher: Send {
    /// Feeds the next chunk.
    fn update(&mut self, bytes: &[u8]);
    /// The hash of everything fed, as the string that goes into `Literal.hash`.
    fn finish(self: Box<Self>) -> String;
}

/// sha256, lowercase hex: Flyte 2's `HashlibAccumulator.from_hash_name("sha256")`.
#[derive(Default)]
pub struct Sha256Hex(Sha256);

impl ContentHasher for Sha256Hex {
    fn update(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }
    fn finish(self: Box<Self>) -> String {
        super::uri::hex(&self.0.finalize())
    }
}

/// md5, lowercase hex (what Flyte 2's remote upload reports, and its pickle file names).
#[derive(Default)]
pub struct Md5Hex(Md5);

impl ContentHasher for Md5Hex {
    fn update(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }
    fn finish(self: Box<Self>) -> String {
        super::uri::hex(&self.0.finalize())
    }
}

/// How an upload sets the handle's hash.
#[derive(Default)]
pub enum HashMethod {
    /// No hash.
    #[default]
    None,
    /// A cache key given by the caller, used verbatim (Flyte 2's `hash_method="str"`,
    /// `file_cache_key`, `dir_cache_key`).
    Precomputed(String),
    /// A hash of the bytes, computed while they stream (files only).
    Content(Box<dyn ContentHasher>),
}

impl HashMethod {
    /// sha256 hex of the content.
    pub fn sha256() -> Self {
        HashMethod::Content(Box::<Sha256Hex>::default())
    }

    /// md5 hex of the content.
    pub fn md5() -> Self {
        HashMethod::Content(Box::<Md5Hex>::default())
    }

    /// A verbatim cache key.
    pub fn precomputed(key: impl Into<String>) -> Self {
        HashMethod::Precomputed(key.into())
    }

    /// The hasher to feed while streaming, and the precomputed value.
    pub(crate) fn split(self) -> (Option<Box<dyn ContentHasher>>, Option<String>) {
        match self {
            HashMethod::None => (None, None),
            HashMethod::Precomputed(s) => (None, Some(s)),
            HashMethod::Content(h) => (Some(h), None),
        }
    }
}

impl std::fmt::Debug for HashMethod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HashMethod::None => f.write_str("None"),
            HashMethod::Precomputed(s) => f.debug_tuple("Precomputed").field(s).finish(),
            HashMethod::Content(_) => f.write_str("Content(..)"),
        }
    }
}

/// The hook for a user-supplied content hash of any value: sets `Literal.hash` to
/// `hash_fn(&literal)` (an empty result leaves it unset).
pub fn with_hash(mut literal: Literal, hash_fn: impl FnOnce(&Literal) -> String) -> Literal {
    literal.hash = hash_fn(&literal);
    literal
}

/// The default hash of an offloaded literal when the literal has none: standard base64 of the
/// sha256 of its deterministic protobuf bytes ([`crate::wire::encode_canonical`]).
///
/// flytekit v1 uses `compute_hash_string`, base64 of the sha256 of the protobuf's *JSON* form
/// (`MessageToDict`, sorted keys); pass your own function to
/// [`OffloadPolicy::hash_fn`](super::OffloadPolicy) to reproduce that exactly.
pub fn literal_digest(literal: &Literal) -> String {
    let digest = Sha256::digest(crate::wire::encode_canonical(literal));
    base64::engine::general_purpose::STANDARD.encode(digest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_digests() {
        let mut h: Box<dyn ContentHasher> = Box::<Sha256Hex>::default();
        h.update(b"a");
        h.update(b"bc");
        assert_eq!(
            h.finish(),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let mut h: Box<dyn ContentHasher> = Box::<Md5Hex>::default();
        h.update(b"abc");
        assert_eq!(h.finish(), "900150983cd24fb0d6963f7d28e17f72");
    }

    #[test]
    fn hook_sets_hash() {
        let lit = with_hash(Literal::default(), |_| "k".into());
        assert_eq!(lit.hash, "k");
    }
}
