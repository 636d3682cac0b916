//! Sessions: the cookie's flags, idle and absolute expiry (on a moved clock), server-side
//! logout, and what ends a user's sessions.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use tapir_server::Role;
use tapir_server::http::HttpConfig;
use tapir_server::store::{SessionPolicy, StoreConfig};

use crate::support::{CASE, Harness, PASSWORD, same_origin};

#[tokio::test]
async fn the_session_cookie_is_http_only_strict_and_path_root_and_secure_only_under_tls() {
    for tls in [false, true] {
        let h = Harness::with(HttpConfig { tls, ..HttpConfig::default() }, StoreConfig::default());
        h.user("ana", &[]);
        let reply = h.send(crate::support::login_json("ana", PASSWORD)).await;
        assert_eq!(reply.status, StatusCode::OK);
        let set = reply.header("set-cookie").unwrap().to_owned();
        let attributes: Vec<&str> = set.split(';').map(str::trim).collect();
        let (name, value) = attributes[0].split_once('=').unwrap();
        assert_eq!(name, if tls { "__Host-tapir_session" } else { "tapir_session" });
        assert_eq!(value.len(), 64, "256 random bits in hex");
        assert!(attributes.contains(&"HttpOnly"), "{set}");
        assert!(attributes.contains(&"SameSite=Strict"), "{set}");
        assert!(attributes.contains(&"Path=/"), "{set}");
        assert_eq!(attributes.contains(&"Secure"), tls, "{set}");
        assert!(!set.to_ascii_lowercase().contains("domain"), "{set}");
        if tls {
            assert_eq!(reply.header("strict-transport-security"), Some("max-age=31536000"));
        } else {
            assert_eq!(reply.header("strict-transport-security"), None);
        }
        // The id in the database is hashed: the cookie's value is nowhere in the data directory.
        for entry in std::fs::read_dir(h.data_dir()).unwrap() {
            let bytes = std::fs::read(entry.unwrap().path()).unwrap();
            assert!(!bytes.windows(value.len()).any(|w| w == value.as_bytes()), "session id stored in clear");
        }
    }
}

#[tokio::test]
async fn a_form_login_redirects_home_and_the_home_page_lists_the_grants() {
    let h = Harness::new();
    h.user("ana", &[(CASE, Role::Viewer), ("not-served", Role::Lead)]);
    let form = format!("user=ana&password={}", PASSWORD.replace(' ', "+"));
    let request = same_origin(Request::post("/login"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(form))
        .unwrap();
    let reply = h.send(request).await;
    assert_eq!((reply.status, reply.header("location")), (StatusCode::SEE_OTHER, Some("/")));
    let cookie = reply.session_cookie().unwrap();
    let home = h.send(Request::get("/").header(header::COOKIE, &cookie).body(Body::empty()).unwrap()).await;
    assert_eq!(home.status, StatusCode::OK);
    let html = home.text();
    assert!(html.contains("Logged in as <strong>ana</strong>"), "{html}");
    assert!(html.contains(">op-tiger</a></td>") && html.contains("<td>viewer</td>"), "{html}");
    assert!(!html.contains("not-served"), "a grant on a case not served is not listed");
    assert!(html.contains(r#"name="csrf_token""#));

    let wrong = same_origin(Request::post("/login"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from("user=ana&password=wrong+password+here"))
        .unwrap();
    let reply = h.send(wrong).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert!(reply.header("content-type").unwrap().starts_with("text/html"), "a form gets its page back");
    assert!(reply.text().contains("Wrong user name or password."));
    assert!(reply.header("set-cookie").is_none());
}

#[tokio::test]
async fn an_idle_session_expires_and_so_does_an_old_one_however_active() {
    let policy = SessionPolicy { idle_ms: 30 * 60_000, absolute_ms: 2 * 3_600_000, max_per_user: 16 };
    let h = Harness::with(HttpConfig::default(), StoreConfig { sessions: policy, ..StoreConfig::default() });
    h.user("ana", &[]);

    let idle = h.login("ana").await;
    h.clock.advance_ms(policy.idle_ms - 1_000);
    assert_eq!(h.send(idle.get("/api/v1/me")).await.status, StatusCode::OK, "within the idle time");
    h.clock.advance_ms(policy.idle_ms - 1_000);
    assert_eq!(h.send(idle.get("/api/v1/me")).await.status, StatusCode::OK, "the last request kept it alive");
    h.clock.advance_ms(policy.idle_ms + 1);
    assert_eq!(h.send(idle.get("/api/v1/me")).await.status, StatusCode::UNAUTHORIZED, "idle too long");
    assert_eq!(h.send(idle.get("/api/v1/me")).await.status, StatusCode::UNAUTHORIZED, "and stays dead");

    let active = h.login("ana").await;
    let mut elapsed = 0;
    while elapsed + 10 * 60_000 <= policy.absolute_ms {
        h.clock.advance_ms(10 * 60_000);
        elapsed += 10 * 60_000;
        assert_eq!(h.send(active.get("/api/v1/me")).await.status, StatusCode::OK, "at {elapsed} ms");
    }
    h.clock.advance_ms(10 * 60_000);
    assert_eq!(h.send(active.get("/api/v1/me")).await.status, StatusCode::UNAUTHORIZED, "past the absolute limit");
}

#[tokio::test]
async fn logout_ends_the_session_on_the_server_and_removes_the_cookie() {
    let h = Harness::new();
    h.user("ana", &[]);
    let session = h.login("ana").await;
    let other = h.login("ana").await;
    let reply = h.send(session.post("/logout")).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    let removal = reply.header("set-cookie").unwrap();
    assert!(removal.contains("Max-Age=0") && removal.starts_with("tapir_session=;"), "{removal}");
    // A copy of the cookie kept by an attacker is dead too.
    assert_eq!(h.send(session.get("/api/v1/me")).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(h.send(session.post("/logout")).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(h.send(other.get("/api/v1/me")).await.status, StatusCode::OK, "only that session ended");
}

#[tokio::test]
async fn a_new_password_or_a_disabled_account_ends_every_session() {
    let h = Harness::new();
    h.user("ana", &[]);
    let before = h.login("ana").await;
    h.store().set_password("ana", "another long passphrase").unwrap();
    assert_eq!(h.send(before.get("/api/v1/me")).await.status, StatusCode::UNAUTHORIZED);
    let reply = h.send(crate::support::login_json("ana", PASSWORD)).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "the old password is gone");
    assert_eq!(reply.error_code(), "invalid_credentials");
    let reply = h.send(crate::support::login_json("ana", "another long passphrase")).await;
    assert_eq!(reply.status, StatusCode::OK);
    let cookie = reply.session_cookie().unwrap();

    h.store().set_disabled("ana", true).unwrap();
    let me = Request::get("/api/v1/me").header(header::COOKIE, &cookie).body(Body::empty()).unwrap();
    assert_eq!(h.send(me).await.status, StatusCode::UNAUTHORIZED);
    let reply = h.send(crate::support::login_json("ana", "another long passphrase")).await;
    assert_eq!(
        (reply.status, reply.error_code().as_str()),
        (StatusCode::UNAUTHORIZED, "invalid_credentials"),
        "not told it is disabled"
    );
    h.store().set_disabled("ana", false).unwrap();
    let reply = h.send(crate::support::login_json("ana", "another long passphrase")).await;
    assert_eq!(reply.status, StatusCode::OK, "enabled again");
}

#[tokio::test]
async fn a_user_keeps_a_bounded_number_of_sessions() {
    let policy = SessionPolicy { max_per_user: 3, ..SessionPolicy::default() };
    let h = Harness::with(HttpConfig::default(), StoreConfig { sessions: policy, ..StoreConfig::default() });
    h.user("ana", &[]);
    let mut sessions = Vec::new();
    for _ in 0..5 {
        h.clock.advance_ms(1_000);
        sessions.push(h.login("ana").await);
    }
    let mut live = Vec::new();
    for s in &sessions {
        live.push(h.send(s.get("/api/v1/me")).await.status == StatusCode::OK);
    }
    assert_eq!(live, vec![false, false, true, true, true], "the oldest end first");
    assert_eq!(h.store().users().unwrap()[0].sessions, 3);
}
