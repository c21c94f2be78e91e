//! The derive's compile errors, pinned (trybuild): every refused serde attribute and every
//! misplaced flyte attribute says what to do instead. `TRYBUILD=overwrite` rewrites the
//! `.stderr` files after a deliberate change of message.

#![cfg(feature = "derive")]

#[test]
fn derive_compile_errors() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
