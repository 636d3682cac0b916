//! The audit trail from the command line: the hook every audited command calls once it has
//! its results, and `tapir audit show|verify`.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde_json::Value;
use tapir::audit::{AuditLog, Entry, Record, VerifyOutcome};

use crate::exit::{self, Outcome};

/// `--analyst`, on every audited command.
#[derive(clap::Args, Clone, Debug, Default)]
pub struct AnalystArg {
    /// Who runs the command, for the audit trail (default: $USER, else $LOGNAME, else "unknown").
    #[arg(long, value_name = "NAME")]
    pub analyst: Option<String>,
}

impl AnalystArg {
    pub fn name(&self) -> String {
        // Each source is skipped when blank, so an empty $USER falls back to $LOGNAME.
        let given = |n: &String| !n.trim().is_empty();
        self.analyst
            .clone()
            .filter(given)
            .or_else(|| std::env::var("USER").ok().filter(given))
            .or_else(|| std::env::var("LOGNAME").ok().filter(given))
            .unwrap_or_else(|| "unknown".to_owned())
    }
}

/// Appends one record to the index's audit log. Called after the command has its results and
/// before it prints them, so a reader that closes the pipe early (`| head`) is still audited;
/// a log that cannot be written fails the command.
pub fn record(
    index: &Path,
    analyst: &AnalystArg,
    command: &str,
    arguments: Value,
    results: usize,
) -> anyhow::Result<()> {
    let log = AuditLog::open(index)?;
    let entry = Entry { analyst: analyst.name(), command: command.to_owned(), arguments, results: results as u64 };
    log.append(entry).with_context(|| format!("recording `{command}` in the audit trail"))?;
    Ok(())
}

/// Show or verify the audit trail of an index: every search, thread, hunt, batch and entities
/// run, with its analyst, arguments and result count, hash-chained.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  tapir audit show --index case.idx\n  tapir audit show --index case.idx --json\n  tapir audit verify --index case.idx"
)]
pub struct Args {
    #[command(subcommand)]
    pub command: AuditCommand,
}

#[derive(clap::Subcommand)]
pub enum AuditCommand {
    /// List the records, oldest first (a table, or JSON Lines as stored).
    #[command(
        after_help = "Examples:\n  tapir audit show --index case.idx\n  tapir audit show --index case.idx --json | jq 'select(.analyst == \"j.dupont\")'"
    )]
    Show {
        /// The index directory whose trail to show.
        #[arg(long, value_name = "DIR")]
        index: PathBuf,
        /// One record per line, as in DIR/audit.jsonl.
        #[arg(long)]
        json: bool,
    },
    /// Check the hash chain: exit 0 if intact, 1 naming the first record that breaks it.
    #[command(
        after_help = "Example:\n  tapir audit verify --index case.idx   # note the head hash it prints in the case file"
    )]
    Verify {
        /// The index directory whose trail to check.
        #[arg(long, value_name = "DIR")]
        index: PathBuf,
    },
}

pub fn run(args: Args) -> Outcome {
    match args.command {
        AuditCommand::Show { index, json } => show(&index, json),
        AuditCommand::Verify { index } => verify(&index),
    }
}

fn show(index: &Path, json: bool) -> Outcome {
    let records = AuditLog::open(index)?.records()?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if json {
        for r in &records {
            serde_json::to_writer(&mut out, r)?;
            writeln!(out)?;
        }
    } else {
        print_table(&mut out, &records)?;
    }
    out.flush()?;
    Ok(exit::OK)
}

fn print_table(out: &mut impl Write, records: &[Record]) -> std::io::Result<()> {
    if records.is_empty() {
        return writeln!(out, "no audit records");
    }
    writeln!(out, "{:>5}  {:<24} {:<16} {:<9} {:>8}  arguments", "seq", "time", "analyst", "command", "results")?;
    for r in records {
        writeln!(
            out,
            "{:>5}  {:<24} {:<16} {:<9} {:>8}  {}",
            r.seq,
            r.time,
            crate::output::one_line(&r.analyst, 16),
            r.command,
            r.results,
            crate::output::one_line(&r.arguments.to_string(), 200)
        )?;
    }
    writeln!(out, "{} record(s)", records.len())
}

fn verify(index: &Path) -> Outcome {
    let log = AuditLog::open(index)?;
    match log.verify()? {
        VerifyOutcome::Intact { records, head } => {
            writeln!(std::io::stdout().lock(), "audit trail intact: {records} record(s); head {head}")?;
            Ok(exit::OK)
        }
        VerifyOutcome::Broken(b) => {
            anyhow::bail!("audit trail {} is broken at {b}", log.path().display())
        }
    }
}
