//! The audit trail of an index: who ran which search, thread, hunt, batch or export, with which
//! arguments, and how many results it gave. An append-only JSON Lines file in the index
//! directory (`DIR/audit.jsonl`), hash-chained so that a changed, removed, inserted or
//! reordered record is detected by [`AuditLog::verify`].
//!
//! One record a line, fields in this order:
//! ```text
//! {"seq":0,"time":"…Z","analyst":"…","command":"search","arguments":{…},"results":3,"prev":"00…00","hash":"…"}
//! ```
//! `prev` is the SHA-256 (hex) of the previous line's bytes (64 zeros for the first record);
//! `hash` is the SHA-256 of the line as written up to `prev` included, closed by `}`: the
//! record's canonical content is its own bytes, so verification never depends on how a JSON
//! value re-serialises. Keys never appear: no audited command takes key material.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::evidence::sha256_hex;

pub const AUDIT_FILE: &str = "audit.jsonl";

/// `prev` of the first record.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What the caller tells the log about one command run.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub analyst: String,
    /// `search`, `thread`, `hunt`, `batch`, `entities`, `export`…
    pub command: String,
    /// The query and options as given (a JSON object or a list of strings).
    pub arguments: serde_json::Value,
    /// Hits, messages, findings or entities returned.
    pub results: u64,
}

/// One line of the log.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    pub seq: u64,
    /// RFC 3339 UTC with milliseconds.
    pub time: String,
    pub analyst: String,
    pub command: String,
    pub arguments: serde_json::Value,
    pub results: u64,
    pub prev: String,
    pub hash: String,
}

/// The record without its hash: what is hashed, in the order written.
#[derive(serde::Serialize)]
struct Unhashed<'a> {
    seq: u64,
    time: &'a str,
    analyst: &'a str,
    command: &'a str,
    arguments: &'a serde_json::Value,
    results: u64,
    prev: &'a str,
}

#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    #[error("audit log {}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    #[error("audit log {}: line {line}: {message}", path.display())]
    Corrupt { path: PathBuf, line: usize, message: String },
    #[error("audit log: {0}")]
    Encode(String),
}

/// Why a record breaks the chain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BreakReason {
    /// Not a record (not JSON, a field missing or unknown, an empty line).
    Unreadable(String),
    /// Its content does not hash to its `hash`: the record was changed.
    HashMismatch,
    /// Its `seq` is not the one after the previous record's: a record was removed, inserted
    /// or moved.
    Sequence { expected: u64, found: u64 },
    /// Its `prev` is not the hash of the line before it: a record was removed, inserted,
    /// moved or changed before it.
    PrevMismatch,
}

impl std::fmt::Display for BreakReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BreakReason::Unreadable(m) => write!(f, "not a valid record ({m})"),
            BreakReason::HashMismatch => f.write_str("its content does not match its hash (the record was changed)"),
            BreakReason::Sequence { expected, found } => {
                write!(f, "seq {found} where {expected} was expected (a record was removed, inserted or moved)")
            }
            BreakReason::PrevMismatch => f.write_str(
                "its prev is not the hash of the line before it (a record was removed, inserted, moved or changed)",
            ),
        }
    }
}

/// The first record that breaks the chain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Break {
    /// 1-based line in the file.
    pub line: usize,
    /// The record's `seq`, when it could be read.
    pub seq: Option<u64>,
    pub reason: BreakReason,
}

impl std::fmt::Display for Break {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.seq {
            Some(seq) => write!(f, "line {} (record seq {seq}): {}", self.line, self.reason),
            None => write!(f, "line {}: {}", self.line, self.reason),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VerifyOutcome {
    /// Every record chains; `head` is the hash of the last line (what the next record's `prev`
    /// will be): noted elsewhere, it also detects a truncated tail, which the chain alone cannot.
    Intact {
        records: u64,
        head: String,
    },
    Broken(Break),
}

/// The audit log of one index directory.
#[derive(Clone, Debug)]
pub struct AuditLog {
    path: PathBuf,
}

impl AuditLog {
    /// The log of the index in `index_dir` (the file is created by the first append).
    pub fn open(index_dir: &Path) -> Result<Self, AuditError> {
        if !index_dir.is_dir() {
            return Err(AuditError::Io {
                path: index_dir.to_owned(),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such index directory"),
            });
        }
        Ok(AuditLog { path: index_dir.join(AUDIT_FILE) })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one record, chained to the last line. The file is locked for the read of the
    /// last line and the write, so concurrent appenders never share a `seq` or interleave; the
    /// line goes out in one `write_all` on an append-mode file, then fsync.
    pub fn append(&self, entry: Entry) -> Result<Record, AuditError> {
        let io = |source| AuditError::Io { path: self.path.clone(), source };
        let mut file = OpenOptions::new().read(true).append(true).create(true).open(&self.path).map_err(io)?;
        file.lock().map_err(io)?;
        let (last, ends_with_newline) = last_line(&mut file).map_err(io)?;
        let (seq, prev) = match &last {
            None => (0, GENESIS.to_owned()),
            Some(line) => {
                // A damaged last record still chains by its bytes; verify reports the damage.
                let seq = match serde_json::from_slice::<Record>(line) {
                    Ok(r) => r.seq.saturating_add(1),
                    Err(_) => self.count_lines()? as u64,
                };
                (seq, sha256_hex(line))
            }
        };
        let time = crate::time::rfc3339_ms(crate::time::now_ms());
        let unhashed = Unhashed {
            seq,
            time: &time,
            analyst: &entry.analyst,
            command: &entry.command,
            arguments: &entry.arguments,
            results: entry.results,
            prev: &prev,
        };
        let content = serde_json::to_string(&unhashed).map_err(|e| AuditError::Encode(e.to_string()))?;
        let hash = sha256_hex(content.as_bytes());
        let mut line = String::with_capacity(content.len() + 80);
        // A torn last line (a crash mid-write) must not swallow this record.
        if last.is_some() && !ends_with_newline {
            line.push('\n');
        }
        line.push_str(&content[..content.len() - 1]);
        line.push_str(",\"hash\":\"");
        line.push_str(&hash);
        line.push_str("\"}\n");
        file.write_all(line.as_bytes()).map_err(io)?;
        file.sync_all().map_err(io)?;
        // Unlocked when `file` drops.
        Ok(Record {
            seq,
            time,
            analyst: entry.analyst,
            command: entry.command,
            arguments: entry.arguments,
            results: entry.results,
            prev,
            hash,
        })
    }

    /// Every record, oldest first; an unreadable line is an error naming it. A missing log
    /// has no records.
    pub fn records(&self) -> Result<Vec<Record>, AuditError> {
        let Some(bytes) = self.read()? else { return Ok(Vec::new()) };
        lines(&bytes)
            .map(|(n, line)| {
                serde_json::from_slice(line).map_err(|e| AuditError::Corrupt {
                    path: self.path.clone(),
                    line: n,
                    message: e.to_string(),
                })
            })
            .collect()
    }

    /// Checks the whole chain and reports the first record that breaks it.
    pub fn verify(&self) -> Result<VerifyOutcome, AuditError> {
        let Some(bytes) = self.read()? else { return Ok(VerifyOutcome::Intact { records: 0, head: GENESIS.into() }) };
        let mut expected_seq = 0u64;
        let mut prev = GENESIS.to_owned();
        for (n, line) in lines(&bytes) {
            let broken = |seq, reason| Ok(VerifyOutcome::Broken(Break { line: n, seq, reason }));
            let record: Record = match serde_json::from_slice(line) {
                Ok(r) => r,
                Err(e) => return broken(None, BreakReason::Unreadable(e.to_string())),
            };
            if !hash_matches(line, &record.hash) {
                return broken(Some(record.seq), BreakReason::HashMismatch);
            }
            if record.seq != expected_seq {
                return broken(Some(record.seq), BreakReason::Sequence { expected: expected_seq, found: record.seq });
            }
            if record.prev != prev {
                return broken(Some(record.seq), BreakReason::PrevMismatch);
            }
            prev = sha256_hex(line);
            expected_seq += 1;
        }
        Ok(VerifyOutcome::Intact { records: expected_seq, head: prev })
    }

    fn read(&self) -> Result<Option<Vec<u8>>, AuditError> {
        match std::fs::read(&self.path) {
            Ok(b) => Ok(Some(b)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(AuditError::Io { path: self.path.clone(), source }),
        }
    }

    fn count_lines(&self) -> Result<usize, AuditError> {
        Ok(self.read()?.map_or(0, |b| lines(&b).count()))
    }
}

/// The lines of the file, numbered from 1, without their newline; the empty remainder after
/// the final newline is not a line.
fn lines(bytes: &[u8]) -> impl Iterator<Item = (usize, &[u8])> {
    let body = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    let empty = bytes.is_empty();
    body.split(|&b| b == b'\n').enumerate().map(|(i, l)| (i + 1, l)).filter(move |_| !empty)
}

/// Whether `line` ends with `,"hash":"<hash>"}` and its content before it, closed by `}`,
/// hashes to `hash`.
fn hash_matches(line: &[u8], hash: &str) -> bool {
    let suffix = format!(",\"hash\":\"{hash}\"}}");
    let Some(content) = line.strip_suffix(suffix.as_bytes()) else { return false };
    let mut hasher = Sha256::new();
    hasher.update(content);
    hasher.update(b"}");
    hex::encode(hasher.finalize()) == hash
}

/// The last non-empty line of the file (without its newline) and whether the file ends with
/// a newline, read backwards in chunks: the log grows without bound, appends stay cheap.
fn last_line(file: &mut File) -> std::io::Result<(Option<Vec<u8>>, bool)> {
    const CHUNK: u64 = 8192;
    let len = file.seek(SeekFrom::End(0))?;
    if len == 0 {
        return Ok((None, true));
    }
    let mut tail: Vec<u8> = Vec::new();
    let mut at = len;
    loop {
        let start = at.saturating_sub(CHUNK);
        let mut chunk = vec![0; (at - start) as usize];
        file.seek(SeekFrom::Start(start))?;
        file.read_exact(&mut chunk)?;
        chunk.extend_from_slice(&tail);
        tail = chunk;
        at = start;
        let body = tail.strip_suffix(b"\n").unwrap_or(&tail);
        if let Some(p) = body.iter().rposition(|&b| b == b'\n') {
            let ends = tail.last() == Some(&b'\n');
            return Ok((Some(body[p + 1..].to_vec()), ends));
        }
        if at == 0 {
            let ends = tail.last() == Some(&b'\n');
            return Ok((Some(body.to_vec()), ends));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(n: u64) -> Entry {
        Entry {
            analyst: "ana".into(),
            command: "search".into(),
            arguments: serde_json::json!({"query": format!("q{n}")}),
            results: n,
        }
    }

    #[test]
    fn appends_chain_and_verify() {
        let dir = tempfile::tempdir().unwrap();
        let log = AuditLog::open(dir.path()).unwrap();
        assert_eq!(log.verify().unwrap(), VerifyOutcome::Intact { records: 0, head: GENESIS.into() });
        let a = log.append(entry(1)).unwrap();
        let b = log.append(entry(2)).unwrap();
        assert_eq!((a.seq, b.seq, a.prev.as_str()), (0, 1, GENESIS));
        assert_eq!(log.records().unwrap(), vec![a, b]);
        assert!(matches!(log.verify().unwrap(), VerifyOutcome::Intact { records: 2, .. }));
    }

    #[test]
    fn a_torn_or_garbage_tail_is_reported_never_panics() {
        let dir = tempfile::tempdir().unwrap();
        let log = AuditLog::open(dir.path()).unwrap();
        log.append(entry(1)).unwrap();
        let mut f = OpenOptions::new().append(true).open(log.path()).unwrap();
        f.write_all(b"{\"seq\":1,\"ti").unwrap();
        drop(f);
        let r = log.append(entry(2)).unwrap();
        assert_eq!(r.seq, 2);
        let VerifyOutcome::Broken(b) = log.verify().unwrap() else { panic!("torn line not detected") };
        assert_eq!((b.line, b.seq), (2, None));
        for junk in [&b"\n\n\xff"[..], &b""[..], &b"\n"[..], &b"{}"[..], &b"[1]"[..]] {
            std::fs::write(log.path(), junk).unwrap();
            let _ = log.verify().unwrap();
            let _ = log.records();
            log.append(entry(3)).unwrap();
        }
    }
}
