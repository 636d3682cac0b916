//! API tokens: `tapir_` and 256 random bits, shown once at creation, stored as SHA-256,
//! named per user, revocable (a revoked token stays listed, with when it was revoked).

use rusqlite::{OptionalExtension, params};
use serde_json::json;
use zeroize::Zeroizing;

use super::{Credential, Principal, Store, db_ms, from_db_ms, user_id};
use crate::StoreError;
use crate::audit::Actor;
use crate::names::{self, NameKind};
use crate::secret::Secret;

/// `last_used` is written at most this often per token (a script polling every second
/// should not write the database every second).
const TOUCH_EVERY_MS: u64 = 60_000;

/// A token as `tapir token list` shows it (never its secret).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct TokenInfo {
    pub user: String,
    pub name: String,
    pub created: String,
    pub last_used: Option<String>,
    pub revoked: Option<String>,
}

impl Store {
    /// Creates a token for `user`; the returned text is the only copy of its secret.
    pub fn create_token(&self, user: &str, name: &str) -> Result<Zeroizing<String>, StoreError> {
        names::check(NameKind::Token, name)?;
        let secret = Secret::random()?;
        let now = self.now_ms();
        self.write(|tx| {
            let id = user_id(tx, user)?;
            let taken: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM api_tokens WHERE user_id = ?1 AND name = ?2 AND revoked_ms IS NULL)",
                params![id, name],
                |row| row.get(0),
            )?;
            if taken {
                return Err(StoreError::TokenExists { user: user.to_owned(), name: name.to_owned() });
            }
            tx.execute(
                "INSERT INTO api_tokens (user_id, name, secret_hash, created_ms) VALUES (?1, ?2, ?3, ?4)",
                params![id, name, secret.digest(), db_ms(now)],
            )?;
            self.audit.record(&Actor::Admin, "token_create", json!({ "user": user, "token": name }), 1)
        })?;
        Ok(secret.to_token())
    }

    /// Revokes `user`'s live token `name`: requests bearing it are refused from now on.
    pub fn revoke_token(&self, user: &str, name: &str) -> Result<(), StoreError> {
        names::check(NameKind::Token, name)?;
        let now = self.now_ms();
        self.write(|tx| {
            let id = user_id(tx, user)?;
            let revoked = tx.execute(
                "UPDATE api_tokens SET revoked_ms = ?1 WHERE user_id = ?2 AND name = ?3 AND revoked_ms IS NULL",
                params![db_ms(now), id, name],
            )?;
            if revoked == 0 {
                return Err(StoreError::UnknownToken { user: user.to_owned(), name: name.to_owned() });
            }
            self.audit.record(&Actor::Admin, "token_revoke", json!({ "user": user, "token": name }), 1)
        })
    }

    /// Every token (of one user, or of all), by user then creation.
    pub fn tokens(&self, user: Option<&str>) -> Result<Vec<TokenInfo>, StoreError> {
        let conn = self.conn();
        let only = user.map(|u| user_id(&conn, u)).transpose()?;
        let mut stmt = conn.prepare(
            "SELECT u.name, t.name, t.created_ms, t.last_used_ms, t.revoked_ms
             FROM api_tokens t JOIN users u ON u.id = t.user_id
             WHERE ?1 IS NULL OR t.user_id = ?1 ORDER BY u.name, t.created_ms, t.id",
        )?;
        let time = |ms: Option<i64>| ms.map(|ms| tapir::time::rfc3339_ms(from_db_ms(ms)));
        let rows = stmt.query_map([only], |row| {
            Ok(TokenInfo {
                user: row.get(0)?,
                name: row.get(1)?,
                created: tapir::time::rfc3339_ms(from_db_ms(row.get(2)?)),
                last_used: time(row.get(3)?),
                revoked: time(row.get(4)?),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Who bears this token (the text after `Bearer `), if it is live and its user enabled.
    pub fn token_principal(&self, bearer: &str) -> Result<Option<Principal>, StoreError> {
        let Some(secret) = Secret::from_token(bearer) else { return Ok(None) };
        let now = self.now_ms();
        let conn = self.conn();
        let found: Option<(i64, i64, String, String, Option<i64>)> = conn
            .query_row(
                "SELECT t.id, u.id, u.name, t.name, t.last_used_ms FROM api_tokens t JOIN users u ON u.id = t.user_id
                 WHERE t.secret_hash = ?1 AND t.revoked_ms IS NULL AND u.disabled = 0",
                [secret.digest()],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?)),
            )
            .optional()?;
        let Some((token_id, user_id, user, name, last_used)) = found else { return Ok(None) };
        if last_used.is_none_or(|ms| now.saturating_sub(from_db_ms(ms)) >= TOUCH_EVERY_MS) {
            conn.execute("UPDATE api_tokens SET last_used_ms = ?1 WHERE id = ?2", params![db_ms(now), token_id])?;
        }
        Ok(Some(Principal { user_id, user, credential: Credential::Token { name } }))
    }
}
