//! Where a logical message was captured: its copies, stored compactly in each document.
//!
//! A copy names its evidence file by number (the manifest maps numbers to path, SHA-256 and
//! IMEI), the frame's offset in that file, direction, DELETED flag and the copy's status.

use crate::decode::Status;

/// One captured copy, as stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StoredCopy {
    pub file_no: u32,
    pub offset: u64,
    pub sent: bool,
    pub deleted: bool,
    pub status: Status,
}

const RECORD: usize = 13;

pub(crate) fn status_code(status: Status) -> u8 {
    match status {
        Status::Decrypted => 0,
        Status::NoKey => 1,
        Status::AuthFailed => 2,
        Status::BadBody => 3,
        Status::Malformed => 4,
    }
}

pub(crate) fn status_from_code(code: u8) -> Option<Status> {
    Some(match code {
        0 => Status::Decrypted,
        1 => Status::NoKey,
        2 => Status::AuthFailed,
        3 => Status::BadBody,
        4 => Status::Malformed,
        _ => return None,
    })
}

/// Packs direction, DELETED and status in one byte.
pub(crate) fn pack_flags(sent: bool, deleted: bool, status: Status) -> u8 {
    u8::from(sent) | u8::from(deleted) << 1 | status_code(status) << 2
}

pub(crate) fn unpack_flags(flags: u8) -> Option<(bool, bool, Status)> {
    Some((flags & 1 != 0, flags & 2 != 0, status_from_code((flags >> 2) & 0x7)?))
}

pub(crate) fn encode(copies: &[StoredCopy]) -> Vec<u8> {
    let mut out = Vec::with_capacity(copies.len() * RECORD);
    for c in copies {
        out.extend_from_slice(&c.file_no.to_le_bytes());
        out.extend_from_slice(&c.offset.to_le_bytes());
        out.push(pack_flags(c.sent, c.deleted, c.status));
    }
    out
}

/// Decodes stored copies; a damaged record (it should never be) is skipped, not a panic.
pub(crate) fn decode(bytes: &[u8]) -> Vec<StoredCopy> {
    bytes
        .chunks_exact(RECORD)
        .filter_map(|r| {
            let file_no = u32::from_le_bytes(r[0..4].try_into().ok()?);
            let offset = u64::from_le_bytes(r[4..12].try_into().ok()?);
            let (sent, deleted, status) = unpack_flags(r[12])?;
            Some(StoredCopy { file_no, offset, sent, deleted, status })
        })
        .collect()
}

/// The status of a logical message: the best any of its copies reached.
pub(crate) fn best_status(statuses: impl IntoIterator<Item = Status>) -> Status {
    let rank = |s: Status| match s {
        Status::Decrypted => 0,
        Status::BadBody => 1,
        Status::AuthFailed => 2,
        Status::NoKey => 3,
        Status::Malformed => 4,
    };
    statuses.into_iter().min_by_key(|s| rank(*s)).unwrap_or(Status::Malformed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let copies = vec![
            StoredCopy { file_no: 3, offset: 1 << 40, sent: true, deleted: false, status: Status::Decrypted },
            StoredCopy { file_no: 0, offset: 77, sent: false, deleted: true, status: Status::NoKey },
        ];
        assert_eq!(decode(&encode(&copies)), copies);
        assert_eq!(best_status([Status::NoKey, Status::AuthFailed]), Status::AuthFailed);
    }
}
