//! The case facade: one [`Case`] opened on an index directory for a named [`Analyst`]. Every
//! read of case data — search, batch, thread, a message and the evidence bytes of its copies
//! (`evidence.rs`), hunt, entities, stats, verify, the exports, the audit trail — is a method of it that appends its own record to the case's audit trail,
//! naming the analyst, before its results are handed out; front ends (the CLI, the server)
//! call these methods and never the index's readers.
//!
//! A `Case` is `Send + Sync`: one can be shared by every thread of a server. Before each read
//! it looks at the last commit on disk and moves its reader there when another process (an
//! ingest) committed since: new evidence is visible without reopening.
//!
//! The audit arguments are the request as the front end took it (any serialisable value, its
//! object keys recorded in alphabetical order); the command name and the result count are the
//! facade's.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::annotations::{AnnotationError, AnnotationStore, FindingId, PageRequest, Review, ReviewState};
use crate::audit::{Arguments, AuditError, AuditLog, Entry, Record, VerifyOutcome};
use crate::entities::{EntityKind, Watchlist};
use crate::export::{TimelineFormat, TimelineWriter};
use crate::index::{
    ConversationGraph, EntityReport, Facet, FacetValue, Facets, HitStream, HuntOptions, HuntReport, IndexError,
    MAX_FACET_VALUES, Progress, SearchError, SearchOptions, Stats, TapirIndex, Thread, ThreadError, ThreadOptions,
    VerifyReport, Within,
};
use crate::rules::RuleSet;

mod batch;
mod evidence;
mod findings;

pub use batch::{BatchCounts, BatchRow, query_error};
pub use evidence::{CopyBytes, FileCheck, FrameBytes};
pub use findings::{FindingFilter, FindingsCache, FindingsPage, ReviewedFinding};

/// Who reads the case, as the audit trail names them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Analyst(String);

impl Analyst {
    /// An analyst by name; a blank name is refused (records must name someone).
    pub fn new(name: &str) -> Result<Self, CaseError> {
        if name.trim().is_empty() { Err(CaseError::NoAnalyst) } else { Ok(Analyst(name.to_owned())) }
    }

    pub fn name(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CaseError {
    #[error("no analyst named: every read of a case is recorded with who made it")]
    NoAnalyst,
    #[error(transparent)]
    Index(#[from] IndexError),
    #[error(transparent)]
    Search(#[from] SearchError),
    #[error(transparent)]
    Thread(#[from] ThreadError),
    /// The trail cannot be appended to: nothing is read.
    #[error(transparent)]
    Audit(#[from] AuditError),
    /// A truth.json that does not describe the case's corpus (`tapir eval`): scoring against
    /// it would report a recall of 0 as if the rules had failed.
    #[error(
        "the truth names {} findable messages; {} of them are not in the index",
        .0.named,
        .0.missing.len()
    )]
    CorpusMismatch(crate::eval::CorpusCheck),
    /// A read names a message the index does not hold.
    #[error("message {sender}:{message_id} is not in this case")]
    UnknownMessage { sender: String, message_id: u64 },
    /// A read names a copy a message does not have.
    #[error("message {sender}:{message_id} has {copies} copies (0 to {}); there is no copy {n}", .copies.saturating_sub(1))]
    UnknownCopy { sender: String, message_id: u64, n: usize, copies: usize },
    /// A review names a finding whose conversation the index does not hold.
    #[error("finding {0}: no conversation of this index has that id")]
    UnknownFinding(FindingId),
    #[error(transparent)]
    Annotations(#[from] AnnotationError),
    #[error(transparent)]
    Learning(#[from] crate::learning::LearningError),
    /// An export's output failed (not a reader that left: that is a finished export).
    #[error("writing the export: {0}")]
    Write(#[source] std::io::Error),
}

/// A case open for one analyst: the opened case (shared, see [`SharedCase`]) and who reads it.
pub struct Case {
    opened: Arc<Opened>,
    analyst: Analyst,
}

/// What opening a case costs once: the index (its reader follows the commits), its manifest,
/// the audit trail's handle.
struct Opened {
    index: TapirIndex,
    trail: AuditLog,
    /// The trail is a file of its own (a read-only index's): records then name the index.
    trail_apart: bool,
    /// The annotation store, once a read needs it (a read-only index may have none).
    annotations: std::sync::Mutex<Option<Arc<AnnotationStore>>>,
    /// Evidence files' SHA-256 as last computed, by path, for the file as it was then
    /// (`evidence.rs`).
    hashes: std::sync::Mutex<HashMap<PathBuf, evidence::KeptHash>>,
}

impl Opened {
    /// The index in `dir` and its trail: `trail` when given, else `DIR/audit.jsonl`.
    fn open(dir: &Path, trail: Option<&Path>) -> Result<Self, CaseError> {
        let index = TapirIndex::open(dir)?;
        let (trail, trail_apart) = match trail {
            Some(file) => (AuditLog::at(file)?, true),
            None => (AuditLog::open(dir)?, false),
        };
        Ok(Opened { index, trail, trail_apart, annotations: Default::default(), hashes: Default::default() })
    }
}

/// A case opened once and read by many analysts (a server's users): [`SharedCase::for_analyst`]
/// hands out a [`Case`] that shares the index, its reader and the trail, so that every read is
/// still a `Case` method recording its analyst. Cloning it is cheap.
#[derive(Clone)]
pub struct SharedCase(Arc<Opened>);

impl SharedCase {
    /// Opens the case in `dir`, its trail in `DIR/audit.jsonl`.
    pub fn open(dir: &Path) -> Result<Self, CaseError> {
        Ok(SharedCase(Arc::new(Opened::open(dir, None)?)))
    }

    pub fn dir(&self) -> &Path {
        self.0.index.dir()
    }

    /// The case for `analyst`: no file opened, the reader shared.
    pub fn for_analyst(&self, analyst: Analyst) -> Case {
        Case { opened: self.0.clone(), analyst }
    }
}

/// A search's facets ([`Facets`]) and those of the case's annotations.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct CaseFacets {
    #[serde(flatten)]
    pub facets: Facets,
    /// Matches per tag label.
    pub tag: Facet,
    /// Matches per review state of their conversation's findings.
    pub review: Facet,
}

/// A facet of values and counts: those above zero, the most frequent `top` first.
fn counted(values: impl IntoIterator<Item = (String, u64)>, top: usize) -> Facet {
    let mut values: Vec<FacetValue> =
        values.into_iter().filter(|(_, n)| *n > 0).map(|(value, count)| FacetValue { value, count }).collect();
    values.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    let distinct = values.len() as u64;
    values.truncate(top.min(MAX_FACET_VALUES));
    Facet { values, distinct }
}

/// How an export ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Exported {
    /// Rows (or nodes and edges) written.
    pub rows: u64,
    /// The reader closed the output early (`| head`): what it got was still read, and audited.
    pub reader_left: bool,
}

impl Case {
    /// Opens the case in `dir` for `analyst`, its trail in `DIR/audit.jsonl`.
    pub fn open(dir: &Path, analyst: Analyst) -> Result<Self, CaseError> {
        Ok(SharedCase::open(dir)?.for_analyst(analyst))
    }

    /// Opens the case in `dir` for `analyst`, its trail kept in the file `trail` (for an index
    /// that is read-only); each record then names the index.
    pub fn open_with_trail(dir: &Path, analyst: Analyst, trail: &Path) -> Result<Self, CaseError> {
        Ok(Case { opened: Arc::new(Opened::open(dir, Some(trail))?), analyst })
    }

    pub fn dir(&self) -> &Path {
        self.opened.index.dir()
    }

    pub fn analyst(&self) -> &Analyst {
        &self.analyst
    }

    /// The audit trail this case's reads are recorded in.
    pub fn trail(&self) -> &AuditLog {
        &self.opened.trail
    }

    /// Fails when the trail cannot be appended to, before anything is read or written.
    pub fn check_trail_writable(&self) -> Result<(), CaseError> {
        Ok(self.opened.trail.check_writable()?)
    }

    /// The index at its last commit on disk.
    pub(crate) fn current(&self) -> Result<&TapirIndex, CaseError> {
        self.opened.index.refresh()?;
        Ok(&self.opened.index)
    }

    /// Appends the record of one read.
    pub(crate) fn record(&self, command: &str, given: &impl serde::Serialize, results: usize) -> Result<(), CaseError> {
        let mut arguments = Arguments::of(given)?;
        if self.opened.trail_apart {
            // A trail outside the index may hold several indexes' records.
            let dir = self.opened.index.dir();
            let index = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_owned());
            arguments = arguments.with("index", &index.display().to_string())?;
        }
        let entry = Entry {
            analyst: self.analyst.name().to_owned(),
            command: command.to_owned(),
            arguments,
            results: results as u64,
        };
        self.opened.trail.append(entry)?;
        Ok(())
    }

    /// A search: the total and the hits a page at a time. Recorded (`search`, the hits the
    /// page holds) before any hit is read.
    pub fn search(&self, options: &SearchOptions, given: &impl serde::Serialize) -> Result<HitStream<'_>, CaseError> {
        let hits = self.current()?.search_stream(options)?;
        self.record("search", given, hits.remaining())?;
        Ok(hits)
    }

    /// The documents a search restricted to a tag and a review state may match (`None`: no
    /// restriction): the messages and notes tagged `tag`, and the conversations of the
    /// findings in `review`; both given, the documents in both. Read from the case's
    /// annotations; part of the search it restricts, so not recorded apart.
    pub fn within(&self, tag: Option<&str>, review: Option<ReviewState>) -> Result<Vec<Within>, CaseError> {
        let mut within = Vec::new();
        if let Some(label) = tag {
            within.push(self.tagged(label)?);
        }
        if let Some(state) = review {
            let found = self.annotations()?.findings_in_state(state)?;
            within.push(Within { keys: Vec::new(), conversations: found.iter().map(|f| f.conversation).collect() });
        }
        Ok(within)
    }

    /// The documents tagged `label`: messages and notes, and the conversations of findings.
    fn tagged(&self, label: &str) -> Result<Within, CaseError> {
        use crate::index::ingest::{message_key, note_key};
        let set = self.annotations()?.tagged(label)?;
        let messages = set.messages.iter().map(|m| message_key(&m.sender, m.message_id));
        let notes = set.device_notes.iter().map(|n| note_key(&n.imei, n.note_id));
        Ok(Within {
            keys: messages.chain(notes).collect(),
            conversations: set.findings.iter().map(|f| f.conversation).collect(),
        })
    }

    /// The case's annotation store, opened on first use and shared by every analyst of the case.
    fn annotations(&self) -> Result<Arc<AnnotationStore>, CaseError> {
        let mut store = self.opened.annotations.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(open) = &*store {
            return Ok(open.clone());
        }
        let open = Arc::new(AnnotationStore::open(self.dir())?);
        *store = Some(open.clone());
        Ok(open)
    }

    /// The facets of a search's matches (`HitStream::facets`), with two the case's
    /// annotations give: the matches carrying each tag (messages and notes tagged, and the
    /// conversations of findings tagged) and the matches in the conversations of the findings
    /// in each review state. Part of the search (recorded by [`Self::search`]).
    pub fn facets(&self, hits: &HitStream<'_>, top: usize) -> Result<CaseFacets, CaseError> {
        let store = self.annotations()?;
        // The states a review records (`unreviewed` is every finding without one).
        let states: Vec<ReviewState> = ReviewState::ALL.into_iter().filter(|s| *s != ReviewState::Unreviewed).collect();
        let mut conversations: HashMap<u64, u64> = HashMap::new();
        for (bit, state) in states.iter().enumerate() {
            store.visit_in_review_state(*state, |f| *conversations.entry(f.conversation).or_default() |= 1 << bit)?;
        }
        let (facets, in_state) = hits.facets_grouped(top, conversations, states.len())?;
        let review = counted(states.iter().map(|s| s.as_str().to_owned()).zip(in_state), top);
        let top = top.min(MAX_FACET_VALUES);
        let labels = store.tag_counts(&PageRequest::first(MAX_FACET_VALUES))?.items;
        let mut tags = Vec::with_capacity(labels.len());
        for label in labels {
            let within = self.tagged(&label.label)?;
            tags.push((label.label, hits.count_within(&within)? as u64));
        }
        Ok(CaseFacets { facets, tag: counted(tags, top), review })
    }

    /// A conversation between two handles, oldest first. Recorded (`thread`, its messages).
    pub fn thread(&self, options: &ThreadOptions, given: &impl serde::Serialize) -> Result<Thread, CaseError> {
        let thread = self.current()?.thread(options)?;
        self.record("thread", given, thread.messages.len())?;
        Ok(thread)
    }

    /// A hunt: rules through the index into ranked findings. Recorded (`hunt`, the findings).
    pub fn hunt(
        &self,
        rules: &RuleSet,
        options: &HuntOptions,
        progress: &dyn Progress,
        given: &impl serde::Serialize,
    ) -> Result<HuntReport, CaseError> {
        let report = self.current()?.hunt_with_progress(rules, options, progress)?;
        self.record("hunt", given, report.findings.len())?;
        Ok(report)
    }

    /// Every distinct entity (of `kind`, on the watchlist) with its messages. Recorded
    /// (`entities`, the entities).
    pub fn entities(
        &self,
        kind: Option<EntityKind>,
        only: Option<&Watchlist>,
        progress: &dyn Progress,
        given: &impl serde::Serialize,
    ) -> Result<Vec<EntityReport>, CaseError> {
        let reports = self.current()?.entities_with_progress(kind, only, progress)?;
        self.record("entities", given, reports.len())?;
        Ok(reports)
    }

    /// What the index holds. Recorded (`stats`, one report).
    pub fn stats(&self, given: &impl serde::Serialize) -> Result<Stats, CaseError> {
        let stats = self.current()?.stats()?;
        self.record("stats", given, 1)?;
        Ok(stats)
    }

    /// Every evidence file re-hashed against the manifest, moved files read where they are
    /// now. Recorded (`verify`, the files checked).
    pub fn verify(
        &self,
        relocations: &[(PathBuf, PathBuf)],
        given: &impl serde::Serialize,
    ) -> Result<VerifyReport, CaseError> {
        let report = self.current()?.verify_relocated(relocations)?;
        self.record("verify", given, report.files.len())?;
        Ok(report)
    }

    /// The timeline of `[from, to)` written to `out` (Timesketch CSV or JSON Lines), streamed
    /// in index order. The trail is checked writable first; the run is recorded (`export`,
    /// the rows written, `reader_left` added to `given`) once written, also when the reader
    /// left early.
    pub fn export_timeline(
        &self,
        format: TimelineFormat,
        (from, to): (Option<u64>, Option<u64>),
        out: &mut dyn Write,
        progress: &dyn Progress,
        given: &impl serde::Serialize,
    ) -> Result<Exported, CaseError> {
        let index = self.current()?;
        self.check_trail_writable()?;
        let mut rows = 0u64;
        let written = {
            let mut writer = TimelineWriter::new(format, &mut *out).map_err(ExportError::Io);
            match &mut writer {
                Ok(w) => index
                    .for_each_document_between_with_progress(from, to, progress, |hit| {
                        w.row(&hit).map_err(ExportError::Io)?;
                        rows += 1;
                        Ok::<_, ExportError>(())
                    })
                    .and_then(|()| w.finish().map_err(ExportError::Io)),
                Err(_) => writer.map(|_| ()),
            }
        };
        let reader_left = match written.and_then(|()| out.flush().map_err(ExportError::Io)) {
            Ok(()) => false,
            Err(ExportError::Io(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => true,
            Err(ExportError::Io(e)) => return Err(CaseError::Write(e)),
            Err(ExportError::Index(e)) => return Err(e.into()),
        };
        let arguments = Arguments::of(given)?.with("reader_left", &reader_left)?;
        self.record("export", &arguments, rows as usize)?;
        Ok(Exported { rows, reader_left })
    }

    /// The conversation graph (handles, pairs with counts and times). The trail is checked
    /// writable first; recorded (`export`, nodes and edges) before it is handed out.
    pub fn export_graph(
        &self,
        progress: &dyn Progress,
        given: &impl serde::Serialize,
    ) -> Result<ConversationGraph, CaseError> {
        let index = self.current()?;
        self.check_trail_writable()?;
        let graph = index.conversation_graph_with_progress(progress)?;
        self.record("export", given, graph.nodes.len() + graph.edges.len())?;
        Ok(graph)
    }

    /// A finding's review written to the case's annotation store by this analyst (a finding
    /// of a conversation the index holds), then recorded (`review`, one review).
    pub fn review(&self, finding: FindingId, state: ReviewState, note: Option<&str>) -> Result<Review, CaseError> {
        if self.current()?.conversation_documents(finding.conversation)? == 0 {
            return Err(CaseError::UnknownFinding(finding));
        }
        self.check_trail_writable()?;
        let review = self.annotations()?.set_review(self.analyst.name(), finding, state, note)?;
        let given = serde_json::json!({
            "finding": finding.to_string(), "state": state.as_str(), "note": note, "review": review.id,
        });
        self.record("review", &given, 1)?;
        Ok(review)
    }

    /// The case's audit trail, oldest first. Recorded (`audit_show`, the records shown) after
    /// the records are read, so that they are the trail as it was asked for.
    pub fn audit_records(&self, given: &impl serde::Serialize) -> Result<Vec<Record>, CaseError> {
        let records = self.opened.trail.records()?;
        self.record("audit_show", given, records.len())?;
        Ok(records)
    }

    /// The trail's hash chain checked. An intact trail gets the record of this check
    /// (`audit_verify`), and the head returned is the one after it; a broken one is left as it
    /// is.
    pub fn audit_verify(&self, given: &impl serde::Serialize) -> Result<VerifyOutcome, CaseError> {
        match self.opened.trail.verify()? {
            VerifyOutcome::Intact { records, .. } => {
                self.record("audit_verify", given, records as usize)?;
                Ok(self.opened.trail.verify()?)
            }
            broken => Ok(broken),
        }
    }
}

/// A timeline export's failure: the index, or the output.
enum ExportError {
    Index(IndexError),
    Io(std::io::Error),
}

impl From<IndexError> for ExportError {
    fn from(e: IndexError) -> Self {
        ExportError::Index(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A case is shared by a server's threads.
    #[test]
    fn case_is_send_and_sync() {
        fn shared<T: Send + Sync>() {}
        shared::<Case>();
        shared::<SharedCase>();
        shared::<BatchCounts>();
    }

    #[test]
    fn a_blank_analyst_is_refused() {
        assert!(matches!(Analyst::new(" \t"), Err(CaseError::NoAnalyst)));
        assert_eq!(Analyst::new("j.dupont").unwrap().name(), "j.dupont");
    }
}
