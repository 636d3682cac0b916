//! `tapir verify`: is the evidence behind an index still there, unchanged?

use std::io::Write;
use std::path::PathBuf;

use tapir::TapirIndex;
use tapir::index::VerifyStatus;

use crate::exit::{self, Outcome};

/// Re-hash (SHA-256, read-only) every evidence file the index was built from and compare it
/// with the size and hash recorded at ingest. Exit code 1 when a file is missing or changed.
#[derive(clap::Args)]
#[command(after_help = "Example:\n  tapir verify --index case.idx --json")]
pub struct Args {
    /// The index directory, as built by `tapir ingest`.
    #[arg(long, value_name = "DIR")]
    pub index: PathBuf,
    /// One JSON object per file: path, sha256, size, status (ok, missing, changed), and
    /// actual_sha256, actual_size when the file could be read.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub analyst: crate::audit_cmd::AnalystArg,
}

pub fn run(args: Args) -> Outcome {
    let index = TapirIndex::open(&args.index)?;
    let report = index.verify()?;
    let arguments = serde_json::json!({ "format": if args.json { "json" } else { "table" } });
    crate::audit_cmd::record(&args.index, &args.analyst, "verify", arguments, report.files.len())?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if args.json {
        for file in &report.files {
            serde_json::to_writer(&mut out, file)?;
            writeln!(out)?;
        }
    } else {
        writeln!(out, "{:<8} {:>12}  {:<64}  path", "status", "size", "sha256")?;
        for f in &report.files {
            writeln!(out, "{:<8} {:>12}  {:<64}  {}", f.status.as_str(), f.size, f.sha256, f.path.display())?;
            match f.status {
                VerifyStatus::Ok => {}
                VerifyStatus::Changed => writeln!(
                    out,
                    "{:<8} {:>12}  {:<64}  (now)",
                    "",
                    f.actual_size.unwrap_or_default(),
                    f.actual_sha256.as_deref().unwrap_or_default()
                )?,
                VerifyStatus::Missing => {
                    writeln!(out, "{:<8} {}", "", f.error.as_deref().unwrap_or("cannot be opened"))?
                }
            }
        }
        writeln!(
            out,
            "{} file(s): {} ok, {} missing, {} changed",
            report.files.len(),
            report.count(VerifyStatus::Ok),
            report.count(VerifyStatus::Missing),
            report.count(VerifyStatus::Changed)
        )?;
    }
    out.flush()?;
    Ok(if report.all_ok() { exit::OK } else { exit::EVIDENCE_CHANGED })
}
