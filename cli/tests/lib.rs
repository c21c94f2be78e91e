//! The CLI's integration tests, one binary (a module per file; see the core crate's tests/lib.rs).

mod cast_cli;
mod cli_copilot;
mod cli_download;
mod cli_inspect;
mod cli_remote;
mod conformance;
mod hash_cli;
mod render_cli;
