//! Serving: plain HTTP or TLS (rustls, ring provider) on a listener, until told to stop.

use std::future::Future;
use std::net::{SocketAddr, TcpListener};
use std::path::PathBuf;
use std::time::Duration;

use axum::Router;
use axum_server::tls_rustls::RustlsConfig;

use crate::StoreError;
use crate::cases::{CaseError, CaseRegistry, ServedCase};
use crate::http::{AppState, HttpConfig, app};
use crate::store::Store;

/// How long open connections get to finish when the server stops.
pub const GRACE: Duration = Duration::from_secs(10);

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Case(#[from] CaseError),
    #[error("cannot listen on {addr}: {source}")]
    Bind { addr: SocketAddr, source: std::io::Error },
    #[error("TLS certificate {} or key {}: {source}", cert.display(), key.display())]
    Tls { cert: PathBuf, key: PathBuf, source: std::io::Error },
    #[error("server: {0}")]
    Io(#[from] std::io::Error),
}

/// A PEM certificate chain and its private key.
#[derive(Clone, Debug)]
pub struct TlsFiles {
    pub cert: PathBuf,
    pub key: PathBuf,
}

impl TlsFiles {
    pub async fn load(&self) -> Result<RustlsConfig, ServeError> {
        RustlsConfig::from_pem_file(&self.cert, &self.key).await.map_err(|source| ServeError::Tls {
            cert: self.cert.clone(),
            key: self.key.clone(),
            source,
        })
    }
}

/// Serves `app` on `listener` (TLS when `tls` is given) until `shutdown` completes, then lets
/// open requests finish for up to [`GRACE`]. Each request sees its peer's address.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    tls: Option<RustlsConfig>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    let handle = axum_server::Handle::new();
    let stopper = handle.clone();
    tokio::spawn(async move {
        shutdown.await;
        stopper.graceful_shutdown(Some(GRACE));
    });
    let service = app.into_make_service_with_connect_info::<SocketAddr>();
    match tls {
        Some(config) => axum_server::from_tcp_rustls(listener, config)?.handle(handle).serve(service).await?,
        None => axum_server::from_tcp(listener)?.handle(handle).serve(service).await?,
    }
    Ok(())
}

/// What `tapir serve` was asked.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    pub data_dir: PathBuf,
    /// Name and index directory of each case.
    pub cases: Vec<(String, PathBuf)>,
    pub bind: SocketAddr,
    pub tls: Option<TlsFiles>,
    pub http: HttpConfig,
}

/// What is being served, once listening.
#[derive(Clone, Debug)]
pub struct Ready {
    pub addr: SocketAddr,
    pub tls: bool,
    pub cases: Vec<String>,
}

/// Opens the store and the cases, listens, calls `on_ready`, and serves until SIGINT or
/// SIGTERM. Blocks; builds its own runtime (callers need not know tokio).
pub fn run(options: ServeOptions, on_ready: impl FnOnce(&Ready)) -> Result<(), ServeError> {
    let store = Store::open(&options.data_dir)?;
    let mut cases = CaseRegistry::new();
    for (name, dir) in &options.cases {
        cases.add(ServedCase::open(name, dir)?)?;
    }
    let case_names = cases.iter().map(|c| c.name().to_owned()).collect();
    let http = HttpConfig { tls: options.tls.is_some(), ..options.http };
    let state = AppState::new(store, cases, http);
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    runtime.block_on(async move {
        let tls = match &options.tls {
            Some(files) => Some(files.load().await?),
            None => None,
        };
        let listener =
            TcpListener::bind(options.bind).map_err(|source| ServeError::Bind { addr: options.bind, source })?;
        let addr = listener.local_addr()?;
        on_ready(&Ready { addr, tls: tls.is_some(), cases: case_names });
        serve(listener, app(state), tls, stop_signal()).await
    })
}

/// SIGINT (Ctrl-C) or, on Unix, SIGTERM.
async fn stop_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    {
        let terminate = async {
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(mut signal) => {
                    signal.recv().await;
                }
                Err(_) => std::future::pending().await,
            }
        };
        tokio::select! {
            () = interrupt => {},
            () = terminate => {},
        }
    }
    #[cfg(not(unix))]
    interrupt.await;
}
