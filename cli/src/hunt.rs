//! `tapir hunt`: the rule packs run over the index, findings ranked.

use std::io::Write;
use std::path::PathBuf;

use serde_json::json;
use tapir::index::{Finding, HuntOptions};
use tapir::rules::Level;

use crate::exit::{self, Outcome, UsageError};
use crate::output::{marked, one_line};

/// Run the hunting rules over the whole index and list conversation-level findings, best
/// first: the conversations that plan a kidnapping, a weapons deal or a drug shipment, with
/// the rules that fired, the terms they matched and the messages (each traceable to its
/// copies in the evidence).
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  tapir hunt --index case.idx\n  tapir hunt --index case.idx --category kidnapping --min-level high --json\n  tapir hunt --index case.idx --rules rules/ my-rules.yml --watchlist wallets.txt"
)]
pub struct Args {
    /// The index directory, as built by `tapir ingest`.
    #[arg(long, value_name = "DIR")]
    pub index: PathBuf,
    #[command(flatten)]
    pub rules: crate::rules_cmd::RuleArgs,
    /// Only rules of these categories (kidnapping, weapons, drugs, extortion, contract_violence).
    #[arg(long, value_name = "C", num_args = 1..)]
    pub category: Vec<String>,
    /// Lowest level shown: low, medium (default), high or critical.
    #[arg(long, value_name = "L", default_value = "medium")]
    pub min_level: String,
    #[command(flatten)]
    pub time: crate::time_args::TimeArgs,
    /// Entities to watch (one a line): messages holding one become findings, findings holding one are flagged.
    #[arg(long, value_name = "FILE")]
    pub watchlist: Option<PathBuf>,
    /// Most findings shown: a number (1 or more) or `all` (default 20 in the table, all in JSON and CSV).
    #[arg(long, value_name = "N|all")]
    pub limit: Option<crate::limit::Limit>,
    /// One finding per line: category, level, score, participants, first_at, last_at, rules, terms, messages…
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// One finding per row, messages summarised.
    #[arg(long)]
    pub csv: bool,
    #[command(flatten)]
    pub analyst: crate::audit_cmd::AnalystArg,
}

fn hunt_options(args: &Args) -> anyhow::Result<HuntOptions> {
    let categories = crate::rules_cmd::categories(&args.category)?;
    let min_level = Level::parse(&args.min_level).ok_or_else(|| {
        UsageError(format!("--min-level {:?}: expected low, medium, high or critical", args.min_level))
    })?;
    let watchlist = args.watchlist.as_deref().map(crate::entities::load_watchlist).transpose()?;
    let (from, to) = args.time.range()?;
    Ok(HuntOptions { from, to, categories, min_level, watchlist })
}

pub fn run(args: Args) -> Outcome {
    let options = hunt_options(&args)?;
    let rules = args.rules.load()?;
    let case = crate::audit_cmd::open_case(&args.index, &args.analyst)?;
    let arguments = json!({
        "rules": args.rules.rules, "category": args.category, "min_level": args.min_level,
        "from": args.time.from, "to": args.time.to, "watchlist": args.watchlist, "limit": args.limit,
        "format": if args.json { "json" } else if args.csv { "csv" } else { "table" },
    });
    let started = std::time::Instant::now();
    let report =
        case.hunt(&rules, &options, &crate::progress::Reporter::default(), &arguments).map_err(|e| match e {
            tapir::CaseError::Index(e) => anyhow::Error::from(e).context("hunting"),
            e => crate::audit_cmd::case_error(&case, &args.analyst, "hunt", e),
        })?;
    let elapsed = started.elapsed();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let limit = match args.limit {
        Some(limit) => limit.get(),
        None if args.json || args.csv => usize::MAX,
        None => 20,
    };
    let shown = &report.findings[..report.findings.len().min(limit)];
    if args.json {
        for f in shown {
            serde_json::to_writer(&mut out, f)?;
            writeln!(out)?;
        }
    } else if args.csv {
        write_csv(&mut out, shown)?;
    } else {
        print_table(&mut out, shown)?;
        writeln!(
            out,
            "{} finding(s){}; {} rules, {} messages read to confirm phrases, {} rule hits, in {:.2} s",
            report.findings.len(),
            if shown.len() < report.findings.len() {
                format!(" ({} shown; --limit all for all)", shown.len())
            } else {
                String::new()
            },
            report.rules_run,
            report.candidates,
            report.rule_hits,
            elapsed.as_secs_f64()
        )?;
    }
    out.flush()?;
    Ok(exit::OK)
}

/// The columns of `hunt --csv`; each row is an array of this length, so header and rows
/// cannot disagree on their width.
const CSV_COLUMNS: [&str; 12] = [
    "rank",
    "category",
    "level",
    "score",
    "participants",
    "first_at",
    "last_at",
    "rules",
    "terms",
    "watchlist",
    "entities",
    "messages",
];

fn write_csv(out: &mut impl Write, findings: &[Finding]) -> anyhow::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(CSV_COLUMNS)?;
    for (i, f) in findings.iter().enumerate() {
        let messages: Vec<String> =
            f.messages.iter().map(|m| format!("{}:{}", m.hit.sender, m.hit.message_id)).collect();
        let row: [String; CSV_COLUMNS.len()] = [
            (i + 1).to_string(),
            f.category.as_str().to_owned(),
            f.level.as_str().to_owned(),
            format!("{:.3}", f.score),
            f.participants.join(";"),
            tapir::time::rfc3339_ms(f.first_at),
            tapir::time::rfc3339_ms(f.last_at),
            f.rules.join(";"),
            f.terms.join(";"),
            f.watchlist.join(";"),
            f.entities.join(";"),
            messages.join(";"),
        ];
        w.write_record(&row)?;
    }
    w.flush()?;
    Ok(())
}

/// Messages shown per finding in the table.
const MESSAGES_SHOWN: usize = 6;

pub fn print_table(out: &mut impl Write, findings: &[Finding]) -> anyhow::Result<()> {
    for (i, f) in findings.iter().enumerate() {
        writeln!(
            out,
            "#{:<3} {:<17} {:<8} score {:>6.1}  {}  {} … {}  {} message(s)  id {}",
            i + 1,
            f.category.as_str(),
            f.level.as_str(),
            f.score,
            f.participants.join(" ↔ "),
            tapir::time::rfc3339_ms(f.first_at),
            tapir::time::rfc3339_ms(f.last_at),
            f.messages.len(),
            f.id
        )?;
        for r in &f.reasons {
            writeln!(
                out,
                "     rule {} ({}, {} hit(s)): {}; groups {}; terms {}",
                r.rule,
                r.level,
                r.hits,
                r.title,
                r.groups.join(", "),
                one_line(&r.terms.join(", "), 160)
            )?;
        }
        if !f.watchlist.is_empty() {
            writeln!(out, "     WATCHLIST: {}", f.watchlist.join(", "))?;
        }
        if !f.entities.is_empty() {
            writeln!(out, "     entities: {}", one_line(&f.entities.join(", "), 300))?;
        }
        for m in f.messages.iter().take(MESSAGES_SHOWN) {
            let to = if m.hit.recipient.is_empty() { "(note)".to_string() } else { m.hit.recipient.clone() };
            writeln!(
                out,
                "     {} {}#{} → {}: {}",
                tapir::time::rfc3339_ms(m.hit.sent_at),
                m.hit.sender,
                m.hit.message_id,
                to,
                marked(&m.hit.text, &m.highlights)
            )?;
        }
        if f.messages.len() > MESSAGES_SHOWN {
            writeln!(out, "     … {} more message(s) (--json lists them all)", f.messages.len() - MESSAGES_SHOWN)?;
        }
        writeln!(out)?;
    }
    Ok(())
}
