//! `POST /login` (a form from the login page, or JSON from a script) and `POST /logout`.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::{Cookie, SameSite};
use zeroize::Zeroizing;

use super::body::{BodyKind, body_kind, form_or_json};
use super::error::ApiError;
use super::pages;
use super::{AppState, auth};
use crate::store::{Credential, LoginOutcome, Principal};

#[derive(serde::Deserialize)]
pub struct LoginBody {
    user: String,
    password: Zeroizing<String>,
}

#[derive(serde::Serialize)]
struct LoggedIn<'a> {
    user: &'a str,
    /// Send it back in `X-CSRF-Token` with every state-changing request.
    csrf_token: &'a str,
}

/// The session cookie (`value` empty and `Max-Age=0` to remove it).
fn session_cookie(state: &AppState, value: String, remove: bool) -> HeaderValue {
    let mut cookie = Cookie::build((state.session_cookie_name(), value))
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(state.config().tls)
        .path("/");
    if remove {
        // Max-Age=0 and an expiry in the past.
        cookie = cookie.removal();
    }
    // Name and value are ASCII (hex, or empty): always a valid header value.
    HeaderValue::from_str(&cookie.build().to_string()).unwrap_or_else(|_| HeaderValue::from_static(""))
}

fn with_cookie(mut response: Response, cookie: HeaderValue) -> Response {
    response.headers_mut().append(header::SET_COOKIE, cookie);
    response
}

pub async fn login(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    request: Request,
) -> Result<Response, ApiError> {
    let (kind, body): (BodyKind, LoginBody) = form_or_json(request, &state).await?;
    let LoginBody { user, password } = body;
    let outcome = state.password_work(move |store| store.login(&user, &password, client.ip())).await?;
    Ok(match (outcome, kind) {
        (LoginOutcome::Success { session, principal }, kind) => {
            let Credential::Session { csrf_token } = &principal.credential else { return Err(ApiError::internal()) };
            let response = match kind {
                BodyKind::Form => Redirect::to("/").into_response(),
                BodyKind::Json => axum::Json(LoggedIn { user: &principal.user, csrf_token }).into_response(),
            };
            with_cookie(response, session_cookie(&state, session.to_hex().to_string(), false))
        }
        (LoginOutcome::Failed, BodyKind::Form) => {
            pages::login_page_with(StatusCode::UNAUTHORIZED, Some("Wrong user name or password.".into()))
        }
        (LoginOutcome::Failed, BodyKind::Json) => {
            ApiError::new(StatusCode::UNAUTHORIZED, "invalid_credentials", "wrong user name or password")
                .into_response()
        }
        (LoginOutcome::Refused(blocked), kind) => {
            let seconds = blocked.until_ms.saturating_sub(state.store().now_ms()).div_ceil(1000).max(1);
            let message = format!("too many failed logins; try again in {seconds} s");
            let response = match kind {
                BodyKind::Form => pages::login_page_with(StatusCode::TOO_MANY_REQUESTS, Some(message)),
                BodyKind::Json => {
                    ApiError::new(StatusCode::TOO_MANY_REQUESTS, "login_throttled", message).into_response()
                }
            };
            let mut response = response;
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
            response
        }
    })
}

/// Ends the session server-side and removes the cookie: a form is sent back to the login
/// page, a script gets 204.
pub async fn logout(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    principal: Principal,
    request: Request,
) -> Result<Response, ApiError> {
    let Some(cookie) = auth::session_cookie(&state, request.headers()) else { return Err(ApiError::unauthenticated()) };
    let user = principal.user.clone();
    state.db(move |store| store.logout(&cookie, &user, client.ip())).await?;
    let response = match body_kind(request.headers()) {
        Some(BodyKind::Form) => Redirect::to("/login").into_response(),
        _ => StatusCode::NO_CONTENT.into_response(),
    };
    Ok(with_cookie(response, session_cookie(&state, String::new(), true)))
}
