//! The features of a text for the learning layer: its words and its pairs of adjacent words,
//! as the shared analysis gives them (`crate::analysis`: folded, plurals folded), stop words
//! of the three languages and one-character words left out, each as a 32-bit hash.
//!
//! Hashes, not strings: a segment's features are a sorted list of `u32`, so the case's
//! vocabulary (chatter is most of it) is never held as text. The names come back only for
//! the few segments shown, by analysing their text again ([`Featurizer::named`]).

use std::hash::Hasher;

use rustc_hash::FxHasher;

use crate::analysis::Analyzer;

/// Words (and as many pairs) taken from one message at most: a long text costs no more.
pub const MAX_WORDS_PER_MESSAGE: usize = 48;

/// A feature: the hash of a word or of a pair of words.
pub type Feature = u32;

/// Analyses texts into features, with reusable buffers.
#[derive(Default)]
pub struct Featurizer {
    analyzer: Analyzer,
    token: String,
    previous: String,
}

fn hash_word(word: &str) -> Feature {
    let mut h = FxHasher::default();
    h.write(word.as_bytes());
    h.write_u8(0xff);
    fold64(h.finish())
}

fn hash_pair(a: &str, b: &str) -> Feature {
    let mut h = FxHasher::default();
    h.write(a.as_bytes());
    h.write_u8(0x1f);
    h.write(b.as_bytes());
    h.write_u8(0xfe);
    fold64(h.finish())
}

fn fold64(h: u64) -> Feature {
    ((h >> 32) ^ h) as u32
}

fn kept(token: &str) -> bool {
    token.chars().nth(1).is_some() && !crate::lang::is_folded_stopword(token)
}

impl Featurizer {
    /// Appends the features of `text` to `out` (unsorted, possibly repeated).
    pub fn features(&mut self, text: &str, out: &mut Vec<Feature>) {
        self.each(text, |f, _| out.push(f));
    }

    /// The features of `text` with their names (`word`, or `word word` for a pair).
    pub fn named(&mut self, text: &str, out: &mut Vec<(Feature, String)>) {
        self.each(text, |f, name| out.push((f, name())));
    }

    fn each(&mut self, text: &str, mut f: impl FnMut(Feature, &dyn Fn() -> String)) {
        self.previous.clear();
        let mut words = 0;
        let mut stream = self.analyzer.stream(text);
        while words < MAX_WORDS_PER_MESSAGE && stream.next_into(&mut self.token).is_some() {
            if !kept(&self.token) {
                continue;
            }
            words += 1;
            let token = &self.token;
            f(hash_word(token), &|| token.clone());
            if !self.previous.is_empty() {
                let previous = &self.previous;
                f(hash_pair(previous, token), &|| format!("{previous} {token}"));
            }
            self.previous.clear();
            self.previous.push_str(token);
        }
    }
}

/// The `n` features of `texts` that weigh most by `weight` (positive weights only), by name:
/// what explains a suggestion or a similarity.
pub fn top_terms<'t>(
    texts: impl IntoIterator<Item = &'t str>,
    weight: impl Fn(Feature) -> f64,
    n: usize,
) -> Vec<String> {
    let mut featurizer = Featurizer::default();
    let mut named = Vec::new();
    for text in texts {
        featurizer.named(text, &mut named);
    }
    named.sort_unstable_by_key(|(f, _)| *f);
    named.dedup_by_key(|(f, _)| *f);
    let mut weighed: Vec<(f64, String)> =
        named.into_iter().map(|(f, name)| (weight(f), name)).filter(|(w, _)| *w > 0.0).collect();
    weighed.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    weighed.into_iter().take(n).map(|(_, name)| name).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_pairs_without_stop_words() {
        let mut f = Featurizer::default();
        let mut named = Vec::new();
        f.named("On livre les Kalashs à l'entrepôt demain", &mut named);
        let names: Vec<&str> = named.iter().map(|(_, n)| n.as_str()).collect();
        assert!(names.contains(&"kalash"), "{names:?}");
        assert!(names.contains(&"kalash entrepot"), "{names:?}");
        assert!(!names.contains(&"les"), "{names:?}");
        let mut plain = Vec::new();
        f.features("On livre les Kalashs à l'entrepôt demain", &mut plain);
        assert_eq!(plain, named.iter().map(|(h, _)| *h).collect::<Vec<_>>());
        assert_ne!(hash_word("a b"), hash_pair("a", "b"));
    }
}
