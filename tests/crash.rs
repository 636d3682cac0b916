//! Crash safety: an ingest killed with SIGKILL at any moment leaves a usable index, and
//! running the same command again ends exactly where one uninterrupted run ends.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use tapir::crypto::AesGcmSealer;
use tapir_corpora::GenOptions;

use crate::index::all_documents;
use crate::support::{read_json, tapir};

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn ingest_args<'a>(index: &'a Path, keys: &'a Path, dumps: &'a Path, report: &'a Path) -> Vec<&'a str> {
    vec!["ingest", "--index", s(index), "--keys", s(keys), "--report", s(report), s(dumps)]
}

/// Starts an ingest and kills it after `delay`; returns whether it was still running.
fn kill_after(args: &[&str], delay: Duration) -> bool {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tapir"))
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn tapir");
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
