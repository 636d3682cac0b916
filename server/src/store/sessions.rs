//! Sessions: a 256-bit random id in a cookie, its SHA-256 in the database, with an idle and
//! an absolute expiry checked on every request; logout deletes the row, so a copied cookie
//! is dead from then on.

use std::net::IpAddr;

use rusqlite::{OptionalExtension, Transaction, params};
use serde_json::json;

use super::{Credential, Principal, Store, db_ms, from_db_ms};
use crate::StoreError;
use crate::audit::Actor;
use crate::secret::Secret;

/// How long a session lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SessionPolicy {
    /// Ends after this long without a request.
    pub idle_ms: u64,
    /// Ends this long after login, however active.
    pub absolute_ms: u64,
    /// Older sessions of a user beyond this many are ended at login (bounded storage).
    pub max_per_user: u32,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        SessionPolicy { idle_ms: 30 * 60_000, absolute_ms: 12 * 3_600_000, max_per_user: 16 }
    }
}

impl SessionPolicy {
    /// `last_seen` is written at most this often per session (not on every request); the idle
    /// expiry is exact to within this much.
    fn touch_every_ms(&self) -> u64 {
        (self.idle_ms / 10).min(30_000)
    }

    fn expired(&self, created_ms: u64, last_seen_ms: u64, now_ms: u64) -> bool {
        now_ms.saturating_sub(last_seen_ms) > self.idle_ms || now_ms.saturating_sub(created_ms) > self.absolute_ms
    }
}

impl Store {
    /// Starts a session for `user_id` (inside the login transaction); ends expired sessions
    /// and the user's oldest ones beyond the limit.
    pub(super) fn create_session(
        &self,
        tx: &Transaction<'_>,
        user_id: i64,
        client: IpAddr,
        now: u64,
    ) -> Result<Secret, StoreError> {
        let policy = self.config.sessions;
        tx.execute(
            "DELETE FROM sessions WHERE last_seen_ms < ?1 OR created_ms < ?2",
            params![db_ms(now.saturating_sub(policy.idle_ms)), db_ms(now.saturating_sub(policy.absolute_ms))],
        )?;
        let secret = Secret::random()?;
        tx.execute(
            "INSERT INTO sessions (id_hash, user_id, created_ms, last_seen_ms, client) VALUES (?1, ?2, ?3, ?3, ?4)",
            params![secret.digest(), user_id, db_ms(now), client.to_string()],
        )?;
        tx.execute(
            "DELETE FROM sessions WHERE user_id = ?1 AND id_hash NOT IN
                (SELECT id_hash FROM sessions WHERE user_id = ?1 ORDER BY last_seen_ms DESC, created_ms DESC LIMIT ?2)",
            params![user_id, policy.max_per_user.max(1)],
        )?;
        Ok(secret)
    }

    /// Who holds this session cookie, if the session is live and its user enabled. Seeing a
    /// session keeps it alive (idle expiry); an expired one is deleted.
    pub fn session(&self, cookie: &str) -> Result<Option<Principal>, StoreError> {
        let Some(secret) = Secret::from_hex(cookie) else { return Ok(None) };
        let id_hash = secret.digest();
        let now = self.now_ms();
        let policy = self.config.sessions;
        let conn = self.conn();
        let found: Option<(i64, String, bool, i64, i64)> = conn
            .query_row(
                "SELECT u.id, u.name, u.disabled, s.created_ms, s.last_seen_ms
                 FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = ?1",
                [&id_hash],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?)),
            )
            .optional()?;
        let Some((user_id, user, disabled, created, last_seen)) = found else { return Ok(None) };
        let (created, last_seen) = (from_db_ms(created), from_db_ms(last_seen));
        if disabled || policy.expired(created, last_seen, now) {
            conn.execute("DELETE FROM sessions WHERE id_hash = ?1", [&id_hash])?;
            return Ok(None);
        }
        if now.saturating_sub(last_seen) >= policy.touch_every_ms() {
            conn.execute("UPDATE sessions SET last_seen_ms = ?1 WHERE id_hash = ?2", params![db_ms(now), &id_hash])?;
        }
        Ok(Some(Principal { user_id, user, credential: Credential::Session { csrf_token: secret.csrf_token() } }))
    }

    /// Ends the session of this cookie (server-side: the cookie is dead even if kept).
    pub fn logout(&self, cookie: &str, user: &str, client: IpAddr) -> Result<(), StoreError> {
        let Some(secret) = Secret::from_hex(cookie) else { return Ok(()) };
        self.write(|tx| {
            let ended = tx.execute("DELETE FROM sessions WHERE id_hash = ?1", [secret.digest()])?;
            self.audit.record(
                &Actor::User(user.to_owned()),
                "logout",
                json!({ "user": user, "client": client.to_string() }),
                ended as u64,
            )
        })
    }
}
