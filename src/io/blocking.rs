//! The synchronous [`BlobReader`] seam of the value decoder, served by a [`Store`].

use super::store::Store;
use crate::Error;
use crate::storage::{BlobReader, StoreErrorKind};

/// A [`Store`] behind the synchronous [`BlobReader`] the value decoder reads offloaded literals
/// through (`value::Decoder::with_store`). Runs each read on its own single-threaded tokio
/// runtime; called from inside an async runtime, the read runs on a scoped helper thread
/// instead of blocking (or panicking in) the caller's runtime.
#[derive(Debug, Clone)]
pub struct BlockingStore {
    store: Store,
}

impl BlockingStore {
    /// Wraps a store.
    pub fn new(store: Store) -> Self {
        Self { store }
    }

    /// The store.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Runs a future of the store to completion, synchronously.
    pub fn block_on<T: Send>(
        &self,
        f: impl Future<Output = Result<T, Error>> + Send,
    ) -> Result<T, Error> {
        let run = move || {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| StoreErrorKind::Config(format!("cannot start a tokio runtime: {e}")))?
                .block_on(f)
        };
        if tokio::runtime::Handle::try_current().is_ok() {
            std::thread::scope(|s| {
                s.spawn(run).join().unwrap_or_else(|_| {
                    Err(StoreErrorKind::Config("the storage helper thread panicked".into()).into())
                })
            })
        } else {
            run()
        }
    }
}

impl BlobReader for BlockingStore {
    fn read(&self, uri: &str, limit: u64) -> Result<Vec<u8>, Error> {
        self.block_on(self.store.read_bytes(uri, limit))
    }
}
