//! Watchlists: the values an investigation watches for, read from a file.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::{EntityKind, extract, extract_with_lang, normalise_value};

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
