//! One round of continuous active learning for one category: a model trained on the
//! labels known so far (reviews, and rule hits as weak positives), and the segments nobody
//! reviewed ranked by it.

use super::LearningError;
use super::classifier::{self, Model, ModelOptions};
use super::segments::Segments;

/// What is known of one category.
#[derive(Clone, Debug, Default)]
pub struct CategoryLabels {
    /// Segments reviewed as belonging to the category.
    pub positive: Vec<usize>,
    /// Segments reviewed as not belonging to it.
    pub negative: Vec<usize>,
    /// Segments a rule of the category flagged, not reviewed: weak positives.
    pub weak: Vec<usize>,
    /// Segments that are weak positives of other categories (weak negatives here), not
    /// reviewed.
    pub other_weak: Vec<usize>,
}

/// Negatives sampled from the unlabelled segments: this many per positive…
const SAMPLED_PER_POSITIVE: usize = 4;
/// …and at least this many.
const MIN_SAMPLED: usize = 300;

/// A segment and the model's log-odds for it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scored {
    pub segment: usize,
    pub logit: f64,
}

/// A small deterministic generator (SplitMix64) for the negatives' sample.
pub(crate) struct SplitMix(pub u64);

impl SplitMix {
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next_u64() % n as u64) as usize }
    }
}

/// Trains the category's model and ranks every segment for which `candidate` says yes
/// (best first). `labelled(s)` tells the segments that must not be sampled as unlabelled
/// negatives (reviewed, or weak positives of any category). `None` when there is nothing
/// to learn from (no positive, weak or reviewed).
pub fn rank(
    segments: &Segments,
    labels: &CategoryLabels,
    labelled: &dyn Fn(usize) -> bool,
    candidate: &dyn Fn(usize) -> bool,
    options: &ModelOptions,
    seed: u64,
) -> Result<Option<(Model, Vec<Scored>)>, LearningError> {
    let mut positives: Vec<usize> = labels.positive.iter().chain(&labels.weak).copied().collect();
    positives.sort_unstable();
    positives.dedup();
    let mut negatives: Vec<usize> = labels.negative.clone();
    negatives.extend(labels.other_weak.iter().filter(|s| positives.binary_search(s).is_err()));
    let wanted = (positives.len() * SAMPLED_PER_POSITIVE).max(MIN_SAMPLED).min(options.max_rows);
    let mut rng = SplitMix(seed);
    let mut tries = 0;
    let mut sampled = 0;
    while sampled < wanted && tries < wanted * 4 && !segments.is_empty() {
        tries += 1;
        let s = rng.below(segments.len());
        if !labelled(s) {
            negatives.push(s);
            sampled += 1;
        }
    }
    negatives.sort_unstable();
    negatives.dedup();
    // Reviewed negatives first when rows are capped: they are the most informative.
    let Some(model) = classifier::train(segments, &positives, &negatives, options)? else {
        return Ok(None);
    };
    let mut ranked: Vec<Scored> = segments
        .iter()
        .filter(|(i, _)| candidate(*i))
        .map(|(i, s)| Scored { segment: i, logit: model.logit(segments.features(s)) })
        .collect();
    ranked.sort_unstable_by(|a, b| b.logit.total_cmp(&a.logit).then(a.segment.cmp(&b.segment)));
    Ok(Some((model, ranked)))
}
