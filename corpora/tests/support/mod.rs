//! Test support: a toy sealer (no real crypto) and an independent, minimal ECD v1 decoder
//! written from the spec, to check the generator's bytes against its own truth.
#![allow(dead_code)]

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use tapir_corpora::Sealer;
use tapir_corpora::truth::StatusCounts;

/// XORs with a key/nonce stream and appends a 16-byte checksum tag over key, nonce, AAD and
/// ciphertext, so that tampering is detected like with AES-GCM.
pub struct TestSealer;

fn keystream(key: &[u8; 32], nonce: &[u8; 12], i: usize) -> u8 {
    key[i % 32] ^ nonce[i % 12] ^ (i as u8).wrapping_mul(31)
}

fn tag(key: &[u8; 32], nonce: &[u8; 12], aad: &[u8], ct: &[u8]) -> [u8; 16] {
    let mut t = [0u8; 16];
    for j in 0..4u8 {
        let mut h = crc32fast::Hasher::new();
        h.update(&[j]);
        h.update(key);
        h.update(nonce);
        h.update(aad);
        h.update(ct);
        t[j as usize * 4..j as usize * 4 + 4].copy_from_slice(&h.finalize().to_le_bytes());
    }
    t
}

impl Sealer for TestSealer {
    type Cipher = [u8; 32];
    fn cipher(&self, key: &[u8; 32]) -> [u8; 32] {
        *key
    }
    fn seal(&self, key: &[u8; 32], nonce: &[u8; 12], aad: &[u8], buf: &mut Vec<u8>) {
        for (i, b) in buf.iter_mut().enumerate() {
            *b ^= keystream(key, nonce, i);
        }
        let t = tag(key, nonce, aad, buf);
        buf.extend_from_slice(&t);
    }
}

pub fn open(key: &[u8; 32], nonce: &[u8; 12], aad: &[u8], sealed: &[u8]) -> Option<Vec<u8>> {
    let split = sealed.len().checked_sub(16)?;
    let (ct, t) = sealed.split_at(split);
    if tag(key, nonce, aad, ct) != t {
        return None;
    }
    Some(ct.iter().enumerate().map(|(i, b)| b ^ keystream(key, nonce, i)).collect())
}

pub type Keyring = HashMap<(String, u32), [u8; 32]>;

/// Parses a §5 keyring.
pub fn read_keyring(path: &Path) -> Keyring {
    let text = std::fs::read_to_string(path).unwrap();
    let mut keys = HashMap::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = line.split([' ', '\t']).filter(|s| !s.is_empty()).collect();
        assert_eq!(f.len(), 3, "bad keyring line {line:?}");
        let mut key = [0u8; 32];
        for (i, k) in key.iter_mut().enumerate() {
            *k = u8::from_str_radix(&f[2][i * 2..i * 2 + 2], 16).unwrap();
        }
        assert!(keys.insert((f[0].to_owned(), f[1].parse().unwrap()), key).is_none());
    }
    keys
}

/// A decoded message copy.
#[derive(Debug, Clone)]
pub struct Copy {
    pub sender: String,
    pub recipient: String,
    pub message_id: u64,
    pub direction: u8,
    pub status: &'static str,
    /// Decrypted text (TEXT) or caption/label, lossily decoded.
    pub text: Option<String>,
}

/// What a conforming decoder reports for one file.
#[derive(Debug, Default)]
pub struct Report {
    pub imei: String,
    pub handle: String,
    pub header_len: u64,
    pub size: u64,
    pub valid_frames: u64,
    pub valid_bytes: u64,
    pub spans: Vec<[u64; 2]>,
    pub truncated: bool,
    pub trailing_garbage: bool,
    pub messages: StatusCounts,
    pub notes: StatusCounts,
    pub contacts: u64,
    pub unknown: u64,
    pub deleted: u64,
    pub lossy_utf8: u64,
    pub copies: Vec<Copy>,
    pub trailer_count: Option<u64>,
}

struct Cur<'a> {
    b: &'a [u8],
    p: usize,
}

impl<'a> Cur<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let s = self.b.get(self.p..self.p.checked_add(n)?)?;
        self.p += n;
        Some(s)
    }
    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    fn f64(&mut self) -> Option<f64> {
        Some(f64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    fn str8(&mut self) -> Option<&'a [u8]> {
        let n = self.u8()? as usize;
        self.take(n)
    }
    fn str32(&mut self) -> Option<&'a [u8]> {
        let n = self.u32()? as usize;
        self.take(n)
    }
    fn done(&self) -> bool {
        self.p == self.b.len()
    }
}

fn crc(b: &[u8]) -> u32 {
    crc32fast::hash(b)
}

/// Parses a header; `Err(reason)` when the file must be rejected.
pub fn header(b: &[u8]) -> Result<(String, String, usize), String> {
    if b.len() < 12 || &b[..8] != b"ECDUMP\r\n" {
        return Err("bad magic".into());
    }
    let version = u16::from_le_bytes([b[8], b[9]]);
    if version != 1 {
        return Err(format!("unsupported ECD version {version}"));
    }
    let hl = u16::from_le_bytes([b[10], b[11]]) as usize;
    if hl > b.len() || hl < 12 + 2 + 16 + 4 {
        return Err("bad header_len".into());
    }
    let stored = u32::from_le_bytes(b[hl - 4..hl].try_into().unwrap());
    if crc(&b[..hl - 4]) != stored {
        return Err("header CRC mismatch".into());
    }
    let mut c = Cur { b: &b[..hl - 4], p: 12 };
    let imei = String::from_utf8(c.str8().ok_or("imei")?.to_vec()).map_err(|_| "imei")?;
    let handle = String::from_utf8(c.str8().ok_or("handle")?.to_vec()).map_err(|_| "handle")?;
    let start = c.u64().ok_or("start")?;
    let end = c.u64().ok_or("end")?;
    if !(14..=16).contains(&imei.len()) || !imei.bytes().all(|d| d.is_ascii_digit()) || end < start {
        return Err("bad header fields".into());
    }
    Ok((imei, handle, hl))
}

fn valid_frame_at(b: &[u8], p: usize) -> Option<usize> {
    if p + 12 > b.len() || b[p] != 0xEC || b[p + 1] != 0x5A {
        return None;
    }
    let len = u32::from_le_bytes(b[p + 4..p + 8].try_into().ok()?) as usize;
    if len > 16 * 1024 * 1024 || p + 12 + len > b.len() {
        return None;
    }
    let stored = u32::from_le_bytes(b[p + 8 + len..p + 12 + len].try_into().ok()?);
    (crc(&b[p + 2..p + 8 + len]) == stored).then_some(12 + len)
}

fn lossy(bytes: &[u8], lossy_flag: &mut bool) -> String {
    if std::str::from_utf8(bytes).is_err() {
        *lossy_flag = true;
    }
    String::from_utf8_lossy(bytes).into_owned()
}

/// Parses a decrypted message body: Some((text, lossy)) or None (bad_body).
fn body(b: &[u8]) -> Option<(String, bool)> {
    let mut c = Cur { b, p: 0 };
    let mut l = false;
    let text = match c.u8()? {
        1 => lossy(c.str32()?, &mut l),
        2 => {
            let name = c.str8()?;
            let _ = lossy(name, &mut l);
            c.u32()?;
            c.take(32)?;
            lossy(c.str32()?, &mut l)
        }
        3 => {
            let lat = c.f64()?;
            let lon = c.f64()?;
            assert!((-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon));
            lossy(c.str32()?, &mut l)
        }
        _ => return None,
    };
    c.done().then_some((text, l))
}

/// Decodes a readable file per spec §6.
pub fn decode(bytes: &[u8], keys: &Keyring) -> Result<Report, String> {
    let (imei, handle, hl) = header(bytes)?;
    let mut r =
        Report { imei: imei.clone(), handle, header_len: hl as u64, size: bytes.len() as u64, ..Report::default() };
    let mut p = hl;
    let mut trailer = false;
    while p < bytes.len() {
        let Some(size) = valid_frame_at(bytes, p) else {
            let mut q = p + 1;
            let next = loop {
                if q + 1 >= bytes.len() {
                    break bytes.len();
                }
                if bytes[q] == 0xEC && bytes[q + 1] == 0x5A && valid_frame_at(bytes, q).is_some() {
                    break q;
                }
                q += 1;
            };
            r.spans.push([p as u64, (next - p) as u64]);
            p = next;
            continue;
        };
        r.valid_frames += 1;
        r.valid_bytes += size as u64;
        let ftype = bytes[p + 2];
        let flags = bytes[p + 3];
        let payload = &bytes[p + 8..p + size - 4];
        p += size;
        match ftype {
            0x01 => {
                r.deleted += u64::from(flags & 1);
                let (status, copy) = message(payload, &imei, keys, &mut r.lossy_utf8);
                r.messages.found += 1;
                bump(&mut r.messages, status);
                if let Some(c) = copy {
                    r.copies.push(c);
                }
            }
            0x03 => {
                r.deleted += u64::from(flags & 1);
                let status = note(payload, &imei, keys, &mut r.lossy_utf8);
                r.notes.found += 1;
                bump(&mut r.notes, status);
            }
            0x02 => {
                let mut c = Cur { b: payload, p: 0 };
                let ok = c.str8().is_some() && c.str8().is_some() && c.u64().is_some() && c.done();
                assert!(ok, "malformed contact");
                r.contacts += 1;
            }
            0x7F => {
                r.trailer_count = Some(u64::from_le_bytes(payload.try_into().unwrap()));
                trailer = true;
                if p < bytes.len() {
                    r.spans.push([p as u64, (bytes.len() - p) as u64]);
                    r.trailing_garbage = true;
                }
                break;
            }
            _ => r.unknown += 1,
        }
    }
    r.truncated = !trailer;
    Ok(r)
}

fn bump(c: &mut StatusCounts, status: &str) {
    match status {
        "decrypted" => c.decrypted += 1,
        "no_key" => c.no_key += 1,
        "auth_failed" => c.auth_failed += 1,
        "bad_body" => c.bad_body += 1,
        "malformed" => c.malformed += 1,
        other => panic!("{other}"),
    }
}

fn message(payload: &[u8], imei: &str, keys: &Keyring, lossy_count: &mut u64) -> (&'static str, Option<Copy>) {
    let mut c = Cur { b: payload, p: 0 };
    let parsed = (|| {
        let id = c.u64()?;
        c.u64()?;
        let dir = c.u8()?;
        let sender = c.str8()?;
        let recipient = c.str8()?;
        let key_id = c.u32()?;
        let aad_end = c.p;
        let nonce: [u8; 12] = c.take(12)?.try_into().ok()?;
        let sealed = c.str32()?;
        (c.done() && dir <= 1 && sealed.len() >= 16)
            .then_some((id, dir, sender, recipient, key_id, aad_end, nonce, sealed))
    })();
    let Some((message_id, direction, sender, recipient, key_id, aad_end, nonce, sealed)) = parsed else {
        return ("malformed", None);
    };
    let mut copy = Copy {
        sender: String::from_utf8_lossy(sender).into_owned(),
        recipient: String::from_utf8_lossy(recipient).into_owned(),
        message_id,
        direction,
        status: "no_key",
        text: None,
    };
    let Some(key) = keys.get(&(imei.to_owned(), key_id)) else { return ("no_key", Some(copy)) };
    let Some(plain) = open(key, &nonce, &payload[..aad_end], sealed) else {
        copy.status = "auth_failed";
        return ("auth_failed", Some(copy));
    };
    let Some((text, l)) = body(&plain) else {
        copy.status = "bad_body";
        return ("bad_body", Some(copy));
    };
    *lossy_count += u64::from(l);
    copy.status = "decrypted";
    copy.text = Some(text);
    ("decrypted", Some(copy))
}

fn note(payload: &[u8], imei: &str, keys: &Keyring, lossy_count: &mut u64) -> &'static str {
    let mut c = Cur { b: payload, p: 0 };
    let parsed = (|| {
        c.u64()?;
        c.u64()?;
        let key_id = c.u32()?;
        let aad_end = c.p;
        let nonce: [u8; 12] = c.take(12)?.try_into().ok()?;
        let sealed = c.str32()?;
        (c.done() && sealed.len() >= 16).then_some((key_id, aad_end, nonce, sealed))
    })();
    let Some((key_id, aad_end, nonce, sealed)) = parsed else { return "malformed" };
    let Some(key) = keys.get(&(imei.to_owned(), key_id)) else { return "no_key" };
    let Some(plain) = open(key, &nonce, &payload[..aad_end], sealed) else { return "auth_failed" };
    *lossy_count += u64::from(std::str::from_utf8(&plain).is_err());
    "decrypted"
}

/// Decodes every readable file of a corpus; returns reports by name and rejections by path.
pub fn decode_corpus(dir: &Path) -> (BTreeMap<String, Report>, BTreeMap<String, String>) {
    let keys = read_keyring(&dir.join("keys/seized.keys"));
    let mut reports = BTreeMap::new();
    let mut rejected = BTreeMap::new();
    for entry in std::fs::read_dir(dir.join("dumps")).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().into_string().unwrap();
        let bytes = std::fs::read(entry.path()).unwrap();
        match decode(&bytes, &keys) {
            Ok(r) => {
                reports.insert(name, r);
            }
            Err(reason) => {
                rejected.insert(format!("dumps/{name}"), reason);
            }
        }
    }
    (reports, rejected)
}
