//! `tapir gen`: write a deterministic synthetic corpus (dumps, seized keys, truth.json).

use std::path::PathBuf;

use crate::exit::{self, Outcome};

/// Generate a synthetic corpus: DIR/dumps/*.ecd, DIR/keys/seized.keys, DIR/truth.json.
#[derive(clap::Args)]
#[command(after_help = "Example:\n  tapir gen --out /tmp/case --seed 7 --devices 2000 --messages 20000000")]
pub struct Args {
    /// Output directory (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
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
    let _ = args;
    Ok(exit::OK)
}
