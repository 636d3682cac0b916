//! Entities in message text: crypto wallets, IBANs, phone numbers, GPS coordinates and money
//! amounts, each with a normalised value and the byte span it was read from.
//!
//! [`extract`] runs at ingest on every decrypted message (tens of millions), so it is built
//! around a cheap pre-scan: a message with no ASCII digit, no alphanumeric run of 25 bytes or
//! more and none of the words `ton` / `million(s)` / `miljoen` / `milliard`… cannot hold an
//! entity and costs one pass over its bytes; the same pass notes what each kind needs (a
//! letter-letter-digit-digit run for IBANs, a digit-dot-digit for coordinates, a run starting
//! with `0` or following `+` for phones) and the other passes run only when their trigger is
//! there. They are hand-written linear scans (no backtracking); checksums and the
//! `phonenumber` crate only see candidates that passed the cheap shape tests, and the only
//! regular expressions (degree-minute-second coordinates, linear-time `regex` crate) run only
//! on text holding a `°`. Measured in `benches/entities.rs` (see `benches/README.md`).
//!
//! Nothing here panics on input: every index is bounds-checked, every span is checked to be a
//! char boundary before an entity is kept, and the result never holds overlapping spans.
//!
//! # What is found, and how it is normalised
//!
//! | kind | accepted | normalised value |
//! | --- | --- | --- |
//! | `btc` | bech32 `bc1q…` (P2WPKH, P2WSH) and bech32m `bc1p…` (taproot), checked with `bech32::segwit::decode`; base58check `1…` (version 0x00) and `3…` (0x05) with `bs58` | bech32: lowercase (the encoding is case-insensitive); base58: as written (case-sensitive) |
//! | `eth` | `0x` + 40 hex digits; a mixed-case address must carry a valid EIP-55 checksum (Keccak-256, `sha3`); all-lowercase or all-uppercase addresses carry no checksum and are accepted unchecked | `0x` + lowercase hex, so that `entity:` look-ups are case-insensitive |
//! | `tron` | base58check, version byte 0x41, 34 characters starting with `T` | as written (case-sensitive) |
//! | `iban` | ISO 13616: country code, check digits, BBAN of the country's exact length (table below), mod-97 = 1; compact or in groups separated by single spaces or hyphens; letters of either case | uppercase, no separators |
//! | `phone` | see [Phone numbers](#phone-numbers) | E.164 (`+33612345678`) |
//! | `gps` | decimal `lat, lon` (comma, semicolon, slash or spaces between), at least 3 decimals on both and at least 4 on one; degrees-minutes-seconds with hemispheres (`N 51°55'28" E 4°28'40"`, `51°55'28"N 4°28'40"E`, `O`/`W` for west); [`extract_location`] for LOCATION bodies | `lat,lon` with 5 decimals (`51.92440,4.47770`) |
//! | `amount` | see [Money amounts](#money-amounts) | `<number> <CUR>` in base units, the number an integer or a decimal without trailing zeros (`80000 EUR`, `0.5 BTC`) |
//!
//! Overlaps are settled by priority: wallets, then IBANs, then coordinates, then phone numbers,
//! then amounts; an entity that would overlap one already found is dropped, so no phone is read
//! inside an IBAN or a wallet. The result is sorted by span start.
//!
//! ## Phone numbers
//!
//! A candidate starts with `+`, `00` or `0` at a word boundary — not inside a longer number:
//! not after a letter, nor after a digit and a space, dot, hyphen, slash or apostrophe (so no
//! phone is read in `80 000` or in the digit groups of a broken IBAN), except right after a
//! phone just found (`0612345678 0698765432`; a comma also separates a list) — and runs over
//! digit groups separated by single spaces (also no-break ones), dots or hyphens (one kind per
//! national number; `0478/12.34.56` allowed); `+33 (0)6…` loses its `(0)`. Trailing groups
//! are dropped, at spaces only, until the rest is a number (`06 12 34 56 78 10 fois` gives the
//! phone and leaves `10`); a number glued to letters or to `.`/`:`/`/`/`-` + digit is none.
//!
//! - International (`+`, `00`): any country, valid per the `phonenumber` crate's metadata, or
//!   shaped like a mobile of France (`+33 6/7` + 8 digits), the Netherlands (`+31 6` + 8),
//!   Belgium (`+32 4[5-9]` + 7) or the UK (`+44 7` + 9).
//! - National, 10 digits: written in five pairs (`06 12 34 56 78`, `06.12.34.56.78`) it is French;
//!   in a Dutch or Belgian grouping (`06-12345678`, `06 1234 5678`, `010-1234567`,
//!   `0470 12 34 56`) it is tried as Dutch (Belgian first when the first group is `04xx`), then
//!   Belgian, British and French. A compact `06…`/`07…` is ambiguous (French and Dutch mobiles
//!   have the same length): it is French unless [`extract_with_lang`] is told the message is
//!   Dutch (`nl`); a compact `04[5-9]…` is Belgian (a mobile) unless the message is French, when
//!   it is a French landline (`04 78…`, Lyon).
//! - National, 11 digits: British (`07700 900123`, `07700900123`, `020 7946 0958`).
//! - National, 9 digits, grouped only: Belgian landline (`02 123 45 67`), if valid.
//! - A national number is kept when valid for the region per `phonenumber`, or when it has the
//!   shape of that region's mobiles (the metadata lags new allocations, and Ofcom's drama range
//!   `07700 900xxx` is not "valid" yet is what fiction — and our synthetic corpora — use).
//!
//! Not phones: numbers without a leading `0`/`+` (amounts, timestamps, most IMEIs), 15-digit
//! runs, dates (`01.05.2020`, `2020-05-01`) and times, groupings no country uses
//! (`01.05.2020 14.30`), digits glued to letters.
//!
//! ## Money amounts
//!
//! A number, an optional multiplier and a currency, the currency before (`€80k`, `£1.5m`,
//! `€ 500`, `USDT 500`) or after (`80k€`, `80 000 euros`, `2 millions d'euros`, `500k USDT`,
//! `0,5 BTC`, `3 bitcoins`, `800 quid`, `10 balles`). Currencies: EUR (`€`, `eur`, `euro(s)`,
//! `balles`), GBP (`£`, `gbp`, `quid`, `pound(s)`), USD (`$`, `usd`, `dollar(s)`), USDT
//! (`usdt`, `tether`), USDC, BTC (`btc`, `xbt`, `bitcoin(s)`), ETH (`eth`, `ether`,
//! `ethereum`), XMR (`xmr`, `monero`). Multipliers: `k`, `mille`, `grand` (10³), `ton` (10⁵,
//! Dutch slang), `m`, `mil`, `mio`, `mln`, `million(s)`, `miljoen(en)` (10⁶), `milliard(s)`,
//! `miljard(en)`, `bn`, `billion` (10⁹).
//!
//! Without a currency only these are amounts:
//! - `50 grand` → `50000 GBP` (British slang; the corpora's English is British);
//! - `2 ton`, `een ton`, `een halve ton`, `anderhalve ton` → EUR, and `2 millions`, `1,5 million`,
//!   `2 miljoen`, `un million`, `a million` → EUR (GBP when the cue is English), only when the
//!   message speaks of money (a cue word: `betalen`, `losgeld`, `rançon`, `payer`, `ransom`,
//!   `pay`, `cash`, a `€`/`£` sign…) and the multiplier is not followed by what is counted (`een
//!   ton coke`, `2 millions de personnes` are not amounts; `een ton voor hem` is).
//!
//! `balles` (French slang for euros) is also a word for bullets: `10 balles` is not an amount
//! when followed by `de`/`du`/`dans`/`à`… (`10 balles de 9mm`), nor when the message speaks of
//! weapons (`chargeur`, `calibre`, `glock`…) and the count is under 200 without a price phrase
//! before it (`c'est 150 balles`, `pour 150 balles` are prices; `800 balles` is a gun's).
//!
//! Digit groups: a space (also no-break and narrow no-break), `'`, `.` or `,` followed by exactly
//! three digits groups thousands (`80 000`, `80.000`, `500,000`), then the other of `.`/`,` may
//! start decimals (`80.000,50`). A single `.`/`,` group (`1.500`) means thousands, except with
//! a multiplier (`1,500 million`) or a coin whose amounts are fractional (BTC, ETH, XMR), where
//! it is a decimal point (`1.500 BTC` is 1.5 BTC) — unless the group is `000` (`1,000 ETH` is
//! a thousand). `1,5` and `0.5` are decimals.

mod amount;
mod bytes;
mod gps;
mod iban;
mod model;
mod phone;
mod prescan;
mod wallet;
mod watchlist;

use std::ops::Range;

pub use model::{Entity, EntityKind, UnknownKind};
pub use watchlist::{LineProblem, Watchlist, WatchlistError};

/// The entities of `text`, sorted by position, never overlapping. Ambiguous national phone
/// numbers are read as described in the module documentation for an unknown language.
pub fn extract(text: &str) -> Vec<Entity> {
    extract_with_lang(text, "und")
}

/// [`extract`], told the message's language (`fr`, `nl`, `en`, or anything else for unknown,
/// as [`crate::lang::detect`] gives it): it decides only whether a compact `06…` phone number
/// is French or Dutch and whether a compact `04…` one is Belgian or French.
pub fn extract_with_lang(text: &str, lang: &str) -> Vec<Entity> {
    let scan = prescan::prescan(text.as_bytes());
    if !scan.any() {
        return Vec::new();
    }
    let mut out = Out { text, items: Vec::new() };
    if scan.long_run {
        wallet::wallets(&mut out);
    }
    if scan.iban {
        iban::ibans(&mut out);
    }
    if scan.degree && scan.digit {
        gps::gps_dms(&mut out);
    }
    if scan.dot {
        gps::gps_decimal(&mut out);
    }
    if scan.phone {
        phone::phones(&mut out, lang);
    }
    if scan.digit {
        amount::amounts(&mut out);
    }
    if scan.word_mult {
        amount::word_amounts(&mut out);
    }
    let mut items = out.items;
    items.sort_by_key(|e| e.span.start);
    items
}

/// The entity of a LOCATION body: `lat,lon` with 5 decimals and an empty span; `None` when a
/// coordinate is not finite or out of range.
pub fn extract_location(lat: f64, lon: f64) -> Option<Entity> {
    if !lat.is_finite() || !lon.is_finite() || lat.abs() > 90.0 || lon.abs() > 180.0 {
        return None;
    }
    Some(Entity { kind: EntityKind::Gps, value: gps::latlon(lat, lon), span: 0..0 })
}

/// A value as a person writes it (a search term, a watchlist line), normalised the way
/// [`extract`] normalises what it finds: when `written` (surrounding whitespace ignored) is
/// exactly one entity, its normalised value (`FR76 3000 6000 0112 3456 7890 189` →
/// `FR7630006000011234567890189`, `06 12 34 56 78` → `+33612345678`, `80k€` → `80000 EUR`);
/// otherwise `written` trimmed. A leading `kind:` (`iban:FR76 3000…`) is kept, lowercased, and
/// the rest normalised, giving the tagged form the index also holds.
///
/// The language is unknown here, so a compact `06…` is French and a compact `04[5-9]…` Belgian
/// (see [Phone numbers](#phone-numbers)); write phone numbers in international form to be exact.
pub fn normalise(written: &str) -> String {
    match split_kind(written) {
        Some((kind, rest)) => format!("{kind}:{}", normalise_value(rest).0),
        None => normalise_value(written).0,
    }
}

/// `kind:rest` when `s` starts with a kind's name and a colon (values never hold a colon).
fn split_kind(s: &str) -> Option<(EntityKind, &str)> {
    let (kind, rest) = s.trim().split_once(':')?;
    Some((EntityKind::parse(kind)?, rest))
}

/// The normalised value of `written` and the kind it was read as, if it is one entity.
pub(super) fn normalise_value(written: &str) -> (String, Option<EntityKind>) {
    let t = written.trim();
    match extract(t).as_slice() {
        [e] if e.span == (0..t.len()) => (e.value.clone(), Some(e.kind)),
        _ => (t.to_owned(), None),
    }
}

/// The entities found so far in a text, kept disjoint.
pub(super) struct Out<'t> {
    text: &'t str,
    items: Vec<Entity>,
}

impl Out<'_> {
    /// Keeps the entity unless its span is empty, not on char boundaries, or overlaps one
    /// already kept. Returns whether it was kept.
    pub(super) fn push(&mut self, kind: EntityKind, value: String, span: Range<usize>) -> bool {
        if span.start >= span.end
            || span.end > self.text.len()
            || !self.text.is_char_boundary(span.start)
            || !self.text.is_char_boundary(span.end)
            || self.overlaps(&span)
        {
            return false;
        }
        self.items.push(Entity { kind, value, span });
        true
    }

    fn overlaps(&self, span: &Range<usize>) -> bool {
        self.items.iter().any(|e| e.span.start < span.end && span.start < e.span.end)
    }
}

#[cfg(test)]
mod tests;
