//! Adversarial resynchronisation: files crafted so that every `EC 5A` candidate declares a
//! long frame that fits in the file but whose CRC fails. A scanner that recomputes each
//! candidate's CRC from scratch does `O(n²)` work on them; the scanner must stay linear.
//!
//! The small cases run in every `cargo test`; the measurement runs on demand:
//! `cargo test --release -p tapir-parsers --test resync_cost -- --ignored --nocapture`.

use std::time::{Duration, Instant};

use tapir_parsers::{FrameScanner, Item, MAX_PAYLOAD, crc32};

/// `EC 5A 01 00 <len>` every 8 bytes, each length running (almost) to the end of the file,
/// so that every candidate passes the cheap checks and needs a CRC over most of the file.
pub fn stride8_to_end(size: usize) -> Vec<u8> {
    let mut file = vec![0u8; size];
    file[0] = 0xFF; // not a sync: the scan starts with a resync
    let mut p = 8;
    while p + 12 <= size {
        let len = ((size - p - 12) as u32).min(MAX_PAYLOAD);
        file[p..p + 4].copy_from_slice(&[0xEC, 0x5A, 0x01, 0x00]);
        file[p + 4..p + 8].copy_from_slice(&len.to_le_bytes());
        p += 8;
    }
    file
}

/// `EC 5A FF 00` every 4 bytes: each candidate's length field is the next candidate's sync,
/// type and flags (`0x00FF5AEC` = 16 735 980, under the 16 MiB limit), so a file a little
/// over 16 MiB has a candidate every 4 bytes that each want a CRC over ~16 MiB.
pub fn stride4_next_sync_as_length(size: usize) -> Vec<u8> {
    let mut file = vec![0u8; size];
    file[0] = 0xFF;
    let mut p = 4;
    while p + 4 <= size {
        file[p..p + 4].copy_from_slice(&[0xEC, 0x5A, 0xFF, 0x00]);
        p += 4;
    }
    file
}

/// Invalid envelope (long length, bad CRC) then a valid empty frame, repeated: every
/// corrupt span starts on a frame whose length runs far, then resyncs 8 bytes later.
pub fn many_spans_with_long_first_frames(size: usize) -> Vec<u8> {
    let mut empty = vec![0xEC, 0x5A, 0x09, 0x00, 0, 0, 0, 0];
    let crc = crc32(&empty[2..]);
    empty.extend_from_slice(&crc.to_le_bytes());
    let size = size / 20 * 20;
    let mut file = Vec::with_capacity(size);
    while file.len() + 20 <= size {
        let len = ((size - file.len() - 12) as u32).min(MAX_PAYLOAD);
        file.extend_from_slice(&[0xEC, 0x5A, 0x01, 0x00]);
        file.extend_from_slice(&len.to_le_bytes());
        file.extend_from_slice(&empty);
    }
    file
}

/// Scans the whole file, checking that items tile it; returns (items, time).
fn scan(file: &[u8]) -> (usize, Duration) {
    let t = Instant::now();
    let mut covered = 0u64;
    let mut items = 0;
    for item in FrameScanner::new(file, 0) {
        items += 1;
        covered += match item {
            Item::Frame(f) => f.size(),
            Item::Corrupt(s) => s.length,
        };
    }
    assert_eq!(covered, file.len() as u64);
    (items, t.elapsed())
}

/// Large enough that quadratic work shows even with optimised dependencies (before the
/// fix, 4 MiB of `stride8_to_end` took ~27 s in release: ~1.1e12 bytes of CRC), small
/// enough for a debug build of the fixed scanner (~2 s).
#[test]
fn adversarial_resync_stays_linear() {
    for (name, file) in [
        ("stride8_to_end", stride8_to_end(4 * 1024 * 1024)),
        ("many_spans_with_long_first_frames", many_spans_with_long_first_frames(4 * 1024 * 1024)),
    ] {
        let (items, took) = scan(&file);
        assert!(took < Duration::from_secs(15), "{name}: {} KiB took {took:?} ({items} items)", file.len() / 1024);
    }
}

#[test]
#[ignore = "measurement: run in release with --ignored --nocapture"]
fn measure_adversarial_resync() {
    let sizes_mb: Vec<usize> = std::env::var("RESYNC_SIZES_MB")
        .map(|s| s.split(',').map(|x| x.trim().parse().unwrap()).collect())
        .unwrap_or_else(|_| vec![1, 2, 4, 8]);
    for &mb in &sizes_mb {
        let size = mb * 1024 * 1024;
        for (name, file) in [
            ("stride8_to_end", stride8_to_end(size)),
            ("many_spans_with_long_first_frames", many_spans_with_long_first_frames(size)),
        ] {
            let (items, took) = scan(&file);
            println!(
                "{name:<36} {mb:>3} MiB: {:>9.3} s  ({:.3} s/MiB, {items} items)",
                took.as_secs_f64(),
                took.as_secs_f64() / mb as f64
            );
        }
    }
    // Only meaningful past 16 MiB: every candidate's length is ~16 MiB.
    if std::env::var("RESYNC_STRIDE4").is_ok() {
        let size = 17 * 1024 * 1024 + 512 * 1024;
        let file = stride4_next_sync_as_length(size);
        let (items, took) = scan(&file);
        println!("stride4_next_sync_as_length           17.5 MiB: {:.3} s ({items} items)", took.as_secs_f64());
    }
}
