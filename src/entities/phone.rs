//! Phone numbers: international, and national French, Dutch, Belgian and British ones.

use super::bytes::{digit_at, is_alnum, space_len, space_len_before};
use super::{EntityKind, Out};

const MAX_GROUPS: usize = 8;

pub(super) fn phones(out: &mut Out, lang: &str) {
    let b = out.text.as_bytes();
    let mut i = 0;
    // End of the last phone found: a list "0612345678 0698765432" starts after one.
    let mut last_end = usize::MAX;
    while i < b.len() {
        let c = b[i];
        if (c == b'0' || (c == b'+' && digit_at(b, i + 1)))
            && (phone_start_ok(b, i)
                || last_end.checked_add(1) == Some(i)
                || last_end.checked_add(space_len(b, last_end)) == Some(i))
            && let Some((value, end)) = phone_at(b, i, lang)
            && out.push(EntityKind::Phone, value, i..end)
        {
            i = end;
            last_end = end;
            continue;
        }
        i += 1;
    }
}

/// Not inside a word or a longer number.
fn phone_start_ok(b: &[u8], i: usize) -> bool {
    if i == 0 {
        return true;
    }
    let p = b[i - 1];
    if is_alnum(p) || p == b'+' {
        return false;
    }
    if matches!(p, b'.' | b'-' | b'/' | b'\'') && i >= 2 && b[i - 2].is_ascii_digit() {
        return false;
    }
    let sp = space_len_before(b, i);
    !(sp > 0 && i > sp && b[i - sp - 1].is_ascii_digit())
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Region {
    Fr,
    Nl,
    Be,
    Gb,
}

impl Region {
    fn id(self) -> phonenumber::country::Id {
        use phonenumber::country::Id;
        match self {
            Region::Fr => Id::FR,
            Region::Nl => Id::NL,
            Region::Be => Id::BE,
            Region::Gb => Id::GB,
        }
    }

    fn code(self) -> &'static str {
        match self {
            Region::Fr => "33",
            Region::Nl => "31",
            Region::Be => "32",
            Region::Gb => "44",
        }
    }

    /// Whether the national significant number (no trunk 0) looks like one of its mobiles.
    fn mobile_shape(self, nsn: &[u8]) -> bool {
        match self {
            Region::Fr => nsn.len() == 9 && matches!(nsn[0], b'6' | b'7'),
            Region::Nl => nsn.len() == 9 && nsn[0] == b'6',
            Region::Be => nsn.len() == 9 && nsn[0] == b'4' && (b'5'..=b'9').contains(&nsn[1]),
            Region::Gb => nsn.len() == 10 && nsn[0] == b'7',
        }
    }

    fn from_code(digits: &[u8]) -> Option<(Region, usize)> {
        [Region::Fr, Region::Nl, Region::Be, Region::Gb]
            .into_iter()
            .find(|r| digits.starts_with(r.code().as_bytes()))
            .map(|r| (r, 2))
    }
}

/// Groups of digits from `start`: (ranges, separators between them, whether it began with `+`).
struct Groups {
    ranges: [(usize, usize); MAX_GROUPS],
    seps: [u8; MAX_GROUPS],
    n: usize,
    plus: bool,
}

fn phone_groups(b: &[u8], start: usize) -> Groups {
    let mut g = Groups { ranges: [(0, 0); MAX_GROUPS], seps: [0; MAX_GROUPS], n: 0, plus: false };
    let mut j = start;
    if b[j] == b'+' {
        g.plus = true;
        j += 1;
    }
    let mut total = 0;
    while g.n < MAX_GROUPS {
        let gs = j;
        while digit_at(b, j) {
            j += 1;
        }
        if j == gs {
            break;
        }
        g.ranges[g.n] = (gs, j);
        g.n += 1;
        total += j - gs;
        if total > 17 {
            break;
        }
        // "+33 (0)6…", "+33(0)6…": the trunk prefix in brackets is dropped.
        let intl = g.plus || b[start..].starts_with(b"00");
        if intl && g.n == 1 {
            let k = if b.get(j) == Some(&b' ') { j + 1 } else { j };
            if b[k..].starts_with(b"(0)") {
                let mut k = k + 3;
                if b.get(k) == Some(&b' ') {
                    k += 1;
                }
                if digit_at(b, k) {
                    g.seps[0] = b' ';
                    j = k;
                    continue;
                }
            }
        }
        match b.get(j) {
            Some(&s @ (b'.' | b'-')) if digit_at(b, j + 1) => {
                g.seps[g.n - 1] = s;
                j += 1;
            }
            // Spaces, also no-break ones, count as one kind of separator.
            _ if space_len(b, j) > 0 && digit_at(b, j + space_len(b, j)) => {
                g.seps[g.n - 1] = b' ';
                j += space_len(b, j);
            }
            // Belgian "0478/12.34.56".
            Some(b'/') if g.n == 1 && !intl && (3..=4).contains(&(j - gs)) && digit_at(b, j + 1) => {
                g.seps[0] = b'/';
                j += 1;
            }
            _ => break,
        }
    }
    g
}

fn phone_at(b: &[u8], start: usize, lang: &str) -> Option<(String, usize)> {
    let g = phone_groups(b, start);
    if g.n == 0 {
        return None;
    }
    let mut digits = [0u8; 24];
    for k in (1..=g.n).rev() {
        let end = g.ranges[k - 1].1;
        if k < g.n && g.seps[k - 1] != b' ' {
            // Trailing groups are dropped at spaces only: "06.12.34.56.78.10" is no phone.
            continue;
        }
        if k == g.n && !phone_end_ok(b, end) {
            // The last group is glued to something ("… 78 14h"): only shorter readings remain.
            continue;
        }
        let mut n = 0;
        for &(s, e) in &g.ranges[..k] {
            for &d in &b[s..e] {
                if n == digits.len() {
                    return None;
                }
                digits[n] = d;
                n += 1;
            }
        }
        let d = &digits[..n];
        let lens: Vec<usize> = g.ranges[..k].iter().map(|(s, e)| e - s).collect();
        let value = if g.plus {
            international(d)
        } else if d.starts_with(b"00") {
            international(&d[2..])
        } else if d.first() == Some(&b'0') {
            let seps = &g.seps[..k - 1];
            let uniform =
                seps.iter().skip(usize::from(seps.first() == Some(&b'/'))).all(|&s| s == seps[seps.len() - 1]);
            if uniform { national(d, &lens, lang) } else { None }
        } else {
            None
        };
        if value.is_some() {
            return value.map(|v| (v, end));
        }
    }
    None
}

fn phone_end_ok(b: &[u8], end: usize) -> bool {
    match b.get(end) {
        None => true,
        Some(&c) if is_alnum(c) => false,
        // A comma may list numbers ("0612345678,0698765432"); other punctuation glues digits.
        Some(b'.' | b':' | b'/' | b'-') => !digit_at(b, end + 1),
        Some(_) => true,
    }
}

/// An international number given as its digits after `+` / `00`.
fn international(d: &[u8]) -> Option<String> {
    if !(8..=15).contains(&d.len()) || d[0] == b'0' {
        return None;
    }
    // "+33 06 12 34 56 78": a trunk 0 kept after a known country code.
    if let Some((region, cc)) = Region::from_code(d) {
        let mut nsn = &d[cc..];
        if nsn.first() == Some(&b'0') {
            nsn = &nsn[1..];
        }
        if region.mobile_shape(nsn) {
            return Some(e164(region.code().as_bytes(), nsn));
        }
        let mut s = String::with_capacity(nsn.len() + 1);
        s.push('0');
        s.extend(nsn.iter().map(|&c| char::from(c)));
        return valid_in(&s, region);
    }
    let s: String = std::iter::once('+').chain(d.iter().map(|&c| char::from(c))).collect();
    let pn = phonenumber::parse(None, &s).ok()?;
    pn.is_valid().then(|| pn.format().mode(phonenumber::Mode::E164).to_string())
}

fn e164(cc: &[u8], nsn: &[u8]) -> String {
    let mut s = String::with_capacity(1 + cc.len() + nsn.len());
    s.push('+');
    s.extend(cc.iter().chain(nsn).map(|&c| char::from(c)));
    s
}

/// `national` (with its trunk 0) valid in `region` per the phonenumber metadata, as E.164.
fn valid_in(national: &str, region: Region) -> Option<String> {
    let pn = phonenumber::parse(Some(region.id()), national).ok()?;
    (pn.is_valid() && pn.code().value() == region.code().parse::<u16>().ok()?)
        .then(|| pn.format().mode(phonenumber::Mode::E164).to_string())
}

/// A national number (digits starting with one 0) in the grouping `lens`.
fn national(d: &[u8], lens: &[usize], lang: &str) -> Option<String> {
    use Region::*;
    let regions: &[Region] = match (d.len(), lens) {
        (10, [10]) if d.starts_with(b"04") && (b'5'..=b'9').contains(&d[2]) => {
            if lang == "fr" {
                &[Fr, Be]
            } else {
                &[Be, Fr]
            }
        }
        (10, [10]) => {
            if lang == "nl" {
                &[Nl, Fr, Be, Gb]
            } else {
                &[Fr, Nl, Be, Gb]
            }
        }
        (10, [2, 2, 2, 2, 2]) => &[Fr],
        (10, [4, 2, 2, 2] | [4, 6] | [4, 3, 3]) if d.starts_with(b"04") => &[Be, Nl, Fr],
        (10, [2, 8] | [2, 4, 4] | [3, 7] | [3, 3, 4] | [3, 3, 2, 2] | [4, 6] | [4, 2, 2, 2] | [4, 3, 3] | [5, 5]) => {
            &[Nl, Be, Gb, Fr]
        }
        (11, [11] | [5, 6] | [3, 4, 4] | [4, 3, 4] | [5, 3, 3] | [4, 7] | [3, 8]) => &[Gb],
        (9, [2, 3, 2, 2] | [3, 2, 2, 2] | [2, 7] | [3, 6]) => &[Be],
        _ => return None,
    };
    let nsn = &d[1..];
    if nsn.first() == Some(&b'0') {
        return None;
    }
    let s = std::str::from_utf8(d).ok()?;
    regions.iter().find_map(
        |&r| {
            if r.mobile_shape(nsn) { Some(e164(r.code().as_bytes(), nsn)) } else { valid_in(s, r) }
        },
    )
}
