//! The JSON API's reads of case data: answers in the CLI's `--json` field names, one record
//! per read in the case's audit trail naming the user, the roles' limits, bad requests.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::{Value, json};
use tapir::audit::VerifyOutcome;
use tapir::{Analyst, Case};
use tapir_server::Role;

use crate::support::{CASE, Harness, OTHER_CASE, bearer};

fn stats_path(case: &str) -> String {
    format!("/api/v1/cases/{case}/stats")
}

const AUDIT: &str = "/api/v1/cases/op-tiger/audit";
const AUDIT_VERIFY: &str = "/api/v1/cases/op-tiger/audit/verify";

/// (analyst, command, arguments.route) of each record of the case's trail.
fn trail(h: &Harness, case: &str) -> Vec<(String, String, Value)> {
    let records = h.case_trail(case).records().unwrap();
    records
        .into_iter()
        .map(|r| {
            let route = serde_json::to_value(&r.arguments).unwrap()["route"].clone();
            (r.analyst, r.command, route)
        })
        .collect()
}

fn intact(h: &Harness, case: &str) -> u64 {
    match h.case_trail(case).verify().unwrap() {
        VerifyOutcome::Intact { records, .. } => records,
        broken => panic!("the trail of {case} is not intact: {broken:?}"),
    }
}

#[tokio::test]
async fn stats_are_what_tapir_stats_json_prints_and_each_read_is_recorded_naming_the_user() {
    let h = Harness::with_evidence();
    h.user("vera", &[(CASE, Role::Viewer)]);
    let token = h.store().create_token("vera", "script").unwrap();
    let vera = h.login("vera").await;

    let reply = h.send(vera.get(&stats_path(CASE))).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let served = reply.json();
    let route = json!("/api/v1/cases/{case}/stats");
    assert_eq!(trail(&h, CASE), vec![("vera".into(), "stats".into(), route.clone())]);
    assert_eq!(h.case_trail(CASE).records().unwrap()[0].results, 1);

    let reply = h.send(bearer(&stats_path(CASE), &token).body(Body::empty()).unwrap()).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(trail(&h, CASE).len(), 2, "one record per read");
    assert_eq!(trail(&h, CASE)[1].0, "vera", "a token's reads name its user");

    // `tapir stats --json` serialises the facade's `Stats` as it is: the same object.
    let cli = Case::open(&h.index_dir(CASE), Analyst::new("cli").unwrap()).unwrap();
    let mut expected = serde_json::to_value(cli.stats(&json!({})).unwrap()).unwrap();
    let mut served = served;
    for stats in [&mut expected, &mut served] {
        // The index directory holds the trail, which grew between the two reads.
        assert!(stats["index_bytes"].as_u64().unwrap() > 0);
        stats.as_object_mut().unwrap().remove("index_bytes");
    }
    assert_eq!(served, expected);
    assert!(served["logical_messages"].as_u64().unwrap() > 0, "the fixture was ingested: {served}");
    assert_eq!(intact(&h, CASE), 3);
    assert_eq!(intact(&h, OTHER_CASE), 0, "another case's trail is untouched");
}

#[tokio::test]
async fn the_audit_trail_is_for_leads_only_and_a_refusal_reads_nothing() {
    let h = Harness::new();
    h.user("vera", &[(CASE, Role::Viewer)]);
    h.user("ivan", &[(CASE, Role::Investigator)]);
    h.user("lea", &[(CASE, Role::Lead)]);
    h.user("bob", &[(OTHER_CASE, Role::Lead)]);
    for (user, stats, audit) in [
        ("vera", StatusCode::OK, StatusCode::FORBIDDEN),
        ("ivan", StatusCode::OK, StatusCode::FORBIDDEN),
        ("lea", StatusCode::OK, StatusCode::OK),
        ("bob", StatusCode::NOT_FOUND, StatusCode::NOT_FOUND),
    ] {
        let s = h.login(user).await;
        let before = trail(&h, CASE).len();
        assert_eq!(h.send(s.get(&stats_path(CASE))).await.status, stats, "{user} reads the stats");
        for path in [AUDIT, AUDIT_VERIFY] {
            let reply = h.send(s.get(path)).await;
            assert_eq!(reply.status, audit, "{user}: {path}");
            if !audit.is_success() {
                let code = if audit == StatusCode::NOT_FOUND { "case_not_found" } else { "forbidden" };
                assert_eq!(reply.error_code(), code, "{user}: {path}");
            }
        }
        let reads = usize::from(stats.is_success()) + 2 * usize::from(audit.is_success());
        assert_eq!(trail(&h, CASE).len(), before + reads, "{user}: a record per read, none per refusal");
    }
    intact(&h, CASE);
}

#[tokio::test]
async fn the_audit_route_answers_the_records_as_audit_show_json_prints_them() {
    let h = Harness::with_evidence();
    h.user("lea", &[(CASE, Role::Lead)]);
    h.user("vera", &[(CASE, Role::Viewer)]);
    let vera = h.login("vera").await;
    let lea = h.login("lea").await;
    assert_eq!(h.send(vera.get(&stats_path(CASE))).await.status, StatusCode::OK);

    // `audit show --json` prints each record as stored in audit.jsonl.
    let stored = std::fs::read_to_string(h.case_trail(CASE).path()).unwrap();
    let shown: Vec<Value> = stored.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let reply = h.send(lea.get(AUDIT)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    assert_eq!(reply.json(), json!({ "records": shown }));
    let last = h.case_trail(CASE).records().unwrap().pop().unwrap();
    assert_eq!((last.analyst.as_str(), last.command.as_str(), last.results), ("lea", "audit_show", 1));

    let reply = h.send(lea.get(AUDIT_VERIFY)).await;
    assert_eq!(reply.status, StatusCode::OK);
    let VerifyOutcome::Intact { records, head } = h.case_trail(CASE).verify().unwrap() else { panic!("broken") };
    assert_eq!(records, 3, "stats, audit_show, audit_verify");
    assert_eq!(reply.json(), json!({ "intact": true, "records": records, "head": head }));
    assert_eq!(trail(&h, CASE)[2].1, "audit_verify");
}

#[tokio::test]
async fn a_broken_trail_is_reported_by_verify_and_not_recorded_into() {
    let h = Harness::new();
    h.user("lea", &[(CASE, Role::Lead)]);
    let lea = h.login("lea").await;
    for _ in 0..3 {
        assert_eq!(h.send(lea.get(&stats_path(CASE))).await.status, StatusCode::OK);
    }
    let path = h.case_trail(CASE).path().to_owned();
    // The second record's result count changed.
    let mut lines: Vec<String> = std::fs::read_to_string(&path).unwrap().lines().map(str::to_owned).collect();
    lines[1] = lines[1].replace("\"results\":1", "\"results\":7");
    assert!(lines[1].contains("\"results\":7"), "{}", lines[1]);
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    let reply = h.send(lea.get(AUDIT_VERIFY)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let answer = reply.json();
    assert_eq!((answer["intact"].clone(), answer["broken"]["line"].clone()), (json!(false), json!(2)), "{answer}");
    assert_eq!(answer["broken"]["seq"], 1);
    assert!(answer["broken"]["reason"].as_str().unwrap().contains("hash"), "{answer}");
    assert!(answer.get("head").is_none());
    let after = std::fs::read_to_string(&path).unwrap();
    assert_eq!(after.lines().count(), 3, "a broken trail gets no record of its check");
}

#[tokio::test]
async fn a_read_whose_record_cannot_be_written_is_refused() {
    let h = Harness::new();
    h.user("vera", &[(CASE, Role::Viewer)]);
    let vera = h.login("vera").await;
    let trail = h.case_trail(CASE).path().to_owned();
    std::fs::create_dir(&trail).unwrap();
    let reply = h.send(vera.get(&stats_path(CASE))).await;
    assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(reply.error_code(), "audit_unavailable");
    assert!(!reply.text().contains(h.dir.path().to_str().unwrap()), "no server path in the answer");
    std::fs::remove_dir(&trail).unwrap();
    assert_eq!(h.send(vera.get(&stats_path(CASE))).await.status, StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn parallel_reads_each_leave_one_record_and_the_chain_holds() {
    let h = Arc::new(Harness::new());
    let users = ["ana", "bea", "cid", "dan"];
    let mut sessions = Vec::new();
    for user in users {
        h.user(user, &[(CASE, Role::Lead)]);
        sessions.push(h.login(user).await);
    }
    let mut tasks = Vec::new();
    for round in 0..8 {
        for s in &sessions {
            let (h, s) = (h.clone(), s.clone());
            let path = if round % 2 == 0 { stats_path(CASE) } else { AUDIT_VERIFY.to_owned() };
            tasks.push(tokio::spawn(async move { h.send(s.get(&path)).await.status }));
        }
    }
    for task in tasks {
        assert_eq!(task.await.unwrap(), StatusCode::OK);
    }
    assert_eq!(intact(&h, CASE), 32);
    let records = trail(&h, CASE);
    for user in users {
        assert_eq!(records.iter().filter(|r| r.0 == user).count(), 8, "{user}");
    }
}

#[tokio::test]
async fn bad_requests_to_case_routes_are_json_4xx_and_read_nothing() {
    let h = Harness::new();
    h.user("lea", &[(CASE, Role::Lead)]);
    let lea = h.login("lea").await;
    for (request, status, code) in [
        (lea.get(&stats_path("no-such-case")), StatusCode::NOT_FOUND, "case_not_found"),
        (lea.get(&stats_path("..%2F..%2Fetc")), StatusCode::NOT_FOUND, "case_not_found"),
        (lea.get(&format!("{}/more", stats_path(CASE))), StatusCode::NOT_FOUND, "not_found"),
        (lea.post(&stats_path(CASE)), StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"),
        (lea.post(AUDIT_VERIFY), StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"),
    ] {
        let what = format!("{} {}", request.method(), request.uri());
        let reply = h.send(request).await;
        assert_eq!((reply.status, reply.error_code().as_str()), (status, code), "{what}");
    }
    let unauthenticated = Request::get(stats_path(CASE)).body(Body::empty()).unwrap();
    assert_eq!(h.send(unauthenticated).await.status, StatusCode::UNAUTHORIZED);
    assert!(trail(&h, CASE).is_empty());
}

#[tokio::test]
async fn entities_are_the_lines_of_tapir_entities_json_and_a_bad_kind_is_a_400() {
    let h = Harness::with_evidence();
    h.user("vera", &[(CASE, Role::Viewer)]);
    let vera = h.login("vera").await;
    let path = format!("/api/v1/cases/{CASE}/entities");
    let reply = h.send(vera.get(&path)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let served = reply.json();
    let cli = Case::open(&h.index_dir(CASE), Analyst::new("cli").unwrap()).unwrap();
    let reports = cli.entities(None, None, &tapir::index::SilentProgress, &json!({})).unwrap();
    assert!(!reports.is_empty(), "the fixture has entities");
    assert_eq!(served, json!({ "entities": serde_json::to_value(&reports).unwrap() }));

    let kind = reports[0].kind.as_str();
    let reply = h.send(vera.get(&format!("{path}?kind={}", kind.to_uppercase()))).await;
    assert_eq!(reply.status, StatusCode::OK);
    let of_kind = reply.json()["entities"].as_array().unwrap().clone();
    let expected = reports.iter().filter(|r| r.kind.as_str() == kind).count();
    assert_eq!(of_kind.len(), expected);
    assert!(of_kind.iter().all(|e| e["kind"] == kind), "{of_kind:?}");
    assert!(expected < reports.len(), "the fixture has entities of several kinds");
    let records = trail(&h, CASE);
    assert_eq!(records.len(), 3, "the served two and the comparison's read");
    let given = serde_json::to_value(&h.case_trail(CASE).records().unwrap()[2].arguments).unwrap();
    assert_eq!(given["parameters"], json!({ "kind": kind }));

    for (query, code) in [("?kind=ruby", "bad_kind"), ("?colour=red", "bad_query"), ("?kind=btc&kind=eth", "bad_query")]
    {
        let reply = h.send(vera.get(&format!("{path}{query}"))).await;
        assert_eq!((reply.status, reply.error_code().as_str()), (StatusCode::BAD_REQUEST, code), "{query}");
    }
    assert_eq!(trail(&h, CASE).len(), 3, "a bad request reads nothing");
}
