//! `tapir entities`: the wallets, IBANs, phone numbers, positions and amounts of an index, each
//! with the messages holding it.

use std::io::Write;
use std::path::PathBuf;

use tapir::entities::{EntityKind, Watchlist, WatchlistError};
use tapir::index::EntityReport;

use crate::exit::{self, Outcome, UsageError};

/// List the entities found in indexed messages and notes (crypto wallets, IBANs, phone
/// numbers, GPS positions, money amounts), by kind then value, with the messages holding each.
/// Values are normalised: IBANs without spaces, phone numbers in E.164, `lat,lon` with 5
/// decimals, amounts as `<number> <CUR>`.
#[derive(clap::Args)]
#[command(
    after_help = "Watchlist file: one value a line, written as in a message or normalised, optionally tagged with its kind; '#' starts a comment line:\n  # suspects\n  FR76 3000 6000 0112 3456 7890 189\n  phone: +31 6 12345678\n\nExamples:\n  tapir entities --index case.idx --kind btc\n  tapir entities --index case.idx --watchlist suspects.txt --json"
)]
pub struct Args {
    /// The index directory, as built by `tapir ingest`.
    #[arg(long, value_name = "DIR")]
    pub index: PathBuf,
    /// Only this kind: btc, eth, tron, iban, phone, gps or amount (in any case).
    #[arg(long, value_name = "KIND")]
    pub kind: Option<String>,
    /// Only the values listed in FILE.
    #[arg(long, value_name = "FILE")]
    pub watchlist: Option<PathBuf>,
    /// One JSON object per line: {"kind", "value", "messages": [{"sender", "message_id", "recipient", "sent_at"}]}.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub analyst: crate::audit_cmd::AnalystArg,
}

pub fn run(args: Args) -> Outcome {
    let kind =
        args.kind.as_deref().map(|k| k.parse::<EntityKind>().map_err(|e| UsageError(e.to_string()))).transpose()?;
    let watchlist = args.watchlist.as_deref().map(load_watchlist).transpose()?;
    let case = crate::audit_cmd::open_case(&args.index, &args.analyst)?;
    let progress = crate::progress::Reporter::default();
    let arguments = serde_json::json!({ "kind": args.kind, "watchlist": args.watchlist, "json": args.json });
    let reports = case.entities(kind, watchlist.as_ref(), &progress, &arguments).map_err(|e| match e {
        tapir::CaseError::Index(e) => anyhow::Error::from(e).context("listing entities"),
        e => crate::audit_cmd::case_error(&case, &args.analyst, "entities", e),
    })?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if args.json {
        for r in &reports {
            serde_json::to_writer(&mut out, r)?;
            writeln!(out)?;
        }
    } else {
        print_table(&mut out, &reports, kind)?;
    }
    out.flush()?;
    Ok(exit::OK)
}

/// A `--watchlist` file: unusable lines are the user's to fix (exit 2, every one named); a
/// file that cannot be read is an error (exit 1).
pub fn load_watchlist(path: &std::path::Path) -> anyhow::Result<Watchlist> {
    Watchlist::load(path).map_err(|e| match e {
        WatchlistError::Lines { .. } => UsageError(e.to_string()).into(),
        WatchlistError::Io { .. } => e.into(),
    })
}

fn print_table(out: &mut impl Write, reports: &[EntityReport], kind: Option<EntityKind>) -> std::io::Result<()> {
    if reports.is_empty() {
        return match kind {
            Some(kind) => writeln!(out, "no {kind} entities"),
            None => writeln!(out, "no entities"),
        };
    }
    let width = reports.iter().map(|r| r.value.chars().count()).max().unwrap_or(0).max("value".len());
    writeln!(out, "{:<7} {:<width$} {:>8}  {:<24} last", "kind", "value", "messages", "first")?;
    for r in reports {
        let time =
            |m: Option<&tapir::index::EntityMessage>| m.map_or("-".to_owned(), |m| tapir::time::rfc3339_ms(m.sent_at));
        writeln!(
            out,
            "{:<7} {:<width$} {:>8}  {:<24} {}",
            r.kind.as_str(),
            r.value,
            r.messages.len(),
            time(r.messages.first()),
            time(r.messages.last())
        )?;
    }
    writeln!(out, "{} entit{}", reports.len(), if reports.len() == 1 { "y" } else { "ies" })
}
