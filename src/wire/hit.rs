//! A hit (one logical message) as JSON: `search --json`'s fields, shared by threads, batch
//! hits, findings' messages and the API.

use serde::{Serialize, Serializer};

use crate::index::{Copy, Hit, Kind};

/// A copy as hits list it: where its frame is.
#[derive(Serialize)]
struct CopyFields<'a> {
    deleted: bool,
    direction: &'static str,
    /// Lossy only for a path that is not UTF-8 (the evidence file's name as the OS gave it).
    file: std::borrow::Cow<'a, str>,
    imei: &'a str,
    offset: u64,
}

impl<'a> From<&'a Copy> for CopyFields<'a> {
    fn from(c: &'a Copy) -> Self {
        CopyFields {
            deleted: c.deleted,
            direction: c.direction.as_str(),
            file: c.file.to_string_lossy(),
            imei: &c.imei,
            offset: c.offset,
        }
    }
}

#[derive(Serialize)]
struct Location {
    lat: f64,
    lon: f64,
}

/// Every field a hit's JSON may have, alphabetically; the optional ones are what the context
/// (thread, search page, batch, finding) adds.
#[derive(Serialize)]
pub(super) struct HitFields<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    centre: Option<bool>,
    copies: Vec<CopyFields<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) entities: Option<&'a [String]>,
    kind: &'a Kind,
    location: Option<Location>,
    message_id: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    query_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rank: Option<usize>,
    recipient: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) rules: Option<&'a [String]>,
    /// As f64: what JSON has always shown of the f32 score.
    #[serde(skip_serializing_if = "Option::is_none")]
    score: Option<f64>,
    sender: &'a str,
    sent_at: String,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) terms: Option<&'a [String]>,
    text: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    total: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) watchlist: Option<&'a [String]>,
}

impl<'a> HitFields<'a> {
    /// The fields of `hit` alone, without its score.
    pub(super) fn unscored(hit: &'a Hit) -> Self {
        HitFields {
            centre: None,
            copies: hit.copies.iter().map(CopyFields::from).collect(),
            entities: None,
            kind: &hit.kind,
            location: crate::export::position(hit).map(|(lat, lon)| Location { lat, lon }),
            message_id: hit.message_id,
            query_id: None,
            rank: None,
            recipient: &hit.recipient,
            rules: None,
            score: None,
            sender: &hit.sender,
            sent_at: crate::time::rfc3339_ms(hit.sent_at),
            status: hit.status.as_str(),
            terms: None,
            text: &hit.text,
            total: None,
            watchlist: None,
        }
    }

    fn scored(hit: &'a Hit) -> Self {
        HitFields { score: Some(f64::from(hit.score)), ..HitFields::unscored(hit) }
    }
}

/// `search --json`'s fields (thread lines are the same).
impl Serialize for Hit {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        HitFields::scored(self).serialize(s)
    }
}

/// A hit in its context: a search's rank and total, a batch query's id, a thread's centre.
pub struct HitLine<'a>(HitFields<'a>);

impl<'a> HitLine<'a> {
    pub fn new(hit: &'a Hit) -> Self {
        HitLine(HitFields::scored(hit))
    }

    /// A hit that no search scored (a message looked up by its identity): no `score`.
    pub fn unscored(hit: &'a Hit) -> Self {
        HitLine(HitFields::unscored(hit))
    }

    /// Its place in a search (from 1) and the number of documents the search matched.
    pub fn ranked(mut self, rank: usize, total: usize) -> Self {
        self.0.rank = Some(rank);
        self.0.total = Some(total);
        self
    }

    /// The id of the batch query that found it.
    pub fn query(mut self, id: &'a str) -> Self {
        self.0.query_id = Some(id);
        self
    }

    /// Whether it is the message a thread is centred on.
    pub fn centre(mut self, centre: bool) -> Self {
        self.0.centre = Some(centre);
        self
    }
}

impl Serialize for HitLine<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}
