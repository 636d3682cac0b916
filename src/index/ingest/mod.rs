//! `ingest`: decoded evidence into the index, one document per logical message.
//!
//! Two phases keep memory bounded whatever the corpus size:
//! 1. **Decode** every new file in parallel (rayon). Each copy of a message or note becomes a
//!    21-byte spill record `(key hash, file number, flags, frame offset)` written to one of
//!    P partition files chosen by the key hash; the text is not spilled (plaintext never
//!    touches scratch files).
//! 2. **Index** the partitions in parallel. All copies of one logical message fall into the
//!    same partition, so each partition is sorted and grouped on its own: a group's frames are
//!    re-read from the read-only maps, one decrypted copy gives the text, and the group becomes
//!    one document listing every copy. Documents already in the index (earlier runs) are
//!    merged: copies are united, the best status wins.
//!
//! Everything becomes visible in one tantivy commit whose payload is the new manifest, so a
//! run killed at any moment leaves the index exactly as the previous commit left it.
//!
//! [`spill`] holds the record format and its partition files, [`collect`] the phase 1 visitor;
//! this file plans the run and indexes the groups.

mod collect;
mod spill;

use std::collections::{BTreeSet, HashMap};
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use tantivy::collector::{Count, DocSetCollector};
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::{IndexWriter, TantivyDocument, Term};
use tapir_parsers::{Frame, Message, Note, PayloadError, Text, frame_at};

use super::Kind;
use super::copies::{self, StoredCopy};
use super::directory::remove_unreferenced;
use super::manifest::{EvidenceEntry, Manifest, RejectedFile, RunRecord};
use super::progress::Progress;
use super::schema::Fields;
use super::stored::{Content, Identity, NewDocument, Record, Stored};
use super::{IndexError, SCHEMA_VERSION, TANTIVY_DIR, TapirIndex, engine, guarded};
use crate::decode::{Opened, OpenedNote, Status};
use crate::evidence::{Evidence, collect_dumps, sha256_hex};
use crate::keys::{DeviceKeys, Keyring};
use crate::lang::Lang;
use crate::report::{FileReport, Rejected, process_hashed_file};
use collect::Collect;
use spill::{NOTE_FLAG, SPILL_LEN, Spill, SpillRecord};

#[derive(Clone, Debug)]
pub struct IngestOptions {
    /// tantivy indexing threads.
    pub writer_threads: usize,
    /// tantivy's memory budget, split across its threads.
    pub writer_memory_bytes: usize,
    /// Copies per spill partition: bounds phase 2's memory (24 bytes a copy in RAM).
    pub copies_per_partition: u64,
}

impl Default for IngestOptions {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        IngestOptions {
            writer_threads: cores.clamp(1, 4),
            writer_memory_bytes: 512 << 20,
            copies_per_partition: 2 << 20,
        }
    }
}

/// What `ingest --report` writes: files and rejected as `inspect --json`, then the counts of
/// the whole index after the run.
#[derive(Clone, Debug, serde::Serialize)]
pub struct IngestReport {
    pub files: Vec<FileReport>,
    pub rejected: Vec<Rejected>,
    pub logical_messages: u64,
    pub logical_decrypted: u64,
    #[serde(skip)]
    pub new_files: usize,
    #[serde(skip)]
    pub redecoded_files: usize,
    #[serde(skip)]
    pub unchanged_files: usize,
}

/// A handle as text; bytes that are not UTF-8 are kept distinct by a hex form.
fn handle_text(t: Text<'_>) -> String {
    match std::str::from_utf8(t.bytes()) {
        Ok(s) => s.to_owned(),
        Err(_) => format!("0x{}", hex::encode(t.bytes())),
    }
}

pub(crate) fn message_key(sender: &str, message_id: u64) -> String {
    format!("m\u{1f}{sender}\u{1f}{message_id}")
}

pub(crate) fn note_key(imei: &str, note_id: u64) -> String {
    format!("n\u{1f}{imei}\u{1f}{note_id}")
}

pub(crate) fn conversation_key(a: &str, b: &str) -> String {
    if a <= b { format!("{a}\u{1f}{b}") } else { format!("{b}\u{1f}{a}") }
}

/// The `conversation_id` column of a message between `a` and `b` (either way): a hash of
/// [`conversation_key`]. It is stored in indexes, so it must never change without a
/// [`SCHEMA_VERSION`] bump.
pub(crate) fn conversation_id(a: &str, b: &str) -> u64 {
    stable_hash(conversation_key(a, b).as_bytes())
}

/// The `conversation_id` column of a note: a hash of its owner's handle alone (a pair's key
/// always holds a separator, so the two never meet by construction, only by collision).
pub(crate) fn note_conversation_id(owner: &str) -> u64 {
    stable_hash(owner.as_bytes())
}

/// FNV-1a, then SplitMix64's finaliser to spread it: written out here, not taken from a
/// hashing crate whose next version may change its output (ids are persisted, unlike
/// [`key_hash`]'s partitions).
fn stable_hash(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

/// An opened evidence file and its SHA-256.
type HashedEvidence = (Evidence, String);
/// A decoded file's report, its contacts (handle, nickname) and its owner's handle.
type DecodedFile = (FileReport, Vec<(String, String)>, String);

/// One file of this run.
struct RunFile {
    file_no: u32,
    evidence: Evidence,
    /// Its SHA-256, computed once when the run was planned.
    sha256: String,
    imei: String,
    /// Key ids to re-decode for a known file; `None` for a new file.
    only_key_ids: Option<BTreeSet<u32>>,
}

impl TapirIndex {
    /// Decodes, decrypts and indexes the dumps under `paths`. Files already in the index
    /// (same SHA-256) are left alone unless the keyring now holds keys they lacked.
    pub fn ingest<P: AsRef<Path>>(
        &mut self,
        paths: &[P],
        keyring: &Keyring,
        options: &IngestOptions,
        progress: &dyn Progress,
    ) -> Result<IngestReport, IndexError> {
        let dir = self.dir.clone();
        guarded(&dir, || self.ingest_unguarded(paths, keyring, options, progress))
    }

    fn ingest_unguarded<P: AsRef<Path>>(
        &mut self,
        paths: &[P],
        keyring: &Keyring,
        options: &IngestOptions,
        progress: &dyn Progress,
    ) -> Result<IngestReport, IndexError> {
        let mut writer: IndexWriter<TantivyDocument> = self
            .index
            .writer_with_num_threads(options.writer_threads.max(1), options.writer_memory_bytes.max(16 << 20))
            .map_err(|e| match e {
                tantivy::TantivyError::LockFailure(..) => IndexError::Busy(self.dir.clone()),
                e => engine(&self.dir, e),
            })?;
        // Readers must see the last commit, not whatever a killed run left behind.
        self.reader.reload().map_err(|e| engine(&self.dir, e))?;
        // Nor may what it left block this run: a run killed during its commit leaves files
        // (`<segment>.<opstamp>.del`) that this one would write again under the same names.
        // The writer's lock is held: no other commit can reference them meanwhile.
        let tantivy_dir = self.dir.join(TANTIVY_DIR);
        let last_commit = self.index.load_metas().map_err(|e| engine(&self.dir, e))?;
        remove_unreferenced(&tantivy_dir, &last_commit)
            .map_err(|source| IndexError::Io { path: tantivy_dir.clone(), source })?;
        let mut manifest = self.load_manifest()?;
        manifest.schema_version = SCHEMA_VERSION;

        // Open and hash every given file; decide what this run decodes.
        // Evidence is known by its absolute, canonical path: `verify` and the copies' `file`
        // find it from any working directory.
        let mut paths: Vec<PathBuf> = collect_dumps(paths)?.iter().map(|p| canonical(p)).collect();
        paths.sort();
        paths.dedup();
        progress.phase("hashing", paths.len() as u64);
        let opened: Vec<(PathBuf, Result<HashedEvidence, Rejected>)> = paths
            .par_iter()
            .map(|path| {
                let result = Evidence::open(path)
                    .map(|ev| {
                        let sha = sha256_hex(ev.bytes());
                        (ev, sha)
                    })
                    .map_err(|e| Rejected { path: path.clone(), reason: e.to_string() });
                progress.advance(1);
                (path.clone(), result)
            })
            .collect();

        let known: HashMap<String, usize> =
            manifest.files.iter().enumerate().map(|(i, f)| (f.report.sha256.clone(), i)).collect();
        let mut rejected = Vec::new();
        // SHA-256 of the rejected files that could be read, for the manifest.
        let mut rejected_sha: HashMap<PathBuf, String> = HashMap::new();
        let mut run_files: Vec<RunFile> = Vec::new();
        let mut unchanged: Vec<FileReport> = Vec::new();
        let mut seen_sha = BTreeSet::new();
        let mut next_no = manifest.files.len() as u32;
        for (path, result) in opened {
            let (evidence, sha256) = match result {
                Ok(x) => x,
                Err(r) => {
                    rejected.push(r);
                    continue;
                }
            };
            if !seen_sha.insert(sha256.clone()) {
                continue; // the same evidence given twice in one run
            }
            // A file whose header fails is rejected here, before it is given a number.
            let imei = match tapir_parsers::parse_header(evidence.bytes()) {
                Ok(header) => header.imei.to_owned(),
                Err(e) => {
                    rejected_sha.insert(path.clone(), sha256);
                    rejected.push(Rejected { path, reason: e.to_string() });
                    continue;
                }
            };
            let current_ids = keyring.key_ids(&imei);
            match known.get(&sha256) {
                Some(&i) => {
                    let entry = &manifest.files[i];
                    let new_ids: BTreeSet<u32> =
                        current_ids.iter().copied().filter(|id| !entry.key_ids.contains(id)).collect();
                    let locked = entry.report.messages.no_key + entry.report.notes.no_key > 0;
                    if new_ids.is_empty() || !locked {
                        // Found where it was given this time (evidence moved, or an index
                        // built from relative paths).
                        manifest.files[i].report.path = path;
                        unchanged.push(manifest.files[i].report.clone());
                    } else {
                        run_files.push(RunFile {
                            file_no: entry.file_no,
                            evidence,
                            sha256: sha256.clone(),
                            imei,
                            only_key_ids: Some(new_ids),
                        });
                    }
                }
                None => {
                    run_files.push(RunFile {
                        file_no: next_no,
                        evidence,
                        sha256: sha256.clone(),
                        imei,
                        only_key_ids: None,
                    });
                    next_no += 1;
                }
            }
        }

        record_rejected(&mut manifest, &rejected, &mut rejected_sha, &run_files, &unchanged);

        // Phase 1: decode, account, spill.
        let total_bytes: u64 = run_files.iter().map(|f| f.evidence.bytes().len() as u64).sum();
        let partitions = ((total_bytes / 80).div_ceil(options.copies_per_partition.max(1)) as usize).clamp(1, 4096);
        let spill = Spill::create(self.dir.join("ingest-tmp"), partitions)?;
        progress.phase("decoding", total_bytes);
        let decoded: Vec<DecodedFile> = run_files
            .par_iter()
            .map(|rf| {
                let mut visitor = Collect {
                    spill: &spill,
                    file_no: rf.file_no,
                    imei: String::new(),
                    only_key_ids: rf.only_key_ids.as_ref(),
                    local: vec![Vec::new(); partitions],
                    contacts: Vec::new(),
                    owner: String::new(),
                    error: None,
                };
                let report = process_hashed_file(&rf.evidence, rf.sha256.clone(), keyring, &mut visitor);
                for part in 0..partitions {
                    if !visitor.local[part].is_empty() {
                        visitor.flush(part);
                    }
                }
                progress.advance(rf.evidence.bytes().len() as u64);
                if let Some(source) = visitor.error {
                    return Err(IndexError::Io { path: spill.dir.clone(), source });
                }
                // The header was checked when the run was planned; failing now means the
                // file changed underneath us.
                let report = report
                    .map_err(|r| engine(rf.evidence.path(), format!("evidence changed while reading: {}", r.reason)))?;
                Ok((report, visitor.contacts, visitor.owner))
            })
            .collect::<Result<Vec<DecodedFile>, IndexError>>()?;
        let spill_dir = spill.dir.clone();
        let part_paths = spill.finish()?;

        let mut reports = Vec::new();
        let mut new_files = 0;
        let mut redecoded = 0;
        for (rf, (report, contacts, owner)) in run_files.iter().zip(decoded) {
            let nicknames = manifest.nicknames.entry(owner).or_default();
            for (handle, nick) in contacts {
                nicknames.insert(handle, nick);
            }
            let entry =
                EvidenceEntry { file_no: rf.file_no, report: report.clone(), key_ids: keyring.key_ids(&rf.imei) };
            if rf.only_key_ids.is_some() {
                manifest.files[rf.file_no as usize] = entry;
                redecoded += 1;
            } else {
                // New files are numbered densely after the known ones.
                debug_assert_eq!(manifest.files.len() as u32, rf.file_no);
                manifest.files.push(entry);
                new_files += 1;
            }
            reports.push(report);
        }

        // Phase 2: group copies into logical messages, write documents.
        let by_no: HashMap<u32, &RunFile> = run_files.iter().map(|f| (f.file_no, f)).collect();
        let device_keys: HashMap<u32, DeviceKeys<'_>> =
            run_files.iter().map(|f| (f.file_no, keyring.device(&f.imei))).collect();
        let searcher = self.reader.searcher();
        let ctx = GroupContext {
            fields: &self.fields,
            files: &by_no,
            keys: &device_keys,
            manifest: &manifest,
            existing: if searcher.num_docs() > 0 { Some(&searcher) } else { None },
            writer: &writer,
            dir: &self.dir,
        };
        let total_records: u64 =
            part_paths.iter().map(|p| std::fs::metadata(p).map_or(0, |m| m.len() / SPILL_LEN as u64)).sum();
        progress.phase("indexing", total_records);
        part_paths.par_iter().try_for_each(|path| index_partition(path, &ctx, progress))?;

        manifest.runs.push(RunRecord {
            finished_at: crate::time::rfc3339_ms(crate::time::now_ms()),
            new_files,
            redecoded_files: redecoded,
        });
        progress.phase("committing", 1);
        let payload = serde_json::to_string(&manifest).map_err(|e| engine(&self.dir, e))?;
        let mut prepared = writer.prepare_commit().map_err(|e| engine(&self.dir, e))?;
        prepared.set_payload(&payload);
        let opstamp = prepared.commit().map_err(|e| engine(&self.dir, e))?;
        writer.wait_merging_threads().map_err(|e| engine(&self.dir, e))?;
        let _ = std::fs::remove_dir_all(&spill_dir);
        self.reader.reload().map_err(|e| engine(&self.dir, e))?;
        self.set_view(manifest, opstamp);
        progress.finish();

        let (logical_messages, logical_decrypted) = self.logical_counts()?;
        let mut files: Vec<FileReport> = reports.into_iter().chain(unchanged.iter().cloned()).collect();
        files.sort_by(|a, b| a.path.cmp(&b.path));
        rejected.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(IngestReport {
            files,
            rejected,
            logical_messages,
            logical_decrypted,
            new_files,
            redecoded_files: redecoded,
            unchanged_files: unchanged.len(),
        })
    }

    /// Distinct logical messages in the index, and those with a decrypted copy.
    pub fn logical_counts(&self) -> Result<(u64, u64), IndexError> {
        guarded(&self.dir, || self.logical_counts_unguarded())
    }

    fn logical_counts_unguarded(&self) -> Result<(u64, u64), IndexError> {
        let searcher = self.reader.searcher();
        let f = &self.fields;
        let messages = TermQuery::new(Term::from_field_text(f.record, "message"), IndexRecordOption::Basic);
        let decrypted = BooleanQuery::new(vec![
            (Occur::Must, Box::new(messages.clone()) as Box<dyn Query>),
            (
                Occur::Must,
                Box::new(TermQuery::new(Term::from_field_text(f.status, "decrypted"), IndexRecordOption::Basic)),
            ),
        ]);
        let count = |q: &dyn Query| searcher.search(q, &Count).map(|n| n as u64).map_err(|e| engine(&self.dir, e));
        Ok((count(&messages)?, count(&decrypted)?))
    }
}

/// An absolute path to `path`, symbolic links resolved when it exists.
fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).or_else(|_| std::path::absolute(path)).unwrap_or_else(|_| path.to_owned())
}

/// Records this run's rejected files in the manifest, one entry a path: a path rejected
/// again replaces its entry, a path accepted now leaves the list.
fn record_rejected(
    manifest: &mut Manifest,
    rejected: &[Rejected],
    rejected_sha: &mut HashMap<PathBuf, String>,
    run_files: &[RunFile],
    unchanged: &[FileReport],
) {
    let settled: BTreeSet<&Path> = rejected
        .iter()
        .map(|r| r.path.as_path())
        .chain(run_files.iter().map(|f| f.evidence.path()))
        .chain(unchanged.iter().map(|r| r.path.as_path()))
        .collect();
    manifest.rejected.retain(|r| !settled.contains(r.path.as_path()));
    manifest.rejected.extend(rejected.iter().map(|r| RejectedFile {
        path: r.path.clone(),
        reason: r.reason.clone(),
        sha256: rejected_sha.remove(&r.path),
    }));
    manifest.rejected.sort_by(|a, b| a.path.cmp(&b.path));
}

struct GroupContext<'a> {
    fields: &'a Fields,
    files: &'a HashMap<u32, &'a RunFile>,
    keys: &'a HashMap<u32, DeviceKeys<'a>>,
    manifest: &'a Manifest,
    existing: Option<&'a tantivy::Searcher>,
    writer: &'a IndexWriter<TantivyDocument>,
    dir: &'a Path,
}

fn index_partition(path: &Path, ctx: &GroupContext<'_>, progress: &dyn Progress) -> Result<(), IndexError> {
    let io = |source| IndexError::Io { path: path.to_owned(), source };
    let mut bytes = Vec::new();
    File::open(path).and_then(|mut f| f.read_to_end(&mut bytes)).map_err(io)?;
    let mut records: Vec<SpillRecord> = bytes.chunks_exact(SPILL_LEN).map(SpillRecord::read).collect();
    drop(bytes);
    records.sort_unstable_by_key(|r| (r.key_hash, r.file_no, r.offset));
    let mut plain = Vec::new();
    // Progress is told in batches: a call per group (a lock and a clock read in the binary's
    // bar) measured 3.6 % of ingest CPU without tantivy.
    let mut unreported = 0u64;
    for group in records.chunk_by(|a, b| a.key_hash == b.key_hash) {
        if group[0].flags & NOTE_FLAG != 0 {
            index_notes(group, ctx, &mut plain)?;
        } else {
            index_messages(group, ctx, &mut plain)?;
        }
        unreported += group.len() as u64;
        if unreported >= 1 << 14 {
            progress.advance(std::mem::take(&mut unreported));
        }
    }
    progress.advance(unreported);
    Ok(())
}

fn changed_evidence(ctx: &GroupContext<'_>, file_no: u32, offset: u64) -> IndexError {
    let path = ctx.files.get(&file_no).map(|f| f.evidence.path().to_owned()).unwrap_or_default();
    IndexError::Engine {
        path: ctx.dir.to_owned(),
        message: format!(
            "evidence {} changed during ingest: no valid frame at offset {offset} any more",
            path.display()
        ),
    }
}

/// Re-reads the copy `r` names from its evidence's map, decoded by `parse`, and its file:
/// phase 1 found a valid record there, so anything else means the evidence changed.
fn reread<'c, T>(
    ctx: &GroupContext<'c>,
    r: &SpillRecord,
    parse: impl FnOnce(&Frame<'c>) -> Result<T, PayloadError>,
) -> Result<(T, &'c RunFile), IndexError> {
    let changed = || changed_evidence(ctx, r.file_no, r.offset);
    let file = *ctx.files.get(&r.file_no).ok_or_else(changed)?;
    let frame = frame_at(file.evidence.bytes(), r.offset as usize).map_err(|_| changed())?;
    Ok((parse(&frame).map_err(|_| changed())?, file))
}

/// A copy re-read from its evidence.
struct Resolved<'f> {
    record: SpillRecord,
    message: Message<'f>,
}

fn index_messages(group: &[SpillRecord], ctx: &GroupContext<'_>, plain: &mut Vec<u8>) -> Result<(), IndexError> {
    let mut resolved = Vec::with_capacity(group.len());
    for r in group {
        let (message, _) = reread(ctx, r, Message::parse)?;
        resolved.push(Resolved { record: *r, message });
    }
    // Equal hashes almost always mean equal keys; split the rare collision exactly.
    resolved.sort_by(|a, b| {
        (a.message.sender.bytes(), a.message.message_id).cmp(&(b.message.sender.bytes(), b.message.message_id))
    });
    for same in
        resolved.chunk_by(|a, b| a.message.sender == b.message.sender && a.message.message_id == b.message.message_id)
    {
        index_one_message(same, ctx, plain)?;
    }
    Ok(())
}

fn index_one_message(copies_: &[Resolved<'_>], ctx: &GroupContext<'_>, plain: &mut Vec<u8>) -> Result<(), IndexError> {
    let first = &copies_[0].message;
    let sender = handle_text(first.sender);
    let recipient = handle_text(first.recipient);
    let stored: Vec<StoredCopy> = copies_
        .iter()
        .map(|c| {
            let (sent, deleted, status) =
                copies::unpack_flags(c.record.flags).unwrap_or((false, false, Status::Malformed));
            StoredCopy { file_no: c.record.file_no, offset: c.record.offset, sent, deleted, status }
        })
        .collect();
    let mut content = None;
    for c in copies_ {
        if copies::unpack_flags(c.record.flags).is_some_and(|(_, _, s)| s == Status::Decrypted) {
            let Some(keys) = ctx.keys.get(&c.record.file_no) else { continue };
            if let Opened::Decrypted(body) = crate::decode::open_message(&c.message, keys, plain) {
                content = Some(Content::of_body(&body));
                break;
            }
        }
    }
    let identity = Identity {
        key: &message_key(&sender, first.message_id),
        record: Record::Message { sender: &sender, recipient: &recipient },
        conversation_id: conversation_id(&sender, &recipient),
        message_id: first.message_id,
        sent_at: first.sent_at,
    };
    finish_doc(ctx, identity, stored, content, Kind::Unknown)
}

fn index_notes(group: &[SpillRecord], ctx: &GroupContext<'_>, plain: &mut Vec<u8>) -> Result<(), IndexError> {
    // Notes are keyed by (imei, note_id); copies come from the split files of one device.
    let mut resolved = Vec::with_capacity(group.len());
    for r in group {
        let (note, file) = reread(ctx, r, Note::parse)?;
        resolved.push((r, note, file));
    }
    resolved.sort_by(|a, b| (a.2.imei.as_str(), a.1.note_id).cmp(&(b.2.imei.as_str(), b.1.note_id)));
    for same in resolved.chunk_by(|a, b| a.2.imei == b.2.imei && a.1.note_id == b.1.note_id) {
        let (_, note, file) = &same[0];
        let owner = ctx.manifest.file(file.file_no).map(|e| e.report.handle.clone()).unwrap_or_default();
        let stored: Vec<StoredCopy> = same
            .iter()
            .map(|(r, ..)| {
                let (_, deleted, status) =
                    copies::unpack_flags(r.flags & !NOTE_FLAG).unwrap_or((false, false, Status::Malformed));
                StoredCopy { file_no: r.file_no, offset: r.offset, sent: true, deleted, status }
            })
            .collect();
        let mut content = None;
        for (r, note, _) in same {
            let Some(keys) = ctx.keys.get(&r.file_no) else { continue };
            if let OpenedNote::Decrypted(text) = crate::decode::open_note(note, keys, plain) {
                content = Some(Content::note(text.to_str_lossy().into_owned()));
                break;
            }
        }
        let identity = Identity {
            key: &note_key(&file.imei, note.note_id),
            record: Record::Note { owner: &owner },
            conversation_id: note_conversation_id(&owner),
            message_id: note.note_id,
            sent_at: note.written_at,
        };
        finish_doc(ctx, identity, stored, content, Kind::Note)?;
    }
    Ok(())
}

/// Merges with the document an earlier run wrote for the same key (if any), then adds the
/// document. `locked_kind` names the kind while no copy decrypts.
fn finish_doc(
    ctx: &GroupContext<'_>,
    identity: Identity<'_>,
    mut stored: Vec<StoredCopy>,
    mut content: Option<Content>,
    locked_kind: Kind,
) -> Result<(), IndexError> {
    let mut lang = None;
    if let Some(existing) = take_existing(ctx, identity.key)? {
        merge_copies(&mut stored, existing.copies);
        if content.is_none() && existing.status == Status::Decrypted {
            content = Some(existing.content);
            lang = Some(existing.lang);
        }
    }
    let content = content.unwrap_or_else(|| Content::locked(locked_kind));
    let lang = lang.unwrap_or_else(|| crate::lang::detect(&content.text));
    let imeis: BTreeSet<&str> =
        stored.iter().filter_map(|c| ctx.manifest.file(c.file_no).map(|e| e.report.imei.as_str())).collect();
    let doc = NewDocument { identity, content: &content, lang, copies: &stored, imeis };
    ctx.writer.add_document(doc.build(ctx.fields)).map_err(|e| engine(ctx.dir, e))?;
    Ok(())
}

/// A document of an earlier run that this run's copies extend.
struct Existing {
    copies: Vec<StoredCopy>,
    status: Status,
    content: Content,
    lang: Lang,
}

/// Finds the document for `key` in the last commit and schedules its deletion: the caller
/// adds the merged document in its place, in the same commit.
fn take_existing(ctx: &GroupContext<'_>, key: &str) -> Result<Option<Existing>, IndexError> {
    let Some(searcher) = ctx.existing else { return Ok(None) };
    let term = Term::from_field_text(ctx.fields.key, key);
    let hits = searcher
        .search(&TermQuery::new(term.clone(), IndexRecordOption::Basic), &DocSetCollector)
        .map_err(|e| engine(ctx.dir, e))?;
    let Some(address) = hits.into_iter().next() else { return Ok(None) };
    let doc: TantivyDocument = searcher.doc(address).map_err(|e| engine(ctx.dir, e))?;
    let stored = Stored::new(&doc, ctx.fields);
    let existing =
        Existing { copies: stored.copies(), status: stored.status(), content: stored.content(), lang: stored.lang() };
    ctx.writer.delete_term(term);
    Ok(Some(existing))
}

/// Unites copies by (file, offset); a copy seen again keeps its better status.
fn merge_copies(into: &mut Vec<StoredCopy>, earlier: Vec<StoredCopy>) {
    for old in earlier {
        match into.iter_mut().find(|c| c.file_no == old.file_no && c.offset == old.offset) {
            Some(c) => c.status = copies::best_status([c.status, old.status]),
            None => into.push(old),
        }
    }
    into.sort_by_key(|c| (c.file_no, c.offset));
}

#[cfg(test)]
mod tests {
    use tantivy::DocSet;

    use super::*;
    use crate::index::SilentProgress;

    #[test]
    fn conversation_ids_are_symmetric_and_never_change() {
        assert_eq!(conversation_id("a", "b"), conversation_id("b", "a"));
        assert_ne!(conversation_id("a", "b"), conversation_id("a", "c"));
        assert_ne!(note_conversation_id("a"), conversation_id("a", "a"));
        // Persisted in every index: a change here needs a SCHEMA_VERSION bump.
        assert_eq!(
            [stable_hash(b""), conversation_id("renard-gris17", "wolf-zwart3"), note_conversation_id("renard-gris17")],
            [17_665_956_581_633_026_203, 13_428_948_492_009_753_591, 2_404_604_173_590_286_062]
        );
    }

    /// Every document has its conversation id in the fast column, and entity terms and its
    /// stored entities when its content holds entities.
    #[test]
    fn documents_carry_their_conversation_id_and_entities() {
        let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora/fixtures/ecd-small");
        let keyring = Keyring::load_files(&[corpus.join("keys/seized.keys")]).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let mut index = TapirIndex::create_or_open(&dir.path().join("idx")).unwrap();
        index.ingest(&[corpus.join("dumps")], &keyring, &IngestOptions::default(), &SilentProgress).unwrap();
        let searcher = index.searcher();
        let (mut docs, mut with_entities) = (0, 0);
        for segment in searcher.segment_readers() {
            let ids = segment.fast_fields().u64("conversation_id").unwrap();
            let store = segment.get_store_reader(0).unwrap();
            let entity = segment.inverted_index(index.fields.entity).unwrap();
            for doc_id in segment.doc_ids_alive() {
                let doc: TantivyDocument = store.get(doc_id).unwrap();
                let hit = index.hit_of(&doc, &index.manifest(), 0.0);
                let want = if hit.kind == Kind::Note {
                    note_conversation_id(&hit.sender)
                } else {
                    conversation_id(&hit.sender, &hit.recipient)
                };
                assert_eq!(ids.first(doc_id), Some(want), "{}:{}", hit.sender, hit.message_id);
                docs += 1;
                let content = Content { kind: hit.kind, text: hit.text.clone(), extra: hit.extra.clone() };
                let entities = content.entities(hit.lang);
                let tagged = crate::index::stored::tagged_entities(&entities);
                let stored: Vec<String> = tagged.iter().cloned().collect();
                assert_eq!(index.stored(&doc).entities(), stored, "entities stored for {:?}", hit.text);
                for term in crate::index::stored::entity_terms(entities, tagged) {
                    let mut postings = entity
                        .read_postings(&Term::from_field_text(index.fields.entity, &term), IndexRecordOption::Basic)
                        .unwrap()
                        .unwrap_or_else(|| panic!("{term:?} of {:?} not indexed", hit.text));
                    assert_eq!(postings.seek(doc_id), doc_id, "{term:?} not on {:?}", hit.text);
                    with_entities += 1;
                }
            }
        }
        assert!(docs > 1000 && with_entities > 50, "{docs} documents, {with_entities} entity terms");
    }
}
