//! The text field's analysis (`crate::analysis`) as a tantivy tokenizer.
//!
//! The analysis writes each token straight into tantivy's `Token`, so the adapter adds no
//! copy and no allocation to the ingest hot path.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use crate::analysis::{Analyzer, Tokens};

/// tapir's text analysis behind tantivy's `Tokenizer`: what the index's text field is
/// analysed with, and what a peer indexing with tantivy directly (`benches/compare/`) uses.
#[derive(Clone, Default)]
pub struct TextTokenizer {
    analyzer: Analyzer,
    token: Token,
}

impl TextTokenizer {
    /// The analysis without its plural folding (prefixes are written against it).
    pub fn without_plural_folding() -> Self {
        TextTokenizer { analyzer: Analyzer::without_plural_folding(), token: Token::default() }
    }
}

pub struct TextTokenStream<'a> {
    tokens: Tokens<'a>,
    token: &'a mut Token,
}

impl Tokenizer for TextTokenizer {
    type TokenStream<'a> = TextTokenStream<'a>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> TextTokenStream<'a> {
        self.token.reset();
        TextTokenStream { tokens: self.analyzer.stream(text), token: &mut self.token }
    }
}

impl TokenStream for TextTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let Some(at) = self.tokens.next_into(&mut self.token.text) else { return false };
        self.token.position = at.position;
        self.token.offset_from = at.offsets.start;
        self.token.offset_to = at.offsets.end;
        true
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

#[cfg(test)]
mod tests {
    use tantivy::tokenizer::{AsciiFoldingFilter, LowerCaser, RawTokenizer, TextAnalyzer, TokenStream};

    use crate::analysis::{Analyzer, fold};

    /// What a tantivy analyzer makes of `text` as one token.
    fn whole(analyzer: &mut TextAnalyzer, text: &str) -> String {
        let mut stream = analyzer.token_stream(text);
        assert!(stream.advance());
        stream.token().text.clone()
    }

    /// Accent folding is tantivy's `AsciiFoldingFilter`, for every `char`.
    #[test]
    fn every_char_folds_as_tantivy_folds_it() {
        let mut tantivy = TextAnalyzer::builder(RawTokenizer::default()).filter(AsciiFoldingFilter).build();
        for c in (0..=char::MAX as u32).filter_map(char::from_u32) {
            let s = c.to_string();
            let theirs = whole(&mut tantivy, &s);
            assert_eq!(fold::fold_char(c).unwrap_or(&s), theirs, "{c:?} U+{:04X}", c as u32);
        }
    }

    /// Lowercasing then folding is tantivy's `LowerCaser` then `AsciiFoldingFilter`, for every
    /// `char` alone and between ASCII letters (tantivy takes a fast path for ASCII tokens).
    #[test]
    fn every_char_lowercases_and_folds_as_tantivy_does() {
        let mut tantivy =
            TextAnalyzer::builder(RawTokenizer::default()).filter(LowerCaser).filter(AsciiFoldingFilter).build();
        let mut ours = String::new();
        for c in (0..=char::MAX as u32).filter_map(char::from_u32) {
            for word in [c.to_string(), format!("A{c}b")] {
                ours.clear();
                fold::lowercase_folded(&word, &mut ours);
                assert_eq!(ours, whole(&mut tantivy, &word), "{word:?} U+{:04X}", c as u32);
            }
        }
    }

    /// The index's tokenizer hands tantivy exactly the analysis's tokens, positions and offsets.
    #[test]
    fn the_index_tokens_are_the_analysis_tokens() {
        for (mut index, mut analyzer) in [
            (TextAnalyzer::from(super::TextTokenizer::default()), Analyzer::default()),
            (TextAnalyzer::from(super::TextTokenizer::without_plural_folding()), Analyzer::without_plural_folding()),
        ] {
            for text in include_str!("../analysis/testdata/corpus.txt").lines() {
                let mut theirs = Vec::new();
                let mut stream = index.token_stream(text);
                while let Some(t) = stream.next() {
                    theirs.push((t.position as u32, t.text.clone(), t.offset_from..t.offset_to));
                    assert_eq!(t.position_length, 1);
                }
                let mut ours = Vec::new();
                analyzer.tokens_with_offsets(text, &mut ours);
                assert_eq!(ours, theirs, "{text:?}");
            }
        }
    }
}
