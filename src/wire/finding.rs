//! A finding as JSON: `hunt --json`'s line, with its reasons and messages.

use serde::{Serialize, Serializer};

use super::hit::HitFields;
use crate::index::{Finding, FindingMessage, Reason};

/// Scores are shown to three decimals.
fn shown(score: f64) -> f64 {
    (score * 1000.0).round() / 1000.0
}

/// A finding's message: the hit's fields without its score, with what the hunt found in it.
impl Serialize for FindingMessage {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut fields = HitFields::unscored(&self.hit);
        fields.entities = Some(&self.entities);
        fields.rules = Some(&self.rules);
        fields.terms = Some(&self.terms);
        fields.watchlist = Some(&self.watchlist);
        fields.serialize(s)
    }
}

#[derive(Serialize)]
struct ReasonFields<'a> {
    groups: &'a [String],
    hits: usize,
    level: &'static str,
    rule: &'a str,
    score: f64,
    terms: &'a [String],
    title: &'a str,
}

impl Serialize for Reason {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        ReasonFields {
            groups: &self.groups,
            hits: self.hits,
            level: self.level.as_str(),
            rule: &self.rule,
            score: shown(self.score),
            terms: &self.terms,
            title: &self.title,
        }
        .serialize(s)
    }
}

#[derive(Serialize)]
struct FindingFields<'a> {
    category: &'static str,
    entities: &'a [String],
    first_at: String,
    id: String,
    last_at: String,
    level: &'static str,
    messages: &'a [FindingMessage],
    participants: &'a [String],
    reasons: &'a [Reason],
    rules: &'a [String],
    score: f64,
    terms: &'a [String],
    watchlist: &'a [String],
}

impl Serialize for Finding {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        FindingFields {
            category: self.category.as_str(),
            entities: &self.entities,
            first_at: crate::time::rfc3339_ms(self.first_at),
            id: self.id.to_string(),
            last_at: crate::time::rfc3339_ms(self.last_at),
            level: self.level.as_str(),
            messages: &self.messages,
            participants: &self.participants,
            reasons: &self.reasons,
            rules: &self.rules,
            score: shown(self.score),
            terms: &self.terms,
            watchlist: &self.watchlist,
        }
        .serialize(s)
    }
}
