//! An entity as JSON: `entities --json`'s line (kind, value, the messages holding it), fields
//! in this order (the CLI's since entities were listed).

use serde::{Serialize, Serializer};

use crate::index::{EntityMessage, EntityReport};

#[derive(Serialize)]
struct ReportFields<'a> {
    kind: &'static str,
    value: &'a str,
    messages: &'a [EntityMessage],
}

impl Serialize for EntityReport {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        ReportFields { kind: self.kind.as_str(), value: &self.value, messages: &self.messages }.serialize(s)
    }
}

#[derive(Serialize)]
struct MessageFields<'a> {
    sender: &'a str,
    message_id: u64,
    recipient: &'a str,
    sent_at: String,
}

impl Serialize for EntityMessage {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        MessageFields {
            sender: &self.sender,
            message_id: self.message_id,
            recipient: &self.recipient,
            sent_at: crate::time::rfc3339_ms(self.sent_at),
        }
        .serialize(s)
    }
}
