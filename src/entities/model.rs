//! The entity model: kinds, and an entity's normalised value and span.

use std::fmt;
use std::ops::Range;
use std::str::FromStr;

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
