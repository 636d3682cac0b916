//! Re-hashing the evidence an index was built from: is every file still there, unchanged?

use std::path::PathBuf;

use rayon::prelude::*;

use super::{IndexError, TapirIndex};
use crate::evidence::{Evidence, sha256_hex};

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
    pub path: PathBuf,
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

/// Every evidence file of the manifest, in manifest order.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct VerifyReport {
    pub files: Vec<VerifiedFile>,
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

impl TapirIndex {
    /// Re-hashes (SHA-256, read-only, files in parallel) every evidence file the manifest
    /// records and compares size and hash with the recorded ones. A file that cannot be
    /// opened is reported as missing, never as an error: the report is about the evidence.
    pub fn verify(&self) -> Result<VerifyReport, IndexError> {
        let files = self
            .manifest()
            .files
            .par_iter()
            // Entries without a hash record nothing that could be checked.
            .filter(|e| !e.report.sha256.is_empty())
            .map(|entry| {
                let report = &entry.report;
                let mut file = VerifiedFile {
                    path: report.path.clone(),
                    imei: report.imei.clone(),
                    sha256: report.sha256.clone(),
                    size: report.size,
                    status: VerifyStatus::Missing,
                    actual_sha256: None,
                    actual_size: None,
                    error: None,
                };
                match Evidence::open(&report.path) {
                    Ok(evidence) => {
                        let bytes = evidence.bytes();
                        let sha256 = sha256_hex(bytes);
                        let size = bytes.len() as u64;
                        file.status = if sha256 == report.sha256 && size == report.size {
                            VerifyStatus::Ok
                        } else {
                            VerifyStatus::Changed
                        };
                        file.actual_sha256 = Some(sha256);
                        file.actual_size = Some(size);
                    }
                    Err(e) => file.error = Some(e.to_string()),
                }
                file
            })
            .collect();
        Ok(VerifyReport { files })
    }
}
