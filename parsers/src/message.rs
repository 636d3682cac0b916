//! MESSAGE payload (§4.1): clear metadata, then the sealed body.

use nom::number::complete::{le_u8, le_u32, le_u64};

use crate::NONCE_LEN;
use crate::error::PayloadError;
use crate::frame::{Frame, FrameFlags};
use crate::primitives::{field, sealed_tail, str8};
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
    pub key_id: u32,
    pub nonce: &'a [u8; NONCE_LEN],
    /// Ciphertext followed by the 16-byte tag.
    pub sealed: &'a [u8],
    /// Associated data: the payload from `message_id` through `key_id`, as in the file.
    pub aad: &'a [u8],
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
        let (i, key_id) = field(i, "key_id", le_u32)?;
        let aad = &payload[..payload.len() - i.len()];
        let (nonce, sealed) = sealed_tail(i)?;
        Ok(Message {
            offset: frame.offset,
            flags: frame.flags,
            message_id,
            sent_at,
            direction,
            sender: Text(sender),
            recipient: Text(recipient),
            key_id,
            nonce,
            sealed,
            aad,
        })
    }
}
