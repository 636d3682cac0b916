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

use std::collections::BTreeSet;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::OnceLock;

use regex::Regex;

/// What an entity is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    /// A Bitcoin address (bech32, bech32m or base58check).
    Btc,
    /// An Ethereum (or any EVM chain) address.
    Eth,
    /// A TRON address.
    Tron,
    /// An International Bank Account Number.
    Iban,
    /// A phone number.
    Phone,
    /// A GPS position.
    Gps,
    /// A money amount with its currency.
    Amount,
}

impl EntityKind {
    /// Every kind, in a fixed order.
    pub const ALL: [EntityKind; 7] = [
        EntityKind::Btc,
        EntityKind::Eth,
        EntityKind::Tron,
        EntityKind::Iban,
        EntityKind::Phone,
        EntityKind::Gps,
        EntityKind::Amount,
    ];

    /// The kind's name: `btc`, `eth`, `tron`, `iban`, `phone`, `gps` or `amount`.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Btc => "btc",
            EntityKind::Eth => "eth",
            EntityKind::Tron => "tron",
            EntityKind::Iban => "iban",
            EntityKind::Phone => "phone",
            EntityKind::Gps => "gps",
            EntityKind::Amount => "amount",
        }
    }

    /// The kind named `s` (as [`as_str`](Self::as_str) writes it; case and surrounding spaces
    /// are ignored).
    pub fn parse(s: &str) -> Option<EntityKind> {
        let s = s.trim();
        EntityKind::ALL.into_iter().find(|k| k.as_str().eq_ignore_ascii_case(s))
    }
}

impl fmt::Display for EntityKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A name that is not an entity kind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown entity kind {0:?} (expected btc, eth, tron, iban, phone, gps or amount)")]
pub struct UnknownKind(pub String);

impl FromStr for EntityKind {
    type Err = UnknownKind;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        EntityKind::parse(s).ok_or_else(|| UnknownKind(s.to_string()))
    }
}

/// One entity found in a text.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Entity {
    /// What it is.
    pub kind: EntityKind,
    /// Its normalised value (see the module documentation).
    pub value: String,
    /// The bytes of the text it was read from (always on char boundaries); `0..0` for
    /// [`extract_location`].
    pub span: Range<usize>,
}

/// The entities of `text`, sorted by position, never overlapping. Ambiguous national phone
/// numbers are read as described in the module documentation for an unknown language.
pub fn extract(text: &str) -> Vec<Entity> {
    extract_with_lang(text, "und")
}

/// [`extract`], told the message's language (`fr`, `nl`, `en`, or anything else for unknown,
/// as [`crate::lang::detect`] gives it): it decides only whether a compact `06…` phone number
/// is French or Dutch and whether a compact `04…` one is Belgian or French.
pub fn extract_with_lang(text: &str, lang: &str) -> Vec<Entity> {
    let scan = prescan(text.as_bytes());
    if !scan.any() {
        return Vec::new();
    }
    let mut out = Out { text, items: Vec::new() };
    if scan.long_run {
        wallets(&mut out);
    }
    if scan.iban {
        ibans(&mut out);
    }
    if scan.degree && scan.digit {
        gps_dms(&mut out);
    }
    if scan.dot {
        gps_decimal(&mut out);
    }
    if scan.phone {
        phones(&mut out, lang);
    }
    if scan.digit {
        amounts(&mut out);
    }
    if scan.word_mult {
        word_amounts(&mut out);
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
    Some(Entity { kind: EntityKind::Gps, value: latlon(lat, lon), span: 0..0 })
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
fn normalise_value(written: &str) -> (String, Option<EntityKind>) {
    let t = written.trim();
    match extract(t).as_slice() {
        [e] if e.span == (0..t.len()) => (e.value.clone(), Some(e.kind)),
        _ => (t.to_owned(), None),
    }
}

// ---------------------------------------------------------------------------------------------
// Watchlists

/// Values an investigation watches for (wallets, IBANs, phone numbers…), normalised like the
/// entities [`extract`] finds so that a value is matched however it was written.
///
/// The text format: one value a line, written as in a message (`FR76 3000 6000 0112 3456 7890
/// 189`, `06 12 34 56 78`, `+31 6 12345678`) or in normalised form, optionally tagged with its
/// kind (`iban: FR76…`); blank lines and lines starting with `#` are ignored, and so is a UTF-8
/// byte order mark at the start. Every other line must read, as a whole, as exactly one
/// entity (of its tag's kind, when tagged): a line that could never match (free text, a wallet
/// with a bad checksum, `btc: notawallet`) is an error naming its line, never kept silently.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Watchlist {
    values: BTreeSet<String>,
}

/// A watchlist that cannot be read, or lines of it that cannot be values.
#[derive(Debug, thiserror::Error)]
pub enum WatchlistError {
    // The cause is the source, not in the message: `{:#}` chains would print it twice.
    #[error("cannot read watchlist {}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{}", lines_text(path.as_deref(), problems, *more))]
    Lines {
        /// The file, when the watchlist was loaded from one.
        path: Option<PathBuf>,
        /// The first `MAX_PROBLEMS` unusable lines, in order.
        problems: Vec<LineProblem>,
        /// Unusable lines beyond those.
        more: usize,
    },
}

/// One unusable watchlist line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineProblem {
    /// 1-based.
    pub line: usize,
    pub problem: String,
}

/// Unusable lines reported one by one; the rest are counted.
const MAX_PROBLEMS: usize = 50;

fn lines_text(path: Option<&Path>, problems: &[LineProblem], more: usize) -> String {
    let origin = |line: usize| match path {
        Some(p) => format!("watchlist {}:{line}", p.display()),
        None => format!("watchlist line {line}"),
    };
    let mut lines: Vec<String> = problems.iter().map(|p| format!("{}: {}", origin(p.line), p.problem)).collect();
    if more > 0 {
        lines.push(format!("… and {more} more unusable line(s)"));
    }
    lines.join("\n")
}

/// Why a written value of `kind` was not read as one: what its checks are.
fn kind_hint(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Btc | EntityKind::Eth | EntityKind::Tron => "an address with a valid checksum",
        EntityKind::Iban => "a country code, check digits and account number that pass mod-97",
        EntityKind::Phone => "a phone number, best in international form (+33 6 12 34 56 78)",
        EntityKind::Gps => "a position, lat,lon with decimals",
        EntityKind::Amount => "a number with a currency (80000 EUR, 80k€)",
    }
}

impl Watchlist {
    /// Parses the watchlist format (see [`Watchlist`]); every unusable line is reported.
    pub fn parse(text: &str) -> Result<Watchlist, WatchlistError> {
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        let mut values = BTreeSet::new();
        let mut problems = Vec::new();
        let mut more = 0;
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            match watched_value(line) {
                Ok(value) => {
                    values.insert(value);
                }
                Err(problem) if problems.len() < MAX_PROBLEMS => problems.push(LineProblem { line: i + 1, problem }),
                Err(_) => more += 1,
            }
        }
        if problems.is_empty() {
            Ok(Watchlist { values })
        } else {
            Err(WatchlistError::Lines { path: None, problems, more })
        }
    }

    /// Reads and parses a watchlist file; errors name the file (and the lines).
    pub fn load(path: &Path) -> Result<Watchlist, WatchlistError> {
        let text =
            std::fs::read_to_string(path).map_err(|source| WatchlistError::Io { path: path.to_owned(), source })?;
        Watchlist::parse(&text).map_err(|e| match e {
            WatchlistError::Lines { problems, more, .. } => {
                WatchlistError::Lines { path: Some(path.to_owned()), problems, more }
            }
            e => e,
        })
    }

    /// Whether the normalised `value` (as [`Entity::value`] holds it) is listed.
    pub fn contains(&self, value: &str) -> bool {
        self.values.contains(value)
    }

    /// The listed values among the entities of `text` (read as [`extract_with_lang`] reads it),
    /// each once, in order of first appearance.
    pub fn matches(&self, text: &str, lang: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for e in extract_with_lang(text, lang) {
            if self.contains(&e.value) && !out.contains(&e.value) {
                out.push(e.value);
            }
        }
        out
    }

    /// Distinct values listed.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The normalised values, sorted.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.values.iter().map(String::as_str)
    }
}

/// The normalised value of a (trimmed, non-comment) watchlist line, or why it has none.
fn watched_value(line: &str) -> Result<String, String> {
    const KINDS: &str = "btc, eth, tron, iban, phone, gps, amount";
    let (kind, written) = match line.split_once(':') {
        // `IBAN:FR76…` is a tag; `51.9,4.4` or `+31 6…` hold no colon, `06:30` is not a tag.
        Some((tag, rest)) if tag.chars().all(|c| c.is_ascii_alphabetic()) => {
            let kind = EntityKind::parse(tag).ok_or_else(|| {
                format!("{line:?}: {tag:?} before ':' is not an entity kind ({KINDS}), and values never hold a ':'")
            })?;
            (Some(kind), rest.trim())
        }
        _ => (None, line),
    };
    if written.is_empty() {
        return Err(format!("{line:?}: no value after the tag"));
    }
    match (normalise_value(written), kind) {
        ((value, Some(_)), None) => Ok(value),
        ((value, Some(read)), Some(kind)) if read == kind => Ok(value),
        ((_, Some(read)), Some(kind)) => Err(format!("{line:?}: the value reads as {read}, not {kind}")),
        ((_, None), Some(kind)) => Err(format!("{line:?}: not a valid {kind}: expected {}", kind_hint(kind))),
        ((_, None), None) => Err(match extract(written).len() {
            0 => format!("{line:?}: not a value tapir can match ({KINDS}; a wallet needs a valid checksum)"),
            _ => format!("{line:?}: more than one value, or text around it: write one value a line"),
        }),
    }
}

// ---------------------------------------------------------------------------------------------
// Plumbing

struct Out<'t> {
    text: &'t str,
    items: Vec<Entity>,
}

impl Out<'_> {
    /// Keeps the entity unless its span is empty, not on char boundaries, or overlaps one
    /// already kept. Returns whether it was kept.
    fn push(&mut self, kind: EntityKind, value: String, span: Range<usize>) -> bool {
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

/// What the pre-scan saw; each pass runs only when its trigger is there.
#[derive(Default, Debug)]
struct Prescan {
    /// An ASCII digit: IBANs, coordinates, phones and amounts all need one.
    digit: bool,
    /// An alphanumeric run of 25 bytes or more: a wallet candidate.
    long_run: bool,
    /// `ton`, `million`…: an amount may be written without digits.
    word_mult: bool,
    /// A `°`: degree-minute-second coordinates.
    degree: bool,
    /// A run starting with two letters and two digits: an IBAN candidate.
    iban: bool,
    /// A digit, a dot, a digit: decimal coordinates.
    dot: bool,
    /// A run starting with `0`, or a digit run after `+`: a phone candidate.
    phone: bool,
}

impl Prescan {
    fn any(&self) -> bool {
        self.digit || self.long_run || self.word_mult
    }
}

/// One pass over the bytes, noting what each later pass needs to find anything.
fn prescan(b: &[u8]) -> Prescan {
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

#[inline]
fn is_alnum(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

#[inline]
fn digit_at(b: &[u8], i: usize) -> bool {
    b.get(i).is_some_and(u8::is_ascii_digit)
}

/// Length of the horizontal space at `i`: ASCII space or tab, no-break space (U+00A0), narrow
/// no-break space (U+202F) or thin space (U+2009); 0 if none.
#[inline]
fn space_len(b: &[u8], i: usize) -> usize {
    match b.get(i) {
        Some(b' ' | b'\t') => 1,
        Some(0xC2) if b.get(i + 1) == Some(&0xA0) => 2,
        Some(0xE2) if b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0xAF | 0x89)) => 3,
        _ => 0,
    }
}

/// Length of the horizontal space ending at `i` (exclusive), 0 if none.
fn space_len_before(b: &[u8], i: usize) -> usize {
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
fn alnum_char_at(b: &[u8], i: usize) -> bool {
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
fn word_at(b: &[u8], i: usize, word: &str) -> bool {
    let w = word.as_bytes();
    b.len() >= i + w.len() && b[i..i + w.len()].eq_ignore_ascii_case(w) && !alnum_char_at(b, i + w.len())
}

fn latlon(lat: f64, lon: f64) -> String {
    fn five(x: f64) -> f64 {
        let r = (x * 1e5).round() / 1e5;
        if r == 0.0 { 0.0 } else { r }
    }
    format!("{:.5},{:.5}", five(lat), five(lon))
}

// ---------------------------------------------------------------------------------------------
// Wallets

fn wallets(out: &mut Out) {
    let text = out.text;
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if !is_alnum(b[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && is_alnum(b[i]) {
            i += 1;
        }
        if (25..=62).contains(&(i - start))
            && let Some((kind, value)) = wallet(&text[start..i])
        {
            out.push(kind, value, start..i);
        }
    }
}

/// The kind and normalised value of `tok` (a whole ASCII-alphanumeric run) if it is a valid
/// wallet address.
fn wallet(tok: &str) -> Option<(EntityKind, String)> {
    let b = tok.as_bytes();
    match b[0] {
        b'0' if b.len() == 42 && b[1] == b'x' => {
            eth_valid(&tok[2..]).then(|| (EntityKind::Eth, tok.to_ascii_lowercase()))
        }
        b'b' | b'B' if (b.len() == 42 || b.len() == 62) && b[1..3].eq_ignore_ascii_case(b"c1") => {
            bech32_valid(tok).then(|| (EntityKind::Btc, tok.to_ascii_lowercase()))
        }
        b'1' if b.len() <= 35 => base58_valid(tok, 0x00).then(|| (EntityKind::Btc, tok.to_string())),
        b'3' if b.len() <= 35 => base58_valid(tok, 0x05).then(|| (EntityKind::Btc, tok.to_string())),
        b'T' if b.len() == 34 => base58_valid(tok, 0x41).then(|| (EntityKind::Tron, tok.to_string())),
        _ => None,
    }
}

/// A segwit v0 (bech32) or v1 (bech32m, taproot) mainnet address with a valid checksum and
/// program length.
fn bech32_valid(tok: &str) -> bool {
    use bech32::{Fe32, hrp, segwit};
    match segwit::decode(tok) {
        Ok((h, version, program)) => {
            h == hrp::BC
                && ((version == Fe32::Q && (program.len() == 20 || program.len() == 32))
                    || (version == Fe32::P && program.len() == 32))
        }
        Err(_) => false,
    }
}

/// A base58check string whose payload is `version` followed by a 20-byte hash.
fn base58_valid(tok: &str, version: u8) -> bool {
    let mut buf = [0u8; 40];
    matches!(bs58::decode(tok).with_check(Some(version)).onto(&mut buf[..]), Ok(21))
}

/// 40 hex digits; if they mix cases, the EIP-55 checksum must hold.
fn eth_valid(hex: &str) -> bool {
    use sha3::{Digest, Keccak256};
    let b = hex.as_bytes();
    if b.len() != 40 || !b.iter().all(u8::is_ascii_hexdigit) {
        return false;
    }
    let upper = b.iter().any(u8::is_ascii_uppercase);
    let lower = b.iter().any(u8::is_ascii_lowercase);
    if !(upper && lower) {
        return true;
    }
    let hash = Keccak256::digest(hex.to_ascii_lowercase().as_bytes());
    b.iter().enumerate().all(|(i, c)| {
        let nibble = (hash[i / 2] >> if i % 2 == 0 { 4 } else { 0 }) & 0xf;
        !c.is_ascii_alphabetic() || c.is_ascii_uppercase() == (nibble >= 8)
    })
}

// ---------------------------------------------------------------------------------------------
// IBANs

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

fn ibans(out: &mut Out) {
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

// ---------------------------------------------------------------------------------------------
// GPS

fn gps_decimal(out: &mut Out) {
    let b = out.text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if (b[i].is_ascii_digit() || b[i] == b'-' || b[i] == b'+')
            && let Some((lat, lon, end)) = gps_at(b, i)
            && out.push(EntityKind::Gps, latlon(lat, lon), i..end)
        {
            i = end;
            continue;
        }
        i += 1;
    }
}

/// A signed decimal with 1..=`max_int` integer digits and at least 3 decimals: (value,
/// decimals, end).
fn coord_at(b: &[u8], mut i: usize, max_int: usize) -> Option<(f64, usize, usize)> {
    let start = i;
    if matches!(b.get(i), Some(b'-' | b'+')) {
        i += 1;
    }
    let int_start = i;
    while digit_at(b, i) {
        i += 1;
    }
    if i == int_start || i - int_start > max_int || b.get(i) != Some(&b'.') {
        return None;
    }
    i += 1;
    let frac_start = i;
    while digit_at(b, i) {
        i += 1;
    }
    let decimals = i - frac_start;
    if !(3..=12).contains(&decimals) {
        return None;
    }
    let v: f64 = std::str::from_utf8(&b[start..i]).ok()?.parse().ok()?;
    Some((v, decimals, i))
}

fn gps_at(b: &[u8], start: usize) -> Option<(f64, f64, usize)> {
    if start > 0 {
        let p = b[start - 1];
        if is_alnum(p)
            || p == b'.'
            || p == b'-'
            || p == b'+'
            || (p == b',' && start >= 2 && b[start - 2].is_ascii_digit())
        {
            return None;
        }
    }
    let (lat, lat_dec, mut i) = coord_at(b, start, 2)?;
    let sep_start = i;
    let mut spaces = 0;
    while b.get(i) == Some(&b' ') && spaces < 2 {
        i += 1;
        spaces += 1;
    }
    if matches!(b.get(i), Some(b',' | b';' | b'/')) {
        i += 1;
        spaces = 0;
        while b.get(i) == Some(&b' ') && spaces < 2 {
            i += 1;
            spaces += 1;
        }
    }
    if i == sep_start {
        return None;
    }
    let (lon, lon_dec, end) = coord_at(b, i, 3)?;
    if lat_dec.max(lon_dec) < 4 || lat.abs() > 90.0 || lon.abs() > 180.0 {
        return None;
    }
    if b.get(end).is_some_and(|&c| is_alnum(c)) || (b.get(end) == Some(&b'.') && digit_at(b, end + 1)) {
        return None;
    }
    Some((lat, lon, end))
}

fn dms_regexes() -> &'static [Regex; 2] {
    static RE: OnceLock<[Regex; 2]> = OnceLock::new();
    RE.get_or_init(|| {
        // Degrees, then optional minutes, then optional seconds; no trailing space consumed.
        let deg = r#"([0-9]{1,3}(?:[.,][0-9]+)?)\s*°(?:\s*([0-9]{1,2}(?:[.,][0-9]+)?)\s*['′’](?:\s*([0-9]{1,2}(?:[.,][0-9]+)?)\s*(?:"|″|''|”)?)?)?"#;
        let prefix = format!(r"(?i)\b([NS])\s*{deg}\s*[,;]?\s*([EWO])\s*{deg}");
        let suffix = format!(r"(?i){deg}\s*([NS])\b\s*[,;]?\s*{deg}\s*([EWO])\b");
        [Regex::new(&prefix).expect("valid regex"), Regex::new(&suffix).expect("valid regex")]
    })
}

fn gps_dms(out: &mut Out) {
    let text = out.text;
    let [prefix, suffix] = dms_regexes();
    let mut found = Vec::new();
    for caps in prefix.captures_iter(text) {
        let g = |i: usize| caps.get(i).map(|m| m.as_str());
        let lat = dms(g(2), g(3), g(4), g(1), 90.0);
        let lon = dms(g(6), g(7), g(8), g(5), 180.0);
        if let (Some(lat), Some(lon), Some(m)) = (lat, lon, caps.get(0)) {
            found.push((lat, lon, m.range()));
        }
    }
    for caps in suffix.captures_iter(text) {
        let g = |i: usize| caps.get(i).map(|m| m.as_str());
        let lat = dms(g(1), g(2), g(3), g(4), 90.0);
        let lon = dms(g(5), g(6), g(7), g(8), 180.0);
        if let (Some(lat), Some(lon), Some(m)) = (lat, lon, caps.get(0)) {
            found.push((lat, lon, m.range()));
        }
    }
    for (lat, lon, span) in found {
        out.push(EntityKind::Gps, latlon(lat, lon), span);
    }
}

/// Degrees, minutes, seconds and hemisphere to signed decimal degrees, within `limit`.
fn dms(d: Option<&str>, m: Option<&str>, s: Option<&str>, hemi: Option<&str>, limit: f64) -> Option<f64> {
    let num = |x: &str| x.replace(',', ".").parse::<f64>().ok();
    let d = num(d?)?;
    let m = match m {
        Some(m) => num(m)?,
        None => 0.0,
    };
    let s = match s {
        Some(s) => num(s)?,
        None => 0.0,
    };
    if m >= 60.0 || s >= 60.0 || (d.fract() != 0.0 && m != 0.0) {
        return None;
    }
    let v = d + m / 60.0 + s / 3600.0;
    if v > limit {
        return None;
    }
    let neg = matches!(hemi?.as_bytes().first()?.to_ascii_uppercase(), b'S' | b'W' | b'O');
    Some(if neg { -v } else { v })
}

// ---------------------------------------------------------------------------------------------
// Phone numbers

const MAX_GROUPS: usize = 8;

fn phones(out: &mut Out, lang: &str) {
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

// ---------------------------------------------------------------------------------------------
// Money amounts

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
fn decimal_string(mantissa: u128, scale: u32, pow: u32) -> Option<String> {
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

fn amounts(out: &mut Out) {
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
fn word_amounts(out: &mut Out) {
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

#[cfg(test)]
mod tests;
