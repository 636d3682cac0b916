//! A lock-free bit set: one bit per logical message, set when a surviving copy decrypts.
//!
//! The two copies of a message are written by different threads; OR-ing bits is
//! order-independent, so the result does not depend on scheduling. 20 M messages take 2.5 MB.

use std::sync::atomic::{AtomicU64, Ordering};

pub(crate) struct AtomicBitset(Vec<AtomicU64>);

impl AtomicBitset {
    pub fn new(bits: u64) -> Self {
        AtomicBitset((0..bits.div_ceil(64)).map(|_| AtomicU64::new(0)).collect())
    }

    pub fn set(&self, i: u64) {
        if let Some(word) = self.0.get((i / 64) as usize) {
            word.fetch_or(1 << (i % 64), Ordering::Relaxed);
        }
    }

    pub fn get(&self, i: u64) -> bool {
        self.0.get((i / 64) as usize).is_some_and(|w| w.load(Ordering::Relaxed) & (1 << (i % 64)) != 0)
    }

    pub fn count(&self) -> u64 {
        self.0.iter().map(|w| u64::from(w.load(Ordering::Relaxed).count_ones())).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_gets_and_counts() {
        let b = AtomicBitset::new(130);
        for i in [0, 63, 64, 129, 129] {
            b.set(i);
        }
        b.set(1_000); // out of range: ignored
        assert!(b.get(63) && b.get(64) && !b.get(65));
        assert_eq!(b.count(), 4);
    }
}
