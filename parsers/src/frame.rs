//! The frame envelope (§4): sync, type, flags, length, payload, CRC.

use crate::{FRAME_OVERHEAD, MAX_PAYLOAD, SYNC, crc32};

/// A frame type code. Unknown codes are kept as they are, not mapped to an error.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FrameType(pub u8);

impl FrameType {
    pub const MESSAGE: FrameType = FrameType(0x01);
    pub const CONTACT: FrameType = FrameType(0x02);
    pub const NOTE: FrameType = FrameType(0x03);
    pub const TRAILER: FrameType = FrameType(0x7F);

    pub fn name(self) -> Option<&'static str> {
        match self {
            Self::MESSAGE => Some("MESSAGE"),
            Self::CONTACT => Some("CONTACT"),
            Self::NOTE => Some("NOTE"),
            Self::TRAILER => Some("TRAILER"),
            _ => None,
        }
    }
}

impl std::fmt::Debug for FrameType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.name() {
            Some(name) => f.write_str(name),
            None => write!(f, "FrameType({:#04x})", self.0),
        }
    }
}

/// Frame flags. Only bit 0 means something in v1; the other bits are kept, not judged.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
pub struct FrameFlags(pub u8);

impl FrameFlags {
    pub const DELETED: u8 = 0x01;
    /// Recovered from the phone's deleted storage.
    pub fn is_deleted(self) -> bool {
        self.0 & Self::DELETED != 0
    }
}

/// A frame whose envelope checks hold. Its payload borrows the file.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Frame<'a> {
    /// Offset of the sync bytes in the file.
    pub offset: u64,
    pub frame_type: FrameType,
    pub flags: FrameFlags,
    pub payload: &'a [u8],
}

impl Frame<'_> {
    /// Bytes the frame occupies in the file: `12 + length`.
    pub fn size(&self) -> u64 {
        (FRAME_OVERHEAD + self.payload.len()) as u64
    }
    /// Offset of the payload's first byte in the file.
    pub fn payload_offset(&self) -> u64 {
        self.offset + 8
    }
}

/// Why no valid frame starts at an offset (§6.1).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum FrameDefect {
    /// The two bytes there are not `EC 5A`.
    BadSync,
    /// Sync, type, flags or length run past the end of the file.
    HeaderPastEnd,
    /// The declared length is over 16 MiB.
    LengthOverLimit,
    /// Payload or CRC run past the end of the file.
    PastEnd,
    /// The CRC does not hold.
    CrcMismatch,
}

/// The frame starting at `offset` in `file`, if its envelope is valid.
#[inline]
pub fn frame_at(file: &[u8], offset: usize) -> Result<Frame<'_>, FrameDefect> {
    frame_at_with(file, offset, |start, end| crc32(&file[start..end]))
}

/// The bytes of a frame laid out at an offset, its CRC not judged yet: what shows a damaged
/// frame's bytes beside the CRC it records and the one they give.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Envelope<'a> {
    /// Offset of the sync bytes in the file.
    pub offset: u64,
    /// The whole frame: sync, type, flags, length, payload, CRC (`12 + length` bytes).
    pub bytes: &'a [u8],
    /// The CRC its last four bytes record.
    pub stored_crc: u32,
}

impl<'a> Envelope<'a> {
    pub fn frame_type(&self) -> FrameType {
        FrameType(self.bytes[2])
    }

    pub fn flags(&self) -> FrameFlags {
        FrameFlags(self.bytes[3])
    }

    pub fn payload(&self) -> &'a [u8] {
        &self.bytes[8..self.bytes.len() - 4]
    }

    /// The CRC of its bytes as they are now (type through payload).
    pub fn computed_crc(&self) -> u32 {
        crc32(&self.bytes[2..self.bytes.len() - 4])
    }

    /// The frame, when the CRC holds.
    pub fn frame(&self) -> Result<Frame<'a>, FrameDefect> {
        if self.computed_crc() != self.stored_crc {
            return Err(FrameDefect::CrcMismatch);
        }
        Ok(self.unchecked_frame())
    }

    fn unchecked_frame(&self) -> Frame<'a> {
        Frame { offset: self.offset, frame_type: self.frame_type(), flags: self.flags(), payload: self.payload() }
    }
}

/// The envelope at `offset` in `file`: sync, a length within [`MAX_PAYLOAD`], payload and CRC
/// inside the file; every check of [`frame_at`] but the CRC's.
#[inline]
pub fn envelope_at(file: &[u8], offset: usize) -> Result<Envelope<'_>, FrameDefect> {
    let rest = file.get(offset..).unwrap_or_default();
    if rest.len() < 2 || rest[..2] != SYNC {
        return Err(FrameDefect::BadSync);
    }
    let Some(envelope) = rest.get(..8) else {
        return Err(FrameDefect::HeaderPastEnd);
    };
    let length = u32::from_le_bytes([envelope[4], envelope[5], envelope[6], envelope[7]]);
    if length > MAX_PAYLOAD {
        return Err(FrameDefect::LengthOverLimit);
    }
    let end = 8 + length as usize;
    let Some(stored) = rest.get(end..end + 4) else {
        return Err(FrameDefect::PastEnd);
    };
    Ok(Envelope {
        offset: offset as u64,
        bytes: &rest[..end + 4],
        stored_crc: u32::from_le_bytes([stored[0], stored[1], stored[2], stored[3]]),
    })
}

/// [`frame_at`] with the CRC of `file[start..end]` computed by `crc_of`, which must equal
/// `crc32(&file[start..end])`: the scanner passes one that stays cheap on long ranges.
/// It is called last, only once every other check holds.
#[inline]
pub(crate) fn frame_at_with(
    file: &[u8],
    offset: usize,
    crc_of: impl FnOnce(usize, usize) -> u32,
) -> Result<Frame<'_>, FrameDefect> {
    let envelope = envelope_at(file, offset)?;
    // The envelope lies within the file, so `offset + its length` does too.
    if crc_of(offset + 2, offset + envelope.bytes.len() - 4) != envelope.stored_crc {
        return Err(FrameDefect::CrcMismatch);
    }
    Ok(envelope.unchecked_frame())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Encodes one frame, for tests.
    pub(crate) fn encode(frame_type: u8, flags: u8, payload: &[u8]) -> Vec<u8> {
        let mut out = SYNC.to_vec();
        out.push(frame_type);
        out.push(flags);
        out.extend_from_slice(&(payload.len() as u32).to_le_bytes());
        out.extend_from_slice(payload);
        let crc = crc32(&out[2..]);
        out.extend_from_slice(&crc.to_le_bytes());
        out
    }

    #[test]
    fn reads_a_valid_frame_and_names_each_defect() {
        let bytes = encode(0x42, 1, b"hello");
        let f = frame_at(&bytes, 0).unwrap();
        assert_eq!(
            (f.frame_type, f.flags.is_deleted(), f.payload, f.size()),
            (FrameType(0x42), true, &b"hello"[..], 17)
        );
        assert_eq!(frame_at(&bytes, 1), Err(FrameDefect::BadSync));
        assert_eq!(frame_at(&bytes[..6], 0), Err(FrameDefect::HeaderPastEnd));
        assert_eq!(frame_at(&bytes[..16], 0), Err(FrameDefect::PastEnd));
        let mut bad = bytes.clone();
        bad[9] ^= 0xFF;
        assert_eq!(frame_at(&bad, 0), Err(FrameDefect::CrcMismatch));
        let shown = envelope_at(&bad, 0).unwrap();
        assert_eq!((shown.bytes, shown.payload()), (&bad[..], &bad[8..13]));
        assert_eq!(shown.stored_crc, envelope_at(&bytes, 0).unwrap().computed_crc());
        assert_ne!(shown.computed_crc(), shown.stored_crc);
        assert_eq!(shown.frame(), Err(FrameDefect::CrcMismatch));
        assert_eq!(envelope_at(&bytes, 0).unwrap().frame(), Ok(f));
        let mut huge = bytes.clone();
        huge[4..8].copy_from_slice(&(MAX_PAYLOAD + 1).to_le_bytes());
        assert_eq!(frame_at(&huge, 0), Err(FrameDefect::LengthOverLimit));
        assert_eq!(frame_at(&bytes, 999), Err(FrameDefect::BadSync));
    }
}
