//! What `similar` and `suggest` print of a segment: its conversation's participants, time
//! span, explaining terms and messages (read again from the index by address).

use std::io::Write;

use serde_json::{Value, json};
use tapir::learning::ShownSegment;

use crate::output::one_line;

/// Messages shown per segment in the table.
const MESSAGES_SHOWN: usize = 6;

/// The fields every JSON line shares: participants, first_at, last_at, terms, messages.
pub fn json_fields(shown: &ShownSegment, into: &mut serde_json::Map<String, Value>) {
    into.insert("participants".into(), json!(shown.participants));
    into.insert("first_at".into(), json!(shown.hits.first().map(|h| tapir::time::rfc3339_ms(h.sent_at))));
    into.insert("last_at".into(), json!(shown.hits.last().map(|h| tapir::time::rfc3339_ms(h.sent_at))));
    into.insert("terms".into(), json!(shown.terms));
    into.insert("messages".into(), json!(shown.hits));
}

/// The table's lines under a heading.
pub fn print(shown: &ShownSegment, out: &mut impl Write) -> anyhow::Result<()> {
    writeln!(out, "     {}  terms: {}", shown.participants.join(" ↔ "), one_line(&shown.terms.join(", "), 200))?;
    for h in shown.hits.iter().take(MESSAGES_SHOWN) {
        writeln!(
            out,
            "     {} {}#{}: {}",
            tapir::time::rfc3339_ms(h.sent_at),
            h.sender,
            h.message_id,
            one_line(&h.text, 160)
        )?;
    }
    if shown.hits.len() > MESSAGES_SHOWN {
        writeln!(out, "     … {} more message(s) (--json lists them all)", shown.hits.len() - MESSAGES_SHOWN)?;
    }
    Ok(())
}
