//! A complete Flyte 2 task in Rust. Flyte would register its Python twin:
//!
//! ```python
//! @dataclass
//! class Summary:
//!     label: str
//!     count: int          # len(xs)
//!     total: int          # sum(xs)
//!     mean: float         # total / count
//!     heaviest: Optional[str]  # key of the largest weight; ties: the smallest key; None if weights is empty
//!
//! def summarize(xs: list[int], label: str, weights: dict[str, float] = {}) -> Summary: ...
//! ```
//!
//! Run it as Flyte 2 runs a task container:
//!
//! ```sh
//! cargo run --release --example summarize_task --features runtime -- \
//!     a0 --inputs URI --outputs-path PREFIX --version V --run-base-dir DIR [any other a0 options]
//! ```
//!
//! It writes `PREFIX/outputs.pb`, or `PREFIX/error.pb` when the task fails (an empty `xs`, a
//! sum beyond int64, inputs beyond 10 MiB, inputs that are not `summarize`'s), and exits 0.

use flyte_types::engine::{FlyteInputs, FlyteType};
use flyte_types::io::DEFAULT_MAX_INLINE_IO_BYTES;
use flyte_types::runtime::{Task, TaskError};
use std::collections::BTreeMap;
use std::process::ExitCode;

/// The task's output: a dataclass, field for field.
#[derive(Debug, FlyteType)]
struct Summary {
    label: String,
    count: i64,
    total: i64,
    mean: f64,
    heaviest: Option<String>,
}

/// The task's inputs, by name.
#[derive(FlyteInputs)]
struct Inputs {
    xs: Vec<i64>,
    label: String,
    weights: BTreeMap<String, f64>,
}

fn summarize(Inputs { xs, label, weights }: Inputs) -> Result<Summary, TaskError> {
    if xs.is_empty() {
        // Python: `raise flyte.errors.NonRecoverableError(...)`: a user error, never retried.
        return Err(TaskError::non_recoverable("xs must not be empty"));
    }
    // A sum beyond int64 is a bug here, not bad input: it panics, and the runtime reports the
    // panic in error.pb as Flyte 2 reports an exception raised by a task.
    let total = xs
        .iter()
        .try_fold(0i64, |sum, x| sum.checked_add(*x))
        .expect("the sum of xs fits in an int64");
    let count = xs.len() as i64;
    // Keys in order, so the first of equal weights is the smallest key.
    let mut heaviest: Option<(&String, f64)> = None;
    for (key, &weight) in &weights {
        if heaviest.is_none_or(|(_, best)| weight > best) {
            heaviest = Some((key, weight));
        }
    }
    Ok(Summary {
        label,
        count,
        total,
        mean: total as f64 / count as f64,
        heaviest: heaviest.map(|(key, _)| key.clone()),
    })
}

fn main() -> ExitCode {
    Task::new()
        .max_inline_io_bytes(DEFAULT_MAX_INLINE_IO_BYTES)
        .run(summarize)
}
