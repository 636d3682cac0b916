//! The learning layer's reads of a case, as methods of the case facade: `similar`,
//! `suggest` and the simulated review each append their one audit record, like every other
//! read of case data.

use crate::annotations::FindingId;
use crate::case::{Case, CaseError};
use crate::eval::Truth;
use crate::index::{Finding, HuntOptions, Progress, TapirIndex};
use crate::rules::RuleSet;

use super::{
    BatchPoint, LearningError, Profile, SegmentOptions, Segments, ShownSegment, SimilarConversation, SimulationOptions,
    SuggestOptions, SuggestReport, labels,
};

/// What `similar` starts from.
#[derive(Clone, Debug)]
pub enum SimilarSeed {
    /// A finding's conversation (its messages that matched, or the whole conversation when the
    /// rules no longer flag it).
    Finding(FindingId),
    /// Messages by `(sender, message_id)`.
    Messages(Vec<(String, u64)>),
}

/// The conversations that read most like a seed.
#[derive(Clone, Debug)]
pub struct SimilarResult {
    /// Whether the seed had any word to compare (locked messages or stop words have none).
    pub seed_has_words: bool,
    pub conversations: Vec<(SimilarConversation, ShownSegment)>,
}

/// The suggested segments with what explains them.
#[derive(Debug)]
pub struct SuggestResult {
    pub report: SuggestReport,
    /// The shown segment of each suggestion, in the same order.
    pub shown: Vec<ShownSegment>,
    /// Findings of the hunt the rules' weak labels came from.
    pub findings: usize,
}

/// A simulated review's curves and what it ran on.
#[derive(Debug)]
pub struct SimulationResult {
    pub points: Vec<BatchPoint>,
    pub findings: usize,
    pub segments: usize,
}

// Each method moves to the last commit once (`Case::current`) and reads everything through
// that one index: segments hold document addresses, valid only for the reader they came from.
fn segments(index: &TapirIndex, window: usize, progress: &dyn Progress) -> Result<Segments, CaseError> {
    Ok(Segments::build(index, SegmentOptions { window }, progress)?)
}

/// A window out of range is refused before anything is read (`Segments::build` refuses it
/// too, but only after the hunt these reads start with).
fn check_window(window: usize) -> Result<(), CaseError> {
    Ok(SegmentOptions { window }.check()?)
}

fn findings(
    index: &TapirIndex,
    rules: &RuleSet,
    options: &HuntOptions,
    progress: &dyn Progress,
) -> Result<Vec<Finding>, CaseError> {
    Ok(index.hunt_with_progress(rules, options, progress)?.findings)
}

impl Case {
    /// The conversations that read most like `seed` (its own left out), `limit` at most.
    /// Recorded (`similar`, the conversations).
    pub fn similar(
        &self,
        seed: &SimilarSeed,
        rules: &RuleSet,
        window: usize,
        limit: usize,
        progress: &dyn Progress,
        given: &impl serde::Serialize,
    ) -> Result<SimilarResult, CaseError> {
        check_window(window)?;
        let index = self.current()?;
        let segments = segments(index, window, progress)?;
        let mut texts: Vec<String> = Vec::new();
        let mut covers = Vec::new();
        match seed {
            SimilarSeed::Finding(finding) => {
                if segments.of_conversation(finding.conversation).is_empty() {
                    return Err(CaseError::UnknownFinding(*finding));
                }
                covers.push(finding.conversation);
                let options = HuntOptions { categories: vec![finding.category], ..HuntOptions::default() };
                let findings = findings(index, rules, &options, progress)?;
                match findings.iter().find(|f| f.id == *finding) {
                    Some(f) => texts.extend(f.messages.iter().map(|m| m.hit.text.clone())),
                    None => {
                        let refs: Vec<_> = segments
                            .of_conversation(finding.conversation)
                            .filter_map(|s| segments.get(s))
                            .flat_map(|s| segments.messages(s).iter().map(|m| m.at))
                            .collect();
                        texts.extend(index.documents_at(&refs)?.into_iter().map(|h| h.text));
                    }
                }
            }
            SimilarSeed::Messages(keys) => {
                let mut refs = Vec::new();
                for (sender, id) in keys {
                    let Some(s) = segments.segment_of(sender, *id).and_then(|s| segments.get(s)) else {
                        return Err(LearningError::UnknownMessage { sender: sender.clone(), message_id: *id }.into());
                    };
                    covers.push(s.conversation);
                    refs.extend(segments.messages(s).iter().filter(|m| m.message_id == *id).map(|m| m.at));
                }
                let hits = index.documents_at(&refs)?;
                texts.extend(
                    hits.into_iter()
                        .filter(|h| keys.iter().any(|(s, id)| *s == h.sender && *id == h.message_id))
                        .map(|h| h.text),
                );
            }
        }
        let mut profile = Profile::of_texts(&segments, texts.iter().map(String::as_str));
        profile.covers.extend(covers);
        let ranked = super::similar(&segments, &profile, limit);
        self.record("similar", given, ranked.len())?;
        let mut conversations = Vec::with_capacity(ranked.len());
        for r in ranked {
            let shown = ShownSegment::read(index, &segments, r.segment, |f| profile.weight(f))?;
            conversations.push((r, shown));
        }
        Ok(SimilarResult { seed_has_words: !profile.is_empty(), conversations })
    }

    /// The segments nobody reviewed, ranked per category by a model trained on the case's
    /// reviews and the rules' hits. Recorded (`suggest`, the suggestions).
    pub fn suggest(
        &self,
        rules: &RuleSet,
        window: usize,
        options: &SuggestOptions,
        progress: &dyn Progress,
        given: &impl serde::Serialize,
    ) -> Result<SuggestResult, CaseError> {
        let hunt = HuntOptions { categories: options.categories.clone(), ..HuntOptions::default() };
        check_window(window)?;
        let index = self.current()?;
        let findings = findings(index, rules, &hunt, progress)?;
        let segments = segments(index, window, progress)?;
        let reviews = labels::case_reviews(self.dir())?;
        let report = super::suggest(&segments, &findings, &reviews, options)?;
        self.record("suggest", given, report.suggestions.len())?;
        let mut shown = Vec::with_capacity(report.suggestions.len());
        for s in &report.suggestions {
            let model = report.models.iter().find(|(c, _)| *c == s.finding.category).map(|(_, m)| m);
            shown.push(ShownSegment::read(index, &segments, s.segment, |f| model.map_or(0.0, |m| m.weight(f)))?);
        }
        Ok(SuggestResult { report, shown, findings: findings.len() })
    }

    /// The review played by `truth` along the learned and the rules' rankings (`rules` as
    /// given: handicapped or not), after checking that the truth describes this case's corpus
    /// (else [`CaseError::CorpusMismatch`]). Recorded (`eval`, the batches).
    pub fn simulate_review(
        &self,
        truth: &Truth,
        rules: &RuleSet,
        window: usize,
        options: &SimulationOptions,
        progress: &dyn Progress,
        given: &impl serde::Serialize,
    ) -> Result<SimulationResult, CaseError> {
        check_window(window)?;
        let index = self.current()?;
        crate::eval::require_corpus(truth, index)?;
        let findings = findings(index, rules, &HuntOptions::default(), progress)?;
        let segments = segments(index, window, progress)?;
        let mut points = Vec::new();
        super::simulate(&segments, truth, &findings, options, &mut |p| {
            points.push(p.clone());
            Ok(())
        })?;
        self.record("eval", given, points.len())?;
        Ok(SimulationResult { points, findings: findings.len(), segments: segments.len() })
    }
}
