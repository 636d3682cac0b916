//! ECD v1 encoder: header, frames, payloads and decrypted bodies, byte for byte per
//! `shared/spec/ecd-v1.md`.
//!
//! Everything writes into a caller-owned `Vec<u8>` so the generator's hot path reuses its
//! buffers. Payload builders report where their fields sit ([`MessageLayout`], [`NoteLayout`])
//! so that damage injection can alter a field *before* the frame's CRC is computed, which is
//! how a malformed-but-CRC-valid frame is made.
//!
//! The format's constants (magic, version, sync, frame types, flags, body kinds, limits) and its
//! CRC are the decoder's own, from `tapir-parsers`: what is written and what is read cannot drift.

use std::ops::Range;

use tapir_parsers::{BodyKind, FRAME_OVERHEAD, FrameType, MAGIC, MAX_PAYLOAD, NONCE_LEN, SYNC, crc32};

/// Why a record cannot be encoded as the spec requires.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EncodeError {
    #[error("{field} is {len} bytes, more than a str8 can hold (255)")]
    Str8TooLong { field: &'static str, len: usize },
    #[error("{field} is {len} bytes, more than a str32 can hold")]
    Str32TooLong { field: &'static str, len: usize },
    #[error("frame payload of {len} bytes exceeds the 16 MiB limit")]
    PayloadTooLarge { len: usize },
    #[error("header of {len} bytes exceeds the u16 header_len field")]
    HeaderTooLarge { len: usize },
}

/// Appends a `str8` (§1).
pub fn put_str8(buf: &mut Vec<u8>, field: &'static str, bytes: &[u8]) -> Result<(), EncodeError> {
    let len = u8::try_from(bytes.len()).map_err(|_| EncodeError::Str8TooLong { field, len: bytes.len() })?;
    buf.push(len);
    buf.extend_from_slice(bytes);
    Ok(())
}

/// Appends a `str32` (§1).
pub fn put_str32(buf: &mut Vec<u8>, field: &'static str, bytes: &[u8]) -> Result<(), EncodeError> {
    let len = u32::try_from(bytes.len()).map_err(|_| EncodeError::Str32TooLong { field, len: bytes.len() })?;
    buf.extend_from_slice(&len.to_le_bytes());
    buf.extend_from_slice(bytes);
    Ok(())
}

/// The fields of a file header (§3).
#[derive(Debug, Clone)]
pub struct Header<'a> {
    pub version: u16,
    pub imei: &'a str,
    pub handle: &'a str,
    pub capture_start: u64,
    pub capture_end: u64,
    /// Bytes v1 decoders ignore.
    pub extension: &'a [u8],
}

/// Encodes a header, its `header_len` and CRC included.
pub fn header(h: &Header<'_>) -> Result<Vec<u8>, EncodeError> {
    let mut buf = Vec::with_capacity(64 + h.extension.len());
    buf.extend_from_slice(&MAGIC);
    buf.extend_from_slice(&h.version.to_le_bytes());
    buf.extend_from_slice(&[0, 0]); // header_len, patched below
    put_str8(&mut buf, "imei", h.imei.as_bytes())?;
    put_str8(&mut buf, "handle", h.handle.as_bytes())?;
    buf.extend_from_slice(&h.capture_start.to_le_bytes());
    buf.extend_from_slice(&h.capture_end.to_le_bytes());
    buf.extend_from_slice(h.extension);
    let total = buf.len() + 4;
    let header_len = u16::try_from(total).map_err(|_| EncodeError::HeaderTooLarge { len: total })?;
    buf[10..12].copy_from_slice(&header_len.to_le_bytes());
    let crc = crc32(&buf);
    buf.extend_from_slice(&crc.to_le_bytes());
    Ok(buf)
}

/// Starts a frame at the end of `buf`: sync, type, flags and a length placeholder.
/// Returns the frame's start, to hand to [`finish_frame`] once the payload is appended.
pub fn begin_frame(buf: &mut Vec<u8>, ftype: FrameType, flags: u8) -> usize {
    let start = buf.len();
    buf.extend_from_slice(&SYNC);
    buf.push(ftype.0);
    buf.push(flags);
    buf.extend_from_slice(&[0; 4]);
    start
}

/// Offset of a frame's payload, given the frame's start.
pub const fn payload_start(frame_start: usize) -> usize {
    frame_start + 8
}

/// Patches the length of the frame begun at `start` and appends its CRC.
pub fn finish_frame(buf: &mut Vec<u8>, start: usize) -> Result<(), EncodeError> {
    let len = buf.len() - payload_start(start);
    let declared = u32::try_from(len)
        .ok()
        .filter(|&declared| declared <= MAX_PAYLOAD)
        .ok_or(EncodeError::PayloadTooLarge { len })?;
    buf[start + 4..start + 8].copy_from_slice(&declared.to_le_bytes());
    let crc = crc32(&buf[start + 2..]);
    buf.extend_from_slice(&crc.to_le_bytes());
    Ok(())
}

/// Whether the CRC stored at the end of a complete frame holds for its bytes.
pub fn frame_crc_holds(frame: &[u8]) -> bool {
    if frame.len() < FRAME_OVERHEAD {
        return false;
    }
    let (core, stored) = frame.split_at(frame.len() - 4);
    let stored = u32::from_le_bytes([stored[0], stored[1], stored[2], stored[3]]);
    crc32(&core[2..]) == stored
}

/// The metadata of a MESSAGE payload that precedes the nonce (it is the AAD, §4.1).
#[derive(Debug, Clone, Copy)]
pub struct MessageMeta<'a> {
    pub message_id: u64,
    pub sent_at: u64,
    pub direction: u8,
    pub sender: &'a str,
    pub recipient: &'a str,
    pub key_id: u32,
}

/// Absolute offsets (in the buffer) of a MESSAGE payload's fields.
#[derive(Debug, Clone)]
pub struct MessageLayout {
    /// The AAD: `message_id` through `key_id`.
    pub aad: Range<usize>,
    pub direction: usize,
    /// The recipient's `str8` length byte, then its bytes.
    pub recipient: Range<usize>,
    /// The `str32` length of `sealed`.
    pub sealed_len: usize,
    /// `sealed` (ciphertext || tag).
    pub sealed: Range<usize>,
}

/// Appends a MESSAGE payload's metadata (the AAD) and returns where its fields sit.
/// The caller then appends the nonce and the sealed body with [`put_sealed`].
pub fn put_message_meta(buf: &mut Vec<u8>, m: &MessageMeta<'_>) -> Result<MessageLayout, EncodeError> {
    let start = buf.len();
    buf.extend_from_slice(&m.message_id.to_le_bytes());
    buf.extend_from_slice(&m.sent_at.to_le_bytes());
    let direction = buf.len();
    buf.push(m.direction);
    put_str8(buf, "sender", m.sender.as_bytes())?;
    let recipient_start = buf.len();
    put_str8(buf, "recipient", m.recipient.as_bytes())?;
    let recipient = recipient_start..buf.len();
    buf.extend_from_slice(&m.key_id.to_le_bytes());
    Ok(MessageLayout { aad: start..buf.len(), direction, recipient, sealed_len: 0, sealed: 0..0 })
}

/// Appends a NOTE payload's metadata (the AAD, §4.3) and returns its range.
pub fn put_note_meta(buf: &mut Vec<u8>, note_id: u64, written_at: u64, key_id: u32) -> Range<usize> {
    let start = buf.len();
    buf.extend_from_slice(&note_id.to_le_bytes());
    buf.extend_from_slice(&written_at.to_le_bytes());
    buf.extend_from_slice(&key_id.to_le_bytes());
    start..buf.len()
}

/// Appends the nonce and `sealed` as a `str32`; returns (offset of the length, range of the bytes).
pub fn put_sealed(
    buf: &mut Vec<u8>,
    nonce: &[u8; NONCE_LEN],
    sealed: &[u8],
) -> Result<(usize, Range<usize>), EncodeError> {
    buf.extend_from_slice(nonce);
    let len_at = buf.len();
    put_str32(buf, "sealed", sealed)?;
    Ok((len_at, len_at + 4..buf.len()))
}

/// Appends a CONTACT payload (§4.2).
pub fn put_contact(buf: &mut Vec<u8>, handle: &str, nickname: &str, added_at: u64) -> Result<(), EncodeError> {
    put_str8(buf, "contact handle", handle.as_bytes())?;
    put_str8(buf, "nickname", nickname.as_bytes())?;
    buf.extend_from_slice(&added_at.to_le_bytes());
    Ok(())
}

/// Appends a TRAILER payload (§4.4).
pub fn put_trailer(buf: &mut Vec<u8>, frame_count: u64) {
    buf.extend_from_slice(&frame_count.to_le_bytes());
}

/// A complete TRAILER frame.
pub fn trailer_frame(frame_count: u64) -> Vec<u8> {
    let mut buf = Vec::with_capacity(FRAME_OVERHEAD + 8);
    let start = begin_frame(&mut buf, FrameType::TRAILER, 0);
    put_trailer(&mut buf, frame_count);
    // An 8-byte payload is always within limits.
    let _ = finish_frame(&mut buf, start);
    buf
}

/// Appends a TEXT body (§4.1). Takes bytes, not `&str`: lossy-UTF-8 bodies are written on purpose.
/// Returns the offset of the body's trailing `str32` length.
pub fn put_text_body(buf: &mut Vec<u8>, text: &[u8]) -> Result<usize, EncodeError> {
    buf.push(BodyKind::TEXT.0);
    let at = buf.len();
    put_str32(buf, "text", text)?;
    Ok(at)
}

/// Appends an IMAGE body; returns the offset of the caption's `str32` length.
pub fn put_image_body(
    buf: &mut Vec<u8>,
    file_name: &str,
    byte_size: u32,
    sha256: &[u8; 32],
    caption: &str,
) -> Result<usize, EncodeError> {
    buf.push(BodyKind::IMAGE.0);
    put_str8(buf, "file_name", file_name.as_bytes())?;
    buf.extend_from_slice(&byte_size.to_le_bytes());
    buf.extend_from_slice(sha256);
    let at = buf.len();
    put_str32(buf, "caption", caption.as_bytes())?;
    Ok(at)
}

/// Appends a LOCATION body; returns the offset of the label's `str32` length.
pub fn put_location_body(buf: &mut Vec<u8>, lat: f64, lon: f64, label: &str) -> Result<usize, EncodeError> {
    buf.push(BodyKind::LOCATION.0);
    buf.extend_from_slice(&lat.to_le_bytes());
    buf.extend_from_slice(&lon.to_le_bytes());
    let at = buf.len();
    put_str32(buf, "label", label.as_bytes())?;
    Ok(at)
}

/// Truncates `s` to at most `max` bytes on a char boundary (for `str8` fields fed by content).
pub fn clip(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

#[cfg(test)]
mod tests {
    use tapir_parsers::FrameFlags;

    use super::*;

    #[test]
    fn spec_example_header_is_60_bytes_and_checks() {
        let h = header(&Header {
            version: 1,
            imei: "356938035643809",
            handle: "renard-gris",
            capture_start: 0,
            capture_end: 0,
            extension: &[],
        })
        .unwrap();
        assert_eq!(h.len(), 60);
        assert_eq!(&h[..8], b"ECDUMP\r\n");
        assert_eq!(u16::from_le_bytes([h[10], h[11]]), 60);
        let stored = u32::from_le_bytes([h[56], h[57], h[58], h[59]]);
        assert_eq!(stored, crc32(&h[..56]));
    }

    #[test]
    fn frame_length_and_crc_cover_type_flags_length_payload() {
        let f = trailer_frame(7);
        assert_eq!(f.len(), FRAME_OVERHEAD + 8);
        assert_eq!(&f[..4], &[0xEC, 0x5A, 0x7F, 0x00]);
        assert_eq!(u32::from_le_bytes([f[4], f[5], f[6], f[7]]), 8);
        assert_eq!(u64::from_le_bytes(f[8..16].try_into().unwrap()), 7);
        assert!(frame_crc_holds(&f));
        let mut bad = f.clone();
        bad[9] ^= 1;
        assert!(!frame_crc_holds(&bad));
    }

    #[test]
    fn message_layout_points_at_its_fields() {
        let mut buf = Vec::new();
        let start = begin_frame(&mut buf, FrameType::MESSAGE, FrameFlags::DELETED);
        let meta = MessageMeta { message_id: 9, sent_at: 10, direction: 1, sender: "ab", recipient: "cde", key_id: 4 };
        let l = put_message_meta(&mut buf, &meta).unwrap();
        assert_eq!(l.aad, 8..8 + 8 + 8 + 1 + 3 + 4 + 4);
        assert_eq!(buf[l.direction], 1);
        assert_eq!(&buf[l.recipient.clone()], b"\x03cde");
        let (len_at, sealed) = put_sealed(&mut buf, &[0; 12], &[5; 20]).unwrap();
        assert_eq!(u32::from_le_bytes(buf[len_at..len_at + 4].try_into().unwrap()), 20);
        assert_eq!(sealed.len(), 20);
        finish_frame(&mut buf, start).unwrap();
        assert!(frame_crc_holds(&buf));
    }

    #[test]
    fn str8_rejects_long_fields_and_clip_respects_char_boundaries() {
        let mut buf = Vec::new();
        assert!(put_str8(&mut buf, "x", &[b'a'; 256]).is_err());
        assert_eq!(clip("héllo", 2), "h");
        assert_eq!(clip("héllo", 3), "hé");
    }
}
