//! The index schema: one document per logical message `(sender, message_id)` or note.

use tantivy::Index;
use tantivy::schema::{
    BytesOptions, DateOptions, DateTimePrecision, FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema,
    TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::TextAnalyzer;

use super::tokenizer::TextTokenizer;

/// Bumped whenever documents or analysis change; an index of another version is refused.
///
/// Version 2 added `entity` and `conversation_id`; version 3 keeps combining marks in their
/// words and composes them (NFC, `analysis/words.rs`: decomposed text was cut in two) and adds
/// `deleted`; version 4 gives sender, recipient, imei, kind, status and lang fast columns
/// (facets) and indexes `conversation_id` (searches within findings); version 5 stores each
/// document's entities (`entities`), which findings show instead of extracting them again.
pub const SCHEMA_VERSION: u32 = 5;

/// Name of the analyzer of message text.
pub const TEXT_ANALYZER: &str = "tapir_text";

/// Field handles. Private to the library: callers see tapir's own types.
#[derive(Clone, Debug)]
pub(crate) struct Fields {
    /// `m\x1f<sender>\x1f<message_id>` or `n\x1f<imei>\x1f<note_id>`: the document's identity.
    pub key: Field,
    /// `message` or `note`.
    pub record: Field,
    pub sender: Field,
    pub recipient: Field,
    /// The unordered pair of handles, `a\x1fb` with `a <= b`.
    pub conversation: Field,
    pub message_id: Field,
    pub sent_at: Field,
    /// `text`, `image`, `location`, `note`, or `unknown` while locked.
    pub kind: Field,
    pub status: Field,
    pub lang: Field,
    /// IMEIs of the devices holding a copy (one value per device).
    pub imei: Field,
    /// Readable text (text, caption, label, note), analysed and stored.
    pub text: Field,
    /// Copies' provenance, binary (see `copies.rs`).
    pub copies: Field,
    /// Kind-specific details (image name/size/hash, coordinates), JSON.
    pub extra: Field,
    /// Entities of the readable content (`crate::entities`), each as its normalised value and
    /// as `kind:value`; raw, not stored.
    pub entity: Field,
    /// The same entities as `kind:value`, sorted and distinct, one value each; stored, not
    /// indexed.
    pub entities: Field,
    /// `ingest::conversation_id` of the conversation (of the owner, for a note): a fast
    /// column, so that hunting can group and filter documents without reading stored ones.
    pub conversation_id: Field,
    /// `true` when some copy carries the DELETED flag, else `false`: a filter (the copies
    /// say which).
    pub deleted: Field,
}

pub(crate) fn build_schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    // Raw terms: filters are term queries. The facets' fields also have fast columns
    // (`facets.rs` counts their values over a search's matches without stored documents).
    let raw = STRING;
    let faceted = STRING | FAST;
    let text_indexing = TextFieldIndexing::default()
        .set_tokenizer(TEXT_ANALYZER)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let fields = Fields {
        key: b.add_text_field("key", STRING),
        record: b.add_text_field("record", raw.clone()),
        sender: b.add_text_field("sender", faceted.clone() | STORED),
        recipient: b.add_text_field("recipient", faceted.clone() | STORED),
        conversation: b.add_text_field("conversation", raw.clone()),
        // Not indexed: a unique term per document costs ingest time and answers no query
        // that the key does not.
        message_id: b.add_u64_field("message_id", STORED),
        // Ranges run on the fast column, so no per-millisecond terms are indexed.
        sent_at: b
            .add_date_field("sent_at", DateOptions::from(STORED | FAST).set_precision(DateTimePrecision::Milliseconds)),
        kind: b.add_text_field("kind", faceted.clone() | STORED),
        status: b.add_text_field("status", faceted.clone() | STORED),
        lang: b.add_text_field("lang", faceted.clone() | STORED),
        imei: b.add_text_field("imei", faceted),
        text: b.add_text_field("text", TextOptions::default().set_indexing_options(text_indexing).set_stored()),
        copies: b.add_bytes_field("copies", BytesOptions::default().set_stored()),
        extra: b.add_bytes_field("extra", BytesOptions::default().set_stored()),
        entity: b.add_text_field("entity", STRING),
        entities: b.add_text_field("entities", STORED),
        // Indexed too: a search restricted to findings' conversations is a term set on it.
        conversation_id: b.add_u64_field("conversation_id", INDEXED | FAST),
        deleted: b.add_text_field("deleted", raw),
    };
    (b.build(), fields)
}

/// The text field's analysis (`crate::analysis`).
pub(crate) fn text_analyzer() -> TextAnalyzer {
    TextAnalyzer::from(TextTokenizer::default())
}

/// The text analysis without its plural folding, for prefixes.
pub(crate) fn prefix_analyzer() -> TextAnalyzer {
    TextAnalyzer::from(TextTokenizer::without_plural_folding())
}

pub(crate) fn register_analyzers(index: &Index) {
    index.tokenizers().register(TEXT_ANALYZER, text_analyzer());
}

/// Field handles of an opened index's schema; `None` if a field is missing.
pub(crate) fn fields_of(schema: &Schema) -> Option<Fields> {
    let f = |name| schema.get_field(name).ok();
    Some(Fields {
        key: f("key")?,
        record: f("record")?,
        sender: f("sender")?,
        recipient: f("recipient")?,
        conversation: f("conversation")?,
        message_id: f("message_id")?,
        sent_at: f("sent_at")?,
        kind: f("kind")?,
        status: f("status")?,
        lang: f("lang")?,
        imei: f("imei")?,
        text: f("text")?,
        copies: f("copies")?,
        extra: f("extra")?,
        entity: f("entity")?,
        entities: f("entities")?,
        conversation_id: f("conversation_id")?,
        deleted: f("deleted")?,
    })
}
