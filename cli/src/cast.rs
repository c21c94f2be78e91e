//! `flyte-types cast`: propeller's castability rules on protobuf files.

use flyte_types::cast::{describe_type, is_castable, literal_type_of};
use flyte_types::idl::core::{Literal, LiteralType};
use prost::Message;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Check whether an upstream type (or a literal's inferred type) can feed a downstream type, by
/// flytepropeller's rules.
///
/// Prints `castable` and exits 0, or prints `not castable: REASON` and exits 1. A file that
/// cannot be read or decoded (or a literal whose type cannot be inferred) is reported on stderr
/// with exit status 2.
#[derive(clap::Args)]
#[command(after_help = "\
Examples:
  flyte-types cast up/type.pb down/type.pb
  flyte-types cast --literal case/literal.pb case/type.pb

UP_TYPE.pb and DOWN_TYPE.pb are binary flyteidl2.core.LiteralType messages; LITERAL.pb is a
binary flyteidl2.core.Literal (its type is inferred as propeller's LiteralTypeForLiteral does).")]
pub struct Args {
    /// Read the first file as a Literal and check its inferred type.
    #[arg(long)]
    literal: bool,
    /// Upstream LiteralType (or Literal with --literal), binary protobuf.
    #[arg(value_name = "UP_TYPE.pb")]
    upstream: PathBuf,
    /// Downstream LiteralType, binary protobuf.
    #[arg(value_name = "DOWN_TYPE.pb")]
    downstream: PathBuf,
}

fn read<M: Message + Default>(path: &Path, what: &str) -> Result<M, String> {
    let bytes = crate::codec::read_input(path)?;
    M::decode(bytes.as_slice())
        .map_err(|e| crate::codec::not_a(path, &format!("binary {what}"), &bytes, &e))
}

fn load(args: &Args) -> Result<(LiteralType, LiteralType), String> {
    let upstream = if args.literal {
        let lit: Literal = read(&args.upstream, "flyteidl2.core.Literal")?;
        literal_type_of(&lit)
            .map_err(|e| format!("cannot infer the type of {}: {e}", args.upstream.display()))?
    } else {
        read(&args.upstream, "flyteidl2.core.LiteralType")?
    };
    let downstream = read(&args.downstream, "flyteidl2.core.LiteralType")?;
    Ok((upstream, downstream))
}

pub fn run(args: Args) -> ExitCode {
    let (upstream, downstream) = match load(&args) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    match is_castable(&upstream, &downstream) {
        Ok(()) => {
            println!("castable");
            ExitCode::SUCCESS
        }
        Err(e) if e.is_limit() => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
        Err(e) => {
            println!("not castable: {e}");
            if args.literal {
                println!("inferred type: {}", describe_type(&upstream));
            }
            ExitCode::FAILURE
        }
    }
}
