//! Decrypted MESSAGE bodies (§4.1): TEXT, IMAGE, LOCATION. A body must be consumed exactly.

use nom::number::complete::{le_f64, le_u8, le_u32};

use crate::error::PayloadError;
use crate::primitives::{array, end, field, str8, str32};
use crate::text::Text;

/// A body kind code; unknown codes are kept for the report.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct BodyKind(pub u8);

impl BodyKind {
    pub const TEXT: BodyKind = BodyKind(0x01);
    pub const IMAGE: BodyKind = BodyKind(0x02);
    pub const LOCATION: BodyKind = BodyKind(0x03);

    pub fn name(self) -> Option<&'static str> {
        match self {
            Self::TEXT => Some("text"),
            Self::IMAGE => Some("image"),
            Self::LOCATION => Some("location"),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Body<'a> {
    Text { text: Text<'a> },
    Image { file_name: Text<'a>, byte_size: u32, sha256: &'a [u8; 32], caption: Text<'a> },
    Location { lat: f64, lon: f64, label: Text<'a> },
}

impl<'a> Body<'a> {
    pub fn kind(&self) -> BodyKind {
        match self {
            Body::Text { .. } => BodyKind::TEXT,
            Body::Image { .. } => BodyKind::IMAGE,
            Body::Location { .. } => BodyKind::LOCATION,
        }
    }

    /// The words a person reads: the text, the caption or the label.
    pub fn readable_text(&self) -> Text<'a> {
        match *self {
            Body::Text { text } => text,
            Body::Image { caption, .. } => caption,
            Body::Location { label, .. } => label,
        }
    }

    /// Whether any text field needed lossy UTF-8 decoding.
    pub fn is_lossy(&self) -> bool {
        match self {
            Body::Text { text } => !text.is_utf8(),
            Body::Image { file_name, caption, .. } => !file_name.is_utf8() || !caption.is_utf8(),
            Body::Location { label, .. } => !label.is_utf8(),
        }
    }
}

/// Decodes a decrypted message body.
pub fn parse_body(plain: &[u8]) -> Result<Body<'_>, PayloadError> {
    let (i, kind) = le_u8::<_, nom::error::Error<_>>(plain).map_err(|_| PayloadError::EmptyBody)?;
    let (rest, body) = match BodyKind(kind) {
        BodyKind::TEXT => {
            let (i, text) = field(i, "text", str32)?;
            (i, Body::Text { text: Text(text) })
        }
        BodyKind::IMAGE => {
            let (i, file_name) = field(i, "file_name", str8)?;
            let (i, byte_size) = field(i, "byte_size", le_u32)?;
            let (i, sha256) = field(i, "sha256", array::<32>)?;
            let (i, caption) = field(i, "caption", str32)?;
            (i, Body::Image { file_name: Text(file_name), byte_size, sha256, caption: Text(caption) })
        }
        BodyKind::LOCATION => {
            let (i, lat) = field(i, "lat", le_f64)?;
            let (i, lon) = field(i, "lon", le_f64)?;
            let (i, label) = field(i, "label", str32)?;
            (i, Body::Location { lat, lon, label: Text(label) })
        }
        other => return Err(PayloadError::UnknownBodyKind(other)),
    };
    end(rest)?;
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_body(text: &[u8]) -> Vec<u8> {
        let mut b = vec![1];
        b.extend_from_slice(&(text.len() as u32).to_le_bytes());
        b.extend_from_slice(text);
        b
    }

    #[test]
    fn text_bodies_are_exact_and_lossy_text_is_kept() {
        let b = text_body("salut".as_bytes());
        assert_eq!(parse_body(&b).unwrap().readable_text().to_str_lossy(), "salut");
        let lossy = text_body(b"ok \xff\xfe fin");
        let body = parse_body(&lossy).unwrap();
        assert!(body.is_lossy());
        assert_eq!(body.readable_text().to_str_lossy(), "ok \u{FFFD}\u{FFFD} fin");
        let mut extra = b.clone();
        extra.extend_from_slice(&[0, 0]);
        assert_eq!(parse_body(&extra), Err(PayloadError::Leftover { bytes: 2 }));
        assert_eq!(parse_body(&b[..6]), Err(PayloadError::Truncated { field: "text" }));
        assert_eq!(parse_body(&[9, 0]), Err(PayloadError::UnknownBodyKind(BodyKind(9))));
        assert_eq!(parse_body(&[]), Err(PayloadError::EmptyBody));
    }

    #[test]
    fn image_and_location_bodies() {
        let mut img = vec![2, 3];
        img.extend_from_slice(b"a.j");
        img.extend_from_slice(&77u32.to_le_bytes());
        img.extend_from_slice(&[7; 32]);
        img.extend_from_slice(&2u32.to_le_bytes());
        img.extend_from_slice(b"hi");
        assert!(matches!(parse_body(&img).unwrap(), Body::Image { byte_size: 77, caption, .. } if caption.0 == b"hi"));
        let mut loc = vec![3];
        loc.extend_from_slice(&43.3f64.to_le_bytes());
        loc.extend_from_slice(&5.4f64.to_le_bytes());
        loc.extend_from_slice(&0u32.to_le_bytes());
        assert!(matches!(parse_body(&loc).unwrap(), Body::Location { lat, lon, .. } if lat == 43.3 && lon == 5.4));
    }
}
