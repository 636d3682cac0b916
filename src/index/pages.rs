//! Results a page at a time, whatever limit was asked: each page is the next `PAGE_SIZE` (at
//! most) documents after the last one handed out, in the search's order ("search after").
//!
//! tantivy's `TopDocs` allocates room for `2 × (limit + offset)` documents up front, so a
//! limit of 2,000,000,000 exhausted memory and one of `usize::MAX` overflowed. A page holds at
//! most `PAGE_SIZE` keys per segment and no document: memory follows the page, never the
//! number a user typed, and every page pass counts the documents matching on the way.

use std::collections::BinaryHeap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DateTime, DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

use super::search::SortOrder;

/// Keys a page holds at most. 65,536 keys are 1.5 MB a segment at worst; a search handing out
/// 20M documents makes about 300 passes.
pub(crate) const PAGE_SIZE: usize = 65_536;

/// A document's place in a search's order: smaller comes first. The address breaks ties, so
/// that every document has one place and pages never overlap or skip.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct RankKey {
    primary: u64,
    segment: SegmentOrdinal,
    doc: DocId,
}

impl RankKey {
    pub fn address(&self) -> DocAddress {
        DocAddress::new(self.segment, self.doc)
    }
}

/// A document of a page: its key and its score (0 when sorted by time).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Ranked {
    pub key: RankKey,
    pub score: Score,
}

impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}
impl Eq for Ranked {}
impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.key.cmp(&other.key)
    }
}

/// Best score first: the score's bits in an order that sorts descending.
fn score_primary(score: Score) -> u64 {
    let bits = score.to_bits();
    let ascending = if bits >> 31 == 1 { !bits } else { bits | 1 << 31 };
    u64::from(!ascending)
}

/// Oldest first: signed milliseconds in an order that sorts ascending.
fn time_primary(millis: i64) -> u64 {
    (millis as u64) ^ (1 << 63)
}

/// Collects the first `size` documents after `after` in `order`, and counts every document
/// matching (before and after it alike).
pub(crate) struct PageCollector {
    pub order: SortOrder,
    pub after: Option<RankKey>,
    pub size: usize,
}

pub(crate) struct PageSegment {
    segment: SegmentOrdinal,
    after: Option<RankKey>,
    size: usize,
    /// Sent times, when sorting by time.
    times: Option<Column<DateTime>>,
    /// The best `size` so far; its top is the worst of them.
    best: BinaryHeap<Ranked>,
    count: usize,
}

impl Collector for PageCollector {
    type Fruit = (Vec<Ranked>, usize);
    type Child = PageSegment;

    fn for_segment(&self, segment: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<PageSegment> {
        let times = match self.order {
            SortOrder::Score => None,
            SortOrder::Time => Some(reader.fast_fields().date("sent_at")?),
        };
        Ok(PageSegment { segment, after: self.after, size: self.size, times, best: BinaryHeap::new(), count: 0 })
    }

    fn requires_scoring(&self) -> bool {
        self.order == SortOrder::Score
    }

    fn merge_fruits(&self, fruits: Vec<(Vec<Ranked>, usize)>) -> tantivy::Result<(Vec<Ranked>, usize)> {
        let count = fruits.iter().map(|(_, n)| n).sum();
        let mut page: Vec<Ranked> = fruits.into_iter().flat_map(|(p, _)| p).collect();
        page.sort_unstable();
        page.truncate(self.size);
        Ok((page, count))
    }
}

impl SegmentCollector for PageSegment {
    type Fruit = (Vec<Ranked>, usize);

    fn collect(&mut self, doc: DocId, score: Score) {
        self.count += 1;
        if self.size == 0 {
            return;
        }
        let primary = match &self.times {
            None => score_primary(score),
            Some(times) => time_primary(times.first(doc).map_or(i64::MAX, |t| t.into_timestamp_millis())),
        };
        let key = RankKey { primary, segment: self.segment, doc };
        if self.after.is_some_and(|after| key <= after) {
            return;
        }
        let score = if self.times.is_some() { 0.0 } else { score };
        if self.best.len() < self.size {
            self.best.push(Ranked { key, score });
        } else if self.best.peek().is_some_and(|worst| key < worst.key) {
            self.best.pop();
            self.best.push(Ranked { key, score });
        }
    }

    fn harvest(self) -> (Vec<Ranked>, usize) {
        (self.best.into_vec(), self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn primaries_sort_as_the_order_says() {
        let scores = [f32::NEG_INFINITY, -2.5, -0.0, 0.0, 1e-9, 0.5, 1.0, 7.25, f32::INFINITY];
        let keys: Vec<u64> = scores.iter().map(|&s| score_primary(s)).collect();
        assert!(keys.windows(2).all(|w| w[0] >= w[1]), "higher scores come first: {keys:?}");
        let times = [i64::MIN, -1, 0, 1, 1_588_291_200_000, i64::MAX];
        let keys: Vec<u64> = times.iter().map(|&t| time_primary(t)).collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]), "older times come first: {keys:?}");
    }
}
