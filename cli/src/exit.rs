//! Exit codes, documented in the README and in `tapir --help`.

use std::process::ExitCode;

/// Everything done, nothing rejected.
pub const OK: u8 = 0;
/// An error stopped the command (unreadable keyring, I/O error, …).
pub const ERROR: u8 = 1;
/// `verify`: some evidence files are missing or changed (the same code as an error: the
/// evidence can no longer be relied on as ingested).
pub const EVIDENCE_CHANGED: u8 = 1;
/// Bad usage: unknown option, missing argument, malformed query.
pub const USAGE: u8 = 2;
/// Done, but some evidence files were rejected (bad header, unreadable); see the report.
pub const SOME_REJECTED: u8 = 3;

pub const CODES_HELP: &str = "\
Exit codes:
  0  done (also when the reader of standard output left early: tapir ... | head)
  1  error (unreadable keyring, damaged index, I/O error, ...), or verify found evidence
     missing or changed, or check found the index damaged
  2  usage error (bad option or argument, malformed query, rules or watchlist, evidence path
     that does not exist, --out file exists)
  3  done, but some evidence files were rejected (see the report)";

/// An error that is the user's to fix (bad query, bad time): exit code 2.
#[derive(Debug)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// What a command returns: the exit code it wants on success.
pub type Outcome = anyhow::Result<u8>;

/// The error and its causes, `: `-separated, like anyhow's `{:#}`, except that a cause
/// whose text its parent already ends with is not repeated (library errors that quote their
/// I/O source in their own message, for callers that print only that message).
fn chain_text(err: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in err.chain() {
        let cause = cause.to_string();
        if !text.ends_with(&cause) {
            if !text.is_empty() {
                text.push_str(": ");
            }
            text.push_str(&cause);
        }
    }
    text
}

/// Whether the error is standard output's reader going away (`tapir ... | head`): an I/O
/// error of kind `BrokenPipe`, also when serde_json or csv wraps it.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    let broken = |kind: Option<std::io::ErrorKind>| kind == Some(std::io::ErrorKind::BrokenPipe);
    err.chain().any(|e| {
        broken(e.downcast_ref::<std::io::Error>().map(std::io::Error::kind))
            || broken(e.downcast_ref::<serde_json::Error>().and_then(serde_json::Error::io_error_kind))
            || e.downcast_ref::<csv::Error>().is_some_and(|e| match e.kind() {
                csv::ErrorKind::Io(io) => broken(Some(io.kind())),
                _ => false,
            })
    })
}

/// Prints an error chain to stderr and maps the outcome to an exit code. A closed pipe
/// (`tapir ... | head`) is not an error: the command stops quietly with exit code 0 (the
/// reader had what it wanted; a `pipefail` script does not fail on it).
pub fn finish(result: Outcome) -> ExitCode {
    match result {
        Ok(code) => ExitCode::from(code),
        Err(err) if is_broken_pipe(&err) => ExitCode::from(OK),
        Err(err) => {
            eprintln!("tapir: error: {}", chain_text(&err));
            if err.chain().any(|e| e.is::<UsageError>()) { ExitCode::from(USAGE) } else { ExitCode::from(ERROR) }
        }
    }
}
