//! Limits and normalisation of what users write into annotations. Every limit is checked on
//! the bytes given before anything is allocated for them, and again after normalisation
//! (NFC may lengthen a text, at most threefold).

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use super::error::InputError;

/// A user name (the acting user of every change, the owner of stars).
pub const MAX_USER_BYTES: usize = 128;
/// A tag's label, after normalisation.
pub const MAX_TAG_BYTES: usize = 128;
/// A note's text (or a review's note), after normalisation.
pub const MAX_NOTE_BYTES: usize = 16 * 1024;
/// A handle or IMEI in a target: handles not valid UTF-8 are written `0x…` in hex, so twice
/// the 255 bytes ECD allows, and some room.
pub const MAX_HANDLE_BYTES: usize = 1024;

/// The acting user: trimmed, non-empty, no control characters.
pub fn user(name: &str) -> Result<String, InputError> {
    let name = bounded("user name", name.trim(), MAX_USER_BYTES)?;
    no_controls("user name", name, false)?;
    Ok(name.to_owned())
}

/// A tag label: trimmed, NFC, runs of white space (tabs and line breaks included) made one
/// space, no other control characters. Case is kept (`URGENT` and `urgent` are two tags).
pub fn tag(label: &str) -> Result<String, InputError> {
    const WHAT: &str = "tag";
    let label = bounded(WHAT, label.trim(), MAX_TAG_BYTES)?;
    no_controls(WHAT, label, true)?;
    let mut out = String::with_capacity(label.len());
    for word in label.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    let out = nfc(out);
    bounded(WHAT, &out, MAX_TAG_BYTES)?;
    Ok(out)
}

/// A note's text: trimmed, NFC, line breaks and tabs kept (`\r\n` and a lone `\r` become
/// `\n`), no other control characters.
pub fn note(text: &str) -> Result<String, InputError> {
    note_text("note", text)
}

/// A review's note: as a note.
pub fn review_note(text: &str) -> Result<String, InputError> {
    note_text("review note", text)
}

fn note_text(what: &'static str, text: &str) -> Result<String, InputError> {
    let text = bounded(what, text.trim(), MAX_NOTE_BYTES)?;
    no_controls(what, text, true)?;
    let out = nfc(text.replace("\r\n", "\n").replace('\r', "\n"));
    bounded(what, &out, MAX_NOTE_BYTES)?;
    Ok(out)
}

/// A handle or IMEI naming a target: bounded; kept as the index has it.
pub fn handle(what: &'static str, value: &str) -> Result<(), InputError> {
    if value.len() > MAX_HANDLE_BYTES {
        return Err(InputError::TooLong { what, max: MAX_HANDLE_BYTES });
    }
    Ok(())
}

fn bounded<'a>(what: &'static str, s: &'a str, max: usize) -> Result<&'a str, InputError> {
    if s.is_empty() {
        Err(InputError::Empty(what))
    } else if s.len() > max {
        Err(InputError::TooLong { what, max })
    } else {
        Ok(s)
    }
}

/// Bidirectional embeddings, overrides and isolates: they reorder what follows them on
/// screen, so a tag or note holding one could disguise the text shown beside it.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn no_controls(what: &'static str, s: &str, line_breaks: bool) -> Result<(), InputError> {
    let allowed = |c: char| line_breaks && matches!(c, '\n' | '\r' | '\t');
    match s.chars().find(|&c| (c.is_control() && !allowed(c)) || is_bidi_control(c)) {
        Some(c) => Err(InputError::ControlCharacter { what, code: u32::from(c) }),
        None => Ok(()),
    }
}

fn nfc(s: String) -> String {
    if is_nfc_quick(s.chars()) == IsNormalized::Yes { s } else { s.nfc().collect() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_trimmed_collapsed_and_composed() {
        // "é" decomposed (e + combining acute) and composed are one tag.
        assert_eq!(tag("  rançon \t urgente ").unwrap(), "rançon urgente");
        assert_eq!(tag("cafe\u{301}").unwrap(), tag("café").unwrap());
        assert_eq!(tag("URGENT").unwrap(), "URGENT");
        assert_eq!(tag("   "), Err(InputError::Empty("tag")));
        assert_eq!(tag("a\u{7}b"), Err(InputError::ControlCharacter { what: "tag", code: 7 }));
        assert_eq!(tag("a\r\nb").unwrap(), "a b");
        assert_eq!(tag("x\u{202E}gpj.exe"), Err(InputError::ControlCharacter { what: "tag", code: 0x202E }));
        assert_eq!(tag(&"x".repeat(MAX_TAG_BYTES)).unwrap().len(), MAX_TAG_BYTES);
        assert_eq!(tag(&"x".repeat(MAX_TAG_BYTES + 1)), Err(InputError::TooLong { what: "tag", max: MAX_TAG_BYTES }));
        // Emoji sequences (zero-width joiners) are ordinary text.
        assert!(tag("👨\u{200D}👩").is_ok());
    }

    #[test]
    fn normalisation_that_lengthens_past_the_limit_is_refused() {
        // U+0958 (DEVANAGARI LETTER QA, 3 bytes) is excluded from composition: NFC
        // decomposes it into two characters (6 bytes).
        let qa = "\u{0958}".repeat(MAX_TAG_BYTES / 3);
        assert!(qa.len() <= MAX_TAG_BYTES);
        assert_eq!(tag(&qa), Err(InputError::TooLong { what: "tag", max: MAX_TAG_BYTES }));
    }

    proptest::proptest! {
        /// Whatever is typed: an error or a value within the limits, free of controls.
        #[test]
        fn any_text_is_refused_or_bounded(text in "\\PC*|.*|[\\x00-\\x20\u{202a}-\u{202e}a\u{301}\u{958}]{0,300}") {
            if let Ok(t) = tag(&text) {
                proptest::prop_assert!(!t.is_empty() && t.len() <= MAX_TAG_BYTES);
                proptest::prop_assert!(!t.chars().any(|c| c.is_control() || is_bidi_control(c)));
                proptest::prop_assert_eq!(tag(&t), Ok(t.clone()), "normalising twice changes nothing");
            }
            if let Ok(n) = note(&text) {
                proptest::prop_assert!(!n.is_empty() && n.len() <= MAX_NOTE_BYTES && !n.contains('\r'));
            }
            if let Ok(u) = user(&text) {
                proptest::prop_assert!(!u.is_empty() && u.len() <= MAX_USER_BYTES && u.trim() == u);
            }
        }
    }

    #[test]
    fn notes_keep_lines_and_users_are_trimmed() {
        assert_eq!(note(" line one\r\nline\ttwo \n").unwrap(), "line one\nline\ttwo");
        assert_eq!(note("a\u{0}b"), Err(InputError::ControlCharacter { what: "note", code: 0 }));
        assert_eq!(
            note(&"n".repeat(MAX_NOTE_BYTES + 1)),
            Err(InputError::TooLong { what: "note", max: MAX_NOTE_BYTES })
        );
        assert_eq!(user(" j.dupont ").unwrap(), "j.dupont");
        assert_eq!(user(""), Err(InputError::Empty("user name")));
        assert_eq!(user(" \t"), Err(InputError::Empty("user name")));
        assert_eq!(user("a\nb"), Err(InputError::ControlCharacter { what: "user name", code: 10 }));
        assert_eq!(review_note("ok").unwrap(), "ok");
    }
}
