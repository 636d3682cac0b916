//! The sealed part MESSAGE and NOTE payloads share (§4.1, §4.3): the key id that ends the
//! clear metadata, then a nonce and the sealed body; the metadata is the associated data.

use nom::number::complete::le_u32;

use crate::error::PayloadError;
use crate::primitives::{array, end, field, str32};
use crate::{NONCE_LEN, TAG_LEN};

/// What opening a MESSAGE body or a NOTE takes, borrowed from the payload.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Sealed<'a> {
    /// Which of the device's keys sealed it.
    pub key_id: u32,
    pub nonce: &'a [u8; NONCE_LEN],
    /// Ciphertext followed by the 16-byte tag.
    pub bytes: &'a [u8],
    /// Associated data: the payload from its first field through `key_id`, as in the file.
    pub aad: &'a [u8],
}

impl<'a> Sealed<'a> {
    /// Decodes the tail of `payload` that starts at `rest` with `key_id`; the tail must end
    /// the payload exactly.
    pub(crate) fn parse(payload: &'a [u8], rest: &'a [u8]) -> Result<Self, PayloadError> {
        let (i, key_id) = field(rest, "key_id", le_u32)?;
        let aad = &payload[..payload.len() - i.len()];
        let (i, nonce) = field(i, "nonce", array::<NONCE_LEN>)?;
        let (i, bytes) = field(i, "sealed", str32)?;
        end(i)?;
        if bytes.len() < TAG_LEN {
            return Err(PayloadError::SealedTooShort(bytes.len()));
        }
        Ok(Sealed { key_id, nonce, bytes, aad })
    }
}
