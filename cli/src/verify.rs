//! `tapir verify`: is the evidence behind an index still there, unchanged?

use std::io::Write;
use std::path::PathBuf;

use tapir::index::{VerifiedFile, VerifyStatus};

use crate::exit::{self, Outcome, UsageError};

/// Re-hash (SHA-256, read-only) every evidence file the index was built from and compare it
/// with the size and hash recorded at ingest. Exit code 1 when a file is missing or changed.
/// Files ingest rejected are listed, not re-read.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  tapir verify --index case.idx\n  tapir verify --index case.idx --files --json\n  tapir verify --index case.idx --relocate /mnt/seized=/media/archive/seized"
)]
pub struct Args {
    /// The index directory, as built by `tapir ingest`.
    #[arg(long, value_name = "DIR")]
    pub index: PathBuf,
    /// One JSON object per file: path, sha256, size, status (ok, missing, changed), and
    /// actual_sha256, actual_size when the file could be read, read_from when relocated; then
    /// one per rejected file (status "rejected", reason).
    #[arg(long)]
    pub json: bool,
    /// List every file, not only the missing and changed ones (the table; --json lists all).
    #[arg(long)]
    pub files: bool,
    /// Evidence that moved: read a file recorded under OLD from NEW instead (whole path
    /// components; repeat the option for several moves, the first match applies).
    #[arg(long, value_name = "OLD=NEW")]
    pub relocate: Vec<String>,
    #[command(flatten)]
    pub analyst: crate::audit_cmd::AnalystArg,
}

fn relocations(given: &[String]) -> Result<Vec<(PathBuf, PathBuf)>, UsageError> {
    given
        .iter()
        .map(|r| match r.split_once('=') {
            Some((old, new)) if !old.is_empty() && !new.is_empty() => Ok((PathBuf::from(old), PathBuf::from(new))),
            _ => Err(UsageError(format!("--relocate {r:?}: expected OLD=NEW (two paths)"))),
        })
        .collect()
}

pub fn run(args: Args) -> Outcome {
    let relocations = relocations(&args.relocate)?;
    let case = crate::audit_cmd::open_case(&args.index, &args.analyst)?;
    let arguments = serde_json::json!({
        "format": if args.json { "json" } else { "table" },
        "relocate": args.relocate,
    });
    let report = case
        .verify(&relocations, &arguments)
        .map_err(|e| crate::audit_cmd::case_error(&case, &args.analyst, "verify", e))?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if args.json {
        crate::output::write_json_lines(&mut out, &report.files)?;
        let rejected = report.rejected.iter().map(
            |r| serde_json::json!({ "path": r.path, "status": "rejected", "reason": r.reason, "sha256": r.sha256 }),
        );
        crate::output::write_json_lines(&mut out, rejected)?;
    } else {
        let listed: Vec<&VerifiedFile> =
            report.files.iter().filter(|f| args.files || f.status != VerifyStatus::Ok).collect();
        if !listed.is_empty() {
            writeln!(out, "{:<8} {:>12}  {:<64}  path", "status", "size", "sha256")?;
        }
        for f in listed {
            writeln!(out, "{:<8} {:>12}  {:<64}  {}", f.status.as_str(), f.size, f.sha256, f.path.display())?;
            if let Some(read_from) = &f.read_from {
                writeln!(out, "{:<8} {:>12}  {:<64}  read from {}", "", "", "", read_from.display())?;
            }
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
        for r in &report.rejected {
            writeln!(out, "rejected {}: {}", r.path.display(), r.reason)?;
        }
        writeln!(
            out,
            "{} file(s): {} ok, {} missing, {} changed; {} rejected at ingest (not re-read){}",
            report.files.len(),
            report.count(VerifyStatus::Ok),
            report.count(VerifyStatus::Missing),
            report.count(VerifyStatus::Changed),
            report.rejected.len(),
            if args.files { "" } else { "; --files lists every file" }
        )?;
    }
    out.flush()?;
    Ok(if report.all_ok() { exit::OK } else { exit::EVIDENCE_CHANGED })
}
