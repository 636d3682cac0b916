//! The case's annotations over the API: tags, notes, the user's own stars, and the review of
//! findings. Each route is one call of the case facade for the request's user (on the case
//! pool, recorded in the case's `audit.jsonl` naming the user: changes and listings alike);
//! a change is answered once the store holds it durably.
//!
//! Targets: in a JSON body, the object answers show (`{"kind": "message", "sender", "message_id"}`,
//! `{"kind": "note", "imei", "note_id"}`, `{"kind": "finding", "id": "CATEGORY:HEX"}`); in a
//! query string, its text (`message:SENDER:ID`, `note:IMEI:ID`, `finding:CATEGORY:HEX`).
//! Listings are pages: `{"items": [...], "next": cursor or null}`, `limit` 1 to 1000,
//! `cursor` the `next` of the page before. Annotating needs the `annotate` right (a review
//! `review`); changing or removing another user's tag or note needs `manage_annotations` (the
//! lead's), checked by the facade against the author the store recorded.

use axum::Json;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{MatchedPath, Path, Query, State};
use serde::Deserialize;
use serde_json::json;
use tapir::annotations::{
    Cursor, FindingId, MAX_PAGE, Note, NoteRevision, Page, PageRequest, Review, ReviewState, Star, Stored, Tag,
    TagCount, Target, TargetKind,
};
use tapir::case::Authority;

use super::AppState;
use super::auth::{CaseAccess, CaseAction, need};
use super::body::ApiJson;
use super::case_api::{given, parameters};
use super::error::ApiError;
use crate::roles::Action;

/// Items a page holds when `limit` is not given.
const DEFAULT_LIMIT: usize = 100;

fn bad(code: &'static str, message: impl Into<String>) -> ApiError {
    ApiError::bad_request(code, message.into())
}

/// The page asked for: `limit` within 1..=1000, the cursor as given.
fn page(limit: Option<usize>, cursor: Option<String>) -> Result<PageRequest, ApiError> {
    let limit = limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_PAGE).contains(&limit) {
        return Err(bad("bad_limit", format!("limit: 1 to {MAX_PAGE}")));
    }
    Ok(PageRequest { limit, after: cursor.map(Cursor::new) })
}

/// A target written as text (a query parameter).
fn target_text(text: &str) -> Result<Target, ApiError> {
    text.parse::<Target>().map_err(|e| bad("bad_target", e.to_string()))
}

/// A finding id in the path.
fn finding_id(path: Result<Path<(String, String)>, PathRejection>) -> Result<FindingId, ApiError> {
    let Path((_, finding)) = path.map_err(|e| bad("bad_finding", e.body_text()))?;
    finding.parse::<FindingId>().map_err(|e| bad("bad_finding", e.to_string()))
}

/// A note id in the path.
fn note_id(path: Result<Path<(String, String)>, PathRejection>) -> Result<i64, ApiError> {
    let Path((_, note)) = path.map_err(|e| bad("bad_note", e.body_text()))?;
    note.parse::<i64>().ok().filter(|&n| n >= 0).ok_or_else(|| bad("bad_note", "note: a note's id, as answered"))
}

/// What the request's user may do to others' annotations.
fn authority<A: CaseAction>(access: &CaseAccess<A>) -> Authority {
    if access.role.allows(Action::ManageAnnotations) { Authority::Manager } else { Authority::Author }
}

/// A target in a JSON body: the object answers show.
#[derive(Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum TargetBody {
    Message { sender: String, message_id: u64 },
    Note { imei: String, note_id: u64 },
    Finding { id: String },
}

impl TargetBody {
    fn target(self) -> Result<Target, ApiError> {
        Ok(match self {
            TargetBody::Message { sender, message_id } => Target::message(sender, message_id),
            TargetBody::Note { imei, note_id } => Target::device_note(imei, note_id),
            TargetBody::Finding { id } => {
                Target::finding(id.parse::<FindingId>().map_err(|e| bad("bad_target", e.to_string()))?)
            }
        })
    }
}

/// `?target=…&label=…`: a tag on one target.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TagQuery {
    target: String,
    label: String,
}

/// `?target=…&removed=…&limit=…&cursor=…`: what is on one target.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OnTargetQuery {
    target: String,
    /// Tags taken off (notes deleted) too.
    #[serde(default)]
    removed: bool,
    limit: Option<usize>,
    cursor: Option<String>,
}

/// `?limit=…&cursor=…`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageQuery {
    limit: Option<usize>,
    cursor: Option<String>,
}

/// `?label=…&kind=…&limit=…&cursor=…`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaggedQuery {
    label: String,
    /// message, note or finding; every kind when absent.
    kind: Option<String>,
    limit: Option<usize>,
    cursor: Option<String>,
}

/// `?target=…`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetQuery {
    target: String,
}

/// `POST …/tags`: one label on up to 1000 targets.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TagBody {
    targets: Vec<TargetBody>,
    label: String,
}

/// What bulk tagging stored: per target in the order given, the tag and whether it is new
/// (`changed: false`: it was on already).
#[derive(serde::Serialize)]
pub struct Tagged {
    tags: Vec<Stored<Tag>>,
}

/// `POST …/notes`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoteBody {
    target: TargetBody,
    text: String,
}

/// `PATCH …/notes/{note}`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoteEdit {
    text: String,
}

/// `POST …/stars`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StarBody {
    target: TargetBody,
}

/// `PUT …/findings/{finding}/review`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewBody {
    /// unreviewed (reopens), confirmed, dismissed or follow_up.
    state: String,
    note: Option<String>,
}

/// A finding's review state and the review that set it (`null`: unreviewed).
#[derive(serde::Serialize)]
pub struct FindingReview {
    finding: FindingId,
    state: ReviewState,
    review: Option<Review>,
}

/// `GET …/tags?target=`: the tags on one target.
pub async fn tags_on(
    State(state): State<AppState>,
    route: MatchedPath,
    access: CaseAccess<need::Read>,
    query: Result<Query<OnTargetQuery>, QueryRejection>,
) -> Result<Json<Page<Tag>>, ApiError> {
    let q = parameters(query)?;
    let target = target_text(&q.target)?;
    let page = page(q.limit, q.cursor.clone())?;
    let given =
        given(&route, json!({ "target": q.target, "removed": q.removed, "limit": q.limit, "cursor": q.cursor }));
    let tags = access.read(&state, move |case| case.tags_on(&target, q.removed, &page, &given)).await?;
    Ok(Json(tags))
}

/// `POST …/tags`: a label on targets of the case (investigators and leads).
pub async fn tag(
    State(state): State<AppState>,
    route: MatchedPath,
    access: CaseAccess<need::Annotate>,
    ApiJson(body): ApiJson<TagBody>,
) -> Result<Json<Tagged>, ApiError> {
    if body.targets.len() > MAX_PAGE {
        return Err(bad("bad_annotation", format!("targets: at most {MAX_PAGE} at once")));
    }
    let targets = body.targets.into_iter().map(TargetBody::target).collect::<Result<Vec<_>, _>>()?;
    let shown: Vec<String> = targets.iter().map(ToString::to_string).collect();
    let given = given(&route, json!({ "targets": shown, "label": body.label }));
    let label = body.label;
    let tags = access.read(&state, move |case| case.tag(&targets, &label, &given)).await?;
    Ok(Json(Tagged { tags }))
}

/// `DELETE …/tags?target=&label=`: a tag taken off (another's: leads only).
pub async fn untag(
    State(state): State<AppState>,
    route: MatchedPath,
    access: CaseAccess<need::Annotate>,
    query: Result<Query<TagQuery>, QueryRejection>,
) -> Result<Json<Tag>, ApiError> {
    let q = parameters(query)?;
    let target = target_text(&q.target)?;
    let authority = authority(&access);
    let given = given(&route, json!({ "target": q.target, "label": q.label }));
    let tag = access.read(&state, move |case| case.untag(&target, &q.label, authority, &given)).await?;
    Ok(Json(tag))
}

/// `GET …/tags/counts`: every label in use, with how many targets carry it.
pub async fn tag_counts(
    State(state): State<AppState>,
    route: MatchedPath,
    access: CaseAccess<need::Read>,
    query: Result<Query<PageQuery>, QueryRejection>,
) -> Result<Json<Page<TagCount>>, ApiError> {
    let q = parameters(query)?;
    let page = page(q.limit, q.cursor.clone())?;
    let given = given(&route, json!({ "limit": q.limit, "cursor": q.cursor }));
    Ok(Json(access.read(&state, move |case| case.tag_counts(&page, &given)).await?))
}

/// `GET …/tags/targets?label=&kind=`: the targets carrying a label.
pub async fn tagged(
    State(state): State<AppState>,
    route: MatchedPath,
    access: CaseAccess<need::Read>,
    query: Result<Query<TaggedQuery>, QueryRejection>,
) -> Result<Json<Page<Target>>, ApiError> {
    let q = parameters(query)?;
    let kind = q
        .kind
        .as_deref()
        .map(|k| TargetKind::parse(k).ok_or_else(|| bad("bad_kind", "kind: expected message, note or finding")))
        .transpose()?;
    let page = page(q.limit, q.cursor.clone())?;
    let given = given(&route, json!({ "label": q.label, "kind": q.kind, "limit": q.limit, "cursor": q.cursor }));
    Ok(Json(access.read(&state, move |case| case.tagged_targets(&q.label, kind, &page, &given)).await?))
}

/// `GET …/notes?target=`: the notes on one target.
pub async fn notes_on(
    State(state): State<AppState>,
    route: MatchedPath,
    access: CaseAccess<need::Read>,
    query: Result<Query<OnTargetQuery>, QueryRejection>,
) -> Result<Json<Page<Note>>, ApiError> {
    let q = parameters(query)?;
    let target = target_text(&q.target)?;
    let page = page(q.limit, q.cursor.clone())?;
    let given =
        given(&route, json!({ "target": q.target, "removed": q.removed, "limit": q.limit, "cursor": q.cursor }));
    Ok(Json(access.read(&state, move |case| case.notes_on(&target, q.removed, &page, &given)).await?))
}

/// `POST …/notes`: a note on a target of the case.
pub async fn add_note(
    State(state): State<AppState>,
    route: MatchedPath,
    access: CaseAccess<need::Annotate>,
    ApiJson(body): ApiJson<NoteBody>,
) -> Result<Json<Note>, ApiError> {
    let target = body.target.target()?;
    let given = given(&route, json!({ "target": target.to_string(), "text": body.text }));
    let text = body.text;
    Ok(Json(access.read(&state, move |case| case.add_note(&target, &text, &given)).await?))
}

/// `GET …/notes/{note}`: a note as it stands, deleted or not.
pub async fn note(
    State(state): State<AppState>,
    route: MatchedPath,
    access: CaseAccess<need::Read>,
    path: Result<Path<(String, String)>, PathRejection>,
) -> Result<Json<Note>, ApiError> {
    let id = note_id(path)?;
    let given = given(&route, json!({ "note": id }));
    Ok(Json(access.read(&state, move |case| case.note(id, &given)).await?))
}

/// `PATCH …/notes/{note}`: a note's new text (another's: leads only).
pub async fn edit_note(
    State(state): State<AppState>,
    route: MatchedPath,
    access: CaseAccess<need::Annotate>,
    path: Result<Path<(String, String)>, PathRejection>,
    ApiJson(body): ApiJson<NoteEdit>,
) -> Result<Json<Note>, ApiError> {
    let id = note_id(path)?;
    let authority = authority(&access);
    let given = given(&route, json!({ "note": id, "text": body.text }));
    Ok(Json(access.read(&state, move |case| case.edit_note(id, &body.text, authority, &given)).await?))
}

/// `DELETE …/notes/{note}`: a note deleted (another's: leads only); it stays in its history.
pub async fn delete_note(
    State(state): State<AppState>,
    route: MatchedPath,
    access: CaseAccess<need::Annotate>,
    path: Result<Path<(String, String)>, PathRejection>,
) -> Result<Json<Note>, ApiError> {
    let id = note_id(path)?;
    let authority = authority(&access);
    let given = given(&route, json!({ "note": id }));
    Ok(Json(access.read(&state, move |case| case.delete_note(id, authority, &given)).await?))
}

/// `GET …/notes/{note}/history`: every revision of a note.
pub async fn note_history(
    State(state): State<AppState>,
    route: MatchedPath,
    access: CaseAccess<need::Read>,
    path: Result<Path<(String, String)>, PathRejection>,
    query: Result<Query<PageQuery>, QueryRejection>,
) -> Result<Json<Page<NoteRevision>>, ApiError> {
    let id = note_id(path)?;
    let q = parameters(query)?;
    let page = page(q.limit, q.cursor.clone())?;
    let given = given(&route, json!({ "note": id, "limit": q.limit, "cursor": q.cursor }));
    Ok(Json(access.read(&state, move |case| case.note_history(id, &page, &given)).await?))
}

/// `GET …/stars`: the user's own stars.
pub async fn stars(
    State(state): State<AppState>,
    route: MatchedPath,
    access: CaseAccess<need::Read>,
    query: Result<Query<PageQuery>, QueryRejection>,
) -> Result<Json<Page<Star>>, ApiError> {
    let q = parameters(query)?;
    let page = page(q.limit, q.cursor.clone())?;
    let given = given(&route, json!({ "limit": q.limit, "cursor": q.cursor }));
    Ok(Json(access.read(&state, move |case| case.stars(&page, &given)).await?))
}

/// `POST …/stars`: a target starred for the user.
pub async fn star(
    State(state): State<AppState>,
    route: MatchedPath,
    access: CaseAccess<need::Annotate>,
    ApiJson(body): ApiJson<StarBody>,
) -> Result<Json<Stored<Star>>, ApiError> {
    let target = body.target.target()?;
    let given = given(&route, json!({ "target": target.to_string() }));
    Ok(Json(access.read(&state, move |case| case.star(&target, &given)).await?))
}

/// `DELETE …/stars?target=`: the user's star taken off (404 when there was none).
pub async fn unstar(
    State(state): State<AppState>,
    route: MatchedPath,
    access: CaseAccess<need::Annotate>,
    query: Result<Query<TargetQuery>, QueryRejection>,
) -> Result<Json<Star>, ApiError> {
    let q = parameters(query)?;
    let target = target_text(&q.target)?;
    let given = given(&route, json!({ "target": q.target }));
    let removed = access.read(&state, move |case| case.unstar(&target, &given)).await?;
    removed.map(Json).ok_or_else(|| {
        ApiError::new(axum::http::StatusCode::NOT_FOUND, "not_found", format!("no star of yours on {}", q.target))
    })
}

/// `GET …/findings/{finding}/review`: the review that stands.
pub async fn review(
    State(state): State<AppState>,
    route: MatchedPath,
    access: CaseAccess<need::Read>,
    path: Result<Path<(String, String)>, PathRejection>,
) -> Result<Json<FindingReview>, ApiError> {
    let finding = finding_id(path)?;
    let given = given(&route, json!({ "finding": finding.to_string() }));
    let review = access.read(&state, move |case| case.review_of(finding, &given)).await?;
    Ok(Json(FindingReview { finding, state: review.as_ref().map_or(ReviewState::Unreviewed, |r| r.state), review }))
}

/// `PUT …/findings/{finding}/review`: the user's review of a finding (investigators and leads).
pub async fn set_review(
    State(state): State<AppState>,
    route: MatchedPath,
    access: CaseAccess<need::Review>,
    path: Result<Path<(String, String)>, PathRejection>,
    ApiJson(body): ApiJson<ReviewBody>,
) -> Result<Json<Review>, ApiError> {
    let finding = finding_id(path)?;
    let review_state = body.state.parse::<ReviewState>().map_err(|e| bad("bad_review", e.to_string()))?;
    let given = given(&route, json!({ "finding": finding.to_string(), "state": body.state, "note": body.note }));
    let note = body.note;
    Ok(Json(access.read(&state, move |case| case.review(finding, review_state, note.as_deref(), &given)).await?))
}

/// `GET …/findings/{finding}/reviews`: every review of a finding, oldest first.
pub async fn review_history(
    State(state): State<AppState>,
    route: MatchedPath,
    access: CaseAccess<need::Read>,
    path: Result<Path<(String, String)>, PathRejection>,
    query: Result<Query<PageQuery>, QueryRejection>,
) -> Result<Json<Page<Review>>, ApiError> {
    let finding = finding_id(path)?;
    let q = parameters(query)?;
    let page = page(q.limit, q.cursor.clone())?;
    let given = given(&route, json!({ "finding": finding.to_string(), "limit": q.limit, "cursor": q.cursor }));
    Ok(Json(access.read(&state, move |case| case.review_history(finding, &page, &given)).await?))
}
