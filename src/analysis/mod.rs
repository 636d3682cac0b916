//! The analysis of message text into tokens, for the index and the rules alike.
//!
//! Words in NFC ([`words`]), words of 64 bytes or more dropped (their positions stay used, so
//! a phrase does not match across one), lowercased and accent-folded (`Enlèvement` →
//! `enlevement`, [`fold`]), then plurals folded so they meet their singular (`kalashs` →
//! `kalash`, [`plural`], which says why not a Snowball stemmer). The index's text field is
//! analysed by this (through a tantivy adapter in `index::tokenizer`), and so are the rules'
//! terms and the texts they are checked on: a rule matches what a query finds.
//!
//! This module knows no search engine. It is on the ingest hot path: a token costs no
//! allocation once the buffers it writes into have grown (measured in `benches/decode.rs`,
//! `analysis`).

pub mod fold;
pub mod plural;
pub mod words;

use std::ops::Range;

use words::Words;

/// Longest word kept, in bytes of its NFC form, exclusive (tantivy's `RemoveLongFilter`
/// limit the index was built with).
pub const MAX_WORD_BYTES: usize = 64;

/// Where a token stands: its position (one per word, dropped long words included) and the
/// bytes of the text it was read from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenAt {
    pub position: usize,
    pub offsets: Range<usize>,
}

/// The text analysis, with its reusable buffers. Folds plurals unless made
/// [`Analyzer::without_plural_folding`] (what a prefix is written against).
#[derive(Clone, Debug)]
pub struct Analyzer {
    fold_plurals: bool,
    /// NFC of the word being analysed, when it is not already in NFC.
    composed: String,
}

impl Default for Analyzer {
    fn default() -> Self {
        Analyzer { fold_plurals: true, composed: String::new() }
    }
}

impl Analyzer {
    /// The analysis without its plural folding.
    pub fn without_plural_folding() -> Self {
        Analyzer { fold_plurals: false, ..Analyzer::default() }
    }

    /// The tokens of `text`, one at a time.
    pub fn stream<'a>(&'a mut self, text: &'a str) -> Tokens<'a> {
        Tokens { text, words: Words::new(text), position: usize::MAX, analyzer: self }
    }

    /// Tokens of `text` with their positions.
    pub fn tokens(&mut self, text: &str, out: &mut Vec<(u32, String)>) {
        out.clear();
        let mut stream = self.stream(text);
        let mut token = String::new();
        while let Some(at) = stream.next_into(&mut token) {
            out.push((at.position as u32, token.clone()));
        }
    }

    /// Tokens with positions and the byte ranges they came from in `text` (for highlights).
    pub fn tokens_with_offsets(&mut self, text: &str, out: &mut Vec<(u32, String, Range<usize>)>) {
        out.clear();
        let mut stream = self.stream(text);
        let mut token = String::new();
        while let Some(at) = stream.next_into(&mut token) {
            out.push((at.position as u32, token.clone(), at.offsets));
        }
    }

    /// Tokens without the plural folding (what a prefix is written against).
    pub fn unfolded_tokens(text: &str) -> Vec<String> {
        let mut analyzer = Analyzer::without_plural_folding();
        let mut stream = analyzer.stream(text);
        let mut token = String::new();
        let mut out = Vec::new();
        while stream.next_into(&mut token).is_some() {
            out.push(token.clone());
        }
        out
    }
}

/// The tokens of one text (see [`Analyzer::stream`]).
pub struct Tokens<'a> {
    text: &'a str,
    words: Words<'a>,
    /// Of the last word read: `usize::MAX` before the first, so that it gets 0.
    position: usize,
    analyzer: &'a mut Analyzer,
}

impl Tokens<'_> {
    /// Writes the next token into `token` (cleared first) and says where it stands; `None`
    /// at the end of the text.
    pub fn next_into(&mut self, token: &mut String) -> Option<TokenAt> {
        token.clear();
        for offsets in self.words.by_ref() {
            self.position = self.position.wrapping_add(1);
            let word = words::composed(&self.text[offsets.clone()], &mut self.analyzer.composed);
            if word.len() >= MAX_WORD_BYTES {
                continue;
            }
            fold::lowercase_folded(word, token);
            if self.analyzer.fold_plurals {
                plural::fold_plural(token);
            }
            return Some(TokenAt { position: self.position, offsets });
        }
        None
    }
}

#[cfg(test)]
mod tests;
