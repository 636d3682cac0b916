//! Facet counts and the per-day histogram of a search's matches, in one pass over the matching
//! documents that reads fast columns only (sender, recipient, device, status, kind, language,
//! sent time, conversation), never a stored document: what a search page shows beside its hits.
//!
//! Memory follows the case (a counter per distinct value of a segment, a counter per day), never
//! a number a user typed: the values listed per facet are capped at [`MAX_FACET_VALUES`].

use std::collections::{BTreeMap, HashMap};

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DateTime, DocId, Score, SegmentOrdinal, SegmentReader};

/// Values listed per facet at most (the most frequent first).
pub const MAX_FACET_VALUES: usize = 100;

/// Milliseconds in a UTC day.
const DAY_MS: i64 = 86_400_000;

/// The faceted string columns, in the order [`Facets`] lists them. A document counts once per
/// distinct value (a message held by two devices counts for each).
pub(crate) const FACET_COLUMNS: [&str; 6] = ["sender", "recipient", "imei", "status", "kind", "lang"];

/// One value of a facet and the matches carrying it.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct FacetValue {
    pub value: String,
    pub count: u64,
}

/// One facet: its most frequent values (count descending, then value), and how many distinct
/// values the matches carry in all.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Facet {
    pub values: Vec<FacetValue>,
    pub distinct: u64,
}

/// Matches sent on one UTC day (`YYYY-MM-DD`).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct DayCount {
    pub day: String,
    pub count: u64,
}

/// The facets of a search's matches and their per-day histogram.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Facets {
    pub sender: Facet,
    pub recipient: Facet,
    /// IMEIs of the devices holding a copy.
    pub device: Facet,
    pub status: Facet,
    pub kind: Facet,
    pub language: Facet,
    /// Days with at least one match, oldest first.
    pub days: Vec<DayCount>,
}

/// Counts per value of each facet column, then per day, then per conversation id.
pub(crate) struct FacetCollector {
    /// Values listed per facet (at most [`MAX_FACET_VALUES`]).
    pub top: usize,
    /// Conversations whose matches are counted apart: `conversation_id` → the bits of the
    /// groups it is in (e.g. the review states of its findings); empty: none.
    pub conversations: std::sync::Arc<HashMap<u64, u64>>,
    /// Groups (at most 64; bit `g` of a conversation's value is group `g`).
    pub groups: usize,
}

/// What the facets of all segments add up to.
pub(crate) struct Counted {
    pub facets: Facets,
    /// Matches per conversation group (see [`FacetCollector::conversations`]).
    pub groups: Vec<u64>,
}

pub(crate) struct FacetSegment {
    columns: Vec<(StrColumn, Vec<u32>)>,
    times: Column<DateTime>,
    days: HashMap<i64, u64>,
    conversation_ids: Column<u64>,
    conversations: std::sync::Arc<HashMap<u64, u64>>,
    groups: Vec<u64>,
}

/// A segment's counts with its values spelled out.
pub(crate) struct SegmentCounts {
    values: Vec<BTreeMap<String, u64>>,
    days: HashMap<i64, u64>,
    groups: Vec<u64>,
}

impl Collector for FacetCollector {
    type Fruit = Counted;
    type Child = FacetSegment;

    fn for_segment(&self, _: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<FacetSegment> {
        let fast = reader.fast_fields();
        let mut columns = Vec::with_capacity(FACET_COLUMNS.len());
        for name in FACET_COLUMNS {
            let column = fast.str(name)?.ok_or_else(|| {
                tantivy::TantivyError::SchemaError(format!(
                    "field {name:?} has no fast column: the index predates facets"
                ))
            })?;
            let counts = vec![0; column.num_terms()];
            columns.push((column, counts));
        }
        Ok(FacetSegment {
            columns,
            times: fast.date("sent_at")?,
            days: HashMap::new(),
            conversation_ids: fast.u64("conversation_id")?,
            conversations: self.conversations.clone(),
            groups: vec![0; self.groups],
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<tantivy::Result<SegmentCounts>>) -> tantivy::Result<Counted> {
        let mut values: Vec<BTreeMap<String, u64>> = vec![BTreeMap::new(); FACET_COLUMNS.len()];
        let mut days: BTreeMap<i64, u64> = BTreeMap::new();
        let mut groups = vec![0; self.groups];
        for fruit in fruits {
            let fruit = fruit?;
            for (all, segment) in values.iter_mut().zip(fruit.values) {
                for (value, n) in segment {
                    *all.entry(value).or_default() += n;
                }
            }
            for (day, n) in fruit.days {
                *days.entry(day).or_default() += n;
            }
            groups.iter_mut().zip(fruit.groups).for_each(|(a, b)| *a += b);
        }
        let top = self.top.min(MAX_FACET_VALUES);
        let mut facets = values.into_iter().map(|v| facet_of(v, top));
        let mut next = || facets.next().unwrap_or_default();
        let facets = Facets {
            sender: next(),
            recipient: next(),
            device: next(),
            status: next(),
            kind: next(),
            language: next(),
            days: days.into_iter().map(|(day, count)| DayCount { day: day_name(day), count }).collect(),
        };
        Ok(Counted { facets, groups })
    }
}

/// The `top` most frequent values (count descending, then value).
fn facet_of(counts: BTreeMap<String, u64>, top: usize) -> Facet {
    let distinct = counts.len() as u64;
    let mut values: Vec<FacetValue> = counts.into_iter().map(|(value, count)| FacetValue { value, count }).collect();
    // Stable: equal counts stay in value order.
    values.sort_by(|a, b| b.count.cmp(&a.count));
    values.truncate(top);
    Facet { values, distinct }
}

/// `YYYY-MM-DD` of a day number (days since 1970-01-01, UTC).
fn day_name(day: i64) -> String {
    let ms = day.saturating_mul(DAY_MS);
    let text = u64::try_from(ms).map(crate::time::rfc3339_ms).unwrap_or_default();
    text.get(..10).unwrap_or(&text).to_owned()
}

impl SegmentCollector for FacetSegment {
    type Fruit = tantivy::Result<SegmentCounts>;

    fn collect(&mut self, doc: DocId, _: Score) {
        for (column, counts) in &mut self.columns {
            let mut last = None;
            for ord in column.term_ords(doc) {
                // Ords of a document come sorted: a value held twice counts once.
                if last != Some(ord) {
                    if let Some(n) = counts.get_mut(ord as usize) {
                        *n += 1;
                    }
                    last = Some(ord);
                }
            }
        }
        if let Some(t) = self.times.first(doc) {
            *self.days.entry(t.into_timestamp_millis().div_euclid(DAY_MS)).or_default() += 1;
        }
        if !self.conversations.is_empty()
            && let Some(&bits) = self.conversation_ids.first(doc).and_then(|c| self.conversations.get(&c))
        {
            for (g, n) in self.groups.iter_mut().enumerate() {
                *n += bits >> g & 1;
            }
        }
    }

    fn harvest(self) -> tantivy::Result<SegmentCounts> {
        let mut values = Vec::with_capacity(self.columns.len());
        for (column, counts) in self.columns {
            let mut spelled = BTreeMap::new();
            let mut text = String::new();
            for (ord, &n) in counts.iter().enumerate().filter(|(_, n)| **n > 0) {
                text.clear();
                if !column.ord_to_str(ord as u64, &mut text)? {
                    return Err(tantivy::TantivyError::InternalError(format!("facet value {ord} missing")));
                }
                spelled.insert(text.clone(), u64::from(n));
            }
            values.push(spelled);
        }
        Ok(SegmentCounts { values, days: self.days, groups: self.groups })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_named_in_utc_and_facets_keep_the_most_frequent() {
        assert_eq!(day_name(0), "1970-01-01");
        assert_eq!(day_name(18_383), "2020-05-01");
        let counts = BTreeMap::from([("b".to_owned(), 2), ("a".to_owned(), 2), ("c".to_owned(), 5)]);
        let facet = facet_of(counts, 2);
        assert_eq!(facet.distinct, 3);
        let shown: Vec<_> = facet.values.iter().map(|v| (v.value.as_str(), v.count)).collect();
        assert_eq!(shown, [("c", 5), ("a", 2)]);
    }
}
