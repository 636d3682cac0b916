//! Per-file reports: the objects `tapir inspect --json` prints and `ingest --report` reuses.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::decode::{Accounting, Anomaly, CountOnly, StatusCounts, Visitor, decode_dump};
use crate::evidence::{Evidence, collect_dumps, sha256_hex};
use crate::keys::Keyring;
use crate::time::rfc3339_ms;

/// A corrupt span as reported.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpanReport {
    pub offset: u64,
    pub length: u64,
    pub reason: String,
}

/// One evidence file's accounting, with exactly the fields of the report format.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileReport {
    pub path: PathBuf,
    pub sha256: String,
    pub size: u64,
    pub imei: String,
    pub handle: String,
    pub capture_start: String,
    pub capture_end: String,
    pub header_len: u64,
    pub valid_frames: u64,
    pub corrupt_spans: Vec<SpanReport>,
    pub truncated: bool,
    pub trailing_garbage: bool,
    pub messages: StatusCounts,
    pub notes: StatusCounts,
    pub contacts: u64,
    pub unknown: u64,
    pub deleted: u64,
    pub lossy_utf8: u64,
    /// Oddities that fit no counter; shown to people, not part of the JSON object.
    #[serde(skip)]
    pub anomalies: Vec<Anomaly>,
}

/// A file that could not be read as a dump at all, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rejected {
    pub path: PathBuf,
    pub reason: String,
}

/// What `inspect` found over a set of paths, sorted by path.
#[derive(Clone, Debug, Default, Serialize)]
pub struct InspectReport {
    pub files: Vec<FileReport>,
    pub rejected: Vec<Rejected>,
}

impl FileReport {
    fn new(path: &Path, sha256: String, size: u64, header: &tapir_parsers::Header<'_>, acc: Accounting) -> Self {
        FileReport {
            path: path.to_owned(),
            sha256,
            size,
            imei: header.imei.to_owned(),
            handle: header.handle.to_str_lossy().into_owned(),
            capture_start: rfc3339_ms(header.capture_start),
            capture_end: rfc3339_ms(header.capture_end),
            header_len: acc.header_len,
            valid_frames: acc.valid_frames,
            corrupt_spans: acc
                .corrupt_spans
                .iter()
                .map(|s| SpanReport { offset: s.offset, length: s.length, reason: s.reason.as_str().to_owned() })
                .collect(),
            truncated: acc.truncated,
            trailing_garbage: acc.trailing_garbage,
            messages: acc.messages,
            notes: acc.notes,
            contacts: acc.contacts,
            unknown: acc.unknown,
            deleted: acc.deleted,
            lossy_utf8: acc.lossy_utf8,
            anomalies: acc.anomalies,
        }
    }
}

/// Opens, hashes and decodes one evidence file, reporting its items to `visitor`.
/// Hashing runs beside decoding (rayon::join): both read the same read-only map.
pub fn process_file<'f, V: for<'a> Visitor<'a> + Send>(
    evidence: &'f Evidence,
    keyring: &Keyring,
    visitor: &mut V,
) -> Result<FileReport, Rejected> {
    let bytes = evidence.bytes();
    let (sha256, decoded) = rayon::join(|| sha256_hex(bytes), || decode_dump(bytes, keyring, visitor));
    report_of(evidence, sha256, decoded)
}

/// [`process_file`] for a file whose SHA-256 is known already (ingest hashes every file
/// once, when it plans the run): decoded only.
pub fn process_hashed_file<V: for<'a> Visitor<'a> + Send>(
    evidence: &Evidence,
    sha256: String,
    keyring: &Keyring,
    visitor: &mut V,
) -> Result<FileReport, Rejected> {
    let decoded = decode_dump(evidence.bytes(), keyring, visitor);
    report_of(evidence, sha256, decoded)
}

/// The report of a decoded file, or its rejection.
fn report_of<'f>(
    evidence: &'f Evidence,
    sha256: String,
    decoded: Result<crate::decode::Decoded<'f>, tapir_parsers::HeaderError>,
) -> Result<FileReport, Rejected> {
    let bytes = evidence.bytes();
    let reject = |reason: String| Rejected { path: evidence.path().to_owned(), reason };
    let decoded = decoded.map_err(|e| reject(e.to_string()))?;
    Ok(FileReport::new(evidence.path(), sha256, bytes.len() as u64, &decoded.header, decoded.accounting))
}

/// Decodes every dump under `paths` (files, or directories searched for `*.ecd`), in
/// parallel across files, without indexing.
pub fn inspect<P: AsRef<Path>>(
    paths: &[P],
    keyring: &Keyring,
) -> Result<InspectReport, crate::evidence::EvidenceError> {
    use rayon::prelude::*;
    let files = collect_dumps(paths)?;
    let results: Vec<Result<FileReport, Rejected>> = files
        .par_iter()
        .map(|path| {
            let evidence = Evidence::open(path).map_err(|e| Rejected { path: path.clone(), reason: e.to_string() })?;
            process_file(&evidence, keyring, &mut CountOnly)
        })
        .collect();
    let mut report = InspectReport::default();
    for result in results {
        match result {
            Ok(file) => report.files.push(file),
            Err(rejected) => report.rejected.push(rejected),
        }
    }
    Ok(report)
}
