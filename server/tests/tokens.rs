//! API tokens: accepted as Bearer on /api/v1 only, shown once, stored hashed, revocable.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use tapir_server::Role;

use crate::support::{CASE, Harness, bearer};

#[tokio::test]
async fn a_token_reads_the_api_until_it_is_revoked() {
    let h = Harness::new();
    h.user("ana", &[(CASE, Role::Viewer)]);
    let token = h.store().create_token("ana", "nightly").unwrap();
    assert!(token.starts_with("tapir_") && token.len() == 6 + 64);

    let reply = h.send(bearer("/api/v1/me", &token).body(Body::empty()).unwrap()).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.json(), serde_json::json!({ "user": "ana", "auth": "token", "token": "nightly" }));
    let reply = h.send(bearer(&format!("/api/v1/cases/{CASE}"), &token).body(Body::empty()).unwrap()).await;
    assert_eq!(reply.status, StatusCode::OK);

    // Only its hash is kept, and the listing never shows the secret.
    let listed = h.store().tokens(Some("ana")).unwrap();
    assert_eq!(listed.len(), 1);
    assert!(listed[0].last_used.is_some() && listed[0].revoked.is_none());
    assert!(!serde_json::to_string(&listed).unwrap().contains(&token[6..]));
    for entry in std::fs::read_dir(h.data_dir()).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        assert!(!bytes.windows(64).any(|w| w == token[6..].as_bytes()), "token stored in clear");
    }

    h.store().revoke_token("ana", "nightly").unwrap();
    let reply = h.send(bearer("/api/v1/me", &token).body(Body::empty()).unwrap()).await;
    assert_eq!((reply.status, reply.error_code().as_str()), (StatusCode::UNAUTHORIZED, "invalid_token"));
    assert!(h.store().tokens(None).unwrap()[0].revoked.is_some(), "listed as revoked");
    // The name is free again.
    let again = h.store().create_token("ana", "nightly").unwrap();
    assert_ne!(again.as_str(), token.as_str());
}

#[tokio::test]
async fn a_token_is_not_a_session_and_a_disabled_user_s_token_stops() {
    let h = Harness::new();
    h.user("ana", &[]);
    let token = h.store().create_token("ana", "t").unwrap();
    // Pages take cookies only: a token there is no login.
    let reply = h.send(bearer("/", &token).body(Body::empty()).unwrap()).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER);
    for junk in ["Bearer", "Bearer ", "Basic YW5hOnB3", "bearer tapir_zz", "Token abc", "Bearer tapir_"] {
        let request = Request::get("/api/v1/me").header(header::AUTHORIZATION, junk).body(Body::empty()).unwrap();
        let reply = h.send(request).await;
        assert_eq!((reply.status, reply.error_code().as_str()), (StatusCode::UNAUTHORIZED, "invalid_token"), "{junk}");
    }
    let lower = Request::get("/api/v1/me").header(header::AUTHORIZATION, format!("bearer {}", token.as_str()));
    assert_eq!(
        h.send(lower.body(Body::empty()).unwrap()).await.status,
        StatusCode::OK,
        "the scheme is case-insensitive"
    );
    h.store().set_disabled("ana", true).unwrap();
    let reply = h.send(bearer("/api/v1/me", &token).body(Body::empty()).unwrap()).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_token_header_decides_alone_even_with_a_session_cookie() {
    let h = Harness::new();
    h.user("ana", &[]);
    let session = h.login("ana").await;
    let request =
        bearer("/api/v1/me", "tapir_nope").header(header::COOKIE, &session.cookie).body(Body::empty()).unwrap();
    assert_eq!(h.send(request).await.status, StatusCode::UNAUTHORIZED, "a bad token is not rescued by a cookie");
}
