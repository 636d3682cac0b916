//! `tapir similar`: the conversations that read most like a finding or a set of messages.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use serde_json::{Value, json};
use tapir::TapirIndex;
use tapir::annotations::FindingId;
use tapir::index::HuntOptions;
use tapir::learning::{Profile, SegmentOptions, Segments};

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
    /// Messages per segment (the windows conversations are cut into).
    #[arg(long, value_name = "N", default_value_t = SegmentOptions::default().window)]
    pub window: usize,
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
    let finding: Option<FindingId> =
        args.finding.as_deref().map(|f| f.parse().map_err(|e| UsageError(format!("{e}")))).transpose()?;
    let keys = args.message.iter().map(String::as_str).map(message_key).collect::<Result<Vec<_>, _>>()?;
    let index = TapirIndex::open(&args.index)?;
    let progress = crate::progress::Reporter::default();
    let segments = Segments::build(&index, SegmentOptions { window: args.window }, &progress)
        .context("reading the conversations")?;
    let mut texts: Vec<String> = Vec::new();
    let mut covers = Vec::new();
    if let Some(finding) = finding {
        if segments.of_conversation(finding.conversation).is_empty() {
            return Err(UsageError(format!(
                "finding {finding}: no conversation of this index has that id (`tapir hunt --index {}` lists the findings)",
                args.index.display()
            ))
            .into());
        }
        covers.push(finding.conversation);
        let rules = args.rules.load()?;
        let options = HuntOptions { categories: vec![finding.category], ..HuntOptions::default() };
        let report = index.hunt_with_progress(&rules, &options, &progress).context("hunting")?;
        match report.findings.iter().find(|f| f.id == finding) {
            Some(f) => texts.extend(f.messages.iter().map(|m| m.hit.text.clone())),
            None => {
                let refs: Vec<_> = segments
                    .of_conversation(finding.conversation)
                    .filter_map(|s| segments.get(s))
                    .flat_map(|s| segments.messages(s).iter().map(|m| m.at))
                    .collect();
                texts.extend(index.documents_at(&refs)?.into_iter().map(|h| h.text));
            }
        }
    } else {
        let mut refs = Vec::new();
        for (sender, id) in &keys {
            let Some(s) = segments.segment_of(sender, *id).and_then(|s| segments.get(s)) else {
                return Err(UsageError(format!("--message {sender}:{id}: no such message in this index")).into());
            };
            covers.push(s.conversation);
            refs.extend(segments.messages(s).iter().filter(|m| m.message_id == *id).map(|m| m.at));
        }
        let hits = index.documents_at(&refs)?;
        texts.extend(
            hits.into_iter()
                .filter(|h| keys.iter().any(|(s, id)| *s == h.sender && *id == h.message_id))
                .map(|h| h.text),
        );
    }
    let mut profile = Profile::of_texts(&segments, texts.iter().map(String::as_str));
    profile.covers.extend(covers);
    let ranked = tapir::learning::similar(&segments, &profile, args.limit.get());
    let arguments = json!({
        "finding": args.finding, "message": args.message, "limit": args.limit, "window": args.window,
        "rules": args.rules.rules, "format": if args.json { "json" } else { "table" },
    });
    crate::audit_cmd::record(&args.index, &args.analyst, "similar", arguments, ranked.len())?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if profile.is_empty() && !args.json {
        writeln!(out, "the seed has no words to compare (locked messages, or stop words only)")?;
    }
    for (rank, r) in ranked.iter().enumerate() {
        let shown = crate::learn_out::read(&index, &segments, r.segment, |f| profile.weight(f))?;
        if args.json {
            let mut line = serde_json::Map::new();
            line.insert("conversation".into(), json!(format!("{:016x}", r.conversation)));
            line.insert("score".into(), json!((r.score * 1000.0).round() / 1000.0));
            shown.json_fields(&mut line);
            serde_json::to_writer(&mut out, &Value::Object(line))?;
            writeln!(out)?;
        } else {
            writeln!(out, "#{:<3} conversation {:016x}  similarity {:.3}", rank + 1, r.conversation, r.score)?;
            shown.print(&mut out)?;
            writeln!(out)?;
        }
    }
    out.flush()?;
    Ok(exit::OK)
}
