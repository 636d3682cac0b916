//! `tapir demo`: the whole job on an embedded default corpus.

use crate::exit::{self, Outcome};

/// Generate a small corpus into a temporary directory, then inspect it.
#[derive(clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> Outcome {
    Ok(exit::OK)
}
