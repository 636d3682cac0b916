//! `tapir verify` and `tapir export` (timeline, graph) on a small generated corpus.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::Value;
use tapir_corpora::GenOptions;

use crate::support::{generated_index, tapir};

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn ingest(index: &Path, corpus: &Path, dumps: &Path) -> i32 {
    let keys = corpus.join("keys/seized.keys");
    let out = tapir(&["ingest", "--index", s(index), "--keys", s(&keys), s(dumps)]);
    out.status.code().unwrap_or_else(|| panic!("ingest died: {}", String::from_utf8_lossy(&out.stderr)))
}

/// A generated corpus (with damage: locked messages, corrupt spans, a rejected file) and its
/// index, built once per test process.
fn corpus() -> &'static (PathBuf, PathBuf) {
    static CORPUS: OnceLock<(PathBuf, PathBuf)> = OnceLock::new();
    CORPUS.get_or_init(|| {
        generated_index("export-corpus", &GenOptions { seed: 11, devices: 4, messages: 3000, damage: true })
    })
}

fn run(args: &[&str]) -> (i32, String) {
    let out = tapir(args);
    let code = out.status.code().unwrap_or(-1);
    assert!(code == 0 || code == 1, "{args:?}: exit {code}: {}", String::from_utf8_lossy(&out.stderr));
    (code, String::from_utf8(out.stdout).unwrap())
}

fn json_lines(text: &str) -> Vec<Value> {
    text.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect()
}

fn stats(index: &Path) -> Value {
    let (code, out) = run(&["stats", "--index", s(index), "--json"]);
    assert_eq!(code, 0);
    serde_json::from_str(&out).unwrap()
}

#[test]
fn verify_passes_on_intact_evidence() {
    let (_, index) = corpus();
    let (code, out) = run(&["verify", "--index", s(index), "--json"]);
    assert_eq!(code, 0, "{out}");
    let (rejected, files): (Vec<Value>, Vec<Value>) =
        json_lines(&out).into_iter().partition(|f| f["status"] == "rejected");
    let stats = stats(index);
    assert_eq!(files.len(), stats["evidence_files"].as_array().unwrap().len());
    for f in &files {
        assert_eq!(f["status"], "ok", "{f}");
        assert_eq!(f["actual_sha256"], f["sha256"]);
        assert_eq!(f["actual_size"], f["size"]);
    }
    // The corpus's rejected file is recorded in the index, shown by verify and stats.
    assert_eq!(rejected.len(), stats["rejected_files"].as_array().unwrap().len());
    assert!(!rejected.is_empty() && rejected.iter().all(|r| r["reason"].as_str().is_some_and(|r| !r.is_empty())));
    let (code, table) = run(&["verify", "--index", s(index)]);
    assert_eq!(code, 0);
    let summary =
        format!("{} file(s): {} ok, 0 missing, 0 changed; {} rejected", files.len(), files.len(), rejected.len());
    assert!(table.contains(&summary), "{table}");
    // A summary by default; every file with --files.
    let first = files[0]["path"].as_str().unwrap();
    assert!(!table.contains(first) && table.contains("rejected "), "{table}");
    let (_, listed) = run(&["verify", "--index", s(index), "--files"]);
    assert!(files.iter().all(|f| listed.contains(f["path"].as_str().unwrap())), "{listed}");
    let (_, summary) = run(&["stats", "--index", s(index)]);
    assert!(!summary.contains(first) && summary.contains(&format!("({} rejected at ingest)", rejected.len())));
    let (_, listed) = run(&["stats", "--index", s(index), "--files"]);
    assert!(files.iter().all(|f| listed.contains(f["path"].as_str().unwrap())), "{listed}");
    assert!(rejected.iter().all(|r| listed.contains(r["path"].as_str().unwrap())), "{listed}");
}

/// Regression (issue 11): evidence was recorded by the path as typed, so an index built from
/// a relative path reported every file missing when verified from elsewhere, and copies'
/// `file` were relative. Paths are absolute and canonical; `--relocate` follows a move.
#[test]
fn evidence_given_by_relative_path_is_found_from_anywhere_and_followed_when_moved() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::fs::canonicalize(dir.path()).unwrap();
    let case = root.join("case");
    crate::support::copy_dir(&crate::support::fixture(), &case);
    let out =
        crate::support::tapir_in(&root, &["ingest", "--index", "idx", "--keys", "case/keys/seized.keys", "case/dumps"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let index = root.join("idx");
    let elsewhere = tempfile::tempdir().unwrap();
    let verify = |extra: &[&str]| {
        let mut args = vec!["verify", "--index", s(&index), "--json"];
        args.extend(extra);
        let out = crate::support::tapir_in(elsewhere.path(), &args);
        (out.status.code().unwrap(), json_lines(&String::from_utf8(out.stdout).unwrap()))
    };
    let (code, files) = verify(&[]);
    assert_eq!(code, 0, "{files:?}");
    assert_eq!(files.len(), 10);
    assert!(
        files.iter().all(|f| f["status"] == "ok" && f["path"].as_str().unwrap().starts_with(s(&case.join("dumps"))))
    );
    let out =
        crate::support::tapir_in(elsewhere.path(), &["search", "--index", s(&index), "--json", "--limit", "5", ""]);
    for hit in json_lines(&String::from_utf8(out.stdout).unwrap()) {
        for copy in hit["copies"].as_array().unwrap() {
            assert!(Path::new(copy["file"].as_str().unwrap()).is_absolute(), "{copy}");
        }
    }

    let moved = root.join("archive/case");
    std::fs::create_dir_all(moved.parent().unwrap()).unwrap();
    std::fs::rename(&case, &moved).unwrap();
    let (code, files) = verify(&[]);
    assert_eq!(code, 1);
    assert!(files.iter().all(|f| f["status"] == "missing"), "{files:?}");
    let relocate = format!("{}={}", case.display(), moved.display());
    let (code, files) = verify(&["--relocate", "/nowhere=/else", "--relocate", &relocate]);
    assert_eq!(code, 0, "{files:?}");
    for f in &files {
        assert_eq!(f["status"], "ok", "{f}");
        assert!(
            f["read_from"].as_str().unwrap().starts_with(s(&moved))
                && f["path"].as_str().unwrap().starts_with(s(&case))
        );
    }
    assert_eq!(tapir(&["verify", "--index", s(&index), "--relocate", "no-equals-sign"]).status.code(), Some(2));
}

#[test]
fn verify_reports_changed_and_missing_evidence() {
    let (corpus, _) = corpus();
    let dir = tempfile::tempdir().unwrap();
    let dumps = dir.path().join("dumps");
    std::fs::create_dir(&dumps).unwrap();
    for entry in std::fs::read_dir(corpus.join("dumps")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dumps.join(path.file_name().unwrap())).unwrap();
    }
    let index = dir.path().join("idx");
    assert!(matches!(ingest(&index, corpus, &dumps), 0 | 3));
    let (code, out) = run(&["verify", "--index", s(&index), "--json"]);
    assert_eq!(code, 0, "{out}");
    let files = json_lines(&out);
    assert!(files.len() >= 2);
    let changed = PathBuf::from(files[0]["path"].as_str().unwrap());
    let missing = PathBuf::from(files[1]["path"].as_str().unwrap());
    let mut bytes = std::fs::read(&changed).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x01;
    std::fs::write(&changed, &bytes).unwrap();
    std::fs::remove_file(&missing).unwrap();

    let (code, out) = run(&["verify", "--index", s(&index), "--json"]);
    assert_eq!(code, 1, "{out}");
    let files = json_lines(&out);
    for f in &files {
        let path = Path::new(f["path"].as_str().unwrap());
        if path == changed {
            assert_eq!(f["status"], "changed", "{f}");
            assert_eq!(f["actual_size"], f["size"]);
            assert_ne!(f["actual_sha256"], f["sha256"]);
            assert_eq!(f["actual_sha256"].as_str().unwrap(), tapir::evidence::sha256_hex(&bytes));
        } else if path == missing {
            assert_eq!(f["status"], "missing", "{f}");
            assert!(f.get("actual_sha256").is_none() && f.get("actual_size").is_none(), "{f}");
        } else if f["status"] != "rejected" {
            assert_eq!(f["status"], "ok", "{f}");
        }
    }
    let (code, table) = run(&["verify", "--index", s(&index)]);
    assert_eq!(code, 1);
    assert!(table.contains("1 missing, 1 changed"), "{table}");
}

const HEADER: &str = "message,datetime,timestamp_desc,timestamp,sender,recipient,imei,status,kind,message_id,evidence,latitude,longitude";

fn timeline_jsonl(index: &Path, extra: &[&str]) -> Vec<Value> {
    let mut args = vec!["export", "timeline", "--index", s(index), "--format", "jsonl"];
    args.extend(extra);
    let (code, out) = run(&args);
    assert_eq!(code, 0);
    json_lines(&out)
}

#[test]
fn timeline_has_one_row_per_message_and_note() {
    let (_, index) = corpus();
    let stats = stats(index);
    let expected = stats["logical_messages"].as_u64().unwrap() + stats["notes"].as_u64().unwrap();
    let evidence: BTreeSet<&str> =
        stats["evidence_files"].as_array().unwrap().iter().map(|f| f["sha256"].as_str().unwrap()).collect();

    let dir = tempfile::tempdir().unwrap();
    let csv_path = dir.path().join("timeline.csv");
    let (code, _) = run(&["export", "timeline", "--index", s(index), "--format", "csv", "--out", s(&csv_path)]);
    assert_eq!(code, 0);
    let text = std::fs::read_to_string(&csv_path).unwrap();
    assert_eq!(text.lines().next(), Some(HEADER));
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let csv_rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(csv_rows.len() as u64, expected);

    let rows = timeline_jsonl(index, &[]);
    assert_eq!(rows.len() as u64, expected);
    let mut notes = 0;
    let mut locked = 0;
    let mut locations = 0;
    for r in &rows {
        for field in HEADER.split(',') {
            assert!(r.get(field).is_some(), "{field} missing in {r}");
        }
        let ms = tapir::time::parse_time(r["datetime"].as_str().unwrap()).unwrap();
        assert_eq!(r["timestamp"].as_u64().unwrap(), ms * 1000, "{r}");
        assert!(!r["message"].as_str().unwrap().is_empty(), "{r}");
        if r["kind"] == "note" {
            notes += 1;
            assert_eq!(r["timestamp_desc"], "Note written");
        } else {
            assert_eq!(r["timestamp_desc"], "Message sent");
        }
        if r["status"] != "decrypted" {
            locked += 1;
            assert_eq!(r["message"].as_str().unwrap(), format!("<locked: {}>", r["status"].as_str().unwrap()));
        }
        let copies = r["evidence"].as_str().unwrap().split(';').collect::<Vec<_>>();
        for c in &copies {
            let (sha, offset) = c.split_once(':').unwrap();
            assert!(evidence.contains(sha) && offset.parse::<u64>().is_ok(), "{r}");
        }
        let imei = r["imei"].as_str().unwrap();
        assert!(!imei.is_empty() && imei.split(';').count() <= copies.len(), "{r}");
        // A location keeps where (issue 11: it was `<location>`).
        if r["kind"] == "location" && r["status"] == "decrypted" {
            locations += 1;
            let (lat, lon) = (r["latitude"].as_f64().unwrap(), r["longitude"].as_f64().unwrap());
            assert!(r["message"].as_str().unwrap().contains(&format!("<location {lat},{lon}>")), "{r}");
        } else {
            assert!(r["latitude"].is_null() && r["longitude"].is_null(), "{r}");
        }
    }
    assert!(locations > 0, "the corpus should hold location messages");
    // Notes and messages may share (sender, id): the kind tells them apart.
    let latitudes: std::collections::HashMap<(String, String, String), String> = rows
        .iter()
        .map(|r| {
            let key = (r["sender"].as_str().unwrap().to_owned(), r["message_id"].to_string(), r["kind"].to_string());
            (key, r["latitude"].as_f64().map(|v| v.to_string()).unwrap_or_default())
        })
        .collect();
    for row in &csv_rows {
        let key = (row[4].to_owned(), row[9].to_owned(), format!("{:?}", &row[8]));
        assert_eq!(latitudes.get(&key), Some(&row[11].to_owned()), "{row:?}");
    }
    assert_eq!(notes, stats["notes"].as_u64().unwrap());
    assert!(locked > 0, "a damaged corpus should hold locked messages");
}

#[test]
fn timeline_from_to_keeps_the_rows_of_the_range() {
    let (_, index) = corpus();
    let all = timeline_jsonl(index, &[]);
    let mut times: Vec<u64> = all.iter().map(|r| r["timestamp"].as_u64().unwrap() / 1000).collect();
    times.sort_unstable();
    let (from, to) = (times[times.len() / 4], times[times.len() * 3 / 4]);
    let expected = times.iter().filter(|&&t| t >= from && t < to).count();
    let (from_s, to_s) = (tapir::time::rfc3339_ms(from), tapir::time::rfc3339_ms(to));
    let rows = timeline_jsonl(index, &["--from", &from_s, "--to", &to_s]);
    assert_eq!(rows.len(), expected);
    assert!(expected > 0 && expected < all.len());
    for r in &rows {
        let t = r["timestamp"].as_u64().unwrap() / 1000;
        assert!(t >= from && t < to, "{r}");
    }
}

/// Elements balance and attributes are quoted: enough to tell GraphML is well-formed XML.
fn assert_well_formed(xml: &str) {
    let mut stack: Vec<&str> = Vec::new();
    let mut rest = xml.strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>").expect("XML declaration");
    while let Some(open) = rest.find('<') {
        assert!(!rest[..open].contains(['<', '>']), "stray markup: {}", &rest[..open]);
        let text = &rest[..open];
        for (i, _) in text.match_indices('&') {
            let entity = &text[i..text[i..].find(';').map_or(text.len(), |e| i + e + 1)];
            assert!(
                ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"].contains(&entity) || entity.starts_with("&#"),
                "bad entity {entity}"
            );
        }
        let close = rest[open..].find('>').expect("unclosed tag") + open;
        let tag = &rest[open + 1..close];
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop(), Some(name), "mismatched </{name}>");
        } else {
            let name = tag.split_whitespace().next().unwrap().trim_end_matches('/');
            assert_eq!(tag.matches('"').count() % 2, 0, "unquoted attribute in <{tag}>");
            if !tag.ends_with('/') {
                stack.push(name);
            }
        }
        rest = &rest[close + 1..];
    }
    assert!(stack.is_empty() && rest.trim().is_empty(), "unclosed: {stack:?}");
}

#[test]
fn graph_exports_agree_and_weights_count_messages() {
    let (_, index) = corpus();
    let dir = tempfile::tempdir().unwrap();
    let graphml_path = dir.path().join("g.graphml");
    let csv_dir = dir.path().join("i2");
    let (code, _) = run(&["export", "graph", "--index", s(index), "--format", "graphml", "--out", s(&graphml_path)]);
    assert_eq!(code, 0);
    let (code, _) = run(&["export", "graph", "--index", s(index), "--format", "csv", "--out", s(&csv_dir)]);
    assert_eq!(code, 0);
    let out = tapir(&["export", "graph", "--index", s(index), "--format", "csv"]);
    assert_eq!(out.status.code(), Some(2), "csv without --out is a usage error");

    let graphml = std::fs::read_to_string(&graphml_path).unwrap();
    assert_well_formed(&graphml);
    assert!(graphml.contains("edgedefault=\"undirected\""));
    let read = |name: &str| -> Vec<csv::StringRecord> {
        let mut reader = csv::Reader::from_path(csv_dir.join(name)).unwrap();
        assert!(reader.headers().unwrap().len() >= 6);
        reader.records().map(Result::unwrap).collect()
    };
    let nodes = read("nodes.csv");
    let edges = read("edges.csv");
    assert_eq!(graphml.matches("<node ").count(), nodes.len());
    assert_eq!(graphml.matches("<edge ").count(), edges.len());

    let with_recipient = timeline_jsonl(index, &[]).iter().filter(|r| r["recipient"] != "").count() as u64;
    assert!(with_recipient > 0);
    let weights: u64 = edges.iter().map(|e| e[2].parse::<u64>().unwrap()).sum();
    assert_eq!(weights, with_recipient);
    let sent: u64 = nodes.iter().map(|n| n[3].parse::<u64>().unwrap()).sum();
    let received: u64 = nodes.iter().map(|n| n[4].parse::<u64>().unwrap()).sum();
    assert_eq!((sent, received), (with_recipient, with_recipient));
    let handles: BTreeSet<&str> = nodes.iter().map(|n| n.get(0).unwrap()).collect();
    for e in &edges {
        assert!(handles.contains(&e[0]) && handles.contains(&e[1]) && e[0] <= e[1], "{e:?}");
        assert!(e[3] <= e[4], "first after last: {e:?}");
    }
    // Device owners carry their IMEIs, and contact lists give nicknames.
    assert!(nodes.iter().filter(|n| !n[2].is_empty()).count() >= 4);
    assert!(nodes.iter().any(|n| !n[1].is_empty()));

    // Exports are audited, and the chain holds.
    let (code, shown) = run(&["audit", "show", "--index", s(index), "--json"]);
    assert_eq!(code, 0);
    assert!(shown.lines().any(|l| l.contains("\"command\":\"export\"") && l.contains("\"graph\"")), "{shown}");
    assert_eq!(run(&["audit", "verify", "--index", s(index)]).0, 0);
}
