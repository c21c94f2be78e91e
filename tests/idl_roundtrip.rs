//! The generated IDL types decode every corpus file and re-encode it byte for byte: prost with
//! sorted maps is the SDK's `SerializeToString(deterministic=True)`.

use flyte_types::idl::core::{Literal, LiteralType};
use prost::Message;
use std::path::PathBuf;

fn corpus_cases() -> Vec<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/interop");
    let mut cases = Vec::new();
    for sdk in ["flyte2", "flytekit1"] {
        for entry in std::fs::read_dir(root.join(sdk)).expect("corpus folder") {
            cases.push(entry.unwrap().path());
        }
    }
    cases.sort();
    cases
}

#[test]
fn every_corpus_literal_and_type_reencodes_identically() {
    let cases = corpus_cases();
    assert_eq!(cases.len(), 99);
    for case in cases {
        let lit_bytes = std::fs::read(case.join("literal.pb")).unwrap();
        let lit = Literal::decode(lit_bytes.as_slice()).unwrap();
        assert_eq!(lit.encode_to_vec(), lit_bytes, "{}", case.display());
        let ty_bytes = std::fs::read(case.join("type.pb")).unwrap();
        let ty = LiteralType::decode(ty_bytes.as_slice()).unwrap();
        assert_eq!(ty.encode_to_vec(), ty_bytes, "{}", case.display());
    }
}
