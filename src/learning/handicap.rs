//! Handicapped rules, for measuring what learning recovers on wording the rules do not
//! know (issue 14 §3): half of each pack's rules, or the rules of one language only.

use crate::rules::RuleSet;

/// How the rules are handicapped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Handicap {
    /// Every second rule of each pack (file) is dropped, the first kept.
    Half,
    /// Only rules written for this language (their `languages` list names it) are kept.
    Language(String),
}

impl std::str::FromStr for Handicap {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "half" => Ok(Handicap::Half),
            _ => match s.strip_prefix("lang:") {
                Some(l) if matches!(l, "fr" | "nl" | "en") => Ok(Handicap::Language(l.to_owned())),
                _ => Err(format!("handicap {s:?}: expected half, lang:fr, lang:nl or lang:en")),
            },
        }
    }
}

impl Handicap {
    /// The rules of `rules` that the handicap keeps.
    pub fn apply(&self, rules: &RuleSet) -> RuleSet {
        let mut kept = RuleSet::default();
        let mut seen: Vec<(&str, usize)> = Vec::new();
        for rule in &rules.rules {
            let keep = match self {
                Handicap::Half => {
                    let position = match seen.iter_mut().find(|(p, _)| *p == rule.path) {
                        Some((_, n)) => {
                            *n += 1;
                            *n
                        }
                        None => {
                            seen.push((&rule.path, 0));
                            0
                        }
                    };
                    position % 2 == 0
                }
                Handicap::Language(l) => rule.languages.iter().any(|r| r == l),
            };
            if keep {
                kept.rules.push(rule.clone());
            }
        }
        kept
    }
}
