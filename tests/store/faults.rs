//! Faults survived, nothing half-written: a fault-injecting `ObjectStore` wrapper
//! (tests/store/faulty.rs) fails the Nth request, the Nth part or a read mid-stream, and each test
//! checks exactly what is (not) visible afterwards. The store is plugged in with
//! `Store::from_object_store`, the way a caller with its own client does.

use super::TempDir;
use super::failure;
use super::faulty::{Fault, Faulty};
use flyte_types::Error;
use flyte_types::engine::{Dir, File};
use flyte_types::io::{Store, StoreConfig, UploadOptions};
use flyte_types::storage::StoreErrorKind;
use std::sync::Arc;
use std::sync::atomic::Ordering;

const MIB: usize = 1024 * 1024;
const PREFIX: &str = "faulty://bucket";

/// A store over `faulty`, with 5 MiB parts, one part in flight at a time (deterministic order).
fn store(faulty: &Arc<Faulty>) -> Store {
    let mut config = StoreConfig::new(PREFIX).with_object_store(PREFIX, faulty.clone());
    config.part_concurrency = 1;
    config.max_concurrency = 1;
    Store::new(config).unwrap()
}

fn entries(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn backend_error(err: Error) -> (String, String) {
    match super::failure::<()>(Err(err)) {
        Err((StoreErrorKind::Backend { uri }, message)) => (uri, message),
        other => panic!("expected Backend, got {other:?}"),
    }
}

#[tokio::test]
async fn a_failed_part_aborts_the_upload_and_leaves_no_object() {
    let faulty = Faulty::new(Fault::Part(2));
    let store = store(&faulty);
    let tmp = TempDir::new("faults-part");
    let src = tmp.0.join("big.bin");
    std::fs::write(&src, vec![7u8; 16 * MIB]).unwrap();
    let dst = format!("{PREFIX}/out/big.bin");
    let err = store
        .upload_file(&src, UploadOptions::to(&dst))
        .await
        .unwrap_err();
    let (uri, message) = backend_error(err);
    assert_eq!(uri, dst);
    assert_eq!(message, "Generic faulty error: injected fault: part 2");
    assert_eq!(faulty.keys().await, Vec::<String>::new());
    assert_eq!(faulty.counts.aborts.load(Ordering::SeqCst), 1);
    assert_eq!(faulty.counts.completes.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn a_failed_complete_aborts_the_upload() {
    let faulty = Faulty::new(Fault::Complete);
    let store = store(&faulty);
    let tmp = TempDir::new("faults-complete");
    let src = tmp.0.join("big.bin");
    std::fs::write(&src, vec![1u8; 11 * MIB]).unwrap();
    let dst = format!("{PREFIX}/out/big.bin");
    let (uri, message) = backend_error(
        store
            .upload_file(&src, UploadOptions::to(&dst))
            .await
            .unwrap_err(),
    );
    assert_eq!(
        (uri.as_str(), message.as_str()),
        (
            dst.as_str(),
            "Generic faulty error: injected fault: complete"
        )
    );
    assert_eq!(faulty.keys().await, Vec::<String>::new());
    // 5 + 5 + 1 MiB: three parts sent, then complete failed and the upload was aborted.
    assert_eq!(faulty.counts.parts.load(Ordering::SeqCst), 3);
    assert_eq!(faulty.counts.aborts.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_failed_folder_upload_deletes_what_it_wrote() {
    let faulty = Faulty::new(Fault::Put(3));
    let store = store(&faulty);
    let tmp = TempDir::new("faults-dirup");
    let tree = tmp.0.join("tree");
    for i in 0..5 {
        std::fs::create_dir_all(tree.join("sub")).unwrap();
        std::fs::write(tree.join(format!("sub/f{i}.txt")), format!("file {i}")).unwrap();
    }
    let dst = format!("{PREFIX}/dirs/tree");
    let (uri, message) = backend_error(
        store
            .upload_dir(&tree, UploadOptions::to(&dst))
            .await
            .unwrap_err(),
    );
    // One file at a time, in name order: f0, f1 written, f2 failed, the rest not started.
    assert_eq!(uri, format!("{dst}/sub/f2.txt"));
    assert_eq!(message, "Generic faulty error: injected fault: put 3");
    assert_eq!(faulty.keys().await, Vec::<String>::new());
}

#[tokio::test]
async fn a_download_cut_mid_stream_leaves_no_file() {
    let faulty = Faulty::new(Fault::None);
    let store = store(&faulty);
    let uri = format!("{PREFIX}/in/data.bin");
    store.write_bytes(&uri, vec![3u8; 3 * MIB]).await.unwrap();
    faulty.set_fault(Fault::ReadAfter(MIB));
    let tmp = TempDir::new("faults-down");
    let target = tmp.0.join("got/data.bin");
    let err = store
        .download_file(&File::new(&uri), Some(&target))
        .await
        .unwrap_err();
    let (at, message) = backend_error(err);
    assert_eq!(at, uri);
    assert_eq!(
        message,
        format!("Generic faulty error: injected fault: read after {MIB} bytes")
    );
    assert!(!target.exists());
    assert_eq!(entries(target.parent().unwrap()), Vec::<String>::new());
}

#[tokio::test]
async fn a_failed_folder_download_leaves_no_folder() {
    let faulty = Faulty::new(Fault::None);
    let store = store(&faulty);
    let dir = format!("{PREFIX}/tree");
    store
        .write_bytes(&format!("{dir}/a.txt"), b"small".to_vec())
        .await
        .unwrap();
    store
        .write_bytes(&format!("{dir}/b/c.bin"), vec![9u8; 2 * MIB])
        .await
        .unwrap();
    faulty.set_fault(Fault::ReadAfter(MIB));
    let tmp = TempDir::new("faults-dirdown");
    let target = tmp.0.join("tree");
    let (at, _) = backend_error(
        store
            .download_dir(&Dir::new(&dir), Some(&target))
            .await
            .unwrap_err(),
    );
    assert_eq!(at, format!("{dir}/b/c.bin"));
    assert!(!target.exists());
    assert_eq!(entries(&tmp.0), Vec::<String>::new());
}

#[tokio::test]
async fn unknown_length_uploads_grow_their_parts() {
    // 20 parts at most: the part size doubles every 2 parts (10,000 and 1,000 in production).
    let faulty = Faulty::new(Fault::None);
    let mut config = StoreConfig::new(PREFIX).with_object_store(PREFIX, faulty.clone());
    config.part_concurrency = 1;
    config.max_parts = 20;
    let store = Store::new(config).unwrap();
    let uri = format!("{PREFIX}/stream.bin");
    let data: Vec<u8> = (0..(45 * MIB + 3)).map(|i| (i % 251) as u8).collect();
    let mut w = store.writer(&uri, None).unwrap();
    for chunk in data.chunks(MIB + 17) {
        tokio::io::AsyncWriteExt::write_all(&mut w, chunk)
            .await
            .unwrap();
    }
    assert_eq!(w.finish().await.unwrap().size, data.len() as u64);
    assert_eq!(
        *faulty.counts.part_sizes.lock().unwrap(),
        [5 * MIB, 5 * MIB, 10 * MIB, 10 * MIB, 15 * MIB + 3]
    );
    assert_eq!(store.read_bytes(&uri, u64::MAX).await.unwrap(), data);
    // A known length gets one part size, the smallest whole MiB that fits 20 parts.
    let tmp = TempDir::new("faults-sized");
    let src = tmp.0.join("f.bin");
    std::fs::write(&src, &data).unwrap();
    faulty.counts.part_sizes.lock().unwrap().clear();
    store
        .upload_file(&src, UploadOptions::to(format!("{PREFIX}/sized.bin")))
        .await
        .unwrap();
    assert_eq!(
        *faulty.counts.part_sizes.lock().unwrap(),
        [5 * MIB; 9].iter().copied().chain([3]).collect::<Vec<_>>()
    );
}

#[test]
fn part_sizes_for_objects_beyond_50_gib() {
    let config = StoreConfig::new("memory://b");
    let gib = 1u64 << 30;
    // 10,000 parts of 5 MiB hold 48.8 GiB: larger objects get larger parts.
    assert_eq!(config.part_size_for(Some(48 * gib)).unwrap(), 5 * MIB);
    assert_eq!(config.part_size_for(Some(60 * gib)).unwrap(), 7 * MIB);
    assert_eq!(config.part_size_for(Some(100 * gib)).unwrap(), 11 * MIB);
    assert_eq!(
        config.part_size_for(Some(5 * 1024 * gib)).unwrap(),
        525 * MIB
    );
    for size in [60 * gib, 5 * 1024 * gib] {
        let part = config.part_size_for(Some(size)).unwrap() as u64;
        assert!(size.div_ceil(part) <= 10_000, "{size}");
    }
    assert!(matches!(
        failure(config.part_size_for(Some(60 * 1024 * gib))),
        Err((StoreErrorKind::TooLarge { .. }, _))
    ));
    assert_eq!(config.part_size_for(None).unwrap(), 5 * MIB);
}

#[tokio::test]
async fn a_caller_store_serves_its_prefix_only() {
    let faulty = Faulty::new(Fault::None);
    let store = store(&faulty);
    let file = store
        .new_file(Some("x.txt"), Default::default())
        .map(|(f, _)| f)
        .unwrap();
    assert!(file.uri.starts_with("faulty://bucket/"));
    store
        .write_bytes("faulty://bucket/k/v.txt", b"v".to_vec())
        .await
        .unwrap();
    assert_eq!(faulty.keys().await, ["k/v.txt"]);
    // A longer look-alike prefix is not this store's.
    assert!(matches!(
        failure(store.head("faulty://bucket2/k").await),
        Err((StoreErrorKind::UnsupportedScheme { .. }, _))
    ));
}

/// A literal of `len` bytes of binary (its encoding is a few bytes longer).
fn binary_literal(len: usize) -> flyte_types::idl::core::Literal {
    use flyte_types::idl::core::{Binary, Literal, Scalar, literal, scalar};
    Literal {
        value: Some(literal::Value::Scalar(Box::new(Scalar {
            value: Some(scalar::Value::Binary(Binary {
                value: (0..len).map(|i| (i % 253) as u8).collect(),
                tag: String::new(),
            })),
        }))),
        ..Default::default()
    }
}

fn binary_type() -> flyte_types::idl::core::LiteralType {
    use flyte_types::idl::core::{LiteralType, SimpleType, literal_type::Type};
    LiteralType {
        r#type: Some(Type::Simple(SimpleType::Binary as i32)),
        ..Default::default()
    }
}

#[tokio::test]
async fn a_failed_offload_leaves_no_object_and_names_its_uri() {
    use flyte_types::io::OffloadPolicy;
    let policy = OffloadPolicy {
        min_bytes: 1024,
        ..Default::default()
    };
    let out = format!("{PREFIX}/outputs");
    // 12 MiB: a multipart upload of 5 + 5 + 2 MiB parts, the second fails.
    let faulty = Faulty::new(Fault::Part(2));
    let store = store(&faulty);
    let err = store
        .offload_output(
            "o0",
            binary_literal(12 * MIB),
            &binary_type(),
            &out,
            &policy,
        )
        .await
        .unwrap_err();
    let (uri, message) = backend_error(err);
    assert_eq!(uri, format!("{out}/o0_offloaded_metadata.pb"));
    assert_eq!(message, "Generic faulty error: injected fault: part 2");
    assert_eq!(faulty.keys().await, Vec::<String>::new());
    assert_eq!(faulty.counts.parts.load(Ordering::SeqCst), 2);
    assert_eq!(faulty.counts.aborts.load(Ordering::SeqCst), 1);
    assert_eq!(faulty.counts.completes.load(Ordering::SeqCst), 0);
    // 1 MiB: one put, which fails.
    let faulty = Faulty::new(Fault::Put(1));
    let store = self::store(&faulty);
    let err = store
        .offload_output("o1", binary_literal(MIB), &binary_type(), &out, &policy)
        .await
        .unwrap_err();
    assert_eq!(
        backend_error(err),
        (
            format!("{out}/o1_offloaded_metadata.pb"),
            "Generic faulty error: injected fault: put 1".to_string()
        )
    );
    assert_eq!(faulty.keys().await, Vec::<String>::new());
}

#[tokio::test]
async fn an_offloaded_literal_cut_mid_stream_is_an_error_not_a_partial_literal() {
    use flyte_types::io::{BlockingStore, OffloadPolicy};
    use flyte_types::value::Decoder;
    let faulty = Faulty::new(Fault::None);
    let store = store(&faulty);
    let out = format!("{PREFIX}/outputs");
    let lit = binary_literal(3 * MIB);
    let policy = OffloadPolicy {
        min_bytes: 1024,
        ..Default::default()
    };
    let stub = store
        .offload_output("o0", lit.clone(), &binary_type(), &out, &policy)
        .await
        .unwrap();
    assert!(matches!(
        stub.value,
        Some(flyte_types::idl::core::literal::Value::OffloadedMetadata(_))
    ));
    assert_eq!(store.load_offloaded(&stub).await.unwrap(), lit);
    faulty.set_fault(Fault::ReadAfter(MIB));
    let uri = format!("{out}/o0_offloaded_metadata.pb");
    let expected = (
        uri.clone(),
        format!("Generic faulty error: injected fault: read after {MIB} bytes"),
    );
    assert_eq!(
        backend_error(store.load_offloaded(&stub).await.unwrap_err()),
        expected
    );
    // The value decoder reads it through the blocking store: the same error, no value.
    let blocking = BlockingStore::new(store.clone());
    let err = tokio::task::spawn_blocking(move || {
        Decoder::with_store(&blocking)
            .decode(&binary_type(), &stub)
            .unwrap_err()
    })
    .await
    .unwrap();
    assert_eq!(
        err.to_string(),
        format!(
            "cannot read offloaded literal {}: {}: {}",
            expected.0, expected.0, expected.1
        )
    );
}
