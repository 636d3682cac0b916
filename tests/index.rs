//! Ingest, search, thread and stats against the independent encoder's sample and generated
//! corpora: exact accounting, one document per logical message, rekeying, idempotence.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::Value;
use tapir::TapirIndex;
use tapir::entities::{EntityKind, Watchlist, extract_with_lang, normalise};
use tapir::index::{EntityReport, Hit, HuntOptions, SearchOptions};
use tapir::rules::Level;
use tapir_corpora::GenOptions;

use crate::support::{fixture, generated_index, mismatches_with_truth, read_json, tapir};

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
    search(index, &["--limit", "all", ""])
        .into_iter()
        .map(|mut d| {
            // Ties of score (all equal here) and so ranks follow the index's segments.
            d["score"] = Value::Null;
            d["rank"] = Value::Null;
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
    // A word, not query syntax (`20:00?` would name a field): which note comes first varies
    // with the segments a parallel ingest writes.
    let note_word = notes[0]["text"]
        .as_str()
        .unwrap()
        .split(|c: char| !c.is_alphanumeric())
        .max_by_key(|w| w.len())
        .unwrap()
        .to_owned();
    assert!(
        search(&index, &["--limit", "100", &format!("kind:note AND {note_word}")])
            .iter()
            .any(|n| n["sender"] == notes[0]["sender"] && n["message_id"] == notes[0]["message_id"])
    );

    // CSV: a header and one row per hit, copies summarised.
    let out = tapir(&["search", "--index", s(&index), "--csv", "--limit", "3", "chargeur"]);
    let csv = String::from_utf8(out.stdout).unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("sender,message_id,recipient,sent_at,kind,status,score,text,copies,location,rank,total")
    );
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
    // Version 1 had no entities; version 2 cut decomposed words in two (issue 11); version 3
    // had no facet columns; version 4 did not store entities.
    for old in [1, 2, 3, 4] {
        std::fs::write(&marker, format!(r#"{{"format": "tapir-index", "schema_version": {old}}}"#)).unwrap();
        let out = tapir(&["entities", "--index", s(&index)]);
        assert_eq!(out.status.code(), Some(1));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(&format!("schema version {old}; this tapir reads version 5: ingest its evidence")),
            "{err}"
        );
    }
}

/// A generated corpus with planted entities of most kinds (wallets, IBAN, phone, positions,
/// amounts), and its index: built once per test process in cargo's scratch directory, shared
/// by the entity tests. Returns (corpus, index).
fn entity_corpus() -> &'static (PathBuf, PathBuf) {
    static CORPUS: OnceLock<(PathBuf, PathBuf)> = OnceLock::new();
    CORPUS.get_or_init(|| {
        generated_index("entities-corpus", &GenOptions { seed: 4, devices: 6, messages: 12_000, damage: true })
    })
}

/// The (kind, normalised value) a truth entity was indexed as: read in its message, in the
/// message's language, as ingest reads it.
fn indexed_as(hit: &Hit, kind: &str, written: &str) -> Option<(EntityKind, String)> {
    extract_with_lang(&hit.text, hit.lang.as_str())
        .into_iter()
        .find(|e| e.kind.as_str() == kind && hit.text[e.span.clone()] == *written)
        .map(|e| (e.kind, e.value))
}

fn documents(index: &TapirIndex) -> BTreeMap<(String, u64), Hit> {
    let mut docs = BTreeMap::new();
    index
        .for_each_document(|hit| {
            docs.insert((hit.sender.clone(), hit.message_id), hit);
            Ok::<_, tapir::IndexError>(())
        })
        .unwrap();
    docs
}

fn lib_search(index: &TapirIndex, query: &str) -> Vec<(String, u64)> {
    let options = SearchOptions { query: query.to_owned(), limit: 10_000, ..SearchOptions::default() };
    let hits = index.search(&options).unwrap_or_else(|e| panic!("{query}: {e}"));
    hits.into_iter().map(|h| (h.sender, h.message_id)).collect()
}

#[test]
fn every_findable_planted_entity_is_listed_with_its_message_and_searchable() {
    let (corpus, index_dir) = entity_corpus();
    let truth: tapir_corpora::truth::Truth = serde_json::from_value(read_json(&corpus.join("truth.json"))).unwrap();
    let kinds: BTreeSet<&str> = truth.entities.iter().map(|e| e.kind.as_str()).collect();
    assert!(truth.entities.len() >= 8 && kinds.len() >= 4, "too few planted entities: {:?}", truth.entities);
    let index = TapirIndex::open(index_dir).unwrap();
    let reports = index.entities(None, None).unwrap();
    let docs = documents(&index);
    let report_of = |kind: EntityKind, value: &str| reports.iter().find(|r| r.kind == kind && r.value == value);

    let keys: Vec<(EntityKind, &str)> = reports.iter().map(|r| (r.kind, r.value.as_str())).collect();
    assert!(keys.windows(2).all(|w| w[0] < w[1]), "not sorted by kind then value, or duplicated");
    for r in &reports {
        assert!(!r.messages.is_empty() && !r.value.contains(':'), "{r:?}");
        assert!(r.messages.windows(2).all(|w| w[0].sent_at <= w[1].sent_at), "{r:?}");
    }

    let mut checked = 0;
    for t in &truth.entities {
        let key = (t.sender.clone(), t.message_id);
        if !t.findable {
            // Its message never decrypted: no entity can point at it.
            assert!(!reports.iter().any(|r| r.messages.iter().any(|m| (&m.sender, m.message_id) == (&key.0, key.1))));
            continue;
        }
        let hit = docs.get(&key).unwrap_or_else(|| panic!("{t:?}: message not indexed"));
        let (kind, value) = indexed_as(hit, &t.kind, &t.value).unwrap_or_else(|| panic!("{t:?} not in {hit:?}"));
        let report = report_of(kind, &value).unwrap_or_else(|| panic!("{t:?}: {kind}:{value} not listed"));
        let m = report
            .messages
            .iter()
            .find(|m| m.sender == t.sender && m.message_id == t.message_id)
            .unwrap_or_else(|| panic!("{t:?}: message not listed under {kind}:{value}"));
        assert_eq!((m.recipient.as_str(), m.sent_at, m.record), (hit.recipient.as_str(), hit.sent_at, "message"));
        for query in [format!("entity:\"{value}\""), format!("entity:\"{kind}:{value}\"")] {
            assert!(lib_search(&index, &query).contains(&key), "{query} misses {t:?}");
        }
        // As written in the message (search normalises it), unless only the message's
        // language tells how to read it (a compact 06… phone number).
        if normalise(&t.value) == value {
            assert!(lib_search(&index, &format!("entity:\"{}\"", t.value)).contains(&key), "{t:?} as written");
        }
        checked += 1;
    }
    assert!(checked >= 8, "{checked}");

    // One kind: the same reports, filtered.
    for kind in EntityKind::ALL {
        let only: Vec<EntityReport> = reports.iter().filter(|r| r.kind == kind).cloned().collect();
        assert_eq!(index.entities(Some(kind), None).unwrap(), only, "{kind}");
    }
    // Location bodies give positions too.
    assert!(reports.iter().any(|r| r.kind == EntityKind::Gps
        && r.messages.iter().any(|m| docs[&(m.sender.clone(), m.message_id)].kind == tapir::index::Kind::Location)));

    // The command line: unquoted values, `+` and tagged forms included.
    for t in truth.entities.iter().filter(|t| t.findable && t.kind != "amount") {
        let (kind, value) = indexed_as(&docs[&(t.sender.clone(), t.message_id)], &t.kind, &t.value).unwrap();
        for query in [format!("entity:{value}"), format!("entity:{kind}:{value}")] {
            let hits = search(index_dir, &["--limit", "1000", &query]);
            assert!(
                hits.iter().any(|h| h["sender"] == t.sender.as_str() && h["message_id"] == t.message_id),
                "{query} misses {t:?}"
            );
        }
    }
    // Tagged values grouped under one field: each value's message is found.
    let picked: Vec<_> = truth.entities.iter().filter(|t| t.findable && t.kind != "amount").take(3).collect();
    let tagged: Vec<String> = picked
        .iter()
        .map(|t| {
            let (kind, value) = indexed_as(&docs[&(t.sender.clone(), t.message_id)], &t.kind, &t.value).unwrap();
            format!("{kind}:{value}")
        })
        .collect();
    assert!(tagged.len() >= 2, "{tagged:?}");
    let query = format!("entity:({})", tagged.join(" OR "));
    let hits = search(index_dir, &["--limit", "1000", &query]);
    for t in &picked {
        assert!(
            hits.iter().any(|h| h["sender"] == t.sender.as_str() && h["message_id"] == t.message_id),
            "{query} misses {t:?}"
        );
    }
}

#[test]
fn entities_command_lists_json_filters_by_kind_and_watchlist() {
    let (corpus, index_dir) = entity_corpus();
    let idx = s(index_dir);
    let lines = |args: &[&str]| -> Vec<Value> {
        let out = tapir(&[&["entities", "--index", idx, "--json"], args].concat());
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
    };
    let all = lines(&[]);
    let index = TapirIndex::open(index_dir).unwrap();
    let reports = index.entities(None, None).unwrap();
    assert_eq!(all.len(), reports.len());
    for (json, r) in all.iter().zip(&reports) {
        assert_eq!((json["kind"].as_str().unwrap(), json["value"].as_str().unwrap()), (r.kind.as_str(), &*r.value));
        let messages = json["messages"].as_array().unwrap();
        assert_eq!(messages.len(), r.messages.len());
        for (j, m) in messages.iter().zip(&r.messages) {
            assert_eq!(j["sender"], m.sender.as_str());
            assert_eq!(j["message_id"], m.message_id);
            assert_eq!(j["recipient"], m.recipient.as_str());
            assert_eq!(j["sent_at"], tapir::time::rfc3339_ms(m.sent_at).as_str());
        }
    }
    let ibans = lines(&["--kind", "IBAN"]);
    assert!(!ibans.is_empty() && ibans.iter().all(|e| e["kind"] == "iban"));

    // A watchlist: values written as people write them, comments, a value not in the corpus.
    let truth: tapir_corpora::truth::Truth = serde_json::from_value(read_json(&corpus.join("truth.json"))).unwrap();
    let iban = ibans[0]["value"].as_str().unwrap();
    let spaced: Vec<String> = iban.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect();
    let mut list = format!("# case 12\n\n  {}  \nFR76 3000 6000 0112 3456 7890 189\n", spaced.join(" "));
    let phone = truth.entities.iter().find(|t| t.kind == "phone" && t.findable).map(|t| t.value.clone());
    if let Some(p) = &phone {
        list.push_str(&format!("phone: {p}\n"));
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("watch.txt");
    std::fs::write(&path, &list).unwrap();
    let watched = lines(&["--watchlist", s(&path)]);
    let values: Vec<&str> = watched.iter().map(|e| e["value"].as_str().unwrap()).collect();
    let watchlist = Watchlist::load(&path).unwrap();
    let expected: Vec<String> = index.entities(None, Some(&watchlist)).unwrap().into_iter().map(|r| r.value).collect();
    assert_eq!(values, expected);
    assert!(values.contains(&iban) && values.len() == 1 + usize::from(phone.is_some()), "{values:?} for {list:?}");

    // The table.
    let out = tapir(&["entities", "--index", idx, "--kind", "iban"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.starts_with("kind")
            && text.contains(iban)
            && text.trim_end().ends_with(&format!(
                "{} entit{}",
                ibans.len(),
                if ibans.len() == 1 { "y" } else { "ies" }
            )),
        "{text}"
    );

    // Errors: an unknown kind is a usage error; a missing watchlist an error naming it.
    let out = tapir(&["entities", "--index", idx, "--kind", "doge"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown entity kind \"doge\""));
    let missing = dir.path().join("nope.txt");
    let out = tapir(&["entities", "--index", idx, "--watchlist", s(&missing)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains(s(&missing)));
}

/// A message decrypted in an earlier run and merged with a copy that a later run could not
/// decrypt keeps its entities (they are recomputed from the kept text).
#[test]
fn entities_survive_merging_with_an_earlier_run() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = fixture();
    // Run 1: every dump but one, with every key. Run 2: that dump, without its device's keys.
    let late = "729436483756892-2.ecd";
    let (first, second) = (dir.path().join("first"), dir.path().join("second"));
    std::fs::create_dir_all(&first).unwrap();
    std::fs::create_dir_all(&second).unwrap();
    for entry in std::fs::read_dir(corpus.join("dumps")).unwrap() {
        let path = entry.unwrap().path();
        let to = if path.file_name().unwrap() == late { &second } else { &first };
        std::fs::copy(&path, to.join(path.file_name().unwrap())).unwrap();
    }
    let keys = std::fs::read_to_string(corpus.join("keys/seized.keys")).unwrap();
    let others: String = keys.lines().filter(|l| !l.starts_with(&late[..15])).map(|l| format!("{l}\n")).collect();
    let other_keys = dir.path().join("others.keys");
    std::fs::write(&other_keys, others).unwrap();

    let index = dir.path().join("idx");
    assert_eq!(ingest(&index, &[&corpus.join("keys/seized.keys")], &first, None), 0);
    let before = TapirIndex::open(&index).unwrap().entities(None, None).unwrap();
    let copies_before = all_documents(&index);
    assert_eq!(ingest(&index, &[&other_keys], &second, None), 0);
    let after = TapirIndex::open(&index).unwrap().entities(None, None).unwrap();
    let copies_after = all_documents(&index);
    assert!(!before.is_empty());
    let mut merged = 0;
    for r in &before {
        let kept = after.iter().find(|a| a.kind == r.kind && a.value == r.value);
        let kept = kept.unwrap_or_else(|| panic!("{}:{} lost", r.kind, r.value));
        for m in &r.messages {
            assert!(kept.messages.contains(m), "{m:?} lost {}:{}", r.kind, r.value);
            let key = (m.sender.clone(), m.message_id);
            let n = |docs: &BTreeMap<(String, u64), Value>| docs[&key]["copies"].as_array().unwrap().len();
            merged += usize::from(n(&copies_after) > n(&copies_before));
        }
    }
    assert!(merged > 0, "no entity message was merged: the test proves nothing");
}

/// Hunting through the index finds exactly what evaluating every rule on every document
/// finds: the queries built from the rules never miss a hit (they may only over-select).
#[test]
fn hunt_through_the_index_equals_evaluating_every_document() {
    let (_, index_dir) = entity_corpus();
    let index = TapirIndex::open(index_dir).unwrap();
    let rules = tapir::rules::builtin().unwrap();
    let options = HuntOptions { min_level: Level::Low, ..HuntOptions::default() };
    let report = index.hunt(&rules, &options).unwrap();
    let mut through_index: BTreeSet<(String, String, u64)> = BTreeSet::new();
    for f in &report.findings {
        for m in &f.messages {
            for r in &m.rules {
                through_index.insert((r.clone(), m.hit.sender.clone(), m.hit.message_id));
            }
        }
    }
    let message_rules: Vec<&tapir::rules::Rule> = rules.rules.iter().filter(|r| !r.is_correlation()).collect();
    let mut analyzer = tapir::analysis::Analyzer::default();
    let mut by_scan: BTreeSet<(String, String, u64)> = BTreeSet::new();
    index
        .for_each_document::<tapir::IndexError>(|hit| {
            let text = tapir::rules::AnalysedText::new(&mut analyzer, &hit.text);
            for r in &message_rules {
                if r.hits(&r.match_groups(&text)) {
                    by_scan.insert((r.id.clone(), hit.sender.clone(), hit.message_id));
                }
            }
            Ok(())
        })
        .unwrap();
    let correlation_ids: BTreeSet<&str> =
        rules.rules.iter().filter(|r| r.is_correlation()).map(|r| r.id.as_str()).collect();
    through_index.retain(|(r, ..)| !correlation_ids.contains(r.as_str()));
    assert!(!by_scan.is_empty(), "the corpus must exercise some message rule");
    assert_eq!(through_index, by_scan);
}

#[test]
fn hunt_surfaces_planted_conversations_with_the_documented_fields() {
    let (corpus, index) = entity_corpus();
    let out = tapir(&["hunt", "--index", s(index), "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let findings: Vec<Value> =
        String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert!(!findings.is_empty());
    for f in &findings {
        for key in ["category", "level", "score", "participants", "first_at", "last_at", "rules", "terms", "messages"] {
            assert!(f.get(key).is_some(), "finding lacks {key}: {f}");
        }
        assert!(matches!(f["participants"].as_array().map(Vec::len), Some(1 | 2)));
        assert!(f["level"] != "low", "low findings are hidden by default");
        for m in f["messages"].as_array().unwrap() {
            for key in ["sender", "message_id", "sent_at", "text", "copies"] {
                assert!(m.get(key).is_some(), "message lacks {key}: {m}");
            }
            assert!(!m["copies"].as_array().unwrap().is_empty(), "every message is traceable to its bytes");
        }
        assert!(f["first_at"].as_str() <= f["last_at"].as_str());
    }
    assert!(
        findings.iter().any(|f| f["entities"].as_array().is_some_and(|e| !e.is_empty())),
        "findings show the entities of their messages"
    );
    let scores: Vec<f64> = findings.iter().map(|f| f["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "ranked by score");

    // The generator's truth: every planted category is recalled on this small corpus.
    let truth = read_json(&corpus.join("truth.json"));
    let flagged: BTreeSet<(String, String, u64)> =
        findings
            .iter()
            .flat_map(|f| {
                let c = f["category"].as_str().unwrap().to_owned();
                f["messages"].as_array().unwrap().iter().map(move |m| {
                    (c.clone(), m["sender"].as_str().unwrap().to_owned(), m["message_id"].as_u64().unwrap())
                })
            })
            .collect();
    for p in truth["planted"].as_array().unwrap() {
        let c = p["category"].as_str().unwrap();
        let found = p["messages"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| flagged.contains(&(c.to_owned(), m[0].as_str().unwrap().to_owned(), m[1].as_u64().unwrap())));
        assert!(found, "planted {} not found", p["scenario"]);
    }

    // The evaluation command reads the same truth.
    let out = tapir(&["eval", "--corpus", s(corpus), "--index", s(index), "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let eval: Value = serde_json::from_slice(&out.stdout).unwrap();
    for c in ["kidnapping", "weapons", "drugs"] {
        assert_eq!(eval["per_category"][c]["recall"], 1.0, "{eval}");
    }
    assert!(eval["precision"].as_f64().unwrap() > 0.0);
}

#[test]
fn hunt_options_and_broken_rules_are_clear_errors() {
    let (_, index) = entity_corpus();
    let only = tapir(&["hunt", "--index", s(index), "--category", "weapons", "--min-level", "critical", "--json"]);
    assert_eq!(only.status.code(), Some(0));
    for line in String::from_utf8(only.stdout).unwrap().lines() {
        let f: Value = serde_json::from_str(line).unwrap();
        assert_eq!((f["category"].as_str(), f["level"].as_str()), (Some("weapons"), Some("critical")));
    }
    let bad = tapir(&["hunt", "--index", s(index), "--category", "knitting"]);
    assert_eq!(bad.status.code(), Some(2));
    let bad = tapir(&["hunt", "--index", s(index), "--min-level", "urgent"]);
    assert_eq!(bad.status.code(), Some(2));

    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.yml");
    std::fs::write(
        &broken,
        "- id: x-one\n  title: t\n  description: d\n  category: drugs\n  level: high\n  languages: [en]\n  references: [r]\n  groups:\n    a: [coke]\n  condition: a and b\n  examples: {match: [coke, coke, coke], no_match: [x, y, z]}\n",
    )
    .unwrap();
    let out = tapir(&["hunt", "--index", s(index), "--rules", s(&broken)]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("broken.yml:10: rule x-one: condition: unknown group \"b\""), "{err}");

    let out = tapir(&["rules"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains(" 0 failed"));
}

#[test]
fn watchlisted_entities_become_findings_and_flag_messages() {
    let (corpus, index) = entity_corpus();
    let truth = read_json(&corpus.join("truth.json"));
    let entity = truth["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["findable"] == true && e["kind"] == "btc")
        .expect("a findable btc address in the corpus");
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("watch.txt");
    std::fs::write(&list, format!("# case 12\n{}\n", entity["value"].as_str().unwrap())).unwrap();
    let out = tapir(&["hunt", "--index", s(index), "--watchlist", s(&list), "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let findings: Vec<Value> =
        String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let watched: Vec<&Value> = findings.iter().filter(|f| f["category"] == "watchlist").collect();
    assert!(!watched.is_empty());
    let holds = |f: &Value| {
        f["messages"].as_array().unwrap().iter().any(|m| {
            m["sender"] == entity["sender"]
                && m["message_id"] == entity["message_id"]
                && !m["watchlist"].as_array().unwrap().is_empty()
        })
    };
    assert!(watched.iter().any(|f| holds(f)), "{watched:?}");
}
