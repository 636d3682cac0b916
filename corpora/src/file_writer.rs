//! Writes one `.ecd` file frame by frame and keeps its accounting (spec §6.5) as it goes.
//!
//! Frames are streamed to a `BufWriter`, except the last [`TAIL`] ones, which wait in a small
//! queue: when the file is to be truncated, the cut is made among them, so that what a
//! truncated file loses is known before it is accounted. A frame is accounted when it leaves
//! the queue, valid or inside a corrupt span:
//!
//! - a bit-flipped frame opens a span (or extends the open one: consecutive damaged frames
//!   make one span), the next valid frame closes it at its own offset;
//! - a truncated file's span runs from the cut frame (or the open span) to the end of file;
//! - trailing garbage is a span of its own after the trailer.
//!
//! The header is written first with placeholder capture times and rewritten at the end, once
//! the first and last times are known (its length does not depend on them).

use std::collections::VecDeque;
use std::fs::File;
use std::io::{BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use fastrand::Rng;

use crate::bitset::AtomicBitset;
use crate::clock::T0;
use crate::encode::{self, Header};
use crate::error::GenError;
use crate::faults::{Tally, flip_bytes};
use crate::truth::{FileTruth, Status};

/// Frames held back for a possible truncation (the most a truncation can lose).
const TAIL: usize = 32;
/// Chance that a frame starts a run of bit-flipped frames (damage only).
const FLIP_RATE: f64 = 1.0 / 5_000.0;
/// Output buffer per open file.
const BUFFER: usize = 1 << 20;

/// What a frame holds, for the accounting.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Record {
    Message { status: Status, lossy: bool, deleted: bool, dense: u64 },
    Note { status: Status, lossy: bool, deleted: bool },
    Contact,
    Unknown,
}

/// How a file is to be written.
pub(crate) struct FilePlan {
    pub name: String,
    pub path: PathBuf,
    pub imei: String,
    pub handle: String,
    pub extension: Vec<u8>,
    /// Inject bit flips.
    pub damage: bool,
    /// Cut the file short (it then has no trailer).
    pub truncate: bool,
    /// Append garbage after the trailer.
    pub garbage: bool,
}

struct Pending {
    bytes: Vec<u8>,
    offset: u64,
    corrupt: bool,
    protected: bool,
    record: Record,
}

pub(crate) struct FileWriter<'a> {
    plan: FilePlan,
    out: BufWriter<File>,
    decrypted: &'a AtomicBitset,
    /// Bytes pushed so far (written or queued).
    offset: u64,
    pending: VecDeque<Pending>,
    spare: Vec<Vec<u8>>,
    frames: u64,
    span_start: Option<u64>,
    burst_left: u32,
    first_time: Option<u64>,
    last_time: u64,
    truth: FileTruth,
    tally: Tally,
}

impl<'a> FileWriter<'a> {
    pub fn create(plan: FilePlan, decrypted: &'a AtomicBitset) -> Result<Self, GenError> {
        let file = File::create(&plan.path).map_err(GenError::io(&plan.path))?;
        let mut out = BufWriter::with_capacity(BUFFER, file);
        let header = header_bytes(&plan, T0, T0)?;
        out.write_all(&header).map_err(GenError::io(&plan.path))?;
        let truth = FileTruth {
            imei: plan.imei.clone(),
            handle: plan.handle.clone(),
            header_len: header.len() as u64,
            ..FileTruth::default()
        };
        Ok(FileWriter {
            offset: header.len() as u64,
            plan,
            out,
            decrypted,
            pending: VecDeque::with_capacity(TAIL + 1),
            spare: Vec::new(),
            frames: 0,
            span_start: None,
            burst_left: 0,
            first_time: None,
            last_time: T0,
            truth,
            tally: Tally::default(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.plan.path
    }

    /// An empty buffer to build the next frame in (recycled from written frames).
    pub fn buffer(&mut self) -> Vec<u8> {
        let mut b = self.spare.pop().unwrap_or_default();
        b.clear();
        b
    }

    /// Queues a finished frame. `protected` frames (evaluation targets) are never damaged.
    /// `time` is the record's time, for the header's capture window.
    pub fn push(
        &mut self,
        rng: &mut Rng,
        mut bytes: Vec<u8>,
        record: Record,
        protected: bool,
        time: Option<u64>,
    ) -> Result<(), GenError> {
        if let Some(t) = time {
            self.first_time.get_or_insert(t);
            self.last_time = self.last_time.max(t);
        }
        let corrupt = self.plan.damage && !protected && self.roll_flip(rng);
        if protected {
            self.burst_left = 0; // keep bursts consecutive
        }
        if corrupt {
            flip_bytes(rng, &mut bytes);
            self.tally.bump("bit_flipped_frames");
        }
        self.frames += 1;
        let len = bytes.len() as u64;
        self.pending.push_back(Pending { bytes, offset: self.offset, corrupt, protected, record });
        self.offset += len;
        while self.pending.len() > TAIL {
            if let Some(p) = self.pending.pop_front() {
                self.commit(p)?;
            }
        }
        Ok(())
    }

    fn roll_flip(&mut self, rng: &mut Rng) -> bool {
        if self.burst_left > 0 {
            self.burst_left -= 1;
            return true;
        }
        if rng.f64() < FLIP_RATE {
            // One bad sector in four spans several frames.
            self.burst_left = if rng.u8(0..4) == 0 { rng.u32(1..=2) } else { 0 };
            return true;
        }
        false
    }

    fn write(&mut self, bytes: &[u8]) -> Result<(), GenError> {
        self.out.write_all(bytes).map_err(GenError::io(&self.plan.path))
    }

    fn close_span(&mut self, at: u64) {
        if let Some(start) = self.span_start.take() {
            self.truth.corrupt_spans.push([start, at - start]);
        }
    }

    fn commit(&mut self, p: Pending) -> Result<(), GenError> {
        self.write(&p.bytes)?;
        if p.corrupt {
            self.span_start.get_or_insert(p.offset);
        } else {
            self.close_span(p.offset);
            self.truth.valid_frames += 1;
            self.account(p.record);
        }
        self.spare.push(p.bytes);
        Ok(())
    }

    fn account(&mut self, record: Record) {
        let t = &mut self.truth;
        match record {
            Record::Message { status, lossy, deleted, dense } => {
                t.messages.add(status);
                t.lossy_utf8 += u64::from(lossy);
                t.deleted += u64::from(deleted);
                if status == Status::Decrypted {
                    self.decrypted.set(dense);
                }
            }
            Record::Note { status, lossy, deleted } => {
                t.notes.add(status);
                t.lossy_utf8 += u64::from(lossy);
                t.deleted += u64::from(deleted);
            }
            Record::Contact => t.contacts += 1,
            Record::Unknown => t.unknown += 1,
        }
    }

    /// Ends the file (trailer, or a truncation; garbage), patches the header and returns
    /// the file's name, accounting and injected faults.
    pub fn finish(mut self, rng: &mut Rng) -> Result<(String, FileTruth, Tally), GenError> {
        let trailer = encode::trailer_frame(self.frames);
        let size = if self.plan.truncate {
            self.truncate(rng, trailer)?
        } else {
            while let Some(p) = self.pending.pop_front() {
                self.commit(p)?;
            }
            let trailer_at = self.offset;
            self.write(&trailer)?;
            self.close_span(trailer_at);
            self.truth.valid_frames += 1;
            let end = trailer_at + trailer.len() as u64;
            if self.plan.garbage {
                let garbage = garbage(rng, &trailer);
                self.write(&garbage)?;
                self.truth.corrupt_spans.push([end, garbage.len() as u64]);
                self.truth.trailing_garbage = true;
                self.tally.bump("trailing_garbage");
                end + garbage.len() as u64
            } else {
                end
            }
        };
        self.truth.size = size;
        let path = self.plan.path.clone();
        let mut file =
            self.out.into_inner().map_err(|e| GenError::Io { path: path.clone(), source: e.into_error() })?;
        let first = self.first_time.unwrap_or(T0);
        let header = header_bytes(&self.plan, first, self.last_time.max(first))?;
        file.seek(SeekFrom::Start(0)).map_err(GenError::io(&path))?;
        file.write_all(&header).map_err(GenError::io(&path))?;
        Ok((self.plan.name, self.truth, self.tally))
    }

    /// Cuts the file inside one of its last frames (never losing a protected one), or inside
    /// the trailer; returns the file size.
    fn truncate(&mut self, rng: &mut Rng, trailer: Vec<u8>) -> Result<u64, GenError> {
        let mut lose = rng.usize(0..=self.pending.len());
        while lose > 0 && self.pending.iter().rev().take(lose).any(|p| p.protected) {
            lose -= 1;
        }
        for _ in 0..self.pending.len() - lose {
            if let Some(p) = self.pending.pop_front() {
                self.commit(p)?;
            }
        }
        let (cut_frame, cut_at) = match self.pending.pop_front() {
            Some(p) => (p.bytes, p.offset),
            None => (trailer, self.offset),
        };
        // Frames are at least 12 bytes: keep 1 to len-1 of them.
        let keep = rng.usize(1..cut_frame.len());
        self.write(&cut_frame[..keep])?;
        let end = cut_at + keep as u64;
        self.span_start.get_or_insert(cut_at);
        self.close_span(end);
        self.pending.clear();
        self.truth.truncated = true;
        self.tally.bump("truncated_files");
        Ok(end)
    }
}

fn header_bytes(plan: &FilePlan, start: u64, end: u64) -> Result<Vec<u8>, GenError> {
    encode::header(&Header {
        version: tapir_parsers::VERSION,
        imei: &plan.imei,
        handle: &plan.handle,
        capture_start: start,
        capture_end: end,
        extension: &plan.extension,
    })
    .map_err(GenError::encode(&plan.path))
}

/// Bytes after the trailer: noise, sometimes with a well-formed trailer frame inside that a
/// decoder must not pick up (§4.4: garbage is not searched for frames).
fn garbage(rng: &mut Rng, trailer: &[u8]) -> Vec<u8> {
    let mut g: Vec<u8> = (0..rng.usize(1..=48)).map(|_| rng.u8(..)).collect();
    if rng.u8(0..3) == 0 {
        g.extend_from_slice(trailer);
        g.extend((0..rng.usize(0..=8)).map(|_| rng.u8(..)));
    }
    g
}

#[cfg(test)]
mod tests {
    use super::*;
    use tapir_parsers::FrameType;

    use crate::encode::{begin_frame, finish_frame};

    fn frame(n: usize) -> Vec<u8> {
        let mut f = Vec::new();
        let s = begin_frame(&mut f, FrameType::CONTACT, 0);
        f.extend(std::iter::repeat_n(b'x', n));
        finish_frame(&mut f, s).unwrap();
        f
    }

    fn write(truncate: bool, garbage: bool, frames: usize, damage: bool) -> (FileTruth, u64, Vec<u64>) {
        let dir = tempfile::tempdir().unwrap();
        let bits = AtomicBitset::new(0);
        let plan = FilePlan {
            name: "f.ecd".into(),
            path: dir.path().join("f.ecd"),
            imei: "356938035643809".into(),
            handle: "h".into(),
            extension: vec![],
            damage,
            truncate,
            garbage,
        };
        let mut w = FileWriter::create(plan, &bits).unwrap();
        let mut rng = Rng::with_seed(frames as u64);
        let mut sizes = Vec::new();
        for i in 0..frames {
            let f = frame(i % 7);
            sizes.push(f.len() as u64);
            w.push(&mut rng, f, Record::Contact, false, Some(T0 + i as u64)).unwrap();
        }
        let (_, t, _) = w.finish(&mut rng).unwrap();
        let len = std::fs::metadata(dir.path().join("f.ecd")).unwrap().len();
        (t, len, sizes)
    }

    #[test]
    fn clean_file_accounts_every_byte() {
        let (t, len, sizes) = write(false, false, 50, false);
        assert_eq!(t.size, len);
        assert_eq!(t.valid_frames, 51);
        assert_eq!(t.contacts, 50);
        assert_eq!(t.accounted(sizes.iter().sum::<u64>() + 20), len);
    }

    #[test]
    fn truncated_file_ends_in_one_span_to_eof() {
        for n in [0, 1, 3, 40, 100] {
            let (t, len, sizes) = write(true, false, n, false);
            assert!(t.truncated);
            assert_eq!(t.size, len);
            let last = *t.corrupt_spans.last().unwrap();
            assert_eq!(last[0] + last[1], len);
            // The valid frames are a prefix of the frames written.
            let valid: u64 = sizes.iter().take(t.valid_frames as usize).sum();
            assert_eq!(t.accounted(valid), len);
        }
    }

    #[test]
    fn garbage_is_its_own_span_after_the_trailer() {
        let (t, len, sizes) = write(false, true, 10, false);
        assert!(t.trailing_garbage);
        assert_eq!(t.corrupt_spans.len(), 1);
        let [off, l] = t.corrupt_spans[0];
        assert_eq!(off + l, len);
        assert_eq!(t.accounted(sizes.iter().sum::<u64>() + 20), len);
    }
}
