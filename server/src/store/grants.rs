//! Grants: a user's role on a case, by case name. A grant may name a case the server does not
//! serve (yet): it takes effect when a case of that name is served.

use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;

use super::{Store, db_ms, user_id};
use crate::StoreError;
use crate::audit::Actor;
use crate::names::{self, NameKind};
use crate::roles::Role;

/// One grant of a user.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct GrantInfo {
    pub case: String,
    pub role: Role,
}

fn role_of(text: &str) -> rusqlite::Result<Role> {
    text.parse().map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e)))
}

pub(super) fn grants_of(conn: &Connection, user_id: i64) -> Result<Vec<GrantInfo>, StoreError> {
    let mut stmt = conn.prepare("SELECT case_name, role FROM grants WHERE user_id = ?1 ORDER BY case_name")?;
    let rows = stmt
        .query_map([user_id], |row| Ok(GrantInfo { case: row.get(0)?, role: role_of(&row.get::<_, String>(1)?)? }))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

impl Store {
    /// Gives `user` the role `role` on `case` (replacing an earlier role there).
    pub fn grant(&self, user: &str, case: &str, role: Role) -> Result<(), StoreError> {
        names::check(NameKind::Case, case)?;
        let now = self.now_ms();
        self.write(|tx| {
            let id = user_id(tx, user)?;
            tx.execute(
                "INSERT INTO grants (user_id, case_name, role, granted_ms) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (user_id, case_name) DO UPDATE SET role = excluded.role, granted_ms = excluded.granted_ms",
                params![id, case, role.as_str(), db_ms(now)],
            )?;
            self.audit.record(&Actor::Admin, "grant", json!({ "user": user, "case": case, "role": role }), 1)
        })
    }

    /// Removes `user`'s grant on `case`.
    pub fn revoke_grant(&self, user: &str, case: &str) -> Result<(), StoreError> {
        names::check(NameKind::Case, case)?;
        self.write(|tx| {
            let id = user_id(tx, user)?;
            if tx.execute("DELETE FROM grants WHERE user_id = ?1 AND case_name = ?2", params![id, case])? == 0 {
                return Err(StoreError::UnknownGrant { user: user.to_owned(), case: case.to_owned() });
            }
            self.audit.record(&Actor::Admin, "grant_revoke", json!({ "user": user, "case": case }), 1)
        })
    }

    /// The role of a user on a case, if granted.
    pub fn role(&self, user_id: i64, case: &str) -> Result<Option<Role>, StoreError> {
        let conn = self.conn();
        let role: Option<String> = conn
            .query_row("SELECT role FROM grants WHERE user_id = ?1 AND case_name = ?2", params![user_id, case], |row| {
                row.get(0)
            })
            .optional()?;
        Ok(role.map(|r| role_of(&r)).transpose()?)
    }

    /// Every grant of a user, by case name.
    pub fn grants(&self, user_id: i64) -> Result<Vec<GrantInfo>, StoreError> {
        grants_of(&self.conn(), user_id)
    }
}
