//! Documents read by conversation: whether a conversation is in the index, by its
//! `conversation_id` (what a finding's id names), from the fast column alone; and every
//! message with its conversation, for the learning layer (`crate::learning`): segments group a
//! conversation's messages without a query, and read the few they show again by address.

use std::ops::Bound;

use tantivy::collector::Count;
use tantivy::query::RangeQuery;
use tantivy::{DocAddress, TantivyDocument, Term};

use super::Kind;
use super::progress::{Batched, Progress};
use super::search::Hit;
use super::{IndexError, TapirIndex, engine};

impl TapirIndex {
    /// Documents (messages, or a device's notes) of the conversation whose
    /// `conversation_id` is `id`.
    pub fn conversation_documents(&self, id: u64) -> Result<usize, IndexError> {
        super::guarded(&self.dir, || {
            let term = Term::from_field_u64(self.fields.conversation_id, id);
            let query = RangeQuery::new(Bound::Included(term.clone()), Bound::Included(term));
            self.searcher().search(&query, &Count).map_err(|e| engine(&self.dir, e))
        })
    }
}

/// Where a document is in the index as opened (valid while this `TapirIndex` lives: its
/// reader never reloads).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DocRef {
    segment: u32,
    doc: u32,
}

impl DocRef {
    /// The document `doc` of the index's segment number `segment`.
    pub fn new(segment: u32, doc: u32) -> DocRef {
        DocRef { segment, doc }
    }
}

/// A message as the learning layer reads it: its place, conversation, key, time and text.
#[derive(Debug)]
pub struct ConversationMessage<'a> {
    pub at: DocRef,
    pub conversation: u64,
    pub sender: &'a str,
    pub message_id: u64,
    /// Epoch milliseconds.
    pub sent_at: u64,
    /// The readable text ("" while locked).
    pub text: &'a str,
}

impl TapirIndex {
    /// Every message (notes are left out: they belong to no conversation), streamed segment
    /// by segment in index order with its `conversation_id`, counted as phase `reading` of
    /// `progress`. Nothing is held.
    pub fn for_each_conversation_message<E: From<IndexError>>(
        &self,
        progress: &dyn Progress,
        mut f: impl FnMut(ConversationMessage<'_>) -> Result<(), E>,
    ) -> Result<(), E> {
        super::guarded(&self.dir, || {
            let searcher = self.searcher();
            progress.phase("reading", searcher.num_docs());
            let mut counted = Batched::new(progress);
            for (ord, segment) in searcher.segment_readers().iter().enumerate() {
                let conversation =
                    segment.fast_fields().u64("conversation_id").map_err(|e| E::from(engine(&self.dir, e)))?;
                let store = segment.get_store_reader(64).map_err(|e| E::from(engine(&self.dir, e)))?;
                let alive = segment.alive_bitset();
                let ids = (0..segment.max_doc()).filter(|d| alive.is_none_or(|a| a.is_alive(*d)));
                // The store's iterator hands out the alive documents in id order.
                for (doc, stored) in ids.zip(store.iter::<TantivyDocument>(alive)) {
                    counted.one();
                    let stored = stored.map_err(|e| E::from(engine(&self.dir, e)))?;
                    let read = self.stored(&stored);
                    if read.kind() == Kind::Note {
                        continue;
                    }
                    f(ConversationMessage {
                        at: DocRef { segment: ord as u32, doc },
                        conversation: conversation.first(doc).unwrap_or(0),
                        sender: read.sender(),
                        message_id: read.message_id(),
                        sent_at: read.sent_at(),
                        text: read.text(),
                    })?;
                }
            }
            drop(counted);
            progress.finish();
            Ok(())
        })
    }

    /// The documents at `refs`, in that order, as hits (with their copies' provenance).
    pub fn documents_at(&self, refs: &[DocRef]) -> Result<Vec<Hit>, IndexError> {
        super::guarded(&self.dir, || {
            let searcher = self.searcher();
            let manifest = self.manifest();
            let mut hits = Vec::new();
            for r in refs {
                let doc: TantivyDocument =
                    searcher.doc(DocAddress::new(r.segment, r.doc)).map_err(|e| engine(&self.dir, e))?;
                hits.push(self.hit_of(&doc, &manifest, 0.0));
            }
            Ok(hits)
        })
    }
}
