//! NOTE payload (§4.3): a note the device owner wrote, sealed like a message body.

use nom::number::complete::{le_u32, le_u64};

use crate::NONCE_LEN;
use crate::error::PayloadError;
use crate::frame::{Frame, FrameFlags};
use crate::primitives::{field, sealed_tail};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Note<'a> {
    /// Offset of the frame holding it.
    pub offset: u64,
    pub flags: FrameFlags,
    pub note_id: u64,
    /// Milliseconds since the Unix epoch.
    pub written_at: u64,
    pub key_id: u32,
    pub nonce: &'a [u8; NONCE_LEN],
    /// Ciphertext followed by the 16-byte tag; opens to UTF-8 text with no kind byte.
    pub sealed: &'a [u8],
    /// Associated data: the payload from `note_id` through `key_id`.
    pub aad: &'a [u8],
}

impl<'a> Note<'a> {
    pub fn parse(frame: &Frame<'a>) -> Result<Self, PayloadError> {
        let payload = frame.payload;
        let (i, note_id) = field(payload, "note_id", le_u64)?;
        let (i, written_at) = field(i, "written_at", le_u64)?;
        let (i, key_id) = field(i, "key_id", le_u32)?;
        let aad = &payload[..payload.len() - i.len()];
        let (nonce, sealed) = sealed_tail(i)?;
        Ok(Note { offset: frame.offset, flags: frame.flags, note_id, written_at, key_id, nonce, sealed, aad })
    }
}
