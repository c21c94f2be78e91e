//! The generated IDL types decode every corpus file, and `wire::encode_canonical` re-encodes it
//! byte for byte as the SDK's `SerializeToString(deterministic=True)` wrote it. `canonicalize`
//! leaves those bytes as they are and turns prost's own (differently ordered) encoding into them.

use flyte_types::idl::core::{Literal, LiteralType};
use flyte_types::idl::task::{Inputs, Outputs};
use flyte_types::wire::{canonicalize, encode_canonical};
use prost::{Message, Name};
use std::path::{Path, PathBuf};

use crate::corpus::interop as shared;

fn corpus_cases() -> Vec<PathBuf> {
    let mut cases = Vec::new();
    for sdk in ["flyte2", "flytekit1"] {
        for entry in std::fs::read_dir(shared().join(sdk)).expect("corpus folder") {
            cases.push(entry.unwrap().path());
        }
    }
    cases.sort();
    cases
}

/// Decodes `file` as `M` and checks both ways of producing the SDK's bytes.
fn check<M: Message + Name + Default + 'static>(file: &Path) {
    let bytes = std::fs::read(file).unwrap();
    let msg = M::decode(bytes.as_slice()).unwrap();
    assert_eq!(
        encode_canonical(&msg),
        bytes,
        "encode_canonical {}",
        file.display()
    );
    let name = M::full_name();
    assert_eq!(
        canonicalize(&bytes, &name).unwrap(),
        bytes,
        "canonicalize SDK bytes {}",
        file.display()
    );
    let prost_bytes = msg.encode_to_vec();
    assert_eq!(
        canonicalize(&prost_bytes, &name).unwrap(),
        bytes,
        "canonicalize prost bytes {}",
        file.display()
    );
}

#[test]
fn every_corpus_literal_and_type_reencodes_identically() {
    let cases = corpus_cases();
    assert_eq!(cases.len(), 99);
    for case in cases {
        check::<Literal>(&case.join("literal.pb"));
        check::<LiteralType>(&case.join("type.pb"));
    }
}

#[test]
fn task_inputs_and_outputs_reencode_identically() {
    let mut checked = 0;
    for entry in std::fs::read_dir(shared().join("task-io")).unwrap() {
        let dir = entry.unwrap().path();
        if dir.join("inputs.pb").exists() {
            check::<Inputs>(&dir.join("inputs.pb"));
            checked += 1;
        }
        if dir.join("outputs.pb").exists() {
            check::<Outputs>(&dir.join("outputs.pb"));
            checked += 1;
        }
    }
    assert_eq!(checked, 4);
}

/// prost alone does not write the SDK's bytes for these files, which is why `encode_canonical`
/// exists: the pickle types have `metadata` (6) and the `union_type` (10) oneof, which prost
/// writes first; the `*_complex` JSON schemas have properties `maybe` and `maybe_missing`, which
/// upb writes longer key first, unlike `BTreeMap`.
#[test]
fn plain_prost_encoding_differs_exactly_where_expected() {
    let mut differing = Vec::new();
    for case in corpus_cases() {
        let case_name = case.strip_prefix(shared()).unwrap().display().to_string();
        let lit_bytes = std::fs::read(case.join("literal.pb")).unwrap();
        if Literal::decode(lit_bytes.as_slice())
            .unwrap()
            .encode_to_vec()
            != lit_bytes
        {
            differing.push(format!("{case_name}/literal.pb"));
        }
        let ty_bytes = std::fs::read(case.join("type.pb")).unwrap();
        if LiteralType::decode(ty_bytes.as_slice())
            .unwrap()
            .encode_to_vec()
            != ty_bytes
        {
            differing.push(format!("{case_name}/type.pb"));
        }
    }
    let expected = [
        "flyte2/bytes_pickle/type.pb",
        "flyte2/bytes_pickle_small/type.pb",
        "flyte2/dc_complex/type.pb",
        "flyte2/literal_raw_typeengine_pickle/type.pb",
        "flyte2/pickle_any/type.pb",
        "flyte2/pickle_large_blob/type.pb",
        "flyte2/pickle_set/type.pb",
        "flyte2/pickle_time/type.pb",
        "flyte2/pickle_user_class/type.pb",
        "flyte2/pyd_complex/type.pb",
        "flytekit1/dc_complex/type.pb",
        "flytekit1/pyd_complex/type.pb",
    ];
    assert_eq!(differing, expected);
}

/// The `ErrorDocument`s Flyte 2's `upload_error` wrote (tests/data/errors, gen_error_docs.py)
/// re-encode byte for byte.
#[test]
fn every_sdk_error_document_reencodes_identically() {
    let root = crate::corpus::data().join("errors");
    let mut n = 0;
    for entry in std::fs::read_dir(&root).unwrap() {
        let case = entry.unwrap().path();
        if case.is_dir() {
            check::<flyte_types::idl::core::ErrorDocument>(&case.join("error.pb"));
            n += 1;
        }
    }
    assert_eq!(n, 8);
}
