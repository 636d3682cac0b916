//! Shared output formats: JSON objects of hits, CSV rows, highlighted snippets.

use std::io::{IsTerminal, Write};

use tapir::index::Hit;

pub use tapir::export::{position, position_text};

/// The columns of `search --csv`.
pub const HIT_COLUMNS: [&str; 12] = [
    "sender",
    "message_id",
    "recipient",
    "sent_at",
    "kind",
    "status",
    "score",
    "text",
    "copies",
    "location",
    "rank",
    "total",
];

/// One CSV row of a hit, in `HIT_COLUMNS` order: copies as `imei@file:offset[:deleted]`
/// joined by `;`, the location as `lat,lon`; `rank` (from 1) and `total` of its search.
pub fn hit_row(hit: &Hit, rank: usize, total: usize) -> [String; 12] {
    let copies: Vec<String> = hit
        .copies
        .iter()
        .map(|c| format!("{}@{}:{}{}", c.imei, c.file.display(), c.offset, if c.deleted { ":deleted" } else { "" }))
        .collect();
    [
        hit.sender.clone(),
        hit.message_id.to_string(),
        hit.recipient.clone(),
        tapir::time::rfc3339_ms(hit.sent_at),
        hit.kind.to_string(),
        hit.status.as_str().to_owned(),
        format!("{:.3}", hit.score),
        hit.text.clone(),
        copies.join(";"),
        position(hit).map(|(lat, lon)| format!("{lat},{lon}")).unwrap_or_default(),
        rank.to_string(),
        total.to_string(),
    ]
}

/// The snippet with matched words in bold on a terminal, in [brackets] otherwise; locked
/// messages say so.
pub fn highlighted(hit: &Hit) -> String {
    if hit.status != tapir::Status::Decrypted {
        return format!("<locked: {}>", hit.status);
    }
    let s = &hit.snippet;
    let text = if s.fragment.is_empty() { one_line(&hit.text, 100) } else { marked(&s.fragment, &s.highlights) };
    match position_text(hit) {
        Some(at) if text.is_empty() => at,
        Some(at) => format!("{text} {at}"),
        None => text,
    }
}

/// `text` with the byte ranges in bold on a terminal, in [brackets] otherwise, on one line.
pub fn marked(text: &str, ranges: &[std::ops::Range<usize>]) -> String {
    let (open, close) = if std::io::stdout().is_terminal() { ("\x1b[1;31m", "\x1b[0m") } else { ("[", "]") };
    let mut out = String::new();
    let mut at = 0;
    for r in ranges {
        if r.start < at || r.end > text.len() || !text.is_char_boundary(r.start) || !text.is_char_boundary(r.end) {
            continue;
        }
        out.push_str(&text[at..r.start]);
        out.push_str(open);
        out.push_str(&text[r.clone()]);
        out.push_str(close);
        at = r.end;
    }
    out.push_str(&text[at..]);
    one_line(&out, 400)
}

/// Newlines folded, long text cut at a character boundary.
pub fn one_line(text: &str, max_chars: usize) -> String {
    let flat: String = text.chars().map(|c| if c.is_control() && c != '\x1b' { ' ' } else { c }).collect();
    if flat.chars().count() <= max_chars { flat } else { flat.chars().take(max_chars).collect::<String>() + "…" }
}

/// Items as JSON Lines (`--json`): one object a line.
pub fn write_json_lines<T: serde::Serialize>(
    out: &mut impl Write,
    items: impl IntoIterator<Item = T>,
) -> anyhow::Result<()> {
    for item in items {
        serde_json::to_writer(&mut *out, &item)?;
        writeln!(out)?;
    }
    Ok(())
}
