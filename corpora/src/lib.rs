//! tapir-corpora: deterministic synthetic ECD v1 corpora for tests, benchmarks and evaluation.
//!
//! The generator never touches a cipher itself: the caller hands it a [`Sealer`]
//! (the `tapir` library implements one with aes-gcm), so that only the root library
//! depends on a crypto crate.

pub mod content;

/// Seals a plaintext body with AES-256-GCM (ciphertext followed by its 16-byte tag).
///
/// Implemented by the `tapir` library; the generator keeps one `Cipher` per device key.
pub trait Sealer: Sync {
    /// A key schedule, built once per key.
    type Cipher: Send + Sync;
    /// Builds the key schedule for a 32-byte key.
    fn cipher(&self, key: &[u8; 32]) -> Self::Cipher;
    /// Replaces `buf` (the plaintext) with ciphertext || tag, authenticated with `aad`.
    fn seal(&self, cipher: &Self::Cipher, nonce: &[u8; 12], aad: &[u8], buf: &mut Vec<u8>);
}
