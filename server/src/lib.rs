//! tapir-server: the case server of tapir. The only crate that knows HTTP (axum, tokio,
//! tower-http, rustls) and the server's own database (accounts, sessions, API tokens, grants,
//! login throttling: SQLite). The `tapir` library knows nothing of it; the `tapir` binary
//! links it for `tapir serve`, `tapir user`, `tapir grant` and `tapir token`.
//!
//! - [`store::Store`]: the database and every operation on it, administration included, each
//!   change audited in `DATA_DIR/audit.jsonl` ([`audit`]).
//! - [`http`]: the router built from one route table, its authentication, CSRF and
//!   authorisation guard ([`http::CaseAccess`]), security headers and JSON errors.
//! - [`cases::CaseRegistry`]: the cases served; [`blocking::BlockingPool`]: bounded work off
//!   the async threads; [`serve`]: listening, TLS, shutdown.
//!
//! Conventions, roles and security choices: `server/README.md`.

pub mod audit;
pub mod blocking;
pub mod cases;
pub mod clock;
mod error;
pub mod http;
pub mod lockout;
pub mod names;
pub mod password;
pub mod roles;
pub mod secret;
pub mod serve;
pub mod store;

pub use error::StoreError;
pub use roles::{Action, Role};
pub use store::Store;
