//! Peer comparison at corpus scale: tapir against SQLite FTS5 and a brute-force scan, on one
//! generated corpus, in one run, on one machine. A bench binary (`harness = false`), not
//! criterion: one run takes minutes and measures whole pipelines.
//!
//! ```text
//! export CARGO_TARGET_DIR=/work/target-compare
//! cargo bench --bench compare                                          # 2M messages, 200 devices
//! cargo bench --bench compare -- --messages 20000000 --devices 2000    # the full size
//! cargo bench --bench compare -- --help                                # every option
//! ```
//!
//! Steps (figures and how to read them: `benches/README.md`, section "compare"):
//! 1. generate the corpus (`tapir_corpora::generate`, damage on) into `DIR/corpus`;
//! 2. ingest it with the `tapir` binary built by cargo for this bench (`tapir ingest`, a child
//!    process, so that its peak RSS is its own: `wait4(2)` returns the child's `ru_maxrss`);
//! 3. export the searchable text (`TapirIndex::for_each_document`: documents whose status is
//!    `decrypted` and whose text is not empty, notes included since tapir searches them too)
//!    into memory, then bulk-load it into an FTS5 table (the load is timed from memory);
//! 4. build a seeded query set from the corpus itself (rare, common, AND, OR, phrase, fuzzy);
//! 5. run it warm against tapir (`TapirIndex::search`, limit 20, by score), FTS5 (top 20 by
//!    `rank`) and a scan over the pre-folded text held in memory; all single-threaded;
//! 6. print a table and write JSON (`--json`, default `DIR/compare.json`).
//!
//! The corpus, index and database are deleted at the end unless `--keep` is given.
//!
//! Files: `corpus.rs` (step 1), `peers/` (tapir's ingest and search, FTS5, the scan, the
//! bare-tantivy floor), `texts.rs` (step 3's export), `queries.rs` (step 4), `run.rs` (step 5),
//! `report.rs` (step 6), `machine.rs` (what the report says of the machine and command).

mod corpus;
mod machine;
mod peers;
mod queries;
mod report;
mod run;
mod texts;

use std::path::PathBuf;
use std::time::Instant;

use clap::Parser;
use serde_json::json;
use tapir::TapirIndex;
use tapir_corpora::GenOptions;

use corpus::{canaries, generate};
use machine::{free_bytes, gb, machine_notes};
use peers::floor::{process_cpu_s, tantivy_floor};
use peers::fts5::fts5_load;
use peers::scan::{Folded, within_one_edit};
use peers::tapir::ingest;
use queries::{Vocabulary, build_queries};
use report::Report;
use run::{run_queries, sanity_checks};
use texts::{Texts, export};

/// tapir against SQLite FTS5 and a brute-force scan on one generated corpus.
#[derive(Parser, Debug)]
#[command(name = "compare")]
pub struct Args {
    /// Logical messages to generate.
    #[arg(long, default_value_t = 2_000_000)]
    pub messages: u64,
    /// Devices (the full-size run is 20M messages on 2000 devices; 10k messages a device).
    #[arg(long, default_value_t = 200)]
    pub devices: usize,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Working directory (default: a new directory under /tmp).
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Queries in the set, split evenly over the six classes.
    #[arg(long, default_value_t = 240)]
    pub queries: usize,
    /// Where to write the results (default DIR/compare.json).
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
    /// Timed runs of each query for tapir and FTS5 (after one warm-up run of the whole set);
    /// a query's latency is the median of its runs.
    #[arg(long, default_value_t = 3)]
    pub repeats: usize,
    /// Queries of each class run by the scan (default: all of them up to 5M documents, else 10).
    #[arg(long, value_name = "N")]
    pub scan_per_class: Option<usize>,
    /// Largest hit count for which tapir's count is checked against the scan's (the check
    /// fetches every hit: tapir has no count-only search).
    #[arg(long, default_value_t = 5_000)]
    pub check_cap: usize,
    /// Keep the corpus, index and FTS5 database (default: delete them at the end).
    #[arg(long)]
    pub keep: bool,
    /// Ingests (each into a fresh index) and FTS5 loads, alternating; figures are medians
    /// (default: 3 up to 5M messages, else 1).
    #[arg(long, value_name = "N")]
    pub load_runs: Option<usize>,
    /// Timed runs of each FTS5 query (default: --repeats); FTS5 takes seconds on common terms
    /// at 20M documents.
    #[arg(long, value_name = "N")]
    fts5_repeats: Option<usize>,
    /// Reuse DIR/corpus when its truth.json was generated with the same options.
    #[arg(long)]
    pub reuse_corpus: bool,
    /// The tapir binary to ingest with (default: the one cargo built for this bench).
    #[arg(long, value_name = "FILE")]
    pub tapir_bin: Option<PathBuf>,
    /// Passed by `cargo bench`; without it only a quick self-check runs (`cargo test --benches`).
    #[arg(long, hide = true)]
    pub bench: bool,
}

pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

fn main() -> Result<(), BoxError> {
    let args = Args::parse();
    if !args.bench {
        self_check();
        return Ok(());
    }
    let started = Instant::now();
    let dir = match &args.dir {
        Some(d) => d.clone(),
        None => tempfile::Builder::new().prefix("tapir-compare-").tempdir_in("/tmp")?.keep(),
    };
    std::fs::create_dir_all(&dir)?;
    let corpus_dir = dir.join("corpus");
    let index_dir = dir.join("index");
    let db_path = dir.join("fts5.db");
    let json_path = args.json.clone().unwrap_or_else(|| dir.join("compare.json"));
    let machine = machine_notes();
    eprintln!("[compare] dir {}; {}", dir.display(), machine["summary"].as_str().unwrap_or_default());

    // Disk: ~285 B a message of dumps, ~180 of index, ~150 of FTS5 (measured at 200k–2M).
    let needed = args.messages * 650;
    if let Some(free) = free_bytes(&dir)
        && free < needed
    {
        return Err(format!(
            "{} has {:.1} GB free; this run needs about {:.1} GB",
            dir.display(),
            gb(free),
            gb(needed)
        )
        .into());
    }

    // 1. Corpus.
    let gen_options = GenOptions { seed: args.seed, devices: args.devices, messages: args.messages, damage: true };
    let generation = generate(&corpus_dir, &gen_options, args.reuse_corpus)?;

    // 2. Ingest with the tapir binary, as a child process.
    // 3. Export the searchable text once, fold it for the scan; then load it into FTS5 after
    //    each ingest, so that the two loads alternate and share the machine's noise.
    let tapir_bin = args.tapir_bin.clone().unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_tapir")));
    let load_runs = args.load_runs.unwrap_or(if args.messages <= 5_000_000 { 3 } else { 1 }).max(1);
    let mut ingests = Vec::new();
    let mut loads = Vec::new();
    let mut floors = Vec::new();
    let mut exported = None;
    let mut conn = None;
    for run in 1..=load_runs {
        if index_dir.exists() {
            std::fs::remove_dir_all(&index_dir)?;
        }
        let ingest = ingest(&tapir_bin, &corpus_dir, &index_dir, &dir)?;
        eprintln!(
            "[ingest {run}/{load_runs}] {:.1} s: {:.0} logical msgs/s, {:.0} frames/s, peak RSS {} (anon {:.0} MiB, file {:.0} MiB), index {:.2} GB; {}",
            ingest.wall_s,
            ingest.logical_messages as f64 / ingest.wall_s,
            ingest.message_frames as f64 / ingest.wall_s,
            ingest.max_rss_kib.map_or("n/a".to_owned(), |k| format!("{:.0} MiB", k as f64 / 1024.0)),
            ingest.sampled.max_anon_kib as f64 / 1024.0,
            ingest.sampled.max_file_kib as f64 / 1024.0,
            gb(ingest.index_bytes),
            ingest.phases
        );
        ingests.push(ingest);
        if exported.is_none() {
            let index = TapirIndex::open(&index_dir)?;
            let (texts, export) = export(&index)?;
            eprintln!(
                "[export] {} documents, {} with text ({} notes) in {:.1} s",
                export.documents,
                texts.len(),
                export.notes,
                export.seconds
            );
            exported = Some((texts, export));
        }
        let Some((texts, _)) = &exported else { unreachable!() };
        drop(conn.take()); // closes the previous database before deleting it
        if db_path.exists() {
            std::fs::remove_file(&db_path)?;
        }
        let (c, fts5) = fts5_load(&db_path, texts)?;
        eprintln!(
            "[fts5 {run}/{load_runs}] load {:.1} s ({:.0} rows/s), optimize {:.1} s, {:.2} GB",
            fts5.load_s,
            texts.len() as f64 / fts5.load_s,
            fts5.optimize_s,
            gb(fts5.db_bytes)
        );
        loads.push(fts5);
        conn = Some(c);
        let floor = tantivy_floor(&dir.join("tantivy-floor"), texts)?;
        eprintln!(
            "[tantivy floor {run}/{load_runs}] {:.1} s ({:.0} docs/s, CPU {:.1} s)",
            floor.wall_s,
            floor.docs as f64 / floor.wall_s,
            floor.cpu_s
        );
        floors.push(floor);
    }
    let (Some((texts, export)), Some(conn)) = (exported, conn) else { unreachable!() };
    let index = TapirIndex::open(&index_dir)?;
    let t = Instant::now();
    let folded = Folded::build(&texts);
    let fold_s = t.elapsed().as_secs_f64();
    eprintln!("[fold] folded for the scan in {fold_s:.1} s");
    drop(texts);

    // 4. Queries.
    let t = Instant::now();
    let vocab = Vocabulary::build(&folded);
    let truth_canaries = canaries(&corpus_dir)?;
    let queries = build_queries(&folded, &vocab, &truth_canaries, args.queries, args.seed);
    eprintln!(
        "[queries] {} queries built in {:.1} s ({} distinct terms)",
        queries.len(),
        t.elapsed().as_secs_f64(),
        vocab.df.len()
    );

    // 5. Run them.
    let scan_per_class = args.scan_per_class.unwrap_or(if folded.len() <= 5_000_000 { usize::MAX } else { 10 });
    let repeats = args.repeats.max(1);
    let fts5_repeats = args.fts5_repeats.unwrap_or(repeats).clamp(1, repeats);
    let timings = run_queries(&index, &conn, &folded, &queries, repeats, fts5_repeats, scan_per_class)?;
    let checks = sanity_checks(&index, &conn, &queries, &timings, args.check_cap)?;

    // 6. Report.
    let report = Report {
        args: &args,
        machine,
        generation,
        ingests,
        export,
        fold_s,
        loads,
        floors,
        queries: &queries,
        timings: &timings,
        checks: &checks,
        documents: folded.len(),
        scan_per_class,
        repeats,
        fts5_repeats,
    };
    report.print();
    let mut json = report.json();
    json["total_seconds"] = json!(started.elapsed().as_secs_f64());
    std::fs::write(&json_path, serde_json::to_string_pretty(&json)? + "\n")?;
    eprintln!("[compare] results in {}; total {:.0} s", json_path.display(), started.elapsed().as_secs_f64());

    drop(index);
    drop(conn);
    if !args.keep {
        for path in [&corpus_dir, &index_dir] {
            let _ = std::fs::remove_dir_all(path);
        }
        let _ = std::fs::remove_file(&db_path);
        let _ = std::fs::remove_file(dir.join("ingest-report.json"));
        let _ = std::fs::remove_file(dir.join("ingest-stderr.txt"));
        eprintln!("[compare] deleted the corpus, index and database (--keep keeps them)");
    }
    Ok(())
}

/// What runs without `--bench` (`cargo test --benches` runs bench binaries that way): checks
/// of the scan's matching rules, nothing timed.
fn self_check() {
    let t = b"kalash";
    for (w, near) in [
        ("kalash", true),
        ("kalach", true),
        ("kalas", true),
        ("kalashn", true),
        ("aklash", true),
        ("kalahs", true),
        ("klaahs", false),
        ("kal", false),
        ("kalèsh", true),
        ("kàlèsh", false),
    ] {
        assert_eq!(within_one_edit(w, t), near, "{w}");
    }
    let text = "Les Kalashs d'Enlèvement";
    let texts = Texts { buf: text.to_owned(), ends: vec![text.len()] };
    let folded = Folded::build(&texts);
    assert_eq!(folded.doc(0), " les kalash d enlevement ");
    // Folded by tapir's own analysis: a decomposed word stays one word, as tapir indexes it.
    let decomposed = "la ranc\u{327}ons";
    let folded_decomposed = Folded::build(&Texts { buf: decomposed.to_owned(), ends: vec![decomposed.len()] });
    assert_eq!(folded_decomposed.doc(0), " la rancon ");
    let dir = tempfile::tempdir().expect("temporary directory");
    let floor = tantivy_floor(&dir.path().join("floor"), &texts).expect("tantivy floor");
    assert_eq!((floor.docs, dir.path().join("floor").exists()), (1, false));
    assert!(process_cpu_s() > 0.0, "no CPU time read from /proc/self/stat");
    println!("compare: self-check passed (run through `cargo bench --bench compare` to measure)");
}
