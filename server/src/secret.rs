//! 256-bit random secrets — session ids and API tokens — and what is stored of them.
//!
//! A secret leaves the server once (in a cookie, or printed once by `tapir token create`);
//! the database keeps only its SHA-256, so a copy of `server.sqlite` opens no session. A
//! lookup by hash needs no constant-time comparison: the hash of a guess says nothing about
//! the hash of the secret.

use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

use crate::StoreError;

pub const SECRET_LEN: usize = 32;

/// Prefix of API tokens, so that a leaked one is recognisable (secret scanners, logs).
pub const TOKEN_PREFIX: &str = "tapir_";

/// A random secret; its bytes are zeroized when dropped and never printed by `Debug`.
pub struct Secret(Zeroizing<[u8; SECRET_LEN]>);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

impl Secret {
    /// 32 bytes from the operating system's generator.
    pub fn random() -> Result<Self, StoreError> {
        let mut bytes = Zeroizing::new([0u8; SECRET_LEN]);
        getrandom::fill(bytes.as_mut()).map_err(|e| StoreError::Random(e.to_string()))?;
        Ok(Secret(bytes))
    }

    /// The secret as 64 lower-case hex digits (a session cookie's value).
    pub fn to_hex(&self) -> Zeroizing<String> {
        Zeroizing::new(hex::encode(self.0.as_ref()))
    }

    /// The secret as an API token: `tapir_` and 64 hex digits.
    pub fn to_token(&self) -> Zeroizing<String> {
        Zeroizing::new(format!("{TOKEN_PREFIX}{}", hex::encode(self.0.as_ref())))
    }

    /// Reads 64 hex digits (either case); anything else is no secret.
    pub fn from_hex(text: &str) -> Option<Self> {
        if text.len() != SECRET_LEN * 2 {
            return None;
        }
        let mut bytes = Zeroizing::new([0u8; SECRET_LEN]);
        hex::decode_to_slice(text, bytes.as_mut()).ok()?;
        Some(Secret(bytes))
    }

    /// Reads an API token as [`Secret::to_token`] writes it.
    pub fn from_token(text: &str) -> Option<Self> {
        Self::from_hex(text.strip_prefix(TOKEN_PREFIX)?)
    }

    /// What the database stores: SHA-256 of the 32 bytes.
    pub fn digest(&self) -> Vec<u8> {
        Sha256::digest(self.0.as_ref()).to_vec()
    }

    /// The per-session CSRF token derived from a session id: SHA-256 over a domain label and
    /// the id, in hex. It needs no storage, differs from the stored digest (so the database
    /// does not hold it either) and cannot be turned back into the session id.
    pub fn csrf_token(&self) -> String {
        let mut hasher = Sha256::new();
        hasher.update(b"tapir csrf token v1\0");
        hasher.update(self.0.as_ref());
        hex::encode(hasher.finalize())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_round_trip_and_reject_junk() {
        let s = Secret::random().unwrap();
        let hex = s.to_hex();
        assert_eq!(hex.len(), 64);
        assert_eq!(Secret::from_hex(&hex).unwrap().digest(), s.digest());
        assert_eq!(Secret::from_token(&s.to_token()).unwrap().digest(), s.digest());
        assert_ne!(s.csrf_token().as_bytes(), hex::encode(s.digest()).as_bytes());
        assert_ne!(Secret::random().unwrap().digest(), s.digest());
        for junk in ["", "zz", &"g".repeat(64), &"a".repeat(63), &"a".repeat(65), "tapir_", "é".repeat(32).as_str()] {
            assert!(Secret::from_hex(junk).is_none(), "{junk:?}");
        }
        assert!(Secret::from_token(&hex).is_none(), "a token needs its prefix");
        assert_eq!(format!("{s:?}"), "Secret(<redacted>)");
    }
}
