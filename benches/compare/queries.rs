//! Step 4: a seeded query set drawn from the corpus itself.

use rustc_hash::{FxHashMap, FxHashSet};
use tapir::analysis::plural;

use crate::peers::scan::{Folded, GAP};

/// Document frequencies of the folded terms.
pub struct Vocabulary<'a> {
    pub df: FxHashMap<&'a str, u32>,
}

impl<'a> Vocabulary<'a> {
    pub fn build(folded: &'a Folded) -> Vocabulary<'a> {
        let mut df: FxHashMap<&str, u32> = FxHashMap::default();
        let mut seen: Vec<&str> = Vec::new();
        for i in 0..folded.len() {
            seen.clear();
            seen.extend(folded.tokens(i).filter(|t| *t != GAP));
            seen.sort_unstable();
            seen.dedup();
            for t in &seen {
                *df.entry(t).or_insert(0) += 1;
            }
        }
        Vocabulary { df }
    }

    pub fn df(&self, t: &str) -> u32 {
        self.df.get(t).copied().unwrap_or(0)
    }

    /// Terms satisfying `keep`, sorted (the map's order is not deterministic).
    pub fn terms(&self, keep: impl Fn(&str, u32) -> bool) -> Vec<&'a str> {
        let mut v: Vec<&str> = self.df.iter().filter(|(t, n)| keep(t, **n)).map(|(t, _)| *t).collect();
        v.sort_unstable();
        v
    }
}

/// SplitMix64: deterministic, no dependency.
pub struct Rng(u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    /// Up to `k` distinct elements, in drawing order.
    pub fn sample<T: Copy>(&mut self, from: &[T], k: usize) -> Vec<T> {
        let mut idx: Vec<usize> = (0..from.len()).collect();
        let k = k.min(idx.len());
        for i in 0..k {
            let j = i + self.below(idx.len() - i);
            idx.swap(i, j);
        }
        idx[..k].iter().map(|&i| from[i]).collect()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Class {
    Rare,
    Common,
    And,
    Or,
    Phrase,
    Fuzzy,
}

impl Class {
    pub const ALL: [Class; 6] = [Class::Rare, Class::Common, Class::And, Class::Or, Class::Phrase, Class::Fuzzy];
    pub fn name(self) -> &'static str {
        match self {
            Class::Rare => "rare term",
            Class::Common => "common term",
            Class::And => "two-term AND",
            Class::Or => "two-term OR",
            Class::Phrase => "phrase",
            Class::Fuzzy => "fuzzy (~1)",
        }
    }
    pub fn key(self) -> &'static str {
        match self {
            Class::Rare => "rare",
            Class::Common => "common",
            Class::And => "and",
            Class::Or => "or",
            Class::Phrase => "phrase",
            Class::Fuzzy => "fuzzy",
        }
    }
}

#[derive(Clone, Debug)]
pub enum Shape {
    Term(String),
    And(String, String),
    Or(String, String),
    Phrase(String, String),
    Fuzzy(String),
}

#[derive(Clone, Debug)]
pub struct Query {
    pub class: Class,
    pub shape: Shape,
    /// tapir's query syntax.
    pub tapir: String,
    /// FTS5's MATCH expression; `None` where FTS5 has no equivalent (fuzzy).
    pub fts5: Option<String>,
}

impl Query {
    pub fn new(class: Class, shape: Shape) -> Query {
        let (tapir, fts5) = match &shape {
            Shape::Term(t) => (t.clone(), Some(format!("\"{t}\""))),
            Shape::And(a, b) => (format!("{a} {b}"), Some(format!("\"{a}\" AND \"{b}\""))),
            Shape::Or(a, b) => (format!("{a} OR {b}"), Some(format!("\"{a}\" OR \"{b}\""))),
            Shape::Phrase(a, b) => (format!("\"{a} {b}\""), Some(format!("\"{a} {b}\""))),
            Shape::Fuzzy(t) => (format!("{t}~1"), None),
        };
        Query { class, shape, tapir, fts5 }
    }
}

/// A term both engines read as one plain word.
pub fn plain(t: &str) -> bool {
    !t.is_empty() && t.bytes().all(|b| b.is_ascii_alphanumeric())
}

pub fn alphabetic(t: &str) -> bool {
    !t.is_empty() && t.bytes().all(|b| b.is_ascii_lowercase())
}

pub fn build_queries(
    folded: &Folded,
    vocab: &Vocabulary<'_>,
    canaries: &[String],
    total: usize,
    seed: u64,
) -> Vec<Query> {
    let per_class = total.div_ceil(Class::ALL.len()).max(1);
    let mut rng = Rng(seed ^ 0x7a91_c0de);
    let mut out = Vec::new();

    // Rare: half canary tokens (one message each), half words of frequency 2..=10.
    let canary_set: FxHashSet<&str> = canaries.iter().map(String::as_str).collect();
    let mut canary_terms: Vec<&str> =
        canaries.iter().map(String::as_str).filter(|c| plain(c) && (1..=10).contains(&vocab.df(c))).collect();
    canary_terms.sort_unstable();
    let rare_words =
        vocab.terms(|t, n| (2..=10).contains(&n) && t.len() >= 4 && alphabetic(t) && !canary_set.contains(t));
    let mut rare = rng.sample(&rare_words, per_class / 2);
    rare.extend(rng.sample(&canary_terms, per_class - rare.len()));
    if rare.len() < per_class {
        // Small corpora: fill with any rare term.
        let more = vocab.terms(|t, n| n <= 10 && plain(t) && !rare.contains(&t));
        rare.extend(rng.sample(&more, per_class - rare.len()));
    }
    out.extend(rare.into_iter().map(|t| Query::new(Class::Rare, Shape::Term(t.to_owned()))));

    // Common: among the 100 most frequent terms.
    let mut by_df = vocab.terms(|t, _| plain(t));
    by_df.sort_by_key(|t| std::cmp::Reverse(vocab.df(t)));
    by_df.truncate(100);
    for t in rng.sample(&by_df, per_class) {
        out.push(Query::new(Class::Common, Shape::Term(t.to_owned())));
    }

    // Two terms of one real message (AND), of two messages (OR), adjacent (phrase).
    let mut tries = 0;
    let (mut and, mut or, mut phrase) = (0, 0, 0);
    while (and < per_class || or < per_class || phrase < per_class) && tries < 1_000_000 {
        tries += 1;
        let doc = rng.below(folded.len());
        let tokens: Vec<&str> = folded.tokens(doc).collect();
        if tokens.len() < 2 {
            continue;
        }
        if and < per_class {
            let (a, b) = (tokens[rng.below(tokens.len())], tokens[rng.below(tokens.len())]);
            if a != b && plain(a) && plain(b) {
                out.push(Query::new(Class::And, Shape::And(a.to_owned(), b.to_owned())));
                and += 1;
            }
        }
        if or < per_class {
            let other: Vec<&str> = folded.tokens(rng.below(folded.len())).collect();
            if !other.is_empty() {
                let (a, b) = (tokens[rng.below(tokens.len())], other[rng.below(other.len())]);
                if a != b && plain(a) && plain(b) {
                    out.push(Query::new(Class::Or, Shape::Or(a.to_owned(), b.to_owned())));
                    or += 1;
                }
            }
        }
        if phrase < per_class {
            let i = rng.below(tokens.len() - 1);
            let (a, b) = (tokens[i], tokens[i + 1]);
            if a != b && plain(a) && plain(b) {
                out.push(Query::new(Class::Phrase, Shape::Phrase(a.to_owned(), b.to_owned())));
                phrase += 1;
            }
        }
    }

    // Fuzzy: a rare-ish word (frequency 10..=2000, five letters or more) with one letter
    // substituted (never the last, so plural folding leaves it alone); `word~1`.
    let fuzzy_words = vocab.terms(|t, n| (10..=2000).contains(&n) && t.len() >= 5 && alphabetic(t));
    let mut fuzzy = 0;
    let mut tries = 0;
    while fuzzy < per_class && !fuzzy_words.is_empty() && tries < 100_000 {
        tries += 1;
        let word = fuzzy_words[rng.below(fuzzy_words.len())];
        let mut bytes = word.as_bytes().to_vec();
        let at = 1 + rng.below(bytes.len() - 2);
        let letter = b'a' + rng.below(26) as u8;
        if bytes[at] == letter {
            continue;
        }
        bytes[at] = letter;
        let edited = String::from_utf8(bytes).unwrap_or_default();
        if plural::folds(&edited) {
            continue;
        }
        out.push(Query::new(Class::Fuzzy, Shape::Fuzzy(edited)));
        fuzzy += 1;
    }
    out
}
