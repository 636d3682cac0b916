//! Byte-level tests the detectors share (all bounds-checked).

#[inline]
pub(super) fn is_alnum(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

#[inline]
pub(super) fn digit_at(b: &[u8], i: usize) -> bool {
    b.get(i).is_some_and(u8::is_ascii_digit)
}

/// Length of the horizontal space at `i`: ASCII space or tab, no-break space (U+00A0), narrow
/// no-break space (U+202F) or thin space (U+2009); 0 if none.
#[inline]
pub(super) fn space_len(b: &[u8], i: usize) -> usize {
    match b.get(i) {
        Some(b' ' | b'\t') => 1,
        Some(0xC2) if b.get(i + 1) == Some(&0xA0) => 2,
        Some(0xE2) if b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0xAF | 0x89)) => 3,
        _ => 0,
    }
}

/// Length of the horizontal space ending at `i` (exclusive), 0 if none.
pub(super) fn space_len_before(b: &[u8], i: usize) -> usize {
    if i >= 1 && matches!(b[i - 1], b' ' | b'\t') {
        1
    } else if i >= 2 && b[i - 2] == 0xC2 && b[i - 1] == 0xA0 {
        2
    } else if i >= 3 && b[i - 3] == 0xE2 && b[i - 2] == 0x80 && matches!(b[i - 1], 0xAF | 0x89) {
        3
    } else {
        0
    }
}

/// Whether a letter or digit of any script starts at `i`.
pub(super) fn alnum_char_at(b: &[u8], i: usize) -> bool {
    match b.get(i) {
        None => false,
        Some(c) if c.is_ascii() => c.is_ascii_alphanumeric(),
        Some(_) => {
            let window = &b[i..(i + 4).min(b.len())];
            let s = match std::str::from_utf8(window) {
                Ok(s) => s,
                Err(e) => std::str::from_utf8(&window[..e.valid_up_to()]).unwrap_or(""),
            };
            s.chars().next().is_some_and(char::is_alphanumeric)
        }
    }
}

/// Whether `b[i..]` starts with `word` (any ASCII case) followed by no letter or digit.
pub(super) fn word_at(b: &[u8], i: usize, word: &str) -> bool {
    let w = word.as_bytes();
    b.len() >= i + w.len() && b[i..i + w.len()].eq_ignore_ascii_case(w) && !alnum_char_at(b, i + w.len())
}
