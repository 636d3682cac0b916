//! The audit trail (every search, thread, hunt, entities and batch run is recorded, hash-chained;
//! `audit verify` names the first broken record) and `tapir batch`.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::Value;
use tapir::TapirIndex;
use tapir::index::SearchOptions;
use tapir_corpora::GenOptions;

use crate::support::{generated_index, tapir};

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A small corpus and its index, built once per test process.
fn corpus() -> &'static PathBuf {
    static INDEX: OnceLock<PathBuf> = OnceLock::new();
    INDEX.get_or_init(|| {
        generated_index("audit-corpus", &GenOptions { seed: 7, devices: 4, messages: 3000, damage: false }).1
    })
}

/// Words that occur in the corpus: the first long word of some decrypted messages.
fn words(index: &Path, n: usize) -> Vec<String> {
    let index = TapirIndex::open(index).unwrap();
    let hits = index.search(&SearchOptions { query: String::new(), limit: 200, ..SearchOptions::default() }).unwrap();
    let mut words: Vec<String> = hits
        .iter()
        .filter_map(|h| h.text.split_whitespace().find(|w| w.len() >= 5 && w.chars().all(|c| c.is_ascii_lowercase())))
        .map(str::to_owned)
        .collect();
    words.sort();
    words.dedup();
    assert!(words.len() >= n, "too few words: {words:?}");
    words.truncate(n);
    words
}

fn records(index: &Path) -> Vec<Value> {
    let out = tapir(&["audit", "show", "--index", s(index), "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[test]
fn search_and_hunt_append_records_and_show_lists_them() {
    let index = corpus();
    let word = &words(index, 1)[0];
    let before = records(index).len();
    let out = tapir(&["search", "--index", s(index), "--analyst", "agent-7", "--limit", "3", "--json", word]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let hits = String::from_utf8(out.stdout).unwrap().lines().count();
    let out = tapir(&["hunt", "--index", s(index), "--analyst", "agent-7", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let findings = String::from_utf8(out.stdout).unwrap().lines().count();
    let all = records(index);
    assert!(all.len() >= before + 2);
    for (n, r) in all.iter().enumerate() {
        assert_eq!(r["seq"], n as u64);
    }
    let mine: Vec<&Value> = all.iter().filter(|r| r["analyst"] == "agent-7").collect();
    let search = mine.iter().find(|r| r["command"] == "search" && r["arguments"]["query"] == word.as_str()).unwrap();
    assert_eq!(search["results"], hits as u64);
    assert_eq!(search["arguments"]["limit"], 3);
    let hunt = mine.iter().find(|r| r["command"] == "hunt").unwrap();
    assert_eq!(hunt["results"], findings as u64);
    assert!(hunt["time"].as_str().unwrap().ends_with('Z'));
    let out = tapir(&["audit", "verify", "--index", s(index)]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let table = tapir(&["audit", "show", "--index", s(index)]);
    assert!(String::from_utf8_lossy(&table.stdout).contains("agent-7"));
}

/// A log of five records in a directory of its own, for tampering.
fn fresh_log() -> (tempfile::TempDir, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let log = tapir::audit::AuditLog::open(dir.path()).unwrap();
    for n in 0..5 {
        log.append(tapir::audit::Entry {
            analyst: "ana".into(),
            command: "search".into(),
            arguments: tapir::audit::Arguments::of(&serde_json::json!({"query": format!("word{n}")})).unwrap(),
            results: n,
        })
        .unwrap();
    }
    let lines = std::fs::read_to_string(log.path()).unwrap().lines().map(str::to_owned).collect();
    (dir, lines)
}

fn verify_after(lines: &[String], dir: &Path) -> (i32, String) {
    std::fs::write(dir.join("audit.jsonl"), lines.join("\n") + "\n").unwrap();
    let out = tapir(&["audit", "verify", "--index", s(dir)]);
    (out.status.code().unwrap(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn verify_names_the_first_record_after_each_tampering() {
    let (dir, lines) = fresh_log();
    assert_eq!(verify_after(&lines, dir.path()).0, 0);

    let mut changed = lines.clone();
    changed[2] = changed[2].replace("word2", "word9");
    let (code, err) = verify_after(&changed, dir.path());
    assert_eq!(code, 1);
    assert!(err.contains("line 3 (record seq 2)") && err.contains("changed"), "{err}");

    let mut removed = lines.clone();
    removed.remove(1);
    let (code, err) = verify_after(&removed, dir.path());
    assert_eq!(code, 1);
    assert!(err.contains("line 2 (record seq 2)") && err.contains("seq 2 where 1 was expected"), "{err}");

    // A forged record with a correct hash of its own, claiming seq 2, chained to nothing.
    let other = tempfile::tempdir().unwrap();
    let forger = tapir::audit::AuditLog::open(other.path()).unwrap();
    for _ in 0..3 {
        forger
            .append(tapir::audit::Entry {
                analyst: "mallory".into(),
                command: "search".into(),
                arguments: tapir::audit::Arguments::of(&serde_json::json!({"query": "nothing to see"})).unwrap(),
                results: 0,
            })
            .unwrap();
    }
    let forged = std::fs::read_to_string(forger.path()).unwrap().lines().nth(2).unwrap().to_owned();
    let mut inserted = lines.clone();
    inserted.insert(2, forged);
    let (code, err) = verify_after(&inserted, dir.path());
    assert_eq!(code, 1);
    assert!(err.contains("line 3 (record seq 2)") && err.contains("prev"), "{err}");

    let mut swapped = lines.clone();
    swapped.swap(1, 3);
    let (code, err) = verify_after(&swapped, dir.path());
    assert_eq!(code, 1);
    assert!(err.contains("line 2 (record seq 3)"), "{err}");

    let (code, err) = verify_after(&[lines[0].clone(), "not json".into()], dir.path());
    assert_eq!(code, 1);
    assert!(err.contains("line 2") && err.contains("not a valid record"), "{err}");
}

#[test]
fn batch_of_text_and_csv_queries_reports_the_malformed_one_and_runs_the_rest() {
    let index = corpus();
    let w = words(index, 3);
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("queries.txt");
    std::fs::write(&text, format!("# suspects\n{}\n\n{} OR {}\n(unclosed AND {}\n", w[0], w[1], w[2], w[0])).unwrap();
    let csv = dir.path().join("queries.csv");
    std::fs::write(
        &csv,
        format!("id,query,from,to\nq1,{},2000-01-01,\nq2,{},yesterday,\nq3,{},,2100-01-01\n", w[0], w[1], w[2]),
    )
    .unwrap();
    for (file, ok_ids, bad) in [(&text, ["2", "4"], ("5", 5)), (&csv, ["q1", "q3"], ("q2", 3))] {
        let out_dir = dir.path().join(format!("out-{}", file.extension().unwrap().to_str().unwrap()));
        let out = tapir(&["batch", "--index", s(index), s(file), "--out", s(&out_dir), "--limit", "5"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(&format!(":{}: query {}", bad.1, bad.0)), "{stderr}");
        let mut reader = csv::Reader::from_path(out_dir.join("summary.csv")).unwrap();
        assert_eq!(reader.headers().unwrap().iter().collect::<Vec<_>>(), ["id", "query", "hits", "total", "error"]);
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 3);
        for row in &rows {
            if row[0] == *bad.0 {
                assert!(row[4].starts_with(&format!("line {}: ", bad.1)), "{row:?}");
            } else {
                assert!(ok_ids.contains(&&row[0]), "{row:?}");
                let hits: usize = row[2].parse().unwrap();
                let total: usize = row[3].parse().unwrap();
                assert!(hits > 0 && hits <= 5 && total >= hits && row[4].is_empty(), "{row:?}");
            }
        }
        let jsonl = std::fs::read_to_string(out_dir.join("hits.jsonl")).unwrap();
        let hits: Vec<Value> = jsonl.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert!(!hits.is_empty());
        for h in &hits {
            assert!(ok_ids.contains(&h["query_id"].as_str().unwrap()), "{h}");
            assert!(h["sender"].is_string() && h["copies"].is_array());
        }
    }
    // Without --out, --jsonl prints the hits on stdout.
    let out = tapir(&["batch", "--index", s(index), s(&text), "--jsonl"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stdout).lines().all(|l| l.contains("\"query_id\"")));
    assert!(records(index).iter().any(|r| r["command"] == "batch"));
}

/// Regression (issue 11): deleting `audit.jsonl` of an index with audited history gave
/// "intact: 0 record(s)", exit 0. Its head record (`audit.jsonl.head`) shows the trail gone
/// or cut short, and audited commands refuse to start a new one over the loss.
#[test]
fn a_deleted_or_truncated_trail_fails_verify_and_is_not_continued() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("idx");
    let fixture = crate::support::fixture();
    let (keys, dumps) = (fixture.join("keys/seized.keys"), fixture.join("dumps"));
    assert_eq!(tapir(&["ingest", "--index", s(&index), "--keys", s(&keys), s(&dumps)]).status.code(), Some(0));
    for query in ["cash", "rançon"] {
        assert_eq!(tapir(&["search", "--index", s(&index), query]).status.code(), Some(0));
    }
    let out = tapir(&["audit", "verify", "--index", s(&index)]);
    let said = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert!(
        said.contains("intact: 2 record(s); head ") && said.contains("SHA-256 of the last record's line"),
        "{said}"
    );
    let trail = index.join("audit.jsonl");
    let lines = std::fs::read_to_string(&trail).unwrap();

    std::fs::remove_file(&trail).unwrap();
    let out = tapir(&["audit", "verify", "--index", s(&index)]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("line 1 (record seq 0)") && err.contains("the trail is missing") && err.contains("2 record(s)"),
        "{err}"
    );
    for args in [vec!["search", "--index", s(&index), "cash"], vec!["audit", "show", "--index", s(&index)]] {
        let out = tapir(&args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains("is missing") && err.contains("restore the trail"), "{args:?}: {err}");
    }
    assert!(!trail.exists(), "a new trail was started over the lost one");

    std::fs::write(&trail, lines.lines().next().unwrap().to_owned() + "\n").unwrap();
    let out = tapir(&["audit", "verify", "--index", s(&index)]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("line 2 (record seq 1)") && err.contains("records were removed at the end"), "{err}");
}
