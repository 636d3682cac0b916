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
    /// Which of the conversation's messages are handed out.
    pub window: Window,
}

/// A message of a conversation, `(sender, message_id)`.
pub type MessageKey = (String, u64);

/// Which messages of a conversation (in time order) a thread hands out: all, or a window a
/// client pages through. A window is placed by a message's identity, not by a position, so
/// that pages chained from it neither skip nor repeat messages when an ingest adds others.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Window {
    #[default]
    All,
    /// The first `n` messages.
    First(usize),
    /// The message, with up to `before` messages before it and `after` after it (its place is
    /// the thread's `centre`).
    Around { message: MessageKey, before: usize, after: usize },
    /// Up to `n` messages right before the message, which is left out.
    Before { message: MessageKey, n: usize },
    /// Up to `n` messages right after the message, which is left out.
    After { message: MessageKey, n: usize },
}

impl Window {
    /// The message the window is placed by.
    fn anchor(&self) -> Option<&MessageKey> {
        match self {
            Window::All | Window::First(_) => None,
            Window::Around { message, .. } | Window::Before { message, .. } | Window::After { message, .. } => {
                Some(message)
            }
        }
    }

    /// The range of positions shown of a conversation of `total` messages whose anchor (if the
    /// window has one) is at `at`.
    fn range(&self, at: usize, total: usize) -> std::ops::Range<usize> {
        let (start, end) = match *self {
            Window::All => (0, total),
            Window::First(n) => (0, n),
            Window::Around { before, after, .. } => {
                (at.saturating_sub(before), at.saturating_add(after).saturating_add(1))
            }
            Window::Before { n, .. } => (at.saturating_sub(n), at),
            Window::After { n, .. } => (at.saturating_add(1), at.saturating_add(1).saturating_add(n)),
        };
        start.min(total)..end.min(total)
    }
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
    /// Messages in the whole conversation (within the time bounds), before the window trims.
    pub total: usize,
    /// The place of `messages[0]` in the whole conversation (0 for the first message): the
    /// window shows positions `start..start + messages.len()` of `total`.
    pub start: usize,
    /// With [`Window::Around`]: the place of its message in `messages`.
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
        let at = match o.window.anchor() {
            None => 0,
            Some((sender, id)) => messages
                .iter()
                .position(|m| &m.sender == sender && m.message_id == *id)
                .ok_or_else(|| ThreadError::AroundNotFound(sender.clone(), *id, o.a.clone(), o.b.clone()))?,
        };
        let shown = o.window.range(at, total);
        let start = shown.start;
        let centre = matches!(o.window, Window::Around { .. }).then(|| at - start);
        messages = messages.drain(shown).collect();
        Ok(Thread {
            a: o.a.clone(),
            b: o.b.clone(),
            nickname_a: manifest.nickname_of(&o.a).map(str::to_owned),
            nickname_b: manifest.nickname_of(&o.b).map(str::to_owned),
            messages,
            total,
            start,
            centre,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Window;

    fn key() -> (String, u64) {
        ("a".to_owned(), 1)
    }

    #[test]
    fn windows_cover_their_positions_and_stay_in_bounds() {
        assert_eq!(Window::All.range(0, 5), 0..5);
        assert_eq!(Window::First(3).range(0, 5), 0..3);
        assert_eq!(Window::First(9).range(0, 5), 0..5);
        assert_eq!(Window::Around { message: key(), before: 2, after: 1 }.range(1, 5), 0..3);
        assert_eq!(Window::Around { message: key(), before: 0, after: usize::MAX }.range(4, 5), 4..5);
        assert_eq!(Window::Before { message: key(), n: 2 }.range(3, 5), 1..3);
        assert_eq!(Window::Before { message: key(), n: 2 }.range(0, 5), 0..0);
        assert_eq!(Window::After { message: key(), n: 2 }.range(1, 5), 2..4);
        assert_eq!(Window::After { message: key(), n: usize::MAX }.range(4, 5), 5..5);
    }
}
