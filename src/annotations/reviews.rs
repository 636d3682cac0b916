//! The review of the hunt's findings: each finding is `unreviewed` until someone confirms it,
//! dismisses it or marks it for follow-up, with a note. Every review is kept (the history of
//! who concluded what, when); the latest is the finding's state.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::str::FromStr;

use rusqlite::{Row, Transaction, params};

use super::error::{AnnotationError, ParseError, Result};
use super::page::{Page, PageRequest};
use super::store::{AnnotationStore, TxResult, find_target, from_sql, keyed_page, target_id, to_sql};
use super::target::{FindingId, Target};
use crate::rules::Category;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewState {
    /// Nobody has concluded yet (every finding starts so; setting it reopens a finding).
    #[default]
    Unreviewed,
    Confirmed,
    Dismissed,
    FollowUp,
}

impl ReviewState {
    pub const ALL: [ReviewState; 4] =
        [ReviewState::Unreviewed, ReviewState::Confirmed, ReviewState::Dismissed, ReviewState::FollowUp];

    pub fn as_str(self) -> &'static str {
        match self {
            ReviewState::Unreviewed => "unreviewed",
            ReviewState::Confirmed => "confirmed",
            ReviewState::Dismissed => "dismissed",
            ReviewState::FollowUp => "follow_up",
        }
    }
}

impl fmt::Display for ReviewState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ReviewState {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<ReviewState, ParseError> {
        ReviewState::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| ParseError::ReviewState(s.chars().take(40).collect()))
    }
}

/// One review of one finding.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Review {
    pub id: i64,
    pub finding: FindingId,
    pub state: ReviewState,
    pub reviewer: String,
    pub note: Option<String>,
    #[serde(serialize_with = "crate::time::serialize_rfc3339_ms")]
    pub at: u64,
}

/// How far the review of one category's findings has come.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct CategoryProgress {
    pub category: Category,
    /// Findings of the category in the list given.
    pub total: u64,
    /// Those confirmed, dismissed or marked for follow-up.
    pub reviewed: u64,
    pub confirmed: u64,
    pub dismissed: u64,
    pub follow_up: u64,
}

impl AnnotationStore {
    /// Records `user`'s review of `finding`: its new state, with an optional note. Each call
    /// adds to the history, even with the state unchanged (a second opinion, a new note).
    pub fn set_review(&self, user: &str, finding: FindingId, state: ReviewState, note: Option<&str>) -> Result<Review> {
        let target = Target::finding(finding);
        let user = super::store::checked(user, &target)?;
        let note = note.map(super::input::review_note).transpose()?;
        let now = crate::time::now_ms();
        self.write(|tx| {
            let t = target_id(tx, &target)?;
            tx.prepare_cached("INSERT INTO reviews (finding, state, reviewer, note, at) VALUES (?1, ?2, ?3, ?4, ?5)")?
                .execute(params![t, state.as_str(), user, note, to_sql(now)])?;
            let id = tx.last_insert_rowid();
            if state == ReviewState::Unreviewed {
                tx.prepare_cached("DELETE FROM review_current WHERE finding = ?1")?.execute(params![t])?;
            } else {
                tx.prepare_cached(
                    "INSERT INTO review_current (finding, review, state) VALUES (?1, ?2, ?3)
                     ON CONFLICT (finding) DO UPDATE SET review = excluded.review, state = excluded.state",
                )?
                .execute(params![t, id, state.as_str()])?;
            }
            Ok(Review { id, finding, state, reviewer: user.clone(), note: note.clone(), at: now })
        })
    }

    /// The review that stands for `finding` (`None`: unreviewed).
    pub fn review(&self, finding: FindingId) -> Result<Option<Review>> {
        self.read(|tx| {
            let Some(t) = find_target(tx, &Target::finding(finding))? else { return Ok(None) };
            let mut stmt = tx.prepare_cached(
                "SELECT r.id, r.state, r.reviewer, r.note, r.at FROM review_current c JOIN reviews r ON r.id = c.review
                 WHERE c.finding = ?1",
            )?;
            let mut rows = stmt.query(params![t])?;
            rows.next()?.map(|row| self.review_of(finding, row)).transpose()
        })
    }

    /// Every review of `finding`, oldest first.
    pub fn review_history(&self, finding: FindingId, page: &PageRequest) -> Result<Page<Review>> {
        let after = page.after_id()?;
        let size = page.size();
        self.read(|tx| {
            let Some(t) = find_target(tx, &Target::finding(finding))? else { return Ok(Page::empty()) };
            let sql =
                "SELECT id, state, reviewer, note, at FROM reviews WHERE finding = ?1 AND id > ?2 ORDER BY id LIMIT ?3";
            keyed_page(tx, sql, params![t, after], size, |row| self.review_of(finding, row).map(|r| (r.id, r)))
        })
    }

    /// The state of each of `findings`, in their order (one read of the store).
    pub fn review_states(&self, findings: &[FindingId]) -> Result<Vec<ReviewState>> {
        self.read(|tx| findings.iter().map(|&f| self.state_in(tx, f)).collect())
    }

    /// Review progress per category over `findings` (the hunt's findings at hand; each id
    /// counted once), in category order.
    pub fn review_progress(&self, findings: &[FindingId]) -> Result<Vec<CategoryProgress>> {
        let distinct: BTreeSet<FindingId> = findings.iter().copied().collect();
        self.read(|tx| {
            let mut by_category: BTreeMap<Category, CategoryProgress> = BTreeMap::new();
            for f in distinct {
                let p = by_category.entry(f.category).or_insert(CategoryProgress {
                    category: f.category,
                    total: 0,
                    reviewed: 0,
                    confirmed: 0,
                    dismissed: 0,
                    follow_up: 0,
                });
                p.total += 1;
                match self.state_in(tx, f)? {
                    ReviewState::Unreviewed => continue,
                    ReviewState::Confirmed => p.confirmed += 1,
                    ReviewState::Dismissed => p.dismissed += 1,
                    ReviewState::FollowUp => p.follow_up += 1,
                }
                p.reviewed += 1;
            }
            Ok(by_category.into_values().collect())
        })
    }

    /// Calls `f` with every finding whose review stands at `state` (confirmed, dismissed or
    /// follow-up: unreviewed is implicit, see [`AnnotationError::UnreviewedIsImplicit`]),
    /// streamed from the store: what a search filter or facet over review states is built
    /// from. Returns how many there were.
    pub fn visit_in_review_state(&self, state: ReviewState, mut f: impl FnMut(FindingId)) -> Result<u64> {
        if state == ReviewState::Unreviewed {
            return Err(AnnotationError::UnreviewedIsImplicit);
        }
        self.read(|tx| {
            let mut stmt = tx.prepare_cached(
                "SELECT t.key, t.number FROM review_current c JOIN targets t ON t.id = c.finding
                 WHERE c.state = ?1 ORDER BY c.finding",
            )?;
            let mut rows = stmt.query(params![state.as_str()])?;
            let mut n = 0;
            while let Some(row) = rows.next()? {
                let key: String = row.get(0)?;
                f(self.finding_of(&key, row.get(1)?)?);
                n += 1;
            }
            Ok(n)
        })
    }

    /// [`AnnotationStore::visit_in_review_state`], collected.
    pub fn findings_in_state(&self, state: ReviewState) -> Result<Vec<FindingId>> {
        let mut found = Vec::new();
        self.visit_in_review_state(state, |f| found.push(f))?;
        Ok(found)
    }

    pub(crate) fn state_in(&self, tx: &Transaction<'_>, finding: FindingId) -> TxResult<ReviewState> {
        let state: Option<String> = tx
            .prepare_cached(
                "SELECT c.state FROM targets t JOIN review_current c ON c.finding = t.id
                 WHERE t.kind = 'finding' AND t.key = ?1 AND t.number = ?2",
            )?
            .query_map(params![finding.category.as_str(), to_sql(finding.conversation)], |r| r.get(0))?
            .next()
            .transpose()?;
        match state {
            None => Ok(ReviewState::Unreviewed),
            Some(s) => self.state_of(&s),
        }
    }

    fn state_of(&self, s: &str) -> TxResult<ReviewState> {
        s.parse().map_err(|_| {
            AnnotationError::Database {
                path: self.path().to_owned(),
                detail: format!("a review of unknown state {s:?}"),
            }
            .into()
        })
    }

    fn finding_of(&self, category: &str, conversation: i64) -> TxResult<FindingId> {
        let category = Category::parse(category).ok_or_else(|| AnnotationError::Database {
            path: self.path().to_owned(),
            detail: format!("a finding of unknown category {category:?}"),
        })?;
        Ok(FindingId { category, conversation: from_sql(conversation) })
    }

    /// A row `id, state, reviewer, note, at` of `reviews`.
    fn review_of(&self, finding: FindingId, row: &Row<'_>) -> TxResult<Review> {
        Ok(Review {
            id: row.get(0)?,
            finding,
            state: self.state_of(&row.get::<_, String>(1)?)?,
            reviewer: row.get(2)?,
            note: row.get(3)?,
            at: from_sql(row.get(4)?),
        })
    }
}
