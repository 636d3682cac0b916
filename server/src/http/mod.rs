//! The HTTP layer: the router built from the route table ([`routes`]), the shared state, and
//! the layers every request passes through, outermost first:
//!
//! 1. security headers (`headers`), on every response;
//! 2. the request log (`logging`): method, route pattern, status, latency, user;
//! 3. a JSON error answered to a browser's page request becomes the HTML error page
//!    (`pages::html_errors`);
//! 4. a panic becomes a JSON 500 (tower-http `CatchPanicLayer`);
//! 5. any non-JSON error becomes the JSON envelope (`error::json_errors`);
//! 6. the body limit (tower-http `RequestBodyLimitLayer`, and axum's `DefaultBodyLimit` for
//!    its extractors): 413;
//! 7. the cross-site check on state-changing requests (tower-http `CsrfLayer`: allows
//!    `GET`/`HEAD`/`OPTIONS`, `Sec-Fetch-Site: same-origin|none`, else `Origin` equal to
//!    `Host`, or neither header): 403;
//! 8. per route, its authentication (`auth::authenticate`), then the handler.

mod api;
pub mod assets;
pub mod auth;
mod batch_api;
pub mod body;
mod case_api;
pub mod error;
mod export_api;
mod findings_api;
pub mod headers;
pub mod logging;
mod login;
pub mod openapi;
pub mod pages;
mod provenance_api;
pub mod routes;
mod search_api;

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::middleware::{Next, from_fn, from_fn_with_state};
use axum::response::IntoResponse;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::csrf::CsrfLayer;
use tower_http::limit::RequestBodyLimitLayer;

pub use auth::{CaseAccess, CaseAction, need};
pub use error::ApiError;
pub use routes::{Access, Route, routes};

use crate::StoreError;
use crate::blocking::BlockingPool;
use crate::cases::CaseRegistry;
use crate::store::Store;

/// Limits of the HTTP layer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HttpConfig {
    /// Served over TLS: cookies are `Secure` (and `__Host-` named), HSTS is sent.
    pub tls: bool,
    /// The largest request body accepted, in bytes.
    pub body_limit: usize,
    /// Concurrent database operations (one connection: more would only queue).
    pub db_workers: usize,
    /// Concurrent password checks (each Argon2id holds 19 MiB).
    pub password_workers: usize,
    /// Concurrent case operations (searches, hunts, exports) for the case routes.
    pub case_workers: usize,
    /// How long a request waits for a free worker before a 503.
    pub queue_timeout: Duration,
}

impl Default for HttpConfig {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        HttpConfig {
            tls: false,
            body_limit: 1 << 20,
            db_workers: 4,
            password_workers: cores.min(4),
            case_workers: cores,
            queue_timeout: Duration::from_secs(30),
        }
    }
}

struct Shared {
    store: Arc<Store>,
    cases: CaseRegistry,
    config: HttpConfig,
    db: BlockingPool,
    passwords: BlockingPool,
    case_work: BlockingPool,
}

/// What every handler sees: the store, the cases, the limits and the worker pools.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl AppState {
    pub fn new(store: Store, cases: CaseRegistry, config: HttpConfig) -> Self {
        let pool = |name, workers| BlockingPool::new(name, workers, config.queue_timeout);
        AppState(Arc::new(Shared {
            store: Arc::new(store),
            cases,
            config,
            db: pool("database", config.db_workers),
            passwords: pool("password", config.password_workers),
            case_work: pool("case", config.case_workers),
        }))
    }

    pub fn store(&self) -> &Arc<Store> {
        &self.0.store
    }

    pub fn cases(&self) -> &CaseRegistry {
        &self.0.cases
    }

    pub fn config(&self) -> &HttpConfig {
        &self.0.config
    }

    /// The pool for case work (tantivy calls): case routes run their facade calls here.
    pub fn case_work(&self) -> &BlockingPool {
        &self.0.case_work
    }

    pub fn session_cookie_name(&self) -> &'static str {
        if self.0.config.tls { auth::SESSION_COOKIE_TLS } else { auth::SESSION_COOKIE }
    }

    /// Runs a store operation on the database pool.
    pub async fn db<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        F: FnOnce(&Store) -> Result<T, StoreError> + Send + 'static,
        T: Send + 'static,
    {
        let store = self.0.store.clone();
        Ok(self.0.db.run(move || work(&store)).await??)
    }

    /// Runs a store operation on the password pool (logins: Argon2id).
    async fn password_work<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        F: FnOnce(&Store) -> Result<T, StoreError> + Send + 'static,
        T: Send + 'static,
    {
        let store = self.0.store.clone();
        Ok(self.0.passwords.run(move || work(&store)).await??)
    }
}

/// The whole application: every route of [`routes`] behind its authentication, and the
/// layers of the module comment.
pub fn app(state: AppState) -> Router {
    app_with_routes(state, routes())
}

/// The application on a given route table (the tests add probes to [`routes`]).
pub fn app_with_routes(state: AppState, table: Vec<Route>) -> Router {
    let config = *state.config();
    let mut router = Router::new();
    for route in table {
        let access = route.access;
        let endpoint = if matches!(access, Access::Public | Access::Asset) {
            route.endpoint
        } else {
            route.endpoint.route_layer(from_fn_with_state(
                state.clone(),
                move |State(state): State<AppState>, request: Request, next: Next| {
                    auth::authenticate(state, access, request, next)
                },
            ))
        };
        router = router.route(route.path, endpoint);
    }
    let cross_site = CsrfLayer::new().with_rejection_response(|_| {
        ApiError::new(axum::http::StatusCode::FORBIDDEN, "cross_site_request", "cross-site request refused")
            .into_response()
    });
    router
        .fallback(|| async { ApiError::not_found() })
        .layer(DefaultBodyLimit::max(config.body_limit))
        .layer(cross_site)
        .layer(RequestBodyLimitLayer::new(config.body_limit))
        .layer(from_fn(error::json_errors))
        .layer(CatchPanicLayer::custom(error::panic_response))
        .layer(from_fn(pages::html_errors))
        .layer(from_fn(logging::log_request))
        .layer(from_fn_with_state(headers::Tls(config.tls), headers::security_headers))
        .with_state(state)
}
