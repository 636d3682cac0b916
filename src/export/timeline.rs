//! The timeline for Timesketch: one row per logical message and note, as CSV (header row) or
//! JSON Lines, in the columns of `TIMELINE_COLUMNS`.

use std::io::Write;

use crate::index::Hit;

/// CSV with a header row, or JSON Lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimelineFormat {
    Csv,
    Jsonl,
}

pub const TIMELINE_COLUMNS: [&str; 13] = [
    "message",
    "datetime",
    "timestamp_desc",
    "timestamp",
    "sender",
    "recipient",
    "imei",
    "status",
    "kind",
    "message_id",
    "evidence",
    "latitude",
    "longitude",
];

/// The columns of one timeline row. JSON Lines writes its keys in alphabetical order (the
/// order of the fields here); CSV in `TIMELINE_COLUMNS` order.
#[derive(serde::Serialize)]
struct TimelineRow<'a> {
    datetime: String,
    evidence: String,
    imei: String,
    kind: &'a str,
    /// Of a location message; `None` otherwise.
    latitude: Option<f64>,
    longitude: Option<f64>,
    message: String,
    message_id: u64,
    recipient: &'a str,
    sender: &'a str,
    status: &'static str,
    /// Microseconds since the epoch: what Timesketch's `timestamp` holds.
    timestamp: u64,
    timestamp_desc: &'static str,
}

impl<'a> TimelineRow<'a> {
    fn of(hit: &'a Hit) -> Self {
        let position = super::position_text(hit);
        let message = if hit.status != crate::Status::Decrypted {
            format!("<locked: {}>", hit.status)
        } else if hit.text.is_empty() {
            // Timesketch needs a message; an image without caption still happened, and a
            // location keeps where.
            position.unwrap_or_else(|| format!("<{}>", hit.kind))
        } else if let Some(at) = position {
            format!("{} {at}", hit.text)
        } else {
            hit.text.clone()
        };
        let mut imeis: Vec<&str> = Vec::with_capacity(hit.copies.len());
        for c in &hit.copies {
            if !imeis.contains(&c.imei.as_str()) {
                imeis.push(&c.imei);
            }
        }
        let evidence: Vec<String> = hit.copies.iter().map(|c| format!("{}:{}", c.sha256, c.offset)).collect();
        let at = super::position(hit);
        TimelineRow {
            message,
            datetime: crate::time::rfc3339_ms(hit.sent_at),
            timestamp_desc: if hit.kind == crate::index::Kind::Note { "Note written" } else { "Message sent" },
            timestamp: hit.sent_at.saturating_mul(1000),
            sender: &hit.sender,
            recipient: &hit.recipient,
            imei: imeis.join(";"),
            status: hit.status.as_str(),
            kind: hit.kind.as_str(),
            message_id: hit.message_id,
            evidence: evidence.join(";"),
            latitude: at.map(|(lat, _)| lat),
            longitude: at.map(|(_, lon)| lon),
        }
    }
}

/// Writes timeline rows to an output, one [`TimelineWriter::row`] per document.
pub struct TimelineWriter<W: Write> {
    out: Out<W>,
}

enum Out<W: Write> {
    Csv(Box<csv::Writer<W>>),
    Jsonl { out: W, line: Vec<u8> },
}

impl<W: Write> TimelineWriter<W> {
    /// A writer on `out`; CSV starts with its header row.
    pub fn new(format: TimelineFormat, out: W) -> std::io::Result<Self> {
        let out = match format {
            TimelineFormat::Csv => {
                let mut w = csv::Writer::from_writer(out);
                w.write_record(TIMELINE_COLUMNS).map_err(csv_error)?;
                Out::Csv(Box::new(w))
            }
            TimelineFormat::Jsonl => Out::Jsonl { out, line: Vec::new() },
        };
        Ok(TimelineWriter { out })
    }

    /// The row of one document.
    pub fn row(&mut self, hit: &Hit) -> std::io::Result<()> {
        let row = TimelineRow::of(hit);
        match &mut self.out {
            Out::Csv(w) => {
                let number = |n: Option<f64>| n.map(|n| n.to_string()).unwrap_or_default();
                w.write_record([
                    row.message.as_str(),
                    &row.datetime,
                    row.timestamp_desc,
                    &row.timestamp.to_string(),
                    row.sender,
                    row.recipient,
                    &row.imei,
                    row.status,
                    row.kind,
                    &row.message_id.to_string(),
                    &row.evidence,
                    &number(row.latitude),
                    &number(row.longitude),
                ])
                .map_err(csv_error)
            }
            Out::Jsonl { out, line } => {
                // Serialised apart, so that a closed pipe surfaces as the I/O error it is.
                line.clear();
                serde_json::to_writer(&mut *line, &row).map_err(std::io::Error::other)?;
                line.push(b'\n');
                out.write_all(line)
            }
        }
    }

    /// Flushes what is buffered.
    pub fn finish(&mut self) -> std::io::Result<()> {
        match &mut self.out {
            Out::Csv(w) => w.flush(),
            Out::Jsonl { out, .. } => out.flush(),
        }
    }
}

/// A CSV error as the I/O error it wraps (a closed pipe stays one).
fn csv_error(e: csv::Error) -> std::io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(io) => io,
        other => std::io::Error::other(format!("CSV: {other:?}")),
    }
}
