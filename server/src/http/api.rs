//! The JSON API that needs no case data: who am I, which cases may I open, and one case's
//! description (the first route behind [`CaseAccess`]).

use axum::Json;
use axum::extract::State;

use super::AppState;
use super::auth::{CaseAccess, need};
use super::error::ApiError;
use crate::roles::{Action, Role};
use crate::store::{Credential, Principal};

#[derive(serde::Serialize)]
pub struct Me {
    user: String,
    /// `session` or `token`.
    auth: &'static str,
    /// The session's CSRF token (sessions only).
    #[serde(skip_serializing_if = "Option::is_none")]
    csrf_token: Option<String>,
    /// The API token's name (tokens only).
    #[serde(skip_serializing_if = "Option::is_none")]
    token: Option<String>,
}

pub async fn me(principal: Principal) -> Json<Me> {
    let (auth, csrf_token, token) = match principal.credential {
        Credential::Session { csrf_token } => ("session", Some(csrf_token), None),
        Credential::Token { name } => ("token", None, Some(name)),
    };
    Json(Me { user: principal.user, auth, csrf_token, token })
}

#[derive(serde::Serialize)]
pub struct CaseSummary {
    pub name: String,
    pub role: Role,
}

#[derive(serde::Serialize)]
pub struct CaseList {
    cases: Vec<CaseSummary>,
}

/// The cases served that the user has a grant on, by name, with the role.
pub async fn user_cases(state: &AppState, principal: &Principal) -> Result<Vec<CaseSummary>, ApiError> {
    let user_id = principal.user_id;
    let grants = state.db(move |store| store.grants(user_id)).await?;
    Ok(grants
        .into_iter()
        .filter(|g| state.cases().get(&g.case).is_some())
        .map(|g| CaseSummary { name: g.case, role: g.role })
        .collect())
}

pub async fn cases(State(state): State<AppState>, principal: Principal) -> Result<Json<CaseList>, ApiError> {
    Ok(Json(CaseList { cases: user_cases(&state, &principal).await? }))
}

#[derive(serde::Serialize)]
pub struct CaseInfo {
    name: String,
    role: Role,
    /// What the role allows on this case.
    actions: Vec<Action>,
}

pub async fn case_info(access: CaseAccess<need::Read>) -> Json<CaseInfo> {
    Json(CaseInfo { name: access.case.name().to_owned(), role: access.role, actions: access.role.actions() })
}
