//! Request bodies as JSON or as forms, with every rejection a JSON error: malformed JSON,
//! the wrong fields, the wrong content type, a body over the limit.

use axum::extract::rejection::{BytesRejection, FormRejection, JsonRejection};
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderMap, StatusCode, header};
use serde::de::DeserializeOwned;

use super::error::ApiError;

/// A JSON body (`Content-Type: application/json`).
pub struct ApiJson<T>(pub T);

/// A form body (`application/x-www-form-urlencoded`).
pub struct ApiForm<T>(pub T);

fn bytes_rejection(r: BytesRejection) -> ApiError {
    if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large", "the request body is over the limit")
    } else {
        ApiError::bad_request("bad_body", r.body_text())
    }
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(ApiJson(value)),
            Err(JsonRejection::JsonSyntaxError(e)) => Err(ApiError::bad_request("malformed_json", e.body_text())),
            Err(JsonRejection::JsonDataError(e)) => Err(ApiError::bad_request("invalid_body", e.body_text())),
            Err(JsonRejection::MissingJsonContentType(e)) => {
                Err(ApiError::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", e.body_text()))
            }
            Err(JsonRejection::BytesRejection(e)) => Err(bytes_rejection(e)),
            Err(e) => Err(ApiError::bad_request("bad_body", e.body_text())),
        }
    }
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiForm<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        match axum::Form::<T>::from_request(req, state).await {
            Ok(axum::Form(value)) => Ok(ApiForm(value)),
            Err(FormRejection::InvalidFormContentType(e)) => {
                Err(ApiError::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", e.body_text()))
            }
            Err(FormRejection::FailedToDeserializeForm(e)) => Err(ApiError::bad_request("invalid_body", e.body_text())),
            Err(FormRejection::FailedToDeserializeFormBody(e)) => {
                Err(ApiError::bad_request("invalid_body", e.body_text()))
            }
            Err(FormRejection::BytesRejection(e)) => Err(bytes_rejection(e)),
            Err(e) => Err(ApiError::bad_request("bad_body", e.body_text())),
        }
    }
}

/// The two body kinds a browser form or a script sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodyKind {
    Form,
    Json,
}

/// The kind of body by its `Content-Type` (parameters such as `charset` allowed).
pub fn body_kind(headers: &HeaderMap) -> Option<BodyKind> {
    let value = headers.get(header::CONTENT_TYPE)?.to_str().ok()?;
    let essence = value.split(';').next().unwrap_or("").trim();
    if essence.eq_ignore_ascii_case("application/x-www-form-urlencoded") {
        Some(BodyKind::Form)
    } else if essence.eq_ignore_ascii_case("application/json") {
        Some(BodyKind::Json)
    } else {
        None
    }
}

/// A body of either kind, the kind reported (handlers answer a form with a page or a
/// redirect, JSON with JSON).
pub async fn form_or_json<T: DeserializeOwned, S: Send + Sync>(
    req: Request,
    state: &S,
) -> Result<(BodyKind, T), ApiError> {
    match body_kind(req.headers()) {
        Some(BodyKind::Form) => Ok((BodyKind::Form, ApiForm::<T>::from_request(req, state).await?.0)),
        Some(BodyKind::Json) => Ok((BodyKind::Json, ApiJson::<T>::from_request(req, state).await?.0)),
        None => Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "send application/json or application/x-www-form-urlencoded",
        )),
    }
}
