//! The case's annotations through the facade: tags, notes, stars and reviews, written to and
//! read from the case's annotation store (`crate::annotations`) by the case's analyst.
//!
//! Every change checks first that what it is about is in the index (a message, a device note,
//! a finding's conversation) and that the trail can be appended to; once the store has the
//! change (durable: WAL, `synchronous=FULL`), one record is appended naming the analyst, with
//! the caller's `given` and what the change stored (ids, who wrote what was changed). Every
//! listing is a read of case data and is recorded too (its results: the items of the page).
//!
//! Who may change whose annotations is the front end's to decide (the server knows roles); the
//! facade enforces it, given as an [`Authority`], against the author the store recorded. Stars
//! are the analyst's own: no method reads or changes another's.

use crate::annotations::{
    AnnotationError, FindingId, InputError, MAX_PAGE, Note, NoteRevision, Page, PageRequest, Review, ReviewState, Star,
    Stored, Tag, TagCount, Target, TargetKind,
};
use crate::audit::Arguments;

use super::{Case, CaseError};

/// What the analyst may do to annotations others wrote (their own they may always change).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Authority {
    /// Only their own tags and notes.
    Author,
    /// Anyone's: the case's lead, who manages its annotations.
    Manager,
}

impl Case {
    /// Refuses a target the index holds no document of (a typing mistake, or another case's).
    fn check_target(&self, target: &Target) -> Result<(), CaseError> {
        let index = self.current()?;
        let held = match target {
            Target::Finding { id } => index.conversation_documents(id.conversation)? > 0,
            _ => target.index_key().map_or(Ok(false), |key| index.holds_key(&key))?,
        };
        if held { Ok(()) } else { Err(CaseError::UnknownTarget(target.clone())) }
    }

    /// Refuses a change to `author`'s `what` unless the analyst is them or may manage.
    fn check_authority(&self, authority: Authority, what: String, author: &str) -> Result<(), CaseError> {
        if authority == Authority::Manager || author == self.analyst.name() {
            Ok(())
        } else {
            Err(CaseError::NotYours { what, author: author.to_owned() })
        }
    }

    /// Appends the record of a change: `given`, and `key` set to what the store recorded.
    fn record_change(
        &self,
        command: &str,
        given: &impl serde::Serialize,
        (key, stored): (&str, &impl serde::Serialize),
        results: usize,
    ) -> Result<(), CaseError> {
        self.record(command, &Arguments::of(given)?.with(key, stored)?, results)
    }

    /// Puts `label` on each of `targets` (at most a page of them, each in the index) in one
    /// transaction. Recorded (`tag`, the targets newly tagged; the tag ids stored).
    pub fn tag(
        &self,
        targets: &[Target],
        label: &str,
        given: &impl serde::Serialize,
    ) -> Result<Vec<Stored<Tag>>, CaseError> {
        if targets.len() > MAX_PAGE {
            return Err(AnnotationError::from(InputError::TooMany { what: "targets", max: MAX_PAGE }).into());
        }
        for target in targets {
            self.check_target(target)?;
        }
        self.check_trail_writable()?;
        let tags = self.annotations()?.add_tag_to_all(self.analyst.name(), targets, label)?;
        let ids: Vec<i64> = tags.iter().map(|t| t.record.id).collect();
        self.record_change("tag", given, ("tags", &ids), tags.iter().filter(|t| t.changed).count())?;
        Ok(tags)
    }

    /// Takes `label` off `target` (another's tag only with [`Authority::Manager`]). Recorded
    /// (`untag`, one tag; its id and author).
    pub fn untag(
        &self,
        target: &Target,
        label: &str,
        authority: Authority,
        given: &impl serde::Serialize,
    ) -> Result<Tag, CaseError> {
        let store = self.annotations()?;
        let not_found = || AnnotationError::TagNotFound { label: label.to_owned(), target: target.to_string() };
        let on = store.tag_on(target, label)?.ok_or_else(not_found)?;
        self.check_authority(authority, format!("tag {:?} on {target}", on.label), &on.author)?;
        self.check_trail_writable()?;
        // Between the check and the removal another may take the tag off and put it back:
        // then theirs is removed, and the record names both.
        let tag = store.remove_tag(self.analyst.name(), target, label)?;
        let stored = serde_json::json!({ "id": tag.id, "author": tag.author });
        self.record_change("untag", given, ("tag", &stored), 1)?;
        Ok(tag)
    }

    /// The tags on `target`, oldest first (with `removed`, those taken off too). Recorded
    /// (`tags`, the page's tags).
    pub fn tags_on(
        &self,
        target: &Target,
        removed: bool,
        page: &PageRequest,
        given: &impl serde::Serialize,
    ) -> Result<Page<Tag>, CaseError> {
        let tags = self.annotations()?.tags_of(target, removed, page)?;
        self.record("tags", given, tags.items.len())?;
        Ok(tags)
    }

    /// Every label on some target, with how many targets carry it. Recorded (`tag_counts`,
    /// the page's labels).
    pub fn tag_counts(&self, page: &PageRequest, given: &impl serde::Serialize) -> Result<Page<TagCount>, CaseError> {
        let counts = self.annotations()?.tag_counts(page)?;
        self.record("tag_counts", given, counts.items.len())?;
        Ok(counts)
    }

    /// The targets carrying `label` (of one kind, or all). Recorded (`tagged`, the page's
    /// targets).
    pub fn tagged_targets(
        &self,
        label: &str,
        kind: Option<TargetKind>,
        page: &PageRequest,
        given: &impl serde::Serialize,
    ) -> Result<Page<Target>, CaseError> {
        let targets = self.annotations()?.targets_with_tag(label, kind, page)?;
        self.record("tagged", given, targets.items.len())?;
        Ok(targets)
    }

    /// Writes a note on `target` (in the index). Recorded (`note_add`, one note; its id).
    pub fn add_note(&self, target: &Target, text: &str, given: &impl serde::Serialize) -> Result<Note, CaseError> {
        self.check_target(target)?;
        self.check_trail_writable()?;
        let note = self.annotations()?.add_note(self.analyst.name(), target, text)?;
        self.record_change("note_add", given, ("note", &note.id), 1)?;
        Ok(note)
    }

    /// Replaces the text of note `id` (another's only with [`Authority::Manager`]); the
    /// earlier text stays in its history. Recorded (`note_edit`, one note; its author).
    pub fn edit_note(
        &self,
        id: i64,
        text: &str,
        authority: Authority,
        given: &impl serde::Serialize,
    ) -> Result<Note, CaseError> {
        let store = self.annotations()?;
        let author = store.note(id)?.author;
        self.check_authority(authority, format!("note {id}"), &author)?;
        self.check_trail_writable()?;
        let note = store.edit_note(self.analyst.name(), id, text)?;
        self.record_change("note_edit", given, ("author", &note.author), 1)?;
        Ok(note)
    }

    /// Deletes note `id` (another's only with [`Authority::Manager`]); it stays, with its
    /// history, for the record. Recorded (`note_delete`, one note; its author).
    pub fn delete_note(&self, id: i64, authority: Authority, given: &impl serde::Serialize) -> Result<Note, CaseError> {
        let store = self.annotations()?;
        let author = store.note(id)?.author;
        self.check_authority(authority, format!("note {id}"), &author)?;
        self.check_trail_writable()?;
        let note = store.delete_note(self.analyst.name(), id)?;
        self.record_change("note_delete", given, ("author", &note.author), 1)?;
        Ok(note)
    }

    /// Note `id` as it stands, deleted or not. Recorded (`note`, one note).
    pub fn note(&self, id: i64, given: &impl serde::Serialize) -> Result<Note, CaseError> {
        let note = self.annotations()?.note(id)?;
        self.record("note", given, 1)?;
        Ok(note)
    }

    /// The notes on `target`, oldest first (with `deleted`, deleted ones too). Recorded
    /// (`notes`, the page's notes).
    pub fn notes_on(
        &self,
        target: &Target,
        deleted: bool,
        page: &PageRequest,
        given: &impl serde::Serialize,
    ) -> Result<Page<Note>, CaseError> {
        let notes = self.annotations()?.notes_of(target, deleted, page)?;
        self.record("notes", given, notes.items.len())?;
        Ok(notes)
    }

    /// Every revision of note `id`: created, each edit, the deletion. Recorded
    /// (`note_history`, the page's revisions).
    pub fn note_history(
        &self,
        id: i64,
        page: &PageRequest,
        given: &impl serde::Serialize,
    ) -> Result<Page<NoteRevision>, CaseError> {
        let revisions = self.annotations()?.note_history(id, page)?;
        self.record("note_history", given, revisions.items.len())?;
        Ok(revisions)
    }

    /// Stars `target` (in the index) for the analyst. Recorded (`star`, 1 when new, else 0).
    pub fn star(&self, target: &Target, given: &impl serde::Serialize) -> Result<Stored<Star>, CaseError> {
        self.check_target(target)?;
        self.check_trail_writable()?;
        let star = self.annotations()?.set_star(self.analyst.name(), target)?;
        self.record("star", given, usize::from(star.changed))?;
        Ok(star)
    }

    /// Takes the analyst's star off `target`: the star removed, `None` when there was none.
    /// Recorded (`unstar`, the stars removed).
    pub fn unstar(&self, target: &Target, given: &impl serde::Serialize) -> Result<Option<Star>, CaseError> {
        self.check_trail_writable()?;
        let star = self.annotations()?.unset_star(self.analyst.name(), target)?;
        self.record("unstar", given, usize::from(star.is_some()))?;
        Ok(star)
    }

    /// The analyst's own stars. Recorded (`stars`, the page's stars).
    pub fn stars(&self, page: &PageRequest, given: &impl serde::Serialize) -> Result<Page<Star>, CaseError> {
        let stars = self.annotations()?.stars(self.analyst.name(), page)?;
        self.record("stars", given, stars.items.len())?;
        Ok(stars)
    }

    /// A finding's review written by this analyst (a finding of a conversation the index
    /// holds), then recorded (`review`, one review; its id).
    pub fn review(
        &self,
        finding: FindingId,
        state: ReviewState,
        note: Option<&str>,
        given: &impl serde::Serialize,
    ) -> Result<Review, CaseError> {
        if self.current()?.conversation_documents(finding.conversation)? == 0 {
            return Err(CaseError::UnknownFinding(finding));
        }
        self.check_trail_writable()?;
        let review = self.annotations()?.set_review(self.analyst.name(), finding, state, note)?;
        self.record_change("review", given, ("review", &review.id), 1)?;
        Ok(review)
    }

    /// The review that stands for `finding` (`None`: unreviewed). Recorded (`review_show`,
    /// the reviews shown).
    pub fn review_of(&self, finding: FindingId, given: &impl serde::Serialize) -> Result<Option<Review>, CaseError> {
        let review = self.annotations()?.review(finding)?;
        self.record("review_show", given, usize::from(review.is_some()))?;
        Ok(review)
    }

    /// Every review of `finding`, oldest first. Recorded (`review_history`, the page's
    /// reviews).
    pub fn review_history(
        &self,
        finding: FindingId,
        page: &PageRequest,
        given: &impl serde::Serialize,
    ) -> Result<Page<Review>, CaseError> {
        let reviews = self.annotations()?.review_history(finding, page)?;
        self.record("review_history", given, reviews.items.len())?;
        Ok(reviews)
    }
}
