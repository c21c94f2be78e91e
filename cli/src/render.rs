//! `flyte-types render`: Flyte 2's UI rendering (`literal_string_repr`) of a task I/O file or a
//! single literal, as JSON.

use clap::{Args, ValueEnum};
use flyte_types::idl::core::Literal;
use flyte_types::render;
use flyte_types::taskio::{self, FileKind};
use prost::Message;
use std::path::{Path, PathBuf};

/// Arguments of `flyte-types render`.
#[derive(Args)]
#[command(
    after_help = "Examples:\n  flyte-types render run/a0/inputs.pb\n  flyte-types render outputs.pb --as outputs\n  flyte-types render literal.pb --as literal"
)]
pub struct RenderArgs {
    /// inputs.pb, outputs.pb, a flytekit v1 LiteralMap file, or (with --as literal) a Literal.
    file: PathBuf,
    /// What the file holds; detected when omitted (a Literal must be named with --as literal).
    #[arg(long = "as", value_enum)]
    kind: Option<Kind>,
}

#[derive(Clone, Copy, ValueEnum)]
enum Kind {
    Inputs,
    Outputs,
    LiteralMap,
    Literal,
}

/// Runs `render`; the JSON text to print on success.
pub fn run(args: RenderArgs) -> Result<String, String> {
    let path = &args.file;
    let rendered = match args.kind {
        Some(Kind::Literal) => {
            let bytes = crate::codec::read_input(path)?;
            let lit = Literal::decode(bytes.as_slice()).map_err(|e| {
                format!("{}: not a flyteidl2.core.Literal ({e}); the file is truncated or another message", path.display())
            })?;
            render::render_literal(&lit)
        }
        other => {
            let hint = other.map(|k| match k {
                Kind::Inputs => FileKind::Inputs,
                Kind::Outputs => FileKind::Outputs,
                _ => FileKind::LiteralMap,
            });
            let file = if path == Path::new("-") {
                taskio::read(&crate::codec::read_input(path)?, hint)
            } else {
                taskio::read_path(path, hint)
            };
            let file = file.map_err(|e| match e.kind() {
                flyte_types::ErrorKind::TaskIo(taskio::TaskIoErrorKind::WrongMessage { .. })
                    if hint.is_none() =>
                {
                    format!("{}: {e} (for a single Literal, add --as literal)", path.display())
                }
                _ => format!("{}: {e}", path.display()),
            })?;
            render::render_file(&file)
        }
    }
    .map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::to_string_pretty(&rendered).map_err(|e| e.to_string())
}
