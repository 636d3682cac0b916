//! `tapir eval --simulate-review N`: the corpus's truth plays the reviewer, along the learned
//! ranking and along the rules' own (see `tapir::learning::simulate`).

use std::io::Write;

use serde_json::json;
use tapir::case::Case;
use tapir::eval::Truth;
use tapir::learning::{Handicap, SimulationOptions};

use crate::eval_cmd::Args;
use crate::exit::{self, Outcome, UsageError};

/// The options of the simulated review, flattened into `tapir eval`.
#[derive(clap::Args)]
pub struct SimulateArgs {
    /// Simulate review in batches of N segments: the corpus's truth reviews the top-ranked
    /// segments, the model retrains after each batch; one line (or JSON object) per batch,
    /// for the learned ranking and for the rules' own.
    #[arg(long, value_name = "N")]
    pub simulate_review: Option<usize>,
    /// Handicap the rules first: `half` (every second rule of each pack) or `lang:fr|nl|en`
    /// (only rules written for that language).
    #[arg(long, value_name = "H", requires = "simulate_review")]
    pub handicap: Option<String>,
    /// Segments reviewed at most per ranking (default: twice the planted conversations).
    #[arg(long, value_name = "SEGMENTS", requires = "simulate_review")]
    pub budget: Option<usize>,
    #[command(flatten)]
    pub window: crate::window_arg::WindowArg,
}

pub fn run(args: &Args, truth: &Truth, case: &Case, batch: usize) -> Outcome {
    if batch == 0 {
        return Err(UsageError("--simulate-review 0: a batch is at least one segment".into()).into());
    }
    let sim = &args.simulate;
    let handicap: Option<Handicap> = sim.handicap.as_deref().map(|h| h.parse().map_err(UsageError)).transpose()?;
    let mut rules = args.rules.load()?;
    if let Some(h) = &handicap {
        rules = h.apply(&rules);
    }
    let options = SimulationOptions { batch, budget: sim.budget.unwrap_or(0), ..SimulationOptions::default() };
    let arguments = json!({
        "corpus": args.corpus, "simulate_review": batch, "handicap": sim.handicap, "budget": sim.budget,
        "window": sim.window.window, "rules": args.rules.rules, "rules_run": rules.len(),
    });
    let progress = crate::progress::Reporter::default();
    let run = case
        .simulate_review(truth, &rules, sim.window.window, &options, &progress, &arguments)
        .map_err(|e| crate::eval_cmd::eval_error(args, case, e))?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if !args.json {
        writeln!(
            out,
            "{} rules, {} findings, {} segments; {:<8} {:>8} {:>13}  recall",
            rules.len(),
            run.findings,
            run.segments,
            "ranking",
            "reviewed",
            "messages_read"
        )?;
    }
    for p in &run.points {
        if args.json {
            serde_json::to_writer(&mut out, p)?;
        } else {
            let recall: Vec<String> = p.recall.iter().map(|(c, r)| format!("{c} {r:.3}")).collect();
            write!(
                out,
                "{:<8} {:>8} {:>13}  {}",
                json!(p.ranking).as_str().unwrap_or(""),
                p.reviewed,
                p.messages_read,
                recall.join(", ")
            )?;
        }
        writeln!(out)?;
    }
    out.flush()?;
    Ok(exit::OK)
}
