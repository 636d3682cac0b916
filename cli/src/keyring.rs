//! Seized keyrings from the command line: loaded file by file, with a warning on stderr for
//! a keyring that would leave every message locked without anyone noticing. An empty keyring
//! is allowed (indexing the metadata before the keys are seized is a real workflow: run
//! `ingest` again with them and the messages are decrypted in place), but never silently.

use std::path::PathBuf;

use anyhow::Context;
use tapir::{FileReport, Keyring};

/// Loads the keyring files; warns about each file without a key and about an empty keyring.
pub fn load(paths: &[PathBuf]) -> anyhow::Result<Keyring> {
    let mut ring = Keyring::new();
    for path in paths {
        let keys = ring.load_file(path).context("loading seized keys")?;
        if keys == 0 {
            eprintln!("tapir: warning: keyring {} holds no key", path.display());
        }
    }
    if ring.is_empty() {
        eprintln!(
            "tapir: warning: no seized key given: the messages read stay locked (no_key); run again with the keys to \
             decrypt them"
        );
    }
    Ok(ring)
}

/// Warns when the keyring has keys but none for a device of these dumps (the wrong keyring,
/// most likely), while they hold messages or notes.
pub fn warn_if_unmatched(ring: &Keyring, files: &[FileReport]) {
    let keyed = ring.imeis();
    let sealed = files.iter().any(|f| f.messages.found + f.notes.found > 0);
    if !keyed.is_empty() && sealed && files.iter().all(|f| !keyed.contains(f.imei.as_str())) {
        let devices: std::collections::BTreeSet<&str> = files.iter().map(|f| f.imei.as_str()).collect();
        eprintln!(
            "tapir: warning: the keyring's {} key(s) are for {} other device(s), none of the {} of these dumps: \
             their messages stay locked (no_key)",
            ring.len(),
            keyed.len(),
            devices.len()
        );
    }
}
