//! Walking the frames of a file, with resynchronisation past damage (§4.4, §6.1–6.2).

use crate::SYNC;
use crate::crc_range::RangeCrc;
use crate::frame::{Frame, FrameDefect, FrameType, frame_at_with};

/// Why a span of bytes could not be read as frames.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
pub enum CorruptReason {
    BadSync,
    LengthOverLimit,
    PastEndOfFile,
    CrcMismatch,
    /// Bytes after the trailer (§4.4).
    TrailingGarbage,
}

impl CorruptReason {
    /// The stable name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::BadSync => "bad_sync",
            Self::LengthOverLimit => "length_over_limit",
            Self::PastEndOfFile => "past_end_of_file",
            Self::CrcMismatch => "crc_mismatch",
            Self::TrailingGarbage => "trailing_garbage",
        }
    }

    /// The reason a frame's defect gives the span it opens.
    pub fn of(defect: FrameDefect) -> Self {
        match defect {
            FrameDefect::BadSync => Self::BadSync,
            FrameDefect::LengthOverLimit => Self::LengthOverLimit,
            FrameDefect::HeaderPastEnd | FrameDefect::PastEnd => Self::PastEndOfFile,
            FrameDefect::CrcMismatch => Self::CrcMismatch,
        }
    }
}

impl std::fmt::Display for CorruptReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Bytes `[offset, offset + length)` that hold no valid frame. The reason is the defect
/// of the frame that should have started at `offset`.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
pub struct CorruptSpan {
    pub offset: u64,
    pub length: u64,
    pub reason: CorruptReason,
}

/// What the scanner finds next: a valid frame or a corrupt span. Together they tile the
/// file from the end of the header to its last byte, without gap or overlap.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Item<'a> {
    Frame(Frame<'a>),
    Corrupt(CorruptSpan),
}

/// Iterates over the frames of a dump, zero-copy.
///
/// At an invalid frame it scans forward for the next `EC 5A` at which a valid frame
/// begins and reports the bytes in between as one corrupt span. After a valid trailer it
/// reports any remaining bytes as trailing garbage and stops: they are not searched.
#[derive(Clone, Debug)]
pub struct FrameScanner<'a> {
    file: &'a [u8],
    pos: usize,
    trailer_seen: bool,
    /// Keeps each CRC check bounded, so an adversarial file cannot make the scan quadratic.
    crc: RangeCrc,
}

impl<'a> FrameScanner<'a> {
    /// Starts scanning `file` at `start` (the header length).
    pub fn new(file: &'a [u8], start: usize) -> Self {
        FrameScanner { file, pos: start.min(file.len()), trailer_seen: false, crc: RangeCrc::default() }
    }

    /// Whether a valid trailer was met; a file fully scanned without one is truncated.
    pub fn trailer_seen(&self) -> bool {
        self.trailer_seen
    }

    /// The frame at `offset`, as [`crate::frame_at`] would find it, with a CRC check
    /// whose cost does not grow with the declared length.
    fn frame_at(&mut self, offset: usize) -> Result<Frame<'a>, FrameDefect> {
        let (file, crc) = (self.file, &mut self.crc);
        frame_at_with(file, offset, |start, end| crc.crc(file, start, end))
    }

    /// The next offset after `from` where a valid frame begins, or the end of the file.
    fn resync(&mut self, from: usize) -> usize {
        let mut at = from;
        while let Some(found) = find_sync(&self.file[at..]) {
            let candidate = at + found;
            if self.frame_at(candidate).is_ok() {
                return candidate;
            }
            at = candidate + 1;
        }
        self.file.len()
    }
}

/// Position of the first `EC 5A` in `bytes`.
#[inline]
fn find_sync(bytes: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = memchr::memchr(SYNC[0], &bytes[from..]) {
        let at = from + i;
        match bytes.get(at + 1) {
            Some(&b) if b == SYNC[1] => return Some(at),
            Some(_) => from = at + 1,
            None => return None,
        }
    }
    None
}

impl<'a> Iterator for FrameScanner<'a> {
    type Item = Item<'a>;

    fn next(&mut self) -> Option<Item<'a>> {
        let len = self.file.len();
        if self.pos >= len {
            return None;
        }
        if self.trailer_seen {
            let span = CorruptSpan {
                offset: self.pos as u64,
                length: (len - self.pos) as u64,
                reason: CorruptReason::TrailingGarbage,
            };
            self.pos = len;
            return Some(Item::Corrupt(span));
        }
        match self.frame_at(self.pos) {
            Ok(frame) => {
                self.pos += frame.size() as usize;
                self.trailer_seen = frame.frame_type == FrameType::TRAILER;
                Some(Item::Frame(frame))
            }
            Err(defect) => {
                let start = self.pos;
                self.pos = self.resync(start + 1);
                Some(Item::Corrupt(CorruptSpan {
                    offset: start as u64,
                    length: (self.pos - start) as u64,
                    reason: CorruptReason::of(defect),
                }))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frame::tests::encode;

    fn items(file: &[u8]) -> (Vec<Item<'_>>, bool) {
        let mut scanner = FrameScanner::new(file, 0);
        let items: Vec<_> = scanner.by_ref().collect();
        (items, scanner.trailer_seen())
    }

    fn span(offset: u64, length: u64, reason: CorruptReason) -> Item<'static> {
        Item::Corrupt(CorruptSpan { offset, length, reason })
    }

    #[test]
    fn resyncs_after_a_damaged_frame_and_reports_trailing_garbage() {
        let a = encode(1, 0, b"first");
        let mut b = encode(1, 0, b"second");
        b[10] ^= 0x55;
        let c = encode(3, 0, b"third");
        let t = encode(0x7F, 0, &3u64.to_le_bytes());
        let file = [a.clone(), b.clone(), c.clone(), t.clone(), b"junk".to_vec()].concat();
        let (items, trailer) = items(&file);
        assert!(trailer);
        let (la, lb, lc, lt) = (a.len() as u64, b.len() as u64, c.len() as u64, t.len() as u64);
        assert_eq!(items.len(), 5);
        assert!(matches!(items[0], Item::Frame(f) if f.payload == b"first"));
        assert_eq!(items[1], span(la, lb, CorruptReason::CrcMismatch));
        assert!(matches!(items[2], Item::Frame(f) if f.offset == la + lb));
        assert!(matches!(items[3], Item::Frame(f) if f.frame_type == FrameType::TRAILER));
        assert_eq!(items[4], span(la + lb + lc + lt, 4, CorruptReason::TrailingGarbage));
    }

    #[test]
    fn a_truncated_tail_is_one_span_to_the_end() {
        let a = encode(1, 0, b"first");
        let b = encode(1, 0, b"second frame cut short");
        let file = [a.clone(), b[..10].to_vec()].concat();
        let (items, trailer) = items(&file);
        assert!(!trailer);
        assert_eq!(items[1], span(a.len() as u64, 10, CorruptReason::PastEndOfFile));
    }

    #[test]
    fn leading_garbage_ending_in_a_lone_sync_byte() {
        let file = [0xEC];
        assert_eq!(items(&file).0, vec![span(0, 1, CorruptReason::BadSync)]);
        assert!(items(&[]).0.is_empty());
    }
}
