//! Shared tags: a label on a target, attributed and timestamped. Removing one keeps its row
//! with who removed it and when; the same label can be put back later (a new tag).

use rusqlite::{Row, Transaction, params};

use super::error::{AnnotationError, Result};
use super::page::{Cursor, Page, PageRequest};
use super::store::{AnnotationStore, TxResult, find_target, keyed_page, target_id, target_of, to_sql};
use super::target::{Target, TargetKind};
use super::{Stamp, Stored};

/// One tag on one target.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Tag {
    pub id: i64,
    pub target: Target,
    pub label: String,
    pub author: String,
    /// Epoch milliseconds.
    #[serde(serialize_with = "crate::time::serialize_rfc3339_ms")]
    pub created_at: u64,
    /// Who removed it and when; `None` while it is on.
    pub removed: Option<Stamp>,
}

/// A label and how many targets carry it now.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct TagCount {
    pub label: String,
    pub targets: u64,
}

const TAG_COLUMNS: &str =
    "tags.id, tags.label, tags.author, tags.created_at, tags.removed_by, tags.removed_at, t.kind, t.key, t.number";

impl AnnotationStore {
    /// Puts `label` (normalised: see `input::tag`) on `target`. A label already on it is
    /// left as it is: the stored tag comes back with `changed: false`.
    pub fn add_tag(&self, user: &str, target: &Target, label: &str) -> Result<Stored<Tag>> {
        let user = super::store::checked(user, target)?;
        let label = super::input::tag(label)?;
        let now = crate::time::now_ms();
        self.write(|tx| self.put_tag(tx, &user, target, &label, now))
    }

    fn put_tag(
        &self,
        tx: &Transaction<'_>,
        user: &str,
        target: &Target,
        label: &str,
        now: u64,
    ) -> TxResult<Stored<Tag>> {
        let t = target_id(tx, target)?;
        if let Some(tag) = self.live_tag(tx, t, label)? {
            return Ok(Stored { record: tag, changed: false });
        }
        tx.prepare_cached("INSERT INTO tags (target, label, author, created_at) VALUES (?1, ?2, ?3, ?4)")?
            .execute(params![t, label, user, to_sql(now)])?;
        let record = Tag {
            id: tx.last_insert_rowid(),
            target: target.clone(),
            label: label.to_owned(),
            author: user.to_owned(),
            created_at: now,
            removed: None,
        };
        Ok(Stored { record, changed: true })
    }

    /// Puts `label` on each of `targets` (at most a page of them) in one transaction: the
    /// bulk tagging of a selection of hits. One result per target, in their order.
    pub fn add_tag_to_all(&self, user: &str, targets: &[Target], label: &str) -> Result<Vec<Stored<Tag>>> {
        super::page::bounded_batch("targets", targets.len())?;
        let user = super::input::user(user)?;
        for target in targets {
            super::store::checked(&user, target)?;
        }
        let label = super::input::tag(label)?;
        let now = crate::time::now_ms();
        self.write(|tx| targets.iter().map(|target| self.put_tag(tx, &user, target, &label, now)).collect())
    }

    /// Takes `label` off `target`, recording who did and when; returns the tag as removed.
    pub fn remove_tag(&self, user: &str, target: &Target, label: &str) -> Result<Tag> {
        let user = super::store::checked(user, target)?;
        let label = super::input::tag(label)?;
        let now = crate::time::now_ms();
        self.write(|tx| {
            let not_found = || AnnotationError::TagNotFound { label: label.clone(), target: target.to_string() };
            let t = find_target(tx, target)?.ok_or_else(not_found)?;
            let mut tag = self.live_tag(tx, t, &label)?.ok_or_else(not_found)?;
            tx.prepare_cached("UPDATE tags SET removed_by = ?1, removed_at = ?2 WHERE id = ?3")?.execute(params![
                user,
                to_sql(now),
                tag.id
            ])?;
            tag.removed = Some(Stamp { by: user.clone(), at: now });
            Ok(tag)
        })
    }

    /// The tag `label` (normalised as [`AnnotationStore::add_tag`] does) on `target` now, if
    /// there is one: who put it there, before a front end lets someone take it off.
    pub fn tag_on(&self, target: &Target, label: &str) -> Result<Option<Tag>> {
        let label = super::input::tag(label)?;
        self.read(|tx| match find_target(tx, target)? {
            Some(t) => self.live_tag(tx, t, &label),
            None => Ok(None),
        })
    }

    /// The tags on `target`, oldest first: those on it now, or with `removed` also those
    /// taken off (the record of who tagged and untagged what).
    pub fn tags_of(&self, target: &Target, removed: bool, page: &PageRequest) -> Result<Page<Tag>> {
        let after = page.after_id()?;
        let size = page.size();
        self.read(|tx| {
            let Some(t) = find_target(tx, target)? else { return Ok(Page::empty()) };
            let sql = format!(
                "SELECT {TAG_COLUMNS} FROM tags JOIN targets t ON t.id = tags.target
                 WHERE tags.target = ?1 AND tags.id > ?2 AND (?3 OR tags.removed_at IS NULL)
                 ORDER BY tags.id LIMIT ?4"
            );
            keyed_page(tx, &sql, params![t, after, removed], size, |row| self.tag_of(row).map(|tag| (tag.id, tag)))
        })
    }

    /// Every label on some target now, with how many targets carry it, by label.
    pub fn tag_counts(&self, page: &PageRequest) -> Result<Page<TagCount>> {
        let size = page.size();
        let after = page.after.as_ref().map(|c| c.as_str().to_owned()).unwrap_or_default();
        self.read(|tx| {
            // Labels are never empty, so "" starts before the first.
            let mut stmt = tx.prepare_cached(
                "SELECT label, count(*) FROM tags WHERE removed_at IS NULL AND label > ?1
                 GROUP BY label ORDER BY label LIMIT ?2",
            )?;
            let counts = stmt
                .query_map(params![after, (size + 1) as i64], |r| {
                    Ok(TagCount { label: r.get(0)?, targets: r.get::<_, i64>(1)?.unsigned_abs() })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(Page::from_rows(counts, size, |c| Cursor::new(c.label.clone())))
        })
    }

    /// The targets carrying `label` now (of one kind, or all), in the order they were first
    /// annotated. For a search filter over every such target, see [`AnnotationStore::visit_tagged`].
    pub fn targets_with_tag(&self, label: &str, kind: Option<TargetKind>, page: &PageRequest) -> Result<Page<Target>> {
        let label = super::input::tag(label)?;
        let after = page.after_id()?;
        let size = page.size();
        let sql = "SELECT t.id, t.kind, t.key, t.number FROM tags JOIN targets t ON t.id = tags.target
                   WHERE tags.label = ?1 AND tags.removed_at IS NULL AND tags.target > ?2 AND (?3 IS NULL OR t.kind = ?3)
                   ORDER BY tags.target LIMIT ?4";
        self.read(|tx| {
            keyed_page(tx, sql, params![label, after, kind.map(TargetKind::as_str)], size, |row| {
                Ok((row.get(0)?, target_of(self.path(), &row.get::<_, String>(1)?, row.get(2)?, row.get(3)?)?))
            })
        })
    }

    /// The live tag `label` on the target with row id `target`.
    fn live_tag(&self, tx: &Transaction<'_>, target: i64, label: &str) -> TxResult<Option<Tag>> {
        let sql = format!(
            "SELECT {TAG_COLUMNS} FROM tags JOIN targets t ON t.id = tags.target
             WHERE tags.target = ?1 AND tags.label = ?2 AND tags.removed_at IS NULL"
        );
        let mut stmt = tx.prepare_cached(&sql)?;
        let mut rows = stmt.query(params![target, label])?;
        rows.next()?.map(|row| self.tag_of(row)).transpose()
    }

    /// A row of [`TAG_COLUMNS`].
    fn tag_of(&self, row: &Row<'_>) -> TxResult<Tag> {
        Ok(Tag {
            id: row.get(0)?,
            label: row.get(1)?,
            author: row.get(2)?,
            created_at: super::store::from_sql(row.get(3)?),
            removed: Stamp::of(row.get(4)?, row.get(5)?),
            target: target_of(self.path(), &row.get::<_, String>(6)?, row.get(7)?, row.get(8)?)?,
        })
    }
}
