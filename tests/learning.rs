//! Issue 14 §2 and §3 from the command line: similar conversations, suggestions, the
//! simulated review (`eval --simulate-review`), and their audit records.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::Value;
use tapir_corpora::GenOptions;

use crate::support::{generated_index, read_json, tapir};

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A generated case with a dozen planted conversations, ingested once per test process.
fn case() -> &'static (PathBuf, PathBuf) {
    static CASE: OnceLock<(PathBuf, PathBuf)> = OnceLock::new();
    CASE.get_or_init(|| {
        generated_index("learning-corpus", &GenOptions { seed: 5, devices: 8, messages: 60_000, damage: false })
    })
}

fn json_lines(stdout: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(stdout).lines().map(|l| serde_json::from_str(l).expect("one JSON object a line")).collect()
}

fn audited(index: &Path, command: &str) -> usize {
    std::fs::read_to_string(index.join("audit.jsonl"))
        .unwrap_or_default()
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|r| r["command"] == command)
        .count()
}

fn key(m: &Value) -> (String, u64) {
    (m[0].as_str().unwrap().to_owned(), m[1].as_u64().unwrap())
}

/// From a planted conversation's messages, `similar` ranks a planted conversation of the
/// same category (the same scenario when the corpus repeats one) among its first three,
/// and never the seed's own conversation.
#[test]
fn similar_finds_the_seeds_planted_sibling() {
    let (corpus, index) = case();
    let truth = read_json(&corpus.join("truth.json"));
    let planted = truth["planted"].as_array().unwrap();
    let findable = |p: &Value| p["findable"].as_array().unwrap().iter().all(|f| f == true);
    // A seed whose category has another planted conversation, preferring a repeated scenario.
    let pick = planted
        .iter()
        .filter(|p| findable(p))
        .find(|p| planted.iter().filter(|q| q["scenario"] == p["scenario"]).count() > 1)
        .or_else(|| {
            planted
                .iter()
                .filter(|p| findable(p))
                .find(|p| planted.iter().filter(|q| q["category"] == p["category"] && findable(q)).count() > 1)
        })
        .expect("the corpus plants two conversations of one category");
    let same_scenario = planted.iter().filter(|q| q["scenario"] == pick["scenario"]).count() > 1;
    let seed: Vec<(String, u64)> = pick["messages"].as_array().unwrap().iter().map(key).collect();
    let siblings: BTreeSet<(String, u64)> = planted
        .iter()
        .filter(|q| *q != pick)
        .filter(|q| if same_scenario { q["scenario"] == pick["scenario"] } else { q["category"] == pick["category"] })
        .flat_map(|q| q["messages"].as_array().unwrap().iter().map(key))
        .collect();
    let mut args = vec!["similar", "--index", s(index), "--limit", "3", "--json", "--message"];
    let seeds: Vec<String> = seed.iter().map(|(sender, id)| format!("{sender}:{id}")).collect();
    args.extend(seeds.iter().map(String::as_str));
    let before = audited(index, "similar");
    let out = tapir(&args);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let lines = json_lines(&out.stdout);
    assert!(!lines.is_empty() && lines.len() <= 3);
    let messages = |l: &Value| -> Vec<(String, u64)> {
        l["messages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| (m["sender"].as_str().unwrap().to_owned(), m["message_id"].as_u64().unwrap()))
            .collect()
    };
    assert!(
        lines.iter().any(|l| messages(l).iter().any(|m| siblings.contains(m))),
        "no sibling of {} among {:?}",
        pick["scenario"],
        lines.iter().map(|l| l["terms"].clone()).collect::<Vec<_>>()
    );
    assert!(lines.iter().all(|l| messages(l).iter().all(|m| !seed.contains(m))), "the seed's conversation is left out");
    for l in &lines {
        for field in ["conversation", "score", "participants", "first_at", "last_at", "terms"] {
            assert!(!l[field].is_null(), "{field} in {l}");
        }
    }
    assert_eq!(audited(index, "similar"), before + 1);
    // A message the index does not hold is the user's mistake.
    let out = tapir(&["similar", "--index", s(index), "--message", "nobody:1"]);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
}

/// One JSON object per batch, for both rankings; reviewed counts grow by at most the batch
/// and strictly within each ranking, messages read never fall, recall stays in [0, 1].
#[test]
fn simulated_review_prints_one_object_per_batch() {
    let (corpus, index) = case();
    for handicap in [None, Some("half")] {
        let mut args = vec!["eval", "--corpus", s(corpus), "--index", s(index), "--simulate-review", "4", "--json"];
        if let Some(h) = handicap {
            args.extend(["--handicap", h]);
        }
        let before = audited(index, "eval");
        let out = tapir(&args);
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        let lines = json_lines(&out.stdout);
        for ranking in ["learned", "rules"] {
            let curve: Vec<&Value> = lines.iter().filter(|l| l["ranking"] == ranking).collect();
            assert!(!curve.is_empty(), "{ranking} ({handicap:?}): {lines:?}");
            let mut last = (0, 0);
            for p in curve {
                let o = p.as_object().unwrap();
                assert_eq!(o.len(), 4, "{p}");
                let reviewed = p["reviewed"].as_u64().unwrap();
                let read = p["messages_read"].as_u64().unwrap();
                assert!(reviewed > last.0 && reviewed <= last.0 + 4, "{ranking}: {reviewed} after {}", last.0);
                assert!(read >= last.1 && read >= reviewed, "{p}");
                let recall = p["recall"].as_object().unwrap();
                let categories: Vec<&str> = recall.keys().map(String::as_str).collect();
                assert_eq!(categories, ["drugs", "kidnapping", "weapons"]);
                assert!(recall.values().all(|r| (0.0..=1.0).contains(&r.as_f64().unwrap())));
                last = (reviewed, read);
            }
        }
        assert_eq!(audited(index, "eval"), before + 1);
    }
    let out = tapir(&["eval", "--corpus", s(corpus), "--index", s(index), "--simulate-review", "0"]);
    assert_eq!(out.status.code(), Some(2));
    let out =
        tapir(&["eval", "--corpus", s(corpus), "--index", s(index), "--simulate-review", "3", "--handicap", "most"]);
    assert_eq!(out.status.code(), Some(2));
}

/// Suggestions are JSON lines with a finding id `tapir review` takes; a reviewed finding is
/// no longer suggested; each run is audited.
#[test]
fn suggest_lists_unreviewed_segments_and_learns_from_reviews() {
    let (_, index) = case();
    let before = audited(index, "suggest");
    let run = || {
        let out = tapir(&["suggest", "--index", s(index), "--category", "drugs", "--limit", "5", "--json"]);
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        json_lines(&out.stdout)
    };
    let lines = run();
    assert!(!lines.is_empty() && lines.len() <= 5);
    for l in &lines {
        assert_eq!(l["category"], "drugs");
        assert!(l["finding"].as_str().unwrap().starts_with("drugs:"));
        let p = l["probability"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&p));
        assert!(l["flagged_by_rules"].is_boolean() && !l["messages"].as_array().unwrap().is_empty());
    }
    let top = lines[0]["finding"].as_str().unwrap().to_owned();
    let out = tapir(&["review", "--index", s(index), &top, "dismissed"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let after = run();
    assert!(after.iter().all(|l| l["finding"] != top.as_str()), "{top} was reviewed");
    assert_eq!(audited(index, "suggest"), before + 2);
    let out = tapir(&["suggest", "--index", s(index), "--category", "watchlist"]);
    assert_eq!(out.status.code(), Some(2));
}

/// An index without messages: no suggestion, no similar conversation, no panic.
#[test]
fn an_empty_index_suggests_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (dumps, index) = (dir.path().join("dumps"), dir.path().join("idx"));
    std::fs::create_dir(&dumps).unwrap();
    let keys = crate::support::fixture().join("keys/seized.keys");
    let out = tapir(&["ingest", "--index", s(&index), "--keys", s(&keys), s(&dumps)]);
    assert!(matches!(out.status.code(), Some(0) | Some(3)), "{}", String::from_utf8_lossy(&out.stderr));
    let out = tapir(&["suggest", "--index", s(&index), "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.is_empty());
    let out = tapir(&["similar", "--index", s(&index), "--finding", "drugs:00000000000000aa"]);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
}

/// A segment window out of range is refused, in the CLI and in the library, never clamped.
#[test]
fn a_window_out_of_range_is_refused() {
    let (_, index) = case();
    for window in ["0", "1001", "-3", "many"] {
        for command in [&["suggest"][..], &["similar", "--finding", "drugs:00000000000000aa"]] {
            let given = format!("--window={window}");
            let mut args = command.to_vec();
            args.extend(["--index", s(index), &given]);
            let out = tapir(&args);
            assert_eq!(out.status.code(), Some(2), "{args:?}");
            assert!(String::from_utf8_lossy(&out.stderr).contains("1 to 1000"), "{args:?}");
        }
    }
    let case = tapir::Case::open(index, tapir::Analyst::new("window-test").unwrap()).unwrap();
    let before = audited(index, "suggest");
    let rules = tapir::rules::builtin().unwrap();
    for window in [0, tapir::learning::segments::MAX_WINDOW + 1] {
        let options = tapir::learning::SuggestOptions::default();
        let suggested = case.suggest(&rules, window, &options, &tapir::index::SilentProgress, &());
        assert!(
            matches!(suggested, Err(tapir::CaseError::Learning(tapir::learning::LearningError::Window(w))) if w == window)
        );
    }
    assert_eq!(audited(index, "suggest"), before, "a refused read is not recorded");
}
