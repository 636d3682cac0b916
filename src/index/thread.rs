//! A conversation between two handles, in time order.

use tantivy::TantivyDocument;
use tantivy::collector::DocSetCollector;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;

use super::ingest::conversation_key;
use super::search::{Hit, SearchError};
use super::{TapirIndex, engine};

#[derive(Clone, Debug, Default)]
pub struct ThreadOptions {
    pub a: String,
    pub b: String,
    pub from: Option<u64>,
    pub to: Option<u64>,
    /// Centre the thread on this message `(sender, message_id)`…
    pub around: Option<(String, u64)>,
    /// …keeping this many messages before and after it.
    pub context: usize,
}

/// The messages between two handles, oldest first, locked ones included. Serialised (the API's
/// answer) with the messages as hits ([`crate::wire`]).
#[derive(Clone, Debug, serde::Serialize)]
pub struct Thread {
    pub a: String,
    pub b: String,
    /// Nicknames the intercepted devices' contact lists give them.
    pub nickname_a: Option<String>,
    pub nickname_b: Option<String>,
    pub messages: Vec<Hit>,
    /// Messages in the whole conversation (within the time bounds), before `around` trims.
    pub total: usize,
    /// With `around`: the place of that message in `messages`.
    pub centre: Option<usize>,
}

#[derive(Debug, thiserror::Error)]
pub enum ThreadError {
    #[error("message {0}:{1} is not in the conversation between {2} and {3}")]
    AroundNotFound(String, u64, String, String),
    #[error(transparent)]
    Search(#[from] SearchError),
}

impl From<super::IndexError> for ThreadError {
    fn from(e: super::IndexError) -> Self {
        ThreadError::Search(SearchError::Index(e))
    }
}

impl TapirIndex {
    /// The conversation, under the engine's panic guard ([`super::guarded`]): a damaged index is an error, never a crash.
    pub fn thread(&self, o: &ThreadOptions) -> Result<Thread, ThreadError> {
        super::guarded(&self.dir, || self.thread_unguarded(o))
    }

    fn thread_unguarded(&self, o: &ThreadOptions) -> Result<Thread, ThreadError> {
        let searcher = self.searcher();
        let f = &self.fields;
        let conversation = TermQuery::new(
            tantivy::Term::from_field_text(f.conversation, &conversation_key(&o.a, &o.b)),
            IndexRecordOption::Basic,
        );
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, Box::new(conversation))];
        if o.from.is_some() || o.to.is_some() {
            clauses.push((Occur::Must, Box::new(self.time_range(o.from, o.to))));
        }
        let addresses = searcher
            .search(&BooleanQuery::new(clauses), &DocSetCollector)
            .map_err(|e| SearchError::from(engine(&self.dir, e)))?;
        let manifest = self.manifest();
        let mut messages = Vec::with_capacity(addresses.len());
        for address in addresses {
            let doc: TantivyDocument = searcher.doc(address).map_err(|e| SearchError::from(engine(&self.dir, e)))?;
            messages.push(self.hit_of(&doc, &manifest, 0.0));
        }
        // Sender's clock first; ties (same millisecond) in a stable, meaningful order.
        messages.sort_by(|x, y| (x.sent_at, &x.sender, x.message_id).cmp(&(y.sent_at, &y.sender, y.message_id)));
        let total = messages.len();
        let mut centre = None;
        if let Some((sender, id)) = &o.around {
            let at = messages
                .iter()
                .position(|m| &m.sender == sender && m.message_id == *id)
                .ok_or_else(|| ThreadError::AroundNotFound(sender.clone(), *id, o.a.clone(), o.b.clone()))?;
            let start = at.saturating_sub(o.context);
            let end = at.saturating_add(o.context).saturating_add(1).min(messages.len());
            messages = messages.drain(start..end).collect();
            centre = Some(at - start);
        }
        Ok(Thread {
            a: o.a.clone(),
            b: o.b.clone(),
            nickname_a: manifest.nickname_of(&o.a).map(str::to_owned),
            nickname_b: manifest.nickname_of(&o.b).map(str::to_owned),
            messages,
            total,
            centre,
        })
    }
}
