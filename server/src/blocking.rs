//! Blocking work off the async threads, with bounded concurrency: a pool is a semaphore in
//! front of `tokio::task::spawn_blocking`. The server keeps separate pools for its database,
//! for password checks (each Argon2id costs 19 MiB and tens of milliseconds) and for case work
//! (tantivy searches, hunts), so that a flood of one never starves the others.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Semaphore;

/// Why blocking work did not run to completion.
#[derive(Debug, thiserror::Error)]
pub enum BlockingError {
    #[error("the server is busy: no {pool} worker became free within {waited:?}")]
    Busy { pool: &'static str, waited: Duration },
    #[error("a {pool} task panicked or was cancelled")]
    Failed { pool: &'static str },
}

/// A bounded pool of blocking workers.
#[derive(Clone, Debug)]
pub struct BlockingPool {
    name: &'static str,
    permits: Arc<Semaphore>,
    queue_timeout: Duration,
}

impl BlockingPool {
    /// At most `workers` closures of this pool run at once; a caller waits at most
    /// `queue_timeout` for a free worker, then gets [`BlockingError::Busy`].
    pub fn new(name: &'static str, workers: usize, queue_timeout: Duration) -> Self {
        BlockingPool { name, permits: Arc::new(Semaphore::new(workers.max(1))), queue_timeout }
    }

    pub fn name(&self) -> &'static str {
        self.name
    }

    /// Runs `work` on a blocking thread once a worker is free. A panic in `work` is reported
    /// as [`BlockingError::Failed`] (and logged), never propagated.
    pub async fn run<T, F>(&self, work: F) -> Result<T, BlockingError>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let busy = BlockingError::Busy { pool: self.name, waited: self.queue_timeout };
        let permit = match tokio::time::timeout(self.queue_timeout, self.permits.clone().acquire_owned()).await {
            Ok(Ok(permit)) => permit,
            // The semaphore is never closed; treat it as busy if it were.
            Ok(Err(_)) | Err(_) => return Err(busy),
        };
        let task = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            work()
        });
        task.await.map_err(|e| {
            tracing::error!(pool = self.name, panicked = e.is_panic(), "blocking task failed");
            BlockingError::Failed { pool: self.name }
        })
    }
}
