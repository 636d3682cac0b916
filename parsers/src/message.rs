//! MESSAGE payload (§4.1): clear metadata, then the sealed body.

use nom::number::complete::{le_u8, le_u64};

use crate::error::PayloadError;
use crate::frame::{Frame, FrameFlags};
use crate::primitives::{field, str8};
use crate::sealed::Sealed;
use crate::text::Text;

/// Whether the capturing device sent or received the message.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
pub enum Direction {
    Received,
    Sent,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Received => "received",
            Direction::Sent => "sent",
        }
    }
}

/// A message as captured on one device. Its body is still sealed.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Message<'a> {
    /// Offset of the frame holding it.
    pub offset: u64,
    pub flags: FrameFlags,
    /// Assigned by the sender: `(sender, message_id)` names the logical message.
    pub message_id: u64,
    /// Milliseconds since the Unix epoch, sender's clock.
    pub sent_at: u64,
    pub direction: Direction,
    pub sender: Text<'a>,
    pub recipient: Text<'a>,
    /// The body, sealed; its AAD runs from `message_id` through `key_id`. Opens to a [`crate::Body`].
    pub sealed: Sealed<'a>,
}

impl<'a> Message<'a> {
    /// Decodes the payload of a MESSAGE frame.
    pub fn parse(frame: &Frame<'a>) -> Result<Self, PayloadError> {
        let payload = frame.payload;
        let (i, message_id) = field(payload, "message_id", le_u64)?;
        let (i, sent_at) = field(i, "sent_at", le_u64)?;
        let (i, direction) = field(i, "direction", le_u8)?;
        let direction = match direction {
            0 => Direction::Received,
            1 => Direction::Sent,
            other => return Err(PayloadError::BadDirection(other)),
        };
        let (i, sender) = field(i, "sender", str8)?;
        let (i, recipient) = field(i, "recipient", str8)?;
        let sealed = Sealed::parse(payload, i)?;
        Ok(Message {
            offset: frame.offset,
            flags: frame.flags,
            message_id,
            sent_at,
            direction,
            sender: Text(sender),
            recipient: Text(recipient),
            sealed,
        })
    }
}
