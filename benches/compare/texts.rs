//! Step 3: the searchable texts, exported from tapir's index once, which FTS5, the scan and
//! the floor all load.

use std::hash::{Hash, Hasher};
use std::time::Instant;

use tapir::{IndexError, Status, TapirIndex};

use crate::BoxError;

/// Documents' texts, concatenated.
pub struct Texts {
    pub buf: String,
    pub ends: Vec<usize>,
}

impl Texts {
    pub fn len(&self) -> usize {
        self.ends.len()
    }
    pub fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.buf[start..self.ends[i]]
    }
}

#[derive(Debug)]
pub struct Export {
    pub seconds: f64,
    pub documents: u64,
    pub notes: u64,
    pub without_text: u64,
}

/// The searchable texts, in a fixed order: `for_each_document` goes segment by segment, and
/// segments depend on tantivy's threads, so documents are sorted by a hash of their identity
/// (sender, message id, note or not) to keep the query set the same from run to run.
pub fn export(index: &TapirIndex) -> Result<(Texts, Export), BoxError> {
    let t = Instant::now();
    let mut texts = Texts { buf: String::new(), ends: Vec::new() };
    let mut keys: Vec<u64> = Vec::new();
    let (mut documents, mut notes, mut without_text) = (0u64, 0u64, 0u64);
    index.for_each_document(|hit| -> Result<(), IndexError> {
        documents += 1;
        if hit.status == Status::Decrypted && !hit.text.is_empty() {
            let note = hit.kind == tapir::index::Kind::Note;
            notes += u64::from(note);
            let mut h = rustc_hash::FxHasher::default();
            (hit.sender.as_str(), hit.message_id, note).hash(&mut h);
            keys.push(h.finish());
            texts.buf.push_str(&hit.text);
            texts.ends.push(texts.buf.len());
        } else {
            without_text += 1;
        }
        Ok(())
    })?;
    let seconds = t.elapsed().as_secs_f64();
    let mut order: Vec<u32> = (0..texts.len() as u32).collect();
    order.sort_unstable_by_key(|&i| (keys[i as usize], i));
    let mut sorted = Texts { buf: String::with_capacity(texts.buf.len()), ends: Vec::with_capacity(texts.len()) };
    for i in order {
        sorted.buf.push_str(texts.get(i as usize));
        sorted.ends.push(sorted.buf.len());
    }
    Ok((sorted, Export { seconds, documents, notes, without_text }))
}
