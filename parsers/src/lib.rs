//! Zero-copy decoders for ECD v1 capture dumps (see `ECD.md` beside this crate).
//!
//! This crate does no I/O and no cryptography: it takes the bytes of a dump (usually a
//! read-only memory map owned by the caller) and hands back typed records that borrow them.
//! Every decoded item carries its offset in the file so a finding can be traced to its bytes.
//! Nothing here panics on input: every defect becomes a typed error or a corrupt span.
//!
//! ```text
//! file := header frame* [trailer]
//! ```
//! - [`header::parse_header`] checks and decodes the header.
//! - [`scan::FrameScanner`] walks the frames after it, resynchronising past damage (§6).
//! - [`record::decode_record`] decodes a valid frame's payload by its type.
//! - [`body::parse_body`] decodes a MESSAGE body once the caller has decrypted it.

pub mod body;
pub mod contact;
mod crc_range;
pub mod error;
pub mod frame;
pub mod header;
pub mod message;
pub mod note;
pub mod primitives;
pub mod record;
pub mod scan;
pub mod sealed;
mod sealer;
pub mod text;
pub mod trailer;

pub use body::{Body, BodyKind, parse_body};
pub use contact::Contact;
pub use error::{HeaderError, PayloadError};
pub use frame::{Envelope, Frame, FrameDefect, FrameFlags, FrameType, envelope_at, frame_at};
pub use header::{Header, parse_header};
pub use message::{Direction, Message};
pub use note::Note;
pub use record::{Record, decode_record};
pub use scan::{CorruptReason, CorruptSpan, FrameScanner, Item};
pub use sealed::Sealed;
pub use sealer::Sealer;
pub use text::Text;
pub use trailer::Trailer;

/// The eight bytes every dump starts with: `"ECDUMP\r\n"`.
pub const MAGIC: [u8; 8] = *b"ECDUMP\r\n";
/// The only format version this crate decodes.
pub const VERSION: u16 = 1;
/// The two bytes that open every frame.
pub const SYNC: [u8; 2] = [0xEC, 0x5A];
/// Largest payload a frame may declare (16 MiB).
pub const MAX_PAYLOAD: u32 = 16 * 1024 * 1024;
/// Bytes a frame adds around its payload: sync (2), type (1), flags (1), length (4), CRC (4).
pub const FRAME_OVERHEAD: usize = 12;
/// Length of a GCM nonce.
pub const NONCE_LEN: usize = 12;
/// Length of the GCM tag that ends every sealed body.
pub const TAG_LEN: usize = 16;

/// CRC-32/ISO-HDLC (the zlib CRC), which guards the header and every frame.
pub fn crc32(bytes: &[u8]) -> u32 {
    crc32fast::hash(bytes)
}

#[cfg(test)]
mod tests {
    #[test]
    fn crc_is_the_zlib_crc() {
        assert_eq!(super::crc32(b"123456789"), 0xCBF4_3926);
    }
}
