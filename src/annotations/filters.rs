//! Annotations as sets of targets, for search filters and facets: the messages (and device
//! notes, and findings) carrying a tag, streamed from the store's index on labels. The
//! findings in a review state are in `reviews.rs` ([`AnnotationStore::visit_in_review_state`]).

use rusqlite::params;

use super::error::Result;
use super::store::{AnnotationStore, target_of};
use super::target::{DeviceNoteRef, FindingId, MessageRef, Target};

/// Targets split by kind: messages and device notes become index keys
/// ([`Target::index_key`]), findings a set of conversations ([`FindingId::conversation`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TargetSet {
    pub messages: Vec<MessageRef>,
    pub device_notes: Vec<DeviceNoteRef>,
    pub findings: Vec<FindingId>,
}

impl TargetSet {
    pub fn len(&self) -> usize {
        self.messages.len() + self.device_notes.len() + self.findings.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn push(&mut self, target: Target) {
        match target {
            Target::Message(m) => self.messages.push(m),
            Target::DeviceNote(n) => self.device_notes.push(n),
            Target::Finding { id } => self.findings.push(id),
        }
    }
}

impl AnnotationStore {
    /// Calls `f` with every target carrying `label` now, streamed (nothing is collected);
    /// returns how many there were.
    pub fn visit_tagged(&self, label: &str, mut f: impl FnMut(Target)) -> Result<u64> {
        let label = super::input::tag(label)?;
        self.read(|tx| {
            let mut stmt = tx.prepare_cached(
                "SELECT t.kind, t.key, t.number FROM tags JOIN targets t ON t.id = tags.target
                 WHERE tags.label = ?1 AND tags.removed_at IS NULL ORDER BY tags.target",
            )?;
            let mut rows = stmt.query(params![label])?;
            let mut n = 0;
            while let Some(row) = rows.next()? {
                f(target_of(self.path(), &row.get::<_, String>(0)?, row.get(1)?, row.get(2)?)?);
                n += 1;
            }
            Ok(n)
        })
    }

    /// [`AnnotationStore::visit_tagged`], collected by kind.
    pub fn tagged(&self, label: &str) -> Result<TargetSet> {
        let mut set = TargetSet::default();
        self.visit_tagged(label, |t| set.push(t))?;
        Ok(set)
    }
}
