//! The pages in-process: the static files (types, caching, the same bytes for everyone), the
//! case list and a case's page for each grant, the HTML error pages (404 without a grant the
//! same as an unknown case, 403, 500), the login form's errors and the logout form.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use tapir_server::Role;
use tapir_server::http::assets::ASSETS;

use crate::support::{CASE, HTML_ACCEPT, Harness, OTHER_CASE, PASSWORD, Reply, same_origin};

/// Every `<script>` loads a file from `/static/` and has no body; no `style` attribute or
/// element; no `on…=` attribute (CSP `default-src 'self'` would block them anyway).
pub fn assert_no_inline_code(html: &str) {
    for (at, _) in html.match_indices("<script") {
        let tag = &html[at..];
        assert!(tag.starts_with("<script src=\"/static/tapir."), "an inline script: {}", &tag[..tag.len().min(80)]);
        let end = tag.find('>').unwrap();
        assert!(tag[end + 1..].starts_with("</script>"), "a script with a body");
    }
    assert!(!html.contains("style=") && !html.contains("<style"), "inline style");
    assert!(!html.contains(" onclick=") && !html.contains(" onload="), "an event handler attribute");
}

/// The `/static/` URLs a page links.
fn static_links(html: &str) -> Vec<String> {
    let mut links = Vec::new();
    for quote in html.split('"').filter(|s| s.starts_with("/static/")) {
        links.push(quote.to_owned());
    }
    links
}

async fn page(h: &Harness, request: Request<Body>) -> (Reply, String) {
    let reply = h.send(request).await;
    reply.assert_security_headers();
    let html = reply.text();
    if reply.header("content-type").is_some_and(|t| t.starts_with("text/html")) {
        assert_no_inline_code(&html);
    }
    (reply, html)
}

#[tokio::test]
async fn static_files_have_their_types_caching_and_the_same_bytes_for_everyone() {
    let h = Harness::new();
    h.user("ana", &[(CASE, Role::Lead)]);
    let ana = h.login("ana").await;
    let expected_types = [("tapir.css", "text/css"), ("tapir.js", "text/javascript"), ("tapir.svg", "image/svg+xml")];
    assert_eq!(ASSETS.len(), expected_types.len());
    for (asset, (name, kind)) in ASSETS.iter().zip(expected_types) {
        assert_eq!(asset.name, name);
        for (file, cache) in
            [(name.to_owned(), "no-cache"), (asset.hashed_name.clone(), "public, max-age=31536000, immutable")]
        {
            let path = format!("/static/{file}");
            let anonymous = h.send(Request::get(&path).body(Body::empty()).unwrap()).await;
            let logged_in = h.send(ana.get(&path)).await;
            for reply in [&anonymous, &logged_in] {
                assert_eq!(reply.status, StatusCode::OK, "{path}");
                assert!(
                    reply.header("content-type").unwrap().starts_with(kind),
                    "{path}: {:?}",
                    reply.header("content-type")
                );
                assert_eq!(reply.header("cache-control"), Some(cache), "{path}");
                assert!(reply.header("set-cookie").is_none());
                reply.assert_security_headers_but_caching();
                assert_eq!(reply.body, asset.bytes, "{path}");
            }
            let etag = anonymous.header("etag").unwrap().to_owned();
            let again =
                h.send(Request::get(&path).header(header::IF_NONE_MATCH, &etag).body(Body::empty()).unwrap()).await;
            assert_eq!(again.status, StatusCode::NOT_MODIFIED, "{path}");
            assert!(again.body.is_empty());
        }
    }
    for missing in ["/static/nope.css", "/static/..%2Fserver.sqlite", "/static/tapir.0000000000000000.css", "/static/"]
    {
        let reply = h.send(Request::get(missing).body(Body::empty()).unwrap()).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{missing}");
        assert_eq!(reply.header("cache-control"), Some("no-store"), "{missing}");
    }
}

#[tokio::test]
async fn pages_link_the_hashed_static_files_and_those_resolve() {
    let h = Harness::new();
    let (reply, html) = page(&h, Request::get("/login").body(Body::empty()).unwrap()).await;
    assert_eq!(reply.status, StatusCode::OK);
    let links = static_links(&html);
    let hashed: Vec<String> = ASSETS.iter().map(|a| format!("/static/{}", a.hashed_name)).collect();
    assert_eq!(links.len(), 3, "{links:?}");
    for link in &links {
        assert!(hashed.contains(link), "{link} is not a hashed name");
        let reply = h.send(Request::get(link).body(Body::empty()).unwrap()).await;
        assert_eq!(reply.status, StatusCode::OK, "{link}");
    }
}

#[tokio::test]
async fn the_case_list_shows_granted_cases_only_and_filters_them() {
    let h = Harness::new();
    h.user("ana", &[(CASE, Role::Investigator)]);
    h.user("ben", &[(CASE, Role::Viewer), (OTHER_CASE, Role::Lead), ("op-not-served", Role::Lead)]);
    h.user("cy", &[]);
    let ana = h.login("ana").await;
    let (reply, html) = page(&h, ana.page("/")).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(html.contains(&format!(r#"<a href="/cases/{CASE}" data-open>{CASE}</a>"#)), "{html}");
    assert!(!html.contains(OTHER_CASE), "an ungranted case is listed");
    assert!(html.contains("Logged in as <strong>ana</strong>") && html.contains("investigator"));
    assert!(html.contains(r#"name="csrf_token""#) && html.contains(&ana.csrf), "the logout form carries the token");
    // Size and time range come through the case facade's hook: not available yet.
    assert!(html.contains("case_summary"), "the placeholder names its hook");

    let ben = h.login("ben").await;
    let (_, html) = page(&h, ben.page("/")).await;
    assert!(html.contains(CASE) && html.contains(OTHER_CASE) && !html.contains("op-not-served"), "{html}");
    assert!(html.contains("(2)"));
    let (_, html) = page(&h, ben.page("/?filter=LYN")).await;
    assert!(html.contains(OTHER_CASE) && !html.contains(&format!("/cases/{CASE}")), "{html}");
    assert!(html.contains(r#"value="LYN""#));
    let (_, html) = page(&h, ben.page("/?filter=%3Cscript%3E")).await;
    assert!(html.contains("No case of yours matches") && html.contains("value=\"&#60;script&#62;\""), "{html}");

    let cy = h.login("cy").await;
    let (_, html) = page(&h, cy.page("/")).await;
    assert!(html.contains("No case has been granted to you"));
}

#[tokio::test]
async fn a_case_page_for_a_grant_and_the_same_404_page_without_one() {
    let h = Harness::new();
    h.user("ana", &[(CASE, Role::Viewer)]);
    let ana = h.login("ana").await;
    let (reply, html) = page(&h, ana.page(&format!("/cases/{CASE}"))).await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(html.contains(r#"<dd id="role">viewer</dd>"#) && html.contains("not available yet"), "{html}");

    let (ungranted, ungranted_html) = page(&h, ana.page(&format!("/cases/{OTHER_CASE}"))).await;
    let (unknown, unknown_html) = page(&h, ana.page("/cases/op-nowhere")).await;
    for reply in [&ungranted, &unknown] {
        assert_eq!(reply.status, StatusCode::NOT_FOUND);
        assert!(reply.header("content-type").unwrap().starts_with("text/html"));
    }
    assert_eq!(ungranted_html, unknown_html, "a page without a grant must not tell that the case exists");
    assert!(ungranted_html.contains("case_not_found") && ungranted_html.contains("no such case"));
    // Without `Accept: text/html` (a script), the JSON error.
    let reply = h.send(ana.get(&format!("/cases/{OTHER_CASE}"))).await;
    assert_eq!(reply.error_code(), "case_not_found");
}

#[tokio::test]
async fn forbidden_unknown_and_failing_pages_are_html_for_a_browser() {
    let h = Harness::new();
    h.user("ana", &[(CASE, Role::Investigator)]);
    let ana = h.login("ana").await;
    let (reply, html) = page(&h, ana.page(&format!("/probe/cases/{CASE}/audit"))).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert!(html.contains("Not allowed") && html.contains("read_audit"), "{html}");
    let (reply, html) =
        page(&h, Request::get("/no/such/page").header(header::ACCEPT, HTML_ACCEPT).body(Body::empty()).unwrap()).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert!(html.contains("Not found") && html.contains("no such route"));
    let (reply, html) = page(&h, ana.page("/probe/panic")).await;
    assert_eq!(reply.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert!(html.contains("Something went wrong") && !html.contains("probe panic"), "the panic is logged, not shown");
    // The API keeps its JSON whatever the client accepts.
    let reply =
        h.send(Request::get("/api/v1/nope").header(header::ACCEPT, HTML_ACCEPT).body(Body::empty()).unwrap()).await;
    assert_eq!(reply.error_code(), "not_found");
}

fn form_login(user: &str, password: &str) -> Request<Body> {
    let body = serde_urlencoded::to_string([("user", user), ("password", password)]).unwrap();
    let mut request = same_origin(Request::post("/login"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ACCEPT, HTML_ACCEPT)
        .body(Body::from(body))
        .unwrap();
    request
        .extensions_mut()
        .insert(axum::extract::ConnectInfo(crate::support::CLIENT.parse::<std::net::SocketAddr>().unwrap()));
    request
}

#[tokio::test]
async fn the_login_form_shows_its_error_and_the_logout_form_ends_the_session() {
    let h = Harness::new();
    h.user("ana", &[(CASE, Role::Investigator)]);
    let (reply, html) = page(&h, form_login("ana", "wrong password, surely")).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert!(html.contains(r#"role="alert""#) && html.contains("Wrong user name or password."), "{html}");
    assert!(html.contains(r#"<label for="password">Password</label>"#));

    let reply = h.send(form_login("ana", PASSWORD)).await;
    assert_eq!((reply.status, reply.header("location")), (StatusCode::SEE_OTHER, Some("/")));
    let cookie = reply.session_cookie().unwrap();
    let (_, html) = page(&h, Request::get("/").header(header::COOKIE, &cookie).body(Body::empty()).unwrap()).await;
    let csrf = html.split(r#"name="csrf_token" value=""#).nth(1).and_then(|s| s.split('"').next()).unwrap().to_owned();

    // A logout form without its token is refused, as a page.
    let logout = |token: &str| {
        same_origin(Request::post("/logout"))
            .header(header::COOKIE, &cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, HTML_ACCEPT)
            .body(Body::from(format!("csrf_token={token}")))
            .unwrap()
    };
    let (reply, html) = page(&h, logout("0000")).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert!(html.contains("csrf_token_invalid"));
    let reply = h.send(logout(&csrf)).await;
    assert_eq!((reply.status, reply.header("location")), (StatusCode::SEE_OTHER, Some("/login")));
    let reply = h.send(Request::get("/").header(header::COOKIE, &cookie).body(Body::empty()).unwrap()).await;
    assert_eq!((reply.status, reply.header("location")), (StatusCode::SEE_OTHER, Some("/login")));
}
