//! Suggestions: per category, a model trained on the case's reviews (confirmed findings'
//! segments positive, dismissed ones negative) and on rule hits as weak positives ranks the
//! segments of conversations nobody reviewed for that category, rule-flagged or not. One
//! suggestion per (category, conversation): its best segment; its finding id is what
//! `tapir review` takes.

use rustc_hash::FxHashSet;

use super::LearningError;
use super::classifier::{Model, ModelOptions, probability};
use super::labels::RuleHits;
use super::ranker::{self, CategoryLabels};
use super::segments::Segments;
use crate::annotations::{FindingId, ReviewState};
use crate::index::Finding;
use crate::rules::Category;

/// What to suggest.
#[derive(Clone, Debug)]
pub struct SuggestOptions {
    /// Categories to rank (empty: the five rule categories).
    pub categories: Vec<Category>,
    /// Suggestions returned, at most.
    pub limit: usize,
    pub model: ModelOptions,
}

impl Default for SuggestOptions {
    fn default() -> Self {
        SuggestOptions { categories: Vec::new(), limit: 20, model: ModelOptions::default() }
    }
}

/// One suggested segment.
#[derive(Clone, Debug)]
pub struct Suggestion {
    /// The finding to review: the category and the segment's conversation.
    pub finding: FindingId,
    pub segment: usize,
    /// The model's probability that the segment belongs to the category.
    pub probability: f64,
    /// Whether a rule of the category flagged a message of the segment.
    pub flagged: bool,
}

/// Suggestions, best first, and the model of each category that had something to learn.
#[derive(Clone, Debug, Default)]
pub struct SuggestReport {
    pub suggestions: Vec<Suggestion>,
    pub models: Vec<(Category, Model)>,
    /// Reviews used as labels.
    pub reviews_used: usize,
}

/// Ranks the unreviewed segments of `segments` (see the module documentation).
pub fn suggest(
    segments: &Segments,
    findings: &[Finding],
    reviews: &[(FindingId, ReviewState)],
    options: &SuggestOptions,
) -> Result<SuggestReport, LearningError> {
    let categories: Vec<Category> =
        if options.categories.is_empty() { Category::RULE_CATEGORIES.to_vec() } else { options.categories.clone() };
    let hits = RuleHits::new(segments, findings, &categories);
    let mut report = SuggestReport::default();
    let mut labelled: FxHashSet<usize> = hits.weak.iter().flatten().copied().collect();
    let mut per_category: Vec<CategoryLabels> = vec![CategoryLabels::default(); categories.len()];
    let mut reviewed: FxHashSet<(usize, u64)> = FxHashSet::default();
    for (finding, state) in reviews {
        let Some(c) = categories.iter().position(|c| *c == finding.category) else { continue };
        let range = segments.of_conversation(finding.conversation);
        if range.is_empty() {
            continue;
        }
        reviewed.insert((c, finding.conversation));
        report.reviews_used += 1;
        let labels = &mut per_category[c];
        match state {
            ReviewState::Confirmed => {
                let flagged: Vec<usize> = range.clone().filter(|&s| hits.flagged(c, s)).collect();
                labels.positive.extend(if flagged.is_empty() { range.collect() } else { flagged });
            }
            ReviewState::Dismissed => labels.negative.extend(range),
            ReviewState::FollowUp | ReviewState::Unreviewed => continue,
        }
    }
    for labels in &per_category {
        labelled.extend(labels.positive.iter().chain(&labels.negative));
    }
    let mut all = Vec::new();
    for (c, category) in categories.iter().enumerate() {
        let mut labels = std::mem::take(&mut per_category[c]);
        let is_reviewed = |s: usize| segments.get(s).is_some_and(|seg| reviewed.contains(&(c, seg.conversation)));
        labels.weak = hits.weak[c].iter().copied().filter(|&s| !is_reviewed(s)).collect();
        labels.other_weak = (0..categories.len())
            .filter(|&o| o != c)
            .flat_map(|o| hits.weak[o].iter().copied())
            .filter(|&s| !is_reviewed(s) && !hits.flagged(c, s))
            .collect();
        let candidate = |s: usize| !is_reviewed(s);
        let labelled = |s: usize| labelled.contains(&s);
        let seed = c as u64 + 1;
        let Some((model, ranked)) = ranker::rank(segments, &labels, &labelled, &candidate, &options.model, seed)?
        else {
            continue;
        };
        // One suggestion per conversation: its best segment (the ranking is best first).
        let mut seen = FxHashSet::default();
        for scored in ranked {
            let Some(seg) = segments.get(scored.segment) else { continue };
            if !seen.insert(seg.conversation) {
                continue;
            }
            all.push(Suggestion {
                finding: FindingId { category: *category, conversation: seg.conversation },
                segment: scored.segment,
                probability: probability(scored.logit),
                flagged: hits.flagged(c, scored.segment),
            });
            if seen.len() >= options.limit {
                break;
            }
        }
        report.models.push((*category, model));
    }
    all.sort_by(|a, b| b.probability.total_cmp(&a.probability).then(a.finding.cmp(&b.finding)));
    all.truncate(options.limit);
    report.suggestions = all;
    Ok(report)
}
