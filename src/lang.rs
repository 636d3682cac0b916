//! Language of a message: `fr`, `nl`, `en`, or `und` when there is no telling.
//!
//! A stop-word vote (NLTK lists, from the `stop-words` crate) settles most chat messages in
//! well under a microsecond; whatlang's trigram model (about 10 µs a message here) decides
//! only when the vote is close. At tens of millions of messages that difference is most of
//! an ingest's CPU budget.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

/// A message's language, stored in the index by its code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Fr,
    Nl,
    En,
    /// Undetermined: too little text, or no telling.
    Und,
}

impl Lang {
    pub const ALL: [Lang; 4] = [Lang::Fr, Lang::Nl, Lang::En, Lang::Und];

    /// Its code: `fr`, `nl`, `en` or `und`.
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::Nl => "nl",
            Lang::En => "en",
            Lang::Und => "und",
        }
    }

    /// The stored code read back; anything else (an index written by a later version) is
    /// `und`, as a message whose language there is no telling.
    pub fn of_stored(code: &str) -> Lang {
        Lang::ALL.into_iter().find(|l| l.as_str() == code).unwrap_or(Lang::Und)
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The languages the stop-word vote tells apart, in the order of its bits.
const LANGS: [Lang; 3] = [Lang::Fr, Lang::Nl, Lang::En];

/// Word → bit set of the languages whose stop-word list holds it. Fx, not SipHash: the keys
/// are fixed words, and the lookup runs for every word of every message.
fn stopwords() -> &'static FxHashMap<&'static str, u8> {
    static TABLE: OnceLock<FxHashMap<&'static str, u8>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = FxHashMap::default();
        for (i, lang) in LANGS.iter().enumerate() {
            for word in stop_words::lookup(lang.as_str()).unwrap_or_default() {
                *table.entry(*word).or_insert(0u8) |= 1 << i;
            }
        }
        table
    })
}

/// Whether `folded` (a token as `crate::analysis` gives it: lowercased, accents folded) is a
/// stop word of French, Dutch or English: what the learning layer's features leave out.
pub(crate) fn is_folded_stopword(folded: &str) -> bool {
    static TABLE: OnceLock<rustc_hash::FxHashSet<String>> = OnceLock::new();
    TABLE
        .get_or_init(|| {
            let mut folded = String::new();
            stopwords()
                .keys()
                .map(|word| {
                    folded.clear();
                    crate::analysis::fold::lowercase_folded(word, &mut folded);
                    folded.clone()
                })
                .collect()
        })
        .contains(folded)
}

fn whatlang_detector() -> &'static whatlang::Detector {
    static DETECTOR: OnceLock<whatlang::Detector> = OnceLock::new();
    DETECTOR.get_or_init(|| {
        whatlang::Detector::with_allowlist(vec![whatlang::Lang::Fra, whatlang::Lang::Nld, whatlang::Lang::Eng])
    })
}

/// The language of `text`.
pub fn detect(text: &str) -> Lang {
    let table = stopwords();
    let mut votes = [0u32; 3];
    let mut lower = String::new();
    for word in text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        lower.clear();
        if word.is_ascii() {
            lower.push_str(word);
            lower.make_ascii_lowercase();
        } else {
            lower.extend(word.chars().flat_map(char::to_lowercase));
        }
        if let Some(&mask) = table.get(lower.as_str()) {
            // Words shared by two lists ("de", "in") say little: only unique ones vote.
            if mask.count_ones() == 1 {
                votes[mask.trailing_zeros() as usize] += 1;
            }
        }
    }
    let mut ranked = [0usize, 1, 2];
    ranked.sort_by_key(|&i| std::cmp::Reverse(votes[i]));
    let (best, second) = (votes[ranked[0]], votes[ranked[1]]);
    if best > second {
        return LANGS[ranked[0]];
    }
    // A tie, often no stop word at all: trigrams decide, if there is enough text.
    if text.len() < 24 {
        return Lang::Und;
    }
    match whatlang_detector().detect_lang(text) {
        Some(whatlang::Lang::Fra) => Lang::Fr,
        Some(whatlang::Lang::Nld) => Lang::Nl,
        Some(whatlang::Lang::Eng) => Lang::En,
        _ if best > second => LANGS[ranked[0]],
        _ => Lang::Und,
    }
}

#[cfg(test)]
mod tests {
    use super::{Lang, detect};

    #[test]
    fn tells_the_three_languages_apart() {
        assert_eq!(detect("je suis chez ma mère, on se voit demain avec les enfants"), Lang::Fr);
        assert_eq!(detect("ik ben bij mijn moeder, we zien elkaar morgen met de kinderen"), Lang::Nl);
        assert_eq!(detect("I am at my mum's, we will see you tomorrow with the kids"), Lang::En);
        assert_eq!(detect(""), Lang::Und);
    }

    #[test]
    fn every_language_reads_back_as_stored_and_serialises_as_its_code() {
        for l in Lang::ALL {
            assert_eq!(Lang::of_stored(l.as_str()), l);
            assert_eq!(serde_json::to_value(l).unwrap(), serde_json::json!(l.as_str()));
        }
        assert_eq!(Lang::of_stored("de"), Lang::Und);
    }
}
