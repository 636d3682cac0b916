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
//!
//! The chain cannot show records removed at its end, nor a trail deleted whole. Beside the
//! trail, its head record (`audit.jsonl.head`: `{"records":N,"head":"<hash of the last
//! line>"}`) is replaced after every append; [`AuditLog::verify`] fails when the trail is
//! missing, or holds fewer records than it says, or another last record, and appends refuse to
//! continue such a trail.

use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::evidence::sha256_hex;

pub const AUDIT_FILE: &str = "audit.jsonl";

/// Appended to the trail's file name: the file of its head record.
pub const HEAD_SUFFIX: &str = ".head";

/// `prev` of the first record.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The arguments of a command run as recorded: the request as given (a JSON object, its keys
/// in alphabetical order, or for older records whatever JSON they hold), built from any
/// serialisable request with [`Arguments::of`].
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Arguments(serde_json::Value);

impl Arguments {
    /// The arguments of `request`, serialised.
    pub fn of(request: &impl serde::Serialize) -> Result<Self, AuditError> {
        serde_json::to_value(request).map(Arguments).map_err(|e| AuditError::Encode(e.to_string()))
    }

    /// `key` set to `value` (on an object; other arguments are left as they are).
    pub fn with(mut self, key: &str, value: &impl serde::Serialize) -> Result<Self, AuditError> {
        let value = serde_json::to_value(value).map_err(|e| AuditError::Encode(e.to_string()))?;
        if let serde_json::Value::Object(map) = &mut self.0 {
            map.insert(key.to_owned(), value);
        }
        Ok(self)
    }

    /// The text of the argument `key`, when it is a string.
    pub fn text(&self, key: &str) -> Option<&str> {
        self.0.get(key)?.as_str()
    }

    /// The argument `key` as JSON text (`None` when absent).
    pub fn json(&self, key: &str) -> Option<String> {
        self.0.get(key).map(ToString::to_string)
    }
}

impl std::fmt::Display for Arguments {
    /// The arguments as one line of JSON.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// What the caller tells the log about one command run.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub analyst: String,
    /// `search`, `thread`, `hunt`, `batch`, `entities`, `export`…
    pub command: String,
    /// The query and options as given.
    pub arguments: Arguments,
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
    pub arguments: Arguments,
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
    arguments: &'a Arguments,
    results: u64,
    prev: &'a str,
}

/// What the head record says of the trail after the last append.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct HeadRecord {
    /// Records in the trail.
    records: u64,
    /// SHA-256 of its last line.
    head: String,
}

#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    #[error("audit log {}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },
    /// The trail is gone or shorter than its head record says: nothing is appended to it.
    #[error(
        "audit log {} {}: its head record ({}) says {expected} record(s) were written; restore the trail (`tapir audit verify` names what is missing)",
        path.display(),
        if *found == 0 { "is missing".to_owned() } else { format!("holds {found} record(s)") },
        head.display()
    )]
    Lost { path: PathBuf, head: PathBuf, found: u64, expected: u64 },
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
    /// The trail ends before the record its head record names as the last: records were
    /// removed at the end, or the whole trail (`found` 0).
    Missing { found: u64, expected: u64 },
    /// It is the record the head record names as the last, but not the same bytes.
    HeadMismatch,
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
            BreakReason::Missing { found: 0, expected } => {
                write!(f, "the trail is missing, where its head record says {expected} record(s) were written")
            }
            BreakReason::Missing { found, expected } => write!(
                f,
                "missing: the trail ends after {found} record(s), its head record says {expected} (records were removed at the end)"
            ),
            BreakReason::HeadMismatch => {
                f.write_str("it is not the last record the head record names (the trail was rewritten from here on)")
            }
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
    /// Every record chains and the trail ends where its head record says; `head` is the
    /// SHA-256 of the last line (64 zeros for an empty trail), what the next record's `prev`
    /// will be. Noted elsewhere (a case file, a report), it shows any later loss of records
    /// even when the trail and its head record are removed together.
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

    /// A log kept in the file `path`, outside any index (a read-only index's trail); its
    /// directory must exist.
    pub fn at(path: &Path) -> Result<Self, AuditError> {
        let parent = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        if !parent.is_dir() || path.is_dir() {
            return Err(AuditError::Io {
                path: path.to_owned(),
                source: std::io::Error::new(std::io::ErrorKind::NotFound, "not a file in an existing directory"),
            });
        }
        Ok(AuditLog { path: path.to_owned() })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The file of the head record, beside the trail.
    pub fn head_path(&self) -> PathBuf {
        let mut name = self.path.file_name().unwrap_or_default().to_owned();
        name.push(HEAD_SUFFIX);
        self.path.with_file_name(name)
    }

    fn read_head(&self) -> Result<Option<HeadRecord>, AuditError> {
        let path = self.head_path();
        match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map(Some).map_err(|e| AuditError::Corrupt {
                path,
                line: 1,
                message: e.to_string(),
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(AuditError::Io { path, source }),
        }
    }

    /// Replaces the head record (a new file renamed over the old one: never half written).
    fn write_head(&self, head: &HeadRecord) -> Result<(), AuditError> {
        let path = self.head_path();
        let io = |source| AuditError::Io { path: path.clone(), source };
        let mut temp = path.clone().into_os_string();
        temp.push(".tmp");
        let json = serde_json::to_vec(head).map_err(|e| AuditError::Encode(e.to_string()))?;
        let mut file = File::create(&temp).map_err(io)?;
        file.write_all(&json).and_then(|()| file.sync_all()).map_err(io)?;
        std::fs::rename(&temp, &path).map_err(io)
    }

    /// Refuses a trail shorter than its head record says.
    fn check_not_lost(&self, found: u64) -> Result<(), AuditError> {
        match self.read_head()? {
            Some(head) if head.records > found => {
                Err(AuditError::Lost { path: self.path.clone(), head: self.head_path(), found, expected: head.records })
            }
            _ => Ok(()),
        }
    }

    /// Whether a record could be appended: the trail opens for appending (it is created
    /// empty if missing) and is not shorter than its head record says.
    pub fn check_writable(&self) -> Result<(), AuditError> {
        if !self.path.exists() {
            self.check_not_lost(0)?;
        }
        OpenOptions::new()
            .append(true)
            .create(true)
            .open(&self.path)
            .map_err(|source| AuditError::Io { path: self.path.clone(), source })?;
        self.check_not_lost(self.count_lines()? as u64)
    }

    /// Appends one record, chained to the last line. The file is locked for the read of the
    /// last line and the write, so concurrent appenders never share a `seq` or interleave; the
    /// line goes out in one `write_all` on an append-mode file, then fsync.
    pub fn append(&self, entry: Entry) -> Result<Record, AuditError> {
        let io = |source| AuditError::Io { path: self.path.clone(), source };
        if !self.path.exists() {
            // Not even created again when its head record says it had records.
            self.check_not_lost(0)?;
        }
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
        // A trail deleted or cut short is not continued: that would hide the loss.
        self.check_not_lost(seq)?;
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
        let written = line.trim_start_matches('\n').trim_end_matches('\n');
        self.write_head(&HeadRecord { records: seq.saturating_add(1), head: sha256_hex(written.as_bytes()) })?;
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
    /// has no records; fewer than its head record says is an error.
    pub fn records(&self) -> Result<Vec<Record>, AuditError> {
        let bytes = self.read()?.unwrap_or_default();
        self.check_not_lost(lines(&bytes).count() as u64)?;
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

    /// Checks the whole chain, and its end against the head record, and reports the first
    /// record that breaks it.
    pub fn verify(&self) -> Result<VerifyOutcome, AuditError> {
        let recorded = self.read_head()?;
        let bytes = self.read()?.unwrap_or_default();
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
            if recorded.as_ref().is_some_and(|h| h.records == expected_seq && h.head != prev) {
                return broken(Some(record.seq), BreakReason::HeadMismatch);
            }
        }
        if let Some(head) = recorded.filter(|h| h.records > expected_seq) {
            let reason = BreakReason::Missing { found: expected_seq, expected: head.records };
            let line = lines(&bytes).count() + 1;
            return Ok(VerifyOutcome::Broken(Break { line, seq: Some(expected_seq), reason }));
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
            arguments: Arguments::of(&serde_json::json!({"query": format!("q{n}")})).unwrap(),
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

    /// Regression (issue 11): deleting the trail of an index with audited history verified
    /// as "intact: 0 record(s)". The head record shows a trail deleted, cut short or rewritten,
    /// and appends refuse to continue a trail that lost records.
    #[test]
    fn a_deleted_truncated_or_rewritten_trail_is_detected_by_its_head_record() {
        let dir = tempfile::tempdir().unwrap();
        let log = AuditLog::open(dir.path()).unwrap();
        for n in 0..3 {
            log.append(entry(n)).unwrap();
        }
        let lines = std::fs::read_to_string(log.path()).unwrap();
        let missing = |found, expected| BreakReason::Missing { found, expected };

        std::fs::remove_file(log.path()).unwrap();
        let VerifyOutcome::Broken(b) = log.verify().unwrap() else { panic!("deleted trail verified") };
        assert_eq!((b.line, b.seq, b.reason), (1, Some(0), missing(0, 3)));
        assert!(matches!(log.append(entry(9)), Err(AuditError::Lost { found: 0, expected: 3, .. })));
        assert!(matches!(log.records(), Err(AuditError::Lost { .. })));
        assert!(!log.path().exists(), "a refused append must not start a new trail");

        let first: String = lines.lines().next().unwrap().to_owned() + "\n";
        std::fs::write(log.path(), &first).unwrap();
        let VerifyOutcome::Broken(b) = log.verify().unwrap() else { panic!("truncated trail verified") };
        assert_eq!((b.line, b.seq, b.reason), (2, Some(1), missing(1, 3)));
        assert!(matches!(log.append(entry(9)), Err(AuditError::Lost { found: 1, expected: 3, .. })));

        // A trail rebuilt as a valid chain of its own, as long as the first.
        let other = tempfile::tempdir().unwrap();
        let forger = AuditLog::open(other.path()).unwrap();
        for n in 0..3 {
            forger.append(entry(n + 10)).unwrap();
        }
        std::fs::copy(forger.path(), log.path()).unwrap();
        let VerifyOutcome::Broken(b) = log.verify().unwrap() else { panic!("rewritten trail verified") };
        assert_eq!((b.line, b.seq, b.reason), (3, Some(2), BreakReason::HeadMismatch));

        // Killed between the append and the head record's update: the trail is longer.
        std::fs::write(log.path(), &lines).unwrap();
        let head = std::fs::read(log.head_path()).unwrap();
        log.append(entry(3)).unwrap();
        std::fs::write(log.head_path(), head).unwrap();
        assert!(matches!(log.verify().unwrap(), VerifyOutcome::Intact { records: 4, .. }));
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
            // Without its head record, which would refuse the shorter trail.
            std::fs::remove_file(log.head_path()).unwrap();
            std::fs::write(log.path(), junk).unwrap();
            let _ = log.verify().unwrap();
            let _ = log.records();
            log.append(entry(3)).unwrap();
        }
    }
}
