//! Searching the index: tantivy's query syntax plus fuzzy terms (`kalach~1`), filters,
//! highlighted snippets, and every hit's copies resolved to their evidence bytes.

use std::ops::{Bound, Range};
use std::path::PathBuf;

use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, Query, QueryParser, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{DateTime, DocAddress, Order, TantivyDocument, Term};
use tantivy_query_grammar::{Delimiter, UserInputAst, UserInputLeaf};

use super::copies::{self, StoredCopy};
use super::ingest::conversation_key;
use super::manifest::Manifest;
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
    pub limit: usize,
    pub sort: SortOrder,
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
    pub direction: &'static str,
    pub deleted: bool,
    pub status: Status,
}

/// Part of a text with the matched words marked (byte ranges into `fragment`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Snippet {
    pub fragment: String,
    pub highlights: Vec<Range<usize>>,
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
    pub kind: String,
    pub status: Status,
    pub lang: String,
    pub text: String,
    pub snippet: Snippet,
    /// 0 when sorted by time.
    pub score: f32,
    pub copies: Vec<Copy>,
    /// Image name, size and hash, or coordinates, as JSON.
    pub extra: Option<serde_json::Value>,
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

impl TapirIndex {
    /// Runs a search and returns up to `limit` hits.
    pub fn search(&self, options: &SearchOptions) -> Result<Vec<Hit>, SearchError> {
        self.run_search(options, true, false).map(|(hits, _)| hits)
    }

    /// Up to `limit` hits without snippets, and the number of documents matching (counted in
    /// the same pass): what a batch of queries needs.
    pub fn search_counted(&self, options: &SearchOptions) -> Result<(Vec<Hit>, usize), SearchError> {
        self.run_search(options, false, true).map(|(hits, total)| (hits, total.unwrap_or_default()))
    }

    /// The search, under the engine's panic guard ([`super::guarded`]): a damaged index is an error, never a crash.
    fn run_search(
        &self,
        options: &SearchOptions,
        snippets: bool,
        count: bool,
    ) -> Result<(Vec<Hit>, Option<usize>), SearchError> {
        super::guarded(&self.dir, || self.run_search_unguarded(options, snippets, count))
    }

    fn run_search_unguarded(
        &self,
        options: &SearchOptions,
        snippets: bool,
        count: bool,
    ) -> Result<(Vec<Hit>, Option<usize>), SearchError> {
        let searcher = self.searcher();
        let text_query = self.parse_query(&options.query)?;
        let query = self.with_filters(text_query.box_clone(), options);
        let limit = options.limit.max(1);
        let engine_err = |e| engine(&self.dir, e);
        let (addresses, total): (Vec<(f32, DocAddress)>, Option<usize>) = match (options.sort, count) {
            (SortOrder::Score, false) => {
                (searcher.search(&*query, &TopDocs::with_limit(limit).order_by_score()).map_err(engine_err)?, None)
            }
            (SortOrder::Score, true) => {
                let (top, n) = searcher
                    .search(&*query, &(TopDocs::with_limit(limit).order_by_score(), Count))
                    .map_err(engine_err)?;
                (top, Some(n))
            }
            (SortOrder::Time, _) => {
                let by_time = TopDocs::with_limit(limit).order_by_fast_field::<DateTime>("sent_at", Order::Asc);
                let (top, n) = if count {
                    let (top, n) = searcher.search(&*query, &(by_time, Count)).map_err(engine_err)?;
                    (top, Some(n))
                } else {
                    (searcher.search(&*query, &by_time).map_err(engine_err)?, None)
                };
                (top.into_iter().map(|(_, a)| (0.0, a)).collect(), n)
            }
        };
        let snippets =
            if snippets { SnippetGenerator::create(&searcher, &*text_query, self.fields.text).ok() } else { None };
        let manifest = self.manifest();
        let hits = addresses
            .into_iter()
            .map(|(score, address)| {
                let doc: TantivyDocument = searcher.doc(address).map_err(|e| engine(&self.dir, e))?;
                let mut hit = self.hit_of(&doc, manifest, score);
                if let Some(generator) = &snippets {
                    let s = generator.snippet(&hit.text);
                    hit.snippet = Snippet { fragment: s.fragment().to_owned(), highlights: s.highlighted().to_vec() };
                }
                Ok(hit)
            })
            .collect::<Result<Vec<_>, SearchError>>()?;
        Ok((hits, total))
    }

    /// Parses a query in tantivy's syntax; a term with `~N` and no quotes is fuzzy.
    pub(crate) fn parse_query(&self, query: &str) -> Result<Box<dyn Query>, SearchError> {
        if query.trim().is_empty() {
            return Ok(Box::new(AllQuery));
        }
        let (escaped, inserted) = escape_entity_tags(query);
        let (ast, errors) = tantivy_query_grammar::parse_query_lenient(&escaped);
        if let Some(e) = errors.into_iter().next() {
            // Point into the query as the user wrote it.
            let position = e.pos - inserted.iter().enumerate().filter(|&(n, &at)| at + n < e.pos).count();
            return Err(SearchError::Syntax { position, message: e.message });
        }
        let mut parser = QueryParser::for_index(&self.index, vec![self.fields.text]);
        parser.set_conjunction_by_default();
        self.convert(&parser, ast)
    }

    fn convert(&self, parser: &QueryParser, ast: UserInputAst) -> Result<Box<dyn Query>, SearchError> {
        match ast {
            UserInputAst::Clause(clauses) => {
                let mut subqueries = Vec::with_capacity(clauses.len());
                for (occur, sub) in clauses {
                    let occur = match occur {
                        Some(tantivy_query_grammar::Occur::Should) => Occur::Should,
                        Some(tantivy_query_grammar::Occur::MustNot) => Occur::MustNot,
                        Some(tantivy_query_grammar::Occur::Must) | None => Occur::Must,
                    };
                    subqueries.push((occur, self.convert(parser, sub)?));
                }
                // A query of exclusions only (`-foo`) means "everything but".
                if subqueries.iter().all(|(o, _)| *o == Occur::MustNot) {
                    subqueries.push((Occur::Must, Box::new(AllQuery)));
                }
                Ok(Box::new(BooleanQuery::new(subqueries)))
            }
            UserInputAst::Boost(inner, boost) => {
                Ok(Box::new(BoostQuery::new(self.convert(parser, *inner)?, boost.into_inner() as f32)))
            }
            UserInputAst::Leaf(mut leaf) => {
                // Entity values are looked up as the index holds them, however they are written.
                if let UserInputLeaf::Literal(lit) = &mut *leaf
                    && lit.field_name.as_deref() == Some("entity")
                {
                    lit.phrase = crate::entities::normalise(&lit.phrase);
                }
                if let UserInputLeaf::Literal(lit) = &*leaf
                    && lit.delimiter == Delimiter::None
                    && let Some(query) = self.fuzzy_or_prefix(lit.field_name.as_deref(), &lit.phrase)?
                {
                    return Ok(query);
                }
                // `field:*` becomes an exists-query whose field tantivy only checks when it
                // runs (found by fuzzing: `ent9\0\0\0btc:*`); check it here.
                if let UserInputLeaf::Exists { field } = &*leaf {
                    let schema = self.index.schema();
                    let f = schema.get_field(field).map_err(|e| SearchError::Invalid(e.to_string()))?;
                    if !schema.get_field_entry(f).is_fast() {
                        return Err(SearchError::Invalid(format!("{field}:* is not supported for this field")));
                    }
                }
                parser
                    .build_query_from_user_input_ast(UserInputAst::Leaf(leaf))
                    .map_err(|e| SearchError::Invalid(e.to_string()))
            }
        }
    }

    /// `word~N` (fuzzy, N ≤ 2) and `word*` (prefix): tantivy's grammar leaves both to the
    /// field's analyzer, which would drop the operator.
    fn fuzzy_or_prefix(&self, field_name: Option<&str>, word: &str) -> Result<Option<Box<dyn Query>>, SearchError> {
        let fuzzy = word.rsplit_once('~').and_then(|(w, n)| Some((w, n.parse::<u8>().ok()?)));
        let prefix = word.strip_suffix('*').filter(|w| !w.is_empty() && !w.contains('*'));
        if fuzzy.is_none() && prefix.is_none() {
            return Ok(None);
        }
        let field = match field_name {
            Some(name) => self.index.schema().get_field(name).map_err(|e| SearchError::Invalid(e.to_string()))?,
            None => self.fields.text,
        };
        if let Some((w, distance)) = fuzzy {
            let term = self
                .single_term(field, w, true)
                .ok_or_else(|| SearchError::Invalid(format!("{word:?}: a fuzzy term must be one word")))?;
            return Ok(Some(Box::new(FuzzyTermQuery::new(term, distance.min(2), true))));
        }
        let w = prefix.unwrap_or_default();
        // A prefix is folded like the text but not stemmed: a stem of a prefix means little.
        let term = self
            .single_term(field, w, false)
            .ok_or_else(|| SearchError::Invalid(format!("{word:?}: a prefix must be one word")))?;
        Ok(Some(Box::new(FuzzyTermQuery::new_prefix(term, 0, false))))
    }

    /// The one term `word` analyses to in `field`, if it is one term; text is stemmed
    /// only when `stem` is set.
    fn single_term(&self, field: Field, word: &str, stem: bool) -> Option<Term> {
        let entry = self.index.schema().get_field_entry(field).clone();
        if !entry.field_type().is_indexed() {
            return None;
        }
        let mut analyzer = if field == self.fields.text && !stem {
            super::schema::prefix_analyzer()
        } else {
            self.index.tokenizer_for_field(field).ok()?
        };
        let mut stream = analyzer.token_stream(word);
        let mut terms = Vec::new();
        while stream.advance() {
            terms.push(stream.token().text.clone());
        }
        match terms.as_slice() {
            [one] => Some(Term::from_field_text(field, one)),
            _ => None,
        }
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
        if o.from.is_some() || o.to.is_some() {
            must.push((Occur::Must, Box::new(self.time_range(o.from, o.to))));
        }
        if must.len() == 1 {
            must.pop().map(|(_, q)| q).unwrap_or_else(|| Box::new(AllQuery))
        } else {
            Box::new(BooleanQuery::new(must))
        }
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

    /// Builds a hit from a stored document.
    pub(crate) fn hit_of(&self, doc: &TantivyDocument, manifest: &Manifest, score: f32) -> Hit {
        let f = &self.fields;
        let text_of = |field| super::stored_str(doc, field).to_owned();
        let stored = copies::decode(doc.get_first(f.copies).and_then(|v| v.as_bytes()).unwrap_or_default());
        Hit {
            sender: text_of(f.sender),
            message_id: super::stored_u64(doc, f.message_id),
            recipient: text_of(f.recipient),
            sent_at: super::stored_millis(doc, f.sent_at),
            kind: text_of(f.kind),
            status: Status::parse(&text_of(f.status)).unwrap_or(Status::Malformed),
            lang: text_of(f.lang),
            text: text_of(f.text),
            snippet: Snippet::default(),
            score,
            copies: stored.iter().map(|c| resolve_copy(c, manifest)).collect(),
            extra: doc.get_first(f.extra).and_then(|v| v.as_bytes()).and_then(|b| serde_json::from_slice(b).ok()),
        }
    }
}

/// `entity:btc:bc1q…` written without quotes: the grammar takes a second colon for a field
/// separator, so it is escaped (`entity:btc\:bc1q…`) to keep the tagged value one term; so is
/// every tagged value inside a group, `entity:(btc:bc1q… OR gps:43.2,5.3)`, which the grammar
/// would otherwise read as fields `btc` and `gps`. Returns the query and the offsets (in
/// `query`) of the colons escaped.
fn escape_entity_tags(query: &str) -> (std::borrow::Cow<'_, str>, Vec<usize>) {
    const FIELD: &str = "entity:";
    let b = query.as_bytes();
    // The colon of a kind tag (`btc:`) starting at `k`, if there is one.
    let tag_colon = |k: usize| {
        let mut end = k;
        while end < b.len() && b[end].is_ascii_alphabetic() {
            end += 1;
        }
        (b.get(end) == Some(&b':') && crate::entities::EntityKind::parse(&query[k..end]).is_some()).then_some(end)
    };
    let word_start = |i: usize| i == 0 || b[i - 1].is_ascii_whitespace() || matches!(b[i - 1], b'(' | b'+' | b'-');
    let mut colons = Vec::new();
    let mut quoted = false;
    // Parentheses open inside an `entity:( … )` group; 0 outside one.
    let mut group = 0usize;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 1,
            b'"' => quoted = !quoted,
            _ if quoted => {}
            b'(' if group > 0 => group += 1,
            b')' if group > 0 => group -= 1,
            _ if group > 0 && word_start(i) => {
                if let Some(colon) = tag_colon(i) {
                    colons.push(colon);
                    i = colon;
                }
            }
            _ if b[i..].starts_with(FIELD.as_bytes()) && word_start(i) => {
                let mut k = i + FIELD.len();
                while k < b.len() && b[k].is_ascii_whitespace() {
                    k += 1;
                }
                if b.get(k) == Some(&b'(') {
                    group = 1;
                    i = k;
                } else if let Some(colon) = tag_colon(k) {
                    colons.push(colon);
                    i = colon;
                } else {
                    i = k;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    if colons.is_empty() {
        return (query.into(), colons);
    }
    let mut out = String::with_capacity(query.len() + colons.len());
    let mut at = 0;
    for &c in &colons {
        out.push_str(&query[at..c]);
        out.push('\\');
        at = c;
    }
    out.push_str(&query[at..]);
    (out.into(), colons)
}

fn resolve_copy(c: &StoredCopy, manifest: &Manifest) -> Copy {
    let entry = manifest.file(c.file_no);
    Copy {
        imei: entry.map(|e| e.report.imei.clone()).unwrap_or_default(),
        file: entry.map(|e| e.report.path.clone()).unwrap_or_default(),
        sha256: entry.map(|e| e.report.sha256.clone()).unwrap_or_default(),
        offset: c.offset,
        direction: if c.sent { "sent" } else { "received" },
        deleted: c.deleted,
        status: c.status,
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
                f(self.hit_of(&doc, manifest, 0.0))?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::escape_entity_tags;

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
        let got = index.search(&super::SearchOptions { query: "sender:*".into(), limit: 5, ..Default::default() });
        assert!(matches!(got, Err(super::SearchError::Invalid(_))), "{got:?}");
    }

    /// Fuzz crasher (`fuzz/artifacts/query/crash-cb63…`): an excluded phrase tripped a debug
    /// assertion inside tantivy (see Cargo.toml); the query must simply run.
    #[test]
    fn excluded_phrases_run() {
        let dir = tempfile::tempdir().unwrap();
        let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora/fixtures/ecd-small");
        let keys = crate::Keyring::load_files(&[fixture.join("keys/seized.keys")]).unwrap();
        let mut index = crate::TapirIndex::create_or_open(&dir.path().join("idx")).unwrap();
        let options = crate::index::IngestOptions::default();
        index.ingest(&[fixture.join("dumps")], &keys, &options, &crate::index::SilentProgress).unwrap();
        for query in [
            "a OR \"a d\" NOT \"c a\"",
            "\"a d\" -\"c a\"",
            "\u{0}\u{0}\u{0}\u{8}\u{fffd}a OR \u{fffd}\u{fffd}\u{fffd}A\u{fffd}D NOT c\u{fffd}\u{fffd}A\u{fffd}\u{0}",
        ] {
            let got = index.search(&super::SearchOptions { query: query.into(), limit: 5, ..Default::default() });
            assert!(got.is_ok(), "{query:?}: {got:?}");
        }
    }

    #[test]
    fn unquoted_tagged_entities_are_escaped() {
        let (q, at) = escape_entity_tags("x AND (entity:btc:bc1q OR +entity: IBAN:FR76*) \"entity:eth:0x\" text:btc:y");
        assert_eq!(q, "x AND (entity:btc\\:bc1q OR +entity: IBAN\\:FR76*) \"entity:eth:0x\" text:btc:y");
        assert_eq!(at, [17, 39]);
        for unchanged in ["entity:foo:bar", "entity:+33612345678", "myentity:btc:x", "entity:\\\"btc:x", "", "é\\"] {
            assert_eq!(escape_entity_tags(unchanged), (unchanged.into(), vec![]), "{unchanged}");
        }
        // Inside a group every tagged value is escaped, nested groups included; the group ends
        // at its own closing parenthesis.
        let (q, at) = escape_entity_tags("entity:(btc:bc1q OR (gps:1,2 AND -iban:FR76) \"eth:0x\") btc:y");
        assert_eq!(q, "entity:(btc\\:bc1q OR (gps\\:1,2 AND -iban\\:FR76) \"eth:0x\") btc:y");
        assert_eq!(at, [11, 24, 38]);
        for unchanged in ["entity:(foo:bar OR x)", "entity:(\"btc:x\")", "(entity:x) btc:y"] {
            assert_eq!(escape_entity_tags(unchanged), (unchanged.into(), vec![]), "{unchanged}");
        }
    }
}
