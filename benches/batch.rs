//! `tapir batch` throughput: selective queries a second through `TapirIndex::batch` (rayon),
//! against the same queries run one after the other on one thread. A bench binary
//! (`harness = false`): figures and commands in `benches/README.md`, section "batch (issue 5)".
//!
//! ```text
//! export CARGO_TARGET_DIR=/work/target-audit
//! cargo bench --bench batch                                  # generates a 200k-message corpus
//! cargo bench --bench batch -- --index /tmp/i20 --queries 4000
//! ```
//!
//! Selective terms are read from the `text` field's term dictionary of the index's largest
//! segment: terms matching between `--min-df` and `--max-df` documents in the whole index,
//! spread evenly over the dictionary. Each is one query (limit 100, by score, hits read from
//! the store as `tapir batch` reads them). Figures are the median of `--runs` timed runs after
//! one warm-up run.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::Parser;
use tantivy::Term;
use tapir::TapirIndex;
use tapir::crypto::AesGcmSealer;
use tapir::index::{BatchQuery, IngestOptions, SilentProgress};
use tapir_corpora::GenOptions;

#[derive(Parser, Debug)]
#[command(name = "batch")]
struct Args {
    /// An existing index (read only); default: generate and index a corpus in a temporary directory.
    #[arg(long, value_name = "DIR")]
    index: Option<PathBuf>,
    /// Messages of the generated corpus.
    #[arg(long, default_value_t = 200_000)]
    messages: u64,
    /// Queries in the batch.
    #[arg(long, default_value_t = 2000)]
    queries: usize,
    /// Fewest documents a selective term matches.
    #[arg(long, default_value_t = 1)]
    min_df: u64,
    /// Most documents a selective term matches.
    #[arg(long, default_value_t = 50)]
    max_df: u64,
    /// Threads of the parallel run.
    #[arg(long, default_value_t = 2)]
    threads: usize,
    #[arg(long, default_value_t = 3)]
    runs: usize,
    /// Hits per query.
    #[arg(long, default_value_t = 100)]
    limit: usize,
    // cargo bench passes --bench to the binary.
    #[arg(long, hide = true)]
    bench: bool,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let temp = tempfile::tempdir()?;
    let dir = match &args.index {
        Some(dir) => dir.clone(),
        None => {
            let corpus = temp.path().join("corpus");
            let options = GenOptions { seed: 1, devices: 20, messages: args.messages, damage: false };
            eprintln!("generating {} messages into {}", args.messages, corpus.display());
            tapir_corpora::generate(&corpus, &options, &AesGcmSealer, &|_| {})?;
            let keyring = tapir::Keyring::load_files(&[corpus.join("keys/seized.keys")])?;
            let dir = temp.path().join("index");
            let mut index = TapirIndex::create_or_open(&dir)?;
            index.ingest(&[corpus.join("dumps")], &keyring, &IngestOptions::default(), &SilentProgress)?;
            dir
        }
    };
    let terms = selective_terms(&dir, args.queries, args.min_df, args.max_df)?;
    let queries: Vec<BatchQuery> = terms
        .iter()
        .enumerate()
        .map(|(n, t)| BatchQuery { id: n.to_string(), line: n + 1, query: t.clone(), from: None, to: None })
        .collect();
    let index = TapirIndex::open(&dir)?;
    let parallel = rayon::ThreadPoolBuilder::new().num_threads(args.threads).build()?;
    let single = rayon::ThreadPoolBuilder::new().num_threads(1).build()?;
    let report = |name: &str, pool: &rayon::ThreadPool| -> anyhow::Result<()> {
        let mut times = Vec::new();
        let mut hits = 0;
        for run in 0..=args.runs {
            let started = Instant::now();
            hits = 0;
            pool.install(|| {
                index.batch(&queries, args.limit, |_, stream| {
                    for hit in stream? {
                        black_box(hit?);
                        hits += 1;
                    }
                    Ok::<_, tapir::index::SearchError>(())
                })
            })
            .map_err(|e| anyhow::anyhow!("a query failed: {e}"))?;
            let elapsed = started.elapsed().as_secs_f64();
            if run > 0 {
                times.push(elapsed);
            }
        }
        times.sort_by(f64::total_cmp);
        let median = times[times.len() / 2];
        println!(
            "{name:<28} {:>6} queries  {:>8} hits  median {:>8.3} s  {:>9.0} queries/s",
            queries.len(),
            hits,
            median,
            queries.len() as f64 / median
        );
        Ok(())
    };
    println!(
        "index {}: {} selective terms ({}..={} documents each), limit {}",
        dir.display(),
        queries.len(),
        args.min_df,
        args.max_df,
        args.limit
    );
    report(&format!("batch, rayon {} threads", args.threads), &parallel)?;
    report("one thread (peer)", &single)?;
    Ok(())
}

/// Up to `n` terms of the `text` field matching `min_df..=max_df` documents, spread evenly over
/// the term dictionary of the largest segment.
fn selective_terms(dir: &Path, n: usize, min_df: u64, max_df: u64) -> anyhow::Result<Vec<String>> {
    let index = tantivy::Index::open_in_dir(dir.join("tantivy"))?;
    let field = index.schema().get_field("text")?;
    let searcher = index.reader()?.searcher();
    let segment =
        searcher.segment_readers().iter().max_by_key(|s| s.num_docs()).ok_or_else(|| anyhow::anyhow!("empty index"))?;
    let inverted = segment.inverted_index(field)?;
    let mut candidates = Vec::new();
    let mut stream = inverted.terms().stream()?;
    while stream.advance() {
        let info = stream.value();
        if u64::from(info.doc_freq) > max_df {
            continue;
        }
        // Plain words only: a query of digits or punctuation says little about selective search.
        if let Ok(word) = std::str::from_utf8(stream.key())
            && word.len() >= 4
            && word.chars().all(|c| c.is_ascii_lowercase())
        {
            candidates.push(word.to_owned());
        }
    }
    let step = (candidates.len() / (n * 4).max(1)).max(1);
    let mut terms = Vec::with_capacity(n);
    for word in candidates.iter().step_by(step) {
        let df = searcher.doc_freq(&Term::from_field_text(field, word))?;
        if (min_df..=max_df).contains(&df) {
            terms.push(word.clone());
            if terms.len() == n {
                break;
            }
        }
    }
    anyhow::ensure!(!terms.is_empty(), "no selective terms found");
    Ok(terms)
}
