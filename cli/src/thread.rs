//! `tapir thread`: the conversation between two handles, in time order.

use std::io::Write;
use std::path::PathBuf;

use tapir::index::{ThreadOptions, Window};
use tapir::wire::HitLine;

use crate::exit::{self, Outcome, UsageError};

/// Show the conversation between two handles in time order, locked (undecryptable)
/// messages included, with nicknames from the intercepted phones' contact lists.
#[derive(clap::Args)]
#[command(
    after_help = "Examples:\n  tapir thread --index case.idx renard-gris17 wolf-zwart3 --from 2020-05-01 --to 2020-05-08\n  tapir thread --index case.idx renard-gris17 wolf-zwart3 --around renard-gris17:1000234 --context 10 --copies"
)]
pub struct Args {
    /// The index directory, as built by `tapir ingest`.
    #[arg(long, value_name = "DIR")]
    pub index: PathBuf,
    /// One handle of the conversation.
    pub a: String,
    /// The other handle.
    pub b: String,
    #[command(flatten)]
    pub time: crate::time_args::TimeArgs,
    /// Centre on one message, SENDER:MESSAGE_ID (as the tables of search and thread show it);
    /// the table marks it with `>`, --json with "centre": true.
    #[arg(long, value_name = "SENDER:MESSAGE_ID")]
    pub around: Option<String>,
    /// Messages to show before and after --around.
    #[arg(long, default_value_t = 10)]
    pub context: usize,
    /// Show where each copy lies in the evidence (device, file, offset).
    #[arg(long)]
    pub copies: bool,
    /// One JSON object per line (the fields of `search --json`; with --around, `centre`).
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub analyst: crate::audit_cmd::AnalystArg,
}

pub fn run(args: Args) -> Outcome {
    let around = args
        .around
        .as_deref()
        .map(|s| {
            let (sender, id) =
                s.rsplit_once(':').ok_or_else(|| UsageError(format!("--around {s:?}: expected SENDER:MESSAGE_ID")))?;
            let id = id.parse().map_err(|_| UsageError(format!("--around {s:?}: MESSAGE_ID must be a number")))?;
            Ok::<_, UsageError>((sender.to_owned(), id))
        })
        .transpose()?;
    let (from, to) = args.time.range()?;
    let window = match around {
        Some(message) => Window::Around { message, before: args.context, after: args.context },
        None => Window::All,
    };
    let options = ThreadOptions { a: args.a.clone(), b: args.b.clone(), from, to, window };
    let case = crate::audit_cmd::open_case(&args.index, &args.analyst)?;
    let arguments = serde_json::json!({
        "a": args.a, "b": args.b, "from": args.time.from, "to": args.time.to, "around": args.around,
        "context": args.context, "copies": args.copies, "json": args.json,
    });
    let thread = case.thread(&options, &arguments).map_err(|e| match e {
        tapir::CaseError::Thread(e) => anyhow::Error::from(e).context("reading the thread"),
        e => crate::audit_cmd::case_error(&case, &args.analyst, "thread", e),
    })?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if args.json {
        for (n, m) in thread.messages.iter().enumerate() {
            let line = match thread.centre {
                Some(centre) => HitLine::new(m).centre(n == centre),
                None => HitLine::new(m),
            };
            serde_json::to_writer(&mut out, &line)?;
            writeln!(out)?;
        }
        out.flush()?;
        return Ok(exit::OK);
    }
    print_thread(&mut out, &thread, args.copies)?;
    out.flush()?;
    Ok(exit::OK)
}

/// The human rendering of a thread; shared with `demo`.
pub fn print_thread(out: &mut impl Write, thread: &tapir::index::Thread, copies: bool) -> std::io::Result<()> {
    let name = |handle: &str, nick: &Option<String>| match nick {
        Some(n) => format!("{handle} (\"{n}\")"),
        None => handle.to_owned(),
    };
    writeln!(
        out,
        "conversation {} <-> {}: {} message(s){}",
        name(&thread.a, &thread.nickname_a),
        name(&thread.b, &thread.nickname_b),
        thread.total,
        if thread.messages.len() < thread.total {
            format!(", showing {}", thread.messages.len())
        } else {
            String::new()
        }
    )?;
    for (n, m) in thread.messages.iter().enumerate() {
        let mut text = if m.status == tapir::Status::Decrypted {
            crate::output::one_line(&m.text, 300)
        } else {
            format!("<locked: {}>", m.status)
        };
        if let Some(at) = crate::output::position_text(m) {
            text = if text.is_empty() { at } else { format!("{text} {at}") };
        }
        let marker = if m.kind == tapir::index::Kind::Image {
            "[image] "
        } else if m.kind == tapir::index::Kind::Location {
            "[location] "
        } else {
            ""
        };
        // `SENDER:ID` is what --around takes; `>` marks the message it centres on.
        writeln!(
            out,
            "{} {}  {:<30} {}{}",
            if thread.centre == Some(n) { ">" } else { " " },
            tapir::time::rfc3339_ms(m.sent_at),
            format!("{}:{}", m.sender, m.message_id),
            marker,
            text
        )?;
        if copies {
            for c in &m.copies {
                writeln!(
                    out,
                    "      copy: imei {} {} @{} ({}{}) {}",
                    c.imei,
                    c.file.display(),
                    c.offset,
                    c.direction.as_str(),
                    if c.deleted { ", deleted" } else { "" },
                    c.status
                )?;
            }
        }
    }
    Ok(())
}
