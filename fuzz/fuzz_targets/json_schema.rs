//! `u8 flags` + `u16 n` + schema JSON + payload: the schema as a STRUCT type's metadata, the
//! payload as its msgpack and its canonical JSON (see
//! `flyte_types::value::__fuzz::check_json_schema`).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    flyte_types::value::__fuzz::check_json_schema(data);
});
