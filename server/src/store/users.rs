//! Accounts: add, change password, disable or enable, list. Administration only (the
//! `tapir user` commands), each audited as `@admin`.

use rusqlite::params;
use serde_json::json;

use super::{Store, db_ms, from_db_ms, user_by_name, user_id};
use crate::StoreError;
use crate::audit::Actor;
use crate::names::{self, NameKind};
use crate::password;

/// One account as `tapir user list` shows it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct UserInfo {
    pub name: String,
    pub disabled: bool,
    /// RFC 3339 UTC.
    pub created: String,
    pub grants: Vec<super::GrantInfo>,
    /// Live (unrevoked) API tokens.
    pub tokens: u64,
    /// Sessions not yet expired.
    pub sessions: u64,
}

impl Store {
    /// Creates an account. The password is hashed (Argon2id) before the transaction.
    pub fn add_user(&self, name: &str, password: &str) -> Result<(), StoreError> {
        names::check(NameKind::User, name)?;
        let hash = password::hash(password)?;
        let now = self.now_ms();
        self.write(|tx| {
            if user_by_name(tx, name)?.is_some() {
                return Err(StoreError::UserExists(name.to_owned()));
            }
            tx.execute(
                "INSERT INTO users (name, password_hash, disabled, created_ms) VALUES (?1, ?2, 0, ?3)",
                params![name, hash, db_ms(now)],
            )?;
            self.audit.record(&Actor::Admin, "user_add", json!({ "user": name }), 1)
        })
    }

    /// Sets a new password; the user's sessions end and its login failures are forgotten.
    pub fn set_password(&self, name: &str, password: &str) -> Result<(), StoreError> {
        let hash = password::hash(password)?;
        self.write(|tx| {
            let id = user_id(tx, name)?;
            tx.execute("UPDATE users SET password_hash = ?1 WHERE id = ?2", params![hash, id])?;
            let ended = tx.execute("DELETE FROM sessions WHERE user_id = ?1", [id])?;
            super::login::forget_account_failures(tx, name)?;
            self.audit.record(&Actor::Admin, "user_passwd", json!({ "user": name, "sessions_ended": ended }), 1)
        })
    }

    /// Disables (every session ends, tokens stop working) or enables an account.
    pub fn set_disabled(&self, name: &str, disabled: bool) -> Result<(), StoreError> {
        self.write(|tx| {
            let id = user_id(tx, name)?;
            tx.execute("UPDATE users SET disabled = ?1 WHERE id = ?2", params![disabled, id])?;
            if disabled {
                let ended = tx.execute("DELETE FROM sessions WHERE user_id = ?1", [id])?;
                self.audit.record(&Actor::Admin, "user_disable", json!({ "user": name, "sessions_ended": ended }), 1)
            } else {
                super::login::forget_account_failures(tx, name)?;
                self.audit.record(&Actor::Admin, "user_enable", json!({ "user": name }), 1)
            }
        })
    }

    /// Every account, by name, with its grants and its counts of live tokens and sessions.
    pub fn users(&self) -> Result<Vec<UserInfo>, StoreError> {
        let now = self.now_ms();
        let policy = self.config.sessions;
        let conn = self.conn();
        let mut stmt = conn.prepare(
            "SELECT u.id, u.name, u.disabled, u.created_ms,
                    (SELECT COUNT(*) FROM api_tokens t WHERE t.user_id = u.id AND t.revoked_ms IS NULL),
                    (SELECT COUNT(*) FROM sessions s WHERE s.user_id = u.id
                        AND s.last_seen_ms >= ?1 AND s.created_ms >= ?2)
             FROM users u ORDER BY u.name",
        )?;
        let rows = stmt.query_map(
            params![db_ms(now.saturating_sub(policy.idle_ms)), db_ms(now.saturating_sub(policy.absolute_ms))],
            |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    UserInfo {
                        name: row.get(1)?,
                        disabled: row.get(2)?,
                        created: tapir::time::rfc3339_ms(from_db_ms(row.get(3)?)),
                        grants: Vec::new(),
                        tokens: row.get::<_, i64>(4)?.try_into().unwrap_or(0),
                        sessions: row.get::<_, i64>(5)?.try_into().unwrap_or(0),
                    },
                ))
            },
        )?;
        let mut users = Vec::new();
        for row in rows {
            let (id, mut user) = row?;
            user.grants = super::grants::grants_of(&conn, id)?;
            users.push(user);
        }
        Ok(users)
    }
}
