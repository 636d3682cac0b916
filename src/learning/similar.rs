//! Similar conversations: the segments that read most like a seed (a finding's messages, or
//! messages named by key), by TF-IDF cosine over the learning features, best segment per
//! conversation, the seed's own conversations left out.

use rustc_hash::{FxHashMap, FxHashSet};

use super::features::{Feature, Featurizer};
use super::segments::Segments;

/// A conversation that reads like the seed.
#[derive(Clone, Debug)]
pub struct SimilarConversation {
    pub conversation: u64,
    /// Its segment most like the seed.
    pub segment: usize,
    /// Cosine similarity of that segment to the seed, in [0, 1].
    pub score: f64,
}

/// The seed as a TF-IDF profile.
#[derive(Clone, Debug, Default)]
pub struct Profile {
    weights: FxHashMap<Feature, f64>,
    norm: f64,
    /// Conversations the seed covers (left out of the ranking).
    pub covers: FxHashSet<u64>,
}

fn idf(segments: &Segments, f: Feature) -> f64 {
    let n = segments.len() as f64;
    (1.0 + n / (1.0 + f64::from(segments.document_frequency(f)))).ln()
}

impl Profile {
    /// The profile of `texts` (the seed's messages) over the case's `segments`.
    pub fn of_texts<'t>(segments: &Segments, texts: impl IntoIterator<Item = &'t str>) -> Profile {
        let mut featurizer = Featurizer::default();
        let mut features = Vec::new();
        for text in texts {
            featurizer.features(text, &mut features);
        }
        let mut tf: FxHashMap<Feature, f64> = FxHashMap::default();
        for f in features {
            *tf.entry(f).or_insert(0.0) += 1.0;
        }
        let weights: FxHashMap<Feature, f64> =
            tf.into_iter().map(|(f, n)| (f, (1.0 + f64::ln(n)) * idf(segments, f))).collect();
        let norm = weights.values().map(|w| w * w).sum::<f64>().sqrt();
        Profile { weights, norm, covers: FxHashSet::default() }
    }

    /// Whether the profile has any feature (a seed of stop words or locked messages has none).
    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
    }

    /// The profile's weight of `feature` (0 when the seed lacks it).
    pub fn weight(&self, feature: Feature) -> f64 {
        self.weights.get(&feature).copied().unwrap_or(0.0)
    }
}

/// The conversations most like `profile`, best first, at most `limit`.
pub fn similar(segments: &Segments, profile: &Profile, limit: usize) -> Vec<SimilarConversation> {
    let mut best: FxHashMap<u64, SimilarConversation> = FxHashMap::default();
    if profile.norm <= 0.0 {
        return Vec::new();
    }
    for (i, s) in segments.iter() {
        if profile.covers.contains(&s.conversation) {
            continue;
        }
        let mut dot = 0.0;
        let mut norm = 0.0;
        for &f in segments.features(s) {
            let w = idf(segments, f);
            norm += w * w;
            dot += w * profile.weight(f);
        }
        if dot <= 0.0 {
            continue;
        }
        let score = dot / (norm.sqrt() * profile.norm);
        let entry = best.entry(s.conversation).or_insert(SimilarConversation {
            conversation: s.conversation,
            segment: i,
            score,
        });
        if score > entry.score {
            *entry = SimilarConversation { conversation: s.conversation, segment: i, score };
        }
    }
    let mut ranked: Vec<SimilarConversation> = best.into_values().collect();
    ranked.sort_unstable_by(|a, b| b.score.total_cmp(&a.score).then(a.conversation.cmp(&b.conversation)));
    ranked.truncate(limit);
    ranked
}
