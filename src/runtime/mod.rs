//! Running a Rust program as a Flyte 2 task (feature `store`; the typed entry point
//! [`run`] needs feature `runtime`).
//!
//! A Flyte 2 task container is started as `<program> a0 --inputs URI --outputs-path PREFIX
//! --version V --run-base-dir DIR …` ([`A0Args`]). It reads `inputs.pb`, runs, and writes
//! either `<PREFIX>/outputs.pb` or `<PREFIX>/error.pb` (an `ErrorDocument`, [`TaskError`]),
//! then exits 0: a task's failure travels in `error.pb`. The pieces, usable one by one:
//!
//! - [`A0Args`]: the command line and its environment fallbacks;
//! - [`load_inputs`], [`write_outputs`], [`write_error`] (and [`load_outputs`],
//!   [`load_error`]): the files by uri over an [`crate::io::Store`], same names and bytes as
//!   Flyte 2's `flyte/_internal/runtime/io.py`;
//! - [`TaskError`]: the failure, classified as Flyte 2 classifies it;
//! - [`run`] / [`Task`] (feature `runtime`): all of the above around a typed function.
//!
//! Where this differs from Flyte 2's Python runtime, knowingly: it never downloads code
//! bundles, starts no controller (a Rust task cannot launch sub-actions through it), does not
//! handle clustered (JobSet) workers, and where the SDK would crash without `error.pb` (a
//! corrupt `inputs.pb`, an input of the wrong type) it writes `error.pb` classified as the SDK
//! classifies that exception.

mod args;
#[cfg(feature = "runtime")]
mod entry;
mod error;
mod io;

pub use args::{
    A0Args, ACTION_NAME_ENV, DOMAIN_ENV, ORG_ENV, PATH_REWRITE_ENV, PROJECT_ENV, RUN_BASE_DIR_ENV,
    RUN_NAME_ENV,
};
#[cfg(feature = "runtime")]
pub use entry::{Task, TaskContext, run};
pub use error::{ErrorOrigin, TaskError};
pub use io::read_inputs;
pub use io::{
    ERROR_FILE_NAME, INPUTS_FILE_NAME, KICKOFF_TIME_INPUT_ARG_CONTEXT_KEY, OUTPUTS_FILE_NAME,
    PRODUCED_ARTIFACTS_CONTEXT_KEY, PathRewrite, RESERVED_CONTEXT_KEYS, apply_kickoff_time,
    custom_context, error_uri, load_error, load_inputs, load_outputs, outputs_uri, write_error,
    write_outputs,
};
