//! The stored document, one per logical message or note: built here at ingest from its
//! decoded content, and read back here for every consumer (search hits, threads, hunt,
//! entities, exports, the learning layer, and ingest merging with an earlier run's document).
//! No other module knows how a field is encoded.

use std::collections::BTreeSet;

use tantivy::schema::{Field, Value};
use tantivy::{DateTime, TantivyDocument};
use tapir_parsers::Body;

use super::copies::{self, StoredCopy};
use super::manifest::Manifest;
use super::schema::Fields;
use super::search::{Copy, Hit, Snippet};
use super::{Extra, Kind, TapirIndex};
use crate::decode::Status;
use crate::entities::Entity;
use crate::lang::Lang;

/// The readable content of a logical message or note, from its best decrypted copy.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Content {
    pub kind: Kind,
    pub text: String,
    pub extra: Option<Extra>,
}

impl Content {
    /// A decrypted message body's content.
    pub fn of_body(body: &Body<'_>) -> Content {
        match *body {
            Body::Text { text } => Content { kind: Kind::Text, text: text.to_str_lossy().into_owned(), extra: None },
            Body::Image { file_name, byte_size, sha256, caption } => Content {
                kind: Kind::Image,
                text: caption.to_str_lossy().into_owned(),
                extra: Some(Extra::Image {
                    byte_size: byte_size.into(),
                    file_name: file_name.to_str_lossy().into_owned(),
                    sha256: hex::encode(sha256),
                }),
            },
            Body::Location { lat, lon, label } => Content {
                kind: Kind::Location,
                text: label.to_str_lossy().into_owned(),
                extra: Some(Extra::Location { lat, lon }),
            },
        }
    }

    /// A decrypted note's content.
    pub fn note(text: String) -> Content {
        Content { kind: Kind::Note, text, extra: None }
    }

    /// The content while no copy decrypts: nothing but its kind.
    pub fn locked(kind: Kind) -> Content {
        Content { kind, text: String::new(), extra: None }
    }

    /// The entities of the content: of its text (read in `lang`) and, for a location, of its
    /// coordinates.
    pub fn entities(&self, lang: Lang) -> Vec<Entity> {
        let mut found = crate::entities::extract_with_lang(&self.text, lang.as_str());
        if self.kind == Kind::Location
            && let Some((lat, lon)) = self.extra.as_ref().and_then(Extra::position)
            && let Some(e) = crate::entities::extract_location(lat, lon)
        {
            found.push(e);
        }
        found
    }
}

/// Whose a document is: a message between two handles, or a note of its device's owner.
pub(crate) enum Record<'a> {
    Message { sender: &'a str, recipient: &'a str },
    Note { owner: &'a str },
}

/// What identifies a document: it does not change when the document is merged with an
/// earlier run's.
pub(crate) struct Identity<'a> {
    /// `ingest::message_key` or `ingest::note_key`.
    pub key: &'a str,
    pub record: Record<'a>,
    pub conversation_id: u64,
    /// The message id, or the note id.
    pub message_id: u64,
    /// Epoch milliseconds (sent, or written for a note).
    pub sent_at: u64,
}

/// A document as ingest writes it.
pub(crate) struct NewDocument<'a> {
    pub identity: Identity<'a>,
    pub content: &'a Content,
    pub lang: Lang,
    /// Every copy, sorted by (file, offset).
    pub copies: &'a [StoredCopy],
    /// IMEIs of the devices holding a copy.
    pub imeis: BTreeSet<&'a str>,
}

impl NewDocument<'_> {
    pub fn build(&self, f: &Fields) -> TantivyDocument {
        let id = &self.identity;
        let mut doc = TantivyDocument::new();
        match id.record {
            Record::Message { sender, recipient } => {
                doc.add_text(f.record, "message");
                doc.add_text(f.sender, sender);
                doc.add_text(f.recipient, recipient);
                doc.add_text(f.conversation, super::ingest::conversation_key(sender, recipient));
            }
            Record::Note { owner } => {
                doc.add_text(f.record, "note");
                doc.add_text(f.sender, owner);
            }
        }
        doc.add_u64(f.conversation_id, id.conversation_id);
        doc.add_u64(f.message_id, id.message_id);
        doc.add_date(f.sent_at, DateTime::from_timestamp_millis(i64::try_from(id.sent_at).unwrap_or(i64::MAX)));
        doc.add_text(f.key, id.key);
        doc.add_text(f.kind, self.content.kind.as_str());
        doc.add_text(f.status, copies::best_status(self.copies.iter().map(|c| c.status)).as_str());
        doc.add_text(f.lang, self.lang.as_str());
        doc.add_text(f.deleted, if self.copies.iter().any(|c| c.deleted) { "true" } else { "false" });
        for imei in &self.imeis {
            doc.add_text(f.imei, imei);
        }
        doc.add_text(f.text, &self.content.text);
        let entities = self.content.entities(self.lang);
        let tagged = tagged_entities(&entities);
        for t in &tagged {
            doc.add_text(f.entities, t);
        }
        for term in entity_terms(entities, tagged) {
            doc.add_text(f.entity, term);
        }
        doc.add_bytes(f.copies, &copies::encode(self.copies));
        if let Some(extra) = &self.content.extra {
            doc.add_bytes(f.extra, &extra.to_stored());
        }
        doc
    }
}

/// The `entity` terms of a document: each distinct entity as its bare value and as
/// `kind:value` (`tagged`, its [`tagged_entities`], formatted once).
pub(crate) fn entity_terms(entities: Vec<Entity>, tagged: BTreeSet<String>) -> BTreeSet<String> {
    let mut terms = tagged;
    terms.extend(entities.into_iter().map(|e| e.value));
    terms
}

/// Entities as `kind:value`, sorted and distinct: what the `entities` field stores.
pub(crate) fn tagged_entities(entities: &[Entity]) -> BTreeSet<String> {
    entities.iter().map(|e| format!("{}:{}", e.kind, e.value)).collect()
}

/// A stored document read back: each part decoded on demand, borrowed where it can be.
#[derive(Clone, Copy)]
pub(crate) struct Stored<'a> {
    doc: &'a TantivyDocument,
    fields: &'a Fields,
}

impl<'a> Stored<'a> {
    pub fn new(doc: &'a TantivyDocument, fields: &'a Fields) -> Stored<'a> {
        Stored { doc, fields }
    }

    fn str(&self, field: Field) -> &'a str {
        self.doc.get_first(field).and_then(|v| v.as_str()).unwrap_or_default()
    }

    pub fn sender(&self) -> &'a str {
        self.str(self.fields.sender)
    }

    /// Empty for a note.
    pub fn recipient(&self) -> &'a str {
        self.str(self.fields.recipient)
    }

    pub fn message_id(&self) -> u64 {
        self.doc.get_first(self.fields.message_id).and_then(|v| v.as_u64()).unwrap_or_default()
    }

    /// Epoch milliseconds (0 when absent or before 1970).
    pub fn sent_at(&self) -> u64 {
        self.doc
            .get_first(self.fields.sent_at)
            .and_then(|v| v.as_datetime())
            .map_or(0, |d| u64::try_from(d.into_timestamp_millis()).unwrap_or(0))
    }

    pub fn kind(&self) -> Kind {
        Kind::of_stored(self.str(self.fields.kind))
    }

    pub fn status(&self) -> Status {
        Status::parse(self.str(self.fields.status)).unwrap_or(Status::Malformed)
    }

    pub fn lang(&self) -> Lang {
        Lang::of_stored(self.str(self.fields.lang))
    }

    /// The readable text ("" while locked).
    pub fn text(&self) -> &'a str {
        self.str(self.fields.text)
    }

    pub fn copies(&self) -> Vec<StoredCopy> {
        copies::decode(self.doc.get_first(self.fields.copies).and_then(|v| v.as_bytes()).unwrap_or_default())
    }

    pub fn extra(&self) -> Option<Extra> {
        self.doc.get_first(self.fields.extra).and_then(|v| v.as_bytes()).and_then(Extra::of_stored)
    }

    /// Its entities as `kind:value`, sorted and distinct, as ingest found them.
    pub fn entities(&self) -> Vec<String> {
        self.doc.get_all(self.fields.entities).filter_map(|v| v.as_str()).map(str::to_owned).collect()
    }

    pub fn content(&self) -> Content {
        Content { kind: self.kind(), text: self.text().to_owned(), extra: self.extra() }
    }

    /// The two handles sorted, or the owner alone for a note.
    pub fn participants(&self) -> Vec<String> {
        let (sender, recipient) = (self.sender().to_owned(), self.recipient().to_owned());
        if recipient.is_empty() {
            return vec![sender];
        }
        let mut p = vec![sender, recipient];
        p.sort();
        p
    }

    /// The document as a hit, its copies resolved through `manifest`.
    pub fn hit(&self, manifest: &Manifest, score: f32) -> Hit {
        Hit {
            sender: self.sender().to_owned(),
            message_id: self.message_id(),
            recipient: self.recipient().to_owned(),
            sent_at: self.sent_at(),
            kind: self.kind(),
            status: self.status(),
            lang: self.lang(),
            text: self.text().to_owned(),
            snippet: Snippet::default(),
            score,
            copies: self.copies().iter().map(|c| resolve_copy(c, manifest)).collect(),
            extra: self.extra(),
        }
    }
}

fn resolve_copy(c: &StoredCopy, manifest: &Manifest) -> Copy {
    let entry = manifest.file(c.file_no);
    Copy {
        imei: entry.map(|e| e.report.imei.clone()).unwrap_or_default(),
        file: entry.map(|e| e.report.path.clone()).unwrap_or_default(),
        sha256: entry.map(|e| e.report.sha256.clone()).unwrap_or_default(),
        offset: c.offset,
        direction: if c.sent { tapir_parsers::Direction::Sent } else { tapir_parsers::Direction::Received },
        deleted: c.deleted,
        status: c.status,
    }
}

impl TapirIndex {
    /// `doc`, a document of this index, read back.
    pub(crate) fn stored<'a>(&'a self, doc: &'a TantivyDocument) -> Stored<'a> {
        Stored::new(doc, &self.fields)
    }

    /// `doc` as a hit.
    pub(crate) fn hit_of(&self, doc: &TantivyDocument, manifest: &Manifest, score: f32) -> Hit {
        self.stored(doc).hit(manifest, score)
    }
}
