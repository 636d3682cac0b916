//! `tapir inspect`: decode dumps without indexing, report the accounting.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use tapir::InspectReport;

use crate::exit::{self, Outcome};

/// Decode dumps (files, or directories searched for *.ecd) and report, per file, the
/// accounting of spec §6: frames, corrupt spans, message and note statuses.
#[derive(clap::Args)]
#[command(after_help = "Example:\n  tapir inspect --keys case/keys/seized.keys --json case/dumps > accounting.json")]
pub struct Args {
    /// Keyring file of seized keys (`<imei> <key_id> <64 hex>` per line); repeat the
    /// option, or separate files with commas, to give several.
    #[arg(long = "keys", value_name = "FILE", required = true, value_delimiter = ',')]
    pub keys: Vec<PathBuf>,
    /// Print one JSON document {"files": [...], "rejected": [...]}, on one line, instead of a table.
    #[arg(long)]
    pub json: bool,
    /// Dump files, or directories to search recursively for *.ecd (any case).
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
}

pub fn run(args: Args) -> Outcome {
    let keyring = crate::keyring::load(&args.keys)?;
    let report = tapir::inspect(&args.paths, &keyring).context("collecting evidence files")?;
    crate::keyring::warn_if_unmatched(&keyring, &report.files);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if args.json {
        serde_json::to_writer(&mut out, &report)?;
        writeln!(out)?;
    } else {
        print_table(&mut out, &report)?;
    }
    out.flush()?;
    Ok(if report.rejected.is_empty() { exit::OK } else { exit::SOME_REJECTED })
}

pub fn print_table(out: &mut impl Write, report: &InspectReport) -> std::io::Result<()> {
    writeln!(
        out,
        "{:<28} {:<16} {:<18} {:>7} {:>5} {:>7} {:>7} {:>6} {:>6} {:>6} {:>5} {:>5} {:>5} {:>4} {:>4}  flags",
        "file",
        "imei",
        "handle",
        "frames",
        "spans",
        "msgs",
        "decrypt",
        "no_key",
        "auth",
        "badbdy",
        "malf",
        "notes",
        "cont",
        "del",
        "lossy"
    )?;
    let mut total = tapir::StatusCounts::default();
    for f in &report.files {
        let name = f.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let mut flags = Vec::new();
        if f.truncated {
            flags.push("truncated");
        }
        if f.trailing_garbage {
            flags.push("trailing-garbage");
        }
        if f.unknown > 0 {
            flags.push("unknown-frames");
        }
        let m = &f.messages;
        writeln!(
            out,
            "{:<28} {:<16} {:<18} {:>7} {:>5} {:>7} {:>7} {:>6} {:>6} {:>6} {:>5} {:>5} {:>5} {:>4} {:>4}  {}",
            name,
            f.imei,
            f.handle,
            f.valid_frames,
            f.corrupt_spans.len(),
            m.found,
            m.decrypted,
            m.no_key,
            m.auth_failed,
            m.bad_body,
            m.malformed,
            f.notes.found,
            f.contacts,
            f.deleted,
            f.lossy_utf8,
            flags.join(",")
        )?;
        for a in &f.anomalies {
            writeln!(out, "    note: offset {}: {}", a.offset, a.what)?;
        }
        total.found += m.found;
        total.decrypted += m.decrypted;
        total.no_key += m.no_key;
        total.auth_failed += m.auth_failed;
        total.bad_body += m.bad_body;
        total.malformed += m.malformed;
    }
    writeln!(
        out,
        "{} file(s), {} rejected; messages: {} found, {} decrypted, {} no_key, {} auth_failed, {} bad_body, {} malformed",
        report.files.len(),
        report.rejected.len(),
        total.found,
        total.decrypted,
        total.no_key,
        total.auth_failed,
        total.bad_body,
        total.malformed
    )?;
    for r in &report.rejected {
        writeln!(out, "rejected: {}: {}", r.path.display(), r.reason)?;
    }
    Ok(())
}
