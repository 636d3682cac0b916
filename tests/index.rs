//! Ingest, search, thread and stats against the independent encoder's sample and generated
//! corpora: exact accounting, one document per logical message, rekeying, idempotence.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use crate::support::{fixture, mismatches_with_truth, read_json, tapir};

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn ingest(index: &Path, keys: &[&Path], dumps: &Path, report: Option<&Path>) -> i32 {
    let mut args = vec!["ingest", "--index", s(index)];
    for k in keys {
        args.extend(["--keys", s(k)]);
    }
    if let Some(r) = report {
        args.extend(["--report", s(r)]);
    }
    args.push(s(dumps));
    let out = tapir(&args);
    assert!(out.status.code().is_some(), "ingest died: {}", String::from_utf8_lossy(&out.stderr));
    out.status.code().unwrap()
}

fn search(index: &Path, extra: &[&str]) -> Vec<Value> {
    let mut args = vec!["search", "--index", s(index), "--json"];
    args.extend(extra);
    let out = tapir(&args);
    assert_eq!(out.status.code(), Some(0), "search {extra:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

/// Every document of an index, keyed by (sender, message_id), as `search --json` prints it.
pub fn all_documents(index: &Path) -> BTreeMap<(String, u64), Value> {
    search(index, &["--limit", "10000000", ""])
        .into_iter()
        .map(|mut d| {
            d["score"] = Value::Null;
            ((d["sender"].as_str().unwrap().to_owned(), d["message_id"].as_u64().unwrap()), d)
        })
        .collect()
}

#[test]
fn ingest_report_matches_truth_and_canaries_find_their_one_message() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("idx");
    let report_path = dir.path().join("report.json");
    let corpus = fixture();
    assert_eq!(ingest(&index, &[&corpus.join("keys/seized.keys")], &corpus.join("dumps"), Some(&report_path)), 0);
    let report = read_json(&report_path);
    let truth = read_json(&corpus.join("truth.json"));
    let mismatches = mismatches_with_truth(&report, &truth);
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
    assert_eq!(report["logical_decrypted"], truth["logical_messages_decrypted"]);
    assert!(report["logical_messages"].as_u64() > report["logical_decrypted"].as_u64());

    let canaries = truth["canaries"].as_array().unwrap();
    assert!(canaries.iter().any(|c| c["findable"] == false), "the sample should hold unfindable canaries");
    for c in canaries {
        let hits = search(&index, &[c["token"].as_str().unwrap()]);
        if c["findable"] == true {
            assert_eq!(hits.len(), 1, "canary {c}");
            assert_eq!(hits[0]["sender"], c["sender"]);
            assert_eq!(hits[0]["message_id"], c["message_id"]);
            assert!(!hits[0]["copies"].as_array().unwrap().is_empty());
        } else {
            assert!(hits.is_empty(), "unfindable canary {c} found: {hits:?}");
        }
    }
}

#[test]
fn copies_from_both_phones_merge_into_one_document_with_provenance() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("idx");
    let corpus = fixture();
    ingest(&index, &[&corpus.join("keys/seized.keys")], &corpus.join("dumps"), None);
    let docs = all_documents(&index);
    let two = docs.values().filter(|d| d["copies"].as_array().unwrap().len() == 2).count();
    assert!(two > 100, "expected many messages captured on both phones, got {two}");
    for d in docs.values() {
        let copies = d["copies"].as_array().unwrap();
        if copies.len() == 2 {
            let dirs: Vec<&str> = copies.iter().map(|c| c["direction"].as_str().unwrap()).collect();
            assert!(dirs.contains(&"sent") && dirs.contains(&"received"), "{d}");
            assert_ne!(copies[0]["imei"], copies[1]["imei"]);
        }
        // Every copy points at the bytes of a frame in its file.
        for c in copies {
            let bytes = std::fs::read(c["file"].as_str().unwrap()).unwrap();
            let at = c["offset"].as_u64().unwrap() as usize;
            assert_eq!(&bytes[at..at + 2], &[0xEC, 0x5A], "{c}");
            let frame_type = if d["kind"] == "note" { 0x03 } else { 0x01 };
            assert_eq!(bytes[at + 2], frame_type, "{c}");
        }
    }
    // Messages that never decrypted are indexed too, with their status.
    assert!(docs.values().any(|d| d["status"] == "no_key" && d["text"] == ""));
}

#[test]
fn rekeying_with_a_split_keyring_equals_one_run_and_reingest_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = fixture();
    let keys = std::fs::read_to_string(corpus.join("keys/seized.keys")).unwrap();
    let lines: Vec<&str> = keys.lines().filter(|l| !l.starts_with('#') && !l.is_empty()).collect();
    let (first, second) = lines.split_at(lines.len() / 2);
    let k1 = dir.path().join("k1");
    let k2 = dir.path().join("k2");
    std::fs::write(&k1, first.join("\n")).unwrap();
    std::fs::write(&k2, second.join("\n")).unwrap();

    let once = dir.path().join("once");
    ingest(&once, &[&k1, &k2], &corpus.join("dumps"), None);
    let split = dir.path().join("split");
    ingest(&split, &[&k1], &corpus.join("dumps"), None);
    let before = all_documents(&split);
    ingest(&split, &[&k1, &k2], &corpus.join("dumps"), None);
    let expected = all_documents(&once);
    let after = all_documents(&split);
    assert!(
        before.values().filter(|d| d["status"] == "no_key").count()
            > after.values().filter(|d| d["status"] == "no_key").count()
    );
    assert_eq!(after.len(), expected.len());
    assert!(after == expected, "split-keyring end state differs from a single run");

    ingest(&split, &[&k1, &k2], &corpus.join("dumps"), None);
    assert!(all_documents(&split) == expected, "re-ingesting the same dumps changed the index");
}

#[test]
fn query_syntax_filters_and_sorting() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("idx");
    let corpus = fixture();
    ingest(&index, &[&corpus.join("keys/seized.keys")], &corpus.join("dumps"), None);
    let texts = |hits: &[Value]| hits.iter().map(|h| h["text"].as_str().unwrap().to_lowercase()).collect::<Vec<_>>();

    let phrase = search(&index, &["--limit", "50", "\"chargeur chez\""]);
    assert!(!phrase.is_empty() && texts(&phrase).iter().all(|t| t.contains("chargeur chez")));
    // Accent folding: the query without accents finds the text with them.
    let folded = search(&index, &["--limit", "5", "periph"]);
    assert!(!folded.is_empty() && texts(&folded).iter().all(|t| t.contains("périph")));
    // Fuzzy: one edit away ("chargeur", and the English "charger").
    let fuzzy = search(&index, &["--limit", "100", "chargeir~1"]);
    assert!(texts(&fuzzy).iter().any(|t| t.contains("chargeur")) && texts(&fuzzy).iter().all(|t| t.contains("charge")));
    assert!(search(&index, &["chargeir"]).is_empty());
    let prefix = search(&index, &["--limit", "5", "chargeu*"]);
    assert!(!prefix.is_empty() && texts(&prefix).iter().all(|t| t.contains("chargeu")));
    assert!(search(&index, &["chargeu"]).is_empty(), "a bare prefix must not match as a word");
    let none = search(&index, &["chargeur -chargeur"]);
    assert!(none.is_empty());

    let first = &phrase[0];
    let (a, b) = (first["sender"].as_str().unwrap(), first["recipient"].as_str().unwrap());
    let between = search(&index, &["--between", b, a, "--sort", "time", "--limit", "100000", ""]);
    assert!(
        between
            .iter()
            .all(|h| [a, b].contains(&h["sender"].as_str().unwrap())
                && [a, b].contains(&h["recipient"].as_str().unwrap()))
    );
    let times: Vec<&str> = between.iter().map(|h| h["sent_at"].as_str().unwrap()).collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "--sort time is not in time order");
    let from = times[times.len() / 2];
    let later = search(&index, &["--between", a, b, "--from", from, "--limit", "100000", ""]);
    assert!(later.iter().all(|h| h["sent_at"].as_str().unwrap() >= from) && later.len() < between.len());

    // Notes are indexed and searchable; their sender is the device owner.
    let notes = search(&index, &["--limit", "5", "kind:note"]);
    assert!(!notes.is_empty() && notes.iter().all(|n| n["kind"] == "note" && n["recipient"] == ""));
    let note_word = notes[0]["text"].as_str().unwrap().split_whitespace().max_by_key(|w| w.len()).unwrap().to_owned();
    assert!(
        search(&index, &["--limit", "100", &format!("kind:note AND {note_word}")])
            .iter()
            .any(|n| n["sender"] == notes[0]["sender"] && n["message_id"] == notes[0]["message_id"])
    );

    // CSV: a header and one row per hit, copies summarised.
    let out = tapir(&["search", "--index", s(&index), "--csv", "--limit", "3", "chargeur"]);
    let csv = String::from_utf8(out.stdout).unwrap();
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("sender,message_id,recipient,sent_at,kind,status,score,text,copies"));
    assert_eq!(lines.count(), 3);

    let locked = search(&index, &["--status", "no_key", "--limit", "5", ""]);
    assert!(!locked.is_empty() && locked.iter().all(|h| h["status"] == "no_key"));
    let device = first["copies"][0]["imei"].as_str().unwrap();
    let on_device = search(&index, &["--device", device, "--limit", "50", ""]);
    assert!(on_device.iter().all(|h| h["copies"].as_array().unwrap().iter().any(|c| c["imei"] == device)));
}

#[test]
fn malformed_queries_exit_2_and_point_at_the_problem() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("idx");
    let corpus = fixture();
    ingest(&index, &[&corpus.join("keys/seized.keys")], &corpus.join("dumps"), None);
    for bad in ["\"unclosed phrase", "foo AND (bar", "nosuchfield:x", "sent_at:[2020 TO"] {
        let out = tapir(&["search", "--index", s(&index), bad]);
        assert_eq!(out.status.code(), Some(2), "{bad}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(String::from_utf8_lossy(&out.stderr).contains("query"), "{bad}");
    }
    let out = tapir(&["search", "--index", s(&index), "--from", "yesterday", "x"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn thread_is_in_time_order_with_locked_messages_and_context() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("idx");
    let corpus = fixture();
    ingest(&index, &[&corpus.join("keys/seized.keys")], &corpus.join("dumps"), None);
    // A pair with locked messages: the device with the unseized key.
    let locked = search(&index, &["--status", "no_key", "--limit", "1", ""]);
    let (a, b) = (locked[0]["sender"].as_str().unwrap(), locked[0]["recipient"].as_str().unwrap());
    let out = tapir(&["thread", "--index", s(&index), a, b, "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let msgs: Vec<Value> =
        String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(msgs.iter().any(|m| m["status"] == "no_key"));
    let times: Vec<&str> = msgs.iter().map(|m| m["sent_at"].as_str().unwrap()).collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]));
    let mid = &msgs[msgs.len() / 2];
    let around = format!("{}:{}", mid["sender"].as_str().unwrap(), mid["message_id"]);
    let out = tapir(&["thread", "--index", s(&index), a, b, "--around", &around, "--context", "2", "--json"]);
    let window: Vec<Value> =
        String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(window.len(), 5);
    assert_eq!(window[2]["message_id"], mid["message_id"]);
    let human = tapir(&["thread", "--index", s(&index), a, b, "--copies"]);
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(text.contains("<locked: no_key>") && text.contains("copy: imei"), "{text}");
}

#[test]
fn stats_and_index_errors() {
    let dir = tempfile::tempdir().unwrap();
    let index = dir.path().join("idx");
    let corpus = fixture();
    ingest(&index, &[&corpus.join("keys/seized.keys")], &corpus.join("dumps"), None);
    let out = tapir(&["stats", "--index", s(&index), "--json"]);
    let stats: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(stats["evidence_files"].as_array().unwrap().len(), 10);
    assert_eq!(stats["devices"], 8);
    let truth = read_json(&corpus.join("truth.json"));
    assert_eq!(stats["by_status"]["decrypted"], truth["logical_messages_decrypted"]);
    assert!(stats["notes"].as_u64() > Some(0) && stats["index_bytes"].as_u64() > Some(0));

    // Not an index: a directory with other things in it is refused, not written into.
    let other = dir.path().join("other");
    std::fs::create_dir(&other).unwrap();
    std::fs::write(other.join("thesis.txt"), "mine").unwrap();
    let out = tapir(&[
        "ingest",
        "--index",
        s(&other),
        "--keys",
        s(&corpus.join("keys/seized.keys")),
        s(&corpus.join("dumps")),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a tapir index"));
    assert_eq!(std::fs::read_dir(&other).unwrap().count(), 1);
    let out = tapir(&["search", "--index", s(&dir.path().join("missing")), "x"]);
    assert_eq!(out.status.code(), Some(1));
    // An index of another schema version is refused with both versions named.
    let marker = index.join("tapir-index.json");
    std::fs::write(&marker, r#"{"format": "tapir-index", "schema_version": 999}"#).unwrap();
    let out = tapir(&["stats", "--index", s(&index)]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("schema version 999"));
}
