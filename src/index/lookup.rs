//! Logical messages looked up by identity, `(sender, message_id)`.

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
        let searcher = self.searcher();
        let mut missing = Vec::new();
        for (sender, message_id) in wanted {
            let term = Term::from_field_text(self.fields.key, &message_key(sender, message_id));
            if searcher.doc_freq(&term).map_err(|e| engine(&self.dir, e))? == 0 {
                missing.push((sender.to_owned(), message_id));
            }
        }
        Ok(missing)
    }
}
