//! Seed derivation: every independent stream of randomness (the world plan, one conversation,
//! one device's writer, one planted conversation) gets its own RNG derived from the corpus
//! seed, so the output does not depend on which thread produced what, or in which order.

use fastrand::Rng;

/// The independent random streams of a corpus.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Stream {
    World = 1,
    Conversation = 2,
    DeviceWriter = 3,
    Planted = 4,
    Rejected = 5,
    Keyring = 6,
}

/// SplitMix64's finalizer: a bijective, well-mixing map on `u64`.
pub(crate) fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The seed of item `index` of `stream` in a corpus seeded with `seed`.
pub(crate) fn derive(seed: u64, stream: Stream, index: u64) -> u64 {
    mix(mix(seed ^ mix(stream as u64)) ^ index.wrapping_mul(0xD6E8_FEB8_6659_FD93))
}

/// An RNG for item `index` of `stream`.
pub(crate) fn rng(seed: u64, stream: Stream, index: u64) -> Rng {
    Rng::with_seed(derive(seed, stream, index))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_and_indices_are_independent() {
        let a = derive(1, Stream::Conversation, 0);
        assert_ne!(a, derive(1, Stream::Conversation, 1));
        assert_ne!(a, derive(1, Stream::DeviceWriter, 0));
        assert_ne!(a, derive(2, Stream::Conversation, 0));
        assert_eq!(a, derive(1, Stream::Conversation, 0));
    }
}
