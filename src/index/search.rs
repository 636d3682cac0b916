//! Searching the index: the query (`query.rs`) and filters, hits streamed a page at a time
//! (`pages.rs`) with the total matching, highlighted snippets, and every hit's copies
//! resolved to their evidence bytes.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::ops::{Bound, Range};
use std::path::PathBuf;

use tantivy::collector::Count;
use tantivy::query::{AllQuery, BooleanQuery, Occur, Query, RangeQuery, TermQuery, TermSetQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DateTime, Searcher, TantivyDocument, Term};

use super::facets::{FacetCollector, Facets};
use super::ingest::conversation_key;
use super::pages::{PAGE_SIZE, PageCollector, RankKey, Ranked};
use super::query::Expansion;
use super::{IndexError, TapirIndex, engine};
use crate::decode::Status;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortOrder {
    /// Best match first.
    #[default]
    Score,
    /// Oldest first.
    Time,
}

/// A search: the query and the filters that narrow it.
#[derive(Clone, Debug, Default)]
pub struct SearchOptions {
    /// tantivy query syntax; empty means every message (filters still apply).
    pub query: String,
    /// Epoch milliseconds, inclusive.
    pub from: Option<u64>,
    /// Epoch milliseconds, exclusive.
    pub to: Option<u64>,
    pub sender: Option<String>,
    pub recipient: Option<String>,
    /// Messages between two handles, either way.
    pub between: Option<(String, String)>,
    /// IMEI of a device holding a copy.
    pub device: Option<String>,
    pub status: Option<Status>,
    /// Only messages with a copy flagged DELETED (`Some(true)`), or with none (`Some(false)`).
    pub deleted: Option<bool>,
    /// Only documents in every one of these sets (e.g. those the case's annotations tag, see
    /// `Case::within`).
    pub within: Vec<Within>,
    /// Most hits to hand out (`usize::MAX`: all; 0: none, only the total is counted).
    pub limit: usize,
    /// Hits to skip first, in the search's order: the next page starts at `offset + limit`.
    pub offset: usize,
    pub sort: SortOrder,
}

/// A set of documents a search is restricted to: messages and notes by their index keys, and
/// whole conversations by their `conversation_id`. An empty set matches nothing.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Within {
    /// Index keys (`annotations::Target::index_key`).
    pub keys: Vec<String>,
    /// `conversation_id`s (`annotations::FindingId::conversation`).
    pub conversations: Vec<u64>,
}

/// Where one copy of a hit lies in the evidence.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Copy {
    pub imei: String,
    pub file: PathBuf,
    pub sha256: String,
    /// Offset of the frame in the file.
    pub offset: u64,
    /// `sent` or `received`, from the capturing device's point of view.
    #[serde(serialize_with = "direction_name")]
    pub direction: tapir_parsers::Direction,
    pub deleted: bool,
    pub status: Status,
}

/// Part of a text with the matched words marked (byte ranges into `fragment`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Snippet {
    pub fragment: String,
    pub highlights: Vec<Range<usize>>,
}

/// A direction serialised by its name (`sent`, `received`), as every output writes it.
fn direction_name<S: serde::Serializer>(direction: &tapir_parsers::Direction, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(direction.as_str())
}

/// One logical message (or note) found.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    pub sender: String,
    pub message_id: u64,
    /// Empty for a note.
    pub recipient: String,
    /// Epoch milliseconds.
    pub sent_at: u64,
    /// `text`, `image`, `location`, `note`, or `unknown` while no copy decrypts.
    pub kind: super::Kind,
    pub status: Status,
    pub lang: crate::lang::Lang,
    pub text: String,
    pub snippet: Snippet,
    /// 0 when sorted by time.
    pub score: f32,
    pub copies: Vec<Copy>,
    /// Image name, size and hash, or coordinates.
    pub extra: Option<super::Extra>,
}

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The query does not parse; `position` is a byte offset into it.
    #[error("malformed query at position {position}: {message}")]
    Syntax { position: usize, message: String },
    #[error("invalid query: {0}")]
    Invalid(String),
    #[error(transparent)]
    Index(#[from] IndexError),
}

/// The hits of a search, best (or oldest) first, read a page at a time. The total and the
/// number of hits it will hand out are known from the start.
pub struct HitStream<'a> {
    index: &'a TapirIndex,
    searcher: Searcher,
    /// The query with its filters: what runs.
    query: Box<dyn Query>,
    /// The query alone: what snippets highlight.
    text_query: Box<dyn Query>,
    order: SortOrder,
    /// Documents a page holds at most.
    page_size: usize,
    total: usize,
    /// Hits still to hand out (read or not).
    remaining: usize,
    page: std::vec::IntoIter<Ranked>,
    /// The last document handed out or skipped: the next page starts after it.
    cursor: Option<RankKey>,
    expansions: Vec<Expansion>,
    snippets: Option<Snippets>,
    hints: Vec<String>,
    /// Hits read ahead (`prefetch`), handed out first.
    ready: VecDeque<Hit>,
}

/// What a snippet highlights: the query's exact terms, and per hit the words its fuzzy and
/// prefix terms matched there.
struct Snippets {
    terms: BTreeMap<String, f32>,
    analyzer: TextAnalyzer,
}

/// Characters of text a snippet shows (tantivy's default).
const SNIPPET_CHARS: usize = 150;

impl HitStream<'_> {
    /// Every document matching, before `offset` and `limit`.
    pub fn total(&self) -> usize {
        self.total
    }

    /// The hits still to come: `min(limit, total - offset)` before the first.
    pub fn remaining(&self) -> usize {
        self.remaining + self.ready.len()
    }

    /// Things the user should know though they are no errors: handles that match nothing,
    /// with the nearest that match.
    pub fn hints(&self) -> &[String] {
        &self.hints
    }

    /// The facets of every match (not only of the hits handed out) and their per-day
    /// histogram, counted on fast columns in one pass (`facets.rs`); `top` values a facet at
    /// most ([`super::MAX_FACET_VALUES`] at most).
    pub fn facets(&self, top: usize) -> Result<Facets, SearchError> {
        Ok(self.facets_grouped(top, HashMap::new(), 0)?.0)
    }

    /// [`Self::facets`], and the matches in each group of conversations: `conversations` maps a
    /// `conversation_id` to the bits of the `groups` (at most 64) it is in.
    pub fn facets_grouped(
        &self,
        top: usize,
        conversations: HashMap<u64, u64>,
        groups: usize,
    ) -> Result<(Facets, Vec<u64>), SearchError> {
        if groups > 64 {
            return Err(SearchError::Invalid(format!("{groups} conversation groups: 64 at most")));
        }
        let collector = FacetCollector { top, conversations: std::sync::Arc::new(conversations), groups };
        let dir = &self.index.dir;
        let counted =
            super::guarded(dir, || self.searcher.search(&*self.query, &collector).map_err(|e| engine(dir, e)))?;
        Ok((counted.facets, counted.groups))
    }

    /// The matches that are also in `within` (a tag's messages, say), counted.
    pub fn count_within(&self, within: &Within) -> Result<usize, SearchError> {
        let query =
            BooleanQuery::new(vec![(Occur::Must, self.query.box_clone()), (Occur::Must, self.index.within(within))]);
        let dir = &self.index.dir;
        Ok(super::guarded(dir, || self.searcher.search(&query, &Count).map_err(|e| engine(dir, e)))?)
    }

    /// Hits come with snippets, the matched words marked.
    pub fn with_snippets(mut self) -> Self {
        let f = self.index.fields.text;
        let terms = super::query::snippet_terms(&self.searcher, &*self.text_query, f);
        if let Ok(analyzer) = self.index.index.tokenizer_for_field(f) {
            self.snippets = Some(Snippets { terms, analyzer });
        }
        self
    }

    /// Reads up to `n` of the next hits now (a batch does so in parallel, then hands them out
    /// in order).
    pub fn prefetch(&mut self, n: usize) -> Result<(), SearchError> {
        while self.ready.len() < n
            && let Some(hit) = self.read_next()?
        {
            self.ready.push_back(hit);
        }
        Ok(())
    }

    /// The first pass: counts, skips `offset` documents, keeps the first page.
    fn start(&mut self, offset: usize, limit: usize) -> Result<(), SearchError> {
        if limit == 0 {
            let dir = &self.index.dir;
            self.total =
                super::guarded(dir, || self.searcher.search(&*self.query, &Count).map_err(|e| engine(dir, e)))?;
            return Ok(());
        }
        let (page, total) = self.next_page(offset.saturating_add(limit))?;
        self.total = total;
        self.remaining = limit.min(total.saturating_sub(offset));
        self.page = page.into_iter();
        // Skip `offset` documents, a page at a time beyond the first.
        let mut to_skip = offset;
        while to_skip > 0 {
            let skipped = self.page.by_ref().take(to_skip).fold(0, |n, r| {
                self.cursor = Some(r.key);
                n + 1
            });
            to_skip -= skipped;
            if to_skip == 0 || self.remaining == 0 {
                break;
            }
            let (page, _) = self.next_page(to_skip.saturating_add(self.remaining))?;
            if page.is_empty() {
                break;
            }
            self.page = page.into_iter();
        }
        Ok(())
    }

    /// Up to `wanted` (at most a page) documents after the cursor, and the total; under the
    /// engine's panic guard ([`super::guarded`]), like every read of the stream: a damaged
    /// index is an error, never a crash.
    fn next_page(&self, wanted: usize) -> Result<(Vec<Ranked>, usize), SearchError> {
        let collector = PageCollector { order: self.order, after: self.cursor, size: wanted.min(self.page_size) };
        let dir = &self.index.dir;
        Ok(super::guarded(dir, || self.searcher.search(&*self.query, &collector).map_err(|e| engine(dir, e)))?)
    }

    fn read_next(&mut self) -> Result<Option<Hit>, SearchError> {
        if self.remaining == 0 {
            return Ok(None);
        }
        let ranked = match self.page.next() {
            Some(r) => r,
            None => {
                let (page, _) = self.next_page(self.remaining)?;
                self.page = page.into_iter();
                match self.page.next() {
                    Some(r) => r,
                    None => {
                        self.remaining = 0;
                        return Ok(None);
                    }
                }
            }
        };
        self.remaining -= 1;
        self.cursor = Some(ranked.key);
        let dir = &self.index.dir;
        let doc: TantivyDocument =
            super::guarded(dir, || self.searcher.doc(ranked.key.address()).map_err(|e| engine(dir, e)))?;
        let mut hit = self.index.hit_of(&doc, &self.index.manifest(), ranked.score);
        if let Some(snippets) = &self.snippets {
            hit.snippet = snippets.of(&hit.text, &self.expansions, self.index.fields.text);
        }
        Ok(Some(hit))
    }
}

impl Iterator for HitStream<'_> {
    type Item = Result<Hit, SearchError>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(hit) = self.ready.pop_front() {
            return Some(Ok(hit));
        }
        match self.read_next() {
            Ok(hit) => hit.map(Ok),
            Err(e) => {
                // Nothing more after an error.
                self.remaining = 0;
                Some(Err(e))
            }
        }
    }
}

impl Snippets {
    fn of(&self, text: &str, expansions: &[Expansion], field: Field) -> Snippet {
        let mut terms = self.terms.clone();
        if !expansions.is_empty() {
            let mut analyzer = self.analyzer.clone();
            let mut stream = analyzer.token_stream(text);
            while stream.advance() {
                let word = &stream.token().text;
                if !terms.contains_key(word) && expansions.iter().any(|e| e.matches(word)) {
                    terms.insert(word.clone(), 1.0);
                }
            }
        }
        let s = SnippetGenerator::new(terms, self.analyzer.clone(), field, SNIPPET_CHARS).snippet(text);
        Snippet { fragment: s.fragment().to_owned(), highlights: s.highlighted().to_vec() }
    }
}

impl TapirIndex {
    /// Runs a search and returns its hits (up to `limit`, after `offset`), with snippets.
    /// Every hit is held: for any number of them, `search_stream` hands them out one by one.
    pub fn search(&self, options: &SearchOptions) -> Result<Vec<Hit>, SearchError> {
        self.search_stream(options)?.with_snippets().collect()
    }

    /// Runs a search: counts the documents matching and reads its first page at once; the
    /// hits then come a page at a time (`pages.rs`), so memory never follows `limit`.
    pub fn search_stream(&self, options: &SearchOptions) -> Result<HitStream<'_>, SearchError> {
        self.search_in_pages(options, PAGE_SIZE)
    }

    /// `search_stream` with pages of `page_size` documents (tests page through small ones).
    fn search_in_pages(&self, options: &SearchOptions, page_size: usize) -> Result<HitStream<'_>, SearchError> {
        let searcher = self.searcher();
        let parsed = self.parse_query(&options.query, &searcher)?;
        let mut hints = parsed.hints;
        for hint in self.filter_hints(&searcher, options) {
            if !hints.contains(&hint) {
                hints.push(hint);
            }
        }
        let query = self.with_filters(parsed.query.box_clone(), options);
        let mut stream = HitStream {
            index: self,
            searcher,
            query,
            text_query: parsed.query,
            order: options.sort,
            page_size: page_size.max(1),
            total: 0,
            remaining: 0,
            page: Vec::new().into_iter(),
            cursor: None,
            expansions: parsed.expansions,
            snippets: None,
            hints,
            ready: VecDeque::new(),
        };
        stream.start(options.offset, options.limit)?;
        Ok(stream)
    }

    /// Hints for the handles of the filters that match nothing.
    fn filter_hints(&self, searcher: &tantivy::Searcher, o: &SearchOptions) -> Vec<String> {
        let mut hints = Vec::new();
        let mut hint = |flag: &str, fields: &[&str], handle: &str| {
            // A handle is known if any of `fields` holds it; suggestions come from the first.
            let near = fields.iter().map(|f| self.near_handles(searcher, f, handle)).collect::<Option<Vec<_>>>();
            if let Some(near) = near {
                hints.push(super::query::handle_hint(&format!("{flag} {handle}"), near[0].iter().map(String::as_str)));
            }
        };
        if let Some(h) = &o.sender {
            hint("--sender", &["sender"], h);
        }
        if let Some(h) = &o.recipient {
            hint("--recipient", &["recipient"], h);
        }
        if let Some((a, b)) = &o.between {
            for h in [a, b] {
                hint("--between", &["sender", "recipient"], h);
            }
        }
        hints
    }

    fn with_filters(&self, query: Box<dyn Query>, o: &SearchOptions) -> Box<dyn Query> {
        let f = &self.fields;
        let mut must: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, query)];
        let term = |field: Field, value: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(Term::from_field_text(field, value), IndexRecordOption::Basic))
        };
        if let Some(s) = &o.sender {
            must.push((Occur::Must, term(f.sender, s)));
        }
        if let Some(r) = &o.recipient {
            must.push((Occur::Must, term(f.recipient, r)));
        }
        if let Some((a, b)) = &o.between {
            must.push((Occur::Must, term(f.conversation, &conversation_key(a, b))));
        }
        if let Some(imei) = &o.device {
            must.push((Occur::Must, term(f.imei, imei)));
        }
        if let Some(status) = o.status {
            must.push((Occur::Must, term(f.status, status.as_str())));
        }
        if let Some(deleted) = o.deleted {
            must.push((Occur::Must, term(f.deleted, if deleted { "true" } else { "false" })));
        }
        if o.from.is_some() || o.to.is_some() {
            must.push((Occur::Must, Box::new(self.time_range(o.from, o.to))));
        }
        for within in &o.within {
            must.push((Occur::Must, self.within(within)));
        }
        if must.len() == 1 {
            must.pop().map(|(_, q)| q).unwrap_or_else(|| Box::new(AllQuery))
        } else {
            Box::new(BooleanQuery::new(must))
        }
    }

    /// The documents of `within`: one term set over the keys and the conversations.
    fn within(&self, within: &Within) -> Box<dyn Query> {
        let keys = within.keys.iter().map(|k| Term::from_field_text(self.fields.key, k));
        let conversations = within.conversations.iter().map(|&c| Term::from_field_u64(self.fields.conversation_id, c));
        Box::new(TermSetQuery::new(keys.chain(conversations)))
    }

    pub(crate) fn time_range(&self, from: Option<u64>, to: Option<u64>) -> RangeQuery {
        let date = |ms: u64| {
            Term::from_field_date(self.fields.sent_at, DateTime::from_timestamp_millis(ms.min(i64::MAX as u64) as i64))
        };
        RangeQuery::new(
            from.map_or(Bound::Unbounded, |ms| Bound::Included(date(ms))),
            to.map_or(Bound::Unbounded, |ms| Bound::Excluded(date(ms))),
        )
    }
}

impl TapirIndex {
    /// Every document of the index (messages and notes), in no particular order, streamed
    /// segment by segment: exports and peer benchmarks read 20M documents this way without
    /// holding them.
    pub fn for_each_document<E: From<IndexError>>(&self, f: impl FnMut(Hit) -> Result<(), E>) -> Result<(), E> {
        super::guarded(&self.dir, || self.for_each_document_unguarded(f))
    }

    fn for_each_document_unguarded<E: From<IndexError>>(
        &self,
        mut f: impl FnMut(Hit) -> Result<(), E>,
    ) -> Result<(), E> {
        let searcher = self.searcher();
        let manifest = self.manifest();
        for segment in searcher.segment_readers() {
            let store = segment.get_store_reader(64).map_err(|e| E::from(engine(&self.dir, e)))?;
            for doc in store.iter::<TantivyDocument>(segment.alive_bitset()) {
                let doc = doc.map_err(|e| E::from(engine(&self.dir, e)))?;
                f(self.hit_of(&doc, &manifest, 0.0))?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::sync::OnceLock;

    use super::*;

    /// The committed fixture, ingested once for this module's tests.
    fn fixture_index() -> &'static TapirIndex {
        static INDEX: OnceLock<(tempfile::TempDir, TapirIndex)> = OnceLock::new();
        &INDEX
            .get_or_init(|| {
                let dir = tempfile::tempdir().unwrap();
                let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora/fixtures/ecd-small");
                let keys = crate::Keyring::load_files(&[fixture.join("keys/seized.keys")]).unwrap();
                let mut index = TapirIndex::create_or_open(&dir.path().join("idx")).unwrap();
                let options = crate::index::IngestOptions::default();
                index.ingest(&[fixture.join("dumps")], &keys, &options, &crate::index::SilentProgress).unwrap();
                (dir, index)
            })
            .1
    }

    /// (sender, message_id, score) of every hit a stream hands out, and its total.
    fn ranked(index: &TapirIndex, options: &SearchOptions, page_size: usize) -> (Vec<(String, u64, u32)>, usize) {
        let stream = index.search_in_pages(options, page_size).unwrap();
        let total = stream.total();
        let expected = stream.remaining();
        let hits: Vec<_> = stream.map(|h| h.map(|h| (h.sender, h.message_id, h.score.to_bits())).unwrap()).collect();
        assert_eq!(hits.len(), expected, "remaining() said what would come");
        (hits, total)
    }

    /// Facets count every match (not only the hits handed out), each value as often as the hits
    /// carry it, devices once per message however many copies a device holds; the histogram's
    /// days add up to the total; conversation groups count their conversations' matches.
    #[test]
    fn facets_count_what_the_hits_carry() {
        let index = fixture_index();
        for query in ["", "chargeur OR charger", "nothingmatchesthis"] {
            let options = SearchOptions { query: query.into(), limit: usize::MAX, ..SearchOptions::default() };
            let mut stream = index.search_stream(&SearchOptions { limit: 3, ..options.clone() }).unwrap();
            let total = stream.total();
            let first = stream.next().map_or(0, |h| conversation_id_of(&h.unwrap()));
            let groups = HashMap::from([(first, 0b10)]);
            let (facets, grouped) = stream.facets_grouped(usize::MAX, groups, 2).unwrap();
            let hits: Vec<Hit> = index.search_stream(&options).unwrap().map(Result::unwrap).collect();
            assert_eq!(hits.len(), total);
            let mut want: [BTreeMap<String, u64>; 6] = Default::default();
            let mut days = BTreeMap::<String, u64>::new();
            for h in &hits {
                *want[0].entry(h.sender.clone()).or_default() += 1;
                // A note has no recipient: no value to count.
                if !h.recipient.is_empty() {
                    *want[1].entry(h.recipient.clone()).or_default() += 1;
                }
                let devices: std::collections::BTreeSet<_> = h.copies.iter().map(|c| c.imei.clone()).collect();
                for d in devices {
                    *want[2].entry(d).or_default() += 1;
                }
                *want[3].entry(h.status.as_str().to_owned()).or_default() += 1;
                *want[4].entry(h.kind.to_string()).or_default() += 1;
                *want[5].entry(h.lang.to_string()).or_default() += 1;
                *days.entry(crate::time::rfc3339_ms(h.sent_at)[..10].to_owned()).or_default() += 1;
            }
            let got =
                [&facets.sender, &facets.recipient, &facets.device, &facets.status, &facets.kind, &facets.language];
            for (facet, want) in got.into_iter().zip(&want) {
                let shown =
                    facet.values.iter().take(crate::index::MAX_FACET_VALUES).map(|v| (v.value.clone(), v.count));
                let listed: BTreeMap<String, u64> = shown.collect();
                assert_eq!(facet.distinct, want.len() as u64, "{query:?}");
                assert!(facet.values.len() <= crate::index::MAX_FACET_VALUES);
                assert!(listed.iter().all(|(v, n)| want.get(v) == Some(n)), "{query:?}: {listed:?} vs {want:?}");
                assert!(facet.values.windows(2).all(|w| w[0].count >= w[1].count));
            }
            let histogram: BTreeMap<String, u64> = facets.days.iter().map(|d| (d.day.clone(), d.count)).collect();
            assert_eq!(histogram, days, "{query:?}");
            let in_first = hits.iter().filter(|h| conversation_id_of(h) == first).count() as u64;
            assert_eq!(grouped, [0, in_first], "{query:?}");
        }
    }

    fn conversation_id_of(hit: &Hit) -> u64 {
        if hit.kind == crate::index::Kind::Note {
            crate::index::ingest::note_conversation_id(&hit.sender)
        } else {
            crate::index::ingest::conversation_id(&hit.sender, &hit.recipient)
        }
    }

    /// Pages of any size, after any offset, hand out exactly the slice of the one-page order:
    /// nothing repeated, nothing skipped, ties (equal scores, equal times) included.
    #[test]
    fn pages_of_any_size_give_the_same_order_as_one_page() {
        let index = fixture_index();
        for (query, sizes) in [("chargeur OR charger", &[1usize, 2, 7][..]), ("", &[97, 1000][..])] {
            for sort in [SortOrder::Score, SortOrder::Time] {
                let all = SearchOptions { query: query.into(), limit: usize::MAX, sort, ..SearchOptions::default() };
                let (reference, total) = ranked(index, &all, PAGE_SIZE);
                assert_eq!(reference.len(), total);
                assert!(total > 100, "{query:?}: {total}");
                for &size in sizes {
                    for (offset, limit) in
                        [(0, usize::MAX), (1, 5), (size + 3, 2 * size + 1), (total - 2, 10), (total, 1)]
                    {
                        let options = SearchOptions { offset, limit, ..all.clone() };
                        let (got, got_total) = ranked(index, &options, size);
                        let want = &reference[offset.min(total)..offset.saturating_add(limit).min(total)];
                        assert_eq!(got_total, total);
                        assert!(got == want, "{query:?} {sort:?} page {size} offset {offset} limit {limit}");
                    }
                }
            }
        }
    }

    /// A limit of any size allocates nothing for it (`TopDocs` reserved 2 × limit and failed).
    #[test]
    fn huge_limits_and_offsets_are_safe() {
        let index = fixture_index();
        for (limit, offset) in [(usize::MAX, 0), (2_000_000_000, 0), (usize::MAX, usize::MAX), (1, usize::MAX - 1)] {
            let options = SearchOptions { query: "chargeur".into(), limit, offset, ..SearchOptions::default() };
            let (hits, total) = ranked(index, &options, PAGE_SIZE);
            assert_eq!(hits.len(), if offset == 0 { total } else { 0 });
        }
        let counted = index.search_stream(&SearchOptions { query: "chargeur".into(), limit: 0, ..Default::default() });
        assert_eq!(counted.as_ref().map(|s| s.remaining()).ok(), Some(0));
        assert!(counted.unwrap().total() > 0);
    }

    /// Fuzz crasher (`fuzz/artifacts/query/crash-bcd8…`): an exists-query on a field that
    /// does not exist was an index error at search time instead of a query error.
    #[test]
    fn exists_queries_on_unknown_fields_are_query_errors() {
        let dir = tempfile::tempdir().unwrap();
        let index = crate::TapirIndex::create_or_open(&dir.path().join("idx")).unwrap();
        for query in ["ent9\0\0\0btc:*", "nosuchfield:*"] {
            let got = index.search(&super::SearchOptions { query: query.into(), limit: 5, ..Default::default() });
            assert!(matches!(got, Err(super::SearchError::Invalid(_))), "{query:?}: {got:?}");
        }
        // Fields with fast columns (the facets') take exists-queries; others do not.
        let got = index.search(&super::SearchOptions { query: "deleted:*".into(), limit: 5, ..Default::default() });
        assert!(matches!(got, Err(super::SearchError::Invalid(_))), "{got:?}");
        assert!(
            index.search(&super::SearchOptions { query: "sender:*".into(), limit: 5, ..Default::default() }).is_ok()
        );
    }

    /// Fuzz crasher (`fuzz/artifacts/query/crash-cb63…`): an excluded phrase tripped a debug
    /// assertion inside tantivy (see Cargo.toml); the query must simply run.
    #[test]
    fn excluded_phrases_run() {
        let index = fixture_index();
        for query in [
            "a OR \"a d\" NOT \"c a\"",
            "\"a d\" -\"c a\"",
            "\u{0}\u{0}\u{0}\u{8}\u{fffd}a OR \u{fffd}\u{fffd}\u{fffd}A\u{fffd}D NOT c\u{fffd}\u{fffd}A\u{fffd}\u{0}",
        ] {
            let got = index.search(&super::SearchOptions { query: query.into(), limit: 5, ..Default::default() });
            assert!(got.is_ok(), "{query:?}: {got:?}");
        }
    }

    fn search(query: &str) -> Result<Vec<Hit>, SearchError> {
        fixture_index().search(&SearchOptions { query: query.into(), limit: usize::MAX, ..SearchOptions::default() })
    }

    fn keys(hits: &[Hit]) -> Vec<(String, u64)> {
        let mut keys: Vec<_> = hits.iter().map(|h| (h.sender.clone(), h.message_id)).collect();
        keys.sort();
        keys
    }

    fn words(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        crate::analysis::Analyzer::default().tokens(text, &mut out);
        out.into_iter().map(|(_, w)| w).collect()
    }

    /// Issue 11: fuzzy hits all scored 1.00 and were never highlighted.
    #[test]
    fn fuzzy_hits_are_scored_by_distance_and_highlighted() {
        let hits = search("chargeur~1").unwrap();
        let (exact, near): (Vec<&Hit>, Vec<&Hit>) =
            hits.iter().partition(|h| words(&h.text).contains(&"chargeur".into()));
        assert!(!exact.is_empty() && near.iter().any(|h| words(&h.text).contains(&"charger".into())), "{hits:?}");
        let worst_exact = exact.iter().map(|h| h.score).fold(f32::INFINITY, f32::min);
        let best_near = near.iter().map(|h| h.score).fold(0.0, f32::max);
        assert!(worst_exact > best_near, "an exact match ({worst_exact}) scores above one edit away ({best_near})");
        for query in ["chargeur~1", "chargeir~2", "chargeu*"] {
            for hit in search(query).unwrap().iter().filter(|h| !h.text.is_empty()) {
                let marked: Vec<&str> =
                    hit.snippet.highlights.iter().map(|r| &hit.snippet.fragment[r.clone()]).collect();
                assert!(
                    marked.iter().any(|m| m.to_lowercase().starts_with("charge")),
                    "{query}: {:?} {marked:?}",
                    hit.text
                );
            }
        }
        for bad in ["chargeur~3", "chargeur~256", "chargeur~99999999999999999999"] {
            assert!(matches!(search(bad), Err(SearchError::Invalid(_))), "{bad}");
        }
    }

    /// Issue 11: `pe` + U+0301 + `riph` found nothing where `périph` did; a no-break space
    /// between words was a syntax error.
    #[test]
    fn decomposed_unicode_and_unicode_spaces_read_as_typed_composed() {
        let composed = search("périph").unwrap();
        assert!(!composed.is_empty());
        assert_eq!(keys(&search("pe\u{301}riph").unwrap()), keys(&composed));
        assert_eq!(words("la rançon"), words("la ranc\u{327}on"), "indexed texts fold alike too");
        let spaced = search("chargeur chez").unwrap();
        assert!(!spaced.is_empty());
        for space in ['\u{a0}', '\u{2009}', '\u{3000}', '\u{202f}'] {
            assert_eq!(keys(&search(&format!("chargeur{space}chez")).unwrap()), keys(&spaced), "{space:?}");
        }
    }

    /// Issue 11: a query nested 5,000 deep overflowed the stack.
    #[test]
    fn deeply_nested_queries_are_syntax_errors() {
        for query in [
            format!("{}a{}", "(".repeat(5000), ")".repeat(5000)),
            format!("{}a", "NOT ".repeat(5000)),
            format!("{}a", "sender:(".repeat(5000)),
            format!("(\"{}\" {}", ")".repeat(100), "(".repeat(5000)),
        ] {
            assert!(matches!(search(&query), Err(SearchError::Syntax { .. })), "{}", &query[..40]);
        }
        let deep_enough = format!("{}chargeur{}", "(".repeat(super::super::MAX_QUERY_DEPTH), ")".repeat(64));
        assert_eq!(keys(&search(&deep_enough).unwrap()), keys(&search("chargeur").unwrap()));
    }

    /// Issue 11: `kind:foo` and `status:nokey` were a silent 0; so was a mistyped handle.
    #[test]
    fn closed_vocabularies_are_checked_and_unknown_handles_hinted() {
        for (query, says) in [
            ("kind:foo", "kind is one of"),
            ("status:nokey", "status:no_key"),
            ("lang:xx", "und"),
            ("deleted:maybe", "true"),
        ] {
            let err = search(query).err().map(|e| e.to_string()).unwrap_or_default();
            assert!(err.contains(says), "{query}: {err}");
        }
        assert_eq!(keys(&search("kind:NOTE").unwrap()), keys(&search("kind:note").unwrap()));
        let index = fixture_index();
        let someone = search("kind:text").unwrap()[0].sender.clone();
        let typo = &someone[..someone.len() - 1];
        let stream = index
            .search_stream(&SearchOptions { query: format!("sender:{typo}"), limit: 5, ..Default::default() })
            .unwrap();
        assert_eq!(stream.total(), 0);
        assert!(stream.hints().iter().any(|h| h.contains(&format!("sender:{someone}"))), "{:?}", stream.hints());
        let options = SearchOptions {
            sender: Some(typo.into()),
            between: Some((someone.clone(), typo.into())),
            ..Default::default()
        };
        let stream = index.search_stream(&options).unwrap();
        assert_eq!(stream.hints().len(), 2, "{:?}", stream.hints());
        let known =
            index.search_stream(&SearchOptions { query: format!("sender:{someone}"), ..Default::default() }).unwrap();
        assert!(known.hints().is_empty());
    }

    /// Issue 11: `sent_at:[…]` took RFC 3339 only; `--from 2020-05-02` takes a date.
    #[test]
    fn sent_at_takes_dates_as_from_and_to_do() {
        let day = |from: &str, to: &str| {
            let options = SearchOptions {
                from: crate::time::parse_time(from),
                to: crate::time::parse_time(to),
                limit: usize::MAX,
                ..SearchOptions::default()
            };
            keys(&fixture_index().search(&options).unwrap())
        };
        let may2 = day("2020-05-02", "2020-05-03");
        assert!(!may2.is_empty() && may2.len() < keys(&search("").unwrap()).len());
        for query in [
            "sent_at:[2020-05-02 TO 2020-05-03}",
            "sent_at:[2020-05-02T00:00:00Z TO 2020-05-03T00:00:00Z}",
            "sent_at:2020-05-02",
            "sent_at:>=2020-05-02 AND sent_at:<2020-05-03",
        ] {
            assert_eq!(keys(&search(query).unwrap()), may2, "{query}");
        }
        for bad in
            ["sent_at:[2020-05-03 TO 2020-05-02]", "sent_at:{2020-05-02 TO 2020-05-02]", "sent_at:[yesterday TO *]"]
        {
            assert!(matches!(search(bad), Err(SearchError::Invalid(_))), "{bad}");
        }
    }

    #[test]
    fn deleted_copies_are_a_filter() {
        let all = search("").unwrap();
        let deleted = search("deleted:true").unwrap();
        assert!(!deleted.is_empty() && deleted.iter().all(|h| h.copies.iter().any(|c| c.deleted)));
        assert!(search("deleted:false").unwrap().iter().all(|h| h.copies.iter().all(|c| !c.deleted)));
        assert_eq!(deleted.len() + search("deleted:false").unwrap().len(), all.len());
        let options = SearchOptions { deleted: Some(true), limit: usize::MAX, ..SearchOptions::default() };
        assert_eq!(keys(&fixture_index().search(&options).unwrap()), keys(&deleted));
    }
}
