//! The corpus's storage-backed cases through the Store, and the other direction: what the Store
//! uploads, read back by the real Flyte 2 SDK (shared/interop/py_decode.py).
//!
//! The Python check needs the SDK venv (scripts/setup-python.sh); without it the test fails,
//! unless FLYTE_TYPES_NO_PYTHON=1 is set (then it says loudly that it skipped).
#![cfg(feature = "store")]

use flyte_types::engine::{Dir, File, FlyteType};
use flyte_types::idl::core::{Literal, LiteralType, literal};
use flyte_types::io::{
    BlockingStore, HashMethod, OffloadPolicy, Store, StoreConfig, UploadOptions,
    pickle_literal_type,
};
use flyte_types::value::{Decoder, PickleData, Pickled, Value, canonical_diff};
use prost::Message;
use serde_json::{Value as Json, json};
use sha2::Digest;
use std::path::{Path, PathBuf};

use crate::corpus::shared;

fn temp(tag: &str) -> PathBuf {
    let p = std::env::temp_dir().join(format!(
        "flyte-types-{tag}-{}-{}",
        std::process::id(),
        flyte_types::io::uri::random_hex()
    ));
    std::fs::create_dir_all(&p).unwrap();
    p
}

const FAMILIES: [&str; 6] = [
    "file_",
    "dir_",
    "pickle_",
    "offloaded_",
    "dc_with_io_",
    "flytefile_",
];

/// Every uri a value points to.
fn uris(v: &Value, out: &mut Vec<(&'static str, String)>) {
    match v {
        Value::File(b) => out.push(("file", b.uri.clone())),
        Value::Dir(b) => out.push(("dir", b.uri.clone())),
        Value::Pickle(p) => {
            if let PickleData::Uri(u) = &p.data {
                out.push(("pickle", u.clone()));
            }
        }
        Value::List(items) => items.iter().for_each(|i| uris(i, out)),
        Value::Map(entries) => entries.iter().for_each(|(_, i)| uris(i, out)),
        _ => {}
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn corpus_files_are_readable_through_the_store() {
    let mut cases = Vec::new();
    for sdk in ["flyte2", "flytekit1"] {
        let dir = shared().join("interop").join(sdk);
        for e in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = e.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if FAMILIES.iter().any(|f| name.starts_with(f)) || name == "pickle_user_class" {
                cases.push(path);
            }
        }
    }
    cases.sort();
    cases.dedup();
    let raw = temp("corpus");
    let (mut read_local, mut remote) = (0, 0);
    for case in &cases {
        let meta: Json =
            serde_json::from_slice(&std::fs::read(case.join("case.json")).unwrap()).unwrap();
        let ty =
            LiteralType::decode(std::fs::read(case.join("type.pb")).unwrap().as_slice()).unwrap();
        let lit =
            Literal::decode(std::fs::read(case.join("literal.pb")).unwrap().as_slice()).unwrap();
        let expected: Json =
            serde_json::from_slice(&std::fs::read(case.join("value.json")).unwrap()).unwrap();
        let prefix = meta["uri_prefix"].as_str().unwrap_or("/tmp/flyte-golden");
        let store = Store::new(
            StoreConfig::new(raw.display().to_string()).with_rewrite(prefix, case.join("data")),
        )
        .unwrap();
        let blocking = BlockingStore::new(store.clone());
        // The value decoder reads offloaded literals through the Store (sync seam) …
        let value = Decoder::with_store(&blocking).decode(&ty, &lit).unwrap();
        assert_eq!(
            canonical_diff(&expected, &value.to_json()),
            None,
            "{}",
            case.display()
        );
        // … and so does the Store itself.
        if matches!(lit.value, Some(literal::Value::OffloadedMetadata(_))) {
            let inline = store.load_offloaded(&lit).await.unwrap();
            let again = flyte_types::value::decode(&ty, &inline).unwrap();
            assert_eq!(again, value, "{}", case.display());
            read_local += 1;
        }
        let mut found = Vec::new();
        uris(&value, &mut found);
        for (kind, uri) in found {
            if !flyte_types::io::uri::is_local(&uri) {
                remote += 1;
                continue;
            }
            let data = case
                .join("data")
                .join(uri.strip_prefix(prefix).unwrap().trim_start_matches('/'));
            match kind {
                "file" => {
                    let got = store.read_bytes(&uri, 1 << 30).await.unwrap();
                    assert_eq!(got, std::fs::read(&data).unwrap(), "{uri}");
                    let mut r = store.open_file(&File::new(&uri)).await.unwrap();
                    let mut streamed = Vec::new();
                    tokio::io::AsyncReadExt::read_to_end(&mut r, &mut streamed)
                        .await
                        .unwrap();
                    assert_eq!(streamed, got);
                }
                "dir" => {
                    let files = store.walk_dir(&Dir::new(&uri)).await.unwrap();
                    assert!(!files.is_empty(), "{uri}");
                    for (rel, f) in files {
                        let got = store.read_bytes(&f.uri, 1 << 30).await.unwrap();
                        assert_eq!(got, std::fs::read(data.join(&rel)).unwrap(), "{uri} {rel}");
                    }
                }
                _ => {
                    let p = Pickled {
                        data: PickleData::Uri(uri.clone()),
                        hash: None,
                    };
                    let got = store.read_pickle(&p).await.unwrap();
                    assert_eq!(got, std::fs::read(&data).unwrap(), "{uri}");
                }
            }
            read_local += 1;
        }
    }
    std::fs::remove_dir_all(&raw).unwrap();
    eprintln!(
        "{} storage cases: {read_local} local objects read through the Store, {remote} remote uris (not fetched)",
        cases.len()
    );
    // file_local, dir_local, pickle_large_blob, offloaded_list_int, dc_with_io_local (flyte2),
    // flytefile_local, pickle_user_class (flytekit1).
    assert_eq!((cases.len(), read_local, remote), (15, 7, 5));
}

/// Writes one case folder in the corpus layout.
fn write_case(out: &Path, name: &str, ty: &LiteralType, lit: &Literal, value: &Json, case: Json) {
    let dir = out.join(name);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("type.pb"), flyte_types::wire::encode_canonical(ty)).unwrap();
    std::fs::write(
        dir.join("literal.pb"),
        flyte_types::wire::encode_canonical(lit),
    )
    .unwrap();
    std::fs::write(
        dir.join("value.json"),
        serde_json::to_vec_pretty(value).unwrap(),
    )
    .unwrap();
    std::fs::write(
        dir.join("case.json"),
        serde_json::to_vec_pretty(&case).unwrap(),
    )
    .unwrap();
}

/// The golden case.json without its data layout (our uris are real local paths).
fn golden_meta(case: &Path, name: &str) -> Json {
    let mut meta: Json =
        serde_json::from_slice(&std::fs::read(case.join("case.json")).unwrap()).unwrap();
    let obj = meta.as_object_mut().unwrap();
    for k in [
        "uri_prefix",
        "data_files",
        "literal_text",
        "offloaded_inner_literal_text",
    ] {
        obj.remove(k);
    }
    obj.insert("name".into(), json!(name));
    meta
}

fn file_json(key: &str, uri: &str, format: &str, hash: Option<&str>) -> Json {
    let mut inner = json!({"uri": uri, "format": format});
    if let Some(h) = hash {
        inner["hash"] = json!(h);
    }
    json!({ key: inner })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn uploads_are_read_back_by_the_flyte2_sdk() {
    let golden = shared().join("interop/flyte2");
    let out = temp("reverse-io");
    let src = temp("reverse-src");
    std::fs::write(src.join("hello.csv"), b"a,b\n1,2\n").unwrap();
    std::fs::create_dir_all(src.join("dir1/sub")).unwrap();
    std::fs::write(src.join("dir1/part-0.txt"), b"zero\n").unwrap();
    std::fs::write(src.join("dir1/sub/part-1.txt"), b"one\n").unwrap();
    let raw = |case: &str| out.join(case).join("data/raw");

    // File.from_local with a local raw-data prefix: no copy, the literal points at the file.
    let store = Store::local(raw("file_nocopy")).unwrap();
    let f = store
        .upload_file(src.join("hello.csv"), UploadOptions::default())
        .await
        .unwrap();
    assert_eq!(f.uri, src.join("hello.csv").display().to_string());
    write_case(
        &out,
        "file_nocopy",
        &File::literal_type(),
        &f.to_literal().unwrap(),
        &file_json("$file", &f.uri, "", None),
        golden_meta(&golden.join("file_local"), "file_nocopy"),
    );

    // An explicit destination: copied, sha256 streamed into Literal.hash, format kept.
    let dst = raw("file_copied").join("dest/hello.csv");
    let f = store
        .upload_file(
            src.join("hello.csv"),
            UploadOptions::to(dst.display().to_string())
                .with_format("csv")
                .with_hash(HashMethod::sha256()),
        )
        .await
        .unwrap();
    assert_eq!(std::fs::read(&dst).unwrap(), b"a,b\n1,2\n");
    let hash = f.hash.clone().unwrap();
    assert_eq!(
        hash,
        flyte_types::io::uri::hex(&sha2::Sha256::digest(b"a,b\n1,2\n"))
    );
    write_case(
        &out,
        "file_copied",
        &File::literal_type(),
        &f.to_literal().unwrap(),
        &file_json("$file", &f.uri, "csv", Some(&hash)),
        golden_meta(&golden.join("file_local"), "file_copied"),
    );

    // A folder uploaded to a raw-data prefix that is not the folder's own place.
    let dst = raw("dir_copied").join("dest/dir1");
    let d = store
        .upload_dir(
            src.join("dir1"),
            UploadOptions::to(dst.display().to_string()),
        )
        .await
        .unwrap();
    assert_eq!(std::fs::read(dst.join("sub/part-1.txt")).unwrap(), b"one\n");
    write_case(
        &out,
        "dir_copied",
        &Dir::literal_type(),
        &d.to_literal().unwrap(),
        &file_json("$dir", &d.uri, "", None),
        golden_meta(&golden.join("dir_local"), "dir_copied"),
    );

    // A large pickle goes to a blob under the raw-data prefix; the SDK unpickles it.
    let case = golden.join("pickle_large_blob");
    let golden_ty =
        LiteralType::decode(std::fs::read(case.join("type.pb")).unwrap().as_slice()).unwrap();
    assert_eq!(pickle_literal_type("<class 'list'>"), golden_ty);
    let blob = std::fs::read(
        case.join("data/raw/131b13fa6aa47a9e0f7b6e2924ef6336/252d72f4be90ca394bc9dd3610cc7214"),
    )
    .unwrap();
    let store = Store::local(raw("pickle_blob")).unwrap();
    // 3662 bytes of pickle: inline by our byte rule; Flyte 2 compares sys.getsizeof of the list
    // (list(range(1300)): 10456 bytes on CPython 3.11) and writes a blob. Given that size, we do too.
    let p = store.put_pickle(blob.clone(), None).await.unwrap();
    assert_eq!(p.data, PickleData::Inline(blob.clone()));
    let p = store
        .put_pickle_sized(blob.clone(), None, 10456)
        .await
        .unwrap();
    let PickleData::Uri(uri) = &p.data else {
        panic!("expected a blob")
    };
    assert!(uri.ends_with("/252d72f4be90ca394bc9dd3610cc7214"), "{uri}");
    let lit = Value::Pickle(Box::new(p.clone()))
        .to_literal(&golden_ty)
        .unwrap();
    write_case(
        &out,
        "pickle_blob",
        &golden_ty,
        &lit,
        &json!({"$pickle": {"uri": uri}}),
        golden_meta(&case, "pickle_blob"),
    );

    // A small pickle stays inline: byte for byte the SDK's literal.
    let case = golden.join("pickle_user_class");
    let golden_lit = std::fs::read(case.join("literal.pb")).unwrap();
    let ty = LiteralType::decode(std::fs::read(case.join("type.pb")).unwrap().as_slice()).unwrap();
    let Value::Pickle(pickle) = flyte_types::value::decode_bytes(&ty, &golden_lit).unwrap() else {
        panic!("expected a pickle")
    };
    let PickleData::Inline(bytes) = pickle.data else {
        panic!("expected an inline pickle")
    };
    let p = store.put_pickle(bytes.clone(), None).await.unwrap();
    let lit = Value::Pickle(Box::new(p)).to_literal(&ty).unwrap();
    assert_eq!(flyte_types::wire::encode_canonical(&lit), golden_lit);

    // An offloaded output, as flytekit v1 writes it; the SDK downloads and decodes it.
    let case = golden.join("offloaded_list_int");
    let ty = LiteralType::decode(std::fs::read(case.join("type.pb")).unwrap().as_slice()).unwrap();
    let inner_bytes =
        std::fs::read(case.join("data/raw/offloaded/offloaded_list_int/o0_offloaded_metadata.pb"))
            .unwrap();
    let inner = Literal::decode(inner_bytes.as_slice()).unwrap();
    let prefix = raw("offloaded").join("outputs").display().to_string();
    let policy = OffloadPolicy {
        min_bytes: 1024,
        ..Default::default()
    };
    let stub = store
        .offload_output("o0", inner, &ty, &prefix, &policy)
        .await
        .unwrap();
    let Some(literal::Value::OffloadedMetadata(meta)) = &stub.value else {
        panic!("not offloaded")
    };
    assert_eq!(meta.size_bytes, 17876);
    assert_eq!(
        std::fs::read(&meta.uri).unwrap(),
        inner_bytes,
        "offloaded bytes differ from the SDK's"
    );
    let value: Json =
        serde_json::from_slice(&std::fs::read(case.join("value.json")).unwrap()).unwrap();
    write_case(
        &out,
        "offloaded",
        &ty,
        &stub,
        &value,
        golden_meta(&case, "offloaded"),
    );

    let Some(python) = crate::sdk_support::python("the Flyte 2 SDK read-back") else {
        return;
    };
    assert_eq!(
        crate::sdk_support::py_decode(&python, &out),
        "5 passed, 0 failed"
    );
    std::fs::remove_dir_all(&out).unwrap();
    std::fs::remove_dir_all(&src).unwrap();
}
