//! A fault-injecting `ObjectStore` wrapper over object_store's in-memory store: it fails the Nth
//! `put`, the Nth part of a multipart upload, completing one, or every read after N bytes, and
//! counts what it was asked. Shared by the core crate's fault tests (tests/store/faults.rs) and
//! the dataframe crate's (transformers/flyte-types-dataframe/tests/faults.rs).

use async_trait::async_trait;
use bytes::Bytes;
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

/// Which request fails.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Fault {
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
pub struct Counts {
    pub puts: AtomicUsize,
    pub parts: AtomicUsize,
    pub aborts: AtomicUsize,
    pub completes: AtomicUsize,
    pub part_sizes: Mutex<Vec<usize>>,
}

#[derive(Debug)]
pub struct Faulty {
    inner: Arc<InMemory>,
    fault: Mutex<Fault>,
    pub counts: Arc<Counts>,
}

fn injected(what: String) -> object_store::Error {
    object_store::Error::Generic {
        store: "faulty",
        source: what.into(),
    }
}

impl Faulty {
    pub fn new(fault: Fault) -> Arc<Self> {
        Arc::new(Self {
            inner: Arc::new(InMemory::new()),
            fault: Mutex::new(fault),
            counts: Arc::default(),
        })
    }
    fn fault(&self) -> Fault {
        *self.fault.lock().unwrap()
    }
    /// Injects `fault` from now on.
    pub fn set_fault(&self, fault: Fault) {
        *self.fault.lock().unwrap() = fault;
    }
    /// Every key the inner store holds.
    pub async fn keys(&self) -> Vec<String> {
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
