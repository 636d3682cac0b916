//! `hunt`: every rule of a [`RuleSet`] run through the index, hits grouped into ranked,
//! explained conversation-level findings (rules/FORMAT.md §4–§6).
//!
//! Nothing is scanned. Each rule becomes a tantivy query that finds a superset of its hits:
//! the condition with its `not` branches dropped (so the query can only over-select), each
//! group the union of its terms. The candidates are streamed segment by segment, their stored
//! text is analysed with the index's own analyzer and the rule is evaluated exactly. A
//! correlation first collects the conversations in which an *anchor* group signals (its
//! `require_any` groups, or else the fewest groups any hit must touch), then streams the
//! union of its groups filtered on the `conversation_id` fast column, so that generic groups
//! (a price, the family) are read only inside those conversations. Memory holds hits and the
//! signals of candidate conversations, never every posting of a frequent term.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::ops::Range;

use rayon::prelude::*;
use tantivy::query::{BooleanQuery, EnableScoring, FuzzyTermQuery, Occur, PhraseQuery, Query, RegexQuery, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocId, Searcher, TantivyDocument, Term};

use super::search::Hit;
use super::{Analyzer, IndexError, TapirIndex, engine};
use crate::entities::Watchlist;
use crate::rules::{AnalysedText, Category, Expr, Group, Level, Logic, Rule, RuleSet, TermMode};

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
}

/// Findings, best first, and what the hunt did.
#[derive(Clone, Debug, Default)]
pub struct HuntReport {
    pub findings: Vec<Finding>,
    pub rules_run: usize,
    /// Documents read and evaluated (a superset of the hits).
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
    /// Per message: matched terms (as written) and matched tokens.
    matched: Vec<(DocAddress, Vec<String>, Vec<String>)>,
}

/// A message read from the store, analysed, kept while it is part of a hit.
struct Candidate {
    address: DocAddress,
    doc: TantivyDocument,
    text: AnalysedText,
}

impl TapirIndex {
    /// Runs `rules` over the whole index.
    pub fn hunt(&self, rules: &RuleSet, options: &HuntOptions) -> Result<HuntReport, IndexError> {
        let searcher = self.searcher();
        let selected: Vec<(usize, &Rule)> = rules
            .rules
            .iter()
            .enumerate()
            .filter(|(_, r)| options.categories.is_empty() || options.categories.contains(&r.category))
            .collect();
        let runs: Vec<Result<(Vec<RuleHit>, u64), IndexError>> = selected
            .par_iter()
            .map_init(Analyzer::default, |analyzer, &(i, rule)| self.run_rule(&searcher, i, rule, options, analyzer))
            .collect();
        let mut hits = Vec::new();
        let mut candidates = 0;
        for run in runs {
            let (h, c) = run?;
            hits.extend(h);
            candidates += c;
        }
        let watch_hits = match &options.watchlist {
            Some(w) if !w.is_empty() => self.watchlist_messages(&searcher, w, options)?,
            _ => Vec::new(),
        };
        let rule_hits = hits.len() as u64;
        let findings = self.findings(&searcher, rules, hits, &watch_hits, options)?;
        Ok(HuntReport { findings, rules_run: selected.len(), candidates, rule_hits })
    }

    /// The hits of one rule, and the number of candidates it evaluated.
    fn run_rule(
        &self,
        searcher: &Searcher,
        index: usize,
        rule: &Rule,
        options: &HuntOptions,
        analyzer: &mut Analyzer,
    ) -> Result<(Vec<RuleHit>, u64), IndexError> {
        let mut evaluated = 0u64;
        let mut hits = Vec::new();
        match &rule.logic {
            Logic::Condition(expr) => {
                let query = self.filtered(condition_query(self, rule, expr), options);
                self.stream(searcher, &*query, None, analyzer, &mut |c| {
                    evaluated += 1;
                    let m = rule.match_groups(&c.text);
                    if rule.hits(&m) {
                        let (terms, tokens) = split_terms(&m.terms);
                        hits.push(RuleHit {
                            rule: index,
                            messages: vec![c.address],
                            score: rule.message_score(&m),
                            groups: m.mask,
                            matched: vec![(c.address, terms, tokens)],
                        });
                    }
                })?;
            }
            Logic::Correlation(corr) => {
                // Step 1: conversations in which an anchor group signals.
                let anchors = self.anchor_groups(searcher, rule, corr);
                let anchor_query = self
                    .filtered(union(anchors.iter().map(|&g| group_query(self, &rule.groups[g])).collect()), options);
                let anchor_mask: u64 = anchors.iter().fold(0, |acc, &g| acc | 1 << g);
                let mut conversations: HashSet<u64> = HashSet::new();
                self.stream(searcher, &*anchor_query, None, analyzer, &mut |c| {
                    evaluated += 1;
                    if rule.signals(&rule.match_groups(&c.text)) & anchor_mask != 0 {
                        conversations.insert(self.conversation_id_of(&c.doc));
                    }
                })?;
                if conversations.is_empty() {
                    return Ok((hits, evaluated));
                }
                // Step 2: every signal inside those conversations.
                let all = union(corr.groups.iter().map(|&g| group_query(self, &rule.groups[g])).collect());
                let all = self.filtered(all, options);
                type Signal = (u64, u64, DocAddress, Vec<String>, Vec<String>);
                let mut by_conversation: HashMap<String, Vec<Signal>> = HashMap::new();
                self.stream(searcher, &*all, Some(&conversations), analyzer, &mut |c| {
                    evaluated += 1;
                    let m = rule.match_groups(&c.text);
                    let signals = rule.signals(&m);
                    if signals != 0 {
                        let (terms, tokens) = split_terms(&m.terms);
                        let key = self.participants_of(&c.doc).join("\u{1f}");
                        by_conversation.entry(key).or_default().push((
                            self.sent_at_of(&c.doc),
                            signals,
                            c.address,
                            terms,
                            tokens,
                        ));
                    }
                })?;
                for (_, mut signals) in by_conversation {
                    signals.sort_by_key(|s| (s.0, s.2));
                    let times: Vec<(u64, u64)> = signals.iter().map(|s| (s.0, s.1)).collect();
                    if let Some(w) = corr.best_window(&times, rule.level) {
                        let window = &signals[w.first..=w.last];
                        hits.push(RuleHit {
                            rule: index,
                            messages: window.iter().map(|s| s.2).collect(),
                            score: w.score,
                            groups: w.groups,
                            matched: window.iter().map(|s| (s.2, s.3.clone(), s.4.clone())).collect(),
                        });
                    }
                }
            }
        }
        Ok((hits, evaluated))
    }

    /// Groups one of which every hit of `corr` must signal: its `require_any` groups, or the
    /// `len - min_groups + 1` groups with the fewest documents (a hit misses at most
    /// `len - min_groups` groups), whichever set is cheaper to read.
    fn anchor_groups(&self, searcher: &Searcher, rule: &Rule, corr: &crate::rules::Correlation) -> Vec<usize> {
        let cost = |g: usize| -> u64 {
            rule.groups[g]
                .terms
                .iter()
                .map(|t| match &t.mode {
                    TermMode::Word(w) => searcher.doc_freq(&Term::from_field_text(self.fields.text, w)).unwrap_or(0),
                    TermMode::Phrase { tokens, .. } => tokens
                        .iter()
                        .map(|w| searcher.doc_freq(&Term::from_field_text(self.fields.text, w)).unwrap_or(0))
                        .min()
                        .unwrap_or(0),
                    // Unknown without expanding the automaton: assume a common term.
                    _ => searcher.num_docs() / 100,
                })
                .sum()
        };
        let mut by_cost: Vec<(u64, usize)> = corr.groups.iter().map(|&g| (cost(g), g)).collect();
        by_cost.sort_unstable();
        let pigeonhole: Vec<usize> =
            by_cost.iter().take(corr.groups.len() - corr.min_groups + 1).map(|&(_, g)| g).collect();
        if corr.require_any.is_empty() {
            return pigeonhole;
        }
        let total =
            |gs: &[usize]| gs.iter().map(|&g| by_cost.iter().find(|c| c.1 == g).map_or(0, |c| c.0)).sum::<u64>();
        if total(&corr.require_any) <= total(&pigeonhole) { corr.require_any.clone() } else { pigeonhole }
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

    /// Streams the live documents matching `query` (only those whose `conversation_id` is in
    /// `conversations`, when given), read and analysed, to `f`.
    fn stream(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        conversations: Option<&HashSet<u64>>,
        analyzer: &mut Analyzer,
        f: &mut dyn FnMut(&Candidate),
    ) -> Result<(), IndexError> {
        let weight = query.weight(EnableScoring::disabled_from_searcher(searcher)).map_err(|e| engine(&self.dir, e))?;
        for (ord, segment) in searcher.segment_readers().iter().enumerate() {
            let alive = segment.alive_bitset();
            let column = match conversations {
                Some(_) => Some(segment.fast_fields().u64("conversation_id").map_err(|e| engine(&self.dir, e))?),
                None => None,
            };
            let mut docs: Vec<DocId> = Vec::new();
            weight
                .for_each_no_score(segment, &mut |batch| {
                    for &d in batch {
                        if alive.is_some_and(|a| !a.is_alive(d)) {
                            continue;
                        }
                        if let (Some(set), Some(col)) = (conversations, &column)
                            && !col.first(d).is_some_and(|id| set.contains(&id))
                        {
                            continue;
                        }
                        docs.push(d);
                    }
                })
                .map_err(|e| engine(&self.dir, e))?;
            if docs.is_empty() {
                continue;
            }
            let store = segment.get_store_reader(16).map_err(|e| engine(&self.dir, e))?;
            for d in docs {
                let doc: TantivyDocument = store.get(d).map_err(|e| engine(&self.dir, e))?;
                let text = AnalysedText::new(analyzer, self.text_of(&doc, self.fields.text));
                f(&Candidate { address: DocAddress::new(ord as u32, d), doc, text });
            }
        }
        Ok(())
    }

    fn text_of<'d>(&self, doc: &'d TantivyDocument, field: tantivy::schema::Field) -> &'d str {
        use tantivy::schema::Value;
        doc.get_first(field).and_then(|v| v.as_str()).unwrap_or_default()
    }

    /// The two handles sorted, or the owner alone for a note.
    fn participants_of(&self, doc: &TantivyDocument) -> Vec<String> {
        let sender = self.text_of(doc, self.fields.sender).to_owned();
        let recipient = self.text_of(doc, self.fields.recipient).to_owned();
        if recipient.is_empty() {
            return vec![sender];
        }
        let mut p = vec![sender, recipient];
        p.sort();
        p
    }

    fn conversation_id_of(&self, doc: &TantivyDocument) -> u64 {
        let sender = self.text_of(doc, self.fields.sender);
        let recipient = self.text_of(doc, self.fields.recipient);
        if recipient.is_empty() && self.text_of(doc, self.fields.kind) == "note" {
            super::ingest::note_conversation_id(sender)
        } else {
            super::ingest::conversation_id(sender, recipient)
        }
    }

    fn sent_at_of(&self, doc: &TantivyDocument) -> u64 {
        use tantivy::schema::Value;
        doc.get_first(self.fields.sent_at)
            .and_then(|v| v.as_datetime())
            .map_or(0, |d| u64::try_from(d.into_timestamp_millis()).unwrap_or(0))
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
    ) -> Result<Vec<Finding>, IndexError> {
        // Read every message of a hit once.
        let mut needed: BTreeSet<DocAddress> = hits.iter().flat_map(|h| h.messages.iter().copied()).collect();
        needed.extend(watch.iter().map(|w| w.0));
        let manifest = self.manifest();
        let mut docs: HashMap<DocAddress, (Hit, Vec<String>)> = HashMap::with_capacity(needed.len());
        for a in needed {
            let doc: TantivyDocument = searcher.doc(a).map_err(|e| engine(&self.dir, e))?;
            docs.insert(a, (self.hit_of(&doc, manifest, 0.0), self.participants_of(&doc)));
        }
        let watched: HashMap<DocAddress, &Vec<String>> = watch.iter().map(|(a, v)| (*a, v)).collect();

        struct Builder {
            per_rule: BTreeMap<usize, (f64, usize, u64, BTreeSet<String>)>,
            messages: BTreeMap<DocAddress, (BTreeSet<String>, BTreeSet<String>, BTreeSet<String>)>,
        }
        let mut builders: BTreeMap<(Vec<String>, Category), Builder> = BTreeMap::new();
        for hit in &hits {
            let rule = &rules.rules[hit.rule];
            let Some((_, participants)) = hit.messages.first().and_then(|a| docs.get(a)) else { continue };
            let b = builders
                .entry((participants.clone(), rule.category))
                .or_insert_with(|| Builder { per_rule: BTreeMap::new(), messages: BTreeMap::new() });
            let entry = b.per_rule.entry(hit.rule).or_insert((0.0, 0, 0, BTreeSet::new()));
            entry.0 = entry.0.max(hit.score);
            entry.1 += if rule.is_correlation() { usize::from(entry.1 == 0) } else { 1 };
            entry.2 |= hit.groups;
            for (a, terms, tokens) in &hit.matched {
                entry.3.extend(terms.iter().cloned());
                let m = b.messages.entry(*a).or_default();
                m.0.insert(rule.id.clone());
                m.1.extend(terms.iter().cloned());
                m.2.extend(tokens.iter().cloned());
            }
        }
        // Watchlisted messages: their own findings, and flags on the others.
        for (a, values) in watch {
            let Some((_, participants)) = docs.get(a) else { continue };
            let b = builders
                .entry((participants.clone(), Category::Watchlist))
                .or_insert_with(|| Builder { per_rule: BTreeMap::new(), messages: BTreeMap::new() });
            let m = b.messages.entry(*a).or_default();
            m.0.insert("watchlist".into());
            m.1.extend(values.iter().cloned());
        }

        let mut analyzer = Analyzer::default();
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
                .filter_map(|(a, (rule_ids, terms, tokens))| {
                    let (hit, _) = docs.get(a)?;
                    let text = AnalysedText::new(&mut analyzer, &hit.text);
                    Some(FindingMessage {
                        highlights: text.ranges_of(tokens.iter().map(String::as_str)),
                        watchlist: watched.get(a).map(|v| v.to_vec()).unwrap_or_default(),
                        hit: hit.clone(),
                        rules: rule_ids.iter().cloned().collect(),
                        terms: terms.iter().cloned().collect(),
                    })
                })
                .collect();
            messages.sort_by(|x, y| {
                (x.hit.sent_at, &x.hit.sender, x.hit.message_id).cmp(&(y.hit.sent_at, &y.hit.sender, y.hit.message_id))
            });
            let watchlist: BTreeSet<String> = messages.iter().flat_map(|m| m.watchlist.iter().cloned()).collect();
            let rules_ids: BTreeSet<String> = messages.iter().flat_map(|m| m.rules.iter().cloned()).collect();
            let terms: BTreeSet<String> = messages.iter().flat_map(|m| m.terms.iter().cloned()).collect();
            findings.push(Finding {
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

fn union(queries: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    Box::new(BooleanQuery::union(queries))
}

/// A query matching every document in which some term of `group` can match.
fn group_query(index: &TapirIndex, group: &Group) -> Box<dyn Query> {
    let field = index.fields.text;
    let term = |t: &str| Term::from_field_text(field, t);
    union(
        group
            .terms
            .iter()
            .filter_map(|t| -> Option<Box<dyn Query>> {
                Some(match &t.mode {
                    TermMode::Word(w) => Box::new(TermQuery::new(term(w), IndexRecordOption::Basic)),
                    TermMode::Phrase { tokens, slop } => {
                        let mut q = PhraseQuery::new(tokens.iter().map(|w| term(w)).collect());
                        q.set_slop(*slop);
                        Box::new(q)
                    }
                    TermMode::Prefix(p) => {
                        Box::new(RegexQuery::from_pattern(&format!("{}.*", regex::escape(p)), field).ok()?)
                    }
                    TermMode::Fuzzy { token, distance } => Box::new(FuzzyTermQuery::new(term(token), *distance, true)),
                    TermMode::Regex { pattern, .. } => Box::new(RegexQuery::from_pattern(pattern, field).ok()?),
                })
            })
            .collect(),
    )
}

/// The condition as a query that over-selects: `not` branches are dropped (`None` stands for
/// "every document"), so any message the condition accepts is a candidate.
fn condition_query(index: &TapirIndex, rule: &Rule, expr: &Expr) -> Box<dyn Query> {
    fn translate(index: &TapirIndex, rule: &Rule, e: &Expr) -> Option<Box<dyn Query>> {
        match e {
            Expr::Group(g) => Some(group_query(index, &rule.groups[*g])),
            Expr::Not(_) => None,
            Expr::And(items) => {
                let parts: Vec<Box<dyn Query>> = items.iter().filter_map(|i| translate(index, rule, i)).collect();
                if parts.is_empty() { None } else { Some(Box::new(BooleanQuery::intersection(parts))) }
            }
            Expr::Or(items) => {
                let parts: Option<Vec<Box<dyn Query>>> = items.iter().map(|i| translate(index, rule, i)).collect();
                Some(union(parts?))
            }
            Expr::AtLeast { need, groups } => Some(Box::new(BooleanQuery::union_with_minimum_required_clauses(
                groups.iter().map(|&g| group_query(index, &rule.groups[g])).collect(),
                *need,
            ))),
        }
    }
    // Anchoring (checked at load) means some group matches in every hit; if the translation
    // lost every positive part, fall back to the union of all groups.
    translate(index, rule, expr).unwrap_or_else(|| union(rule.groups.iter().map(|g| group_query(index, g)).collect()))
}
