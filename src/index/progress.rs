//! Progress of long operations (ingest, hunt, entities, exports), reported to the caller: the
//! binary draws bars or logs lines, tests and the library's own callers ignore it.

/// Receives progress: phases, each with its amount of work, and work done in it.
pub trait Progress: Sync {
    /// A new phase begins (the previous one, if any, is over); `total` units of work.
    fn phase(&self, _name: &'static str, _total: u64) {}
    /// `n` more units of the current phase are done.
    fn advance(&self, _n: u64) {}
    /// The operation is over.
    fn finish(&self) {}
}

/// Progress nobody watches.
pub struct SilentProgress;
impl Progress for SilentProgress {}

/// Units of work counted one at a time and reported in batches: calling `advance` for each
/// of 20M documents would cost more than reading them.
pub(crate) struct Batched<'p> {
    progress: &'p dyn Progress,
    pending: u64,
}

impl<'p> Batched<'p> {
    const BATCH: u64 = 4096;

    pub(crate) fn new(progress: &'p dyn Progress) -> Self {
        Batched { progress, pending: 0 }
    }

    pub(crate) fn one(&mut self) {
        self.pending += 1;
        if self.pending == Self::BATCH {
            self.flush();
        }
    }

    pub(crate) fn flush(&mut self) {
        if self.pending > 0 {
            self.progress.advance(std::mem::take(&mut self.pending));
        }
    }
}

impl Drop for Batched<'_> {
    fn drop(&mut self) {
        self.flush();
    }
}
