//! `u16 n` + LiteralType bytes + Literal bytes: decode → Value → encode → decode round trip,
//! and the canonical protobuf rewriter (see `flyte_types::value::__fuzz::check_literal`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    flyte_types::value::__fuzz::check_literal(data);
});
