//! The corpus plan: who the devices are, who talks to whom, how many messages each
//! conversation holds and where planted threat conversations sit.
//!
//! The plan is small (O(devices + conversations + planted turns)) and built sequentially from
//! the seed; the messages themselves are generated later, lazily, from per-conversation seeds.

use std::collections::{HashMap, HashSet};

use fastrand::Rng;

use crate::clock::{DAY, PERIOD, T0};
use crate::content::{self, Category, Chatter, Lang, PlantedConversation};
use crate::encode::clip;
use crate::ids::{self, CanaryCodec};
use crate::options::GenOptions;
use crate::seed::{self, Stream};

/// One planted conversation per this many logical messages.
const MESSAGES_PER_PLANTED: u64 = 5_000;
/// Floor on planted conversations, whatever the corpus size (if they fit).
const MIN_PLANTED: u64 = 6;
/// From this many messages on, every (category, language) gets at least one.
const ALL_COMBOS_FROM: u64 = 20_000;
/// Planted turns may use at most this fraction of the messages (1/2).
const PLANTED_BUDGET_DIVISOR: u64 = 2;
/// Chance that a device's peer is an outsider (a phone that was not intercepted).
const OUTSIDER_PEER: f64 = 0.35;
/// Longest handle kept (a `str8` holds 255 bytes; real handles are short).
const MAX_HANDLE: usize = 48;

/// One of a device's AES-256-GCM keys.
pub(crate) struct DeviceKey {
    pub id: u32,
    pub key: [u8; 32],
    /// From this time on the device seals with this key (until the next one).
    pub from: u64,
}

/// An intercepted device.
pub(crate) struct DevicePlan {
    pub imei: String,
    pub handle: String,
    pub lang: Lang,
    /// Oldest first; the device rotates to the next key as time passes.
    pub keys: Vec<DeviceKey>,
    /// The newest key is missing from the seized keyring (only when damage is on).
    pub newest_withheld: bool,
    /// Conversations this device takes part in.
    pub convs: Vec<u32>,
    /// When the device's notes were written, sorted.
    pub notes: Vec<u64>,
    pub note_id_base: u64,
    /// Messages and notes of the device (all its files together).
    pub items: u64,
    /// The item index at which a second file starts, for split captures.
    pub split_at: Option<u64>,
}

impl DevicePlan {
    /// Index (into `keys`) of the key the device sealed with at time `t`.
    pub fn key_index_at(&self, t: u64) -> usize {
        self.keys.iter().rposition(|k| k.from <= t).unwrap_or(0)
    }

    /// Whether the key at `index` is in the seized keyring.
    pub fn key_seized(&self, index: usize) -> bool {
        !(self.newest_withheld && index + 1 == self.keys.len())
    }
}

/// A conversation end: an intercepted device or an outsider.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Party {
    Device(u32),
    Outsider(u32),
}

/// A planted turn's place in its host conversation.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PlantedSlot {
    pub seq: u64,
    pub plan: u32,
    pub turn: u32,
}

/// A conversation between two handles.
pub(crate) struct ConvPlan {
    pub a: Party,
    pub b: Party,
    pub lang: Lang,
    pub messages: u64,
    /// Dense index of its first message across the corpus (message ids derive from it).
    pub first: u64,
    pub start: u64,
    pub end: u64,
    /// Planted turns, sorted by `seq`.
    pub planted: Vec<PlantedSlot>,
}

impl ConvPlan {
    pub fn partner_of(&self, me: Party) -> Party {
        if self.a == me { self.b } else { self.a }
    }
}

/// A planted threat conversation placed in a host conversation.
pub(crate) struct PlantedPlan {
    pub conv: PlantedConversation,
    pub instance: u32,
    pub host: u32,
    /// Whether turn speaker 0 is the host conversation's `a`.
    pub speaker0_is_a: bool,
    /// The host conversation's message index of each turn.
    pub seqs: Vec<u64>,
}

/// The whole plan.
pub(crate) struct World {
    pub seed: u64,
    pub damage: bool,
    pub devices: Vec<DevicePlan>,
    pub outsiders: Vec<String>,
    pub convs: Vec<ConvPlan>,
    pub planted: Vec<PlantedPlan>,
    /// Message ids are `id_base + dense index`: unique per sender (indeed corpus-wide).
    pub id_base: u64,
    pub canary: CanaryCodec,
}

impl World {
    pub fn handle(&self, p: Party) -> &str {
        match p {
            Party::Device(i) => &self.devices[i as usize].handle,
            Party::Outsider(i) => &self.outsiders[i as usize],
        }
    }

    pub fn message_id(&self, dense: u64) -> u64 {
        self.id_base + dense
    }

    /// `(sender handle, message_id)` of turn `turn` of planted conversation `plan`.
    pub fn planted_turn_key(&self, plan: &PlantedPlan, turn: usize) -> Option<(String, u64)> {
        let conv = &self.convs[plan.host as usize];
        let seq = *plan.seqs.get(turn)?;
        let speaker = plan.conv.turns.get(turn)?.0;
        let sender = if (speaker % 2 == 0) == plan.speaker0_is_a { conv.a } else { conv.b };
        Some((self.handle(sender).to_owned(), self.message_id(conv.first + seq)))
    }

    /// Plans a corpus. Options must have been validated.
    pub fn plan(opts: &GenOptions, chatter: &Chatter) -> World {
        let mut rng = seed::rng(opts.seed, Stream::World, 0);
        let id_base = rng.u64(10_000..100_000);
        let canary = CanaryCodec::new(&mut rng);
        let mut handles = HashSet::new();
        let mut devices = plan_devices(&mut rng, opts, chatter, &mut handles);
        let outsiders = (0..opts.devices.div_ceil(2).max(2))
            .map(|i| unique_handle(chatter.handle(&mut rng, opts.devices + i), opts.devices + i, &mut handles))
            .collect::<Vec<_>>();
        let mut convs = plan_conversations(&mut rng, &mut devices, outsiders.len());
        allocate_messages(&mut rng, &mut convs, opts.messages);
        let planted = plant(&mut rng, opts.seed, opts.messages, &mut convs);
        for d in &mut devices {
            d.items = d.convs.iter().map(|&c| convs[c as usize].messages).sum::<u64>() + d.notes.len() as u64;
            d.split_at = (d.items > 20 && rng.u32(0..5) == 0).then_some(d.items / 2);
        }
        World { seed: opts.seed, damage: opts.damage, devices, outsiders, convs, planted, id_base, canary }
    }
}

/// A handle that no other phone of the corpus uses, short enough for a `str8`.
fn unique_handle(raw: String, index: usize, used: &mut HashSet<String>) -> String {
    let base = clip(raw.trim(), MAX_HANDLE);
    let base = if base.is_empty() { format!("user{index}") } else { base.to_owned() };
    let mut candidate = base.clone();
    let mut n = 0u32;
    while used.contains(&candidate) {
        n += 1;
        candidate = format!("{base}~{n}");
    }
    used.insert(candidate.clone());
    candidate
}

fn pick_lang(rng: &mut Rng) -> Lang {
    match rng.u8(0..4) {
        0 | 1 => Lang::Fr,
        2 => Lang::Nl,
        _ => Lang::En,
    }
}

fn plan_devices(rng: &mut Rng, opts: &GenOptions, chatter: &Chatter, handles: &mut HashSet<String>) -> Vec<DevicePlan> {
    let n = opts.devices;
    // About one device in eight never had its newest key seized. Chosen whatever the damage
    // setting (and given at least two keys) so that --no-damage only drops the withholding.
    let mut order: Vec<usize> = (0..n).collect();
    rng.shuffle(&mut order);
    let withheld: HashSet<usize> = order.into_iter().take((n / 8).max(1)).collect();
    let mut imeis = HashSet::new();
    (0..n)
        .map(|i| {
            let imei = loop {
                let candidate = ids::imei(rng);
                if imeis.insert(candidate.clone()) {
                    break candidate;
                }
            };
            let handle = unique_handle(chatter.handle(rng, i), i, handles);
            let lang = pick_lang(rng);
            let is_withheld = withheld.contains(&i);
            let key_count = if is_withheld { rng.u32(2..=3) } else { rng.u32(1..=3) };
            let mut id = rng.u32(1..=9);
            let keys = (0..key_count)
                .map(|k| {
                    let mut key = [0u8; 32];
                    rng.fill(&mut key);
                    // Rotations are spread over the window, about a week either side of even.
                    let from = if k == 0 {
                        0
                    } else {
                        let even = T0 + PERIOD / u64::from(key_count) * u64::from(k);
                        even - 7 * DAY + rng.u64(0..14 * DAY)
                    };
                    let this = DeviceKey { id, key, from };
                    id += rng.u32(1..=2);
                    this
                })
                .collect();
            let mut notes: Vec<u64> = (0..rng.usize(0..=5)).map(|_| T0 + rng.u64(0..PERIOD)).collect();
            notes.sort_unstable();
            DevicePlan {
                imei,
                handle,
                lang,
                keys,
                newest_withheld: opts.damage && is_withheld,
                convs: Vec::new(),
                notes,
                note_id_base: rng.u64(1..1_000),
                items: 0,
                split_at: None,
            }
        })
        .collect()
}

/// Every device starts 3 to 6 conversations, a third of them with outsiders.
fn plan_conversations(rng: &mut Rng, devices: &mut [DevicePlan], outsiders: usize) -> Vec<ConvPlan> {
    let n = devices.len() as u32;
    let mut seen = HashSet::new();
    let mut convs = Vec::new();
    for d in 0..n {
        for _ in 0..rng.u32(3..=6) {
            let peer = if n > 1 && rng.f64() >= OUTSIDER_PEER {
                let other = rng.u32(0..n - 1);
                Party::Device(if other >= d { other + 1 } else { other })
            } else {
                Party::Outsider(rng.u32(0..outsiders as u32))
            };
            let me = Party::Device(d);
            if !seen.insert((me.min(peer), me.max(peer))) {
                continue;
            }
            let start = T0 + rng.u64(0..60) * DAY + rng.u64(0..DAY);
            let end = (start + rng.u64(21..=90) * DAY).min(T0 + PERIOD);
            let index = convs.len() as u32;
            devices[d as usize].convs.push(index);
            if let Party::Device(p) = peer {
                devices[p as usize].convs.push(index);
            }
            convs.push(ConvPlan {
                a: me,
                b: peer,
                lang: devices[d as usize].lang,
                messages: 0,
                first: 0,
                start,
                end,
                planted: Vec::new(),
            });
        }
    }
    convs
}

/// Splits `total` messages over the conversations with heavy-tailed weights (a few pairs
/// talk a lot), exactly, then numbers them densely.
fn allocate_messages(rng: &mut Rng, convs: &mut [ConvPlan], total: u64) {
    if convs.is_empty() {
        return;
    }
    // Pareto-like weights between 100 and 10 000.
    let weights: Vec<u64> =
        convs.iter().map(|_| ((100.0 * rng.f64().max(1e-6).powf(-0.8)) as u64).clamp(100, 10_000)).collect();
    let sum: u128 = weights.iter().map(|&w| u128::from(w)).sum();
    let mut given = 0;
    for (c, &w) in convs.iter_mut().zip(&weights) {
        c.messages = (u128::from(total) * u128::from(w) / sum) as u64;
        given += c.messages;
    }
    let len = convs.len();
    let offset = rng.usize(0..len);
    for i in 0..(total - given) as usize {
        convs[(offset + i) % len].messages += 1;
    }
    let mut first = 0;
    for c in convs.iter_mut() {
        c.first = first;
        first += c.messages;
    }
}

fn planted_count(messages: u64) -> u64 {
    if messages == 0 {
        return 0;
    }
    let mut n = (messages / MESSAGES_PER_PLANTED).max(MIN_PLANTED);
    if messages >= ALL_COMBOS_FROM {
        n = n.max(9);
    }
    n
}

/// Places planted conversations in host conversations of their language, in free stretches
/// of message slots, turns separated by 0 to 3 ordinary messages.
fn plant(rng: &mut Rng, seed_value: u64, messages: u64, convs: &mut [ConvPlan]) -> Vec<PlantedPlan> {
    const CATEGORIES: [Category; 3] = [Category::Kidnapping, Category::Weapons, Category::Drugs];
    const LANGS: [Lang; 3] = [Lang::Fr, Lang::Nl, Lang::En];
    let mut combos: Vec<(Category, Lang)> =
        CATEGORIES.iter().flat_map(|&c| LANGS.iter().map(move |&l| (c, l))).collect();
    rng.shuffle(&mut combos);
    let budget = messages / PLANTED_BUDGET_DIVISOR;
    let mut used = 0u64;
    let mut blocks: Vec<Vec<(u64, u64)>> = vec![Vec::new(); convs.len()];
    let mut instances: HashMap<String, u32> = HashMap::new();
    let mut plans = Vec::new();
    if convs.is_empty() {
        return plans;
    }
    for i in 0..planted_count(messages) {
        let (category, lang) = match combos.get(i as usize) {
            Some(&c) => c,
            None => (CATEGORIES[rng.usize(0..3)], LANGS[rng.usize(0..3)]),
        };
        let mut prng = seed::rng(seed_value, Stream::Planted, i);
        let conv = content::planted(&mut prng, category, lang);
        let turns = conv.turns.len() as u64;
        if turns == 0 || used + turns > budget {
            continue;
        }
        let gaps: Vec<u64> = (1..turns).map(|_| prng.u64(0..=3)).collect();
        let span = turns + gaps.iter().sum::<u64>();
        let same_lang: Vec<u32> = (0..convs.len() as u32)
            .filter(|&c| convs[c as usize].lang == conv.lang && convs[c as usize].messages >= span)
            .collect();
        let mut placed = None;
        for attempt in 0..32 {
            let host = if attempt < 24 && !same_lang.is_empty() {
                same_lang[rng.usize(0..same_lang.len())]
            } else {
                rng.u32(0..convs.len() as u32)
            };
            let n = convs[host as usize].messages;
            if n < span {
                continue;
            }
            let start = rng.u64(0..=n - span);
            let end = start + span;
            if blocks[host as usize].iter().all(|&(s, e)| end <= s || start >= e) {
                blocks[host as usize].push((start, end));
                placed = Some((host, start));
                break;
            }
        }
        let Some((host, start)) = placed else { continue };
        let mut seqs = Vec::with_capacity(turns as usize);
        let mut seq = start;
        for t in 0..turns as usize {
            seqs.push(seq);
            seq += 1 + gaps.get(t).copied().unwrap_or(0);
        }
        let plan_index = plans.len() as u32;
        for (turn, &seq) in seqs.iter().enumerate() {
            convs[host as usize].planted.push(PlantedSlot { seq, plan: plan_index, turn: turn as u32 });
        }
        let counter = instances.entry(conv.scenario.clone()).or_insert(0);
        let instance = *counter;
        *counter += 1;
        used += turns;
        plans.push(PlantedPlan { conv, instance, host, speaker0_is_a: rng.bool(), seqs });
    }
    for c in convs.iter_mut() {
        c.planted.sort_by_key(|s| s.seq);
    }
    plans
}

#[cfg(test)]
mod tests {
    use super::*;

    fn world(devices: usize, messages: u64) -> World {
        World::plan(&GenOptions { seed: 5, devices, messages, damage: true }, &Chatter::new())
    }

    #[test]
    fn messages_are_allocated_exactly_and_densely() {
        let w = world(7, 12_345);
        assert_eq!(w.convs.iter().map(|c| c.messages).sum::<u64>(), 12_345);
        let mut next = 0;
        for c in &w.convs {
            assert_eq!(c.first, next);
            next += c.messages;
        }
    }

    #[test]
    fn planted_conversations_fit_and_cover_every_combo_from_20k() {
        assert_eq!(planted_count(0), 0);
        assert_eq!(planted_count(100), 6);
        assert_eq!(planted_count(20_000), 9);
        assert_eq!(planted_count(100_000), 20);
        let w = world(12, 20_000);
        for p in &w.planted {
            let host = &w.convs[p.host as usize];
            assert!(p.seqs.iter().all(|&s| s < host.messages));
        }
    }

    #[test]
    fn a_single_device_talks_to_outsiders() {
        let w = world(1, 50);
        assert!(!w.convs.is_empty());
        assert!(w.convs.iter().all(|c| matches!(c.b, Party::Outsider(_))));
        assert!(w.devices[0].newest_withheld);
        assert!(w.devices[0].keys.len() >= 2);
    }

    #[test]
    fn keys_rotate_forward_in_time() {
        let w = world(30, 0);
        for d in &w.devices {
            assert!(d.keys.windows(2).all(|k| k[0].from < k[1].from && k[0].id < k[1].id));
            assert_eq!(d.key_index_at(0), 0);
            assert_eq!(d.key_index_at(u64::MAX), d.keys.len() - 1);
        }
    }
}
