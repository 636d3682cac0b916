//! The server's audit trail: who logged in, failed, was locked out, logged out, and every
//! administration change, chained like any tapir audit trail; never a password or a token.

use axum::http::StatusCode;
use tapir::audit::VerifyOutcome;
use tapir_server::Role;

use crate::support::{CASE, CLIENT, Harness, PASSWORD, login_json};

#[tokio::test]
async fn logins_failures_logouts_and_administration_are_recorded_with_the_real_actor() {
    let h = Harness::new();
    h.user("ana", &[(CASE, Role::Viewer)]);
    let token = h.store().create_token("ana", "ci").unwrap();
    h.store().revoke_token("ana", "ci").unwrap();
    let typo = "correct-horse-battery-staple-typed-as-a-name";
    assert_eq!(h.send(login_json("ana", "wrong password here")).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(h.send(login_json(typo, PASSWORD)).await.status, StatusCode::UNAUTHORIZED);
    let session = h.login("ana").await;
    assert_eq!(h.send(session.post("/logout")).await.status, StatusCode::NO_CONTENT);
    h.store().revoke_grant("ana", CASE).unwrap();
    h.store().set_password("ana", "a brand new passphrase").unwrap();
    h.store().set_disabled("ana", true).unwrap();

    let records = h.store().audit().log().records().unwrap();
    let seen: Vec<(&str, &str)> = records.iter().map(|r| (r.analyst.as_str(), r.command.as_str())).collect();
    assert_eq!(
        seen,
        vec![
            ("@admin", "user_add"),
            ("@admin", "grant"),
            ("@admin", "token_create"),
            ("@admin", "token_revoke"),
            ("@anonymous", "login_failed"),
            ("@anonymous", "login_failed"),
            ("ana", "login"),
            ("ana", "logout"),
            ("@admin", "grant_revoke"),
            ("@admin", "user_passwd"),
            ("@admin", "user_disable"),
        ]
    );
    assert_eq!(records[1].arguments, args(serde_json::json!({ "user": "ana", "case": CASE, "role": "viewer" })));
    let client_ip = CLIENT.split(':').next().unwrap();
    assert_eq!(
        records[4].arguments,
        args(serde_json::json!({ "user": "ana", "client": client_ip, "reason": "wrong_password" }))
    );
    assert_eq!(
        records[5].arguments.json("user").as_deref(),
        Some("null"),
        "an unknown name is not recorded: it may be a password"
    );
    assert_eq!(records[5].arguments.text("reason"), Some("unknown_user"));
    assert_eq!(records[6].arguments, args(serde_json::json!({ "user": "ana", "client": client_ip })));
    assert_eq!(records[7].results, 1, "one session ended");

    let text = std::fs::read_to_string(h.store().audit().log().path()).unwrap();
    for secret in [PASSWORD, "wrong password here", "a brand new passphrase", &token[6..], typo, &session.csrf] {
        assert!(!text.contains(secret), "{secret:?} is in the audit trail");
    }
    let cookie_value = session.cookie.split_once('=').unwrap().1;
    assert!(!text.contains(cookie_value), "the session id is in the audit trail");
    assert!(matches!(h.store().audit().log().verify().unwrap(), VerifyOutcome::Intact { records: 11, .. }));
}

#[tokio::test]
async fn a_login_whose_record_cannot_be_written_does_not_happen() {
    let h = Harness::new();
    h.user("ana", &[]);
    let log = h.store().audit().log().path().to_owned();
    // The trail's file replaced by a directory: appends fail. (Moved aside, not deleted: a
    // trail that lost records is never continued.)
    let aside = log.with_extension("aside");
    std::fs::rename(&log, &aside).unwrap();
    std::fs::create_dir(&log).unwrap();
    let reply = h.send(login_json("ana", PASSWORD)).await;
    assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(reply.error_code(), "audit_unavailable");
    assert!(reply.header("set-cookie").is_none());
    assert_eq!(h.store().users().unwrap()[0].sessions, 0, "the session was rolled back");
    assert!(h.store().grant("ana", CASE, Role::Lead).is_err(), "nor an unaudited grant");
    std::fs::remove_dir(&log).unwrap();
    std::fs::rename(&aside, &log).unwrap();
    assert!(h.store().users().unwrap()[0].grants.is_empty());
    h.login("ana").await;
}

/// Audit arguments as the trail records them.
fn args(value: serde_json::Value) -> tapir::audit::Arguments {
    tapir::audit::Arguments::of(&value).unwrap()
}
