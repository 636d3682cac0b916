//! What `similar` and `suggest` print of a segment: its conversation's participants, time
//! span, explaining terms and messages (read again from the index by address).

use std::io::Write;

use serde_json::{Value, json};
use tapir::TapirIndex;
use tapir::index::Hit;
use tapir::learning::Segments;
use tapir::learning::features::{Feature, top_terms};

use crate::output::{hit_json, one_line};

/// Terms shown per segment.
const TERMS: usize = 8;
/// Messages shown per segment in the table.
const MESSAGES_SHOWN: usize = 6;

/// A segment read back: its messages, participants and the terms that weigh most.
pub struct ShownSegment {
    pub hits: Vec<Hit>,
    pub participants: Vec<String>,
    pub terms: Vec<String>,
}

pub fn read(
    index: &TapirIndex,
    segments: &Segments,
    segment: usize,
    weight: impl Fn(Feature) -> f64,
) -> anyhow::Result<ShownSegment> {
    let refs: Vec<_> =
        segments.get(segment).map(|s| segments.messages(s).iter().map(|m| m.at).collect()).unwrap_or_default();
    let hits = index.documents_at(&refs)?;
    let mut participants: Vec<String> =
        hits.iter().flat_map(|h| [h.sender.clone(), h.recipient.clone()]).filter(|p| !p.is_empty()).collect();
    participants.sort();
    participants.dedup();
    let terms = top_terms(hits.iter().map(|h| h.text.as_str()), weight, TERMS);
    Ok(ShownSegment { hits, participants, terms })
}

impl ShownSegment {
    /// The fields every JSON line shares: participants, first_at, last_at, terms, messages.
    pub fn json_fields(&self, into: &mut serde_json::Map<String, Value>) {
        into.insert("participants".into(), json!(self.participants));
        into.insert("first_at".into(), json!(self.hits.first().map(|h| tapir::time::rfc3339_ms(h.sent_at))));
        into.insert("last_at".into(), json!(self.hits.last().map(|h| tapir::time::rfc3339_ms(h.sent_at))));
        into.insert("terms".into(), json!(self.terms));
        into.insert("messages".into(), json!(self.hits.iter().map(hit_json).collect::<Vec<_>>()));
    }

    /// The table's lines under a heading.
    pub fn print(&self, out: &mut impl Write) -> anyhow::Result<()> {
        writeln!(out, "     {}  terms: {}", self.participants.join(" ↔ "), one_line(&self.terms.join(", "), 200))?;
        for h in self.hits.iter().take(MESSAGES_SHOWN) {
            writeln!(
                out,
                "     {} {}#{}: {}",
                tapir::time::rfc3339_ms(h.sent_at),
                h.sender,
                h.message_id,
                one_line(&h.text, 160)
            )?;
        }
        if self.hits.len() > MESSAGES_SHOWN {
            writeln!(out, "     … {} more message(s) (--json lists them all)", self.hits.len() - MESSAGES_SHOWN)?;
        }
        Ok(())
    }
}
