//! Property tests: the decoders never panic, whatever the bytes, and the scanner's items
//! tile the file exactly as spec §6 demands.
//!
//! Inputs are arbitrary byte vectors and *mutated valid dumps*: a small encoder below
//! writes a header, frames of every type (MESSAGE, CONTACT, NOTE, unknown, and a TRAILER)
//! and then bit flips, truncations, inserted / deleted / duplicated / swapped / zeroed
//! ranges, stray sync words, a second dump or garbage are applied to it.

use proptest::prelude::*;
use tapir_parsers::{
    CorruptReason, FrameScanner, FrameType, Item, MAGIC, Record, SYNC, crc32, decode_record, frame_at, parse_body,
    parse_header,
};

// ---------------------------------------------------------------------------------------
// A tiny encoder, written from the spec, independent of the decoders under test.
// ---------------------------------------------------------------------------------------

fn str8(out: &mut Vec<u8>, s: &[u8]) {
    out.push(s.len() as u8);
    out.extend_from_slice(s);
}

fn str32(out: &mut Vec<u8>, s: &[u8]) {
    out.extend_from_slice(&(s.len() as u32).to_le_bytes());
    out.extend_from_slice(s);
}

fn header(imei: &[u8], handle: &[u8], start: u64, end: u64, extension: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    str8(&mut body, imei);
    str8(&mut body, handle);
    body.extend_from_slice(&start.to_le_bytes());
    body.extend_from_slice(&end.to_le_bytes());
    body.extend_from_slice(extension);
    let header_len = (12 + body.len() + 4) as u16;
    let mut out = MAGIC.to_vec();
    out.extend_from_slice(&1u16.to_le_bytes());
    out.extend_from_slice(&header_len.to_le_bytes());
    out.extend_from_slice(&body);
    let crc = crc32(&out);
    out.extend_from_slice(&crc.to_le_bytes());
    out
}

fn frame(frame_type: u8, flags: u8, payload: &[u8]) -> Vec<u8> {
    let mut out = SYNC.to_vec();
    out.push(frame_type);
    out.push(flags);
    out.extend_from_slice(&(payload.len() as u32).to_le_bytes());
    out.extend_from_slice(payload);
    let crc = crc32(&out[2..]);
    out.extend_from_slice(&crc.to_le_bytes());
    out
}

/// What a generated frame holds, so a decoded frame can be checked against it.
#[derive(Clone, Debug)]
enum Spec {
    Message {
        id: u64,
        sent_at: u64,
        direction: u8,
        sender: Vec<u8>,
        recipient: Vec<u8>,
        key_id: u32,
        nonce: [u8; 12],
        sealed: Vec<u8>,
    },
    Contact {
        handle: Vec<u8>,
        nickname: Vec<u8>,
        added_at: u64,
    },
    Note {
        id: u64,
        written_at: u64,
        key_id: u32,
        nonce: [u8; 12],
        sealed: Vec<u8>,
    },
    Unknown {
        frame_type: u8,
        payload: Vec<u8>,
    },
}

impl Spec {
    fn frame_type(&self) -> u8 {
        match self {
            Spec::Message { .. } => 0x01,
            Spec::Contact { .. } => 0x02,
            Spec::Note { .. } => 0x03,
            Spec::Unknown { frame_type, .. } => *frame_type,
        }
    }

    fn payload(&self) -> Vec<u8> {
        let mut p = Vec::new();
        match self {
            Spec::Message { id, sent_at, direction, sender, recipient, key_id, nonce, sealed } => {
                p.extend_from_slice(&id.to_le_bytes());
                p.extend_from_slice(&sent_at.to_le_bytes());
                p.push(*direction);
                str8(&mut p, sender);
                str8(&mut p, recipient);
                p.extend_from_slice(&key_id.to_le_bytes());
                p.extend_from_slice(nonce);
                str32(&mut p, sealed);
            }
            Spec::Contact { handle, nickname, added_at } => {
                str8(&mut p, handle);
                str8(&mut p, nickname);
                p.extend_from_slice(&added_at.to_le_bytes());
            }
            Spec::Note { id, written_at, key_id, nonce, sealed } => {
                p.extend_from_slice(&id.to_le_bytes());
                p.extend_from_slice(&written_at.to_le_bytes());
                p.extend_from_slice(&key_id.to_le_bytes());
                p.extend_from_slice(nonce);
                str32(&mut p, sealed);
            }
            Spec::Unknown { payload, .. } => p.extend_from_slice(payload),
        }
        p
    }

    /// Checks a decoded record against what was encoded.
    fn check(&self, record: &Record<'_>) {
        match (self, record) {
            (
                Spec::Message { id, sent_at, direction, sender, recipient, key_id, nonce, sealed },
                Record::Message(m),
            ) => {
                assert_eq!((m.message_id, m.sent_at, m.sealed.key_id), (*id, *sent_at, *key_id));
                assert_eq!(m.direction == tapir_parsers::Direction::Sent, *direction == 1);
                assert_eq!((m.sender.0, m.recipient.0), (&sender[..], &recipient[..]));
                assert_eq!((&m.sealed.nonce[..], m.sealed.bytes), (&nonce[..], &sealed[..]));
                assert_eq!(m.sealed.aad.len(), 8 + 8 + 1 + 1 + sender.len() + 1 + recipient.len() + 4);
            }
            (Spec::Contact { handle, nickname, added_at }, Record::Contact(c)) => {
                assert_eq!((c.handle.0, c.nickname.0, c.added_at), (&handle[..], &nickname[..], *added_at));
            }
            (Spec::Note { id, written_at, key_id, nonce, sealed }, Record::Note(n)) => {
                assert_eq!((n.note_id, n.written_at, n.sealed.key_id), (*id, *written_at, *key_id));
                assert_eq!((&n.sealed.nonce[..], n.sealed.bytes, n.sealed.aad.len()), (&nonce[..], &sealed[..], 20));
            }
            (Spec::Unknown { frame_type, .. }, Record::Unknown(t)) => assert_eq!(t.0, *frame_type),
            (spec, record) => panic!("encoded {spec:?}, decoded {record:?}"),
        }
    }
}

fn bytes(max: usize) -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(any::<u8>(), 0..=max)
}

/// Bytes that favour the values a decoder cares about: sync bytes and small lengths.
fn spicy_bytes(max: usize) -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(
        prop_oneof![4 => any::<u8>(), 1 => Just(0xEC), 1 => Just(0x5A), 1 => Just(0u8), 1 => 1u8..4],
        0..=max,
    )
}

fn spec() -> impl Strategy<Value = Spec> {
    prop_oneof![
        (
            any::<u64>(),
            any::<u64>(),
            0u8..2,
            bytes(24),
            bytes(24),
            any::<u32>(),
            any::<[u8; 12]>(),
            prop::collection::vec(any::<u8>(), 16..64)
        )
            .prop_map(|(id, sent_at, direction, sender, recipient, key_id, nonce, sealed)| Spec::Message {
                id,
                sent_at,
                direction,
                sender,
                recipient,
                key_id,
                nonce,
                sealed
            }),
        (bytes(24), bytes(24), any::<u64>()).prop_map(|(handle, nickname, added_at)| Spec::Contact {
            handle,
            nickname,
            added_at
        }),
        (any::<u64>(), any::<u64>(), any::<u32>(), any::<[u8; 12]>(), prop::collection::vec(any::<u8>(), 16..64))
            .prop_map(|(id, written_at, key_id, nonce, sealed)| Spec::Note { id, written_at, key_id, nonce, sealed }),
        ((4u8..=0x7E), spicy_bytes(40)).prop_map(|(frame_type, payload)| Spec::Unknown { frame_type, payload }),
    ]
}

/// A valid dump and what it holds.
#[derive(Clone, Debug)]
struct Dump {
    bytes: Vec<u8>,
    header_len: usize,
    frames: Vec<(Spec, u8)>,
    trailer: bool,
}

fn dump() -> impl Strategy<Value = Dump> {
    (
        prop::collection::vec(b'0'..=b'9', 14..=16),
        bytes(20),
        any::<u64>(),
        0u64..1_000_000,
        spicy_bytes(12),
        prop::collection::vec((spec(), any::<u8>()), 0..12),
        prop::bool::weighted(0.85),
    )
        .prop_map(|(imei, handle, start, span, extension, frames, trailer)| {
            let mut out = header(&imei, &handle, start, start.saturating_add(span), &extension);
            let header_len = out.len();
            for (spec, flags) in &frames {
                out.extend_from_slice(&frame(spec.frame_type(), *flags, &spec.payload()));
            }
            if trailer {
                out.extend_from_slice(&frame(0x7F, 0, &(frames.len() as u64).to_le_bytes()));
            }
            Dump { bytes: out, header_len, frames, trailer }
        })
}

#[derive(Clone, Debug)]
enum Mutation {
    FlipBit(usize, u8),
    SetByte(usize, u8),
    Truncate(usize),
    Insert(usize, Vec<u8>),
    Delete(usize, usize),
    Duplicate(usize, usize, usize),
    Swap(usize, usize, usize),
    Zero(usize, usize),
    /// A stray frame envelope (sync, type, flags, length) that may or may not fit.
    StraySync(usize, u8, u32),
    Append(Vec<u8>),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let at = any::<usize>();
    prop_oneof![
        3 => (at, 0u8..8).prop_map(|(a, b)| Mutation::FlipBit(a, b)),
        1 => (at, any::<u8>()).prop_map(|(a, b)| Mutation::SetByte(a, b)),
        1 => at.prop_map(Mutation::Truncate),
        1 => (at, spicy_bytes(24)).prop_map(|(a, b)| Mutation::Insert(a, b)),
        1 => (at, 1usize..40).prop_map(|(a, n)| Mutation::Delete(a, n)),
        1 => (at, 1usize..80, at).prop_map(|(a, n, to)| Mutation::Duplicate(a, n, to)),
        1 => (at, at, 1usize..40).prop_map(|(a, b, n)| Mutation::Swap(a, b, n)),
        1 => (at, 1usize..40).prop_map(|(a, n)| Mutation::Zero(a, n)),
        1 => (at, any::<u8>(), prop_oneof![0u32..200, any::<u32>(), Just(16 * 1024 * 1024), Just(16 * 1024 * 1024 + 1)])
            .prop_map(|(a, t, l)| Mutation::StraySync(a, t, l)),
        1 => spicy_bytes(40).prop_map(Mutation::Append),
    ]
}

/// Applies a mutation; positions are taken modulo the current length.
fn mutate(file: &mut Vec<u8>, m: &Mutation) {
    let len = file.len();
    let pos = |p: usize| if len == 0 { 0 } else { p % len };
    match *m {
        Mutation::FlipBit(at, bit) if len > 0 => file[pos(at)] ^= 1 << bit,
        Mutation::SetByte(at, b) if len > 0 => file[pos(at)] = b,
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
        Mutation::Swap(a, b, n) if len > 0 => {
            let (a, b) = (pos(a), pos(b));
            let n = n.min(len - a).min(len - b);
            for k in 0..n {
                file.swap(a + k, b + k);
            }
        }
        Mutation::Zero(at, n) if len > 0 => {
            let at = pos(at);
            file[at..(at + n).min(len)].fill(0);
        }
        Mutation::StraySync(at, t, l) => {
            let at = pos(at);
            let mut env = SYNC.to_vec();
            env.extend_from_slice(&[t, 0]);
            env.extend_from_slice(&l.to_le_bytes());
            file.splice(at..at, env);
        }
        Mutation::Append(ref b) => file.extend_from_slice(b),
        _ => {}
    }
}

// ---------------------------------------------------------------------------------------
// The invariants.
// ---------------------------------------------------------------------------------------

/// What a full scan found.
struct Scan {
    frames: usize,
    spans: usize,
    trailer_seen: bool,
}

/// Scans `file` from `start`, checking every §6 invariant on the way, and decodes every
/// frame's record (which must not panic, whatever it returns).
fn scan_and_check(file: &[u8], start: usize) -> Scan {
    let len = file.len();
    let mut scanner = FrameScanner::new(file, start);
    let mut pos = start.min(len);
    let mut after_trailer = false;
    let mut items_after_trailer = 0;
    let (mut frames, mut spans, mut frame_bytes, mut span_bytes) = (0usize, 0usize, 0u64, 0u64);
    let mut iterations = 0usize;
    // Every item covers at least one byte, so a terminating scanner yields at most
    // `len - start` items; one more call must return None.
    let bound = len - pos + 1;
    for item in scanner.by_ref() {
        iterations += 1;
        assert!(iterations <= bound, "scanner does not terminate: {iterations} items for {len} bytes");
        if after_trailer {
            items_after_trailer += 1;
        }
        match item {
            Item::Frame(f) => {
                assert!(!after_trailer, "a frame after the trailer at {}", f.offset);
                assert_eq!(f.offset, pos as u64, "frames and spans must be contiguous");
                assert_eq!(frame_at(file, pos), Ok(f));
                assert!(f.size() >= 12);
                frames += 1;
                frame_bytes += f.size();
                pos += f.size() as usize;
                after_trailer = f.frame_type == FrameType::TRAILER;
                // decode_record must never panic; on success the record is self-consistent.
                if let Ok(record) = decode_record(&f) {
                    match record {
                        Record::Message(m) => {
                            assert!(m.sealed.bytes.len() >= 16);
                            assert_eq!(m.offset, f.offset);
                            let _ = parse_body(m.sealed.bytes);
                        }
                        Record::Note(n) => assert!(n.sealed.bytes.len() >= 16 && n.sealed.aad.len() == 20),
                        Record::Trailer(t) => assert_eq!(t.offset, f.offset),
                        Record::Contact(c) => assert_eq!(c.offset, f.offset),
                        Record::Unknown(t) => assert!(t.name().is_none()),
                    }
                }
            }
            Item::Corrupt(span) => {
                assert_eq!(span.offset, pos as u64, "frames and spans must be contiguous");
                assert!(span.length > 0, "empty corrupt span at {}", span.offset);
                let end = pos + span.length as usize;
                assert!(end <= len);
                if after_trailer {
                    assert_eq!(span.reason, CorruptReason::TrailingGarbage);
                    assert_eq!(end, len, "trailing garbage runs to the end of the file");
                } else {
                    assert_ne!(span.reason, CorruptReason::TrailingGarbage);
                    // §6.2: the span starts at an invalid frame ...
                    assert!(frame_at(file, pos).is_err(), "span at {pos} starts on a valid frame");
                    // ... and ends at the first offset after it where a valid frame begins.
                    for inner in pos + 1..end {
                        assert!(frame_at(file, inner).is_err(), "span [{pos}, {end}) hides a valid frame at {inner}");
                    }
                    assert!(
                        end == len || frame_at(file, end).is_ok(),
                        "span [{pos}, {end}) stops before a valid frame"
                    );
                }
                spans += 1;
                span_bytes += span.length;
                pos = end;
            }
        }
    }
    assert!(items_after_trailer <= 1, "only one trailing-garbage span may follow a trailer");
    assert_eq!(pos, len, "items must reach the end of the file");
    assert_eq!(frame_bytes + span_bytes, (len - start.min(len)) as u64, "items must tile [start, len)");
    assert_eq!(scanner.trailer_seen(), after_trailer);
    assert!(scanner.next().is_none(), "a finished scanner stays finished");
    Scan { frames, spans, trailer_seen: after_trailer }
}

/// Everything a caller would do with a file: header, scan, records.
fn exercise(file: &[u8], fallback_start: usize) {
    match parse_header(file) {
        Ok(h) => {
            let hl = usize::from(h.header_len);
            assert!(hl <= file.len() && hl >= 12 + 1 + 14 + 1 + 16 + 4);
            assert!((14..=16).contains(&h.imei.len()) && h.imei.bytes().all(|b| b.is_ascii_digit()));
            assert_eq!(h.extension_offset as usize + h.extension.len(), hl - 4);
            scan_and_check(file, hl);
        }
        Err(e) => {
            // The message is always printable; the scanner still copes with any start.
            let _ = e.to_string();
            scan_and_check(file, fallback_start);
        }
    }
}

fn cfg(cases: u32) -> ProptestConfig {
    ProptestConfig { cases, max_shrink_iters: 2_000, ..ProptestConfig::default() }
}

proptest! {
    #![proptest_config(cfg(512))]

    #[test]
    fn arbitrary_bytes_never_panic(file in bytes(600), start in 0usize..700) {
        let _ = parse_header(&file);
        scan_and_check(&file, start);
        let _ = parse_body(&file);
    }

    #[test]
    fn arbitrary_sync_heavy_bytes_never_panic(file in spicy_bytes(600), start in 0usize..64) {
        exercise(&file, start);
        let _ = parse_body(&file);
    }

    #[test]
    fn arbitrary_bytes_after_a_valid_header(garbage in spicy_bytes(600)) {
        let mut file = header(b"356938035643809", b"renard-gris", 1, 2, b"");
        file.extend_from_slice(&garbage);
        let h = parse_header(&file).unwrap();
        assert_eq!(h.header_len, 60);
        scan_and_check(&file, 60);
    }

    #[test]
    fn a_valid_dump_decodes_with_no_span_and_every_frame_back(d in dump()) {
        let h = parse_header(&d.bytes).unwrap();
        assert_eq!(usize::from(h.header_len), d.header_len);
        let items: Vec<_> = FrameScanner::new(&d.bytes, d.header_len).collect();
        let scan = scan_and_check(&d.bytes, d.header_len);
        assert_eq!(scan.spans, 0);
        assert_eq!(scan.trailer_seen, d.trailer);
        assert_eq!(scan.frames, d.frames.len() + usize::from(d.trailer));
        for ((spec, flags), item) in d.frames.iter().zip(&items) {
            let Item::Frame(f) = item else { panic!("unexpected span {item:?}") };
            assert_eq!((f.frame_type.0, f.flags.0), (spec.frame_type(), *flags));
            assert_eq!(f.payload, &spec.payload()[..]);
            spec.check(&decode_record(f).unwrap());
        }
        if d.trailer {
            let Some(Item::Frame(t)) = items.last() else { panic!("no trailer") };
            assert_eq!(decode_record(t).unwrap(), Record::Trailer(tapir_parsers::Trailer {
                offset: t.offset,
                frame_count: d.frames.len() as u64,
            }));
        }
    }

    #[test]
    fn mutated_dumps_never_panic_and_always_tile(d in dump(), mutations in prop::collection::vec(mutation(), 1..5)) {
        let mut file = d.bytes.clone();
        for m in &mutations {
            mutate(&mut file, m);
        }
        exercise(&file, d.header_len);
    }

    #[test]
    fn concatenated_dumps_and_appended_garbage(a in dump(), b in dump(), tail in spicy_bytes(64), flip in any::<Option<usize>>()) {
        let mut file = [a.bytes.clone(), b.bytes.clone(), tail.clone()].concat();
        if let Some(at) = flip {
            let at = at % file.len();
            file[at] ^= 0x20;
        }
        exercise(&file, a.header_len);
        if flip.is_none() {
            // The first dump is intact: its frames come back, then either trailing garbage
            // (after its trailer) or a resync into the second dump's frames.
            let scan = scan_and_check(&file, a.header_len);
            assert!(scan.frames > a.frames.len() || (!a.trailer && a.frames.len() == scan.frames));
            if a.trailer {
                assert_eq!(scan.frames, a.frames.len() + 1);
                assert_eq!(scan.spans, 1);
            }
        }
    }

    #[test]
    fn mutated_dumps_with_long_frames_scan_exactly(
        big in prop::collection::vec((4u8..0x7F, 4_000usize..12_000, any::<u8>()), 1..4),
        d in dump(),
        mutations in prop::collection::vec(mutation(), 0..4),
    ) {
        // Frames longer than the scanner's direct-CRC threshold take its indexed CRC path;
        // `scan_and_check` compares every item with the plain `frame_at`.
        let mut file = d.bytes.clone();
        for (t, len, fill) in &big {
            let payload: Vec<u8> = (0..*len).map(|i| (i as u8).wrapping_mul(31) ^ fill).collect();
            file.extend_from_slice(&frame(*t, 0, &payload));
        }
        for m in &mutations {
            mutate(&mut file, m);
        }
        exercise(&file, d.header_len);
    }

    #[test]
    fn bodies_never_panic(kind in 0u8..5, rest in spicy_bytes(120)) {
        let mut body = vec![kind];
        body.extend_from_slice(&rest);
        if let Ok(b) = parse_body(&body) {
            assert_eq!(b.kind().0, kind);
            let _ = (b.readable_text().to_str_lossy(), b.is_lossy());
        }
        let _ = parse_body(&rest);
    }

    #[test]
    fn well_formed_bodies_parse_exactly(text in bytes(80), name in bytes(40), size in any::<u32>(), sha in any::<[u8; 32]>(), lat in any::<f64>(), lon in any::<f64>(), cut in any::<usize>()) {
        let mut t = vec![1];
        str32(&mut t, &text);
        let mut i = vec![2];
        str8(&mut i, &name);
        i.extend_from_slice(&size.to_le_bytes());
        i.extend_from_slice(&sha);
        str32(&mut i, &text);
        let mut l = vec![3];
        l.extend_from_slice(&lat.to_le_bytes());
        l.extend_from_slice(&lon.to_le_bytes());
        str32(&mut l, &text);
        for body in [&t, &i, &l] {
            let parsed = parse_body(body).unwrap();
            assert_eq!(parsed.readable_text().0, &text[..]);
            // Any strict prefix is truncated, any extension is leftover: never a panic.
            let cut = cut % body.len();
            assert!(parse_body(&body[..cut]).is_err());
            let mut longer = body.clone();
            longer.push(0);
            assert!(parse_body(&longer).is_err());
        }
    }
}
