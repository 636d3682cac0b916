//! Authentication and authorisation.
//!
//! Each route of the table is wrapped in [`authenticate`] for its [`Access`]: it finds the
//! session cookie (or, on `/api/v1/*`, the API token), checks the per-session CSRF token of a
//! state-changing request made with a cookie, and puts the [`Principal`] in the request. The
//! cross-site check (`Sec-Fetch-Site`, else `Origin` against `Host`) runs before, for every
//! route (`tower_http::csrf`). Handlers then take a [`Principal`], or a [`CaseAccess`] that
//! also names the case and proves the user's role allows the action.

use std::collections::HashMap;
use std::marker::PhantomData;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{FromRequestParts, Path, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use subtle::ConstantTimeEq;

use super::AppState;
use super::body::{BodyKind, body_kind};
use super::error::ApiError;
use super::logging::RequestUser;
use super::routes::Access;
use crate::cases::ServedCase;
use crate::roles::{Action, Role};
use crate::store::{Credential, Principal};

/// The session cookie's name without TLS.
pub const SESSION_COOKIE: &str = "tapir_session";
/// Under TLS: the `__Host-` prefix makes browsers refuse it unless `Secure`, `Path=/` and
/// without `Domain`, so no sibling host can plant or shadow it.
pub const SESSION_COOKIE_TLS: &str = "__Host-tapir_session";
/// Where a script sends the per-session CSRF token.
pub const CSRF_HEADER: &str = "x-csrf-token";
/// Where a form sends it.
pub const CSRF_FIELD: &str = "csrf_token";

/// Methods that never change state (and so need no CSRF token).
fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// The route-level middleware: authenticates for `access`, or answers 401 / a redirect.
pub async fn authenticate(state: AppState, access: Access, request: Request, next: Next) -> Response {
    match authenticated(&state, access, request).await {
        Ok(request) => next.run(request).await,
        Err(response) => response,
    }
}

async fn authenticated(state: &AppState, access: Access, request: Request) -> Result<Request, Response> {
    if matches!(access, Access::Public | Access::Asset) {
        return Ok(request);
    }
    let Some(principal) = credential(state, access, request.headers()).await? else {
        return Err(match access {
            Access::Page => Redirect::to("/login").into_response(),
            _ => ApiError::unauthenticated().into_response(),
        });
    };
    if let Some(user) = request.extensions().get::<RequestUser>() {
        user.set(&principal.user);
    }
    let mut request = match &principal.credential {
        Credential::Session { csrf_token } if !is_safe(request.method()) => {
            check_csrf_token(state, request, csrf_token).await.map_err(IntoResponse::into_response)?
        }
        _ => request,
    };
    request.extensions_mut().insert(principal);
    Ok(request)
}

/// The principal of the request's API token (API routes only, when an `Authorization`
/// header is sent: it then decides alone) or of its session cookie.
async fn credential(state: &AppState, access: Access, headers: &HeaderMap) -> Result<Option<Principal>, Response> {
    if access == Access::Api
        && let Some(value) = headers.get(header::AUTHORIZATION)
    {
        let invalid = || ApiError::new(StatusCode::UNAUTHORIZED, "invalid_token", "the API token is not valid");
        let token = value
            .to_str()
            .ok()
            .and_then(|v| v.split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, token)| token.trim().to_owned())
            .ok_or_else(|| invalid().into_response())?;
        let principal =
            state.db(move |store| store.token_principal(&token)).await.map_err(IntoResponse::into_response)?;
        return principal.map(Some).ok_or_else(|| invalid().into_response());
    }
    let Some(cookie) = session_cookie(state, headers) else { return Ok(None) };
    state.db(move |store| store.session(&cookie)).await.map_err(IntoResponse::into_response)
}

/// The session cookie's value, if the request has one.
pub fn session_cookie(state: &AppState, headers: &HeaderMap) -> Option<String> {
    CookieJar::from_headers(headers).get(state.session_cookie_name()).map(|c| c.value().to_owned())
}

/// A cookie-authenticated request that may change state must carry the session's CSRF token,
/// in the `X-CSRF-Token` header or (forms) the `csrf_token` field; the body is read for it
/// and handed on unchanged.
async fn check_csrf_token(state: &AppState, request: Request, expected: &str) -> Result<Request, ApiError> {
    let matches = |given: &str| bool::from(given.as_bytes().ct_eq(expected.as_bytes()));
    let refused = |what: &str| ApiError::new(StatusCode::FORBIDDEN, "csrf_token_invalid", what.to_owned());
    if let Some(given) = request.headers().get(CSRF_HEADER) {
        return if given.to_str().is_ok_and(matches) { Ok(request) } else { Err(refused("wrong CSRF token")) };
    }
    if body_kind(request.headers()) != Some(BodyKind::Form) {
        return Err(refused("a state-changing request needs the X-CSRF-Token header (or a csrf_token form field)"));
    }
    let (parts, body) = request.into_parts();
    let bytes = axum::body::to_bytes(body, state.config().body_limit).await.map_err(|e| {
        if is_length_limit(&e) {
            ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large", "the request body is over the limit")
        } else {
            ApiError::bad_request("bad_body", "the request body could not be read")
        }
    })?;
    let fields: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes)
        .map_err(|_| ApiError::bad_request("invalid_body", "malformed form body"))?;
    match fields.iter().find(|(name, _)| name == CSRF_FIELD) {
        Some((_, given)) if matches(given) => Ok(Request::from_parts(parts, Body::from(bytes))),
        Some(_) => Err(refused("wrong CSRF token")),
        None => Err(refused("the form has no csrf_token field")),
    }
}

fn is_length_limit(err: &axum::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = source {
        if e.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        source = e.source();
    }
    false
}

impl<S: Send + Sync> FromRequestParts<S> for Principal {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        parts.extensions.get::<Principal>().cloned().ok_or_else(|| {
            // A handler reading the user on a route declared `Public`: refuse, loudly.
            tracing::error!("a handler needs a user on a route declared public");
            ApiError::unauthenticated()
        })
    }
}

/// An action a route does to a case (a type, so a route's requirement is in its signature).
pub trait CaseAction {
    const ACTION: Action;
}

/// The actions, as types for [`CaseAccess`].
pub mod need {
    use super::{Action, CaseAction};

    macro_rules! actions {
        ($($name:ident),*) => {$(
            #[derive(Debug)]
            pub struct $name;
            impl CaseAction for $name {
                const ACTION: Action = Action::$name;
            }
        )*};
    }
    actions!(Read, Annotate, Review, ReadAudit, Export, ManageAnnotations);
}

/// Proof that the request's user may do `A` on the case named by the route's `{case}`: the
/// guard of every case route. A case that is not served and a case the user has no grant on
/// give the same 404; a grant whose role does not allow `A` gives 403. It holds the case
/// opened for the user, whose reads ([`CaseAccess::read`]) are recorded naming them.
pub struct CaseAccess<A: CaseAction> {
    pub principal: Principal,
    pub case: Arc<ServedCase>,
    pub role: Role,
    /// The facade for this user (never `$USER`): shared with the blocking pool's thread.
    reader: Arc<tapir::Case>,
    action: PhantomData<fn() -> A>,
}

impl<A: CaseAction> CaseAccess<A> {
    /// Runs `read`, a call of the case facade, on the case pool (off the async threads,
    /// bounded): each facade call appends its own audit record naming the user.
    pub async fn read<T, F>(&self, state: &AppState, read: F) -> Result<T, ApiError>
    where
        F: FnOnce(&tapir::Case) -> Result<T, tapir::CaseError> + Send + 'static,
        T: Send + 'static,
    {
        let case = self.reader.clone();
        Ok(state.case_work().run(move || read(&case)).await??)
    }
}

impl<A: CaseAction> std::fmt::Debug for CaseAccess<A> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CaseAccess")
            .field("user", &self.principal.user)
            .field("case", &self.case.name())
            .field("role", &self.role)
            .field("action", &A::ACTION)
            .finish()
    }
}

impl<A: CaseAction> FromRequestParts<AppState> for CaseAccess<A> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let principal = Principal::from_request_parts(parts, state).await?;
        let Path(params) = Path::<HashMap<String, String>>::from_request_parts(parts, state)
            .await
            .map_err(|_| ApiError::case_not_found())?;
        let Some(name) = params.get("case").cloned() else {
            tracing::error!("CaseAccess on a route without a {{case}} segment");
            return Err(ApiError::internal());
        };
        let case = state.cases().get(&name).ok_or_else(ApiError::case_not_found)?;
        let user_id = principal.user_id;
        let role = state.db(move |store| store.role(user_id, &name)).await?.ok_or_else(ApiError::case_not_found)?;
        if !role.allows(A::ACTION) {
            return Err(ApiError::forbidden(format!(
                "your role on this case ({role}) does not allow {}",
                A::ACTION.as_str()
            )));
        }
        let reader = Arc::new(case.for_user(&principal.user)?);
        Ok(CaseAccess { principal, case, role, reader, action: PhantomData })
    }
}
