//! `tapir batch`: a file of queries run in parallel; a summary CSV and the hits as JSON Lines.

use std::fs::File;
use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use serde_json::json;
use tapir::Case;
use tapir::case::{BatchCounts, BatchRow};
use tapir::index::{BatchFileError, BatchQuery, parse_queries};
use tapir::wire::HitLine;

use crate::audit_cmd::AnalystArg;
use crate::exit::{self, Outcome, UsageError};
use crate::limit::Limit;
use crate::out_files::{ForceArg, NewFiles};

/// Run many searches at once (in parallel). QUERIES is a text file, one query a line (blank
/// lines and '#' comments skipped; the id is the line number), or, when it ends with .csv, a
/// CSV file with the header id,query[,from,to] (times RFC 3339 or YYYY-MM-DD, UTC; from before
/// to). Writes a summary (id,query,hits,total,error: hits returned, documents matching) and the
/// hits as JSON Lines (query_id plus the fields of `search --json`). A malformed query is
/// reported with its line in the error column and on stderr; the others still run, and the
/// exit code is 2.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  tapir batch --index case.idx queries.txt > summary.csv\n  tapir batch --index case.idx queries.csv --out results/   # results/summary.csv, results/hits.jsonl\n  tapir batch --index case.idx queries.txt --jsonl --limit 10"
)]
pub struct Args {
    /// The index directory, as built by `tapir ingest`.
    #[arg(long, value_name = "DIR")]
    pub index: PathBuf,
    /// The query file: one query a line, or CSV (id,query[,from,to]) when it ends in .csv.
    #[arg(value_name = "QUERIES")]
    pub queries: PathBuf,
    /// Write DIR/summary.csv and DIR/hits.jsonl (DIR created if missing; existing files are an
    /// error without --force) instead of stdout.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub force: ForceArg,
    /// Without --out: print the hits as JSON Lines instead of the summary.
    #[arg(long)]
    pub jsonl: bool,
    /// Most hits per query, best first: a number (1 or more) or `all`; they stream.
    #[arg(long, value_name = "N|all", default_value = "100")]
    pub limit: Limit,
    #[command(flatten)]
    pub analyst: AnalystArg,
}

pub fn run(args: Args) -> Outcome {
    let bytes = std::fs::read(&args.queries).with_context(|| format!("reading {}", args.queries.display()))?;
    // Parsed from the bytes the audit record hashes, not from a second read.
    let parsed = parse_queries(&args.queries, &bytes).map_err(|e| match e {
        BatchFileError::Header { .. } => anyhow::Error::new(UsageError(e.to_string())),
        BatchFileError::Io { .. } => e.into(),
    })?;
    let case = crate::audit_cmd::open_case(&args.index, &args.analyst)?;
    // Outputs are created before the queries run: an existing one stops the batch at once.
    let outputs = match &args.out {
        Some(dir) => {
            crate::out_files::create_dir(dir)?;
            Some(NewFiles::create(&[dir.join("summary.csv"), dir.join("hits.jsonl")], args.force)?)
        }
        None => None,
    };
    let queries: Vec<BatchQuery> = parsed.iter().filter_map(|q| q.as_ref().ok().cloned()).collect();
    let limit = args.limit.get();
    // First every query is counted (in parallel, no hit read): the summary and the audit
    // record know what the hits will be before any is written.
    let counts = case
        .batch_count(&queries, limit, |totals| {
            let failed = parsed.iter().filter(|p| p.is_err()).count() + totals.iter().filter(|t| t.is_err()).count();
            json!({
                "queries": args.queries,
                "queries_sha256": tapir::evidence::sha256_hex(&bytes),
                "queries_run": parsed.len(),
                "malformed": failed,
                "limit": args.limit,
                "out": args.out,
                "jsonl": args.jsonl,
            })
        })
        .map_err(|e| crate::audit_cmd::case_error(&case, &args.analyst, "batch", e))?;
    let rows = counts.rows(&parsed);
    let failed: Vec<&BatchRow> = rows.iter().filter(|r| r.outcome.is_err()).collect();
    let hints = counts.hints();
    for r in &failed {
        if let Err(e) = &r.outcome {
            eprintln!("tapir: batch: {}:{}: query {}: {e}", args.queries.display(), r.line, r.id);
        }
    }
    for (line, id, hint) in hints {
        eprintln!("tapir: batch: {}:{line}: query {id}: hint: {hint}", args.queries.display());
    }
    match outputs {
        Some((created, files)) => {
            let [summary, hits] =
                <[File; 2]>::try_from(files).map_err(|_| anyhow::anyhow!("two output files expected"))?;
            let mut summary = std::io::BufWriter::new(summary);
            write_summary(&mut summary, &rows, limit)?;
            summary.flush()?;
            let mut jsonl = std::io::BufWriter::new(hits);
            write_hits(&mut jsonl, &case, &counts)?;
            jsonl.flush()?;
            created.keep();
        }
        None => {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            if args.jsonl {
                write_hits(&mut out, &case, &counts)?
            } else {
                write_summary(&mut out, &rows, limit)?
            }
            out.flush()?;
        }
    }
    Ok(if failed.is_empty() { exit::OK } else { exit::USAGE })
}

fn write_summary(out: &mut impl Write, rows: &[BatchRow], limit: usize) -> anyhow::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(["id", "query", "hits", "total", "error"])?;
    for r in rows {
        let (hits, total, error) = match &r.outcome {
            Ok(total) => ((*total).min(limit).to_string(), total.to_string(), String::new()),
            Err(e) => (String::new(), String::new(), format!("line {}: {e}", r.line)),
        };
        w.write_record([&r.id, &r.query, &hits, &total, &error])?;
    }
    w.flush()?;
    Ok(())
}

/// Every query's hits, one JSON object a line: `query_id` and the fields of `search --json`.
fn write_hits(out: &mut impl Write, case: &Case, counts: &BatchCounts) -> anyhow::Result<()> {
    case.batch_hits(counts, |q, stream| {
        let stream = stream.map_err(|e| anyhow::anyhow!("query {}: {}", q.id, tapir::case::query_error(&e)))?;
        let total = stream.total();
        for (n, hit) in stream.enumerate() {
            serde_json::to_writer(&mut *out, &HitLine::new(&hit?).query(&q.id).ranked(n + 1, total))?;
            writeln!(out)?;
        }
        Ok(())
    })
}
