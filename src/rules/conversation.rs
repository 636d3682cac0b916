//! One conversation judged by every rule, without an index: the categories a hunt would
//! report for it (FORMAT.md §5–6). The rules' held-out tests score conversations this way.

use std::collections::BTreeMap;

use super::{AnalysedText, Category, Level, Logic, Rule, RuleSet};
use crate::analysis::Analyzer;

/// A conversation's messages analysed once: (milliseconds, text).
pub struct AnalysedConversation(Vec<(u64, AnalysedText)>);

impl AnalysedConversation {
    pub fn new(analyzer: &mut Analyzer, messages: &[(u64, String)]) -> AnalysedConversation {
        AnalysedConversation(messages.iter().map(|(t, text)| (*t, AnalysedText::new(analyzer, text))).collect())
    }
}

impl Rule {
    /// The correlation signals of a conversation (time, groups signalled), sorted by time;
    /// messages that signal nothing are left out.
    pub fn conversation_signals(&self, conversation: &AnalysedConversation) -> Vec<(u64, u64)> {
        let mut signals: Vec<(u64, u64)> = conversation
            .0
            .iter()
            .map(|(t, text)| (*t, self.signals(&self.match_groups(text))))
            .filter(|(_, s)| *s != 0)
            .collect();
        signals.sort_by_key(|s| s.0);
        signals
    }

    /// Whether the rule hits the conversation: a message rule on any one message, a
    /// correlation in some window.
    pub fn hits_conversation(&self, conversation: &AnalysedConversation) -> bool {
        match &self.logic {
            Logic::Condition(_) => conversation.0.iter().any(|(_, text)| self.hits(&self.match_groups(text))),
            Logic::Correlation(c) => c.best_window(&self.conversation_signals(conversation), self.level).is_some(),
        }
    }
}

impl RuleSet {
    /// The findings a hunt would report for this conversation alone: per category, the
    /// highest level of the rules that hit it, and their ids.
    pub fn conversation_categories(
        &self,
        conversation: &AnalysedConversation,
    ) -> BTreeMap<Category, (Level, Vec<&str>)> {
        let mut out: BTreeMap<Category, (Level, Vec<&str>)> = BTreeMap::new();
        for rule in self.rules.iter().filter(|r| r.hits_conversation(conversation)) {
            let entry = out.entry(rule.category).or_insert((rule.level, Vec::new()));
            entry.0 = entry.0.max(rule.level);
            entry.1.push(rule.id.as_str());
        }
        out
    }
}
