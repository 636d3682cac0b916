//! CONTACT payload (§4.2): an entry of the device owner's contact list, in clear.

use nom::number::complete::le_u64;

use crate::error::PayloadError;
use crate::frame::Frame;
use crate::primitives::{end, field, str8};
use crate::text::Text;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Contact<'a> {
    /// Offset of the frame holding it.
    pub offset: u64,
    pub handle: Text<'a>,
    /// The name the owner gave the contact; may be empty.
    pub nickname: Text<'a>,
    /// Milliseconds since the Unix epoch.
    pub added_at: u64,
}

impl<'a> Contact<'a> {
    pub fn parse(frame: &Frame<'a>) -> Result<Self, PayloadError> {
        let (i, handle) = field(frame.payload, "handle", str8)?;
        let (i, nickname) = field(i, "nickname", str8)?;
        let (i, added_at) = field(i, "added_at", le_u64)?;
        end(i)?;
        Ok(Contact { offset: frame.offset, handle: Text(handle), nickname: Text(nickname), added_at })
    }
}
