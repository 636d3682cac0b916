//! Provenance over the API: a message is the line `tapir search --json` prints for it (less
//! what only a search gives) with every copy; thread pages chain earlier and later from any
//! message without gap or overlap; a copy's evidence bytes are the file's, verified on the
//! fixture and reported changed or missing once the evidence is altered after ingest (never a
//! 5xx); unknown messages 404, bad parameters 400, and each read one audit record naming the
//! user.

use axum::http::StatusCode;
use serde_json::{Value, json};
use tapir::index::{Hit, SearchOptions, ThreadOptions};
use tapir::wire::HitLine;
use tapir::{Analyst, Case};
use tapir_server::Role;

use crate::support::{CASE, Harness, Reply, Session};

fn message_path(sender: &str, id: u64) -> String {
    format!("/api/v1/cases/{CASE}/messages/{sender}/{id}")
}

fn bytes_path(sender: &str, id: u64, n: usize) -> String {
    format!("{}/copies/{n}/bytes", message_path(sender, id))
}

/// The case as the CLI opens it.
fn cli(h: &Harness) -> Case {
    Case::open(&h.index_dir(CASE), Analyst::new("cli").unwrap()).unwrap()
}

/// The CLI's `search --json` lines of every message of the case (parsed back from text, as
/// served answers are), with the hits.
fn every_message(h: &Harness) -> Vec<(Hit, Value)> {
    let options = SearchOptions { query: String::new(), limit: usize::MAX, ..SearchOptions::default() };
    let case = cli(h);
    let stream = case.search(&options, &json!({})).unwrap();
    let total = stream.total();
    stream
        .map(|hit| hit.unwrap())
        .enumerate()
        .map(|(n, hit)| {
            let line = serde_json::to_string(&HitLine::new(&hit).ranked(n + 1, total)).unwrap();
            (hit, serde_json::from_str(&line).unwrap())
        })
        .filter(|(hit, _)| !hit.recipient.is_empty())
        .collect()
}

/// `value` without the named fields.
fn without(mut value: Value, fields: &[&str]) -> Value {
    for field in fields {
        value.as_object_mut().unwrap().remove(*field);
    }
    value
}

/// The records appended to the case's trail since `before`: `(analyst, command, results)`.
fn new_records(h: &Harness, before: usize) -> Vec<(String, String, u64)> {
    let records = h.case_trail(CASE).records().unwrap();
    records[before..].iter().map(|r| (r.analyst.clone(), r.command.clone(), r.results)).collect()
}

fn trail_len(h: &Harness) -> usize {
    h.case_trail(CASE).records().unwrap().len()
}

async fn get_ok(h: &Harness, who: &Session, path: &str) -> Value {
    let reply = h.send(who.get(path)).await;
    assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.text());
    reply.json()
}

#[tokio::test]
async fn a_message_is_its_search_line_with_every_copy() {
    let h = Harness::with_evidence();
    h.user("vera", &[(CASE, Role::Viewer)]);
    let vera = h.login("vera").await;
    let messages = every_message(&h);
    // A message captured on both phones, and one captured once.
    let twice = messages.iter().find(|(hit, _)| hit.copies.len() >= 2).expect("a message with two copies");
    let once = messages.iter().find(|(hit, _)| hit.copies.len() == 1).expect("a message with one copy");
    let manifest = tapir::TapirIndex::open(&h.index_dir(CASE)).unwrap().manifest();
    for (hit, line) in [twice, once] {
        let before = trail_len(&h);
        let served = get_ok(&h, &vera, &message_path(&hit.sender, hit.message_id)).await;
        assert_eq!(served["message"], without(line.clone(), &["rank", "total", "score"]), "the CLI's line");
        let copies = served["copies"].as_array().unwrap();
        assert_eq!(copies.len(), hit.copies.len());
        for (n, (served, copy)) in copies.iter().zip(&hit.copies).enumerate() {
            let recorded = &manifest.by_sha(&copy.sha256).unwrap().report;
            assert_eq!(recorded.path, copy.file);
            let expected = json!({
                "n": n, "imei": recorded.imei, "file": recorded.path.to_str().unwrap(), "sha256": recorded.sha256,
                "offset": copy.offset, "direction": copy.direction.as_str(), "deleted": copy.deleted,
                "status": copy.status.as_str(),
            });
            assert_eq!(served, &expected);
            assert_eq!(without(served.clone(), &["n", "sha256", "status"]), line["copies"][n], "the line's copy");
        }
        assert_eq!(new_records(&h, before), [("vera".to_owned(), "message".to_owned(), 1)]);
    }
}

/// The messages of a thread page as the CLI's `thread --json` prints them, without `centre`.
fn page_messages(page: &Value) -> Vec<Value> {
    page["messages"].as_array().unwrap().iter().map(|m| without(m.clone(), &["centre"])).collect()
}

#[tokio::test]
async fn thread_pages_chain_earlier_and_later_without_gaps_or_overlaps() {
    let h = Harness::with_evidence();
    h.user("vera", &[(CASE, Role::Viewer)]);
    let vera = h.login("vera").await;
    // The longest conversation of the fixture, whole, as `tapir thread --json` prints it.
    let messages = every_message(&h);
    let case = cli(&h);
    let thread = |hit: &Hit| {
        let options = ThreadOptions { a: hit.sender.clone(), b: hit.recipient.clone(), ..ThreadOptions::default() };
        case.thread(&options, &json!({})).unwrap()
    };
    let whole = messages.iter().map(|(hit, _)| thread(hit)).max_by_key(|t| t.total).unwrap();
    assert!(whole.total >= 12, "a conversation long enough to page: {}", whole.total);
    let expected: Vec<Value> = whole
        .messages
        .iter()
        .map(|m| serde_json::from_str(&serde_json::to_string(&HitLine::new(m)).unwrap()).unwrap())
        .collect();
    let (a, b) = (&whole.a, &whole.b);
    let thread_path = |query: &str| format!("/api/v1/cases/{CASE}/thread?a={a}&b={b}&{query}");
    let before = trail_len(&h);

    // Around a message in the middle, then earlier and later pages of 3 from it.
    let middle = &whole.messages[whole.total / 2];
    let around = format!("{}:{}", middle.sender, middle.message_id);
    let first = get_ok(&h, &vera, &thread_path(&format!("around={around}&before=2&after=1"))).await;
    assert_eq!(first["total"], whole.total);
    assert_eq!(first["start"], whole.total / 2 - 2);
    assert_eq!(first["centre"], 2);
    assert_eq!(first["messages"][2]["centre"], true);
    assert_eq!(first["messages"][1]["centre"], false);
    let mut served = page_messages(&first);
    let mut pages = 1;
    let mut earlier = first["earlier"].as_str().map(str::to_owned);
    while let Some(key) = earlier {
        let page = get_ok(&h, &vera, &thread_path(&format!("earlier_than={key}&limit=3"))).await;
        assert_eq!(page["centre"], Value::Null);
        let mut older = page_messages(&page);
        assert!(!older.is_empty() && older.len() <= 3);
        older.append(&mut served);
        served = older;
        assert_eq!(page["start"].as_u64().unwrap() as usize, whole.total / 2 - 2 - (served.len() - 4));
        earlier = page["earlier"].as_str().map(str::to_owned);
        pages += 1;
    }
    let mut later = first["later"].as_str().map(str::to_owned);
    while let Some(key) = later {
        let page = get_ok(&h, &vera, &thread_path(&format!("later_than={key}&limit=3"))).await;
        let newer = page_messages(&page);
        assert!(!newer.is_empty() && newer.len() <= 3);
        assert_eq!(page["start"].as_u64().unwrap() as usize, served.len());
        served.extend(newer);
        later = page["later"].as_str().map(str::to_owned);
        pages += 1;
    }
    assert_eq!(served.len(), expected.len(), "no gap, no overlap");
    if let Some(n) = (0..served.len()).find(|&n| served[n] != expected[n]) {
        panic!("message {n} differs:\nserved {}\nthe CLI {}", served[n], expected[n]);
    }
    // From the start: the first page has no earlier one.
    let start = get_ok(&h, &vera, &thread_path("limit=4")).await;
    assert_eq!((start["start"].clone(), start["earlier"].clone()), (json!(0), Value::Null));
    assert_eq!(page_messages(&start), expected[..4]);
    pages += 1;

    let records = new_records(&h, before);
    assert_eq!(records.len(), pages, "one record per page");
    assert!(records.iter().all(|(user, command, _)| user == "vera" && command == "thread"), "{records:?}");
    assert_eq!(records[0].2, 4, "the first page's messages");
}

/// The bytes of copy `n` of a message.
async fn copy_bytes(h: &Harness, who: &Session, hit: &Hit, n: usize, query: &str) -> Value {
    get_ok(h, who, &format!("{}{query}", bytes_path(&hit.sender, hit.message_id, n))).await
}

#[tokio::test]
async fn a_copy_s_evidence_bytes_are_the_file_s_and_verified() {
    let h = Harness::with_evidence();
    h.user("vera", &[(CASE, Role::Viewer)]);
    let vera = h.login("vera").await;
    let messages = every_message(&h);
    let (hit, _) = messages.iter().find(|(hit, _)| hit.copies.len() >= 2).unwrap();
    for (n, copy) in hit.copies.iter().enumerate() {
        let before = trail_len(&h);
        let answer = copy_bytes(&h, &vera, hit, n, "").await;
        assert_eq!(answer["verified"], true, "{answer}");
        assert_eq!(answer["reasons"], json!([]));
        assert_eq!(
            (answer["sender"].as_str(), answer["message_id"].as_u64()),
            (Some(&*hit.sender), Some(hit.message_id))
        );
        assert_eq!(answer["copy"]["n"], n);
        let evidence = &answer["evidence"];
        assert_eq!(
            (evidence["status"].as_str(), evidence["actual_sha256"].as_str()),
            (Some("ok"), Some(&*copy.sha256))
        );
        assert!(evidence["hashed_at"].is_string());
        let frame = &answer["frame"];
        let bytes = hex::decode(frame["hex"].as_str().unwrap()).unwrap();
        let file = std::fs::read(&copy.file).unwrap();
        let offset = copy.offset as usize;
        assert_eq!(bytes, file[offset..offset + bytes.len()], "the file's bytes at the offset");
        assert_eq!(&bytes[..2], &tapir_parsers::SYNC);
        assert_eq!(frame["size"], bytes.len());
        let length = u32::from_le_bytes(bytes[4..8].try_into().unwrap()) as usize;
        assert_eq!(bytes.len(), length + tapir_parsers::FRAME_OVERHEAD);
        let stored = u32::from_le_bytes(bytes[bytes.len() - 4..].try_into().unwrap());
        assert_eq!(
            frame["crc"],
            json!({ "stored": format!("{stored:08x}"), "computed": format!("{stored:08x}"), "holds": true })
        );
        assert_eq!((frame["type_name"].as_str(), frame["names_message"].as_bool()), (Some("MESSAGE"), Some(true)));
        assert_eq!(frame["deleted"], copy.deleted);
        assert_eq!(new_records(&h, before), [("vera".to_owned(), "evidence".to_owned(), 1)]);
    }
    // The same file again: its hash kept (and said so); asked to, computed again.
    let first = copy_bytes(&h, &vera, hit, 0, "").await;
    let again = copy_bytes(&h, &vera, hit, 0, "").await;
    assert_eq!(again["evidence"]["hash_kept"], true);
    assert_eq!(again["evidence"]["hashed_at"], first["evidence"]["hashed_at"]);
    let rehashed = copy_bytes(&h, &vera, hit, 0, "?rehash=true").await;
    assert_eq!((rehashed["evidence"]["hash_kept"].clone(), rehashed["verified"].clone()), (json!(false), json!(true)));
}

#[tokio::test]
async fn evidence_changed_or_missing_after_ingest_is_reported_not_trusted() {
    let h = Harness::with_evidence_copy();
    h.user("vera", &[(CASE, Role::Viewer)]);
    let vera = h.login("vera").await;
    let messages = every_message(&h);
    let (hit, _) = messages.iter().find(|(hit, _)| hit.copies.len() == 1).unwrap();
    let copy = &hit.copies[0];
    assert!(copy.file.starts_with(h.evidence_dir()), "the copies were ingested: {}", copy.file.display());
    assert_eq!(copy_bytes(&h, &vera, hit, 0, "").await["verified"], true);

    // One byte of the frame's payload flipped; the modification time moved on as a write does.
    let mut file = std::fs::read(&copy.file).unwrap();
    file[copy.offset as usize + 10] ^= 0x01;
    std::fs::write(&copy.file, &file).unwrap();
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
    std::fs::File::options().write(true).open(&copy.file).unwrap().set_modified(later).unwrap();
    let changed = copy_bytes(&h, &vera, hit, 0, "").await;
    assert_eq!(changed["verified"], false, "{changed}");
    assert_eq!(changed["evidence"]["status"], "changed");
    assert_eq!(changed["evidence"]["hash_kept"], false, "a changed file is hashed again");
    assert_ne!(changed["evidence"]["actual_sha256"], changed["evidence"]["sha256"]);
    assert_eq!(changed["frame"]["crc"]["holds"], false);
    let reasons: Vec<&str> = changed["reasons"].as_array().unwrap().iter().map(|r| r.as_str().unwrap()).collect();
    assert!(reasons.iter().any(|r| r.contains("changed since ingest")), "{reasons:?}");
    assert!(reasons.iter().any(|r| r.contains("CRC does not hold")), "{reasons:?}");
    assert_eq!(hex::decode(changed["frame"]["hex"].as_str().unwrap()).unwrap()[10], file[copy.offset as usize + 10]);

    // Gone: a 200 that says so.
    std::fs::remove_file(&copy.file).unwrap();
    let missing = h.send(vera.get(&bytes_path(&hit.sender, hit.message_id, 0))).await;
    assert_eq!(missing.status, StatusCode::OK, "{}", missing.text());
    let missing = missing.json();
    assert_eq!((missing["verified"].clone(), missing["frame"].clone()), (json!(false), Value::Null));
    assert_eq!(missing["evidence"]["status"], "missing");
    assert!(missing["evidence"]["error"].is_string());
    assert!(missing["reasons"][0].as_str().unwrap().contains("cannot be opened"), "{missing}");
}

fn assert_error(reply: &Reply, status: StatusCode, code: &str, what: &str) {
    assert_eq!(reply.status, status, "{what}: {}", reply.text());
    assert_eq!(reply.error_code(), code, "{what}");
}

#[tokio::test]
async fn unknown_messages_and_copies_are_404_and_bad_parameters_400_reading_nothing() {
    let h = Harness::with_evidence();
    h.user("vera", &[(CASE, Role::Viewer)]);
    let vera = h.login("vera").await;
    let messages = every_message(&h);
    let (hit, _) = &messages[0];
    let (s, id) = (&hit.sender, hit.message_id);
    let thread = |query: &str| format!("/api/v1/cases/{CASE}/thread?{query}");
    let pair = format!("a={}&b={}", hit.sender, hit.recipient);
    let before = trail_len(&h);
    let missing = [
        (message_path(s, 999_999_999), "message_not_found"),
        (message_path("nobody-here", id), "message_not_found"),
        (bytes_path(s, 999_999_999, 0), "message_not_found"),
        (bytes_path(s, id, hit.copies.len()), "copy_not_found"),
        (thread(&format!("{pair}&around={s}:999999999")), "not_found"),
        (thread(&format!("{pair}&later_than=nobody:1")), "not_found"),
    ];
    for (path, code) in missing {
        assert_error(&h.send(vera.get(&path)).await, StatusCode::NOT_FOUND, code, &path);
    }
    let bad = [
        (format!("/api/v1/cases/{CASE}/messages/{s}/abc"), "bad_message_id"),
        (format!("/api/v1/cases/{CASE}/messages/{s}/-1"), "bad_message_id"),
        (format!("{}/copies/x/bytes", message_path(s, id)), "bad_copy"),
        (format!("{}?rehash=maybe", bytes_path(s, id, 0)), "bad_query"),
        (format!("{}?nosuch=1", bytes_path(s, id, 0)), "bad_query"),
        (thread("b=x"), "bad_query"),
        (thread("a=&b=x"), "bad_handle"),
        (thread(&format!("{pair}&around=nocolon")), "bad_message"),
        (thread(&format!("{pair}&around={s}:x")), "bad_message"),
        (thread(&format!("{pair}&around={s}:{id}&earlier_than={s}:{id}")), "bad_window"),
        (thread(&format!("{pair}&before=2")), "bad_window"),
        (thread(&format!("{pair}&around={s}:{id}&limit=2")), "bad_window"),
        (thread(&format!("{pair}&around={s}:{id}&before=501")), "bad_limit"),
        (thread(&format!("{pair}&limit=0")), "bad_limit"),
        (thread(&format!("{pair}&limit=501")), "bad_limit"),
        (thread(&format!("{pair}&limit=-1")), "bad_query"),
        (thread(&format!("{pair}&from=yesterday")), "bad_time"),
        (thread(&format!("{pair}&nosuch=1")), "bad_query"),
    ];
    for (path, code) in bad {
        assert_error(&h.send(vera.get(&path)).await, StatusCode::BAD_REQUEST, code, &path);
    }
    assert_eq!(new_records(&h, before), [], "a refused request reads nothing");
}
