//! The server's tests, one binary: the router is called in-process (tower `oneshot`), and
//! served for real on an ephemeral loopback port for TLS.

mod support;

mod admin;
mod audit;
mod blocking;
mod csrf;
mod errors;
mod lockout;
mod logging;
mod roles;
mod routes;
mod sessions;
mod tls;
mod tokens;
