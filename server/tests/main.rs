//! The server's tests, one binary: the router is called in-process (tower `oneshot`), and
//! served for real on an ephemeral loopback port for TLS and for the browser tests (Chromium
//! through chromedriver: `browser`).

mod support;

mod hostile;
#[path = "../src/http/pages/hostile_corpus.rs"]
mod hostile_corpus;
mod webdriver;

mod admin;
mod audit;
mod blocking;
mod browser;
mod case_api;
mod csrf;
mod errors;
mod findings_api;
mod lockout;
mod logging;
mod openapi;
mod pages;
mod provenance_api;
mod roles;
mod routes;
mod search_api;
mod sessions;
mod tls;
mod tokens;
