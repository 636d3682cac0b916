//! The harness: a data directory, a moving clock, two served cases (empty tapir indexes, or
//! [`CASE`] holding the committed fixture corpus), the application with a few probe routes,
//! and requests sent through it in-process.

use std::io::Write;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use axum::routing::{get, post};
use serde_json::Value;
use tapir::index::{IngestOptions, SilentProgress};
use tapir_server::cases::{CaseRegistry, ServedCase};
use tapir_server::clock::ManualClock;
use tapir_server::http::{Access, AppState, CaseAccess, HttpConfig, Route, app_with_routes, need, routes};
use tapir_server::store::{Store, StoreConfig};
use tempfile::TempDir;
use tower::ServiceExt;

pub const PASSWORD: &str = "correct horse battery staple";
/// Served cases.
pub const CASE: &str = "op-tiger";
pub const OTHER_CASE: &str = "op-lynx";
/// 2026-01-01T00:00:00Z.
pub const START_MS: u64 = 1_767_225_600_000;
pub const CLIENT: &str = "192.0.2.10:40000";
/// What Chromium sends in `Accept` when it navigates.
pub const HTML_ACCEPT: &str = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

pub struct Harness {
    pub dir: TempDir,
    pub clock: ManualClock,
    pub state: AppState,
    pub app: Router,
    /// The evidence a [`Harness::with_evidence_copy`] case was ingested from.
    evidence: Option<TempDir>,
}

/// Probe routes on top of the real table, as case routes will be added: one per guard that
/// the real table does not use yet, and one that panics; for the pages, a lead-only page, a
/// page that panics, and the hostile-text page.
pub fn probe_routes() -> Vec<Route> {
    vec![
        Route::new(
            Method::GET,
            "/probe/cases/{case}/audit",
            Access::Page,
            get(|access: CaseAccess<need::ReadAudit>| async move { access.role.as_str() }),
        ),
        Route::new(Method::GET, "/probe/panic", Access::Page, get(panics)),
        Route::new(Method::GET, "/probe/hostile", Access::Page, get(crate::hostile::page)),
        Route::new(
            Method::GET,
            "/api/v1/cases/{case}/probe/audit",
            Access::Api,
            get(|access: CaseAccess<need::ReadAudit>| async move { access.role.as_str() }),
        ),
        Route::new(
            Method::POST,
            "/api/v1/cases/{case}/probe/annotate",
            Access::Api,
            post(|access: CaseAccess<need::Annotate>| async move { access.role.as_str() }),
        ),
        Route::new(Method::GET, "/api/v1/probe/panic", Access::Api, get(panics)),
    ]
}

async fn panics() -> &'static str {
    panic!("probe panic")
}

/// The real table and the probes.
pub fn all_routes() -> Vec<Route> {
    routes().into_iter().chain(probe_routes()).collect()
}

/// The server's log, as `tapir serve` would write it, for the whole test binary.
#[derive(Clone, Default)]
pub struct CapturedLog(Arc<Mutex<Vec<u8>>>);

impl CapturedLog {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

impl Write for CapturedLog {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Installed once, globally, before the first request of any test (a scoped subscriber
/// would miss events whose interest another thread cached first).
pub fn server_log() -> &'static CapturedLog {
    static LOG: OnceLock<CapturedLog> = OnceLock::new();
    LOG.get_or_init(|| {
        let log = CapturedLog::default();
        let writer = log.clone();
        let subscriber = tracing_subscriber::fmt().with_ansi(false).with_writer(move || writer.clone()).finish();
        tracing::subscriber::set_global_default(subscriber).expect("one subscriber");
        log
    })
}

/// The application served for real on an ephemeral loopback port (for the browser); stops
/// when dropped.
pub struct Served {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    _stop: tokio::sync::oneshot::Sender<()>,
}

impl Served {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

impl Harness {
    /// Serves this harness's application (its store, cases and probe routes) on
    /// 127.0.0.1:0, on the current tokio runtime.
    pub fn serve(&self) -> Served {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(tapir_server::serve::serve(listener, self.app.clone(), None, async {
            let _ = stopped.await;
        }));
        Served { base, _stop: stop }
    }

    pub fn new() -> Self {
        Self::with(HttpConfig::default(), StoreConfig::default())
    }

    pub fn with(http: HttpConfig, store: StoreConfig) -> Self {
        Self::build(http, store, None)
    }

    /// [`CASE`] holds the fixture corpus's evidence ([`fixture_index`]); [`OTHER_CASE`] is empty.
    pub fn with_evidence() -> Self {
        Self::build(HttpConfig::default(), StoreConfig::default(), Some(fixture_index()))
    }

    /// [`CASE`] ingested from copies of the fixture's dumps in [`Self::evidence_dir`], which a
    /// test may change after ingest; [`OTHER_CASE`] is empty.
    pub fn with_evidence_copy() -> Self {
        let scratch = tempfile::tempdir().unwrap();
        let (dumps, index) = (scratch.path().join("evidence"), scratch.path().join("case.idx"));
        copy_dir(&fixture().join("dumps"), &dumps);
        ingest_fixture(&dumps, &index);
        let harness = Self::build(HttpConfig::default(), StoreConfig::default(), Some(&index));
        Harness { evidence: Some(scratch), ..harness }
    }

    /// The evidence [`Self::with_evidence_copy`] ingested.
    pub fn evidence_dir(&self) -> PathBuf {
        self.evidence.as_ref().expect("a harness with_evidence_copy").path().join("evidence")
    }

    /// [`CASE`] holds a generated corpus with planted conversations ([`generated_index`]).
    pub fn with_generated() -> Self {
        Self::build(HttpConfig::default(), StoreConfig::default(), Some(generated_index()))
    }

    fn build(http: HttpConfig, store: StoreConfig, evidence: Option<&Path>) -> Self {
        server_log();
        let dir = tempfile::tempdir().unwrap();
        let clock = ManualClock::new(START_MS);
        let store = Store::open_with(&dir.path().join("data"), Arc::new(clock.clone()), store).unwrap();
        let mut cases = CaseRegistry::new();
        for (i, name) in [CASE, OTHER_CASE].into_iter().enumerate() {
            // Not named after the case: a server fault's log line names the directory (the
            // operator's choice), and the log test checks that no case name from a URL is logged.
            let index = dir.path().join(format!("case-{i}.idx"));
            if let (Some(source), CASE) = (evidence, name) {
                copy_dir(source, &index);
            } else {
                drop(tapir::TapirIndex::create_or_open(&index).unwrap());
            }
            cases.add(ServedCase::open(name, &index).unwrap()).unwrap();
        }
        let state = AppState::new(store, cases, http);
        let app = app_with_routes(state.clone(), all_routes());
        Harness { dir, clock, state, app, evidence: None }
    }

    pub fn store(&self) -> &Store {
        self.state.store()
    }

    pub fn data_dir(&self) -> std::path::PathBuf {
        self.dir.path().join("data")
    }

    /// The index directory of a served case.
    pub fn index_dir(&self, case: &str) -> std::path::PathBuf {
        self.state.cases().get(case).unwrap().index_dir().to_owned()
    }

    /// The audit trail of a served case, as `tapir audit show` reads it.
    pub fn case_trail(&self, case: &str) -> tapir::audit::AuditLog {
        tapir::audit::AuditLog::open(&self.index_dir(case)).unwrap()
    }

    /// A user with [`PASSWORD`] and the given grants.
    pub fn user(&self, name: &str, grants: &[(&str, tapir_server::Role)]) {
        self.store().add_user(name, PASSWORD).unwrap();
        for (case, role) in grants {
            self.store().grant(name, case, *role).unwrap();
        }
    }

    /// Sends a request from [`CLIENT`] (unless it names its own peer).
    pub async fn send(&self, mut request: Request<Body>) -> Reply {
        if request.extensions().get::<ConnectInfo<SocketAddr>>().is_none() {
            request.extensions_mut().insert(ConnectInfo(CLIENT.parse::<SocketAddr>().unwrap()));
        }
        let response = self.app.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let body = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap().to_vec();
        Reply { status, headers, body }
    }

    /// Logs in with JSON; panics unless it succeeds.
    pub async fn login(&self, user: &str) -> Session {
        let reply = self.send(login_json(user, PASSWORD)).await;
        assert_eq!(reply.status, StatusCode::OK, "login {user}: {}", reply.text());
        Session {
            cookie: reply.session_cookie().expect("a session cookie"),
            csrf: reply.json()["csrf_token"].as_str().unwrap().to_owned(),
        }
    }
}

/// The committed fixture corpus.
fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../corpora/fixtures/ecd-small")
}

/// The fixture's `dumps` (or copies of them) ingested with its keys into `index`.
fn ingest_fixture(dumps: &Path, index: &Path) {
    let keyring = tapir::Keyring::load_files(&[fixture().join("keys/seized.keys")]).unwrap();
    let options = IngestOptions { writer_threads: 1, writer_memory_bytes: 32 << 20, ..IngestOptions::default() };
    let mut ingest = tapir::TapirIndex::create_or_open(index).unwrap();
    ingest.ingest(&[dumps], &keyring, &options, &SilentProgress).unwrap();
}

/// The committed fixture corpus (`corpora/fixtures/ecd-small`) ingested, once per test
/// process, into cargo's scratch directory; harnesses serve copies of it.
pub fn fixture_index() -> &'static Path {
    static INDEX: OnceLock<PathBuf> = OnceLock::new();
    INDEX.get_or_init(|| {
        let index = Path::new(env!("CARGO_TARGET_TMPDIR")).join("server-fixture.idx");
        let _ = std::fs::remove_dir_all(&index);
        ingest_fixture(&fixture().join("dumps"), &index);
        index
    })
}

/// A generated corpus (seed 21: 3 devices, 800 messages, planted kidnapping, weapons and drugs
/// conversations) ingested once per test process.
pub fn generated_index() -> &'static Path {
    static INDEX: OnceLock<PathBuf> = OnceLock::new();
    INDEX.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("server-generated");
        let _ = std::fs::remove_dir_all(&dir);
        let corpus = dir.join("corpus");
        let options = tapir_corpora::GenOptions { seed: 21, devices: 3, messages: 800, damage: false };
        tapir_corpora::generate(&corpus, &options, &tapir::crypto::AesGcmSealer, &|_| {}).unwrap();
        let keyring = tapir::Keyring::load_files(&[corpus.join("keys/seized.keys")]).unwrap();
        let index = dir.join("index");
        let options = IngestOptions { writer_threads: 1, writer_memory_bytes: 32 << 20, ..IngestOptions::default() };
        let mut ingest = tapir::TapirIndex::create_or_open(&index).unwrap();
        ingest.ingest(&[corpus.join("dumps")], &keyring, &options, &SilentProgress).unwrap();
        index
    })
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A logged-in browser: its cookie and CSRF token.
#[derive(Clone, Debug)]
pub struct Session {
    /// `name=value`, as a browser sends it back.
    pub cookie: String,
    pub csrf: String,
}

impl Session {
    pub fn get(&self, path: &str) -> Request<Body> {
        Request::get(path).header(header::COOKIE, &self.cookie).body(Body::empty()).unwrap()
    }

    /// A same-origin POST with the CSRF token in its header.
    /// A browser's page request: `Accept: text/html`.
    pub fn page(&self, path: &str) -> Request<Body> {
        Request::get(path)
            .header(header::COOKIE, &self.cookie)
            .header(header::ACCEPT, HTML_ACCEPT)
            .body(Body::empty())
            .unwrap()
    }

    pub fn post(&self, path: &str) -> Request<Body> {
        same_origin(Request::post(path))
            .header(header::COOKIE, &self.cookie)
            .header("x-csrf-token", &self.csrf)
            .body(Body::empty())
            .unwrap()
    }
}

/// What a browser adds to a request from the server's own pages.
pub fn same_origin(builder: axum::http::request::Builder) -> axum::http::request::Builder {
    builder.header(header::HOST, "tapir.test").header("sec-fetch-site", "same-origin")
}

pub fn login_json(user: &str, password: &str) -> Request<Body> {
    login_json_from(user, password, CLIENT)
}

pub fn login_json_from(user: &str, password: &str, client: &str) -> Request<Body> {
    let body = serde_json::json!({ "user": user, "password": password }).to_string();
    let mut request = same_origin(Request::post("/login"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body))
        .unwrap();
    request.extensions_mut().insert(ConnectInfo(client.parse::<SocketAddr>().unwrap()));
    request
}

pub fn bearer(path: &str, token: &str) -> axum::http::request::Builder {
    Request::get(path).header(header::AUTHORIZATION, format!("Bearer {token}"))
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }

    /// The `error.code` of a JSON error, checking the envelope's shape on the way.
    pub fn error_code(&self) -> String {
        let json = self.json();
        assert!(json["error"]["message"].is_string(), "no error.message: {json}");
        assert_eq!(json.as_object().map(|o| o.len()), Some(1), "only `error`: {json}");
        json["error"]["code"].as_str().unwrap_or_else(|| panic!("no error.code: {json}")).to_owned()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The `Set-Cookie` of the session, as `name=value`.
    pub fn session_cookie(&self) -> Option<String> {
        let set = self.header("set-cookie")?;
        Some(set.split(';').next()?.trim().to_owned())
    }

    /// Asserts the security headers every response carries.
    pub fn assert_security_headers(&self) {
        self.assert_security_headers_but_caching();
        assert_eq!(self.header("cache-control"), Some("no-store"), "cache-control on a {} response", self.status);
    }

    /// The same, but for `Cache-Control` (the static files set their own).
    pub fn assert_security_headers_but_caching(&self) {
        let expect = |name: &str, value: &str| {
            assert_eq!(self.header(name), Some(value), "{name} on a {} response", self.status);
        };
        let csp = self.header("content-security-policy").unwrap_or_else(|| panic!("no CSP on {}", self.status));
        assert!(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"), "{csp}");
        expect("x-content-type-options", "nosniff");
        expect("x-frame-options", "DENY");
        expect("referrer-policy", "no-referrer");
    }
}
