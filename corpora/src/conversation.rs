//! One conversation's message stream, regenerated on demand from the conversation's seed.
//!
//! Both intercepted ends of a conversation replay the same stream (same senders, ids, times
//! and plaintexts), each sealing its own copy: that is how the two copies of a message agree
//! without the corpus ever being held in memory.

use fastrand::Rng;

use crate::clock::{SECOND, civil, quiet_nights};
use crate::content::{Category, Chatter, Lang};
use crate::geo;
use crate::seed::{self, Stream};
use crate::world::{ConvPlan, World};

/// Share of messages that carry a canary token.
const CANARY_RATE: f64 = 0.005;
/// Share of messages that are hard negatives.
const HARD_NEGATIVE_RATE: f64 = 0.01;
/// Share of ordinary messages that are photos, then locations.
const IMAGE_RATE: f64 = 0.03;
const LOCATION_RATE: f64 = 0.02;
/// Share of ordinary text messages whose body holds invalid UTF-8 (damage only).
const LOSSY_RATE: f64 = 0.002;
/// Chance that the next message comes from the other end.
const SWITCH_SENDER: f64 = 0.55;
/// Chance that a message follows the previous one within seconds (a burst).
const BURST: f64 = 0.45;

/// A decrypted message body, before encoding.
#[derive(Debug, Clone)]
pub(crate) enum Body {
    /// Bytes, not a `String`: lossy bodies hold invalid UTF-8 on purpose.
    Text(Vec<u8>),
    Image {
        file_name: String,
        byte_size: u32,
        sha256: [u8; 32],
        caption: String,
    },
    Location {
        lat: f64,
        lon: f64,
        label: String,
    },
}

/// What makes a message special for the ground truth.
#[derive(Debug, Clone)]
pub(crate) enum Tag {
    Plain,
    /// Its TEXT body needs lossy UTF-8 decoding.
    Lossy,
    Canary(String),
    HardNegative(Category),
    Planted,
}

impl Tag {
    /// Evaluation targets are never damaged by injection (only a withheld key can hide them).
    pub fn protected(&self) -> bool {
        matches!(self, Tag::Canary(_) | Tag::HardNegative(_) | Tag::Planted)
    }
}

/// One logical message.
#[derive(Debug, Clone)]
pub(crate) struct Message {
    /// Corpus-wide dense index: `message_id = id_base + dense`.
    pub dense: u64,
    pub sender_is_a: bool,
    pub sent_at: u64,
    pub body: Body,
    pub tag: Tag,
}

/// Lazily yields a conversation's messages in time order.
pub(crate) struct ConvStream<'w> {
    world: &'w World,
    chatter: &'w Chatter,
    conv: &'w ConvPlan,
    rng: Rng,
    seq: u64,
    /// Uniformly spread time, mapped to wall-clock time by [`quiet_nights`].
    virt: u64,
    sender_is_a: bool,
    next_slot: usize,
}

impl<'w> ConvStream<'w> {
    pub fn new(world: &'w World, chatter: &'w Chatter, index: u32) -> Self {
        let conv = &world.convs[index as usize];
        ConvStream {
            world,
            chatter,
            conv,
            rng: seed::rng(world.seed, Stream::Conversation, u64::from(index)),
            seq: 0,
            virt: conv.start,
            sender_is_a: true,
            next_slot: 0,
        }
    }

    fn advance_clock(&mut self) -> u64 {
        let remaining = self.conv.messages - self.seq;
        let end = self.conv.end.max(self.conv.start + 1);
        let room = end.saturating_sub(self.virt);
        if self.seq > 0 && self.rng.f64() < BURST {
            let gap = self.rng.u64(2 * SECOND..=120 * SECOND);
            self.virt += gap.min(room / remaining / 2 + 1);
        } else {
            // The next of `remaining` sorted uniform draws over what is left of the window.
            let u = self.rng.f64();
            let frac = 1.0 - u.powf(1.0 / remaining as f64);
            self.virt += (room as f64 * frac) as u64;
        }
        self.virt = self.virt.min(end);
        quiet_nights(self.virt)
    }

    fn ordinary(&mut self, dense: u64, sent_at: u64) -> (Body, Tag) {
        let lang = self.conv.lang;
        let rng = &mut self.rng;
        let r = rng.f64();
        if r < CANARY_RATE {
            let token = self.world.canary.token(dense);
            let mut text = self.chatter.line(rng, lang);
            text.push(' ');
            text.push_str(&token);
            return (Body::Text(text.into_bytes()), Tag::Canary(token));
        }
        if r < CANARY_RATE + HARD_NEGATIVE_RATE {
            let (category, text) = self.chatter.hard_negative(rng, lang);
            return (Body::Text(text.into_bytes()), Tag::HardNegative(category));
        }
        let kind = rng.f64();
        if kind < IMAGE_RATE {
            return (image(rng, self.chatter, lang, sent_at), Tag::Plain);
        }
        if kind < IMAGE_RATE + LOCATION_RATE {
            let (lat, lon) = geo::position(rng, lang);
            let label = if rng.u8(0..4) == 0 { String::new() } else { self.chatter.location_label(rng, lang) };
            return (Body::Location { lat, lon, label }, Tag::Plain);
        }
        // Drawn whatever the damage setting, so that --no-damage changes no other message.
        let lossy = rng.f64() < LOSSY_RATE;
        let text = self.chatter.line(rng, lang);
        if lossy && self.world.damage {
            (Body::Text(with_invalid_utf8(rng, &text)), Tag::Lossy)
        } else {
            (Body::Text(text.into_bytes()), Tag::Plain)
        }
    }
}

impl Iterator for ConvStream<'_> {
    type Item = Message;

    fn next(&mut self) -> Option<Message> {
        if self.seq >= self.conv.messages {
            return None;
        }
        let dense = self.conv.first + self.seq;
        let sent_at = self.advance_clock();
        let slot = self.conv.planted.get(self.next_slot).filter(|s| s.seq == self.seq).copied();
        let (sender_is_a, body, tag) = match slot.and_then(|s| {
            let plan = self.world.planted.get(s.plan as usize)?;
            let (speaker, text) = plan.conv.turns.get(s.turn as usize)?;
            Some(((speaker % 2 == 0) == plan.speaker0_is_a, text))
        }) {
            Some((sender_is_a, text)) => {
                self.next_slot += 1;
                (sender_is_a, Body::Text(text.clone().into_bytes()), Tag::Planted)
            }
            None => {
                let sender_is_a =
                    if self.seq == 0 { true } else { self.sender_is_a ^ (self.rng.f64() < SWITCH_SENDER) };
                let (body, tag) = self.ordinary(dense, sent_at);
                (sender_is_a, body, tag)
            }
        };
        self.sender_is_a = sender_is_a;
        self.seq += 1;
        Some(Message { dense, sender_is_a, sent_at, body, tag })
    }
}

fn image(rng: &mut Rng, chatter: &Chatter, lang: Lang, sent_at: u64) -> Body {
    let (y, mo, d, h, mi, s) = civil(sent_at);
    let file_name = if rng.bool() {
        format!("IMG-{y:04}{mo:02}{d:02}-WA{:04}.jpg", rng.u32(0..10_000))
    } else {
        format!("IMG_{y:04}{mo:02}{d:02}_{h:02}{mi:02}{s:02}.jpg")
    };
    let mut sha256 = [0u8; 32];
    rng.fill(&mut sha256);
    let caption = if rng.u8(0..3) == 0 { String::new() } else { chatter.caption(rng, lang) };
    Body::Image { file_name, byte_size: rng.u32(20_000..4_000_000), sha256, caption }
}

/// `text` with an invalid UTF-8 sequence inserted at a char boundary. Every sequence below is
/// invalid whatever follows it (a char boundary never starts with a continuation byte).
pub(crate) fn with_invalid_utf8(rng: &mut Rng, text: &str) -> Vec<u8> {
    const INVALID: [&[u8]; 6] = [b"\xff", b"\xfe\xff", b"\xc3", b"\xed\xa0\x80", b"\xc0\xaf", b"\xf0\x9f"];
    let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
    let at = boundaries[rng.usize(0..boundaries.len())];
    let bad = INVALID[rng.usize(0..INVALID.len())];
    let mut out = Vec::with_capacity(text.len() + bad.len());
    out.extend_from_slice(&text.as_bytes()[..at]);
    out.extend_from_slice(bad);
    out.extend_from_slice(&text.as_bytes()[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::GenOptions;

    #[test]
    fn invalid_utf8_is_invalid_and_keeps_the_text() {
        let mut rng = Rng::with_seed(1);
        for _ in 0..200 {
            let b = with_invalid_utf8(&mut rng, "ça va éé ok");
            assert!(std::str::from_utf8(&b).is_err());
            assert!(String::from_utf8_lossy(&b).contains('\u{fffd}'));
        }
    }

    #[test]
    fn a_stream_is_sorted_complete_and_replayable() {
        let world = World::plan(&GenOptions { seed: 3, devices: 4, messages: 3_000, damage: true }, &Chatter::new());
        let chatter = Chatter::new();
        for c in 0..world.convs.len() as u32 {
            let a: Vec<Message> = ConvStream::new(&world, &chatter, c).collect();
            let conv = &world.convs[c as usize];
            assert_eq!(a.len() as u64, conv.messages);
            assert!(a.windows(2).all(|w| w[0].sent_at <= w[1].sent_at));
            assert!(a.iter().all(|m| m.sent_at >= quiet_nights(conv.start) && m.sent_at <= conv.end + 86_400_000));
            let b: Vec<Message> = ConvStream::new(&world, &chatter, c).collect();
            assert!(
                a.iter()
                    .zip(&b)
                    .all(|(x, y)| x.sent_at == y.sent_at && x.sender_is_a == y.sender_is_a && x.dense == y.dense)
            );
        }
    }
}
