//! Logical messages looked up by identity, `(sender, message_id)`.

use tantivy::collector::DocSetCollector;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{TantivyDocument, Term};

use super::ingest::message_key;
use super::search::Hit;
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

impl TapirIndex {
    /// The logical message `(sender, message_id)` as a hit (unscored, no snippet), its copies
    /// resolved through the manifest; `None` when the index holds no such message.
    pub fn message(&self, sender: &str, message_id: u64) -> Result<Option<Hit>, IndexError> {
        let manifest = self.manifest();
        Ok(self.message_document(sender, message_id)?.map(|doc| self.hit_of(&doc, &manifest, 0.0)))
    }

    /// The stored document of the message `(sender, message_id)`, under the engine's panic
    /// guard ([`super::guarded`]): found by its key, which names one document at most.
    pub(crate) fn message_document(
        &self,
        sender: &str,
        message_id: u64,
    ) -> Result<Option<TantivyDocument>, IndexError> {
        super::guarded(&self.dir, || {
            let term = Term::from_field_text(self.fields.key, &message_key(sender, message_id));
            let searcher = self.searcher();
            let query = TermQuery::new(term, IndexRecordOption::Basic);
            let found = searcher.search(&query, &DocSetCollector).map_err(|e| engine(&self.dir, e))?;
            match found.into_iter().next() {
                None => Ok(None),
                Some(address) => Ok(Some(searcher.doc(address).map_err(|e| engine(&self.dir, e))?)),
            }
        })
    }
}
