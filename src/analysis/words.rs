//! Words of message text and queries, whatever Unicode form they were typed in.
//!
//! A word is a run of letters and digits (`char::is_alphanumeric`), as tantivy's
//! `SimpleTokenizer` cut them, with the combining marks that follow its letters: a combining
//! mark (U+0327 in `c` + `̧`, how macOS and some phones write `ç`) is neither a letter nor a
//! digit, and cut at, `rançon` typed decomposed became the two words `ranc` and `on` and found
//! nothing that the composed form finds. A word is handed out composed (NFC), so both forms
//! give the same token and then fold alike (`rançon` → `rancon`). Offsets still point into
//! the text as written, for highlights.

use std::iter::Peekable;
use std::ops::Range;
use std::str::CharIndices;

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// The byte ranges of the words of a text, in order.
pub struct Words<'a> {
    chars: Peekable<CharIndices<'a>>,
}

impl<'a> Words<'a> {
    pub fn new(text: &'a str) -> Self {
        Words { chars: text.char_indices().peekable() }
    }
}

impl Iterator for Words<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
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
            return Some(from..to);
        }
        None
    }
}

/// `word` in NFC: itself when it already is (always for ASCII), else composed into `scratch`.
pub fn composed<'w>(word: &'w str, scratch: &'w mut String) -> &'w str {
    if word.is_ascii() || is_nfc_quick(word.chars()) == IsNormalized::Yes {
        return word;
    }
    scratch.clear();
    scratch.extend(word.nfc());
    scratch
}

#[cfg(test)]
mod tests {
    fn words(text: &str) -> Vec<(String, usize, usize)> {
        let mut scratch = String::new();
        super::Words::new(text)
            .map(|r| (super::composed(&text[r.clone()], &mut scratch).to_owned(), r.start, r.end))
            .collect()
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
