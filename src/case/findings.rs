//! The case's findings for a server's analysts: the hunt of one rule set over the whole case,
//! computed once per commit and shared ([`FindingsCache`]), read a filtered page at a time
//! with each finding's review state.
//!
//! A hunt over a 20M-message case takes seconds; the findings only change when an ingest
//! commits, so they are kept with the opstamp of the commit they were computed on and
//! recomputed when the reader has moved to another. Reading a page is still a read of case
//! data: it is recorded (`findings`, the findings on the page) like any other.

use std::sync::{Arc, Mutex};

use super::{Case, CaseError};
use crate::annotations::{CategoryProgress, FindingId, Review, ReviewState};
use crate::index::{Finding, HuntOptions, HuntReport, SilentProgress};
use crate::rules::{Category, Level, RuleSet};

/// The hunt of one rule set over a case, at the commit it was computed on. One per served
/// case, shared by its analysts.
pub struct FindingsCache {
    rules: RuleSet,
    computed: Mutex<Option<Computed>>,
}

struct Computed {
    opstamp: u64,
    report: Arc<HuntReport>,
}

impl FindingsCache {
    pub fn new(rules: RuleSet) -> Self {
        FindingsCache { rules, computed: Mutex::new(None) }
    }
}

/// Which findings a page holds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FindingFilter {
    /// Only these categories (empty: all).
    pub categories: Vec<Category>,
    /// Only findings at this level or above (`None`: every level the hunt reports).
    pub min_level: Option<Level>,
    /// Only findings in this review state.
    pub review: Option<ReviewState>,
    /// Findings skipped, best first, before the page.
    pub offset: usize,
    /// Findings on the page at most.
    pub limit: usize,
}

/// One finding as a page shows it: the hunt's finding and its latest review, if any.
#[derive(Clone, Debug, serde::Serialize)]
pub struct ReviewedFinding {
    #[serde(flatten)]
    pub finding: Finding,
    pub review: Option<Review>,
}

/// A page of the case's findings, best first.
#[derive(Clone, Debug, serde::Serialize)]
pub struct FindingsPage {
    /// Findings the filter keeps in all (not only this page).
    pub total: usize,
    pub findings: Vec<ReviewedFinding>,
    /// Review progress per category over every finding of the hunt (the filter aside).
    pub progress: Vec<CategoryProgress>,
    /// The opstamp of the commit the findings were computed on.
    pub commit: u64,
}

impl Case {
    /// A page of the findings of `cache`'s rules over the whole case (every category, from
    /// level `low`), hunted again only when a commit landed since the last hunt. Recorded
    /// (`findings`, the findings on the page).
    pub fn findings(
        &self,
        cache: &FindingsCache,
        filter: &FindingFilter,
        given: &impl serde::Serialize,
    ) -> Result<FindingsPage, CaseError> {
        let (commit, report) = self.hunted(cache)?;
        let store = self.annotations()?;
        let ids: Vec<FindingId> = report.findings.iter().map(|f| f.id).collect();
        let progress = store.review_progress(&ids)?;
        let states = match filter.review {
            Some(_) => store.review_states(&ids)?,
            None => Vec::new(),
        };
        let kept: Vec<&Finding> = report
            .findings
            .iter()
            .enumerate()
            .filter(|(_, f)| filter.categories.is_empty() || filter.categories.contains(&f.category))
            .filter(|(_, f)| filter.min_level.is_none_or(|level| f.level >= level))
            .filter(|(n, _)| filter.review.is_none_or(|state| states[*n] == state))
            .map(|(_, f)| f)
            .collect();
        let page: Vec<&Finding> = kept.iter().skip(filter.offset).take(filter.limit).copied().collect();
        self.record("findings", given, page.len())?;
        let findings = page
            .into_iter()
            .map(|f| Ok(ReviewedFinding { finding: f.clone(), review: store.review(f.id)? }))
            .collect::<Result<Vec<_>, CaseError>>()?;
        Ok(FindingsPage { total: kept.len(), findings, progress, commit })
    }

    /// The hunt of `cache`'s rules at the commit the reader is on, from the cache when it was
    /// computed on that commit. Analysts asking at once wait for one hunt.
    fn hunted(&self, cache: &FindingsCache) -> Result<(u64, Arc<HuntReport>), CaseError> {
        let index = self.current()?;
        let opstamp = index.opstamp();
        let mut computed = cache.computed.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(c) = computed.as_ref().filter(|c| c.opstamp == opstamp) {
            return Ok((opstamp, c.report.clone()));
        }
        let options =
            HuntOptions { from: None, to: None, categories: Vec::new(), min_level: Level::Low, watchlist: None };
        let report = Arc::new(index.hunt_with_progress(&cache.rules, &options, &SilentProgress)?);
        *computed = Some(Computed { opstamp, report: report.clone() });
        Ok((opstamp, report))
    }
}
