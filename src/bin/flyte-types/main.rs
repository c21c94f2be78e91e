//! `flyte-types`: look inside Flyte literals, check them against the corpus and the SDK rules.
//!
//! Each subcommand lives in its own module; this file only parses arguments and dispatches.
//! Errors go to stderr with a non-zero exit status.

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "flyte-types",
    version,
    about = "Flyte literals and types from the command line"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {}
}
