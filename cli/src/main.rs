//! The `tapir` command line: glue over the `tapir` library. Only this binary knows clap,
//! anyhow, the terminal, JSON printing and exit codes.

mod audit_cmd;
mod batch;
mod check;
mod demo;
mod entities;
mod eval_cmd;
mod exit;
mod export;
mod gen_cmd;
mod hunt;
mod ingest;
mod inspect;
mod keyring;
mod learn_out;
mod limit;
mod out_files;
mod output;
mod panics;
mod progress;
mod review;
mod rules_cmd;
mod search;
mod serve;
mod similar;
mod simulate_cmd;
mod stats;
mod suggest;
mod thread;
mod time_args;
mod user_cmd;
mod verify;
mod window_arg;

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
    Rules(rules_cmd::RulesArgs),
    Eval(eval_cmd::Args),
    Review(review::Args),
    Similar(similar::Args),
    Suggest(suggest::Args),
    Audit(audit_cmd::Args),
    Gen(gen_cmd::Args),
    Demo(demo::Args),
    Serve(serve::Args),
    User(user_cmd::UserArgs),
    Grant(user_cmd::GrantArgs),
    Token(user_cmd::TokenArgs),
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
        Command::Rules(args) => rules_cmd::run(args),
        Command::Eval(args) => eval_cmd::run(args),
        Command::Review(args) => review::run(args),
        Command::Similar(args) => similar::run(args),
        Command::Suggest(args) => suggest::run(args),
        Command::Thread(args) => thread::run(args),
        Command::Stats(args) => stats::run(args),
        Command::Entities(args) => entities::run(args),
        Command::Verify(args) => verify::run(args),
        Command::Check(args) => check::run(args),
        Command::Export(args) => export::run(args),
        Command::Gen(args) => gen_cmd::run(args),
        Command::Demo(args) => demo::run(args),
        Command::Serve(args) => serve::run(args),
        Command::User(args) => user_cmd::run_user(args),
        Command::Grant(args) => user_cmd::run_grant(args),
        Command::Token(args) => user_cmd::run_token(args),
    });
    exit::finish(result)
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    /// Every option and argument of every command is described in `--help`, and every
    /// command, subcommands included, shows an example in its `after_help`.
    #[test]
    fn every_option_has_help_and_every_command_an_example() {
        let cli = super::Cli::command();
        cli.clone().debug_assert();
        let mut missing = Vec::new();
        walk(&cli, "tapir", &mut missing);
        assert!(missing.is_empty(), "{}", missing.join("\n"));
    }

    fn walk(command: &clap::Command, path: &str, missing: &mut Vec<String>) {
        for arg in command.get_arguments().filter(|a| !a.is_hide_set()) {
            let id = arg.get_id().as_str();
            if !matches!(id, "help" | "version") && arg.get_help().is_none() && arg.get_long_help().is_none() {
                missing.push(format!("{path}: {id} has no help text"));
            }
        }
        for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
            let path = format!("{path} {}", sub.get_name());
            if sub.get_about().is_none() {
                missing.push(format!("{path}: no description"));
            }
            if !sub.get_after_help().is_some_and(|h| h.to_string().contains("Example")) {
                missing.push(format!("{path}: no example in after_help"));
            }
            walk(sub, &path, missing);
        }
    }
}
