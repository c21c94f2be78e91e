//! [`PartWriter`]: bytes to one object, all or nothing, in parts whose size grows with the object.
//!
//! An object smaller than one part is a single `put`. A larger one is a multipart upload whose
//! parts are uploaded in the background (at most `concurrency` at once, so memory stays at about
//! part size × (concurrency + 1)); completing it publishes the object, and any failure, an
//! [`PartWriter::abort`] or a drop aborts the upload so that nothing appears at the uri and no
//! parts stay stored.

use futures::FutureExt;
use futures::future::BoxFuture;
use object_store::path::Path as ObjPath;
use object_store::{MultipartUpload, ObjectStore, ObjectStoreExt, PutPayload, PutPayloadMut};
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};
use tokio::io::AsyncWrite;
use tokio::task::JoinSet;

/// How part sizes are chosen: `base`, or for an upload of unknown length `base` doubled every
/// `max_parts / 10` parts, so that `max_parts` parts hold about `base × max_parts × 102`
/// (5 MiB × 10,000 parts: 4.9 TiB), at most `max_part` each.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PartSizes {
    pub(crate) base: usize,
    pub(crate) grow: bool,
    pub(crate) max_parts: u64,
    pub(crate) max_part: u64,
}

impl PartSizes {
    /// The size of part `index` (0-based).
    pub(crate) fn at(&self, index: u64) -> usize {
        if !self.grow {
            return self.base;
        }
        let doublings = (index / (self.max_parts / 10).max(1)).min(30) as u32;
        let size = (self.base as u64).saturating_mul(1 << doublings);
        usize::try_from(size.min(self.max_part)).unwrap_or(usize::MAX)
    }
}

enum State {
    /// Nothing sent yet.
    Buffer,
    /// `put_multipart` in flight.
    Creating(BoxFuture<'static, object_store::Result<Box<dyn MultipartUpload>>>),
    /// Parts being uploaded.
    Parts {
        upload: Box<dyn MultipartUpload>,
        tasks: JoinSet<object_store::Result<()>>,
        sent: u64,
    },
    /// The single `put`, or the last parts and `complete`.
    Closing(BoxFuture<'static, object_store::Result<()>>),
    /// Finished, failed or aborted.
    Closed,
}

/// Writes one object; see the module doc.
pub(crate) struct PartWriter {
    store: Arc<dyn ObjectStore>,
    path: ObjPath,
    sizes: PartSizes,
    concurrency: usize,
    buffer: PutPayloadMut,
    state: State,
}

impl PartWriter {
    pub(crate) fn new(
        store: Arc<dyn ObjectStore>,
        path: ObjPath,
        sizes: PartSizes,
        concurrency: usize,
    ) -> Self {
        Self {
            store,
            path,
            sizes,
            concurrency: concurrency.max(1),
            buffer: PutPayloadMut::new(),
            state: State::Buffer,
        }
    }

    fn current_part_size(&self) -> usize {
        match &self.state {
            State::Parts { sent, .. } => self.sizes.at(*sent),
            _ => self.sizes.at(0),
        }
    }

    /// Abandons the upload: an unfinished multipart upload is aborted (its parts deleted).
    pub(crate) async fn abort(&mut self) -> object_store::Result<()> {
        match std::mem::replace(&mut self.state, State::Closed) {
            State::Parts {
                mut upload,
                mut tasks,
                ..
            } => {
                tasks.shutdown().await;
                upload.abort().await
            }
            _ => Ok(()),
        }
    }

    /// Whether a multipart upload is open (so that dropping the writer must abort it).
    pub(crate) fn take_open_upload(&mut self) -> Option<Box<dyn MultipartUpload>> {
        match std::mem::replace(&mut self.state, State::Closed) {
            State::Parts { upload, tasks, .. } => {
                drop(tasks);
                Some(upload)
            }
            other => {
                self.state = other;
                None
            }
        }
    }
}

impl PartWriter {
    /// Waits for a pending `put_multipart` to return the upload.
    fn poll_created(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if let State::Creating(f) = &mut self.state {
            let upload = ready!(f.poll_unpin(cx))?;
            self.state = State::Parts {
                upload,
                tasks: JoinSet::new(),
                sent: 0,
            };
        }
        Poll::Ready(Ok(()))
    }
}

fn closed() -> io::Error {
    io::Error::other("the writer is closed")
}

impl AsyncWrite for PartWriter {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        loop {
            ready!(this.poll_created(cx))?;
            let cap = this.current_part_size();
            let held = this.buffer.content_length();
            if held < cap {
                if matches!(this.state, State::Closing(_) | State::Closed) {
                    return Poll::Ready(Err(closed()));
                }
                let n = (cap - held).min(buf.len());
                this.buffer.extend_from_slice(&buf[..n]);
                return Poll::Ready(Ok(n));
            }
            // A full part: start the upload, or send the part once there is room.
            match &mut this.state {
                State::Buffer => {
                    let store = this.store.clone();
                    let path = this.path.clone();
                    this.state =
                        State::Creating(Box::pin(async move { store.put_multipart(&path).await }));
                }
                State::Parts {
                    upload,
                    tasks,
                    sent,
                } => {
                    while tasks.len() >= this.concurrency {
                        match ready!(tasks.poll_join_next(cx)) {
                            Some(Ok(Ok(()))) | None => {}
                            Some(Ok(Err(e))) => return Poll::Ready(Err(e.into())),
                            Some(Err(join)) => return Poll::Ready(Err(io::Error::other(join))),
                        }
                    }
                    let part = std::mem::take(&mut this.buffer).freeze();
                    tasks.spawn(upload.put_part(part));
                    *sent += 1;
                }
                State::Creating(_) => {}
                State::Closing(_) | State::Closed => return Poll::Ready(Err(closed())),
            }
        }
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        self.poll_created(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        loop {
            match std::mem::replace(&mut this.state, State::Closed) {
                State::Buffer => {
                    let store = this.store.clone();
                    let path = this.path.clone();
                    let payload: PutPayload = std::mem::take(&mut this.buffer).freeze();
                    this.state = State::Closing(Box::pin(async move {
                        store.put(&path, payload).await.map(|_| ())
                    }));
                }
                State::Creating(f) => {
                    this.state = State::Creating(f);
                    ready!(this.poll_created(cx))?;
                }
                State::Parts { upload, tasks, .. } => {
                    let last = std::mem::take(&mut this.buffer).freeze();
                    this.state =
                        State::Closing(Box::pin(complete(upload, tasks, last, this.concurrency)));
                }
                State::Closing(mut f) => {
                    let done = f.poll_unpin(cx);
                    if done.is_pending() {
                        this.state = State::Closing(f);
                    }
                    return done.map_err(io::Error::from);
                }
                State::Closed => return Poll::Ready(Err(closed())),
            }
        }
    }
}

/// Sends the `last` part once fewer than `concurrency` parts are in flight, waits for the parts
/// and completes the upload; aborts it when anything failed (a part that failed before the last
/// one was sent keeps it from being sent).
async fn complete(
    mut upload: Box<dyn MultipartUpload>,
    mut tasks: JoinSet<object_store::Result<()>>,
    last: PutPayload,
    concurrency: usize,
) -> object_store::Result<()> {
    let mut last = Some(last).filter(|p| p.content_length() > 0);
    let mut failure = None;
    loop {
        if let Some(part) = last.take_if(|_| tasks.len() < concurrency) {
            tasks.spawn(upload.put_part(part));
        }
        let Some(joined) = tasks.join_next().await else {
            break;
        };
        let result = joined.unwrap_or_else(|e| {
            Err(object_store::Error::Generic {
                store: "upload",
                source: Box::new(e),
            })
        });
        if let Err(e) = result {
            failure = Some(e);
            tasks.shutdown().await;
            break;
        }
    }
    let result = match failure {
        Some(e) => Err(e),
        None => upload.complete().await.map(|_| ()),
    };
    if result.is_err() {
        let _ = upload.abort().await;
    }
    result
}
