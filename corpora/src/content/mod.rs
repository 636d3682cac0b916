//! What the synthetic phones say. STUB: replaced by the content work; signatures are the contract.
use fastrand::Rng;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Fr,
    Nl,
    En,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Kidnapping,
    Weapons,
    Drugs,
}

/// One planted threat conversation, already filled in: (speaker 0 or 1, text) turns.
pub struct PlantedConversation {
    pub scenario: String,
    pub category: Category,
    pub lang: Lang,
    pub turns: Vec<(u8, String)>,
    /// Entities written into the turns: (kind, value), e.g. ("btc", "bc1...").
    pub entities: Vec<(String, String)>,
}

/// Everyday chat: holds the Zipfian vocabulary (built once; cheap to share across threads).
pub struct Chatter;
impl Chatter {
    pub fn new() -> Self {
        Chatter
    }
    /// One everyday chat line in `lang`.
    pub fn line(&self, rng: &mut Rng, lang: Lang) -> String {
        let _ = (rng, lang);
        "ok".into()
    }
    /// An innocent line that shares vocabulary with a threat category (a hard negative).
    pub fn hard_negative(&self, rng: &mut Rng, lang: Lang) -> (Category, String) {
        let _ = (rng, lang);
        (Category::Drugs, "la coke est dans le frigo".into())
    }
    pub fn note(&self, rng: &mut Rng, lang: Lang) -> String {
        self.line(rng, lang)
    }
    pub fn caption(&self, rng: &mut Rng, lang: Lang) -> String {
        self.line(rng, lang)
    }
    pub fn location_label(&self, rng: &mut Rng, lang: Lang) -> String {
        self.line(rng, lang)
    }
    pub fn nickname(&self, rng: &mut Rng) -> String {
        let _ = rng;
        String::new()
    }
    /// A chat handle such as `renard-gris17`.
    pub fn handle(&self, rng: &mut Rng, index: usize) -> String {
        let _ = rng;
        format!("h{index}")
    }
    /// Number of distinct word forms the vocabulary holds.
    pub fn vocabulary_size(&self) -> usize {
        1
    }
}
impl Default for Chatter {
    fn default() -> Self {
        Self::new()
    }
}

/// A planted threat conversation of `category` in `lang`, chosen and filled in with `rng`.
pub fn planted(rng: &mut Rng, category: Category, lang: Lang) -> PlantedConversation {
    let _ = rng;
    PlantedConversation { scenario: "stub".into(), category, lang, turns: vec![(0, "stub".into())], entities: vec![] }
}
