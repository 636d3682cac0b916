//! `tapir gen`: write a deterministic synthetic corpus (dumps, seized keys, truth.json).

use std::io::Write;
use std::path::PathBuf;

use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::Context;
use tapir::crypto::AesGcmSealer;
use tapir::index::Progress;
use tapir_corpora::{GenOptions, GenSummary};

use crate::exit::{self, Outcome};

/// Generate a synthetic corpus: DIR/dumps/*.ecd, DIR/keys/seized.keys, DIR/truth.json.
///
/// Deterministic for a seed. Damage covering every case of spec §6 is injected unless
/// --no-damage is given; truth.json holds the exact accounting a decoder must report, the
/// planted threat conversations, hard negatives, canary tokens and entities.
#[derive(clap::Args)]
#[command(after_help = "Example:\n  tapir gen --out /tmp/case --seed 7 --devices 2000 --messages 20000000")]
pub struct Args {
    /// Output directory (created if missing; its dumps/ must be empty).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Seed of the generator: the same seed and options give the same bytes.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Intercepted devices (phones), each with one or two dump files.
    #[arg(long, default_value_t = 20)]
    pub devices: usize,
    /// Logical messages to generate.
    #[arg(long, default_value_t = 20_000)]
    pub messages: u64,
    /// Write clean files: no damage injection.
    #[arg(long)]
    pub no_damage: bool,
}

pub fn run(args: Args) -> Outcome {
    let options =
        GenOptions { seed: args.seed, devices: args.devices, messages: args.messages, damage: !args.no_damage };
    let summary = generate(&args.out, &options)?;
    writeln!(
        std::io::stdout().lock(),
        "{} files, {} message frames, {} logical messages ({} decryptable), {} planted conversations, {:.1} MB in {}",
        summary.files,
        summary.message_frames,
        summary.logical_messages,
        summary.logical_decrypted,
        summary.planted,
        summary.bytes as f64 / 1e6,
        args.out.display()
    )?;
    Ok(exit::OK)
}

/// Runs the generator, reporting its progress; shared with `demo`.
pub fn generate(out: &std::path::Path, options: &GenOptions) -> anyhow::Result<GenSummary> {
    let progress = crate::progress::Reporter::default();
    progress.phase("generating", options.messages);
    // The generator reports messages written so far, possibly from several threads.
    let reported = AtomicU64::new(0);
    let summary = tapir_corpora::generate(out, options, &AesGcmSealer, &|n| {
        let before = reported.fetch_max(n, Ordering::Relaxed);
        if n > before {
            progress.advance(n - before);
        }
    })
    .with_context(|| format!("generating a corpus into {}", out.display()))?;
    progress.finish();
    Ok(summary)
}
