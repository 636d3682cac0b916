//! Cross-site requests: refused by `Sec-Fetch-Site` or `Origin`; a cookie-authenticated
//! state change also needs the session's CSRF token (header or form field); a Bearer request
//! needs none.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use tapir_server::Role;

use crate::support::{CASE, Harness, PASSWORD, Session, same_origin};

fn annotate(case: &str) -> String {
    format!("/api/v1/cases/{case}/probe/annotate")
}

#[tokio::test]
async fn a_cross_site_post_is_refused_before_anything_else() {
    let h = Harness::new();
    h.user("ana", &[(CASE, Role::Investigator)]);
    let session = h.login("ana").await;
    let login_body = format!(r#"{{"user":"ana","password":"{PASSWORD}"}}"#);
    let cases: [(&[(&str, &str)], &str); 4] = [
        (&[("sec-fetch-site", "cross-site")], "Sec-Fetch-Site cross-site"),
        (&[("sec-fetch-site", "same-site")], "a sibling host is another site's origin"),
        (&[("origin", "https://evil.example"), ("host", "tapir.test")], "Origin not the Host"),
        (&[("origin", "null"), ("host", "tapir.test")], "an opaque origin"),
    ];
    for (headers, what) in cases {
        for path in ["/login".to_owned(), "/logout".to_owned(), annotate(CASE)] {
            let mut builder = Request::post(path.as_str())
                .header(header::CONTENT_TYPE, "application/json")
                .header(header::COOKIE, &session.cookie)
                .header("x-csrf-token", &session.csrf);
            for (name, value) in headers {
                builder = builder.header(*name, *value);
            }
            let reply = h.send(builder.body(Body::from(login_body.clone())).unwrap()).await;
            assert_eq!(reply.status, StatusCode::FORBIDDEN, "{what} on {path}: {}", reply.text());
            assert_eq!(reply.error_code(), "cross_site_request", "{what}");
            reply.assert_security_headers();
            assert!(reply.header("set-cookie").is_none(), "{what}: no login happened");
        }
    }
    // The session survived every attempt.
    assert_eq!(h.send(session.get("/api/v1/me")).await.status, StatusCode::OK);
    // A same-origin Origin passes the check.
    let request = Request::post(annotate(CASE))
        .header("origin", "http://tapir.test")
        .header(header::HOST, "tapir.test")
        .header(header::COOKIE, &session.cookie)
        .header("x-csrf-token", &session.csrf)
        .body(Body::empty())
        .unwrap();
    assert_eq!(h.send(request).await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_cookie_state_change_needs_the_session_s_token() {
    let h = Harness::new();
    h.user("ana", &[(CASE, Role::Investigator)]);
    h.user("bob", &[(CASE, Role::Investigator)]);
    let ana = h.login("ana").await;
    let bob = h.login("bob").await;
    let post = |session: &Session, token: Option<&str>| {
        let mut builder = same_origin(Request::post(annotate(CASE))).header(header::COOKIE, &session.cookie);
        if let Some(token) = token {
            builder = builder.header("x-csrf-token", token);
        }
        builder.body(Body::empty()).unwrap()
    };
    let reply = h.send(post(&ana, None)).await;
    assert_eq!((reply.status, reply.error_code().as_str()), (StatusCode::FORBIDDEN, "csrf_token_invalid"));
    let reply = h.send(post(&ana, Some(&bob.csrf))).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN, "another session's token");
    let reply = h.send(post(&ana, Some(""))).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    let reply = h.send(post(&ana, Some(&ana.csrf))).await;
    assert_eq!((reply.status, reply.text().as_str()), (StatusCode::OK, "investigator"));
    // A GET needs no token.
    assert_eq!(h.send(ana.get("/api/v1/me")).await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_form_carries_the_token_as_a_field() {
    let h = Harness::new();
    h.user("ana", &[]);
    let session = h.login("ana").await;
    let form = |body: String| {
        same_origin(Request::post("/logout"))
            .header(header::COOKIE, &session.cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap()
    };
    for bad in ["".to_owned(), "csrf_token=".to_owned(), format!("csrf_token={}", "0".repeat(64)), "%%%".to_owned()] {
        let reply = h.send(form(bad.clone())).await;
        assert!(
            reply.status == StatusCode::FORBIDDEN || reply.status == StatusCode::BAD_REQUEST,
            "{bad:?}: {}",
            reply.status
        );
        reply.error_code();
    }
    assert_eq!(h.send(session.get("/api/v1/me")).await.status, StatusCode::OK, "still logged in");
    let reply = h.send(form(format!("other=1&csrf_token={}", session.csrf))).await;
    assert_eq!((reply.status, reply.header("location")), (StatusCode::SEE_OTHER, Some("/login")));
    assert_eq!(h.send(session.get("/api/v1/me")).await.status, StatusCode::UNAUTHORIZED, "logged out");
}

#[tokio::test]
async fn a_bearer_request_needs_no_csrf_token_and_no_browser_headers() {
    let h = Harness::new();
    h.user("ana", &[(CASE, Role::Investigator)]);
    let token = h.store().create_token("ana", "script").unwrap();
    // What curl sends: no Origin, no Sec-Fetch-Site, no cookie.
    let request = Request::post(annotate(CASE))
        .header(header::AUTHORIZATION, format!("Bearer {}", token.as_str()))
        .body(Body::empty())
        .unwrap();
    let reply = h.send(request).await;
    assert_eq!((reply.status, reply.text().as_str()), (StatusCode::OK, "investigator"));
}
