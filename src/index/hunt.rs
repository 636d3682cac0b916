//! `hunt`: every rule of a [`RuleSet`] run through the index, hits grouped into ranked,
//! explained conversation-level findings (rules/FORMAT.md §4–§6).
//!
//! Nothing is scanned. Word, prefix, fuzzy and regex terms and phrases without slop match in
//! the index exactly as `rules::term` matches them (same analyzer), so each group of a rule
//! becomes a bit set per segment and the condition is evaluated on bits for every document in
//! a positive group. Only phrases with slop (tantivy counts slop differently) send a document
//! to be read from the store and checked. A correlation collects, per segment, the signals of
//! every document (time from the `sent_at` column, conversation from `conversation_id`),
//! keeps the conversations in which an *anchor* group signals (its `require_any` groups, or
//! else the fewest groups any hit must touch) and slides its window over their signals.
//! Stored documents are read only for hits, to build findings. Memory: one bit per document
//! per group of the rules running, the hits, and the correlations' signals.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::ops::Range;

use rayon::prelude::*;
use tantivy::query::{
    BooleanQuery, EnableScoring, FuzzyTermQuery, Occur, PhraseQuery, Query, RegexQuery, TermQuery, Weight,
};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocId, Searcher, TantivyDocument, Term};

use super::progress::{Batched, Progress, SilentProgress};
use super::search::Hit;
use super::{IndexError, TapirIndex, engine};
use crate::analysis::Analyzer;
use crate::annotations::FindingId;
use crate::entities::Watchlist;
use crate::rules::{AnalysedText, Category, Group, Level, Logic, Rule, RuleSet, TermMode};

/// What to hunt for.
#[derive(Clone, Debug)]
pub struct HuntOptions {
    /// Epoch milliseconds, inclusive.
    pub from: Option<u64>,
    /// Epoch milliseconds, exclusive.
    pub to: Option<u64>,
    /// Only rules of these categories (empty: all).
    pub categories: Vec<Category>,
    /// Findings below this level are not reported (FORMAT.md §6: `low` is context).
    pub min_level: Level,
    /// Messages holding one of these entities become `watchlist` findings, and findings
    /// holding them are flagged.
    pub watchlist: Option<Watchlist>,
}

impl Default for HuntOptions {
    fn default() -> Self {
        HuntOptions { from: None, to: None, categories: Vec::new(), min_level: Level::Medium, watchlist: None }
    }
}

/// A message of a finding: the hit (with its copies' provenance) and why it is there.
#[derive(Clone, Debug)]
pub struct FindingMessage {
    pub hit: Hit,
    /// Rules whose hit includes this message.
    pub rules: Vec<String>,
    /// Terms (as written in the rules) matched in this message.
    pub terms: Vec<String>,
    /// Byte ranges of `hit.text` that matched.
    pub highlights: Vec<Range<usize>>,
    /// Watchlisted entities in this message.
    pub watchlist: Vec<String>,
    /// Entities in this message (wallets, IBANs, phones, positions, amounts), as `kind:value`.
    pub entities: Vec<String>,
}

/// Why a finding is there: one rule's contribution.
#[derive(Clone, Debug)]
pub struct Reason {
    pub rule: String,
    pub title: String,
    pub level: Level,
    /// Its best hit's score.
    pub score: f64,
    /// Messages hit (message rule) or 1 (correlation).
    pub hits: usize,
    /// Groups matched, by name.
    pub groups: Vec<String>,
    pub terms: Vec<String>,
}

/// One conversation (or a device's notes) and one category, ranked by score.
#[derive(Clone, Debug)]
pub struct Finding {
    /// Stable across reruns and new ingests: the category and the conversation's
    /// `conversation_id` (see [`FindingId`]); what reviews and annotations are attached to.
    pub id: FindingId,
    pub category: Category,
    pub level: Level,
    pub score: f64,
    /// The two handles (sorted), or the owner alone for notes.
    pub participants: Vec<String>,
    /// Epoch milliseconds.
    pub first_at: u64,
    pub last_at: u64,
    /// Rule ids, sorted.
    pub rules: Vec<String>,
    /// Matched terms, sorted and distinct.
    pub terms: Vec<String>,
    /// Oldest first.
    pub messages: Vec<FindingMessage>,
    pub reasons: Vec<Reason>,
    /// Watchlisted entities found in the finding's messages.
    pub watchlist: Vec<String>,
    /// Entities of its messages, as `kind:value`, sorted and distinct.
    pub entities: Vec<String>,
}

/// Findings, best first, and what the hunt did. Serialised with the findings as
/// `hunt --json` writes them ([`crate::wire`]).
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct HuntReport {
    pub findings: Vec<Finding>,
    pub rules_run: usize,
    /// Documents read from the store to confirm a phrase with slop (all others are decided
    /// on the index alone).
    pub candidates: u64,
    /// Rule hits (messages for message rules, conversations for correlations).
    pub rule_hits: u64,
}

/// One hit of one rule, before grouping.
struct RuleHit {
    rule: usize,
    messages: Vec<DocAddress>,
    score: f64,
    groups: u64,
}

/// Bits over a segment's documents.
struct DocBits(Vec<u64>);

impl DocBits {
    fn new(max_doc: u32) -> DocBits {
        DocBits(vec![0; (max_doc as usize).div_ceil(64)])
    }
    fn set(&mut self, d: DocId) {
        self.0[d as usize / 64] |= 1 << (d % 64);
    }
    fn get(&self, d: DocId) -> bool {
        self.0[d as usize / 64] & (1 << (d % 64)) != 0
    }
    fn union_with(&mut self, other: &DocBits) {
        self.0.iter_mut().zip(&other.0).for_each(|(a, b)| *a |= b);
    }
    fn iter(&self) -> impl Iterator<Item = DocId> + '_ {
        self.0.iter().enumerate().flat_map(|(w, &bits)| {
            let mut bits = bits;
            std::iter::from_fn(move || {
                if bits == 0 {
                    return None;
                }
                let b = bits.trailing_zeros();
                bits &= bits - 1;
                Some(w as u32 * 64 + b)
            })
        })
    }
}

/// The queries of a group, split by exactness: `exact` terms (words, prefixes, fuzzy terms,
/// regexes, phrases without slop) match in the index exactly as `rules::term` matches them;
/// `loose` ones (phrases with slop, which tantivy counts differently) only nominate documents,
/// which are then read and checked.
struct GroupQueries {
    exact: Option<Box<dyn Query>>,
    loose: Option<Box<dyn Query>>,
}

type GroupWeights = Vec<(Option<Box<dyn Weight>>, Option<Box<dyn Weight>>)>;

impl TapirIndex {
    /// Runs `rules` over the whole index, under the engine's panic guard ([`super::guarded`]): a damaged index is an error, never a crash.
    pub fn hunt(&self, rules: &RuleSet, options: &HuntOptions) -> Result<HuntReport, IndexError> {
        self.hunt_with_progress(rules, options, &SilentProgress)
    }

    /// [`Self::hunt`], reporting its phases: `hunting` (rules run) and `reading findings`
    /// (messages of the hits read).
    pub fn hunt_with_progress(
        &self,
        rules: &RuleSet,
        options: &HuntOptions,
        progress: &dyn Progress,
    ) -> Result<HuntReport, IndexError> {
        super::guarded(&self.dir, || self.hunt_unguarded(rules, options, progress))
    }

    fn hunt_unguarded(
        &self,
        rules: &RuleSet,
        options: &HuntOptions,
        progress: &dyn Progress,
    ) -> Result<HuntReport, IndexError> {
        let searcher = self.searcher();
        let selected: Vec<(usize, &Rule)> = rules
            .rules
            .iter()
            .enumerate()
            .filter(|(_, r)| options.categories.is_empty() || options.categories.contains(&r.category))
            .collect();
        progress.phase("hunting", selected.len() as u64);
        let runs: Vec<Result<(Vec<RuleHit>, u64), IndexError>> = selected
            .par_iter()
            .map_init(Analyzer::default, |analyzer, &(i, rule)| {
                let run = self.run_rule(&searcher, i, rule, options, analyzer);
                progress.advance(1);
                run
            })
            .collect();
        let mut hits = Vec::new();
        let mut read = 0;
        for run in runs {
            let (h, c) = run?;
            hits.extend(h);
            read += c;
        }
        let watch_hits = match &options.watchlist {
            Some(w) if !w.is_empty() => self.watchlist_messages(&searcher, w, options)?,
            _ => Vec::new(),
        };
        let rule_hits = hits.len() as u64;
        let findings = self.findings(&searcher, rules, hits, &watch_hits, options, progress)?;
        progress.finish();
        Ok(HuntReport { findings, rules_run: selected.len(), candidates: read, rule_hits })
    }

    /// The hits of one rule, and the number of documents it had to read to decide.
    fn run_rule(
        &self,
        searcher: &Searcher,
        index: usize,
        rule: &Rule,
        options: &HuntOptions,
        analyzer: &mut Analyzer,
    ) -> Result<(Vec<RuleHit>, u64), IndexError> {
        let scoring = EnableScoring::disabled_from_searcher(searcher);
        let weight = |q: &Option<Box<dyn Query>>| q.as_ref().map(|q| q.weight(scoring)).transpose();
        let weights: GroupWeights = rule
            .groups
            .iter()
            .map(|g| {
                let q = group_queries(self, g);
                Ok((weight(&q.exact)?, weight(&q.loose)?))
            })
            .collect::<tantivy::Result<_>>()
            .map_err(|e| engine(&self.dir, e))?;
        let positive = rule.positive_groups();
        let (used, correlation) = match &rule.logic {
            Logic::Condition(e) => {
                let (p, n) = e.polarity();
                (p | n, None)
            }
            Logic::Correlation(c) => (c.groups.iter().chain(&c.exclude).fold(0u64, |a, &g| a | 1 << g), Some(c)),
        };
        let anchors: u64 = correlation.map_or(0, |c| self.anchor_mask(searcher, rule, c));
        let mut read = 0u64;
        let mut hits = Vec::new();
        // Correlations: (conversation id, sent_at, document, groups signalled) of every signal.
        let mut signals: Vec<(u64, u64, DocAddress, u64)> = Vec::new();
        let mut anchored: HashSet<u64> = HashSet::new();
        for (ord, segment) in searcher.segment_readers().iter().enumerate() {
            let max_doc = segment.max_doc();
            let bits_of = |g: usize, w: &Option<Box<dyn Weight>>| -> tantivy::Result<Option<DocBits>> {
                let Some(w) = w else { return Ok(None) };
                if used & (1 << g) == 0 {
                    return Ok(None);
                }
                let mut b = DocBits::new(max_doc);
                w.for_each_no_score(segment, &mut |docs| docs.iter().for_each(|&d| b.set(d)))?;
                Ok(Some(b))
            };
            let mut exact = Vec::with_capacity(weights.len());
            let mut loose = Vec::with_capacity(weights.len());
            for (g, (e, l)) in weights.iter().enumerate() {
                exact.push(bits_of(g, e).map_err(|e| engine(&self.dir, e))?);
                loose.push(bits_of(g, l).map_err(|e| engine(&self.dir, e))?);
            }
            // Candidates: documents in a group that can make the rule hit.
            let mut candidates = DocBits::new(max_doc);
            for g in (0..rule.groups.len()).filter(|g| positive & (1 << g) != 0) {
                for b in exact[g].iter().chain(loose[g].iter()) {
                    candidates.union_with(b);
                }
            }
            let alive = segment.alive_bitset();
            let sent_at = segment.fast_fields().date("sent_at").map_err(|e| engine(&self.dir, e))?;
            let conversation = segment.fast_fields().u64("conversation_id").map_err(|e| engine(&self.dir, e))?;
            let mut store = None;
            for d in candidates.iter() {
                if alive.is_some_and(|a| !a.is_alive(d)) {
                    continue;
                }
                let at = sent_at.first(d).map_or(0, |t| u64::try_from(t.into_timestamp_millis()).unwrap_or(0));
                if options.from.is_some_and(|f| at < f) || options.to.is_some_and(|t| at >= t) {
                    continue;
                }
                let mut mask = 0u64;
                let mut unsure = 0u64;
                for g in 0..rule.groups.len() {
                    if exact[g].as_ref().is_some_and(|b| b.get(d)) {
                        mask |= 1 << g;
                    } else if loose[g].as_ref().is_some_and(|b| b.get(d)) {
                        unsure |= 1 << g;
                    }
                }
                if unsure != 0 {
                    // Only a phrase with slop nominated these groups: read the text and decide.
                    let store = match &mut store {
                        Some(s) => s,
                        None => store.insert(segment.get_store_reader(16).map_err(|e| engine(&self.dir, e))?),
                    };
                    let doc: TantivyDocument = store.get(d).map_err(|e| engine(&self.dir, e))?;
                    read += 1;
                    let text = AnalysedText::new(analyzer, self.stored(&doc).text());
                    mask |= rule.match_groups(&text).mask & unsure;
                }
                let address = DocAddress::new(ord as u32, d);
                match correlation {
                    None => {
                        if rule.hits_mask(mask) {
                            let score = rule.message_score(mask);
                            hits.push(RuleHit { rule: index, messages: vec![address], score, groups: mask });
                        }
                    }
                    Some(_) => {
                        let signalled = rule.signals_mask(mask);
                        if signalled != 0 {
                            let conv = conversation.first(d).unwrap_or(0);
                            if signalled & anchors != 0 {
                                anchored.insert(conv);
                            }
                            signals.push((conv, at, address, signalled));
                        }
                    }
                }
            }
        }
        if let Some(c) = correlation {
            // Only conversations in which an anchor group signals can hit.
            signals.retain(|s| anchored.contains(&s.0));
            signals.sort_unstable_by_key(|s| (s.0, s.1, s.2));
            for conv in signals.chunk_by(|a, b| a.0 == b.0) {
                let times: Vec<(u64, u64)> = conv.iter().map(|s| (s.1, s.3)).collect();
                if let Some(w) = c.best_window(&times, rule.level) {
                    hits.push(RuleHit {
                        rule: index,
                        messages: conv[w.first..=w.last].iter().map(|s| s.2).collect(),
                        score: w.score,
                        groups: w.groups,
                    });
                }
            }
        }
        Ok((hits, read))
    }

    /// Groups one of which every hit of `corr` must signal: its `require_any` groups, or the
    /// `len - min_groups + 1` groups with the fewest documents (a hit misses at most
    /// `len - min_groups` groups), whichever set is rarer. Signals are kept only in
    /// conversations where an anchor signals.
    fn anchor_mask(&self, searcher: &Searcher, rule: &Rule, corr: &crate::rules::Correlation) -> u64 {
        let df = |w: &str| searcher.doc_freq(&Term::from_field_text(self.fields.text, w)).unwrap_or(0);
        let cost = |g: usize| -> u64 {
            rule.groups[g]
                .terms
                .iter()
                .map(|t| match &t.mode {
                    TermMode::Word(w) => df(w),
                    TermMode::Phrase { tokens, .. } => tokens.iter().map(|w| df(w)).min().unwrap_or(0),
                    // Unknown without expanding the automaton: assume a common term.
                    _ => searcher.num_docs() / 100,
                })
                .sum()
        };
        let mut by_cost: Vec<(u64, usize)> = corr.groups.iter().map(|&g| (cost(g), g)).collect();
        by_cost.sort_unstable();
        let total = |m: u64| by_cost.iter().filter(|c| m & (1 << c.1) != 0).map(|c| c.0).sum::<u64>();
        let pigeonhole = by_cost.iter().take(corr.groups.len() - corr.min_groups + 1).fold(0u64, |a, c| a | 1 << c.1);
        if corr.require_any.is_empty() {
            return pigeonhole;
        }
        let required = corr.require_any.iter().fold(0u64, |a, &g| a | 1 << g);
        if total(required) <= total(pigeonhole) { required } else { pigeonhole }
    }

    fn filtered(&self, query: Box<dyn Query>, options: &HuntOptions) -> Box<dyn Query> {
        if options.from.is_none() && options.to.is_none() {
            return query;
        }
        Box::new(BooleanQuery::new(vec![
            (Occur::Must, query),
            (Occur::Must, Box::new(self.time_range(options.from, options.to))),
        ]))
    }

    /// Messages holding a watchlisted entity: (address, values).
    fn watchlist_messages(
        &self,
        searcher: &Searcher,
        watchlist: &Watchlist,
        options: &HuntOptions,
    ) -> Result<Vec<(DocAddress, Vec<String>)>, IndexError> {
        let mut found: BTreeMap<DocAddress, Vec<String>> = BTreeMap::new();
        for value in watchlist.iter() {
            let term = Term::from_field_text(self.fields.entity, value);
            let query = self.filtered(Box::new(TermQuery::new(term, IndexRecordOption::Basic)), options);
            let addresses =
                searcher.search(&*query, &tantivy::collector::DocSetCollector).map_err(|e| engine(&self.dir, e))?;
            for a in addresses {
                found.entry(a).or_default().push(value.to_owned());
            }
        }
        Ok(found.into_iter().collect())
    }

    /// Groups rule hits by (conversation, category), scores and ranks them.
    fn findings(
        &self,
        searcher: &Searcher,
        rules: &RuleSet,
        hits: Vec<RuleHit>,
        watch: &[(DocAddress, Vec<String>)],
        options: &HuntOptions,
        progress: &dyn Progress,
    ) -> Result<Vec<Finding>, IndexError> {
        // Read every message of a hit once.
        let mut needed: BTreeSet<DocAddress> = hits.iter().flat_map(|h| h.messages.iter().copied()).collect();
        needed.extend(watch.iter().map(|w| w.0));
        let manifest = self.manifest();
        // Each message's hit, participants and entities.
        let mut docs: HashMap<DocAddress, (Hit, Vec<String>, Vec<String>)> = HashMap::with_capacity(needed.len());
        progress.phase("reading findings", needed.len() as u64);
        let mut read = Batched::new(progress);
        for a in needed {
            let doc: TantivyDocument = searcher.doc(a).map_err(|e| engine(&self.dir, e))?;
            let stored = self.stored(&doc);
            docs.insert(a, (stored.hit(&manifest, 0.0), stored.participants(), stored.entities()));
            read.one();
        }
        drop(read);
        let watched: HashMap<DocAddress, &Vec<String>> = watch.iter().map(|(a, v)| (*a, v)).collect();

        struct Builder {
            per_rule: BTreeMap<usize, (f64, usize, u64, BTreeSet<String>)>,
            messages: BTreeMap<DocAddress, Marks>,
        }
        /// Why a message is in a finding: rule ids, terms as written, tokens matched.
        #[derive(Default)]
        struct Marks {
            rules: BTreeSet<String>,
            terms: BTreeSet<String>,
            tokens: BTreeSet<String>,
        }
        let mut builders: BTreeMap<(Vec<String>, Category), Builder> = BTreeMap::new();
        let mut analyzer = Analyzer::default();
        let mut texts: HashMap<DocAddress, AnalysedText> = HashMap::new();
        for hit in &hits {
            let rule = &rules.rules[hit.rule];
            let Some((_, participants, _)) = hit.messages.first().and_then(|a| docs.get(a)) else { continue };
            let b = builders
                .entry((participants.clone(), rule.category))
                .or_insert_with(|| Builder { per_rule: BTreeMap::new(), messages: BTreeMap::new() });
            let entry = b.per_rule.entry(hit.rule).or_insert((0.0, 0, 0, BTreeSet::new()));
            entry.0 = entry.0.max(hit.score);
            entry.1 += if rule.is_correlation() { usize::from(entry.1 == 0) } else { 1 };
            entry.2 |= hit.groups;
            for a in &hit.messages {
                let Some((h, ..)) = docs.get(a) else { continue };
                let text = texts.entry(*a).or_insert_with(|| AnalysedText::new(&mut analyzer, &h.text));
                // The terms of the groups this hit counted (a correlation's signals).
                let matched: Vec<(usize, String, String)> =
                    rule.match_groups(text).terms.into_iter().filter(|t| hit.groups & (1 << t.0) != 0).collect();
                let (terms, tokens) = split_terms(&matched);
                entry.3.extend(terms.iter().cloned());
                let m = b.messages.entry(*a).or_default();
                m.rules.insert(rule.id.clone());
                m.terms.extend(terms.iter().cloned());
                m.tokens.extend(tokens.iter().cloned());
            }
        }
        // Watchlisted messages: their own findings, and flags on the others.
        for (a, values) in watch {
            let Some((_, participants, _)) = docs.get(a) else { continue };
            let b = builders
                .entry((participants.clone(), Category::Watchlist))
                .or_insert_with(|| Builder { per_rule: BTreeMap::new(), messages: BTreeMap::new() });
            let m = b.messages.entry(*a).or_default();
            m.rules.insert("watchlist".into());
            m.terms.extend(values.iter().cloned());
        }

        let mut findings = Vec::new();
        for ((participants, category), b) in builders {
            let mut reasons = Vec::new();
            let mut sum = 0.0;
            let mut level = Level::Low;
            for (&r, (best, n, groups, terms)) in &b.per_rule {
                let rule = &rules.rules[r];
                sum += best * (1.0 + 0.1 * (n.saturating_sub(1)).min(5) as f64);
                level = level.max(rule.level);
                reasons.push(Reason {
                    rule: rule.id.clone(),
                    title: rule.title.clone(),
                    level: rule.level,
                    score: *best,
                    hits: *n,
                    groups: group_names(&rule.groups, *groups),
                    terms: terms.iter().cloned().collect(),
                });
            }
            let distinct_rules = b.per_rule.len().max(1) as f64;
            let mut score = sum * (1.0 + 0.2 * (distinct_rules - 1.0)).min(2.0);
            if category == Category::Watchlist {
                level = Level::High;
                score = Level::High.weight() * (1.0 + 0.1 * (b.messages.len().saturating_sub(1)).min(5) as f64);
            }
            if level < options.min_level {
                continue;
            }
            let mut messages: Vec<FindingMessage> = b
                .messages
                .iter()
                .filter_map(|(a, marks)| {
                    let (hit, _, entities) = docs.get(a)?;
                    // Analysed once: rule hits above already did most messages.
                    let text = texts.entry(*a).or_insert_with(|| AnalysedText::new(&mut analyzer, &hit.text));
                    Some(FindingMessage {
                        highlights: text.ranges_of(marks.tokens.iter().map(String::as_str)),
                        watchlist: watched.get(a).map(|v| v.to_vec()).unwrap_or_default(),
                        // Stored at ingest, already sorted and distinct.
                        entities: entities.clone(),
                        hit: hit.clone(),
                        rules: marks.rules.iter().cloned().collect(),
                        terms: marks.terms.iter().cloned().collect(),
                    })
                })
                .collect();
            messages.sort_by(|x, y| {
                (x.hit.sent_at, &x.hit.sender, x.hit.message_id).cmp(&(y.hit.sent_at, &y.hit.sender, y.hit.message_id))
            });
            let watchlist: BTreeSet<String> = messages.iter().flat_map(|m| m.watchlist.iter().cloned()).collect();
            let entities: BTreeSet<String> = messages.iter().flat_map(|m| m.entities.iter().cloned()).collect();
            let rules_ids: BTreeSet<String> = messages.iter().flat_map(|m| m.rules.iter().cloned()).collect();
            let terms: BTreeSet<String> = messages.iter().flat_map(|m| m.terms.iter().cloned()).collect();
            findings.push(Finding {
                id: FindingId::of(category, &participants),
                category,
                level,
                score,
                participants,
                first_at: messages.first().map_or(0, |m| m.hit.sent_at),
                last_at: messages.last().map_or(0, |m| m.hit.sent_at),
                rules: rules_ids.into_iter().collect(),
                terms: terms.into_iter().collect(),
                messages,
                reasons,
                watchlist: watchlist.into_iter().collect(),
                entities: entities.into_iter().collect(),
            });
        }
        findings.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.first_at.cmp(&b.first_at)));
        Ok(findings)
    }
}

fn group_names(groups: &[Group], mask: u64) -> Vec<String> {
    groups.iter().enumerate().filter(|(g, _)| mask & (1 << g) != 0).map(|(_, gr)| gr.name.clone()).collect()
}

/// (terms as written, tokens matched) of a message's group matches.
fn split_terms(matched: &[(usize, String, String)]) -> (Vec<String>, Vec<String>) {
    let mut terms: Vec<String> = matched.iter().map(|m| m.1.clone()).collect();
    let mut tokens: Vec<String> = matched.iter().map(|m| m.2.clone()).collect();
    terms.sort();
    terms.dedup();
    tokens.sort();
    tokens.dedup();
    (terms, tokens)
}

/// The queries of a group's terms, exact ones and loose ones apart.
fn group_queries(index: &TapirIndex, group: &Group) -> GroupQueries {
    let field = index.fields.text;
    let term = |t: &str| Term::from_field_text(field, t);
    let mut exact: Vec<Box<dyn Query>> = Vec::new();
    let mut loose: Vec<Box<dyn Query>> = Vec::new();
    for t in &group.terms {
        match &t.mode {
            TermMode::Word(w) => exact.push(Box::new(TermQuery::new(term(w), IndexRecordOption::Basic))),
            TermMode::Phrase { tokens, slop } => {
                let mut q = PhraseQuery::new(tokens.iter().map(|w| term(w)).collect());
                q.set_slop(*slop);
                if *slop == 0 { exact.push(Box::new(q)) } else { loose.push(Box::new(q)) }
            }
            // Load-time checks compiled these patterns; a failure here cannot happen, and
            // would only drop the term.
            TermMode::Prefix(p) => {
                if let Ok(q) = RegexQuery::from_pattern(&format!("{}.*", regex::escape(p)), field) {
                    exact.push(Box::new(q));
                }
            }
            TermMode::Fuzzy { token, distance } => {
                exact.push(Box::new(FuzzyTermQuery::new(term(token), *distance, true)))
            }
            TermMode::Regex { pattern, .. } => {
                if let Ok(q) = RegexQuery::from_pattern(pattern, field) {
                    exact.push(Box::new(q));
                }
            }
        }
    }
    let union = |qs: Vec<Box<dyn Query>>| -> Option<Box<dyn Query>> {
        if qs.is_empty() { None } else { Some(Box::new(BooleanQuery::union(qs))) }
    };
    GroupQueries { exact: union(exact), loose: union(loose) }
}

#[cfg(test)]
mod tests {
    use tantivy::query::RegexQuery;
    use tantivy::schema::Field;

    /// The rules' check of regex terms (`rules::regex`) accepts exactly what `RegexQuery`
    /// builds: a refused pattern would match nothing in the index, silently.
    #[test]
    fn regex_terms_are_checked_as_the_index_builds_them() {
        let nested = format!("{}a{}", "(".repeat(300), ")".repeat(300));
        let alternatives = (0..400).map(|i| format!("w{i}x")).collect::<Vec<_>>().join("|");
        let patterns = [
            // Accepted by both, refused by the rules' other checks or not.
            "bc1[a-z0-9]+",
            "[0-9]+kg",
            "a|b",
            "(?:ab)+",
            r"\w+",
            r"\d{2,5}",
            "[^a]",
            ".",
            ".*",
            "é+",
            "[à-ÿ]{3}",
            r"\p{Greek}+",
            "(a|)",
            "a{0}",
            "x{2}{3}",
            "[a&&b]",
            r"\pL{10}",
            "(?i)abc",
            "(?s).",
            "(?x) a b",
            "a{,3}",
            "(?P<n>a)",
            "(?<n>a)",
            "",
            "()",
            "(|)",
            "[\u{10000}-\u{10ffff}]",
            "[\u{7f}-\u{800}]x",
            r"\x{7f}",
            r"\S\s",
            "(?U)a+",
            "(?m)a",
            &alternatives,
            // Look-around, anchors, word boundaries.
            "^abc",
            "abc$",
            r"\b",
            r"\B",
            r"\A",
            r"\z",
            r"\<a",
            r"a\>",
            r"\b{start}x",
            "(?m:^)a",
            // Lazy repetition, bytes.
            "a+?",
            "a*?",
            "a??",
            "a{2,3}?",
            r"(?-u:\xff)",
            "(?-u:[a-z])",
            r"(?-u)\w",
            // Syntax errors.
            "[",
            "a)",
            "(a",
            "a)(?:b",
            "a{3,2}",
            r"\1",
            "(?=a)",
            "*a",
            "a**",
            r"\p{Nope}",
            "[z-a]",
            r"\Q",
            &nested,
            // Size of the program and of the automaton, around their limits.
            r"\w{1000}",
            r"\w{100}",
            r"\w{10}",
            "[ab]*a[ab]{8}",
            "[ab]*a[ab]{9}",
            "[ab]*a[ab]{12}",
            "(?:a?){500}",
            "(?:[a-z]{0,9}x){40}",
            ".*a.{7}",
            ".*a.{9}",
            ".*a.{4}",
        ];
        let field = Field::from_field_id(0);
        let mut accepted = 0;
        for pattern in patterns {
            let theirs = RegexQuery::from_pattern(pattern, field);
            let ours = crate::rules::regex::check(pattern);
            assert_eq!(ours.is_ok(), theirs.is_ok(), "/{pattern}/: rules {ours:?}, index {:?}", theirs.err());
            accepted += usize::from(ours.is_ok());
        }
        assert!(accepted > 30 && accepted < patterns.len() - 30, "{accepted} accepted");
    }
}
