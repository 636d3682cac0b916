//! `tapir export`: timelines for Timesketch, conversation graphs for Gephi and i2.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde_json::json;

use crate::exit::{self, Outcome, UsageError};
use crate::out_files::{ForceArg, NewFiles};

/// Export the index for other tools: a timeline (Timesketch) or the conversation graph
/// (Gephi, i2 Analyst's Notebook).
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  tapir export timeline --index case.idx --format csv --out timeline.csv\n  tapir export graph --index case.idx --format graphml --out case.graphml"
)]
pub struct Args {
    #[command(subcommand)]
    pub what: What,
}

#[derive(clap::Subcommand)]
pub enum What {
    Timeline(TimelineArgs),
    Graph(GraphArgs),
}

/// One row per logical message and note, with Timesketch's columns (message, datetime,
/// timestamp_desc, timestamp in microseconds) plus sender, recipient, imei, status, kind,
/// message_id and evidence (copies as SHA256:OFFSET). Rows come in index order, not in time
/// order (Timesketch sorts on import): the export streams and holds nothing.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  tapir export timeline --index case.idx --format csv --out timeline.csv\n  tapir export timeline --index case.idx --format jsonl --from 2020-05-01 --to 2020-06-01 | gzip > may.jsonl.gz"
)]
pub struct TimelineArgs {
    /// The index directory, as built by `tapir ingest`.
    #[arg(long, value_name = "DIR")]
    pub index: PathBuf,
    /// csv (a header row) or jsonl (one object a line).
    #[arg(long, value_enum)]
    pub format: TimelineFormat,
    #[command(flatten)]
    pub time: crate::time_args::TimeArgs,
    /// Write here instead of standard output (an existing file is an error without --force).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub force: ForceArg,
    #[command(flatten)]
    pub analyst: crate::audit_cmd::AnalystArg,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum TimelineFormat {
    Csv,
    Jsonl,
}

/// Handles as nodes (nicknames from the phones' contact lists, devices they own, messages
/// sent and received), conversations as undirected edges weighted by their message count,
/// with their first and last message. GraphML (Gephi, yEd, networkx) or, for i2 Analyst's
/// Notebook, two CSV files: DIR/nodes.csv and DIR/edges.csv.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  tapir export graph --index case.idx --format graphml --out case.graphml\n  tapir export graph --index case.idx --format csv --out case-i2/"
)]
pub struct GraphArgs {
    /// The index directory, as built by `tapir ingest`.
    #[arg(long, value_name = "DIR")]
    pub index: PathBuf,
    /// graphml (one file, for Gephi) or csv (nodes.csv and edges.csv, for i2).
    #[arg(long, value_enum)]
    pub format: GraphFormat,
    /// GraphML: a file (standard output without it). CSV: a directory (required), created if
    /// needed, to hold nodes.csv and edges.csv. Existing files are an error without --force.
    #[arg(long, value_name = "FILE_OR_DIR")]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub force: ForceArg,
    #[command(flatten)]
    pub analyst: crate::audit_cmd::AnalystArg,
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
pub enum GraphFormat {
    Graphml,
    Csv,
}

pub fn run(args: Args) -> Outcome {
    match args.what {
        What::Timeline(args) => run_timeline(args),
        What::Graph(args) => run_graph(args),
    }
}

/// A buffered writer on the `--out` file (created by the rule of `out_files`), or on
/// standard output.
fn output(path: Option<&Path>, force: ForceArg) -> anyhow::Result<(Option<NewFiles>, Box<dyn Write>)> {
    Ok(match path {
        Some(path) => {
            let (created, files) = NewFiles::create(&[path.to_owned()], force)?;
            let file = files.into_iter().next().context("no output file")?;
            (Some(created), Box::new(BufWriter::new(file)))
        }
        None => (None, Box::new(BufWriter::new(std::io::stdout().lock()))),
    })
}

fn run_timeline(args: TimelineArgs) -> Outcome {
    let (from, to) = args.time.range()?;
    let case = crate::audit_cmd::open_case(&args.index, &args.analyst)?;
    case.check_trail_writable().map_err(|e| crate::audit_cmd::case_error(&case, &args.analyst, "export", e))?;
    let (created, mut out) = output(args.out.as_deref(), args.force)?;
    let format = match args.format {
        TimelineFormat::Csv => tapir::export::TimelineFormat::Csv,
        TimelineFormat::Jsonl => tapir::export::TimelineFormat::Jsonl,
    };
    let arguments = json!({
        "what": "timeline",
        "format": format!("{:?}", args.format).to_lowercase(),
        "from": args.time.from,
        "to": args.time.to,
        "out": args.out,
    });
    // A reader that left early (`| head`) still saw case data: the run is audited all the same,
    // with the rows written.
    let exported = case
        .export_timeline(format, (from, to), &mut out, &crate::progress::Reporter::default(), &arguments)
        .map_err(|e| crate::audit_cmd::case_error(&case, &args.analyst, "export", e))?;
    drop(out);
    if let Some(created) = created {
        created.keep();
    }
    if let Some(path) = &args.out {
        eprintln!("{} row(s) written to {}", exported.rows, path.display());
    }
    Ok(exit::OK)
}

fn run_graph(args: GraphArgs) -> Outcome {
    if matches!(args.format, GraphFormat::Csv) && args.out.is_none() {
        return Err(
            UsageError("--format csv writes nodes.csv and edges.csv: give a directory with --out".into()).into()
        );
    }
    let case = crate::audit_cmd::open_case(&args.index, &args.analyst)?;
    case.check_trail_writable().map_err(|e| crate::audit_cmd::case_error(&case, &args.analyst, "export", e))?;
    // Outputs are created before the graph is built: an existing one stops the run at once.
    let (created, mut out) = match (args.format, &args.out) {
        (GraphFormat::Csv, Some(dir)) => {
            crate::out_files::create_dir(dir)?;
            let (created, files) = NewFiles::create(&[dir.join("nodes.csv"), dir.join("edges.csv")], args.force)?;
            (Some(created), GraphOut::Csv(files))
        }
        _ => {
            let (created, out) = output(args.out.as_deref(), args.force)?;
            (created, GraphOut::Graphml(out))
        }
    };
    let arguments = json!({ "what": "graph", "format": format!("{:?}", args.format).to_lowercase(), "out": args.out });
    let graph = case
        .export_graph(&crate::progress::Reporter::default(), &arguments)
        .map_err(|e| crate::audit_cmd::case_error(&case, &args.analyst, "export", e))?;
    let written = match &mut out {
        GraphOut::Csv(files) => match files.as_mut_slice() {
            [nodes, edges] => tapir::export::write_graph_csv(nodes, edges, &graph).map_err(Into::into),
            _ => Err(anyhow::anyhow!("two CSV files expected")),
        },
        GraphOut::Graphml(out) => {
            tapir::export::write_graphml(out, &graph).and_then(|()| out.flush()).map_err(Into::into)
        }
    };
    if let Err(e) = written
        && !exit::is_broken_pipe(&e)
    {
        return Err(e);
    }
    drop(out);
    if let Some(created) = created {
        created.keep();
    }
    if let (GraphFormat::Csv, Some(dir)) = (args.format, &args.out) {
        eprintln!("{} node(s), {} edge(s) written to {}", graph.nodes.len(), graph.edges.len(), dir.display());
    }
    Ok(exit::OK)
}

/// Where a graph goes: nodes.csv and edges.csv, or GraphML on a file or standard output.
enum GraphOut {
    Csv(Vec<File>),
    Graphml(Box<dyn Write>),
}
