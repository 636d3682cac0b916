//! What the synthetic phones say: everyday chat in French, Dutch and English slang
//! (with a Zipfian vocabulary of tens of thousands of word forms), innocent lines that
//! share vocabulary with the threat categories (hard negatives), and planted multi-turn
//! threat conversations (kidnapping, weapons, drugs) with checksum-valid entities.
//!
//! Everything is a pure function of the `fastrand::Rng` state handed in: no global state,
//! no hash-map iteration order. Vocabulary sources and construction: see `SOURCES.md`.

mod chat_en;
mod chat_fr;
mod chat_nl;
pub mod entities;
mod lex_en;
mod lex_fr;
mod lex_nl;
mod morph;
mod scen_en;
mod scen_fr;
mod scen_nl;
mod tpl;
mod zipf;

use fastrand::Rng;
use std::fmt::Write;
use tpl::Node;
use zipf::{Class, LexBuilder, Lexicon};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Fr,
    Nl,
    En,
}

impl Lang {
    /// The three languages, in a fixed order.
    pub const ALL: [Lang; 3] = [Lang::Fr, Lang::Nl, Lang::En];

    /// ISO 639-1 code.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::Nl => "nl",
            Lang::En => "en",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Kidnapping,
    Weapons,
    Drugs,
}

impl Category {
    /// The three categories, in a fixed order.
    pub const ALL: [Category; 3] = [Category::Kidnapping, Category::Weapons, Category::Drugs];

    /// Short code used in scenario ids (`kid`, `wpn`, `drg`).
    pub fn code(self) -> &'static str {
        match self {
            Category::Kidnapping => "kid",
            Category::Weapons => "wpn",
            Category::Drugs => "drg",
        }
    }
}

/// One planted threat conversation, already filled in: (speaker 0 or 1, text) turns.
pub struct PlantedConversation {
    pub scenario: String,
    pub category: Category,
    pub lang: Lang,
    pub turns: Vec<(u8, String)>,
    /// Entities written into the turns: (kind, value), e.g. ("btc", "bc1...").
    /// Kinds: `btc`, `eth`, `tron`, `iban`, `phone`, `gps`, `amount`. Each value appears
    /// verbatim in at least one turn.
    pub entities: Vec<(String, String)>,
}

/// Static data of one language's everyday chat.
pub(crate) struct Pack {
    pub(crate) lists: &'static [(&'static str, &'static [&'static str])],
    pub(crate) chat: &'static [&'static str],
    pub(crate) short: &'static [&'static str],
    pub(crate) hard: &'static [(Category, &'static str)],
    pub(crate) notes: &'static [&'static str],
    pub(crate) captions: &'static [&'static str],
    pub(crate) locations: &'static [&'static str],
    pub(crate) nicknames: &'static [&'static str],
    pub(crate) handle_a: &'static [&'static str],
    pub(crate) handle_b: &'static [&'static str],
}

fn pack(lang: Lang) -> &'static Pack {
    match lang {
        Lang::Fr => &chat_fr::PACK,
        Lang::Nl => &chat_nl::PACK,
        Lang::En => &chat_en::PACK,
    }
}

impl Pack {
    fn list(&self, name: &str) -> Option<&'static [&'static str]> {
        self.lists.iter().find(|(n, _)| *n == name).map(|(_, l)| *l)
    }
}

/// Generated (non-entity) slot values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Gen {
    Time,
    Num,
    Num2,
    Big,
    Price,
    Tel,
    Date,
    Score,
    Code,
    Plate,
    Container,
}

fn gen_of(name: &str) -> Option<Gen> {
    Some(match name {
        "time" => Gen::Time,
        "num" => Gen::Num,
        "num2" => Gen::Num2,
        "big" => Gen::Big,
        "price" => Gen::Price,
        "tel" => Gen::Tel,
        "date" => Gen::Date,
        "score" => Gen::Score,
        "code" => Gen::Code,
        "plate" => Gen::Plate,
        "container" => Gen::Container,
        _ => return None,
    })
}

fn render_gen(g: Gen, lang: Lang, rng: &mut Rng, out: &mut String) {
    match g {
        Gen::Time => {
            let h = rng.u32(7..24);
            let m = [0u32, 0, 0, 15, 30, 30, 45, 10, 20, 40, 50][rng.usize(..11)];
            match lang {
                Lang::Fr => {
                    if m == 0 {
                        let _ = write!(out, "{h}h");
                    } else {
                        let _ = write!(out, "{h}h{m:02}");
                    }
                }
                Lang::Nl => match rng.u8(0..4) {
                    0 if m == 30 => {
                        let _ = write!(out, "half {}", (h % 12) + 1);
                    }
                    1 => {
                        let _ = write!(out, "{h}u");
                    }
                    _ => {
                        let _ = write!(out, "{h}:{m:02}");
                    }
                },
                Lang::En => match rng.u8(0..4) {
                    0 if m == 30 => {
                        let _ = write!(out, "half {}", if h.is_multiple_of(12) { 12 } else { h % 12 });
                    }
                    1 => {
                        let h12 = if h.is_multiple_of(12) { 12 } else { h % 12 };
                        let _ = write!(out, "{h12}{}", if h < 12 { "am" } else { "pm" });
                    }
                    _ => {
                        let _ = write!(out, "{h}:{m:02}");
                    }
                },
            }
        }
        Gen::Num => {
            let _ = write!(out, "{}", rng.u32(2..13));
        }
        Gen::Num2 => {
            let _ = write!(out, "{}", rng.u32(10..100));
        }
        Gen::Big => {
            let _ = write!(out, "{}", rng.u32(100..1000));
        }
        Gen::Price => {
            let v = [5u32, 8, 10, 12, 15, 20, 25, 30, 35, 40, 50, 60, 80, 100, 120][rng.usize(..15)];
            match (lang, rng.u8(0..3)) {
                (Lang::Fr, 0) => {
                    let _ = write!(out, "{v} balles");
                }
                (Lang::Fr, 1) => {
                    let _ = write!(out, "{v} €");
                }
                (Lang::Fr, _) => {
                    let _ = write!(out, "{v}€");
                }
                (Lang::Nl, 0) => {
                    let _ = write!(out, "{v} euro");
                }
                (Lang::Nl, _) => {
                    let _ = write!(out, "€{v}");
                }
                (Lang::En, 0) => {
                    let _ = write!(out, "{v} quid");
                }
                (Lang::En, _) => {
                    let _ = write!(out, "£{v}");
                }
            }
        }
        Gen::Tel => out.push_str(&entities::phone(
            rng,
            match lang {
                Lang::Fr => "fr",
                Lang::Nl => "nl",
                Lang::En => "gb",
            },
        )),
        Gen::Date => {
            let d = rng.u32(1..29);
            if lang == Lang::En {
                let suf = match d {
                    1 | 21 => "st",
                    2 | 22 => "nd",
                    3 | 23 => "rd",
                    _ => "th",
                };
                let _ = write!(out, "{d}{suf}");
            } else {
                let _ = write!(out, "{d}");
            }
        }
        Gen::Score => {
            let _ = write!(out, "{}-{}", rng.u32(0..5), rng.u32(0..4));
        }
        Gen::Code => {
            let _ = write!(out, "{:04}", rng.u32(0..10000));
        }
        Gen::Container => out.push_str(&entities::container_number(rng)),
        Gen::Plate => {
            fn up(rng: &mut Rng, n: usize, out: &mut String) {
                for _ in 0..n {
                    out.push(char::from(b'A' + rng.u8(0..26)));
                }
            }
            match lang {
                Lang::Fr => {
                    up(rng, 2, out);
                    let _ = write!(out, "-{:03}-", rng.u32(0..1000));
                    up(rng, 2, out);
                }
                Lang::Nl => {
                    let _ = write!(out, "{}-", rng.u32(1..100));
                    up(rng, 3, out);
                    let _ = write!(out, "-{}", rng.u32(1..10));
                }
                Lang::En => {
                    up(rng, 2, out);
                    let _ = write!(out, "{:02} ", rng.u32(10..75));
                    up(rng, 3, out);
                }
            }
        }
    }
}

/// How a chat slot is filled.
#[derive(Clone, Copy)]
enum SlotKind {
    List(&'static [&'static str]),
    Gen(Gen),
    Zipf(Option<Class>),
}

/// One language's precomputed chat data.
struct LangData {
    lang: Lang,
    lex: Lexicon,
    slots: Vec<SlotKind>,
    chat: Vec<Box<[Node]>>,
    short: Vec<Box<[Node]>>,
    hard: Vec<(Category, Box<[Node]>)>,
    notes: Vec<Box<[Node]>>,
    captions: Vec<Box<[Node]>>,
    locations: Vec<Box<[Node]>>,
    emoji: &'static [&'static str],
}

impl LangData {
    fn new(lang: Lang, lex: Lexicon) -> Self {
        let p = pack(lang);
        let mut names: Vec<&'static str> = Vec::new();
        let mut slots: Vec<SlotKind> = Vec::new();
        let mut intern = |name: &'static str| -> u16 {
            if let Some(i) = names.iter().position(|n| *n == name) {
                return i as u16;
            }
            let kind = match name {
                "w" => SlotKind::Zipf(None),
                "n" => SlotKind::Zipf(Some(Class::Noun)),
                "v" => SlotKind::Zipf(Some(Class::Verb)),
                "adj" => SlotKind::Zipf(Some(Class::Adj)),
                "pn" => SlotKind::Zipf(Some(Class::Proper)),
                _ => match gen_of(name) {
                    Some(g) => SlotKind::Gen(g),
                    None => SlotKind::List(
                        p.list(name).unwrap_or_else(|| panic!("unknown slot {{{name}}} in {lang:?} chat")),
                    ),
                },
            };
            names.push(name);
            slots.push(kind);
            (names.len() - 1) as u16
        };
        let mut parse_all = |src: &'static [&'static str]| -> Vec<Box<[Node]>> {
            src.iter().map(|s| tpl::parse(s, &mut intern)).collect()
        };
        let chat = parse_all(p.chat);
        let short = parse_all(p.short);
        let notes = parse_all(p.notes);
        let captions = parse_all(p.captions);
        let locations = parse_all(p.locations);
        let hard = p.hard.iter().map(|(c, s)| (*c, tpl::parse(s, &mut intern))).collect();
        let emoji = p.list("emo").unwrap_or(&[]);
        LangData { lang, lex, slots, chat, short, hard, notes, captions, locations, emoji }
    }

    #[inline]
    fn render(&self, nodes: &[Node], rng: &mut Rng, out: &mut String) {
        tpl::render(nodes, rng, out, &mut |id, rng, out| match self.slots[id as usize] {
            SlotKind::List(l) => out.push_str(l[rng.usize(..l.len())]),
            SlotKind::Gen(g) => render_gen(g, self.lang, rng, out),
            SlotKind::Zipf(None) => out.push_str(self.lex.any(rng)),
            SlotKind::Zipf(Some(c)) => out.push_str(self.lex.of(c, rng)),
        });
    }

    #[inline]
    fn pick<'a>(v: &'a [Box<[Node]>], rng: &mut Rng) -> &'a [Node] {
        &v[rng.usize(..v.len())]
    }

    fn zipf_words(&self, rng: &mut Rng, n: usize, out: &mut String) {
        for i in 0..n {
            if i > 0 || !out.is_empty() {
                out.push(' ');
            }
            // Any class (function words included) or a content word of one class, now and
            // then a proper name (a contact, a street, a brand).
            let w = match rng.u8(0..20) {
                0..=6 => self.lex.any(rng),
                7..=11 => self.lex.of(Class::Noun, rng),
                12..=14 => self.lex.of(Class::Verb, rng),
                15..=16 => self.lex.of(Class::Adj, rng),
                17 => self.lex.of(Class::Misc, rng),
                _ => self.lex.of(Class::Proper, rng),
            };
            out.push_str(w);
        }
    }
}

/// Everyday chat: holds the Zipfian vocabulary (built once; cheap to share across threads).
pub struct Chatter {
    langs: [LangData; 3],
    vocabulary: usize,
    handle_combos: Vec<String>,
    handle_step: usize,
}

/// Morphemes of a language's synthetic words: surname prefixes/suffixes, place
/// prefixes/suffixes, onsets, nuclei, endings.
type Morphemes = [&'static [&'static str]; 7];

fn build_lexicon(lang: Lang) -> Lexicon {
    let (forms, [sp, ss, sp2, ss2, on, nu, en], seed): (lex_fr::Forms, Morphemes, u64) = match lang {
        Lang::Fr => (
            lex_fr::forms(),
            [
                lex_fr::SURNAME_PRE,
                lex_fr::SURNAME_SUF,
                lex_fr::TOWN_PRE,
                lex_fr::TOWN_SUF,
                lex_fr::ONSETS,
                lex_fr::NUCLEI,
                lex_fr::ENDINGS,
            ],
            0xF00D,
        ),
        Lang::Nl => (
            lex_nl::forms(),
            [
                lex_nl::SURNAME_PRE,
                lex_nl::SURNAME_SUF,
                lex_nl::STREET_PRE,
                lex_nl::STREET_SUF,
                lex_nl::ONSETS,
                lex_nl::NUCLEI,
                lex_nl::ENDINGS,
            ],
            0xBEEF,
        ),
        Lang::En => (
            lex_en::forms(),
            [
                lex_en::SURNAME_PRE,
                lex_en::SURNAME_SUF,
                lex_en::SURNAME_PRE,
                lex_en::TOWN_SUF,
                lex_en::ONSETS,
                lex_en::NUCLEI,
                lex_en::ENDINGS,
            ],
            0xCAFE,
        ),
    };
    let mut b = LexBuilder::default();
    for (tier, pos, class, f) in &forms {
        b.add(*tier, *pos, *class, f.clone());
    }
    morph::add_variants(&mut b, &forms, 2);
    // Slot-list words (names, towns, shops, teams…) are real vocabulary too.
    for (_, list) in pack(lang).lists {
        for (i, entry) in list.iter().enumerate() {
            for w in entry.split_whitespace() {
                let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '-');
                if !w.is_empty() && w.chars().any(char::is_alphabetic) {
                    b.add(1, i * 4, Class::Proper, w);
                }
            }
        }
    }
    // Synthetic but plausible proper names: surnames, towns/streets, brands, nicknames.
    for (i, w) in morph::combine(sp, ss, 100).into_iter().enumerate() {
        b.add(4, i, Class::Proper, w);
    }
    for (i, w) in morph::combine(sp2, ss2, 100).into_iter().enumerate() {
        b.add(4, i, Class::Proper, w);
    }
    for (i, w) in morph::pseudo_words(seed, 2600, on, nu, en, true).into_iter().enumerate() {
        b.add(4, i, Class::Proper, w);
    }
    // Rare common-noun-like pseudo-words (hapaxes, jargon, mistyped words).
    for (i, w) in morph::pseudo_words(seed ^ 0x55, 2400, on, nu, en, false).into_iter().enumerate() {
        b.add(5, i, Class::Noun, w);
    }
    b.build(1.07)
}

impl Chatter {
    pub fn new() -> Self {
        let langs = Lang::ALL.map(|l| LangData::new(l, build_lexicon(l)));
        let mut all: Vec<&str> = langs.iter().flat_map(|d| d.lex.words.iter().map(|w| &**w)).collect();
        all.sort_unstable();
        all.dedup();
        let vocabulary = all.len();
        let mut handle_combos: Vec<String> = Vec::new();
        for l in Lang::ALL {
            let p = pack(l);
            for a in p.handle_a {
                for b in p.handle_b {
                    handle_combos.push(format!("{}-{}", morph::strip_accents(a), morph::strip_accents(b)));
                }
            }
        }
        handle_combos.sort();
        handle_combos.dedup();
        let n = handle_combos.len();
        let gcd = |mut a: usize, mut b: usize| {
            while b != 0 {
                (a, b) = (b, a % b);
            }
            a
        };
        let mut handle_step = 7919 % n.max(2);
        while handle_step < 2 || gcd(handle_step, n) != 1 {
            handle_step += 1;
        }
        Chatter { langs, vocabulary, handle_combos, handle_step }
    }

    fn data(&self, lang: Lang) -> &LangData {
        &self.langs[lang as usize]
    }

    /// One everyday chat line in `lang`.
    pub fn line(&self, rng: &mut Rng, lang: Lang) -> String {
        let d = self.data(lang);
        let mut out = String::with_capacity(160);
        let m = rng.u8(0..100);
        if m < 30 {
            d.render(LangData::pick(&d.chat, rng), rng, &mut out);
        } else if m < 55 {
            // A template with a few vocabulary words before or after it.
            let k = rng.usize(3..9);
            if rng.u8(0..3) == 0 {
                d.zipf_words(rng, k, &mut out);
                out.push_str(", ");
                d.render(LangData::pick(&d.chat, rng), rng, &mut out);
            } else {
                d.render(LangData::pick(&d.chat, rng), rng, &mut out);
                d.zipf_words(rng, k, &mut out);
            }
        } else if m < 75 {
            // Two thoughts typed in one message.
            d.render(LangData::pick(&d.chat, rng), rng, &mut out);
            let joiner =
                if out.ends_with(['?', '!', '.']) { " " } else { [", ", ". ", " ", " - ", "... "][rng.usize(..5)] };
            out.push_str(joiner);
            d.render(LangData::pick(&d.chat, rng), rng, &mut out);
        } else if m < 88 {
            // A string of vocabulary words: hurried, elliptic chat.
            let k = rng.usize(6..17);
            d.zipf_words(rng, k, &mut out);
            match rng.u8(0..6) {
                0 => out.push_str(" ?"),
                1 => {
                    out.push(' ');
                    out.push_str(d.emoji[rng.usize(..d.emoji.len())]);
                }
                _ => {}
            }
        } else if m < 96 {
            // A short reply followed by a template: a burst of two messages typed as one.
            d.render(LangData::pick(&d.short, rng), rng, &mut out);
            out.push(' ');
            d.render(LangData::pick(&d.chat, rng), rng, &mut out);
        } else {
            d.render(LangData::pick(&d.short, rng), rng, &mut out);
            if rng.bool() {
                let k = rng.usize(1..4);
                d.zipf_words(rng, k, &mut out);
            }
        }
        style(rng, lang, out)
    }

    /// An innocent line that shares vocabulary with a threat category (a hard negative).
    pub fn hard_negative(&self, rng: &mut Rng, lang: Lang) -> (Category, String) {
        let d = self.data(lang);
        let (cat, nodes) = &d.hard[rng.usize(..d.hard.len())];
        let mut out = String::with_capacity(128);
        d.render(nodes, rng, &mut out);
        (*cat, style(rng, lang, out))
    }

    /// A note a user writes to self: shopping list, reminder, address, number.
    pub fn note(&self, rng: &mut Rng, lang: Lang) -> String {
        let d = self.data(lang);
        let mut out = String::with_capacity(128);
        d.render(LangData::pick(&d.notes, rng), rng, &mut out);
        out
    }

    /// An image caption.
    pub fn caption(&self, rng: &mut Rng, lang: Lang) -> String {
        let d = self.data(lang);
        let mut out = String::with_capacity(64);
        d.render(LangData::pick(&d.captions, rng), rng, &mut out);
        out
    }

    /// A place label ("chez tonton", "parking Lidl", "loods Waalhaven").
    pub fn location_label(&self, rng: &mut Rng, lang: Lang) -> String {
        let d = self.data(lang);
        let mut out = String::with_capacity(48);
        d.render(LangData::pick(&d.locations, rng), rng, &mut out);
        out
    }

    /// A contact-list nickname, sometimes empty.
    pub fn nickname(&self, rng: &mut Rng) -> String {
        let lang = Lang::ALL[rng.usize(..3)];
        let p = pack(lang);
        match rng.u8(0..20) {
            0..=4 => String::new(),
            5..=13 => p.nicknames[rng.usize(..p.nicknames.len())].to_string(),
            _ => {
                let names = p.list(match lang {
                    Lang::Fr => "prenom",
                    Lang::Nl => "naam",
                    Lang::En => "name",
                });
                let names = names.unwrap_or(&["X"]);
                let name = names[rng.usize(..names.len())];
                let suffix: &[&str] = match lang {
                    Lang::Fr => {
                        &["", "", " 2", " taf", " foot", " garage", " bled", " new", " B.", " cousin", " salle"]
                    }
                    Lang::Nl => {
                        &["", "", " 2", " werk", " voetbal", " garage", " nieuw", " B.", " neef", " gym", " 020"]
                    }
                    Lang::En => &["", "", " 2", " work", " footy", " garage", " new", " B.", " cuz", " gym", " uni"],
                };
                format!("{name}{}", suffix[rng.usize(..suffix.len())])
            }
        }
    }

    /// A chat handle such as `renard-gris17`, unique per `index`.
    pub fn handle(&self, rng: &mut Rng, index: usize) -> String {
        let n = self.handle_combos.len();
        let combo = &self.handle_combos[((index % n) * self.handle_step) % n];
        let number = (index / n) * 100 + rng.usize(1..100);
        format!("{combo}{number}")
    }

    /// Number of distinct word forms the vocabulary holds (all languages together).
    pub fn vocabulary_size(&self) -> usize {
        self.vocabulary
    }

    /// Number of distinct word forms in one language's vocabulary.
    pub fn vocabulary_size_of(&self, lang: Lang) -> usize {
        self.data(lang).lex.words.len()
    }
}

impl Default for Chatter {
    fn default() -> Self {
        Self::new()
    }
}

/// Per-line surface variation: a capital now and then, accents dropped now and then.
fn style(rng: &mut Rng, lang: Lang, mut out: String) -> String {
    let r = rng.u8(0..100);
    if r < 18 {
        if let Some(c) = out.chars().next()
            && c.is_lowercase()
        {
            let up: String = c.to_uppercase().collect();
            out.replace_range(..c.len_utf8(), &up);
        }
    } else if r >= 92 && lang != Lang::En && out.bytes().any(|b| (0xC3..=0xC5).contains(&b)) {
        let mut s = String::with_capacity(out.len());
        morph::strip_accents_into(&out, &mut s);
        return s;
    }
    out
}

// ---------------------------------------------------------------------------
// Planted conversations.

/// A scenario script: `@name = a|b|c` variable lines (a later definition overrides an
/// earlier one, e.g. one from the shared prelude), then one turn per line
/// (`A text`, `B text`; `A?`/`B?` for a turn kept half of the time).
pub(crate) struct Scenario {
    pub(crate) id: &'static str,
    pub(crate) category: Category,
    pub(crate) script: &'static str,
}

fn scenarios(lang: Lang) -> &'static [Scenario] {
    match lang {
        Lang::Fr => scen_fr::SCENARIOS,
        Lang::Nl => scen_nl::SCENARIOS,
        Lang::En => scen_en::SCENARIOS,
    }
}

/// Ids of the scenario templates of `category` in `lang`.
pub fn scenario_ids(category: Category, lang: Lang) -> Vec<&'static str> {
    scenarios(lang).iter().filter(|s| s.category == category).map(|s| s.id).collect()
}

/// A planted threat conversation of `category` in `lang`, chosen and filled in with `rng`.
pub fn planted(rng: &mut Rng, category: Category, lang: Lang) -> PlantedConversation {
    let all = scenarios(lang);
    let n = all.iter().filter(|s| s.category == category).count();
    assert!(n > 0, "no scenario for {category:?} {lang:?}");
    let k = rng.usize(..n);
    let s = all.iter().filter(|s| s.category == category).nth(k).expect("k < n");
    fill(rng, s, lang)
}

/// The planted conversation of scenario `id` (e.g. `kid-fr-tiger-ledger`), filled in with `rng`.
pub fn planted_scenario(rng: &mut Rng, id: &str) -> Option<PlantedConversation> {
    for lang in Lang::ALL {
        if let Some(s) = scenarios(lang).iter().find(|s| s.id == id) {
            return Some(fill(rng, s, lang));
        }
    }
    None
}

/// Splits `s` on `|` at brace depth 0.
fn split_top(s: &'static str) -> Vec<&'static str> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        match b {
            b'{' => depth += 1,
            b'}' => depth -= 1,
            b'|' if depth == 0 => {
                out.push(s[start..i].trim());
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(s[start..].trim());
    out
}

struct Filler<'r> {
    rng: &'r mut Rng,
    lang: Lang,
    pack: &'static Pack,
    vars: Vec<(&'static str, Vec<&'static str>)>,
    sticky: Vec<(&'static str, String)>,
    entities: Vec<(String, String)>,
    depth: u32,
}

impl Filler<'_> {
    fn expand(&mut self, src: &'static str, out: &mut String) {
        let mut names: Vec<&'static str> = Vec::new();
        let nodes = tpl::parse(src, &mut |n| {
            names.push(n);
            (names.len() - 1) as u16
        });
        self.walk(&nodes, &names, out);
    }

    fn walk(&mut self, nodes: &[Node], names: &[&'static str], out: &mut String) {
        for node in nodes {
            match node {
                Node::Lit(s) => out.push_str(s),
                Node::Choice(alts) => {
                    let k = self.rng.usize(..alts.len());
                    self.walk(&alts[k], names, out);
                }
                Node::Slot(id) => {
                    let v = self.slot(names[*id as usize]);
                    out.push_str(&v);
                }
            }
        }
    }

    fn slot(&mut self, raw: &'static str) -> String {
        let fresh = raw.starts_with('~');
        let key = raw.trim_start_matches('~');
        let base = key.split('#').next().unwrap_or(key);
        if !fresh && let Some((_, v)) = self.sticky.iter().find(|(k, _)| *k == key) {
            return v.clone();
        }
        self.depth += 1;
        assert!(self.depth < 20, "recursive scenario variable {raw}");
        let v = if let Some(alts) = self.vars.iter().rev().find(|(n, _)| *n == base).map(|(_, a)| a.clone()) {
            let pick = alts[self.rng.usize(..alts.len())];
            let mut s = String::new();
            self.expand(pick, &mut s);
            s
        } else if let Some((kind, value)) = entities::generate(base, self.lang, self.rng) {
            if !self.entities.iter().any(|(k, v)| k == kind && *v == value) {
                self.entities.push((kind.to_string(), value.clone()));
            }
            value
        } else if let Some(g) = gen_of(base) {
            let mut s = String::new();
            render_gen(g, self.lang, self.rng, &mut s);
            s
        } else if let Some(list) = self.pack.list(base) {
            list[self.rng.usize(..list.len())].to_string()
        } else {
            panic!("unknown slot {{{raw}}} in a {:?} scenario", self.lang)
        };
        self.depth -= 1;
        if !fresh {
            self.sticky.push((key, v.clone()));
        }
        v
    }
}

fn fill(rng: &mut Rng, s: &Scenario, lang: Lang) -> PlantedConversation {
    let mut f =
        Filler { rng, lang, pack: pack(lang), vars: Vec::new(), sticky: Vec::new(), entities: Vec::new(), depth: 0 };
    let mut turn_src: Vec<(u8, &'static str)> = Vec::new();
    for line in s.script.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with("//") {
            continue;
        }
        if let Some(rest) = line.strip_prefix('@') {
            let (name, value) = rest.split_once('=').unwrap_or_else(|| panic!("bad variable line in {}: {line}", s.id));
            f.vars.push((name.trim(), split_top(value.trim())));
            continue;
        }
        let (head, text) = line.split_once(' ').unwrap_or_else(|| panic!("bad turn in {}: {line}", s.id));
        let speaker = match head.trim_end_matches('?') {
            "A" => 0,
            "B" => 1,
            _ => panic!("bad speaker in {}: {line}", s.id),
        };
        if head.ends_with('?') && f.rng.bool() {
            continue;
        }
        turn_src.push((speaker, text.trim()));
    }
    // One of the two writers may type without accents.
    let plain = match lang {
        Lang::En => None,
        _ => match f.rng.u8(0..10) {
            0..=2 => Some(f.rng.u8(0..2)),
            _ => None,
        },
    };
    let mut turns = Vec::with_capacity(turn_src.len());
    for (speaker, src) in turn_src {
        let mut text = String::new();
        f.expand(src, &mut text);
        if plain == Some(speaker) {
            text = morph::strip_accents(&text);
        }
        turns.push((speaker, text));
    }
    // Fast typing: a few words mistyped (never inside an entity value).
    if f.rng.u8(0..10) < 4 {
        for _ in 0..f.rng.usize(1..4) {
            let t = f.rng.usize(..turns.len());
            let text = &turns[t].1;
            let candidates: Vec<&str> = text
                .split(' ')
                .filter(|w| w.chars().count() >= 5 && w.chars().all(char::is_alphabetic))
                .filter(|w| !f.entities.iter().any(|(_, v)| v.contains(*w)))
                .collect();
            if candidates.is_empty() {
                continue;
            }
            let w = candidates[f.rng.usize(..candidates.len())];
            if let Some(typo) = morph::typo(w) {
                let fixed =
                    text.split(' ').map(|x| if x == w { typo.as_str() } else { x }).collect::<Vec<_>>().join(" ");
                turns[t].1 = fixed;
            }
        }
    }
    PlantedConversation { scenario: s.id.to_string(), category: s.category, lang, turns, entities: f.entities }
}

#[cfg(test)]
mod tests;
