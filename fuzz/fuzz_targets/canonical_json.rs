//! `u8 s` + JSON: the JSON as a value of the `s`-th corpus type, encoded and decoded back
//! (see `flyte_types::value::__fuzz::check_canonical_json`).
#![no_main]

use flyte_types::idl::core::LiteralType;
use flyte_types::value::__fuzz;
use std::sync::OnceLock;

fn types() -> &'static [LiteralType] {
    static TYPES: OnceLock<Vec<LiteralType>> = OnceLock::new();
    TYPES.get_or_init(|| {
        let interop = std::env::var_os("FLYTE_TYPES_INTEROP").map_or_else(
            || concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/interop").into(),
            std::path::PathBuf::from,
        );
        __fuzz::corpus_types(&interop)
    })
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    __fuzz::check_canonical_json(types(), data);
});
