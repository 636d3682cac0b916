//! Words of message text and queries, whatever Unicode form they were typed in.
//!
//! tantivy's `SimpleTokenizer` cuts words at every character that is not a letter or a
//! digit, and a combining mark (U+0327 in `c` + `̧`, how macOS and some phones write `ç`) is
//! neither: `rançon` typed decomposed became the two words `ranc` and `on`, and found nothing
//! that the composed form finds. Here a word keeps the marks that follow its letters, and is
//! handed out composed (NFC), so both forms give the same token and then fold alike
//! (`rançon` → `rancon`). Offsets still point into the text as written, for highlights.

use std::str::CharIndices;

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Runs of letters and digits, with the combining marks that follow them, in NFC.
#[derive(Clone, Default)]
pub struct WordTokenizer {
    token: Token,
}

pub struct WordStream<'a> {
    text: &'a str,
    chars: std::iter::Peekable<CharIndices<'a>>,
    token: &'a mut Token,
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = WordStream<'a>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordStream<'a> {
        self.token.reset();
        WordStream { text, chars: text.char_indices().peekable(), token: &mut self.token }
    }
}

impl TokenStream for WordStream<'_> {
    fn advance(&mut self) -> bool {
        self.token.text.clear();
        self.token.position = self.token.position.wrapping_add(1);
        // A mark with no letter before it starts nothing.
        while let Some((from, c)) = self.chars.next() {
            if !c.is_alphanumeric() {
                continue;
            }
            let mut to = from + c.len_utf8();
            while let Some(&(at, next)) = self.chars.peek() {
                if !(next.is_alphanumeric() || is_combining_mark(next)) {
                    break;
                }
                to = at + next.len_utf8();
                self.chars.next();
            }
            let word = &self.text[from..to];
            self.token.offset_from = from;
            self.token.offset_to = to;
            if word.is_ascii() || is_nfc_quick(word.chars()) == IsNormalized::Yes {
                self.token.text.push_str(word);
            } else {
                self.token.text.extend(word.nfc());
            }
            return true;
        }
        false
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
    use tantivy::tokenizer::{TokenStream, Tokenizer};

    fn words(text: &str) -> Vec<(String, usize, usize)> {
        let mut tokenizer = super::WordTokenizer::default();
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while let Some(t) = stream.next() {
            out.push((t.text.clone(), t.offset_from, t.offset_to));
        }
        out
    }

    #[test]
    fn decomposed_words_stay_whole_and_come_out_composed() {
        let decomposed = "la ranc\u{327}on, vite";
        assert_eq!(
            words(decomposed),
            [("la".into(), 0, 2), ("rançon".into(), 3, 11), ("vite".into(), 13, 17)],
            "offsets point into the text as written"
        );
        assert_eq!(words("la rançon, vite")[1].0, "rançon");
        // Splits where SimpleTokenizer splits; a stray mark starts no word.
        let texts = |text| words(text).into_iter().map(|(t, ..)| t).collect::<Vec<_>>();
        assert_eq!(texts("a-b  \u{301}c d'e 42"), ["a", "b", "c", "d", "e", "42"]);
        assert_eq!(words("\u{301}").len(), 0);
    }
}
