//! `--window`: how many messages a conversation segment holds, shared by the learning
//! commands (`similar`, `suggest`, `eval --simulate-review`). Out of range is a usage error,
//! not a silent clamp.

use tapir::learning::segments::{MAX_WINDOW, SegmentOptions};

#[derive(clap::Args)]
pub struct WindowArg {
    /// Messages per segment (the windows conversations are cut into), 1 to 1000.
    #[arg(long, value_name = "N", default_value_t = SegmentOptions::default().window,
          value_parser = window)]
    pub window: usize,
}

fn window(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(n) if (1..=MAX_WINDOW).contains(&n) => Ok(n),
        _ => Err(format!("expected a number of messages from 1 to {MAX_WINDOW}")),
    }
}
