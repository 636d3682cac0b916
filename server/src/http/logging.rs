//! One log line per request: method, route pattern (`/api/v1/cases/{case}`: never the path as
//! sent, never a query string, never a body), status, latency and the authenticated user.
//! Search terms and case data stay out of the server's log; they belong in the audit trail.

use std::sync::{Arc, OnceLock};
use std::time::Instant;

use axum::extract::{MatchedPath, Request};
use axum::middleware::Next;
use axum::response::Response;

/// Filled by the authentication layer, read when the request is logged.
#[derive(Clone, Debug, Default)]
pub struct RequestUser(Arc<OnceLock<String>>);

impl RequestUser {
    pub fn set(&self, user: &str) {
        let _ = self.0.set(user.to_owned());
    }

    pub fn get(&self) -> Option<&str> {
        self.0.get().map(String::as_str)
    }
}

pub async fn log_request(mut request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let route = request.extensions().get::<MatchedPath>().map_or_else(|| "-".to_owned(), |m| m.as_str().to_owned());
    let user = RequestUser::default();
    request.extensions_mut().insert(user.clone());
    let response = next.run(request).await;
    tracing::info!(
        target: "tapir_server::request",
        method = %method,
        route = %route,
        status = response.status().as_u16(),
        latency_ms = started.elapsed().as_secs_f64() * 1e3,
        user = user.get().unwrap_or("-"),
    );
    response
}
