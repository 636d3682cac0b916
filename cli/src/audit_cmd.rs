//! The audit trail from the command line: the case every audited command opens (which records
//! each read itself), and `tapir audit show|verify`.

use std::io::Write;
use std::path::{Path, PathBuf};

use tapir::audit::{AuditError, AuditLog, Record, VerifyOutcome};
use tapir::{Analyst, Case, CaseError};

use crate::exit::{self, Outcome};

/// `--analyst` and `--audit-log`, on every audited command.
#[derive(clap::Args, Clone, Debug, Default)]
pub struct AnalystArg {
    /// Who runs the command, for the audit trail (default: $USER, else $LOGNAME, else "unknown").
    #[arg(long, value_name = "NAME")]
    pub analyst: Option<String>,
    /// Keep the audit trail in FILE instead of DIR/audit.jsonl: for an index that is
    /// read-only (read-only media, another user's case). Records then name the index.
    #[arg(long, value_name = "FILE")]
    pub audit_log: Option<PathBuf>,
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

/// The case in `index` opened for the analyst of `--analyst` (its trail `--audit-log` when
/// given): every read of case data goes through it, and it records each read itself.
pub fn open_case(index: &Path, analyst: &AnalystArg) -> anyhow::Result<Case> {
    let who = Analyst::new(&analyst.name())?;
    Ok(match &analyst.audit_log {
        Some(file) => Case::open_with_trail(index, who, file)?,
        None => Case::open(index, who)?,
    })
}

/// A facade error in the command line's words: a trail that cannot be written says what to
/// do (`command` names the read that was refused).
pub fn case_error(case: &Case, analyst: &AnalystArg, command: &str, e: CaseError) -> anyhow::Error {
    match e {
        CaseError::Audit(e) => append_error(case.dir(), analyst, case.trail(), e)
            .context(format!("recording `{command}` in the audit trail")),
        e => e.into(),
    }
}

/// A trail that cannot be written, said plainly when the index directory is read-only.
fn append_error(index: &Path, analyst: &AnalystArg, log: &AuditLog, e: AuditError) -> anyhow::Error {
    match e {
        AuditError::Io { source, .. } if analyst.audit_log.is_none() && is_read_only(&source) => anyhow::anyhow!(
            "index {} is read-only: the audit trail {} cannot be written there; give --audit-log FILE (a writable file for the trail)",
            index.display(),
            log.path().display()
        ),
        e => e.into(),
    }
}

/// The trail of `index`: `FILE` when given (`--audit-log`), else `DIR/audit.jsonl`.
fn trail(index: &Path, file: Option<&Path>) -> anyhow::Result<AuditLog> {
    Ok(match file {
        Some(file) => AuditLog::at(file)?,
        None => AuditLog::open(index)?,
    })
}

fn is_read_only(e: &std::io::Error) -> bool {
    // PermissionDenied covers EPERM too: an immutable directory (chattr +i), even for root.
    matches!(e.kind(), std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem)
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
        /// The trail kept in FILE (as given to audited commands' --audit-log).
        #[arg(long, value_name = "FILE")]
        audit_log: Option<PathBuf>,
    },
    /// Check the hash chain, and that the trail ends where its head record says: exit 0 if
    /// intact (printing the head hash, to note in the case file), 1 naming the first record
    /// that breaks it, or the records missing.
    #[command(
        after_help = "Example:\n  tapir audit verify --index case.idx   # note the head hash it prints in the case file"
    )]
    Verify {
        /// The index directory whose trail to check.
        #[arg(long, value_name = "DIR")]
        index: PathBuf,
        /// The trail kept in FILE (as given to audited commands' --audit-log).
        #[arg(long, value_name = "FILE")]
        audit_log: Option<PathBuf>,
    },
}

pub fn run(args: Args) -> Outcome {
    match args.command {
        AuditCommand::Show { index, json, audit_log } => show(&trail(&index, audit_log.as_deref())?, json),
        AuditCommand::Verify { index, audit_log } => verify(&trail(&index, audit_log.as_deref())?),
    }
}

fn show(log: &AuditLog, json: bool) -> Outcome {
    let records = log.records()?;
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

fn verify(log: &AuditLog) -> Outcome {
    match log.verify()? {
        VerifyOutcome::Intact { records, head } => {
            let mut out = std::io::stdout().lock();
            writeln!(out, "audit trail intact: {records} record(s); head {head}")?;
            writeln!(
                out,
                "  (head: the SHA-256 of the last record's line, which the next record's prev repeats; noted in the case file with the count, it shows later that these records are still the trail's first)"
            )?;
            Ok(exit::OK)
        }
        VerifyOutcome::Broken(b) => {
            anyhow::bail!("audit trail {} is broken at {b}", log.path().display())
        }
    }
}
