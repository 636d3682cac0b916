//! The authorisation guard: viewer, investigator and lead on a case; no grant is a 404 that
//! says no more than an unknown case.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use tapir_server::Role;

use crate::support::{CASE, Harness, OTHER_CASE};

async fn outcome(h: &Harness, request: Request<Body>) -> (StatusCode, String) {
    let reply = h.send(request).await;
    let body = if reply.status.is_success() { reply.text() } else { reply.error_code() };
    (reply.status, body)
}

#[tokio::test]
async fn each_role_gets_what_it_allows_and_nothing_more() {
    let h = Harness::new();
    h.user("vera", &[(CASE, Role::Viewer)]);
    h.user("ivan", &[(CASE, Role::Investigator)]);
    h.user("lea", &[(CASE, Role::Lead), (OTHER_CASE, Role::Viewer)]);
    let info = format!("/api/v1/cases/{CASE}");
    let audit = format!("/api/v1/cases/{CASE}/probe/audit");
    let annotate = format!("/api/v1/cases/{CASE}/probe/annotate");
    for (user, role, may_annotate, may_read_audit) in
        [("vera", "viewer", false, false), ("ivan", "investigator", true, false), ("lea", "lead", true, true)]
    {
        let s = h.login(user).await;
        let reply = h.send(s.get(&info)).await;
        assert_eq!(reply.status, StatusCode::OK, "{user}");
        assert_eq!(reply.json()["name"], CASE);
        assert_eq!(reply.json()["role"], role);
        let expected_annotate = if may_annotate {
            (StatusCode::OK, role.to_owned())
        } else {
            (StatusCode::FORBIDDEN, "forbidden".to_owned())
        };
        assert_eq!(outcome(&h, s.post(&annotate)).await, expected_annotate, "{user} annotates");
        let expected_audit = if may_read_audit {
            (StatusCode::OK, role.to_owned())
        } else {
            (StatusCode::FORBIDDEN, "forbidden".to_owned())
        };
        assert_eq!(outcome(&h, s.get(&audit)).await, expected_audit, "{user} reads the audit trail");
    }
    let lea = h.login("lea").await;
    let actions = h.send(lea.get(&info)).await.json()["actions"].clone();
    assert_eq!(
        actions,
        serde_json::json!(["read", "annotate", "review", "read_audit", "export", "manage_annotations"])
    );
    let reply = h.send(lea.get(&format!("/api/v1/cases/{OTHER_CASE}/probe/audit"))).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "a role is per case");
}

#[tokio::test]
async fn without_a_grant_a_case_is_not_found_exactly_like_a_case_that_does_not_exist() {
    let h = Harness::new();
    h.user("ana", &[(CASE, Role::Lead)]);
    h.user("bob", &[]);
    h.user("cid", &[("op-unserved", Role::Lead)]);
    let bob = h.login("bob").await;
    let cid = h.login("cid").await;
    let mut bodies = Vec::new();
    for (session, path) in [
        (&bob, format!("/api/v1/cases/{CASE}")),
        (&bob, format!("/api/v1/cases/{CASE}/probe/audit")),
        (&bob, "/api/v1/cases/no-such-case".to_owned()),
        (&bob, "/api/v1/cases/..%2F..%2Fetc".to_owned()),
        (&cid, "/api/v1/cases/op-unserved".to_owned()),
    ] {
        let reply = h.send(session.get(&path)).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(reply.error_code(), "case_not_found", "{path}");
        bodies.push(reply.body);
    }
    assert!(bodies.windows(2).all(|w| w[0] == w[1]), "one answer for all: nothing tells which cases exist");
    let reply = h.send(bob.post(&format!("/api/v1/cases/{CASE}/probe/annotate"))).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "not 403: that would confirm the case exists");
}

#[tokio::test]
async fn the_case_list_holds_the_served_cases_the_user_has_a_grant_on() {
    let h = Harness::new();
    h.user("ana", &[(OTHER_CASE, Role::Investigator), (CASE, Role::Viewer), ("op-unserved", Role::Lead)]);
    h.user("bob", &[]);
    let ana = h.login("ana").await;
    let reply = h.send(ana.get("/api/v1/cases")).await;
    assert_eq!(
        reply.json(),
        serde_json::json!({ "cases": [
            { "name": OTHER_CASE, "role": "investigator" },
            { "name": CASE, "role": "viewer" },
        ]})
    );
    let bob = h.login("bob").await;
    assert_eq!(h.send(bob.get("/api/v1/cases")).await.json(), serde_json::json!({ "cases": [] }));
    // A grant changed while logged in applies at once.
    h.store().grant("bob", CASE, Role::Viewer).unwrap();
    assert_eq!(h.send(bob.get(&format!("/api/v1/cases/{CASE}"))).await.status, StatusCode::OK);
    h.store().revoke_grant("bob", CASE).unwrap();
    assert_eq!(h.send(bob.get(&format!("/api/v1/cases/{CASE}"))).await.status, StatusCode::NOT_FOUND);
}
