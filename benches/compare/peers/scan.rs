//! The brute-force scan: every document's tokens, analysed by tapir's own analysis, held in
//! memory and searched by substring.

use rayon::prelude::*;
use tapir::analysis::Analyzer;

use crate::queries::{Query, Shape};
use crate::texts::Texts;

/// A dropped (too long) token keeps its place so that phrases do not match across it.
pub const GAP: &str = "\u{1}";

/// Every document's tokens, analysed as tapir does, as ` tok tok tok ` (a space before and
/// after each token), concatenated: a word is the substring ` word `, a phrase ` a b `.
pub struct Folded {
    pub arena: String,
    /// `starts[i]..starts[i + 1]` is document `i`.
    pub starts: Vec<usize>,
}

/// Documents per block of the scan: a block is tested as a whole first.
pub const BLOCK: usize = 256;

impl Folded {
    pub fn build(texts: &Texts) -> Folded {
        const CHUNK: usize = 1 << 16;
        let chunks: Vec<(String, Vec<usize>)> = (0..texts.len().div_ceil(CHUNK))
            .into_par_iter()
            .map(|c| {
                let mut analyzer = Analyzer::default();
                let mut token = String::new();
                let mut out = String::new();
                let mut ends = Vec::new();
                for i in c * CHUNK..((c + 1) * CHUNK).min(texts.len()) {
                    out.push(' ');
                    let mut stream = analyzer.stream(texts.get(i));
                    let mut next_position = 0;
                    while let Some(at) = stream.next_into(&mut token) {
                        for _ in next_position..at.position {
                            out.push_str(GAP);
                            out.push(' ');
                        }
                        next_position = at.position + 1;
                        out.push_str(&token);
                        out.push(' ');
                    }
                    ends.push(out.len());
                }
                (out, ends)
            })
            .collect();
        let mut arena = String::with_capacity(chunks.iter().map(|(s, _)| s.len()).sum());
        let mut starts = vec![0];
        for (s, ends) in chunks {
            let base = arena.len();
            arena.push_str(&s);
            starts.extend(ends.into_iter().map(|e| base + e));
        }
        Folded { arena, starts }
    }

    pub fn len(&self) -> usize {
        self.starts.len() - 1
    }

    pub fn doc(&self, i: usize) -> &str {
        &self.arena[self.starts[i]..self.starts[i + 1]]
    }

    pub fn tokens(&self, i: usize) -> impl Iterator<Item = &str> {
        self.doc(i).split(' ').filter(|t| !t.is_empty())
    }

    /// Documents whose text satisfies `doc`; `block` tells whether a run of documents may
    /// hold one (it must be true whenever `doc` is true for one of them).
    pub fn scan(&self, block: impl Fn(&str) -> bool, doc: impl Fn(&str) -> bool) -> Vec<u32> {
        let mut hits = Vec::new();
        for b in (0..self.len()).step_by(BLOCK) {
            let end = (b + BLOCK).min(self.len());
            if !block(&self.arena[self.starts[b]..self.starts[end]]) {
                continue;
            }
            for i in b..end {
                if doc(self.doc(i)) {
                    hits.push(i as u32);
                }
            }
        }
        hits
    }
}

impl Query {
    /// The scan: every matching document, in document order.
    pub fn scan(&self, folded: &Folded) -> Vec<u32> {
        let word = |t: &str| format!(" {t} ");
        match &self.shape {
            Shape::Term(t) => {
                let p = word(t);
                folded.scan(|s| s.contains(&p), |s| s.contains(&p))
            }
            Shape::Phrase(a, b) => {
                let p = format!(" {a} {b} ");
                folded.scan(|s| s.contains(&p), |s| s.contains(&p))
            }
            Shape::And(a, b) => {
                let (pa, pb) = (word(a), word(b));
                let both = |s: &str| s.contains(&pa) && s.contains(&pb);
                folded.scan(both, both)
            }
            Shape::Or(a, b) => {
                let (pa, pb) = (word(a), word(b));
                let either = |s: &str| s.contains(&pa) || s.contains(&pb);
                folded.scan(either, either)
            }
            Shape::Fuzzy(t) => {
                let t = t.as_bytes();
                let near = |s: &str| s.split(' ').any(|w| within_one_edit(w, t));
                folded.scan(|_| true, near)
            }
        }
    }
}

/// Whether `w` is within one edit of `t` (insertion, deletion, substitution or transposition
/// of two adjacent characters: tantivy's fuzzy distance 1 with transpositions costing one).
pub fn within_one_edit(w: &str, t: &[u8]) -> bool {
    let wb = w.as_bytes();
    if wb.len().abs_diff(t.len()) > 1 && w.chars().count().abs_diff(t.len()) > 1 {
        return false;
    }
    if w.is_ascii() {
        one_edit(wb, t)
    } else {
        let wc: Vec<char> = w.chars().collect();
        let tc: Vec<char> = t.iter().map(|&b| b as char).collect();
        one_edit(&wc, &tc)
    }
}

pub fn one_edit<T: Eq>(a: &[T], b: &[T]) -> bool {
    if a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let p = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    if p == a.len() && p == b.len() {
        return true;
    }
    match a.len().cmp(&b.len()) {
        std::cmp::Ordering::Equal => {
            a[p + 1..] == b[p + 1..]
                || (p + 1 < a.len() && a[p] == b[p + 1] && a[p + 1] == b[p] && a[p + 2..] == b[p + 2..])
        }
        std::cmp::Ordering::Less => a[p..] == b[p + 1..],
        std::cmp::Ordering::Greater => a[p + 1..] == b[p..],
    }
}
