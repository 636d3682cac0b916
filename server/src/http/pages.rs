//! Placeholder HTML pages (askama, auto-escaped): the login form and a home page listing the
//! user's cases. The investigators' pages proper come with issue 15.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use super::AppState;
use super::api::{CaseSummary, user_cases};
use super::auth::CSRF_FIELD;
use super::error::ApiError;
use crate::store::{Credential, Principal};

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    message: Option<String>,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    user: String,
    cases: Vec<CaseSummary>,
    csrf_field: &'static str,
    csrf_token: String,
}

fn render(status: StatusCode, page: &impl Template) -> Response {
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template");
            ApiError::internal().into_response()
        }
    }
}

pub async fn login_page() -> Response {
    login_page_with(StatusCode::OK, None)
}

pub fn login_page_with(status: StatusCode, message: Option<String>) -> Response {
    render(status, &LoginPage { message })
}

pub async fn home(State(state): State<AppState>, principal: Principal) -> Result<Response, ApiError> {
    let cases = user_cases(&state, &principal).await?;
    let Credential::Session { csrf_token } = principal.credential else { return Err(ApiError::unauthenticated()) };
    Ok(render(StatusCode::OK, &HomePage { user: principal.user, cases, csrf_field: CSRF_FIELD, csrf_token }))
}
