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

use std::collections::BTreeMap;
use std::fs::File;
use std::hash::{Hash, Hasher};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use clap::Parser;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use serde_json::{Value, json};
use tantivy::tokenizer::{AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer};
use tapir::crypto::AesGcmSealer;
use tapir::index::{SearchOptions, SortOrder};
use tapir::{IndexError, Status, TapirIndex};
use tapir_corpora::GenOptions;

/// tapir against SQLite FTS5 and a brute-force scan on one generated corpus.
#[derive(Parser, Debug)]
#[command(name = "compare")]
struct Args {
    /// Logical messages to generate.
    #[arg(long, default_value_t = 2_000_000)]
    messages: u64,
    /// Devices (the full-size run is 20M messages on 2000 devices; 10k messages a device).
    #[arg(long, default_value_t = 200)]
    devices: usize,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Working directory (default: a new directory under /tmp).
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
    /// Queries in the set, split evenly over the six classes.
    #[arg(long, default_value_t = 240)]
    queries: usize,
    /// Where to write the results (default DIR/compare.json).
    #[arg(long, value_name = "FILE")]
    json: Option<PathBuf>,
    /// Timed runs of each query for tapir and FTS5 (after one warm-up run of the whole set);
    /// a query's latency is the median of its runs.
    #[arg(long, default_value_t = 3)]
    repeats: usize,
    /// Queries of each class run by the scan (default: all of them up to 5M documents, else 10).
    #[arg(long, value_name = "N")]
    scan_per_class: Option<usize>,
    /// Largest hit count for which tapir's count is checked against the scan's (the check
    /// fetches every hit: tapir has no count-only search).
    #[arg(long, default_value_t = 5_000)]
    check_cap: usize,
    /// Keep the corpus, index and FTS5 database (default: delete them at the end).
    #[arg(long)]
    keep: bool,
    /// Ingests (each into a fresh index) and FTS5 loads, alternating; figures are medians
    /// (default: 3 up to 5M messages, else 1).
    #[arg(long, value_name = "N")]
    load_runs: Option<usize>,
    /// Timed runs of each FTS5 query (default: --repeats); FTS5 takes seconds on common terms
    /// at 20M documents.
    #[arg(long, value_name = "N")]
    fts5_repeats: Option<usize>,
    /// Reuse DIR/corpus when its truth.json was generated with the same options.
    #[arg(long)]
    reuse_corpus: bool,
    /// The tapir binary to ingest with (default: the one cargo built for this bench).
    #[arg(long, value_name = "FILE")]
    tapir_bin: Option<PathBuf>,
    /// Passed by `cargo bench`; without it only a quick self-check runs (`cargo test --benches`).
    #[arg(long, hide = true)]
    bench: bool,
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

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

fn gb(bytes: u64) -> f64 {
    bytes as f64 / 1e9
}

/// Free bytes on the file system of `dir`, from `df` (no libc binding needed).
fn free_bytes(dir: &Path) -> Option<u64> {
    let out = Command::new("df").arg("-Pk").arg(dir).output().ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    let kib: u64 = text.lines().nth(1)?.split_whitespace().nth(3)?.parse().ok()?;
    Some(kib * 1024)
}

fn machine_notes() -> Value {
    let read = |p: &str| std::fs::read_to_string(p).unwrap_or_default();
    let cpu = read("/proc/cpuinfo")
        .lines()
        .find_map(|l| l.strip_prefix("model name").map(|r| r.trim_start_matches([' ', '\t', ':']).to_owned()))
        .unwrap_or_default();
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let mem_kib: u64 = read("/proc/meminfo")
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:").and_then(|r| r.trim().trim_end_matches(" kB").parse().ok()))
        .unwrap_or(0);
    let load = read("/proc/loadavg").split_whitespace().take(3).collect::<Vec<_>>().join(" ");
    let commit = Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_owned())
        .unwrap_or_default();
    let summary = format!("{cores} cores, {cpu}, {:.0} GiB, load {load}, commit {commit}", mem_kib as f64 / 1048576.0);
    json!({"cores": cores, "cpu": cpu, "mem_kib": mem_kib, "loadavg_start": load, "commit": commit, "summary": summary})
}

/// The `cargo bench` command line that reproduces this run.
fn cargo_command() -> String {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    if args.is_empty() {
        "cargo bench --bench compare".to_owned()
    } else {
        format!("cargo bench --bench compare -- {}", args.join(" "))
    }
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

// ---------------------------------------------------------------------------------------------
// 1. Corpus

#[derive(Debug)]
struct Generation {
    seconds: Option<f64>,
    files: usize,
    dump_bytes: u64,
    reused: bool,
}

fn generate(corpus: &Path, options: &GenOptions, reuse: bool) -> Result<Generation, BoxError> {
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
fn canaries(corpus: &Path) -> Result<Vec<String>, BoxError> {
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

// ---------------------------------------------------------------------------------------------
// 2. Ingest (child process)

#[derive(Debug)]
struct Ingest {
    command: String,
    wall_s: f64,
    user_s: Option<f64>,
    system_s: Option<f64>,
    max_rss_kib: Option<u64>,
    /// Largest `RssAnon` and `RssFile` seen in `/proc/PID/status` (sampled every 50 ms).
    /// `ru_maxrss` counts the resident pages of the memory-mapped evidence too (`RssFile`):
    /// page cache the kernel can drop, unlike the heap (`RssAnon`).
    sampled: Sampled,
    exit_code: Option<i32>,
    logical_messages: u64,
    logical_decrypted: u64,
    message_frames: u64,
    index_bytes: u64,
    /// `hashing 0.0 s, decoding 0.2 s, …` as `tapir ingest` prints it.
    phases: String,
}

fn ingest(bin: &Path, corpus: &Path, index: &Path, dir: &Path) -> Result<Ingest, BoxError> {
    let report_path = dir.join("ingest-report.json");
    let stderr_path = dir.join("ingest-stderr.txt");
    let mut cmd = Command::new(bin);
    cmd.arg("ingest")
        .arg("--index")
        .arg(index)
        .arg("--keys")
        .arg(corpus.join("keys/seized.keys"))
        .arg("--report")
        .arg(&report_path)
        .arg(corpus.join("dumps"));
    let command = format!("{cmd:?}").replace('"', "");
    eprintln!("[ingest] {command}");
    cmd.stdin(Stdio::null()).stdout(Stdio::null()).stderr(File::create(&stderr_path)?);
    let t = Instant::now();
    let child = cmd.spawn()?;
    let sampler = RssSampler::start(child.id());
    let usage = wait_child(child)?;
    let wall_s = t.elapsed().as_secs_f64();
    let sampled = sampler.stop();
    let stderr = std::fs::read_to_string(&stderr_path).unwrap_or_default();
    // 0: done; 3: done, some files rejected (the generator damages headers on purpose).
    if !matches!(usage.exit_code, Some(0 | 3)) {
        return Err(format!("tapir ingest failed ({:?}):\n{stderr}", usage.exit_code).into());
    }
    let report: Value = serde_json::from_reader(std::io::BufReader::new(File::open(&report_path)?))?;
    let message_frames = report["files"]
        .as_array()
        .map(|files| files.iter().map(|f| f["messages"]["found"].as_u64().unwrap_or(0)).sum())
        .unwrap_or(0);
    let phases = stderr
        .lines()
        .find(|l| l.contains("hashing "))
        .and_then(|l| l.split_once("; "))
        .map(|(_, p)| p.trim().to_owned())
        .unwrap_or_default();
    Ok(Ingest {
        command,
        wall_s,
        user_s: usage.user_s,
        system_s: usage.system_s,
        max_rss_kib: usage.max_rss_kib,
        sampled,
        exit_code: usage.exit_code,
        logical_messages: report["logical_messages"].as_u64().unwrap_or(0),
        logical_decrypted: report["logical_decrypted"].as_u64().unwrap_or(0),
        message_frames,
        index_bytes: tapir::index::stats::dir_size(index),
        phases,
    })
}

#[derive(Clone, Copy, Debug, Default)]
struct Sampled {
    max_anon_kib: u64,
    max_file_kib: u64,
    samples: u64,
}

/// Polls a child's `/proc/PID/status` from a thread until stopped.
struct RssSampler {
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: std::thread::JoinHandle<Sampled>,
}

impl RssSampler {
    fn start(pid: u32) -> RssSampler {
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = stop.clone();
        let thread = std::thread::spawn(move || {
            let path = format!("/proc/{pid}/status");
            let mut s = Sampled::default();
            while !flag.load(std::sync::atomic::Ordering::Relaxed) {
                if let Ok(status) = std::fs::read_to_string(&path) {
                    let kib = |key: &str| -> Option<u64> {
                        status.lines().find_map(|l| l.strip_prefix(key)?.trim().strip_suffix(" kB")?.parse().ok())
                    };
                    if let (Some(anon), Some(file)) = (kib("RssAnon:"), kib("RssFile:")) {
                        s.max_anon_kib = s.max_anon_kib.max(anon);
                        s.max_file_kib = s.max_file_kib.max(file);
                        s.samples += 1;
                    }
                }
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            s
        });
        RssSampler { stop, thread }
    }

    fn stop(self) -> Sampled {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        self.thread.join().unwrap_or_default()
    }
}

struct ChildUsage {
    exit_code: Option<i32>,
    user_s: Option<f64>,
    system_s: Option<f64>,
    max_rss_kib: Option<u64>,
}

/// Waits for the child with `wait4(2)`, which reports the resource usage of that child alone
/// (`ru_maxrss`: its peak resident set, in KiB on Linux). `getrusage(RUSAGE_CHILDREN)` would
/// mix in every other child of this process (`df`, `git`), and polling `/proc/PID/status`
/// for `VmHWM` can miss the end of the run.
#[cfg(all(target_os = "linux", target_pointer_width = "64"))]
fn wait_child(child: std::process::Child) -> std::io::Result<ChildUsage> {
    #[repr(C)]
    #[derive(Default)]
    struct Timeval {
        sec: i64,
        usec: i64,
    }
    /// `struct rusage` of 64-bit Linux: two timevals, then 14 longs.
    #[repr(C)]
    #[derive(Default)]
    struct Rusage {
        utime: Timeval,
        stime: Timeval,
        maxrss: i64,
        rest: [i64; 13],
    }
    unsafe extern "C" {
        fn wait4(pid: i32, status: *mut i32, options: i32, rusage: *mut Rusage) -> i32;
    }
    let pid = child.id() as i32;
    let mut status = 0i32;
    let mut usage = Rusage::default();
    loop {
        // SAFETY: `pid` is our own child, not yet waited for (std's `Child` is dropped
        // without waiting); both pointers are to live, properly laid out locals.
        let r = unsafe { wait4(pid, &mut status, 0, &mut usage) };
        if r == pid {
            break;
        }
        let e = std::io::Error::last_os_error();
        if e.kind() != std::io::ErrorKind::Interrupted {
            return Err(e);
        }
    }
    drop(child);
    let secs = |t: &Timeval| t.sec as f64 + t.usec as f64 / 1e6;
    let exited = status & 0x7f == 0;
    Ok(ChildUsage {
        exit_code: exited.then_some((status >> 8) & 0xff),
        user_s: Some(secs(&usage.utime)),
        system_s: Some(secs(&usage.stime)),
        max_rss_kib: Some(usage.maxrss.max(0) as u64),
    })
}

#[cfg(not(all(target_os = "linux", target_pointer_width = "64")))]
fn wait_child(mut child: std::process::Child) -> std::io::Result<ChildUsage> {
    let status = child.wait()?;
    Ok(ChildUsage { exit_code: status.code(), user_s: None, system_s: None, max_rss_kib: None })
}

// ---------------------------------------------------------------------------------------------
// 3. Export, folding, FTS5

/// Documents' texts, concatenated.
struct Texts {
    buf: String,
    ends: Vec<usize>,
}

impl Texts {
    fn len(&self) -> usize {
        self.ends.len()
    }
    fn get(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.buf[start..self.ends[i]]
    }
}

#[derive(Debug)]
struct Export {
    seconds: f64,
    documents: u64,
    notes: u64,
    without_text: u64,
}

/// The searchable texts, in a fixed order: `for_each_document` goes segment by segment, and
/// segments depend on tantivy's threads, so documents are sorted by a hash of their identity
/// (sender, message id, note or not) to keep the query set the same from run to run.
fn export(index: &TapirIndex) -> Result<(Texts, Export), BoxError> {
    let t = Instant::now();
    let mut texts = Texts { buf: String::new(), ends: Vec::new() };
    let mut keys: Vec<u64> = Vec::new();
    let (mut documents, mut notes, mut without_text) = (0u64, 0u64, 0u64);
    index.for_each_document(|hit| -> Result<(), IndexError> {
        documents += 1;
        if hit.status == Status::Decrypted && !hit.text.is_empty() {
            let note = hit.kind == "note";
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

/// The analysis of tapir's text field, mirrored: tantivy's `SimpleTokenizer`, tokens of 64
/// bytes or more dropped, lowercase, ASCII folding; tapir's plural folding (a final `s`
/// dropped from tokens of five bytes or more not ending in `ss`; `src/index/plural.rs`) is
/// [`fold_plural`], applied by the scan's folding, not by this analyzer.
fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(64))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

fn fold_plural(word: &mut String) {
    let b = word.as_bytes();
    if b.len() >= 5 && b[b.len() - 1] == b's' && b[b.len() - 2] != b's' {
        word.pop();
    }
}

/// A dropped (too long) token keeps its place so that phrases do not match across it.
const GAP: &str = "\u{1}";

/// Every document's tokens, analysed as tapir does, as ` tok tok tok ` (a space before and
/// after each token), concatenated: a word is the substring ` word `, a phrase ` a b `.
struct Folded {
    arena: String,
    /// `starts[i]..starts[i + 1]` is document `i`.
    starts: Vec<usize>,
}

/// Documents per block of the scan: a block is tested as a whole first.
const BLOCK: usize = 256;

impl Folded {
    fn build(texts: &Texts) -> Folded {
        const CHUNK: usize = 1 << 16;
        let chunks: Vec<(String, Vec<usize>)> = (0..texts.len().div_ceil(CHUNK))
            .into_par_iter()
            .map(|c| {
                let mut analyzer = analyzer();
                let mut out = String::new();
                let mut ends = Vec::new();
                for i in c * CHUNK..((c + 1) * CHUNK).min(texts.len()) {
                    out.push(' ');
                    let mut stream = analyzer.token_stream(texts.get(i));
                    let mut next_position = 0;
                    while stream.advance() {
                        let token = stream.token_mut();
                        for _ in next_position..token.position {
                            out.push_str(GAP);
                            out.push(' ');
                        }
                        next_position = token.position + 1;
                        fold_plural(&mut token.text);
                        out.push_str(&token.text);
                        out.push(' ');
                    }
                    ends.push(out.len());
                }
                (out, ends)
            })
            .collect();
        let mut arena = String::with_capacity(chunks.iter().map(|(s, _)| s.len()).sum());
        let mut starts = vec![0];
        for (s, ends) in chunks {
            let base = arena.len();
            arena.push_str(&s);
            starts.extend(ends.into_iter().map(|e| base + e));
        }
        Folded { arena, starts }
    }

    fn len(&self) -> usize {
        self.starts.len() - 1
    }

    fn doc(&self, i: usize) -> &str {
        &self.arena[self.starts[i]..self.starts[i + 1]]
    }

    fn tokens(&self, i: usize) -> impl Iterator<Item = &str> {
        self.doc(i).split(' ').filter(|t| !t.is_empty())
    }

    /// Documents whose text satisfies `doc`; `block` tells whether a run of documents may
    /// hold one (it must be true whenever `doc` is true for one of them).
    fn scan(&self, block: impl Fn(&str) -> bool, doc: impl Fn(&str) -> bool) -> Vec<u32> {
        let mut hits = Vec::new();
        for b in (0..self.len()).step_by(BLOCK) {
            let end = (b + BLOCK).min(self.len());
            if !block(&self.arena[self.starts[b]..self.starts[end]]) {
                continue;
            }
            for i in b..end {
                if doc(self.doc(i)) {
                    hits.push(i as u32);
                }
            }
        }
        hits
    }
}

#[derive(Debug)]
struct Fts5 {
    sqlite_version: String,
    load_s: f64,
    optimize_s: f64,
    db_bytes: u64,
    rows: usize,
}

fn fts5_load(path: &Path, texts: &Texts) -> Result<(rusqlite::Connection, Fts5), BoxError> {
    let conn = rusqlite::Connection::open(path)?;
    // A bulk load: no journal, no fsync, one writer; a 256 MiB page cache (tapir's writer
    // gets 512 MiB).
    let _: String = conn.query_row("PRAGMA journal_mode = OFF", [], |r| r.get(0))?;
    conn.execute_batch(
        "PRAGMA synchronous = OFF; PRAGMA locking_mode = EXCLUSIVE; PRAGMA cache_size = -262144;
         CREATE VIRTUAL TABLE t USING fts5(text, tokenize = 'unicode61 remove_diacritics 2');",
    )?;
    let sqlite_version: String = conn.query_row("SELECT sqlite_version()", [], |r| r.get(0))?;
    let t = Instant::now();
    conn.execute_batch("BEGIN")?;
    {
        let mut insert = conn.prepare("INSERT INTO t(rowid, text) VALUES (?1, ?2)")?;
        for i in 0..texts.len() {
            insert.execute(rusqlite::params![i as i64, texts.get(i)])?;
        }
    }
    conn.execute_batch("COMMIT")?;
    let load_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    conn.execute_batch("INSERT INTO t(t) VALUES ('optimize')")?;
    let optimize_s = t.elapsed().as_secs_f64();
    let db_bytes = std::fs::metadata(path)?.len();
    Ok((conn, Fts5 { sqlite_version, load_s, optimize_s, db_bytes, rows: texts.len() }))
}

/// The run of median time (the lower middle one for an even count).
fn median_run<T>(runs: &[T], seconds: impl Fn(&T) -> f64) -> &T {
    let mut v: Vec<&T> = runs.iter().collect();
    v.sort_by(|a, b| seconds(a).total_cmp(&seconds(b)));
    v[(v.len() - 1) / 2]
}

/// tantivy alone on the message text alone: what any tantivy-based ingest of this corpus
/// must at least pay, whatever it does besides.
#[derive(Debug)]
struct Floor {
    docs: usize,
    wall_s: f64,
    cpu_s: f64,
    threads: usize,
}

/// Indexes the exported texts into a bare tantivy index: one text field with positions (what
/// phrase queries need), not stored, analysed by [`analyzer`] (tapir's chain without its
/// plural folding, so a little cheaper); no other field, no decoding, no decryption, no
/// deduplication. Threads and memory budget as `tapir ingest`'s defaults. Timed from the
/// first document to the end of the commit and its merges.
fn tantivy_floor(dir: &Path, texts: &Texts) -> Result<Floor, BoxError> {
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
    index.tokenizers().register("floor", analyzer());
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
fn process_cpu_s() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else { return 0.0 };
    // Fields after the command name (which may hold spaces) start at `) `.
    let rest = stat.rsplit_once(") ").map_or("", |(_, r)| r);
    let fields: Vec<&str> = rest.split(' ').collect();
    let ticks = |i: usize| fields.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    // utime and stime: fields 14 and 15 of the line, so 11 and 12 counted from 0 after the name.
    (ticks(11) + ticks(12)) / 100.0
}

// ---------------------------------------------------------------------------------------------
// 4. Query set

/// Document frequencies of the folded terms.
struct Vocabulary<'a> {
    df: FxHashMap<&'a str, u32>,
}

impl<'a> Vocabulary<'a> {
    fn build(folded: &'a Folded) -> Vocabulary<'a> {
        let mut df: FxHashMap<&str, u32> = FxHashMap::default();
        let mut seen: Vec<&str> = Vec::new();
        for i in 0..folded.len() {
            seen.clear();
            seen.extend(folded.tokens(i).filter(|t| *t != GAP));
            seen.sort_unstable();
            seen.dedup();
            for t in &seen {
                *df.entry(t).or_insert(0) += 1;
            }
        }
        Vocabulary { df }
    }

    fn df(&self, t: &str) -> u32 {
        self.df.get(t).copied().unwrap_or(0)
    }

    /// Terms satisfying `keep`, sorted (the map's order is not deterministic).
    fn terms(&self, keep: impl Fn(&str, u32) -> bool) -> Vec<&'a str> {
        let mut v: Vec<&str> = self.df.iter().filter(|(t, n)| keep(t, **n)).map(|(t, _)| *t).collect();
        v.sort_unstable();
        v
    }
}

/// SplitMix64: deterministic, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    /// Up to `k` distinct elements, in drawing order.
    fn sample<T: Copy>(&mut self, from: &[T], k: usize) -> Vec<T> {
        let mut idx: Vec<usize> = (0..from.len()).collect();
        let k = k.min(idx.len());
        for i in 0..k {
            let j = i + self.below(idx.len() - i);
            idx.swap(i, j);
        }
        idx[..k].iter().map(|&i| from[i]).collect()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Class {
    Rare,
    Common,
    And,
    Or,
    Phrase,
    Fuzzy,
}

impl Class {
    const ALL: [Class; 6] = [Class::Rare, Class::Common, Class::And, Class::Or, Class::Phrase, Class::Fuzzy];
    fn name(self) -> &'static str {
        match self {
            Class::Rare => "rare term",
            Class::Common => "common term",
            Class::And => "two-term AND",
            Class::Or => "two-term OR",
            Class::Phrase => "phrase",
            Class::Fuzzy => "fuzzy (~1)",
        }
    }
    fn key(self) -> &'static str {
        match self {
            Class::Rare => "rare",
            Class::Common => "common",
            Class::And => "and",
            Class::Or => "or",
            Class::Phrase => "phrase",
            Class::Fuzzy => "fuzzy",
        }
    }
}

#[derive(Clone, Debug)]
enum Shape {
    Term(String),
    And(String, String),
    Or(String, String),
    Phrase(String, String),
    Fuzzy(String),
}

#[derive(Clone, Debug)]
struct Query {
    class: Class,
    shape: Shape,
    /// tapir's query syntax.
    tapir: String,
    /// FTS5's MATCH expression; `None` where FTS5 has no equivalent (fuzzy).
    fts5: Option<String>,
}

impl Query {
    fn new(class: Class, shape: Shape) -> Query {
        let (tapir, fts5) = match &shape {
            Shape::Term(t) => (t.clone(), Some(format!("\"{t}\""))),
            Shape::And(a, b) => (format!("{a} {b}"), Some(format!("\"{a}\" AND \"{b}\""))),
            Shape::Or(a, b) => (format!("{a} OR {b}"), Some(format!("\"{a}\" OR \"{b}\""))),
            Shape::Phrase(a, b) => (format!("\"{a} {b}\""), Some(format!("\"{a} {b}\""))),
            Shape::Fuzzy(t) => (format!("{t}~1"), None),
        };
        Query { class, shape, tapir, fts5 }
    }

    /// The scan: every matching document, in document order.
    fn scan(&self, folded: &Folded) -> Vec<u32> {
        let word = |t: &str| format!(" {t} ");
        match &self.shape {
            Shape::Term(t) => {
                let p = word(t);
                folded.scan(|s| s.contains(&p), |s| s.contains(&p))
            }
            Shape::Phrase(a, b) => {
                let p = format!(" {a} {b} ");
                folded.scan(|s| s.contains(&p), |s| s.contains(&p))
            }
            Shape::And(a, b) => {
                let (pa, pb) = (word(a), word(b));
                let both = |s: &str| s.contains(&pa) && s.contains(&pb);
                folded.scan(both, both)
            }
            Shape::Or(a, b) => {
                let (pa, pb) = (word(a), word(b));
                let either = |s: &str| s.contains(&pa) || s.contains(&pb);
                folded.scan(either, either)
            }
            Shape::Fuzzy(t) => {
                let t = t.as_bytes();
                let near = |s: &str| s.split(' ').any(|w| within_one_edit(w, t));
                folded.scan(|_| true, near)
            }
        }
    }
}

/// Whether `w` is within one edit of `t` (insertion, deletion, substitution or transposition
/// of two adjacent characters: tantivy's fuzzy distance 1 with transpositions costing one).
fn within_one_edit(w: &str, t: &[u8]) -> bool {
    let wb = w.as_bytes();
    if wb.len().abs_diff(t.len()) > 1 && w.chars().count().abs_diff(t.len()) > 1 {
        return false;
    }
    if w.is_ascii() {
        one_edit(wb, t)
    } else {
        let wc: Vec<char> = w.chars().collect();
        let tc: Vec<char> = t.iter().map(|&b| b as char).collect();
        one_edit(&wc, &tc)
    }
}

fn one_edit<T: Eq>(a: &[T], b: &[T]) -> bool {
    if a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let p = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    if p == a.len() && p == b.len() {
        return true;
    }
    match a.len().cmp(&b.len()) {
        std::cmp::Ordering::Equal => {
            a[p + 1..] == b[p + 1..]
                || (p + 1 < a.len() && a[p] == b[p + 1] && a[p + 1] == b[p] && a[p + 2..] == b[p + 2..])
        }
        std::cmp::Ordering::Less => a[p..] == b[p + 1..],
        std::cmp::Ordering::Greater => a[p + 1..] == b[p..],
    }
}

/// A term both engines read as one plain word.
fn plain(t: &str) -> bool {
    !t.is_empty() && t.bytes().all(|b| b.is_ascii_alphanumeric())
}

fn alphabetic(t: &str) -> bool {
    !t.is_empty() && t.bytes().all(|b| b.is_ascii_lowercase())
}

fn build_queries(folded: &Folded, vocab: &Vocabulary<'_>, canaries: &[String], total: usize, seed: u64) -> Vec<Query> {
    let per_class = total.div_ceil(Class::ALL.len()).max(1);
    let mut rng = Rng(seed ^ 0x7a91_c0de);
    let mut out = Vec::new();

    // Rare: half canary tokens (one message each), half words of frequency 2..=10.
    let canary_set: FxHashSet<&str> = canaries.iter().map(String::as_str).collect();
    let mut canary_terms: Vec<&str> =
        canaries.iter().map(String::as_str).filter(|c| plain(c) && (1..=10).contains(&vocab.df(c))).collect();
    canary_terms.sort_unstable();
    let rare_words =
        vocab.terms(|t, n| (2..=10).contains(&n) && t.len() >= 4 && alphabetic(t) && !canary_set.contains(t));
    let mut rare = rng.sample(&rare_words, per_class / 2);
    rare.extend(rng.sample(&canary_terms, per_class - rare.len()));
    if rare.len() < per_class {
        // Small corpora: fill with any rare term.
        let more = vocab.terms(|t, n| n <= 10 && plain(t) && !rare.contains(&t));
        rare.extend(rng.sample(&more, per_class - rare.len()));
    }
    out.extend(rare.into_iter().map(|t| Query::new(Class::Rare, Shape::Term(t.to_owned()))));

    // Common: among the 100 most frequent terms.
    let mut by_df = vocab.terms(|t, _| plain(t));
    by_df.sort_by_key(|t| std::cmp::Reverse(vocab.df(t)));
    by_df.truncate(100);
    for t in rng.sample(&by_df, per_class) {
        out.push(Query::new(Class::Common, Shape::Term(t.to_owned())));
    }

    // Two terms of one real message (AND), of two messages (OR), adjacent (phrase).
    let mut tries = 0;
    let (mut and, mut or, mut phrase) = (0, 0, 0);
    while (and < per_class || or < per_class || phrase < per_class) && tries < 1_000_000 {
        tries += 1;
        let doc = rng.below(folded.len());
        let tokens: Vec<&str> = folded.tokens(doc).collect();
        if tokens.len() < 2 {
            continue;
        }
        if and < per_class {
            let (a, b) = (tokens[rng.below(tokens.len())], tokens[rng.below(tokens.len())]);
            if a != b && plain(a) && plain(b) {
                out.push(Query::new(Class::And, Shape::And(a.to_owned(), b.to_owned())));
                and += 1;
            }
        }
        if or < per_class {
            let other: Vec<&str> = folded.tokens(rng.below(folded.len())).collect();
            if !other.is_empty() {
                let (a, b) = (tokens[rng.below(tokens.len())], other[rng.below(other.len())]);
                if a != b && plain(a) && plain(b) {
                    out.push(Query::new(Class::Or, Shape::Or(a.to_owned(), b.to_owned())));
                    or += 1;
                }
            }
        }
        if phrase < per_class {
            let i = rng.below(tokens.len() - 1);
            let (a, b) = (tokens[i], tokens[i + 1]);
            if a != b && plain(a) && plain(b) {
                out.push(Query::new(Class::Phrase, Shape::Phrase(a.to_owned(), b.to_owned())));
                phrase += 1;
            }
        }
    }

    // Fuzzy: a rare-ish word (frequency 10..=2000, five letters or more) with one letter
    // substituted (never the last, so plural folding leaves it alone); `word~1`.
    let fuzzy_words = vocab.terms(|t, n| (10..=2000).contains(&n) && t.len() >= 5 && alphabetic(t));
    let mut fuzzy = 0;
    let mut tries = 0;
    while fuzzy < per_class && !fuzzy_words.is_empty() && tries < 100_000 {
        tries += 1;
        let word = fuzzy_words[rng.below(fuzzy_words.len())];
        let mut bytes = word.as_bytes().to_vec();
        let at = 1 + rng.below(bytes.len() - 2);
        let letter = b'a' + rng.below(26) as u8;
        if bytes[at] == letter {
            continue;
        }
        bytes[at] = letter;
        let mut edited = String::from_utf8(bytes).unwrap_or_default();
        let before = edited.clone();
        fold_plural(&mut edited);
        if edited != before {
            continue;
        }
        out.push(Query::new(Class::Fuzzy, Shape::Fuzzy(edited)));
        fuzzy += 1;
    }
    out
}

// ---------------------------------------------------------------------------------------------
// 5. Running the queries

/// Per query: latencies in ms (`None`: not run or not applicable) and what came back.
#[derive(Clone, Debug, Default)]
struct Timing {
    tapir_ms: Option<f64>,
    tapir_top1_ms: Option<f64>,
    fts5_ms: Option<f64>,
    fts5_snippet_ms: Option<f64>,
    scan_ms: Option<f64>,
    tapir_hits: usize,
    fts5_hits: usize,
    scan_count: Option<usize>,
    error: Option<String>,
}

const TOP: usize = 20;

fn tapir_search(index: &TapirIndex, query: &str, limit: usize) -> Result<usize, String> {
    let options = SearchOptions { query: query.to_owned(), limit, sort: SortOrder::Score, ..SearchOptions::default() };
    index.search(&options).map(|hits| black_box(hits).len()).map_err(|e| e.to_string())
}

fn fts5_top(stmt: &mut rusqlite::Statement<'_>, expr: &str, with_snippet: bool) -> rusqlite::Result<usize> {
    let mut rows = stmt.query([expr])?;
    let mut n = 0;
    while let Some(row) = rows.next()? {
        black_box(row.get::<_, i64>(0)?);
        if with_snippet {
            black_box(row.get_ref(1)?.as_str()?.len());
        }
        n += 1;
    }
    Ok(n)
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2.0 }
}

/// A time ratio: `0.42`, or `1/250` when under 0.1.
fn ratio(r: f64) -> String {
    if r < 0.1 { format!("1/{:.0}", 1.0 / r) } else { format!("{r:.2}") }
}

/// Nearest-rank percentile of sorted values.
fn percentile(sorted: &[f64], p: f64) -> f64 {
    let rank = ((p / 100.0) * sorted.len() as f64).ceil().max(1.0) as usize;
    sorted[rank.min(sorted.len()) - 1]
}

fn run_queries(
    index: &TapirIndex,
    conn: &rusqlite::Connection,
    folded: &Folded,
    queries: &[Query],
    repeats: usize,
    fts5_repeats: usize,
    scan_per_class: usize,
) -> Result<Vec<Timing>, BoxError> {
    let mut top = conn.prepare(&format!("SELECT rowid FROM t WHERE t MATCH ?1 ORDER BY rank LIMIT {TOP}"))?;
    let mut top_snippet = conn.prepare(&format!(
        "SELECT rowid, snippet(t, 0, '[', ']', '…', 16) FROM t WHERE t MATCH ?1 ORDER BY rank LIMIT {TOP}"
    ))?;
    let mut timings = vec![Timing::default(); queries.len()];
    let ms = |t: Instant| t.elapsed().as_secs_f64() * 1e3;

    // Warm-up: the whole set once per engine, untimed.
    let t = Instant::now();
    for (q, timing) in queries.iter().zip(&mut timings) {
        if let Err(e) = tapir_search(index, &q.tapir, TOP) {
            timing.error = Some(e);
        }
        let _ = tapir_search(index, &q.tapir, 1);
        if let Some(expr) = &q.fts5 {
            fts5_top(&mut top, expr, false)?;
        }
    }
    eprintln!("[run] warm-up {:.1} s", t.elapsed().as_secs_f64());

    // Timed: engines interleaved query by query, so that noise hits them alike.
    let t = Instant::now();
    let mut samples: Vec<[Vec<f64>; 4]> = vec![Default::default(); queries.len()];
    for rep in 0..repeats {
        for (i, q) in queries.iter().enumerate() {
            if timings[i].error.is_some() {
                continue;
            }
            let t0 = Instant::now();
            timings[i].tapir_hits = tapir_search(index, &q.tapir, TOP).unwrap_or(0);
            samples[i][0].push(ms(t0));
            let t0 = Instant::now();
            black_box(tapir_search(index, &q.tapir, 1).unwrap_or(0));
            samples[i][1].push(ms(t0));
            if let Some(expr) = q.fts5.as_ref().filter(|_| rep < fts5_repeats) {
                let t0 = Instant::now();
                timings[i].fts5_hits = fts5_top(&mut top, expr, false)?;
                samples[i][2].push(ms(t0));
                let t0 = Instant::now();
                black_box(fts5_top(&mut top_snippet, expr, true)?);
                samples[i][3].push(ms(t0));
            }
        }
    }
    for (timing, s) in timings.iter_mut().zip(&mut samples) {
        let m = |v: &mut Vec<f64>| (!v.is_empty()).then(|| median(v));
        timing.tapir_ms = m(&mut s[0]);
        timing.tapir_top1_ms = m(&mut s[1]);
        timing.fts5_ms = m(&mut s[2]);
        timing.fts5_snippet_ms = m(&mut s[3]);
    }
    eprintln!("[run] tapir: {repeats} run(s), FTS5: {fts5_repeats}: {:.1} s", t.elapsed().as_secs_f64());

    // The scan: once per query (its cost is linear and steady), a subset of each class if asked.
    let t = Instant::now();
    let mut scanned: BTreeMap<Class, usize> = BTreeMap::new();
    for (q, timing) in queries.iter().zip(&mut timings) {
        let n = scanned.entry(q.class).or_default();
        if *n >= scan_per_class {
            continue;
        }
        *n += 1;
        let t0 = Instant::now();
        let hits = black_box(q.scan(folded));
        timing.scan_ms = Some(ms(t0));
        timing.scan_count = Some(hits.len());
    }
    eprintln!("[run] scan: {:.1} s", t.elapsed().as_secs_f64());
    Ok(timings)
}

/// Hit counts compared, for one query.
#[derive(Clone, Debug)]
struct Check {
    query: usize,
    scan: usize,
    tapir: usize,
    fts5: Option<usize>,
}

/// For every scanned query with at most `cap` hits: tapir's count (a search with a limit
/// above the scan's count; tapir has no count-only search) and FTS5's `count(*)`.
fn sanity_checks(
    index: &TapirIndex,
    conn: &rusqlite::Connection,
    queries: &[Query],
    timings: &[Timing],
    cap: usize,
) -> Result<Vec<Check>, BoxError> {
    let mut count = conn.prepare("SELECT count(*) FROM t WHERE t MATCH ?1")?;
    let mut checks = Vec::new();
    for (i, (q, timing)) in queries.iter().zip(timings).enumerate() {
        let Some(scan) = timing.scan_count else { continue };
        if scan > cap || timing.error.is_some() {
            continue;
        }
        let tapir = tapir_search(index, &q.tapir, scan + 10).unwrap_or(0);
        let fts5 = match &q.fts5 {
            Some(expr) => Some(count.query_row([expr], |r| r.get::<_, i64>(0))? as usize),
            None => None,
        };
        checks.push(Check { query: i, scan, tapir, fts5 });
    }
    Ok(checks)
}

// ---------------------------------------------------------------------------------------------
// 6. Report

struct Report<'a> {
    args: &'a Args,
    machine: Value,
    generation: Generation,
    /// One per load run, in order.
    ingests: Vec<Ingest>,
    export: Export,
    fold_s: f64,
    /// One per load run, each right after the ingest of the same index.
    loads: Vec<Fts5>,
    /// One per load run, right after the FTS5 load.
    floors: Vec<Floor>,
    queries: &'a [Query],
    timings: &'a [Timing],
    checks: &'a [Check],
    documents: usize,
    scan_per_class: usize,
    repeats: usize,
    fts5_repeats: usize,
}

/// p50 and p99 of one engine over one class.
#[derive(Clone, Copy, Debug, Default)]
struct Stat {
    n: usize,
    p50: f64,
    p99: f64,
}

impl Stat {
    fn of(values: impl Iterator<Item = f64>) -> Option<Stat> {
        let mut v: Vec<f64> = values.collect();
        if v.is_empty() {
            return None;
        }
        v.sort_by(f64::total_cmp);
        Some(Stat { n: v.len(), p50: percentile(&v, 50.0), p99: percentile(&v, 99.0) })
    }
    fn json(s: Option<Stat>) -> Value {
        s.map_or(Value::Null, |s| json!({"queries": s.n, "p50_ms": s.p50, "p99_ms": s.p99}))
    }
}

struct ClassRow {
    class: Class,
    queries: usize,
    errors: usize,
    tapir: Option<Stat>,
    tapir_top1: Option<Stat>,
    fts5: Option<Stat>,
    fts5_snippet: Option<Stat>,
    scan: Option<Stat>,
    /// tapir p50 over peer p50, on the same queries where the peer ran a subset.
    tapir_vs_fts5: Option<f64>,
    tapir_vs_fts5_snippet: Option<f64>,
    tapir_vs_scan: Option<f64>,
    median_scan_hits: Option<usize>,
}

impl Report<'_> {
    fn rows(&self) -> Vec<ClassRow> {
        Class::ALL
            .iter()
            .map(|&class| {
                let idx: Vec<usize> = (0..self.queries.len()).filter(|&i| self.queries[i].class == class).collect();
                let t = |f: fn(&Timing) -> Option<f64>| Stat::of(idx.iter().filter_map(|&i| f(&self.timings[i])));
                let scanned: Vec<usize> = idx.iter().copied().filter(|&i| self.timings[i].scan_ms.is_some()).collect();
                let tapir_on_scanned = Stat::of(scanned.iter().filter_map(|&i| self.timings[i].tapir_ms));
                let ratio = |a: Option<Stat>, b: Option<Stat>| Some(a?.p50 / b?.p50);
                let tapir = t(|x| x.tapir_ms);
                let fts5 = t(|x| x.fts5_ms);
                let fts5_snippet = t(|x| x.fts5_snippet_ms);
                let scan = t(|x| x.scan_ms);
                let mut hits: Vec<usize> = scanned.iter().filter_map(|&i| self.timings[i].scan_count).collect();
                hits.sort_unstable();
                ClassRow {
                    class,
                    queries: idx.len(),
                    errors: idx.iter().filter(|&&i| self.timings[i].error.is_some()).count(),
                    tapir,
                    tapir_top1: t(|x| x.tapir_top1_ms),
                    fts5,
                    fts5_snippet,
                    scan,
                    tapir_vs_fts5: ratio(tapir, fts5),
                    tapir_vs_fts5_snippet: ratio(tapir, fts5_snippet),
                    tapir_vs_scan: ratio(tapir_on_scanned, scan),
                    median_scan_hits: hits.get(hits.len() / 2).copied(),
                }
            })
            .collect()
    }

    /// The ingest run of median wall time.
    fn ingest(&self) -> &Ingest {
        median_run(&self.ingests, |i| i.wall_s)
    }

    fn load(&self) -> &Fts5 {
        median_run(&self.loads, |f| f.load_s)
    }

    fn floor(&self) -> &Floor {
        median_run(&self.floors, |f| f.wall_s)
    }

    /// Median over runs of (tapir ingest rate / a peer's rate in the same run).
    fn ingest_over<T>(&self, peers: &[T], peer_rate: impl Fn(&T) -> f64) -> f64 {
        let mut r: Vec<f64> = self
            .ingests
            .iter()
            .zip(peers)
            .map(|(i, p)| (i.logical_messages as f64 / i.wall_s) / peer_rate(p))
            .collect();
        median(&mut r)
    }

    fn ingest_over_load(&self) -> f64 {
        self.ingest_over(&self.loads, |f| f.rows as f64 / f.load_s)
    }

    fn ingest_over_floor(&self) -> f64 {
        self.ingest_over(&self.floors, |f| f.docs as f64 / f.wall_s)
    }

    fn peak_rss_kib(&self) -> Option<u64> {
        self.ingests.iter().filter_map(|i| i.max_rss_kib).max()
    }

    fn print(&self) {
        let g = &self.generation;
        let i = self.ingest();
        let f = self.load();
        let rate = i.logical_messages as f64 / i.wall_s;
        let fts5_rate = f.rows as f64 / f.load_s;
        let runs = self.ingests.len();
        let list = |v: Vec<f64>| v.iter().map(|x| format!("{x:.1}")).collect::<Vec<_>>().join(", ");
        println!();
        println!("## compare: {} messages, {} devices, seed {}", self.args.messages, self.args.devices, self.args.seed);
        println!(
            "command: `CARGO_TARGET_DIR={} {}`",
            std::env::var("CARGO_TARGET_DIR").unwrap_or_default(),
            cargo_command()
        );
        println!("machine: {}; load at end {}", self.machine["summary"].as_str().unwrap_or_default(), loadavg());
        println!(
            "corpus: {} files, {:.2} GB of dumps{}",
            g.files,
            gb(g.dump_bytes),
            g.seconds.map_or(" (reused)".to_owned(), |s| format!(", generated in {s:.1} s"))
        );
        println!();
        println!("| ingest (`tapir ingest`, child process; median of {runs} run(s)) | |");
        println!("| --- | --- |");
        println!(
            "| wall | **{:.1} s** (runs: {} s) |",
            i.wall_s,
            list(self.ingests.iter().map(|x| x.wall_s).collect())
        );
        println!(
            "| logical messages | {} ({} decrypted): **{:.0} msgs/s** |",
            i.logical_messages, i.logical_decrypted, rate
        );
        println!("| message frames | {}: {:.0} frames/s |", i.message_frames, i.message_frames as f64 / i.wall_s);
        if let (Some(u), Some(s)) = (i.user_s, i.system_s) {
            println!("| CPU | user {u:.1} s + system {s:.1} s = {:.0} % of one core |", (u + s) / i.wall_s * 100.0);
        }
        if let Some(k) = self.peak_rss_kib() {
            println!("| peak RSS (`wait4` ru_maxrss, max of the runs) | **{:.0} MiB** |", k as f64 / 1024.0);
        }
        let anon = self.ingests.iter().map(|x| x.sampled.max_anon_kib).max().unwrap_or(0);
        let file = self.ingests.iter().map(|x| x.sampled.max_file_kib).max().unwrap_or(0);
        println!(
            "| of which (sampled every 50 ms, max of the runs) | anonymous (heap) **{:.0} MiB**; file-backed (mapped evidence, page cache) {:.0} MiB |",
            anon as f64 / 1024.0,
            file as f64 / 1024.0
        );
        println!("| phases (`tapir ingest`'s own timings) | {} |", i.phases);
        println!(
            "| index size | {:.2} GB ({:.0} B a logical message) |",
            gb(i.index_bytes),
            i.index_bytes as f64 / i.logical_messages.max(1) as f64
        );
        println!();
        println!("| FTS5 bulk load (SQLite {}, median of {runs} run(s)) | |", f.sqlite_version);
        println!("| --- | --- |");
        println!("| rows (documents with text) | {} ({} notes) |", f.rows, self.export.notes);
        println!(
            "| load (insert + commit) | **{:.1} s** (runs: {} s): **{:.0} rows/s** |",
            f.load_s,
            list(self.loads.iter().map(|x| x.load_s).collect()),
            fts5_rate
        );
        println!("| optimize (merge into one b-tree, before the queries) | {:.1} s |", f.optimize_s);
        println!("| database size | {:.2} GB |", gb(f.db_bytes));
        println!(
            "| tapir ingest rate / FTS5 load rate | **{:.2}** (median of per-run ratios; tapir decodes, decrypts, dedupes and indexes; FTS5 inserts clear text) |",
            self.ingest_over_load()
        );
        let fl = self.floor();
        println!();
        println!(
            "| tantivy floor: the same texts, one text field with positions, nothing else (median of {runs} run(s)) | |"
        );
        println!("| --- | --- |");
        println!(
            "| index + commit ({} threads, tapir's default budget) | **{:.1} s** (runs: {} s): **{:.0} docs/s**; CPU {:.1} s |",
            fl.threads,
            fl.wall_s,
            list(self.floors.iter().map(|x| x.wall_s).collect()),
            fl.docs as f64 / fl.wall_s,
            fl.cpu_s
        );
        println!("| tapir ingest rate / floor rate | **{:.2}** (median of per-run ratios) |", self.ingest_over_floor());
        println!();
        println!(
            "| export (`for_each_document`) | {:.1} s for {} documents; folding for the scan {:.1} s |",
            self.export.seconds, self.export.documents, self.fold_s
        );
        println!();
        println!(
            "Queries: {} documents; latency per query = median of {} runs (FTS5: {}; scan: 1 run), ms; p99 is nearest-rank over the class's queries.",
            self.documents, self.repeats, self.fts5_repeats
        );
        println!();
        println!(
            "| class | n | tapir p50 | tapir p99 | tapir top-1 p50 | FTS5 p50 | FTS5 p99 | FTS5+snippet p50 | scan p50 | scan p99 | tapir/FTS5 | tapir/FTS5+snip | tapir/scan | scan hits (median) |"
        );
        println!("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        let fmt = |s: Option<Stat>, p99: bool| {
            s.map_or("n/a".to_owned(), |s| format!("{:.3}", if p99 { s.p99 } else { s.p50 }))
        };
        let fr = |r: Option<f64>| r.map_or("n/a".to_owned(), ratio);
        for r in self.rows() {
            let scan_n = r.scan.map_or(0, |s| s.n);
            println!(
                "| {} | {}{} | {} | {} | {} | {} | {} | {} | {}{} | {} | {} | {} | {} | {} |",
                r.class.name(),
                r.queries,
                if r.errors > 0 { format!(" ({} errors)", r.errors) } else { String::new() },
                fmt(r.tapir, false),
                fmt(r.tapir, true),
                fmt(r.tapir_top1, false),
                fmt(r.fts5, false),
                fmt(r.fts5, true),
                fmt(r.fts5_snippet, false),
                fmt(r.scan, false),
                if scan_n < r.queries && scan_n > 0 { format!(" ({scan_n} q)") } else { String::new() },
                fmt(r.scan, true),
                fr(r.tapir_vs_fts5),
                fr(r.tapir_vs_fts5_snippet),
                fr(r.tapir_vs_scan),
                r.median_scan_hits.map_or("n/a".to_owned(), |h| h.to_string()),
            );
        }
        println!();
        let (agree, fts5_agree, with_fts5, mismatches) = self.check_summary();
        println!(
            "Hit counts (queries with ≤ {} scan hits): tapir = scan for {agree} of {}; FTS5 = scan for {fts5_agree} of {with_fts5} (FTS5 does not fold plurals).",
            self.args.check_cap,
            self.checks.len()
        );
        for c in mismatches.iter().take(10) {
            println!(
                "  tapir ≠ scan: {:?} ({}): scan {}, tapir {}, FTS5 {:?}",
                self.queries[c.query].tapir,
                self.queries[c.query].class.key(),
                c.scan,
                c.tapir,
                c.fts5
            );
        }
    }

    fn check_summary(&self) -> (usize, usize, usize, Vec<&Check>) {
        let agree = self.checks.iter().filter(|c| c.tapir == c.scan).count();
        let with_fts5 = self.checks.iter().filter(|c| c.fts5.is_some()).count();
        let fts5_agree = self.checks.iter().filter(|c| c.fts5 == Some(c.scan)).count();
        let mismatches = self.checks.iter().filter(|c| c.tapir != c.scan).collect();
        (agree, fts5_agree, with_fts5, mismatches)
    }

    fn json(&self) -> Value {
        let i = self.ingest();
        let f = self.load();
        let rate = i.logical_messages as f64 / i.wall_s;
        let fts5_rate = f.rows as f64 / f.load_s;
        let classes: serde_json::Map<String, Value> = self
            .rows()
            .into_iter()
            .map(|r| {
                (
                    r.class.key().to_owned(),
                    json!({
                        "queries": r.queries,
                        "errors": r.errors,
                        "tapir": Stat::json(r.tapir),
                        "tapir_top1": Stat::json(r.tapir_top1),
                        "fts5": Stat::json(r.fts5),
                        "fts5_snippet": Stat::json(r.fts5_snippet),
                        "scan": Stat::json(r.scan),
                        "ratio_p50_tapir_over_fts5": r.tapir_vs_fts5,
                        "ratio_p50_tapir_over_fts5_snippet": r.tapir_vs_fts5_snippet,
                        "ratio_p50_tapir_over_scan": r.tapir_vs_scan,
                        "median_scan_hits": r.median_scan_hits,
                    }),
                )
            })
            .collect();
        let (agree, fts5_agree, with_fts5, mismatches) = self.check_summary();
        let queries: Vec<Value> = self
            .queries
            .iter()
            .zip(self.timings)
            .map(|(q, t)| {
                json!({
                    "class": q.class.key(), "tapir": q.tapir, "fts5": q.fts5,
                    "tapir_ms": t.tapir_ms, "tapir_top1_ms": t.tapir_top1_ms, "fts5_ms": t.fts5_ms,
                    "fts5_snippet_ms": t.fts5_snippet_ms, "scan_ms": t.scan_ms,
                    "tapir_hits": t.tapir_hits, "fts5_hits": t.fts5_hits, "scan_count": t.scan_count, "error": t.error,
                })
            })
            .collect();
        json!({
            "command": cargo_command(),
            "options": {"messages": self.args.messages, "devices": self.args.devices, "seed": self.args.seed,
                        "queries": self.args.queries, "repeats": self.repeats, "fts5_repeats": self.fts5_repeats,
                        "scan_per_class": self.scan_per_class,
                        "check_cap": self.args.check_cap},
            "machine": {"cores": self.machine["cores"], "cpu": self.machine["cpu"], "mem_kib": self.machine["mem_kib"],
                        "commit": self.machine["commit"], "loadavg_start": self.machine["loadavg_start"], "loadavg_end": loadavg()},
            "corpus": {"files": self.generation.files, "dump_bytes": self.generation.dump_bytes,
                       "generate_seconds": self.generation.seconds, "reused": self.generation.reused},
            "ingest": {"command": i.command, "runs": self.ingests.len(), "median_wall_s": i.wall_s,
                       "logical_messages": i.logical_messages, "logical_decrypted": i.logical_decrypted,
                       "message_frames": i.message_frames, "logical_msgs_per_s": rate,
                       "frames_per_s": i.message_frames as f64 / i.wall_s, "peak_rss_kib_max": self.peak_rss_kib(),
                       "index_bytes": i.index_bytes,
                       "per_run": self.ingests.iter().map(|r| json!({"wall_s": r.wall_s, "user_s": r.user_s,
                           "system_s": r.system_s, "peak_rss_kib": r.max_rss_kib, "exit_code": r.exit_code,
                           "max_rss_anon_kib_sampled": r.sampled.max_anon_kib,
                           "max_rss_file_kib_sampled": r.sampled.max_file_kib, "rss_samples": r.sampled.samples,
                           "phases": r.phases})).collect::<Vec<_>>()},
            "export": {"seconds": self.export.seconds, "documents": self.export.documents, "with_text": f.rows,
                       "notes_with_text": self.export.notes, "without_text": self.export.without_text, "fold_seconds": self.fold_s},
            "fts5": {"sqlite_version": f.sqlite_version, "rows": f.rows, "runs": self.loads.len(),
                     "median_load_s": f.load_s, "rows_per_s": fts5_rate, "db_bytes": f.db_bytes,
                     "per_run": self.loads.iter().map(|r| json!({"load_s": r.load_s, "optimize_s": r.optimize_s}))
                         .collect::<Vec<_>>(),
                     "ratio_tapir_ingest_rate_over_fts5_load_rate": self.ingest_over_load()},
            "tantivy_floor": {"docs": self.floor().docs, "threads": self.floor().threads,
                              "median_wall_s": self.floor().wall_s,
                              "docs_per_s": self.floor().docs as f64 / self.floor().wall_s,
                              "per_run": self.floors.iter().map(|r| json!({"wall_s": r.wall_s, "cpu_s": r.cpu_s}))
                                  .collect::<Vec<_>>(),
                              "ratio_tapir_ingest_rate_over_floor_rate": self.ingest_over_floor()},
            "classes": classes,
            "hit_count_check": {"cap": self.args.check_cap, "checked": self.checks.len(), "tapir_equals_scan": agree,
                                "fts5_checked": with_fts5, "fts5_equals_scan": fts5_agree,
                                "mismatches": mismatches.iter().map(|c| json!({"query": self.queries[c.query].tapir,
                                    "class": self.queries[c.query].class.key(), "scan": c.scan, "tapir": c.tapir, "fts5": c.fts5})).collect::<Vec<_>>()},
            "queries": queries,
        })
    }
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
    let dir = tempfile::tempdir().expect("temporary directory");
    let floor = tantivy_floor(&dir.path().join("floor"), &texts).expect("tantivy floor");
    assert_eq!((floor.docs, dir.path().join("floor").exists()), (1, false));
    assert!(process_cpu_s() > 0.0, "no CPU time read from /proc/self/stat");
    println!("compare: self-check passed (run through `cargo bench --bench compare` to measure)");
}
