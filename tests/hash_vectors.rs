//! Every hashing vector of ../shared/interop/hashing (produced by the Flyte 2 SDK) and the extra
//! SDK-generated vectors of tests/data (gen_hash_render_vectors.py) reproduced exactly.

use flyte_types::hash;
use flyte_types::idl::core::TypedInterface;
use flyte_types::idl::task::Inputs;
use prost::Message;
use serde_json::Value;
use std::path::PathBuf;

fn golden_dir() -> PathBuf {
    crate::corpus::interop().join("hashing")
}

use crate::corpus::data as data_dir;

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn load(path: PathBuf) -> Value {
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

fn golden_vectors() -> Vec<Value> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(golden_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let n = p.file_name().unwrap().to_str().unwrap();
            n.ends_with(".json") && n.as_bytes()[0].is_ascii_digit()
        })
        .collect();
    paths.sort();
    paths.into_iter().map(load).collect()
}

fn strs(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn golden_inputs_hash_repr_and_filtered_hash() {
    let vectors = golden_vectors();
    assert!(vectors.len() >= 13, "expected the 13 golden vectors");
    for v in &vectors {
        let case = v["case"].as_str().unwrap();
        let bytes = unhex(v["inputs_proto_hex_deterministic"].as_str().unwrap());
        let inputs = Inputs::decode(bytes.as_slice()).unwrap();
        for (nl, p) in inputs
            .literals
            .iter()
            .zip(v["per_input"].as_array().unwrap())
        {
            assert_eq!(nl.name, p["name"].as_str().unwrap());
            let repr = hash::literal_repr(nl.value.as_ref().unwrap());
            assert_eq!(
                hex(&repr),
                p["repr_hex"].as_str().unwrap(),
                "{case}: repr of {}",
                nl.name
            );
        }
        assert_eq!(
            hex(&hash::named_literals_repr(&inputs.literals)),
            v["hashed_bytes_hex"].as_str().unwrap(),
            "{case}: hashed bytes"
        );
        assert_eq!(
            hash::inputs_hash_from_proto(&inputs),
            v["inputs_hash"].as_str().unwrap(),
            "{case}"
        );
        let ignored = strs(&v["ignored_inputs"]);
        if let Some(f) = v["filtered_inputs_hash"].as_str() {
            assert_eq!(
                hash::filtered_inputs_hash(&inputs, &ignored),
                f,
                "{case}: filtered"
            );
        }
        let content =
            v["content_inputs_hash (root-run override, None = defer to backend)"].as_str();
        assert_eq!(
            hash::content_inputs_hash(&inputs, &ignored).as_deref(),
            content,
            "{case}: content"
        );
    }
}

#[test]
fn golden_interface_hash_cache_key_task_identity_and_action_name() {
    for v in golden_vectors() {
        let case = v["case"].as_str().unwrap();
        let iface_bytes = unhex(v["interface_hashed_bytes_hex"].as_str().unwrap());
        let iface = TypedInterface::decode(iface_bytes.as_slice()).unwrap();
        assert_eq!(
            hash::interface_bytes(&iface),
            iface_bytes,
            "{case}: interface bytes"
        );
        assert_eq!(
            hash::interface_hash(&iface),
            v["interface_hash"].as_str().unwrap(),
            "{case}"
        );

        let inputs =
            Inputs::decode(unhex(v["inputs_proto_hex_deterministic"].as_str().unwrap()).as_slice())
                .unwrap();
        let task = v["task_name"].as_str().unwrap();
        let version = v["cache_version"].as_str().unwrap();
        let ignored = strs(&v["ignored_inputs"]);
        assert_eq!(
            hash::cache_key(task, &inputs, &iface, version, &ignored),
            v["cache_key"].as_str().unwrap(),
            "{case}: cache key"
        );
        // The SDK's signature: the unfiltered hash is passed but unused when inputs are ignored.
        assert_eq!(
            hash::cache_key_hash(task, "unused", &iface, version, &ignored, &inputs),
            if ignored.is_empty() {
                hash::hash_data(
                    format!("unused{task}{}{version}", hash::interface_hash(&iface)).as_bytes(),
                )
            } else {
                v["cache_key"].as_str().unwrap().to_string()
            }
        );
        let identity = hash::task_identity_hash(task, &iface, version);
        assert_eq!(
            identity,
            v["task_identity_hash"].as_str().unwrap(),
            "{case}: identity"
        );
        let name_hash = v["filtered_inputs_hash"]
            .as_str()
            .unwrap_or(v["inputs_hash"].as_str().unwrap());
        assert_eq!(
            hash::sub_action_name("a0", name_hash, &identity, 1, None),
            v["sub_action_name (md5->base36)"].as_str().unwrap(),
            "{case}: sub-action name"
        );
    }
}

#[test]
fn golden_and_extra_msgpack_canonicalization() {
    let golden = load(golden_dir().join("msgpack_canonicalization.json"));
    let extra = load(data_dir().join("msgpack_canonical_extra.json"));
    let mut n = 0;
    for cases in [&golden["cases"], &extra] {
        for (name, c) in cases.as_object().unwrap() {
            let input = unhex(c["input_hex"].as_str().unwrap());
            assert_eq!(
                hex(&hash::canonical_msgpack(&input)),
                c["canonical_hex"].as_str().unwrap(),
                "msgpack case {name}"
            );
            n += 1;
        }
    }
    assert!(n >= 35);
}

#[test]
fn extra_sdk_vectors() {
    let cases = load(data_dir().join("hash_extra.json"));
    for v in cases.as_array().unwrap() {
        let case = v["case"].as_str().unwrap();
        let inputs = Inputs::decode(unhex(v["inputs_hex"].as_str().unwrap()).as_slice()).unwrap();
        let iface =
            TypedInterface::decode(unhex(v["interface_hex"].as_str().unwrap()).as_slice()).unwrap();
        let ignored = strs(&v["ignored_inputs"]);
        for (nl, r) in inputs
            .literals
            .iter()
            .zip(v["per_input_repr_hex"].as_array().unwrap())
        {
            let empty = Default::default();
            let repr = hash::literal_repr(nl.value.as_ref().unwrap_or(&empty));
            assert_eq!(
                hex(&repr),
                r.as_str().unwrap(),
                "{case}: repr of {}",
                nl.name
            );
        }
        assert_eq!(
            hex(&hash::named_literals_repr(&inputs.literals)),
            v["hashed_bytes_hex"].as_str().unwrap(),
            "{case}"
        );
        assert_eq!(
            hash::inputs_hash_from_proto(&inputs),
            v["inputs_hash"].as_str().unwrap(),
            "{case}"
        );
        if let Some(f) = v["filtered_inputs_hash"].as_str() {
            assert_eq!(
                hash::filtered_inputs_hash(&inputs, &ignored),
                f,
                "{case}: filtered"
            );
        }
        assert_eq!(
            hash::content_inputs_hash(&inputs, &ignored).as_deref(),
            v["content_inputs_hash"].as_str(),
            "{case}: content hash"
        );
        assert_eq!(
            hash::interface_hash(&iface),
            v["interface_hash"].as_str().unwrap(),
            "{case}"
        );
        let task = v["task_name"].as_str().unwrap();
        let version = v["cache_version"].as_str().unwrap();
        assert_eq!(
            hash::cache_key(task, &inputs, &iface, version, &ignored),
            v["cache_key"].as_str().unwrap(),
            "{case}: cache key"
        );
        let identity = hash::task_identity_hash(task, &iface, version);
        assert_eq!(
            identity,
            v["task_identity_hash"].as_str().unwrap(),
            "{case}"
        );
        let name_hash = v["filtered_inputs_hash"]
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| hash::inputs_hash_from_proto(&inputs));
        assert_eq!(
            hash::sub_action_name("a0", &name_hash, &identity, 1, None),
            v["sub_action_name"].as_str().unwrap(),
            "{case}: sub-action name"
        );
    }
}

#[test]
fn no_inputs_hash_is_empty_and_hash_data_is_standard_base64() {
    assert_eq!(hash::inputs_hash(&[]), "");
    assert_eq!(
        hash::hash_data(b""),
        "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
    );
}
