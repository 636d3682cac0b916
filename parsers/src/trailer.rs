//! TRAILER payload (§4.4): closes a complete file.

use nom::number::complete::le_u64;

use crate::error::PayloadError;
use crate::frame::Frame;
use crate::primitives::{end, field};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Trailer {
    /// Offset of the frame holding it.
    pub offset: u64,
    /// Frames the encoder wrote before the trailer, valid or not.
    pub frame_count: u64,
}

impl Trailer {
    pub fn parse(frame: &Frame<'_>) -> Result<Self, PayloadError> {
        let (i, frame_count) = field(frame.payload, "frame_count", le_u64)?;
        end(i)?;
        Ok(Trailer { offset: frame.offset, frame_count })
    }
}
