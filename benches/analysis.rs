//! Text analysis cost (`tapir::analysis`), which ingest pays on every word it indexes.
//!
//! ```text
//! CARGO_TARGET_DIR=/work/target-bench cargo bench --bench analysis
//! ```
//!
//! - `index_chat`: the index's tokenizer (`tapir::index::TextTokenizer`, what tantivy runs at
//!   ingest) over a dozen everyday messages in French, Dutch and English;
//! - `index_accents`: the same over `src/analysis/testdata/corpus.txt` (accents, decomposed
//!   forms, ligatures, other scripts, long words: the slow paths);
//! - `rules_chat`: `tapir::analysis::Analyzer::tokens` (owned tokens with positions), as the
//!   rules analyse a term or a stored text;
//! - peer `tantivy_simple_chat`: tantivy's stock chain (`SimpleTokenizer`, `RemoveLongFilter`,
//!   `LowerCaser`, `AsciiFoldingFilter`) over the same messages, for ratios that survive a
//!   loaded machine.
//!
//! Throughput is in tokens.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer, TokenStream,
};
use tapir::analysis::Analyzer;
use tapir::index::TextTokenizer;

/// A dozen everyday messages in French, Dutch and English, one a line (shared with the entities bench).
const CHAT: &str = include_str!("data/chat.txt");
const ACCENTS: &str = include_str!("../src/analysis/testdata/corpus.txt");

/// Tokens of `texts` through a tantivy analyzer, their bytes summed so nothing is skipped.
fn through(analyzer: &mut TextAnalyzer, texts: &[&str]) -> usize {
    let mut bytes = 0;
    for text in texts {
        let mut stream = analyzer.token_stream(text);
        while stream.advance() {
            bytes += stream.token().text.len();
        }
    }
    bytes
}

fn count(analyzer: &mut TextAnalyzer, texts: &[&str]) -> u64 {
    let mut n = 0;
    for text in texts {
        let mut stream = analyzer.token_stream(text);
        while stream.advance() {
            n += 1;
        }
    }
    n
}

fn bench_analysis(c: &mut Criterion) {
    let chat: Vec<&str> = CHAT.lines().collect();
    let accents: Vec<&str> = ACCENTS.lines().collect();
    let mut index = TextAnalyzer::from(TextTokenizer::default());
    let mut simple = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(64))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build();
    let mut g = c.benchmark_group("analysis");
    g.warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(4));
    g.throughput(Throughput::Elements(count(&mut index, &chat)));
    g.bench_function("index_chat", |b| b.iter(|| through(&mut index, black_box(&chat))));
    g.throughput(Throughput::Elements(count(&mut simple, &chat)));
    g.bench_function("tantivy_simple_chat", |b| b.iter(|| through(&mut simple, black_box(&chat))));
    g.throughput(Throughput::Elements(count(&mut index, &accents)));
    g.bench_function("index_accents", |b| b.iter(|| through(&mut index, black_box(&accents))));
    let mut analyzer = Analyzer::default();
    let mut tokens = Vec::new();
    g.throughput(Throughput::Elements(count(&mut index, &chat)));
    g.bench_function("rules_chat", |b| {
        b.iter(|| {
            let mut n = 0;
            for text in black_box(&chat) {
                analyzer.tokens(text, &mut tokens);
                n += tokens.len();
            }
            n
        })
    });
    g.finish();
}

criterion_group!(benches, bench_analysis);
criterion_main!(benches);
