//! `tapir review`: the review of a hunt finding, written into the case's annotation store
//! (the store the server writes too) and the audit trail.

use std::path::PathBuf;

use anyhow::Context;
use tapir::CaseError;
use tapir::annotations::{AnnotationError, FindingId, ReviewState};

use crate::exit::{self, Outcome, UsageError};

/// Record the review of a hunt finding: confirmed, dismissed or follow_up (or unreviewed,
/// to reopen it), with an optional note. FINDING_ID is the `id` that `hunt` prints. Every
/// review is kept; the last one is the finding's state. Stored in DIR/annotations.sqlite,
/// never in the index; audited.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  tapir review --index case.idx kidnapping:ba5d3580fd424bf7 confirmed --note 'the van matches'\n  tapir review --index case.idx drugs:0f3c2a9be18d4471 dismissed --analyst j.dupont --json"
)]
pub struct Args {
    /// The index directory, as built by `tapir ingest`.
    #[arg(long, value_name = "DIR")]
    pub index: PathBuf,
    /// The finding, as `hunt` prints it (`id` in `hunt --json`): CATEGORY:HEX.
    #[arg(value_name = "FINDING_ID")]
    pub finding: String,
    /// confirmed, dismissed, follow_up, or unreviewed (reopens the finding).
    #[arg(value_name = "STATE")]
    pub state: String,
    /// Why (kept with the review, at most 16 KiB).
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// The stored review as one JSON object: id, finding, state, reviewer, note, at.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub analyst: crate::audit_cmd::AnalystArg,
}

pub fn run(args: Args) -> Outcome {
    let finding: FindingId = args.finding.parse().map_err(|e| UsageError(format!("{e}")))?;
    let state: ReviewState = args.state.parse().map_err(|e| UsageError(format!("{e}")))?;
    let case = crate::audit_cmd::open_case(&args.index, &args.analyst)?;
    let given = serde_json::json!({ "finding": finding.to_string(), "state": state.as_str(), "note": args.note });
    let review = case.review(finding, state, args.note.as_deref(), &given).map_err(|e| match e {
        // A well-formed id of a conversation the index does not hold is a typing mistake.
        CaseError::UnknownFinding(finding) => UsageError(format!(
            "finding {finding}: no conversation of this index has that id (`tapir hunt --index {}` lists the findings)",
            args.index.display()
        ))
        .into(),
        CaseError::Annotations(e) => usage(e),
        e => crate::audit_cmd::case_error(&case, &args.analyst, "review", e),
    })?;
    if args.json {
        println!("{}", serde_json::to_string(&review).context("encoding the review")?);
    } else {
        println!(
            "finding {} {} by {} at {} (review {}){}",
            review.finding,
            review.state,
            review.reviewer,
            tapir::time::rfc3339_ms(review.at),
            review.id,
            review.note.as_deref().map(|n| format!(": {n}")).unwrap_or_default()
        );
    }
    Ok(exit::OK)
}

/// The user's own mistakes (a note too long, a blank analyst name) are usage errors.
fn usage(e: AnnotationError) -> anyhow::Error {
    match e {
        AnnotationError::Input(_) | AnnotationError::Parse(_) => UsageError(e.to_string()).into(),
        e => e.into(),
    }
}
