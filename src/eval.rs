//! Scores a hunt against a generated corpus's `truth.json` (planted conversations and hard
//! negatives): recall per category, precision, share of hard negatives flagged.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use crate::TapirIndex;
use crate::case::{Case, CaseError};
use crate::index::{Finding, HuntOptions, IndexError, Progress};
use crate::rules::{Category, RuleSet};

/// The parts of `truth.json` the evaluation reads.
#[derive(Clone, Debug, serde::Deserialize)]
pub struct Truth {
    #[serde(default)]
    pub planted: Vec<Planted>,
    #[serde(default)]
    pub hard_negatives: Vec<HardNegative>,
}

/// A planted conversation: its category and messages as (sender, message_id).
#[derive(Clone, Debug, serde::Deserialize)]
pub struct Planted {
    pub scenario: String,
    pub category: String,
    pub messages: Vec<(String, u64)>,
    /// Per message: whether any copy decrypts (the others cannot be found by text).
    #[serde(default)]
    pub findable: Vec<bool>,
}

/// An everyday message that shares vocabulary with a category and must not be flagged.
/// The project's generator writes objects; the independent encoder writes
/// `[sender, message_id]` pairs (findable ones only). Both are read.
#[derive(Clone, Debug, serde::Deserialize)]
#[serde(untagged)]
pub enum HardNegative {
    Described {
        #[serde(default)]
        category: String,
        sender: String,
        message_id: u64,
        #[serde(default = "yes")]
        findable: bool,
    },
    Pair(String, u64),
}

impl HardNegative {
    fn key(&self) -> (&str, u64) {
        match self {
            HardNegative::Described { sender, message_id, .. } => (sender, *message_id),
            HardNegative::Pair(sender, message_id) => (sender, *message_id),
        }
    }

    fn findable(&self) -> bool {
        match self {
            HardNegative::Described { findable, .. } => *findable,
            HardNegative::Pair(..) => true,
        }
    }
}

fn yes() -> bool {
    true
}

/// Whether a truth.json describes the corpus an index was built from: of the findable
/// messages it names (planted and hard negatives with a copy that decrypts, which ingest
/// always indexes), those the index holds no document for. Scoring a hunt against another
/// corpus's truth would report a recall of 0 as if the rules had failed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CorpusCheck {
    /// Distinct findable messages the truth names.
    pub named: usize,
    /// Those the index does not hold, sorted.
    pub missing: Vec<(String, u64)>,
}

impl CorpusCheck {
    /// The index holds every findable message the truth names (and it names some).
    pub fn matches(&self) -> bool {
        self.named > 0 && self.missing.is_empty()
    }
}

/// Checks `truth` against `index` (see [`CorpusCheck`]). A planted conversation without
/// per-message `findable` flags (the independent encoder's format) counts every message.
/// Front ends get it through [`Case::evaluate`] and [`Case::simulate_review`], which refuse
/// a truth that does not match ([`CaseError::CorpusMismatch`]).
pub(crate) fn check_corpus(truth: &Truth, index: &TapirIndex) -> Result<CorpusCheck, IndexError> {
    let planted = truth.planted.iter().flat_map(|p| {
        p.messages
            .iter()
            .enumerate()
            .filter(|(i, _)| p.findable.get(*i).copied().unwrap_or(p.findable.is_empty()))
            .map(|(_, (s, id))| (s.as_str(), *id))
    });
    let negatives = truth.hard_negatives.iter().filter(|h| h.findable()).map(HardNegative::key);
    let named: BTreeSet<(&str, u64)> = planted.chain(negatives).collect();
    let missing = index.missing_messages(named.iter().copied())?;
    Ok(CorpusCheck { named: named.len(), missing })
}

/// Refuses a `truth` that does not describe the corpus `index` was built from.
pub(crate) fn require_corpus(truth: &Truth, index: &TapirIndex) -> Result<(), CaseError> {
    let check = check_corpus(truth, index)?;
    if check.matches() { Ok(()) } else { Err(CaseError::CorpusMismatch(check)) }
}

/// The hunt scored against a truth, and how long the hunt took.
#[derive(Clone, Debug)]
pub struct Evaluation {
    pub report: EvalReport,
    pub hunt_seconds: f64,
}

impl Case {
    /// The hunt (`rules`, default options) scored against `truth`, after checking that the
    /// truth describes this case's corpus (else [`CaseError::CorpusMismatch`], nothing
    /// recorded). Recorded (`eval`, the findings scored).
    pub fn evaluate(
        &self,
        truth: &Truth,
        rules: &RuleSet,
        progress: &dyn Progress,
        given: &impl serde::Serialize,
    ) -> Result<Evaluation, CaseError> {
        let index = self.current()?;
        require_corpus(truth, index)?;
        let started = std::time::Instant::now();
        let hunted = index.hunt_with_progress(rules, &HuntOptions::default(), progress)?;
        let hunt_seconds = started.elapsed().as_secs_f64();
        self.record("eval", given, hunted.findings.len())?;
        Ok(Evaluation { report: evaluate(truth, &hunted.findings), hunt_seconds })
    }
}

#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct CategoryScore {
    pub planted: usize,
    pub recalled: usize,
    pub recall: f64,
    /// Planted conversations none of whose messages decrypts (they cannot be found by text).
    pub unfindable: usize,
    /// Scenario names not recalled.
    pub missed: Vec<String>,
}

#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct EvalReport {
    pub per_category: BTreeMap<String, CategoryScore>,
    pub findings: usize,
    /// Findings holding at least one planted message.
    pub true_findings: usize,
    pub precision: f64,
    pub hard_negatives: usize,
    pub hard_negatives_flagged: usize,
    pub hard_negative_rate: f64,
}

/// Scores `findings` (watchlist findings are left out: they are not the rules' judgement).
pub fn evaluate(truth: &Truth, findings: &[Finding]) -> EvalReport {
    let findings: Vec<&Finding> = findings.iter().filter(|f| f.category != Category::Watchlist).collect();
    let mut in_category: HashMap<(&str, u64), HashSet<&'static str>> = HashMap::new();
    for f in &findings {
        for m in &f.messages {
            in_category.entry((m.hit.sender.as_str(), m.hit.message_id)).or_default().insert(f.category.as_str());
        }
    }
    let planted: HashSet<(&str, u64)> =
        truth.planted.iter().flat_map(|p| p.messages.iter().map(|(s, id)| (s.as_str(), *id))).collect();
    let mut report = EvalReport::default();
    for p in &truth.planted {
        let score = report.per_category.entry(p.category.clone()).or_default();
        score.planted += 1;
        if !p.findable.is_empty() && !p.findable.iter().any(|&f| f) {
            score.unfindable += 1;
        }
        let hit = p
            .messages
            .iter()
            .any(|(s, id)| in_category.get(&(s.as_str(), *id)).is_some_and(|c| c.contains(p.category.as_str())));
        if hit {
            score.recalled += 1;
        } else {
            score.missed.push(p.scenario.clone());
        }
    }
    for score in report.per_category.values_mut() {
        score.recall = ratio(score.recalled, score.planted);
        score.missed.sort();
    }
    report.findings = findings.len();
    report.true_findings = findings
        .iter()
        .filter(|f| f.messages.iter().any(|m| planted.contains(&(m.hit.sender.as_str(), m.hit.message_id))))
        .count();
    report.precision = ratio(report.true_findings, report.findings);
    let negatives: Vec<&HardNegative> = truth.hard_negatives.iter().filter(|h| h.findable()).collect();
    report.hard_negatives = negatives.len();
    report.hard_negatives_flagged = negatives.iter().filter(|h| in_category.contains_key(&h.key())).count();
    report.hard_negative_rate = ratio(report.hard_negatives_flagged, report.hard_negatives);
    report
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_truth_formats_read() {
        let ours = r#"{"planted": [{"scenario": "s", "category": "drugs", "messages": [["a", 1]], "findable": [false]}],
                      "hard_negatives": [{"category": "drugs", "sender": "b", "message_id": 2, "findable": true}]}"#;
        let oracle = r#"{"planted": [], "wallets": [], "hard_negatives": [["b", 2], ["c", 3]]}"#;
        let t: Truth = serde_json::from_str(ours).unwrap();
        let r = evaluate(&t, &[]);
        assert_eq!((r.per_category["drugs"].planted, r.per_category["drugs"].unfindable, r.hard_negatives), (1, 1, 1));
        let t: Truth = serde_json::from_str(oracle).unwrap();
        assert_eq!(evaluate(&t, &[]).hard_negatives, 2);
    }
}
