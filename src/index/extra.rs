//! Kind-specific details of a message (an image's file, a location's coordinates), stored as
//! JSON in the document's `extra` field.

/// An image's file or a location's coordinates.
///
/// The stored bytes are this value as serde_json writes it. Field order matters: indexes
/// were first written from a `serde_json::Map`, whose keys are sorted, and the same documents
/// must keep the same bytes.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(untagged)]
pub enum Extra {
    Image { byte_size: u64, file_name: String, sha256: String },
    Location { lat: f64, lon: f64 },
}

impl Extra {
    /// The bytes the `extra` field stores.
    pub(crate) fn to_stored(&self) -> Vec<u8> {
        // Strings, integers and floats only (non-finite floats become `null`): this cannot fail.
        serde_json::to_vec(self).unwrap_or_default()
    }

    /// The stored bytes read back; `None` for anything else (a coordinate stored as `null`).
    pub(crate) fn of_stored(bytes: &[u8]) -> Option<Extra> {
        serde_json::from_slice(bytes).ok()
    }

    /// A location's `(lat, lon)`.
    pub fn position(&self) -> Option<(f64, f64)> {
        match *self {
            Extra::Location { lat, lon } => Some((lat, lon)),
            Extra::Image { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Extra;

    /// The bytes are those the index stored when `extra` was an untyped JSON value, so that
    /// documents merged with an earlier run's, and their readers, see them unchanged.
    #[test]
    fn stored_bytes_are_the_untyped_json_of_before() {
        let image = Extra::Image { byte_size: 48_213, file_name: "IMG_\"0042\".jpg".into(), sha256: "ab".repeat(32) };
        let before =
            serde_json::json!({ "file_name": "IMG_\"0042\".jpg", "byte_size": 48_213, "sha256": "ab".repeat(32) });
        assert_eq!(image.to_stored(), before.to_string().into_bytes());
        let location = Extra::Location { lat: 50.846_7, lon: -4.352_5e-3 };
        let before = serde_json::json!({ "lat": 50.846_7, "lon": -4.352_5e-3 });
        assert_eq!(location.to_stored(), before.to_string().into_bytes());
        for e in [image, location] {
            assert_eq!(Extra::of_stored(&e.to_stored()), Some(e));
        }
        assert_eq!(Extra::Location { lat: f64::NAN, lon: 1.0 }.to_stored(), br#"{"lat":null,"lon":1.0}"#);
        assert_eq!(Extra::of_stored(br#"{"lat":null,"lon":1.0}"#), None);
        assert_eq!(Extra::of_stored(b"not json"), None);
    }
}
