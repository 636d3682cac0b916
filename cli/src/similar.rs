//! `tapir similar`: the conversations that read most like a finding or a set of messages.

use std::io::Write;
use std::path::PathBuf;

use serde_json::{Value, json};
use tapir::case::{Case, CaseError};
use tapir::learning::{LearningError, SimilarSeed};

use crate::exit::{self, Outcome, UsageError};

/// Rank the other conversations by how much their segments read like a seed: a finding
/// (its messages, as `hunt` reports them; the whole conversation when the hunt no longer
/// reports it) or messages named SENDER:ID. TF-IDF over words and pairs of words, stop words
/// left out; the seed's own conversations are left out. Audited.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  tapir similar --index case.idx --finding kidnapping:ba5d3580fd424bf7\n  tapir similar --index case.idx --message alice:17 alice:18 bob:3 --limit 5 --json"
)]
pub struct Args {
    /// The index directory, as built by `tapir ingest`.
    #[arg(long, value_name = "DIR")]
    pub index: PathBuf,
    /// The seed: a finding id as `hunt` prints it (CATEGORY:HEX).
    #[arg(long, value_name = "ID", conflicts_with = "message", required_unless_present = "message")]
    pub finding: Option<String>,
    /// The seed: messages as SENDER:MESSAGE_ID.
    #[arg(long, value_name = "SENDER:ID", num_args = 1..)]
    pub message: Vec<String>,
    /// Conversations shown, at most: a number (1 or more) or `all`.
    #[arg(long, value_name = "N|all", default_value = "10")]
    pub limit: crate::limit::Limit,
    #[command(flatten)]
    pub window: crate::window_arg::WindowArg,
    #[command(flatten)]
    pub rules: crate::rules_cmd::RuleArgs,
    /// One conversation per line: conversation, score, participants, first_at, last_at, terms, messages.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub analyst: crate::audit_cmd::AnalystArg,
}

/// `SENDER:ID`, split at the last colon (handles may hold colons).
fn message_key(s: &str) -> Result<(String, u64), UsageError> {
    let bad = || UsageError(format!("--message {s:?}: expected SENDER:MESSAGE_ID"));
    let (sender, id) = s.rsplit_once(':').ok_or_else(bad)?;
    let id = id.parse().map_err(|_| bad())?;
    if sender.is_empty() {
        return Err(bad());
    }
    Ok((sender.to_owned(), id))
}

pub fn run(args: Args) -> Outcome {
    let seed = match args.finding.as_deref() {
        Some(f) => SimilarSeed::Finding(f.parse().map_err(|e| UsageError(format!("{e}")))?),
        None => SimilarSeed::Messages(args.message.iter().map(|m| message_key(m)).collect::<Result<Vec<_>, _>>()?),
    };
    let rules = args.rules.load()?;
    let case = crate::audit_cmd::open_case(&args.index, &args.analyst)?;
    let arguments = json!({
        "finding": args.finding, "message": args.message, "limit": args.limit, "window": args.window.window,
        "rules": args.rules.rules, "format": if args.json { "json" } else { "table" },
    });
    let progress = crate::progress::Reporter::default();
    let similar = case
        .similar(&seed, &rules, args.window.window, args.limit.get(), &progress, &arguments)
        .map_err(|e| seed_error(&case, &args, e))?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if !similar.seed_has_words && !args.json {
        writeln!(out, "the seed has no words to compare (locked messages, or stop words only)")?;
    }
    for (rank, (r, shown)) in similar.conversations.iter().enumerate() {
        if args.json {
            let mut line = serde_json::Map::new();
            line.insert("conversation".into(), json!(format!("{:016x}", r.conversation)));
            line.insert("score".into(), json!((r.score * 1000.0).round() / 1000.0));
            crate::learn_out::json_fields(shown, &mut line);
            serde_json::to_writer(&mut out, &Value::Object(line))?;
            writeln!(out)?;
        } else {
            writeln!(out, "#{:<3} conversation {:016x}  similarity {:.3}", rank + 1, r.conversation, r.score)?;
            crate::learn_out::print(shown, &mut out)?;
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(exit::OK)
}

/// A seed the index does not hold is a usage error, said in the command's words.
fn seed_error(case: &Case, args: &Args, e: CaseError) -> anyhow::Error {
    match e {
        CaseError::UnknownFinding(finding) => UsageError(format!(
            "finding {finding}: no conversation of this index has that id (`tapir hunt --index {}` lists the findings)",
            args.index.display()
        ))
        .into(),
        CaseError::Learning(LearningError::UnknownMessage { sender, message_id }) => {
            UsageError(format!("--message {sender}:{message_id}: no such message in this index")).into()
        }
        e => crate::audit_cmd::case_error(case, &args.analyst, "similar", e),
    }
}
