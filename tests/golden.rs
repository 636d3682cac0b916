//! Golden outputs: every read command of the CLI, run on one generated corpus, prints what it
//! printed when the outputs under `tests/golden/` were recorded, byte for byte.
//!
//! Only what changes from run to run is blanked before comparing: the scratch directory's
//! path (`$DIR`), the audit trail's times and the hashes that chain them (`time`, `prev`,
//! `hash`; the head `audit verify` prints) and the index's size on disk (`index_bytes`, the
//! engine's file layout). Everything else — field names and order, values, row order, exit
//! codes, messages on stderr — is the contract.
//!
//! To record them again (after an intended change, to be listed in its note):
//! `TAPIR_GOLDEN_RECORD=1 cargo test -p tapir-cli --test integration golden`.

use std::path::{Path, PathBuf};

use crate::support::tapir;

/// The corpus: seed, devices and messages of `tapir gen` (damage on: locked messages,
/// corrupt spans, rejected files).
const GEN: [&str; 6] = ["--seed", "5", "--devices", "4", "--messages", "1200"];

/// Handles and a message of the corpus above (a planted drugs conversation).
const A: &str = "stag-quiet42";
const B: &str = "das-kaal77";
const AROUND: &str = "stag-quiet42:38681";

const RECORD_VAR: &str = "TAPIR_GOLDEN_RECORD";

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/golden")
}

/// One command run: its name (the golden file's), arguments, and the files it writes (under
/// the scratch directory) when its output is not stdout.
struct Step {
    name: &'static str,
    args: Vec<String>,
    files: Vec<&'static str>,
    audit: bool,
    /// Prints nothing on stdout (its stderr is the point).
    quiet: bool,
}

fn step(name: &'static str, args: &[&str]) -> Step {
    Step { name, args: args.iter().map(|a| (*a).to_owned()).collect(), files: Vec::new(), audit: false, quiet: false }
}

fn steps(dir: &Path) -> Vec<Step> {
    let index = dir.join("idx").display().to_string();
    let out = |name: &str| dir.join("out").join(name).display().to_string();
    let queries = golden_dir().join("batch-queries.txt").display().to_string();
    let ix = index.as_str();
    let an = ["--analyst", "golden"];
    let with = |mut s: Step, extra: &[&str]| {
        s.args.extend(extra.iter().map(|a| (*a).to_owned()));
        s
    };
    let mut all = vec![
        with(step("search-word.jsonl", &["search", "--index", ix, "--json", "--limit", "all", "barbecue"]), &an),
        with(step("search-word.csv", &["search", "--index", ix, "--csv", "--limit", "all", "barbecue"]), &an),
        with(
            step(
                "search-entities.jsonl",
                &["search", "--index", ix, "--json", "--limit", "5", "--offset", "3", "entity:gps:*"],
            ),
            &an,
        ),
        with(
            step("search-locked.jsonl", &["search", "--index", ix, "--json", "--sort", "time", "status:auth_failed"]),
            &an,
        ),
        with(
            step("search-location.jsonl", &["search", "--index", ix, "--json", "--limit", "all", "kind:location"]),
            &an,
        ),
        Step {
            quiet: true,
            ..with(
                step("search-hint.jsonl", &["search", "--index", ix, "--json", "--sender", "stag-quiet4", "barbecue"]),
                &an,
            )
        },
        with(step("thread.jsonl", &["thread", "--index", ix, "--json", A, B]), &an),
        with(
            step(
                "thread-around.jsonl",
                &["thread", "--index", ix, "--json", "--around", AROUND, "--context", "3", A, B],
            ),
            &an,
        ),
        with(step("hunt.jsonl", &["hunt", "--index", ix, "--json"]), &an),
        with(step("hunt.csv", &["hunt", "--index", ix, "--csv", "--min-level", "low"]), &an),
        with(step("entities.jsonl", &["entities", "--index", ix, "--json"]), &an),
        with(step("entities-gps.jsonl", &["entities", "--index", ix, "--json", "--kind", "gps"]), &an),
        with(step("stats.json", &["stats", "--index", ix, "--json"]), &an),
        with(step("batch-summary.csv", &["batch", "--index", ix, &queries]), &an),
        with(step("batch-hits.jsonl", &["batch", "--index", ix, "--jsonl", "--limit", "3", &queries]), &an),
        with(step("verify.jsonl", &["verify", "--index", ix, "--json", "--files"]), &an),
    ];
    let mut batch =
        with(step("batch-out", &["batch", "--index", ix, "--limit", "2", &queries, "--out", &out("batch")]), &an);
    batch.files = vec!["batch/summary.csv", "batch/hits.jsonl"];
    let mut csv = with(
        step("timeline-csv", &["export", "timeline", "--index", ix, "--format", "csv", "--out", &out("timeline.csv")]),
        &an,
    );
    csv.files = vec!["timeline.csv"];
    let mut jsonl = with(
        step(
            "timeline-jsonl",
            &[
                "export",
                "timeline",
                "--index",
                ix,
                "--format",
                "jsonl",
                "--from",
                "2020-04-01",
                "--to",
                "2020-05-01",
                "--out",
                &out("timeline.jsonl"),
            ],
        ),
        &an,
    );
    jsonl.files = vec!["timeline.jsonl"];
    let mut graphml = with(
        step(
            "graph-graphml",
            &["export", "graph", "--index", ix, "--format", "graphml", "--out", &out("graph.graphml")],
        ),
        &an,
    );
    graphml.files = vec!["graph.graphml"];
    let mut i2 =
        with(step("graph-csv", &["export", "graph", "--index", ix, "--format", "csv", "--out", &out("i2")]), &an);
    i2.files = vec!["i2/nodes.csv", "i2/edges.csv"];
    all.extend([batch, csv, jsonl, graphml, i2]);
    // Last, the trail of every run above.
    let mut show = step("audit-show.jsonl", &["audit", "show", "--index", ix, "--json"]);
    show.audit = true;
    let mut verify = step("audit-verify.txt", &["audit", "verify", "--index", ix]);
    verify.audit = true;
    all.extend([show, verify]);
    all
}

/// `text` with what changes from run to run blanked.
fn normalise(text: &str, dir: &Path, audit: bool) -> String {
    let mut text = text.to_owned();
    let canonical = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_owned());
    for d in [canonical.display().to_string(), dir.display().to_string()] {
        text = text.replace(&d, "$DIR");
    }
    let golden = std::fs::canonicalize(golden_dir()).unwrap_or_else(|_| golden_dir());
    text =
        text.replace(&golden.display().to_string(), "$GOLDEN").replace(&golden_dir().display().to_string(), "$GOLDEN");
    if audit {
        for key in ["time", "prev", "hash"] {
            text = blank_string_field(&text, key);
        }
        text = blank_word_after(&text, "; head ");
    }
    blank_number_field(&text, "index_bytes")
}

/// Every `"key":"…"` with its value replaced by `"-"`.
fn blank_string_field(text: &str, key: &str) -> String {
    let needle = format!("\"{key}\":\"");
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find(&needle) {
        let (head, tail) = rest.split_at(at + needle.len());
        out.push_str(head);
        out.push_str("-\"");
        let mut end = tail.len();
        let mut escaped = false;
        for (i, c) in tail.char_indices() {
            match c {
                '\\' if !escaped => escaped = true,
                '"' if !escaped => {
                    end = i + 1;
                    break;
                }
                _ => escaped = false,
            }
        }
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

/// Every `"key":N` with its number replaced by 0.
fn blank_number_field(text: &str, key: &str) -> String {
    let needle = format!("\"{key}\":");
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find(&needle) {
        let (head, tail) = rest.split_at(at + needle.len());
        out.push_str(head);
        out.push('0');
        rest = tail.trim_start_matches(|c: char| c.is_ascii_digit());
    }
    out.push_str(rest);
    out
}

/// The word after each `marker` replaced by `-`.
fn blank_word_after(text: &str, marker: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find(marker) {
        let (head, tail) = rest.split_at(at + marker.len());
        out.push_str(head);
        out.push('-');
        rest = tail.trim_start_matches(|c: char| c.is_ascii_alphanumeric());
    }
    out.push_str(rest);
    out
}

/// The first line where `got` and `want` differ, for the failure message.
fn first_difference(got: &str, want: &str) -> String {
    for (n, (g, w)) in got.lines().zip(want.lines()).enumerate() {
        if g != w {
            return format!("line {}:\n  got  {g}\n  want {w}", n + 1);
        }
    }
    format!("{} line(s) where {} were recorded", got.lines().count(), want.lines().count())
}

#[test]
fn every_read_command_prints_what_it_printed_when_recorded() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("golden");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("out")).unwrap();
    let corpus = dir.join("corpus");
    let mut gen_args = vec!["gen", "--out", corpus.to_str().unwrap()];
    gen_args.extend(GEN);
    let out = tapir(&gen_args);
    assert!(out.status.success(), "gen: {}", String::from_utf8_lossy(&out.stderr));
    let keys = corpus.join("keys/seized.keys");
    let dumps = corpus.join("dumps");
    let index = dir.join("idx");
    // On one core (taskset, util-linux): documents land in the index's segments in one order,
    // so hits of equal score come in one order too (a parallel ingest spreads them over its
    // writer threads differently from run to run).
    let out = std::process::Command::new("taskset")
        .args([
            "-c",
            "0",
            env!("CARGO_BIN_EXE_tapir"),
            "ingest",
            "--index",
            index.to_str().unwrap(),
            "--keys",
            keys.to_str().unwrap(),
            dumps.to_str().unwrap(),
        ])
        .env("RAYON_NUM_THREADS", "1")
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("run tapir");
    // The corpus has damage (rejected files): exit 3.
    assert_eq!(out.status.code(), Some(3), "ingest: {}", String::from_utf8_lossy(&out.stderr));

    let record = std::env::var_os(RECORD_VAR).is_some();
    let golden = golden_dir();
    let mut outputs: Vec<(String, String)> = Vec::new();
    let mut codes = String::new();
    for s in steps(&dir) {
        let args: Vec<&str> = s.args.iter().map(String::as_str).collect();
        let run = tapir(&args);
        let code = run.status.code().unwrap_or(-1);
        let stderr = normalise(&String::from_utf8_lossy(&run.stderr), &dir, s.audit);
        codes.push_str(&format!("{}: exit {code}\n", s.name));
        for line in stderr.lines() {
            codes.push_str(&format!("{}: stderr: {line}\n", s.name));
        }
        let stdout = String::from_utf8(run.stdout).expect("UTF-8 output");
        if s.files.is_empty() {
            assert!(
                s.quiet == stdout.is_empty(),
                "{}: printed nothing, or something where nothing was expected (stderr: {stderr})",
                s.name
            );
            outputs.push((s.name.to_owned(), normalise(&stdout, &dir, s.audit)));
        } else {
            for f in &s.files {
                let text = std::fs::read_to_string(dir.join("out").join(f))
                    .unwrap_or_else(|e| panic!("{}: {f}: {e} (stderr: {stderr})", s.name));
                assert!(!text.is_empty(), "{}: {f} is empty", s.name);
                outputs.push((format!("{}-{}", s.name, f.replace('/', "-")), normalise(&text, &dir, s.audit)));
            }
        }
    }
    outputs.push(("exit-codes.txt".to_owned(), codes));

    if record {
        for (name, text) in &outputs {
            std::fs::write(golden.join(name), text).unwrap();
        }
        return;
    }
    let mut differences = Vec::new();
    for (name, got) in &outputs {
        match std::fs::read_to_string(golden.join(name)) {
            Ok(want) if &want == got => {}
            Ok(want) => differences.push(format!("{name}: {}", first_difference(got, &want))),
            Err(e) => differences.push(format!("{name}: no golden file ({e}); record with {RECORD_VAR}=1")),
        }
    }
    assert!(differences.is_empty(), "outputs differ from tests/golden/:\n{}", differences.join("\n"));
}
