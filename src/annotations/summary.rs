//! The annotations of a page of targets in one call: what a list of hits or findings shows
//! beside each (its tags, how many notes, the user's star, the review).

use rusqlite::params;

use super::error::Result;
use super::page::bounded_batch;
use super::reviews::ReviewState;
use super::store::{AnnotationStore, find_target};
use super::target::Target;

/// Labels listed per target in a summary (all of them: [`AnnotationStore::tags_of`]).
pub const SUMMARY_TAGS: usize = 50;

/// What is attached to one target, as one user sees it.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    /// Labels on it now, in label order (the first [`SUMMARY_TAGS`]).
    pub tags: Vec<String>,
    /// Labels on it now, all of them.
    pub tag_count: u64,
    /// Notes on it, deleted ones left out.
    pub notes: u64,
    /// Starred by the user asking.
    pub starred: bool,
    /// A finding's review state (`unreviewed` for other targets).
    pub review: ReviewState,
}

impl AnnotationStore {
    /// The summary of each of `targets` (at most a page of them), in their order, for
    /// `user` (whose stars alone are seen).
    pub fn summaries(&self, user: &str, targets: &[Target]) -> Result<Vec<Summary>> {
        let user = super::input::user(user)?;
        bounded_batch("targets", targets.len())?;
        self.read(|tx| {
            let mut out = Vec::with_capacity(targets.len());
            for target in targets {
                let Some(t) = find_target(tx, target)? else {
                    out.push(Summary::default());
                    continue;
                };
                let tags = tx
                    .prepare_cached(
                        "SELECT label FROM tags WHERE target = ?1 AND removed_at IS NULL ORDER BY label LIMIT ?2",
                    )?
                    .query_map(params![t, SUMMARY_TAGS as i64], |r| r.get(0))?
                    .collect::<rusqlite::Result<Vec<String>>>()?;
                let count = |sql: &str| -> rusqlite::Result<u64> {
                    tx.prepare_cached(sql)?.query_row(params![t], |r| r.get::<_, i64>(0)).map(i64::unsigned_abs)
                };
                let tag_count = count("SELECT count(*) FROM tags WHERE target = ?1 AND removed_at IS NULL")?;
                let notes = count("SELECT count(*) FROM notes WHERE target = ?1 AND deleted_at IS NULL")?;
                let starred = tx
                    .prepare_cached("SELECT count(*) FROM stars WHERE owner = ?1 AND target = ?2")?
                    .query_row(params![user, t], |r| r.get::<_, i64>(0))?
                    > 0;
                let review = match target {
                    Target::Finding { id } => self.state_in(tx, *id)?,
                    _ => ReviewState::Unreviewed,
                };
                out.push(Summary { tags, tag_count, notes, starred, review });
            }
            Ok(out)
        })
    }
}
