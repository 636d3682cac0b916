//! The file header (§3): magic, version, length, device identity, capture window, CRC.

use nom::number::complete::le_u64;

use crate::error::HeaderError;
use crate::primitives::str8;
use crate::text::Text;
use crate::{MAGIC, VERSION, crc32};

/// Bytes before the variable part: magic (8), version (2), header_len (2).
const FIXED_PREFIX: usize = 12;
/// The smallest header that could hold its fields: prefix, two empty-ish str8 with a
/// 14-digit IMEI, two times, CRC.
const MIN_HEADER_LEN: usize = FIXED_PREFIX + 1 + 14 + 1 + 8 + 8 + 4;

/// A checked header. It starts at offset 0; `header_len` bytes later the frames begin.
#[derive(Debug, Clone, PartialEq)]
pub struct Header<'a> {
    pub version: u16,
    pub header_len: u16,
    /// 14 to 16 ASCII digits.
    pub imei: &'a str,
    pub handle: Text<'a>,
    /// Milliseconds since the Unix epoch, UTC.
    pub capture_start: u64,
    pub capture_end: u64,
    /// Bytes between the capture window and the CRC, ignored by v1 decoders.
    pub extension: &'a [u8],
    /// Offset of `extension` in the file.
    pub extension_offset: u64,
}

impl Header<'_> {
    /// A header whose capture window ends before it starts is kept (its frames are
    /// readable) but worth an anomaly in a report.
    pub fn window_is_reversed(&self) -> bool {
        self.capture_end < self.capture_start
    }
}

/// Checks and decodes the header at the start of `file`. Checks run in the order a reader
/// needs them: magic, version (so a future version is named as such, not as corruption),
/// length, CRC, then the fields.
pub fn parse_header(file: &[u8]) -> Result<Header<'_>, HeaderError> {
    if file.len() < FIXED_PREFIX {
        return Err(HeaderError::TooShort { size: file.len() });
    }
    if file[..8] != MAGIC {
        return Err(HeaderError::BadMagic);
    }
    let version = u16::from_le_bytes([file[8], file[9]]);
    if version != VERSION {
        return Err(HeaderError::UnsupportedVersion(version));
    }
    let header_len = u16::from_le_bytes([file[10], file[11]]);
    let len = usize::from(header_len);
    if len < MIN_HEADER_LEN || len > file.len() {
        return Err(HeaderError::BadHeaderLen { header_len, file_size: file.len() });
    }
    let crc_at = len - 4;
    let stored = u32::from_le_bytes([file[crc_at], file[crc_at + 1], file[crc_at + 2], file[crc_at + 3]]);
    let computed = crc32(&file[..crc_at]);
    if stored != computed {
        return Err(HeaderError::BadCrc { stored, computed });
    }

    let fields = &file[FIXED_PREFIX..crc_at];
    let truncated = |field| move |_| HeaderError::Truncated { field };
    let (rest, imei) = str8(fields).map_err(truncated("imei"))?;
    let (rest, handle) = str8(rest).map_err(truncated("handle"))?;
    let (rest, capture_start) = le_u64::<_, nom::error::Error<_>>(rest).map_err(truncated("capture_start"))?;
    let (extension, capture_end) = le_u64::<_, nom::error::Error<_>>(rest).map_err(truncated("capture_end"))?;

    if !(14..=16).contains(&imei.len()) || !imei.iter().all(u8::is_ascii_digit) {
        return Err(HeaderError::BadImei);
    }
    // All ASCII digits, hence valid UTF-8.
    let imei = std::str::from_utf8(imei).map_err(|_| HeaderError::BadImei)?;

    Ok(Header {
        version,
        header_len,
        imei,
        handle: Text(handle),
        capture_start,
        capture_end,
        extension,
        extension_offset: (crc_at - extension.len()) as u64,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The spec's §7 example header: 60 bytes.
    pub(crate) fn example_header(version: u16, extension: &[u8]) -> Vec<u8> {
        let mut body = Vec::new();
        body.push(15);
        body.extend_from_slice(b"356938035643809");
        body.push(11);
        body.extend_from_slice(b"renard-gris");
        body.extend_from_slice(&1_000u64.to_le_bytes());
        body.extend_from_slice(&2_000u64.to_le_bytes());
        body.extend_from_slice(extension);
        let header_len = (12 + body.len() + 4) as u16;
        let mut out = MAGIC.to_vec();
        out.extend_from_slice(&version.to_le_bytes());
        out.extend_from_slice(&header_len.to_le_bytes());
        out.extend_from_slice(&body);
        let crc = crc32(&out);
        out.extend_from_slice(&crc.to_le_bytes());
        out
    }

    #[test]
    fn decodes_the_spec_example() {
        let bytes = example_header(1, b"");
        assert_eq!(bytes.len(), 60);
        let h = parse_header(&bytes).unwrap();
        assert_eq!(h.imei, "356938035643809");
        assert_eq!(h.handle.to_str_lossy(), "renard-gris");
        assert_eq!((h.capture_start, h.capture_end, h.header_len), (1_000, 2_000, 60));
        assert!(h.extension.is_empty());
    }

    #[test]
    fn keeps_extension_bytes() {
        let bytes = example_header(1, &[0, 0, 0, 0]);
        let h = parse_header(&bytes).unwrap();
        assert_eq!(h.extension, &[0, 0, 0, 0]);
        assert_eq!(h.extension_offset, 56);
    }

    #[test]
    fn names_an_unsupported_version() {
        let err = parse_header(&example_header(2, b"")).unwrap_err();
        assert_eq!(err.to_string(), "unsupported ECD version 2");
    }

    #[test]
    fn rejects_bad_crc_magic_and_short_files() {
        let mut bytes = example_header(1, b"");
        bytes[20] ^= 1;
        assert!(matches!(parse_header(&bytes), Err(HeaderError::BadCrc { .. })));
        let mut bytes = example_header(1, b"");
        bytes[0] = b'X';
        assert_eq!(parse_header(&bytes), Err(HeaderError::BadMagic));
        assert_eq!(parse_header(&bytes[..5]), Err(HeaderError::TooShort { size: 5 }));
    }
}
