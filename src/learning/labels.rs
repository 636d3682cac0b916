//! Labels for the learning layer: rule hits as weak labels (the segments holding a
//! finding's messages) and the investigators' reviews from the case's annotation store.

use std::path::Path;

use rustc_hash::FxHashSet;

use super::LearningError;
use super::segments::Segments;
use crate::annotations::{AnnotationStore, FindingId, ReviewState, STORE_FILE};
use crate::index::Finding;
use crate::rules::Category;

/// Rule hits over segments, per category of `categories`.
#[derive(Clone, Debug, Default)]
pub struct RuleHits {
    /// Per category: the segments holding a message of one of its findings, sorted.
    pub weak: Vec<Vec<usize>>,
    /// The rules' review order: findings best first, each finding's segments by how many
    /// of its messages they hold, as (segment, category index).
    pub order: Vec<(usize, usize)>,
}

impl RuleHits {
    pub fn new(segments: &Segments, findings: &[Finding], categories: &[Category]) -> RuleHits {
        let mut weak: Vec<FxHashSet<usize>> = vec![FxHashSet::default(); categories.len()];
        let mut order = Vec::new();
        for f in findings {
            let Some(c) = categories.iter().position(|c| *c == f.category) else { continue };
            let mut counts: Vec<(usize, usize)> = Vec::new();
            for m in &f.messages {
                if let Some(s) = segments.segment_of(&m.hit.sender, m.hit.message_id) {
                    match counts.iter_mut().find(|(seg, _)| *seg == s) {
                        Some(entry) => entry.1 += 1,
                        None => counts.push((s, 1)),
                    }
                }
            }
            counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            for (s, _) in counts {
                weak[c].insert(s);
                order.push((s, c));
            }
        }
        let weak = weak
            .into_iter()
            .map(|set| {
                let mut v: Vec<usize> = set.into_iter().collect();
                v.sort_unstable();
                v
            })
            .collect();
        RuleHits { weak, order }
    }

    /// Whether a rule of category index `c` flagged `segment`.
    pub fn flagged(&self, c: usize, segment: usize) -> bool {
        self.weak.get(c).is_some_and(|w| w.binary_search(&segment).is_ok())
    }
}

/// The current review of every reviewed finding of the case in `index_dir` (confirmed,
/// dismissed, follow-up). A case without an annotation store has none: nothing is created.
pub fn case_reviews(index_dir: &Path) -> Result<Vec<(FindingId, ReviewState)>, LearningError> {
    if !index_dir.join(STORE_FILE).is_file() {
        return Ok(Vec::new());
    }
    let store = AnnotationStore::open(index_dir)?;
    let mut out = Vec::new();
    for state in [ReviewState::Confirmed, ReviewState::Dismissed, ReviewState::FollowUp] {
        store.visit_in_review_state(state, |f| out.push((f, state)))?;
    }
    Ok(out)
}
