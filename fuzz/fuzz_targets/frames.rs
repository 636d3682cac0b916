//! Header + frame scanner + record decoder over arbitrary bytes, checking the §6 tiling.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tapir_parsers::{CorruptReason, FrameScanner, FrameType, Item, Record, decode_record, parse_body, parse_header};

/// Scans `data` from `start`; asserts that frames and spans tile `[start, len)` exactly,
/// that only one trailing-garbage span may follow a trailer, and that the scan terminates.
fn scan(data: &[u8], start: usize) {
    let len = data.len();
    let mut pos = start.min(len);
    let mut scanner = FrameScanner::new(data, start);
    let mut after_trailer = false;
    let mut after_trailer_items = 0;
    let mut n = 0usize;
    for item in scanner.by_ref() {
        n += 1;
        assert!(n <= len + 1, "scanner does not terminate");
        after_trailer_items += usize::from(after_trailer);
        match item {
            Item::Frame(f) => {
                assert!(!after_trailer);
                assert_eq!(f.offset, pos as u64);
                pos += f.size() as usize;
                after_trailer = f.frame_type == FrameType::TRAILER;
                if let Ok(Record::Message(m)) = decode_record(&f) {
                    assert!(m.sealed.bytes.len() >= 16);
                    let _ = parse_body(m.sealed.bytes);
                }
            }
            Item::Corrupt(s) => {
                assert_eq!(s.offset, pos as u64);
                assert!(s.length > 0);
                assert_eq!(s.reason == CorruptReason::TrailingGarbage, after_trailer);
                pos += s.length as usize;
            }
        }
    }
    assert!(after_trailer_items <= 1);
    assert_eq!(pos, len);
    assert_eq!(scanner.trailer_seen(), after_trailer);
}

fuzz_target!(|data: &[u8]| {
    match parse_header(data) {
        Ok(h) => scan(data, usize::from(h.header_len)),
        Err(e) => {
            let _ = e.to_string();
        }
    }
    // Also scan as if the header were already behind us, so the fuzzer can reach the
    // frame decoders without forging a header CRC.
    scan(data, 0);
});
