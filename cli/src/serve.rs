//! `tapir serve`: the case server, glue over `tapir_server::serve`.

use std::io::IsTerminal;
use std::net::SocketAddr;
use std::path::PathBuf;

use tapir_server::http::HttpConfig;
use tapir_server::serve::{ServeOptions, TlsFiles};

use crate::exit::{self, Outcome, UsageError};

/// Serve cases to investigators over HTTP(S): accounts, roles, a JSON API (/api/v1).
#[derive(clap::Args)]
#[command(after_help = "Example (set-up, then serve):\n  tapir user add --data srv j.dupont\n  \
    tapir grant --data srv j.dupont op-tiger investigator\n  \
    tapir serve --data srv --case op-tiger=case.idx\n\n\
    Binds to loopback unless told otherwise; without --tls-cert/--tls-key it speaks plain HTTP (for a \
    reverse proxy on the same machine, or a single analyst's workstation). Stops on Ctrl-C or SIGTERM.")]
pub struct Args {
    /// The server's data directory: its database (accounts, sessions, tokens, grants) and
    /// its audit trail of logins and administration.
    #[arg(long, value_name = "DIR")]
    pub data: PathBuf,
    /// A case to serve, by name, on a tapir index (repeatable).
    #[arg(long = "case", value_name = "NAME=INDEX_DIR")]
    pub cases: Vec<String>,
    /// Where to listen (port 0: any free port, printed at start).
    #[arg(long, value_name = "ADDR:PORT", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,
    /// PEM certificate chain: serve HTTPS (rustls).
    #[arg(long, value_name = "FILE", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// PEM private key of the certificate.
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
}

pub fn run(args: Args) -> Outcome {
    let mut cases = Vec::with_capacity(args.cases.len());
    for spec in &args.cases {
        let (name, dir) = spec
            .split_once('=')
            .filter(|(name, dir)| !name.is_empty() && !dir.is_empty())
            .ok_or_else(|| UsageError(format!("--case {spec:?}: expected NAME=INDEX_DIR")))?;
        cases.push((name.to_owned(), PathBuf::from(dir)));
    }
    let tls = match (args.tls_cert, args.tls_key) {
        (Some(cert), Some(key)) => Some(TlsFiles { cert, key }),
        _ => None,
    };
    if !args.bind.ip().is_loopback() && tls.is_none() {
        eprintln!(
            "tapir: warning: serving plain HTTP on {}: passwords and case data cross the network in clear; \
             give --tls-cert and --tls-key",
            args.bind
        );
    }
    init_logging();
    let options = ServeOptions { data_dir: args.data, cases, bind: args.bind, tls, http: HttpConfig::default() };
    tapir_server::serve::run(options, |ready| {
        let scheme = if ready.tls { "https" } else { "http" };
        let names = if ready.cases.is_empty() { "no case".to_owned() } else { ready.cases.join(", ") };
        eprintln!("tapir: serving {names} on {scheme}://{} (Ctrl-C to stop)", ready.addr);
    })?;
    Ok(exit::OK)
}

/// Request lines (method, route, status, latency, user) to standard error; `RUST_LOG`
/// overrides the level.
fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .try_init();
}
