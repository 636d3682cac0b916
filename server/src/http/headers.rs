//! Security headers on every response, errors and redirects included.

use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;

use super::assets::Cacheable;

/// Scripts, styles, images and forms from this origin only; never framed; no `<base>`,
/// no plugins.
pub const CONTENT_SECURITY_POLICY: &str =
    "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";

/// Every header set on every response, `Strict-Transport-Security` apart (TLS only).
pub const SECURITY_HEADERS: [(HeaderName, &str); 6] = [
    (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    (header::X_FRAME_OPTIONS, "DENY"),
    (header::REFERRER_POLICY, "no-referrer"),
    // Case data must not linger in browser or proxy caches (only `/static/` files are cached:
    // see `assets::Cacheable`).
    (header::CACHE_CONTROL, "no-store"),
    (HeaderName::from_static("cross-origin-opener-policy"), "same-origin"),
];

/// Whether the server speaks TLS (then browsers are told to keep to it).
#[derive(Clone, Copy, Debug)]
pub struct Tls(pub bool);

pub async fn security_headers(State(Tls(tls)): State<Tls>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    // The embedded static files keep their own caching; everything else is `no-store`.
    let cacheable = response.extensions().get::<Cacheable>().is_some();
    let headers = response.headers_mut();
    for (name, value) in SECURITY_HEADERS {
        if cacheable && name == header::CACHE_CONTROL {
            continue;
        }
        headers.insert(name, HeaderValue::from_static(value));
    }
    if tls {
        headers.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000"));
    }
    response
}
