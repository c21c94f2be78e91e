//! A task's failure as Flyte 2 reports it: the `ErrorDocument` in `error.pb`.
//!
//! Flyte 2 turns every exception into an `ExecutionError` (`convert_from_native_to_error`,
//! `flyte/_internal/runtime/convert.py:744-802`) and writes it as
//! `ErrorDocument{ContainerError{code, message, kind, origin}}` (`io.py:195-228`):
//!
//! | raised in Python | origin | code | recoverable |
//! | --- | --- | --- | --- |
//! | any exception in the task (`CustomError.from_exception`) | USER | the class name | yes |
//! | `flyte.errors.NonRecoverableError(msg)` | USER | `NonRecoverableError` | no |
//! | `RuntimeUserError(code, msg)` (e.g. `InlineIOMaxBytesBreached`) | USER | its code | yes |
//! | `RuntimeSystemError(code, msg)` | SYSTEM | its code | yes |
//! | `RuntimeUnknownError(code, msg)`, any other exception outside the task | UNKNOWN | code / class name | yes |
//!
//! [`TaskError`] carries exactly those four fields. `?` on any `std::error::Error` gives the
//! first row, with the Rust type's name as the code.

use crate::Error;
use crate::idl::core::{ContainerError, ErrorDocument, ExecutionError, container_error};

/// Where a failure comes from (`ExecutionError.ErrorKind`, `ContainerError.origin`).
pub use crate::idl::core::execution_error::ErrorKind as ErrorOrigin;

/// A task's failure: what `error.pb` holds. Build one with [`TaskError::user`],
/// [`TaskError::non_recoverable`], [`TaskError::system`], or `?` / `.into()` from any error
/// (USER origin, recoverable, the type's name as code, as Python's `CustomError.from_exception`).
///
/// Deliberately not a `std::error::Error` itself, so that every error converts into it (the
/// shape of `anyhow::Error`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskError {
    origin: ErrorOrigin,
    code: String,
    message: String,
    recoverable: bool,
}

impl TaskError {
    /// A user error (`flyte.errors.RuntimeUserError(code, message)`): retried if the task has
    /// retries.
    pub fn user(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(ErrorOrigin::User, code, message, true)
    }

    /// A user error that no retry can fix (`flyte.errors.NonRecoverableError(message)`): code
    /// `NonRecoverableError`, the engine skips retries.
    pub fn non_recoverable(message: impl Into<String>) -> Self {
        Self::new(ErrorOrigin::User, "NonRecoverableError", message, false)
    }

    /// A system error (`flyte.errors.RuntimeSystemError(code, message)`).
    pub fn system(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(ErrorOrigin::System, code, message, true)
    }

    /// An error of unknown origin (`RuntimeUnknownError`, or any Python exception raised
    /// outside the task function).
    pub fn unknown(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(ErrorOrigin::Unknown, code, message, true)
    }

    /// Any combination of the four fields.
    pub fn new(
        origin: ErrorOrigin,
        code: impl Into<String>,
        message: impl Into<String>,
        recoverable: bool,
    ) -> Self {
        TaskError {
            origin,
            code: code.into(),
            message: message.into(),
            recoverable,
        }
    }

    /// The same error, retried or not.
    pub fn with_recoverable(mut self, recoverable: bool) -> Self {
        self.recoverable = recoverable;
        self
    }

    /// USER, SYSTEM or UNKNOWN.
    pub fn origin(&self) -> ErrorOrigin {
        self.origin
    }

    /// The error code (Python: the exception's class name or its `code`).
    pub fn code(&self) -> &str {
        &self.code
    }

    /// The message (Python: `str(exception)`).
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Whether the engine may retry (`ContainerError.kind` RECOVERABLE).
    pub fn recoverable(&self) -> bool {
        self.recoverable
    }

    /// The `ErrorDocument` Flyte 2's `upload_error` writes for this error.
    pub fn to_error_document(&self) -> ErrorDocument {
        let kind = if self.recoverable {
            container_error::Kind::Recoverable
        } else {
            container_error::Kind::NonRecoverable
        };
        ErrorDocument {
            error: Some(ContainerError {
                code: self.code.clone(),
                message: self.message.clone(),
                kind: kind as i32,
                origin: self.origin as i32,
            }),
        }
    }

    /// The error an `ErrorDocument` holds, read as Flyte 2's `load_error` reads it: a
    /// server-injected code prefix (`RetriesExhausted|<code>`) is dropped; a document without an
    /// error is a SYSTEM error with code `Unknown` ("Received unloadable error from path …").
    pub fn from_error_document(doc: &ErrorDocument, path: &str) -> Self {
        match &doc.error {
            Some(e) => {
                let code = match e.code.split_once('|') {
                    Some((_server, user)) => user.trim(),
                    None => e.code.trim(),
                };
                TaskError {
                    origin: ErrorOrigin::try_from(e.origin).unwrap_or(ErrorOrigin::Unknown),
                    code: code.to_string(),
                    message: e.message.clone(),
                    recoverable: e.kind == container_error::Kind::Recoverable as i32,
                }
            }
            None => Self::system(
                "Unknown",
                format!("Received unloadable error from path {path}"),
            ),
        }
    }

    /// The `ExecutionError` `convert_from_native_to_error` builds (no `worker`, no timestamp).
    pub fn to_execution_error(&self) -> ExecutionError {
        ExecutionError {
            code: self.code.clone(),
            message: self.message.clone(),
            kind: self.origin as i32,
            ..Default::default()
        }
    }
}

impl TaskError {
    /// A panic in the task function, reported as Python reports an exception raised by the
    /// task: USER origin, recoverable, code `Panic`.
    pub fn from_panic(message: &str) -> Self {
        TaskError::user("Panic", message)
    }

    /// How Flyte 2 classifies the failure its runtime meets at the same point (the exception
    /// it raises there, through `convert_from_native_to_error`):
    ///
    /// | failure | origin, code |
    /// | --- | --- |
    /// | inputs or outputs beyond `max_inline_io_bytes` | USER, `InlineIOMaxBytesBreached` |
    /// | a required input missing (Python: the task call raises) | USER, `TypeError` |
    /// | truncated or corrupt protobuf | UNKNOWN, `DecodeError` |
    /// | an input or output that does not convert | UNKNOWN, `TypeTransformerFailedError` |
    /// | more inputs than declared, an unknown input | UNKNOWN, `Error` / `KeyError` |
    /// | no object, no permission, other storage failures | UNKNOWN, `FileNotFoundError` / `PermissionError` / `OSError` |
    /// | unusable `a0` arguments | SYSTEM, `MalformedCommand` |
    ///
    /// All recoverable, as in the SDK. The message is the error's text.
    pub fn from_task_io(error: &Error) -> Self {
        use crate::ErrorKind;
        use crate::storage::StoreErrorKind;
        use crate::taskio::TaskIoErrorKind;
        let message = error.to_string();
        let code = match error.kind() {
            ErrorKind::TaskIo(kind) => match kind {
                TaskIoErrorKind::InputsTooLarge { .. }
                | TaskIoErrorKind::OutputsTooLarge { .. } => {
                    return TaskError::user("InlineIOMaxBytesBreached", message);
                }
                TaskIoErrorKind::MissingRequired { .. } => {
                    return TaskError::user("TypeError", message);
                }
                TaskIoErrorKind::Arguments { .. } => {
                    return TaskError::system("MalformedCommand", message);
                }
                TaskIoErrorKind::Decode { .. }
                | TaskIoErrorKind::Truncated
                | TaskIoErrorKind::WrongMessage { .. } => "DecodeError",
                TaskIoErrorKind::TooManyInputs { .. } | TaskIoErrorKind::DuplicateInput { .. } => {
                    "Error"
                }
                TaskIoErrorKind::UnknownInput { .. } => "KeyError",
                TaskIoErrorKind::Io { .. } => "OSError",
                _ => "TypeTransformerFailedError",
            },
            ErrorKind::Store(StoreErrorKind::NotFound { .. }) => "FileNotFoundError",
            ErrorKind::Store(StoreErrorKind::PermissionDenied { .. }) => "PermissionError",
            ErrorKind::Store(_) => "OSError",
            ErrorKind::Protobuf { .. } | ErrorKind::Wire { .. } => "DecodeError",
            _ => "TypeTransformerFailedError",
        };
        TaskError::unknown(code, message)
    }
}

impl std::fmt::Display for TaskError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let origin = match self.origin {
            ErrorOrigin::User => "user",
            ErrorOrigin::System => "system",
            ErrorOrigin::Unknown => "unknown",
        };
        let retry = if self.recoverable {
            "recoverable"
        } else {
            "not recoverable"
        };
        write!(
            f,
            "{} ({origin} error, {retry}): {}",
            self.code, self.message
        )
    }
}

impl<E: std::error::Error + Send + Sync + 'static> From<E> for TaskError {
    /// Python's `CustomError.from_exception`: USER origin, recoverable, the type's name (last
    /// path segment, without generics) as the code; the message is the error and its sources,
    /// joined by `": "`.
    fn from(error: E) -> Self {
        let mut message = error.to_string();
        let mut source = error.source();
        while let Some(cause) = source {
            message.push_str(": ");
            message.push_str(&cause.to_string());
            source = cause.source();
        }
        TaskError::user(short_type_name::<E>(), message)
    }
}

/// `std::num::ParseIntError` -> `ParseIntError`; `a::B<c::D>` -> `B`.
fn short_type_name<T>() -> &'static str {
    let full = std::any::type_name::<T>();
    let base = full.split('<').next().unwrap_or(full);
    base.rsplit("::").next().unwrap_or(base)
}
