//! Hunting rules as data (`rules/FORMAT.md`): loading, validation, matching one message,
//! correlating a conversation, and the rules' own examples.
//!
//! This module knows nothing of the index: `index::hunt` runs a [`RuleSet`] through it.

mod builtin;
mod condition;
mod examples;
mod load;
mod term;

use std::collections::HashMap;
use std::fmt;

pub use builtin::{builtin, builtin_sources};
pub use condition::Expr;
pub use examples::ExampleReport;
pub use load::{MAX_GROUP_TERMS, MAX_NESTING, MAX_TERMS, load_paths, load_sources, read_paths};
pub(crate) use term::osa_distance_within;
pub use term::{AnalysedText, Term, TermMode};

/// What a finding is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Kidnapping,
    Weapons,
    Drugs,
    Extortion,
    ContractViolence,
    /// A message holding an entity of the analyst's watchlist.
    Watchlist,
}

impl Category {
    pub const RULE_CATEGORIES: [Category; 5] =
        [Category::Kidnapping, Category::Weapons, Category::Drugs, Category::Extortion, Category::ContractViolence];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Kidnapping => "kidnapping",
            Category::Weapons => "weapons",
            Category::Drugs => "drugs",
            Category::Extortion => "extortion",
            Category::ContractViolence => "contract_violence",
            Category::Watchlist => "watchlist",
        }
    }

    pub fn parse(s: &str) -> Option<Category> {
        [
            Category::Kidnapping,
            Category::Weapons,
            Category::Drugs,
            Category::Extortion,
            Category::ContractViolence,
            Category::Watchlist,
        ]
        .into_iter()
        .find(|c| c.as_str() == s)
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A rule's severity; ordered, so `--min-level` compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Low,
    Medium,
    High,
    Critical,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Low => "low",
            Level::Medium => "medium",
            Level::High => "high",
            Level::Critical => "critical",
        }
    }

    pub fn parse(s: &str) -> Option<Level> {
        [Level::Low, Level::Medium, Level::High, Level::Critical].into_iter().find(|l| l.as_str() == s)
    }

    /// Weight in scoring (FORMAT.md §6).
    pub fn weight(self) -> f64 {
        match self {
            Level::Low => 1.0,
            Level::Medium => 3.0,
            Level::High => 6.0,
            Level::Critical => 10.0,
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A named list of terms; a message matches the group when any term matches.
#[derive(Clone, Debug)]
pub struct Group {
    pub name: String,
    pub terms: Vec<Term>,
}

impl Group {
    /// An exclusion group (`_fiction`): never counted by `them`.
    pub fn is_exclusion(&self) -> bool {
        self.name.starts_with('_')
    }
}

/// Conversation-level logic (FORMAT.md §5); groups are indices into the rule's groups.
#[derive(Clone, Debug)]
pub struct Correlation {
    pub groups: Vec<usize>,
    pub min_groups: usize,
    pub window_ms: u64,
    pub require_any: Vec<usize>,
    pub require_min: usize,
    pub exclude: Vec<usize>,
}

#[derive(Clone, Debug)]
pub enum Logic {
    Condition(Expr),
    Correlation(Correlation),
}

/// One example conversation: (milliseconds after the first message, text).
pub type ExampleConversation = Vec<(u64, String)>;

#[derive(Clone, Debug, Default)]
pub struct Examples {
    /// (text, line)
    pub matching: Vec<(String, usize)>,
    pub not_matching: Vec<(String, usize)>,
    pub matching_conversations: Vec<(ExampleConversation, usize)>,
    pub not_matching_conversations: Vec<(ExampleConversation, usize)>,
}

#[derive(Clone, Debug)]
pub struct Rule {
    pub id: String,
    pub title: String,
    pub description: String,
    pub category: Category,
    pub level: Level,
    pub languages: Vec<String>,
    pub references: Vec<String>,
    pub groups: Vec<Group>,
    pub logic: Logic,
    pub examples: Examples,
    /// Where the rule was defined: file as shown in errors, and line.
    pub path: String,
    pub line: usize,
    /// Word terms by token: (group, term) pairs, so that matching looks each token up once
    /// instead of trying thousands of terms.
    pub(crate) words: HashMap<String, Vec<(usize, usize)>>,
    /// Prefix terms by prefix: each token's own prefixes are looked up.
    pub(crate) prefixes: HashMap<String, Vec<(usize, usize)>>,
    /// The other terms (phrase, fuzzy, regex), tried one by one.
    pub(crate) others: Vec<(usize, usize)>,
}

/// Which groups of one rule a message matches, and through which terms.
#[derive(Clone, Debug, Default)]
pub struct GroupMatches {
    /// Bit g set when group g matches.
    pub mask: u64,
    /// (group, term as written, token matched), in group then term order.
    pub terms: Vec<(usize, String, String)>,
}

impl Rule {
    /// Indexes the word terms by token (called once the groups are final).
    pub(crate) fn index_terms(&mut self) {
        self.words.clear();
        self.prefixes.clear();
        self.others.clear();
        for (g, group) in self.groups.iter().enumerate() {
            for (t, term) in group.terms.iter().enumerate() {
                match &term.mode {
                    TermMode::Word(w) => self.words.entry(w.clone()).or_default().push((g, t)),
                    TermMode::Prefix(p) => self.prefixes.entry(p.clone()).or_default().push((g, t)),
                    _ => self.others.push((g, t)),
                }
            }
        }
    }

    /// Matches every group against an analysed message.
    pub fn match_groups(&self, text: &AnalysedText) -> GroupMatches {
        let mut found: Vec<(usize, usize, String)> = Vec::new();
        for word in text.words() {
            if let Some(terms) = self.words.get(word) {
                found.extend(terms.iter().map(|&(g, t)| (g, t, word.to_owned())));
            }
            if !self.prefixes.is_empty() {
                for (end, _) in word.char_indices().skip(1).chain([(word.len(), ' ')]) {
                    if let Some(terms) = self.prefixes.get(&word[..end]) {
                        found.extend(terms.iter().map(|&(g, t)| (g, t, word.to_owned())));
                    }
                }
            }
        }
        // A term matches once, with its smallest token (as `Term::find` would report it).
        found.sort_unstable();
        found.dedup_by(|b, a| a.0 == b.0 && a.1 == b.1);
        for &(g, t) in &self.others {
            if let Some(token) = self.groups[g].terms[t].find(text) {
                found.push((g, t, token));
            }
        }
        found.sort_unstable();
        let mut out = GroupMatches::default();
        for (g, t, token) in found {
            out.mask |= 1 << g;
            out.terms.push((g, self.groups[g].terms[t].written.clone(), token));
        }
        out
    }

    /// Whether a message rule hits a message on its own.
    pub fn hits(&self, m: &GroupMatches) -> bool {
        self.hits_mask(m.mask)
    }

    /// [`Rule::hits`] given the bit set of matched groups.
    pub fn hits_mask(&self, matched: u64) -> bool {
        match &self.logic {
            Logic::Condition(e) => e.eval(matched),
            Logic::Correlation(_) => false,
        }
    }

    /// The correlation groups a message signals (none when it matches an excluded group).
    pub fn signals(&self, m: &GroupMatches) -> u64 {
        self.signals_mask(m.mask)
    }

    /// [`Rule::signals`] given the bit set of matched groups.
    pub fn signals_mask(&self, matched: u64) -> u64 {
        match &self.logic {
            Logic::Correlation(c) => {
                if c.exclude.iter().any(|&g| matched & (1 << g) != 0) {
                    return 0;
                }
                c.groups.iter().fold(0, |acc, &g| acc | (matched & (1 << g)))
            }
            Logic::Condition(_) => 0,
        }
    }

    /// Bit set of the groups that can make the rule hit (used outside any `not`, or the
    /// correlation's groups): the index is queried for these.
    pub fn positive_groups(&self) -> u64 {
        match &self.logic {
            Logic::Condition(e) => e.polarity().0,
            Logic::Correlation(c) => c.groups.iter().fold(0, |acc, &g| acc | 1 << g),
        }
    }

    /// A message hit's score given its matched groups: `g` is the number of positive groups
    /// matched (FORMAT.md §6).
    pub fn message_score(&self, matched: u64) -> f64 {
        let g = (matched & self.positive_groups()).count_ones().max(1) as f64;
        self.level.weight() * (1.0 + 0.25 * (g - 1.0))
    }

    pub fn is_correlation(&self) -> bool {
        matches!(self.logic, Logic::Correlation(_))
    }
}

/// The interval of a correlation hit: indices into the time-sorted signals, the distinct
/// groups signalled, and the score.
#[derive(Clone, Debug, PartialEq)]
pub struct WindowHit {
    pub first: usize,
    pub last: usize,
    pub groups: u64,
    pub score: f64,
}

impl Correlation {
    /// Finds the best window over `signals` (time in ms, group bits), sorted by time: the
    /// interval `[t, t + window]` that signals the most distinct groups (ties: the earliest),
    /// if it meets `min_groups` and `require_any`.
    pub fn best_window(&self, signals: &[(u64, u64)], level: Level) -> Option<WindowHit> {
        let require: u64 = self.require_any.iter().fold(0, |acc, &g| acc | 1 << g);
        let mut counts = [0u32; 64];
        let mut seen: u64 = 0;
        let mut best: Option<WindowHit> = None;
        let mut end = 0; // exclusive
        for start in 0..signals.len() {
            let limit = signals[start].0.saturating_add(self.window_ms);
            while end < signals.len() && signals[end].0 <= limit {
                let mut bits = signals[end].1;
                while bits != 0 {
                    let g = bits.trailing_zeros() as usize;
                    counts[g] += 1;
                    seen |= 1 << g;
                    bits &= bits - 1;
                }
                end += 1;
            }
            let k = seen.count_ones() as usize;
            let ok = k >= self.min_groups
                && (self.require_any.is_empty() || (seen & require).count_ones() as usize >= self.require_min);
            if ok && best.as_ref().is_none_or(|b| k > b.groups.count_ones() as usize) {
                let score = level.weight() * (1.0 + 0.25 * (k - self.min_groups) as f64);
                best = Some(WindowHit { first: start, last: end - 1, groups: seen, score });
            }
            // Slide: the start signal leaves the window.
            let mut bits = signals[start].1;
            while bits != 0 {
                let g = bits.trailing_zeros() as usize;
                counts[g] -= 1;
                if counts[g] == 0 {
                    seen &= !(1 << g);
                }
                bits &= bits - 1;
            }
        }
        best
    }
}

/// A loaded, validated set of rules.
#[derive(Clone, Debug, Default)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
}

impl RuleSet {
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }
}

/// One problem in a rule file, printed as `PATH:LINE: rule ID: MESSAGE`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub path: String,
    pub line: usize,
    /// The rule's id, or `#N` for its position when it has none; `None` for file-level errors.
    pub rule: Option<String>,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.rule {
            Some(id) => write!(f, "{}:{}: rule {}: {}", self.path, self.line, id, self.message),
            None => write!(f, "{}:{}: {}", self.path, self.line, self.message),
        }
    }
}

/// Loading is all-or-nothing: every problem found, in file order.
#[derive(Debug, thiserror::Error)]
pub struct RuleErrors(pub Vec<Diagnostic>);

impl fmt::Display for RuleErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
