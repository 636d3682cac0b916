//! Provenance over the API: a message with all its copies, the thread around a message paged
//! both ways, and the evidence bytes of one copy with their checks. Each answer is one call of
//! the case facade for the request's user, recorded in the case's trail.

use axum::Json;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{MatchedPath, Path, Query, State};
use serde::{Serialize, Serializer};
use serde_json::json;
use tapir::case::CopyBytes;
use tapir::index::{Hit, MessageKey, Thread, ThreadOptions, Window};
use tapir::wire::{HitLine, MessageCopies};

use super::AppState;
use super::auth::{CaseAccess, need};
use super::case_api::{given, parameters};
use super::error::ApiError;
use super::search_api::time;

/// Messages a thread page holds at most on either side of its message (and in all, for the
/// pages before and after one).
pub const MAX_PAGE: usize = 500;
/// Messages a page of a thread holds by default on either side of its message.
const DEFAULT_SIDE: usize = 25;
/// Messages a page of a thread holds by default when it is not centred.
const DEFAULT_PAGE: usize = 50;

fn bad(code: &'static str, message: impl Into<String>) -> ApiError {
    ApiError::bad_request(code, message.into())
}

/// The path of a message: `/api/v1/cases/{case}/messages/{sender}/{id}`.
#[derive(serde::Deserialize)]
pub struct MessagePath {
    sender: String,
    id: String,
}

/// The path of a copy's bytes: the message's, and `{n}`.
#[derive(serde::Deserialize)]
pub struct CopyPath {
    sender: String,
    id: String,
    n: String,
}

fn path<T>(path: Result<Path<T>, PathRejection>) -> Result<T, ApiError> {
    path.map(|Path(p)| p).map_err(|e| bad("bad_path", e.body_text()))
}

fn message_id(id: &str) -> Result<u64, ApiError> {
    id.parse().map_err(|_| bad("bad_message_id", "the message id is a decimal number"))
}

/// `GET /api/v1/cases/{case}/messages/{sender}/{id}`: the message as a `search --json` line
/// (without score) and every copy.
pub async fn message(
    State(state): State<AppState>,
    route: MatchedPath,
    access: CaseAccess<need::Read>,
    at: Result<Path<MessagePath>, PathRejection>,
) -> Result<Json<MessageAnswer>, ApiError> {
    let at = path(at)?;
    let id = message_id(&at.id)?;
    let given = given(&route, json!({ "sender": at.sender, "id": id }));
    Ok(Json(MessageAnswer(access.read(&state, move |case| case.message(&at.sender, id, &given)).await?)))
}

/// A message and its copies ([`MessageCopies`]).
pub struct MessageAnswer(Hit);

impl Serialize for MessageAnswer {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        MessageCopies(&self.0).serialize(s)
    }
}

/// `GET …/copies/{n}/bytes?rehash=`: its parameters.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BytesQuery {
    /// `true`: compute the evidence file's SHA-256 now, even when a hash of the unchanged
    /// file (same size and modification time) was kept from an earlier read.
    #[serde(default)]
    rehash: bool,
}

/// `GET /api/v1/cases/{case}/messages/{sender}/{id}/copies/{n}/bytes`: the frame's bytes and
/// their checks; a changed or missing evidence file is a `200` that says so.
pub async fn copy_bytes(
    State(state): State<AppState>,
    route: MatchedPath,
    access: CaseAccess<need::Read>,
    at: Result<Path<CopyPath>, PathRejection>,
    query: Result<Query<BytesQuery>, QueryRejection>,
) -> Result<Json<CopyBytes>, ApiError> {
    let at = path(at)?;
    let id = message_id(&at.id)?;
    let n: usize =
        at.n.parse().map_err(|_| bad("bad_copy", "the copy is its place among the message's copies, from 0"))?;
    let rehash = parameters(query)?.rehash;
    let given = given(&route, json!({ "sender": at.sender, "id": id, "copy": n, "rehash": rehash }));
    Ok(Json(access.read(&state, move |case| case.copy_bytes(&at.sender, id, n, rehash, &given)).await?))
}

/// `GET /api/v1/cases/{case}/thread`: its parameters (unknown ones refused). At most one of
/// `around`, `earlier_than` and `later_than` places the page; none: the conversation's start.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThreadQuery {
    a: String,
    b: String,
    /// RFC 3339 time or `YYYY-MM-DD` (UTC), inclusive.
    from: Option<String>,
    /// Exclusive.
    to: Option<String>,
    /// `SENDER:ID`: the page is this message with `before` and `after` messages around it.
    around: Option<String>,
    before: Option<usize>,
    after: Option<usize>,
    /// `SENDER:ID`: the `limit` messages right before it (a page's `earlier`).
    earlier_than: Option<String>,
    /// `SENDER:ID`: the `limit` messages right after it (a page's `later`).
    later_than: Option<String>,
    limit: Option<usize>,
}

/// A page of a conversation.
#[derive(Serialize)]
pub struct ThreadPage {
    a: String,
    b: String,
    nickname_a: Option<String>,
    nickname_b: Option<String>,
    /// Messages in the whole conversation (within `from`/`to`).
    total: usize,
    /// The place of the page's first message in the conversation (from 0).
    start: usize,
    /// Oldest first, each a line of `tapir thread --json` (with `centre` when `around`).
    #[serde(serialize_with = "thread_lines")]
    messages: (Option<usize>, Vec<Hit>),
    /// With `around`: that message's place in `messages`.
    centre: Option<usize>,
    /// `SENDER:ID` to ask for as `earlier_than` for the page before this one, while there is one.
    earlier: Option<String>,
    /// `SENDER:ID` to ask for as `later_than` for the page after this one, while there is one.
    later: Option<String>,
}

fn thread_lines<S: Serializer>((centre, messages): &(Option<usize>, Vec<Hit>), s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(messages.iter().enumerate().map(|(n, m)| match centre {
        Some(c) => HitLine::new(m).centre(n == *c),
        None => HitLine::new(m),
    }))
}

fn key_of(m: &Hit) -> String {
    format!("{}:{}", m.sender, m.message_id)
}

impl ThreadPage {
    fn of(thread: Thread) -> ThreadPage {
        let shown = thread.messages.len();
        let earlier = (thread.start > 0).then(|| thread.messages.first().map(key_of)).flatten();
        let later = (thread.start + shown < thread.total).then(|| thread.messages.last().map(key_of)).flatten();
        ThreadPage {
            a: thread.a,
            b: thread.b,
            nickname_a: thread.nickname_a,
            nickname_b: thread.nickname_b,
            total: thread.total,
            start: thread.start,
            messages: (thread.centre, thread.messages),
            centre: thread.centre,
            earlier,
            later,
        }
    }
}

/// `SENDER:ID`, as thread pages name messages.
fn message_key(name: &str, value: &str) -> Result<MessageKey, ApiError> {
    let parsed = value.rsplit_once(':').and_then(|(sender, id)| Some((sender.to_owned(), id.parse().ok()?)));
    parsed
        .filter(|(sender, _)| !sender.is_empty())
        .ok_or_else(|| bad("bad_message", format!("{name}: expected SENDER:ID")))
}

/// A count of messages, 0 to [`MAX_PAGE`].
fn count(name: &str, value: Option<usize>, default: usize) -> Result<usize, ApiError> {
    let n = value.unwrap_or(default);
    if n > MAX_PAGE {
        return Err(bad("bad_limit", format!("{name}: 0 to {MAX_PAGE}")));
    }
    Ok(n)
}

/// The window the parameters ask for, or why they do not name one.
fn window(p: &ThreadQuery) -> Result<Window, ApiError> {
    let placed = [p.around.is_some(), p.earlier_than.is_some(), p.later_than.is_some()];
    if placed.iter().filter(|&&given| given).count() > 1 {
        return Err(bad("bad_window", "around, earlier_than and later_than: one at most"));
    }
    if p.around.is_none() && (p.before.is_some() || p.after.is_some()) {
        return Err(bad("bad_window", "before and after go with around"));
    }
    if p.around.is_some() && p.limit.is_some() {
        return Err(bad("bad_window", "with around, before and after give the page's size, not limit"));
    }
    Ok(if let Some(around) = &p.around {
        Window::Around {
            message: message_key("around", around)?,
            before: count("before", p.before, DEFAULT_SIDE)?,
            after: count("after", p.after, DEFAULT_SIDE)?,
        }
    } else {
        let n = count("limit", p.limit, DEFAULT_PAGE)?;
        if n == 0 {
            return Err(bad("bad_limit", format!("limit: 1 to {MAX_PAGE}")));
        }
        match (&p.earlier_than, &p.later_than) {
            (Some(key), _) => Window::Before { message: message_key("earlier_than", key)?, n },
            (None, Some(key)) => Window::After { message: message_key("later_than", key)?, n },
            (None, None) => Window::First(n),
        }
    })
}

/// `GET /api/v1/cases/{case}/thread`.
pub async fn thread(
    State(state): State<AppState>,
    route: MatchedPath,
    access: CaseAccess<need::Read>,
    query: Result<Query<ThreadQuery>, QueryRejection>,
) -> Result<Json<ThreadPage>, ApiError> {
    let p = parameters(query)?;
    if p.a.is_empty() || p.b.is_empty() {
        return Err(bad("bad_handle", "a and b: the conversation's two handles"));
    }
    let window = window(&p)?;
    let options = ThreadOptions {
        a: p.a.clone(),
        b: p.b.clone(),
        from: time("from", p.from.as_deref())?,
        to: time("to", p.to.as_deref())?,
        window,
    };
    let given = given(
        &route,
        json!({
            "a": p.a, "b": p.b, "from": p.from, "to": p.to, "around": p.around, "before": p.before,
            "after": p.after, "earlier_than": p.earlier_than, "later_than": p.later_than, "limit": p.limit,
        }),
    );
    let thread = access.read(&state, move |case| case.thread(&options, &given)).await?;
    Ok(Json(ThreadPage::of(thread)))
}
