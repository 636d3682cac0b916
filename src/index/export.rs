//! What exports need from the index: documents streamed within a time range (timelines),
//! and the graph of who talks to whom, aggregated while streaming.

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::FxHashMap;

use super::progress::{Batched, Progress, SilentProgress};
use super::search::Hit;
use super::{IndexError, TapirIndex};

/// A handle: a person (or at least an account) in the conversation graph.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct GraphNode {
    pub handle: String,
    /// Every nickname an intercepted phone's contact list gives this handle, sorted.
    pub nicknames: Vec<String>,
    /// IMEIs of the intercepted devices this handle owns, sorted.
    pub devices: Vec<String>,
    pub sent: u64,
    pub received: u64,
}

/// A conversation: the messages between two handles, either way (`a <= b`).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct GraphEdge {
    pub a: String,
    pub b: String,
    pub messages: u64,
    /// Epoch milliseconds of the first and last message.
    pub first_at: u64,
    pub last_at: u64,
}

/// Who talks to whom. Nodes sorted by handle, edges by `(a, b)`; every handle of an edge
/// is a node, and so is every device owner, even one with notes only.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct ConversationGraph {
    pub nodes: Vec<GraphNode>,
    pub edges: Vec<GraphEdge>,
}

impl TapirIndex {
    /// Every document (messages and notes) sent within `[from, to)` (epoch milliseconds,
    /// either bound open), streamed segment by segment in index order, not in time order:
    /// nothing is held, so it scales to any index.
    pub fn for_each_document_between<E: From<IndexError>>(
        &self,
        from: Option<u64>,
        to: Option<u64>,
        f: impl FnMut(Hit) -> Result<(), E>,
    ) -> Result<(), E> {
        self.for_each_document_between_with_progress(from, to, &SilentProgress, f)
    }

    /// [`Self::for_each_document_between`], reporting the documents read (phase `exporting`).
    pub fn for_each_document_between_with_progress<E: From<IndexError>>(
        &self,
        from: Option<u64>,
        to: Option<u64>,
        progress: &dyn Progress,
        mut f: impl FnMut(Hit) -> Result<(), E>,
    ) -> Result<(), E> {
        let within = |t: u64| from.is_none_or(|from| t >= from) && to.is_none_or(|to| t < to);
        self.for_each_document_counted("exporting", progress, |hit| if within(hit.sent_at) { f(hit) } else { Ok(()) })
    }

    /// Every document, streamed, counted as phase `phase` of `progress`.
    fn for_each_document_counted<E: From<IndexError>>(
        &self,
        phase: &'static str,
        progress: &dyn Progress,
        mut f: impl FnMut(Hit) -> Result<(), E>,
    ) -> Result<(), E> {
        progress.phase(phase, self.searcher().num_docs());
        let mut counted = Batched::new(progress);
        let result = self.for_each_document(|hit| {
            counted.one();
            f(hit)
        });
        drop(counted);
        progress.finish();
        result
    }

    /// The conversation graph of every message with a recipient (notes have none). Memory
    /// grows with handles and pairs of handles, never with messages.
    pub fn conversation_graph(&self) -> Result<ConversationGraph, IndexError> {
        self.conversation_graph_with_progress(&SilentProgress)
    }

    /// [`Self::conversation_graph`], reporting the documents read (phase `reading messages`).
    pub fn conversation_graph_with_progress(&self, progress: &dyn Progress) -> Result<ConversationGraph, IndexError> {
        let mut pairs: FxHashMap<(String, String), GraphEdge> = FxHashMap::default();
        let mut counts: FxHashMap<String, (u64, u64)> = FxHashMap::default();
        self.for_each_document_counted("reading messages", progress, |hit| {
            if hit.kind == super::Kind::Note || hit.recipient.is_empty() {
                return Ok::<_, IndexError>(());
            }
            counts.entry(hit.sender.clone()).or_default().0 += 1;
            counts.entry(hit.recipient.clone()).or_default().1 += 1;
            let (a, b) =
                if hit.sender <= hit.recipient { (hit.sender, hit.recipient) } else { (hit.recipient, hit.sender) };
            let edge = pairs.entry((a.clone(), b.clone())).or_insert_with(|| GraphEdge {
                a,
                b,
                messages: 0,
                first_at: hit.sent_at,
                last_at: hit.sent_at,
            });
            edge.messages += 1;
            edge.first_at = edge.first_at.min(hit.sent_at);
            edge.last_at = edge.last_at.max(hit.sent_at);
            Ok(())
        })?;

        let manifest = self.manifest();
        // Inverted once: contact lists are per owner, nodes want them per contact.
        let mut nicknames: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for contacts in manifest.nicknames.values() {
            for (handle, nick) in contacts {
                if !nick.is_empty() {
                    nicknames.entry(handle.as_str()).or_default().insert(nick.as_str());
                }
            }
        }
        let mut devices: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for entry in manifest.files.iter().filter(|e| !e.report.handle.is_empty()) {
            devices.entry(entry.report.handle.as_str()).or_default().insert(entry.report.imei.as_str());
        }
        let handles: BTreeSet<&str> = counts.keys().map(String::as_str).chain(devices.keys().copied()).collect();
        let nodes = handles
            .into_iter()
            .map(|handle| {
                let (sent, received) = counts.get(handle).copied().unwrap_or_default();
                let strings = |set: Option<&BTreeSet<&str>>| -> Vec<String> {
                    set.map(|s| s.iter().map(|&v| v.to_owned()).collect()).unwrap_or_default()
                };
                GraphNode {
                    handle: handle.to_owned(),
                    nicknames: strings(nicknames.get(handle)),
                    devices: strings(devices.get(handle)),
                    sent,
                    received,
                }
            })
            .collect();
        let mut edges: Vec<GraphEdge> = pairs.into_values().collect();
        edges.sort_unstable_by(|x, y| (&x.a, &x.b).cmp(&(&y.a, &y.b)));
        Ok(ConversationGraph { nodes, edges })
    }
}
