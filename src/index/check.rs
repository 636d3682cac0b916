//! `check`: can an index be trusted? Its marker and its last commit are read, the manifest the
//! commit carries is parsed, and every file of the commit's segments is read back against the
//! CRC-32 the engine wrote in its footer, then the segments are opened. Nothing is written:
//! the index is opened read-only, and a damaged one is checked as far as it can be read.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use tantivy::Index;

use super::directory::{ReadOnlyDirectory, segment_files, unreferenced};
use super::{IndexError, MARKER, TANTIVY_DIR, TapirIndex, engine, guarded, manifest_of};

/// What reading one file back found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckStatus {
    /// It reads back as written.
    Ok,
    /// Its bytes changed since they were written, or it does not parse.
    Damaged,
    /// The commit references it, but it is not there.
    Missing,
}

impl CheckStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CheckStatus::Ok => "ok",
            CheckStatus::Damaged => "damaged",
            CheckStatus::Missing => "missing",
        }
    }
}

/// One file of the index.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct CheckedFile {
    /// Relative to the index directory.
    pub file: PathBuf,
    pub status: CheckStatus,
    /// What the file is, or what is wrong with it.
    pub detail: String,
}

/// Every file an index's last commit depends on, in a fixed order: the marker, the commit
/// (`tantivy/meta.json`, with the manifest), then the segment files by name.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct CheckReport {
    pub files: Vec<CheckedFile>,
    /// Files no commit references (left by an interrupted ingest; the next ingest removes
    /// them): not damage, the index does not read them.
    pub unreferenced: Vec<PathBuf>,
}

impl CheckReport {
    pub fn count(&self, status: CheckStatus) -> usize {
        self.files.iter().filter(|f| f.status == status).count()
    }

    /// True when every file reads back as written.
    pub fn all_ok(&self) -> bool {
        self.files.iter().all(|f| f.status == CheckStatus::Ok)
    }

    fn push(&mut self, file: impl Into<PathBuf>, status: CheckStatus, detail: impl Into<String>) {
        self.files.push(CheckedFile { file: file.into(), status, detail: detail.into() });
    }
}

impl TapirIndex {
    /// Checks the index in `dir` file by file (see the module). A directory that is not a
    /// tapir index, or holds none yet, is an error; damage is reported, not an error.
    pub fn check(dir: &Path) -> Result<CheckReport, IndexError> {
        Self::check_existing(dir)?;
        guarded(dir, || check_files(dir))
    }
}

fn check_files(dir: &Path) -> Result<CheckReport, IndexError> {
    let mut report = CheckReport::default();
    report.push(MARKER, CheckStatus::Ok, "tapir index marker, schema version as expected");
    let tantivy_dir = dir.join(TANTIVY_DIR);
    let meta_json = Path::new(TANTIVY_DIR).join("meta.json");
    let directory = ReadOnlyDirectory::open(&tantivy_dir).map_err(|e| engine(dir, e))?;
    let index = match Index::open(directory).map_err(|e| engine(dir, e)) {
        Ok(index) => index,
        Err(e @ IndexError::Io { .. }) => return Err(e),
        Err(_) => {
            report.push(meta_json, CheckStatus::Damaged, "the commit does not parse: no segment can be found");
            return Ok(report);
        }
    };
    let metas = index.load_metas().map_err(|e| engine(dir, e))?;
    match manifest_of(dir, &metas) {
        Ok(manifest) => report.push(
            meta_json,
            CheckStatus::Ok,
            format!(
                "commit of {} segment(s), manifest of {} evidence file(s)",
                metas.segments.len(),
                manifest.files.len()
            ),
        ),
        Err(_) => report.push(meta_json, CheckStatus::Damaged, "the manifest it carries does not parse"),
    }
    let mut files = segment_files(&metas);
    files.sort();
    let checked: Vec<CheckedFile> = files
        .par_iter()
        .map(|file| {
            let (status, detail) = check_segment_file(&index, &tantivy_dir, file);
            CheckedFile { file: Path::new(TANTIVY_DIR).join(file), status, detail }
        })
        .collect();
    let segments_ok = checked.iter().all(|f| f.status == CheckStatus::Ok);
    report.files.extend(checked);
    // Checksums say the bytes are as written; opening the segments checks what else the
    // engine requires of them (footers of a version it reads).
    if segments_ok && let Err(e) = index.reader() {
        report.push(
            Path::new(TANTIVY_DIR),
            CheckStatus::Damaged,
            format!("the segments do not open: {}", engine(dir, e)),
        );
    }
    report.unreferenced = unreferenced(&tantivy_dir, &metas).unwrap_or_default();
    Ok(report)
}

/// One segment file against the checksum in its footer.
fn check_segment_file(index: &Index, tantivy_dir: &Path, file: &Path) -> (CheckStatus, String) {
    let kind = match file.extension().and_then(|e| e.to_str()) {
        Some("idx") => "postings",
        Some("pos") => "positions",
        Some("term") => "term dictionary",
        Some("store") => "stored documents",
        Some("fast") => "fast fields",
        Some("fieldnorm") => "field norms",
        Some("del") => "deleted documents",
        _ => "segment file",
    };
    if !tantivy_dir.join(file).is_file() {
        return (CheckStatus::Missing, format!("{kind}: referenced by the commit, not there"));
    }
    match index.directory().validate_checksum(file) {
        Ok(true) => (CheckStatus::Ok, kind.to_owned()),
        Ok(false) => (CheckStatus::Damaged, format!("{kind}: checksum mismatch, its bytes changed since written")),
        Err(_) => (CheckStatus::Damaged, format!("{kind}: unreadable footer (damaged or cut short)")),
    }
}
