//! `GET /api/v1/cases/{case}/search`: the CLI's `search` over the API — the query in the
//! CLI's syntax, its filters (and the case's tags and review states), the total number of
//! matches, a page of hits as `search --json` prints them, a cursor to the next page, and, on
//! request, the facets and the per-day histogram of every match.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{MatchedPath, Query, State};
use serde::{Serialize, Serializer};
use serde_json::json;
use tapir::Status;
use tapir::annotations::ReviewState;
use tapir::case::CaseFacets;
use tapir::index::{Hit, SearchOptions, SortOrder};
use tapir::wire::HitLine;

use super::AppState;
use super::auth::{CaseAccess, need};
use super::case_api::{given, next_cursor, paging, parameters};
use super::error::ApiError;

/// Hits a page holds at most, and by default.
pub const MAX_LIMIT: usize = 1000;
const DEFAULT_LIMIT: usize = 50;
/// Values listed per facet.
const FACET_VALUES: usize = 10;

/// The search's parameters (unknown ones refused).
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SearchQuery {
    /// The query in the CLI's syntax; empty or absent: every message.
    #[serde(default)]
    q: String,
    /// RFC 3339 time or `YYYY-MM-DD` (UTC), inclusive.
    from: Option<String>,
    /// Exclusive.
    to: Option<String>,
    sender: Option<String>,
    recipient: Option<String>,
    /// IMEI of a device holding a copy.
    device: Option<String>,
    status: Option<String>,
    tag: Option<String>,
    review: Option<String>,
    /// `score` (default) or `time`.
    sort: Option<String>,
    limit: Option<usize>,
    /// The `next` of the previous page.
    cursor: Option<String>,
    /// `true`: the answer carries the facets and the histogram of every match.
    #[serde(default)]
    facets: bool,
}

/// A page of a search.
#[derive(Serialize)]
pub struct SearchPage {
    /// Documents matching in all (not only this page).
    total: usize,
    /// This page's hits, each a line of `tapir search --json` (with its `rank` and `total`).
    #[serde(serialize_with = "ranked")]
    hits: (usize, usize, Vec<Hit>),
    /// The cursor of the next page, while there is one.
    next: Option<String>,
    /// Handles that match nothing, with the nearest that do.
    hints: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    facets: Option<CaseFacets>,
}

fn ranked<S: Serializer>((offset, total, hits): &(usize, usize, Vec<Hit>), s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(hits.iter().enumerate().map(|(n, hit)| HitLine::new(hit).ranked(offset + n + 1, *total)))
}

fn bad(code: &'static str, message: impl Into<String>) -> ApiError {
    ApiError::bad_request(code, message.into())
}

pub(super) fn time(name: &str, value: Option<&str>) -> Result<Option<u64>, ApiError> {
    value
        .map(|v| {
            tapir::time::parse_time(v)
                .ok_or_else(|| bad("bad_time", format!("{name}: expected RFC 3339 or YYYY-MM-DD")))
        })
        .transpose()
}

/// `GET /api/v1/cases/{case}/search`.
pub async fn search(
    State(state): State<AppState>,
    route: MatchedPath,
    access: CaseAccess<need::Read>,
    query: Result<Query<SearchQuery>, QueryRejection>,
) -> Result<Json<SearchPage>, ApiError> {
    let p = parameters(query)?;
    let (offset, limit) = paging(p.cursor.as_deref(), p.limit, DEFAULT_LIMIT, MAX_LIMIT)?;
    let status = p
        .status
        .as_deref()
        .map(|s| {
            Status::parse(s).ok_or_else(|| {
                bad("bad_status", "status: expected decrypted, no_key, auth_failed, bad_body or malformed")
            })
        })
        .transpose()?;
    let review = p
        .review
        .as_deref()
        .map(|r| match r.parse::<ReviewState>() {
            Ok(ReviewState::Unreviewed) | Err(_) => {
                Err(bad("bad_review", "review: expected confirmed, dismissed or follow_up"))
            }
            Ok(state) => Ok(state),
        })
        .transpose()?;
    let sort = match p.sort.as_deref() {
        None | Some("score") => SortOrder::Score,
        Some("time") => SortOrder::Time,
        Some(_) => return Err(bad("bad_sort", "sort: expected score or time")),
    };
    let options = SearchOptions {
        query: p.q.clone(),
        from: time("from", p.from.as_deref())?,
        to: time("to", p.to.as_deref())?,
        sender: p.sender.clone(),
        recipient: p.recipient.clone(),
        device: p.device.clone(),
        status,
        limit,
        offset,
        sort,
        ..SearchOptions::default()
    };
    let given = given(
        &route,
        json!({
            "q": p.q, "from": p.from, "to": p.to, "sender": p.sender, "recipient": p.recipient, "device": p.device,
            "status": p.status, "tag": p.tag, "review": p.review, "sort": p.sort, "limit": limit, "offset": offset,
            "facets": p.facets,
        }),
    );
    let (tag, with_facets) = (p.tag, p.facets);
    access
        .read(&state, move |case| {
            let options = SearchOptions { within: case.within(tag.as_deref(), review)?, ..options };
            let stream = case.search(&options, &given)?;
            let total = stream.total();
            let hints = stream.hints().to_vec();
            let facets = if with_facets { Some(case.facets(&stream, FACET_VALUES)?) } else { None };
            let hits = stream.with_snippets().collect::<Result<Vec<Hit>, _>>()?;
            let next = next_cursor(offset, hits.len(), total);
            Ok(Json(SearchPage { total, hits: (offset, total, hits), next, hints, facets }))
        })
        .await
}
