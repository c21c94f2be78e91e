//! `u8 s` + msgpack payload: the codec, then the payload as the `s`-th corpus STRUCT type
//! (see `flyte_types::value::__fuzz::check_msgpack`).
#![no_main]

use flyte_types::idl::core::LiteralType;
use flyte_types::value::__fuzz;
use std::sync::OnceLock;

fn struct_types() -> &'static [LiteralType] {
    static TYPES: OnceLock<Vec<LiteralType>> = OnceLock::new();
    TYPES.get_or_init(|| __fuzz::struct_types(&__fuzz::corpus_types(&interop())))
}

fn interop() -> std::path::PathBuf {
    std::env::var_os("FLYTE_TYPES_INTEROP").map_or_else(
        || concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/interop").into(),
        Into::into,
    )
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    __fuzz::check_msgpack(struct_types(), data);
});
