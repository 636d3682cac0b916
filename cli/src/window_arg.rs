//! `--window`: how many messages a conversation segment holds, shared by the learning
//! commands (`similar`, `suggest`, `eval --simulate-review`). Out of range is a usage error,
//! not a silent clamp.

use tapir::learning::SegmentOptions;
use tapir::learning::segments::MAX_WINDOW;

#[derive(clap::Args)]
pub struct WindowArg {
    /// Messages per segment (the windows conversations are cut into), 1 to 1000.
    #[arg(long, value_name = "N", default_value_t = SegmentOptions::default().window,
          value_parser = window)]
    pub window: usize,
}

fn window(s: &str) -> Result<usize, String> {
    let window = s.parse::<usize>().map_err(|_| format!("{s:?}: expected a number of messages, 1 to {MAX_WINDOW}"))?;
    SegmentOptions { window }.check().map_err(|e| e.to_string())?;
    Ok(window)
}
