//! tapir-corpora: deterministic synthetic ECD v1 corpora for tests, benchmarks and evaluation.
//!
//! [`generate`] writes `dumps/*.ecd`, `keys/seized.keys` and `truth.json` (see [`truth`]).
//!
//! The generator never touches a cipher itself: the caller hands it a [`Sealer`]
//! (the `tapir` library implements one with aes-gcm), so that only the root library
//! depends on a crypto crate.
//!
//! How it stays deterministic and small in memory:
//!
//! - `world` plans the corpus from the seed: devices, keys, who talks to whom, how many
//!   messages each conversation holds, where planted conversations sit. The plan is
//!   O(devices + conversations), whatever the message count.
//! - `conversation` regenerates a conversation's messages lazily from its own seed, so both
//!   intercepted ends replay identical messages (same sender, id, time, plaintext).
//! - `device` writes one device at a time per thread (rayon over devices): it merges its
//!   conversations' streams in time order and streams frames to disk, sealing each copy
//!   with the device's own key. Its randomness (nonces, damage) comes from a per-device seed.
//! - `file_writer` accounts each frame as it is written (valid or in a corrupt span), so the
//!   truth is exact by construction; `faults` decides and applies the §6 damage.
//! - Which logical messages have a decryptable copy is one bit per message, OR-ed from any
//!   thread: the only cross-device state, and order-independent.

pub mod content;
pub mod encode;
pub mod truth;

mod bitset;
mod clock;
mod conversation;
mod device;
mod error;
mod faults;
mod file_writer;
mod generate;
mod geo;
mod ids;
mod keyring;
mod options;
mod rejected;
mod seed;
mod world;

pub use error::GenError;
pub use generate::generate;
pub use options::{GenOptions, GenSummary, MAX_DEVICES, MAX_MESSAGES};

/// The sealing the generator is handed (declared by the format's crate, implemented by the library).
pub use tapir_parsers::Sealer;
