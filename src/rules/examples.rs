//! Every rule carries examples (FORMAT.md §7); this runs them.

use super::{AnalysedConversation, AnalysedText, Diagnostic, Logic, Rule, RuleSet};
use crate::analysis::Analyzer;

/// The outcome of running every example of a rule set.
#[derive(Clone, Debug, Default)]
pub struct ExampleReport {
    pub passed: usize,
    /// One per failing example, at its line.
    pub failures: Vec<Diagnostic>,
}

impl RuleSet {
    /// Runs every rule's examples with the same analysis and matching the hunt uses.
    pub fn check_examples(&self) -> ExampleReport {
        let mut analyzer = Analyzer::default();
        let mut report = ExampleReport::default();
        for rule in &self.rules {
            check_rule(rule, &mut analyzer, &mut report);
        }
        report
    }
}

fn group_names(rule: &Rule, mask: u64) -> String {
    let names: Vec<&str> =
        rule.groups.iter().enumerate().filter(|(g, _)| mask & (1 << g) != 0).map(|(_, gr)| gr.name.as_str()).collect();
    format!("[{}]", names.join(", "))
}

fn check_rule(rule: &Rule, analyzer: &mut Analyzer, report: &mut ExampleReport) {
    let mut fail = |line: usize, message: String| {
        report.failures.push(Diagnostic { path: rule.path.clone(), line, rule: Some(rule.id.clone()), message })
    };
    let mut passed = 0;
    for (key, list, want) in
        [("match", &rule.examples.matching, true), ("no_match", &rule.examples.not_matching, false)]
    {
        for (text, line) in list {
            let m = rule.match_groups(&AnalysedText::new(analyzer, text));
            let got = match &rule.logic {
                Logic::Condition(_) => rule.hits(&m),
                Logic::Correlation(_) => rule.signals(&m) != 0,
            };
            if got == want {
                passed += 1;
            } else {
                let what = match (&rule.logic, want) {
                    (Logic::Condition(_), true) => "no hit",
                    (Logic::Condition(_), false) => "hits",
                    (Logic::Correlation(_), true) => "signals nothing",
                    (Logic::Correlation(_), false) => "signals a group",
                };
                fail(*line, format!("examples.{key}: {what}: {text:?}; groups matched {}", group_names(rule, m.mask)));
            }
        }
    }
    if let Logic::Correlation(c) = &rule.logic {
        for (key, list, want) in [
            ("match_conversations", &rule.examples.matching_conversations, true),
            ("no_match_conversations", &rule.examples.not_matching_conversations, false),
        ] {
            for (conversation, line) in list {
                let signals = rule.conversation_signals(&AnalysedConversation::new(analyzer, conversation));
                let hit = c.best_window(&signals, rule.level);
                if hit.is_some() == want {
                    passed += 1;
                } else {
                    let per: Vec<String> = signals.iter().map(|(_, s)| group_names(rule, *s)).collect();
                    let what = match &hit {
                        Some(h) => format!("hits with {}", group_names(rule, h.groups)),
                        None => "no hit".into(),
                    };
                    fail(*line, format!("examples.{key}: {what}; signals per signalling message: {}", per.join(" ")));
                }
            }
        }
    }
    report.passed += passed;
}
