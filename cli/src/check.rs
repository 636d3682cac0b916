//! `tapir check`: can the index be trusted?

use std::io::Write;
use std::path::PathBuf;

use tapir::TapirIndex;
use tapir::index::CheckStatus;

use crate::exit::{self, Outcome};

/// Read every file of the index back against the checksum written with it (and parse its
/// marker, commit and manifest), without writing anything. Exit code 1 when a file is damaged
/// or missing: rebuild the index from the evidence (`tapir ingest` into a new directory).
#[derive(clap::Args)]
#[command(after_help = "Examples:\n  tapir check --index case.idx\n  tapir check --index /media/ro/case.idx --json")]
pub struct Args {
    /// The index directory to check, as built by `tapir ingest`.
    #[arg(long, value_name = "DIR")]
    pub index: PathBuf,
    /// One JSON object per file: file (relative to DIR), status (ok, damaged, missing), detail.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: Args) -> Outcome {
    let report = TapirIndex::check(&args.index)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if args.json {
        crate::output::write_json_lines(&mut out, &report.files)?;
    } else {
        writeln!(out, "{:<8} {:<52} detail", "status", "file")?;
        for f in &report.files {
            writeln!(out, "{:<8} {:<52} {}", f.status.as_str(), f.file.display(), f.detail)?;
        }
        let (damaged, missing) = (report.count(CheckStatus::Damaged), report.count(CheckStatus::Missing));
        writeln!(
            out,
            "{} file(s): {} ok, {damaged} damaged, {missing} missing",
            report.files.len(),
            report.count(CheckStatus::Ok)
        )?;
        if !report.unreferenced.is_empty() {
            writeln!(
                out,
                "{} file(s) no commit references (left by an interrupted ingest; the next ingest removes them)",
                report.unreferenced.len()
            )?;
        }
        writeln!(
            out,
            "{}",
            if report.all_ok() {
                "index intact"
            } else {
                "index damaged: rebuild it from the evidence (`tapir ingest` into a new directory)"
            }
        )?;
    }
    out.flush()?;
    Ok(if report.all_ok() { exit::OK } else { exit::ERROR })
}
