//! Shared notes on a target: text, author, when written, when last edited. Editing and
//! deleting keep every earlier text as a revision: nothing a colleague read disappears from
//! the record. Who may edit or delete whose note is the front end's policy (the server's
//! roles); the store records who did.

use rusqlite::{Row, Transaction, params};

use super::change::Stamp;
use super::error::{AnnotationError, Result};
use super::page::{Page, PageRequest};
use super::store::{AnnotationStore, TxResult, find_target, from_sql, keyed_page, target_id, target_of, to_sql};
use super::target::Target;

/// A note as it stands.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Note {
    pub id: i64,
    pub target: Target,
    /// The current text (the text at deletion, for a deleted note).
    pub text: String,
    pub author: String,
    #[serde(serialize_with = "crate::time::serialize_rfc3339_ms")]
    pub created_at: u64,
    /// The last edit.
    pub edited: Option<Stamp>,
    pub deleted: Option<Stamp>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NoteAction {
    Created,
    Edited,
    Deleted,
}

impl NoteAction {
    pub fn as_str(self) -> &'static str {
        match self {
            NoteAction::Created => "created",
            NoteAction::Edited => "edited",
            NoteAction::Deleted => "deleted",
        }
    }

    fn parse(s: &str) -> Option<NoteAction> {
        [NoteAction::Created, NoteAction::Edited, NoteAction::Deleted].into_iter().find(|a| a.as_str() == s)
    }
}

/// One step of a note's history: its text after the step.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct NoteRevision {
    pub id: i64,
    pub note: i64,
    pub action: NoteAction,
    pub text: String,
    pub by: String,
    #[serde(serialize_with = "crate::time::serialize_rfc3339_ms")]
    pub at: u64,
}

const NOTE_COLUMNS: &str = "n.id, n.text, n.author, n.created_at, n.edited_by, n.edited_at, n.deleted_by, n.deleted_at, \
                            t.kind, t.key, t.number";

impl AnnotationStore {
    /// Writes a note on `target` (text normalised: see `input::note`).
    pub fn add_note(&self, user: &str, target: &Target, text: &str) -> Result<Note> {
        let user = super::store::checked(user, target)?;
        let text = super::input::note(text)?;
        let now = crate::time::now_ms();
        self.write(|tx| {
            let t = target_id(tx, target)?;
            tx.prepare_cached("INSERT INTO notes (target, text, author, created_at) VALUES (?1, ?2, ?3, ?4)")?
                .execute(params![t, text, user, to_sql(now)])?;
            let id = tx.last_insert_rowid();
            revision(tx, id, NoteAction::Created, &text, &user, now)?;
            Ok(Note {
                id,
                target: target.clone(),
                text: text.clone(),
                author: user.clone(),
                created_at: now,
                edited: None,
                deleted: None,
            })
        })
    }

    /// Replaces the text of note `id`; the earlier text stays in its history.
    pub fn edit_note(&self, user: &str, id: i64, text: &str) -> Result<Note> {
        let user = super::input::user(user)?;
        let text = super::input::note(text)?;
        let now = crate::time::now_ms();
        self.write(|tx| {
            let mut note = self.live_note(tx, id)?;
            tx.prepare_cached("UPDATE notes SET text = ?1, edited_by = ?2, edited_at = ?3 WHERE id = ?4")?
                .execute(params![text, user, to_sql(now), id])?;
            revision(tx, id, NoteAction::Edited, &text, &user, now)?;
            note.text = text.clone();
            note.edited = Some(Stamp { by: user.clone(), at: now });
            Ok(note)
        })
    }

    /// Deletes note `id`: it leaves listings of notes but stays, with its history, for the
    /// record ([`AnnotationStore::note`], [`AnnotationStore::note_history`]).
    pub fn delete_note(&self, user: &str, id: i64) -> Result<Note> {
        let user = super::input::user(user)?;
        let now = crate::time::now_ms();
        self.write(|tx| {
            let mut note = self.live_note(tx, id)?;
            tx.prepare_cached("UPDATE notes SET deleted_by = ?1, deleted_at = ?2 WHERE id = ?3")?.execute(params![
                user,
                to_sql(now),
                id
            ])?;
            revision(tx, id, NoteAction::Deleted, &note.text, &user, now)?;
            note.deleted = Some(Stamp { by: user.clone(), at: now });
            Ok(note)
        })
    }

    /// Note `id` as it stands, deleted or not.
    pub fn note(&self, id: i64) -> Result<Note> {
        self.read(|tx| self.note_in(tx, id))
    }

    /// The notes on `target`, oldest first (with `deleted`, deleted ones too).
    pub fn notes_of(&self, target: &Target, deleted: bool, page: &PageRequest) -> Result<Page<Note>> {
        let after = page.after_id()?;
        let size = page.size();
        self.read(|tx| {
            let Some(t) = find_target(tx, target)? else { return Ok(Page::empty()) };
            let sql = format!(
                "SELECT {NOTE_COLUMNS} FROM notes n JOIN targets t ON t.id = n.target
                 WHERE n.target = ?1 AND n.id > ?2 AND (?3 OR n.deleted_at IS NULL) ORDER BY n.id LIMIT ?4"
            );
            keyed_page(tx, &sql, params![t, after, deleted], size, |row| self.note_of(row).map(|n| (n.id, n)))
        })
    }

    /// Every revision of note `id`, oldest first: created, each edit, the deletion.
    pub fn note_history(&self, id: i64, page: &PageRequest) -> Result<Page<NoteRevision>> {
        let after = page.after_id()?;
        let size = page.size();
        self.read(|tx| {
            self.note_in(tx, id)?;
            let sql = "SELECT id, note, action, text, by, at FROM note_revisions
                       WHERE note = ?1 AND id > ?2 ORDER BY id LIMIT ?3";
            keyed_page(tx, sql, params![id, after], size, |row| {
                let action: String = row.get(2)?;
                let revision = NoteRevision {
                    id: row.get(0)?,
                    note: row.get(1)?,
                    action: NoteAction::parse(&action).ok_or_else(|| AnnotationError::Database {
                        path: self.path().to_owned(),
                        detail: format!("a note revision of unknown action {action:?}"),
                    })?,
                    text: row.get(3)?,
                    by: row.get(4)?,
                    at: from_sql(row.get(5)?),
                };
                Ok((revision.id, revision))
            })
        })
    }

    fn note_in(&self, tx: &Transaction<'_>, id: i64) -> TxResult<Note> {
        let sql = format!("SELECT {NOTE_COLUMNS} FROM notes n JOIN targets t ON t.id = n.target WHERE n.id = ?1");
        let mut stmt = tx.prepare_cached(&sql)?;
        let mut rows = stmt.query(params![id])?;
        match rows.next()? {
            Some(row) => self.note_of(row),
            None => Err(AnnotationError::NoteNotFound(id).into()),
        }
    }

    /// Note `id`, refused when it was deleted.
    fn live_note(&self, tx: &Transaction<'_>, id: i64) -> TxResult<Note> {
        let note = self.note_in(tx, id)?;
        if note.deleted.is_some() {
            return Err(AnnotationError::NoteDeleted(id).into());
        }
        Ok(note)
    }

    /// A row of [`NOTE_COLUMNS`].
    fn note_of(&self, row: &Row<'_>) -> TxResult<Note> {
        Ok(Note {
            id: row.get(0)?,
            text: row.get(1)?,
            author: row.get(2)?,
            created_at: from_sql(row.get(3)?),
            edited: Stamp::of(row.get(4)?, row.get(5)?),
            deleted: Stamp::of(row.get(6)?, row.get(7)?),
            target: target_of(self.path(), &row.get::<_, String>(8)?, row.get(9)?, row.get(10)?)?,
        })
    }
}

fn revision(tx: &Transaction<'_>, note: i64, action: NoteAction, text: &str, by: &str, at: u64) -> TxResult<()> {
    tx.prepare_cached("INSERT INTO note_revisions (note, action, text, by, at) VALUES (?1, ?2, ?3, ?4, ?5)")?
        .execute(params![note, action.as_str(), text, by, to_sql(at)])?;
    Ok(())
}
