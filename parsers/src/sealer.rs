//! The sealing interface of an ECD writer: this crate does no cryptography itself.

/// Seals a plaintext body with AES-256-GCM (ciphertext followed by its 16-byte tag).
///
/// Declared here, beside the format, so that the generator (`tapir-corpora`) seals through it
/// without a crypto crate and the `tapir` library implements it without depending on the
/// generator. The generator keeps one `Cipher` per device key.
pub trait Sealer: Sync {
    /// A key schedule, built once per key.
    type Cipher: Send + Sync;
    /// Builds the key schedule for a 32-byte key.
    fn cipher(&self, key: &[u8; 32]) -> Self::Cipher;
    /// Replaces `buf` (the plaintext) with ciphertext || tag, authenticated with `aad`.
    fn seal(&self, cipher: &Self::Cipher, nonce: &[u8; crate::NONCE_LEN], aad: &[u8], buf: &mut Vec<u8>);
}
