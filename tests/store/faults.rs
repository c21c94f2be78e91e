//! Faults survived, nothing half-written: a fault-injecting `ObjectStore` wrapper (over object
//! store's in-memory store) fails the Nth request, the Nth part or a read mid-stream, and each test
//! checks exactly what is (not) visible afterwards. The store is plugged in with
//! `Store::from_object_store`, the way a caller with its own client does.

use super::TempDir;
use super::failure;
use async_trait::async_trait;
use bytes::Bytes;
use flyte_types::Error;
use flyte_types::engine::{Dir, File};
use flyte_types::io::{Store, StoreConfig, UploadOptions};
use flyte_types::storage::StoreErrorKind;
use futures::StreamExt;
use futures::stream::BoxStream;
use object_store::memory::InMemory;
use object_store::path::Path as ObjPath;
use object_store::{
    CopyOptions, GetOptions, GetResult, GetResultPayload, ListResult, MultipartUpload, ObjectMeta,
    ObjectStore, PutMultipartOptions, PutOptions, PutPayload, PutResult, RenameOptions, UploadPart,
};
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

const MIB: usize = 1024 * 1024;
const PREFIX: &str = "faulty://bucket";

/// Which request fails.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Fault {
    None,
    /// The Nth `put` (single-request upload), 1-based.
    Put(usize),
    /// The Nth part of a multipart upload, 1-based.
    Part(usize),
    /// Completing a multipart upload.
    Complete,
    /// Every read stream fails after this many bytes.
    ReadAfter(usize),
}

#[derive(Debug, Default)]
struct Counts {
    puts: AtomicUsize,
    parts: AtomicUsize,
    aborts: AtomicUsize,
    completes: AtomicUsize,
    part_sizes: Mutex<Vec<usize>>,
}

#[derive(Debug)]
struct Faulty {
    inner: Arc<InMemory>,
    fault: Mutex<Fault>,
    counts: Arc<Counts>,
}

fn injected(what: String) -> object_store::Error {
    object_store::Error::Generic {
        store: "faulty",
        source: what.into(),
    }
}

impl Faulty {
    fn new(fault: Fault) -> Arc<Self> {
        Arc::new(Self {
            inner: Arc::new(InMemory::new()),
            fault: Mutex::new(fault),
            counts: Arc::default(),
        })
    }
    fn fault(&self) -> Fault {
        *self.fault.lock().unwrap()
    }
    /// Every key the inner store holds.
    async fn keys(&self) -> Vec<String> {
        let mut keys: Vec<String> = self
            .inner
            .list(None)
            .map(|m| m.unwrap().location.to_string())
            .collect()
            .await;
        keys.sort();
        keys
    }
}

impl std::fmt::Display for Faulty {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Faulty({:?})", self.fault())
    }
}

#[derive(Debug)]
struct FaultyUpload {
    inner: Box<dyn MultipartUpload>,
    fault: Fault,
    counts: Arc<Counts>,
}

#[async_trait]
impl MultipartUpload for FaultyUpload {
    fn put_part(&mut self, data: PutPayload) -> UploadPart {
        let n = self.counts.parts.fetch_add(1, Ordering::SeqCst) + 1;
        self.counts
            .part_sizes
            .lock()
            .unwrap()
            .push(data.content_length());
        if self.fault == Fault::Part(n) {
            return Box::pin(async move { Err(injected(format!("injected fault: part {n}"))) });
        }
        self.inner.put_part(data)
    }
    async fn complete(&mut self) -> object_store::Result<PutResult> {
        self.counts.completes.fetch_add(1, Ordering::SeqCst);
        if self.fault == Fault::Complete {
            return Err(injected("injected fault: complete".into()));
        }
        self.inner.complete().await
    }
    async fn abort(&mut self) -> object_store::Result<()> {
        self.counts.aborts.fetch_add(1, Ordering::SeqCst);
        self.inner.abort().await
    }
}

#[async_trait]
impl ObjectStore for Faulty {
    async fn put_opts(
        &self,
        location: &ObjPath,
        payload: PutPayload,
        opts: PutOptions,
    ) -> object_store::Result<PutResult> {
        let n = self.counts.puts.fetch_add(1, Ordering::SeqCst) + 1;
        if self.fault() == Fault::Put(n) {
            return Err(injected(format!("injected fault: put {n}")));
        }
        self.inner.put_opts(location, payload, opts).await
    }

    async fn put_multipart_opts(
        &self,
        location: &ObjPath,
        opts: PutMultipartOptions,
    ) -> object_store::Result<Box<dyn MultipartUpload>> {
        Ok(Box::new(FaultyUpload {
            inner: self.inner.put_multipart_opts(location, opts).await?,
            fault: self.fault(),
            counts: self.counts.clone(),
        }))
    }

    async fn get_opts(
        &self,
        location: &ObjPath,
        options: GetOptions,
    ) -> object_store::Result<GetResult> {
        let got = self.inner.get_opts(location, options).await?;
        let Fault::ReadAfter(limit) = self.fault() else {
            return Ok(got);
        };
        let GetResultPayload::Stream(stream) = got.payload else {
            return Ok(got);
        };
        // Cut the stream after `limit` bytes and fail, like a reset connection.
        let mut seen = 0usize;
        let cut = stream
            .map(move |chunk| {
                let chunk = chunk?;
                if seen + chunk.len() > limit {
                    return Err(injected(format!(
                        "injected fault: read after {limit} bytes"
                    )));
                }
                seen += chunk.len();
                Ok(chunk)
            })
            .boxed();
        Ok(GetResult {
            payload: GetResultPayload::Stream(cut),
            ..got
        })
    }

    async fn get_ranges(
        &self,
        location: &ObjPath,
        ranges: &[Range<u64>],
    ) -> object_store::Result<Vec<Bytes>> {
        self.inner.get_ranges(location, ranges).await
    }

    fn delete_stream(
        &self,
        locations: BoxStream<'static, object_store::Result<ObjPath>>,
    ) -> BoxStream<'static, object_store::Result<ObjPath>> {
        self.inner.delete_stream(locations)
    }

    fn list(
        &self,
        prefix: Option<&ObjPath>,
    ) -> BoxStream<'static, object_store::Result<ObjectMeta>> {
        self.inner.list(prefix)
    }

    fn list_with_offset(
        &self,
        prefix: Option<&ObjPath>,
        offset: &ObjPath,
    ) -> BoxStream<'static, object_store::Result<ObjectMeta>> {
        self.inner.list_with_offset(prefix, offset)
    }

    async fn list_with_delimiter(
        &self,
        prefix: Option<&ObjPath>,
    ) -> object_store::Result<ListResult> {
        self.inner.list_with_delimiter(prefix).await
    }

    async fn copy_opts(
        &self,
        from: &ObjPath,
        to: &ObjPath,
        options: CopyOptions,
    ) -> object_store::Result<()> {
        self.inner.copy_opts(from, to, options).await
    }

    async fn rename_opts(
        &self,
        from: &ObjPath,
        to: &ObjPath,
        options: RenameOptions,
    ) -> object_store::Result<()> {
        self.inner.rename_opts(from, to, options).await
    }
}

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
    *faulty.fault.lock().unwrap() = Fault::ReadAfter(MIB);
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
    *faulty.fault.lock().unwrap() = Fault::ReadAfter(MIB);
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
