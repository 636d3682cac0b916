//! `tapir demo`: the whole job on an embedded default corpus.

use std::path::PathBuf;

use anyhow::Context;
use tapir::Keyring;
use tapir_corpora::GenOptions;

use crate::exit::{self, Outcome};

/// Generate a small corpus (seed 2024) into a temporary directory, decode and decrypt it with
/// the seized keys, and show the accounting of every file.
#[derive(clap::Args)]
#[command(after_help = "Example:\n  tapir demo --messages 50000 --keep /tmp/demo-case")]
pub struct Args {
    /// Logical messages to generate.
    #[arg(long, default_value_t = 20_000)]
    pub messages: u64,
    #[arg(long, default_value_t = 12)]
    pub devices: usize,
    /// Keep the corpus in DIR instead of a temporary directory.
    #[arg(long, value_name = "DIR")]
    pub keep: Option<PathBuf>,
}

pub fn run(args: Args) -> Outcome {
    let temp = tempfile::tempdir().context("creating a temporary directory")?;
    let dir = args.keep.clone().unwrap_or_else(|| temp.path().to_owned());
    let options = GenOptions { seed: 2024, devices: args.devices, messages: args.messages, damage: true };
    println!("== 1. generating {} messages on {} phones into {}", options.messages, options.devices, dir.display());
    let summary = crate::gen_cmd::generate(&dir, &options)?;
    println!(
        "   {} dump files, {} message frames, {} planted threat conversations\n",
        summary.files, summary.message_frames, summary.planted
    );

    println!("== 2. decoding and decrypting with the seized keys (tapir inspect)");
    let keyring = Keyring::load_files(&[dir.join("keys/seized.keys")]).context("loading seized keys")?;
    println!("   {} keys for {} devices", keyring.len(), keyring.devices());
    let report = tapir::inspect(&[dir.join("dumps")], &keyring).context("decoding the corpus")?;
    let mut out = std::io::stdout().lock();
    crate::inspect::print_table(&mut out, &report)?;
    drop(out);
    if args.keep.is_some() {
        println!("\ncorpus kept in {}", dir.display());
    }
    // The generator writes rejected files on purpose (a future version, a broken header).
    Ok(exit::OK)
}
