//! `flyte-types`: look inside Flyte literals, check them against the corpus and the SDK rules.
//!
//! Each subcommand lives in its own module; this file only parses arguments and dispatches.
//! Errors go to stderr with a non-zero exit status.

mod codec;
mod conformance;

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
enum Command {
    /// Check decode and encode on folders of corpus-layout cases.
    Conformance(conformance::Args),
    /// Print a literal as canonical JSON, given its type.
    Decode(codec::DecodeArgs),
    /// Encode canonical JSON as a literal of the given type.
    Encode(codec::EncodeArgs),
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Conformance(args) => conformance::run(args),
        Command::Decode(args) => codec::decode(args),
        Command::Encode(args) => codec::encode(args),
    }
}
