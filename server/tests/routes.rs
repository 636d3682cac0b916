//! Every route of the table, called without credentials: 401 for the API and logout, a
//! redirect to the login page for pages; only the login page and the login are public, and
//! the static files (the same bytes for everyone, no case data).

use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use tapir_server::http::{Access, routes};

use crate::support::{CASE, Harness, all_routes, same_origin};

fn concrete(path: &str) -> String {
    path.replace("{case}", CASE).replace("{file}", "tapir.css")
}

#[test]
fn only_the_login_is_public_and_every_api_route_is_under_api_v1() {
    let public: Vec<(Method, &str)> =
        routes().iter().filter(|r| r.access == Access::Public).map(|r| (r.method.clone(), r.path)).collect();
    assert_eq!(public, vec![(Method::GET, "/login"), (Method::POST, "/login")]);
    let assets: Vec<(Method, &str)> =
        all_routes().iter().filter(|r| r.access == Access::Asset).map(|r| (r.method.clone(), r.path)).collect();
    assert_eq!(assets, vec![(Method::GET, "/static/{file}")], "static files are the only other public routes");
    for route in all_routes() {
        assert_eq!(route.access == Access::Api, route.path.starts_with("/api/v1/"), "{} {}", route.method, route.path);
        assert_eq!(
            route.access == Access::Asset,
            route.path.starts_with("/static/"),
            "{} {}",
            route.method,
            route.path
        );
    }
}

#[tokio::test]
async fn every_route_refuses_a_request_without_credentials() {
    let h = Harness::new();
    let mut checked = 0;
    for route in all_routes() {
        let path = concrete(route.path);
        // Same-origin, so that what answers is authentication, not the cross-site check.
        let request = |credentials: Option<(&str, &str)>| {
            let mut builder = same_origin(Request::builder().method(route.method.clone()).uri(&path));
            if let Some((name, value)) = credentials {
                builder = builder.header(name, value);
            }
            builder.body(Body::empty()).unwrap()
        };
        let junk_cookie = format!("tapir_session={}", "ab".repeat(32));
        for credentials in [
            None,
            Some(("cookie", junk_cookie.as_str())),
            Some(("cookie", "tapir_session=%%%; ;;=")),
            Some(("authorization", "Bearer tapir_0000")),
        ] {
            let reply = h.send(request(credentials)).await;
            let what = format!("{} {path} with {credentials:?}", route.method);
            if route.access == Access::Asset {
                reply.assert_security_headers_but_caching();
            } else {
                reply.assert_security_headers();
            }
            match route.access {
                Access::Public => assert!(reply.status.as_u16() < 500, "{what}: {}", reply.status),
                Access::Asset => {
                    assert_eq!(reply.status, StatusCode::OK, "{what}");
                    assert!(reply.header("set-cookie").is_none(), "{what}");
                }
                Access::Page => {
                    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{what}");
                    assert_eq!(reply.header("location"), Some("/login"), "{what}");
                }
                Access::Session | Access::Api => {
                    assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{what}: {}", reply.text());
                    let code = reply.error_code();
                    let bearer = credentials.is_some_and(|(name, _)| name == "authorization");
                    let expected =
                        if bearer && route.access == Access::Api { "invalid_token" } else { "unauthenticated" };
                    assert_eq!(code, expected, "{what}");
                }
            }
            checked += 1;
        }
    }
    assert_eq!(checked, all_routes().len() * 4);
}

#[tokio::test]
async fn a_page_without_a_session_redirects_but_an_api_route_does_not() {
    let h = Harness::new();
    let reply = h.send(Request::get("/").body(Body::empty()).unwrap()).await;
    assert_eq!((reply.status, reply.header("location")), (StatusCode::SEE_OTHER, Some("/login")));
    let reply =
        h.send(Request::get("/api/v1/me").header(header::ACCEPT, "text/html").body(Body::empty()).unwrap()).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(reply.header("www-authenticate"), Some("Bearer"));
}

#[tokio::test]
async fn the_login_page_is_served_with_a_form_and_no_inline_script() {
    let h = Harness::new();
    let reply = h.send(Request::get("/login").body(Body::empty()).unwrap()).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply.header("content-type").unwrap().starts_with("text/html"));
    let html = reply.text();
    assert!(html.contains(r#"<form method="post" action="/login">"#) && html.contains(r#"type="password""#));
    crate::pages::assert_no_inline_code(&html);
    reply.assert_security_headers();
}
