//! Robustness: `decode_dump` never panics and its §6 accounting always balances, on dumps
//! holding real AES-256-GCM sealed bodies that are then damaged; the keyring parser never
//! panics on any text and never quotes key material in an error.

use std::path::Path;

use proptest::prelude::*;
use tapir::crypto::Cipher;
use tapir::decode::{Opened, OpenedNote, Status, Visitor};
use tapir::{Keyring, decode_dump};
use tapir_parsers::{Frame, FrameType, Message, Note, PayloadError};

const IMEI: &str = "356938035643809";
const KEY1: [u8; 32] = [0x11; 32];
const KEY2: [u8; 32] = [0x22; 32];
const WRONG: [u8; 32] = [0x99; 32];

fn keyring() -> Keyring {
    let mut ring = Keyring::new();
    let text = format!("# test keys\n{IMEI} 1 {}\n{IMEI}\t2\t{}\n", hex::encode(KEY1), hex::encode(KEY2));
    ring.add_text(Path::new("test.keys"), text.as_bytes()).unwrap();
    ring
}

// ---------------------------------------------------------------------------------------
// A small encoder with real sealing, written from the spec.
// ---------------------------------------------------------------------------------------

fn crc(bytes: &[u8]) -> u32 {
    tapir_parsers::crc32(bytes)
}

fn str8(out: &mut Vec<u8>, s: &[u8]) {
    out.push(s.len() as u8);
    out.extend_from_slice(s);
}

fn str32(out: &mut Vec<u8>, s: &[u8]) {
    out.extend_from_slice(&(s.len() as u32).to_le_bytes());
    out.extend_from_slice(s);
}

fn header(imei: &str) -> Vec<u8> {
    let mut body = Vec::new();
    str8(&mut body, imei.as_bytes());
    str8(&mut body, b"renard-gris");
    body.extend_from_slice(&1_000u64.to_le_bytes());
    body.extend_from_slice(&2_000u64.to_le_bytes());
    let mut out = b"ECDUMP\r\n".to_vec();
    out.extend_from_slice(&1u16.to_le_bytes());
    out.extend_from_slice(&((12 + body.len() + 4) as u16).to_le_bytes());
    out.extend_from_slice(&body);
    let c = crc(&out);
    out.extend_from_slice(&c.to_le_bytes());
    out
}

fn frame(frame_type: u8, flags: u8, payload: &[u8]) -> Vec<u8> {
    let mut out = vec![0xEC, 0x5A, frame_type, flags];
    out.extend_from_slice(&(payload.len() as u32).to_le_bytes());
    out.extend_from_slice(payload);
    let c = crc(&out[2..]);
    out.extend_from_slice(&c.to_le_bytes());
    out
}

/// Which key seals a body, and so which status the decoder must give it.
#[derive(Clone, Copy, Debug)]
enum Sealing {
    Key1,
    Key2,
    /// key_id 7, which the keyring lacks: `no_key`.
    Missing,
    /// key_id 1 but sealed with another key: `auth_failed`.
    WrongKey,
}

impl Sealing {
    fn key_id(self) -> u32 {
        match self {
            Sealing::Key1 | Sealing::WrongKey => 1,
            Sealing::Key2 => 2,
            Sealing::Missing => 7,
        }
    }
    fn key(self) -> &'static [u8; 32] {
        match self {
            Sealing::Key1 => &KEY1,
            Sealing::Key2 => &KEY2,
            Sealing::Missing | Sealing::WrongKey => &WRONG,
        }
    }
}

#[derive(Clone, Debug)]
enum Plain {
    Text(Vec<u8>),
    Image(Vec<u8>, u32, [u8; 32], Vec<u8>),
    Location(f64, f64, Vec<u8>),
    /// A body that does not parse: unknown kind, or a valid body with a byte too many.
    Bad(Vec<u8>),
}

impl Plain {
    fn encode(&self) -> Vec<u8> {
        let mut b = Vec::new();
        match self {
            Plain::Text(t) => {
                b.push(1);
                str32(&mut b, t);
            }
            Plain::Image(name, size, sha, caption) => {
                b.push(2);
                str8(&mut b, name);
                b.extend_from_slice(&size.to_le_bytes());
                b.extend_from_slice(sha);
                str32(&mut b, caption);
            }
            Plain::Location(lat, lon, label) => {
                b.push(3);
                b.extend_from_slice(&lat.to_le_bytes());
                b.extend_from_slice(&lon.to_le_bytes());
                str32(&mut b, label);
            }
            Plain::Bad(raw) => b.extend_from_slice(raw),
        }
        b
    }
}

#[derive(Clone, Debug)]
enum Entry {
    Message { id: u64, direction: u8, sealing: Sealing, nonce: [u8; 12], plain: Plain, flags: u8 },
    Note { id: u64, sealing: Sealing, nonce: [u8; 12], text: Vec<u8>, flags: u8 },
    Contact { handle: Vec<u8>, nickname: Vec<u8> },
    Unknown { frame_type: u8, payload: Vec<u8> },
}

impl Entry {
    fn encode(&self) -> Vec<u8> {
        match self {
            Entry::Message { id, direction, sealing, nonce, plain, flags } => {
                let mut p = Vec::new();
                p.extend_from_slice(&id.to_le_bytes());
                p.extend_from_slice(&(1_000 + id).to_le_bytes());
                p.push(*direction);
                str8(&mut p, b"renard-gris");
                str8(&mut p, b"loup-blanc");
                p.extend_from_slice(&sealing.key_id().to_le_bytes());
                let aad = p.clone();
                let mut sealed = plain.encode();
                Cipher::new(sealing.key()).seal(nonce, &aad, &mut sealed);
                p.extend_from_slice(nonce);
                str32(&mut p, &sealed);
                frame(0x01, *flags, &p)
            }
            Entry::Note { id, sealing, nonce, text, flags } => {
                let mut p = Vec::new();
                p.extend_from_slice(&id.to_le_bytes());
                p.extend_from_slice(&(5_000 + id).to_le_bytes());
                p.extend_from_slice(&sealing.key_id().to_le_bytes());
                let aad = p.clone();
                let mut sealed = text.clone();
                Cipher::new(sealing.key()).seal(nonce, &aad, &mut sealed);
                p.extend_from_slice(nonce);
                str32(&mut p, &sealed);
                frame(0x03, *flags, &p)
            }
            Entry::Contact { handle, nickname } => {
                let mut p = Vec::new();
                str8(&mut p, handle);
                str8(&mut p, nickname);
                p.extend_from_slice(&42u64.to_le_bytes());
                frame(0x02, 0, &p)
            }
            Entry::Unknown { frame_type, payload } => frame(*frame_type, 0, payload),
        }
    }

    /// The status an intact frame must get.
    fn status(&self) -> Option<Status> {
        let by_key = |s: Sealing| match s {
            Sealing::Key1 | Sealing::Key2 => Status::Decrypted,
            Sealing::Missing => Status::NoKey,
            Sealing::WrongKey => Status::AuthFailed,
        };
        match self {
            Entry::Message { direction, .. } if *direction > 1 => Some(Status::Malformed),
            Entry::Message { sealing, plain, .. } => Some(match (by_key(*sealing), plain) {
                (Status::Decrypted, Plain::Bad(_)) => Status::BadBody,
                (status, _) => status,
            }),
            Entry::Note { sealing, .. } => Some(by_key(*sealing)),
            _ => None,
        }
    }
}

fn bytes(max: usize) -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(any::<u8>(), 0..=max)
}

fn sealing() -> impl Strategy<Value = Sealing> {
    prop_oneof![3 => Just(Sealing::Key1), 2 => Just(Sealing::Key2), 1 => Just(Sealing::Missing), 1 => Just(Sealing::WrongKey)]
}

fn plain() -> impl Strategy<Value = Plain> {
    prop_oneof![
        4 => bytes(60).prop_map(Plain::Text),
        1 => (bytes(20), any::<u32>(), any::<[u8; 32]>(), bytes(30)).prop_map(|(n, s, h, c)| Plain::Image(n, s, h, c)),
        1 => (any::<f64>(), any::<f64>(), bytes(30)).prop_map(|(a, b, l)| Plain::Location(a, b, l)),
        1 => prop_oneof![
            Just(Vec::new()),
            bytes(30).prop_map(|mut b| { b.insert(0, 0x09); b }),
            bytes(30).prop_map(|t| { let mut b = vec![1]; str32(&mut b, &t); b.push(0); b }),
            bytes(30).prop_map(|t| { let mut b = vec![1]; b.extend_from_slice(&(t.len() as u32 + 1).to_le_bytes()); b.extend_from_slice(&t); b }),
        ].prop_map(Plain::Bad),
    ]
}

fn entry() -> impl Strategy<Value = Entry> {
    prop_oneof![
        5 => (any::<u64>(), prop_oneof![9 => 0u8..2, 1 => 2u8..=255], sealing(), any::<[u8; 12]>(), plain(), prop_oneof![Just(0u8), Just(1u8), any::<u8>()])
            .prop_map(|(id, direction, sealing, nonce, plain, flags)| Entry::Message { id: id >> 1, direction, sealing, nonce, plain, flags }),
        2 => (any::<u64>(), sealing(), any::<[u8; 12]>(), bytes(60), prop_oneof![Just(0u8), Just(1u8)])
            .prop_map(|(id, sealing, nonce, text, flags)| Entry::Note { id: id >> 1, sealing, nonce, text, flags }),
        1 => (bytes(20), bytes(20)).prop_map(|(handle, nickname)| Entry::Contact { handle, nickname }),
        1 => (4u8..0x7F, bytes(30)).prop_map(|(frame_type, payload)| Entry::Unknown { frame_type, payload }),
    ]
}

#[derive(Clone, Debug)]
struct Dump {
    bytes: Vec<u8>,
    entries: Vec<Entry>,
    trailer: bool,
}

fn dump() -> impl Strategy<Value = Dump> {
    (prop::collection::vec(entry(), 0..10), prop::bool::weighted(0.85)).prop_map(|(entries, trailer)| {
        let mut bytes = header(IMEI);
        for e in &entries {
            bytes.extend_from_slice(&e.encode());
        }
        if trailer {
            bytes.extend_from_slice(&frame(0x7F, 0, &(entries.len() as u64).to_le_bytes()));
        }
        Dump { bytes, entries, trailer }
    })
}

#[derive(Clone, Debug)]
enum Mutation {
    FlipBit(usize, u8),
    Truncate(usize),
    Insert(usize, Vec<u8>),
    Delete(usize, usize),
    Duplicate(usize, usize, usize),
    Zero(usize, usize),
    StraySync(usize, u8, u32),
    Append(Vec<u8>),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let at = any::<usize>();
    prop_oneof![
        4 => (at, 0u8..8).prop_map(|(a, b)| Mutation::FlipBit(a, b)),
        1 => at.prop_map(Mutation::Truncate),
        1 => (at, bytes(24)).prop_map(|(a, b)| Mutation::Insert(a, b)),
        1 => (at, 1usize..40).prop_map(|(a, n)| Mutation::Delete(a, n)),
        1 => (at, 1usize..120, at).prop_map(|(a, n, to)| Mutation::Duplicate(a, n, to)),
        1 => (at, 1usize..40).prop_map(|(a, n)| Mutation::Zero(a, n)),
        1 => (at, any::<u8>(), prop_oneof![0u32..200, any::<u32>()]).prop_map(|(a, t, l)| Mutation::StraySync(a, t, l)),
        1 => bytes(40).prop_map(Mutation::Append),
    ]
}

fn mutate(file: &mut Vec<u8>, m: &Mutation) {
    let len = file.len();
    let pos = |p: usize| if len == 0 { 0 } else { p % len };
    match *m {
        Mutation::FlipBit(at, bit) if len > 0 => file[pos(at)] ^= 1 << bit,
        Mutation::Truncate(at) => file.truncate(pos(at)),
        Mutation::Insert(at, ref b) => {
            let at = pos(at);
            file.splice(at..at, b.iter().copied());
        }
        Mutation::Delete(at, n) => {
            let at = pos(at);
            file.drain(at..(at + n).min(len));
        }
        Mutation::Duplicate(at, n, to) if len > 0 => {
            let at = pos(at);
            let chunk = file[at..(at + n).min(len)].to_vec();
            let to = pos(to);
            file.splice(to..to, chunk);
        }
        Mutation::Zero(at, n) if len > 0 => {
            let at = pos(at);
            file[at..(at + n).min(len)].fill(0);
        }
        Mutation::StraySync(at, t, l) => {
            let at = pos(at);
            let mut env = vec![0xEC, 0x5A, t, 0];
            env.extend_from_slice(&l.to_le_bytes());
            file.splice(at..at, env);
        }
        Mutation::Append(ref b) => file.extend_from_slice(b),
        _ => {}
    }
}

// ---------------------------------------------------------------------------------------
// A visitor that records what it is told, to check it against the accounting.
// ---------------------------------------------------------------------------------------

#[derive(Default)]
struct Recorder {
    /// `(message_id, status, readable text when decrypted)` in file order.
    messages: Vec<(u64, Status, Option<Vec<u8>>)>,
    notes: Vec<(u64, Status, Option<Vec<u8>>)>,
    malformed_messages: u64,
    malformed_notes: u64,
    contacts: u64,
}

impl<'f> Visitor<'f> for Recorder {
    fn message(&mut self, message: &Message<'f>, opened: &Opened<'_>) {
        let text = match opened {
            Opened::Decrypted(body) => Some(body.readable_text().0.to_vec()),
            _ => None,
        };
        self.messages.push((message.message_id, opened.status(), text));
    }
    fn note(&mut self, note: &Note<'f>, opened: &OpenedNote<'_>) {
        let (status, text) = match opened {
            OpenedNote::Decrypted(text) => (Status::Decrypted, Some(text.0.to_vec())),
            OpenedNote::NoKey => (Status::NoKey, None),
            OpenedNote::AuthFailed => (Status::AuthFailed, None),
        };
        self.notes.push((note.note_id, status, text));
    }
    fn contact(&mut self, _: &tapir_parsers::Contact<'f>) {
        self.contacts += 1;
    }
    fn malformed(&mut self, frame: &Frame<'f>, _: &PayloadError) {
        self.malformed_messages += u64::from(frame.frame_type == FrameType::MESSAGE);
        self.malformed_notes += u64::from(frame.frame_type == FrameType::NOTE);
    }
}

/// Decodes `file`; when the header is readable, checks §6.5 and that the visitor was told
/// exactly what was counted.
fn decode_and_check(file: &[u8], ring: &Keyring) -> Option<(tapir::Accounting, Recorder)> {
    let mut rec = Recorder::default();
    let decoded = match decode_dump(file, ring, &mut rec) {
        Ok(d) => d,
        Err(e) => {
            assert!(!e.to_string().is_empty());
            return None;
        }
    };
    let acc = decoded.accounting;
    assert!(acc.balances(file.len() as u64), "accounting does not balance for {} bytes: {acc:?}", file.len());
    assert!(acc.messages.balances() && acc.notes.balances());
    let spans: u64 = acc.corrupt_spans.iter().map(|s| s.length).sum();
    assert_eq!(acc.header_len + acc.frame_bytes + spans, file.len() as u64);
    assert_eq!(acc.messages.found, rec.messages.len() as u64 + rec.malformed_messages);
    assert_eq!(acc.notes.found, rec.notes.len() as u64 + rec.malformed_notes);
    assert_eq!(acc.messages.malformed, rec.malformed_messages);
    assert_eq!(acc.notes.malformed, rec.malformed_notes);
    for status in Status::ALL.into_iter().filter(|s| *s != Status::Malformed) {
        let count = rec.messages.iter().filter(|m| m.1 == status).count() as u64;
        let counted = match status {
            Status::Decrypted => acc.messages.decrypted,
            Status::NoKey => acc.messages.no_key,
            Status::AuthFailed => acc.messages.auth_failed,
            Status::BadBody => acc.messages.bad_body,
            Status::Malformed => unreachable!(),
        };
        assert_eq!(count, counted, "{status}");
    }
    // Spans are contiguous with the frames: sorted, non-overlapping, inside the file.
    let mut last_end = acc.header_len;
    for s in &acc.corrupt_spans {
        assert!(s.offset >= last_end && s.length > 0 && s.offset + s.length <= file.len() as u64, "{s:?}");
        last_end = s.offset + s.length;
    }
    assert!(
        acc.corrupt_spans.iter().filter(|s| s.reason == tapir_parsers::CorruptReason::TrailingGarbage).count() <= 1
    );
    Some((acc, rec))
}

// ---------------------------------------------------------------------------------------
// Keyring texts.
// ---------------------------------------------------------------------------------------

/// Runs of at least 64 hex digits in `s`.
fn hex_runs(s: &[u8]) -> Vec<&[u8]> {
    s.split(|b| !b.is_ascii_hexdigit()).filter(|r| r.len() >= 64).collect()
}

fn key_line() -> impl Strategy<Value = Vec<u8>> {
    let imei = prop_oneof![
        4 => prop::sample::select(vec![IMEI.to_string(), "729436483756892".into(), "12345678901234".into(), "1234567890123456".into()]),
        1 => "[0-9]{10,18}",
        1 => "[0-9a-fA-F]{64}",
        1 => ".{0,20}",
    ];
    let key_id = prop_oneof![4 => (0u32..4).prop_map(|k| k.to_string()), 1 => "[0-9]{9,12}", 1 => "-?[0-9a-z]{0,5}", 1 => "[0-9a-fA-F]{64}"];
    let key = prop_oneof![
        6 => any::<[u8; 32]>().prop_map(hex::encode),
        2 => prop::sample::select(vec![hex::encode(KEY1), hex::encode(KEY2), hex::encode(KEY1).to_uppercase()]),
        1 => "[0-9a-fA-F]{60,70}",
        1 => "[0-9a-fA-F]{63}[g-zG-Z]",
        1 => any::<[u8; 32]>().prop_map(|k| format!("{}{}", hex::encode(k), hex::encode(k))),
    ];
    let sep = prop_oneof![Just(" "), Just("\t"), Just("  "), Just(" \t ")];
    let line = (
        imei,
        sep.clone(),
        key_id,
        sep.clone(),
        key,
        prop_oneof![4 => Just(String::new()), 1 => " extra".prop_map(String::from), 1 => "[ \t#0-9a-f]{1,70}"],
    )
        .prop_map(|(i, s1, k, s2, key, tail)| format!("{i}{s1}{k}{s2}{key}{tail}").into_bytes());
    prop_oneof![
        8 => line,
        1 => Just(Vec::new()),
        1 => "#.{0,80}".prop_map(String::into_bytes),
        1 => "[ \t]{0,4}".prop_map(String::into_bytes),
        1 => bytes(80),
        1 => any::<[u8; 32]>().prop_map(|k| hex::encode(k).into_bytes()),
    ]
}

fn keyring_text() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec((key_line(), prop_oneof![Just(&b"\n"[..]), Just(&b"\r\n"[..]), Just(&b"\r"[..])]), 0..12)
        .prop_map(|lines| {
            let mut out = Vec::new();
            for (l, eol) in lines {
                out.extend_from_slice(&l);
                out.extend_from_slice(eol);
            }
            out
        })
}

/// Loads `texts` as successive files into one keyring; every error must be free of key
/// material, in Display and in Debug.
fn load_and_check(texts: &[&[u8]]) {
    let mut ring = Keyring::new();
    for (n, text) in texts.iter().enumerate() {
        let name = format!("seized-{n}.keys");
        if let Err(e) = ring.add_text(Path::new(&name), text) {
            for shown in [e.to_string(), format!("{e:?}")] {
                assert!(shown.contains(&name) || shown.contains("seized-"), "error does not name its file: {shown}");
                for run in hex_runs(text) {
                    for window in run.windows(64) {
                        assert!(
                            !shown.as_bytes().windows(64).any(|w| w.eq_ignore_ascii_case(window)),
                            "error quotes key material: {shown}"
                        );
                    }
                }
                assert!(hex_runs(shown.as_bytes()).is_empty(), "error holds a 64-hex-digit run: {shown}");
            }
        }
    }
    let debug = format!("{ring:?}");
    assert!(hex_runs(debug.as_bytes()).is_empty(), "{debug}");
}

fn cfg(cases: u32) -> ProptestConfig {
    ProptestConfig { cases, max_shrink_iters: 1_000, ..ProptestConfig::default() }
}

proptest! {
    #![proptest_config(cfg(256))]

    #[test]
    fn intact_dumps_decode_every_message_with_its_status(d in dump()) {
        let ring = keyring();
        let (acc, rec) = decode_and_check(&d.bytes, &ring).expect("header is valid");
        assert!(acc.corrupt_spans.is_empty());
        assert_eq!(acc.truncated, !d.trailer);
        assert_eq!(acc.valid_frames, d.entries.len() as u64 + u64::from(d.trailer));
        let expected: Vec<_> = d.entries.iter().filter(|e| matches!(e, Entry::Message { .. })).collect();
        let got: Vec<_> = rec.messages.iter().collect();
        assert_eq!(acc.messages.found, expected.len() as u64);
        let mut got = got.into_iter();
        for e in expected {
            let Entry::Message { id, plain, .. } = e else { unreachable!() };
            let want = e.status().unwrap();
            if want == Status::Malformed {
                continue; // told through `malformed`, counted above
            }
            let (got_id, got_status, text) = got.next().expect("message reported");
            assert_eq!((*got_id, *got_status), (*id, want));
            if want == Status::Decrypted {
                let readable = match plain {
                    Plain::Text(t) | Plain::Image(_, _, _, t) | Plain::Location(_, _, t) => t,
                    Plain::Bad(_) => unreachable!(),
                };
                assert_eq!(text.as_deref(), Some(&readable[..]));
            }
        }
        let notes: Vec<_> = d.entries.iter().filter_map(|e| match e {
            Entry::Note { id, text, .. } => Some((*id, e.status().unwrap(), text)),
            _ => None,
        }).collect();
        assert_eq!(rec.notes.len(), notes.len());
        for ((id, status, text), (gid, gstatus, gtext)) in notes.iter().zip(&rec.notes) {
            assert_eq!((id, status), (gid, gstatus));
            if *status == Status::Decrypted {
                assert_eq!(gtext.as_deref(), Some(&text[..]));
            }
        }
    }

    #[test]
    fn damaged_dumps_never_panic_and_always_balance(d in dump(), mutations in prop::collection::vec(mutation(), 1..5)) {
        let ring = keyring();
        let mut file = d.bytes.clone();
        for m in &mutations {
            mutate(&mut file, m);
        }
        decode_and_check(&file, &ring);
    }

    #[test]
    fn concatenated_dumps_and_garbage_after_a_valid_header(a in dump(), b in dump(), garbage in bytes(200)) {
        let ring = keyring();
        let file = [a.bytes.clone(), b.bytes.clone()].concat();
        decode_and_check(&file, &ring).expect("first header is valid");
        let file = [header(IMEI), garbage].concat();
        decode_and_check(&file, &ring).expect("header is valid");
    }

    #[test]
    fn arbitrary_bytes_never_panic_decode_dump(file in bytes(400)) {
        decode_and_check(&file, &keyring());
    }

    #[test]
    fn keyring_texts_never_panic_nor_leak_keys(a in keyring_text(), b in keyring_text()) {
        load_and_check(&[&a, &b, &a]);
    }

    #[test]
    fn arbitrary_keyring_bytes_never_panic_nor_leak_keys(a in bytes(300), b in keyring_text()) {
        load_and_check(&[&a]);
        let mut mixed = b.clone();
        mixed.extend_from_slice(&a);
        load_and_check(&[&mixed]);
    }

    #[test]
    fn valid_keyrings_load_every_key(keys in prop::collection::btree_map((0u32..50, prop::sample::select(vec![IMEI, "729436483756892", "12345678901234"])), any::<[u8; 32]>(), 0..20)) {
        let mut text = String::from("# seized\n\n");
        for ((key_id, imei), key) in &keys {
            text.push_str(&format!("{imei}\t{key_id} {}\r\n", hex::encode(key)));
        }
        let mut ring = Keyring::new();
        ring.add_text(Path::new("ok.keys"), text.as_bytes()).unwrap();
        assert_eq!(ring.len(), keys.len());
        for (key_id, imei) in keys.keys() {
            assert!(ring.get(imei, *key_id).is_some());
        }
        // The same file again is harmless; a changed key is a conflict naming both places.
        ring.add_text(Path::new("again.keys"), text.as_bytes()).unwrap();
        if let Some(((key_id, imei), key)) = keys.iter().next() {
            let mut other = *key;
            other[0] ^= 1;
            let err = ring.add_text(Path::new("other.keys"), format!("{imei} {key_id} {}\n", hex::encode(other)).as_bytes()).unwrap_err().to_string();
            assert!(err.contains("other.keys:1") && err.contains("ok.keys:"), "{err}");
            assert!(hex_runs(err.as_bytes()).is_empty());
        }
    }
}

/// A dump with one message of each status, checked field by field: a fixed example the
/// properties above generalise.
#[test]
fn one_message_of_each_status() {
    let entries = [
        Entry::Message {
            id: 1,
            direction: 1,
            sealing: Sealing::Key1,
            nonce: [1; 12],
            plain: Plain::Text(b"salut".to_vec()),
            flags: 0,
        },
        Entry::Message {
            id: 2,
            direction: 0,
            sealing: Sealing::Missing,
            nonce: [2; 12],
            plain: Plain::Text(b"x".to_vec()),
            flags: 0,
        },
        Entry::Message {
            id: 3,
            direction: 0,
            sealing: Sealing::WrongKey,
            nonce: [3; 12],
            plain: Plain::Text(b"y".to_vec()),
            flags: 0,
        },
        Entry::Message {
            id: 4,
            direction: 0,
            sealing: Sealing::Key2,
            nonce: [4; 12],
            plain: Plain::Bad(vec![9]),
            flags: 1,
        },
        Entry::Message {
            id: 5,
            direction: 7,
            sealing: Sealing::Key2,
            nonce: [5; 12],
            plain: Plain::Text(vec![]),
            flags: 0,
        },
    ];
    let mut file = header(IMEI);
    for e in &entries {
        file.extend_from_slice(&e.encode());
    }
    file.extend_from_slice(&frame(0x7F, 0, &5u64.to_le_bytes()));
    let (acc, rec) = decode_and_check(&file, &keyring()).unwrap();
    let m = acc.messages;
    assert_eq!((m.found, m.decrypted, m.no_key, m.auth_failed, m.bad_body, m.malformed), (5, 1, 1, 1, 1, 1));
    assert_eq!(rec.messages[0], (1, Status::Decrypted, Some(b"salut".to_vec())));
    assert_eq!((acc.deleted, acc.truncated), (1, false));
}

// ---------------------------------------------------------------------------------------
// Damage at scale: whole generated dumps with page-sized damage.
// ---------------------------------------------------------------------------------------

/// Damage the way storage and extraction fail: pages zeroed, regions duplicated or swapped,
/// the file cut short, bits flipped, another dump appended.
fn damage_at_scale(file: &mut Vec<u8>, other: &[u8], rng: &mut fastrand::Rng) -> &'static str {
    const PAGE: usize = 4096;
    let len = file.len();
    let at = |rng: &mut fastrand::Rng| rng.usize(..len.max(1));
    match rng.u8(..6) {
        0 => {
            for _ in 0..rng.usize(1..8) {
                let start = at(rng) / PAGE * PAGE;
                file[start..(start + PAGE).min(len)].fill(0);
            }
            "zeroed pages"
        }
        1 => {
            let (a, n) = (at(rng), rng.usize(1..64 * 1024));
            let chunk = file[a..(a + n).min(len)].to_vec();
            let to = at(rng);
            file.splice(to..to, chunk);
            "duplicated region"
        }
        2 => {
            // Two regions that never overlap, so that a swap always happens.
            let n = rng.usize(1..(len / 4).max(2));
            let a = rng.usize(..len - 2 * n);
            let b = rng.usize(a + n..=len - n);
            let (left, right) = file.split_at_mut(b);
            left[a..a + n].swap_with_slice(&mut right[..n]);
            "swapped regions"
        }
        3 => {
            file.truncate(at(rng));
            "truncated"
        }
        4 => {
            for _ in 0..rng.usize(1..200) {
                let p = at(rng);
                file[p] ^= 1 << rng.u8(..8);
            }
            "bit flips"
        }
        _ => {
            file.extend_from_slice(other);
            "concatenated dumps"
        }
    }
}

#[test]
fn generated_dumps_damaged_at_scale_balance_and_never_panic() {
    let dir = tempfile::tempdir().unwrap();
    let options = tapir_corpora::GenOptions { seed: 8, devices: 3, messages: 6_000, damage: false };
    tapir_corpora::generate(dir.path(), &options, &tapir::crypto::AesGcmSealer, &|_| {}).unwrap();
    let ring = Keyring::load_files(&[dir.path().join("keys/seized.keys")]).unwrap();
    let mut dumps: Vec<Vec<u8>> = std::fs::read_dir(dir.path().join("dumps"))
        .unwrap()
        .map(|e| std::fs::read(e.unwrap().path()).unwrap())
        .collect();
    dumps.sort();
    let mut rng = fastrand::Rng::with_seed(0x007a_914e);
    let mut seen = std::collections::BTreeSet::new();
    for round in 0..24 {
        let original = &dumps[round % dumps.len()];
        let other = &dumps[(round + 1) % dumps.len()];
        let mut file = original.clone();
        let mut what = Vec::new();
        for _ in 0..rng.usize(1..4) {
            if file.len() > 1024 {
                what.push(damage_at_scale(&mut file, other, &mut rng));
            }
        }
        seen.extend(what.iter().copied());
        // The accounting identities hold on every damaged file (checked inside).
        if let Some((acc, _)) = decode_and_check(&file, &ring) {
            assert!(acc.messages.found > 0 || file.len() < original.len() / 2, "round {round} ({what:?}): {acc:?}");
        }
    }
    assert_eq!(seen.len(), 6, "every kind of damage was exercised: {seen:?}");
}
