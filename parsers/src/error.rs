//! Typed errors: why a header is rejected, why a payload or body does not parse.

use crate::body::BodyKind;

/// Why a file's header makes the whole file unreadable (§3).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HeaderError {
    #[error("file too short for an ECD header ({size} bytes)")]
    TooShort { size: usize },
    #[error("bad magic: not an ECD dump")]
    BadMagic,
    #[error("unsupported ECD version {0}")]
    UnsupportedVersion(u16),
    #[error("header_len {header_len} is impossible (file size {file_size})")]
    BadHeaderLen { header_len: u16, file_size: usize },
    #[error("header CRC mismatch (stored {stored:#010x}, computed {computed:#010x})")]
    BadCrc { stored: u32, computed: u32 },
    #[error("header field {field} runs past header_len")]
    Truncated { field: &'static str },
    #[error("IMEI is not 14 to 16 ASCII digits")]
    BadImei,
}

/// Why a frame whose CRC holds has a payload (or a decrypted body) that does not parse (§6.3, §6.4).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PayloadError {
    #[error("{field} runs past the end of the payload")]
    Truncated { field: &'static str },
    #[error("{bytes} leftover bytes after the last field")]
    Leftover { bytes: usize },
    #[error("direction byte {0} is neither 0 nor 1")]
    BadDirection(u8),
    #[error("sealed body of {0} bytes is shorter than its 16-byte tag")]
    SealedTooShort(usize),
    #[error("unknown body kind {:#04x}", .0.0)]
    UnknownBodyKind(BodyKind),
    #[error("empty body")]
    EmptyBody,
}
