//! Ranked word lists sampled with a Zipf law through a precomputed cumulative table.

use fastrand::Rng;
use std::collections::HashMap;

/// A Zipf(s) distribution over ranks `0..n` (rank 0 most frequent).
pub(crate) struct Zipf {
    cum: Box<[f64]>,
}

impl Zipf {
    pub(crate) fn new(n: usize, s: f64) -> Self {
        assert!(n > 0, "empty Zipf table");
        let mut acc = 0.0;
        let cum = (1..=n)
            .map(|r| {
                acc += 1.0 / (r as f64).powf(s);
                acc
            })
            .collect::<Vec<_>>();
        Zipf { cum: cum.into_boxed_slice() }
    }

    #[inline]
    pub(crate) fn sample(&self, rng: &mut Rng) -> usize {
        let total = self.cum[self.cum.len() - 1];
        let r = rng.f64() * total;
        self.cum.partition_point(|&c| c <= r).min(self.cum.len() - 1)
    }
}

/// Word classes a template can ask for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Class {
    /// Function words, adverbs, interjections, slang particles.
    Misc = 0,
    Noun = 1,
    Verb = 2,
    Adj = 3,
    /// Names, surnames, streets, brands, nicknames: mostly synthetic.
    Proper = 4,
}

pub(crate) const CLASSES: usize = 5;

/// Collects forms with a tier (0 = most frequent) and a position inside the tier.
#[derive(Default)]
pub(crate) struct LexBuilder {
    entries: Vec<(u8, u32, Class, String)>,
}

impl LexBuilder {
    pub(crate) fn add(&mut self, tier: u8, pos: usize, class: Class, form: impl Into<String>) {
        let form = form.into();
        if form.is_empty() || form.contains(char::is_whitespace) {
            return;
        }
        self.entries.push((tier, pos as u32, class, form));
    }

    /// Ranks the forms: by tier, then position, then class; duplicates keep their best rank.
    pub(crate) fn build(mut self, s: f64) -> Lexicon {
        self.entries.sort_by_key(|e| (e.0, e.1, e.2));
        let mut index: HashMap<String, u32> = HashMap::new();
        let mut words: Vec<Box<str>> = Vec::new();
        let mut by_class: [Vec<u32>; CLASSES] = Default::default();
        let mut in_class: HashMap<(u8, u32), ()> = HashMap::new();
        for (_, _, class, form) in self.entries {
            let id = match index.get(&form) {
                Some(&id) => id,
                None => {
                    let id = words.len() as u32;
                    words.push(form.clone().into_boxed_str());
                    index.insert(form, id);
                    id
                }
            };
            if in_class.insert((class as u8, id), ()).is_none() {
                by_class[class as usize].push(id);
            }
        }
        let all = Zipf::new(words.len(), s);
        let class_zipf = std::array::from_fn(|c| {
            let n = by_class[c].len().max(1);
            Zipf::new(n, s)
        });
        Lexicon { words, all, by_class, class_zipf }
    }
}

/// A language's ranked vocabulary.
pub(crate) struct Lexicon {
    pub(crate) words: Vec<Box<str>>,
    all: Zipf,
    by_class: [Vec<u32>; CLASSES],
    class_zipf: [Zipf; CLASSES],
}

impl Lexicon {
    #[inline]
    pub(crate) fn any(&self, rng: &mut Rng) -> &str {
        &self.words[self.all.sample(rng)]
    }

    #[inline]
    pub(crate) fn of(&self, class: Class, rng: &mut Rng) -> &str {
        let ids = &self.by_class[class as usize];
        if ids.is_empty() {
            return self.any(rng);
        }
        let r = self.class_zipf[class as usize].sample(rng);
        &self.words[ids[r] as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_zipf_is_skewed() {
        let z = Zipf::new(1000, 1.05);
        let mut rng = Rng::with_seed(1);
        let mut counts = vec![0u32; 1000];
        for _ in 0..100_000 {
            counts[z.sample(&mut rng)] += 1;
        }
        assert!(counts[0] > counts[9] * 5, "{} {}", counts[0], counts[9]);
        assert!(counts[9] > counts[99] * 5);
        assert!(counts[999] > 0);
    }
}
