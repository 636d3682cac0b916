//! Decoding a valid frame's payload by its type.

use crate::contact::Contact;
use crate::error::PayloadError;
use crate::frame::{Frame, FrameType};
use crate::message::Message;
use crate::note::Note;
use crate::trailer::Trailer;

/// A decoded frame. Unknown types are kept with their code: the scanner already
/// trusted their length once their CRC held (§4).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Record<'a> {
    Message(Message<'a>),
    Contact(Contact<'a>),
    Note(Note<'a>),
    Trailer(Trailer),
    Unknown(FrameType),
}

/// Decodes the payload of a frame whose envelope is valid. An error means the frame is
/// malformed (§6.3): it is counted, and decoding goes on with the next frame.
pub fn decode_record<'a>(frame: &Frame<'a>) -> Result<Record<'a>, PayloadError> {
    Ok(match frame.frame_type {
        FrameType::MESSAGE => Record::Message(Message::parse(frame)?),
        FrameType::CONTACT => Record::Contact(Contact::parse(frame)?),
        FrameType::NOTE => Record::Note(Note::parse(frame)?),
        FrameType::TRAILER => Record::Trailer(Trailer::parse(frame)?),
        other => Record::Unknown(other),
    })
}
