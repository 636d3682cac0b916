//! Re-hashing the evidence an index was built from: is every file still there, unchanged?

use std::path::PathBuf;

use rayon::prelude::*;

use super::{IndexError, RejectedFile, TapirIndex};
use crate::evidence::{Evidence, sha256_hex};
use crate::report::FileReport;

/// What re-hashing found for one evidence file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum VerifyStatus {
    /// Same size and SHA-256 as when it was ingested.
    Ok,
    /// It cannot be opened (gone, or unreadable).
    Missing,
    /// Its size or its SHA-256 differs.
    Changed,
}

impl VerifyStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            VerifyStatus::Ok => "ok",
            VerifyStatus::Missing => "missing",
            VerifyStatus::Changed => "changed",
        }
    }
}

/// One evidence file of the manifest, checked against its recorded size and hash.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct VerifiedFile {
    /// Where ingest found it.
    pub path: PathBuf,
    /// Where it was read instead, when a relocation applied.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub read_from: Option<PathBuf>,
    pub imei: String,
    /// As recorded at ingest.
    pub sha256: String,
    pub size: u64,
    pub status: VerifyStatus,
    /// As read now; `None` when the file is missing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actual_sha256: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actual_size: Option<u64>,
    /// Why a missing file could not be opened.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// Every evidence file of the manifest, in manifest order, and the files ingest rejected
/// (recorded, not re-read: they hold nothing the index relies on).
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct VerifyReport {
    pub files: Vec<VerifiedFile>,
    pub rejected: Vec<RejectedFile>,
}

impl VerifyReport {
    pub fn count(&self, status: VerifyStatus) -> usize {
        self.files.iter().filter(|f| f.status == status).count()
    }

    /// True when every file is present and unchanged.
    pub fn all_ok(&self) -> bool {
        self.files.iter().all(|f| f.status == VerifyStatus::Ok)
    }
}

impl VerifiedFile {
    /// The evidence file `report` describes, judged from what reading it gave: its SHA-256 and
    /// size now, or why it could not be opened (then it is missing).
    pub(crate) fn judged(report: &FileReport, read_from: Option<PathBuf>, read: Result<(String, u64), String>) -> Self {
        let mut file = VerifiedFile {
            path: report.path.clone(),
            read_from,
            imei: report.imei.clone(),
            sha256: report.sha256.clone(),
            size: report.size,
            status: VerifyStatus::Missing,
            actual_sha256: None,
            actual_size: None,
            error: None,
        };
        match read {
            Ok((sha256, size)) => {
                file.status = if sha256 == report.sha256 && size == report.size {
                    VerifyStatus::Ok
                } else {
                    VerifyStatus::Changed
                };
                file.actual_sha256 = Some(sha256);
                file.actual_size = Some(size);
            }
            Err(error) => file.error = Some(error),
        }
        file
    }
}

impl TapirIndex {
    /// Re-hashes (SHA-256, read-only, files in parallel) every evidence file the manifest
    /// records and compares size and hash with the recorded ones. A file that cannot be
    /// opened is reported as missing, never as an error: the report is about the evidence.
    pub fn verify(&self) -> Result<VerifyReport, IndexError> {
        self.verify_relocated(&[])
    }

    /// [`Self::verify`], reading evidence that moved where it is now: a recorded path under
    /// the first `(old, new)` prefix that holds it (whole components) is read under `new`.
    pub fn verify_relocated(&self, relocations: &[(PathBuf, PathBuf)]) -> Result<VerifyReport, IndexError> {
        let files = self
            .manifest()
            .files
            .par_iter()
            // Entries without a hash record nothing that could be checked.
            .filter(|e| !e.report.sha256.is_empty())
            .map(|entry| {
                let report = &entry.report;
                let read_from = relocations
                    .iter()
                    .find_map(|(old, new)| report.path.strip_prefix(old).ok().map(|rest| new.join(rest)));
                let read = Evidence::open(read_from.as_deref().unwrap_or(&report.path))
                    .map(|evidence| (sha256_hex(evidence.bytes()), evidence.bytes().len() as u64))
                    .map_err(|e| e.to_string());
                VerifiedFile::judged(report, read_from, read)
            })
            .collect();
        Ok(VerifyReport { files, rejected: self.manifest().rejected.clone() })
    }
}
