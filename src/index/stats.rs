//! What an index holds: evidence, devices, handles, messages by status, kind and language.

use std::collections::BTreeMap;
use std::path::PathBuf;

use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DateTime, Order, Term};

use super::{IndexError, TapirIndex, engine};
use crate::decode::Status;

#[derive(Clone, Debug, serde::Serialize)]
pub struct EvidenceFile {
    pub path: PathBuf,
    pub sha256: String,
    pub imei: String,
    pub size: u64,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct Stats {
    pub evidence_files: Vec<EvidenceFile>,
    /// Files ingest was given and rejected (not dumps, unreadable), with the reason.
    pub rejected_files: Vec<super::RejectedFile>,
    pub devices: usize,
    pub handles: usize,
    pub logical_messages: u64,
    pub notes: u64,
    pub by_status: BTreeMap<String, u64>,
    pub by_kind: BTreeMap<String, u64>,
    pub by_lang: BTreeMap<String, u64>,
    /// RFC 3339, of the oldest and newest message.
    pub first_message_at: Option<String>,
    pub last_message_at: Option<String>,
    pub index_bytes: u64,
}

impl TapirIndex {
    /// What the index holds, under the engine's panic guard ([`super::guarded`]): a damaged index is an error, never a crash.
    pub fn stats(&self) -> Result<Stats, IndexError> {
        super::guarded(&self.dir, || self.stats_unguarded())
    }

    fn stats_unguarded(&self) -> Result<Stats, IndexError> {
        let searcher = self.searcher();
        let f = &self.fields;
        let count = |q: &dyn Query| searcher.search(q, &Count).map(|n| n as u64).map_err(|e| engine(&self.dir, e));
        let term =
            |field: Field, value: &str| TermQuery::new(Term::from_field_text(field, value), IndexRecordOption::Basic);
        let messages = term(f.record, "message");
        let within_messages = |field: Field, value: &str| {
            BooleanQuery::new(vec![
                (Occur::Must, Box::new(messages.clone()) as Box<dyn Query>),
                (Occur::Must, Box::new(term(field, value))),
            ])
        };
        let mut by_status = BTreeMap::new();
        for status in Status::ALL {
            let n = count(&within_messages(f.status, status.as_str()))?;
            if n > 0 {
                by_status.insert(status.as_str().to_owned(), n);
            }
        }
        let mut by_kind = BTreeMap::new();
        // Messages only: notes are counted apart.
        for kind in super::Kind::ALL.into_iter().filter(|k| *k != super::Kind::Note).map(super::Kind::as_str) {
            let n = count(&within_messages(f.kind, kind))?;
            if n > 0 {
                by_kind.insert(kind.to_owned(), n);
            }
        }
        let mut by_lang = BTreeMap::new();
        // "": a document without a language, which no ingest writes today.
        for lang in crate::lang::Lang::ALL.iter().map(|l| l.as_str()).chain([""]) {
            let n = count(&within_messages(f.lang, lang))?;
            if n > 0 {
                by_lang.insert(if lang.is_empty() { "none".to_owned() } else { lang.to_owned() }, n);
            }
        }
        let edge = |order: Order| -> Result<Option<String>, IndexError> {
            let top = searcher
                .search(&messages, &TopDocs::with_limit(1).order_by_fast_field::<DateTime>("sent_at", order))
                .map_err(|e| engine(&self.dir, e))?;
            Ok(top
                .first()
                .and_then(|(t, _)| *t)
                .map(|t| crate::time::rfc3339_ms(u64::try_from(t.into_timestamp_millis()).unwrap_or(0))))
        };
        let manifest = self.manifest();
        let evidence_files: Vec<EvidenceFile> = manifest
            .files
            .iter()
            .filter(|e| !e.report.sha256.is_empty())
            .map(|e| EvidenceFile {
                path: e.report.path.clone(),
                sha256: e.report.sha256.clone(),
                imei: e.report.imei.clone(),
                size: e.report.size,
            })
            .collect();
        let devices = evidence_files.iter().map(|e| &e.imei).collect::<std::collections::BTreeSet<_>>().len();
        Ok(Stats {
            devices,
            handles: self.distinct_terms(&[f.sender, f.recipient])?,
            logical_messages: count(&messages)?,
            notes: count(&term(f.record, "note"))?,
            by_status,
            by_kind,
            by_lang,
            first_message_at: edge(Order::Asc)?,
            last_message_at: edge(Order::Desc)?,
            index_bytes: dir_size(&self.dir),
            evidence_files,
            rejected_files: manifest.rejected.clone(),
        })
    }

    /// Distinct values over some raw fields, across segments (deleted documents' terms may
    /// linger until a merge; handles are never removed by tapir, so that is exact here).
    fn distinct_terms(&self, fields: &[Field]) -> Result<usize, IndexError> {
        let searcher = self.searcher();
        let mut values = std::collections::BTreeSet::new();
        for segment in searcher.segment_readers() {
            for &field in fields {
                let inverted = segment.inverted_index(field).map_err(|e| engine(&self.dir, e))?;
                let mut stream = inverted.terms().stream().map_err(|e| engine(&self.dir, e))?;
                while stream.advance() {
                    let key = stream.key();
                    if !key.is_empty() {
                        values.insert(key.to_vec());
                    }
                }
            }
        }
        Ok(values.len())
    }
}

/// Bytes of the files under `dir` (an index, a database), recursively.
pub fn dir_size(dir: &std::path::Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}
