//! The typed entry point (feature `runtime`): one call runs the whole `a0` contract for a task
//! function, the way Flyte 2's `load_and_run_task` / `extract_download_run_upload` do.

use super::io::{
    PathRewrite, apply_kickoff_time, custom_context, load_inputs, write_error, write_outputs,
};
use super::{A0Args, PATH_REWRITE_ENV, TaskError};
use crate::Error;
use crate::engine::FlyteInputs;
use crate::io::Store;
use crate::taskio::{IntoOutputs, to_outputs};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::process::ExitCode;
use std::sync::Mutex;

/// What a running task may want besides its inputs.
#[derive(Debug)]
pub struct TaskContext {
    /// The `a0` arguments.
    pub args: A0Args,
    /// The store, with the raw-data path (`--raw-data-path`) as its prefix: where a task puts
    /// the files, folders and dataframes it returns.
    pub store: Store,
    /// The user's custom context from `Inputs.context` (reserved keys removed).
    pub custom_context: Vec<(String, String)>,
}

/// How to run a task: limits, and the store. [`run`] is `Task::new().run(f)`.
#[derive(Debug, Default)]
pub struct Task {
    max_inline_io_bytes: Option<u64>,
    store: Option<Store>,
}

impl Task {
    /// No size limits (Flyte 2's runtime reads `inputs.pb` and writes `outputs.pb` without
    /// one), the store from the environment ([`Store::from_env`]: `AWS_*`, `FLYTE_AWS_*`,
    /// `GOOGLE_*`, `AZURE_*`, …, with the raw-data path as its prefix).
    pub fn new() -> Self {
        Self::default()
    }

    /// Refuse `inputs.pb` and `outputs.pb` longer than `bytes` (the task's
    /// `max_inline_io_bytes`; Flyte's default is
    /// [`DEFAULT_MAX_INLINE_IO_BYTES`](crate::io::DEFAULT_MAX_INLINE_IO_BYTES)), with Flyte 2's
    /// `InlineIOMaxBytesBreached` user error.
    pub fn max_inline_io_bytes(mut self, bytes: u64) -> Self {
        self.max_inline_io_bytes = Some(bytes);
        self
    }

    /// Use this store instead of one configured from the environment (its raw-data prefix
    /// stays as configured).
    pub fn with_store(mut self, store: Store) -> Self {
        self.store = Some(store);
        self
    }

    /// Runs `task` under the `a0` contract of this process's arguments and environment; see
    /// [`Task::run_with_context`].
    pub fn run<I, O, F>(self, task: F) -> ExitCode
    where
        I: FlyteInputs,
        O: IntoOutputs,
        F: FnOnce(I) -> Result<O, TaskError>,
    {
        self.run_with_context(|inputs, _: &TaskContext| task(inputs))
    }

    /// Runs `task` under the `a0` contract: parses the arguments, reads `inputs.pb` (kickoff
    /// time applied, path rewrite of `_F_PATH_REWRITE`), converts it to `I`, calls `task`, and
    /// writes `outputs.pb` — or `error.pb` when anything fails: an `Err`, a panic in `task`, an
    /// unreadable, truncated or oversized `inputs.pb`, a missing input or one of the wrong type,
    /// outputs that do not convert or are too large. Failures are classified as Flyte 2
    /// classifies the exception its runtime raises at the same point
    /// ([`TaskError::from_task_io`]).
    ///
    /// Exit status, as Flyte 2's runtime: 0 once `outputs.pb` or `error.pb` is written (a task
    /// failure travels in `error.pb`); 1 when neither could be written; 2 when the arguments
    /// give no outputs path to write to.
    pub fn run_with_context<I, O, F>(self, task: F) -> ExitCode
    where
        I: FlyteInputs,
        O: IntoOutputs,
        F: FnOnce(I, &TaskContext) -> Result<O, TaskError>,
    {
        let argv: Vec<String> = std::env::args().skip(1).collect();
        let args = match A0Args::parse(argv.clone(), |k| std::env::var(k).ok()) {
            Ok(args) => args,
            Err(e) => return self.fail_before_start(&argv, e),
        };
        let tokio = match tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
        {
            Ok(rt) => rt,
            Err(e) => {
                eprintln!("flyte-types runtime: cannot start the async runtime: {e}");
                return ExitCode::FAILURE;
            }
        };
        let store = match self.store {
            Some(store) => store,
            None => match store_from_env(&args) {
                Ok(store) => store,
                Err(e) => {
                    eprintln!("flyte-types runtime: cannot configure storage: {e}");
                    return ExitCode::FAILURE;
                }
            },
        };
        let outputs_prefix = args.outputs_path.clone();
        let limit = self.max_inline_io_bytes;
        install_panic_recorder();
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            tokio.block_on(async {
                let (inputs, context) = read_inputs::<I>(&store, args, limit).await?;
                let context = TaskContext { store, ..context };
                let returned = match catch_unwind(AssertUnwindSafe(|| task(inputs, &context))) {
                    Ok(result) => result?,
                    Err(payload) => return Err(TaskError::from_panic(&panic_message(payload))),
                };
                let outputs = to_outputs(returned).map_err(|e| TaskError::from_task_io(&e))?;
                write_outputs(&context.store, &outputs_prefix, &outputs, limit)
                    .await
                    .map_err(|e| TaskError::from_task_io(&e))?;
                Ok::<Store, TaskError>(context.store)
            })
        }));
        let error = match outcome {
            Ok(Ok(_)) => return ExitCode::SUCCESS,
            Ok(Err(error)) => error,
            Err(payload) => TaskError::from_panic(&panic_message(payload)),
        };
        eprintln!("flyte-types runtime: the task failed: {error}");
        let store = match store_from_env_prefix(&outputs_prefix) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("flyte-types runtime: cannot write error.pb: {e}");
                return ExitCode::FAILURE;
            }
        };
        match tokio.block_on(write_error(&store, &outputs_prefix, &error)) {
            Ok(uri) => {
                eprintln!("flyte-types runtime: wrote {uri}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("flyte-types runtime: cannot write error.pb: {e}");
                ExitCode::FAILURE
            }
        }
    }

    /// The arguments cannot be used: error.pb when they name an outputs path, else exit 2 (as
    /// click's usage error).
    fn fail_before_start(self, argv: &[String], e: Error) -> ExitCode {
        eprintln!("flyte-types runtime: {e}");
        let Some(prefix) = super::args::outputs_path_in(argv) else {
            return ExitCode::from(2);
        };
        let error = TaskError::from_task_io(&e);
        let written = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| e.to_string())
            .and_then(|rt| {
                let store = match self.store {
                    Some(s) => s,
                    None => store_from_env_prefix(&prefix).map_err(|e| e.to_string())?,
                };
                rt.block_on(write_error(&store, &prefix, &error))
                    .map_err(|e| e.to_string())
            });
        match written {
            Ok(_) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("flyte-types runtime: cannot write error.pb: {e}");
                ExitCode::FAILURE
            }
        }
    }
}

/// Runs `task` under the `a0` contract with the defaults of [`Task::new`]; the whole `main` of
/// a Rust task:
///
/// ```no_run
/// use flyte_types::runtime::{self, TaskError};
///
/// #[derive(flyte_types::engine::FlyteInputs)]
/// struct Inputs {
///     xs: Vec<i64>,
/// }
///
/// fn main() -> std::process::ExitCode {
///     runtime::run(|inputs: Inputs| -> Result<i64, TaskError> { Ok(inputs.xs.iter().sum()) })
/// }
/// ```
pub fn run<I, O, F>(task: F) -> ExitCode
where
    I: FlyteInputs,
    O: IntoOutputs,
    F: FnOnce(I) -> Result<O, TaskError>,
{
    Task::new().run(task)
}

/// Loads and converts the inputs; the context gets a placeholder store (replaced by the
/// caller, which owns the real one).
async fn read_inputs<I: FlyteInputs>(
    store: &Store,
    args: A0Args,
    limit: Option<u64>,
) -> Result<(I, TaskContext), TaskError> {
    let classify = |e: Error| TaskError::from_task_io(&e);
    let rewrite = match std::env::var(PATH_REWRITE_ENV) {
        Ok(pattern) if !pattern.is_empty() => {
            let rewrite = PathRewrite::parse(&pattern).map_err(classify)?;
            // As the SDK: a rewrite whose target is not there (not mounted) is not applied.
            rewrite_target_exists(&rewrite.new_prefix)
                .await
                .then_some(rewrite)
        }
        _ => None,
    };
    let mut inputs = load_inputs(store, &args.inputs, limit, rewrite.as_ref())
        .await
        .map_err(classify)?;
    apply_kickoff_time(&mut inputs, args.run_start_time());
    let value = crate::taskio::inputs_to_value::<I>(&inputs).map_err(classify)?;
    let custom_context = custom_context(&inputs)
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let context = TaskContext {
        args,
        store: store.clone(),
        custom_context,
    };
    Ok((value, context))
}

/// Whether a rewrite's target is there. Local targets (the mounted copy the SDK expects) are
/// checked; a remote prefix is taken as present, since listing it could mean listing a whole
/// dataset.
async fn rewrite_target_exists(prefix: &str) -> bool {
    if crate::io::uri::is_local(prefix) {
        let path = prefix.strip_prefix("file://").unwrap_or(prefix);
        return std::path::Path::new(path).exists();
    }
    true
}

/// The store of the raw-data path (the run base dir when there is none).
fn store_from_env(args: &A0Args) -> Result<Store, crate::Error> {
    let prefix = args.raw_data_path.as_deref().unwrap_or(&args.run_base_dir);
    store_from_env_prefix(prefix)
}

/// Storage configured from the environment as Flyte 2's is (`StoreConfig::from_env`).
fn store_from_env_prefix(prefix: &str) -> Result<Store, crate::Error> {
    Store::from_env(Some(prefix))
}

/// The last panic's location and message, recorded by the hook for error.pb.
static LAST_PANIC: Mutex<Option<String>> = Mutex::new(None);

/// Records each panic's `file:line:col: message` (then runs the previous hook, which prints it).
fn install_panic_recorder() {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let location = info
                .location()
                .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()))
                .unwrap_or_else(|| "an unknown place".into());
            let message = payload_text(info.payload());
            if let Ok(mut last) = LAST_PANIC.lock() {
                *last = Some(format!("task panicked at {location}: {message}"));
            }
            previous(info);
        }));
    });
}

fn panic_message(payload: Box<dyn std::any::Any + Send>) -> String {
    LAST_PANIC
        .lock()
        .ok()
        .and_then(|mut last| last.take())
        .unwrap_or_else(|| format!("task panicked: {}", payload_text(payload.as_ref())))
}

fn payload_text(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        s.to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "a non-string panic payload".into()
    }
}
