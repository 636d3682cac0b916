//! Documents looked up by identity: logical messages by `(sender, message_id)`, any document
//! by its `key` term.

use tantivy::Term;

use super::ingest::message_key;
use super::{IndexError, TapirIndex, engine};

impl TapirIndex {
    /// The messages of `wanted` that the index holds no document for (in any status), in the
    /// order given. A document is replaced, never removed, so its key's document frequency
    /// says whether it exists.
    pub fn missing_messages<'a>(
        &self,
        wanted: impl IntoIterator<Item = (&'a str, u64)>,
    ) -> Result<Vec<(String, u64)>, IndexError> {
        let mut missing = Vec::new();
        for (sender, message_id) in wanted {
            if !self.holds_key(&message_key(sender, message_id))? {
                missing.push((sender.to_owned(), message_id));
            }
        }
        Ok(missing)
    }

    /// Whether the index holds a document (in any status) whose `key` term is `key`
    /// (`ingest::message_key`, `ingest::note_key`).
    pub fn holds_key(&self, key: &str) -> Result<bool, IndexError> {
        let term = Term::from_field_text(self.fields.key, key);
        Ok(self.searcher().doc_freq(&term).map_err(|e| engine(&self.dir, e))? > 0)
    }
}
