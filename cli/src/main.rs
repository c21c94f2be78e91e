//! `flyte-types`: look inside Flyte literals, check them against the corpus and the SDK rules.
//!
//! Each subcommand lives in its own module; this file only parses arguments and dispatches.
//! Errors go to stderr with a non-zero exit status.

mod cast;
mod codec;
mod conformance;
#[cfg(feature = "store")]
mod copilot;
#[cfg(feature = "store")]
mod download;
mod hash;
mod inspect;
mod render;
mod typetree;

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
    /// Check castability of an upstream type (or literal) to a downstream type.
    Cast(cast::Args),
    /// Check decode and encode on folders of corpus-layout cases.
    #[command(
        after_help = "Example:\n  flyte-types conformance ../shared/interop/flyte2 ../shared/interop/flytekit1"
    )]
    Conformance(conformance::Args),
    /// Show what a Flyte protobuf file holds (inputs.pb, outputs.pb, a literal, a type, an interface).
    #[command(
        after_help = "Examples:\n  flyte-types inspect outputs.pb\n  flyte-types inspect --json inputs.pb\n  flyte-types inspect --as type some.pb"
    )]
    Inspect(inspect::Args),
    /// Print a literal as canonical JSON, given its type.
    #[command(after_help = "Example:\n  flyte-types decode --type type.pb literal.pb")]
    Decode(codec::DecodeArgs),
    /// Encode canonical JSON as a literal of the given type.
    #[command(
        after_help = "Example:\n  echo '[1, 2]' | flyte-types encode --type type.pb - > literal.pb"
    )]
    Encode(codec::EncodeArgs),
    /// Flyte 2 hashes: inputs hash, interface hash, cache key (base64, alone on stdout).
    #[command(
        after_help = "Examples:\n  flyte-types hash inputs inputs.pb\n  flyte-types hash interface interface.pb\n  flyte-types hash cache-key --inputs inputs.pb --task env.fn --interface interface.pb --cache-version v1"
    )]
    Hash(hash::HashArgs),
    /// Lay out a task's inputs as files, as Flyte's CoPilot does (raw container tasks).
    #[cfg(feature = "store")]
    #[command(
        after_help = "Example:\n  flyte-types download --inputs s3://bucket/run/inputs.pb --dir /var/inputs --format json"
    )]
    Download(copilot::DownloadArgs),
    /// Read a task's outputs back from files by its interface; write outputs.pb (or error.pb).
    #[cfg(feature = "store")]
    #[command(
        after_help = "Example:\n  flyte-types upload --interface interface.pb --dir /var/outputs --outputs-path s3://bucket/run/0"
    )]
    Upload(copilot::UploadArgs),
    /// Flyte 2's UI rendering (literal_string_repr) of an inputs.pb / outputs.pb / literal, as JSON.
    Render(render::RenderArgs),
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Cast(args) => cast::run(args),
        Command::Conformance(args) => conformance::run(args),
        Command::Decode(args) => codec::decode(args),
        Command::Encode(args) => codec::encode(args),
        Command::Inspect(args) => print_result(inspect::run(args)),
        Command::Hash(args) => print_result(hash::run(args)),
        Command::Render(args) => print_result(render::run(args)),
        #[cfg(feature = "store")]
        Command::Download(args) => print_result(copilot::download(args)),
        #[cfg(feature = "store")]
        Command::Upload(args) => print_result(copilot::upload(args)),
    }
}

/// Prints a subcommand's text result, or its error on stderr with exit status 1.
fn print_result(result: Result<String, String>) -> ExitCode {
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
