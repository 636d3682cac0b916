//! `tapir stats`: what an index holds.

use std::io::Write;
use std::path::PathBuf;

use crate::exit::{self, Outcome};

/// Evidence files, devices, handles, messages by status, kind and language, time range and
/// index size. Recorded in the audit trail.
#[derive(clap::Args)]
#[command(after_help = "Example:\n  tapir stats --index case.idx --json")]
pub struct Args {
    /// The index directory, as built by `tapir ingest`.
    #[arg(long, value_name = "DIR")]
    pub index: PathBuf,
    /// The statistics as one JSON object, on one line.
    #[arg(long)]
    pub json: bool,
    /// List every evidence file (SHA-256, IMEI, path) and every rejected one in the table.
    #[arg(long)]
    pub files: bool,
    #[command(flatten)]
    pub analyst: crate::audit_cmd::AnalystArg,
}

pub fn run(args: Args) -> Outcome {
    let case = crate::audit_cmd::open_case(&args.index, &args.analyst)?;
    let arguments = serde_json::json!({ "format": if args.json { "json" } else { "table" }, "files": args.files });
    let stats = case.stats(&arguments).map_err(|e| crate::audit_cmd::case_error(&case, &args.analyst, "stats", e))?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if args.json {
        serde_json::to_writer(&mut out, &stats)?;
        writeln!(out)?;
    } else {
        writeln!(out, "index            {}", args.index.display())?;
        writeln!(
            out,
            "evidence files   {} ({} rejected at ingest)",
            stats.evidence_files.len(),
            stats.rejected_files.len()
        )?;
        writeln!(out, "devices          {}", stats.devices)?;
        writeln!(out, "handles          {}", stats.handles)?;
        writeln!(out, "logical messages {}", stats.logical_messages)?;
        for (status, n) in &stats.by_status {
            writeln!(out, "  {status:<14} {n}")?;
        }
        let list = |m: &std::collections::BTreeMap<String, u64>| {
            m.iter().map(|(k, v)| format!("{k} {v}")).collect::<Vec<_>>().join(", ")
        };
        writeln!(out, "by kind          {}", list(&stats.by_kind))?;
        writeln!(out, "by language      {}", list(&stats.by_lang))?;
        writeln!(out, "notes            {}", stats.notes)?;
        writeln!(
            out,
            "time range       {} .. {}",
            stats.first_message_at.as_deref().unwrap_or("-"),
            stats.last_message_at.as_deref().unwrap_or("-")
        )?;
        writeln!(out, "index size       {:.1} MB", stats.index_bytes as f64 / 1e6)?;
        if args.files {
            for f in &stats.evidence_files {
                writeln!(out, "  {}  {}  {}", f.sha256, f.imei, f.path.display())?;
            }
            for r in &stats.rejected_files {
                writeln!(out, "  rejected  {}: {}", r.path.display(), r.reason)?;
            }
        } else {
            writeln!(out, "(--files lists the evidence files)")?;
        }
    }
    out.flush()?;
    Ok(exit::OK)
}
