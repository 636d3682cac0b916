//! Queries and their results from the command line (issue 11): limits of any size, totals and
//! pages, bounded nesting, fuzzy distances, time windows, what the tables show, deleted copies,
//! locations, and the hints and errors a mistyped value gets.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::Value;

use crate::support::{fixture, tapir};

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The committed fixture, ingested once for this module.
fn index() -> &'static Path {
    static INDEX: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &INDEX
        .get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let index = dir.path().join("idx");
            let corpus = fixture();
            let keys = corpus.join("keys/seized.keys");
            let out = tapir(&["ingest", "--index", s(&index), "--keys", s(&keys), s(&corpus.join("dumps"))]);
            assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
            (dir, index)
        })
        .1
}

/// Runs a command on the index (inserted after the subcommand's own words); exit code,
/// stdout, stderr.
fn run(command: &[&str], args: &[&str]) -> (Option<i32>, String, String) {
    let mut all: Vec<&str> = command.to_vec();
    all.extend(["--index", s(index())]);
    all.extend(args);
    let out = tapir(&all);
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn json_lines(text: &str) -> Vec<Value> {
    text.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect()
}

fn search_json(args: &[&str]) -> Vec<Value> {
    let (code, out, err) = run(&["search"], &[&["--json"], args].concat());
    assert_eq!(code, Some(0), "search {args:?}: {err}");
    json_lines(&out)
}

fn key(hit: &Value) -> (String, u64) {
    (hit["sender"].as_str().unwrap().to_owned(), hit["message_id"].as_u64().unwrap())
}

/// A file in a fresh temporary directory (kept alive by the returned guard).
fn file(name: &str, content: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, content).unwrap();
    (dir, path)
}

/// Issue 11 item 4: `--limit 2000000000` ran out of memory, `--limit 18446744073709551615`
/// panicked (capacity overflow), in search and batch; `--limit 0` meant one hit there and all
/// in hunt.
#[test]
fn any_limit_streams_and_zero_is_a_usage_error_everywhere() {
    let all = search_json(&["--limit", "all", "chargeur"]);
    assert!(all.len() > 20);
    for limit in ["18446744073709551615", "2000000000", "99999999999999999999999"] {
        assert_eq!(search_json(&["--limit", limit, "chargeur"]), all, "--limit {limit}");
    }
    let (_dir, queries) = file("q.txt", "chargeur\nchez\n");
    let (code, out, err) = run(&["batch"], &[s(&queries), "--jsonl", "--limit", "18446744073709551615"]);
    assert_eq!(code, Some(0), "{err}");
    let chez = search_json(&["--limit", "all", "chez"]);
    assert_eq!(json_lines(&out).len(), all.len() + chez.len());
    for command in [&["search"][..], &["batch", s(&queries)], &["hunt"]] {
        let (code, _, err) = run(command, &["--limit", "0", "chargeur"][..if command[0] == "search" { 3 } else { 2 }]);
        assert_eq!(code, Some(2), "{command:?} --limit 0: {err}");
        assert!(err.contains("`all`"), "{err}");
    }
    let (code, out, err) = run(&["hunt"], &["--limit", "all"]);
    assert_eq!(code, Some(0), "{err}");
    let (_, all_findings, _) = run(&["hunt"], &["--json"]);
    let (_, json_all, _) = run(&["hunt"], &["--json", "--limit", "all"]);
    assert_eq!(all_findings, json_all);
    assert!(!out.contains("shown;"), "--limit all shows every finding: {out}");
}

/// Issue 11: how many messages match in total, in the table, JSON and CSV; `--offset` pages.
#[test]
fn search_gives_the_total_in_every_format_and_pages_with_offset() {
    let all = search_json(&["--limit", "all", "chargeur OR chez"]);
    let total = all.len();
    assert!(total > 30);
    for (rank, hit) in all.iter().enumerate() {
        assert_eq!((hit["rank"].as_u64(), hit["total"].as_u64()), (Some(rank as u64 + 1), Some(total as u64)));
    }
    for sort in ["score", "time"] {
        let all = search_json(&["--limit", "all", "--sort", sort, "chargeur OR chez"]);
        let mut paged = Vec::new();
        for offset in (0..total + 7).step_by(7) {
            paged.extend(search_json(&[
                "--limit",
                "7",
                "--offset",
                &offset.to_string(),
                "--sort",
                sort,
                "chargeur OR chez",
            ]));
        }
        assert!(paged == all, "pages of 7 ({sort}) are the whole list, in order");
    }

    let (code, table, _) = run(&["search"], &["--limit", "7", "--offset", "7", "chargeur OR chez"]);
    assert_eq!(code, Some(0));
    let footer = table.lines().last().unwrap();
    assert_eq!(footer, format!("7 hit(s), 8–14 of {total} matching; --offset 14 for more"));
    let (_, table, _) = run(&["search"], &["--limit", "all", "chargeur OR chez"]);
    assert_eq!(table.lines().last().unwrap(), format!("{total} hit(s), all {total} matching"));
    let (_, table, _) = run(&["search"], &["--offset", "100000", "chargeur OR chez"]);
    assert_eq!(table.trim(), format!("no hits ({total} matching, --offset 100000)"));

    let (code, csv_text, _) = run(&["search"], &["--csv", "--limit", "5", "--offset", "2", "chargeur OR chez"]);
    assert_eq!(code, Some(0));
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(header.last().map(String::as_str), Some("total"));
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 5);
    for (n, row) in rows.iter().enumerate() {
        let field = |name: &str| &row[header.iter().position(|h| h == name).unwrap()];
        assert_eq!((field("rank"), field("total")), ((n + 3).to_string().as_str(), total.to_string().as_str()));
        assert_eq!((field("sender").to_owned(), field("message_id").parse().unwrap()), key(&all[n + 2]));
    }
}

/// Issue 11 item 7: 5,000 nested parentheses overflowed the stack (exit 134); in a batch they
/// aborted every query.
#[test]
fn deep_queries_are_usage_errors_and_a_batch_runs_its_other_lines() {
    let deep = format!("{}chargeur{}", "(".repeat(5000), ")".repeat(5000));
    let (code, _, err) = run(&["search"], &[&deep]);
    assert_eq!(code, Some(2), "{}", &err[..err.len().min(300)]);
    assert!(err.contains("nested more than 64 levels"), "{}", &err[..err.len().min(300)]);
    let (_dir, queries) = file("q.txt", &format!("chargeur\n{deep}\nchez\n"));
    let (code, summary, _) = run(&["batch"], &[s(&queries)]);
    assert_eq!(code, Some(2));
    let rows: Vec<csv::StringRecord> =
        csv::Reader::from_reader(summary.as_bytes()).records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3);
    assert!(rows[1][4].starts_with("line 2: malformed query") && rows[1][4].contains("nested"), "{:?}", &rows[1]);
    for (row, word) in [(&rows[0], "chargeur"), (&rows[2], "chez")] {
        let total = search_json(&["--limit", "all", word]).len();
        assert_eq!((&row[3], &row[4]), (total.to_string().as_str(), ""), "{row:?}");
    }
}

/// Issue 11 item 6: `cash~3`…`cash~255` acted as distance 2 and `cash~256` found nothing,
/// exit 0; fuzzy hits were not highlighted.
#[test]
fn fuzzy_distances_above_two_are_usage_errors_and_fuzzy_hits_are_highlighted() {
    for q in ["chargeur~3", "chargeur~255", "chargeur~256"] {
        let (code, _, err) = run(&["search"], &[q]);
        assert_eq!(code, Some(2), "{q}: {err}");
        assert!(err.contains("fuzzy distance is 0, 1 or 2"), "{err}");
    }
    let (code, table, _) = run(&["search"], &["--limit", "5", "chargeir~1"]);
    assert_eq!(code, Some(0));
    let rows: Vec<&str> = table.lines().skip(1).take(5).collect();
    assert!(rows.len() == 5 && rows.iter().all(|r| r.to_lowercase().contains("[charge")), "{table}");
}

/// Issue 11 item 11: `--from` later than `--to` was silently empty everywhere.
#[test]
fn a_window_that_holds_no_time_is_a_usage_error_everywhere() {
    let window = ["--from", "2020-05-03", "--to", "2020-05-02"];
    let hit = &search_json(&["--limit", "1", "kind:text"])[0];
    let (a, b) = (hit["sender"].as_str().unwrap(), hit["recipient"].as_str().unwrap());
    for command in
        [&["search", "chargeur"][..], &["thread", a, b], &["hunt"], &["export", "timeline", "--format", "csv"]]
    {
        let (code, out, err) = run(command, &window);
        assert_eq!(code, Some(2), "{command:?}: {err}");
        assert!(err.contains("is not before --to") && out.is_empty(), "{command:?}: {err}");
        let (code, _, _) = run(command, &["--from", "2020-05-02", "--to", "2020-05-02"]);
        assert_eq!(code, Some(2), "{command:?}: an empty window [d, d)");
    }
    let (_dir, queries) =
        file("q.csv", "id,query,from,to\nok,chargeur,2020-05-01,2020-06-01\nbad,chargeur,2020-06-01,2020-05-01\n");
    let (code, summary, _) = run(&["batch"], &[s(&queries)]);
    assert_eq!(code, Some(2));
    let rows: Vec<csv::StringRecord> =
        csv::Reader::from_reader(summary.as_bytes()).records().map(Result::unwrap).collect();
    assert!(
        rows[0][4].is_empty() && rows[1][4].starts_with("line 3: from \"2020-06-01\" is not before to"),
        "{summary}"
    );
    // In a query, dates take the forms --from takes.
    let by_flags = search_json(&["--limit", "all", "--from", "2020-05-02", "--to", "2020-05-03", "chargeur"]);
    assert!(!by_flags.is_empty());
    assert_eq!(search_json(&["--limit", "all", "chargeur sent_at:[2020-05-02 TO 2020-05-03}"]), by_flags);
}

/// Wish: the tables give each message's `SENDER:ID`, what `thread --around` takes, and the
/// thread marks the message it centres on.
#[test]
fn tables_show_sender_ids_for_thread_around_which_marks_the_centre() {
    let (code, table, _) = run(&["search"], &["--limit", "1", "chargeur"]);
    assert_eq!(code, Some(0));
    let first = &search_json(&["--limit", "1", "chargeur"])[0];
    let id = format!("{}:{}", first["sender"].as_str().unwrap(), first["message_id"]);
    assert!(table.lines().nth(1).unwrap().contains(&format!(" {id} ")), "{table}");
    let (a, b) = (first["sender"].as_str().unwrap(), first["recipient"].as_str().unwrap());
    let (code, thread, err) = run(&["thread"], &[a, b, "--around", &id, "--context", "2"]);
    assert_eq!(code, Some(0), "{err}");
    let marked: Vec<&str> = thread.lines().filter(|l| l.starts_with('>')).collect();
    assert_eq!(marked.len(), 1, "{thread}");
    assert!(marked[0].contains(&format!(" {id} ")), "{thread}");
    assert_eq!(thread.lines().filter(|l| l.starts_with("  2020")).count(), thread.lines().count() - 2, "{thread}");
    let (_, json, _) = run(&["thread"], &[a, b, "--around", &id, "--context", "2", "--json"]);
    let lines = json_lines(&json);
    let centres: Vec<&Value> = lines.iter().filter(|m| m["centre"] == true).collect();
    assert!(centres.len() == 1 && key(centres[0]) == key(first), "{json}");
    assert!(lines.iter().all(|m| m["centre"].is_boolean()));
    // A context of any size is the whole thread, not an overflow.
    let (code, _, err) = run(&["thread"], &[a, b, "--around", &id, "--context", "18446744073709551615"]);
    assert_eq!(code, Some(0), "{err}");
}

/// Wishes: deleted copies are a filter (`--deleted`, `deleted:true|false`); location messages
/// keep their coordinates.
#[test]
fn deleted_copies_filter_and_locations_keep_coordinates() {
    let deleted = search_json(&["--limit", "all", "--deleted", ""]);
    assert!(!deleted.is_empty());
    assert!(deleted.iter().all(|h| h["copies"].as_array().unwrap().iter().any(|c| c["deleted"] == true)));
    assert_eq!(search_json(&["--limit", "all", "deleted:true"]), deleted);
    let kept = search_json(&["--limit", "all", "deleted:false"]);
    assert!(kept.iter().all(|h| h["copies"].as_array().unwrap().iter().all(|c| c["deleted"] == false)));
    assert_eq!(kept.len() + deleted.len(), search_json(&["--limit", "all", ""]).len());

    let locations = search_json(&["--limit", "all", "kind:location"]);
    assert!(!locations.is_empty());
    for hit in &locations {
        let (lat, lon) = (hit["location"]["lat"].as_f64(), hit["location"]["lon"].as_f64());
        assert!(lat.is_some_and(|l| l.abs() <= 90.0) && lon.is_some_and(|l| l.abs() <= 180.0), "{hit}");
    }
    assert!(search_json(&["--limit", "5", "kind:text"]).iter().all(|h| h["location"].is_null()));
    let (_, table, _) = run(&["search"], &["--limit", "3", "kind:location"]);
    assert!(table.lines().skip(1).take(3).all(|l| l.contains("<location ")), "{table}");
}

/// Wish: a mistyped handle gets a hint on stderr; a value outside a closed vocabulary (kind,
/// status, lang, deleted) is an error naming the values; both were a silent 0.
#[test]
fn mistyped_values_get_an_error_or_a_hint() {
    for (query, says) in [
        ("kind:foo", "kind is one of text, image, location, note, unknown"),
        ("status:nokey", "did you mean status:no_key?"),
        ("lang:french", "lang is one of fr, nl, en, und"),
    ] {
        let (code, _, err) = run(&["search"], &[query]);
        assert_eq!(code, Some(2), "{query}: {err}");
        assert!(err.contains(says), "{query}: {err}");
    }
    let someone = search_json(&["--limit", "1", "kind:text"])[0]["sender"].as_str().unwrap().to_owned();
    let typo = &someone[..someone.len() - 1];
    for args in [vec![format!("sender:{typo}")], vec!["--sender".into(), typo.into(), String::new()]] {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, out, err) = run(&["search"], &args);
        assert_eq!(code, Some(0), "{err}");
        assert!(out.starts_with("no hits (0 matching"), "{out}");
        assert!(err.contains("matches no handle; did you mean") && err.contains(&someone), "{args:?}: {err}");
    }
    let (_, _, err) = run(&["search"], &[&format!("sender:{someone}")]);
    assert!(!err.contains("hint"), "{err}");
}
