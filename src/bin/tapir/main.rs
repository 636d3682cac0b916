//! The `tapir` command line: glue over the `tapir` library. Only this binary knows clap,
//! anyhow, the terminal, JSON printing and exit codes.

mod audit_cmd;
mod batch;
mod check;
mod demo;
mod entities;
mod exit;
mod export;
mod gen_cmd;
mod hunt;
mod ingest;
mod inspect;
mod output;
mod panics;
mod progress;
mod review;
mod search;
mod stats;
mod thread;
mod time_args;
mod verify;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Forensic analysis of intercepted encrypted-chat dumps (ECD v1).
#[derive(Parser)]
#[command(name = "tapir", version, about, long_about = None, after_help = exit::CODES_HELP)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Inspect(inspect::Args),
    Ingest(ingest::Args),
    Search(search::Args),
    Batch(batch::Args),
    Thread(thread::Args),
    Stats(stats::Args),
    Entities(entities::Args),
    Verify(verify::Args),
    Check(check::Args),
    Export(export::Args),
    Hunt(hunt::Args),
    Rules(hunt::RulesArgs),
    Eval(hunt::EvalArgs),
    Review(review::Args),
    Audit(audit_cmd::Args),
    Gen(gen_cmd::Args),
    Demo(demo::Args),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // clap prints help/version to stdout (success) and usage errors to stderr.
            let _ = e.print();
            return if e.use_stderr() { ExitCode::from(exit::USAGE) } else { ExitCode::SUCCESS };
        }
    };
    panics::install_quiet_hook();
    let result = panics::catch(|| match cli.command {
        Command::Inspect(args) => inspect::run(args),
        Command::Ingest(args) => ingest::run(args),
        Command::Search(args) => search::run(args),
        Command::Batch(args) => batch::run(args),
        Command::Audit(args) => audit_cmd::run(args),
        Command::Hunt(args) => hunt::run(args),
        Command::Rules(args) => hunt::run_rules(args),
        Command::Eval(args) => hunt::run_eval(args),
        Command::Review(args) => review::run(args),
        Command::Thread(args) => thread::run(args),
        Command::Stats(args) => stats::run(args),
        Command::Entities(args) => entities::run(args),
        Command::Verify(args) => verify::run(args),
        Command::Check(args) => check::run(args),
        Command::Export(args) => export::run(args),
        Command::Gen(args) => gen_cmd::run(args),
        Command::Demo(args) => demo::run(args),
    });
    exit::finish(result)
}
