//! Ingest's phase 1 visitor: what one decoded file leaves for phase 2 (its spill records)
//! and for the manifest (its contacts and owner).

use std::collections::BTreeSet;

use tapir_parsers::{Contact, Direction, Header, Message, Note};

use super::spill::{NOTE_FLAG, Spill, SpillRecord, key_hash};
use crate::decode::{Opened, OpenedNote, Visitor};
use crate::index::copies;

/// Phase 1 visitor: spills one record per copy, collects contacts.
pub(super) struct Collect<'s> {
    pub(super) spill: &'s Spill,
    pub(super) file_no: u32,
    pub(super) imei: String,
    /// When re-decoding a known file with new keys, only copies sealed with these key ids.
    pub(super) only_key_ids: Option<&'s BTreeSet<u32>>,
    pub(super) local: Vec<Vec<u8>>,
    pub(super) contacts: Vec<(String, String)>,
    pub(super) owner: String,
    pub(super) error: Option<std::io::Error>,
}

impl Collect<'_> {
    fn push(&mut self, key_hash: u64, flags: u8, offset: u64) {
        let part = self.spill.partition_of(key_hash);
        let buf = &mut self.local[part];
        SpillRecord { key_hash, file_no: self.file_no, flags, offset }.write(buf);
        if buf.len() >= 1 << 16 {
            self.flush(part);
        }
    }

    pub(super) fn flush(&mut self, part: usize) {
        if let Err(e) = self.spill.append(part, &self.local[part]) {
            self.error.get_or_insert(e);
        }
        self.local[part].clear();
    }

    fn wanted(&self, key_id: u32) -> bool {
        self.only_key_ids.is_none_or(|ids| ids.contains(&key_id))
    }
}

impl<'f> Visitor<'f> for Collect<'_> {
    fn header(&mut self, header: &Header<'f>) {
        self.imei = header.imei.to_owned();
        self.owner = header.handle.to_str_lossy().into_owned();
    }

    fn message(&mut self, m: &Message<'f>, opened: &Opened<'_>) {
        if self.wanted(m.sealed.key_id) {
            let flags = copies::pack_flags(m.direction == Direction::Sent, m.flags.is_deleted(), opened.status());
            self.push(key_hash(b'm', m.sender.bytes(), m.message_id), flags, m.offset);
        }
    }

    fn note(&mut self, n: &Note<'f>, opened: &OpenedNote<'_>) {
        if self.wanted(n.sealed.key_id) {
            let flags = copies::pack_flags(false, n.flags.is_deleted(), opened.status()) | NOTE_FLAG;
            let hash = key_hash(b'n', self.imei.as_bytes(), n.note_id);
            self.push(hash, flags, n.offset);
        }
    }

    fn contact(&mut self, c: &Contact<'f>) {
        self.contacts.push((c.handle.to_str_lossy().into_owned(), c.nickname.to_str_lossy().into_owned()));
    }
}
