//! The spill of ingest's phase 1: one fixed-size record per copy of a message or note,
//! written to the partition its key hash picks, so that phase 2 finds all copies of one
//! logical message in one partition. Records hold locations only, never text.

use std::fs::File;
use std::hash::{BuildHasher, Hasher};
use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::sync::Mutex;

use crate::index::IndexError;

/// Bytes of one spill record: key hash (8), file number (4), flags (1), frame offset (8).
pub(super) const SPILL_LEN: usize = 21;
/// Set in a record's flags for a note's copy (the copy flags use the low bits).
pub(super) const NOTE_FLAG: u8 = 0x80;

/// One copy of a message or note, as phase 1 leaves it for phase 2: where to re-read it.
#[derive(Clone, Copy, Debug)]
pub(super) struct SpillRecord {
    pub(super) key_hash: u64,
    pub(super) file_no: u32,
    pub(super) flags: u8,
    pub(super) offset: u64,
}

impl SpillRecord {
    pub(super) fn write(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.key_hash.to_le_bytes());
        out.extend_from_slice(&self.file_no.to_le_bytes());
        out.push(self.flags);
        out.extend_from_slice(&self.offset.to_le_bytes());
    }

    pub(super) fn read(b: &[u8]) -> SpillRecord {
        let u64_at =
            |i: usize| u64::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3], b[i + 4], b[i + 5], b[i + 6], b[i + 7]]);
        SpillRecord {
            key_hash: u64_at(0),
            file_no: u32::from_le_bytes([b[8], b[9], b[10], b[11]]),
            flags: b[12],
            offset: u64_at(13),
        }
    }
}

/// A fixed-seed hasher: partitions must not depend on the process.
pub(super) fn key_hash(domain: u8, a: &[u8], b: u64) -> u64 {
    let mut h = rustc_hash::FxBuildHasher.build_hasher();
    h.write_u8(domain);
    h.write(a);
    h.write_u64(b);
    // Fx mixes the low bits weakly; finish with a multiply-shift so partitions spread.
    let x = h.finish();
    (x ^ (x >> 29)).wrapping_mul(0xbf58_476d_1ce4_e5b9) ^ (x >> 32)
}

/// Partition files of one run, each behind a lock; writers batch records locally.
pub(super) struct Spill {
    pub(super) dir: PathBuf,
    parts: Vec<Mutex<BufWriter<File>>>,
}

impl Spill {
    pub(super) fn create(dir: PathBuf, n: usize) -> Result<Spill, IndexError> {
        let io = |source| IndexError::Io { path: dir.clone(), source };
        if dir.exists() {
            std::fs::remove_dir_all(&dir).map_err(io)?;
        }
        std::fs::create_dir_all(&dir).map_err(io)?;
        let parts = (0..n)
            .map(|i| {
                File::create(dir.join(format!("part-{i:04}"))).map(|f| Mutex::new(BufWriter::with_capacity(1 << 16, f)))
            })
            .collect::<Result<_, _>>()
            .map_err(io)?;
        Ok(Spill { dir, parts })
    }

    pub(super) fn partition_of(&self, key_hash: u64) -> usize {
        ((key_hash >> 32) as usize * self.parts.len()) >> 32
    }

    pub(super) fn append(&self, part: usize, bytes: &[u8]) -> std::io::Result<()> {
        let mut w = self.parts[part].lock().unwrap_or_else(|p| p.into_inner());
        w.write_all(bytes)
    }

    pub(super) fn finish(self) -> Result<Vec<PathBuf>, IndexError> {
        let mut paths = Vec::new();
        for (i, part) in self.parts.into_iter().enumerate() {
            let mut w = part.into_inner().unwrap_or_else(|p| p.into_inner());
            w.flush().map_err(|source| IndexError::Io { path: self.dir.clone(), source })?;
            paths.push(self.dir.join(format!("part-{i:04}")));
        }
        Ok(paths)
    }
}
