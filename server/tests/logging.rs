//! The request log names the route pattern, status and user; never a query string, a case
//! name from the path, a body or a credential.

use axum::body::Body;
use axum::http::{Request, header};
use tapir_server::Role;

use crate::support::{CASE, Harness, PASSWORD, login_json, server_log};

#[tokio::test]
async fn the_log_has_the_route_the_status_and_the_user_and_nothing_sent() {
    let h = Harness::new();
    h.user("ana", &[(CASE, Role::Viewer)]);
    let session = h.login("ana").await;
    let request = Request::get(format!("/api/v1/cases/{CASE}?q=ransom+kidnap&token=s3cr3t"))
        .header(header::COOKIE, &session.cookie)
        .body(Body::empty())
        .unwrap();
    h.send(request).await;
    h.send(Request::get("/unknown/kidnap-plan?x=1").body(Body::empty()).unwrap()).await;
    h.send(login_json("ana", "a wrong password typed")).await;

    // Every test's requests are in it (one subscriber for the test binary): none may leak.
    let log = server_log().text();
    assert!(
        log.contains("route=/api/v1/cases/{case}") && log.contains("status=200") && log.contains("user=\"ana\""),
        "{log}"
    );
    assert!(log.contains("route=- ") && log.contains("status=404"), "an unmatched path is not logged: {log}");
    let cookie_value = session.cookie.split_once('=').unwrap().1;
    for secret in ["ransom", "kidnap", "s3cr3t", CASE, PASSWORD, "a wrong password typed", cookie_value, &session.csrf]
    {
        assert!(!log.contains(secret), "{secret:?} in the log:\n{log}");
    }
}
