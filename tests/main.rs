//! tapir's integration tests: one binary, one module per concern.

mod annotations;
mod audit;
mod case;
mod cli;
mod conformance;
mod crash;
mod export;
mod golden;
mod index;
mod integrity;
mod learning;
mod output;
mod query;
mod robustness;
mod roundtrip;
mod server;
mod support;
mod usability;
