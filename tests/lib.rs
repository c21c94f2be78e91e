//! The integration tests, one binary (jiff's shape: `tests/lib.rs` and a module per file).
//!
//! One binary links the library once instead of once per file. Every `tests/*.rs` file is a
//! module here (`every_test_file_is_a_module` checks it), so a new file cannot be left out
//! silently; the shared helpers are the `*_support` modules and `corpus` (where the golden
//! corpus is).

mod cast_support;
mod corpus;
#[cfg(feature = "store")]
mod runtime_support;
mod sdk_support;

mod bench_data;
mod cast_corpus;
mod cast_infer;
mod cast_interface;
mod cast_limits;
mod cast_props;
mod cast_rules;
mod cast_schema;
mod derive_shapes;
mod derive_ui;
mod engine_api;
mod engine_corpus;
mod engine_direct;
mod engine_typed_sdk;
mod fuzz_regressions;
mod hash_vectors;
mod hostile_inputs;
mod idl_roundtrip;
mod msgpack_corpus;
mod prop_roundtrip_families;
mod render_vectors;
mod runtime_io;
mod runtime_task;
mod serde_types;
mod store_backends;
mod store_corpus;
mod taskio_files;
mod value_bad_input;
mod value_handles;
mod value_roundtrip;
mod value_serde;
mod wire_literal;

/// A test file that `tests/lib.rs` does not declare would never be compiled (the packages set
/// `autotests = false`): checked for every package of the workspace that has integration tests.
#[test]
fn every_test_file_is_a_module() {
    let workspace = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut missing = Vec::new();
    for package in [".", "cli", "transformers/flyte-types-dataframe"] {
        let dir = workspace.join(package).join("tests");
        let lib = std::fs::read_to_string(dir.join("lib.rs")).unwrap();
        for entry in std::fs::read_dir(&dir).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            if let Some(stem) = name.strip_suffix(".rs")
                && stem != "lib"
                && !lib.contains(&format!("\nmod {stem};\n"))
            {
                missing.push(format!("{package}/tests/{name}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "not declared in their tests/lib.rs: {missing:?}"
    );
}
