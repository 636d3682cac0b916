//! `tapir eval`: the hunt scored against a generated corpus's truth.json.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use serde_json::json;
use tapir::eval::Evaluation;
use tapir::{Case, CaseError};

use crate::exit::{self, Outcome};
use crate::output::one_line;

/// Score the hunt against a generated corpus's truth.json: recall per category (planted
/// conversations with a message in a finding of their category), precision (findings holding
/// a planted message / all findings) and the share of hard negatives flagged. Fails (exit 1)
/// when the index does not hold the messages truth.json names: it was built from another
/// corpus, or from part of this one.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  tapir gen --out case --seed 7 && tapir ingest --index case.idx --keys case/keys/seized.keys case/dumps\n  tapir eval --corpus case --index case.idx\n  tapir eval --corpus case --index case.idx --extra-rules my-rules.yml --json\n  tapir eval --corpus case --index case.idx --simulate-review 20 --handicap half --json"
)]
pub struct Args {
    /// The corpus directory (with truth.json), as written by `tapir gen`.
    #[arg(long, value_name = "DIR")]
    pub corpus: PathBuf,
    /// The index built from that corpus's dumps.
    #[arg(long, value_name = "DIR")]
    pub index: PathBuf,
    #[command(flatten)]
    pub rules: crate::rules_cmd::RuleArgs,
    /// The report as one JSON object on one line (with --simulate-review: one per batch).
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub simulate: crate::simulate_cmd::SimulateArgs,
    #[command(flatten)]
    pub analyst: crate::audit_cmd::AnalystArg,
}

/// Messages named in the error when the corpus does not match.
const MISSING_SHOWN: usize = 5;

/// An evaluation's failure in the command line's words (plain or simulated review): a truth
/// that does not describe the index's corpus names its missing messages.
pub fn eval_error(args: &Args, case: &Case, e: CaseError) -> anyhow::Error {
    let CaseError::CorpusMismatch(check) = e else {
        return crate::audit_cmd::case_error(case, &args.analyst, "eval", e);
    };
    let truth_path = args.corpus.join("truth.json");
    if check.named == 0 {
        return anyhow::anyhow!(
            "{} names no decryptable planted message or hard negative: nothing to score",
            truth_path.display()
        );
    }
    let mut shown: Vec<String> =
        check.missing.iter().take(MISSING_SHOWN).map(|(sender, id)| format!("{sender}:{id}")).collect();
    if check.missing.len() > MISSING_SHOWN {
        shown.push("…".into());
    }
    anyhow::anyhow!(
        "index {} does not match corpus {}: {} of the {} decryptable messages its truth.json names are not in \
         the index ({}); ingest all of that corpus's dumps into a fresh index",
        args.index.display(),
        args.corpus.display(),
        check.missing.len(),
        check.named,
        shown.join(", ")
    )
}

pub fn run(args: Args) -> Outcome {
    let truth_path = args.corpus.join("truth.json");
    let truth: tapir::eval::Truth = serde_json::from_reader(std::io::BufReader::new(
        std::fs::File::open(&truth_path).with_context(|| format!("opening {}", truth_path.display()))?,
    ))
    .with_context(|| format!("reading {}", truth_path.display()))?;
    let case = crate::audit_cmd::open_case(&args.index, &args.analyst)?;
    if let Some(batch) = args.simulate.simulate_review {
        return crate::simulate_cmd::run(&args, &truth, &case, batch);
    }
    let rules = args.rules.load()?;
    let progress = crate::progress::Reporter::default();
    let arguments = json!({
        "corpus": args.corpus, "rules": args.rules.rules, "rules_run": rules.len(),
        "format": if args.json { "json" } else { "table" },
    });
    let Evaluation { report: eval, hunt_seconds: elapsed } =
        case.evaluate(&truth, &rules, &progress, &arguments).map_err(|e| eval_error(&args, &case, e))?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if args.json {
        let mut v = serde_json::to_value(&eval)?;
        if let Some(o) = v.as_object_mut() {
            o.insert("hunt_seconds".into(), json!(elapsed));
        }
        serde_json::to_writer(&mut out, &v)?;
        writeln!(out)?;
        out.flush()?;
        return Ok(exit::OK);
    }
    writeln!(out, "{:<18} {:>8} {:>9} {:>7} {:>11}", "category", "planted", "recalled", "recall", "unfindable")?;
    for (c, s) in &eval.per_category {
        writeln!(out, "{c:<18} {:>8} {:>9} {:>7.3} {:>11}", s.planted, s.recalled, s.recall, s.unfindable)?;
        if !s.missed.is_empty() {
            writeln!(out, "{:<18} missed: {}", "", one_line(&s.missed.join(", "), 300))?;
        }
    }
    writeln!(
        out,
        "precision {:.3} ({} of {} findings hold a planted message); hard negatives flagged {:.4} ({} of {}); hunt {:.2} s",
        eval.precision,
        eval.true_findings,
        eval.findings,
        eval.hard_negative_rate,
        eval.hard_negatives_flagged,
        eval.hard_negatives,
        elapsed
    )?;
    out.flush()?;
    Ok(exit::OK)
}
