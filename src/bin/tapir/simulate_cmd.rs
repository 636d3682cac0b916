//! `tapir eval --simulate-review N`: the corpus's truth plays the reviewer, along the learned
//! ranking and along the rules' own (see `tapir::learning::simulate`).

use std::io::Write;

use anyhow::Context;
use serde_json::json;
use tapir::TapirIndex;
use tapir::eval::Truth;
use tapir::index::HuntOptions;
use tapir::learning::{Handicap, SegmentOptions, Segments, SimulationOptions};

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
    /// Messages per segment (the windows conversations are cut into).
    #[arg(long, value_name = "N", default_value_t = SegmentOptions::default().window)]
    pub window: usize,
}

pub fn run(args: &Args, truth: &Truth, index: &TapirIndex, batch: usize) -> Outcome {
    if batch == 0 {
        return Err(UsageError("--simulate-review 0: a batch is at least one segment".into()).into());
    }
    let sim = &args.simulate;
    let handicap: Option<Handicap> = sim.handicap.as_deref().map(|h| h.parse().map_err(UsageError)).transpose()?;
    let mut rules = args.rules.load()?;
    if let Some(h) = &handicap {
        rules = h.apply(&rules);
    }
    let progress = crate::progress::Reporter::default();
    let report = index.hunt_with_progress(&rules, &HuntOptions::default(), &progress).context("hunting")?;
    let segments = Segments::build(index, SegmentOptions { window: sim.window }, &progress)
        .context("reading the conversations")?;
    let options = SimulationOptions { batch, budget: sim.budget.unwrap_or(0), ..SimulationOptions::default() };
    let mut points = Vec::new();
    tapir::learning::simulate(&segments, truth, &report.findings, &options, &mut |p| {
        points.push(p.clone());
        Ok(())
    })?;
    let arguments = json!({
        "corpus": args.corpus, "simulate_review": batch, "handicap": sim.handicap, "budget": sim.budget,
        "window": sim.window, "rules": args.rules.rules, "rules_run": rules.len(),
    });
    crate::audit_cmd::record(&args.index, &args.analyst, "eval", arguments, points.len())?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if !args.json {
        writeln!(
            out,
            "{} rules, {} findings, {} segments; {:<8} {:>8} {:>13}  recall",
            rules.len(),
            report.findings.len(),
            segments.len(),
            "ranking",
            "reviewed",
            "messages_read"
        )?;
    }
    for p in &points {
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
