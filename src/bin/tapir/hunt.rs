//! `tapir hunt`, `tapir rules` and `tapir eval`: rule packs over the index.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use serde_json::{Value, json};
use tapir::TapirIndex;
use tapir::entities::Watchlist;
use tapir::index::{Finding, HuntOptions, HuntReport};
use tapir::rules::{Category, Level, RuleSet};

use crate::exit::{self, Outcome, UsageError};
use crate::output::{hit_json, marked, one_line};

#[derive(clap::Args, Clone, Debug, Default)]
pub struct RuleArgs {
    /// Rule files or directories (*.yml, *.yaml); default: the packs built into tapir.
    #[arg(long, value_name = "PATH", num_args = 1..)]
    pub rules: Vec<PathBuf>,
}

impl RuleArgs {
    pub fn load(&self) -> anyhow::Result<RuleSet> {
        let loaded =
            if self.rules.is_empty() { tapir::rules::builtin() } else { tapir::rules::load_paths(&self.rules) };
        loaded.map_err(|e| anyhow::Error::new(UsageError(format!("rules do not load:\n{e}"))))
    }
}

/// Run the hunting rules over the whole index and list conversation-level findings, best
/// first: the conversations that plan a kidnapping, a weapons deal or a drug shipment, with
/// the rules that fired, the terms they matched and the messages (each traceable to its
/// copies in the evidence).
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  tapir hunt --index case.idx\n  tapir hunt --index case.idx --category kidnapping --min-level high --json\n  tapir hunt --index case.idx --rules rules/ my-rules.yml --watchlist wallets.txt"
)]
pub struct Args {
    #[arg(long, value_name = "DIR")]
    pub index: PathBuf,
    #[command(flatten)]
    pub rules: RuleArgs,
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
    /// Most findings shown (0: all; default 20 in the table, all in JSON and CSV).
    #[arg(long)]
    pub limit: Option<usize>,
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
    let mut categories = Vec::new();
    for c in &args.category {
        let cat = Category::parse(c).filter(|c| *c != Category::Watchlist).ok_or_else(|| {
            UsageError(format!("--category {c:?}: expected kidnapping, weapons, drugs, extortion or contract_violence"))
        })?;
        categories.push(cat);
    }
    let min_level = Level::parse(&args.min_level).ok_or_else(|| {
        UsageError(format!("--min-level {:?}: expected low, medium, high or critical", args.min_level))
    })?;
    let watchlist = args.watchlist.as_deref().map(Watchlist::load).transpose()?;
    let (from, to) = args.time.range()?;
    Ok(HuntOptions { from, to, categories, min_level, watchlist })
}

pub fn run(args: Args) -> Outcome {
    let options = hunt_options(&args)?;
    let rules = args.rules.load()?;
    let index = TapirIndex::open(&args.index)?;
    let started = std::time::Instant::now();
    let report = index.hunt(&rules, &options).context("hunting")?;
    let elapsed = started.elapsed();
    let arguments = json!({
        "rules": args.rules.rules, "category": args.category, "min_level": args.min_level,
        "from": args.time.from, "to": args.time.to, "watchlist": args.watchlist, "limit": args.limit,
        "format": if args.json { "json" } else if args.csv { "csv" } else { "table" },
    });
    crate::audit_cmd::record(&args.index, &args.analyst, "hunt", arguments, report.findings.len())?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let limit = match args.limit {
        Some(0) => usize::MAX,
        Some(n) => n,
        None if args.json || args.csv => usize::MAX,
        None => 20,
    };
    let shown = &report.findings[..report.findings.len().min(limit)];
    if args.json {
        for f in shown {
            serde_json::to_writer(&mut out, &finding_json(f))?;
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
                format!(" ({} shown; --limit 0 for all)", shown.len())
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

/// A finding as `hunt --json` prints it.
pub fn finding_json(f: &Finding) -> Value {
    json!({
        "id": f.id.to_string(),
        "category": f.category.as_str(),
        "level": f.level.as_str(),
        "score": (f.score * 1000.0).round() / 1000.0,
        "participants": f.participants,
        "first_at": tapir::time::rfc3339_ms(f.first_at),
        "last_at": tapir::time::rfc3339_ms(f.last_at),
        "rules": f.rules,
        "terms": f.terms,
        "watchlist": f.watchlist,
        "entities": f.entities,
        "reasons": f.reasons.iter().map(|r| json!({
            "rule": r.rule,
            "title": r.title,
            "level": r.level.as_str(),
            "score": (r.score * 1000.0).round() / 1000.0,
            "hits": r.hits,
            "groups": r.groups,
            "terms": r.terms,
        })).collect::<Vec<_>>(),
        "messages": f.messages.iter().map(|m| {
            let mut v = hit_json(&m.hit);
            if let Some(o) = v.as_object_mut() {
                o.remove("score");
                o.insert("rules".into(), json!(m.rules));
                o.insert("terms".into(), json!(m.terms));
                o.insert("watchlist".into(), json!(m.watchlist));
                o.insert("entities".into(), json!(m.entities));
            }
            v
        }).collect::<Vec<_>>(),
    })
}

fn write_csv(out: &mut impl Write, findings: &[Finding]) -> anyhow::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
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
        "messages",
    ])?;
    for (i, f) in findings.iter().enumerate() {
        let messages: Vec<String> =
            f.messages.iter().map(|m| format!("{}:{}", m.hit.sender, m.hit.message_id)).collect();
        w.write_record([
            &(i + 1).to_string(),
            f.category.as_str(),
            f.level.as_str(),
            &format!("{:.3}", f.score),
            &f.participants.join(";"),
            &tapir::time::rfc3339_ms(f.first_at),
            &tapir::time::rfc3339_ms(f.last_at),
            &f.rules.join(";"),
            &f.terms.join(";"),
            &f.watchlist.join(";"),
            &f.entities.join(";"),
            &messages.join(";"),
        ])?;
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

/// Check rule files: load them (every error with file, line and rule) and run every rule's
/// examples.
#[derive(clap::Args)]
pub struct RulesArgs {
    #[command(flatten)]
    pub rules: RuleArgs,
}

pub fn run_rules(args: RulesArgs) -> Outcome {
    let rules = args.rules.load()?;
    let report = rules.check_examples();
    for f in &report.failures {
        eprintln!("{f}");
    }
    println!(
        "{} rules ({} correlations), {} examples passed, {} failed",
        rules.len(),
        rules.rules.iter().filter(|r| r.is_correlation()).count(),
        report.passed,
        report.failures.len()
    );
    Ok(if report.failures.is_empty() { exit::OK } else { exit::ERROR })
}

/// Score the hunt against a generated corpus's truth.json: recall per category (planted
/// conversations with a message in a finding of their category), precision (findings holding
/// a planted message / all findings) and the share of hard negatives flagged.
#[derive(clap::Args)]
pub struct EvalArgs {
    /// The corpus directory (with truth.json), as written by `tapir gen`.
    #[arg(long, value_name = "DIR")]
    pub corpus: PathBuf,
    #[arg(long, value_name = "DIR")]
    pub index: PathBuf,
    #[command(flatten)]
    pub rules: RuleArgs,
    /// The report as one JSON object.
    #[arg(long)]
    pub json: bool,
}

pub fn run_eval(args: EvalArgs) -> Outcome {
    let truth_path = args.corpus.join("truth.json");
    let truth: tapir::eval::Truth = serde_json::from_reader(std::io::BufReader::new(
        std::fs::File::open(&truth_path).with_context(|| format!("opening {}", truth_path.display()))?,
    ))
    .with_context(|| format!("reading {}", truth_path.display()))?;
    let rules = args.rules.load()?;
    let index = TapirIndex::open(&args.index)?;
    let started = std::time::Instant::now();
    let report: HuntReport = index.hunt(&rules, &HuntOptions::default()).context("hunting")?;
    let elapsed = started.elapsed().as_secs_f64();
    let eval = tapir::eval::evaluate(&truth, &report.findings);
    if args.json {
        let mut v = serde_json::to_value(&eval)?;
        if let Some(o) = v.as_object_mut() {
            o.insert("hunt_seconds".into(), json!(elapsed));
        }
        println!("{v}");
        return Ok(exit::OK);
    }
    println!("{:<18} {:>8} {:>9} {:>7} {:>11}", "category", "planted", "recalled", "recall", "unfindable");
    for (c, s) in &eval.per_category {
        println!("{c:<18} {:>8} {:>9} {:>7.3} {:>11}", s.planted, s.recalled, s.recall, s.unfindable);
        if !s.missed.is_empty() {
            println!("{:<18} missed: {}", "", one_line(&s.missed.join(", "), 300));
        }
    }
    println!(
        "precision {:.3} ({} of {} findings hold a planted message); hard negatives flagged {:.4} ({} of {}); hunt {:.2} s",
        eval.precision,
        eval.true_findings,
        eval.findings,
        eval.hard_negative_rate,
        eval.hard_negatives_flagged,
        eval.hard_negatives,
        elapsed
    );
    Ok(exit::OK)
}
