//! Crash safety: an ingest killed with SIGKILL at any moment leaves a usable index, and
//! running the same command again ends exactly where one uninterrupted run ends.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use tapir::crypto::AesGcmSealer;
use tapir_corpora::GenOptions;

use crate::index::all_documents;
use crate::support::{copy_dir, read_json, tapir};

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn ingest_args<'a>(index: &'a Path, keys: &'a Path, dumps: &'a Path, report: &'a Path) -> Vec<&'a str> {
    vec!["ingest", "--index", s(index), "--keys", s(keys), "--report", s(report), s(dumps)]
}

/// Starts an ingest and kills it after `delay`; returns whether it was still running.
fn kill_after(args: &[&str], delay: Duration) -> bool {
    let mut child = spawn(args);
    std::thread::sleep(delay);
    let running = child.try_wait().expect("try_wait").is_none();
    child.kill().ok(); // SIGKILL on Unix
    child.wait().ok();
    running
}

#[test]
fn sigkill_at_random_points_then_rerun_gives_exact_counts() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    let options = GenOptions { seed: 77, devices: 10, messages: 30_000, damage: true };
    tapir_corpora::generate(&corpus, &options, &AesGcmSealer, &|_| {}).unwrap();
    let (keys, dumps) = (corpus.join("keys/seized.keys"), corpus.join("dumps"));
    let truth = read_json(&corpus.join("truth.json"));

    let reference = dir.path().join("reference");
    let report = dir.path().join("report.json");
    let started = Instant::now();
    let out = tapir(&ingest_args(&reference, &keys, &dumps, &report));
    let clean = started.elapsed();
    assert_eq!(out.status.code(), Some(3), "{}", String::from_utf8_lossy(&out.stderr)); // the corpus has rejected files
    let expected = all_documents(&reference);
    assert_eq!(read_json(&report)["logical_decrypted"], truth["logical_messages_decrypted"]);

    // Kill points spread over the whole run (creation, hashing, decoding, indexing, commit),
    // some twice in a row on the same index before it is ever completed.
    let mut killed_mid_run = 0;
    for (i, fraction) in [0.02, 0.1, 0.25, 0.4, 0.55, 0.7, 0.85, 0.97].iter().enumerate() {
        let index = dir.path().join(format!("killed-{i}"));
        let delay = clean.mul_f64(*fraction);
        killed_mid_run += usize::from(kill_after(&ingest_args(&index, &keys, &dumps, &report), delay));
        if i % 2 == 1 {
            killed_mid_run += usize::from(kill_after(&ingest_args(&index, &keys, &dumps, &report), delay / 2));
        }
        // Usable after the kill: read commands work or say there is nothing yet.
        let stats = tapir(&["stats", "--index", s(&index), "--json"]);
        assert!(matches!(stats.status.code(), Some(0) | Some(1)), "stats after kill {i}");
        if stats.status.code() == Some(1) {
            let err = String::from_utf8_lossy(&stats.stderr);
            assert!(err.contains("run `tapir ingest` first") || err.contains("does not exist"), "kill {i}: {err}");
        }
        let rerun = tapir(&ingest_args(&index, &keys, &dumps, &report));
        assert_eq!(rerun.status.code(), Some(3), "rerun {i}: {}", String::from_utf8_lossy(&rerun.stderr));
        let report = read_json(&report);
        assert_eq!(report["logical_decrypted"], truth["logical_messages_decrypted"], "kill {i}");
        assert!(all_documents(&index) == expected, "kill {i} at {delay:?}: index differs from an uninterrupted run");
    }
    assert!(killed_mid_run >= 6, "only {killed_mid_run} kills landed while ingest ran; the test proves little");
}

/// An index to add to: a generated corpus's dump files dealt into two directories, the first
/// half ingested into `base`. Ingesting `added` into it merges copies into existing
/// documents, so that commit deletes documents of the existing segments (writes `.del` files).
struct AddCase {
    keys: PathBuf,
    added: PathBuf,
    truth: serde_json::Value,
    base: PathBuf,
    report: PathBuf,
}

fn add_case(dir: &Path, seed: u64) -> AddCase {
    let (keys, base_dumps, added, truth) = split_corpus(dir, seed);
    let (base, report) = (dir.join("base"), dir.join("report.json"));
    ingest_ok(&base, &keys, &base_dumps, &report);
    AddCase { keys, added, truth, base, report }
}

fn split_corpus(dir: &Path, seed: u64) -> (PathBuf, PathBuf, PathBuf, serde_json::Value) {
    let corpus = dir.join("corpus");
    let options = GenOptions { seed, devices: 8, messages: 12_000, damage: false };
    tapir_corpora::generate(&corpus, &options, &AesGcmSealer, &|_| {}).unwrap();
    let (base, added) = (dir.join("base-dumps"), dir.join("added-dumps"));
    std::fs::create_dir_all(&base).unwrap();
    std::fs::create_dir_all(&added).unwrap();
    let mut dumps: Vec<PathBuf> = std::fs::read_dir(corpus.join("dumps")).unwrap().map(|e| e.unwrap().path()).collect();
    dumps.sort();
    for (i, dump) in dumps.iter().enumerate() {
        let half = if i % 2 == 0 { &base } else { &added };
        std::fs::copy(dump, half.join(dump.file_name().unwrap())).unwrap();
    }
    (corpus.join("keys/seized.keys"), base, added, read_json(&corpus.join("truth.json")))
}

fn ingest_ok(index: &Path, keys: &Path, dumps: &Path, report: &Path) {
    let out = tapir(&ingest_args(index, keys, dumps, report));
    assert_eq!(out.status.code(), Some(0), "ingest {}: {}", dumps.display(), String::from_utf8_lossy(&out.stderr));
}

fn meta_json(index: &Path) -> serde_json::Value {
    read_json(&index.join("tantivy/meta.json"))
}

/// The ids of the segments of an index's last commit, as tantivy names their files.
fn segment_ids(index: &Path) -> Vec<String> {
    meta_json(index)["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["segment_id"].as_str().unwrap().replace('-', ""))
        .collect()
}

/// The files of an index's tantivy directory that its last commit does not reference
/// (tantivy's own `meta.json`, `.managed.json` and lock files aside).
fn unreferenced_files(index: &Path) -> Vec<String> {
    let mut referenced = std::collections::HashSet::new();
    for segment in meta_json(index)["segments"].as_array().unwrap() {
        let id = segment["segment_id"].as_str().unwrap().replace('-', "");
        for ext in ["idx", "pos", "term", "store", "fast", "fieldnorm"] {
            referenced.insert(format!("{id}.{ext}"));
        }
        if let Some(opstamp) = segment["deletes"]["opstamp"].as_u64() {
            referenced.insert(format!("{id}.{opstamp}.del"));
        }
    }
    std::fs::read_dir(index.join("tantivy"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|name| !name.starts_with('.') && name != "meta.json" && !referenced.contains(name))
        .collect()
}

/// Regression (issue 11): a run killed during its commit left `<segment>.<opstamp>.del`,
/// not referenced by `meta.json`, and every later run failed with `FileAlreadyExists`. The
/// orphans are planted here exactly as such a kill leaves them (the opstamp is the one the
/// same run commits with, read from an uninterrupted copy), with a made-up segment file and
/// a temporary beside them: the rerun must succeed and end where an uninterrupted run ends.
#[test]
fn files_no_commit_references_never_block_the_next_run() {
    let dir = tempfile::tempdir().unwrap();
    let AddCase { keys, added: added_dumps, base, report, .. } = add_case(dir.path(), 41);

    let uninterrupted = dir.path().join("uninterrupted");
    copy_dir(&base, &uninterrupted);
    ingest_ok(&uninterrupted, &keys, &added_dumps, &report);
    let expected = all_documents(&uninterrupted);
    let opstamp = meta_json(&uninterrupted)["opstamp"].as_u64().unwrap();
    let orphans: Vec<String> = segment_ids(&base).iter().map(|id| format!("{id}.{opstamp}.del")).collect();
    // The premise: the uninterrupted run did write deletes of an existing segment under a
    // planted name (so the rerun below writes it again).
    let written: Vec<String> = std::fs::read_dir(uninterrupted.join("tantivy"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert!(orphans.iter().any(|o| written.contains(o)), "no planted name among {written:?}");

    let planted = dir.path().join("planted");
    copy_dir(&base, &planted);
    let strays = ["0123456789abcdef0123456789abcdef.term", "0123456789abcdef0123456789abcdef.7.del", ".tmpAbC123"];
    for name in orphans.iter().map(String::as_str).chain(strays) {
        std::fs::write(planted.join("tantivy").join(name), b"left by a killed run").unwrap();
    }
    let rerun = tapir(&ingest_args(&planted, &keys, &added_dumps, &report));
    assert_eq!(rerun.status.code(), Some(0), "rerun: {}", String::from_utf8_lossy(&rerun.stderr));
    assert!(all_documents(&planted) == expected, "the rerun differs from an uninterrupted run");
    for stray in strays {
        assert!(!planted.join("tantivy").join(stray).exists(), "{stray} was not removed");
    }
}

/// The files of a running ingest's tantivy directory, polled until one ends with `.del`
/// (its commit is writing deletes) or the process ends; the time from `started`.
/// Tries per kill slot before it counts as a kill that came too late.
const KILL_ATTEMPTS: u32 = 4;

fn wait_for_deletes(tantivy_dir: &Path, child: &mut std::process::Child, started: Instant) -> Option<Duration> {
    loop {
        if child.try_wait().expect("try_wait").is_some() {
            return None;
        }
        let deleting = std::fs::read_dir(tantivy_dir)
            .map(|d| d.filter_map(Result::ok).any(|e| e.file_name().to_string_lossy().ends_with(".del")))
            .unwrap_or(false);
        if deleting {
            return Some(started.elapsed());
        }
        std::thread::sleep(Duration::from_micros(200));
    }
}

fn spawn(args: &[&str]) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_tapir"))
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn tapir")
}

/// Issue 11: runs that add to an existing index, killed densely through their commit (the
/// serialisation of the new segments, the deletes of existing ones, `meta.json`), then run
/// again: every rerun succeeds and gives exactly what one uninterrupted run gives.
///
/// Kill points: a clean run is timed (spawn to its first `.del` file, and to its exit); then
/// some runs are killed at times spread over the stretch before the deletes (segments being
/// finished), others a delay after their own first `.del` appears (polled), spread up to
/// their exit: from the deletes through `meta.json` to garbage collection.
#[test]
fn sigkill_through_a_commit_that_adds_to_an_index_then_rerun_gives_exact_counts() {
    let dir = tempfile::tempdir().unwrap();
    let AddCase { keys, added: added_dumps, truth, base, report } = add_case(dir.path(), 43);

    let clean = dir.path().join("clean");
    copy_dir(&base, &clean);
    let args = ingest_args(&clean, &keys, &added_dumps, &report);
    let started = Instant::now();
    let mut child = spawn(&args);
    let to_deletes = wait_for_deletes(&clean.join("tantivy"), &mut child, started).expect("the run deletes");
    assert!(child.wait().unwrap().success());
    let to_exit = started.elapsed();
    let expected = all_documents(&clean);
    assert_eq!(read_json(&report)["logical_decrypted"], truth["logical_messages_decrypted"]);

    let before_deletes = (1..=6).map(|j| (to_deletes.mul_f64(1.0 - 0.025 * j as f64), false));
    let after_deletes = (0..=8).map(|k| ((to_exit.saturating_sub(to_deletes)).mul_f64(k as f64 / 8.0), true));
    let (mut landed, mut orphaned) = (0, 0);
    for (i, (planned, after_polled_deletes)) in before_deletes.chain(after_deletes).enumerate() {
        let index = dir.path().join(format!("killed-{i}"));
        // On a loaded machine a run can finish before its kill: the slot is tried again
        // with half the delay (a few times), so that the kills stay spread through the commit.
        let mut delay = planned;
        for attempt in 0..KILL_ATTEMPTS {
            copy_dir(&base, &index);
            let args = ingest_args(&index, &keys, &added_dumps, &report);
            let started = Instant::now();
            let mut child = spawn(&args);
            if after_polled_deletes {
                wait_for_deletes(&index.join("tantivy"), &mut child, started);
            }
            std::thread::sleep(delay);
            let running = child.try_wait().expect("try_wait").is_none();
            child.kill().ok(); // SIGKILL on Unix
            child.wait().ok();
            if running || attempt + 1 == KILL_ATTEMPTS {
                landed += usize::from(running);
                break;
            }
            std::fs::remove_dir_all(&index).unwrap();
            delay /= 2;
        }
        let args = ingest_args(&index, &keys, &added_dumps, &report);
        orphaned += usize::from(!unreferenced_files(&index).is_empty());
        // Reads see the previous commit or the new one, never an error.
        let stats = tapir(&["stats", "--index", s(&index), "--json"]);
        assert_eq!(stats.status.code(), Some(0), "stats after kill {i}: {}", String::from_utf8_lossy(&stats.stderr));
        let rerun = tapir(&args);
        assert_eq!(
            rerun.status.code(),
            Some(0),
            "rerun {i} (killed at {delay:?}): {}",
            String::from_utf8_lossy(&rerun.stderr)
        );
        assert_eq!(read_json(&report)["logical_decrypted"], truth["logical_messages_decrypted"], "kill {i}");
        assert!(all_documents(&index) == expected, "kill {i} at {delay:?}: index differs from an uninterrupted run");
        std::fs::remove_dir_all(&index).unwrap();
    }
    eprintln!("{landed} of 15 kills landed while the run was going; {orphaned} left files no commit references");
    assert!(landed >= 10, "only {landed} kills landed while ingest ran; the test proves little");
}
