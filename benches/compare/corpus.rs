//! Step 1: the generated corpus (or one reused when its options match).

use std::fs::File;
use std::path::Path;
use std::time::Instant;

use serde_json::Value;
use tapir::crypto::AesGcmSealer;
use tapir_corpora::GenOptions;

use crate::BoxError;
use crate::machine::gb;

#[derive(Debug)]
pub struct Generation {
    pub seconds: Option<f64>,
    pub files: usize,
    pub dump_bytes: u64,
    pub reused: bool,
}

pub fn generate(corpus: &Path, options: &GenOptions, reuse: bool) -> Result<Generation, BoxError> {
    let truth_path = corpus.join("truth.json");
    if reuse && truth_path.is_file() {
        let truth: Value = serde_json::from_reader(std::io::BufReader::new(File::open(&truth_path)?))?;
        if truth["options"] == serde_json::to_value(options)? {
            let dumps = corpus.join("dumps");
            let files = std::fs::read_dir(&dumps)?.count();
            eprintln!("[generate] reusing {}", corpus.display());
            return Ok(Generation {
                seconds: None,
                files,
                dump_bytes: tapir::index::stats::dir_size(&dumps),
                reused: true,
            });
        }
    }
    if corpus.exists() {
        std::fs::remove_dir_all(corpus)?;
    }
    let t = Instant::now();
    let summary = tapir_corpora::generate(corpus, options, &AesGcmSealer, &|_| {})?;
    let seconds = t.elapsed().as_secs_f64();
    eprintln!(
        "[generate] {} files, {} message frames, {} logical messages, {:.2} GB in {seconds:.1} s",
        summary.files,
        summary.message_frames,
        summary.logical_messages,
        gb(summary.bytes)
    );
    Ok(Generation { seconds: Some(seconds), files: summary.files, dump_bytes: summary.bytes, reused: false })
}

/// Findable canary tokens of `truth.json`: one message each.
pub fn canaries(corpus: &Path) -> Result<Vec<String>, BoxError> {
    let truth: Value = serde_json::from_reader(std::io::BufReader::new(File::open(corpus.join("truth.json"))?))?;
    Ok(truth["canaries"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter(|c| c["findable"].as_bool() == Some(true))
                .filter_map(|c| c["token"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default())
}
