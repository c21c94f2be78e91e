//! A selector byte + Literal bytes, read as the selected Rust type from the bytes and from the
//! tree: the same value, never a panic (see `flyte_types::engine::__fuzz::check_typed_literal`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    flyte_types::engine::__fuzz::check_typed_literal(data);
});
