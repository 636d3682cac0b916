//! Terms and their match modes (FORMAT.md §3): how one term matches an analysed text.

use std::collections::HashMap;
use std::ops::Range;

use regex::Regex;

use crate::analysis::Analyzer;

/// How a term matches; tokens are analysed (lowercased, accent- and plural-folded).
#[derive(Clone, Debug)]
pub enum TermMode {
    /// Some token equals this one.
    Word(String),
    /// The tokens in this order with at most `slop` other tokens in between, in total.
    Phrase { tokens: Vec<String>, slop: u32 },
    /// Some token starts with this (written unfolded: see FORMAT.md §3.2).
    Prefix(String),
    /// Some token within `distance` edits (restricted Damerau–Levenshtein).
    Fuzzy { token: String, distance: u8 },
    /// Some token matches in full.
    Regex { pattern: String, regex: Regex },
}

/// One term of a group, as written and as compiled.
#[derive(Clone, Debug)]
pub struct Term {
    /// As written in the rule (after vocabulary expansion): what findings report.
    pub written: String,
    pub mode: TermMode,
    pub line: usize,
}

/// A message text analysed once for all rules.
#[derive(Default)]
pub struct AnalysedText {
    tokens: Vec<(u32, String, Range<usize>)>,
    positions: HashMap<String, Vec<u32>>,
}

impl AnalysedText {
    pub fn new(analyzer: &mut Analyzer, text: &str) -> AnalysedText {
        let mut tokens = Vec::new();
        analyzer.tokens_with_offsets(text, &mut tokens);
        let mut positions: HashMap<String, Vec<u32>> = HashMap::with_capacity(tokens.len());
        for (pos, t, _) in &tokens {
            positions.entry(t.clone()).or_default().push(*pos);
        }
        AnalysedText { tokens, positions }
    }

    /// Byte ranges of the text's tokens that equal one of `matched` (tokens, or phrases
    /// joined by spaces), sorted: what a display highlights.
    pub fn ranges_of<'a>(&self, matched: impl IntoIterator<Item = &'a str>) -> Vec<Range<usize>> {
        let wanted: std::collections::HashSet<&str> = matched.into_iter().flat_map(|m| m.split(' ')).collect();
        let mut out: Vec<Range<usize>> =
            self.tokens.iter().filter(|(_, t, _)| wanted.contains(t.as_str())).map(|(_, _, r)| r.clone()).collect();
        out.sort_by_key(|r| r.start);
        out
    }

    pub(crate) fn words(&self) -> impl Iterator<Item = &str> {
        self.positions.keys().map(String::as_str)
    }
}

impl Term {
    /// The token (or phrase) this term matches in `text`, if any.
    pub fn find(&self, text: &AnalysedText) -> Option<String> {
        match &self.mode {
            TermMode::Word(w) => text.positions.contains_key(w).then(|| w.clone()),
            TermMode::Prefix(p) => first_sorted(text.words().filter(|w| w.starts_with(p.as_str()))),
            TermMode::Fuzzy { token, distance } => first_sorted(
                text.words().filter(|w| osa_distance_within(token.as_bytes(), w.as_bytes(), *distance as usize)),
            ),
            TermMode::Regex { regex, .. } => first_sorted(text.words().filter(|w| regex.is_match(w))),
            TermMode::Phrase { tokens, slop } => phrase_matches(tokens, *slop, text).then(|| tokens.join(" ")),
        }
    }
}

/// The smallest of the candidates, so that a finding's terms do not depend on hash order.
fn first_sorted<'a>(candidates: impl Iterator<Item = &'a str>) -> Option<String> {
    candidates.min().map(str::to_owned)
}

fn phrase_matches(tokens: &[String], slop: u32, text: &AnalysedText) -> bool {
    let Some(lists) = tokens.iter().map(|t| text.positions.get(t)).collect::<Option<Vec<_>>>() else {
        return false;
    };
    // Depth-first over the position lists; gaps are a budget shared by the whole phrase.
    fn search(lists: &[&Vec<u32>], i: usize, prev: u32, gaps: u32, slop: u32) -> bool {
        if i == lists.len() {
            return true;
        }
        for &p in lists[i] {
            if p <= prev {
                continue;
            }
            let g = gaps + (p - prev - 1);
            if g > slop {
                break;
            }
            if search(lists, i + 1, p, g, slop) {
                return true;
            }
        }
        false
    }
    lists[0].iter().any(|&p0| search(&lists, 1, p0, 0, slop))
}

/// Restricted Damerau–Levenshtein (optimal string alignment) distance ≤ `limit`, over chars.
pub fn osa_distance_within(a: &[u8], b: &[u8], limit: usize) -> bool {
    if a.is_ascii() && b.is_ascii() {
        return osa_within(a, b, limit);
    }
    let (a, b): (Vec<char>, Vec<char>) =
        (String::from_utf8_lossy(a).chars().collect(), String::from_utf8_lossy(b).chars().collect());
    osa_within(&a, &b, limit)
}

fn osa_within<T: PartialEq>(a: &[T], b: &[T], limit: usize) -> bool {
    if a.len().abs_diff(b.len()) > limit {
        return false;
    }
    let n = b.len();
    let mut prev2 = vec![0usize; n + 1];
    let mut prev: Vec<usize> = (0..=n).collect();
    let mut cur = vec![0usize; n + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=n {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(prev2[j - 2] + 1);
            }
            cur[j] = v;
        }
        if cur.iter().all(|&v| v > limit) {
            return false;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[n] <= limit
}

/// Forbidden regex constructs: anchors, word boundaries, look-around, back-references,
/// lazy quantifiers, inline flags (they differ between the index's automata and other engines).
fn forbidden_regex(pattern: &str) -> Option<&'static str> {
    let b = pattern.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' => {
                match b.get(i + 1) {
                    Some(b'b' | b'B' | b'A' | b'z' | b'Z') => return Some("a word-boundary or anchor escape"),
                    Some(b'1'..=b'9') => return Some("a back-reference"),
                    _ => {}
                }
                i += 2;
                continue;
            }
            b'^' if i == 0 || b[i - 1] != b'[' => return Some("the ^ anchor"),
            b'$' => return Some("the $ anchor"),
            b'(' if b.get(i + 1) == Some(&b'?') => {
                return match b.get(i + 2) {
                    Some(b':') => {
                        i += 3;
                        continue;
                    }
                    Some(b'=' | b'!' | b'<') => Some("look-around"),
                    Some(b'P') => Some("a named group or back-reference"),
                    _ => Some("an inline flag"),
                };
            }
            b'*' | b'+' | b'?' | b'}' if b.get(i + 1) == Some(&b'?') => return Some("a lazy quantifier"),
            _ => {}
        }
        i += 1;
    }
    None
}

/// A term from its shorthand string (FORMAT.md §3.2, read in the order given there).
pub fn parse_shorthand(s: &str, analyzer: &mut Analyzer) -> Result<TermMode, String> {
    if s.len() >= 3 && s.starts_with('/') && s.ends_with('/') {
        return compile("regex", &s[1..s.len() - 1], None, None, analyzer);
    }
    if let Some((inner, slop)) = quoted_phrase(s) {
        return compile("phrase", inner, None, Some(slop), analyzer);
    }
    if let Some(p) = s.strip_suffix('*')
        && !p.contains('*')
    {
        return compile("prefix", p, None, None, analyzer);
    }
    if let Some((t, d)) = s.rsplit_once('~')
        && !t.is_empty()
        && (d == "1" || d == "2")
    {
        return compile("fuzzy", t, Some(d.parse().unwrap_or(1)), None, analyzer);
    }
    compile("auto", s, None, None, analyzer)
}

/// `"a b c"` or `"a b c"~N`.
fn quoted_phrase(s: &str) -> Option<(&str, u64)> {
    let rest = s.strip_prefix('"')?;
    let close = rest.rfind('"')?;
    let inner = &rest[..close];
    let tail = &rest[close + 1..];
    if inner.is_empty() {
        return None;
    }
    if tail.is_empty() {
        return Some((inner, 0));
    }
    let digits = tail.strip_prefix('~')?;
    if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    Some((inner, digits.parse().unwrap_or(u64::MAX)))
}

/// Analyses and checks a term given its mode (`auto`: word or phrase by token count).
pub fn compile(
    mode: &str,
    text: &str,
    distance: Option<u64>,
    slop: Option<u64>,
    analyzer: &mut Analyzer,
) -> Result<TermMode, String> {
    let mut tokens = Vec::new();
    if mode == "regex" {
        if let Some(what) = forbidden_regex(text) {
            return Err(format!("regex /{text}/: {what} is not allowed"));
        }
        let regex = regex::RegexBuilder::new(&format!("^(?:{text})$"))
            .size_limit(1 << 20)
            .build()
            .map_err(|e| format!("regex /{text}/: {}", e.to_string().lines().last().unwrap_or("invalid")))?;
        // The index runs the same pattern as an automaton; refuse what it cannot build.
        super::regex::check(text).map_err(|e| format!("regex /{text}/: {e}"))?;
        return Ok(TermMode::Regex { pattern: text.to_owned(), regex });
    }
    if mode == "prefix" {
        let unfolded = Analyzer::unfolded_tokens(text);
        let [p] = unfolded.as_slice() else {
            return Err(format!("term \"{text}*\": a prefix must be one token, got {unfolded:?}"));
        };
        if p.chars().count() < 3 {
            return Err(format!("term \"{text}*\": a prefix needs at least 3 characters"));
        }
        if crate::analysis::plural::folds(p) {
            return Err(format!("term \"{text}*\": prefix ends in \"s\", indexed tokens lost it"));
        }
        return Ok(TermMode::Prefix(p.clone()));
    }
    analyzer.tokens(text, &mut tokens);
    let tokens: Vec<String> = tokens.into_iter().map(|(_, t)| t).collect();
    if tokens.is_empty() {
        return Err(format!("term \"{text}\" analyses to no token"));
    }
    match mode {
        "auto" if tokens.len() == 1 => Ok(TermMode::Word(tokens[0].clone())),
        "auto" => Ok(TermMode::Phrase { tokens, slop: 0 }),
        "word" if tokens.len() == 1 => Ok(TermMode::Word(tokens[0].clone())),
        "word" => Err(format!("term \"{text}\": a word must be one token, got {tokens:?}")),
        "fuzzy" => {
            let [token] = tokens.as_slice() else {
                return Err(format!("term \"{text}\": a fuzzy term must be one token"));
            };
            let distance = match distance {
                Some(d @ 1..=2) => d as u8,
                _ => return Err(format!("term \"{text}\": fuzzy distance must be 1 or 2")),
            };
            let need = if distance == 1 { 5 } else { 8 };
            if token.chars().count() < need {
                return Err(format!(
                    "term \"{text}\": fuzzy distance {distance} needs a term of at least {need} characters"
                ));
            }
            Ok(TermMode::Fuzzy { token: token.clone(), distance })
        }
        "phrase" => {
            if tokens.len() < 2 {
                return Err(format!("term \"{text}\": a phrase needs at least 2 tokens (use a word)"));
            }
            match slop {
                Some(s @ 0..=10) => Ok(TermMode::Phrase { tokens, slop: s as u32 }),
                None => Ok(TermMode::Phrase { tokens, slop: 0 }),
                Some(_) => Err(format!("term \"{text}\": slop must be an integer 0..10")),
            }
        }
        other => Err(format!("term \"{text}\": unknown mode \"{other}\"")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(s: &str) -> Term {
        let mut a = Analyzer::default();
        Term { written: s.into(), mode: parse_shorthand(s, &mut a).unwrap(), line: 1 }
    }

    fn text(s: &str) -> AnalysedText {
        AnalysedText::new(&mut Analyzer::default(), s)
    }

    #[test]
    fn shorthand_modes() {
        let mut a = Analyzer::default();
        assert!(matches!(parse_shorthand("/bc1[a-z0-9]+/", &mut a).unwrap(), TermMode::Regex { .. }));
        assert!(matches!(parse_shorthand("\"mets lui\"~2", &mut a).unwrap(), TermMode::Phrase { slop: 2, .. }));
        assert!(matches!(parse_shorthand("kalash*", &mut a).unwrap(), TermMode::Prefix(p) if p == "kalash"));
        assert!(matches!(parse_shorthand("kalachnikov~2", &mut a).unwrap(), TermMode::Fuzzy { distance: 2, .. }));
        assert!(matches!(parse_shorthand("Rançon", &mut a).unwrap(), TermMode::Word(w) if w == "rancon"));
        assert!(matches!(parse_shorthand("fusil à pompe", &mut a).unwrap(), TermMode::Phrase { slop: 0, .. }));
        assert!(parse_shorthand("menottes*", &mut a).unwrap_err().contains("lost it"));
        assert!(parse_shorthand("ak~1", &mut a).unwrap_err().contains("at least 5"));
        assert!(parse_shorthand("!!!", &mut a).unwrap_err().contains("no token"));
        assert!(parse_shorthand("/^abc/", &mut a).unwrap_err().contains("anchor"));
        assert!(parse_shorthand("/a(?=b)/", &mut a).unwrap_err().contains("look-around"));
        assert!(parse_shorthand("/[a-/", &mut a).is_err());
        assert!(parse_shorthand("\"a b\"~11", &mut a).unwrap_err().contains("slop"));
    }

    #[test]
    fn matching_follows_the_analysis() {
        assert_eq!(term("rançon").find(&text("la RANCON ce soir")).as_deref(), Some("rancon"));
        assert_eq!(term("kalash*").find(&text("deux kalashs")).as_deref(), Some("kalash"));
        assert_eq!(term("kalachnikov~2").find(&text("une kalashnikof")).as_deref(), Some("kalashnikof"));
        assert_eq!(term("/[0-9]+kg/").find(&text("500kg de coke")).as_deref(), Some("500kg"));
        assert_eq!(term("/[0-9]+kg/").find(&text("x500kgs")), None);
        assert!(term("\"mets lui du scotch\"~2").find(&text("mets lui vite fait du scotch")).is_some());
        assert!(term("\"mets lui du scotch\"~1").find(&text("mets lui vite fait du scotch")).is_none());
        assert!(term("\"mets lui\"").find(&text("lui mets")).is_none());
        assert!(term("fusil à pompe").find(&text("un fusil a pompe")).is_some());
    }

    #[test]
    fn osa_distance() {
        assert!(osa_distance_within(b"kalach", b"kalahc", 1));
        assert!(!osa_distance_within(b"kalach", b"klaahc", 1));
        assert!(osa_distance_within(b"abc", b"abc", 0));
        assert!(!osa_distance_within(b"abc", b"abcde", 1));
        assert!(osa_distance_within("éa".as_bytes(), "aé".as_bytes(), 1));
    }
}
