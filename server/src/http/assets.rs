//! The pages' static files — one style sheet, one script, one icon — compiled into the binary
//! and served by tapir itself under `/static/` (case servers are offline: nothing comes from a
//! CDN). They are the same bytes for everyone and hold no case data, so their route is
//! [`Access::Asset`](super::Access::Asset): served without a session.
//!
//! Each file is served under two names: `tapir.css`, revalidated on every use
//! (`Cache-Control: no-cache` with an `ETag`), and `tapir.<hash>.css`, named by the first 16
//! hex digits of its SHA-256, cached for a year as immutable. The pages link the hashed name,
//! so a new build's files are fetched at once and an unchanged file never again.

use std::sync::LazyLock;

use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use super::error::ApiError;

/// One embedded file.
pub struct Asset {
    /// The plain name (`tapir.css`).
    pub name: &'static str,
    pub content_type: &'static str,
    pub bytes: &'static [u8],
    /// `tapir.<hash>.css`.
    pub hashed_name: String,
    /// The `ETag`, quoted: `"<hash>"`.
    etag: String,
}

impl Asset {
    fn new(name: &'static str, content_type: &'static str, bytes: &'static [u8]) -> Asset {
        let hash = hex::encode(&Sha256::digest(bytes)[..8]);
        let hashed_name = match name.rsplit_once('.') {
            Some((stem, ext)) => format!("{stem}.{hash}.{ext}"),
            None => format!("{name}.{hash}"),
        };
        Asset { name, content_type, bytes, hashed_name, etag: format!("\"{hash}\"") }
    }

    /// The URL the pages link: `/static/tapir.<hash>.css`.
    pub fn url(&self) -> String {
        format!("/static/{}", self.hashed_name)
    }
}

/// Every file served under `/static/`.
pub static ASSETS: LazyLock<[Asset; 3]> = LazyLock::new(|| {
    [
        Asset::new("tapir.css", "text/css; charset=utf-8", include_bytes!("../../assets/tapir.css")),
        Asset::new("tapir.js", "text/javascript; charset=utf-8", include_bytes!("../../assets/tapir.js")),
        Asset::new("tapir.svg", "image/svg+xml", include_bytes!("../../assets/tapir.svg")),
    ]
});

/// The URLs every page links (the layout's `<head>`).
pub struct AssetUrls {
    pub css: String,
    pub js: String,
    pub icon: String,
}

pub static URLS: LazyLock<AssetUrls> = LazyLock::new(|| {
    let [css, js, icon] = &*ASSETS;
    AssetUrls { css: css.url(), js: js.url(), icon: icon.url() }
});

/// Marks a response whose `Cache-Control` the security-headers layer keeps (every other
/// response gets `no-store`). Only this module makes one: only the embedded files are cached.
#[derive(Clone, Debug)]
pub struct Cacheable {
    _private: (),
}

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const REVALIDATE: &str = "no-cache";

/// `GET /static/{file}`: an embedded file by its plain or hashed name; `304` when the
/// client's `If-None-Match` names it; `404` for any other name.
pub async fn serve(Path(file): Path<String>, headers: HeaderMap) -> Response {
    let found = ASSETS.iter().find_map(|asset| {
        if file == asset.hashed_name {
            Some((asset, IMMUTABLE))
        } else if file == asset.name {
            Some((asset, REVALIDATE))
        } else {
            None
        }
    });
    let Some((asset, cache)) = found else { return ApiError::not_found().into_response() };
    let fresh = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|tags| tags.split(',').any(|tag| tag.trim() == asset.etag || tag.trim() == "*"));
    let mut response = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        ([(header::CONTENT_TYPE, HeaderValue::from_static(asset.content_type))], asset.bytes).into_response()
    };
    let response_headers = response.headers_mut();
    response_headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    if let Ok(etag) = HeaderValue::from_str(&asset.etag) {
        response_headers.insert(header::ETAG, etag);
    }
    response.extensions_mut().insert(Cacheable { _private: () });
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names_carry_the_content_hash_and_differ_per_file() {
        let names: Vec<&str> = ASSETS.iter().map(|a| a.hashed_name.as_str()).collect();
        for (asset, name) in ASSETS.iter().zip(&names) {
            let (stem, ext) = asset.name.rsplit_once('.').unwrap();
            let hash = &name[stem.len() + 1..name.len() - ext.len() - 1];
            assert_eq!(hash.len(), 16, "{name}");
            assert_eq!(hash, &hex::encode(Sha256::digest(asset.bytes))[..16]);
        }
        assert_eq!(URLS.css, format!("/static/{}", names[0]));
    }
}
