//! A light, language-neutral plural folding for French, Dutch and English chat.
//!
//! Measured on a 2M-message generated corpus (`benches/README.md`), tantivy's Snowball
//! stemmer cost about 17 % of ingest CPU, and it stems one language while the text holds
//! three. What investigators need is that `kalash` finds `kalashs`, `arme` finds `armes`,
//! `wapen` finds `wapens`: folding a final `s` does that in a few nanoseconds a token.

use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Drops one final `s` from tokens of five letters or more, unless they end in `ss`
/// (`kalashs` → `kalash`, `armes` → `arme`; `bus`, `mass`, `ss` stay).
#[derive(Clone, Copy, Debug, Default)]
pub struct PluralFolding;

impl TokenFilter for PluralFolding {
    type Tokenizer<T: Tokenizer> = PluralFoldingFilter<T>;
    fn transform<T: Tokenizer>(self, tokenizer: T) -> PluralFoldingFilter<T> {
        PluralFoldingFilter(tokenizer)
    }
}

#[derive(Clone)]
pub struct PluralFoldingFilter<T>(T);

impl<T: Tokenizer> Tokenizer for PluralFoldingFilter<T> {
    type TokenStream<'a> = PluralFoldingStream<T::TokenStream<'a>>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        PluralFoldingStream(self.0.token_stream(text))
    }
}

pub struct PluralFoldingStream<T>(T);

/// The folding itself, on a lowercased token.
pub fn fold(word: &mut String) {
    let b = word.as_bytes();
    if b.len() >= 5 && b[b.len() - 1] == b's' && b[b.len() - 2] != b's' {
        word.pop();
    }
}

impl<T: TokenStream> TokenStream for PluralFoldingStream<T> {
    fn advance(&mut self) -> bool {
        if !self.0.advance() {
            return false;
        }
        fold(&mut self.0.token_mut().text);
        true
    }
    fn token(&self) -> &Token {
        self.0.token()
    }
    fn token_mut(&mut self) -> &mut Token {
        self.0.token_mut()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn folds_plurals_only() {
        for (word, folded) in [
            ("kalashs", "kalash"),
            ("armes", "arme"),
            ("wapens", "wapen"),
            ("bus", "bus"),
            ("kiss", "kiss"),
            ("class", "class"),
        ] {
            let mut w = word.to_owned();
            super::fold(&mut w);
            assert_eq!(w, folded);
        }
    }
}
