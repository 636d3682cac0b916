//! `tapir demo`: the whole job on an embedded default corpus.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use serde_json::json;
use tapir::index::{Hit, HuntOptions, IngestOptions, SearchOptions, SilentProgress, ThreadOptions, Window};
use tapir::{Keyring, TapirIndex};
use tapir_corpora::GenOptions;

use crate::exit::{self, Outcome};

/// Generate a small corpus (seed 2024) into a temporary directory, decode and decrypt it with
/// the seized keys, index it, then search it, read a planted conversation and hunt with the rule packs.
#[derive(clap::Args)]
#[command(after_help = "Example:\n  tapir demo --messages 50000 --keep /tmp/demo-case")]
pub struct Args {
    /// Logical messages to generate.
    #[arg(long, default_value_t = 30_000)]
    pub messages: u64,
    /// Intercepted devices (phones) to generate.
    #[arg(long, default_value_t = 12)]
    pub devices: usize,
    /// Keep the corpus and its index in DIR instead of a temporary directory.
    #[arg(long, value_name = "DIR")]
    pub keep: Option<PathBuf>,
}

const SEARCHES: [(&str, &str); 3] = [
    ("ransom talk in French, Dutch and English", "rançon OR losgeld OR ransom"),
    ("hardware wallets and seed phrases, one typo allowed", "ledger~1 OR trezor OR \"seed phrase\""),
    ("Kalashnikovs, any spelling", "kalash* OR kalach OR kalashnikov~1 OR ak47"),
];

/// Messages the demo's threads show before and after the planted one.
const CONTEXT: usize = 12;

pub fn run(args: Args) -> Outcome {
    let temp = tempfile::tempdir().context("creating a temporary directory")?;
    let dir = args.keep.clone().unwrap_or_else(|| temp.path().to_owned());
    let options = GenOptions { seed: 2024, devices: args.devices, messages: args.messages, damage: true };
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "== 1. generating {} messages on {} phones into {}",
        options.messages,
        options.devices,
        dir.display()
    )?;
    let summary = crate::gen_cmd::generate(&dir, &options)?;
    writeln!(
        out,
        "   {} dump files, {} message frames, {} planted threat conversations\n",
        summary.files, summary.message_frames, summary.planted
    )?;

    writeln!(out, "== 2. decoding and decrypting with the seized keys (tapir inspect)")?;
    let keyring = Keyring::load_files(&[dir.join("keys/seized.keys")]).context("loading seized keys")?;
    writeln!(out, "   {} keys for {} devices", keyring.len(), keyring.devices())?;
    let report = tapir::inspect(&[dir.join("dumps")], &keyring).context("decoding the corpus")?;
    crate::inspect::print_table(&mut out, &report)?;

    writeln!(out, "\n== 3. indexing (tapir ingest): one document per logical message, copies merged")?;
    let mut index = TapirIndex::create_or_open(&dir.join("index"))?;
    let ingested = index.ingest(&[dir.join("dumps")], &keyring, &IngestOptions::default(), &SilentProgress)?;
    writeln!(
        out,
        "   {} logical messages, {} decrypted; the rest stay indexed as locked\n",
        ingested.logical_messages, ingested.logical_decrypted
    )?;

    // The reads go through the case facade, as the commands' do: the demo's case has its audit
    // trail, its records naming the analyst the commands default to.
    drop(index);
    let case = crate::audit_cmd::open_case(&dir.join("index"), &crate::audit_cmd::AnalystArg::default())?;
    writeln!(out, "== 4. searching (tapir search)")?;
    for (what, query) in SEARCHES {
        writeln!(out, "-- {what}: {query}")?;
        let options = SearchOptions { query: query.into(), limit: 5, ..SearchOptions::default() };
        let hits = case.search(&options, &json!({"demo": true, "query": query, "limit": options.limit}))?;
        crate::search::print_table(&mut out, hits.with_snippets(), 0)?;
    }
    writeln!(out, "   (everyday talk shares these words: hits are messages, not yet ranked conversations)\n")?;

    writeln!(out, "== 5. reading a planted kidnapping conversation (tapir thread)")?;
    let truth: serde_json::Value = serde_json::from_slice(&std::fs::read(dir.join("truth.json"))?)?;
    let planted = truth["planted"].as_array().into_iter().flatten().find(|p| p["category"] == "kidnapping");
    if let Some(p) = planted {
        let first = &p["messages"][0];
        let sender = first[0].as_str().unwrap_or_default().to_owned();
        let id = first[1].as_u64().unwrap_or_default();
        let options = SearchOptions {
            query: String::new(),
            sender: Some(sender.clone()),
            limit: 100_000,
            ..SearchOptions::default()
        };
        let given = json!({"demo": true, "query": "", "sender": sender, "limit": options.limit});
        let hits: Vec<Hit> = case.search(&options, &given)?.collect::<Result<_, _>>()?;
        if let Some(recipient) = hits.iter().find(|h| h.message_id == id).map(|h| h.recipient.clone()) {
            let options = ThreadOptions {
                a: sender.clone(),
                b: recipient,
                window: Window::Around { message: (sender, id), before: CONTEXT, after: CONTEXT },
                ..ThreadOptions::default()
            };
            let given = json!({"demo": true, "a": options.a, "b": options.b, "around": id, "context": CONTEXT});
            let thread = case.thread(&options, &given)?;
            writeln!(
                out,
                "   scenario {} ({})",
                p["scenario"].as_str().unwrap_or_default(),
                p["lang"].as_str().unwrap_or_default()
            )?;
            crate::thread::print_thread(&mut out, &thread, false)?;
        }
    }

    writeln!(out, "\n== 6. hunting (tapir hunt): the rule packs rank conversations, not words")?;
    let rules = tapir::rules::builtin().map_err(|e| anyhow::anyhow!("built-in rules: {e}"))?;
    let hunted = case
        .hunt(&rules, &HuntOptions::default(), &SilentProgress, &json!({"demo": true, "rules": "builtin"}))
        .context("hunting")?;
    crate::hunt::print_table(&mut out, &hunted.findings[..hunted.findings.len().min(8)])?;
    let eval = tapir::eval::evaluate(&serde_json::from_value(truth)?, &hunted.findings);
    writeln!(
        out,
        "   {} findings from {} rules ({} shown); against the generator's truth: recall {}; precision {:.2}",
        hunted.findings.len(),
        hunted.rules_run,
        hunted.findings.len().min(8),
        eval.per_category
            .iter()
            .map(|(c, s)| format!("{c} {}/{}", s.recalled, s.planted))
            .collect::<Vec<_>>()
            .join(", "),
        eval.precision
    )?;
    if args.keep.is_some() {
        writeln!(
            out,
            "\ncorpus and index kept in {}; try: tapir hunt --index {}",
            dir.display(),
            dir.join("index").display()
        )?;
    }
    Ok(exit::OK)
}
