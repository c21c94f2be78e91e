//! `flyte-types`: look inside Flyte literals, check them against the corpus and the SDK rules.
//!
//! Each subcommand lives in its own module; this file only parses arguments and dispatches.
//! Errors go to stderr with a non-zero exit status.

mod hash;
mod render;

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
    /// Flyte 2 hashes: inputs hash, interface hash, cache key (base64, alone on stdout).
    #[command(
        after_help = "Examples:\n  flyte-types hash inputs inputs.pb\n  flyte-types hash interface interface.pb\n  flyte-types hash cache-key --inputs inputs.pb --task env.fn --interface interface.pb --cache-version v1"
    )]
    Hash(hash::HashArgs),
    /// Flyte 2's UI rendering (literal_string_repr) of an inputs.pb / outputs.pb / literal, as JSON.
    Render(render::RenderArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Hash(args) => hash::run(args),
        Command::Render(args) => render::run(args),
    };
    match result {
        Ok(out) => {
            println!("{out}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
