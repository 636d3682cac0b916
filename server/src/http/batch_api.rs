//! `POST /api/v1/cases/{case}/batch?limit=N`: `tapir batch` over the API. The body is the
//! query file: one query a line (`text/plain`), or CSV with the header `id,query[,from,to]`
//! (`text/csv`). The answer is the summary (a row per line: the hits returned, the documents
//! matching, or why the line did not run) and the hits, each a line of `tapir batch --jsonl`
//! (its `query_id`, `rank` and `total`). Malformed lines are reported in their row; the
//! others still run. One audit record for the run, as the CLI makes.

use std::path::Path;

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{MatchedPath, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use serde::{Serialize, Serializer};
use serde_json::json;
use tapir::case::BatchRow;
use tapir::index::{BatchQuery, Hit, parse_queries};
use tapir::wire::HitLine;

use super::AppState;
use super::auth::{CaseAccess, need};
use super::case_api::{given, paging, parameters};
use super::error::ApiError;

/// Hits per query at most, and by default.
pub const MAX_LIMIT: usize = 100;
const DEFAULT_LIMIT: usize = 20;
/// Lines of a batch at most (with `MAX_LIMIT`, an answer holds at most 50,000 hits).
pub const MAX_QUERIES: usize = 500;

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BatchParameters {
    limit: Option<usize>,
}

/// What a batch gave.
#[derive(Serialize)]
pub struct BatchAnswer {
    /// A row per line of the body, as `tapir batch` writes its summary.
    #[serde(serialize_with = "summary")]
    summary: (usize, Vec<BatchRow>),
    /// Per query (in order), its hits, best first.
    #[serde(serialize_with = "lines")]
    hits: Vec<(String, usize, Vec<Hit>)>,
    /// Handles that match nothing, with the nearest that do: `line`, `query_id`, `hint`.
    hints: Vec<serde_json::Value>,
}

#[derive(Serialize)]
struct SummaryRow<'a> {
    id: &'a str,
    line: usize,
    query: &'a str,
    /// Hits returned (at most `limit`).
    hits: Option<usize>,
    /// Documents matching.
    total: Option<usize>,
    error: Option<&'a str>,
}

fn summary<S: Serializer>((limit, rows): &(usize, Vec<BatchRow>), s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(rows.iter().map(|r| SummaryRow {
        id: &r.id,
        line: r.line,
        query: &r.query,
        hits: r.outcome.as_ref().ok().map(|total| (*total).min(*limit)),
        total: r.outcome.as_ref().ok().copied(),
        error: r.outcome.as_ref().err().map(String::as_str),
    }))
}

fn lines<S: Serializer>(hits: &[(String, usize, Vec<Hit>)], s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(hits.iter().flat_map(|(id, total, hits)| {
        hits.iter().enumerate().map(move |(n, hit)| HitLine::new(hit).query(id).ranked(n + 1, *total))
    }))
}

/// The body's format, by its `Content-Type`: CSV (`text/csv`) or one query a line.
fn is_csv(headers: &HeaderMap) -> Result<bool, ApiError> {
    let essence = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap_or("").trim().to_ascii_lowercase());
    match essence.as_deref() {
        Some("text/csv") => Ok(true),
        Some("text/plain") => Ok(false),
        _ => Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "send the queries as text/plain (one a line) or text/csv (id,query[,from,to])",
        )),
    }
}

/// `POST /api/v1/cases/{case}/batch`.
pub async fn batch(
    State(state): State<AppState>,
    route: MatchedPath,
    access: CaseAccess<need::Read>,
    query: Result<Query<BatchParameters>, QueryRejection>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<BatchAnswer>, ApiError> {
    let p = parameters(query)?;
    // A batch has no pages: the limit is checked as a page's is.
    let (_, limit) = paging(None, p.limit, DEFAULT_LIMIT, MAX_LIMIT)?;
    let csv = is_csv(&headers)?;
    // The file's name only chooses the format (and names the body in an error).
    let named = Path::new(if csv { "body.csv" } else { "body.txt" });
    let parsed = parse_queries(named, &body).map_err(|e| ApiError::bad_request("bad_batch", e.to_string()))?;
    if parsed.len() > MAX_QUERIES {
        return Err(ApiError::bad_request("too_many_queries", format!("a batch holds at most {MAX_QUERIES} queries")));
    }
    let queries: Vec<BatchQuery> = parsed.iter().filter_map(|q| q.as_ref().ok().cloned()).collect();
    let sha256 = tapir::evidence::sha256_hex(&body);
    let route_given = given(&route, json!({}));
    access
        .read(&state, move |case| {
            let counts = case.batch_count(&queries, limit, |totals| {
                let failed =
                    parsed.iter().filter(|p| p.is_err()).count() + totals.iter().filter(|t| t.is_err()).count();
                json!({
                    "route": route_given["route"], "parameters": {
                        "limit": limit, "format": if csv { "csv" } else { "text" },
                        "queries_sha256": sha256, "queries_run": parsed.len(), "malformed": failed,
                    },
                })
            })?;
            let mut hits = Vec::new();
            case.batch_hits(&counts, |q, stream| {
                let stream = stream?;
                let total = stream.total();
                hits.push((q.id.clone(), total, stream.collect::<Result<Vec<Hit>, _>>()?));
                Ok::<_, tapir::CaseError>(())
            })?;
            let hints = counts
                .hints()
                .iter()
                .map(|(line, id, hint)| json!({ "line": line, "query_id": id, "hint": hint }))
                .collect();
            Ok(Json(BatchAnswer { summary: (limit, counts.rows(&parsed)), hits, hints }))
        })
        .await
}
