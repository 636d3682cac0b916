//! The manifest: which evidence files the index holds, by SHA-256, with their accounting.
//!
//! It travels as the payload of each tantivy commit, so the documents and the manifest that
//! describes them change together, atomically: a killed ingest leaves both as they were.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::report::FileReport;

/// One evidence file known to the index.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct EvidenceEntry {
    /// Number by which documents' copies refer to this file.
    pub file_no: u32,
    pub report: FileReport,
    /// Key ids the keyring held for this device when the file was last decoded: a later
    /// ingest with more keys decodes it again (identifiers only, never key material).
    pub key_ids: Vec<u32>,
}

/// An evidence file an ingest was given but could not read as a dump, and why (its path
/// as given, made absolute).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct RejectedFile {
    pub path: std::path::PathBuf,
    pub reason: String,
    /// When the file could be read at all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
}

/// One ingest run, for the record.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct RunRecord {
    pub finished_at: String,
    pub new_files: usize,
    pub redecoded_files: usize,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Manifest {
    pub schema_version: u32,
    pub files: Vec<EvidenceEntry>,
    /// Nicknames from contact lists: owner handle → contact handle → nickname.
    pub nicknames: BTreeMap<String, BTreeMap<String, String>>,
    pub runs: Vec<RunRecord>,
    /// Files given to an ingest and rejected (indexes written before this field have none).
    #[serde(default)]
    pub rejected: Vec<RejectedFile>,
}

impl Manifest {
    pub fn by_sha(&self, sha256: &str) -> Option<&EvidenceEntry> {
        self.files.iter().find(|f| f.report.sha256 == sha256)
    }

    pub fn file(&self, file_no: u32) -> Option<&EvidenceEntry> {
        self.files.get(file_no as usize).filter(|f| f.file_no == file_no)
    }

    /// The nickname any device owner gave `handle`, preferring the most common one.
    pub fn nickname_of(&self, handle: &str) -> Option<&str> {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for contacts in self.nicknames.values() {
            if let Some(nick) = contacts.get(handle).filter(|n| !n.is_empty()) {
                *counts.entry(nick).or_default() += 1;
            }
        }
        counts.into_iter().max_by_key(|(_, n)| *n).map(|(nick, _)| nick)
    }
}
