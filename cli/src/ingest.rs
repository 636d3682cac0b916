//! `tapir ingest`: decoded, decrypted evidence into a searchable index.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use tapir::TapirIndex;
use tapir::index::IngestOptions;

use crate::exit::{self, Outcome, UsageError};

/// Decode, decrypt and index dumps (files, or directories searched for *.ecd).
///
/// One document per logical message (sender, message_id): copies captured on several phones
/// merge into one, across runs too. Re-ingesting the same dumps changes nothing; ingesting
/// them again with newly seized keys decrypts the locked messages in place. A run killed at
/// any moment leaves the index as the last completed run left it: run the command again.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  tapir ingest --index case.idx --keys case/keys/seized.keys --report ingest.json case/dumps\n  tapir ingest --index case.idx --keys seized.keys --keys new-batch.keys case/dumps   # rekey"
)]
pub struct Args {
    /// Index directory (created if missing or empty).
    #[arg(long, value_name = "DIR")]
    pub index: PathBuf,
    /// Keyring file(s) of seized keys; repeat the option or separate with commas.
    #[arg(long = "keys", value_name = "FILE", required = true, value_delimiter = ',')]
    pub keys: Vec<PathBuf>,
    /// Write {"files", "rejected", "logical_messages", "logical_decrypted"} as JSON to FILE.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Memory budget of the indexer, in MiB.
    #[arg(long, default_value_t = 512, value_name = "MIB")]
    pub memory: usize,
    /// Dump files, or directories to search recursively for *.ecd (any case).
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
}

/// Mistakes in the paths are usage errors found before anything is created or indexed: an
/// evidence path that does not exist (a typo), a report path that cannot be written.
fn check_paths(args: &Args) -> Result<(), UsageError> {
    for path in &args.paths {
        if std::fs::symlink_metadata(path).is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound) {
            return Err(UsageError(format!("evidence path {} does not exist", path.display())));
        }
    }
    if let Some(report) = &args.report {
        let bad = |why: &str| Err(UsageError(format!("--report {}: {why}", report.display())));
        if report.is_dir() {
            return bad("is a directory; give a file");
        }
        let parent = report.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        if !parent.is_dir() {
            return bad(&format!("directory {} does not exist", parent.display()));
        }
        if let Err(e) = tempfile::NamedTempFile::new_in(parent) {
            return bad(&format!("cannot write in {}: {e}", parent.display()));
        }
    }
    Ok(())
}

/// Writes the report whole or not at all (a file beside it, renamed over it).
fn write_report(path: &Path, report: &tapir::index::IngestReport) -> anyhow::Result<()> {
    let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let context = || format!("writing report {}", path.display());
    let mut file = tempfile::NamedTempFile::new_in(parent).with_context(context)?;
    let mut out = std::io::BufWriter::new(file.as_file_mut());
    serde_json::to_writer_pretty(&mut out, report)?;
    writeln!(out)?;
    out.flush().with_context(context)?;
    drop(out);
    file.persist(path).with_context(context)?;
    Ok(())
}

pub fn run(args: Args) -> Outcome {
    check_paths(&args)?;
    let keyring = crate::keyring::load(&args.keys)?;
    let mut index = TapirIndex::create_or_open(&args.index)?;
    let options = IngestOptions { writer_memory_bytes: args.memory << 20, ..IngestOptions::default() };
    let started = std::time::Instant::now();
    let bar = crate::progress::Reporter::default();
    let report = index.ingest(&args.paths, &keyring, &options, &bar).context("ingesting")?;
    let seconds = started.elapsed().as_secs_f64();
    crate::keyring::warn_if_unmatched(&keyring, &report.files);
    if let Some(path) = &args.report {
        write_report(path, &report)?;
    }
    let messages: u64 = report.files.iter().map(|f| f.messages.found).sum();
    eprintln!(
        "{} new, {} re-decoded with new keys, {} unchanged, {} rejected file(s) in {:.1} s; index holds {} logical messages, {} decrypted",
        report.new_files,
        report.redecoded_files,
        report.unchanged_files,
        report.rejected.len(),
        seconds,
        report.logical_messages,
        report.logical_decrypted
    );
    if report.new_files + report.redecoded_files > 0 {
        // Throughput over the whole run (hashing, decoding, indexing, commit), as benches quote it.
        let rate = messages as f64 / seconds.max(1e-9);
        eprintln!("  {messages} message frames in the given files, {rate:.0} frames/s; {}", bar.timings());
    }
    for r in &report.rejected {
        eprintln!("rejected: {}: {}", r.path.display(), r.reason);
    }
    Ok(if report.rejected.is_empty() { exit::OK } else { exit::SOME_REJECTED })
}
