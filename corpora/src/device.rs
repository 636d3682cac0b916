//! Writes one intercepted device's capture: its contacts, then its messages and notes merged
//! in time order from the streams of its conversations, sealed with the device's own keys,
//! damaged now and then, split over one or two files.
//!
//! Memory per device is one pending message per conversation plus the file writer's small
//! queue: the stream is written as it is merged.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};

use fastrand::Rng;
use tapir_parsers::{FrameFlags, FrameType, NONCE_LEN};

use crate::Sealer;
use crate::bitset::AtomicBitset;
use crate::clock::DAY;
use crate::content::Chatter;
use crate::conversation::{Body, ConvStream, Message, Tag, with_invalid_utf8};
use crate::encode::{self, MessageMeta};
use crate::error::GenError;
use crate::faults::{self, Fault, PayloadLayout, Tally};
use crate::file_writer::{FilePlan, FileWriter, Record};
use crate::seed::{self, Stream};
use crate::truth::{Canary, FileTruth, HardNegative, Status};
use crate::world::{DevicePlan, Party, World};

/// Share of MESSAGE and NOTE frames recovered from deleted storage.
const DELETED_RATE: f64 = 0.01;
/// Share of frames with a reserved flag bit set, which decoders ignore (damage only).
const RESERVED_FLAG_RATE: f64 = 0.001;
/// Unknown-type frames per file, on average (damage only).
const UNKNOWN_PER_FILE: f64 = 0.7;
const TRUNCATED_FILES: f64 = 0.12;
const GARBAGE_FILES: f64 = 0.10;
const EXTENSION_FILES: f64 = 0.3;
/// Progress is reported every this many logical messages per thread.
const PROGRESS_EVERY: u64 = 16_384;

/// What the generator shares between the device writers.
pub(crate) struct Shared<'a, S: Sealer> {
    pub world: &'a World,
    pub chatter: &'a Chatter,
    pub sealer: &'a S,
    pub dumps: &'a Path,
    pub decrypted: &'a AtomicBitset,
    pub progress: &'a (dyn Fn(u64) + Sync),
    pub generated: &'a AtomicU64,
}

/// What one device's writer produced.
#[derive(Default)]
pub(crate) struct DeviceOutput {
    pub files: Vec<(String, FileTruth)>,
    /// Evaluation targets, reported by the device that owns each message (see [`owns`]).
    pub canaries: Vec<Canary>,
    pub hard_negatives: Vec<HardNegative>,
    /// Logical messages this device owns.
    pub owned: u64,
    pub tally: Tally,
}

/// The next record of a merged source.
enum Item {
    Message(Message),
    Note(usize),
}

enum Source<'w> {
    Conv(ConvStream<'w>),
    Notes(usize),
}

/// One device's writer state.
struct DeviceWriter<'a, S: Sealer> {
    sh: &'a Shared<'a, S>,
    index: u32,
    dev: &'a DevicePlan,
    ciphers: Vec<S::Cipher>,
    rng: Rng,
    /// Plaintext/sealing scratch buffer.
    scratch: Vec<u8>,
    out: DeviceOutput,
    unreported: u64,
    unknown_rate: f64,
}

/// Whether `device` is the one to count a message between `sender` and `recipient`: the
/// sender's device when it was intercepted, else the recipient's.
fn owns(device: Party, sender: Party, recipient: Party) -> bool {
    sender == device || (matches!(sender, Party::Outsider(_)) && recipient == device)
}

pub(crate) fn write_device<S: Sealer>(sh: &Shared<'_, S>, index: u32) -> Result<DeviceOutput, GenError> {
    let dev = &sh.world.devices[index as usize];
    let parts = if dev.split_at.is_some() { 2 } else { 1 };
    let expected_frames = (dev.items / parts).max(1) as f64;
    let mut w = DeviceWriter {
        sh,
        index,
        dev,
        ciphers: dev.keys.iter().map(|k| sh.sealer.cipher(&k.key)).collect(),
        rng: seed::rng(sh.world.seed, Stream::DeviceWriter, u64::from(index)),
        scratch: Vec::with_capacity(512),
        out: DeviceOutput::default(),
        unreported: 0,
        unknown_rate: UNKNOWN_PER_FILE / expected_frames,
    };
    w.run()?;
    if w.unreported > 0 {
        w.report_progress();
    }
    Ok(w.out)
}

impl<'a, S: Sealer> DeviceWriter<'a, S> {
    fn run(&mut self) -> Result<(), GenError> {
        let world = self.sh.world;
        let mut sources: Vec<Source<'_>> =
            self.dev.convs.iter().map(|&c| Source::Conv(ConvStream::new(world, self.sh.chatter, c))).collect();
        sources.push(Source::Notes(0));
        // The head record of each source and a min-heap on (time, source): ties resolve by
        // source index, so the merge order is fixed.
        let mut heads: Vec<Option<Item>> = Vec::with_capacity(sources.len());
        let mut heap = BinaryHeap::with_capacity(sources.len());
        for (i, s) in sources.iter_mut().enumerate() {
            let head = self.next_of(s);
            if let Some(item) = &head {
                heap.push(Reverse((self.time_of(item), i)));
            }
            heads.push(head);
        }

        let mut file_no = 1;
        let mut writer = self.open_file(file_no)?;
        self.write_contacts(&mut writer)?;
        let mut written = 0u64;
        while let Some(Reverse((_, i))) = heap.pop() {
            let Some(item) = heads[i].take() else { continue };
            if self.dev.split_at == Some(written) {
                let done = writer.finish(&mut self.rng)?;
                self.collect(done);
                file_no += 1;
                writer = self.open_file(file_no)?;
            }
            if self.sh.world.damage && self.rng.f64() < self.unknown_rate {
                self.write_unknown(&mut writer)?;
            }
            match item {
                Item::Message(m) => self.write_message(&mut writer, i, m)?,
                Item::Note(n) => self.write_note(&mut writer, n)?,
            }
            written += 1;
            let next = self.next_of(&mut sources[i]);
            if let Some(item) = &next {
                heap.push(Reverse((self.time_of(item), i)));
            }
            heads[i] = next;
        }
        let done = writer.finish(&mut self.rng)?;
        self.collect(done);
        Ok(())
    }

    fn next_of(&self, source: &mut Source<'_>) -> Option<Item> {
        match source {
            Source::Conv(stream) => stream.next().map(Item::Message),
            Source::Notes(next) => {
                let n = *next;
                (n < self.dev.notes.len()).then(|| {
                    *next += 1;
                    Item::Note(n)
                })
            }
        }
    }

    fn time_of(&self, item: &Item) -> u64 {
        match item {
            Item::Message(m) => m.sent_at,
            Item::Note(n) => self.dev.notes[*n],
        }
    }

    fn collect(&mut self, (name, truth, tally): (String, FileTruth, Tally)) {
        self.out.files.push((name, truth));
        self.out.tally.merge(tally);
    }

    fn open_file(&mut self, number: u32) -> Result<FileWriter<'a>, GenError> {
        let damage = self.sh.world.damage;
        let rng = &mut self.rng;
        let extension =
            if rng.f64() < EXTENSION_FILES { (0..rng.usize(1..=24)).map(|_| rng.u8(..)).collect() } else { Vec::new() };
        let truncate = damage && rng.f64() < TRUNCATED_FILES;
        let garbage = damage && !truncate && rng.f64() < GARBAGE_FILES;
        let name = format!("{}-{number}.ecd", self.dev.imei);
        let plan = FilePlan {
            path: self.sh.dumps.join(&name),
            name,
            imei: self.dev.imei.clone(),
            handle: self.dev.handle.clone(),
            extension,
            damage,
            truncate,
            garbage,
        };
        FileWriter::create(plan, self.sh.decrypted)
    }

    /// The device's address book: one CONTACT per conversation partner.
    fn write_contacts(&mut self, writer: &mut FileWriter<'_>) -> Result<(), GenError> {
        let world = self.sh.world;
        let me = Party::Device(self.index);
        for &c in &self.dev.convs {
            let conv = &world.convs[c as usize];
            let handle = world.handle(conv.partner_of(me));
            let nickname = self.sh.chatter.nickname(&mut self.rng);
            let nickname = encode::clip(&nickname, 255);
            let added_at = conv.start.saturating_sub(self.rng.u64(DAY..60 * DAY));
            let mut buf = writer.buffer();
            let start = encode::begin_frame(&mut buf, FrameType::CONTACT, 0);
            encode::put_contact(&mut buf, handle, nickname, added_at).map_err(GenError::encode(writer.path()))?;
            self.finish_frame(&mut buf, start, writer)?;
            writer.push(&mut self.rng, buf, Record::Contact, false, None)?;
        }
        Ok(())
    }

    fn write_unknown(&mut self, writer: &mut FileWriter<'_>) -> Result<(), GenError> {
        const TYPES: [u8; 7] = [0x00, 0x04, 0x10, 0x42, 0x7E, 0x80, 0xFF];
        let ftype = TYPES[self.rng.usize(0..TYPES.len())];
        let mut buf = writer.buffer();
        let start = encode::begin_frame(&mut buf, FrameType(ftype), 0);
        buf.extend((0..self.rng.usize(0..=40)).map(|_| self.rng.u8(..)));
        self.finish_frame(&mut buf, start, writer)?;
        self.out.tally.bump("unknown_frames");
        writer.push(&mut self.rng, buf, Record::Unknown, false, None)
    }

    fn flags(&mut self) -> (u8, bool) {
        let deleted = self.rng.f64() < DELETED_RATE;
        let mut flags = if deleted { FrameFlags::DELETED } else { 0 };
        if self.sh.world.damage && self.rng.f64() < RESERVED_FLAG_RATE {
            flags |= 1 << self.rng.u8(1..8);
            self.out.tally.bump("reserved_flag_bits");
        }
        (flags, deleted)
    }

    fn nonce(&mut self) -> [u8; NONCE_LEN] {
        let mut nonce = [0u8; NONCE_LEN];
        self.rng.fill(&mut nonce);
        nonce
    }

    fn finish_frame(&self, buf: &mut Vec<u8>, start: usize, writer: &FileWriter<'_>) -> Result<(), GenError> {
        encode::finish_frame(buf, start).map_err(GenError::encode(writer.path()))
    }

    fn write_message(&mut self, writer: &mut FileWriter<'_>, source: usize, m: Message) -> Result<(), GenError> {
        let world = self.sh.world;
        let conv = &world.convs[self.dev.convs[source] as usize];
        let me = Party::Device(self.index);
        let (sender, recipient) = if m.sender_is_a { (conv.a, conv.b) } else { (conv.b, conv.a) };
        let message_id = world.message_id(m.dense);
        if owns(me, sender, recipient) {
            self.own(&m, world.handle(sender), message_id, conv.lang);
        }
        let key = self.dev.key_index_at(m.sent_at);
        let seized = self.dev.key_seized(key);
        let protected = m.tag.protected();
        let fault = if world.damage && !protected { faults::message_fault(&mut self.rng, seized) } else { Fault::None };
        if fault != Fault::None {
            self.out.tally.bump(fault.name());
        }
        let (flags, deleted) = self.flags();
        let nonce = self.nonce();

        // The plaintext body.
        let body = &mut self.scratch;
        body.clear();
        let encoded = match &m.body {
            Body::Text(text) => encode::put_text_body(body, text),
            Body::Image { file_name, byte_size, sha256, caption } => {
                encode::put_image_body(body, encode::clip(file_name, 255), *byte_size, sha256, caption)
            }
            Body::Location { lat, lon, label } => encode::put_location_body(body, *lat, *lon, label),
        };
        let last_len_at = encoded.map_err(GenError::encode(writer.path()))?;
        if let Fault::Body(f) = fault {
            faults::apply_body_fault(body, last_len_at, f);
        }

        // The frame: metadata (the AAD), nonce, sealed body.
        let mut buf = writer.buffer();
        let start = encode::begin_frame(&mut buf, FrameType::MESSAGE, flags);
        let meta = MessageMeta {
            message_id,
            sent_at: m.sent_at,
            direction: u8::from(sender == me),
            sender: world.handle(sender),
            recipient: world.handle(recipient),
            key_id: self.dev.keys[key].id,
        };
        let ml = encode::put_message_meta(&mut buf, &meta).map_err(GenError::encode(writer.path()))?;
        self.sh.sealer.seal(&self.ciphers[key], &nonce, &buf[ml.aad.clone()], &mut self.scratch);
        let (sealed_len, sealed) =
            encode::put_sealed(&mut buf, &nonce, &self.scratch).map_err(GenError::encode(writer.path()))?;
        let layout = PayloadLayout {
            aad: ml.aad,
            direction: Some(ml.direction),
            recipient: Some(ml.recipient),
            sealed_len,
            sealed,
        };
        match fault {
            Fault::Tamper => faults::tamper(&mut self.rng, &mut buf, &layout.sealed),
            Fault::Payload(f) => faults::apply_payload_fault(&mut buf, &layout, f),
            Fault::None | Fault::Body(_) => {}
        }
        self.finish_frame(&mut buf, start, writer)?;

        let status = status_of(fault, seized);
        let lossy = status == Status::Decrypted && matches!(m.tag, Tag::Lossy);
        let record = Record::Message { status, lossy, deleted, dense: m.dense };
        writer.push(&mut self.rng, buf, record, protected, Some(m.sent_at))
    }

    fn write_note(&mut self, writer: &mut FileWriter<'_>, n: usize) -> Result<(), GenError> {
        let world = self.sh.world;
        let written_at = self.dev.notes[n];
        let key = self.dev.key_index_at(written_at);
        let seized = self.dev.key_seized(key);
        let fault = if world.damage { faults::note_fault(&mut self.rng, seized) } else { Fault::None };
        if fault != Fault::None {
            self.out.tally.bump(fault.name());
        }
        let text = self.sh.chatter.note(&mut self.rng, self.dev.lang);
        // Drawn whatever the damage setting, so that --no-damage changes nothing else.
        let lossy_roll = self.rng.f64() < faults::NOTE_LOSSY;
        let lossy = world.damage && lossy_roll && fault == Fault::None && seized;
        self.scratch.clear();
        if lossy {
            self.scratch.extend_from_slice(&with_invalid_utf8(&mut self.rng, &text));
            self.out.tally.bump("lossy_note");
        } else {
            self.scratch.extend_from_slice(text.as_bytes());
        }
        let (flags, deleted) = self.flags();
        let nonce = self.nonce();
        let mut buf = writer.buffer();
        let start = encode::begin_frame(&mut buf, FrameType::NOTE, flags);
        let aad = encode::put_note_meta(&mut buf, self.dev.note_id_base + n as u64, written_at, self.dev.keys[key].id);
        self.sh.sealer.seal(&self.ciphers[key], &nonce, &buf[aad.clone()], &mut self.scratch);
        let (sealed_len, sealed) =
            encode::put_sealed(&mut buf, &nonce, &self.scratch).map_err(GenError::encode(writer.path()))?;
        let layout = PayloadLayout { aad, direction: None, recipient: None, sealed_len, sealed };
        match fault {
            Fault::Tamper => faults::tamper(&mut self.rng, &mut buf, &layout.sealed),
            Fault::Payload(f) => faults::apply_payload_fault(&mut buf, &layout, f),
            Fault::None | Fault::Body(_) => {}
        }
        self.finish_frame(&mut buf, start, writer)?;
        let status = status_of(fault, seized);
        let record = Record::Note { status, lossy: lossy && status == Status::Decrypted, deleted };
        writer.push(&mut self.rng, buf, record, false, Some(written_at))
    }

    /// Counts an owned message and records it if it is an evaluation target.
    fn own(&mut self, m: &Message, sender: &str, message_id: u64, lang: crate::content::Lang) {
        self.out.owned += 1;
        self.unreported += 1;
        if self.unreported >= PROGRESS_EVERY {
            self.report_progress();
        }
        match &m.tag {
            Tag::Canary(token) => self.out.canaries.push(Canary {
                token: token.clone(),
                sender: sender.to_owned(),
                message_id,
                findable: false,
            }),
            Tag::HardNegative(category) => self.out.hard_negatives.push(HardNegative {
                category: *category,
                lang,
                sender: sender.to_owned(),
                message_id,
                findable: false,
            }),
            Tag::Plain | Tag::Lossy | Tag::Planted => {}
        }
    }

    fn report_progress(&mut self) {
        let total = self.sh.generated.fetch_add(self.unreported, Ordering::Relaxed) + self.unreported;
        self.unreported = 0;
        (self.sh.progress)(total);
    }
}

/// What a conforming decoder reports for a record with this fault.
fn status_of(fault: Fault, seized: bool) -> Status {
    match fault {
        Fault::Payload(_) => Status::Malformed,
        _ if !seized => Status::NoKey,
        Fault::Tamper => Status::AuthFailed,
        Fault::Body(_) => Status::BadBody,
        Fault::None => Status::Decrypted,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_wins_over_missing_keys() {
        use crate::faults::PayloadFault;
        assert_eq!(status_of(Fault::Payload(PayloadFault::CutInNonce(3)), false), Status::Malformed);
        assert_eq!(status_of(Fault::None, false), Status::NoKey);
        assert_eq!(status_of(Fault::Tamper, true), Status::AuthFailed);
        assert_eq!(status_of(Fault::None, true), Status::Decrypted);
    }

    #[test]
    fn messages_are_owned_once() {
        let (d0, d1, o) = (Party::Device(0), Party::Device(1), Party::Outsider(0));
        assert!(owns(d0, d0, d1) && !owns(d1, d0, d1));
        assert!(owns(d1, o, d1));
        assert!(owns(d1, d1, o));
    }
}
