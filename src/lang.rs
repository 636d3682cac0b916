//! Language of a message: `fr`, `nl`, `en`, or `und` when there is no telling.
//!
//! A stop-word vote (NLTK lists, from the `stop-words` crate) settles most chat messages in
//! well under a microsecond; whatlang's trigram model (about 10 µs a message here) decides
//! only when the vote is close. At tens of millions of messages that difference is most of
//! an ingest's CPU budget.

use std::sync::OnceLock;

use rustc_hash::FxHashMap;

const LANGS: [&str; 3] = ["fr", "nl", "en"];

/// Word → bit set of the languages whose stop-word list holds it. Fx, not SipHash: the keys
/// are fixed words, and the lookup runs for every word of every message.
fn stopwords() -> &'static FxHashMap<&'static str, u8> {
    static TABLE: OnceLock<FxHashMap<&'static str, u8>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = FxHashMap::default();
        for (i, code) in LANGS.iter().enumerate() {
            for word in stop_words::lookup(code).unwrap_or_default() {
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

/// The language of `text`, one of `fr`, `nl`, `en`, `und`.
pub fn detect(text: &str) -> &'static str {
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
        return "und";
    }
    match whatlang_detector().detect_lang(text) {
        Some(whatlang::Lang::Fra) => "fr",
        Some(whatlang::Lang::Nld) => "nl",
        Some(whatlang::Lang::Eng) => "en",
        _ if best > second => LANGS[ranked[0]],
        _ => "und",
    }
}

#[cfg(test)]
mod tests {
    use super::detect;

    #[test]
    fn tells_the_three_languages_apart() {
        assert_eq!(detect("je suis chez ma mère, on se voit demain avec les enfants"), "fr");
        assert_eq!(detect("ik ben bij mijn moeder, we zien elkaar morgen met de kinderen"), "nl");
        assert_eq!(detect("I am at my mum's, we will see you tomorrow with the kids"), "en");
        assert_eq!(detect(""), "und");
    }
}
