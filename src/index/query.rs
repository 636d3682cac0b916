//! A query's text as a tantivy query: tantivy's grammar, bounded in depth, plus what tapir
//! adds to it: fuzzy terms scored by distance, prefixes, entity values, `YYYY-MM-DD` times in
//! `sent_at`, closed vocabularies checked and handles that match nothing hinted.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Bound;

use tantivy::Searcher;
use tantivy::Term;
use tantivy::query::{AllQuery, BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, Query, QueryParser, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy_query_grammar::{Delimiter, UserInputAst, UserInputBound, UserInputLeaf};

use super::TapirIndex;
use super::search::SearchError;
use crate::rules::osa_distance_within;

/// The deepest nesting of groups and `NOT`s a query may have. tantivy's grammar recurses once
/// per level (5,000 levels overflowed the stack); 64 is more than any query written by hand
/// or by a tool needs, and a few hundred KB of stack on every thread that parses.
pub const MAX_QUERY_DEPTH: usize = 64;

/// Highest fuzzy distance (`word~2`): the edit distances tantivy's automata support.
const MAX_FUZZY_DISTANCE: u32 = 2;

/// Score of each distance a fuzzy hit is within: `word~2` gives an exact match its BM25 plus
/// 2 × this, one edit away 2 × this, two edits away 1 × this.
const FUZZY_EDIT_SCORE: f32 = 0.5;

/// A query ready to run, with what displays need from it.
pub(crate) struct ParsedQuery {
    pub query: Box<dyn Query>,
    /// Fuzzy and prefix terms on the text (not excluded): the words they match in a hit
    /// are highlighted there.
    pub expansions: Vec<Expansion>,
    /// Handles that match nothing, with the near ones: for the user, not errors.
    pub hints: Vec<String>,
}

/// A term that matches many words of the text.
#[derive(Clone, Debug)]
pub(crate) enum Expansion {
    Fuzzy { token: String, distance: u8 },
    Prefix(String),
}

impl Expansion {
    /// Whether an analysed word of a text is one this term matched.
    pub fn matches(&self, word: &str) -> bool {
        match self {
            Expansion::Fuzzy { token, distance } => {
                osa_distance_within(token.as_bytes(), word.as_bytes(), usize::from(*distance))
            }
            Expansion::Prefix(prefix) => word.starts_with(prefix.as_str()),
        }
    }
}

/// Fields with a closed set of values: any other value is a query error.
fn vocabulary(field: &str) -> Option<Vec<&'static str>> {
    Some(match field {
        "kind" => super::Kind::ALL.iter().map(|k| k.as_str()).collect(),
        "status" => crate::decode::Status::ALL.iter().map(|s| s.as_str()).collect(),
        "lang" => crate::lang::Lang::ALL.iter().map(|l| l.as_str()).collect(),
        "deleted" => vec!["true", "false"],
        _ => return None,
    })
}

/// The fields whose values are handles.
const HANDLE_FIELDS: [&str; 2] = ["sender", "recipient"];

impl TapirIndex {
    /// Parses a query in tantivy's syntax as tapir extends it (module docs). `searcher` is
    /// the one the query will run on: hints look up its handles.
    pub(crate) fn parse_query(&self, query: &str, searcher: &Searcher) -> Result<ParsedQuery, SearchError> {
        let query = spaces_as_ascii(query);
        let mut builder = Builder { index: self, searcher, expansions: Vec::new(), hints: Vec::new() };
        if query.trim().is_empty() {
            return Ok(ParsedQuery { query: Box::new(AllQuery), expansions: Vec::new(), hints: Vec::new() });
        }
        check_depth(&query)?;
        let (escaped, inserted) = escape_entity_tags(&query);
        let (ast, errors) = tantivy_query_grammar::parse_query_lenient(&escaped);
        if let Some(e) = errors.into_iter().next() {
            // Point into the query as the user wrote it.
            let position = e.pos - inserted.iter().enumerate().filter(|&(n, &at)| at + n < e.pos).count();
            return Err(SearchError::Syntax { position, message: e.message });
        }
        let mut parser = QueryParser::for_index(&self.index, vec![self.fields.text]);
        parser.set_conjunction_by_default();
        let query = builder.convert(&parser, ast, false)?;
        Ok(ParsedQuery { query, expansions: builder.expansions, hints: builder.hints })
    }

    /// `None` when `handle` is a value of `field`, else the (at most three) nearest that are:
    /// within two edits, or starting with what was typed.
    pub(crate) fn near_handles(&self, searcher: &Searcher, field_name: &str, handle: &str) -> Option<Vec<String>> {
        let field = self.index.schema().get_field(field_name).ok()?;
        if searcher.doc_freq(&Term::from_field_text(field, handle)).ok()? > 0 {
            return None;
        }
        let mut near: BTreeSet<(usize, usize, String)> = BTreeSet::new();
        for segment in searcher.segment_readers() {
            let Ok(inverted) = segment.inverted_index(field) else { continue };
            let Ok(mut terms) = inverted.terms().stream() else { continue };
            while terms.advance() {
                let Ok(name) = std::str::from_utf8(terms.key()) else { continue };
                let distance = (0..=2).find(|&d| osa_distance_within(handle.as_bytes(), name.as_bytes(), d));
                let extends = handle.chars().count() >= 3 && name.starts_with(handle);
                if distance.is_some() || extends {
                    near.insert((distance.unwrap_or(3), name.len().abs_diff(handle.len()), name.to_owned()));
                    if near.len() > 3 {
                        near.pop_last();
                    }
                }
            }
        }
        Some(near.into_iter().map(|(.., name)| name).collect())
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
}

/// What to tell a user whose handle (`written`, as they wrote it) matches nothing.
pub(crate) fn handle_hint<'a>(written: &str, near: impl Iterator<Item = &'a str>) -> String {
    let near: Vec<&str> = near.collect();
    if near.is_empty() {
        format!("{written} matches no handle")
    } else {
        format!("{written} matches no handle; did you mean {}?", near.join(" or "))
    }
}

/// Walks the grammar's tree into tantivy queries, gathering expansions and hints.
struct Builder<'a> {
    index: &'a TapirIndex,
    searcher: &'a Searcher,
    expansions: Vec<Expansion>,
    hints: Vec<String>,
}

impl Builder<'_> {
    /// `excluded`: under a `-`/`NOT`, where matches are not highlighted.
    fn convert(
        &mut self,
        parser: &QueryParser,
        ast: UserInputAst,
        excluded: bool,
    ) -> Result<Box<dyn Query>, SearchError> {
        match ast {
            UserInputAst::Clause(clauses) => {
                let mut subqueries = Vec::with_capacity(clauses.len());
                for (occur, sub) in clauses {
                    let occur = match occur {
                        Some(tantivy_query_grammar::Occur::Should) => Occur::Should,
                        Some(tantivy_query_grammar::Occur::MustNot) => Occur::MustNot,
                        Some(tantivy_query_grammar::Occur::Must) | None => Occur::Must,
                    };
                    subqueries.push((occur, self.convert(parser, sub, excluded || occur == Occur::MustNot)?));
                }
                // A query of exclusions only (`-foo`) means "everything but".
                if subqueries.iter().all(|(o, _)| *o == Occur::MustNot) {
                    subqueries.push((Occur::Must, Box::new(AllQuery)));
                }
                Ok(Box::new(BooleanQuery::new(subqueries)))
            }
            UserInputAst::Boost(inner, boost) => {
                Ok(Box::new(BoostQuery::new(self.convert(parser, *inner, excluded)?, boost.into_inner() as f32)))
            }
            UserInputAst::Leaf(leaf) => self.leaf(parser, *leaf, excluded),
        }
    }

    fn leaf(
        &mut self,
        parser: &QueryParser,
        mut leaf: UserInputLeaf,
        excluded: bool,
    ) -> Result<Box<dyn Query>, SearchError> {
        let index = self.index;
        match &mut leaf {
            UserInputLeaf::Literal(lit) => {
                let field = lit.field_name.clone();
                // Entity values are looked up as the index holds them, however they are written.
                if field.as_deref() == Some("entity") {
                    lit.phrase = crate::entities::normalise(&lit.phrase);
                }
                if lit.delimiter == Delimiter::None
                    && let Some(query) = self.fuzzy_or_prefix(field.as_deref(), &lit.phrase, excluded)?
                {
                    return Ok(query);
                }
                match field.as_deref() {
                    Some("sent_at") => return self.sent_at_literal(&lit.phrase),
                    Some(name) if vocabulary(name).is_some() => lit.phrase = closed_value(name, &lit.phrase)?,
                    Some(name) if HANDLE_FIELDS.contains(&name) => {
                        if let Some(near) = index.near_handles(self.searcher, name, &lit.phrase) {
                            let near = near.iter().map(|n| format!("{name}:{n}")).collect::<Vec<_>>();
                            let hint = handle_hint(&format!("{name}:{}", lit.phrase), near.iter().map(String::as_str));
                            if !self.hints.contains(&hint) {
                                self.hints.push(hint);
                            }
                        }
                    }
                    _ => {}
                }
            }
            UserInputLeaf::Range { field, lower, upper } if field.as_deref() == Some("sent_at") => {
                return sent_at_range(index, lower, upper);
            }
            // `field:*` becomes an exists-query whose field tantivy only checks when it
            // runs (found by fuzzing: `ent9\0\0\0btc:*`); check it here.
            UserInputLeaf::Exists { field } => {
                let schema = index.index.schema();
                let f = schema.get_field(field).map_err(|e| SearchError::Invalid(e.to_string()))?;
                if !schema.get_field_entry(f).is_fast() {
                    return Err(SearchError::Invalid(format!("{field}:* is not supported for this field")));
                }
            }
            _ => {}
        }
        parser
            .build_query_from_user_input_ast(UserInputAst::Leaf(Box::new(leaf)))
            .map_err(|e| SearchError::Invalid(e.to_string()))
    }

    /// `word~N` (fuzzy, N ≤ 2) and `word*` (prefix): tantivy's grammar leaves both to the
    /// field's analyzer, which would drop the operator.
    fn fuzzy_or_prefix(
        &mut self,
        field_name: Option<&str>,
        word: &str,
        excluded: bool,
    ) -> Result<Option<Box<dyn Query>>, SearchError> {
        let index = self.index;
        let fuzzy = word.rsplit_once('~').filter(|(_, n)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        let prefix = word.strip_suffix('*').filter(|w| !w.is_empty() && !w.contains('*'));
        if fuzzy.is_none() && prefix.is_none() {
            return Ok(None);
        }
        let field = match field_name {
            Some(name) => index.index.schema().get_field(name).map_err(|e| SearchError::Invalid(e.to_string()))?,
            None => index.fields.text,
        };
        let on_text = field == index.fields.text && !excluded;
        if let Some((w, n)) = fuzzy {
            let distance = n.parse::<u32>().ok().filter(|&d| d <= MAX_FUZZY_DISTANCE).ok_or_else(|| {
                SearchError::Invalid(format!("{word:?}: a fuzzy distance is 0, 1 or 2 (edits), not {n}"))
            })? as u8;
            let term = index
                .single_term(field, w, true)
                .ok_or_else(|| SearchError::Invalid(format!("{word:?}: a fuzzy term must be one word")))?;
            if on_text && distance > 0 {
                let token = term.value().as_str().unwrap_or_default().to_owned();
                self.expansions.push(Expansion::Fuzzy { token, distance });
            }
            let freqs =
                if field == index.fields.text { IndexRecordOption::WithFreqs } else { IndexRecordOption::Basic };
            return Ok(Some(fuzzy_query(term, distance, freqs)));
        }
        let w = prefix.unwrap_or_default();
        // A prefix is folded like the text but not stemmed: a stem of a prefix means little.
        let term = index
            .single_term(field, w, false)
            .ok_or_else(|| SearchError::Invalid(format!("{word:?}: a prefix must be one word")))?;
        if on_text {
            self.expansions.push(Expansion::Prefix(term.value().as_str().unwrap_or_default().to_owned()));
        }
        Ok(Some(Box::new(FuzzyTermQuery::new_prefix(term, 0, false))))
    }

    /// `sent_at:2020-05-01` is that day (UTC); `sent_at:"2020-05-01T10:00:00.000Z"` that
    /// millisecond.
    fn sent_at_literal(&self, value: &str) -> Result<Box<dyn Query>, SearchError> {
        let at = crate::time::parse_time(value).ok_or_else(|| time_error(value))?;
        let day = value.len() == "YYYY-MM-DD".len();
        let end = at.saturating_add(if day { 86_400_000 } else { 1 });
        Ok(Box::new(self.index.time_range(Some(at), Some(end))))
    }
}

/// A fuzzy term scored by its distance: exact matches first (with their BM25), then one edit
/// away, then two. Each `FuzzyTermQuery` up to `distance` adds `FUZZY_EDIT_SCORE` to the
/// documents within it, so a document `d` edits away scores `(distance - d + 1)` of them.
fn fuzzy_query(term: Term, distance: u8, freqs: IndexRecordOption) -> Box<dyn Query> {
    let exact: Box<dyn Query> = Box::new(TermQuery::new(term.clone(), freqs));
    if distance == 0 {
        return exact;
    }
    let mut clauses = vec![(Occur::Should, exact)];
    for d in 1..=distance {
        let within: Box<dyn Query> = Box::new(FuzzyTermQuery::new(term.clone(), d, true));
        clauses.push((Occur::Should, Box::new(BoostQuery::new(within, FUZZY_EDIT_SCORE))));
    }
    Box::new(BooleanQuery::new(clauses))
}

/// A value of a closed vocabulary as the index holds it (lowercase), or an error naming the
/// values, and the near ones.
fn closed_value(field: &str, value: &str) -> Result<String, SearchError> {
    let values = vocabulary(field).unwrap_or_default();
    let lower = value.to_lowercase();
    if values.contains(&lower.as_str()) {
        return Ok(lower);
    }
    let near: Vec<String> = values
        .iter()
        .filter(|v| osa_distance_within(lower.as_bytes(), v.as_bytes(), 2) || v.replace('_', "") == lower)
        .map(|v| format!("{field}:{v}"))
        .collect();
    let guess = if near.is_empty() { String::new() } else { format!("; did you mean {}?", near.join(" or ")) };
    Err(SearchError::Invalid(format!(
        "{field}:{value}: no such {field}{guess} ({field} is one of {})",
        values.join(", ")
    )))
}

fn time_error(value: &str) -> SearchError {
    SearchError::Invalid(format!("sent_at: {value:?} is not a time; expected RFC 3339 or YYYY-MM-DD (UTC)"))
}

/// `sent_at:[FROM TO TO]`, `{…}`, `>T`, `<=T`…, times as `--from` takes them (RFC 3339 or
/// `YYYY-MM-DD`, UTC); a range that holds no instant is an error, as `--from` not before `--to`.
fn sent_at_range(
    index: &TapirIndex,
    lower: &UserInputBound,
    upper: &UserInputBound,
) -> Result<Box<dyn Query>, SearchError> {
    let bound = |b: &UserInputBound| -> Result<Bound<u64>, SearchError> {
        Ok(match b {
            UserInputBound::Unbounded => Bound::Unbounded,
            UserInputBound::Inclusive(v) if v == "*" => Bound::Unbounded,
            UserInputBound::Exclusive(v) if v == "*" => Bound::Unbounded,
            UserInputBound::Inclusive(v) => Bound::Included(crate::time::parse_time(v).ok_or_else(|| time_error(v))?),
            UserInputBound::Exclusive(v) => Bound::Excluded(crate::time::parse_time(v).ok_or_else(|| time_error(v))?),
        })
    };
    // As `[from, to)` in milliseconds, the form every time window of tapir takes.
    let from = match bound(lower)? {
        Bound::Included(t) => Some(t),
        Bound::Excluded(t) => Some(t.saturating_add(1)),
        Bound::Unbounded => None,
    };
    let to = match bound(upper)? {
        Bound::Included(t) => Some(t.saturating_add(1)),
        Bound::Excluded(t) => Some(t),
        Bound::Unbounded => None,
    };
    if let (Some(f), Some(t)) = (from, to)
        && f >= t
    {
        return Err(SearchError::Invalid(format!(
            "sent_at: the range from {} to {} holds no time (its start is not before its end)",
            crate::time::rfc3339_ms(f),
            crate::time::rfc3339_ms(t.saturating_sub(1))
        )));
    }
    Ok(Box::new(index.time_range(from, to)))
}

/// Unicode spaces (no-break, thin, ideographic…, and the zero-width space) between words
/// read as spaces: tantivy's grammar separates words by ASCII whitespace only and failed on
/// them. Each becomes as many ASCII spaces as its UTF-8 bytes, so that error positions still
/// point into the query as written.
fn spaces_as_ascii(query: &str) -> Cow<'_, str> {
    let odd =
        |c: char| (c.is_whitespace() && !matches!(c, ' ' | '\t' | '\r' | '\n')) || matches!(c, '\u{200B}' | '\u{FEFF}');
    if !query.chars().any(odd) {
        return query.into();
    }
    let mut out = String::with_capacity(query.len());
    for c in query.chars() {
        if odd(c) {
            out.extend(std::iter::repeat_n(' ', c.len_utf8()));
        } else {
            out.push(c);
        }
    }
    out.into()
}

/// Refuses a query nested deeper than `MAX_QUERY_DEPTH`, before tantivy's grammar recurses
/// into it. The count is an upper bound of the grammar's depth: every `(` opens a level (even
/// one the grammar reads as part of a word), every run of `NOT`s adds one a `NOT`, and a `)`
/// closes a level only until the first quote, slash, bracket, brace or backslash that starts
/// a term (inside a phrase, regex or range, or after an escape, a `)` may close nothing, so
/// from there on levels are only counted, never closed).
fn check_depth(query: &str) -> Result<(), SearchError> {
    // Levels of the open groups, each with the NOTs that led into it.
    let mut open: Vec<usize> = Vec::new();
    let mut depth = 0usize;
    let mut nots = 0usize;
    let mut closing = true;
    let mut word_start: Option<usize> = None;
    let too_deep = |at: usize| SearchError::Syntax {
        position: at,
        message: format!("the query is nested more than {MAX_QUERY_DEPTH} levels deep (parentheses and NOTs)"),
    };
    // The word that ends before `end`: a NOT adds a level, any other word ends a run of NOTs.
    let end_word = |start: Option<usize>, end: usize, depth: usize, nots: &mut usize| {
        if let Some(start) = start {
            if query[start..end].trim_start_matches(['+', '-']) == "NOT" {
                *nots += 1;
                if depth + *nots > MAX_QUERY_DEPTH {
                    return Err(too_deep(start));
                }
            } else {
                *nots = 0;
            }
        }
        Ok(())
    };
    let mut prev: Option<char> = None;
    for (at, c) in query.char_indices() {
        match c {
            ' ' | '\t' | '\r' | '\n' => {
                end_word(word_start.take(), at, depth, &mut nots)?;
            }
            '(' => {
                end_word(word_start.take(), at, depth, &mut nots)?;
                let level = 1 + std::mem::take(&mut nots);
                depth += level;
                if depth > MAX_QUERY_DEPTH {
                    return Err(too_deep(at));
                }
                open.push(level);
            }
            ')' => {
                end_word(word_start.take(), at, depth, &mut nots)?;
                nots = 0;
                if closing && let Some(level) = open.pop() {
                    depth -= level;
                }
            }
            _ => {
                let term_start = !prev.is_some_and(char::is_alphabetic);
                if c == '\\' || (term_start && matches!(c, '"' | '\'' | '/' | '[' | '{')) {
                    closing = false;
                }
                word_start.get_or_insert(at);
            }
        }
        prev = Some(c);
    }
    end_word(word_start, query.len(), depth, &mut nots)
}

/// `entity:btc:bc1q…` written without quotes: the grammar takes a second colon for a field
/// separator, so it is escaped (`entity:btc\:bc1q…`) to keep the tagged value one term; so is
/// every tagged value inside a group, `entity:(btc:bc1q… OR gps:43.2,5.3)`, which the grammar
/// would otherwise read as fields `btc` and `gps`. Returns the query and the offsets (in
/// `query`) of the colons escaped.
fn escape_entity_tags(query: &str) -> (Cow<'_, str>, Vec<usize>) {
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

/// The exact terms of a query on `field` with their weight for snippets, as tantivy's
/// `SnippetGenerator::create` gathers them (rarer terms weigh more).
pub(crate) fn snippet_terms(searcher: &Searcher, query: &dyn Query, field: Field) -> BTreeMap<String, f32> {
    let mut terms: BTreeSet<&Term> = BTreeSet::new();
    query.query_terms(&mut |term, _| {
        if term.field() == field {
            terms.insert(term);
        }
    });
    let mut out = BTreeMap::new();
    for term in terms {
        if let Some(text) = term.value().as_str()
            && let Ok(df) = searcher.doc_freq(term)
            && df > 0
        {
            out.insert(text.to_owned(), 1.0 / (1.0 + df as f32));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn unicode_spaces_become_ascii_spaces_of_the_same_length() {
        let q = "a\u{a0}b\u{2009}c\u{3000}d\u{200b}e\u{b}f";
        let got = spaces_as_ascii(q);
        assert_eq!(got, "a  b   c   d   e f");
        assert_eq!(got.len(), q.len());
        assert!(matches!(spaces_as_ascii("a b\tc"), Cow::Borrowed(_)));
    }

    fn depth_ok(q: &str) -> bool {
        check_depth(q).is_ok()
    }

    #[test]
    fn depth_counts_groups_and_nots_and_stops_closing_after_ambiguity() {
        let nested = |n: usize| format!("{}a{}", "(".repeat(n), ")".repeat(n));
        assert!(depth_ok(&nested(MAX_QUERY_DEPTH)));
        assert!(!depth_ok(&nested(MAX_QUERY_DEPTH + 1)));
        assert!(!depth_ok(&nested(5000)));
        // Flat groups, however many, are one level.
        assert!(depth_ok(&vec!["(a b)"; 1000].join(" OR ")));
        // NOT chains recurse as groups do; NOTs that each end at a word do not add up.
        assert!(!depth_ok(&format!("{}a", "NOT ".repeat(MAX_QUERY_DEPTH + 1))));
        assert!(!depth_ok(&format!("{}a{}", "NOT (".repeat(40), ")".repeat(40))));
        assert!(depth_ok(&vec!["NOT a"; 1000].join(" ")));
        // A `)` inside a phrase, regex or range closes nothing: after one, levels add up.
        for opener in ["\"", "'", "/", "[", "{", "\\"] {
            let q = format!("{}{opener}{}", "(".repeat(40), ")".repeat(40)) + &"(".repeat(40);
            assert!(!depth_ok(&q), "{q}");
        }
        // An apostrophe inside a word starts nothing.
        assert!(depth_ok(&format!("l'argent {}", vec!["(a)"; 200].join(" "))));
        let err = check_depth(&nested(100)).unwrap_err();
        assert!(matches!(err, SearchError::Syntax { position: 64, .. }), "{err:?}");
    }

    #[test]
    fn closed_values_are_checked_and_near_ones_suggested() {
        assert_eq!(closed_value("status", "No_Key").unwrap(), "no_key");
        let err = closed_value("status", "nokey").unwrap_err().to_string();
        assert!(err.contains("did you mean status:no_key?"), "{err}");
        let err = closed_value("kind", "foo").unwrap_err().to_string();
        assert!(
            err.contains("kind is one of text, image, location, note, unknown") && !err.contains("did you"),
            "{err}"
        );
        assert!(closed_value("deleted", "yes").is_err());
        assert!(closed_value("lang", "fr").is_ok());
    }

    /// The depth bound is an upper bound of the grammar's recursion: any query it lets through
    /// parses on a thread with a small stack (a query it undercounted, repeated a few hundred
    /// times as here, would overflow it and abort the test run).
    #[test]
    fn queries_the_depth_bound_lets_through_parse_on_a_small_stack() {
        use proptest::prelude::*;
        let fragment = prop::sample::select(vec![
            "(", "(", "(", ")", ")", "\"", "'", "/", "[", "]", "{", "}", "\\", " ", " ", "a", "l'a", "NOT ", "-", "+",
            "x:", ":", "^2", "~1", "*", "AND ", "OR ", "IN [", " TO ", ">", "\u{a0}",
        ]);
        let queries = (prop::collection::vec(fragment, 1..24), 1usize..400)
            .prop_map(|(parts, times)| parts.concat().repeat(times));
        let mut runner =
            proptest::test_runner::TestRunner::new(ProptestConfig { cases: 2000, ..ProptestConfig::default() });
        runner
            .run(&queries, |query| {
                let query = spaces_as_ascii(&query).into_owned();
                if check_depth(&query).is_ok() {
                    let parsed = std::thread::Builder::new()
                        .stack_size(256 * 1024)
                        .spawn(move || drop(tantivy_query_grammar::parse_query_lenient(&query)))
                        .unwrap()
                        .join();
                    prop_assert!(parsed.is_ok());
                }
                Ok(())
            })
            .unwrap();
    }
}
