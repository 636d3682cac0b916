//! Private stars: a user's own bookmarks. Only their owner lists them or sees them on a
//! target; no call returns another user's stars.

use rusqlite::params;

use super::change::Stored;
use super::error::Result;
use super::page::{Page, PageRequest};
use super::store::{AnnotationStore, find_target, from_sql, keyed_page, target_id, target_of, to_sql};
use super::target::Target;

/// A target starred by its owner.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Star {
    pub owner: String,
    pub target: Target,
    #[serde(serialize_with = "crate::time::serialize_rfc3339_ms")]
    pub created_at: u64,
}

impl AnnotationStore {
    /// Stars `target` for `user`; starring again returns the star with `changed: false`.
    pub fn set_star(&self, user: &str, target: &Target) -> Result<Stored<Star>> {
        let user = super::store::checked(user, target)?;
        let now = crate::time::now_ms();
        self.write(|tx| {
            let t = target_id(tx, target)?;
            let inserted = tx
                .prepare_cached(
                    "INSERT INTO stars (owner, target, created_at) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
                )?
                .execute(params![user, t, to_sql(now)])?;
            let created_at: i64 = tx
                .prepare_cached("SELECT created_at FROM stars WHERE owner = ?1 AND target = ?2")?
                .query_row(params![user, t], |r| r.get(0))?;
            let record = Star { owner: user.clone(), target: target.clone(), created_at: from_sql(created_at) };
            Ok(Stored { record, changed: inserted == 1 })
        })
    }

    /// Takes `user`'s star off `target`: the star removed, `None` if there was none.
    pub fn unset_star(&self, user: &str, target: &Target) -> Result<Option<Star>> {
        let user = super::store::checked(user, target)?;
        self.write(|tx| {
            let Some(t) = find_target(tx, target)? else { return Ok(None) };
            let removed: Option<i64> = tx
                .prepare_cached("DELETE FROM stars WHERE owner = ?1 AND target = ?2 RETURNING created_at")?
                .query_map(params![user, t], |r| r.get(0))?
                .next()
                .transpose()?;
            Ok(removed.map(|at| Star { owner: user.clone(), target: target.clone(), created_at: from_sql(at) }))
        })
    }

    /// `user`'s stars, in the order their targets were first annotated.
    pub fn stars(&self, user: &str, page: &PageRequest) -> Result<Page<Star>> {
        let user = super::input::user(user)?;
        let after = page.after_id()?;
        let size = page.size();
        let sql =
            "SELECT s.target, s.created_at, t.kind, t.key, t.number FROM stars s JOIN targets t ON t.id = s.target
                   WHERE s.owner = ?1 AND s.target > ?2 ORDER BY s.target LIMIT ?3";
        self.read(|tx| {
            keyed_page(tx, sql, params![user, after], size, |row| {
                let target = target_of(self.path(), &row.get::<_, String>(2)?, row.get(3)?, row.get(4)?)?;
                Ok((row.get(0)?, Star { owner: user.clone(), target, created_at: from_sql(row.get(1)?) }))
            })
        })
    }
}
