//! The OpenAPI 3 document of `/api/v1`, `GET /api/v1/openapi.json`. Hand-written
//! (`openapi.json`, compiled in): the answers' types are the library's and the CLI's `--json`
//! ones, which carry no schema derive (the core library takes no web dependency). A test keeps
//! it true: every `/api/v1` route of the table is in it and nothing else, and the answers of
//! the routes conform to its schemas.

use axum::http::{HeaderValue, header};
use axum::response::IntoResponse;

use super::error::JSON;

/// The document, as served.
pub const DOCUMENT: &str = include_str!("openapi.json");

pub async fn document() -> impl IntoResponse {
    ([(header::CONTENT_TYPE, HeaderValue::from_static(JSON))], DOCUMENT)
}
