//! One set of async storage checks run against every backend: the local file system, memory,
//! and real emulators started on 127.0.0.1 by this test binary (once each) and stopped with it:
//! S3 (moto, feature `s3`), GCS (fake-gcs-server, feature `gcs`), Azure (Azurite, feature
//! `azure`), installed by scripts/setup-{s3,gcs,azure}.sh. Each suite test's name ends in its
//! backend's (`objects_local`, …, `objects_azure`); `FLYTE_TYPES_NO_<BACKEND>=1` skips one
//! backend loudly. GCS runs everything but multipart uploads, which no GCS emulator implements
//! (see [`multipart_emulated`] and `multipart_upload_is_not_emulated_gcs`). Also here: the
//! environment configuration and the fault-injection tests.
#![cfg(feature = "store")]

use flyte_types::Error;
use flyte_types::engine::{File, FlyteType};
use flyte_types::idl::core::{
    Literal, LiteralCollection, LiteralType, Primitive, Scalar, SimpleType, literal,
    literal_type::Type, primitive, scalar,
};
use flyte_types::io::{
    BlockingStore, HashMethod, OffloadPolicy, Store, StoreConfig, UploadOptions,
};
use flyte_types::storage::StoreErrorKind;
use flyte_types::value::{Decoder, PickleData, Value};
use sha2::Digest;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::task::{Context, Poll};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt, ReadBuf};

/// Faults on a fault-injecting `ObjectStore` wrapper (one test binary with the suite).
#[path = "store/faults.rs"]
mod faults;
#[path = "store/faulty.rs"]
mod faulty;

/// A storage result as its kind and its cause's message, for matching (panics on an error of
/// another kind).
fn failure<T>(r: Result<T, Error>) -> Result<T, (StoreErrorKind, String)> {
    r.map_err(|e| match e.kind() {
        flyte_types::ErrorKind::Store(kind) => (
            kind.clone(),
            std::error::Error::source(&e).map_or_else(String::new, |c| c.to_string()),
        ),
        other => panic!("not a storage error: {other:?} ({e})"),
    })
}

const MIB: usize = 1024 * 1024;

/// A temporary local folder removed on drop.
struct TempDir(PathBuf);
impl TempDir {
    fn new(tag: &str) -> Self {
        let p = std::env::temp_dir().join(format!(
            "flyte-types-{tag}-{}-{}",
            std::process::id(),
            flyte_types::io::uri::random_hex()
        ));
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }
}
impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Deterministic bytes (splitmix64, little endian).
fn payload(len: usize, seed: u64) -> Vec<u8> {
    let mut out = Vec::with_capacity(len + 8);
    let mut k = 0u64;
    while out.len() < len {
        let mut z = seed.wrapping_add((k + 1).wrapping_mul(0x9E3779B97F4A7C15));
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58476D1CE4E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D049BB133111EB);
        out.extend_from_slice(&(z ^ (z >> 31)).to_le_bytes());
        k += 1;
    }
    out.truncate(len);
    out
}

fn sha256_hex(bytes: &[u8]) -> String {
    flyte_types::io::uri::hex(&sha2::Sha256::digest(bytes))
}

/// A reader that fails after `ok` bytes: an interrupted upload.
struct FailingReader {
    data: Vec<u8>,
    pos: usize,
    ok: usize,
}
impl AsyncRead for FailingReader {
    fn poll_read(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        if self.pos >= self.ok {
            return Poll::Ready(Err(std::io::Error::other("connection reset by the test")));
        }
        let n = (self.ok - self.pos).min(buf.remaining()).min(256 * 1024);
        let start = self.pos;
        buf.put_slice(&self.data[start..start + n]);
        self.pos += n;
        Poll::Ready(Ok(()))
    }
}

fn int_list(n: i64) -> Literal {
    Literal {
        value: Some(literal::Value::Collection(LiteralCollection {
            literals: (0..n)
                .map(|i| Literal {
                    value: Some(literal::Value::Scalar(Box::new(Scalar {
                        value: Some(scalar::Value::Primitive(Primitive {
                            value: Some(primitive::Value::Integer(i)),
                        })),
                    }))),
                    ..Default::default()
                })
                .collect(),
        })),
        ..Default::default()
    }
}

fn list_int_type() -> LiteralType {
    LiteralType {
        r#type: Some(Type::CollectionType(Box::new(LiteralType {
            r#type: Some(Type::Simple(SimpleType::Integer as i32)),
            ..Default::default()
        }))),
        ..Default::default()
    }
}

fn assert_random_child(uri: &str, prefix: &str, name: &str) {
    // Local prefixes give plain absolute paths, as Flyte 2 does.
    let prefix = prefix.strip_prefix("file://").unwrap_or(prefix);
    let rest = uri
        .strip_prefix(prefix.trim_end_matches('/'))
        .and_then(|r| r.strip_prefix('/'))
        .unwrap_or_else(|| panic!("{uri} is not under {prefix}"));
    let (folder, tail) = rest.split_once('/').unwrap();
    assert_eq!(tail, name, "{uri}");
    assert_eq!(folder.len(), 32, "{uri}");
    assert!(
        folder
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    );
}

/// No `.flyte-tmp` leftovers under `dir`.
fn no_temp_files(dir: &Path) {
    for e in std::fs::read_dir(dir).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().into_owned();
        assert!(
            !name.ends_with(".flyte-tmp"),
            "leftover {name} in {}",
            dir.display()
        );
    }
}

/// Whether `backend`'s server takes multipart uploads. fake-gcs-server 1.54, the only GCS
/// emulator that serves object_store's XML API reads, has no XML multipart upload (it answers
/// `POST /bucket/object?uploads` with 400 "invalid uploadType", pinned by
/// `multipart_upload_is_not_emulated_gcs`); gcp-storage-emulator has none either. On GCS the
/// suite keeps each object under one part, so it goes as one `PUT`.
fn multipart_emulated(backend: &str) -> bool {
    backend != "gcs"
}

/// Whole objects, streaming with a content hash, interrupted uploads, replaced objects.
async fn objects(label: &str, store: &Store, scratch: &Path) {
    let prefix = store.raw_data_prefix().to_string();
    let part = store.config().part_size;
    let multipart = multipart_emulated(label);
    eprintln!("[{label}] raw-data prefix {prefix}");

    // Whole objects: write, head, read, list, delete.
    let a = format!("{prefix}/objs/a.bin");
    let b = format!("{prefix}/objs/sub/b.bin");
    store.write_bytes(&a, b"hello".to_vec()).await.unwrap();
    store.write_bytes(&b, payload(1000, 1)).await.unwrap();
    assert_eq!(store.head(&a).await.unwrap().size, 5);
    assert_eq!(store.read_bytes(&a, 5).await.unwrap(), b"hello");
    let listed: Vec<(String, u64)> = store
        .list(&format!("{prefix}/objs"))
        .await
        .unwrap()
        .into_iter()
        .map(|i| (i.uri, i.size))
        .collect();
    assert_eq!(listed, vec![(a.clone(), 5), (b.clone(), 1000)]);
    match failure(store.read_bytes(&a, 4).await) {
        Err((StoreErrorKind::TooLarge { uri, size, limit }, _cause)) => {
            assert_eq!((uri.as_str(), size, limit), (a.as_str(), 5, 4))
        }
        other => panic!("[{label}] expected TooLarge, got {other:?}"),
    }
    store.delete(&a).await.unwrap();
    match failure(store.head(&a).await) {
        Err((StoreErrorKind::NotFound { uri }, _cause)) => assert_eq!(uri, a),
        other => panic!("[{label}] expected NotFound, got {other:?}"),
    }
    assert!(!store.exists(&a).await.unwrap());
    match failure(store.read_bytes(&format!("{prefix}/missing"), 10).await) {
        Err((StoreErrorKind::NotFound { uri }, _cause)) => {
            assert_eq!(uri, format!("{prefix}/missing"))
        }
        other => panic!("[{label}] expected NotFound, got {other:?}"),
    }

    // Streaming: more than two parts (one part without multipart uploads), hashed on the way.
    let big = payload(
        if multipart {
            2 * part + 12345
        } else {
            part - 12345
        },
        2,
    );
    let (file, mut w) = store
        .new_file(Some("big.bin"), HashMethod::sha256())
        .unwrap();
    assert_random_child(&file.uri, &prefix, "big.bin");
    for chunk in big.chunks(700 * 1024) {
        w.write_all(chunk).await.unwrap();
    }
    let written = w.finish().await.unwrap();
    assert_eq!(written.size, big.len() as u64);
    assert_eq!(written.hash.as_deref(), Some(sha256_hex(&big).as_str()));
    let mut r = store.open_file(&file).await.unwrap();
    let mut back = Vec::new();
    r.read_to_end(&mut back).await.unwrap();
    assert!(back == big, "[{label}] streamed bytes differ");
    let target = scratch.join(format!("{label}-down/big.bin"));
    assert_eq!(
        store.download_file(&file, Some(&target)).await.unwrap(),
        target
    );
    assert!(std::fs::read(&target).unwrap() == big);
    no_temp_files(target.parent().unwrap());

    // Interrupted uploads leave nothing at the final key.
    let aborted = format!("{prefix}/interrupted/aborted.bin");
    let mut w = store.writer(&aborted, None).unwrap();
    w.write_all(&big).await.unwrap();
    w.abort().await.unwrap();
    assert!(
        !store.exists(&aborted).await.unwrap(),
        "[{label}] aborted upload visible"
    );
    let dropped = format!("{prefix}/interrupted/dropped.bin");
    let mut w = store.writer(&dropped, None).unwrap();
    w.write_all(&big).await.unwrap();
    drop(w);
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert!(
        !store.exists(&dropped).await.unwrap(),
        "[{label}] dropped upload visible"
    );
    let failed = format!("{prefix}/interrupted/failed.bin");
    let reader = FailingReader {
        data: big.clone(),
        pos: 0,
        ok: if multipart { 2 * part + 1 } else { part / 2 },
    };
    match failure(store.put_reader(&failed, reader, None).await) {
        Err((StoreErrorKind::Io { uri }, cause)) => {
            assert_eq!(uri, failed);
            assert_eq!(cause, "connection reset by the test");
        }
        other => panic!("[{label}] expected Io, got {other:?}"),
    }
    assert!(
        !store.exists(&failed).await.unwrap(),
        "[{label}] failed upload visible"
    );
    if store.raw_data_is_local() {
        let dir =
            PathBuf::from(prefix.strip_prefix("file://").unwrap_or(&prefix)).join("interrupted");
        if dir.exists() {
            assert_eq!(
                std::fs::read_dir(&dir).unwrap().count(),
                0,
                "staged files left"
            );
        }
    }

    // A replaced object is detected, and a failed download leaves no file.
    let v = format!("{prefix}/versioned.bin");
    store.write_bytes(&v, payload(4096, 3)).await.unwrap();
    let old = store.head(&v).await.unwrap();
    store.write_bytes(&v, payload(4096, 4)).await.unwrap();
    match failure(store.reader_for(&old).await) {
        Err((StoreErrorKind::Changed { uri, .. }, _cause)) => assert_eq!(uri, v),
        other => panic!("[{label}] expected Changed, got {other:?}"),
    }
    let target = scratch.join(format!("{label}-changed/out.bin"));
    match failure(store.download_to(&old, &target).await) {
        Err((StoreErrorKind::Changed { uri, .. }, _cause)) => assert_eq!(uri, v),
        other => panic!("[{label}] expected Changed, got {other:?}"),
    }
    assert!(!target.exists());
    if let Some(parent) = target.parent().filter(|p| p.exists()) {
        no_temp_files(parent);
    }
    let missing = File::new(format!("{prefix}/nothing-here.bin"));
    assert!(matches!(
        failure(store.download_file(&missing, Some(&target)).await),
        Err((StoreErrorKind::NotFound { .. }, _))
    ));
    assert!(!target.exists());
}

/// Files and folders: Flyte 2's upload naming, explicit destinations, walk, all-or-nothing
/// downloads, symlinks out of the tree refused.
async fn files_and_folders(label: &str, store: &Store, scratch: &Path) {
    let prefix = store.raw_data_prefix().to_string();
    eprintln!("[{label}] raw-data prefix {prefix}");
    // Upload a local file (Flyte 2 naming, explicit destination, sha256).
    let src = scratch.join(format!("{label}-hello.csv"));
    std::fs::write(&src, b"a,b\n1,2\n").unwrap();
    let uploaded = store
        .upload_file(
            &src,
            UploadOptions::default()
                .with_format("csv")
                .with_hash(HashMethod::sha256()),
        )
        .await
        .unwrap();
    if store.raw_data_is_local() {
        // Flyte 2: a local raw-data prefix makes no copy, and ignores a content hasher.
        assert_eq!(
            uploaded,
            File::new(src.display().to_string()).with_format("csv")
        );
    } else {
        assert_random_child(&uploaded.uri, &prefix, &format!("{label}-hello.csv"));
        assert_eq!(
            uploaded.hash.as_deref(),
            Some(sha256_hex(b"a,b\n1,2\n").as_str())
        );
        assert_eq!(
            store.read_bytes(&uploaded.uri, 100).await.unwrap(),
            b"a,b\n1,2\n"
        );
    }
    let dest = format!("{prefix}/explicit/hello.csv");
    let copy = store
        .upload_file(
            &src,
            UploadOptions::to(&dest).with_hash(HashMethod::precomputed("my-key")),
        )
        .await
        .unwrap();
    // Flyte 2 names the File after the local file, wherever it went.
    assert_eq!(
        copy,
        File::new(&dest)
            .with_hash("my-key")
            .with_name(format!("{label}-hello.csv"))
    );
    assert_eq!(copy.to_literal().unwrap().hash, "my-key");
    assert_eq!(store.read_bytes(&dest, 100).await.unwrap(), b"a,b\n1,2\n");
    match failure(
        store
            .upload_file(scratch.join("nope.csv"), UploadOptions::to(&dest))
            .await,
    ) {
        Err((StoreErrorKind::NotFound { uri }, _cause)) => assert!(uri.ends_with("nope.csv")),
        other => panic!("[{label}] expected NotFound, got {other:?}"),
    }

    // Folders: 40 files, nested, bounded concurrency; walk, download, refuse a non-empty target.
    let tree = scratch.join(format!("{label}-tree/dir1"));
    for i in 0..40 {
        let p = tree.join(format!("d{}/f{i:02}.txt", i % 3));
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, format!("file {i}\n")).unwrap();
    }
    std::fs::write(tree.join("top.bin"), payload(3000, 5)).unwrap();
    let dir = store
        .upload_dir(
            &tree,
            UploadOptions::default().with_hash(HashMethod::precomputed("dk")),
        )
        .await
        .unwrap();
    assert_eq!(dir.hash.as_deref(), Some("dk"));
    if store.raw_data_is_local() {
        assert_eq!(dir.uri, tree.display().to_string());
    } else {
        assert_random_child(&dir.uri, &prefix, "dir1");
    }
    let walked = store.walk_dir(&dir).await.unwrap();
    assert_eq!(walked.len(), 41);
    assert_eq!(walked[0].0, "d0/f00.txt");
    assert_eq!(walked[40].0, "top.bin");
    assert_eq!(walked[40].1.uri, format!("{}/top.bin", dir.uri));
    let down = scratch.join(format!("{label}-dirdown"));
    assert_eq!(store.download_dir(&dir, Some(&down)).await.unwrap(), down);
    for (rel, _) in &walked {
        assert_eq!(
            std::fs::read(down.join(rel)).unwrap(),
            std::fs::read(tree.join(rel)).unwrap(),
            "{rel}"
        );
    }
    match failure(store.download_dir(&dir, Some(&down)).await) {
        Err((StoreErrorKind::Io { .. }, cause)) => {
            assert_eq!(cause, "the target folder is not empty")
        }
        other => panic!("[{label}] expected AlreadyExists, got {other:?}"),
    }
    let copied = store
        .upload_dir(&tree, UploadOptions::to(format!("{prefix}/dirs/copy")))
        .await
        .unwrap();
    assert_eq!(copied.uri, format!("{prefix}/dirs/copy"));
    assert_eq!(store.walk_dir(&copied).await.unwrap().len(), 41);

    // A symlink out of the tree is refused, and nothing is uploaded.
    let evil = scratch.join(format!("{label}-evil/d"));
    std::fs::create_dir_all(&evil).unwrap();
    std::fs::write(evil.join("ok.txt"), b"ok").unwrap();
    std::os::unix::fs::symlink("/etc/hostname", evil.join("escape")).unwrap();
    let dst = format!("{prefix}/dirs/evil");
    match failure(store.upload_dir(&evil, UploadOptions::to(&dst)).await) {
        Err((StoreErrorKind::UnsafePath { entry, .. }, _cause)) => assert_eq!(entry, "escape"),
        other => panic!("[{label}] expected UnsafePath, got {other:?}"),
    }
    assert!(store.list(&dst).await.unwrap().is_empty());
}

/// Pickles, offloaded literals (read back by the store and the value decoder), handles.
async fn pickles_and_offloading(label: &str, store: &Store, scratch: &Path) {
    let prefix = store.raw_data_prefix().to_string();
    eprintln!("[{label}] raw-data prefix {prefix}");
    let _ = scratch;
    let dest = format!("{prefix}/explicit/hello.csv");
    // Pickles: inline up to 10 KiB, else a blob named by the md5 of the bytes.
    let small = store.put_pickle(payload(10 * 1024, 6), None).await.unwrap();
    assert_eq!(small.data, PickleData::Inline(payload(10 * 1024, 6)));
    let large_bytes = payload(10 * 1024 + 1, 7);
    let large = store
        .put_pickle(large_bytes.clone(), Some("h".into()))
        .await
        .unwrap();
    let PickleData::Uri(uri) = &large.data else {
        panic!("[{label}] a large pickle must go to a blob")
    };
    let md5 = flyte_types::io::uri::hex(&md5::Md5::digest(&large_bytes));
    assert_random_child(uri, &prefix, &md5);
    assert_eq!(store.read_pickle(&large).await.unwrap(), large_bytes);
    assert_eq!(large.hash.as_deref(), Some("h"));

    // Offloading, nested, read back by the Store and by the value decoder.
    let out_prefix = format!("{prefix}/outputs");
    let policy = OffloadPolicy {
        min_bytes: 100,
        ..Default::default()
    };
    let inner = int_list(50);
    let encoded = flyte_types::wire::encode_canonical(&inner);
    let stub = store
        .offload_output("o0", inner.clone(), &list_int_type(), &out_prefix, &policy)
        .await
        .unwrap();
    let Some(literal::Value::OffloadedMetadata(meta)) = &stub.value else {
        panic!("[{label}] not offloaded")
    };
    assert_eq!(meta.uri, format!("{out_prefix}/o0_offloaded_metadata.pb"));
    assert_eq!(meta.size_bytes, encoded.len() as u64);
    assert_eq!(meta.inferred_type.as_ref(), Some(&list_int_type()));
    assert_eq!(stub.hash, flyte_types::io::literal_digest(&inner));
    assert_eq!(store.read_bytes(&meta.uri, 1 << 20).await.unwrap(), encoded);
    let small_lit = int_list(2);
    assert_eq!(
        store
            .offload_output(
                "o1",
                small_lit.clone(),
                &list_int_type(),
                &out_prefix,
                &policy
            )
            .await
            .unwrap(),
        small_lit
    );
    let nested_ty = LiteralType {
        r#type: Some(Type::CollectionType(Box::new(list_int_type()))),
        ..Default::default()
    };
    let outer = Literal {
        value: Some(literal::Value::Collection(LiteralCollection {
            literals: vec![stub.clone(), small_lit.clone()],
        })),
        ..Default::default()
    };
    let outer_stub = store
        .offload_output("o2", outer, &nested_ty, &out_prefix, &policy)
        .await
        .unwrap();
    let expected = Literal {
        value: Some(literal::Value::Collection(LiteralCollection {
            literals: vec![inner.clone(), small_lit],
        })),
        ..Default::default()
    };
    assert_eq!(store.load_offloaded(&outer_stub).await.unwrap(), expected);
    let blocking = BlockingStore::new(store.clone());
    let value = Decoder::with_store(&blocking)
        .decode(&nested_ty, &outer_stub)
        .unwrap();
    let ints = |n: i64| Value::List((0..n).map(Value::Int).collect());
    assert_eq!(value, Value::List(vec![ints(50), ints(2)]));
    match failure(
        store
            .offload_output(
                "o3",
                int_list(50),
                &list_int_type(),
                &out_prefix,
                &OffloadPolicy {
                    min_bytes: 10,
                    max_bytes: 100,
                    ..Default::default()
                },
            )
            .await,
    ) {
        Err((
            StoreErrorKind::OffloadLimit {
                output,
                size,
                limit,
            },
            _cause,
        )) => assert_eq!(
            (output.as_str(), size, limit),
            ("o3", encoded.len() as u64, 100)
        ),
        other => panic!("[{label}] expected OffloadLimit, got {other:?}"),
    }

    // Handles interoperate with the value layer.
    let v = Value::File(Box::new(File::new(&dest).with_hash("my-key")));
    assert_eq!(
        v.to_literal(&File::literal_type()).unwrap(),
        File::new(&dest).with_hash("my-key").to_literal().unwrap()
    );
    eprintln!("[{label}] all storage checks passed");
}

/// Real Flyte 2 (the project venv) reads a File, a Dir and an offloaded literal that the Store
/// uploaded, through its own TypeEngine and storage layer (flyte.io, flyte.storage: obstore),
/// configured by the same environment that configures this Store (tests/data/store_read.py).
#[cfg(any(feature = "s3", feature = "gcs", feature = "azure"))]
async fn flyte2_reads_our_uploads(label: &str, store: &Store, scratch: &Path) {
    let what = format!("flyte2_reads_our_uploads_{label} against the Flyte 2 SDK");
    let Some(python) = crate::sdk_support::python(&what) else {
        return;
    };
    let prefix = store.raw_data_prefix().to_string();
    // The environment both sides read: object_store's variables (AWS_*, GOOGLE_*, AZURE_*),
    // plus plain HTTP, which this Store allows by default (as Flyte 2's S3 client does).
    let allow_http = match label {
        "s3" => "AWS_ALLOW_HTTP",
        "gcs" => "GOOGLE_ALLOW_HTTP",
        _ => "AZURE_ALLOW_HTTP",
    };
    let mut env: Vec<(String, String)> = store
        .config()
        .options
        .iter()
        .map(|(k, v)| (k.to_uppercase(), v.clone()))
        .collect();
    env.push((allow_http.into(), "true".into()));
    let from_env = StoreConfig::from_env_vars(prefix.as_str(), env.clone()).unwrap();
    let mut expected_options = store.config().options.clone();
    expected_options.insert(allow_http.to_lowercase(), "true".into());
    assert_eq!(from_env.options, expected_options);

    // Under one part: GCS has no multipart upload to emulate.
    let bytes = payload(MIB + 7, 11);
    let src = scratch.join("flyte2.bin");
    std::fs::write(&src, &bytes).unwrap();
    let file = store
        .upload_file(&src, UploadOptions::default())
        .await
        .unwrap();
    let tree = scratch.join("flyte2-tree");
    std::fs::create_dir_all(tree.join("sub/deeper")).unwrap();
    let files = [
        ("a.txt", b"first\n".to_vec()),
        ("sub/b.bin", payload(3000, 12)),
        ("sub/deeper/c.csv", b"x,y\n1,2\n".to_vec()),
    ];
    for (rel, data) in &files {
        std::fs::write(tree.join(rel), data).unwrap();
    }
    let dir = store
        .upload_dir(&tree, UploadOptions::default())
        .await
        .unwrap();
    let inner = int_list(50);
    let stub = store
        .offload_output(
            "o0",
            inner.clone(),
            &list_int_type(),
            &format!("{prefix}/outputs"),
            &OffloadPolicy {
                min_bytes: 100,
                ..Default::default()
            },
        )
        .await
        .unwrap();

    use base64::Engine;
    let b64 = |lit: &Literal| {
        base64::engine::general_purpose::STANDARD.encode(flyte_types::wire::encode_canonical(lit))
    };
    let arg = serde_json::json!({
        "file": b64(&file.to_literal().unwrap()),
        "dir": b64(&dir.to_literal().unwrap()),
        "offloaded": b64(&stub),
    })
    .to_string();
    let out = tokio::task::spawn_blocking(move || {
        std::process::Command::new(python)
            .arg(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/data/store_read.py"
            ))
            .arg(arg)
            .envs(env)
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.status.success(),
        "[{label}] store_read.py: {stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut got: Vec<&str> = stdout.lines().collect();
    got.sort();
    let mut expected = vec![
        format!("file flyte2.bin {} {}", bytes.len(), sha256_hex(&bytes)),
        format!(
            "offloaded {}",
            sha256_hex(&flyte_types::wire::encode_canonical(&inner))
        ),
    ];
    for (rel, data) in &files {
        expected.push(format!("dir {rel} {} {}", data.len(), sha256_hex(data)));
    }
    expected.sort();
    assert_eq!(got, expected, "[{label}]");
    eprintln!("[{label}] Flyte 2 read the File, the Dir and the offloaded literal");
}

/// A fresh store on `backend` (`None`: skipped), with a scratch folder removed on drop.
fn backend(name: &str) -> Option<(Store, TempDir)> {
    let scratch = TempDir::new(name);
    let run = format!("run-{}", flyte_types::io::uri::random_hex());
    let config = match name {
        "local" => StoreConfig::new(format!("file://{}", scratch.0.join("raw").display())),
        // Folder transfers at most 4 files at a time here (32 elsewhere).
        "memory" => StoreConfig {
            max_concurrency: 4,
            ..StoreConfig::new(format!("memory://bucket/{run}"))
        },
        #[cfg(feature = "s3")]
        "s3" => emulators::s3(&run)?,
        #[cfg(feature = "gcs")]
        "gcs" => emulators::gcs(&run)?,
        #[cfg(feature = "azure")]
        "azure" => emulators::azure(&run)?,
        other => panic!("no backend {other}"),
    };
    Some((Store::new(config).unwrap(), scratch))
}

/// One suite test on one backend: `$name` ends in the backend's name.
macro_rules! suite_test {
    ($(#[$attr:meta])* $name:ident: $part:ident on $backend:literal) => {
        $(#[$attr])*
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $name() {
            if let Some((store, scratch)) = backend($backend) {
                $part($backend, &store, &scratch.0).await;
                eprintln!("[{}] {} passed", $backend, stringify!($part));
            }
        }
    };
}

suite_test!(objects_local: objects on "local");
suite_test!(objects_memory: objects on "memory");
suite_test!(#[cfg(feature = "s3")] objects_s3: objects on "s3");
suite_test!(#[cfg(feature = "gcs")] objects_gcs: objects on "gcs");
suite_test!(#[cfg(feature = "azure")] objects_azure: objects on "azure");
suite_test!(files_and_folders_local: files_and_folders on "local");
suite_test!(files_and_folders_memory: files_and_folders on "memory");
suite_test!(#[cfg(feature = "s3")] files_and_folders_s3: files_and_folders on "s3");
suite_test!(#[cfg(feature = "gcs")] files_and_folders_gcs: files_and_folders on "gcs");
suite_test!(#[cfg(feature = "azure")] files_and_folders_azure: files_and_folders on "azure");
suite_test!(#[cfg(feature = "s3")] flyte2_reads_our_uploads_s3: flyte2_reads_our_uploads on "s3");
suite_test!(#[cfg(feature = "gcs")] flyte2_reads_our_uploads_gcs: flyte2_reads_our_uploads on "gcs");
suite_test!(#[cfg(feature = "azure")] flyte2_reads_our_uploads_azure: flyte2_reads_our_uploads on "azure");
suite_test!(pickles_and_offloading_local: pickles_and_offloading on "local");
suite_test!(pickles_and_offloading_memory: pickles_and_offloading on "memory");
suite_test!(#[cfg(feature = "s3")] pickles_and_offloading_s3: pickles_and_offloading on "s3");
suite_test!(#[cfg(feature = "gcs")] pickles_and_offloading_gcs: pickles_and_offloading on "gcs");
suite_test!(#[cfg(feature = "azure")] pickles_and_offloading_azure: pickles_and_offloading on "azure");

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn local_reader_detects_truncation() {
    let root = TempDir::new("trunc");
    let store = Store::local(root.0.join("raw")).unwrap();
    let path = root.0.join("grow.bin");
    std::fs::write(&path, payload(4 * MIB, 8)).unwrap();
    let mut r = store.reader(&path.display().to_string()).await.unwrap();
    let mut first = vec![0u8; 1024];
    r.read_exact(&mut first).await.unwrap();
    std::fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .unwrap()
        .set_len(2048)
        .unwrap();
    let mut rest = Vec::new();
    let err = r.read_to_end(&mut rest).await.unwrap_err();
    match r.into_store_error(err).kind() {
        flyte_types::ErrorKind::Store(StoreErrorKind::Changed { uri, detail }) => {
            assert_eq!(*uri, path.display().to_string());
            assert_eq!(*detail, format!("ended after 2048 of {} bytes", 4 * MIB));
        }
        other => panic!("expected Changed, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn uris_without_a_backend() {
    // Azure cannot make a client without an account; nothing else is needed to build one.
    let store = Store::new(
        StoreConfig::new("memory://b/raw").with_option("azure_storage_account_name", "acct"),
    )
    .unwrap();
    assert!(matches!(
        failure(store.head("relative/path").await),
        Err((StoreErrorKind::InvalidUri { .. }, _))
    ));
    for (uri, built) in [
        ("s3://bucket/x", cfg!(feature = "s3")),
        ("gs://bucket/x", cfg!(feature = "gcs")),
        ("abfs://container/x", cfg!(feature = "azure")),
    ] {
        // A handle is passed along without settings; only a build without the backend refuses
        // to make a client for it.
        let got = failure(store.writer(uri, None).map(|_| ()));
        match (built, got) {
            (true, Ok(())) => {}
            (false, Err((StoreErrorKind::UnsupportedScheme { uri: u, supported }, _))) => {
                assert_eq!(u, uri);
                assert_eq!(supported, flyte_types::io::uri::supported());
            }
            (built, other) => panic!("{uri} (built: {built}): {other:?}"),
        }
    }
    assert!(matches!(
        failure(Store::new(StoreConfig::new("ftp://x/y"))),
        Err((StoreErrorKind::UnsupportedScheme { .. }, _))
    ));
    match failure(Store::new(
        StoreConfig::new("memory://b").with_option("aws_no_such_thing", "1"),
    )) {
        Err((StoreErrorKind::Config(m), _cause)) if cfg!(feature = "s3") => assert_eq!(
            m,
            "unknown option \"aws_no_such_thing\" (options are object_store configuration keys \
             with an aws_, google_ or azure_ prefix)"
        ),
        Ok(_) if !cfg!(feature = "s3") => {}
        other => panic!("{other:?}"),
    }
}

#[test]
fn config_from_the_environment_flyte_reads() {
    let env = [
        ("AWS_REGION", "eu-west-1"),
        ("AWS_ACCESS_KEY_ID", "from-aws"),
        ("AWS_WEB_IDENTITY_TOKEN_FILE", "/var/run/secrets/token"),
        ("AWS_ROLE_ARN", "arn:aws:iam::1:role/r"),
        ("AWS_PROFILE", "not-an-object-store-setting"),
        ("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials"),
        ("AWS_CONFIG_FILE", "/nonexistent/config"),
        ("FLYTE_AWS_ACCESS_KEY_ID", "from-flyte"),
        ("FLYTE_AWS_SECRET_ACCESS_KEY", "secret"),
        ("FLYTE_AWS_ENDPOINT", "http://minio:9000"),
        ("FLYTE_AWS_S3_ADDRESSING_STYLE", "virtual"),
        ("GOOGLE_APPLICATION_CREDENTIALS", "/etc/gcp.json"),
        ("AZURE_STORAGE_ACCOUNT_NAME", "acct"),
        ("AZURE_CLIENT_ID", "cid"),
        ("FLYTE_STORAGE_RETRIES", "7"),
        ("FLYTE_STORAGE_BACKOFF_SECONDS", "0.25"),
        ("HOME", "/root"),
    ];
    let config = StoreConfig::from_env_vars("s3://bucket/raw", env)
        .unwrap()
        .with_option("aws_region", "us-east-2");
    let mut expected: Vec<(&str, &str)> = vec![
        ("aws_access_key_id", "from-flyte"),
        ("aws_endpoint", "http://minio:9000"),
        ("aws_region", "us-east-2"),
        ("aws_role_arn", "arn:aws:iam::1:role/r"),
        ("aws_secret_access_key", "secret"),
        ("aws_virtual_hosted_style_request", "true"),
        ("aws_web_identity_token_file", "/var/run/secrets/token"),
        ("azure_client_id", "cid"),
        ("azure_storage_account_name", "acct"),
        ("google_application_credentials", "/etc/gcp.json"),
    ];
    if !cfg!(feature = "s3") {
        // Without the backend its variables are kept unchecked (never used), in key order.
        expected.extend([
            ("aws_config_file", "/nonexistent/config"),
            ("aws_profile", "not-an-object-store-setting"),
            ("aws_shared_credentials_file", "/nonexistent/credentials"),
        ]);
        expected.sort();
    }
    let got: Vec<(&str, &str)> = config
        .options
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(got, expected);
    assert_eq!(config.retries, 7);
    assert_eq!(config.backoff, std::time::Duration::from_millis(250));
    assert_eq!(config.raw_data_prefix, "s3://bucket/raw");
    // Flyte 2's defaults without the variables.
    let plain = StoreConfig::from_env_vars("/tmp/raw", [("PATH", "/bin")]).unwrap();
    assert!(plain.options.is_empty());
    assert_eq!(
        (plain.retries, plain.backoff, plain.max_backoff),
        (
            3,
            std::time::Duration::from_secs(5),
            std::time::Duration::from_secs(16)
        )
    );
    match failure(StoreConfig::from_env_vars(
        "/tmp",
        [("FLYTE_STORAGE_RETRIES", "many")],
    )) {
        Err((StoreErrorKind::Config(m), _cause)) => {
            assert_eq!(m, "FLYTE_STORAGE_RETRIES=\"many\" is not a count")
        }
        other => panic!("{other:?}"),
    }
}

/// `AWS_PROFILE`: static keys and region from the shared files, under what the variables set;
/// profiles that get credentials another way are refused by name; a profile in neither file
/// leaves the backend's chain.
#[cfg(feature = "s3")]
#[test]
fn aws_profile_from_the_shared_files() {
    let home = TempDir::new("aws-home");
    std::fs::create_dir_all(home.0.join(".aws")).unwrap();
    std::fs::write(
        home.0.join(".aws/credentials"),
        "[default]\naws_access_key_id = AKIADEFAULT\naws_secret_access_key = default-secret\n\n\
         # a comment\n[dev]\naws_access_key_id=AKIADEV\naws_secret_access_key = dev-secret\n\
         aws_session_token = dev-token\n",
    )
    .unwrap();
    std::fs::write(
        home.0.join(".aws/config"),
        "[default]\nregion = us-west-1\n[profile dev]\nregion = eu-central-1\ns3 =\n  \
         addressing_style = path\n[profile sso]\nsso_start_url = https://example.com/start\n\
         sso_region = us-east-1\n[profile chain]\nrole_arn = arn:aws:iam::1:role/r\n\
         source_profile = dev\n",
    )
    .unwrap();
    let home_var = ("HOME", home.0.display().to_string());
    let options = |vars: &[(&str, &str)]| {
        let vars = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .chain([(home_var.0.to_string(), home_var.1.clone())]);
        StoreConfig::from_env_vars("s3://b/raw", vars)
            .map(|c| c.options.into_iter().collect::<Vec<(String, String)>>())
    };
    let pairs = |p: &[(&str, &str)]| -> Vec<(String, String)> {
        p.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    assert_eq!(
        options(&[("AWS_PROFILE", "dev")]).unwrap(),
        pairs(&[
            ("aws_access_key_id", "AKIADEV"),
            ("aws_region", "eu-central-1"),
            ("aws_secret_access_key", "dev-secret"),
            ("aws_session_token", "dev-token"),
        ])
    );
    // `default` is `[default]` in both files.
    assert_eq!(
        options(&[("AWS_PROFILE", "default")]).unwrap(),
        pairs(&[
            ("aws_access_key_id", "AKIADEFAULT"),
            ("aws_region", "us-west-1"),
            ("aws_secret_access_key", "default-secret"),
        ])
    );
    // Keys and region from variables win; the profile adds nothing else.
    assert_eq!(
        options(&[
            ("AWS_PROFILE", "dev"),
            ("AWS_REGION", "us-east-2"),
            ("FLYTE_AWS_ACCESS_KEY_ID", "from-flyte"),
            ("FLYTE_AWS_SECRET_ACCESS_KEY", "flyte-secret"),
        ])
        .unwrap(),
        pairs(&[
            ("aws_access_key_id", "from-flyte"),
            ("aws_region", "us-east-2"),
            ("aws_secret_access_key", "flyte-secret"),
        ])
    );
    for (profile, setting) in [("sso", "sso_*"), ("chain", "role_arn")] {
        match failure(options(&[("AWS_PROFILE", profile)])) {
            Err((StoreErrorKind::Config(m), _)) => assert_eq!(
                m,
                format!(
                    "AWS_PROFILE={profile}: the profile's {setting} is not supported (only static \
                     keys and a region are read from the shared AWS files); give the credentials \
                     through the environment instead"
                )
            ),
            other => panic!("{profile}: {other:?}"),
        }
    }
    // With keys in the variables, how the profile would get credentials does not matter.
    assert_eq!(
        options(&[
            ("AWS_PROFILE", "chain"),
            ("AWS_ACCESS_KEY_ID", "k"),
            ("AWS_SECRET_ACCESS_KEY", "s")
        ])
        .unwrap(),
        pairs(&[("aws_access_key_id", "k"), ("aws_secret_access_key", "s")])
    );
    // Explicit files over ~/.aws; a profile in neither file leaves the backend's chain.
    let other = home.0.join("other-credentials");
    std::fs::write(
        &other,
        "[ci]\naws_access_key_id = AKIACI\naws_secret_access_key = ci\n",
    )
    .unwrap();
    let other = other.display().to_string();
    assert_eq!(
        options(&[
            ("AWS_PROFILE", "ci"),
            ("AWS_SHARED_CREDENTIALS_FILE", &other)
        ])
        .unwrap(),
        pairs(&[
            ("aws_access_key_id", "AKIACI"),
            ("aws_secret_access_key", "ci")
        ])
    );
    assert_eq!(options(&[("AWS_PROFILE", "nowhere")]).unwrap(), pairs(&[]));
}

/// The cloud emulators (shared with the CLI's tests).
#[cfg(any(feature = "s3", feature = "gcs", feature = "azure"))]
#[path = "store/emulators.rs"]
mod emulators;

/// GCS only: what fake-gcs-server does not emulate, pinned with its own reply.
#[cfg(feature = "gcs")]
mod gcs_only {
    use super::emulators::{fake_gcs, gcs};
    use super::*;

    /// An object larger than one part is a multipart upload; fake-gcs-server refuses to start
    /// one, and nothing appears at the uri. When this fails because the upload went through,
    /// the emulator has learnt XML multipart: drop [`multipart_emulated`]'s exception.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn multipart_upload_is_not_emulated_gcs() {
        let Some(config) = gcs(&format!("run-{}", flyte_types::io::uri::random_hex())) else {
            return;
        };
        let store = Store::new(config).unwrap();
        let uri = format!("{}/two-parts.bin", store.raw_data_prefix());
        let data = payload(store.config().part_size + 1, 10);
        match failure(store.put_reader(&uri, &data[..], None).await) {
            Err((StoreErrorKind::Backend { uri: u }, message)) => {
                assert_eq!(u, uri);
                // object_store's request, the emulator's reply.
                let encoded = |s: &str| -> String {
                    s.chars()
                        .map(|c| match c.is_ascii_alphanumeric() {
                            true => c.to_string(),
                            false => format!("%{:02X}", c as u32),
                        })
                        .collect()
                };
                let (bucket, key) = uri["gs://".len()..].split_once('/').unwrap();
                let request = format!(
                    "Generic GCS error: Error performing POST http://127.0.0.1:{}/{}/{}?uploads= in ",
                    fake_gcs().unwrap(),
                    encoded(bucket),
                    encoded(key)
                );
                assert!(message.starts_with(&request), "{message}");
                assert!(
                    message.trim_end().ends_with(
                        "Server returned non-2xx status code: 400 Bad Request: \
                         {\"error\":{\"code\":400,\"message\":\"invalid uploadType\",\"errors\":\
                         [{\"domain\":\"global\",\"reason\":\"Bad Request\",\"message\":\
                         \"invalid uploadType\"}]}}"
                    ),
                    "{message}"
                );
            }
            other => panic!("expected the emulator's refusal, got {other:?}"),
        }
        assert!(!store.exists(&uri).await.unwrap());
    }
}

/// S3 only: what moto shows of multipart uploads, and retries through a faulty proxy.
#[cfg(feature = "s3")]
mod s3_only {
    use super::emulators::{BUCKET, http, moto, s3_config};
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// A TCP proxy to `target` that answers the first `failures` connections with HTTP 503
    /// (S3's "slow down") and forwards the others; returns its port and the connection count.
    fn flaky_proxy(target: u16, failures: usize) -> (u16, Arc<AtomicUsize>) {
        use std::io::{Read, Write};
        use std::net::{TcpListener, TcpStream};
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = Arc::new(AtomicUsize::new(0));
        let count = seen.clone();
        std::thread::spawn(move || {
            for conn in listener.incoming() {
                let Ok(mut client) = conn else { return };
                let n = count.fetch_add(1, Ordering::SeqCst);
                if n < failures {
                    let mut buf = [0u8; 64 * 1024];
                    let _ = client.read(&mut buf);
                    let _ = client.write_all(
                        b"HTTP/1.1 503 Slow Down\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                    );
                    continue;
                }
                let Ok(server) = TcpStream::connect(("127.0.0.1", target)) else {
                    return;
                };
                let (mut c2, mut s2) = (client.try_clone().unwrap(), server.try_clone().unwrap());
                let (mut client, mut server) = (client, server);
                std::thread::spawn(move || std::io::copy(&mut c2, &mut s2));
                std::thread::spawn(move || std::io::copy(&mut server, &mut client));
            }
        });
        (port, seen)
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn transient_errors_are_retried_s3() {
        let Some(moto) = moto() else { return };
        let prefix = format!("s3://{BUCKET}/run-{}", flyte_types::io::uri::random_hex());
        let uri = format!("{prefix}/retried.txt");
        // Two 503s, three retries allowed: the write goes through on the third connection.
        let (port, seen) = flaky_proxy(moto.port, 2);
        let mut config = s3_config(prefix.clone(), &format!("http://127.0.0.1:{port}"));
        config.backoff = std::time::Duration::from_millis(10);
        let store = Store::new(config).unwrap();
        store.write_bytes(&uri, b"retried".to_vec()).await.unwrap();
        assert_eq!(seen.load(Ordering::SeqCst), 3);
        assert_eq!(store.read_bytes(&uri, 100).await.unwrap(), b"retried");
        // Five 503s, one retry allowed: the error names the uri, nothing is written.
        let (port, seen) = flaky_proxy(moto.port, 5);
        let mut config = s3_config(prefix.clone(), &format!("http://127.0.0.1:{port}"));
        config.backoff = std::time::Duration::from_millis(10);
        config.retries = 1;
        let store = Store::new(config).unwrap();
        let failed = format!("{prefix}/not-retried-enough.txt");
        match failure(store.write_bytes(&failed, b"x".to_vec()).await) {
            Err((StoreErrorKind::Backend { uri }, message)) => {
                assert_eq!(uri, failed);
                assert!(message.contains("after 1 retries"), "{message}");
                assert!(message.contains("503"), "{message}");
            }
            other => panic!("expected Backend, got {other:?}"),
        }
        assert_eq!(seen.load(Ordering::SeqCst), 2);
        let direct = Store::new(s3_config(
            prefix,
            &format!("http://127.0.0.1:{}", moto.port),
        ))
        .unwrap();
        assert!(!direct.exists(&failed).await.unwrap());
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn multipart_uploads_s3() {
        let Some(moto) = moto() else { return };
        let prefix = format!("s3://{BUCKET}/run-{}", flyte_types::io::uri::random_hex());
        let endpoint = format!("http://127.0.0.1:{}", moto.port);
        // At most 4 parts: a 26 MiB file goes in 7 MiB parts (grown from 5 MiB).
        let mut config = s3_config(prefix.clone(), &endpoint);
        config.max_parts = 4;
        let store = Store::new(config).unwrap();
        let scratch = TempDir::new("s3-mp");
        let src = scratch.0.join("big.bin");
        let data = payload(26 * MIB, 9);
        std::fs::write(&src, &data).unwrap();
        let uri = format!("{prefix}/multipart.bin");
        store
            .upload_file(&src, UploadOptions::to(&uri))
            .await
            .unwrap();
        let info = store.head(&uri).await.unwrap();
        assert_eq!(info.size, data.len() as u64);
        assert!(
            info.e_tag
                .as_deref()
                .is_some_and(|t| t.trim_matches('"').ends_with("-4")),
            "expected a 4-part ETag, got {:?}",
            info.e_tag
        );
        assert!(store.read_bytes(&uri, u64::MAX).await.unwrap() == data);
        // An interrupted multipart upload is aborted on the server: no upload stays listed.
        let aborted = format!("{prefix}/aborted-multipart.bin");
        let mut w = store.writer(&aborted, None).unwrap();
        w.write_all(&data).await.unwrap();
        w.abort().await.unwrap();
        assert!(!store.exists(&aborted).await.unwrap());
        let listing = http(
            moto.port,
            &format!(
                "GET /{BUCKET}?uploads HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
                moto.port
            ),
        );
        assert!(listing.starts_with("HTTP/1.1 200"), "{listing}");
        assert!(
            !listing.contains("aborted-multipart.bin"),
            "the aborted upload is still listed: {listing}"
        );
    }
}
