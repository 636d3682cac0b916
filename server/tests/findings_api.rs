//! The findings, the batch and the exports over the API: answers equal the facade's (what the
//! CLI prints), the findings are hunted once per commit and carry their reviews, the exports
//! are a lead's, and each call is one audit record naming the user.

use axum::body::Body;
use axum::http::StatusCode;
use serde_json::{Value, json};
use tapir::annotations::ReviewState;
use tapir::export::TimelineFormat;
use tapir::index::{HuntOptions, SilentProgress};
use tapir::rules::Level;
use tapir::{Analyst, Case};
use tapir_server::Role;

use crate::support::{CASE, Harness, bearer};

fn url(route: &str) -> String {
    format!("/api/v1/cases/{CASE}/{route}")
}

fn commands(h: &Harness) -> Vec<(String, String)> {
    h.case_trail(CASE).records().unwrap().into_iter().map(|r| (r.analyst, r.command)).collect()
}

/// Through text, as served answers come.
fn as_json(value: &impl serde::Serialize) -> Value {
    serde_json::from_str(&serde_json::to_string(value).unwrap()).unwrap()
}

#[tokio::test]
async fn findings_are_the_hunts_lines_with_their_reviews_paged_filtered_and_hunted_once_per_commit() {
    let h = Harness::with_generated();
    h.user("ines", &[(CASE, Role::Investigator)]);
    let ines = h.login("ines").await;

    let cli = Case::open(&h.index_dir(CASE), Analyst::new("cli").unwrap()).unwrap();
    let options = HuntOptions { from: None, to: None, categories: Vec::new(), min_level: Level::Low, watchlist: None };
    let report = cli.hunt(&tapir::rules::builtin().unwrap(), &options, &SilentProgress, &json!({})).unwrap();
    assert!(report.findings.len() >= 3, "the fixture has findings: {}", report.findings.len());
    let first = report.findings[0].id;
    cli.review(first, ReviewState::Confirmed, Some("ransom call")).unwrap();
    let before = commands(&h).len();

    let mut served = Vec::new();
    let mut cursor = String::new();
    loop {
        let reply = h.send(ines.get(&url(&format!("findings?limit=2{cursor}")))).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
        let page = reply.json();
        assert_eq!(page["total"], report.findings.len());
        served.extend(page["findings"].as_array().unwrap().iter().cloned());
        match page["next"].as_str() {
            Some(next) => cursor = format!("&cursor={next}"),
            None => break,
        }
    }
    assert_eq!(served.len(), report.findings.len());
    for (served, finding) in served.iter().zip(&report.findings) {
        let mut line = served.clone();
        let review = line.as_object_mut().unwrap().remove("review").unwrap();
        assert_eq!(line, as_json(finding), "a finding is its `hunt --json` line");
        if finding.id == first {
            assert_eq!(review["state"], "confirmed");
            assert_eq!(review["reviewer"], "cli");
            assert_eq!(review["note"], "ransom call");
        } else {
            assert_eq!(review, Value::Null);
        }
    }
    let pages = report.findings.len().div_ceil(2);
    let trail = commands(&h);
    assert_eq!(trail.len() - before, pages, "one record per page");
    assert!(trail[before..].iter().all(|(who, command)| who == "ines" && command == "findings"));

    let reply = h.send(ines.get(&url("findings?review=confirmed"))).await;
    let page = reply.json();
    assert_eq!(page["total"], 1);
    assert_eq!(page["findings"][0]["id"], first.to_string());
    let progress = page["progress"].as_array().unwrap();
    let category = first.category.as_str();
    let of_category = progress.iter().find(|p| p["category"] == category).unwrap();
    assert_eq!((of_category["reviewed"].as_u64(), of_category["confirmed"].as_u64()), (Some(1), Some(1)));

    let kidnapping = report.findings.iter().filter(|f| f.category.as_str() == "kidnapping").count();
    let page = h.send(ines.get(&url("findings?category=kidnapping&limit=500"))).await.json();
    assert_eq!(page["total"], kidnapping);
    let high = report.findings.iter().filter(|f| f.level >= Level::High).count();
    assert_eq!(h.send(ines.get(&url("findings?min_level=high"))).await.json()["total"], high);
    // Same commit, same hunt: the commit it was computed on is told, and stays.
    let commit = page["commit"].clone();
    assert_eq!(h.send(ines.get(&url("findings"))).await.json()["commit"], commit);

    for bad in ["category=arson", "min_level=extreme", "review=maybe", "limit=0", "limit=501", "cursor=x", "sort=time"]
    {
        let reply = h.send(ines.get(&url(&format!("findings?{bad}")))).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{bad}: {}", reply.text());
    }
}

#[tokio::test]
async fn a_batch_gives_the_clis_summary_and_hits_and_reports_bad_lines() {
    let h = Harness::with_evidence();
    h.user("vera", &[(CASE, Role::Viewer)]);
    let token = h.store().create_token("vera", "script").unwrap();
    let post = |content_type: &str, body: &str, query: &str| {
        bearer(&url(&format!("batch{query}")), &token)
            .method("POST")
            .header("content-type", content_type)
            .body(Body::from(body.to_owned()))
            .unwrap()
    };
    let reply = h
        .send(post("text/plain", "chargeur\n# a comment\nstatus:nokey\n\n\"a phrase that is nowhere\"\n", "?limit=2"))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let answer = reply.json();
    let summary = answer["summary"].as_array().unwrap();
    assert_eq!(summary.len(), 3, "a row per query line: {summary:?}");
    let cli = Case::open(&h.index_dir(CASE), Analyst::new("cli").unwrap()).unwrap();
    let options = tapir::index::SearchOptions { query: "chargeur".into(), limit: 2, ..Default::default() };
    let stream = cli.search(&options, &json!({})).unwrap();
    let total = stream.total();
    assert!(total > 2);
    assert_eq!((summary[0]["line"].clone(), summary[0]["hits"].clone()), (json!(1), json!(2)));
    assert_eq!(summary[0]["total"], total);
    assert!(summary[1]["error"].as_str().unwrap().contains("invalid query"), "{}", summary[1]);
    assert_eq!(summary[1]["line"], 3);
    assert_eq!(summary[2]["total"], 0);
    let expected: Vec<Value> = stream
        .enumerate()
        .map(|(n, hit)| as_json(&tapir::wire::HitLine::new(&hit.unwrap()).query("1").ranked(n + 1, total)))
        .collect();
    assert_eq!(answer["hits"].as_array().unwrap(), &expected, "the hits are `batch --jsonl`'s lines");
    assert!(answer["hints"].is_array());
    let of_vera = |h: &Harness| commands(h).into_iter().filter(|(who, _)| who == "vera").collect::<Vec<_>>();
    assert_eq!(of_vera(&h), vec![("vera".to_owned(), "batch".to_owned())], "one record for the run");

    let csv = "id,query\nwallets,btc\n";
    let answer = h.send(post("text/csv", csv, "")).await.json();
    assert_eq!(answer["summary"][0]["id"], "wallets");
    for (content_type, body, query, status) in [
        ("application/json", "{}", "", StatusCode::UNSUPPORTED_MEDIA_TYPE),
        ("text/csv", "nope\nx\n", "", StatusCode::BAD_REQUEST),
        ("text/plain", "x\n", "?limit=101", StatusCode::BAD_REQUEST),
        ("text/plain", &"x\n".repeat(501), "", StatusCode::BAD_REQUEST),
    ] {
        let reply = h.send(post(content_type, body, query)).await;
        assert_eq!(reply.status, status, "{content_type} {query}: {}", reply.text());
        assert!(reply.json()["error"].is_object() || reply.json()["error"].is_string(), "{}", reply.text());
    }
    assert_eq!(of_vera(&h).len(), 2, "refused batches read nothing");
}

#[tokio::test]
async fn exports_are_a_leads_and_equal_the_clis() {
    let h = Harness::with_evidence();
    h.user("lea", &[(CASE, Role::Lead)]);
    h.user("ines", &[(CASE, Role::Investigator)]);
    let lea = h.login("lea").await;
    let ines = h.login("ines").await;

    let cli = Case::open(&h.index_dir(CASE), Analyst::new("cli").unwrap()).unwrap();
    let mut expected = Vec::new();
    cli.export_timeline(TimelineFormat::Jsonl, (None, None), &mut expected, &SilentProgress, &json!({})).unwrap();
    let rows = expected.iter().filter(|&&b| b == b'\n').count();
    assert!(expected.len() > 64 * 1024, "the timeline spans several chunks: {} bytes", expected.len());

    let reply = h.send(lea.get(&url("export/timeline?format=jsonl"))).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    assert_eq!(reply.header("content-type"), Some("application/x-ndjson"));
    assert!(reply.header("content-disposition").unwrap().starts_with("attachment"));
    assert!(reply.body == expected, "the streamed timeline is the CLI's");
    let records = h.case_trail(CASE).records().unwrap();
    let last = records.last().unwrap();
    assert_eq!((last.analyst.as_str(), last.command.as_str(), last.results), ("lea", "export", rows as u64));

    let csv = h.send(lea.get(&url("export/timeline?from=2099-01-01"))).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(csv.text().lines().count(), 1, "the header row alone: {}", csv.text());

    let graph = h.send(lea.get(&url("export/graph?format=json"))).await.json();
    assert_eq!(graph, as_json(&cli.export_graph(&SilentProgress, &json!({})).unwrap()));
    let xml = h.send(lea.get(&url("export/graph"))).await;
    assert_eq!(xml.header("content-type"), Some("application/graphml+xml"));
    assert!(xml.text().starts_with("<?xml"));

    let before = h.case_trail(CASE).records().unwrap().len();
    for route in ["export/timeline", "export/graph"] {
        let reply = h.send(ines.get(&url(route))).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{route}");
    }
    for bad in ["export/timeline?format=xlsx", "export/timeline?from=yesterday", "export/graph?format=dot"] {
        assert_eq!(h.send(lea.get(&url(bad))).await.status, StatusCode::BAD_REQUEST, "{bad}");
    }
    assert_eq!(h.case_trail(CASE).records().unwrap().len(), before, "refusals read nothing");
}
