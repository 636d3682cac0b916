//! What a logical message (or note) holds, as the index stores it: a closed vocabulary, so that
//! consumers match on it instead of comparing strings.

/// A document's kind: `text`, `image`, `location`, `note`, or `unknown` while no copy decrypts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Text,
    Image,
    Location,
    Note,
    Unknown,
}

impl Kind {
    pub const ALL: [Kind; 5] = [Kind::Text, Kind::Image, Kind::Location, Kind::Note, Kind::Unknown];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Text => "text",
            Kind::Image => "image",
            Kind::Location => "location",
            Kind::Note => "note",
            Kind::Unknown => "unknown",
        }
    }

    /// The stored value read back; anything else (an index written by a later version) is
    /// `unknown` rather than an error, as a message no copy of which decrypts.
    pub fn of_stored(s: &str) -> Kind {
        Kind::ALL.into_iter().find(|k| k.as_str() == s).unwrap_or(Kind::Unknown)
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::Kind;

    #[test]
    fn every_kind_reads_back_as_stored_and_serialises_as_its_name() {
        for k in Kind::ALL {
            assert_eq!(Kind::of_stored(k.as_str()), k);
            assert_eq!(serde_json::to_value(k).unwrap(), serde_json::json!(k.as_str()));
        }
        assert_eq!(Kind::of_stored("hologram"), Kind::Unknown);
    }
}
