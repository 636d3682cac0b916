//! The one pass over a text's bytes that tells which detectors can find anything in it.

use super::bytes::digit_at;

/// What the pre-scan saw; each pass runs only when its trigger is there.
#[derive(Default, Debug)]
pub(super) struct Prescan {
    /// An ASCII digit: IBANs, coordinates, phones and amounts all need one.
    pub(super) digit: bool,
    /// An alphanumeric run of 25 bytes or more: a wallet candidate.
    pub(super) long_run: bool,
    /// `ton`, `million`…: an amount may be written without digits.
    pub(super) word_mult: bool,
    /// A `°`: degree-minute-second coordinates.
    pub(super) degree: bool,
    /// A run starting with two letters and two digits: an IBAN candidate.
    pub(super) iban: bool,
    /// A digit, a dot, a digit: decimal coordinates.
    pub(super) dot: bool,
    /// A run starting with `0`, or a digit run after `+`: a phone candidate.
    pub(super) phone: bool,
}

impl Prescan {
    pub(super) fn any(&self) -> bool {
        self.digit || self.long_run || self.word_mult
    }
}

/// One pass over the bytes, noting what each later pass needs to find anything.
pub(super) fn prescan(b: &[u8]) -> Prescan {
    let mut s = Prescan::default();
    let mut run_start = usize::MAX;
    for (i, &c) in b.iter().enumerate() {
        if c.is_ascii_alphanumeric() {
            if run_start == usize::MAX {
                run_start = i;
                s.phone |= c == b'0' || (c.is_ascii_digit() && i > 0 && b[i - 1] == b'+');
            }
            s.digit |= c.is_ascii_digit();
        } else {
            if run_start != usize::MAX {
                end_run(&mut s, &b[run_start..i]);
                run_start = usize::MAX;
            }
            match c {
                0xB0 if i > 0 && b[i - 1] == 0xC2 => s.degree = true,
                b'.' if i > 0 && b[i - 1].is_ascii_digit() && digit_at(b, i + 1) => s.dot = true,
                _ => {}
            }
        }
    }
    if run_start != usize::MAX {
        end_run(&mut s, &b[run_start..]);
    }
    s
}

#[inline]
fn end_run(s: &mut Prescan, w: &[u8]) {
    if w.len() >= 4
        && w[0].is_ascii_alphabetic()
        && w[1].is_ascii_alphabetic()
        && w[2].is_ascii_digit()
        && w[3].is_ascii_digit()
    {
        s.iban = true;
    }
    if w.len() >= 25 {
        s.long_run = true;
    } else if (3..=9).contains(&w.len()) && matches!(w[0] | 0x20, b't' | b'm' | b'b') {
        s.word_mult |= [
            "ton",
            "million",
            "millions",
            "miljoen",
            "miljoenen",
            "milliard",
            "milliards",
            "miljard",
            "miljarden",
            "billion",
        ]
        .iter()
        .any(|m| w.eq_ignore_ascii_case(m.as_bytes()));
    }
}
