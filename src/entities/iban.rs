//! IBANs (ISO 13616): the country's length and mod-97.

use super::bytes::is_alnum;
use super::{EntityKind, Out};

/// IBAN lengths per country (SWIFT IBAN registry).
const IBAN_LENGTHS: &[(&[u8; 2], usize)] = &[
    (b"AD", 24),
    (b"AE", 23),
    (b"AT", 20),
    (b"BE", 16),
    (b"BG", 22),
    (b"CH", 21),
    (b"CY", 28),
    (b"CZ", 24),
    (b"DE", 22),
    (b"DK", 18),
    (b"EE", 20),
    (b"ES", 24),
    (b"FI", 18),
    (b"FR", 27),
    (b"GB", 22),
    (b"GI", 23),
    (b"GR", 27),
    (b"HR", 21),
    (b"HU", 28),
    (b"IE", 22),
    (b"IS", 26),
    (b"IT", 27),
    (b"LI", 21),
    (b"LT", 20),
    (b"LU", 20),
    (b"LV", 21),
    (b"MC", 27),
    (b"MT", 31),
    (b"NL", 18),
    (b"NO", 15),
    (b"PL", 28),
    (b"PT", 25),
    (b"RO", 24),
    (b"SE", 24),
    (b"SI", 19),
    (b"SK", 24),
    (b"SM", 27),
    (b"TR", 26),
];

fn iban_len(cc: [u8; 2]) -> Option<usize> {
    IBAN_LENGTHS.iter().find(|(c, _)| **c == cc).map(|(_, n)| *n)
}

/// ISO 7064 mod 97-10 of the IBAN with its first four characters moved to the end.
fn iban_mod97(compact: &[u8]) -> u32 {
    let mut r: u32 = 0;
    for &c in compact[4..].iter().chain(&compact[..4]) {
        r = if c.is_ascii_digit() {
            (r * 10 + u32::from(c - b'0')) % 97
        } else {
            (r * 100 + u32::from(c - b'A') + 10) % 97
        };
    }
    r
}

pub(super) fn ibans(out: &mut Out) {
    let b = out.text.as_bytes();
    let mut i = 0;
    while i + 15 <= b.len() {
        if let Some((value, end)) = iban_at(b, i)
            && out.push(EntityKind::Iban, value, i..end)
        {
            i = end;
            continue;
        }
        i += 1;
    }
}

fn iban_at(b: &[u8], start: usize) -> Option<(String, usize)> {
    if start > 0 && is_alnum(b[start - 1]) {
        return None;
    }
    if !(b[start].is_ascii_alphabetic()
        && b[start + 1].is_ascii_alphabetic()
        && b[start + 2].is_ascii_digit()
        && b[start + 3].is_ascii_digit())
    {
        return None;
    }
    let len = iban_len([b[start].to_ascii_uppercase(), b[start + 1].to_ascii_uppercase()])?;
    let mut compact = [0u8; 34];
    let mut n = 0;
    let mut i = start;
    while n < len && i < b.len() {
        let c = b[i];
        if is_alnum(c) {
            compact[n] = c.to_ascii_uppercase();
            n += 1;
            i += 1;
        } else if (c == b' ' || c == b'-') && n >= 4 && b.get(i + 1).is_some_and(|&d| is_alnum(d)) {
            i += 1;
        } else {
            break;
        }
    }
    if n < len || b.get(i).is_some_and(|&c| is_alnum(c)) {
        return None;
    }
    let compact = &compact[..len];
    let check = (compact[2] - b'0') * 10 + (compact[3] - b'0');
    if !(2..=98).contains(&check) || iban_mod97(compact) != 1 {
        return None;
    }
    // From here the bytes are ASCII alphanumerics.
    Some((String::from_utf8_lossy(compact).into_owned(), i))
}
