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
    /// Per category: the segments holding most of one of its findings' messages, sorted.
    pub weak: Vec<Vec<usize>>,
    /// The rules' review order, as (segment, category index): each finding's segment with
    /// most of its messages, findings best first; then each one's second, and so on.
    pub order: Vec<(usize, usize)>,
}

/// Of a finding's segments, those holding at least this share of its best segment's hits
/// are weak positives (the others hold a stray hit in chatter)…
const WEAK_SHARE: f64 = 0.5;
/// …at most this many.
const WEAK_PER_FINDING: usize = 2;

impl RuleHits {
    pub fn new(segments: &Segments, findings: &[Finding], categories: &[Category]) -> RuleHits {
        let mut weak: Vec<FxHashSet<usize>> = vec![FxHashSet::default(); categories.len()];
        // Per finding (best first): its segments by hits, most first.
        let mut per_finding: Vec<(usize, Vec<(usize, usize)>)> = Vec::new();
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
            let best = counts.first().map_or(0, |c| c.1) as f64;
            for &(s, n) in counts.iter().take(WEAK_PER_FINDING) {
                if n as f64 >= best * WEAK_SHARE {
                    weak[c].insert(s);
                }
            }
            per_finding.push((c, counts));
        }
        // The rules' order: every finding's best segment, in the findings' order, then every
        // finding's second best, and so on.
        let mut order = Vec::new();
        let deepest = per_finding.iter().map(|(_, counts)| counts.len()).max().unwrap_or(0);
        for depth in 0..deepest {
            for (c, counts) in &per_finding {
                if let Some(&(s, _)) = counts.get(depth) {
                    order.push((s, *c));
                }
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
