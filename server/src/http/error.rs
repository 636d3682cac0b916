//! Every error the HTTP layer answers: `{"error": {"code": "...", "message": "..."}}` with a
//! 4xx status for anything the client sent, and 5xx only for the server's own faults (logged,
//! never detailed to the client). Responses built elsewhere (axum's rejections, the body
//! limit, 405s) are rewritten into the same shape by [`json_errors`].

use std::any::Any;

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::StoreError;
use crate::blocking::BlockingError;

/// An error answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    /// Stable, machine-readable: `unauthenticated`, `case_not_found`, `malformed_json`…
    pub code: &'static str,
    pub message: String,
    /// Seconds, for `Retry-After` (429, 503).
    pub retry_after: Option<u64>,
}

#[derive(serde::Serialize)]
struct Envelope<'a> {
    error: ErrorFields<'a>,
}

#[derive(serde::Serialize)]
struct ErrorFields<'a> {
    code: &'a str,
    message: &'a str,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError { status, code, message: message.into(), retry_after: None }
    }

    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }

    pub fn unauthenticated() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthenticated", "log in, or send a valid API token")
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", message)
    }

    pub fn not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", "no such route")
    }

    /// The same answer whether the case does not exist or the user has no grant on it: a
    /// user without a grant cannot tell which cases exist.
    pub fn case_not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, "case_not_found", "no such case")
    }

    /// A fault of the server; the details go to the log, not to the client.
    pub fn internal() -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", "internal server error (logged)")
    }

    pub fn with_retry_after(mut self, seconds: u64) -> Self {
        self.retry_after = Some(seconds);
        self
    }

    /// The error for a status produced outside this module (a rejection, a limit).
    pub fn from_status(status: StatusCode, message: Option<String>) -> Self {
        let code = match status {
            StatusCode::BAD_REQUEST => "bad_request",
            StatusCode::UNAUTHORIZED => "unauthenticated",
            StatusCode::FORBIDDEN => "forbidden",
            StatusCode::NOT_FOUND => "not_found",
            StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
            StatusCode::REQUEST_TIMEOUT => "request_timeout",
            StatusCode::LENGTH_REQUIRED => "length_required",
            StatusCode::PAYLOAD_TOO_LARGE => "payload_too_large",
            StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
            StatusCode::UNPROCESSABLE_ENTITY => "invalid_body",
            StatusCode::TOO_MANY_REQUESTS => "too_many_requests",
            StatusCode::SERVICE_UNAVAILABLE => "unavailable",
            s if s.is_server_error() => "internal",
            _ => "error",
        };
        let message = message.unwrap_or_else(|| status.canonical_reason().unwrap_or("error").to_lowercase());
        Self::new(status, code, message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let envelope = Envelope { error: ErrorFields { code: self.code, message: &self.message } };
        // Serialising two strings cannot fail; fall back to a fixed body all the same.
        let body = serde_json::to_vec(&envelope)
            .unwrap_or_else(|_| br#"{"error":{"code":"internal","message":"internal server error"}}"#.to_vec());
        let mut response =
            (self.status, [(header::CONTENT_TYPE, HeaderValue::from_static(JSON))], body).into_response();
        if let Some(seconds) = self.retry_after {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        if self.status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

pub const JSON: &str = "application/json";

impl From<StoreError> for ApiError {
    fn from(err: StoreError) -> Self {
        if err.is_usage() {
            return ApiError::bad_request("bad_request", err.to_string());
        }
        tracing::error!(error = %err, "server database");
        match err {
            StoreError::Sqlite(rusqlite::Error::SqliteFailure(e, _)) if e.code == rusqlite::ErrorCode::DatabaseBusy => {
                ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "unavailable", "the server database is busy")
                    .with_retry_after(1)
            }
            StoreError::Audit(_) => ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "audit_unavailable",
                "the audit trail cannot be written; nothing was done",
            ),
            _ => ApiError::internal(),
        }
    }
}

impl From<tapir::CaseError> for ApiError {
    /// A facade error: the request's fault (a malformed query, an unknown message or finding)
    /// is a 4xx naming it; a trail that cannot be written (or is damaged) is a 503: nothing was
    /// read; the
    /// rest is the server's fault, logged, never detailed (it names paths on the server).
    fn from(err: tapir::CaseError) -> Self {
        use tapir::CaseError as E;
        use tapir::annotations::AnnotationError;
        use tapir::index::{SearchError as S, ThreadError as T};
        match err {
            E::Search(S::Syntax { .. } | S::Invalid(_)) | E::Thread(T::Search(S::Syntax { .. } | S::Invalid(_))) => {
                ApiError::bad_request("bad_query", err.to_string())
            }
            E::Annotations(AnnotationError::Input(_) | AnnotationError::Parse(_)) => {
                ApiError::bad_request("bad_annotation", err.to_string())
            }
            E::Thread(T::AroundNotFound(..)) | E::UnknownFinding(_) => {
                ApiError::new(StatusCode::NOT_FOUND, "not_found", err.to_string())
            }
            E::UnknownMessage { .. } => ApiError::new(StatusCode::NOT_FOUND, "message_not_found", err.to_string()),
            E::UnknownCopy { .. } => ApiError::new(StatusCode::NOT_FOUND, "copy_not_found", err.to_string()),
            E::Audit(_) => {
                tracing::error!(error = %err, "case audit trail");
                ApiError::new(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "audit_unavailable",
                    "the case's audit trail cannot be written or read (see audit/verify); nothing was done",
                )
            }
            err => {
                tracing::error!(error = %err, "case");
                ApiError::internal()
            }
        }
    }
}

impl From<BlockingError> for ApiError {
    fn from(err: BlockingError) -> Self {
        match err {
            BlockingError::Busy { .. } => {
                ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "busy", err.to_string()).with_retry_after(1)
            }
            BlockingError::Failed { .. } => ApiError::internal(),
        }
    }
}

/// Middleware: an error response that is not JSON (nor one of our HTML pages) becomes the
/// JSON envelope, keeping its status and headers; a short text body becomes the message.
pub async fn json_errors(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let content_type = response.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if content_type.starts_with(JSON) || content_type.starts_with("text/html") {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let message = match axum::body::to_bytes(body, 1024).await {
        Ok(bytes) if status.is_client_error() && !bytes.is_empty() => String::from_utf8(bytes.to_vec()).ok(),
        _ => None,
    };
    let rewritten = ApiError::from_status(status, message).into_response();
    parts.headers.remove(header::CONTENT_LENGTH);
    for (name, value) in rewritten.headers() {
        parts.headers.insert(name, value.clone());
    }
    Response::from_parts(parts, rewritten.into_body())
}

/// Last resort of `CatchPanicLayer`: a JSON 500, and the panic in the log.
pub fn panic_response(err: Box<dyn Any + Send + 'static>) -> Response<Body> {
    let message = err
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| err.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "non-string panic payload".to_owned());
    tracing::error!(panic = %message, "request handler panicked");
    ApiError::internal().into_response()
}
