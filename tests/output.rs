//! Every output reads back as what it claims to be: CSV through a CSV parser (the header as
//! wide as every row, text with commas, quotes and newlines round trips), `--json` as one
//! object a line, a closed pipe as a quiet exit 0, and `--out` never overwriting a file
//! without `--force`. One index: a small generated corpus plus a dump written here whose
//! handles, nicknames and texts hold the characters CSV must quote.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use serde_json::Value;
use tapir::crypto::AesGcmSealer;
use tapir_corpora::encode::{self, Header, MessageMeta, frame_type};
use tapir_corpora::{GenOptions, Sealer};

use crate::support::tapir;

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The owner of the tricky dump, its peer, and the peer's nickname in its contact list.
const OWNER: &str = "renard, \"le gris\"";
const PEER: &str = "loup;blanc";
const NICKNAME: &str = "le \"loup\",\nblanc";
const TRICKY_IMEI: &str = "356938035643809";
/// Texts CSV must quote; the first hits the built-in rule kid-ransom-crypto (its own example,
/// with a newline and quotes added).
const TEXTS: [&str; 3] = [
    "la rancon ce sera 5 btc, pas un \"satoshi\" de moins\nsinon il disparait",
    "ok, \"demain\"\r\nà 8h",
    "\"\",,\n\n\"",
];

pub(crate) struct Case {
    /// The generated corpus (dumps/, keys/, truth.json); the tricky dump is not in it.
    pub corpus: PathBuf,
    pub index: PathBuf,
    /// Scratch space beside them.
    pub dir: PathBuf,
}

/// Writes an ECD v1 dump of `TEXTS` from `OWNER` to `PEER`, sealed with `key`.
fn write_tricky_dump(path: &Path, key: &[u8; 32]) {
    let t0 = 1_590_000_000_000u64;
    let header = Header {
        version: encode::VERSION,
        imei: TRICKY_IMEI,
        handle: OWNER,
        capture_start: t0,
        capture_end: t0 + 3_600_000,
        extension: &[],
    };
    let mut buf = encode::header(&header).unwrap();
    let start = encode::begin_frame(&mut buf, frame_type::CONTACT, 0);
    encode::put_contact(&mut buf, PEER, NICKNAME, t0).unwrap();
    encode::finish_frame(&mut buf, start).unwrap();
    let cipher = AesGcmSealer.cipher(key);
    for (i, text) in TEXTS.iter().enumerate() {
        let start = encode::begin_frame(&mut buf, frame_type::MESSAGE, 0);
        let meta = MessageMeta {
            message_id: 900_000 + i as u64,
            sent_at: t0 + i as u64 * 60_000,
            direction: 1,
            sender: OWNER,
            recipient: PEER,
            key_id: 1,
        };
        let layout = encode::put_message_meta(&mut buf, &meta).unwrap();
        let aad = buf[layout.aad].to_vec();
        let mut body = Vec::new();
        encode::put_text_body(&mut body, text.as_bytes()).unwrap();
        let nonce = [i as u8 + 1; 12];
        AesGcmSealer.seal(&cipher, &nonce, &aad, &mut body);
        encode::put_sealed(&mut buf, &nonce, &body).unwrap();
        encode::finish_frame(&mut buf, start).unwrap();
    }
    buf.extend_from_slice(&encode::trailer_frame(1 + TEXTS.len() as u64));
    std::fs::write(path, buf).unwrap();
}

pub(crate) fn case() -> &'static Case {
    static CASE: OnceLock<Case> = OnceLock::new();
    CASE.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("output-case");
        let _ = std::fs::remove_dir_all(&dir);
        let corpus = dir.join("corpus");
        let options = GenOptions { seed: 21, devices: 4, messages: 3000, damage: false };
        tapir_corpora::generate(&corpus, &options, &AesGcmSealer, &|_| {}).unwrap();
        let extra = dir.join("extra");
        std::fs::create_dir_all(&extra).unwrap();
        let key = [0x42u8; 32];
        write_tricky_dump(&extra.join("tricky.ecd"), &key);
        let tricky_keys = extra.join("tricky.keys");
        std::fs::write(&tricky_keys, format!("{TRICKY_IMEI} 1 {}\n", hex::encode(key))).unwrap();
        let index = dir.join("idx");
        let keys = format!("{},{}", s(&corpus.join("keys/seized.keys")), s(&tricky_keys));
        let out = tapir(&["ingest", "--index", s(&index), "--keys", &keys, s(&corpus.join("dumps")), s(&extra)]);
        assert_eq!(out.status.code(), Some(0), "ingest: {}", String::from_utf8_lossy(&out.stderr));
        Case { corpus, index, dir }
    })
}

/// Runs tapir; asserts the exit code; returns stdout.
fn run(args: &[&str], code: i32) -> String {
    let out = tapir(args);
    assert_eq!(out.status.code(), Some(code), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn json_lines(text: &str) -> Vec<Value> {
    text.lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l:?}"));
            assert!(v.is_object(), "not an object: {l}");
            v
        })
        .collect()
}

/// The records of a CSV text, after checking that every row is exactly as wide as the header
/// (the csv crate's reader is flexible-free by default: a wider row is an error).
fn csv_records(text: &[u8], header: &[&str]) -> Vec<csv::StringRecord> {
    let mut reader = csv::Reader::from_reader(text);
    assert_eq!(reader.headers().unwrap().iter().collect::<Vec<_>>(), header);
    let records: Vec<csv::StringRecord> =
        reader.records().map(|r| r.unwrap_or_else(|e| panic!("unreadable CSV row: {e}"))).collect();
    assert!(records.iter().all(|r| r.len() == header.len()));
    records
}

fn is_tricky(text: &str) -> bool {
    text.contains(',') && text.contains('"') && text.contains('\n')
}

/// Issue 11: the header of `hunt --csv` had 11 columns and its rows 12, so it stopped after
/// one row with a CSV error.
#[test]
fn hunt_csv_reads_back_and_agrees_with_json() {
    let index = s(&case().index);
    let out = tapir(&["hunt", "--index", index, "--csv"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let header = [
        "rank",
        "category",
        "level",
        "score",
        "participants",
        "first_at",
        "last_at",
        "rules",
        "terms",
        "watchlist",
        "entities",
        "messages",
    ];
    let rows = csv_records(&out.stdout, &header);
    let findings = json_lines(&run(&["hunt", "--index", index, "--json"], 0));
    assert!(rows.len() >= 2 && rows.len() == findings.len(), "{} rows, {} findings", rows.len(), findings.len());
    let joined = |v: &Value| v.as_array().unwrap().iter().map(|x| x.as_str().unwrap()).collect::<Vec<_>>().join(";");
    for (row, f) in rows.iter().zip(&findings) {
        assert_eq!(&row[1], f["category"].as_str().unwrap());
        assert_eq!(&row[4], joined(&f["participants"]));
        assert_eq!(&row[7], joined(&f["rules"]));
        assert_eq!(&row[10], joined(&f["entities"]));
        let messages: Vec<String> = f["messages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| format!("{}:{}", m["sender"].as_str().unwrap(), m["message_id"]))
            .collect();
        assert_eq!(&row[11], messages.join(";"));
    }
    // The tricky conversation is a finding, its handles intact.
    assert!(rows.iter().any(|r| r[4] == format!("{PEER};{OWNER}") && r[7].contains("kid-ransom-crypto")), "{rows:?}");
}

#[test]
fn search_csv_round_trips_text_with_commas_quotes_and_newlines() {
    let index = s(&case().index);
    let args = ["search", "--index", index, "--sender", OWNER, "--sort", "time", "--limit", "50"];
    let out = tapir(&[&args[..], &["--csv", ""]].concat());
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let header = [
        "sender",
        "message_id",
        "recipient",
        "sent_at",
        "kind",
        "status",
        "score",
        "text",
        "copies",
        "location",
        "rank",
        "total",
    ];
    let rows = csv_records(&out.stdout, &header);
    let hits = json_lines(&run(&[&args[..], &["--json", ""]].concat(), 0));
    assert_eq!(rows.len(), TEXTS.len());
    assert_eq!(rows.len(), hits.len());
    for (row, hit) in rows.iter().zip(&hits) {
        assert_eq!((&row[0], &row[2]), (OWNER, PEER));
        assert_eq!(&row[7], hit["text"].as_str().unwrap());
        assert_eq!((row[10].to_owned(), row[11].to_owned()), (hit["rank"].to_string(), hit["total"].to_string()));
    }
    let texts: Vec<&str> = rows.iter().map(|r| &r[7]).collect();
    assert_eq!(texts, TEXTS);
    assert!(texts.iter().any(|t| is_tricky(t)));
}

#[test]
fn batch_summary_csv_round_trips_queries_and_errors() {
    let case = case();
    let queries = case.dir.join("tricky-queries.csv");
    // Ids and queries with commas and quotes, a query in error (its message quotes it).
    let lines = [("a,1", "\"la rancon\" OR \"btc, pas\""), ("b\"2", "\"unclosed"), ("c", "satoshi")];
    let mut w = csv::Writer::from_path(&queries).unwrap();
    w.write_record(["id", "query"]).unwrap();
    for (id, q) in lines {
        w.write_record([id, q]).unwrap();
    }
    w.flush().unwrap();
    let out = tapir(&["batch", "--index", s(&case.index), s(&queries)]);
    assert_eq!(out.status.code(), Some(2), "one malformed query: {}", String::from_utf8_lossy(&out.stderr));
    let rows = csv_records(&out.stdout, &["id", "query", "hits", "total", "error"]);
    let read: Vec<(&str, &str)> = rows.iter().map(|r| (&r[0], &r[1])).collect();
    assert_eq!(read, lines);
    assert!(rows[0][4].is_empty() && rows[0][2].parse::<u64>().unwrap() >= 1, "{:?}", rows[0]);
    assert!(!rows[1][4].is_empty() && rows[1][2].is_empty(), "{:?}", rows[1]);
}

#[test]
fn timeline_csv_agrees_with_jsonl_row_for_row() {
    let index = s(&case().index);
    let out = tapir(&["export", "timeline", "--index", index, "--format", "csv"]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let header = [
        "message",
        "datetime",
        "timestamp_desc",
        "timestamp",
        "sender",
        "recipient",
        "imei",
        "status",
        "kind",
        "message_id",
        "evidence",
        "latitude",
        "longitude",
    ];
    let rows = csv_records(&out.stdout, &header);
    let objects = json_lines(&run(&["export", "timeline", "--index", index, "--format", "jsonl"], 0));
    assert_eq!(rows.len(), objects.len());
    for (row, o) in rows.iter().zip(&objects) {
        for (i, column) in header.iter().enumerate() {
            let want = match &o[*column] {
                Value::String(text) => text.clone(),
                // No position: an empty CSV cell.
                Value::Null => String::new(),
                other => other.to_string(),
            };
            assert_eq!(row[i], want, "{column}");
        }
    }
    let tricky = TEXTS.iter().filter(|t| is_tricky(t)).count();
    assert!(tricky >= 2);
    assert_eq!(rows.iter().filter(|r| r[4] == *OWNER && r[5] == *PEER && is_tricky(&r[0])).count(), tricky);
}

#[test]
fn graph_csv_round_trips_handles_and_nicknames() {
    let case = case();
    let dir = case.dir.join("graph-csv");
    let _ = std::fs::remove_dir_all(&dir);
    run(&["export", "graph", "--index", s(&case.index), "--format", "csv", "--out", s(&dir)], 0);
    let read = |name: &str, header: &[&str]| csv_records(&std::fs::read(dir.join(name)).unwrap(), header);
    let nodes = read("nodes.csv", &["handle", "nicknames", "devices", "sent", "received", "messages"]);
    let edges = read("edges.csv", &["from", "to", "weight", "first", "last", "from_nicknames", "to_nicknames"]);
    let node = |h: &str| nodes.iter().find(|n| &n[0] == h).unwrap_or_else(|| panic!("no node {h:?}"));
    assert_eq!((&node(OWNER)[2], &node(OWNER)[3]), (TRICKY_IMEI, "3"));
    assert_eq!(&node(PEER)[1], NICKNAME);
    let edge = edges.iter().find(|e| &e[0] == PEER && &e[1] == OWNER).expect("the tricky edge");
    assert_eq!((&edge[2], &edge[5]), ("3", NICKNAME));
}

/// Every `--json` (and JSON Lines) output is one object a line; those that print a single
/// document print it on one line (issue 11: `stats --json` and `eval --json` were pretty).
#[test]
fn every_json_output_is_one_object_per_line() {
    let case = case();
    let index = s(&case.index);
    let corpus = &case.corpus;
    let keys = corpus.join("keys/seized.keys");
    let dumps = corpus.join("dumps");
    let queries = case.dir.join("queries.txt");
    std::fs::write(&queries, "rancon\nsatoshi\n").unwrap();
    let single = [
        vec!["stats", "--index", index, "--json"],
        vec!["eval", "--corpus", s(corpus), "--index", index, "--json"],
        vec!["inspect", "--keys", s(&keys), "--json", s(&dumps)],
    ];
    for args in &single {
        let lines = json_lines(&run(args, 0));
        assert_eq!(lines.len(), 1, "{args:?}");
    }
    let many = [
        vec!["search", "--index", index, "--json", "rancon OR satoshi"],
        vec!["thread", "--index", index, "--json", OWNER, PEER],
        vec!["entities", "--index", index, "--json"],
        vec!["verify", "--index", index, "--json"],
        vec!["hunt", "--index", index, "--json"],
        vec!["audit", "show", "--index", index, "--json"],
        vec!["rules", "--json"],
        vec!["batch", "--index", index, "--jsonl", s(&queries)],
        vec!["export", "timeline", "--index", index, "--format", "jsonl"],
    ];
    for args in &many {
        let lines = json_lines(&run(args, 0));
        assert!(lines.len() >= 2, "{args:?}: {} line(s)", lines.len());
    }
}

/// Runs tapir with its standard output a pipe whose reader is already gone.
fn run_into_closed_pipe(args: &[&str]) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tapir"))
        .args(args)
        // No progress line however slow the machine: stderr must stay empty.
        .env("TAPIR_PROGRESS_SECS", "1e6")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    child.wait_with_output().unwrap()
}

/// Issue 11: `tapir … | head` ended with `tapir: error: Broken pipe` and exit 1 (or a panic,
/// exit 101, where the command printed with `println!`). Every command stops quietly, exit 0.
#[test]
fn a_reader_that_leaves_early_ends_every_command_quietly() {
    let case = case();
    let index = s(&case.index);
    let corpus = &case.corpus;
    let keys = corpus.join("keys/seized.keys");
    let dumps = corpus.join("dumps");
    let queries = case.dir.join("pipe-queries.txt");
    std::fs::write(&queries, "rancon\nsatoshi\n").unwrap();
    let commands = [
        vec!["inspect", "--keys", s(&keys), s(&dumps)],
        vec!["inspect", "--keys", s(&keys), "--json", s(&dumps)],
        vec!["search", "--index", index, "rancon OR satoshi"],
        vec!["search", "--index", index, "--json", ""],
        vec!["search", "--index", index, "--csv", ""],
        vec!["batch", "--index", index, s(&queries)],
        vec!["batch", "--index", index, "--jsonl", s(&queries)],
        vec!["thread", "--index", index, OWNER, PEER],
        vec!["stats", "--index", index],
        vec!["stats", "--index", index, "--json"],
        vec!["entities", "--index", index],
        vec!["verify", "--index", index],
        vec!["export", "timeline", "--index", index, "--format", "csv"],
        vec!["export", "timeline", "--index", index, "--format", "jsonl"],
        vec!["export", "graph", "--index", index, "--format", "graphml"],
        vec!["hunt", "--index", index],
        vec!["hunt", "--index", index, "--csv"],
        vec!["rules"],
        vec!["eval", "--corpus", s(corpus), "--index", index],
        vec!["audit", "show", "--index", index],
        vec!["audit", "verify", "--index", index],
        vec!["demo", "--messages", "500", "--devices", "2"],
    ];
    for args in &commands {
        let out = run_into_closed_pipe(args);
        assert_eq!((out.status.code(), String::from_utf8_lossy(&out.stderr).trim()), (Some(0), ""), "{args:?}");
    }
    // What was read is audited, even when the reader left before the end.
    let trail = run(&["audit", "show", "--index", index, "--json"], 0);
    assert!(trail.lines().any(|l| l.contains("\"timeline\"") && l.contains("\"reader_left\":true")), "{trail}");
}

/// One rule for every `--out`: an existing file is never overwritten without `--force`
/// (issue 11: `export timeline --out` overwrote, `export graph` refused), checked before any
/// work; with `--force` it is replaced.
#[test]
fn out_files_are_never_overwritten_without_force() {
    let case = case();
    let index = s(&case.index);
    let dir = case.dir.join("outs");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("i2")).unwrap();
    std::fs::create_dir_all(dir.join("batch")).unwrap();
    let queries = dir.join("q.txt");
    std::fs::write(&queries, "rancon\n").unwrap();
    let timeline = dir.join("t.csv");
    let graphml = dir.join("g.graphml");
    let i2 = dir.join("i2");
    let batch = dir.join("batch");
    // (command, a file it writes that exists, the other file it writes, if any)
    let outs: [(Vec<&str>, PathBuf, Option<PathBuf>); 4] = [
        (
            vec!["export", "timeline", "--index", index, "--format", "csv", "--out", s(&timeline)],
            timeline.clone(),
            None,
        ),
        (vec!["export", "graph", "--index", index, "--format", "graphml", "--out", s(&graphml)], graphml.clone(), None),
        (
            vec!["export", "graph", "--index", index, "--format", "csv", "--out", s(&i2)],
            i2.join("edges.csv"),
            Some(i2.join("nodes.csv")),
        ),
        (
            vec!["batch", "--index", index, s(&queries), "--out", s(&batch)],
            batch.join("hits.jsonl"),
            Some(batch.join("summary.csv")),
        ),
    ];
    for (args, existing, other) in &outs {
        std::fs::write(existing, "keep me\n").unwrap();
        let out = tapir(args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(s(existing)) && stderr.contains("--force"), "{stderr}");
        assert_eq!(std::fs::read_to_string(existing).unwrap(), "keep me\n", "{args:?}");
        assert!(other.as_ref().is_none_or(|o| !o.exists()), "{args:?} wrote half its output");
        run(&[&args[..], &["--force"]].concat(), 0);
        assert_ne!(std::fs::read_to_string(existing).unwrap(), "keep me\n", "{args:?} --force");
        assert!(other.as_ref().is_none_or(|o| o.exists()), "{args:?} --force");
    }
}
