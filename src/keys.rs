//! Seized keyrings (spec §5). Keys are secrets: zeroized on drop, redacted in Debug,
//! never part of an error message, a log, an index or a report.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use crate::crypto::Cipher;

/// One seized AES-256 key and its ready key schedule.
pub struct SeizedKey {
    raw: Zeroizing<[u8; 32]>,
    cipher: Cipher,
}

impl SeizedKey {
    pub fn cipher(&self) -> &Cipher {
        &self.cipher
    }
}

impl fmt::Debug for SeizedKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SeizedKey(<redacted>)")
    }
}

/// Where a key line stands: file and 1-based line number.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyOrigin {
    pub path: PathBuf,
    pub line: usize,
}

impl fmt::Display for KeyOrigin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.path.display(), self.line)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum KeyringError {
    #[error("cannot read keyring {}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    /// The problem never quotes the line: it may hold key material.
    #[error("{origin}: {problem}")]
    Malformed { origin: KeyOrigin, problem: &'static str },
    #[error("{second}: key {key_id} of device {imei} was already given, differently, at {first}")]
    Conflict { imei: String, key_id: u32, first: KeyOrigin, second: KeyOrigin },
}

/// The seized keys of many devices, by `(imei, key_id)`.
#[derive(Default, Debug)]
pub struct Keyring {
    keys: HashMap<(String, u32), (SeizedKey, KeyOrigin)>,
}

impl Keyring {
    pub fn new() -> Self {
        Self::default()
    }

    /// Loads several keyring files into one keyring.
    pub fn load_files<P: AsRef<Path>>(paths: &[P]) -> Result<Self, KeyringError> {
        let mut ring = Keyring::new();
        for path in paths {
            ring.load_file(path.as_ref())?;
        }
        Ok(ring)
    }

    /// Adds the keys of one keyring file; returns how many key lines it holds.
    pub fn load_file(&mut self, path: &Path) -> Result<usize, KeyringError> {
        let bytes =
            Zeroizing::new(std::fs::read(path).map_err(|source| KeyringError::Io { path: path.to_owned(), source })?);
        self.add_text(path, &bytes)
    }

    /// Adds the keys of one keyring file's contents (a UTF-8 byte order mark at its start, as
    /// some editors write, is skipped); `path` names it in errors. Returns how many key lines
    /// it holds (a file of comments only holds none, which the caller may want to say).
    pub fn add_text(&mut self, path: &Path, bytes: &[u8]) -> Result<usize, KeyringError> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let mut keys = 0;
        for (index, line) in bytes.split(|&b| b == b'\n').enumerate() {
            let origin = || KeyOrigin { path: path.to_owned(), line: index + 1 };
            let malformed = |problem| KeyringError::Malformed { origin: origin(), problem };
            let line = std::str::from_utf8(line).map_err(|_| malformed("line is not UTF-8 text"))?;
            let line = line.trim_matches(|c| c == ' ' || c == '\t' || c == '\r');
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut fields = line.split([' ', '\t']).filter(|f| !f.is_empty());
            let (Some(imei), Some(key_id), Some(hex_key), None) =
                (fields.next(), fields.next(), fields.next(), fields.next())
            else {
                return Err(malformed("expected three fields: <imei> <key_id> <64 hex digits>"));
            };
            if !(14..=16).contains(&imei.len()) || !imei.bytes().all(|b| b.is_ascii_digit()) {
                return Err(malformed("IMEI must be 14 to 16 digits"));
            }
            let key_id: u32 = key_id.parse().map_err(|_| malformed("key_id must be a decimal number below 2^32"))?;
            let mut raw = Zeroizing::new([0u8; 32]);
            if hex_key.len() != 64 || hex::decode_to_slice(hex_key, raw.as_mut_slice()).is_err() {
                return Err(malformed("key must be exactly 64 hex digits"));
            }
            self.insert(imei, key_id, raw, origin())?;
            keys += 1;
        }
        Ok(keys)
    }

    fn insert(
        &mut self,
        imei: &str,
        key_id: u32,
        raw: Zeroizing<[u8; 32]>,
        origin: KeyOrigin,
    ) -> Result<(), KeyringError> {
        match self.keys.get(&(imei.to_owned(), key_id)) {
            // The same key given twice (e.g. in two seizure batches) is harmless.
            Some((existing, _)) if existing.raw == raw => Ok(()),
            Some((_, first)) => {
                Err(KeyringError::Conflict { imei: imei.to_owned(), key_id, first: first.clone(), second: origin })
            }
            None => {
                let cipher = Cipher::new(&raw);
                self.keys.insert((imei.to_owned(), key_id), (SeizedKey { raw, cipher }, origin));
                Ok(())
            }
        }
    }

    pub fn get(&self, imei: &str, key_id: u32) -> Option<&SeizedKey> {
        // A borrowed-key lookup would need a custom Borrow impl; keyrings are small and
        // callers cache per-device views, so the allocation here is off the hot path.
        self.keys.get(&(imei.to_owned(), key_id)).map(|(k, _)| k)
    }

    /// The keys of one device by key_id: the per-file lookup table of the hot path.
    pub fn device(&self, imei: &str) -> DeviceKeys<'_> {
        DeviceKeys {
            by_id: self.keys.iter().filter(|((i, _), _)| i == imei).map(|((_, id), (k, _))| (*id, k)).collect(),
        }
    }

    /// The key ids held for one device, sorted (identifiers, not key material).
    pub fn key_ids(&self, imei: &str) -> Vec<u32> {
        let mut ids: Vec<u32> = self.keys.keys().filter(|(i, _)| i == imei).map(|(_, id)| *id).collect();
        ids.sort_unstable();
        ids
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Distinct devices with at least one key.
    pub fn devices(&self) -> usize {
        self.imeis().len()
    }

    /// The IMEIs of the devices with at least one key (identifiers, not key material).
    pub fn imeis(&self) -> std::collections::HashSet<&str> {
        self.keys.keys().map(|(imei, _)| imei.as_str()).collect()
    }
}

/// The keys of one device.
pub struct DeviceKeys<'k> {
    by_id: HashMap<u32, &'k SeizedKey>,
}

impl<'k> DeviceKeys<'k> {
    pub fn get(&self, key_id: u32) -> Option<&'k SeizedKey> {
        self.by_id.get(&key_id).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const K1: &str = "0101010101010101010101010101010101010101010101010101010101010101";
    const K2: &str = "0202020202020202020202020202020202020202020202020202020202020202";

    fn ring(text: &str) -> Result<Keyring, KeyringError> {
        let mut r = Keyring::new();
        r.add_text(Path::new("a.keys"), text.as_bytes())?;
        Ok(r)
    }

    #[test]
    fn parses_comments_blanks_tabs_and_crlf() {
        let r = ring(&format!("# seized\n\n356938035643809 1 {K1}\r\n356938035643809\t2\t{K2}\n")).unwrap();
        assert_eq!(r.len(), 2);
        assert!(r.get("356938035643809", 2).is_some());
        assert!(r.get("356938035643809", 3).is_none());
        assert_eq!(r.devices(), 1);
    }

    /// Issue 11: a keyring saved with a byte order mark failed on line 1.
    #[test]
    fn a_byte_order_mark_is_skipped_and_key_lines_are_counted() {
        let mut r = Keyring::new();
        let text = format!("\u{FEFF}356938035643809 1 {K1}\n# more\n356938035643809 2 {K2}\n");
        assert_eq!(r.add_text(Path::new("bom.keys"), text.as_bytes()).unwrap(), 2);
        assert!(r.get("356938035643809", 1).is_some());
        assert_eq!(r.add_text(Path::new("empty.keys"), b"\xEF\xBB\xBF# no keys yet\n\n").unwrap(), 0);
        // A BOM anywhere else is not a key line.
        let err = r.add_text(Path::new("x.keys"), format!("\n\u{FEFF}356938035643809 3 {K1}").as_bytes());
        assert_eq!(err.unwrap_err().to_string(), "x.keys:2: IMEI must be 14 to 16 digits");
    }

    #[test]
    fn errors_name_file_and_line_and_never_quote_the_key() {
        let err = ring(&format!("# c\n356938035643809 1 {}\n", &K1[..63])).unwrap_err().to_string();
        assert_eq!(err, "a.keys:2: key must be exactly 64 hex digits");
        assert!(!err.contains("0101"));
        let err = ring(&format!("12 1 {K1}")).unwrap_err().to_string();
        assert!(err.starts_with("a.keys:1: IMEI"), "{err}");
        let err = ring(&format!("356938035643809 x {K1}")).unwrap_err().to_string();
        assert!(err.contains("key_id"), "{err}");
        let err = ring(&format!("356938035643809 1 {K1} extra")).unwrap_err().to_string();
        assert!(err.contains("three fields"), "{err}");
    }

    #[test]
    fn a_conflicting_key_names_both_places_and_a_repeat_is_fine() {
        let mut r = ring(&format!("356938035643809 1 {K1}\n")).unwrap();
        r.add_text(Path::new("b.keys"), format!("\n356938035643809 1 {K1}\n").as_bytes()).unwrap();
        let err = r.add_text(Path::new("c.keys"), format!("356938035643809 1 {K2}\n").as_bytes()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "c.keys:1: key 1 of device 356938035643809 was already given, differently, at a.keys:1"
        );
    }

    #[test]
    fn debug_output_is_redacted() {
        let r = ring(&format!("356938035643809 1 {K1}\n")).unwrap();
        let dbg = format!("{r:?}");
        assert!(dbg.contains("redacted") && !dbg.contains("0101") && !dbg.contains("[1, 1"), "{dbg}");
    }
}
