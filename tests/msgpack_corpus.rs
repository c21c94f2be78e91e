//! Every msgpack payload in the corpus (`Binary` with tag `"msgpack"`, wherever it sits in a
//! literal) decodes, and re-encodes to the SDK's bytes exactly.

use flyte_types::idl::core::{Literal, literal, scalar};
use flyte_types::msgpack::{decode, to_vec};
use prost::Message;

/// Collects the msgpack payloads of `lit` and the literals nested in it.
fn payloads(lit: &Literal, out: &mut Vec<Vec<u8>>) {
    match &lit.value {
        Some(literal::Value::Scalar(s)) => match &s.value {
            Some(scalar::Value::Binary(b)) if b.tag == "msgpack" => out.push(b.value.clone()),
            Some(scalar::Value::Union(u)) => {
                if let Some(v) = &u.value {
                    payloads(v, out);
                }
            }
            _ => {}
        },
        Some(literal::Value::Collection(c)) => c.literals.iter().for_each(|l| payloads(l, out)),
        Some(literal::Value::Map(m)) => m.literals.values().for_each(|l| payloads(l, out)),
        _ => {}
    }
}

#[test]
fn every_corpus_msgpack_payload_round_trips() {
    let root = crate::corpus::interop();
    let mut found = Vec::new();
    for sdk in ["flyte2", "flytekit1"] {
        for entry in std::fs::read_dir(root.join(sdk)).unwrap() {
            let case = entry.unwrap().path();
            let lit = Literal::decode(std::fs::read(case.join("literal.pb")).unwrap().as_slice())
                .unwrap();
            let mut docs = Vec::new();
            payloads(&lit, &mut docs);
            for doc in docs {
                let msg = decode(&doc).unwrap_or_else(|e| panic!("{}: {e}", case.display()));
                assert_eq!(to_vec(&msg).unwrap(), doc, "{}", case.display());
                found.push(case.clone());
            }
        }
    }
    found.dedup();
    found.sort();
    // The same cases as those whose case.json lists `msgpack_documents`: dataclasses, pydantic
    // models, tuples, NamedTuple, TypedDict, untyped dicts, and lists, dicts and unions of them.
    let mut listed = Vec::new();
    for sdk in ["flyte2", "flytekit1"] {
        for entry in std::fs::read_dir(root.join(sdk)).unwrap() {
            let case = entry.unwrap().path();
            let json: serde_json::Value =
                serde_json::from_slice(&std::fs::read(case.join("case.json")).unwrap()).unwrap();
            if json.get("msgpack_documents").is_some() {
                listed.push(case);
            }
        }
    }
    listed.sort();
    assert_eq!(found, listed);
    assert_eq!(found.len(), 26);
}
