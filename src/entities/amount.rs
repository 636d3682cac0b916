//! Money amounts: a number, an optional multiplier and a currency, or a bare multiplier
//! where the message speaks of money.

use std::ops::Range;

use super::bytes::{alnum_char_at, digit_at, is_alnum, space_len, space_len_before, word_at};
use super::{EntityKind, Out};

/// A number as written: its value under the thousands reading, and under the decimal reading
/// when a single `.`/`,` group makes it ambiguous (`1.500`).
#[derive(Debug, Clone, Copy)]
struct Num {
    end: usize,
    /// (mantissa, decimals).
    thousands: (u128, u32),
    decimal: Option<(u128, u32)>,
}

fn digits_value(b: &[u8]) -> u128 {
    b.iter().fold(0u128, |acc, &c| acc * 10 + u128::from(c - b'0'))
}

fn group_sep_at(b: &[u8], i: usize) -> (u8, usize) {
    match b.get(i) {
        Some(&c @ (b'.' | b',' | b'\'')) => (c, 1),
        _ => match space_len(b, i) {
            0 => (0, 0),
            n => (b' ', n),
        },
    }
}

fn parse_number(b: &[u8], p: usize) -> Option<Num> {
    let mut j = p;
    while digit_at(b, j) {
        j += 1;
    }
    let first = &b[p..j];
    if first.is_empty() || first.len() > 15 {
        return None;
    }
    let mut int = digits_value(first);
    let mut groups = 0;
    let mut gsep = 0u8;
    let mut last_group = 0;
    while first.len() <= 3 && first[0] != b'0' && groups < 5 {
        let (sep, sl) = group_sep_at(b, j);
        let k = j + sl;
        if sl == 0
            || (gsep != 0 && sep != gsep)
            || !(digit_at(b, k) && digit_at(b, k + 1) && digit_at(b, k + 2) && !digit_at(b, k + 3))
        {
            break;
        }
        gsep = sep;
        groups += 1;
        last_group = digits_value(&b[k..k + 3]);
        int = int * 1000 + last_group;
        j = k + 3;
    }
    let mut frac = (0u128, 0u32);
    if let Some(&c @ (b'.' | b',')) = b.get(j)
        && c != gsep
        && digit_at(b, j + 1)
    {
        let s = j + 1;
        let mut e = s;
        while digit_at(b, e) {
            e += 1;
        }
        if e - s > 12 {
            return None;
        }
        frac = (digits_value(&b[s..e]), (e - s) as u32);
        j = e;
    }
    // A dangling separator + digit run means a number this reader does not understand
    // ("1.5.2020", "1,2345,6").
    if matches!(b.get(j), Some(b'.' | b',')) && digit_at(b, j + 1) {
        return None;
    }
    let thousands = (int * 10u128.pow(frac.1) + frac.0, frac.1);
    // "1.500" may be 1.5; "1,000" is always a thousand.
    let decimal = (groups == 1 && matches!(gsep, b'.' | b',') && frac.1 == 0 && last_group != 0).then_some((int, 3));
    Some(Num { end: j, thousands, decimal })
}

/// Whether a multiplier may stand without a currency.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Bare {
    /// Needs a currency.
    No,
    /// `grand`: pounds without a currency.
    Grand,
    /// `ton`, `million(s)`, `miljoen`: an amount without a currency in a money context only.
    Context,
}

/// Multipliers: (word, power of ten, bare rule).
const MULTIPLIERS: &[(&str, u32, Bare)] = &[
    ("k", 3, Bare::No),
    ("mille", 3, Bare::No),
    ("grand", 3, Bare::Grand),
    ("ton", 5, Bare::Context),
    ("m", 6, Bare::No),
    ("mil", 6, Bare::No),
    ("mio", 6, Bare::No),
    ("mln", 6, Bare::No),
    ("million", 6, Bare::Context),
    ("millions", 6, Bare::Context),
    ("miljoen", 6, Bare::Context),
    ("miljoenen", 6, Bare::Context),
    ("milliard", 9, Bare::No),
    ("milliards", 9, Bare::No),
    ("miljard", 9, Bare::No),
    ("miljarden", 9, Bare::No),
    ("bn", 9, Bare::No),
    ("billion", 9, Bare::No),
];

/// The multiplier at `i` (`80k€`, `2M euro`, `2 millions`): (power of ten, bare rule, end).
fn multiplier_at(b: &[u8], i: usize) -> Option<(u32, Bare, usize)> {
    let c = b.get(i)?.to_ascii_lowercase();
    if !matches!(c, b'k' | b'm' | b'g' | b't' | b'b') {
        return None;
    }
    MULTIPLIERS
        .iter()
        .find_map(|&(w, pow, bare)| (w.as_bytes()[0] == c && word_at(b, i, w)).then_some((pow, bare, i + w.len())))
}

/// Currency words and symbols, and their codes (words need a boundary after them).
const CURRENCIES: &[(&str, &str)] = &[
    ("€", "EUR"),
    ("£", "GBP"),
    ("$", "USD"),
    ("euros", "EUR"),
    ("euro", "EUR"),
    ("eur", "EUR"),
    ("balles", "EUR"),
    ("balle", "EUR"),
    ("quid", "GBP"),
    ("pounds", "GBP"),
    ("pound", "GBP"),
    ("gbp", "GBP"),
    ("usdt", "USDT"),
    ("tether", "USDT"),
    ("usdc", "USDC"),
    ("usd", "USD"),
    ("dollars", "USD"),
    ("dollar", "USD"),
    ("btc", "BTC"),
    ("xbt", "BTC"),
    ("bitcoins", "BTC"),
    ("bitcoin", "BTC"),
    ("eth", "ETH"),
    ("ether", "ETH"),
    ("ethereum", "ETH"),
    ("xmr", "XMR"),
    ("monero", "XMR"),
];

/// The currency at `i`: (code, end, whether it is the word `balle(s)`).
fn currency_at(b: &[u8], i: usize) -> Option<(&'static str, usize, bool)> {
    let c = b.get(i)?.to_ascii_lowercase();
    if !matches!(c, b'e' | b'b' | b'q' | b'p' | b'g' | b'u' | b'd' | b'x' | b'm' | b't' | b'$' | 0xE2 | 0xC2) {
        return None;
    }
    CURRENCIES.iter().find_map(|&(w, code)| {
        let w0 = w.as_bytes()[0];
        let ok = if w0 != c {
            false
        } else if w0.is_ascii_alphabetic() {
            word_at(b, i, w)
        } else {
            b[i..].starts_with(w.as_bytes())
        };
        ok.then_some((code, i + w.len(), w.starts_with("balle")))
    })
}

/// A currency written before a number ending at `i` (one space allowed between): (code, start).
fn currency_before(b: &[u8], i: usize) -> Option<(&'static str, usize)> {
    let space = space_len_before(b, i);
    let i = i - space;
    for (sym, code) in [("€", "EUR"), ("£", "GBP"), ("$", "USD")] {
        if b[..i].ends_with(sym.as_bytes()) {
            return Some((code, i - sym.len()));
        }
    }
    // Codes need the space: "EUR 500", "USDT 500".
    if space == 0 {
        return None;
    }
    for (w, code) in [("eur", "EUR"), ("gbp", "GBP"), ("usd", "USD"), ("usdt", "USDT"), ("usdc", "USDC")] {
        let Some(s) = i.checked_sub(w.len()) else { continue };
        if b[s..i].eq_ignore_ascii_case(w.as_bytes()) && (s == 0 || !is_alnum(b[s - 1])) {
            return Some((code, s));
        }
    }
    None
}

fn is_coin(code: &str) -> bool {
    matches!(code, "BTC" | "ETH" | "XMR")
}

/// `mantissa / 10^scale * 10^pow` as a plain decimal string without trailing zeros; `None`
/// for zero or absurd sizes.
pub(super) fn decimal_string(mantissa: u128, scale: u32, pow: u32) -> Option<String> {
    if mantissa == 0 {
        return None;
    }
    let (m, scale) = if pow >= scale {
        (mantissa.checked_mul(10u128.checked_pow(pow - scale)?)?, 0)
    } else {
        (mantissa, scale - pow)
    };
    let mut s = m.to_string();
    if scale > 0 {
        let scale = scale as usize;
        if s.len() <= scale {
            s = format!("{}{s}", "0".repeat(scale + 1 - s.len()));
        }
        s.insert(s.len() - scale, '.');
        while s.ends_with('0') {
            s.pop();
        }
        if s.ends_with('.') {
            s.pop();
        }
    }
    Some(s)
}

pub(super) fn amounts(out: &mut Out) {
    let text = out.text;
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_digit()
            && amount_start_ok(b, i)
            && let Some((value, span)) = amount_at(text, i)
        {
            let end = span.end;
            if out.push(EntityKind::Amount, value, span) {
                i = end;
                continue;
            }
        }
        i += 1;
    }
}

fn amount_start_ok(b: &[u8], i: usize) -> bool {
    if i == 0 {
        return true;
    }
    let p = b[i - 1];
    !(is_alnum(p) || (matches!(p, b'.' | b',') && i >= 2 && b[i - 2].is_ascii_digit()))
}

fn amount_at(text: &str, p: usize) -> Option<(String, Range<usize>)> {
    let b = text.as_bytes();
    let num = parse_number(b, p)?;
    let mut j = num.end;
    let mut mult = None;
    let sp = space_len(b, j);
    if let Some(m) = multiplier_at(b, j + sp) {
        mult = Some(m);
        j = m.2;
    }
    let pow = mult.map_or(0, |m| m.0);
    // The currency after the number (and multiplier).
    let mut k = j + space_len(b, j);
    if mult.is_some_and(|m| m.0 >= 6) {
        // "2 millions d'euros", "de dollars".
        for art in ["d'", "d’", "de "] {
            if b[k..].len() > art.len() && b[k..k + art.len()].eq_ignore_ascii_case(art.as_bytes()) {
                k += art.len();
                break;
            }
        }
    }
    let value_of = |code: &str| {
        let (m, s) = match num.decimal {
            Some(d) if mult.is_some() || is_coin(code) => d,
            _ => num.thousands,
        };
        decimal_string(m, s, pow)
    };
    if let Some((code, end, balles)) = currency_at(b, k) {
        let units = (num.thousands.0 / 10u128.pow(num.thousands.1)).saturating_mul(10u128.pow(pow));
        if balles && !balles_are_money(text, p, end, units) {
            return None;
        }
        // French "12€50": cents after the sign.
        if b[k..end] == *"€".as_bytes()
            && mult.is_none()
            && num.decimal.is_none()
            && num.thousands.1 == 0
            && digit_at(b, end)
            && digit_at(b, end + 1)
            && !alnum_char_at(b, end + 2)
        {
            let cents = digits_value(&b[end..end + 2]);
            let v = decimal_string(num.thousands.0 * 100 + cents, 2, 0)?;
            return Some((format!("{v} EUR"), p..end + 2));
        }
        return Some((format!("{} {code}", value_of(code)?), p..end));
    }
    if let Some((code, start)) = currency_before(b, p) {
        return Some((format!("{} {code}", value_of(code)?), start..j));
    }
    let (_, bare, mend) = mult?;
    let code = match bare {
        Bare::No => return None,
        Bare::Grand => {
            // "the 3 grand prix": an adjective.
            const NOT: &[&str] =
                &["prix", "slam", "piano", "canyon", "theft", "tour", "hotel", "final", "finale", "jury"];
            let k = mend + space_len(b, mend);
            if NOT.iter().any(|w| word_at(b, k, w)) {
                return None;
            }
            "GBP"
        }
        Bare::Context => {
            if !bare_follow_ok(b, mend) {
                return None;
            }
            money_cue(text)?
        }
    };
    Some((format!("{} {code}", value_of(code)?), p..mend))
}

/// Amounts written in words: `een ton`, `een halve ton`, `un million d'euros`, `a million`.
pub(super) fn word_amounts(out: &mut Out) {
    let text = out.text;
    let b = text.as_bytes();
    let words = words(text);
    for (w, &(ws, we)) in words.iter().enumerate() {
        // Word multipliers of a million and more, and "ton": not "k", "m", "bn", "grand".
        let Some((pow, bare, mend)) = multiplier_at(b, ws).filter(|m| m.2 == we && m.0 >= 5 && we - ws >= 3) else {
            continue;
        };
        if w == 0 {
            continue;
        }
        let (ps, pe) = words[w - 1];
        if space_len(b, pe) != ws - pe || ws == pe {
            continue;
        }
        let prev = text[ps..pe].to_lowercase();
        // Value in tenths.
        let (tenths, mut start) = match prev.as_str() {
            "un" | "une" | "een" | "één" | "a" | "one" => (10u128, ps),
            "deux" | "twee" | "two" => (20, ps),
            "trois" | "drie" | "three" => (30, ps),
            "halve" | "half" => (5, ps),
            "anderhalve" => (15, ps),
            _ => continue,
        };
        if tenths == 5 && w >= 2 {
            let (qs, qe) = words[w - 2];
            if text[qs..qe].eq_ignore_ascii_case("een") && space_len(b, qe) == ps - qe && ps > qe {
                start = qs;
            }
        }
        if prev == "a" && pow == 5 {
            // English "a ton" is weight.
            continue;
        }
        let mut k = mend + space_len(b, mend);
        for art in ["d'", "d’", "de "] {
            if b[k..].len() > art.len() && b[k..k + art.len()].eq_ignore_ascii_case(art.as_bytes()) {
                k += art.len();
                break;
            }
        }
        let (code, end) = if let Some((code, end, false)) = currency_at(b, k) {
            (code, end)
        } else if bare == Bare::Context && bare_follow_ok(b, mend) {
            match money_cue(text) {
                Some(code) => (code, mend),
                None => continue,
            }
        } else {
            continue;
        };
        if let Some(v) = decimal_string(tenths, 1, pow) {
            out.push(EntityKind::Amount, format!("{v} {code}"), start..end);
        }
    }
}

/// Word spans: maximal runs of alphanumeric chars (apostrophes split words).
fn words(text: &str) -> Vec<(usize, usize)> {
    let mut v = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            v.push((s, i));
        }
    }
    if let Some(s) = start {
        v.push((s, text.len()));
    }
    v
}

/// After a bare multiplier: the end of the clause, or a word that does not name what is
/// counted (`een ton voor hem`, not `een ton coke`).
fn bare_follow_ok(b: &[u8], i: usize) -> bool {
    let mut k = i;
    while space_len(b, k) > 0 {
        k += space_len(b, k);
    }
    let Some(&c) = b.get(k) else { return true };
    if !(c.is_ascii_alphanumeric() || c >= 0x80) {
        return true;
    }
    const OK: &[&str] = &[
        "voor",
        "om",
        "en",
        "of",
        "als",
        "is",
        "te",
        "op",
        "per",
        "cash",
        "contant",
        "nu",
        "morgen",
        "vandaag",
        "pour",
        "et",
        "ou",
        "liquide",
        "en",
        "cash",
        "demain",
        "for",
        "and",
        "or",
        "to",
        "now",
        "tomorrow",
        "today",
        "in",
        "minimum",
        "max",
        "maximum",
        "zo",
        "terug",
        "ofzo",
        "net",
        "betalen",
        "betaald",
        "overmaken",
        "payer",
        "pay",
        "paid",
        "losgeld",
        "rançon",
        "ransom",
    ];
    OK.iter().any(|w| word_at(b, k, w))
}

/// The currency implied by money words in the text: EUR for French and Dutch cues, GBP for
/// English ones; `None` when the text does not speak of money.
fn money_cue(text: &str) -> Option<&'static str> {
    const EUR: &[&str] = &[
        "payer",
        "paye",
        "payé",
        "payes",
        "paie",
        "rançon",
        "rancon",
        "thune",
        "thunes",
        "oseille",
        "fric",
        "argent",
        "liquide",
        "espèces",
        "especes",
        "virement",
        "dette",
        "prix",
        "coûte",
        "coute",
        "pognon",
        "biff",
        "flouze",
        "betalen",
        "betaal",
        "betaald",
        "betaalt",
        "losgeld",
        "geld",
        "contant",
        "contanten",
        "poen",
        "doekoe",
        "pegels",
        "prijs",
        "schuld",
        "kost",
        "kosten",
        "overmaken",
    ];
    const GBP: &[&str] =
        &["pay", "paid", "pays", "ransom", "money", "price", "debt", "owe", "owes", "owed", "cost", "costs", "dough"];
    if text.contains('€') {
        return Some("EUR");
    }
    if text.contains('£') {
        return Some("GBP");
    }
    let mut neutral = false;
    for (s, e) in words(text) {
        let w = text[s..e].to_lowercase();
        if EUR.contains(&w.as_str()) {
            return Some("EUR");
        }
        if GBP.contains(&w.as_str()) {
            return Some("GBP");
        }
        neutral |= w == "cash";
    }
    neutral.then_some("EUR")
}

/// `units` `balles` (number at `start`, word ending at `end`) is euros unless it is bullets:
/// followed by what they are (`de 9mm`, `dans le chargeur`), or a small count in a message
/// about weapons — there fewer than 200 are money only in a price phrase (`c'est 150 balles`,
/// `pour 150 balles`), while `800 balles` is a gun's price.
fn balles_are_money(text: &str, start: usize, end: usize, units: u128) -> bool {
    let b = text.as_bytes();
    let k = end + space_len(b, end);
    const NOT_AFTER: &[&str] = &["de", "d", "du", "dans", "à", "en", "calibre", "perforantes", "blanc"];
    if NOT_AFTER.iter().any(|w| word_at(b, k, w)) {
        return false;
    }
    const PRICE_BEFORE: &[&str] =
        &["est", "pour", "à", "coûte", "coute", "vends", "vend", "payé", "paye", "prix", "fait"];
    let price = words(&text[..start]).last().is_some_and(|&(s, e)| {
        text[e..start].trim().is_empty() && PRICE_BEFORE.iter().any(|w| text[s..e].eq_ignore_ascii_case(w))
    });
    if price || units >= 200 {
        return true;
    }
    const WEAPONS: &[&str] = &[
        "chargeur",
        "chargeurs",
        "calibre",
        "cal",
        "mm",
        "9mm",
        "kalash",
        "kalach",
        "kalachnikov",
        "kalashnikov",
        "flingue",
        "flingues",
        "arme",
        "armes",
        "pistolet",
        "glock",
        "munition",
        "munitions",
        "cartouche",
        "cartouches",
        "fusil",
        "tirer",
        "gun",
        "ak",
        "ak47",
        "uzi",
        "beretta",
        "barillet",
        "canon",
        "douille",
        "douilles",
    ];
    !words(text).into_iter().any(|(s, e)| WEAPONS.iter().any(|w| text[s..e].eq_ignore_ascii_case(w)))
}
