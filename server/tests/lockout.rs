//! Wrong passwords: slowed, then locked, per account and per client address, on a moved
//! clock; a refused attempt checks no password, so even the right one waits.

use axum::http::StatusCode;
use tapir_server::lockout::LockoutPolicy;

use crate::support::{Harness, PASSWORD, login_json_from};

const WRONG: &str = "wrong password, surely";

async fn attempt(h: &Harness, user: &str, password: &str, client: &str) -> (StatusCode, Option<u64>) {
    let reply = h.send(login_json_from(user, password, client)).await;
    let retry = reply.header("retry-after").map(|v| v.parse().unwrap());
    if reply.status != StatusCode::OK {
        let code = reply.error_code();
        let expected =
            if reply.status == StatusCode::TOO_MANY_REQUESTS { "login_throttled" } else { "invalid_credentials" };
        assert_eq!(code, expected);
    }
    (reply.status, retry)
}

#[tokio::test]
async fn an_account_is_slowed_then_locked_whatever_the_address() {
    let h = Harness::new();
    h.user("ana", &[]);
    let limits = LockoutPolicy::default().account;
    // Each failure from a new address: only the account's count matters here.
    let client = |i: u32| format!("198.51.100.{i}:5000");
    let mut i = 0;
    for _ in 0..limits.free_failures {
        i += 1;
        assert_eq!(attempt(&h, "ana", WRONG, &client(i)).await, (StatusCode::UNAUTHORIZED, None));
    }
    i += 1;
    assert_eq!(attempt(&h, "ana", WRONG, &client(i)).await.0, StatusCode::UNAUTHORIZED);
    // Now every attempt must wait, the right password included.
    i += 1;
    assert_eq!(attempt(&h, "ana", PASSWORD, &client(i)).await, (StatusCode::TOO_MANY_REQUESTS, Some(1)));
    h.clock.advance_ms(limits.base_delay_ms);
    while i < limits.lock_after + 1 {
        i += 1;
        assert_eq!(attempt(&h, "ana", WRONG, &client(i)).await.0, StatusCode::UNAUTHORIZED, "attempt {i}");
        h.clock.advance_ms(limits.max_delay_ms);
    }
    // Locked: for the lock's duration, the right password is refused too.
    let (status, retry) = attempt(&h, "ana", PASSWORD, &client(99)).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    let retry = retry.unwrap();
    assert!(retry > limits.max_delay_ms / 1000 && retry <= limits.lock_ms / 1000, "{retry}");
    h.clock.advance_ms(retry * 1000 - 2_000);
    assert_eq!(attempt(&h, "ana", PASSWORD, &client(99)).await.0, StatusCode::TOO_MANY_REQUESTS);
    h.clock.advance_ms(2_000);
    assert_eq!(attempt(&h, "ana", PASSWORD, &client(99)).await.0, StatusCode::OK, "the lock ends");
    // And a success forgets the account's failures.
    assert_eq!(attempt(&h, "ana", WRONG, &client(98)).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(attempt(&h, "ana", PASSWORD, &client(98)).await.0, StatusCode::OK);

    let audit = h.store().audit().log().records().unwrap();
    let lockouts: Vec<_> = audit.iter().filter(|r| r.command == "lockout").collect();
    assert_eq!(lockouts.len(), 1, "one lockout recorded");
    assert_eq!(lockouts[0].arguments.text("scope"), Some("account"));
    assert_eq!(lockouts[0].arguments.text("user"), Some("ana"));
    assert_eq!(lockouts[0].analyst, "@anonymous");
}

#[tokio::test]
async fn an_address_is_slowed_then_locked_whatever_the_account() {
    let h = Harness::new();
    h.user("ana", &[]);
    let limits = LockoutPolicy::default().address;
    let attacker = "203.0.113.5:4444";
    // One wrong password per account name (existing or not), all from one address.
    for i in 0..limits.free_failures {
        assert_eq!(attempt(&h, &format!("guess{i}"), WRONG, attacker).await.0, StatusCode::UNAUTHORIZED);
    }
    assert_eq!(attempt(&h, "ana", WRONG, attacker).await.0, StatusCode::UNAUTHORIZED);
    let (status, retry) = attempt(&h, "ana", PASSWORD, attacker).await;
    assert_eq!((status, retry), (StatusCode::TOO_MANY_REQUESTS, Some(1)), "the address waits, even for ana");
    // Another address is not slowed by it.
    assert_eq!(attempt(&h, "ana", PASSWORD, "192.0.2.77:1").await.0, StatusCode::OK);
    // Same /64 is the same address for IPv6.
    for i in 0..=limits.free_failures {
        assert_eq!(
            attempt(&h, &format!("nobody{i}"), WRONG, &format!("[2001:db8:5:6::{i:x}]:1")).await.0,
            StatusCode::UNAUTHORIZED,
            "{i}"
        );
    }
    assert_eq!(attempt(&h, "ana", PASSWORD, "[2001:db8:5:6:ffff::1]:1").await.0, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(attempt(&h, "ana", PASSWORD, "[2001:db8:5:7::1]:1").await.0, StatusCode::OK, "another /64");

    // Until the lock, doubling waits; then the lock.
    let mut failures = limits.free_failures + 1;
    while failures < limits.lock_after {
        h.clock.advance_ms(limits.max_delay_ms);
        assert_eq!(attempt(&h, &format!("other{failures}"), WRONG, attacker).await.0, StatusCode::UNAUTHORIZED);
        failures += 1;
    }
    h.clock.advance_ms(limits.max_delay_ms);
    let (status, retry) = attempt(&h, "ana", PASSWORD, attacker).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(retry.unwrap() > limits.max_delay_ms / 1000, "locked, not only slowed: {retry:?}");
    let audit = h.store().audit().log().records().unwrap();
    let lockout = audit.iter().find(|r| r.command == "lockout").expect("the lockout is audited");
    assert_eq!(
        (lockout.arguments.text("scope"), lockout.arguments.text("client")),
        (Some("address"), Some("203.0.113.5"))
    );
    // The window forgets.
    h.clock.advance_ms(LockoutPolicy::default().window_ms + limits.lock_ms);
    assert_eq!(attempt(&h, "ana", PASSWORD, attacker).await.0, StatusCode::OK);
}

#[tokio::test]
async fn parallel_guesses_cannot_slip_past_the_count() {
    let h = std::sync::Arc::new(Harness::new());
    h.user("ana", &[]);
    let limits = LockoutPolicy::default().account;
    let mut tasks = Vec::new();
    for i in 0..12u32 {
        let h = h.clone();
        tasks.push(tokio::spawn(async move { attempt(&h, "ana", WRONG, &format!("198.51.100.{i}:1")).await.0 }));
    }
    let mut checked = 0;
    for task in tasks {
        if task.await.unwrap() == StatusCode::UNAUTHORIZED {
            checked += 1;
        }
    }
    // Every attempt is counted before its password is checked: at most the free ones and the
    // first slowed one reach Argon2 at the same instant.
    assert!(checked <= limits.free_failures + 1, "{checked} passwords checked");
}

#[tokio::test]
async fn failures_of_the_past_are_forgotten_not_kept() {
    let h = Harness::new();
    for i in 0..20 {
        attempt(&h, &format!("guess{i}"), WRONG, &format!("198.51.100.{i}:1")).await;
    }
    let rows = || {
        let conn = rusqlite::Connection::open(h.data_dir().join("server.sqlite")).unwrap();
        conn.query_row("SELECT COUNT(*) FROM login_failures", [], |r| r.get::<_, i64>(0)).unwrap()
    };
    assert_eq!(rows(), 40, "an account and an address each");
    h.clock.advance_ms(LockoutPolicy::default().window_ms + LockoutPolicy::default().account.lock_ms);
    attempt(&h, "late", WRONG, "192.0.2.1:1").await;
    assert_eq!(rows(), 2, "only the new attempt's");
}
