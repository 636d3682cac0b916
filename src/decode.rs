//! Decoding one dump end to end: header, frames, decryption, bodies, and the exact
//! accounting of spec §6. Callers observe each decoded item through a [`Visitor`].

use tapir_parsers::{
    Body, Contact, CorruptSpan, Frame, FrameScanner, FrameType, Header, HeaderError, Item, Message, Note, PayloadError,
    Record, Sealed, Text, decode_record, parse_body,
};

use crate::keys::{DeviceKeys, Keyring};

/// What became of a MESSAGE or NOTE frame (§6.3–6.4).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Decrypted,
    NoKey,
    AuthFailed,
    BadBody,
    Malformed,
}

impl Status {
    pub const ALL: [Status; 5] =
        [Status::Decrypted, Status::NoKey, Status::AuthFailed, Status::BadBody, Status::Malformed];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Decrypted => "decrypted",
            Status::NoKey => "no_key",
            Status::AuthFailed => "auth_failed",
            Status::BadBody => "bad_body",
            Status::Malformed => "malformed",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|st| st.as_str() == s)
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The outcome of opening a message: the body when it decrypted and parsed.
#[derive(Clone, Debug)]
pub enum Opened<'p> {
    Decrypted(Body<'p>),
    NoKey,
    AuthFailed,
    BadBody(PayloadError),
}

impl Opened<'_> {
    pub fn status(&self) -> Status {
        match self {
            Opened::Decrypted(_) => Status::Decrypted,
            Opened::NoKey => Status::NoKey,
            Opened::AuthFailed => Status::AuthFailed,
            Opened::BadBody(_) => Status::BadBody,
        }
    }
}

/// The outcome of opening a note: its text (possibly not UTF-8) when it decrypted.
#[derive(Clone, Copy, Debug)]
pub enum OpenedNote<'p> {
    Decrypted(Text<'p>),
    NoKey,
    AuthFailed,
}

impl OpenedNote<'_> {
    pub fn status(&self) -> Status {
        match self {
            OpenedNote::Decrypted(_) => Status::Decrypted,
            OpenedNote::NoKey => Status::NoKey,
            OpenedNote::AuthFailed => Status::AuthFailed,
        }
    }
}

/// Why a sealed body did not open.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Unopened {
    /// The device's key for its `key_id` was not seized.
    NoKey,
    /// Too short to hold a tag, or the tag does not verify under the key.
    AuthFailed,
}

/// Receives what a dump holds, in file order. Every method has a do-nothing default.
pub trait Visitor<'f> {
    fn header(&mut self, _header: &Header<'f>) {}
    fn message(&mut self, _message: &Message<'f>, _opened: &Opened<'_>) {}
    fn note(&mut self, _note: &Note<'f>, _opened: &OpenedNote<'_>) {}
    fn contact(&mut self, _contact: &Contact<'f>) {}
    /// A frame whose CRC holds but whose payload does not parse for its type.
    fn malformed(&mut self, _frame: &Frame<'f>, _error: &PayloadError) {}
}

/// A visitor that only wants the accounting.
pub struct CountOnly;
impl Visitor<'_> for CountOnly {}

/// Counts by status for MESSAGE or NOTE frames (§6.5).
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct StatusCounts {
    pub found: u64,
    pub decrypted: u64,
    pub no_key: u64,
    pub auth_failed: u64,
    pub bad_body: u64,
    pub malformed: u64,
}

impl StatusCounts {
    fn add(&mut self, status: Status) {
        self.found += 1;
        *match status {
            Status::Decrypted => &mut self.decrypted,
            Status::NoKey => &mut self.no_key,
            Status::AuthFailed => &mut self.auth_failed,
            Status::BadBody => &mut self.bad_body,
            Status::Malformed => &mut self.malformed,
        } += 1;
    }

    /// `decrypted + no_key + auth_failed + bad_body + malformed = found`.
    pub fn balances(&self) -> bool {
        self.decrypted + self.no_key + self.auth_failed + self.bad_body + self.malformed == self.found
    }
}

/// Something readable that is odd but fits no counter: kept so nothing passes silently.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Anomaly {
    pub offset: u64,
    pub what: String,
}

/// Everything §6 asks a decoder to report about one file.
#[derive(Clone, Default, Debug, PartialEq, Eq)]
pub struct Accounting {
    pub header_len: u64,
    pub valid_frames: u64,
    /// Bytes held by valid frames (each `12 + length`).
    pub frame_bytes: u64,
    pub corrupt_spans: Vec<CorruptSpan>,
    pub truncated: bool,
    pub trailing_garbage: bool,
    pub messages: StatusCounts,
    pub notes: StatusCounts,
    pub contacts: u64,
    pub unknown: u64,
    pub deleted: u64,
    pub lossy_utf8: u64,
    pub anomalies: Vec<Anomaly>,
}

impl Accounting {
    /// `header_len + Σ valid frame sizes + Σ corrupt span lengths = file size`.
    pub fn balances(&self, file_size: u64) -> bool {
        let spans: u64 = self.corrupt_spans.iter().map(|s| s.length).sum();
        self.header_len + self.frame_bytes + spans == file_size && self.messages.balances() && self.notes.balances()
    }
}

/// A decoded dump: its header and accounting.
#[derive(Clone, Debug)]
pub struct Decoded<'f> {
    pub header: Header<'f>,
    pub accounting: Accounting,
}

/// Decodes `file` with the keys of `keyring`, reporting each item to `visitor`.
/// Fails only when the header is unreadable (§3); every later defect is accounted for.
pub fn decode_dump<'f>(
    file: &'f [u8],
    keyring: &Keyring,
    visitor: &mut impl Visitor<'f>,
) -> Result<Decoded<'f>, HeaderError> {
    let header = tapir_parsers::parse_header(file)?;
    visitor.header(&header);
    let keys = keyring.device(header.imei);
    let mut acc = Accounting { header_len: u64::from(header.header_len), ..Accounting::default() };
    if header.window_is_reversed() {
        acc.anomalies.push(Anomaly { offset: 0, what: "capture_end is before capture_start".into() });
    }
    // One plaintext buffer for the whole file: the hot path allocates nothing per message.
    let mut plain = Vec::new();
    let mut scanner = FrameScanner::new(file, usize::from(header.header_len));
    for item in scanner.by_ref() {
        match item {
            Item::Corrupt(span) => {
                acc.trailing_garbage |= span.reason == tapir_parsers::CorruptReason::TrailingGarbage;
                acc.corrupt_spans.push(span);
            }
            Item::Frame(frame) => {
                acc.valid_frames += 1;
                acc.frame_bytes += frame.size();
                let deletable = matches!(frame.frame_type, FrameType::MESSAGE | FrameType::NOTE);
                if frame.flags.is_deleted() {
                    if deletable {
                        acc.deleted += 1;
                    } else {
                        acc.anomalies.push(Anomaly {
                            offset: frame.offset,
                            what: format!("DELETED flag on a {:?} frame", frame.frame_type),
                        });
                    }
                }
                account_frame(&frame, &keys, &mut plain, &mut acc, visitor);
            }
        }
    }
    acc.truncated = !scanner.trailer_seen();
    Ok(Decoded { header, accounting: acc })
}

fn account_frame<'f>(
    frame: &Frame<'f>,
    keys: &DeviceKeys<'_>,
    plain: &mut Vec<u8>,
    acc: &mut Accounting,
    visitor: &mut impl Visitor<'f>,
) {
    let record = match decode_record(frame) {
        Ok(record) => record,
        Err(error) => {
            match frame.frame_type {
                FrameType::MESSAGE => acc.messages.add(Status::Malformed),
                FrameType::NOTE => acc.notes.add(Status::Malformed),
                // Contacts and trailers have no malformed counter: keep the fact visible.
                other => {
                    acc.contacts += u64::from(other == FrameType::CONTACT);
                    acc.anomalies
                        .push(Anomaly { offset: frame.offset, what: format!("malformed {other:?} payload: {error}") });
                }
            }
            visitor.malformed(frame, &error);
            return;
        }
    };
    match record {
        Record::Message(message) => {
            let opened = open_message(&message, keys, plain);
            acc.messages.add(opened.status());
            if let Opened::Decrypted(body) = &opened {
                acc.lossy_utf8 += u64::from(body.is_lossy());
            }
            visitor.message(&message, &opened);
        }
        Record::Note(note) => {
            let opened = open_note(&note, keys, plain);
            acc.notes.add(opened.status());
            if let OpenedNote::Decrypted(text) = &opened {
                acc.lossy_utf8 += u64::from(!text.is_utf8());
            }
            visitor.note(&note, &opened);
        }
        Record::Contact(contact) => {
            acc.contacts += 1;
            visitor.contact(&contact);
        }
        Record::Trailer(_) => {}
        Record::Unknown(_) => acc.unknown += 1,
    }
}

/// Decrypts a sealed body (a message's or a note's) into `plain`, which is cleared first:
/// the one decryption path of the library.
pub fn open_sealed(sealed: &Sealed<'_>, keys: &DeviceKeys<'_>, plain: &mut Vec<u8>) -> Result<(), Unopened> {
    let key = keys.get(sealed.key_id).ok_or(Unopened::NoKey)?;
    key.cipher().open(sealed.nonce, sealed.aad, sealed.bytes, plain).map_err(|_| Unopened::AuthFailed)
}

/// Decrypts and parses one message body into `plain`.
pub fn open_message<'p>(message: &Message<'_>, keys: &DeviceKeys<'_>, plain: &'p mut Vec<u8>) -> Opened<'p> {
    match open_sealed(&message.sealed, keys, plain) {
        Err(Unopened::NoKey) => Opened::NoKey,
        Err(Unopened::AuthFailed) => Opened::AuthFailed,
        Ok(()) => match parse_body(plain) {
            Ok(body) => Opened::Decrypted(body),
            Err(error) => Opened::BadBody(error),
        },
    }
}

/// Decrypts one note's text into `plain`.
pub fn open_note<'p>(note: &Note<'_>, keys: &DeviceKeys<'_>, plain: &'p mut Vec<u8>) -> OpenedNote<'p> {
    match open_sealed(&note.sealed, keys, plain) {
        Err(Unopened::NoKey) => OpenedNote::NoKey,
        Err(Unopened::AuthFailed) => OpenedNote::AuthFailed,
        Ok(()) => OpenedNote::Decrypted(Text(plain)),
    }
}
