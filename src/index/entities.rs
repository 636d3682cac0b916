//! The entities of an index: every distinct wallet, IBAN, phone number… with the messages that
//! hold it, read from the `entity` field's term dictionary rather than from stored text.

use std::collections::{BTreeMap, HashMap};

use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocSet, TERMINATED, TantivyDocument};

use super::progress::{Batched, Progress, SilentProgress};
use super::{IndexError, Kind, TapirIndex, engine};
use crate::entities::{EntityKind, Watchlist};

/// One entity and every logical message (or note) holding it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntityReport {
    pub kind: EntityKind,
    /// Normalised, as [`crate::entities::Entity::value`].
    pub value: String,
    /// Oldest first.
    pub messages: Vec<EntityMessage>,
}

/// A message (or note) holding an entity.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntityMessage {
    pub sender: String,
    pub message_id: u64,
    /// Empty for a note.
    pub recipient: String,
    /// Epoch milliseconds.
    pub sent_at: u64,
    /// `message` or `note`.
    pub record: &'static str,
}

impl TapirIndex {
    /// Every entity of the index, or those of one `kind`, or only the values `only` lists,
    /// sorted by kind (in [`EntityKind::ALL`] order) then value, each with its messages.
    /// Runs under the engine's panic guard ([`super::guarded`]): a damaged index is an error, never a crash.
    pub fn entities(
        &self,
        kind: Option<EntityKind>,
        only: Option<&Watchlist>,
    ) -> Result<Vec<EntityReport>, IndexError> {
        self.entities_with_progress(kind, only, &SilentProgress)
    }

    /// [`Self::entities`], reporting its phases: `reading entities` (index segments) and
    /// `reading messages` (the entities' messages).
    pub fn entities_with_progress(
        &self,
        kind: Option<EntityKind>,
        only: Option<&Watchlist>,
        progress: &dyn Progress,
    ) -> Result<Vec<EntityReport>, IndexError> {
        super::guarded(&self.dir, || self.entities_unguarded(kind, only, progress))
    }

    fn entities_unguarded(
        &self,
        kind: Option<EntityKind>,
        only: Option<&Watchlist>,
        progress: &dyn Progress,
    ) -> Result<Vec<EntityReport>, IndexError> {
        let searcher = self.searcher();
        let mut found: BTreeMap<(EntityKind, String), Vec<DocAddress>> = BTreeMap::new();
        progress.phase("reading entities", searcher.segment_readers().len() as u64);
        for (ord, segment) in searcher.segment_readers().iter().enumerate() {
            let inverted = segment.inverted_index(self.fields.entity).map_err(|e| engine(&self.dir, e))?;
            let terms = inverted.terms();
            // Tagged terms sort by their `kind:` prefix, so one kind's terms are one range
            // (`;` follows `:`).
            let mut stream = match kind {
                Some(k) => terms.range().ge(format!("{k}:")).lt(format!("{k};")).into_stream(),
                None => terms.stream(),
            }
            .map_err(|e| engine(&self.dir, e))?;
            while stream.advance() {
                // Bare values hold no ':'; only tagged terms name their kind.
                let Some((kind, value)) = std::str::from_utf8(stream.key())
                    .ok()
                    .and_then(|t| t.split_once(':'))
                    .and_then(|(k, v)| Some((EntityKind::ALL.into_iter().find(|x| x.as_str() == k)?, v)))
                else {
                    continue;
                };
                if only.is_some_and(|w| !w.contains(value)) {
                    continue;
                }
                let mut postings = inverted
                    .read_postings_from_terminfo(stream.value(), IndexRecordOption::Basic)
                    .map_err(|e| engine(&self.dir, e))?;
                let mut docs = Vec::new();
                let mut doc = postings.doc();
                while doc != TERMINATED {
                    // Terms of replaced (merged) documents linger until segments merge.
                    if !segment.is_deleted(doc) {
                        docs.push(DocAddress::new(ord as u32, doc));
                    }
                    doc = postings.advance();
                }
                if !docs.is_empty() {
                    found.entry((kind, value.to_owned())).or_default().extend(docs);
                }
            }
            progress.advance(1);
        }

        // A message often holds several entities: read each stored document once.
        let mut read: HashMap<DocAddress, EntityMessage> = HashMap::new();
        let mut reports = Vec::with_capacity(found.len());
        progress.phase("reading messages", found.values().map(|a| a.len() as u64).sum());
        let mut counted = Batched::new(progress);
        for ((kind, value), addresses) in found {
            let mut messages = Vec::with_capacity(addresses.len());
            for address in addresses {
                counted.one();
                if let Some(m) = read.get(&address) {
                    messages.push(m.clone());
                    continue;
                }
                let doc: TantivyDocument = searcher.doc(address).map_err(|e| engine(&self.dir, e))?;
                let m = self.entity_message(&doc);
                read.insert(address, m.clone());
                messages.push(m);
            }
            messages.sort_by(|x, y| (x.sent_at, &x.sender, x.message_id).cmp(&(y.sent_at, &y.sender, y.message_id)));
            reports.push(EntityReport { kind, value, messages });
        }
        drop(counted);
        progress.finish();
        Ok(reports)
    }

    fn entity_message(&self, doc: &TantivyDocument) -> EntityMessage {
        let stored = self.stored(doc);
        EntityMessage {
            sender: stored.sender().to_owned(),
            message_id: stored.message_id(),
            recipient: stored.recipient().to_owned(),
            sent_at: stored.sent_at(),
            // `record` is not stored; a note's kind is always `note`, and no message has it.
            record: if stored.kind() == Kind::Note { "note" } else { "message" },
        }
    }
}
