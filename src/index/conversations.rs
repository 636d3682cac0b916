//! Whether a conversation is in the index, by its `conversation_id` (what a finding's id
//! names): a range query on the fast column, so nothing is read but the column.

use std::ops::Bound;

use tantivy::Term;
use tantivy::collector::Count;
use tantivy::query::RangeQuery;

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
