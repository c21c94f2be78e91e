//! `flyte-types hash`: the inputs hash, interface hash and cache key of Flyte 2, printed as the
//! base64 string alone on stdout.

use clap::{Args, Subcommand};
use flyte_types::hash;
use flyte_types::idl::core::TypedInterface;
use flyte_types::idl::task::Inputs;
use flyte_types::taskio;
use prost::Message;
use std::path::{Path, PathBuf};

/// Arguments of `flyte-types hash`.
#[derive(Args)]
pub struct HashArgs {
    #[command(subcommand)]
    what: HashCommand,
}

#[derive(Subcommand)]
enum HashCommand {
    /// The inputs hash of an inputs.pb (flyteidl2.task.Inputs); "" (an empty line) for no inputs.
    #[command(after_help = "Example:\n  flyte-types hash inputs run/a0/inputs.pb --ignore ts")]
    Inputs {
        /// The inputs.pb file.
        inputs: PathBuf,
        /// An input to leave out (Cache(ignored_inputs=...)); repeatable.
        #[arg(long = "ignore", value_name = "NAME")]
        ignore: Vec<String>,
    },
    /// The interface hash of a serialized flyteidl2.core.TypedInterface.
    #[command(after_help = "Example:\n  flyte-types hash interface interface.pb")]
    Interface {
        /// The TypedInterface file (binary protobuf).
        interface: PathBuf,
    },
    /// The cache key: sha256 of inputs hash + task name + interface hash + cache version.
    #[command(
        after_help = "Example:\n  flyte-types hash cache-key --inputs inputs.pb --task my_env.my_task \\\n      --interface interface.pb --cache-version v1 --ignore ts"
    )]
    CacheKey {
        /// The inputs.pb file.
        #[arg(long, value_name = "INPUTS.pb")]
        inputs: PathBuf,
        /// The task name, "<environment name>.<function name>".
        #[arg(long, value_name = "NAME")]
        task: String,
        /// The TypedInterface file (binary protobuf).
        #[arg(long, value_name = "INTERFACE.pb")]
        interface: PathBuf,
        /// The cache version (the task's discovery_version, e.g. the version_override).
        #[arg(long, value_name = "V", allow_hyphen_values = true)]
        cache_version: String,
        /// An input to leave out (Cache(ignored_inputs=...)); repeatable.
        #[arg(long = "ignore", value_name = "NAME")]
        ignore: Vec<String>,
    },
}

/// Runs `hash`; the line to print on success.
pub fn run(args: HashArgs) -> Result<String, String> {
    match args.what {
        HashCommand::Inputs { inputs, ignore } => {
            let inputs = read_inputs(&inputs)?;
            Ok(if ignore.is_empty() {
                hash::inputs_hash_from_proto(&inputs)
            } else {
                hash::filtered_inputs_hash(&inputs, &ignore)
            })
        }
        HashCommand::Interface { interface } => {
            Ok(hash::interface_hash(&read_interface(&interface)?))
        }
        HashCommand::CacheKey {
            inputs,
            task,
            interface,
            cache_version,
            ignore,
        } => {
            let inputs = read_inputs(&inputs)?;
            let interface = read_interface(&interface)?;
            Ok(hash::cache_key(
                &task,
                &inputs,
                &interface,
                &cache_version,
                &ignore,
            ))
        }
    }
}

fn read(path: &Path) -> Result<Vec<u8>, String> {
    crate::codec::read_input(path)
}

fn read_inputs(path: &Path) -> Result<Inputs, String> {
    let bytes = read(path)?;
    let inputs = taskio::decode_inputs(&bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    check_no_unknown_fields(&bytes, &inputs, path, "flyteidl2.task.Inputs")?;
    Ok(inputs)
}

fn read_interface(path: &Path) -> Result<TypedInterface, String> {
    let bytes = read(path)?;
    let hint = "pass a serialized flyteidl2.core.TypedInterface (the task template's interface)";
    let iface = TypedInterface::decode(bytes.as_slice()).map_err(|e| {
        format!(
            "{}: not a TypedInterface ({e}); the file is truncated or another message: {hint}",
            path.display()
        )
    })?;
    check_no_unknown_fields(&bytes, &iface, path, "flyteidl2.core.TypedInterface")?;
    let names_ok = [&iface.inputs, &iface.outputs]
        .into_iter()
        .flatten()
        .flat_map(|m| &m.variables)
        .all(|v| !v.key.is_empty() && !v.key.chars().any(char::is_control) && v.value.is_some());
    if !names_ok {
        return Err(format!(
            "{}: this is not a TypedInterface (variable names hold binary data); {hint}",
            path.display()
        ));
    }
    Ok(iface)
}

/// The SDK hashes what upb re-serializes, unknown fields included; prost drops them. A file with
/// fields the message does not define is most likely another message: refuse it.
fn check_no_unknown_fields<M: Message + prost::Name + 'static>(
    bytes: &[u8],
    decoded: &M,
    path: &Path,
    name: &str,
) -> Result<(), String> {
    let canonical = flyte_types::wire::canonicalize(bytes, name)
        .map_err(|e| format!("{}: not a valid {name}: {e}", path.display()))?;
    if canonical != flyte_types::wire::encode_canonical(decoded) {
        return Err(format!(
            "{}: the file holds fields that {name} does not define; is it the right file (a {name})?",
            path.display()
        ));
    }
    Ok(())
}
