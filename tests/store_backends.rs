//! One set of async storage checks run against every backend: the local file system, memory,
//! and (feature `s3`) a real S3 API server (moto) started on 127.0.0.1 by the test itself.
//! Set FLYTE_TYPES_NO_S3=1 to skip the S3 backend (the test then says so loudly).
#![cfg(feature = "store")]

use flyte_types::idl::core::{
    Literal, LiteralCollection, LiteralType, Primitive, Scalar, SimpleType, literal,
    literal_type::Type, primitive, scalar,
};
use flyte_types::io::{
    BlockingStore, Dir, File, HashMethod, OffloadPolicy, Store, StoreConfig, UploadOptions,
};
use flyte_types::storage::StoreError;
use flyte_types::value::{Decoder, PickleData, Value};
use sha2::Digest;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::task::{Context, Poll};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt, ReadBuf};

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

/// The shared checks; `prefix` is a fresh raw-data prefix on the backend under test.
async fn conformance(label: &str, store: &Store, scratch: &Path) {
    let prefix = store.raw_data_prefix().to_string();
    let part = store.config().part_size;
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
    match store.read_bytes(&a, 4).await {
        Err(StoreError::TooLarge { uri, size, limit }) => {
            assert_eq!((uri.as_str(), size, limit), (a.as_str(), 5, 4))
        }
        other => panic!("[{label}] expected TooLarge, got {other:?}"),
    }
    store.delete(&a).await.unwrap();
    match store.head(&a).await {
        Err(StoreError::NotFound { uri }) => assert_eq!(uri, a),
        other => panic!("[{label}] expected NotFound, got {other:?}"),
    }
    assert!(!store.exists(&a).await.unwrap());
    match store.read_bytes(&format!("{prefix}/missing"), 10).await {
        Err(StoreError::NotFound { uri }) => assert_eq!(uri, format!("{prefix}/missing")),
        other => panic!("[{label}] expected NotFound, got {other:?}"),
    }

    // Streaming: more than two parts, hashed on the way.
    let big = payload(2 * part + 12345, 2);
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
    assert_eq!(copy, File::new(&dest).with_hash("my-key"));
    assert_eq!(copy.to_literal().hash, "my-key");
    assert_eq!(store.read_bytes(&dest, 100).await.unwrap(), b"a,b\n1,2\n");
    match store
        .upload_file(scratch.join("nope.csv"), UploadOptions::to(&dest))
        .await
    {
        Err(StoreError::NotFound { uri }) => assert!(uri.ends_with("nope.csv")),
        other => panic!("[{label}] expected NotFound, got {other:?}"),
    }

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
        ok: 2 * part + 1,
    };
    match store.put_reader(&failed, reader, None).await {
        Err(StoreError::Io { uri, source }) => {
            assert_eq!(uri, failed);
            assert_eq!(source.to_string(), "connection reset by the test");
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
    match store.reader_for(&old).await {
        Err(StoreError::Changed { uri, .. }) => assert_eq!(uri, v),
        other => panic!("[{label}] expected Changed, got {other:?}"),
    }
    let target = scratch.join(format!("{label}-changed/out.bin"));
    match store.download_to(&old, &target).await {
        Err(StoreError::Changed { uri, .. }) => assert_eq!(uri, v),
        other => panic!("[{label}] expected Changed, got {other:?}"),
    }
    assert!(!target.exists());
    if let Some(parent) = target.parent().filter(|p| p.exists()) {
        no_temp_files(parent);
    }
    let missing = File::new(format!("{prefix}/nothing-here.bin"));
    assert!(matches!(
        store.download_file(&missing, Some(&target)).await,
        Err(StoreError::NotFound { .. })
    ));
    assert!(!target.exists());

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
    match store.download_dir(&dir, Some(&down)).await {
        Err(StoreError::Io { source, .. }) => {
            assert_eq!(source.kind(), std::io::ErrorKind::AlreadyExists)
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
    match store.upload_dir(&evil, UploadOptions::to(&dst)).await {
        Err(StoreError::UnsafePath { entry, .. }) => assert_eq!(entry, "escape"),
        other => panic!("[{label}] expected UnsafePath, got {other:?}"),
    }
    assert!(store.list(&dst).await.unwrap().is_empty());

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
    match store
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
        .await
    {
        Err(StoreError::OffloadLimit {
            output,
            size,
            limit,
        }) => assert_eq!(
            (output.as_str(), size, limit),
            ("o3", encoded.len() as u64, 100)
        ),
        other => panic!("[{label}] expected OffloadLimit, got {other:?}"),
    }

    // Handles interoperate with the value layer.
    let v = Value::File(Box::new(File::new(&dest).with_hash("my-key").into()));
    assert_eq!(
        v.to_literal(&File::literal_type()).unwrap(),
        File::new(&dest).with_hash("my-key").to_literal()
    );
    let d: flyte_types::value::BlobRef = Dir::new(&dir.uri).into();
    assert_eq!(Dir::from(d).uri, dir.uri);
    eprintln!("[{label}] all storage checks passed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn local_filesystem() {
    let root = TempDir::new("local");
    let raw = root.0.join("raw");
    let store = Store::new(StoreConfig::new(format!("file://{}", raw.display()))).unwrap();
    conformance("local", &store, &root.0).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn memory() {
    let root = TempDir::new("memory");
    let prefix = format!("memory://bucket/run-{}", flyte_types::io::uri::random_hex());
    // Folder transfers at most 4 files at a time here (32 elsewhere).
    let store = Store::new(StoreConfig {
        max_concurrency: 4,
        ..StoreConfig::new(prefix)
    })
    .unwrap();
    conformance("memory", &store, &root.0).await;
}

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
    match r.into_store_error(err) {
        StoreError::Changed { uri, detail } => {
            assert_eq!(uri, path.display().to_string());
            assert_eq!(detail, format!("ended after 2048 of {} bytes", 4 * MIB));
        }
        other => panic!("expected Changed, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn uris_without_a_backend() {
    let store = Store::new(StoreConfig::new("memory://b/raw")).unwrap();
    assert!(matches!(
        store.head("gs://bucket/x").await,
        Err(StoreError::UnsupportedScheme { .. })
    ));
    assert!(matches!(
        store.head("relative/path").await,
        Err(StoreError::InvalidUri { .. })
    ));
    #[cfg(feature = "s3")]
    match store.head("s3://bucket/x").await {
        Err(StoreError::Config(m)) => {
            assert_eq!(
                m,
                "s3://bucket/x is an s3:// uri but the store has no S3 settings"
            )
        }
        other => panic!("expected Config, got {other:?}"),
    }
    #[cfg(not(feature = "s3"))]
    assert!(matches!(
        store.head("s3://bucket/x").await,
        Err(StoreError::UnsupportedScheme { .. })
    ));
    assert!(matches!(
        Store::new(StoreConfig::new("ftp://x/y")),
        Err(StoreError::UnsupportedScheme { .. })
    ));
}

#[cfg(feature = "s3")]
mod s3 {
    use super::*;
    use std::io::{Read, Write};
    use std::net::{TcpListener, TcpStream};
    use std::process::{Child, Command, Stdio};
    use std::time::{Duration, Instant};

    /// moto_server on a free 127.0.0.1 port, killed on drop.
    struct Moto {
        child: Child,
        endpoint: String,
        port: u16,
    }

    impl Drop for Moto {
        fn drop(&mut self) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }

    fn moto_path() -> PathBuf {
        if let Ok(p) = std::env::var("FLYTE_TYPES_MOTO_SERVER") {
            return PathBuf::from(p);
        }
        let cache = std::env::var("FLYTE_TYPES_CACHE")
            .map(PathBuf::from)
            .unwrap_or_else(|_| {
                PathBuf::from(std::env::var("HOME").unwrap_or_default()).join(".cache/flyte-types")
            });
        cache.join("moto-venv/bin/moto_server")
    }

    fn http(port: u16, request: &str) -> String {
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        s.write_all(request.as_bytes()).unwrap();
        let mut out = String::new();
        let _ = s.read_to_string(&mut out);
        out
    }

    fn start() -> Option<Moto> {
        if std::env::var("FLYTE_TYPES_NO_S3").is_ok_and(|v| v == "1") {
            eprintln!("=== SKIPPED: S3 storage checks (FLYTE_TYPES_NO_S3=1) ===");
            return None;
        }
        let exe = moto_path();
        assert!(
            exe.exists(),
            "moto_server not found at {}: run scripts/setup-s3.sh (or set FLYTE_TYPES_NO_S3=1 to skip the S3 checks)",
            exe.display()
        );
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(&exe)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", exe.display()));
        let mut moto = Moto {
            child,
            endpoint: format!("http://127.0.0.1:{port}"),
            port,
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Some(status) = moto.child.try_wait().unwrap() {
                panic!("moto_server exited early: {status}");
            }
            assert!(
                Instant::now() < deadline,
                "moto_server did not listen within 60 s"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let reply = http(
            port,
            &format!(
                "PUT /flyte-test HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            ),
        );
        assert!(reply.starts_with("HTTP/1.1 200"), "create bucket: {reply}");
        let _ = &mut moto;
        Some(moto)
    }

    fn s3_config(moto: &Moto) -> flyte_types::io::S3Config {
        flyte_types::io::S3Config {
            endpoint: Some(moto.endpoint.clone()),
            region: "us-east-1".into(),
            access_key_id: "testing".into(),
            secret_access_key: "testing".into(),
            session_token: None,
            allow_http: true,
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn s3_server() {
        let Some(moto) = start() else { return };
        let root = TempDir::new("s3");
        let prefix = format!("s3://flyte-test/run-{}", flyte_types::io::uri::random_hex());
        let store = Store::new(StoreConfig::new(&prefix).with_s3(s3_config(&moto))).unwrap();
        conformance("s3", &store, &root.0).await;

        // A 3-part multipart upload really happened: moto reports the parts in the ETag
        // ("<md5>-3") of the object written by the streaming writer.
        let uri = format!("{prefix}/multipart.bin");
        let data = payload(2 * 5 * MIB + 1, 9);
        let mut w = store.writer(&uri, None).unwrap();
        w.write_all(&data).await.unwrap();
        w.finish().await.unwrap();
        let info = store.head(&uri).await.unwrap();
        assert_eq!(info.size, data.len() as u64);
        assert!(
            info.e_tag
                .as_deref()
                .is_some_and(|t| t.trim_matches('"').ends_with("-3")),
            "expected a 3-part ETag, got {:?}",
            info.e_tag
        );
        // An interrupted multipart upload is aborted on the server: no upload stays listed.
        let aborted = format!("{prefix}/aborted-multipart.bin");
        let mut w = store.writer(&aborted, None).unwrap();
        w.write_all(&data).await.unwrap();
        w.abort().await.unwrap();
        assert!(!store.exists(&aborted).await.unwrap());
        let listing = http(
            moto.port,
            &format!(
                "GET /flyte-test?uploads HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
                moto.port
            ),
        );
        assert!(listing.starts_with("HTTP/1.1 200"), "{listing}");
        assert!(
            !listing.contains("aborted-multipart.bin"),
            "the aborted upload is still listed: {listing}"
        );
        drop(moto);
    }
}
