//! `GET /api/v1/cases/{case}/findings`: the hunt's conversation-level findings for the case
//! (tapir's rule packs, every category, from level `low`), best first, each as a line of
//! `tapir hunt --json` with its latest review; filtered by category, level and review state,
//! a page at a time, with the review progress per category. The hunt runs once per commit
//! and is shared by the case's users (`tapir::case::FindingsCache`).

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{MatchedPath, Query, State};
use serde::Serialize;
use serde_json::json;
use tapir::annotations::ReviewState;
use tapir::case::{FindingFilter, FindingsPage};
use tapir::rules::{Category, Level};

use super::AppState;
use super::auth::{CaseAccess, need};
use super::case_api::{given, next_cursor, paging, parameters};
use super::error::ApiError;

/// Findings a page holds at most, and by default.
pub const MAX_LIMIT: usize = 500;
const DEFAULT_LIMIT: usize = 50;

/// The findings' parameters (unknown ones refused).
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FindingsQuery {
    /// Categories, comma-separated (kidnapping, weapons, drugs, extortion, contract_violence,
    /// watchlist); every category when absent.
    category: Option<String>,
    /// low, medium, high or critical: that level and above; every level when absent.
    min_level: Option<String>,
    /// unreviewed, confirmed, dismissed or follow_up.
    review: Option<String>,
    limit: Option<usize>,
    /// The `next` of the previous page.
    cursor: Option<String>,
}

/// A page of findings and the cursor to the next.
#[derive(Serialize)]
pub struct Findings {
    #[serde(flatten)]
    page: FindingsPage,
    next: Option<String>,
}

fn categories(list: Option<&str>) -> Result<Vec<Category>, ApiError> {
    let Some(list) = list else { return Ok(Vec::new()) };
    list.split(',')
        .map(|c| {
            Category::parse(c.trim()).ok_or_else(|| {
                ApiError::bad_request(
                    "bad_category",
                    "category: expected kidnapping, weapons, drugs, extortion, contract_violence or watchlist",
                )
            })
        })
        .collect()
}

/// `GET /api/v1/cases/{case}/findings`.
pub async fn findings(
    State(state): State<AppState>,
    route: MatchedPath,
    access: CaseAccess<need::Read>,
    query: Result<Query<FindingsQuery>, QueryRejection>,
) -> Result<Json<Findings>, ApiError> {
    let p = parameters(query)?;
    let (offset, limit) = paging(p.cursor.as_deref(), p.limit, DEFAULT_LIMIT, MAX_LIMIT)?;
    let min_level = p
        .min_level
        .as_deref()
        .map(|l| {
            Level::parse(l)
                .ok_or_else(|| ApiError::bad_request("bad_level", "min_level: expected low, medium, high or critical"))
        })
        .transpose()?;
    let review = p
        .review
        .as_deref()
        .map(|r| {
            r.parse::<ReviewState>().map_err(|_| {
                ApiError::bad_request("bad_review", "review: expected unreviewed, confirmed, dismissed or follow_up")
            })
        })
        .transpose()?;
    let filter = FindingFilter { categories: categories(p.category.as_deref())?, min_level, review, offset, limit };
    let given = given(
        &route,
        json!({
            "category": p.category, "min_level": p.min_level, "review": p.review, "limit": limit, "offset": offset,
        }),
    );
    let served = access.case.clone();
    let page = access.read(&state, move |case| case.findings(served.findings(), &filter, &given)).await?;
    let next = next_cursor(offset, page.findings.len(), page.total);
    Ok(Json(Findings { page, next }))
}
