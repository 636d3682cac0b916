//! The investigators' pages: server-rendered HTML (askama, auto-escaped), one style sheet and
//! one script from `/static/` ([`super::assets`]), every action a plain link or form.
//!
//! - [`Layout`]: what `templates/base.html` needs (title, the logged-in user and the logout
//!   form's CSRF token, the assets' URLs); every page struct has one.
//! - [`text::Shown`]: suspects' text for a page (`templates/text.html`), on every page that
//!   shows any.
//! - Pages: the login form, the list of the user's cases, a case's page; and the error page,
//!   which [`html_errors`] makes of any JSON error answered to a browser's page request.
//! - [`case_summary`]: the hook through which the case list will show each case's size and
//!   time range once the case facade exists.

#[cfg(test)]
pub(crate) mod hostile_corpus;
pub mod text;

use std::sync::Arc;

use askama::Template;
use axum::extract::{Query, Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};

use super::AppState;
use super::api::user_cases;
use super::assets::{AssetUrls, URLS};
use super::auth::{CSRF_FIELD, CaseAccess, need};
use super::error::{ApiError, JSON};
use crate::cases::ServedCase;
use crate::roles::{Action, Role};
use crate::store::{Credential, Principal};

/// The logged-in user, as the layout shows them (with the logout form's token).
pub struct LayoutUser {
    pub name: String,
    pub csrf_token: String,
}

/// What the base template needs.
pub struct Layout {
    pub title: String,
    /// `None` on the login and error pages.
    pub user: Option<LayoutUser>,
    pub csrf_field: &'static str,
    pub assets: &'static AssetUrls,
}

impl Layout {
    /// A page without a logged-in user (login, errors).
    pub fn anonymous(title: impl Into<String>) -> Layout {
        Layout { title: title.into(), user: None, csrf_field: CSRF_FIELD, assets: &URLS }
    }

    /// A page for `principal`; pages are served to sessions only (a token is refused).
    pub fn for_principal(title: impl Into<String>, principal: &Principal) -> Result<Layout, ApiError> {
        let Credential::Session { csrf_token } = &principal.credential else {
            return Err(ApiError::unauthenticated());
        };
        let user = LayoutUser { name: principal.user.clone(), csrf_token: csrf_token.clone() };
        Ok(Layout { user: Some(user), ..Layout::anonymous(title) })
    }
}

/// A page's HTML with its status; a template that cannot render is a logged 500.
pub fn render(status: StatusCode, page: &impl Template) -> Response {
    match page.render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template");
            ApiError::internal().into_response()
        }
    }
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    layout: Layout,
    message: Option<String>,
}

pub async fn login_page() -> Response {
    login_page_with(StatusCode::OK, None)
}

/// The login page, with the message of a failed attempt.
pub fn login_page_with(status: StatusCode, message: Option<String>) -> Response {
    render(status, &LoginPage { layout: Layout::anonymous("Log in"), message })
}

/// A case's size and time range, as the case list and the case page show them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseFigures {
    /// Logical messages.
    pub messages: u64,
    /// RFC 3339, of the oldest and newest message.
    pub first: Option<String>,
    pub last: Option<String>,
}

impl CaseFigures {
    /// `20,000,000`.
    pub fn messages_text(&self) -> String {
        group_digits(self.messages)
    }

    /// `2025-03-01 – 2026-01-31` (dates of the first and last message), or `—`.
    pub fn range_text(&self) -> String {
        let day = |t: &Option<String>| t.as_deref().map(|t| t.get(..10).unwrap_or(t).to_owned());
        match (day(&self.first), day(&self.last)) {
            (Some(first), Some(last)) if first == last => first,
            (Some(first), Some(last)) => format!("{first} – {last}"),
            _ => "—".to_owned(),
        }
    }
}

fn group_digits(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

/// HOOK for the case facade (issue 12): a case's size in messages and its time range, for the
/// case list and the case page.
///
/// Reading them is a read of case data (the index's stats), so it belongs to the facade
/// (`tapir::Case`), which audits it for `user`; the server must not read the index itself.
/// The facade is served now (`ServedCase::for_user`, as `CaseAccess::read` uses it), but this
/// still answers `None` and the pages say "not available yet". To fill it in: run `Case::stats`
/// (or a cheaper summary read) for `user` on `state.case_work()`, cache it per case commit if
/// one audit record per page view is too many, and map it to [`CaseFigures`].
pub async fn case_summary(
    state: &AppState,
    case: &Arc<ServedCase>,
    user: &str,
) -> Result<Option<CaseFigures>, ApiError> {
    let _ = (state, case, user);
    Ok(None)
}

/// One row of the case list.
struct CaseRow {
    name: String,
    role: Role,
    figures: Option<CaseFigures>,
}

#[derive(Template)]
#[template(path = "cases.html")]
struct CasesPage {
    layout: Layout,
    filter: String,
    cases: Vec<CaseRow>,
}

/// `GET /?filter=`: the cases the user may open (case names containing `filter`, ignoring
/// case).
#[derive(serde::Deserialize, Default)]
pub struct CasesQuery {
    #[serde(default)]
    filter: String,
}

pub async fn home(
    State(state): State<AppState>,
    principal: Principal,
    query: Result<Query<CasesQuery>, axum::extract::rejection::QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(query) = query.map_err(|_| ApiError::bad_request("bad_query", "the query string is malformed"))?;
    let layout = Layout::for_principal("Cases", &principal)?;
    let filter = query.filter.trim().to_owned();
    let needle = filter.to_lowercase();
    let mut cases = Vec::new();
    for summary in user_cases(&state, &principal).await? {
        if !summary.name.to_lowercase().contains(&needle) {
            continue;
        }
        let Some(case) = state.cases().get(&summary.name) else { continue };
        let figures = case_summary(&state, &case, &principal.user).await?;
        cases.push(CaseRow { name: summary.name, role: summary.role, figures });
    }
    Ok(render(StatusCode::OK, &CasesPage { layout, filter, cases }))
}

#[derive(Template)]
#[template(path = "case.html")]
struct CasePage {
    layout: Layout,
    name: String,
    role: Role,
    actions: Vec<Action>,
    figures: Option<CaseFigures>,
}

/// `GET /cases/{case}`: the case's page (its role, figures and, with the facade, its pages).
pub async fn case_page(State(state): State<AppState>, access: CaseAccess<need::Read>) -> Result<Response, ApiError> {
    let name = access.case.name().to_owned();
    let layout = Layout::for_principal(name.clone(), &access.principal)?;
    let figures = case_summary(&state, &access.case, &access.principal.user).await?;
    let page = CasePage { layout, name, role: access.role, actions: access.role.actions(), figures };
    Ok(render(StatusCode::OK, &page))
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    layout: Layout,
    heading: &'static str,
    status: u16,
    code: String,
    message: String,
}

/// The error page for `status`, with the JSON error's code and message.
pub fn error_page(status: StatusCode, code: &str, message: &str) -> Response {
    let heading = match status.as_u16() {
        400 => "Bad request",
        401 => "Not logged in",
        403 => "Not allowed",
        404 => "Not found",
        405 => "Not allowed here",
        413 => "Too large",
        429 => "Too many requests",
        503 => "Busy or unavailable",
        s if s >= 500 => "Something went wrong on the server",
        _ => "Error",
    };
    let page = ErrorPage {
        layout: Layout::anonymous(heading),
        heading,
        status: status.as_u16(),
        code: code.to_owned(),
        message: message.to_owned(),
    };
    render(status, &page)
}

/// Whether a request is a browser's page request: not the API, and HTML accepted.
fn wants_html(method: &Method, path: &str, headers: &HeaderMap) -> bool {
    let accepts_html = headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.split(',').any(|t| t.trim().starts_with("text/html")));
    accepts_html && !path.starts_with("/api/") && matches!(*method, Method::GET | Method::HEAD | Method::POST)
}

#[derive(serde::Deserialize)]
struct Envelope {
    error: EnvelopeFields,
}

#[derive(serde::Deserialize)]
struct EnvelopeFields {
    code: String,
    message: String,
}

/// The largest JSON error body turned into a page (ours are a few hundred bytes).
const ERROR_BODY_LIMIT: usize = 16 * 1024;

/// Middleware: a JSON error answered to a browser's page request (unknown page, case not
/// found, forbidden, CSRF refusal, a panic…) becomes the error page, with the same status and
/// `Retry-After`. API requests and non-browser clients keep the JSON.
pub async fn html_errors(request: Request, next: Next) -> Response {
    let html = wants_html(request.method(), request.uri().path(), request.headers());
    let response = next.run(request).await;
    let status = response.status();
    let is_json =
        response.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with(JSON));
    if !html || !is_json || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let (parts, body) = response.into_parts();
    let (code, message) = match axum::body::to_bytes(body, ERROR_BODY_LIMIT).await {
        Ok(bytes) => match serde_json::from_slice::<Envelope>(&bytes) {
            Ok(Envelope { error }) => (error.code, error.message),
            Err(_) => ("error".to_owned(), String::new()),
        },
        Err(_) => ("error".to_owned(), String::new()),
    };
    let mut page = error_page(status, &code, &message);
    if let Some(retry) = parts.headers.get(header::RETRY_AFTER) {
        page.headers_mut().insert(header::RETRY_AFTER, retry.clone());
    }
    page
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_grouped_and_ranged() {
        assert_eq!(group_digits(0), "0");
        assert_eq!(group_digits(999), "999");
        assert_eq!(group_digits(1000), "1,000");
        assert_eq!(group_digits(20_000_000), "20,000,000");
        let figures = |first: Option<&str>, last: Option<&str>| CaseFigures {
            messages: 1,
            first: first.map(str::to_owned),
            last: last.map(str::to_owned),
        };
        assert_eq!(
            figures(Some("2025-03-01T10:00:00Z"), Some("2026-01-31T23:59:59Z")).range_text(),
            "2025-03-01 – 2026-01-31"
        );
        assert_eq!(figures(Some("2025-03-01T10:00:00Z"), Some("2025-03-01T11:00:00Z")).range_text(), "2025-03-01");
        assert_eq!(figures(None, None).range_text(), "—");
        assert_eq!(figures(Some("short"), Some("short")).range_text(), "short");
    }

    #[test]
    fn only_browser_page_requests_get_html_errors() {
        let mut browser = HeaderMap::new();
        browser.insert(header::ACCEPT, "text/html,application/xhtml+xml,*/*;q=0.8".parse().unwrap());
        assert!(wants_html(&Method::GET, "/cases/x", &browser));
        assert!(wants_html(&Method::POST, "/logout", &browser));
        assert!(!wants_html(&Method::GET, "/api/v1/me", &browser));
        assert!(!wants_html(&Method::DELETE, "/cases/x", &browser));
        assert!(!wants_html(&Method::GET, "/cases/x", &HeaderMap::new()));
    }
}
