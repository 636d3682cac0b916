//! Simulated review (technology-assisted review's evaluation): a corpus's truth plays the
//! reviewer. Segments are reviewed in batches, best-ranked first; each review reveals which
//! planted conversations the segment holds (its truth labels, for every category at once),
//! and the learned ranking retrains before the next batch. The rules' own ranking (findings
//! best first by their segment holding most of their messages, then their next ones) is played the
//! same way, for comparison.
//!
//! A planted conversation is recalled once a reviewed segment holds one of its messages. A
//! reviewer who found a segment of a category reviews the segments just before and after it
//! in the same conversation last for that category (what was found there most likely reads
//! on into them): both rankings put them after the others.

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap, FxHashSet};

use super::LearningError;
use super::classifier::ModelOptions;
use super::labels::RuleHits;
use super::ranker::{self, CategoryLabels, Scored};
use super::segments::Segments;
use crate::eval::Truth;
use crate::index::Finding;
use crate::rules::Category;

/// Which ranking a curve follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Ranking {
    Learned,
    Rules,
}

/// The state after one batch of reviews.
#[derive(Clone, Debug, serde::Serialize)]
pub struct BatchPoint {
    pub ranking: Ranking,
    /// Segments reviewed so far.
    pub reviewed: usize,
    /// Messages in them.
    pub messages_read: usize,
    /// Per category: planted conversations recalled / planted.
    pub recall: BTreeMap<String, f64>,
}

/// How the review is played.
#[derive(Clone, Debug)]
pub struct SimulationOptions {
    /// Segments reviewed per batch (at least 1).
    pub batch: usize,
    /// Segments reviewed at most, per ranking.
    pub budget: usize,
    /// Of each learned batch, this share goes to the segments the model is least sure of
    /// (uncertainty sampling); the rest to its best scores.
    pub uncertain_share: f64,
    pub model: ModelOptions,
}

impl Default for SimulationOptions {
    fn default() -> Self {
        SimulationOptions { batch: 20, budget: 0, uncertain_share: 0.1, model: ModelOptions::default() }
    }
}

/// The categories a simulated review scores (those the generator plants).
pub const SCORED: [Category; 3] = [Category::Kidnapping, Category::Weapons, Category::Drugs];

/// The truth, as segments: which planted conversations each segment holds.
struct Oracle {
    /// Planted conversation → category index in `SCORED`.
    category: Vec<usize>,
    /// Segment → planted conversations in it.
    holds: FxHashMap<usize, Vec<u32>>,
    planted_per_category: [usize; 3],
}

impl Oracle {
    fn new(segments: &Segments, truth: &Truth) -> Oracle {
        let mut oracle = Oracle { category: Vec::new(), holds: FxHashMap::default(), planted_per_category: [0; 3] };
        for p in &truth.planted {
            let Some(c) = SCORED.iter().position(|c| c.as_str() == p.category) else { continue };
            let id = oracle.category.len() as u32;
            oracle.category.push(c);
            oracle.planted_per_category[c] += 1;
            for (sender, message_id) in &p.messages {
                if let Some(s) = segments.segment_of(sender, *message_id) {
                    let held = oracle.holds.entry(s).or_default();
                    if !held.contains(&id) {
                        held.push(id);
                    }
                }
            }
        }
        oracle
    }

    /// Categories (bits over `SCORED`) the segment truly belongs to.
    fn labels(&self, segment: usize) -> u8 {
        self.holds.get(&segment).map_or(0, |h| h.iter().fold(0, |m, &p| m | 1 << self.category[p as usize]))
    }

    fn planted(&self) -> usize {
        self.category.len()
    }
}

/// One reviewer's progress along one ranking.
struct Review<'a> {
    segments: &'a Segments,
    oracle: &'a Oracle,
    reviewed: FxHashSet<usize>,
    /// Per reviewed segment, its labels (bits over `SCORED`).
    labels: FxHashMap<usize, u8>,
    found: FxHashSet<u32>,
    /// (segment, category index) next to a segment found of that category.
    covered: FxHashSet<(usize, usize)>,
    messages_read: usize,
}

impl<'a> Review<'a> {
    fn new(segments: &'a Segments, oracle: &'a Oracle) -> Self {
        Review {
            segments,
            oracle,
            reviewed: FxHashSet::default(),
            labels: FxHashMap::default(),
            found: FxHashSet::default(),
            covered: FxHashSet::default(),
            messages_read: 0,
        }
    }

    /// Whether `segment` is still to be reviewed.
    fn open(&self, segment: usize) -> bool {
        !self.reviewed.contains(&segment)
    }

    /// Whether `segment` is next to one found of category `c` (reviewed last for it).
    fn covered(&self, segment: usize, c: usize) -> bool {
        self.covered.contains(&(segment, c))
    }

    fn review(&mut self, segment: usize) {
        let Some(s) = self.segments.get(segment) else { return };
        if !self.reviewed.insert(segment) {
            return;
        }
        self.messages_read += s.len();
        let labels = self.oracle.labels(segment);
        self.labels.insert(segment, labels);
        let conversation = s.conversation;
        let neighbours = [segment.checked_sub(1), segment.checked_add(1)];
        for n in neighbours.into_iter().flatten() {
            if self.segments.get(n).is_some_and(|ns| ns.conversation == conversation) {
                for c in (0..SCORED.len()).filter(|c| labels & (1 << c) != 0) {
                    self.covered.insert((n, c));
                }
            }
        }
        if let Some(held) = self.oracle.holds.get(&segment) {
            self.found.extend(held.iter().copied());
        }
    }

    fn point(&self, ranking: Ranking) -> BatchPoint {
        let mut found = [0usize; 3];
        for &p in &self.found {
            found[self.oracle.category[p as usize]] += 1;
        }
        let recall = SCORED
            .iter()
            .enumerate()
            .map(|(c, cat)| {
                let planted = self.oracle.planted_per_category[c];
                let r = if planted == 0 { 0.0 } else { found[c] as f64 / planted as f64 };
                (cat.as_str().to_owned(), r)
            })
            .collect();
        BatchPoint { ranking, reviewed: self.reviewed.len(), messages_read: self.messages_read, recall }
    }

    fn complete(&self) -> bool {
        self.found.len() >= self.oracle.planted()
    }
}

/// Plays the review along the rules' ranking, then along the learned one, handing each
/// batch's point to `on_point`. `findings` are the hunt's (its rules, handicapped or not).
pub fn simulate(
    segments: &Segments,
    truth: &Truth,
    findings: &[Finding],
    options: &SimulationOptions,
    on_point: &mut dyn FnMut(&BatchPoint) -> Result<(), LearningError>,
) -> Result<(), LearningError> {
    let oracle = Oracle::new(segments, truth);
    let hits = RuleHits::new(segments, findings, &SCORED);
    let batch = options.batch.max(1);
    let budget = if options.budget == 0 { 2 * oracle.planted() } else { options.budget };

    // The rules' ranking.
    let mut review = Review::new(segments, &oracle);
    // Segments next to a found one come after the others, in the same order.
    let mut deferred = Vec::new();
    let mut order = hits.order.clone().into_iter().peekable();
    let mut second = false;
    while review.reviewed.len() < budget && !review.complete() {
        if order.peek().is_none() {
            if second || deferred.is_empty() {
                break;
            }
            second = true;
            order = std::mem::take(&mut deferred).into_iter().peekable();
        }
        let mut n = 0;
        for (s, c) in order.by_ref() {
            if !second && review.covered(s, c) {
                deferred.push((s, c));
                continue;
            }
            if review.open(s) {
                review.review(s);
                n += 1;
                if n == batch || review.reviewed.len() >= budget {
                    break;
                }
            }
        }
        if n > 0 {
            on_point(&review.point(Ranking::Rules))?;
        }
    }

    // The learned ranking.
    let mut review = Review::new(segments, &oracle);
    let weak_any: FxHashSet<usize> = hits.weak.iter().flatten().copied().collect();
    let mut round = 0u64;
    while review.reviewed.len() < budget && review.reviewed.len() < segments.len() && !review.complete() {
        round += 1;
        let take = batch.min(budget - review.reviewed.len());
        let picked = learned_batch(segments, &review, &hits, &weak_any, options, take, round)?;
        if picked.is_empty() {
            break;
        }
        for s in picked {
            review.review(s);
        }
        on_point(&review.point(Ranking::Learned))?;
    }
    Ok(())
}

/// Added to the log-odds of a segment the rules flagged (a weak positive not yet reviewed):
/// the seed set goes first.
const SEED_BONUS: f64 = 8.0;

/// The next batch of the learned ranking: per category a model over what the reviewer
/// knows, segments picked by their best probability over the categories (the model's top
/// scores), and a share by the least sure ones.
fn learned_batch(
    segments: &Segments,
    review: &Review<'_>,
    hits: &RuleHits,
    weak_any: &FxHashSet<usize>,
    options: &SimulationOptions,
    take: usize,
    round: u64,
) -> Result<Vec<usize>, LearningError> {
    let labelled = |s: usize| review.reviewed.contains(&s) || weak_any.contains(&s);
    let mut rankings: Vec<(usize, Vec<Scored>)> = Vec::new();
    for (c, weak) in hits.weak.iter().enumerate() {
        let mut labels = CategoryLabels::default();
        for (&s, &l) in &review.labels {
            if l & (1 << c) != 0 { labels.positive.push(s) } else { labels.negative.push(s) }
        }
        labels.positive.sort_unstable();
        labels.negative.sort_unstable();
        labels.weak = weak.iter().copied().filter(|s| !review.reviewed.contains(s)).collect();
        labels.other_weak = (0..SCORED.len())
            .filter(|&o| o != c)
            .flat_map(|o| hits.weak[o].iter().copied())
            .filter(|s| !review.reviewed.contains(s))
            .collect();
        let candidate = |s: usize| review.open(s);
        let seed = round.wrapping_mul(31).wrapping_add(c as u64);
        if let Some((_, mut ranked)) = ranker::rank(segments, &labels, &labelled, &candidate, &options.model, seed)? {
            // The rules' own segments are the seed set: reviewed first, in the model's order.
            for r in &mut ranked {
                if hits.flagged(c, r.segment) {
                    r.logit += SEED_BONUS;
                }
                if review.covered(r.segment, c) {
                    r.logit -= 2.0 * SEED_BONUS;
                }
            }
            ranked.sort_unstable_by(|a, b| b.logit.total_cmp(&a.logit).then(a.segment.cmp(&b.segment)));
            rankings.push((c, ranked));
        }
    }
    let mut picked: Vec<usize> = Vec::new();
    let mut chosen = FxHashSet::default();
    let uncertain = ((take as f64) * options.uncertain_share.clamp(0.0, 1.0)).floor() as usize;
    // Best scores across categories: merge the rankings by log-odds.
    let mut cursors = vec![0usize; rankings.len()];
    while picked.len() < take - uncertain.min(take) {
        let best = (0..rankings.len())
            .filter_map(|r| rankings[r].1.get(cursors[r]).map(|s| (r, s.logit)))
            .max_by(|a, b| a.1.total_cmp(&b.1));
        let Some((r, _)) = best else { break };
        let s = rankings[r].1[cursors[r]].segment;
        cursors[r] += 1;
        if chosen.insert(s) {
            picked.push(s);
        }
    }
    // The least sure: around log-odds 0 in each ranking, in turn.
    let mut around: Vec<(usize, usize)> = rankings
        .iter()
        .map(|(_, ranked)| {
            let zero = ranked.partition_point(|s| s.logit > 0.0);
            (zero, zero)
        })
        .collect();
    let mut exhausted = false;
    while picked.len() < take && !exhausted {
        exhausted = true;
        for (r, (_, ranked)) in rankings.iter().enumerate() {
            if picked.len() >= take {
                break;
            }
            let (below, above) = &mut around[r];
            let next = if *below < ranked.len() {
                *below += 1;
                Some(*below - 1)
            } else if *above > 0 {
                *above -= 1;
                Some(*above)
            } else {
                None
            };
            if let Some(i) = next {
                exhausted = false;
                let s = ranked[i].segment;
                if chosen.insert(s) {
                    picked.push(s);
                }
            }
        }
    }
    Ok(picked)
}
