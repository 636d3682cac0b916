//! Conversation segments: a conversation's messages in time order, cut into windows of
//! [`SegmentOptions::window`] messages. A segment is what the learning layer ranks and what a
//! (simulated) reviewer reads; its features are the distinct features of its messages.
//!
//! Built in one pass over the index's stored messages (grouped by the `conversation_id`
//! column, never by a query). Memory follows the case: per message its address, key and
//! time (32 bytes) and at most [`MAX_WORDS_PER_MESSAGE`] words and as many pairs while the
//! segments are cut; per segment its distinct features.

use rustc_hash::FxHashMap;

use super::LearningError;
#[cfg(doc)]
use super::features::MAX_WORDS_PER_MESSAGE;
use super::features::{Feature, Featurizer};
use crate::TapirIndex;
use crate::index::{DocRef, Progress};

/// How conversations are cut.
#[derive(Clone, Copy, Debug)]
pub struct SegmentOptions {
    /// Messages per segment (the last segment of a conversation may hold fewer).
    pub window: usize,
}

/// Longest window accepted.
pub const MAX_WINDOW: usize = 1_000;

impl SegmentOptions {
    /// Refuses a window outside 1..=[`MAX_WINDOW`] messages (the one check the CLI, the
    /// facade and [`Segments::build`] make).
    pub fn check(&self) -> Result<(), LearningError> {
        if (1..=MAX_WINDOW).contains(&self.window) { Ok(()) } else { Err(LearningError::Window(self.window)) }
    }
}

impl Default for SegmentOptions {
    fn default() -> Self {
        SegmentOptions { window: 20 }
    }
}

/// A message of a segment.
#[derive(Clone, Copy, Debug)]
pub struct SegmentMessage {
    pub at: DocRef,
    sender: u32,
    pub message_id: u64,
    pub sent_at: u64,
}

/// One window of a conversation.
#[derive(Clone, Copy, Debug)]
pub struct Segment {
    pub conversation: u64,
    /// Its messages: `Segments::messages(…)`.
    start: u32,
    len: u32,
    features: (u32, u32),
}

impl Segment {
    pub fn len(&self) -> usize {
        self.len as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// Every message of a case cut into segments, with the features of each segment and their
/// document frequencies.
#[derive(Default)]
pub struct Segments {
    senders: Vec<String>,
    messages: Vec<SegmentMessage>,
    segments: Vec<Segment>,
    features: Vec<Feature>,
    /// Segments holding each feature.
    df: FxHashMap<Feature, u32>,
    /// `(sender, message_id)` → index in `messages`.
    by_key: FxHashMap<(u32, u64), u32>,
    sender_ids: FxHashMap<String, u32>,
    /// First segment of each conversation, and how many it has.
    by_conversation: FxHashMap<u64, (u32, u32)>,
}

impl Segments {
    /// Reads every message of `index` and cuts the conversations into segments.
    pub fn build(index: &TapirIndex, options: SegmentOptions, progress: &dyn Progress) -> Result<Self, LearningError> {
        options.check()?;
        let window = options.window;
        let mut out = Segments::default();
        // Per message: conversation, and its features (offsets into `feats`).
        let mut rows: Vec<(u64, SegmentMessage, u32, u32)> = Vec::new();
        let mut feats: Vec<Feature> = Vec::new();
        let mut featurizer = Featurizer::default();
        index.for_each_conversation_message(progress, |m| -> Result<(), LearningError> {
            let sender = out.intern(m.sender);
            let start = feats.len();
            featurizer.features(m.text, &mut feats);
            let features = (u32::try_from(start).map_err(|_| LearningError::TooLarge)?, (feats.len() - start) as u32);
            let message = SegmentMessage { at: m.at, sender, message_id: m.message_id, sent_at: m.sent_at };
            rows.push((m.conversation, message, features.0, features.1));
            Ok(())
        })?;
        out.cut(rows, &feats, window);
        Ok(out)
    }

    /// Segments of conversations given as texts, oldest first (for tests and benches: the
    /// messages have synthetic keys, `c<conversation>:<position>`, and no documents).
    pub fn from_conversations<'t>(
        conversations: impl IntoIterator<Item = (u64, Vec<&'t str>)>,
        options: SegmentOptions,
    ) -> Self {
        let mut out = Segments::default();
        let mut rows = Vec::new();
        let mut feats = Vec::new();
        let mut featurizer = Featurizer::default();
        for (conversation, texts) in conversations {
            let sender = out.intern(&format!("c{conversation}"));
            for (i, text) in texts.into_iter().enumerate() {
                let start = feats.len();
                featurizer.features(text, &mut feats);
                let message = SegmentMessage { at: DocRef::new(0, 0), sender, message_id: i as u64, sent_at: i as u64 };
                rows.push((conversation, message, start as u32, (feats.len() - start) as u32));
            }
        }
        out.cut(rows, &feats, options.window.clamp(1, MAX_WINDOW));
        out
    }

    /// Sorts the messages by conversation and time and cuts them into segments.
    fn cut(&mut self, mut rows: Vec<(u64, SegmentMessage, u32, u32)>, feats: &[Feature], window: usize) {
        let out = self;
        rows.sort_unstable_by_key(|(c, m, _, _)| (*c, m.sent_at, m.sender, m.message_id));
        let mut scratch: Vec<Feature> = Vec::new();
        let mut i = 0;
        while i < rows.len() {
            let conversation = rows[i].0;
            let first_segment = out.segments.len() as u32;
            let mut j = i;
            while j < rows.len() && rows[j].0 == conversation {
                j += 1;
            }
            for chunk in rows[i..j].chunks(window) {
                scratch.clear();
                let start = out.messages.len() as u32;
                for (_, m, f, n) in chunk {
                    out.by_key.insert((m.sender, m.message_id), out.messages.len() as u32);
                    out.messages.push(*m);
                    scratch.extend_from_slice(&feats[*f as usize..(*f + *n) as usize]);
                }
                scratch.sort_unstable();
                scratch.dedup();
                let fstart = out.features.len() as u32;
                for f in &scratch {
                    *out.df.entry(*f).or_insert(0) += 1;
                }
                out.features.extend_from_slice(&scratch);
                out.segments.push(Segment {
                    conversation,
                    start,
                    len: chunk.len() as u32,
                    features: (fstart, scratch.len() as u32),
                });
            }
            out.by_conversation.insert(conversation, (first_segment, out.segments.len() as u32 - first_segment));
            i = j;
        }
    }

    fn intern(&mut self, sender: &str) -> u32 {
        if let Some(&id) = self.sender_ids.get(sender) {
            return id;
        }
        let id = self.senders.len() as u32;
        self.senders.push(sender.to_owned());
        self.sender_ids.insert(sender.to_owned(), id);
        id
    }

    /// Segments, in conversation order.
    pub fn len(&self) -> usize {
        self.segments.len()
    }

    pub fn is_empty(&self) -> bool {
        self.segments.is_empty()
    }

    pub fn get(&self, segment: usize) -> Option<&Segment> {
        self.segments.get(segment)
    }

    pub fn iter(&self) -> impl Iterator<Item = (usize, &Segment)> {
        self.segments.iter().enumerate()
    }

    /// The messages of `segment`, oldest first.
    pub fn messages(&self, segment: &Segment) -> &[SegmentMessage] {
        &self.messages[segment.start as usize..(segment.start + segment.len) as usize]
    }

    /// The distinct features of `segment`, sorted.
    pub fn features(&self, segment: &Segment) -> &[Feature] {
        let (start, n) = segment.features;
        &self.features[start as usize..(start + n) as usize]
    }

    /// Segments holding `feature`.
    pub fn document_frequency(&self, feature: Feature) -> u32 {
        self.df.get(&feature).copied().unwrap_or(0)
    }

    /// The sender handle of `message`.
    pub fn sender(&self, message: &SegmentMessage) -> &str {
        self.senders.get(message.sender as usize).map_or("", String::as_str)
    }

    /// The segment holding message `(sender, message_id)`, if the index has it.
    pub fn segment_of(&self, sender: &str, message_id: u64) -> Option<usize> {
        let sender = *self.sender_ids.get(sender)?;
        let message = *self.by_key.get(&(sender, message_id))?;
        // Segments are in message order: the last one starting at or before it.
        let i = self.segments.partition_point(|s| s.start <= message);
        i.checked_sub(1)
    }

    /// The segments of conversation `conversation` (empty when it has none).
    pub fn of_conversation(&self, conversation: u64) -> std::ops::Range<usize> {
        match self.by_conversation.get(&conversation) {
            Some(&(first, n)) => first as usize..(first + n) as usize,
            None => 0..0,
        }
    }
}
