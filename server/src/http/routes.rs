//! The one table of routes: the router is built from it (each route wrapped in the
//! authentication its [`Access`] declares) and the tests iterate it, so a route cannot be
//! added without its access being declared, enforced and tested.

use axum::http::Method;
use axum::routing::{MethodRouter, get, post};

use super::{
    AppState, api, assets, batch_api, case_api, export_api, findings_api, login, openapi, pages, provenance_api,
    search_api,
};

/// Who may call a route.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Anyone (the login page and the login itself).
    Public,
    /// Anyone, under `/static/`: the pages' files compiled into the binary
    /// ([`assets`](super::assets)), the same bytes for every client, no case data, no user's
    /// data, the only responses that may be cached.
    Asset,
    /// An HTML page for a logged-in user: without a session, a redirect to `/login`.
    Page,
    /// A session cookie only (logout); without one, 401.
    Session,
    /// `/api/v1/*`: a session cookie or an API token (`Authorization: Bearer`); without, 401.
    Api,
}

/// One route.
pub struct Route {
    pub method: Method,
    /// axum path syntax (`/api/v1/cases/{case}`).
    pub path: &'static str,
    pub access: Access,
    pub(super) endpoint: MethodRouter<AppState>,
}

impl Route {
    /// A route; `endpoint` handles `method` on `path` (`get(handler)`, `post(handler)`…).
    pub fn new(method: Method, path: &'static str, access: Access, endpoint: MethodRouter<AppState>) -> Route {
        Route { method, path, access, endpoint }
    }
}

fn route(method: Method, path: &'static str, access: Access, endpoint: MethodRouter<AppState>) -> Route {
    Route::new(method, path, access, endpoint)
}

/// Every route of the server.
pub fn routes() -> Vec<Route> {
    use Access::*;
    vec![
        route(Method::GET, "/", Page, get(pages::home)),
        route(Method::GET, "/login", Public, get(pages::login_page)),
        route(Method::POST, "/login", Public, post(login::login)),
        route(Method::POST, "/logout", Session, post(login::logout)),
        route(Method::GET, "/cases/{case}", Page, get(pages::case_page)),
        route(Method::GET, "/static/{file}", Asset, get(assets::serve)),
        route(Method::GET, "/api/v1/openapi.json", Api, get(openapi::document)),
        route(Method::GET, "/api/v1/me", Api, get(api::me)),
        route(Method::GET, "/api/v1/cases", Api, get(api::cases)),
        route(Method::GET, "/api/v1/cases/{case}", Api, get(api::case_info)),
        route(Method::GET, "/api/v1/cases/{case}/search", Api, get(search_api::search)),
        route(Method::GET, "/api/v1/cases/{case}/stats", Api, get(case_api::stats)),
        route(Method::GET, "/api/v1/cases/{case}/entities", Api, get(case_api::entities)),
        route(Method::GET, "/api/v1/cases/{case}/messages/{sender}/{id}", Api, get(provenance_api::message)),
        route(
            Method::GET,
            "/api/v1/cases/{case}/messages/{sender}/{id}/copies/{n}/bytes",
            Api,
            get(provenance_api::copy_bytes),
        ),
        route(Method::GET, "/api/v1/cases/{case}/thread", Api, get(provenance_api::thread)),
        route(Method::GET, "/api/v1/cases/{case}/findings", Api, get(findings_api::findings)),
        route(Method::POST, "/api/v1/cases/{case}/batch", Api, post(batch_api::batch)),
        route(Method::GET, "/api/v1/cases/{case}/export/timeline", Api, get(export_api::timeline)),
        route(Method::GET, "/api/v1/cases/{case}/export/graph", Api, get(export_api::graph)),
        route(Method::GET, "/api/v1/cases/{case}/audit", Api, get(case_api::audit)),
        route(Method::GET, "/api/v1/cases/{case}/audit/verify", Api, get(case_api::audit_verify)),
    ]
}
