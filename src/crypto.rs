//! AES-256-GCM, the only place tapir touches a cipher (spec §4.1, §4.3).
//!
//! One key schedule per seized key; bodies are opened into a caller-owned buffer so the
//! hot path allocates nothing per message.

use aes_gcm::aead::Nonce;
use aes_gcm::aead::{AeadInOut, KeyInit};
use aes_gcm::{Aes256Gcm, Key, Tag};
use tapir_parsers::{NONCE_LEN, TAG_LEN};

/// A ready key schedule for one seized key. Zeroized on drop (aes-gcm's `zeroize` feature).
pub struct Cipher(Aes256Gcm);

impl std::fmt::Debug for Cipher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Cipher(<redacted>)")
    }
}

/// Why a sealed body could not be opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum OpenError {
    /// Shorter than a tag: cannot even be checked.
    #[error("sealed body shorter than its 16-byte tag")]
    TooShort,
    /// The tag does not authenticate ciphertext and AAD under this key.
    #[error("authentication tag does not verify")]
    AuthFailed,
}

impl Cipher {
    pub fn new(key: &[u8; 32]) -> Self {
        let key: &Key<Aes256Gcm> = key.into();
        Cipher(Aes256Gcm::new(key))
    }

    /// Opens `sealed` (ciphertext || tag) into `out`, which is cleared first.
    pub fn open(&self, nonce: &[u8; NONCE_LEN], aad: &[u8], sealed: &[u8], out: &mut Vec<u8>) -> Result<(), OpenError> {
        let split = sealed.len().checked_sub(TAG_LEN).ok_or(OpenError::TooShort)?;
        let (ciphertext, tag) = sealed.split_at(split);
        out.clear();
        out.extend_from_slice(ciphertext);
        let tag: &Tag = tag.try_into().map_err(|_| OpenError::TooShort)?;
        self.0
            .decrypt_inout_detached(<&Nonce<Aes256Gcm>>::from(nonce), aad, out.as_mut_slice().into(), tag)
            .map_err(|_| OpenError::AuthFailed)
    }

    /// Seals the plaintext in `buf` in place: afterwards `buf` holds ciphertext || tag.
    pub fn seal(&self, nonce: &[u8; NONCE_LEN], aad: &[u8], buf: &mut Vec<u8>) {
        let tag = self
            .0
            .encrypt_inout_detached(<&Nonce<Aes256Gcm>>::from(nonce), aad, buf.as_mut_slice().into())
            // Only fails past GCM's length limits (64 GiB), far beyond an ECD body (16 MiB).
            .expect("body within AES-GCM length limits");
        buf.extend_from_slice(&tag);
    }
}

/// The generator's sealer: lets `tapir-corpora` write encrypted bodies without a crypto crate.
pub struct AesGcmSealer;

impl tapir_parsers::Sealer for AesGcmSealer {
    type Cipher = Cipher;
    fn cipher(&self, key: &[u8; 32]) -> Cipher {
        Cipher::new(key)
    }
    fn seal(&self, cipher: &Cipher, nonce: &[u8; 12], aad: &[u8], buf: &mut Vec<u8>) {
        cipher.seal(nonce, aad, buf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seal_then_open_round_trips_and_detects_tampering() {
        let c = Cipher::new(&[7u8; 32]);
        let mut buf = b"salut".to_vec();
        c.seal(&[1u8; 12], b"aad", &mut buf);
        assert_eq!(buf.len(), 5 + TAG_LEN);
        let mut out = Vec::new();
        c.open(&[1u8; 12], b"aad", &buf, &mut out).unwrap();
        assert_eq!(out, b"salut");
        assert_eq!(c.open(&[1u8; 12], b"aaD", &buf, &mut out), Err(OpenError::AuthFailed));
        assert_eq!(c.open(&[1u8; 12], b"aad", &buf[..10], &mut out), Err(OpenError::TooShort));
    }
}
