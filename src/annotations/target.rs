//! What an annotation is about: a message, a device note (each as the index keys its
//! document), or a finding of the hunt.
//!
//! A finding's id is `CATEGORY:HEX`: its category and the 16 hex digits of its conversation's
//! `conversation_id` (the fast column every document of the conversation carries: a stable
//! hash of the sorted pair of handles, or of the owner's handle for a device's notes; see
//! `index::ingest::conversation_id`). The hunt makes one finding per (conversation,
//! category), so the id names exactly one finding; it depends on nothing a rerun, a new ingest
//! or new rules change (not on scores, ranks, times or messages), and it is the value a search
//! filters on to restrict to a finding's conversation. Two conversations share an id only if
//! their 64-bit hashes collide (about 3·10⁻⁸ for a million conversations).

use std::fmt;
use std::str::FromStr;

use super::error::ParseError;
use crate::rules::Category;

/// A logical message, as the index keys it: `(sender, message_id)`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub struct MessageRef {
    pub sender: String,
    pub message_id: u64,
}

/// A note written on a device, as the index keys it: `(imei, note_id)` (a hit of kind `note`
/// carries the owner's handle as `sender` and the IMEI in its copies).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub struct DeviceNoteRef {
    pub imei: String,
    pub note_id: u64,
}

/// The stable id of a hunt finding (see the module documentation).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FindingId {
    pub category: Category,
    /// The `conversation_id` of its conversation.
    pub conversation: u64,
}

impl FindingId {
    /// The id of the finding of `category` over the conversation of `participants`: the two
    /// handles of a conversation, or a device owner's handle alone for notes (as
    /// `Finding::participants`).
    pub fn of(category: Category, participants: &[String]) -> FindingId {
        use crate::index::ingest::{conversation_id, note_conversation_id};
        let conversation = match participants {
            [owner] => note_conversation_id(owner),
            [a, b, ..] => conversation_id(a, b),
            [] => note_conversation_id(""),
        };
        FindingId { category, conversation }
    }
}

impl fmt::Display for FindingId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{:016x}", self.category.as_str(), self.conversation)
    }
}

impl FromStr for FindingId {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<FindingId, ParseError> {
        let bad = || ParseError::FindingId(shown(s));
        let (category, hex) = s.split_once(':').ok_or_else(bad)?;
        let category = Category::parse(category).ok_or_else(bad)?;
        if hex.len() != 16 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(bad());
        }
        let conversation = u64::from_str_radix(hex, 16).map_err(|_| bad())?;
        Ok(FindingId { category, conversation })
    }
}

impl serde::Serialize for FindingId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// What an annotation is attached to.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Target {
    Message(MessageRef),
    #[serde(rename = "note")]
    DeviceNote(DeviceNoteRef),
    Finding {
        id: FindingId,
    },
}

impl Target {
    pub fn message(sender: impl Into<String>, message_id: u64) -> Target {
        Target::Message(MessageRef { sender: sender.into(), message_id })
    }

    pub fn device_note(imei: impl Into<String>, note_id: u64) -> Target {
        Target::DeviceNote(DeviceNoteRef { imei: imei.into(), note_id })
    }

    pub fn finding(id: FindingId) -> Target {
        Target::Finding { id }
    }

    /// `message`, `note` or `finding`: its kind as stored.
    pub fn kind(&self) -> TargetKind {
        match self {
            Target::Message(_) => TargetKind::Message,
            Target::DeviceNote(_) => TargetKind::DeviceNote,
            Target::Finding { .. } => TargetKind::Finding,
        }
    }

    /// The two columns beside the kind that identify it in the store: sender, IMEI or
    /// category, and the message id, note id or conversation id.
    pub(crate) fn columns(&self) -> (&str, u64) {
        match self {
            Target::Message(m) => (&m.sender, m.message_id),
            Target::DeviceNote(n) => (&n.imei, n.note_id),
            Target::Finding { id } => (id.category.as_str(), id.conversation),
        }
    }

    /// The target a stored row names (`None` for a row this version cannot read).
    pub(crate) fn from_columns(kind: &str, key: String, number: u64) -> Option<Target> {
        Some(match TargetKind::parse(kind)? {
            TargetKind::Message => Target::message(key, number),
            TargetKind::DeviceNote => Target::device_note(key, number),
            TargetKind::Finding => {
                Target::finding(FindingId { category: Category::parse(&key)?, conversation: number })
            }
        })
    }

    /// The `key` term of the index document it names (messages and device notes).
    pub fn index_key(&self) -> Option<String> {
        use crate::index::ingest::{message_key, note_key};
        match self {
            Target::Message(m) => Some(message_key(&m.sender, m.message_id)),
            Target::DeviceNote(n) => Some(note_key(&n.imei, n.note_id)),
            Target::Finding { .. } => None,
        }
    }
}

/// Written `message:SENDER:ID`, `note:IMEI:ID` or `finding:CATEGORY:HEX`; a sender may hold
/// colons (the id is after the last one).
impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Message(m) => write!(f, "message:{}:{}", m.sender, m.message_id),
            Target::DeviceNote(n) => write!(f, "note:{}:{}", n.imei, n.note_id),
            Target::Finding { id } => write!(f, "finding:{id}"),
        }
    }
}

impl FromStr for Target {
    type Err = ParseError;
    fn from_str(s: &str) -> Result<Target, ParseError> {
        let bad = || ParseError::Target(shown(s));
        let (kind, rest) = s.split_once(':').ok_or_else(bad)?;
        let keyed = |rest: &str| -> Result<(String, u64), ParseError> {
            let (key, id) = rest.rsplit_once(':').ok_or_else(bad)?;
            let id = id.parse::<u64>().map_err(|_| bad())?;
            if key.is_empty() {
                return Err(bad());
            }
            Ok((key.to_owned(), id))
        };
        match kind {
            "message" => keyed(rest).map(|(k, id)| Target::message(k, id)),
            "note" => keyed(rest).map(|(k, id)| Target::device_note(k, id)),
            "finding" => rest.parse::<FindingId>().map(Target::finding).map_err(|_| bad()),
            _ => Err(bad()),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    Message,
    #[serde(rename = "note")]
    DeviceNote,
    Finding,
}

impl TargetKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TargetKind::Message => "message",
            TargetKind::DeviceNote => "note",
            TargetKind::Finding => "finding",
        }
    }

    pub fn parse(s: &str) -> Option<TargetKind> {
        [TargetKind::Message, TargetKind::DeviceNote, TargetKind::Finding].into_iter().find(|k| k.as_str() == s)
    }
}

/// A bounded, quoted piece of what did not parse, for the error message.
fn shown(s: &str) -> String {
    s.chars().take(80).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finding_ids_print_parse_and_follow_the_conversation_column() {
        let pair = ["renard-gris17".to_owned(), "wolf-zwart3".to_owned()];
        let id = FindingId::of(Category::Kidnapping, &pair);
        // The conversation_id fast column of the pair (pinned in index::ingest's tests).
        assert_eq!(id.conversation, 13_428_948_492_009_753_591);
        assert_eq!(id.to_string(), "kidnapping:ba5d3580fd424bf7");
        assert_eq!(id.to_string().parse::<FindingId>(), Ok(id));
        let notes = FindingId::of(Category::Drugs, &pair[..1]);
        assert_eq!(notes.conversation, 2_404_604_173_590_286_062);
        assert_ne!(FindingId::of(Category::Drugs, &pair), FindingId::of(Category::Weapons, &pair));
        for bad in [
            "",
            "kidnapping",
            "kidnapping:",
            "knitting:ba5d7d8b7bd26b37",
            "kidnapping:ba5d7d8b7bd26b3",
            "kidnapping:+a5d7d8b7bd26b37",
            "kidnapping:ba5d7d8b7bd26b37:",
        ] {
            assert!(bad.parse::<FindingId>().is_err(), "{bad:?}");
        }
    }

    proptest::proptest! {
        /// Any text parses to a target that prints back as itself, or is refused.
        #[test]
        fn any_text_is_a_target_or_refused(text in "(message|note|finding|kidnapping|drugs)?:?\\PC{0,40}:?[0-9a-f]{0,20}") {
            if let Ok(t) = text.parse::<Target>() {
                proptest::prop_assert_eq!(t.to_string().parse::<Target>(), Ok(t));
            }
            if let Ok(f) = text.parse::<FindingId>() {
                proptest::prop_assert_eq!(f.to_string().parse::<FindingId>(), Ok(f));
            }
        }
    }

    #[test]
    fn targets_round_trip_through_text_and_columns() {
        let id = FindingId { category: Category::Weapons, conversation: u64::MAX };
        for t in [Target::message("a:b", 7), Target::device_note("356938035643809", u64::MAX), Target::finding(id)] {
            assert_eq!(t.to_string().parse::<Target>().as_ref(), Ok(&t), "{t}");
            let (key, number) = t.columns();
            assert_eq!(Target::from_columns(t.kind().as_str(), key.to_owned(), number).as_ref(), Some(&t));
        }
        assert_eq!(Target::message("wolf", 3).index_key().as_deref(), Some("m\u{1f}wolf\u{1f}3"));
        assert_eq!(Target::device_note("3569", 4).index_key().as_deref(), Some("n\u{1f}3569\u{1f}4"));
        for bad in
            ["message", "message:wolf", "message:wolf:x", "message::3", "note:1:-1", "thing:a:1", "finding:kidnapping"]
        {
            assert!(bad.parse::<Target>().is_err(), "{bad:?}");
        }
        assert_eq!(
            serde_json::to_value(Target::finding(id)).unwrap(),
            serde_json::json!({"kind": "finding", "id": "weapons:ffffffffffffffff"})
        );
        assert_eq!(
            serde_json::to_value(Target::message("wolf", 3)).unwrap(),
            serde_json::json!({"kind": "message", "sender": "wolf", "message_id": 3})
        );
    }
}
