//! Decoding throughput: frame parsing, decrypt + body decoding, whole-file decode.
//!
//! Every group measures a peer in the same run (CRC-32, a byte scan, AES-256-GCM alone), so
//! the ratio stays meaningful on the shared, noisy 2-core machines. Figures and commands are
//! in `benches/README.md`.
//!
//! ```text
//! CARGO_TARGET_DIR=/work/target-bench cargo bench --bench decode            # everything
//! CARGO_TARGET_DIR=/work/target-bench cargo bench --bench decode -- parse   # one group
//! ```
//!
//! The corpora are generated once per process (seed fixed) into a temporary directory and
//! read into memory before anything is timed: the figures are warm, no I/O.

use std::hint::black_box;
use std::path::Path;
use std::sync::OnceLock;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use tapir::crypto::{AesGcmSealer, Cipher};
use tapir::decode::{CountOnly, open_message};
use tapir::{Keyring, Opened, decode_dump};
use tapir_corpora::GenOptions;
use tapir_corpora::encode::{self, MessageMeta};
use tapir_parsers::{Frame, FrameScanner, FrameType, Item, Message, Record, decode_record, frame_at, parse_header};

/// Logical messages in the generated corpora: ~350k MESSAGE frames, ~59 MB when clean.
const MESSAGES: u64 = 200_000;
const DEVICES: usize = 20;
const SEED: u64 = 1;

/// A generated corpus, read into memory.
struct Corpus {
    /// The `.ecd` files, in name order.
    files: Vec<Vec<u8>>,
    keyring: Keyring,
    bytes: u64,
    /// MESSAGE frames a decoder finds (valid frames), from the generator's summary.
    message_frames: u64,
}

fn generate_corpus(damage: bool) -> Corpus {
    let dir = tempfile::tempdir().expect("temporary directory");
    let opts = GenOptions { seed: SEED, devices: DEVICES, messages: MESSAGES, damage };
    let summary = tapir_corpora::generate(dir.path(), &opts, &AesGcmSealer, &|_| {}).expect("corpus generation");
    let mut paths: Vec<_> = std::fs::read_dir(dir.path().join("dumps"))
        .expect("dumps directory")
        .map(|e| e.expect("directory entry").path())
        .collect();
    paths.sort();
    let files: Vec<Vec<u8>> = paths.iter().map(|p| std::fs::read(p).expect("dump file")).collect();
    let keyring = Keyring::load_files(&[dir.path().join("keys/seized.keys")]).expect("seized keyring");
    let bytes = files.iter().map(|f| f.len() as u64).sum();
    eprintln!(
        "[setup] corpus damage={damage}: {} files, {:.1} MB, {} message frames",
        files.len(),
        bytes as f64 / 1e6,
        summary.message_frames
    );
    Corpus { files, keyring, bytes, message_frames: summary.message_frames }
}

fn clean() -> &'static Corpus {
    static C: OnceLock<Corpus> = OnceLock::new();
    C.get_or_init(|| generate_corpus(false))
}

fn damaged() -> &'static Corpus {
    static C: OnceLock<Corpus> = OnceLock::new();
    C.get_or_init(|| generate_corpus(true))
}

/// Walks every frame of every file and decodes its payload; no decryption.
/// Returns the number of records decoded (kept live so nothing is optimised away).
fn walk_frames(files: &[Vec<u8>]) -> u64 {
    let mut records = 0u64;
    for file in files {
        // Rejected files (bad magic, version, header CRC) have no frames to walk.
        let Ok(header) = parse_header(file) else { continue };
        for item in FrameScanner::new(file, usize::from(header.header_len)) {
            match item {
                Item::Frame(frame) => {
                    if let Ok(record) = decode_record(&frame) {
                        black_box(&record);
                        records += 1;
                    }
                }
                Item::Corrupt(span) => {
                    black_box(span);
                }
            }
        }
    }
    records
}

/// `(start, end)` of the CRC-covered bytes of each valid frame (type through payload).
fn crc_ranges(files: &[Vec<u8>]) -> Vec<(usize, usize, usize)> {
    let mut ranges = Vec::new();
    for (i, file) in files.iter().enumerate() {
        let Ok(header) = parse_header(file) else { continue };
        for item in FrameScanner::new(file, usize::from(header.header_len)) {
            if let Item::Frame(frame) = item {
                let start = frame.offset as usize + 2;
                ranges.push((i, start, start + 6 + frame.payload.len()));
            }
        }
    }
    ranges
}

/// Bytes equal to `0xEC` (the first sync byte), counted in 255-byte chunks so the per-chunk
/// `u8` sum vectorises (compare + subtract per 16 or 32 bytes), like memchr's inner loop.
fn count_sync_bytes(bytes: &[u8]) -> u64 {
    bytes.chunks(255).map(|c| u64::from(c.iter().fold(0u8, |n, &x| n + u8::from(x == 0xEC)))).sum()
}

fn bench_parse(c: &mut Criterion) {
    let clean = clean();
    let damaged = damaged();
    let ranges = crc_ranges(&clean.files);

    let mut g = c.benchmark_group("parse");
    g.sample_size(20).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(4));

    g.throughput(Throughput::Bytes(clean.bytes));
    // The parser: FrameScanner (sync, length, CRC-32 per frame) + decode_record per frame.
    g.bench_function("frames_clean", |b| b.iter(|| walk_frames(black_box(&clean.files))));
    // Peer: CRC-32 of every file in one pass (crc32fast, SIMD/PCLMUL): the bandwidth floor.
    g.bench_function("crc32_whole_files", |b| {
        b.iter(|| clean.files.iter().fold(0u32, |acc, f| acc ^ tapir_parsers::crc32(black_box(f))))
    });
    // Peer: CRC-32 of each frame's covered bytes separately (~160 B each), as any validating
    // parser must: the real floor, since crc32fast's per-call setup dominates on short input.
    g.bench_function("crc32_per_frame", |b| {
        b.iter(|| {
            ranges.iter().fold(0u32, |acc, &(i, s, e)| acc ^ tapir_parsers::crc32(black_box(&clean.files[i][s..e])))
        })
    });
    // Peer: a memchr-like byte scan (count of sync bytes, SIMD): a memory-read floor.
    g.bench_function("byte_scan", |b| {
        b.iter(|| clean.files.iter().map(|f| count_sync_bytes(black_box(f))).sum::<u64>())
    });

    g.throughput(Throughput::Bytes(damaged.bytes));
    // Damage on: corrupt spans, resynchronisation, malformed payloads, rejected files.
    g.bench_function("frames_damaged", |b| b.iter(|| walk_frames(black_box(&damaged.files))));
    g.bench_function("crc32_whole_files_damaged", |b| {
        b.iter(|| damaged.files.iter().fold(0u32, |acc, f| acc ^ tapir_parsers::crc32(black_box(f))))
    });
    g.finish();
}

/// The device whose messages the decrypt bench opens.
const IMEI: &str = "356938035643809";
const KEY: [u8; 32] = [0x5A; 32];
const KEY_ID: u32 = 7;
/// Messages in the decrypt bench's buffer (~2.3 MB: beyond L2, like real files).
const OPEN_MESSAGES: usize = 10_000;
/// TEXT body size: kind (1) + str32 length (4) + text.
const BODY_LEN: usize = 150;

/// One buffer of `OPEN_MESSAGES` MESSAGE frames, each with a 150-byte TEXT body, sealed
/// with `KEY` under distinct nonces; built with the generator's encoder.
fn sealed_messages() -> Vec<u8> {
    const WORDS: &str = "rendez-vous demain à 18h devant la gare apporte le colis pas de téléphone on se voit \
                         au port ok ça marche je t'appelle après";
    let words: Vec<&str> = WORDS.split_whitespace().collect();
    let cipher = Cipher::new(&KEY);
    let mut out = Vec::with_capacity(OPEN_MESSAGES * 230);
    let mut text = String::new();
    let mut body = Vec::with_capacity(BODY_LEN + 16);
    for n in 0..OPEN_MESSAGES {
        text.clear();
        let mut w = n;
        while text.len() < BODY_LEN {
            text.push_str(words[w % words.len()]);
            text.push(' ');
            w = w.wrapping_mul(31).wrapping_add(7);
        }
        // Clip on a char boundary, then pad to exactly BODY_LEN - 5 bytes of UTF-8.
        let clipped = encode::clip(&text, BODY_LEN - 5).len();
        text.truncate(clipped);
        while text.len() < BODY_LEN - 5 {
            text.push('.');
        }
        body.clear();
        encode::put_text_body(&mut body, text.as_bytes()).expect("text body");
        let start = encode::begin_frame(&mut out, FrameType::MESSAGE, 0);
        let meta = MessageMeta {
            message_id: 1_000_000 + n as u64,
            sent_at: 1_700_000_000_000 + 60_000 * n as u64,
            direction: (n % 2) as u8,
            sender: "renard-gris",
            recipient: "loup-bleu",
            key_id: KEY_ID,
        };
        let layout = encode::put_message_meta(&mut out, &meta).expect("message meta");
        let mut nonce = [0u8; 12];
        nonce[..8].copy_from_slice(&(n as u64).to_le_bytes());
        cipher.seal(&nonce, &out[layout.aad], &mut body);
        encode::put_sealed(&mut out, &nonce, &body).expect("sealed body");
        encode::finish_frame(&mut out, start).expect("frame");
    }
    out
}

fn bench_open(c: &mut Criterion) {
    let buf = sealed_messages();
    let mut keyring = Keyring::new();
    let hex: String = KEY.iter().map(|b| format!("{b:02x}")).collect();
    keyring.add_text(Path::new("bench.keys"), format!("{IMEI} {KEY_ID} {hex}\n").as_bytes()).expect("keyring");
    let keys = keyring.device(IMEI);
    let frames: Vec<Frame<'_>> = FrameScanner::new(&buf, 0)
        .map(|item| match item {
            Item::Frame(f) => f,
            Item::Corrupt(span) => panic!("bench buffer has a corrupt span: {span:?}"),
        })
        .collect();
    let messages: Vec<Message<'_>> = frames
        .iter()
        .map(|f| match decode_record(f) {
            Ok(Record::Message(m)) => m,
            other => panic!("not a message: {other:?}"),
        })
        .collect();
    assert_eq!(messages.len(), OPEN_MESSAGES);
    assert!(messages.iter().all(|m| m.sealed.bytes.len() == BODY_LEN + 16));
    let mut plain = Vec::with_capacity(BODY_LEN);
    assert!(matches!(open_message(&messages[0], &keys, &mut plain), Opened::Decrypted(_)));
    let cipher = keys.get(KEY_ID).expect("bench key").cipher();

    let mut g = c.benchmark_group("decrypt");
    g.sample_size(20).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));
    g.throughput(Throughput::Elements(OPEN_MESSAGES as u64));

    // Peer, the cost floor: AES-256-GCM open alone (Cipher::open) on the same sealed bodies.
    g.bench_function("aes_gcm_open", |b| {
        b.iter(|| {
            let mut ok = 0u32;
            for m in &messages {
                ok += u32::from(cipher.open(m.sealed.nonce, m.sealed.aad, m.sealed.bytes, &mut plain).is_ok());
            }
            black_box(ok)
        })
    });
    // The path: parse the MESSAGE payload, look the key up, open, parse the TEXT body.
    g.bench_function("open_message", |b| {
        b.iter(|| {
            let mut text_bytes = 0usize;
            for frame in &frames {
                if let Ok(Record::Message(m)) = decode_record(black_box(frame))
                    && let Opened::Decrypted(body) = open_message(&m, &keys, &mut plain)
                {
                    text_bytes += body.readable_text().bytes().len();
                }
            }
            black_box(text_bytes)
        })
    });
    // The same, from raw bytes: frame envelope and CRC-32 included (frame_at per frame).
    g.bench_function("frame_to_body", |b| {
        b.iter(|| {
            let (mut at, mut text_bytes) = (0usize, 0usize);
            while let Ok(frame) = frame_at(black_box(&buf), at) {
                at += frame.size() as usize;
                if let Ok(Record::Message(m)) = decode_record(&frame)
                    && let Opened::Decrypted(body) = open_message(&m, &keys, &mut plain)
                {
                    text_bytes += body.readable_text().bytes().len();
                }
            }
            black_box(text_bytes)
        })
    });
    g.finish();
}

fn decode_all(corpus: &Corpus) -> u64 {
    let mut decrypted = 0;
    for file in &corpus.files {
        if let Ok(decoded) = decode_dump(black_box(file), &corpus.keyring, &mut CountOnly) {
            decrypted += decoded.accounting.messages.decrypted;
        }
    }
    decrypted
}

fn bench_decode_dump(c: &mut Criterion) {
    let clean = clean();
    let damaged = damaged();
    let mut g = c.benchmark_group("decode_dump");
    g.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(5));

    // Single thread, whole corpus, keyring loaded: header, frames, CRC, decrypt, bodies, §6 accounting.
    g.throughput(Throughput::Bytes(clean.bytes));
    g.bench_function("clean_bytes", |b| b.iter(|| decode_all(clean)));
    g.throughput(Throughput::Elements(clean.message_frames));
    g.bench_function("clean_messages", |b| b.iter(|| decode_all(clean)));
    g.throughput(Throughput::Bytes(damaged.bytes));
    g.bench_function("damaged_bytes", |b| b.iter(|| decode_all(damaged)));
    g.finish();
}

criterion_group!(benches, bench_parse, bench_open, bench_decode_dump);
criterion_main!(benches);
