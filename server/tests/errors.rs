//! Bad input gets a 4xx JSON error, never a 5xx or a panic; a panic in a handler is caught.

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use tapir_server::http::HttpConfig;
use tapir_server::store::StoreConfig;

use crate::support::{Harness, PASSWORD, Reply, same_origin};

fn login_with(content_type: &str, body: impl Into<Body>) -> Request<Body> {
    same_origin(Request::post("/login")).header(header::CONTENT_TYPE, content_type).body(body.into()).unwrap()
}

fn assert_json_error(reply: &Reply, status: StatusCode, code: &str, what: &str) {
    assert_eq!(reply.status, status, "{what}: {}", reply.text());
    assert_eq!(reply.header("content-type"), Some("application/json"), "{what}");
    assert_eq!(reply.error_code(), code, "{what}");
    reply.assert_security_headers();
}

#[tokio::test]
async fn malformed_or_mistyped_bodies_are_400_and_the_wrong_type_415() {
    let h = Harness::new();
    h.user("ana", &[]);
    for (body, code) in [
        ("{", "malformed_json"),
        ("{\"user\": \"ana\", \"password\": ", "malformed_json"),
        ("not json at all", "malformed_json"),
        ("\u{feff}{}", "malformed_json"),
        ("[]", "invalid_body"),
        ("{}", "invalid_body"),
        ("{\"user\": 7, \"password\": \"x\"}", "invalid_body"),
        ("{\"user\": \"ana\"}", "invalid_body"),
    ] {
        let reply = h.send(login_with("application/json", body)).await;
        assert_json_error(&reply, StatusCode::BAD_REQUEST, code, body);
    }
    let reply = h.send(login_with("application/x-www-form-urlencoded", "user=ana")).await;
    assert_json_error(&reply, StatusCode::BAD_REQUEST, "invalid_body", "a form without its password");
    let reply = h.send(login_with("application/json", vec![0xff, 0xfe, b'{'])).await;
    assert_json_error(&reply, StatusCode::BAD_REQUEST, "malformed_json", "not UTF-8");
    for content_type in ["text/plain", "application/xml", "multipart/form-data; boundary=x"] {
        let reply = h.send(login_with(content_type, "{}")).await;
        assert_json_error(&reply, StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", content_type);
    }
    let no_type = same_origin(Request::post("/login")).body(Body::from("{}")).unwrap();
    assert_json_error(&h.send(no_type).await, StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", "none");
    // Well-formed but wrong: 401, and the user can still log in.
    let reply = h.send(login_with("application/json", r#"{"user":"ana","password":"","extra":1}"#)).await;
    assert_json_error(&reply, StatusCode::UNAUTHORIZED, "invalid_credentials", "empty password");
    let reply =
        h.send(login_with("application/json", format!(r#"{{"user":"{}","password":"x"}}"#, "a".repeat(10_000)))).await;
    assert_json_error(&reply, StatusCode::UNAUTHORIZED, "invalid_credentials", "a huge user name");
    h.login("ana").await;
}

#[tokio::test]
async fn an_oversized_body_is_413_json_whether_its_length_is_declared_or_not() {
    let limit = 4096;
    let h = Harness::with(HttpConfig { body_limit: limit, ..HttpConfig::default() }, StoreConfig::default());
    h.user("ana", &[]);
    let big = format!(r#"{{"user":"ana","password":"{}"}}"#, "x".repeat(limit));
    let reply = h.send(login_with("application/json", big.clone())).await;
    assert_json_error(&reply, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large", "declared length");
    // A streamed body of unknown length.
    let reply = h.send(login_with("application/json", chunked(big.as_bytes()))).await;
    assert_json_error(&reply, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large", "streamed");
    // An oversized form to a cookie route whose CSRF token is looked for in the body.
    let session = h.login("ana").await;
    let form = same_origin(Request::post("/logout"))
        .header(header::COOKIE, &session.cookie)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(chunked(("a=".to_owned() + &"b".repeat(limit * 2)).as_bytes()))
        .unwrap();
    assert_json_error(&h.send(form).await, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large", "form, streamed");
    // Just under the limit is fine.
    let ok = format!(r#"{{"user":"ana","password":"{PASSWORD}","pad":"{}"}}"#, "x".repeat(limit - 100));
    assert_eq!(h.send(login_with("application/json", ok)).await.status, StatusCode::OK);
}

/// A body sent in chunks, of no declared length (as `Transfer-Encoding: chunked`).
struct Chunked(std::vec::IntoIter<Vec<u8>>);

impl http_body::Body for Chunked {
    type Data = axum::body::Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        std::task::Poll::Ready(self.0.next().map(|chunk| Ok(http_body::Frame::data(chunk.into()))))
    }
}

fn chunked(bytes: &[u8]) -> Body {
    Body::new(Chunked(bytes.chunks(512).map(<[u8]>::to_vec).collect::<Vec<_>>().into_iter()))
}

#[tokio::test]
async fn unknown_routes_wrong_methods_and_junk_headers_are_4xx_json() {
    let h = Harness::new();
    h.user("ana", &[]);
    let session = h.login("ana").await;
    let cases: Vec<(Request<Body>, StatusCode, &str)> = vec![
        (Request::get("/nope").body(Body::empty()).unwrap(), StatusCode::NOT_FOUND, "not_found"),
        (Request::get("/api/v1/nope?q=x").body(Body::empty()).unwrap(), StatusCode::NOT_FOUND, "not_found"),
        (session.get("/api/v1/cases/a/b/c/d"), StatusCode::NOT_FOUND, "not_found"),
        (Request::get("/%ff%fe").body(Body::empty()).unwrap(), StatusCode::NOT_FOUND, "not_found"),
        (session.get("/api/v1/cases/%ff"), StatusCode::NOT_FOUND, "case_not_found"),
        (Request::delete("/login").body(Body::empty()).unwrap(), StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"),
        (
            same_origin(Request::builder().method(Method::PUT).uri("/api/v1/me")).body(Body::empty()).unwrap(),
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
        ),
        (
            Request::get("/api/v1/me").header(header::COOKIE, "x".repeat(8000)).body(Body::empty()).unwrap(),
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
        ),
        (
            Request::get("/api/v1/me")
                .header(header::COOKIE, vec![0x80u8, b'=', 0xff].as_slice())
                .body(Body::empty())
                .unwrap(),
            StatusCode::UNAUTHORIZED,
            "unauthenticated",
        ),
        (
            Request::get("/api/v1/me")
                .header(header::AUTHORIZATION, vec![0xffu8, 0xfe].as_slice())
                .body(Body::empty())
                .unwrap(),
            StatusCode::UNAUTHORIZED,
            "invalid_token",
        ),
    ];
    for (request, status, code) in cases {
        let what = format!("{} {}", request.method(), request.uri());
        assert_json_error(&h.send(request).await, status, code, &what);
    }
}

#[tokio::test]
async fn a_panicking_handler_is_a_json_500_with_the_security_headers() {
    let h = Harness::new();
    h.user("ana", &[]);
    let session = h.login("ana").await;
    let reply = h.send(session.get("/api/v1/probe/panic")).await;
    assert_json_error(&reply, StatusCode::INTERNAL_SERVER_ERROR, "internal", "panic");
    assert!(!reply.text().contains("probe panic"), "the panic's message stays in the log");
    // The server goes on.
    assert_eq!(h.send(session.get("/api/v1/me")).await.status, StatusCode::OK);
}
