//! `tapir search`: full-text search with filters; table, JSON Lines or CSV.

use std::io::Write;
use std::path::PathBuf;

use tapir::TapirIndex;
use tapir::index::{Hit, SearchError, SearchOptions, SortOrder};

use crate::exit::{self, Outcome, UsageError};

/// Search the index. Query syntax (tantivy's): words (all required by default), OR, +must,
/// -exclude, "a phrase", "a b"~3 (slop), prefix*, field:term (sender, recipient, kind, status,
/// lang, imei), sent_at:[2020-05-01T00:00:00Z TO 2020-06-01T00:00:00Z], fuzzy terms (kalach~1,
/// at most distance 2), and entities as written or normalised, bare or tagged with their kind
/// (entity:+33612345678, entity:"FR76 3000 6000 0112 3456 7890 189", entity:btc:bc1q…,
/// entity:btc:*).
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  tapir search --index case.idx 'kalash~1 livraison'\n  tapir search --index case.idx --between renard-gris17 wolf-zwart3 --from 2020-05-01 --sort time '\"rendez-vous\"'\n  tapir search --index case.idx --status no_key --json ''"
)]
pub struct Args {
    /// The index directory, as built by `tapir ingest`.
    #[arg(long, value_name = "DIR")]
    pub index: PathBuf,
    #[command(flatten)]
    pub filters: Filters,
    /// Most hits to return.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Best first (score) or oldest first (time).
    #[arg(long, value_enum, default_value_t = Sort::Score)]
    pub sort: Sort,
    /// One JSON object per line.
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// CSV with a header row; copies summarised in one column.
    #[arg(long)]
    pub csv: bool,
    /// The query ('' lists everything the filters let through).
    #[arg(value_name = "QUERY")]
    pub query: String,
    #[command(flatten)]
    pub analyst: crate::audit_cmd::AnalystArg,
}

#[derive(clap::Args, Clone, Debug, Default, serde::Serialize)]
pub struct Filters {
    #[command(flatten)]
    #[serde(flatten)]
    pub time: crate::time_args::TimeArgs,
    /// Messages sent by this handle.
    #[arg(long, value_name = "HANDLE")]
    pub sender: Option<String>,
    /// Messages sent to this handle.
    #[arg(long, value_name = "HANDLE")]
    pub recipient: Option<String>,
    /// Messages between two handles, either way.
    #[arg(long, num_args = 2, value_names = ["A", "B"])]
    pub between: Option<Vec<String>>,
    /// IMEI of a device holding a copy.
    #[arg(long, value_name = "IMEI")]
    pub device: Option<String>,
    /// decrypted, no_key, auth_failed or bad_body.
    #[arg(long, value_name = "STATUS")]
    pub status: Option<String>,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    Score,
    Time,
}

impl Filters {
    pub fn to_options(&self, query: &str, limit: usize, sort: SortOrder) -> Result<SearchOptions, UsageError> {
        let status = self
            .status
            .as_deref()
            .map(|s| {
                tapir::Status::parse(s).ok_or_else(|| {
                    UsageError(format!("--status {s:?}: expected decrypted, no_key, auth_failed or bad_body"))
                })
            })
            .transpose()?;
        let (from, to) = self.time.range()?;
        Ok(SearchOptions {
            query: query.to_owned(),
            from,
            to,
            sender: self.sender.clone(),
            recipient: self.recipient.clone(),
            between: self.between.as_ref().and_then(|v| Some((v.first()?.clone(), v.get(1)?.clone()))),
            device: self.device.clone(),
            status,
            limit,
            sort,
        })
    }
}

/// Maps a search error to a usage error (exit 2) when the query is at fault, pointing at it.
pub fn query_error(query: &str, e: SearchError) -> anyhow::Error {
    match e {
        SearchError::Syntax { position, message } => {
            let caret = " ".repeat(query[..position.min(query.len())].chars().count());
            UsageError(format!("malformed query: {message}\n  {query}\n  {caret}^")).into()
        }
        SearchError::Invalid(message) => UsageError(format!("invalid query {query:?}: {message}")).into(),
        SearchError::Index(e) => e.into(),
    }
}

pub fn run(args: Args) -> Outcome {
    let sort = match args.sort {
        Sort::Score => SortOrder::Score,
        Sort::Time => SortOrder::Time,
    };
    let options = args.filters.to_options(&args.query, args.limit, sort)?;
    let index = TapirIndex::open(&args.index)?;
    let hits = index.search(&options).map_err(|e| query_error(&args.query, e))?;
    let arguments = serde_json::json!({
        "query": args.query,
        "filters": args.filters,
        "limit": args.limit,
        "sort": args.sort,
        "format": if args.json { "json" } else if args.csv { "csv" } else { "table" },
    });
    crate::audit_cmd::record(&args.index, &args.analyst, "search", arguments, hits.len())?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if args.json {
        for hit in &hits {
            serde_json::to_writer(&mut out, &crate::output::hit_json(hit))?;
            writeln!(out)?;
        }
    } else if args.csv {
        crate::output::write_csv(&mut out, &hits)?;
    } else {
        print_table(&mut out, &hits)?;
    }
    out.flush()?;
    Ok(exit::OK)
}

pub fn print_table(out: &mut impl Write, hits: &[Hit]) -> std::io::Result<()> {
    if hits.is_empty() {
        return writeln!(out, "no hits");
    }
    writeln!(out, "{:<24} {:<36} {:<11} {:>6}  text", "sent_at", "sender -> recipient", "status", "score")?;
    for hit in hits {
        let who = format!("{} -> {}", hit.sender, if hit.recipient.is_empty() { "(note)" } else { &hit.recipient });
        writeln!(
            out,
            "{:<24} {:<36} {:<11} {:>6.2}  {}",
            tapir::time::rfc3339_ms(hit.sent_at),
            who,
            hit.status.as_str(),
            hit.score,
            crate::output::highlighted(hit)
        )?;
    }
    writeln!(out, "{} hit(s)", hits.len())
}
