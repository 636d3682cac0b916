//! `tapir suggest`: the segments nobody reviewed, ranked by a model per category learned
//! from the case's reviews and the rules' hits.

use std::io::Write;
use std::path::PathBuf;

use serde_json::{Value, json};
use tapir::learning::SuggestOptions;

use crate::exit::{self, Outcome};

/// Suggest conversation segments to review: per category, a logistic regression trained on
/// the case's reviews (`tapir review`: confirmed findings positive, dismissed ones negative)
/// and on the rules' hits (weak positives) ranks the segments of conversations not yet
/// reviewed for that category, including those no rule flagged. Each suggestion's finding
/// id is what `tapir review` takes. Audited.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  tapir suggest --index case.idx\n  tapir suggest --index case.idx --category kidnapping --limit 50 --json"
)]
pub struct Args {
    /// The index directory, as built by `tapir ingest`.
    #[arg(long, value_name = "DIR")]
    pub index: PathBuf,
    /// Only these categories (kidnapping, weapons, drugs, extortion, contract_violence).
    #[arg(long, value_name = "C", num_args = 1..)]
    pub category: Vec<String>,
    /// Suggestions shown, at most: a number (1 or more) or `all`.
    #[arg(long, value_name = "N|all", default_value = "20")]
    pub limit: crate::limit::Limit,
    #[command(flatten)]
    pub window: crate::window_arg::WindowArg,
    #[command(flatten)]
    pub rules: crate::rules_cmd::RuleArgs,
    /// One suggestion per line: finding, category, probability, flagged_by_rules, participants, terms, messages.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub analyst: crate::audit_cmd::AnalystArg,
}

pub fn run(args: Args) -> Outcome {
    let categories = crate::rules_cmd::categories(&args.category)?;
    let rules = args.rules.load()?;
    let case = crate::audit_cmd::open_case(&args.index, &args.analyst)?;
    let options = SuggestOptions { categories, limit: args.limit.get(), ..SuggestOptions::default() };
    let arguments = json!({
        "category": args.category, "limit": args.limit, "window": args.window.window, "rules": args.rules.rules,
        "format": if args.json { "json" } else { "table" },
    });
    let progress = crate::progress::Reporter::default();
    let suggested = case
        .suggest(&rules, args.window.window, &options, &progress, &arguments)
        .map_err(|e| crate::audit_cmd::case_error(&case, &args.analyst, "suggest", e))?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for (rank, (s, shown)) in suggested.report.suggestions.iter().zip(&suggested.shown).enumerate() {
        if args.json {
            let mut line = serde_json::Map::new();
            line.insert("finding".into(), json!(s.finding.to_string()));
            line.insert("category".into(), json!(s.finding.category.as_str()));
            line.insert("probability".into(), json!((s.probability * 1000.0).round() / 1000.0));
            line.insert("flagged_by_rules".into(), json!(s.flagged));
            crate::learn_out::json_fields(shown, &mut line);
            serde_json::to_writer(&mut out, &Value::Object(line))?;
            writeln!(out)?;
        } else {
            writeln!(
                out,
                "#{:<3} {:<17} probability {:.3}  {}  finding {}",
                rank + 1,
                s.finding.category.as_str(),
                s.probability,
                if s.flagged { "flagged by rules" } else { "not flagged by rules" },
                s.finding
            )?;
            crate::learn_out::print(shown, &mut out)?;
            writeln!(out)?;
        }
    }
    if !args.json {
        writeln!(
            out,
            "{} suggestion(s); learned from {} review(s) and {} finding(s)",
            suggested.report.suggestions.len(),
            suggested.report.reviews_used,
            suggested.findings
        )?;
    }
    out.flush()?;
    Ok(exit::OK)
}
