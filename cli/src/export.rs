//! `tapir export`: timelines for Timesketch, conversation graphs for Gephi and i2.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde_json::json;
use tapir::index::{ConversationGraph, GraphNode};

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
        GraphOut::Csv(files) => write_graph_csv(files, &graph),
        GraphOut::Graphml(out) => write_graphml(out, &graph).and_then(|()| out.flush()).map_err(Into::into),
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

fn write_graph_csv(files: &mut [File], graph: &ConversationGraph) -> anyhow::Result<()> {
    let [nodes_file, edges_file] = files else { anyhow::bail!("two CSV files expected") };
    let mut w = csv::Writer::from_writer(BufWriter::new(nodes_file));
    w.write_record(["handle", "nicknames", "devices", "sent", "received", "messages"])?;
    for n in &graph.nodes {
        w.write_record([
            n.handle.as_str(),
            &n.nicknames.join(";"),
            &n.devices.join(";"),
            &n.sent.to_string(),
            &n.received.to_string(),
            &(n.sent + n.received).to_string(),
        ])?;
    }
    w.flush()?;

    let nicknames_of = |handle: &str| {
        graph
            .nodes
            .binary_search_by(|n| n.handle.as_str().cmp(handle))
            .ok()
            .map(|i| graph.nodes[i].nicknames.join(";"))
            .unwrap_or_default()
    };
    let mut w = csv::Writer::from_writer(BufWriter::new(edges_file));
    w.write_record(["from", "to", "weight", "first", "last", "from_nicknames", "to_nicknames"])?;
    for e in &graph.edges {
        w.write_record([
            e.a.as_str(),
            &e.b,
            &e.messages.to_string(),
            &tapir::time::rfc3339_ms(e.first_at),
            &tapir::time::rfc3339_ms(e.last_at),
            &nicknames_of(&e.a),
            &nicknames_of(&e.b),
        ])?;
    }
    w.flush()?;
    Ok(())
}

/// GraphML 1.0, undirected; `label` and `weight` are the names Gephi picks up.
fn write_graphml(out: &mut impl Write, graph: &ConversationGraph) -> std::io::Result<()> {
    out.write_all(
        br#"<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">
  <key id="label" for="node" attr.name="label" attr.type="string"/>
  <key id="nicknames" for="node" attr.name="nicknames" attr.type="string"/>
  <key id="devices" for="node" attr.name="devices" attr.type="string"/>
  <key id="sent" for="node" attr.name="sent" attr.type="long"/>
  <key id="received" for="node" attr.name="received" attr.type="long"/>
  <key id="messages" for="node" attr.name="messages" attr.type="long"/>
  <key id="weight" for="edge" attr.name="weight" attr.type="double"/>
  <key id="first" for="edge" attr.name="first" attr.type="string"/>
  <key id="last" for="edge" attr.name="last" attr.type="string"/>
  <graph id="tapir" edgedefault="undirected">
"#,
    )?;
    for n in &graph.nodes {
        write_node(out, n)?;
    }
    for (i, e) in graph.edges.iter().enumerate() {
        writeln!(
            out,
            "    <edge id=\"e{i}\" source=\"{}\" target=\"{}\"><data key=\"weight\">{}</data><data key=\"first\">{}</data><data key=\"last\">{}</data></edge>",
            xml(&e.a),
            xml(&e.b),
            e.messages,
            tapir::time::rfc3339_ms(e.first_at),
            tapir::time::rfc3339_ms(e.last_at)
        )?;
    }
    out.write_all(b"  </graph>\n</graphml>\n")
}

fn write_node(out: &mut impl Write, n: &GraphNode) -> std::io::Result<()> {
    let handle = xml(&n.handle);
    write!(out, "    <node id=\"{handle}\"><data key=\"label\">{handle}</data>")?;
    if !n.nicknames.is_empty() {
        write!(out, "<data key=\"nicknames\">{}</data>", xml(&n.nicknames.join(";")))?;
    }
    if !n.devices.is_empty() {
        write!(out, "<data key=\"devices\">{}</data>", xml(&n.devices.join(";")))?;
    }
    writeln!(
        out,
        "<data key=\"sent\">{}</data><data key=\"received\">{}</data><data key=\"messages\">{}</data></node>",
        n.sent,
        n.received,
        n.sent + n.received
    )
}

/// Text escaped for XML content and attributes; characters XML 1.0 cannot hold at all
/// (most controls) become U+FFFD, since handles and nicknames come from evidence bytes.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push_str(&format!("&#{};", c as u32)),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn xml_escapes_markup_and_drops_what_xml_cannot_hold() {
        assert_eq!(super::xml("a&b<c>\"d'\u{1}\te"), "a&amp;b&lt;c&gt;&quot;d&apos;\u{FFFD}&#9;e");
    }
}
