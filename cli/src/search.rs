//! `tapir search`: full-text search with filters; table, JSON Lines or CSV.

use std::io::Write;
use std::path::PathBuf;

use tapir::index::{Hit, HitStream, SearchError, SearchOptions, SortOrder};
use tapir::wire::HitLine;

use crate::exit::{self, Outcome, UsageError};
use crate::limit::Limit;

/// Search the index. Query syntax (tantivy's): words (all required by default), OR, +must,
/// -exclude, "a phrase", "a b"~3 (slop), prefix*, field:term (sender, recipient, kind, status,
/// lang, deleted, imei), sent_at:[2020-05-01 TO 2020-06-01} (RFC 3339 or YYYY-MM-DD, UTC),
/// fuzzy terms (kalach~1, at most distance 2), and entities as written or normalised, bare or
/// tagged with their kind (entity:+33612345678, entity:"FR76 3000 6000 0112 3456 7890 189",
/// entity:btc:bc1q…, entity:btc:*). Says how many messages match in total; --offset pages on.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  tapir search --index case.idx 'kalash~1 livraison'\n  tapir search --index case.idx 'kalash~1 livraison' --offset 20   # the next 20\n  tapir search --index case.idx --between renard-gris17 wolf-zwart3 --from 2020-05-01 --sort time '\"rendez-vous\"'\n  tapir search --index case.idx --status no_key --json --limit all ''"
)]
pub struct Args {
    /// The index directory, as built by `tapir ingest`.
    #[arg(long, value_name = "DIR")]
    pub index: PathBuf,
    #[command(flatten)]
    pub filters: Filters,
    /// Most hits to show: a number (1 or more) or `all`; they stream, any size is safe.
    #[arg(long, value_name = "N|all", default_value = "20")]
    pub limit: Limit,
    /// Hits to skip first: `--offset 20` shows the next page after the first 20.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub offset: usize,
    /// Best first (score) or oldest first (time).
    #[arg(long, value_enum, default_value_t = Sort::Score)]
    pub sort: Sort,
    /// One JSON object per hit and line, with its `rank` and the search's `total`.
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// CSV with a header row; copies summarised in one column; `rank` and `total` columns.
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
    /// Only messages with a copy flagged DELETED on a phone (as the query `deleted:true`).
    #[arg(long)]
    pub deleted: bool,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    Score,
    Time,
}

impl Filters {
    pub fn to_options(
        &self,
        query: &str,
        limit: Limit,
        offset: usize,
        sort: SortOrder,
    ) -> Result<SearchOptions, UsageError> {
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
            deleted: self.deleted.then_some(true),
            within: Vec::new(),
            limit: limit.get(),
            offset,
            sort,
        })
    }
}

/// Maps a search error to a usage error (exit 2) when the query is at fault, pointing at it.
pub fn query_error(query: &str, e: SearchError) -> anyhow::Error {
    match e {
        SearchError::Syntax { position, message } => {
            // The query around the problem: a long one is cut to 60 characters either side.
            const AROUND: usize = 60;
            let at = query.char_indices().take_while(|&(i, _)| i < position).count();
            let chars: Vec<char> = query.chars().collect();
            let (start, end) = (at.saturating_sub(AROUND), at.saturating_add(AROUND).min(chars.len()));
            let shown: String = chars[start..end].iter().collect();
            let (head, tail) = (if start > 0 { "…" } else { "" }, if end < chars.len() { "…" } else { "" });
            let caret = " ".repeat(at - start + head.chars().count());
            UsageError(format!("malformed query: {message}\n  {head}{shown}{tail}\n  {caret}^")).into()
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
    let options = args.filters.to_options(&args.query, args.limit, args.offset, sort)?;
    let case = crate::audit_cmd::open_case(&args.index, &args.analyst)?;
    let arguments = serde_json::json!({
        "query": args.query,
        "filters": args.filters,
        "limit": args.limit,
        "offset": args.offset,
        "sort": args.sort,
        "format": if args.json { "json" } else if args.csv { "csv" } else { "table" },
    });
    let mut hits = case.search(&options, &arguments).map_err(|e| match e {
        tapir::CaseError::Search(e) => query_error(&args.query, e),
        e => crate::audit_cmd::case_error(&case, &args.analyst, "search", e),
    })?;
    for hint in hits.hints() {
        eprintln!("tapir: hint: {hint}");
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let total = hits.total();
    if args.json {
        for (n, hit) in hits.enumerate() {
            serde_json::to_writer(&mut out, &HitLine::new(&hit?).ranked(args.offset + n + 1, total))?;
            writeln!(out)?;
        }
    } else if args.csv {
        let mut w = csv::Writer::from_writer(&mut out);
        w.write_record(crate::output::HIT_COLUMNS)?;
        for (n, hit) in hits.enumerate() {
            w.write_record(crate::output::hit_row(&hit?, args.offset + n + 1, total))?;
        }
        w.flush()?;
    } else {
        hits = hits.with_snippets();
        print_table(&mut out, hits, args.offset)?;
    }
    out.flush()?;
    Ok(exit::OK)
}

/// The hits as a table, each with its `SENDER:ID` (what `thread --around` takes), then how
/// many of how many matching were shown, and how to see more.
pub fn print_table(out: &mut impl Write, hits: HitStream<'_>, offset: usize) -> anyhow::Result<()> {
    let total = hits.total();
    let mut shown = 0;
    for hit in hits {
        let hit = hit?;
        if shown == 0 {
            writeln!(
                out,
                "{:<24} {:<30} {:<20} {:<11} {:>6}  text",
                "sent_at", "message (SENDER:ID)", "recipient", "status", "score"
            )?;
        }
        shown += 1;
        writeln!(out, "{}", table_row(&hit))?;
    }
    let next = offset.saturating_add(shown);
    if shown == 0 {
        writeln!(
            out,
            "no hits ({total} matching{})",
            if offset > 0 { format!(", --offset {offset}") } else { String::new() }
        )?;
    } else if offset == 0 && next >= total {
        writeln!(out, "{shown} hit(s), all {total} matching")?;
    } else {
        let more = if next < total { format!("; --offset {next} for more") } else { String::new() };
        writeln!(out, "{shown} hit(s), {}–{next} of {total} matching{more}", offset + 1)?;
    }
    Ok(())
}

/// One row of the search table.
pub fn table_row(hit: &Hit) -> String {
    format!(
        "{:<24} {:<30} {:<20} {:<11} {:>6.2}  {}",
        tapir::time::rfc3339_ms(hit.sent_at),
        format!("{}:{}", hit.sender, hit.message_id),
        if hit.recipient.is_empty() { "(note)" } else { &hit.recipient },
        hit.status.as_str(),
        hit.score,
        crate::output::highlighted(hit)
    )
}
