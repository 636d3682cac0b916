//! `keys/seized.keys` (spec §5): the keys seized from the network's key server.
//!
//! Holds every key of every intercepted device except withheld ones, plus keys of phones
//! whose dumps were never captured (a seized key server knows more phones than were tapped).

use std::collections::HashSet;
use std::fmt::Write as _;
use std::path::Path;

use crate::error::GenError;
use crate::ids;
use crate::seed::{self, Stream};
use crate::world::World;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// The keyring's text.
pub(crate) fn keyring(world: &World) -> String {
    let mut text = format!(
        "# keys seized from the network's key server (tapir-corpora, seed {})\n# <imei> <key_id> <key: 64 hex digits>\n",
        world.seed
    );
    for d in &world.devices {
        for (i, k) in d.keys.iter().enumerate() {
            if d.key_seized(i) {
                let _ = writeln!(text, "{} {} {}", d.imei, k.id, hex(&k.key));
            }
        }
    }
    let mut rng = seed::rng(world.seed, Stream::Keyring, 0);
    let known: HashSet<&str> = world.devices.iter().map(|d| d.imei.as_str()).collect();
    text.push_str("\n# phones on the server with no captured dump\n");
    for _ in 0..world.devices.len().div_ceil(10) {
        let imei = ids::imei(&mut rng);
        if known.contains(imei.as_str()) {
            continue;
        }
        let mut key = [0u8; 32];
        rng.fill(&mut key);
        // Tab-separated, which §5 allows as well.
        let _ = writeln!(text, "{imei}\t{}\t{}", rng.u32(1..=9), hex(&key));
    }
    text
}

pub(crate) fn write_keyring(path: &Path, world: &World) -> Result<(), GenError> {
    std::fs::write(path, keyring(world)).map_err(GenError::io(path))
}
