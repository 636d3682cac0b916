//! The JSON API's reads of case data. Each is one call of the case facade for the request's
//! user ([`CaseAccess::read`]: on the case pool, recorded in the case's `audit.jsonl` naming
//! the user, with the route and its arguments), answered in the field names of the CLI's
//! `--json`.

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{MatchedPath, Query, State};
use serde_json::{Value, json};
use tapir::audit::{Record, VerifyOutcome};
use tapir::entities::EntityKind;
use tapir::index::{EntityReport, SilentProgress, Stats};

use super::AppState;
use super::auth::{CaseAccess, need};
use super::error::ApiError;

/// What a read records as its arguments: the route (its pattern: the case is the trail's
/// own) and the request's parameters.
pub(super) fn given(route: &MatchedPath, parameters: Value) -> Value {
    json!({ "route": route.as_str(), "parameters": parameters })
}

/// A route's query parameters, or `400 bad_query` naming what is wrong with them.
pub(super) fn parameters<T>(query: Result<Query<T>, QueryRejection>) -> Result<T, ApiError> {
    query.map(|Query(q)| q).map_err(|e| ApiError::bad_request("bad_query", e.body_text()))
}

/// A page's `(offset, limit)` from its `cursor` (the decimal offset the previous page's
/// `next` gave) and `limit` (1 to `max`, `default` when absent), or `400 bad_cursor` /
/// `bad_limit`.
pub(super) fn paging(
    cursor: Option<&str>,
    limit: Option<usize>,
    default: usize,
    max: usize,
) -> Result<(usize, usize), ApiError> {
    let limit = limit.unwrap_or(default);
    if !(1..=max).contains(&limit) {
        return Err(ApiError::bad_request("bad_limit", format!("limit: 1 to {max}")));
    }
    let offset = match cursor {
        None => 0,
        Some(c) => {
            c.parse::<usize>().map_err(|_| ApiError::bad_request("bad_cursor", "cursor: not one this server gave"))?
        }
    };
    Ok((offset, limit))
}

/// The `next` of a page of `shown` items from `offset` out of `total`: the cursor of the
/// page after it, while there is one.
pub(super) fn next_cursor(offset: usize, shown: usize, total: usize) -> Option<String> {
    (shown > 0 && offset + shown < total).then(|| (offset + shown).to_string())
}

/// `GET /api/v1/cases/{case}/stats`: what `tapir stats --json` prints.
pub async fn stats(
    State(state): State<AppState>,
    route: MatchedPath,
    access: CaseAccess<need::Read>,
) -> Result<Json<Stats>, ApiError> {
    let given = given(&route, json!({}));
    Ok(Json(access.read(&state, move |case| case.stats(&given)).await?))
}

/// `GET /api/v1/cases/{case}/entities?kind=`: its parameters (unknown ones refused).
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntitiesQuery {
    /// btc, eth, tron, iban, phone, gps or amount (in any case); every kind when absent.
    kind: Option<String>,
}

/// The entities, by kind then value, each as a line of `tapir entities --json`.
#[derive(serde::Serialize)]
pub struct Entities {
    entities: Vec<EntityReport>,
}

/// `GET /api/v1/cases/{case}/entities`.
pub async fn entities(
    State(state): State<AppState>,
    route: MatchedPath,
    access: CaseAccess<need::Read>,
    query: Result<Query<EntitiesQuery>, QueryRejection>,
) -> Result<Json<Entities>, ApiError> {
    let query = parameters(query)?;
    let kind =
        query.kind.as_deref().map(|k| k.parse::<EntityKind>()).transpose().map_err(|_| {
            ApiError::bad_request("bad_kind", "kind: expected btc, eth, tron, iban, phone, gps or amount")
        })?;
    let given = given(&route, json!({ "kind": kind.map(EntityKind::as_str) }));
    let entities = access.read(&state, move |case| case.entities(kind, None, &SilentProgress, &given)).await?;
    Ok(Json(Entities { entities }))
}

/// The case's audit trail: the records as `tapir audit show --json` prints them (as stored),
/// oldest first; the record of this read is appended after them.
#[derive(serde::Serialize)]
pub struct AuditTrail {
    records: Vec<Record>,
}

/// `GET /api/v1/cases/{case}/audit` (leads).
pub async fn audit(
    State(state): State<AppState>,
    route: MatchedPath,
    access: CaseAccess<need::ReadAudit>,
) -> Result<Json<AuditTrail>, ApiError> {
    let given = given(&route, json!({}));
    let records = access.read(&state, move |case| case.audit_records(&given)).await?;
    Ok(Json(AuditTrail { records }))
}

/// What `tapir audit verify` says: an intact trail's record count and head hash (this check's
/// own record included), or the first record that breaks it.
#[derive(serde::Serialize)]
pub struct AuditVerification {
    intact: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    records: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    head: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    broken: Option<AuditBreak>,
}

#[derive(serde::Serialize)]
pub struct AuditBreak {
    /// 1-based line of `audit.jsonl`.
    line: usize,
    /// The record's `seq`, when it could be read.
    seq: Option<u64>,
    /// Why, in words.
    reason: String,
}

/// `GET /api/v1/cases/{case}/audit/verify` (leads): a broken trail is a `200` that says so
/// (the check worked; its answer is the finding).
pub async fn audit_verify(
    State(state): State<AppState>,
    route: MatchedPath,
    access: CaseAccess<need::ReadAudit>,
) -> Result<Json<AuditVerification>, ApiError> {
    let given = given(&route, json!({}));
    let outcome = access.read(&state, move |case| case.audit_verify(&given)).await?;
    Ok(Json(match outcome {
        VerifyOutcome::Intact { records, head } => {
            AuditVerification { intact: true, records: Some(records), head: Some(head), broken: None }
        }
        VerifyOutcome::Broken(b) => AuditVerification {
            intact: false,
            records: None,
            head: None,
            broken: Some(AuditBreak { line: b.line, seq: b.seq, reason: b.reason.to_string() }),
        },
    }))
}
