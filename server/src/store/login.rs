//! Password login with throttling per account and per client address (`crate::lockout`).
//!
//! One attempt is three steps: in a transaction, refuse it if either key must wait, else
//! count it against both; outside any lock, verify the password (Argon2id, the slow part);
//! in a second transaction, on success give the counts back and start a session, on failure
//! record it. Account keys are the SHA-256 of the submitted name, so the database never
//! holds, in clear, a "user name" that was really a password typed in the wrong field.

use std::net::IpAddr;

use rusqlite::{OptionalExtension, Transaction, params};
use serde_json::json;
use sha2::{Digest, Sha256};

use super::{Credential, Principal, Store, UserRow, address_key, db_ms, from_db_ms, user_by_name};
use crate::StoreError;
use crate::audit::Actor;
use crate::lockout::{Blocked, Failures, Limits};
use crate::names::{self, NameKind};
use crate::password;
use crate::secret::Secret;

/// What became of a login attempt.
#[derive(Debug)]
pub enum LoginOutcome {
    /// Logged in: the session id (for the cookie, shown once) and who.
    Success { session: Secret, principal: Principal },
    /// Wrong name or password, or a disabled account (the client is not told which).
    Failed,
    /// Refused without checking the password: too many failures for the account or the
    /// address; try again after `until_ms`.
    Refused(Blocked),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scope {
    Account,
    Address,
}

impl Scope {
    fn as_str(self) -> &'static str {
        match self {
            Scope::Account => "account",
            Scope::Address => "address",
        }
    }
}

fn account_key(name: &str) -> String {
    hex::encode(Sha256::digest(name.as_bytes()))
}

fn failures(tx: &Transaction<'_>, scope: Scope, key: &str) -> Result<Failures, StoreError> {
    let row: Option<(i64, i64)> = tx
        .query_row(
            "SELECT count, last_ms FROM login_failures WHERE scope = ?1 AND key = ?2",
            params![scope.as_str(), key],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    Ok(row.map_or(Failures::default(), |(count, last)| Failures {
        count: u32::try_from(count).unwrap_or(u32::MAX),
        last_ms: from_db_ms(last),
    }))
}

fn set_failures(tx: &Transaction<'_>, scope: Scope, key: &str, state: Failures) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO login_failures (scope, key, count, last_ms) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (scope, key) DO UPDATE SET count = excluded.count, last_ms = excluded.last_ms",
        params![scope.as_str(), key, state.count, db_ms(state.last_ms)],
    )?;
    Ok(())
}

/// Forgets an account's failures (a new password, a re-enabled account).
pub(super) fn forget_account_failures(tx: &Transaction<'_>, name: &str) -> Result<(), StoreError> {
    tx.execute("DELETE FROM login_failures WHERE scope = 'account' AND key = ?1", [account_key(name)])?;
    Ok(())
}

/// An attempt counted and not yet decided.
struct Attempt {
    user: Option<UserRow>,
    /// The keys counted, with whether this attempt reached their lock.
    counted: Vec<(Scope, String, bool)>,
}

impl Store {
    /// Checks `password` for `user`, from `client`. Slow by design (Argon2id): call it off the
    /// async threads, with bounded concurrency.
    pub fn login(&self, user: &str, password: &str, client: IpAddr) -> Result<LoginOutcome, StoreError> {
        let attempt = match self.begin_attempt(user, client)? {
            Ok(attempt) => attempt,
            Err(blocked) => return Ok(LoginOutcome::Refused(blocked)),
        };
        let verified = match &attempt.user {
            Some(row) => password::verify(password, &row.password_hash),
            None => {
                password::verify_nothing(password);
                false
            }
        };
        self.finish_attempt(attempt, verified, client)
    }

    fn begin_attempt(&self, user: &str, client: IpAddr) -> Result<Result<Attempt, Blocked>, StoreError> {
        let now = self.now_ms();
        let policy = self.config.lockout;
        let valid_name = names::is_valid(NameKind::User, user);
        let mut keys: Vec<(Scope, String, &Limits)> = vec![(Scope::Address, address_key(client), &policy.address)];
        if valid_name {
            keys.push((Scope::Account, account_key(user), &policy.account));
        }
        // Past both the window and the longest lock a row decides nothing: forget it (the
        // table stays as small as the attempts of the last half hour).
        let stale = now.saturating_sub(policy.window_ms.max(policy.account.lock_ms).max(policy.address.lock_ms));
        self.write(|tx| {
            tx.execute("DELETE FROM login_failures WHERE last_ms < ?1", [db_ms(stale)])?;
            let mut states = Vec::with_capacity(keys.len());
            let mut blocked: Option<Blocked> = None;
            for (scope, key, limits) in &keys {
                let state = failures(tx, *scope, key)?;
                if let Some(b) = policy.blocked(limits, state, now) {
                    blocked = Some(match blocked {
                        Some(prev) if prev.until_ms >= b.until_ms => prev,
                        _ => b,
                    });
                }
                states.push(state);
            }
            if let Some(b) = blocked {
                return Ok(Err(b));
            }
            let mut counted = Vec::with_capacity(keys.len());
            for ((scope, key, limits), state) in keys.iter().zip(states) {
                let next = policy.counted(state, now);
                set_failures(tx, *scope, key, next)?;
                counted.push((*scope, key.clone(), next.count == limits.lock_after));
            }
            let user = if valid_name { user_by_name(tx, user)? } else { None };
            Ok(Ok(Attempt { user, counted }))
        })
    }

    fn finish_attempt(&self, attempt: Attempt, verified: bool, client: IpAddr) -> Result<LoginOutcome, StoreError> {
        let now = self.now_ms();
        let lockout = self.config.lockout;
        let client_text = client.to_string();
        self.write(|tx| {
            // Re-read: the account may have been disabled while the password was checked.
            let current = match &attempt.user {
                Some(row) => user_by_name(tx, &row.name)?,
                None => None,
            };
            if let Some(user) = current.as_ref().filter(|u| verified && !u.disabled) {
                for (scope, key, _) in &attempt.counted {
                    match scope {
                        Scope::Account => {
                            tx.execute("DELETE FROM login_failures WHERE scope = 'account' AND key = ?1", [key])?;
                        }
                        // Given back, not reset: a valid login must not wipe an address's
                        // failures against other accounts.
                        Scope::Address => {
                            tx.execute(
                                "UPDATE login_failures SET count = MAX(count - 1, 0) WHERE scope = 'address' AND key = ?1",
                                [key],
                            )?;
                        }
                    }
                }
                let session = self.create_session(tx, user.id, client, now)?;
                let principal = Principal {
                    user_id: user.id,
                    user: user.name.clone(),
                    credential: Credential::Session { csrf_token: session.csrf_token() },
                };
                self.audit.record(
                    &Actor::User(user.name.clone()),
                    "login",
                    json!({ "user": user.name, "client": client_text }),
                    1,
                )?;
                return Ok(LoginOutcome::Success { session, principal });
            }
            let (user, reason) = match (&attempt.user, &current) {
                (None, _) => (None, "unknown_user"),
                (Some(_), None) => (None, "unknown_user"),
                (Some(_), Some(u)) if u.disabled => (Some(u.name.as_str()), "disabled"),
                (Some(_), Some(u)) => (Some(u.name.as_str()), "wrong_password"),
            };
            self.audit.record(
                &Actor::Anonymous,
                "login_failed",
                json!({ "user": user, "client": client_text, "reason": reason }),
                0,
            )?;
            for (scope, _, reached_lock) in &attempt.counted {
                if *reached_lock {
                    let limits = if *scope == Scope::Account { lockout.account } else { lockout.address };
                    // The account is named only when it exists (see the module comment).
                    let user = if *scope == Scope::Account { user } else { None };
                    self.audit.record(
                        &Actor::Anonymous,
                        "lockout",
                        json!({
                            "scope": scope.as_str(),
                            "user": user,
                            "client": client_text,
                            "until": tapir::time::rfc3339_ms(now.saturating_add(limits.lock_ms)),
                        }),
                        0,
                    )?;
                }
            }
            Ok(LoginOutcome::Failed)
        })
    }
}
