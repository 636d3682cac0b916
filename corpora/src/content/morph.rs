//! Small spelling helpers shared by the lexicons: accent stripping, typos, synthetic words.

use super::zipf::{Class, LexBuilder};
use fastrand::Rng;

/// Replaces accented Latin letters with their bare form (what people type on a phone
/// without the accent popup): é→e, ç→c, ë→e, œ→oe…
pub(crate) fn strip_accents(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    strip_accents_into(s, &mut out);
    out
}

pub(crate) fn strip_accents_into(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            'é' | 'è' | 'ê' | 'ë' => out.push('e'),
            'É' | 'È' | 'Ê' | 'Ë' => out.push('E'),
            'à' | 'â' | 'ä' => out.push('a'),
            'À' | 'Â' => out.push('A'),
            'î' | 'ï' => out.push('i'),
            'ô' | 'ö' => out.push('o'),
            'ù' | 'û' | 'ü' => out.push('u'),
            'ç' => out.push('c'),
            'Ç' => out.push('C'),
            'œ' => out.push_str("oe"),
            _ => out.push(c),
        }
    }
}

pub(crate) fn has_accent(s: &str) -> bool {
    s.chars().any(|c| !c.is_ascii() && c.is_alphabetic())
}

/// A cheap deterministic hash of a word (FNV-1a), to pick typos reproducibly.
pub(crate) fn word_hash(s: &str) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in s.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

/// One plausible typo of `w` (swap, drop or double a letter), or None for short words.
pub(crate) fn typo(w: &str) -> Option<String> {
    let chars: Vec<char> = w.chars().collect();
    if chars.len() < 5 || !chars.iter().all(|c| c.is_alphabetic()) {
        return None;
    }
    let h = word_hash(w);
    let i = 1 + (h as usize >> 8) % (chars.len() - 2);
    let mut v = chars.clone();
    match h % 3 {
        0 => v.swap(i, i + 1),
        1 => {
            v.remove(i);
        }
        _ => v.insert(i, chars[i]),
    }
    let t: String = v.into_iter().collect();
    (t != w).then_some(t)
}

/// Adds the tier-3 accent-less variants and tier-5 typos of every form already collected
/// at tiers 0..=max_tier (typos only for a hashed third of them).
pub(crate) fn add_variants(b: &mut LexBuilder, forms: &[(u8, usize, Class, String)], max_tier: u8) {
    for (tier, pos, class, f) in forms {
        if *tier > max_tier {
            continue;
        }
        if has_accent(f) {
            b.add(3, *pos, *class, strip_accents(f));
        }
        if *tier <= 1
            && word_hash(f).is_multiple_of(3)
            && let Some(t) = typo(f)
        {
            b.add(5, *pos, *class, t);
        }
    }
}

/// Synthetic words from onsets, nuclei and codas, deterministic for `seed`.
pub(crate) fn pseudo_words(
    seed: u64,
    n: usize,
    onsets: &[&str],
    nuclei: &[&str],
    endings: &[&str],
    capital: bool,
) -> Vec<String> {
    let mut rng = Rng::with_seed(seed);
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let mut w = String::new();
        let syl = rng.usize(1..3);
        for _ in 0..syl {
            w.push_str(onsets[rng.usize(..onsets.len())]);
            w.push_str(nuclei[rng.usize(..nuclei.len())]);
        }
        w.push_str(endings[rng.usize(..endings.len())]);
        if capital {
            w = capitalize(&w);
        }
        out.push(w);
    }
    out
}

/// Every prefix × suffix combination, kept for a hashed fraction `keep` (0..=100).
pub(crate) fn combine(prefixes: &[&str], suffixes: &[&str], keep: u64) -> Vec<String> {
    let mut out = Vec::new();
    for p in prefixes {
        for s in suffixes {
            let w = format!("{p}{s}");
            if word_hash(&w) % 100 < keep {
                out.push(w);
            }
        }
    }
    out
}

pub(crate) fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Splits a static word list on whitespace.
pub(crate) fn words(s: &'static str) -> impl Iterator<Item = &'static str> {
    s.split_whitespace()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_morph_helpers() {
        assert_eq!(strip_accents("frérot ça où œuf"), "frerot ca ou oeuf");
        assert!(typo("bonjour").is_some());
        assert!(typo("ok").is_none());
    }
}
