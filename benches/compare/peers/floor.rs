//! The tantivy floor: the exported texts in a bare tantivy index.

use std::path::Path;
use std::time::Instant;

use tantivy::tokenizer::TextAnalyzer;
use tapir::index::TextTokenizer;

use crate::BoxError;
use crate::texts::Texts;

/// tantivy alone on the message text alone: what any tantivy-based ingest of this corpus
/// must at least pay, whatever it does besides.
#[derive(Debug)]
pub struct Floor {
    pub docs: usize,
    pub wall_s: f64,
    pub cpu_s: f64,
    pub threads: usize,
}

/// Indexes the exported texts into a bare tantivy index: one text field with positions (what
/// phrase queries need), not stored, analysed by tapir's analysis without its plural
/// folding (`TextTokenizer::without_plural_folding`, so a little cheaper); no other field, no decoding, no decryption, no
/// deduplication. Threads and memory budget as `tapir ingest`'s defaults. Timed from the
/// first document to the end of the commit and its merges.
pub fn tantivy_floor(dir: &Path, texts: &Texts) -> Result<Floor, BoxError> {
    use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions};
    if dir.exists() {
        std::fs::remove_dir_all(dir)?;
    }
    std::fs::create_dir_all(dir)?;
    let mut schema = Schema::builder();
    let indexing =
        TextFieldIndexing::default().set_tokenizer("floor").set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let text = schema.add_text_field("text", TextOptions::default().set_indexing_options(indexing));
    let index = tantivy::Index::create_in_dir(dir, schema.build())?;
    index.tokenizers().register("floor", TextAnalyzer::from(TextTokenizer::without_plural_folding()));
    let defaults = tapir::index::IngestOptions::default();
    let cpu_before = process_cpu_s();
    let t = Instant::now();
    let mut writer: tantivy::IndexWriter<tantivy::TantivyDocument> =
        index.writer_with_num_threads(defaults.writer_threads, defaults.writer_memory_bytes)?;
    for i in 0..texts.len() {
        writer.add_document(tantivy::doc!(text => texts.get(i)))?;
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    let wall_s = t.elapsed().as_secs_f64();
    let cpu_s = process_cpu_s() - cpu_before;
    drop(index);
    std::fs::remove_dir_all(dir)?;
    Ok(Floor { docs: texts.len(), wall_s, cpu_s, threads: defaults.writer_threads })
}

/// User + system CPU seconds of this process so far (`/proc/self/stat`, in clock ticks of
/// 1/100 s on Linux); 0 where that file does not exist.
pub fn process_cpu_s() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else { return 0.0 };
    // Fields after the command name (which may hold spaces) start at `) `.
    let rest = stat.rsplit_once(") ").map_or("", |(_, r)| r);
    let fields: Vec<&str> = rest.split(' ').collect();
    let ticks = |i: usize| fields.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    // utime and stime: fields 14 and 15 of the line, so 11 and 12 counted from 0 after the name.
    (ticks(11) + ticks(12)) / 100.0
}
