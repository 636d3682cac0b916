//! Damage injection (spec §6): which fault a record gets, and how it is written.
//!
//! Payload and body faults are applied before the frame's CRC is computed, so the frame stays
//! valid and only its parse or its decryption fails. Bit flips are applied to finished frames
//! and always break the CRC.

use std::collections::BTreeMap;
use std::ops::Range;

use fastrand::Rng;

use tapir_parsers::FRAME_OVERHEAD;

use crate::encode::frame_crc_holds;

/// Per copy of a message whose key was seized: tampered ciphertext.
const MESSAGE_AUTH_FAILED: f64 = 0.001;
/// Per copy: a body that does not parse.
const MESSAGE_BAD_BODY: f64 = 0.001;
/// Per copy: a payload that does not parse.
const MESSAGE_MALFORMED: f64 = 0.0006;
/// Notes are few: higher rates so that small corpora still show every case.
const NOTE_AUTH_FAILED: f64 = 0.03;
const NOTE_MALFORMED: f64 = 0.03;
pub(crate) const NOTE_LOSSY: f64 = 0.04;

/// A fault inside the decrypted body (→ `bad_body`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BodyFault {
    /// A kind byte other than TEXT, IMAGE, LOCATION.
    UnknownKind(u8),
    /// Bytes left over after the body.
    Leftover(usize),
    /// The body's last `str32` claims more bytes than the body holds.
    Overrun(u32),
}

/// A fault in a CRC-valid payload (→ `malformed`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PayloadFault {
    /// A direction byte other than 0 or 1 (messages only).
    BadDirection(u8),
    /// The payload ends inside the recipient's `str8` bytes: its length runs past the end
    /// (messages only). Holds how many of the recipient's bytes to keep, modulo its length.
    HandleOverrun(usize),
    /// The payload ends inside the nonce (keeping this many of its 12 bytes).
    CutInNonce(usize),
    /// Bytes left over after `sealed`.
    LeftoverAfterSealed(usize),
    /// `sealed`'s `str32` length runs past the payload end.
    SealedOverrun(u32),
}

/// The fault one encrypted record gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fault {
    None,
    /// A flipped ciphertext or tag byte (→ `auth_failed`).
    Tamper,
    Body(BodyFault),
    Payload(PayloadFault),
}

impl Fault {
    pub fn name(&self) -> &'static str {
        match self {
            Fault::None => "none",
            Fault::Tamper => "auth_failed_tamper",
            Fault::Body(BodyFault::UnknownKind(_)) => "bad_body_unknown_kind",
            Fault::Body(BodyFault::Leftover(_)) => "bad_body_leftover",
            Fault::Body(BodyFault::Overrun(_)) => "bad_body_str32_overrun",
            Fault::Payload(PayloadFault::BadDirection(_)) => "malformed_direction",
            Fault::Payload(PayloadFault::HandleOverrun(_)) => "malformed_str8_overrun",
            Fault::Payload(PayloadFault::CutInNonce(_)) => "malformed_cut_in_nonce",
            Fault::Payload(PayloadFault::LeftoverAfterSealed(_)) => "malformed_leftover_after_sealed",
            Fault::Payload(PayloadFault::SealedOverrun(_)) => "malformed_sealed_overrun",
        }
    }
}

/// Picks the fault of one message copy (call only when damage is on and the message is not
/// an evaluation target). `seized`: whether its key is in the keyring; without it a
/// decryption fault could not be observed, so only payload faults apply.
pub(crate) fn message_fault(rng: &mut Rng, seized: bool) -> Fault {
    let r = rng.f64();
    if r < MESSAGE_AUTH_FAILED {
        return if seized { Fault::Tamper } else { Fault::None };
    }
    if r < MESSAGE_AUTH_FAILED + MESSAGE_BAD_BODY {
        if !seized {
            return Fault::None;
        }
        return Fault::Body(match rng.u8(0..3) {
            0 => BodyFault::UnknownKind(unknown_kind(rng)),
            1 => BodyFault::Leftover(rng.usize(1..=6)),
            _ => BodyFault::Overrun(rng.u32(1..=5_000)),
        });
    }
    if r < MESSAGE_AUTH_FAILED + MESSAGE_BAD_BODY + MESSAGE_MALFORMED {
        return Fault::Payload(match rng.u8(0..5) {
            0 => PayloadFault::BadDirection(rng.u8(2..=255)),
            1 => PayloadFault::HandleOverrun(rng.usize(0..256)),
            2 => PayloadFault::CutInNonce(rng.usize(0..12)),
            3 => PayloadFault::LeftoverAfterSealed(rng.usize(1..=8)),
            _ => PayloadFault::SealedOverrun(rng.u32(1..=5_000)),
        });
    }
    Fault::None
}

/// Picks the fault of one note (damage on). Notes have no kind byte: any decrypted bytes are
/// a body, so they never get `bad_body`.
pub(crate) fn note_fault(rng: &mut Rng, seized: bool) -> Fault {
    let r = rng.f64();
    if r < NOTE_AUTH_FAILED {
        return if seized { Fault::Tamper } else { Fault::None };
    }
    if r < NOTE_AUTH_FAILED + NOTE_MALFORMED {
        return Fault::Payload(match rng.u8(0..3) {
            0 => PayloadFault::CutInNonce(rng.usize(0..12)),
            1 => PayloadFault::LeftoverAfterSealed(rng.usize(1..=8)),
            _ => PayloadFault::SealedOverrun(rng.u32(1..=5_000)),
        });
    }
    Fault::None
}

fn unknown_kind(rng: &mut Rng) -> u8 {
    match rng.u8(0..=252) {
        0 => 0,
        k => k + 3, // 4..=255
    }
}

/// Applies a body fault to a plaintext body whose last `str32` length sits at `last_len_at`.
pub(crate) fn apply_body_fault(body: &mut Vec<u8>, last_len_at: usize, fault: BodyFault) {
    match fault {
        BodyFault::UnknownKind(kind) => {
            if let Some(b) = body.first_mut() {
                *b = kind;
            }
        }
        BodyFault::Leftover(n) => body.extend(std::iter::repeat_n(0u8, n)),
        BodyFault::Overrun(extra) => add_to_u32(body, last_len_at, extra),
    }
}

/// Where an encrypted payload's fields sit in the frame buffer.
#[derive(Debug, Clone)]
pub(crate) struct PayloadLayout {
    /// The AAD; the nonce follows it.
    pub aad: Range<usize>,
    /// MESSAGE only.
    pub direction: Option<usize>,
    /// MESSAGE only: the recipient's length byte and bytes.
    pub recipient: Option<Range<usize>>,
    pub sealed_len: usize,
    pub sealed: Range<usize>,
}

/// Applies a payload fault to a frame being built (before `finish_frame`).
pub(crate) fn apply_payload_fault(buf: &mut Vec<u8>, layout: &PayloadLayout, fault: PayloadFault) {
    match fault {
        PayloadFault::BadDirection(value) => {
            if let Some(at) = layout.direction {
                buf[at] = value;
            }
        }
        PayloadFault::HandleOverrun(keep) => {
            // Handles are never empty, so at least one recipient byte can be cut.
            if let Some(r) = &layout.recipient {
                let data = r.len() - 1;
                if data > 0 {
                    buf.truncate(r.start + 1 + keep % data);
                }
            }
        }
        PayloadFault::CutInNonce(keep) => buf.truncate(layout.aad.end + keep.min(11)),
        PayloadFault::LeftoverAfterSealed(n) => buf.extend(std::iter::repeat_n(0u8, n)),
        PayloadFault::SealedOverrun(extra) => add_to_u32(buf, layout.sealed_len, extra),
    }
}

/// Tampers with sealed bytes so that the tag no longer verifies.
pub(crate) fn tamper(rng: &mut Rng, buf: &mut [u8], sealed: &Range<usize>) {
    if sealed.is_empty() {
        return;
    }
    buf[rng.usize(sealed.clone())] ^= rng.u8(1..=255);
}

fn add_to_u32(buf: &mut [u8], at: usize, extra: u32) {
    if let Some(field) = buf.get_mut(at..at + 4) {
        let v = u32::from_le_bytes([field[0], field[1], field[2], field[3]]).saturating_add(extra);
        field.copy_from_slice(&v.to_le_bytes());
    }
}

/// Damages a finished frame so that no valid frame starts at its offset (§6.1), the way a bad
/// sector would: usually 1 to 3 flipped bytes in its type, flags, payload or CRC (re-flipped
/// until the CRC fails: flips can cancel out); sometimes a broken sync; sometimes a length over
/// 16 MiB. The last two make a decoder that trusts the damaged frame's length skip wrongly, so
/// only a decoder that resyncs from the next byte (§6.2) finds the next frame.
pub(crate) fn flip_bytes(rng: &mut Rng, frame: &mut [u8]) {
    if frame.len() < FRAME_OVERHEAD {
        return;
    }
    match rng.u8(0..8) {
        0 => frame[rng.usize(0..2)] ^= rng.u8(1..=255),
        // The high byte of the little-endian length: at least 2·2^24 > 16 MiB.
        1 => frame[7] = rng.u8(2..=255),
        _ => {
            /// Type and flags (bytes 2..4), or anything from the payload on.
            fn pick(rng: &mut Rng, len: usize) -> usize {
                let at = rng.usize(0..len - 6);
                if at < 2 { at + 2 } else { at + 6 }
            }
            for _ in 0..rng.usize(1..=3) {
                let at = pick(rng, frame.len());
                frame[at] ^= rng.u8(1..=255);
            }
            while frame_crc_holds(frame) {
                let at = pick(rng, frame.len());
                frame[at] ^= rng.u8(1..=255);
            }
        }
    }
}

/// Counts of the faults written, by name (for `truth.json`'s `injected`).
#[derive(Debug, Clone, Default)]
pub(crate) struct Tally(pub BTreeMap<&'static str, u64>);

impl Tally {
    pub fn bump(&mut self, name: &'static str) {
        *self.0.entry(name).or_insert(0) += 1;
    }

    pub fn merge(&mut self, other: Tally) {
        for (k, v) in other.0 {
            *self.0.entry(k).or_insert(0) += v;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tapir_parsers::{FrameType, MAX_PAYLOAD, SYNC};

    use crate::encode::{begin_frame, finish_frame};

    #[test]
    fn flipped_frames_never_check() {
        let mut rng = Rng::with_seed(4);
        for len in [0usize, 1, 5, 100] {
            for _ in 0..200 {
                let mut f = Vec::new();
                let s = begin_frame(&mut f, FrameType::NOTE, 0);
                f.extend((0..len).map(|i| i as u8));
                finish_frame(&mut f, s).unwrap();
                let len = u32::from_le_bytes(f[4..8].try_into().unwrap());
                flip_bytes(&mut rng, &mut f);
                let new_len = u32::from_le_bytes(f[4..8].try_into().unwrap());
                let valid = f[..2] == SYNC && new_len <= MAX_PAYLOAD && new_len == len && frame_crc_holds(&f);
                assert!(!valid);
            }
        }
    }

    #[test]
    fn unknown_kinds_are_unknown() {
        let mut rng = Rng::with_seed(5);
        for _ in 0..2_000 {
            assert!(!(1..=3).contains(&unknown_kind(&mut rng)));
        }
    }

    #[test]
    fn overrun_adds_to_the_length_field() {
        let mut body = vec![1, 3, 0, 0, 0, b'a', b'b', b'c'];
        apply_body_fault(&mut body, 1, BodyFault::Overrun(2));
        assert_eq!(&body[1..5], &5u32.to_le_bytes());
    }
}
