//! The administration API the `tapir user|grant|token` commands use.

use tapir_server::{Role, Store, StoreError};

use crate::support::PASSWORD;

#[test]
fn accounts_grants_and_tokens_are_checked_and_listed() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("new/data")).unwrap();
    store.add_user("ana", PASSWORD).unwrap();
    assert!(matches!(store.add_user("ana", PASSWORD), Err(StoreError::UserExists(_))));
    for bad in ["Ana", "", "@admin", "a b", "x/../y"] {
        let err = store.add_user(bad, PASSWORD).unwrap_err();
        assert!(matches!(err, StoreError::InvalidName { .. }) && err.is_usage(), "{bad:?}");
    }
    assert!(matches!(store.add_user("bob", "too short"), Err(StoreError::WeakPassword(_))));
    assert!(matches!(store.set_password("nobody", PASSWORD), Err(StoreError::UnknownUser(_))));
    assert!(matches!(store.grant("nobody", "op", Role::Lead), Err(StoreError::UnknownUser(_))));
    assert!(matches!(store.grant("ana", "op x", Role::Lead), Err(StoreError::InvalidName { .. })));
    assert!(matches!(store.revoke_grant("ana", "op"), Err(StoreError::UnknownGrant { .. })));

    store.grant("ana", "op-b", Role::Viewer).unwrap();
    store.grant("ana", "op-a", Role::Investigator).unwrap();
    store.grant("ana", "op-b", Role::Lead).unwrap();
    store.add_user("bob", PASSWORD).unwrap();
    store.set_disabled("bob", true).unwrap();
    let users = store.users().unwrap();
    assert_eq!(
        users.iter().map(|u| (u.name.as_str(), u.disabled)).collect::<Vec<_>>(),
        [("ana", false), ("bob", true)]
    );
    let grants: Vec<(&str, Role)> = users[0].grants.iter().map(|g| (g.case.as_str(), g.role)).collect();
    assert_eq!(grants, [("op-a", Role::Investigator), ("op-b", Role::Lead)], "a second grant replaces the role");

    let token = store.create_token("ana", "ci").unwrap();
    assert!(matches!(store.create_token("ana", "ci"), Err(StoreError::TokenExists { .. })));
    store.create_token("bob", "ci").unwrap();
    assert!(matches!(store.revoke_token("ana", "other"), Err(StoreError::UnknownToken { .. })));
    assert_eq!(store.tokens(None).unwrap().len(), 2);
    assert_eq!(store.tokens(Some("ana")).unwrap().len(), 1);
    assert_eq!(store.users().unwrap()[0].tokens, 1);
    store.revoke_token("ana", "ci").unwrap();
    assert!(matches!(store.revoke_token("ana", "ci"), Err(StoreError::UnknownToken { .. })), "already revoked");
    assert!(store.token_principal(&token).unwrap().is_none());
    assert_eq!(store.users().unwrap()[0].tokens, 0);
}

#[test]
fn two_processes_can_share_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let server = Store::open(dir.path()).unwrap();
    // `tapir user add` while `tapir serve` runs: another connection, another process.
    let admin = Store::open(dir.path()).unwrap();
    admin.add_user("ana", PASSWORD).unwrap();
    admin.grant("ana", "op", Role::Viewer).unwrap();
    let ana = server.users().unwrap().remove(0);
    assert_eq!(ana.name, "ana");
    assert!(matches!(
        server.login("ana", PASSWORD, "127.0.0.1".parse().unwrap()).unwrap(),
        tapir_server::store::LoginOutcome::Success { .. }
    ));
    assert_eq!(admin.users().unwrap()[0].sessions, 1);
}
