//! `GET /api/v1/cases/{case}/search`: the hits are the lines `tapir search --json` prints for
//! the same query (the facade's hits through `tapir::wire`), pages follow their cursors without
//! overlap, facets count every match, one audit record per page, bad parameters are 4xx.

use axum::http::StatusCode;
use serde_json::{Value, json};
use tapir::index::SearchOptions;
use tapir::wire::HitLine;
use tapir::{Analyst, Case};
use tapir_server::Role;

use crate::support::{CASE, Harness};

fn search(query: &str) -> String {
    format!("/api/v1/cases/{CASE}/search?{query}")
}

#[tokio::test]
async fn search_answers_what_the_cli_prints_page_by_page_with_facets() {
    let h = Harness::with_evidence();
    h.user("vera", &[(CASE, Role::Viewer)]);
    let vera = h.login("vera").await;

    // The CLI's lines for the same query: the facade's hits as `tapir::wire` writes them.
    let cli = Case::open(&h.index_dir(CASE), Analyst::new("cli").unwrap()).unwrap();
    let options = SearchOptions { query: "chargeur OR charger".into(), limit: usize::MAX, ..SearchOptions::default() };
    let stream = cli.search(&options, &json!({})).unwrap();
    let total = stream.total();
    let expected: Vec<Value> = stream
        .map(|h| h.unwrap())
        .enumerate()
        // Through text, as the served lines come: parsing rounds floats the same way.
        .map(|(n, hit)| {
            serde_json::from_str(&serde_json::to_string(&HitLine::new(&hit).ranked(n + 1, total)).unwrap()).unwrap()
        })
        .collect();
    assert!(total > 7, "the fixture has hits: {total}");
    let records_before = h.case_trail(CASE).records().unwrap().len();

    let mut served = Vec::new();
    let mut cursor = String::new();
    let mut pages = 0;
    loop {
        let reply = h.send(vera.get(&search(&format!("q=chargeur%20OR%20charger&limit=3{cursor}")))).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
        let page = reply.json();
        assert_eq!(page["total"], total);
        assert!(page.get("facets").is_none(), "facets only on request");
        served.extend(page["hits"].as_array().unwrap().iter().cloned());
        pages += 1;
        match page["next"].as_str() {
            Some(next) => cursor = format!("&cursor={next}"),
            None => break,
        }
    }
    assert_eq!(served.len(), expected.len());
    if let Some(n) = (0..served.len()).find(|&n| served[n] != expected[n]) {
        panic!("hit {n} differs:\nserved {}\nthe CLI {}", served[n], expected[n]);
    }
    assert_eq!(pages, total.div_ceil(3));
    let records = h.case_trail(CASE).records().unwrap();
    assert_eq!(records.len() - records_before, pages, "one record per page");
    assert!(records[records_before..].iter().all(|r| r.analyst == "vera" && r.command == "search"));

    let reply = h.send(vera.get(&search("q=&facets=true&limit=1"))).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let page = reply.json();
    let all = page["total"].as_u64().unwrap();
    let days: u64 = page["facets"]["days"].as_array().unwrap().iter().map(|d| d["count"].as_u64().unwrap()).sum();
    assert_eq!(days, all, "the histogram holds every match");
    let statuses: u64 =
        page["facets"]["status"]["values"].as_array().unwrap().iter().map(|v| v["count"].as_u64().unwrap()).sum();
    assert_eq!(statuses, all, "every match has one status");
    for facet in ["sender", "recipient", "device", "kind", "language", "tag", "review"] {
        assert!(page["facets"][facet]["values"].is_array(), "{facet}: {page}");
    }
}

#[tokio::test]
async fn bad_search_parameters_are_4xx_and_read_nothing() {
    let h = Harness::with_evidence();
    h.user("vera", &[(CASE, Role::Viewer)]);
    let vera = h.login("vera").await;
    // Nested deeper than the 64 levels a query may have: a syntax error.
    let too_deep = format!("q={}a{}", "%28".repeat(70), "%29".repeat(70));
    for (query, code) in [
        (too_deep.as_str(), "bad_query"),
        ("limit=0", "bad_limit"),
        ("limit=1001", "bad_limit"),
        ("limit=99999999999999999999999", "bad_query"),
        ("cursor=-1", "bad_cursor"),
        ("cursor=zz", "bad_cursor"),
        ("status=nope", "bad_status"),
        ("review=nope", "bad_review"),
        ("review=unreviewed", "bad_review"),
        ("sort=random", "bad_sort"),
        ("from=yesterday", "bad_time"),
        ("nosuch=1", "bad_query"),
        // Found by schemathesis (.ci/api-fuzz): an empty tag was a 500.
        ("tag=", "bad_annotation"),
    ] {
        let reply = h.send(vera.get(&search(query))).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{query}: {}", reply.text());
        let body = reply.json();
        assert!(body["error"]["message"].is_string(), "{query}: {body}");
        if code != "bad_query" {
            assert_eq!(body["error"]["code"], code, "{query}: {body}");
        }
    }
    assert!(h.case_trail(CASE).records().unwrap().is_empty(), "a refused request reads nothing");
    let far = h.send(vera.get(&search("cursor=18446744073709551615"))).await;
    assert_eq!(far.status, StatusCode::OK, "a cursor past the end is an empty page: {}", far.text());
    assert_eq!(far.json()["hits"], json!([]));
}
