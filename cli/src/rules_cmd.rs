//! `tapir rules`, and `--rules`/`--extra-rules`, the rule sets of `hunt`, `rules` and `eval`.

use std::io::Write;
use std::path::PathBuf;

use tapir::rules::{Category, Rule, RuleSet};

use crate::exit::{self, Outcome, UsageError};

#[derive(clap::Args, Clone, Debug, Default)]
pub struct RuleArgs {
    /// Rule files or directories (*.yml, *.yaml) to use instead of the packs built into tapir.
    #[arg(long, value_name = "PATH", num_args = 1..)]
    pub rules: Vec<PathBuf>,
    /// Rule files or directories loaded in addition to the built-in packs (or to --rules).
    #[arg(long, value_name = "PATH", num_args = 1..)]
    pub extra_rules: Vec<PathBuf>,
}

impl RuleArgs {
    /// The rule set: the built-in packs (or `--rules`) and `--extra-rules`, loaded together,
    /// all or nothing (so an extra rule reusing a built-in id is an error naming both).
    pub fn load(&self) -> anyhow::Result<RuleSet> {
        let loaded = (|| {
            let mut sources = if self.rules.is_empty() {
                tapir::rules::builtin_sources().collect()
            } else {
                tapir::rules::read_paths(&self.rules)?
            };
            if !self.extra_rules.is_empty() {
                sources.extend(tapir::rules::read_paths(&self.extra_rules)?);
            }
            tapir::rules::load_sources(sources)
        })();
        loaded.map_err(|e| anyhow::Error::new(UsageError(format!("rules do not load:\n{e}"))))
    }
}

/// List the rules (id, category, level, languages, condition or correlation, where each is
/// defined) and check them: load the files (every error as FILE:LINE: rule ID: message) and
/// run every rule's examples. Exit 1 if an example fails, 2 if the rules do not load.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  tapir rules                                   # the built-in packs\n  tapir rules --rules my-rules/ --json          # only these files\n  tapir rules --extra-rules my-rules.yml        # the built-in packs and mine"
)]
pub struct RulesArgs {
    #[command(flatten)]
    pub rules: RuleArgs,
    /// One rule per line: {"id", "title", "category", "level", "languages", "logic", "path", "line"};
    /// the examples' result goes to stderr.
    #[arg(long)]
    pub json: bool,
}

/// `--category` values as rule categories (`watchlist` is not a rule's category).
pub fn categories(given: &[String]) -> Result<Vec<Category>, UsageError> {
    given
        .iter()
        .map(|c| {
            Category::parse(c).filter(|c| *c != Category::Watchlist).ok_or_else(|| {
                UsageError(format!(
                    "--category {c:?}: expected kidnapping, weapons, drugs, extortion or contract_violence"
                ))
            })
        })
        .collect()
}

pub fn run(args: RulesArgs) -> Outcome {
    let rules = args.rules.load()?;
    let report = rules.check_examples();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if args.json {
        for r in &rules.rules {
            serde_json::to_writer(&mut out, &rule_json(r))?;
            writeln!(out)?;
        }
    } else {
        print_table(&mut out, &rules)?;
    }
    out.flush()?;
    for f in &report.failures {
        eprintln!("{f}");
    }
    let summary = format!(
        "{} rules ({} correlations), {} examples passed, {} failed",
        rules.len(),
        rules.rules.iter().filter(|r| r.is_correlation()).count(),
        report.passed,
        report.failures.len()
    );
    if args.json {
        eprintln!("{summary}");
    } else {
        writeln!(out, "{summary}")?;
        out.flush()?;
    }
    Ok(if report.failures.is_empty() { exit::OK } else { exit::ERROR })
}

fn logic(r: &Rule) -> &'static str {
    if r.is_correlation() { "correlation" } else { "condition" }
}

fn rule_json(r: &Rule) -> serde_json::Value {
    serde_json::json!({
        "id": r.id,
        "title": r.title,
        "category": r.category.as_str(),
        "level": r.level.as_str(),
        "languages": r.languages,
        "logic": logic(r),
        "path": r.path,
        "line": r.line,
    })
}

fn print_table(out: &mut impl Write, rules: &RuleSet) -> std::io::Result<()> {
    let width = rules.rules.iter().map(|r| r.id.len()).max().unwrap_or(0).max("id".len());
    writeln!(out, "{:<width$}  {:<17} {:<8} {:<9} {:<11} defined at", "id", "category", "level", "languages", "logic")?;
    for r in &rules.rules {
        writeln!(
            out,
            "{:<width$}  {:<17} {:<8} {:<9} {:<11} {}:{}",
            r.id,
            r.category.as_str(),
            r.level.as_str(),
            r.languages.join(","),
            logic(r),
            r.path,
            r.line
        )?;
    }
    Ok(())
}
