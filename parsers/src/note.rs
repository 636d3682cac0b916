//! NOTE payload (§4.3): a note the device owner wrote, sealed like a message body.

use nom::number::complete::le_u64;

use crate::error::PayloadError;
use crate::frame::{Frame, FrameFlags};
use crate::primitives::field;
use crate::sealed::Sealed;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Note<'a> {
    /// Offset of the frame holding it.
    pub offset: u64,
    pub flags: FrameFlags,
    pub note_id: u64,
    /// Milliseconds since the Unix epoch.
    pub written_at: u64,
    /// The text, sealed; its AAD runs from `note_id` through `key_id`. Opens to UTF-8 text
    /// with no kind byte.
    pub sealed: Sealed<'a>,
}

impl<'a> Note<'a> {
    pub fn parse(frame: &Frame<'a>) -> Result<Self, PayloadError> {
        let payload = frame.payload;
        let (i, note_id) = field(payload, "note_id", le_u64)?;
        let (i, written_at) = field(i, "written_at", le_u64)?;
        let sealed = Sealed::parse(payload, i)?;
        Ok(Note { offset: frame.offset, flags: frame.flags, note_id, written_at, sealed })
    }
}
