//! `u16 n` + LiteralType bytes + LiteralType bytes: `is_castable` both ways never panics, and
//! a valid type is castable to itself (see `flyte_types::value::__fuzz::check_castability`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    flyte_types::value::__fuzz::check_castability(data);
});
